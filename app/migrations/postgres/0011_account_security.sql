-- Account security (issue #25, items 6, 8 and 13).
-- A password an admin set (a new user's, a reset, the operator command's) must be changed at
-- the next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
-- Part of every session's check (auth::ssr::SessionUser): bumped when the user is deactivated
-- or an admin resets the password, so no session from before ever validates again.
ALTER TABLE users ADD COLUMN session_generation BIGINT NOT NULL DEFAULT 0;
-- Sign-in attempts are recorded before the password is checked, per account and client address
-- (auth::ssr::throttle); rows older than the throttle window are pruned on every write.
ALTER TABLE sign_in_failures ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_in_failures_by_address ON sign_in_failures(email, address, at);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures(at);
