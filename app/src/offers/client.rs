//! The client's side of a purchase offer: the page behind the offer URL, where a client with
//! no account changes license counts, chooses about delegated administration, gives its
//! organisation's details and accepts. The rules live in [`validate_acceptance`], run in the
//! browser as the client types and again by [`accept_offer`].

#[cfg(feature = "ssr")]
use crate::customers::CustomerDetailsForm;
use crate::error::{AppError, Problem};
pub use domain::offers::client::*;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "offer/view")]
pub async fn view_offer(code: String, token: String, attempt: Option<String>) -> Result<ClientOfferView, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(
        async {
            let store = store()?;
            let (offer_id, offer) = store.public_offer(code.trim(), token.trim()).await?.ok_or(AppError::NotFound)?;
            let active = offer.status == OfferStatus::Active;
            if active {
                let day = crate::store::now() / 86_400;
                let (visitor, client) = ssr::visitor_key(offer_id, day);
                store.record_offer_view(offer_id, day, &visitor, &client).await?;
            }
            let kept = ssr::kept_render();
            if let Some(kept) = &kept {
                if let Ok(mut shown) = kept.shown.lock() {
                    *shown = Some(ssr::ShownOffer { offer_id, counts_views: active });
                }
            }
            let attempt = match attempt.as_deref().filter(|a| !a.is_empty()) {
                Some(id) => store.form_attempt(id, &offer.token).await?.and_then(|json| serde_json::from_str::<(AcceptForm, AppError)>(&json).ok()),
                None => None,
            };
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
/// as partner of record, and goes to the confirmation page. Without JavaScript, a refused
/// form comes back to the offer page with what was typed and the reasons.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "offer/accept")]
pub async fn accept_offer(
    code: String,
    token: String,
    embed: Option<String>,
    company_name: String,
    domain_prefix: String,
    address_line1: String,
    city: String,
    postal_code: String,
    phone: Option<String>,
    registration_number: Option<String>,
    contact_first_name: String,
    contact_last_name: String,
    contact_email: String,
    language: String,
    counts: BTreeMap<String, String>,
    delegated_admin: Option<String>,
    idempotency_key: String,
) -> Result<String, AppError> {
    use crate::auth::ssr::{client_ip, store};
    let form = AcceptForm {
        details: CustomerDetailsForm {
            company_name,
            domain_prefix,
            address_line1,
            city,
            postal_code,
            country: String::new(),
            phone: phone.unwrap_or_default(),
            registration_number: registration_number.unwrap_or_default(),
            contact_first_name,
            contact_last_name,
            contact_email,
            language,
        },
        counts,
        delegated_admin: delegated_admin.unwrap_or_default(),
        idempotency_key,
    };
    let embedded = embed.as_deref() == Some("1");
    let (code, token) = (code.trim(), token.trim());
    // The code and token go into the address of the page answered next.
    if !ssr::is_offer_key(code) || !ssr::is_offer_key(token) {
        return crate::auth::ssr::respond(Err(AppError::NotFound));
    }
    let store = store()?;
    let found = match store.public_offer(code, token).await {
        Ok(found) => found,
        Err(e) => return crate::auth::ssr::respond(Err(e.into())),
    };
    let Some((offer_id, offer)) = found else {
        return crate::auth::ssr::respond(Err(AppError::NotFound));
    };
    let result = async {
        let valid = validate_acceptance(&form, &offer)?;
        if store.domain_prefix_taken(&valid.details.domain_prefix).await? && !store.acceptance_exists(offer_id, &valid.idempotency_key).await? {
            return Err(AppError::invalid("domain_prefix", Problem::DomainTaken));
        }
        // Two clients taking the same domain prefix at the same moment: the database's unique
        // constraint decides, and the loser is told the prefix is taken (not a server error).
        // The terms as the client's page showed them, in the client's language, kept with the acceptance.
        let terms = domain::offers::client::accepted_terms(&offer, &valid.lines, &valid.details.language);
        let receipt = match store.accept_offer(offer_id, &valid, &terms, client_ip(), &crate::auth::ssr::email_origin()).await {
            Err(crate::store::StoreError::Unique(_)) => return Err(AppError::invalid("domain_prefix", Problem::DomainTaken)),
            other => other?,
        };
        Ok(receipt)
    }
    .await;
    // The offer accepted is the newest version (an earlier version's link shows it): its own
    // token names it in the addresses that follow.
    let base = if embedded { embed_path(code, &offer.token) } else { offer_path(code, &offer.token) };
    match result {
        Ok(receipt) => {
            crate::auth::ssr::redirect(&format!("{base}/accepted/{receipt}"));
            Ok(receipt)
        }
        Err(error) => {
            if ssr::plain_form_post() {
                // No JavaScript: keep what was typed (cut to the fields' limits) and why, and
                // show the page again; past the client's share of kept forms, without it.
                match ssr::keep_refused_form(&store, &offer.token, &(form.kept_for(&offer), &error)).await? {
                    Some(id) => crate::auth::ssr::redirect(&format!("{base}?attempt={id}#accept")),
                    None => crate::auth::ssr::redirect(&format!("{base}#accept")),
                }
                Err(error)
            } else {
                crate::auth::ssr::respond(Err(error))
            }
        }
    }
}

/// An offer as it was before a new version replaced it (read-only; its link shows the newest).
#[server(endpoint = "offer/earlier")]
pub async fn view_earlier_offer(code: String, token: String) -> Result<PublicOffer, AppError> {
    use crate::auth::ssr::{respond, store};
    let (code, token) = (code.trim(), token.trim());
    if !ssr::is_offer_key(code) || !ssr::is_offer_key(token) {
        return respond(Err(AppError::NotFound));
    }
    respond(async { store()?.earlier_offer(code, token).await?.ok_or(AppError::NotFound) }.await)
}

#[server(endpoint = "offer/receipt")]
pub async fn offer_receipt(code: String, token: String, receipt: String) -> Result<AcceptanceReceipt, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { store()?.acceptance_receipt(code.trim(), token.trim(), receipt.trim()).await?.ok_or(AppError::NotFound) }.await)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use leptos::prelude::use_context;

    /// Who is viewing, for counting views once per visitor per day without storing who they
    /// are: a hash of the offer, the day, the address and the browser; and the client it
    /// counts against ([`client_key_of`]).
    pub fn visitor_key(offer_id: i64, day: i64) -> (String, String) {
        let parts = use_context::<http::request::Parts>();
        let agent =
            parts.as_ref().and_then(|p| p.headers.get(http::header::USER_AGENT)).and_then(|h| h.to_str().ok()).unwrap_or_default().to_string();
        let ip = crate::auth::ssr::client_ip().unwrap_or_default();
        (visitor_key_of(offer_id, day, &ip, &agent), client_key_of(offer_id, day, &ip))
    }

    /// [`visitor_key`] from its parts (the offer-page cache counts views without rendering).
    pub fn visitor_key_of(offer_id: i64, day: i64, ip: &str, agent: &str) -> String {
        short_hash(&format!("{offer_id}|{day}|{ip}|{agent}"))
    }

    /// The client a view counts against: a hash of the offer, the day and the address as the
    /// limits group it ([`crate::clients::rate_subject`]). A client counts at most
    /// [`crate::store::client_offers::VIEWS_PER_CLIENT`] visitors a day however it varies
    /// what it sends, so the views kept per offer and day stay bounded.
    pub fn client_key_of(offer_id: i64, day: i64, ip: &str) -> String {
        short_hash(&format!("{offer_id}|{day}|{}", crate::clients::rate_subject_of(ip)))
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
