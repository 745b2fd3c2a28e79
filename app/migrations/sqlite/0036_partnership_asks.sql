-- Ask to partner (issue #29 §3): a reseller finds a provider in the public directory and asks
-- to partner; the provider accepts (a partnership is made) or declines. One open request per
-- reseller and provider at a time.
CREATE TABLE partnership_asks (
    id INTEGER PRIMARY KEY,
    reseller_id BIGINT NOT NULL REFERENCES organisations(id),
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    message TEXT NOT NULL,
    asked_by BIGINT REFERENCES users(id),
    asked_at BIGINT NOT NULL,
    -- 'open', 'accepted' or 'declined'.
    state TEXT NOT NULL,
    answered_at BIGINT,
    answered_by BIGINT REFERENCES users(id),
    partnership_id BIGINT REFERENCES partnerships(id)
);
CREATE UNIQUE INDEX partnership_asks_one_open ON partnership_asks(reseller_id, provider_id) WHERE state = 'open';
CREATE INDEX partnership_asks_by_provider ON partnership_asks(provider_id, state);
CREATE INDEX partnership_asks_by_reseller ON partnership_asks(reseller_id, asked_at);
