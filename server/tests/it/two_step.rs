//! Two-step verification: a user sets up an authenticator app and gets ten recovery codes
//! (shown once); signing in then needs a code after the password, each code works once, a
//! recovery code works once, wrong codes are throttled; a Global admin requires it for the
//! organisation (nothing else works until it is set up) and resets a user's. Codes are made
//! here as an authenticator app makes them. Runs on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn ok(status: StatusCode, body: &Value) {
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
}

/// The code an authenticator app shows for `secret` (as the setup page shows it) at `offset`
/// seconds from now.
fn code(secret: &str, offset: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret.replace(' ', "")).expect("Base32");
    let totp = totp_rs::Builder::new().with_secret(secret).build().expect("totp");
    let at = u64::try_from(app::store::now() + offset).unwrap();
    totp.generate(at).to_string()
}

/// Sets up two-step verification for the signed-in `client`; returns the secret and the
/// recovery codes.
async fn set_up(app: &TestApp, client: &reqwest::Client) -> (String, Vec<String>) {
    let (status, setup) = app.call(client, "auth/mfa/setup", &[]).await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<?xml") || setup["qr_svg"].as_str().unwrap().contains("<svg"), "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_string();
    // Opening the page again shows the same secret (the app may have it already).
    assert_eq!(app.call(client, "auth/mfa/setup", &[]).await.1["secret"], setup["secret"]);
    let (status, body) = app.call(client, "auth/mfa/enable", &[("code", "000000")]).await;
    if code(&secret, 0) != "000000" {
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (status, body) = app.call(client, "auth/mfa/enable", &[("code", &code(&secret, 0))]).await;
    ok(status, &body);
    let (_, codes) = app.call(client, "auth/mfa/recovery-codes/show", &[]).await;
    let codes: Vec<String> = codes.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    assert_eq!(codes.len(), 10);
    let (_, again) = app.call(client, "auth/mfa/recovery-codes/show", &[]).await;
    assert_eq!(again, serde_json::json!([]), "shown once");
    (secret, codes)
}

/// Signs in with the password; the answer says a code is needed.
async fn password_step(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let (status, body) = app.call(&client, "auth/sign-in", &[("email", email), ("password", PASSWORD)]).await;
    ok(status, &body);
    assert_eq!(body, Value::from("CodeNeeded"), "{body}");
    let (status, _) = app.call(&client, "auth/me", &[]).await;
    let (_, me) = app.call(&client, "auth/me", &[]).await;
    assert!(me.is_null() || status == StatusCode::UNAUTHORIZED, "not signed in before the code: {me}");
    client
}

/// The two-step secrets kept for `email`: (secret, pending secret), as the database holds them.
async fn kept_secrets(app: &TestApp, email: &str) -> (Option<String>, Option<String>) {
    let sql = "SELECT mfa_secret, mfa_pending_secret FROM users WHERE email = $1";
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(email).fetch_one(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(sql).bind(email).fetch_one(&pool).await.unwrap()
    }
}

on_both_databases! {
    async fn secrets_kept_before_sealing_are_sealed_at_start(app: TestApp) {
        let sql = "UPDATE users SET mfa_pending_secret = 'JBSWY3DPEHPK3PXP' WHERE email = 'agent@litware.example'";
        execute_sql(&app, sql).await;
        let key = app::auth::mfa::service::SecretKey::generate();
        assert_eq!(app::auth::mfa::service::seal_kept_secrets(&app.store, &key).await.unwrap(), 1);
        let (_, pending) = kept_secrets(&app, "agent@litware.example").await;
        let pending = pending.unwrap();
        assert!(pending.starts_with("v1:"), "{pending}");
        assert_eq!(key.open(app::store::mfa::MfaSecret(pending.clone())).unwrap().0, "JBSWY3DPEHPK3PXP");
        assert!(app::auth::mfa::service::SecretKey::generate().open(app::store::mfa::MfaSecret(pending)).is_err(), "another key opens nothing");
        assert_eq!(app::auth::mfa::service::seal_kept_secrets(&app.store, &key).await.unwrap(), 0, "sealed once");
    }

    async fn a_copy_of_the_database_does_not_give_the_second_factor(app: TestApp) {
        let client = app.signed_in("advisor@contoso.example").await;
        let (status, setup) = app.call(&client, "auth/mfa/setup", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let shown = setup["secret"].as_str().unwrap().replace(' ', "");
        let (_, pending) = kept_secrets(&app, "advisor@contoso.example").await;
        let pending = pending.expect("a pending secret");
        assert!(pending.starts_with("v1:") && !pending.contains(&shown), "sealed while it waits: {pending}");
        let (secret, _) = set_up(&app, &client).await;
        let (kept, pending) = kept_secrets(&app, "advisor@contoso.example").await;
        let kept = kept.expect("the secret");
        assert_eq!(pending, None);
        assert!(kept.starts_with("v1:") && !kept.contains(&secret.replace(' ', "")), "sealed at rest: {kept}");
        // The app's own code still signs in: the server opens what it sealed.
        let fresh = app.client();
        let (status, _) = app.call(&fresh, "auth/sign-in", &[("email", "advisor@contoso.example"), ("password", PASSWORD)]).await;
        assert!(status.is_success() || status.is_redirection());
        let (status, body) = app.call(&fresh, "auth/sign-in/code", &[("code", &code(&secret, 30))]).await;
        ok(status, &body);
    }

    async fn signing_in_asks_for_a_code_that_works_once_and_recovery_codes_work_once(app: TestApp) {
        let email = "advisor@fabrikam.example";
        let client = app.signed_in(email).await;
        let (_, status) = app.call(&client, "auth/mfa/status", &[]).await;
        assert_eq!(status["enabled_at"], Value::Null);
        let (secret, recovery) = set_up(&app, &client).await;
        let (_, status) = app.call(&client, "auth/mfa/status", &[]).await;
        assert!(status["enabled_at"].is_i64() && status["recovery_codes_left"] == 10, "{status}");
        // A session alone cannot move the second factor to another app.
        for (endpoint, form) in [("auth/mfa/setup", vec![]), ("auth/mfa/enable", vec![("code", code(&secret, 30))])] {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, body) = app.call(&client, endpoint, &form).await;
            assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("MfaAlreadyOn")), "{endpoint}: {body}");
        }

        // The code that turned it on does not sign in again (a code works once); the next
        // step's does.
        let second = password_step(&app, email).await;
        let (status, body) = app.call(&second, "auth/sign-in/code", &[("code", &code(&secret, 0))]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "replayed code: {body}");
        let (status, body) = app.call(&second, "auth/sign-in/code", &[("code", &code(&secret, 30)), ("next", "/offers")]).await;
        ok(status, &body);
        let (_, me) = app.call(&second, "auth/me", &[]).await;
        assert_eq!(me["email"], email, "{me}");

        // A recovery code signs in once, typed loosely.
        let third = password_step(&app, email).await;
        let typed = recovery[0].to_uppercase().replace('-', " ");
        let (status, body) = app.call(&third, "auth/sign-in/code", &[("code", &typed)]).await;
        ok(status, &body);
        let fourth = password_step(&app, email).await;
        let (status, _) = app.call(&fourth, "auth/sign-in/code", &[("code", &recovery[0])]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a used recovery code");
        let (_, status) = app.call(&client, "auth/mfa/status", &[]).await;
        assert_eq!(status["recovery_codes_left"], 9);

        // No code step without the password step.
        let stranger = app.client();
        let (status, body) = app.call(&stranger, "auth/sign-in/code", &[("code", &code(&secret, 0))]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("SignInAgain")), "{body}");

        // New recovery codes replace the old ones; a code from the app turns it off.
        let (status, body) = app.call(&client, "auth/mfa/recovery-codes", &[]).await;
        ok(status, &body);
        let (_, fresh) = app.call(&client, "auth/mfa/recovery-codes/show", &[]).await;
        assert_eq!(fresh.as_array().unwrap().len(), 10);
        assert!(!fresh.as_array().unwrap().contains(&Value::from(recovery[1].clone())));
        let (status, body) = app.call(&client, "auth/mfa/off", &[("code", "123")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app.call(&client, "auth/mfa/off", &[("code", fresh[0].as_str().unwrap())]).await;
        ok(status, &body);
        let direct = app.signed_in(email).await;
        let (_, me) = app.call(&direct, "auth/me", &[]).await;
        assert_eq!(me["email"], email);
        let user = app.store.user_by_email(email).await.unwrap().unwrap();
        let actions: Vec<String> = app.store.audit_log(user.organisation_id, 20).await.unwrap().into_iter().map(|a| a.action).collect();
        for action in ["user.mfa_on", "user.mfa_recovery_code", "user.mfa_recovery_codes", "user.mfa_off"] {
            assert!(actions.contains(&action.to_string()), "{action} in {actions:?}");
        }

        // Guessing codes is throttled like passwords (last: it locks this account out here).
        set_up(&app, &direct).await;
        let guesser = password_step(&app, email).await;
        let mut throttled = false;
        for _ in 0..(app::auth::THROTTLE_FAILURES + 2) {
            let (status, _) = app.call(&guesser, "auth/sign-in/code", &[("code", "999999")]).await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                throttled = true;
                break;
            }
        }
        assert!(throttled, "wrong codes are throttled");
    }

    async fn a_global_admin_requires_it_for_everyone_and_resets_a_users(app: TestApp) {
        let admin = app.signed_in("admin@contoso.example").await;
        let advisor = app.signed_in("advisor@contoso.example").await;
        // Only a Global admin requires it.
        let (status, _) = app.call(&advisor, "users/require-two-step", &[("required", "true")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // The admin who requires it has it on first.
        let (status, body) = app.call(&admin, "users/require-two-step", &[("required", "true")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("MfaOff")), "{body}");
        set_up(&app, &admin).await;
        let (status, body) = app.call(&admin, "users/require-two-step", &[("required", "true")]).await;
        ok(status, &body);
        assert_eq!(app.call(&admin, "users/two-step-required", &[]).await.1, Value::Bool(true));

        // Someone without it: nothing but setting it up works, and signing in lands there.
        let (status, body) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!((status, body.as_str().map(str::to_string).or_else(|| body.as_object().and_then(|o| o.keys().next().cloned()))), (StatusCode::FORBIDDEN, Some("TwoStepSetupRequired".to_string())), "{body}");
        let (_, me) = app.call(&advisor, "auth/me", &[]).await;
        assert_eq!(me["mfa_setup_required"], true, "{me}");
        let fresh = app.client();
        let response = fresh
            .post(format!("{}/api/auth/sign-in", app.base))
            .header("accept", "text/html")
            .form(&[("email", "advisor@contoso.example"), ("password", PASSWORD), ("next", "/offers")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(app::auth::ACCOUNT_PATH));
        // Every page but My account and the setup's own leads to My account.
        for page in ["/", "/offers", "/settings/users"] {
            let response = app.get(&advisor, page).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
            assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(app::auth::ACCOUNT_PATH), "{page}");
        }
        for page in [app::auth::ACCOUNT_PATH, app::auth::mfa::SETUP_PATH] {
            assert_eq!(app.get(&advisor, page).await.status(), StatusCode::OK, "{page}");
        }
        let (secret, _) = set_up(&app, &advisor).await;
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::OK, "set up: work goes on");
        assert_eq!(app.get(&advisor, "/offers").await.status(), StatusCode::OK, "and every page opens again");
        // Required: it stays on.
        let (status, body) = app.call(&advisor, "auth/mfa/off", &[("code", &code(&secret, 30))]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("MfaRequired")), "{body}");

        // The admin resets it (the advisor lost their phone); the users list shows it.
        let advisor_id = app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap().id.to_string();
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "advisor@contoso.example").unwrap();
        assert_eq!(row["mfa_on"], true);
        let (status, body) = app.call(&admin, "users/reset-two-step", &[("user_id", &advisor_id)]).await;
        ok(status, &body);
        let (_, users) = app.call(&admin, "users/list", &[]).await;
        let row = users.as_array().unwrap().iter().find(|u| u["email"] == "advisor@contoso.example").unwrap();
        assert_eq!(row["mfa_on"], false);
        let contoso = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap().organisation_id;
        let audit = app.store.audit_log(contoso, 20).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "user.mfa_reset") && audit.iter().any(|a| a.action == "organisation.require_mfa"), "{audit:?}");
        // Another organisation's admin cannot reset it.
        let other = app.signed_in("admin@northwind.example").await;
        let (status, _) = app.call(&other, "users/reset-two-step", &[("user_id", &advisor_id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
