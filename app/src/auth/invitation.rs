//! The page an invitation's link opens: the invited person chooses their password and is signed
//! in. A link works once, for [`crate::users::INVITATION_DAYS`] days, and only while it is the
//! newest one sent to that person (Resend invitation replaces it; Revoke removes the account).
//!
//! Served whole; the form posts as a plain HTML form (no island).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::{tr, use_locale, Key};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page a link opens: `/invitation/<token>`.
pub const INVITATION_PATH: &str = "/invitation";

/// What the page says about an invitation: who invited whom to where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub organisation: String,
    pub name: String,
    pub email: String,
}

/// The invitation a link's token is for, while it works.
#[server(endpoint = "auth/invitation")]
pub async fn invitation_details(token: String) -> Result<InvitationInfo, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { service::details(&store()?, &token).await }.await)
}

/// Sets the invited person's password, signs them in and opens the home page.
#[server(endpoint = "auth/accept-invitation")]
pub async fn accept_invitation(token: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{client_ip, log_in, redirect, respond, store};
    respond(
        async {
            let user = service::accept(&store()?, &token, &new_password, &confirm_password, client_ip()).await?;
            log_in(user.id).await?;
            redirect("/");
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::password_reset::{service::token_hash, token_shape_ok, validate_new_password};
    use crate::auth::ssr::hash_password;
    use crate::error::Refusal;
    use crate::store::{now, SharedStore, UserRecord};

    pub async fn details(store: &SharedStore, token: &str) -> Result<InvitationInfo, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::Refused(Refusal::InvitationInvalid));
        }
        let (user, organisation) = store.invitation_user(&token_hash(token), now()).await?.ok_or(AppError::Refused(Refusal::InvitationInvalid))?;
        Ok(InvitationInfo { organisation, name: user.name, email: user.email })
    }

    pub async fn accept(store: &SharedStore, token: &str, new: &str, confirm: &str, ip: Option<String>) -> Result<UserRecord, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::Refused(Refusal::InvitationInvalid));
        }
        let new = validate_new_password(new, confirm)?;
        let hash = hash_password(new).await?;
        let user = store.accept_invitation(&token_hash(token), now(), &hash, ip).await?.ok_or(AppError::Refused(Refusal::InvitationInvalid))?;
        tracing::info!(user_id = user.id, "joined from an invitation");
        Ok(user)
    }
}

#[cfg(feature = "ssr")]
#[component]
pub fn InvitationPage() -> impl IntoView {
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let token = leptos_router::hooks::use_params_map().read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let summary = error.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(locale.get_untracked()));
    let details = Resource::new_blocking(move || token.clone(), invitation_details);
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::AcceptInvitation)) />
        <section class="narrow">
            <Suspense fallback=|| ()>
                {move || Suspend::new({
                    let (error, summary) = (error.clone(), summary.clone());
                    async move {
                        match details.await {
                            Err(e) => view! {
                                <h1>{tr(Key::AcceptInvitation)}</h1>
                                <p class="error" role="alert" id="invitation-invalid">{e.message(locale.get_untracked())}</p>
                            }
                            .into_any(),
                            Ok(details) => {
                                let token = leptos_router::hooks::use_params_map().read_untracked().get("token").unwrap_or_default();
                                view! {
                                    <h1>{locale.get_untracked().fill(Key::InvitationTitle, &[("organisation", &details.organisation)])}</h1>
                                    <p>{locale.get_untracked().fill(Key::InvitationIntro, &[("email", &details.email)])}</p>
                                    <ActionForm action attr:class="form" attr:novalidate=true>
                                        {summary.map(|m| view! { <p class="error" role="alert">{m}</p> })}
                                        <input type="hidden" name="token" value=token />
                                        <crate::auth::NewPasswordFields error=error.clone() />
                                        <button type="submit" class="primary">{tr(Key::AcceptInvitation)}</button>
                                    </ActionForm>
                                }
                                .into_any()
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
