//! Operator > Join requests: the organisations that asked to join PartnerDesk and confirmed
//! their email, oldest first. The operator approves a request, choosing its programs (the
//! organisation is created and the applicant invited as its Global admin), or declines it with
//! a reason; the applicant is emailed either way. A request whose MPN ID another organisation
//! holds, or whose email has an account, says so and cannot be approved.
//!
//! The page is served whole and its forms post as plain HTML forms (no island).

use crate::components::{show_country, ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::{Permission, Program};
pub use domain::join::*;
use leptos::prelude::*;

/// The operator's queue.
pub const JOIN_REQUESTS_PATH: &str = "/operator/join-requests";

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::invitation::INVITATION_PATH;
    use crate::auth::password_reset::service::token_hash;
    use crate::auth::ssr::Caller;
    use crate::i18n::Locale;
    use crate::roles::Programs;
    use crate::store::join_requests::Approval;
    use crate::store::users::NewInvitation;
    use crate::store::{now, SharedStore};
    use domain::email::Email;

    /// The confirmed requests waiting for a decision.
    pub async fn queue(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<JoinRequest>, AppError> {
        caller.require(Permission::ManageOrganisations)?;
        Ok(store.waiting_join_requests().await?)
    }

    async fn waiting(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<JoinRequest, AppError> {
        caller.require(Permission::ManageOrganisations)?;
        store.waiting_join_request(id).await?.ok_or(AppError::Refused(crate::error::Refusal::ChangeAlreadyDecided))
    }

    /// Approves a request in `programs`: the organisation is created and the applicant invited
    /// as its Global admin (the link in the message that tells them). Returns the organisation.
    pub async fn approve(
        store: &SharedStore,
        caller: &dyn Caller,
        id: i64,
        programs: Result<Programs, AppError>,
        origin: &str,
    ) -> Result<i64, AppError> {
        let programs = programs?;
        let request = waiting(store, caller, id).await?;
        let locale = Locale::from_tag(&request.locale).unwrap_or_default();
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{INVITATION_PATH}/{token}");
        let invitation = NewInvitation {
            token_hash: token_hash(&token),
            expires_at: now() + domain::users::INVITATION_DAYS * 86_400,
            email: Email::join_approved(&request.contact_email, locale, &request.contact_name, &request.company_name, &link),
        };
        Ok(store.approve_join_request(&caller.actor(), id, &Approval { programs, invitation }).await?)
    }

    /// Declines a request with the reason the applicant is emailed.
    pub async fn decline(store: &SharedStore, caller: &dyn Caller, id: i64, reason: &str) -> Result<(), AppError> {
        let reason = decline_reason(reason)?;
        let request = waiting(store, caller, id).await?;
        let locale = Locale::from_tag(&request.locale).unwrap_or_default();
        let message = Email::join_declined(&request.contact_email, locale, &request.contact_name, &request.company_name, &reason);
        Ok(store.decline_join_request(&caller.actor(), id, &reason, message).await?)
    }
}

#[server(endpoint = "operator/join-requests")]
pub async fn list_join_requests() -> Result<Vec<JoinRequest>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::queue(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "operator/join-requests/approve")]
pub async fn approve_join_request(
    join_request_id: i64,
    advisor: Option<String>,
    indirect_provider: Option<String>,
    indirect_reseller: Option<String>,
) -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, email_origin, redirect, respond, store};
    let programs = domain::operator::programs_from_form(advisor.is_some(), indirect_provider.is_some(), indirect_reseller.is_some());
    respond(
        async {
            let organisation_id = service::approve(&store()?, &caller().await?, join_request_id, programs, &email_origin()).await?;
            redirect(&format!("{JOIN_REQUESTS_PATH}?approved={organisation_id}"));
            Ok(organisation_id)
        }
        .await,
    )
}

#[server(endpoint = "operator/join-requests/decline")]
pub async fn decline_join_request(join_request_id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, redirect, respond, store};
    respond(
        async {
            service::decline(&store()?, &caller().await?, join_request_id, &reason).await?;
            redirect(&format!("{JOIN_REQUESTS_PATH}?declined=1"));
            Ok(())
        }
        .await,
    )
}

const PROGRAMS: [(Program, &str); 3] =
    [(Program::Advisor, "advisor"), (Program::IndirectProvider, "indirect_provider"), (Program::IndirectReseller, "indirect_reseller")];

#[component]
pub fn JoinRequestsPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let requests = Resource::new(|| (), |_| list_join_requests());
    let approve = ServerAction::<ApproveJoinRequest>::new();
    let decline = ServerAction::<DeclineJoinRequest>::new();
    // A plain form post comes back with the server's error in the address, for its own action.
    let refused =
        [approve.value().get_untracked().and_then(|r| r.err()), decline.value().get_untracked().and_then(|r| r.err())].into_iter().flatten().next();
    let approved = query.read_untracked().get("approved").and_then(|id| id.parse::<i64>().ok()).filter(|_| refused.is_none());
    let declined = query.read_untracked().get("declined").is_some() && refused.is_none();
    let locale = use_locale();
    view! {
        <Page title=Key::NavJoinRequests permission=Permission::ManageOrganisations>
            <p class="intro">{tr(Key::JoinRequestsIntro)}</p>
            {approved.map(|id| view! {
                <p class="notice success" role="status" id="join-request-done">
                    {tr(Key::JoinRequestApproved)}" "
                    <a href=format!("{}/{id}", super::organisations::ORGANISATIONS_PATH)>{tr(Key::OpenOrganisation)}</a>
                </p>
            })}
            {declined.then(|| view! { <p class="notice success" role="status" id="join-request-done">{tr(Key::JoinRequestDeclined)}</p> })}
            // A refusal names no card (the page does not know which form was posted): its
            // message, and each field's problem, go above the list.
            {refused.clone().map(|e| {
                let problems: Vec<String> = e.field_errors().iter().map(|f| f.problem.message(locale.get_untracked())).collect();
                view! {
                    <ErrorBox error=e />
                    {problems.into_iter().map(|p| view! { <p class="field-error">{p}</p> }).collect_view()}
                }
            })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match requests.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="empty">{tr(Key::NoJoinRequests)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="card-list join-requests">
                                {items.into_iter().map(|item| view! { <JoinRequestCard item approve decline /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// One request: who asks, for which programs, what stands in the way; Approve with the
/// programs chosen, or Decline with a reason.
#[component]
fn JoinRequestCard(item: JoinRequest, approve: ServerAction<ApproveJoinRequest>, decline: ServerAction<DeclineJoinRequest>) -> impl IntoView {
    let locale = use_locale();
    let heading = format!("join-request-{}", item.id);
    let labelled_by = heading.clone();
    let asked = item.programs();
    let confirmed_at = item.confirmed_at.unwrap_or(item.created_at);
    let blocked = item.mpn_id_holder.is_some() || item.email_has_account;
    let asked_names = move || asked.list().into_iter().map(|p| locale.get().t(p.key())).collect::<Vec<_>>().join(", ");
    let contact = format!("{} <{}>", item.contact_name, item.contact_email);
    let holder = item.mpn_id_holder.clone();
    let id = item.id;
    let reason_id = format!("decline-reason-{id}");
    view! {
        <li class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{item.company_name.clone()}</h2>
            <dl class="facts">
                <dt>{tr(Key::MpnId)}</dt><dd>{item.mpn_id.clone()}</dd>
                <dt>{tr(Key::Country)}</dt><dd>{show_country(item.country.clone())}</dd>
                <dt>{tr(Key::JoinProgramsAsked)}</dt><dd>{asked_names}</dd>
                <dt>{tr(Key::JoinFirstAdmin)}</dt><dd>{contact}</dd>
                <dt>{tr(Key::JoinConfirmedOn)}</dt><dd>{move || crate::format::date_time(confirmed_at, locale.get())}</dd>
            </dl>
            {holder.map(|name| view! { <p class="notice warn" role="note">{move || locale.get().fill(Key::JoinMpnIdHeldBy, &[("name", &name)])}</p> })}
            {item.email_has_account.then(|| view! { <p class="notice warn" role="note">{tr(Key::RefusedEmailHasAccount)}</p> })}
            <ActionForm action=approve attr:class="form">
                <input type="hidden" name="join_request_id" value=id />
                <fieldset class="roles">
                    <legend>{tr(Key::JoinApproveInPrograms)}</legend>
                    {PROGRAMS.into_iter().map(|(program, name)| {
                        let input_id = format!("join-{id}-{name}");
                        let label_for = input_id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=input_id name=name value="on" checked=asked.has(program) />
                                <span>{tr(program.key())}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="primary" disabled=blocked>{tr(Key::JoinApprove)}</button>
            </ActionForm>
            <details class="decline">
                <summary>{tr(Key::JoinDecline)}</summary>
                <ActionForm action=decline attr:class="form">
                    <input type="hidden" name="join_request_id" value=id />
                    <label for=reason_id.clone()>{tr(Key::JoinDeclineReason)}</label>
                    <textarea id=reason_id name="reason" required maxlength=DECLINE_REASON_MAX rows="2"></textarea>
                    <button type="submit" class="danger">{tr(Key::JoinDecline)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
