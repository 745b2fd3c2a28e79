-- Reseller registration through a partnership link confirms the email (issue #27): the
-- registration waits here (only its link token's hash is kept, with the password's hash)
-- until the emailed link is opened; then the organisation and its Global admin are created.
-- Nothing is created, and no MPN ID is held, for an address nobody confirmed.
CREATE TABLE reseller_registrations (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES partnership_requests(id),
    company_name TEXT NOT NULL,
    mpn_id TEXT NOT NULL,
    country TEXT NOT NULL,
    user_name TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT
);
-- The daily cap per email address.
CREATE INDEX reseller_registrations_by_email ON reseller_registrations(email, created_at);
