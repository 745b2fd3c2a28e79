//! The PartnerDesk server as a library, so integration tests run the very router the binary serves.

pub mod api;
pub mod app_shell;
pub mod audit_export;
pub mod calendar_feed;
pub mod config;
pub mod http_layers;
pub mod mail;
pub mod offer_logo;
pub mod offer_page_cache;
pub mod package_files;
pub mod price_list_upload;
pub mod renewals;
pub mod webhooks;
