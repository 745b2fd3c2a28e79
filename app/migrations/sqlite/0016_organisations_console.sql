-- The operator's organisations console (issue #27): an organisation can be suspended (its users
-- cannot sign in, its sessions and API keys stop working) with a reason, and the certification
-- for delegated administration records when it was set and by whom.
ALTER TABLE organisations ADD COLUMN suspended_at BIGINT;
ALTER TABLE organisations ADD COLUMN suspension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN dap_certified_at BIGINT;
ALTER TABLE organisations ADD COLUMN dap_certified_by BIGINT REFERENCES users(id);
CREATE INDEX organisations_by_name ON organisations(name);
