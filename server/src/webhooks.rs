//! The webhook worker: a task in every server that claims due deliveries from the queue in the
//! database (so several servers share the work without sending an attempt twice), signs and
//! POSTs each one, and records the answer with exponential backoff until it gives up.
//!
//! Deliveries are sent concurrently, and the claim takes a few of each endpoint and organisation
//! in turn (`ClaimLimits`): a receiver that never answers holds at most `per_endpoint`
//! deliveries at a time, for at most `timeout` each, while every other organisation's go out.
//! A claim lasts several timeouts and is renewed while its delivery is being sent, so another
//! server never takes over a delivery in flight.
//!
//! Only allowed addresses are connected to ([`WebhookPolicy`]): an address written in the URL
//! is checked before sending, and host names are resolved by [`CheckedResolver`], which checks
//! every address and hands the HTTP client only those, so the address connected to is the one
//! checked (a second DNS answer cannot switch it). Redirects are not followed and no proxy is
//! used. A refused delivery is logged as "address not allowed" without any connection attempt,
//! so the log cannot be used to scan ports.

use app::developer::{backoff_seconds, signature_header, AddressRefusal, DeliveryError, WebhookHost, WebhookPolicy, MAX_ATTEMPTS};
use app::store::api::{AttemptOutcome, ClaimLimits, ClaimedDelivery};
use app::store::SharedStore;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

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
    /// How long a claim holds before another server may take the delivery over (at least three
    /// timeouts; renewed every third of it while the delivery is being sent).
    pub claim_secs: i64,
    /// Deliveries claimed per round at most.
    pub batch: i64,
    /// Deliveries this server sends at the same time at most.
    pub concurrency: usize,
    /// Deliveries in flight per endpoint at most (over all servers).
    pub per_endpoint: i64,
    /// Deliveries in flight per organisation at most (over all servers).
    pub per_organisation: i64,
    /// Which addresses deliveries may connect to.
    pub policy: WebhookPolicy,
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
            concurrency: 32,
            per_endpoint: 2,
            per_organisation: 8,
            policy: WebhookPolicy::PUBLIC_ONLY,
        }
    }
}

impl WorkerConfig {
    /// The claim's length: as configured, but never less than three timeouts (plus a margin
    /// for recording the answer), so a claim cannot run out while its delivery is sent.
    pub fn effective_claim_secs(&self) -> i64 {
        let timeout = i64::try_from(self.timeout.as_secs()).unwrap_or(i64::MAX / 4).saturating_add(1);
        self.claim_secs.max(timeout.saturating_mul(3).saturating_add(5))
    }

    /// The hard limit on one attempt, whatever the HTTP client does.
    fn attempt_limit(&self) -> Duration {
        self.timeout + Duration::from_secs(1)
    }
}

/// Resolves host names for deliveries and returns only addresses the policy allows: when any
/// address of a name is not allowed, the name is refused as a whole ([`AddressRefusal`]), and
/// the client connects to nothing.
#[derive(Clone, Copy, Debug)]
pub struct CheckedResolver {
    pub policy: WebhookPolicy,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy;
        Box::pin(async move {
            // The port is the URL's: the client puts it into each address.
            match app::developer::ssr::resolve_allowed(name.as_str(), 0, policy).await {
                Ok(addresses) => Ok(Box::new(addresses.into_iter()) as reqwest::dns::Addrs),
                Err(refusal) => Err(Box::new(refusal) as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

/// The HTTP client deliveries use: no redirects (a 3xx is a failed delivery), no proxy (the
/// connection goes to the checked address itself), the checked resolver, a timeout.
pub fn client(config: &WorkerConfig) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(Arc::new(CheckedResolver { policy: config.policy }))
        .timeout(config.timeout)
        .connect_timeout(config.timeout)
        .user_agent(concat!("PartnerDesk-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the webhook HTTP client: {e}"))
}

/// Whether `error` (or what caused it) is the resolver's refusal.
fn refused_by_resolver(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.downcast_ref::<AddressRefusal>() == Some(&AddressRefusal::NotAllowed) {
            return true;
        }
        // io::Error hides a custom error from `source()`; look inside it.
        if let Some(inner) = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
            if refused_by_resolver(inner) {
                return true;
            }
        }
        current = e.source();
    }
    false
}

/// Sends one delivery; returns the response code or what went wrong.
async fn send(client: &reqwest::Client, delivery: &ClaimedDelivery, policy: WebhookPolicy) -> (Option<u16>, Option<DeliveryError>) {
    // The URL as the client reads it; an address written in it is checked here (names are
    // checked by the resolver, at connection time).
    let Ok(url) = reqwest::Url::parse(delivery.url.trim()) else { return (None, Some(DeliveryError::RequestFailed)) };
    match app::developer::webhook_target(&delivery.url) {
        Ok(target) => {
            if let WebhookHost::Ip(ip) = target.host {
                if !policy.allows(ip) {
                    return (None, Some(DeliveryError::AddressNotAllowed));
                }
            }
        }
        Err(_) => return (None, Some(DeliveryError::RequestFailed)),
    }
    let timestamp = app::store::now();
    let result = client
        .post(url)
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
        Err(e) if refused_by_resolver(&e) => (None, Some(DeliveryError::AddressNotAllowed)),
        Err(e) if e.is_timeout() => (None, Some(DeliveryError::TimedOut)),
        Err(e) if e.is_connect() => (None, Some(DeliveryError::CouldNotConnect)),
        Err(_) => (None, Some(DeliveryError::RequestFailed)),
    }
}

/// Sends one claimed delivery and records the outcome.
async fn deliver(store: SharedStore, client: reqwest::Client, config: Arc<WorkerConfig>, delivery: ClaimedDelivery) {
    let started = Instant::now();
    let (status, error) =
        tokio::time::timeout(config.attempt_limit(), send(&client, &delivery, config.policy)).await.unwrap_or((None, Some(DeliveryError::TimedOut)));
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let attempts = delivery.attempts + 1;
    let outcome = match status {
        Some(code) if (200..300).contains(&code) => AttemptOutcome::Delivered,
        _ if attempts >= config.max_attempts => AttemptOutcome::GiveUp,
        _ => AttemptOutcome::RetryAt(app::store::now() + backoff_seconds(attempts, config.base_backoff_secs)),
    };
    let error = error.map(DeliveryError::code);
    tracing::info!(event_id = %delivery.event_id, endpoint = delivery.endpoint_id, status = ?status, error = ?error, attempts, outcome = ?outcome, "webhook delivery");
    if let Err(e) = store.record_delivery_attempt(delivery.id, status, error, duration_ms, outcome).await {
        tracing::warn!(error = %e, delivery = delivery.id, "could not record a webhook delivery");
    }
}

/// The worker's state: the deliveries being sent, by task.
struct Worker {
    store: SharedStore,
    client: reqwest::Client,
    config: Arc<WorkerConfig>,
    sending: JoinSet<()>,
    delivery_of: HashMap<tokio::task::Id, i64>,
}

impl Worker {
    /// Claims what this server has room for and starts sending it. Returns how many were
    /// claimed and whether the claim was full (more may be waiting).
    async fn claim_and_start(&mut self) -> (usize, bool) {
        let room = self.config.concurrency.saturating_sub(self.sending.len());
        let total = i64::try_from(room).unwrap_or(i64::MAX).min(self.config.batch);
        if total <= 0 {
            return (0, false);
        }
        let limits = ClaimLimits { total, per_endpoint: self.config.per_endpoint.max(1), per_organisation: self.config.per_organisation.max(1) };
        let now = app::store::now();
        let claimed = match self.store.claim_deliveries(now, now + self.config.effective_claim_secs(), limits).await {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::warn!(error = %e, "could not claim webhook deliveries");
                return (0, false);
            }
        };
        let count = claimed.len();
        for delivery in claimed {
            let id = delivery.id;
            let task = self.sending.spawn(deliver(self.store.clone(), self.client.clone(), self.config.clone(), delivery));
            self.delivery_of.insert(task.id(), id);
        }
        (count, i64::try_from(count).unwrap_or(i64::MAX) >= total)
    }

    fn finished(&mut self, done: Result<tokio::task::Id, tokio::task::JoinError>) {
        let task = match done {
            Ok(task) => task,
            Err(e) => {
                tracing::warn!(error = %e, "a webhook delivery task failed");
                e.id()
            }
        };
        self.delivery_of.remove(&task);
    }

    /// Extends the claims of the deliveries being sent.
    async fn renew_claims(&self) {
        let ids: Vec<i64> = self.delivery_of.values().copied().collect();
        let until = app::store::now() + self.config.effective_claim_secs();
        if let Err(e) = self.store.renew_delivery_claims(&ids, until).await {
            tracing::warn!(error = %e, "could not renew webhook delivery claims");
        }
    }

    async fn run(mut self) {
        let mut last_housekeeping = Instant::now();
        let mut last_renewal = Instant::now();
        let renew_every = Duration::from_secs(u64::try_from(self.config.effective_claim_secs() / 3).unwrap_or(20).max(1));
        loop {
            let (_, full) = self.claim_and_start().await;
            if last_renewal.elapsed() >= renew_every {
                self.renew_claims().await;
                last_renewal = Instant::now();
            }
            if last_housekeeping.elapsed() > Duration::from_secs(60) {
                if let Err(e) = self.store.api_housekeeping(app::store::now()).await {
                    tracing::warn!(error = %e, "API housekeeping failed");
                }
                last_housekeeping = Instant::now();
            }
            let room = self.sending.len() < self.config.concurrency;
            if full && room {
                continue; // more may be due: claim again at once
            }
            // Wait for a delivery to finish (its endpoint may take another) or for the poll.
            tokio::select! {
                Some(done) = self.sending.join_next_with_id(), if !self.sending.is_empty() => {
                    self.finished(done.map(|(task, ())| task));
                }
                () = tokio::time::sleep(self.config.poll) => {}
            }
            while let Some(done) = self.sending.try_join_next_with_id() {
                self.finished(done.map(|(task, ())| task));
            }
        }
    }
}

/// Runs the worker until the process ends; also clears old rate windows and idempotency keys.
pub fn spawn(store: SharedStore, config: WorkerConfig) -> Result<tokio::task::JoinHandle<()>, String> {
    let client = client(&config)?;
    let worker = Worker { store, client, config: Arc::new(config), sending: JoinSet::new(), delivery_of: HashMap::new() };
    Ok(tokio::spawn(worker.run()))
}
