-- Indirect provider profiles, the public directory, and the operator's approval queue (SQLite).

-- The published profile of an indirect provider, as the directory shows it. Company name and
-- MPN ID come from the organisation.
CREATE TABLE provider_profiles (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    description TEXT NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL DEFAULT '',
    provider_since TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The countries and regions a published profile serves (for the directory's filter).
CREATE TABLE provider_countries (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    country TEXT NOT NULL,
    PRIMARY KEY (organisation_id, country)
);
CREATE INDEX provider_countries_by_country ON provider_countries(country, organisation_id);

-- Changes a provider's Global admin proposes; they take effect when an operator approves.
-- status: pending | approved | rejected | withdrawn | superseded.
CREATE TABLE provider_profile_changes (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    description TEXT NOT NULL,
    website TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    provider_since TEXT NOT NULL,
    countries TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by BIGINT NOT NULL REFERENCES users(id),
    proposed_at BIGINT NOT NULL,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at BIGINT,
    review_note TEXT NOT NULL DEFAULT ''
);
-- At most one pending change per provider.
CREATE UNIQUE INDEX provider_profile_changes_one_pending
    ON provider_profile_changes(organisation_id) WHERE status = 'pending';
CREATE INDEX provider_profile_changes_by_status ON provider_profile_changes(status, proposed_at);
CREATE INDEX provider_profile_changes_by_organisation ON provider_profile_changes(organisation_id, proposed_at);

-- The Customers page filtered by one reseller: count and first page from one index.
CREATE INDEX customers_by_partner_reseller ON customers(partner_id, reseller_id, company_name, id);
