//! The operator's work: the organisations console ([`organisations`]), the email log, and MPN
//! ID disputes. A reseller who registers through a provider's partnership link with an MPN ID
//! another organisation already holds is refused (first come must not mean first served:
//! anyone holding a link could claim a real reseller's ID), and the claim waits here until the
//! operator decides who the MPN ID belongs to.

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::operator::*;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

pub mod join_requests;
pub mod mailbox;
pub mod organisations;

/// The operator's MPN ID disputes and email log, each with its permission.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// The open MPN ID disputes.
    pub async fn mpn_id_conflicts(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<MpnIdConflict>, AppError> {
        caller.require(Permission::ResolveMpnIdConflicts)?;
        Ok(store.open_mpn_id_conflicts().await?)
    }

    /// Decides a dispute: `keep` (the holder keeps the MPN ID) or `release` (the holder's MPN
    /// ID is released and the claimant may register with it).
    pub async fn resolve_mpn_id_conflict(store: &SharedStore, caller: &dyn Caller, conflict_id: i64, decision: &str) -> Result<(), AppError> {
        caller.require(Permission::ResolveMpnIdConflicts)?;
        let release = match decision {
            "release" => true,
            "keep" => false,
            _ => return Err(AppError::invalid("decision", crate::error::Problem::Required)),
        };
        Ok(store.resolve_mpn_id_conflict(&caller.actor(), conflict_id, release).await?)
    }

    /// The newest messages the installation sent or is sending.
    pub async fn email_log(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<domain::email::EmailLogLine>, AppError> {
        caller.require(Permission::ReadEmailLog)?;
        Ok(store.email_log(domain::email::EMAIL_LOG_LINES).await?)
    }
}

#[server(endpoint = "operator/mpn-id-conflicts")]
pub async fn list_mpn_id_conflicts() -> Result<Vec<MpnIdConflict>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::mpn_id_conflicts(&store()?, &caller().await?).await }.await)
}

/// The operator's decision: `keep` (the holder keeps the MPN ID) or `release` (the holder's
/// MPN ID is released and the claimant may register with it).
#[server(endpoint = "operator/mpn-id-conflicts/resolve")]
pub async fn resolve_mpn_id_conflict(conflict_id: i64, decision: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::resolve_mpn_id_conflict(&store()?, &caller().await?, conflict_id, &decision).await?;
            crate::auth::ssr::redirect("/operator/mpn-id-conflicts?resolved=1");
            Ok(())
        }
        .await,
    )
}

/// MPN ID disputes: each open claim with the organisation that holds the MPN ID, to keep with
/// its holder or to release to the claimant (after checking with both, outside PartnerDesk).
#[component]
pub fn MpnIdConflictsPage() -> impl IntoView {
    let query = use_query_map();
    let resolve = ServerAction::<ResolveMpnIdConflict>::new();
    let conflicts = Resource::new(move || resolve.version().get(), |_| list_mpn_id_conflicts());
    let resolved = move || query.read().get("resolved").is_some() || matches!(resolve.value().get(), Some(Ok(_)));
    let failed = move || resolve.value().get().and_then(|r| r.err());
    view! {
        <Page title=Key::NavMpnIdConflicts permission=Permission::ResolveMpnIdConflicts>
            <p class="intro">{tr(Key::MpnIdConflictsIntro)}</p>
            <Show when=resolved>
                <p class="notice success" role="status">{tr(Key::MpnIdConflictResolved)}</p>
            </Show>
            {move || failed().map(|e| view! { <ErrorBox error=e /> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match conflicts.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="empty">{tr(Key::NoMpnIdConflicts)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="card-list">
                                {items.into_iter().map(|item| view! { <ConflictCard item resolve /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn ConflictCard(item: MpnIdConflict, resolve: ServerAction<ResolveMpnIdConflict>) -> impl IntoView {
    let locale = use_locale();
    let heading = format!("conflict-{}", item.id);
    let labelled_by = heading.clone();
    let created_at = item.created_at;
    let date = move || crate::format::date(created_at, locale.get());
    let holder = format!("{} ({})", item.holder_name, item.holder_country);
    let claimant = format!("{} ({}) · {} <{}>", item.company_name, item.country, item.contact_name, item.contact_email);
    view! {
        <li class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{move || locale.get().fill(Key::MpnIdConflictHeading, &[("mpn_id", &item.mpn_id)])}</h2>
            <dl class="facts">
                <dt>{tr(Key::MpnIdHeldBy)}</dt>
                <dd>{holder}</dd>
                <dt>{tr(Key::MpnIdClaimedBy)}</dt>
                <dd>{claimant}</dd>
                <dt>{tr(Key::MpnIdClaimedOn)}</dt>
                <dd>{date}</dd>
            </dl>
            <div class="row-actions">
                <ActionForm action=resolve attr:class="inline">
                    <input type="hidden" name="conflict_id" value=item.id />
                    <input type="hidden" name="decision" value="keep" />
                    <button type="submit">{tr(Key::MpnIdKeep)}</button>
                </ActionForm>
                <ActionForm action=resolve attr:class="inline">
                    <input type="hidden" name="conflict_id" value=item.id />
                    <input type="hidden" name="decision" value="release" />
                    <button type="submit" class="danger">{tr(Key::MpnIdRelease)}</button>
                </ActionForm>
            </div>
        </li>
    }
}

/// The newest messages the installation sent or is sending ([`domain::email::EMAIL_LOG_LINES`]).
#[server(endpoint = "operator/email-log")]
pub async fn email_log() -> Result<Vec<domain::email::EmailLogLine>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::email_log(&store()?, &caller().await?).await }.await)
}

/// The operator's email log: each message's recipient, type, when it was queued and what became
/// of it (sent, waiting for another attempt, or given up with the last error).
#[component]
pub fn EmailLogPage() -> impl IntoView {
    let lines = Resource::new(|| (), |_| email_log());
    view! {
        <Page title=Key::NavEmailLog permission=Permission::ReadEmailLog>
            <p class="intro">{tr(Key::EmailLogIntro)}</p>
            <p><A href=mailbox::MAILBOX_PATH>{tr(Key::OpenMailbox)}</A></p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match lines.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(lines) if lines.is_empty() => view! { <p class="empty">{tr(Key::NoEmailYet)}</p> }.into_any(),
                        Ok(lines) => view! {
                            <ul class="card-list email-log">
                                {lines.into_iter().map(|line| view! { <EmailLogCard line /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn EmailLogCard(line: domain::email::EmailLogLine) -> impl IntoView {
    let locale = use_locale();
    let heading = format!("email-{}", line.id);
    let labelled_by = heading.clone();
    let kind = domain::email::EmailKind::from_code(&line.kind);
    let (created_at, sent_at, gave_up_at, attempts) = (line.created_at, line.sent_at, line.gave_up_at, line.attempts.to_string());
    let status = move || {
        let l = locale.get();
        match (sent_at, gave_up_at) {
            (Some(sent), _) => l.fill(Key::EmailSentAt, &[("time", &crate::format::date_time(sent, l))]),
            (None, Some(_)) => l.fill(Key::EmailGaveUp, &[("attempts", &attempts)]),
            (None, None) => l.fill(Key::EmailWaiting, &[("attempts", &attempts)]),
        }
    };
    view! {
        <li class="card" class:failed=line.gave_up_at.is_some() aria-labelledby=labelled_by>
            <h2 id=heading>{line.subject.clone()}</h2>
            <dl class="facts">
                <dt>{tr(Key::EmailTo)}</dt>
                <dd>{line.recipient.clone()}</dd>
                <dt>{tr(Key::EmailType)}</dt>
                <dd>{move || kind.map(|k| locale.get().t(k.key()).to_string()).unwrap_or_default()}</dd>
                <dt>{tr(Key::EmailQueued)}</dt>
                <dd>{move || crate::format::date_time(created_at, locale.get())}</dd>
                <dt>{tr(Key::EmailStatus)}</dt>
                <dd class="email-status">{status}</dd>
                {line.last_error.clone().filter(|_| line.sent_at.is_none()).map(|error| view! {
                    <dt>{tr(Key::EmailLastError)}</dt>
                    <dd><code>{error}</code></dd>
                })}
            </dl>
        </li>
    }
}
