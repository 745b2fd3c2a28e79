//! The permission matrix, enforced on every server function: each endpoint is called as every
//! demo user (every role of every kind of organisation) and anonymously, and only the users
//! the matrix allows get past the check. A server function missing from the table below
//! fails the test, so a new one cannot be added without deciding who may call it.
//! Runs on SQLite and PostgreSQL.

mod common;
use app::roles::Permission;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Who may call an endpoint.
#[derive(Clone, Copy, Debug)]
enum Access {
    /// Anyone, signed in or not (sign-in, the client's offer page, partnership links).
    Public,
    /// Signed-in users holding the permission.
    Needs(Permission),
}

/// How the endpoint is called: form fields, or a JSON body.
enum Args {
    Form(&'static [(&'static str, &'static str)]),
    Json(fn() -> Value),
}

use Access::*;
use Args::*;
use Permission::*;

/// Every server function. Arguments name records that do not exist (or are harmless), so a
/// permitted call fails on the record (404/409/422), never on the permission.
const ENDPOINTS: &[(&str, Access, Args)] = &[
    ("auth/sign-in", Public, Form(&[("email", "nobody@example.com"), ("password", "wrong")])),
    ("auth/sign-out", Public, Form(&[])),
    ("auth/me", Public, Form(&[])),
    ("language", Public, Form(&[("lang", "en")])),
    ("offer/view", Public, Form(&[("code", "contoso"), ("token", "nosuchtokennosuchtokennosuchtoke")])),
    ("offer/domain", Public, Form(&[("prefix", "somethingfree")])),
    ("offer/receipt", Public, Form(&[("code", "contoso"), ("token", "x"), ("receipt", "y")])),
    ("offer/accept", Public, Form(&[("code", "contoso"), ("token", "x"), ("company_name", ""), ("domain_prefix", ""), ("address_line1", ""), ("city", ""), ("postal_code", ""), ("contact_first_name", ""), ("contact_last_name", ""), ("contact_email", ""), ("language", "en"), ("idempotency_key", "k")])),
    ("partnerships/invitation", Public, Form(&[("token", "nosuchtoken")])),
    ("partnerships/register", Public, Form(&[("token", "nosuchtoken"), ("company_name", ""), ("mpn_id", ""), ("country", ""), ("user_name", ""), ("email", ""), ("password", "")])),
    ("partnerships/accept", Needs(AcceptPartnership), Form(&[("token", "nosuchtoken")])),
    ("providers/list", Needs(ViewProviders), Form(&[])),
    ("catalog", Needs(ManageOffers), Form(&[("country", "NL")])),
    ("offers/start", Needs(ManageOffers), Form(&[])),
    ("offers/create", Needs(ManageOffers), Json(|| json!({ "form": { "office_id": "", "usage_location": "", "lines": [], "delegated_admin": false, "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "", "idempotency_key": "" } }))),
    ("offers/list", Needs(ManageOffers), Form(&[("search", ""), ("page", "1")])),
    ("offers/get", Needs(ManageOffers), Form(&[("summary_id", "PO-NONE-NONE")])),
    ("offers/message", Needs(ManageOffers), Form(&[("summary_id", "PO-NONE-NONE"), ("introduction", ""), ("closing", ""), ("contact", "")])),
    ("offers/expiry", Needs(ManageOffers), Form(&[("summary_id", "PO-NONE-NONE"), ("expires_on", "")])),
    ("offers/withdraw", Needs(ManageOffers), Form(&[("summary_id", "PO-NONE-NONE")])),
    ("settings/embedding/get", Needs(ManageOffers), Form(&[])),
    ("settings/embedding/set", Needs(ManageOffers), Form(&[("origins", "not a website")])),
    ("offices/list", Needs(ManageOffices), Form(&[])),
    ("offices/add", Needs(ManageOffices), Form(&[("name", ""), ("address_line1", ""), ("city", ""), ("country", "")])),
    ("resellers/list", Needs(ManagePartnerships), Form(&[("search", "")])),
    ("resellers/request", Needs(ManagePartnerships), Form(&[])),
    ("resellers/request/get", Needs(ManagePartnerships), Form(&[("id", "999999")])),
    ("resellers/request/done", Needs(ManagePartnerships), Form(&[("id", "999999"), ("recipient_email", "")])),
    ("resellers/request/revoke", Needs(ManagePartnerships), Form(&[("id", "999999")])),
    ("resellers/removal", Needs(ManagePartnerships), Form(&[("reseller_id", "999999")])),
    ("resellers/remove", Needs(ManagePartnerships), Form(&[("reseller_id", "999999")])),
    ("customers/list", Needs(ViewCustomers), Form(&[("search", ""), ("page", "1")])),
    ("customers/start", Needs(ManageCustomers), Form(&[])),
    ("customers/catalog", Needs(ManageCustomers), Form(&[("country", "NL")])),
    ("customers/create", Needs(ManageCustomers), Json(|| json!({ "order": { "reseller_id": null, "details": {}, "lines": [], "idempotency_key": "" } }))),
    ("customers/get", Needs(ManageCustomers), Form(&[("customer_id", "999999")])),
    ("customers/subscriptions/add", Needs(ManageCustomers), Json(|| json!({ "customer_id": 999999, "lines": [], "reseller_id": null }))),
    ("customers/subscriptions/update", Needs(ManageCustomers), Form(&[("customer_id", "999999"), ("subscription_id", "1"), ("license_count", "1"), ("reseller_mpn_id", ""), ("support_contact_id", "")])),
    ("users/list", Needs(ManageUsers), Form(&[])),
    ("users/add", Needs(ManageUsers), Form(&[("name", ""), ("email", "")])),
    ("users/roles", Needs(ManageUsers), Form(&[("user_id", "999999"), ("advisor", "on")])),
    ("users/active", Needs(ManageUsers), Form(&[("user_id", "999999"), ("active", "true")])),
    ("users/reset-password", Needs(ManageUsers), Form(&[("user_id", "999999")])),
    ("audit/list", Needs(ViewAuditLog), Form(&[("filter[user]", ""), ("page", "1")])),
];

async fn call(app: &TestApp, client: &reqwest::Client, endpoint: &str, args: &Args) -> (StatusCode, Value) {
    match args {
        Form(fields) => app.call(client, endpoint, fields).await,
        Json(body) => app.call_json(client, endpoint, body()).await,
    }
}

#[test]
fn every_server_function_is_in_the_table() {
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = ENDPOINTS.iter().map(|e| e.0.to_string()).collect();
    listed.sort();
    assert_eq!(registered, listed, "add the new server function to ENDPOINTS with the permission it needs");
}

on_both_databases! {
    async fn only_the_matrix_lets_each_role_through(app: TestApp) {
        let anonymous = app.client();
        for (endpoint, access, args) in ENDPOINTS {
            let (status, body) = call(&app, &anonymous, endpoint, args).await;
            match access {
                Public => assert!(status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN, "{endpoint} anonymous: {status} {body}"),
                Needs(_) => assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint} anonymous: {body}"),
            }
        }
        for (email, _, roles) in app::demo::DEMO_USERS {
            let record = app.store.user_by_email(email).await.unwrap().unwrap();
            let programs = app.store.organisation(record.organisation_id).await.unwrap().unwrap().programs();
            let client = app.signed_in(email).await;
            for (endpoint, access, args) in ENDPOINTS {
                if matches!(*endpoint, "auth/sign-out" | "auth/sign-in") {
                    continue; // would end this user's session
                }
                let (status, body) = call(&app, &client, endpoint, args).await;
                let allowed = match access {
                    Public => true,
                    Needs(permission) => permission.check(roles, &programs).is_ok(),
                };
                if allowed {
                    assert!(status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN, "{endpoint} as {email}: {status} {body}");
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{endpoint} as {email}: {body}");
                }
            }
        }
    }
}
