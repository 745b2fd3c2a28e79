//! The app shell: the HTML document, the header with the Partner Center menu, the routes, and
//! which code each page loads. Every page is rendered whole by the server; in the browser only
//! its islands hydrate (see [`builds`]).

pub mod builds;
#[cfg(feature = "ssr")]
mod document;
#[cfg(feature = "ssr")]
mod header;
#[cfg(feature = "ssr")]
mod routes;

pub use builds::{route_matches, IslandsBuild, PageCode, ISLAND_PAGES, SITE_MODULE};
#[cfg(feature = "ssr")]
pub use document::shell;
#[cfg(feature = "ssr")]
pub use routes::App;

use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key, Locale};
use leptos::prelude::*;

/// Marks the page as hydrated (`<body data-hydrated>`): its controls answer now. End-to-end
/// tests wait for it.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "");
    }
}

/// The Content-Security-Policy of a page: everything from this site, scripts only with the
/// nonce (or from this site), WebAssembly allowed to compile. In development builds the
/// live-reload websocket may connect too.
pub fn page_policy(nonce: &str, development: bool) -> String {
    let reload = if development { " ws://127.0.0.1:* ws://localhost:*" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{reload}; worker-src 'self'; manifest-src 'self'"
    )
}

/// The language of this page load: on the server from the request, in the browser from the
/// `<html lang>` the server rendered (so hydration never flashes another language).
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                let header = |name: http::header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
                crate::i18n::locale_from_query(parts.uri.query())
                    .unwrap_or_else(|| crate::i18n::locale_from_headers(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE)))
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
}

#[server(endpoint = "language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    let locale = Locale::from_tag(&lang).unwrap_or_default();
    // A signed-in user's messages follow the language they choose.
    if let Ok(Some(user)) = crate::auth::ssr::current_user().await {
        if let Ok(store) = crate::auth::ssr::store() {
            if let Err(e) = store.set_user_locale(user.id, locale.tag()).await {
                tracing::warn!(error = %e, "could not keep the user's language");
            }
        }
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::LANGUAGE_COOKIE, locale.tag());
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
    Ok(())
}

/// The header's language switch.
// An island (see crate::pwa::BannersIsland).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn LanguageSwitcherIsland() -> impl IntoView {
    view! { <LanguageSwitcher reload=true /> }
}

/// Choose the language; remembered in a cookie. Works without JavaScript too. With `reload`
/// (a page that hydrates only its islands), the page loads again in the new language once the
/// cookie is set.
#[component]
pub fn LanguageSwitcher(#[prop(optional)] reload: bool) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLanguage>::new();
    let input = action.input();
    let value = action.value();
    Effect::new(move |_| {
        if reload && matches!(value.get(), Some(Ok(()))) {
            crate::pwa::reload_page();
        }
    });
    // Switch at once in the browser; the cookie makes the server agree on the next load.
    Effect::new(move |_| {
        if let Some(SetLanguage { lang }) = input.get() {
            if let Some(l) = Locale::from_tag(&lang) {
                locale.set(l);
                #[cfg(feature = "hydrate")]
                if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                    let _ = root.set_attribute("lang", l.tag());
                }
            }
        }
    });
    view! {
        <ActionForm action=action attr:class="language">
            <label class="visually-hidden" for="language-select">{tr(Key::Language)}</label>
            <select id="language-select" name="lang"
                on:change=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(form) = event_target::<web_sys::HtmlElement>(&ev)
                        .closest("form").ok().flatten()
                        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
                    {
                        let _ = form.request_submit();
                    }
                }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || locale.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <noscript><button type="submit" class="link">{tr(Key::Language)}</button></noscript>
        </ActionForm>
    }
}
