-- The REST API: API keys, rate limits, idempotency, and webhooks (SQLite).

-- API keys: `pdk_<public_id>_<secret>`, shown once; only the SHA-256 of the whole key is kept.
-- roles: comma-separated role codes the key carries (a subset of the assignable roles).
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    public_id TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    rate_limit_per_minute BIGINT NOT NULL DEFAULT 120,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_keys_by_organisation ON api_keys(organisation_id, created_at);

-- Requests per key per one-minute window, shared by every server (fixed windows).
CREATE TABLE api_rate_windows (
    key_id BIGINT NOT NULL REFERENCES api_keys(id),
    window_start BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    PRIMARY KEY (key_id, window_start)
);

-- Idempotency-Key: the first response to a POST, replayed for a retry with the same key.
-- status is NULL while the first request is still running.
CREATE TABLE api_idempotency (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    response_body TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, idempotency_key)
);

-- Webhook endpoints: an organisation's URLs, the events each wants, and its signing secret.
-- events: comma-separated event types.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_endpoints_by_organisation ON webhook_endpoints(organisation_id);

-- Events, written in the same transaction as the change they report.
CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The queue: one delivery per event and endpoint. A server claims due deliveries by setting
-- claimed_until; delivered_at or gave_up_at ends a delivery.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES webhook_events(id),
    endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    delivered_at BIGINT,
    gave_up_at BIGINT,
    last_status BIGINT,
    last_error TEXT,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);

-- The delivery log: every attempt with the response code (or the error).
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries(id),
    attempt BIGINT NOT NULL,
    status_code BIGINT,
    error TEXT,
    duration_ms BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts(delivery_id, attempt);
