//! Indirect providers' profiles: what a provider tells resellers about itself, the public
//! directory where resellers find a provider, and the operator's approval of profile changes.
//!
//! The program's rule is that a provider does not edit its directory entry itself: its Global
//! admin proposes a change, and the change takes effect when the operator of this PartnerDesk
//! installation approves it. The provider sees the pending change until then.

use crate::error::{AppError, FieldErrors, Problem};
use crate::roles::Permission;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod pages;
pub use pages::{DirectoryPage, ProfileChangesPage, ProviderProfilePage};

/// The longest description a profile may have.
pub const DESCRIPTION_MAX: usize = 500;
/// The most countries and regions one profile may list.
pub const COUNTRIES_MAX: usize = 60;
/// Providers per directory page.
pub const DIRECTORY_PER_PAGE: i64 = 20;
/// The MPN ID field of the operators' own organisation: not numeric, so it never matches a
/// partner's MPN ID.
pub const OPERATOR_MPN_ID: &str = "operator";

/// A provider profile as typed in the proposal form (a missing field is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub description: String,
    pub website: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Countries and regions served: codes or names, separated by commas or new lines.
    pub countries: String,
    /// Since when the organisation is an indirect provider (`YYYY-MM-DD`).
    pub provider_since: String,
}

/// A provider profile that passed every rule: what the directory shows, besides the company
/// name and MPN ID (which come from the organisation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub description: String,
    /// Empty, or `https://host/…`.
    pub website: String,
    pub contact_email: String,
    /// Empty, or a phone number.
    pub contact_phone: String,
    /// ISO 3166-1 alpha-2 codes, sorted, without repeats.
    pub countries: Vec<String>,
    /// `YYYY-MM-DD`.
    pub provider_since: String,
}

/// The fields of a profile, by their form names, in the order the pages show them.
pub const PROFILE_FIELDS: [&str; 6] = ["description", "countries", "website", "contact_email", "contact_phone", "provider_since"];

impl Profile {
    /// The form names of the fields in which `self` differs from `before` (all, when there
    /// was no profile before).
    pub fn changed_fields(&self, before: Option<&Profile>) -> Vec<&'static str> {
        let Some(before) = before else {
            return PROFILE_FIELDS.to_vec();
        };
        PROFILE_FIELDS
            .into_iter()
            .filter(|field| match *field {
                "description" => self.description != before.description,
                "countries" => self.countries != before.countries,
                "website" => self.website != before.website,
                "contact_email" => self.contact_email != before.contact_email,
                "contact_phone" => self.contact_phone != before.contact_phone,
                _ => self.provider_since != before.provider_since,
            })
            .collect()
    }
}

/// Parses a list of countries and regions (codes such as `NL` or `UK`, or names), separated
/// by commas, semicolons or new lines, into sorted codes without repeats.
pub fn parse_country_list(typed: &str) -> Result<Vec<String>, Problem> {
    let mut codes = Vec::new();
    for item in typed.split([',', ';', '\n']).map(str::trim).filter(|i| !i.is_empty()) {
        match crate::catalog::parse_country(item) {
            Ok(code) => codes.push(code),
            Err(_) => return Err(Problem::UnknownCountry { typed: item.chars().take(40).collect() }),
        }
    }
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Err(Problem::Required);
    }
    if codes.len() > COUNTRIES_MAX {
        return Err(Problem::TooMany { max: COUNTRIES_MAX });
    }
    Ok(codes)
}

/// A "since" date: a real day, not after `now` (Unix seconds), not before 2000.
pub fn parse_since_date(typed: &str, now: i64) -> Result<String, Problem> {
    if typed.trim().is_empty() {
        return Err(Problem::Required);
    }
    let date = crate::validate::calendar_date(typed).ok_or(Problem::SinceDate)?;
    let start = date.midnight().assume_utc().unix_timestamp();
    if start > now || date.year() < 2000 {
        return Err(Problem::SinceDate);
    }
    Ok(format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()))
}

impl ProfileForm {
    /// The form filled with a profile's values.
    pub fn from_profile(profile: &Profile) -> ProfileForm {
        ProfileForm {
            description: profile.description.clone(),
            website: profile.website.clone(),
            contact_email: profile.contact_email.clone(),
            contact_phone: profile.contact_phone.clone(),
            countries: profile.countries.join(", "),
            provider_since: profile.provider_since.clone(),
        }
    }

    /// Checks every field (`now` in Unix seconds), recording each problem under its name.
    pub fn validate(&self, now: i64) -> Result<Profile, AppError> {
        use crate::validate::{email, optional_text, text, website};
        let mut errors = FieldErrors::default();
        let description = errors.check("description", text(&self.description, DESCRIPTION_MAX));
        let countries = errors.check("countries", parse_country_list(&self.countries));
        let website = errors.check("website", website(&self.website));
        let contact_email = errors.check("contact_email", email(&self.contact_email));
        let contact_phone = errors.check(
            "contact_phone",
            match optional_text(&self.contact_phone, 30) {
                Ok(phone) if phone.is_empty() => Ok(phone),
                Ok(phone) => crate::customers::check_phone(&phone),
                Err(problem) => Err(problem),
            },
        );
        let provider_since = errors.check("provider_since", parse_since_date(&self.provider_since, now));
        match (description, countries, website, contact_email, contact_phone, provider_since) {
            (Some(description), Some(countries), Some(website), Some(contact_email), Some(contact_phone), Some(provider_since))
                if errors.is_empty() =>
            {
                Ok(Profile { description, website, contact_email, contact_phone, countries, provider_since })
            }
            _ => Err(AppError::Invalid(errors.0)),
        }
    }
}

/// One provider in the directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub organisation_id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub profile: Profile,
}

/// A page of the directory, with the countries its filter offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryResults {
    pub entries: Vec<DirectoryEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Every country or region at least one provider serves.
    pub countries: Vec<String>,
}

/// Where a proposed change stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    /// A newer proposal replaced it before the operator decided.
    Superseded,
}

impl ChangeStatus {
    pub fn code(self) -> &'static str {
        match self {
            ChangeStatus::Pending => "pending",
            ChangeStatus::Approved => "approved",
            ChangeStatus::Rejected => "rejected",
            ChangeStatus::Withdrawn => "withdrawn",
            ChangeStatus::Superseded => "superseded",
        }
    }

    pub fn from_code(code: &str) -> ChangeStatus {
        match code {
            "approved" => ChangeStatus::Approved,
            "rejected" => ChangeStatus::Rejected,
            "withdrawn" => ChangeStatus::Withdrawn,
            "superseded" => ChangeStatus::Superseded,
            _ => ChangeStatus::Pending,
        }
    }
}

/// A proposed change to a provider's profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChange {
    pub id: i64,
    pub organisation_id: i64,
    pub company_name: String,
    pub mpn_id: String,
    pub profile: Profile,
    pub status: ChangeStatus,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub reviewed_at: Option<i64>,
    pub review_note: String,
}

/// The provider's own profile page: the published profile, the pending change, the last
/// decision, and whether this user may propose changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProfile {
    pub entry: DirectoryEntry,
    /// Whether the profile is in the directory (approved at least once).
    pub published: bool,
    pub pending: Option<ProfileChange>,
    /// The newest approved or rejected change.
    pub last_decision: Option<ProfileChange>,
    pub may_propose: bool,
}

/// A pending change in the operator's queue, with the profile it would replace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub change: ProfileChange,
    pub current: Option<Profile>,
}

/// The current time in Unix seconds, in the browser and on the server alike.
pub fn now_seconds() -> i64 {
    #[cfg(feature = "ssr")]
    {
        crate::store::now()
    }
    #[cfg(not(feature = "ssr"))]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
}

/// The public directory: providers whose profile is published, by name, MPN ID or description,
/// and by a country or region they serve. Needs no account.
#[server(endpoint = "directory/search")]
pub async fn search_directory(search: String, country: String, page: i64) -> Result<DirectoryResults, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(
        async {
            let store = store()?;
            let country = match country.trim() {
                "" => None,
                typed => Some(crate::catalog::parse_country(typed).map_err(|p| AppError::invalid("country", p))?),
            };
            let page = page.clamp(1, crate::validate::PAGE_MAX);
            let search: String = search.trim().chars().take(100).collect();
            let (entries, total) = store.directory_page(&search, country.as_deref(), page, DIRECTORY_PER_PAGE).await?;
            Ok(DirectoryResults { entries, total, page, per_page: DIRECTORY_PER_PAGE, countries: store.directory_countries().await? })
        }
        .await,
    )
}

/// The provider's profile as it appears in the directory, with any pending change.
#[server(endpoint = "provider-profile/get")]
pub async fn my_provider_profile() -> Result<MyProfile, AppError> {
    use crate::auth::ssr::{require, respond, store};
    respond(
        async {
            let user = require(Permission::ViewProviderProfile).await?;
            let store = store()?;
            let org = store.organisation(user.organisation_id).await?.ok_or(AppError::NotFound)?;
            let published = store.provider_profile(user.organisation_id).await?;
            let changes = store.profile_changes(user.organisation_id, 20).await?;
            let pending = changes.iter().find(|c| c.status == ChangeStatus::Pending).cloned();
            let last_decision = changes.iter().find(|c| matches!(c.status, ChangeStatus::Approved | ChangeStatus::Rejected)).cloned();
            Ok(MyProfile {
                entry: DirectoryEntry {
                    organisation_id: org.id,
                    company_name: org.name,
                    mpn_id: org.mpn_id,
                    profile: published.clone().unwrap_or_default(),
                },
                published: published.is_some(),
                pending,
                last_decision,
                may_propose: user.can(Permission::ProposeProviderProfile),
            })
        }
        .await,
    )
}

/// Proposes a change to the provider's profile; it replaces an earlier pending proposal and
/// takes effect when the operator approves it.
#[server(endpoint = "provider-profile/propose")]
pub async fn propose_provider_profile(
    description: String,
    website: String,
    contact_email: String,
    contact_phone: String,
    countries: String,
    provider_since: String,
) -> Result<i64, AppError> {
    use crate::auth::ssr::{actor, require, respond, store};
    respond(
        async {
            let user = require(Permission::ProposeProviderProfile).await?;
            let form = ProfileForm { description, website, contact_email, contact_phone, countries, provider_since };
            let profile = form.validate(now_seconds())?;
            let id = store()?.propose_profile_change(&actor(&user), &profile).await?;
            crate::auth::ssr::redirect("/settings/provider-profile?proposed=1");
            Ok(id)
        }
        .await,
    )
}

/// Withdraws the provider's pending proposal.
#[server(endpoint = "provider-profile/withdraw")]
pub async fn withdraw_profile_change() -> Result<(), AppError> {
    use crate::auth::ssr::{actor, require, respond, store};
    respond(
        async {
            let user = require(Permission::ProposeProviderProfile).await?;
            store()?.withdraw_profile_change(&actor(&user)).await?;
            crate::auth::ssr::redirect("/settings/provider-profile?withdrawn=1");
            Ok(())
        }
        .await,
    )
}

/// The operator's queue: every pending change, oldest first, with the profile it replaces.
#[server(endpoint = "operator/profile-changes")]
pub async fn profile_review_queue() -> Result<Vec<ReviewItem>, AppError> {
    use crate::auth::ssr::{require, respond, store};
    respond(
        async {
            require(Permission::ReviewProviderProfiles).await?;
            let store = store()?;
            let mut items = Vec::new();
            for change in store.pending_profile_changes().await? {
                let current = store.provider_profile(change.organisation_id).await?;
                items.push(ReviewItem { change, current });
            }
            Ok(items)
        }
        .await,
    )
}

/// The operator approves (the profile is published at once) or rejects a pending change, with
/// an optional note to the provider (required when rejecting, so the provider knows why).
#[server(endpoint = "operator/profile-changes/decide")]
pub async fn decide_profile_change(change_id: i64, decision: String, note: String) -> Result<(), AppError> {
    use crate::auth::ssr::{actor, require, respond, store};
    respond(
        async {
            let user = require(Permission::ReviewProviderProfiles).await?;
            let approve = match decision.as_str() {
                "approve" => true,
                "reject" => false,
                _ => return Err(AppError::invalid("decision", Problem::Required)),
            };
            let note = crate::validate::optional_text(&note, 500).map_err(|p| AppError::invalid("note", p))?;
            if !approve && note.is_empty() {
                return Err(AppError::invalid("note", Problem::Required));
            }
            store()?.decide_profile_change(&actor(&user), change_id, approve, &note).await?;
            crate::auth::ssr::redirect(&format!("/operator/profile-changes?decided={change_id}"));
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::OPERATOR_MPN_ID;
    use crate::roles::{Programs, Role};
    use crate::store::{NewOrganisation, NewUser, SharedStore, StoreError};

    /// Creates an operator account (and the operators' organisation the first time) and
    /// returns its temporary password, which is shown once and stored only as a hash.
    pub async fn create_operator(store: &SharedStore, email: &str, name: &str) -> Result<String, String> {
        let email = crate::validate::email(email).map_err(|_| format!("not an email address: {email}"))?;
        let name = crate::validate::text(name, 100).map_err(|_| "give the operator a name of 1 to 100 characters".to_string())?;
        let organisation_id = match store.organisation_by_mpn_id(OPERATOR_MPN_ID).await.map_err(|e| e.to_string())? {
            Some(org) => org.id,
            None => store
                .create_organisation(
                    None,
                    &NewOrganisation {
                        name: "PartnerDesk operators".to_string(),
                        mpn_id: OPERATOR_MPN_ID.to_string(),
                        country: "ZZ".to_string(),
                        programs: Programs::default(),
                        dap_certified: false,
                        advisor_code: None,
                    },
                )
                .await
                .map_err(|e| e.to_string())?,
        };
        let password = crate::customers::temporary_password();
        let password_hash = crate::auth::ssr::hash_password(password.clone()).await.map_err(|_| "could not hash the password".to_string())?;
        // Printed on the console: the operator chooses their own at the first sign-in.
        let user = NewUser { organisation_id, email: email.clone(), name, password_hash, roles: vec![Role::Operator], must_change_password: true };
        match store.create_user(None, &user).await {
            Ok(_) => Ok(password),
            Err(StoreError::Unique(_)) => Err(format!("an account with the email {email} exists already")),
            Err(e) => Err(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000; // 2026-11-18

    fn form() -> ProfileForm {
        ProfileForm {
            description: "Distributor for the Benelux and the UK.".into(),
            website: "https://northwind.example".into(),
            contact_email: "Partners@Northwind.example".into(),
            contact_phone: "+44 20 7946 0000".into(),
            countries: "UK, nl; Belgium\nNL".into(),
            provider_since: "2016-03-01".into(),
        }
    }

    #[test]
    fn a_complete_profile_is_normalised() {
        let profile = form().validate(NOW).unwrap();
        assert_eq!(profile.countries, vec!["BE", "GB", "NL"]);
        assert_eq!(profile.contact_email, "partners@northwind.example");
        assert_eq!(ProfileForm::from_profile(&profile).validate(NOW), Ok(profile));
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = ProfileForm {
            description: " ".into(),
            website: "northwind.example".into(),
            contact_email: "partners".into(),
            contact_phone: "call us".into(),
            countries: "NL, Atlantis".into(),
            provider_since: "2099-01-01".into(),
        };
        let errors = bad.validate(NOW).unwrap_err();
        let fields: Vec<(&str, &Problem)> = errors.field_errors().iter().map(|e| (e.field.as_str(), &e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("description", &Problem::Required),
                ("countries", &Problem::UnknownCountry { typed: "Atlantis".into() }),
                ("website", &Problem::Website),
                ("contact_email", &Problem::Email),
                ("contact_phone", &Problem::Phone),
                ("provider_since", &Problem::SinceDate),
            ]
        );
    }

    #[test]
    fn countries_and_dates_have_limits() {
        assert_eq!(parse_country_list(" , "), Err(Problem::Required));
        assert_eq!(parse_since_date("1999-12-31", NOW), Err(Problem::SinceDate));
        assert_eq!(parse_since_date("2026-11-18", NOW), Ok("2026-11-18".into()));
        assert_eq!(parse_since_date("2026-02-30", NOW), Err(Problem::SinceDate));
        let mut description = form();
        description.description = "x".repeat(DESCRIPTION_MAX + 1);
        assert_eq!(description.validate(NOW).unwrap_err().field_errors()[0].problem, Problem::TooLong { max: DESCRIPTION_MAX });
    }

    #[test]
    fn changed_fields_compare_with_the_published_profile() {
        let before = form().validate(NOW).unwrap();
        let mut after = before.clone();
        after.website = "https://northwind.example/partners".into();
        after.countries.push("FR".into());
        assert_eq!(after.changed_fields(Some(&before)), vec!["countries", "website"]);
        assert_eq!(after.changed_fields(None).len(), PROFILE_FIELDS.len());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn profiles_never_panic_and_keep_only_valid_values(
            description in "\\PC{0,300}", website in "\\PC{0,40}|https://[a-z]{1,8}\\.example(/[a-z]{0,5})?",
            email in "\\PC{0,30}|[a-z]{1,8}@[a-z]{1,8}\\.example", phone in "\\PC{0,30}",
            countries in "\\PC{0,40}|([A-Z]{2}, ){0,5}[A-Z]{2}", since in "\\PC{0,12}|20[0-3][0-9]-[01][0-9]-[0-3][0-9]",
            now in 946_684_800i64..4_000_000_000,
        ) {
            let form = ProfileForm { description, website, contact_email: email, contact_phone: phone, countries: countries.clone(), provider_since: since.clone() };
            if let Ok(profile) = form.validate(now) {
                for code in &profile.countries {
                    prop_assert_eq!(crate::catalog::parse_country(code), Ok(code.clone()));
                }
                prop_assert_eq!(parse_since_date(&profile.provider_since, now), Ok(profile.provider_since.clone()));
            }
            if let Ok(list) = parse_country_list(&countries) {
                prop_assert!(list.len() <= COUNTRIES_MAX);
            }
            let _ = parse_since_date(&since, now);
        }
    }
}
