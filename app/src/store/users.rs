//! Storage of an organisation's users for Settings > Users. Every change names the actor's
//! organisation in its `WHERE` clause, so no organisation can touch another's users.

use super::{Actor, NewUser, PasswordHash, StoreResult, UserRecord};
use async_trait::async_trait;
use domain::roles::Role;
use domain::users::UserRow;

#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates an organisation and its first user in one transaction; returns the user's id.
    /// (`user.organisation_id` is ignored: the new organisation's id is used.)
    async fn create_user(&self, actor: Option<&Actor>, user: &NewUser) -> StoreResult<i64>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>>;
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

    /// Adds a user who has no password yet, keeps their invitation link (only its token's
    /// hash) and queues the invitation's message, in one transaction. Returns the user's id.
    async fn invite_user(&self, actor: &Actor, user: &NewUser, invitation: &NewInvitation) -> StoreResult<i64>;
    /// Replaces a pending invitation's link with a new one and queues its message; refused
    /// (`Refusal::AlreadyJoined`) once the user has joined.
    async fn resend_invitation(&self, actor: &Actor, user_id: i64, invitation: &NewInvitation) -> StoreResult<()>;
    /// Removes a user who never joined, with their invitations; refused once they joined.
    async fn revoke_invitation(&self, actor: &Actor, user_id: i64) -> StoreResult<()>;
    /// The user a valid invitation link (not used, not expired, the user's newest) is for.
    async fn invitation_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<(UserRecord, String)>>;
    /// Sets the password of the user a valid link is for and uses the link up: they have
    /// joined. `None` when the link is not valid.
    async fn accept_invitation(&self, token_hash: &str, now: i64, hash: &PasswordHash, ip: Option<String>) -> StoreResult<Option<UserRecord>>;
}

/// An invitation link to keep, with its message.
#[derive(Clone, Debug)]
pub struct NewInvitation {
    pub token_hash: String,
    pub expires_at: i64,
    pub email: domain::email::Email,
}

/// An organisation's users, as rows for [`user_rows`].
/// A user invited and not joined gets their newest link's expiry (0 if none is left).
pub(crate) const USERS_OF: &str = "SELECT u.id, u.name, u.email, u.roles, u.active, \
     CASE WHEN u.invitation_pending THEN COALESCE((SELECT MAX(i.expires_at) FROM invitations i \
       WHERE i.user_id = u.id AND i.accepted_at IS NULL), 0) END AS invited_until, u.mfa_enabled_at \
     FROM users u WHERE u.organisation_id = $1 ORDER BY u.name, u.id";

/// A row of [`USERS_OF`]: id, name, email, roles, active, invited until, two-step on since.
pub(crate) type UsersOfRow = (i64, String, String, String, bool, Option<i64>, Option<i64>);

/// Users from their rows.
pub(crate) fn user_rows(rows: Vec<UsersOfRow>) -> Vec<UserRow> {
    rows.into_iter()
        .map(|(id, name, email, roles, active, invited_until, mfa_enabled_at)| UserRow {
            id,
            name,
            email,
            roles: Role::parse_list(&roles),
            active,
            invited_until,
            mfa_on: mfa_enabled_at.is_some(),
        })
        .collect()
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

            /// Keeps an invitation link for `user_id`.
            async fn insert_invitation(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                user_id: i64,
                invitation: &users::NewInvitation,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO invitations (organisation_id, user_id, token_hash, invited_by, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(actor.organisation_id)
                .bind(user_id)
                .bind(&invitation.token_hash)
                .bind(actor.user_id)
                .bind(now())
                .bind(invitation.expires_at)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            /// The email of the actor's organisation's user `user_id` who was invited and has
            /// not joined; refused once they joined, not found in another organisation.
            async fn pending_user(tx: &mut sqlx::Transaction<'_, $db>, actor: &Actor, user_id: i64) -> StoreResult<String> {
                // A write first, so SQLite takes its writer lock before the read.
                sqlx::query("UPDATE users SET id = id WHERE id = $1 AND organisation_id = $2")
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut **tx)
                    .await?;
                let found: Option<(String, bool)> =
                    sqlx::query_as("SELECT email, invitation_pending FROM users WHERE id = $1 AND organisation_id = $2")
                        .bind(user_id)
                        .bind(actor.organisation_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                match found {
                    None => Err(StoreError::NotFound),
                    Some((_, false)) => Err(StoreError::Refused(domain::error::Refusal::AlreadyJoined)),
                    Some((email, true)) => Ok(email),
                }
            }
        }

        #[async_trait::async_trait]
        impl users::UserStore for $store {
            async fn create_user(&self, actor: Option<&Actor>, user: &NewUser) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let id = Self::insert_user(&mut tx, user.organisation_id, user).await?;
                let own = Actor { user_id: None, organisation_id: user.organisation_id, ip: None };
                Self::write_audit(
                    &mut tx,
                    actor.unwrap_or(&own),
                    AuditEntry {
                        action: "user.create",
                        record_type: "user",
                        record_id: id.to_string(),
                        summary: format!("{} <{}> roles {}", user.name, user.email, domain::roles::Role::join(&user.roles)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
                let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {} FROM users WHERE email = $1", USER_COLUMNS))
                    .bind(email.trim().to_lowercase())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(Into::into))
            }

            async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
                let row: Option<UserRow> =
                    sqlx::query_as(&format!("SELECT {} FROM users WHERE id = $1", USER_COLUMNS)).bind(id).fetch_optional(&self.pool).await?;
                Ok(row.map(Into::into))
            }

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

            async fn invite_user(&self, actor: &Actor, user: &NewUser, invitation: &users::NewInvitation) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let id = Self::insert_user(&mut tx, actor.organisation_id, user).await?;
                // Their messages are in the language they were invited in, until they choose.
                sqlx::query("UPDATE users SET invitation_pending = TRUE, locale = $2 WHERE id = $1")
                    .bind(id)
                    .bind(invitation.email.locale.tag())
                    .execute(&mut *tx)
                    .await?;
                Self::insert_invitation(&mut tx, actor, id, invitation).await?;
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "user.invite",
                    record_type: "user",
                    record_id: id.to_string(),
                    summary: format!("{} <{}> roles {}; invitation emailed", user.name, user.email, domain::roles::Role::join(&user.roles)),
                });
                journal.email(Some(actor.organisation_id), invitation.email.clone());
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn resend_invitation(&self, actor: &Actor, user_id: i64, invitation: &users::NewInvitation) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                Self::pending_user(&mut tx, actor, user_id).await?;
                Self::insert_invitation(&mut tx, actor, user_id, invitation).await?;
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "user.invitation_resent",
                    record_type: "user",
                    record_id: user_id.to_string(),
                    summary: "a new invitation link was emailed; the earlier ones no longer work".to_string(),
                });
                journal.email(Some(actor.organisation_id), invitation.email.clone());
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn revoke_invitation(&self, actor: &Actor, user_id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let email = Self::pending_user(&mut tx, actor, user_id).await?;
                sqlx::query("DELETE FROM invitations WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM password_resets WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                let done = sqlx::query("DELETE FROM users WHERE id = $1 AND organisation_id = $2 AND invitation_pending = TRUE")
                    .bind(user_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "user.invitation_revoked",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: format!("<{email}> never joined; the invitation and the account are removed"),
                    },
                )
                .await
            }

            async fn invitation_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<(UserRecord, String)>> {
                let found: Option<(i64, String)> = sqlx::query_as(
                    "SELECT i.user_id, o.name FROM invitations i JOIN organisations o ON o.id = i.organisation_id \
                     WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 \
                     AND i.id = (SELECT MAX(n.id) FROM invitations n WHERE n.user_id = i.user_id)",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                let Some((user_id, organisation)) = found else {
                    return Ok(None);
                };
                Ok(self.user_by_id(user_id).await?.filter(|u| u.active && u.invitation_pending).map(|u| (u, organisation)))
            }

            async fn accept_invitation(
                &self,
                token_hash: &str,
                now: i64,
                hash: &PasswordHash,
                ip: Option<String>,
            ) -> StoreResult<Option<UserRecord>> {
                let mut tx = self.begin().await?;
                let Some(record) = Self::use_link_for_password(&mut tx, EmailedLink::Invitation, token_hash, now, hash).await? else {
                    return Ok(None);
                };
                let actor = Actor { user_id: Some(record.id), organisation_id: record.organisation_id, ip };
                Self::write_audit(
                    &mut tx,
                    &actor,
                    AuditEntry {
                        action: "user.accept_invitation",
                        record_type: "user",
                        record_id: record.id.to_string(),
                        summary: "joined: chose their password from the invitation".to_string(),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(Some(record))
            }
        }
    };
}

pub(crate) use user_sql;
