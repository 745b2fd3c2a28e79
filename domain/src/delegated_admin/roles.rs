//! The role catalogue: every built-in directory role a granular delegated admin relationship can
//! ask a client for, with its name and what it lets the partner do in each language, whether the
//! program marks it privileged, and the roles with fewer permissions that are usually enough
//! instead ([`GdapRole::alternatives`]).
//!
//! The catalogue is data ([`CATALOGUE`]); one entry names a role once, and the enum and its codes
//! are made from that entry, so no role can be missing a code. Its name and description are keys
//! of the translation catalog (`Role…`, `Role…About`), so they exist in every language and reach
//! the islands builds with the page's other texts. Codes are what the database, the REST API and
//! the forms carry; they never change once published.
//!
//! [`recommended_for`] reads what an offer sells and proposes the roles it needs, each with the
//! reason the client is shown on the offer page.

use crate::i18n::{Key, Locale};
use serde::{Deserialize, Serialize};

/// One role of the catalogue.
#[derive(Debug)]
pub struct RoleEntry {
    pub role: GdapRole,
    /// The role's stable code (`license_administrator`).
    pub code: &'static str,
    /// Marked privileged by the program: it can change credentials, who holds other roles or
    /// the directory's security, or read what would let someone do so.
    pub privileged: bool,
    /// Roles with fewer permissions that are usually enough for this one's everyday tasks.
    pub alternatives: &'static [GdapRole],
    /// The role's name in the translation catalog.
    pub name: Key,
    /// What the role lets its holder do, in plain words (the catalog's `Role…About`).
    pub description: Key,
}

macro_rules! catalogue {
    ($( $role:ident $code:literal $privileged:literal [$($alternative:ident),*] $name:expr, $description:expr; )*) => {
        /// A built-in directory role a granular delegated admin relationship can ask the client
        /// for (see [`CATALOGUE`] for each one's code, texts and alternatives).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum GdapRole { $($role),* }

        /// Every role, in the order of [`GdapRole`]'s variants (entry `i` is variant `i`).
        pub const CATALOGUE: &[RoleEntry] = &[
            $(RoleEntry {
                role: GdapRole::$role,
                code: $code,
                privileged: $privileged,
                alternatives: &[$(GdapRole::$alternative),*],
                name: $name,
                description: $description,
            }),*
        ];
    };
}

catalogue! {
    ApplicationAdministrator "application_administrator" true [CloudApplicationAdministrator, ApplicationDeveloper] Key::RoleApplicationAdministrator, Key::RoleApplicationAdministratorAbout;
    ApplicationDeveloper "application_developer" true [] Key::RoleApplicationDeveloper, Key::RoleApplicationDeveloperAbout;
    AttackPayloadAuthor "attack_payload_author" false [] Key::RoleAttackPayloadAuthor, Key::RoleAttackPayloadAuthorAbout;
    AttackSimulationAdministrator "attack_simulation_administrator" false [AttackPayloadAuthor] Key::RoleAttackSimulationAdministrator, Key::RoleAttackSimulationAdministratorAbout;
    AttributeAssignmentAdministrator "attribute_assignment_administrator" false [AttributeAssignmentReader] Key::RoleAttributeAssignmentAdministrator, Key::RoleAttributeAssignmentAdministratorAbout;
    AttributeAssignmentReader "attribute_assignment_reader" false [] Key::RoleAttributeAssignmentReader, Key::RoleAttributeAssignmentReaderAbout;
    AttributeDefinitionAdministrator "attribute_definition_administrator" false [AttributeDefinitionReader] Key::RoleAttributeDefinitionAdministrator, Key::RoleAttributeDefinitionAdministratorAbout;
    AttributeDefinitionReader "attribute_definition_reader" false [] Key::RoleAttributeDefinitionReader, Key::RoleAttributeDefinitionReaderAbout;
    AuthenticationAdministrator "authentication_administrator" true [PasswordAdministrator, HelpdeskAdministrator] Key::RoleAuthenticationAdministrator, Key::RoleAuthenticationAdministratorAbout;
    AuthenticationPolicyAdministrator "authentication_policy_administrator" false [] Key::RoleAuthenticationPolicyAdministrator, Key::RoleAuthenticationPolicyAdministratorAbout;
    AzureDevOpsAdministrator "azure_devops_administrator" false [] Key::RoleAzureDevOpsAdministrator, Key::RoleAzureDevOpsAdministratorAbout;
    AzureInformationProtectionAdministrator "azure_information_protection_administrator" false [] Key::RoleAzureInformationProtectionAdministrator, Key::RoleAzureInformationProtectionAdministratorAbout;
    B2cIefKeysetAdministrator "b2c_ief_keyset_administrator" true [] Key::RoleB2cIefKeysetAdministrator, Key::RoleB2cIefKeysetAdministratorAbout;
    B2cIefPolicyAdministrator "b2c_ief_policy_administrator" false [] Key::RoleB2cIefPolicyAdministrator, Key::RoleB2cIefPolicyAdministratorAbout;
    BillingAdministrator "billing_administrator" false [] Key::RoleBillingAdministrator, Key::RoleBillingAdministratorAbout;
    CloudAppSecurityAdministrator "cloud_app_security_administrator" false [] Key::RoleCloudAppSecurityAdministrator, Key::RoleCloudAppSecurityAdministratorAbout;
    CloudApplicationAdministrator "cloud_application_administrator" true [ApplicationDeveloper] Key::RoleCloudApplicationAdministrator, Key::RoleCloudApplicationAdministratorAbout;
    CloudDeviceAdministrator "cloud_device_administrator" true [] Key::RoleCloudDeviceAdministrator, Key::RoleCloudDeviceAdministratorAbout;
    ComplianceAdministrator "compliance_administrator" false [ComplianceDataAdministrator] Key::RoleComplianceAdministrator, Key::RoleComplianceAdministratorAbout;
    ComplianceDataAdministrator "compliance_data_administrator" false [] Key::RoleComplianceDataAdministrator, Key::RoleComplianceDataAdministratorAbout;
    ConditionalAccessAdministrator "conditional_access_administrator" true [SecurityReader] Key::RoleConditionalAccessAdministrator, Key::RoleConditionalAccessAdministratorAbout;
    CustomerLockboxAccessApprover "customer_lockbox_access_approver" false [] Key::RoleCustomerLockboxAccessApprover, Key::RoleCustomerLockboxAccessApproverAbout;
    DesktopAnalyticsAdministrator "desktop_analytics_administrator" false [] Key::RoleDesktopAnalyticsAdministrator, Key::RoleDesktopAnalyticsAdministratorAbout;
    DirectoryReaders "directory_readers" false [] Key::RoleDirectoryReaders, Key::RoleDirectoryReadersAbout;
    DirectoryWriters "directory_writers" true [DirectoryReaders] Key::RoleDirectoryWriters, Key::RoleDirectoryWritersAbout;
    DomainNameAdministrator "domain_name_administrator" true [] Key::RoleDomainNameAdministrator, Key::RoleDomainNameAdministratorAbout;
    Dynamics365Administrator "dynamics_365_administrator" false [] Key::RoleDynamics365Administrator, Key::RoleDynamics365AdministratorAbout;
    EdgeAdministrator "edge_administrator" false [] Key::RoleEdgeAdministrator, Key::RoleEdgeAdministratorAbout;
    ExchangeAdministrator "exchange_administrator" false [ExchangeRecipientAdministrator] Key::RoleExchangeAdministrator, Key::RoleExchangeAdministratorAbout;
    ExchangeRecipientAdministrator "exchange_recipient_administrator" false [] Key::RoleExchangeRecipientAdministrator, Key::RoleExchangeRecipientAdministratorAbout;
    ExternalIdUserFlowAdministrator "external_id_user_flow_administrator" false [ExternalIdUserFlowAttributeAdministrator] Key::RoleExternalIdUserFlowAdministrator, Key::RoleExternalIdUserFlowAdministratorAbout;
    ExternalIdUserFlowAttributeAdministrator "external_id_user_flow_attribute_administrator" false [] Key::RoleExternalIdUserFlowAttributeAdministrator, Key::RoleExternalIdUserFlowAttributeAdministratorAbout;
    ExternalIdentityProviderAdministrator "external_identity_provider_administrator" true [] Key::RoleExternalIdentityProviderAdministrator, Key::RoleExternalIdentityProviderAdministratorAbout;
    FabricAdministrator "fabric_administrator" false [] Key::RoleFabricAdministrator, Key::RoleFabricAdministratorAbout;
    GlobalAdministrator "global_administrator" true [GlobalReader, UserAdministrator, LicenseAdministrator, PrivilegedRoleAdministrator] Key::RoleGlobalAdministrator, Key::RoleGlobalAdministratorAbout;
    GlobalReader "global_reader" true [DirectoryReaders, ReportsReader] Key::RoleGlobalReader, Key::RoleGlobalReaderAbout;
    GlobalSecureAccessAdministrator "global_secure_access_administrator" false [] Key::RoleGlobalSecureAccessAdministrator, Key::RoleGlobalSecureAccessAdministratorAbout;
    GroupsAdministrator "groups_administrator" false [] Key::RoleGroupsAdministrator, Key::RoleGroupsAdministratorAbout;
    GuestInviter "guest_inviter" false [] Key::RoleGuestInviter, Key::RoleGuestInviterAbout;
    HelpdeskAdministrator "helpdesk_administrator" true [PasswordAdministrator] Key::RoleHelpdeskAdministrator, Key::RoleHelpdeskAdministratorAbout;
    HybridIdentityAdministrator "hybrid_identity_administrator" true [] Key::RoleHybridIdentityAdministrator, Key::RoleHybridIdentityAdministratorAbout;
    IdentityGovernanceAdministrator "identity_governance_administrator" false [] Key::RoleIdentityGovernanceAdministrator, Key::RoleIdentityGovernanceAdministratorAbout;
    InsightsAdministrator "insights_administrator" false [InsightsAnalyst] Key::RoleInsightsAdministrator, Key::RoleInsightsAdministratorAbout;
    InsightsAnalyst "insights_analyst" false [] Key::RoleInsightsAnalyst, Key::RoleInsightsAnalystAbout;
    InsightsBusinessLeader "insights_business_leader" false [] Key::RoleInsightsBusinessLeader, Key::RoleInsightsBusinessLeaderAbout;
    IntuneAdministrator "intune_administrator" true [CloudDeviceAdministrator] Key::RoleIntuneAdministrator, Key::RoleIntuneAdministratorAbout;
    KnowledgeAdministrator "knowledge_administrator" false [KnowledgeManager] Key::RoleKnowledgeAdministrator, Key::RoleKnowledgeAdministratorAbout;
    KnowledgeManager "knowledge_manager" false [] Key::RoleKnowledgeManager, Key::RoleKnowledgeManagerAbout;
    LicenseAdministrator "license_administrator" false [] Key::RoleLicenseAdministrator, Key::RoleLicenseAdministratorAbout;
    LifecycleWorkflowsAdministrator "lifecycle_workflows_administrator" true [] Key::RoleLifecycleWorkflowsAdministrator, Key::RoleLifecycleWorkflowsAdministratorAbout;
    MessageCenterPrivacyReader "message_center_privacy_reader" false [MessageCenterReader] Key::RoleMessageCenterPrivacyReader, Key::RoleMessageCenterPrivacyReaderAbout;
    MessageCenterReader "message_center_reader" false [] Key::RoleMessageCenterReader, Key::RoleMessageCenterReaderAbout;
    Microsoft365MigrationAdministrator "microsoft_365_migration_administrator" false [] Key::RoleMicrosoft365MigrationAdministrator, Key::RoleMicrosoft365MigrationAdministratorAbout;
    NetworkAdministrator "network_administrator" false [] Key::RoleNetworkAdministrator, Key::RoleNetworkAdministratorAbout;
    OfficeAppsAdministrator "office_apps_administrator" false [] Key::RoleOfficeAppsAdministrator, Key::RoleOfficeAppsAdministratorAbout;
    OrganizationalMessagesWriter "organizational_messages_writer" false [] Key::RoleOrganizationalMessagesWriter, Key::RoleOrganizationalMessagesWriterAbout;
    PasswordAdministrator "password_administrator" true [] Key::RolePasswordAdministrator, Key::RolePasswordAdministratorAbout;
    PermissionsManagementAdministrator "permissions_management_administrator" false [] Key::RolePermissionsManagementAdministrator, Key::RolePermissionsManagementAdministratorAbout;
    PowerPlatformAdministrator "power_platform_administrator" false [] Key::RolePowerPlatformAdministrator, Key::RolePowerPlatformAdministratorAbout;
    PrinterAdministrator "printer_administrator" false [PrinterTechnician] Key::RolePrinterAdministrator, Key::RolePrinterAdministratorAbout;
    PrinterTechnician "printer_technician" false [] Key::RolePrinterTechnician, Key::RolePrinterTechnicianAbout;
    PrivilegedAuthenticationAdministrator "privileged_authentication_administrator" true [AuthenticationAdministrator] Key::RolePrivilegedAuthenticationAdministrator, Key::RolePrivilegedAuthenticationAdministratorAbout;
    PrivilegedRoleAdministrator "privileged_role_administrator" true [] Key::RolePrivilegedRoleAdministrator, Key::RolePrivilegedRoleAdministratorAbout;
    ReportsReader "reports_reader" false [UsageSummaryReportsReader] Key::RoleReportsReader, Key::RoleReportsReaderAbout;
    SearchAdministrator "search_administrator" false [SearchEditor] Key::RoleSearchAdministrator, Key::RoleSearchAdministratorAbout;
    SearchEditor "search_editor" false [] Key::RoleSearchEditor, Key::RoleSearchEditorAbout;
    SecurityAdministrator "security_administrator" true [SecurityOperator, SecurityReader] Key::RoleSecurityAdministrator, Key::RoleSecurityAdministratorAbout;
    SecurityOperator "security_operator" true [SecurityReader] Key::RoleSecurityOperator, Key::RoleSecurityOperatorAbout;
    SecurityReader "security_reader" true [] Key::RoleSecurityReader, Key::RoleSecurityReaderAbout;
    ServiceSupportAdministrator "service_support_administrator" false [] Key::RoleServiceSupportAdministrator, Key::RoleServiceSupportAdministratorAbout;
    SharePointAdministrator "sharepoint_administrator" false [] Key::RoleSharePointAdministrator, Key::RoleSharePointAdministratorAbout;
    SkypeForBusinessAdministrator "skype_for_business_administrator" false [] Key::RoleSkypeForBusinessAdministrator, Key::RoleSkypeForBusinessAdministratorAbout;
    TeamsAdministrator "teams_administrator" false [TeamsCommunicationsAdministrator, TeamsDevicesAdministrator] Key::RoleTeamsAdministrator, Key::RoleTeamsAdministratorAbout;
    TeamsCommunicationsAdministrator "teams_communications_administrator" false [TeamsCommunicationsSupportEngineer] Key::RoleTeamsCommunicationsAdministrator, Key::RoleTeamsCommunicationsAdministratorAbout;
    TeamsCommunicationsSupportEngineer "teams_communications_support_engineer" false [TeamsCommunicationsSupportSpecialist] Key::RoleTeamsCommunicationsSupportEngineer, Key::RoleTeamsCommunicationsSupportEngineerAbout;
    TeamsCommunicationsSupportSpecialist "teams_communications_support_specialist" false [] Key::RoleTeamsCommunicationsSupportSpecialist, Key::RoleTeamsCommunicationsSupportSpecialistAbout;
    TeamsDevicesAdministrator "teams_devices_administrator" false [] Key::RoleTeamsDevicesAdministrator, Key::RoleTeamsDevicesAdministratorAbout;
    UsageSummaryReportsReader "usage_summary_reports_reader" false [] Key::RoleUsageSummaryReportsReader, Key::RoleUsageSummaryReportsReaderAbout;
    UserAdministrator "user_administrator" true [HelpdeskAdministrator, GroupsAdministrator, LicenseAdministrator] Key::RoleUserAdministrator, Key::RoleUserAdministratorAbout;
    VirtualVisitsAdministrator "virtual_visits_administrator" false [] Key::RoleVirtualVisitsAdministrator, Key::RoleVirtualVisitsAdministratorAbout;
    VivaGoalsAdministrator "viva_goals_administrator" false [] Key::RoleVivaGoalsAdministrator, Key::RoleVivaGoalsAdministratorAbout;
    VivaPulseAdministrator "viva_pulse_administrator" false [] Key::RoleVivaPulseAdministrator, Key::RoleVivaPulseAdministratorAbout;
    Windows365Administrator "windows_365_administrator" false [] Key::RoleWindows365Administrator, Key::RoleWindows365AdministratorAbout;
    WindowsUpdateDeploymentAdministrator "windows_update_deployment_administrator" false [] Key::RoleWindowsUpdateDeploymentAdministrator, Key::RoleWindowsUpdateDeploymentAdministratorAbout;
    YammerAdministrator "yammer_administrator" false [] Key::RoleYammerAdministrator, Key::RoleYammerAdministratorAbout;
}

/// The roles partners ask for most: listed first where a form shows roles without a search (the
/// others wait behind "Every other role").
pub const COMMON: &[GdapRole] = &[
    GdapRole::DirectoryReaders,
    GdapRole::ExchangeRecipientAdministrator,
    GdapRole::GlobalAdministrator,
    GdapRole::GlobalReader,
    GdapRole::HelpdeskAdministrator,
    GdapRole::IntuneAdministrator,
    GdapRole::LicenseAdministrator,
    GdapRole::SecurityReader,
    GdapRole::ServiceSupportAdministrator,
    GdapRole::TeamsAdministrator,
    GdapRole::UserAdministrator,
];

/// The most roles one relationship, template or access assignment may hold.
pub const ROLES_MAX: usize = 20;

impl GdapRole {
    /// Every role, in catalogue order.
    pub fn all() -> impl Iterator<Item = GdapRole> {
        CATALOGUE.iter().map(|entry| entry.role)
    }

    /// The role's catalogue entry.
    pub fn entry(self) -> &'static RoleEntry {
        &CATALOGUE[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.entry().code
    }

    pub fn from_code(code: &str) -> Option<GdapRole> {
        CATALOGUE.iter().find(|entry| entry.code == code).map(|entry| entry.role)
    }

    /// The role's name in `locale`.
    pub fn name(self, locale: Locale) -> &'static str {
        self.entry().name.text(locale)
    }

    /// What the role lets the partner do, in plain words, in `locale`.
    pub fn description(self, locale: Locale) -> &'static str {
        self.entry().description.text(locale)
    }

    pub fn privileged(self) -> bool {
        self.entry().privileged
    }

    /// Roles with fewer permissions that are usually enough instead.
    pub fn alternatives(self) -> &'static [GdapRole] {
        self.entry().alternatives
    }

    /// Whether a relationship holding this role may not extend itself.
    pub fn forbids_auto_extend(self) -> bool {
        matches!(self, GdapRole::GlobalAdministrator)
    }

    /// Whether the role's name (in `locale` or in English), code or description holds every word
    /// of `query`, ignoring case; an empty query matches every role.
    pub fn matches(self, query: &str, locale: Locale) -> bool {
        let haystack = format!("{} {} {} {}", self.name(locale), self.name(Locale::En), self.code(), self.description(locale)).to_lowercase();
        query.to_lowercase().split_whitespace().all(|word| haystack.contains(word))
    }
}

/// The roles whose name, code or description match `query`, in catalogue order.
pub fn search(query: &str, locale: Locale) -> Vec<GdapRole> {
    GdapRole::all().filter(|role| role.matches(query, locale)).collect()
}

/// Why a role is recommended for an offer: what the offer sells that needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Every offer sells licenses someone must assign to the client's users.
    Licenses,
    /// Every offer's products may need a support request with the cloud provider.
    Support,
    /// The offer includes mailboxes (Exchange Online, or a suite with it).
    Mailboxes,
    /// The offer sells Microsoft Teams on its own.
    Teams,
    /// The offer includes device management (Intune).
    Devices,
    /// The offer includes threat protection (Defender).
    Security,
    /// The offer sells Dynamics 365.
    Dynamics,
    /// The offer sells Power BI or Fabric.
    Analytics,
    /// The offer sells the Office apps on their own.
    OfficeApps,
}

impl Reason {
    /// Why, in plain words for the client ("to assign the licenses you buy to your users").
    pub fn key(self) -> Key {
        match self {
            Reason::Licenses => Key::GdapWhyLicenses,
            Reason::Support => Key::GdapWhySupport,
            Reason::Mailboxes => Key::GdapWhyMailboxes,
            Reason::Teams => Key::GdapWhyTeams,
            Reason::Devices => Key::GdapWhyDevices,
            Reason::Security => Key::GdapWhySecurity,
            Reason::Dynamics => Key::GdapWhyDynamics,
            Reason::Analytics => Key::GdapWhyAnalytics,
            Reason::OfficeApps => Key::GdapWhyOfficeApps,
        }
    }
}

/// Whether `words` (lowercase) hold `phrase`'s words one after the other.
fn has_phrase(words: &[String], phrase: &[&str]) -> bool {
    words.windows(phrase.len()).any(|window| window.iter().zip(phrase).all(|(word, wanted)| word == wanted))
}

/// The least-privileged roles the products of an offer need (each product by its name and its
/// catalog id), each with the reason the client reads: License administrator and Service
/// support administrator always (a license-only offer needs nothing more), then one role per
/// kind of service the products include. Each role appears once, with its first reason.
pub fn recommended_for(products: &[&str]) -> Vec<(GdapRole, Reason)> {
    // Business Basic/Standard/Premium, Office 365 E1 and Microsoft 365 E3/E5 include mailboxes;
    // Business Premium and E3/E5 include Intune; E5 includes Defender.
    const RULES: &[(&[&str], GdapRole, Reason)] = &[
        (&["exchange"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["business", "basic"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["business", "standard"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["business", "premium"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["e1"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["e3"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["e5"], GdapRole::ExchangeRecipientAdministrator, Reason::Mailboxes),
        (&["teams"], GdapRole::TeamsAdministrator, Reason::Teams),
        (&["intune"], GdapRole::IntuneAdministrator, Reason::Devices),
        (&["business", "premium"], GdapRole::IntuneAdministrator, Reason::Devices),
        (&["e3"], GdapRole::IntuneAdministrator, Reason::Devices),
        (&["e5"], GdapRole::IntuneAdministrator, Reason::Devices),
        (&["defender"], GdapRole::SecurityOperator, Reason::Security),
        (&["e5"], GdapRole::SecurityOperator, Reason::Security),
        (&["dynamics"], GdapRole::Dynamics365Administrator, Reason::Dynamics),
        (&["power", "bi"], GdapRole::FabricAdministrator, Reason::Analytics),
        (&["fabric"], GdapRole::FabricAdministrator, Reason::Analytics),
        (&["apps", "for"], GdapRole::OfficeAppsAdministrator, Reason::OfficeApps),
    ];
    let mut recommended = vec![(GdapRole::LicenseAdministrator, Reason::Licenses), (GdapRole::ServiceSupportAdministrator, Reason::Support)];
    for product in products {
        let words: Vec<String> = product.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        for (phrase, role, reason) in RULES {
            if has_phrase(&words, phrase) && !recommended.iter().any(|(r, _)| r == role) {
                recommended.push((*role, *reason));
            }
        }
    }
    recommended
}

/// The reason `role` is among the `recommended` roles ([`recommended_for`]), if it is.
pub fn why(role: GdapRole, recommended: &[(GdapRole, Reason)]) -> Option<Reason> {
    recommended.iter().find(|(r, _)| *r == role).map(|(_, reason)| *reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_sits_at_its_variants_place_with_a_code_of_its_own() {
        for (i, entry) in CATALOGUE.iter().enumerate() {
            assert_eq!(entry.role as usize, i, "{} is out of order", entry.code);
            assert_eq!(GdapRole::from_code(entry.code), Some(entry.role));
            assert!(entry.code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", entry.code);
        }
        let mut codes: Vec<&str> = CATALOGUE.iter().map(|e| e.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
        assert!(CATALOGUE.len() >= 80, "the catalogue holds the program's built-in roles");
    }

    #[test]
    fn every_role_is_named_and_described_in_every_language() {
        for role in GdapRole::all() {
            for locale in Locale::ALL {
                assert!(!role.name(locale).trim().is_empty(), "{role:?} {locale:?}");
                assert!(!role.description(locale).trim().is_empty(), "{role:?} {locale:?}");
            }
        }
    }

    #[test]
    fn alternatives_hold_fewer_permissions_never_the_role_itself_nor_a_more_privileged_one() {
        for role in GdapRole::all() {
            for alternative in role.alternatives() {
                assert_ne!(*alternative, role);
                assert!(!alternative.alternatives().contains(&role), "{role:?} and {alternative:?} point at each other");
                assert!(role.privileged() || !alternative.privileged(), "{alternative:?} is more privileged than {role:?}");
            }
        }
        assert!(GdapRole::GlobalAdministrator.alternatives().contains(&GdapRole::GlobalReader));
        assert!(GdapRole::ExchangeAdministrator.alternatives().contains(&GdapRole::ExchangeRecipientAdministrator));
    }

    #[test]
    fn the_published_codes_of_the_first_roles_never_change() {
        for (role, code) in [
            (GdapRole::DirectoryReaders, "directory_readers"),
            (GdapRole::GlobalReader, "global_reader"),
            (GdapRole::UserAdministrator, "user_administrator"),
            (GdapRole::LicenseAdministrator, "license_administrator"),
            (GdapRole::HelpdeskAdministrator, "helpdesk_administrator"),
            (GdapRole::ServiceSupportAdministrator, "service_support_administrator"),
            (GdapRole::GlobalAdministrator, "global_administrator"),
        ] {
            assert_eq!(role.code(), code);
        }
        assert_eq!(GdapRole::from_code("partner_tier2_support"), None);
    }

    #[test]
    fn search_finds_roles_by_name_in_the_language_or_in_english_and_by_what_they_do() {
        assert_eq!(search("licen", Locale::En).first(), Some(&GdapRole::LicenseAdministrator));
        assert!(search("Licentiebeheerder", Locale::Nl).contains(&GdapRole::LicenseAdministrator));
        assert!(search("license administrator", Locale::Fr).contains(&GdapRole::LicenseAdministrator));
        assert!(search("mailboxes", Locale::En).contains(&GdapRole::ExchangeRecipientAdministrator));
        assert!(search("TEAMS devices", Locale::En) == vec![GdapRole::TeamsDevicesAdministrator]);
        assert_eq!(search("", Locale::En).len(), CATALOGUE.len());
        assert!(search("no role is called this", Locale::En).is_empty());
    }

    #[test]
    fn a_license_only_offer_needs_license_and_support_administrators_only() {
        let roles: Vec<GdapRole> = recommended_for(&["Microsoft 365 Copilot", "COPILOT-M365"]).into_iter().map(|(r, _)| r).collect();
        assert_eq!(roles, vec![GdapRole::LicenseAdministrator, GdapRole::ServiceSupportAdministrator]);
        assert_eq!(recommended_for(&[]).len(), 2);
    }

    #[test]
    fn suites_bring_the_roles_of_what_they_include_once_each() {
        let recommended = recommended_for(&["Microsoft 365 E5", "M365-E5", "Microsoft 365 Business Premium", "Exchange Online (Plan 1)"]);
        let roles: Vec<GdapRole> = recommended.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            roles,
            vec![
                GdapRole::LicenseAdministrator,
                GdapRole::ServiceSupportAdministrator,
                GdapRole::ExchangeRecipientAdministrator,
                GdapRole::IntuneAdministrator,
                GdapRole::SecurityOperator,
            ]
        );
        assert_eq!(why(GdapRole::IntuneAdministrator, &recommended), Some(Reason::Devices));
        assert_eq!(why(GdapRole::GlobalAdministrator, &recommended), None);
        // Words, not letters: "Teams Essentials" brings Teams, a "Premium" plan of something
        // else does not bring Intune, and "E5" inside another word is not E5.
        let roles: Vec<GdapRole> = recommended_for(&["Microsoft Teams Essentials", "Visio Premium", "HE5X"]).into_iter().map(|(r, _)| r).collect();
        assert_eq!(roles, vec![GdapRole::LicenseAdministrator, GdapRole::ServiceSupportAdministrator, GdapRole::TeamsAdministrator]);
    }

    #[test]
    fn the_recommendation_never_holds_global_administrator_nor_a_role_with_a_lesser_alternative_it_could_use() {
        let everything =
            ["Microsoft 365 E5", "Exchange Online", "Teams", "Intune", "Defender", "Dynamics 365", "Power BI Pro", "Microsoft 365 Apps for business"];
        for (role, _) in recommended_for(&everything) {
            assert!(!role.forbids_auto_extend());
            assert_ne!(role, GdapRole::ExchangeAdministrator, "Exchange recipient administrator is enough for mailboxes");
        }
    }
}
