-- Renewals announced 30 days ahead (issue #28): a subscription that renews on its own is
-- announced once per term (the mark is the term's end), so a renewed one is announced again
-- before its next renewal. customer_subscriptions_due (status, ends_at) finds what is due.
ALTER TABLE customer_subscriptions ADD COLUMN renewal_reminded_for BIGINT;
