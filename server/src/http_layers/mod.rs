//! The HTTP side: the router (here), the middleware every request passes through
//! (`middleware`: sessions, limits, security headers, the origin check, static files), and
//! serving with a graceful shutdown (`serve`).

mod middleware;
mod serve;

pub use middleware::*;
pub use serve::*;

use crate::config::Cli;
use app::app::{shell, App};
use app::auth::ssr::Backend;
use app::developer::WebhookPolicy;
use app::pwa::worker::BuildInfo;
use app::state::AppState;
use app::store::SharedStore;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self as layer, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Reads the Leptos configuration: the file when present, else cargo-leptos's environment.
pub fn leptos_options(cli: &Cli) -> Result<LeptosOptions, String> {
    let path = cli.leptos_config.to_string_lossy().to_string();
    let conf = if cli.leptos_config.exists() { get_configuration(Some(&path)) } else { get_configuration(None) };
    conf.map(|c| c.leptos_options).map_err(|e| format!("cannot read the Leptos configuration {path}: {e}"))
}

/// Everything the server answers, with its layers. Tests serve exactly this.
/// `public_url` is the address people reach the site at (links in emails are built from it);
/// when it is `https://…` the session cookie is marked Secure (and behind a trusted load
/// balancer also when it forwarded an HTTPS request: see [`secure_cookies_behind_a_proxy`]).
pub fn router(leptos_options: LeptosOptions, store: SharedStore, public_url: Option<String>) -> Router {
    router_with_limits(leptos_options, store, public_url, PublicLimits::default())
}

/// Requests one client address may make a minute to each public endpoint (see
/// [`PUBLIC_ENDPOINTS`]), counted in the database so every server shares the count.
#[derive(Clone, Copy, Debug)]
pub struct PublicLimits {
    pub per_minute: i64,
    /// Take the client's address from the last `X-Forwarded-For` entry (the one the load
    /// balancer added) instead of the connection, which is the balancer's, and take
    /// `X-Forwarded-Proto: https` as a request that came over HTTPS (session cookie Secure).
    pub trust_forwarded_for: bool,
}

impl Default for PublicLimits {
    fn default() -> Self {
        PublicLimits { per_minute: 120, trust_forwarded_for: false }
    }
}

/// The public endpoints (no account needed, or the way to get one) and how many times the
/// per-minute limit each allows (the domain check runs as the client types).
pub const PUBLIC_ENDPOINTS: &[(&str, i64)] = &[
    ("/api/auth/sign-in", 1),
    ("/api/offer/accept", 1),
    ("/api/offer/domain", 5),
    // A client's question or decline (each also counts toward a daily cap per client and offer).
    ("/api/offer/reply", 1),
    ("/api/offer/reply-page", 5),
    ("/api/partnerships/accept", 1),
    ("/api/partnerships/register", 1),
    ("/api/partnerships/register/confirm", 1),
    ("/api/auth/forgot-password", 1),
    ("/api/auth/reset-password", 1),
    ("/api/auth/invitation", 1),
    ("/api/auth/accept-invitation", 1),
    ("/api/auth/first-run", 1),
    // Join PartnerDesk (each request also counts toward an hourly cap per address).
    ("/api/join/request", 1),
    ("/api/join/confirm", 1),
    // The offer page's data (its views are counted): a page load each, so as many as the domain check.
    ("/api/offer/view", 5),
    // A delegated admin request's approval link: the client's answer, and the request's data.
    ("/api/delegated-admin/answer", 1),
    ("/api/delegated-admin/approval", 5),
    // An offer's earlier version (read-only), as many as its page.
    ("/api/offer/earlier", 5),
];

/// Like [`router`], with the limits on the public endpoints given.
pub fn router_with_limits(leptos_options: LeptosOptions, store: SharedStore, public_url: Option<String>, limits: PublicLimits) -> Router {
    router_with_settings(leptos_options, store, ServerSettings { public_url, limits, ..ServerSettings::default() })
}

/// How a server runs, beyond its database and site.
#[derive(Clone, Debug, Default)]
pub struct ServerSettings {
    /// `PUBLIC_URL`: the address people reach the site at.
    pub public_url: Option<String>,
    /// The limits on the public endpoints.
    pub limits: PublicLimits,
    /// Whether webhook endpoints on private addresses may be saved (`--webhooks-allow-private`,
    /// tests and local development only).
    pub webhooks: WebhookPolicy,
    /// The development mailbox's folder (messages are written there, not sent).
    pub mailbox: Option<std::path::PathBuf>,
    /// The key two-step secrets are sealed with (a new one, when not given).
    pub secret_key: app::auth::mfa::service::SecretKey,
    /// The time the subscription rules run at (the system's, unless a test sets it).
    pub clock: app::state::Clock,
}

/// The whole site with these settings.
pub fn router_with_settings(leptos_options: LeptosOptions, store: SharedStore, settings: ServerSettings) -> Router {
    let ServerSettings { public_url, limits, webhooks, mailbox, secret_key, clock } = settings;
    let secure_cookies = public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let public_url = public_url.map(|u| u.trim_end_matches('/').to_string());
    let state = AppState { leptos_options: leptos_options.clone(), store: store.clone(), public_url, webhooks, mailbox, secret_key, clock };
    let routes = app_routes();

    let session_layer = SessionManagerLayer::new(store.session_store())
        .with_name(SESSION_COOKIE)
        .with_secure(secure_cookies)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(SESSION_IDLE_SECONDS)));
    let auth_layer = AuthManagerLayerBuilder::new(Backend { store: store.clone() }, session_layer).build();

    let pkg_dir = format!("{}/{}", leptos_options.site_root, leptos_options.site_pkg_dir);
    // The installable app: this build's id, its service worker and the manifest.
    let build = std::sync::Arc::new(BuildInfo::scan(&leptos_options.site_root, &leptos_options.site_pkg_dir));
    let package_files = crate::package_files::PackageFiles::scan(std::path::Path::new(&pkg_dir), &build.id);
    tracing::info!(build = %build.id, files = build.files.len(), "build id");
    let build_context = {
        let id = build.build_id();
        move || provide_context(id.clone())
    };
    let build_header = HeaderValue::from_str(&build.id).unwrap_or(HeaderValue::from_static("unknown"));

    Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/sw.js",
            get({
                let build = build.clone();
                move || std::future::ready(crate::app_shell::service_worker(&build))
            }),
        )
        .route("/manifest.webmanifest", get(|headers: HeaderMap| std::future::ready(crate::app_shell::manifest(&headers))))
        .route("/offers/{summary}/logo", axum::routing::post(crate::offer_logo::upload))
        .route("/offer-logo/{token}", get(crate::offer_logo::image))
        .route("/settings/audit-log.csv", get(crate::audit_export::export))
        .route("/calendar/{file}", get(crate::calendar_feed::feed))
        .route(
            app::price_lists::UPLOAD_PATH,
            axum::routing::post(crate::price_list_upload::upload).layer(DefaultBodyLimit::max(app::price_lists::MAX_FILE_BYTES + 64 * 1024)),
        )
        // The REST API, before the server functions (which live at /api/<endpoint>, none under v1/).
        .nest("/api/v1", crate::api::router(state.clone()))
        .nest_service(
            "/pkg",
            Router::new()
                .fallback(move |request: Request| {
                    let files = package_files.clone();
                    async move { files.serve(request).await }
                })
                .layer(layer::from_fn({
                    let prefix: std::sync::Arc<str> = format!("/{}/", build.id).into();
                    move |request: Request, next: Next| package_file(prefix.clone(), request, next)
                })),
        )
        .leptos_routes_with_context(&state, routes, build_context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(build_context, shell))
        .layer(layer::from_fn_with_state(store.clone(), session_rules))
        .layer(auth_layer)
        .layer(layer::from_fn_with_state(limits, secure_cookies_behind_a_proxy))
        // Anonymous visits of a client's offer page are served from a page kept for a few seconds.
        .layer(layer::from_fn_with_state(crate::offer_page_cache::OfferPageCache::new(store.clone()), crate::offer_page_cache::offer_page_cache))
        .layer(layer::from_fn(undecodable_requests_are_client_errors))
        .layer(layer::from_fn(client_errors_say_why))
        .layer(layer::from_fn_with_state((state.store.clone(), limits), public_rate_limits))
        .layer(layer::from_fn_with_state(limits, client_address_extension))
        .layer(layer::from_fn(refuse_cross_origin_writes))
        .layer(layer::from_fn_with_state(state.clone(), security_headers))
        .layer(SetResponseHeaderLayer::overriding(header::HeaderName::from_static("x-partnerdesk-build"), build_header))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(layer::from_fn(oversized_bodies_are_read_then_refused))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        // Pages and JSON go out compressed when the browser asks for it (brotli or gzip).
        // Package files of a release build arrive precompressed (`.br`, `.gz` beside them) and
        // pass through untouched.
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The app's page routes, listed once per process.
///
/// Leptos lists them by rendering the app with resource loading switched off, and that switch
/// is one flag for the whole process (`leptos::server::SuppressResourceLoad`). A page that
/// another router of this process renders meanwhile creates its resources while the flag is on:
/// they never load, and the request waits until the timeout answers 408. The routes never
/// change, so they are listed by the first router, before any router of this process serves,
/// and every later router (tests start one per server) reuses the list.
fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_page_of_the_router_has_its_islands_build() {
        let routes = app_routes();
        assert!(routes.len() > 20, "the router's pages are listed");
        for route in routes {
            // One example address of the route: any value for each parameter.
            let example = route
                .path()
                .split('/')
                .map(|segment| if segment.starts_with(':') || segment.starts_with('{') { "7" } else { segment })
                .collect::<Vec<_>>()
                .join("/");
            let example = if example.is_empty() { "/".to_string() } else { example };
            assert!(
                app::offers::client::page::is_client_page(&example)
                    || app::app::ISLAND_PAGES.iter().any(|(r, _)| app::app::route_matches(r, &example)),
                "{} has its build in ISLAND_PAGES",
                route.path()
            );
        }
    }
}
