-- Offers expiring (issue #28): an open offer's advisor is told three days before it expires,
-- once per expiry date (an offer extended after the reminder is announced again before its new
-- date). The index finds what is due across every organisation.
ALTER TABLE offers ADD COLUMN expiry_reminded_for BIGINT;
CREATE INDEX offers_expiring ON offers(status, expires_at);
