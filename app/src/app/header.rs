//! The site's header: the brand, the Partner Center menu the user's permissions allow, the
//! language switch and Sign out.

use super::LanguageSwitcherIsland;
use crate::auth::{CurrentUser, SignOut};
use crate::components::use_user;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::prelude::*;
use leptos_router::components::A;

/// One entry of the Partner Center menu, shown when the user holds its permission.
pub(super) struct MenuItem {
    pub(super) href: &'static str,
    pub(super) label: Key,
    permission: Permission,
}

const MENU: &[MenuItem] = &[
    MenuItem { href: "/customers", label: Key::NavCustomers, permission: Permission::ViewCustomers },
    MenuItem { href: crate::renewals::RENEWALS_PATH, label: Key::NavRenewalsShort, permission: Permission::ViewRenewals },
    MenuItem { href: crate::delegated_admin::DELEGATED_ADMIN_PATH, label: Key::NavDelegatedAdminShort, permission: Permission::ViewDelegatedAdmin },
    MenuItem { href: "/resellers", label: Key::NavIndirectResellers, permission: Permission::ManagePartnerships },
    MenuItem { href: "/providers", label: Key::NavIndirectProviders, permission: Permission::ViewProviders },
    MenuItem { href: "/directory", label: Key::NavDirectory, permission: Permission::ViewProviders },
    MenuItem { href: "/offers", label: Key::NavTrialsAndOffers, permission: Permission::ManageOffers },
    MenuItem { href: "/offers/new", label: Key::NavCreateOffer, permission: Permission::ManageOffers },
    MenuItem { href: "/settings/locations", label: Key::NavLocations, permission: Permission::ManageOffices },
    MenuItem { href: "/settings/embedding", label: Key::EmbeddingTitle, permission: Permission::ManageOffers },
    MenuItem { href: "/settings/offer-prices", label: Key::OfferPricesTitle, permission: Permission::SetDiscountLimit },
    MenuItem { href: "/settings/provider-profile", label: Key::NavProviderProfile, permission: Permission::ViewProviderProfile },
    MenuItem { href: "/operator/join-requests", label: Key::NavJoinRequests, permission: Permission::ManageOrganisations },
    MenuItem { href: "/operator/organisations", label: Key::NavOrganisations, permission: Permission::ManageOrganisations },
    MenuItem { href: "/operator/price-lists", label: Key::NavPriceLists, permission: Permission::ManagePriceLists },
    MenuItem { href: "/operator/profile-changes", label: Key::NavProfileChanges, permission: Permission::ReviewProviderProfiles },
    MenuItem { href: "/operator/mpn-id-conflicts", label: Key::NavMpnIdConflicts, permission: Permission::ResolveMpnIdConflicts },
    MenuItem { href: "/operator/email", label: Key::NavEmailLog, permission: Permission::ReadEmailLog },
    MenuItem { href: "/settings/users", label: Key::NavUsers, permission: Permission::ManageUsers },
    MenuItem { href: "/settings/notifications", label: Key::NavNotifications, permission: Permission::ManageNotifications },
    MenuItem { href: "/settings/audit-log", label: Key::NavAuditLog, permission: Permission::ViewAuditLog },
    MenuItem { href: "/settings/api-keys", label: Key::NavApiKeys, permission: Permission::ManageApiKeys },
    MenuItem { href: "/settings/webhooks", label: Key::NavWebhooks, permission: Permission::ManageWebhooks },
    // Every signed-in user's own settings (the password).
    MenuItem { href: crate::auth::ACCOUNT_PATH, label: Key::NavMyAccount, permission: Permission::ManageOwnAccount },
];

impl MenuItem {
    /// A Settings page: on a wide screen under the Settings menu, so that the header stays one
    /// row for a Global admin.
    fn is_setting(&self) -> bool {
        self.href.starts_with("/settings/")
    }
}

pub(super) fn menu_for(user: &CurrentUser) -> Vec<&'static MenuItem> {
    MENU.iter().filter(|item| user.can(item.permission)).collect()
}

#[component]
pub(super) fn Header() -> impl IntoView {
    let user = use_user();
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
                        Ok(Some(u)) => view! { <SignedInMenu user=u /> }.into_any(),
                        _ => view! {
                            <div class="header-tools">
                                <a href="/directory">{tr(Key::NavDirectory)}</a>
                                <LanguageSwitcherIsland />
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
fn SignedInMenu(user: CurrentUser) -> impl IntoView {
    let locale = use_locale();
    // A plain form post: the server signs out and answers with a redirect.
    let sign_out = ServerAction::<SignOut>::new();
    let items = menu_for(&user);
    fn link(item: &&'static MenuItem) -> impl IntoView + use<> {
        let (href, label) = (item.href, item.label);
        view! { <li><A href=href>{tr(label)}</A></li> }
    }
    let all = items.iter().map(link).collect_view();
    let (settings, pages): (Vec<_>, Vec<_>) = items.iter().partition(|item| item.is_setting());
    let pages = pages.iter().map(link).collect_view();
    let settings = (!settings.is_empty()).then(|| {
        let links = settings.iter().map(link).collect_view();
        // A disclosure: a button for keyboards and screen readers (Enter, Space), a tap on touch.
        view! {
            <li class="settings-menu">
                <details>
                    <summary>{tr(Key::NavSettings)}</summary>
                    <ul>{links}</ul>
                </details>
            </li>
        }
    });
    let name = user.name.clone();
    let signed_in_as = {
        let name = user.name.clone();
        move || locale.get().fill(Key::SignedInAs, &[("name", &name)])
    };
    view! {
        <nav class="main-nav" aria-label=tr(Key::MainMenu)>
            <details class="menu-toggle">
                <summary>{tr(Key::OpenMenu)}</summary>
                <ul>{all}</ul>
            </details>
            <ul class="wide-menu">{pages}{settings}</ul>
        </nav>
        <div class="header-tools">
            <LanguageSwitcherIsland />
            <span class="who" title=user.organisation_name.clone()>
                {move || locale.get().fill(Key::SignedInAs, &[("name", &name)])}
            </span>
            <ActionForm action=sign_out attr:class="inline">
                <button type="submit" class="link" title=signed_in_as>{tr(Key::SignOut)}</button>
            </ActionForm>
        </div>
    }
}
