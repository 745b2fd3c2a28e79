//! Sign-in, sessions, roles, offices, health and the origin check, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;

on_both_databases! {
    async fn migrations_and_demo_data(app: TestApp) {
        assert_eq!(app.store.organisation_count().await.unwrap(), 8);
        // Migrating again is a no-op.
        app.store.migrate().await.unwrap();
        let catalog_nl = app.store.catalog_for_country("NL").await.unwrap();
        let catalog_us = app.store.catalog_for_country("US").await.unwrap();
        assert!(catalog_nl.iter().any(|s| s.id == "TEAMS-ENTERPRISE-EEA"));
        assert!(!catalog_us.iter().any(|s| s.id == "TEAMS-ENTERPRISE-EEA"));
        assert!(catalog_us.iter().any(|s| s.id == "TEAMS-ESSENTIALS"));
        // Descriptions come in every language (issue #8), and a new translation replaces the old.
        let e3 = catalog_nl.iter().find(|s| s.id == "M365-E3").unwrap().clone();
        assert_eq!(e3.description_in(app::i18n::Locale::En), "Enterprise productivity and security");
        assert_eq!(e3.description_in(app::i18n::Locale::Nl), "Productiviteit en beveiliging voor ondernemingen");
        assert_eq!(e3.description_in(app::i18n::Locale::Fr), "Productivité et sécurité pour les grandes entreprises");
        assert_eq!(e3.description_in(app::i18n::Locale::PtBr), "Produtividade e segurança para empresas");
        let mut changed = e3.clone();
        changed.translations = app::catalog::Translations::default();
        changed.translations.insert("fr", "Productivité pour les entreprises");
        app.store.put_catalog_subscription(&changed, 3, &["NL"]).await.unwrap();
        let everywhere = app.store.catalog_everywhere().await.unwrap();
        let stored = &everywhere.iter().find(|e| e.subscription.id == "M365-E3").unwrap().subscription;
        assert_eq!(stored.description_in(app::i18n::Locale::Fr), "Productivité pour les entreprises");
        assert_eq!(stored.description_in(app::i18n::Locale::Nl), "Enterprise productivity and security", "a dropped translation falls back to English");
    }

    async fn health_check_answers(app: TestApp) {
        let response = app.get(&app.client(), "/healthz").await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    async fn sign_in_sign_out_and_current_user(app: TestApp) {
        let client = app.client();
        let (_, me) = app.call(&client, "auth/me", &[]).await;
        assert!(me.is_null(), "signed out: {me}");

        let client = app.signed_in("advisor@contoso.example").await;
        let (status, me) = app.call(&client, "auth/me", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["email"], "advisor@contoso.example");
        assert_eq!(me["organisation_name"], "Contoso Advisors");
        assert_eq!(me["roles"], serde_json::json!(["Advisor"]));
        assert!(me.get("password_hash").is_none());

        app.call(&client, "auth/sign-out", &[]).await;
        let (_, me) = app.call(&client, "auth/me", &[]).await;
        assert!(me.is_null(), "after sign-out: {me}");
    }

    async fn wrong_password_is_refused_without_saying_which_part_was_wrong(app: TestApp) {
        let client = app.client();
        let (status, wrong_password) = app
            .call(&client, "auth/sign-in", &[("email", "advisor@contoso.example"), ("password", "nope")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, unknown_user) = app
            .call(&client, "auth/sign-in", &[("email", "nobody@contoso.example"), ("password", "nope")])
            .await;
        assert_eq!(wrong_password, serde_json::json!("WrongCredentials"));
        assert_eq!(unknown_user, wrong_password);
    }

    async fn a_refused_plain_form_post_comes_back_as_the_page_with_its_message(app: TestApp) {
        // A browser without JavaScript (or a page served whole) posts the form and asks for HTML.
        let client = app.client();
        let page = format!("{}/sign-in?next=/customers", app.base);
        let post = |password: &'static str| {
            client
                .post(format!("{}/api/auth/sign-in", app.base))
                .header("accept", "text/html,application/xhtml+xml")
                .header("referer", &page)
                .form(&[("email", "sales@northwind.example"), ("password", password), ("next", "/customers")])
                .send()
        };
        let refused = post("nope").await.unwrap();
        assert_eq!(refused.status(), StatusCode::FOUND, "a redirect the browser follows, not a 422");
        let back = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(back.starts_with(&page) && back.contains("__err="), "back to the form's page with the error: {back}");
        let shown = app.get(&client, back.trim_start_matches(&app.base)).await.text().await.unwrap();
        assert!(shown.contains("do not match an account"), "the page shows the message: {shown}");
        assert!(shown.contains(r#"name="next" value="/customers""#), "and still knows where to go");
        let signed_in = post(PASSWORD).await.unwrap();
        assert!(signed_in.status().is_redirection());
        assert_eq!(signed_in.headers()["location"], "/customers");
    }

    async fn repeated_wrong_passwords_are_throttled(app: TestApp) {
        let client = app.client();
        for _ in 0..app::auth::THROTTLE_FAILURES {
            app.call(&client, "auth/sign-in", &[("email", "sales@northwind.example"), ("password", "guess")]).await;
        }
        // Even the right password is refused while throttled.
        let (status, body) = app
            .call(&client, "auth/sign-in", &[("email", "sales@northwind.example"), ("password", PASSWORD)])
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["TooManyAttempts"]["minutes"], 15);
    }

    async fn offices_need_a_permitted_role(app: TestApp) {
        let signed_out = app.client();
        let (status, _) = app.call(&signed_out, "offices/list", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let sales = app.signed_in("sales@northwind.example").await;
        let (status, body) = app.call(&sales, "offices/list", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body["MissingRole"].is_object(), "{body}");

        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, offices) = app.call(&advisor, "offices/list", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<&str> = offices.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["Amsterdam", "Utrecht"]);
    }

    async fn adding_an_office_validates_and_audits(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, body) = app
            .call(&advisor, "offices/add", &[("name", ""), ("address_line1", "Main 1"), ("city", "Leeds"), ("country", "Atlantis")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, vec!["name", "country"]);

        let (status, office) = app
            .call(&advisor, "offices/add", &[("name", "Leeds"), ("address_line1", "Main 1"), ("city", "Leeds"), ("country", "UK")])
            .await;
        assert_eq!(status, StatusCode::OK, "{office}");
        assert_eq!(office["country"], "GB");

        // Only Contoso sees it; Fabrikam's advisor does not.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (_, offices) = app.call(&other, "offices/list", &[]).await;
        assert!(!offices.as_array().unwrap().iter().any(|o| o["name"] == "Leeds"));

        let me = app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap();
        let log = app.store.audit_log(me.organisation_id, 5).await.unwrap();
        assert_eq!(log[0].action, "office.create");
        assert_eq!(log[0].user_id, Some(me.id));
        assert!(log[0].summary.contains("Leeds"));
    }

    async fn cross_origin_writes_are_refused(app: TestApp) {
        let client = app.client();
        let response = client
            .post(format!("{}/api/auth/sign-in", app.base))
            .header("Origin", "http://evil.example")
            .form(&[("email", "advisor@contoso.example"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = client
            .post(format!("{}/api/auth/sign-in", app.base))
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[("email", "advisor@contoso.example"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    async fn an_oversized_body_gets_an_answer_not_a_cut_connection(app: TestApp) {
        // The sender is told why (in its language), on a connection that stays usable.
        let client = app.signed_in("advisor@contoso.example").await;
        for (round, path) in ["/api/offers/list", "/api/v1/offers", "/api/auth/sign-in"].iter().cycle().take(24).enumerate() {
            let response = client
                .post(format!("{}{path}", app.base))
                .header("content-type", if round % 2 == 0 { "application/json" } else { "application/x-www-form-urlencoded" })
                .header("accept-language", "fr")
                .body(vec![b'a'; 2 * 1024 * 1024 + round])
                .send()
                .await
                .unwrap_or_else(|e| panic!("POST {path} with 2 MB (round {round}): no answer: {e}"));
            assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "POST {path}");
            let text = response.text().await.unwrap();
            if path.starts_with("/api/v1/") {
                assert!(text.contains("too_large"), "{text}");
            } else {
                assert!(text.contains("1 Mo"), "{text}");
            }
        }
        let (status, _) = app.call(&client, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert!(status.is_success(), "a request after the refusals: {status}");
    }

    async fn passwords_are_stored_as_argon2id_hashes(app: TestApp) {
        let user = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap();
        assert!(user.password_hash.0.starts_with("$argon2id$"));
        assert!(!user.password_hash.0.contains(PASSWORD));
    }
}

/// Building a router lists the app's routes, and Leptos lists them by rendering the app with
/// resource loading switched off for the whole process. Every test starts its own server in one
/// process, so a page another server rendered at that moment never loaded its data and waited
/// for the 30-second timeout. Routers built while a server serves must leave its pages alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_a_server_does_not_stall_pages_another_server_in_the_process_renders() {
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    use std::sync::Arc;
    use std::time::Duration;
    /// Stops the router builder however the test ends: the runtime waits for its blocking
    /// threads when it shuts down.
    struct StopBuilding(Arc<AtomicBool>);
    impl Drop for StopBuilding {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Relaxed);
        }
    }
    let app = TestApp::start(Db::Sqlite).await;
    let (stop, built) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU32::new(0)));
    let _stop = StopBuilding(stop.clone());
    // Other servers starting, one after another, on a blocking thread (building a router is
    // synchronous work).
    tokio::task::spawn_blocking({
        let (store, stop, built) = (app.store.clone(), stop.clone(), built.clone());
        move || {
            while !stop.load(Ordering::Relaxed) {
                drop(partnerdesk::http_layers::router(leptos_options(), store.clone(), None));
                built.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    for round in 0..200 {
        let path = if round % 2 == 0 { "/" } else { "/sign-in" };
        let page = tokio::time::timeout(Duration::from_secs(10), app.get(&app.client(), path))
            .await
            .unwrap_or_else(|_| panic!("round {round}: GET {path} got no answer in 10 s"));
        assert_eq!(page.status(), StatusCode::OK, "GET {path}");
    }
    assert!(built.load(Ordering::Relaxed) > 0, "routers were built while the pages were served");
}
