-- First run (issue #27): a server started on a database without users prints a one-time setup
-- code to its log; whoever holds it creates the first operator account at /setup. Only the
-- code's hash is kept, and using it deletes it (one setup, even with several servers).
CREATE TABLE setup_codes (
    code_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
