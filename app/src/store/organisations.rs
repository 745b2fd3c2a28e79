//! The operator's organisations console: every organisation of the installation, searched and
//! opened, with the changes only the operator makes (programs, the certification for delegated
//! administration, suspension). Each change is audited in the operator's log and in the
//! organisation's own.

use super::{Actor, NewOrganisation, OrganisationRow, StoreResult};
use async_trait::async_trait;
use domain::operator::{OrganisationDetail, OrganisationSearch, OrganisationsPage};
use domain::roles::Programs;

#[async_trait]
pub trait OrganisationStore: Send + Sync {
    async fn create_organisation(&self, actor: Option<&Actor>, org: &NewOrganisation) -> StoreResult<i64>;
    async fn organisation(&self, id: i64) -> StoreResult<Option<OrganisationRow>>;
    async fn organisation_count(&self) -> StoreResult<i64>;
    async fn organisation_by_mpn_id(&self, mpn_id: &str) -> StoreResult<Option<OrganisationRow>>;
    /// One page of the organisations that match `search`, by name.
    async fn search_organisations(&self, search: &OrganisationSearch, per_page: i64) -> StoreResult<OrganisationsPage>;
    /// One organisation as the console opens it.
    async fn organisation_detail(&self, id: i64) -> StoreResult<Option<OrganisationDetail>>;
    /// Puts the organisation in exactly `programs`. Leaving the Subscription advisor program
    /// ends its certification for delegated administration.
    async fn set_programs(&self, actor: &Actor, id: i64, programs: Programs) -> StoreResult<()>;
    /// Records (or withdraws) the certification for delegated administration, with when and by
    /// whom. Refused unless the organisation is in the Subscription advisor program.
    async fn set_dap_certified(&self, actor: &Actor, id: i64, certified: bool) -> StoreResult<()>;
    /// Suspends the organisation with `reason` (its users' sessions end: they sign in again
    /// once it is reactivated), or reactivates it (`None`).
    async fn set_suspension(&self, actor: &Actor, id: i64, reason: Option<&str>) -> StoreResult<()>;
}

/// The console's filter: $1 the name pattern, $2 the text as typed (an MPN ID matches whole),
/// $3 a program's code or '', $4 a status's code or ''.
pub const ORGANISATION_FILTER: &str = "WHERE ($1 = '%%' OR LOWER(o.name) LIKE $1 ESCAPE '\\' OR o.mpn_id = $2) \
     AND ($3 = '' OR ($3 = 'advisor' AND o.is_advisor) OR ($3 = 'indirect_provider' AND o.is_indirect_provider) \
     OR ($3 = 'indirect_reseller' AND o.is_indirect_reseller)) \
     AND ($4 = '' OR ($4 = 'active' AND o.suspended_at IS NULL) OR ($4 = 'suspended' AND o.suspended_at IS NOT NULL)) ";

/// The programs' names for the audit log.
pub fn programs_summary(programs: Programs) -> String {
    let names: Vec<&str> = programs
        .list()
        .into_iter()
        .map(|p| match p {
            domain::roles::Program::Advisor => "Subscription advisor",
            domain::roles::Program::IndirectProvider => "Indirect provider",
            domain::roles::Program::IndirectReseller => "Indirect reseller",
        })
        .collect();
    names.join(", ")
}

macro_rules! organisation_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Writes one change of the console in the operator's log and the organisation's.
            async fn audit_both(
                tx: &mut sqlx::Transaction<'_, $db>,
                actor: &Actor,
                id: i64,
                action: &'static str,
                summary: String,
            ) -> StoreResult<()> {
                for seen_by in [actor.clone(), actor.seen_from(id)] {
                    let entry = AuditEntry { action, record_type: "organisation", record_id: id.to_string(), summary: summary.clone() };
                    Self::write_audit(tx, &seen_by, entry).await?;
                    if id == actor.organisation_id {
                        break;
                    }
                }
                Ok(())
            }

            /// Gives the organisation an advisor code (its public offer links start with it)
            /// if it has none: its name's [`advisor_code_from_name`](domain::operator::advisor_code_from_name),
            /// with a number when another organisation has that one.
            pub(crate) async fn ensure_advisor_code(tx: &mut sqlx::Transaction<'_, $db>, id: i64, name: &str) -> StoreResult<()> {
                let base = domain::operator::advisor_code_from_name(name);
                for n in 1..1000 {
                    let candidate = if n == 1 { base.clone() } else { format!("{base}-{n}") };
                    let taken: Option<(i64,)> =
                        sqlx::query_as("SELECT id FROM organisations WHERE advisor_code = $1").bind(&candidate).fetch_optional(&mut **tx).await?;
                    if taken.is_none() {
                        sqlx::query("UPDATE organisations SET advisor_code = $2 WHERE id = $1 AND advisor_code IS NULL")
                            .bind(id)
                            .bind(&candidate)
                            .execute(&mut **tx)
                            .await?;
                        return Ok(());
                    }
                }
                Err(StoreError::Unique("organisations.advisor_code".to_string()))
            }

            /// The organisation's name and programs, inside the change's transaction.
            async fn organisation_for_change(tx: &mut sqlx::Transaction<'_, $db>, id: i64) -> StoreResult<(String, domain::roles::Programs)> {
                let found: Option<(String, bool, bool, bool)> =
                    sqlx::query_as("SELECT name, is_advisor, is_indirect_provider, is_indirect_reseller FROM organisations WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?;
                let (name, advisor, indirect_provider, indirect_reseller) = found.ok_or(StoreError::NotFound)?;
                Ok((name, domain::roles::Programs { advisor, indirect_provider, indirect_reseller }))
            }
        }

        #[async_trait::async_trait]
        impl organisations::OrganisationStore for $store {
            async fn create_organisation(&self, actor: Option<&Actor>, org: &NewOrganisation) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let id = Self::insert_organisation(&mut tx, org).await?;
                let own = Actor { user_id: None, organisation_id: id, ip: None };
                Self::write_audit(
                    &mut tx,
                    actor.unwrap_or(&own),
                    AuditEntry {
                        action: "organisation.create",
                        record_type: "organisation",
                        record_id: id.to_string(),
                        summary: format!("{} (MPN ID {}, {})", org.name, org.mpn_id, org.country),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn organisation(&self, id: i64) -> StoreResult<Option<OrganisationRow>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, mpn_id, country, is_advisor, is_indirect_provider, is_indirect_reseller, \
                     dap_certified, advisor_code, suspended_at, require_mfa FROM organisations WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn organisation_count(&self) -> StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations").fetch_one(&self.pool).await?;
                Ok(count)
            }

            async fn organisation_by_mpn_id(&self, mpn_id: &str) -> StoreResult<Option<OrganisationRow>> {
                Ok(sqlx::query_as(
                    "SELECT id, name, mpn_id, country, is_advisor, is_indirect_provider, is_indirect_reseller, \
                     dap_certified, advisor_code, suspended_at, require_mfa FROM organisations WHERE mpn_id = $1",
                )
                .bind(mpn_id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn search_organisations(
                &self,
                search: &domain::operator::OrganisationSearch,
                per_page: i64,
            ) -> StoreResult<domain::operator::OrganisationsPage> {
                let pattern = partnerships::contains_pattern(&search.text);
                let program = search.program.map(domain::operator::program_code).unwrap_or("");
                let status = search.status.code();
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM organisations o {}", organisations::ORGANISATION_FILTER))
                    .bind(&pattern)
                    .bind(&search.text)
                    .bind(program)
                    .bind(status)
                    .fetch_one(&self.pool)
                    .await?;
                let rows: Vec<domain::operator::OrganisationSummary> = sqlx::query_as(&format!(
                    "SELECT o.id, o.name, o.mpn_id, o.country, o.is_advisor, o.is_indirect_provider, o.is_indirect_reseller, \
                     o.dap_certified, o.suspended_at, \
                     (SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id AND u.active = TRUE) AS users \
                     FROM organisations o {} ORDER BY LOWER(o.name), o.id LIMIT $5 OFFSET $6",
                    organisations::ORGANISATION_FILTER
                ))
                .bind(&pattern)
                .bind(&search.text)
                .bind(program)
                .bind(status)
                .bind(per_page)
                .bind((search.page - 1) * per_page)
                .fetch_all(&self.pool)
                .await?;
                Ok(domain::operator::OrganisationsPage { rows, total, page: search.page, per_page })
            }

            async fn organisation_detail(&self, id: i64) -> StoreResult<Option<domain::operator::OrganisationDetail>> {
                Ok(sqlx::query_as(
                    "SELECT o.id, o.name, o.mpn_id, o.country, o.is_advisor, o.is_indirect_provider, o.is_indirect_reseller, \
                     o.advisor_code, o.created_at, o.dap_certified, o.dap_certified_at, c.name AS dap_certified_by, \
                     o.suspended_at, o.suspension_reason, \
                     (SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id AND u.active = TRUE) AS users, \
                     EXISTS (SELECT 1 FROM users u WHERE u.organisation_id = o.id AND u.roles LIKE '%operator%') AS is_operators \
                     FROM organisations o LEFT JOIN users c ON c.id = o.dap_certified_by WHERE o.id = $1",
                )
                .bind(id)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn set_programs(&self, actor: &Actor, id: i64, programs: domain::roles::Programs) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (name, before) = Self::organisation_for_change(&mut tx, id).await?;
                if before == programs {
                    return Ok(());
                }
                sqlx::query("UPDATE organisations SET is_advisor = $2, is_indirect_provider = $3, is_indirect_reseller = $4 WHERE id = $1")
                    .bind(id)
                    .bind(programs.advisor)
                    .bind(programs.indirect_provider)
                    .bind(programs.indirect_reseller)
                    .execute(&mut *tx)
                    .await?;
                let mut summary =
                    format!("{name}: programs {} (were {})", organisations::programs_summary(programs), organisations::programs_summary(before));
                if programs.advisor {
                    Self::ensure_advisor_code(&mut tx, id, &name).await?;
                }
                if !programs.advisor {
                    let ended = sqlx::query(
                        "UPDATE organisations SET dap_certified = FALSE, dap_certified_at = NULL, dap_certified_by = NULL \
                         WHERE id = $1 AND dap_certified = TRUE",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if ended > 0 {
                        summary.push_str("; certification for delegated administration ended with the advisor program");
                    }
                }
                Self::audit_both(&mut tx, actor, id, "organisation.programs", summary).await?;
                Ok(tx.commit().await?)
            }

            async fn set_dap_certified(&self, actor: &Actor, id: i64, certified: bool) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (name, programs) = Self::organisation_for_change(&mut tx, id).await?;
                if certified && !programs.advisor {
                    return Err(StoreError::Refused(domain::error::Refusal::NeedsAdvisorProgram));
                }
                let changed = sqlx::query(
                    "UPDATE organisations SET dap_certified = $2, dap_certified_at = $3, dap_certified_by = $4 \
                     WHERE id = $1 AND dap_certified <> $2",
                )
                .bind(id)
                .bind(certified)
                .bind(certified.then(now))
                .bind(actor.user_id.filter(|_| certified))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(());
                }
                let (action, summary) = if certified {
                    ("organisation.dap_certify", format!("{name}: certified for delegated administration"))
                } else {
                    ("organisation.dap_withdraw", format!("{name}: certification for delegated administration withdrawn"))
                };
                Self::audit_both(&mut tx, actor, id, action, summary).await?;
                Ok(tx.commit().await?)
            }

            async fn set_suspension(&self, actor: &Actor, id: i64, reason: Option<&str>) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let (name, _) = Self::organisation_for_change(&mut tx, id).await?;
                let (action, summary) = match reason {
                    Some(reason) => {
                        let changed =
                            sqlx::query("UPDATE organisations SET suspended_at = $2, suspension_reason = $3 WHERE id = $1 AND suspended_at IS NULL")
                                .bind(id)
                                .bind(now())
                                .bind(reason)
                                .execute(&mut *tx)
                                .await?
                                .rows_affected();
                        if changed == 0 {
                            return Ok(());
                        }
                        // Every session of its users ends now, and does not come back with a
                        // reactivation.
                        sqlx::query("UPDATE users SET session_generation = session_generation + 1 WHERE organisation_id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        ("organisation.suspend", format!("{name}: suspended ({reason})"))
                    }
                    None => {
                        let changed = sqlx::query(
                            "UPDATE organisations SET suspended_at = NULL, suspension_reason = '' WHERE id = $1 AND suspended_at IS NOT NULL",
                        )
                        .bind(id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if changed == 0 {
                            return Ok(());
                        }
                        ("organisation.reactivate", format!("{name}: reactivated"))
                    }
                };
                Self::audit_both(&mut tx, actor, id, action, summary).await?;
                Ok(tx.commit().await?)
            }
        }
    };
}

pub(crate) use organisation_sql;
