//! The app shell: the HTML document, the header with the Partner Center menu, and the routes.

use crate::auth::{get_current_user, CurrentUser, SignIn, SignOut};
use crate::components::{use_user, NotFound, UserResource};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key, Locale, LocaleContext};
use crate::roles::Permission;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_query_map;
use leptos_router::path;
use leptos_router::SsrMode;

/// The whole HTML document, rendered on the server.
pub fn shell(mut options: LeptosOptions) -> impl IntoView {
    let locale = initial_locale();
    // The build's files are addressed under /pkg/<build id>/, so a page and the WebAssembly,
    // JavaScript and CSS it loads always come from the same build (the service worker keeps
    // them together; see crate::pwa).
    if let Some(crate::pwa::BuildId(build)) = use_context::<crate::pwa::BuildId>() {
        options.site_pkg_dir = format!("{}/{build}", options.site_pkg_dir).into();
    }
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    #[cfg(feature = "ssr")]
    let code = use_context::<http::request::Parts>().map(|parts| PageCode::for_path(parts.uri.path())).unwrap_or(PageCode::StaffApp);
    #[cfg(not(feature = "ssr"))]
    let code = PageCode::StaffApp;
    provide_context(code);
    let pkg = options.site_pkg_dir.to_string();
    // Scripts run only from this site or with this response's nonce (the hydration scripts
    // carry it); the HTTP layer adds the framing rules to this policy.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = http::HeaderValue::from_str(&page_policy(&nonce, cfg!(debug_assertions))) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f4c81" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                <link rel="stylesheet" id="leptos" href=stylesheet />
                <AutoReload options=options.clone() />
                {match code {
                    PageCode::OfferForm => view! { <OfferFormScripts pkg /> }.into_any(),
                    PageCode::Islands(build) => {
                        // The page's texts first: the islands build has no catalog (deferred
                        // scripts run in order, before the module that hydrates the islands).
                        let texts = format!("/{pkg}/{}", crate::i18n::page_texts_file(locale));
                        let mut options = options;
                        options.output_name = build.module_name().into();
                        view! {
                            <script src=texts defer nonce=leptos::nonce::use_nonce()></script>
                            <HydrationScripts options islands=true />
                        }.into_any()
                    }
                    PageCode::StaffApp => view! { <HydrationScripts options /> }.into_any(),
                }}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Which code a page loads in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageCode {
    /// The staff's whole app, hydrated: the home page (the way in offline) and the pages not
    /// yet served whole. Pages opened from it render in it (its router), wizards included.
    StaffApp,
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
    /// The organisation's Settings pages' forms: partner offices, website embedding and the
    /// provider profile.
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
    ("/offers", IslandsBuild::Pages),
    ("/settings/audit-log", IslandsBuild::Pages),
    ("/directory", IslandsBuild::Pages),
    ("/resellers", IslandsBuild::Pages),
    ("/resellers/:id/remove", IslandsBuild::Pages),
    ("/resellers/requests/:id", IslandsBuild::PartnerPages),
    ("/providers", IslandsBuild::Pages),
    ("/customers/:id/reseller", IslandsBuild::Pages),
    ("/settings/locations", IslandsBuild::SettingsPages),
    ("/settings/api-keys", IslandsBuild::AdminPages),
    ("/settings/users", IslandsBuild::AdminPages),
    ("/settings/embedding", IslandsBuild::SettingsPages),
    ("/settings/provider-profile", IslandsBuild::SettingsPages),
    ("/operator/profile-changes", IslandsBuild::Pages),
    ("/operator/mpn-id-conflicts", IslandsBuild::Pages),
    ("/partnerships/:token", IslandsBuild::PartnerPages),
    ("/settings/webhooks", IslandsBuild::AdminPages),
    // Settings > My account: a plain form, no island.
    (crate::auth::ACCOUNT_PATH, IslandsBuild::Pages),
    ("/offers/new", IslandsBuild::OfferWizard),
    // The Send page, opened after the wizard: its message is an island of the wizard's build.
    ("/offers/:summary", IslandsBuild::OfferWizard),
    ("/customers/new", IslandsBuild::CustomerWizard),
    ("/customers/:id/subscriptions/new", IslandsBuild::CustomerWizard),
    ("/customers/:id/subscriptions/:subscription", IslandsBuild::PartnerPages),
];

/// Whether `path` is the page of `route` (see [`ISLAND_PAGES`]).
fn route_matches(route: &str, path: &str) -> bool {
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

    /// Whether the page is served whole, with islands.
    pub fn is_islands(self) -> bool {
        matches!(self, PageCode::Islands(_))
    }

    /// This page's code; in the browser, where only the staff's app renders pages, that one.
    pub fn current() -> PageCode {
        use_context::<PageCode>().unwrap_or(PageCode::StaffApp)
    }
}

/// Marks the page as hydrated (`<body data-hydrated>`): its controls answer now. End-to-end
/// tests wait for it.
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "");
    }
}

/// Loads the `offer-form` module (built by `scripts/build-site.sh` beside the app's files) and
/// starts it; the preload fetches its WebAssembly while the page is still being parsed.
#[component]
fn OfferFormScripts(pkg: String) -> impl IntoView {
    let name = crate::offers::client::page::MODULE_NAME;
    let js = format!("/{pkg}/{name}.js");
    let wasm = format!("/{pkg}/{name}_bg.wasm");
    let start = format!("import init from {js:?}; init({{ module_or_path: {wasm:?} }});");
    view! {
        <link rel="modulepreload" href=js />
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script type="module" nonce=leptos::nonce::use_nonce()>{start}</script>
    }
}

/// The Content-Security-Policy of a page: everything from this site, scripts only with the
/// nonce (or from this site), WebAssembly allowed to compile. In development builds the
/// live-reload websocket may connect too.
pub fn page_policy(nonce: &str, development: bool) -> String {
    let reload = if development { " ws://127.0.0.1:* ws://localhost:*" } else { "" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'{reload}; worker-src 'self'; manifest-src 'self'"
    )
}

/// The language of this page load: on the server from the request, in the browser from the
/// `<html lang>` the server rendered (so hydration never flashes another language).
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                let header = |name: http::header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
                crate::i18n::locale_from_query(parts.uri.query())
                    .unwrap_or_else(|| crate::i18n::locale_from_headers(header(http::header::COOKIE), header(http::header::ACCEPT_LANGUAGE)))
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
}

/// The sign-in and sign-out actions, shared so the user is reloaded after either.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    /// Registering a reseller organisation also signs its first user in.
    pub register: ServerAction<crate::resellers::RegisterReseller>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = RwSignal::new(initial_locale());
    provide_context(LocaleContext(locale));
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let register = ServerAction::<crate::resellers::RegisterReseller>::new();
    provide_context(AuthActions { sign_in, sign_out, register });
    let user = Resource::new_blocking(move || (sign_in.version().get(), sign_out.version().get(), register.version().get()), |_| get_current_user());
    provide_context(UserResource(user));
    crate::pwa::Pwa::provide(Signal::derive(move || user.get().and_then(|r| r.ok()).flatten().map(|u| u.id)));
    // Effects run only in the browser: mark the page as hydrated (end-to-end tests wait for it).
    Effect::new(move |_| mark_hydrated());
    let islands = PageCode::current().is_islands();
    // On a page with islands, the banners and the outbox are islands, told who is signed in.
    let for_user = move |island: fn(Option<i64>) -> AnyView| {
        view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { island(user.await.ok().flatten().map(|u| u.id)) })}
            </Suspense>
        }
        .into_any()
    };

    view! {
        <Title text="PartnerDesk" />
        <Router>
            <a class="skip-link" href="#main">{tr(Key::SkipToContent)}</a>
            <Header />
            {if islands {
                for_user(|user| view! { <crate::pwa::BannersIsland user /> }.into_any())
            } else {
                view! { <crate::pwa::ConnectionBanner /> <crate::pwa::UpdateBanner /> }.into_any()
            }}
            <main id="main" tabindex="-1">
                {if islands {
                    for_user(|user| view! { <crate::pwa::OutboxIsland user /> }.into_any())
                } else {
                    view! { <crate::pwa::OutboxPanel /> }.into_any()
                }}
                // Pages render whole before the first byte is sent (SsrMode::Async): their HTTP
                // status (403, 404) depends on data, and a streamed response has already sent it.
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") ssr=SsrMode::Async view=Home />
                    <Route path=path!("/sign-in") ssr=SsrMode::Async view=SignInPage />
                    <Route path=path!("/offline") ssr=SsrMode::Async view=crate::pwa::OfflinePage />
                    <Route path=path!("/offers") ssr=SsrMode::Async view=crate::offers::OffersPage />
                    <Route path=path!("/offers/new") ssr=SsrMode::Async view=crate::offers::CreateOfferPage />
                    <Route path=path!("/offers/:summary") ssr=SsrMode::Async view=crate::offers::OfferPage />
                    <Route path=path!("/settings/locations") ssr=SsrMode::Async view=crate::offices::LocationsPage />
                    <Route path=path!("/resellers") ssr=SsrMode::Async view=crate::resellers::ResellersPage />
                    <Route path=path!("/resellers/requests/:id") ssr=SsrMode::Async view=crate::resellers::PartnershipRequestPage />
                    <Route path=path!("/resellers/:id/remove") ssr=SsrMode::Async view=crate::resellers::RemovePartnershipPage />
                    <Route path=path!("/partnerships/:token") ssr=SsrMode::Async view=crate::resellers::AcceptPartnershipPage />
                    <Route path=path!("/providers") ssr=SsrMode::Async view=crate::resellers::ProvidersPage />
                    <Route path=path!("/customers") ssr=SsrMode::Async view=crate::customers::CustomersPage />
                    <Route path=path!("/customers/new") ssr=SsrMode::Async view=crate::customers::NewCustomerPage />
                    <Route path=path!("/customers/:id/reseller") ssr=SsrMode::Async view=crate::customers::CustomerResellerPage />
                    <Route path=path!("/customers/:id/subscriptions/new") ssr=SsrMode::Async view=crate::customers::AddSubscriptionPage />
                    <Route path=path!("/customers/:id/subscriptions/:sid") ssr=SsrMode::Async view=crate::customers::SubscriptionPage />
                    <Route path=path!("/offer/:code/:token") ssr=SsrMode::Async view=crate::offers::ClientOfferPage />
                    <Route path=path!("/offer/:code/:token/accepted/:receipt") ssr=SsrMode::Async view=crate::offers::AcceptedPage />
                    <Route path=path!("/embed/offer/:code/:token") ssr=SsrMode::Async view=crate::offers::ClientOfferPage />
                    <Route path=path!("/embed/offer/:code/:token/accepted/:receipt") ssr=SsrMode::Async view=crate::offers::AcceptedPage />
                    <Route path=path!("/settings/audit-log") ssr=SsrMode::Async view=crate::audit::AuditLogPage />
                    <Route path=path!("/settings/users") ssr=SsrMode::Async view=crate::users::UsersPage />
                    <Route path=path!("/settings/account") ssr=SsrMode::Async view=crate::account::AccountPage />
                    <Route path=path!("/settings/api-keys") ssr=SsrMode::Async view=crate::developer::ApiKeysPage />
                    <Route path=path!("/settings/webhooks") ssr=SsrMode::Async view=crate::developer::WebhooksPage />
                    <Route path=path!("/settings/embedding") ssr=SsrMode::Async view=crate::offers::EmbeddingPage />
                    <Route path=path!("/settings/provider-profile") ssr=SsrMode::Async view=crate::providers::ProviderProfilePage />
                    <Route path=path!("/directory") ssr=SsrMode::Async view=crate::providers::DirectoryPage />
                    <Route path=path!("/operator/profile-changes") ssr=SsrMode::Async view=crate::providers::ProfileChangesPage />
                    <Route path=path!("/operator/mpn-id-conflicts") ssr=SsrMode::Async view=crate::operator::MpnIdConflictsPage />
                </Routes>
            </main>
        </Router>
    }
}

/// One entry of the Partner Center menu, shown when the user holds its permission.
struct MenuItem {
    href: &'static str,
    label: Key,
    permission: Permission,
}

const MENU: &[MenuItem] = &[
    MenuItem { href: "/customers", label: Key::NavCustomers, permission: Permission::ViewCustomers },
    MenuItem { href: "/resellers", label: Key::NavIndirectResellers, permission: Permission::ManagePartnerships },
    MenuItem { href: "/providers", label: Key::NavIndirectProviders, permission: Permission::ViewProviders },
    MenuItem { href: "/directory", label: Key::NavDirectory, permission: Permission::ViewProviders },
    MenuItem { href: "/offers", label: Key::NavTrialsAndOffers, permission: Permission::ManageOffers },
    MenuItem { href: "/offers/new", label: Key::NavCreateOffer, permission: Permission::ManageOffers },
    MenuItem { href: "/settings/locations", label: Key::NavLocations, permission: Permission::ManageOffices },
    MenuItem { href: "/settings/embedding", label: Key::EmbeddingTitle, permission: Permission::ManageOffers },
    MenuItem { href: "/settings/provider-profile", label: Key::NavProviderProfile, permission: Permission::ViewProviderProfile },
    MenuItem { href: "/operator/profile-changes", label: Key::NavProfileChanges, permission: Permission::ReviewProviderProfiles },
    MenuItem { href: "/operator/mpn-id-conflicts", label: Key::NavMpnIdConflicts, permission: Permission::ResolveMpnIdConflicts },
    MenuItem { href: "/settings/users", label: Key::NavUsers, permission: Permission::ManageUsers },
    MenuItem { href: "/settings/audit-log", label: Key::NavAuditLog, permission: Permission::ViewAuditLog },
    MenuItem { href: "/settings/api-keys", label: Key::NavApiKeys, permission: Permission::ManageApiKeys },
    MenuItem { href: "/settings/webhooks", label: Key::NavWebhooks, permission: Permission::ManageWebhooks },
    // Every signed-in user's own settings (the password).
    MenuItem { href: crate::auth::ACCOUNT_PATH, label: Key::NavMyAccount, permission: Permission::ManageOwnAccount },
];

fn menu_for(user: &CurrentUser) -> Vec<&'static MenuItem> {
    MENU.iter().filter(|item| user.can(item.permission)).collect()
}

#[component]
fn Header() -> impl IntoView {
    let user = use_user();
    // Read here, not inside the Transition below: once, during an end-to-end run, a context
    // lookup made while the server resolved that Transition deadlocked in Leptos's owner cleanup
    // (reactive_graph's with_context dropped the last reference to an owner), so the lookups in
    // there are kept to the ones the language switch itself makes.
    let islands = PageCode::current().is_islands();
    // Offers embedded in a partner's website show their own compact header only.
    if leptos_router::hooks::use_location().pathname.get_untracked().starts_with("/embed/") {
        return ().into_any();
    }
    view! {
        <header class="site-header">
            <a class="brand" href="/">{tr(Key::AppName)}</a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => view! { <SignedInMenu user=u islands /> }.into_any(),
                        _ => view! {
                            <div class="header-tools">
                                <a href="/directory">{tr(Key::NavDirectory)}</a>
                                <HeaderLanguageSwitcher islands />
                                <a class="button" href="/sign-in">{tr(Key::SignIn)}</a>
                            </div>
                        }.into_any(),
                    }
                })}
            </Transition>
        </header>
    }
    .into_any()
}

#[component]
fn SignedInMenu(user: CurrentUser, islands: bool) -> impl IntoView {
    let locale = use_locale();
    let actions = expect_context::<AuthActions>();
    let items = menu_for(&user);
    let links = move || items.iter().copied().map(|item: &'static MenuItem| view! { <li><A href=item.href>{tr(item.label)}</A></li> }).collect_view();
    let name = user.name.clone();
    view! {
        <nav class="main-nav" aria-label=tr(Key::MainMenu)>
            <details class="menu-toggle">
                <summary>{tr(Key::OpenMenu)}</summary>
                <ul>{links.clone()}</ul>
            </details>
            <ul class="wide-menu">{links}</ul>
        </nav>
        <div class="header-tools">
            <HeaderLanguageSwitcher islands />
            <span class="who" title=user.organisation_name.clone()>
                {move || locale.get().fill(Key::SignedInAs, &[("name", &name)])}
            </span>
            <ActionForm action=actions.sign_out attr:class="inline">
                <button type="submit" class="link">{tr(Key::SignOut)}</button>
            </ActionForm>
        </div>
    }
}

#[server(endpoint = "language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    let locale = Locale::from_tag(&lang).unwrap_or_default();
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::LANGUAGE_COOKIE, locale.tag());
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
    Ok(())
}

/// The language switch on a page that hydrates only its islands (Leptos cannot hydrate an
/// island inside the staff's app, so each kind of page renders its own).
// An island (see crate::pwa::BannersIsland).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn LanguageSwitcherIsland() -> impl IntoView {
    view! { <LanguageSwitcher reload=true /> }
}

/// The language switch for this page's code.
#[component]
fn HeaderLanguageSwitcher(islands: bool) -> impl IntoView {
    if islands {
        view! { <LanguageSwitcherIsland /> }.into_any()
    } else {
        view! { <LanguageSwitcher /> }.into_any()
    }
}

/// Choose the language; remembered in a cookie. Works without JavaScript too. With `reload`
/// (a page that hydrates only its islands), the page loads again in the new language once the
/// cookie is set.
#[component]
pub fn LanguageSwitcher(#[prop(optional)] reload: bool) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<SetLanguage>::new();
    let input = action.input();
    let value = action.value();
    Effect::new(move |_| {
        if reload && matches!(value.get(), Some(Ok(()))) {
            crate::pwa::reload_page();
        }
    });
    // Switch at once in the browser; the cookie makes the server agree on the next load.
    Effect::new(move |_| {
        if let Some(SetLanguage { lang }) = input.get() {
            if let Some(l) = Locale::from_tag(&lang) {
                locale.set(l);
                #[cfg(feature = "hydrate")]
                if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                    let _ = root.set_attribute("lang", l.tag());
                }
            }
        }
    });
    view! {
        <ActionForm action=action attr:class="language">
            <label class="visually-hidden" for="language-select">{tr(Key::Language)}</label>
            <select id="language-select" name="lang"
                on:change=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(form) = event_target::<web_sys::HtmlElement>(&ev)
                        .closest("form").ok().flatten()
                        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
                    {
                        let _ = form.request_submit();
                    }
                }>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || locale.get() == l>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <noscript><button type="submit" class="link">{tr(Key::Language)}</button></noscript>
        </ActionForm>
    }
}

#[component]
fn Home() -> impl IntoView {
    let user = use_user();
    let locale = use_locale();
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => {
                        let name = u.name.clone();
                        let roles = u.roles.clone();
                        let programs = u.programs.list();
                        let items = menu_for(&u);
                        view! {
                            <h1>{move || locale.get().fill(Key::Welcome, &[("name", &name)])}</h1>
                            <p>{tr(Key::HomeIntro)}</p>
                            <dl class="facts">
                                <dt>{tr(Key::YourOrganisation)}</dt><dd>{u.organisation_name.clone()}</dd>
                                <dt>{tr(Key::Programs)}</dt>
                                <dd>{move || programs.iter().map(|p| locale.get().t(p.key())).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>{tr(Key::YourRoles)}</dt>
                                <dd>{move || roles.iter().map(|r| locale.get().t(r.key())).collect::<Vec<_>>().join(", ")}</dd>
                            </dl>
                            <ul class="tasks">
                                {items.into_iter().map(|item| view! {
                                    <li><A href=item.href>{tr(item.label)}</A></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                    _ => view! {
                        <section class="landing">
                            <h1>{tr(Key::LandingTitle)}</h1>
                            <p>{tr(Key::LandingIntro)}</p>
                            <div class="actions">
                                <a class="button primary" href="/sign-in">{tr(Key::SignIn)}</a>
                                <a class="button" href="/directory">{tr(Key::DirectoryTitle)}</a>
                            </div>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInPage() -> impl IntoView {
    let actions = expect_context::<AuthActions>();
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_else(|| "/".to_string());
    // A plain form post (the page served whole, or no JavaScript) comes back with the server's
    // error in the address; the router reads it for the actions created under it, as this one.
    let posted = ServerAction::<SignIn>::new().value().get_untracked().and_then(|r| r.err());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::SignIn)) />
        <section class="narrow">
            <h1>{tr(Key::SignInTitle)}</h1>
            <p>{tr(Key::SignInIntro)}</p>
            {if PageCode::current().is_islands() {
                view! { <SignInFormIsland next posted /> }.into_any()
            } else {
                view! { <SignInForm action=actions.sign_in next posted /> }.into_any()
            }}
        </section>
    }
}

/// The sign-in form on the page served whole: it signs in without leaving the page (what was
/// typed stays after a refusal), then opens the page asked for.
// An island of the pages' build only (sign-in is one of its pages).
#[cfg_attr(any(feature = "ssr", feature = "pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "pages")), component)]
fn SignInFormIsland(next: String, posted: Option<AppError>) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let target = crate::auth::safe_next(Some(&next));
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            crate::pwa::open_page(&target);
        }
    });
    view! { <SignInForm action next posted /> }
}

#[component]
fn SignInForm(action: ServerAction<SignIn>, next: String, posted: Option<AppError>) -> impl IntoView {
    let locale = use_locale();
    let error = move || match action.value().get() {
        Some(result) => result.err(),
        None => posted.clone(),
    };
    view! {
        <ActionForm action attr:class="form">
            {move || error().map(|e| view! { <p class="error" role="alert" id="sign-in-error">{e.message(locale.get())}</p> })}
            <input type="hidden" name="next" value=next />
            <label for="email">{tr(Key::Email)}</label>
            <input id="email" type="email" name="email" required autocomplete="username" />
            <label for="password">{tr(Key::Password)}</label>
            <input id="password" type="password" name="password" required autocomplete="current-password" />
            <button type="submit" class="primary">{tr(Key::SignIn)}</button>
        </ActionForm>
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
        // Every page of the router is served whole, each with the build chosen for it.
        let routes: Vec<&str> = include_str!("app.rs").lines().filter_map(|l| l.split("path=path!(\"").nth(1)?.split('"').next()).collect();
        assert!(routes.len() > 20, "the router's pages are found: {routes:?}");
        for route in routes {
            let example = route.split('/').map(|s| if s.starts_with(':') { "7" } else { s }).collect::<Vec<_>>().join("/");
            let example = if example.is_empty() { "/".to_string() } else { example };
            assert!(
                crate::offers::client::page::is_client_page(&example) || ISLAND_PAGES.iter().any(|(r, _)| route_matches(r, &example)),
                "{route} has its build in ISLAND_PAGES"
            );
        }
        // The Send page shares the wizard's build, Add subscription the New customer wizard's.
        assert_eq!(PageCode::for_path("/offers/PO-1234-5678"), PageCode::Islands(IslandsBuild::OfferWizard));
        assert_eq!(PageCode::for_path("/operator/profile-changes"), PageCode::Islands(IslandsBuild::Pages));
        assert_eq!(PageCode::for_path("/customers/3/subscriptions/new"), PageCode::Islands(IslandsBuild::CustomerWizard));
        assert_eq!(PageCode::for_path("/offer/abc/def"), PageCode::OfferForm);
        // Every islands build is built, under the name the shell loads: the pages' build by
        // cargo-leptos (the site's module), the wizards' by scripts/build-site.sh.
        let config = include_str!("../../Cargo.toml");
        assert!(config.contains(&format!("output-name = \"{SITE_MODULE}\"")), "the site's module is {SITE_MODULE}");
        assert!(config.contains("lib-package = \"staff-islands\""), "cargo-leptos builds the islands, not the whole app");
        assert!(config.contains("lib-features = [\"pages\"]"), "cargo-leptos builds the pages' islands");
        let build_script = include_str!("../../scripts/build-site.sh");
        let features = include_str!("../../staff-islands/Cargo.toml");
        for build in IslandsBuild::ALL {
            let (name, feature) = (build.module_name(), build.feature());
            assert!(
                build == IslandsBuild::Pages || build_script.lines().any(|l| l == format!("module {name} staff-islands {name}.wasm {feature}")),
                "scripts/build-site.sh builds {name}"
            );
            assert!(features.contains(&format!("{feature} = [\"app/{feature}\"]")), "staff-islands has feature {feature}");
            assert!(ISLAND_PAGES.iter().any(|(_, b)| *b == build), "some page loads {name}");
        }
        assert_eq!(PageCode::for_path("/embed/offer/abc/def"), PageCode::OfferForm);
    }
}
