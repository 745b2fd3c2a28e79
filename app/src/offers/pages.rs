//! The advisor's pages: Trials and purchase offers (list), Create purchase offer, Send.

use super::*;
use crate::components::{
    copy_to_clipboard, field_error, field_message, mailto, show_country, show_date, show_number, CopyButton, CopyWhat, CountryOptions, ErrorBox, Page,
};
use crate::error::FieldError;
use crate::i18n::{tr, use_locale, Locale, TextSet, Texts};
use crate::validate::WholeNumber;
use leptos::either::Either;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The words for an offer's status code.
pub(crate) fn status_key(status: &str) -> Key {
    match status {
        "withdrawn" => Key::StatusWithdrawn,
        "expired" => Key::StatusExpired,
        crate::offers::client::STATUS_PARTNERSHIP_ENDED => Key::StatusPartnershipEnded,
        _ => Key::StatusActive,
    }
}

/// An offer's versions, oldest first, each with its date, status and acceptances (nothing when
/// it has only one).
#[component]
fn OfferVersions(versions: Vec<crate::offers::OfferVersion>, current: String) -> impl IntoView {
    let locale = use_locale();
    (versions.len() > 1).then(|| {
        let count = versions.len();
        view! {
            <section aria-labelledby="versions-heading" id="versions">
                <h2 id="versions-heading">{move || locale.get().fill(Key::OfferVersionsHeading, &[("count", &count.to_string())])}</h2>
                <ol class="versions">
                    {versions.into_iter().map(|v| {
                        let status = if v.superseded { Key::StatusReplaced } else { status_key(&v.status) };
                        let this = v.summary_id == current;
                        let created = v.created_at;
                        let accepted = v.acceptances;
                        view! {
                            <li aria-current=this.then_some("page")>
                                {if this {
                                    view! { <strong>{v.summary_id.clone()}</strong>" ("{tr(Key::ThisVersion)}")" }.into_any()
                                } else {
                                    view! { <a href=format!("/offers/{}", v.summary_id)>{v.summary_id.clone()}</a> }.into_any()
                                }}
                                " · "{move || crate::format::date(created, locale.get())}
                                " · "{tr(status)}
                                " · "{move || locale.get().fill(Key::AcceptancesCount, &[("count", &crate::format::number(accepted, locale.get()))])}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// Trials and purchase offers: the advisor's offers, searchable by summary ID.
#[component]
pub fn OffersPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let sort = move || OfferSort::from_code(&query.read().get("sort").unwrap_or_default());
    let offers = Resource::new(move || (search(), page(), sort()), |(q, p, s)| list_offers(q, p, Some(s.code().to_string())));
    // A column header that sorts the list by it (and says so to screen readers). Date
    // toggles between newest and oldest first.
    let header = move |label: Key, by: Option<OfferSort>| match by {
        None => view! { <th scope="col">{tr(label)}</th> }.into_any(),
        Some(by) => {
            let target = move || {
                if by == OfferSort::Newest && sort() == OfferSort::Newest {
                    OfferSort::Oldest
                } else {
                    by
                }
            };
            let href = move || format!("/offers?q={}&sort={}", crate::components::urlencode(&search()), target().code());
            let aria = move || match (sort(), by) {
                (OfferSort::Newest, OfferSort::Newest) => "descending",
                (OfferSort::Oldest, OfferSort::Newest) | (OfferSort::SummaryId, OfferSort::SummaryId) => "ascending",
                (current, by) if current == by => "descending",
                _ => "none",
            };
            view! { <th scope="col" aria-sort=aria><A href=href>{tr(label)}</A></th> }.into_any()
        }
    };
    view! {
        <Page title=Key::NavTrialsAndOffers permission=Permission::ManageOffers>
            <div class="actions">
                <A href="/offers/new" attr:class="button primary">{tr(Key::NavCreateOffer)}</A>
                <A href="/offers/new?kind=trial" attr:class="button" attr:id="new-trial">{tr(Key::NewTrialInvitation)}</A>
            </div>
            <ActiveTrials />
            <form method="get" action="/offers" class="search" role="search">
                <label for="offer-search">{tr(Key::SearchBySummaryId)}</label>
                <div class="search-row">
                    <input id="offer-search" name="q" value=search placeholder="PO-XXXX-XXXX" autocomplete="off" />
                    <button type="submit">{tr(Key::Search)}</button>
                </div>
            </form>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match offers.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(data) if data.rows.is_empty() => {
                            let key = if search().is_empty() { Key::NoOffersYet } else { Key::NoOffersMatch };
                            view! { <p class="empty">{tr(key)}</p> }.into_any()
                        }
                        Ok(data) => {
                            let pages = crate::validate::page_count(data.total, data.per_page);
                            let q = search();
                            let order = sort().code();
                            let link = |p: i64| format!("/offers?q={}&sort={order}&page={p}", crate::components::urlencode(&q));
                            let (previous, next) = (link(data.page - 1), link(data.page + 1));
                            view! {
                                <table class="responsive offers">
                                    <thead><tr>
                                        {header(Key::SummaryId, Some(OfferSort::SummaryId))}
                                        {header(Key::Date, Some(OfferSort::Newest))}
                                        {header(Key::PartnerOffice, None)}
                                        {header(Key::UsageLocation, None)}
                                        {header(Key::Subscriptions, None)}
                                        {header(Key::Status, None)}
                                        {header(Key::Views, Some(OfferSort::Views))}
                                        {header(Key::Acceptances, Some(OfferSort::Acceptances))}
                                    </tr></thead>
                                    <tbody>
                                        {data.rows.into_iter().map(|row| {
                                            let href = format!("/offers/{}", row.summary_id);
                                            let row_lines = row.lines.clone();
                                            let lines = move || row_lines.iter().map(|l| format!("{} × {}", l.name, crate::format::number(l.license_count, locale.get()))).collect::<Vec<_>>().join("; ");
                                            let status = if row.superseded_by.is_some() { Key::StatusReplaced } else { status_key(&row.status) };
                                            let trial = row.trial_days.is_some();
                                            view! {
                                                <tr>
                                                    <td data-label=tr(Key::SummaryId)>
                                                        <A href=href><code>{row.summary_id.clone()}</code></A>
                                                        {trial.then(|| view! { " "<span class="badge">{tr(Key::TrialBadge)}</span> })}
                                                        {row.provider.clone().map(|p| view! {
                                                            <br /><span class="hint">{move || locale.get().fill(Key::ResoldFor, &[("provider", &p.name)])}</span>
                                                        })}
                                                    </td>
                                                    <td data-label=tr(Key::Date)>{show_date(row.created_at)}</td>
                                                    <td data-label=tr(Key::PartnerOffice)>{row.office_name.clone()}</td>
                                                    <td data-label=tr(Key::UsageLocation)>{show_country(row.usage_location.clone())}</td>
                                                    <td data-label=tr(Key::Subscriptions)>{lines}</td>
                                                    <td data-label=tr(Key::Status)>{tr(status)}</td>
                                                    <td data-label=tr(Key::Views)>{show_number(row.views)}</td>
                                                    <td data-label=tr(Key::Acceptances)>{show_number(row.acceptances)}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <crate::components::Pager page=data.page pages previous next />
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The trials clients started from the organisation's trial invitations, with when each
/// ends and, in one click, a purchase offer made from its invitation.
#[component]
fn ActiveTrials() -> impl IntoView {
    let trials = Resource::new(|| (), |_| list_active_trials());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match trials.await {
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    Ok(trials) if trials.is_empty() => ().into_any(),
                    Ok(trials) => view! {
                        <section class="active-trials" aria-labelledby="active-trials">
                            <h2 id="active-trials">{tr(Key::ActiveTrials)}</h2>
                            <table class="responsive trials">
                                <thead><tr>
                                    <th scope="col">{tr(Key::CompanyName)}</th>
                                    <th scope="col">{tr(Key::Subscriptions)}</th>
                                    <th scope="col">{tr(Key::TrialEnds)}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(Key::Actions)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {trials.into_iter().map(|t| view! {
                                        <tr>
                                            <td data-label=tr(Key::CompanyName)>{t.company_name.clone()}</td>
                                            <td data-label=tr(Key::Subscriptions)>{t.subscription.clone()}" × "{show_number(t.license_count)}</td>
                                            <td data-label=tr(Key::TrialEnds)>{show_date(t.ends_at)}</td>
                                            <td>
                                                {t.invitation.clone().map(|summary| view! {
                                                    <a class="button" href=format!("/offers/new?from={summary}&kind=offer")>{tr(Key::CreatePurchaseOfferFromTrial)}</a>
                                                })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Create purchase offer: office, usage location, subscriptions with license counts and,
/// for certified partners, delegated administration. **Next** checks every rule here, then
/// the server checks them again and creates the offer.
#[component]
pub fn CreateOfferPage() -> impl IntoView {
    view! {
        <Page title=Key::CreateOfferTitle permission=Permission::ManageOffers>
            <CreateOfferLoader />
        </Page>
    }
}

/// Create an offer for a reseller: a provider's user makes a two-tier offer of its
/// subscriptions on behalf of a partnered reseller (the same wizard, for the reseller).
#[component]
pub fn CreateResellerOfferPage() -> impl IntoView {
    view! {
        <Page title=Key::CreateOfferTitle permission=Permission::ManageCustomers>
            <CreateOfferLoader />
        </Page>
    }
}

/// Loads what the wizard starts from, then shows it as an island with that data (for the
/// reseller the route's `id` names, when a provider's user makes it on its behalf).
#[component]
fn CreateOfferLoader() -> impl IntoView {
    let reseller = use_params_map().read_untracked().get("id").and_then(|id| id.parse::<i64>().ok());
    let query = use_query_map();
    let from = move || query.read().get("from");
    // `kind=trial` starts a trial invitation, `kind=offer` a purchase offer (from a trial's
    // invitation); `version=1` makes the new offer a new version of `from`.
    let kind = query.read_untracked().get("kind");
    let trial = match kind.as_deref() {
        Some("trial") => Some(true),
        Some("offer") => Some(false),
        _ => None,
    };
    let new_version = query.read_untracked().get("version").as_deref() == Some("1");
    let pwa = crate::pwa::use_pwa();
    // Kept on the device too, so the wizard also opens offline (see crate::pwa).
    // (A provider's wizard for a reseller is not kept: it is the reseller's offices.)
    let start = Resource::new(from, move |from| {
        crate::pwa::remembered(pwa.user.get_untracked(), "offers.start", from.is_none() && reseller.is_none(), offer_wizard_start(from, reseller))
    });
    view! {
        {crate::components::once_started(start, move |start, user| {
            let from = from();
            let replaces = from.clone().filter(|_| new_version);
            view! { <CreateOfferIsland user start from trial replaces /> }.into_any()
        })}
        // The usage location's suggestions: rendered once here, not by the wizard's code.
        <CountryOptions id="usage-countries" />
    }
}

/// The wizard on the page served whole: the only code of the page that runs in the browser.
// An island where the server renders it and in the islands build for this wizard (feature
// `offer-wizard`: see crate::app::IslandsBuild); elsewhere a component, so no other build exports it.
#[cfg_attr(any(feature = "ssr", feature = "offer-wizard"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "offer-wizard")), component)]
fn CreateOfferIsland(user: Option<i64>, start: WizardStart, from: Option<String>, trial: Option<bool>, replaces: Option<String>) -> impl IntoView {
    crate::pwa::Pwa::shared(user);
    view! { <CreateOfferForm start from trial replaces /> }
}

/// The wizard itself. `from`: the earlier offer of "Send a new offer", whose choices `start`
/// brings as its prefill; `trial`: what to send, when the link chose it; `replaces`: the offer
/// this one is a new version of.
#[component]
fn CreateOfferForm(start: WizardStart, from: Option<String>, trial: Option<bool>, replaces: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let pwa = crate::pwa::use_pwa();
    let sending_new = from.is_some();
    let provider_id = RwSignal::new(WholeNumber::default());
    let office_id = RwSignal::new(WholeNumber::default());
    let usage_location = RwSignal::new(String::new());
    let lines: RwSignal<Vec<(String, WholeNumber)>> = RwSignal::new(Vec::new());
    let plans: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let adjustments: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    let pricing = crate::components::LinePricing { plans, adjustments, discount_limit: start.discount_limit };
    let delegated_admin = RwSignal::new(false);
    let gdap_name = RwSignal::new(String::new());
    let gdap_roles: RwSignal<Vec<GdapRole>> = RwSignal::new(Vec::new());
    let gdap_days = RwSignal::new(WholeNumber::from(crate::offers::GDAP_MAX_DAYS));
    let chosen_kind = trial;
    let trial = RwSignal::new(false);
    let trial_days = RwSignal::new(WholeNumber::from(crate::offers::TRIAL_DAYS_USUAL));
    let replaces = StoredValue::new(replaces);
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    let removed_notice = RwSignal::new(None::<String>);
    let idempotency_key = StoredValue::new(crate::components::new_idempotency_key());
    let dap_certified = start.dap_certified;

    if let Some(prefill) = start.prefill.clone() {
        // Send a new offer: start from the earlier offer's choices.
        provider_id.set(prefill.provider_id);
        office_id.set(prefill.office_id);
        usage_location.set(prefill.usage_location);
        lines.set(prefill.lines);
        plans.set(prefill.plans);
        adjustments.set(prefill.adjustments);
        delegated_admin.set(prefill.delegated_admin && dap_certified);
        gdap_roles.set(prefill.gdap_roles);
        gdap_days.set(prefill.gdap_duration_days);
        trial.set(prefill.trial);
        trial_days.set(prefill.trial_days);
    }
    if let Some(chosen) = chosen_kind {
        trial.set(chosen);
    }
    if start.offices.len() == 1 && office_id.get_untracked().is_blank() {
        office_id.set(start.offices[0].id.into());
    }
    // A reseller with one provider sells for it.
    if !start.own_offers && start.providers.len() == 1 && provider_id.get_untracked().is_blank() {
        provider_id.set(start.providers[0].id.into());
    }
    let resold = Memo::new(move |_| !provider_id.get().is_blank());
    // A provider's user making the offer for a reseller: where it goes, and back.
    let for_reseller = start.for_reseller.clone();
    let on_behalf_of = StoredValue::new(for_reseller.as_ref().map(|r| WholeNumber::from(r.reseller_id)).unwrap_or_default());
    let done_path = {
        let list = for_reseller.as_ref().map(|r| format!("/resellers/{}/offers", r.reseller_id));
        move |summary_id: &str| match &list {
            Some(list) => format!("{list}?created={summary_id}"),
            None => format!("/offers/{summary_id}"),
        }
    };
    let cancel_path = for_reseller.as_ref().map_or_else(|| "/offers".to_string(), |r| format!("/resellers/{}/offers", r.reseller_id));
    // A two-tier offer asks for no delegated administration (its provider does).
    Effect::new(move |_| {
        if resold.get() && delegated_admin.get_untracked() {
            delegated_admin.set(false);
        }
    });

    // The subscriptions sold in the usage location, from the catalog that came with the page
    // (the same answer the server gives for that country: crate::catalog::available_in).
    let country = Memo::new(move |_| crate::catalog::parse_country(&usage_location.get()).ok());
    let start = StoredValue::new(start);
    // Everything the usage location has (sold SKUs and trial SKUs); a trial invitation offers its
    // trial SKUs, free and for at most a trial's licenses, and a purchase offer the others.
    let in_country =
        Memo::new(move |_| country.get().map(|c| start.with_value(|s| crate::catalog::available_in(&s.catalog, &c))).unwrap_or_default());
    let available = Memo::new(move |_| {
        let all = in_country.get();
        if trial.get() {
            crate::offers::trial_catalog(&all)
        } else {
            crate::catalog::for_sale(&all)
        }
    });
    // The roles what is checked needs (the client's offer page explains the same recommendation).
    let recommended_roles = Memo::new(move |_| {
        let available = available.get();
        let checked = lines.get();
        let products: Vec<&str> =
            available.iter().filter(|s| checked.iter().any(|(id, _)| id == &s.id)).flat_map(|s| [s.name.as_str(), s.id.as_str()]).collect();
        domain::delegated_admin::roles::recommended_for(&products)
    });
    // When the usage location or the kind of offer changes, a checked subscription moves to the
    // same product's SKU (a trial becomes its purchase, and back); one not offered there is
    // dropped, and the page says so.
    Effect::new(move |_| {
        let available = available.get();
        let checked = in_country.with_untracked(|all| crate::catalog::same_products(&lines.get_untracked(), all, &available));
        let (kept, dropped): (Vec<_>, Vec<_>) = checked.into_iter().partition(|(id, _)| available.iter().any(|s| &s.id == id));
        if kept != lines.get_untracked() {
            lines.set(kept);
        }
        if !dropped.is_empty() {
            let names: Vec<String> = dropped.into_iter().map(|(id, _)| id).collect();
            let place = country.get_untracked().map(|c| crate::catalog::country_name(&c, locale.get_untracked())).unwrap_or_default();
            removed_notice.set(Some(locale.get_untracked().fill(Key::SelectionsRemoved, &[("country", &place), ("names", &names.join(", "))])));
        }
    });

    // Drafts and the outbox (crate::pwa): the form is kept on the device as it is typed, and a
    // submission without a connection waits in the outbox with its idempotency key.
    let restored = RwSignal::new(false);
    let queued = RwSignal::new(false);
    let draft_checked = StoredValue::new(false);
    let last_sent = StoredValue::new(None::<OfferForm>);
    let apply = move |f: OfferForm| {
        provider_id.set(f.provider_id);
        office_id.set(f.office_id);
        usage_location.set(f.usage_location);
        lines.set(f.lines);
        plans.set(f.plans);
        adjustments.set(f.adjustments);
        delegated_admin.set(f.delegated_admin);
        gdap_name.set(f.gdap_name);
        gdap_roles.set(f.gdap_roles);
        gdap_days.set(f.gdap_duration_days);
        trial.set(f.trial);
        trial_days.set(if f.trial_days.is_blank() { crate::offers::TRIAL_DAYS_USUAL.into() } else { f.trial_days });
        if !f.idempotency_key.is_empty() {
            idempotency_key.set_value(f.idempotency_key);
        }
    };
    // A fresh offer (the office stays chosen), with a new idempotency key.
    let reset = move || {
        apply(OfferForm {
            provider_id: provider_id.get_untracked(),
            office_id: office_id.get_untracked(),
            gdap_duration_days: crate::offers::GDAP_MAX_DAYS.into(),
            ..Default::default()
        });
        idempotency_key.set_value(crate::components::new_idempotency_key());
        errors.set(Vec::new());
        restored.set(false);
    };

    let create = ServerAction::<CreateOffer>::new();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(summary_id)) => {
            if let Some(user) = pwa.user.get_untracked() {
                crate::pwa::clear_draft(user, crate::pwa::Wizard::Offer);
            }
            crate::pwa::open_page(&done_path(&summary_id))
        }
        // The connection dropped on the way: the outbox sends it (the key makes it one offer).
        Some(Err(e)) if crate::pwa::is_unreachable(&e) => {
            if let Some(sent) = last_sent.get_value() {
                pwa.enqueue(crate::pwa::Submission::Offer(sent));
                reset();
                queued.set(true);
            }
        }
        Some(Err(e)) => errors.set(e.field_errors().to_vec()),
        None => {}
    });

    let form = move || OfferForm {
        provider_id: provider_id.get(),
        on_behalf_of: on_behalf_of.get_value(),
        office_id: office_id.get(),
        usage_location: usage_location.get(),
        lines: lines.get(),
        // The plans of the checked lines only (an unchecked line's choice is forgotten).
        plans: {
            let checked = lines.get();
            plans.get().into_iter().filter(|(id, _)| checked.iter().any(|(l, _)| l == id)).collect()
        },
        adjustments: {
            let checked = lines.get();
            adjustments.get().into_iter().filter(|(id, typed)| !typed.trim().is_empty() && checked.iter().any(|(l, _)| l == id)).collect()
        },
        delegated_admin: delegated_admin.get(),
        gdap_name: gdap_name.get(),
        gdap_roles: gdap_roles.get(),
        gdap_duration_days: gdap_days.get(),
        idempotency_key: idempotency_key.get_value(),
        trial: trial.get(),
        trial_days: trial_days.get(),
        replaces: replaces.get_value(),
    };

    // The start data that came with the page is kept for offline use.
    Effect::new(move |_| {
        if let (Some(user), false, true) = (pwa.user.get(), sending_new, on_behalf_of.with_value(|o| o.is_blank())) {
            start.with_value(|s| crate::pwa::remember(user, "offers.start", s));
        }
    });
    // Restore the draft once the user is known (in the browser), then save it on every change.
    // (Not for a provider's offer for a reseller: a draft would carry one reseller's office to another.)
    Effect::new(move |_| {
        let current = form();
        let Some(user) = pwa.user.get() else { return };
        if !current.on_behalf_of.is_blank() {
            return;
        }
        if !draft_checked.get_value() {
            draft_checked.set_value(true);
            // "Send a new offer" starts from the earlier offer instead.
            if !sending_new {
                if let Some(draft) = crate::pwa::load_draft::<OfferForm>(user, crate::pwa::Wizard::Offer) {
                    apply(draft.form);
                    errors.set(draft.errors);
                    restored.set(true);
                    return;
                }
            }
        }
        let blank =
            current.usage_location.trim().is_empty() && current.lines.is_empty() && current.gdap_name.trim().is_empty() && !current.delegated_admin;
        if blank {
            crate::pwa::clear_draft(user, crate::pwa::Wizard::Offer);
        } else {
            crate::pwa::save_draft(user, crate::pwa::Wizard::Offer, &crate::pwa::Draft { form: current, ..Default::default() });
        }
    });

    let message = move |field: &str| field_message(&errors.get(), field, locale.get());
    let check = move |current: &OfferForm, available: &[CatalogSubscription]| {
        start.with_value(|s| {
            let rules = OfferRules {
                own_offers: s.own_offers,
                providers: &s.providers,
                offices: &s.offices,
                catalog: available,
                dap_certified,
                discount_limit: s.discount_limit,
            };
            validate_offer(current, &rules).map(|_| ())
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = form();
        match check(&current, &available.get_untracked()) {
            Ok(()) => {
                errors.set(Vec::new());
                queued.set(false);
                if pwa.online.get_untracked() {
                    last_sent.set_value(Some(current.clone()));
                    create.dispatch(CreateOffer { form: current });
                } else {
                    pwa.enqueue(crate::pwa::Submission::Offer(current));
                    reset();
                    queued.set(true);
                }
            }
            Err(e) => errors.set(e.field_errors().to_vec()),
        }
    };
    // A field that shows a problem is checked again as it changes, with the same rules as
    // Next; other fields keep their messages until then.
    let previous = StoredValue::new(untrack(form));
    Effect::new(move |_| {
        let current = form();
        let available = available.get();
        let changed = changed_fields(&previous.get_value(), &current);
        previous.set_value(current.clone());
        if changed.is_empty() || errors.with_untracked(|e| e.is_empty()) {
            return;
        }
        let now = check(&current, &available).err().map(|e| e.field_errors().to_vec()).unwrap_or_default();
        errors.update(|shown| *shown = crate::error::after_edit(shown, &now, &changed));
    });
    let offices = start.with_value(|s| s.offices.clone());
    let on_behalf_note = for_reseller.clone().map(|r| {
        let no_office = offices.is_empty();
        view! {
            <div class="on-behalf">
                <p class="notice-inline" id="on-behalf">{move || locale.get().fill(Key::OfferOnBehalfOf, &[("reseller", &r.reseller_name)])}</p>
                {no_office.then(|| view! { <p class="notice-inline" id="reseller-no-office">{tr(Key::ResellerHasNoOffice)}</p> })}
            </div>
        }
    });
    let (own_offers, providers) = start.with_value(|s| (s.own_offers, s.providers.clone()));
    let provider_name = {
        let providers = providers.clone();
        move || provider_id.get().value().and_then(|id| providers.iter().find(|p| p.id == id).map(|p| p.name.clone()))
    };
    let provider_choice = (!providers.is_empty() || !own_offers).then(|| {
        view! {
            <fieldset class="seller">
                <legend>{tr(Key::OfferProvider)}</legend>
                {if providers.is_empty() {
                    Either::Left(view! {
                        <p class="notice-inline" id="no-providers">{tr(Key::NoOfferProviders)}" "<a href="/directory">{tr(Key::NavDirectory)}</a></p>
                    })
                } else {
                    Either::Right(view! {
                        <label for="provider">{tr(Key::OfferProviderLabel)}</label>
                        <select id="provider" name="provider_id" aria-describedby="provider-hint"
                            aria-invalid=move || message("provider_id").is_some().to_string()
                            prop:value=move || provider_id.get().to_string()
                            on:change=move |ev| provider_id.set(event_target_value(&ev).into())>
                            <option value="">{tr(if own_offers { Key::OwnOfferChoice } else { Key::ChooseProvider })}</option>
                            {providers.iter().map(|p| view! { <option value=p.id.to_string()>{p.name.clone()}</option> }).collect_view()}
                        </select>
                        <p class="hint" id="provider-hint">
                            {move || match provider_name() {
                                Some(name) => locale.get().fill(Key::ResoldOfferHint, &[("provider", &name)]),
                                None if own_offers => locale.get().t(Key::OwnOfferHint).to_string(),
                                None => locale.get().t(Key::ResoldOfferExplain).to_string(),
                            }}
                        </p>
                    })
                }}
                {move || message("provider_id").map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>
        }
    });

    view! {
        <form class="form wizard" on:submit=submit novalidate>
            <Show when=move || queued.get()>
                <p class="success" role="status" id="queued-notice">{tr(Key::QueuedOffer)}</p>
            </Show>
            <Show when=move || restored.get()>
                <p class="notice-inline draft-note" role="status" id="draft-restored">
                    {tr(Key::DraftRestored)}" "
                    <button type="button" class="link" on:click=move |_| reset()>{tr(Key::DraftDiscard)}</button>
                </p>
            </Show>
            <Show when=move || !errors.get().is_empty()>
                <p class="error" role="alert">{tr(Key::FixErrorsBelow)}</p>
            </Show>
            {move || create.value().get().and_then(|r| r.err()).filter(|e| e.field_errors().is_empty())
                .map(|e| view! { <ErrorBox error=e /> })}

            {replaces.get_value().map(|earlier| view! {
                <p class="notice-inline" role="status" id="new-version-note">{move || locale.get().fill(Key::NewVersionOf, &[("summary", &earlier)])}</p>
            })}
            <fieldset class="offer-kind">
                <legend>{tr(Key::WhatToSend)}</legend>
                <label class="check">
                    <input type="radio" name="kind" value="offer" prop:checked=move || !trial.get() on:change=move |_| trial.set(false) />
                    <span><strong>{tr(Key::PurchaseOffer)}</strong><br /><span class="hint">{tr(Key::PurchaseOfferHint)}</span></span>
                </label>
                <label class="check">
                    <input type="radio" name="kind" value="trial" prop:checked=move || trial.get() on:change=move |_| trial.set(true) />
                    <span><strong>{tr(Key::TrialInvitation)}</strong><br /><span class="hint">{tr(Key::TrialInvitationHint)}</span></span>
                </label>
                <Show when=move || trial.get()>
                    <div class="trial-days">
                        <label for="trial-days">{tr(Key::TrialLength)}</label>
                        <input id="trial-days" name="trial_days" type="number" inputmode="numeric" min="1" max=crate::offers::TRIAL_DAYS_MAX.to_string() step="1"
                            aria-describedby="trial-days-hint"
                            aria-invalid=move || message("trial_days").is_some().to_string()
                            prop:value=move || trial_days.get().to_string()
                            on:input=move |ev| trial_days.set(event_target_value(&ev).into()) />
                        <p class="hint" id="trial-days-hint">{move || locale.get().fill(Key::TrialLengthHint, &[("max", &crate::offers::TRIAL_DAYS_MAX.to_string()), ("licenses", &crate::offers::TRIAL_MAX_LICENSES.to_string())])}</p>
                        {move || message("trial_days").map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </Show>
            </fieldset>

            {on_behalf_note}
            {provider_choice}
            <label for="office">{tr(Key::PartnerOffice)}</label>
            <p class="hint" id="office-hint">{tr(Key::PartnerOfficeHint)}</p>
            <select id="office" name="office_id" aria-describedby="office-hint"
                aria-invalid=move || message("office_id").is_some().to_string()
                prop:value=move || office_id.get().to_string()
                on:change=move |ev| office_id.set(event_target_value(&ev).into())>
                <option value="">{tr(Key::ChooseOffice)}</option>
                {offices.into_iter().map(|o| view! {
                    <option value=o.id.to_string()>{format!("{} ({})", o.name, o.city)}</option>
                }).collect_view()}
            </select>
            {move || message("office_id").map(|m| view! { <p class="field-error">{m}</p> })}
            {for_reseller.is_none().then(|| view! { <p class="hint"><a href="/settings/locations">{tr(Key::AddLocation)}</a></p> })}

            <label for="usage-location">{tr(Key::UsageLocation)}</label>
            <p class="hint" id="usage-hint">{tr(Key::UsageLocationHint)}</p>
            <input id="usage-location" name="usage_location" list="usage-countries" autocomplete="off"
                aria-describedby="usage-hint"
                aria-invalid=move || message("usage_location").is_some().to_string()
                prop:value=move || usage_location.get()
                on:input=move |ev| usage_location.set(event_target_value(&ev)) />
            {move || country.get().map(|c| view! { <p class="hint" id="usage-country-name">{crate::catalog::country_name(&c, locale.get())}</p> })}
            {move || message("usage_location").map(|m| view! { <p class="field-error">{m}</p> })}

            <fieldset class="subscriptions">
                <legend>{tr(Key::Subscriptions)}</legend>
                <p class="hint">{tr(Key::SubscriptionsHint)}</p>
                {move || removed_notice.get().map(|n| view! { <p class="notice-inline" role="status">{n}</p> })}
                {move || message("subscriptions").map(|m| view! { <p class="field-error">{m}</p> })}
                {move || if country.get().is_none() {
                    leptos::either::Either::Left(view! { <p class="empty">{tr(Key::ChooseUsageLocationFirst)}</p> })
                } else {
                    leptos::either::Either::Right(view! {
                        <ul class="subscription-list">
                            {available.get().into_iter().map(|s| if trial.get() {
                                view! { <crate::components::SubscriptionChoice subscription=s lines errors /> }
                            } else {
                                view! { <crate::components::SubscriptionChoice subscription=s lines errors pricing /> }
                            }).collect_view()}
                        </ul>
                    })
                }}
                {move || {
                    let (chosen_plans, typed) = (plans.get(), adjustments.get());
                    let choices = crate::pricing::PriceChoices { plans: &chosen_plans, adjustments: &typed, discount_limit: pricing.discount_limit };
                    let totals = crate::pricing::totals_as_typed(&lines.get(), &choices, &available.get());
                    (!totals.is_empty()).then(|| view! {
                        <div class="offer-totals" id="wizard-totals" aria-live="polite">
                            <h3>{tr(Key::OfferTotals)}</h3>
                            <ul>
                                {totals.iter().map(|t| view! { <li>{crate::pricing::total_summary(t, &locale.get())}</li> }).collect_view()}
                            </ul>
                            <p class="hint">{tr(Key::PricesExcludeTax)}</p>
                        </div>
                    })
                }}
            </fieldset>

            <Show when=move || dap_certified && !resold.get()>
                <fieldset class="delegated">
                    <legend>{tr(Key::DelegatedAdministration)}</legend>
                    <label class="check">
                        <input type="checkbox" name="delegated_admin" prop:checked=move || delegated_admin.get()
                            on:change=move |ev| delegated_admin.set(event_target_checked(&ev)) />
                        <span>{tr(Key::DelegatedAdminOffer)}</span>
                    </label>
                    <p class="hint">{tr(Key::DelegatedAdminExplain)}</p>
                    {move || message("delegated_admin").map(|m| view! { <p class="field-error">{m}</p> })}
                    <Show when=move || delegated_admin.get()>
                        <label for="gdap-name">{tr(Key::GdapName)}</label>
                        <input id="gdap-name" maxlength="50" prop:value=move || gdap_name.get()
                            aria-invalid=move || message("gdap_name").is_some().to_string()
                            on:input=move |ev| gdap_name.set(event_target_value(&ev)) />
                        <p class="hint">{tr(Key::GdapNameHint)}</p>
                        {move || message("gdap_name").map(|m| view! { <p class="field-error">{m}</p> })}
                        <fieldset class="roles">
                            <legend>{tr(Key::GdapRolesLabel)}</legend>
                            <crate::delegated_admin::RolePicker chosen=gdap_roles recommended=recommended_roles templates=start.with_value(|s| s.role_templates.clone()) />
                            {move || message("gdap_roles").map(|m| view! { <p class="field-error">{m}</p> })}
                        </fieldset>
                        <label for="gdap-days">{tr(Key::GdapDuration)}</label>
                        <input id="gdap-days" type="number" inputmode="numeric" min="1" max="730" step="1"
                            aria-invalid=move || message("gdap_duration_days").is_some().to_string()
                            prop:value=move || gdap_days.get().to_string()
                            on:input=move |ev| gdap_days.set(event_target_value(&ev).into()) />
                        <p class="hint">{tr(Key::GdapDurationHint)}</p>
                        {move || message("gdap_duration_days").map(|m| view! { <p class="field-error">{m}</p> })}
                    </Show>
                </fieldset>
            </Show>

            <div class="actions">
                <button type="submit" class="primary" disabled=move || create.pending().get()>{tr(Key::Next)}</button>
                <a href=cancel_path class="button">{tr(Key::Cancel)}</a>
            </div>
        </form>
    }
}

/// The ready-to-paste offer text: (subject, body).
pub fn offer_text(detail: &OfferDetail, url: &str, texts: &dyn Texts) -> (String, String) {
    let locale = texts.locale();
    // A trial invitation says so, and how long the free trial lasts.
    let trial_days = detail.row.trial_days.map(|d| crate::format::number(d, locale)).unwrap_or_default();
    let (subject_key, heading_key, accept_key) = match detail.row.trial_days {
        Some(_) => (Key::TrialMailSubject, Key::TrialMailHeading, Key::TrialMailStart),
        None => (Key::OfferMailSubject, Key::OfferMailHeading, Key::OfferMailAccept),
    };
    let subject = texts.fill_in(subject_key, &[("company", &detail.advisor_company), ("summary", &detail.row.summary_id)]);
    let mut body = String::new();
    if !detail.introduction.trim().is_empty() {
        body.push_str(detail.introduction.trim());
        body.push_str("\n\n");
    }
    body.push_str(&texts.fill_in(heading_key, &[("company", &detail.advisor_company), ("days", &trial_days)]));
    body.push('\n');
    if let Some(provider) = &detail.row.provider {
        let names = [("reseller", detail.advisor_company.as_str()), ("provider", provider.name.as_str())];
        body.push_str(&texts.fill_in(Key::ResoldOfferNotice, &names));
        body.push('\n');
    }
    for line in &detail.row.lines {
        match &line.price {
            Some(price) => body.push_str(&format!("• {}\n", crate::pricing::line_terms(&line.name, line.license_count, price, texts))),
            None => body.push_str(&format!(
                "• {}: {}\n",
                line.name,
                texts.fill_in(Key::LicensesCount, &[("count", &crate::format::number(line.license_count, locale))])
            )),
        }
    }
    body.push_str(&crate::pricing::totals_in_words(&detail.row.totals(), texts));
    body.push_str(&format!("{}: {}\n", texts.text(Key::UsageLocation), crate::catalog::country_name(&detail.row.usage_location, locale)));
    if let Some(gdap) = &detail.gdap {
        body.push_str(&texts.fill_in(Key::OfferMailDelegated, &[("days", &gdap.duration_days.to_string())]));
        body.push('\n');
    }
    body.push_str(&format!("{}: {}\n\n", texts.text(Key::SummaryId), detail.row.summary_id));
    body.push_str(&texts.fill_in(accept_key, &[("url", url)]));
    body.push('\n');
    if !detail.closing.trim().is_empty() {
        body.push('\n');
        body.push_str(detail.closing.trim());
        body.push('\n');
    }
    if !detail.contact.trim().is_empty() {
        body.push('\n');
        body.push_str(detail.contact.trim());
        body.push('\n');
    }
    (subject, body)
}

/// The Send page of one offer: summary ID, custom URL, the text to paste, personalisation.
/// Served whole, the custom URL, the message and its personalisation are one island
/// ([`OfferMessageIsland`]); the logo, expiry and withdraw forms post and come back.
#[component]
pub fn OfferPage() -> impl IntoView {
    let params = use_params_map();
    let summary = move || params.read().get("summary").unwrap_or_default();
    let withdraw = ServerAction::<WithdrawOffer>::new();
    let expiry = ServerAction::<SetOfferExpiry>::new();
    let offer = Resource::new(move || (summary(), withdraw.version().get(), expiry.version().get()), |(s, _, _)| get_offer(s));
    let query = use_query_map();
    let logo_outcome = move || query.read().get("logo");
    let locale = use_locale();
    view! {
        <Page title=Key::SendTitle permission=Permission::ManageOffers>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let detail = match offer.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let summary_id = detail.row.summary_id.clone();
                    let status = status_key(&detail.row.status);
                    let active = detail.row.status == "active";
                    let withdraw_summary = summary_id.clone();
                    let logo_action = format!("/offers/{summary_id}/logo");
                    let logo_src = detail.has_logo.then(|| format!("/offer-logo/{}", detail.url_path.rsplit('/').next().unwrap_or_default()));
                    let expiry_value = expiry_input_value(detail.expires_at);
                    let expiry_summary = summary_id.clone();
                    let acceptances = detail.acceptances.clone();
                    let replies = detail.replies.clone();
                    let snippet = detail.embed_snippet.clone();
                    let message = OfferMessageStart::from(&detail);
                    view! {
                        <section class="send">
                            <div class="summary-box">
                                <span class="label">{tr(Key::SummaryId)}</span>
                                <strong class="summary-id" id="summary-id">{summary_id.clone()}</strong>
                                <p class="hint">{tr(Key::SummaryIdNote)}</p>
                                <p>{tr(Key::Status)}": "<strong>{tr(status)}</strong></p>
                                {detail.row.provider.clone().map(|p| view! {
                                    <p class="notice-inline" id="resold-for">{move || locale.get().fill(Key::ResoldOfferDetail, &[("provider", &p.name)])}</p>
                                })}
                                {detail.row.trial_days.map(|days| view! {
                                    <p class="trial-kind" id="offer-kind">{move || locale.get().fill(Key::TrialInvitationOfDays, &[("days", &crate::format::number(days, locale.get()))])}</p>
                                })}
                                {detail.row.replaces.clone().map(|earlier| view! {
                                    <p id="replaces">{tr(Key::NewVersionOfLabel)}" "<a href=format!("/offers/{earlier}")>{earlier.clone()}</a></p>
                                })}
                                {detail.row.superseded_by.clone().map(|newer| view! {
                                    <p class="notice-inline" id="superseded-by">{tr(Key::ReplacedByLabel)}" "<a href=format!("/offers/{newer}")>{newer.clone()}</a></p>
                                })}
                                <p class="actions">
                                    {(active && detail.row.superseded_by.is_none()).then(|| view! {
                                        <a class="button" id="new-version" href=format!("/offers/new?from={summary_id}&version=1")>{tr(Key::NewVersion)}</a>
                                    })}
                                    {detail.row.trial_days.is_some().then(|| view! {
                                        <a class="button" id="purchase-from-trial" href=format!("/offers/new?from={summary_id}&kind=offer")>{tr(Key::CreatePurchaseOfferFromTrial)}</a>
                                    })}
                                </p>
                            </div>
                            <OfferLines lines=detail.row.lines.clone() totals=detail.row.totals() trial=detail.row.trial_days.is_some() />
                            <OfferVersions versions=detail.versions.clone() current=summary_id.clone() />
                            <OfferMessageIsland start=message />

                            <h2 id="logo">{tr(Key::CompanyLogo)}</h2>
                            {logo_src.map(|src| view! { <img class="offer-logo" src=src alt=tr(Key::CompanyLogo) width="160" height="64" /> })}
                            <form class="form inline-upload" method="post" action=logo_action enctype="multipart/form-data">
                                <label for="logo-file">{tr(Key::ChooseLogo)}</label>
                                <input id="logo-file" name="logo" type="file" accept="image/png,image/jpeg,image/webp" required />
                                <p class="hint">{tr(Key::LogoHint)}</p>
                                {move || logo_outcome().map(|outcome| {
                                    let (class, key) = match outcome.as_str() {
                                        "saved" => ("success", Key::LogoSaved),
                                        "too_large" => ("field-error", Key::ErrLogoTooLarge),
                                        "missing" => ("field-error", Key::ErrRequired),
                                        _ => ("field-error", Key::ErrLogoFormat),
                                    };
                                    view! { <p class=class role="status">{move || locale.get().fill(key, &[("max", "512")])}</p> }
                                })}
                                <button type="submit">{tr(Key::UploadLogo)}</button>
                            </form>

                            <crate::offers::embedding::EmbedSnippet snippet=snippet />

                            <h2>{tr(Key::Acceptances)}</h2>
                            {if acceptances.is_empty() {
                                view! { <p class="empty">{tr(Key::NoAcceptancesYet)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards acceptances">
                                        {acceptances.into_iter().map(|a| {
                                            let a_lines = a.lines.clone();
                                            let lines = move || a_lines.iter().map(|(n, c)| format!("{n} × {}", crate::format::number(*c, locale.get()))).collect::<Vec<_>>().join("; ");
                                            let delegated = if a.delegated_admin { Key::DelegatedAccepted } else { Key::DelegatedDeclined };
                                            view! {
                                                <li class="card">
                                                    <strong>{a.company_name.clone()}</strong>
                                                    <span>{format!("{}.onmicrosoft.com · ", a.domain_prefix)}{show_country(a.country.clone())}</span>
                                                    <span>{format!("{} <{}>", a.contact_name, a.contact_email)}</span>
                                                    <span>{lines}</span>
                                                    {(!a.terms.is_empty()).then(|| view! { <span class="pre accepted-terms">{a.terms.clone()}</span> })}
                                                    <span>{tr(delegated)}</span>
                                                    <span class="meta">{show_date(a.accepted_at)}</span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}

                            <OfferReplies replies=replies />

                            <h2>{tr(Key::ExpiryDate)}</h2>
                            <ActionForm action=expiry attr:class="form">
                                <input type="hidden" name="summary_id" value=expiry_summary />
                                <label for="expires-on">{tr(Key::LastDayToAccept)}</label>
                                <input id="expires-on" name="expires_on" type="date" value=expiry_value />
                                <p class="hint">{tr(Key::ExpiryHint)}</p>
                                {move || expiry.value().get().and_then(|r| r.err()).map(|e| {
                                    let l = locale.get();
                                    let m = e.field_errors().first().map(|f| f.problem.message(l)).unwrap_or_else(|| e.message(l));
                                    view! { <p class="field-error">{m}</p> }
                                })}
                                <button type="submit">{tr(Key::SaveExpiryDate)}</button>
                            </ActionForm>

                            {active.then(|| view! {
                                <h2>{tr(Key::Withdraw)}</h2>
                                <p class="hint">{tr(Key::WithdrawConfirm)}</p>
                                <ActionForm action=withdraw attr:class="inline">
                                    <input type="hidden" name="summary_id" value=withdraw_summary.clone() />
                                    <button type="submit" class="danger">{tr(Key::Withdraw)}</button>
                                </ActionForm>
                            })}
                        </section>
                    }.into_any()
                })}
            </Transition>
        </Page>
    }
}

/// What clients who did not accept told the advisor, newest first: a question (answer by
/// email) or a decline with its reason.
#[component]
fn OfferReplies(replies: Vec<crate::offers::replies::OfferReply>) -> impl IntoView {
    use crate::offers::replies::ReplyKind;
    view! {
        <h2 id="replies">{tr(Key::RepliesHeading)}</h2>
        {if replies.is_empty() {
            view! { <p class="empty">{tr(Key::NoRepliesYet)}</p> }.into_any()
        } else {
            view! {
                <ul class="cards replies">
                    {replies.into_iter().map(|reply| {
                        let who = (!reply.name.is_empty()).then(|| reply.name.clone());
                        let email = (!reply.email.is_empty()).then(|| reply.email.clone());
                        let words = if reply.message.is_empty() && reply.kind == ReplyKind::Decline {
                            view! { <span class="hint">{tr(Key::NoReasonGiven)}</span> }.into_any()
                        } else {
                            view! { <span class="pre">{reply.message.clone()}</span> }.into_any()
                        };
                        view! {
                            <li class="card" data-kind=reply.kind.code()>
                                <strong>{tr(reply.kind.label())}</strong>
                                {(who.is_some() || email.is_some()).then(|| view! {
                                    <span>
                                        {who.unwrap_or_default()}
                                        {email.map(|e| view! { " " <a href=format!("mailto:{e}")>{e.clone()}</a> })}
                                    </span>
                                })}
                                {words}
                                <span class="meta">{show_date(reply.created_at)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// An offer's lines as the offer makes them: license count, term and billing plan, price per
/// license and total per billing period, then the totals per billing frequency.
#[component]
fn OfferLines(lines: Vec<crate::offers::OfferLine>, totals: Vec<crate::pricing::Total>, #[prop(optional)] trial: bool) -> impl IntoView {
    let locale = use_locale();
    view! {
        <h2>{tr(Key::Subscriptions)}</h2>
        <table class="responsive offer-lines-table">
            <thead><tr>
                <th scope="col">{tr(Key::Subscriptions)}</th>
                <th scope="col">{tr(Key::LicenseCount)}</th>
                <th scope="col">{tr(Key::TermAndBilling)}</th>
                <th scope="col" class="amount">{tr(Key::UnitPrice)}</th>
                <th scope="col" class="amount">{tr(Key::LineTotal)}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|line| {
                    let count = line.license_count;
                    let price = line.price.clone();
                    let money = move |amount: Option<crate::pricing::Decimal>| {
                        let l = locale.get();
                        price.as_ref().zip(amount).map(|(p, a)| crate::format::money(a, &p.currency, l)).unwrap_or_else(|| "—".to_string())
                    };
                    let unit = line.price.as_ref().map(|p| p.unit_price);
                    let total = line.price.as_ref().map(|p| p.total(count));
                    let money_total = money.clone();
                    let plan = line.price.as_ref().map(|p| p.plan);
                    let list_note = line.price.as_ref().and_then(|p| Some((p.list_price?, p.currency.clone())));
                    let period = line.price.as_ref().map(|p| p.plan.billing_plan.period_key());
                    view! {
                        <tr>
                            <td data-label=tr(Key::Subscriptions)>{line.name.clone()}</td>
                            <td data-label=tr(Key::LicenseCount)>{move || crate::format::number(count, locale.get())}</td>
                            <td data-label=tr(Key::TermAndBilling)>{move || match plan {
                                Some(plan) => locale.get().t(plan.key()).to_string(),
                                // A trial invitation's lines are free.
                                None if trial => locale.get().t(Key::TrialBadge).to_string(),
                                None => locale.get().t(Key::NoPriceInMarket).to_string(),
                            }}</td>
                            <td data-label=tr(Key::UnitPrice) class="amount">
                                {move || money(unit)}
                                {move || list_note.clone().map(|(list, currency)| {
                                    let l = locale.get();
                                    view! { <br /><span class="hint">{l.fill(Key::ListPriceNote, &[("price", &crate::format::money(list, &currency, l))])}</span> }
                                })}
                            </td>
                            <td data-label=tr(Key::LineTotal) class="amount">
                                {move || money_total(total)}{move || period.map(|k| format!(" {}", locale.get().t(k)))}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!totals.is_empty()).then(|| view! {
            <div class="offer-totals" id="offer-totals">
                <ul>
                    {totals.into_iter().map(|t| view! { <li>{move || crate::pricing::total_summary(&t, &locale.get())}</li> }).collect_view()}
                </ul>
                <p class="hint">{tr(Key::PricesExcludeTax)}</p>
            </div>
        })}
    }
}

/// What the Send page's message needs: the offer as the client gets it, and the message's
/// texts in each language (an islands build has only the page's language: see crate::i18n).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferMessageStart {
    pub detail: OfferDetail,
    pub texts: Vec<TextSet>,
}

impl From<&OfferDetail> for OfferMessageStart {
    fn from(detail: &OfferDetail) -> Self {
        // The acceptances and the snippet are not part of the message: the island leaves them.
        let detail = OfferDetail { acceptances: Vec::new(), replies: Vec::new(), embed_snippet: String::new(), ..detail.clone() };
        let texts = Locale::ALL.into_iter().map(|l| TextSet::recording(l, |t| drop(offer_text(&detail, &detail.url, t)))).collect();
        OfferMessageStart { detail, texts }
    }
}

/// The Send page's message on the page served whole: the only code of that page that runs.
// An island where the server renders it and in the offer wizard's islands build (the advisor
// comes from the wizard, so the page's code is already there); elsewhere a component.
#[cfg_attr(any(feature = "ssr", feature = "offer-wizard"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "offer-wizard")), component)]
fn OfferMessageIsland(start: OfferMessageStart) -> impl IntoView {
    view! { <OfferMessage start /> }
}

/// The custom URL with Copy, the message for the client in the language chosen (Copy, Open in
/// email) and its personalisation (introduction, closing remarks, contact details), which the
/// message follows as it is typed and Save keeps.
#[component]
fn OfferMessage(start: OfferMessageStart) -> impl IntoView {
    let locale = use_locale();
    let OfferMessageStart { detail, texts } = start;
    let save = ServerAction::<SaveOfferMessage>::new();
    let url = detail.url.clone();
    let copied_text = RwSignal::new(false);
    let intro = RwSignal::new(detail.introduction.clone());
    let closing = RwSignal::new(detail.closing.clone());
    let contact = RwSignal::new(detail.contact.clone());
    // The language of the message for the client (the page's language at first).
    let message_locale = RwSignal::new(locale.get_untracked());
    let preview = {
        let detail = detail.clone();
        let url = url.clone();
        move || {
            let mut d = detail.clone();
            d.introduction = intro.get();
            d.closing = closing.get();
            d.contact = contact.get();
            let language = message_locale.get();
            match texts.iter().find(|t| t.locale == language) {
                Some(set) => offer_text(&d, &url, set),
                None => offer_text(&d, &url, &language),
            }
        }
    };
    let preview_body = preview.clone();
    let preview_initial = preview.clone();
    let preview_mail = preview.clone();
    let preview_copy = preview.clone();
    let summary_id = detail.row.summary_id.clone();
    let from_link = format!("/offers/new?from={summary_id}");
    // Send: PartnerDesk emails the message shown to the client's address.
    let client = RwSignal::new(String::new());
    let send = ServerAction::<SendOfferEmail>::new();
    let send_id = summary_id.clone();
    let send_now = move |_| {
        send.dispatch(SendOfferEmail {
            summary_id: send_id.clone(),
            recipient_email: client.get_untracked(),
            locale: message_locale.get_untracked().tag().to_string(),
            introduction: intro.get_untracked(),
            closing: closing.get_untracked(),
            contact: contact.get_untracked(),
        });
    };
    let send_error = move || send.value().get().and_then(|r| r.err());
    let sent = move || send.value().get().and_then(|r| r.ok());
    view! {
        <label for="offer-url" class="label">{tr(Key::OfferUrl)}</label>
        <div class="copy-row">
            <input id="offer-url" readonly value=url.clone() />
            <CopyButton text=url.clone() what=CopyWhat::Text />
        </div>

        <div class="field-row">
        <label for="message-language" class="label">{tr(Key::MessageLanguage)}</label>
        <select id="message-language" class="compact"
            on:change=move |ev| if let Some(l) = Locale::from_tag(&event_target_value(&ev)) { message_locale.set(l) }>
            {Locale::ALL.into_iter().map(|l| view! {
                <option value=l.tag() selected=move || message_locale.get() == l>{l.native_name()}</option>
            }).collect_view()}
        </select>
        </div>
        <label for="offer-text" class="label">{tr(Key::OfferInformation)}</label>
        // A textarea's content is its initial value (and takes no hydration markers): the
        // server writes it, the browser keeps the value up to date.
        <textarea id="offer-text" readonly rows="12" prop:value=move || preview_body().1>{untrack(&preview_initial).1}</textarea>
        <label for="client-email" class="label">{tr(Key::ClientEmail)}</label>
        <input id="client-email" type="email" autocomplete="off" maxlength="254"
            prop:value=move || client.get() on:input=move |ev| client.set(event_target_value(&ev)) />
        <p class="hint">{tr(Key::ClientEmailHint)}</p>
        {move || field_error(send_error(), "recipient_email", locale.get())}
        {move || send_error().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
        {move || sent().map(|address| view! {
            <p class="success" role="status">{move || locale.get().fill(Key::EmailQueuedTo, &[("email", &address)])}</p>
        })}
        <div class="actions">
            <button type="button" class="send" disabled=move || send.pending().get() on:click=send_now>
                {move || if send.pending().get() { locale.get().t(Key::SendingEmail) } else { locale.get().t(Key::SendEmailNow) }}
            </button>
            <button type="button" class="primary" on:click=move |_| copy_to_clipboard(preview_copy().1, copied_text)>
                {move || if copied_text.get() { locale.get().t(Key::Copied) } else { locale.get().t(Key::CopyToClipboard) }}
            </button>
            <a class="button" href=move || { let (s, b) = preview_mail(); mailto(&client.get(), &s, &b) }>{tr(Key::OpenInEmail)}</a>
            <a class="button" href=url.clone() target="_blank" rel="noopener">{tr(Key::PreviewClientPage)}</a>
            <a href=from_link class="button">{tr(Key::SendNewOffer)}</a>
        </div>

        <h2>{tr(Key::PersonaliseMessage)}</h2>
        <aside class="checklist">
            <h3>{tr(Key::Checklist)}</h3>
            <ul>
                <li>{tr(Key::CheckAuthorized)}</li>
                <li>{tr(Key::CheckBilledDirectly)}</li>
                <li>{tr(Key::CheckContact)}</li>
                <li>{tr(Key::CheckLicenses)}</li>
                <li>{tr(Key::CheckDelegated)}</li>
            </ul>
        </aside>
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="summary_id" value=summary_id.clone() />
            <label for="introduction">{tr(Key::Introduction)}</label>
            <textarea id="introduction" name="introduction" rows="4" maxlength="2000"
                prop:value=move || intro.get() on:input=move |ev| intro.set(event_target_value(&ev))>{intro.get_untracked()}</textarea>
            <label for="closing">{tr(Key::ClosingRemarks)}</label>
            <textarea id="closing" name="closing" rows="3" maxlength="2000"
                prop:value=move || closing.get() on:input=move |ev| closing.set(event_target_value(&ev))>{closing.get_untracked()}</textarea>
            <label for="contact">{tr(Key::ContactDetails)}</label>
            <textarea id="contact" name="contact" rows="2" maxlength="500"
                prop:value=move || contact.get() on:input=move |ev| contact.set(event_target_value(&ev))>{contact.get_untracked()}</textarea>
            <button type="submit" class="primary">{tr(Key::Save)}</button>
            {move || match save.value().get() {
                Some(Ok(())) => Some(Either::Left(view! { <p class="success" role="status">{tr(Key::MessageSaved)}</p> })),
                Some(Err(e)) => Some(Either::Right(view! { <ErrorBox error=e /> })),
                None => None,
            }}
        </ActionForm>
    }
}
