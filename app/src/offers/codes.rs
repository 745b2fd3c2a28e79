//! The codes of an offer: the summary ID people read aloud, and the unguessable URL token.

use rand::Rng;

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S, 8/B).
pub const SUMMARY_ALPHABET: &[u8] = b"234679ACDEFGHJKMNPQRTUVWXYZ";

/// A summary ID like `PO-7KQM-X4TA`: 8 symbols from a 27-symbol alphabet (38 bits), unique
/// by database constraint (a clash is retried).
pub fn new_summary_id() -> String {
    let mut rng = rand::rngs::OsRng;
    let mut pick = || SUMMARY_ALPHABET[rng.gen_range(0..SUMMARY_ALPHABET.len())] as char;
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("PO-{a}-{b}")
}

/// Whether `text` has the shape of a summary ID (for search and for the property tests).
pub fn is_summary_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 12
        && text.starts_with("PO-")
        && bytes[7] == b'-'
        && bytes[3..7].iter().chain(&bytes[8..12]).all(|c| SUMMARY_ALPHABET.contains(c))
}

/// The secret part of an offer URL (160 random bits).
pub fn new_access_token() -> String {
    crate::tokens::new_secret_token()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_ids_have_their_shape_and_no_ambiguous_characters() {
        for _ in 0..1000 {
            let id = new_summary_id();
            assert!(is_summary_id(&id), "{id}");
            assert!(!id[3..].chars().any(|c| "0O1IL5S8B".contains(c)), "{id}");
        }
        assert!(!is_summary_id("PO-0000-0000"));
    }
}
