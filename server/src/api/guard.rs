//! What every `/api/v1` request passes through: the API key (`Authorization: Bearer`), the
//! key's rate limit (counted in the database, so every server shares it), and, for POST, the
//! `Idempotency-Key` that makes a retry return the first response.

use super::problem::ApiError;
use app::auth::ssr::Caller;
use app::auth::CurrentUser;
use app::error::AppError;
use app::roles::Permission;
use app::state::AppState;
use app::store::Actor;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Who the request speaks for: the key's organisation, with the key's roles.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: CurrentUser,
    pub key_id: i64,
    pub ip: Option<String>,
    /// The permissions the handler checked (kept with an idempotent response, so that a
    /// replay goes only to a key that still holds them).
    checked: Arc<Mutex<Vec<Permission>>>,
}

impl Principal {
    pub fn new(user: CurrentUser, key_id: i64, ip: Option<String>) -> Principal {
        Principal { user, key_id, ip, checked: Arc::default() }
    }

    /// The permissions checked so far, as kept with an idempotent response.
    fn checked_permissions(&self) -> String {
        let checked = self.checked.lock().map(|c| c.clone()).unwrap_or_default();
        serde_json::to_string(&checked).unwrap_or_default()
    }
}

/// An API key asks for an operation as its organisation's user with the key's roles; the
/// audit log names the admin who created the key.
impl Caller for Principal {
    fn require(&self, permission: Permission) -> Result<&CurrentUser, AppError> {
        if let Ok(mut checked) = self.checked.lock() {
            if !checked.contains(&permission) {
                checked.push(permission);
            }
        }
        self.user.may(permission)?;
        Ok(&self.user)
    }

    fn actor(&self) -> Actor {
        app::developer::ssr::key_actor(&self.user, self.ip.clone())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Principal>().cloned().ok_or_else(ApiError::unauthenticated)
    }
}

pub const RATE_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
pub const RATE_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
pub const RATE_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Paths that need no key: the OpenAPI document and the reference page.
fn is_public(path: &str) -> bool {
    matches!(path, "/api/v1/openapi.json" | "/api/v1/docs" | "/openapi.json" | "/docs")
}

/// Authenticates the key and counts the request against its per-minute limit.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if is_public(request.uri().path()) {
        return next.run(request).await;
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|v| v.trim().to_string());
    let Some(presented) = presented else {
        return ApiError::unauthenticated().into_response();
    };
    let (user, record) = match app::developer::ssr::authenticate(&state.store, &presented).await {
        Ok(found) => found,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let now = app::store::now();
    let window = now - now.rem_euclid(60);
    let count = match state.store.count_api_request(record.id, window).await {
        Ok(count) => count,
        Err(e) => return ApiError::from(app::error::AppError::from(e)).into_response(),
    };
    let limit = record.rate_limit_per_minute.max(1);
    let reset = (window + 60 - now).max(1);
    let rate_headers = |response: &mut Response| {
        let headers = response.headers_mut();
        for (name, value) in [(RATE_LIMIT, limit), (RATE_REMAINING, (limit - count).max(0)), (RATE_RESET, reset)] {
            if let Ok(v) = HeaderValue::from_str(&value.to_string()) {
                headers.insert(name, v);
            }
        }
    };
    if count > limit {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests",
            format!("This API key may make {limit} requests a minute. Wait {reset} seconds (see Retry-After) and send the request again; spread bulk work over time or ask a Global admin for a second key."),
        );
        error.retry_after = Some(u64::try_from(reset).unwrap_or(60));
        let mut response = error.into_response();
        rate_headers(&mut response);
        return response;
    }
    if let Err(e) = state.store.touch_api_key(record.id, now).await {
        tracing::warn!(error = %e, "could not record the API key's use");
    }
    let ip = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    request.extensions_mut().insert(Principal::new(user, record.id, ip));
    let mut response = next.run(request).await;
    rate_headers(&mut response);
    response
}

/// A response body to keep for replays instead of the one sent (a response that carries a
/// secret shown once keeps a copy without it).
#[derive(Clone)]
pub struct ReplayBody(pub String);

/// `Idempotency-Key` on POST: the first response is kept for a day and returned again for a
/// retry with the same API key, Idempotency-Key and request; the same Idempotency-Key with
/// another request is refused. A replay is sent only to a key that still holds the permissions
/// the first request was checked for (roles taken away since then get 403, as a fresh request
/// would). A key whose request died (timed out, the client went away, the server stopped) is
/// free again after `IDEMPOTENCY_STALE_SECONDS`.
pub async fn idempotency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(&IDEMPOTENCY_KEY).map(|v| v.to_str().map(str::to_string)) else {
        return next.run(request).await;
    };
    let key = match key {
        Ok(k) if !k.trim().is_empty() && k.len() <= 255 => k.trim().to_string(),
        _ => return ApiError::invalid("Idempotency-Key", "idempotency_key", "Use 1 to 255 visible characters, for example a UUID.").into_response(),
    };
    let Some(principal) = request.extensions().get::<Principal>().cloned() else {
        return ApiError::unauthenticated().into_response();
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "Request too large", "Send at most 1 MiB.").into_response();
    };
    let hash = {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(parts.method.as_str().as_bytes());
        h.update(b" ");
        h.update(parts.uri.path().as_bytes());
        h.update(b"?");
        h.update(parts.uri.query().unwrap_or_default().as_bytes());
        h.update(b"\n");
        h.update(&bytes);
        app::developer::hex(&h.finalize())
    };
    let scope = principal.key_id;
    use app::store::api::IdempotencyState;
    match state.store.idempotency_begin(scope, &key, &hash, app::store::now()).await {
        Err(e) => return ApiError::from(app::error::AppError::from(e)).into_response(),
        Ok(IdempotencyState::Mismatch) => {
            return ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "Idempotency-Key used for another request",
                "This Idempotency-Key was sent before with a different method, path or body. Use a new key for a new request.",
            )
            .into_response()
        }
        Ok(IdempotencyState::InProgress) => {
            let mut error = ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_in_progress",
                "The first request with this key is still running",
                "Wait a moment and send the same request again: you will get its response.",
            );
            error.retry_after = Some(1);
            return error.into_response();
        }
        Ok(IdempotencyState::Done { status, body, permissions }) => {
            let permissions: Vec<Permission> = serde_json::from_str(&permissions).unwrap_or_default();
            if let Some(refused) = permissions.into_iter().find_map(|p| principal.user.may(p).err()) {
                return ApiError::from(refused).into_response();
            }
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let content_type = if status.is_success() { "application/json" } else { super::problem::PROBLEM_JSON };
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            response.headers_mut().insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
            return response;
        }
        Ok(IdempotencyState::New) => {}
    }
    let request = Request::from_parts(parts, Body::from(bytes));
    let response = next.run(request).await;
    let status = response.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        // Nothing was done (or we cannot tell): let a retry run again.
        if let Err(e) = state.store.idempotency_abandon(scope, &key).await {
            tracing::warn!(error = %e, "could not release an idempotency key");
        }
        return response;
    }
    let replay = response.extensions().get::<ReplayBody>().cloned();
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return ApiError::from(app::error::AppError::Internal).into_response();
    };
    let stored = match replay {
        Some(ReplayBody(text)) => text,
        None => String::from_utf8_lossy(&bytes).to_string(),
    };
    if let Err(e) = state.store.idempotency_finish(scope, &key, status.as_u16(), &stored, &principal.checked_permissions()).await {
        tracing::warn!(error = %e, "could not keep the response for its idempotency key");
    }
    Response::from_parts(parts, Body::from(bytes))
}
