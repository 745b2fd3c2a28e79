//! The client's side of a purchase offer: what the client sees and the rules of an acceptance
//! ([`validate_acceptance`]), run in the browser as the client types and again on the server.

use super::GdapRequest;
use crate::customers::{CustomerDetails, CustomerDetailsForm};
use crate::error::{AppError, FieldError, FieldErrors, Problem};
use crate::i18n::{Key, Locale, TextSet, Texts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The stored status of a two-tier offer withdrawn with its reseller's partnership.
pub const STATUS_PARTNERSHIP_ENDED: &str = "partnership_ended";

/// Whether an offer can still be accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Active,
    Withdrawn,
    Expired,
    /// A two-tier offer withdrawn when its reseller's partnership with the provider ended.
    PartnershipEnded,
}

impl OfferStatus {
    /// Whether the offer can still be accepted (or sent): refused when withdrawn or expired.
    pub fn still_open(self) -> Result<(), AppError> {
        match self {
            OfferStatus::Active => Ok(()),
            OfferStatus::Withdrawn => Err(AppError::Refused(crate::error::Refusal::OfferWithdrawn)),
            OfferStatus::Expired => Err(AppError::Refused(crate::error::Refusal::OfferExpired)),
            OfferStatus::PartnershipEnded => Err(AppError::Refused(crate::error::Refusal::OfferPartnershipEnded)),
        }
    }

    /// Its code, as lists and the REST API give it.
    pub fn code(self) -> &'static str {
        match self {
            OfferStatus::Active => "active",
            OfferStatus::Withdrawn => "withdrawn",
            OfferStatus::Expired => "expired",
            OfferStatus::PartnershipEnded => STATUS_PARTNERSHIP_ENDED,
        }
    }

    /// What the client's page says of an offer that can no longer be accepted.
    pub fn closed_key(self) -> Key {
        match self {
            OfferStatus::Withdrawn => Key::OfferWithdrawnText,
            OfferStatus::PartnershipEnded => Key::OfferPartnershipEndedText,
            OfferStatus::Active | OfferStatus::Expired => Key::OfferExpiredText,
        }
    }

    /// The status from the stored text and the expiry time (Unix seconds), at `now`.
    pub fn from_stored(status: &str, expires_at: Option<i64>, now: i64) -> OfferStatus {
        match status {
            "withdrawn" => OfferStatus::Withdrawn,
            STATUS_PARTNERSHIP_ENDED => OfferStatus::PartnershipEnded,
            _ if expires_at.is_some_and(|t| t <= now) => OfferStatus::Expired,
            "expired" => OfferStatus::Expired,
            _ => OfferStatus::Active,
        }
    }
}

/// One subscription of the offer as the client sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct PublicLine {
    pub subscription_id: String,
    pub name: String,
    /// The description in English (shown where it has no translation).
    pub description: String,
    /// The count the advisor proposed.
    pub license_count: i64,
    pub min_licenses: i64,
    pub max_licenses: i64,
    /// The description in the other languages.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub translations: crate::catalog::Translations,
    /// The term, billing plan and price the offer was made with.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub price: Option<crate::pricing::LinePrice>,
}

impl PublicLine {
    /// The description in `locale` (English where it has no translation).
    pub fn description_in(&self, locale: crate::i18n::Locale) -> &str {
        self.translations.pick(locale, &self.description)
    }

    pub fn check_count(&self, typed: &str) -> Result<i64, Problem> {
        crate::catalog::license_count(&typed.into(), self.min_licenses, self.max_licenses)
    }
}

/// A purchase offer as the client sees it (nothing about the advisor's internals).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicOffer {
    pub advisor_company: String,
    /// A two-tier offer's provider (the client becomes its customer, the advisor company being
    /// its reseller).
    #[serde(default)]
    pub provider_company: Option<String>,
    pub advisor_code: String,
    pub token: String,
    pub summary_id: String,
    pub has_logo: bool,
    pub introduction: String,
    pub closing: String,
    pub contact: String,
    pub usage_location: String,
    pub lines: Vec<PublicLine>,
    pub gdap: Option<GdapRequest>,
    pub status: OfferStatus,
    /// A trial invitation's length in days: the client starts a free trial instead of buying.
    #[serde(default)]
    pub trial_days: Option<u32>,
    /// A new version replaced this offer (shown only as an earlier version, read-only).
    #[serde(default)]
    pub superseded: bool,
    /// The version this offer replaced, if any.
    #[serde(default)]
    pub earlier: Option<EarlierVersion>,
}

/// The offer a new version replaced, as its successor's page links to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierVersion {
    /// When it was made (Unix seconds).
    pub created_at: i64,
    /// Its read-only page ([`earlier_path`]).
    pub path: String,
}

impl PublicOffer {
    pub fn path(&self) -> String {
        offer_path(&self.advisor_code, &self.token)
    }

    /// The form's button: Accept, or Start the trial for a trial invitation.
    pub fn submit_key(&self) -> Key {
        if self.trial_days.is_some() {
            Key::StartTrial
        } else {
            Key::AcceptOffer
        }
    }

    /// The license count typed for a line (a count that is not a whole number yet counts 0).
    pub fn typed_count(line: &PublicLine, form: &AcceptForm) -> i64 {
        form.counts.get(&line.subscription_id).and_then(|c| c.trim().parse::<i64>().ok()).unwrap_or(0).max(0)
    }

    /// What the offer costs with the counts typed: one total per billing frequency and
    /// currency, the same list (in length and order) whatever the counts.
    pub fn totals(&self, form: &AcceptForm) -> Vec<crate::pricing::Total> {
        crate::pricing::totals(self.lines.iter().filter_map(|l| Some((Self::typed_count(l, form), l.price.as_ref()?))))
    }
}

/// The client's offer page (`/offer/<advisor code>/<token>`).
pub fn offer_path(code: &str, token: &str) -> String {
    format!("/offer/{code}/{token}")
}

/// The read-only page of an offer a new version replaced (its link shows the newest).
pub fn earlier_path(code: &str, token: &str) -> String {
    format!("/offer/{code}/{token}/earlier")
}

/// The embeddable variant of the same page, for partner websites.
pub fn embed_path(code: &str, token: &str) -> String {
    format!("/embed/offer/{code}/{token}")
}

/// The choice about delegated administration, when the offer asks for it.
pub const WITH_DELEGATED: &str = "with";
pub const WITHOUT_DELEGATED: &str = "without";

/// The acceptance form as typed, as the offer page posts it: the details' fields, one
/// `counts[<subscription id>]` per line, `delegated_admin` and `idempotency_key` (a missing
/// field is empty). The country is the offer's, whatever is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    #[serde(flatten)]
    pub details: CustomerDetailsForm,
    /// Typed license count per subscription id.
    pub counts: BTreeMap<String, String>,
    /// [`WITH_DELEGATED`], [`WITHOUT_DELEGATED`], or empty.
    pub delegated_admin: String,
    /// Makes a doubled or retried Accept create one acceptance.
    pub idempotency_key: String,
}

impl AcceptForm {
    /// What is kept of a refused form to show it again: each field cut to its limit, a count
    /// only for a subscription of `offer` (cut to a number's length), so that what one request
    /// can make the server keep is small whatever it sent.
    pub fn kept_for(&self, offer: &PublicOffer) -> AcceptForm {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        AcceptForm {
            details: self.details.cut_to_limits(),
            counts: self
                .counts
                .iter()
                .filter(|(id, _)| offer.lines.iter().any(|line| &line.subscription_id == *id))
                .map(|(id, typed)| (id.clone(), cut(typed, 12)))
                .collect(),
            delegated_admin: cut(&self.delegated_admin, 16),
            idempotency_key: cut(&self.idempotency_key, 64),
        }
    }

    /// Sets the field a form control named `name` holds (`counts[<subscription id>]` for a
    /// license count, as the page names them). Other names (the offer's code and token) are
    /// not part of what the client typed and are ignored.
    pub fn set_field(&mut self, name: &str, value: String) {
        if let Some(id) = name.strip_prefix("counts[").and_then(|rest| rest.strip_suffix(']')) {
            self.counts.insert(id.to_string(), value);
            return;
        }
        match name {
            "delegated_admin" => self.delegated_admin = value,
            "idempotency_key" => self.idempotency_key = value,
            field => self.details.set(field, value),
        }
    }
}

/// The form control name of a subscription's license count.
pub fn count_input_name(subscription_id: &str) -> String {
    format!("counts[{subscription_id}]")
}

/// The field a subscription's license count is checked and reported under.
pub fn count_field(subscription_id: &str) -> String {
    format!("counts.{subscription_id}")
}

/// What the acceptance form says next to each field and above it, from what was typed, the
/// offer and the server's last refusal. The server shows it on a form refused without
/// JavaScript; the `offer-form` module shows it as the client types (each field once its
/// problems show).
pub struct AcceptanceMessages<'a> {
    problems: Vec<FieldError>,
    refused: Option<&'a AppError>,
    texts: &'a dyn Texts,
}

impl<'a> AcceptanceMessages<'a> {
    /// `texts`: the catalog's language on the server, the page's [`form_texts`] in the module.
    pub fn new(typed: &AcceptForm, offer: &PublicOffer, refused: Option<&'a AppError>, texts: &'a dyn Texts) -> Self {
        let problems = validate_acceptance(typed, offer).err().map(|e| e.field_errors().to_vec()).unwrap_or_default();
        AcceptanceMessages { problems, refused, texts }
    }

    /// Whether the rules find anything wrong with what was typed.
    pub fn any_problem(&self) -> bool {
        !self.problems.is_empty()
    }

    /// A field's problem: what the rules find now, else the server's reason.
    pub fn field(&self, field: &str) -> Option<String> {
        let local = self.problems.iter().find(|e| e.field == field);
        let remote = || self.refused.and_then(|r| r.field_errors().iter().find(|e| e.field == field));
        local.or_else(remote).map(|e| e.problem.message_in(self.texts))
    }

    /// Above the form: a refusal that names no field, or, once every field's problems show and
    /// something is wrong, a request to fix what is marked below.
    pub fn summary(&self, every_field_shown: bool) -> Option<String> {
        self.refused.filter(|r| r.field_errors().is_empty()).map(|r| r.message_in(self.texts)).or_else(|| {
            (every_field_shown && (self.any_problem() || self.refused.is_some())).then(|| self.texts.text(Key::FixErrorsBelow).to_string())
        })
    }
}

/// How the server-rendered offer page and the small WebAssembly module that enhances it in the
/// browser (crate `offer-form`) find each other's parts. The page works without the module.
pub mod page {
    /// The module's file name in the package folder (`<name>.js`, `<name>_bg.wasm`).
    pub const MODULE_NAME: &str = "offer-form";
    /// Where the module asks whether a domain prefix is free (the server function's stable URL).
    pub const DOMAIN_CHECK_URL: &str = "/api/offer/domain";
    /// Where the language switcher's choice is remembered (the server function's stable URL).
    pub const LANGUAGE_URL: &str = "/api/language";
    /// The acceptance form's id.
    pub const FORM_ID: &str = "accept";
    /// The `<script type="application/json">` holding [`super::OfferPageData`].
    pub const DATA_ID: &str = "offer-data";
    /// On a field's error paragraph: the field it speaks for (`domain_prefix`, `counts.<id>`).
    pub const ERROR_FOR: &str = "data-error-for";
    /// On a form control: the field whose problem marks it `aria-invalid`.
    pub const FIELD: &str = "data-field";
    /// The paragraph that says the domain prefix is free (hidden until it is).
    pub const DOMAIN_AVAILABLE_ID: &str = "domain-available";
    /// The summary above the form (a refusal that names no field, or "fix the errors below").
    pub const SUMMARY_ID: &str = "accept-summary";
    /// The Accept button.
    pub const SUBMIT_ID: &str = "accept-submit";
    /// On a line's price paragraph: the subscription id it prices (its text follows the count).
    pub const PRICE_FOR: &str = "data-price-for";
    /// On each total's list item: its position in [`super::PublicOffer::totals`].
    pub const TOTAL_AT: &str = "data-total-at";
    /// The language switcher's select, on every page.
    pub const LANGUAGE_SELECT_ID: &str = "language-select";
    /// Set on `<body>` once the page's code runs (end-to-end tests wait for it).
    pub const READY_ATTRIBUTE: &str = "data-hydrated";

    /// Whether `path` is one of the client's pages, which are served whole by the server and
    /// enhanced by the `offer-form` module instead of the staff's app.
    pub fn is_client_page(path: &str) -> bool {
        path.starts_with("/offer/") || path.starts_with("/embed/offer/")
    }

    /// JSON for a `<script type="application/json">`: `<` is escaped so text typed by an
    /// advisor can never close the script element.
    pub fn script_json<T: serde::Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_else(|_| "null".into()).replace('<', "\\u003c")
    }
}

/// What the offer page's module needs beyond the HTML: the offer the rules check against and,
/// after a refused submission without JavaScript, the server's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferPageData {
    pub offer: PublicOffer,
    pub refused: Option<AppError>,
    /// The texts the module shows, in the page's language ([`form_texts`]).
    pub texts: TextSet,
}

/// The texts the offer page's module may show: every field's and every refusal's message, the
/// summary, the Accept button and the no-connection notice. They travel in the page's data, so
/// the module does not carry the four-language catalog (a language switch loads the page again).
/// Each language's set is recorded once per process.
pub fn form_texts(locale: Locale) -> TextSet {
    static SETS: std::sync::OnceLock<[TextSet; 4]> = std::sync::OnceLock::new();
    let sets = SETS.get_or_init(|| {
        Locale::ALL.map(|locale| {
            TextSet::recording(locale, |texts| {
                Problem::every_kind().iter().for_each(|p| drop(p.message_in(texts)));
                AppError::every_kind().iter().for_each(|e| drop(e.message_in(texts)));
                for key in FORM_KEYS.into_iter().chain(crate::pricing::every_key()) {
                    texts.text(key);
                }
            })
        })
    });
    sets.iter().find(|set| set.locale == locale).cloned().unwrap_or_default()
}

/// The texts the module shows besides messages.
const FORM_KEYS: [Key; 5] = [Key::FixErrorsBelow, Key::AcceptNoConnection, Key::Accepting, Key::AcceptOffer, Key::StartTrial];

/// A line of an acceptance: the count the client chose, at the price the offer showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedLine {
    pub subscription_id: String,
    pub license_count: i64,
    pub price: Option<crate::pricing::LinePrice>,
}

/// An acceptance that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAcceptance {
    pub details: CustomerDetails,
    pub lines: Vec<AcceptedLine>,
    pub delegated_admin: bool,
    pub idempotency_key: String,
}

/// The terms an acceptance accepts, in words, as the offer page showed them: each line with its
/// term, billing plan, count and price, the totals per billing frequency, and the tax note. The
/// acceptance keeps this text as it was, so what was accepted can always be shown again.
pub fn accepted_terms(offer: &PublicOffer, lines: &[AcceptedLine], texts: &dyn Texts) -> String {
    let locale = texts.locale();
    let mut text = String::new();
    if let Some(days) = offer.trial_days {
        text.push_str(&texts.fill_in(Key::TrialTerms, &[("days", &crate::format::number(i64::from(days), locale))]));
        text.push('\n');
    }
    for line in lines {
        let name = offer.lines.iter().find(|l| l.subscription_id == line.subscription_id).map(|l| l.name.as_str()).unwrap_or(&line.subscription_id);
        match &line.price {
            Some(price) => {
                text.push_str(&crate::pricing::line_terms(name, line.license_count, price, texts));
                text.push('\n');
            }
            None => text.push_str(&format!(
                "{name}: {}\n",
                texts.fill_in(Key::LicensesCount, &[("count", &crate::format::number(line.license_count, locale))])
            )),
        }
    }
    let totals = crate::pricing::totals(lines.iter().filter_map(|l| Some((l.license_count, l.price.as_ref()?))));
    text.push_str(&crate::pricing::totals_in_words(&totals, texts));
    text
}

/// Every rule of an acceptance, against the offer it accepts. Field names match the form's
/// (`counts.<subscription id>` for license counts).
pub fn validate_acceptance(form: &AcceptForm, offer: &PublicOffer) -> Result<ValidAcceptance, AppError> {
    offer.status.still_open()?;
    let mut errors = FieldErrors::default();
    let mut details_form = form.details.clone();
    // The organisation is in the offer's usage location.
    details_form.country = offer.usage_location.clone();
    let details = details_form.check(&mut errors);
    let mut lines = Vec::new();
    for line in &offer.lines {
        let typed = form.counts.get(&line.subscription_id).map(String::as_str).unwrap_or("");
        if let Some(count) = errors.check(&count_field(&line.subscription_id), line.check_count(typed)) {
            lines.push(AcceptedLine { subscription_id: line.subscription_id.clone(), license_count: count, price: line.price.clone() });
        }
    }
    let delegated_admin = match (&offer.gdap, form.delegated_admin.as_str()) {
        (None, _) => false,
        (Some(_), WITH_DELEGATED) => true,
        (Some(_), WITHOUT_DELEGATED) => false,
        (Some(_), _) => {
            errors.add("delegated_admin", Problem::ChooseDelegated);
            false
        }
    };
    let idempotency_key = crate::validate::IdempotencyKey::stored(&form.idempotency_key);
    if idempotency_key.is_empty() {
        errors.add("idempotency_key", Problem::Required);
    }
    match details {
        Some(details) if errors.is_empty() => Ok(ValidAcceptance { details, lines, delegated_admin, idempotency_key }),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

/// The offer page's data: the offer, a fresh key for this visit's Accept, and, after a
/// refused submission without JavaScript, what was typed and why it was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientOfferView {
    pub offer: PublicOffer,
    pub idempotency_key: String,
    pub attempt: Option<(AcceptForm, AppError)>,
}

/// What the confirmation page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceReceipt {
    pub advisor_company: String,
    pub contact: String,
    pub company_name: String,
    pub domain_prefix: String,
    pub contact_email: String,
    /// (subscription name, license count)
    pub lines: Vec<(String, i64)>,
    pub delegated_admin: bool,
    pub gdap: Option<GdapRequest>,
    pub accepted_at: i64,
    /// The terms accepted, in words, as they were shown ([`accepted_terms`]; empty for
    /// acceptances made before offers had prices).
    #[serde(default)]
    pub terms: String,
    /// When the trial started ends, for a trial invitation's acceptance.
    #[serde(default)]
    pub trial_ends_at: Option<i64>,
}

/// An acceptance as the advisor sees it on the offer's tracking page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceRow {
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub delegated_admin: bool,
    pub accepted_at: i64,
    pub lines: Vec<(String, i64)>,
    /// The terms accepted, in words, as they were shown (see [`accepted_terms`]).
    #[serde(default)]
    pub terms: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::GdapRole;

    fn offer(gdap: bool) -> PublicOffer {
        PublicOffer {
            provider_company: None,
            advisor_company: "Contoso".into(),
            advisor_code: "contoso".into(),
            token: "t".into(),
            summary_id: "PO-AAAA-AAAA".into(),
            has_logo: false,
            introduction: String::new(),
            closing: String::new(),
            contact: String::new(),
            usage_location: "NL".into(),
            lines: vec![PublicLine {
                subscription_id: "M365-BUSINESS-BASIC".into(),
                name: "Microsoft 365 Business Basic".into(),
                description: String::new(),
                license_count: 25,
                min_licenses: 1,
                max_licenses: 300,
                translations: Default::default(),
                price: None,
            }],
            gdap: gdap.then(|| GdapRequest { name: "Support".into(), roles: vec![GdapRole::UserAdministrator], duration_days: 365 }),
            status: OfferStatus::Active,
            trial_days: None,
            superseded: false,
            earlier: None,
        }
    }

    fn form(count: &str, delegated: &str) -> AcceptForm {
        AcceptForm {
            details: CustomerDetailsForm {
                company_name: "Wingtip".into(),
                domain_prefix: "wingtip".into(),
                address_line1: "Dam 1".into(),
                city: "Amsterdam".into(),
                postal_code: "1012 JS".into(),
                contact_first_name: "Iris".into(),
                contact_last_name: "Bakker".into(),
                contact_email: "iris@wingtip.example".into(),
                language: "nl".into(),
                ..Default::default()
            },
            counts: [("M365-BUSINESS-BASIC".to_string(), count.to_string())].into(),
            delegated_admin: delegated.into(),
            idempotency_key: "k".into(),
        }
    }

    #[test]
    fn the_posted_form_is_read_field_by_field() {
        // The offer page posts the details' fields beside the counts, not inside `details`.
        let posted =
            r#"{"company_name":"Wingtip","domain_prefix":"wingtip","country":"US","counts":{"M365-BUSINESS-BASIC":"3"},"idempotency_key":"k"}"#;
        let read: AcceptForm = serde_json::from_str(posted).unwrap();
        assert_eq!(read.details.company_name, "Wingtip");
        assert_eq!(read.counts.get("M365-BUSINESS-BASIC").map(String::as_str), Some("3"));
        assert_eq!(read.delegated_admin, "");
        // The country sent is not the one used: the offer's usage location is.
        let mut sent = form("3", "with");
        sent.details.country = "ZZ".into();
        let valid = validate_acceptance(&sent, &offer(true));
        assert!(valid.is_ok_and(|v| v.details.country == offer(true).usage_location && v.details.country != "ZZ"));
    }

    #[test]
    fn the_pages_data_cannot_close_its_script_element() {
        let mut o = offer(false);
        o.introduction = "Hello </script><script>alert(1)</script>".into();
        let json = page::script_json(&OfferPageData { offer: o.clone(), refused: None, texts: form_texts(Locale::Nl) });
        assert!(!json.contains('<'), "{json}");
        let back: OfferPageData = serde_json::from_str(&json).unwrap();
        assert_eq!(back.offer, o, "and it reads back as it was");
    }

    #[test]
    fn the_forms_messages_prefer_the_rules_then_the_servers_reasons() {
        let o = offer(false);
        let taken = AppError::invalid("domain_prefix", Problem::DomainTaken);
        let l = Locale::En;
        // Typed well, refused by the server: its reason shows by the field, the summary asks to fix it.
        let typed = form("40", "");
        let m = AcceptanceMessages::new(&typed, &o, Some(&taken), &l);
        assert_eq!(m.field("domain_prefix"), Some(Problem::DomainTaken.message(l)));
        assert_eq!(m.summary(true), Some(l.t(Key::FixErrorsBelow).to_string()));
        // What the rules find now wins over what the server said before.
        let mut bad = form("40", "");
        bad.details.domain_prefix = "not valid!".into();
        let m = AcceptanceMessages::new(&bad, &o, Some(&taken), &l);
        assert_eq!(m.field("domain_prefix"), Some(Problem::DomainPrefix.message(l)));
        // Before every field shows, nothing is asked above the form; a refusal naming no field is.
        assert_eq!(AcceptanceMessages::new(&bad, &o, None, &l).summary(false), None);
        let withdrawn = AppError::Refused(crate::error::Refusal::OfferWithdrawn);
        assert_eq!(AcceptanceMessages::new(&typed, &o, Some(&withdrawn), &l).summary(false), Some(withdrawn.message(l)));
        assert_eq!(AcceptanceMessages::new(&typed, &o, None, &l).summary(true), None, "nothing wrong, nothing said");
    }

    #[test]
    fn the_page_carries_every_text_the_module_shows() {
        for l in Locale::ALL {
            let texts = form_texts(l);
            assert_eq!(texts.locale, l);
            for problem in Problem::every_kind() {
                assert_eq!(problem.message_in(&texts), problem.message(l), "{problem:?} in {l:?}");
            }
            for error in AppError::every_kind() {
                assert_eq!(error.message_in(&texts), error.message(l), "{error:?} in {l:?}");
            }
            for key in FORM_KEYS {
                assert_eq!(texts.text(key), l.t(key));
            }
            // A handful of texts, not the catalog: the page stays small.
            assert!(!texts.has(Key::NavCustomers), "staff texts stay out of the offer page");
        }
        // The set survives the page's script element.
        let texts = form_texts(Locale::Fr);
        let back: TextSet = serde_json::from_str(&page::script_json(&texts)).unwrap();
        assert_eq!(back, texts);
    }

    #[test]
    fn form_controls_fill_the_acceptance() {
        let mut typed = AcceptForm::default();
        typed.set_field(&count_input_name("M365-BUSINESS-BASIC"), "40".into());
        typed.set_field("domain_prefix", "wingtip".into());
        typed.set_field("delegated_admin", WITH_DELEGATED.into());
        typed.set_field("token", "ignored".into());
        assert_eq!(typed.counts.get("M365-BUSINESS-BASIC").map(String::as_str), Some("40"));
        assert_eq!(typed.details.domain_prefix, "wingtip");
        assert_eq!(typed.delegated_admin, WITH_DELEGATED);
    }

    #[test]
    fn the_client_changes_counts_within_limits() {
        let valid = validate_acceptance(&form("40", ""), &offer(false)).unwrap();
        assert_eq!(valid.lines, vec![AcceptedLine { subscription_id: "M365-BUSINESS-BASIC".to_string(), license_count: 40, price: None }]);
        assert_eq!(valid.details.country, "NL", "the organisation is in the usage location");
        let err = validate_acceptance(&form("301", ""), &offer(false)).unwrap_err();
        assert_eq!(err.field_errors()[0].field, "counts.M365-BUSINESS-BASIC");
        assert_eq!(err.field_errors()[0].problem, Problem::LicenseRange { min: 1, max: 300 });
    }

    #[test]
    fn the_client_accepts_at_the_price_the_offer_showed_and_the_terms_read_as_shown() {
        use crate::pricing::{LinePrice, Plan};
        let mut priced = offer(false);
        let price = LinePrice {
            list_price: None,
            plan: Plan::from_code("P1Y-annual").unwrap(),
            currency: "EUR".into(),
            unit_price: "67.68".parse().unwrap(),
            price_list_id: 4,
        };
        priced.lines[0].price = Some(price.clone());
        let valid = validate_acceptance(&form("40", ""), &priced).unwrap();
        assert_eq!(valid.lines[0].price, Some(price), "the offer's price, whatever list is in force now");
        assert_eq!(
            accepted_terms(&priced, &valid.lines, &Locale::En),
            "Microsoft 365 Business Basic: 1 year, billed annually, 40 × €67.68 = €2,707.20 a year\nBilled annually: €2,707.20\nPrices exclude VAT and other taxes.\n"
        );
        let unpriced = validate_acceptance(&form("40", ""), &offer(false)).unwrap();
        assert_eq!(accepted_terms(&offer(false), &unpriced.lines, &Locale::En), "Microsoft 365 Business Basic: 40 licenses\n");
    }

    #[test]
    fn delegated_administration_is_a_choice_when_offered() {
        let err = validate_acceptance(&form("10", ""), &offer(true)).unwrap_err();
        assert_eq!(err.field_errors()[0].problem, Problem::ChooseDelegated);
        assert!(validate_acceptance(&form("10", "with"), &offer(true)).unwrap().delegated_admin);
        assert!(!validate_acceptance(&form("10", "without"), &offer(true)).unwrap().delegated_admin);
        assert!(!validate_acceptance(&form("10", "with"), &offer(false)).unwrap().delegated_admin, "not offered, not granted");
    }

    #[test]
    fn withdrawn_and_expired_offers_cannot_be_accepted() {
        let mut withdrawn = offer(false);
        withdrawn.status = OfferStatus::Withdrawn;
        assert_eq!(validate_acceptance(&form("10", ""), &withdrawn), Err(AppError::Refused(crate::error::Refusal::OfferWithdrawn)));
        assert_eq!(OfferStatus::from_stored("active", Some(100), 200), OfferStatus::Expired);
        assert_eq!(OfferStatus::from_stored("active", Some(300), 200), OfferStatus::Active);
        assert_eq!(OfferStatus::from_stored("withdrawn", None, 200), OfferStatus::Withdrawn);
    }
}
