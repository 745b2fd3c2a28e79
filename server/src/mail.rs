//! The mail worker: a task in every server that claims due messages from the queue in the
//! database (so several servers share it without sending a message twice), sends each through
//! SMTP, and records the outcome, retrying with exponential backoff until it gives up.
//!
//! Without `SMTP_URL` (development, `make run`) messages are written as `.eml` files to a folder
//! instead (`MAIL_DIR`), so every flow that sends email can be tried on one machine.

use app::developer::backoff_seconds;
use app::email::MAX_ATTEMPTS;
use app::store::emails::{QueuedEmail, SendOutcome};
use app::store::SharedStore;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// Where messages go.
#[derive(Clone)]
pub enum Outbox {
    /// An SMTP server (`smtp://`, `smtps://`; `?tls=required` for STARTTLS).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder (development only).
    Folder(PathBuf),
}

/// How the worker sends; tests shorten the delays.
#[derive(Clone)]
pub struct MailConfig {
    pub outbox: Outbox,
    pub from: Mailbox,
    /// How often the queue is polled when it was empty.
    pub poll: Duration,
    /// The first retry's delay in seconds (then doubled each time, capped at six hours).
    pub base_backoff_secs: i64,
    pub max_attempts: i64,
    /// How long one message may take to send.
    pub timeout: Duration,
    /// Messages claimed per round.
    pub batch: i64,
}

impl MailConfig {
    /// The settings as given on the command line or in the environment.
    pub fn from_settings(smtp_url: Option<&str>, from: &str, folder: PathBuf) -> Result<MailConfig, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("MAIL_FROM is not an address such as \"PartnerDesk <desk@example.com>\": {e}"))?;
        let timeout = Duration::from_secs(30);
        let outbox = match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Outbox::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP_URL is not an SMTP address such as smtps://user:password@mail.example.com: {e}"))?
                    .timeout(Some(timeout))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&folder).map_err(|e| format!("cannot create the mail folder {}: {e}", folder.display()))?;
                Outbox::Folder(folder)
            }
        };
        Ok(MailConfig { outbox, from, poll: Duration::from_secs(2), base_backoff_secs: 60, max_attempts: MAX_ATTEMPTS, timeout, batch: 10 })
    }

    fn claim_secs(&self) -> i64 {
        i64::try_from(self.timeout.as_secs()).unwrap_or(30).max(1) * 4
    }
}

/// Why a message could not be sent, and whether trying again may help.
struct SendError {
    message: String,
    permanent: bool,
}

fn compose(config: &MailConfig, email: &QueuedEmail) -> Result<Message, SendError> {
    let permanent = |message: String| SendError { message, permanent: true };
    let to: Mailbox = email.recipient.parse().map_err(|e| permanent(format!("recipient address: {e}")))?;
    let mut builder = Message::builder().from(config.from.clone()).to(to);
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(reply_to.parse().map_err(|e| permanent(format!("reply-to address: {e}")))?);
    }
    builder
        .subject(email.subject.clone())
        .multipart(MultiPart::alternative_plain_html(email.text_body.clone(), email.html_body.clone()))
        .map_err(|e| permanent(format!("message: {e}")))
}

async fn send(config: &MailConfig, email: &QueuedEmail) -> Result<(), SendError> {
    let message = compose(config, email)?;
    match &config.outbox {
        Outbox::Smtp(transport) => match tokio::time::timeout(config.timeout, transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(SendError { permanent: e.is_permanent(), message: e.to_string() }),
            Err(_) => Err(SendError { message: "timed out".to_string(), permanent: false }),
        },
        Outbox::Folder(folder) => {
            let transport = AsyncFileTransport::<Tokio1Executor>::new(folder);
            let failed = |message: String| SendError { message, permanent: false };
            let id = transport.send(message).await.map_err(|e| failed(e.to_string()))?;
            // Beside the .eml file, what the development mailbox page shows.
            let entry = app::email::MailboxMessage {
                id: id.clone(),
                kind: email.kind.clone(),
                to: email.recipient.clone(),
                reply_to: email.reply_to.clone(),
                subject: email.subject.clone(),
                text: email.text_body.clone(),
                written_at: app::store::now(),
            };
            let json = serde_json::to_vec(&entry).map_err(|e| failed(e.to_string()))?;
            tokio::fs::write(folder.join(format!("{id}.json")), json).await.map_err(|e| failed(format!("mailbox entry: {e}")))
        }
    }
}

/// Sends one claimed message and records what happened.
async fn deliver(store: &SharedStore, config: &MailConfig, email: QueuedEmail) {
    let outcome = match send(config, &email).await {
        Ok(()) => SendOutcome::Sent,
        Err(error) => {
            let attempts = email.attempts + 1;
            let retry_at =
                (!error.permanent && attempts < config.max_attempts).then(|| app::store::now() + backoff_seconds(attempts, config.base_backoff_secs));
            SendOutcome::Failed { error: error.message, retry_at }
        }
    };
    tracing::info!(email = email.id, kind = %email.kind, outcome = ?outcome, "email");
    if let Err(e) = store.record_email_attempt(email.id, app::store::now(), outcome).await {
        tracing::warn!(error = %e, email = email.id, "could not record an email attempt");
    }
}

/// Claims and sends what is due, once. Returns how many messages were claimed.
pub async fn send_due(store: &SharedStore, config: &MailConfig) -> usize {
    let now = app::store::now();
    let claimed = match store.claim_emails(now, now + config.claim_secs(), config.batch).await {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::warn!(error = %e, "could not claim emails");
            return 0;
        }
    };
    let count = claimed.len();
    for email in claimed {
        deliver(store, config, email).await;
    }
    count
}

/// Runs the worker until the process ends.
pub fn spawn(store: SharedStore, config: MailConfig) -> tokio::task::JoinHandle<()> {
    match &config.outbox {
        Outbox::Smtp(_) => tracing::info!(from = %config.from, "email is sent through SMTP"),
        Outbox::Folder(folder) => {
            tracing::warn!(folder = %folder.display(), "SMTP_URL is not set: email is written to this folder instead of being sent (development only)");
            println!("Email is not sent (no SMTP_URL): each message is written to {} as an .eml file.", folder.display());
        }
    }
    tokio::spawn(async move {
        loop {
            let claimed = send_due(&store, &config).await;
            if i64::try_from(claimed).unwrap_or(i64::MAX) < config.batch {
                tokio::time::sleep(config.poll).await;
            }
        }
    })
}
