//! Which code each page loads in the browser: the islands builds of the app and the pages
//! that load each.

/// Which code a page loads in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageCode {
    /// A staff's page served whole by the server, on which only the islands (the header's
    /// language switch, the banners, the outbox, a wizard) hydrate, from a small build of the
    /// app with only those islands. Its links and forms work as plain HTML: a form posts, the
    /// server answers with the page.
    Islands(IslandsBuild),
    /// The client's offer pages: the `offer-form` module, no Leptos at all.
    OfferForm,
}

/// The builds of the app with only islands (crate `staff-islands`, feature `islands-only`).
/// Each carries the islands every page served whole has (the language switch, the banners,
/// the outbox) and those of its own pages, under a feature of its own ([`IslandsBuild::feature`]),
/// so a page never downloads another group's forms or the other wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IslandsBuild {
    /// The pages that only read and post: sign-in, the lists, the home and offline pages.
    Pages,
    /// The organisation's Settings pages' forms: partner offices, website embedding, offer
    /// prices and the provider profile.
    SettingsPages,
    /// The Global admin's Settings pages' forms: users, API keys and webhooks.
    AdminPages,
    /// The partner pages' forms: a partnership request's email, a reseller's registration, a
    /// subscription's reseller and support contact.
    PartnerPages,
    /// Create purchase offer and the Send page.
    OfferWizard,
    /// New customer and Add subscription.
    CustomerWizard,
}

impl IslandsBuild {
    pub const ALL: [IslandsBuild; 6] = [
        IslandsBuild::Pages,
        IslandsBuild::SettingsPages,
        IslandsBuild::AdminPages,
        IslandsBuild::PartnerPages,
        IslandsBuild::OfferWizard,
        IslandsBuild::CustomerWizard,
    ];

    /// The feature of crates `app` and `staff-islands` that makes this build.
    pub fn feature(self) -> &'static str {
        match self {
            IslandsBuild::Pages => "pages",
            IslandsBuild::SettingsPages => "settings-pages",
            IslandsBuild::AdminPages => "admin-pages",
            IslandsBuild::PartnerPages => "partner-pages",
            IslandsBuild::OfferWizard => "offer-wizard",
            IslandsBuild::CustomerWizard => "customer-wizard",
        }
    }

    /// The name of the build's files under /pkg (`<name>.js`, `<name>.wasm`). The pages that
    /// read and post load the site's own module, which cargo-leptos builds from crate
    /// `staff-islands` under the site's output name (`Cargo.toml`); `scripts/build-site.sh`
    /// writes the others, each under its feature's name.
    pub fn module_name(self) -> &'static str {
        match self {
            IslandsBuild::Pages => SITE_MODULE,
            other => other.feature(),
        }
    }

    /// Whether the service worker keeps this build: the pages that open offline
    /// ([`crate::pwa::OFFLINE_PAGES`] and the offline page) load only these.
    pub fn works_offline(self) -> bool {
        matches!(self, IslandsBuild::Pages | IslandsBuild::OfferWizard | IslandsBuild::CustomerWizard)
    }
}

/// The site's output name (cargo-leptos's `output-name`), which names its module and stylesheet.
pub const SITE_MODULE: &str = "partnerdesk";

/// The pages served whole, with islands (see [`PageCode::Islands`]), and the build each loads,
/// by route (`:name` stands for one segment; the first route that matches counts): the home and
/// offline pages, sign-in, the lists and the pages whose forms post and come back (their
/// results are in the address or in the page the server renders next), and the two wizards,
/// each one island that starts from the data the page brings (so a page the service worker kept
/// opens offline as it is).
pub const ISLAND_PAGES: &[(&str, IslandsBuild)] = &[
    ("/", IslandsBuild::Pages),
    (crate::pwa::OFFLINE_PATH, IslandsBuild::Pages),
    ("/sign-in", IslandsBuild::Pages),
    ("/customers", IslandsBuild::Pages),
    (crate::renewals::RENEWALS_PATH, IslandsBuild::Pages),
    // The calendar feed's address is made by an island and shown once.
    (crate::renewals::CALENDAR_PATH, IslandsBuild::PartnerPages),
    ("/offers", IslandsBuild::Pages),
    ("/settings/audit-log", IslandsBuild::Pages),
    ("/directory", IslandsBuild::Pages),
    ("/resellers", IslandsBuild::Pages),
    ("/resellers/:id/remove", IslandsBuild::Pages),
    ("/resellers/:id/offers", IslandsBuild::Pages),
    ("/resellers/requests/:id", IslandsBuild::PartnerPages),
    ("/providers", IslandsBuild::Pages),
    ("/customers/:id/reseller", IslandsBuild::Pages),
    // Delegated administration: lists and plain forms (the approval link's Copy is the
    // every-build CopyButtonIsland); the client's approval page likewise.
    (crate::delegated_admin::DELEGATED_ADMIN_PATH, IslandsBuild::Pages),
    ("/delegated-admin/approve/:token", IslandsBuild::Pages),
    ("/customers/:id/delegated-admin", IslandsBuild::Pages),
    // The incentive report: a plain form, no island.
    (crate::customers::incentives::INCENTIVES_PATH, IslandsBuild::Pages),
    ("/settings/locations", IslandsBuild::SettingsPages),
    ("/settings/api-keys", IslandsBuild::AdminPages),
    ("/settings/users", IslandsBuild::AdminPages),
    ("/settings/embedding", IslandsBuild::SettingsPages),
    ("/settings/offer-prices", IslandsBuild::SettingsPages),
    ("/settings/provider-profile", IslandsBuild::SettingsPages),
    ("/operator/profile-changes", IslandsBuild::Pages),
    ("/operator/mpn-id-conflicts", IslandsBuild::Pages),
    ("/operator/email", IslandsBuild::Pages),
    // Price lists: plain forms, no island.
    (crate::price_lists::PRICE_LISTS_PATH, IslandsBuild::Pages),
    ("/operator/price-lists/uploads/:id", IslandsBuild::Pages),
    ("/operator/price-lists/:id", IslandsBuild::Pages),
    // The development mailbox: lists and links, no island.
    (crate::operator::mailbox::MAILBOX_PATH, IslandsBuild::Pages),
    ("/operator/mailbox/:id", IslandsBuild::Pages),
    // The organisations console: plain forms, no island.
    ("/operator/organisations", IslandsBuild::Pages),
    ("/operator/join-requests", IslandsBuild::Pages),
    // Join PartnerDesk and its confirmation link: plain forms, no island.
    (crate::join::JOIN_PATH, IslandsBuild::Pages),
    ("/join/confirm/:token", IslandsBuild::Pages),
    // A reseller registration's confirmation link: a plain form, no island.
    ("/register/confirm/:token", IslandsBuild::Pages),
    // Two-step verification: the second step of signing in, setting it up, the recovery codes
    // (plain forms, no island).
    (crate::auth::mfa::CODE_PATH, IslandsBuild::Pages),
    (crate::auth::mfa::SETUP_PATH, IslandsBuild::Pages),
    (crate::auth::mfa::RECOVERY_CODES_PATH, IslandsBuild::Pages),
    // Settings > Notifications: a plain form, no island.
    (crate::notifications::NOTIFICATIONS_PATH, IslandsBuild::Pages),
    ("/operator/organisations/:id", IslandsBuild::Pages),
    ("/partnerships/:token", IslandsBuild::PartnerPages),
    ("/settings/webhooks", IslandsBuild::AdminPages),
    // Settings > My account: a plain form, no island.
    (crate::auth::ACCOUNT_PATH, IslandsBuild::Pages),
    // Forgot password? and the page its emailed link opens: plain forms, no island.
    (crate::auth::password_reset::FORGOT_PATH, IslandsBuild::Pages),
    ("/password/reset/:token", IslandsBuild::Pages),
    // An invitation's link: a plain form, no island.
    ("/invitation/:token", IslandsBuild::Pages),
    // First run on an empty database: a plain form, no island.
    (crate::auth::first_run::SETUP_PATH, IslandsBuild::Pages),
    ("/offers/new", IslandsBuild::OfferWizard),
    // A provider's user making an offer for a reseller: the same wizard.
    ("/resellers/:id/offers/new", IslandsBuild::OfferWizard),
    // The Send page, opened after the wizard: its message is an island of the wizard's build.
    ("/offers/:summary", IslandsBuild::OfferWizard),
    ("/customers/new", IslandsBuild::CustomerWizard),
    ("/customers/:id/subscriptions/new", IslandsBuild::CustomerWizard),
    ("/customers/:id/subscriptions/:subscription", IslandsBuild::PartnerPages),
];

/// Whether `path` is the page of `route` (see [`ISLAND_PAGES`]).
pub fn route_matches(route: &str, path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    let (mut route, mut path) = (route.split('/'), path.split('/'));
    loop {
        match (route.next(), path.next()) {
            (None, None) => return true,
            (Some(r), Some(p)) if r.starts_with(':') && !p.is_empty() => {}
            (Some(r), Some(p)) if r == p => {}
            _ => return false,
        }
    }
}

impl PageCode {
    pub fn for_path(path: &str) -> PageCode {
        if crate::offers::client::page::is_client_page(path) {
            PageCode::OfferForm
        } else {
            // Any other address (a page that does not exist) is served whole too.
            let build = ISLAND_PAGES.iter().find(|(route, _)| route_matches(route, path)).map(|(_, build)| *build);
            PageCode::Islands(build.unwrap_or(IslandsBuild::Pages))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_loads_its_code() {
        assert_eq!(PageCode::for_path("/customers"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/customers/"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/offers"), PageCode::Islands(IslandsBuild::Pages));
        // Each wizard loads its own build; a route with a parameter matches any one segment.
        assert_eq!(PageCode::for_path("/customers/new"), PageCode::Islands(IslandsBuild::CustomerWizard));
        assert_eq!(PageCode::for_path("/offers/new"), PageCode::Islands(IslandsBuild::OfferWizard));
        assert_eq!(PageCode::for_path("/"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path(crate::pwa::OFFLINE_PATH), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/resellers"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/resellers/12/remove"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/customers/3/reseller"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/customers/3/subscriptions/9"), PageCode::Islands(IslandsBuild::PartnerPages));
        assert_eq!(PageCode::for_path("/settings/users"), PageCode::Islands(IslandsBuild::AdminPages));
        assert_eq!(PageCode::for_path("/settings/locations"), PageCode::Islands(IslandsBuild::SettingsPages));
        assert_eq!(PageCode::for_path("/settings/audit-log"), PageCode::Islands(IslandsBuild::Pages));
        assert!(!route_matches("/resellers/:id/remove", "/resellers//remove"));
        assert!(!route_matches("/resellers/:id/remove", "/resellers/12/remove/more"));
        assert_eq!(PageCode::for_path("/no/such/page"), PageCode::Islands(IslandsBuild::Pages));
        // Every page of the router has its build: checked against the router's own list by the
        // server (http_layers' tests).
        // The Send page shares the wizard's build, Add subscription the New customer wizard's.
        assert_eq!(PageCode::for_path("/offers/PO-1234-5678"), PageCode::Islands(IslandsBuild::OfferWizard));
        assert_eq!(PageCode::for_path("/operator/profile-changes"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/customers/3/subscriptions/new"), PageCode::Islands(IslandsBuild::CustomerWizard));
        assert_eq!(PageCode::for_path("/offer/abc/def"), PageCode::OfferForm);
        // Every islands build is built, under the name the shell loads: the pages' build by
        // cargo-leptos (the site's module), the wizards' by scripts/build-site.sh.
        let config = include_str!("../../../Cargo.toml");
        assert!(config.contains(&format!("output-name = \"{SITE_MODULE}\"")), "the site's module is {SITE_MODULE}");
        assert!(config.contains("lib-package = \"staff-islands\""), "cargo-leptos builds the islands, not the whole app");
        assert!(config.contains("lib-features = [\"pages\"]"), "cargo-leptos builds the pages' islands");
        // The build script builds what `partnerdesk builds` lists (IslandsBuild::ALL); the two
        // Cargo feature lists are the only other places that name the builds.
        let build_script = include_str!("../../../scripts/build-site.sh");
        assert!(build_script.contains("partnerdesk\" builds)"), "scripts/build-site.sh reads the list of builds from the server");
        let features = include_str!("../../../staff-islands/Cargo.toml");
        let app_features = include_str!("../../Cargo.toml");
        for build in IslandsBuild::ALL {
            let (name, feature) = (build.module_name(), build.feature());
            assert!(features.contains(&format!("{feature} = [\"app/{feature}\"]")), "staff-islands has feature {feature}");
            assert!(app_features.contains(&format!("{feature} = [\"islands-only\"]")), "app has feature {feature}");
            assert!(ISLAND_PAGES.iter().any(|(_, b)| *b == build), "some page loads {name}");
        }
        assert_eq!(PageCode::for_path("/embed/offer/abc/def"), PageCode::OfferForm);
    }
}
