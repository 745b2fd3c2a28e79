//! The company logo an advisor adds to an offer: PNG, JPEG or WebP, at most 512 KB, recognised
//! by its content (the first bytes of the file), never by its name.

use crate::error::Problem;

/// The largest logo accepted, in bytes.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// An image format PartnerDesk accepts for logos.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
    Webp,
}

impl LogoFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
            LogoFormat::Webp => "image/webp",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<LogoFormat> {
        [LogoFormat::Png, LogoFormat::Jpeg, LogoFormat::Webp].into_iter().find(|f| f.content_type() == content_type)
    }
}

/// Checks a logo's bytes: a known image format by its signature, and not too large.
pub fn check_logo(bytes: &[u8]) -> Result<LogoFormat, Problem> {
    if bytes.is_empty() {
        return Err(Problem::Required);
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(Problem::LogoTooLarge { max_kb: LOGO_MAX_BYTES / 1024 });
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(LogoFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(LogoFormat::Jpeg)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok(LogoFormat::Webp)
    } else {
        Err(Problem::LogoFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_recognised_by_content_not_name() {
        assert_eq!(check_logo(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(LogoFormat::Png));
        assert_eq!(check_logo(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Ok(LogoFormat::Jpeg));
        assert_eq!(check_logo(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(LogoFormat::Webp));
        assert_eq!(check_logo(b"GIF89a......"), Err(Problem::LogoFormat));
        assert_eq!(check_logo(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), Err(Problem::LogoFormat));
        assert_eq!(check_logo(b""), Err(Problem::Required));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(LOGO_MAX_BYTES + 1, 0);
        assert_eq!(check_logo(&big), Err(Problem::LogoTooLarge { max_kb: 512 }));
    }
}

/// The logo routes: upload from the Send page (a plain multipart form, so it works without
/// JavaScript) and the image itself for the client's page.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::auth::ssr::AuthSession;
    use crate::roles::Permission;
    use crate::state::AppState;
    use axum::extract::{Multipart, Path, State};
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Redirect, Response};

    /// `POST /offers/{summary}/logo`: stores the uploaded logo, then back to the Send page.
    pub async fn upload(State(state): State<AppState>, session: AuthSession, Path(summary): Path<String>, mut multipart: Multipart) -> Response {
        let Some(user) = session.user else {
            return Redirect::to(&format!("/sign-in?next=/offers/{summary}")).into_response();
        };
        let Ok(Some(org)) = state.store.organisation(user.record.organisation_id).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        if Permission::ManageOffers.check(&user.record.roles, &org.programs()).is_err() {
            return StatusCode::FORBIDDEN.into_response();
        }
        let back = |outcome: &str| Redirect::to(&format!("/offers/{summary}?logo={outcome}#logo")).into_response();
        let mut bytes = Vec::new();
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("logo") {
                match field.bytes().await {
                    Ok(b) => bytes = b.to_vec(),
                    Err(_) => return back("too_large"),
                }
            }
        }
        let format = match check_logo(&bytes) {
            Ok(format) => format,
            Err(Problem::LogoTooLarge { .. }) => return back("too_large"),
            Err(Problem::Required) => return back("missing"),
            Err(_) => return back("format"),
        };
        let actor = crate::store::Actor { user_id: Some(user.record.id), organisation_id: org.id, ip: None };
        match state.store.set_offer_logo(&actor, &summary, format.content_type(), &bytes).await {
            Ok(()) => back("saved"),
            Err(crate::store::StoreError::NotFound) => StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "could not store a logo");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }

    /// `GET /offer-logo/{token}`: the logo of the offer with this URL token.
    pub async fn image(State(state): State<AppState>, Path(token): Path<String>) -> Response {
        // Only an offer's token (letters and digits) is looked up.
        if token.is_empty() || token.len() > 64 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return StatusCode::NOT_FOUND.into_response();
        }
        match state.store.offer_logo(&token).await {
            Ok(Some((content_type, bytes))) if LogoFormat::from_content_type(&content_type).is_some() => {
                let mut response = bytes.into_response();
                let headers = response.headers_mut();
                if let Ok(value) = HeaderValue::from_str(&content_type) {
                    headers.insert(header::CONTENT_TYPE, value);
                }
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
                headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"));
                response
            }
            Ok(_) => StatusCode::NOT_FOUND.into_response(),
            Err(e) => {
                tracing::error!(error = %e, "could not read a logo");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
