-- Users are invited by email (issue #27): Add user makes the account with no password and sends
-- a link, valid 7 days, that lets the person choose their own. An admin never sees or sets
-- another user's password.
ALTER TABLE users ADD COLUMN invitation_pending BOOLEAN NOT NULL DEFAULT FALSE;

-- Only a hash of each link's token is kept; a link works once, until it expires, and only while
-- it is the user's newest (Resend invitation replaces it).
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE INDEX invitations_by_user ON invitations(user_id, created_at);
