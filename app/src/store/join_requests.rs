//! Storage of requests to join PartnerDesk: made on the public page, confirmed by the emailed
//! link, decided by the operator. Approval creates the organisation and invites its first user
//! (a Global admin) in the same transaction as the decision and its message.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::email::Email;
use domain::join::{JoinApplication, JoinRequest, JoinRequestStatus};
use domain::roles::Programs;

/// A new request's confirmation link, with its message.
#[derive(Clone, Debug)]
pub struct NewJoinRequest {
    pub application: JoinApplication,
    pub locale: String,
    pub token_hash: String,
    pub expires_at: i64,
    pub email: Email,
}

/// A request as its confirmation link finds it: where it is, and whom to write to.
#[derive(Clone, Debug)]
pub struct JoinRequestLink {
    pub id: i64,
    pub status: JoinRequestStatus,
    pub contact_name: String,
    pub contact_email: String,
    pub locale: String,
}

/// The first admin's invitation of an approved request, with the message that says so.
#[derive(Clone, Debug)]
pub struct Approval {
    pub programs: Programs,
    pub invitation: super::users::NewInvitation,
}

#[async_trait]
pub trait JoinRequestStore: Send + Sync {
    /// Keeps a request and queues its confirmation message, unless its email started
    /// [`domain::join::REQUESTS_PER_EMAIL_PER_DAY`] requests in the last day already (then
    /// nothing is kept or sent: `false`). Unconfirmed requests whose link expired are removed.
    async fn create_join_request(&self, request: &NewJoinRequest) -> StoreResult<bool>;
    /// The request a confirmation link is for (whatever its state), while the link is one.
    async fn join_request_by_token(&self, token_hash: &str) -> StoreResult<Option<JoinRequestLink>>;
    /// Confirms the applicant's email with a link that has not expired, and queues `received`.
    /// `false` when the link is unknown, expired, or used already.
    async fn confirm_join_request(&self, token_hash: &str, now: i64, received: Email) -> StoreResult<bool>;
    /// One request of the operator's queue (confirmed, not decided).
    async fn waiting_join_request(&self, id: i64) -> StoreResult<Option<JoinRequest>>;
    /// The operator's queue: confirmed requests not decided, oldest first.
    async fn waiting_join_requests(&self) -> StoreResult<Vec<JoinRequest>>;
    /// Approves a waiting request: the organisation (in `approval.programs`) and its first user
    /// (a Global admin, invited) are created, the decision recorded and the message queued.
    /// Refused when it was decided already, another organisation holds the MPN ID, or the email
    /// has an account. Returns the new organisation's id.
    async fn approve_join_request(&self, actor: &Actor, id: i64, approval: &Approval) -> StoreResult<i64>;
    /// Declines a waiting request with `reason` and queues `message`.
    async fn decline_join_request(&self, actor: &Actor, id: i64, reason: &str, message: Email) -> StoreResult<()>;
}

/// A queue row's columns, with what the operator should know before approving.
const JOIN_REQUEST_COLUMNS: &str = "SELECT j.id, j.company_name, j.mpn_id, j.country, j.wants_advisor, j.wants_indirect_provider, \
     j.wants_indirect_reseller, j.contact_name, j.contact_email, j.locale, j.created_at, j.confirmed_at, \
     (SELECT o.name FROM organisations o WHERE o.mpn_id = j.mpn_id) AS mpn_id_holder, \
     EXISTS (SELECT 1 FROM users u WHERE u.email = j.contact_email) AS email_has_account \
     FROM join_requests j WHERE j.confirmed_at IS NOT NULL AND j.decided_at IS NULL";

pub(crate) fn join_request_columns() -> &'static str {
    JOIN_REQUEST_COLUMNS
}

macro_rules! join_request_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Marks a waiting request decided inside `tx`; refused when it is not waiting.
            async fn decide_join_request(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                id: i64,
                decision: &str,
                reason: &str,
                organisation_id: Option<i64>,
            ) -> StoreResult<()> {
                let decided = sqlx::query(
                    "UPDATE join_requests SET decided_at = $2, decided_by = $3, decision = $4, decline_reason = $5, organisation_id = $6 \
                     WHERE id = $1 AND confirmed_at IS NOT NULL AND decided_at IS NULL",
                )
                .bind(id)
                .bind(now())
                .bind(actor.user_id)
                .bind(decision)
                .bind(reason)
                .bind(organisation_id)
                .execute(&mut **tx)
                .await?
                .rows_affected();
                if decided == 0 {
                    return Err(StoreError::Refused(domain::error::Refusal::ChangeAlreadyDecided));
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl join_requests::JoinRequestStore for $store {
            async fn create_join_request(&self, request: &join_requests::NewJoinRequest) -> StoreResult<bool> {
                let now = now();
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM join_requests WHERE confirmed_at IS NULL AND expires_at < $1").bind(now).execute(&mut *tx).await?;
                let application = &request.application;
                let (recent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM join_requests WHERE contact_email = $1 AND created_at > $2")
                    .bind(&application.contact_email)
                    .bind(now - 86_400)
                    .fetch_one(&mut *tx)
                    .await?;
                if recent >= domain::join::REQUESTS_PER_EMAIL_PER_DAY {
                    return Ok(false);
                }
                sqlx::query(
                    "INSERT INTO join_requests (company_name, mpn_id, country, wants_advisor, wants_indirect_provider, \
                     wants_indirect_reseller, contact_name, contact_email, locale, token_hash, expires_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(&application.company_name)
                .bind(&application.mpn_id)
                .bind(&application.country)
                .bind(application.programs.advisor)
                .bind(application.programs.indirect_provider)
                .bind(application.programs.indirect_reseller)
                .bind(&application.contact_name)
                .bind(&application.contact_email)
                .bind(&request.locale)
                .bind(&request.token_hash)
                .bind(request.expires_at)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let mut journal = Journal::default();
                journal.email(None, request.email.clone());
                // No organisation's change: the message is the whole journal.
                Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: 0, ip: None }, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn join_request_by_token(&self, token_hash: &str) -> StoreResult<Option<join_requests::JoinRequestLink>> {
                #[allow(clippy::type_complexity)]
                let found: Option<(i64, String, Option<i64>, Option<String>, i64, String, String, String)> = sqlx::query_as(
                    "SELECT id, company_name, confirmed_at, decision, expires_at, contact_name, contact_email, locale \
                     FROM join_requests WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                let Some((id, company_name, confirmed_at, decision, expires_at, contact_name, contact_email, locale)) = found else {
                    return Ok(None);
                };
                use domain::join::JoinRequestState as State;
                let state = match (decision.as_deref(), confirmed_at) {
                    (Some("approved"), _) => State::Approved,
                    (Some(_), _) => State::Declined,
                    (None, Some(_)) => State::AwaitingDecision,
                    (None, None) if expires_at < now() => return Ok(None),
                    (None, None) => State::AwaitingConfirmation,
                };
                let status = domain::join::JoinRequestStatus { company_name, state };
                Ok(Some(join_requests::JoinRequestLink { id, status, contact_name, contact_email, locale }))
            }

            async fn confirm_join_request(&self, token_hash: &str, now: i64, received: domain::email::Email) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let confirmed =
                    sqlx::query("UPDATE join_requests SET confirmed_at = $2 WHERE token_hash = $1 AND confirmed_at IS NULL AND expires_at >= $2")
                        .bind(token_hash)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                if confirmed == 0 {
                    return Ok(false);
                }
                let mut journal = Journal::default();
                journal.email(None, received);
                Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: 0, ip: None }, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn waiting_join_request(&self, id: i64) -> StoreResult<Option<domain::join::JoinRequest>> {
                Ok(sqlx::query_as(&format!("{} AND j.id = $1", join_requests::join_request_columns())).bind(id).fetch_optional(&self.pool).await?)
            }

            async fn waiting_join_requests(&self) -> StoreResult<Vec<domain::join::JoinRequest>> {
                Ok(sqlx::query_as(&format!("{} ORDER BY j.confirmed_at, j.id LIMIT $1", join_requests::join_request_columns()))
                    .bind(domain::join::QUEUE_MAX)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn approve_join_request(&self, actor: &Actor, id: i64, approval: &join_requests::Approval) -> StoreResult<i64> {
                use domain::error::Refusal;
                let mut tx = self.begin().await?;
                let request: Option<domain::join::JoinRequest> =
                    sqlx::query_as(&format!("{} AND j.id = $1", join_requests::join_request_columns())).bind(id).fetch_optional(&mut *tx).await?;
                let request = request.ok_or(StoreError::Refused(Refusal::ChangeAlreadyDecided))?;
                if request.mpn_id_holder.is_some() {
                    return Err(StoreError::Refused(Refusal::MpnIdHeld));
                }
                if request.email_has_account {
                    return Err(StoreError::Refused(Refusal::EmailHasAccount));
                }
                let organisation = NewOrganisation {
                    name: request.company_name.clone(),
                    mpn_id: request.mpn_id.clone(),
                    country: request.country.clone(),
                    programs: approval.programs,
                    dap_certified: false,
                    advisor_code: None,
                };
                let organisation_id = Self::insert_organisation(&mut tx, &organisation).await?;
                if approval.programs.advisor {
                    Self::ensure_advisor_code(&mut tx, organisation_id, &request.company_name).await?;
                }
                let admin = NewUser {
                    organisation_id,
                    email: request.contact_email.clone(),
                    name: request.contact_name.clone(),
                    // No password: nothing signs in until the person chooses one.
                    password_hash: PasswordHash(String::new()),
                    roles: vec![domain::roles::Role::GlobalAdmin],
                    must_change_password: false,
                };
                let user_id = Self::insert_user(&mut tx, organisation_id, &admin).await?;
                sqlx::query("UPDATE users SET invitation_pending = TRUE, locale = $2 WHERE id = $1")
                    .bind(user_id)
                    .bind(&request.locale)
                    .execute(&mut *tx)
                    .await?;
                let in_new = Actor { user_id: actor.user_id, organisation_id, ip: actor.ip.clone() };
                Self::insert_invitation(&mut tx, &in_new, user_id, &approval.invitation).await?;
                Self::decide_join_request(&mut tx, actor, id, "approved", "", Some(organisation_id)).await?;
                let summary = format!(
                    "{} (MPN ID {}, {}) joined with {}; first Global admin {} <{}> invited",
                    request.company_name,
                    request.mpn_id,
                    request.country,
                    organisations::programs_summary(approval.programs),
                    request.contact_name,
                    request.contact_email
                );
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "join.approve",
                    record_type: "organisation",
                    record_id: organisation_id.to_string(),
                    summary: summary.clone(),
                });
                journal.email(Some(organisation_id), approval.invitation.email.clone());
                Self::write_journal(&mut tx, actor, journal).await?;
                Self::write_audit(
                    &mut tx,
                    &actor.seen_from(organisation_id),
                    AuditEntry { action: "join.approve", record_type: "organisation", record_id: organisation_id.to_string(), summary },
                )
                .await?;
                tx.commit().await?;
                Ok(organisation_id)
            }

            async fn decline_join_request(&self, actor: &Actor, id: i64, reason: &str, message: domain::email::Email) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let found: Option<(String, String)> = sqlx::query_as(
                    "SELECT company_name, contact_email FROM join_requests WHERE id = $1 AND confirmed_at IS NOT NULL AND decided_at IS NULL",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let (company, email) = found.ok_or(StoreError::Refused(domain::error::Refusal::ChangeAlreadyDecided))?;
                Self::decide_join_request(&mut tx, actor, id, "declined", reason, None).await?;
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "join.decline",
                    record_type: "join_request",
                    record_id: id.to_string(),
                    summary: format!("{company} <{email}> declined: {reason}"),
                });
                journal.email(None, message);
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use join_request_sql;
