//! The email queue and password reset links. A message is queued by the change that causes it,
//! in its transaction ([`Journal::email`](super::Journal::email)); the mail worker claims due
//! messages, sends them and records the outcome.

use super::{PasswordHash, StoreResult, UserRecord};
use async_trait::async_trait;

/// A message the worker claimed, to send now.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct QueuedEmail {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub reply_to: Option<String>,
    pub attempts: i64,
}

pub use domain::email::EmailLogLine;

/// What became of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// Tried again at `retry_at`, or given up when `None`.
    Failed {
        error: String,
        retry_at: Option<i64>,
    },
}

#[async_trait]
pub trait EmailStore: Send + Sync {
    /// Claims up to `batch` due messages until `claim_until` (so no other server sends them
    /// meanwhile), oldest first.
    async fn claim_emails(&self, now: i64, claim_until: i64, batch: i64) -> StoreResult<Vec<QueuedEmail>>;
    /// Records an attempt's outcome; a sent message keeps its subject and recipient only.
    async fn record_email_attempt(&self, id: i64, now: i64, outcome: SendOutcome) -> StoreResult<()>;
    /// The newest messages first, for the operator's delivery log.
    async fn email_log(&self, limit: i64) -> StoreResult<Vec<EmailLogLine>>;

    /// Keeps a reset link for the user (only its token's hash) and queues its message, unless
    /// the user had [`domain::email::PASSWORD_RESETS_PER_HOUR`] links in the last hour. Returns
    /// whether it was queued. `by`: the user themselves (Forgot password?) or an admin of
    /// their organisation (Settings > Users).
    async fn create_password_reset(
        &self,
        by: &super::Actor,
        user: &UserRecord,
        token_hash: &str,
        now: i64,
        email: domain::email::Email,
    ) -> StoreResult<bool>;
    /// Queues a message a user of the actor's organisation wrote (a partnership request, a
    /// purchase offer: [`domain::email::PartnerMessage`]) with its audit entry, unless the
    /// organisation had [`domain::email::PARTNER_MESSAGES_PER_DAY`] such messages queued in the
    /// last 24 hours, or [`domain::email::PARTNER_MESSAGES_PER_RECIPIENT_PER_DAY`] to the same
    /// address. Returns whether it was queued.
    async fn queue_partner_message(&self, actor: &super::Actor, email: domain::email::Email, entry: super::AuditEntry) -> StoreResult<bool>;
    /// Sets the password of the user a valid link (unused, not expired, the user's newest) is
    /// for, uses the link up and ends the user's sessions. `None` when the link is not valid.
    async fn reset_password(&self, token_hash: &str, now: i64, hash: &PasswordHash, ip: Option<String>) -> StoreResult<Option<UserRecord>>;
}

macro_rules! email_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl emails::EmailStore for $store {
            async fn claim_emails(&self, now: i64, claim_until: i64, batch: i64) -> StoreResult<Vec<emails::QueuedEmail>> {
                // The outer WHERE repeats the conditions: when two servers pick the same row,
                // the second one's UPDATE re-checks them after the first commits, and skips it.
                let claimed: Vec<emails::QueuedEmail> = sqlx::query_as(
                    "UPDATE emails SET claimed_until = $1 WHERE id IN ( \
                       SELECT id FROM emails WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $2 \
                         AND (claimed_until IS NULL OR claimed_until < $2) ORDER BY next_attempt_at, id LIMIT $3) \
                     AND sent_at IS NULL AND gave_up_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2) \
                     RETURNING id, kind, recipient, subject, text_body, html_body, reply_to, attempts",
                )
                .bind(claim_until)
                .bind(now)
                .bind(batch)
                .fetch_all(&self.pool)
                .await?;
                Ok(claimed)
            }

            async fn record_email_attempt(&self, id: i64, now: i64, outcome: emails::SendOutcome) -> StoreResult<()> {
                match outcome {
                    emails::SendOutcome::Sent => {
                        sqlx::query(
                            "UPDATE emails SET sent_at = $1, attempts = attempts + 1, claimed_until = NULL, last_error = NULL, \
                             text_body = '', html_body = '' WHERE id = $2",
                        )
                        .bind(now)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    }
                    emails::SendOutcome::Failed { error, retry_at } => {
                        let error: String = error.chars().take(500).collect();
                        sqlx::query(
                            "UPDATE emails SET attempts = attempts + 1, claimed_until = NULL, last_error = $1, \
                             next_attempt_at = COALESCE($2, next_attempt_at), gave_up_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END \
                             WHERE id = $4",
                        )
                        .bind(error)
                        .bind(retry_at)
                        .bind(now)
                        .bind(id)
                        .execute(&self.pool)
                        .await?;
                    }
                }
                Ok(())
            }

            async fn email_log(&self, limit: i64) -> StoreResult<Vec<emails::EmailLogLine>> {
                Ok(sqlx::query_as(
                    "SELECT id, kind, recipient, subject, created_at, attempts, sent_at, gave_up_at, last_error \
                     FROM emails ORDER BY created_at DESC, id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_password_reset(
                &self,
                by: &Actor,
                user: &UserRecord,
                token_hash: &str,
                now: i64,
                email: domain::email::Email,
            ) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                // The write comes first, so that SQLite takes the writer lock before the count
                // (two requests at once cannot both see room for one more).
                sqlx::query("INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                    .bind(user.id)
                    .bind(token_hash)
                    .bind(now)
                    .bind(now + domain::email::PASSWORD_RESET_MINUTES * 60)
                    .execute(&mut *tx)
                    .await?;
                let (recent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND created_at > $2")
                    .bind(user.id)
                    .bind(now - 3600)
                    .fetch_one(&mut *tx)
                    .await?;
                if recent > domain::email::PASSWORD_RESETS_PER_HOUR {
                    tx.rollback().await?;
                    return Ok(false);
                }
                let own = by.user_id == Some(user.id);
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: if own { "user.password_reset_requested" } else { "user.password_reset_link_sent" },
                    record_type: "user",
                    record_id: user.id.to_string(),
                    summary: if own {
                        "asked for a password reset link".to_string()
                    } else {
                        format!("a password reset link was emailed to <{}>", user.email)
                    },
                });
                journal.email(Some(user.organisation_id), email);
                Self::write_journal(&mut tx, by, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn queue_partner_message(&self, actor: &Actor, email: domain::email::Email, entry: AuditEntry) -> StoreResult<bool> {
                let recipient = email.to.clone();
                let mut tx = self.begin().await?;
                // The write comes first, so that SQLite takes the writer lock before the count.
                let mut journal = Journal::default();
                journal.audit(entry);
                journal.email(Some(actor.organisation_id), email);
                Self::write_journal(&mut tx, actor, journal).await?;
                let (today, to_recipient): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN recipient = $3 THEN 1 ELSE 0 END), 0) FROM emails \
                     WHERE organisation_id = $1 AND created_at > $2 AND kind IN ('partnership_request', 'purchase_offer')",
                )
                .bind(actor.organisation_id)
                .bind(now() - 24 * 3600)
                .bind(&recipient)
                .fetch_one(&mut *tx)
                .await?;
                if today > domain::email::PARTNER_MESSAGES_PER_DAY || to_recipient > domain::email::PARTNER_MESSAGES_PER_RECIPIENT_PER_DAY {
                    tx.rollback().await?;
                    return Ok(false);
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn reset_password(&self, token_hash: &str, now: i64, hash: &PasswordHash, ip: Option<String>) -> StoreResult<Option<UserRecord>> {
                let mut tx = self.begin().await?;
                let Some(record) = Self::use_link_for_password(&mut tx, EmailedLink::PasswordReset, token_hash, now, hash).await? else {
                    return Ok(None);
                };
                let actor = Actor { user_id: Some(record.id), organisation_id: record.organisation_id, ip };
                Self::write_audit(
                    &mut tx,
                    &actor,
                    AuditEntry {
                        action: "user.reset_own_password",
                        record_type: "user",
                        record_id: record.id.to_string(),
                        summary: "chose a new password from an emailed link; their sessions end".to_string(),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(Some(record))
            }
        }
    };
}

pub(crate) use email_sql;
