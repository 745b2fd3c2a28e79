//! The users of an organisation and the rules of who may give which role.

use crate::error::{AppError, Problem, Refusal};
use crate::roles::Role;
use serde::{Deserialize, Serialize};

/// A user of the organisation, as the Users page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Invited and not joined yet: when the newest invitation's link stops working (Unix
    /// seconds; in the past when it expired).
    #[serde(default)]
    pub invited_until: Option<i64>,
    /// Whether two-step verification is on.
    #[serde(default)]
    pub mfa_on: bool,
}

impl UserRow {
    /// Whether the user has joined (chosen a password from their invitation).
    pub fn joined(&self) -> bool {
        self.invited_until.is_none()
    }
}

/// How long an invitation's link works.
pub const INVITATION_DAYS: i64 = 7;

/// What Add user, Resend invitation and Send password reset link tell the admin: the address
/// the link went to (an admin never sees or sets another user's password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSent {
    pub email: String,
}

const ADMIN_ROLES: [Role; 2] = [Role::GlobalAdmin, Role::UserManagementAdmin];

/// Whether an admin holding `actor` may turn a user's roles from `before` into `after` (a new
/// user has none before; a password reset or (de)activation leaves them as they are):
/// nobody gives a role they do not hold (a Global admin holds every role's powers), and only
/// a Global admin may add a Global admin or touch one in any way. Partner Center and Entra ID
/// draw the same line: a user administrator cannot act on a Global administrator.
pub fn check_admin_powers(actor: &[Role], before: &[Role], after: &[Role]) -> Result<(), Refusal> {
    if actor.contains(&Role::GlobalAdmin) {
        return Ok(());
    }
    if before.contains(&Role::GlobalAdmin) || after.contains(&Role::GlobalAdmin) {
        return Err(Refusal::GlobalAdminOnly);
    }
    if after.iter().any(|role| !before.contains(role) && !actor.contains(role)) {
        return Err(Refusal::RoleNotHeld);
    }
    Ok(())
}

/// Whether `me` may make a change to one user, and whether it leaves the organisation
/// manageable: `me` holds the powers it takes ([`check_admin_powers`]), an active Global admin
/// remains, and `me` keeps an admin role and stays active.
pub fn check_user_change(users: &[UserRow], me: i64, target: i64, roles: &[Role], active: bool) -> Result<(), Refusal> {
    let actor = users.iter().find(|u| u.id == me && u.active).map(|u| u.roles.as_slice()).unwrap_or_default();
    let before = users.iter().find(|u| u.id == target).map(|u| u.roles.as_slice()).unwrap_or_default();
    check_admin_powers(actor, before, roles)?;
    if target == me && !active {
        return Err(Refusal::DeactivateSelf);
    }
    if target == me && !roles.iter().any(|r| ADMIN_ROLES.contains(r)) {
        return Err(Refusal::OwnAdminRole);
    }
    let global_admin_left = users.iter().any(|u| {
        let (roles, active) = if u.id == target { (roles, active) } else { (u.roles.as_slice(), u.active) };
        // Someone invited who has not joined yet cannot sign in: they do not count.
        active && roles.contains(&Role::GlobalAdmin) && u.joined()
    });
    if !global_admin_left {
        return Err(Refusal::LastGlobalAdmin);
    }
    Ok(())
}

/// The roles checked in a form: one optional field per role, named by the role's code.
pub fn roles_from_form(checked: &[Option<String>; 5]) -> Result<Vec<Role>, AppError> {
    let roles: Vec<Role> = Role::ASSIGNABLE.iter().zip(checked).filter(|(_, c)| c.is_some()).map(|(r, _)| *r).collect();
    if roles.is_empty() {
        return Err(AppError::invalid("roles", Problem::ChooseRole));
    }
    Ok(roles)
}

/// Whether an admin holding `actor` may give `role` ([`check_admin_powers`]).
pub fn may_give(actor: &[Role], role: Role) -> bool {
    check_admin_powers(actor, &[], &[role]).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, roles: &[Role], active: bool) -> UserRow {
        UserRow { id, name: String::new(), email: String::new(), roles: roles.to_vec(), active, invited_until: None, mfa_on: false }
    }

    #[test]
    fn an_organisation_keeps_an_active_global_admin() {
        // The last Global admin keeps an admin role (User management admin) but gives up Global admin.
        let users = vec![user(1, &[Role::GlobalAdmin, Role::UserManagementAdmin], true), user(2, &[Role::UserManagementAdmin], true)];
        assert_eq!(check_user_change(&users, 1, 1, &[Role::UserManagementAdmin], true), Err(Refusal::LastGlobalAdmin));
        // A User management admin cannot touch the Global admin at all, nor make themselves one.
        assert_eq!(check_user_change(&users, 2, 1, &[Role::SalesAgent], true), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_user_change(&users, 2, 1, &[Role::GlobalAdmin], false), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_user_change(&users, 2, 2, &[Role::GlobalAdmin], true), Err(Refusal::GlobalAdminOnly));
        // The Global admin may make a second one.
        assert_eq!(check_user_change(&users, 1, 2, &[Role::GlobalAdmin], true), Ok(()));
        let two = vec![user(1, &[Role::GlobalAdmin], true), user(2, &[Role::GlobalAdmin], true)];
        assert_eq!(check_user_change(&two, 2, 1, &[Role::SalesAgent], true), Ok(()));
    }

    #[test]
    fn a_global_admin_invited_but_not_joined_does_not_keep_the_organisation_manageable() {
        let mut invited = user(2, &[Role::GlobalAdmin], true);
        invited.invited_until = Some(1_000);
        let users = vec![user(1, &[Role::GlobalAdmin, Role::UserManagementAdmin], true), invited];
        assert_eq!(check_user_change(&users, 1, 1, &[Role::UserManagementAdmin], true), Err(Refusal::LastGlobalAdmin));
    }

    #[test]
    fn nobody_removes_their_own_last_admin_role_or_deactivates_themselves() {
        let users = vec![user(1, &[Role::GlobalAdmin], true), user(2, &[Role::GlobalAdmin], true)];
        assert_eq!(check_user_change(&users, 1, 1, &[Role::SalesAgent], true), Err(Refusal::OwnAdminRole));
        assert_eq!(check_user_change(&users, 1, 1, &[Role::GlobalAdmin], false), Err(Refusal::DeactivateSelf));
        assert_eq!(check_user_change(&users, 1, 1, &[Role::UserManagementAdmin], true), Ok(()));
    }

    #[test]
    fn only_a_global_admin_touches_a_global_admin() {
        use Role::*;
        let uma = [UserManagementAdmin];
        assert_eq!(check_admin_powers(&uma, &[], &[GlobalAdmin]), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_admin_powers(&uma, &[UserManagementAdmin], &[UserManagementAdmin, GlobalAdmin]), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_admin_powers(&uma, &[GlobalAdmin], &[GlobalAdmin]), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_admin_powers(&uma, &[GlobalAdmin], &[SalesAgent]), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_admin_powers(&[GlobalAdmin], &[], &[GlobalAdmin, Advisor]), Ok(()));
    }

    #[test]
    fn nobody_gives_a_role_they_do_not_hold() {
        use Role::*;
        let uma = [UserManagementAdmin, SalesAgent];
        assert_eq!(check_admin_powers(&uma, &[], &[AdminAgent]), Err(Refusal::RoleNotHeld));
        assert_eq!(check_admin_powers(&uma, &[Advisor], &[Advisor, SalesAgent]), Ok(()), "keeping a role is not giving it");
        assert_eq!(check_admin_powers(&uma, &[Advisor], &[SalesAgent]), Ok(()));
        assert_eq!(check_admin_powers(&uma, &[], &[UserManagementAdmin]), Ok(()));
        // A User management admin promoting themselves is the same refusal.
        let users = vec![user(1, &[GlobalAdmin], true), user(2, &[UserManagementAdmin], true)];
        assert_eq!(check_user_change(&users, 2, 2, &[UserManagementAdmin, GlobalAdmin], true), Err(Refusal::GlobalAdminOnly));
        assert_eq!(check_user_change(&users, 2, 1, &[GlobalAdmin], false), Err(Refusal::GlobalAdminOnly));
        // A deactivated admin holds no powers.
        let gone = vec![user(1, &[GlobalAdmin], false), user(2, &[SalesAgent], true)];
        assert_eq!(check_user_change(&gone, 1, 2, &[AdminAgent], true), Err(Refusal::RoleNotHeld));
    }

    #[test]
    fn a_user_needs_a_role() {
        assert!(roles_from_form(&[None, None, None, None, None]).is_err());
        assert_eq!(roles_from_form(&[None, None, None, Some("on".into()), None]), Ok(vec![Role::SalesAgent]));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn roles() -> impl Strategy<Value = Vec<Role>> {
        proptest::sample::subsequence(Role::ASSIGNABLE.to_vec(), 0..=5)
    }

    proptest! {
        /// Whatever passes, nobody ends up with more than the actor could give: every role the
        /// target gains is held by the actor, or the actor is a Global admin.
        #[test]
        fn no_change_exceeds_the_actors_powers(actor in roles(), before in roles(), after in roles()) {
            if check_admin_powers(&actor, &before, &after).is_ok() {
                let global = actor.contains(&Role::GlobalAdmin);
                prop_assert!(global || after.iter().all(|r| before.contains(r) || actor.contains(r)));
                prop_assert!(global || !(before.contains(&Role::GlobalAdmin) || after.contains(&Role::GlobalAdmin)));
            }
        }

        #[test]
        fn roles_from_the_form_are_the_checked_ones(checked in proptest::array::uniform5(proptest::option::of("\\PC{0,5}"))) {
            match roles_from_form(&checked) {
                Ok(roles) => prop_assert_eq!(roles.len(), checked.iter().filter(|c| c.is_some()).count()),
                Err(_) => prop_assert!(checked.iter().all(Option::is_none)),
            }
        }
    }
}
