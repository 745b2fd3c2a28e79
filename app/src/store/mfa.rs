//! Storage of two-step verification: each user's TOTP secret (and the pending one while they set
//! up their app), the last time step accepted, the hashes of their recovery codes, and the
//! organisation's requirement. Every change is audited.

use super::{Actor, StoreResult};
use async_trait::async_trait;

/// A TOTP secret (Base32). Deliberately neither `Serialize` nor `Debug`-printable: it never
/// reaches a browser except on the setup page that shows it on purpose.
#[derive(Clone)]
pub struct MfaSecret(pub String);

impl std::fmt::Debug for MfaSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MfaSecret(…)")
    }
}

/// A user's two-step verification as kept.
#[derive(Clone, Debug)]
pub struct MfaRecord {
    pub secret: Option<MfaSecret>,
    pub pending: Option<MfaSecret>,
    pub enabled_at: Option<i64>,
    pub recovery_codes_left: i64,
    /// The organisation requires two-step verification.
    pub required: bool,
}

#[async_trait]
pub trait MfaStore: Send + Sync {
    /// The user's two-step verification.
    async fn mfa_record(&self, user_id: i64) -> StoreResult<Option<MfaRecord>>;
    /// Keeps a new secret for the user to set up their app with (it replaces an earlier one not
    /// confirmed; the one in use, if any, stays until the new one is confirmed).
    async fn begin_mfa_setup(&self, user_id: i64, pending: &MfaSecret) -> StoreResult<()>;
    /// Turns two-step verification on with the pending secret, whose code for time step `step`
    /// the user typed, and replaces the recovery codes. `false` when nothing was pending.
    async fn enable_mfa(&self, actor: &Actor, user_id: i64, step: i64, recovery_code_hashes: &[String]) -> StoreResult<bool>;
    /// Records that the code of time step `step` was used: `false` when that step (or a later
    /// one) was used already, so a code works once.
    async fn use_mfa_step(&self, user_id: i64, step: i64) -> StoreResult<bool>;
    /// Uses a recovery code up: `false` when the user has no unused code with that hash.
    async fn use_recovery_code(&self, actor: &Actor, user_id: i64, code_hash: &str) -> StoreResult<bool>;
    /// Replaces the user's recovery codes (the earlier ones stop working).
    async fn replace_recovery_codes(&self, actor: &Actor, user_id: i64, recovery_code_hashes: &[String]) -> StoreResult<()>;
    /// Turns the user's two-step verification off (their own choice, or an admin's reset: the
    /// actor says which), with their recovery codes.
    async fn turn_off_mfa(&self, actor: &Actor, user_id: i64) -> StoreResult<()>;
    /// Requires two-step verification of every user of the actor's organisation, or not.
    async fn set_mfa_required(&self, actor: &Actor, required: bool) -> StoreResult<()>;
    /// Users whose secret or pending secret is kept without `sealed_prefix` (kept before
    /// secrets were sealed): (user, secret, pending secret).
    #[allow(clippy::type_complexity)]
    async fn mfa_secrets_not_sealed(&self, sealed_prefix: &str) -> StoreResult<Vec<(i64, Option<String>, Option<String>)>>;
    /// Keeps the user's secrets as given (sealed).
    async fn replace_mfa_secrets(&self, user_id: i64, secret: Option<&MfaSecret>, pending: Option<&MfaSecret>) -> StoreResult<()>;
}

macro_rules! mfa_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn insert_recovery_codes(tx: &mut sqlx::Transaction<'_, $db>, user_id: i64, hashes: &[String]) -> StoreResult<()> {
                sqlx::query("DELETE FROM mfa_recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
                if hashes.is_empty() {
                    return Ok(());
                }
                let now = now();
                let mut insert = sqlx::QueryBuilder::<$db>::new("INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) ");
                insert.push_values(hashes, |mut row, hash| {
                    row.push_bind(user_id).push_bind(hash.clone()).push_bind(now);
                });
                insert.build().execute(&mut **tx).await?;
                Ok(())
            }

            /// The user's name and email, for the audit line (of the actor's organisation only).
            async fn mfa_user(tx: &mut sqlx::Transaction<'_, $db>, actor: &Actor, user_id: i64) -> StoreResult<(String, String)> {
                let found: Option<(String, String)> = sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND organisation_id = $2")
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .fetch_optional(&mut **tx)
                    .await?;
                found.ok_or(StoreError::NotFound)
            }
        }

        #[async_trait::async_trait]
        impl mfa::MfaStore for $store {
            async fn mfa_secrets_not_sealed(&self, sealed_prefix: &str) -> StoreResult<Vec<(i64, Option<String>, Option<String>)>> {
                let pattern = format!("{sealed_prefix}%");
                Ok(sqlx::query_as(
                    "SELECT id, mfa_secret, mfa_pending_secret FROM users \
                     WHERE (mfa_secret IS NOT NULL AND mfa_secret NOT LIKE $1) OR (mfa_pending_secret IS NOT NULL AND mfa_pending_secret NOT LIKE $1)",
                )
                .bind(pattern)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn replace_mfa_secrets(&self, user_id: i64, secret: Option<&mfa::MfaSecret>, pending: Option<&mfa::MfaSecret>) -> StoreResult<()> {
                sqlx::query("UPDATE users SET mfa_secret = $2, mfa_pending_secret = $3 WHERE id = $1")
                    .bind(user_id)
                    .bind(secret.map(|s| s.0.as_str()))
                    .bind(pending.map(|s| s.0.as_str()))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mfa_record(&self, user_id: i64) -> StoreResult<Option<mfa::MfaRecord>> {
                let found: Option<(Option<String>, Option<String>, Option<i64>, i64, bool)> = sqlx::query_as(
                    "SELECT u.mfa_secret, u.mfa_pending_secret, u.mfa_enabled_at, \
                     (SELECT COUNT(*) FROM mfa_recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL), o.require_mfa \
                     FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
                )
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.map(|(secret, pending, enabled_at, recovery_codes_left, required)| mfa::MfaRecord {
                    secret: secret.map(mfa::MfaSecret),
                    pending: pending.map(mfa::MfaSecret),
                    enabled_at,
                    recovery_codes_left,
                    required,
                }))
            }

            async fn begin_mfa_setup(&self, user_id: i64, pending: &mfa::MfaSecret) -> StoreResult<()> {
                sqlx::query("UPDATE users SET mfa_pending_secret = $2 WHERE id = $1").bind(user_id).bind(&pending.0).execute(&self.pool).await?;
                Ok(())
            }

            async fn enable_mfa(&self, actor: &Actor, user_id: i64, step: i64, recovery_code_hashes: &[String]) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let enabled = sqlx::query(
                    "UPDATE users SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_enabled_at = $2, mfa_last_step = $3 \
                     WHERE id = $1 AND mfa_pending_secret IS NOT NULL",
                )
                .bind(user_id)
                .bind(now())
                .bind(step)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if enabled == 0 {
                    return Ok(false);
                }
                Self::insert_recovery_codes(&mut tx, user_id, recovery_code_hashes).await?;
                let (name, email) = Self::mfa_user(&mut tx, actor, user_id).await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "user.mfa_on",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("{name} <{email}> turned two-step verification on"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn use_mfa_step(&self, user_id: i64, step: i64) -> StoreResult<bool> {
                let used = sqlx::query(
                    "UPDATE users SET mfa_last_step = $2 WHERE id = $1 AND mfa_secret IS NOT NULL \
                     AND (mfa_last_step IS NULL OR mfa_last_step < $2)",
                )
                .bind(user_id)
                .bind(step)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(used > 0)
            }

            async fn use_recovery_code(&self, actor: &Actor, user_id: i64, code_hash: &str) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let used = sqlx::query("UPDATE mfa_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
                    .bind(user_id)
                    .bind(code_hash)
                    .bind(now())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if used == 0 {
                    return Ok(false);
                }
                let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL")
                    .bind(user_id)
                    .fetch_one(&mut *tx)
                    .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "user.mfa_recovery_code",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("signed in with a recovery code ({left} left)"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn replace_recovery_codes(&self, actor: &Actor, user_id: i64, recovery_code_hashes: &[String]) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (name, email) = Self::mfa_user(&mut tx, actor, user_id).await?;
                Self::insert_recovery_codes(&mut tx, user_id, recovery_code_hashes).await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "user.mfa_recovery_codes",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("{name} <{email}> made new recovery codes (the earlier ones stopped working)"),
                    },
                )
                .await?;
                Ok(tx.commit().await?)
            }

            async fn turn_off_mfa(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (name, email) = Self::mfa_user(&mut tx, actor, user_id).await?;
                sqlx::query(
                    "UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1",
                )
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
                Self::insert_recovery_codes(&mut tx, user_id, &[]).await?;
                let (action, summary) = if actor.user_id == Some(user_id) {
                    ("user.mfa_off", format!("{name} <{email}> turned two-step verification off"))
                } else {
                    ("user.mfa_reset", format!("two-step verification of {name} <{email}> reset by an admin"))
                };
                Self::write_audit(&mut tx, actor, AuditEntry { action, record_type: "user", record_id: user_id.to_string(), summary }).await?;
                Ok(tx.commit().await?)
            }

            async fn set_mfa_required(&self, actor: &Actor, required: bool) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let changed = sqlx::query("UPDATE organisations SET require_mfa = $2 WHERE id = $1 AND require_mfa <> $2")
                    .bind(actor.organisation_id)
                    .bind(required)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if changed > 0 {
                    let summary = if required {
                        "two-step verification required of every user".to_string()
                    } else {
                        "two-step verification no longer required".to_string()
                    };
                    Self::write_audit(
                        &mut tx,
                        actor,
                        AuditEntry {
                            action: "organisation.require_mfa",
                            record_type: "organisation",
                            record_id: actor.organisation_id.to_string(),
                            summary,
                        },
                    )
                    .await?;
                }
                Ok(tx.commit().await?)
            }
        }
    };
}

pub(crate) use mfa_sql;
