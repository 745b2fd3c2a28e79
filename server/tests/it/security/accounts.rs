//! Accounts and sessions (issue #25, items 3 (sign-in), 4, 5, 6, 8 and 13): each test performs
//! the attack the review reproduced and asserts it fails. See ../security.rs.
use crate::common::*;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A server on the same kind of database as `app` that trusts `X-Forwarded-For` and
/// `X-Forwarded-Proto` (as behind a trusted load balancer), so one test can speak from many
/// client addresses.
async fn behind_a_proxy(app: &TestApp) -> TestApp {
    let db = if app.database_url.starts_with("sqlite:") { Db::Sqlite } else { Db::Postgres };
    TestApp::start_with_limits(db, partnerdesk::http_layers::PublicLimits { per_minute: 120, trust_forwarded_for: true }).await
}

/// Runs one SQL statement that returns a count on the test's database.
async fn count(app: &TestApp, sql: &str) -> i64 {
    use sqlx::Connection;
    if app.database_url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&app.database_url).await.expect("open SQLite");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.expect(sql)
    } else {
        let mut conn = sqlx::PgConnection::connect(&app.database_url).await.expect("open PostgreSQL");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await.expect(sql)
    }
}

/// Runs one SQL statement on the test's database.
async fn execute(app: &TestApp, sql: &str) {
    use sqlx::Connection;
    if app.database_url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(&app.database_url).await.expect("open SQLite");
        sqlx::query(sql).execute(&mut conn).await.expect(sql);
    } else {
        let mut conn = sqlx::PgConnection::connect(&app.database_url).await.expect("open PostgreSQL");
        sqlx::query(sql).execute(&mut conn).await.expect(sql);
    }
}

/// Signs in from the client address `from` (a server made by [`behind_a_proxy`]).
async fn sign_in_from(app: &TestApp, from: &str, email: &str, password: &str) -> (StatusCode, Value) {
    let response = app
        .client()
        .post(format!("{}/api/auth/sign-in", app.base))
        .header("x-forwarded-for", from)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("request");
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// The session cookie's value a response sets, if it sets one.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("partnerdesk_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
}

/// Signs in with an explicit session cookie (or none); returns the answer's headers.
async fn sign_in_with_cookie(app: &TestApp, cookie: Option<&str>, email: &str) -> HeaderMap {
    let mut request = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/api/auth/sign-in", app.base))
        .form(&[("email", email), ("password", PASSWORD)]);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("partnerdesk_session={cookie}"));
    }
    let response = request.send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "sign-in as {email}");
    response.headers().clone()
}

/// Who the session cookie `cookie` is signed in as (`null` when nobody).
async fn me_with_cookie(app: &TestApp, cookie: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/api/auth/me", app.base))
        .header("cookie", format!("partnerdesk_session={cookie}"))
        .send()
        .await
        .expect("request");
    response.json().await.expect("JSON")
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().id
}

on_both_databases! {
    // Item 3: a 200,000-character email was answered 422 and stored whole, forever.
    async fn a_huge_email_or_password_is_refused_before_anything_is_stored(app: TestApp) {
        let client = app.client();
        let email = format!("{}@example.com", "a".repeat(200_000));
        let (status, body) = app.call(&client, "auth/sign-in", &[("email", &email), ("password", "x")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "email", "{body}");
        assert_eq!(body["Invalid"][0]["problem"]["TooLong"]["max"], 254);
        let password = "p".repeat(app::auth::PASSWORD_MAX_BYTES + 1);
        let (status, body) = app.call(&client, "auth/sign-in", &[("email", "advisor@contoso.example"), ("password", &password)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "password", "{body}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sign_in_failures").await, 0, "nothing was stored");

        // Attempts older than the throttle window are pruned when the next one is written.
        let old = app::store::now() - 3600;
        execute(&app, &format!("INSERT INTO sign_in_failures (email, address, at) VALUES ('old@example.com', '192.0.2.1', {old})")).await;
        app.call(&client, "auth/sign-in", &[("email", "nobody@example.com"), ("password", "x")]).await;
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sign_in_failures WHERE email = 'old@example.com'").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM sign_in_failures").await, 1);
    }

    // Items 4 and 5: `next=/` + DEL panicked a worker; `next=/\t/evil.example` left the site.
    async fn a_hostile_next_gets_an_answer_on_this_site_not_a_panic(app: TestApp) {
        for next in ["/\u{7f}", "/\t/evil.example", "//evil.example", "/\\evil.example", "/%09/evil.example", "/%5cevil.example", "/\r\nSet-Cookie: x=y", "https://evil.example/"] {
            for password in ["wrong", PASSWORD] {
                let response = app
                    .client()
                    .post(format!("{}/api/auth/sign-in", app.base))
                    .header("accept", "text/html")
                    .form(&[("email", "agent@northwind.example"), ("password", password), ("next", next)])
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{next:?}: the connection was cut: {e}"));
                assert!(!response.status().is_server_error(), "{next:?}: {}", response.status());
                if password == PASSWORD {
                    assert_eq!(response.headers()[LOCATION], "/", "{next:?}");
                }
            }
        }
        // The same for a public form whose redirect names what was posted (the client's offer).
        let response = app
            .client()
            .post(format!("{}/api/offer/accept", app.base))
            .header("accept", "text/html")
            .form(&[("code", "contoso"), ("token", "x\u{7f}y"), ("company_name", ""), ("domain_prefix", ""), ("address_line1", ""), ("city", ""), ("postal_code", ""), ("contact_first_name", ""), ("contact_last_name", ""), ("contact_email", ""), ("language", "en"), ("idempotency_key", "k")])
            .send()
            .await
            .expect("an answer, not a cut connection");
        assert!(!response.status().is_server_error(), "{}", response.status());
        let health = app.client().get(format!("{}/healthz", app.base)).send().await.expect("the server still answers");
        assert_eq!(health.status(), StatusCode::OK);
    }

    // Item 6: 30 parallel wrong passwords got 13 checks (limit 5), and then the owner was refused.
    async fn parallel_guesses_are_counted_and_cannot_lock_the_owner_out(app: TestApp) {
        let app = behind_a_proxy(&app).await;
        let email = "admin@tailspin.example";
        let guesses = (0..30).map(|_| sign_in_from(&app, "203.0.113.7", email, "guess"));
        let answers = futures::future::join_all(guesses).await;
        let checked = answers.iter().filter(|(s, _)| *s == StatusCode::UNPROCESSABLE_ENTITY).count();
        let refused = answers.iter().filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS).count();
        assert!(checked <= app::auth::THROTTLE_FAILURES as usize, "at most the limit was checked: {checked}");
        assert_eq!(checked + refused, 30, "{answers:?}");
        // The guessing address is refused even the right password; the owner elsewhere is not.
        assert_eq!(sign_in_from(&app, "203.0.113.7", email, PASSWORD).await.0, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(sign_in_from(&app, "198.51.100.1", email, PASSWORD).await.0, StatusCode::OK);

        // Many addresses past the account's backstop: each is slowed down and gets at most two
        // guesses, and the owner from a fresh address still signs in.
        let addresses: Vec<String> = (0..app::auth::ACCOUNT_BACKSTOP + 5).map(|i| format!("192.0.2.{i}")).collect();
        let many = addresses.iter().map(|from| sign_in_from(&app, from, email, "guess"));
        let answers = futures::future::join_all(many).await;
        assert!(answers.iter().all(|(s, _)| *s == StatusCode::UNPROCESSABLE_ENTITY), "{answers:?}");
        let again: Vec<StatusCode> = futures::future::join_all((0..3).map(|_| sign_in_from(&app, "192.0.2.1", email, "guess"))).await.into_iter().map(|a| a.0).collect();
        assert!(again.contains(&StatusCode::TOO_MANY_REQUESTS), "a third guess from one address is refused: {again:?}");
        let started = std::time::Instant::now();
        assert_eq!(sign_in_from(&app, "198.51.100.2", email, PASSWORD).await.0, StatusCode::OK);
        assert!(started.elapsed() >= std::time::Duration::from_millis(app::auth::BACKSTOP_DELAY_MS), "slowed down");
    }

    // Item 8: keys kept working after their creator was deactivated or lost the roles.
    async fn an_api_key_acts_with_at_most_its_creators_roles_and_stops_with_the_creator(app: TestApp) {
        let admin = app.signed_in("admin@contoso.example").await;
        let (status, created) = app
            .call(&admin, "settings/api-keys/create", &[("name", "integration"), ("global_admin", "on"), ("advisor", "on")])
            .await;
        assert_eq!(status, StatusCode::OK, "{created}");
        let key = created["key"].as_str().unwrap().to_string();
        let api = |path: &'static str| {
            let key = key.clone();
            let base = app.base.clone();
            async move { reqwest::Client::new().get(format!("{base}/api/v1{path}")).bearer_auth(key).send().await.unwrap().status() }
        };
        assert_eq!(api("/offers").await, StatusCode::OK);
        assert_eq!(api("/audit-log").await, StatusCode::OK);

        // Another Global admin takes the Global admin role from the creator: the key keeps only
        // what the creator kept (Advisor), at once.
        let me = user_id(&app, "admin@contoso.example").await;
        let organisation_id = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap().organisation_id;
        let hash = app::auth::ssr::hash_password("another admin's passphrase".to_string()).await.unwrap();
        let new_user = app::store::NewUser { organisation_id, email: "second@contoso.example".into(), name: "Second".into(), password_hash: hash, roles: vec![app::roles::Role::GlobalAdmin], must_change_password: false };
        let other = app.store.create_user(None, &new_user).await.unwrap();
        let actor = app::store::Actor { user_id: Some(other), organisation_id, ip: None };
        app.store.update_user_roles(&actor, me, &[app::roles::Role::Advisor]).await.unwrap();
        assert_eq!(api("/audit-log").await, StatusCode::FORBIDDEN, "the key lost what its creator lost");
        assert_eq!(api("/offers").await, StatusCode::OK, "what the creator still may do works");

        // The creator is deactivated: the key stops working at once.
        app.store.set_user_active(&actor, me, false).await.unwrap();
        assert_eq!(api("/offers").await, StatusCode::UNAUTHORIZED);
        // Reactivated, the creator's key works again with the roles they hold.
        app.store.set_user_active(&actor, me, true).await.unwrap();
        assert_eq!(api("/offers").await, StatusCode::OK);
    }

    // Item 8: every user changes their own password; sessions elsewhere end, this one stays.
    async fn changing_the_password_ends_the_other_sessions_and_keeps_this_one(app: TestApp) {
        let email = "advisor@fabrikam.example";
        let here = app.signed_in(email).await;
        let elsewhere = app.signed_in(email).await;
        let new = "correct horse battery staple";
        let change = |current: &'static str, new: &'static str, confirm: &'static str| {
            let here = here.clone();
            let app = &app;
            async move { app.call(&here, "auth/change-password", &[("current_password", current), ("new_password", new), ("confirm_password", confirm)]).await }
        };
        let (status, body) = change("not my password", new, new).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["Invalid"][0], json!({ "field": "current_password", "problem": "WrongPassword" }));
        let (_, body) = change(PASSWORD, new, "correct horse battery stable").await;
        assert_eq!(body["Invalid"][0], json!({ "field": "confirm_password", "problem": "PasswordMismatch" }));
        let (_, body) = change(PASSWORD, "short", "short").await;
        assert_eq!(body["Invalid"][0]["field"], "new_password");
        let (status, body) = change(PASSWORD, new, new).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        assert_eq!(app.call(&here, "auth/me", &[]).await.1["email"], email, "this session stays signed in");
        assert!(app.call(&elsewhere, "auth/me", &[]).await.1.is_null(), "the other session ended");
        let (status, _) = app.call(&app.client(), "auth/sign-in", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the old password no longer works");
        let (status, _) = app.call(&app.client(), "auth/sign-in", &[("email", email), ("password", new)]).await;
        assert_eq!(status, StatusCode::OK);
        let user = app.store.user_by_email(email).await.unwrap().unwrap();
        let audit = app.store.audit_log(user.organisation_id, 5).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "user.change_password" && a.user_id == Some(user.id)), "audited");

        // Without JavaScript: the form posts, and a refusal comes back next to its field.
        let page = format!("{}/settings/account", app.base);
        let refused = here
            .post(format!("{}/api/auth/change-password", app.base))
            .header("accept", "text/html")
            .header("referer", &page)
            .form(&[("current_password", new), ("new_password", "another long passphrase"), ("confirm_password", "another")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FOUND);
        let back = refused.headers()[LOCATION].to_str().unwrap().to_string();
        let shown = app.get(&here, back.trim_start_matches(&app.base)).await.text().await.unwrap();
        assert!(shown.contains(r#"id="confirm_password-error""#) && shown.contains("Type the same password twice"), "{shown}");
    }

    // Item 8: a password set for someone else (the `partnerdesk operator` command's, the one
    // place left where anyone but the user chooses it) must be changed before anything else.
    async fn an_admin_set_password_must_be_changed_before_anything_else(app: TestApp) {
        let temporary = app::providers::ssr::create_operator(&app.store, "second.operator@partnerdesk.example", "Second Operator").await.unwrap();
        let client = app.client();
        let (status, _) = app.call(&client, "auth/sign-in", &[("email", "second.operator@partnerdesk.example"), ("password", &temporary)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.call(&client, "operator/profile-changes", &[]).await;
        assert_eq!((status, body), (StatusCode::FORBIDDEN, json!("PasswordChangeRequired")));
        let page = app.get(&client, "/operator/profile-changes").await;
        assert_eq!(page.status(), StatusCode::SEE_OTHER);
        assert_eq!(page.headers()[LOCATION], "/settings/account");
        let account = app.get(&client, "/settings/account").await;
        assert_eq!(account.status(), StatusCode::OK);
        assert!(account.text().await.unwrap().contains(r#"id="must-change-password""#));
        assert_eq!(app.call(&client, "auth/me", &[]).await.1["must_change_password"], true);

        let new = "a passphrase of my own";
        let (status, body) = app
            .call(&client, "auth/change-password", &[("current_password", &temporary), ("new_password", new), ("confirm_password", new)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = app.call(&client, "operator/profile-changes", &[]).await;
        assert_eq!(status, StatusCode::OK, "everything works once the password is the user's own");
        assert_eq!(app.get(&client, "/operator/profile-changes").await.status(), StatusCode::OK);

        // An admin never learns another user's password: Add user and a reset send links.
        let admin = app.signed_in("admin@northwind.example").await;
        let (_, created) = app.call(&admin, "users/add", &[("name", "New Person"), ("email", "new@northwind.example"), ("sales_agent", "on")]).await;
        assert_eq!(created, json!({ "email": "new@northwind.example" }));
        let sales = user_id(&app, "sales@northwind.example").await.to_string();
        let (_, reset) = app.call(&admin, "users/reset-password", &[("user_id", &sales)]).await;
        assert_eq!(reset, json!({ "email": "sales@northwind.example" }));
    }

    // Item 13: reactivating a user revived the sessions they had before.
    async fn a_reactivated_users_old_session_stays_signed_out(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let agent = app.signed_in("agent@northwind.example").await;
        assert_eq!(app.call(&agent, "auth/me", &[]).await.1["email"], "agent@northwind.example");
        let id = user_id(&app, "agent@northwind.example").await.to_string();
        // No request of the agent's while deactivated: the session is not touched in between.
        assert_eq!(app.call(&admin, "users/active", &[("user_id", &id), ("active", "false")]).await.0, StatusCode::OK);
        assert_eq!(app.call(&admin, "users/active", &[("user_id", &id), ("active", "true")]).await.0, StatusCode::OK);
        assert!(app.call(&agent, "auth/me", &[]).await.1.is_null(), "the old session is over for good");
        let (status, _) = app.call(&agent, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Signing in again works.
        let again = app.signed_in("agent@northwind.example").await;
        assert_eq!(app.call(&again, "auth/me", &[]).await.1["email"], "agent@northwind.example");
    }

    // Item 13: the session id must change at every sign-in (session fixation).
    async fn the_session_id_changes_at_every_sign_in(app: TestApp) {
        // A planted id never becomes the signed-in session.
        let planted = "AAAAAAAAAAAAAAAAAAAAAA";
        let first = session_cookie(&sign_in_with_cookie(&app, Some(planted), "sales@northwind.example").await).expect("a session cookie");
        assert_ne!(first, planted);
        assert_eq!(me_with_cookie(&app, &first).await["email"], "sales@northwind.example");
        // Signing in again (as someone else) on a signed-in session gives a new id; the old id
        // is not signed in any more.
        let second = session_cookie(&sign_in_with_cookie(&app, Some(&first), "agent@northwind.example").await).expect("a new cookie");
        assert_ne!(second, first);
        assert_eq!(me_with_cookie(&app, &second).await["email"], "agent@northwind.example");
        assert!(me_with_cookie(&app, &first).await.is_null(), "the id from before the sign-in carries no session");
    }

    // Item 13: the session cookie is Secure over HTTPS, also behind a TLS-terminating proxy.
    async fn the_session_cookie_is_secure_behind_a_tls_proxy(app: TestApp) {
        let cookie_of = |app: &TestApp, proto: Option<&'static str>| {
            let request = app.client().post(format!("{}/api/auth/sign-in", app.base)).form(&[("email", "sales@northwind.example"), ("password", PASSWORD)]);
            let request = match proto { Some(p) => request.header("x-forwarded-proto", p), None => request };
            async move {
                let response = request.send().await.unwrap();
                response.headers().get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).find(|c| c.starts_with("partnerdesk_session=")).expect("a session cookie")
            }
        };
        let secure = |cookie: &str| cookie.split(';').any(|a| a.trim().eq_ignore_ascii_case("secure"));
        // Not behind a trusted proxy: a client's header is ignored.
        assert!(!secure(&cookie_of(&app, Some("https")).await));
        let proxied = behind_a_proxy(&app).await;
        assert!(secure(&cookie_of(&proxied, Some("https")).await), "HTTPS at the proxy: Secure");
        assert!(!secure(&cookie_of(&proxied, Some("http")).await));
        assert!(!secure(&cookie_of(&proxied, None).await));
    }
}
