//! Operator > Organisations: every organisation of the installation, searched by name or MPN
//! ID, program and status, and opened to change its programs, record its certification for
//! delegated administration (with when and by whom), and suspend it with a reason or reactivate
//! it. A suspended organisation's users cannot sign in, its sessions and API keys stop working,
//! its purchase offers and partnership links stop opening. Every change is audited in the
//! operator's log and the organisation's own.
//!
//! Both pages are served whole and their forms post as plain HTML forms (no island): the server
//! answers with the organisation's page again, what was done (or the refusal) in the address.

use crate::components::{field_error, show_country, ErrorBox, FieldErrorsView, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key, Locale};
use crate::roles::{Permission, Program};
pub use domain::operator::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The console's list.
pub const ORGANISATIONS_PATH: &str = "/operator/organisations";

/// The organisation operations of the console, each with its permission.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::error::Refusal;
    use crate::roles::Programs;
    use crate::store::SharedStore;

    /// One page of the organisations that match `search`.
    pub async fn search(store: &SharedStore, caller: &dyn Caller, search: &OrganisationSearch) -> Result<OrganisationsPage, AppError> {
        caller.require(Permission::ManageOrganisations)?;
        Ok(store.search_organisations(search, ORGANISATIONS_PER_PAGE).await?)
    }

    /// One organisation.
    pub async fn organisation(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<OrganisationDetail, AppError> {
        caller.require(Permission::ManageOrganisations)?;
        store.organisation_detail(id).await?.ok_or(AppError::NotFound)
    }

    /// The organisation `id`, once it is one the operator may suspend or change the programs of:
    /// not the operators' own (that would lock the operators out).
    async fn changeable(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<OrganisationDetail, AppError> {
        let operator = caller.require(Permission::ManageOrganisations)?;
        let organisation = store.organisation_detail(id).await?.ok_or(AppError::NotFound)?;
        if organisation.is_operators || organisation.id == operator.organisation_id {
            return Err(AppError::Refused(Refusal::OwnOrganisation));
        }
        Ok(organisation)
    }

    /// Puts the organisation in exactly `programs` (at least one).
    pub async fn set_programs(store: &SharedStore, caller: &dyn Caller, id: i64, programs: Result<Programs, AppError>) -> Result<(), AppError> {
        let programs = programs?;
        changeable(store, caller, id).await?;
        Ok(store.set_programs(&caller.actor(), id, programs).await?)
    }

    /// Records or withdraws the certification for delegated administration (advisors only).
    pub async fn set_dap_certified(store: &SharedStore, caller: &dyn Caller, id: i64, certified: bool) -> Result<(), AppError> {
        caller.require(Permission::ManageOrganisations)?;
        Ok(store.set_dap_certified(&caller.actor(), id, certified).await?)
    }

    /// Suspends the organisation, with the reason the operator gives.
    pub async fn suspend(store: &SharedStore, caller: &dyn Caller, id: i64, reason: &str) -> Result<(), AppError> {
        let reason = suspension_reason(reason)?;
        changeable(store, caller, id).await?;
        Ok(store.set_suspension(&caller.actor(), id, Some(&reason)).await?)
    }

    /// The organisation's users who were invited and have not joined (an approved
    /// organisation's first admin, until they choose a password).
    pub async fn invited_users(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<Vec<domain::users::UserRow>, AppError> {
        caller.require(Permission::ManageOrganisations)?;
        Ok(store.users_of(id).await?.into_iter().filter(|u| !u.joined() && u.active).collect())
    }

    /// Sends an invited user of the organisation a new invitation link (their earlier links
    /// stop working): how an approved organisation's first admin whose link expired gets in.
    /// In the organisation's log, without the operator's person.
    pub async fn resend_invitation(
        store: &SharedStore,
        caller: &dyn Caller,
        id: i64,
        user_id: i64,
        origin: &str,
        locale: Locale,
    ) -> Result<String, AppError> {
        let operator = caller.require(Permission::ManageOrganisations)?;
        let organisation = store.organisation_detail(id).await?.ok_or(AppError::NotFound)?;
        let target = store.users_of(id).await?.into_iter().find(|u| u.id == user_id).ok_or(AppError::NotFound)?;
        if target.joined() {
            return Err(AppError::Refused(Refusal::AlreadyJoined));
        }
        let invitation = crate::users::service::invitation_to(&target.email, &target.name, &operator.name, &organisation.name, origin, locale);
        store.resend_invitation(&caller.actor().seen_from(id), user_id, &invitation).await?;
        Ok(target.email)
    }

    /// Lifts the organisation's suspension (its users sign in again).
    pub async fn reactivate(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<(), AppError> {
        changeable(store, caller, id).await?;
        Ok(store.set_suspension(&caller.actor(), id, None).await?)
    }
}

#[server(endpoint = "operator/organisations")]
pub async fn search_organisations(q: String, program: String, status: String, page: i64) -> Result<OrganisationsPage, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let search = OrganisationSearch::from_query(&q, &program, &status, page)?;
            service::search(&store()?, &caller().await?, &search).await
        }
        .await,
    )
}

#[server(endpoint = "operator/organisation")]
pub async fn get_organisation(organisation_id: i64) -> Result<OrganisationDetail, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::organisation(&store()?, &caller().await?, organisation_id).await }.await)
}

/// The organisation's users invited and not joined yet.
#[server(endpoint = "operator/organisation/invited")]
pub async fn get_invited_users(organisation_id: i64) -> Result<Vec<domain::users::UserRow>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::invited_users(&store()?, &caller().await?, organisation_id).await }.await)
}

/// Resend invitation, for an invited user of the organisation.
#[server(endpoint = "operator/organisations/resend-invitation")]
pub async fn resend_organisation_invitation(organisation_id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    respond(
        async {
            let locale = crate::app::initial_locale();
            service::resend_invitation(&store()?, &caller().await?, organisation_id, user_id, &email_origin(), locale).await?;
            back_to(organisation_id, "invitation");
            Ok(())
        }
        .await,
    )
}

/// Back to the organisation's page, saying what was done.
#[cfg(feature = "ssr")]
fn back_to(organisation_id: i64, done: &str) {
    crate::auth::ssr::redirect(&format!("{ORGANISATIONS_PATH}/{organisation_id}?done={done}"));
}

#[server(endpoint = "operator/organisations/programs")]
pub async fn set_organisation_programs(
    organisation_id: i64,
    advisor: Option<String>,
    indirect_provider: Option<String>,
    indirect_reseller: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    let programs = programs_from_form(advisor.is_some(), indirect_provider.is_some(), indirect_reseller.is_some());
    respond(
        async {
            service::set_programs(&store()?, &caller().await?, organisation_id, programs).await?;
            back_to(organisation_id, "programs");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "operator/organisations/certification")]
pub async fn set_organisation_certification(organisation_id: i64, certified: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::set_dap_certified(&store()?, &caller().await?, organisation_id, certified).await?;
            back_to(organisation_id, if certified { "certified" } else { "withdrawn" });
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "operator/organisations/suspend")]
pub async fn suspend_organisation(organisation_id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::suspend(&store()?, &caller().await?, organisation_id, &reason).await?;
            back_to(organisation_id, "suspended");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "operator/organisations/reactivate")]
pub async fn reactivate_organisation(organisation_id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::reactivate(&store()?, &caller().await?, organisation_id).await?;
            back_to(organisation_id, "reactivated");
            Ok(())
        }
        .await,
    )
}

const PROGRAMS: [Program; 3] = [Program::Advisor, Program::IndirectProvider, Program::IndirectReseller];

/// The programs' names, in the page's language.
fn program_names(programs: crate::roles::Programs, locale: Locale) -> String {
    programs.list().into_iter().map(|p| locale.t(p.key())).collect::<Vec<_>>().join(", ")
}

/// Operator > Organisations: the search form, one page of organisations, and the pager.
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let program = move || query.read().get("program").unwrap_or_default();
    let status = move || query.read().get("status").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (text(), program(), status(), page()), |(q, p, s, n)| search_organisations(q, p, s, n));
    view! {
        <Page title=Key::NavOrganisations permission=Permission::ManageOrganisations>
            <p class="intro">{tr(Key::OrganisationsIntro)}</p>
            <form method="get" action=ORGANISATIONS_PATH class="search filters" role="search">
                <div>
                    <label for="organisation-search">{tr(Key::SearchOrganisations)}</label>
                    <input id="organisation-search" name="q" value=text maxlength=ORGANISATION_SEARCH_MAX autocomplete="off" />
                </div>
                <div>
                    <label for="program-filter">{tr(Key::Programs)}</label>
                    <select id="program-filter" name="program">
                        <option value="">{tr(Key::AllPrograms)}</option>
                        {PROGRAMS.into_iter().map(|p| {
                            let code = program_code(p);
                            view! { <option value=code selected=move || program() == code>{tr(p.key())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="status-filter">{tr(Key::OrganisationStatus)}</label>
                    <select id="status-filter" name="status">
                        {StatusFilter::ALL.into_iter().map(|s| {
                            let key = match s {
                                StatusFilter::All => Key::AllStatuses,
                                StatusFilter::Active => Key::StatusActive,
                                StatusFilter::Suspended => Key::OrganisationSuspendedBadge,
                            };
                            view! { <option value=s.code() selected=move || status() == s.code()>{tr(key)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">{tr(Key::Search)}</button>
            </form>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let found = match data.await {
                        Ok(found) => found,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    if found.rows.is_empty() {
                        return view! { <p class="empty">{tr(Key::NoOrganisationsFound)}</p> }.into_any();
                    }
                    let (page, pages, total) = (found.page, found.pages(), found.total);
                    let link = move |p: i64| {
                        format!("{ORGANISATIONS_PATH}?q={}&program={}&status={}&page={p}", crate::components::urlencode(&text()), program(), status())
                    };
                    let (previous, next) = (link(page - 1), link(page + 1));
                    view! {
                        <p class="result-count" role="status">{move || locale.get().fill(Key::OrganisationsFound, &[("count", &crate::format::number(total, locale.get()))])}</p>
                        <ul class="card-list organisations">
                            {found.rows.into_iter().map(|o| view! { <OrganisationCard o /> }).collect_view()}
                        </ul>
                        <crate::components::Pager page=page pages previous next />
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// One organisation of the list: its name (the link that opens it), MPN ID, country, programs
/// and what sets it apart (certified, suspended).
#[component]
fn OrganisationCard(o: OrganisationSummary) -> impl IntoView {
    let locale = use_locale();
    let programs = o.programs();
    let users = o.users;
    view! {
        <li class="card organisation" class:inactive=o.suspended_at.is_some()>
            <h2><A href=format!("{ORGANISATIONS_PATH}/{}", o.id)>{o.name.clone()}</A></h2>
            <p class="meta">
                {move || locale.get().fill(Key::MpnIdIs, &[("mpn_id", &o.mpn_id)])}" · "{show_country(o.country.clone())}
                " · "{move || locale.get().fill(Key::OrganisationUsers, &[("count", &crate::format::number(users, locale.get()))])}
            </p>
            <p class="badges">
                {move || program_names(programs, locale.get())}
                {(o.dap_certified && o.is_advisor).then(|| view! { " "<span class="badge">{tr(Key::DapCertifiedBadge)}</span> })}
                {o.suspended_at.is_some().then(|| view! { " "<span class="badge warn">{tr(Key::OrganisationSuspendedBadge)}</span> })}
            </p>
        </li>
    }
}

/// One organisation, opened: what it is, and the operator's forms (programs, certification,
/// suspension). What was done comes back in the address (`done`), a refusal with its form.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let data = Resource::new(id, get_organisation);
    let done = query.read_untracked().get("done").and_then(|d| match d.as_str() {
        "programs" => Some(Key::OrganisationProgramsSaved),
        "certified" => Some(Key::OrganisationCertified),
        "withdrawn" => Some(Key::OrganisationCertificationWithdrawn),
        "suspended" => Some(Key::OrganisationSuspendedNotice),
        "reactivated" => Some(Key::OrganisationReactivated),
        "invitation" => Some(Key::InvitationResentNotice),
        _ => None,
    });
    let invited = Resource::new(id, get_invited_users);
    let resend = ServerAction::<ResendOrganisationInvitation>::new();
    let actions = OrganisationActions {
        programs: ServerAction::<SetOrganisationPrograms>::new(),
        certification: ServerAction::<SetOrganisationCertification>::new(),
        suspend: ServerAction::<SuspendOrganisation>::new(),
        reactivate: ServerAction::<ReactivateOrganisation>::new(),
    };
    view! {
        <Page title=Key::OrganisationDetails permission=Permission::ManageOrganisations>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(o) => view! { <OrganisationView o done actions /> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let refused = resend.value().get_untracked().and_then(|r| r.err());
                    invited.await.ok().filter(|users| !users.is_empty()).map(|users| view! {
                        <h3>{tr(Key::PendingInvitations)}</h3>
                        <p class="hint">{tr(Key::OperatorResendHint)}</p>
                        {refused.map(|e| view! { <ErrorBox error=e /> })}
                        <ul class="card-list invited">
                            {users.into_iter().map(|u| view! { <InvitedUserCard u organisation_id=id() resend /> }).collect_view()}
                        </ul>
                    })
                })}
            </Transition>
            <p><A href=ORGANISATIONS_PATH>{tr(Key::AllOrganisations)}</A></p>
        </Page>
    }
}

/// The forms of an organisation's page.
#[derive(Clone, Copy)]
struct OrganisationActions {
    programs: ServerAction<SetOrganisationPrograms>,
    certification: ServerAction<SetOrganisationCertification>,
    suspend: ServerAction<SuspendOrganisation>,
    reactivate: ServerAction<ReactivateOrganisation>,
}

#[component]
fn OrganisationView(o: OrganisationDetail, done: Option<Key>, actions: OrganisationActions) -> impl IntoView {
    let locale = use_locale();
    let OrganisationActions { programs, certification, suspend, reactivate } = actions;
    // A plain form post comes back with the server's error in the address, for its own action.
    let refused = [certification.value().get_untracked(), reactivate.value().get_untracked()].into_iter().flatten().find_map(|r| r.err());
    let programs_error = programs.value().get_untracked().and_then(|r| r.err());
    let suspend_error = suspend.value().get_untracked().and_then(|r| r.err());
    let done = done.filter(|_| refused.is_none() && programs_error.is_none() && suspend_error.is_none());
    let held = o.programs();
    let (created_at, users) = (o.created_at, o.users);
    let certified = match (o.dap_certified, o.dap_certified_at) {
        (false, _) => Signal::derive(move || locale.get().t(Key::NotCertified).to_string()),
        (true, None) => Signal::derive(move || locale.get().t(Key::DapCertifiedBadge).to_string()),
        (true, Some(at)) => {
            let by = o.dap_certified_by.clone().unwrap_or_default();
            Signal::derive(move || locale.get().fill(Key::CertifiedOnBy, &[("date", &crate::format::date(at, locale.get())), ("name", &by)]))
        }
    };
    let status = match o.suspended_at {
        None => Signal::derive(move || locale.get().t(Key::StatusActive).to_string()),
        Some(at) => {
            let reason = o.suspension_reason.clone();
            Signal::derive(move || {
                locale.get().fill(Key::SuspendedOnBecause, &[("date", &crate::format::date(at, locale.get())), ("reason", &reason)])
            })
        }
    };
    let own = o.is_operators;
    view! {
        <h2 id="organisation-name">{o.name.clone()}</h2>
        {done.map(|key| view! { <p class="notice success" role="status" id="organisation-done">{tr(key)}</p> })}
        {refused.map(|e| view! { <ErrorBox error=e /> })}
        <dl class="facts">
            <dt>{tr(Key::MpnId)}</dt><dd>{o.mpn_id.clone()}</dd>
            <dt>{tr(Key::Country)}</dt><dd>{show_country(o.country.clone())}</dd>
            <dt>{tr(Key::Programs)}</dt><dd>{move || program_names(held, locale.get())}</dd>
            <dt>{tr(Key::DapCertification)}</dt><dd id="dap-certification">{certified}</dd>
            <dt>{tr(Key::OrganisationStatus)}</dt><dd id="organisation-status">{status}</dd>
            <dt>{tr(Key::NavUsers)}</dt><dd>{move || crate::format::number(users, locale.get())}</dd>
            <dt>{tr(Key::OrganisationCreated)}</dt><dd>{move || crate::format::date(created_at, locale.get())}</dd>
        </dl>
        {if own {
            view! { <p class="notice">{tr(Key::RefusedOwnOrganisation)}</p> }.into_any()
        } else {
            view! {
                <ActionForm action=programs attr:class="form" attr:novalidate=true>
                    <FieldErrorsView error=Signal::derive(move || programs_error.clone()) />
                    <input type="hidden" name="organisation_id" value=o.id />
                    <fieldset class="roles">
                        <legend>{tr(Key::Programs)}</legend>
                        {PROGRAMS.into_iter().map(|p| {
                            let name = program_code(p);
                            let id = format!("program-{name}");
                            let label_for = id.clone();
                            view! {
                                <label class="check" for=label_for>
                                    <input type="checkbox" id=id name=name value="on" checked=held.has(p) />
                                    <span>{tr(p.key())}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    {field_error(programs.value().get_untracked().and_then(|r| r.err()), "programs", locale.get_untracked())}
                    <p class="hint">{tr(Key::ProgramsHint)}</p>
                    <button type="submit">{tr(Key::SavePrograms)}</button>
                </ActionForm>
            }.into_any()
        }}
        {held.advisor.then(|| view! {
            <h3>{tr(Key::DapCertification)}</h3>
            <p class="hint">{tr(Key::DapCertificationHint)}</p>
            <ActionForm action=certification attr:class="inline">
                <input type="hidden" name="organisation_id" value=o.id />
                <input type="hidden" name="certified" value=(!o.dap_certified).to_string() />
                <button type="submit" class:danger=o.dap_certified>
                    {if o.dap_certified { tr(Key::WithdrawCertification)() } else { tr(Key::CertifyForDap)() }}
                </button>
            </ActionForm>
        })}
        {(!own).then(|| match o.suspended_at {
            None => view! {
                <h3>{tr(Key::SuspendOrganisation)}</h3>
                <p class="hint">{tr(Key::SuspendHint)}</p>
                <ActionForm action=suspend attr:class="form" attr:novalidate=true>
                    <FieldErrorsView error=Signal::derive(move || suspend_error.clone()) />
                    <input type="hidden" name="organisation_id" value=o.id />
                    <label for="suspension-reason">{tr(Key::SuspensionReason)}</label>
                    <textarea id="suspension-reason" name="reason" required maxlength=SUSPENSION_REASON_MAX rows="3"></textarea>
                    {field_error(suspend.value().get_untracked().and_then(|r| r.err()), "reason", locale.get_untracked())}
                    <button type="submit" class="danger">{tr(Key::SuspendOrganisation)}</button>
                </ActionForm>
            }.into_any(),
            Some(_) => view! {
                <h3>{tr(Key::ReactivateOrganisation)}</h3>
                <ActionForm action=reactivate attr:class="inline">
                    <input type="hidden" name="organisation_id" value=o.id />
                    <button type="submit" class="primary">{tr(Key::ReactivateOrganisation)}</button>
                </ActionForm>
            }.into_any(),
        })}
    }
}

/// An invited user who has not joined: until when their link works, and Resend invitation.
#[component]
fn InvitedUserCard(u: domain::users::UserRow, organisation_id: i64, resend: ServerAction<ResendOrganisationInvitation>) -> impl IntoView {
    let locale = use_locale();
    let until = u.invited_until.unwrap_or(0);
    let heading = format!("invited-{}", u.id);
    let labelled_by = heading.clone();
    let status = move || {
        let l = locale.get();
        if until > crate::providers::now_seconds() {
            l.fill(Key::InvitationPending, &[("date", &crate::format::date(until, l))])
        } else {
            l.t(Key::InvitationExpired).to_string()
        }
    };
    view! {
        <li class="card" aria-labelledby=labelled_by>
            <h4 id=heading>{u.name.clone()}</h4>
            <p>{u.email.clone()}" · "<span class="invitation-status">{status}</span></p>
            <ActionForm action=resend attr:class="inline">
                <input type="hidden" name="organisation_id" value=organisation_id />
                <input type="hidden" name="user_id" value=u.id />
                <button type="submit">{tr(Key::ResendInvitation)}</button>
            </ActionForm>
        </li>
    }
}
