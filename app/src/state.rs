//! The server's shared state, given to every route and server function.
#![cfg(feature = "ssr")]

use crate::store::SharedStore;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    /// The address people reach the site at (`PUBLIC_URL`), without a trailing slash; when
    /// unset, links are built from the request's `Host`.
    pub public_url: Option<String>,
    /// Where webhooks may be sent: public addresses only, unless the server was started with
    /// `--webhooks-allow-private` (checked when an endpoint is saved; the worker checks again
    /// at every delivery).
    pub webhooks: crate::developer::WebhookPolicy,
    /// The development mailbox: the folder messages are written to instead of being sent
    /// (no `SMTP_URL`); `None` when PartnerDesk sends through SMTP.
    pub mailbox: Option<std::path::PathBuf>,
    /// The key two-step secrets are sealed with at rest.
    pub secret_key: crate::auth::mfa::service::SecretKey,
    /// The time the subscription rules run at.
    pub clock: Clock,
}

impl AppState {
    /// The origin links in email point at: `PUBLIC_URL`, else the address the server listens
    /// on — never a request's `Host`, which the caller chooses (a forged `Host` would put a
    /// victim's single-use link on the attacker's site).
    pub fn email_origin(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.leptos_options.site_addr))
    }
}

/// The time PartnerDesk's date rules run at (change windows, renewals): the system's, or an
/// instant a test sets, so that a rule's edges are tested to the second without waiting.
/// Clones share one setting.
#[derive(Clone, Debug, Default)]
pub struct Clock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Clock {
    /// The system's time (the default).
    pub fn system() -> Clock {
        Clock::default()
    }

    /// From now on, `at` (seconds since 1970), until set again; 0 goes back to the system's.
    pub fn set(&self, at: i64) {
        self.0.store(at, std::sync::atomic::Ordering::SeqCst);
    }

    /// The time now, in seconds since 1970 (UTC).
    pub fn now(&self) -> i64 {
        match self.0.load(std::sync::atomic::Ordering::SeqCst) {
            0 => crate::store::now(),
            at => at,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
