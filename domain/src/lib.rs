//! PartnerDesk's domain: what the product's words mean and the rules they follow. It imports
//! nothing of the project and no Leptos, no database: the browser's islands, the client's
//! offer-page module, the server functions and the REST API all run this same code.

pub mod audit;
pub mod catalog;
pub mod countries;
pub mod customers;
pub mod deadlines;
pub mod delegated_admin;
pub mod developer;
pub mod email;
pub mod error;
pub mod format;
pub mod i18n;
pub mod incentives;
pub mod join;
pub mod mfa;
pub mod offers;
pub mod offices;
pub mod operator;
pub mod price_list;
pub mod pricing;
pub mod providers;
pub mod resellers;
pub mod roles;
pub mod subscriptions;
#[cfg(feature = "tokens")]
pub mod tokens;
pub mod users;
pub mod validate;
