-- Discounts on offers (issue #28): an advisor may give a discount or set a price per license on
-- an offer's line, within the largest discount (percent) the organisation's Global admin sets
-- (0, the default: the price list's prices only). The line keeps the price list's price beside
-- the price offered; the client sees the price offered.
ALTER TABLE organisations ADD COLUMN discount_limit BIGINT NOT NULL DEFAULT 0;
ALTER TABLE offer_lines ADD COLUMN list_price TEXT;
ALTER TABLE customer_subscriptions ADD COLUMN list_price TEXT;
