-- Two-tier offers (issue #29 §2): an indirect reseller's purchase offer of a partnered
-- provider's subscriptions. `provider_id` names the provider whose customer the accepting client
-- becomes (the offer's organisation, the reseller, is reseller of record and support contact);
-- NULL for an advisor's own offer.
ALTER TABLE offers ADD COLUMN provider_id BIGINT REFERENCES organisations(id);
CREATE INDEX offers_by_provider ON offers(provider_id, organisation_id, created_at) WHERE provider_id IS NOT NULL;
