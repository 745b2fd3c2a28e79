//! Demo data: partner organisations, offices, a catalog and one user per role.
//!
//! Loaded by `partnerdesk demo` and by the run command on an empty database.

use crate::auth::ssr::hash_password;
use crate::catalog::CatalogSubscription;
use crate::roles::{Programs, Role};
use crate::store::{NewOffice, NewOrganisation, NewUser, SharedStore, StoreError};

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "partnerdesk-demo";

/// The demo sign-ins: email, organisation, roles (printed by the run command).
pub const DEMO_USERS: &[(&str, &str, &[Role])] = &[
    ("advisor@contoso.example", "Contoso Advisors", &[Role::Advisor]),
    ("admin@contoso.example", "Contoso Advisors", &[Role::GlobalAdmin, Role::Advisor]),
    ("advisor@fabrikam.example", "Fabrikam Consulting", &[Role::Advisor]),
    ("admin@northwind.example", "Northwind Distribution", &[Role::GlobalAdmin]),
    ("users@northwind.example", "Northwind Distribution", &[Role::UserManagementAdmin]),
    ("agent@northwind.example", "Northwind Distribution", &[Role::AdminAgent]),
    ("sales@northwind.example", "Northwind Distribution", &[Role::SalesAgent]),
    ("admin@tailspin.example", "Tailspin Cloud Supply", &[Role::GlobalAdmin]),
    ("admin@adatum.example", "Adatum Resellers", &[Role::GlobalAdmin]),
    ("agent@litware.example", "Litware IT", &[Role::AdminAgent]),
    ("admin@proseware.example", "Proseware Solutions", &[Role::GlobalAdmin]),
];

struct DemoOrg {
    name: &'static str,
    mpn_id: &'static str,
    country: &'static str,
    programs: Programs,
    dap_certified: bool,
    advisor_code: Option<&'static str>,
    offices: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const ADVISOR: Programs = Programs { advisor: true, indirect_provider: false, indirect_reseller: false };
const PROVIDER: Programs = Programs { advisor: false, indirect_provider: true, indirect_reseller: false };
const RESELLER: Programs = Programs { advisor: false, indirect_provider: false, indirect_reseller: true };

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Contoso Advisors",
        mpn_id: "1000001",
        country: "NL",
        programs: ADVISOR,
        dap_certified: true,
        advisor_code: Some("contoso"),
        offices: &[
            ("Amsterdam", "Herengracht 100", "Amsterdam", "NL"),
            ("Utrecht", "Oudegracht 12", "Utrecht", "NL"),
        ],
    },
    DemoOrg {
        name: "Fabrikam Consulting",
        mpn_id: "1000002",
        country: "FR",
        programs: ADVISOR,
        dap_certified: false,
        advisor_code: Some("fabrikam"),
        offices: &[("Paris", "12 rue de Rivoli", "Paris", "FR")],
    },
    DemoOrg {
        name: "Northwind Distribution",
        mpn_id: "2000001",
        country: "GB",
        programs: PROVIDER,
        dap_certified: true,
        advisor_code: None,
        offices: &[("London", "1 King Street", "London", "GB")],
    },
    DemoOrg {
        name: "Tailspin Cloud Supply",
        mpn_id: "2000002",
        country: "BR",
        programs: PROVIDER,
        dap_certified: false,
        advisor_code: None,
        offices: &[("São Paulo", "Avenida Paulista 1000", "São Paulo", "BR")],
    },
    DemoOrg {
        name: "Adatum Resellers",
        mpn_id: "3000001",
        country: "NL",
        programs: RESELLER,
        dap_certified: false,
        advisor_code: None,
        offices: &[],
    },
    DemoOrg {
        name: "Litware IT",
        mpn_id: "3000002",
        country: "FR",
        programs: RESELLER,
        dap_certified: false,
        advisor_code: None,
        offices: &[],
    },
    DemoOrg {
        name: "Proseware Solutions",
        mpn_id: "3000003",
        country: "BR",
        programs: RESELLER,
        dap_certified: false,
        advisor_code: None,
        offices: &[],
    },
];

const EU: &[&str] = &["NL", "FR", "BE", "DE", "IE", "ES", "IT", "PT", "LU", "AT"];
const EVERYWHERE: &[&str] = &["NL", "FR", "BE", "DE", "IE", "ES", "IT", "PT", "LU", "AT", "GB", "US", "CA", "BR", "AU"];

/// The demo catalog: (id, name, description, min, max, countries).
pub const CATALOG: &[(&str, &str, &str, i64, i64, &[&str])] = &[
    ("M365-BUSINESS-BASIC", "Microsoft 365 Business Basic", "Web and mobile apps, email and file storage", 1, 300, EVERYWHERE),
    ("M365-BUSINESS-STANDARD", "Microsoft 365 Business Standard", "Desktop apps, email, files and meetings", 1, 300, EVERYWHERE),
    ("M365-BUSINESS-PREMIUM", "Microsoft 365 Business Premium", "Business Standard plus advanced security", 1, 300, EVERYWHERE),
    ("M365-E3", "Microsoft 365 E3", "Enterprise productivity and security", 1, 10000, EVERYWHERE),
    ("M365-E5", "Microsoft 365 E5", "E3 plus advanced security, voice and analytics", 1, 10000, EVERYWHERE),
    ("O365-E1", "Office 365 E1", "Web apps, email and Teams for enterprises", 1, 10000, EVERYWHERE),
    ("EXCHANGE-ONLINE-P1", "Exchange Online (Plan 1)", "Business email with 50 GB mailboxes", 1, 10000, EVERYWHERE),
    ("TEAMS-ESSENTIALS", "Microsoft Teams Essentials", "Meetings and chat for small businesses", 1, 300, &["US", "CA", "GB", "AU", "IE"]),
    ("TEAMS-ENTERPRISE-EEA", "Microsoft Teams Enterprise (EEA)", "Teams sold separately in the European Economic Area", 1, 10000, EU),
    ("M365-APPS-BUSINESS", "Microsoft 365 Apps for business", "Desktop Office apps and 1 TB storage", 1, 300, EVERYWHERE),
    ("POWER-BI-PRO", "Power BI Pro", "Self-service analytics and sharing", 5, 5000, &["NL", "FR", "GB", "US", "BR", "DE"]),
    ("DYNAMICS-365-SALES", "Dynamics 365 Sales Professional", "Sales automation for growing teams", 5, 2000, &["US", "GB", "NL", "FR"]),
    ("COPILOT-M365", "Microsoft 365 Copilot", "AI assistant in the Microsoft 365 apps", 1, 10000, &["US", "GB", "CA", "AU", "NL", "FR", "DE", "BR"]),
];

/// Loads the demo data unless the database already holds organisations.
/// Returns whether anything was loaded.
pub async fn load_if_empty(store: &SharedStore) -> Result<bool, StoreError> {
    if store.organisation_count().await? > 0 {
        return Ok(false);
    }
    load(store).await?;
    Ok(true)
}

/// Loads the demo data (into an empty database).
pub async fn load(store: &SharedStore) -> Result<(), StoreError> {
    for (order, (id, name, description, min, max, countries)) in CATALOG.iter().enumerate() {
        let subscription = CatalogSubscription {
            id: id.to_string(),
            name: name.to_string(),
            description: description.to_string(),
            min_licenses: *min,
            max_licenses: *max,
        };
        store.put_catalog_subscription(&subscription, order as i64, countries).await?;
    }
    let hash = hash_password(DEMO_PASSWORD.to_string())
        .await
        .map_err(|_| StoreError::NotFound)?;
    for org in ORGS {
        let id = store
            .create_organisation(
                None,
                &NewOrganisation {
                    name: org.name.to_string(),
                    mpn_id: org.mpn_id.to_string(),
                    country: org.country.to_string(),
                    programs: org.programs,
                    dap_certified: org.dap_certified,
                    advisor_code: org.advisor_code.map(str::to_string),
                },
            )
            .await?;
        let actor = crate::store::Actor { user_id: None, organisation_id: id, ip: None };
        for (name, address, city, country) in org.offices {
            store
                .add_office(
                    &actor,
                    &NewOffice {
                        name: name.to_string(),
                        address_line1: address.to_string(),
                        city: city.to_string(),
                        country: country.to_string(),
                    },
                )
                .await?;
        }
        for (email, org_name, roles) in DEMO_USERS.iter().filter(|u| u.1 == org.name) {
            let display = email.split('@').next().unwrap_or(email);
            store
                .create_user(
                    None,
                    &NewUser {
                        organisation_id: id,
                        email: email.to_string(),
                        name: format!("{} ({org_name})", capitalise(display)),
                        password_hash: hash.clone(),
                        roles: roles.to_vec(),
                    },
                )
                .await?;
        }
    }
    Ok(())
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
