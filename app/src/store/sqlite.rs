//! The SQLite store: the default, one file, WAL mode.

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
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    pub pool: SqlitePool,
    catalog: super::catalog_cache::CatalogCache,
}

impl SqliteStore {
    /// Every transaction takes SQLite's write lock when it begins (see `begin`).
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";

    /// Opens (creating if missing) the SQLite database at `url`, e.g. `sqlite:data/partnerdesk.db`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let file = path.split('?').next().unwrap_or_default();
        if let Some(parent) = std::path::Path::new(file).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
            }
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        Ok(SqliteStore { pool, catalog: Default::default() })
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?;
        let sessions = tower_sessions_sqlx_store::SqliteStore::new(self.pool.clone());
        sessions.migrate().await?;
        Ok(())
    }

    /// `VACUUM INTO` copies the database as one read transaction sees it, so the copy is
    /// consistent while other connections keep writing (WAL mode lets them).
    async fn write_backup(&self, file: &std::path::Path) -> StoreResult<()> {
        if file.exists() {
            return Err(StoreError::BackupExists(file.display().to_string()));
        }
        let target = file.to_string_lossy().to_string();
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await?;
        Ok(())
    }

    fn sessions(&self) -> SessionBackend {
        SessionBackend::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(self.pool.clone()))
    }
}

sql_store!(SqliteStore, sqlx::Sqlite, Backend::Sqlite);
partnership_sql!(SqliteStore, sqlx::Sqlite);
partnership_ask_sql!(SqliteStore, sqlx::Sqlite);
provider_sql!(SqliteStore, sqlx::Sqlite);
scale_sql!(SqliteStore, sqlx::Sqlite);
customer_sql!(SqliteStore, sqlx::Sqlite);
subscription_sql!(SqliteStore, sqlx::Sqlite);
deadline_sql!(SqliteStore, sqlx::Sqlite);
offer_reply_sql!(SqliteStore, sqlx::Sqlite);
client_offer_sql!(SqliteStore, sqlx::Sqlite);
user_sql!(SqliteStore, sqlx::Sqlite);
email_sql!(SqliteStore, sqlx::Sqlite);
installation_sql!(SqliteStore, sqlx::Sqlite);
organisation_sql!(SqliteStore, sqlx::Sqlite);
join_request_sql!(SqliteStore, sqlx::Sqlite);
registration_sql!(SqliteStore, sqlx::Sqlite);
price_list_sql!(SqliteStore, sqlx::Sqlite);
mfa_sql!(SqliteStore, sqlx::Sqlite);
notification_sql!(SqliteStore, sqlx::Sqlite);
audit_sql!(SqliteStore, sqlx::Sqlite);
api_sql!(SqliteStore, sqlx::Sqlite);
conflict_sql!(SqliteStore, sqlx::Sqlite);
offer_sql!(SqliteStore, sqlx::Sqlite);
catalog_sql!(SqliteStore, sqlx::Sqlite);
office_sql!(SqliteStore, sqlx::Sqlite);
limit_sql!(SqliteStore, sqlx::Sqlite);
incentive_sql!(SqliteStore, sqlx::Sqlite);
delegated_admin_sql!(SqliteStore, sqlx::Sqlite);
