//! Two-step verification (multi-factor authentication, as the partner program requires for every
//! user): a six-digit code from an authenticator app (TOTP) after the password, or one of ten
//! single-use recovery codes. A Global admin can require it for the whole organisation and
//! reset a user's.

use serde::{Deserialize, Serialize};

/// Recovery codes a user gets at once (each works once).
pub const RECOVERY_CODES: usize = 10;
/// Letters and digits in a recovery code (shown as two groups of five).
pub const RECOVERY_CODE_LENGTH: usize = 10;
/// How long the second step of a sign-in waits for its code after the password.
pub const PENDING_SIGN_IN_SECONDS: i64 = 300;
/// The longest code typed that is looked at (anything longer is refused before any work).
const CODE_INPUT_MAX: usize = 40;
/// The letters recovery codes are made of: no 0/O, 1/I/L, so they read back without mistakes.
pub const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A code typed at the second step of a sign-in (or to turn verification off).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypedCode {
    /// Six digits from the authenticator app.
    App(String),
    /// A recovery code, in its kept form (small letters, no separator).
    Recovery(String),
}

/// What was typed, read as a code: spaces and hyphens are ignored, letters may be capitals.
/// `None` when it cannot be a code (it is refused without looking anything up).
pub fn read_code(typed: &str) -> Option<TypedCode> {
    if typed.len() > CODE_INPUT_MAX {
        return None;
    }
    let plain: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_lowercase();
    if plain.len() == 6 && plain.bytes().all(|b| b.is_ascii_digit()) {
        return Some(TypedCode::App(plain));
    }
    if plain.len() == RECOVERY_CODE_LENGTH && plain.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return Some(TypedCode::Recovery(plain));
    }
    None
}

/// A recovery code as shown: two groups of five, `abcde-fghjk`.
pub fn show_recovery_code(code: &str) -> String {
    let (first, second) = code.split_at(code.len().min(RECOVERY_CODE_LENGTH / 2));
    format!("{first}-{second}")
}

/// A user's two-step verification, as Settings > My account shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaStatus {
    /// When it was turned on, if it is on.
    pub enabled_at: Option<i64>,
    pub recovery_codes_left: i64,
    /// The organisation requires it (it cannot be turned off).
    pub required: bool,
}

/// What a user needs to set up an authenticator app: the QR code (an SVG the server drew from
/// the `otpauth://` address) and the same secret to type by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaSetup {
    pub qr_svg: String,
    /// The secret in Base32, in groups of four for typing.
    pub secret: String,
}

/// A secret in groups of four letters, as an authenticator app's "enter a key" asks for it.
pub fn group_secret(base32: &str) -> String {
    base32.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_loosely_and_bounded() {
        assert_eq!(read_code(" 123 456 "), Some(TypedCode::App("123456".into())));
        assert_eq!(read_code("ABCDE-FGHJK"), Some(TypedCode::Recovery("abcdefghjk".into())));
        assert_eq!(read_code("abcde fghjk"), Some(TypedCode::Recovery("abcdefghjk".into())));
        for bad in ["", "12345", "1234567", "abcde-fghjI", "abcde-fghj0", &"1".repeat(41), "12345six", "'; DROP TABLE users;--"] {
            assert_eq!(read_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_and_secrets_are_shown_in_groups() {
        assert_eq!(show_recovery_code("abcdefghjk"), "abcde-fghjk");
        assert_eq!(read_code(&show_recovery_code("abcdefghjk")), Some(TypedCode::Recovery("abcdefghjk".into())));
        assert_eq!(group_secret("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
