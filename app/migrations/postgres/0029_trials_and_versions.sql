-- Trial invitations and offer versions (issue #28).
-- A trial invitation is an offer with a trial length: the client starts a free trial of its
-- lines (no payment), which creates the customer with trial subscriptions that end on their
-- date. An offer can be replaced by a new version: its link then shows the newest, and the
-- earlier one stays readable, marked superseded.
ALTER TABLE offers ADD COLUMN trial_days BIGINT;
ALTER TABLE offers ADD COLUMN superseded_by BIGINT REFERENCES offers(id);
CREATE INDEX offers_by_successor ON offers(superseded_by);
ALTER TABLE customer_subscriptions ADD COLUMN trial BOOLEAN NOT NULL DEFAULT FALSE;
-- Active trials of a partner, soonest end first.
CREATE INDEX customer_subscriptions_trials ON customer_subscriptions(partner_id, trial, ends_at);
