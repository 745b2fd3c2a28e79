//! Join PartnerDesk, the applicant's half: the public page where an organisation asks to join,
//! and the page the emailed link opens to confirm the applicant's email. The operator's half is
//! [`crate::operator::join_requests`]; the rules are [`domain::join`].
//!
//! Both pages are served whole and their forms post as plain HTML forms (no island). The form
//! answers alike whether or not a message was sent (an email that asked too often today gets
//! none), so it tells nobody which addresses are in use.

use crate::components::{field_error, FieldErrorsView};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Program;
pub use domain::join::*;
use leptos::prelude::*;

/// The public page.
pub const JOIN_PATH: &str = "/join";
/// The page the confirmation link opens (`/join/confirm/<token>`).
pub const CONFIRM_PATH: &str = "/join/confirm";

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::password_reset::service::token_hash;
    use crate::auth::password_reset::token_shape_ok;
    use crate::i18n::Locale;
    use crate::store::join_requests::NewJoinRequest;
    use crate::store::{now, SharedStore};
    use domain::email::Email;

    /// Keeps a request and emails its confirmation link. `client`: who the hourly cap counts.
    pub async fn request_to_join(
        store: &SharedStore,
        application: JoinApplication,
        locale: Locale,
        origin: &str,
        client: &str,
    ) -> Result<(), AppError> {
        let at = now();
        let hour = at - at.rem_euclid(3600);
        if store.count_public_request("join/hour", client, hour).await? > REQUESTS_PER_ADDRESS_PER_HOUR {
            let seconds = u32::try_from(hour + 3600 - at).unwrap_or(3600);
            return Err(AppError::RateLimited { seconds });
        }
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{CONFIRM_PATH}/{token}");
        let email = Email::join_confirmation(&application.contact_email, locale, &application.contact_name, &application.company_name, &link);
        let request = NewJoinRequest {
            application,
            locale: locale.tag().to_string(),
            token_hash: token_hash(&token),
            expires_at: at + CONFIRM_HOURS * 3600,
            email,
        };
        if !store.create_join_request(&request).await? {
            tracing::warn!("join requests asked for too often for one address today: none sent");
        }
        Ok(())
    }

    /// Where the request of a confirmation link is.
    pub async fn status(store: &SharedStore, token: &str) -> Result<JoinRequestStatus, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        Ok(store.join_request_by_token(&token_hash(token)).await?.ok_or(AppError::NotFound)?.status)
    }

    /// Confirms the applicant's email; the request goes to the operator's queue.
    pub async fn confirm(store: &SharedStore, token: &str) -> Result<(), AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        let hash = token_hash(token);
        let link = store.join_request_by_token(&hash).await?.ok_or(AppError::NotFound)?;
        if link.status.state != JoinRequestState::AwaitingConfirmation {
            return Ok(());
        }
        let locale = Locale::from_tag(&link.locale).unwrap_or_default();
        let received = Email::join_received(&link.contact_email, locale, &link.contact_name, &link.status.company_name);
        store.confirm_join_request(&hash, now(), received).await?;
        Ok(())
    }
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "join/request")]
pub async fn request_to_join(
    company_name: String,
    mpn_id: String,
    country: String,
    advisor: Option<String>,
    indirect_provider: Option<String>,
    indirect_reseller: Option<String>,
    contact_name: String,
    contact_email: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{client_ip, email_origin, redirect, respond, store};
    respond(
        async {
            let application = JoinApplication::validate(
                &company_name,
                &mpn_id,
                &country,
                advisor.is_some(),
                indirect_provider.is_some(),
                indirect_reseller.is_some(),
                &contact_name,
                &contact_email,
            )?;
            let client = client_ip().map(|ip| crate::clients::rate_subject_of(&ip)).unwrap_or_else(|| "unknown".to_string());
            service::request_to_join(&store()?, application, crate::app::initial_locale(), &email_origin(), &client).await?;
            redirect(&format!("{JOIN_PATH}?sent=1"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "join/status")]
pub async fn get_join_request_status(token: String) -> Result<JoinRequestStatus, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { service::status(&store()?, token.trim()).await }.await)
}

#[server(endpoint = "join/confirm")]
pub async fn confirm_join_request(token: String) -> Result<(), AppError> {
    use crate::auth::ssr::{redirect, respond, store};
    respond(
        async {
            let token = token.trim();
            service::confirm(&store()?, token).await?;
            // The token's shape was checked: it is a path segment.
            redirect(&format!("{CONFIRM_PATH}/{token}"));
            Ok(())
        }
        .await,
    )
}

const PROGRAMS: [(Program, &str); 3] =
    [(Program::Advisor, "advisor"), (Program::IndirectProvider, "indirect_provider"), (Program::IndirectReseller, "indirect_reseller")];
const JOIN_COUNTRIES: &str = "join-country-countries";

/// Join PartnerDesk: the organisation, the programs it asks for, and its first admin.
#[cfg(feature = "ssr")]
#[component]
pub fn JoinPage() -> impl IntoView {
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    // A plain form post (no JavaScript) comes back with the server's error in the address.
    let posted = ServerAction::<RequestToJoin>::new().value().get_untracked().and_then(|r| r.err());
    let sent = leptos_router::hooks::use_query_map().read_untracked().get("sent").is_some() && posted.is_none();
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::JoinTitle)) />
        <section class="narrow">
            <h1>{tr(Key::JoinTitle)}</h1>
            {if sent {
                view! { <JoinSent /> }.into_any()
            } else {
                view! {
                    <p>{tr(Key::JoinIntro)}</p>
                    <JoinFormIsland posted />
                    // The country suggestions: rendered once here, not by the form's code.
                    <crate::components::CountryOptions id=JOIN_COUNTRIES />
                }
                .into_any()
            }}
            <p><a href="/sign-in">{tr(Key::JoinHaveAccount)}</a></p>
        </section>
    }
}

#[component]
fn JoinSent() -> impl IntoView {
    view! { <p class="notice success" role="status" id="join-sent">{tr(Key::JoinSent)}</p> }
}

/// The join form on the page served whole: it sends without leaving the page, so what was
/// typed stays after a refusal; once sent, the page says to check the email.
// An island of the pages' build only (the join page is one of its pages).
#[cfg_attr(any(feature = "ssr", feature = "pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "pages")), component)]
pub fn JoinFormIsland(posted: Option<AppError>) -> impl IntoView {
    let action = ServerAction::<RequestToJoin>::new();
    view! { <JoinForm action posted /> }
}

#[component]
fn JoinForm(action: ServerAction<RequestToJoin>, posted: Option<AppError>) -> impl IntoView {
    let locale = use_locale();
    let posted = StoredValue::new(posted);
    let error = move || match action.value().get() {
        Some(result) => result.err(),
        None => posted.get_value(),
    };
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    let field = move |name: &'static str| move || field_error(error(), name, locale.get());
    view! {
        <Show when=move || !sent() fallback=|| view! { <JoinSent /> }>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FieldErrorsView error=Signal::derive(error) />
                <label for="join-company">{tr(Key::CompanyName)}</label>
                <input id="join-company" name="company_name" required maxlength="100" autocomplete="organization" />
                {field("company_name")}
                <label for="join-mpn">{tr(Key::MpnId)}</label>
                <input id="join-mpn" name="mpn_id" required inputmode="numeric" pattern="[0-9]*" maxlength="10" />
                <p class="hint">{tr(Key::MpnIdHint)}</p>
                {field("mpn_id")}
                <label for="join-country">{tr(Key::Country)}</label>
                <input id="join-country" name="country" list=JOIN_COUNTRIES required autocomplete="country" maxlength="100" />
                {field("country")}
                <fieldset class="roles">
                    <legend>{tr(Key::JoinProgramsAsked)}</legend>
                    {PROGRAMS.into_iter().map(|(program, name)| {
                        let id = format!("join-{name}");
                        let label_for = id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=id name=name value="on" />
                                <span>{tr(program.key())}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {field("programs")}
                <label for="join-name">{tr(Key::YourName)}</label>
                <input id="join-name" name="contact_name" required maxlength="100" autocomplete="name" />
                {field("contact_name")}
                <label for="join-email">{tr(Key::Email)}</label>
                <input id="join-email" name="contact_email" type="email" required maxlength="254" autocomplete="email" />
                <p class="hint">{tr(Key::JoinEmailHint)}</p>
                {field("contact_email")}
                <button type="submit" class="primary">{tr(Key::JoinSend)}</button>
            </ActionForm>
        </Show>
    }
}

/// The page the confirmation link opens: Confirm my email (a button, so that a mail scanner
/// opening the link confirms nothing), then where the request is.
#[cfg(feature = "ssr")]
#[component]
pub fn JoinConfirmPage() -> impl IntoView {
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let token = leptos_router::hooks::use_params_map().read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmJoinRequest>::new();
    let refused = action.value().get_untracked().and_then(|r| r.err());
    let status = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_join_request_status,
    );
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::JoinTitle)) />
        <section class="narrow">
            <h1>{tr(Key::JoinTitle)}</h1>
            {refused.map(|e| view! { <p class="error" role="alert">{move || e.message(locale.get())}</p> })}
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match status.await {
                            Err(_) => {
                                crate::components::set_status(404);
                                view! { <p class="error" role="alert" id="join-link-invalid">{tr(Key::JoinLinkInvalid)}</p> }.into_any()
                            }
                            Ok(JoinRequestStatus { company_name, state }) => match state {
                                JoinRequestState::AwaitingConfirmation => view! {
                                    <p>{move || locale.get().fill(Key::JoinConfirmIntro, &[("company", &company_name)])}</p>
                                    <ActionForm action attr:class="form">
                                        <input type="hidden" name="token" value=token />
                                        <button type="submit" class="primary">{tr(Key::ConfirmMyEmail)}</button>
                                    </ActionForm>
                                }.into_any(),
                                JoinRequestState::AwaitingDecision => view! {
                                    <p class="notice success" role="status" id="join-confirmed">
                                        {move || locale.get().fill(Key::JoinConfirmed, &[("company", &company_name)])}
                                    </p>
                                }.into_any(),
                                JoinRequestState::Approved | JoinRequestState::Declined => view! {
                                    <p class="notice" role="status" id="join-decided">
                                        {move || locale.get().fill(Key::JoinDecided, &[("company", &company_name)])}
                                    </p>
                                }.into_any(),
                            },
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
