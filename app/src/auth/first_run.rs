//! First run: a server started on a database without users prints a one-time setup code to its
//! log (the pattern of self-hosted products such as Gitea and Grafana); whoever holds it opens
//! `/setup`, creates the first operator account with their own password, and is signed in.
//! `partnerdesk operator` keeps working for scripted installs.
//!
//! Served whole; the form posts as a plain HTML form (no island).

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::{tr, use_locale, Key};
use leptos::prelude::*;

/// The first-run page.
pub const SETUP_PATH: &str = "/setup";
/// The longest setup code accepted as typed (they are 14 characters with their dashes).
pub const SETUP_CODE_MAX: usize = 32;

/// Whether the installation still waits for its first operator.
#[server(endpoint = "auth/first-run/open")]
pub async fn first_run_open() -> Result<bool, AppError> {
    use crate::auth::ssr::{respond, store};
    respond(async { Ok(!store()?.has_users().await?) }.await)
}

/// Creates the first operator with the setup code from the server's log, signs them in and
/// opens the home page.
#[server(endpoint = "auth/first-run")]
pub async fn first_run(setup_code: String, name: String, email: String, new_password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::auth::ssr::{log_in, redirect, respond, store};
    respond(
        async {
            let user_id = service::first_run(&store()?, &setup_code, &name, &email, &new_password, &confirm_password).await?;
            log_in(user_id).await?;
            redirect("/");
            Ok(())
        }
        .await,
    )
}

/// A setup code as typed, in the form it was made: capitals, without spaces and dashes. `None`
/// when it could not be one.
pub fn normalise_setup_code(typed: &str) -> Option<String> {
    if typed.len() > SETUP_CODE_MAX {
        return None;
    }
    let code: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == 12 && code.bytes().all(|b| domain::offers::codes::SUMMARY_ALPHABET.contains(&b))).then_some(code)
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::password_reset::{service::token_hash, validate_new_password};
    use crate::auth::ssr::hash_password;
    use crate::error::{FieldErrors, Refusal};
    use crate::roles::{Programs, Role};
    use crate::store::{now, NewOrganisation, NewUser, SharedStore};

    /// A new setup code: 12 symbols from the summary IDs' alphabet (no look-alikes), in three
    /// groups, about 57 bits.
    pub fn new_setup_code() -> String {
        use rand::Rng;
        let alphabet = domain::offers::codes::SUMMARY_ALPHABET;
        let mut rng = rand::rngs::OsRng;
        let symbols: Vec<char> = (0..12).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect();
        symbols.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
    }

    /// On an installation without users: a new setup code, kept as a hash, to print. `None`
    /// once anyone has an account.
    pub async fn prepare(store: &SharedStore) -> Result<Option<String>, AppError> {
        if store.has_users().await? {
            return Ok(None);
        }
        let code = new_setup_code();
        let normalised = normalise_setup_code(&code).ok_or(AppError::Internal)?;
        store.replace_setup_code(&token_hash(&normalised), now()).await?;
        Ok(Some(code))
    }

    /// Checks the form and the code, and creates the operators' organisation with its first
    /// operator. Returns the operator's user id.
    pub async fn first_run(store: &SharedStore, code: &str, name: &str, email: &str, password: &str, confirm: &str) -> Result<i64, AppError> {
        let mut errors = FieldErrors::default();
        let code = normalise_setup_code(code);
        if code.is_none() {
            errors.add("setup_code", crate::error::Problem::SetupCode);
        }
        let name = errors.check("name", crate::validate::text(name, 100));
        let email = errors.check("email", crate::validate::email(email));
        let password = match validate_new_password(password, confirm) {
            Ok(password) => Some(password),
            Err(e) => {
                errors.0.extend(e.field_errors().iter().cloned());
                None
            }
        };
        let (Some(code), Some(name), Some(email), Some(password)) = (code, name, email, password) else {
            return Err(AppError::Invalid(errors.0));
        };
        let organisation = NewOrganisation {
            name: "PartnerDesk operators".to_string(),
            mpn_id: crate::providers::OPERATOR_MPN_ID.to_string(),
            country: "ZZ".to_string(),
            programs: Programs::default(),
            dap_certified: false,
            advisor_code: None,
        };
        let password_hash = hash_password(password).await?;
        let operator = NewUser { organisation_id: 0, email, name, password_hash, roles: vec![Role::Operator], must_change_password: false };
        let user_id =
            store.complete_first_run(&token_hash(&code), &organisation, &operator).await?.ok_or(AppError::Refused(Refusal::SetupCodeInvalid))?;
        tracing::info!(user_id, "first run: the first operator account was created");
        Ok(user_id)
    }
}

#[cfg(feature = "ssr")]
#[component]
pub fn FirstRunPage() -> impl IntoView {
    use crate::components::field_error;
    use leptos_meta::Title;
    let locale = use_locale();
    let title_language = crate::i18n::title_locale(locale);
    let action = ServerAction::<FirstRun>::new();
    let error = action.value().get_untracked().and_then(|r| r.err());
    let summary = error.as_ref().filter(|e| e.field_errors().is_empty()).map(|e| e.message(locale.get_untracked()));
    let open = Resource::new_blocking(|| (), |_| first_run_open());
    view! {
        <Title text=move || format!("{} · PartnerDesk", title_language().t(Key::FirstRunTitle)) />
        <section class="narrow">
            <h1>{tr(Key::FirstRunTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new({
                    let (error, summary) = (error.clone(), summary.clone());
                    async move {
                        if !matches!(open.await, Ok(true)) {
                            return view! {
                                <p class="notice" role="status" id="already-set-up">{tr(Key::AlreadySetUp)}</p>
                                <p><a class="button primary" href="/sign-in">{tr(Key::SignIn)}</a></p>
                            }
                            .into_any();
                        }
                        view! {
                            <p>{tr(Key::FirstRunIntro)}</p>
                            <ActionForm action attr:class="form" attr:novalidate=true>
                                {summary.map(|m| view! { <p class="error" role="alert" id="first-run-error">{m}</p> })}
                                <label for="setup-code">{tr(Key::SetupCode)}</label>
                                <input id="setup-code" name="setup_code" required maxlength="32" autocomplete="off" autocapitalize="characters" spellcheck="false" />
                                <p class="hint">{tr(Key::SetupCodeHint)}</p>
                                {field_error(error.clone(), "setup_code", locale.get_untracked())}
                                <label for="name">{tr(Key::FullName)}</label>
                                <input id="name" name="name" required maxlength="100" autocomplete="name" />
                                {field_error(error.clone(), "name", locale.get_untracked())}
                                <label for="email">{tr(Key::Email)}</label>
                                <input id="email" name="email" type="email" required maxlength="254" autocomplete="username" />
                                {field_error(error.clone(), "email", locale.get_untracked())}
                                <crate::auth::NewPasswordFields error=error.clone() />
                                <button type="submit" class="primary">{tr(Key::CreateOperator)}</button>
                            </ActionForm>
                        }
                        .into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_codes_are_read_as_people_type_them() {
        assert_eq!(normalise_setup_code("7kqm-x4ta-9prc").as_deref(), Some("7KQMX4TA9PRC"));
        assert_eq!(normalise_setup_code(" 7KQM X4TA 9PRC ").as_deref(), Some("7KQMX4TA9PRC"));
        for bad in ["", "7KQM-X4TA", "7KQM-X4TA-9PRC-AAAA", "0OQM-X4TA-9PRC", &"A".repeat(SETUP_CODE_MAX + 1)] {
            assert_eq!(normalise_setup_code(bad), None, "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_new_code_reads_back_as_itself() {
        for _ in 0..50 {
            let code = service::new_setup_code();
            assert_eq!(code.len(), 14);
            assert_eq!(normalise_setup_code(&code), Some(code.replace('-', "")));
        }
    }
}
