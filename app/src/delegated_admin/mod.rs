//! Delegated administration (see [`domain::delegated_admin`]): the organisation's GDAP
//! relationships across every customer (filtered by status and by end), one customer's
//! relationships with a request for a new one and Terminate, and the client's approval page
//! that a request's link opens. The pages are served whole; their forms post as plain HTML.

use crate::components::{show_date, CopyButtonIsland, CopyWhat, ErrorBox, NotFound, Page, Pager};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::delegated_admin::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

mod role_choice;
pub use role_choice::{role_names, roles_explained, roles_list, RoleChecks, RolePicker};

pub const DELEGATED_ADMIN_PATH: &str = "/delegated-admin";

/// A customer's relationships page.
pub fn customer_path(customer_id: i64) -> String {
    format!("/customers/{customer_id}/delegated-admin")
}

/// One customer's relationships, as its page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRelationships {
    pub customer_id: i64,
    pub customer_name: String,
    pub list: RelationshipList,
    /// The viewer may request and terminate (and the organisation is certified to request).
    pub may_manage: bool,
    pub may_request: bool,
    /// The site's address, for the approval links.
    pub origin: String,
    /// The organisation's role templates, to start a request from.
    pub templates: Vec<RoleTemplate>,
    /// The roles the customer's live subscriptions need, each with its reason (the same rule
    /// as an offer's: [`domain::delegated_admin::roles::recommended_for`]).
    #[serde(default)]
    pub recommended: Vec<(GdapRole, domain::delegated_admin::roles::Reason)>,
}

/// The organisation's role templates, as the Delegated administration page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleTemplates {
    pub templates: Vec<RoleTemplate>,
    /// The viewer may add and remove them.
    pub may_manage: bool,
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// One page of the organisation's relationships matching `filter` at `now`.
    pub async fn list(
        store: &SharedStore,
        caller: &dyn Caller,
        filter: &RelationshipFilter,
        page: i64,
        per_page: i64,
        now: i64,
    ) -> Result<RelationshipList, AppError> {
        let user = caller.require(Permission::ViewDelegatedAdmin)?;
        if let Some(customer_id) = filter.customer_id {
            store.relationship_customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        }
        let (page, per_page) = (page.clamp(1, crate::validate::PAGE_MAX), per_page.clamp(1, 200));
        let (rows, total) = store.relationships(user.organisation_id, filter, now, page, per_page).await?;
        Ok(RelationshipList { rows, total, page, per_page })
    }

    /// A customer's page: every relationship with it, newest first.
    pub async fn customer(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        page: i64,
        origin: &str,
        now: i64,
    ) -> Result<CustomerRelationships, AppError> {
        let user = caller.require(Permission::ViewDelegatedAdmin)?;
        let customer_name = store.relationship_customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        // The customer is the organisation's (read above): its relationships, a page of them.
        let filter = RelationshipFilter { customer_id: Some(customer_id), ..Default::default() };
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        let (rows, total) = store.relationships(user.organisation_id, &filter, now, page, PER_PAGE).await?;
        let mut list = RelationshipList { rows, total, page, per_page: PER_PAGE };
        let assignments = store.access_assignments(user.organisation_id, customer_id).await?;
        for row in &mut list.rows {
            row.assignments = assignments.iter().filter(|(r, _)| *r == row.id).map(|(_, a)| a.clone()).collect();
        }
        let may_manage = user.can(Permission::ManageDelegatedAdmin);
        let products = store.customer_products(user.organisation_id, customer_id).await?;
        let products: Vec<&str> = products.iter().flat_map(|(name, id)| [name.as_str(), id.as_str()]).collect();
        Ok(CustomerRelationships {
            recommended: domain::delegated_admin::roles::recommended_for(&products),
            customer_id,
            customer_name,
            list,
            may_manage,
            may_request: may_manage && user.dap_certified,
            origin: origin.to_string(),
            templates: store.role_templates(user.organisation_id).await?,
        })
    }

    /// Whether the caller may ask customers for relationships: the permission and the
    /// organisation's delegated-administration certification (the REST API asks before it
    /// reads a body).
    pub fn may_request(caller: &dyn Caller) -> Result<(), AppError> {
        let user = caller.require(Permission::ManageDelegatedAdmin)?;
        if !user.dap_certified {
            return Err(AppError::invalid("name", crate::error::Problem::NotCertified));
        }
        Ok(())
    }

    /// Asks the organisation's customer for a new relationship; returns it (waiting, with its
    /// approval link's path).
    pub async fn request(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        request: &RelationshipRequest,
        now: i64,
    ) -> Result<Relationship, AppError> {
        may_request(caller)?;
        let valid = request.check()?;
        let actor = caller.actor();
        let token = crate::tokens::new_secret_token();
        let id = store.request_relationship(&actor, customer_id, &valid, &token, now).await.map_err(|e| match e {
            crate::store::StoreError::Unique(_) => AppError::invalid("name", crate::error::Problem::GdapNameTaken),
            other => other.into(),
        })?;
        relationship(store, caller, customer_id, id, now).await
    }

    /// The organisation's relationship `id` with customer `customer_id`.
    pub async fn relationship(store: &SharedStore, caller: &dyn Caller, customer_id: i64, id: i64, now: i64) -> Result<Relationship, AppError> {
        let user = caller.require(Permission::ViewDelegatedAdmin)?;
        store.relationship(user.organisation_id, customer_id, id, now).await?.ok_or(AppError::NotFound)
    }

    /// The same, with its access assignments (one more read: only where they are shown).
    pub async fn relationship_with_assignments(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        id: i64,
        now: i64,
    ) -> Result<Relationship, AppError> {
        let user = caller.require(Permission::ViewDelegatedAdmin)?;
        let mut relationship = store.relationship(user.organisation_id, customer_id, id, now).await?.ok_or(AppError::NotFound)?;
        let assignments = store.access_assignments(user.organisation_id, customer_id).await?;
        relationship.assignments = assignments.into_iter().filter(|(r, _)| *r == id).map(|(_, a)| a).collect();
        Ok(relationship)
    }

    /// Terminates the organisation's relationship `id` (waiting, active or expiring).
    pub async fn terminate(store: &SharedStore, caller: &dyn Caller, id: i64, now: i64) -> Result<(), AppError> {
        caller.require(Permission::ManageDelegatedAdmin)?;
        store.terminate_relationship(&caller.actor(), id, now).await.map_err(AppError::from)
    }

    /// Gives a security group some of the roles of the organisation's relationship
    /// `relationship_id` with `customer_id` (waiting, active or expiring): never a role the
    /// relationship does not hold.
    pub async fn assign(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        relationship_id: i64,
        form: &AccessAssignmentForm,
        now: i64,
    ) -> Result<i64, AppError> {
        let user = caller.require(Permission::ManageDelegatedAdmin)?;
        // The text's rules before any lookup.
        form.check(&GdapRole::all().collect::<Vec<_>>())?;
        let relationship = store.relationship(user.organisation_id, customer_id, relationship_id, now).await?.ok_or(AppError::NotFound)?;
        if !relationship.status.live() {
            return Err(AppError::NotFound);
        }
        let valid = form.check(&relationship.roles)?;
        let held = store.access_assignments(user.organisation_id, customer_id).await?.iter().filter(|(r, _)| *r == relationship_id).count();
        if held >= MAX_ASSIGNMENTS {
            return Err(AppError::invalid("group_name", crate::error::Problem::TooMany { max: MAX_ASSIGNMENTS }));
        }
        store.add_access_assignment(&caller.actor(), relationship_id, &valid, now).await.map_err(|e| match e {
            crate::store::StoreError::Unique(_) => AppError::invalid("group_name", crate::error::Problem::GdapGroupTaken),
            other => other.into(),
        })
    }

    /// Removes one of the organisation's access assignments.
    pub async fn unassign(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<(), AppError> {
        caller.require(Permission::ManageDelegatedAdmin)?;
        store.remove_access_assignment(&caller.actor(), id).await.map_err(AppError::from)
    }

    /// The organisation's role templates.
    pub async fn templates(store: &SharedStore, caller: &dyn Caller) -> Result<RoleTemplates, AppError> {
        let user = caller.require(Permission::ViewDelegatedAdmin)?;
        Ok(RoleTemplates { templates: store.role_templates(user.organisation_id).await?, may_manage: user.can(Permission::ManageDelegatedAdmin) })
    }

    /// Saves a role template (at most [`MAX_TEMPLATES`], each name once).
    pub async fn add_template(store: &SharedStore, caller: &dyn Caller, form: &RoleTemplateForm, now: i64) -> Result<i64, AppError> {
        let user = caller.require(Permission::ManageDelegatedAdmin)?;
        let valid = form.check()?;
        if store.role_templates(user.organisation_id).await?.len() >= MAX_TEMPLATES {
            return Err(AppError::invalid("template_name", crate::error::Problem::TooMany { max: MAX_TEMPLATES }));
        }
        store.add_role_template(&caller.actor(), &valid, now).await.map_err(|e| match e {
            crate::store::StoreError::Unique(_) => AppError::invalid("template_name", crate::error::Problem::TemplateTaken),
            crate::store::StoreError::NotFound => AppError::invalid("template_name", crate::error::Problem::TooMany { max: MAX_TEMPLATES }),
            other => other.into(),
        })
    }

    /// Removes one of the organisation's role templates.
    pub async fn remove_template(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<(), AppError> {
        caller.require(Permission::ManageDelegatedAdmin)?;
        store.remove_role_template(&caller.actor(), id).await.map_err(AppError::from)
    }

    /// Whether `token` looks like an approval link's (32 base32 characters): anything else is
    /// looked up nowhere.
    fn plausible(token: &str) -> Result<(), AppError> {
        if token.len() == 32 && token.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The request behind an approval link.
    pub async fn approval(store: &SharedStore, token: &str, now: i64) -> Result<ApprovalRequest, AppError> {
        plausible(token)?;
        store.approval_request(token, now).await?.ok_or(AppError::NotFound)
    }

    /// The client's answer through the link; the status after it.
    pub async fn answer(
        store: &SharedStore,
        token: &str,
        answer: ApprovalAnswer,
        ip: Option<String>,
        now: i64,
    ) -> Result<RelationshipStatus, AppError> {
        plausible(token)?;
        store.answer_approval(token, answer, ip, now).await?.ok_or(AppError::NotFound)
    }
}

#[server(endpoint = "delegated-admin/list")]
pub async fn read_relationships(status: String, ending: String, page: i64) -> Result<RelationshipList, AppError> {
    use crate::auth::ssr::{caller, clock_now, respond, store};
    let filter = RelationshipFilter::from_query(&status.chars().take(40).collect::<String>(), &ending.chars().take(4).collect::<String>(), None);
    respond(async { service::list(&store()?, &caller().await?, &filter, page, PER_PAGE, clock_now()).await }.await)
}

#[server(endpoint = "delegated-admin/customer")]
pub async fn read_customer_relationships(customer_id: i64, page: i64) -> Result<CustomerRelationships, AppError> {
    use crate::auth::ssr::{caller, clock_now, public_origin, respond, store};
    respond(async { service::customer(&store()?, &caller().await?, customer_id, page, &public_origin(), clock_now()).await }.await)
}

/// The request form as the page posts it: each chosen role's checkbox is named `role[<code>]`.
#[server(endpoint = "delegated-admin/request")]
pub async fn request_relationship(
    customer_id: i64,
    name: String,
    role: Option<std::collections::BTreeMap<String, String>>,
    duration_days: String,
    auto_extend: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, clock_now, redirect, respond, store};
    // At most every role's box; unknown codes are no role.
    let roles = roles_from_form(role);
    let request = RelationshipRequest { name, roles, duration_days: duration_days.into(), auto_extend: auto_extend.is_some() };
    respond(
        async {
            let made = service::request(&store()?, &caller().await?, customer_id, &request, clock_now()).await?;
            redirect(&format!("{}?requested={}", customer_path(customer_id), made.id));
            Ok(made.id)
        }
        .await,
    )
}

#[server(endpoint = "delegated-admin/terminate")]
pub async fn terminate_relationship(customer_id: i64, id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, clock_now, redirect, respond, store};
    respond(
        async {
            service::terminate(&store()?, &caller().await?, id, clock_now()).await?;
            redirect(&format!("{}?terminated={id}", customer_path(customer_id)));
            Ok(())
        }
        .await,
    )
}

/// An access assignment as the page posts it: the group, and each chosen role's checkbox named
/// `role[<code>]`.
#[server(endpoint = "delegated-admin/assign")]
pub async fn assign_roles(
    customer_id: i64,
    relationship_id: i64,
    group_name: String,
    role: Option<std::collections::BTreeMap<String, String>>,
) -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, clock_now, redirect, respond, store};
    let roles = roles_from_form(role);
    let form = AccessAssignmentForm { group_name, roles };
    respond(
        async {
            let id = service::assign(&store()?, &caller().await?, customer_id, relationship_id, &form, clock_now()).await?;
            redirect(&format!("{}?assigned={relationship_id}", customer_path(customer_id)));
            Ok(id)
        }
        .await,
    )
}

#[server(endpoint = "delegated-admin/unassign")]
pub async fn remove_assignment(customer_id: i64, id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            service::unassign(&store()?, &caller().await?, id).await?;
            redirect(&format!("{}?assigned=0", customer_path(customer_id)));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "delegated-admin/templates")]
pub async fn read_role_templates() -> Result<RoleTemplates, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::templates(&store()?, &caller().await?).await }.await)
}

/// A role template as the page posts it: each chosen role's checkbox is named `role[<code>]`.
#[server(endpoint = "delegated-admin/templates/add")]
pub async fn add_role_template(template_name: String, role: Option<std::collections::BTreeMap<String, String>>) -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, clock_now, redirect, respond, store};
    let roles = roles_from_form(role);
    let form = RoleTemplateForm { name: template_name, roles };
    respond(
        async {
            let id = service::add_template(&store()?, &caller().await?, &form, clock_now()).await?;
            redirect(&format!("{DELEGATED_ADMIN_PATH}?templates=saved#templates-heading"));
            Ok(id)
        }
        .await,
    )
}

#[server(endpoint = "delegated-admin/templates/remove")]
pub async fn remove_role_template(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            service::remove_template(&store()?, &caller().await?, id).await?;
            redirect(&format!("{DELEGATED_ADMIN_PATH}?templates=saved#templates-heading"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "delegated-admin/approval")]
pub async fn read_approval_request(token: String) -> Result<ApprovalRequest, AppError> {
    use crate::auth::ssr::{clock_now, respond, store};
    respond(async { service::approval(&store()?, &token, clock_now()).await }.await)
}

#[server(endpoint = "delegated-admin/answer")]
pub async fn answer_approval(token: String, answer: String) -> Result<RelationshipStatus, AppError> {
    use crate::auth::ssr::{client_ip, clock_now, redirect, respond, store};
    respond(
        async {
            let answer = ApprovalAnswer::from_code(&answer).ok_or(AppError::NotFound)?;
            let status = service::answer(&store()?, &token, answer, client_ip(), clock_now()).await?;
            redirect(&format!("{}?answered={}", approval_path(&token), answer.code()));
            Ok(status)
        }
        .await,
    )
}

/// The roles a form checked (each box named `role[<code>]`): at most every role's box is read;
/// unknown codes are no role.
pub fn roles_from_form(checked: Option<std::collections::BTreeMap<String, String>>) -> Vec<GdapRole> {
    checked.unwrap_or_default().keys().take(domain::delegated_admin::roles::CATALOGUE.len() + 1).filter_map(|c| GdapRole::from_code(c)).collect()
}

/// The status as a badge.
fn status_badge(status: RelationshipStatus) -> impl IntoView {
    let class = match status {
        RelationshipStatus::Active => "badge ok",
        RelationshipStatus::Expiring | RelationshipStatus::ApprovalPending => "badge warn",
        RelationshipStatus::Expired | RelationshipStatus::Terminated => "badge",
    };
    view! { <span class=class data-status=status.code()>{tr(status.key())}</span> }
}

/// When it ends, and whether it extends itself.
fn ends(r: &Relationship) -> impl IntoView {
    let at = r.ends_at;
    view! {
        {show_date(at)}
        {r.auto_extend.then(|| view! { <br /><span class="hint">{tr(Key::GdapAutoExtends)}</span> })}
    }
}

/// Delegated administration: every customer's relationships, filtered by status and by end.
#[component]
pub fn DelegatedAdminPage() -> impl IntoView {
    let query = use_query_map();
    let status = move || query.read().get("status").unwrap_or_default();
    let ending = move || query.read().get("ending").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (status(), ending(), page()), |(s, e, p)| read_relationships(s, e, p));
    let templates = Resource::new(|| (), |_| read_role_templates());
    let saved = query.read_untracked().get("templates").is_some();
    let add = ServerAction::<AddRoleTemplate>::new();
    let remove = ServerAction::<RemoveRoleTemplate>::new();
    let refused =
        StoredValue::new(add.value().get_untracked().and_then(|r| r.err()).or_else(|| remove.value().get_untracked().and_then(|r| r.err())));
    view! {
        <Page title=Key::NavDelegatedAdmin permission=Permission::ViewDelegatedAdmin>
            <p class="intro">{tr(Key::DelegatedAdminIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let filter = RelationshipFilter::from_query(&status(), &ending(), None);
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(list) => view! { <RelationshipFilters filter /> <RelationshipTable list /> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    templates.await.ok().map(|t| view! { <RoleTemplatesView data=t saved=saved && refused.get_value().is_none() refused=refused.get_value() add remove /> })
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn RelationshipFilters(filter: RelationshipFilter) -> impl IntoView {
    let locale = use_locale();
    view! {
        <form method="get" action=DELEGATED_ADMIN_PATH class="search filters" role="search">
            <div>
                <label for="status">{tr(Key::Status)}</label>
                <select id="status" name="status">
                    <option value="" selected=filter.status.is_none()>{tr(Key::AnyRelationshipStatus)}</option>
                    {RelationshipStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.code() selected=filter.status == Some(s)>{tr(s.key())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="ending">{tr(Key::EndingWithin)}</label>
                <select id="ending" name="ending">
                    <option value="" selected=filter.ending_within_days.is_none()>{tr(Key::AnyEnd)}</option>
                    {ENDING_WITHIN.into_iter().map(|d| view! {
                        <option value=d.to_string() selected=filter.ending_within_days == Some(d)>
                            {move || locale.get().fill(Key::NextDays, &[("days", &d.to_string())])}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{tr(Key::ShowFiltered)}</button>
        </form>
    }
}

#[component]
fn RelationshipTable(list: RelationshipList) -> impl IntoView {
    let locale = use_locale();
    let (page, pages, total) = (list.page, list.pages(), list.total);
    let query = use_query_map();
    let link = move |p: i64| {
        let q = query.read_untracked();
        let (status, ending) = (q.get("status").unwrap_or_default(), q.get("ending").unwrap_or_default());
        let keep = |v: &str| v.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(20).collect::<String>();
        format!("{DELEGATED_ADMIN_PATH}?status={}&ending={}&page={p}", keep(&status), keep(&ending))
    };
    view! {
        <p role="status" id="relationship-count">{move || locale.get().fill(Key::DelegatedAdminCount, &[("count", &crate::format::number(total, locale.get()))])}</p>
        {if list.rows.is_empty() {
            view! { <p class="empty">{tr(Key::DelegatedAdminEmpty)}</p> }.into_any()
        } else {
            view! {
                <table class="responsive relationships">
                    <thead><tr>
                        <th scope="col">{tr(Key::CustomerColumn)}</th>
                        <th scope="col">{tr(Key::GdapName)}</th>
                        <th scope="col">{tr(Key::RolesLabel)}</th>
                        <th scope="col">{tr(Key::Status)}</th>
                        <th scope="col">{tr(Key::GdapEnds)}</th>
                    </tr></thead>
                    <tbody>
                        {list.rows.into_iter().map(|r| {
                            let (ends, roles) = (ends(&r), roles_list(&r.roles));
                            view! {
                                <tr data-relationship=r.id>
                                    <td data-label=tr(Key::CustomerColumn)><A href=customer_path(r.customer_id)>{r.customer_name}</A></td>
                                    <td data-label=tr(Key::GdapName)>{r.name}</td>
                                    <td data-label=tr(Key::RolesLabel)>{roles}</td>
                                    <td data-label=tr(Key::Status)>{status_badge(r.status)}</td>
                                    <td data-label=tr(Key::GdapEnds)>{ends}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <Pager page pages previous=link(page - 1) next=link(page + 1) />
    }
}

/// The organisation's role templates: each with its roles (Remove), and a form for a new one.
#[component]
fn RoleTemplatesView(
    data: RoleTemplates,
    saved: bool,
    refused: Option<AppError>,
    add: ServerAction<AddRoleTemplate>,
    remove: ServerAction<RemoveRoleTemplate>,
) -> impl IntoView {
    let locale = use_locale();
    let RoleTemplates { templates, may_manage } = data;
    view! {
        <section class="role-templates" aria-labelledby="templates-heading">
            <h2 id="templates-heading">{tr(Key::RoleTemplates)}</h2>
            <p class="hint">{tr(Key::RoleTemplatesIntro)}</p>
            {saved.then(|| view! { <p class="notice success" role="status" id="templates-saved">{tr(Key::TemplatesSaved)}</p> })}
            {refused.map(|e| view! { <ErrorBox error=e /> })}
            {if templates.is_empty() {
                view! { <p class="empty">{tr(Key::NoRoleTemplates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="assignment-list templates">
                        {templates.into_iter().map(|t| {
                            let label = {
                                let name = t.name.clone();
                                move || locale.get().fill(Key::RemoveTemplateLabel, &[("name", &name)])
                            };
                            let roles = role_names(&t.roles, locale.get_untracked());
                            view! {
                                <li>
                                    <span><strong>{t.name.clone()}</strong>": "{roles}</span>
                                    {may_manage.then(|| view! {
                                        <ActionForm action=remove attr:class="inline">
                                            <input type="hidden" name="id" value=t.id.to_string() />
                                            <button type="submit" aria-label=label>{tr(Key::RemoveAssignment)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {may_manage.then(|| view! {
                <ActionForm action=add attr:class="form" attr:id="add-template">
                    <label for="template-name">{tr(Key::TemplateName)}</label>
                    <input id="template-name" name="template_name" required=true maxlength=TEMPLATE_NAME_MAX.to_string() />
                    <fieldset>
                        <legend>{tr(Key::RolesLabel)}</legend>
                        <RoleChecks id_prefix="template-role-" />
                    </fieldset>
                    <button type="submit">{tr(Key::SaveTemplate)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// One customer's relationships: the history, Terminate, and a request for a new one.
#[component]
pub fn CustomerDelegatedAdminPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let customer_id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let requested = query.read_untracked().get("requested").and_then(|n| n.parse::<i64>().ok());
    let terminated = query.read_untracked().get("terminated").is_some();
    let assigned = query.read_untracked().get("assigned").is_some();
    let request = ServerAction::<RequestRelationship>::new();
    let terminate = ServerAction::<TerminateRelationship>::new();
    let assign = ServerAction::<AssignRoles>::new();
    let unassign = ServerAction::<RemoveAssignment>::new();
    let assign_refused =
        StoredValue::new(assign.value().get_untracked().and_then(|r| r.err()).or_else(|| unassign.value().get_untracked().and_then(|r| r.err())));
    let refused = StoredValue::new(request.value().get_untracked().and_then(|r| r.err()));
    let terminate_refused = StoredValue::new(terminate.value().get_untracked().and_then(|r| r.err()));
    let data = Resource::new(move || (customer_id(), page()), |(c, p)| read_customer_relationships(c, p));
    view! {
        <Page title=Key::NavDelegatedAdmin permission=Permission::ViewDelegatedAdmin>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || {
                    let refused = refused.get_value();
                    let terminate_refused = terminate_refused.get_value();
                    let assign_refused = assign_refused.get_value();
                    Suspend::new(async move {
                        match data.await {
                            Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                            Ok(data) => {
                                let (customer_id, templates, may_request) = (data.customer_id, data.templates.clone(), data.may_request);
                                let (customer_name, recommended) = (data.customer_name.clone(), data.recommended.clone());
                                let assignments_data = data.clone();
                                view! {
                                    <CustomerRelationshipsView data requested=requested.filter(|_| refused.is_none())
                                        terminated=terminated && terminate_refused.is_none() terminate_refused terminate />
                                    <AccessAssignmentsView data=assignments_data saved=assigned && assign_refused.is_none() refused=assign_refused assign unassign />
                                    {may_request.then(|| view! { <RequestForm customer_id customer_name recommended refused request templates /> })}
                                }.into_any()
                            }
                        }
                    })
                }}
            </Transition>
            <p><A href=DELEGATED_ADMIN_PATH>{tr(Key::NavDelegatedAdmin)}</A></p>
        </Page>
    }
}

#[component]
fn CustomerRelationshipsView(
    data: CustomerRelationships,
    requested: Option<i64>,
    terminated: bool,
    terminate_refused: Option<AppError>,
    terminate: ServerAction<TerminateRelationship>,
) -> impl IntoView {
    let locale = use_locale();
    let CustomerRelationships { customer_id, customer_name, list, may_manage, origin, .. } = data;
    let (page, pages) = (list.page, list.pages());
    let link = move |p: i64| format!("{}?page={p}", customer_path(customer_id));
    let made = requested.and_then(|id| list.rows.iter().find(|r| r.id == id)).and_then(|r| r.approval_path.clone()).map(|p| format!("{origin}{p}"));
    let intro = {
        let name = customer_name.clone();
        move || locale.get().fill(Key::CustomerDelegatedAdminIntro, &[("customer", &name)])
    };
    view! {
        <h2 id="customer-heading">{customer_name.clone()}</h2>
        <p class="intro">{intro}</p>
        {made.map(|url| view! {
            <section class="notice success" role="status" id="relationship-requested">
                <p>{tr(Key::RelationshipRequested)}</p>
                <p><code id="approval-link">{url.clone()}</code></p>
                <CopyButtonIsland text=url what=CopyWhat::Text />
            </section>
        })}
        {terminated.then(|| view! { <p class="notice success" role="status" id="relationship-terminated">{tr(Key::RelationshipTerminated)}</p> })}
        {terminate_refused.map(|e| view! { <ErrorBox error=e /> })}
        {if list.rows.is_empty() {
            view! { <p class="empty">{tr(Key::DelegatedAdminEmpty)}</p> }.into_any()
        } else {
            view! {
                <table class="responsive relationships">
                    <thead><tr>
                        <th scope="col">{tr(Key::GdapName)}</th>
                        <th scope="col">{tr(Key::RolesLabel)}</th>
                        <th scope="col">{tr(Key::Status)}</th>
                        <th scope="col">{tr(Key::GdapEnds)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Key::TerminateRelationship)}</span></th>
                    </tr></thead>
                    <tbody>
                        {list.rows.into_iter().map(|r| {
                            let live = r.status.live();
                            let label = {
                                let name = r.name.clone();
                                move || locale.get().fill(Key::TerminateRelationshipLabel, &[("name", &name)])
                            };
                            let from_offer = r.offer.clone().map(|summary| view! {
                                <br /><span class="hint">{move || locale.get().fill(Key::GdapFromOffer, &[("summary", &summary)])}</span>
                            });
                            let pending_link = r.approval_path.clone().map(|p| {
                                let url = format!("{origin}{p}");
                                view! { <br /><span class="hint">{tr(Key::ApprovalLink)}": "</span><code class="approval-link">{url.clone()}</code> }
                            });
                            let ended_by = r.terminated_by.map(|by| view! { <br /><span class="hint">{tr(by.key())}</span> });
                            let (ends, roles) = (ends(&r), roles_list(&r.roles));
                            view! {
                                <tr data-relationship=r.id>
                                    <td data-label=tr(Key::GdapName)>{r.name.clone()}{from_offer}</td>
                                    <td data-label=tr(Key::RolesLabel)>{roles}</td>
                                    <td data-label=tr(Key::Status)>{status_badge(r.status)}{ended_by}{pending_link}</td>
                                    <td data-label=tr(Key::GdapEnds)>{ends}</td>
                                    <td>
                                        {(may_manage && live).then(|| view! {
                                            <ActionForm action=terminate attr:class="inline">
                                                <input type="hidden" name="customer_id" value=customer_id.to_string() />
                                                <input type="hidden" name="id" value=r.id.to_string() />
                                                <button type="submit" class="danger" aria-label=label>{tr(Key::TerminateRelationship)}</button>
                                            </ActionForm>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        <Pager page pages previous=link(page - 1) next=link(page + 1) />
    }
}

/// Each live relationship's access assignments: the groups and their roles (Remove), and a
/// form to give a group some of the relationship's roles.
#[component]
fn AccessAssignmentsView(
    data: CustomerRelationships,
    saved: bool,
    refused: Option<AppError>,
    assign: ServerAction<AssignRoles>,
    unassign: ServerAction<RemoveAssignment>,
) -> impl IntoView {
    let locale = use_locale();
    let customer_id = data.customer_id;
    let live: Vec<Relationship> = data.list.rows.into_iter().filter(|r| r.status.live()).collect();
    let may_manage = data.may_manage;
    (!live.is_empty()).then(|| {
        view! {
            <section class="access-assignments" aria-labelledby="assignments-heading">
                <h2 id="assignments-heading">{tr(Key::AccessAssignments)}</h2>
                <p class="hint">{tr(Key::AccessAssignmentsIntro)}</p>
                {saved.then(|| view! { <p class="notice success" role="status" id="assignment-saved">{tr(Key::AssignmentSaved)}</p> })}
                {refused.map(|e| view! { <ErrorBox error=e /> })}
                {live.into_iter().map(|r| {
                    let title = {
                        let name = r.name.clone();
                        move || locale.get().fill(Key::AccessAssignmentsOf, &[("name", &name)])
                    };
                    let rid = r.id;
                    let granted = r.roles.clone();
                    let has_assignments = !r.assignments.is_empty();
                    view! {
                        <details class="assignments" data-relationship=rid open=has_assignments>
                            <summary>{title}</summary>
                            {if !has_assignments {
                                view! { <p class="empty">{tr(Key::NoAccessAssignments)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="assignment-list">
                                        {r.assignments.into_iter().map(|a| {
                                            let label = {
                                                let group = a.group_name.clone();
                                                move || locale.get().fill(Key::RemoveAssignmentLabel, &[("group", &group)])
                                            };
                                            let roles = role_names(&a.roles, locale.get_untracked());
                                            view! {
                                                <li>
                                                    <span><strong>{a.group_name.clone()}</strong>": "{roles}</span>
                                                    {may_manage.then(|| view! {
                                                        <ActionForm action=unassign attr:class="inline">
                                                            <input type="hidden" name="customer_id" value=customer_id.to_string() />
                                                            <input type="hidden" name="id" value=a.id.to_string() />
                                                            <button type="submit" aria-label=label>{tr(Key::RemoveAssignment)}</button>
                                                        </ActionForm>
                                                    })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {may_manage.then(|| {
                                let group_id = format!("group-{rid}");
                                view! {
                                    <ActionForm action=assign attr:class="form assign-form">
                                        <input type="hidden" name="customer_id" value=customer_id.to_string() />
                                        <input type="hidden" name="relationship_id" value=rid.to_string() />
                                        <label for=group_id.clone()>{tr(Key::SecurityGroup)}</label>
                                        <input id=group_id name="group_name" required=true maxlength=GROUP_NAME_MAX.to_string() />
                                        <fieldset>
                                            <legend>{tr(Key::RolesLabel)}</legend>
                                            <RoleChecks id_prefix=format!("assign-{rid}-") only=granted.clone() />
                                        </fieldset>
                                        <button type="submit">{tr(Key::AssignRoles)}</button>
                                    </ActionForm>
                                }
                            })}
                        </details>
                    }
                }).collect_view()}
            </section>
        }
    })
}

/// Request a new relationship: name, roles (with what each lets the partner do), duration,
/// auto-extend.
#[component]
fn RequestForm(
    customer_id: i64,
    customer_name: String,
    recommended: Vec<(GdapRole, domain::delegated_admin::roles::Reason)>,
    refused: Option<AppError>,
    request: ServerAction<RequestRelationship>,
    templates: Vec<RoleTemplate>,
) -> impl IntoView {
    // A template chosen by its link (`?template=<id>`) checks its roles; so does the
    // recommendation's (`?roles=recommended`).
    let (chosen, use_recommended) = {
        let query = use_query_map().read_untracked();
        (query.get("template").and_then(|t| t.parse::<i64>().ok()), query.get("roles").as_deref() == Some("recommended"))
    };
    let recommended_roles: Vec<GdapRole> = recommended.iter().map(|(role, _)| *role).collect();
    let preset: Vec<GdapRole> = if use_recommended {
        recommended_roles.clone()
    } else {
        templates.iter().find(|t| Some(t.id) == chosen).map(|t| t.roles.clone()).unwrap_or_default()
    };
    let fields = refused.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
    let field_error = move |field: &str| fields.iter().find(|f| f.field == field).map(|f| f.problem.clone());
    let locale = use_locale();
    let problem =
        move |p: Option<crate::error::Problem>| p.map(|p| view! { <p class="field-error" role="alert">{move || p.message(locale.get())}</p> });
    let other_error = refused.clone().filter(|e| e.field_errors().is_empty());
    view! {
        <section class="request-relationship" aria-labelledby="request-heading">
            <h2 id="request-heading">{tr(Key::RequestRelationship)}</h2>
            <p class="hint">{tr(Key::RequestRelationshipIntro)}</p>
            {other_error.map(|e| view! { <ErrorBox error=e /> })}
            {(!recommended.is_empty()).then(|| {
                let intro = move || locale.get().fill(Key::GdapRecommendedForCustomer, &[("customer", &customer_name)]);
                view! {
                    <div class="recommended" id="gdap-customer-recommended">
                        <p>{intro}": "</p>
                        {move || roles_explained(&recommended_roles, None, locale.get())}
                        <p><a href=format!("{}?roles=recommended#request-heading", customer_path(customer_id)) aria-current=use_recommended.then_some("true")>
                            {tr(Key::GdapUseRecommended)}
                        </a></p>
                    </div>
                }
            })}
            {(!templates.is_empty()).then(|| view! {
                <p class="templates-choice">
                    {tr(Key::StartFromTemplate)}" "
                    {templates.iter().map(|t| view! {
                        <a href=format!("{}?template={}#request-heading", customer_path(customer_id), t.id) aria-current=(Some(t.id) == chosen).then_some("true")>{t.name.clone()}</a>" "
                    }).collect_view()}
                </p>
            })}
            <ActionForm action=request attr:class="form" attr:id="request-relationship">
                <input type="hidden" name="customer_id" value=customer_id.to_string() />
                <label for="gdap-name">{tr(Key::GdapName)}</label>
                <input id="gdap-name" name="name" required=true maxlength=NAME_MAX.to_string() aria-describedby="gdap-name-hint" />
                <p class="hint" id="gdap-name-hint">{tr(Key::GdapNameHint)}</p>
                {problem(field_error("name"))}
                <fieldset>
                    <legend>{tr(Key::GdapRolesLabel)}</legend>
                    <RoleChecks id_prefix="role-" checked=preset plain=true />
                    {problem(field_error("roles"))}
                </fieldset>
                <label for="gdap-days">{tr(Key::GdapDuration)}</label>
                <input id="gdap-days" name="duration_days" type="number" inputmode="numeric" min="1" max=MAX_DAYS.to_string() value=MAX_DAYS.to_string() required=true aria-describedby="gdap-days-hint" />
                <p class="hint" id="gdap-days-hint">{tr(Key::GdapDurationHint)}</p>
                {problem(field_error("duration_days"))}
                <label class="check" for="gdap-auto-extend">
                    <input type="checkbox" id="gdap-auto-extend" name="auto_extend" value="on" aria-describedby="gdap-auto-extend-hint" />
                    <span>{tr(Key::GdapAutoExtend)}</span>
                </label>
                <p class="hint" id="gdap-auto-extend-hint">{tr(Key::GdapAutoExtendHint)}</p>
                {problem(field_error("auto_extend"))}
                <button type="submit" class="primary">{tr(Key::RequestRelationshipButton)}</button>
            </ActionForm>
        </section>
    }
}

/// The client's page of a request's link: what the partner asks for, Approve and Decline.
#[component]
pub fn ApproveRelationshipPage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let answered = use_query_map().read_untracked().get("answered").and_then(|a| ApprovalAnswer::from_code(&a));
    let answer = ServerAction::<AnswerApproval>::new();
    let data = Resource::new(token, read_approval_request);
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::ApproveRelationshipTitle)) />
        <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let request = match data.await {
                    Ok(r) => r,
                    Err(AppError::NotFound) => return view! { <NotFound /> }.into_any(),
                    Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                };
                let ask = {
                    let (partner, customer) = (request.partner_name.clone(), request.customer_name.clone());
                    let days = u32::try_from(request.duration_days).unwrap_or(MAX_DAYS);
                    move || {
                        let l = locale.get();
                        l.fill(Key::ApproveRelationshipAsk, &[("partner", &partner), ("customer", &customer), ("duration", &duration_words(days, l))])
                    }
                };
                let ends_at = request.ends_at;
                let body = match (request.status, answered) {
                    (RelationshipStatus::ApprovalPending, _) => view! {
                        <p class="hint">{tr(Key::ApproveRelationshipWho)}</p>
                        <div class="actions">
                            <ActionForm action=answer attr:class="inline">
                                <input type="hidden" name="token" value=token() />
                                <input type="hidden" name="answer" value="approve" />
                                <button type="submit" class="primary">{tr(Key::ApproveRelationship)}</button>
                            </ActionForm>
                            <ActionForm action=answer attr:class="inline">
                                <input type="hidden" name="token" value=token() />
                                <input type="hidden" name="answer" value="decline" />
                                <button type="submit">{tr(Key::DeclineRelationship)}</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                    (RelationshipStatus::Active | RelationshipStatus::Expiring, answered) => {
                        let notice = if answered == Some(ApprovalAnswer::Approve) { Key::RelationshipApprovedNotice } else { Key::RelationshipRunsUntil };
                        view! {
                            <p class="notice success" role="status" id="relationship-answer">
                                {move || locale.get().fill(notice, &[("date", &crate::format::date(ends_at, locale.get()))])}
                            </p>
                            <ActionForm action=answer attr:class="inline">
                                <input type="hidden" name="token" value=token() />
                                <input type="hidden" name="answer" value="end" />
                                <button type="submit" class="danger">{tr(Key::EndRelationship)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    (RelationshipStatus::Terminated, Some(ApprovalAnswer::Decline)) => view! {
                        <p class="notice" role="status" id="relationship-answer">{tr(Key::RelationshipDeclinedNotice)}</p>
                    }.into_any(),
                    (RelationshipStatus::Terminated, Some(ApprovalAnswer::End)) => view! {
                        <p class="notice" role="status" id="relationship-answer">{tr(Key::RelationshipEndedNotice)}</p>
                    }.into_any(),
                    _ => view! { <p class="notice" role="alert" id="relationship-answer">{tr(Key::RelationshipNotOpen)}</p> }.into_any(),
                };
                view! {
                    <section class="invitation approval">
                        <h1>{tr(Key::ApproveRelationshipTitle)}</h1>
                        <p>{ask}</p>
                        {roles_explained(&request.roles, None, locale.get_untracked())}
                        {request.auto_extend.then(|| view! { <p class="hint">{tr(Key::GdapAutoExtends)}</p> })}
                        {move || answer.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e /> })}
                        {body}
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}
