//! Delegated administration's storage (see [`domain::delegated_admin`]): the relationships of
//! a partner's customers, their requests' approval links, and the reminder round that announces
//! the ones expiring and expired.

use super::{Actor, StoreResult};
use async_trait::async_trait;
use domain::deadlines::Deadline;
use domain::delegated_admin::{
    ApprovalAnswer, ApprovalRequest, Relationship, RelationshipFilter, RelationshipStatus, RelationshipTimes, TerminatedBy, ValidRelationshipRequest,
};
use domain::offers::GdapRole;

#[async_trait]
pub trait DelegatedAdminStore: Send + Sync {
    /// One page of `partner_id`'s relationships that match `filter` at `now`, with how many
    /// match in all: by customer (newest first within one), or by end when filtered by it.
    async fn relationships(
        &self,
        partner_id: i64,
        filter: &RelationshipFilter,
        now: i64,
        page: i64,
        per_page: i64,
    ) -> StoreResult<(Vec<Relationship>, i64)>;
    /// The name of `partner_id`'s customer `customer_id` (none: not its customer).
    async fn relationship_customer(&self, partner_id: i64, customer_id: i64) -> StoreResult<Option<String>>;
    /// What the organisation's customer has: the name and catalog id of each of its active or
    /// suspended subscriptions (what a relationship's recommended roles follow).
    async fn customer_products(&self, partner_id: i64, customer_id: i64) -> StoreResult<Vec<(String, String)>>;
    /// Asks the actor's organisation's customer for a new relationship, waiting for its
    /// approval through `token`'s link until [`domain::delegated_admin::APPROVAL_SECONDS`]
    /// after `now`. Audited, sent as `delegated_admin.requested`. `NotFound` when the customer
    /// is not the organisation's; `Unique` when the name is taken.
    async fn request_relationship(
        &self,
        actor: &Actor,
        customer_id: i64,
        request: &ValidRelationshipRequest,
        token: &str,
        now: i64,
    ) -> StoreResult<i64>;
    /// Terminates the organisation's relationship `id` (waiting, active or expiring). Audited,
    /// sent as `delegated_admin.terminated`. `NotFound` when it is not the organisation's or has
    /// ended already.
    async fn terminate_relationship(&self, actor: &Actor, id: i64, now: i64) -> StoreResult<()>;
    /// The request behind an approval link, as the client sees it.
    async fn approval_request(&self, token: &str, now: i64) -> StoreResult<Option<ApprovalRequest>>;
    /// The client's answer through the link: approves (the relationship runs from `now` for
    /// its duration) or declines a waiting request, or ends an approved relationship. Audited in the partner's log, sent as
    /// `delegated_admin.approved` or `.terminated`, the partner's Global admins notified of it.
    /// `Ok(None)`: no such link; otherwise the status after the answer (unchanged when the
    /// request was no longer open).
    async fn answer_approval(&self, token: &str, answer: ApprovalAnswer, ip: Option<String>, now: i64) -> StoreResult<Option<RelationshipStatus>>;
    /// `partner_id`'s relationship `id` with customer `customer_id`, as at `now`.
    async fn relationship(&self, partner_id: i64, customer_id: i64, id: i64, now: i64) -> StoreResult<Option<Relationship>>;
    /// The access assignments of `partner_id`'s relationships with `customer_id`, as
    /// (relationship, assignment), by group name.
    async fn access_assignments(&self, partner_id: i64, customer_id: i64) -> StoreResult<Vec<(i64, domain::delegated_admin::AccessAssignment)>>;
    /// Gives a security group some of the actor's organisation's relationship's roles (checked
    /// by the service against the relationship's). `Unique` when the group has some already;
    /// `NotFound` when the relationship is not the organisation's, has ended early, or holds
    /// [`domain::delegated_admin::MAX_ASSIGNMENTS`] already. Audited.
    async fn add_access_assignment(
        &self,
        actor: &Actor,
        relationship_id: i64,
        assignment: &domain::delegated_admin::ValidAccessAssignment,
        now: i64,
    ) -> StoreResult<i64>;
    /// Removes an access assignment of the actor's organisation's (`NotFound` otherwise). Audited.
    async fn remove_access_assignment(&self, actor: &Actor, id: i64) -> StoreResult<()>;
    /// The organisation's role templates, by name.
    async fn role_templates(&self, organisation_id: i64) -> StoreResult<Vec<domain::delegated_admin::RoleTemplate>>;
    /// Saves a role template for the actor's organisation (`Unique` when the name is taken;
    /// `NotFound` when it holds [`domain::delegated_admin::MAX_TEMPLATES`] already). Audited.
    async fn add_role_template(&self, actor: &Actor, template: &domain::delegated_admin::ValidRoleTemplate, now: i64) -> StoreResult<i64>;
    /// Removes one of the actor's organisation's role templates (`NotFound` otherwise). Audited.
    async fn remove_role_template(&self, actor: &Actor, id: i64) -> StoreResult<()>;
    /// `partner_id`'s relationships that end in (`from`, `until`] and will not extend themselves.
    async fn relationship_deadlines(&self, partner_id: i64, from: i64, until: i64) -> StoreResult<Vec<Deadline>>;
    /// The reminder round: announces (webhook, and email to the Global admins) each relationship
    /// that came within 30 days of its end, and each that ended, once (one that ended over 30
    /// days ago, the servers being down, is marked without a word). Returns how many it marked.
    async fn send_relationship_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize>;
}

/// A relationship's status as [`domain::delegated_admin::status`] reads it, in SQL (`$3`: now,
/// `$4`: now plus the expiring period), for the lists' status filter. The integration tests
/// compare the two.
pub(crate) const STATUS_SQL: &str = "CASE WHEN g.terminated_at IS NOT NULL THEN 'terminated' \
     WHEN g.approved_at IS NULL THEN (CASE WHEN g.ends_at > $3 THEN 'approval_pending' ELSE 'expired' END) \
     WHEN g.auto_extend = TRUE THEN 'active' \
     WHEN g.ends_at <= $3 THEN 'expired' \
     WHEN g.ends_at <= $4 THEN 'expiring' ELSE 'active' END";

/// The lists' rows: `$1` the partner, `$2` one customer (0: all), `$3`/`$4` as in
/// [`STATUS_SQL`], `$5` a status code ('' for any), `$6` the latest end (0: any; only those that
/// do not extend themselves and are running or waiting).
pub(crate) fn list_from() -> String {
    format!(
        "FROM gdap_relationships g JOIN customers cu ON cu.id = g.customer_id LEFT JOIN offers o ON o.id = g.offer_id \
         WHERE g.partner_id = $1 AND (CAST($2 AS BIGINT) = 0 OR g.customer_id = $2) \
         AND (CAST($5 AS TEXT) = '' OR ({STATUS_SQL}) = $5) \
         AND (CAST($6 AS BIGINT) = 0 OR (g.terminated_at IS NULL AND g.auto_extend = FALSE AND g.ends_at > $3 AND g.ends_at <= $6))"
    )
}

pub(crate) const ROW_COLUMNS: &str = "g.id, g.customer_id, cu.company_name AS customer_name, g.name, g.roles, g.duration_days, g.auto_extend, \
     g.requested_at, g.approved_at, g.ends_at, g.terminated_at, g.terminated_by, o.summary_id AS offer, g.approval_token";

#[derive(sqlx::FromRow)]
pub(crate) struct RelationshipRow {
    id: i64,
    customer_id: i64,
    customer_name: String,
    name: String,
    roles: String,
    duration_days: i64,
    auto_extend: bool,
    requested_at: i64,
    approved_at: Option<i64>,
    ends_at: i64,
    terminated_at: Option<i64>,
    terminated_by: Option<String>,
    offer: Option<String>,
    approval_token: Option<String>,
}

/// Role codes as kept (`user_administrator,license_administrator`).
pub(crate) fn role_codes(roles: &[GdapRole]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

pub(crate) fn parse_roles(codes: &str) -> Vec<GdapRole> {
    codes.split(',').filter_map(GdapRole::from_code).collect()
}

impl RelationshipRow {
    pub(crate) fn times(&self) -> RelationshipTimes {
        RelationshipTimes {
            requested_at: self.requested_at,
            approved_at: self.approved_at,
            ends_at: self.ends_at,
            auto_extend: self.auto_extend,
            terminated_at: self.terminated_at,
        }
    }

    pub(crate) fn relationship(self, now: i64) -> Relationship {
        let (status, ends_at) = domain::delegated_admin::status(&self.times(), now);
        Relationship {
            approval_path: self
                .approval_token
                .filter(|_| status == RelationshipStatus::ApprovalPending)
                .map(|t| domain::delegated_admin::approval_path(&t)),
            id: self.id,
            customer_id: self.customer_id,
            customer_name: self.customer_name,
            name: self.name,
            roles: parse_roles(&self.roles),
            duration_days: self.duration_days,
            auto_extend: self.auto_extend,
            status,
            requested_at: self.requested_at,
            approved_at: self.approved_at,
            ends_at,
            terminated_at: self.terminated_at,
            terminated_by: self.terminated_by.as_deref().and_then(TerminatedBy::from_code),
            offer: self.offer,
            assignments: Vec::new(),
        }
    }

    /// The webhook payload for this relationship at `now`, as `event`.
    pub(crate) fn payload(&self, event: domain::developer::WebhookEvent, now: i64) -> domain::developer::payloads::RelationshipChanged {
        let (status, ends_at) = domain::delegated_admin::status(&self.times(), now);
        domain::developer::payloads::RelationshipChanged {
            event,
            id: self.id,
            customer_id: self.customer_id,
            name: self.name.clone(),
            roles: parse_roles(&self.roles).iter().map(|r| r.code().to_string()).collect(),
            status: status.code().to_string(),
            auto_extend: self.auto_extend,
            ends_at,
            terminated_by: self.terminated_by.clone(),
        }
    }
}

macro_rules! delegated_admin_sql {
    ($store:ident, $db:ty) => {
        impl $store {
            /// One relationship row (`id`) as the lists read it, inside `tx`.
            async fn relationship_row(tx: &mut sqlx::Transaction<'_, $db>, id: i64) -> StoreResult<delegated_admin::RelationshipRow> {
                let row = sqlx::query_as(&format!(
                    "SELECT {} FROM gdap_relationships g JOIN customers cu ON cu.id = g.customer_id LEFT JOIN offers o ON o.id = g.offer_id WHERE g.id = $1",
                    delegated_admin::ROW_COLUMNS
                ))
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
                Ok(row)
            }

            /// The relationship a customer's acceptance of `offer_id` approves at once (the
            /// client consented on the offer's page): named from the offer's relationship name
            /// and the customer's domain prefix (unique within the partner; a number is added in
            /// the rare case a partner named another relationship so by hand).
            #[allow(clippy::too_many_arguments)]
            pub(crate) async fn insert_accepted_relationship(
                tx: &mut sqlx::Transaction<'_, $db>,
                journal: &mut Journal,
                partner_id: i64,
                customer_id: i64,
                offer_id: i64,
                gdap: &domain::offers::GdapRequest,
                domain_prefix: &str,
                now: i64,
            ) -> StoreResult<()> {
                let mut name = domain::delegated_admin::relationship_name(&gdap.name, domain_prefix);
                for n in 2..=20 {
                    let (taken,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM gdap_relationships WHERE partner_id = $1 AND name = $2")
                        .bind(partner_id)
                        .bind(&name)
                        .fetch_one(&mut **tx)
                        .await?;
                    if taken == 0 {
                        break;
                    }
                    name = domain::delegated_admin::relationship_name(&format!("{} {n}", gdap.name), domain_prefix);
                }
                let auto_extend = false;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO gdap_relationships (partner_id, customer_id, offer_id, name, roles, duration_days, auto_extend, requested_at, approved_at, ends_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id",
                )
                .bind(partner_id)
                .bind(customer_id)
                .bind(offer_id)
                .bind(&name)
                .bind(delegated_admin::role_codes(&gdap.roles))
                .bind(i64::from(gdap.duration_days))
                .bind(auto_extend)
                .bind(now)
                .bind(now.saturating_add(i64::from(gdap.duration_days) * 86_400))
                .fetch_one(&mut **tx)
                .await?;
                let row = Self::relationship_row(tx, id).await?;
                journal.event(row.payload(domain::developer::WebhookEvent::RelationshipApproved, now));
                journal.audit(AuditEntry {
                    action: "delegated_admin.approve",
                    record_type: "gdap_relationship",
                    record_id: id.to_string(),
                    summary: format!("{name} approved with the offer's acceptance, {} days", gdap.duration_days),
                });
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl delegated_admin::DelegatedAdminStore for $store {
            async fn relationships(
                &self,
                partner_id: i64,
                filter: &domain::delegated_admin::RelationshipFilter,
                now: i64,
                page: i64,
                per_page: i64,
            ) -> StoreResult<(Vec<domain::delegated_admin::Relationship>, i64)> {
                let from = delegated_admin::list_from();
                let status = filter.status.map(|s| s.code()).unwrap_or_default();
                let ending = filter.ending_within_days.map_or(0, |days| now.saturating_add(days * 86_400));
                let soon = now.saturating_add(domain::delegated_admin::EXPIRING_SECONDS);
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {from}"))
                    .bind(partner_id)
                    .bind(filter.customer_id.unwrap_or(0))
                    .bind(now)
                    .bind(soon)
                    .bind(status)
                    .bind(ending)
                    .fetch_one(&self.pool)
                    .await?;
                let order = if filter.ending_within_days.is_some() {
                    "g.ends_at, g.id"
                } else {
                    "cu.company_name, g.customer_id, g.requested_at DESC, g.id DESC"
                };
                let rows: Vec<delegated_admin::RelationshipRow> =
                    sqlx::query_as(&format!("SELECT {} {from} ORDER BY {order} LIMIT $7 OFFSET $8", delegated_admin::ROW_COLUMNS))
                        .bind(partner_id)
                        .bind(filter.customer_id.unwrap_or(0))
                        .bind(now)
                        .bind(soon)
                        .bind(status)
                        .bind(ending)
                        .bind(per_page)
                        .bind((page.clamp(1, domain::validate::PAGE_MAX) - 1) * per_page)
                        .fetch_all(&self.pool)
                        .await?;
                Ok((rows.into_iter().map(|r| r.relationship(now)).collect(), total))
            }

            async fn customer_products(&self, partner_id: i64, customer_id: i64) -> StoreResult<Vec<(String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT c.name, s.subscription_id FROM customer_subscriptions s JOIN catalog_subscriptions c ON c.id = s.subscription_id \
                     WHERE s.customer_id = $1 AND s.partner_id = $2 AND s.status IN ('active', 'suspended') ORDER BY c.sort_order, s.id",
                )
                .bind(customer_id)
                .bind(partner_id)
                .fetch_all(&self.pool)
                .await?)
            }

            async fn relationship_customer(&self, partner_id: i64, customer_id: i64) -> StoreResult<Option<String>> {
                let found: Option<(String,)> = sqlx::query_as("SELECT company_name FROM customers WHERE id = $1 AND partner_id = $2")
                    .bind(customer_id)
                    .bind(partner_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(found.map(|(name,)| name))
            }

            async fn request_relationship(
                &self,
                actor: &Actor,
                customer_id: i64,
                request: &domain::delegated_admin::ValidRelationshipRequest,
                token: &str,
                now: i64,
            ) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO gdap_relationships (partner_id, customer_id, name, roles, duration_days, auto_extend, requested_at, ends_at, approval_token) \
                     SELECT cu.partner_id, cu.id, $3, $4, $5, $6, $7, $8, $9 FROM customers cu WHERE cu.id = $1 AND cu.partner_id = $2 RETURNING id",
                )
                .bind(customer_id)
                .bind(actor.organisation_id)
                .bind(&request.name)
                .bind(delegated_admin::role_codes(&request.roles))
                .bind(i64::from(request.duration_days))
                .bind(request.auto_extend)
                .bind(now)
                .bind(now.saturating_add(domain::delegated_admin::APPROVAL_SECONDS))
                .bind(token)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                let row = Self::relationship_row(&mut tx, id).await?;
                let mut journal = Journal::default();
                journal.event(row.payload(domain::developer::WebhookEvent::RelationshipRequested, now));
                journal.audit(AuditEntry {
                    action: "delegated_admin.request",
                    record_type: "gdap_relationship",
                    record_id: id.to_string(),
                    summary: format!(
                        "{} asked of {} ({}), {} days{}",
                        request.name,
                        row.relationship(now).customer_name,
                        delegated_admin::role_codes(&request.roles),
                        request.duration_days,
                        if request.auto_extend { ", extends itself" } else { "" }
                    ),
                });
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn terminate_relationship(&self, actor: &Actor, id: i64, now: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let ended = sqlx::query(
                    "UPDATE gdap_relationships SET terminated_at = $3, terminated_by = 'partner' \
                     WHERE id = $1 AND partner_id = $2 AND terminated_at IS NULL AND (ends_at > $3 OR (approved_at IS NOT NULL AND auto_extend = TRUE))",
                )
                .bind(id)
                .bind(actor.organisation_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if ended.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                }
                let row = Self::relationship_row(&mut tx, id).await?;
                let payload = row.payload(domain::developer::WebhookEvent::RelationshipTerminated, now);
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action: "delegated_admin.terminate",
                    record_type: "gdap_relationship",
                    record_id: id.to_string(),
                    summary: format!("{} with {} terminated", payload.name, row.relationship(now).customer_name),
                });
                journal.event(payload);
                Self::write_journal(&mut tx, actor, journal).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn approval_request(&self, token: &str, now: i64) -> StoreResult<Option<domain::delegated_admin::ApprovalRequest>> {
                #[derive(sqlx::FromRow)]
                struct Found {
                    partner_name: String,
                    #[sqlx(flatten)]
                    row: delegated_admin::RelationshipRow,
                }
                let found: Option<Found> = sqlx::query_as(&format!(
                    "SELECT p.name AS partner_name, {} FROM gdap_relationships g JOIN customers cu ON cu.id = g.customer_id \
                     JOIN organisations p ON p.id = g.partner_id LEFT JOIN offers o ON o.id = g.offer_id WHERE g.approval_token = $1",
                    delegated_admin::ROW_COLUMNS
                ))
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.map(|f| {
                    let r = f.row.relationship(now);
                    domain::delegated_admin::ApprovalRequest {
                        partner_name: f.partner_name,
                        customer_name: r.customer_name,
                        name: r.name,
                        roles: r.roles,
                        duration_days: r.duration_days,
                        auto_extend: r.auto_extend,
                        status: r.status,
                        ends_at: r.ends_at,
                    }
                }))
            }

            async fn answer_approval(
                &self,
                token: &str,
                answer: domain::delegated_admin::ApprovalAnswer,
                ip: Option<String>,
                now: i64,
            ) -> StoreResult<Option<domain::delegated_admin::RelationshipStatus>> {
                use domain::delegated_admin::ApprovalAnswer;
                use domain::developer::WebhookEvent;
                let mut tx = self.begin().await?;
                let found: Option<(i64, i64)> = sqlx::query_as("SELECT id, partner_id FROM gdap_relationships WHERE approval_token = $1")
                    .bind(token)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((id, partner_id)) = found else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                // Only an open request changes (the condition holds against a doubled answer).
                let open = "approved_at IS NULL AND terminated_at IS NULL AND ends_at > $2";
                let changed = match answer {
                    ApprovalAnswer::Approve => {
                        sqlx::query(&format!("UPDATE gdap_relationships SET approved_at = $2, ends_at = $2 + duration_days * 86400 WHERE id = $1 AND {open}"))
                            .bind(id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?
                    }
                    ApprovalAnswer::Decline => {
                        sqlx::query(&format!("UPDATE gdap_relationships SET terminated_at = $2, terminated_by = 'customer' WHERE id = $1 AND {open}"))
                            .bind(id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?
                    }
                    // Only a running relationship ends (an expired one has ended already).
                    ApprovalAnswer::End => {
                        sqlx::query(
                            "UPDATE gdap_relationships SET terminated_at = $2, terminated_by = 'customer' WHERE id = $1 AND approved_at IS NOT NULL \
                             AND terminated_at IS NULL AND (ends_at > $2 OR auto_extend = TRUE)",
                        )
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?
                    }
                };
                let row = Self::relationship_row(&mut tx, id).await?;
                let status = domain::delegated_admin::status(&row.times(), now).0;
                if changed.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(Some(status));
                }
                let (event, action, what) = match answer {
                    ApprovalAnswer::Approve => (WebhookEvent::RelationshipApproved, "delegated_admin.approve", "approved"),
                    ApprovalAnswer::Decline => (WebhookEvent::RelationshipTerminated, "delegated_admin.decline", "declined"),
                    ApprovalAnswer::End => (WebhookEvent::RelationshipTerminated, "delegated_admin.end", "ended"),
                };
                let payload = row.payload(event, now);
                let relationship = row.relationship(now);
                let mut journal = Journal::default();
                journal.audit(AuditEntry {
                    action,
                    record_type: "gdap_relationship",
                    record_id: id.to_string(),
                    summary: format!("{} {what} by {} through its link", relationship.name, relationship.customer_name),
                });
                journal.event(payload);
                Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: partner_id, ip }, journal).await?;
                tx.commit().await?;
                Ok(Some(status))
            }

            async fn relationship(&self, partner_id: i64, customer_id: i64, id: i64, now: i64) -> StoreResult<Option<domain::delegated_admin::Relationship>> {
                let found: Option<delegated_admin::RelationshipRow> = sqlx::query_as(&format!(
                    "SELECT {} FROM gdap_relationships g JOIN customers cu ON cu.id = g.customer_id LEFT JOIN offers o ON o.id = g.offer_id \
                     WHERE g.id = $1 AND g.partner_id = $2 AND g.customer_id = $3",
                    delegated_admin::ROW_COLUMNS
                ))
                .bind(id)
                .bind(partner_id)
                .bind(customer_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.map(|row| row.relationship(now)))
            }

            async fn access_assignments(&self, partner_id: i64, customer_id: i64) -> StoreResult<Vec<(i64, domain::delegated_admin::AccessAssignment)>> {
                let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
                    "SELECT a.relationship_id, a.id, a.group_name, a.roles FROM gdap_access_assignments a \
                     JOIN gdap_relationships g ON g.id = a.relationship_id WHERE g.partner_id = $1 AND g.customer_id = $2 \
                     ORDER BY a.group_name, a.id LIMIT 2000",
                )
                .bind(partner_id)
                .bind(customer_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(relationship_id, id, group_name, roles)| {
                        (relationship_id, domain::delegated_admin::AccessAssignment { id, group_name, roles: delegated_admin::parse_roles(&roles) })
                    })
                    .collect())
            }

            async fn add_access_assignment(
                &self,
                actor: &Actor,
                relationship_id: i64,
                assignment: &domain::delegated_admin::ValidAccessAssignment,
                now: i64,
            ) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                // The relationship is the organisation's, not ended early, and has room (the
                // service tells a full one apart first; past it, two racing additions find none).
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO gdap_access_assignments (relationship_id, group_name, roles, created_at) \
                     SELECT g.id, $3, $4, $5 FROM gdap_relationships g WHERE g.id = $1 AND g.partner_id = $2 AND g.terminated_at IS NULL \
                     AND (SELECT COUNT(*) FROM gdap_access_assignments n WHERE n.relationship_id = g.id) < $6 RETURNING id",
                )
                .bind(relationship_id)
                .bind(actor.organisation_id)
                .bind(&assignment.group_name)
                .bind(delegated_admin::role_codes(&assignment.roles))
                .bind(now)
                .bind(domain::delegated_admin::MAX_ASSIGNMENTS as i64)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "delegated_admin.assign",
                        record_type: "gdap_relationship",
                        record_id: relationship_id.to_string(),
                        summary: format!("security group {} gets {}", assignment.group_name, delegated_admin::role_codes(&assignment.roles)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn remove_access_assignment(&self, actor: &Actor, id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let found: Option<(i64, String)> = sqlx::query_as(
                    "SELECT a.relationship_id, a.group_name FROM gdap_access_assignments a JOIN gdap_relationships g ON g.id = a.relationship_id \
                     WHERE a.id = $1 AND g.partner_id = $2",
                )
                .bind(id)
                .bind(actor.organisation_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((relationship_id, group_name)) = found else {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                };
                sqlx::query("DELETE FROM gdap_access_assignments WHERE id = $1").bind(id).execute(&mut *tx).await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "delegated_admin.unassign",
                        record_type: "gdap_relationship",
                        record_id: relationship_id.to_string(),
                        summary: format!("security group {group_name} no longer has roles in it"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn role_templates(&self, organisation_id: i64) -> StoreResult<Vec<domain::delegated_admin::RoleTemplate>> {
                let rows: Vec<(i64, String, String)> =
                    sqlx::query_as("SELECT id, name, roles FROM gdap_role_templates WHERE organisation_id = $1 ORDER BY name, id LIMIT $2")
                        .bind(organisation_id)
                        .bind(domain::delegated_admin::MAX_TEMPLATES as i64)
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, roles)| domain::delegated_admin::RoleTemplate { id, name, roles: delegated_admin::parse_roles(&roles) })
                    .collect())
            }

            async fn add_role_template(&self, actor: &Actor, template: &domain::delegated_admin::ValidRoleTemplate, now: i64) -> StoreResult<i64> {
                let mut tx = self.begin().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO gdap_role_templates (organisation_id, name, roles, created_at) SELECT $1, $2, $3, $4 \
                     WHERE (SELECT COUNT(*) FROM gdap_role_templates t WHERE t.organisation_id = $1) < $5 RETURNING id",
                )
                .bind(actor.organisation_id)
                .bind(&template.name)
                .bind(delegated_admin::role_codes(&template.roles))
                .bind(now)
                .bind(domain::delegated_admin::MAX_TEMPLATES as i64)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "delegated_admin.template_add",
                        record_type: "gdap_role_template",
                        record_id: id.to_string(),
                        summary: format!("role template {}: {}", template.name, delegated_admin::role_codes(&template.roles)),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn remove_role_template(&self, actor: &Actor, id: i64) -> StoreResult<()> {
                let mut tx = self.begin().await?;
                let found: Option<(String,)> = sqlx::query_as("SELECT name FROM gdap_role_templates WHERE id = $1 AND organisation_id = $2")
                    .bind(id)
                    .bind(actor.organisation_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((name,)) = found else {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                };
                sqlx::query("DELETE FROM gdap_role_templates WHERE id = $1").bind(id).execute(&mut *tx).await?;
                Self::write_audit(
                    &mut tx,
                    actor,
                    AuditEntry {
                        action: "delegated_admin.template_remove",
                        record_type: "gdap_role_template",
                        record_id: id.to_string(),
                        summary: format!("role template {name} removed"),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn relationship_deadlines(&self, partner_id: i64, from: i64, until: i64) -> StoreResult<Vec<domain::deadlines::Deadline>> {
                let rows: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
                    "SELECT g.id, g.customer_id, cu.company_name, g.name, g.ends_at FROM gdap_relationships g JOIN customers cu ON cu.id = g.customer_id \
                     WHERE g.partner_id = $1 AND g.terminated_at IS NULL AND g.approved_at IS NOT NULL AND g.auto_extend = FALSE \
                     AND g.ends_at > $2 AND g.ends_at <= $3 ORDER BY g.ends_at, g.id LIMIT $4",
                )
                .bind(partner_id)
                .bind(from)
                .bind(until)
                .bind(domain::deadlines::MAX_DEADLINES)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, customer_id, customer, name, at)| {
                        let kind = domain::deadlines::DeadlineKind::DelegatedAdminEnds;
                        domain::deadlines::Deadline {
                            kind,
                            at,
                            customer,
                            item: name,
                            reseller: None,
                            path: format!("/customers/{customer_id}/delegated-admin"),
                            uid: format!("{}-{id}-{at}", kind.code()),
                        }
                    })
                    .collect())
            }

            async fn send_relationship_reminders(&self, now: i64, origin: &str, limit: i64) -> StoreResult<usize> {
                use domain::developer::WebhookEvent;
                let mut sent = 0;
                // Expiring: within 30 days of an end not yet announced. Expired: ended, not yet
                // announced (a relationship that ended more than 30 days ago is marked quietly).
                let expiring: Vec<(i64, i64, i64)> = sqlx::query_as(
                    "SELECT id, partner_id, ends_at FROM gdap_relationships \
                     WHERE terminated_at IS NULL AND auto_extend = FALSE AND approved_at IS NOT NULL \
                     AND ends_at > $1 AND ends_at <= $2 AND (expiring_announced_for IS NULL OR expiring_announced_for <> ends_at) \
                     ORDER BY ends_at LIMIT $3",
                )
                .bind(now)
                .bind(now.saturating_add(domain::delegated_admin::EXPIRING_SECONDS))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                for (id, partner_id, ends_at) in expiring {
                    let mut tx = self.begin().await?;
                    let marked = sqlx::query(
                        "UPDATE gdap_relationships SET expiring_announced_for = $2 WHERE id = $1 AND ends_at = $2 \
                         AND (expiring_announced_for IS NULL OR expiring_announced_for <> $2)",
                    )
                    .bind(id)
                    .bind(ends_at)
                    .execute(&mut *tx)
                    .await?;
                    if marked.rows_affected() == 0 {
                        tx.rollback().await?;
                        continue;
                    }
                    let row = Self::relationship_row(&mut tx, id).await?;
                    let mut journal = Journal::default();
                    journal.event(row.payload(WebhookEvent::RelationshipExpiring, now));
                    let relationship = row.relationship(now);
                    let link = format!("{origin}/customers/{}/delegated-admin", relationship.customer_id);
                    Self::notify(&mut tx, &mut journal, partner_id, domain::email::Notification::DelegatedAdminExpiring, None, |name, email, locale| {
                        domain::email::Email::relationship_expiring(email, locale, name, &relationship.name, &relationship.customer_name, ends_at, &link)
                    })
                    .await?;
                    Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: partner_id, ip: None }, journal).await?;
                    tx.commit().await?;
                    sent += 1;
                }
                let expired: Vec<(i64, i64, i64)> = sqlx::query_as(
                    "SELECT id, partner_id, ends_at FROM gdap_relationships \
                     WHERE terminated_at IS NULL AND expired_announced = FALSE AND ends_at <= $1 \
                     AND (approved_at IS NULL OR auto_extend = FALSE) ORDER BY ends_at LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                for (id, partner_id, ends_at) in expired {
                    let mut tx = self.begin().await?;
                    let marked = sqlx::query("UPDATE gdap_relationships SET expired_announced = TRUE WHERE id = $1 AND expired_announced = FALSE")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if marked.rows_affected() == 0 {
                        tx.rollback().await?;
                        continue;
                    }
                    if now - ends_at <= domain::delegated_admin::EXPIRING_SECONDS {
                        let row = Self::relationship_row(&mut tx, id).await?;
                        let mut journal = Journal::default();
                        journal.event(row.payload(WebhookEvent::RelationshipExpired, now));
                        Self::write_journal(&mut tx, &Actor { user_id: None, organisation_id: partner_id, ip: None }, journal).await?;
                    }
                    tx.commit().await?;
                    sent += 1;
                }
                Ok(sent)
            }
        }
    };
}

pub(crate) use delegated_admin_sql;
