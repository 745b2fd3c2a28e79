#![recursion_limit = "256"]
//! PartnerDesk: the Leptos app, compiled for the server (`ssr`) and into WebAssembly (`hydrate`):
//! the store, the services, the server functions and the pages, over the `domain` crate.

// The domain (crate `domain`), under the names the app has always used for it.
#[cfg(feature = "ssr")]
pub use domain::tokens;
pub use domain::{catalog, countries, deadlines, email, error, format, incentives, pricing, roles, subscriptions, validate};

pub mod account;
pub mod app;
pub mod audit;
pub mod auth;
pub mod clients;
pub mod components;
pub mod customers;
pub mod delegated_admin;
pub mod developer;
pub mod i18n;
pub mod join;
pub mod notifications;
pub mod offers;
pub mod offices;
pub mod operator;
pub mod price_lists;
pub mod providers;
pub mod pwa;
pub mod renewals;
pub mod resellers;
pub mod users;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
