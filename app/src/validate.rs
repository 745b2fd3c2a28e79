//! Single-field validators shared by the browser and the server.

use crate::error::Problem;

/// A required text of at most `max` characters, trimmed.
pub fn text(typed: &str, max: usize) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    optional_text(value, max)
}

/// An optional text of at most `max` characters, trimmed.
pub fn optional_text(typed: &str, max: usize) -> Result<String, Problem> {
    let value = typed.trim();
    if value.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    Ok(value.to_string())
}

/// An email address: one `@`, a non-empty local part, a domain with a dot, no spaces.
pub fn email(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if value.chars().count() > 254 {
        return Err(Problem::TooLong { max: 254 });
    }
    let (local, domain) = value.split_once('@').ok_or(Problem::Email)?;
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || value.chars().any(char::is_whitespace) {
        return Err(Problem::Email);
    }
    Ok(value.to_lowercase())
}

/// A partner's MPN ID: digits only, 6 to 10 of them.
pub fn mpn_id(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Err(Problem::Required);
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(Problem::Numeric);
    }
    if !(6..=10).contains(&value.len()) {
        return Err(Problem::MpnId);
    }
    Ok(value.to_string())
}

/// A new password: at least `min` characters (a passphrase is welcome), at most 128.
pub fn password(typed: &str, min: usize) -> Result<String, Problem> {
    let length = typed.chars().count();
    if length == 0 {
        return Err(Problem::Required);
    }
    if length < min {
        return Err(Problem::PasswordTooShort { min });
    }
    if length > 128 {
        return Err(Problem::TooLong { max: 128 });
    }
    Ok(typed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email(" Ana@Example.com "), Ok("ana@example.com".into()));
        assert_eq!(email("ana@example"), Err(Problem::Email));
        assert_eq!(email("@example.com"), Err(Problem::Email));
        assert_eq!(email("ana @example.com"), Err(Problem::Email));
        assert_eq!(email(""), Err(Problem::Required));
    }

    #[test]
    fn mpn_ids_are_numeric() {
        assert_eq!(mpn_id("1234567"), Ok("1234567".into()));
        assert_eq!(mpn_id("12a4567"), Err(Problem::Numeric));
        assert_eq!(mpn_id("123"), Err(Problem::MpnId));
        assert_eq!(mpn_id(""), Err(Problem::Required));
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(text("  Contoso ", 10), Ok("Contoso".into()));
        assert_eq!(text("   ", 10), Err(Problem::Required));
        assert_eq!(text("ééééé", 4), Err(Problem::TooLong { max: 4 }));
        assert_eq!(optional_text("", 4), Ok(String::new()));
    }
}
