//! Storage behind Renewals and deadlines: the deadlines of an organisation's subscriptions and
//! offers in a period, and each user's calendar feed address (kept as a hash).

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::deadlines::{Deadline, DeadlineKind};

#[async_trait]
pub trait DeadlineStore: Send + Sync {
    /// The change windows closing, and the subscriptions renewing or ending, in (`from`,
    /// `until`] among `partner_id`'s customers (only `reseller`'s, when given); with
    /// `trials_only`, only the trials ending (an advisor organisation sees those of the trials
    /// its invitations started, and no other subscription).
    async fn subscription_deadlines(
        &self,
        partner_id: i64,
        reseller: Option<i64>,
        trials_only: bool,
        from: i64,
        until: i64,
    ) -> StoreResult<Vec<Deadline>>;
    /// The organisation's open purchase offers expiring in (`from`, `until`] (not those a newer
    /// version replaced: their link shows the newest).
    async fn offer_deadlines(&self, organisation_id: i64, from: i64, until: i64) -> StoreResult<Vec<Deadline>>;
    /// Gives the actor's user a new calendar feed address (its token's hash); the old one stops
    /// working. Audited.
    async fn replace_calendar_feed(&self, actor: &Actor, token_hash: &str) -> StoreResult<()>;
    /// The user whose calendar feed has this token hash.
    async fn calendar_feed_user(&self, token_hash: &str) -> StoreResult<Option<i64>>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct SubscriptionDeadlineRow {
    id: i64,
    customer_id: i64,
    company_name: String,
    name: String,
    license_count: i64,
    reseller_name: Option<String>,
    status: String,
    auto_renew: bool,
    term_started_at: i64,
    ends_at: i64,
    trial: bool,
    /// The trial invitation a trial was started from (its summary ID).
    invitation: Option<String>,
}

impl SubscriptionDeadlineRow {
    /// Its deadlines in (`from`, `until`]: the window closing, the term's end.
    pub(crate) fn deadlines(self, from: i64, until: i64) -> Vec<Deadline> {
        // A trial's page to act on is its invitation's (Create purchase offer is there).
        let path = match (&self.invitation, self.trial) {
            (Some(summary), true) => format!("/offers/{summary}"),
            _ => format!("/customers/{}/subscriptions/{}", self.customer_id, self.id),
        };
        let item = format!("{} × {}", self.name, self.license_count);
        let make = |kind: DeadlineKind, at: i64| Deadline {
            kind,
            at,
            customer: self.company_name.clone(),
            item: item.clone(),
            reseller: self.reseller_name.clone(),
            path: path.clone(),
            uid: format!("{}-{}-{}", kind.code(), self.id, at),
        };
        let mut found = Vec::new();
        // A free trial has no change window: it only ends.
        let closes = self.term_started_at + domain::subscriptions::CHANGE_WINDOW_SECONDS;
        if self.status == "active" && !self.trial && closes > from && closes <= until {
            found.push(make(DeadlineKind::ChangeWindowCloses, closes));
        }
        if self.ends_at > from && self.ends_at <= until {
            let renews = self.status == "active" && self.auto_renew;
            let kind = match (self.trial, renews) {
                (true, _) => DeadlineKind::TrialEnds,
                (false, true) => DeadlineKind::Renews,
                (false, false) => DeadlineKind::Ends,
            };
            found.push(make(kind, self.ends_at));
        }
        found
    }
}

macro_rules! deadline_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl deadlines::DeadlineStore for $store {
            async fn subscription_deadlines(
                &self,
                partner_id: i64,
                reseller: Option<i64>,
                trials_only: bool,
                from: i64,
                until: i64,
            ) -> StoreResult<Vec<domain::deadlines::Deadline>> {
                // Two ranges, each served by an index on (partner_id, …): windows closing in the
                // period (terms that started a window's length before it) and terms ending in it.
                let rows: Vec<deadlines::SubscriptionDeadlineRow> = sqlx::query_as(
                    "SELECT s.id, s.customer_id, cu.company_name, c.name, s.license_count, r.name AS reseller_name, s.status, \
                     s.auto_renew, s.term_started_at, s.ends_at, s.trial, o.summary_id AS invitation \
                     FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
                     LEFT JOIN offers o ON o.id = s.offer_id AND s.trial = TRUE \
                     JOIN catalog_subscriptions c ON c.id = s.subscription_id \
                     LEFT JOIN organisations r ON r.id = cu.reseller_id \
                     WHERE s.partner_id = $1 AND s.status IN ('active', 'suspended') \
                     AND ((s.term_started_at > $2 AND s.term_started_at <= $3) OR (s.ends_at > $4 AND s.ends_at <= $5)) \
                     AND (CAST($6 AS BIGINT) = 0 OR cu.reseller_id = $6) \
                     AND (CAST($7 AS BIGINT) = 0 OR s.trial = TRUE) \
                     ORDER BY s.id LIMIT $8",
                )
                .bind(partner_id)
                .bind(from - domain::subscriptions::CHANGE_WINDOW_SECONDS)
                .bind(until - domain::subscriptions::CHANGE_WINDOW_SECONDS)
                .bind(from)
                .bind(until)
                .bind(reseller.unwrap_or(0))
                .bind(i64::from(trials_only))
                .bind(domain::deadlines::MAX_DEADLINES * 2)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .flat_map(|r| r.deadlines(from, until))
                    .filter(|d| !trials_only || d.kind == domain::deadlines::DeadlineKind::TrialEnds)
                    .collect())
            }

            async fn offer_deadlines(&self, organisation_id: i64, from: i64, until: i64) -> StoreResult<Vec<domain::deadlines::Deadline>> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT summary_id, usage_location, expires_at FROM offers \
                     WHERE organisation_id = $1 AND status = 'active' AND superseded_by IS NULL AND expires_at > $2 AND expires_at <= $3 \
                     ORDER BY expires_at LIMIT $4",
                )
                .bind(organisation_id)
                .bind(from)
                .bind(until)
                .bind(domain::deadlines::MAX_DEADLINES)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(summary, location, at)| domain::deadlines::Deadline {
                        kind: domain::deadlines::DeadlineKind::OfferExpires,
                        at,
                        path: format!("/offers/{summary}"),
                        uid: format!("offer_expires-{summary}-{at}"),
                        customer: summary,
                        item: location,
                        reseller: None,
                    })
                    .collect())
            }

            async fn replace_calendar_feed(&self, actor: &Actor, token_hash: &str) -> StoreResult<()> {
                let Some(user_id) = actor.user_id else { return Err(StoreError::NotFound) };
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
                    .bind(user_id)
                    .bind(token_hash)
                    .bind(now())
                    .execute(&mut *tx)
                    .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "calendar.new",
                        record_type: "user",
                        record_id: user_id.to_string(),
                        summary: "new calendar feed address for Renewals and deadlines; the previous one stopped working".to_string(),
                    },
                )
                .await?;
                Ok(tx.commit().await?)
            }

            async fn calendar_feed_user(&self, token_hash: &str) -> StoreResult<Option<i64>> {
                let found: Option<(i64,)> =
                    sqlx::query_as("SELECT user_id FROM calendar_feeds WHERE token_hash = $1").bind(token_hash).fetch_optional(&self.pool).await?;
                Ok(found.map(|f| f.0))
            }
        }
    };
}

pub(crate) use deadline_sql;
