//! The indirect provider's customer pages: Customers (filter by reseller, expand a row to its
//! subscriptions), the new-customer wizard (details, New subscription, review, confirmation
//! with Setup info), Add subscription, and the subscription detail.

use super::*;
use crate::catalog::{country_name, CatalogSubscription};
use crate::components::{copy_to_clipboard, field_message, show_country, CountryOptions, ErrorBox, Page, SubscriptionChoice};
use crate::error::FieldError;
use crate::i18n::{tr, use_locale, Key, Locale};
use leptos::either::Either;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Customers: the provider's customers, filterable by indirect reseller, searchable and paged.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let query = use_query_map();
    let reseller = move || query.read().get("reseller").and_then(|r| r.parse::<i64>().ok());
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || query.read().get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    let data = Resource::new(move || (reseller(), search(), page()), |(r, q, p)| list_customers(r, q, p));
    let changed = move || query.read().get("changed").is_some();
    view! {
        <Page title=Key::NavCustomers permission=Permission::ViewCustomers>
            <Show when=changed>
                <p class="notice success" role="status">{tr(Key::CustomerResellerSaved)}</p>
            </Show>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(CustomersOverview::Reseller(providers)) => view! {
                            <p class="intro">{tr(Key::ResellerCustomersIntro)}</p>
                            <crate::resellers::ProviderCards providers=providers />
                        }.into_any(),
                        Ok(CustomersOverview::Provider { rows, total, page, per_page, resellers, may_manage }) => {
                            let selected = reseller();
                            let new_link = match selected { Some(r) => format!("/customers/new?reseller={r}"), None => "/customers/new".to_string() };
                            let pages = crate::validate::page_count(total, per_page);
                            let link = move |p: i64| format!("/customers?reseller={}&q={}&page={p}", selected.unwrap_or(0), crate::components::urlencode(&search()));
                            let (previous, next) = (link(page - 1), link(page + 1));
                            view! {
                                <div class="actions">
                                    {may_manage.then(|| view! { <A href=new_link attr:class="button primary">{tr(Key::AddNewCustomer)}</A> })}
                                    <A href=super::incentives::INCENTIVES_PATH attr:class="button">{tr(Key::IncentiveReport)}</A>
                                </div>
                                <form method="get" action="/customers" class="search filters" role="search">
                                    <div>
                                        <label for="reseller-filter">{tr(Key::FilterByReseller)}</label>
                                        <select id="reseller-filter" name="reseller">
                                            <option value="0">{tr(Key::AllResellers)}</option>
                                            {resellers.into_iter().map(|r| view! {
                                                <option value=r.id.to_string() selected=selected == Some(r.id)>{r.name}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div>
                                        <label for="customer-search">{tr(Key::SearchCustomers)}</label>
                                        <input id="customer-search" name="q" value=search() autocomplete="off" />
                                    </div>
                                    <button type="submit">{tr(Key::Search)}</button>
                                </form>
                                {if rows.is_empty() {
                                    view! { <p class="empty">{tr(Key::NoCustomersYet)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="customer-list">
                                            {rows.into_iter().map(|c| view! { <CustomerItem customer=c may_manage=may_manage /> }).collect_view()}
                                        </ul>
                                        <crate::components::Pager page=page pages previous next />
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </Page>
    }
}

/// "Renews on …", "Ends on … without renewing", "Cancelled" (see [`crate::subscriptions::renewal_summary`]).
fn renewal_summary(lifecycle: crate::subscriptions::Lifecycle) -> impl IntoView {
    let locale = use_locale();
    move || crate::subscriptions::renewal_summary(&lifecycle, &locale.get())
}

/// One customer: a row that expands (down arrow) to its subscriptions and Add subscription.
/// A subscription's term, billing plan and price ("1 year, billed monthly · 25 × €5.64 = €141.00
/// a month"), or a dash when it was not bought with one.
fn subscription_terms(price: Option<crate::pricing::LinePrice>, license_count: i64, plan: crate::pricing::Plan) -> impl IntoView {
    let locale = use_locale();
    move || {
        let l = locale.get();
        match &price {
            Some(p) => format!("{} · {}", l.t(p.plan.key()), crate::pricing::line_summary(license_count, p, &l)),
            None => l.t(plan.key()).to_string(),
        }
    }
}

#[component]
fn CustomerItem(customer: CustomerRow, may_manage: bool) -> impl IntoView {
    let id = customer.id;
    let reseller = customer.reseller_name.clone();
    let has_reseller = reseller.is_some();
    let partnered = customer.reseller_partnered;
    view! {
        <li class="customer">
            <details>
                <summary>
                    <span class="customer-name">{customer.company_name.clone()}</span>
                    <span class="meta">{format!("{}.onmicrosoft.com · ", customer.domain_prefix)}{show_country(customer.country.clone())}</span>
                    <span class="reseller-tag">
                        {match reseller {
                            Some(name) => view! {
                                {tr(Key::ResellerName)}": "{name}
                                {(!partnered).then(|| view! { <span class="badge warn">{tr(Key::PartnershipEnded)}</span> })}
                            }.into_any(),
                            None => view! { {tr(Key::NoReseller)} }.into_any(),
                        }}
                    </span>
                </summary>
                <table class="responsive subscriptions">
                    <thead><tr>
                        <th scope="col">{tr(Key::Subscriptions)}</th>
                        <th scope="col">{tr(Key::LicenseCount)}</th>
                        <th scope="col">{tr(Key::TermAndBilling)}</th>
                        <th scope="col">{tr(Key::RenewalColumn)}</th>
                        <th scope="col">{tr(Key::ResellerMpnId)}</th>
                        <th scope="col">{tr(Key::DesignatedSupportContact)}</th>
                    </tr></thead>
                    <tbody>
                        {customer.subscriptions.into_iter().map(|s| {
                            let href = format!("/customers/{id}/subscriptions/{}", s.id);
                            let record = match (s.reseller_of_record_name.clone(), s.reseller_of_record_mpn_id.clone()) {
                                (Some(n), Some(m)) => format!("{n} ({m})"),
                                _ => "—".to_string(),
                            };
                            let support = s.support_contact_name.clone().unwrap_or_else(|| "—".to_string());
                            view! {
                                <tr>
                                    <td data-label=tr(Key::Subscriptions)>
                                        {if may_manage { view! { <A href=href>{s.name.clone()}</A> }.into_any() } else { view! { {s.name.clone()} }.into_any() }}
                                    </td>
                                    <td data-label=tr(Key::LicenseCount)>{s.license_count}</td>
                                    <td data-label=tr(Key::TermAndBilling)>{subscription_terms(s.price.clone(), s.license_count, s.lifecycle.plan)}</td>
                                    <td data-label=tr(Key::RenewalColumn)>{renewal_summary(s.lifecycle)}</td>
                                    <td data-label=tr(Key::ResellerMpnId)>{record}</td>
                                    <td data-label=tr(Key::DesignatedSupportContact)>{support}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions">
                    <A href=crate::delegated_admin::customer_path(id) attr:class="button">{tr(Key::NavDelegatedAdmin)}</A>
                </div>
                {may_manage.then(|| view! {
                    <div class="actions">
                        <A href=format!("/customers/{id}/subscriptions/new") attr:class="button">{tr(Key::AddSubscription)}</A>
                        <A href=format!("/customers/{id}/reseller") attr:class="button">
                            {if has_reseller { tr(Key::ChangeReseller) } else { tr(Key::AssociateReseller) }}
                        </A>
                    </div>
                })}
            </details>
        </li>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Details,
    Subscriptions,
    Review,
    Confirmation,
}

/// The license counts form shared by the wizard and Add subscription.
#[component]
fn SubscriptionPicker(
    catalog: Vec<CatalogSubscription>,
    lines: RwSignal<Vec<(String, crate::validate::WholeNumber)>>,
    errors: RwSignal<Vec<FieldError>>,
    /// Where the lines choose their term and billing plan (the New customer wizard).
    #[prop(optional)]
    pricing: Option<crate::components::LinePricing>,
) -> impl IntoView {
    let locale = use_locale();
    let message = move |field: &str| field_message(&errors.get(), field, locale.get());
    view! {
        <fieldset class="subscriptions">
            <legend>{tr(Key::Subscriptions)}</legend>
            {move || message("subscriptions").map(|m| view! { <p class="field-error">{m}</p> })}
            <ul class="subscription-list">
                {catalog.into_iter().map(|s| match pricing {
                    Some(pricing) => view! { <SubscriptionChoice subscription=s lines errors pricing /> }.into_any(),
                    None => view! { <SubscriptionChoice subscription=s lines errors /> }.into_any(),
                }).collect_view()}
            </ul>
        </fieldset>
    }
}

/// Add new customer: customer details, Next: Subscriptions, Next: Review, Submit (or Cancel),
/// then the Confirmation page with Setup info shown once.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    view! {
        <Page title=Key::NewCustomer permission=Permission::ManageCustomers>
            <NewCustomerLoader />
        </Page>
    }
}

/// Loads what the wizard starts from, then shows it as an island with that data.
#[component]
fn NewCustomerLoader() -> impl IntoView {
    let query = use_query_map();
    let pwa = crate::pwa::use_pwa();
    // Kept on the device too, so the wizard also opens offline (see crate::pwa).
    let start = Resource::new(|| (), move |_| crate::pwa::remembered(pwa.user.get_untracked(), "customers.start", true, customer_wizard_start()));
    view! {
        {crate::components::once_started(start, move |start, user| {
            let reseller = query.read_untracked().get("reseller").and_then(|r| r.parse::<i64>().ok()).filter(|r| *r > 0);
            view! { <NewCustomerIsland user start reseller /> }.into_any()
        })}
        // The country's suggestions: rendered once here, not by the wizard's code.
        <CountryOptions id="c-countries" />
    }
}

/// The wizard on the page served whole: the only code of the page that runs in the browser.
// An island where the server renders it and in the islands build for this wizard (feature
// `customer-wizard`: see crate::app::IslandsBuild); elsewhere a component, so no other build exports it.
#[cfg_attr(any(feature = "ssr", feature = "customer-wizard"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "customer-wizard")), component)]
fn NewCustomerIsland(user: Option<i64>, start: NewCustomerStart, reseller: Option<i64>) -> impl IntoView {
    crate::pwa::Pwa::shared(user);
    view! { <NewCustomerWizard start reseller /> }
}

/// The wizard itself; `reseller`: the indirect reseller chosen beforehand (`?reseller=`).
#[component]
fn NewCustomerWizard(start: NewCustomerStart, reseller: Option<i64>) -> impl IntoView {
    let locale = use_locale();
    let pwa = crate::pwa::use_pwa();
    let step = RwSignal::new(Step::Details);
    let reseller: RwSignal<Option<i64>> = RwSignal::new(reseller);
    let details = RwSignal::new(CustomerDetailsForm { language: locale.get_untracked().tag().to_string(), ..Default::default() });
    let lines: RwSignal<Vec<(String, crate::validate::WholeNumber)>> = RwSignal::new(Vec::new());
    let plans: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    // Providers sell at the price list's prices: each line chooses its term and billing plan.
    let pricing = crate::components::LinePricing { plans, adjustments: RwSignal::new(Vec::new()), discount_limit: 0 };
    // The plans of the checked lines only (an unchecked line's choice is forgotten).
    let chosen_plans = move || {
        let checked = lines.get();
        plans.get().into_iter().filter(|(id, _)| checked.iter().any(|(l, _)| l == id)).collect::<Vec<_>>()
    };
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    // A refusal of the domain check that names no field (not a connection problem): shown whole.
    let check_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    let key = StoredValue::new(crate::components::new_idempotency_key());
    // The subscriptions sold in the customer's country, from the catalog that came with the
    // page (the same answer the server gives: crate::catalog::available_in).
    let start = StoredValue::new(start);
    let catalog = Memo::new(move |_| {
        details
            .with(|d| crate::catalog::parse_country(&d.country).ok())
            .map(|code| start.with_value(|s| crate::catalog::available_in(&s.catalog, &code)))
            .unwrap_or_default()
    });
    // Drafts and the outbox (crate::pwa): the wizard is kept on the device as it is typed, and
    // a submission without a connection waits in the outbox with its idempotency key.
    let restored = RwSignal::new(false);
    let queued = RwSignal::new(false);
    let domain_later = RwSignal::new(false);
    let draft_checked = StoredValue::new(false);
    let last_sent = StoredValue::new(None::<NewCustomerOrder>);
    let fresh_details = move || CustomerDetailsForm { language: locale.get_untracked().tag().to_string(), ..Default::default() };
    let reset = move || {
        details.set(fresh_details());
        lines.set(Vec::new());
        plans.set(Vec::new());
        errors.set(Vec::new());
        step.set(Step::Details);
        key.set_value(crate::components::new_idempotency_key());
        restored.set(false);
        domain_later.set(false);
    };
    // The start data that came with the page is kept for offline use.
    Effect::new(move |_| {
        if let Some(user) = pwa.user.get() {
            start.with_value(|s| crate::pwa::remember(user, "customers.start", s));
        }
    });
    Effect::new(move |_| {
        let order = NewCustomerOrder {
            reseller_id: reseller.get(),
            details: details.get(),
            lines: lines.get(),
            idempotency_key: key.get_value(),
            plans: chosen_plans(),
        };
        let at = step.get();
        let Some(user) = pwa.user.get() else { return };
        if !draft_checked.get_value() {
            draft_checked.set_value(true);
            if let Some(draft) = crate::pwa::load_draft::<NewCustomerOrder>(user, crate::pwa::Wizard::Customer) {
                reseller.set(draft.form.reseller_id);
                details.set(draft.form.details);
                lines.set(draft.form.lines);
                plans.set(draft.form.plans);
                if !draft.form.idempotency_key.is_empty() {
                    key.set_value(draft.form.idempotency_key);
                }
                step.set(match draft.step {
                    1 => Step::Subscriptions,
                    2 => Step::Review,
                    _ => Step::Details,
                });
                errors.set(draft.errors);
                restored.set(true);
                return;
            }
        }
        let blank =
            order.lines.is_empty() && CustomerDetailsForm { language: String::new(), ..order.details.clone() } == CustomerDetailsForm::default();
        let step_number = match at {
            Step::Subscriptions => 1,
            Step::Review => 2,
            Step::Details | Step::Confirmation => 0,
        };
        if blank || at == Step::Confirmation {
            crate::pwa::clear_draft(user, crate::pwa::Wizard::Customer);
        } else {
            crate::pwa::save_draft(user, crate::pwa::Wizard::Customer, &crate::pwa::Draft { form: order, step: step_number, errors: Vec::new() });
        }
    });

    let create = ServerAction::<CreateCustomer>::new();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            if let Some(user) = pwa.user.get_untracked() {
                crate::pwa::clear_draft(user, crate::pwa::Wizard::Customer);
            }
            step.set(Step::Confirmation)
        }
        // The connection dropped on the way: the outbox sends it (the key makes it one customer).
        Some(Err(e)) if crate::pwa::is_unreachable(&e) => {
            if let Some(sent) = last_sent.get_value() {
                pwa.enqueue(crate::pwa::Submission::Customer(sent));
                reset();
                queued.set(true);
            }
        }
        Some(Err(e)) => {
            errors.set(e.field_errors().to_vec());
            if e.field_errors().iter().any(|f| !f.field.starts_with("license_count") && f.field != "subscriptions") {
                step.set(Step::Details);
            }
        }
        None => {}
    });
    let message = move |field: &str| field_message(&errors.get(), field, locale.get());
    let set = move |field: &'static str, value: String| {
        details.update(|d| d.set(field, value));
        // A field that shows a problem is checked again as it changes (the same rules as Next).
        if errors.with_untracked(|shown| shown.iter().any(|e| e.field == field)) {
            let mut now = FieldErrors::default();
            details.with_untracked(|d| d.check(&mut now));
            errors.update(|shown| *shown = crate::error::after_edit(shown, &now.0, &[field.to_string()]));
        }
    };
    let field = move |id: &'static str, name: &'static str, label: Key, autocomplete: &'static str| {
        let value = move || details.with(|d| d.get(name));
        // One element per field: a view of several elements returned by a closure is marked
        // differently by the server and by the islands build's hydration (a mismatch).
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <input id=id name=name autocomplete=autocomplete prop:value=value
                    aria-invalid=move || message(name).is_some().to_string()
                    on:input=move |ev| set(name, event_target_value(&ev)) />
                {move || message(name).map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        }
    };
    let next_to_subscriptions = move |_| {
        let mut problems = FieldErrors::default();
        details.with_untracked(|d| d.check(&mut problems));
        let prefix = details.with_untracked(|d| d.domain_prefix.clone());
        check_error.set(None);
        if problems.is_empty() {
            // The domain prefix must also be free; ask before moving on.
            leptos::task::spawn_local(async move {
                match check_domain_for_customer(prefix).await {
                    Ok(None) => {
                        errors.set(Vec::new());
                        domain_later.set(false);
                        step.set(Step::Subscriptions);
                    }
                    // Offline: go on; the server checks the prefix when the customer is sent.
                    Err(e) if crate::pwa::is_unreachable(&e) => {
                        errors.set(Vec::new());
                        domain_later.set(true);
                        step.set(Step::Subscriptions);
                    }
                    Ok(Some(problem)) => errors.set(vec![FieldError::new("domain_prefix", problem)]),
                    Err(e) => {
                        let fields = e.field_errors().to_vec();
                        if fields.is_empty() {
                            check_error.set(Some(e));
                        }
                        errors.set(fields);
                    }
                }
            });
        } else {
            errors.set(problems.0);
        }
    };
    let next_to_review = move |_| {
        let mut problems = FieldErrors::default();
        let order = NewCustomerOrder { lines: lines.get_untracked(), plans: untrack(chosen_plans), ..Default::default() };
        check_priced_lines(&order, &catalog.get_untracked(), &mut problems);
        if problems.is_empty() {
            errors.set(Vec::new());
            step.set(Step::Review);
        } else {
            errors.set(problems.0);
        }
    };
    let cancel = move |_| {
        // Cancel discards the entire operation: nothing was stored, and no draft is kept.
        if let Some(user) = pwa.user.get_untracked() {
            crate::pwa::clear_draft(user, crate::pwa::Wizard::Customer);
        }
        details.set(CustomerDetailsForm::default());
        lines.set(Vec::new());
        crate::pwa::open_page("/customers");
    };
    let submit = move |_| {
        let order = NewCustomerOrder {
            reseller_id: reseller.get_untracked(),
            details: details.get_untracked(),
            lines: lines.get_untracked(),
            idempotency_key: key.get_value(),
            plans: untrack(chosen_plans),
        };
        queued.set(false);
        if pwa.online.get_untracked() {
            last_sent.set_value(Some(order.clone()));
            create.dispatch(CreateCustomer { order });
        } else {
            pwa.enqueue(crate::pwa::Submission::Customer(order));
            reset();
            queued.set(true);
        }
    };
    let resellers = start.with_value(|s| s.resellers.clone());
    let reseller_name = move || reseller.get().and_then(|id| start.with_value(|s| s.resellers.iter().find(|r| r.id == id).map(|r| r.name.clone())));
    view! {
        <ol class="steps" aria-label=tr(Key::Steps)>
            <li class:current=move || step.get() == Step::Details>{tr(Key::CustomerDetails)}</li>
            <li class:current=move || step.get() == Step::Subscriptions>{tr(Key::NewSubscription)}</li>
            <li class:current=move || step.get() == Step::Review>{tr(Key::Review)}</li>
            <li class:current=move || step.get() == Step::Confirmation>{tr(Key::Confirmation)}</li>
        </ol>
        <Show when=move || !errors.get().is_empty()>
            <p class="error" role="alert">{tr(Key::FixErrorsBelow)}</p>
        </Show>
        <Show when=move || queued.get()>
            <p class="success" role="status" id="queued-notice">{tr(Key::QueuedCustomer)}</p>
        </Show>
        <Show when=move || restored.get()>
            <p class="notice-inline draft-note" role="status" id="draft-restored">
                {tr(Key::DraftRestored)}" "
                <button type="button" class="link" on:click=move |_| {
                    if let Some(user) = pwa.user.get_untracked() {
                        crate::pwa::clear_draft(user, crate::pwa::Wizard::Customer);
                    }
                    reset();
                }>{tr(Key::DraftDiscard)}</button>
            </p>
        </Show>
        {move || create.value().get().and_then(|r| r.err()).filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
        <div class="form wizard" hidden=move || step.get() != Step::Details>
            <label for="reseller">{tr(Key::ResellerName)}</label>
            <select id="reseller" on:change=move |ev| reseller.set(event_target_value(&ev).parse::<i64>().ok().filter(|r| *r > 0))>
                <option value="0" selected=move || reseller.get().is_none()>{tr(Key::NoReseller)}</option>
                {resellers.iter().map(|r| {
                    let id = r.id;
                    view! { <option value=id.to_string() selected=move || reseller.get() == Some(id)>{format!("{} ({})", r.name, r.mpn_id)}</option> }
                }).collect_view()}
            </select>
            <p class="hint">{tr(Key::ResellerForCustomerHint)}</p>
            {move || message("reseller_id").map(|m| view! { <p class="field-error">{m}</p> })}
            {field("c-company", "company_name", Key::CompanyName, "organization")}
            {field("c-domain", "domain_prefix", Key::DomainPrefix, "off")}
            <p class="hint">{tr(Key::DomainPrefixHint)}</p>
            {field("c-address", "address_line1", Key::AddressLine1, "address-line1")}
            {field("c-city", "city", Key::City, "address-level2")}
            {field("c-postal", "postal_code", Key::PostalCode, "postal-code")}
            <label for="c-country">{tr(Key::Country)}</label>
            <input id="c-country" list="c-countries" autocomplete="country" prop:value=move || details.with(|d| d.country.clone())
                aria-invalid=move || message("country").is_some().to_string()
                on:input=move |ev| set("country", event_target_value(&ev)) />
            {move || details.with(|d| crate::catalog::parse_country(&d.country).ok())
                .map(|c| view! { <p class="hint" id="c-country-name">{country_name(&c, locale.get())}</p> })}
            {move || message("country").map(|m| view! { <p class="field-error">{m}</p> })}
            {move || {
                let rules = details.with(|d| crate::catalog::parse_country(&d.country).map(|c| country_rules(&c)).unwrap_or_default());
                (rules.phone || rules.registration_number).then(|| view! { <p class="hint">{tr(Key::CountryNeedsMore)}</p> })
            }}
            {field("c-phone", "phone", Key::Phone, "tel")}
            {field("c-registration", "registration_number", Key::RegistrationNumber, "off")}
            <h2>{tr(Key::PrimaryContact)}</h2>
            {field("c-first", "contact_first_name", Key::FirstName, "given-name")}
            {field("c-last", "contact_last_name", Key::LastName, "family-name")}
            {field("c-email", "contact_email", Key::Email, "email")}
            <label for="c-language">{tr(Key::PreferredLanguage)}</label>
            <select id="c-language" on:change=move |ev| set("language", event_target_value(&ev))>
                {Locale::ALL.into_iter().map(|l| view! {
                    <option value=l.tag() selected=move || details.with(|d| d.language == l.tag())>{l.native_name()}</option>
                }).collect_view()}
            </select>
            <div class="actions">
                <button type="button" class="primary" on:click=next_to_subscriptions>{tr(Key::NextSubscriptions)}</button>
                <button type="button" on:click=cancel>{tr(Key::Cancel)}</button>
            </div>
            {move || check_error.get().map(|e| view! { <ErrorBox error=e /> })}
        </div>
        <Show when=move || step.get() == Step::Subscriptions>
            <div class="form wizard">
                <h2>{tr(Key::NewSubscription)}</h2>
                <Show when=move || domain_later.get()>
                    <p class="notice-inline" role="note">{tr(Key::DomainCheckedLater)}</p>
                </Show>
                {move || view! { <SubscriptionPicker catalog=catalog.get() lines=lines errors=errors pricing=pricing /> }}
                <div class="actions">
                    <button type="button" class="primary" on:click=next_to_review>{tr(Key::NextReview)}</button>
                    <button type="button" on:click=move |_| step.set(Step::Details)>{tr(Key::Back)}</button>
                </div>
            </div>
        </Show>
        <Show when=move || step.get() == Step::Review>
            <section class="review">
                <h2>{tr(Key::Review)}</h2>
                <dl class="facts">
                    <dt>{tr(Key::ResellerName)}</dt><dd>{move || reseller_name().unwrap_or_else(|| locale.get().t(Key::NoReseller).to_string())}</dd>
                    <dt>{tr(Key::CompanyName)}</dt><dd>{move || details.with(|d| d.company_name.clone())}</dd>
                    <dt>{tr(Key::DomainPrefix)}</dt><dd>{move || details.with(|d| format!("{}.onmicrosoft.com", d.domain_prefix.trim().to_lowercase()))}</dd>
                    <dt>{tr(Key::Address)}</dt><dd>{move || details.with(|d| {
                        let country = crate::catalog::parse_country(&d.country).map(|c| country_name(&c, locale.get())).unwrap_or_else(|_| d.country.clone());
                        format!("{}, {} {}, {}", d.address_line1, d.postal_code, d.city, country)
                    })}</dd>
                    <dt>{tr(Key::PrimaryContact)}</dt><dd>{move || details.with(|d| format!("{} {} <{}>", d.contact_first_name, d.contact_last_name, d.contact_email))}</dd>
                    <dt>{tr(Key::Subscriptions)}</dt>
                    <dd>{move || {
                        let names = catalog.get();
                        lines.get().iter().map(|(id, c)| {
                            let name = names.iter().find(|s| &s.id == id).map(|s| s.name.clone()).unwrap_or_else(|| id.clone());
                            format!("{name} × {}", c.value().map(|n| crate::format::number(n, locale.get())).unwrap_or_else(|| c.to_string()))
                        }).collect::<Vec<_>>().join("; ")
                    }}</dd>
                    {move || {
                        // Each line's term, billing plan and price, and the totals.
                        let (l, chosen) = (locale.get(), chosen_plans());
                        let choices = crate::pricing::PriceChoices { plans: &chosen, ..Default::default() };
                        let catalog = catalog.get();
                        let priced: Vec<String> = lines.get().iter().filter_map(|(id, c)| {
                            let price = crate::pricing::price_as_typed(id, &choices, &catalog)?;
                            let count = c.value()?;
                            let name = catalog.iter().find(|s| &s.id == id).map(|s| s.name.as_str()).unwrap_or(id);
                            Some(crate::pricing::line_terms(name, count, &price, &l))
                        }).collect();
                        let totals = crate::pricing::totals_as_typed(&lines.get(), &choices, &catalog);
                        (!priced.is_empty()).then(|| view! {
                            <dt>{tr(Key::TermAndBilling)}</dt>
                            <dd id="review-prices">
                                {priced.into_iter().map(|p| view! { <span class="line-price">{p}</span><br /> }).collect_view()}
                                {totals.iter().map(|t| view! { <strong>{crate::pricing::total_summary(t, &l)}</strong><br /> }).collect_view()}
                                <span class="hint">{tr(Key::PricesExcludeTax)}</span>
                            </dd>
                        })
                    }}
                </dl>
                <div class="actions">
                    <button type="button" class="primary" on:click=submit disabled=move || create.pending().get()>{tr(Key::Submit)}</button>
                    <button type="button" on:click=cancel>{tr(Key::Cancel)}</button>
                </div>
            </section>
        </Show>
        <Show when=move || step.get() == Step::Confirmation>
            {move || create.value().get().and_then(|r| r.ok()).map(|info| view! { <SetupInfoView info=info /> })}
        </Show>
    }
}

/// Confirmation > Setup info: the admin account and temporary password, shown this once.
#[component]
fn SetupInfoView(info: SetupInfo) -> impl IntoView {
    let locale = use_locale();
    let copied = RwSignal::new(false);
    let text = format!("{}\n{}", info.admin_user_name, info.temporary_password);
    view! {
        <section class="confirmation" aria-labelledby="setup-info">
            <p class="success" role="status">{move || locale.get().fill(Key::CustomerCreated, &[("company", &info.company_name)])}</p>
            <h2 id="setup-info">{tr(Key::SetupInfo)}</h2>
            <p class="warning" role="note">{tr(Key::SetupInfoWarning)}</p>
            <dl class="facts">
                <dt>{tr(Key::AdminUserName)}</dt><dd><code id="admin-user">{info.admin_user_name.clone()}</code></dd>
                <dt>{tr(Key::TemporaryPassword)}</dt><dd><code id="temporary-password">{info.temporary_password.clone()}</code></dd>
            </dl>
            <div class="actions">
                <button type="button" on:click=move |_| copy_to_clipboard(text.clone(), copied)>
                    {move || if copied.get() { locale.get().t(Key::Copied) } else { locale.get().t(Key::CopyToClipboard) }}
                </button>
                <a href="/customers" class="button primary">{tr(Key::Done)}</a>
            </div>
        </section>
    }
}

/// Whether a domain prefix is free (the same check the client's offer page makes).
async fn check_domain_for_customer(prefix: String) -> Result<Option<crate::error::Problem>, AppError> {
    crate::offers::client::check_domain(prefix).await
}

/// Add subscription: New subscription for an existing customer, with the reseller to associate.
/// Served whole, the form is an island of the New customer wizard's build (the same choice of
/// subscriptions).
#[component]
pub fn AddSubscriptionPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    // The customer and what can be sold to them, in one resource: a resource made while the
    // page renders (inside its Suspense) was not hydrated when the page was opened directly.
    let data = Resource::new(id, |id| async move {
        let customer = get_customer(id).await?;
        // What is sold there (a trial SKU is offered by trial invitations only).
        let catalog = customer_catalog(customer.customer.country.clone()).await.map(|all| crate::catalog::for_sale(&all));
        Ok::<_, AppError>((customer, catalog))
    });
    view! {
        <Page title=Key::AddSubscription permission=Permission::ManageCustomers>
            <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (data, catalog) = match data.await {
                        Ok(d) => d,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    view! { <AddSubscriptionIsland data catalog /> }.into_any()
                })}
            </Suspense>
        </Page>
    }
}

/// Add subscription: the license counts, the reseller to associate (for incentives), Submit
/// and Cancel.
// An island where the server renders it and in the New customer wizard's islands build
// (feature `customer-wizard`: see crate::app::IslandsBuild); elsewhere a component.
#[cfg_attr(any(feature = "ssr", feature = "customer-wizard"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "customer-wizard")), component)]
fn AddSubscriptionIsland(data: CustomerPageData, catalog: Result<Vec<CatalogSubscription>, AppError>) -> impl IntoView {
    let locale = use_locale();
    let lines: RwSignal<Vec<(String, crate::validate::WholeNumber)>> = RwSignal::new(Vec::new());
    let plans: RwSignal<Vec<(String, String)>> = RwSignal::new(Vec::new());
    // Sold at the price list's prices: each line chooses its term and billing plan.
    let pricing = crate::components::LinePricing { plans, adjustments: RwSignal::new(Vec::new()), discount_limit: 0 };
    // The plans of the checked lines only (an unchecked line's choice is forgotten).
    let chosen_plans = move || {
        let checked = lines.get();
        plans.get().into_iter().filter(|(id, _)| checked.iter().any(|(l, _)| l == id)).collect::<Vec<_>>()
    };
    let errors: RwSignal<Vec<FieldError>> = RwSignal::new(Vec::new());
    let reseller = RwSignal::new(data.customer.reseller_id.filter(|r| data.resellers.iter().any(|c| c.id == *r)));
    let add = ServerAction::<AddSubscriptions>::new();
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => crate::pwa::open_page("/customers"),
        Some(Err(e)) => errors.set(e.field_errors().to_vec()),
        None => {}
    });
    let customer_id = data.customer.id;
    view! {
        <p class="intro">{data.customer.company_name.clone()}" · "{show_country(data.customer.country.clone())}</p>
        <div class="form wizard">
            {match catalog {
                Ok(list) => {
                    let priced = StoredValue::new(list.clone());
                    // One element: several returned from a branch hydrate as a mismatch.
                    Either::Left(view! {
                        <div class="add-lines">
                        <SubscriptionPicker catalog=list lines=lines errors=errors pricing=pricing />
                        // What the chosen lines cost, per billing frequency.
                        {move || {
                            let chosen = chosen_plans();
                            let choices = crate::pricing::PriceChoices { plans: &chosen, ..Default::default() };
                            let totals = priced.with_value(|catalog| crate::pricing::totals_as_typed(&lines.get(), &choices, catalog));
                            let l = locale.get();
                            (!totals.is_empty()).then(|| view! {
                                <div class="offer-totals" id="add-totals">
                                    <h3>{tr(Key::OfferTotals)}</h3>
                                    <ul>{totals.iter().map(|t| view! { <li>{crate::pricing::total_summary(t, &l)}</li> }).collect_view()}</ul>
                                    <p class="hint">{tr(Key::PricesExcludeTax)}</p>
                                </div>
                            })
                        }}
                        </div>
                    })
                }
                Err(e) => Either::Right(view! { <ErrorBox error=e /> }),
            }}
            <label for="incentive-reseller">{tr(Key::ResellerForIncentives)}</label>
            <select id="incentive-reseller" on:change=move |ev| reseller.set(event_target_value(&ev).parse::<i64>().ok().filter(|r| *r > 0))>
                <option value="0" selected=move || reseller.get().is_none()>{tr(Key::NoReseller)}</option>
                {data.resellers.iter().map(|r| {
                    let id = r.id;
                    view! { <option value=id.to_string() selected=move || reseller.get() == Some(id)>{format!("{} ({})", r.name, r.mpn_id)}</option> }
                }).collect_view()}
            </select>
            <Show when=move || reseller.get().is_none()>
                <p class="warning" role="note">{tr(Key::NoResellerNoIncentives)}</p>
            </Show>
            {move || field_message(&errors.get(), "reseller_id", locale.get()).map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="actions">
                <button type="button" class="primary" disabled=move || add.pending().get()
                    on:click=move |_| { add.dispatch(AddSubscriptions { customer_id, lines: lines.get_untracked(), plans: Some(untrack(chosen_plans)), reseller_id: reseller.get_untracked() }); }>
                    {tr(Key::Submit)}
                </button>
                <a href="/customers" class="button">{tr(Key::Cancel)}</a>
            </div>
        </div>
    }
}

/// A subscription's detail: license count, status, Reseller (MPN ID), Designated support
/// contact, Submit. Served whole, the form is an island.
#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let customer_id = move || params.read().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let subscription_id = move || params.read().get("sid").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    let data = Resource::new(move || (customer_id(), subscription_id()), |(c, s)| subscriptions::get_subscription(c, s));
    let done = move || match query.read().get("done").as_deref() {
        Some("renewal") => Some(Key::RenewalSaved),
        Some("cancelled") => Some(Key::SubscriptionCancelledDone),
        Some("suspended") => Some(Key::SubscriptionSuspendedDone),
        Some("reactivated") => Some(Key::SubscriptionReactivatedDone),
        Some("licenses") => Some(Key::SubscriptionSaved),
        _ => None,
    };
    // Its provider's staff (ManageCustomers) and its reseller of record's
    // (ManageResoldSubscriptions) open it; the service decides which, and says why not.
    view! {
        <Page title=Key::SubscriptionDetails permission=Permission::ViewCustomers>
            {move || done().map(|key| view! { <p class="notice success" role="status">{tr(key)}</p> })}
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <SubscriptionView data /> }.into_any(),
                        Err(e @ (AppError::MissingRole { .. } | AppError::WrongProgram { .. })) => view! { <crate::components::Forbidden error=e /> }.into_any(),
                        Err(AppError::NotFound) => view! { <crate::components::NotFound /> }.into_any(),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The subscription: its terms and dates, the change window, its form, what happens at its
/// renewal and (within the window) Cancel subscription. Its reseller of record sees the
/// license count and the renewal only, and is told the provider sees each change.
#[component]
fn SubscriptionView(data: subscriptions::SubscriptionPageData) -> impl IntoView {
    let locale = use_locale();
    let s = data.subscription.clone();
    let life = s.lifecycle;
    let now = data.now;
    let (customer_id, subscription_id) = (data.page.customer.id, s.id);
    let live = life.check_live(now).is_ok();
    let trial = s.trial;
    // A free trial can be ended while it runs (nothing to refund), and has no renewal.
    let in_window = if trial { live } else { life.in_change_window(now) };
    let (price, count) = (s.price.clone(), s.license_count);
    let cancel_note = move || crate::subscriptions::cancellation_note(&life, price.as_ref(), count, now, &locale.get());
    let provider = data.editor == super::SubscriptionEditor::Provider;
    let provider_name = data.page.provider_name.clone();
    view! {
        <p class="intro">{data.page.customer.company_name.clone()}" · "<strong>{s.name.clone()}</strong></p>
        {(!provider).then(|| view! {
            <p class="notice" id="resold-note" role="note">{move || locale.get().fill(Key::ResoldSubscriptionNote, &[("provider", &provider_name)])}</p>
        })}
        <dl class="facts" id="subscription-facts">
            <dt>{tr(Key::Status)}</dt>
            <dd data-status=life.status.code()>{tr(life.status.key())}</dd>
            <dt>{tr(Key::TermAndBilling)}</dt>
            <dd>{subscription_terms(s.price.clone(), s.license_count, life.plan)}</dd>
            <dt>{tr(Key::CurrentTerm)}</dt>
            <dd>{move || {
                let l = locale.get();
                l.fill(Key::TermDates, &[("start", &crate::format::date(life.term_started_at, l)), ("end", &crate::format::date(life.ends_at, l))])
            }}</dd>
            <dt>{tr(Key::RenewalColumn)}</dt>
            <dd id="renewal-summary">{move || crate::subscriptions::renewal_summary(&life, &locale.get())}</dd>
            {trial.then(|| view! { <dt>{tr(Key::TrialBadge)}</dt><dd id="trial-note">{tr(Key::ErrTrialEnds)}</dd> })}
        </dl>
        // What keeps a reseller from its incentives (the incentive report lists them all).
        {let gaps = if provider { s.incentive_gaps() } else { Vec::new() };
        (!gaps.is_empty()).then(|| view! {
            <div class="notice warn" id="incentive-warnings">
                <strong>{tr(Key::IncentiveWarning)}": "</strong>
                {gaps.iter().map(|g| view! { <span class="gap">{tr(g.key())}". "</span> }).collect_view()}
            </div>
        })}
        {move || (!trial).then(|| crate::subscriptions::window_note(&life, now, &locale.get())).flatten().map(|note| view! {
            <p class=if in_window { "notice" } else { "notice warn" } id="change-window" role="note">{note}</p>
        })}
        // A cancelled or expired subscription changes no more: its facts are the page.
        {life.status.is_live().then(|| if provider {
            view! { <SubscriptionFormIsland data=data.page.clone() subscription=subscription_id now /> }.into_any()
        } else {
            view! { <ResoldLicensesIsland customer_id row=s.clone() now /> }.into_any()
        })}
        {(live && !trial).then(|| {
            let renewal = s.renewal();
            let plans = data.renewal_plans.clone();
            view! {
                <section aria-labelledby="at-renewal">
                    <h2 id="at-renewal">{tr(Key::AtRenewal)}</h2>
                    <p class="hint">{move || locale.get().fill(Key::AtRenewalIntro, &[("date", &crate::format::date(life.ends_at, locale.get()))])}</p>
                    <RenewalFormIsland customer_id subscription_id renewal current=life.plan plans min=s.min_licenses max=s.max_licenses />
                </section>
            }
        })}
        {(provider && in_window).then(|| view! {
            <section aria-labelledby="cancel-title">
                <h2 id="cancel-title">{tr(Key::CancelSubscription)}</h2>
                <p id="cancel-note">{cancel_note}</p>
                <CancelFormIsland customer_id subscription_id />
            </section>
        })}
        {(provider && matches!(life.status, crate::subscriptions::SubscriptionStatus::Active | crate::subscriptions::SubscriptionStatus::Suspended)).then(|| {
            let suspended = life.status == crate::subscriptions::SubscriptionStatus::Suspended;
            view! {
                <section aria-labelledby="suspend-title">
                    <h2 id="suspend-title">{tr(if suspended { Key::ReactivateSubscription } else { Key::SuspendSubscription })}</h2>
                    <p class="hint">{tr(if suspended { Key::ReactivateHint } else { Key::SuspendSubscriptionHint })}</p>
                    <SuspendFormIsland customer_id subscription_id suspend=!suspended />
                </section>
            }
        })}
        <p><A href="/customers">{tr(Key::NavCustomers)}</A></p>
    }
}

/// Suspend or Reactivate. Leads to the page again.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn SuspendFormIsland(customer_id: i64, subscription_id: i64, suspend: bool) -> impl IntoView {
    let locale = use_locale();
    let action = ServerAction::<subscriptions::SuspendSubscription>::new();
    let errors = move || action.value().get().and_then(|r| r.err());
    view! {
        <ActionForm action attr:class="inline">
            <input type="hidden" name="customer_id" value=customer_id />
            <input type="hidden" name="subscription_id" value=subscription_id />
            <input type="hidden" name="suspend" value=suspend.to_string() />
            {move || crate::components::field_error(errors(), "status", locale.get())}
            {move || errors().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit">{tr(if suspend { Key::SuspendNow } else { Key::ReactivateNow })}</button>
        </ActionForm>
    }
}

/// The subscription's form on the page served whole.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn SubscriptionFormIsland(data: CustomerPageData, subscription: i64, now: i64) -> impl IntoView {
    view! { <SubscriptionForm data subscription now /> }
}

/// License count, Reseller (MPN ID), Designated support contact and Submit, for the customer's
/// subscription `subscription`. As the count changes, the form says what the change does
/// (charged or refunded for the rest of the billing period, or refused outside the change
/// window), by the rules the server applies on Submit, at the time the page was made (`now`).
#[component]
fn SubscriptionForm(data: CustomerPageData, subscription: i64, now: i64) -> impl IntoView {
    let locale = use_locale();
    let update = ServerAction::<UpdateSubscription>::new();
    let errors = move || update.value().get().and_then(|r| r.err());
    let Some(s) = data.customer.subscriptions.iter().find(|s| s.id == subscription).cloned() else {
        return Either::Left(view! { <ErrorBox error=AppError::NotFound /> });
    };
    let support = s.support_contact_id;
    let provider_id = data.provider_id;
    Either::Right(view! {
        <ActionForm action=update attr:class="form" attr:novalidate=true>
            <input type="hidden" name="customer_id" value=data.customer.id />
            <input type="hidden" name="subscription_id" value=s.id />
            <LicenseCountField row=s.clone() now />
            {move || crate::components::field_error(errors(), "license_count", locale.get())}
            <label for="s-reseller">{tr(Key::ResellerMpnId)}</label>
            <input id="s-reseller" name="reseller_mpn_id" inputmode="numeric" value=s.reseller_of_record_mpn_id.clone().unwrap_or_default() />
            <p class="hint">{tr(Key::ResellerMpnIdHint)}</p>
            {move || crate::components::field_error(errors(), "reseller_mpn_id", locale.get())}
            <label for="s-support">{tr(Key::DesignatedSupportContact)}</label>
            <select id="s-support" name="support_contact_id">
                <option value="" selected=support.is_none()>"—"</option>
                <option value=provider_id.to_string() selected=support == Some(provider_id)>{data.provider_name.clone()}</option>
                {data.resellers.iter().map(|r| view! {
                    <option value=r.id.to_string() selected=support == Some(r.id)>{format!("{} ({})", r.name, r.mpn_id)}</option>
                }).collect_view()}
            </select>
            {move || crate::components::field_error(errors(), "support_contact_id", locale.get())}
            <button type="submit" class="primary">{tr(Key::Submit)}</button>
            {move || matches!(update.value().get(), Some(Ok(()))).then(|| view! {
                <p class="success" role="status">{tr(Key::SubscriptionSaved)}</p>
            })}
        </ActionForm>
    })
}

/// The License count field of a subscription's form: as the count changes, it says what the
/// change does (charged or refunded for the rest of the billing period, or refused outside the
/// change window), by the rules the server applies on Submit, at the time the page was made
/// (`now`). Suspended or ended: read-only.
#[component]
fn LicenseCountField(row: SubscriptionRow, now: i64) -> impl IntoView {
    let locale = use_locale();
    let typed = RwSignal::new(row.license_count.to_string());
    let live = row.lifecycle.check_live(now).is_ok();
    let (min, max) = row.license_limits();
    let value = row.license_count;
    let change = move || {
        let l = locale.get();
        let count = typed.get().trim().parse::<i64>().ok()?;
        match row.license_change(count, now) {
            Ok(change) => change.describe(row.price.as_ref().map(|p| p.currency.as_str()), &l).map(|text| (false, text)),
            Err(problem) => Some((true, problem.message(l))),
        }
    };
    // One element around the field: an island hydrates a component's nodes reliably only when
    // they have one root (three siblings followed by the form's next label did not).
    view! {
        <div class="license-count-field">
            <label for="s-count">{tr(Key::LicenseCount)}</label>
            <input id="s-count" name="license_count" type="number" min=min max=max value=value
                readonly=!live aria-describedby="license-change" on:input=move |ev| typed.set(event_target_value(&ev)) />
            <p id="license-change" role="status" aria-live="polite">
                {move || change().map(|(refused, text)| view! { <span class=if refused { "field-warning" } else { "hint" }>{text}</span> })}
            </p>
        </div>
    }
}

/// The reseller of record's form: the license count only. Leads to the page again.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn ResoldLicensesIsland(customer_id: i64, row: SubscriptionRow, now: i64) -> impl IntoView {
    let locale = use_locale();
    let change = ServerAction::<subscriptions::ChangeLicenseCount>::new();
    let errors = move || change.value().get().and_then(|r| r.err());
    let subscription_id = row.id;
    view! {
        <ActionForm action=change attr:class="form" attr:novalidate=true attr:id="licenses-form">
            <input type="hidden" name="customer_id" value=customer_id />
            <input type="hidden" name="subscription_id" value=subscription_id />
            <LicenseCountField row now />
            {move || crate::components::field_error(errors(), "license_count", locale.get())}
            {move || errors().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" class="primary">{tr(Key::Submit)}</button>
        </ActionForm>
    }
}

/// At renewal: the license count and plan it renews with, and auto-renew. Saving leads to the
/// page again, with the renewal as set.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn RenewalFormIsland(
    customer_id: i64,
    subscription_id: i64,
    renewal: crate::subscriptions::RenewalSettings,
    current: crate::pricing::Plan,
    plans: Vec<crate::pricing::Plan>,
    min: i64,
    max: i64,
) -> impl IntoView {
    let locale = use_locale();
    let save = ServerAction::<subscriptions::SetRenewal>::new();
    let errors = move || save.value().get().and_then(|r| r.err());
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate=true attr:id="renewal-form">
            <input type="hidden" name="customer_id" value=customer_id />
            <input type="hidden" name="subscription_id" value=subscription_id />
            <label for="r-count">{tr(Key::RenewalLicenseCount)}</label>
            <input id="r-count" name="renewal_license_count" type="number" min=min max=max
                value=renewal.license_count.map(|c| c.to_string()).unwrap_or_default() />
            <p class="hint">{tr(Key::RenewalLicenseCountHint)}</p>
            {move || crate::components::field_error(errors(), "renewal_license_count", locale.get())}
            <label for="r-plan">{tr(Key::RenewalPlan)}</label>
            <select id="r-plan" name="renewal_plan">
                <option value="" selected=renewal.plan.is_none()>
                    {move || locale.get().fill(Key::RenewalPlanSame, &[("plan", locale.get().t(current.key()))])}
                </option>
                {plans.into_iter().filter(|p| *p != current).map(|p| view! {
                    <option value=p.code() selected=renewal.plan == Some(p)>{tr(p.key())}</option>
                }).collect_view()}
            </select>
            {move || crate::components::field_error(errors(), "renewal_plan", locale.get())}
            <label class="check" for="r-auto">
                <input type="checkbox" id="r-auto" name="auto_renew" value="on" checked=renewal.auto_renew />
                <span>{tr(Key::AutoRenew)}</span>
            </label>
            {move || crate::components::field_error(errors(), "auto_renew", locale.get())}
            {move || errors().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" class="primary">{tr(Key::SaveRenewal)}</button>
        </ActionForm>
    }
}

/// Cancel now (the page above says what it refunds). Leads to the page again, cancelled.
// An island of the partner pages' build (crate::app::IslandsBuild::PartnerPages) only.
#[cfg_attr(any(feature = "ssr", feature = "partner-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "partner-pages")), component)]
fn CancelFormIsland(customer_id: i64, subscription_id: i64) -> impl IntoView {
    let locale = use_locale();
    let cancel = ServerAction::<subscriptions::CancelSubscription>::new();
    let errors = move || cancel.value().get().and_then(|r| r.err());
    view! {
        <ActionForm action=cancel attr:class="inline">
            <input type="hidden" name="customer_id" value=customer_id />
            <input type="hidden" name="subscription_id" value=subscription_id />
            // Cancelling cannot be undone: the box is ticked first (the browser asks for it).
            <label class="check" for="cancel-confirm">
                <input type="checkbox" id="cancel-confirm" required />
                <span>{tr(Key::CancelConfirm)}</span>
            </label>
            {move || crate::components::field_error(errors(), "cancel", locale.get())}
            {move || errors().filter(|e| e.field_errors().is_empty()).map(|e| view! { <ErrorBox error=e /> })}
            <button type="submit" class="danger">{tr(Key::CancelNow)}</button>
        </ActionForm>
    }
}
