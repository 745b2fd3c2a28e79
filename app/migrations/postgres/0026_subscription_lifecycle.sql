-- The subscription lifecycle (issue #28): every subscription has a term and billing plan (a
-- year billed monthly where none was chosen), the start of its current term (purchase or last
-- renewal), its end date, whether it renews automatically, and what changes at its renewal.
-- The status column (active, suspended, cancelled, expired) existed; it now changes.
ALTER TABLE customer_subscriptions ADD COLUMN term_started_at BIGINT;
ALTER TABLE customer_subscriptions ADD COLUMN ends_at BIGINT;
ALTER TABLE customer_subscriptions ADD COLUMN auto_renew BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE customer_subscriptions ADD COLUMN renewal_license_count BIGINT;
ALTER TABLE customer_subscriptions ADD COLUMN renewal_term TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN renewal_billing_plan TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN status_changed_at BIGINT;
UPDATE customer_subscriptions SET term = COALESCE(term, 'P1Y'), billing_plan = COALESCE(billing_plan, 'monthly'),
    term_started_at = created_at;
UPDATE customer_subscriptions SET ends_at = CAST(EXTRACT(EPOCH FROM (to_timestamp(term_started_at) AT TIME ZONE 'UTC') +
    (CASE term WHEN 'P1M' THEN 1 WHEN 'P3Y' THEN 36 ELSE 12 END) * INTERVAL '1 month') AS BIGINT);
-- The renewal worker finds what is due; Renewals and deadlines lists a partner's by date.
CREATE INDEX customer_subscriptions_due ON customer_subscriptions(status, ends_at);
CREATE INDEX customer_subscriptions_by_partner_end ON customer_subscriptions(partner_id, ends_at);
