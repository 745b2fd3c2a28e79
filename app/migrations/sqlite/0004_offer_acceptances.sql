-- The client's side of purchase offers: acceptances, views, logos, embedding (SQLite).

-- One client's acceptance of an offer; the customer and its subscriptions are created with it.
CREATE TABLE offer_acceptances (
    id INTEGER PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    receipt TEXT NOT NULL UNIQUE,
    delegated_admin_accepted BOOLEAN NOT NULL,
    idempotency_key TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    UNIQUE (offer_id, idempotency_key)
);
CREATE INDEX offer_acceptances_by_offer ON offer_acceptances(offer_id, accepted_at);

-- Views, counted once per visitor (a hash, not an identity) per day.
CREATE TABLE offer_views (
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    day BIGINT NOT NULL,
    visitor TEXT NOT NULL,
    PRIMARY KEY (offer_id, day, visitor)
);

-- A form refused without JavaScript: what was typed and why, shown once on the next page.
CREATE TABLE form_attempts (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX form_attempts_by_time ON form_attempts(created_at);

-- The company logo shown on an offer.
CREATE TABLE offer_logos (
    offer_id BIGINT PRIMARY KEY REFERENCES offers(id),
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Website origins allowed to frame an advisor's offers (space-separated).
ALTER TABLE organisations ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
