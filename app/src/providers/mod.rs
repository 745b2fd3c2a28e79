//! Indirect providers' profiles: what a provider tells resellers about itself, the public
//! directory where resellers find a provider, and the operator's approval of profile changes.
//!
//! The program's rule is that a provider does not edit its directory entry itself: its Global
//! admin proposes a change, and the change takes effect when the operator of this PartnerDesk
//! installation approves it. The provider sees the pending change until then.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Problem;
use crate::roles::Permission;
use leptos::prelude::*;

mod pages;
pub use domain::providers::*;
pub use pages::{DirectoryPage, ProfileChangesPage, ProviderProfilePage};

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

/// The directory and provider profile operations, each with its permission, for the pages'
/// server functions (and any other adapter) alike.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// One page of the public directory (no account needed): providers whose profile is
    /// published, by name, MPN ID or description (`search`), and by a country they serve.
    pub async fn directory(store: &SharedStore, search: &str, country: &str, page: i64) -> Result<DirectoryResults, AppError> {
        let country = match country.trim() {
            "" => None,
            typed => Some(crate::catalog::parse_country(typed).map_err(|p| AppError::invalid("country", p))?),
        };
        let page = page.clamp(1, crate::validate::PAGE_MAX);
        let search: String = search.trim().chars().take(100).collect();
        let (entries, total) = store.directory_page(&search, country.as_deref(), page, DIRECTORY_PER_PAGE).await?;
        Ok(DirectoryResults { entries, total, page, per_page: DIRECTORY_PER_PAGE, countries: store.directory_countries().await? })
    }

    /// The caller's provider profile as the directory shows it, with any pending change.
    pub async fn my_profile(store: &SharedStore, caller: &dyn Caller) -> Result<MyProfile, AppError> {
        let user = caller.require(Permission::ViewProviderProfile)?;
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

    /// Proposes a change of the caller's profile (it replaces an earlier pending one).
    pub async fn propose(store: &SharedStore, caller: &dyn Caller, form: ProfileForm) -> Result<i64, AppError> {
        caller.require(Permission::ProposeProviderProfile)?;
        let profile = form.validate(now_seconds())?;
        Ok(store.propose_profile_change(&caller.actor(), &profile).await?)
    }

    /// Withdraws the caller's pending proposal.
    pub async fn withdraw(store: &SharedStore, caller: &dyn Caller) -> Result<(), AppError> {
        caller.require(Permission::ProposeProviderProfile)?;
        Ok(store.withdraw_profile_change(&caller.actor()).await?)
    }

    /// The operator's queue: every pending change, oldest first, with the profile it replaces.
    pub async fn review_queue(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<ReviewItem>, AppError> {
        caller.require(Permission::ReviewProviderProfiles)?;
        let mut items = Vec::new();
        for change in store.pending_profile_changes().await? {
            let current = store.provider_profile(change.organisation_id).await?;
            items.push(ReviewItem { change, current });
        }
        Ok(items)
    }

    /// The operator approves (`approve`: published at once) or rejects a pending change, with
    /// a note to the provider (required when rejecting, so the provider knows why), emailed
    /// with links to `origin`.
    pub async fn decide(store: &SharedStore, caller: &dyn Caller, change_id: i64, decision: &str, note: &str, origin: &str) -> Result<(), AppError> {
        caller.require(Permission::ReviewProviderProfiles)?;
        let approve = match decision {
            "approve" => true,
            "reject" => false,
            _ => return Err(AppError::invalid("decision", Problem::Required)),
        };
        let note = crate::validate::optional_text(note, 500).map_err(|p| AppError::invalid("note", p))?;
        if !approve && note.is_empty() {
            return Err(AppError::invalid("note", Problem::Required));
        }
        Ok(store.decide_profile_change(&caller.actor(), change_id, approve, &note, origin).await?)
    }
}

/// The public directory: providers whose profile is published, by name, MPN ID or description,
/// and by a country or region they serve. Needs no account.
#[server(endpoint = "directory/search")]
pub async fn search_directory(search: String, country: String, page: i64) -> Result<DirectoryResults, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { service::directory(&store()?, &search, &country, page).await }.await)
}

/// The provider's profile as it appears in the directory, with any pending change.
#[server(endpoint = "provider-profile/get")]
pub async fn my_provider_profile() -> Result<MyProfile, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::my_profile(&store()?, &caller().await?).await }.await)
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
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            let form = ProfileForm { description, website, contact_email, contact_phone, countries, provider_since };
            let id = service::propose(&store()?, &caller().await?, form).await?;
            crate::auth::ssr::redirect("/settings/provider-profile?proposed=1");
            Ok(id)
        }
        .await,
    )
}

/// Withdraws the provider's pending proposal.
#[server(endpoint = "provider-profile/withdraw")]
pub async fn withdraw_profile_change() -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(
        async {
            service::withdraw(&store()?, &caller().await?).await?;
            crate::auth::ssr::redirect("/settings/provider-profile?withdrawn=1");
            Ok(())
        }
        .await,
    )
}

/// The operator's queue: every pending change, oldest first, with the profile it replaces.
#[server(endpoint = "operator/profile-changes")]
pub async fn profile_review_queue() -> Result<Vec<ReviewItem>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::review_queue(&store()?, &caller().await?).await }.await)
}

/// The operator approves (the profile is published at once) or rejects a pending change, with
/// an optional note to the provider (required when rejecting, so the provider knows why).
#[server(endpoint = "operator/profile-changes/decide")]
pub async fn decide_profile_change(change_id: i64, decision: String, note: String) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    respond(
        async {
            service::decide(&store()?, &caller().await?, change_id, &decision, &note, &email_origin()).await?;
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
