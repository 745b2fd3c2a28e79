//! Who is asking, as the per-client limits count them (public endpoints, kept forms, counted
//! views): an IPv4 address, or an IPv6 client's /64 network. One IPv6 subscriber is routinely
//! given a whole /64, so counting single IPv6 addresses would give each client 2^64 budgets.

use std::net::IpAddr;

/// The subject a limit counts for `ip`: the IPv4 address (also when it arrives IPv4-mapped),
/// or the IPv6 address's /64 network, e.g. `2001:db8:1:2::/64`.
pub fn rate_subject(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{network}/64")
            }
        },
    }
}

/// [`rate_subject`] of an address as text (a connection's, or a trusted proxy's
/// `X-Forwarded-For` entry). Text that is not an address counts as one client, `unknown`, and
/// is never stored as given.
pub fn rate_subject_of(text: &str) -> String {
    text.trim().parse::<IpAddr>().map(rate_subject).unwrap_or_else(|_| "unknown".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_counts_as_its_64_network() {
        assert_eq!(rate_subject_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(rate_subject_of("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(rate_subject_of("2001:db8:1:3::1"), "2001:db8:1:2::/64");
        assert_eq!(rate_subject_of("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(rate_subject_of("192.0.2.7"), "192.0.2.7");
        assert_eq!(rate_subject_of(&"x".repeat(10_000)), "unknown");
        assert_eq!(rate_subject_of("192.0.2.7\r\nX: y"), "unknown");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every address of one /64 is one subject, and a subject is short whatever was sent.
        #[test]
        fn one_network_one_subject(prefix in any::<u64>(), a in any::<u64>(), b in any::<u64>(), junk in "\\PC{0,300}") {
            let address = |host: u64| std::net::Ipv6Addr::from((u128::from(prefix) << 64) | u128::from(host));
            // IPv4-mapped addresses are ::ffff:0:0/96, in the all-zero /64: not this network's.
            prop_assume!(prefix != 0);
            prop_assert_eq!(rate_subject(IpAddr::V6(address(a))), rate_subject(IpAddr::V6(address(b))));
            prop_assert!(rate_subject_of(&junk).len() <= 43);
        }
    }
}
