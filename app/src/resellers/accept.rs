//! The page a reseller opens from a provider's partnership request: who is asking, and
//! Accept (signed in) or register a reseller organisation first (no account yet).

use super::*;
use crate::components::{field_error, set_status, show_country, ErrorBox, FieldErrorsView, NotFound};
use crate::i18n::{tr, use_locale};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AcceptPartnershipPage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    // Back from registering: the confirmation link was emailed.
    let registered = leptos_router::hooks::use_query_map().read_untracked().get("registered").is_some();
    let accept = ServerAction::<AcceptPartnership>::new();
    let invitation = Resource::new(move || (token(), accept.version().get()), |(t, _)| partnership_invitation(t));
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::PartnershipRequestTitle)) />
        <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                let invitation = match invitation.await {
                    Ok(i) => i,
                    Err(AppError::NotFound) => return view! { <NotFound /> }.into_any(),
                    Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                };
                let provider = invitation.provider.clone();
                let asking = {
                    let name = provider.name.clone();
                    move || locale.get().fill(Key::ProviderAsks, &[("provider", &name)])
                };
                let body = match (invitation.state, invitation.viewer.clone()) {
                    (RequestState::Revoked, _) => {
                        set_status(410);
                        view! { <p class="notice" role="alert">{tr(Key::RefusedRequestRevoked)}</p> }.into_any()
                    }
                    (RequestState::Accepted, _) => {
                        let by = invitation.accepted_by.clone().unwrap_or_default();
                        view! {
                            <p class="notice" role="alert">{move || locale.get().fill(Key::RequestAcceptedBy, &[("reseller", &by)])}</p>
                        }.into_any()
                    }
                    (RequestState::Open, Viewer::MayAccept { organisation_name }) => {
                        let label = move || locale.get().fill(Key::AcceptFor, &[("organisation", &organisation_name)]);
                        let t = token();
                        view! {
                            <ActionForm action=accept attr:class="form">
                                <input type="hidden" name="token" value=t />
                                {move || accept.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorBox error=e /> })}
                                <button type="submit" class="primary">{label}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    (RequestState::Open, Viewer::AlreadyPartners { organisation_name }) => view! {
                        <p class="notice">{move || locale.get().fill(Key::AlreadyPartnersWith, &[("organisation", &organisation_name)])}</p>
                        <a href="/providers">{tr(Key::NavIndirectProviders)}</a>
                    }.into_any(),
                    (RequestState::Open, Viewer::NotPermitted(reason)) => view! {
                        <p class="notice" role="alert">{move || reason.message(locale.get())}</p>
                        <p>{tr(Key::AcceptNeedsReseller)}</p>
                    }.into_any(),
                    (RequestState::Open, Viewer::SignedOut) if registered => view! {
                        <p class="notice success" role="status" id="registration-sent">{tr(Key::RegistrationSent)}</p>
                    }.into_any(),
                    (RequestState::Open, Viewer::SignedOut) => view! { <SignedOutChoices token=token() /> }.into_any(),
                };
                view! {
                    <section class="invitation">
                        <h1>{tr(Key::PartnershipRequestTitle)}</h1>
                        <div class="card provider-card">
                            <p class="lead">{asking}</p>
                            <p class="meta">{tr(Key::MpnId)}": "{provider.mpn_id.clone()}" · "{show_country(provider.country.clone())}</p>
                            <p>{tr(Key::PartnershipMeans)}</p>
                        </div>
                        {body}
                    </section>
                }.into_any()
            })}
        </Transition>
    }
}

/// For a visitor without a session: sign in, or register the reseller organisation.
#[component]
fn SignedOutChoices(token: String) -> impl IntoView {
    let sign_in = format!("/sign-in?next={}", crate::components::urlencode(&invitation_path(&token)));
    view! {
        <div class="choices">
            <section class="card">
                <h2>{tr(Key::HaveAccount)}</h2>
                <p>{tr(Key::HaveAccountHint)}</p>
                <a class="button primary" href=sign_in>{tr(Key::SignInToAccept)}</a>
            </section>
            <section class="card">
                <h2>{tr(Key::RegisterReseller)}</h2>
                <p>{tr(Key::RegisterResellerHint)}</p>
                <RegisterResellerIsland token />
                // The country suggestions: rendered once here, not by the form's code.
                <crate::components::CountryOptions id=REGISTER_COUNTRIES />
            </section>
        </div>
    }
}

const REGISTER_COUNTRIES: &str = "reg-country-countries";

/// Register a reseller organisation, on the page served whole (the server's answer opens the
/// request again, signed in).
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn RegisterResellerIsland(token: String) -> impl IntoView {
    let register = ServerAction::<RegisterReseller>::new();
    view! { <RegisterResellerForm token register /> }
}

/// The reseller organisation and its first user (a Global admin), then Register and continue.
#[component]
fn RegisterResellerForm(token: String, register: ServerAction<RegisterReseller>) -> impl IntoView {
    let locale = use_locale();
    let errors = move || register.value().get().and_then(|r| r.err());
    view! {
        <ActionForm action=register attr:class="form" attr:novalidate=true>
            <FieldErrorsView error=Signal::derive(errors) />
            <input type="hidden" name="token" value=token />
            <label for="reg-company">{tr(Key::CompanyName)}</label>
            <input id="reg-company" name="company_name" required maxlength="100" autocomplete="organization" />
            {move || field_error(errors(), "company_name", locale.get())}
            <label for="reg-mpn">{tr(Key::MpnId)}</label>
            <input id="reg-mpn" name="mpn_id" required inputmode="numeric" pattern="[0-9]*" maxlength="10" />
            <p class="hint">{tr(Key::MpnIdHint)}</p>
            {move || field_error(errors(), "mpn_id", locale.get())}
            <label for="reg-country">{tr(Key::Country)}</label>
            <input id="reg-country" name="country" list=REGISTER_COUNTRIES required autocomplete="country" />
            {move || field_error(errors(), "country", locale.get())}
            <label for="reg-name">{tr(Key::YourName)}</label>
            <input id="reg-name" name="user_name" required maxlength="100" autocomplete="name" />
            {move || field_error(errors(), "user_name", locale.get())}
            <label for="reg-email">{tr(Key::Email)}</label>
            <input id="reg-email" name="email" type="email" required autocomplete="email" />
            {move || field_error(errors(), "email", locale.get())}
            <label for="reg-password">{tr(Key::NewPassword)}</label>
            <input id="reg-password" name="password" type="password" required minlength="12" autocomplete="new-password" />
            <p class="hint">{move || locale.get().fill(Key::PasswordHint, &[("min", &PASSWORD_MIN.to_string())])}</p>
            {move || field_error(errors(), "password", locale.get())}
            <button type="submit" class="primary">{tr(Key::RegisterAndContinue)}</button>
        </ActionForm>
    }
}

/// The page a registration's confirmation link opens: Confirm and create the account (a
/// button, so a mail scanner that opens the link confirms nothing), or why the link no longer
/// works. A plain form: no island.
#[component]
pub fn RegistrationConfirmPage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let token = use_params_map().read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmRegistration>::new();
    let refused = action.value().get_untracked().and_then(|r| r.err());
    let status = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_registration_status,
    );
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::ConfirmRegistrationTitle)) />
        <section class="narrow">
            <h1>{tr(Key::ConfirmRegistrationTitle)}</h1>
            {refused.map(|e| {
                let message = move || match e.field_errors().first() {
                    Some(field) => field.problem.message(locale.get()),
                    None => e.message(locale.get()),
                };
                view! { <p class="error" role="alert">{message}</p> }
            })}
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match status.await {
                            Err(_) => {
                                set_status(404);
                                view! { <p class="error" role="alert" id="registration-link-invalid">{tr(Key::RegistrationLinkInvalid)}</p> }.into_any()
                            }
                            Ok(RegistrationStatus { company_name, mpn_id, email, state, request_path }) => match state {
                                RegistrationState::Waiting => view! {
                                    <p>{move || locale.get().fill(Key::ConfirmRegistrationLead, &[("email", &email), ("company", &company_name), ("mpn_id", &mpn_id)])}</p>
                                    <ActionForm action attr:class="form">
                                        <input type="hidden" name="token" value=token />
                                        <button type="submit" class="primary">{tr(Key::ConfirmAndCreateAccount)}</button>
                                    </ActionForm>
                                }.into_any(),
                                RegistrationState::Confirmed => {
                                    let sign_in = format!("/sign-in?next={}", crate::components::urlencode(&request_path));
                                    view! {
                                        <p class="notice success" role="status" id="registration-confirmed">
                                            {move || locale.get().fill(Key::RegistrationAlreadyConfirmed, &[("company", &company_name)])}
                                        </p>
                                        <a class="button primary" href=sign_in>{tr(Key::SignIn)}</a>
                                    }.into_any()
                                }
                                RegistrationState::Expired => {
                                    set_status(410);
                                    view! { <p class="notice" role="alert" id="registration-expired">{tr(Key::RegistrationLinkExpired)}</p> }.into_any()
                                }
                            },
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
