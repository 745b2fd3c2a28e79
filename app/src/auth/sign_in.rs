//! The sign-in page.

use super::SignIn;
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::Title;
#[cfg(feature = "ssr")]
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_else(|| "/".to_string());
    // A plain form post (the page served whole, or no JavaScript) comes back with the server's
    // error in the address; the router reads it for the actions created under it, as this one.
    let posted = ServerAction::<SignIn>::new().value().get_untracked().and_then(|r| r.err());
    // Back from choosing a new password with an emailed link.
    let reset = query.read_untracked().get("reset").is_some();
    // An installation without accounts says where its first one is made.
    let first_run = Resource::new_blocking(|| (), |_| crate::auth::first_run::first_run_open());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::SignIn)) />
        <section class="narrow">
            <h1>{tr(Key::SignInTitle)}</h1>
            {reset.then(|| view! { <p class="notice success" role="status" id="password-reset-done">{tr(Key::PasswordResetDone)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    matches!(first_run.await, Ok(true)).then(|| view! {
                        <p class="notice" role="status" id="first-run-notice">
                            {tr(Key::FirstRunNotice)}" "<a href=crate::auth::first_run::SETUP_PATH>{tr(Key::FirstRunTitle)}</a>
                        </p>
                    })
                })}
            </Suspense>
            <p>{tr(Key::SignInIntro)}</p>
            <SignInFormIsland next posted />
            <p class="forgot-password"><a href=crate::auth::password_reset::FORGOT_PATH>{tr(Key::ForgotPassword)}</a></p>
            <p class="join-link"><a href=crate::join::JOIN_PATH>{tr(Key::JoinAsk)}</a></p>
        </section>
    }
}

/// The sign-in form on the page served whole: it signs in without leaving the page (what was
/// typed stays after a refusal), then opens the page asked for.
// An island of the pages' build only (sign-in is one of its pages).
#[cfg_attr(any(feature = "ssr", feature = "pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "pages")), component)]
pub fn SignInFormIsland(next: String, posted: Option<AppError>) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let target = crate::auth::safe_next(Some(&next));
    let code_page = format!("{}?next={}", crate::auth::mfa::CODE_PATH, crate::components::urlencode(&target));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(super::SignInStep::Done)) => crate::pwa::open_page(&target),
        Some(Ok(super::SignInStep::CodeNeeded)) => crate::pwa::open_page(&code_page),
        _ => {}
    });
    view! { <SignInForm action next posted /> }
}

#[component]
fn SignInForm(action: ServerAction<SignIn>, next: String, posted: Option<AppError>) -> impl IntoView {
    let locale = use_locale();
    let error = move || match action.value().get() {
        Some(result) => result.err(),
        None => posted.clone(),
    };
    view! {
        <ActionForm action attr:class="form">
            {move || error().map(|e| view! { <p class="error" role="alert" id="sign-in-error">{e.message(locale.get())}</p> })}
            <input type="hidden" name="next" value=next />
            <label for="email">{tr(Key::Email)}</label>
            <input id="email" type="email" name="email" required autocomplete="username" />
            <label for="password">{tr(Key::Password)}</label>
            <input id="password" type="password" name="password" required autocomplete="current-password" />
            <button type="submit" class="primary">{tr(Key::SignIn)}</button>
        </ActionForm>
    }
}
