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

/// The logo's operations, for the server's upload and image routes.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::error::AppError;
    use crate::roles::Permission;
    use crate::store::SharedStore;

    /// Keeps `bytes` as the logo of the organisation's offer `summary_id` (audited). A file
    /// that is no logo is refused as the field `logo`: missing (`Required`), too large, or not
    /// an image PartnerDesk takes.
    pub async fn set_logo(store: &SharedStore, caller: &dyn Caller, summary_id: &str, bytes: &[u8]) -> Result<(), AppError> {
        caller.require(Permission::ManageOffers)?;
        if !crate::offers::codes::is_summary_id(summary_id) {
            return Err(AppError::NotFound);
        }
        let format = check_logo(bytes).map_err(|problem| AppError::invalid("logo", problem))?;
        Ok(store.set_offer_logo(&caller.actor(), summary_id, format.content_type(), bytes).await?)
    }

    /// The logo of the offer whose link has `token`, if it has one.
    pub async fn logo(store: &SharedStore, token: &str) -> Result<Option<(LogoFormat, Vec<u8>)>, AppError> {
        // Only an offer's token (letters and digits) is looked up.
        if token.is_empty() || token.len() > 64 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        Ok(store.offer_logo(token).await?.and_then(|(content_type, bytes)| Some((LogoFormat::from_content_type(&content_type)?, bytes))))
    }
}
