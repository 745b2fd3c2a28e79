//! Storage of reseller registrations made through a provider's partnership link: kept until
//! the registrant confirms their email with the emailed link, which creates the reseller
//! organisation and its first user (a Global admin) in one transaction. Nothing is created, and
//! no MPN ID is held, for an address nobody confirmed.

use super::{PasswordHash, StoreResult};
use async_trait::async_trait;
use domain::email::Email;
use domain::resellers::RegistrationState;

/// A registration to keep until its email is confirmed, with the message carrying its link.
#[derive(Clone, Debug)]
pub struct NewRegistration {
    pub request_id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub country: String,
    pub user_name: String,
    pub email: String,
    pub password_hash: PasswordHash,
    pub locale: String,
    pub token_hash: String,
    pub expires_at: i64,
    pub message: Email,
}

/// A registration as its confirmation link finds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationLink {
    pub company_name: String,
    pub mpn_id: String,
    pub email: String,
    pub locale: String,
    pub state: RegistrationState,
    /// The partnership request's own link token, to answer it once registered.
    pub request_token: String,
}

#[async_trait]
pub trait RegistrationStore: Send + Sync {
    /// Keeps a registration and queues its confirmation message, unless its email started
    /// [`domain::resellers::REGISTRATIONS_PER_EMAIL_PER_DAY`] registrations in the last 24 hours
    /// (then nothing is kept or sent, and the answer is alike). Returns whether it was kept.
    async fn create_registration(&self, registration: &NewRegistration) -> StoreResult<bool>;
    async fn registration_by_token(&self, token_hash: &str, now: i64) -> StoreResult<Option<RegistrationLink>>;
    /// Confirms a waiting registration: creates the reseller organisation (programs: indirect
    /// reseller) and its Global admin with the password chosen, audited, in one transaction.
    /// Returns the new user's id; `None` when the link is not waiting (used, expired, unknown).
    async fn confirm_registration(&self, token_hash: &str, now: i64) -> StoreResult<Option<i64>>;
}

macro_rules! registration_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl registrations::RegistrationStore for $store {
            async fn create_registration(&self, registration: &registrations::NewRegistration) -> StoreResult<bool> {
                let now = now();
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM reseller_registrations WHERE confirmed_at IS NULL AND expires_at < $1")
                    .bind(now - 86_400)
                    .execute(&mut *tx)
                    .await?;
                let (recent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reseller_registrations WHERE email = $1 AND created_at > $2")
                    .bind(&registration.email)
                    .bind(now - 86_400)
                    .fetch_one(&mut *tx)
                    .await?;
                if recent >= domain::resellers::REGISTRATIONS_PER_EMAIL_PER_DAY {
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO reseller_registrations (request_id, company_name, mpn_id, country, user_name, email, password_hash, \
                     locale, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(registration.request_id)
                .bind(&registration.company_name)
                .bind(&registration.mpn_id)
                .bind(&registration.country)
                .bind(&registration.user_name)
                .bind(&registration.email)
                .bind(&registration.password_hash.0)
                .bind(&registration.locale)
                .bind(&registration.token_hash)
                .bind(registration.expires_at)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let mut journal = Journal::default();
                journal.email(None, registration.message.clone());
                // No organisation exists yet: the message is the whole journal.
                Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: 0, ip: None }, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn registration_by_token(&self, token_hash: &str, now: i64) -> StoreResult<Option<registrations::RegistrationLink>> {
                #[allow(clippy::type_complexity)]
                let found: Option<(String, String, String, String, Option<i64>, i64, String)> = sqlx::query_as(
                    "SELECT r.company_name, r.mpn_id, r.email, r.locale, r.confirmed_at, r.expires_at, p.token \
                     FROM reseller_registrations r JOIN partnership_requests p ON p.id = r.request_id WHERE r.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.map(|(company_name, mpn_id, email, locale, confirmed_at, expires_at, request_token)| registrations::RegistrationLink {
                    company_name,
                    mpn_id,
                    email,
                    locale,
                    state: match confirmed_at {
                        Some(_) => domain::resellers::RegistrationState::Confirmed,
                        None if expires_at <= now => domain::resellers::RegistrationState::Expired,
                        None => domain::resellers::RegistrationState::Waiting,
                    },
                    request_token,
                }))
            }

            async fn confirm_registration(&self, token_hash: &str, now: i64) -> StoreResult<Option<i64>> {
                let mut tx = self.begin().await?;
                #[allow(clippy::type_complexity)]
                let claimed: Option<(String, String, String, String, String, String)> = sqlx::query_as(
                    "UPDATE reseller_registrations SET confirmed_at = $1 \
                     WHERE token_hash = $2 AND confirmed_at IS NULL AND expires_at > $1 \
                     RETURNING company_name, mpn_id, country, user_name, email, password_hash",
                )
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((name, mpn_id, country, user_name, email, password_hash)) = claimed else {
                    return Ok(None);
                };
                let org = NewOrganisation {
                    name,
                    mpn_id,
                    country,
                    programs: domain::resellers::RESELLER_PROGRAMS,
                    dap_certified: false,
                    advisor_code: None,
                };
                let user = NewUser {
                    organisation_id: 0,
                    email,
                    name: user_name,
                    password_hash: PasswordHash(password_hash),
                    roles: vec![domain::roles::Role::GlobalAdmin],
                    // They chose it themselves.
                    must_change_password: false,
                };
                let org_id = Self::insert_organisation(&mut tx, &org).await?;
                let user_id = Self::insert_user(&mut tx, org_id, &user).await?;
                let actor = Actor { user_id: Some(user_id), organisation_id: org_id, ip: None };
                Self::write_audit(
                    &mut tx,
                    &actor,
                    AuditEntry {
                        action: "organisation.register",
                        record_type: "organisation",
                        record_id: org_id.to_string(),
                        summary: format!(
                            "{} (MPN ID {}, {}) registered through a partnership link by {}, who confirmed their email",
                            org.name, org.mpn_id, org.country, user.email
                        ),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(Some(user_id))
            }
        }
    };
}

pub(crate) use registration_sql;
