//! Settings > My account: every signed-in user changes their own password here (issue #25,
//! item 8). A user whose password an admin set is sent here until they have chosen their own.
//!
//! The page is served whole and its form posts as a plain HTML form (no island): the server
//! answers with this page again, `?changed=1` after a change, or the refusal in the address,
//! shown next to its field.

use crate::auth::ChangePassword;
use crate::components::{field_error, FieldErrorsView, Page};
use crate::i18n::{tr, use_locale, Key};
use crate::roles::Permission;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let user = crate::components::use_user();
    let action = ServerAction::<ChangePassword>::new();
    // A plain form post comes back with the server's error in the address; the router reads it
    // for the actions created under it, as this one.
    let error = action.value().get_untracked().and_then(|r| r.err());
    let query = leptos_router::hooks::use_query_map();
    let changed = query.read_untracked().get("changed").is_some() && error.is_none();
    // Copy handles: the page's children render again whenever the user resource answers.
    let error = StoredValue::new(error);
    view! {
        <Page title=Key::NavMyAccount permission=Permission::ManageOwnAccount>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let must_change = matches!(user.await, Ok(Some(u)) if u.must_change_password);
                    must_change.then(|| view! { <p class="notice" role="alert" id="must-change-password">{tr(Key::MustChangePassword)}</p> })
                })}
            </Suspense>
            <p class="intro">{tr(Key::MyAccountIntro)}</p>
            {changed.then(|| view! { <p class="notice success" role="status" id="password-changed">{tr(Key::PasswordChanged)}</p> })}
            <h2>{tr(Key::ChangePassword)}</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FieldErrorsView error=Signal::derive(move || error.get_value()) />
                <label for="current-password">{tr(Key::CurrentPassword)}</label>
                <input id="current-password" name="current_password" type="password" required autocomplete="current-password" />
                {field_error(error.get_value(), "current_password", locale.get_untracked())}
                <crate::auth::NewPasswordFields error=error.get_value() />
                <button type="submit" class="primary">{tr(Key::ChangePassword)}</button>
            </ActionForm>
        </Page>
    }
}
