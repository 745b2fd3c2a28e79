//! Demo data: partner organisations, offices, a catalog and one user per role.
//!
//! Loaded by `partnerdesk demo` and by the run command on an empty database.

use crate::auth::ssr::hash_password;
use crate::catalog::CatalogSubscription;
use crate::customers::CustomerDetails;
use crate::i18n::Locale;
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
    ("operator@partnerdesk.example", OPERATORS, &[Role::Operator]),
];

/// The demo installation's operators (they approve providers' profile changes).
const OPERATORS: &str = "PartnerDesk operators";

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
        offices: &[("Amsterdam", "Herengracht 100", "Amsterdam", "NL"), ("Utrecht", "Oudegracht 12", "Utrecht", "NL")],
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
        offices: &[("Rotterdam", "Coolsingel 40", "Rotterdam", "NL")],
    },
    DemoOrg { name: "Litware IT", mpn_id: "3000002", country: "FR", programs: RESELLER, dap_certified: false, advisor_code: None, offices: &[] },
    DemoOrg {
        name: OPERATORS,
        mpn_id: crate::providers::OPERATOR_MPN_ID,
        country: "NL",
        programs: Programs { advisor: false, indirect_provider: false, indirect_reseller: false },
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

/// One product of the demo catalog: (id, name, description, min, max, countries).
pub type DemoProduct = (&'static str, &'static str, &'static str, i64, i64, &'static [&'static str]);

/// The demo catalog.
pub const CATALOG: &[DemoProduct] = &[
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

/// The demo catalog's descriptions in Dutch, French and Brazilian Portuguese: (id, nl, fr, pt-BR).
pub const CATALOG_TRANSLATIONS: &[(&str, &str, &str, &str)] = &[
    (
        "M365-BUSINESS-BASIC",
        "Web- en mobiele apps, e-mail en bestandsopslag",
        "Applications web et mobiles, messagerie et stockage de fichiers",
        "Aplicativos web e móveis, e-mail e armazenamento de arquivos",
    ),
    (
        "M365-BUSINESS-STANDARD",
        "Desktop-apps, e-mail, bestanden en vergaderingen",
        "Applications de bureau, messagerie, fichiers et réunions",
        "Aplicativos da área de trabalho, e-mail, arquivos e reuniões",
    ),
    (
        "M365-BUSINESS-PREMIUM",
        "Business Standard plus geavanceerde beveiliging",
        "Business Standard avec une sécurité avancée",
        "Business Standard com segurança avançada",
    ),
    (
        "M365-E3",
        "Productiviteit en beveiliging voor ondernemingen",
        "Productivité et sécurité pour les grandes entreprises",
        "Produtividade e segurança para empresas",
    ),
    (
        "M365-E5",
        "E3 plus geavanceerde beveiliging, telefonie en analyses",
        "E3 avec sécurité avancée, téléphonie et analyses",
        "E3 com segurança avançada, telefonia e análises",
    ),
    (
        "O365-E1",
        "Web-apps, e-mail en Teams voor ondernemingen",
        "Applications web, messagerie et Teams pour les entreprises",
        "Aplicativos web, e-mail e Teams para empresas",
    ),
    (
        "EXCHANGE-ONLINE-P1",
        "Zakelijke e-mail met mailboxen van 50 GB",
        "Messagerie professionnelle avec des boîtes aux lettres de 50 Go",
        "E-mail corporativo com caixas de correio de 50 GB",
    ),
    (
        "TEAMS-ESSENTIALS",
        "Vergaderen en chatten voor kleine bedrijven",
        "Réunions et conversations pour les petites entreprises",
        "Reuniões e chat para pequenas empresas",
    ),
    (
        "TEAMS-ENTERPRISE-EEA",
        "Teams, apart verkocht in de Europese Economische Ruimte",
        "Teams, vendu séparément dans l'Espace économique européen",
        "Teams vendido separadamente no Espaço Econômico Europeu",
    ),
    (
        "M365-APPS-BUSINESS",
        "Office-desktopapps en 1 TB opslag",
        "Applications Office de bureau et 1 To de stockage",
        "Aplicativos do Office para desktop e 1 TB de armazenamento",
    ),
    ("POWER-BI-PRO", "Selfservice-analyses en delen", "Analyses en libre-service et partage", "Análises de autoatendimento e compartilhamento"),
    (
        "DYNAMICS-365-SALES",
        "Verkoopautomatisering voor groeiende teams",
        "Automatisation des ventes pour les équipes en croissance",
        "Automação de vendas para equipes em crescimento",
    ),
    (
        "COPILOT-M365",
        "AI-assistent in de Microsoft 365-apps",
        "Assistant IA dans les applications Microsoft 365",
        "Assistente de IA nos aplicativos do Microsoft 365",
    ),
];

/// The demo catalog's translations of one subscription's description.
fn catalog_translations(id: &str) -> crate::catalog::Translations {
    let mut translations = crate::catalog::Translations::default();
    if let Some((_, nl, fr, pt)) = CATALOG_TRANSLATIONS.iter().find(|(i, ..)| *i == id) {
        for (locale, text) in [(crate::i18n::Locale::Nl, nl), (crate::i18n::Locale::Fr, fr), (crate::i18n::Locale::PtBr, pt)] {
            translations.insert(locale.tag(), text);
        }
    }
    translations
}

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
    load_catalog(store).await?;
    let hash = hash_password(DEMO_PASSWORD.to_string()).await.map_err(|_| StoreError::NotFound)?;
    let mut ids = std::collections::HashMap::new();
    let mut user_ids = std::collections::HashMap::new();
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
        ids.insert(org.name, id);
        let actor = crate::store::Actor { user_id: None, organisation_id: id, ip: None };
        for (name, address, city, country) in org.offices {
            store
                .add_office(
                    &actor,
                    &NewOffice { name: name.to_string(), address_line1: address.to_string(), city: city.to_string(), country: country.to_string() },
                )
                .await?;
        }
        for (email, org_name, roles) in DEMO_USERS.iter().filter(|u| u.1 == org.name) {
            let display = email.split('@').next().unwrap_or(email);
            let user_id = store
                .create_user(
                    None,
                    &NewUser {
                        organisation_id: id,
                        email: email.to_string(),
                        name: format!("{} ({org_name})", capitalise(display)),
                        password_hash: hash.clone(),
                        roles: roles.to_vec(),
                        must_change_password: false,
                    },
                )
                .await?;
            user_ids.insert(*email, user_id);
        }
    }
    load_sample_prices(store, ids.get(OPERATORS).copied()).await?;
    load_provider_profiles(store, &ids, &user_ids).await?;
    let (Some(&northwind), Some(&adatum)) = (ids.get("Northwind Distribution"), ids.get("Adatum Resellers")) else {
        return Ok(());
    };
    load_partnership(store, northwind, adatum).await
}

/// Northwind and Adatum are partners already, and share three customers.
/// The sample price list (made-up prices, `samples/sample-price-list.csv`), applied as the
/// operators would, so that offers made in its markets have prices. The demo catalog keeps its
/// own countries: a country the sample does not price sells without a price.
const SAMPLE_PRICE_LIST: &[u8] = include_bytes!("../../samples/sample-price-list.csv");

async fn load_sample_prices(store: &SharedStore, operators: Option<i64>) -> Result<(), StoreError> {
    let Some(operators) = operators else { return Ok(()) };
    let actor = crate::store::Actor { user_id: None, organisation_id: operators, ip: None };
    crate::price_lists::service::apply_as(store, &actor, "sample-price-list.csv", SAMPLE_PRICE_LIST).await.map_err(|e| {
        tracing::error!(error = ?e, "the sample price list could not be applied");
        StoreError::NotFound
    })?;
    load_catalog(store).await
}

/// The demo catalog: its products, descriptions and the countries each is sold in.
async fn load_catalog(store: &SharedStore) -> Result<(), StoreError> {
    for (order, (id, name, description, min, max, countries)) in CATALOG.iter().enumerate() {
        let subscription = CatalogSubscription::new(id.to_string(), name.to_string(), description.to_string(), *min, *max);
        let subscription = CatalogSubscription { translations: catalog_translations(id), ..subscription };
        store.put_catalog_subscription(&subscription, order as i64, countries).await?;
    }
    Ok(())
}

async fn load_partnership(store: &SharedStore, provider: i64, reseller: i64) -> Result<(), StoreError> {
    use crate::store::customers::{NewCustomer, NewCustomerSubscription};
    let provider_actor = crate::store::Actor { user_id: None, organisation_id: provider, ip: None };
    let reseller_actor = crate::store::Actor { user_id: None, organisation_id: reseller, ip: None };
    let token = crate::tokens::new_secret_token();
    let request = store.create_partnership_request(&provider_actor, &token).await?;
    store.mark_partnership_request_sent(&provider_actor, request, Some("admin@adatum.example")).await?;
    store.accept_partnership(&reseller_actor, &token, None).await?;
    let line = |id: &str, count: i64, record: Option<i64>, support: Option<i64>| NewCustomerSubscription {
        subscription_id: id.to_string(),
        license_count: count,
        reseller_of_record_id: record,
        support_contact_id: support,
        offer_id: None,
        price: None,
        trial_days: None,
    };
    let customers = [
        (
            "Woodgrove Bank",
            "woodgrovebank",
            "GB",
            "10 Canary Wharf",
            "London",
            "Alex",
            "Wilber",
            Some(reseller),
            vec![line("M365-BUSINESS-PREMIUM", 40, Some(reseller), Some(reseller)), line("EXCHANGE-ONLINE-P1", 40, Some(reseller), Some(provider))],
        ),
        (
            "Coho Winery",
            "cohowinery",
            "FR",
            "3 rue des Vignes",
            "Bordeaux",
            "Camille",
            "Martin",
            None,
            vec![line("M365-BUSINESS-BASIC", 12, None, Some(reseller))],
        ),
        (
            "Fourth Coffee",
            "fourthcoffee",
            "NL",
            "Koffiestraat 4",
            "Rotterdam",
            "Sanne",
            "de Vries",
            None,
            vec![line("M365-BUSINESS-STANDARD", 8, None, Some(provider))],
        ),
    ];
    for (name, prefix, country, address, city, first, last, reseller_id, subscriptions) in customers {
        store
            .create_customer(
                &provider_actor,
                &NewCustomer {
                    reseller_id,
                    details: CustomerDetails {
                        company_name: name.to_string(),
                        domain_prefix: prefix.to_string(),
                        country: country.to_string(),
                        address_line1: address.to_string(),
                        city: city.to_string(),
                        postal_code: String::new(),
                        phone: String::new(),
                        registration_number: String::new(),
                        contact_first_name: first.to_string(),
                        contact_last_name: last.to_string(),
                        contact_email: format!("{}@{prefix}.example", first.to_lowercase()),
                        language: Locale::En,
                    },
                    admin_user_name: format!("admin@{prefix}.onmicrosoft.example"),
                    admin_password_hash: None,
                    idempotency_key: None,
                    subscriptions,
                },
            )
            .await?;
    }
    Ok(())
}

/// The demo providers' directory profiles, and a change Tailspin proposed that waits for the
/// operator.
async fn load_provider_profiles(
    store: &SharedStore,
    orgs: &std::collections::HashMap<&str, i64>,
    users: &std::collections::HashMap<&str, i64>,
) -> Result<(), StoreError> {
    use crate::providers::Profile;
    let profile = |description: &str, website: &str, email: &str, phone: &str, countries: &[&str], since: &str| Profile {
        description: description.to_string(),
        website: website.to_string(),
        contact_email: email.to_string(),
        contact_phone: phone.to_string(),
        countries: countries.iter().map(|c| c.to_string()).collect(),
        provider_since: since.to_string(),
    };
    let northwind = profile(
        "Cloud distributor for the United Kingdom, Ireland and the Benelux: Microsoft 365, Dynamics 365 and Azure for resellers of every size, with onboarding, billing and 24/7 support in English and Dutch.",
        "https://www.northwind.example",
        "partners@northwind.example",
        "+44 20 7946 0000",
        &["BE", "GB", "IE", "LU", "NL"],
        "2016-03-01",
    );
    let tailspin = profile(
        "Cloud supply for resellers in Brazil and Portugal: licences billed in local currency, onboarding in Portuguese and a partner desk that answers within one business day.",
        "https://tailspin.example",
        "parceiros@tailspin.example",
        "+55 11 5555 0100",
        &["BR", "PT"],
        "2018-07-15",
    );
    if let Some(&id) = orgs.get("Northwind Distribution") {
        store.publish_provider_profile(id, &northwind).await?;
    }
    if let (Some(&id), Some(&admin)) = (orgs.get("Tailspin Cloud Supply"), users.get("admin@tailspin.example")) {
        store.publish_provider_profile(id, &tailspin).await?;
        let mut proposal = tailspin.clone();
        proposal.countries = vec!["AO".into(), "BR".into(), "MZ".into(), "PT".into()];
        proposal.description = "Cloud supply for resellers in Brazil, Portugal, Angola and Mozambique: licences billed in local currency, onboarding in Portuguese and a partner desk that answers within one business day.".into();
        let actor = crate::store::Actor { user_id: Some(admin), organisation_id: id, ip: None };
        store.propose_profile_change(&actor, &proposal).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn every_demo_subscription_is_described_in_every_language() {
        assert_eq!(CATALOG_TRANSLATIONS.len(), CATALOG.len());
        for (id, _, english, ..) in CATALOG {
            let translations = catalog_translations(id);
            for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
                let text = translations.pick(locale, english);
                assert!(text != *english && !text.is_empty(), "{id} has no {} description", locale.tag());
            }
        }
    }
}
