//! The `/api/v1` operations. Each is thin: turn the request into the domain's input, call the
//! service function the pages' server functions call too (it decides the permission and
//! applies the rules), and turn the result into the public types.

use super::guard::{Principal, ReplayBody};
use super::problem::{ApiError, Problem};
use super::types::*;
use app::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

mod audit_log;
mod catalog;
mod customers;
mod delegated_admin;
mod offers;
mod partnerships;

pub use audit_log::*;
pub use catalog::*;
pub use customers::*;
pub use delegated_admin::*;
pub use offers::*;
pub use partnerships::*;

/// A JSON body, read now but decoded only when the handler asks ([`ApiJson::parse`]), after it
/// checked the key's permission: a caller without it learns nothing about the body's rules.
pub struct ApiJson<T> {
    bytes: axum::body::Bytes,
    is_json: bool,
    _type: std::marker::PhantomData<T>,
}

impl<S: Send + Sync, T> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_type::Essence>().ok())
            .is_some_and(|m| m.is_json());
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("The body could not be read: {}", e.body_text())))?;
        Ok(ApiJson { bytes, is_json, _type: std::marker::PhantomData })
    }
}

impl<T: serde::de::DeserializeOwned> ApiJson<T> {
    pub fn parse(self) -> ApiResult<T> {
        if !self.is_json {
            return Err(ApiError::unsupported_media_type());
        }
        Json::<T>::from_bytes(&self.bytes).map(|Json(value)| value).map_err(ApiError::from)
    }
}

mod mime_type {
    /// The essence of a Content-Type (`application/json`, `application/problem+json`…).
    pub struct Essence(String);
    impl std::str::FromStr for Essence {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            Ok(Essence(s.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()))
        }
    }
    impl Essence {
        pub fn is_json(&self) -> bool {
            self.0 == "application/json" || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

/// Query parameters whose rejections are problems.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters whose rejections are problems (404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

type ApiResult<T> = Result<T, ApiError>;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// Where a list page starts and how long it is. The cursor is opaque to clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

impl Window {
    pub fn from_query(query: &PageQuery) -> ApiResult<Window> {
        if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
            return decode_cursor(cursor)
                .ok_or_else(|| ApiError::invalid("cursor", "cursor", "Use the `next_cursor` of a previous page, unchanged."));
        }
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            let mut e = ApiError::invalid("limit", "limit_range", format!("Use a number from 1 to {MAX_LIMIT}."));
            e.problem.errors[0].params = Some(serde_json::json!({ "min": 1, "max": MAX_LIMIT }));
            return Err(e);
        }
        Ok(Window { offset: 0, limit })
    }

    /// The cursor of the page after this one, when `total` items exist.
    pub fn next(&self, total: i64) -> Option<String> {
        let offset = self.offset + self.limit;
        (offset < total).then(|| encode_cursor(Window { offset, limit: self.limit }))
    }

    /// This window of an in-memory list, and the next cursor.
    pub fn slice<T>(&self, items: Vec<T>) -> (Vec<T>, Option<String>) {
        let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let next = self.next(total);
        let page =
            items.into_iter().skip(usize::try_from(self.offset).unwrap_or(usize::MAX)).take(usize::try_from(self.limit).unwrap_or(0)).collect();
        (page, next)
    }

    /// The 1-based page number for stores that page by number (offsets are multiples of limit).
    pub fn page(&self) -> i64 {
        self.offset / self.limit + 1
    }
}

pub fn encode_cursor(window: Window) -> String {
    app::developer::hex(format!("v1:{}:{}", window.offset, window.limit).as_bytes())
}

pub fn decode_cursor(cursor: &str) -> Option<Window> {
    if cursor.len() > 64 || !cursor.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len()).step_by(2).map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok()).collect();
    let text = String::from_utf8(bytes?).ok()?;
    let mut parts = text.strip_prefix("v1:")?.split(':');
    let offset: i64 = parts.next()?.parse().ok()?;
    let limit: i64 = parts.next()?.parse().ok()?;
    (offset >= 0 && offset % limit.max(1) == 0 && (1..=MAX_LIMIT).contains(&limit) && offset < 1_000_000_000).then_some(Window { offset, limit })
}

/// The address people reach the site at: `PUBLIC_URL`, else the request's `Host`.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.clone();
    }
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).filter(|p| *p == "https").unwrap_or("http");
    format!("{scheme}://{host}")
}

/// `lines[i]` of the request for the domain's `license_count.<subscription id>` (and a line's
/// `plan.` and `price.`).
fn line_pointer<'a>(mut ids: impl Iterator<Item = &'a str>, field: &str) -> String {
    // The domain's field of a line (`<prefix><subscription id>`) and the request's member.
    const LINE_FIELDS: [(&str, &str); 3] = [("license_count.", "license_count"), ("plan.", "plan"), ("price.", "adjustment")];
    let Some((id, member)) = LINE_FIELDS.iter().find_map(|(prefix, member)| Some((field.strip_prefix(prefix)?, *member))) else {
        return if field == "subscriptions" { "/lines".to_string() } else { format!("/{field}") };
    };
    match ids.position(|l| l == id) {
        Some(i) => format!("/lines/{i}/{member}"),
        None => "/lines".to_string(),
    }
}

/// The key an API request's `Idempotency-Key` becomes where the pages' own retries are kept
/// too (offers, new customers: per organisation): named by the API key, so that another key of
/// the same organisation never gets this key's result, and hashed, so that it stays short.
fn idempotency_key(headers: &HeaderMap, principal: &Principal) -> String {
    use sha2::Digest;
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| {
            let digest = sha2::Sha256::digest(k.trim().as_bytes());
            format!("api:{}:{}", principal.key_id, app::developer::hex(&digest[..16]))
        })
        .unwrap_or_default()
}

/// Any path under /api/v1 that is not an operation.
pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed", "See /api/v1/docs for the methods of each path.")
}

#[allow(dead_code)]
fn _problem_schema_is_used(_: Problem) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_tampering() {
        let w = Window { offset: 100, limit: 50 };
        assert_eq!(decode_cursor(&encode_cursor(w)), Some(w));
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor(&app::developer::hex(b"v1:7:50")), None, "offsets are whole pages");
        assert_eq!(decode_cursor(&app::developer::hex(b"v1:0:500")), None);
        assert_eq!(Window { offset: 0, limit: 2 }.slice(vec![1, 2, 3]), (vec![1, 2], Some(encode_cursor(Window { offset: 2, limit: 2 }))));
        assert_eq!(Window { offset: 2, limit: 2 }.slice(vec![1, 2, 3]), (vec![3], None));
    }
}
