//! Indirect resellers and their partnerships with indirect providers.

use crate::error::{AppError, FieldErrors};
use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};

/// A reseller the provider has an active partnership with, as listed on Indirect resellers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ResellerRow {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    /// When the partnership was accepted (Unix seconds).
    pub partnered_since: i64,
    /// Customers associated with the reseller, among this provider's customers.
    pub customers: i64,
    /// Subscriptions of this provider's customers where the reseller is reseller of record.
    pub subscriptions: i64,
}

/// A partnership request that has not been accepted (and is not revoked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PendingRequest {
    pub id: i64,
    pub recipient_email: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// What the Indirect resellers page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellersOverview {
    pub resellers: Vec<ResellerRow>,
    pub pending: Vec<PendingRequest>,
    /// Whether the user may also add customers for resellers (Add new customer).
    pub may_add_customers: bool,
}

/// The state of one partnership request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestState {
    Open,
    Accepted,
    Revoked,
}

/// The draft email of a partnership request, for the provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipDraft {
    pub id: i64,
    pub provider_name: String,
    pub link: String,
    pub recipient_email: Option<String>,
    pub state: RequestState,
}

/// The draft email's subject and body, in the language of `texts` (the provider user's at first).
pub fn draft_email(texts: &dyn crate::i18n::Texts, provider_name: &str, link: &str) -> (String, String) {
    let subject = texts.fill_in(Key::PartnershipMailSubject, &[("provider", provider_name)]);
    let body = texts.fill_in(Key::PartnershipMailBody, &[("provider", provider_name), ("link", link)]);
    (subject, body)
}

/// The draft email on its page: the request, and the email's texts in each language (an
/// islands build has only the page's language: see crate::i18n).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftStart {
    pub draft: PartnershipDraft,
    pub texts: Vec<crate::i18n::TextSet>,
}

impl From<PartnershipDraft> for DraftStart {
    fn from(draft: PartnershipDraft) -> Self {
        let texts = Locale::ALL
            .into_iter()
            .map(|l| crate::i18n::TextSet::recording(l, |t| drop(draft_email(t, &draft.provider_name, &draft.link))))
            .collect();
        DraftStart { draft, texts }
    }
}

impl DraftStart {
    /// The email in `locale`.
    pub fn email(&self, locale: Locale) -> (String, String) {
        match self.texts.iter().find(|t| t.locale == locale) {
            Some(texts) => draft_email(texts, &self.draft.provider_name, &self.draft.link),
            None => draft_email(&locale, &self.draft.provider_name, &self.draft.link),
        }
    }
}

/// The path of the page a reseller opens from a partnership request.
pub fn invitation_path(token: &str) -> String {
    format!("/partnerships/{token}")
}

/// The programs of a reseller organisation registered through a partnership link.
pub const RESELLER_PROGRAMS: crate::roles::Programs = crate::roles::Programs { advisor: false, indirect_provider: false, indirect_reseller: true };

/// The page a registration's confirmation link opens (`/register/confirm/<token>`).
pub const REGISTRATION_CONFIRM_PATH: &str = "/register/confirm";
/// How long a registration's confirmation link works.
pub const REGISTRATION_CONFIRM_HOURS: i64 = 48;
/// Registrations one email address starts in 24 hours at most (more are answered alike but
/// keep and send nothing, so nobody floods a mailbox through the form).
pub const REGISTRATIONS_PER_EMAIL_PER_DAY: i64 = 3;

/// Where a reseller registration is: its email waits for confirmation, was confirmed (the
/// organisation exists), or the link expired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationState {
    Waiting,
    Confirmed,
    Expired,
}

/// What the confirmation link's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationStatus {
    pub company_name: String,
    pub mpn_id: String,
    pub email: String,
    pub state: RegistrationState,
    /// The partnership request the registration answers (its page), to go on to once confirmed.
    pub request_path: String,
}

/// Where a reseller still appears after its partnership is removed: one subscription.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SubscriptionPlace {
    /// The customer's and the subscription's IDs (the subscription's page).
    pub customer_id: i64,
    pub id: i64,
    pub customer_name: String,
    pub subscription_name: String,
    pub license_count: i64,
    pub reseller_of_record: bool,
    pub support_contact: bool,
}

/// What removing a partnership leaves in place, shown before and after removal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalImpact {
    pub reseller: ResellerRow,
    /// Customers associated with the reseller (they stay associated).
    pub customers: Vec<String>,
    /// Subscriptions where the reseller is reseller of record or support contact.
    pub subscriptions: Vec<SubscriptionPlace>,
}

/// Who is asking, as the reseller sees it on the request page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderCard {
    pub name: String,
    pub mpn_id: String,
    pub country: String,
}

/// The shortest password PartnerDesk accepts for a new account.
pub const PASSWORD_MIN: usize = 12;

/// A validated registration of a new indirect reseller organisation and its first user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResellerRegistration {
    pub company_name: String,
    pub mpn_id: String,
    pub country: String,
    pub user_name: String,
    pub email: String,
    pub password: String,
}

impl ResellerRegistration {
    pub fn validate(company_name: &str, mpn_id: &str, country: &str, user_name: &str, email: &str, password: &str) -> Result<Self, AppError> {
        use crate::validate;
        let mut errors = FieldErrors::default();
        let company_name = errors.check("company_name", validate::text(company_name, 100));
        let mpn_id = errors.check("mpn_id", validate::mpn_id(mpn_id));
        let country = errors.check("country", crate::catalog::parse_country(country));
        let user_name = errors.check("user_name", validate::text(user_name, 100));
        let email = errors.check("email", validate::email(email));
        let password = errors.check("password", validate::password(password, PASSWORD_MIN));
        match (company_name, mpn_id, country, user_name, email, password) {
            (Some(company_name), Some(mpn_id), Some(country), Some(user_name), Some(email), Some(password)) if errors.is_empty() => {
                Ok(ResellerRegistration { company_name, mpn_id, country, user_name, email, password })
            }
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}

/// One customer an indirect reseller was given by a provider, with its subscriptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenCustomer {
    pub name: String,
    pub domain_prefix: String,
    pub country: String,
    pub subscriptions: Vec<SubscriptionPlace>,
}

/// A provider in the reseller's own list of providers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
    pub country: String,
    pub partnered_since: i64,
    pub customers: Vec<GivenCustomer>,
}

/// The longest message a reseller adds when it asks a provider to partner.
pub const ASK_MESSAGE_MAX: usize = 500;
/// How many providers one reseller may ask to partner in a day: enough for a real search,
/// too few to spam the directory.
pub const ASKS_PER_DAY: i64 = 10;

/// Where a reseller's request to partner stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AskState {
    /// Waiting for the provider's answer.
    Open,
    /// The provider accepted: they are partners.
    Accepted,
    /// The provider declined.
    Declined,
}

impl AskState {
    pub fn code(self) -> &'static str {
        match self {
            AskState::Open => "open",
            AskState::Accepted => "accepted",
            AskState::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<AskState> {
        [AskState::Open, AskState::Accepted, AskState::Declined].into_iter().find(|s| s.code() == code)
    }

    pub fn key(self) -> Key {
        match self {
            AskState::Open => Key::AskStateOpen,
            AskState::Accepted => Key::AskStateAccepted,
            AskState::Declined => Key::AskStateDeclined,
        }
    }
}

/// A reseller's request to partner with a provider it found in the directory (the provider's
/// own partnership requests go the other way, as links).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipAsk {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub reseller_mpn_id: String,
    pub reseller_country: String,
    pub provider_id: i64,
    pub provider_name: String,
    /// What the reseller wrote to the provider (may be empty).
    pub message: String,
    pub asked_at: i64,
    pub state: AskState,
    pub answered_at: Option<i64>,
}

/// The provider's answer to a request to partner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AskAnswer {
    Accept,
    Decline,
}

impl AskAnswer {
    /// `accept` or `decline`; anything else is no answer.
    pub fn from_code(code: &str) -> Option<AskAnswer> {
        match code {
            "accept" => Some(AskAnswer::Accept),
            "decline" => Some(AskAnswer::Decline),
            _ => None,
        }
    }
}

/// The message of a request to partner, as typed: optional, at most [`ASK_MESSAGE_MAX`]
/// characters. Field name: `message`.
pub fn ask_message(typed: &str) -> Result<String, AppError> {
    let mut errors = FieldErrors::default();
    let message = errors.check("message", crate::validate::optional_text(typed, ASK_MESSAGE_MAX));
    match message {
        Some(message) if errors.is_empty() => Ok(message),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

#[cfg(test)]
mod ask_tests {
    use super::*;

    #[test]
    fn a_request_to_partner_says_up_to_five_hundred_characters() {
        assert_eq!(ask_message("  We sell in Belgium.  ").unwrap(), "We sell in Belgium.");
        assert_eq!(ask_message("").unwrap(), "");
        let long = ask_message(&"x".repeat(ASK_MESSAGE_MAX + 1)).unwrap_err();
        assert_eq!(long.field_errors()[0].field, "message");
        assert!(ask_message(&"é".repeat(ASK_MESSAGE_MAX)).is_ok(), "characters, not bytes");
    }

    #[test]
    fn states_and_answers_read_back_from_their_codes() {
        for state in [AskState::Open, AskState::Accepted, AskState::Declined] {
            assert_eq!(AskState::from_code(state.code()), Some(state));
        }
        assert_eq!(AskState::from_code("revoked"), None);
        assert_eq!(AskAnswer::from_code("accept"), Some(AskAnswer::Accept));
        assert_eq!(AskAnswer::from_code("Accept"), None);
    }
}
