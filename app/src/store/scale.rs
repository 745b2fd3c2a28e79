//! Bulk data for the scale benchmarks (`partnerdesk seed-scale`): a million offers, hundreds of
//! thousands of customers and a million subscriptions on top of the demo data, loaded with
//! set-based SQL (a recursive sequence) so that they take seconds, not hours. The same SQL
//! runs on SQLite and PostgreSQL.

use super::StoreResult;
use async_trait::async_trait;

/// How much to load. The offers go to the demo advisor (Contoso), the customers to the demo
/// indirect provider (Northwind), spread over `resellers` new partnered resellers.
#[derive(Clone, Copy, Debug)]
pub struct ScaleSpec {
    pub offers: i64,
    pub customers: i64,
    pub subscriptions_per_customer: i64,
    pub resellers: i64,
}

#[async_trait]
pub trait ScaleStore: Send + Sync {
    /// Loads the bulk data; the demo data must be there (the demo advisor and provider).
    async fn seed_scale(&self, spec: &ScaleSpec) -> StoreResult<()>;
}

/// The summary ID of the `n`th bulk offer, in SQL: `PO-` and eight symbols of the summary
/// alphabet, the digits of `n` in base 27, so every one is unique and has the real shape.
pub fn summary_id_sql(n: &str) -> String {
    let alphabet = std::str::from_utf8(domain::offers::codes::SUMMARY_ALPHABET).unwrap_or_default();
    let digit = |k: u32| format!("SUBSTR('{alphabet}', CAST(({n} / {}) % 27 AS INTEGER) + 1, 1)", 27_i64.pow(k));
    let first: Vec<String> = (4..8).rev().map(digit).collect();
    let second: Vec<String> = (0..4).rev().map(digit).collect();
    format!("'PO-' || {} || '-' || {}", first.join(" || "), second.join(" || "))
}

/// The same encoding in Rust, to find a bulk offer by its number.
pub fn summary_id_of(n: i64) -> String {
    let alphabet = domain::offers::codes::SUMMARY_ALPHABET;
    let digit = |k: u32| alphabet[((n / 27_i64.pow(k)) % 27) as usize] as char;
    let first: String = (4..8).rev().map(digit).collect();
    let second: String = (0..4).rev().map(digit).collect();
    format!("PO-{first}-{second}")
}

macro_rules! scale_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl scale::ScaleStore for $store {
            async fn seed_scale(&self, spec: &scale::ScaleSpec) -> StoreResult<()> {
                let now = now();
                let one = |sql: &'static str| sqlx::query_as::<_, (i64,)>(sql);
                let (provider,) = one("SELECT id FROM organisations WHERE mpn_id = '2000001'")
                    .fetch_one(&self.pool).await?;
                let (advisor_org,) = one("SELECT id FROM organisations WHERE mpn_id = '1000001'")
                    .fetch_one(&self.pool).await?;
                let (advisor,) = one("SELECT u.id FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.mpn_id = '1000001' ORDER BY u.id LIMIT 1")
                    .fetch_one(&self.pool).await?;
                let (office,) = one("SELECT f.id FROM offices f JOIN organisations o ON o.id = f.organisation_id WHERE o.mpn_id = '1000001' ORDER BY f.id LIMIT 1")
                    .fetch_one(&self.pool).await?;
                let seq = "WITH RECURSIVE seq(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < $1) ";
                let mut tx = self.begin().await?;
                sqlx::query(&format!(
                    "{seq}INSERT INTO organisations (name, mpn_id, country, is_indirect_reseller, created_at) \
                     SELECT 'Scale Reseller ' || n, CAST(4000000 + n AS TEXT), 'NL', TRUE, $2 FROM seq"
                ))
                .bind(spec.resellers).bind(now)
                .execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO partnerships (provider_id, reseller_id, created_at) \
                     SELECT $1, id, $2 FROM organisations WHERE name LIKE 'Scale Reseller %'",
                )
                .bind(provider).bind(now)
                .execute(&mut *tx).await?;
                sqlx::query(&format!(
                    "{seq}INSERT INTO customers (partner_id, reseller_id, company_name, domain_prefix, country, address_line1, \
                     contact_first_name, contact_last_name, contact_email, created_at) \
                     SELECT $2, r.id, 'Scale Customer ' || n, 'scale' || n, 'NL', 'Street ' || n, 'Ann', 'Example', \
                     'ann@scale' || n || '.example', $3 - n FROM seq \
                     JOIN organisations r ON r.mpn_id = CAST(4000001 + n % $4 AS TEXT)"
                ))
                .bind(spec.customers).bind(provider).bind(now).bind(spec.resellers)
                .execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO customer_subscriptions (customer_id, subscription_id, license_count, reseller_of_record_id, created_at, partner_id, \
                     term, billing_plan, term_started_at, ends_at) \
                     SELECT c.id, s.id, 10, c.reseller_id, $2, c.partner_id, 'P1Y', 'monthly', $2, $4 FROM customers c \
                     CROSS JOIN (SELECT id FROM catalog_subscriptions ORDER BY sort_order LIMIT $3) s \
                     WHERE c.partner_id = $1 AND c.domain_prefix LIKE 'scale%'",
                )
                .bind(provider).bind(now).bind(spec.subscriptions_per_customer)
                .bind(domain::subscriptions::add_months(now, 12))
                .execute(&mut *tx).await?;
                sqlx::query(&format!(
                    "{seq}INSERT INTO offers (organisation_id, advisor_user_id, office_id, summary_id, access_token, usage_location, created_at) \
                     SELECT $2, $3, $4, {}, 'scale-offer-' || n, 'NL', $5 - n FROM seq",
                    scale::summary_id_sql("n")
                ))
                .bind(spec.offers).bind(advisor_org).bind(advisor).bind(office).bind(now)
                .execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO offer_lines (offer_id, subscription_id, license_count) \
                     SELECT id, 'M365-BUSINESS-BASIC', 5 FROM offers WHERE organisation_id = $1 AND access_token LIKE 'scale-offer-%'",
                )
                .bind(advisor_org)
                .execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

pub(crate) use scale_sql;

#[cfg(test)]
mod tests {
    #[test]
    fn bulk_summary_ids_have_the_real_shape() {
        for n in [0, 1, 26, 27, 1_000_000, 282_429_536_480] {
            let id = super::summary_id_of(n);
            assert!(domain::offers::codes::is_summary_id(&id), "{id}");
        }
        assert_ne!(super::summary_id_of(1), super::summary_id_of(2));
    }
}
