//! Storage of price lists: each import is a price list of its own, applied in one transaction
//! (its prices, the catalog's products and descriptions, and the markets they are sold in);
//! the newest is in force and the earlier ones stay readable.

use super::{Actor, StoreResult};
use async_trait::async_trait;
pub use domain::price_list::PriceListSummary;
use domain::price_list::{Price, PriceRow};

/// A price list to apply: where it comes from (a file name), the day it is in force from, its
/// rows, and the audit entry's counts.
#[derive(Clone, Debug)]
pub struct NewPriceList<'a> {
    pub source: &'a str,
    pub effective_from: &'a str,
    pub rows: &'a [PriceRow],
    /// "added 3, changed 1, removed 0"
    pub summary: String,
}

/// A price as [`PRICE_COLUMNS`] reads it (text columns), before it is read back.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct StoredPrice {
    product_id: String,
    sku_id: String,
    term: String,
    billing_plan: String,
    market: String,
    currency: String,
    unit_price: String,
    erp_price: String,
    effective_start: String,
    effective_end: String,
}

/// The columns [`StoredPrice`] reads, of `prices` as `p` joined with `catalog_subscriptions` as `c`.
pub(crate) const PRICE_COLUMNS: &str =
    "c.product_id, c.sku_id, p.term, p.billing_plan, p.market, p.currency, p.unit_price, p.erp_price, p.effective_start, p.effective_end";

impl StoredPrice {
    /// The price, when every column reads back (the import wrote them; nothing else does).
    pub(crate) fn price(self) -> Option<Price> {
        Some(Price {
            key: domain::price_list::PriceKey {
                product_id: self.product_id,
                sku_id: self.sku_id,
                term: domain::price_list::Term::from_code(&self.term)?,
                billing_plan: domain::price_list::BillingPlan::from_code(&self.billing_plan)?,
                market: self.market,
            },
            currency: self.currency,
            unit_price: self.unit_price.parse().ok()?,
            erp_price: self.erp_price.parse().ok()?,
            effective_start: self.effective_start,
            effective_end: self.effective_end,
        })
    }
}

/// The price columns of an offer's line (`LINE_PRICE_COLUMNS`), read beside the line.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct StoredLinePrice {
    term: Option<String>,
    billing_plan: Option<String>,
    currency: Option<String>,
    unit_price: Option<String>,
    price_list_id: Option<i64>,
    list_price: Option<String>,
}

/// The columns [`StoredLinePrice`] reads, of `offer_lines` as `l`.
pub(crate) const LINE_PRICE_COLUMNS: &str = "l.term, l.billing_plan, l.currency, l.unit_price, l.price_list_id, l.list_price";

impl StoredLinePrice {
    /// The line's price, when it has one (lines of offers made before prices, or in a market
    /// without a price, have none).
    pub(crate) fn price(self) -> Option<domain::pricing::LinePrice> {
        domain::pricing::LinePrice::from_stored(
            &self.term?,
            &self.billing_plan?,
            self.currency?,
            &self.unit_price?,
            self.price_list_id?,
            self.list_price.as_deref(),
        )
    }
}

/// Columns of a line's price to write, in the order of [`LINE_PRICE_COLUMNS`].
pub(crate) struct LinePriceColumns {
    pub term: Option<&'static str>,
    pub billing_plan: Option<&'static str>,
    pub currency: Option<String>,
    pub unit_price: Option<String>,
    pub price_list_id: Option<i64>,
    pub list_price: Option<String>,
}

/// A line's price as [`LinePriceColumns`] (all empty without a price).
pub(crate) fn line_price_columns(price: Option<&domain::pricing::LinePrice>) -> LinePriceColumns {
    LinePriceColumns {
        term: price.map(|p| p.plan.term.code()),
        billing_plan: price.map(|p| p.plan.billing_plan.code()),
        currency: price.map(|p| p.currency.clone()),
        unit_price: price.map(|p| p.unit_price.to_string()),
        price_list_id: price.map(|p| p.price_list_id),
        list_price: price.and_then(|p| p.list_price).map(|l| l.to_string()),
    }
}

#[async_trait]
pub trait PriceListStore: Send + Sync {
    /// The prices of the price list in force (none before the first import).
    async fn prices_in_force(&self) -> StoreResult<Vec<Price>>;
    /// The price list in force as what orders choose from: (subscription id, market, offering),
    /// in `market` only when one is given.
    async fn offerings_in_force(&self, market: Option<&str>) -> StoreResult<Vec<(String, String, domain::pricing::Offering)>>;
    /// Applies a price list in one transaction: the list and its prices; each product SKU in
    /// the catalog (matched by product and SKU id, added when new) with its title, English
    /// description, translations and license range; the markets each is sold in become those
    /// of this list. Audited. Returns the list's id.
    async fn apply_price_list(&self, actor: &Actor, list: &NewPriceList<'_>) -> StoreResult<i64>;
    /// Every price list, newest first.
    async fn price_lists(&self) -> StoreResult<Vec<PriceListSummary>>;
    /// One price list.
    async fn price_list(&self, id: i64) -> StoreResult<Option<PriceListSummary>>;
    /// One page of a price list's prices, by product, SKU, market, term and plan, with how many
    /// match: `search` is a market's code (two letters) or part of a product or SKU id or name.
    async fn price_list_prices(&self, id: i64, search: &str, page: i64, per_page: i64) -> StoreResult<(Vec<Price>, i64)>;
    /// Keeps an uploaded file until it is applied (uploads older than a day are dropped);
    /// returns its id.
    async fn keep_price_list_upload(&self, actor: &Actor, file_name: &str, content: &[u8]) -> StoreResult<i64>;
    /// An upload's file name and bytes.
    async fn price_list_upload(&self, id: i64) -> StoreResult<Option<(String, Vec<u8>)>>;
    async fn drop_price_list_upload(&self, id: i64) -> StoreResult<()>;
}

/// How long an upload waits to be applied.
pub const UPLOAD_KEPT_SECONDS: i64 = 24 * 3600;

/// Rows inserted per statement (10 values each: within every database's limit on parameters).
pub(crate) const PRICES_PER_INSERT: usize = 500;

macro_rules! price_list_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl price_lists::PriceListStore for $store {
            async fn prices_in_force(&self) -> StoreResult<Vec<domain::price_list::Price>> {
                let rows: Vec<price_lists::StoredPrice> = sqlx::query_as(&format!(
                    "SELECT {} FROM prices p JOIN catalog_subscriptions c ON c.id = p.subscription_id \
                     WHERE p.price_list_id = (SELECT MAX(id) FROM price_lists)",
                    price_lists::PRICE_COLUMNS
                ))
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .filter_map(price_lists::StoredPrice::price)
                    .collect())
            }

            async fn offerings_in_force(&self, market: Option<&str>) -> StoreResult<Vec<(String, String, domain::pricing::Offering)>> {
                #[allow(clippy::type_complexity)]
                let rows: Vec<(String, String, String, String, String, String, String, i64)> = sqlx::query_as(
                    "SELECT p.subscription_id, p.market, p.term, p.billing_plan, p.currency, p.unit_price, p.erp_price, p.price_list_id \
                     FROM prices p WHERE p.price_list_id = (SELECT MAX(id) FROM price_lists) AND (CAST($1 AS TEXT) IS NULL OR p.market = $1)",
                )
                .bind(market)
                .fetch_all(&self.pool)
                .await?;
                let mut offerings: Vec<(String, String, domain::pricing::Offering)> = rows
                    .into_iter()
                    .filter_map(|(subscription_id, market, term, plan, currency, unit, erp, price_list_id)| {
                        let plan = domain::pricing::Plan {
                            term: domain::price_list::Term::from_code(&term)?,
                            billing_plan: domain::price_list::BillingPlan::from_code(&plan)?,
                        };
                        let offering =
                            domain::pricing::Offering { plan, currency, unit_price: unit.parse().ok()?, erp_price: erp.parse().ok()?, price_list_id };
                        Some((subscription_id, market, offering))
                    })
                    .collect();
                offerings.sort_by(|a, b| (&a.0, &a.1, a.2.plan).cmp(&(&b.0, &b.1, b.2.plan)));
                Ok(offerings)
            }

            async fn apply_price_list(&self, actor: &Actor, list: &price_lists::NewPriceList<'_>) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let (list_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO price_lists (effective_from, imported_at, imported_by, source, row_count) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(list.effective_from)
                .bind(now())
                .bind(actor.user_id)
                .bind(list.source)
                .bind(list.rows.len() as i64)
                .fetch_one(&mut *tx)
                .await?;

                // The catalog's product SKUs: matched by product and SKU id, added when new (their
                // id is "<product>:<SKU>"); the first row of each gives its title and texts.
                let known: Vec<(String, String, String)> =
                    sqlx::query_as("SELECT id, product_id, sku_id FROM catalog_subscriptions WHERE product_id IS NOT NULL")
                        .fetch_all(&mut *tx)
                        .await?;
                let mut ids: std::collections::HashMap<(String, String), String> =
                    known.into_iter().map(|(id, product, sku)| ((product, sku), id)).collect();
                let mut products: Vec<&domain::price_list::PriceRow> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for row in list.rows {
                    if seen.insert((&row.price.key.product_id, &row.price.key.sku_id)) {
                        products.push(row);
                    }
                }
                for (order, row) in products.iter().enumerate() {
                    let key = (row.price.key.product_id.clone(), row.price.key.sku_id.clone());
                    let id = ids.entry(key.clone()).or_insert_with(|| format!("{}:{}", key.0, key.1)).clone();
                    sqlx::query(
                        "INSERT INTO catalog_subscriptions (id, name, description, min_licenses, max_licenses, sort_order, product_id, sku_id, trial) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
                         min_licenses = excluded.min_licenses, max_licenses = excluded.max_licenses, sort_order = excluded.sort_order, \
                         trial = excluded.trial",
                    )
                    .bind(&id)
                    .bind(&row.sku_title)
                    .bind(&row.description)
                    .bind(row.min_licenses)
                    .bind(row.max_licenses)
                    .bind(order as i64)
                    .bind(&key.0)
                    .bind(&key.1)
                    .bind(row.trial)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM catalog_translations WHERE subscription_id = $1").bind(&id).execute(&mut *tx).await?;
                    for (language, description) in &row.translations.0 {
                        sqlx::query("INSERT INTO catalog_translations (subscription_id, language, description) VALUES ($1, $2, $3)")
                            .bind(&id)
                            .bind(language)
                            .bind(description)
                            .execute(&mut *tx)
                            .await?;
                    }
                }

                for chunk in list.rows.chunks(price_lists::PRICES_PER_INSERT) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO prices (price_list_id, subscription_id, term, billing_plan, market, currency, unit_price, erp_price, effective_start, effective_end) ",
                    );
                    insert.push_values(chunk, |mut values, row| {
                        let key = &row.price.key;
                        let id = ids.get(&(key.product_id.clone(), key.sku_id.clone())).cloned().unwrap_or_default();
                        values
                            .push_bind(list_id)
                            .push_bind(id)
                            .push_bind(key.term.code())
                            .push_bind(key.billing_plan.code())
                            .push_bind(key.market.clone())
                            .push_bind(row.price.currency.clone())
                            .push_bind(row.price.unit_price.to_string())
                            .push_bind(row.price.erp_price.to_string())
                            .push_bind(row.price.effective_start.clone())
                            .push_bind(row.price.effective_end.clone());
                    });
                    insert.build().execute(&mut *tx).await?;
                }

                // Where each product is sold: the markets of the list in force.
                sqlx::query("DELETE FROM catalog_availability").execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO catalog_availability (subscription_id, country) \
                     SELECT DISTINCT subscription_id, market FROM prices WHERE price_list_id = $1",
                )
                .bind(list_id)
                .execute(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "price_list.apply",
                        record_type: "price_list",
                        record_id: list_id.to_string(),
                        summary: format!("{} prices from {} in force from {}: {}", list.rows.len(), list.source, list.effective_from, list.summary),
                    },
                )
                .await?;
                tx.commit().await?;
                self.catalog.clear();
                Ok(list_id)
            }

            async fn price_list(&self, id: i64) -> StoreResult<Option<price_lists::PriceListSummary>> {
                Ok(sqlx::query_as(
                    "SELECT l.id, l.effective_from, l.imported_at, u.name AS imported_by, l.source, l.row_count \
                     FROM price_lists l LEFT JOIN users u ON u.id = l.imported_by WHERE l.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn price_list_prices(&self, id: i64, search: &str, page: i64, per_page: i64) -> StoreResult<(Vec<domain::price_list::Price>, i64)> {
                // Two letters are a market's code; anything else is part of a product, SKU or name.
                let search = search.trim();
                let is_market = search.len() == 2 && search.chars().all(|c| c.is_ascii_alphabetic());
                let (pattern, market) = if is_market {
                    ("%%".to_string(), search.to_ascii_uppercase())
                } else {
                    (super::partnerships::contains_pattern(search), String::new())
                };
                let filter = "FROM prices p JOIN catalog_subscriptions c ON c.id = p.subscription_id WHERE p.price_list_id = $1 \
                     AND ($2 = '%%' OR LOWER(c.product_id) LIKE $2 ESCAPE '\\' OR LOWER(c.sku_id) LIKE $2 ESCAPE '\\' OR LOWER(c.name) LIKE $2 ESCAPE '\\') \
                     AND ($3 = '' OR p.market = $3)";
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {filter}"))
                    .bind(id)
                    .bind(&pattern)
                    .bind(&market)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<price_lists::StoredPrice> = sqlx::query_as(&format!(
                    "SELECT {} {filter} \
                     ORDER BY c.product_id, c.sku_id, p.market, p.term, p.billing_plan LIMIT $4 OFFSET $5",
                    price_lists::PRICE_COLUMNS
                ))
                .bind(id)
                .bind(&pattern)
                .bind(&market)
                .bind(per_page)
                .bind((page.clamp(1, domain::validate::PAGE_MAX) - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                let prices = rows
                    .into_iter()
                    .filter_map(price_lists::StoredPrice::price)
                    .collect();
                Ok((prices, total))
            }

            async fn keep_price_list_upload(&self, actor: &Actor, file_name: &str, content: &[u8]) -> StoreResult<i64> {
                let now = now();
                sqlx::query("DELETE FROM price_list_uploads WHERE uploaded_at < $1")
                    .bind(now - price_lists::UPLOAD_KEPT_SECONDS)
                    .execute(&self.pool)
                    .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO price_list_uploads (file_name, content, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(file_name)
                .bind(content)
                .bind(actor.user_id)
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn price_list_upload(&self, id: i64) -> StoreResult<Option<(String, Vec<u8>)>> {
                Ok(sqlx::query_as("SELECT file_name, content FROM price_list_uploads WHERE id = $1 AND uploaded_at >= $2")
                    .bind(id)
                    .bind(now() - price_lists::UPLOAD_KEPT_SECONDS)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn drop_price_list_upload(&self, id: i64) -> StoreResult<()> {
                sqlx::query("DELETE FROM price_list_uploads WHERE id = $1").bind(id).execute(&self.pool).await?;
                Ok(())
            }

            async fn price_lists(&self) -> StoreResult<Vec<price_lists::PriceListSummary>> {
                Ok(sqlx::query_as(
                    "SELECT l.id, l.effective_from, l.imported_at, u.name AS imported_by, l.source, l.row_count \
                     FROM price_lists l LEFT JOIN users u ON u.id = l.imported_by ORDER BY l.id DESC",
                )
                .fetch_all(&self.pool)
                .await?)
            }
        }
    };
}

pub(crate) use price_list_sql;
