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

/// The WebAssembly entry point of the staff's app: hydrates the whole server-rendered page.
#[cfg(all(feature = "hydrate", not(feature = "islands-only")))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

/// The entry point of the islands build (`staff-islands`): the page stays as the server sent
/// it and only its islands hydrate (Leptos's island script calls them after this). The page
/// is marked hydrated once they have, as the staff's app marks its pages.
#[cfg(feature = "islands-only")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that answers with a redirect (a page the change leads to) opens that
    // page: there is no router to navigate with.
    let _ = leptos::server_fn::redirect::set_redirect_hook(crate::pwa::open_page);
    leptos::mount::hydrate_islands();
    leptos::prelude::set_timeout(app::mark_hydrated, std::time::Duration::ZERO);
}
