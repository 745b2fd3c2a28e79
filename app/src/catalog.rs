//! The subscription catalog and the countries and regions it is sold in.

use crate::error::Problem;
use serde::{Deserialize, Serialize};

/// A product that can be offered, with the license counts it may be bought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CatalogSubscription {
    /// Stable product id (a SKU), e.g. `M365-BUSINESS-BASIC`.
    pub id: String,
    pub name: String,
    pub description: String,
    pub min_licenses: i64,
    pub max_licenses: i64,
}

impl CatalogSubscription {
    /// Checks a typed license count against this subscription's limits.
    pub fn check_license_count(&self, typed: &str) -> Result<u32, Problem> {
        let range = Problem::LicenseRange {
            min: self.min_licenses as u32,
            max: self.max_licenses as u32,
        };
        let count: i64 = typed.trim().parse().map_err(|_| range.clone())?;
        if count < self.min_licenses || count > self.max_licenses {
            return Err(range);
        }
        Ok(count as u32)
    }
}

/// A subscription with every country it is sold in: the whole catalog travels with a wizard's
/// page, so the wizard can still offer the right subscriptions offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub subscription: CatalogSubscription,
    pub countries: Vec<String>,
}

/// The subscriptions of `entries` sold in `country` (an ISO code), in catalog order: the same
/// answer the server gives for that country, worked out on the device.
pub fn available_in(entries: &[CatalogEntry], country: &str) -> Vec<CatalogSubscription> {
    entries
        .iter()
        .filter(|e| e.countries.iter().any(|c| c == country))
        .map(|e| e.subscription.clone())
        .collect()
}

/// A country or region by its ISO 3166-1 alpha-2 code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub code: String,
    pub name: String,
}

/// Every country and region, sorted by name.
pub fn all_countries() -> Vec<Country> {
    let mut countries: Vec<Country> = isocountry::CountryCode::iter()
        .map(|c| Country { code: c.alpha2().to_string(), name: c.name().to_string() })
        .collect();
    countries.sort_by(|a, b| a.name.cmp(&b.name));
    countries
}

/// Accepts an ISO alpha-2 code (any case), the alias "UK" for GB, or an exact country name,
/// and returns the canonical alpha-2 code.
pub fn parse_country(typed: &str) -> Result<String, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    let upper = typed.to_ascii_uppercase();
    let code = if upper == "UK" { "GB".to_string() } else { upper };
    if let Ok(country) = isocountry::CountryCode::for_alpha2(&code) {
        return Ok(country.alpha2().to_string());
    }
    isocountry::CountryCode::iter()
        .find(|c| c.name().eq_ignore_ascii_case(typed))
        .map(|c| c.alpha2().to_string())
        .ok_or(Problem::Country)
}

/// The name of a country by its alpha-2 code (the code itself when unknown).
pub fn country_name(code: &str) -> String {
    isocountry::CountryCode::for_alpha2(code)
        .map(|c| c.name().to_string())
        .unwrap_or_else(|_| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_on_the_device_answers_per_country() {
        let sub = |id: &str| CatalogSubscription { id: id.into(), name: id.into(), description: String::new(), min_licenses: 1, max_licenses: 5 };
        let entries = vec![
            CatalogEntry { subscription: sub("A"), countries: vec!["NL".into(), "GB".into()] },
            CatalogEntry { subscription: sub("B"), countries: vec!["GB".into()] },
        ];
        let ids = |c: &str| available_in(&entries, c).into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids("GB"), vec!["A", "B"]);
        assert_eq!(ids("NL"), vec!["A"]);
        assert!(ids("US").is_empty());
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
    fn license_count_must_be_within_limits() {
        let s = CatalogSubscription {
            id: "X".into(),
            name: "X".into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 300,
        };
        assert_eq!(s.check_license_count("25"), Ok(25));
        assert_eq!(s.check_license_count("300"), Ok(300));
        let range = Err(Problem::LicenseRange { min: 1, max: 300 });
        assert_eq!(s.check_license_count("0"), range);
        assert_eq!(s.check_license_count("301"), range);
        assert_eq!(s.check_license_count("2.5"), range);
        assert_eq!(s.check_license_count("ten"), range);
    }
}
