//! The client's offer page, kept rendered for a few seconds (issue #10).
//!
//! Clients open an offer's link many times (and a partner's website may embed it), and the page
//! changes only when the offer does. Rendering it is most of its cost, so a rendered page is kept
//! and served again to the next visitors with what must differ per response swapped in: the
//! script nonce (in the page and its Content-Security-Policy) and the form's idempotency key.
//! Views are still counted once per visitor per day.
//!
//! Only anonymous visits are kept (no session cookie, no query string): what a signed-in user
//! sees depends on who they are. A page is kept for [`KEEP_FOR`]; any change made through this
//! server (a write other than a client's own accept or domain check) forgets every kept page at
//! once, and a change made through another server behind the same balancer is seen within
//! [`KEEP_FOR`]. Accepting always re-reads the offer, so an offer withdrawn a moment ago is never
//! accepted from a kept page.

use app::offers::client::service::OfferView;
use app::offers::client::ssr::{KeptRender, ShownOffer};
use app::store::SharedStore;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a rendered offer page is served again.
pub const KEEP_FOR: Duration = Duration::from_secs(5);
/// The most memory kept pages take (bytes of HTML).
const KEPT_BYTES: u64 = 32 * 1024 * 1024;
/// A page larger than this is not kept (and a response body that cannot be read in full is an
/// error): offer pages are about 10 KB.
const LARGEST_PAGE: usize = 2 * 1024 * 1024;
/// Whether a response came from a kept page: `hit`, or `miss` when it was rendered.
pub const CACHE_HEADER: &str = "x-partnerdesk-page-cache";

#[derive(Clone)]
pub struct OfferPageCache {
    inner: Arc<Inner>,
}

struct Inner {
    pages: moka::sync::Cache<PageKey, Arc<KeptPage>>,
    /// Visitor keys whose view of the day this server has already counted, so repeated views
    /// do not ask the database again.
    counted: moka::sync::Cache<String, ()>,
    /// Bumped by every write: a page rendered before a write finished is not kept after it.
    generation: AtomicU64,
    store: SharedStore,
}

/// What a kept page is kept for: the page and the language the visitor would get.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct PageKey {
    path: String,
    language_cookie: String,
    accept_language: String,
}

struct KeptPage {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    nonce: String,
    idempotency_key: String,
    shown: ShownOffer,
}

impl OfferPageCache {
    pub fn new(store: SharedStore) -> Self {
        OfferPageCache {
            inner: Arc::new(Inner {
                pages: moka::sync::Cache::builder()
                    .time_to_live(KEEP_FOR)
                    .max_capacity(KEPT_BYTES)
                    .weigher(|_, page: &Arc<KeptPage>| u32::try_from(page.body.len()).unwrap_or(u32::MAX))
                    .build(),
                counted: moka::sync::Cache::builder().max_capacity(200_000).time_to_live(Duration::from_secs(86_400)).build(),
                generation: AtomicU64::new(0),
                store,
            }),
        }
    }

    fn forget_all(&self) {
        self.inner.generation.fetch_add(1, Ordering::SeqCst);
        self.inner.pages.invalidate_all();
    }

    /// Counts a view of a kept page, as rendering it would have.
    async fn count_view(&self, shown: ShownOffer, headers: &HeaderMap, ip: &str) {
        if !shown.counts_views {
            return;
        }
        let agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let view = OfferView::new(shown.offer_id, app::store::now(), ip, agent);
        if self.inner.counted.contains_key(&view.visitor) {
            return;
        }
        match view.count(&self.inner.store).await {
            Ok(_) => self.inner.counted.insert(view.visitor, ()),
            Err(e) => {
                tracing::warn!(error = %e, offer = shown.offer_id, "could not count a view of a kept offer page")
            }
        }
    }
}

/// The middleware: serves kept offer pages, keeps new ones, forgets them on writes.
pub async fn offer_page_cache(State(cache): State<OfferPageCache>, mut request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let clients_own = request.uri().path().starts_with("/api/offer/");
        let response = next.run(request).await;
        if !clients_own {
            cache.forget_all();
        }
        return response;
    }
    let Some(key) = page_key(&request).filter(|_| request.method() == Method::GET) else {
        return next.run(request).await;
    };
    let ip = client_ip(&request);
    if let Some(page) = cache.inner.pages.get(&key) {
        cache.count_view(page.shown, request.headers(), &ip).await;
        return serve_kept(&page);
    }

    let generation = cache.inner.generation.load(Ordering::SeqCst);
    let render = KeptRender { idempotency_key: app::tokens::new_secret_token(), shown: Default::default() };
    request.extensions_mut().insert(render.clone());
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, LARGEST_PAGE).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "could not read a rendered offer page");
            return (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be sent. Please reload it.").into_response();
        }
    };
    let shown = render.shown.lock().ok().and_then(|s| *s);
    let nonce = parts.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).and_then(nonce_of);
    let keepable = matches!(parts.status, StatusCode::OK | StatusCode::GONE)
        && !parts.headers.contains_key(header::SET_COOKIE)
        && parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if let (true, Some(shown), Some(nonce), Ok(body)) = (keepable, shown, nonce, std::str::from_utf8(&bytes)) {
        if cache.inner.generation.load(Ordering::SeqCst) == generation {
            let mut headers = parts.headers.clone();
            headers.remove(header::CONTENT_LENGTH);
            cache.inner.pages.insert(
                key,
                Arc::new(KeptPage {
                    status: parts.status,
                    headers,
                    body: body.to_string(),
                    nonce,
                    idempotency_key: render.idempotency_key.clone(),
                    shown,
                }),
            );
        }
    }
    parts.headers.insert(header::HeaderName::from_static(CACHE_HEADER), HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(bytes))
}

/// A kept page with a fresh nonce and idempotency key.
fn serve_kept(page: &KeptPage) -> Response {
    let nonce = app::tokens::new_secret_token();
    let idempotency_key = app::tokens::new_secret_token();
    let body = page.body.replace(&page.nonce, &nonce).replace(&page.idempotency_key, &idempotency_key);
    let mut headers = page.headers.clone();
    if let Some(policy) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
        match HeaderValue::from_str(&policy.replace(&page.nonce, &nonce)) {
            Ok(value) => {
                headers.insert(header::CONTENT_SECURITY_POLICY, value);
            }
            Err(_) => {
                headers.remove(header::CONTENT_SECURITY_POLICY);
            }
        }
    }
    headers.insert(header::HeaderName::from_static(CACHE_HEADER), HeaderValue::from_static("hit"));
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = page.status;
    *response.headers_mut() = headers;
    response
}

/// The key of a request for a client's offer page that may be served from a kept page: an
/// anonymous `GET /offer/{code}/{token}` or `/embed/offer/{code}/{token}` with no query.
fn page_key(request: &Request) -> Option<PageKey> {
    let uri = request.uri();
    if uri.query().is_some() {
        return None;
    }
    let path = uri.path();
    let rest = path.strip_prefix("/offer/").or_else(|| path.strip_prefix("/embed/offer/"))?;
    let mut segments = rest.split('/');
    let (code, token) = (segments.next()?, segments.next()?);
    if code.is_empty() || token.is_empty() || segments.next().is_some() || path.len() > 200 {
        return None;
    }
    // Only the language cookie: any other (a session) makes the page someone's own.
    let mut language_cookie = String::new();
    for value in request.headers().get_all(header::COOKIE) {
        for cookie in value.to_str().ok()?.split(';') {
            let (name, value) = cookie.trim().split_once('=')?;
            if name != "lang" {
                return None;
            }
            language_cookie = value.to_string();
        }
    }
    let accept_language = match request.headers().get(header::ACCEPT_LANGUAGE) {
        Some(value) => value.to_str().ok().filter(|v| v.len() <= 200)?.to_string(),
        None => String::new(),
    };
    Some(PageKey { path: path.to_string(), language_cookie, accept_language })
}

/// The `'nonce-…'` of a Content-Security-Policy.
fn nonce_of(policy: &str) -> Option<String> {
    let start = policy.find("'nonce-")? + "'nonce-".len();
    let end = policy[start..].find('\'')? + start;
    let nonce = &policy[start..end];
    (nonce.len() >= 16).then(|| nonce.to_string())
}

/// The client's address as the page's own view counting sees it (app::auth::ssr::client_ip).
fn client_ip(request: &Request) -> String {
    request.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, cookie: Option<&str>) -> Request {
        let mut builder = Request::builder().uri(uri);
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_anonymous_offer_pages_are_kept() {
        assert!(page_key(&request("/offer/contoso/abc", None)).is_some());
        assert!(page_key(&request("/embed/offer/contoso/abc", Some("lang=nl"))).is_some());
        assert_eq!(page_key(&request("/offer/contoso/abc", Some("lang=fr"))).unwrap().language_cookie, "fr");
        assert!(page_key(&request("/offer/contoso/abc", Some("partnerdesk_session=x; lang=nl"))).is_none(), "signed in");
        assert!(page_key(&request("/offer/contoso/abc?attempt=1", None)).is_none(), "a refused form coming back");
        assert!(page_key(&request("/offer/contoso", None)).is_none());
        assert!(page_key(&request("/offer/contoso/abc/more", None)).is_none());
        assert!(page_key(&request("/offers/PO-1", None)).is_none());
        assert!(page_key(&request("/", None)).is_none());
    }

    #[test]
    fn the_nonce_is_read_from_the_policy() {
        let policy = app::app::page_policy("abcdefghijklmnop2345", false);
        assert_eq!(nonce_of(&policy).as_deref(), Some("abcdefghijklmnop2345"));
        assert_eq!(nonce_of("default-src 'self'"), None);
    }
}
