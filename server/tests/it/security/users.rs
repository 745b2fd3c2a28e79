//! Item 1 of the review: a User management admin made themselves Global admin (and then read
//! the API keys), added a Global admin, and reset a Global admin's password to receive it.
//! Nobody gives a role they do not hold; only a Global admin touches a Global admin.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn user_id(app: &TestApp, admin: &reqwest::Client, email: &str) -> String {
    let (_, users) = app.call(admin, "users/list", &[]).await;
    users.as_array().and_then(|u| u.iter().find(|u| u["email"] == email)).map(|u| u["id"].to_string()).unwrap_or_default()
}

async fn roles_of(app: &TestApp, admin: &reqwest::Client, email: &str) -> Value {
    let (_, users) = app.call(admin, "users/list", &[]).await;
    users.as_array().and_then(|u| u.iter().find(|u| u["email"] == email)).map(|u| u["roles"].clone()).unwrap_or_default()
}

on_both_databases! {
    async fn a_user_management_admin_cannot_make_themselves_global_admin(app: TestApp) {
        let uma = app.signed_in("users@northwind.example").await;
        let me = user_id(&app, &uma, "users@northwind.example").await;
        let (status, body) = app
            .call(&uma, "users/roles", &[("user_id", &me), ("global_admin", "on"), ("user_management_admin", "on")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["Refused"], "GlobalAdminOnly");
        assert_eq!(roles_of(&app, &uma, "users@northwind.example").await, serde_json::json!(["UserManagementAdmin"]));
        // Nor any other role they do not hold.
        let (status, body) = app.call(&uma, "users/roles", &[("user_id", &me), ("admin_agent", "on"), ("user_management_admin", "on")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["Refused"], "RoleNotHeld");
        // So the API keys stay out of reach.
        let (status, _) = app.call(&uma, "settings/api-keys/list", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn a_user_management_admin_cannot_add_a_global_admin_or_give_roles_they_lack(app: TestApp) {
        let uma = app.signed_in("users@northwind.example").await;
        let (status, body) = app
            .call(&uma, "users/add", &[("name", "Mallory"), ("email", "mallory@northwind.example"), ("global_admin", "on")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.get("password").is_none());
        let (status, body) = app
            .call(&uma, "users/add", &[("name", "Mallory"), ("email", "mallory@northwind.example"), ("sales_agent", "on")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["Refused"], "RoleNotHeld");
        assert!(app.store.user_by_email("mallory@northwind.example").await.unwrap().is_none(), "nothing was stored");
        // What they hold, they may give.
        let (status, body) = app
            .call(&uma, "users/add", &[("name", "Uma Two"), ("email", "uma2@northwind.example"), ("user_management_admin", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn a_user_management_admin_cannot_reset_or_deactivate_a_global_admin(app: TestApp) {
        let uma = app.signed_in("users@northwind.example").await;
        let global = user_id(&app, &uma, "admin@northwind.example").await;
        let (status, body) = app.call(&uma, "users/reset-password", &[("user_id", &global)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.get("password").is_none(), "no password handed out: {body}");
        // The Global admin's own password still works, and no other.
        let (status, _) = app.call(&app.client(), "auth/sign-in", &[("email", "admin@northwind.example"), ("password", PASSWORD)]).await;
        assert_eq!(status, StatusCode::OK);
        for active in ["false", "true"] {
            let (status, body) = app.call(&uma, "users/active", &[("user_id", &global), ("active", active)]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        }
        let (status, _) = app.call(&uma, "users/roles", &[("user_id", &global), ("global_admin", "on"), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The Users page does not offer it either: no forms for the Global admin's row.
        let page = app.get(&uma, "/settings/users").await.text().await.unwrap_or_default();
        let row = page.split("<li class=\"card user").skip(1).find(|li| li.contains("admin@northwind.example")).unwrap_or_default();
        assert!(row.contains("<details hidden") && row.contains("<div hidden class=\"row-actions\""), "{row}");
        // A Global admin still can.
        let admin = app.signed_in("admin@northwind.example").await;
        let uma_id = user_id(&app, &admin, "users@northwind.example").await;
        let (status, body) = app.call(&admin, "users/reset-password", &[("user_id", &uma_id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}
