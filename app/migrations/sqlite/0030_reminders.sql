-- Reminders (issue #28): a change window closing within a day and a trial ending within three
-- days are announced once each (webhook and email). The marks say what was announced: the
-- term (by its start) whose window it was, and when a trial's reminder went. The indexes find
-- what is due across every organisation.
ALTER TABLE customer_subscriptions ADD COLUMN window_reminded_for BIGINT;
ALTER TABLE customer_subscriptions ADD COLUMN trial_reminded_at BIGINT;
CREATE INDEX customer_subscriptions_windows ON customer_subscriptions(status, term_started_at);
