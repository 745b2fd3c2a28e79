//! The pages a client sees: the purchase offer behind its URL (also embeddable in a partner's
//! website) and the confirmation after Accept. The client has no account. The form works as a
//! plain HTML form; with JavaScript, every rule is checked as the client types.

use super::client::*;
use super::GdapRole;
use crate::components::{set_status, show_country, show_date, show_number, ErrorBox, NotFound};
use crate::customers::country_rules;
use crate::error::{AppError, Problem};
use crate::i18n::{tr, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use std::collections::BTreeSet;

/// Whether the current page is the embeddable variant (`/embed/…`).
pub fn is_embedded() -> bool {
    use_location().pathname.get_untracked().starts_with("/embed/")
}

/// Plain words for a relationship's duration.
fn duration_words(days: u32, locale: Locale) -> String {
    if days % 365 == 0 {
        locale.fill(Key::DurationYears, &[("count", &(days / 365).to_string())])
    } else if days >= 60 && days % 30 == 0 {
        locale.fill(Key::DurationMonths, &[("count", &(days / 30).to_string())])
    } else {
        locale.fill(Key::DurationDays, &[("count", &days.to_string())])
    }
}

/// What a role asked for lets the partner do, in plain words.
fn gdap_role_plain(role: GdapRole) -> Key {
    match role {
        GdapRole::DirectoryReaders => Key::GdapPlainDirectoryReaders,
        GdapRole::GlobalReader => Key::GdapPlainGlobalReader,
        GdapRole::UserAdministrator => Key::GdapPlainUserAdministrator,
        GdapRole::LicenseAdministrator => Key::GdapPlainLicenseAdministrator,
        GdapRole::HelpdeskAdministrator => Key::GdapPlainHelpdeskAdministrator,
        GdapRole::ServiceSupportAdministrator => Key::GdapPlainServiceSupportAdministrator,
    }
}

/// The client's purchase offer page.
#[component]
pub fn ClientOfferPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let token = move || params.read().get("token").unwrap_or_default();
    let attempt = move || query.read().get("attempt");
    let view_data = Resource::new(move || (code(), token(), attempt()), |(c, t, a)| view_offer(c, t, a));
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <OfferForClient data=data /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::OfferNotFoundTitle)) />
                        {set_status(404)}
                        <section class="notice" aria-labelledby="offer-missing">
                            <h1 id="offer-missing">{tr(Key::OfferNotFoundTitle)}</h1>
                            <p>{tr(Key::OfferNotFoundText)}</p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OfferForClient(data: ClientOfferView) -> impl IntoView {
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let offer = data.offer.clone();
    let embedded = is_embedded();
    let title = offer.advisor_company.clone();
    let header = view! {
        <Title text=move || format!("{} · {}", title_language().fill(Key::OfferFrom, &[("company", &title)]), "PartnerDesk") />
        {embedded.then(|| view! { <div class="embed-language"><crate::app::LanguageSwitcher /></div> })}
        <header class="offer-from">
            {offer.has_logo.then(|| view! {
                <img class="offer-logo" src=format!("/offer-logo/{}", offer.token) alt="" width="160" height="64" />
            })}
            <div>
                <p class="eyebrow">{tr(Key::PurchaseOfferFrom)}</p>
                <h1>{offer.advisor_company.clone()}</h1>
                <p class="meta">{tr(Key::SummaryId)}": "<code>{offer.summary_id.clone()}</code></p>
            </div>
        </header>
    };
    if offer.status != OfferStatus::Active {
        set_status(410);
        let key = if offer.status == OfferStatus::Withdrawn { Key::OfferWithdrawnText } else { Key::OfferExpiredText };
        let contact = offer.contact.clone();
        return view! {
            <article class="client-offer" class:embedded=embedded>
                {header}
                <p class="notice" role="alert">{tr(key)}</p>
                {(!contact.trim().is_empty()).then(|| view! {
                    <h2>{tr(Key::ContactAdvisor)}</h2>
                    <p class="pre">{contact}</p>
                })}
            </article>
        }
        .into_any();
    }
    view! {
        <article class="client-offer" class:embedded=embedded>
            {header}
            {(!offer.introduction.trim().is_empty()).then(|| view! { <p class="pre intro-text">{offer.introduction.clone()}</p> })}
            <p class="billing">{tr(Key::BilledDirectly)}</p>
            <AcceptOfferForm data=data.clone() embedded=embedded />
            {(!offer.closing.trim().is_empty()).then(|| view! { <p class="pre">{offer.closing.clone()}</p> })}
            {(!offer.contact.trim().is_empty()).then(|| view! {
                <section class="contact-box">
                    <h2>{tr(Key::ContactAdvisor)}</h2>
                    <p class="pre">{offer.contact.clone()}</p>
                </section>
            })}
        </article>
        {embedded.then(|| view! { <script src="/embed-frame.js" defer></script> })}
    }
    .into_any()
}

#[component]
fn AcceptOfferForm(data: ClientOfferView, embedded: bool) -> impl IntoView {
    let locale = use_locale();
    let offer = StoredValue::new(data.offer.clone());
    let (initial, server_error) = match data.attempt.clone() {
        Some((form, error)) => (form, Some(error)),
        None => {
            let mut form = AcceptForm::default();
            form.counts = data.offer.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.to_string())).collect();
            form.details.language = locale.get_untracked().tag().to_string();
            (form, None)
        }
    };
    let key = if initial.idempotency_key.is_empty() { data.idempotency_key.clone() } else { initial.idempotency_key.clone() };
    let form = RwSignal::new(AcceptForm { idempotency_key: key.clone(), ..initial.clone() });
    // Fields the client has touched show their problems as they type; Accept shows them all.
    let touched: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let accept = ServerAction::<AcceptOffer>::new();
    let server_error = RwSignal::new(server_error);
    Effect::new(move |_| {
        if let Some(Err(e)) = accept.value().get() {
            server_error.set(Some(e));
        }
    });
    if server_error.get_untracked().is_some() {
        touched.update(|t| {
            t.insert("*".to_string());
        });
    }
    let problems = Memo::new(move |_| match validate_acceptance(&form.get(), &offer.get_value()) {
        Ok(_) => Vec::new(),
        Err(e) => e.field_errors().to_vec(),
    });
    let message = move |field: &str| -> Option<String> {
        let l = locale.get();
        let shown = touched.with(|t| t.contains("*") || t.contains(field));
        let local = problems.with(|p| p.iter().find(|e| e.field == field).map(|e| e.problem.message(l)));
        let remote = server_error.with(|e| {
            e.as_ref().and_then(|e| e.field_errors().iter().find(|f| f.field == field).map(|f| f.problem.message(l)))
        });
        if shown { local.or(remote) } else { None }
    };
    let touch = move |field: &'static str| touched.update(|t| { t.insert(field.to_string()); });
    let set_detail = move |field: &'static str, value: String| {
        form.update(|f| f.details.set(field, value));
        touch(field);
    };
    let domain = Memo::new(move |_| form.with(|f| f.details.domain_prefix.clone()));
    // Availability of the domain prefix, asked as the client types (in the browser only).
    let domain_check: RwSignal<Option<Option<Problem>>> = RwSignal::new(None);
    Effect::new(move |_| {
        let prefix = domain.get();
        if prefix.trim().is_empty() {
            domain_check.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = check_domain(prefix.clone()).await.ok();
            if domain.get_untracked() == prefix {
                domain_check.set(answer);
            }
        });
    });
    // A client may start typing before the page's code has arrived.
    Effect::new(move |_| crate::components::adopt_early_input("accept"));
    let rules = country_rules(&data.offer.usage_location);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.update(|t| {
            t.insert("*".to_string());
        });
        server_error.set(None);
        if !problems.get_untracked().is_empty() || accept.pending().get_untracked() {
            return;
        }
        let f = form.get_untracked();
        let o = offer.get_value();
        accept.dispatch(AcceptOffer {
            code: o.advisor_code.clone(),
            token: o.token.clone(),
            embed: embedded.then(|| "1".to_string()),
            company_name: f.details.company_name,
            domain_prefix: f.details.domain_prefix,
            address_line1: f.details.address_line1,
            city: f.details.city,
            postal_code: f.details.postal_code,
            phone: Some(f.details.phone),
            registration_number: Some(f.details.registration_number),
            contact_first_name: f.details.contact_first_name,
            contact_last_name: f.details.contact_last_name,
            contact_email: f.details.contact_email,
            language: f.details.language,
            counts: f.counts,
            delegated_admin: Some(f.delegated_admin),
            idempotency_key: f.idempotency_key,
        });
    };
    let any_problem = move || touched.with(|t| t.contains("*")) && (!problems.get().is_empty() || server_error.with(|e| e.is_some()));
    let summary = move || {
        server_error
            .get()
            .filter(|e| e.field_errors().is_empty())
            .map(|e| e.message(locale.get()))
            .or_else(|| any_problem().then(|| locale.get().t(Key::FixErrorsBelow).to_string()))
    };
    let text_field = move |id: &'static str, field: &'static str, label: Key, value: String, autocomplete: &'static str, required: bool| {
        let error_id = format!("{field}-error");
        view! {
            <label for=id>{tr(label)}{(!required).then(|| view! { <span class="optional">" "{tr(Key::Optional)}</span> })}</label>
            <input id=id name=field value=value autocomplete=autocomplete required=required
                aria-invalid=move || message(field).is_some().to_string()
                aria-describedby=error_id.clone()
                on:input=move |ev| set_detail(field, event_target_value(&ev))
                on:blur=move |_| touch(field) />
            <p class="field-error" id=error_id aria-live="polite">{move || message(field)}</p>
        }
        .into_any()
    };
    let accept_url = <AcceptOffer as leptos::server_fn::ServerFn>::url();
    let d = initial.details.clone();
    let lines = data.offer.lines.clone();
    let gdap = data.offer.gdap.clone();
    view! {
        <form id="accept" class="form accept-form" method="post" action=accept_url novalidate on:submit=submit>
            <input type="hidden" name="code" value=data.offer.advisor_code.clone() />
            <input type="hidden" name="token" value=data.offer.token.clone() />
            <input type="hidden" name="idempotency_key" value=key />
            {embedded.then(|| view! { <input type="hidden" name="embed" value="1" /> })}
            <p class="error" role="alert">{summary}</p>

            <fieldset>
                <legend>{tr(Key::Subscriptions)}</legend>
                <p class="hint">{tr(Key::ClientCountsHint)}</p>
                <ul class="offer-lines">
                    {lines.into_iter().map(|line| {
                        let id = line.subscription_id.clone();
                        let field = format!("counts.{id}");
                        let (field_aria, field_touch, field_msg) = (field.clone(), field.clone(), field);
                        let input_id = format!("count-{id}");
                        let name = format!("counts[{id}]");
                        let value = initial.counts.get(&id).cloned().unwrap_or_else(|| line.license_count.to_string());
                        let set_id = id.clone();
                        let (min, max) = (line.min_licenses, line.max_licenses);
                        view! {
                            <li class="offer-line">
                                <div>
                                    <strong>{line.name.clone()}</strong>
                                    <p class="hint">{let line = line.clone(); let locale = use_locale(); move || line.description_in(locale.get()).to_string()}</p>
                                </div>
                                <div class="license-count">
                                    <label for=input_id.clone()>{tr(Key::LicenseCount)}</label>
                                    <input id=input_id type="number" inputmode="numeric" name=name value=value min=min max=max step="1"
                                        aria-invalid=move || message(&field_aria).is_some().to_string()
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            form.update(|f| { f.counts.insert(set_id.clone(), v); });
                                            touched.update(|t| { t.insert(field_touch.clone()); });
                                        } />
                                    <span class="hint">{move || { let l = locale.get(); l.fill(Key::LicenseLimits, &[("min", &crate::format::number(min as i64, l)), ("max", &crate::format::number(max as i64, l))]) }}</span>
                                    <p class="field-error" aria-live="polite">{move || message(&field_msg)}</p>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </fieldset>

            {gdap.map(|g| {
                let days = g.duration_days;
                let chosen = initial.delegated_admin.clone();
                view! {
                    <fieldset class="delegated">
                        <legend>{tr(Key::DelegatedAdministration)}</legend>
                        <p>{move || locale.get().fill(Key::ClientGdapAsk, &[("duration", &duration_words(days, locale.get()))])}</p>
                        <ul class="gdap-roles">
                            {g.roles.iter().map(|r| {
                                let r = *r;
                                view! { <li><strong>{tr(r.key())}</strong>": "{tr(gdap_role_plain(r))}</li> }
                            }).collect_view()}
                        </ul>
                        <p class="hint">{tr(Key::ClientGdapOptional)}</p>
                        <label class="check">
                            <input type="radio" name="delegated_admin" value=WITH_DELEGATED checked=chosen == WITH_DELEGATED
                                on:change=move |_| { form.update(|f| f.delegated_admin = WITH_DELEGATED.into()); touch("delegated_admin"); } />
                            <span>{tr(Key::AcceptWithDelegated)}</span>
                        </label>
                        <label class="check">
                            <input type="radio" name="delegated_admin" value=WITHOUT_DELEGATED checked=chosen == WITHOUT_DELEGATED
                                on:change=move |_| { form.update(|f| f.delegated_admin = WITHOUT_DELEGATED.into()); touch("delegated_admin"); } />
                            <span>{tr(Key::AcceptWithoutDelegated)}</span>
                        </label>
                        <p class="field-error" aria-live="polite">{move || message("delegated_admin")}</p>
                    </fieldset>
                }
            })}

            <fieldset>
                <legend>{tr(Key::YourOrganisationDetails)}</legend>
                {text_field("company", "company_name", Key::CompanyName, d.company_name.clone(), "organization", true)}
                <label for="domain">{tr(Key::DomainPrefix)}</label>
                <div class="domain-row">
                    <input id="domain" name="domain_prefix" value=d.domain_prefix.clone() maxlength="27" autocomplete="off"
                        autocapitalize="off" spellcheck="false" required
                        aria-invalid=move || message("domain_prefix").is_some().to_string()
                        aria-describedby="domain-hint domain_prefix-error"
                        on:input=move |ev| set_detail("domain_prefix", event_target_value(&ev)) />
                    <span class="suffix">".onmicrosoft.com"</span>
                </div>
                <p class="hint" id="domain-hint">{tr(Key::DomainPrefixHint)}</p>
                <p class="field-error" id="domain_prefix-error" aria-live="polite">
                    {move || message("domain_prefix").or_else(|| {
                        domain_check.get().flatten().map(|p: Problem| p.message(locale.get()))
                    })}
                </p>
                <Show when=move || matches!(domain_check.get(), Some(None)) && message("domain_prefix").is_none()>
                    <p class="success-inline" aria-live="polite">{tr(Key::DomainAvailable)}</p>
                </Show>
                {text_field("address", "address_line1", Key::AddressLine1, d.address_line1.clone(), "address-line1", true)}
                {text_field("city", "city", Key::City, d.city.clone(), "address-level2", true)}
                {text_field("postal", "postal_code", Key::PostalCode, d.postal_code.clone(), "postal-code", rules.postal_code)}
                <p class="label">{tr(Key::Country)}</p>
                <p class="readonly">{show_country(data.offer.usage_location.clone())}</p>
                {text_field("phone", "phone", Key::Phone, d.phone.clone(), "tel", rules.phone)}
                {text_field("registration", "registration_number", Key::RegistrationNumber, d.registration_number.clone(), "off", rules.registration_number)}
            </fieldset>

            <fieldset>
                <legend>{tr(Key::PrimaryContact)}</legend>
                {text_field("first-name", "contact_first_name", Key::FirstName, d.contact_first_name.clone(), "given-name", true)}
                {text_field("last-name", "contact_last_name", Key::LastName, d.contact_last_name.clone(), "family-name", true)}
                {text_field("contact-email", "contact_email", Key::Email, d.contact_email.clone(), "email", true)}
                <label for="language">{tr(Key::PreferredLanguage)}</label>
                <select id="language" name="language" on:change=move |ev| set_detail("language", event_target_value(&ev))>
                    {Locale::ALL.into_iter().map(|l| view! {
                        <option value=l.tag() selected=d.language == l.tag()>{l.native_name()}</option>
                    }).collect_view()}
                </select>
            </fieldset>

            <button type="submit" class="primary big" disabled=move || accept.pending().get()>
                {move || if accept.pending().get() { locale.get().t(Key::Accepting) } else { locale.get().t(Key::AcceptOffer) }}
            </button>
        </form>
    }
}

/// The confirmation after Accept: what was purchased and what happens next.
#[component]
pub fn AcceptedPage() -> impl IntoView {
    let params = use_params_map();
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let args = move || {
        let p = params.read();
        (p.get("code").unwrap_or_default(), p.get("token").unwrap_or_default(), p.get("receipt").unwrap_or_default())
    };
    let receipt = Resource::new(args, |(c, t, r)| offer_receipt(c, t, r));
    let embedded = is_embedded();
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::AcceptedTitle)) />
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match receipt.await {
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    Ok(r) => {
                        let company = r.company_name.clone();
                        let advisor = r.advisor_company.clone();
                        let domain = format!("{}.onmicrosoft.com", r.domain_prefix);
                        let email = r.contact_email.clone();
                        view! {
                            <article class="client-offer accepted" class:embedded=embedded>
                                <h1>{tr(Key::AcceptedTitle)}</h1>
                                <p class="success" role="status">
                                    {move || locale.get().fill(Key::AcceptedText, &[("company", &company), ("advisor", &advisor)])}
                                </p>
                                <h2>{tr(Key::WhatYouPurchased)}</h2>
                                <ul class="purchased">
                                    {r.lines.iter().map(|(name, count)| view! {
                                        <li><strong>{name.clone()}</strong>" × "{show_number(*count as i64)}</li>
                                    }).collect_view()}
                                </ul>
                                <p>{tr(Key::BilledDirectly)}</p>
                                {r.gdap.clone().map(|_| {
                                    let key = if r.delegated_admin { Key::AcceptedWithDelegated } else { Key::AcceptedWithoutDelegated };
                                    view! { <p>{tr(key)}</p> }
                                })}
                                <h2>{tr(Key::WhatHappensNext)}</h2>
                                <ol class="next-steps">
                                    <li>{move || locale.get().fill(Key::NextStepEmail, &[("email", &email)])}</li>
                                    <li>{move || locale.get().fill(Key::NextStepDomain, &[("domain", &domain)])}</li>
                                    <li>{tr(Key::NextStepLicenses)}</li>
                                </ol>
                                <p class="meta">{tr(Key::Date)}": "{show_date(r.accepted_at)}</p>
                                {(!r.contact.trim().is_empty()).then(|| view! {
                                    <section class="contact-box">
                                        <h2>{tr(Key::ContactAdvisor)}</h2>
                                        <p class="pre">{r.contact.clone()}</p>
                                    </section>
                                })}
                            </article>
                            {embedded.then(|| view! { <script src="/embed-frame.js" defer></script> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
