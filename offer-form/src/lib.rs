//! The client's purchase offer page in the browser.
//!
//! The server renders the whole page (`app::offers::client_pages`) and its form posts without
//! JavaScript. This module adds what a client expects of the form, with the same `domain` code the
//! server runs: every rule checked as the client types ([`validate_acceptance`]), whether the
//! domain prefix is free, Accept sent without leaving the page until it is accepted, and what
//! was typed kept across a change of language. It carries no Leptos runtime and none of the
//! staff's pages, so a client on a phone downloads a small module instead of the whole app.
//!
//! The page is the state: values are read from the form when needed, so what a client typed
//! before the module arrived counts like anything typed after.

use domain::error::{AppError, Problem};
use domain::i18n::{Key, Locale, TextSet, Texts};
use domain::offers::client::{page, validate_acceptance, AcceptForm, AcceptanceMessages, OfferPageData, PublicOffer};
use domain::pricing::{line_summary, total_summary};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, Event, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

/// How long typing in the domain prefix pauses before its availability is asked.
const DOMAIN_CHECK_DELAY_MS: i32 = 250;
/// Where what was typed waits while the page reloads in another language.
const STASH_KEY: &str = "partnerdesk.offer-form";
/// "Every field": set once Accept was pressed (or the server refused), so all problems show.
const EVERY_FIELD: &str = "*";

#[wasm_bindgen(start)]
pub fn start() {
    if let Err(error) = run() {
        web_sys::console::error_2(&JsValue::from_str("PartnerDesk offer page:"), &error);
    }
}

fn run() -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let form = match document.get_element_by_id(page::FORM_ID) {
        Some(element) => Some(OfferForm::attach(document.clone(), element.dyn_into()?)?),
        None => None,
    };
    keep_typing_across_language_switch(&document, form)?;
    if let Some(body) = document.body() {
        body.set_attribute(page::READY_ATTRIBUTE, "")?;
    }
    Ok(())
}

type Shared = Rc<RefCell<OfferForm>>;

/// The acceptance form and what the page knows beyond its fields.
struct OfferForm {
    document: Document,
    form: HtmlFormElement,
    offer: PublicOffer,
    /// The page's texts, in its language (the catalog stays on the server).
    texts: TextSet,
    /// Fields whose problems show ([`EVERY_FIELD`] for all).
    touched: BTreeSet<String>,
    /// The server's last refusal; a field's reason goes once the field is changed.
    refused: Option<AppError>,
    /// The last availability answer: the prefix asked about and its problem, if any.
    domain: Option<(String, Option<Problem>)>,
    domain_timer: Option<i32>,
    sending: bool,
    /// The last Accept got no answer (no connection).
    unsent: bool,
}

/// What was typed, kept while the page reloads in another language.
#[derive(Serialize, Deserialize)]
struct Stash {
    path: String,
    values: Vec<(String, String)>,
    touched: Vec<String>,
}

impl OfferForm {
    fn attach(document: Document, form: HtmlFormElement) -> Result<Shared, JsValue> {
        let data_text = document.get_element_by_id(page::DATA_ID).and_then(|script| script.text_content()).ok_or("the page has no offer data")?;
        let data: OfferPageData = serde_json::from_str(&data_text).map_err(|e| JsValue::from_str(&format!("unreadable offer data: {e}")))?;
        let mut touched = BTreeSet::new();
        if data.refused.is_some() {
            touched.insert(EVERY_FIELD.to_string());
        }
        let restored = restore_stash(&form);
        touched.extend(restored);
        // Fields typed in before this module arrived count as touched.
        for (field, _) in changed_fields(&form) {
            touched.insert(field);
        }
        let state = Rc::new(RefCell::new(OfferForm {
            document,
            form: form.clone(),
            offer: data.offer,
            texts: data.texts,
            touched,
            refused: data.refused,
            domain: None,
            domain_timer: None,
            sending: false,
            unsent: false,
        }));

        let on_edit = {
            let state = state.clone();
            move |event: Event| edited(&state, &event)
        };
        listen(&form, "input", on_edit.clone())?;
        listen(&form, "change", on_edit)?;
        listen(&form, "focusout", {
            let state = state.clone();
            move |event: Event| {
                if let Some(field) = field_of(&event) {
                    state.borrow_mut().touched.insert(field);
                    state.borrow().render();
                }
            }
        })?;
        listen(&form, "submit", {
            let state = state.clone();
            move |event: Event| {
                event.prevent_default();
                submitted(&state);
            }
        })?;
        // A prefix typed before the module arrived is checked at once.
        if !state.borrow().read().details.domain_prefix.trim().is_empty() {
            schedule_domain_check(&state, 0);
        }
        state.borrow().render();
        Ok(state)
    }

    /// The form as typed now.
    fn read(&self) -> AcceptForm {
        let mut typed = AcceptForm::default();
        for (name, value) in form_values(&self.form) {
            typed.set_field(&name, value);
        }
        typed
    }

    /// Shows every field's problem (for the fields whose problems show), the domain prefix's
    /// availability, the summary above the form and the Accept button's state.
    fn render(&self) {
        let typed = self.read();
        let messages = AcceptanceMessages::new(&typed, &self.offer, self.refused.as_ref(), &self.texts);
        let l = &self.texts;
        let every = self.touched.contains(EVERY_FIELD);
        let message = |field: &str| if every || self.touched.contains(field) { messages.field(field) } else { None };
        let availability = self.domain.as_ref().filter(|(prefix, _)| *prefix == typed.details.domain_prefix.trim()).map(|(_, answer)| answer.clone());
        for element in self.all(&format!("[{}]", page::ERROR_FOR)) {
            let Some(field) = element.get_attribute(page::ERROR_FOR) else {
                continue;
            };
            let mut text = message(&field);
            if field == "domain_prefix" && text.is_none() {
                text = availability.clone().flatten().map(|p| p.message_in(l));
            }
            set_text(&element, text.as_deref().unwrap_or(""));
        }
        for element in self.all(&format!("[{}]", page::FIELD)) {
            let Some(field) = element.get_attribute(page::FIELD) else {
                continue;
            };
            let _ = element.set_attribute("aria-invalid", if message(&field).is_some() { "true" } else { "false" });
        }
        if let Some(available) = self.document.get_element_by_id(page::DOMAIN_AVAILABLE_ID) {
            let free = matches!(availability, Some(None)) && message("domain_prefix").is_none();
            let _ = if free { available.remove_attribute("hidden") } else { available.set_attribute("hidden", "") };
        }
        // Each line's price and the totals follow the counts typed.
        for element in self.all(&format!("[{}]", page::PRICE_FOR)) {
            let line = element.get_attribute(page::PRICE_FOR).and_then(|id| self.offer.lines.iter().find(|line| line.subscription_id == id));
            if let Some((line, price)) = line.and_then(|line| Some((line, line.price.as_ref()?))) {
                set_text(&element, &line_summary(PublicOffer::typed_count(line, &typed), price, l));
            }
        }
        let totals = self.offer.totals(&typed);
        for element in self.all(&format!("[{}]", page::TOTAL_AT)) {
            if let Some(total) = element.get_attribute(page::TOTAL_AT).and_then(|at| at.parse::<usize>().ok()).and_then(|at| totals.get(at)) {
                set_text(&element, &total_summary(total, l));
            }
        }
        if let Some(summary) = self.document.get_element_by_id(page::SUMMARY_ID) {
            let text = self.unsent.then(|| l.text(Key::AcceptNoConnection).to_string()).or_else(|| messages.summary(every));
            set_text(&summary, text.as_deref().unwrap_or(""));
        }
        if let Some(button) = self.document.get_element_by_id(page::SUBMIT_ID) {
            let _ = if self.sending { button.set_attribute("disabled", "") } else { button.remove_attribute("disabled") };
            set_text(&button, l.text(if self.sending { Key::Accepting } else { self.offer.submit_key() }));
        }
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.form.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
    }
}

/// A field was typed in or chosen: its problems show from now on, and the server's earlier
/// reason for it no longer applies.
fn edited(state: &Shared, event: &Event) {
    let Some(field) = field_of(event) else { return };
    {
        let mut s = state.borrow_mut();
        s.touched.insert(field.clone());
        if let Some(AppError::Invalid(errors)) = &mut s.refused {
            errors.retain(|e| e.field != field);
            if errors.is_empty() {
                s.refused = None;
            }
        }
    }
    if field == "domain_prefix" {
        schedule_domain_check(state, DOMAIN_CHECK_DELAY_MS);
    }
    state.borrow().render();
}

/// Accept was pressed: every problem shows; with none, the acceptance is sent.
fn submitted(state: &Shared) {
    let ready = {
        let mut s = state.borrow_mut();
        s.touched.insert(EVERY_FIELD.to_string());
        s.refused = None;
        s.unsent = false;
        let valid = validate_acceptance(&s.read(), &s.offer).is_ok();
        let ready = valid && !s.sending;
        if ready {
            s.sending = true;
        }
        ready
    };
    state.borrow().render();
    if ready {
        spawn_local(send(state.clone()));
    } else if !state.borrow().sending {
        focus_first_problem(&state.borrow());
    }
}

fn focus_first_problem(s: &OfferForm) {
    let invalid = s.all("[aria-invalid=\"true\"]");
    if let Some(field) = invalid.first().and_then(|e| e.dyn_ref::<HtmlElement>()) {
        let _ = field.focus();
    }
}

/// Sends the form as the browser would without JavaScript, asking for JSON back: accepted, it
/// goes to the confirmation the server names; refused, the server's reasons show.
async fn send(state: Shared) {
    let form = state.borrow().form.clone();
    let answer = post_form(&form.action(), &form).await;
    match answer {
        Ok((true, response)) => {
            let next = response.headers().get("location").ok().flatten().map(|next| match language_in_address() {
                Some(lang) => format!("{next}?lang={}", lang.tag()),
                None => next,
            });
            if let (Some(next), Some(window)) = (next, web_sys::window()) {
                // Stays "Accepting…" while the confirmation loads.
                if window.location().assign(&next).is_ok() {
                    return;
                }
            }
            refuse(&state, AppError::Internal);
        }
        Ok((false, response)) => {
            let text = match response.text() {
                Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
                Err(_) => String::new(),
            };
            refuse(&state, serde_json::from_str::<AppError>(&text).unwrap_or(AppError::Internal));
        }
        Err(_) => {
            // No answer at all: no connection. The same key makes a retry count once should
            // the first request have arrived after all.
            let mut s = state.borrow_mut();
            s.sending = false;
            s.refused = None;
            s.unsent = true;
            drop(s);
            state.borrow().render();
        }
    }
}

fn refuse(state: &Shared, error: AppError) {
    {
        let mut s = state.borrow_mut();
        s.sending = false;
        s.refused = Some(error);
    }
    let s = state.borrow();
    s.render();
    focus_first_problem(&s);
}

/// POSTs `form`'s fields, urlencoded, to `url`, asking for JSON: (whether it succeeded, the
/// response).
async fn post_form(url: &str, form: &HtmlFormElement) -> Result<(bool, web_sys::Response), JsValue> {
    let fields = web_sys::FormData::new_with_form(form)?;
    post(url, &web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields)?).await
}

async fn post(url: &str, body: &web_sys::UrlSearchParams) -> Result<(bool, web_sys::Response), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "application/json")?;
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?.dyn_into()?;
    Ok((response.ok(), response))
}

/// Asks whether the typed domain prefix is free once typing pauses for `delay_ms`.
fn schedule_domain_check(state: &Shared, delay_ms: i32) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(timer) = state.borrow_mut().domain_timer.take() {
        window.clear_timeout_with_handle(timer);
    }
    let prefix = state.borrow().read().details.domain_prefix.trim().to_string();
    if prefix.is_empty() {
        state.borrow_mut().domain = None;
        return;
    }
    let check = {
        let state = state.clone();
        Closure::once_into_js(move || spawn_local(check_domain(state, prefix)))
    };
    if let Ok(timer) = window.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), delay_ms) {
        state.borrow_mut().domain_timer = Some(timer);
    }
}

async fn check_domain(state: Shared, prefix: String) {
    state.borrow_mut().domain_timer = None;
    let Ok(body) = web_sys::UrlSearchParams::new() else {
        return;
    };
    body.append("prefix", &prefix);
    let url = page::DOMAIN_CHECK_URL;
    // Without an answer (no connection), nothing is said: the server checks again on Accept.
    let Ok((true, response)) = post(url, &body).await else {
        return;
    };
    let Ok(promise) = response.text() else { return };
    let Some(text) = JsFuture::from(promise).await.ok().and_then(|t| t.as_string()) else {
        return;
    };
    let Ok(answer) = serde_json::from_str::<Option<Problem>>(&text) else {
        return;
    };
    let current = state.borrow().read().details.domain_prefix.trim().to_string();
    if current == prefix {
        state.borrow_mut().domain = Some((prefix, answer));
        state.borrow().render();
    }
}

/// The language switcher loads the page again in the chosen language, rendered by the server
/// as without JavaScript; what was typed into the offer's form waits in the session meanwhile.
/// The language travels in the address too (`?lang=`): inside a partner's website the browser
/// may refuse the language cookie of a framed page.
fn keep_typing_across_language_switch(document: &Document, form: Option<Shared>) -> Result<(), JsValue> {
    let Some(select) = document.get_element_by_id(page::LANGUAGE_SELECT_ID) else {
        return Ok(());
    };
    let select: HtmlSelectElement = select.dyn_into()?;
    let target = select.clone();
    listen(&select, "change", move |_| {
        if let Some(form) = &form {
            stash(&form.borrow());
        }
        let tag = target.value();
        spawn_local(async move {
            // Remembered for the next visit where the browser keeps the cookie; the page
            // changes language either way.
            if let Ok(body) = web_sys::UrlSearchParams::new() {
                body.append("lang", &tag);
                let _ = post(page::LANGUAGE_URL, &body).await;
            }
            if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&format!("{}?lang={tag}", current_path()));
            }
        });
    })
}

/// The language this page's address names (`?lang=`), to keep on the next page.
fn language_in_address() -> Option<Locale> {
    let search = web_sys::window()?.location().search().ok()?;
    domain::i18n::locale_from_query(search.strip_prefix('?'))
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn current_path() -> String {
    web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
}

fn stash(form: &OfferForm) {
    let stash = Stash { path: current_path(), values: changed_fields_by_name(&form.form), touched: form.touched.iter().cloned().collect() };
    if let (Some(storage), Ok(json)) = (session_storage(), serde_json::to_string(&stash)) {
        let _ = storage.set_item(STASH_KEY, &json);
    }
}

/// Puts back what was typed before a change of language; returns the touched fields.
fn restore_stash(form: &HtmlFormElement) -> Vec<String> {
    let Some(storage) = session_storage() else {
        return Vec::new();
    };
    let Some(json) = storage.get_item(STASH_KEY).ok().flatten() else {
        return Vec::new();
    };
    let _ = storage.remove_item(STASH_KEY);
    let Ok(stash) = serde_json::from_str::<Stash>(&json) else {
        return Vec::new();
    };
    if stash.path != current_path() {
        return Vec::new();
    }
    let elements = form.elements();
    for i in 0..elements.length() {
        let Some(element) = elements.item(i) else {
            continue;
        };
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            let name = input.name();
            if input.type_() == "hidden" {
                continue;
            }
            if input.type_() == "radio" {
                if stash.values.iter().any(|(n, v)| *n == name && *v == input.value()) {
                    input.set_checked(true);
                }
            } else if let Some((_, value)) = stash.values.iter().find(|(n, _)| *n == name) {
                input.set_value(value);
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            if let Some((_, value)) = stash.values.iter().find(|(n, _)| *n == select.name()) {
                select.set_value(value);
            }
        }
    }
    stash.touched
}

/// Every named value the form would send (checked choices only), in order.
fn form_values(form: &HtmlFormElement) -> Vec<(String, String)> {
    controls(form).into_iter().filter_map(|c| c.value.map(|v| (c.name, v))).collect()
}

/// The fields whose values differ from what the server rendered: (field, value).
fn changed_fields(form: &HtmlFormElement) -> Vec<(String, String)> {
    controls(form).into_iter().filter(|c| c.changed).filter_map(|c| Some((c.field?, c.value.unwrap_or_default()))).collect()
}

/// The same, by control name (what the form sends).
fn changed_fields_by_name(form: &HtmlFormElement) -> Vec<(String, String)> {
    controls(form).into_iter().filter(|c| c.changed).filter_map(|c| Some((c.name, c.value?))).collect()
}

struct Control {
    name: String,
    /// The field it speaks for ([`page::FIELD`]), when it has one.
    field: Option<String>,
    /// What it sends: `None` for an unchosen radio button.
    value: Option<String>,
    changed: bool,
}

fn controls(form: &HtmlFormElement) -> Vec<Control> {
    let elements = form.elements();
    let mut out = Vec::new();
    for i in 0..elements.length() {
        let Some(element) = elements.item(i) else {
            continue;
        };
        let field = element.get_attribute(page::FIELD);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            let name = input.name();
            if name.is_empty() {
                continue;
            }
            match input.type_().as_str() {
                "submit" | "button" => {}
                "radio" | "checkbox" => out.push(Control {
                    name,
                    field,
                    value: input.checked().then(|| input.value()),
                    changed: input.checked() != input.default_checked(),
                }),
                "hidden" => out.push(Control { name, field, value: Some(input.value()), changed: false }),
                _ => out.push(Control { name, field, changed: input.value() != input.default_value(), value: Some(input.value()) }),
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            let name = select.name();
            if name.is_empty() {
                continue;
            }
            let options = select.options();
            let changed = (0..options.length())
                .filter_map(|i| options.item(i))
                .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
                .any(|o| o.selected() != o.default_selected());
            out.push(Control { name, field, value: Some(select.value()), changed });
        }
    }
    out
}

/// The field a form event's target speaks for.
fn field_of(event: &Event) -> Option<String> {
    event.target()?.dyn_into::<Element>().ok()?.get_attribute(page::FIELD)
}

fn set_text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Adds a listener for the page's lifetime.
fn listen(target: &web_sys::EventTarget, kind: &str, handler: impl FnMut(Event) + 'static) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}
