//! Delegated administration (granular delegated admin privileges, GDAP) after the offer: each
//! customer who accepts an offer with delegated administration gets one relationship of its
//! own, named uniquely within the partner; a partner can ask an existing customer for another
//! (a link the client opens to approve); relationships expire, can be auto-extended when no
//! role forbids it, and either side can terminate them.
//!
//! What the store keeps is when things happened (requested, approved, ends, terminated); the
//! status is read from those times and the clock ([`status`]), so a relationship turns
//! expiring, then expired, without anything being written.

use crate::error::{AppError, FieldErrors, Problem};
use crate::i18n::Key;
pub mod roles;

use crate::validate::WholeNumber;
pub use roles::{GdapRole, ROLES_MAX};
use serde::{Deserialize, Serialize};

/// The longest relationship name (the program's limit); names are unique within a partner.
pub const NAME_MAX: usize = crate::offers::GDAP_NAME_MAX;
/// The longest relationship: two years (days).
pub const MAX_DAYS: u32 = crate::offers::GDAP_MAX_DAYS;
/// A relationship is expiring this long before its end (and its partner is told).
pub const EXPIRING_SECONDS: i64 = 30 * 86_400;
/// An auto-extended relationship runs on by this long each time it would end.
pub const AUTO_EXTEND_SECONDS: i64 = 180 * 86_400;
/// How long a client has to approve a request for a new relationship.
pub const APPROVAL_SECONDS: i64 = 90 * 86_400;
/// Relationships per page of the lists.
pub const PER_PAGE: i64 = 50;
/// What joins the offer's name and the customer's suffix in a relationship's name.
const SUFFIX_SEPARATOR: &str = " - ";

/// Where a relationship is (read from its times and the clock by [`status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipStatus {
    /// Requested; the client has not approved it yet (its link works until then).
    ApprovalPending,
    /// Approved and running.
    Active,
    /// Ends within [`EXPIRING_SECONDS`] and will not extend itself: ask for a new one.
    Expiring,
    /// Ended (or never approved in time).
    Expired,
    /// Ended early by the partner or the client (a declined request included).
    Terminated,
}

impl RelationshipStatus {
    pub const ALL: [RelationshipStatus; 5] = [
        RelationshipStatus::ApprovalPending,
        RelationshipStatus::Active,
        RelationshipStatus::Expiring,
        RelationshipStatus::Expired,
        RelationshipStatus::Terminated,
    ];

    /// The code the REST API, webhooks and the lists' filter use.
    pub fn code(self) -> &'static str {
        match self {
            RelationshipStatus::ApprovalPending => "approval_pending",
            RelationshipStatus::Active => "active",
            RelationshipStatus::Expiring => "expiring",
            RelationshipStatus::Expired => "expired",
            RelationshipStatus::Terminated => "terminated",
        }
    }

    pub fn from_code(code: &str) -> Option<RelationshipStatus> {
        let code = code.trim();
        RelationshipStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Waiting, active or expiring: it can still be terminated and its roles assigned.
    pub fn live(self) -> bool {
        matches!(self, RelationshipStatus::ApprovalPending | RelationshipStatus::Active | RelationshipStatus::Expiring)
    }

    pub fn key(self) -> Key {
        match self {
            RelationshipStatus::ApprovalPending => Key::GdapStatusApprovalPending,
            RelationshipStatus::Active => Key::GdapStatusActive,
            RelationshipStatus::Expiring => Key::GdapStatusExpiring,
            RelationshipStatus::Expired => Key::GdapStatusExpired,
            RelationshipStatus::Terminated => Key::GdapStatusTerminated,
        }
    }
}

/// Who ended a relationship early.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminatedBy {
    Partner,
    /// The client: declined the request, or ended an approved relationship.
    Customer,
}

impl TerminatedBy {
    pub fn code(self) -> &'static str {
        match self {
            TerminatedBy::Partner => "partner",
            TerminatedBy::Customer => "customer",
        }
    }

    pub fn from_code(code: &str) -> Option<TerminatedBy> {
        [TerminatedBy::Partner, TerminatedBy::Customer].into_iter().find(|t| t.code() == code)
    }

    pub fn key(self) -> Key {
        match self {
            TerminatedBy::Partner => Key::GdapTerminatedByPartner,
            TerminatedBy::Customer => Key::GdapTerminatedByCustomer,
        }
    }
}

/// When things happened to a relationship (seconds since 1970).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipTimes {
    pub requested_at: i64,
    /// When the client approved it (none: still waiting, or declined).
    pub approved_at: Option<i64>,
    /// Its end as first set: the approval's deadline while pending, then the approval plus
    /// its duration (before any auto-extension).
    pub ends_at: i64,
    pub auto_extend: bool,
    pub terminated_at: Option<i64>,
}

/// Where a relationship with these times is at `now`, and when it ends (an auto-extended one
/// ends [`AUTO_EXTEND_SECONDS`] after each end it passed).
pub fn status(times: &RelationshipTimes, now: i64) -> (RelationshipStatus, i64) {
    if let Some(at) = times.terminated_at {
        return (RelationshipStatus::Terminated, at.min(times.ends_at));
    }
    if times.approved_at.is_none() {
        let status = if now >= times.ends_at { RelationshipStatus::Expired } else { RelationshipStatus::ApprovalPending };
        return (status, times.ends_at);
    }
    if times.auto_extend {
        // Extends itself each time it ends: never expiring.
        let passed = if now >= times.ends_at { (now - times.ends_at) / AUTO_EXTEND_SECONDS + 1 } else { 0 };
        return (RelationshipStatus::Active, times.ends_at.saturating_add(passed.saturating_mul(AUTO_EXTEND_SECONDS)));
    }
    let status = if now >= times.ends_at {
        RelationshipStatus::Expired
    } else if times.ends_at - now <= EXPIRING_SECONDS {
        RelationshipStatus::Expiring
    } else {
        RelationshipStatus::Active
    };
    (status, times.ends_at)
}

/// Whether a relationship with these roles may extend itself (the program forbids it when one
/// of them is Global administrator).
pub fn may_auto_extend(roles: &[GdapRole]) -> bool {
    !roles.iter().any(|r| r.forbids_auto_extend())
}

/// The name of the relationship a customer's acceptance creates: the offer's relationship name
/// and the customer's domain prefix (unique in the installation, so the name is unique within
/// the partner), the offer's part shortened so the whole fits in [`NAME_MAX`] characters.
pub fn relationship_name(offer_name: &str, domain_prefix: &str) -> String {
    let suffix: String = domain_prefix.chars().take(crate::customers::DOMAIN_PREFIX_MAX).collect();
    let room = NAME_MAX.saturating_sub(suffix.chars().count() + SUFFIX_SEPARATOR.chars().count());
    let base: String = offer_name.trim().chars().take(room).collect();
    let base = base.trim_end();
    if base.is_empty() {
        suffix
    } else {
        format!("{base}{SUFFIX_SEPARATOR}{suffix}")
    }
}

/// The client's approval page for a request's token.
pub fn approval_path(token: &str) -> String {
    // Only the token's own characters reach the address (a token is checked before any lookup).
    let token: String = token.chars().filter(char::is_ascii_alphanumeric).take(64).collect();
    format!("/delegated-admin/approve/{token}")
}

/// Plain words for a relationship's duration ("2 year(s)", "6 months", "45 days").
pub fn duration_words(days: u32, locale: crate::i18n::Locale) -> String {
    if days.is_multiple_of(365) {
        locale.fill(Key::DurationYears, &[("count", &(days / 365).to_string())])
    } else if days >= 60 && days.is_multiple_of(30) {
        locale.fill(Key::DurationMonths, &[("count", &(days / 30).to_string())])
    } else {
        locale.fill(Key::DurationDays, &[("count", &days.to_string())])
    }
}

/// A request for a new relationship with an existing customer, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipRequest {
    pub name: String,
    pub roles: Vec<GdapRole>,
    pub duration_days: WholeNumber,
    #[serde(default)]
    pub auto_extend: bool,
}

/// A request that passed its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRelationshipRequest {
    pub name: String,
    /// In the catalogue's order, each once.
    pub roles: Vec<GdapRole>,
    pub duration_days: u32,
    pub auto_extend: bool,
}

impl RelationshipRequest {
    /// A name (at most [`NAME_MAX`] characters), at least one role, 1 day to 2 years, and
    /// auto-extend only when no role forbids it. Field names: `name`, `roles`,
    /// `duration_days`, `auto_extend`.
    pub fn check(&self) -> Result<ValidRelationshipRequest, AppError> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", crate::validate::text(&self.name, NAME_MAX));
        let roles = errors.check("roles", chosen_roles(&self.roles)).unwrap_or_default();
        let days: Option<u32> = self.duration_days.within(1, i64::from(MAX_DAYS));
        if days.is_none() {
            errors.add("duration_days", Problem::GdapDuration);
        }
        if self.auto_extend && !may_auto_extend(&roles) {
            errors.add("auto_extend", Problem::GdapNoAutoExtend);
        }
        match (name, days) {
            (Some(name), Some(duration_days)) if errors.is_empty() => {
                Ok(ValidRelationshipRequest { name, roles, duration_days, auto_extend: self.auto_extend })
            }
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}

/// The longest security group name.
pub const GROUP_NAME_MAX: usize = 120;
/// The most access assignments one relationship has.
pub const MAX_ASSIGNMENTS: usize = 20;

/// Which of the partner's security groups (a name, kept in PartnerDesk) get which of a
/// relationship's roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessAssignment {
    pub id: i64,
    pub group_name: String,
    pub roles: Vec<GdapRole>,
}

/// A new access assignment, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessAssignmentForm {
    pub group_name: String,
    pub roles: Vec<GdapRole>,
}

/// An access assignment that passed its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAccessAssignment {
    pub group_name: String,
    pub roles: Vec<GdapRole>,
}

impl AccessAssignmentForm {
    /// A group name (at most [`GROUP_NAME_MAX`] characters) and at least one role, each one of
    /// the relationship's own (`granted`): nobody passes on more than the customer granted.
    /// Field names: `group_name`, `roles`.
    pub fn check(&self, granted: &[GdapRole]) -> Result<ValidAccessAssignment, AppError> {
        let (group_name, roles) = named_roles(("group_name", &self.group_name, GROUP_NAME_MAX), &self.roles, Some(granted))?;
        Ok(ValidAccessAssignment { group_name, roles })
    }
}

/// The roles chosen, each once, in the catalogue's order: at least one, at most [`ROLES_MAX`].
pub fn chosen_roles(roles: &[GdapRole]) -> Result<Vec<GdapRole>, Problem> {
    let mut chosen = roles.to_vec();
    chosen.sort();
    chosen.dedup();
    match chosen.len() {
        0 => Err(Problem::GdapRoles),
        n if n > ROLES_MAX => Err(Problem::GdapRolesMax),
        _ => Ok(chosen),
    }
}

/// A name (`field`, its text, its longest) and one to [`ROLES_MAX`] roles, each among
/// `allowed` (`None`: any role of the catalogue); the roles in the catalogue's order, each once.
fn named_roles(name: (&str, &str, usize), roles: &[GdapRole], allowed: Option<&[GdapRole]>) -> Result<(String, Vec<GdapRole>), AppError> {
    let (field, text, max) = name;
    let mut errors = FieldErrors::default();
    let name = errors.check(field, crate::validate::text(text, max));
    let chosen = errors.check("roles", chosen_roles(roles));
    if allowed.is_some_and(|allowed| roles.iter().any(|r| !allowed.contains(r))) {
        errors.add("roles", Problem::GdapRoles);
    }
    match (name, chosen) {
        (Some(name), Some(chosen)) if errors.is_empty() => Ok((name, chosen)),
        _ => Err(AppError::Invalid(errors.0)),
    }
}

/// The longest role template name.
pub const TEMPLATE_NAME_MAX: usize = 60;
/// The most role templates one organisation keeps.
pub const MAX_TEMPLATES: usize = 50;

/// A set of roles an organisation saved to ask customers for again ("Helpdesk", "Licensing").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleTemplate {
    pub id: i64,
    pub name: String,
    pub roles: Vec<GdapRole>,
}

/// A new role template, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleTemplateForm {
    pub name: String,
    pub roles: Vec<GdapRole>,
}

/// A role template that passed its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRoleTemplate {
    pub name: String,
    pub roles: Vec<GdapRole>,
}

impl RoleTemplateForm {
    /// A name (at most [`TEMPLATE_NAME_MAX`] characters) and at least one role. Field names:
    /// `template_name`, `roles`.
    pub fn check(&self) -> Result<ValidRoleTemplate, AppError> {
        let (name, roles) = named_roles(("template_name", &self.name, TEMPLATE_NAME_MAX), &self.roles, None)?;
        Ok(ValidRoleTemplate { name, roles })
    }
}

/// A relationship as its partner's lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub name: String,
    pub roles: Vec<GdapRole>,
    pub duration_days: i64,
    pub auto_extend: bool,
    pub status: RelationshipStatus,
    pub requested_at: i64,
    pub approved_at: Option<i64>,
    /// When it ends (or ended, or when an unapproved request lapses), auto-extensions counted.
    pub ends_at: i64,
    pub terminated_at: Option<i64>,
    pub terminated_by: Option<TerminatedBy>,
    /// The offer whose acceptance created it (its summary ID), if any.
    pub offer: Option<String>,
    /// The approval link's path while the client has not approved it yet.
    pub approval_path: Option<String>,
    /// Which security groups get which of its roles (read with one customer's relationships).
    #[serde(default)]
    pub assignments: Vec<AccessAssignment>,
}

/// Which relationships a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipFilter {
    pub status: Option<RelationshipStatus>,
    /// Only those ending (and not extending themselves) within this many days.
    pub ending_within_days: Option<i64>,
    /// Only this customer's.
    pub customer_id: Option<i64>,
}

/// The choices of the "ending within" filter (days).
pub const ENDING_WITHIN: [i64; 3] = [30, 60, 90];

impl RelationshipFilter {
    /// The filter as a list page's address gives it (`status`, `ending`); anything unknown is
    /// no filter.
    pub fn from_query(status: &str, ending: &str, customer_id: Option<i64>) -> RelationshipFilter {
        let ending = ending.trim();
        RelationshipFilter {
            status: RelationshipStatus::from_code(status),
            ending_within_days: ENDING_WITHIN.into_iter().find(|d| ending.len() <= 3 && ending.parse::<i64>().ok() == Some(*d)),
            customer_id,
        }
    }
}

/// One page of relationships.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipList {
    pub rows: Vec<Relationship>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl RelationshipList {
    pub fn pages(&self) -> i64 {
        crate::validate::page_count(self.total, self.per_page)
    }
}

/// A relationship request as the client's approval page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRequest {
    pub partner_name: String,
    pub customer_name: String,
    pub name: String,
    pub roles: Vec<GdapRole>,
    pub duration_days: i64,
    pub auto_extend: bool,
    pub status: RelationshipStatus,
    /// When an approved relationship ends, or when the request lapses.
    pub ends_at: i64,
}

/// What the client does with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalAnswer {
    /// Approves a waiting request.
    Approve,
    /// Declines a waiting request.
    Decline,
    /// Ends an approved relationship (the client's own Terminate).
    End,
}

impl ApprovalAnswer {
    pub const ALL: [ApprovalAnswer; 3] = [ApprovalAnswer::Approve, ApprovalAnswer::Decline, ApprovalAnswer::End];

    pub fn code(self) -> &'static str {
        match self {
            ApprovalAnswer::Approve => "approve",
            ApprovalAnswer::Decline => "decline",
            ApprovalAnswer::End => "end",
        }
    }

    pub fn from_code(code: &str) -> Option<ApprovalAnswer> {
        let code = code.trim();
        ApprovalAnswer::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400;

    fn approved(ends_at: i64, auto_extend: bool) -> RelationshipTimes {
        RelationshipTimes { requested_at: 0, approved_at: Some(0), ends_at, auto_extend, terminated_at: None }
    }

    #[test]
    fn a_relationship_goes_from_pending_to_active_to_expiring_to_expired() {
        let pending = RelationshipTimes { requested_at: 0, approved_at: None, ends_at: 90 * DAY, auto_extend: false, terminated_at: None };
        assert_eq!(status(&pending, DAY), (RelationshipStatus::ApprovalPending, 90 * DAY));
        assert_eq!(status(&pending, 90 * DAY).0, RelationshipStatus::Expired, "a request not approved in time lapses");
        let running = approved(730 * DAY, false);
        assert_eq!(status(&running, DAY).0, RelationshipStatus::Active);
        assert_eq!(status(&running, 700 * DAY - 1).0, RelationshipStatus::Active);
        assert_eq!(status(&running, 700 * DAY).0, RelationshipStatus::Expiring);
        assert_eq!(status(&running, 730 * DAY).0, RelationshipStatus::Expired);
        let ended = RelationshipTimes { terminated_at: Some(5 * DAY), ..running };
        assert_eq!(status(&ended, 6 * DAY), (RelationshipStatus::Terminated, 5 * DAY));
    }

    #[test]
    fn an_auto_extended_relationship_runs_on_by_180_days_each_time() {
        let running = approved(100 * DAY, true);
        assert_eq!(status(&running, 99 * DAY), (RelationshipStatus::Active, 100 * DAY), "never shown as expiring");
        assert_eq!(status(&running, 100 * DAY), (RelationshipStatus::Active, 280 * DAY));
        assert_eq!(status(&running, 300 * DAY), (RelationshipStatus::Active, 460 * DAY));
    }

    #[test]
    fn global_administrator_forbids_auto_extend() {
        assert!(may_auto_extend(&[GdapRole::UserAdministrator, GdapRole::LicenseAdministrator]));
        assert!(!may_auto_extend(&[GdapRole::UserAdministrator, GdapRole::GlobalAdministrator]));
        let request = RelationshipRequest {
            name: "Helpdesk".into(),
            roles: vec![GdapRole::GlobalAdministrator],
            duration_days: 730i64.into(),
            auto_extend: true,
        };
        let fields: Vec<String> = request.check().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["auto_extend"]);
    }

    #[test]
    fn a_request_names_roles_and_a_duration_within_two_years() {
        let request = RelationshipRequest {
            name: " Licensing ".into(),
            roles: vec![GdapRole::LicenseAdministrator, GdapRole::DirectoryReaders, GdapRole::LicenseAdministrator],
            duration_days: "365".into(),
            auto_extend: true,
        };
        let valid = request.check().unwrap();
        assert_eq!(valid.name, "Licensing");
        assert_eq!(valid.roles, [GdapRole::DirectoryReaders, GdapRole::LicenseAdministrator]);
        assert_eq!(valid.duration_days, 365);
        let wrong = RelationshipRequest { name: "x".repeat(51), roles: vec![], duration_days: "731".into(), auto_extend: false };
        let fields: Vec<String> = wrong.check().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["name", "roles", "duration_days"]);
    }

    #[test]
    fn one_to_twenty_roles_each_once() {
        assert_eq!(chosen_roles(&[]), Err(Problem::GdapRoles));
        let twice = [GdapRole::LicenseAdministrator, GdapRole::DirectoryReaders, GdapRole::LicenseAdministrator];
        assert_eq!(chosen_roles(&twice), Ok(vec![GdapRole::DirectoryReaders, GdapRole::LicenseAdministrator]));
        let all: Vec<GdapRole> = GdapRole::all().collect();
        assert_eq!(chosen_roles(&all[..ROLES_MAX]).map(|r| r.len()), Ok(ROLES_MAX));
        assert_eq!(chosen_roles(&all[..=ROLES_MAX]), Err(Problem::GdapRolesMax));
        let template = RoleTemplateForm { name: "Everything".into(), roles: all };
        let fields: Vec<String> = template.check().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["roles"]);
    }

    #[test]
    fn a_group_gets_only_roles_the_relationship_holds() {
        let granted = [GdapRole::HelpdeskAdministrator, GdapRole::LicenseAdministrator];
        let form = AccessAssignmentForm {
            group_name: " Helpdesk agents ".into(),
            roles: vec![GdapRole::LicenseAdministrator, GdapRole::HelpdeskAdministrator],
        };
        let valid = form.check(&granted).unwrap();
        assert_eq!(valid.group_name, "Helpdesk agents");
        assert_eq!(valid.roles, [GdapRole::HelpdeskAdministrator, GdapRole::LicenseAdministrator], "in the catalogue's order");
        let more = AccessAssignmentForm { group_name: "Admins".into(), roles: vec![GdapRole::GlobalAdministrator] };
        let fields: Vec<String> = more.check(&granted).unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["roles"], "a role the customer did not grant");
        let empty = AccessAssignmentForm { group_name: "x".repeat(121), roles: vec![] };
        let fields: Vec<String> = empty.check(&granted).unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["group_name", "roles"]);
    }

    #[test]
    fn a_template_has_a_name_and_roles() {
        let form = RoleTemplateForm { name: " Licensing ".into(), roles: vec![GdapRole::LicenseAdministrator, GdapRole::DirectoryReaders] };
        assert_eq!(
            form.check().unwrap(),
            ValidRoleTemplate { name: "Licensing".into(), roles: vec![GdapRole::DirectoryReaders, GdapRole::LicenseAdministrator] }
        );
        let wrong = RoleTemplateForm { name: "x".repeat(61), roles: vec![] };
        let fields: Vec<String> = wrong.check().unwrap_err().field_errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["template_name", "roles"]);
    }

    #[test]
    fn the_filter_reads_only_known_choices() {
        let f = RelationshipFilter::from_query("expiring", "60", Some(3));
        assert_eq!(f, RelationshipFilter { status: Some(RelationshipStatus::Expiring), ending_within_days: Some(60), customer_id: Some(3) });
        assert_eq!(RelationshipFilter::from_query("bogus", "61", None), RelationshipFilter::default());
        for s in RelationshipStatus::ALL {
            assert_eq!(RelationshipStatus::from_code(s.code()), Some(s));
        }
    }

    proptest! {
        #[test]
        fn names_fit_and_keep_the_whole_suffix(offer in "\\PC{0,80}", prefix in "[a-z0-9]{1,27}") {
            let name = relationship_name(&offer, &prefix);
            prop_assert!(name.chars().count() <= NAME_MAX);
            prop_assert!(name.ends_with(&prefix), "the suffix makes it unique: {name}");
        }

        #[test]
        fn the_status_follows_the_clock(ends in 1i64..1_000 * DAY, now in 0i64..2_000 * DAY, auto in any::<bool>(), approved_at in proptest::option::of(0i64..DAY)) {
            let times = RelationshipTimes { requested_at: 0, approved_at, ends_at: ends, auto_extend: auto, terminated_at: None };
            let (s, end) = status(&times, now);
            prop_assert!(s != RelationshipStatus::Terminated);
            match s {
                RelationshipStatus::Expired => prop_assert!(now >= end),
                RelationshipStatus::Expiring => prop_assert!(now < end && end - now <= EXPIRING_SECONDS && !auto),
                RelationshipStatus::Active => prop_assert!(now < end && approved_at.is_some()),
                RelationshipStatus::ApprovalPending => prop_assert!(now < end && approved_at.is_none()),
                RelationshipStatus::Terminated => {}
            }
        }
    }
}
