//! The installation itself: whether anyone has an account yet, and the one-time setup code that
//! creates the first operator on an empty database.

use super::{NewOrganisation, NewUser, StoreResult};
use async_trait::async_trait;

#[async_trait]
pub trait InstallationStore: Send + Sync {
    /// Whether any user exists (an installation that has one is set up).
    async fn has_users(&self) -> StoreResult<bool>;
    /// Keeps a new setup code (its hash), replacing any earlier one.
    async fn replace_setup_code(&self, code_hash: &str, now: i64) -> StoreResult<()>;
    /// Uses the setup code up and creates the operators' organisation with its first operator,
    /// in one transaction. `None` when the code is not the current one, or users exist already.
    async fn complete_first_run(&self, code_hash: &str, organisation: &NewOrganisation, operator: &NewUser) -> StoreResult<Option<i64>>;
}

macro_rules! installation_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl installation::InstallationStore for $store {
            async fn has_users(&self) -> StoreResult<bool> {
                let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM users LIMIT 1").fetch_optional(&self.pool).await?;
                Ok(found.is_some())
            }

            async fn replace_setup_code(&self, code_hash: &str, now: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM setup_codes").execute(&mut *tx).await?;
                sqlx::query("INSERT INTO setup_codes (code_hash, created_at) VALUES ($1, $2)").bind(code_hash).bind(now).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn complete_first_run(&self, code_hash: &str, organisation: &NewOrganisation, operator: &NewUser) -> StoreResult<Option<i64>> {
                let mut tx = self.begin().await?;
                // The code is used up first: of two setups at once, one deletes it and the
                // other finds nothing.
                let used: Option<(String,)> = sqlx::query_as("DELETE FROM setup_codes WHERE code_hash = $1 RETURNING code_hash")
                    .bind(code_hash)
                    .fetch_optional(&mut *tx)
                    .await?;
                if used.is_none() {
                    return Ok(None);
                }
                let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM users LIMIT 1").fetch_optional(&mut *tx).await?;
                if existing.is_some() {
                    return Ok(None);
                }
                let organisation_id = Self::insert_organisation(&mut tx, organisation).await?;
                let user_id = Self::insert_user(&mut tx, organisation_id, operator).await?;
                let actor = Actor { user_id: Some(user_id), organisation_id, ip: None };
                Self::write_audit(
                    &mut tx,
                    &actor,
                    AuditEntry {
                        action: "installation.first_run",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("first operator {} <{}> created with the setup code", operator.name, operator.email),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(Some(user_id))
            }
        }
    };
}

pub(crate) use installation_sql;
