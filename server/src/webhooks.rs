//! The webhook worker: a task in every server that claims due deliveries from the queue in the
//! database (so several servers share the work without sending an attempt twice), signs and
//! POSTs each one, and records the answer with exponential backoff until it gives up.

use app::developer::{backoff_seconds, signature_header, MAX_ATTEMPTS};
use app::store::api::{AttemptOutcome, ClaimedDelivery};
use app::store::SharedStore;
use std::time::{Duration, Instant};

/// How the worker behaves; tests shorten the delays.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// How often the queue is polled when it was empty.
    pub poll: Duration,
    /// The first retry's delay in seconds (then doubled each time, capped at six hours).
    pub base_backoff_secs: i64,
    pub max_attempts: i64,
    /// How long one delivery may take.
    pub timeout: Duration,
    /// How long a claim holds before another server may take the delivery over.
    pub claim_secs: i64,
    /// Deliveries claimed per round.
    pub batch: i64,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            poll: Duration::from_secs(2),
            base_backoff_secs: 30,
            max_attempts: MAX_ATTEMPTS,
            timeout: Duration::from_secs(10),
            claim_secs: 60,
            batch: 20,
        }
    }
}

/// The HTTP client deliveries use: no redirects (a 3xx is a failed delivery), a timeout.
pub fn client(config: &WorkerConfig) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(config.timeout)
        .user_agent(concat!("PartnerDesk-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the webhook HTTP client: {e}"))
}

/// Sends one delivery; returns the response code or what went wrong.
async fn send(client: &reqwest::Client, delivery: &ClaimedDelivery) -> (Option<u16>, Option<String>) {
    let timestamp = app::store::now();
    let result = client
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("partnerdesk-event-id", &delivery.event_id)
        .header("partnerdesk-event-type", &delivery.event_type)
        .header("partnerdesk-delivery-attempt", (delivery.attempts + 1).to_string())
        .header("partnerdesk-signature", signature_header(&delivery.secret, timestamp, &delivery.payload))
        .body(delivery.payload.clone())
        .send()
        .await;
    match result {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(e) => {
            let reason = if e.is_timeout() {
                "timed out".to_string()
            } else if e.is_connect() {
                "could not connect".to_string()
            } else {
                "request failed".to_string()
            };
            (None, Some(reason))
        }
    }
}

/// One round: claims due deliveries, sends them, records the outcomes. Returns how many were
/// attempted.
pub async fn run_once(store: &SharedStore, client: &reqwest::Client, config: &WorkerConfig) -> usize {
    let now = app::store::now();
    let claimed = match store.claim_deliveries(now, now + config.claim_secs, config.batch).await {
        Ok(claimed) => claimed,
        Err(e) => {
            tracing::warn!(error = %e, "could not claim webhook deliveries");
            return 0;
        }
    };
    let count = claimed.len();
    for delivery in claimed {
        let started = Instant::now();
        let (status, error) = send(client, &delivery).await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        let attempts = delivery.attempts + 1;
        let outcome = match status {
            Some(code) if (200..300).contains(&code) => AttemptOutcome::Delivered,
            _ if attempts >= config.max_attempts => AttemptOutcome::GiveUp,
            _ => AttemptOutcome::RetryAt(app::store::now() + backoff_seconds(attempts, config.base_backoff_secs)),
        };
        tracing::info!(event_id = %delivery.event_id, status = ?status, error = ?error, attempts, outcome = ?outcome, "webhook delivery");
        if let Err(e) = store.record_delivery_attempt(delivery.id, status, error.as_deref(), duration_ms, outcome).await {
            tracing::warn!(error = %e, delivery = delivery.id, "could not record a webhook delivery");
        }
    }
    count
}

/// Runs the worker until the process ends; also clears old rate windows and idempotency keys.
pub fn spawn(store: SharedStore, config: WorkerConfig) -> Result<tokio::task::JoinHandle<()>, String> {
    let client = client(&config)?;
    Ok(tokio::spawn(async move {
        let mut last_housekeeping = Instant::now();
        loop {
            let attempted = run_once(&store, &client, &config).await;
            if last_housekeeping.elapsed() > Duration::from_secs(60) {
                if let Err(e) = store.api_housekeeping(app::store::now()).await {
                    tracing::warn!(error = %e, "API housekeeping failed");
                }
                last_housekeeping = Instant::now();
            }
            if attempted == 0 {
                tokio::time::sleep(config.poll).await;
            }
        }
    }))
}
