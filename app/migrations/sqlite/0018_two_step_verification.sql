-- Two-step verification (issue #27): a TOTP secret per user (the pending one while they set up
-- their authenticator app), the last time step accepted (a code works once), single-use
-- recovery codes (only their hashes are kept), and an organisation-wide requirement.
ALTER TABLE users ADD COLUMN mfa_secret TEXT;
ALTER TABLE users ADD COLUMN mfa_pending_secret TEXT;
ALTER TABLE users ADD COLUMN mfa_enabled_at BIGINT;
ALTER TABLE users ADD COLUMN mfa_last_step BIGINT;
ALTER TABLE organisations ADD COLUMN require_mfa BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE mfa_recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX mfa_recovery_codes_by_user ON mfa_recovery_codes(user_id, code_hash);
