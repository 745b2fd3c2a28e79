//! Storage for the REST API: API keys, per-key rate windows, Idempotency-Key responses, and
//! webhooks (endpoints, events written with the change they report, the delivery queue and
//! its log). The queue is claimed with one `UPDATE … RETURNING`, so several servers can share
//! it without delivering the same attempt twice; the claim takes a few deliveries of each
//! endpoint and organisation in turn ([`ClaimLimits`]), so one slow receiver cannot hold up the
//! others.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::developer::{ApiKeyRow, DeliveryRow, WebhookEndpointRow, WebhookEvent};
use domain::roles::Role;

/// What the API needs to check a presented key.
#[derive(Clone)]
pub struct ApiKeyAuth {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    /// SHA-256 (hex) of the whole key.
    pub secret_hash: String,
    pub roles: Vec<Role>,
    pub rate_limit_per_minute: i64,
    pub created_by: Option<i64>,
    pub revoked: bool,
    /// The roles the key's creator holds now, if the creator is an active user of the key's
    /// organisation (`None` otherwise: the key no longer works).
    pub creator_roles: Option<Vec<Role>>,
}

impl std::fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyAuth").field("id", &self.id).field("organisation_id", &self.organisation_id).finish()
    }
}

/// A new API key, validated; the secret itself is never stored.
#[derive(Clone, Debug)]
pub struct NewApiKey {
    pub name: String,
    pub public_id: String,
    pub secret_hash: String,
    pub roles: Vec<Role>,
    pub rate_limit_per_minute: i64,
}

/// Where a POST with an Idempotency-Key stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdempotencyState {
    /// First time: the caller runs the request and then records its response.
    New,
    /// The first request with this key is still running.
    InProgress,
    /// The key was used with a different request.
    Mismatch,
    /// The first request finished: its status and body, and the permissions the request was
    /// checked for (a replay is given only to a key that still holds them).
    Done { status: u16, body: String, permissions: String },
}

/// How long a request may run before the key it holds is taken to have died with it (the
/// server's request timeout is 30 s; a client that went away, or a server that stopped, never
/// records a response): after this, a retry with the same key runs again.
pub const IDEMPOTENCY_STALE_SECONDS: i64 = 60;
/// How much one claim takes. Deliveries already claimed and not finished (by any server)
/// count against the limits per endpoint and per organisation, so these are limits on what is
/// in flight across all servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimLimits {
    /// Deliveries claimed at most.
    pub total: i64,
    /// In flight per endpoint at most.
    pub per_endpoint: i64,
    /// In flight per organisation at most.
    pub per_organisation: i64,
}

/// A delivery a worker claimed, with what it needs to send it.
#[derive(Clone)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub organisation_id: i64,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    pub url: String,
    pub secret: String,
    /// Attempts made before this one.
    pub attempts: i64,
}

impl std::fmt::Debug for ClaimedDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimedDelivery").field("id", &self.id).field("event_id", &self.event_id).finish()
    }
}

/// What became of one delivery attempt.
#[derive(Clone, Debug)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(i64),
    GiveUp,
}

#[async_trait]
pub trait ApiStore: Send + Sync {
    // API keys.
    async fn create_api_key(&self, actor: &Actor, key: &NewApiKey) -> StoreResult<i64>;
    async fn api_keys(&self, organisation_id: i64) -> StoreResult<Vec<ApiKeyRow>>;
    async fn revoke_api_key(&self, actor: &Actor, id: i64) -> StoreResult<()>;
    async fn api_key_by_public_id(&self, public_id: &str) -> StoreResult<Option<ApiKeyAuth>>;
    /// Records the key's use (at most once a minute, to keep writes low).
    async fn touch_api_key(&self, id: i64, now: i64) -> StoreResult<()>;
    /// Counts one request in the key's window and returns the window's count so far.
    async fn count_api_request(&self, key_id: i64, window_start: i64) -> StoreResult<i64>;

    // Idempotency-Key, kept per API key (another key of the same organisation never gets its
    // responses). A key still "in progress" after [`IDEMPOTENCY_STALE_SECONDS`] is taken over.
    async fn idempotency_begin(&self, api_key_id: i64, key: &str, request_hash: &str, now: i64) -> StoreResult<IdempotencyState>;
    /// Keeps the response, with the permissions the request was checked for.
    async fn idempotency_finish(&self, api_key_id: i64, key: &str, status: u16, body: &str, permissions: &str) -> StoreResult<()>;
    /// Forgets a key whose request failed on the server side, so that a retry runs again.
    async fn idempotency_abandon(&self, api_key_id: i64, key: &str) -> StoreResult<()>;

    // Webhooks.
    async fn create_webhook_endpoint(&self, actor: &Actor, url: &str, secret: &str, events: &[WebhookEvent]) -> StoreResult<i64>;
    async fn webhook_endpoints(&self, organisation_id: i64) -> StoreResult<Vec<WebhookEndpointRow>>;
    async fn set_webhook_endpoint_active(&self, actor: &Actor, id: i64, active: bool) -> StoreResult<()>;
    /// Queues a `ping` event for one endpoint of the actor's organisation (Send test event).
    async fn send_test_event(&self, actor: &Actor, endpoint_id: i64) -> StoreResult<String>;
    /// The organisation's latest deliveries, newest first.
    async fn webhook_deliveries(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<DeliveryRow>>;
    /// Claims due deliveries until `claim_until`, in turn across organisations and their
    /// endpoints (each one's oldest first), within `limits`.
    async fn claim_deliveries(&self, now: i64, claim_until: i64, limits: ClaimLimits) -> StoreResult<Vec<ClaimedDelivery>>;
    /// Extends the claims of deliveries still being sent, so no other server takes them over.
    async fn renew_delivery_claims(&self, ids: &[i64], claim_until: i64) -> StoreResult<()>;
    /// Logs an attempt and moves the delivery on (delivered, retried later, or given up).
    async fn record_delivery_attempt(
        &self,
        delivery_id: i64,
        status_code: Option<u16>,
        error: Option<&str>,
        duration_ms: i64,
        outcome: AttemptOutcome,
    ) -> StoreResult<()>;
    /// Deletes rate windows, idempotency records, counted views of days past and kept forms
    /// that no request can need any more.
    async fn api_housekeeping(&self, now: i64) -> StoreResult<()>;
}

macro_rules! api_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Writes a webhook event in the caller's transaction, with one delivery for each of
            /// the organisation's active endpoints that wants it. Returns the event id.
            #[allow(dead_code)]
            async fn enqueue_event(
                tx: &mut sqlx::Transaction<'_, $db>,
                organisation_id: i64,
                payload: &(impl domain::developer::payloads::WebhookPayload + Sync),
            ) -> StoreResult<String> {
                Self::enqueue_event_for(tx, organisation_id, payload, None).await
            }

            async fn enqueue_event_for(
                tx: &mut sqlx::Transaction<'_, $db>,
                organisation_id: i64,
                payload: &(impl domain::developer::payloads::WebhookPayload + Sync),
                only_endpoint: Option<i64>,
            ) -> StoreResult<String> {
                let ids = Self::enqueue_events(tx, organisation_id, vec![(payload.event(), payload.to_json())], only_endpoint).await?;
                ids.into_iter().next().ok_or(StoreError::NotFound)
            }

            /// Writes webhook events in the caller's transaction (one statement for the events,
            /// one for their deliveries), each with one delivery for every active endpoint of the
            /// organisation that wants it (only `only_endpoint`, when given). Returns the ids.
            async fn enqueue_events(
                tx: &mut sqlx::Transaction<'_, $db>,
                organisation_id: i64,
                events: Vec<(domain::developer::WebhookEvent, serde_json::Value)>,
                only_endpoint: Option<i64>,
            ) -> StoreResult<Vec<String>> {
                if events.is_empty() {
                    return Ok(Vec::new());
                }
                let now = now();
                let rows: Vec<(String, &'static str, String)> = events
                    .into_iter()
                    .map(|(event, data)| {
                        let id = format!("evt_{}", domain::tokens::new_secret_token());
                        let payload = serde_json::json!({
                            "id": id,
                            "type": event.code(),
                            "created": now,
                            "data": data,
                        })
                        .to_string();
                        (id, event.code(), payload)
                    })
                    .collect();
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO webhook_events (id, organisation_id, event_type, payload, created_at) ",
                );
                insert.push_values(&rows, |mut row, (id, code, payload)| {
                    row.push_bind(id.clone()).push_bind(organisation_id).push_bind(*code).push_bind(payload.clone()).push_bind(now);
                });
                insert.build().execute(&mut **tx).await?;
                let mut deliveries = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO webhook_deliveries (event_id, endpoint_id, attempts, next_attempt_at) \
                     SELECT e.id, w.id, 0, ",
                );
                deliveries
                    .push_bind(now)
                    .push(" FROM webhook_events e JOIN webhook_endpoints w ON w.organisation_id = e.organisation_id \
                           WHERE w.active = TRUE AND (e.event_type = 'ping' OR (',' || w.events || ',') LIKE ('%,' || e.event_type || ',%')) AND (")
                    .push_bind(only_endpoint.unwrap_or(0))
                    .push(" = 0 OR w.id = ")
                    .push_bind(only_endpoint.unwrap_or(0))
                    .push(") AND e.id IN (");
                let mut ids = deliveries.separated(", ");
                for (id, _, _) in &rows {
                    ids.push_bind(id.clone());
                }
                deliveries.push(")");
                deliveries.build().execute(&mut **tx).await?;
                Ok(rows.into_iter().map(|(id, _, _)| id).collect())
            }
        }

        #[async_trait::async_trait]
        impl api::ApiStore for $store {
            async fn create_api_key(
                &self,
                actor: &Actor,
                key: &api::NewApiKey,
            ) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO api_keys (organisation_id, name, public_id, secret_hash, roles, rate_limit_per_minute, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(&key.name)
                .bind(&key.public_id)
                .bind(&key.secret_hash)
                .bind(domain::roles::Role::join(&key.roles))
                .bind(key.rate_limit_per_minute)
                .bind(actor.user_id)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "api_key.create",
                        record_type: "api_key",
                        record_id: id.to_string(),
                        summary: format!("{} (pdk_{}…) roles {}", key.name, key.public_id, domain::roles::Role::join(&key.roles)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn api_keys(&self, organisation_id: i64) -> StoreResult<Vec<domain::developer::ApiKeyRow>> {
                let rows: Vec<(i64, String, String, String, i64, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT id, name, public_id, roles, rate_limit_per_minute, created_at, last_used_at, revoked_at \
                     FROM api_keys WHERE organisation_id = $1 ORDER BY created_at DESC, id DESC",
                )
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, public_id, roles, rate_limit_per_minute, created_at, last_used_at, revoked_at)| {
                        domain::developer::ApiKeyRow {
                            id,
                            name,
                            prefix: format!("pdk_{public_id}_…"),
                            roles: domain::roles::Role::parse_list(&roles),
                            rate_limit_per_minute,
                            created_at,
                            last_used_at,
                            revoked_at,
                        }
                    })
                    .collect())
            }

            async fn revoke_api_key(&self, actor: &Actor, id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND organisation_id = $3 AND revoked_at IS NULL",
                )
                .bind(now())
                .bind(id)
                .bind(actor.organisation_id)
                .execute(&mut *tx)
                .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "api_key.revoke",
                        record_type: "api_key",
                        record_id: id.to_string(),
                        summary: "API key revoked".to_string(),
                    },
                )
                .await
            }

            async fn api_key_by_public_id(&self, public_id: &str) -> StoreResult<Option<api::ApiKeyAuth>> {
                #[allow(clippy::type_complexity)]
                let row: Option<(i64, i64, String, String, String, i64, Option<i64>, Option<i64>, Option<String>)> = sqlx::query_as(
                    "SELECT k.id, k.organisation_id, k.name, k.secret_hash, k.roles, k.rate_limit_per_minute, k.created_by, \
                     k.revoked_at, u.roles FROM api_keys k \
                     LEFT JOIN users u ON u.id = k.created_by AND u.organisation_id = k.organisation_id AND u.active = TRUE \
                     WHERE k.public_id = $1",
                )
                .bind(public_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(id, organisation_id, name, secret_hash, roles, rate_limit_per_minute, created_by, revoked_at, creator_roles)| {
                    api::ApiKeyAuth {
                        id,
                        organisation_id,
                        name,
                        secret_hash,
                        roles: domain::roles::Role::parse_list(&roles),
                        rate_limit_per_minute,
                        created_by,
                        revoked: revoked_at.is_some(),
                        creator_roles: creator_roles.map(|r| domain::roles::Role::parse_list(&r)),
                    }
                }))
            }

            async fn touch_api_key(&self, id: i64, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
                    .bind(now)
                    .bind(id)
                    .bind(now - 60)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn count_api_request(&self, key_id: i64, window_start: i64) -> StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as(
                    "INSERT INTO api_rate_windows (key_id, window_start, requests) VALUES ($1, $2, 1) \
                     ON CONFLICT (key_id, window_start) DO UPDATE SET requests = api_rate_windows.requests + 1 \
                     RETURNING requests",
                )
                .bind(key_id)
                .bind(window_start)
                .fetch_one(&self.pool)
                .await?;
                Ok(count)
            }

            async fn idempotency_begin(
                &self,
                api_key_id: i64,
                key: &str,
                request_hash: &str,
                now: i64,
            ) -> StoreResult<api::IdempotencyState> {
                use api::{IdempotencyState, IDEMPOTENCY_STALE_SECONDS};
                let inserted = sqlx::query(
                    "INSERT INTO api_idempotency (api_key_id, idempotency_key, request_hash, created_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (api_key_id, idempotency_key) DO NOTHING",
                )
                .bind(api_key_id)
                .bind(key)
                .bind(request_hash)
                .bind(now)
                .execute(&self.pool)
                .await?;
                if inserted.rows_affected() == 1 {
                    return Ok(IdempotencyState::New);
                }
                // The same request whose first try died (no response after the request timeout):
                // this retry takes the key over, once (the update is the lock).
                let taken_over = sqlx::query(
                    "UPDATE api_idempotency SET created_at = $1 WHERE api_key_id = $2 AND idempotency_key = $3 \
                     AND request_hash = $4 AND status IS NULL AND created_at < $5",
                )
                .bind(now)
                .bind(api_key_id)
                .bind(key)
                .bind(request_hash)
                .bind(now - IDEMPOTENCY_STALE_SECONDS)
                .execute(&self.pool)
                .await?;
                if taken_over.rows_affected() == 1 {
                    return Ok(IdempotencyState::New);
                }
                let row: Option<(String, Option<i64>, Option<String>, Option<String>)> = sqlx::query_as(
                    "SELECT request_hash, status, response_body, permissions FROM api_idempotency \
                     WHERE api_key_id = $1 AND idempotency_key = $2",
                )
                .bind(api_key_id)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    // Abandoned between the statements: treat as still running; a retry will do.
                    None => IdempotencyState::InProgress,
                    Some((hash, _, _, _)) if hash != request_hash => IdempotencyState::Mismatch,
                    Some((_, Some(status), body, permissions)) => IdempotencyState::Done {
                        status: u16::try_from(status).unwrap_or(500),
                        body: body.unwrap_or_default(),
                        permissions: permissions.unwrap_or_default(),
                    },
                    Some((_, None, _, _)) => IdempotencyState::InProgress,
                })
            }

            async fn idempotency_finish(
                &self,
                api_key_id: i64,
                key: &str,
                status: u16,
                body: &str,
                permissions: &str,
            ) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE api_idempotency SET status = $1, response_body = $2, permissions = $3 \
                     WHERE api_key_id = $4 AND idempotency_key = $5",
                )
                .bind(i64::from(status))
                .bind(body)
                .bind(permissions)
                .bind(api_key_id)
                .bind(key)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn idempotency_abandon(&self, api_key_id: i64, key: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM api_idempotency WHERE api_key_id = $1 AND idempotency_key = $2 AND status IS NULL")
                    .bind(api_key_id)
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_webhook_endpoint(
                &self,
                actor: &Actor,
                url: &str,
                secret: &str,
                events: &[domain::developer::WebhookEvent],
            ) -> StoreResult<i64> {
                let codes = events.iter().map(|e| e.code()).collect::<Vec<_>>().join(",");
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO webhook_endpoints (organisation_id, url, secret, events, active, created_at) \
                     VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(url)
                .bind(secret)
                .bind(&codes)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "webhook.create",
                        record_type: "webhook_endpoint",
                        record_id: id.to_string(),
                        summary: format!("{url} events {codes}"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn webhook_endpoints(&self, organisation_id: i64) -> StoreResult<Vec<domain::developer::WebhookEndpointRow>> {
                let rows: Vec<(i64, String, String, bool, i64)> = sqlx::query_as(
                    "SELECT id, url, events, active, created_at FROM webhook_endpoints WHERE organisation_id = $1 ORDER BY id",
                )
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, url, events, active, created_at)| domain::developer::WebhookEndpointRow {
                        id,
                        url,
                        events: domain::developer::WebhookEvent::parse_list(&events),
                        active,
                        created_at,
                    })
                    .collect())
            }

            async fn set_webhook_endpoint_active(&self, actor: &Actor, id: i64, active: bool) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let done = sqlx::query("UPDATE webhook_endpoints SET active = $1 WHERE id = $2 AND organisation_id = $3")
                    .bind(active)
                    .bind(id)
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: if active { "webhook.enable" } else { "webhook.disable" },
                        record_type: "webhook_endpoint",
                        record_id: id.to_string(),
                        summary: if active { "endpoint enabled" } else { "endpoint disabled" }.to_string(),
                    },
                )
                .await
            }

            async fn send_test_event(&self, actor: &Actor, endpoint_id: i64) -> StoreResult<String> {
                let mut tx = self.begin().await?;
                let found: Option<(String,)> = sqlx::query_as(
                    "SELECT url FROM webhook_endpoints WHERE id = $1 AND organisation_id = $2 AND active = TRUE",
                )
                .bind(endpoint_id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((url,)) = found else { return Err(StoreError::NotFound) };
                let id = Self::enqueue_event_for(
                    &mut tx,
                    actor.organisation_id,
                    &domain::developer::payloads::Ping { endpoint_id, message: "A test event from PartnerDesk.".into() },
                    Some(endpoint_id),
                )
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "webhook.test",
                        record_type: "webhook_endpoint",
                        record_id: endpoint_id.to_string(),
                        summary: format!("test event {id} queued for {url}"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn webhook_deliveries(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<domain::developer::DeliveryRow>> {
                Ok(sqlx::query_as(
                    "SELECT d.id, d.event_id, e.event_type, w.url, d.attempts, d.last_status, d.last_error, \
                     d.delivered_at, d.gave_up_at, d.next_attempt_at, e.created_at \
                     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id \
                     WHERE w.organisation_id = $1 ORDER BY d.id DESC LIMIT $2",
                )
                .bind(organisation_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn claim_deliveries(
                &self,
                now: i64,
                claim_until: i64,
                limits: api::ClaimLimits,
            ) -> StoreResult<Vec<api::ClaimedDelivery>> {
                // Ranked twice: each endpoint's due deliveries oldest first (endpoint_rank), then
                // each organisation's in turn over its endpoints (org_rank). What is in flight
                // (claimed, not finished, by any server) counts against both limits. Taking rank
                // 1 of every organisation, then rank 2… shares the claim fairly, so a receiver
                // that never answers holds at most `per_endpoint` deliveries at a time.
                // The outer WHERE repeats the conditions: when two servers pick the same row,
                // the second one's UPDATE re-checks them after the first commits, and skips it.
                let claimed: Vec<(i64,)> = sqlx::query_as(
                    "UPDATE webhook_deliveries SET claimed_until = $1 WHERE id IN ( \
                       SELECT id FROM ( \
                         SELECT e.id, e.next_attempt_at, e.org_busy, \
                           ROW_NUMBER() OVER (PARTITION BY e.organisation_id ORDER BY e.endpoint_rank, e.next_attempt_at, e.id) AS org_rank \
                         FROM ( \
                           SELECT d.id, d.next_attempt_at, w.organisation_id, \
                             ROW_NUMBER() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS endpoint_rank, \
                             COALESCE(eb.busy, 0) AS endpoint_busy, COALESCE(ob.busy, 0) AS org_busy \
                           FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id \
                           LEFT JOIN (SELECT endpoint_id, COUNT(*) AS busy FROM webhook_deliveries \
                             WHERE delivered_at IS NULL AND gave_up_at IS NULL AND claimed_until >= $2 GROUP BY endpoint_id) eb \
                             ON eb.endpoint_id = d.endpoint_id \
                           LEFT JOIN (SELECT bw.organisation_id, COUNT(*) AS busy FROM webhook_deliveries b \
                             JOIN webhook_endpoints bw ON bw.id = b.endpoint_id \
                             WHERE b.delivered_at IS NULL AND b.gave_up_at IS NULL AND b.claimed_until >= $2 GROUP BY bw.organisation_id) ob \
                             ON ob.organisation_id = w.organisation_id \
                           WHERE d.delivered_at IS NULL AND d.gave_up_at IS NULL AND d.next_attempt_at <= $2 \
                             AND (d.claimed_until IS NULL OR d.claimed_until < $2) \
                         ) e WHERE e.endpoint_rank + e.endpoint_busy <= $3 \
                       ) o WHERE o.org_rank + o.org_busy <= $4 \
                       ORDER BY o.org_rank, o.next_attempt_at, o.id LIMIT $5) \
                     AND delivered_at IS NULL AND gave_up_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2) \
                     RETURNING id",
                )
                .bind(claim_until)
                .bind(now)
                .bind(limits.per_endpoint)
                .bind(limits.per_organisation)
                .bind(limits.total)
                .fetch_all(&self.pool)
                .await?;
                if claimed.is_empty() {
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<$db>::new(
                    "SELECT d.id, d.endpoint_id, w.organisation_id, d.event_id, e.event_type, e.payload, w.url, w.secret, d.attempts \
                     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id IN (",
                );
                let mut ids = select.separated(", ");
                for (id,) in &claimed {
                    ids.push_bind(*id);
                }
                select.push(") ORDER BY d.next_attempt_at, d.id");
                let rows: Vec<(i64, i64, i64, String, String, String, String, String, i64)> =
                    select.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, endpoint_id, organisation_id, event_id, event_type, payload, url, secret, attempts)| {
                        api::ClaimedDelivery { id, endpoint_id, organisation_id, event_id, event_type, payload, url, secret, attempts }
                    })
                    .collect())
            }

            async fn renew_delivery_claims(&self, ids: &[i64], claim_until: i64) -> StoreResult<()> {
                if ids.is_empty() {
                    return Ok(());
                }
                let mut update = sqlx::QueryBuilder::<$db>::new("UPDATE webhook_deliveries SET claimed_until = ");
                update.push_bind(claim_until);
                update.push(" WHERE delivered_at IS NULL AND gave_up_at IS NULL AND claimed_until IS NOT NULL AND id IN (");
                let mut list = update.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                update.push(")");
                update.build().execute(&self.pool).await?;
                Ok(())
            }

            async fn record_delivery_attempt(
                &self,
                delivery_id: i64,
                status_code: Option<u16>,
                error: Option<&str>,
                duration_ms: i64,
                outcome: api::AttemptOutcome,
            ) -> StoreResult<()> {
                use api::AttemptOutcome;
                let now = now();
                let mut tx = self.begin().await?;
                let (attempt,): (i64,) = sqlx::query_as(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, claimed_until = NULL, \
                     delivered_at = $3, gave_up_at = $4, next_attempt_at = $5 WHERE id = $6 RETURNING attempts",
                )
                .bind(status_code.map(i64::from))
                .bind(error)
                .bind(matches!(outcome, AttemptOutcome::Delivered).then_some(now))
                .bind(matches!(outcome, AttemptOutcome::GiveUp).then_some(now))
                .bind(match outcome {
                    AttemptOutcome::RetryAt(at) => at,
                    _ => now,
                })
                .bind(delivery_id)
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms, at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(delivery_id)
                .bind(attempt)
                .bind(status_code.map(i64::from))
                .bind(error)
                .bind(duration_ms)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                Ok(tx.commit().await?)
            }

            async fn api_housekeeping(&self, now: i64) -> StoreResult<()> {
                sqlx::query("DELETE FROM api_rate_windows WHERE window_start < $1")
                    .bind(now - 600)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("DELETE FROM public_rate_windows WHERE window_start < $1")
                    .bind(now - 600)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1")
                    .bind(now - 86_400)
                    .execute(&self.pool)
                    .await?;
                // Views are counted once per visitor and day: yesterday's rows still decide
                // today's first minutes in other time zones; older ones only took space.
                sqlx::query("DELETE FROM offer_views WHERE day < $1")
                    .bind(now / 86_400 - 1)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("DELETE FROM form_attempts WHERE created_at < $1")
                    .bind(now - client_offers::FORM_ATTEMPT_SECONDS)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(crate) use api_sql;
