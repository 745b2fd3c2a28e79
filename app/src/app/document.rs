//! The HTML document of every page, rendered on the server: its head loads the page's code
//! (see [`PageCode`]) under the build's package folder, with the page's security policy.

use super::builds::{IslandsBuild, PageCode};
use super::routes::App;
use super::{initial_locale, page_policy};
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The whole HTML document, rendered on the server.
pub fn shell(mut options: LeptosOptions) -> impl IntoView {
    let locale = initial_locale();
    // The build's files are addressed under /pkg/<build id>/, so a page and the WebAssembly,
    // JavaScript and CSS it loads always come from the same build (the service worker keeps
    // them together; see crate::pwa).
    if let Some(crate::pwa::BuildId(build)) = use_context::<crate::pwa::BuildId>() {
        options.site_pkg_dir = format!("{}/{build}", options.site_pkg_dir).into();
    }
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    let code =
        use_context::<http::request::Parts>().map(|parts| PageCode::for_path(parts.uri.path())).unwrap_or(PageCode::Islands(IslandsBuild::Pages));
    // Only the server renders the document.
    #[cfg(not(feature = "ssr"))]
    let code = PageCode::Islands(IslandsBuild::Pages);
    let pkg = options.site_pkg_dir.to_string();
    // Scripts run only from this site or with this response's nonce (the hydration scripts
    // carry it); the HTTP layer adds the framing rules to this policy.
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce, cfg!(debug_assertions))) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f4c81" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="stylesheet" id="leptos" href=stylesheet />
                <AutoReload options=options.clone() />
                {match code {
                    PageCode::OfferForm => view! { <OfferFormScripts pkg /> }.into_any(),
                    PageCode::Islands(build) => {
                        // The page's texts first: the islands build has no catalog (deferred
                        // scripts run in order, before the module that hydrates the islands).
                        let texts = format!("/{pkg}/{}", crate::i18n::page_texts_file(locale));
                        let mut options = options;
                        options.output_name = build.module_name().into();
                        view! {
                            <script src=texts defer nonce=leptos::nonce::use_nonce()></script>
                            <HydrationScripts options islands=true />
                        }.into_any()
                    }
                }}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Loads the `offer-form` module (built by `scripts/build-site.sh` beside the app's files) and
/// starts it; the preload fetches its WebAssembly while the page is still being parsed.
#[component]
fn OfferFormScripts(pkg: String) -> impl IntoView {
    let name = crate::offers::client::page::MODULE_NAME;
    let js = format!("/{pkg}/{name}.js");
    let wasm = format!("/{pkg}/{name}_bg.wasm");
    let start = format!("import init from {js:?}; init({{ module_or_path: {wasm:?} }});");
    view! {
        <link rel="modulepreload" href=js />
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script type="module" nonce=leptos::nonce::use_nonce()>{start}</script>
    }
}
