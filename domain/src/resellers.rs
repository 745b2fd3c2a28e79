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
