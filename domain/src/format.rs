//! Numbers and dates written the way each language writes them.
//!
//! Plain functions with no cfg: the server renders a page and the browser hydrates it with
//! the same code, so both write exactly the same text (the formats follow the Unicode CLDR).

use crate::i18n::Locale;

/// An integer with the language's thousands separator: en `1,234`, nl `1.234`,
/// fr `1 234` (narrow no-break space), pt-BR `1.234`.
pub fn number(n: i64, locale: Locale) -> String {
    let separator = match locale {
        Locale::En => ",",
        Locale::Nl | Locale::PtBr => ".",
        Locale::Fr => "\u{202f}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

const MONTHS: [[&str; 12]; 4] = [
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
];

fn locale_index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Nl => 1,
        Locale::Fr => 2,
        Locale::PtBr => 3,
    }
}

/// A calendar date (UTC) with the month abbreviated: en `23 Nov 2026`, nl `23 nov 2026`,
/// fr `23 nov. 2026`, pt-BR `23 de nov. de 2026`. Empty for a time out of range.
pub fn date(seconds: i64, locale: Locale) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(seconds) else {
        return String::new();
    };
    let month = MONTHS[locale_index(locale)][usize::from(u8::from(t.month())) - 1];
    match locale {
        Locale::PtBr => format!("{} de {} de {}", t.day(), month, t.year()),
        _ => format!("{} {} {}", t.day(), month, t.year()),
    }
}

/// A date and a 24-hour time (UTC): en `23 Nov 2026 14:05:09`.
pub fn date_time(seconds: i64, locale: Locale) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(seconds) else {
        return String::new();
    };
    format!("{} {:02}:{:02}:{:02}", date(seconds, locale), t.hour(), t.minute(), t.second())
}

/// A date as `YYYY-MM-DD` (UTC), whatever the language: for date inputs, CSV files and texts
/// that machines read back.
pub fn iso_date(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}

/// An amount of money the way the language writes it, with the currency's symbol (CLDR):
/// en `€1,234.56`, nl `€ 1.234,56`, fr `1 234,56 €`, pt-BR `R$ 1.234,56`. Rounded half away
/// from zero to the currency's minor unit (cents; none for the yen and the won). A currency
/// without a symbol here shows its ISO code.
pub fn money(amount: rust_decimal::Decimal, currency: &str, locale: Locale) -> String {
    use rust_decimal::RoundingStrategy;
    let decimals = minor_units(currency);
    let rounded = amount.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let plain = rounded.abs().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let whole = number(whole.parse::<i64>().unwrap_or(0), locale);
    let decimal_mark = if locale == Locale::En { "." } else { "," };
    let mut digits = whole;
    if decimals > 0 {
        digits.push_str(decimal_mark);
        digits.push_str(&format!("{fraction:0<width$}", width = decimals as usize));
    }
    let sign = if negative { "-" } else { "" };
    let symbol = currency_symbol(currency, locale);
    match locale {
        Locale::En if symbol.len() > 1 && symbol.chars().all(|c| c.is_ascii_uppercase()) => format!("{sign}{symbol}\u{a0}{digits}"),
        Locale::En => format!("{sign}{symbol}{digits}"),
        Locale::Nl | Locale::PtBr => format!("{sign}{symbol}\u{a0}{digits}"),
        Locale::Fr => format!("{sign}{digits}\u{a0}{symbol}"),
    }
}

/// The decimals of a currency's minor unit: 2 (cents), none for the yen, the won and the
/// Icelandic króna.
pub fn minor_units(currency: &str) -> u32 {
    if matches!(currency, "JPY" | "KRW" | "ISK") {
        0
    } else {
        2
    }
}

/// The symbol of a currency in a language (CLDR's), or its ISO code.
fn currency_symbol(currency: &str, locale: Locale) -> &str {
    match (currency, locale) {
        ("EUR", _) => "€",
        ("GBP", Locale::Fr) => "£GB",
        ("GBP", _) => "£",
        ("USD", Locale::En) => "$",
        ("USD", Locale::Fr) => "$US",
        ("USD", _) => "US$",
        ("BRL", _) => "R$",
        ("CAD", Locale::Fr) => "$CA",
        ("CAD", _) => "CA$",
        ("AUD", Locale::Fr) => "$AU",
        ("AUD", Locale::En) => "A$",
        ("AUD", _) => "AU$",
        ("JPY", Locale::Fr) => "JPY",
        ("JPY", _) => "¥",
        (code, _) => code,
    }
}

/// Percent-encodes a query value.
pub fn urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Text made safe to put in HTML, inside an element or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-23 12:00:00 UTC
    const NOV_23: i64 = 1_795_435_200;

    #[test]
    fn money_is_written_the_way_each_language_writes_it() {
        let amount: rust_decimal::Decimal = "1234.5".parse().expect("a decimal");
        assert_eq!(money(amount, "EUR", Locale::En), "€1,234.50");
        assert_eq!(money(amount, "EUR", Locale::Nl), "€\u{a0}1.234,50");
        assert_eq!(money(amount, "EUR", Locale::Fr), "1\u{202f}234,50\u{a0}€");
        assert_eq!(money(amount, "BRL", Locale::PtBr), "R$\u{a0}1.234,50");
        assert_eq!(money(amount, "USD", Locale::En), "$1,234.50");
        assert_eq!(money(amount, "USD", Locale::Nl), "US$\u{a0}1.234,50");
        assert_eq!(money(amount, "SEK", Locale::En), "SEK\u{a0}1,234.50", "no symbol: the ISO code");
        assert_eq!(money("0.125".parse().expect("a decimal"), "GBP", Locale::En), "£0.13", "half a cent rounds up");
        assert_eq!(money("-3".parse().expect("a decimal"), "EUR", Locale::En), "-€3.00");
        assert_eq!(money("1500.4".parse().expect("a decimal"), "JPY", Locale::En), "¥1,500", "the yen has no cents");
    }

    #[test]
    fn thousands_separators_follow_the_language() {
        assert_eq!(number(1234, Locale::En), "1,234");
        assert_eq!(number(1234, Locale::Nl), "1.234");
        assert_eq!(number(1234, Locale::Fr), "1\u{202f}234");
        assert_eq!(number(1234, Locale::PtBr), "1.234");
        assert_eq!(number(1_234_567, Locale::En), "1,234,567");
        assert_eq!(number(-1_234_567, Locale::Nl), "-1.234.567");
        assert_eq!(number(999, Locale::Fr), "999");
        assert_eq!(number(0, Locale::En), "0");
        assert_eq!(number(100_000, Locale::En), "100,000");
        assert_eq!(number(i64::MIN, Locale::En), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(date(NOV_23, Locale::En), "23 Nov 2026");
        assert_eq!(date(NOV_23, Locale::Nl), "23 nov 2026");
        assert_eq!(date(NOV_23, Locale::Fr), "23 nov. 2026");
        assert_eq!(date(NOV_23, Locale::PtBr), "23 de nov. de 2026");
        // 2026-03-01, where Dutch and French differ most from English.
        let march = NOV_23 - 267 * 86_400;
        assert_eq!(date(march, Locale::Nl), "1 mrt 2026");
        assert_eq!(date(march, Locale::Fr), "1 mars 2026");
        assert_eq!(date(march, Locale::PtBr), "1 de mar. de 2026");
    }

    #[test]
    fn date_times_are_24_hour_utc() {
        assert_eq!(date_time(NOV_23 + 3_909, Locale::En), "23 Nov 2026 13:05:09");
        assert_eq!(date_time(NOV_23, Locale::Fr), "23 nov. 2026 12:00:00");
    }

    #[test]
    fn impossible_times_give_nothing() {
        assert_eq!(date(i64::MAX, Locale::En), "");
        assert_eq!(date_time(i64::MAX, Locale::En), "");
    }
}
