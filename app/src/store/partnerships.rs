//! Storage of partnership requests and partnerships between indirect providers and resellers.
//!
//! Every query that reads or changes a provider's data names the provider's organisation in
//! its `WHERE` clause; a reseller accepts only for its own organisation (the actor's).

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::resellers::{PendingRequest, ProviderCard, ProviderRow, Reassignment, RemovalImpact, RequestState, ResellerRow, Transition};

/// A partnership request as its provider sees it.
#[derive(Clone, Debug)]
pub struct StoredRequest {
    pub token: String,
    pub recipient_email: Option<String>,
    pub state: RequestState,
}

/// A partnership request found by its link's token.
#[derive(Clone, Debug)]
pub struct RequestByToken {
    pub id: i64,
    pub provider_id: i64,
    pub provider: ProviderCard,
    pub state: RequestState,
    pub accepted_by: Option<String>,
}

/// The state of a request from its timestamps.
pub fn request_state(accepted_at: Option<i64>, revoked_at: Option<i64>) -> RequestState {
    match (accepted_at, revoked_at) {
        (Some(_), _) => RequestState::Accepted,
        (None, Some(_)) => RequestState::Revoked,
        (None, None) => RequestState::Open,
    }
}

/// A `LIKE` pattern that matches `search` anywhere, with `%` and `_` taken literally.
pub fn contains_pattern(search: &str) -> String {
    let escaped: String = search
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            other => vec![other],
        })
        .collect();
    format!("%{escaped}%")
}

#[async_trait]
pub trait PartnershipStore: Send + Sync {
    /// The provider's active partnerships, filtered by name or MPN ID, by name.
    async fn resellers(&self, provider_id: i64, search: &str) -> StoreResult<Vec<ResellerRow>>;
    /// The provider's active partners, by name, without the counts of [`Self::resellers`]
    /// (which read every subscription: hundreds of milliseconds at a million).
    async fn reseller_choices(&self, provider_id: i64) -> StoreResult<Vec<domain::customers::ResellerChoice>>;
    /// Requests neither accepted nor revoked, newest first.
    async fn pending_partnership_requests(&self, provider_id: i64) -> StoreResult<Vec<PendingRequest>>;
    async fn create_partnership_request(&self, actor: &Actor, token: &str) -> StoreResult<i64>;
    async fn partnership_request(&self, provider_id: i64, id: i64) -> StoreResult<Option<StoredRequest>>;
    async fn mark_partnership_request_sent(&self, actor: &Actor, id: i64, recipient_email: Option<&str>) -> StoreResult<()>;
    async fn revoke_partnership_request(&self, actor: &Actor, id: i64) -> StoreResult<()>;
    async fn partnership_request_by_token(&self, token: &str) -> StoreResult<Option<RequestByToken>>;
    async fn partnership_active(&self, provider_id: i64, reseller_id: i64) -> StoreResult<bool>;
    /// Accepts the request for the actor's organisation, in one transaction. Refuses a request
    /// accepted or revoked before, the provider's own request, and an existing partnership.
    /// Whoever sent the request is notified, with links to `notify` (the site's address);
    /// `None` notifies nobody (the demo data's partnerships).
    async fn accept_partnership(&self, actor: &Actor, token: &str, notify: Option<&str>) -> StoreResult<i64>;
    /// What stays in place if (or after) the partnership with `reseller_id` is removed.
    async fn removal_impact(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<RemovalImpact>>;
    /// Removes the partnership with `reseller_id` and, in the same transaction, carries out the
    /// transition plan on the provider's live subscriptions that named the reseller (a new
    /// reseller must be an active partner: `Refused(NotPartnered)` otherwise, and nothing
    /// changes), recording each for the customers' notices. The reseller's Global admins are
    /// emailed (links to `origin`); audited, with `partnership.removed` and a
    /// `subscription.changed` per subscription moved. Returns how many moved.
    async fn remove_partnership(&self, actor: &Actor, reseller_id: i64, transition: Transition, origin: &str) -> StoreResult<usize>;
    /// What the last removal of the partnership with `reseller_id` did to each subscription
    /// (the transition plan), by customer, and when it happened; `None` when there was none.
    async fn reassignments(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<(i64, Vec<Reassignment>)>>;
    /// The IDs of the reseller's active providers.
    async fn partnered_providers(&self, reseller_id: i64) -> StoreResult<Vec<i64>>;
    /// The reseller's active providers, each with the customers it was given (two queries,
    /// however many providers).
    async fn providers_of_reseller(&self, reseller_id: i64) -> StoreResult<Vec<ProviderRow>>;
}

macro_rules! partnership_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Makes the partnership of `provider_id` and `reseller_id` inside `tx` (from the
            /// request `request_id`, or from the reseller's request to partner when `None`);
            /// `Refused(AlreadyPartners)` when they are partners already.
            pub(crate) async fn insert_partnership(
                tx: &mut sqlx::Transaction<'_, $db>,
                provider_id: i64,
                reseller_id: i64,
                request_id: Option<i64>,
                now: i64,
            ) -> StoreResult<i64> {
                let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                    "INSERT INTO partnerships (provider_id, reseller_id, request_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .bind(request_id)
                .bind(now)
                .fetch_one(&mut **tx)
                .await;
                match inserted.map_err(StoreError::from) {
                    Ok((id,)) => Ok(id),
                    Err(StoreError::Unique(_)) => Err(StoreError::Refused(domain::error::Refusal::AlreadyPartners)),
                    Err(other) => Err(other),
                }
            }

            async fn reseller_row(
                &self,
                provider_id: i64,
                reseller_id: Option<i64>,
                search: &str,
                active_only: bool,
            ) -> StoreResult<Vec<domain::resellers::ResellerRow>> {
                Ok(sqlx::query_as(
                    "SELECT o.id, o.name, o.mpn_id, o.country, p.created_at AS partnered_since, \
                     (SELECT COUNT(*) FROM customers c WHERE c.partner_id = p.provider_id AND c.reseller_id = o.id) AS customers, \
                     (SELECT COUNT(*) FROM customer_subscriptions s \
                      WHERE s.partner_id = p.provider_id AND s.reseller_of_record_id = o.id) AS subscriptions \
                     FROM partnerships p JOIN organisations o ON o.id = p.reseller_id \
                     WHERE p.provider_id = $1 AND ($2 = 0 OR o.id = $2) AND ($3 = FALSE OR p.removed_at IS NULL) \
                     AND ($4 = '%%' OR LOWER(o.name) LIKE $4 ESCAPE '\\' OR o.mpn_id LIKE $4 ESCAPE '\\') \
                     ORDER BY o.name, p.created_at DESC",
                )
                .bind(provider_id)
                .bind(reseller_id.unwrap_or(0))
                .bind(active_only)
                .bind(partnerships::contains_pattern(search))
                .fetch_all(&self.pool)
                .await?)
            }
        }

        #[async_trait::async_trait]
        impl partnerships::PartnershipStore for $store {
            async fn resellers(&self, provider_id: i64, search: &str) -> StoreResult<Vec<domain::resellers::ResellerRow>> {
                self.reseller_row(provider_id, None, search, true).await
            }

            async fn reseller_choices(&self, provider_id: i64) -> StoreResult<Vec<domain::customers::ResellerChoice>> {
                Ok(sqlx::query_as(
                    "SELECT o.id, o.name, o.mpn_id FROM partnerships p JOIN organisations o ON o.id = p.reseller_id \
                     WHERE p.provider_id = $1 AND p.removed_at IS NULL ORDER BY o.name, p.created_at DESC",
                )
                .bind(provider_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn pending_partnership_requests(&self, provider_id: i64) -> StoreResult<Vec<domain::resellers::PendingRequest>> {
                Ok(sqlx::query_as(
                    "SELECT id, recipient_email, created_at, sent_at FROM partnership_requests \
                     WHERE provider_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
                )
                .bind(provider_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn create_partnership_request(&self, actor: &Actor, token: &str) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO partnership_requests (provider_id, token, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(token)
                .bind(actor.user_id)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "partnership_request.create",
                        record_type: "partnership_request",
                        record_id: id.to_string(),
                        summary: "partnership request link created".to_string(),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn partnership_request(&self, provider_id: i64, id: i64) -> StoreResult<Option<partnerships::StoredRequest>> {
                let row: Option<(String, Option<String>, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT token, recipient_email, accepted_at, revoked_at FROM partnership_requests WHERE id = $1 AND provider_id = $2",
                )
                .bind(id)
                .bind(provider_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(token, recipient_email, accepted, revoked)| partnerships::StoredRequest {
                    token,
                    recipient_email,
                    state: partnerships::request_state(accepted, revoked),
                }))
            }

            async fn mark_partnership_request_sent(&self, actor: &Actor, id: i64, recipient_email: Option<&str>) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE partnership_requests SET sent_at = $1, recipient_email = COALESCE($2, recipient_email) \
                     WHERE id = $3 AND provider_id = $4",
                )
                .bind(now())
                .bind(recipient_email)
                .bind(id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "partnership_request.send",
                        record_type: "partnership_request",
                        record_id: id.to_string(),
                        summary: format!("sent to {}", recipient_email.unwrap_or("(not recorded)")),
                    },
                )
                .await
            }

            async fn revoke_partnership_request(&self, actor: &Actor, id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE partnership_requests SET revoked_at = $1 \
                     WHERE id = $2 AND provider_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
                )
                .bind(now())
                .bind(id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "partnership_request.revoke",
                        record_type: "partnership_request",
                        record_id: id.to_string(),
                        summary: "partnership request link revoked".to_string(),
                    },
                )
                .await
            }

            async fn partnership_request_by_token(&self, token: &str) -> StoreResult<Option<partnerships::RequestByToken>> {
                #[derive(sqlx::FromRow)]
                struct Row {
                    id: i64,
                    provider_id: i64,
                    name: String,
                    mpn_id: String,
                    country: String,
                    accepted_at: Option<i64>,
                    revoked_at: Option<i64>,
                    accepted_by: Option<String>,
                }
                let row: Option<Row> = sqlx::query_as(
                    "SELECT r.id, r.provider_id, o.name, o.mpn_id, o.country, r.accepted_at, r.revoked_at, a.name AS accepted_by \
                     FROM partnership_requests r JOIN organisations o ON o.id = r.provider_id \
                     LEFT JOIN organisations a ON a.id = r.accepted_by_org WHERE r.token = $1 AND o.suspended_at IS NULL",
                )
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|r| partnerships::RequestByToken {
                    id: r.id,
                    provider_id: r.provider_id,
                    provider: domain::resellers::ProviderCard { name: r.name, mpn_id: r.mpn_id, country: r.country },
                    state: partnerships::request_state(r.accepted_at, r.revoked_at),
                    accepted_by: r.accepted_by,
                }))
            }

            async fn partnership_active(&self, provider_id: i64, reseller_id: i64) -> StoreResult<bool> {
                let (count,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM partnerships WHERE provider_id = $1 AND reseller_id = $2 AND removed_at IS NULL")
                        .bind(provider_id)
                        .bind(reseller_id)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(count > 0)
            }

            async fn accept_partnership(&self, actor: &Actor, token: &str, notify: Option<&str>) -> StoreResult<i64> {
                use domain::error::Refusal;
                let now = now();
                let mut tx = self.begin().await?;
                // Claim the request first (a write), so two accepts cannot both succeed.
                let claimed: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
                    "UPDATE partnership_requests SET accepted_at = $1, accepted_by_org = $2, accepted_by_user = $3 \
                     WHERE token = $4 AND accepted_at IS NULL AND revoked_at IS NULL AND provider_id <> $2 \
                     RETURNING id, provider_id, created_by",
                )
                .bind(now)
                .bind(actor.organisation_id)
                .bind(actor.user_id)
                .bind(token)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((request_id, provider_id, requested_by)) = claimed else {
                    tx.rollback().await?;
                    let request = partnerships::PartnershipStore::partnership_request_by_token(self, token).await?.ok_or(StoreError::NotFound)?;
                    return Err(StoreError::Refused(match request.state {
                        domain::resellers::RequestState::Accepted => Refusal::RequestAlreadyAccepted,
                        domain::resellers::RequestState::Revoked => Refusal::RequestRevoked,
                        domain::resellers::RequestState::Open => Refusal::OwnRequest,
                    }));
                };
                let partnership_id = Self::insert_partnership(&mut tx, provider_id, actor.organisation_id, Some(request_id), now).await?;
                let (reseller_name, reseller_mpn): (String, String) =
                    sqlx::query_as("SELECT name, mpn_id FROM organisations WHERE id = $1").bind(actor.organisation_id).fetch_one(&mut *tx).await?;
                let entry = |organisation: &str| AuditEntry {
                    action: "partnership.accept",
                    record_type: "partnership",
                    record_id: partnership_id.to_string(),
                    summary: format!("partnership accepted ({organisation})"),
                };
                Self::write_audit(&mut tx, actor, entry("by the reseller")).await?;
                // The provider's log names the reseller, not the reseller's user.
                Self::write_audit(&mut tx, &actor.seen_from(provider_id), entry(&format!("by the reseller {reseller_name}, MPN ID {reseller_mpn}")))
                    .await?;
                let data =
                    domain::developer::payloads::PartnershipAccepted { partnership_id, provider_id, reseller_id: actor.organisation_id, request_id };
                Self::enqueue_event(&mut tx, provider_id, &data).await?;
                Self::enqueue_event(&mut tx, actor.organisation_id, &data).await?;
                // Whoever asked at the provider hears of it.
                if let Some(origin) = notify {
                    let mut journal = Journal::default();
                    let link = format!("{origin}/resellers");
                    Self::notify(
                        &mut tx,
                        &mut journal,
                        provider_id,
                        domain::email::Notification::PartnershipAccepted,
                        requested_by,
                        |name, email, locale| domain::email::Email::partnership_accepted(email, locale, name, &reseller_name, &reseller_mpn, &link),
                    )
                    .await?;
                    Self::write_journal(&mut tx, &actor.seen_from(provider_id), journal).await?;
                }
                tx.commit().await?;
                Ok(partnership_id)
            }

            async fn removal_impact(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<domain::resellers::RemovalImpact>> {
                let Some(reseller) = self.reseller_row(provider_id, Some(reseller_id), "", false).await?.into_iter().next() else {
                    return Ok(None);
                };
                let customers: Vec<(String,)> =
                    sqlx::query_as("SELECT company_name FROM customers WHERE partner_id = $1 AND reseller_id = $2 ORDER BY company_name")
                        .bind(provider_id)
                        .bind(reseller_id)
                        .fetch_all(&self.pool)
                        .await?;
                let subscriptions = sqlx::query_as(
                    "SELECT c.id AS customer_id, s.id, c.company_name AS customer_name, cs.name AS subscription_name, s.license_count, \
                     COALESCE(s.reseller_of_record_id = $2, FALSE) AS reseller_of_record, \
                     COALESCE(s.support_contact_id = $2, FALSE) AS support_contact \
                     FROM customer_subscriptions s JOIN customers c ON c.id = s.customer_id \
                     JOIN catalog_subscriptions cs ON cs.id = s.subscription_id \
                     WHERE c.partner_id = $1 AND (s.reseller_of_record_id = $2 OR s.support_contact_id = $2) \
                     ORDER BY c.company_name, cs.sort_order",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_all(&self.pool)
                .await?;
                let (open_offers,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM offers WHERE organisation_id = $1 AND provider_id = $2 AND status = 'active'")
                        .bind(reseller_id)
                        .bind(provider_id)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(Some(domain::resellers::RemovalImpact {
                    reseller,
                    customers: customers.into_iter().map(|c| c.0).collect(),
                    subscriptions,
                    others: Vec::new(),
                    provider_name: String::new(),
                    open_offers,
                }))
            }

            async fn remove_partnership(
                &self,
                actor: &Actor,
                reseller_id: i64,
                transition: domain::resellers::Transition,
                origin: &str,
            ) -> StoreResult<usize> {
                use domain::developer::payloads::{PreviousLicenses, SubscriptionChange, SubscriptionChanged};
                let provider_id = actor.organisation_id;
                let mut tx = self.begin().await?;
                let removed: Option<(i64,)> = sqlx::query_as(
                    "UPDATE partnerships SET removed_at = $1, removed_by = $2 \
                     WHERE provider_id = $3 AND reseller_id = $4 AND removed_at IS NULL RETURNING id",
                )
                .bind(now())
                .bind(actor.user_id)
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((partnership_id,)) = removed else { return Err(StoreError::NotFound) };
                // The new reseller must be a partner (the removed one no longer is).
                let target = match transition {
                    domain::resellers::Transition::ToReseller(id) => Self::partnered_reseller_name(&mut tx, provider_id, id).await?,
                    domain::resellers::Transition::ToProvider => "the provider".to_string(),
                    domain::resellers::Transition::Keep => "unchanged".to_string(),
                };
                #[derive(sqlx::FromRow)]
                struct Named {
                    id: i64,
                    customer_id: i64,
                    subscription_id: String,
                    license_count: i64,
                    reseller_of_record_id: Option<i64>,
                    support_contact_id: Option<i64>,
                }
                let named: Vec<Named> = sqlx::query_as(
                    "SELECT id, customer_id, subscription_id, license_count, reseller_of_record_id, support_contact_id FROM customer_subscriptions \
                     WHERE partner_id = $1 AND (reseller_of_record_id = $2 OR support_contact_id = $2) AND status IN ('active', 'suspended') ORDER BY id",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_all(&mut *tx)
                .await?;
                let mut journal = Journal::default();
                let mut moved = 0;
                for row in &named {
                    let (record, support) = transition.after(provider_id, reseller_id, row.reseller_of_record_id, row.support_contact_id);
                    let changed = (record, support) != (row.reseller_of_record_id, row.support_contact_id);
                    if changed {
                        sqlx::query("UPDATE customer_subscriptions SET reseller_of_record_id = $1, support_contact_id = $2 WHERE id = $3")
                            .bind(record)
                            .bind(support)
                            .bind(row.id)
                            .execute(&mut *tx)
                            .await?;
                        moved += 1;
                        journal.event(SubscriptionChanged {
                            id: row.id,
                            customer_id: row.customer_id,
                            subscription_id: row.subscription_id.clone(),
                            change: SubscriptionChange::Licenses {
                                license_count: row.license_count,
                                reseller_of_record_id: record,
                                support_contact_id: support,
                                charge: None,
                                refund: None,
                                previous: PreviousLicenses {
                                    license_count: row.license_count,
                                    reseller_of_record_id: row.reseller_of_record_id,
                                    support_contact_id: row.support_contact_id,
                                },
                            },
                        });
                    }
                    sqlx::query(
                        "INSERT INTO partnership_reassignments (partnership_id, subscription_id, was_reseller_of_record, was_support_contact, \
                         reseller_of_record_after, support_contact_after, moved) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(partnership_id)
                    .bind(row.id)
                    .bind(row.reseller_of_record_id == Some(reseller_id))
                    .bind(row.support_contact_id == Some(reseller_id))
                    .bind(record)
                    .bind(support)
                    .bind(changed)
                    .execute(&mut *tx)
                    .await?;
                }
                // The reseller's open two-tier offers of this provider's subscriptions end with
                // the partnership (their page says why); acceptances made before stay.
                let withdrawn = sqlx::query(
                    "UPDATE offers SET status = $1 WHERE organisation_id = $2 AND provider_id = $3 AND status = 'active'",
                )
                .bind(domain::offers::client::STATUS_PARTNERSHIP_ENDED)
                .bind(reseller_id)
                .bind(provider_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if withdrawn > 0 {
                    let entry = AuditEntry {
                        action: "offer.withdraw",
                        record_type: "organisation",
                        record_id: provider_id.to_string(),
                        summary: format!("{withdrawn} open offers of the provider's subscriptions withdrawn: the partnership was removed"),
                    };
                    Self::write_audit(&mut tx, &actor.seen_from(reseller_id), entry).await?;
                }
                let data = domain::developer::payloads::PartnershipRemoved { provider_id, reseller_id };
                Self::enqueue_event(&mut tx, reseller_id, &data).await?;
                journal.event(data);
                // The reseller's Global admins hear of it.
                let (provider,): (String,) = sqlx::query_as("SELECT name FROM organisations WHERE id = $1").bind(provider_id).fetch_one(&mut *tx).await?;
                let link = format!("{origin}/providers");
                Self::notify(&mut tx, &mut journal, reseller_id, domain::email::Notification::PartnershipRemoved, None, |name, email, locale| {
                    domain::email::Email::partnership_removed(email, locale, name, &provider, &link)
                })
                .await?;
                journal.audit(AuditEntry {
                    action: "partnership.remove",
                    record_type: "organisation",
                    record_id: reseller_id.to_string(),
                    summary: format!(
                        "partnership removed; customers and delegated admin privileges unchanged; {} of {} subscriptions naming the reseller reassigned ({target}); {withdrawn} open two-tier offers withdrawn",
                        moved,
                        named.len()
                    ),
                });
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(moved)
            }

            async fn reassignments(&self, provider_id: i64, reseller_id: i64) -> StoreResult<Option<(i64, Vec<domain::resellers::Reassignment>)>> {
                let last: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT id, removed_at FROM partnerships WHERE provider_id = $1 AND reseller_id = $2 AND removed_at IS NOT NULL \
                     ORDER BY removed_at DESC, id DESC LIMIT 1",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some((partnership_id, removed_at)) = last else { return Ok(None) };
                let rows = sqlx::query_as(
                    "SELECT cu.id AS customer_id, cu.company_name, cu.contact_first_name, cu.contact_email, cu.language, \
                     c.name AS subscription_name, s.license_count, a.was_reseller_of_record, a.was_support_contact, \
                     r.name AS reseller_of_record_after, sc.name AS support_contact_after, a.moved \
                     FROM partnership_reassignments a JOIN customer_subscriptions s ON s.id = a.subscription_id \
                     JOIN customers cu ON cu.id = s.customer_id JOIN catalog_subscriptions c ON c.id = s.subscription_id \
                     LEFT JOIN organisations r ON r.id = a.reseller_of_record_after LEFT JOIN organisations sc ON sc.id = a.support_contact_after \
                     WHERE a.partnership_id = $1 AND s.partner_id = $2 ORDER BY cu.company_name, cu.id, c.sort_order, s.id",
                )
                .bind(partnership_id)
                .bind(provider_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some((removed_at, rows)))
            }

            async fn partnered_providers(&self, reseller_id: i64) -> StoreResult<Vec<i64>> {
                let ids: Vec<(i64,)> = sqlx::query_as("SELECT provider_id FROM partnerships WHERE reseller_id = $1 AND removed_at IS NULL ORDER BY provider_id")
                    .bind(reseller_id)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(ids.into_iter().map(|(id,)| id).collect())
            }

            async fn providers_of_reseller(&self, reseller_id: i64) -> StoreResult<Vec<domain::resellers::ProviderRow>> {
                let providers: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
                    "SELECT o.id, o.name, o.mpn_id, o.country, p.created_at FROM partnerships p \
                     JOIN organisations o ON o.id = p.provider_id \
                     WHERE p.reseller_id = $1 AND p.removed_at IS NULL ORDER BY o.name",
                )
                .bind(reseller_id)
                .fetch_all(&self.pool)
                .await?;
                #[derive(sqlx::FromRow)]
                struct Line {
                    provider_id: i64,
                    customer_id: i64,
                    company_name: String,
                    domain_prefix: String,
                    country: String,
                    subscription: Option<i64>,
                    subscription_name: Option<String>,
                    license_count: Option<i64>,
                    reseller_of_record: bool,
                    support_contact: bool,
                }
                // Every partner's customers in one query: those associated with the reseller
                // show every subscription; others only those where the reseller is reseller of
                // record or support contact.
                let lines: Vec<Line> = sqlx::query_as(
                    "SELECT c.partner_id AS provider_id, c.id AS customer_id, c.company_name, c.domain_prefix, c.country, \
                     s.id AS subscription, cs.name AS subscription_name, s.license_count, \
                     COALESCE(s.reseller_of_record_id = $1, FALSE) AS reseller_of_record, \
                     COALESCE(s.support_contact_id = $1, FALSE) AS support_contact \
                     FROM customers c \
                     LEFT JOIN customer_subscriptions s ON s.customer_id = c.id \
                     LEFT JOIN catalog_subscriptions cs ON cs.id = s.subscription_id \
                     WHERE c.partner_id IN (SELECT provider_id FROM partnerships WHERE reseller_id = $1 AND removed_at IS NULL) \
                     AND (c.reseller_id = $1 OR s.reseller_of_record_id = $1 OR s.support_contact_id = $1) \
                     ORDER BY c.partner_id, c.company_name, c.id, cs.sort_order",
                )
                .bind(reseller_id)
                .fetch_all(&self.pool)
                .await?;
                let mut given: std::collections::HashMap<i64, Vec<(i64, domain::resellers::GivenCustomer)>> = Default::default();
                for line in lines {
                    let customers = given.entry(line.provider_id).or_default();
                    if customers.last().map(|c| c.0) != Some(line.customer_id) {
                        customers.push((
                            line.customer_id,
                            domain::resellers::GivenCustomer {
                                name: line.company_name.clone(),
                                domain_prefix: line.domain_prefix.clone(),
                                country: line.country.clone(),
                                subscriptions: Vec::new(),
                            },
                        ));
                    }
                    if let (Some(subscription), Some(subscription_name), Some(license_count), Some(last)) =
                        (line.subscription, line.subscription_name, line.license_count, customers.last_mut())
                    {
                        last.1.subscriptions.push(domain::resellers::SubscriptionPlace {
                            customer_id: line.customer_id,
                            id: subscription,
                            customer_name: line.company_name,
                            subscription_name,
                            license_count,
                            reseller_of_record: line.reseller_of_record,
                            support_contact: line.support_contact,
                        });
                    }
                }
                Ok(providers
                    .into_iter()
                    .map(|(id, name, mpn_id, country, partnered_since)| domain::resellers::ProviderRow {
                        id,
                        name,
                        mpn_id,
                        country,
                        partnered_since,
                        customers: given.remove(&id).unwrap_or_default().into_iter().map(|c| c.1).collect(),
                    })
                    .collect())
            }
        }
    };
}

pub(crate) use partnership_sql;

#[cfg(test)]
mod tests {
    #[test]
    fn search_patterns_take_wildcards_literally() {
        assert_eq!(super::contains_pattern("Ad%at_um"), "%ad\\%at\\_um%");
        assert_eq!(super::contains_pattern(""), "%%");
    }
}
