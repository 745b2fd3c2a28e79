//! Items 3 (the public forms' part), 7, 10, 11, 12 and 14 of the review: what one request may
//! make the server keep, concurrent writers on SQLite, idempotency keys that die with their
//! request or cross API keys, orders of thousands of lines, another organisation's people in an
//! audit log, and IPv6 clients that spread over their /64.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// Runs one SQL statement on the test's database (what an attacker's request left behind is
/// read there, not through the code under test); returns the rows it changed.
pub async fn sql(app: &TestApp, statement: &str) -> u64 {
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.expect("sqlite");
        sqlx::query(statement).execute(&pool).await.expect(statement).rows_affected()
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("postgres");
        sqlx::query(statement).execute(&pool).await.expect(statement).rows_affected()
    }
}

/// One number a query selects (`SELECT COUNT(*) …`, `SELECT MAX(LENGTH(…)) …`).
pub async fn number(app: &TestApp, query: &str) -> i64 {
    let wrapped = format!("SELECT CAST(COALESCE(({query}), 0) AS BIGINT)");
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.expect("sqlite");
        sqlx::query_as::<_, (i64,)>(&wrapped).fetch_one(&pool).await.expect(query).0
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("postgres");
        sqlx::query_as::<_, (i64,)>(&wrapped).fetch_one(&pool).await.expect(query).0
    }
}

/// An offer of Contoso's advisor without delegated administration: (summary ID, code, token).
async fn offer(app: &TestApp, advisor: &reqwest::Client) -> (String, String, String) {
    create_offer(app, advisor, None).await
}

/// A key for `email`'s organisation carrying `email`'s roles.
async fn key_for(app: &TestApp, email: &str) -> String {
    let user = app.store.user_by_email(email).await.unwrap().unwrap();
    let actor = app::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None };
    let valid = app::developer::validate_api_key(&format!("key for {email}"), &user.roles).unwrap();
    app::developer::ssr::create_api_key(&app.store, &actor, valid, 10_000).await.unwrap().key
}

async fn api(app: &TestApp, key: &str, path: &str, body: &Value, idempotency: Option<&str>) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new().post(format!("{}/api/v1{path}", app.base)).bearer_auth(key).json(body);
    if let Some(k) = idempotency {
        request = request.header("Idempotency-Key", k);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

fn offer_body(office: i64, lines: Value) -> Value {
    json!({ "office_id": office, "usage_location": "NL", "lines": lines })
}

async fn contoso_office(app: &TestApp) -> i64 {
    let user = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
    app.store.offices(user.organisation_id).await.unwrap()[0].id
}

/// Every field of an offer's Accept, refused for its empty company name.
fn refused(code: &str, token: &str) -> Vec<(String, String)> {
    [
        ("code", code),
        ("token", token),
        ("company_name", ""),
        ("domain_prefix", "wingtip"),
        ("address_line1", "Keizersgracht 1"),
        ("city", "Amsterdam"),
        ("postal_code", "1015 CJ"),
        ("contact_first_name", "Iris"),
        ("contact_last_name", "Bakker"),
        ("contact_email", "iris@wingtip.example"),
        ("language", "nl"),
        ("counts[M365-BUSINESS-BASIC]", "3"),
        ("idempotency_key", "k"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A plain HTML form post of an offer's Accept (a browser without JavaScript).
async fn accept_without_javascript(app: &TestApp, form: &[(&str, &str)]) -> reqwest::Response {
    app.client().post(format!("{}/api/offer/accept", app.base)).header("accept", "text/html").form(form).send().await.expect("request")
}

on_both_databases! {
    async fn a_refused_form_keeps_a_bounded_copy_for_a_real_offer_only(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = offer(&app, &advisor).await;
        let huge = "W".repeat(200_000);
        // An offer that does not exist keeps nothing.
        let before = number(&app, "SELECT COUNT(*) FROM form_attempts").await;
        let mut form = refused("contoso", "nosuchtoken");
        form[2].1 = huge.clone();
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let response = accept_without_javascript(&app, &form).await;
        assert!(!response.status().is_server_error(), "{}", response.status());
        assert_eq!(number(&app, "SELECT COUNT(*) FROM form_attempts").await, before, "no offer, nothing kept");
        // A real offer keeps what was typed, cut to each field's limit.
        let response = accept_without_javascript(
            &app,
            &[
                ("code", &code),
                ("token", &token),
                ("company_name", &huge),
                ("domain_prefix", "wingtip"),
                ("address_line1", "Keizersgracht 1"),
                ("city", &huge),
                ("postal_code", "1015 CJ"),
                ("contact_first_name", &huge),
                ("contact_last_name", "Bakker"),
                ("contact_email", "iris@wingtip.example"),
                ("language", "nl"),
                (&format!("counts[{}]", &huge[..5_000]), "1"),
                ("counts[M365-BUSINESS-BASIC]", "3"),
                ("idempotency_key", &huge),
            ],
        )
        .await;
        let status = response.status();
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
        assert!(status.is_redirection(), "{status} {location} {}", response.text().await.unwrap_or_default().chars().take(500).collect::<String>());
        assert!(location.contains("attempt="), "the page shows the form again: {location}");
        assert_eq!(number(&app, "SELECT COUNT(*) FROM form_attempts").await, before + 1);
        let kept = number(&app, "SELECT MAX(LENGTH(payload)) FROM form_attempts").await;
        assert!(kept < 4_000, "a kept form is small whatever was sent: {kept} bytes");
        // One client keeps a bounded number.
        for _ in 0..(app::store::client_offers::FORM_ATTEMPTS_PER_CLIENT + 5) {
            let form = refused(&code, &token);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            accept_without_javascript(&app, &form).await;
        }
        assert_eq!(number(&app, "SELECT COUNT(*) FROM form_attempts").await, app::store::client_offers::FORM_ATTEMPTS_PER_CLIENT);
        // A code or token that could not be part of an address never reaches a header.
        for bad in ["x\u{7f}y", "a b", "a\r\nset-cookie: x=1", "../../sign-in"] {
            let form = refused(bad, &token);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let response = accept_without_javascript(&app, &form).await;
            assert!(!response.status().is_server_error(), "{bad:?}: {}", response.status());
            if let Some(location) = response.headers().get("location") {
                assert!(!location.to_str().unwrap_or_default().contains(bad), "{location:?}");
            }
        }
    }

    async fn views_are_bounded_per_client_and_old_days_are_forgotten(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor).await;
        for n in 0..20 {
            let response = app.client().get(format!("{}/offer/{code}/{token}", app.base)).header("user-agent", format!("browser {n}")).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        for n in 0..20 {
            let response = app
                .client()
                .post(format!("{}/api/offer/view", app.base))
                .header("user-agent", format!("api {n}"))
                .form(&[("code", code.as_str()), ("token", token.as_str())])
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success(), "{}", response.status());
        }
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["views"], app::store::client_offers::VIEWS_PER_CLIENT, "one client counts a few visitors a day: {detail}");
        assert_eq!(number(&app, "SELECT COUNT(*) FROM offer_views").await, app::store::client_offers::VIEWS_PER_CLIENT);
        // Days past are deleted by the housekeeping every server runs; the total stays.
        sql(&app, "UPDATE offer_views SET day = day - 3").await;
        app.store.api_housekeeping(app::store::now()).await.unwrap();
        assert_eq!(number(&app, "SELECT COUNT(*) FROM offer_views").await, 0);
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["views"], app::store::client_offers::VIEWS_PER_CLIENT);
    }

    async fn concurrent_writers_never_get_a_server_error(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor).await;
        let provider = app.signed_in("admin@northwind.example").await;
        let mut tasks = Vec::new();
        // 200 saves of the offer's message (read-then-write) ...
        for n in 0..200 {
            let (app_base, advisor, summary) = (app.base.clone(), advisor.clone(), summary.clone());
            tasks.push(tokio::spawn(async move {
                let text = format!("Hello {n}");
                advisor
                    .post(format!("{app_base}/api/offers/message"))
                    .form(&[("summary_id", summary.as_str()), ("introduction", text.as_str()), ("closing", ""), ("contact", "")])
                    .send()
                    .await
                    .map(|r| r.status())
            }));
        }
        // ... while four clients check domain prefixes, clients accept, and admins add offices.
        for n in 0..40 {
            let base = app.base.clone();
            tasks.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                let prefix = format!("busy{}", n % 4);
                client.post(format!("{base}/api/offer/domain")).form(&[("prefix", prefix.as_str())]).send().await.map(|r| r.status())
            }));
            let (base, code2, token2) = (app.base.clone(), code.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                let client = reqwest::Client::new();
                let domain = format!("concurrent{n}");
                let key = format!("key{n}");
                let form = [
                    ("code", code2.as_str()), ("token", token2.as_str()), ("company_name", "Wingtip"), ("domain_prefix", domain.as_str()),
                    ("address_line1", "Keizersgracht 1"), ("city", "Amsterdam"), ("postal_code", "1015 CJ"),
                    ("contact_first_name", "Iris"), ("contact_last_name", "Bakker"), ("contact_email", "iris@wingtip.example"),
                    ("language", "nl"), ("counts[M365-BUSINESS-BASIC]", "3"), ("delegated_admin", ""), ("idempotency_key", key.as_str()),
                ];
                client.post(format!("{base}/api/offer/accept")).form(&form).send().await.map(|r| r.status())
            }));
        }
        for n in 0..20 {
            let (base, provider) = (app.base.clone(), provider.clone());
            tasks.push(tokio::spawn(async move {
                let name = format!("Office {n}");
                provider
                    .post(format!("{base}/api/offices/add"))
                    .form(&[("name", name.as_str()), ("address_line1", "Main Street 1"), ("city", "Utrecht"), ("country", "NL")])
                    .send()
                    .await
                    .map(|r| r.status())
            }));
        }
        let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
        for task in tasks {
            let status = task.await.expect("task").expect("a connection answered");
            *statuses.entry(status.as_u16()).or_default() += 1;
        }
        assert!(statuses.keys().all(|s| *s < 500), "no server errors: {statuses:?}");
        assert_eq!(statuses.get(&200).copied().unwrap_or_default(), 200 + 40 + 40 + 20, "every write went through: {statuses:?}");
    }

    async fn idempotency_is_per_api_key_and_a_dead_request_frees_its_key(app: TestApp) {
        let office = contoso_office(&app).await;
        let first = key_for(&app, "admin@contoso.example").await;
        let second = key_for(&app, "admin@contoso.example").await;
        let body = offer_body(office, json!([{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 5 }]));
        let (s1, _, a) = api(&app, &first, "/offers", &body, Some("same-key")).await;
        let (s2, h2, b) = api(&app, &second, "/offers", &body, Some("same-key")).await;
        assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED), "{a} {b}");
        assert!(h2.get("idempotent-replayed").is_none(), "another key never gets this key's response");
        assert_ne!(a["summary_id"], b["summary_id"]);

        // A request that died (timed out, its client went away): the key is "in progress" and
        // was never finished. While it may still be running, a retry waits (409); once the
        // request timeout has passed, the retry runs.
        let (status, _, _) = api(&app, &first, "/offers", &body, Some("dies")).await;
        assert_eq!(status, StatusCode::CREATED);
        sql(&app, "UPDATE api_idempotency SET status = NULL, response_body = NULL WHERE idempotency_key = 'dies'").await;
        let (status, _, problem) = api(&app, &first, "/offers", &body, Some("dies")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], "idempotency_in_progress");
        let stale = app::store::api::IDEMPOTENCY_STALE_SECONDS + 1;
        sql(&app, &format!("UPDATE api_idempotency SET created_at = created_at - {stale} WHERE idempotency_key = 'dies'")).await;
        let (status, headers, created) = api(&app, &first, "/offers", &body, Some("dies")).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert!(headers.get("idempotent-replayed").is_none());
        let (status, headers, replay) = api(&app, &first, "/offers", &body, Some("dies")).await;
        assert_eq!((status, headers.get("idempotent-replayed").map(|v| v.to_str().unwrap_or_default().to_string())), (StatusCode::CREATED, Some("true".into())));
        assert_eq!(replay["summary_id"], created["summary_id"]);

        // A replay is answered only after the permission check: a key whose roles no longer
        // allow the operation gets 403, not the stored 201.
        sql(&app, "UPDATE api_keys SET roles = 'sales_agent'").await;
        let (status, headers, problem) = api(&app, &first, "/offers", &body, Some("dies")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
        assert!(headers.get("idempotent-replayed").is_none());
    }

    async fn orders_refuse_the_same_subscription_twice_and_thousands_of_lines(app: TestApp) {
        let office = contoso_office(&app).await;
        let key = key_for(&app, "admin@contoso.example").await;
        let line = json!({ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 5 });
        let (status, _, problem) = api(&app, &key, "/offers", &offer_body(office, json!([line, line])), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["code"] == "duplicate_subscription")), "{problem}");
        let many: Vec<Value> = (0..5_000).map(|_| line.clone()).collect();
        let (status, _, problem) = api(&app, &key, "/offers", &offer_body(office, Value::Array(many)), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        let errors = problem["errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(errors.len(), 1, "one message, not one per line: {}", errors.len());
        assert_eq!(errors[0]["code"], "too_many");
        let organisation = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap().organisation_id;
        assert_eq!(number(&app, &format!("SELECT COUNT(*) FROM offers WHERE organisation_id = {organisation}")).await, 0, "nothing stored");

        // The same for a provider's order (New customer) and Add subscription.
        let provider = key_for(&app, "admin@northwind.example").await;
        let order = json!({
            "company_name": "Wingtip Toys", "domain_prefix": "wingtipdup", "address_line1": "Keizersgracht 1",
            "city": "Amsterdam", "postal_code": "1015 CJ", "country": "NL", "contact_first_name": "Iris", "contact_last_name": "Bakker",
            "contact_email": "iris@wingtip.example", "language": "nl", "lines": [line, line]
        });
        let (status, _, problem) = api(&app, &provider, "/customers", &order, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["code"] == "duplicate_subscription")), "{problem}");
    }

    async fn a_providers_audit_log_names_the_reseller_not_its_user(app: TestApp) {
        let provider = app.signed_in("admin@northwind.example").await;
        let (status, id) = app.call(&provider, "resellers/request", &[]).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let (_, draft) = app.call(&provider, "resellers/request/get", &[("id", &id.to_string())]).await;
        let token = draft["link"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string();
        let reseller = app.signed_in("agent@litware.example").await;
        let (status, body) = app.call(&reseller, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let northwind = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap().organisation_id;
        let litware_user = app.store.user_by_email("agent@litware.example").await.unwrap().unwrap();
        let lines = app.store.audit_log(northwind, 50).await.unwrap();
        let accepted = lines.iter().find(|l| l.action == "partnership.accept").expect("the provider's log has the acceptance");
        assert_eq!((accepted.user_id, accepted.ip.as_deref()), (None, None), "no person or address of another organisation");
        assert!(accepted.summary.contains("Litware IT"), "the reseller is named: {}", accepted.summary);
        assert!(!accepted.summary.contains(&litware_user.email) && !accepted.summary.contains(&litware_user.name));
        // The audit log page shows no other organisation's user either.
        let page = app.get(&provider, "/settings/audit-log").await.text().await.unwrap_or_default();
        assert!(page.contains("Litware IT") && !page.contains(&litware_user.name), "{page}");
        // The reseller's own log keeps who did it.
        let own = app.store.audit_log(litware_user.organisation_id, 50).await.unwrap();
        assert!(own.iter().any(|l| l.action == "partnership.accept" && l.user_id == Some(litware_user.id)));
    }
}

/// A server over `app`'s database whose public limits are `per_minute` and which trusts
/// `X-Forwarded-For` (as behind a load balancer), so a test can speak from many addresses.
async fn server_behind_a_balancer(app: &TestApp, per_minute: i64) -> String {
    let limits = partnerdesk::http_layers::PublicLimits { per_minute, trust_forwarded_for: true };
    let router = partnerdesk::http_layers::router_with_limits(leptos_options(), app.store.clone(), None, limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    format!("http://{addr}")
}

on_both_databases! {
    async fn an_ipv6_client_cannot_spread_over_its_64(app: TestApp) {
        let base = server_behind_a_balancer(&app, 3).await;
        let client = reqwest::Client::new();
        let check = |from: String| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let response = client.post(format!("{base}/api/offer/domain")).header("x-forwarded-for", from).form(&[("prefix", "wingtip")]).send().await;
                response.map(|r| r.status() == StatusCode::TOO_MANY_REQUESTS).unwrap_or(false)
            }
        };
        let mut limited = 0;
        for host in 1..=8 {
            limited += usize::from(check(format!("2001:db8:1:2::{host:x}")).await);
        }
        // The domain check allows five times the limit: 15 a minute for the whole /64.
        assert_eq!(limited, 0);
        for host in 9..=30 {
            limited += usize::from(check(format!("2001:db8:1:2:{host:x}::1")).await);
        }
        assert!(limited >= 15, "past 15 requests the /64 is limited, whichever address it uses: {limited}");
        // Another /64 is another client.
        assert!(!check("2001:db8:1:3::1".to_string()).await);
        // Whatever a forwarded header says, the rate windows keep short subjects.
        let junk = "x".repeat(5_000);
        client.post(format!("{base}/api/offer/domain")).header("x-forwarded-for", &junk).form(&[("prefix", "w")]).send().await.unwrap();
        assert!(number(&app, "SELECT MAX(LENGTH(subject)) FROM public_rate_windows").await <= 43);
    }

    async fn a_delegated_admin_approval_link_cannot_be_hammered(app: TestApp) {
        // Guessing approval tokens (or flooding one) is bounded per client like every public
        // write: past the limit, 429, and another client is not affected.
        let base = server_behind_a_balancer(&app, 3).await;
        let client = reqwest::Client::new();
        let answer = |from: &'static str, token: String| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                client
                    .post(format!("{base}/api/delegated-admin/answer"))
                    .header("x-forwarded-for", from)
                    .form(&[("token", token.as_str()), ("answer", "approve")])
                    .send()
                    .await
                    .map(|r| r.status())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        };
        away_from_a_minute_boundary().await;
        let mut statuses = Vec::new();
        for i in 0..6 {
            statuses.push(answer("203.0.113.7", format!("{i:a>32}")).await);
        }
        assert!(statuses[..3].iter().all(|s| *s == StatusCode::NOT_FOUND), "a guessed token finds nothing: {statuses:?}");
        assert!(statuses[3..].contains(&StatusCode::TOO_MANY_REQUESTS), "past the limit the client is refused: {statuses:?}");
        assert_eq!(answer("203.0.113.8", "b".repeat(32)).await, StatusCode::NOT_FOUND, "another client is not");
    }
}
