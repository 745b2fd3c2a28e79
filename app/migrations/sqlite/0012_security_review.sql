-- Issue #25 (the outside security review).

-- Idempotency-Key is kept per API key (not per organisation), with the permissions the first
-- request was checked for, so that a replay goes only to the same key while it still holds
-- them. The records live for a day; the old ones are dropped with the old table.
DROP TABLE api_idempotency;
CREATE TABLE api_idempotency (
    api_key_id BIGINT NOT NULL REFERENCES api_keys(id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT,
    response_body TEXT,
    permissions TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX api_idempotency_by_time ON api_idempotency(created_at);

-- An audit log records another organisation's change by that organisation, never its person
-- or their address: lines written before this rule lose who and from where (the summary names
-- the organisation).
UPDATE audit_log SET user_id = NULL, ip = NULL
WHERE user_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = audit_log.user_id AND u.organisation_id = audit_log.organisation_id);

-- A refused form kept for the page that shows it again: which address sent it, so that one
-- address cannot fill the table (a few per address and hour).
ALTER TABLE form_attempts ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX form_attempts_by_address ON form_attempts(address, created_at);

-- Views are counted per visitor and day, at most a few per client (an address, or an IPv6 /64,
-- hashed with the offer and the day: not an identity); days past are only needed as the
-- offers' totals and are deleted.
ALTER TABLE offer_views ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX offer_views_by_client ON offer_views(offer_id, day, client);
CREATE INDEX offer_views_by_day ON offer_views(day);

-- A reseller registering through a partnership link with an MPN ID another organisation holds:
-- refused, and recorded for the operator, who decides who the MPN ID belongs to.
CREATE TABLE mpn_id_conflicts (
    id INTEGER PRIMARY KEY,
    mpn_id TEXT NOT NULL,
    holder_id BIGINT NOT NULL REFERENCES organisations(id),
    request_id BIGINT NOT NULL,
    company_name TEXT NOT NULL,
    country TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES users(id),
    resolution TEXT
);
CREATE UNIQUE INDEX mpn_id_conflicts_open ON mpn_id_conflicts(mpn_id, contact_email) WHERE resolved_at IS NULL;
CREATE INDEX mpn_id_conflicts_by_request ON mpn_id_conflicts(request_id, resolved_at);
