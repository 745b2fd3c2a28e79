-- The transition plan of a removed partnership (issue #29 §3): each live subscription on which
-- the removed reseller was reseller of record or designated support contact, and who it names
-- after the removal (the provider's choice: another partnered reseller, the provider itself, or
-- as it was). The notices to the customers are drafted from it.
CREATE TABLE partnership_reassignments (
    id INTEGER PRIMARY KEY,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id),
    subscription_id BIGINT NOT NULL REFERENCES customer_subscriptions(id),
    was_reseller_of_record BOOLEAN NOT NULL,
    was_support_contact BOOLEAN NOT NULL,
    reseller_of_record_after BIGINT REFERENCES organisations(id),
    support_contact_after BIGINT REFERENCES organisations(id),
    moved BOOLEAN NOT NULL
);
CREATE INDEX partnership_reassignments_by_partnership ON partnership_reassignments(partnership_id);
