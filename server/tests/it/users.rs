//! Settings > Users on SQLite and PostgreSQL: who may manage users, the Global admin rules,
//! deactivation, password resets, and that no organisation touches another's users.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn user_id(app: &TestApp, admin: &reqwest::Client, email: &str) -> String {
    let (_, users) = app.call(admin, "users/list", &[]).await;
    users.as_array().unwrap().iter().find(|u| u["email"] == email).map(|u| u["id"].to_string()).expect(email)
}

async fn sign_in_with(app: &TestApp, email: &str, password: &str) -> (StatusCode, Value) {
    app.call(&app.client(), "auth/sign-in", &[("email", email), ("password", password)]).await
}

/// Takes the Global admin role from `target` (or deactivates them).
async fn demote(app: &TestApp, client: &reqwest::Client, target: &str, by_roles: bool) -> (StatusCode, Value) {
    if by_roles {
        app.call(client, "users/roles", &[("user_id", target), ("sales_agent", "on")]).await
    } else {
        app.call(client, "users/active", &[("user_id", target), ("active", "false")]).await
    }
}

on_both_databases! {
    async fn an_admin_invites_a_user_who_joins_with_their_own_password(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, body) = app.call(&admin, "users/add", &[("name", "Kim Lee"), ("email", "kim@northwind.example")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a user needs a role: {body}");
        let (status, created) = app
            .call(&admin, "users/add", &[("name", "Kim Lee"), ("email", "Kim@Northwind.example"), ("sales_agent", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        assert_eq!(created, serde_json::json!({ "email": "kim@northwind.example" }), "the admin learns where the link went, no password");
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "kim@northwind.example").unwrap().clone();
        assert!(row["invited_until"].as_i64().unwrap() > app::store::now() + 6 * 86_400, "invited for 7 days: {row}");
        // Nothing signs in to an account nobody has chosen a password for.
        for guess in ["", "partnerdesk-demo", "kim@northwind.example"] {
            let (status, _) = sign_in_with(&app, "kim@northwind.example", guess).await;
            assert_ne!(status, StatusCode::OK, "{guess:?}");
        }
        // The message: to Kim, from the admin, with the link, in a text and an HTML part.
        let message = app.mail().await.into_iter().find(|m| m.contains("To: kim@northwind.example")).expect("an invitation");
        assert!(message.contains("Northwind Distribution") && message.contains("/invitation/") && message.contains("text/html"), "{message}");
        // The invitation page names the organisation and the address.
        let token = app.link_token("kim@northwind.example", "/invitation").await;
        let page = app.get(&app.client(), &format!("/invitation/{token}")).await.text().await.unwrap();
        assert!(page.contains("Northwind Distribution") && page.contains("kim@northwind.example") && page.contains("new_password"), "{page}");

        const KIM: &str = "kim's own passphrase";
        let kim_client = app.join("kim@northwind.example", KIM).await;
        let (_, me) = app.call(&kim_client, "auth/me", &[]).await;
        assert_eq!(me["email"], "kim@northwind.example", "joining signs in: {me}");
        let (status, _) = sign_in_with(&app, "kim@northwind.example", KIM).await;
        assert_eq!(status, StatusCode::OK);
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "kim@northwind.example").unwrap().clone();
        assert_eq!(row["invited_until"], Value::Null, "joined: {row}");
        // The link works once.
        let (status, body) = app.call(&app.client(), "auth/accept-invitation", &[("token", &token), ("new_password", "a takeover passphrase"), ("confirm_password", "a takeover passphrase")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["Refused"], "InvitationInvalid");
        let (status, body) = app
            .call(&admin, "users/add", &[("name", "Kim again"), ("email", "kim@northwind.example"), ("sales_agent", "on")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        // Change roles, deactivate, send a password reset link.
        let kim = user_id(&app, &admin, "kim@northwind.example").await;
        let (status, _) = app.call(&admin, "users/roles", &[("user_id", &kim), ("admin_agent", "on")]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "kim@northwind.example").unwrap().clone();
        assert_eq!(row["roles"], serde_json::json!(["AdminAgent"]));
        let northwind = app.store.organisation_by_mpn_id("2000001").await.unwrap().unwrap().id;
        let audit = app.store.audit_log(northwind, 20).await.unwrap();
        assert!(
            audit.iter().any(|a| a.action == "user.roles" && a.record_id == kim && a.summary == "roles sales_agent -> admin_agent"),
            "the audit entry says before and after"
        );
        assert!(audit.iter().any(|a| a.action == "user.invite" && a.record_id == kim), "the invitation is audited");
        assert!(audit.iter().any(|a| a.action == "user.accept_invitation" && a.record_id == kim), "joining is audited");
        let (status, _) = app.call(&admin, "users/active", &[("user_id", &kim), ("active", "false")]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = sign_in_with(&app, "kim@northwind.example", KIM).await;
        assert_ne!(status, StatusCode::OK, "a deactivated user cannot sign in");
        app.call(&admin, "users/active", &[("user_id", &kim), ("active", "true")]).await;
        let (status, sent) = app.call(&admin, "users/reset-password", &[("user_id", &kim)]).await;
        assert_eq!((status, sent), (StatusCode::OK, serde_json::json!({ "email": "kim@northwind.example" })));
        let (status, _) = sign_in_with(&app, "kim@northwind.example", KIM).await;
        assert_eq!(status, StatusCode::OK, "the password stays until Kim uses the link");
        let token = app.link_token("kim@northwind.example", "/password/reset").await;
        let new = "kim's next passphrase";
        let (status, body) = app.call(&app.client(), "auth/reset-password", &[("token", &token), ("new_password", new), ("confirm_password", new)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let (status, _) = sign_in_with(&app, "kim@northwind.example", KIM).await;
        assert_ne!(status, StatusCode::OK, "the old password no longer works");
        let (status, _) = sign_in_with(&app, "kim@northwind.example", new).await;
        assert_eq!(status, StatusCode::OK);
        let audit = app.store.audit_log(northwind, 30).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "user.password_reset_link_sent" && a.record_id == kim), "{audit:?}");
    }

    async fn an_invitation_is_resent_or_revoked_until_the_person_joins(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        app.call(&admin, "users/add", &[("name", "Ravi Rao"), ("email", "ravi@northwind.example"), ("sales_agent", "on")]).await;
        let first = app.link_token("ravi@northwind.example", "/invitation").await;
        let ravi = user_id(&app, &admin, "ravi@northwind.example").await;
        let (status, sent) = app.call(&admin, "users/resend-invitation", &[("user_id", &ravi)]).await;
        assert_eq!((status, sent), (StatusCode::OK, serde_json::json!({ "email": "ravi@northwind.example" })));
        let second = app.link_token("ravi@northwind.example", "/invitation").await;
        assert_ne!(first, second);
        // Only the newest link works.
        let (status, body) = app.call(&app.client(), "auth/invitation", &[("token", &first)]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("InvitationInvalid")));
        let (status, details) = app.call(&app.client(), "auth/invitation", &[("token", &second)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(details, serde_json::json!({ "organisation": "Northwind Distribution", "name": "Ravi Rao", "email": "ravi@northwind.example" }));
        // Another organisation's admin reaches neither.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        for endpoint in ["users/resend-invitation", "users/revoke-invitation"] {
            let (status, _) = app.call(&tailspin, endpoint, &[("user_id", &ravi)]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}");
        }
        // Revoked: the account is gone and the link no longer works.
        let (status, _) = app.call(&admin, "users/revoke-invitation", &[("user_id", &ravi)]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        assert!(!users.to_string().contains("ravi@northwind.example"), "{users}");
        let (status, _) = app.call(&app.client(), "auth/accept-invitation", &[("token", &second), ("new_password", "too late passphrase"), ("confirm_password", "too late passphrase")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        // Someone who joined has no invitation to resend or revoke.
        let sales = user_id(&app, &admin, "sales@northwind.example").await;
        for endpoint in ["users/resend-invitation", "users/revoke-invitation"] {
            let (status, body) = app.call(&admin, endpoint, &[("user_id", &sales)]).await;
            assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("AlreadyJoined")), "{endpoint}");
        }
        // Forgot password? sends nothing to someone who has not joined: their invitation is the way in.
        app.call(&admin, "users/add", &[("name", "Ines Ito"), ("email", "ines@northwind.example"), ("sales_agent", "on")]).await;
        let before = app.mail().await.len();
        app.call(&app.client(), "auth/forgot-password", &[("email", "ines@northwind.example")]).await;
        assert_eq!(app.mail().await.len(), before);
    }

    async fn only_user_admins_manage_users_of_their_own_organisation(app: TestApp) {
        for email in ["sales@northwind.example", "agent@northwind.example", "advisor@contoso.example"] {
            let client = app.signed_in(email).await;
            let (status, _) = app.call(&client, "users/list", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        }
        let northwind = app.signed_in("admin@northwind.example").await;
        let sales = user_id(&app, &northwind, "sales@northwind.example").await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (_, theirs) = app.call(&tailspin, "users/list", &[]).await;
        assert!(!theirs.to_string().contains("northwind"), "{theirs}");
        for (endpoint, extra) in [("users/roles", ("global_admin", "on")), ("users/active", ("active", "false")), ("users/reset-password", ("x", "y"))] {
            let (status, _) = app.call(&tailspin, endpoint, &[("user_id", &sales), extra]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{endpoint}");
        }
        let (_, users) = app.call(&northwind, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "sales@northwind.example").unwrap().clone();
        assert_eq!((row["roles"].clone(), row["active"].clone()), (serde_json::json!(["SalesAgent"]), Value::Bool(true)));
    }

    async fn an_organisation_keeps_an_active_global_admin(app: TestApp) {
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let me = user_id(&app, &tailspin, "admin@tailspin.example").await;
        let (status, body) = app.call(&tailspin, "users/roles", &[("user_id", &me), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "OwnAdminRole");
        let (_, body) = app.call(&tailspin, "users/active", &[("user_id", &me), ("active", "false")]).await;
        assert_eq!(body["Refused"], "DeactivateSelf");

        // A User management admin cannot touch a Global admin at all (server/tests/it/security).
        let user_admin = app.signed_in("users@northwind.example").await;
        let global = user_id(&app, &user_admin, "admin@northwind.example").await;
        let (status, body) = app.call(&user_admin, "users/roles", &[("user_id", &global), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["Refused"], "GlobalAdminOnly");
        // The last Global admin, by another Global admin who is about to leave.
        let northwind = app.signed_in("admin@northwind.example").await;
        let (status, created) = app
            .call(&northwind, "users/add", &[("name", "Second Admin"), ("email", "second@northwind.example"), ("global_admin", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        // Invited and not joined, the second admin does not keep the organisation manageable.
        let (status, body) = app.call(&northwind, "users/roles", &[("user_id", &user_id(&app, &northwind, "admin@northwind.example").await), ("user_management_admin", "on")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("LastGlobalAdmin")));
        let second = app.join("second@northwind.example", "the second admin's passphrase").await;
        let second_id = user_id(&app, &northwind, "second@northwind.example").await;
        let (status, _) = app.call(&second, "users/roles", &[("user_id", &global), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::OK, "two Global admins: one may demote the other");
        let (status, body) = app.call(&second, "users/roles", &[("user_id", &second_id), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "OwnAdminRole");
    }

    async fn two_global_admins_demoting_each_other_at_once_leave_one(app: TestApp) {
        let first = app.signed_in("admin@tailspin.example").await;
        let (status, created) = app
            .call(&first, "users/add", &[("name", "Second Admin"), ("email", "second@tailspin.example"), ("global_admin", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        const SECOND_PASSWORD: &str = "the second admin's passphrase";
        let second = app.join("second@tailspin.example", SECOND_PASSWORD).await;
        let first_id = user_id(&app, &first, "admin@tailspin.example").await;
        let second_id = user_id(&app, &first, "second@tailspin.example").await;
        for round in 0..6 {
            // Each demotes the other (roles, or deactivation) at the same moment.
            let by_roles = round % 2 == 0;
            let ((a, a_body), (b, b_body)) = tokio::join!(demote(&app, &first, &second_id, by_roles), demote(&app, &second, &first_id, by_roles));
            let users = app.store.users_of(app.store.organisation_by_mpn_id("2000002").await.unwrap().unwrap().id).await.unwrap();
            let admins: Vec<&app::users::UserRow> = users.iter().filter(|u| u.active && u.roles.contains(&app::roles::Role::GlobalAdmin)).collect();
            assert_eq!(admins.len(), 1, "round {round}: one Global admin is left ({a} {a_body}, {b} {b_body})");
            // The other is refused: as the last Global admin's change (409), or, when the first
            // change was already done as it arrived, for lacking the role it just lost (403:
            // before its permission check, or inside the change's transaction, where the actor
            // is no Global admin any more) or, deactivated, for no longer being signed in (401).
            let (refused, refused_body) = match (a, b) {
                (StatusCode::OK, other) => (other, &b_body),
                (other, StatusCode::OK) => (other, &a_body),
                _ => panic!("round {round}: one change goes through ({a} {a_body}, {b} {b_body})"),
            };
            match refused {
                StatusCode::CONFLICT => assert_eq!(refused_body["Refused"], "LastGlobalAdmin", "{refused_body}"),
                StatusCode::FORBIDDEN if refused_body["Refused"] == "GlobalAdminOnly" => {}
                StatusCode::FORBIDDEN if by_roles => assert!(refused_body.get("MissingRole").is_some(), "{refused_body}"),
                StatusCode::UNAUTHORIZED if !by_roles => assert_eq!(refused_body, &Value::from("NotSignedIn"), "{refused_body}"),
                other => panic!("round {round}: {other} {refused_body}"),
            }
            // The one left makes the other a Global admin again for the next round.
            let (left, other) = if admins[0].id.to_string() == first_id { (&first, &second_id) } else { (&second, &first_id) };
            app.call(left, "users/active", &[("user_id", other), ("active", "true")]).await;
            let (status, body) = app.call(left, "users/roles", &[("user_id", other), ("global_admin", "on")]).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            // A deactivation ended the other's sessions for good: they sign in again.
            let (other_client, email, password) =
                if other == &first_id { (&first, "admin@tailspin.example", PASSWORD) } else { (&second, "second@tailspin.example", SECOND_PASSWORD) };
            let (status, body) = app.call(other_client, "auth/sign-in", &[("email", email), ("password", password)]).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
    }
}
