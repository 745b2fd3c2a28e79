//! Storage of the subscription catalog: the subscriptions PartnerDesk sells, the countries each
//! is sold in and their descriptions per language (the prices are the price lists').

use super::StoreResult;
use async_trait::async_trait;
use domain::catalog::CatalogSubscription;

#[async_trait]
pub trait CatalogStore: Send + Sync {
    async fn put_catalog_subscription(&self, subscription: &CatalogSubscription, sort_order: i64, countries: &[&str]) -> StoreResult<()>;
    /// The subscriptions available in `country`, in catalog order.
    async fn catalog_for_country(&self, country: &str) -> StoreResult<Vec<CatalogSubscription>>;
    /// Every subscription with the countries it is sold in, in catalog order (for wizards
    /// that keep working offline).
    async fn catalog_everywhere(&self) -> StoreResult<Vec<domain::catalog::CatalogEntry>>;
}

macro_rules! catalog_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl catalog::CatalogStore for $store {
            async fn put_catalog_subscription(
                &self,
                subscription: &domain::catalog::CatalogSubscription,
                sort_order: i64,
                countries: &[&str],
            ) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                sqlx::query(
                    "INSERT INTO catalog_subscriptions (id, name, description, min_licenses, max_licenses, sort_order, product_id, sku_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $1, '0001') \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
                     min_licenses = excluded.min_licenses, max_licenses = excluded.max_licenses, sort_order = excluded.sort_order",
                )
                .bind(&subscription.id)
                .bind(&subscription.name)
                .bind(&subscription.description)
                .bind(subscription.min_licenses)
                .bind(subscription.max_licenses)
                .bind(sort_order)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM catalog_availability WHERE subscription_id = $1").bind(&subscription.id).execute(&mut *tx).await?;
                for country in countries {
                    sqlx::query("INSERT INTO catalog_availability (subscription_id, country) VALUES ($1, $2)")
                        .bind(&subscription.id)
                        .bind(*country)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("DELETE FROM catalog_translations WHERE subscription_id = $1").bind(&subscription.id).execute(&mut *tx).await?;
                for (language, description) in &subscription.translations.0 {
                    sqlx::query("INSERT INTO catalog_translations (subscription_id, language, description) VALUES ($1, $2, $3)")
                        .bind(&subscription.id)
                        .bind(language)
                        .bind(description)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                self.catalog.clear();
                Ok(())
            }

            async fn catalog_for_country(&self, country: &str) -> StoreResult<Vec<domain::catalog::CatalogSubscription>> {
                if let Some(kept) = self.catalog.get(country) {
                    return Ok(kept);
                }
                let rows: Vec<(String, String, String, i64, i64, Option<String>, bool)> = sqlx::query_as(
                    "SELECT s.id, s.name, s.description, s.min_licenses, s.max_licenses, s.product_id, s.trial \
                     FROM catalog_subscriptions s JOIN catalog_availability a ON a.subscription_id = s.id \
                     WHERE a.country = $1 ORDER BY s.sort_order, s.name",
                )
                .bind(country)
                .fetch_all(&self.pool)
                .await?;
                let mut subscriptions: Vec<domain::catalog::CatalogSubscription> = rows
                    .into_iter()
                    .map(|(id, name, description, min, max, product_id, trial)| domain::catalog::CatalogSubscription {
                        product_id: product_id.unwrap_or_default(),
                        trial,
                        ..domain::catalog::CatalogSubscription::new(id, name, description, min, max)
                    })
                    .collect();
                let mut translations = self
                    .catalog_translations(
                        "SELECT t.subscription_id, t.language, t.description FROM catalog_translations t \
                         JOIN catalog_availability a ON a.subscription_id = t.subscription_id WHERE a.country = $1",
                        Some(country.to_string()),
                    )
                    .await?;
                for subscription in &mut subscriptions {
                    subscription.translations = translations.remove(&subscription.id).unwrap_or_default();
                }
                let offerings = crate::store::PriceListStore::offerings_in_force(self, Some(country)).await?;
                let position: std::collections::HashMap<String, usize> = subscriptions.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
                for (subscription_id, _, offering) in offerings {
                    if let Some(&i) = position.get(&subscription_id) {
                        subscriptions[i].offerings.push(offering);
                    }
                }
                self.catalog.put(country, &subscriptions);
                Ok(subscriptions)
            }

            async fn catalog_everywhere(&self) -> StoreResult<Vec<domain::catalog::CatalogEntry>> {
                let rows: Vec<(String, String, String, i64, i64, Option<String>, bool, String)> = sqlx::query_as(
                    "SELECT s.id, s.name, s.description, s.min_licenses, s.max_licenses, s.product_id, s.trial, a.country \
                     FROM catalog_subscriptions s JOIN catalog_availability a ON a.subscription_id = s.id \
                     ORDER BY s.sort_order, s.name, a.country",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut entries: Vec<domain::catalog::CatalogEntry> = Vec::new();
                for (id, name, description, min_licenses, max_licenses, product_id, trial, country) in rows {
                    match entries.last_mut() {
                        Some(last) if last.subscription.id == id => last.countries.push(country),
                        _ => entries.push(domain::catalog::CatalogEntry {
                            subscription: domain::catalog::CatalogSubscription {
                                product_id: product_id.unwrap_or_default(),
                                trial,
                                ..domain::catalog::CatalogSubscription::new(id, name, description, min_licenses, max_licenses)
                            },
                            countries: vec![country],
                            prices: Vec::new(),
                        }),
                    }
                }
                let mut translations =
                    self.catalog_translations("SELECT subscription_id, language, description FROM catalog_translations", None::<String>).await?;
                for entry in &mut entries {
                    entry.subscription.translations = translations.remove(&entry.subscription.id).unwrap_or_default();
                }
                let offerings = crate::store::PriceListStore::offerings_in_force(self, None).await?;
                let position: std::collections::HashMap<String, usize> =
                    entries.iter().enumerate().map(|(i, e)| (e.subscription.id.clone(), i)).collect();
                for (subscription_id, market, offering) in offerings {
                    if let Some(&i) = position.get(&subscription_id) {
                        entries[i].prices.push((market, offering));
                    }
                }
                Ok(entries)
            }
        }
    };
}

pub(crate) use catalog_sql;
