//! Customers: the organisation details every new customer gives (from a purchase offer, or
//! entered by an indirect provider), and the rules that check them in the browser and on the
//! server alike.

use crate::error::{AppError, FieldErrors, Problem};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The longest domain prefix (the part before `.onmicrosoft.com`).
pub const DOMAIN_PREFIX_MAX: usize = 27;

/// What a country or region asks of a new customer's address, beyond the usual fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRules {
    /// A company registration number (tax or business ID) is required.
    pub registration_number: bool,
    /// A phone number is required.
    pub phone: bool,
    /// A postal code is required.
    pub postal_code: bool,
}

/// Countries where a company registration number is required (for example Brazil's CNPJ).
const NEEDS_REGISTRATION: &[&str] = &["AM", "AZ", "BR", "BY", "CN", "IN", "KG", "KZ", "MD", "RU", "TJ", "TR", "UA", "UZ"];
/// Countries where a phone number is required.
const NEEDS_PHONE: &[&str] = &["BR", "CN", "IN", "JP", "KR", "TW", "VN"];
/// Countries without postal codes in common use.
const NO_POSTAL_CODE: &[&str] = &["AE", "AO", "BS", "HK", "IE", "JM", "QA", "TT"];

pub fn country_rules(country: &str) -> CountryRules {
    CountryRules {
        registration_number: NEEDS_REGISTRATION.contains(&country),
        phone: NEEDS_PHONE.contains(&country),
        postal_code: !NO_POSTAL_CODE.contains(&country),
    }
}

/// A domain prefix: letters and digits only, at most 27, stored in lowercase.
pub fn check_domain_prefix(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Problem::DomainPrefix);
    }
    if value.chars().count() > DOMAIN_PREFIX_MAX {
        return Err(Problem::TooLong { max: DOMAIN_PREFIX_MAX });
    }
    Ok(value.to_ascii_lowercase())
}

/// A phone number: digits, spaces and `+ ( ) - .`, with 6 to 20 digits.
pub fn check_phone(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !value.chars().all(|c| c.is_ascii_digit() || " +()-.".contains(c)) || !(6..=20).contains(&digits) {
        return Err(Problem::Phone);
    }
    Ok(value.to_string())
}

/// The organisation details of a new customer, as typed (a missing field is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerDetailsForm {
    pub company_name: String,
    pub domain_prefix: String,
    pub address_line1: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub registration_number: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub language: String,
}

/// Customer details that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetails {
    pub company_name: String,
    pub domain_prefix: String,
    pub address_line1: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub registration_number: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub language: Locale,
}

impl CustomerDetailsForm {
    /// The typed value of the field with this form name (empty for an unknown name).
    pub fn get(&self, field: &str) -> String {
        match field {
            "company_name" => &self.company_name,
            "domain_prefix" => &self.domain_prefix,
            "address_line1" => &self.address_line1,
            "city" => &self.city,
            "postal_code" => &self.postal_code,
            "country" => &self.country,
            "phone" => &self.phone,
            "registration_number" => &self.registration_number,
            "contact_first_name" => &self.contact_first_name,
            "contact_last_name" => &self.contact_last_name,
            "contact_email" => &self.contact_email,
            "language" => &self.language,
            _ => "",
        }
        .to_string()
    }

    /// Sets the field with this form name as typed (an unknown name changes nothing).
    pub fn set(&mut self, field: &str, value: String) {
        let slot = match field {
            "company_name" => &mut self.company_name,
            "domain_prefix" => &mut self.domain_prefix,
            "address_line1" => &mut self.address_line1,
            "city" => &mut self.city,
            "postal_code" => &mut self.postal_code,
            "country" => &mut self.country,
            "phone" => &mut self.phone,
            "registration_number" => &mut self.registration_number,
            "contact_first_name" => &mut self.contact_first_name,
            "contact_last_name" => &mut self.contact_last_name,
            "contact_email" => &mut self.contact_email,
            "language" => &mut self.language,
            _ => return,
        };
        *slot = value;
    }

    /// The longest each field may be, by form name (the limits [`check`](Self::check) applies;
    /// a country is typed as a name, a phone with spaces and signs).
    pub const FIELD_LIMITS: [(&'static str, usize); 12] = [
        ("company_name", 100),
        ("domain_prefix", DOMAIN_PREFIX_MAX),
        ("address_line1", 200),
        ("city", 100),
        ("postal_code", 20),
        ("country", 100),
        ("phone", 40),
        ("registration_number", 40),
        ("contact_first_name", 50),
        ("contact_last_name", 50),
        ("contact_email", 254),
        ("language", 16),
    ];

    /// The form with every field cut to its limit (a form kept to be shown again is never
    /// bigger than a valid one).
    pub fn cut_to_limits(&self) -> CustomerDetailsForm {
        let mut cut = self.clone();
        for (field, max) in Self::FIELD_LIMITS {
            cut.set(field, self.get(field).chars().take(max).collect());
        }
        cut
    }

    /// Checks every field, recording each problem under the field's name.
    pub fn check(&self, errors: &mut FieldErrors) -> Option<CustomerDetails> {
        use crate::validate::{email, optional_text, text};
        let company_name = errors.check("company_name", text(&self.company_name, 100));
        let domain_prefix = errors.check("domain_prefix", check_domain_prefix(&self.domain_prefix));
        let address_line1 = errors.check("address_line1", text(&self.address_line1, 200));
        let city = errors.check("city", text(&self.city, 100));
        let country = errors.check("country", crate::catalog::parse_country(&self.country));
        let rules = country.as_deref().map(country_rules).unwrap_or_default();
        let postal_code =
            errors.check("postal_code", if rules.postal_code { text(&self.postal_code, 20) } else { optional_text(&self.postal_code, 20) });
        let phone = errors.check(
            "phone",
            match (self.phone.trim().is_empty(), rules.phone) {
                (true, true) => Err(Problem::Required),
                (true, false) => Ok(String::new()),
                (false, _) => check_phone(&self.phone),
            },
        );
        let registration_number = errors.check(
            "registration_number",
            if rules.registration_number { text(&self.registration_number, 40) } else { optional_text(&self.registration_number, 40) },
        );
        let contact_first_name = errors.check("contact_first_name", text(&self.contact_first_name, 50));
        let contact_last_name = errors.check("contact_last_name", text(&self.contact_last_name, 50));
        let contact_email = errors.check("contact_email", email(&self.contact_email));
        let language = errors.check("language", Locale::from_tag(&self.language).ok_or(Problem::Required));
        Some(CustomerDetails {
            company_name: company_name?,
            domain_prefix: domain_prefix?,
            address_line1: address_line1?,
            city: city?,
            postal_code: postal_code?,
            country: country?,
            phone: phone?,
            registration_number: registration_number?,
            contact_first_name: contact_first_name?,
            contact_last_name: contact_last_name?,
            contact_email: contact_email?,
            language: language?,
        })
    }

    pub fn validate(&self) -> Result<CustomerDetails, AppError> {
        let mut errors = FieldErrors::default();
        match self.check(&mut errors) {
            Some(valid) if errors.is_empty() => Ok(valid),
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CustomerDetailsForm {
        CustomerDetailsForm {
            company_name: "Wingtip Toys".into(),
            domain_prefix: "WingtipToys".into(),
            address_line1: "Keizersgracht 1".into(),
            city: "Amsterdam".into(),
            postal_code: "1015 CJ".into(),
            country: "NL".into(),
            contact_first_name: "Iris".into(),
            contact_last_name: "Bakker".into(),
            contact_email: "iris@wingtip.example".into(),
            language: "nl".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_order_never_buys_a_trial_sku() {
        let sold = crate::catalog::CatalogSubscription::new("BASIC".into(), "Basic".into(), String::new(), 1, 300);
        let trial = crate::catalog::CatalogSubscription { id: "BASIC-TRIAL".into(), trial: true, ..sold.clone() };
        let mut errors = FieldErrors::default();
        let lines = [("BASIC".to_string(), 3i64.into()), ("BASIC-TRIAL".to_string(), 3i64.into())];
        assert_eq!(check_lines(&lines, &[sold, trial], &mut errors), [("BASIC".to_string(), 3)]);
        assert_eq!(errors.0, [crate::error::FieldError::new("license_count.BASIC-TRIAL", Problem::SubscriptionNotAvailable)]);
    }

    #[test]
    fn domain_prefixes_are_letters_and_digits_up_to_27() {
        assert_eq!(check_domain_prefix("Contoso2"), Ok("contoso2".into()));
        assert_eq!(check_domain_prefix("contoso-nl"), Err(Problem::DomainPrefix));
        assert_eq!(check_domain_prefix("contosö"), Err(Problem::DomainPrefix));
        assert_eq!(check_domain_prefix(&"a".repeat(28)), Err(Problem::TooLong { max: 27 }));
        assert_eq!(check_domain_prefix(&"a".repeat(27)).map(|p| p.len()), Ok(27));
        assert_eq!(check_domain_prefix(" "), Err(Problem::Required));
    }

    #[test]
    fn a_complete_form_is_valid_and_normalised() {
        let valid = form().validate().unwrap();
        assert_eq!(valid.domain_prefix, "wingtiptoys");
        assert_eq!(valid.language, Locale::Nl);
    }

    #[test]
    fn some_countries_need_a_registration_number_and_a_phone() {
        let mut brazil = form();
        brazil.country = "BR".into();
        let fields: Vec<_> = brazil.validate().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, vec!["phone", "registration_number"]);
        brazil.phone = "+55 11 5555 1234".into();
        brazil.registration_number = "12.345.678/0001-95".into();
        assert!(brazil.validate().is_ok());
        let mut ireland = form();
        ireland.country = "IE".into();
        ireland.postal_code = String::new();
        assert!(ireland.validate().is_ok(), "no postal code needed in Ireland");
        let mut bad_phone = form();
        bad_phone.phone = "call me".into();
        assert_eq!(bad_phone.validate().unwrap_err().field_errors()[0].problem, Problem::Phone);
    }
}

/// A new customer's order as the provider's wizard sends it: the customer details, the reseller
/// to associate (or none), the subscriptions with their license counts, and a key that makes a
/// doubled or retried Submit create one customer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomerOrder {
    pub reseller_id: Option<i64>,
    pub details: CustomerDetailsForm,
    /// (subscription id, license count) for every chosen subscription.
    pub lines: Vec<(String, crate::validate::WholeNumber)>,
    pub idempotency_key: String,
    /// (subscription id, plan code such as `P1Y-monthly`) for the lines whose term and billing
    /// plan were chosen; a line without one takes the usual plan (see [`crate::pricing`]).
    #[serde(default)]
    pub plans: Vec<(String, String)>,
}

/// Checks the subscriptions and counts of an order against what is sold in the customer's
/// country; field names are `subscriptions` and `license_count.<id>`.
pub fn check_lines(
    lines: &[(String, crate::validate::WholeNumber)],
    catalog: &[crate::catalog::CatalogSubscription],
    errors: &mut FieldErrors,
) -> Vec<(String, i64)> {
    let sold = crate::catalog::for_sale(catalog);
    crate::catalog::check_lines(lines, Some(&sold), errors).into_iter().map(|(id, count)| (id, i64::from(count))).collect()
}

/// The lines of an order with their prices: [`check_lines`], then each line's term and billing
/// plan (the one chosen, or the usual one) and its price in the customer's country (field
/// names `plan.<id>`). Providers sell at the price list's prices.
pub fn check_priced_lines(
    order: &NewCustomerOrder,
    catalog: &[crate::catalog::CatalogSubscription],
    errors: &mut FieldErrors,
) -> Vec<(String, i64, Option<crate::pricing::LinePrice>)> {
    priced_lines(&order.lines, &order.plans, catalog, errors)
}

/// Lines and their chosen plans (New customer, Add subscription) checked and priced: see
/// [`check_priced_lines`].
pub fn priced_lines(
    lines: &[(String, crate::validate::WholeNumber)],
    plans: &[(String, String)],
    catalog: &[crate::catalog::CatalogSubscription],
    errors: &mut FieldErrors,
) -> Vec<(String, i64, Option<crate::pricing::LinePrice>)> {
    let lines = check_lines(lines, catalog, errors);
    let choices = crate::pricing::PriceChoices { plans, ..Default::default() };
    let prices = crate::pricing::price_lines(&lines, &choices, catalog, errors);
    lines.into_iter().zip(prices).map(|((id, count), price)| (id, count, price)).collect()
}

/// The customer's first admin account name (shown once on the confirmation page).
pub fn admin_user_name(domain_prefix: &str) -> String {
    format!("admin@{domain_prefix}.onmicrosoft.com")
}

/// What the Confirmation page shows once: the admin account and its temporary password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupInfo {
    pub customer_id: i64,
    pub company_name: String,
    pub reseller_name: Option<String>,
    pub admin_user_name: String,
    /// Shown once and never stored: only its hash is kept.
    pub temporary_password: String,
}

/// One subscription on the Customers page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct SubscriptionRow {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
    pub min_licenses: i64,
    pub max_licenses: i64,
    pub reseller_of_record_id: Option<i64>,
    pub reseller_of_record_name: Option<String>,
    pub reseller_of_record_mpn_id: Option<String>,
    pub support_contact_id: Option<i64>,
    pub support_contact_name: Option<String>,
    /// The term, billing plan and price it was bought at (a subscription from an accepted
    /// offer with prices; none for the others).
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    #[serde(default)]
    pub price: Option<crate::pricing::LinePrice>,
    /// Its term and billing plan, dates, status and renewal setting.
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub lifecycle: crate::subscriptions::Lifecycle,
    /// What changes at the next renewal (none: renews as it is).
    pub renewal_license_count: Option<i64>,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub renewal_plan: Option<crate::pricing::Plan>,
    /// A free trial (started from a trial invitation): it ends on its date.
    #[serde(default)]
    pub trial: bool,
    /// Whether its reseller of record (if any) is a partner of the customer's provider.
    #[serde(default)]
    pub reseller_of_record_partnered: bool,
    /// Whether its support contact (if any) is the provider itself or a partner of it.
    #[serde(default)]
    pub support_contact_partnered: bool,
}

impl SubscriptionRow {
    /// Why no reseller earns its incentives, or its support contact is not partnered (see
    /// [`crate::incentives`]): nothing for a free trial or a cancelled or expired subscription.
    pub fn incentive_gaps(&self) -> Vec<crate::incentives::IncentiveGap> {
        use crate::subscriptions::SubscriptionStatus;
        let live = !self.trial && matches!(self.lifecycle.status, SubscriptionStatus::Active | SubscriptionStatus::Suspended);
        crate::incentives::gaps(
            live,
            self.reseller_of_record_id.map(|_| self.reseller_of_record_partnered),
            self.support_contact_id.map(|_| self.support_contact_partnered),
        )
    }

    /// Its renewal settings as its page shows them.
    pub fn renewal(&self) -> crate::subscriptions::RenewalSettings {
        crate::subscriptions::RenewalSettings {
            license_count: self.renewal_license_count,
            plan: self.renewal_plan,
            auto_renew: self.lifecycle.auto_renew,
        }
    }

    /// What a change to `license_count` means at `now` (see [`crate::subscriptions::license_change`]).
    pub fn license_change(&self, license_count: i64, now: i64) -> Result<crate::subscriptions::LicenseChange, Problem> {
        crate::subscriptions::license_change(&self.lifecycle, self.price.as_ref(), self.license_count, license_count, now)
    }

    /// The license counts it may have: the catalog's range (a free trial keeps to a trial's).
    pub fn license_limits(&self) -> (i64, i64) {
        let max = if self.trial { crate::offers::trial_license_max(self.min_licenses, self.max_licenses) } else { self.max_licenses };
        (self.min_licenses, max)
    }

    /// Checks a license count typed or sent for it at `now`: within its range, then the change
    /// window's rules. The count, and what the change costs (positive: charged now) or gives
    /// back (negative: refunded) when it has a price. The one rule whoever changes it (its
    /// provider, its reseller of record).
    pub fn check_new_license_count(&self, typed: &crate::validate::WholeNumber, now: i64) -> Result<(i64, Option<crate::pricing::Decimal>), Problem> {
        let (min, max) = self.license_limits();
        let count = crate::catalog::license_count(typed, min, max)?;
        let amount = match self.license_change(count, now)? {
            crate::subscriptions::LicenseChange::Increase { charge, .. } => charge,
            crate::subscriptions::LicenseChange::Decrease { refund, .. } => refund.map(|r| -r),
            crate::subscriptions::LicenseChange::Unchanged => None,
        };
        Ok((count, amount))
    }

    /// Whether `organisation_id` is its reseller of record.
    pub fn resold_by(&self, organisation_id: i64) -> bool {
        self.reseller_of_record_id == Some(organisation_id)
    }
}

/// Who changes a subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionEditor {
    /// The indirect provider whose customer it is: every change.
    Provider,
    /// Its indirect reseller of record, while partnered with the provider: the license count
    /// and what happens at the renewal, by the same rules (the provider sees each change in
    /// its audit log).
    ResellerOfRecord,
}

/// One customer on the Customers page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct CustomerRow {
    pub id: i64,
    pub company_name: String,
    pub domain_prefix: String,
    pub country: String,
    pub reseller_id: Option<i64>,
    pub reseller_name: Option<String>,
    /// Whether the associated reseller is still a partner (false after Remove partnership).
    pub reseller_partnered: bool,
    pub created_at: i64,
    #[cfg_attr(feature = "sqlx", sqlx(skip))]
    pub subscriptions: Vec<SubscriptionRow>,
}

/// A change to one subscription, as typed on its detail page or sent to the REST API (an empty
/// reseller MPN ID or support contact means none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionChange {
    pub license_count: crate::validate::WholeNumber,
    pub reseller_mpn_id: String,
    /// The organisation that is the designated support contact (its ID; blank: none).
    pub support_contact_id: crate::validate::WholeNumber,
}

/// A partnered reseller, for the reseller choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct ResellerChoice {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
}

/// A strong temporary password: 18 characters from letters, digits and symbols (no look-alikes).
#[cfg(feature = "tokens")]
pub fn temporary_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*?";
    let mut rng = rand::rngs::OsRng;
    (0..18).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

/// Customers per page.
pub const CUSTOMERS_PER_PAGE: i64 = 20;

/// What the Customers page shows: a provider's customers, or a reseller's providers with the
/// customers they gave it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CustomersOverview {
    Provider { rows: Vec<CustomerRow>, total: i64, page: i64, per_page: i64, resellers: Vec<ResellerChoice>, may_manage: bool },
    Reseller(Vec<crate::resellers::ProviderRow>),
}

/// What the New customer wizard starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCustomerStart {
    pub resellers: Vec<ResellerChoice>,
    pub provider_name: String,
    /// The whole catalog with its countries, so the wizard works offline (crate::pwa).
    #[serde(default)]
    pub catalog: Vec<crate::catalog::CatalogEntry>,
}

/// A customer with the choices its pages offer (partnered resellers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPageData {
    pub customer: CustomerRow,
    pub resellers: Vec<ResellerChoice>,
    pub provider_id: i64,
    pub provider_name: String,
}
