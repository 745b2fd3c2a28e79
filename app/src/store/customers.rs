//! Storage of customers and their subscriptions (reseller of record, support contact).

use super::{Actor, PasswordHash, StoreResult};
use async_trait::async_trait;

/// A subscription to create with a new customer.
#[derive(Clone, Debug)]
pub struct NewCustomerSubscription {
    pub subscription_id: String,
    pub license_count: i64,
    pub reseller_of_record_id: Option<i64>,
    pub support_contact_id: Option<i64>,
    pub offer_id: Option<i64>,
}

/// A customer to create for the actor's organisation (its partner), with its subscriptions.
#[derive(Clone, Debug)]
pub struct NewCustomer {
    pub reseller_id: Option<i64>,
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub address_line1: String,
    pub city: String,
    pub postal_code: String,
    pub phone: String,
    pub registration_number: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub language: String,
    pub admin_user_name: String,
    pub admin_password_hash: Option<PasswordHash>,
    pub idempotency_key: Option<String>,
    pub subscriptions: Vec<NewCustomerSubscription>,
}

#[async_trait]
pub trait CustomerStore: Send + Sync {
    /// Creates the customer and its subscriptions in one transaction, with audit entries. The
    /// same idempotency key within the partner returns the customer created the first time.
    async fn create_customer(&self, actor: &Actor, customer: &NewCustomer) -> StoreResult<i64>;
    /// Whether any customer already uses this domain prefix (prefixes are unique everywhere).
    async fn domain_prefix_taken(&self, prefix: &str) -> StoreResult<bool>;
}

macro_rules! customer_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Inserts a customer, its subscriptions and their audit entries in `tx`.
            async fn insert_customer(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &$crate::store::Actor,
                customer: &$crate::store::customers::NewCustomer,
            ) -> $crate::store::StoreResult<i64> {
                use $crate::store::StoreError;
                let now = $crate::store::now();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO customers (partner_id, reseller_id, company_name, domain_prefix, country, address_line1, city, \
                     postal_code, phone, registration_number, contact_first_name, contact_last_name, contact_email, language, \
                     admin_user_name, admin_password_hash, idempotency_key, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(customer.reseller_id)
                .bind(&customer.company_name)
                .bind(customer.domain_prefix.to_lowercase())
                .bind(&customer.country)
                .bind(&customer.address_line1)
                .bind(&customer.city)
                .bind(&customer.postal_code)
                .bind(&customer.phone)
                .bind(&customer.registration_number)
                .bind(&customer.contact_first_name)
                .bind(&customer.contact_last_name)
                .bind(&customer.contact_email)
                .bind(&customer.language)
                .bind(&customer.admin_user_name)
                .bind(customer.admin_password_hash.as_ref().map(|h| h.0.clone()))
                .bind(customer.idempotency_key.clone())
                .bind(now)
                .fetch_one(&mut **tx)
                .await
                .map_err(StoreError::from_sqlx)?;
                for line in &customer.subscriptions {
                    let (line_id,): (i64,) = sqlx::query_as(
                        "INSERT INTO customer_subscriptions (customer_id, subscription_id, license_count, status, \
                         reseller_of_record_id, support_contact_id, offer_id, created_at) \
                         VALUES ($1, $2, $3, 'active', $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(id)
                    .bind(&line.subscription_id)
                    .bind(line.license_count)
                    .bind(line.reseller_of_record_id)
                    .bind(line.support_contact_id)
                    .bind(line.offer_id)
                    .bind(now)
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(StoreError::from_sqlx)?;
                    Self::write_audit(
                        tx,
                        actor,
                        $crate::store::AuditEntry {
                            action: "subscription.create",
                            record_type: "customer_subscription",
                            record_id: line_id.to_string(),
                            summary: format!("{} × {} for {}", line.subscription_id, line.license_count, customer.company_name),
                        },
                    )
                    .await?;
                }
                Self::write_audit(
                    tx,
                    actor,
                    $crate::store::AuditEntry {
                        action: "customer.create",
                        record_type: "customer",
                        record_id: id.to_string(),
                        summary: format!("{} ({}), reseller {:?}", customer.company_name, customer.domain_prefix, customer.reseller_id),
                    },
                )
                .await?;
                Ok(id)
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::customers::CustomerStore for $store {
            async fn create_customer(
                &self,
                actor: &$crate::store::Actor,
                customer: &$crate::store::customers::NewCustomer,
            ) -> $crate::store::StoreResult<i64> {
                use $crate::store::StoreError;
                let existing = || async {
                    let found: Option<(i64,)> =
                        sqlx::query_as("SELECT id FROM customers WHERE partner_id = $1 AND idempotency_key = $2")
                            .bind(actor.organisation_id)
                            .bind(customer.idempotency_key.clone())
                            .fetch_optional(&self.pool)
                            .await
                            .map_err(StoreError::from_sqlx)?;
                    Ok::<_, StoreError>(found.map(|f| f.0))
                };
                if customer.idempotency_key.is_some() {
                    if let Some(id) = existing().await? {
                        return Ok(id);
                    }
                }
                let mut tx = self.begin().await?;
                match Self::insert_customer(&mut tx, actor, customer).await {
                    Ok(id) => {
                        tx.commit().await.map_err(StoreError::from_sqlx)?;
                        Ok(id)
                    }
                    // A retry that raced the first attempt: answer with the first customer.
                    Err(StoreError::Unique(constraint)) if constraint.contains("idempotency") => {
                        tx.rollback().await.map_err(StoreError::from_sqlx)?;
                        existing().await?.ok_or(StoreError::NotFound)
                    }
                    Err(other) => Err(other),
                }
            }

            async fn domain_prefix_taken(&self, prefix: &str) -> $crate::store::StoreResult<bool> {
                let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE domain_prefix = $1")
                    .bind(prefix.to_lowercase())
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::store::StoreError::from_sqlx)?;
                Ok(count > 0)
            }
        }
    };
}

pub(crate) use customer_sql;
