-- Price lists (issue #28): the operator imports the catalog from a CSV price list in the shape
-- of the partner program's new-commerce license-based price list. Each import is a price list
-- of its own (earlier ones stay readable); the newest is in force, and the catalog's products,
-- descriptions and markets follow it. Amounts are exact decimals written as text (never
-- floating point); dates are YYYY-MM-DD.
ALTER TABLE catalog_subscriptions ADD COLUMN product_id TEXT;
ALTER TABLE catalog_subscriptions ADD COLUMN sku_id TEXT;
UPDATE catalog_subscriptions SET product_id = id, sku_id = '0001';
CREATE UNIQUE INDEX catalog_subscriptions_by_sku ON catalog_subscriptions(product_id, sku_id);

CREATE TABLE price_lists (
    id INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    imported_by BIGINT REFERENCES users(id),
    source TEXT NOT NULL,
    row_count BIGINT NOT NULL
);

CREATE TABLE prices (
    price_list_id BIGINT NOT NULL REFERENCES price_lists(id),
    subscription_id TEXT NOT NULL REFERENCES catalog_subscriptions(id),
    term TEXT NOT NULL,
    billing_plan TEXT NOT NULL,
    market TEXT NOT NULL,
    currency TEXT NOT NULL,
    unit_price TEXT NOT NULL,
    erp_price TEXT NOT NULL,
    effective_start TEXT NOT NULL,
    effective_end TEXT NOT NULL,
    PRIMARY KEY (price_list_id, subscription_id, term, billing_plan, market)
);
CREATE INDEX prices_by_market ON prices(price_list_id, market);

-- A file uploaded on the operator's page, kept until it is applied (or for a day) so that its
-- preview and Apply read the same bytes on whichever server answers.
CREATE TABLE price_list_uploads (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    uploaded_at BIGINT NOT NULL
);
