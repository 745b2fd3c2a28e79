//! What every request passes through: session rules, client addresses, body limits, the
//! public rate limits, package files, the origin check and the security headers.

use super::*;

/// A session ends after this long without a page or server function request (rolling: see
/// [`session_rules`]).
pub const SESSION_IDLE_SECONDS: i64 = 12 * 60 * 60;
/// A signed-in session's expiry moves on at most this often (one database write), so working
/// users stay signed in without a write per request.
pub(crate) const SESSION_TOUCH_SECONDS: i64 = 60;
/// The session key holding when the session's expiry last moved on.
pub(crate) const SESSION_TOUCHED_KEY: &str = "partnerdesk.touched";

/// Requests that are not pages or server functions: the site's files and the machinery.
/// They neither move a session's expiry on nor wait for a password change.
pub(crate) fn is_site_file(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || path.starts_with("/api/v1/")
        || matches!(path, "/sw.js" | "/manifest.webmanifest" | "/healthz" | "/favicon.svg" | "/favicon.ico" | "/robots.txt")
}

/// The server functions a user whose password an admin set may call before changing it.
/// (Signing in again, as someone else, is allowed too.)
pub(crate) const ALLOWED_BEFORE_PASSWORD_CHANGE: &[&str] =
    &["/api/auth/change-password", "/api/auth/sign-out", "/api/auth/sign-in", "/api/auth/me", "/api/language"];

/// The rules for signed-in sessions, for every page and server function (not the site's files):
/// - rolling expiry: the session's expiry moves on (at most once a [`SESSION_TOUCH_SECONDS`]),
///   so a user who keeps working is never signed out [`SESSION_IDLE_SECONDS`] after signing in;
/// - an admin-set password must be changed first: every page redirects (303) to Settings > My
///   account and every server function but [`ALLOWED_BEFORE_PASSWORD_CHANGE`] is refused (403,
///   `PasswordChangeRequired`). `auth::ssr::require` refuses the same, as a second line;
/// - two-step verification the organisation requires must be set up first: every page but
///   Settings > My account and the setup's own pages redirects there (the server functions
///   answer `TwoStepSetupRequired`: `auth::ssr::current_user`).
pub(crate) async fn session_rules(State(store): State<SharedStore>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    if is_site_file(&path) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<app::auth::ssr::AuthSession>().cloned() else {
        return next.run(request).await;
    };
    let Some(user) = &session.user else { return next.run(request).await };
    let now = app::store::now();
    match session.session.get::<i64>(SESSION_TOUCHED_KEY).await {
        Ok(touched) if now - touched.unwrap_or(0) < SESSION_TOUCH_SECONDS => {}
        // Writing the key marks the session changed: it is saved with a new expiry.
        _ => {
            if let Err(e) = session.session.insert(SESSION_TOUCHED_KEY, now).await {
                tracing::warn!(error = %e, "could not move the session's expiry on");
            }
        }
    }
    if user.record.must_change_password {
        if path.starts_with("/api/") {
            if !ALLOWED_BEFORE_PASSWORD_CHANGE.contains(&path.as_str()) {
                let error = app::error::AppError::PasswordChangeRequired;
                if app::offers::client::ssr::wants_html(request.headers()) {
                    return Redirect::to(app::auth::ACCOUNT_PATH).into_response();
                }
                return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], serde_json::to_string(&error).unwrap_or_default())
                    .into_response();
            }
        } else if path != app::auth::ACCOUNT_PATH {
            return Redirect::to(app::auth::ACCOUNT_PATH).into_response();
        }
    }
    if user.record.mfa_enabled_at.is_none() && !path.starts_with("/api/") && !TWO_STEP_SETUP_PAGES.contains(&path.as_str()) {
        // Only users without two-step verification pay this read, on pages only.
        match store.organisation(user.record.organisation_id).await {
            Ok(Some(organisation)) if organisation.require_mfa => return Redirect::to(app::auth::ACCOUNT_PATH).into_response(),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not read whether the organisation requires two-step verification"),
        }
    }
    next.run(request).await
}

/// The pages a user whose organisation requires two-step verification opens before setting it
/// up: Settings > My account (where it starts), the setup and the recovery codes it shows.
const TWO_STEP_SETUP_PAGES: &[&str] = &[app::auth::ACCOUNT_PATH, app::auth::mfa::SETUP_PATH, app::auth::mfa::RECOVERY_CODES_PATH];

/// Puts the client's address ([`client_address`]) into the request for the server functions
/// (`auth::ssr::client_ip`: sign-in throttling, the audit log).
pub(crate) async fn client_address_extension(State(limits): State<PublicLimits>, mut request: Request, next: Next) -> Response {
    let address = client_address(&request, limits.trust_forwarded_for);
    request.extensions_mut().insert(app::auth::ssr::ClientAddress(address));
    next.run(request).await
}

/// Behind a trusted load balancer (`--trust-forwarded-for`) that terminates TLS, a request it
/// forwarded with `X-Forwarded-Proto: https` came over HTTPS: the session cookie set in the
/// answer is marked Secure, as with `PUBLIC_URL=https://…`. Without the flag the header is
/// ignored (a client could send it).
pub(crate) async fn secure_cookies_behind_a_proxy(State(limits): State<PublicLimits>, request: Request, next: Next) -> Response {
    let https = limits.trust_forwarded_for
        && request
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|proto| proto.rsplit(',').next().is_some_and(|last| last.trim().eq_ignore_ascii_case("https")));
    let mut response = next.run(request).await;
    if !https {
        return response;
    }
    let cookies: Vec<HeaderValue> = response.headers().get_all(header::SET_COOKIE).iter().cloned().collect();
    if cookies.is_empty() {
        return response;
    }
    let headers = response.headers_mut();
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let secured = cookie
            .to_str()
            .ok()
            .filter(|c| c.starts_with(&format!("{SESSION_COOKIE}=")) && !c.split(';').any(|a| a.trim().eq_ignore_ascii_case("secure")))
            .and_then(|c| HeaderValue::from_str(&format!("{c}; Secure")).ok());
        headers.append(header::SET_COOKIE, secured.unwrap_or(cookie));
    }
    response
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "partnerdesk_session";

/// The largest request body any endpoint reads.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// An oversized body up to this size is read (and dropped) before it is refused.
pub(crate) const READ_BEFORE_REFUSING: u64 = 16 * 1024 * 1024;

/// The largest body of a price list upload: the file and its form's few fields.
fn price_list_upload_limit() -> u64 {
    (app::price_lists::MAX_FILE_BYTES + 64 * 1024) as u64
}

/// Refuses a request whose declared body is past [`BODY_LIMIT`] with 413, after reading what
/// the sender is still sending. Answering without reading it would close the connection with
/// unread data, which resets it: the sender would see a cut connection instead of the answer
/// (a browser shows its own network error page). Bodies past [`READ_BEFORE_REFUSING`] are
/// refused at once; a body without a declared length is limited where it is read.
pub(crate) async fn oversized_bodies_are_read_then_refused(request: Request, next: Next) -> Response {
    use http_body_util::BodyExt;
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    // The operator's price list upload takes files up to the price list's own limit (its
    // handler reads nothing before it knows the operator).
    let limit = if request.uri().path() == app::price_lists::UPLOAD_PATH { price_list_upload_limit() } else { BODY_LIMIT as u64 };
    let Some(declared) = declared.filter(|length| *length > limit) else {
        return next.run(request).await;
    };
    let api = request.uri().path().starts_with("/api/v1/");
    let locale = request_locale(request.headers());
    if declared <= READ_BEFORE_REFUSING {
        let mut body = request.into_body();
        let read = async {
            while let Some(frame) = body.frame().await {
                if frame.is_err() {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(10), read).await;
    }
    let mut response = if api {
        crate::api::problem::ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "Request too large", "Send at most 1 MiB.").into_response()
    } else {
        let text = locale.t(app::i18n::Key::ErrRequestTooLarge).to_string();
        (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
    };
    if declared > READ_BEFORE_REFUSING {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The visitor's language, from the language cookie or `Accept-Language`.
pub(crate) fn request_locale(headers: &HeaderMap) -> app::i18n::Locale {
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    app::i18n::locale_from_headers(cookie, accept)
}

/// A refusal without a body (an unknown method, a download that needs a session) gets a
/// sentence in the visitor's language, so no 4xx is a blank page.
pub(crate) async fn client_errors_say_why(request: Request, next: Next) -> Response {
    use app::i18n::Key;
    use axum::body::HttpBody;
    let locale = request_locale(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if !status.is_client_error() || response.body().size_hint().exact() != Some(0) {
        return response;
    }
    let key = match status {
        StatusCode::UNAUTHORIZED => Key::NotSignedIn,
        StatusCode::NOT_FOUND => Key::ErrNotFound,
        _ => Key::ErrRequestRejected,
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(locale.t(key).to_string()))
}

/// Counts requests to the public endpoints per client address and minute in the database
/// (shared by every server); past the limit the answer is 429 with `Retry-After` and the
/// error value the pages show in the visitor's language.
pub(crate) async fn public_rate_limits(State((store, limits)): State<(SharedStore, PublicLimits)>, request: Request, next: Next) -> Response {
    let Some((bucket, factor)) = PUBLIC_ENDPOINTS.iter().find(|(path, _)| request.uri().path() == *path) else {
        return next.run(request).await;
    };
    let address = client_address(&request, limits.trust_forwarded_for);
    let now = app::store::now();
    let window = now - now.rem_euclid(60);
    let count = match store.count_public_request(bucket, &address, window).await {
        Ok(count) => count,
        Err(e) => {
            // Counting is a safeguard: a database hiccup must not lock everyone out.
            tracing::warn!(error = %e, "could not count a public request");
            0
        }
    };
    if count > limits.per_minute.max(1) * factor {
        let seconds = u32::try_from((window + 60 - now).max(1)).unwrap_or(60);
        tracing::warn!(%address, path = %bucket, "rate limited");
        let error = app::error::AppError::RateLimited { seconds };
        // A browser without JavaScript posted a form: it shows what it gets, so it gets a page.
        let (content_type, body) = if app::offers::client::ssr::wants_html(request.headers()) {
            let locale = request_locale(request.headers());
            ("text/html; charset=utf-8", rate_limited_page(locale, &error.message(locale), request.headers()))
        } else {
            ("application/json", serde_json::to_string(&error).unwrap_or_default())
        };
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, seconds.to_string()), (header::CONTENT_TYPE, content_type.to_string())], body)
            .into_response();
    }
    next.run(request).await
}

/// The page a browser without JavaScript gets when a public form was posted too often: the
/// reason in the visitor's language and a way back to the form (the page it came from, when that
/// is a page of this site).
pub(crate) fn rate_limited_page(locale: app::i18n::Locale, message: &str, headers: &HeaderMap) -> String {
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| {
            let host = headers.get(header::HOST)?.to_str().ok()?;
            let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"))?;
            Some(app::auth::safe_next(rest.strip_prefix(host)))
        })
        .unwrap_or_else(|| "/".to_string());
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>PartnerDesk</title></head>\
         <body><main><h1>PartnerDesk</h1><p role=\"alert\">{message}</p><p><a href=\"{back}\">{label}</a></p></main></body></html>",
        lang = locale.tag(),
        message = escape_html(message),
        back = escape_html(&back),
        label = escape_html(locale.t(app::i18n::Key::Back)),
    )
}

pub(crate) use app::format::escape_html;

/// Who the public limits count: the connection's address, or behind a trusted load balancer
/// the last `X-Forwarded-For` entry, as [`app::clients::rate_subject`] groups it (an IPv6
/// client's whole /64 is one client).
pub(crate) fn client_address(request: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| request.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    match forwarded {
        Some(address) => app::clients::rate_subject_of(address),
        None => request
            .extensions()
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| app::clients::rate_subject(c.0.ip()))
            .unwrap_or_else(|| "unknown".to_string()),
    }
}

/// `/pkg/<build id>/file` is this build's `/pkg/file` (pages name their build's files so a
/// cached page never loads another build's; see app::pwa). Other builds' paths stay unknown.
/// The build id is a hash of every package file, so a file under it never changes: browsers
/// and proxies may keep it for a year without asking again. The plain `/pkg/file` changes
/// with each release and is revalidated after five minutes.
pub(crate) async fn package_file(prefix: std::sync::Arc<str>, request: Request, next: Next) -> Response {
    let (request, content_hashed) = without_build_segment(request, &prefix);
    let mut response = next.run(request).await;
    let cache_control =
        if content_hashed && response.status().is_success() { "public, max-age=31536000, immutable" } else { "public, max-age=300, must-revalidate" };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    // The same URL is sent as brotli, gzip or plain (precompressed copies): caches must key
    // on what the browser accepts.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The request for `/file` when it asked for `/<build id>/file`, and whether it did.
pub(crate) fn without_build_segment(mut request: Request, prefix: &str) -> (Request, bool) {
    let Some(rest) = request.uri().path().strip_prefix(prefix) else {
        return (request, false);
    };
    let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    match format!("/{rest}{query}").parse() {
        Ok(uri) => {
            *request.uri_mut() = uri;
            (request, true)
        }
        Err(_) => (request, false),
    }
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub(crate) async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// A server function whose arguments could not be decoded answers 400, not 500: the request
/// was wrong, not the server. (The framework reports decode errors as server errors; the
/// body, `{"Request": "…"}`, is PartnerDesk's own error value for them.)
pub(crate) async fn undecodable_requests_are_client_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "server error").into_response();
    };
    if bytes.starts_with(b"{\"Request\"") {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Refuses state-changing requests that a browser says come from another site, so a page
/// elsewhere cannot submit forms with a signed-in user's cookie.
pub(crate) async fn refuse_cross_origin_writes(request: Request, next: Next) -> Response {
    if is_cross_origin_write(&request) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-origin write");
        return (StatusCode::FORBIDDEN, "Cross-origin requests may not change data.").into_response();
    }
    next.run(request).await
}

pub(crate) fn is_cross_origin_write(request: &Request) -> bool {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    // The REST API ignores cookies (only `Authorization: Bearer` counts), so a page elsewhere
    // gains nothing by calling it; tools that send an Origin header must not be refused.
    if request.uri().path().starts_with("/api/v1/") {
        return false;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "cross-site" || site == "same-site";
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST).and_then(|v| v.to_str().ok())) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        _ => false,
    }
}

/// Headers every response carries. No page may be framed, except the embeddable offer pages,
/// which the advisor's listed websites may frame (`frame-ancestors`), and no other site.
pub(crate) async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let embed_code = request.uri().path().strip_prefix("/embed/offer/").and_then(|rest| rest.split('/').next()).map(str::to_string);
    let mut response = next.run(request).await;
    let frame_ancestors = match embed_code {
        Some(code) => match state.store.embed_origins(&code).await {
            Ok(origins) => Some(app::offers::embedding::frame_ancestors(&origins)),
            Err(e) => {
                tracing::warn!(error = %e, "could not read embed origins");
                None
            }
        },
        None => None,
    };
    let hsts = state.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let headers = response.headers_mut();
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("strict-origin-when-cross-origin"));
    if hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    // The page's own policy (scripts, with its nonce), then the framing rules for every response.
    let page_policy = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(|p| format!("{p}; ")).unwrap_or_default();
    let framing = match &frame_ancestors {
        Some(directive) => directive.as_str(),
        None => {
            headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
            "frame-ancestors 'none'"
        }
    };
    let policy = format!("{page_policy}{framing}; base-uri 'self'; form-action 'self'; object-src 'none'");
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}
