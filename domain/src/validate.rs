//! Single-field validators shared by the browser and the server.

use crate::error::Problem;
use serde::{Deserialize, Serialize};

/// The last page number any list serves: a larger `page` shows this one (an empty page past
/// the end), so no request makes the server compute an offset past the 64-bit range.
pub const PAGE_MAX: i64 = 10_000;

/// How many pages `total` items fill at `per_page` a page: at least one (an empty list is one
/// empty page).
pub fn page_count(total: i64, per_page: i64) -> i64 {
    let per_page = per_page.max(1);
    ((total + per_page - 1) / per_page).max(1)
}

/// The key a browser (or the REST API) sends with a submission so that a doubled or retried
/// one makes one record (an offer, a customer, an acceptance): trimmed, at most
/// [`IdempotencyKey::MAX`] characters, and none when empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MAX: usize = 64;

    /// The key as sent, trimmed and cut to [`IdempotencyKey::MAX`] characters; `None` if empty.
    pub fn new(sent: &str) -> Option<IdempotencyKey> {
        let key: String = sent.trim().chars().take(Self::MAX).collect();
        (!key.is_empty()).then_some(IdempotencyKey(key))
    }

    /// The key as stored: empty for none.
    pub fn stored(sent: &str) -> String {
        Self::new(sent).map(|k| k.0).unwrap_or_default()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A whole number as it arrived: typed into a form's field (text, which the rules read) or sent
/// by a program as a JSON number. The rules read both the same way, so a REST client's number
/// is never turned into text only to be parsed again, and a form keeps exactly what was typed
/// (to show it back beside its problem).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WholeNumber {
    Number(i64),
    Typed(String),
}

impl WholeNumber {
    /// The longest text read as a number (an `i64` has at most 20 characters with its sign):
    /// anything longer is not one, and is not parsed.
    pub const MAX_TYPED: usize = 20;

    /// The number, or `None` when nothing was typed or what was typed is not a whole number.
    pub fn value(&self) -> Option<i64> {
        match self {
            WholeNumber::Number(n) => Some(*n),
            WholeNumber::Typed(typed) => {
                let typed = typed.trim();
                if typed.len() > Self::MAX_TYPED {
                    return None;
                }
                typed.parse().ok()
            }
        }
    }

    /// The number when it is from `min` to `max`, as the type the rule needs.
    pub fn within<T: TryFrom<i64>>(&self, min: i64, max: i64) -> Option<T> {
        self.value().filter(|n| (min..=max).contains(n)).and_then(|n| T::try_from(n).ok())
    }

    /// True when nothing was typed (a number sent is never blank).
    pub fn is_blank(&self) -> bool {
        matches!(self, WholeNumber::Typed(typed) if typed.trim().is_empty())
    }

    /// What a form's field shows: the text as typed, or the number sent.
    pub fn as_typed(&self) -> std::borrow::Cow<'_, str> {
        match self {
            WholeNumber::Number(n) => std::borrow::Cow::Owned(n.to_string()),
            WholeNumber::Typed(typed) => std::borrow::Cow::Borrowed(typed),
        }
    }
}

impl Default for WholeNumber {
    fn default() -> Self {
        WholeNumber::Typed(String::new())
    }
}

/// Two inputs are the same when they read as the same number (`5` sent and `" 5"` typed), or,
/// when neither is a number, when they are the same text.
impl PartialEq for WholeNumber {
    fn eq(&self, other: &Self) -> bool {
        match (self.value(), other.value()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.as_typed() == other.as_typed(),
            _ => false,
        }
    }
}

impl Eq for WholeNumber {}

impl std::fmt::Display for WholeNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_typed())
    }
}

impl From<i64> for WholeNumber {
    fn from(n: i64) -> Self {
        WholeNumber::Number(n)
    }
}

impl From<u32> for WholeNumber {
    fn from(n: u32) -> Self {
        WholeNumber::Number(i64::from(n))
    }
}

impl From<String> for WholeNumber {
    fn from(typed: String) -> Self {
        WholeNumber::Typed(typed)
    }
}

impl From<&str> for WholeNumber {
    fn from(typed: &str) -> Self {
        WholeNumber::Typed(typed.to_string())
    }
}

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
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains("..") && !domain.contains('@');
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
    fn a_list_fills_whole_pages_and_at_least_one() {
        assert_eq!([page_count(0, 50), page_count(1, 50), page_count(50, 50), page_count(51, 50)], [1, 1, 1, 2]);
        assert_eq!(page_count(10, 0), 10, "no page size is one item a page");
    }

    #[test]
    fn whole_numbers_read_the_same_typed_or_sent() {
        let sent: WholeNumber = serde_json::from_str("25").expect("a JSON number");
        let typed: WholeNumber = serde_json::from_str(r#"" 25 ""#).expect("a JSON string");
        assert_eq!(sent, WholeNumber::Number(25));
        assert_eq!(typed, WholeNumber::Typed(" 25 ".into()), "the text is kept as typed");
        assert_eq!((sent.value(), typed.value()), (Some(25), Some(25)));
        assert_eq!(sent, typed, "the same number");
        assert_eq!(serde_json::to_string(&sent).ok().as_deref(), Some("25"), "a number stays a number");
        assert_eq!(WholeNumber::from("2.5").value(), None);
        assert_eq!(WholeNumber::from("ten").value(), None);
        assert_eq!(WholeNumber::from("1".repeat(WholeNumber::MAX_TYPED + 1)).value(), None, "too long to be read");
        assert!(WholeNumber::from("  ").is_blank() && !WholeNumber::Number(0).is_blank());
        assert_eq!(WholeNumber::from("12").within::<u32>(1, 10), None);
        assert_eq!(WholeNumber::from(-1i64).within::<u32>(-5, 10), None, "in range but not the rule's type");
        assert_eq!(WholeNumber::from(7i64).within::<u32>(1, 10), Some(7));
        assert_ne!(WholeNumber::from("x"), WholeNumber::from("y"));
        assert!(serde_json::from_str::<WholeNumber>("2.5").is_err(), "a fraction is neither");
    }

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

/// A calendar date typed as `YYYY-MM-DD` (the format of `<input type="date">`).
pub fn calendar_date(typed: &str) -> Option<time::Date> {
    let mut parts = typed.trim().splitn(3, '-').map(|p| p.parse::<i32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// An optional website address: `https://` or `http://`, a host name, and optionally a path;
/// at most 200 characters. The scheme and host are lowercased.
pub fn website(typed: &str) -> Result<String, Problem> {
    let value = typed.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    if value.chars().count() > 200 {
        return Err(Problem::TooLong { max: 200 });
    }
    let (scheme, rest) = value.split_once("://").ok_or(Problem::Website)?;
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let scheme = scheme.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let host_ok = host.contains('.')
        && host.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !(scheme == "https" || scheme == "http") || !host_ok || path.chars().any(char::is_whitespace) {
        return Err(Problem::Website);
    }
    Ok(format!("{scheme}://{host}{path}"))
}

#[cfg(test)]
mod website_and_date_tests {
    use super::*;

    #[test]
    fn websites_need_a_scheme_and_a_host() {
        assert_eq!(website(""), Ok(String::new()));
        assert_eq!(website(" HTTPS://Www.Northwind.example/Partners "), Ok("https://www.northwind.example/Partners".into()));
        assert_eq!(website("www.northwind.example"), Err(Problem::Website));
        assert_eq!(website("ftp://northwind.example"), Err(Problem::Website));
        assert_eq!(website("https://localhost"), Err(Problem::Website));
        assert_eq!(website("https://bad host.example"), Err(Problem::Website));
        assert_eq!(website("javascript://alert(1)"), Err(Problem::Website));
        assert_eq!(website(&format!("https://a.example/{}", "x".repeat(200))), Err(Problem::TooLong { max: 200 }));
    }

    #[test]
    fn calendar_dates_are_real_days() {
        assert_eq!(calendar_date("2019-02-28").map(|d| d.day()), Some(28));
        assert_eq!(calendar_date("2019-02-29"), None);
        assert_eq!(calendar_date("28-02-2019"), None);
        assert_eq!(calendar_date("soon"), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn text_is_the_trimmed_input_within_its_bound(typed in "\\PC{0,60}|\\s*", max in 0usize..50) {
            let trimmed = typed.trim();
            match text(&typed, max) {
                Ok(value) => prop_assert!(value == trimmed && !value.is_empty() && value.chars().count() <= max),
                Err(Problem::Required) => prop_assert!(trimmed.is_empty()),
                Err(Problem::TooLong { max: m }) => prop_assert!(m == max && trimmed.chars().count() > max),
                Err(other) => prop_assert!(false, "unexpected {:?}", other),
            }
        }

        #[test]
        fn emails_round_trip_and_never_panic(typed in "\\PC{0,80}") {
            if let Ok(value) = email(&typed) {
                prop_assert_eq!(email(&value), Ok(value.clone()), "a valid address stays valid");
                prop_assert!(value.contains('@') && !value.chars().any(char::is_whitespace));
                prop_assert_eq!(value.to_lowercase(), value);
            }
        }

        #[test]
        fn well_formed_emails_are_accepted(local in "[a-z0-9._+]{1,20}", host in "[a-z0-9]{1,10}", tld in "[a-z]{2,6}") {
            let typed = format!(" {local}@{host}.{tld} ");
            prop_assert_eq!(email(&typed), Ok(typed.trim().to_string()));
        }

        #[test]
        fn mpn_ids_are_six_to_ten_digits(typed in "\\PC{0,14}|[0-9]{0,14}") {
            let value = typed.trim();
            let ok = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) && (6..=10).contains(&value.len());
            prop_assert_eq!(mpn_id(&typed).is_ok(), ok);
        }

        #[test]
        fn passwords_are_bounded(typed in "\\PC{0,140}", min in 1usize..20) {
            let length = typed.chars().count();
            prop_assert_eq!(password(&typed, min).is_ok(), length >= min && length <= 128);
        }

        #[test]
        fn websites_round_trip_and_never_panic(typed in "\\PC{0,80}|(https?|ftp)://[a-zA-Z0-9.-]{0,20}(/\\PC{0,10})?") {
            if let Ok(value) = website(&typed) {
                prop_assert_eq!(website(&value), Ok(value.clone()));
                prop_assert!(value.is_empty() || value.starts_with("https://") || value.starts_with("http://"));
            }
        }

        #[test]
        fn calendar_dates_round_trip(days in 0i64..80_000, junk in "\\PC{0,12}") {
            let date = time::Date::from_julian_day(2_415_021 + days as i32).unwrap();
            let typed = format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day());
            prop_assert_eq!(calendar_date(&typed), Some(date));
            let _ = calendar_date(&junk);
        }
    }
}
