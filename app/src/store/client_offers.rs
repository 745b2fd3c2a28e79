//! Storage of the client's side of purchase offers: the public view of an offer, views,
//! acceptances (which create the customer), logos and refused no-JavaScript forms.

use super::StoreResult;
use async_trait::async_trait;
use domain::offers::client::{AcceptanceReceipt, AcceptanceRow, PublicOffer, ValidAcceptance};
use domain::offers::GdapRequest;

/// How long a refused form's contents are kept for the page that shows them again.
pub const FORM_ATTEMPT_SECONDS: i64 = 3600;

/// How many refused forms one client (address, IPv6 /64) may have kept at once, within
/// [`FORM_ATTEMPT_SECONDS`]; past it, a refused form comes back without what was typed.
pub const FORM_ATTEMPTS_PER_CLIENT: i64 = 30;

/// How many visitors one client (address, IPv6 /64) may count for one offer a day.
pub const VIEWS_PER_CLIENT: i64 = 5;

/// The relationship an offer asks for, from its stored columns.
pub fn gdap_from_columns(name: Option<String>, roles: Option<String>, days: Option<i64>) -> Option<GdapRequest> {
    match (name, days) {
        (Some(name), Some(days)) => Some(GdapRequest {
            name,
            roles: roles.unwrap_or_default().split(',').filter_map(domain::offers::GdapRole::from_code).collect(),
            duration_days: days as u32,
        }),
        _ => None,
    }
}

/// The most new versions a link follows to reach the newest offer.
pub const MAX_VERSIONS: i64 = 50;

#[async_trait]
pub trait ClientOfferStore: Send + Sync {
    /// The offer behind a custom URL, with its internal id: the newest version, when the offer
    /// was replaced by a new one (at most [`MAX_VERSIONS`] replacements are followed).
    async fn public_offer(&self, advisor_code: &str, token: &str) -> StoreResult<Option<(i64, PublicOffer)>>;
    /// The offer behind a custom URL as it was, when a new version replaced it (read-only).
    async fn earlier_offer(&self, advisor_code: &str, token: &str) -> StoreResult<Option<PublicOffer>>;
    /// Counts a view unless this visitor was counted today, or its client counted
    /// [`VIEWS_PER_CLIENT`] already. Returns whether it counted.
    async fn record_offer_view(&self, offer_id: i64, day: i64, visitor: &str, client: &str) -> StoreResult<bool>;
    /// Keeps a refused form for the page that shows it again, unless `client` has
    /// [`FORM_ATTEMPTS_PER_CLIENT`] kept already. Returns whether it was kept.
    async fn save_form_attempt(&self, id: &str, scope: &str, payload: &str, client: &str) -> StoreResult<bool>;
    /// A refused form's contents, if recent and for the same scope.
    async fn form_attempt(&self, id: &str, scope: &str) -> StoreResult<Option<String>>;
    /// The receipt of the offer's acceptance made with `idempotency_key`, if there is one.
    async fn receipt_for_key(&self, offer_id: i64, idempotency_key: &str) -> StoreResult<Option<String>>;
    /// Records an acceptance with its customer and subscriptions (partner of record: the
    /// advisor) in one transaction, and notifies the advisor (links to `origin`). An
    /// acceptance with the same idempotency key, or a customer with the same domain prefix,
    /// is `StoreError::Unique` (the service tells them apart).
    async fn accept_offer(&self, offer_id: i64, acceptance: &ValidAcceptance, terms: &str, ip: Option<String>, origin: &str) -> StoreResult<String>;
    async fn acceptance_receipt(&self, advisor_code: &str, token: &str, receipt: &str) -> StoreResult<Option<AcceptanceReceipt>>;
    /// Every acceptance of one offer, oldest first (for the advisor's tracking).
    async fn offer_acceptances(&self, offer_id: i64) -> StoreResult<Vec<AcceptanceRow>>;
    async fn set_offer_logo(&self, actor: &super::Actor, summary_id: &str, content_type: &str, bytes: &[u8]) -> StoreResult<()>;
    /// (content type, bytes) of the logo of the offer with this token.
    async fn offer_logo(&self, token: &str) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// The website origins allowed to frame the offers of the advisor with this code.
    async fn embed_origins(&self, advisor_code: &str) -> StoreResult<Vec<String>>;
    async fn set_embed_origins(&self, actor: &super::Actor, origins: &[String]) -> StoreResult<()>;
    async fn own_embed_origins(&self, organisation_id: i64) -> StoreResult<Vec<String>>;
    async fn set_offer_expiry(&self, actor: &super::Actor, summary_id: &str, expires_at: Option<i64>) -> StoreResult<()>;
    /// The largest discount (percent) the organisation lets its advisors give on an offer's line.
    async fn discount_limit(&self, organisation_id: i64) -> StoreResult<u32>;
    /// Sets it (audited).
    async fn set_discount_limit(&self, actor: &super::Actor, percent: u32) -> StoreResult<()>;
}

macro_rules! client_offer_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn acceptance_lines(&self, customer_id: i64) -> StoreResult<Vec<(String, i64)>> {
                Ok(sqlx::query_as(
                    "SELECT c.name, s.license_count FROM customer_subscriptions s \
                     JOIN catalog_subscriptions c ON c.id = s.subscription_id WHERE s.customer_id = $1 ORDER BY c.sort_order",
                )
                .bind(customer_id)
                .fetch_all(&self.pool)
                .await?)
            }

            /// One offer as its client sees it, by id (None for a suspended organisation's).
            async fn offer_for_client(&self, offer_id: i64) -> StoreResult<Option<(i64, domain::offers::client::PublicOffer)>> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    id: i64,
                    summary_id: String,
                    access_token: String,
                    usage_location: String,
                    gdap_name: Option<String>,
                    gdap_roles: Option<String>,
                    gdap_duration_days: Option<i64>,
                    introduction: String,
                    closing: String,
                    contact: String,
                    status: String,
                    expires_at: Option<i64>,
                    advisor_company: String,
                    advisor_code: String,
                    logos: i64,
                    trial_days: Option<i64>,
                    superseded: bool,
                    earlier_token: Option<String>,
                    earlier_created_at: Option<i64>,
                    provider_company: Option<String>,
                }
                let row: Option<Row> = sqlx::query_as(
                    "SELECT o.id, o.summary_id, o.access_token, o.usage_location, o.gdap_name, o.gdap_roles, \
                     o.gdap_duration_days, o.introduction, o.closing, o.contact, o.status, o.expires_at, \
                     g.name AS advisor_company, g.advisor_code, \
                     (SELECT COUNT(*) FROM offer_logos l WHERE l.offer_id = o.id) AS logos, \
                     o.trial_days, o.superseded_by IS NOT NULL AS superseded, \
                     e.access_token AS earlier_token, e.created_at AS earlier_created_at, \
                     (SELECT p.name FROM organisations p WHERE p.id = o.provider_id) AS provider_company \
                     FROM offers o JOIN organisations g ON g.id = o.organisation_id \
                     LEFT JOIN offers e ON e.superseded_by = o.id \
                     WHERE o.id = $1 AND g.suspended_at IS NULL",
                )
                .bind(offer_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                #[derive(sqlx::FromRow)]
                struct LineRow {
                    #[sqlx(flatten)]
                    line: domain::offers::client::PublicLine,
                    #[sqlx(flatten)]
                    price: crate::store::price_lists::StoredLinePrice,
                }
                let rows: Vec<LineRow> = sqlx::query_as(&format!(
                    "SELECT l.subscription_id, s.name, s.description, l.license_count, s.min_licenses, s.max_licenses, {} \
                     FROM offer_lines l JOIN catalog_subscriptions s ON s.id = l.subscription_id \
                     WHERE l.offer_id = $1 ORDER BY s.sort_order",
                    crate::store::price_lists::LINE_PRICE_COLUMNS
                ))
                .bind(row.id)
                .fetch_all(&self.pool)
                .await?;
                let mut lines: Vec<domain::offers::client::PublicLine> =
                    // The client sees the price offered, never the price list's beside it.
                    rows.into_iter()
                        .map(|r| domain::offers::client::PublicLine {
                            price: r.price.price().map(|p| domain::pricing::LinePrice { list_price: None, ..p }),
                            ..r.line
                        })
                        .collect();
                let mut translations = self
                    .catalog_translations(
                        "SELECT t.subscription_id, t.language, t.description FROM catalog_translations t \
                         JOIN offer_lines l ON l.subscription_id = t.subscription_id WHERE l.offer_id = $1",
                        Some(row.id),
                    )
                    .await?;
                for line in &mut lines {
                    line.translations = translations.remove(&line.subscription_id).unwrap_or_default();
                    if row.trial_days.is_some() {
                        line.max_licenses = domain::offers::trial_license_max(line.min_licenses, line.max_licenses);
                    }
                }
                Ok(Some((
                    row.id,
                    domain::offers::client::PublicOffer {
                        provider_company: row.provider_company,
                        advisor_company: row.advisor_company,
                        token: row.access_token,
                        summary_id: row.summary_id,
                        has_logo: row.logos > 0,
                        introduction: row.introduction,
                        closing: row.closing,
                        contact: row.contact,
                        usage_location: row.usage_location,
                        lines,
                        gdap: client_offers::gdap_from_columns(row.gdap_name, row.gdap_roles, row.gdap_duration_days),
                        status: domain::offers::client::OfferStatus::from_stored(&row.status, row.expires_at, now()),
                        trial_days: row.trial_days.and_then(|d| u32::try_from(d).ok()),
                        superseded: row.superseded,
                        earlier: match (row.earlier_token, row.earlier_created_at) {
                            (Some(token), Some(created_at)) => Some(domain::offers::client::EarlierVersion {
                                path: domain::offers::client::earlier_path(&row.advisor_code, &token),
                                created_at,
                            }),
                            _ => None,
                        },
                        advisor_code: row.advisor_code,
                    },
                )))
            }
        }

        #[async_trait::async_trait]
        impl client_offers::ClientOfferStore for $store {
            async fn public_offer(
                &self,
                advisor_code: &str,
                token: &str,
            ) -> StoreResult<Option<(i64, domain::offers::client::PublicOffer)>> {
                // The link shows the newest version: follow the offers that replaced it (at most
                // MAX_VERSIONS), in one statement.
                let found: Option<(i64,)> = sqlx::query_as(
                    "WITH RECURSIVE versions (id, next, depth) AS ( \
                       SELECT o.id, o.superseded_by, CAST(0 AS BIGINT) FROM offers o JOIN organisations g ON g.id = o.organisation_id \
                       WHERE g.advisor_code = $1 AND o.access_token = $2 \
                       UNION ALL \
                       SELECT n.id, n.superseded_by, v.depth + 1 FROM versions v JOIN offers n ON n.id = v.next WHERE v.depth < CAST($3 AS BIGINT)) \
                     SELECT id FROM versions ORDER BY depth DESC LIMIT 1",
                )
                .bind(advisor_code.to_lowercase())
                .bind(token.to_lowercase())
                .bind(client_offers::MAX_VERSIONS)
                .fetch_optional(&self.pool)
                .await?;
                let Some((id,)) = found else { return Ok(None) };
                self.offer_for_client(id).await
            }

            async fn earlier_offer(
                &self,
                advisor_code: &str,
                token: &str,
            ) -> StoreResult<Option<domain::offers::client::PublicOffer>> {
                let found: Option<(i64,)> = sqlx::query_as(
                    "SELECT o.id FROM offers o JOIN organisations g ON g.id = o.organisation_id \
                     WHERE g.advisor_code = $1 AND o.access_token = $2 AND o.superseded_by IS NOT NULL",
                )
                .bind(advisor_code.to_lowercase())
                .bind(token.to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
                let Some((id,)) = found else { return Ok(None) };
                Ok(self.offer_for_client(id).await?.map(|(_, offer)| offer))
            }

            async fn record_offer_view(&self, offer_id: i64, day: i64, visitor: &str, client: &str) -> StoreResult<bool> {
                // Most views repeat one (a reload, the same visitor later that day): look first,
                // so they only read and never wait for SQLite's single writer.
                let seen: Option<(i64,)> =
                    sqlx::query_as("SELECT offer_id FROM offer_views WHERE offer_id = $1 AND day = $2 AND visitor = $3")
                        .bind(offer_id)
                        .bind(day)
                        .bind(visitor)
                        .fetch_optional(&self.pool)
                        .await?;
                if seen.is_some() {
                    return Ok(false);
                }
                let mut tx = self.begin().await?;
                let (counted,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM offer_views WHERE offer_id = $1 AND day = $2 AND client = $3")
                        .bind(offer_id)
                        .bind(day)
                        .bind(client)
                        .fetch_one(&mut *tx)
                        .await?;
                if counted >= client_offers::VIEWS_PER_CLIENT {
                    return Ok(false);
                }
                let inserted = sqlx::query(
                    "INSERT INTO offer_views (offer_id, day, visitor, client) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(offer_id)
                .bind(day)
                .bind(visitor)
                .bind(client)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted > 0 {
                    sqlx::query("UPDATE offers SET views = views + 1 WHERE id = $1")
                        .bind(offer_id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(inserted > 0)
            }

            async fn save_form_attempt(&self, id: &str, scope: &str, payload: &str, client: &str) -> StoreResult<bool> {
                use client_offers::{FORM_ATTEMPTS_PER_CLIENT, FORM_ATTEMPT_SECONDS};
                let now = now();
                let mut tx = self.begin().await?;
                // Expired ones are deleted by the housekeeping every server runs (api_housekeeping).
                let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM form_attempts WHERE address = $1 AND created_at >= $2")
                    .bind(client)
                    .bind(now - FORM_ATTEMPT_SECONDS)
                    .fetch_one(&mut *tx)
                    .await?;
                if kept >= FORM_ATTEMPTS_PER_CLIENT {
                    tx.commit().await?;
                    return Ok(false);
                }
                sqlx::query("INSERT INTO form_attempts (id, scope, payload, created_at, address) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(scope)
                    .bind(payload)
                    .bind(now)
                    .bind(client)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn form_attempt(&self, id: &str, scope: &str) -> StoreResult<Option<String>> {
                let found: Option<(String,)> = sqlx::query_as(
                    "SELECT payload FROM form_attempts WHERE id = $1 AND scope = $2 AND created_at >= $3",
                )
                .bind(id)
                .bind(scope)
                .bind(now() - client_offers::FORM_ATTEMPT_SECONDS)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.map(|f| f.0))
            }

            async fn receipt_for_key(&self, offer_id: i64, idempotency_key: &str) -> StoreResult<Option<String>> {
                let found: Option<(String,)> =
                    sqlx::query_as("SELECT receipt FROM offer_acceptances WHERE offer_id = $1 AND idempotency_key = $2")
                        .bind(offer_id)
                        .bind(idempotency_key)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(found.map(|f| f.0))
            }

            async fn accept_offer(
                &self,
                offer_id: i64,
                acceptance: &domain::offers::client::ValidAcceptance,
                terms: &str,
                ip: Option<String>,
                origin: &str,
            ) -> StoreResult<String> {
                let now = now();
                let (organisation_id, summary_id, trial_days, provider_id): (i64, String, Option<i64>, Option<i64>) =
                    sqlx::query_as("SELECT organisation_id, summary_id, trial_days, provider_id FROM offers WHERE id = $1")
                        .bind(offer_id)
                        .fetch_one(&self.pool)
                        .await?;
                // The transaction starts with a write (SQLite then waits for the writer lock
                // instead of failing on a stale snapshot). A doubled Accept is stopped by the
                // unique domain prefix and idempotency key (StoreError::Unique; the service
                // answers it with the first receipt).
                let mut tx = self.begin().await?;
                let actor = Actor { user_id: None, organisation_id, ip };
                // A two-tier offer makes the client the provider's customer, the reseller (the
                // offer's organisation) its reseller of record and support contact — only while
                // they are partners: a partnership removed a moment ago ends the offer.
                let (seller, reseller) = match provider_id {
                    Some(provider_id) => {
                        if let Err(e) = Self::partnered_reseller_name(&mut tx, provider_id, organisation_id).await {
                            tx.rollback().await?;
                            return Err(match e {
                                StoreError::Refused(_) => StoreError::Refused(domain::error::Refusal::OfferPartnershipEnded),
                                other => other,
                            });
                        }
                        (Actor { organisation_id: provider_id, ..actor.clone() }, Some(organisation_id))
                    }
                    None => (actor.clone(), None),
                };
                let d = &acceptance.details;
                let customer = customers::NewCustomer {
                    reseller_id: reseller,
                    details: acceptance.details.clone(),
                    admin_user_name: String::new(),
                    admin_password_hash: None,
                    idempotency_key: None,
                    subscriptions: acceptance
                        .lines
                        .iter()
                        .map(|line| customers::NewCustomerSubscription {
                            subscription_id: line.subscription_id.clone(),
                            license_count: line.license_count,
                            reseller_of_record_id: reseller,
                            support_contact_id: reseller,
                            offer_id: Some(offer_id),
                            price: line.price.clone(),
                            trial_days: trial_days.and_then(|d| u32::try_from(d).ok()),
                        })
                        .collect(),
                };
                // The customer and its subscriptions are the seller's (the provider's log and
                // webhooks for a two-tier offer); the acceptance is the offer's organisation's.
                let mut journal = Journal::default();
                let customer_id = Self::insert_customer(&mut tx, &customer, &seller, &mut journal).await?;
                if provider_id.is_some() {
                    journal.audit(AuditEntry {
                        action: "offer.accept",
                        record_type: "customer",
                        record_id: customer_id.to_string(),
                        summary: format!("{} ({}) accepted the reseller's offer {summary_id}", d.company_name, d.domain_prefix),
                    });
                    // The provider's log and webhooks have its new customer; the rest is the reseller's.
                    Self::write_journal(&mut tx, &seller, std::mem::take(&mut journal)).await?;
                }
                let receipt = domain::tokens::new_secret_token();
                sqlx::query(
                    "INSERT INTO offer_acceptances (offer_id, customer_id, receipt, delegated_admin_accepted, idempotency_key, accepted_at, terms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(offer_id)
                .bind(customer_id)
                .bind(&receipt)
                .bind(acceptance.delegated_admin)
                .bind(&acceptance.idempotency_key)
                .bind(now)
                .bind(terms)
                .execute(&mut *tx)
                .await?;
                // A trial invitation starts trials that end on their date (the subscriptions'
                // lifecycle says when: Lifecycle::trial).
                let trial_ends_at = trial_days.map(|d| now.saturating_add(d * 86_400));
                journal.event(domain::developer::payloads::OfferAccepted {
                    summary_id: summary_id.clone(),
                    customer_id,
                    company_name: d.company_name.clone(),
                    domain_prefix: d.domain_prefix.clone(),
                    country: d.country.clone(),
                    delegated_admin: acceptance.delegated_admin,
                    trial_ends_at: trial_ends_at.map(domain::format::iso_date),
                    lines: acceptance
                        .lines
                        .iter()
                        .map(|l| domain::developer::payloads::AcceptedLine {
                            subscription_id: l.subscription_id.clone(),
                            license_count: l.license_count,
                            plan: l.price.as_ref().map(|p| p.plan.code()),
                            currency: l.price.as_ref().map(|p| p.currency.clone()),
                            unit_price: l.price.as_ref().map(|p| p.unit_price.to_string()),
                        })
                        .collect(),
                });
                journal.audit(AuditEntry {
                    action: if trial_ends_at.is_some() { "trial.start" } else { "offer.accept" },
                    record_type: "offer",
                    record_id: offer_id.to_string(),
                    summary: format!(
                        "{} by {} ({}), delegated administration {}",
                        if trial_ends_at.is_some() { "trial started" } else { "accepted" },
                        d.company_name,
                        d.domain_prefix,
                        if acceptance.delegated_admin { "accepted" } else { "declined" }
                    ),
                });
                // The advisor who made the offer hears of it (or, when they cannot, the Global admins).
                let (advisor_user_id, asked_delegated, gdap_name, gdap_roles, gdap_days): (i64, bool, Option<String>, Option<String>, Option<i64>) =
                    sqlx::query_as("SELECT advisor_user_id, delegated_admin, gdap_name, gdap_roles, gdap_duration_days FROM offers WHERE id = $1")
                        .bind(offer_id)
                        .fetch_one(&mut *tx)
                        .await?;
                // Delegated administration accepted: the customer's own relationship, approved now.
                if let (true, Some(gdap)) = (asked_delegated && acceptance.delegated_admin, client_offers::gdap_from_columns(gdap_name, gdap_roles, gdap_days)) {
                    Self::insert_accepted_relationship(&mut tx, &mut journal, organisation_id, customer_id, offer_id, &gdap, &d.domain_prefix, now).await?;
                }
                let mut lines = Vec::with_capacity(acceptance.lines.len());
                for line in &acceptance.lines {
                    let name: Option<(String,)> = sqlx::query_as("SELECT name FROM catalog_subscriptions WHERE id = $1")
                        .bind(&line.subscription_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    lines.push((name.map(|(n,)| n).unwrap_or_else(|| line.subscription_id.clone()), line.license_count));
                }
                let link = format!("{origin}/offers/{summary_id}");
                let delegated = asked_delegated.then_some(acceptance.delegated_admin);
                Self::notify(&mut tx, &mut journal, organisation_id, domain::email::Notification::OfferAccepted, Some(advisor_user_id), |name, email, locale| {
                    domain::email::Email::offer_accepted(email, locale, name, &summary_id, &d.company_name, &lines, delegated, &link, trial_ends_at)
                })
                .await?;
                Self::write_journal(&mut tx, &actor, journal).await?;
                // The offer's counter last: every Accept of this offer updates the same row, and
                // the row stays locked until the commit, so the lock is taken as late as possible.
                sqlx::query("UPDATE offers SET acceptances = acceptances + 1 WHERE id = $1")
                    .bind(offer_id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(receipt)
            }

            async fn acceptance_receipt(
                &self,
                advisor_code: &str,
                token: &str,
                receipt: &str,
            ) -> StoreResult<Option<domain::offers::client::AcceptanceReceipt>> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    customer_id: i64,
                    delegated_admin_accepted: bool,
                    accepted_at: i64,
                    company_name: String,
                    domain_prefix: String,
                    contact_email: String,
                    advisor_company: String,
                    contact: String,
                    gdap_name: Option<String>,
                    gdap_roles: Option<String>,
                    gdap_duration_days: Option<i64>,
                    terms: String,
                    trial_ends_at: Option<i64>,
                }
                let row: Option<Row> = sqlx::query_as(
                    "SELECT a.customer_id, a.delegated_admin_accepted, a.accepted_at, a.terms, c.company_name, c.domain_prefix, \
                     c.contact_email, g.name AS advisor_company, o.contact, o.gdap_name, o.gdap_roles, o.gdap_duration_days, \
                     (SELECT MAX(s.ends_at) FROM customer_subscriptions s WHERE s.customer_id = a.customer_id AND s.trial) AS trial_ends_at \
                     FROM offer_acceptances a JOIN offers o ON o.id = a.offer_id \
                     JOIN organisations g ON g.id = o.organisation_id JOIN customers c ON c.id = a.customer_id \
                     WHERE a.receipt = $1 AND o.access_token = $2 AND g.advisor_code = $3",
                )
                .bind(receipt)
                .bind(token.to_lowercase())
                .bind(advisor_code.to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let lines = self.acceptance_lines(row.customer_id).await?;
                Ok(Some(domain::offers::client::AcceptanceReceipt {
                    advisor_company: row.advisor_company,
                    contact: row.contact,
                    company_name: row.company_name,
                    domain_prefix: row.domain_prefix,
                    contact_email: row.contact_email,
                    lines,
                    delegated_admin: row.delegated_admin_accepted,
                    gdap: client_offers::gdap_from_columns(row.gdap_name, row.gdap_roles, row.gdap_duration_days),
                    accepted_at: row.accepted_at,
                    terms: row.terms,
                    trial_ends_at: row.trial_ends_at,
                }))
            }

            async fn offer_acceptances(&self, offer_id: i64) -> StoreResult<Vec<domain::offers::client::AcceptanceRow>> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    customer_id: i64,
                    company_name: String,
                    domain_prefix: String,
                    country: String,
                    contact_first_name: String,
                    contact_last_name: String,
                    contact_email: String,
                    delegated_admin_accepted: bool,
                    accepted_at: i64,
                    terms: String,
                }
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT a.customer_id, c.company_name, c.domain_prefix, c.country, c.contact_first_name, c.contact_last_name, \
                     c.contact_email, a.delegated_admin_accepted, a.accepted_at, a.terms \
                     FROM offer_acceptances a JOIN customers c ON c.id = a.customer_id WHERE a.offer_id = $1 ORDER BY a.accepted_at, a.id",
                )
                .bind(offer_id)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    out.push(domain::offers::client::AcceptanceRow {
                        lines: self.acceptance_lines(row.customer_id).await?,
                        company_name: row.company_name,
                        domain_prefix: row.domain_prefix,
                        country: row.country,
                        contact_name: format!("{} {}", row.contact_first_name, row.contact_last_name),
                        contact_email: row.contact_email,
                        delegated_admin: row.delegated_admin_accepted,
                        accepted_at: row.accepted_at,
                        terms: row.terms,
                    });
                }
                Ok(out)
            }

            async fn set_offer_logo(
                &self,
                actor: &Actor,
                summary_id: &str,
                content_type: &str,
                bytes: &[u8],
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let offer: Option<(i64,)> = sqlx::query_as("SELECT id FROM offers WHERE organisation_id = $1 AND summary_id = $2")
                    .bind(actor.organisation_id)
                    .bind(summary_id.to_uppercase())
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((offer_id,)) = offer else { return Err(StoreError::NotFound) };
                sqlx::query(
                    "INSERT INTO offer_logos (offer_id, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (offer_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, \
                     updated_at = excluded.updated_at",
                )
                .bind(offer_id)
                .bind(content_type)
                .bind(bytes)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    1,
                    actor,
                    AuditEntry {
                        action: "offer.logo",
                        record_type: "offer",
                        record_id: summary_id.to_uppercase(),
                        summary: format!("logo set ({content_type}, {} bytes)", bytes.len()),
                    },
                )
                .await
            }

            async fn offer_logo(&self, token: &str) -> StoreResult<Option<(String, Vec<u8>)>> {
                Ok(sqlx::query_as(
                    "SELECT l.content_type, l.bytes FROM offer_logos l JOIN offers o ON o.id = l.offer_id WHERE o.access_token = $1",
                )
                .bind(token.to_lowercase())
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn embed_origins(&self, advisor_code: &str) -> StoreResult<Vec<String>> {
                let found: Option<(String,)> = sqlx::query_as("SELECT embed_origins FROM organisations WHERE advisor_code = $1")
                    .bind(advisor_code.to_lowercase())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(found.map(|f| f.0.split_whitespace().map(str::to_string).collect()).unwrap_or_default())
            }

            async fn own_embed_origins(&self, organisation_id: i64) -> StoreResult<Vec<String>> {
                let (origins,): (String,) = sqlx::query_as("SELECT embed_origins FROM organisations WHERE id = $1")
                    .bind(organisation_id)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(origins.split_whitespace().map(str::to_string).collect())
            }

            async fn set_offer_expiry(
                &self,
                actor: &Actor,
                summary_id: &str,
                expires_at: Option<i64>,
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let before: Option<(Option<i64>,)> =
                    sqlx::query_as("SELECT expires_at FROM offers WHERE organisation_id = $1 AND summary_id = $2")
                        .bind(actor.organisation_id)
                        .bind(summary_id.to_uppercase())
                        .fetch_optional(&mut *tx)
                        .await?;
                let shown = |t: Option<i64>| t.map(domain::format::iso_date).unwrap_or_else(|| "none".to_string());
                let before = shown(before.and_then(|b| b.0));
                let done = sqlx::query("UPDATE offers SET expires_at = $1 WHERE organisation_id = $2 AND summary_id = $3")
                    .bind(expires_at)
                    .bind(actor.organisation_id)
                    .bind(summary_id.to_uppercase())
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "offer.expiry",
                        record_type: "offer",
                        record_id: summary_id.to_uppercase(),
                        summary: format!("expiry {before} -> {}", shown(expires_at)),
                    },
                )
                .await
            }

            async fn discount_limit(&self, organisation_id: i64) -> StoreResult<u32> {
                let (percent,): (i64,) = sqlx::query_as("SELECT discount_limit FROM organisations WHERE id = $1")
                    .bind(organisation_id)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(u32::try_from(percent.clamp(0, i64::from(domain::pricing::DISCOUNT_LIMIT_MAX))).unwrap_or(0))
            }

            async fn set_discount_limit(&self, actor: &Actor, percent: u32) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (before,): (i64,) = sqlx::query_as("SELECT discount_limit FROM organisations WHERE id = $1")
                    .bind(actor.organisation_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let done = sqlx::query("UPDATE organisations SET discount_limit = $1 WHERE id = $2")
                    .bind(i64::from(percent))
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "organisation.discount_limit",
                        record_type: "organisation",
                        record_id: actor.organisation_id.to_string(),
                        summary: format!("largest discount on offers: {before}% -> {percent}%"),
                    },
                )
                .await
            }

            async fn set_embed_origins(&self, actor: &Actor, origins: &[String]) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let joined = origins.join(" ");
                let (before,): (String,) = sqlx::query_as("SELECT embed_origins FROM organisations WHERE id = $1")
                    .bind(actor.organisation_id)
                    .fetch_one(&mut *tx)
                    .await?;
                let done = sqlx::query("UPDATE organisations SET embed_origins = $1 WHERE id = $2")
                    .bind(&joined)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "organisation.embed_origins",
                        record_type: "organisation",
                        record_id: actor.organisation_id.to_string(),
                        summary: format!(
                            "websites allowed to embed offers: {} -> {}",
                            if before.is_empty() { "none" } else { &before },
                            if joined.is_empty() { "none" } else { &joined }
                        ),
                    },
                )
                .await
            }
        }
    };
}

pub(crate) use client_offer_sql;
