-- Delegated administration after the offer (issue #29 §1). One granular delegated admin
-- relationship per customer and request: a customer who accepts an offer with delegated
-- administration gets one (approved by the acceptance), and a partner can ask an existing
-- customer for another (approved through its link). The status is read from the times and the
-- clock (domain::delegated_admin::status): approved_at empty means waiting (ends_at is then
-- the approval's deadline). Names are unique within the partner, as the program requires.
-- The marks say which end was announced as near (expiring) and that the end was announced.
CREATE TABLE gdap_relationships (
    id INTEGER PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES organisations(id),
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    offer_id BIGINT REFERENCES offers(id),
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    duration_days BIGINT NOT NULL,
    auto_extend BOOLEAN NOT NULL DEFAULT FALSE,
    requested_at BIGINT NOT NULL,
    approved_at BIGINT,
    ends_at BIGINT NOT NULL,
    terminated_at BIGINT,
    terminated_by TEXT,
    approval_token TEXT UNIQUE,
    expiring_announced_for BIGINT,
    expired_announced BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (partner_id, name)
);
CREATE INDEX gdap_relationships_by_end ON gdap_relationships(partner_id, ends_at);
CREATE INDEX gdap_relationships_by_customer ON gdap_relationships(customer_id, requested_at);
-- The reminder round across every organisation: live, fixed-end relationships by end.
CREATE INDEX gdap_relationships_due ON gdap_relationships(ends_at) WHERE terminated_at IS NULL AND auto_extend = FALSE;
