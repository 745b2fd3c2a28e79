//! Indirect resellers: partnership requests, acceptance, the provider's list of resellers, the
//! reseller's list of providers, and removing a partnership.
//!
//! A provider asks for a partnership with a personalised link (an unguessable token, one per
//! request). A reseller's Global admin or Admin agent accepts it while signed in; someone
//! without an account first registers their reseller organisation. The rules that decide what
//! a visitor of the link may do live in [`Invitation::viewer_for`], used by the page and
//! enforced again by [`accept_partnership`].

mod accept;
pub mod asks;
mod pages;

pub use accept::{AcceptPartnershipPage, RegistrationConfirmPage};
pub use asks::{AskToPartnerForm, AskViewer, AsksReceived, AsksSent};
pub use pages::{PartnershipRequestPage, ProviderCards, ProvidersPage, RemovePartnershipPage, ResellerOffersPage, ResellersPage};

#[cfg(feature = "ssr")]
use crate::error::FieldErrors;
use crate::error::{AppError, Refusal};
use crate::i18n::{Key, Locale};
use crate::roles::Permission;
pub use domain::resellers::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the visitor of a request link may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Viewer {
    /// Not signed in: sign in, or register a reseller organisation.
    SignedOut,
    /// Signed in with a role that may accept for this organisation.
    MayAccept { organisation_name: String },
    /// The organisation is already a partner of this provider.
    AlreadyPartners { organisation_name: String },
    /// Signed in, but may not accept (wrong program or role): the reason.
    NotPermitted(AppError),
}

/// A partnership request as its link's visitor sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invitation {
    pub provider: ProviderCard,
    pub state: RequestState,
    /// Who accepted it, when it was accepted.
    pub accepted_by: Option<String>,
    pub viewer: Viewer,
}

impl Invitation {
    /// Decides what a visitor may do. `user` is the signed-in user, `partnered` whether their
    /// organisation already has an active partnership with the provider.
    pub fn viewer_for(user: Option<&crate::auth::CurrentUser>, provider_id: i64, partnered: bool) -> Viewer {
        let Some(user) = user else {
            return Viewer::SignedOut;
        };
        if user.organisation_id == provider_id {
            return Viewer::NotPermitted(AppError::Refused(Refusal::OwnRequest));
        }
        if let Err(reason) = user.may(Permission::AcceptPartnership) {
            return Viewer::NotPermitted(reason);
        }
        if partnered {
            Viewer::AlreadyPartners { organisation_name: user.organisation_name.clone() }
        } else {
            Viewer::MayAccept { organisation_name: user.organisation_name.clone() }
        }
    }
}

/// The partnership operations of an indirect provider, each with its permission, for the pages'
/// server functions and the REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::partnerships::StoredRequest;
    use crate::store::SharedStore;

    /// The provider's active partnerships, by reseller name (`search`: part of a name or MPN ID).
    pub async fn partnerships(store: &SharedStore, caller: &dyn Caller, search: &str) -> Result<Vec<ResellerRow>, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        Ok(store.resellers(user.organisation_id, search.trim()).await?)
    }

    /// Requests not accepted yet (and not revoked).
    pub async fn pending_requests(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<PendingRequest>, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        Ok(store.pending_partnership_requests(user.organisation_id).await?)
    }

    /// A new personalised link to send to one reseller; returns the request's id.
    pub async fn create_request(store: &SharedStore, caller: &dyn Caller) -> Result<i64, AppError> {
        caller.require(Permission::ManagePartnerships)?;
        Ok(store.create_partnership_request(&caller.actor(), &crate::tokens::new_secret_token()).await?)
    }

    /// One of the provider's requests, with its token.
    pub async fn request(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<StoredRequest, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        store.partnership_request(user.organisation_id, id).await?.ok_or(AppError::NotFound)
    }

    /// Done on the draft email: records whom the request was sent to (optional).
    pub async fn finish_request(store: &SharedStore, caller: &dyn Caller, id: i64, recipient_email: &str) -> Result<(), AppError> {
        caller.require(Permission::ManagePartnerships)?;
        let email = match recipient_email.trim() {
            "" => None,
            typed => Some(crate::validate::email(typed).map_err(|p| AppError::invalid("recipient_email", p))?),
        };
        Ok(store.mark_partnership_request_sent(&caller.actor(), id, email.as_deref()).await?)
    }

    /// Send: PartnerDesk emails the request as the provider's user wrote it (replies go to
    /// them) and records whom it was sent to. `origin`: the site's address, as the draft's link
    /// shows it. Returns the address it was sent to.
    #[allow(clippy::too_many_arguments)]
    pub async fn email_request(
        store: &SharedStore,
        caller: &dyn Caller,
        id: i64,
        recipient_email: &str,
        locale: Locale,
        subject: &str,
        body: &str,
        origin: &str,
    ) -> Result<String, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        let message = domain::email::PartnerMessage::check(recipient_email, locale, subject, body).map_err(AppError::Invalid)?;
        let request = store.partnership_request(user.organisation_id, id).await?.ok_or(AppError::NotFound)?;
        match request.state {
            RequestState::Open => {}
            RequestState::Accepted => return Err(AppError::Refused(Refusal::RequestAlreadyAccepted)),
            RequestState::Revoked => return Err(AppError::Refused(Refusal::RequestRevoked)),
        }
        let link = format!("{origin}{}", invitation_path(&request.token));
        message.holds(&link).map_err(AppError::Invalid)?;
        let email = domain::email::Email::partner_message(
            domain::email::EmailKind::PartnershipRequest,
            &message,
            &user.name,
            &user.email,
            &user.organisation_name,
            &link,
        );
        let entry = crate::store::AuditEntry {
            action: "partnership_request.email",
            record_type: "partnership_request",
            record_id: id.to_string(),
            summary: format!("emailed by PartnerDesk to <{}>", message.to),
        };
        if !store.queue_partner_message(&caller.actor(), email, entry).await? {
            return Err(domain::email::too_many_messages());
        }
        store.mark_partnership_request_sent(&caller.actor(), id, Some(&message.to)).await?;
        Ok(message.to)
    }

    /// A partnership request as the visitor of its link (`user`, when signed in) sees it: who
    /// asks, its state, and what they may do.
    pub async fn invitation(store: &SharedStore, user: Option<&crate::auth::CurrentUser>, token: &str) -> Result<Invitation, AppError> {
        let token = token.trim();
        if !crate::auth::password_reset::token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        let request = store.partnership_request_by_token(token).await?.ok_or(AppError::NotFound)?;
        let partnered = match user {
            Some(u) => store.partnership_active(request.provider_id, u.organisation_id).await?,
            None => false,
        };
        Ok(Invitation {
            viewer: Invitation::viewer_for(user, request.provider_id, partnered),
            provider: request.provider,
            state: request.state,
            accepted_by: request.accepted_by,
        })
    }

    /// Accepts a partnership request for the caller's own organisation (never another); whoever
    /// sent it is told, with links to `origin`.
    pub async fn accept(store: &SharedStore, caller: &dyn Caller, token: &str, origin: &str) -> Result<i64, AppError> {
        caller.require(Permission::AcceptPartnership)?;
        Ok(store.accept_partnership(&caller.actor(), token.trim(), Some(origin)).await?)
    }

    /// The reseller's own providers, with the customers and subscriptions each gave it.
    pub async fn providers(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<ProviderRow>, AppError> {
        let user = caller.require(Permission::ViewProviders)?;
        Ok(store.providers_of_reseller(user.organisation_id).await?)
    }

    /// Revokes a request's link: whoever opens it afterwards is told it no longer works.
    pub async fn revoke_request(store: &SharedStore, caller: &dyn Caller, id: i64) -> Result<(), AppError> {
        caller.require(Permission::ManagePartnerships)?;
        Ok(store.revoke_partnership_request(&caller.actor(), id).await?)
    }

    /// What removing the partnership with a reseller leaves in place, and where the transition
    /// plan can move its subscriptions (the provider's other partners, or the provider).
    pub async fn removal_impact(store: &SharedStore, caller: &dyn Caller, reseller_id: i64) -> Result<RemovalImpact, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        let impact = store.removal_impact(user.organisation_id, reseller_id).await?.ok_or(AppError::NotFound)?;
        let others = store.reseller_choices(user.organisation_id).await?.into_iter().filter(|r| r.id != reseller_id).collect();
        Ok(RemovalImpact { others, provider_name: user.organisation_name.clone(), ..impact })
    }

    /// Removes the partnership with a reseller, carrying out the transition plan `transfer_to`
    /// (see [`Transition::from_choice`]) on the live subscriptions that name it. Customers and
    /// delegated admin privileges stay as they are. Returns how many subscriptions moved.
    pub async fn remove_partnership(store: &SharedStore, caller: &dyn Caller, reseller_id: i64, transfer_to: &str) -> Result<usize, AppError> {
        caller.require(Permission::ManagePartnerships)?;
        let not_partnered = || AppError::invalid("transfer_to", crate::error::Problem::NotPartneredReseller);
        let transition = Transition::from_choice(transfer_to).map_err(|problem| AppError::invalid("transfer_to", problem))?;
        if transition == Transition::ToReseller(reseller_id) {
            return Err(not_partnered());
        }
        match store.remove_partnership(&caller.actor(), reseller_id, transition, &crate::auth::ssr::email_origin()).await {
            Err(crate::store::StoreError::Refused(crate::error::Refusal::NotPartnered)) => Err(not_partnered()),
            other => Ok(other?),
        }
    }

    /// A reseller's two-tier offers of the provider's subscriptions (with their links, at
    /// `origin`) and the customers they made.
    pub async fn resold_offers(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller_id: i64,
        origin: &str,
    ) -> Result<crate::offers::ResoldOffers, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        let mut resold = store.resold_offers(user.organisation_id, reseller_id).await?.ok_or(AppError::NotFound)?;
        for offer in &mut resold.offers {
            offer.url = format!("{origin}{}", offer.url_path);
        }
        resold.may_make_offers = user.can(Permission::ManageCustomers);
        Ok(resold)
    }

    /// What the last removal of the partnership with a reseller did, and the notices drafted
    /// for the customers whose subscriptions named it.
    pub async fn removal_notices(store: &SharedStore, caller: &dyn Caller, reseller_id: i64) -> Result<RemovalReport, AppError> {
        let user = caller.require(Permission::ManagePartnerships)?;
        let (removed_at, rows) = store.reassignments(user.organisation_id, reseller_id).await?.ok_or(AppError::NotFound)?;
        let reseller_name = store.organisation(reseller_id).await?.map(|o| o.name).ok_or(AppError::NotFound)?;
        Ok(RemovalReport {
            moved: rows.iter().filter(|r| r.moved).count(),
            notices: customer_notices(&user.organisation_name, &reseller_name, removed_at, &rows),
            reseller_name,
        })
    }
}

#[server(endpoint = "resellers/list")]
pub async fn list_resellers(search: String) -> Result<ResellersOverview, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let (store, caller) = (store()?, caller().await?);
            Ok(ResellersOverview {
                resellers: service::partnerships(&store, &caller, &search).await?,
                pending: service::pending_requests(&store, &caller).await?,
                may_add_customers: caller.user.can(Permission::ManageCustomers),
            })
        }
        .await,
    )
}

/// Request a partnership: makes a new personalised link and opens its draft email.
#[server(endpoint = "resellers/request")]
pub async fn request_partnership() -> Result<i64, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let id = service::create_request(&store()?, &caller().await?).await?;
            crate::auth::ssr::redirect(&format!("/resellers/requests/{id}"));
            Ok(id)
        }
        .await,
    )
}

#[server(endpoint = "resellers/request/get")]
pub async fn get_partnership_request(id: i64) -> Result<PartnershipDraft, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    respond(
        async {
            let caller = caller().await?;
            let request = service::request(&store()?, &caller, id).await?;
            Ok(PartnershipDraft {
                id,
                provider_name: caller.user.organisation_name,
                link: format!("{}{}", public_origin(), invitation_path(&request.token)),
                recipient_email: request.recipient_email,
                state: request.state,
            })
        }
        .await,
    )
}

/// Done: records whom the request was sent to (optional) and returns to the list.
#[server(endpoint = "resellers/request/done")]
pub async fn finish_partnership_request(id: i64, recipient_email: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::finish_request(&store()?, &caller().await?, id, &recipient_email).await?;
            crate::auth::ssr::redirect("/resellers");
            Ok(())
        }
        .await,
    )
}

/// Send: PartnerDesk emails the request as written, in `locale` (the message's language).
/// Returns the address it went to.
#[server(endpoint = "resellers/request/send")]
pub async fn send_partnership_request(id: i64, recipient_email: String, locale: String, subject: String, body: String) -> Result<String, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    respond(
        async {
            let locale = Locale::from_tag(&locale).unwrap_or_default();
            service::email_request(&store()?, &caller().await?, id, &recipient_email, locale, &subject, &body, &public_origin()).await
        }
        .await,
    )
}

/// Revokes a request's link: whoever opens it afterwards is told it no longer works.
#[server(endpoint = "resellers/request/revoke")]
pub async fn revoke_partnership_request(id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::revoke_request(&store()?, &caller().await?, id).await?;
            crate::auth::ssr::redirect("/resellers");
            Ok(())
        }
        .await,
    )
}

/// What removing the partnership with a reseller leaves in place (for the confirmation).
#[server(endpoint = "resellers/removal")]
pub async fn partnership_removal(reseller_id: i64) -> Result<RemovalImpact, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::removal_impact(&store()?, &caller().await?, reseller_id).await }.await)
}

/// Remove partnership (after Yes), with the transition plan chosen (`transfer_to`: empty or
/// absent keeps the subscriptions as they are). Customers and delegated admin privileges stay.
#[server(endpoint = "resellers/remove")]
pub async fn remove_partnership(reseller_id: i64, transfer_to: Option<String>) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::remove_partnership(&store()?, &caller().await?, reseller_id, transfer_to.as_deref().unwrap_or_default()).await?;
            crate::auth::ssr::redirect(&format!("/resellers?removed={reseller_id}"));
            Ok(())
        }
        .await,
    )
}

/// A reseller's two-tier offers and the customers they made (the provider's view).
#[server(endpoint = "resellers/offers")]
pub async fn reseller_offers(reseller_id: i64) -> Result<crate::offers::ResoldOffers, AppError> {
    use crate::auth::ssr::{caller, public_origin, respond, store};
    respond(async { service::resold_offers(&store()?, &caller().await?, reseller_id, &public_origin()).await }.await)
}

/// What the last removal of the partnership with a reseller did, and the customers' notices.
#[server(endpoint = "resellers/notices")]
pub async fn removal_notices(reseller_id: i64) -> Result<RemovalReport, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::removal_notices(&store()?, &caller().await?, reseller_id).await }.await)
}

/// The request page's data: who asks, its state, and what the visitor may do.
#[server(endpoint = "partnerships/invitation")]
pub async fn partnership_invitation(token: String) -> Result<Invitation, AppError> {
    use crate::auth::ssr::{current_user, respond, store};
    respond(async { service::invitation(&store()?, current_user().await?.as_ref(), &token).await }.await)
}

/// Accepts a partnership request for the signed-in user's own organisation (never another).
#[server(endpoint = "partnerships/accept")]
pub async fn accept_partnership(token: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    respond(
        async {
            service::accept(&store()?, &caller().await?, &token, &email_origin()).await?;
            crate::auth::ssr::redirect("/providers?accepted=1");
            Ok(())
        }
        .await,
    )
}

/// Registers a new indirect reseller organisation with its first user (Global admin): keeps
/// the registration and emails the link that confirms the email, then returns to the request
/// page, which says so. Nothing is created before the email is confirmed.
#[server(endpoint = "partnerships/register")]
pub async fn register_reseller(
    token: String,
    company_name: String,
    mpn_id: String,
    country: String,
    user_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{email_origin, respond, store};
    respond(
        async {
            let form = [company_name, mpn_id, country, user_name, email, password];
            registration::register(&store()?, token.trim(), &form, crate::app::initial_locale(), &email_origin()).await?;
            // The token names a live request (found above): a path segment.
            crate::auth::ssr::redirect(&format!("{}?registered=1", invitation_path(token.trim())));
            Ok(())
        }
        .await,
    )
}

/// What a registration's confirmation link's page shows.
#[server(endpoint = "partnerships/register/status")]
pub async fn get_registration_status(token: String) -> Result<RegistrationStatus, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { registration::status(&store()?, token.trim()).await }.await)
}

/// Confirms a registration's email: creates the organisation and its Global admin, signs them
/// in and opens the partnership request to accept it. A link that is no longer waiting opens
/// its page again, which says why.
#[server(endpoint = "partnerships/register/confirm")]
pub async fn confirm_registration(token: String) -> Result<(), AppError> {
    use crate::auth::ssr::{log_in, redirect, respond, store};
    respond(
        async {
            let store = store()?;
            let token = token.trim();
            match registration::confirm(&store, token).await? {
                Some((user_id, request_path)) => {
                    log_in(user_id).await?;
                    redirect(&request_path);
                }
                // The token's shape was checked: it is a path segment.
                None => redirect(&format!("{REGISTRATION_CONFIRM_PATH}/{token}")),
            }
            Ok(())
        }
        .await,
    )
}

/// Reseller registration through a partnership link: kept until the registrant confirms their
/// email, then the organisation and its Global admin are created.
#[cfg(feature = "ssr")]
pub mod registration {
    use super::*;
    use crate::auth::password_reset::service::token_hash;
    use crate::auth::password_reset::token_shape_ok;
    use crate::store::registrations::NewRegistration;
    use crate::store::{now, SharedStore};
    use domain::email::Email;

    /// Registers through the partnership link `token` (a live request: registration is how a
    /// reseller answers one) with `form` (company name, MPN ID, country, the user's name, email
    /// and password): keeps the registration (its password hashed) and emails the confirmation
    /// link in `locale`. Refused when the MPN ID is held (the operator is told and decides:
    /// whoever registered it first may not be its holder) or the email has an account. Answers
    /// alike when the address registered too often today (nothing is kept).
    pub async fn register(store: &SharedStore, token: &str, form: &[String; 6], locale: Locale, origin: &str) -> Result<(), AppError> {
        let [company_name, mpn_id, country, user_name, email, password] = form;
        if !token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        let request = store.partnership_request_by_token(token).await?.ok_or(AppError::NotFound)?;
        match request.state {
            RequestState::Open => {}
            RequestState::Accepted => return Err(AppError::Refused(Refusal::RequestAlreadyAccepted)),
            RequestState::Revoked => return Err(AppError::Refused(Refusal::RequestRevoked)),
        }
        let valid = ResellerRegistration::validate(company_name, mpn_id, country, user_name, email, password)?;
        let mut taken = FieldErrors::default();
        if store.organisation_by_mpn_id(&valid.mpn_id).await?.is_some() {
            let claim = crate::operator::NewMpnIdConflict {
                mpn_id: valid.mpn_id.clone(),
                request_id: request.id,
                company_name: valid.company_name.clone(),
                country: valid.country.clone(),
                contact_name: valid.user_name.clone(),
                contact_email: valid.email.clone(),
            };
            if store.record_mpn_id_conflict(&claim).await? {
                tracing::warn!(mpn_id = %valid.mpn_id, request = request.id, "MPN ID claimed by a second organisation; waiting for the operator");
            }
            taken.add("mpn_id", crate::error::Problem::MpnIdTaken);
        }
        if store.user_by_email(&valid.email).await?.is_some() {
            taken.add("email", crate::error::Problem::EmailTaken);
        }
        taken.into_result(|| ())?;
        let (request_id, provider) = (request.id, request.provider.name.as_str());
        let password_hash = crate::auth::ssr::hash_password(valid.password.clone()).await?;
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{REGISTRATION_CONFIRM_PATH}/{token}");
        let message = Email::registration_confirmation(&valid.email, locale, &valid.user_name, &valid.company_name, provider, &link);
        let registration = NewRegistration {
            request_id,
            company_name: valid.company_name,
            mpn_id: valid.mpn_id,
            country: valid.country,
            user_name: valid.user_name,
            email: valid.email,
            password_hash,
            locale: locale.tag().to_string(),
            token_hash: token_hash(&token),
            expires_at: now() + REGISTRATION_CONFIRM_HOURS * 3600,
            message,
        };
        if !store.create_registration(&registration).await? {
            tracing::warn!("reseller registrations asked for too often for one address today: none sent");
        }
        Ok(())
    }

    /// Where the registration of a confirmation link is.
    pub async fn status(store: &SharedStore, token: &str) -> Result<RegistrationStatus, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        let link = store.registration_by_token(&token_hash(token), now()).await?.ok_or(AppError::NotFound)?;
        Ok(RegistrationStatus {
            company_name: link.company_name,
            mpn_id: link.mpn_id,
            email: link.email,
            state: link.state,
            request_path: invitation_path(&link.request_token),
        })
    }

    /// Confirms a waiting registration: the organisation and its Global admin are created (in
    /// the registrant's language). Returns the new user and the request's page; `None` when the
    /// link is not waiting (confirmed before, or expired).
    pub async fn confirm(store: &SharedStore, token: &str) -> Result<Option<(i64, String)>, AppError> {
        if !token_shape_ok(token) {
            return Err(AppError::NotFound);
        }
        let hash = token_hash(token);
        let link = store.registration_by_token(&hash, now()).await?.ok_or(AppError::NotFound)?;
        if link.state != RegistrationState::Waiting {
            return Ok(None);
        }
        // Another organisation may have taken the MPN ID or the address meanwhile.
        if store.organisation_by_mpn_id(&link.mpn_id).await?.is_some() {
            return Err(AppError::invalid("mpn_id", crate::error::Problem::MpnIdTaken));
        }
        if store.user_by_email(&link.email).await?.is_some() {
            return Err(AppError::invalid("email", crate::error::Problem::EmailTaken));
        }
        let Some(user_id) = store.confirm_registration(&hash, now()).await? else {
            return Ok(None);
        };
        store.set_user_locale(user_id, &link.locale).await?;
        Ok(Some((user_id, invitation_path(&link.request_token))))
    }
}

/// The reseller's own list of providers, with the customers and subscriptions it was given.
#[server(endpoint = "providers/list")]
pub async fn list_providers() -> Result<Vec<ProviderRow>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::providers(&store()?, &caller().await?).await }.await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::CurrentUser;
    use crate::error::Problem;
    use crate::roles::{Program, Programs, Role};

    fn user(org: i64, roles: &[Role], programs: Programs) -> CurrentUser {
        CurrentUser {
            id: 1,
            name: "Ana".into(),
            email: "ana@example.com".into(),
            organisation_id: org,
            organisation_name: "Adatum".into(),
            roles: roles.to_vec(),
            programs,
            dap_certified: false,
            must_change_password: false,
            mfa_setup_required: false,
        }
    }

    #[test]
    fn the_draft_brings_its_email_in_every_language() {
        let link = "https://pd.example/partnerships/abc";
        let draft =
            PartnershipDraft { id: 1, provider_name: "Northwind".into(), link: link.into(), recipient_email: None, state: RequestState::Open };
        let start = DraftStart::from(draft);
        assert_eq!(start.texts.len(), Locale::ALL.len());
        for locale in Locale::ALL {
            // The texts the page brings write the same email as the whole catalog.
            assert_eq!(start.email(locale), draft_email(&locale, "Northwind", link), "{locale:?}");
            assert!(start.email(locale).1.contains(link));
        }
        assert_ne!(start.email(Locale::Fr), start.email(Locale::En));
    }

    #[test]
    fn only_a_resellers_admins_may_accept() {
        let admin = user(7, &[Role::GlobalAdmin], RESELLER_PROGRAMS);
        assert_eq!(Invitation::viewer_for(Some(&admin), 1, false), Viewer::MayAccept { organisation_name: "Adatum".into() });
        assert_eq!(Invitation::viewer_for(Some(&admin), 1, true), Viewer::AlreadyPartners { organisation_name: "Adatum".into() });
        let agent = user(7, &[Role::AdminAgent], RESELLER_PROGRAMS);
        assert!(matches!(Invitation::viewer_for(Some(&agent), 1, false), Viewer::MayAccept { .. }));
        let sales = user(7, &[Role::SalesAgent], RESELLER_PROGRAMS);
        assert!(matches!(Invitation::viewer_for(Some(&sales), 1, false), Viewer::NotPermitted(AppError::MissingRole { .. })));
        let provider = Programs { indirect_provider: true, ..Default::default() };
        let other_provider = user(8, &[Role::GlobalAdmin], provider);
        assert!(matches!(
            Invitation::viewer_for(Some(&other_provider), 1, false),
            Viewer::NotPermitted(AppError::WrongProgram { program: Program::IndirectReseller })
        ));
        let own = user(1, &[Role::GlobalAdmin], provider);
        assert_eq!(Invitation::viewer_for(Some(&own), 1, false), Viewer::NotPermitted(AppError::Refused(Refusal::OwnRequest)));
        assert_eq!(Invitation::viewer_for(None, 1, false), Viewer::SignedOut);
    }

    #[test]
    fn registration_refuses_a_non_numeric_mpn_id_and_a_short_password() {
        let err = ResellerRegistration::validate("Adatum", "12AB567", "NL", "Ana", "ana@adatum.example", "short").unwrap_err();
        let problems: Vec<_> = err.field_errors().iter().map(|e| (e.field.as_str(), e.problem.clone())).collect();
        assert_eq!(problems, vec![("mpn_id", Problem::Numeric), ("password", Problem::PasswordTooShort { min: PASSWORD_MIN })]);
        let ok = ResellerRegistration::validate(" Adatum ", "3000009", "UK", "Ana", "Ana@Adatum.example", "correct horse battery").unwrap();
        assert_eq!((ok.company_name.as_str(), ok.country.as_str(), ok.email.as_str()), ("Adatum", "GB", "ana@adatum.example"));
    }

    #[test]
    fn the_draft_email_contains_the_link() {
        for locale in Locale::ALL {
            let (subject, body) = draft_email(&locale, "Northwind", "https://pd.example/partnerships/abc");
            assert!(subject.contains("Northwind"), "{locale:?}");
            assert!(body.contains("https://pd.example/partnerships/abc"), "{locale:?}");
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn registrations_never_panic_and_keep_only_valid_values(
            company in "\\PC{0,120}", mpn in "\\PC{0,12}|[0-9]{4,12}", country in "\\PC{0,20}|[A-Za-z]{2}",
            user in "\\PC{0,120}", email in "\\PC{0,40}|[a-z]{1,8}@[a-z]{1,8}\\.[a-z]{2,4}", password in "\\PC{0,140}",
        ) {
            if let Ok(valid) = ResellerRegistration::validate(&company, &mpn, &country, &user, &email, &password) {
                prop_assert_eq!(crate::validate::mpn_id(&valid.mpn_id), Ok(valid.mpn_id.clone()));
                prop_assert_eq!(crate::validate::email(&valid.email), Ok(valid.email.clone()));
                prop_assert_eq!(crate::catalog::parse_country(&valid.country), Ok(valid.country.clone()));
                prop_assert!(!valid.company_name.is_empty() && valid.company_name.chars().count() <= 100);
            }
        }
    }
}
