-- Delegated administration, continued (issue #29 §1).
-- Access assignments: which of the partner's security groups (a name kept here) get which of
-- a relationship's roles (a subset of them).
CREATE TABLE gdap_access_assignments (
    id INTEGER PRIMARY KEY,
    relationship_id BIGINT NOT NULL REFERENCES gdap_relationships(id),
    group_name TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (relationship_id, group_name)
);
-- Role templates an organisation saves and reuses when it asks customers for relationships
-- ("Helpdesk", "Licensing").
CREATE TABLE gdap_role_templates (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);
