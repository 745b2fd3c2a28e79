//! Storage of an organisation's users for Settings > Users. Every change names the actor's
//! organisation in its `WHERE` clause, so no organisation can touch another's users.

use super::{Actor, PasswordHash, StoreResult};
use async_trait::async_trait;
use domain::roles::Role;
use domain::users::UserRow;

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn users_of(&self, organisation_id: i64) -> StoreResult<Vec<UserRow>>;
    /// Changes a user's roles, refused (`StoreError::Refused`) when the organisation would be
    /// left without an active Global admin, or the actor would lose their own admin role.
    async fn update_user_roles(&self, actor: &Actor, user_id: i64, roles: &[Role]) -> StoreResult<()>;
    /// Deactivates or reactivates a user, under the same rules. Either way the user's sessions
    /// end for good (their session generation moves on), so reactivating revives none.
    async fn set_user_active(&self, actor: &Actor, user_id: i64, active: bool) -> StoreResult<()>;
    /// An admin sets a temporary password: the user's sessions end and they must choose their
    /// own password at the next sign-in.
    async fn set_user_password(&self, actor: &Actor, user_id: i64, hash: &PasswordHash) -> StoreResult<()>;
    /// The user changes their own password (the caller checked the current one): the flag that
    /// forced it is cleared. Returns the user as stored now, to sign the current session in again.
    async fn change_own_password(&self, actor: &Actor, hash: &PasswordHash) -> StoreResult<super::UserRecord>;
}

/// An organisation's users, as rows for [`user_rows`].
pub(crate) const USERS_OF: &str = "SELECT id, name, email, roles, active FROM users WHERE organisation_id = $1 ORDER BY name, id";

/// Users from their rows (id, name, email, roles, active).
pub(crate) fn user_rows(rows: Vec<(i64, String, String, String, bool)>) -> Vec<UserRow> {
    rows.into_iter().map(|(id, name, email, roles, active)| UserRow { id, name, email, roles: Role::parse_list(&roles), active }).collect()
}

macro_rules! user_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Checks a change of `user_id` (its roles and active flag after the change, from
            /// `after`) against the organisation's rules (`users::check_user_change`) inside the
            /// change's transaction, with the organisation locked: two admins demoting each other
            /// at the same moment cannot both pass. Returns the user as it was.
            async fn check_user_change(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                user_id: i64,
                after: impl FnOnce(&domain::users::UserRow) -> (Vec<domain::roles::Role>, bool) + Send,
            ) -> StoreResult<domain::users::UserRow> {
                // A write first: it takes the organisation's row lock (PostgreSQL) or the
                // database's write lock (SQLite) before anything is read.
                sqlx::query("UPDATE organisations SET id = id WHERE id = $1").bind(actor.organisation_id).execute(&mut **tx).await?;
                let rows = sqlx::query_as(users::USERS_OF).bind(actor.organisation_id).fetch_all(&mut **tx).await?;
                let users = users::user_rows(rows);
                let target = users.iter().find(|u| u.id == user_id).cloned().ok_or(StoreError::NotFound)?;
                let (roles, active) = after(&target);
                domain::users::check_user_change(&users, actor.user_id.unwrap_or(0), user_id, &roles, active).map_err(StoreError::Refused)?;
                Ok(target)
            }
        }

        #[async_trait::async_trait]
        impl users::UserStore for $store {
            async fn users_of(&self, organisation_id: i64) -> StoreResult<Vec<domain::users::UserRow>> {
                let rows = sqlx::query_as(users::USERS_OF).bind(organisation_id).fetch_all(&self.pool).await?;
                Ok(users::user_rows(rows))
            }

            async fn update_user_roles(&self, actor: &Actor, user_id: i64, roles: &[domain::roles::Role]) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let joined = domain::roles::Role::join(roles);
                let target = Self::check_user_change(&mut tx, actor, user_id, |target| (roles.to_vec(), target.active)).await?;
                let before = domain::roles::Role::join(&target.roles);
                let done = sqlx::query("UPDATE users SET roles = $1 WHERE id = $2 AND organisation_id = $3")
                    .bind(&joined)
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "user.roles",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("roles {before} -> {joined}"),
                    },
                )
                .await
            }

            async fn set_user_active(&self, actor: &Actor, user_id: i64, active: bool) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let target = Self::check_user_change(&mut tx, actor, user_id, |target| (target.roles.clone(), active)).await?;
                let before = target.active.to_string();
                let done = sqlx::query(
                    "UPDATE users SET active = $1, session_generation = session_generation + 1 \
                     WHERE id = $2 AND organisation_id = $3",
                )
                .bind(active)
                .bind(user_id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: if active { "user.reactivate" } else { "user.deactivate" },
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("active {before} -> {active}"),
                    },
                )
                .await
            }

            async fn set_user_password(&self, actor: &Actor, user_id: i64, hash: &PasswordHash) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE users SET password_hash = $1, must_change_password = TRUE, \
                     session_generation = session_generation + 1 WHERE id = $2 AND organisation_id = $3",
                )
                .bind(&hash.0)
                .bind(user_id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "user.reset_password",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: "temporary password set; the user's sessions end and they must change it at the next sign-in".to_string(),
                    },
                )
                .await
            }

            async fn change_own_password(&self, actor: &Actor, hash: &PasswordHash) -> StoreResult<UserRecord> {
                let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
                let mut tx = self.begin().await?;
                let row: Option<UserRow> = sqlx::query_as(&format!(
                    "UPDATE users SET password_hash = $1, must_change_password = FALSE \
                     WHERE id = $2 AND organisation_id = $3 AND active = TRUE RETURNING {}",
                    USER_COLUMNS
                ))
                .bind(&hash.0)
                .bind(user_id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let record: UserRecord = row.ok_or(StoreError::NotFound)?.into();
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "user.change_password",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: "changed their own password; their other sessions end".to_string(),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(record)
            }
        }
    };
}

pub(crate) use user_sql;
