//! Roles, programs and the permission matrix: who may do what.
//!
//! The matrix is data ([`Permission::rule`]); the server enforces it through one helper
//! (`auth::require`), and the navigation menu reads the same rules to show only what is allowed.

use crate::error::AppError;
use crate::i18n::Key;
use serde::{Deserialize, Serialize};

/// A role a user holds within their partner organisation (names from the partner program).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    GlobalAdmin,
    UserManagementAdmin,
    AdminAgent,
    SalesAgent,
    Advisor,
    /// Runs this PartnerDesk installation: approves providers' profile changes. Given only by
    /// the `partnerdesk operator` command, never on a Users page.
    Operator,
}

impl Role {
    pub const ALL: [Role; 6] = [Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent, Role::Advisor, Role::Operator];

    /// The roles a partner organisation's admins may give on the Users page.
    pub const ASSIGNABLE: [Role; 5] = [Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent, Role::Advisor];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global_admin",
            Role::UserManagementAdmin => "user_management_admin",
            Role::AdminAgent => "admin_agent",
            Role::SalesAgent => "sales_agent",
            Role::Advisor => "advisor",
            Role::Operator => "operator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Parses a comma-separated list of codes, skipping unknown ones.
    pub fn parse_list(codes: &str) -> Vec<Role> {
        codes.split(',').filter_map(|c| Role::from_code(c.trim())).collect()
    }

    pub fn join(roles: &[Role]) -> String {
        roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
    }

    pub fn key(self) -> Key {
        match self {
            Role::GlobalAdmin => Key::RoleGlobalAdmin,
            Role::UserManagementAdmin => Key::RoleUserManagementAdmin,
            Role::AdminAgent => Key::RoleAdminAgent,
            Role::SalesAgent => Key::RoleSalesAgent,
            Role::Advisor => Key::RoleAdvisor,
            Role::Operator => Key::RoleOperator,
        }
    }
}

/// A partner program an organisation can be enrolled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Program {
    Advisor,
    IndirectProvider,
    IndirectReseller,
}

impl Program {
    pub fn key(self) -> Key {
        match self {
            Program::Advisor => Key::ProgramAdvisor,
            Program::IndirectProvider => Key::ProgramIndirectProvider,
            Program::IndirectReseller => Key::ProgramIndirectReseller,
        }
    }
}

/// The programs one organisation is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programs {
    pub advisor: bool,
    pub indirect_provider: bool,
    pub indirect_reseller: bool,
}

impl Programs {
    pub fn has(&self, program: Program) -> bool {
        match program {
            Program::Advisor => self.advisor,
            Program::IndirectProvider => self.indirect_provider,
            Program::IndirectReseller => self.indirect_reseller,
        }
    }
    pub fn list(&self) -> Vec<Program> {
        [Program::Advisor, Program::IndirectProvider, Program::IndirectReseller].into_iter().filter(|p| self.has(*p)).collect()
    }
}

/// Something a user may be allowed to do. Each server function names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// Create, personalise and withdraw purchase offers; see the offers list. An advisor's
    /// offers sell for the advisor; an indirect reseller's users hold it through
    /// [`Permission::ResellOffers`] and their offers sell a provider's subscriptions.
    ManageOffers,
    /// Make two-tier offers: purchase offers of a partnered provider's subscriptions, accepted as
    /// the provider's customer with the reseller as reseller of record and support contact.
    ResellOffers,
    /// Add and change the partner's office locations.
    ManageOffices,
    /// See the Indirect resellers page; request and remove partnerships.
    ManagePartnerships,
    /// Accept a provider's partnership request on behalf of a reseller.
    AcceptPartnership,
    /// Ask a provider found in the directory to partner, on behalf of a reseller.
    AskToPartner,
    /// See the reseller's own providers and the customers they gave it.
    ViewProviders,
    /// Add customers and subscriptions for resellers.
    ManageCustomers,
    /// See customers (the provider's, or those given to a reseller).
    ViewCustomers,
    /// Change the license count and the renewal of the subscriptions an indirect reseller is
    /// reseller of record for, while it is partnered with their provider.
    ManageResoldSubscriptions,
    /// Add users, change roles, reset passwords.
    ManageUsers,
    /// Read and export the audit log.
    ViewAuditLog,
    /// See the provider's own profile as the directory shows it, and its pending change.
    ViewProviderProfile,
    /// Propose changes to the provider's profile (they wait for the operator's approval).
    ProposeProviderProfile,
    /// Approve or reject providers' proposed profile changes (the installation's operator).
    ReviewProviderProfiles,
    /// Decide who an MPN ID claimed by two organisations belongs to (the installation's operator).
    ResolveMpnIdConflicts,
    /// Read the log of the email the installation sent (the installation's operator).
    ReadEmailLog,
    /// Search the installation's organisations; change their programs, the delegated-administration
    /// certification, suspend and reactivate them (the installation's operator).
    ManageOrganisations,
    /// Import the catalog's price list, preview it and apply it (the installation's operator).
    ManagePriceLists,
    /// Require two-step verification of every user of the organisation (its Global admin).
    RequireTwoStepVerification,
    /// Choose which notifications the organisation's users get by email (its Global admin).
    ManageNotifications,
    /// Create and revoke the organisation's API keys.
    ManageApiKeys,
    /// Add webhook endpoints, send test events, read the delivery log.
    ManageWebhooks,
    /// Change one's own password (Settings > My account): every signed-in user.
    ManageOwnAccount,
    /// Set the largest discount the advisors may give on offers (the advisor organisation's
    /// Global admin).
    SetDiscountLimit,
    /// See Renewals and deadlines (the subscriptions of the provider's customers, the advisor's
    /// offers) and have its calendar feed.
    ViewRenewals,
    /// See the organisation's delegated admin relationships with its customers.
    ViewDelegatedAdmin,
    /// Ask a customer for a new delegated admin relationship, and terminate one.
    ManageDelegatedAdmin,
}

/// Which roles and which program a permission needs.
pub struct Rule {
    pub roles: &'static [Role],
    /// The organisation must be in one of these programs (empty: any organisation).
    pub programs: &'static [Program],
}

const INDIRECT_PROVIDER_ROLES: &[Role] = &[Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent];

impl Permission {
    pub const ALL: [Permission; 28] = [
        Permission::ManageOffers,
        Permission::ResellOffers,
        Permission::ManageOffices,
        Permission::ManagePartnerships,
        Permission::AcceptPartnership,
        Permission::AskToPartner,
        Permission::ViewProviders,
        Permission::ManageCustomers,
        Permission::ViewCustomers,
        Permission::ManageResoldSubscriptions,
        Permission::ManageUsers,
        Permission::ViewAuditLog,
        Permission::ViewProviderProfile,
        Permission::ProposeProviderProfile,
        Permission::ReviewProviderProfiles,
        Permission::ResolveMpnIdConflicts,
        Permission::ReadEmailLog,
        Permission::ManageOrganisations,
        Permission::ManagePriceLists,
        Permission::RequireTwoStepVerification,
        Permission::ManageNotifications,
        Permission::ManageApiKeys,
        Permission::ManageWebhooks,
        Permission::ManageOwnAccount,
        Permission::SetDiscountLimit,
        Permission::ViewRenewals,
        Permission::ViewDelegatedAdmin,
        Permission::ManageDelegatedAdmin,
    ];

    /// The permission matrix. `docs/permissions.md` is this table in words.
    pub fn rule(self) -> Rule {
        match self {
            Permission::ManageOffers => Rule { roles: &[Role::Advisor], programs: &[Program::Advisor] },
            Permission::ResellOffers => {
                Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent, Role::SalesAgent], programs: &[Program::IndirectReseller] }
            }
            Permission::ManageOffices => Rule { roles: &[Role::GlobalAdmin, Role::Advisor], programs: &[] },
            Permission::ManagePartnerships => Rule { roles: INDIRECT_PROVIDER_ROLES, programs: &[Program::IndirectProvider] },
            Permission::AcceptPartnership => Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent], programs: &[Program::IndirectReseller] },
            Permission::AskToPartner => Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent], programs: &[Program::IndirectReseller] },
            Permission::ViewProviders => Rule { roles: INDIRECT_PROVIDER_ROLES, programs: &[Program::IndirectReseller] },
            Permission::ManageCustomers => {
                Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent, Role::SalesAgent], programs: &[Program::IndirectProvider] }
            }
            Permission::ViewCustomers => Rule { roles: INDIRECT_PROVIDER_ROLES, programs: &[Program::IndirectProvider, Program::IndirectReseller] },
            Permission::ManageResoldSubscriptions => Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent], programs: &[Program::IndirectReseller] },
            Permission::ManageUsers => Rule { roles: &[Role::GlobalAdmin, Role::UserManagementAdmin], programs: &[] },
            Permission::ViewAuditLog => Rule { roles: &[Role::GlobalAdmin], programs: &[] },
            Permission::ViewProviderProfile => Rule { roles: INDIRECT_PROVIDER_ROLES, programs: &[Program::IndirectProvider] },
            Permission::ProposeProviderProfile => Rule { roles: &[Role::GlobalAdmin], programs: &[Program::IndirectProvider] },
            Permission::ReviewProviderProfiles => Rule { roles: &[Role::Operator], programs: &[] },
            Permission::ResolveMpnIdConflicts => Rule { roles: &[Role::Operator], programs: &[] },
            Permission::ReadEmailLog => Rule { roles: &[Role::Operator], programs: &[] },
            Permission::ManageOrganisations => Rule { roles: &[Role::Operator], programs: &[] },
            Permission::ManagePriceLists => Rule { roles: &[Role::Operator], programs: &[] },
            Permission::RequireTwoStepVerification => Rule { roles: &[Role::GlobalAdmin], programs: &[] },
            Permission::ManageNotifications => Rule { roles: &[Role::GlobalAdmin], programs: &[] },
            Permission::ManageApiKeys => Rule { roles: &[Role::GlobalAdmin], programs: &[] },
            Permission::ManageWebhooks => Rule { roles: &[Role::GlobalAdmin], programs: &[] },
            Permission::ManageOwnAccount => Rule { roles: &Role::ALL, programs: &[] },
            Permission::SetDiscountLimit => Rule { roles: &[Role::GlobalAdmin], programs: &[Program::Advisor] },
            Permission::ViewRenewals => Rule {
                roles: &[Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent, Role::Advisor],
                programs: &[Program::IndirectProvider, Program::Advisor],
            },
            Permission::ViewDelegatedAdmin => Rule {
                roles: &[Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent, Role::Advisor],
                programs: &[Program::IndirectProvider, Program::Advisor],
            },
            Permission::ManageDelegatedAdmin => {
                Rule { roles: &[Role::GlobalAdmin, Role::AdminAgent, Role::Advisor], programs: &[Program::IndirectProvider, Program::Advisor] }
            }
        }
    }

    /// Whether a user whose password an admin set (and who has not changed it yet) may do this:
    /// only change it. Everything else answers `AppError::PasswordChangeRequired`.
    pub fn allowed_before_password_change(self) -> bool {
        matches!(self, Permission::ManageOwnAccount)
    }

    /// Another permission that grants this one too: an indirect reseller's users manage their
    /// two-tier offers on the advisor's offer pages, by the same operations.
    pub fn granted_by(self) -> Option<Permission> {
        match self {
            Permission::ManageOffers => Some(Permission::ResellOffers),
            _ => None,
        }
    }

    /// Whether a user with `roles` in an organisation in `programs` may do this (by its own
    /// rule or by the permission that [grants it too](Permission::granted_by)); if not, why
    /// (as its own rule says).
    pub fn check(self, roles: &[Role], programs: &Programs) -> Result<(), AppError> {
        let own = self.check_own_rule(roles, programs);
        match (own, self.granted_by()) {
            (Err(why), Some(other)) => other.check(roles, programs).map_err(|_| why),
            (own, _) => own,
        }
    }

    /// Whether the permission's own rule (never the one [granting it too](Permission::granted_by))
    /// lets `roles` in `programs` do this: an advisor's own offers, not a reseller's.
    pub fn check_own_rule(self, roles: &[Role], programs: &Programs) -> Result<(), AppError> {
        let rule = self.rule();
        if let Some(program) = rule.programs.first() {
            if !rule.programs.iter().any(|p| programs.has(*p)) {
                return Err(AppError::WrongProgram { program: *program });
            }
        }
        if rule.roles.iter().any(|r| roles.contains(r)) {
            Ok(())
        } else {
            Err(AppError::MissingRole { roles: rule.roles.to_vec() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        let all = Role::join(&Role::ALL);
        assert_eq!(Role::parse_list(&all), Role::ALL.to_vec());
        assert_eq!(Role::parse_list("advisor, bogus"), vec![Role::Advisor]);
    }

    #[test]
    fn advisor_needs_the_role_and_the_program() {
        let advisor_org = Programs { advisor: true, ..Default::default() };
        let provider_org = Programs { indirect_provider: true, ..Default::default() };
        assert!(Permission::ManageOffers.check(&[Role::Advisor], &advisor_org).is_ok());
        assert_eq!(Permission::ManageOffers.check(&[Role::SalesAgent], &advisor_org), Err(AppError::MissingRole { roles: vec![Role::Advisor] }));
        assert_eq!(Permission::ManageOffers.check(&[Role::Advisor], &provider_org), Err(AppError::WrongProgram { program: Program::Advisor }));
    }

    #[test]
    fn seed_roles_may_work_with_indirect_resellers() {
        let provider = Programs { indirect_provider: true, ..Default::default() };
        for role in [Role::GlobalAdmin, Role::UserManagementAdmin, Role::AdminAgent, Role::SalesAgent] {
            assert!(Permission::ManagePartnerships.check(&[role], &provider).is_ok(), "{role:?}");
        }
        assert!(Permission::ManagePartnerships.check(&[Role::Advisor], &provider).is_err());
    }

    #[test]
    fn only_a_providers_global_admin_proposes_and_only_the_operator_approves() {
        let provider = Programs { indirect_provider: true, ..Default::default() };
        let reseller = Programs { indirect_reseller: true, ..Default::default() };
        assert!(Permission::ProposeProviderProfile.check(&[Role::GlobalAdmin], &provider).is_ok());
        assert!(Permission::ProposeProviderProfile.check(&[Role::AdminAgent], &provider).is_err());
        assert!(Permission::ProposeProviderProfile.check(&[Role::GlobalAdmin], &reseller).is_err());
        assert!(Permission::ViewProviderProfile.check(&[Role::SalesAgent], &provider).is_ok());
        assert!(Permission::ReviewProviderProfiles.check(&[Role::Operator], &Programs::default()).is_ok());
        assert!(Permission::ReviewProviderProfiles.check(&[Role::GlobalAdmin], &provider).is_err());
        assert!(!Role::ASSIGNABLE.contains(&Role::Operator), "no Users page can make an operator");
    }

    #[test]
    fn resellers_manage_their_two_tier_offers_but_sell_nothing_of_their_own() {
        let reseller = Programs { indirect_reseller: true, ..Default::default() };
        let provider = Programs { indirect_provider: true, ..Default::default() };
        for role in [Role::GlobalAdmin, Role::AdminAgent, Role::SalesAgent] {
            assert!(Permission::ManageOffers.check(&[role], &reseller).is_ok(), "{role:?}");
            assert!(Permission::ManageOffers.check_own_rule(&[role], &reseller).is_err(), "{role:?}");
        }
        assert!(Permission::ManageOffers.check(&[Role::UserManagementAdmin], &reseller).is_err());
        // A provider's sales agent is no reseller: the refusal names the advisor program.
        assert_eq!(Permission::ManageOffers.check(&[Role::SalesAgent], &provider), Err(AppError::WrongProgram { program: Program::Advisor }));
    }
}
