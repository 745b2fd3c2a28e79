//! Partner offices: the locations an offer can be associated with ("Add a location").

use crate::components::{field_error, FieldErrorsView, Page};
use crate::error::AppError;
use crate::i18n::{use_locale, Key};
use crate::roles::Permission;
pub use domain::offices::*;
use leptos::prelude::*;

/// The partner office operations, each with its permission.
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::ssr::Caller;
    use crate::store::SharedStore;

    /// The organisation's offices.
    pub async fn offices(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<Office>, AppError> {
        let user = caller.require(Permission::ManageOffices)?;
        Ok(store.offices(user.organisation_id).await?)
    }

    /// Adds a location, once its fields pass [`OfficeInput::validate`].
    pub async fn add_office(
        store: &SharedStore,
        caller: &dyn Caller,
        name: &str,
        address_line1: &str,
        city: &str,
        country: &str,
    ) -> Result<Office, AppError> {
        caller.require(Permission::ManageOffices)?;
        let input = OfficeInput::validate(name, address_line1, city, country)?;
        let office = crate::store::NewOffice { name: input.name, address_line1: input.address_line1, city: input.city, country: input.country };
        Ok(store.add_office(&caller.actor(), &office).await?)
    }
}

#[server(endpoint = "offices/list")]
pub async fn list_offices() -> Result<Vec<Office>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::offices(&store()?, &caller().await?).await }.await)
}

#[server(endpoint = "offices/add")]
pub async fn add_office(name: String, address_line1: String, city: String, country: String) -> Result<Office, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::add_office(&store()?, &caller().await?, &name, &address_line1, &city, &country).await }.await)
}

/// Settings > Partner offices, with the "Add a location" form. Served whole, the form is an
/// island that loads the page again once the office is added.
#[component]
pub fn LocationsPage() -> impl IntoView {
    let locale = use_locale();
    let offices = Resource::new(|| (), |_| list_offices());
    let query = leptos_router::hooks::use_query_map();
    let added = move || query.read().get("added").is_some();

    view! {
        <Page title=Key::LocationsTitle permission=Permission::ManageOffices>
            <p>{move || locale.get().t(Key::LocationsIntro)}</p>
            <Show when=added>
                <p class="notice success" role="status">{move || locale.get().t(Key::OfficeAdded)}</p>
            </Show>
            <Suspense fallback=move || view! { <p>{locale.get().t(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match offices.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{locale.get().t(Key::NoOfficesYet)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="cards" aria-label=move || locale.get().t(Key::LocationsTitle)>
                                {list.into_iter().map(|o| view! {
                                    <li class="card">
                                        <strong>{o.name}</strong>
                                        <span>{format!("{}, {}", o.address_line1, o.city)}</span>
                                        <span>{crate::components::show_country(o.country.clone())}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.message(locale.get())}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <h2>{move || locale.get().t(Key::AddLocation)}</h2>
            <AddOfficeIsland />
            // The country suggestions: rendered once here, not by the form's code.
            <crate::components::CountryOptions id=OFFICE_COUNTRIES />
        </Page>
    }
}

const OFFICE_COUNTRIES: &str = "office-country-countries";

/// The "Add a location" form.
// An island of the Settings pages' build (crate::app::IslandsBuild::SettingsPages) only.
#[cfg_attr(any(feature = "ssr", feature = "settings-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "settings-pages")), component)]
fn AddOfficeIsland() -> impl IntoView {
    let locale = use_locale();
    let add = ServerAction::<AddOffice>::new();
    let result = add.value();
    let errors = move || result.get().and_then(|r| r.err());
    // Once added, the page loads again with the new office and the notice.
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_))) {
            crate::pwa::open_page("/settings/locations?added=1");
        }
    });
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            <FieldErrorsView error=Signal::derive(errors) />
            <label for="office-name">{move || locale.get().t(Key::OfficeName)}</label>
            <input id="office-name" name="name" required maxlength="100" autocomplete="organization" />
            {move || field_error(errors(), "name", locale.get())}
            <label for="office-address">{move || locale.get().t(Key::AddressLine1)}</label>
            <input id="office-address" name="address_line1" required maxlength="200" autocomplete="address-line1" />
            {move || field_error(errors(), "address_line1", locale.get())}
            <label for="office-city">{move || locale.get().t(Key::City)}</label>
            <input id="office-city" name="city" required maxlength="100" autocomplete="address-level2" />
            {move || field_error(errors(), "city", locale.get())}
            <label for="office-country">{move || locale.get().t(Key::Country)}</label>
            <input id="office-country" name="country" list=OFFICE_COUNTRIES required autocomplete="country" />
            {move || field_error(errors(), "country", locale.get())}
            <button type="submit" class="primary">{move || locale.get().t(Key::AddLocation)}</button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn office_needs_every_field_and_a_real_country() {
        let err = OfficeInput::validate("", "Main street 1", "Utrecht", "Narnia").unwrap_err();
        let fields: Vec<_> = err.field_errors().iter().map(|e| (e.field.as_str(), e.problem.clone())).collect();
        assert_eq!(fields, vec![("name", Problem::Required), ("country", Problem::Country)]);
        let ok = OfficeInput::validate("HQ", "Main street 1", "London", "UK").unwrap();
        assert_eq!(ok.country, "GB");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn offices_never_panic_and_need_every_field(name in "\\PC{0,120}|\\s*", line in "\\PC{0,120}", city in "\\PC{0,120}", country in "\\PC{0,20}|[A-Z]{2}") {
            if let Ok(office) = OfficeInput::validate(&name, &line, &city, &country) {
                prop_assert!(!office.name.is_empty() && office.name == name.trim());
                prop_assert_eq!(crate::catalog::parse_country(&office.country), Ok(office.country.clone()));
            }
            if name.trim().is_empty() {
                prop_assert!(OfficeInput::validate(&name, &line, &city, &country).is_err());
            }
        }
    }
}
