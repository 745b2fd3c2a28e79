-- Indirect resellers: partnership requests, partnerships, and the customers they serve (SQLite).

-- A provider's request: a personalised, unguessable link sent to one reseller.
CREATE TABLE partnership_requests (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    token TEXT NOT NULL UNIQUE,
    recipient_email TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    revoked_at BIGINT,
    accepted_at BIGINT,
    accepted_by_org BIGINT REFERENCES organisations(id),
    accepted_by_user BIGINT REFERENCES users(id)
);
CREATE INDEX partnership_requests_by_provider ON partnership_requests(provider_id, created_at);

-- A partnership between an indirect provider and an indirect reseller. A removed partnership
-- keeps its row (removed_at); at most one active partnership exists per pair.
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    reseller_id BIGINT NOT NULL REFERENCES organisations(id),
    request_id BIGINT REFERENCES partnership_requests(id),
    created_at BIGINT NOT NULL,
    removed_at BIGINT,
    removed_by BIGINT REFERENCES users(id)
);
CREATE UNIQUE INDEX partnerships_active_pair ON partnerships(provider_id, reseller_id) WHERE removed_at IS NULL;
CREATE INDEX partnerships_by_reseller ON partnerships(reseller_id);

-- Customers of a partner (an indirect provider, or an advisor through an accepted offer),
-- optionally associated with an indirect reseller that manages the account.
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES organisations(id),
    reseller_id BIGINT REFERENCES organisations(id),
    company_name TEXT NOT NULL,
    domain_prefix TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    registration_number TEXT NOT NULL DEFAULT '',
    contact_first_name TEXT NOT NULL,
    contact_last_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    admin_user_name TEXT NOT NULL DEFAULT '',
    admin_password_hash TEXT,
    idempotency_key TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (partner_id, idempotency_key)
);
CREATE INDEX customers_by_partner ON customers(partner_id, company_name);
CREATE INDEX customers_by_reseller ON customers(reseller_id);

-- A customer's subscription, with the reseller of record (incentives) and the designated
-- support contact (a reseller, or the provider itself).
CREATE TABLE customer_subscriptions (
    id INTEGER PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id),
    subscription_id TEXT NOT NULL REFERENCES catalog_subscriptions(id),
    license_count BIGINT NOT NULL CHECK (license_count >= 1),
    status TEXT NOT NULL DEFAULT 'active',
    reseller_of_record_id BIGINT REFERENCES organisations(id),
    support_contact_id BIGINT REFERENCES organisations(id),
    offer_id BIGINT REFERENCES offers(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX customer_subscriptions_by_customer ON customer_subscriptions(customer_id);
CREATE INDEX customer_subscriptions_by_reseller ON customer_subscriptions(reseller_of_record_id);
CREATE INDEX customer_subscriptions_by_support ON customer_subscriptions(support_contact_id);
