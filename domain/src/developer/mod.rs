//! For developers: API keys and webhooks, their limits and rules.

pub mod address;
pub mod payloads;
pub use address::{check_webhook_target, webhook_target, AddressRefusal, WebhookHost, WebhookPolicy, WebhookTarget};

use crate::error::{AppError, FieldErrors, Problem};
use crate::i18n::Key;
use crate::roles::Role;
use serde::{Deserialize, Serialize};

/// The longest name of an API key.
pub const API_KEY_NAME_MAX: usize = 100;
/// Requests a key may make per minute unless set otherwise.
pub const DEFAULT_RATE_LIMIT: i64 = 120;
/// The most endpoints one organisation may have.
pub const MAX_WEBHOOK_ENDPOINTS: usize = 20;
/// Send test event: how many one organisation may queue a minute (counted in the database, so
/// every server shares the count).
pub const TEST_EVENTS_PER_MINUTE: i64 = 10;

/// An API key as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    /// The key's visible beginning, `pdk_<id>_…`, to recognise it.
    pub prefix: String,
    pub roles: Vec<Role>,
    pub rate_limit_per_minute: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key just created: the whole key is shown this once and never again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiKey {
    pub id: i64,
    pub name: String,
    pub key: String,
}

/// A validated request for a new key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidApiKey {
    pub name: String,
    pub roles: Vec<Role>,
}

/// A key's name and roles: the roles must be ones a Users page may give (never the operator's),
/// and at least one.
pub fn validate_api_key(name: &str, roles: &[Role]) -> Result<ValidApiKey, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", crate::validate::text(name, API_KEY_NAME_MAX));
    let mut chosen: Vec<Role> = Role::ASSIGNABLE.into_iter().filter(|r| roles.contains(r)).collect();
    chosen.dedup();
    if chosen.is_empty() || roles.iter().any(|r| !Role::ASSIGNABLE.contains(r)) {
        errors.add("roles", Problem::ChooseRole);
    }
    match name {
        Some(name) if errors.is_empty() => Ok(ValidApiKey { name, roles: chosen }),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

/// Something that happened that an organisation can be told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WebhookEvent {
    OfferAccepted,
    /// A client declined a purchase offer from its page (with the reason, when given).
    OfferDeclined,
    /// A client asked a question about a purchase offer (or for changes to it).
    OfferQuestion,
    /// An open offer expires in a few days ([`crate::subscriptions::OFFER_EXPIRY_REMINDER_SECONDS`]).
    OfferExpiring,
    /// A client started a free trial from a trial invitation (the customer was created).
    TrialStarted,
    /// A trial ends in a few days ([`crate::subscriptions::TRIAL_REMINDER_SECONDS`]).
    TrialEnding,
    PartnershipAccepted,
    PartnershipRemoved,
    /// A reseller asked a provider it found in the directory to partner.
    PartnershipAsked,
    /// The provider accepted or declined a reseller's request to partner.
    PartnershipAskAnswered,
    CustomerCreated,
    SubscriptionCreated,
    SubscriptionChanged,
    /// A subscription renewed at the end of its term (with the changes scheduled for it).
    SubscriptionRenewed,
    /// A subscription cancelled within its change window.
    SubscriptionCancelled,
    /// A subscription that ended without renewing.
    SubscriptionExpired,
    /// A subscription's change window closes within a day
    /// ([`crate::subscriptions::WINDOW_REMINDER_SECONDS`]): the last moment to remove licenses
    /// or cancel.
    SubscriptionWindowClosing,
    /// A subscription renews on its own within [`crate::subscriptions::RENEWAL_REMINDER_SECONDS`]
    /// (30 days): the time to schedule changes for the renewal or turn auto-renew off.
    SubscriptionRenewing,
    /// A delegated admin relationship was asked of a customer (its approval link was made, or
    /// the customer accepted an offer with delegated administration).
    RelationshipRequested,
    /// The customer approved a delegated admin relationship.
    RelationshipApproved,
    /// A delegated admin relationship was terminated (by either side) or declined.
    RelationshipTerminated,
    /// A delegated admin relationship ends within 30 days and will not extend itself.
    RelationshipExpiring,
    /// A delegated admin relationship ended.
    RelationshipExpired,
    /// The Send test event button: goes to one endpoint only, whatever it subscribed to.
    Ping,
}

impl WebhookEvent {
    /// The events an endpoint can subscribe to.
    pub const SUBSCRIBABLE: [WebhookEvent; 23] = [
        WebhookEvent::OfferAccepted,
        WebhookEvent::OfferDeclined,
        WebhookEvent::OfferQuestion,
        WebhookEvent::OfferExpiring,
        WebhookEvent::TrialStarted,
        WebhookEvent::TrialEnding,
        WebhookEvent::PartnershipAccepted,
        WebhookEvent::PartnershipRemoved,
        WebhookEvent::PartnershipAsked,
        WebhookEvent::PartnershipAskAnswered,
        WebhookEvent::CustomerCreated,
        WebhookEvent::SubscriptionCreated,
        WebhookEvent::SubscriptionChanged,
        WebhookEvent::SubscriptionRenewed,
        WebhookEvent::SubscriptionCancelled,
        WebhookEvent::SubscriptionExpired,
        WebhookEvent::SubscriptionWindowClosing,
        WebhookEvent::SubscriptionRenewing,
        WebhookEvent::RelationshipRequested,
        WebhookEvent::RelationshipApproved,
        WebhookEvent::RelationshipTerminated,
        WebhookEvent::RelationshipExpiring,
        WebhookEvent::RelationshipExpired,
    ];

    /// Whether an organisation in `programs` can be told of this event: offers and trials are
    /// the advisors', customers and subscriptions the indirect providers', partnerships both
    /// sides'.
    pub fn reaches(self, programs: &crate::roles::Programs) -> bool {
        match self {
            WebhookEvent::OfferAccepted
            | WebhookEvent::OfferDeclined
            | WebhookEvent::OfferQuestion
            | WebhookEvent::OfferExpiring
            | WebhookEvent::TrialStarted
            | WebhookEvent::TrialEnding => programs.advisor,
            WebhookEvent::PartnershipAccepted
            | WebhookEvent::PartnershipRemoved
            | WebhookEvent::PartnershipAsked
            | WebhookEvent::PartnershipAskAnswered => programs.indirect_provider || programs.indirect_reseller,
            WebhookEvent::CustomerCreated
            | WebhookEvent::SubscriptionCreated
            | WebhookEvent::SubscriptionChanged
            | WebhookEvent::SubscriptionRenewed
            | WebhookEvent::SubscriptionCancelled
            | WebhookEvent::SubscriptionExpired
            | WebhookEvent::SubscriptionWindowClosing
            | WebhookEvent::SubscriptionRenewing => programs.indirect_provider,
            // Advisors' customers come from their offers; providers' from New customer.
            WebhookEvent::RelationshipRequested
            | WebhookEvent::RelationshipApproved
            | WebhookEvent::RelationshipTerminated
            | WebhookEvent::RelationshipExpiring
            | WebhookEvent::RelationshipExpired => programs.advisor || programs.indirect_provider,
            WebhookEvent::Ping => true,
        }
    }

    /// The events an organisation in `programs` can subscribe to (Settings > Webhooks offers
    /// only these).
    pub fn subscribable_by(programs: &crate::roles::Programs) -> Vec<WebhookEvent> {
        WebhookEvent::SUBSCRIBABLE.into_iter().filter(|e| e.reaches(programs)).collect()
    }

    pub fn code(self) -> &'static str {
        match self {
            WebhookEvent::OfferAccepted => "offer.accepted",
            WebhookEvent::OfferDeclined => "offer.declined",
            WebhookEvent::OfferQuestion => "offer.question",
            WebhookEvent::OfferExpiring => "offer.expiring",
            WebhookEvent::TrialStarted => "trial.started",
            WebhookEvent::TrialEnding => "trial.ending",
            WebhookEvent::PartnershipAccepted => "partnership.accepted",
            WebhookEvent::PartnershipRemoved => "partnership.removed",
            WebhookEvent::PartnershipAsked => "partnership.asked",
            WebhookEvent::PartnershipAskAnswered => "partnership.ask_answered",
            WebhookEvent::CustomerCreated => "customer.created",
            WebhookEvent::SubscriptionCreated => "subscription.created",
            WebhookEvent::SubscriptionChanged => "subscription.changed",
            WebhookEvent::SubscriptionRenewed => "subscription.renewed",
            WebhookEvent::SubscriptionCancelled => "subscription.cancelled",
            WebhookEvent::SubscriptionExpired => "subscription.expired",
            WebhookEvent::SubscriptionWindowClosing => "subscription.window_closing",
            WebhookEvent::SubscriptionRenewing => "subscription.renewing",
            WebhookEvent::RelationshipRequested => "delegated_admin.requested",
            WebhookEvent::RelationshipApproved => "delegated_admin.approved",
            WebhookEvent::RelationshipTerminated => "delegated_admin.terminated",
            WebhookEvent::RelationshipExpiring => "delegated_admin.expiring",
            WebhookEvent::RelationshipExpired => "delegated_admin.expired",
            WebhookEvent::Ping => "ping",
        }
    }

    pub fn from_code(code: &str) -> Option<WebhookEvent> {
        WebhookEvent::SUBSCRIBABLE.into_iter().chain([WebhookEvent::Ping]).find(|e| e.code() == code.trim())
    }

    /// Parses a comma-separated list of codes, skipping unknown ones.
    pub fn parse_list(codes: &str) -> Vec<WebhookEvent> {
        codes.split(',').filter_map(WebhookEvent::from_code).collect()
    }

    pub fn key(self) -> Key {
        match self {
            WebhookEvent::OfferAccepted => Key::EventOfferAccepted,
            WebhookEvent::OfferDeclined => Key::EventOfferDeclined,
            WebhookEvent::OfferQuestion => Key::EventOfferQuestion,
            WebhookEvent::OfferExpiring => Key::EventOfferExpiring,
            WebhookEvent::TrialStarted => Key::EventTrialStarted,
            WebhookEvent::TrialEnding => Key::EventTrialEnding,
            WebhookEvent::PartnershipAccepted => Key::EventPartnershipAccepted,
            WebhookEvent::PartnershipRemoved => Key::EventPartnershipRemoved,
            WebhookEvent::PartnershipAsked => Key::EventPartnershipAsked,
            WebhookEvent::PartnershipAskAnswered => Key::EventPartnershipAskAnswered,
            WebhookEvent::CustomerCreated => Key::EventCustomerCreated,
            WebhookEvent::SubscriptionCreated => Key::EventSubscriptionCreated,
            WebhookEvent::SubscriptionChanged => Key::EventSubscriptionChanged,
            WebhookEvent::SubscriptionRenewed => Key::EventSubscriptionRenewed,
            WebhookEvent::SubscriptionCancelled => Key::EventSubscriptionCancelled,
            WebhookEvent::SubscriptionExpired => Key::EventSubscriptionExpired,
            WebhookEvent::SubscriptionWindowClosing => Key::EventSubscriptionWindowClosing,
            WebhookEvent::SubscriptionRenewing => Key::EventSubscriptionRenewing,
            WebhookEvent::RelationshipRequested => Key::EventRelationshipRequested,
            WebhookEvent::RelationshipApproved => Key::EventRelationshipApproved,
            WebhookEvent::RelationshipTerminated => Key::EventRelationshipTerminated,
            WebhookEvent::RelationshipExpiring => Key::EventRelationshipExpiring,
            WebhookEvent::RelationshipExpired => Key::EventRelationshipExpired,
            WebhookEvent::Ping => Key::EventPing,
        }
    }
}

/// A webhook URL: `http://` or `https://` with a host, no credentials, at most 2000 characters,
/// that the HTTP client reads the same way ([`webhook_target`]). Which addresses it may reach is
/// the server's check ([`ssr::check_endpoint_address`]), which knows the policy and resolves names.
pub fn check_webhook_url(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if value.len() > 2000 {
        return Err(Problem::TooLong { max: 2000 });
    }
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")).ok_or(Problem::WebhookUrl)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once(':').map(|(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { authority }).unwrap_or(authority);
    if host.is_empty()
        || authority.contains('@')
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
        || !host.chars().all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
    {
        return Err(Problem::WebhookUrl);
    }
    webhook_target(value)?;
    Ok(value.to_string())
}

/// A validated new webhook endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidEndpoint {
    pub url: String,
    pub events: Vec<WebhookEvent>,
}

pub fn validate_endpoint(url: &str, events: &[WebhookEvent]) -> Result<ValidEndpoint, AppError> {
    let mut errors = FieldErrors::default();
    let url = errors.check("url", check_webhook_url(url));
    let chosen: Vec<WebhookEvent> = WebhookEvent::SUBSCRIBABLE.into_iter().filter(|e| events.contains(e)).collect();
    if chosen.is_empty() {
        errors.add("events", Problem::Required);
    }
    match url {
        Some(url) if errors.is_empty() => Ok(ValidEndpoint { url, events: chosen }),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

/// A webhook endpoint as listed (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEndpointRow {
    pub id: i64,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub active: bool,
    pub created_at: i64,
}

/// An endpoint just added, with its signing secret (shown once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedEndpoint {
    pub id: i64,
    pub url: String,
    pub secret: String,
}

/// One delivery in the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct DeliveryRow {
    pub id: i64,
    pub event_id: String,
    pub event_type: String,
    pub url: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
    pub gave_up_at: Option<i64>,
    pub next_attempt_at: i64,
    pub created_at: i64,
}

/// What Settings > Webhooks shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksOverview {
    pub endpoints: Vec<WebhookEndpointRow>,
    pub deliveries: Vec<DeliveryRow>,
    /// The events the organisation can subscribe to ([`WebhookEvent::subscribable_by`]).
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
}

/// How many times a delivery is tried before PartnerDesk gives up.
pub const MAX_ATTEMPTS: i64 = 8;

/// Why an attempt got no answer, as the delivery log stores it (a stable code; pages show
/// [`DeliveryError::key`]). The reasons say nothing about the receiver's network: an address
/// that is not allowed is never connected to, so open and closed ports look the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryError {
    TimedOut,
    CouldNotConnect,
    RequestFailed,
    /// The host is, or resolved to, an address webhooks may not be sent to.
    AddressNotAllowed,
}

impl DeliveryError {
    pub const ALL: [DeliveryError; 4] =
        [DeliveryError::TimedOut, DeliveryError::CouldNotConnect, DeliveryError::RequestFailed, DeliveryError::AddressNotAllowed];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryError::TimedOut => "timed out",
            DeliveryError::CouldNotConnect => "could not connect",
            DeliveryError::RequestFailed => "request failed",
            DeliveryError::AddressNotAllowed => "address not allowed",
        }
    }

    pub fn from_code(code: &str) -> Option<DeliveryError> {
        DeliveryError::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn key(self) -> Key {
        match self {
            DeliveryError::TimedOut => Key::DeliveryTimedOut,
            DeliveryError::CouldNotConnect => Key::DeliveryCouldNotConnect,
            DeliveryError::RequestFailed => Key::DeliveryRequestFailed,
            DeliveryError::AddressNotAllowed => Key::DeliveryAddressNotAllowed,
        }
    }
}

/// Seconds to wait before attempt `attempts + 1`, after `attempts` failures: base, 2×base,
/// 4×base… capped at six hours.
pub fn backoff_seconds(attempts: i64, base: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    base.saturating_mul(2_i64.saturating_pow(exponent)).min(6 * 3600)
}
