-- Messages partners' users write and PartnerDesk sends for them (issue #27): a partnership
-- request emailed to a reseller, a purchase offer emailed to a client. Replies go to the user
-- who wrote it; the organisation's messages of the last 24 hours are counted to bound them.
ALTER TABLE emails ADD COLUMN reply_to TEXT;
CREATE INDEX emails_by_organisation ON emails(organisation_id, created_at);
