//! The development mailbox. Without `SMTP_URL` the mail worker writes each message to the mail
//! folder instead of sending it (`MAIL_DIR`, an `.eml` file and what this page shows beside
//! it); the operator's mailbox lists them, newest first, and opens one with its links, so
//! every flow that sends email can be tried end to end on one machine.

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
pub use domain::email::MailboxMessage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Where the mailbox is.
pub const MAILBOX_PATH: &str = "/operator/mailbox";

/// Reading the mail folder: the adapters below give it the folder of the server's settings.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use std::path::Path;

    /// The newest messages ([`MailboxMessage::LISTED`]), without their texts.
    pub async fn messages(caller: &dyn Caller, folder: &Path) -> Result<Vec<MailboxMessage>, AppError> {
        caller.require(Permission::ReadEmailLog)?;
        let mut entries = match tokio::fs::read_dir(folder).await {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(unreadable(folder, e)),
        };
        let mut files = Vec::new();
        while let Some(entry) = entries.next_entry().await.map_err(|e| unreadable(folder, e))? {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let modified = entry.metadata().await.and_then(|m| m.modified()).ok();
                files.push((modified, path));
            }
        }
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        let mut listed = Vec::new();
        for (_, path) in files.into_iter().take(MailboxMessage::LISTED) {
            // A file that is not a mailbox entry (written by something else) is left out.
            let Ok(bytes) = tokio::fs::read(&path).await else { continue };
            if let Ok(mut message) = serde_json::from_slice::<MailboxMessage>(&bytes) {
                message.text.clear();
                listed.push(message);
            }
        }
        Ok(listed)
    }

    /// One message. `id` names no path: anything but a message's id is not found.
    pub async fn message(caller: &dyn Caller, folder: &Path, id: &str) -> Result<MailboxMessage, AppError> {
        caller.require(Permission::ReadEmailLog)?;
        if !MailboxMessage::is_id(id) {
            return Err(AppError::NotFound);
        }
        let bytes = tokio::fs::read(folder.join(format!("{id}.json"))).await.map_err(|_| AppError::NotFound)?;
        serde_json::from_slice(&bytes).map_err(|_| AppError::NotFound)
    }

    fn unreadable(folder: &Path, error: std::io::Error) -> AppError {
        tracing::error!(folder = %folder.display(), %error, "cannot read the mail folder");
        AppError::Internal
    }

    /// The folder of the server's development mailbox; `None` when it sends through SMTP.
    pub fn folder() -> Option<std::path::PathBuf> {
        use_context::<crate::state::AppState>().and_then(|s| s.mailbox)
    }
}

/// The mailbox's newest messages; `None` when this server sends email through SMTP.
#[server(endpoint = "operator/mailbox")]
pub async fn get_mailbox_messages() -> Result<Option<Vec<MailboxMessage>>, AppError> {
    use crate::auth::ssr::{caller, respond, Caller};
    respond(
        async {
            let caller = caller().await?;
            match service::folder() {
                Some(folder) => Ok(Some(service::messages(&caller, &folder).await?)),
                None => {
                    caller.require(Permission::ReadEmailLog)?;
                    Ok(None)
                }
            }
        }
        .await,
    )
}

/// One message of the mailbox.
#[server(endpoint = "operator/mailbox/message")]
pub async fn get_mailbox_message(id: String) -> Result<MailboxMessage, AppError> {
    use crate::auth::ssr::{caller, respond};
    respond(
        async {
            let caller = caller().await?;
            let folder = service::folder().ok_or(AppError::NotFound)?;
            service::message(&caller, &folder, id.trim()).await
        }
        .await,
    )
}

/// Operator > Email log > Development mailbox: the messages written instead of sent.
#[component]
pub fn MailboxPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| get_mailbox_messages());
    view! {
        <Page title=Key::NavMailbox permission=Permission::ReadEmailLog>
            <p class="intro">{tr(Key::MailboxIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(None) => view! { <p class="notice">{tr(Key::MailboxOff)}</p> }.into_any(),
                        Ok(Some(list)) if list.is_empty() => view! { <p class="empty">{tr(Key::NoEmailYet)}</p> }.into_any(),
                        Ok(Some(list)) => view! {
                            <ul class="card-list mailbox">
                                {list.into_iter().map(|message| view! { <MailboxCard message /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

#[component]
fn MailboxCard(message: MailboxMessage) -> impl IntoView {
    let heading = format!("mail-{}", message.id);
    let labelled_by = heading.clone();
    let href = format!("{MAILBOX_PATH}/{}", message.id);
    let kind = domain::email::EmailKind::from_code(&message.kind);
    let written_at = message.written_at;
    view! {
        <li class="card" aria-labelledby=labelled_by>
            <h2 id=heading><A href=href>{message.subject.clone()}</A></h2>
            <MessageFacts to=message.to.clone() reply_to=message.reply_to.clone() kind written_at />
        </li>
    }
}

/// To, replies to, type and when it was written.
#[component]
fn MessageFacts(to: String, reply_to: Option<String>, kind: Option<domain::email::EmailKind>, written_at: i64) -> impl IntoView {
    let locale = use_locale();
    view! {
        <dl class="facts">
            <dt>{tr(Key::EmailTo)}</dt>
            <dd>{to}</dd>
            {reply_to.map(|address| view! {
                <dt>{tr(Key::EmailReplyTo)}</dt>
                <dd>{address}</dd>
            })}
            <dt>{tr(Key::EmailType)}</dt>
            <dd>{move || kind.map(|k| locale.get().t(k.key()).to_string()).unwrap_or_default()}</dd>
            <dt>{tr(Key::MailboxWritten)}</dt>
            <dd>{move || crate::format::date_time(written_at, locale.get())}</dd>
        </dl>
    }
}

/// One message of the development mailbox: its facts, its text and its links.
#[component]
pub fn MailboxMessagePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let message = Resource::new(id, get_mailbox_message);
    view! {
        <Page title=Key::NavMailbox permission=Permission::ReadEmailLog>
            <p><A href=MAILBOX_PATH>{tr(Key::BackToMailbox)}</A></p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let message = match message.await {
                        Ok(m) => m,
                        Err(e) => return view! { <ErrorBox error=e /> }.into_any(),
                    };
                    let links = message.links();
                    let kind = domain::email::EmailKind::from_code(&message.kind);
                    view! {
                        <article class="mail-message" aria-labelledby="mail-subject">
                            <h2 id="mail-subject">{message.subject.clone()}</h2>
                            <MessageFacts to=message.to.clone() reply_to=message.reply_to.clone() kind written_at=message.written_at />
                            <pre class="mail-text">{message.text.clone()}</pre>
                            {(!links.is_empty()).then(|| view! {
                                <h3>{tr(Key::MailboxLinks)}</h3>
                                <ul class="mail-links">
                                    {links.into_iter().map(|link| view! { <li><a href=link.clone() rel="noopener noreferrer">{link.clone()}</a></li> }).collect_view()}
                                </ul>
                            })}
                        </article>
                    }
                    .into_any()
                })}
            </Transition>
        </Page>
    }
}
