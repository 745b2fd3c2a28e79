-- An accepted offer locks the prices it showed (issue #28): each subscription it creates keeps
-- the term, billing plan and unit price of the offer's line (and the price list they came
-- from), and the acceptance keeps the terms in words exactly as the client's page showed them,
-- in the client's language, so that what was accepted can always be shown again.
ALTER TABLE customer_subscriptions ADD COLUMN term TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN billing_plan TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN currency TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN unit_price TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN price_list_id BIGINT REFERENCES price_lists(id);
ALTER TABLE offer_acceptances ADD COLUMN terms TEXT NOT NULL DEFAULT '';
