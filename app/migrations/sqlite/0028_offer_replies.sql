-- Clients who do not accept (issue #28): a question or a decline sent from an offer's page,
-- with who sent it (as they gave it), a hash of the client's address as the public limits
-- group it (bounds the replies per client and offer, without keeping the address), and the key
-- that makes a retried submission one reply.
CREATE TABLE offer_replies (
    id INTEGER PRIMARY KEY,
    offer_id BIGINT NOT NULL REFERENCES offers(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    message TEXT NOT NULL,
    client TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (offer_id, idempotency_key)
);
CREATE INDEX offer_replies_by_offer ON offer_replies(offer_id, created_at);
