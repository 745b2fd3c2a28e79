//! The incentive report (see [`crate::incentives`]): an indirect provider's live subscriptions
//! for which no reseller earns incentives, or whose support contact is no longer a partner,
//! with a fix per row (the subscription's page) and in bulk (a partnered reseller assigned to
//! the chosen rows). The page is served whole and its form posts as a plain HTML form.

use crate::components::{ErrorBox, Page, Pager};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::incentives::IncentiveReport;
use crate::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub const INCENTIVES_PATH: &str = "/customers/incentives";

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::incentives::IncentiveFix;
    use crate::store::SharedStore;

    /// One page of the report, and the partnered resellers to fix rows with.
    pub async fn report(store: &SharedStore, caller: &dyn Caller, page: i64, per_page: i64) -> Result<IncentiveReport, AppError> {
        let user = crate::customers::service::provider_viewing(caller)?;
        let (page, per_page) = (page.clamp(1, crate::validate::PAGE_MAX), per_page.clamp(1, 200));
        let (rows, total) = store.incentive_gaps(user.organisation_id, page, per_page).await?;
        let resellers = store.reseller_choices(user.organisation_id).await?;
        Ok(IncentiveReport { rows, total, page, per_page, resellers })
    }

    /// Assigns a partnered reseller to the chosen subscriptions (see
    /// [`crate::store::IncentiveStore::fix_incentives`]); returns how many changed.
    pub async fn fix(store: &SharedStore, caller: &dyn Caller, fix: &IncentiveFix) -> Result<u64, AppError> {
        crate::customers::service::may_manage_customers(caller)?;
        let valid = fix.check()?;
        store.fix_incentives(&caller.actor(), &valid).await.map_err(|e| match e {
            crate::store::StoreError::Refused(crate::error::Refusal::NotPartnered) => {
                AppError::invalid("reseller_id", crate::error::Problem::NotPartneredReseller)
            }
            other => other.into(),
        })
    }
}

#[server(endpoint = "customers/incentives")]
pub async fn read_incentive_report(page: i64) -> Result<IncentiveReport, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::report(&store()?, &caller().await?, page, crate::incentives::PER_PAGE).await }.await)
}

/// The bulk fix as the page's form posts it: each chosen row's checkbox is named
/// `fix[<subscription id>]`.
#[server(endpoint = "customers/incentives/fix")]
pub async fn fix_incentives(
    fix: Option<std::collections::BTreeMap<String, String>>,
    reseller_id: String,
    support_contact_too: Option<String>,
) -> Result<u64, AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    let chosen = fix.unwrap_or_default();
    // More than a fix may hold is refused by its rule; the ids beyond are not read.
    let subscriptions = chosen.keys().take(crate::incentives::FIX_MAX + 1).map(|id| id.parse::<i64>().unwrap_or(0)).collect();
    let form = crate::incentives::IncentiveFix { subscriptions, reseller_id: reseller_id.into(), support_contact_too: support_contact_too.is_some() };
    respond(
        async {
            let changed = service::fix(&store()?, &caller().await?, &form).await?;
            redirect(&format!("{INCENTIVES_PATH}?fixed={changed}"));
            Ok(changed)
        }
        .await,
    )
}

#[component]
pub fn IncentiveReportPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let fixed = query.read_untracked().get("fixed").and_then(|n| n.parse::<u64>().ok());
    let data = Resource::new(page, read_incentive_report);
    let action = ServerAction::<FixIncentives>::new();
    let refused = action.value().get_untracked().and_then(|r| r.err());
    let locale = use_locale();
    view! {
        <Page title=Key::IncentiveReport permission=Permission::ViewCustomers>
            <p class="intro">{tr(Key::IncentiveReportIntro)}</p>
            {fixed.filter(|_| refused.is_none()).map(|n| view! {
                <p class="notice success" role="status" id="incentives-fixed">{move || locale.get().fill(Key::IncentivesFixed, &[("count", &n.to_string())])}</p>
            })}
            {refused.clone().map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(report) if report.rows.is_empty() => view! { <p class="empty">{tr(Key::IncentiveReportEmpty)}</p> }.into_any(),
                        Ok(report) => view! { <IncentiveTable report action /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn IncentiveTable(report: IncentiveReport, action: ServerAction<FixIncentives>) -> impl IntoView {
    let locale = use_locale();
    let (page, pages, total) = (report.page, report.pages(), report.total);
    let link = |p: i64| format!("{INCENTIVES_PATH}?page={p}");
    view! {
        <p role="status" id="incentive-count">{move || locale.get().fill(Key::IncentiveReportCount, &[("count", &crate::format::number(total, locale.get()))])}</p>
        <ActionForm action attr:id="incentive-fix">
            <table class="responsive incentives">
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">{tr(Key::FixSubscription)}</span></th>
                    <th scope="col">{tr(Key::CompanyName)}</th>
                    <th scope="col">{tr(Key::Subscriptions)}</th>
                    <th scope="col">{tr(Key::LicenseCount)}</th>
                    <th scope="col">{tr(Key::ResellerMpnId)}</th>
                    <th scope="col">{tr(Key::DesignatedSupportContact)}</th>
                    <th scope="col">{tr(Key::IncentiveGaps)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(Key::FixSubscription)}</span></th>
                </tr></thead>
                <tbody>
                    {report.rows.into_iter().map(|row| {
                        let checkbox = format!("fix-{}", row.id);
                        let name = format!("{} · {}", row.customer_name, row.subscription_name);
                        let href = format!("/customers/{}/subscriptions/{}", row.customer_id, row.id);
                        view! {
                            <tr>
                                <td>
                                    <input type="checkbox" id=checkbox name=format!("fix[{}]", row.id) value="on"
                                        aria-label=move || locale.get().fill(Key::ChooseSubscription, &[("name", &name)]) />
                                </td>
                                <td data-label=tr(Key::CompanyName)>{row.customer_name.clone()}</td>
                                <td data-label=tr(Key::Subscriptions)>{row.subscription_name.clone()}</td>
                                <td data-label=tr(Key::LicenseCount)>{crate::components::show_number(row.license_count)}</td>
                                <td data-label=tr(Key::ResellerMpnId)>{row.reseller_of_record_name.clone().unwrap_or_else(|| "—".into())}</td>
                                <td data-label=tr(Key::DesignatedSupportContact)>{row.support_contact_name.clone().unwrap_or_else(|| "—".into())}</td>
                                <td data-label=tr(Key::IncentiveGaps)>
                                    <ul class="gaps">
                                        {row.gaps.iter().map(|g| view! { <li class="field-warning">{tr(g.key())}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td><A href=href>{tr(Key::FixSubscription)}</A></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <fieldset class="form">
                <legend>{tr(Key::AssignReseller)}</legend>
                <label for="fix-reseller">{tr(Key::ResellerName)}</label>
                <select id="fix-reseller" name="reseller_id" required=true>
                    <option value="">{tr(Key::ChooseReseller)}</option>
                    {report.resellers.into_iter().map(|r| view! { <option value=r.id.to_string()>{format!("{} ({})", r.name, r.mpn_id)}</option> }).collect_view()}
                </select>
                <label class="check" for="fix-support">
                    <input type="checkbox" id="fix-support" name="support_contact_too" value="on" />
                    <span>{tr(Key::AlsoSupportContact)}</span>
                </label>
                <button type="submit" class="primary">{tr(Key::AssignResellerButton)}</button>
            </fieldset>
        </ActionForm>
        <Pager page pages previous=link(page - 1) next=link(page + 1) />
    }
}
