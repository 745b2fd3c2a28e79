-- Notifications (issue #27): each user's language (the messages PartnerDesk sends them are
-- written in it; it follows the language they sign in with or choose), and the notifications
-- an organisation's Global admin turned off for its users.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
CREATE TABLE notifications_off (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (organisation_id, kind)
);
