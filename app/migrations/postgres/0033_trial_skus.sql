-- Trial SKUs (issue #28): a price list's rows tagged "Trial" price a SKU that trial
-- invitations offer, free; it is never sold. It shares its product with the SKU it converts to.
ALTER TABLE catalog_subscriptions ADD COLUMN trial BOOLEAN NOT NULL DEFAULT FALSE;
