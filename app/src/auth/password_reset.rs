//! Forgot password?: a person who cannot sign in asks for a link by email (the answer never
//! says whether the address has an account), and the page the link opens lets them choose a
//! new password. A link works once, for an hour, and only while it is the newest one sent; using
//! it ends every session of the account.
//!
//! Both pages are served whole and their forms post as plain HTML forms (no island): the
//! server answers with the page again, the outcome or the refusal in the address.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::{tr, use_locale, Key};
use leptos::prelude::*;

/// The page where a link is asked for.
pub const FORGOT_PATH: &str = "/password/forgot";
/// The page a link opens: `/password/reset/<token>`.
pub const RESET_PATH: &str = "/password/reset";
/// The longest token a link may carry (they are 32 characters).
pub const TOKEN_MAX: usize = 64;

/// Sends a reset link to `email` when an active account uses it; answers the same either way.
#[server(endpoint = "auth/forgot-password")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::ssr::{client_ip, email_origin, redirect, respond, store};
    respond(
        async {
            let store = store()?;
            service::request_password_reset(&store, &email, crate::app::initial_locale(), &email_origin(), client_ip()).await?;
            redirect(&format!("{FORGOT_PATH}?sent=1"));
            Ok(())
        }
        .await,
    )
}

/// Sets a new password with the token of an emailed link, then sends the person to sign in.
#[server(endpoint = "auth/reset-password")]
pub async fn reset_password_with_link(token: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{client_ip, redirect, respond, store};
    respond(
        async {
            let store = store()?;
            service::reset_password(&store, &token, &new_password, &confirm_password, client_ip()).await?;
            redirect("/sign-in?reset=1");
            Ok(())
        }
        .await,
    )
}

/// The checks of a new password chosen from a link: the length rules and the confirmation.
pub fn validate_new_password(new: &str, confirm: &str) -> Result<String, AppError> {
    use crate::error::{FieldErrors, Problem};
    let mut errors = FieldErrors::default();
    if let Some(new) = errors.check("new_password", crate::validate::password(new, crate::resellers::PASSWORD_MIN)) {
        if confirm != new {
            errors.add("confirm_password", Problem::PasswordMismatch);
        }
    }
    errors.into_result(|| new.to_string())
}

/// Whether `token` could be one PartnerDesk made (checked before any database access).
pub fn token_shape_ok(token: &str) -> bool {
    !token.is_empty() && token.len() <= TOKEN_MAX && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::hash_password;
    use crate::error::Refusal;
    use crate::i18n::Locale;
    use crate::store::{now, SharedStore, UserRecord};
    use domain::email::Email;

    /// SHA-256 (hex) of a link's token, as kept.
    pub fn token_hash(token: &str) -> String {
        crate::developer::ssr::key_hash(token)
    }

    pub async fn request_password_reset(store: &SharedStore, email: &str, locale: Locale, origin: &str, ip: Option<String>) -> Result<(), AppError> {
        let email = crate::validate::email(email).map_err(|p| AppError::invalid("email", p))?;
        // Someone invited who has not joined yet uses the invitation (an admin resends it).
        let Some(user) = store.user_by_email(&email).await?.filter(|u| u.active && !u.invitation_pending) else {
            tracing::info!("password reset asked for an address without an active account");
            return Ok(());
        };
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{RESET_PATH}/{token}");
        let message = Email::password_reset(&user.email, locale, &user.name, &link);
        let by = crate::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip };
        if !store.create_password_reset(&by, &user, &token_hash(&token), now(), message).await? {
            tracing::warn!(user_id = user.id, "password reset links asked for too often: none sent");
        }
        Ok(())
    }

    pub async fn reset_password(store: &SharedStore, token: &str, new: &str, confirm: &str, ip: Option<String>) -> Result<UserRecord, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::Refused(Refusal::ResetLinkInvalid));
        }
        let new = validate_new_password(new, confirm)?;
        let hash = hash_password(new).await?;
        let user = store.reset_password(&token_hash(token), now(), &hash, ip).await?.ok_or(AppError::Refused(Refusal::ResetLinkInvalid))?;
        tracing::info!(user_id = user.id, "chose a new password from a reset link");
        Ok(user)
    }
}

#[cfg(feature = "ssr")]
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    use crate::components::field_error;
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let sent = leptos_router::hooks::use_query_map().read_untracked().get("sent").is_some() && error.is_none();
    let summary = error.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(locale.get_untracked()));
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::ForgotPasswordTitle)) />
        <section class="narrow">
            <h1>{tr(Key::ForgotPasswordTitle)}</h1>
            {if sent {
                view! { <p class="notice success" role="status" id="reset-link-sent">{tr(Key::ResetLinkSent)}</p> }.into_any()
            } else {
                view! {
                    <p>{tr(Key::ForgotPasswordIntro)}</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        {summary.map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        <label for="email">{tr(Key::Email)}</label>
                        <input id="email" type="email" name="email" required maxlength="254" autocomplete="username" />
                        {field_error(error.clone(), "email", locale.get_untracked())}
                        <button type="submit" class="primary">{tr(Key::SendResetLink)}</button>
                    </ActionForm>
                }
                .into_any()
            }}
            <p><a href="/sign-in">{tr(Key::SignIn)}</a></p>
        </section>
    }
}

#[cfg(feature = "ssr")]
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let token = leptos_router::hooks::use_params_map().read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPasswordWithLink>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let summary = error.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(locale.get_untracked()));
    let invalid = matches!(error, Some(AppError::Refused(crate::error::Refusal::ResetLinkInvalid))) || !token_shape_ok(&token);
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::ChooseNewPassword)) />
        <section class="narrow">
            <h1>{tr(Key::ChooseNewPassword)}</h1>
            {if invalid {
                view! {
                    <p class="error" role="alert" id="reset-link-invalid">{tr(Key::ResetLinkInvalid)}</p>
                    <p><a class="button primary" href=FORGOT_PATH>{tr(Key::AskForNewLink)}</a></p>
                }
                .into_any()
            } else {
                view! {
                    <p>{tr(Key::ResetPasswordIntro)}</p>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        {summary.map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        <input type="hidden" name="token" value=token.clone() />
                        <crate::auth::NewPasswordFields error=error.clone() />
                        <button type="submit" class="primary">{tr(Key::SavePassword)}</button>
                    </ActionForm>
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn a_new_password_follows_the_length_rules_and_is_confirmed() {
        assert!(validate_new_password("correct horse battery", "correct horse battery").is_ok());
        let short = validate_new_password("short", "short").unwrap_err();
        assert_eq!(short.field_errors()[0].field, "new_password");
        let mismatch = validate_new_password("correct horse battery", "correct horse batterx").unwrap_err();
        assert_eq!(mismatch.field_errors()[0].problem, Problem::PasswordMismatch);
    }

    #[test]
    fn only_tokens_of_the_right_shape_reach_the_database() {
        assert!(token_shape_ok("AbC123-_x"));
        for bad in ["", "../../etc", "a b", "x".repeat(TOKEN_MAX + 1).as_str(), "tok%00en", "ünicode"] {
            assert!(!token_shape_ok(bad), "{bad}");
        }
    }
}
