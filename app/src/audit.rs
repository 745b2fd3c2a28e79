//! Settings > Audit log: every change of the organisation (who, what action, which record, a
//! summary, when, from which address), filtered by user, action, record and date, and
//! exported as CSV with the same filters.

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::audit::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Reading the audit log, for the page, its CSV export and the REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// Whether the caller may read the audit log (asked before a filter's rules are applied
    /// to what they sent; [`entries`] asks again).
    pub fn may_read(caller: &dyn Caller) -> Result<&crate::auth::CurrentUser, AppError> {
        caller.require(Permission::ViewAuditLog)
    }

    /// The entries the filter selects, newest first, from `offset` (at most `limit`), and how
    /// many it selects in all.
    pub async fn entries(
        store: &SharedStore,
        caller: &dyn Caller,
        query: &AuditQuery,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditLine>, i64), AppError> {
        let user = may_read(caller)?;
        Ok(store.audit_entries(user.organisation_id, query, limit, offset).await?)
    }

    /// The entries the filter selects, newest first (at most [`AUDIT_EXPORT_MAX`]), as CSV.
    pub async fn export(store: &SharedStore, caller: &dyn Caller, filter: &AuditFilter) -> Result<String, AppError> {
        // Who may not read the log learns nothing of the filter's rules.
        may_read(caller)?;
        let query = filter.check()?;
        let (lines, _) = entries(store, caller, &query, AUDIT_EXPORT_MAX, 0).await?;
        Ok(to_csv(&lines))
    }
}

#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter, page: i64) -> Result<AuditPage, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let (store, caller) = (store()?, caller().await?);
            // Who may not read the log learns nothing of the filter's rules.
            service::may_read(&caller)?;
            let query = filter.check()?;
            let page = page.clamp(1, crate::validate::PAGE_MAX);
            let (lines, total) = service::entries(&store, &caller, &query, AUDIT_PER_PAGE, (page - 1) * AUDIT_PER_PAGE).await?;
            let user = caller.user;
            Ok(AuditPage {
                lines,
                total,
                page,
                per_page: AUDIT_PER_PAGE,
                users: store.users_of(user.organisation_id).await?.into_iter().map(|u| (u.id, u.name)).collect(),
                actions: store.audit_actions(user.organisation_id).await?,
            })
        }
        .await,
    )
}

/// Settings > Audit log.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        AuditFilter {
            user: q.get("user").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            record: q.get("record").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        }
    };
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (filter(), page()), |(f, p)| list_audit(f, p));
    view! {
        <Page title=Key::NavAuditLog permission=Permission::ViewAuditLog>
            <p class="intro">{tr(Key::AuditIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let data = match data.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let f = filter();
                    let qs = f.query_string();
                    let export = format!("/settings/audit-log.csv?{qs}");
                    let pages = crate::validate::page_count(data.total, data.per_page);
                    let link = |p: i64| format!("/settings/audit-log?{qs}&page={p}");
                    let (previous, next) = (link(data.page - 1), link(data.page + 1));
                    view! {
                        <form method="get" action="/settings/audit-log" class="filters" role="search">
                            <div>
                                <label for="audit-user">{tr(Key::AuditUser)}</label>
                                <select id="audit-user" name="user">
                                    <option value="">{tr(Key::AuditAnyone)}</option>
                                    {data.users.iter().map(|(id, name)| view! {
                                        <option value=id.to_string() selected=f.user == id.to_string()>{name.clone()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div>
                                <label for="audit-action">{tr(Key::AuditAction)}</label>
                                <input id="audit-action" name="action" list="audit-actions" value=f.action.clone() autocomplete="off" />
                                <datalist id="audit-actions">
                                    {data.actions.iter().map(|a| view! { <option value=a.clone()></option> }).collect_view()}
                                </datalist>
                            </div>
                            <div>
                                <label for="audit-record">{tr(Key::AuditRecord)}</label>
                                <input id="audit-record" name="record" value=f.record.clone() autocomplete="off" />
                            </div>
                            <div>
                                <label for="audit-from">{tr(Key::AuditFrom)}</label>
                                <input id="audit-from" name="from" type="date" value=f.from.clone() />
                            </div>
                            <div>
                                <label for="audit-to">{tr(Key::AuditTo)}</label>
                                <input id="audit-to" name="to" type="date" value=f.to.clone() />
                            </div>
                            <button type="submit">{tr(Key::Search)}</button>
                        </form>
                        <p class="actions"><a class="button" href=export download="audit-log.csv">{tr(Key::ExportCsv)}</a></p>
                        {if data.lines.is_empty() {
                            view! { <p class="empty">{tr(Key::AuditEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="responsive audit">
                                    <thead><tr>
                                        <th scope="col">{tr(Key::AuditTime)}</th>
                                        <th scope="col">{tr(Key::AuditUser)}</th>
                                        <th scope="col">{tr(Key::AuditAction)}</th>
                                        <th scope="col">{tr(Key::AuditRecord)}</th>
                                        <th scope="col">{tr(Key::AuditSummary)}</th>
                                        <th scope="col">{tr(Key::AuditAddress)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {data.lines.into_iter().map(|l| view! {
                                            <tr>
                                                <td data-label=tr(Key::AuditTime)>{let at = l.at; move || crate::format::date_time(at, locale.get())}</td>
                                                <td data-label=tr(Key::AuditUser)>{l.user_name.clone().unwrap_or_else(|| "—".into())}</td>
                                                <td data-label=tr(Key::AuditAction)><code>{l.action.clone()}</code></td>
                                                <td data-label=tr(Key::AuditRecord)>{format!("{} {}", l.record_type, l.record_id)}</td>
                                                <td data-label=tr(Key::AuditSummary)>{l.summary.clone()}</td>
                                                <td data-label=tr(Key::AuditAddress)>{l.ip.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <crate::components::Pager page=data.page pages previous next />
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_a_query() {
        let q = AuditFilter { user: "7".into(), action: " offer. ".into(), record: "".into(), from: "2026-01-01".into(), to: "2026-01-01".into() }
            .check()
            .unwrap();
        assert_eq!((q.user_id, q.action.as_str()), (Some(7), "offer."));
        assert_eq!(q.from, 1_767_225_600);
        assert_eq!(q.to, 1_767_225_600 + 86_400, "the whole of the last day");
        assert!(AuditFilter { from: "yesterday".into(), ..Default::default() }.check().is_err());
        let all = AuditFilter::default().check().unwrap();
        assert_eq!((all.from, all.to), (i64::MIN, i64::MAX));
    }

    #[test]
    fn csv_quotes_cells_and_defuses_formulas() {
        let line = AuditLine {
            id: 1,
            at: 1_767_225_600,
            user_name: Some("Ana \"A\"".into()),
            action: "offer.create".into(),
            record_type: "offer".into(),
            record_id: "PO-7KQM-X4TA".into(),
            summary: "=HYPERLINK(\"x\")".into(),
            ip: None,
        };
        let csv = to_csv(&[line]);
        assert_eq!(
            csv,
            "time_utc,user,action,record_type,record_id,summary,ip\r\n\
             \"2026-01-01 00:00:00\",\"Ana \"\"A\"\"\",\"offer.create\",\"offer\",\"PO-7KQM-X4TA\",\"'=HYPERLINK(\"\"x\"\")\",\"\"\r\n"
        );
    }
}
