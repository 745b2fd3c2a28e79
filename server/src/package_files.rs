//! The build's package files (`/pkg`: the staff's app, its JavaScript and CSS, the client's
//! offer-page module), served from memory.
//!
//! tower-http's `ServeDir` opens, inspects and reads a file on every request, each step a trip
//! through tokio's blocking threads: for a small file that was most of the answer's cost (about
//! 10,000 answers a second for the 3 KiB stylesheet on this machine's two cores, shared with the
//! load generator). The files do not change while a server runs (the build id that names them
//! is a hash of their contents), so each copy (plain, `.br`, `.gz`) is read once, on its first
//! request, and kept.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// How a copy of a file is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The compressed copies a release build writes next to each file, best first.
    const COMPRESSED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
            Encoding::Identity => "",
        }
    }

    /// The name in `Accept-Encoding` and `Content-Encoding`.
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        }
    }
}

/// One copy of a file: where it is, its ETag, and its bytes once read.
struct Copy {
    encoding: Encoding,
    path: PathBuf,
    /// The build id and the encoding: the build id changes whenever any file does.
    etag: HeaderValue,
    bytes: OnceCell<Bytes>,
}

impl Copy {
    fn new(encoding: Encoding, path: PathBuf, build: &str) -> Copy {
        let etag = HeaderValue::from_str(&format!("\"{build}-{}\"", encoding.token())).unwrap_or(HeaderValue::from_static("\"unknown\""));
        Copy { encoding, path, etag, bytes: OnceCell::new() }
    }
}

struct PackageFile {
    content_type: HeaderValue,
    /// The plain copy first, then the compressed ones there are.
    copies: Vec<Copy>,
}

/// The package folder's files, by their path under `/pkg/`.
#[derive(Clone)]
pub struct PackageFiles {
    files: Arc<HashMap<String, PackageFile>>,
}

impl PackageFiles {
    /// Lists the files under `dir` (nothing is read yet). A missing folder serves nothing.
    pub fn scan(dir: &Path, build: &str) -> PackageFiles {
        let names = app::pwa::worker::files_under(dir);
        let present: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
        let mut files = HashMap::new();
        for name in &names {
            if Encoding::COMPRESSED.iter().any(|e| name.ends_with(e.suffix())) {
                continue;
            }
            let mut copies = vec![Copy::new(Encoding::Identity, dir.join(name), build)];
            for encoding in Encoding::COMPRESSED {
                let compressed = format!("{name}{}", encoding.suffix());
                if present.contains(compressed.as_str()) {
                    copies.push(Copy::new(encoding, dir.join(&compressed), build));
                }
            }
            let mime = mime_guess::from_path(name).first_or_octet_stream();
            let content_type = HeaderValue::from_str(mime.as_ref()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
            files.insert(name.clone(), PackageFile { content_type, copies });
        }
        PackageFiles { files: Arc::new(files) }
    }

    /// Answers a request for `/<path>` (the part after `/pkg`).
    pub async fn serve(&self, request: Request) -> Response {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
        }
        let Some(file) = self.files.get(request.uri().path().trim_start_matches('/')) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let encoding = negotiate(request.headers(), |e| file.copies.iter().any(|c| c.encoding == e));
        let Some(copy) = file.copies.iter().find(|c| c.encoding == encoding) else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::ETAG, copy.etag.clone());
        if matches_etag(request.headers(), copy.etag.as_bytes()) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let bytes = match copy.bytes.get_or_try_init(|| async { tokio::fs::read(&copy.path).await.map(Bytes::from) }).await {
            Ok(bytes) => bytes.clone(),
            Err(error) => {
                tracing::warn!(path = %copy.path.display(), %error, "cannot read a package file");
                return StatusCode::NOT_FOUND.into_response();
            }
        };
        headers.insert(header::CONTENT_TYPE, file.content_type.clone());
        if encoding != Encoding::Identity {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
        }
        (StatusCode::OK, headers, Body::from(bytes)).into_response()
    }
}

/// The copy to send: the compressed one the browser accepts with the highest quality (brotli
/// on a tie), else the plain file. `available` says which copies exist.
pub fn negotiate(headers: &HeaderMap, available: impl Fn(Encoding) -> bool) -> Encoding {
    let mut best: Option<(Encoding, f32)> = None;
    for encoding in Encoding::COMPRESSED.into_iter().filter(|e| available(*e)) {
        let q = accepted_quality(headers, encoding.token()).unwrap_or(0.0);
        if q > 0.0 && best.is_none_or(|(_, best_q)| q > best_q) {
            best = Some((encoding, q));
        }
    }
    best.map_or(Encoding::Identity, |(e, _)| e)
}

/// The quality `Accept-Encoding` gives `token` (by name, else through `*`); `None` when it names
/// neither. An item with an unreadable quality is left out.
fn accepted_quality(headers: &HeaderMap, token: &str) -> Option<f32> {
    let items = || {
        headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim();
            let quality = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!name.is_empty()).then_some((name, quality))
        })
    };
    let named = items().find(|(name, _)| name.eq_ignore_ascii_case(token));
    named.or_else(|| items().find(|(name, _)| *name == "*")).map(|(_, quality)| quality)
}

/// Whether `If-None-Match` names `etag` (or `*`).
fn matches_etag(headers: &HeaderMap, etag: &[u8]) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag.as_bytes() == etag || tag == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_best_accepted_copy_is_sent() {
        let both = |_: Encoding| true;
        assert_eq!(negotiate(&accept("gzip, deflate, br, zstd"), both), Encoding::Brotli, "a browser's header");
        assert_eq!(negotiate(&accept("gzip"), both), Encoding::Gzip);
        assert_eq!(negotiate(&accept("br;q=0.5, gzip;q=0.8"), both), Encoding::Gzip, "the higher quality wins");
        assert_eq!(negotiate(&accept("br;q=0, gzip;q=0"), both), Encoding::Identity, "q=0 refuses");
        assert_eq!(negotiate(&accept("*"), both), Encoding::Brotli);
        assert_eq!(negotiate(&accept("*;q=0.3, br;q=0"), both), Encoding::Gzip);
        assert_eq!(negotiate(&accept("br;q=nonsense"), both), Encoding::Identity, "an unreadable quality is ignored");
        assert_eq!(negotiate(&accept("br;q=nonsense, *;q=0.5"), both), Encoding::Brotli, "and the item with it");
        assert_eq!(negotiate(&HeaderMap::new(), both), Encoding::Identity, "no header: the plain file");
        assert_eq!(negotiate(&accept("br"), |e| e != Encoding::Brotli), Encoding::Identity, "only copies that exist");
    }

    #[test]
    fn an_etag_in_if_none_match_is_recognised() {
        let mut headers = HeaderMap::new();
        headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\", W/\"b1-br\""));
        assert!(matches_etag(&headers, b"\"b1-br\""));
        assert!(!matches_etag(&headers, b"\"b1-gzip\""));
        assert!(!matches_etag(&HeaderMap::new(), b"\"b1-br\""));
    }
}
