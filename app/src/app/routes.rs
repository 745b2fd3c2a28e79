//! The app: the header, the banners and the outbox around the page of each route.

use super::header::{menu_for, Header};
use super::initial_locale;
use crate::auth::{get_current_user, SignInPage};
use crate::components::{use_user, NotFound, UserResource};
use crate::i18n::{tr, use_locale, Key, LocaleContext};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use leptos_router::SsrMode;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = RwSignal::new(initial_locale());
    provide_context(LocaleContext(locale));
    let user = Resource::new_blocking(|| (), |_| get_current_user());
    provide_context(UserResource(user));
    crate::pwa::Pwa::provide(Signal::derive(move || user.get().and_then(|r| r.ok()).flatten().map(|u| u.id)));
    // The banners and the outbox are islands, told who is signed in.
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
            {for_user(|user| view! { <crate::pwa::BannersIsland user /> }.into_any())}
            <main id="main" tabindex="-1">
                {for_user(|user| view! { <crate::pwa::OutboxIsland user /> }.into_any())}
                // Pages render whole before the first byte is sent (SsrMode::Async): their HTTP
                // status (403, 404) depends on data, and a streamed response has already sent it.
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") ssr=SsrMode::Async view=Home />
                    <Route path=path!("/sign-in") ssr=SsrMode::Async view=SignInPage />
                    <Route path=path!("/password/forgot") ssr=SsrMode::Async view=crate::auth::password_reset::ForgotPasswordPage />
                    <Route path=path!("/password/reset/:token") ssr=SsrMode::Async view=crate::auth::password_reset::ResetPasswordPage />
                    <Route path=path!("/invitation/:token") ssr=SsrMode::Async view=crate::auth::invitation::InvitationPage />
                    <Route path=path!("/setup") ssr=SsrMode::Async view=crate::auth::first_run::FirstRunPage />
                    <Route path=path!("/join") ssr=SsrMode::Async view=crate::join::JoinPage />
                    <Route path=path!("/join/confirm/:token") ssr=SsrMode::Async view=crate::join::JoinConfirmPage />
                    <Route path=path!("/offline") ssr=SsrMode::Async view=crate::pwa::OfflinePage />
                    <Route path=path!("/offers") ssr=SsrMode::Async view=crate::offers::OffersPage />
                    <Route path=path!("/offers/new") ssr=SsrMode::Async view=crate::offers::CreateOfferPage />
                    <Route path=path!("/offers/:summary") ssr=SsrMode::Async view=crate::offers::OfferPage />
                    <Route path=path!("/settings/locations") ssr=SsrMode::Async view=crate::offices::LocationsPage />
                    <Route path=path!("/resellers") ssr=SsrMode::Async view=crate::resellers::ResellersPage />
                    <Route path=path!("/resellers/requests/:id") ssr=SsrMode::Async view=crate::resellers::PartnershipRequestPage />
                    <Route path=path!("/resellers/:id/remove") ssr=SsrMode::Async view=crate::resellers::RemovePartnershipPage />
                    <Route path=path!("/resellers/:id/offers") ssr=SsrMode::Async view=crate::resellers::ResellerOffersPage />
                    <Route path=path!("/resellers/:id/offers/new") ssr=SsrMode::Async view=crate::offers::CreateResellerOfferPage />
                    <Route path=path!("/partnerships/:token") ssr=SsrMode::Async view=crate::resellers::AcceptPartnershipPage />
                    <Route path=path!("/providers") ssr=SsrMode::Async view=crate::resellers::ProvidersPage />
                    <Route path=path!("/customers") ssr=SsrMode::Async view=crate::customers::CustomersPage />
                    <Route path=path!("/renewals") ssr=SsrMode::Async view=crate::renewals::RenewalsPage />
                    <Route path=path!("/renewals/calendar") ssr=SsrMode::Async view=crate::renewals::CalendarFeedPage />
                    <Route path=path!("/customers/new") ssr=SsrMode::Async view=crate::customers::NewCustomerPage />
                    <Route path=path!("/customers/incentives") ssr=SsrMode::Async view=crate::customers::incentives::IncentiveReportPage />
                    <Route path=path!("/delegated-admin") ssr=SsrMode::Async view=crate::delegated_admin::DelegatedAdminPage />
                    <Route path=path!("/delegated-admin/approve/:token") ssr=SsrMode::Async view=crate::delegated_admin::ApproveRelationshipPage />
                    <Route path=path!("/customers/:id/delegated-admin") ssr=SsrMode::Async view=crate::delegated_admin::CustomerDelegatedAdminPage />
                    <Route path=path!("/customers/:id/reseller") ssr=SsrMode::Async view=crate::customers::CustomerResellerPage />
                    <Route path=path!("/customers/:id/subscriptions/new") ssr=SsrMode::Async view=crate::customers::AddSubscriptionPage />
                    <Route path=path!("/customers/:id/subscriptions/:sid") ssr=SsrMode::Async view=crate::customers::SubscriptionPage />
                    <Route path=path!("/offer/:code/:token") ssr=SsrMode::Async view=crate::offers::ClientOfferPage />
                    <Route path=path!("/offer/:code/:token/accepted/:receipt") ssr=SsrMode::Async view=crate::offers::AcceptedPage />
                    <Route path=path!("/offer/:code/:token/reply") ssr=SsrMode::Async view=crate::offers::ReplyPage />
                    <Route path=path!("/offer/:code/:token/earlier") ssr=SsrMode::Async view=crate::offers::EarlierOfferPage />
                    <Route path=path!("/embed/offer/:code/:token") ssr=SsrMode::Async view=crate::offers::ClientOfferPage />
                    <Route path=path!("/embed/offer/:code/:token/accepted/:receipt") ssr=SsrMode::Async view=crate::offers::AcceptedPage />
                    <Route path=path!("/embed/offer/:code/:token/reply") ssr=SsrMode::Async view=crate::offers::ReplyPage />
                    <Route path=path!("/settings/audit-log") ssr=SsrMode::Async view=crate::audit::AuditLogPage />
                    <Route path=path!("/settings/users") ssr=SsrMode::Async view=crate::users::UsersPage />
                    <Route path=path!("/settings/notifications") ssr=SsrMode::Async view=crate::notifications::NotificationsPage />
                    <Route path=path!("/settings/account") ssr=SsrMode::Async view=crate::account::AccountPage />
                    <Route path=path!("/settings/account/two-step") ssr=SsrMode::Async view=crate::auth::mfa::MfaSetupPage />
                    <Route path=path!("/settings/account/recovery-codes") ssr=SsrMode::Async view=crate::auth::mfa::RecoveryCodesPage />
                    <Route path=path!("/sign-in/code") ssr=SsrMode::Async view=crate::auth::mfa::SignInCodePage />
                    <Route path=path!("/settings/api-keys") ssr=SsrMode::Async view=crate::developer::ApiKeysPage />
                    <Route path=path!("/settings/webhooks") ssr=SsrMode::Async view=crate::developer::WebhooksPage />
                    <Route path=path!("/settings/embedding") ssr=SsrMode::Async view=crate::offers::EmbeddingPage />
                    <Route path=path!("/settings/offer-prices") ssr=SsrMode::Async view=crate::offers::OfferPricesPage />
                    <Route path=path!("/settings/provider-profile") ssr=SsrMode::Async view=crate::providers::ProviderProfilePage />
                    <Route path=path!("/directory") ssr=SsrMode::Async view=crate::providers::DirectoryPage />
                    <Route path=path!("/operator/profile-changes") ssr=SsrMode::Async view=crate::providers::ProfileChangesPage />
                    <Route path=path!("/operator/mpn-id-conflicts") ssr=SsrMode::Async view=crate::operator::MpnIdConflictsPage />
                    <Route path=path!("/operator/join-requests") ssr=SsrMode::Async view=crate::operator::join_requests::JoinRequestsPage />
                    <Route path=path!("/operator/organisations") ssr=SsrMode::Async view=crate::operator::organisations::OrganisationsPage />
                    <Route path=path!("/operator/organisations/:id") ssr=SsrMode::Async view=crate::operator::organisations::OrganisationPage />
                    <Route path=path!("/operator/email") ssr=SsrMode::Async view=crate::operator::EmailLogPage />
                    <Route path=path!("/register/confirm/:token") ssr=SsrMode::Async view=crate::resellers::RegistrationConfirmPage />
                    <Route path=path!("/operator/price-lists") ssr=SsrMode::Async view=crate::price_lists::PriceListsPage />
                    <Route path=path!("/operator/price-lists/:id") ssr=SsrMode::Async view=crate::price_lists::PriceListPricesPage />
                    <Route path=path!("/operator/price-lists/uploads/:id") ssr=SsrMode::Async view=crate::price_lists::UploadPreviewPage />
                    <Route path=path!("/operator/mailbox") ssr=SsrMode::Async view=crate::operator::mailbox::MailboxPage />
                    <Route path=path!("/operator/mailbox/:id") ssr=SsrMode::Async view=crate::operator::mailbox::MailboxMessagePage />
                </Routes>
            </main>
        </Router>
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
                                <a class="button" href=crate::join::JOIN_PATH>{tr(Key::JoinTitle)}</a>
                            </div>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
