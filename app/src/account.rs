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
            <TwoStepSection />
        </Page>
    }
}

/// Two-step verification: Set up (while it is off), or when it is on since when, the recovery
/// codes left, New recovery codes and Turn off (with a code; not while the organisation
/// requires it).
#[component]
fn TwoStepSection() -> impl IntoView {
    use crate::auth::mfa::{MfaStatus, NewRecoveryCodes, TurnOffMfa, SETUP_PATH};
    let locale = use_locale();
    let status = Resource::new_blocking(|| (), |_| crate::auth::mfa::get_mfa_status());
    let new_codes = ServerAction::<NewRecoveryCodes>::new();
    let turn_off = ServerAction::<TurnOffMfa>::new();
    let off_error = StoredValue::new(turn_off.value().get_untracked().and_then(|r| r.err()));
    let turned_off = leptos_router::hooks::use_query_map().read_untracked().get("mfa").is_some_and(|v| v == "off") && off_error.get_value().is_none();
    view! {
        <h2 id="two-step">{tr(Key::TwoStepVerification)}</h2>
        {turned_off.then(|| view! { <p class="notice success" role="status" id="two-step-off">{tr(Key::TwoStepTurnedOff)}</p> })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(MfaStatus { enabled_at, recovery_codes_left, required }) = status.await else { return ().into_any() };
                match enabled_at {
                    None => view! {
                        {required.then(|| view! { <p class="notice" role="alert" id="two-step-required">{tr(Key::ErrTwoStepSetupRequired)}</p> })}
                        <p>{tr(Key::TwoStepIntro)}</p>
                        <p><a class="button primary" href=SETUP_PATH>{tr(Key::SetUpTwoStep)}</a></p>
                    }.into_any(),
                    Some(since) => view! {
                        <p id="two-step-status">{move || locale.get().fill(Key::TwoStepOnSince, &[
                            ("date", &crate::format::date(since, locale.get())),
                            ("count", &recovery_codes_left.to_string()),
                        ])}</p>
                        <ActionForm action=new_codes attr:class="inline">
                            <button type="submit">{tr(Key::NewRecoveryCodes)}</button>
                        </ActionForm>
                        {if required {
                            view! { <p class="hint">{tr(Key::RefusedMfaRequired)}</p> }.into_any()
                        } else {
                            view! {
                                <ActionForm action=turn_off attr:class="form" attr:novalidate=true>
                                    <label for="turn-off-code">{tr(Key::TwoStepCodeToTurnOff)}</label>
                                    <input id="turn-off-code" name="code" required autocomplete="one-time-code" maxlength="40" />
                                    {crate::components::field_error(off_error.get_value(), "code", locale.get_untracked())}
                                    <button type="submit" class="danger">{tr(Key::TurnOffTwoStep)}</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
