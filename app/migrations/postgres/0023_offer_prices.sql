-- Prices and terms in offers (issue #28): each line of an offer keeps the term, billing plan
-- and unit price it was made with, and the price list they came from, so that the advisor's
-- page, the offer text and the client's page all show what the offer said, whatever price
-- list is in force later. Lines of offers made before (or in a market without a price) have
-- none. Amounts are exact decimals written as text.
ALTER TABLE offer_lines ADD COLUMN term TEXT;
ALTER TABLE offer_lines ADD COLUMN billing_plan TEXT;
ALTER TABLE offer_lines ADD COLUMN currency TEXT;
ALTER TABLE offer_lines ADD COLUMN unit_price TEXT;
ALTER TABLE offer_lines ADD COLUMN price_list_id BIGINT REFERENCES price_lists(id);
