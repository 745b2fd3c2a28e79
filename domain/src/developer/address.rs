//! Where a webhook may be sent: only to hosts on the public internet, so that registering an
//! endpoint cannot make the server call into its own network (server-side request forgery:
//! `http://127.0.0.1:5432/`, the cloud metadata service at 169.254.169.254, a router on
//! 192.168.1.1). Plain rules on addresses and URLs, the same in the browser and on the server;
//! the server resolves host names and applies [`WebhookPolicy::allows`] to every address it
//! finds, when an endpoint is saved and again at every delivery.
//!
//! URLs are read with the `url` crate, the WHATWG parser the HTTP client uses, so the host
//! checked is the host connected to: `http://2130706433/`, `http://0x7f.1/`, `http://127.1/` and
//! `http://0177.0.0.1/` are all 127.0.0.1 to both.

use crate::error::Problem;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether webhooks may go to addresses that are not on the public internet. Off unless the
/// server runs with `--webhooks-allow-private` (tests and local development, never production).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPolicy {
    pub allow_private: bool,
}

impl WebhookPolicy {
    /// Public addresses only (the default).
    pub const PUBLIC_ONLY: WebhookPolicy = WebhookPolicy { allow_private: false };
    /// Any address: only for tests and local development with receivers on this machine.
    pub const ALLOW_PRIVATE: WebhookPolicy = WebhookPolicy { allow_private: true };

    /// Whether a delivery may connect to `ip`.
    pub fn allows(self, ip: IpAddr) -> bool {
        self.allow_private || non_public(ip).is_none()
    }
}

/// Why an address is not on the public internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonPublic {
    /// 0.0.0.0, `::`, and 0.0.0.0/8 ("this network", which Linux connects to as loopback).
    Unspecified,
    /// 127.0.0.0/8, `::1`.
    Loopback,
    /// 10/8, 172.16/12, 192.168/16 (RFC 1918), and IPv6 site-local fec0::/10.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT (RFC 6598).
    SharedAddressSpace,
    /// 169.254.0.0/16 (with the cloud metadata service), fe80::/10.
    LinkLocal,
    /// fc00::/7 (RFC 4193).
    UniqueLocal,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.
    Documentation,
    /// 198.18.0.0/15, 2001:2::/48.
    Benchmarking,
    /// IETF protocol assignments (192.0.0.0/24, 2001::/23: Teredo, ORCHID…), the 6to4 relay
    /// anycast, 240.0.0.0/4, IPv4-compatible IPv6 and anything outside IPv6 global unicast.
    Reserved,
}

/// `None` when `ip` is a public internet address; otherwise why not. IPv6 forms that carry an
/// IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64
/// `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`) are judged by the IPv4 address they carry.
pub fn non_public(ip: IpAddr) -> Option<NonPublic> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => non_public_v6(v6),
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<NonPublic> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip.is_broadcast() => NonPublic::Broadcast,
        (0, _, _) => NonPublic::Unspecified,
        (10, _, _) | (172, 16..=31, _) | (192, 168, _) => NonPublic::Private,
        (100, 64..=127, _) => NonPublic::SharedAddressSpace,
        (127, _, _) => NonPublic::Loopback,
        (169, 254, _) => NonPublic::LinkLocal,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => NonPublic::Documentation,
        (198, 18..=19, _) => NonPublic::Benchmarking,
        (192, 0, 0) | (192, 88, 99) => NonPublic::Reserved,
        (224..=239, _, _) => NonPublic::Multicast,
        (240..=255, _, _) => NonPublic::Reserved,
        _ => return None,
    })
}

fn non_public_v6(ip: Ipv6Addr) -> Option<NonPublic> {
    let segments = ip.segments();
    if ip.is_unspecified() {
        return Some(NonPublic::Unspecified);
    }
    if ip.is_loopback() {
        return Some(NonPublic::Loopback);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return non_public_v4(v4);
    }
    let embedded = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    match segments {
        // IPv4-compatible (deprecated): never a real destination; the carried address decides the reason.
        [0, 0, 0, 0, 0, 0, high, low] => Some(non_public_v4(embedded(high, low)).unwrap_or(NonPublic::Reserved)),
        // NAT64 (RFC 6052): reaches the IPv4 address it carries.
        [0x64, 0xff9b, 0, 0, 0, 0, high, low] => non_public_v4(embedded(high, low)),
        // 6to4 (RFC 3056): reaches the IPv4 address in bits 16–47.
        [0x2002, high, low, ..] => non_public_v4(embedded(high, low)),
        [0x2001, 0xdb8, ..] => Some(NonPublic::Documentation),
        [0x2001, 2, 0, ..] => Some(NonPublic::Benchmarking),
        // 2001::/23: IETF protocol assignments (Teredo, ORCHID, AMT…).
        [0x2001, 0..=0x1ff, ..] => Some(NonPublic::Reserved),
        [0x3fff, second, ..] if second & 0xf000 == 0 => Some(NonPublic::Documentation),
        [first, ..] if first & 0xfe00 == 0xfc00 => Some(NonPublic::UniqueLocal),
        [first, ..] if first & 0xffc0 == 0xfe80 => Some(NonPublic::LinkLocal),
        [first, ..] if first & 0xffc0 == 0xfec0 => Some(NonPublic::Private),
        [first, ..] if first & 0xff00 == 0xff00 => Some(NonPublic::Multicast),
        // Only 2000::/3 is global unicast; everything else is unassigned or special.
        [first, ..] if first & 0xe000 != 0x2000 => Some(NonPublic::Reserved),
        _ => None,
    }
}

/// The host a webhook URL names, as the HTTP client reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookHost {
    /// An address written in the URL (in any of the forms the URL standard accepts).
    Ip(IpAddr),
    /// A host name, to be resolved.
    Name(String),
}

/// Where a webhook URL sends its requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookTarget {
    pub host: WebhookHost,
    pub port: u16,
}

/// Reads the host and port of an `http(s)://` URL the way the HTTP client will.
pub fn webhook_target(url: &str) -> Result<WebhookTarget, Problem> {
    let parsed = url::Url::parse(url.trim()).map_err(|_| Problem::WebhookUrl)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Problem::WebhookUrl);
    }
    let port = parsed.port_or_known_default().ok_or(Problem::WebhookUrl)?;
    let host = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => WebhookHost::Ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => WebhookHost::Ip(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) if !name.is_empty() => WebhookHost::Name(name.to_string()),
        _ => return Err(Problem::WebhookUrl),
    };
    Ok(WebhookTarget { host, port })
}

/// Names that mean this machine whatever DNS says (RFC 6761): `localhost` and `*.localhost`.
pub fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// What can be checked without DNS: an address written in the URL must be allowed, and a name
/// must not be `localhost`. Names are then resolved by the server, which checks every address
/// ([`WebhookPolicy::allows`]).
pub fn check_webhook_target(url: &str, policy: WebhookPolicy) -> Result<WebhookTarget, Problem> {
    let target = webhook_target(url)?;
    if policy.allow_private {
        return Ok(target);
    }
    match &target.host {
        WebhookHost::Ip(ip) if !policy.allows(*ip) => Err(Problem::WebhookAddress),
        WebhookHost::Name(name) if is_local_name(name) => Err(Problem::WebhookAddress),
        _ => Ok(target),
    }
}

/// Why the server would not send to a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressRefusal {
    /// The host is, or resolves to, an address the policy does not allow.
    #[error("address not allowed")]
    NotAllowed,
    /// The name has no address (or DNS did not answer in time).
    #[error("host not found")]
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_not_public() {
        for (address, why) in [
            ("127.0.0.1", NonPublic::Loopback),
            ("127.255.255.254", NonPublic::Loopback),
            ("0.0.0.0", NonPublic::Unspecified),
            ("0.1.2.3", NonPublic::Unspecified),
            ("10.0.0.1", NonPublic::Private),
            ("172.16.0.1", NonPublic::Private),
            ("172.31.255.255", NonPublic::Private),
            ("192.168.1.1", NonPublic::Private),
            ("100.64.0.1", NonPublic::SharedAddressSpace),
            ("100.127.255.255", NonPublic::SharedAddressSpace),
            ("169.254.169.254", NonPublic::LinkLocal),
            ("224.0.0.1", NonPublic::Multicast),
            ("239.255.255.250", NonPublic::Multicast),
            ("255.255.255.255", NonPublic::Broadcast),
            ("240.0.0.1", NonPublic::Reserved),
            ("192.0.0.8", NonPublic::Reserved),
            ("192.0.2.1", NonPublic::Documentation),
            ("198.51.100.7", NonPublic::Documentation),
            ("203.0.113.9", NonPublic::Documentation),
            ("198.18.0.1", NonPublic::Benchmarking),
            ("::", NonPublic::Unspecified),
            ("::1", NonPublic::Loopback),
            ("::ffff:127.0.0.1", NonPublic::Loopback),
            ("::ffff:7f00:1", NonPublic::Loopback),
            ("::ffff:169.254.169.254", NonPublic::LinkLocal),
            ("::ffff:10.1.2.3", NonPublic::Private),
            ("::127.0.0.1", NonPublic::Loopback),
            ("::8.8.8.8", NonPublic::Reserved),
            ("64:ff9b::7f00:1", NonPublic::Loopback),
            ("64:ff9b::a9fe:a9fe", NonPublic::LinkLocal),
            ("2002:7f00:1::", NonPublic::Loopback),
            ("2002:c0a8:101::1", NonPublic::Private),
            ("fc00::1", NonPublic::UniqueLocal),
            ("fd12:3456::1", NonPublic::UniqueLocal),
            ("fe80::1", NonPublic::LinkLocal),
            ("febf::1", NonPublic::LinkLocal),
            ("fec0::1", NonPublic::Private),
            ("ff02::1", NonPublic::Multicast),
            ("2001:db8::1", NonPublic::Documentation),
            ("3fff::1", NonPublic::Documentation),
            ("2001::1", NonPublic::Reserved),
            ("2001:10::1", NonPublic::Reserved),
            ("2001:2::1", NonPublic::Benchmarking),
            ("100::1", NonPublic::Reserved),
            ("4000::1", NonPublic::Reserved),
        ] {
            assert_eq!(non_public(ip(address)), Some(why), "{address}");
            assert!(!WebhookPolicy::PUBLIC_ONLY.allows(ip(address)), "{address}");
            assert!(WebhookPolicy::ALLOW_PRIVATE.allows(ip(address)), "{address}");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "192.0.1.1",
            "192.169.0.1",
            "198.17.255.255",
            "198.20.0.1",
            "223.255.255.255",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(non_public(ip(address)), None, "{address}");
            assert!(WebhookPolicy::PUBLIC_ONLY.allows(ip(address)), "{address}");
        }
    }

    #[test]
    fn every_spelling_of_loopback_is_read_as_loopback() {
        // The forms the URL standard turns into 127.0.0.1 (and the HTTP client with it).
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.1/",
            "http://127.1/",
            "http://127.0.1/",
            "http://0177.0.0.1/",
            "http://017700000001/",
            "http://0x7F.0.0.1:8080/hook",
            "https://127.0.0.1./x",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:127.0.0.1]/",
            "http://%31%32%37.0.0.1/",
            "http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/",
        ] {
            let target = webhook_target(url).unwrap_or_else(|e| panic!("{url}: {e:?}"));
            let WebhookHost::Ip(address) = target.host else { panic!("{url} read as a name: {target:?}") };
            assert_eq!(non_public(address), Some(NonPublic::Loopback), "{url} → {address}");
            assert_eq!(check_webhook_target(url, WebhookPolicy::PUBLIC_ONLY), Err(Problem::WebhookAddress), "{url}");
            assert!(check_webhook_target(url, WebhookPolicy::ALLOW_PRIVATE).is_ok(), "{url}");
        }
    }

    #[test]
    fn metadata_private_and_local_names_are_refused_without_dns() {
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00:ec2::254]/",
            "http://0xa9fea9fe/",
            "http://2852039166/",
            "http://10.0.0.1:8080/",
            "http://192.168.0.1/",
            "http://100.100.100.200/",
            "http://0/",
            "http://0.0.0.0:5432/",
            "http://[::]/",
            "http://localhost/",
            "http://LOCALHOST:3000/",
            "http://localhost./",
            "http://api.localhost/",
        ] {
            assert_eq!(check_webhook_target(url, WebhookPolicy::PUBLIC_ONLY), Err(Problem::WebhookAddress), "{url}");
        }
    }

    #[test]
    fn public_urls_keep_their_host_and_port() {
        assert_eq!(
            check_webhook_target("https://hooks.example.com/pd", WebhookPolicy::PUBLIC_ONLY),
            Ok(WebhookTarget { host: WebhookHost::Name("hooks.example.com".into()), port: 443 })
        );
        assert_eq!(
            check_webhook_target("http://8.8.8.8:8080/x", WebhookPolicy::PUBLIC_ONLY),
            Ok(WebhookTarget { host: WebhookHost::Ip(ip("8.8.8.8")), port: 8080 })
        );
        assert_eq!(webhook_target("ftp://x.example/"), Err(Problem::WebhookUrl));
        assert_eq!(webhook_target("not a url"), Err(Problem::WebhookUrl));
        assert!(!is_local_name("localhost.example.com"));
        assert!(!is_local_name("notlocalhost"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The IPv4 blocks that must never be reached, as (first address, prefix length).
    const BLOCKED_V4: [([u8; 4], u32); 15] = [
        ([0, 0, 0, 0], 8),
        ([10, 0, 0, 0], 8),
        ([100, 64, 0, 0], 10),
        ([127, 0, 0, 0], 8),
        ([169, 254, 0, 0], 16),
        ([172, 16, 0, 0], 12),
        ([192, 0, 0, 0], 24),
        ([192, 0, 2, 0], 24),
        ([192, 88, 99, 0], 24),
        ([192, 168, 0, 0], 16),
        ([198, 18, 0, 0], 15),
        ([198, 51, 100, 0], 24),
        ([203, 0, 113, 0], 24),
        ([224, 0, 0, 0], 4),
        ([240, 0, 0, 0], 4),
    ];

    fn blocked_v4(ip: Ipv4Addr) -> bool {
        BLOCKED_V4.iter().any(|(base, len)| {
            let mask = u32::MAX << (32 - len);
            u32::from(ip) & mask == u32::from(Ipv4Addr::from(*base))
        })
    }

    proptest! {
        /// Against an independent table of the blocks: an IPv4 address is allowed exactly when
        /// it lies in none of them, and every IPv6 form that carries it gets the same answer.
        #[test]
        fn ipv4_and_its_ipv6_forms_agree_with_the_table(bits in any::<u32>()) {
            let v4 = Ipv4Addr::from(bits);
            let allowed = WebhookPolicy::PUBLIC_ONLY.allows(IpAddr::V4(v4));
            prop_assert_eq!(allowed, !blocked_v4(v4), "{}", v4);
            prop_assert_eq!(WebhookPolicy::PUBLIC_ONLY.allows(IpAddr::V6(v4.to_ipv6_mapped())), allowed);
            let [a, b, c, d] = v4.octets();
            let nat64 = Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
            prop_assert_eq!(WebhookPolicy::PUBLIC_ONLY.allows(IpAddr::V6(nat64)), allowed);
            let six_to_four = Ipv6Addr::new(0x2002, u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]), 0, 0, 0, 0, 1);
            prop_assert_eq!(WebhookPolicy::PUBLIC_ONLY.allows(IpAddr::V6(six_to_four)), allowed);
            // IPv4-compatible IPv6 is never a destination.
            prop_assert!(!WebhookPolicy::PUBLIC_ONLY.allows(IpAddr::V6(v4.to_ipv6_compatible())));
        }

        /// Every spelling the URL standard accepts for an address (decimal, hexadecimal, octal,
        /// shortened) is read as that address, so its check cannot be dodged.
        #[test]
        fn every_spelling_of_an_ipv4_address_is_read_as_it(bits in any::<u32>(), form in 0..4usize) {
            let v4 = Ipv4Addr::from(bits);
            let [a, b, c, d] = v4.octets();
            let host = match form {
                0 => bits.to_string(),
                1 => format!("0x{bits:x}"),
                2 => format!("0{a:o}.0{b:o}.0{c:o}.0{d:o}"),
                _ => format!("{a}.{}", (u32::from(b) << 16) | (u32::from(c) << 8) | u32::from(d)),
            };
            let url = format!("http://{host}:8080/hook");
            let target = webhook_target(&url);
            prop_assert_eq!(target.clone().map(|t| t.host), Ok(WebhookHost::Ip(IpAddr::V4(v4))), "{}", url);
            let refused = check_webhook_target(&url, WebhookPolicy::PUBLIC_ONLY) == Err(Problem::WebhookAddress);
            prop_assert_eq!(refused, blocked_v4(v4), "{}", url);
        }

        /// Any text: reading it never panics, and a target found is an http(s) host and port.
        #[test]
        fn reading_any_text_never_panics(text in "\\PC{0,80}|https?://[a-z0-9.:\\[\\]-]{0,40}(/\\PC{0,10})?") {
            let _ = check_webhook_target(&text, WebhookPolicy::PUBLIC_ONLY);
            let _ = webhook_target(&text);
        }
    }
}
