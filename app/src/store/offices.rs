//! Storage of an organisation's partner offices (Settings > Partner locations), which offers
//! are sent from.

use super::{Actor, NewOffice, StoreResult};
use async_trait::async_trait;
use domain::offices::Office;

#[async_trait]
pub trait OfficeStore: Send + Sync {
    async fn offices(&self, organisation_id: i64) -> StoreResult<Vec<Office>>;
    async fn add_office(&self, actor: &Actor, office: &NewOffice) -> StoreResult<Office>;
}

macro_rules! office_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl offices::OfficeStore for $store {
            async fn offices(&self, organisation_id: i64) -> StoreResult<Vec<domain::offices::Office>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, address_line1, city, country FROM offices \
                     WHERE organisation_id = $1 ORDER BY name, id",
                )
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn add_office(&self, actor: &Actor, office: &NewOffice) -> StoreResult<domain::offices::Office> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO offices (organisation_id, name, address_line1, city, country, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(&office.name)
                .bind(&office.address_line1)
                .bind(&office.city)
                .bind(&office.country)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "office.create",
                        record_type: "office",
                        record_id: id.to_string(),
                        summary: format!("{}, {}, {} {}", office.name, office.address_line1, office.city, office.country),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(domain::offices::Office {
                    id,
                    name: office.name.clone(),
                    address_line1: office.address_line1.clone(),
                    city: office.city.clone(),
                    country: office.country.clone(),
                })
            }
        }
    };
}

pub(crate) use office_sql;
