//! Storage: one trait, one implementation per database (SQLite and PostgreSQL).
//!
//! Both implementations are generated from the same method bodies by [`sql_store!`], since the
//! SQL PartnerDesk needs is portable between the two; each database keeps its own migrations.
//! Every method that changes data takes an [`Actor`] and writes its audit entry in the same
//! transaction as the change.

mod sql;

pub mod api;
pub mod audit;
pub mod catalog;
pub mod catalog_cache;
pub mod client_offers;
pub mod conflicts;
pub mod customers;
pub mod deadlines;
pub mod delegated_admin;
pub mod emails;
pub mod incentives;
pub mod installation;
pub mod join_requests;
pub mod limits;
pub mod mfa;
pub mod notifications;
pub mod offer_replies;
pub mod offers;
pub mod offices;
pub mod organisations;
pub mod partnership_asks;
pub mod partnerships;
pub mod postgres;
pub mod price_lists;
pub mod providers;
pub mod registrations;
pub mod scale;
pub mod sessions;
pub mod sqlite;
pub mod subscriptions;
pub mod users;

pub use api::ApiStore;
pub use audit::AuditStore;
pub use catalog::CatalogStore;
pub use client_offers::ClientOfferStore;
pub use conflicts::MpnConflictStore;
pub use customers::CustomerStore;
pub use deadlines::DeadlineStore;
pub use delegated_admin::DelegatedAdminStore;
pub use emails::EmailStore;
pub use incentives::IncentiveStore;
pub use installation::InstallationStore;
pub use join_requests::JoinRequestStore;
pub use limits::LimitStore;
pub use mfa::MfaStore;
pub use notifications::NotificationStore;
pub use offer_replies::OfferReplyStore;
pub use offers::OfferStore;
pub use offices::OfficeStore;
pub use organisations::OrganisationStore;
pub use partnership_asks::PartnershipAskStore;
pub use partnerships::PartnershipStore;
pub use price_lists::PriceListStore;
pub use providers::ProviderStore;
pub use registrations::RegistrationStore;
pub use scale::ScaleStore;
pub use sessions::SessionBackend;
pub use subscriptions::SubscriptionStore;
pub use users::UserStore;

use async_trait::async_trait;
use domain::error::AppError;
use domain::offers::OfferSort;
use domain::roles::{Programs, Role};
use std::sync::Arc;

/// A storage failure. Callers turn it into an [`AppError`]; details are logged, not shown.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unique constraint violated: {0}")]
    Unique(String),
    #[error("not found")]
    NotFound,
    /// A text value the database cannot keep (a NUL character, on PostgreSQL).
    #[error("text the database cannot keep")]
    InvalidText,
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A business rule refused the change (nothing was changed).
    #[error("refused: {0:?}")]
    Refused(domain::error::Refusal),
    /// `partnerdesk backup` works on SQLite only.
    #[error("PartnerDesk backs up SQLite databases only; back up PostgreSQL with pg_dump (e.g. `pg_dump --format=custom --file=partnerdesk.dump \"$DATABASE_URL\"`) or pg_basebackup")]
    BackupUnsupported,
    /// The backup file is there already (it is never overwritten).
    #[error("{0} exists already; choose a new file name (a backup never overwrites a file)")]
    BackupExists(String),
    #[error("unsupported DATABASE_URL (use sqlite:… or postgres://…): {0}")]
    UnsupportedUrl(String),
}

/// Classifies a sqlx error: unique violations become [`StoreError::Unique`], a missing row
/// [`StoreError::NotFound`], text PostgreSQL cannot keep [`StoreError::InvalidText`].
impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(db) = &error {
            if db.is_unique_violation() {
                return StoreError::Unique(db.constraint().unwrap_or(db.message()).to_string());
            }
            // PostgreSQL keeps no NUL character in text (SQLSTATE 22021): a value sent with one
            // is the request's fault, not the server's.
            if db.code().as_deref() == Some("22021") {
                return StoreError::InvalidText;
            }
        }
        if matches!(error, sqlx::Error::RowNotFound) {
            return StoreError::NotFound;
        }
        StoreError::Database(error)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unique(_) => AppError::Conflict,
            StoreError::InvalidText => AppError::Request("text with a NUL character".to_string()),
            StoreError::Refused(refusal) => AppError::Refused(refusal),
            other => {
                tracing::error!(error = %other, "storage error");
                AppError::Internal
            }
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// How many times a transaction asks again for a write lock it did not get within the busy
/// timeout (SQLite), before the request fails.
pub const BUSY_RETRIES: u32 = 3;

/// Whether an error says the database was busy (SQLite's "database is locked"/"busy").
pub fn is_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
            let code = db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
            matches!(code, Some(5 | 6))
        }
        _ => false,
    }
}

/// Who makes a change, for the audit log.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub organisation_id: i64,
    pub ip: Option<String>,
}

impl Actor {
    /// The same change as recorded in another organisation's audit log (a provider's, when its
    /// reseller accepts; a provider's, when the operator decides): the organisation and the
    /// action, never the person or their address, which are that organisation's own business.
    pub fn seen_from(&self, organisation_id: i64) -> Actor {
        if organisation_id == self.organisation_id {
            return self.clone();
        }
        Actor { user_id: None, organisation_id, ip: None }
    }
}

/// What a change was, for the audit log.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub action: &'static str,
    pub record_type: &'static str,
    pub record_id: String,
    pub summary: String,
}

/// The audit entries and webhook events of one transaction, written together at its end: one
/// statement for the entries, two for the events and their deliveries, however many there are.
/// Accepting an offer of two subscriptions writes eight, which took 12 of its 21 round trips to
/// PostgreSQL one statement at a time (an event and its deliveries were two).
#[derive(Debug, Default)]
pub struct Journal {
    pub audit: Vec<AuditEntry>,
    pub events: Vec<(domain::developer::WebhookEvent, serde_json::Value)>,
    /// Messages to send once the transaction commits (and only then), with the organisation
    /// whose change sent them.
    pub emails: Vec<(Option<i64>, domain::email::Email)>,
}

impl Journal {
    pub fn audit(&mut self, entry: AuditEntry) {
        self.audit.push(entry);
    }
    /// A webhook event, with its data as the public contract says ([`domain::developer::payloads`]).
    pub fn event(&mut self, payload: impl domain::developer::payloads::WebhookPayload) {
        self.events.push((payload.event(), payload.to_json()));
    }
    pub fn email(&mut self, organisation_id: Option<i64>, email: domain::email::Email) {
        self.emails.push((organisation_id, email));
    }
}

/// A link PartnerDesk emails that lets a person choose a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EmailedLink {
    /// Forgot password? or an admin's Send password reset link (only for someone who joined).
    PasswordReset,
    /// An invitation (only for someone who has not joined yet).
    Invitation,
}

impl EmailedLink {
    /// Its table and the column that marks it used: fixed texts, never built from input.
    pub(crate) fn table(self) -> (&'static str, &'static str) {
        match self {
            EmailedLink::PasswordReset => ("password_resets", "used_at"),
            EmailedLink::Invitation => ("invitations", "accepted_at"),
        }
    }
}

/// An audit log line as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub organisation_id: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub summary: String,
    pub ip: Option<String>,
    pub at: i64,
}

/// A password hash. Deliberately neither `Serialize` nor `Debug`-printable, so it can never be
/// sent to a browser or written to a log by accident.
#[derive(Clone)]
pub struct PasswordHash(pub String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

/// A partner organisation as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub is_advisor: bool,
    pub is_indirect_provider: bool,
    pub is_indirect_reseller: bool,
    pub dap_certified: bool,
    pub advisor_code: Option<String>,
    /// When the operator suspended the organisation (its users cannot sign in, its sessions and
    /// API keys stop working), if it is suspended.
    pub suspended_at: Option<i64>,
    /// Every user must sign in with two-step verification (its Global admin decides).
    pub require_mfa: bool,
}

impl OrganisationRow {
    pub fn suspended(&self) -> bool {
        self.suspended_at.is_some()
    }
    pub fn programs(&self) -> Programs {
        Programs { advisor: self.is_advisor, indirect_provider: self.is_indirect_provider, indirect_reseller: self.is_indirect_reseller }
    }
}

#[derive(Clone, Debug)]
pub struct NewOrganisation {
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub programs: Programs,
    pub dap_certified: bool,
    pub advisor_code: Option<String>,
}

/// A user as stored, with their password hash.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: PasswordHash,
    pub roles: Vec<Role>,
    pub active: bool,
    /// An admin set the password (a new user, a reset, the operator command): the user must
    /// choose their own before anything else.
    pub must_change_password: bool,
    /// Bumped when the user is deactivated or an admin resets their password; part of every
    /// session's check, so no session from before validates again (`auth::ssr::SessionUser`).
    pub session_generation: i64,
    /// Invited and not joined yet: the account has no password until the person chooses one.
    pub invitation_pending: bool,
    /// When two-step verification was turned on, if it is on: signing in asks for a code.
    pub mfa_enabled_at: Option<i64>,
}

/// The columns of a [`UserRecord`], in [`UserRow`]'s order.
pub(crate) const USER_COLUMNS: &str =
    "id, organisation_id, email, name, password_hash, roles, active, must_change_password, session_generation, invitation_pending, mfa_enabled_at";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    organisation_id: i64,
    email: String,
    name: String,
    password_hash: String,
    roles: String,
    active: bool,
    must_change_password: bool,
    session_generation: i64,
    invitation_pending: bool,
    mfa_enabled_at: Option<i64>,
}

impl From<UserRow> for UserRecord {
    fn from(row: UserRow) -> Self {
        UserRecord {
            id: row.id,
            organisation_id: row.organisation_id,
            email: row.email,
            name: row.name,
            password_hash: PasswordHash(row.password_hash),
            roles: Role::parse_list(&row.roles),
            active: row.active,
            must_change_password: row.must_change_password,
            session_generation: row.session_generation,
            invitation_pending: row.invitation_pending,
            mfa_enabled_at: row.mfa_enabled_at,
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewUser {
    pub organisation_id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: PasswordHash,
    pub roles: Vec<Role>,
    /// The password was set by someone else (a temporary one): the user must change it at
    /// the next sign-in.
    pub must_change_password: bool,
}

/// How many sign-in attempts the throttle window holds for one account (see
/// `auth::ssr::throttle`), counted after this attempt was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInAttempts {
    /// From the attempt's client address.
    pub from_address: i64,
    /// From every address.
    pub for_account: i64,
}

#[derive(Clone, Debug)]
pub struct NewOffice {
    pub name: String,
    pub address_line1: String,
    pub city: String,
    pub country: String,
}

/// An offer row as stored (the list and detail pages build on it).
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct OfferDbRow {
    pub id: i64,
    pub summary_id: String,
    pub created_at: i64,
    pub office_id: i64,
    pub office_name: String,
    pub usage_location: String,
    pub status: String,
    pub expires_at: Option<i64>,
    pub views: i64,
    pub acceptances: i64,
    pub trial_days: Option<i64>,
    pub superseded_by: Option<String>,
    pub replaces: Option<String>,
    pub provider_id: Option<i64>,
    pub provider_name: Option<String>,
}

impl OfferDbRow {
    /// The columns of an [`OfferDbRow`], of `offers o JOIN offices f`.
    pub(crate) const COLUMNS: &'static str = "o.id, o.summary_id, o.created_at, o.office_id, f.name AS office_name, o.usage_location, o.status, \
        o.expires_at, o.views, o.acceptances, o.trial_days, (SELECT n.summary_id FROM offers n WHERE n.id = o.superseded_by) AS superseded_by, \
        (SELECT e.summary_id FROM offers e WHERE e.superseded_by = o.id) AS replaces, o.provider_id, \
        (SELECT p.name FROM organisations p WHERE p.id = o.provider_id) AS provider_name";

    pub(crate) fn into_row(self, lines: Vec<domain::offers::OfferLine>) -> domain::offers::OfferRow {
        domain::offers::OfferRow {
            provider: self.provider_id.map(|id| domain::offers::OfferProvider { id, name: self.provider_name.unwrap_or_default() }),
            summary_id: self.summary_id,
            created_at: self.created_at,
            office_id: self.office_id,
            office_name: self.office_name,
            usage_location: self.usage_location,
            status: domain::offers::client::OfferStatus::from_stored(&self.status, self.expires_at, now()).code().to_string(),
            views: self.views,
            acceptances: self.acceptances,
            lines,
            trial_days: self.trial_days,
            superseded_by: self.superseded_by,
            replaces: self.replaces,
        }
    }
}

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Everything PartnerDesk keeps. Each product area adds its own part ([`PartnershipStore`],
/// [`ProviderStore`], [`CustomerStore`], [`ClientOfferStore`], [`UserStore`], [`AuditStore`], [`ApiStore`]); every database implements all of them.
#[async_trait]
pub trait Store:
    ApiStore
    + MpnConflictStore
    + PartnershipStore
    + ProviderStore
    + CustomerStore
    + SubscriptionStore
    + DeadlineStore
    + ClientOfferStore
    + OfferReplyStore
    + UserStore
    + AuditStore
    + EmailStore
    + InstallationStore
    + OrganisationStore
    + JoinRequestStore
    + RegistrationStore
    + PriceListStore
    + MfaStore
    + NotificationStore
    + OfferStore
    + CatalogStore
    + OfficeStore
    + LimitStore
    + IncentiveStore
    + DelegatedAdminStore
    + PartnershipAskStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// Applies pending migrations (and the session table's).
    async fn migrate(&self) -> StoreResult<()>;
    /// A cheap query that proves the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Writes a consistent copy of the whole database to `file` (which must not exist) while
    /// the server keeps serving: SQLite's `VACUUM INTO`. PostgreSQL refuses with
    /// [`StoreError::BackupUnsupported`]: use `pg_dump` or `pg_basebackup` there.
    async fn backup_to(&self, file: &std::path::Path) -> StoreResult<()>;
    /// The session store over the same database, so every server shares sessions.
    fn session_store(&self) -> SessionBackend;
}

/// A shared handle to the store, as kept in the server's state.
pub type SharedStore = Arc<dyn Store>;

/// Opens the database named by `url` (`sqlite:path?mode=rwc`, `postgres://…`).
/// The benchmarks' bulk loader over the database at `url` (its own connections): not part of
/// [`Store`], which the server runs on.
pub async fn open_scale(url: &str) -> StoreResult<Box<dyn ScaleStore>> {
    if url.starts_with("sqlite:") {
        Ok(Box::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Box::new(postgres::PostgresStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.split(':').next().unwrap_or_default().to_string()))
    }
}

pub async fn open(url: &str) -> StoreResult<SharedStore> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::PostgresStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.split(':').next().unwrap_or_default().to_string()))
    }
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// The offers list's SQL ordering: a fixed text per sort, never built from input.
pub fn offer_order_by(sort: OfferSort) -> &'static str {
    match sort {
        OfferSort::Newest => "o.created_at DESC, o.id DESC",
        OfferSort::Oldest => "o.created_at ASC, o.id ASC",
        OfferSort::SummaryId => "o.summary_id ASC",
        OfferSort::Views => "o.views DESC, o.created_at DESC",
        OfferSort::Acceptances => "o.acceptances DESC, o.created_at DESC",
    }
}
