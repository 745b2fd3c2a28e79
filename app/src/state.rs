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
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
