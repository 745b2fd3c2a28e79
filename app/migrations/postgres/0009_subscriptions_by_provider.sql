-- The Indirect resellers page counts each reseller's subscriptions among the provider's
-- customers. That count joined every subscription of the reseller to its customer (over 2 s at
-- a million subscriptions); the provider is now kept on the subscription (it never changes: a
-- customer belongs to one provider), so the count is a range of one index.
ALTER TABLE customer_subscriptions ADD COLUMN partner_id BIGINT REFERENCES organisations(id);
UPDATE customer_subscriptions s SET partner_id = c.partner_id FROM customers c WHERE c.id = s.customer_id;
ALTER TABLE customer_subscriptions ALTER COLUMN partner_id SET NOT NULL;
CREATE INDEX customer_subscriptions_by_partner_reseller ON customer_subscriptions(partner_id, reseller_of_record_id);
