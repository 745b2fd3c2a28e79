//! The pages a client sees: the purchase offer behind its URL (also embeddable in a partner's
//! website) and the confirmation after Accept. The client has no account.
//!
//! These pages are rendered whole by the server and never hydrated by the staff's app: the form
//! works as a plain HTML form, and the small `offer-form` WebAssembly module (no Leptos runtime)
//! checks every rule as the client types and sends Accept without leaving the page. The two
//! meet through the names in [`super::client::page`].

use super::client::*;
use crate::components::{set_status, show_country, show_date, show_number, ErrorBox, NotFound};
use crate::customers::country_rules;
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key, Locale};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// Whether the current page is the embeddable variant (`/embed/…`).
pub fn is_embedded() -> bool {
    use_location().pathname.get_untracked().starts_with("/embed/")
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
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <OfferForClient data=data /> }.into_any(),
                    Err(AppError::NotFound) => view! { <OfferMissing /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page for an offer address that leads nowhere (404).
#[component]
fn OfferMissing() -> impl IntoView {
    let title_language = crate::i18n::title_locale(use_locale());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::OfferNotFoundTitle)) />
        {set_status(404)}
        <section class="notice" aria-labelledby="offer-missing">
            <h1 id="offer-missing">{tr(Key::OfferNotFoundTitle)}</h1>
            <p>{tr(Key::OfferNotFoundText)}</p>
        </section>
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
        <OfferFrom company=offer.advisor_company.clone() summary_id=offer.summary_id.clone() logo=offer.has_logo.then(|| offer.token.clone())
            trial=offer.trial_days.is_some() />
        {offer.provider_company.clone().map(|provider| {
            let reseller = offer.advisor_company.clone();
            view! {
                <p class="notice-inline" id="resold-notice">
                    {move || locale.get().fill(Key::ResoldOfferNotice, &[("reseller", &reseller), ("provider", &provider)])}
                </p>
            }
        })}
        {offer.earlier.clone().map(|earlier| view! { <EarlierVersionNote earlier /> })}
    };
    if offer.status != OfferStatus::Active {
        set_status(410);
        let key = offer.status.closed_key();
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
            {match offer.trial_days {
                Some(days) => {
                    let days = days.to_string();
                    view! { <p class="billing trial-note">{move || locale.get().fill(Key::TrialFreeText, &[("days", &days)])}</p> }.into_any()
                }
                None => view! { <p class="billing">{tr(Key::BilledDirectly)}</p> }.into_any(),
            }}
            <AcceptOfferForm data=data.clone() embedded=embedded />
            {(!offer.closing.trim().is_empty()).then(|| view! { <p class="pre">{offer.closing.clone()}</p> })}
            {(!offer.contact.trim().is_empty()).then(|| view! {
                <section class="contact-box">
                    <h2>{tr(Key::ContactAdvisor)}</h2>
                    <p class="pre">{offer.contact.clone()}</p>
                </section>
            })}
            <NotReadyToAccept offer=offer.clone() embedded=embedded />
        </article>
        {embedded.then(|| view! { <script src="/embed-frame.js" defer></script> })}
    }
    .into_any()
}

/// Who the offer is from: the advisor's logo, company and the offer's summary ID.
#[component]
fn OfferFrom(company: String, summary_id: String, logo: Option<String>, #[prop(optional)] trial: bool) -> impl IntoView {
    view! {
        <header class="offer-from">
            {logo.map(|token| view! {
                <img class="offer-logo" src=format!("/offer-logo/{token}") alt="" width="160" height="64" />
            })}
            <div>
                <p class="eyebrow">{tr(if trial { Key::TrialInvitationFrom } else { Key::PurchaseOfferFrom })}</p>
                <h1>{company}</h1>
                <p class="meta">{tr(Key::SummaryId)}": "<code>{summary_id}</code></p>
            </div>
        </header>
    }
}

/// The offer a new version replaced: when it was made, and a link to read it.
#[component]
fn EarlierVersionNote(earlier: EarlierVersion) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="notice version-note" id="earlier-version">
            {move || locale.get().fill(Key::ReplacesOfferOf, &[("date", &crate::format::date(earlier.created_at, locale.get()))])}
            " "<a href=earlier.path.clone()>{tr(Key::ReadEarlierVersion)}</a>
        </p>
    }
}

/// An offer as it was before a new version replaced it (`…/earlier` under its address):
/// read-only, marked superseded, with a link to the newest version (its own address).
#[component]
pub fn EarlierOfferPage() -> impl IntoView {
    let params = use_params_map();
    let args = move || {
        let p = params.read();
        (p.get("code").unwrap_or_default(), p.get("token").unwrap_or_default())
    };
    let offer = Resource::new(args, |(c, t)| view_earlier_offer(c, t));
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match offer.await {
                    Err(AppError::NotFound) => view! { <OfferMissing /> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    Ok(offer) => {
                        let l = locale.get_untracked();
                        let title = offer.advisor_company.clone();
                        view! {
                            <Title text=move || format!("{} · PartnerDesk", title_language().fill(Key::OfferFrom, &[("company", &title)])) />
                            <article class="client-offer earlier-offer">
                                <OfferFrom company=offer.advisor_company.clone() summary_id=offer.summary_id.clone()
                                    logo=offer.has_logo.then(|| offer.token.clone()) trial=offer.trial_days.is_some() />
                                <p class="notice" role="status" id="superseded">
                                    {tr(Key::OfferSupersededText)}" "<a href=offer.path()>{tr(Key::ReadNewestVersion)}</a>
                                </p>
                                {offer.earlier.clone().map(|earlier| view! { <EarlierVersionNote earlier /> })}
                                {(!offer.introduction.trim().is_empty()).then(|| view! { <p class="pre intro-text">{offer.introduction.clone()}</p> })}
                                <ul class="offer-lines">
                                    {offer.lines.iter().map(|line| view! {
                                        <li class="offer-line">
                                            <div>
                                                <strong>{line.name.clone()}</strong>
                                                <p class="hint">{line.description_in(l).to_string()}</p>
                                                {line.price.clone().map(|p| view! {
                                                    <p class="line-price">
                                                        <span class="plan">{tr(p.plan.key())}</span><br />
                                                        <strong>{crate::pricing::line_summary(line.license_count, &p, &l)}</strong>
                                                    </p>
                                                })}
                                            </div>
                                            <div class="license-count">
                                                <span>{l.fill(Key::LicensesCount, &[("count", &crate::format::number(line.license_count, l))])}</span>
                                            </div>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(!offer.closing.trim().is_empty()).then(|| view! { <p class="pre">{offer.closing.clone()}</p> })}
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The way to ask a question or decline, for a client not ready to accept: plain links to the
/// reply page, so the offer page stays the same for every visitor (it is kept and served again).
#[component]
fn NotReadyToAccept(offer: PublicOffer, embedded: bool) -> impl IntoView {
    use super::replies::{reply_path, ReplyKind};
    let locale = use_locale();
    let base = if embedded { embed_path(&offer.advisor_code, &offer.token) } else { offer_path(&offer.advisor_code, &offer.token) };
    let company = offer.advisor_company.clone();
    view! {
        <section class="not-ready" aria-labelledby="not-ready">
            <h2 id="not-ready">{tr(Key::NotReadyToAccept)}</h2>
            <p>{move || locale.get().fill(Key::NotReadyToAcceptText, &[("company", &company)])}</p>
            <ul class="reply-links">
                {ReplyKind::ALL.into_iter().map(|kind| view! {
                    <li><a class="button" href=reply_path(&base, kind)>{tr(kind.title())}</a></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The reply page (`…/reply?kind=question|decline` under an offer's address): the client asks
/// the advisor a question or declines, as a plain HTML form; after Send it says it was sent.
#[component]
pub fn ReplyPage() -> impl IntoView {
    use super::replies::{reply_page, ReplyKind};
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        let (p, q) = (params.read(), query.read());
        (p.get("code").unwrap_or_default(), p.get("token").unwrap_or_default(), q.get("attempt"))
    };
    let kind = query.read_untracked().get("kind").and_then(|k| ReplyKind::from_code(&k));
    let sent = query.read_untracked().get("sent").is_some();
    let data = Resource::new(args, |(c, t, a)| reply_page(c, t, a));
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match (data.await, kind) {
                    (Ok(data), Some(kind)) => view! { <ReplyForClient data=data kind=kind sent=sent /> }.into_any(),
                    (Err(AppError::NotFound), _) | (Ok(_), None) => view! { <OfferMissing /> }.into_any(),
                    (Err(e), _) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReplyForClient(data: super::replies::ReplyPageData, kind: super::replies::ReplyKind, sent: bool) -> impl IntoView {
    use super::replies::{ReplyKind, SendOfferReply, MESSAGE_MAX, NAME_MAX};
    let locale = use_locale();
    let l = locale.get_untracked();
    let title_language = crate::i18n::title_locale(locale);
    let embedded = is_embedded();
    let back = if embedded { embed_path(&data.advisor_code, &data.token) } else { offer_path(&data.advisor_code, &data.token) };
    let company = data.advisor_company.clone();
    let header = view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(kind.title())) />
        <OfferFrom company=data.advisor_company.clone() summary_id=data.summary_id.clone() logo=data.has_logo.then(|| data.token.clone()) trial=data.trial />
    };
    let body = if sent {
        let key = match kind {
            ReplyKind::Question => Key::ReplyQuestionSent,
            ReplyKind::Decline => Key::ReplyDeclineSent,
        };
        view! { <p class="success" role="status" id="reply-sent">{move || locale.get().fill(key, &[("company", &company)])}</p> }.into_any()
    } else if data.status != OfferStatus::Active {
        set_status(410);
        let key = data.status.closed_key();
        view! { <p class="notice" role="alert">{tr(key)}</p> }.into_any()
    } else {
        let (typed, refused) = match data.attempt.clone() {
            Some((form, error)) => (form, Some(error)),
            None => (Default::default(), None),
        };
        let key = if typed.idempotency_key.is_empty() { data.idempotency_key.clone() } else { typed.idempotency_key.clone() };
        let fields = refused.as_ref().map(|e| e.field_errors().to_vec()).unwrap_or_default();
        let message = move |field: &str| fields.iter().find(|f| f.field == field).map(|f| f.problem.message(l));
        // A refusal that is not about a field (the offer closed, too many replies) stands above the form.
        let summary = refused.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(l));
        let required = kind.requires_contact();
        let hint = match kind {
            ReplyKind::Question => Key::ReplyQuestionHint,
            ReplyKind::Decline => Key::ReplyDeclineHint,
        };
        let field = move |id: &'static str, label: Key, error: Option<String>, input: AnyView| {
            let error_id = format!("{id}-error");
            view! {
                <label for=id>{tr(label)}{(!required).then(|| view! { <span class="optional">" "{tr(Key::Optional)}</span> })}</label>
                {input}
                <p class="field-error" id=error_id aria-live="polite">{error}</p>
            }
        };
        let action = <SendOfferReply as leptos::server_fn::ServerFn>::url();
        let (name_error, email_error, message_error) = (message("name"), message("email"), message("message"));
        view! {
            <h2>{tr(kind.title())}</h2>
            <p class="hint">{move || locale.get().fill(hint, &[("company", &company)])}</p>
            <form class="form reply-form" method="post" action=action>
                <input type="hidden" name="code" value=data.advisor_code.clone() />
                <input type="hidden" name="token" value=data.token.clone() />
                <input type="hidden" name="kind" value=kind.code() />
                <input type="hidden" name="idempotency_key" value=key />
                {embedded.then(|| view! { <input type="hidden" name="embed" value="1" /> })}
                {summary.map(|text| view! { <p class="error" role="alert">{text}</p> })}
                {field("reply-name", Key::ReplyName, name_error.clone(), view! {
                    <input id="reply-name" name="name" value=typed.name.clone() maxlength=NAME_MAX.to_string() autocomplete="name"
                        required=required aria-invalid=name_error.is_some().to_string() aria-describedby="reply-name-error" />
                }.into_any())}
                {field("reply-email", Key::ReplyEmail, email_error.clone(), view! {
                    <input id="reply-email" name="email" type="email" value=typed.email.clone() maxlength="254" autocomplete="email"
                        required=required aria-invalid=email_error.is_some().to_string() aria-describedby="reply-email-error" />
                }.into_any())}
                {field("reply-message", kind.message_label(), message_error.clone(), view! {
                    <textarea id="reply-message" name="message" rows="6" maxlength=MESSAGE_MAX.to_string()
                        required=required aria-invalid=message_error.is_some().to_string() aria-describedby="reply-message-error">{typed.message.clone()}</textarea>
                }.into_any())}
                <button type="submit" class=if kind == ReplyKind::Decline { "danger" } else { "primary" }>
                    {tr(if kind == ReplyKind::Decline { Key::SendDecline } else { Key::SendQuestion })}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <article class="client-offer reply" class:embedded=embedded>
            {header}
            {body}
            <p><a href=back>{tr(Key::BackToOffer)}</a></p>
        </article>
        {embedded.then(|| view! { <script src="/embed-frame.js" defer></script> })}
    }
}

#[component]
fn AcceptOfferForm(data: ClientOfferView, embedded: bool) -> impl IntoView {
    use super::client::page;
    let locale = use_locale();
    let l = locale.get_untracked();
    let (initial, refused) = match data.attempt.clone() {
        Some((form, error)) => (form, Some(error)),
        None => {
            let counts = data.offer.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.to_string())).collect();
            let mut form = AcceptForm { counts, ..Default::default() };
            form.details.language = l.tag().to_string();
            (form, None)
        }
    };
    let key = if initial.idempotency_key.is_empty() { data.idempotency_key.clone() } else { initial.idempotency_key.clone() };
    // A refused submission without JavaScript comes back with every problem shown: the rules
    // run again on what was typed, and the server's own reasons (a taken domain) fill the rest.
    let messages = AcceptanceMessages::new(&initial, &data.offer, refused.as_ref(), &l);
    let shown = refused.is_some();
    let summary = messages.summary(shown);
    let message = |field: &str| if shown { messages.field(field) } else { None };
    let invalid = |field: &str| message(field).is_some().to_string();
    let page_data = page::script_json(&OfferPageData { offer: data.offer.clone(), refused: refused.clone(), texts: super::client::form_texts(l) });
    let rules = country_rules(&data.offer.usage_location);
    let text_field = |id: &'static str, field: &'static str, label: Key, value: String, autocomplete: &'static str, required: bool| {
        let error_id = format!("{field}-error");
        view! {
            <label for=id>{tr(label)}{(!required).then(|| view! { <span class="optional">" "{tr(Key::Optional)}</span> })}</label>
            <input id=id name=field value=value autocomplete=autocomplete required=required
                data-field=field aria-invalid=invalid(field) aria-describedby=error_id.clone() />
            <p class="field-error" id=error_id data-error-for=field aria-live="polite">{message(field)}</p>
        }
    };
    let accept_url = <AcceptOffer as leptos::server_fn::ServerFn>::url();
    let d = initial.details.clone();
    let lines = data.offer.lines.clone();
    let totals = data.offer.totals(&initial);
    let gdap = data.offer.gdap.clone();
    // Why each role is asked for: what the offer's products need (the same rule as the wizard's).
    let products: Vec<&str> = data.offer.lines.iter().flat_map(|line| [line.name.as_str(), line.subscription_id.as_str()]).collect();
    let recommended = domain::delegated_admin::roles::recommended_for(&products);
    view! {
        <form id=page::FORM_ID class="form accept-form" method="post" action=accept_url novalidate>
            <script type="application/json" id=page::DATA_ID inner_html=page_data></script>
            <input type="hidden" name="code" value=data.offer.advisor_code.clone() />
            <input type="hidden" name="token" value=data.offer.token.clone() />
            <input type="hidden" name="idempotency_key" value=key />
            {embedded.then(|| view! { <input type="hidden" name="embed" value="1" /> })}
            <p class="error" id=page::SUMMARY_ID role="alert">{summary}</p>

            <fieldset>
                <legend>{tr(Key::Subscriptions)}</legend>
                <p class="hint">{tr(Key::ClientCountsHint)}</p>
                <ul class="offer-lines">
                    {lines.into_iter().map(|line| {
                        let id = line.subscription_id.clone();
                        let field = count_field(&id);
                        let input_id = format!("count-{id}");
                        let value = initial.counts.get(&id).cloned().unwrap_or_else(|| line.license_count.to_string());
                        let (min, max) = (line.min_licenses, line.max_licenses);
                        let limits = l.fill(Key::LicenseLimits, &[("min", &crate::format::number(min, l)), ("max", &crate::format::number(max, l))]);
                        let typed = PublicOffer::typed_count(&line, &initial);
                        let price = line.price.clone().map(|p| view! {
                            <p class="line-price">
                                <span class="plan">{tr(p.plan.key())}</span><br />
                                <strong data-price-for=id.clone()>{crate::pricing::line_summary(typed, &p, &l)}</strong>
                            </p>
                        });
                        view! {
                            <li class="offer-line">
                                <div>
                                    <strong>{line.name.clone()}</strong>
                                    <p class="hint">{line.description_in(l).to_string()}</p>
                                    {price}
                                </div>
                                <div class="license-count">
                                    <label for=input_id.clone()>{tr(Key::LicenseCount)}</label>
                                    <input id=input_id type="number" inputmode="numeric" name=count_input_name(&id) value=value min=min max=max step="1"
                                        data-field=field.clone() aria-invalid=invalid(&field) />
                                    <span class="hint">{limits}</span>
                                    <p class="field-error" data-error-for=field.clone() aria-live="polite">{message(&field)}</p>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(!totals.is_empty()).then(|| view! {
                    <div class="offer-totals">
                        <h3>{tr(Key::OfferTotals)}</h3>
                        <ul>
                            {totals.iter().enumerate().map(|(at, total)| view! {
                                <li data-total-at=at.to_string()>{crate::pricing::total_summary(total, &l)}</li>
                            }).collect_view()}
                        </ul>
                        <p class="hint">{tr(Key::PricesExcludeTax)}</p>
                    </div>
                })}
            </fieldset>

            {gdap.map(|g| {
                let chosen = initial.delegated_admin.clone();
                view! {
                    <fieldset class="delegated">
                        <legend>{tr(Key::DelegatedAdministration)}</legend>
                        <p>{l.fill(Key::ClientGdapAsk, &[("duration", &crate::delegated_admin::duration_words(g.duration_days, l))])}</p>
                        {crate::delegated_admin::roles_explained(&g.roles, Some(&recommended), l)}
                        <p class="hint">{tr(Key::ClientGdapOptional)}</p>
                        <label class="check">
                            <input type="radio" name="delegated_admin" value=WITH_DELEGATED checked=chosen == WITH_DELEGATED data-field="delegated_admin" />
                            <span>{tr(Key::AcceptWithDelegated)}</span>
                        </label>
                        <label class="check">
                            <input type="radio" name="delegated_admin" value=WITHOUT_DELEGATED checked=chosen == WITHOUT_DELEGATED data-field="delegated_admin" />
                            <span>{tr(Key::AcceptWithoutDelegated)}</span>
                        </label>
                        <p class="field-error" data-error-for="delegated_admin" aria-live="polite">{message("delegated_admin")}</p>
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
                        data-field="domain_prefix" aria-invalid=invalid("domain_prefix")
                        aria-describedby="domain-hint domain_prefix-error" />
                    <span class="suffix">".onmicrosoft.com"</span>
                </div>
                <p class="hint" id="domain-hint">{tr(Key::DomainPrefixHint)}</p>
                <p class="field-error" id="domain_prefix-error" data-error-for="domain_prefix" aria-live="polite">{message("domain_prefix")}</p>
                <p class="success-inline" id=page::DOMAIN_AVAILABLE_ID aria-live="polite" hidden>{tr(Key::DomainAvailable)}</p>
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
                <select id="language" name="language" data-field="language">
                    {Locale::ALL.into_iter().map(|lang| view! {
                        <option value=lang.tag() selected=d.language == lang.tag()>{lang.native_name()}</option>
                    }).collect_view()}
                </select>
            </fieldset>

            <button type="submit" id=page::SUBMIT_ID class="primary big">{tr(data.offer.submit_key())}</button>
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
                        let trial_ends_at = r.trial_ends_at;
                        // A trial invitation's receipt: the trial started, and when it ends.
                        let (title, text, lines_title) = match trial_ends_at {
                            Some(_) => (Key::TrialStartedTitle, Key::TrialStartedText, Key::YourTrial),
                            None => (Key::AcceptedTitle, Key::AcceptedText, Key::WhatYouPurchased),
                        };
                        view! {
                            <Title text=move || format!("{} · PartnerDesk", title_language().t(title)) />
                            <article class="client-offer accepted" class:embedded=embedded>
                                <h1>{tr(title)}</h1>
                                <p class="success" role="status">
                                    {move || {
                                        let l = locale.get();
                                        let ends = trial_ends_at.map(|t| crate::format::date(t, l)).unwrap_or_default();
                                        l.fill(text, &[("company", &company), ("advisor", &advisor), ("date", &ends)])
                                    }}
                                </p>
                                <h2>{tr(lines_title)}</h2>
                                <ul class="purchased">
                                    {r.lines.iter().map(|(name, count)| view! {
                                        <li><strong>{name.clone()}</strong>" × "{show_number(*count)}</li>
                                    }).collect_view()}
                                </ul>
                                {(!r.terms.is_empty()).then(|| view! {
                                    <h2>{tr(Key::AcceptedTerms)}</h2>
                                    <p class="pre accepted-terms" id="accepted-terms">{r.terms.clone()}</p>
                                })}
                                {trial_ends_at.is_none().then(|| view! { <p>{tr(Key::BilledDirectly)}</p> })}
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
