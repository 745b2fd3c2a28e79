#![recursion_limit = "256"]
//! PartnerDesk: the Leptos app, compiled for the server (`ssr`) and into WebAssembly (`hydrate`).
//!
//! Domain types and validation live here once and run in both places.

pub mod account;
pub mod app;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod clients;
pub mod components;
pub mod countries;
pub mod customers;
pub mod developer;
pub mod error;
pub mod format;
pub mod i18n;
pub mod offers;
pub mod offices;
pub mod operator;
pub mod providers;
pub mod pwa;
pub mod resellers;
pub mod roles;
pub mod users;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod tokens;
