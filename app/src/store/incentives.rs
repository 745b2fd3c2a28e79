//! The incentive report's reads and its bulk fix (see [`domain::incentives`]).

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::incentives::{IncentiveRow, ValidFix};

#[async_trait]
pub trait IncentiveStore: Send + Sync {
    /// One page of the provider's live subscriptions (active or suspended, not trials) with no
    /// partnered reseller of record, or with a support contact that is neither the provider
    /// nor a partner; by customer and subscription. With how many there are in all.
    async fn incentive_gaps(&self, provider_id: i64, page: i64, per_page: i64) -> StoreResult<(Vec<IncentiveRow>, i64)>;
    /// Makes `fix.reseller_id` the reseller of record (and, if asked, the support contact) of
    /// each of `fix.subscriptions` that is one of the actor's organisation's customers', in one
    /// transaction that also checks the partnership (refused `NotPartnered` otherwise); each
    /// change is audited and sent as `subscription.changed`. Returns how many changed.
    async fn fix_incentives(&self, actor: &Actor, fix: &ValidFix) -> StoreResult<u64>;
}

/// The live subscriptions of `$1`'s customers, with whether their reseller of record and
/// support contact are partnered.
pub(crate) const GAPS_FROM: &str = "FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id \
     JOIN catalog_subscriptions c ON c.id = s.subscription_id \
     LEFT JOIN partnerships rp ON rp.provider_id = cu.partner_id AND rp.reseller_id = s.reseller_of_record_id AND rp.removed_at IS NULL \
     LEFT JOIN partnerships sp ON sp.provider_id = cu.partner_id AND sp.reseller_id = s.support_contact_id AND sp.removed_at IS NULL \
     WHERE cu.partner_id = $1 AND s.trial = FALSE AND s.status IN ('active', 'suspended') \
     AND (rp.id IS NULL OR (s.support_contact_id IS NOT NULL AND s.support_contact_id <> cu.partner_id AND sp.id IS NULL))";

#[derive(sqlx::FromRow)]
pub(crate) struct GapRow {
    id: i64,
    customer_id: i64,
    customer_name: String,
    customer_reseller_id: Option<i64>,
    subscription_name: String,
    license_count: i64,
    reseller_of_record_id: Option<i64>,
    reseller_of_record_name: Option<String>,
    reseller_partnered: bool,
    support_contact_id: Option<i64>,
    support_contact_name: Option<String>,
    support_partnered: bool,
}

impl GapRow {
    pub(crate) fn row(self) -> IncentiveRow {
        IncentiveRow {
            gaps: domain::incentives::gaps(
                true,
                self.reseller_of_record_id.map(|_| self.reseller_partnered),
                self.support_contact_id.map(|_| self.support_partnered),
            ),
            id: self.id,
            customer_id: self.customer_id,
            customer_name: self.customer_name,
            customer_reseller_id: self.customer_reseller_id,
            subscription_name: self.subscription_name,
            license_count: self.license_count,
            reseller_of_record_name: self.reseller_of_record_name,
            support_contact_name: self.support_contact_name,
        }
    }
}

macro_rules! incentive_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl incentives::IncentiveStore for $store {
            async fn incentive_gaps(&self, provider_id: i64, page: i64, per_page: i64) -> StoreResult<(Vec<domain::incentives::IncentiveRow>, i64)> {
                let (total,): (i64,) =
                    sqlx::query_as(&format!("SELECT COUNT(*) {}", incentives::GAPS_FROM)).bind(provider_id).fetch_one(&self.pool).await?;
                let rows: Vec<incentives::GapRow> = sqlx::query_as(&format!(
                    "SELECT s.id, s.customer_id, cu.company_name AS customer_name, cu.reseller_id AS customer_reseller_id, \
                     c.name AS subscription_name, s.license_count, s.reseller_of_record_id, r.name AS reseller_of_record_name, \
                     rp.id IS NOT NULL AS reseller_partnered, s.support_contact_id, sc.name AS support_contact_name, \
                     (COALESCE(s.support_contact_id, 0) = cu.partner_id OR sp.id IS NOT NULL) AS support_partnered \
                     {} ORDER BY cu.company_name, cu.id, c.sort_order, s.id LIMIT $2 OFFSET $3",
                    incentives::GAPS_FROM.replacen(
                        "LEFT JOIN partnerships rp",
                        "LEFT JOIN organisations r ON r.id = s.reseller_of_record_id \
                         LEFT JOIN organisations sc ON sc.id = s.support_contact_id LEFT JOIN partnerships rp",
                        1
                    )
                ))
                .bind(provider_id)
                .bind(per_page)
                .bind((page.clamp(1, domain::validate::PAGE_MAX) - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                Ok((rows.into_iter().map(incentives::GapRow::row).collect(), total))
            }

            async fn fix_incentives(&self, actor: &Actor, fix: &domain::incentives::ValidFix) -> StoreResult<u64> {
                use domain::developer::payloads::{PreviousLicenses, SubscriptionChange, SubscriptionChanged};
                let mut tx = self.begin().await?;
                let reseller_name = Self::partnered_reseller_name(&mut tx, actor.organisation_id, fix.reseller_id).await?;
                let mut changed = 0;
                let mut journal = Journal::default();
                for id in &fix.subscriptions {
                    // Only the organisation's own customers' subscriptions: any other id is skipped.
                    let before: Option<(i64, Option<i64>, Option<i64>, i64, String)> = sqlx::query_as(
                        "SELECT s.license_count, s.reseller_of_record_id, s.support_contact_id, s.customer_id, s.subscription_id \
                         FROM customer_subscriptions s JOIN customers cu ON cu.id = s.customer_id WHERE s.id = $1 AND cu.partner_id = $2",
                    )
                    .bind(id)
                    .bind(actor.organisation_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some((license_count, reseller_before, support_before, customer_id, sku)) = before else { continue };
                    let support_contact_id = if fix.support_contact_too { Some(fix.reseller_id) } else { support_before };
                    if reseller_before == Some(fix.reseller_id) && support_contact_id == support_before {
                        continue;
                    }
                    sqlx::query("UPDATE customer_subscriptions SET reseller_of_record_id = $1, support_contact_id = $2 WHERE id = $3")
                        .bind(fix.reseller_id)
                        .bind(support_contact_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    journal.event(SubscriptionChanged {
                        id: *id,
                        customer_id,
                        subscription_id: sku,
                        change: SubscriptionChange::Licenses {
                            license_count,
                            reseller_of_record_id: Some(fix.reseller_id),
                            support_contact_id,
                            charge: None,
                            refund: None,
                            previous: PreviousLicenses { license_count, reseller_of_record_id: reseller_before, support_contact_id: support_before },
                        },
                    });
                    journal.audit(AuditEntry {
                        action: "subscription.update",
                        record_type: "customer_subscription",
                        record_id: id.to_string(),
                        summary: format!(
                            "incentive fix: reseller of record {reseller_before:?} -> {} ({reseller_name}); support contact {support_before:?} -> {support_contact_id:?}",
                            fix.reseller_id
                        ),
                    });
                    changed += 1;
                }
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(changed)
            }
        }
    };
}

pub(crate) use incentive_sql;
