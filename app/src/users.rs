//! Settings > Users: a Global admin or User management admin invites users by email (they choose
//! their own password from the link), resends or revokes invitations, changes roles, deactivates
//! users and sends them password reset links. An admin never sees or sets another user's
//! password. The organisation always keeps an active Global admin, and nobody removes their own
//! last admin role.

use crate::components::{ErrorBox, Page};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Problem;
use crate::i18n::{tr, use_locale, Key};
use crate::roles::{Permission, Role};
pub use domain::users::*;
use leptos::prelude::*;

/// The user operations of Settings > Users, each with its permission and the rules of who may
/// give what ([`check_admin_powers`]; the store checks [`check_user_change`] again inside each
/// change's transaction).
#[cfg(feature = "ssr")]
pub mod service {
    use super::*;
    use crate::auth::invitation::INVITATION_PATH;
    use crate::auth::ssr::Caller;
    use crate::auth::CurrentUser;
    use crate::error::Refusal;
    use crate::i18n::Locale;
    use crate::store::users::NewInvitation;
    use crate::store::SharedStore;
    use domain::email::Email;

    /// The organisation's users.
    pub async fn users(store: &SharedStore, caller: &dyn Caller) -> Result<Vec<UserRow>, AppError> {
        let user = caller.require(Permission::ManageUsers)?;
        Ok(store.users_of(user.organisation_id).await?)
    }

    /// Invites a user: the account has no password until they choose one from the emailed
    /// link ([`INVITATION_DAYS`] days). `checked`: the role check boxes, in
    /// [`Role::ASSIGNABLE`]'s order; `origin`: the site's address for the link; `locale`: the
    /// message's language (the inviting admin's).
    pub async fn invite_user(
        store: &SharedStore,
        caller: &dyn Caller,
        name: &str,
        email: &str,
        checked: &[Option<String>; 5],
        origin: &str,
        locale: Locale,
    ) -> Result<LinkSent, AppError> {
        let user = caller.require(Permission::ManageUsers)?;
        let mut errors = crate::error::FieldErrors::default();
        let name = errors.check("name", crate::validate::text(name, 100));
        let email = errors.check("email", crate::validate::email(email));
        let roles = match roles_from_form(checked) {
            Ok(roles) => Some(roles),
            Err(e) => {
                errors.0.extend(e.field_errors().iter().cloned());
                None
            }
        };
        if let Some(email) = &email {
            if store.user_by_email(email).await?.is_some() {
                errors.add("email", Problem::EmailTaken);
            }
        }
        let (Some(name), Some(email), Some(roles)) = (name, email, roles) else {
            return Err(AppError::Invalid(errors.0));
        };
        check_admin_powers(&user.roles, &[], &roles).map_err(AppError::Refused)?;
        errors.into_result(|| ())?;
        let new = crate::store::NewUser {
            organisation_id: user.organisation_id,
            email: email.clone(),
            name: name.clone(),
            // No password: nothing signs in to the account until the person chooses one.
            password_hash: crate::store::PasswordHash(String::new()),
            roles,
            must_change_password: false,
        };
        let invitation = new_invitation(&email, &name, user, origin, locale);
        store.invite_user(&caller.actor(), &new, &invitation).await?;
        Ok(LinkSent { email })
    }

    /// A new invitation link for `email` and its message.
    fn new_invitation(email: &str, name: &str, inviter: &CurrentUser, origin: &str, locale: Locale) -> NewInvitation {
        invitation_to(email, name, &inviter.name, &inviter.organisation_name, origin, locale)
    }

    /// A new invitation link for `name` to join `organisation`, sent by `inviter`, with its
    /// message in `locale`.
    pub fn invitation_to(email: &str, name: &str, inviter: &str, organisation: &str, origin: &str, locale: Locale) -> NewInvitation {
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{INVITATION_PATH}/{token}");
        NewInvitation {
            token_hash: crate::auth::password_reset::service::token_hash(&token),
            expires_at: crate::store::now() + INVITATION_DAYS * 86_400,
            email: Email::invitation(email, locale, name, inviter, organisation, &link),
        }
    }

    /// The user `user_id` of the caller's organisation, once the caller may act on them: an
    /// action on a user takes the powers of the user's roles ([`check_admin_powers`]: a User
    /// management admin cannot act on a Global admin).
    async fn manageable_user<'c>(store: &SharedStore, caller: &'c dyn Caller, user_id: i64) -> Result<(&'c CurrentUser, UserRow), AppError> {
        let user = caller.require(Permission::ManageUsers)?;
        let target = store.users_of(user.organisation_id).await?.into_iter().find(|u| u.id == user_id).ok_or(AppError::NotFound)?;
        check_admin_powers(&user.roles, &target.roles, &target.roles).map_err(AppError::Refused)?;
        Ok((user, target))
    }

    /// Sends `target`, who has not joined, a new invitation link (the caller may act on them).
    async fn send_invitation(
        store: &SharedStore,
        caller: &dyn Caller,
        user: &CurrentUser,
        target: &UserRow,
        origin: &str,
        locale: Locale,
    ) -> Result<LinkSent, AppError> {
        if target.joined() {
            return Err(AppError::Refused(Refusal::AlreadyJoined));
        }
        let invitation = new_invitation(&target.email, &target.name, user, origin, locale);
        store.resend_invitation(&caller.actor(), target.id, &invitation).await?;
        Ok(LinkSent { email: target.email.clone() })
    }

    /// Sends a pending user a new invitation link; the earlier links stop working.
    pub async fn resend_invitation(
        store: &SharedStore,
        caller: &dyn Caller,
        user_id: i64,
        origin: &str,
        locale: Locale,
    ) -> Result<LinkSent, AppError> {
        let (user, target) = manageable_user(store, caller, user_id).await?;
        send_invitation(store, caller, user, &target, origin, locale).await
    }

    /// Removes a user who never joined (their link stops working).
    pub async fn revoke_invitation(store: &SharedStore, caller: &dyn Caller, user_id: i64) -> Result<(), AppError> {
        manageable_user(store, caller, user_id).await?;
        Ok(store.revoke_invitation(&caller.actor(), user_id).await?)
    }

    /// Gives a user exactly `checked`'s roles.
    pub async fn change_roles(store: &SharedStore, caller: &dyn Caller, user_id: i64, checked: &[Option<String>; 5]) -> Result<(), AppError> {
        caller.require(Permission::ManageUsers)?;
        let roles = roles_from_form(checked)?;
        Ok(store.update_user_roles(&caller.actor(), user_id, &roles).await?)
    }

    /// Deactivates or reactivates a user.
    pub async fn set_user_active(store: &SharedStore, caller: &dyn Caller, user_id: i64, active: bool) -> Result<(), AppError> {
        caller.require(Permission::ManageUsers)?;
        Ok(store.set_user_active(&caller.actor(), user_id, active).await?)
    }

    /// Turns a user's two-step verification off (they lost their phone and their recovery
    /// codes): they set it up again at their next sign-in if the organisation requires it.
    pub async fn reset_two_step(store: &SharedStore, caller: &dyn Caller, user_id: i64) -> Result<(), AppError> {
        manageable_user(store, caller, user_id).await?;
        Ok(store.turn_off_mfa(&caller.actor(), user_id).await?)
    }

    /// Emails the user a link to choose a new password (the admin never sees or sets it). It
    /// takes the powers of the target's roles (a User management admin cannot act on a Global
    /// admin). The password stays until the link is used; using it ends the user's sessions.
    pub async fn send_password_reset(
        store: &SharedStore,
        caller: &dyn Caller,
        user_id: i64,
        origin: &str,
        locale: Locale,
    ) -> Result<LinkSent, AppError> {
        let (user, target) = manageable_user(store, caller, user_id).await?;
        if !target.joined() {
            // Not joined yet: what they need is their invitation.
            return send_invitation(store, caller, user, &target, origin, locale).await;
        }
        let record = store.user_by_id(user_id).await?.ok_or(AppError::NotFound)?;
        let token = crate::tokens::new_secret_token();
        let link = format!("{origin}{}/{token}", crate::auth::password_reset::RESET_PATH);
        let message = Email::password_reset(&record.email, locale, &record.name, &link);
        let hash = crate::auth::password_reset::service::token_hash(&token);
        if !store.create_password_reset(&caller.actor(), &record, &hash, crate::store::now(), message).await? {
            return Err(AppError::Refused(Refusal::TooManyResetLinks));
        }
        Ok(LinkSent { email: record.email })
    }
}

#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::users(&store()?, &caller().await?).await }.await)
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "users/add")]
pub async fn add_user(
    name: String,
    email: String,
    global_admin: Option<String>,
    user_management_admin: Option<String>,
    admin_agent: Option<String>,
    sales_agent: Option<String>,
    advisor: Option<String>,
) -> Result<LinkSent, AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    let checked = [global_admin, user_management_admin, admin_agent, sales_agent, advisor];
    let locale = crate::app::initial_locale();
    respond(async { service::invite_user(&store()?, &caller().await?, &name, &email, &checked, &email_origin(), locale).await }.await)
}

/// Sends a user who has not joined a new invitation link.
#[server(endpoint = "users/resend-invitation")]
pub async fn resend_invitation(user_id: i64) -> Result<LinkSent, AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    let locale = crate::app::initial_locale();
    respond(async { service::resend_invitation(&store()?, &caller().await?, user_id, &email_origin(), locale).await }.await)
}

/// Removes a user who never joined.
#[server(endpoint = "users/revoke-invitation")]
pub async fn revoke_invitation(user_id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::revoke_invitation(&store()?, &caller().await?, user_id).await }.await)
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "users/roles")]
pub async fn change_roles(
    user_id: i64,
    global_admin: Option<String>,
    user_management_admin: Option<String>,
    admin_agent: Option<String>,
    sales_agent: Option<String>,
    advisor: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    let checked = [global_admin, user_management_admin, admin_agent, sales_agent, advisor];
    respond(async { service::change_roles(&store()?, &caller().await?, user_id, &checked).await }.await)
}

#[server(endpoint = "users/active")]
pub async fn set_user_active(user_id: i64, active: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::set_user_active(&store()?, &caller().await?, user_id, active).await }.await)
}

/// Emails a user a link to choose a new password.
#[server(endpoint = "users/reset-password")]
pub async fn reset_password(user_id: i64) -> Result<LinkSent, AppError> {
    use crate::auth::ssr::{caller, email_origin, respond, store};
    let locale = crate::app::initial_locale();
    respond(async { service::send_password_reset(&store()?, &caller().await?, user_id, &email_origin(), locale).await }.await)
}

/// Turns a user's two-step verification off.
#[server(endpoint = "users/reset-two-step")]
pub async fn reset_two_step(user_id: i64) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { service::reset_two_step(&store()?, &caller().await?, user_id).await }.await)
}

/// Whether the organisation requires two-step verification of every user.
#[server(endpoint = "users/two-step-required")]
pub async fn two_step_required() -> Result<bool, AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { crate::auth::mfa::service::required(&store()?, &caller().await?).await }.await)
}

/// Requires two-step verification of every user of the organisation, or not (Global admin).
#[server(endpoint = "users/require-two-step")]
pub async fn require_two_step(required: bool) -> Result<(), AppError> {
    use crate::auth::ssr::{caller, respond, store};
    respond(async { crate::auth::mfa::service::set_required(&store()?, &caller().await?, required).await }.await)
}

/// The five role checkboxes, named by role, checked as given. With `giver`, the roles that
/// admin may not give are shown but cannot be changed (a role the user holds stays, sent by a
/// hidden field, since a disabled checkbox is not sent).
#[component]
pub(crate) fn RoleChecks(prefix: String, checked: Vec<Role>, #[prop(optional)] giver: Option<Vec<Role>>) -> impl IntoView {
    let names = ["global_admin", "user_management_admin", "admin_agent", "sales_agent", "advisor"];
    view! {
        <fieldset class="roles">
            <legend>{tr(Key::Roles)}</legend>
            {Role::ASSIGNABLE.into_iter().zip(names).map(|(role, name)| {
                let id = format!("{prefix}-{name}");
                let label_for = id.clone();
                let held = checked.contains(&role);
                let fixed = giver.as_ref().is_some_and(|g| !may_give(g, role));
                view! {
                    <label class="check" for=label_for>
                        <input type="checkbox" id=id name=name value="on" checked=held disabled=fixed />
                        {(fixed && held).then(|| view! { <input type="hidden" name=name value="on" /> })}
                        <span>{tr(role.key())}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Settings > Users. Served whole, the list and its forms are one island, which reads the list
/// again after each change.
#[component]
pub fn UsersPage() -> impl IntoView {
    let users = Resource::new(|| (), |_| list_users());
    let required = Resource::new(|| (), |_| two_step_required());
    let me = crate::components::use_user();
    view! {
        <Page title=Key::NavUsers permission=Permission::ManageUsers>
            <p class="intro">{tr(Key::UsersIntro)}</p>
            <Transition fallback=move || view! { <p>{tr(Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let (me, my_roles) = me.await.ok().flatten().map(|u| (u.id, u.roles)).unwrap_or_default();
                    let mfa_required = required.await.unwrap_or(false);
                    match users.await {
                        Err(e) => view! { <ErrorBox error=e /> }.into_any(),
                        Ok(users) => view! { <UsersIsland users me my_roles mfa_required /> }.into_any(),
                    }
                })}
            </Transition>
        </Page>
    }
}

/// The users and their forms on the page served whole.
// An island of the admin pages' build (crate::app::IslandsBuild::AdminPages) only.
#[cfg_attr(any(feature = "ssr", feature = "admin-pages"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "admin-pages")), component)]
fn UsersIsland(users: Vec<UserRow>, me: i64, my_roles: Vec<Role>, mfa_required: bool) -> impl IntoView {
    view! { <UsersList users me my_roles mfa_required /> }
}

/// The organisation's users (Change roles; Deactivate or Reactivate and Send password reset
/// link for those who joined; Resend and Revoke invitation for those who have not), what was
/// sent to whom, and Add user (an invitation). `users` is the list as the page brought it; after
/// each change it is read again. What `my_roles` may not do is not offered (the server refuses
/// it anyway: [`check_admin_powers`]).
#[component]
fn UsersList(users: Vec<UserRow>, me: i64, my_roles: Vec<Role>, mfa_required: bool) -> impl IntoView {
    let locale = use_locale();
    let actions = UserActions {
        add: ServerAction::<AddUser>::new(),
        roles: ServerAction::<ChangeRoles>::new(),
        active: ServerAction::<SetUserActive>::new(),
        reset: ServerAction::<ResetPassword>::new(),
        resend: ServerAction::<ResendInvitation>::new(),
        revoke: ServerAction::<RevokeInvitation>::new(),
        reset_two_step: ServerAction::<ResetTwoStep>::new(),
    };
    let UserActions { add, roles, active, reset, resend, revoke, reset_two_step } = actions;
    let require = ServerAction::<RequireTwoStep>::new();
    let required = RwSignal::new(mfa_required);
    Effect::watch(
        move || require.version().get(),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(now) = two_step_required().await {
                    required.set(now);
                }
            })
        },
        false,
    );
    let global_admin = my_roles.contains(&Role::GlobalAdmin);
    let list = RwSignal::new(users);
    let refused = RwSignal::new(None::<AppError>);
    Effect::watch(
        move || {
            (
                add.version().get(),
                roles.version().get(),
                active.version().get(),
                reset.version().get(),
                resend.version().get(),
                revoke.version().get(),
                reset_two_step.version().get(),
            )
        },
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                match list_users().await {
                    Ok(users) => list.set(users),
                    Err(e) => refused.set(Some(e)),
                }
            })
        },
        false,
    );
    let add_errors = move || add.value().get().and_then(|r| r.err());
    // Once someone is invited, the form is empty again for the next person.
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            if let Some(form) = add_form.get_untracked() {
                form.reset();
            }
        }
    });
    // What was sent last: an invitation (Add user, Resend invitation) or a password reset link.
    let sent = move || {
        let invited = [add.value().get(), resend.value().get()].into_iter().flatten().find_map(|r| r.ok()).map(|s| (Key::InvitationSentTo, s.email));
        let reset_sent = reset.value().get().and_then(|r| r.ok()).map(|s| (Key::ResetLinkSentTo, s.email));
        reset_sent.or(invited)
    };
    let card_roles = my_roles.clone();
    let refusal = move || {
        [roles.value().get(), active.value().get(), revoke.value().get(), reset_two_step.value().get(), require.value().get()]
            .into_iter()
            .flatten()
            .find_map(|r| r.err())
            .or_else(|| [reset.value().get(), resend.value().get()].into_iter().flatten().find_map(|r| r.err()))
            .or_else(|| refused.get())
    };
    view! {
        {move || refusal().map(|e| view! { <ErrorBox error=e /> })}
        {move || sent().map(|(key, email)| view! {
            <p class="notice success" role="status" id="link-sent">{move || locale.get().fill(key, &[("email", &email)])}</p>
        })}
        {global_admin.then(|| view! {
            <section class="two-step-requirement" aria-labelledby="two-step-requirement">
                <h2 id="two-step-requirement">{tr(Key::TwoStepVerification)}</h2>
                <p id="two-step-required-status">{move || if required.get() { tr(Key::TwoStepRequiredForAll)() } else { tr(Key::TwoStepNotRequired)() }}</p>
                <ActionForm action=require attr:class="inline">
                    <input type="hidden" name="required" value=move || (!required.get()).to_string() />
                    <button type="submit">{move || if required.get() { tr(Key::StopRequiringTwoStep)() } else { tr(Key::RequireTwoStep)() }}</button>
                </ActionForm>
            </section>
        })}
        <ul class="user-list">
            <For each=move || list.get() key=|u| (u.id, u.roles.clone(), u.active, u.invited_until, u.mfa_on) let:u>
                <UserCard u=u me my_roles=card_roles.clone() actions />
            </For>
        </ul>
        <h2>{tr(Key::AddUser)}</h2>
        <ActionForm action=add node_ref=add_form attr:class="form" attr:novalidate=true>
            <crate::components::FieldErrorsView error=Signal::derive(add_errors) />
            <label for="new-user-name">{tr(Key::FullName)}</label>
            <input id="new-user-name" name="name" required maxlength="100" autocomplete="off" />
            {move || crate::components::field_error(add_errors(), "name", locale.get())}
            <label for="new-user-email">{tr(Key::Email)}</label>
            <input id="new-user-email" name="email" type="email" required maxlength="254" autocomplete="off" />
            {move || crate::components::field_error(add_errors(), "email", locale.get())}
            <RoleChecks prefix="new".to_string() checked=vec![] giver=my_roles />
            {move || crate::components::field_error(add_errors(), "roles", locale.get())}
            <button type="submit" class="primary">{tr(Key::AddUser)}</button>
        </ActionForm>
    }
}

/// The forms of the Users page, shared by every card.
#[derive(Clone, Copy)]
struct UserActions {
    add: ServerAction<AddUser>,
    roles: ServerAction<ChangeRoles>,
    active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetPassword>,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
    reset_two_step: ServerAction<ResetTwoStep>,
}

/// One user: name, email, roles, status, and the forms that change them.
#[component]
fn UserCard(u: UserRow, me: i64, my_roles: Vec<Role>, actions: UserActions) -> impl IntoView {
    let UserActions { roles, active, reset, resend, revoke, reset_two_step, .. } = actions;
    let locale = use_locale();
    let role_names = {
        let roles = u.roles.clone();
        move || roles.iter().map(|r| locale.get().t(r.key())).collect::<Vec<_>>().join(", ")
    };
    let is_me = u.id == me;
    // A Global admin's account is out of reach of anyone who is not one.
    let may_manage = check_admin_powers(&my_roles, &u.roles, &u.roles).is_ok();
    let status = {
        let (active, invited_until) = (u.active, u.invited_until);
        move || match invited_until {
            Some(until) if until > crate::providers::now_seconds() => {
                locale.get().fill(Key::InvitationPending, &[("date", &crate::format::date(until, locale.get()))])
            }
            Some(_) => locale.get().t(Key::InvitationExpired).to_string(),
            None if active => locale.get().t(Key::StatusActive).to_string(),
            None => locale.get().t(Key::Deactivated).to_string(),
        }
    };
    let joined = u.joined();
    view! {
        <li class="card user" class:inactive=!u.active class:invited=!joined>
            <strong>{u.name.clone()}{is_me.then(|| view! { " "<span class="badge">{tr(Key::You)}</span> })}</strong>
            <span>{u.email.clone()}</span>
            <span>{role_names}</span>
            <span class="user-status">{status}</span>
            {joined.then(|| view! {
                <span class="two-step-status">{if u.mfa_on { tr(Key::TwoStepOn)() } else { tr(Key::TwoStepOff)() }}</span>
            })}
            {(!may_manage).then(|| view! { <span class="hint">{tr(Key::RefusedGlobalAdminOnly)}</span> })}
            <details hidden=!may_manage>
                <summary>{tr(Key::ChangeRoles)}</summary>
                <ActionForm action=roles attr:class="form">
                    <input type="hidden" name="user_id" value=u.id />
                    <RoleChecks prefix=format!("u{}", u.id) checked=u.roles.clone() giver=my_roles.clone() />
                    <button type="submit">{tr(Key::Save)}</button>
                </ActionForm>
            </details>
            <div class="row-actions" hidden=!may_manage>
                {if joined {
                    view! {
                        <ActionForm action=active attr:class="inline">
                            <input type="hidden" name="user_id" value=u.id />
                            <input type="hidden" name="active" value=(!u.active).to_string() />
                            <button type="submit" class:danger=u.active>
                                {if u.active { tr(Key::Deactivate)() } else { tr(Key::Reactivate)() }}
                            </button>
                        </ActionForm>
                        <ActionForm action=reset attr:class="inline">
                            <input type="hidden" name="user_id" value=u.id />
                            <button type="submit">{tr(Key::SendPasswordResetLink)}</button>
                        </ActionForm>
                        {(u.mfa_on && !is_me).then(|| view! {
                            <ActionForm action=reset_two_step attr:class="inline">
                                <input type="hidden" name="user_id" value=u.id />
                                <button type="submit">{tr(Key::ResetTwoStep)}</button>
                            </ActionForm>
                        })}
                    }
                    .into_any()
                } else {
                    view! {
                        <ActionForm action=resend attr:class="inline">
                            <input type="hidden" name="user_id" value=u.id />
                            <button type="submit">{tr(Key::ResendInvitation)}</button>
                        </ActionForm>
                        <ActionForm action=revoke attr:class="inline">
                            <input type="hidden" name="user_id" value=u.id />
                            <button type="submit" class="danger">{tr(Key::RevokeInvitation)}</button>
                        </ActionForm>
                    }
                    .into_any()
                }}
            </div>
        </li>
    }
}
