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
    async fn an_admin_adds_a_user_who_signs_in_with_the_temporary_password(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, body) = app.call(&admin, "users/add", &[("name", "Kim Lee"), ("email", "kim@northwind.example")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a user needs a role: {body}");
        let (status, created) = app
            .call(&admin, "users/add", &[("name", "Kim Lee"), ("email", "Kim@Northwind.example"), ("sales_agent", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        let password = created["password"].as_str().unwrap().to_string();
        let (status, _) = sign_in_with(&app, "kim@northwind.example", &password).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app
            .call(&admin, "users/add", &[("name", "Kim again"), ("email", "kim@northwind.example"), ("sales_agent", "on")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        // Change roles, deactivate, reset the password.
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
        let (status, _) = app.call(&admin, "users/active", &[("user_id", &kim), ("active", "false")]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = sign_in_with(&app, "kim@northwind.example", &password).await;
        assert_ne!(status, StatusCode::OK, "a deactivated user cannot sign in");
        app.call(&admin, "users/active", &[("user_id", &kim), ("active", "true")]).await;
        let (status, reset) = app.call(&admin, "users/reset-password", &[("user_id", &kim)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = sign_in_with(&app, "kim@northwind.example", &password).await;
        assert_ne!(status, StatusCode::OK, "the old password no longer works");
        let (status, _) = sign_in_with(&app, "kim@northwind.example", reset["password"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK);
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
        let second = app.client();
        let temporary = created["password"].as_str().unwrap();
        let (status, _) = app.call(&second, "auth/sign-in", &[("email", "second@northwind.example"), ("password", temporary)]).await;
        assert_eq!(status, StatusCode::OK);
        let own = "the second admin's passphrase";
        let (status, body) =
            app.call(&second, "auth/change-password", &[("current_password", temporary), ("new_password", own), ("confirm_password", own)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
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
        let second = app.client();
        let temporary = created["password"].as_str().unwrap();
        let (status, _) = app.call(&second, "auth/sign-in", &[("email", "second@tailspin.example"), ("password", temporary)]).await;
        assert_eq!(status, StatusCode::OK);
        // The temporary password must be changed before anything else.
        const SECOND_PASSWORD: &str = "the second admin's passphrase";
        let (status, body) = app
            .call(&second, "auth/change-password", &[("current_password", temporary), ("new_password", SECOND_PASSWORD), ("confirm_password", SECOND_PASSWORD)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
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
