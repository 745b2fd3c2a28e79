//! Storage of what clients who do not accept tell the advisor: questions and declines sent from
//! an offer's page (see [`domain::offers::replies`]).

use super::StoreResult;
use async_trait::async_trait;
use domain::offers::replies::{OfferReply, ValidReply};

#[async_trait]
pub trait OfferReplyStore: Send + Sync {
    /// Keeps a client's reply with its audit entry, its webhook event (`offer.question` or
    /// `offer.declined`) and the advisor's notification (links to `origin`; answers go to the
    /// client's address) in one transaction. The same idempotency key keeps one reply; returns
    /// whether this call kept it. `client` groups the senders as the public limits do.
    async fn reply_to_offer(&self, offer_id: i64, reply: &ValidReply, client: &str, ip: Option<String>, origin: &str) -> StoreResult<bool>;
    /// How many replies `client` sent about the offer since `since`.
    async fn client_replies_since(&self, offer_id: i64, client: &str, since: i64) -> StoreResult<i64>;
    /// The offer's replies, newest first (at most [`REPLIES_SHOWN`]).
    async fn offer_replies(&self, offer_id: i64) -> StoreResult<Vec<OfferReply>>;
}

/// The most replies an offer's page lists.
pub const REPLIES_SHOWN: i64 = 200;

#[derive(sqlx::FromRow)]
pub(crate) struct ReplyRow {
    kind: String,
    name: String,
    email: String,
    message: String,
    created_at: i64,
}

impl ReplyRow {
    pub(crate) fn reply(self) -> Option<OfferReply> {
        Some(OfferReply {
            kind: domain::offers::replies::ReplyKind::from_code(&self.kind)?,
            name: self.name,
            email: self.email,
            message: self.message,
            created_at: self.created_at,
        })
    }
}

macro_rules! offer_reply_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl offer_replies::OfferReplyStore for $store {
            async fn reply_to_offer(
                &self,
                offer_id: i64,
                reply: &domain::offers::replies::ValidReply,
                client: &str,
                ip: Option<String>,
                origin: &str,
            ) -> StoreResult<bool> {
                use domain::offers::replies::ReplyKind;
                let now = now();
                let mut tx = self.begin().await?;
                // A retried submission (same key) is the reply already kept: nothing more happens.
                let inserted = sqlx::query(
                    "INSERT INTO offer_replies (offer_id, kind, name, email, message, client, idempotency_key, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (offer_id, idempotency_key) DO NOTHING",
                )
                .bind(offer_id)
                .bind(reply.kind.code())
                .bind(&reply.name)
                .bind(&reply.email)
                .bind(&reply.message)
                .bind(client)
                .bind(&reply.idempotency_key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                let (organisation_id, summary_id, advisor_user_id): (i64, String, i64) =
                    sqlx::query_as("SELECT organisation_id, summary_id, advisor_user_id FROM offers WHERE id = $1")
                        .bind(offer_id)
                        .fetch_one(&mut *tx)
                        .await?;
                let actor = Actor { user_id: None, organisation_id, ip };
                let mut journal = Journal::default();
                journal.event(domain::developer::payloads::OfferReply {
                    kind: reply.kind,
                    summary_id: summary_id.clone(),
                    name: reply.name.clone(),
                    email: reply.email.clone(),
                    message: reply.message.clone(),
                });
                journal.audit(AuditEntry {
                    action: match reply.kind {
                        ReplyKind::Question => "offer.question",
                        ReplyKind::Decline => "offer.decline",
                    },
                    record_type: "offer",
                    record_id: offer_id.to_string(),
                    summary: match reply.kind {
                        ReplyKind::Question => format!("question from {} <{}>", reply.name, reply.email),
                        ReplyKind::Decline if reply.name.is_empty() => "declined by a client".to_string(),
                        ReplyKind::Decline => format!("declined by {}", reply.name),
                    },
                });
                let link = format!("{origin}/offers/{summary_id}#replies");
                Self::notify(
                    &mut tx,
                    &mut journal,
                    organisation_id,
                    domain::email::Notification::OfferReplied,
                    Some(advisor_user_id),
                    |name, email, locale| domain::email::Email::offer_replied(email, locale, name, &summary_id, reply, &link),
                )
                .await?;
                Self::write_journal(&mut tx, &actor, journal).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn client_replies_since(&self, offer_id: i64, client: &str, since: i64) -> StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM offer_replies WHERE offer_id = $1 AND client = $2 AND created_at >= $3")
                    .bind(offer_id)
                    .bind(client)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(count)
            }

            async fn offer_replies(&self, offer_id: i64) -> StoreResult<Vec<domain::offers::replies::OfferReply>> {
                let rows: Vec<offer_replies::ReplyRow> = sqlx::query_as(
                    "SELECT kind, name, email, message, created_at FROM offer_replies WHERE offer_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                )
                .bind(offer_id)
                .bind(offer_replies::REPLIES_SHOWN)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().filter_map(offer_replies::ReplyRow::reply).collect())
            }
        }
    };
}

pub(crate) use offer_reply_sql;
