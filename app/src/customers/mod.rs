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
    /// (subscription id, typed license count) for every chosen subscription.
    pub lines: Vec<(String, String)>,
    pub idempotency_key: String,
}

/// Checks the subscriptions and counts of an order against what is sold in the customer's
/// country; field names are `subscriptions` and `license_count.<id>`.
pub fn check_lines(lines: &[(String, String)], catalog: &[crate::catalog::CatalogSubscription], errors: &mut FieldErrors) -> Vec<(String, i64)> {
    crate::catalog::check_lines(lines, Some(catalog), errors).into_iter().map(|(id, count)| (id, i64::from(count))).collect()
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
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SubscriptionRow {
    pub id: i64,
    pub customer_id: i64,
    pub subscription_id: String,
    pub name: String,
    pub license_count: i64,
    pub min_licenses: i64,
    pub max_licenses: i64,
    pub status: String,
    pub reseller_of_record_id: Option<i64>,
    pub reseller_of_record_name: Option<String>,
    pub reseller_of_record_mpn_id: Option<String>,
    pub support_contact_id: Option<i64>,
    pub support_contact_name: Option<String>,
}

/// One customer on the Customers page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
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
    #[cfg_attr(feature = "ssr", sqlx(skip))]
    pub subscriptions: Vec<SubscriptionRow>,
}

/// A change to one subscription, as typed on its detail page (empty means none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionChange {
    pub license_count: String,
    pub reseller_mpn_id: String,
    pub support_contact_id: String,
}

/// A partnered reseller, for the reseller choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ResellerChoice {
    pub id: i64,
    pub name: String,
    pub mpn_id: String,
}

/// A strong temporary password: 18 characters from letters, digits and symbols (no look-alikes).
#[cfg(feature = "ssr")]
pub fn temporary_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%&*?";
    let mut rng = rand::rngs::OsRng;
    (0..18).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

mod pages;
mod reseller;
pub use pages::{AddSubscriptionPage, CustomersPage, NewCustomerPage, SubscriptionPage};
pub use reseller::{reseller_change, CustomerResellerPage, ResellerChange, SetCustomerReseller};

use crate::roles::Permission;
use leptos::prelude::*;

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

/// The customer operations, each with its permission, for the pages' server functions and
/// the REST API alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::auth::CurrentUser;
    use crate::store::SharedStore;

    /// The user, once they may see the organisation's customers: the customers an indirect
    /// provider created (a reseller sees its providers instead, see `list_customers`).
    fn provider_viewing(caller: &dyn Caller) -> Result<&CurrentUser, AppError> {
        let user = caller.require(Permission::ViewCustomers)?;
        if !user.programs.indirect_provider {
            return Err(AppError::WrongProgram { program: crate::roles::Program::IndirectProvider });
        }
        Ok(user)
    }

    /// Whether the caller may create customers and change their subscriptions (the REST API
    /// asks before it reads a body; every operation here asks again).
    pub fn may_manage_customers(caller: &dyn Caller) -> Result<&CurrentUser, AppError> {
        caller.require(Permission::ManageCustomers)
    }

    /// One customer with its subscriptions.
    pub async fn customer(store: &SharedStore, caller: &dyn Caller, customer_id: i64) -> Result<CustomerRow, AppError> {
        let user = provider_viewing(caller)?;
        store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)
    }

    /// One page of the organisation's customers, by name, perhaps only one reseller's.
    pub async fn customers_page(
        store: &SharedStore,
        caller: &dyn Caller,
        reseller: Option<i64>,
        search: &str,
        page: i64,
        per_page: i64,
    ) -> Result<(Vec<CustomerRow>, i64), AppError> {
        let user = provider_viewing(caller)?;
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        Ok(store.customers_page(user.organisation_id, reseller.filter(|r| *r > 0), search.trim(), page, per_page).await?)
    }

    /// The provider's partnered resellers, as choices.
    pub async fn reseller_choices(store: &SharedStore, provider_id: i64) -> Result<Vec<ResellerChoice>, AppError> {
        Ok(store.reseller_choices(provider_id).await?)
    }

    /// Refuses a reseller that is not an active partner of the user's organisation.
    async fn require_partnered(store: &SharedStore, user: &CurrentUser, reseller_id: Option<i64>, field: &str) -> Result<(), AppError> {
        if let Some(id) = reseller_id {
            if !store.partnership_active(user.organisation_id, id).await? {
                return Err(AppError::invalid(field, Problem::NotPartneredReseller));
            }
        }
        Ok(())
    }

    /// Whether this organisation's order with idempotency `key` was created already (a retried
    /// Submit, or the same order sent twice at once, perhaps to two servers).
    async fn already_submitted(store: &SharedStore, organisation_id: i64, key: &str) -> Result<bool, AppError> {
        Ok(!key.is_empty() && store.customer_id_for_key(organisation_id, key).await?.is_some())
    }

    /// Submit of the New customer wizard: checks the details and the lines against the catalog
    /// of the customer's country, then creates the customer, its admin user and its
    /// subscriptions in one transaction. The temporary password is returned once and stored
    /// only as a hash.
    pub async fn create_customer(store: &SharedStore, caller: &dyn Caller, order: &NewCustomerOrder) -> Result<SetupInfo, AppError> {
        use crate::auth::ssr::hash_password;
        let user = may_manage_customers(caller)?;
        let mut errors = FieldErrors::default();
        let details = order.details.check(&mut errors);
        let catalog = match details.as_ref() {
            Some(d) => store.catalog_for_country(&d.country).await?,
            None => Vec::new(),
        };
        let lines = check_lines(&order.lines, &catalog, &mut errors);
        let details = match details {
            Some(d) if errors.is_empty() => d,
            _ => return Err(AppError::Invalid(errors.0)),
        };
        require_partnered(store, user, order.reseller_id, "reseller_id").await?;
        let key = crate::validate::IdempotencyKey::stored(&order.idempotency_key);
        let submitted = AppError::Refused(crate::error::Refusal::AlreadySubmitted);
        let taken = || AppError::invalid("domain_prefix", Problem::DomainTaken);
        if already_submitted(store, user.organisation_id, &key).await? {
            // A retried Submit: the customer exists; its password was shown the first time.
            return Err(submitted);
        }
        if store.domain_prefix_taken(&details.domain_prefix).await? {
            // Perhaps taken a moment ago by this same order, submitted again at the same time.
            return Err(if already_submitted(store, user.organisation_id, &key).await? { submitted } else { taken() });
        }
        let password = temporary_password();
        let hash = hash_password(password.clone()).await?;
        let admin = admin_user_name(&details.domain_prefix);
        let reseller_name = match order.reseller_id {
            Some(id) => store.organisation(id).await?.map(|o| o.name),
            None => None,
        };
        let customer_id = store
            .create_customer(
                &caller.actor(),
                &crate::store::customers::NewCustomer {
                    reseller_id: order.reseller_id,
                    company_name: details.company_name.clone(),
                    domain_prefix: details.domain_prefix.clone(),
                    country: details.country.clone(),
                    address_line1: details.address_line1,
                    city: details.city,
                    postal_code: details.postal_code,
                    phone: details.phone,
                    registration_number: details.registration_number,
                    contact_first_name: details.contact_first_name,
                    contact_last_name: details.contact_last_name,
                    contact_email: details.contact_email,
                    language: details.language.tag().to_string(),
                    admin_user_name: admin.clone(),
                    admin_password_hash: Some(hash),
                    idempotency_key: (!key.is_empty()).then_some(key.clone()),
                    subscriptions: lines
                        .into_iter()
                        .map(|(id, count)| crate::store::customers::NewCustomerSubscription {
                            subscription_id: id,
                            license_count: count,
                            reseller_of_record_id: order.reseller_id,
                            support_contact_id: None,
                            offer_id: None,
                        })
                        .collect(),
                },
            )
            .await;
        let customer_id = match customer_id {
            Ok(id) => id,
            // The same order submitted at the same moment (perhaps to another server), or another
            // order that took the domain prefix: the unique constraints decided; say which.
            Err(crate::store::StoreError::Unique(constraint)) => {
                if already_submitted(store, user.organisation_id, &key).await? {
                    return Err(submitted);
                }
                if store.domain_prefix_taken(&details.domain_prefix).await? {
                    return Err(taken());
                }
                return Err(crate::store::StoreError::Unique(constraint).into());
            }
            Err(other) => return Err(other.into()),
        };
        Ok(SetupInfo { customer_id, company_name: details.company_name, reseller_name, admin_user_name: admin, temporary_password: password })
    }

    /// Add subscription: new subscriptions for one of the organisation's customers.
    pub async fn add_subscriptions(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        lines: &[(String, String)],
        reseller_id: Option<i64>,
    ) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        let customer = store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        let catalog = store.catalog_for_country(&customer.country).await?;
        let mut errors = FieldErrors::default();
        let lines = check_lines(lines, &catalog, &mut errors);
        errors.into_result(|| ())?;
        require_partnered(store, user, reseller_id, "reseller_id").await?;
        let lines: Vec<_> = lines
            .into_iter()
            .map(|(id, count)| crate::store::customers::NewCustomerSubscription {
                subscription_id: id,
                license_count: count,
                reseller_of_record_id: reseller_id,
                support_contact_id: None,
                offer_id: None,
            })
            .collect();
        store.add_subscriptions(&caller.actor(), customer_id, &lines).await?;
        Ok(())
    }

    /// Associates, changes or removes (`None`) the reseller of an existing customer. Only an
    /// active partner can be associated; removing needs no partnership.
    pub async fn set_customer_reseller(store: &SharedStore, caller: &dyn Caller, customer_id: i64, reseller: Option<i64>) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        require_partnered(store, user, reseller, "reseller_id").await?;
        match store.set_customer_reseller(&caller.actor(), customer_id, reseller).await {
            // The partnership ended between the check and the change.
            Err(crate::store::StoreError::Refused(_)) => Err(AppError::invalid("reseller_id", Problem::NotPartneredReseller)),
            other => Ok(other?),
        }
    }

    /// The subscription detail's Submit: license count, Reseller (MPN ID), Designated support
    /// contact (a partnered reseller, or the provider itself).
    pub async fn update_subscription(
        store: &SharedStore,
        caller: &dyn Caller,
        customer_id: i64,
        subscription_id: i64,
        change: &SubscriptionChange,
    ) -> Result<(), AppError> {
        let user = may_manage_customers(caller)?;
        let customer = store.customer(user.organisation_id, customer_id).await?.ok_or(AppError::NotFound)?;
        let subscription = customer.subscriptions.iter().find(|s| s.id == subscription_id).ok_or(AppError::NotFound)?;
        let mut errors = FieldErrors::default();
        let limits = crate::catalog::CatalogSubscription {
            id: subscription.subscription_id.clone(),
            name: subscription.name.clone(),
            description: String::new(),
            min_licenses: subscription.min_licenses,
            max_licenses: subscription.max_licenses,
            translations: Default::default(),
        };
        let count = errors.check("license_count", limits.check_license_count(&change.license_count));
        // Reseller (MPN ID): numeric, and a partnered reseller, so that it receives incentives.
        let mut reseller_of_record = None;
        if !change.reseller_mpn_id.trim().is_empty() {
            if let Some(mpn) = errors.check("reseller_mpn_id", crate::validate::mpn_id(&change.reseller_mpn_id)) {
                match store.organisation_by_mpn_id(&mpn).await? {
                    Some(org) if store.partnership_active(user.organisation_id, org.id).await? => reseller_of_record = Some(org.id),
                    _ => errors.add("reseller_mpn_id", Problem::NotPartneredReseller),
                }
            }
        }
        let support = match change.support_contact_id.trim() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) if id == user.organisation_id => Some(id),
                Ok(id) if store.partnership_active(user.organisation_id, id).await? => Some(id),
                _ => {
                    errors.add("support_contact_id", Problem::NotPartneredReseller);
                    None
                }
            },
        };
        let count = match count {
            Some(c) if errors.is_empty() => c,
            _ => return Err(AppError::Invalid(errors.0)),
        };
        store.update_subscription(&caller.actor(), subscription_id, i64::from(count), reseller_of_record, support).await?;
        Ok(())
    }
}

#[server(endpoint = "customers/list")]
pub async fn list_customers(reseller: Option<i64>, search: String, page: i64) -> Result<CustomersOverview, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let (store, caller) = (store()?, caller().await?);
            let user = crate::auth::ssr::Caller::require(&caller, Permission::ViewCustomers)?;
            if !user.programs.indirect_provider {
                return Ok(CustomersOverview::Reseller(store.providers_of_reseller(user.organisation_id).await?));
            }
            let (rows, total) = service::customers_page(&store, &caller, reseller, &search, page, CUSTOMERS_PER_PAGE).await?;
            Ok(CustomersOverview::Provider {
                rows,
                total,
                page: page.clamp(1, crate::validate::PAGE_MAX),
                per_page: CUSTOMERS_PER_PAGE,
                resellers: service::reseller_choices(&store, user.organisation_id).await?,
                may_manage: user.can(Permission::ManageCustomers),
            })
        }
        .await,
    )
}

#[server(endpoint = "customers/start")]
pub async fn customer_wizard_start() -> Result<NewCustomerStart, AppError> {
    use crate::auth::ssr::{require, respond, store};
    respond(
        async {
            let user = require(Permission::ManageCustomers).await?;
            let store = store()?;
            Ok(NewCustomerStart {
                resellers: service::reseller_choices(&store, user.organisation_id).await?,
                provider_name: user.organisation_name,
                catalog: store.catalog_everywhere().await?,
            })
        }
        .await,
    )
}

/// The subscriptions sold in a customer's country (New subscription).
#[server(endpoint = "customers/catalog")]
pub async fn customer_catalog(country: String) -> Result<Vec<crate::catalog::CatalogSubscription>, AppError> {
    use crate::auth::ssr::{require, respond, store};
    respond(
        async {
            require(Permission::ManageCustomers).await?;
            let code = crate::catalog::parse_country(&country).map_err(|p| AppError::invalid("country", p))?;
            Ok(store()?.catalog_for_country(&code).await?)
        }
        .await,
    )
}

/// Submit: creates the customer, its admin user and its subscriptions in one transaction and
/// returns the setup info, whose temporary password is shown once and stored only as a hash.
#[server(endpoint = "customers/create", input = leptos::server_fn::codec::Json)]
pub async fn create_customer(order: NewCustomerOrder) -> Result<SetupInfo, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::create_customer(&store()?, &caller().await?, &order).await }.await)
}

#[server(endpoint = "customers/get")]
pub async fn get_customer(customer_id: i64) -> Result<CustomerPageData, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let (store, caller) = (store()?, caller().await?);
            let customer = service::customer(&store, &caller, customer_id).await?;
            let user = caller.user;
            Ok(CustomerPageData {
                customer,
                resellers: service::reseller_choices(&store, user.organisation_id).await?,
                provider_id: user.organisation_id,
                provider_name: user.organisation_name,
            })
        }
        .await,
    )
}

/// Add subscription: new subscriptions for an existing customer, optionally with the reseller
/// that earns incentives for them.
#[server(endpoint = "customers/subscriptions/add", input = leptos::server_fn::codec::Json)]
pub async fn add_subscriptions(customer_id: i64, lines: Vec<(String, String)>, reseller_id: Option<i64>) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::add_subscriptions(&store()?, &caller().await?, customer_id, &lines, reseller_id).await }.await)
}

/// The subscription detail's Submit: license count, Reseller (MPN ID) and Designated support
/// contact (a partnered reseller, or the provider itself).
#[server(endpoint = "customers/subscriptions/update")]
pub async fn update_subscription(
    customer_id: i64,
    subscription_id: i64,
    license_count: String,
    reseller_mpn_id: String,
    support_contact_id: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let change = SubscriptionChange { license_count, reseller_mpn_id, support_contact_id };
            service::update_subscription(&store()?, &caller().await?, customer_id, subscription_id, &change).await
        }
        .await,
    )
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn domain_prefixes_are_lowercase_letters_and_digits(typed in "\\PC{0,40}|[A-Za-z0-9]{0,30}") {
            match check_domain_prefix(&typed) {
                Ok(prefix) => {
                    prop_assert!(!prefix.is_empty() && prefix.len() <= 27);
                    prop_assert!(prefix.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
                    prop_assert_eq!(check_domain_prefix(&prefix), Ok(prefix.clone()));
                }
                Err(_) => prop_assert!(
                    typed.trim().is_empty() || typed.trim().chars().count() > 27 || !typed.trim().chars().all(|c| c.is_ascii_alphanumeric()),
                    "{:?} refused", typed
                ),
            }
        }

        #[test]
        fn customer_details_never_panic(fields in proptest::collection::vec("\\PC{0,120}", 12)) {
            let names = ["company_name", "domain_prefix", "address_line1", "city", "postal_code", "country", "phone",
                "registration_number", "contact_first_name", "contact_last_name", "contact_email", "language"];
            let mut form = CustomerDetailsForm::default();
            for (name, value) in names.iter().zip(fields) {
                form.set(name, value.clone());
                prop_assert_eq!(form.get(name), value);
            }
            if let Ok(details) = form.validate() {
                prop_assert_eq!(check_domain_prefix(&details.domain_prefix), Ok(details.domain_prefix.clone()));
                prop_assert!(crate::validate::email(&details.contact_email).is_ok());
            }
        }
    }
}
