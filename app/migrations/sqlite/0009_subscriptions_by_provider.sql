-- The Indirect resellers page counts each reseller's subscriptions among the provider's
-- customers. That count joined every subscription of the reseller to its customer (350 ms at a
-- million subscriptions); the provider is now kept on the subscription (it never changes: a
-- customer belongs to one provider), so the count is a range of one index.
ALTER TABLE customer_subscriptions ADD COLUMN partner_id BIGINT REFERENCES organisations(id);
UPDATE customer_subscriptions
   SET partner_id = (SELECT c.partner_id FROM customers c WHERE c.id = customer_subscriptions.customer_id);
CREATE INDEX customer_subscriptions_by_partner_reseller ON customer_subscriptions(partner_id, reseller_of_record_id);
