//! Storage of provider profiles, the directory, and proposed profile changes.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::providers::{DirectoryEntry, Profile, ProfileChange};

#[async_trait]
pub trait ProviderStore: Send + Sync {
    /// One page of published profiles of indirect providers, by company name; `search`
    /// matches name, MPN ID or description, `country` a country or region served.
    async fn directory_page(&self, search: &str, country: Option<&str>, page: i64, per_page: i64) -> StoreResult<(Vec<DirectoryEntry>, i64)>;
    /// Every country or region that at least one published profile serves.
    async fn directory_countries(&self) -> StoreResult<Vec<String>>;
    /// The published profile of a provider, if any.
    async fn provider_profile(&self, organisation_id: i64) -> StoreResult<Option<Profile>>;
    /// Publishes a profile at once (demo data; approvals go through `decide_profile_change`).
    async fn publish_provider_profile(&self, organisation_id: i64, profile: &Profile) -> StoreResult<()>;
    /// The provider's proposed changes, newest first.
    async fn profile_changes(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<ProfileChange>>;
    /// Records a proposal by the actor's organisation; an earlier pending one is superseded.
    async fn propose_profile_change(&self, actor: &Actor, profile: &Profile) -> StoreResult<i64>;
    /// Withdraws the actor's organisation's pending proposal.
    async fn withdraw_profile_change(&self, actor: &Actor) -> StoreResult<()>;
    /// Every pending change, oldest first.
    async fn pending_profile_changes(&self) -> StoreResult<Vec<ProfileChange>>;
    /// Approves (publishing the profile) or rejects a pending change. The audit entry goes to
    /// the provider's log, naming the operator who decided.
    async fn decide_profile_change(&self, actor: &Actor, change_id: i64, approve: bool, note: &str, origin: &str) -> StoreResult<()>;
}

/// A published profile row with its organisation.
#[derive(sqlx::FromRow)]
pub(crate) struct DirectoryRow {
    pub organisation_id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub description: String,
    pub website: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub provider_since: String,
}

impl DirectoryRow {
    pub(crate) fn into_entry(self, countries: Vec<String>) -> DirectoryEntry {
        DirectoryEntry {
            organisation_id: self.organisation_id,
            company_name: self.company_name,
            mpn_id: self.mpn_id,
            profile: Profile {
                description: self.description,
                website: self.website,
                contact_email: self.contact_email,
                contact_phone: self.contact_phone,
                countries,
                provider_since: self.provider_since,
            },
        }
    }
}

/// A proposed change row with its organisation and proposer.
#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    pub id: i64,
    pub organisation_id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub description: String,
    pub website: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub provider_since: String,
    pub countries: String,
    pub status: String,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub reviewed_at: Option<i64>,
    pub review_note: String,
}

impl From<ChangeRow> for ProfileChange {
    fn from(row: ChangeRow) -> Self {
        ProfileChange {
            id: row.id,
            organisation_id: row.organisation_id,
            company_name: row.company_name,
            mpn_id: row.mpn_id,
            profile: Profile {
                description: row.description,
                website: row.website,
                contact_email: row.contact_email,
                contact_phone: row.contact_phone,
                countries: row.countries.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                provider_since: row.provider_since,
            },
            status: domain::providers::ChangeStatus::from_code(&row.status),
            proposed_by: row.proposed_by,
            proposed_at: row.proposed_at,
            reviewed_at: row.reviewed_at,
            review_note: row.review_note,
        }
    }
}

/// The directory's filter: $1 search text, $2 its LIKE pattern, $3 country or ''.
pub const DIRECTORY_FILTER: &str = "FROM provider_profiles p JOIN organisations o ON o.id = p.organisation_id \
     WHERE o.is_indirect_provider = TRUE \
     AND ($2 = '%%' OR LOWER(o.name) LIKE $2 ESCAPE '\\' OR o.mpn_id = $1 OR LOWER(p.description) LIKE $2 ESCAPE '\\') \
     AND ($3 = '' OR EXISTS (SELECT 1 FROM provider_countries pc WHERE pc.organisation_id = p.organisation_id AND pc.country = $3)) ";

pub const CHANGE_COLUMNS: &str = "SELECT c.id, c.organisation_id, o.name AS company_name, o.mpn_id, c.description, c.website, \
     c.contact_email, c.contact_phone, c.provider_since, c.countries, c.status, u.name AS proposed_by, c.proposed_at, \
     c.reviewed_at, c.review_note \
     FROM provider_profile_changes c JOIN organisations o ON o.id = c.organisation_id JOIN users u ON u.id = c.proposed_by ";

/// A one-line account of a profile for the audit log.
pub fn audit_summary(profile: &Profile) -> String {
    format!(
        "countries {}; website {}; contact {} {}; provider since {}; description {} characters",
        profile.countries.join(","),
        if profile.website.is_empty() { "-" } else { &profile.website },
        profile.contact_email,
        profile.contact_phone,
        profile.provider_since,
        profile.description.chars().count()
    )
}

macro_rules! provider_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Replaces a provider's published profile and countries in `tx`.
            async fn write_profile(
                tx: &mut sqlx::Transaction<'_, $db>,
                organisation_id: i64,
                profile: &domain::providers::Profile,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO provider_profiles (organisation_id, description, website, contact_email, contact_phone, \
                     provider_since, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (organisation_id) DO UPDATE SET description = excluded.description, website = excluded.website, \
                     contact_email = excluded.contact_email, contact_phone = excluded.contact_phone, \
                     provider_since = excluded.provider_since, updated_at = excluded.updated_at",
                )
                .bind(organisation_id)
                .bind(&profile.description)
                .bind(&profile.website)
                .bind(&profile.contact_email)
                .bind(&profile.contact_phone)
                .bind(&profile.provider_since)
                .bind(now())
                .execute(&mut **tx)
                .await?;
                sqlx::query("DELETE FROM provider_countries WHERE organisation_id = $1").bind(organisation_id).execute(&mut **tx).await?;
                for country in &profile.countries {
                    sqlx::query("INSERT INTO provider_countries (organisation_id, country) VALUES ($1, $2)")
                        .bind(organisation_id)
                        .bind(country)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            /// The countries of several providers, by provider.
            async fn countries_of(&self, ids: &[i64]) -> StoreResult<std::collections::HashMap<i64, Vec<String>>> {
                let mut by_provider: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
                if ids.is_empty() {
                    return Ok(by_provider);
                }
                // The ids are integers read from the database, so listing them inline is safe.
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
                    "SELECT organisation_id, country FROM provider_countries WHERE organisation_id IN ({list}) ORDER BY country"
                ))
                .fetch_all(&self.pool)
                .await?;
                for (id, country) in rows {
                    by_provider.entry(id).or_default().push(country);
                }
                Ok(by_provider)
            }
        }

        #[async_trait::async_trait]
        impl ProviderStore for $store {
            async fn directory_page(
                &self,
                search: &str,
                country: Option<&str>,
                page: i64,
                per_page: i64,
            ) -> StoreResult<(Vec<domain::providers::DirectoryEntry>, i64)> {
                use providers::{DirectoryRow, DIRECTORY_FILTER};
                let pattern = partnerships::contains_pattern(search);
                let country = country.unwrap_or_default();
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {DIRECTORY_FILTER}"))
                    .bind(search)
                    .bind(&pattern)
                    .bind(country)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<DirectoryRow> = sqlx::query_as(&format!(
                    "SELECT p.organisation_id, o.name AS company_name, o.mpn_id, p.description, p.website, p.contact_email, \
                     p.contact_phone, p.provider_since {DIRECTORY_FILTER} ORDER BY o.name, o.id LIMIT $4 OFFSET $5"
                ))
                .bind(search)
                .bind(&pattern)
                .bind(country)
                .bind(per_page)
                .bind((page.max(1) - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                let ids: Vec<i64> = rows.iter().map(|r| r.organisation_id).collect();
                let mut countries = self.countries_of(&ids).await?;
                let entries = rows
                    .into_iter()
                    .map(|row| {
                        let list = countries.remove(&row.organisation_id).unwrap_or_default();
                        row.into_entry(list)
                    })
                    .collect();
                Ok((entries, total))
            }

            async fn directory_countries(&self) -> StoreResult<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT DISTINCT pc.country FROM provider_countries pc JOIN organisations o ON o.id = pc.organisation_id \
                     WHERE o.is_indirect_provider = TRUE ORDER BY pc.country",
                )
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }

            async fn provider_profile(&self, organisation_id: i64) -> StoreResult<Option<domain::providers::Profile>> {
                use providers::DirectoryRow;
                let row: Option<DirectoryRow> = sqlx::query_as(
                    "SELECT p.organisation_id, o.name AS company_name, o.mpn_id, p.description, p.website, p.contact_email, \
                     p.contact_phone, p.provider_since FROM provider_profiles p JOIN organisations o ON o.id = p.organisation_id \
                     WHERE p.organisation_id = $1",
                )
                .bind(organisation_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let countries = self.countries_of(&[organisation_id]).await?.remove(&organisation_id).unwrap_or_default();
                Ok(Some(row.into_entry(countries).profile))
            }

            async fn publish_provider_profile(&self, organisation_id: i64, profile: &domain::providers::Profile) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                Self::write_profile(&mut tx, organisation_id, profile).await?;
                Ok(tx.commit().await?)
            }

            async fn profile_changes(&self, organisation_id: i64, limit: i64) -> StoreResult<Vec<domain::providers::ProfileChange>> {
                use providers::{ChangeRow, CHANGE_COLUMNS};
                let rows: Vec<ChangeRow> =
                    sqlx::query_as(&format!("{CHANGE_COLUMNS}WHERE c.organisation_id = $1 ORDER BY c.proposed_at DESC, c.id DESC LIMIT $2"))
                        .bind(organisation_id)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn propose_profile_change(&self, actor: &Actor, profile: &domain::providers::Profile) -> StoreResult<i64> {
                let user_id = actor.user_id.ok_or(StoreError::NotFound)?;
                let mut tx = self.begin().await?;
                sqlx::query("UPDATE provider_profile_changes SET status = 'superseded' WHERE organisation_id = $1 AND status = 'pending'")
                    .bind(actor.organisation_id)
                    .execute(&mut *tx)
                    .await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO provider_profile_changes (organisation_id, description, website, contact_email, contact_phone, \
                     provider_since, countries, status, proposed_by, proposed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9) RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(&profile.description)
                .bind(&profile.website)
                .bind(&profile.contact_email)
                .bind(&profile.contact_phone)
                .bind(&profile.provider_since)
                .bind(profile.countries.join(","))
                .bind(user_id)
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "provider_profile.propose",
                        record_type: "provider_profile_change",
                        record_id: id.to_string(),
                        summary: format!("proposed: {}", providers::audit_summary(profile)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn withdraw_profile_change(&self, actor: &Actor) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let pending: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM provider_profile_changes WHERE organisation_id = $1 AND status = 'pending'")
                        .bind(actor.organisation_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((id,)) = pending else { return Err(StoreError::NotFound) };
                let done = sqlx::query("UPDATE provider_profile_changes SET status = 'withdrawn' WHERE id = $1 AND status = 'pending'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                Self::audit_and_commit(
                    tx,
                    done.rows_affected(),
                    actor,
                    AuditEntry {
                        action: "provider_profile.withdraw",
                        record_type: "provider_profile_change",
                        record_id: id.to_string(),
                        summary: "proposal withdrawn".to_string(),
                    },
                )
                .await
            }

            async fn pending_profile_changes(&self) -> StoreResult<Vec<domain::providers::ProfileChange>> {
                use providers::{ChangeRow, CHANGE_COLUMNS};
                let rows: Vec<ChangeRow> =
                    sqlx::query_as(&format!("{CHANGE_COLUMNS}WHERE c.status = 'pending' ORDER BY c.proposed_at, c.id")).fetch_all(&self.pool).await?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn decide_profile_change(&self, actor: &Actor, change_id: i64, approve: bool, note: &str, origin: &str) -> StoreResult<()> {
                use providers::{ChangeRow, CHANGE_COLUMNS};
                let mut tx = self.begin().await?;
                let row: Option<ChangeRow> =
                    sqlx::query_as(&format!("{CHANGE_COLUMNS}WHERE c.id = $1")).bind(change_id).fetch_optional(&mut *tx).await?;
                let Some(row) = row else { return Err(StoreError::NotFound) };
                let change: domain::providers::ProfileChange = row.into();
                let status = if approve { "approved" } else { "rejected" };
                // Only a pending change can be decided: a second decision, or one on a change the
                // provider withdrew or replaced meanwhile, changes nothing.
                let done = sqlx::query(
                    "UPDATE provider_profile_changes SET status = $1, reviewed_by = $2, reviewed_at = $3, review_note = $4 \
                     WHERE id = $5 AND status = 'pending'",
                )
                .bind(status)
                .bind(actor.user_id)
                .bind(now())
                .bind(note)
                .bind(change_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Refused(domain::error::Refusal::ChangeAlreadyDecided));
                }
                if approve {
                    Self::write_profile(&mut tx, change.organisation_id, &change.profile).await?;
                }
                // The provider's own audit log records the decision, made by the operator (not
                // which operator, nor from where: that is the installation's business).
                let provider_side = actor.seen_from(change.organisation_id);
                let entry = |organisation: &str| AuditEntry {
                    action: if approve { "provider_profile.approve" } else { "provider_profile.reject" },
                    record_type: "provider_profile_change",
                    record_id: change_id.to_string(),
                    summary: format!(
                        "{status} by the operator{organisation}{}",
                        if note.is_empty() { String::new() } else { format!("; note: {note}") }
                    ),
                };
                Self::write_audit(&mut tx, &provider_side, entry("")).await?;
                Self::write_audit(&mut tx, actor, entry(&format!(" for {} ({})", change.company_name, change.mpn_id))).await?;
                // Whoever proposed it hears the decision (or the provider's Global admins).
                let (proposed_by,): (i64,) =
                    sqlx::query_as("SELECT proposed_by FROM provider_profile_changes WHERE id = $1").bind(change_id).fetch_one(&mut *tx).await?;
                let mut journal = Journal::default();
                let link = format!("{origin}/settings/provider-profile");
                Self::notify(
                    &mut tx,
                    &mut journal,
                    change.organisation_id,
                    domain::email::Notification::ProfileDecided,
                    Some(proposed_by),
                    |name, email, locale| domain::email::Email::profile_decided(email, locale, name, approve, note, &link),
                )
                .await?;
                Self::write_journal(&mut tx, &provider_side, journal).await?;
                Ok(tx.commit().await?)
            }
        }
    };
}

pub(crate) use provider_sql;
