//! The subscription catalog and the countries and regions it is sold in.

use crate::countries::{ALIASES, COUNTRIES, ORDER};
use crate::error::{FieldErrors, Problem};
use crate::i18n::Locale;
use crate::validate::WholeNumber;
use serde::{Deserialize, Serialize};

/// A product that can be offered, with the license counts it may be bought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSubscription {
    /// Stable product id (a SKU), e.g. `M365-BUSINESS-BASIC`.
    pub id: String,
    /// The product's name (a brand name: the same in every language).
    pub name: String,
    /// The description in English, shown where no translation exists.
    pub description: String,
    pub min_licenses: i64,
    pub max_licenses: i64,
    /// The description in the other languages.
    #[serde(default)]
    pub translations: Translations,
    /// The terms and billing plans it is sold with in the market the catalog was read for,
    /// with their prices (empty where no price list names it there).
    #[serde(default)]
    pub offerings: Vec<crate::pricing::Offering>,
    /// The product this SKU is one of (the price list's `ProductId`): a trial SKU and the SKU
    /// it converts to share it.
    #[serde(default)]
    pub product_id: String,
    /// A trial SKU: offered free by trial invitations only, never sold.
    #[serde(default)]
    pub trial: bool,
}

impl CatalogSubscription {
    /// A product as the catalog's table keeps it, before its translations are added.
    pub fn new(id: String, name: String, description: String, min_licenses: i64, max_licenses: i64) -> CatalogSubscription {
        CatalogSubscription {
            id,
            name,
            description,
            min_licenses,
            max_licenses,
            translations: Translations::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        }
    }
}

/// The SKUs of `catalog` that are sold (offers, new customers, Add subscription): every one but
/// the trial SKUs.
pub fn for_sale(catalog: &[CatalogSubscription]) -> Vec<CatalogSubscription> {
    catalog.iter().filter(|s| !s.trial).cloned().collect()
}

/// Lines moved to the SKUs of `to` (the catalog of a trial invitation, or of a purchase offer):
/// a line whose SKU `to` does not hold takes the SKU of `to` of the same product (a trial
/// becomes its purchase, a purchase its trial), with its license count. `from` is the catalog
/// the lines were chosen from; lines of no product in `to` are left for the caller to drop.
pub fn same_products(lines: &[(String, WholeNumber)], from: &[CatalogSubscription], to: &[CatalogSubscription]) -> Vec<(String, WholeNumber)> {
    let mut moved: Vec<(String, WholeNumber)> = Vec::with_capacity(lines.len());
    for (id, count) in lines {
        let target = if to.iter().any(|s| &s.id == id) {
            Some(id.clone())
        } else {
            from.iter()
                .find(|s| &s.id == id && !s.product_id.is_empty())
                .and_then(|line| to.iter().find(|s| s.product_id == line.product_id))
                .map(|s| s.id.clone())
        };
        let id = target.unwrap_or_else(|| id.clone());
        if !moved.iter().any(|(m, _)| *m == id) {
            moved.push((id, count.clone()));
        }
    }
    moved
}

/// A text's translations: (language tag, text) pairs, e.g. `("nl", "…")`. The whole set travels
/// with a page, so a language switch in the browser (or offline) needs no new request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translations(pub Vec<(String, String)>);

impl Translations {
    /// The text in `locale`, or `english` when it has not been translated into it.
    pub fn pick<'a>(&'a self, locale: Locale, english: &'a str) -> &'a str {
        self.0.iter().find(|(tag, text)| tag == locale.tag() && !text.trim().is_empty()).map(|(_, text)| text.as_str()).unwrap_or(english)
    }

    /// Adds (or replaces) the text in the language `tag`.
    pub fn insert(&mut self, tag: &str, text: &str) {
        match self.0.iter_mut().find(|(t, _)| t == tag) {
            Some(existing) => existing.1 = text.to_string(),
            None => self.0.push((tag.to_string(), text.to_string())),
        }
    }
}

impl CatalogSubscription {
    /// The description in `locale` (English where it has no translation).
    pub fn description_in(&self, locale: Locale) -> &str {
        self.translations.pick(locale, &self.description)
    }

    /// Checks a license count (typed or sent) against this subscription's limits.
    pub fn check_license_count(&self, count: &WholeNumber) -> Result<u32, Problem> {
        license_count(count, self.min_licenses, self.max_licenses).map(|count| count as u32)
    }
}

/// A license count (typed or sent): a whole number from `min` to `max`. The one rule for every
/// license count (an offer's line, a client's acceptance, a customer's subscription).
pub fn license_count(count: &WholeNumber, min: i64, max: i64) -> Result<i64, Problem> {
    count
        .within(min, max)
        .ok_or(Problem::LicenseRange { min: min.clamp(0, i64::from(u32::MAX)) as u32, max: max.clamp(0, i64::from(u32::MAX)) as u32 })
}

/// The lines of an order (an offer, a new customer, Add subscription): at least one, and each
/// as [`check_order_lines`] checks it against `catalog`. Without a catalog (the country is not
/// known yet) only the first rule can be checked.
pub fn check_lines(lines: &[(String, WholeNumber)], catalog: Option<&[CatalogSubscription]>, errors: &mut FieldErrors) -> Vec<(String, u32)> {
    if lines.is_empty() {
        errors.add("subscriptions", Problem::NoSubscription);
    }
    catalog.map(|catalog| check_order_lines(lines, catalog, errors)).unwrap_or_default()
}

/// A subscription with every country it is sold in: the whole catalog travels with a wizard's
/// page, so the wizard can still offer the right subscriptions offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub subscription: CatalogSubscription,
    pub countries: Vec<String>,
    /// Its offerings in every market: (market, offering).
    #[serde(default)]
    pub prices: Vec<(String, crate::pricing::Offering)>,
}

/// The subscriptions of `entries` sold in `country` (an ISO code), in catalog order, with
/// their offerings there: the same answer the server gives for that country, worked out on
/// the device.
pub fn available_in(entries: &[CatalogEntry], country: &str) -> Vec<CatalogSubscription> {
    entries
        .iter()
        .filter(|e| e.countries.iter().any(|c| c == country))
        .map(|e| {
            let mut subscription = e.subscription.clone();
            subscription.offerings = e.prices.iter().filter(|(market, _)| market == country).map(|(_, offering)| offering.clone()).collect();
            subscription
        })
        .collect()
}

/// A country or region by its ISO 3166-1 alpha-2 code, with its name in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub code: String,
    pub name: String,
}

fn position(code: &str) -> Option<usize> {
    COUNTRIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok()
}

fn language_index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

/// Every country and region with its name in `locale`, sorted by that name.
pub fn all_countries(locale: Locale) -> Vec<Country> {
    let language = language_index(locale);
    ORDER[language]
        .iter()
        .map(|&i| {
            let (code, names) = COUNTRIES[usize::from(i)];
            Country { code: code.to_string(), name: names[language].to_string() }
        })
        .collect()
}

/// The comparison form of a typed name: lower case, without accents, plain apostrophes and
/// single spaces, so "cote d'ivoire" finds "Côte d’Ivoire".
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            '’' | '‘' | '`' => "'",
            '‐' | '‑' | '–' => "-",
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                continue;
            }
            c => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

/// Accepts an ISO alpha-2 code (any case), the alias "UK" for GB, or a country's name in
/// English, Dutch, French or Portuguese (accents and case do not matter), and returns the
/// canonical alpha-2 code.
pub fn parse_country(typed: &str) -> Result<String, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    let upper = typed.to_ascii_uppercase();
    let code = if upper == "UK" { "GB" } else { upper.as_str() };
    if let Some(i) = position(code) {
        return Ok(COUNTRIES[i].0.to_string());
    }
    let wanted = fold(typed);
    COUNTRIES
        .iter()
        .find(|(_, names)| names.iter().any(|n| fold(n) == wanted))
        .map(|(code, _)| *code)
        .or_else(|| ALIASES.iter().find(|(name, _)| fold(name) == wanted).map(|(_, code)| *code))
        .map(str::to_string)
        .ok_or(Problem::Country)
}

/// The name of a country in `locale`, by its alpha-2 code (the code itself when unknown).
pub fn country_name(code: &str, locale: Locale) -> String {
    position(code).map(|i| COUNTRIES[i].1[language_index(locale)].to_string()).unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_on_the_device_answers_per_country() {
        let sub = |id: &str| CatalogSubscription {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 5,
            translations: Default::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        };
        let entries = vec![
            CatalogEntry { subscription: sub("A"), countries: vec!["NL".into(), "GB".into()], prices: Vec::new() },
            CatalogEntry { subscription: sub("B"), countries: vec!["GB".into()], prices: Vec::new() },
        ];
        let ids = |c: &str| available_in(&entries, c).into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids("GB"), vec!["A", "B"]);
        assert_eq!(ids("NL"), vec!["A"]);
        assert!(ids("US").is_empty());
    }

    #[test]
    fn an_order_needs_a_line_even_before_its_country_is_known() {
        let mut errors = FieldErrors::default();
        assert!(check_lines(&[], None, &mut errors).is_empty());
        assert_eq!(errors.0, vec![crate::error::FieldError::new("subscriptions", Problem::NoSubscription)]);
        let mut errors = FieldErrors::default();
        assert!(check_lines(&[("A".to_string(), "2".into())], None, &mut errors).is_empty());
        assert!(errors.is_empty(), "without a catalog the lines wait for the country");
        assert_eq!(license_count(&" 7 ".into(), 1, 10), Ok(7));
        assert_eq!(license_count(&7i64.into(), 1, 10), Ok(7), "a number sent by a program reads the same");
        assert_eq!(license_count(&"11".into(), 1, 10), Err(Problem::LicenseRange { min: 1, max: 10 }));
        assert_eq!(license_count(&11i64.into(), 1, 10), Err(Problem::LicenseRange { min: 1, max: 10 }));
        assert_eq!(license_count(&i64::MIN.into(), 1, 10), Err(Problem::LicenseRange { min: 1, max: 10 }));
    }

    #[test]
    fn lines_move_to_the_same_product_in_the_other_catalog() {
        let sku = |id: &str, product: &str, trial: bool| CatalogSubscription {
            product_id: product.into(),
            trial,
            ..CatalogSubscription::new(id.into(), id.into(), String::new(), 1, 300)
        };
        let all = vec![sku("BASIC", "B", false), sku("BASIC-TRIAL", "B", true), sku("E3", "E", false), sku("OLD", "", false)];
        let trials: Vec<_> = all.iter().filter(|s| s.trial).cloned().collect();
        let sold = for_sale(&all);
        assert_eq!(sold.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["BASIC", "E3", "OLD"], "trial SKUs are not sold");
        let lines = vec![("BASIC".to_string(), WholeNumber::from(12i64)), ("E3".to_string(), "3".into()), ("OLD".to_string(), "1".into())];
        assert_eq!(
            same_products(&lines, &all, &trials),
            vec![("BASIC-TRIAL".to_string(), 12i64.into()), ("E3".to_string(), "3".into()), ("OLD".to_string(), "1".into())],
            "a product with a trial moves to it; the others stay (the wizard drops them with a notice)"
        );
        assert_eq!(same_products(&same_products(&lines, &all, &trials), &all, &sold), lines, "and back");
    }

    #[test]
    fn an_order_has_each_subscription_once_and_a_bounded_number_of_lines() {
        let sub = |id: &str| CatalogSubscription {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 5,
            translations: Default::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        };
        let catalog = vec![sub("A"), sub("B")];
        let line = |id: &str, n: &str| (id.to_string(), WholeNumber::from(n));
        let mut errors = FieldErrors::default();
        let valid = check_order_lines(&[line("A", "2"), line("B", "1"), line("A", "3")], &catalog, &mut errors);
        assert_eq!(valid, vec![("A".to_string(), 2), ("B".to_string(), 1)]);
        assert_eq!(errors.0.len(), 1);
        assert_eq!((errors.0[0].field.as_str(), &errors.0[0].problem), ("license_count.A", &Problem::DuplicateSubscription));

        let many: Vec<_> = (0..=MAX_LINES).map(|i| line(&format!("X{i}"), "1")).collect();
        let mut errors = FieldErrors::default();
        assert!(check_order_lines(&many, &catalog, &mut errors).is_empty());
        assert_eq!(errors.0.len(), 1, "one message, not one per line");
        assert_eq!(errors.0[0].problem, Problem::TooMany { max: MAX_LINES });
    }

    #[test]
    fn a_description_is_shown_in_the_page_language_else_in_english() {
        let mut subscription = CatalogSubscription {
            id: "M365-E3".into(),
            name: "Microsoft 365 E3".into(),
            description: "Enterprise productivity and security".into(),
            min_licenses: 1,
            max_licenses: 10,
            translations: Translations::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        };
        subscription.translations.insert("nl", "Productiviteit en beveiliging voor ondernemingen");
        subscription.translations.insert("fr", " ");
        assert_eq!(subscription.description_in(Locale::Nl), "Productiviteit en beveiliging voor ondernemingen");
        assert_eq!(subscription.description_in(Locale::Fr), "Enterprise productivity and security", "a blank translation is none");
        assert_eq!(subscription.description_in(Locale::PtBr), "Enterprise productivity and security");
        assert_eq!(subscription.description_in(Locale::En), "Enterprise productivity and security");
        subscription.translations.insert("nl", "Nieuw");
        assert_eq!(subscription.translations.0.len(), 2, "inserting a language again replaces its text");
        assert_eq!(subscription.description_in(Locale::Nl), "Nieuw");
    }

    #[test]
    fn uk_is_accepted_for_great_britain() {
        assert_eq!(parse_country("UK"), Ok("GB".into()));
        assert_eq!(parse_country("gb"), Ok("GB".into()));
        assert_eq!(parse_country(" nl "), Ok("NL".into()));
        assert_eq!(parse_country("France"), Ok("FR".into()));
        assert_eq!(parse_country("XX"), Err(Problem::Country));
        assert_eq!(parse_country(""), Err(Problem::Required));
    }

    #[test]
    fn localized_and_iso_names_are_accepted() {
        assert_eq!(parse_country("Verenigd Koninkrijk"), Ok("GB".into()));
        assert_eq!(parse_country("royaume-uni"), Ok("GB".into()));
        assert_eq!(parse_country("Reino Unido"), Ok("GB".into()));
        assert_eq!(parse_country("Países Baixos"), Ok("NL".into()));
        assert_eq!(parse_country("paises baixos"), Ok("NL".into()));
        assert_eq!(parse_country("Brésil"), Ok("BR".into()));
        assert_eq!(parse_country("Bresil"), Ok("BR".into()));
        assert_eq!(parse_country("Brazilië"), Ok("BR".into()));
        assert_eq!(parse_country("Cote d'Ivoire"), Ok("CI".into()));
        assert_eq!(parse_country("Côte d’Ivoire"), Ok("CI".into()));
        assert_eq!(parse_country("United  States"), Ok("US".into()));
        // The ISO 3166-1 English names work too.
        assert_eq!(parse_country("Korea, Republic of"), Ok("KR".into()));
        assert_eq!(parse_country("Netherlands"), Ok("NL".into()));
    }

    #[test]
    fn names_follow_the_language() {
        assert_eq!(country_name("NL", Locale::En), "Netherlands");
        assert_eq!(country_name("NL", Locale::Nl), "Nederland");
        assert_eq!(country_name("NL", Locale::Fr), "Pays-Bas");
        assert_eq!(country_name("NL", Locale::PtBr), "Países Baixos");
        assert_eq!(country_name("GB", Locale::Fr), "Royaume-Uni");
        assert_eq!(country_name("XX", Locale::Fr), "XX");
    }

    #[test]
    fn every_country_in_every_language_parses_back_to_itself() {
        for locale in Locale::ALL {
            let list = all_countries(locale);
            assert_eq!(list.len(), COUNTRIES.len());
            for c in &list {
                assert_eq!(parse_country(&c.name), Ok(c.code.clone()), "{} in {locale:?}", c.name);
                assert_eq!(parse_country(&c.code), Ok(c.code.clone()));
                assert!(fold(&c.name).is_ascii(), "fold misses a letter of {}", c.name);
            }
        }
        for (alias, code) in ALIASES {
            assert_eq!(parse_country(alias).as_deref(), Ok(*code), "{alias}");
        }
    }

    #[test]
    fn countries_are_sorted_by_their_name_in_each_language() {
        let fr = all_countries(Locale::Fr);
        let names: Vec<&str> = fr.iter().map(|c| c.name.as_str()).collect();
        let at = |n: &str| names.iter().position(|x| *x == n).unwrap_or(usize::MAX);
        // Accents do not push a name to the end of the list.
        assert!(at("Égypte") < at("Équateur") && at("Équateur") < at("Espagne"));
        assert!(at("Espagne") < at("France"));
        let nl = all_countries(Locale::Nl);
        assert_eq!(nl.first().map(|c| c.code.as_str()), Some("AF"));
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0), "COUNTRIES sorted by code");
    }

    #[test]
    fn license_count_must_be_within_limits() {
        let s = CatalogSubscription {
            id: "X".into(),
            name: "X".into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 300,
            translations: Default::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        };
        let check = |typed: &str| s.check_license_count(&typed.into());
        assert_eq!(check("25"), Ok(25));
        assert_eq!(check("300"), Ok(300));
        let range = Err(Problem::LicenseRange { min: 1, max: 300 });
        assert_eq!(check("0"), range);
        assert_eq!(check("301"), range);
        assert_eq!(check("2.5"), range);
        assert_eq!(check("ten"), range);
        assert_eq!(check("99999999999999999999999"), range, "longer than any whole number: not read");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn countries_resolve_to_codes_that_resolve_to_themselves(typed in "\\PC{0,30}|[A-Za-z]{2}") {
            if let Ok(code) = parse_country(&typed) {
                prop_assert!(code.len() == 2 && code.bytes().all(|c| c.is_ascii_uppercase()));
                prop_assert_eq!(parse_country(&code), Ok(code.clone()));
                prop_assert_eq!(parse_country(&code.to_lowercase()), Ok(code.clone()));
            }
        }

        #[test]
        fn license_counts_are_whole_numbers_within_the_range(typed in "\\PC{0,12}|-?[0-9]{0,12}", min in 1i64..10, span in 0i64..500) {
            let subscription = CatalogSubscription { id: "X".into(), name: "X".into(), description: String::new(), min_licenses: min, max_licenses: min + span, translations: Default::default(), offerings: Vec::new(), product_id: String::new(), trial: false };
            if let Ok(count) = subscription.check_license_count(&typed.as_str().into()) {
                prop_assert!(i64::from(count) >= min && i64::from(count) <= min + span);
                prop_assert_eq!(typed.trim().parse::<i64>().ok(), Some(i64::from(count)));
            }
        }
    }
}

/// The most lines one order or offer may have: more than any catalog sells at once, few enough
/// that a request cannot make the server check (and the database store) thousands.
pub const MAX_LINES: usize = 100;

/// An order's or offer's lines checked against the subscriptions `catalog` sells: each line is a
/// subscription ID and its license count (typed or sent). At most [`MAX_LINES`], each subscription
/// once, each sold here, each count within its range. Problems go to `errors` under
/// `subscriptions` and `license_count.<id>`; the valid lines are returned. (Whether there is a
/// line at all is the caller's rule: the wizards say it on the `subscriptions` field.)
pub fn check_order_lines(lines: &[(String, WholeNumber)], catalog: &[CatalogSubscription], errors: &mut FieldErrors) -> Vec<(String, u32)> {
    if lines.len() > MAX_LINES {
        errors.add("subscriptions", Problem::TooMany { max: MAX_LINES });
        return Vec::new();
    }
    let mut valid: Vec<(String, u32)> = Vec::with_capacity(lines.len());
    let mut seen = std::collections::HashSet::with_capacity(lines.len());
    for (id, count) in lines {
        let field = format!("license_count.{id}");
        if !seen.insert(id.as_str()) {
            errors.add(field, Problem::DuplicateSubscription);
            continue;
        }
        match catalog.iter().find(|s| &s.id == id) {
            None => errors.add(field, Problem::SubscriptionNotAvailable),
            Some(subscription) => {
                if let Some(count) = errors.check(&field, subscription.check_license_count(count)) {
                    valid.push((id.clone(), count));
                }
            }
        }
    }
    valid
}
