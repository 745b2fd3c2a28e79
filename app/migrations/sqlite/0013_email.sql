-- Email (issue #27). Messages are queued in the transaction of the change that causes them and
-- delivered by the mail worker of every server (server/src/mail.rs): a claim keeps two servers
-- from sending one message twice; failures are retried with backoff until given up. Sent
-- messages stay as the delivery log; the bodies of sent messages are emptied (they may hold
-- single-use links), the subject and recipient stay.
CREATE TABLE emails (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT REFERENCES organisations(id),
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    gave_up_at BIGINT,
    last_error TEXT
);
CREATE INDEX emails_pending ON emails(next_attempt_at) WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX emails_by_time ON emails(created_at);

-- Password reset links: only a hash of the token is kept; a link works once, for an hour, and
-- only while it is the user's newest.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX password_resets_by_user ON password_resets(user_id, created_at);
