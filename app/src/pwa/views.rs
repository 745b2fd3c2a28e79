//! What the user sees of the offline app: the connection and update banners, the outbox, and
//! the page shown for pages that need a connection.

use super::{use_pwa, OutboxItem, OutboxState, Outcome, Submission};
use crate::components::copy_to_clipboard;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::either::EitherOf7;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// False until this component has hydrated. The islands of a page share one offline state
/// ([`super::Pwa::shared`]) and hydrate one after another: what an earlier island's effects read
/// from the browser (the connection, the outbox) must not change a later island's first render,
/// which has to be what the server rendered.
fn hydrated() -> Signal<bool> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    hydrated.into()
}

/// "You are offline", while the browser has no connection.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let pwa = use_pwa();
    let hydrated = hydrated();
    view! {
        <Show when=move || hydrated.get() && !pwa.online.get()>
            <p class="connection-banner" role="status" id="offline-banner">{tr(Key::OfflineNotice)}</p>
        </Show>
    }
}

/// "A new version is ready — Reload", when a new build's service worker waits.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_pwa();
    let hydrated = hydrated();
    view! {
        <Show when=move || hydrated.get() && pwa.update_ready.get()>
            <div class="update-banner" role="status" id="update-banner">
                <span>{tr(Key::UpdateReady)}</span>
                <button type="button" class="primary" on:click=move |_| super::apply_update()>{tr(Key::UpdateReload)}</button>
            </div>
        </Show>
    }
}

/// The connection and update banners on a page that hydrates only its islands.
// An island where Leptos renders (server) or hydrates (browser); in `app`'s plain domain build
// (the offer-form module) a component, so no island is exported from it.
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn BannersIsland(user: Option<i64>) -> impl IntoView {
    super::Pwa::shared(user);
    view! {
        <ConnectionBanner />
        <UpdateBanner />
    }
}

/// The outbox on a page that hydrates only its islands.
// An island (see BannersIsland).
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn OutboxIsland(user: Option<i64>) -> impl IntoView {
    super::Pwa::shared(user);
    view! { <OutboxPanel /> }
}

/// The signed-in user's queued submissions, with what became of each.
#[component]
pub fn OutboxPanel() -> impl IntoView {
    let pwa = use_pwa();
    let hydrated = hydrated();
    view! {
        <Show when=move || hydrated.get() && !pwa.items.with(Vec::is_empty)>
            <section class="outbox" aria-labelledby="outbox-title" id="outbox">
                <h2 id="outbox-title">{tr(Key::OutboxTitle)}</h2>
                <p class="hint">{tr(Key::OutboxIntro)}</p>
                <ul>
                    <For each=move || pwa.items.get() key=|item| (item.submission.key().to_string(), format!("{:?}", item.state)) let:item>
                        <OutboxEntry item=item />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn OutboxEntry(item: OutboxItem) -> impl IntoView {
    let pwa = use_pwa();
    let locale = use_locale();
    let key = StoredValue::new(item.submission.key().to_string());
    let summary = {
        let submission = item.submission.clone();
        move || submission.summary(locale.get())
    };
    let company = match &item.submission {
        Submission::Customer(order) => order.details.company_name.trim().to_string(),
        Submission::Offer(_) => String::new(),
    };
    let discard = move |_| pwa.remove(&key.get_value());
    let (class, body) = match item.state {
        OutboxState::Waiting => (
            "waiting",
            EitherOf7::A(view! {
                <p class="state">{tr(Key::OutboxWaiting)}</p>
                <div class="actions"><button type="button" on:click=discard>{tr(Key::OutboxDiscard)}</button></div>
            }),
        ),
        OutboxState::NeedsSignIn => (
            "waiting",
            EitherOf7::B(view! {
                <p class="state">{tr(Key::OutboxSignIn)}</p>
                <div class="actions">
                    <a class="button" href="/sign-in">{tr(Key::SignIn)}</a>
                    <button type="button" on:click=discard>{tr(Key::OutboxDiscard)}</button>
                </div>
            }),
        ),
        OutboxState::Sending { .. } => ("sending", EitherOf7::C(view! { <p class="state">{tr(Key::OutboxSending)}</p> })),
        OutboxState::Sent(Outcome::Offer { summary_id }) => {
            let href = format!("/offers/{summary_id}");
            (
                "sent",
                EitherOf7::D(view! {
                    <p class="state success">{move || locale.get().fill(Key::OutboxOfferSent, &[("summary", &summary_id)])}</p>
                    <div class="actions">
                        <a class="button" href=href>{tr(Key::OutboxOpen)}</a>
                        <button type="button" on:click=discard>{tr(Key::OutboxDismiss)}</button>
                    </div>
                }),
            )
        }
        OutboxState::Sent(Outcome::Customer(info)) => {
            let copied = RwSignal::new(false);
            let text = format!("{}\n{}", info.admin_user_name, info.temporary_password);
            let company = info.company_name.clone();
            (
                "sent",
                EitherOf7::E(view! {
                    <p class="state success">{move || locale.get().fill(Key::CustomerCreated, &[("company", &company)])}</p>
                    <h3>{tr(Key::SetupInfo)}</h3>
                    <p class="warning" role="note">{tr(Key::SetupInfoWarning)}</p>
                    <dl class="facts">
                        <dt>{tr(Key::AdminUserName)}</dt><dd><code>{info.admin_user_name.clone()}</code></dd>
                        <dt>{tr(Key::TemporaryPassword)}</dt><dd><code>{info.temporary_password.clone()}</code></dd>
                    </dl>
                    <div class="actions">
                        <button type="button" on:click=move |_| copy_to_clipboard(text.clone(), copied)>
                            {move || if copied.get() { locale.get().t(Key::Copied) } else { locale.get().t(Key::CopyToClipboard) }}
                        </button>
                        <button type="button" class="primary" on:click=discard>{tr(Key::Done)}</button>
                    </div>
                }),
            )
        }
        OutboxState::Sent(Outcome::CustomerEarlier) => (
            "sent",
            EitherOf7::F(view! {
                <p class="state">{move || locale.get().fill(Key::OutboxCustomerEarlier, &[("company", &company)])}</p>
                <div class="actions">
                    <a class="button" href="/customers">{tr(Key::NavCustomers)}</a>
                    <button type="button" on:click=discard>{tr(Key::OutboxDismiss)}</button>
                </div>
            }),
        ),
        OutboxState::Refused(error) => {
            let fields = error.field_errors().to_vec();
            let general = fields.is_empty().then(|| error.clone());
            (
                "refused",
                EitherOf7::G(view! {
                    <p class="state error">{tr(Key::OutboxRefused)}</p>
                    <ul class="reasons">
                        {move || {
                            let l = locale.get();
                            let mut lines: Vec<String> = fields.iter().map(|f| match field_label(&f.field) {
                                Some(label) => format!("{}: {}", l.t(label), f.problem.message(l)),
                                None => f.problem.message(l),
                            }).collect();
                            if let Some(e) = &general {
                                lines.push(e.message(l));
                            }
                            lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()
                        }}
                    </ul>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| pwa.edit(&key.get_value())>{tr(Key::OutboxEdit)}</button>
                        <button type="button" on:click=discard>{tr(Key::OutboxDiscard)}</button>
                    </div>
                }),
            )
        }
    };
    view! {
        <li class=format!("outbox-item {class}")>
            <strong class="what">{summary}</strong>
            {body}
        </li>
    }
}

/// The label of a wizard field, for the server's messages in the outbox.
fn field_label(field: &str) -> Option<Key> {
    Some(match field {
        "office_id" => Key::PartnerOffice,
        "usage_location" => Key::UsageLocation,
        "subscriptions" => Key::Subscriptions,
        "delegated_admin" => Key::DelegatedAdministration,
        "gdap_name" => Key::GdapName,
        "gdap_roles" => Key::GdapRolesLabel,
        "gdap_duration_days" => Key::GdapDuration,
        "reseller_id" => Key::ResellerName,
        "company_name" => Key::CompanyName,
        "domain_prefix" => Key::DomainPrefix,
        "address_line1" => Key::AddressLine1,
        "city" => Key::City,
        "postal_code" => Key::PostalCode,
        "country" => Key::Country,
        "phone" => Key::Phone,
        "registration_number" => Key::RegistrationNumber,
        "contact_first_name" => Key::FirstName,
        "contact_last_name" => Key::LastName,
        "contact_email" => Key::Email,
        "language" => Key::PreferredLanguage,
        f if f.starts_with("license_count") => Key::LicenseCount,
        _ => return None,
    })
}

/// `/offline`: where the service worker sends a page that needs a connection when there is
/// none. Names the page, and offers what works offline.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let user = crate::components::use_user();
    let query = use_query_map();
    let from = move || crate::auth::safe_next(query.read().get("from").as_deref());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::OfflineTitle)) />
        <section class="notice offline-page" aria-labelledby="offline-title">
            <h1 id="offline-title">{tr(Key::OfflineTitle)}</h1>
            <p>{move || locale.get().fill(Key::OfflinePageText, &[("page", &from())])}</p>
            <p><a class="button" href=from rel="external">{tr(Key::OfflineTryAgain)}</a></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let u = user.await.ok().flatten()?;
                    let links: Vec<(&str, Key)> = [
                        (u.can(Permission::ManageOffers), "/offers/new", Key::NavCreateOffer),
                        (u.can(Permission::ManageCustomers), "/customers/new", Key::AddNewCustomer),
                    ]
                    .into_iter()
                    .filter(|(allowed, _, _)| *allowed)
                    .map(|(_, href, label)| (href, label))
                    .collect();
                    (!links.is_empty()).then(|| view! {
                        <p>{tr(Key::OfflineWhatWorks)}</p>
                        <ul class="tasks">
                            {links.into_iter().map(|(href, label)| view! { <li><a href=href rel="external">{tr(label)}</a></li> }).collect_view()}
                        </ul>
                    })
                })}
            </Suspense>
        </section>
    }
}
