//! PartnerDesk's integration tests, one binary: each module tests one part of the product against
//! a real server on SQLite and PostgreSQL (`on_both_databases!`), with the typed helpers of
//! `common`. One binary links once, where sixteen linked sixteen times.

#[macro_use]
mod common;

mod api;
mod audit;
mod client_offers;
mod config;
mod customers;
mod delegated_admin;
mod first_run;
mod foundation;
mod fuzz;
mod incentives;
mod join;
mod mail;
mod notifications;
mod offer_replies;
mod offers;
mod organisations;
mod partner_messages;
mod partnership_asks;
mod permissions;
mod price_lists;
mod providers;
mod pwa;
mod reliability;
mod renewals;
mod resellers;
mod resold_subscriptions;
mod scale;
mod security;
mod subscriptions;
mod trials;
mod two_step;
mod two_tier_offers;
mod users;
mod webhooks;
