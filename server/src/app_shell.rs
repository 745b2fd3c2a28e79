//! The installable app's two files that are answered, not served from disk: the service
//! worker of this build and the web app manifest (`app::pwa::worker` makes them).

use app::pwa::worker::BuildInfo;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

/// `GET /sw.js`: the service worker, never cached by the browser's HTTP cache (so a new
/// release is found at the next visit), allowed to control the whole site.
pub fn service_worker(build: &BuildInfo) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::HeaderName::from_static("service-worker-allowed"), HeaderValue::from_static("/")),
        ],
        build.service_worker(),
    )
        .into_response()
}

/// `GET /manifest.webmanifest`: the manifest in the visitor's language (language cookie,
/// then `Accept-Language`), revalidated on every use.
pub fn manifest(headers: &HeaderMap) -> Response {
    let header = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let locale = app::i18n::locale_from_headers(header(header::COOKIE), header(header::ACCEPT_LANGUAGE));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/manifest+json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::VARY, HeaderValue::from_static("Cookie, Accept-Language")),
        ],
        app::pwa::worker::manifest(locale).to_string(),
    )
        .into_response()
}
