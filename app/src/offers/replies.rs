//! Clients who do not accept: from the offer's page a client asks the advisor a question (or
//! for changes) or declines, with no account and no JavaScript. The rules are
//! [`domain::offers::replies`]; the page is [`super::client_pages::ReplyPage`].

use crate::error::AppError;
pub use domain::offers::replies::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the reply page shows: who made the offer, and after a refused submission what was
/// typed and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReplyPageData {
    pub advisor_company: String,
    pub summary_id: String,
    pub advisor_code: String,
    pub token: String,
    pub has_logo: bool,
    /// Replies are taken while the offer is active.
    pub status: crate::offers::client::OfferStatus,
    pub idempotency_key: String,
    pub attempt: Option<(ReplyForm, AppError)>,
    /// The offer is a trial invitation.
    #[serde(default)]
    pub trial: bool,
}

/// The scope a refused reply form is kept under (the offer's own accept form has its token).
#[cfg(feature = "ssr")]
fn attempt_scope(token: &str) -> String {
    format!("reply:{token}")
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::offers::client::PublicOffer;
    use crate::store::SharedStore;

    /// A client's question or decline about an open offer: the rules, at most
    /// [`REPLIES_PER_CLIENT_PER_DAY`] per client (address as the public limits group it) and
    /// offer, then kept, audited, sent as a webhook and told to the advisor. A retried
    /// submission (same key) is one reply.
    pub async fn reply(
        store: &SharedStore,
        offer_id: i64,
        offer: &PublicOffer,
        kind: ReplyKind,
        form: &ReplyForm,
        ip: Option<String>,
        origin: &str,
    ) -> Result<(), AppError> {
        offer.status.still_open()?;
        let mut reply = validate_reply(kind, form)?;
        if reply.idempotency_key.is_empty() {
            reply.idempotency_key = crate::tokens::new_secret_token();
        }
        let client = client_key(ip.as_deref().unwrap_or_default());
        let since = crate::store::now() - 86_400;
        if store.client_replies_since(offer_id, &client, since).await? >= REPLIES_PER_CLIENT_PER_DAY {
            return Err(AppError::Refused(crate::error::Refusal::TooManyReplies));
        }
        store.reply_to_offer(offer_id, &reply, &client, ip, origin).await?;
        Ok(())
    }

    /// The client a reply counts against, kept as a hash: the address as the public limits
    /// group it (an IPv6 /64 is one client).
    pub fn client_key(ip: &str) -> String {
        crate::offers::client::ssr::short_hash(&format!("offer-reply|{}", crate::clients::rate_subject_of(ip)))
    }
}

#[server(endpoint = "offer/reply-page")]
pub async fn reply_page(code: String, token: String, attempt: Option<String>) -> Result<ReplyPageData, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(
        async {
            let store = store()?;
            let (_, offer) = crate::offers::client::service::offer_by_link(&store, &code, &token).await?;
            let attempt = crate::offers::client::service::refused_form(&store, attempt.as_deref(), &attempt_scope(&offer.token)).await?;
            Ok(ReplyPageData {
                trial: offer.trial_days.is_some(),
                status: offer.status,
                advisor_company: offer.advisor_company,
                summary_id: offer.summary_id,
                advisor_code: offer.advisor_code,
                token: offer.token,
                has_logo: offer.has_logo,
                idempotency_key: crate::tokens::new_secret_token(),
                attempt,
            })
        }
        .await,
    )
}

/// Sends a question or a decline, then shows the reply page's thanks. A refused form comes back
/// to the reply page with what was typed and why.
#[server(endpoint = "offer/reply")]
pub async fn send_offer_reply(
    code: String,
    token: String,
    kind: String,
    embed: Option<String>,
    #[server(flatten)] form: ReplyForm,
) -> Result<(), AppError> {
    use crate::auth::ssr::{client_ip, redirect, respond, store};
    use crate::offers::client::ssr::keep_refused_form;
    use crate::offers::client::{embed_path, offer_path};
    let (code, token) = (code.trim(), token.trim());
    let Some(kind) = ReplyKind::from_code(&kind) else { return respond(Err(AppError::NotFound)) };
    let store = store()?;
    // Only an offer's code and token get past this: they go into the address answered next.
    let (offer_id, offer) = match crate::offers::client::service::offer_by_link(&store, code, token).await {
        Ok(found) => found,
        Err(e) => return respond(Err(e)),
    };
    let result = service::reply(&store, offer_id, &offer, kind, &form, client_ip(), &crate::auth::ssr::email_origin()).await;
    let base = if embed.as_deref() == Some("1") { embed_path(code, token) } else { offer_path(code, token) };
    let page = reply_path(&base, kind);
    match result {
        Ok(()) => {
            redirect(&format!("{page}&sent=1"));
            Ok(())
        }
        Err(error) if crate::offers::client::ssr::plain_form_post() => {
            // Keep what was typed (cut to the fields' limits) and why, and show the form again;
            // past the client's share of kept forms, without it.
            match keep_refused_form(&store, &attempt_scope(&offer.token), &(form.kept(), &error)).await? {
                Some(id) => redirect(&format!("{page}&attempt={id}")),
                None => redirect(&page),
            }
            Err(error)
        }
        Err(error) => respond(Err(error)),
    }
}
