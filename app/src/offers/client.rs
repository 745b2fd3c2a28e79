//! The client's side of a purchase offer: the page behind the offer URL, where a client with
//! no account changes license counts, chooses about delegated administration, gives its
//! organisation's details and accepts. The rules live in [`validate_acceptance`], run in the
//! browser as the client types and again by [`accept_offer`].

use crate::error::{AppError, Problem};
pub use domain::offers::client::*;
use leptos::prelude::*;

/// The client's side of an offer, each operation with its rules, for the pages' server
/// functions and the offer-page cache alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::customers::service::{new_customer_clash, NewCustomerClash};
    use crate::store::{SharedStore, StoreError};

    /// The offer behind a link (its newest version) and its id, when the code and token could
    /// be an offer's ([`ssr::is_offer_key`]: nothing else is looked up).
    pub async fn offer_by_link(store: &SharedStore, code: &str, token: &str) -> Result<(i64, PublicOffer), AppError> {
        let (code, token) = link_keys(code, token)?;
        store.public_offer(code, token).await?.ok_or(AppError::NotFound)
    }

    /// The code and token of an offer's link, trimmed, when each could be an offer's; else
    /// not found (nothing is looked up).
    fn link_keys<'a>(code: &'a str, token: &'a str) -> Result<(&'a str, &'a str), AppError> {
        let (code, token) = (code.trim(), token.trim());
        if ssr::is_offer_key(code) && ssr::is_offer_key(token) {
            Ok((code, token))
        } else {
            Err(AppError::NotFound)
        }
    }

    /// An offer as it was before a new version replaced it (read-only; its link shows the newest).
    pub async fn earlier_version(store: &SharedStore, code: &str, token: &str) -> Result<PublicOffer, AppError> {
        let (code, token) = link_keys(code, token)?;
        store.earlier_offer(code, token).await?.ok_or(AppError::NotFound)
    }

    /// A form refused without JavaScript and kept under `scope` ([`ssr::keep_refused_form`]):
    /// what was typed and why, for the page that shows it again.
    pub async fn refused_form<F: serde::de::DeserializeOwned>(
        store: &SharedStore,
        attempt: Option<&str>,
        scope: &str,
    ) -> Result<Option<(F, AppError)>, AppError> {
        let Some(id) = attempt.filter(|a| !a.is_empty() && a.len() <= 64) else { return Ok(None) };
        Ok(store.form_attempt(id, scope).await?.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// A client accepts `offer` (found by its link as `offer_id`): the rules
    /// ([`validate_acceptance`]), then the customer with its subscriptions (the advisor as
    /// partner of record) and the acceptance with the terms as the client's page showed them,
    /// in one transaction. The same form sent again (the same idempotency key: a retry, a
    /// double click, perhaps at the same moment to two servers) answers the first receipt;
    /// another customer with the domain prefix is a refusal of that field.
    pub async fn accept(
        store: &SharedStore,
        offer_id: i64,
        offer: &PublicOffer,
        form: &AcceptForm,
        ip: Option<String>,
        origin: &str,
    ) -> Result<String, AppError> {
        let valid = validate_acceptance(form, offer)?;
        let (prefix, key) = (valid.details.domain_prefix.as_str(), valid.idempotency_key.as_str());
        let clash = move || new_customer_clash(store, prefix, move || async move { Ok(store.receipt_for_key(offer_id, key).await?) });
        let answer = |clash| match clash {
            NewCustomerClash::Retried(receipt) => Ok(receipt),
            NewCustomerClash::DomainTaken => Err(AppError::invalid("domain_prefix", Problem::DomainTaken)),
        };
        if let Some(found) = clash().await? {
            return answer(found);
        }
        // The terms as the client's page showed them, in the client's language, kept with the acceptance.
        let terms = accepted_terms(offer, &valid.lines, &valid.details.language);
        match store.accept_offer(offer_id, &valid, &terms, ip, origin).await {
            // Two clients taking the same domain prefix at the same moment, or this Accept
            // racing itself: the database's unique constraints decided; say which.
            Err(StoreError::Unique(constraint)) => match clash().await? {
                Some(found) => answer(found),
                None => Err(StoreError::Unique(constraint).into()),
            },
            other => Ok(other?),
        }
    }

    /// A view of an offer's page, counted once per visitor per day without keeping who the
    /// visitor is: hashes of the offer, the day, the address and the browser (the visitor),
    /// and of the offer, the day and the address as the limits group it (the client, which
    /// counts at most [`crate::store::client_offers::VIEWS_PER_CLIENT`] visitors a day however
    /// it varies what it sends, so the views kept per offer and day stay bounded).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct OfferView {
        pub offer_id: i64,
        pub day: i64,
        /// Whom the view counts for (the page's cache remembers who it counted).
        pub visitor: String,
        client: String,
    }

    impl OfferView {
        pub fn new(offer_id: i64, now: i64, ip: &str, user_agent: &str) -> Self {
            let day = now / 86_400;
            OfferView {
                offer_id,
                day,
                visitor: ssr::short_hash(&format!("{offer_id}|{day}|{ip}|{user_agent}")),
                client: ssr::short_hash(&format!("{offer_id}|{day}|{}", crate::clients::rate_subject_of(ip))),
            }
        }

        /// Counts the view, unless this visitor was counted today or its client has its share.
        pub async fn count(&self, store: &SharedStore) -> Result<bool, StoreError> {
            store.record_offer_view(self.offer_id, self.day, &self.visitor, &self.client).await
        }
    }
}

#[server(endpoint = "offer/view")]
pub async fn view_offer(code: String, token: String, attempt: Option<String>) -> Result<ClientOfferView, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(
        async {
            let store = store()?;
            let (offer_id, offer) = service::offer_by_link(&store, &code, &token).await?;
            let active = offer.status == OfferStatus::Active;
            if active {
                ssr::this_view(offer_id).count(&store).await?;
            }
            let kept = ssr::kept_render();
            if let Some(kept) = &kept {
                if let Ok(mut shown) = kept.shown.lock() {
                    *shown = Some(ssr::ShownOffer { offer_id, counts_views: active });
                }
            }
            let attempt = service::refused_form(&store, attempt.as_deref(), &offer.token).await?;
            let idempotency_key = match kept {
                Some(kept) => kept.idempotency_key,
                None => crate::tokens::new_secret_token(),
            };
            Ok(ClientOfferView { offer, idempotency_key, attempt })
        }
        .await,
    )
}

/// Whether a domain prefix can be used (valid and not taken), as the client types it.
#[server(endpoint = "offer/domain")]
pub async fn check_domain(prefix: String) -> Result<Option<Problem>, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(
        async {
            let prefix = match crate::customers::check_domain_prefix(&prefix) {
                Ok(p) => p,
                Err(problem) => return Ok(Some(problem)),
            };
            Ok(store()?.domain_prefix_taken(&prefix).await?.then_some(Problem::DomainTaken))
        }
        .await,
    )
}

/// Accept: records the acceptance, creates the customer and its subscriptions with the advisor
/// as partner of record ([`service::accept`]), and goes to the confirmation page. Without
/// JavaScript, a refused form comes back to the offer page with what was typed and the reasons.
#[server(endpoint = "offer/accept")]
pub async fn accept_offer(code: String, token: String, embed: Option<String>, #[server(flatten)] form: AcceptForm) -> Result<String, AppError> {
    use crate::auth::ssr::{client_ip, email_origin, redirect, respond, store};
    let embedded = embed.as_deref() == Some("1");
    let (code, token) = (code.trim(), token.trim());
    let store = store()?;
    // Only an offer's code and token get past this: they go into the address answered next.
    let (offer_id, offer) = match service::offer_by_link(&store, code, token).await {
        Ok(found) => found,
        Err(e) => return respond(Err(e)),
    };
    let result = service::accept(&store, offer_id, &offer, &form, client_ip(), &email_origin()).await;
    // The offer accepted is the newest version (an earlier version's link shows it): its own
    // token names it in the addresses that follow.
    let base = if embedded { embed_path(code, &offer.token) } else { offer_path(code, &offer.token) };
    match result {
        Ok(receipt) => {
            redirect(&format!("{base}/accepted/{receipt}"));
            Ok(receipt)
        }
        Err(error) if ssr::plain_form_post() => {
            // No JavaScript: keep what was typed (cut to the fields' limits) and why, and show
            // the page again; past the client's share of kept forms, without it.
            match ssr::keep_refused_form(&store, &offer.token, &(form.kept_for(&offer), &error)).await? {
                Some(id) => redirect(&format!("{base}?attempt={id}#accept")),
                None => redirect(&format!("{base}#accept")),
            }
            Err(error)
        }
        Err(error) => respond(Err(error)),
    }
}

/// An offer as it was before a new version replaced it (read-only; its link shows the newest).
#[server(endpoint = "offer/earlier")]
pub async fn view_earlier_offer(code: String, token: String) -> Result<PublicOffer, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { service::earlier_version(&store()?, &code, &token).await }.await)
}

#[server(endpoint = "offer/receipt")]
pub async fn offer_receipt(code: String, token: String, receipt: String) -> Result<AcceptanceReceipt, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { store()?.acceptance_receipt(code.trim(), token.trim(), receipt.trim()).await?.ok_or(AppError::NotFound) }.await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use leptos::prelude::use_context;

    /// This request's view of an offer's page (see [`super::service::OfferView`]).
    pub fn this_view(offer_id: i64) -> super::service::OfferView {
        let parts = use_context::<http::request::Parts>();
        let agent = parts.as_ref().and_then(|p| p.headers.get(http::header::USER_AGENT)).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let ip = crate::auth::ssr::client_ip().unwrap_or_default();
        super::service::OfferView::new(offer_id, crate::store::now(), &ip, agent)
    }

    /// Whether a code or token sent for an offer is one an offer could have (letters, digits,
    /// '-', at most 64): only those are looked up, and they go into the address answered next,
    /// so nothing else can reach a header.
    pub fn is_offer_key(text: &str) -> bool {
        !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }

    /// Keeps a form refused without JavaScript (what was typed and why, as `payload`) under
    /// `scope` for the page that shows it again, within the client's share of kept forms.
    /// Returns the id the page's address carries, or `None` past the share.
    pub async fn keep_refused_form(
        store: &crate::store::SharedStore,
        scope: &str,
        payload: &impl serde::Serialize,
    ) -> Result<Option<String>, crate::error::AppError> {
        let id = crate::tokens::new_secret_token();
        let json = serde_json::to_string(payload).unwrap_or_default();
        let client = crate::clients::rate_subject_of(&crate::auth::ssr::client_ip().unwrap_or_default());
        Ok(store.save_form_attempt(&id, scope, &json, &client).await?.then_some(id))
    }

    /// A short hash of `text` (16 bytes, hex): counts clients and visitors without keeping who they are.
    pub fn short_hash(text: &str) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(text.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    /// What the server's offer-page cache hands a page it is about to keep (a request
    /// extension): the idempotency key the page writes into its form, which the cache swaps for
    /// a fresh one for every later visitor, and a slot for the offer the page showed.
    #[derive(Clone, Debug, Default)]
    pub struct KeptRender {
        pub idempotency_key: String,
        pub shown: std::sync::Arc<std::sync::Mutex<Option<ShownOffer>>>,
    }

    /// The offer a kept page shows, and whether viewing it counts as a view (it is active).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ShownOffer {
        pub offer_id: i64,
        pub counts_views: bool,
    }

    /// The [`KeptRender`] of this request, if the page is rendered to be kept.
    pub fn kept_render() -> Option<KeptRender> {
        use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<KeptRender>().cloned())
    }

    /// Whether the current server function call is a plain HTML form post (no JavaScript).
    pub fn plain_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|p| wants_html(&p.headers))
    }

    /// Whether a request asks for a page (a browser's plain form post or navigation).
    pub fn wants_html(headers: &http::HeaderMap) -> bool {
        headers.get(http::header::ACCEPT).and_then(|h| h.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offer_page_module_posts_to_the_server_functions_urls() {
        use leptos::server_fn::ServerFn;
        assert_eq!(page::DOMAIN_CHECK_URL, <CheckDomain as ServerFn>::PATH);
        assert_eq!(page::LANGUAGE_URL, <crate::app::SetLanguage as ServerFn>::PATH);
    }
}
