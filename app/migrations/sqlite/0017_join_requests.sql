-- Join PartnerDesk (issue #27): an organisation asks to join on a public page; the applicant
-- confirms their email with a link (only its token's hash is kept), the request waits in the
-- operator's queue, and the operator approves it (the organisation is created and its first
-- user invited as Global admin) or declines it with a reason.
CREATE TABLE join_requests (
    id INTEGER PRIMARY KEY,
    company_name TEXT NOT NULL,
    mpn_id TEXT NOT NULL,
    country TEXT NOT NULL,
    wants_advisor BOOLEAN NOT NULL,
    wants_indirect_provider BOOLEAN NOT NULL,
    wants_indirect_reseller BOOLEAN NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    locale TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    decided_at BIGINT,
    decided_by BIGINT REFERENCES users(id),
    decision TEXT,
    decline_reason TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT REFERENCES organisations(id)
);
-- The operator's queue: confirmed and not decided, oldest first.
CREATE INDEX join_requests_waiting ON join_requests(confirmed_at) WHERE decided_at IS NULL;
-- The daily cap per email address.
CREATE INDEX join_requests_by_email ON join_requests(contact_email, created_at);
