//! The subscriptions each country sells, kept in memory for a minute. Creating an offer or a
//! customer checks every line against its country's catalog, and the catalog changes only when
//! one is loaded (`Store::put_catalog_subscription`, which empties this process's copy at once);
//! another server process sees such a change within [`CATALOG_CACHE_TTL`].

use domain::catalog::CatalogSubscription;
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a country's catalog is answered from memory.
pub const CATALOG_CACHE_TTL: Duration = Duration::from_secs(60);

#[derive(Default)]
pub struct CatalogCache {
    by_country: RwLock<HashMap<String, (Instant, Vec<CatalogSubscription>)>>,
}

impl CatalogCache {
    /// The country's catalog, when read less than [`CATALOG_CACHE_TTL`] ago.
    pub fn get(&self, country: &str) -> Option<Vec<CatalogSubscription>> {
        let kept = self.by_country.read().ok()?;
        let (read_at, catalog) = kept.get(country)?;
        (read_at.elapsed() < CATALOG_CACHE_TTL).then(|| catalog.clone())
    }

    /// Keeps what the database answered for `country`.
    pub fn put(&self, country: &str, catalog: &[CatalogSubscription]) {
        if let Ok(mut kept) = self.by_country.write() {
            kept.insert(country.to_string(), (Instant::now(), catalog.to_vec()));
        }
    }

    /// Forgets every country's catalog (one was written).
    pub fn clear(&self) {
        if let Ok(mut kept) = self.by_country.write() {
            kept.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscription(id: &str) -> CatalogSubscription {
        CatalogSubscription {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            min_licenses: 1,
            max_licenses: 300,
            translations: Default::default(),
            offerings: Vec::new(),
            product_id: String::new(),
            trial: false,
        }
    }

    #[test]
    fn a_country_is_answered_from_memory_until_a_catalog_is_written() {
        let cache = CatalogCache::default();
        assert!(cache.get("NL").is_none());
        cache.put("NL", &[subscription("A")]);
        assert_eq!(cache.get("NL").map(|c| c.len()), Some(1));
        assert!(cache.get("BE").is_none(), "each country on its own");
        cache.clear();
        assert!(cache.get("NL").is_none());
    }
}
