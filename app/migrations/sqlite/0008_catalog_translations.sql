-- A catalog subscription's description in the languages other than English (issue #8): the
-- English text stays in catalog_subscriptions.description and is shown where a language has
-- no translation. `language` is the BCP 47 tag of PartnerDesk's languages (nl, fr, pt-BR).
CREATE TABLE catalog_translations (
    subscription_id TEXT NOT NULL REFERENCES catalog_subscriptions(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (subscription_id, language)
);
