//! Notifications: the messages PartnerDesk sends an organisation's users when something happens
//! that they did not do themselves (a client accepted an offer, a reseller accepted a
//! partnership, a provider removed one), each in its recipient's language, and which of them
//! the organisation's Global admin turned off.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::email::Notification;

#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// The notifications the organisation turned off.
    async fn notifications_off(&self, organisation_id: i64) -> StoreResult<Vec<Notification>>;
    /// Turns exactly `on` on (and the others off) for the actor's organisation; audited.
    async fn set_notifications(&self, actor: &Actor, on: &[Notification]) -> StoreResult<()>;
    /// Keeps the language the user's messages are written in.
    async fn set_user_locale(&self, user_id: i64, locale: &str) -> StoreResult<()>;
}

/// Who a notification goes to: $1 the organisation, $2 one user (or 0 for its Global admins),
/// $3 the notification's code. Only active users who have joined, and nobody when the
/// organisation turned it off.
pub(crate) const RECIPIENTS: &str = "SELECT u.name, u.email, u.locale FROM users u \
     WHERE u.organisation_id = $1 AND u.active = TRUE AND u.invitation_pending = FALSE \
     AND (u.id = $2 OR (CAST($2 AS BIGINT) = 0 AND u.roles LIKE '%global_admin%')) \
     AND NOT EXISTS (SELECT 1 FROM notifications_off n WHERE n.organisation_id = $1 AND n.kind = $3) \
     ORDER BY u.id LIMIT 20";

macro_rules! notification_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Sends a reminder once, however many servers run the round: marks it with `mark`
            /// (`$1`: the record's id, `$2`: `mark_value`) in the transaction that writes
            /// `journal` (its webhook event) and queues `notification` (see [`Self::notify`]).
            /// `false` when it was no longer due (another server sent it, or it changed).
            #[allow(clippy::too_many_arguments)]
            pub(crate) async fn send_reminder_once(
                &self,
                mark: &str,
                id: i64,
                mark_value: i64,
                organisation_id: i64,
                mut journal: Journal,
                notification: domain::email::Notification,
                user_id: Option<i64>,
                compose: impl Fn(&str, &str, domain::i18n::Locale) -> domain::email::Email + Send,
            ) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let marked = sqlx::query(mark).bind(id).bind(mark_value).execute(&mut *tx).await?;
                if marked.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                Self::notify(&mut tx, &mut journal, organisation_id, notification, user_id, compose).await?;
                let actor = Actor { user_id: None, organisation_id, ip: None };
                Self::write_journal(&mut tx, &actor, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            /// Queues `notification` for `user_id` of `organisation_id` (or, without one or when
            /// they cannot get it, the organisation's Global admins), each message composed by
            /// `compose` from the recipient's name, email and language.
            pub(crate) async fn notify(
                tx: &mut sqlx::Transaction<'_, $db>,
                journal: &mut Journal,
                organisation_id: i64,
                notification: domain::email::Notification,
                user_id: Option<i64>,
                compose: impl Fn(&str, &str, domain::i18n::Locale) -> domain::email::Email + Send,
            ) -> StoreResult<()> {
                let mut recipients: Vec<(String, String, String)> = sqlx::query_as(notifications::RECIPIENTS)
                    .bind(organisation_id)
                    .bind(user_id.unwrap_or(0))
                    .bind(notification.code())
                    .fetch_all(&mut **tx)
                    .await?;
                if recipients.is_empty() && user_id.is_some() {
                    recipients = sqlx::query_as(notifications::RECIPIENTS)
                        .bind(organisation_id)
                        .bind(0_i64)
                        .bind(notification.code())
                        .fetch_all(&mut **tx)
                        .await?;
                }
                for (name, email, locale) in recipients {
                    let locale = domain::i18n::Locale::from_tag(&locale).unwrap_or_default();
                    journal.email(Some(organisation_id), compose(&name, &email, locale));
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl notifications::NotificationStore for $store {
            async fn notifications_off(&self, organisation_id: i64) -> StoreResult<Vec<domain::email::Notification>> {
                let codes: Vec<(String,)> = sqlx::query_as("SELECT kind FROM notifications_off WHERE organisation_id = $1")
                    .bind(organisation_id)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(codes.into_iter().filter_map(|(code,)| domain::email::Notification::from_code(&code)).collect())
            }

            async fn set_notifications(&self, actor: &Actor, on: &[domain::email::Notification]) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM notifications_off WHERE organisation_id = $1").bind(actor.organisation_id).execute(&mut *tx).await?;
                let off: Vec<domain::email::Notification> = domain::email::Notification::ALL.into_iter().filter(|n| !on.contains(n)).collect();
                for notification in &off {
                    sqlx::query("INSERT INTO notifications_off (organisation_id, kind) VALUES ($1, $2)")
                        .bind(actor.organisation_id)
                        .bind(notification.code())
                        .execute(&mut *tx)
                        .await?;
                }
                let names = |list: &[domain::email::Notification]| list.iter().map(|n| n.code()).collect::<Vec<_>>().join(", ");
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "organisation.notifications",
                        record_type: "organisation",
                        record_id: actor.organisation_id.to_string(),
                        summary: format!("notifications on: {}; off: {}", names(on), names(&off)),
                    },
                )
                .await?;
                Ok(tx.commit().await?)
            }

            async fn set_user_locale(&self, user_id: i64, locale: &str) -> StoreResult<()> {
                sqlx::query("UPDATE users SET locale = $2 WHERE id = $1 AND locale <> $2").bind(user_id).bind(locale).execute(&self.pool).await?;
                Ok(())
            }
        }
    };
}

pub(crate) use notification_sql;
