//! Ask to partner: a reseller finds a provider in the public directory and asks it to partner
//! ([`domain::resellers::PartnershipAsk`]); the request waits on the provider's Indirect
//! resellers page to be accepted (the partnership is made at once) or declined, and the
//! reseller hears back by email and on its Indirect providers page. The forms post as plain
//! HTML and come back to their page.

use crate::components::{show_country, show_date, ErrorBox};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use domain::resellers::{AskState, PartnershipAsk};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the signed-in visitor of the directory may do there: ask (a reseller's Global admin or
/// Admin agent), with the providers it is partnered with or waits for already.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskViewer {
    pub may_ask: bool,
    pub partnered: Vec<i64>,
    /// (provider, when asked) of the requests waiting for an answer.
    pub waiting: Vec<(i64, i64)>,
}

/// The operations of asking to partner, each with its permission, for the pages' server
/// functions and the REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::roles::Permission;
    use crate::store::SharedStore;
    use domain::resellers::{ask_message, AskAnswer, ASKS_PER_DAY};

    /// The caller's organisation (a reseller) asks `provider_id` to partner, with `message` (at
    /// most [`domain::resellers::ASK_MESSAGE_MAX`] characters); at most [`ASKS_PER_DAY`] a day.
    /// The provider's Global admins are emailed, with links to `origin`.
    pub async fn ask(store: &SharedStore, caller: &dyn Caller, provider_id: i64, message: &str, now: i64, origin: &str) -> Result<i64, AppError> {
        let user = caller.require(Permission::AskToPartner)?;
        let message = ask_message(message)?;
        let recent = store.asks_since(user.organisation_id, now - 86_400).await?;
        if recent.len() as i64 >= ASKS_PER_DAY {
            let wait = recent.first().map_or(86_400, |oldest| oldest + 86_400 - now);
            return Err(AppError::RateLimited { seconds: wait.clamp(1, 86_400) as u32 });
        }
        Ok(store.ask_to_partner(&caller.actor(), provider_id, &message, now, origin).await?)
    }

    /// The requests waiting for the caller's organisation's (a provider's) answer.
    pub async fn received(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<PartnershipAsk>, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        Ok(store.asks_received(user.organisation_id).await?)
    }

    /// The caller's organisation's (a reseller's) requests, newest first.
    pub async fn sent(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<PartnershipAsk>, AppError> {
        let user = caller.require(Permission::ViewProviders)?;
        Ok(store.asks_sent(user.organisation_id).await?)
    }

    /// The provider answers one of its waiting requests; accepting makes the partnership. The
    /// reseller's Global admins are emailed, with links to `origin`.
    pub async fn answer(
        store: &SharedStore,
        caller: &dyn Caller,
        id: i64,
        answer: AskAnswer,
        now: i64,
        origin: &str,
    ) -> Result<Option<i64>, AppError> {
        caller.require(Permission::ManagePartnerships)?;
        Ok(store.answer_partnership_ask(&caller.actor(), id, answer, now, origin).await?)
    }

    /// What a directory visitor may do: nothing when signed out or not a reseller's admin.
    pub async fn viewer(store: &SharedStore, user: Option<&crate::auth::CurrentUser>) -> Result<AskViewer, AppError> {
        let Some(user) = user.filter(|u| u.may(Permission::AskToPartner).is_ok()) else {
            return Ok(AskViewer::default());
        };
        let partnered = store.partnered_providers(user.organisation_id).await?;
        let waiting = store
            .asks_sent(user.organisation_id)
            .await?
            .into_iter()
            .filter(|a| a.state == AskState::Open)
            .map(|a| (a.provider_id, a.asked_at))
            .collect();
        Ok(AskViewer { may_ask: true, partnered, waiting })
    }
}

/// Ask a provider of the directory to partner; back to the provider's card in the directory.
#[server(endpoint = "partnerships/ask")]
pub async fn ask_to_partner(provider_id: i64, message: String, back: String) -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, clock_now, email_origin, redirect, respond, store};
    respond(
        async {
            let id = service::ask(&store()?, &caller().await?, provider_id, &message, clock_now(), &email_origin()).await?;
            redirect(&format!("{}asked={provider_id}#provider-{provider_id}", directory_return(&back)));
            Ok(id)
        }
        .await,
    )
}

/// The directory page to come back to: its own query kept (search, country, page), anything
/// else dropped; always a path on this site.
pub fn directory_return(back: &str) -> String {
    let query: String = back
        .strip_prefix("/directory?")
        .unwrap_or_default()
        .split('&')
        .filter(|pair| ["q=", "country=", "page="].iter().any(|name| pair.starts_with(name)))
        .filter(|pair| pair.len() <= 200 && pair.chars().all(|c| c.is_ascii_alphanumeric() || "=%+-._~".contains(c)))
        .map(|pair| format!("{pair}&"))
        .collect();
    format!("/directory?{query}")
}

/// What the directory's visitor may do (nothing when signed out).
#[server(endpoint = "partnerships/ask/viewer")]
pub async fn read_ask_viewer() -> Result<AskViewer, AppError> {
    use crate::auth::ssr::{current_user, respond, store};
    respond(async { service::viewer(&store()?, current_user().await?.as_ref()).await }.await)
}

/// The requests waiting for the provider's answer.
#[server(endpoint = "resellers/asks")]
pub async fn read_asks_received() -> Result<Vec<PartnershipAsk>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::received(&store()?, &caller().await?).await }.await)
}

/// The reseller's requests to partner.
#[server(endpoint = "providers/asks")]
pub async fn read_asks_sent() -> Result<Vec<PartnershipAsk>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::sent(&store()?, &caller().await?).await }.await)
}

/// Accept or decline a request to partner (`answer`: `accept` or `decline`).
#[server(endpoint = "resellers/asks/answer")]
pub async fn answer_partnership_ask(id: i64, answer: String) -> Result<Option<i64>, AppError> {
    use crate::auth::ssr::{caller, clock_now, email_origin, redirect, respond, store};
    respond(
        async {
            let choice = domain::resellers::AskAnswer::from_code(&answer).ok_or(AppError::NotFound)?;
            let made = service::answer(&store()?, &caller().await?, id, choice, clock_now(), &email_origin()).await?;
            redirect(&format!("/resellers?answered={answer}#asks-heading"));
            Ok(made)
        }
        .await,
    )
}

/// The Ask to partner part of a directory card: the form (posting through the page's `ask`,
/// whose refusal the page shows once), or why there is none.
#[component]
pub fn AskToPartnerForm(
    provider_id: i64,
    provider_name: String,
    viewer: AskViewer,
    asked: bool,
    back: String,
    ask: ServerAction<AskToPartner>,
) -> impl IntoView {
    let locale = use_locale();
    if !viewer.may_ask {
        return ().into_any();
    }
    if viewer.partnered.contains(&provider_id) {
        return view! { <p class="hint ask-state">{tr(Key::AskAlreadyPartners)}</p> }.into_any();
    }
    if let Some((_, at)) = viewer.waiting.iter().find(|(p, _)| *p == provider_id) {
        let at = *at;
        let name = provider_name.clone();
        return view! {
            {asked.then(|| view! {
                <p class="notice success" role="status" id="ask-sent">{move || locale.get().fill(Key::AskSent, &[("provider", &name)])}</p>
            })}
            <p class="hint ask-state">{move || locale.get().fill(Key::AskWaiting, &[("date", &crate::format::date(at, locale.get()))])}</p>
        }
        .into_any();
    }
    let field = format!("ask-message-{provider_id}");
    let label = move || locale.get().fill(Key::AskToPartnerLabel, &[("provider", &provider_name)]);
    view! {
        <details class="ask-to-partner">
            <summary>{tr(Key::AskToPartner)}</summary>
            <ActionForm action=ask attr:class="form">
                <input type="hidden" name="provider_id" value=provider_id.to_string() />
                <input type="hidden" name="back" value=back />
                <label for=field.clone()>{tr(Key::AskMessage)}</label>
                <textarea id=field.clone() name="message" rows="3" maxlength=domain::resellers::ASK_MESSAGE_MAX.to_string() aria-describedby=format!("{field}-hint")></textarea>
                <p class="hint" id=format!("{field}-hint")>{tr(Key::AskMessageHint)}</p>
                <button type="submit" class="primary" aria-label=label>{tr(Key::AskToPartner)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

/// The provider's Indirect resellers page: the resellers asking to partner, to accept or
/// decline (nothing when none waits).
#[component]
pub fn AsksReceived(asks: Vec<PartnershipAsk>, answered: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let answer = ServerAction::<AnswerPartnershipAsk>::new();
    let refused = answer.value().get_untracked().and_then(|r| r.err());
    let notice = match answered.as_deref() {
        Some("accept") => Some(Key::AskAnsweredAccepted),
        Some("decline") => Some(Key::AskAnsweredDeclined),
        _ => None,
    };
    if asks.is_empty() && notice.is_none() && refused.is_none() {
        return ().into_any();
    }
    view! {
        <section class="asks-received" aria-labelledby="asks-heading">
            <h2 id="asks-heading">{tr(Key::AsksReceivedHeading)}</h2>
            {notice.map(|key| view! { <p class="notice success" role="status" id="ask-answered">{tr(key)}</p> })}
            {refused.map(|e| view! { <ErrorBox error=e /> })}
            {(!asks.is_empty()).then(|| view! { <p class="hint">{tr(Key::AsksReceivedIntro)}</p> })}
            <ul class="asks">
                {asks.into_iter().map(|a| {
                    let (accept_label, decline_label) = {
                        let (name, other) = (a.reseller_name.clone(), a.reseller_name.clone());
                        (
                            move || locale.get().fill(Key::AcceptAskLabel, &[("reseller", &name)]),
                            move || locale.get().fill(Key::DeclineAskLabel, &[("reseller", &other)]),
                        )
                    };
                    view! {
                        <li data-ask=a.id>
                            <p><strong>{a.reseller_name.clone()}</strong>" · "{tr(Key::MpnId)}": "{a.reseller_mpn_id.clone()}" · "{show_country(a.reseller_country.clone())}" · "{show_date(a.asked_at)}</p>
                            {(!a.message.is_empty()).then(|| view! { <blockquote class="ask-message">{a.message.clone()}</blockquote> })}
                            <div class="actions">
                                <ActionForm action=answer attr:class="inline">
                                    <input type="hidden" name="id" value=a.id.to_string() />
                                    <input type="hidden" name="answer" value="accept" />
                                    <button type="submit" class="primary" aria-label=accept_label>{tr(Key::AcceptAsk)}</button>
                                </ActionForm>
                                <ActionForm action=answer attr:class="inline">
                                    <input type="hidden" name="id" value=a.id.to_string() />
                                    <input type="hidden" name="answer" value="decline" />
                                    <button type="submit" aria-label=decline_label>{tr(Key::DeclineAsk)}</button>
                                </ActionForm>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// The reseller's Indirect providers page: its requests to partner and where they stand, and
/// the way to the directory.
#[component]
pub fn AsksSent(asks: Vec<PartnershipAsk>) -> impl IntoView {
    view! {
        <section class="asks-sent" aria-labelledby="asks-sent-heading">
            <h2 id="asks-sent-heading">{tr(Key::AsksSentHeading)}</h2>
            <p><a href="/directory">{tr(Key::FindProviderInDirectory)}</a></p>
            {(!asks.is_empty()).then(|| view! {
                <ul class="asks">
                    {asks.into_iter().map(|a| {
                        let class = match a.state {
                            AskState::Open => "badge warn",
                            AskState::Accepted => "badge ok",
                            AskState::Declined => "badge",
                        };
                        view! {
                            <li data-ask=a.id>
                                <strong>{a.provider_name.clone()}</strong>" · "{show_date(a.asked_at)}" "
                                <span class=class data-state=a.state.code()>{tr(a.state.key())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::directory_return;

    #[test]
    fn the_way_back_is_always_the_directory_with_its_own_query() {
        assert_eq!(directory_return("/directory?q=tail&country=BR&page=2"), "/directory?q=tail&country=BR&page=2&");
        assert_eq!(directory_return("/directory?q=S%C3%A3o+Paulo&evil=1"), "/directory?q=S%C3%A3o+Paulo&");
        for elsewhere in ["https://evil.example/?q=x", "//evil.example", "/directory/../admin?q=x", ""] {
            assert_eq!(directory_return(elsewhere), "/directory?", "{elsewhere}");
        }
        // A header cannot be split, nor the fragment or path changed, through the query.
        assert_eq!(directory_return("/directory?q=x\r\nSet-Cookie:a=b"), "/directory?");
        assert_eq!(directory_return("/directory?q=a#b&page=1"), "/directory?page=1&");
        assert_eq!(directory_return(&format!("/directory?q={}", "a".repeat(300))), "/directory?");
    }
}
