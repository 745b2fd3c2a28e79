//! The PostgreSQL store, for installations that run several servers.

use super::api::api_sql;
use super::audit::audit_sql;
use super::catalog::catalog_sql;
use super::client_offers::client_offer_sql;
use super::conflicts::conflict_sql;
use super::customers::customer_sql;
use super::deadlines::deadline_sql;
use super::delegated_admin::delegated_admin_sql;
use super::emails::email_sql;
use super::incentives::incentive_sql;
use super::installation::installation_sql;
use super::join_requests::join_request_sql;
use super::limits::limit_sql;
use super::mfa::mfa_sql;
use super::notifications::notification_sql;
use super::offer_replies::offer_reply_sql;
use super::offers::offer_sql;
use super::offices::office_sql;
use super::organisations::organisation_sql;
use super::partnership_asks::partnership_ask_sql;
use super::partnerships::partnership_sql;
use super::price_lists::price_list_sql;
use super::providers::provider_sql;
use super::registrations::registration_sql;
use super::scale::scale_sql;
use super::sql::sql_store;
use super::subscriptions::subscription_sql;
use super::users::user_sql;
// The shared SQL (the macros above) names the store's types as they are named in `store`.
use super::*;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

pub struct PostgresStore {
    pub pool: PgPool,
    catalog: super::catalog_cache::CatalogCache,
}

impl PostgresStore {
    /// PostgreSQL locks rows as they are written: a plain `BEGIN` (see `begin`).
    const BEGIN_WRITE: &'static str = "BEGIN";

    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        Ok(PostgresStore { pool, catalog: Default::default() })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        let sessions = tower_sessions_sqlx_store::PostgresStore::new(self.pool.clone());
        sessions.migrate().await?;
        Ok(())
    }

    /// PostgreSQL has its own tools for consistent copies (pg_dump, pg_basebackup).
    async fn write_backup(&self, _file: &std::path::Path) -> StoreResult<()> {
        Err(StoreError::BackupUnsupported)
    }

    fn sessions(&self) -> SessionBackend {
        SessionBackend::Postgres(tower_sessions_sqlx_store::PostgresStore::new(self.pool.clone()))
    }
}

sql_store!(PostgresStore, sqlx::Postgres, Backend::Postgres);
partnership_sql!(PostgresStore, sqlx::Postgres);
partnership_ask_sql!(PostgresStore, sqlx::Postgres);
provider_sql!(PostgresStore, sqlx::Postgres);
scale_sql!(PostgresStore, sqlx::Postgres);
customer_sql!(PostgresStore, sqlx::Postgres);
subscription_sql!(PostgresStore, sqlx::Postgres);
deadline_sql!(PostgresStore, sqlx::Postgres);
offer_reply_sql!(PostgresStore, sqlx::Postgres);
client_offer_sql!(PostgresStore, sqlx::Postgres);
user_sql!(PostgresStore, sqlx::Postgres);
email_sql!(PostgresStore, sqlx::Postgres);
installation_sql!(PostgresStore, sqlx::Postgres);
organisation_sql!(PostgresStore, sqlx::Postgres);
join_request_sql!(PostgresStore, sqlx::Postgres);
registration_sql!(PostgresStore, sqlx::Postgres);
price_list_sql!(PostgresStore, sqlx::Postgres);
mfa_sql!(PostgresStore, sqlx::Postgres);
notification_sql!(PostgresStore, sqlx::Postgres);
audit_sql!(PostgresStore, sqlx::Postgres);
api_sql!(PostgresStore, sqlx::Postgres);
conflict_sql!(PostgresStore, sqlx::Postgres);
offer_sql!(PostgresStore, sqlx::Postgres);
catalog_sql!(PostgresStore, sqlx::Postgres);
office_sql!(PostgresStore, sqlx::Postgres);
limit_sql!(PostgresStore, sqlx::Postgres);
incentive_sql!(PostgresStore, sqlx::Postgres);
delegated_admin_sql!(PostgresStore, sqlx::Postgres);
