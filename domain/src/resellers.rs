//! Indirect resellers and their partnerships with indirect providers.

use crate::error::{AppError, FieldErrors, Problem};
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
    /// The provider's other partnered resellers, which the transition plan can move the
    /// subscriptions to, and the provider's name.
    #[serde(default)]
    pub others: Vec<crate::customers::ResellerChoice>,
    #[serde(default)]
    pub provider_name: String,
    /// The reseller's open two-tier offers of the provider's subscriptions (the removal
    /// withdraws them).
    #[serde(default)]
    pub open_offers: i64,
}

/// What a removal did, for its notice: how many subscriptions the transition plan moved, and
/// the notices drafted for the customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovalReport {
    pub reseller_name: String,
    pub moved: usize,
    pub notices: Vec<CustomerNotice>,
}

/// Where a removed reseller's live subscriptions go (the transition plan of Remove
/// partnership): its place as reseller of record and as designated support contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    /// Left as they are (the incentive report lists them to fix later).
    Keep,
    /// Another partnered reseller becomes reseller of record and support contact.
    ToReseller(i64),
    /// No reseller of record (the provider sells directly) and the provider as support contact.
    ToProvider,
}

impl Transition {
    /// The choice as the confirmation posts it: empty (keep), `provider`, or a reseller's ID.
    /// Whether that reseller is a partner is the store's to check, in the removal's transaction.
    pub fn from_choice(choice: &str) -> Result<Transition, Problem> {
        match choice.trim() {
            "" | "keep" => Ok(Transition::Keep),
            "provider" => Ok(Transition::ToProvider),
            id if id.len() <= 18 && id.bytes().all(|b| b.is_ascii_digit()) => {
                id.parse::<i64>().ok().filter(|id| *id > 0).map(Transition::ToReseller).ok_or(Problem::NotPartneredReseller)
            }
            _ => Err(Problem::NotPartneredReseller),
        }
    }

    /// The choice's value in the form (see [`Transition::from_choice`]).
    pub fn choice(self) -> String {
        match self {
            Transition::Keep => String::new(),
            Transition::ToProvider => "provider".to_string(),
            Transition::ToReseller(id) => id.to_string(),
        }
    }

    /// A subscription's reseller of record and support contact after provider `provider_id`
    /// removed reseller `removed` by this plan: only what named the removed reseller changes.
    pub fn after(self, provider_id: i64, removed: i64, record: Option<i64>, support: Option<i64>) -> (Option<i64>, Option<i64>) {
        let record = match (record == Some(removed), self) {
            (false, _) | (true, Transition::Keep) => record,
            (true, Transition::ToReseller(id)) => Some(id),
            (true, Transition::ToProvider) => None,
        };
        let support = match (support == Some(removed), self) {
            (false, _) | (true, Transition::Keep) => support,
            (true, Transition::ToReseller(id)) => Some(id),
            (true, Transition::ToProvider) => Some(provider_id),
        };
        (record, support)
    }
}

/// A live subscription that named a removed reseller, and who it names after the removal (as
/// the transition plan recorded it), with the customer's contact for the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Reassignment {
    pub customer_id: i64,
    pub company_name: String,
    pub contact_first_name: String,
    pub contact_email: String,
    /// The customer's language (its notice is drafted in it).
    pub language: String,
    pub subscription_name: String,
    pub license_count: i64,
    pub was_reseller_of_record: bool,
    pub was_support_contact: bool,
    /// The names after the removal (none: no reseller of record).
    pub reseller_of_record_after: Option<String>,
    pub support_contact_after: Option<String>,
    /// Whether the removal changed it (false: left as it was).
    pub moved: bool,
}

/// A notice to a customer, drafted by PartnerDesk for the provider to send (the program does
/// not tell customers that a partnership ended).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNotice {
    pub customer_name: String,
    pub to_name: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
}

/// The notices of a removal: one per customer, in its language, saying for each of its
/// subscriptions who is reseller of record and support contact now. `rows` ordered by
/// customer; `removed_at` the removal's time.
pub fn customer_notices(provider: &str, reseller: &str, removed_at: i64, rows: &[Reassignment]) -> Vec<CustomerNotice> {
    let mut notices = Vec::new();
    for customer in rows.chunk_by(|a, b| a.customer_id == b.customer_id) {
        let first = &customer[0];
        let locale = Locale::from_tag(&first.language).unwrap_or(Locale::En);
        let who = |after: &Option<String>| match after {
            Some(name) => name.clone(),
            None => locale.fill(Key::NoticeProviderDirectly, &[("provider", provider)]),
        };
        let lines: Vec<String> = customer
            .iter()
            .map(|row| {
                let mut roles = Vec::new();
                for (was, role, after) in [
                    (row.was_reseller_of_record, Key::ResellerOfRecord, &row.reseller_of_record_after),
                    (row.was_support_contact, Key::DesignatedSupportContact, &row.support_contact_after),
                ] {
                    if !was {
                        continue;
                    }
                    let role = locale.t(role);
                    roles.push(if row.moved {
                        locale.fill(Key::NoticeRoleNow, &[("role", role), ("who", &who(after))])
                    } else {
                        locale.fill(Key::NoticeRoleStays, &[("role", role), ("reseller", reseller)])
                    });
                }
                format!("- {} × {}: {}", row.subscription_name, crate::format::number(row.license_count, locale), roles.join("; "))
            })
            .collect();
        let date = crate::format::date(removed_at, locale);
        let body = [
            locale.fill(Key::EmailGreeting, &[("name", &first.contact_first_name)]),
            locale.fill(Key::NoticeIntro, &[("provider", provider), ("reseller", reseller), ("date", &date), ("customer", &first.company_name)]),
            lines.join("\n"),
            locale.t(Key::NoticeUnaffected).to_string(),
            provider.to_string(),
        ]
        .join("\n\n");
        notices.push(CustomerNotice {
            customer_name: first.company_name.clone(),
            to_name: first.contact_first_name.clone(),
            to_email: first.contact_email.clone(),
            subject: locale.fill(Key::NoticeSubject, &[("provider", provider)]),
            body,
        });
    }
    notices
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

#[cfg(test)]
mod transition_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_choice_is_keep_the_provider_or_a_resellers_id() {
        assert_eq!(Transition::from_choice(""), Ok(Transition::Keep));
        assert_eq!(Transition::from_choice("provider"), Ok(Transition::ToProvider));
        assert_eq!(Transition::from_choice(" 42 "), Ok(Transition::ToReseller(42)));
        for refused in ["0", "-3", "4x", "99999999999999999999", "provider; DROP TABLE"] {
            assert_eq!(Transition::from_choice(refused), Err(Problem::NotPartneredReseller), "{refused}");
        }
        for plan in [Transition::Keep, Transition::ToProvider, Transition::ToReseller(7)] {
            assert_eq!(Transition::from_choice(&plan.choice()), Ok(plan));
        }
    }

    #[test]
    fn only_the_removed_resellers_places_change() {
        let (provider, removed, other) = (1, 2, 3);
        assert_eq!(Transition::ToReseller(other).after(provider, removed, Some(removed), Some(provider)), (Some(other), Some(provider)));
        assert_eq!(Transition::ToProvider.after(provider, removed, Some(removed), Some(removed)), (None, Some(provider)));
        assert_eq!(Transition::Keep.after(provider, removed, Some(removed), Some(removed)), (Some(removed), Some(removed)));
        assert_eq!(Transition::ToProvider.after(provider, removed, Some(other), None), (Some(other), None));
    }

    proptest! {
        #[test]
        fn a_plan_that_moves_leaves_the_removed_reseller_nowhere(record in proptest::option::of(1i64..5), support in proptest::option::of(1i64..5), to in 3i64..6) {
            for plan in [Transition::ToProvider, Transition::ToReseller(to)] {
                let (r, s) = plan.after(1, 2, record, support);
                prop_assert!(r != Some(2) && s != Some(2));
                // What did not name it is untouched.
                if record != Some(2) { prop_assert_eq!(r, record); }
                if support != Some(2) { prop_assert_eq!(s, support); }
            }
        }
    }

    fn row(customer_id: i64, language: &str, subscription: &str, moved: bool) -> Reassignment {
        Reassignment {
            customer_id,
            company_name: format!("Customer {customer_id}"),
            contact_first_name: "Sanne".into(),
            contact_email: format!("it@customer{customer_id}.example"),
            language: language.into(),
            subscription_name: subscription.into(),
            license_count: 1200,
            was_reseller_of_record: true,
            was_support_contact: customer_id == 1,
            reseller_of_record_after: None,
            support_contact_after: Some("Northwind Distribution".into()),
            moved,
        }
    }

    #[test]
    fn each_customer_gets_one_notice_in_its_language_naming_who_is_who_now() {
        let rows = [
            row(1, "en", "Microsoft 365 Business Premium", true),
            row(1, "en", "Exchange Online (Plan 1)", true),
            row(2, "nl", "Power BI Pro", false),
        ];
        let notices = customer_notices("Northwind Distribution", "Adatum Resellers", 1_767_225_600, &rows);
        assert_eq!(notices.len(), 2);
        let first = &notices[0];
        assert_eq!((first.to_email.as_str(), first.customer_name.as_str()), ("it@customer1.example", "Customer 1"));
        assert_eq!(first.subject, "Your subscriptions with Northwind Distribution: a change of reseller");
        assert!(first.body.starts_with("Hello Sanne,"), "{}", first.body);
        assert!(first.body.contains("Northwind Distribution and Adatum Resellers ended their partnership on"));
        assert!(first.body.contains("- Microsoft 365 Business Premium × 1,200: Reseller of record is now Northwind Distribution, directly; Designated support contact is now Northwind Distribution"), "{}", first.body);
        assert!(first.body.contains("- Exchange Online (Plan 1) × 1,200"));
        let second = &notices[1];
        assert!(
            second.body.starts_with("Beste Sanne,") && second.subject.starts_with("Uw abonnementen bij Northwind Distribution"),
            "{}",
            second.body
        );
        assert!(second.body.contains("blijft voorlopig Adatum Resellers"), "{}", second.body);
        assert!(!second.body.contains("ondersteuningscontact blijft"), "it was not the support contact");
    }
}
