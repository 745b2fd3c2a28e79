-- Foundation schema (SQLite). Times are Unix seconds; ids are 64-bit integers.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    mpn_id TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    is_advisor BOOLEAN NOT NULL DEFAULT FALSE,
    is_indirect_provider BOOLEAN NOT NULL DEFAULT FALSE,
    is_indirect_reseller BOOLEAN NOT NULL DEFAULT FALSE,
    dap_certified BOOLEAN NOT NULL DEFAULT FALSE,
    advisor_code TEXT UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    address_line1 TEXT NOT NULL,
    city TEXT NOT NULL,
    country TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX offices_by_organisation ON offices(organisation_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_by_organisation ON users(organisation_id);

CREATE TABLE catalog_subscriptions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    min_licenses BIGINT NOT NULL CHECK (min_licenses >= 1),
    max_licenses BIGINT NOT NULL CHECK (max_licenses >= min_licenses),
    sort_order BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE catalog_availability (
    subscription_id TEXT NOT NULL REFERENCES catalog_subscriptions(id),
    country TEXT NOT NULL,
    PRIMARY KEY (subscription_id, country)
);
CREATE INDEX catalog_availability_by_country ON catalog_availability(country);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL,
    user_id BIGINT,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    ip TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX audit_log_by_organisation ON audit_log(organisation_id, at);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_email ON sign_in_failures(email, at);
