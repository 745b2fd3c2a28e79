//! Indirect providers' profiles, the public directory and the operator's review of changes.

use crate::error::{AppError, FieldErrors, Problem};
use serde::{Deserialize, Serialize};

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
