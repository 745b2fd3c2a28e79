-- Purchase offers (SQLite).
CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    advisor_user_id BIGINT NOT NULL REFERENCES users(id),
    office_id BIGINT NOT NULL REFERENCES offices(id),
    summary_id TEXT NOT NULL UNIQUE,
    access_token TEXT NOT NULL UNIQUE,
    usage_location TEXT NOT NULL,
    delegated_admin BOOLEAN NOT NULL DEFAULT FALSE,
    gdap_name TEXT,
    gdap_roles TEXT,
    gdap_duration_days BIGINT,
    introduction TEXT NOT NULL DEFAULT '',
    closing TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    expires_at BIGINT,
    views BIGINT NOT NULL DEFAULT 0,
    acceptances BIGINT NOT NULL DEFAULT 0,
    idempotency_key TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, gdap_name),
    UNIQUE (organisation_id, idempotency_key)
);
CREATE INDEX offers_by_organisation ON offers(organisation_id, created_at);

CREATE TABLE offer_lines (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    subscription_id TEXT NOT NULL REFERENCES catalog_subscriptions(id),
    license_count BIGINT NOT NULL CHECK (license_count >= 1),
    PRIMARY KEY (offer_id, subscription_id)
);
