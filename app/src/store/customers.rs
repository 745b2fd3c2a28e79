//! Storage of customers and their subscriptions (reseller of record, support contact).

use super::{Actor, PasswordHash, StoreResult};
use async_trait::async_trait;
use domain::customers::{CustomerDetails, CustomerRow};
use domain::pricing::{BillingPlan, Plan, Term};
use domain::subscriptions::{Lifecycle, SubscriptionStatus};

/// A subscription to create with a new customer.
#[derive(Clone, Debug)]
pub struct NewCustomerSubscription {
    pub subscription_id: String,
    pub license_count: i64,
    pub reseller_of_record_id: Option<i64>,
    pub support_contact_id: Option<i64>,
    pub offer_id: Option<i64>,
    /// The term, billing plan and price it was bought at (an accepted offer's).
    pub price: Option<domain::pricing::LinePrice>,
    /// A free trial of this many days (a trial invitation's), instead of a purchase.
    pub trial_days: Option<u32>,
}

/// A change to a subscription, checked by the rules against the subscription as read.
#[derive(Clone, Debug)]
pub struct SubscriptionUpdate {
    /// Who changes it: its provider changes everything below; its reseller of record the
    /// license count only (the reseller of record and support contact stay as they are).
    pub editor: domain::customers::SubscriptionEditor,
    pub subscription_id: i64,
    pub license_count: i64,
    pub reseller_of_record_id: Option<i64>,
    pub support_contact_id: Option<i64>,
    /// The start of the term the license change was checked in.
    pub term_started_at: i64,
    /// What the license change costs (positive: charged now) or gives back (negative:
    /// refunded), with its currency, when the subscription has a price.
    pub amount: Option<(domain::pricing::Decimal, String)>,
}

/// A subscription as its reseller of record reads it.
#[derive(Clone, Debug)]
pub struct ResoldSubscription {
    pub provider_id: i64,
    pub provider_name: String,
    /// The customer, with the resold subscription only.
    pub customer: CustomerRow,
}

/// A customer to create for the actor's organisation (its partner), with its subscriptions.
#[derive(Clone, Debug)]
pub struct NewCustomer {
    pub reseller_id: Option<i64>,
    /// The organisation's details, already checked.
    pub details: CustomerDetails,
    pub admin_user_name: String,
    pub admin_password_hash: Option<PasswordHash>,
    pub idempotency_key: Option<String>,
    pub subscriptions: Vec<NewCustomerSubscription>,
}

#[async_trait]
pub trait CustomerStore: Send + Sync {
    /// Creates the customer and its subscriptions in one transaction, with audit entries. The
    /// same idempotency key within the partner is refused (`Refusal::AlreadySubmitted`), also
    /// when two submissions race: exactly one of them creates the customer.
    async fn create_customer(&self, actor: &Actor, customer: &NewCustomer) -> StoreResult<i64>;
    /// Whether any customer already uses this domain prefix (prefixes are unique everywhere).
    async fn domain_prefix_taken(&self, prefix: &str) -> StoreResult<bool>;
    /// One page of the partner's customers with their subscriptions, by name; `reseller`
    /// filters by associated reseller; `search` matches name or domain prefix.
    async fn customers_page(
        &self,
        partner_id: i64,
        reseller: Option<i64>,
        search: &str,
        page: i64,
        per_page: i64,
    ) -> StoreResult<(Vec<CustomerRow>, i64)>;
    async fn customer(&self, partner_id: i64, customer_id: i64) -> StoreResult<Option<CustomerRow>>;
    /// The subscription `subscription_id` of the customer `customer_id` when `reseller_id` is
    /// its reseller of record and partnered with the customer's provider: the customer with
    /// that subscription only, and the provider.
    async fn resold_subscription(&self, reseller_id: i64, customer_id: i64, subscription_id: i64) -> StoreResult<Option<ResoldSubscription>>;
    /// The customer a submission with this idempotency key created, if any.
    async fn customer_id_for_key(&self, partner_id: i64, idempotency_key: &str) -> StoreResult<Option<i64>>;
    /// Adds subscriptions to one of the actor's organisation's customers.
    async fn add_subscriptions(&self, actor: &Actor, customer_id: i64, lines: &[NewCustomerSubscription]) -> StoreResult<()>;
    /// Changes a subscription of one of the actor's organisation's customers. A new license
    /// count is written only while the subscription is active in the term it was checked in
    /// (`NotFound` otherwise).
    async fn update_subscription(&self, actor: &Actor, update: &SubscriptionUpdate) -> StoreResult<()>;
    /// Associates an indirect reseller with one of the actor's organisation's existing
    /// customers, changes it, or removes it (`None`). A new reseller must be an active partner
    /// (checked in the same transaction); subscriptions keep their reseller of record and
    /// support contact.
    async fn set_customer_reseller(&self, actor: &Actor, customer_id: i64, reseller_id: Option<i64>) -> StoreResult<()>;
}

/// The columns of a subscription row, joined with its catalog entry and organisations.
pub const SUBSCRIPTION_COLUMNS: &str = "SELECT s.id, s.customer_id, s.subscription_id, c.name, s.license_count, c.min_licenses, \
     c.max_licenses, s.reseller_of_record_id, r.name AS reseller_of_record_name, r.mpn_id AS reseller_of_record_mpn_id, \
     s.support_contact_id, sc.name AS support_contact_name, s.term, s.billing_plan, s.currency, s.unit_price, s.price_list_id, s.list_price, \
     s.status, s.term_started_at, s.ends_at, s.auto_renew, \
     s.renewal_license_count, s.renewal_term, s.renewal_billing_plan, s.trial, \
     EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = cu.partner_id AND p.reseller_id = s.reseller_of_record_id \
     AND p.removed_at IS NULL) AS reseller_of_record_partnered, \
     (COALESCE(s.support_contact_id, 0) = cu.partner_id OR EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = cu.partner_id \
     AND p.reseller_id = s.support_contact_id AND p.removed_at IS NULL)) AS support_contact_partnered \
     FROM customer_subscriptions s JOIN catalog_subscriptions c ON c.id = s.subscription_id \
     JOIN customers cu ON cu.id = s.customer_id \
     LEFT JOIN organisations r ON r.id = s.reseller_of_record_id \
     LEFT JOIN organisations sc ON sc.id = s.support_contact_id ";

/// A row of [`SUBSCRIPTION_COLUMNS`]: the subscription and its price.
#[derive(sqlx::FromRow)]
pub(crate) struct PricedSubscriptionRow {
    #[sqlx(flatten)]
    row: domain::customers::SubscriptionRow,
    #[sqlx(flatten)]
    price: crate::store::price_lists::StoredLinePrice,
    #[sqlx(flatten)]
    lifecycle: StoredLifecycle,
}

impl PricedSubscriptionRow {
    pub(crate) fn into_row(self) -> domain::customers::SubscriptionRow {
        let lifecycle = self.lifecycle.lifecycle();
        let renewal_plan = self.lifecycle.renewal_plan();
        domain::customers::SubscriptionRow { price: self.price.price(), lifecycle, renewal_plan, ..self.row }
    }
}

/// A subscription's dates, status and renewal settings as stored (`s`: customer_subscriptions).
#[derive(sqlx::FromRow)]
pub(crate) struct StoredLifecycle {
    status: String,
    // The same columns the price reads (a row reads a column as often as it needs).
    #[sqlx(rename = "term")]
    plan_term: Option<String>,
    #[sqlx(rename = "billing_plan")]
    plan_billing: Option<String>,
    term_started_at: Option<i64>,
    ends_at: Option<i64>,
    auto_renew: bool,
    renewal_term: Option<String>,
    renewal_billing_plan: Option<String>,
}

/// A term and billing plan read back from their columns.
pub(crate) fn stored_plan(term: Option<&str>, billing_plan: Option<&str>) -> Option<Plan> {
    Some(Plan { term: Term::from_code(term?)?, billing_plan: BillingPlan::from_code(billing_plan?)? })
}

impl StoredLifecycle {
    pub(crate) fn lifecycle(&self) -> Lifecycle {
        // Every row has its plan and dates since migration 0026; a row without them reads as
        // a year billed monthly, bought at its term start.
        let plan = stored_plan(self.plan_term.as_deref(), self.plan_billing.as_deref()).unwrap_or(Plan::USUAL);
        let started = self.term_started_at.unwrap_or_default();
        Lifecycle {
            status: SubscriptionStatus::from_code(&self.status),
            plan,
            term_started_at: started,
            ends_at: self.ends_at.unwrap_or_else(|| domain::subscriptions::add_months(started, plan.term.months())),
            auto_renew: self.auto_renew,
        }
    }

    pub(crate) fn renewal_plan(&self) -> Option<Plan> {
        stored_plan(self.renewal_term.as_deref(), self.renewal_billing_plan.as_deref())
    }
}

/// The columns of a customer row, with its reseller and whether it is still a partner.
pub const CUSTOMER_COLUMNS: &str = "SELECT cu.id, cu.company_name, cu.domain_prefix, cu.country, cu.reseller_id, \
     r.name AS reseller_name, \
     EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = cu.partner_id AND p.reseller_id = cu.reseller_id \
     AND p.removed_at IS NULL) AS reseller_partnered, cu.created_at \
     FROM customers cu LEFT JOIN organisations r ON r.id = cu.reseller_id ";

/// The filter of the Customers page ($1 partner, $2 reseller or 0, $3 search pattern). With a
/// reseller the filter names `reseller_id` plainly, so the (partner, reseller, name) index
/// serves both the count and the page; `$2 = 0 OR …` would hide it from the planner.
pub fn customer_filter(by_reseller: bool) -> &'static str {
    if by_reseller {
        "WHERE cu.partner_id = $1 AND cu.reseller_id = $2 \
         AND ($3 = '%%' OR LOWER(cu.company_name) LIKE $3 ESCAPE '\\' OR cu.domain_prefix LIKE $3 ESCAPE '\\') "
    } else {
        "WHERE cu.partner_id = $1 AND CAST($2 AS BIGINT) = 0 \
         AND ($3 = '%%' OR LOWER(cu.company_name) LIKE $3 ESCAPE '\\' OR cu.domain_prefix LIKE $3 ESCAPE '\\') "
    }
}

macro_rules! customer_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// The name of `reseller_id` when it is an active partner of `provider_id`, read in
            /// the transaction that relies on it; refused `NotPartnered` otherwise.
            pub(crate) async fn partnered_reseller_name(
                tx: &mut sqlx::Transaction<'_, $db>,
                provider_id: i64,
                reseller_id: i64,
            ) -> StoreResult<String> {
                let partner: Option<(String,)> = sqlx::query_as(
                    "SELECT o.name FROM partnerships p JOIN organisations o ON o.id = p.reseller_id \
                     WHERE p.provider_id = $1 AND p.reseller_id = $2 AND p.removed_at IS NULL",
                )
                .bind(provider_id)
                .bind(reseller_id)
                .fetch_optional(&mut **tx)
                .await?;
                partner.map(|(name,)| name).ok_or(StoreError::Refused(domain::error::Refusal::NotPartnered))
            }

            /// Inserts one subscription of customer `customer_id` of `partner_id`, bought at
            /// `now`: its term and billing plan are its price's (a year billed monthly without
            /// one), its term starts now and it renews automatically.
            async fn insert_subscription(
                tx: &mut sqlx::Transaction<'_, $db>,
                customer_id: i64,
                partner_id: i64,
                line: &customers::NewCustomerSubscription,
                now: i64,
            ) -> StoreResult<i64> {
                let price = crate::store::price_lists::line_price_columns(line.price.as_ref());
                let plan = line.price.as_ref().map(|p| p.plan).unwrap_or(domain::pricing::Plan::USUAL);
                let lifecycle = match line.trial_days {
                    Some(days) => domain::subscriptions::Lifecycle::trial(days, now),
                    None => domain::subscriptions::Lifecycle::starting(plan, now),
                };
                let plan = lifecycle.plan;
                let (line_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO customer_subscriptions (customer_id, subscription_id, license_count, status, \
                     reseller_of_record_id, support_contact_id, offer_id, created_at, partner_id, \
                     term, billing_plan, currency, unit_price, price_list_id, list_price, term_started_at, ends_at, auto_renew, trial) \
                     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
                )
                .bind(customer_id)
                .bind(&line.subscription_id)
                .bind(line.license_count)
                .bind(line.reseller_of_record_id)
                .bind(line.support_contact_id)
                .bind(line.offer_id)
                .bind(now)
                .bind(partner_id)
                .bind(plan.term.code())
                .bind(plan.billing_plan.code())
                .bind(price.currency)
                .bind(price.unit_price)
                .bind(price.price_list_id)
                .bind(price.list_price)
                .bind(lifecycle.term_started_at)
                .bind(lifecycle.ends_at)
                .bind(lifecycle.auto_renew)
                .bind(line.trial_days.is_some())
                .fetch_one(&mut **tx)
                .await?;
                Ok(line_id)
            }

            /// Inserts a customer and its subscriptions in `tx`; their audit entries and webhook
            /// events go into `journal`, for the caller to write with its own.
            async fn insert_customer(
                tx: &mut sqlx::Transaction<'_, $db>,
                customer: &customers::NewCustomer,
                actor: &Actor,
                journal: &mut Journal,
            ) -> StoreResult<i64> {
                let now = now();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO customers (partner_id, reseller_id, company_name, domain_prefix, country, address_line1, city, \
                     postal_code, phone, registration_number, contact_first_name, contact_last_name, contact_email, language, \
                     admin_user_name, admin_password_hash, idempotency_key, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(customer.reseller_id)
                .bind(&customer.details.company_name)
                .bind(customer.details.domain_prefix.to_lowercase())
                .bind(&customer.details.country)
                .bind(&customer.details.address_line1)
                .bind(&customer.details.city)
                .bind(&customer.details.postal_code)
                .bind(&customer.details.phone)
                .bind(&customer.details.registration_number)
                .bind(&customer.details.contact_first_name)
                .bind(&customer.details.contact_last_name)
                .bind(&customer.details.contact_email)
                .bind(customer.details.language.tag())
                .bind(&customer.admin_user_name)
                .bind(customer.admin_password_hash.as_ref().map(|h| h.0.clone()))
                .bind(customer.idempotency_key.clone())
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                for line in &customer.subscriptions {
                    let line_id = Self::insert_subscription(tx, id, actor.organisation_id, line, now).await?;
                    journal.audit(AuditEntry {
                        action: "subscription.create",
                        record_type: "customer_subscription",
                        record_id: line_id.to_string(),
                        summary: format!("{} × {} for {}", line.subscription_id, line.license_count, customer.details.company_name),
                    });
                    journal.event(domain::developer::payloads::SubscriptionCreated {
                        id: line_id,
                        customer_id: id,
                        subscription_id: line.subscription_id.clone(),
                        license_count: line.license_count,
                        reseller_of_record_id: line.reseller_of_record_id,
                        support_contact_id: line.support_contact_id,
                    });
                }
                journal.event(domain::developer::payloads::CustomerCreated {
                    id,
                    company_name: customer.details.company_name.clone(),
                    domain_prefix: customer.details.domain_prefix.to_lowercase(),
                    country: customer.details.country.clone(),
                    reseller_id: customer.reseller_id,
                });
                journal.audit(AuditEntry {
                    action: "customer.create",
                    record_type: "customer",
                    record_id: id.to_string(),
                    summary: format!("{} ({}), reseller {:?}", customer.details.company_name, customer.details.domain_prefix, customer.reseller_id),
                });
                Ok(id)
            }
        }

        #[async_trait::async_trait]
        impl customers::CustomerStore for $store {
            async fn create_customer(
                &self,
                actor: &Actor,
                customer: &customers::NewCustomer,
            ) -> StoreResult<i64> {
                let existing = || async {
                    let found: Option<(i64,)> =
                        sqlx::query_as("SELECT id FROM customers WHERE partner_id = $1 AND idempotency_key = $2")
                            .bind(actor.organisation_id)
                            .bind(customer.idempotency_key.clone())
                            .fetch_optional(&self.pool)
                            .await?;
                    Ok::<_, StoreError>(found.map(|f| f.0))
                };
                // A retried order (same key) never creates a second customer, and is refused
                // rather than answered with the first customer's id: the caller must not show
                // a new temporary password for a customer that has another one.
                let already_submitted = || StoreError::Refused(domain::error::Refusal::AlreadySubmitted);
                if customer.idempotency_key.is_some() && existing().await?.is_some() {
                    return Err(already_submitted());
                }
                let mut tx = self.begin().await?;
                let mut journal = Journal::default();
                match Self::insert_customer(&mut tx, customer, actor, &mut journal).await {
                    Ok(id) => {
                        Self::write_journal(&mut tx, actor, journal).await?;
                        tx.commit().await?;
                        Ok(id)
                    }
                    // A retry that raced the first attempt (perhaps on another server).
                    Err(StoreError::Unique(constraint)) if constraint.contains("idempotency") => {
                        tx.rollback().await?;
                        match existing().await? {
                            Some(_) => Err(already_submitted()),
                            None => Err(StoreError::Unique(constraint)),
                        }
                    }
                    Err(other) => Err(other),
                }
            }

            async fn customers_page(
                &self,
                partner_id: i64,
                reseller: Option<i64>,
                search: &str,
                page: i64,
                per_page: i64,
            ) -> StoreResult<(Vec<domain::customers::CustomerRow>, i64)> {
                use customers::{customer_filter, CUSTOMER_COLUMNS, SUBSCRIPTION_COLUMNS};
                let filter = customer_filter(reseller.is_some_and(|r| r > 0));
                let pattern = partnerships::contains_pattern(search);
                let offset = (page.max(1) - 1) * per_page;
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM customers cu {filter}"))
                    .bind(partner_id)
                    .bind(reseller.unwrap_or(0))
                    .bind(&pattern)
                    .fetch_one(&self.pool)
                    .await?;
                let mut rows: Vec<domain::customers::CustomerRow> =
                    sqlx::query_as(&format!("{CUSTOMER_COLUMNS}{filter}ORDER BY cu.company_name, cu.id LIMIT $4 OFFSET $5"))
                        .bind(partner_id)
                        .bind(reseller.unwrap_or(0))
                        .bind(&pattern)
                        .bind(per_page)
                        .bind(offset)
                        .fetch_all(&self.pool)
                        .await?;
                let subscriptions: Vec<customers::PricedSubscriptionRow> = sqlx::query_as(&format!(
                    "{SUBSCRIPTION_COLUMNS}WHERE s.customer_id IN (SELECT cu.id FROM customers cu {filter}\
                     ORDER BY cu.company_name, cu.id LIMIT $4 OFFSET $5) ORDER BY s.customer_id, c.sort_order, s.id"
                ))
                .bind(partner_id)
                .bind(reseller.unwrap_or(0))
                .bind(&pattern)
                .bind(per_page)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let subscriptions: Vec<domain::customers::SubscriptionRow> = subscriptions.into_iter().map(customers::PricedSubscriptionRow::into_row).collect();
                for row in &mut rows {
                    row.subscriptions = subscriptions.iter().filter(|s| s.customer_id == row.id).cloned().collect();
                }
                Ok((rows, total))
            }

            async fn customer(&self, partner_id: i64, customer_id: i64) -> StoreResult<Option<domain::customers::CustomerRow>> {
                use customers::{CUSTOMER_COLUMNS, SUBSCRIPTION_COLUMNS};
                let row: Option<domain::customers::CustomerRow> =
                    sqlx::query_as(&format!("{CUSTOMER_COLUMNS}WHERE cu.partner_id = $1 AND cu.id = $2"))
                        .bind(partner_id)
                        .bind(customer_id)
                        .fetch_optional(&self.pool)
                        .await?;
                let Some(mut row) = row else { return Ok(None) };
                let subscriptions: Vec<customers::PricedSubscriptionRow> =
                    sqlx::query_as(&format!("{SUBSCRIPTION_COLUMNS}WHERE s.customer_id = $1 ORDER BY c.sort_order, s.id"))
                        .bind(customer_id)
                        .fetch_all(&self.pool)
                        .await?;
                row.subscriptions = subscriptions.into_iter().map(customers::PricedSubscriptionRow::into_row).collect();
                Ok(Some(row))
            }

            async fn resold_subscription(
                &self,
                reseller_id: i64,
                customer_id: i64,
                subscription_id: i64,
            ) -> StoreResult<Option<customers::ResoldSubscription>> {
                use customers::{CUSTOMER_COLUMNS, SUBSCRIPTION_COLUMNS};
                let subscription: Option<customers::PricedSubscriptionRow> = sqlx::query_as(&format!(
                    "{SUBSCRIPTION_COLUMNS}WHERE s.id = $1 AND s.customer_id = $2 AND s.reseller_of_record_id = $3 \
                     AND EXISTS (SELECT 1 FROM partnerships p WHERE p.provider_id = s.partner_id AND p.reseller_id = $3 AND p.removed_at IS NULL)"
                ))
                .bind(subscription_id)
                .bind(customer_id)
                .bind(reseller_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(subscription) = subscription else { return Ok(None) };
                let Some(mut customer): Option<domain::customers::CustomerRow> =
                    sqlx::query_as(&format!("{CUSTOMER_COLUMNS}WHERE cu.id = $1")).bind(customer_id).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                customer.subscriptions = vec![subscription.into_row()];
                let (provider_id, provider_name): (i64, String) =
                    sqlx::query_as("SELECT o.id, o.name FROM customers cu JOIN organisations o ON o.id = cu.partner_id WHERE cu.id = $1")
                        .bind(customer_id)
                        .fetch_one(&self.pool)
                        .await?;
                Ok(Some(customers::ResoldSubscription { provider_id, provider_name, customer }))
            }

            async fn add_subscriptions(
                &self,
                actor: &Actor,
                customer_id: i64,
                lines: &[customers::NewCustomerSubscription],
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                // Lock the customer row (a write), and prove it is the actor's organisation's.
                let owned = sqlx::query("UPDATE customers SET partner_id = partner_id WHERE id = $1 AND partner_id = $2")
                    .bind(customer_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if owned == 0 {
                    return Err(StoreError::NotFound);
                }
                let now = now();
                let mut journal = Journal::default();
                for line in lines {
                    let line_id = Self::insert_subscription(&mut tx, customer_id, actor.organisation_id, line, now).await?;
                    journal.audit(AuditEntry {
                        action: "subscription.create",
                        record_type: "customer_subscription",
                        record_id: line_id.to_string(),
                        summary: format!(
                            "{} × {} for customer {customer_id}, reseller of record {:?}",
                            line.subscription_id, line.license_count, line.reseller_of_record_id
                        ),
                    });
                    journal.event(domain::developer::payloads::SubscriptionCreated {
                        id: line_id,
                        customer_id,
                        subscription_id: line.subscription_id.clone(),
                        license_count: line.license_count,
                        reseller_of_record_id: line.reseller_of_record_id,
                        support_contact_id: line.support_contact_id,
                    });
                }
                Self::write_journal(&mut tx, actor, journal).await?;
                Ok(tx.commit().await?)
            }

            async fn update_subscription(&self, actor: &Actor, update: &customers::SubscriptionUpdate) -> StoreResult<()> {
                use domain::customers::SubscriptionEditor;
                let customers::SubscriptionUpdate { editor, subscription_id, license_count, .. } = *update;
                let mut tx = self.begin().await?;
                let scope = crate::store::subscriptions::editable_by(editor, 2);
                let before: Option<(i64, Option<i64>, Option<i64>, i64, String, i64)> = sqlx::query_as(&format!(
                    "SELECT license_count, reseller_of_record_id, support_contact_id, customer_id, subscription_id, partner_id \
                     FROM customer_subscriptions WHERE id = $1 AND {scope}"
                ))
                .bind(subscription_id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(before) = before else { return Err(StoreError::NotFound) };
                let provider_id = before.5;
                // The reseller of record changes the license count only.
                let (reseller_of_record_id, support_contact_id) = match editor {
                    SubscriptionEditor::Provider => (update.reseller_of_record_id, update.support_contact_id),
                    SubscriptionEditor::ResellerOfRecord => (before.1, before.2),
                };
                let done = sqlx::query(&format!(
                    "UPDATE customer_subscriptions SET license_count = $1, reseller_of_record_id = $3, support_contact_id = $4 \
                     WHERE id = $5 AND {scope} AND (license_count = $1 OR (status = 'active' AND term_started_at = $6))"
                ))
                .bind(license_count)
                .bind(actor.organisation_id)
                .bind(reseller_of_record_id)
                .bind(support_contact_id)
                .bind(subscription_id)
                .bind(update.term_started_at)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let amount = update.amount.as_ref().filter(|_| license_count != before.0);
                use domain::developer::payloads::{Amount, PreviousLicenses, SubscriptionChange, SubscriptionChanged};
                let money = |(a, c): &(domain::pricing::Decimal, String)| Amount { amount: a.abs().to_string(), currency: c.clone() };
                Self::enqueue_event(&mut tx, provider_id, &SubscriptionChanged {
                    id: subscription_id,
                    customer_id: before.3,
                    subscription_id: before.4.clone(),
                    change: SubscriptionChange::Licenses {
                        license_count,
                        reseller_of_record_id,
                        support_contact_id,
                        charge: amount.filter(|(a, _)| a.is_sign_positive()).map(money),
                        refund: amount.filter(|(a, _)| a.is_sign_negative()).map(money),
                        previous: PreviousLicenses { license_count: before.0, reseller_of_record_id: before.1, support_contact_id: before.2 },
                    },
                })
                .await?;
                let entry = AuditEntry {
                    action: "subscription.update",
                    record_type: "customer_subscription",
                    record_id: subscription_id.to_string(),
                    summary: format!(
                        "licenses {} -> {license_count}{}; reseller of record {:?} -> {reseller_of_record_id:?}; support contact {:?} -> {support_contact_id:?}",
                        before.0,
                        match amount {
                            Some((a, c)) if a.is_sign_negative() => format!(" (refund {} {c})", a.abs()),
                            Some((a, c)) => format!(" (charge {a} {c})"),
                            None => String::new(),
                        },
                        before.1,
                        before.2
                    ),
                };
                Self::audit_subscription_change(&mut tx, actor, provider_id, entry).await?;
                Ok(tx.commit().await?)
            }

            async fn set_customer_reseller(
                &self,
                actor: &Actor,
                customer_id: i64,
                reseller_id: Option<i64>,
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let before: Option<(String, Option<String>)> = sqlx::query_as(
                    "SELECT cu.company_name, r.name FROM customers cu LEFT JOIN organisations r ON r.id = cu.reseller_id \
                     WHERE cu.id = $1 AND cu.partner_id = $2",
                )
                .bind(customer_id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((company, old_reseller)) = before else { return Err(StoreError::NotFound) };
                let new_reseller = match reseller_id {
                    None => None,
                    Some(id) => Some(Self::partnered_reseller_name(&mut tx, actor.organisation_id, id).await?),
                };
                let done = sqlx::query("UPDATE customers SET reseller_id = $1 WHERE id = $2 AND partner_id = $3")
                    .bind(reseller_id)
                    .bind(customer_id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_string());
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "customer.reseller",
                        record_type: "customer",
                        record_id: customer_id.to_string(),
                        summary: format!("{company}: reseller {} -> {}", name(&old_reseller), name(&new_reseller)),
                    },
                )
                .await
            }

            async fn customer_id_for_key(&self, partner_id: i64, idempotency_key: &str) -> StoreResult<Option<i64>> {
                let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM customers WHERE partner_id = $1 AND idempotency_key = $2")
                    .bind(partner_id)
                    .bind(idempotency_key)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(found.map(|f| f.0))
            }

            async fn domain_prefix_taken(&self, prefix: &str) -> StoreResult<bool> {
                let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE domain_prefix = $1")
                    .bind(prefix.to_lowercase())
                    .fetch_one(&self.pool)
                    .await?;
                Ok(count > 0)
            }
        }
    };
}

pub(crate) use customer_sql;
