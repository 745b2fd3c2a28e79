//! Secrets that grant access by being known: offer URLs and partnership request links.

use rand::Rng;

/// 160 random bits from the operating system, as 32 lowercase base32 characters (URL-safe,
/// case-insensitive, no padding).
pub fn new_secret_token() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut rng = rand::rngs::OsRng;
    (0..32).map(|_| ALPHABET[rng.gen_range(0..32)] as char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_long_and_distinct() {
        let a = super::new_secret_token();
        let b = super::new_secret_token();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c)));
        assert_ne!(a, b);
    }
}
