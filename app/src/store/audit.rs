//! Reading the audit log (entries are written by every change, in its own transaction).

use super::{AuditRow, StoreResult};
use async_trait::async_trait;
use domain::audit::{AuditLine, AuditQuery};

#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn audit_log(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<AuditRow>>;
    /// The organisation's audit lines matching `query`, newest first, with the total count.
    async fn audit_entries(&self, organisation_id: i64, query: &AuditQuery, limit: i64, offset: i64) -> StoreResult<(Vec<AuditLine>, i64)>;
    /// The distinct actions recorded for the organisation, for the filter's suggestions.
    async fn audit_actions(&self, organisation_id: i64) -> StoreResult<Vec<String>>;
}

/// The filter of the audit log ($1 organisation, $2 user or 0, $3 action pattern, $4 record,
/// $5 from, $6 to).
pub const AUDIT_FILTER: &str = "WHERE a.organisation_id = $1 AND ($2 = 0 OR a.user_id = $2) AND a.action LIKE $3 ESCAPE '\\' \
     AND ($4 = '' OR a.record_type = $4 OR a.record_id = $4) AND a.at >= $5 AND a.at < $6 ";

macro_rules! audit_sql {
    ($store:ident, $db:ty) => {
        #[async_trait::async_trait]
        impl audit::AuditStore for $store {
            async fn audit_log(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<AuditRow>> {
                Ok(sqlx::query_as(
                    "SELECT id, organisation_id, user_id, action, record_type, record_id, summary, ip, at \
                     FROM audit_log WHERE organisation_id = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(organisation_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn audit_entries(
                &self,
                organisation_id: i64,
                query: &domain::audit::AuditQuery,
                limit: i64,
                offset: i64,
            ) -> StoreResult<(Vec<domain::audit::AuditLine>, i64)> {
                use audit::AUDIT_FILTER;
                let pattern = format!("{}%", query.action.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM audit_log a {AUDIT_FILTER}"))
                    .bind(organisation_id)
                    .bind(query.user_id.unwrap_or(0))
                    .bind(&pattern)
                    .bind(&query.record)
                    .bind(query.from)
                    .bind(query.to)
                    .fetch_one(&self.pool)
                    .await?;
                let lines = sqlx::query_as(&format!(
                    "SELECT a.id, a.at, u.name AS user_name, a.action, a.record_type, a.record_id, a.summary, a.ip \
                     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id AND u.organisation_id = a.organisation_id {AUDIT_FILTER}ORDER BY a.id DESC LIMIT $7 OFFSET $8"
                ))
                .bind(organisation_id)
                .bind(query.user_id.unwrap_or(0))
                .bind(&pattern)
                .bind(&query.record)
                .bind(query.from)
                .bind(query.to)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                Ok((lines, total))
            }

            async fn audit_actions(&self, organisation_id: i64) -> StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT action FROM audit_log WHERE organisation_id = $1 ORDER BY action")
                    .bind(organisation_id)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }
        }
    };
}

pub(crate) use audit_sql;
