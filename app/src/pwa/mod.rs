//! The installable app and offline work (#9).
//!
//! - The server serves a service worker per build (`worker`), which keeps this build's app
//!   shell and the pages that work offline; the page registers it and offers "Reload" when a
//!   new build is waiting.
//! - The Create purchase offer and New customer wizards keep a draft on the device (per user)
//!   as the user types, and restore it after a reload.
//! - A submission made without a connection waits in the outbox (per user, on the device)
//!   with its idempotency key, and is sent once when the connection returns; the server's
//!   answer (created, or refused with its validation messages) is shown in the outbox.
//!
//! Browser storage is only touched after hydration, so the server-rendered HTML and the
//! first render in the browser always agree.

mod views;
#[cfg(feature = "ssr")]
pub mod worker;

pub use views::{BannersIsland, OfflinePage, OutboxIsland};

use crate::customers::{NewCustomerOrder, SetupInfo};
use crate::error::{AppError, FieldError, Refusal};
use crate::i18n::{Key, Locale};
use crate::offers::OfferForm;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The page shown for a page that needs a connection, when there is none.
pub const OFFLINE_PATH: &str = "/offline";
/// The pages that work offline: the service worker keeps them as they are visited. (The
/// offline page is kept separately, for any page name: see sw.js.)
pub const OFFLINE_PAGES: &[&str] = &["/", "/offers/new", "/customers/new"];

/// The id of the running build (a hash of its WebAssembly, JavaScript and CSS), provided to
/// the server-rendered shell so its asset URLs name the build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildId(pub String);

/// A wizard that keeps drafts and can queue its submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wizard {
    Offer,
    Customer,
}

impl Wizard {
    fn name(self) -> &'static str {
        match self {
            Wizard::Offer => "offer",
            Wizard::Customer => "customer",
        }
    }
    pub fn path(self) -> &'static str {
        match self {
            Wizard::Offer => "/offers/new",
            Wizard::Customer => "/customers/new",
        }
    }
}

/// A wizard's draft: what was typed, the step reached, and the server's objections when the
/// draft came back from the outbox to be fixed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft<T> {
    pub form: T,
    pub step: u8,
    pub errors: Vec<FieldError>,
}

/// A submission waiting in the outbox. Its idempotency key identifies it, here and on the
/// server, so sending it twice creates one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Submission {
    Offer(OfferForm),
    Customer(NewCustomerOrder),
}

impl Submission {
    pub fn key(&self) -> &str {
        match self {
            Submission::Offer(form) => &form.idempotency_key,
            Submission::Customer(order) => &order.idempotency_key,
        }
    }
    pub fn wizard(&self) -> Wizard {
        match self {
            Submission::Offer(_) => Wizard::Offer,
            Submission::Customer(_) => Wizard::Customer,
        }
    }
    /// One line that says what it is.
    pub fn summary(&self, locale: Locale) -> String {
        match self {
            Submission::Offer(form) => {
                let country = crate::catalog::parse_country(&form.usage_location)
                    .map(|c| crate::catalog::country_name(&c, locale))
                    .unwrap_or_else(|_| form.usage_location.clone());
                locale.fill(Key::OutboxOfferSummary, &[("country", &country), ("count", &form.lines.len().to_string())])
            }
            Submission::Customer(order) => locale.fill(Key::OutboxCustomerSummary, &[("company", order.details.company_name.trim())]),
        }
    }
}

/// What the server made of a sent submission.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// The offer exists with this summary ID (created now, or by an earlier attempt).
    Offer { summary_id: String },
    /// The customer was created; the setup info is shown once, until dismissed.
    Customer(SetupInfo),
    /// An earlier attempt created the customer and its answer was lost.
    CustomerEarlier,
}

/// Where a queued submission stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OutboxState {
    /// Not sent yet (no connection so far).
    Waiting,
    /// The session ended: sent after the user signs in again.
    NeedsSignIn,
    /// A tab is sending it (since this time, in ms); another tab leaves it alone meanwhile.
    Sending {
        since: f64,
    },
    Sent(Outcome),
    /// The server refused it, with its reasons; nothing was stored.
    Refused(AppError),
}

/// A tab that started sending and then vanished (closed mid-request) gives the item back
/// after this long; the idempotency key keeps a second send harmless.
const SENDING_TIMEOUT_MS: f64 = 60_000.0;

impl OutboxState {
    /// Whether a tab may send the item now.
    pub fn claimable(&self, now: f64) -> bool {
        match self {
            OutboxState::Waiting | OutboxState::NeedsSignIn => true,
            OutboxState::Sending { since } => now - since > SENDING_TIMEOUT_MS,
            OutboxState::Sent(_) | OutboxState::Refused(_) => false,
        }
    }

    /// The state after the server answered (or did not): returns the new state and whether to
    /// go on with the next item (no, when the connection or the session is gone).
    pub fn after_answer(result: Result<Outcome, AppError>) -> (OutboxState, bool) {
        match result {
            Ok(outcome) => (OutboxState::Sent(outcome), true),
            // A retried customer whose first attempt went through.
            Err(AppError::Refused(Refusal::AlreadySubmitted)) => (OutboxState::Sent(Outcome::CustomerEarlier), true),
            // No answer (no connection) or a server failure: try again later.
            Err(AppError::Request(_)) | Err(AppError::Internal) => (OutboxState::Waiting, false),
            Err(AppError::NotSignedIn) => (OutboxState::NeedsSignIn, false),
            Err(refusal) => (OutboxState::Refused(refusal), true),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxItem {
    pub submission: Submission,
    /// When it was queued (ms since 1970).
    pub queued_at: f64,
    pub state: OutboxState,
}

/// The app's offline state in this tab: the connection, a waiting update, the signed-in
/// user's outbox.
#[derive(Clone, Copy)]
pub struct Pwa {
    pub online: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    /// The signed-in user's id, once known in the browser (drafts and the outbox are theirs).
    pub user: RwSignal<Option<i64>>,
    pub items: RwSignal<Vec<OutboxItem>>,
}

pub fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

fn draft_key(user: i64, wizard: Wizard) -> String {
    format!("partnerdesk.draft.{user}.{}", wizard.name())
}

fn outbox_key(user: i64) -> String {
    format!("partnerdesk.outbox.{user}")
}

/// The draft of `wizard` kept on this device for `user`.
pub fn load_draft<T: DeserializeOwned + Default>(user: i64, wizard: Wizard) -> Option<Draft<T>> {
    read_kept(&draft_key(user, wizard))
}

/// Reads JSON this app kept in the browser. Through `from_slice`, as server functions read
/// their answers (server_fn's JSON codec): a type read both ways (an answer kept for offline
/// use, an error kept in the outbox) is compiled into the WebAssembly once, not once per input.
fn read_kept<T: DeserializeOwned>(key: &str) -> Option<T> {
    browser::read(key).and_then(|text| serde_json::from_slice(text.as_bytes()).ok())
}

pub fn save_draft<T: Serialize>(user: i64, wizard: Wizard, draft: &Draft<T>) {
    if let Ok(text) = serde_json::to_string(draft) {
        browser::write(&draft_key(user, wizard), &text);
    }
}

pub fn clear_draft(user: i64, wizard: Wizard) {
    browser::remove(&draft_key(user, wizard));
}

/// A page that goes away while sending an item gives it back: the next page (or tab) sends it
/// again at once instead of after [`SENDING_TIMEOUT_MS`], and meanwhile shows it waiting. The
/// idempotency key makes a second send of an item that did reach the server harmless.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // only the browser sends
fn give_back(items: &mut [OutboxItem], key: &str) {
    for item in items.iter_mut().filter(|i| i.submission.key() == key) {
        if matches!(item.state, OutboxState::Sending { .. }) {
            item.state = OutboxState::Waiting;
        }
    }
}

fn load_outbox(user: i64) -> Vec<OutboxItem> {
    read_kept(&outbox_key(user)).unwrap_or_default()
}

fn save_outbox(user: i64, items: &[OutboxItem]) {
    if items.is_empty() {
        browser::remove(&outbox_key(user));
    } else if let Ok(text) = serde_json::to_string(items) {
        browser::write(&outbox_key(user), &text);
    }
}

impl Pwa {
    /// Sets up the tab: the connection state, the service worker, the user's outbox. Called
    /// once by the app shell.
    pub fn provide(user: Signal<Option<i64>>) -> Pwa {
        let pwa =
            Pwa { online: RwSignal::new(true), update_ready: RwSignal::new(false), user: RwSignal::new(None), items: RwSignal::new(Vec::new()) };
        provide_context(pwa);
        // Effects run in the browser only, after hydration.
        Effect::new(move |_| {
            browser::start(pwa);
        });
        Effect::new(move |_| {
            let id = user.get();
            if id != pwa.user.get_untracked() {
                pwa.user.set(id);
            }
            pwa.items.set(id.map(load_outbox).unwrap_or_default());
            pwa.replay();
        });
        pwa
    }

    /// The tab's offline state for an island of a page that hydrates only its islands (there
    /// is no app shell to provide it): the first island to ask sets it up for `user`, the
    /// others share it. Where the shell did provide it (every page on the server), that one.
    pub fn shared(user: Option<i64>) -> Pwa {
        if let Some(pwa) = use_context::<Pwa>() {
            return pwa;
        }
        #[cfg(feature = "hydrate")]
        {
            thread_local! {
                static SHARED: std::cell::Cell<Option<Pwa>> = const { std::cell::Cell::new(None) };
            }
            let pwa = SHARED.with(|shared| shared.get()).unwrap_or_else(|| {
                let pwa = Pwa::provide(Signal::stored(user));
                SHARED.with(|shared| shared.set(Some(pwa)));
                pwa
            });
            provide_context(pwa);
            pwa
        }
        #[cfg(not(feature = "hydrate"))]
        Pwa::provide(Signal::stored(user))
    }

    /// Re-reads the outbox (another tab may have changed it).
    pub fn reload(self) {
        if let Some(user) = self.user.get_untracked() {
            self.items.set(load_outbox(user));
        }
    }

    /// Puts a submission in the outbox and sends it at once when there is a connection.
    pub fn enqueue(self, submission: Submission) {
        let Some(user) = self.user.get_untracked() else {
            return;
        };
        let mut items = load_outbox(user);
        if !items.iter().any(|i| i.submission.key() == submission.key()) {
            items.push(OutboxItem { submission, queued_at: browser::now(), state: OutboxState::Waiting });
        }
        save_outbox(user, &items);
        self.items.set(items);
        self.replay();
    }

    /// Removes an item (Discard, Dismiss, Done).
    pub fn remove(self, key: &str) {
        let Some(user) = self.user.get_untracked() else {
            return;
        };
        let mut items = load_outbox(user);
        items.retain(|i| i.submission.key() != key);
        save_outbox(user, &items);
        self.items.set(items);
    }

    /// Moves a refused submission back into its wizard as the draft, with the server's
    /// messages, and opens the wizard.
    pub fn edit(self, key: &str) {
        let Some(user) = self.user.get_untracked() else {
            return;
        };
        let items = load_outbox(user);
        let Some(item) = items.iter().find(|i| i.submission.key() == key) else {
            return;
        };
        let errors = match &item.state {
            OutboxState::Refused(e) => e.field_errors().to_vec(),
            _ => Vec::new(),
        };
        let wizard = item.submission.wizard();
        match item.submission.clone() {
            Submission::Offer(form) => save_draft(user, wizard, &Draft { form, step: 0, errors }),
            Submission::Customer(form) => save_draft(user, wizard, &Draft { form, step: 0, errors }),
        }
        self.remove(key);
        browser::open(wizard.path());
    }

    /// Sends every claimable item of the user's outbox, one at a time, while the connection
    /// lasts. One tab sends at a time (items being sent are marked in storage).
    pub fn replay(self) {
        #[cfg(feature = "hydrate")]
        {
            let Some(user) = self.user.get_untracked() else {
                return;
            };
            // The signal starts as "online" (to match the server's HTML) until the page has
            // read the browser's state: ask the browser itself before claiming anything.
            let online = web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(false);
            if !online || !self.online.get_untracked() || browser::REPLAYING.with(|r| r.replace(true)) {
                return;
            }
            leptos::task::spawn_local(async move {
                let mut retry = false;
                loop {
                    let now = browser::now();
                    let mut items = load_outbox(user);
                    let Some(index) = items.iter().position(|i| i.state.claimable(now)) else {
                        break;
                    };
                    items[index].state = OutboxState::Sending { since: now };
                    let submission = items[index].submission.clone();
                    browser::SENDING.with(|s| s.replace(Some((user, submission.key().to_string()))));
                    save_outbox(user, &items);
                    self.items.set(items);
                    let (state, go_on) = OutboxState::after_answer(send(submission.clone()).await);
                    browser::SENDING.with(|s| s.replace(None));
                    retry = state == OutboxState::Waiting;
                    let mut items = load_outbox(user);
                    if let Some(item) = items.iter_mut().find(|i| i.submission.key() == submission.key()) {
                        item.state = state;
                    }
                    save_outbox(user, &items);
                    self.items.set(items);
                    if !go_on {
                        break;
                    }
                }
                browser::REPLAYING.with(|r| r.set(false));
                if retry && self.online.get_untracked() {
                    // The browser says online but the server did not answer: try again soon.
                    set_timeout(move || self.replay(), std::time::Duration::from_secs(15));
                }
            });
        }
    }
}

#[cfg(feature = "hydrate")]
async fn send(submission: Submission) -> Result<Outcome, AppError> {
    match submission {
        Submission::Offer(form) => crate::offers::create_offer(form).await.map(|summary_id| Outcome::Offer { summary_id }),
        Submission::Customer(order) => crate::customers::create_customer(order).await.map(Outcome::Customer),
    }
}

/// Whether a failed call means "no connection" (rather than a refusal by the server).
pub fn is_unreachable(error: &AppError) -> bool {
    matches!(error, AppError::Request(_))
}

/// Calls `fetch` and, when `keep`, keeps its answer on the device for the signed-in `user`
/// (under `name`); without a connection, answers with the kept one. For the data a wizard
/// starts from.
pub async fn remembered<T, F>(user: Option<i64>, name: &str, keep: bool, fetch: F) -> Result<T, AppError>
where
    T: Serialize + DeserializeOwned,
    F: std::future::Future<Output = Result<T, AppError>>,
{
    let result = fetch.await;
    let Some(user) = user.filter(|_| keep) else {
        return result;
    };
    match &result {
        Ok(value) => remember(user, name, value),
        Err(e) if is_unreachable(e) => {
            if let Some(kept) = read_kept(&cache_key(user, name)) {
                return Ok(kept);
            }
        }
        Err(_) => {}
    }
    result
}

fn cache_key(user: i64, name: &str) -> String {
    format!("partnerdesk.cache.{user}.{name}")
}

/// Keeps a value a page loaded (for `remembered` to answer with offline later).
pub fn remember<T: Serialize>(user: i64, name: &str, value: &T) {
    if let Ok(text) = serde_json::to_string(value) {
        browser::write(&cache_key(user, name), &text);
    }
}

/// Opens `path` as a new page load (an island has no router to navigate with; offline, the
/// service worker answers).
pub fn open_page(path: &str) {
    browser::open(path);
}

/// Loads this page again (a page served whole, after a change the server renders).
pub fn reload_page() {
    browser::reload();
}

/// Browser-only plumbing: storage, connection events, the service worker. Every function is
/// a no-op on the server.
mod browser {
    #[cfg(feature = "hydrate")]
    pub use imp::*;
    #[cfg(not(feature = "hydrate"))]
    pub use stub::*;

    #[cfg(not(feature = "hydrate"))]
    mod stub {
        pub fn read(_key: &str) -> Option<String> {
            None
        }
        pub fn write(_key: &str, _value: &str) {}
        pub fn remove(_key: &str) {}
        pub fn now() -> f64 {
            0.0
        }
        pub fn open(_path: &str) {}
        pub fn reload() {}
        pub fn start(_pwa: super::super::Pwa) {}
    }

    #[cfg(feature = "hydrate")]
    mod imp {
        use super::super::Pwa;
        use leptos::prelude::*;
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::{JsCast, JsValue};
        use std::cell::{Cell, RefCell};

        thread_local! {
            /// Whether this tab is sending its outbox now.
            pub static REPLAYING: Cell<bool> = const { Cell::new(false) };
            /// The item this tab is sending (user, idempotency key), given back if the page goes.
            pub static SENDING: RefCell<Option<(i64, String)>> = const { RefCell::new(None) };
            static REGISTRATION: RefCell<Option<web_sys::ServiceWorkerRegistration>> = const { RefCell::new(None) };
            static STARTED: Cell<bool> = const { Cell::new(false) };
        }

        fn storage() -> Option<web_sys::Storage> {
            web_sys::window()?.local_storage().ok().flatten()
        }
        pub fn read(key: &str) -> Option<String> {
            storage()?.get_item(key).ok().flatten()
        }
        pub fn write(key: &str, value: &str) {
            if let Some(s) = storage() {
                // A full storage loses the draft, not the page.
                let _ = s.set_item(key, value);
            }
        }
        pub fn remove(key: &str) {
            if let Some(s) = storage() {
                let _ = s.remove_item(key);
            }
        }
        pub fn now() -> f64 {
            js_sys::Date::now()
        }
        /// A full page load of a path (the service worker answers offline).
        pub fn open(path: &str) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(path);
            }
        }
        pub fn reload() {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }

        fn listen(target: &web_sys::EventTarget, event: &str, handler: impl FnMut(JsValue) + 'static) {
            let closure = Closure::<dyn FnMut(JsValue)>::new(handler);
            let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
            closure.forget(); // listens for the life of the page
        }

        /// Connection events, other tabs' outbox changes, and the service worker.
        pub fn start(pwa: Pwa) {
            if STARTED.with(|s| s.replace(true)) {
                return;
            }
            let Some(window) = web_sys::window() else {
                return;
            };
            pwa.online.set(window.navigator().on_line());
            listen(&window, "online", move |_| {
                pwa.online.set(true);
                pwa.replay();
                REGISTRATION.with(|r| {
                    if let Some(reg) = r.borrow().as_ref() {
                        let _ = reg.update();
                    }
                });
            });
            listen(&window, "offline", move |_| pwa.online.set(false));
            listen(&window, "storage", move |_| pwa.reload());
            listen(&window, "pagehide", move |_| {
                if let Some((user, key)) = SENDING.with(|s| s.borrow_mut().take()) {
                    let mut items = super::super::load_outbox(user);
                    super::super::give_back(&mut items, &key);
                    super::super::save_outbox(user, &items);
                }
            });
            // The worker keeps the staff's pages for offline work. (A client's offer page never
            // runs this code: it loads the offer-form module, see offers::client::page.)
            register_worker(pwa);
        }

        fn register_worker(pwa: Pwa) {
            let Some(window) = web_sys::window() else {
                return;
            };
            let navigator = window.navigator();
            // Service workers exist only in secure contexts (https, or localhost).
            if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
                return;
            }
            let container = navigator.service_worker();
            let on_registered = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
                let registration: web_sys::ServiceWorkerRegistration = value.unchecked_into();
                watch(&registration, pwa);
                REGISTRATION.with(|r| *r.borrow_mut() = Some(registration));
            });
            let _ = container.register("/sw.js").then(&on_registered);
            on_registered.forget();
        }

        /// Shows the update banner when a new build has installed and waits.
        fn watch(registration: &web_sys::ServiceWorkerRegistration, pwa: Pwa) {
            let controlled = || web_sys::window().map(|w| w.navigator().service_worker().controller().is_some()).unwrap_or(false);
            if registration.waiting().is_some() && controlled() {
                pwa.update_ready.set(true);
            }
            let reg = registration.clone();
            listen(registration, "updatefound", move |_| {
                if let Some(worker) = reg.installing() {
                    let w = worker.clone();
                    listen(&worker, "statechange", move |_| {
                        if w.state() == web_sys::ServiceWorkerState::Installed && controlled() {
                            pwa.update_ready.set(true);
                        }
                    });
                }
            });
        }

        /// Reload: the waiting worker takes over, then the page reloads on the new build.
        pub fn apply_update() {
            let Some(window) = web_sys::window() else {
                return;
            };
            let container = window.navigator().service_worker();
            listen(&container, "controllerchange", move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            });
            let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
            match waiting {
                Some(worker) => {
                    let _ = worker.post_message(&JsValue::from_str("skip-waiting"));
                }
                None => {
                    let _ = window.location().reload();
                }
            }
        }
    }
}

/// Reload on the new build (the update banner's button).
pub fn apply_update() {
    #[cfg(feature = "hydrate")]
    browser::apply_update();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn answers_decide_what_happens_to_a_queued_item() {
        let sent = OutboxState::after_answer(Ok(Outcome::Offer { summary_id: "PO-1".into() }));
        assert_eq!(sent, (OutboxState::Sent(Outcome::Offer { summary_id: "PO-1".into() }), true));
        assert_eq!(OutboxState::after_answer(Err(AppError::Request("offline".into()))), (OutboxState::Waiting, false));
        assert_eq!(OutboxState::after_answer(Err(AppError::NotSignedIn)), (OutboxState::NeedsSignIn, false));
        assert_eq!(
            OutboxState::after_answer(Err(AppError::Refused(Refusal::AlreadySubmitted))),
            (OutboxState::Sent(Outcome::CustomerEarlier), true),
            "a retried customer that went through the first time counts as sent"
        );
        let invalid = AppError::invalid("domain_prefix", Problem::DomainTaken);
        assert_eq!(OutboxState::after_answer(Err(invalid.clone())), (OutboxState::Refused(invalid), true));
    }

    #[test]
    fn an_item_is_sent_by_one_tab_at_a_time() {
        assert!(OutboxState::Waiting.claimable(0.0));
        assert!(!OutboxState::Sending { since: 1_000.0 }.claimable(2_000.0), "another tab is sending it");
        assert!(OutboxState::Sending { since: 1_000.0 }.claimable(1_000.0 + SENDING_TIMEOUT_MS + 1.0), "that tab vanished");
        assert!(!OutboxState::Sent(Outcome::CustomerEarlier).claimable(0.0));
    }

    #[test]
    fn a_page_that_goes_mid_send_gives_only_its_item_back() {
        let item = |key: &str, state: OutboxState| OutboxItem {
            submission: Submission::Offer(crate::offers::OfferForm { idempotency_key: key.into(), ..Default::default() }),
            queued_at: 0.0,
            state,
        };
        let mut items = vec![
            item("a", OutboxState::Sending { since: 5.0 }),
            item("b", OutboxState::Sending { since: 5.0 }),
            item("c", OutboxState::Sent(Outcome::Offer { summary_id: "PO-1".into() })),
        ];
        give_back(&mut items, "a");
        assert_eq!(items[0].state, OutboxState::Waiting);
        assert!(items[0].state.claimable(6.0), "the next page sends it at once");
        assert_eq!(items[1].state, OutboxState::Sending { since: 5.0 }, "another tab's item stays claimed");
        give_back(&mut items, "c");
        assert!(matches!(items[2].state, OutboxState::Sent(_)), "a sent item stays sent");
    }

    #[test]
    fn drafts_and_items_survive_a_round_trip_through_storage_text() {
        let item = OutboxItem {
            submission: Submission::Offer(OfferForm { usage_location: "UK".into(), idempotency_key: "k1".into(), ..Default::default() }),
            queued_at: 1.0,
            state: OutboxState::Refused(AppError::invalid("office_id", Problem::Office)),
        };
        let text = serde_json::to_string(&vec![item.clone()]).unwrap();
        assert_eq!(serde_json::from_str::<Vec<OutboxItem>>(&text).unwrap(), vec![item.clone()]);
        assert_eq!(item.submission.summary(Locale::En), "Purchase offer: United Kingdom, 0 subscription(s)");
        let draft: Draft<OfferForm> = serde_json::from_str(r#"{"form":{"office_id":"7","usage_location":"NL","lines":[],"delegated_admin":false,"gdap_name":"","gdap_roles":[],"gdap_duration_days":"730","idempotency_key":"k"}}"#).unwrap();
        assert_eq!(draft.step, 0, "older drafts without a step start at the first one");
    }
}
