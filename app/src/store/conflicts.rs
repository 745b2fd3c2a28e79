//! Storage of MPN ID disputes: a reseller registering through a partnership link with an MPN
//! ID another organisation holds is refused, and the claim waits here for the operator.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::operator::{MpnIdConflict, NewMpnIdConflict};

/// How many open claims one partnership link may leave (each with another email): enough for a
/// real reseller's colleagues, too few to fill the operator's queue from one link.
pub const CLAIMS_PER_REQUEST: i64 = 3;

#[async_trait]
pub trait MpnConflictStore: Send + Sync {
    /// Records a claim on an MPN ID another organisation holds, once per MPN ID and email, and
    /// at most [`CLAIMS_PER_REQUEST`] open claims per partnership request. Returns whether it
    /// was recorded.
    async fn record_mpn_id_conflict(&self, claim: &NewMpnIdConflict) -> StoreResult<bool>;
    /// The open claims, oldest first, with the organisation that holds each MPN ID.
    async fn open_mpn_id_conflicts(&self) -> StoreResult<Vec<MpnIdConflict>>;
    /// The operator's decision on one open claim: the holder keeps the MPN ID (the claim is
    /// closed), or the holder's MPN ID is released (every open claim on it is closed, and the
    /// claimant can register with it). Audited in the operator's and the holder's logs.
    async fn resolve_mpn_id_conflict(&self, actor: &Actor, id: i64, release: bool) -> StoreResult<()>;
}

macro_rules! conflict_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl conflicts::MpnConflictStore for $store {
            async fn record_mpn_id_conflict(&self, claim: &domain::operator::NewMpnIdConflict) -> StoreResult<bool> {
                let mut tx = self.begin().await?;
                let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mpn_id_conflicts WHERE request_id = $1 AND resolved_at IS NULL")
                    .bind(claim.request_id)
                    .fetch_one(&mut *tx)
                    .await?;
                if open >= conflicts::CLAIMS_PER_REQUEST {
                    tx.commit().await?;
                    return Ok(false);
                }
                let inserted = sqlx::query(
                    "INSERT INTO mpn_id_conflicts (mpn_id, holder_id, request_id, company_name, country, contact_name, contact_email, created_at) \
                     SELECT $1, o.id, $2, $3, $4, $5, $6, $7 FROM organisations o WHERE o.mpn_id = $1 \
                     ON CONFLICT (mpn_id, contact_email) WHERE resolved_at IS NULL DO NOTHING",
                )
                .bind(&claim.mpn_id)
                .bind(claim.request_id)
                .bind(&claim.company_name)
                .bind(&claim.country)
                .bind(&claim.contact_name)
                .bind(&claim.contact_email)
                .bind(now())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(inserted > 0)
            }

            async fn open_mpn_id_conflicts(&self) -> StoreResult<Vec<domain::operator::MpnIdConflict>> {
                Ok(sqlx::query_as(
                    "SELECT c.id, c.mpn_id, c.holder_id, o.name AS holder_name, o.country AS holder_country, c.company_name, \
                     c.country, c.contact_name, c.contact_email, c.created_at \
                     FROM mpn_id_conflicts c JOIN organisations o ON o.id = c.holder_id \
                     WHERE c.resolved_at IS NULL ORDER BY c.created_at, c.id LIMIT 500",
                )
                .fetch_all(&self.pool)
                .await?)
            }

            async fn resolve_mpn_id_conflict(&self, actor: &Actor, id: i64, release: bool) -> StoreResult<()> {
                use {AuditEntry, StoreError};
                let now = now();
                let mut tx = self.begin().await?;
                let found: Option<(String, i64, String)> =
                    sqlx::query_as("SELECT mpn_id, holder_id, company_name FROM mpn_id_conflicts WHERE id = $1 AND resolved_at IS NULL")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((mpn_id, holder_id, claimant)) = found else { return Err(StoreError::NotFound) };
                if release {
                    // The holder keeps its account and data; its MPN ID becomes a marker no one
                    // can type (MPN IDs are numeric), so the claimant can register with it.
                    sqlx::query("UPDATE organisations SET mpn_id = 'released-' || CAST(id AS TEXT) WHERE id = $1 AND mpn_id = $2")
                        .bind(holder_id)
                        .bind(&mpn_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE mpn_id_conflicts SET resolved_at = $1, resolved_by = $2, resolution = 'released' \
                         WHERE mpn_id = $3 AND resolved_at IS NULL",
                    )
                    .bind(now)
                    .bind(actor.user_id)
                    .bind(&mpn_id)
                    .execute(&mut *tx)
                    .await?;
                } else {
                    sqlx::query("UPDATE mpn_id_conflicts SET resolved_at = $1, resolved_by = $2, resolution = 'kept' WHERE id = $3")
                        .bind(now)
                        .bind(actor.user_id)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let action = if release { "mpn_id.release" } else { "mpn_id.keep" };
                let outcome = if release { "released" } else { "kept by its holder" };
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action,
                        record_type: "mpn_id_conflict",
                        record_id: id.to_string(),
                        summary: format!("MPN ID {mpn_id} {outcome} (claimed by {claimant})"),
                    },
                )
                .await?;
                if release {
                    Self::write_audit(
                        &mut tx,
                        &actor.seen_from(holder_id),
                        AuditEntry {
                            action,
                            record_type: "organisation",
                            record_id: holder_id.to_string(),
                            summary: format!("MPN ID {mpn_id} released by the operator after another organisation claimed it"),
                        },
                    )
                    .await?;
                }
                Ok(tx.commit().await?)
            }
        }
    };
}

pub(crate) use conflict_sql;
