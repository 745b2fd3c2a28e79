//! The staff's pages that the server renders whole (see `app::app::PageCode::Islands`) load this
//! module instead of the whole app. Everything it exports comes from `app`: its islands (each
//! `#[island]` component's hydration function) and the entry point that hydrates them.
#[cfg(target_arch = "wasm32")]
pub use app;
