//! Storage of resellers' requests to partner (see [`domain::resellers::PartnershipAsk`]): a
//! reseller asks a provider it found in the directory; the provider accepts (the partnership is
//! made in the same transaction) or declines. Each side is told: audit entries in both logs,
//! `partnership.asked` / `partnership.ask_answered` to both, an email to the other side's Global
//! admins.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::resellers::{AskAnswer, PartnershipAsk};

#[async_trait]
pub trait PartnershipAskStore: Send + Sync {
    /// The actor's organisation (a reseller) asks `provider_id` to partner, with `message`.
    /// `NotFound` when the provider is not in the directory (or is the actor's organisation);
    /// `Refused(AlreadyPartners)` when they are partners; `Refused(AlreadyAsked)` while an
    /// earlier request waits. The provider's Global admins are emailed, with links to `origin`.
    async fn ask_to_partner(&self, actor: &Actor, provider_id: i64, message: &str, now: i64, origin: &str) -> StoreResult<i64>;
    /// When `reseller_id` asked since `since` (Unix seconds), oldest first.
    async fn asks_since(&self, reseller_id: i64, since: i64) -> StoreResult<Vec<i64>>;
    /// The requests waiting for `provider_id`'s answer, oldest first.
    async fn asks_received(&self, provider_id: i64) -> StoreResult<Vec<PartnershipAsk>>;
    /// `reseller_id`'s requests, newest first (the last 50).
    async fn asks_sent(&self, reseller_id: i64) -> StoreResult<Vec<PartnershipAsk>>;
    /// The actor's organisation (a provider) answers its waiting request `id`; accepting makes
    /// the partnership. `NotFound` when the request is not the organisation's;
    /// `Refused(AskAlreadyAnswered)` when it was answered before. Whoever asked at the reseller
    /// is emailed (else its Global admins), with links to `origin`. The partnership an acceptance made.
    async fn answer_partnership_ask(&self, actor: &Actor, id: i64, answer: AskAnswer, now: i64, origin: &str) -> StoreResult<Option<i64>>;
}

/// The columns of [`PartnershipAsk`], from `partnership_asks a` joined with the reseller `r`
/// and the provider `p`.
pub const ASK_COLUMNS: &str = "SELECT a.id, a.reseller_id, r.name AS reseller_name, r.mpn_id AS reseller_mpn_id, r.country AS reseller_country, \
     a.provider_id, p.name AS provider_name, a.message, a.asked_at, a.state, a.answered_at \
     FROM partnership_asks a JOIN organisations r ON r.id = a.reseller_id JOIN organisations p ON p.id = a.provider_id ";

#[derive(sqlx::FromRow)]
pub struct AskRow {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub reseller_mpn_id: String,
    pub reseller_country: String,
    pub provider_id: i64,
    pub provider_name: String,
    pub message: String,
    pub asked_at: i64,
    pub state: String,
    pub answered_at: Option<i64>,
}

impl From<AskRow> for PartnershipAsk {
    fn from(row: AskRow) -> Self {
        PartnershipAsk {
            id: row.id,
            reseller_id: row.reseller_id,
            reseller_name: row.reseller_name,
            reseller_mpn_id: row.reseller_mpn_id,
            reseller_country: row.reseller_country,
            provider_id: row.provider_id,
            provider_name: row.provider_name,
            message: row.message,
            asked_at: row.asked_at,
            state: domain::resellers::AskState::from_code(&row.state).unwrap_or(domain::resellers::AskState::Declined),
            answered_at: row.answered_at,
        }
    }
}

macro_rules! partnership_ask_sql {
    ($store:ident, $db:ty) => {
        #[async_trait]
        impl partnership_asks::PartnershipAskStore for $store {
            async fn ask_to_partner(&self, actor: &Actor, provider_id: i64, message: &str, now: i64, origin: &str) -> StoreResult<i64> {
                use domain::error::Refusal;
                let mut tx = self.begin().await?;
                // Only a provider in the directory, and never the reseller itself.
                let provider: Option<(String,)> = sqlx::query_as(
                    "SELECT o.name FROM provider_profiles p JOIN organisations o ON o.id = p.organisation_id \
                     WHERE o.id = $1 AND o.is_indirect_provider = TRUE AND o.id <> $2",
                )
                .bind(provider_id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((provider_name,)) = provider else {
                    return Err(StoreError::NotFound);
                };
                let (partners,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM partnerships WHERE provider_id = $1 AND reseller_id = $2 AND removed_at IS NULL")
                        .bind(provider_id)
                        .bind(actor.organisation_id)
                        .fetch_one(&mut *tx)
                        .await?;
                if partners > 0 {
                    return Err(StoreError::Refused(Refusal::AlreadyPartners));
                }
                let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                    "INSERT INTO partnership_asks (reseller_id, provider_id, message, asked_by, asked_at, state) \
                     VALUES ($1, $2, $3, $4, $5, 'open') RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(provider_id)
                .bind(message)
                .bind(actor.user_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await;
                let id = match inserted.map_err(StoreError::from) {
                    Ok((id,)) => id,
                    Err(StoreError::Unique(_)) => return Err(StoreError::Refused(Refusal::AlreadyAsked)),
                    Err(other) => return Err(other),
                };
                let (reseller_name, reseller_mpn): (String, String) =
                    sqlx::query_as("SELECT name, mpn_id FROM organisations WHERE id = $1").bind(actor.organisation_id).fetch_one(&mut *tx).await?;
                let entry =
                    |summary: String| AuditEntry { action: "partnership.ask", record_type: "partnership_ask", record_id: id.to_string(), summary };
                Self::write_audit(&mut tx, actor, entry(format!("asked {provider_name} to partner"))).await?;
                Self::write_audit(&mut tx, &actor.seen_from(provider_id), entry(format!("{reseller_name}, MPN ID {reseller_mpn}, asked to partner")))
                    .await?;
                let data = domain::developer::payloads::PartnershipAsked {
                    ask_id: id,
                    provider_id,
                    reseller_id: actor.organisation_id,
                    message: message.to_string(),
                };
                Self::enqueue_event(&mut tx, provider_id, &data).await?;
                Self::enqueue_event(&mut tx, actor.organisation_id, &data).await?;
                let mut journal = Journal::default();
                let link = format!("{origin}/resellers#asks-heading");
                Self::notify(&mut tx, &mut journal, provider_id, domain::email::Notification::PartnershipAsked, None, |name, email, locale| {
                    domain::email::Email::partnership_asked(email, locale, name, &reseller_name, &reseller_mpn, message, &link)
                })
                .await?;
                Self::write_journal(&mut tx, &actor.seen_from(provider_id), journal).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn asks_since(&self, reseller_id: i64, since: i64) -> StoreResult<Vec<i64>> {
                let rows: Vec<(i64,)> =
                    sqlx::query_as("SELECT asked_at FROM partnership_asks WHERE reseller_id = $1 AND asked_at > $2 ORDER BY asked_at")
                        .bind(reseller_id)
                        .bind(since)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn asks_received(&self, provider_id: i64) -> StoreResult<Vec<domain::resellers::PartnershipAsk>> {
                let rows: Vec<partnership_asks::AskRow> = sqlx::query_as(&format!(
                    "{} WHERE a.provider_id = $1 AND a.state = 'open' ORDER BY a.asked_at, a.id",
                    partnership_asks::ASK_COLUMNS
                ))
                .bind(provider_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn asks_sent(&self, reseller_id: i64) -> StoreResult<Vec<domain::resellers::PartnershipAsk>> {
                let rows: Vec<partnership_asks::AskRow> = sqlx::query_as(&format!(
                    "{} WHERE a.reseller_id = $1 ORDER BY a.asked_at DESC, a.id DESC LIMIT 50",
                    partnership_asks::ASK_COLUMNS
                ))
                .bind(reseller_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn answer_partnership_ask(
                &self,
                actor: &Actor,
                id: i64,
                answer: domain::resellers::AskAnswer,
                now: i64,
                origin: &str,
            ) -> StoreResult<Option<i64>> {
                use domain::error::Refusal;
                use domain::resellers::AskAnswer;
                let state = match answer {
                    AskAnswer::Accept => "accepted",
                    AskAnswer::Decline => "declined",
                };
                let mut tx = self.begin().await?;
                // Claim the request first (a write), so two answers cannot both count.
                let claimed: Option<(i64, Option<i64>)> = sqlx::query_as(
                    "UPDATE partnership_asks SET state = $1, answered_at = $2, answered_by = $3 \
                     WHERE id = $4 AND provider_id = $5 AND state = 'open' RETURNING reseller_id, asked_by",
                )
                .bind(state)
                .bind(now)
                .bind(actor.user_id)
                .bind(id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((reseller_id, asked_by)) = claimed else {
                    tx.rollback().await?;
                    let (answered,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM partnership_asks WHERE id = $1 AND provider_id = $2")
                        .bind(id)
                        .bind(actor.organisation_id)
                        .fetch_one(&self.pool)
                        .await?;
                    return Err(if answered > 0 { StoreError::Refused(Refusal::AskAlreadyAnswered) } else { StoreError::NotFound });
                };
                let partnership_id = if answer == AskAnswer::Accept {
                    let partnership_id = Self::insert_partnership(&mut tx, actor.organisation_id, reseller_id, None, now).await?;
                    sqlx::query("UPDATE partnership_asks SET partnership_id = $1 WHERE id = $2")
                        .bind(partnership_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    Some(partnership_id)
                } else {
                    None
                };
                let (provider_name,): (String,) =
                    sqlx::query_as("SELECT name FROM organisations WHERE id = $1").bind(actor.organisation_id).fetch_one(&mut *tx).await?;
                let (reseller_name, reseller_mpn): (String, String) =
                    sqlx::query_as("SELECT name, mpn_id FROM organisations WHERE id = $1").bind(reseller_id).fetch_one(&mut *tx).await?;
                let entry = |summary: String| AuditEntry {
                    action: "partnership.ask_answer",
                    record_type: "partnership_ask",
                    record_id: id.to_string(),
                    summary,
                };
                Self::write_audit(&mut tx, actor, entry(format!("request to partner from {reseller_name}, MPN ID {reseller_mpn}, {state}"))).await?;
                Self::write_audit(&mut tx, &actor.seen_from(reseller_id), entry(format!("request to partner {state} by {provider_name}"))).await?;
                let data = domain::developer::payloads::PartnershipAskAnswered {
                    ask_id: id,
                    provider_id: actor.organisation_id,
                    reseller_id,
                    answer: state.to_string(),
                    partnership_id,
                };
                Self::enqueue_event(&mut tx, actor.organisation_id, &data).await?;
                Self::enqueue_event(&mut tx, reseller_id, &data).await?;
                let mut journal = Journal::default();
                let link = format!("{origin}/providers");
                let accepted = answer == AskAnswer::Accept;
                // Whoever asked hears of it (the reseller's Global admins when that user is gone).
                Self::notify(
                    &mut tx,
                    &mut journal,
                    reseller_id,
                    domain::email::Notification::PartnershipAskAnswered,
                    asked_by,
                    |name, email, locale| domain::email::Email::partnership_ask_answered(email, locale, name, &provider_name, accepted, &link),
                )
                .await?;
                Self::write_journal(&mut tx, &actor.seen_from(reseller_id), journal).await?;
                tx.commit().await?;
                Ok(partnership_id)
            }
        }
    };
}

pub(crate) use partnership_ask_sql;
