-- Renewals and deadlines (issue #28): each user's calendar feed address, kept as the SHA-256 of
-- its secret token (a new address replaces the old), and the index that finds the change
-- windows closing in a period (terms that started a window's length before it).
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX customer_subscriptions_by_partner_start ON customer_subscriptions(partner_id, term_started_at);
