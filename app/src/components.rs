//! Building blocks shared by the pages: the protected page frame, field errors, error pages.

use crate::auth::CurrentUser;
use crate::error::{AppError, FieldError};
use crate::i18n::{tr, use_locale, Key, Locale};
use crate::roles::Permission;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The signed-in user, loaded once per page load and refreshed after signing in or out.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

pub fn use_user() -> Resource<Result<Option<CurrentUser>, AppError>> {
    expect_context::<UserResource>().0
}

/// Sets the HTTP status of the server-rendered page (no effect in the browser).
pub fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(_code)) {
        response.set_status(status);
    }
}

/// A page for signed-in users holding `permission`. Signed-out visitors are sent to sign-in
/// and brought back; users without the permission get an explanation (HTTP 403).
#[component]
pub fn Page(title: Key, permission: Permission, children: ChildrenFn) -> impl IntoView {
    let user = use_user();
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Title text=move || format!("{} · PartnerDesk", title.text(title_language())) />
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => match u.may(permission) {
                        Ok(()) => view! {
                            <h1>{tr(title)}</h1>
                            {children.read_value()()}
                        }.into_any(),
                        Err(e) => view! { <Forbidden error=e /> }.into_any(),
                    },
                    Ok(None) | Err(AppError::NotSignedIn) => {
                        let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                        let target = format!("/sign-in?next={}", urlencode(&here));
                        view! { <Redirect path=target /> }.into_any()
                    }
                    Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The 403 explanation: which role or program is missing.
#[component]
pub fn Forbidden(error: AppError) -> impl IntoView {
    set_status(403);
    let locale = use_locale();
    let message = move || match &error {
        AppError::MissingRole { roles } => {
            let l = locale.get();
            let names: Vec<&str> = roles.iter().map(|r| l.t(r.key())).collect();
            l.fill(Key::ForbiddenText, &[("roles", &names.join(", "))])
        }
        other => other.message(locale.get()),
    };
    view! {
        <section class="notice" aria-labelledby="forbidden-title">
            <h1 id="forbidden-title">{tr(Key::ForbiddenTitle)}</h1>
            <p>{message}</p>
            <a href="/">{tr(Key::BackHome)}</a>
        </section>
    }
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::NotFoundTitle)) />
        <section class="notice" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{tr(Key::NotFoundTitle)}</h1>
            <p>{tr(Key::NotFoundText)}</p>
            <a href="/">{tr(Key::BackHome)}</a>
        </section>
    }
}

/// A failed load or action, as a sentence. Without a connection, a page that needs live data
/// says so instead.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let locale = use_locale();
    let online = use_context::<crate::pwa::Pwa>().map(|p| p.online);
    let unreachable = crate::pwa::is_unreachable(&error);
    let offline = move || unreachable && online.is_some_and(|o| !o.get());
    move || {
        if offline() {
            leptos::either::Either::Left(view! { <p class="notice-inline needs-connection" role="status">{tr(Key::NeedsConnection)}</p> })
        } else {
            let error = error.clone();
            leptos::either::Either::Right(view! { <p class="error" role="alert">{move || error.message(locale.get())}</p> })
        }
    }
}

/// The summary line above a form when the server refused it.
#[component]
pub fn FieldErrorsView(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let locale = use_locale();
    move || error.get().map(|e| view! { <p class="error" role="alert">{e.message(locale.get())}</p> })
}

/// The message for one field, if the error names it.
pub fn field_error(error: Option<AppError>, field: &str, locale: Locale) -> Option<impl IntoView> {
    let error = error?;
    let problem = error.field_errors().iter().find(|e| e.field == field)?.problem.clone();
    Some(view! { <p class="field-error" id=format!("{field}-error")>{problem.message(locale)}</p> })
}

/// The message for one field from a list of errors found in the browser.
pub fn field_message(errors: &[FieldError], field: &str, locale: Locale) -> Option<String> {
    errors.iter().find(|e| e.field == field).map(|e| e.problem.message(locale))
}

/// A country or region field: type a code ("UK" works) or a name in any of the four
/// languages, with suggestions named in the page's language.
#[component]
pub fn CountryInput(id: &'static str, name: &'static str, #[prop(optional, into)] value: Option<String>) -> impl IntoView {
    let list_id = format!("{id}-countries");
    view! {
        <input id=id name=name list=list_id.clone() required autocomplete="country" value=value.unwrap_or_default() />
        <CountryOptions id=list_id />
    }
}

/// The `<datalist>` of every country and region, named and sorted in the page's language.
#[component]
pub fn CountryOptions(#[prop(into)] id: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        <datalist id=id>
            {move || crate::catalog::all_countries(locale.get()).into_iter().map(|c| view! {
                <option value=c.code>{c.name}</option>
            }).collect_view()}
        </datalist>
    }
}

/// A country's name in the page's language (follows the language switcher).
pub fn show_country(code: String) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let locale = use_locale();
    move || crate::catalog::country_name(&code, locale.get())
}

/// A date in the page's language (follows the language switcher).
pub fn show_date(seconds: i64) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || crate::format::date(seconds, locale.get())
}

/// A whole number with the page's language's thousands separator.
pub fn show_number(n: i64) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || crate::format::number(n, locale.get())
}

pub use domain::format::iso_date as format_date;

/// A `mailto:` link that opens a draft with this subject and body in the default email app.
pub fn mailto(to: &str, subject: &str, body: &str) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    format!("mailto:{}?subject={}&body={}", enc(to.trim()).replace("%40", "@"), enc(subject), enc(body))
}

/// Copies `text` to the clipboard (in the browser).
pub fn copy_to_clipboard(_text: String, done: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(&_text);
        done.set(true);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = done;
}

/// What a copy button copies, which names it ("Copy to clipboard", "Copy embed snippet").
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CopyWhat {
    Text,
    EmbedSnippet,
}

impl CopyWhat {
    fn label(self) -> Key {
        match self {
            CopyWhat::Text => Key::CopyToClipboard,
            CopyWhat::EmbedSnippet => Key::CopyEmbedSnippet,
        }
    }
}

/// [`CopyButton`] placed straight on a page: an island of its own (the text stays selectable in
/// the page without it). Inside another island, use `CopyButton` (an island holds no island).
// An island (see crate::pwa::BannersIsland): in every islands build, it is small.
#[cfg_attr(any(feature = "ssr", feature = "hydrate"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "hydrate")), component)]
pub fn CopyButtonIsland(text: String, what: CopyWhat) -> impl IntoView {
    view! { <CopyButton text what /> }
}

/// A button that copies `text` and then says Copied.
#[component]
pub fn CopyButton(text: String, what: CopyWhat) -> impl IntoView {
    let locale = use_locale();
    let copied = RwSignal::new(false);
    view! {
        <button type="button" on:click=move |_| copy_to_clipboard(text.clone(), copied)>
            {move || if copied.get() { locale.get().t(Key::Copied) } else { locale.get().t(what.label()) }}
        </button>
    }
}

/// What was typed into a page before its islands hydrated. A page is usable as soon as it is
/// shown, but an island starts from its props, and hydrating sets its fields' values from its
/// signals: text typed on a slow connection would be lost, or (worse) kept on screen while
/// the island submits the old value. [`EarlyInput::take`] reads every field that differs from
/// what the server rendered before the islands hydrate; [`EarlyInput::replay`] puts it back
/// afterwards and tells each island, with the `input` and `change` events typing sends, so
/// every island starts from what its fields hold.
#[cfg(feature = "hydrate")]
pub struct EarlyInput(Vec<(web_sys::Element, Typed)>);

#[cfg(feature = "hydrate")]
enum Typed {
    Text(String),
    Checked(bool),
}

#[cfg(feature = "hydrate")]
impl EarlyInput {
    pub fn take() -> EarlyInput {
        use leptos::wasm_bindgen::JsCast;
        let mut typed = Vec::new();
        let Some(fields) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector_all("input, textarea, select").ok()) else {
            return EarlyInput(typed);
        };
        for index in 0..fields.length() {
            let Some(element) = fields.item(index).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
                continue;
            };
            if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                match input.type_().as_str() {
                    "checkbox" | "radio" if input.checked() != input.default_checked() => {
                        typed.push((element.clone(), Typed::Checked(input.checked())))
                    }
                    "checkbox" | "radio" | "hidden" | "file" | "submit" | "button" => {}
                    _ if input.value() != input.default_value() => typed.push((element.clone(), Typed::Text(input.value()))),
                    _ => {}
                }
            } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if area.default_value().is_ok_and(|default| default != area.value()) {
                    typed.push((element.clone(), Typed::Text(area.value())));
                }
            } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
                let chosen = select.selected_index();
                let default = (0..select.length())
                    .find(|i| select.item(*i).and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok()).is_some_and(|o| o.default_selected()));
                if chosen >= 0 && default.map(|d| d as i32) != Some(chosen) && !(default.is_none() && chosen == 0) {
                    typed.push((element.clone(), Typed::Text(select.value())));
                }
            }
        }
        EarlyInput(typed)
    }

    pub fn replay(self) {
        use leptos::wasm_bindgen::JsCast;
        for (element, typed) in self.0 {
            match &typed {
                Typed::Checked(checked) => {
                    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                        input.set_checked(*checked);
                    }
                }
                Typed::Text(value) => {
                    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                        input.set_value(value);
                    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                        area.set_value(value);
                    } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
                        select.set_value(value);
                    }
                }
            }
            for name in ["input", "change"] {
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = web_sys::Event::new_with_event_init_dict(name, &init) {
                    let _ = element.dispatch_event(&event);
                }
            }
        }
    }
}

/// A random key that makes a doubled or retried submission create one record (offer, customer).
pub fn new_idempotency_key() -> String {
    // Only the browser submits; the server-rendered form needs no key.
    #[cfg(feature = "hydrate")]
    {
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            return crypto.random_uuid();
        }
        format!("{:x}{:x}", (js_sys::Math::random() * 1e16) as u64, js_sys::Date::now() as u64)
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

pub use domain::format::urlencode;

/// A list's pager: Previous (from page 2), "Page X of Y", Next (before the last page).
/// `previous` and `next` are the addresses of the neighbouring pages.
#[component]
pub fn Pager(page: i64, pages: i64, previous: String, next: String) -> impl IntoView {
    use leptos_router::components::A;
    let locale = use_locale();
    view! {
        <nav class="pager" aria-label=tr(Key::PageOf)>
            {(page > 1).then(|| view! { <A href=previous>{tr(Key::PreviousPage)}</A> })}
            <span>{move || locale.get().fill(Key::PageOf, &[("page", &page.to_string()), ("pages", &pages.to_string())])}</span>
            {(page < pages).then(|| view! { <A href=next>{tr(Key::NextPage)}</A> })}
        </nav>
    }
}

/// One subscription of a list to choose from (the wizards, Add subscription): its check box
/// and, once checked, its license count, with the messages of both.
#[component]
pub fn SubscriptionChoice(
    subscription: crate::catalog::CatalogSubscription,
    lines: RwSignal<Vec<(String, crate::validate::WholeNumber)>>,
    errors: RwSignal<Vec<crate::error::FieldError>>,
    /// Where the order has prices: each checked line then chooses its term and billing plan
    /// (and its discount or price) and shows its price.
    #[prop(optional)]
    pricing: Option<LinePricing>,
) -> impl IntoView {
    let locale = use_locale();
    let s = subscription;
    let priced = StoredValue::new(s.clone());
    let id = StoredValue::new(s.id.clone());
    let field = StoredValue::new(format!("license_count.{}", s.id));
    let message = move || field.with_value(|f| field_message(&errors.get(), f, locale.get()));
    let checked = Memo::new(move |_| id.with_value(|id| lines.get().iter().any(|(l, _)| l == id)));
    let (min, max) = (s.min_licenses, s.max_licenses);
    let input_id = format!("count-{}", s.id);
    let description = {
        let s = s.clone();
        move || s.description_in(locale.get()).to_string()
    };
    view! {
        <li class="subscription">
            <label class="check">
                <input type="checkbox" prop:checked=checked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let id = id.get_value();
                        lines.update(|ls| {
                            ls.retain(|(l, _)| *l != id);
                            if on { ls.push((id.clone(), min.into())); }
                        });
                    } />
                <span><strong>{s.name.clone()}</strong><br /><span class="hint">{description}</span></span>
            </label>
            <Show when=move || checked.get()>
                <div class="license-count">
                    <label for=input_id.clone()>{tr(Key::LicenseCount)}</label>
                    <input id=input_id.clone() type="number" inputmode="numeric" min=min max=max step="1"
                        aria-invalid=move || message().is_some().to_string()
                        prop:value=move || id.with_value(|id| lines.get().iter().find(|(l, _)| l == id).map(|(_, c)| c.to_string()).unwrap_or_default())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            let id = id.get_value();
                            lines.update(|ls| if let Some(l) = ls.iter_mut().find(|(l, _)| *l == id) { l.1 = value.into(); });
                        } />
                    <span class="hint">{move || { let l = locale.get(); l.fill(Key::LicenseLimits, &[("min", &crate::format::number(min, l)), ("max", &crate::format::number(max, l))]) }}</span>
                    {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {move || pricing.map(|pricing| view! { <LinePlanChoice subscription=priced.get_value() lines pricing errors /> })}
            </Show>
            {move || (!checked.get()).then(message).flatten().map(|m| view! { <p class="field-error">{m}</p> })}
        </li>
    }
}

/// What an order's lines choose beyond their counts, where the order has prices: each line's
/// term and billing plan, and its discount or price (within the organisation's limit).
#[derive(Clone, Copy)]
pub struct LinePricing {
    /// (subscription id, plan code)
    pub plans: RwSignal<Vec<(String, String)>>,
    /// (subscription id, discount or price as typed)
    pub adjustments: RwSignal<Vec<(String, String)>>,
    /// The largest discount the organisation allows (percent; 0: no field to type one).
    pub discount_limit: u32,
}

/// A checked line's term and billing plan, chosen among those its market sells, its discount
/// or price where the organisation allows one, and its price for the count typed (or why it
/// has none).
#[component]
fn LinePlanChoice(
    subscription: crate::catalog::CatalogSubscription,
    lines: RwSignal<Vec<(String, crate::validate::WholeNumber)>>,
    pricing: LinePricing,
    errors: RwSignal<Vec<crate::error::FieldError>>,
) -> impl IntoView {
    use crate::pricing::{adjustment_field, line_summary, plan_field, price_as_typed, PriceChoices};
    let locale = use_locale();
    let LinePricing { plans, adjustments, discount_limit } = pricing;
    let id = StoredValue::new(subscription.id.clone());
    let offerings = StoredValue::new(subscription.offerings.clone());
    let field = StoredValue::new(plan_field(&subscription.id));
    let price_field = StoredValue::new(adjustment_field(&subscription.id));
    let message = move || field.with_value(|f| field_message(&errors.get(), f, locale.get()));
    let price_message = move || price_field.with_value(|f| field_message(&errors.get(), f, locale.get()));
    let chosen_in =
        move |choices: &RwSignal<Vec<(String, String)>>| id.with_value(|id| choices.get().iter().find(|(p, _)| p == id).map(|(_, v)| v.clone()));
    let typed_plan = move || chosen_in(&plans);
    // The line's price as chosen so far: its plan is the one chosen, or the usual one (the rule
    // the server applies), which the select shows.
    let priced = StoredValue::new(vec![subscription.clone()]);
    let price = Memo::new(move |_| {
        let (plans, adjustments) = (plans.get(), adjustments.get());
        let choices = PriceChoices { plans: &plans, adjustments: &adjustments, discount_limit };
        id.with_value(|id| priced.with_value(|catalog| price_as_typed(id, &choices, catalog)))
    });
    let count = move || id.with_value(|id| lines.get().iter().find(|(l, _)| l == id).and_then(|(_, c)| c.value()).unwrap_or(0));
    let set = move |choices: RwSignal<Vec<(String, String)>>, value: String| {
        let id = id.get_value();
        choices.update(|all| {
            all.retain(|(p, _)| *p != id);
            all.push((id, value));
        });
    };
    let select_id = format!("plan-{}", subscription.id);
    let adjust_id = format!("adjust-{}", subscription.id);
    if subscription.offerings.is_empty() {
        return view! { <p class="hint line-price">{tr(Key::NoPriceInMarket)}</p> }.into_any();
    }
    view! {
        <div class="line-plan">
            <label for=select_id.clone()>{tr(Key::TermAndBilling)}</label>
            <select id=select_id name=field.get_value()
                aria-invalid=move || message().is_some().to_string()
                prop:value=move || typed_plan().or_else(|| price.get().map(|p| p.plan.code())).unwrap_or_default()
                on:change=move |ev| set(plans, event_target_value(&ev))>
                {move || offerings.get_value().into_iter().map(|o| {
                    let l = locale.get();
                    let label = format!("{} · {}", l.t(o.plan.key()), crate::format::money(o.unit_price, &o.currency, l));
                    view! { <option value=o.plan.code()>{label}</option> }
                }).collect_view()}
            </select>
            {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
            {(discount_limit > 0).then(|| view! {
                <label for=adjust_id.clone()>{tr(Key::PriceAdjustmentLabel)}</label>
                <input id=adjust_id.clone() name=price_field.get_value() inputmode="decimal" maxlength="20" autocomplete="off"
                    aria-invalid=move || price_message().is_some().to_string()
                    prop:value=move || chosen_in(&adjustments).unwrap_or_default()
                    on:input=move |ev| set(adjustments, event_target_value(&ev)) />
                <p class="hint">{move || locale.get().fill(Key::PriceAdjustmentHint, &[("max", &discount_limit.to_string())])}</p>
                {move || price_message().map(|m| view! { <p class="field-error">{m}</p> })}
            })}
            {move || price.get().map(|p| {
                let l = locale.get();
                let list = p.list_price.map(|list| format!(" ({})", l.fill(Key::ListPriceNote, &[("price", &crate::format::money(list, &p.currency, l))])));
                view! { <p class="line-price"><strong>{line_summary(count(), &p, &l)}</strong>{list}</p> }
            })}
        </div>
    }
    .into_any()
}

/// A wizard's start: shows `wizard` once what it starts from has loaded, with the signed-in
/// user's id (an island on a page served whole has no app shell to ask), or why it could not.
pub fn once_started<T, F>(start: Resource<Result<T, AppError>>, wizard: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T, Option<i64>) -> AnyView + Clone + Send + Sync + 'static,
{
    let user = use_user();
    view! {
        <Suspense fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
            {move || {
                let wizard = wizard.clone();
                Suspend::new(async move {
                    match start.await {
                        Ok(start) => wizard(start, user.await.ok().flatten().map(|u| u.id)),
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urlencode_keeps_paths_readable() {
        assert_eq!(super::urlencode("/offers?page=2&q=a b"), "/offers%3Fpage%3D2%26q%3Da%20b");
    }
}
