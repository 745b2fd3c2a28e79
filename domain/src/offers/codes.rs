//! The codes of an offer: the summary ID people read aloud, and the unguessable URL token.

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S, 8/B).
pub const SUMMARY_ALPHABET: &[u8] = b"234679ACDEFGHJKMNPQRTUVWXYZ";

/// A summary ID like `PO-7KQM-X4TA`: 8 symbols from a 27-symbol alphabet (38 bits), unique
/// by database constraint (a clash is retried).
#[cfg(feature = "tokens")]
pub fn new_summary_id() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    let mut pick = || SUMMARY_ALPHABET[rng.gen_range(0..SUMMARY_ALPHABET.len())] as char;
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("PO-{a}-{b}")
}

/// Whether `text` has the shape of a summary ID (for search and for the property tests).
pub fn is_summary_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 12 && text.starts_with("PO-") && bytes[7] == b'-' && bytes[3..7].iter().chain(&bytes[8..12]).all(|c| SUMMARY_ALPHABET.contains(c))
}

/// The secret part of an offer URL (160 random bits).
#[cfg(feature = "tokens")]
pub fn new_access_token() -> String {
    crate::tokens::new_secret_token()
}

#[cfg(all(test, feature = "tokens"))]
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

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn symbol() -> impl Strategy<Value = char> {
        proptest::sample::select(SUMMARY_ALPHABET.to_vec()).prop_map(char::from)
    }

    proptest! {
        #[test]
        fn every_new_summary_id_has_the_format(_ in 0..100u32) {
            prop_assert!(is_summary_id(&new_summary_id()));
        }

        #[test]
        fn summary_ids_from_the_alphabet_are_accepted(a in proptest::collection::vec(symbol(), 4), b in proptest::collection::vec(symbol(), 4)) {
            let id = format!("PO-{}-{}", a.iter().collect::<String>(), b.iter().collect::<String>());
            prop_assert!(is_summary_id(&id));
            // Lowercase, another prefix, or one symbol replaced by an ambiguous one is refused.
            prop_assert!(!is_summary_id(&id.to_lowercase()) || id.to_lowercase() == id);
            prop_assert!(!is_summary_id(&id.replacen("PO-", "PX-", 1)));
            for bad in ['0', 'O', '1', 'I', 'L', '5', 'S', '8', 'B', 'é'] {
                let mut chars: Vec<char> = id.chars().collect();
                chars[4] = bad;
                prop_assert!(!is_summary_id(&chars.into_iter().collect::<String>()));
            }
        }

        #[test]
        fn is_summary_id_never_panics_and_needs_twelve_bytes(text in "\\PC{0,20}|PO-\\PC{0,10}") {
            if is_summary_id(&text) {
                prop_assert_eq!(text.len(), 12);
                prop_assert!(text.is_ascii());
            }
        }

        #[test]
        fn access_tokens_are_32_base32_symbols(_ in 0..100u32) {
            let token = new_access_token();
            prop_assert_eq!(token.len(), 32);
            prop_assert!(token.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)));
        }

        #[test]
        fn offer_urls_round_trip(code in "[a-z0-9]{1,20}", _n in 0..10u32) {
            let token = new_access_token();
            let path = crate::offers::client::offer_path(&code, &token);
            let mut parts = path.strip_prefix("/offer/").unwrap().split('/');
            prop_assert_eq!(parts.next(), Some(code.as_str()));
            prop_assert_eq!(parts.next(), Some(token.as_str()));
            prop_assert_eq!(parts.next(), None);
            prop_assert_eq!(crate::offers::client::embed_path(&code, &token), format!("/embed{path}"));
        }
    }
}
