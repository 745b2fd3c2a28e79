//! Storage of an organisation's purchase offers and trial invitations: created once per
//! idempotency key (a new version marks the offer it replaces), listed, read with their
//! acceptances and replies, their message changed, withdrawn. Every change is audited in its
//! transaction.

use super::{Actor, StoreResult};
use async_trait::async_trait;

#[async_trait]
pub trait OfferStore: Send + Sync {
    async fn gdap_name_taken(&self, organisation_id: i64, name: &str) -> StoreResult<bool>;
    /// Stores a validated offer of `organisation_id` and returns its summary ID. The same
    /// idempotency key within the organisation returns the offer created the first time.
    /// `organisation_id` is the actor's own, or a reseller a provider's user makes a two-tier
    /// offer of its provider's subscriptions for (both organisations' logs record it; the
    /// reseller's without the person).
    async fn create_offer(&self, actor: &Actor, organisation_id: i64, offer: &domain::offers::ValidOffer) -> StoreResult<String>;
    /// The summary ID of the offer a submission with this idempotency key created, if any.
    async fn offer_for_key(&self, organisation_id: i64, idempotency_key: &str) -> StoreResult<Option<String>>;
    /// One page of the organisation's offers, newest first, filtered by summary ID.
    async fn offers_page(
        &self,
        organisation_id: i64,
        search: &str,
        sort: domain::offers::OfferSort,
        page: i64,
        per_page: i64,
    ) -> StoreResult<(Vec<domain::offers::OfferRow>, i64)>;
    async fn offer_detail(&self, organisation_id: i64, summary_id: &str) -> StoreResult<Option<domain::offers::OfferDetail>>;
    /// The organisation's running trials (started from its trial invitations), soonest end
    /// first, at most [`domain::offers::ACTIVE_TRIALS_MAX`].
    async fn active_trials(&self, organisation_id: i64) -> StoreResult<Vec<domain::offers::ActiveTrial>>;
    async fn update_offer_message(&self, actor: &Actor, summary_id: &str, introduction: &str, closing: &str, contact: &str) -> StoreResult<()>;
    async fn withdraw_offer(&self, actor: &Actor, summary_id: &str) -> StoreResult<()>;
    /// Announces, once per expiry date, the open offers (not replaced by a newer version) that
    /// expire within [`domain::subscriptions::OFFER_EXPIRY_REMINDER_SECONDS`] of `now`: the
    /// webhook `offer.expiring` and an email to the advisor who made it (links to `origin`), at
    /// most `limit`, each marked in the transaction that sends it. Returns how many went.
    async fn send_offer_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize>;
    /// The providers an indirect reseller may make two-tier offers for: those it partners with.
    async fn offer_providers(&self, reseller_id: i64) -> StoreResult<Vec<domain::offers::OfferProvider>>;
    /// A reseller's two-tier offers of `provider_id`'s subscriptions and the customers they
    /// made, newest first (at most [`domain::offers::RESOLD_OFFERS_MAX`] of each), as the
    /// provider sees them; `None` when the reseller never partnered with it.
    async fn resold_offers(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<domain::offers::ResoldOffers>>;
}

/// An open offer about to expire, as its reminder needs it.
#[derive(sqlx::FromRow)]
pub(crate) struct ExpiringOffer {
    pub(crate) id: i64,
    pub(crate) organisation_id: i64,
    pub(crate) summary_id: String,
    pub(crate) usage_location: String,
    pub(crate) expires_at: i64,
    pub(crate) advisor_user_id: i64,
    pub(crate) acceptances: i64,
    pub(crate) trial_days: Option<i64>,
}

macro_rules! offer_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl offers::OfferStore for $store {
            async fn gdap_name_taken(&self, organisation_id: i64, name: &str) -> StoreResult<bool> {
                let (count,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM offers WHERE organisation_id = $1 AND LOWER(gdap_name) = LOWER($2)",
                )
                .bind(organisation_id)
                .bind(name)
                .fetch_one(&self.pool)
                .await?;
                Ok(count > 0)
            }

            async fn create_offer(
                &self,
                actor: &Actor,
                organisation_id: i64,
                offer: &domain::offers::ValidOffer,
            ) -> StoreResult<String> {
                // Made for another organisation: only a provider, for a reseller, of its own subscriptions.
                let on_behalf = organisation_id != actor.organisation_id;
                if on_behalf && offer.provider_id != Some(actor.organisation_id) {
                    return Err(StoreError::NotFound);
                }
                // The offer's organisation records it (the provider's person stays the provider's business).
                let owner = actor.seen_from(organisation_id);
                // A key used before answers with its offer: the unique constraint on the key
                // decides (no look-up first, which a concurrent retry could pass as well).
                let key = if offer.idempotency_key.is_empty() { None } else { Some(offer.idempotency_key.clone()) };
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    let summary_id = domain::offers::codes::new_summary_id();
                    let token = domain::offers::codes::new_access_token();
                    let mut tx = self.begin().await?;
                    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                        "INSERT INTO offers (organisation_id, advisor_user_id, office_id, summary_id, access_token, \
                         usage_location, delegated_admin, gdap_name, gdap_roles, gdap_duration_days, idempotency_key, created_at, trial_days, provider_id) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                    )
                    .bind(organisation_id)
                    .bind(actor.user_id)
                    .bind(offer.office_id)
                    .bind(&summary_id)
                    .bind(&token)
                    .bind(&offer.usage_location)
                    .bind(offer.gdap.is_some())
                    .bind(offer.gdap.as_ref().map(|g| g.name.clone()))
                    .bind(offer.gdap.as_ref().map(|g| g.roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")))
                    .bind(offer.gdap.as_ref().map(|g| i64::from(g.duration_days)))
                    .bind(key.clone())
                    .bind(now())
                    .bind(offer.trial_days.map(i64::from))
                    .bind(offer.provider_id)
                    .fetch_one(&mut *tx)
                    .await;
                    let id = match inserted.map_err(StoreError::from) {
                        Ok((id,)) => id,
                        Err(StoreError::Unique(constraint)) => {
                            drop(tx);
                            // A new summary ID or token that happens to be taken: draw again.
                            // (The same offer sent twice is told apart by the service.)
                            if attempt < 5 && (constraint.contains("summary_id") || constraint.contains("access_token")) {
                                continue;
                            }
                            return Err(StoreError::Unique(constraint));
                        }
                        Err(other) => return Err(other),
                    };
                    // A two-tier offer: only while the reseller partners with the provider (checked
                    // again in the transaction that accepts it), and at the reseller's own link.
                    let seller = match offer.provider_id {
                        Some(provider_id) => {
                            let reseller = Self::partnered_reseller_name(&mut tx, provider_id, organisation_id).await?;
                            Self::ensure_advisor_code(&mut tx, organisation_id, &reseller).await?;
                            if on_behalf {
                                format!("two-tier offer for provider {provider_id}, made by it for {reseller}; ")
                            } else {
                                format!("two-tier offer for provider {provider_id}; ")
                            }
                        }
                        None => String::new(),
                    };
                    // Every line in one statement (an offer has at least one: the rules say so).
                    if !offer.lines.is_empty() {
                        let mut lines = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO offer_lines (offer_id, subscription_id, license_count, term, billing_plan, currency, unit_price, price_list_id, list_price) ",
                        );
                        lines.push_values(&offer.lines, |mut row, line| {
                            let price = crate::store::price_lists::line_price_columns(line.price.as_ref());
                            row.push_bind(id)
                                .push_bind(line.subscription_id.clone())
                                .push_bind(i64::from(line.license_count))
                                .push_bind(price.term)
                                .push_bind(price.billing_plan)
                                .push_bind(price.currency)
                                .push_bind(price.unit_price)
                                .push_bind(price.price_list_id)
                                .push_bind(price.list_price);
                        });
                        lines.build().execute(&mut *tx).await?;
                    }
                    let lines: Vec<String> = offer
                        .lines
                        .iter()
                        .map(|l| match &l.price {
                            Some(p) => {
                                let list = p.list_price.map(|list| format!(" (price list {list})")).unwrap_or_default();
                                format!("{} x{} {} {} {}{list}", l.subscription_id, l.license_count, p.plan.code(), p.currency, p.unit_price)
                            }
                            None => format!("{} x{}", l.subscription_id, l.license_count),
                        })
                        .collect();
                    // A new version: the earlier offer's link shows this one from now on. Only
                    // an offer of the same organisation not replaced already (by a concurrent
                    // new version, say) can be replaced.
                    if let Some(earlier) = &offer.replaces {
                        let replaced = sqlx::query(
                            "UPDATE offers SET superseded_by = $1 WHERE organisation_id = $2 AND summary_id = $3 AND superseded_by IS NULL AND id <> $1",
                        )
                        .bind(id)
                        .bind(organisation_id)
                        .bind(earlier)
                        .execute(&mut *tx)
                        .await?;
                        if replaced.rows_affected() != 1 {
                            // Not the organisation's offer, or replaced a moment ago by another version.
                            let found: Option<(Option<i64>,)> =
                                sqlx::query_as("SELECT superseded_by FROM offers WHERE organisation_id = $1 AND summary_id = $2")
                                    .bind(organisation_id)
                                    .bind(earlier)
                                    .fetch_optional(&mut *tx)
                                    .await?;
                            tx.rollback().await?;
                            return Err(match found {
                                Some((Some(_),)) => StoreError::Refused(domain::error::Refusal::OfferReplacedAlready),
                                _ => StoreError::NotFound,
                            });
                        }
                        Self::write_audit(
                            &mut tx,
                            &owner,
                            AuditEntry {
                                action: "offer.supersede",
                                record_type: "offer",
                                record_id: earlier.clone(),
                                summary: format!("replaced by the new version {summary_id}"),
                            },
                        )
                        .await?;
                    }
                    let created = AuditEntry {
                        action: "offer.create",
                        record_type: "offer",
                        record_id: summary_id.clone(),
                        summary: format!(
                            "{seller}{}usage location {}; {}; delegated administration {}",
                            offer.trial_days.map(|d| format!("trial invitation of {d} days; ")).unwrap_or_default(),
                            offer.usage_location,
                            lines.join(", "),
                            offer.gdap.as_ref().map(|g| g.name.as_str()).unwrap_or("not offered")
                        ),
                    };
                    if on_behalf {
                        Self::write_audit(&mut tx, actor, created.clone()).await?;
                    }
                    Self::write_audit(&mut tx, &owner, created).await?;
                    tx.commit().await?;
                    return Ok(summary_id);
                }
            }

            async fn offer_for_key(
                &self,
                organisation_id: i64,
                idempotency_key: &str,
            ) -> StoreResult<Option<String>> {
                let found: Option<(String,)> =
                    sqlx::query_as("SELECT summary_id FROM offers WHERE organisation_id = $1 AND idempotency_key = $2")
                        .bind(organisation_id)
                        .bind(idempotency_key)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(found.map(|f| f.0))
            }

            async fn offers_page(
                &self,
                organisation_id: i64,
                search: &str,
                sort: domain::offers::OfferSort,
                page: i64,
                per_page: i64,
            ) -> StoreResult<(Vec<domain::offers::OfferRow>, i64)> {
                let typed = search.trim().to_uppercase();
                // A complete summary ID (what people copy or read aloud) is found through the
                // unique index; a fragment is searched anywhere in the ID.
                let (pattern, matches) = if domain::offers::codes::is_summary_id(&typed) {
                    (typed, "o.summary_id = $2")
                } else {
                    (format!("%{}%", typed.replace('%', "").replace('_', "")), "o.summary_id LIKE $2")
                };
                let (total,): (i64,) = sqlx::query_as(&format!(
                    "SELECT COUNT(*) FROM offers o WHERE o.organisation_id = $1 AND {matches}"
                ))
                .bind(organisation_id)
                .bind(&pattern)
                .fetch_one(&self.pool)
                .await?;
                let rows: Vec<OfferDbRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM offers o JOIN offices f ON f.id = o.office_id \
                     WHERE o.organisation_id = $1 AND {matches} \
                     ORDER BY {} LIMIT $3 OFFSET $4",
                    OfferDbRow::COLUMNS,
                    offer_order_by(sort)
                ))
                .bind(organisation_id)
                .bind(&pattern)
                .bind(per_page)
                .bind((page.max(1) - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let lines = self.offer_lines(row.id).await?;
                    out.push(row.into_row(lines));
                }
                Ok((out, total))
            }

            async fn offer_detail(
                &self,
                organisation_id: i64,
                summary_id: &str,
            ) -> StoreResult<Option<domain::offers::OfferDetail>> {
                let row: Option<OfferDbRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM offers o JOIN offices f ON f.id = o.office_id WHERE o.organisation_id = $1 AND o.summary_id = $2",
                    OfferDbRow::COLUMNS
                ))
                .bind(organisation_id)
                .bind(summary_id.to_uppercase())
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                #[allow(clippy::type_complexity)]
                let (token, code, company, delegated_admin, gdap_name, gdap_roles, gdap_days, introduction, closing, contact, logos): (
                    String, Option<String>, String, bool, Option<String>, Option<String>, Option<i64>, String, String, String, i64,
                ) = sqlx::query_as(
                    "SELECT o.access_token, g.advisor_code, g.name, o.delegated_admin, o.gdap_name, o.gdap_roles, \
                     o.gdap_duration_days, o.introduction, o.closing, o.contact, \
                     (SELECT COUNT(*) FROM offer_logos l WHERE l.offer_id = o.id) \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id WHERE o.id = $1",
                )
                .bind(row.id)
                .fetch_one(&self.pool)
                .await?;
                let lines = self.offer_lines(row.id).await?;
                let gdap = client_offers::gdap_from_columns(gdap_name, gdap_roles, gdap_days);
                let acceptances = client_offers::ClientOfferStore::offer_acceptances(self, row.id).await?;
                let replies = offer_replies::OfferReplyStore::offer_replies(self, row.id).await?;
                // Its versions: the offers it replaced, one after the other, and those that
                // replaced it (at most MAX_VERSIONS each way), in one statement.
                let versions: Vec<domain::offers::OfferVersion> = if row.replaces.is_some() || row.superseded_by.is_some() {
                    sqlx::query_as(
                        "WITH RECURSIVE earlier(id, depth) AS ( \
                           SELECT o.id, CAST(0 AS BIGINT) FROM offers o WHERE o.id = $1 \
                           UNION ALL SELECT e.id, v.depth + 1 FROM earlier v JOIN offers e ON e.superseded_by = v.id \
                           WHERE v.depth < CAST($2 AS BIGINT)), \
                         later(id, depth) AS ( \
                           SELECT o.superseded_by, CAST(1 AS BIGINT) FROM offers o WHERE o.id = $1 AND o.superseded_by IS NOT NULL \
                           UNION ALL SELECT n.superseded_by, v.depth + 1 FROM later v JOIN offers n ON n.id = v.id \
                           WHERE n.superseded_by IS NOT NULL AND v.depth < CAST($2 AS BIGINT)) \
                         SELECT o.summary_id, o.created_at, o.status, o.superseded_by IS NOT NULL AS superseded, o.acceptances \
                         FROM offers o WHERE o.organisation_id = $3 AND o.id IN (SELECT id FROM earlier UNION SELECT id FROM later) \
                         ORDER BY o.created_at, o.id",
                    )
                    .bind(row.id)
                    .bind(client_offers::MAX_VERSIONS)
                    .bind(organisation_id)
                    .fetch_all(&self.pool)
                    .await?
                } else {
                    Vec::new()
                };
                let expires_at = row.expires_at;
                Ok(Some(domain::offers::OfferDetail {
                    row: row.into_row(lines),
                    url_path: format!("/offer/{}/{}", code.unwrap_or_else(|| "advisor".into()), token),
                    advisor_company: company,
                    delegated_admin,
                    gdap,
                    introduction,
                    closing,
                    contact,
                    has_logo: logos > 0,
                    expires_at,
                    acceptances,
                    replies,
                    url: String::new(),
                    embed_snippet: String::new(),
                    versions,
                }))
            }

            async fn active_trials(&self, organisation_id: i64) -> StoreResult<Vec<domain::offers::ActiveTrial>> {
                Ok(sqlx::query_as(
                    "SELECT cu.id AS customer_id, cu.company_name, c.name AS subscription, s.license_count, s.ends_at, o.summary_id AS invitation \
                     FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
                     JOIN catalog_subscriptions c ON c.id = s.subscription_id LEFT JOIN offers o ON o.id = s.offer_id \
                     WHERE s.partner_id = $1 AND s.trial AND s.status = 'active' ORDER BY s.ends_at, s.id LIMIT $2",
                )
                .bind(organisation_id)
                .bind(domain::offers::ACTIVE_TRIALS_MAX)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn update_offer_message(
                &self,
                actor: &Actor,
                summary_id: &str,
                introduction: &str,
                closing: &str,
                contact: &str,
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let before: Option<(String, String, String)> = sqlx::query_as(
                    "SELECT introduction, closing, contact FROM offers WHERE organisation_id = $1 AND summary_id = $2",
                )
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .fetch_optional(&mut *tx)
                .await?;
                let sizes = |a: &str, b: &str, c: &str| format!("{} + {} + {}", a.chars().count(), b.chars().count(), c.chars().count());
                let before = before.map(|(a, b, c)| sizes(&a, &b, &c)).unwrap_or_default();
                let done = sqlx::query(
                    "UPDATE offers SET introduction = $1, closing = $2, contact = $3 \
                     WHERE organisation_id = $4 AND summary_id = $5",
                )
                .bind(introduction)
                .bind(closing)
                .bind(contact)
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, AuditEntry {
                    action: "offer.message",
                    record_type: "offer",
                    record_id: summary_id.to_uppercase(),
                    summary: format!(
                        "message (introduction + closing + contact, characters) {before} -> {}",
                        sizes(introduction, closing, contact)
                    ),
                })
                .await
            }

            async fn withdraw_offer(&self, actor: &Actor, summary_id: &str) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE offers SET status = 'withdrawn' WHERE organisation_id = $1 AND summary_id = $2 AND status = 'active'",
                )
                .bind(actor.organisation_id)
                .bind(summary_id.to_uppercase())
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(tx, done.rows_affected(), actor, AuditEntry {
                    action: "offer.withdraw",
                    record_type: "offer",
                    record_id: summary_id.to_uppercase(),
                    summary: "status active -> withdrawn".to_string(),
                })
                .await
            }

            async fn send_offer_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize> {
                let due: Vec<offers::ExpiringOffer> = sqlx::query_as(
                    "SELECT id, organisation_id, summary_id, usage_location, expires_at, advisor_user_id, acceptances, trial_days FROM offers \
                     WHERE status = 'active' AND superseded_by IS NULL AND expires_at > $1 AND expires_at <= $2 \
                     AND (expiry_reminded_for IS NULL OR expiry_reminded_for <> expires_at) ORDER BY expires_at, id LIMIT $3",
                )
                .bind(now)
                .bind(now + domain::subscriptions::OFFER_EXPIRY_REMINDER_SECONDS)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let mut sent = 0;
                for offer in due {
                    let mut journal = Journal::default();
                    journal.event(domain::developer::payloads::OfferExpiring {
                        summary_id: offer.summary_id.clone(),
                        usage_location: offer.usage_location.clone(),
                        expires_at: offer.expires_at,
                        acceptances: offer.acceptances,
                        trial: offer.trial_days.is_some(),
                    });
                    let link = format!("{origin}/offers/{}", offer.summary_id);
                    let about = domain::email::OfferReminder {
                        summary_id: &offer.summary_id,
                        location: &offer.usage_location,
                        at: offer.expires_at,
                        acceptances: offer.acceptances,
                        link: &link,
                    };
                    // Once per expiry date: an offer extended after its reminder is announced again.
                    let mark = "UPDATE offers SET expiry_reminded_for = expires_at WHERE id = $1 AND expires_at = $2 AND status = 'active' \
                                AND (expiry_reminded_for IS NULL OR expiry_reminded_for <> expires_at)";
                    let notification = domain::email::Notification::OfferExpiring;
                    let compose = |name: &str, email: &str, locale| domain::email::Email::offer_expiring(email, locale, name, &about);
                    if self
                        .send_reminder_once(mark, offer.id, offer.expires_at, offer.organisation_id, journal, notification, Some(offer.advisor_user_id), compose)
                        .await?
                    {
                        sent += 1;
                    }
                }
                Ok(sent)
            }

            async fn offer_providers(&self, reseller_id: i64) -> StoreResult<Vec<domain::offers::OfferProvider>> {
                Ok(sqlx::query_as(
                    "SELECT o.id, o.name FROM partnerships p JOIN organisations o ON o.id = p.provider_id \
                     WHERE p.reseller_id = $1 AND p.removed_at IS NULL AND o.suspended_at IS NULL ORDER BY o.name, o.id",
                )
                .bind(reseller_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn resold_offers(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<domain::offers::ResoldOffers>> {
                let reseller: Option<(String,)> = sqlx::query_as(
                    "SELECT o.name FROM organisations o WHERE o.id = $2 \
                     AND EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = $1 AND p.reseller_id = o.id)",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some((reseller_name,)) = reseller else { return Ok(None) };
                let offers: Vec<domain::offers::ResoldOffer> = sqlx::query_as(
                    "SELECT o.summary_id, o.created_at, o.usage_location, o.status, o.expires_at, o.trial_days, o.views, o.acceptances, \
                     '/offer/' || COALESCE(g.advisor_code, '') || '/' || o.access_token AS url_path \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id \
                     WHERE o.organisation_id = $1 AND o.provider_id = $2 ORDER BY o.created_at DESC, o.id DESC LIMIT $3",
                )
                .bind(reseller_id)
                .bind(provider_id)
                .bind(domain::offers::RESOLD_OFFERS_MAX)
                .fetch_all(&self.pool)
                .await?;
                let acceptances: Vec<domain::offers::ResoldAcceptance> = sqlx::query_as(
                    "SELECT c.id AS customer_id, c.company_name, o.summary_id, a.accepted_at FROM offer_acceptances a \
                     JOIN offers o ON o.id = a.offer_id JOIN customers c ON c.id = a.customer_id \
                     WHERE o.organisation_id = $1 AND o.provider_id = $2 AND c.partner_id = $2 \
                     ORDER BY a.accepted_at DESC, a.customer_id DESC LIMIT $3",
                )
                .bind(reseller_id)
                .bind(provider_id)
                .bind(domain::offers::RESOLD_OFFERS_MAX)
                .fetch_all(&self.pool)
                .await?;
                // Each status as it stands now (an expiry date may have passed).
                let offers = offers
                    .into_iter()
                    .map(|o| domain::offers::ResoldOffer { status: o.status(now()).code().to_string(), ..o })
                    .collect();
                Ok(Some(domain::offers::ResoldOffers { reseller_name, offers, acceptances, may_make_offers: false }))
            }
        }
    };
}

pub(crate) use offer_sql;
