//! The staff's pages, which the server renders whole (see `app::app::PageCode::Islands`), load
//! this module: `app`'s islands (each `#[island]` component's hydration function, exported by
//! `app` for the build's feature) and the entry point that hydrates them.
#[cfg(target_arch = "wasm32")]
pub use app;

/// The entry point: the page stays as the server sent it and only its islands hydrate (Leptos's
/// island script calls them after this). The page is then marked hydrated (`<body
/// data-hydrated>`; end-to-end tests wait for it).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that answers with a redirect (a page the change leads to) opens that
    // page: there is no router to navigate with.
    let _ = leptos::server_fn::redirect::set_redirect_hook(app::pwa::open_page);
    // What was typed before the islands hydrated is put back into them once they have.
    let typed = app::components::EarlyInput::take();
    leptos::mount::hydrate_islands();
    leptos::prelude::set_timeout(
        move || {
            typed.replay();
            app::app::mark_hydrated();
        },
        std::time::Duration::ZERO,
    );
}
