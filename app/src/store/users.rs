//! Storage of an organisation's users for Settings > Users. Every change names the actor's
//! organisation in its `WHERE` clause, so no organisation can touch another's users.

use super::{Actor, PasswordHash, StoreResult};
use crate::roles::Role;
use crate::users::UserRow;
use async_trait::async_trait;

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn users_of(&self, organisation_id: i64) -> StoreResult<Vec<UserRow>>;
    async fn update_user_roles(&self, actor: &Actor, user_id: i64, roles: &[Role]) -> StoreResult<()>;
    async fn set_user_active(&self, actor: &Actor, user_id: i64, active: bool) -> StoreResult<()>;
    async fn set_user_password(&self, actor: &Actor, user_id: i64, hash: &PasswordHash) -> StoreResult<()>;
}

macro_rules! user_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::users::UserStore for $store {
            async fn users_of(&self, organisation_id: i64) -> $crate::store::StoreResult<Vec<$crate::users::UserRow>> {
                let rows: Vec<(i64, String, String, String, bool)> = sqlx::query_as(
                    "SELECT id, name, email, roles, active FROM users WHERE organisation_id = $1 ORDER BY name, id",
                )
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await
                .map_err($crate::store::StoreError::from_sqlx)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, email, roles, active)| $crate::users::UserRow {
                        id,
                        name,
                        email,
                        roles: $crate::roles::Role::parse_list(&roles),
                        active,
                    })
                    .collect())
            }

            async fn update_user_roles(
                &self,
                actor: &$crate::store::Actor,
                user_id: i64,
                roles: &[$crate::roles::Role],
            ) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin().await?;
                let joined = $crate::roles::Role::join(roles);
                let before: Option<(String,)> = sqlx::query_as("SELECT roles FROM users WHERE id = $1 AND organisation_id = $2")
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                let before = before.map(|b| b.0).unwrap_or_default();
                let done = sqlx::query("UPDATE users SET roles = $1 WHERE id = $2 AND organisation_id = $3")
                    .bind(&joined)
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, $crate::store::AuditEntry {
                    action: "user.roles",
                    record_type: "user",
                    record_id: user_id.to_string(),
                    summary: format!("roles {before} -> {joined}"),
                })
                .await
            }

            async fn set_user_active(&self, actor: &$crate::store::Actor, user_id: i64, active: bool) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin().await?;
                let before: Option<(bool,)> = sqlx::query_as("SELECT active FROM users WHERE id = $1 AND organisation_id = $2")
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                let before = before.map(|b| b.0.to_string()).unwrap_or_default();
                let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2 AND organisation_id = $3")
                    .bind(active)
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, $crate::store::AuditEntry {
                    action: if active { "user.reactivate" } else { "user.deactivate" },
                    record_type: "user",
                    record_id: user_id.to_string(),
                    summary: format!("active {before} -> {active}"),
                })
                .await
            }

            async fn set_user_password(
                &self,
                actor: &$crate::store::Actor,
                user_id: i64,
                hash: &$crate::store::PasswordHash,
            ) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND organisation_id = $3")
                    .bind(&hash.0)
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, $crate::store::AuditEntry {
                    action: "user.reset_password",
                    record_type: "user",
                    record_id: user_id.to_string(),
                    summary: "temporary password set; the user's sessions end".to_string(),
                })
                .await
            }
        }
    };
}

pub(crate) use user_sql;
