//! First run on a database that never saw the demo data: the one-time setup code creates the
//! first operator, who is signed in; the code works once, and the page closes once anyone has an
//! account.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn body(app: &TestApp) {
    let client = app.client();
    // Nobody has an account: the sign-in page points to the setup page, which is open.
    let sign_in = app.get(&client, "/sign-in").await.text().await.unwrap();
    assert!(sign_in.contains(r#"id="first-run-notice""#) && sign_in.contains(r#"href="/setup""#), "{sign_in}");
    let page = app.get(&client, "/setup").await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"name="setup_code""#), "{page}");
    assert_eq!(app.call(&client, "auth/first-run/open", &[]).await.1, Value::Bool(true));

    let code = app::auth::first_run::service::prepare(&app.store).await.unwrap().expect("a code on an empty installation");
    // A new start replaces the code: the earlier one no longer works.
    let replaced = code.clone();
    let code = app::auth::first_run::service::prepare(&app.store).await.unwrap().unwrap();
    assert_ne!(replaced, code);
    let password = "the operator's own passphrase";
    let form = |setup_code: &str, confirm: &str| {
        vec![
            ("setup_code".to_string(), setup_code.to_string()),
            ("name".to_string(), "Olga Operator".to_string()),
            ("email".to_string(), "olga@partners.example".to_string()),
            ("new_password".to_string(), password.to_string()),
            ("confirm_password".to_string(), confirm.to_string()),
        ]
    };
    let call = |fields: Vec<(String, String)>| {
        let client = client.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(&client, "auth/first-run", &fields).await
        }
    };
    let (status, body) = call(form("not a code", password)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.to_string().contains("setup_code"), "{body}");
    let (status, body) = call(form(&code, "something else")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = call(form(&replaced, password)).await;
    assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("SetupCodeInvalid")), "the replaced code");
    assert!(!app.store.has_users().await.unwrap());

    // The right code, typed in small letters with spaces: the operator exists and is signed in.
    let typed = code.to_lowercase().replace('-', " ");
    let (status, body) = call(form(&typed, password)).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    let (_, me) = app.call(&client, "auth/me", &[]).await;
    assert_eq!((me["email"].clone(), me["roles"].clone()), (Value::from("olga@partners.example"), serde_json::json!(["Operator"])), "{me}");
    assert_eq!(me["must_change_password"], false, "they chose their own password");
    let (status, _) = app.call(&client, "operator/profile-changes", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let olga = app.store.user_by_email("olga@partners.example").await.unwrap().unwrap();
    let audit = app.store.audit_log(olga.organisation_id, 5).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "installation.first_run"), "{audit:?}");

    // Once: the code is used up, and the page is closed for good.
    let other = app.client();
    let (status, _) = app
        .call(
            &other,
            "auth/first-run",
            &[
                ("setup_code", &code),
                ("name", "Mallory"),
                ("email", "mallory@evil.example"),
                ("new_password", password),
                ("confirm_password", password),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(app.store.user_by_email("mallory@evil.example").await.unwrap().is_none());
    assert_eq!(app::auth::first_run::service::prepare(&app.store).await.unwrap(), None, "no new code once anyone has an account");
    let page = app.get(&other, "/setup").await.text().await.unwrap();
    assert!(page.contains(r#"id="already-set-up""#) && !page.contains(r#"name="setup_code""#), "{page}");
    assert_eq!(app.call(&other, "auth/first-run/open", &[]).await.1, Value::Bool(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    body(&TestApp::start_empty(Db::Sqlite).await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    body(&TestApp::start_empty(Db::Postgres).await).await
}
