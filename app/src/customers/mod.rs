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

/// The organisation details of a new customer, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Checks every field, recording each problem under the field's name.
    pub fn check(&self, errors: &mut FieldErrors) -> Option<CustomerDetails> {
        use crate::validate::{email, optional_text, text};
        let company_name = errors.check("company_name", text(&self.company_name, 100));
        let domain_prefix = errors.check("domain_prefix", check_domain_prefix(&self.domain_prefix));
        let address_line1 = errors.check("address_line1", text(&self.address_line1, 200));
        let city = errors.check("city", text(&self.city, 100));
        let country = errors.check("country", crate::catalog::parse_country(&self.country));
        let rules = country.as_deref().map(country_rules).unwrap_or_default();
        let postal_code = errors.check(
            "postal_code",
            if rules.postal_code { text(&self.postal_code, 20) } else { optional_text(&self.postal_code, 20) },
        );
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
