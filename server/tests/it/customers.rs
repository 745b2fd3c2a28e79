//! Customers for indirect resellers, on SQLite and PostgreSQL: the new-customer order, Add
//! subscription, reseller of record and support contact, and what a reseller sees.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn order(reseller: Option<i64>, domain: &str, key: &str) -> Value {
    json!({ "order": {
        "reseller_id": reseller,
        "details": {
            "company_name": "Alpine Ski House", "domain_prefix": domain, "address_line1": "Bahnhofstrasse 1",
            "city": "Rotterdam", "postal_code": "3011 AA", "country": "NL", "phone": "", "registration_number": "",
            "contact_first_name": "Anna", "contact_last_name": "Visser", "contact_email": "anna@alpineski.example", "language": "nl"
        },
        "lines": [["M365-BUSINESS-PREMIUM", "15"], ["POWER-BI-PRO", "5"]],
        "idempotency_key": key
    }})
}

fn fields(body: &Value) -> Vec<(String, Value)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].clone())).collect())
        .unwrap_or_default()
}

async fn reseller_id(app: &TestApp, provider: &reqwest::Client, name: &str) -> i64 {
    let (_, overview) = app.call(provider, "resellers/list", &[("search", name)]).await;
    overview["resellers"][0]["id"].as_i64().expect("a partnered reseller")
}

/// Everything the server logs from now on in this test binary, at every level.
fn captured_logs() -> &'static std::sync::Mutex<Vec<u8>> {
    static LOGS: std::sync::OnceLock<std::sync::Mutex<Vec<u8>>> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        struct Sink;
        impl std::io::Write for Sink {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                captured_logs().lock().map(|mut l| l.extend_from_slice(buf)).ok();
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // Every level of the server's own code and its SQL; not the HTTP plumbing's chatter, as
        // every test of this binary logs here once this has run.
        let filter =
            tracing_subscriber::EnvFilter::new("trace,hyper=off,hyper_util=off,h2=off,reqwest=off,rustls=off,tower=off,tokio=off,runtime=off");
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(|| Sink).try_init();
        std::sync::Mutex::new(Vec::new())
    })
}

on_both_databases! {
    async fn each_subscription_of_a_new_customer_has_the_term_billing_plan_and_price_chosen(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let mut body = order(None, "alpineplans", "order-plans");
        body["order"]["plans"] = json!([["M365-BUSINESS-PREMIUM", "P3Y-monthly"]]);
        let (status, refused) = app.call_json(&provider, "customers/create", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&refused), vec![("plan.M365-BUSINESS-PREMIUM".to_string(), json!("PlanNotOffered"))], "not sold in NL");
        body["order"]["plans"] = json!([["M365-BUSINESS-PREMIUM", "P1Y-annual"], ["POWER-BI-PRO", "P1M-monthly"]]);
        let (status, setup) = app.call_json(&provider, "customers/create", body).await;
        assert_eq!(status, StatusCode::OK, "{setup}");
        let id = setup["customer_id"].as_i64().unwrap().to_string();
        let (status, customer) = app.call(&provider, "customers/get", &[("customer_id", &id)]).await;
        assert_eq!(status, StatusCode::OK, "{customer}");
        let prices: Vec<(Value, Value)> =
            customer["customer"]["subscriptions"].as_array().unwrap().iter().map(|s| (s["price"]["plan"]["billing_plan"].clone(), s["price"]["unit_price"].clone())).collect();
        assert_eq!(prices, vec![(json!("Annual"), json!("248.16")), (json!("Monthly"), json!("15.79"))]);
        let page = app.get(&provider, "/customers?search=alpineplans").await.text().await.unwrap();
        assert!(page.contains("1 year, billed annually · 15 × €248.16 = €3,722.40 a year"), "the Customers page shows each subscription's terms");
    }

    async fn a_provider_adds_a_customer_for_a_reseller_once(app: TestApp) {
        captured_logs();
        let provider = app.signed_in("sales@northwind.example").await;
        let adatum = reseller_id(&app, &provider, "Adatum").await;
        let (status, setup) = app.call_json(&provider, "customers/create", order(Some(adatum), "alpineski", "order-1")).await;
        assert_eq!(status, StatusCode::OK, "{setup}");
        assert_eq!(setup["admin_user_name"], "admin@alpineski.onmicrosoft.com");
        let password = setup["temporary_password"].as_str().unwrap().to_string();
        assert!(password.len() >= 16, "a strong temporary password");

        // Double submit: the same key gives the same customer, and shows no new password.
        let (status, again) = app.call_json(&provider, "customers/create", order(Some(adatum), "alpineski", "order-1")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{again}");
        assert_eq!(again["Refused"], "AlreadySubmitted");
        let (_, list) = app.call(&provider, "customers/list", &[("reseller", &adatum.to_string()), ("search", "alpine"), ("page", "1")]).await;
        assert_eq!(list["Provider"]["total"], 1, "{list}");
        let customer = &list["Provider"]["rows"][0];
        assert_eq!(customer["reseller_name"], "Adatum Resellers");
        assert_eq!(customer["subscriptions"].as_array().unwrap().len(), 2);
        assert_eq!(customer["subscriptions"][0]["reseller_of_record_name"], "Adatum Resellers");
        // No plan chosen: each line takes the usual term and billing plan, at its price in NL.
        let plans: Vec<(Value, Value)> =
            customer["subscriptions"].as_array().unwrap().iter().map(|s| (s["price"]["plan"].clone(), s["price"]["unit_price"].clone())).collect();
        let monthly = json!({"term": "P1Y", "billing_plan": "Monthly"});
        assert_eq!(plans, vec![(monthly.clone(), json!("20.68")), (monthly, json!("13.16"))]);

        // The temporary password is stored only as a hash.
        let dump = database_text(&app).await;
        assert!(!dump.contains(&password), "the temporary password is nowhere in the database");
        let logs = String::from_utf8_lossy(&captured_logs().lock().unwrap()).to_string();
        assert!(logs.contains("INSERT INTO customers"), "the server's logs were captured");
        assert!(!logs.contains(&password), "the temporary password is nowhere in the logs");

        // A duplicate domain prefix is refused.
        let (status, body) = app.call_json(&provider, "customers/create", order(None, "AlpineSki", "order-2")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("domain_prefix".to_string(), json!("DomainTaken"))]);

        // The reseller sees the customer; another reseller does not.
        let adatum_user = app.signed_in("admin@adatum.example").await;
        let (_, seen) = app.call(&adatum_user, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert!(seen.to_string().contains("Alpine Ski House"), "{seen}");
        let litware = app.signed_in("agent@litware.example").await;
        let (_, unseen) = app.call(&litware, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert!(!unseen.to_string().contains("Alpine Ski House"), "{unseen}");
    }

    async fn double_submit_creates_one_customer(app: TestApp) {
        let provider = app.signed_in("agent@northwind.example").await;
        let body = order(None, "doubleclick", "same-key");
        // 50 submissions of the same order with the same key at once: one customer, one
        // temporary password, and every other answer is "already submitted" (never an error).
        let answers = futures::future::join_all((0..50).map(|_| app.call_json(&provider, "customers/create", body.clone()))).await;
        let created = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
        let replayed = answers.iter().filter(|(s, b)| *s == StatusCode::CONFLICT && b["Refused"] == "AlreadySubmitted").count();
        assert_eq!((created, replayed), (1, 49), "{answers:?}");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "doubleclick"), ("page", "1")]).await;
        assert_eq!(list["Provider"]["total"], 1);
    }

    async fn a_reseller_that_is_not_partnered_is_refused(app: TestApp) {
        let provider = app.signed_in("admin@northwind.example").await;
        let litware = app.store.organisation_by_mpn_id("3000002").await.unwrap().unwrap().id;
        let (status, body) = app.call_json(&provider, "customers/create", order(Some(litware), "notpartnered", "k")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("reseller_id".to_string(), json!("NotPartneredReseller"))]);

        // On a subscription: Reseller (MPN ID) must be numeric and a partner; so must the support contact.
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        let customer = &list["Provider"]["rows"][0];
        let (customer_id, subscription_id) = (customer["id"].to_string(), customer["subscriptions"][0]["id"].to_string());
        let update = |count: &'static str, mpn: &'static str, support: String| {
            let (customer_id, subscription_id) = (customer_id.clone(), subscription_id.clone());
            let provider = provider.clone();
            let app = &app;
            async move {
                app.call(&provider, "customers/subscriptions/update", &[
                    ("customer_id", customer_id.as_str()), ("subscription_id", subscription_id.as_str()),
                    ("license_count", count), ("reseller_mpn_id", mpn), ("support_contact_id", support.as_str()),
                ]).await
            }
        };
        let (status, body) = update("8", "30000AB", String::new()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("reseller_mpn_id".to_string(), json!("Numeric"))]);
        let (status, body) = update("8", "3000002", litware.to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            fields(&body),
            vec![("reseller_mpn_id".to_string(), json!("NotPartneredReseller")), ("support_contact_id".to_string(), json!("NotPartneredReseller"))]
        );
        let adatum = reseller_id(&app, &provider, "Adatum").await;
        let (status, body) = update("9", "3000001", adatum.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        let s = &list["Provider"]["rows"][0]["subscriptions"][0];
        assert_eq!((s["license_count"].clone(), s["reseller_of_record_mpn_id"].clone(), s["support_contact_name"].clone()), (json!(9), json!("3000001"), json!("Adatum Resellers")));

        // Add subscription, with and without a reseller.
        let (status, body) = app.call_json(&provider, "customers/subscriptions/add", json!({
            "customer_id": customer["id"], "lines": [["POWER-BI-PRO", "6"]], "reseller_id": litware
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        // Each added line has its term and billing plan, among those sold in the customer's country.
        let (status, body) = app.call_json(&provider, "customers/subscriptions/add", json!({
            "customer_id": customer["id"], "lines": [["POWER-BI-PRO", "6"]], "plans": [["POWER-BI-PRO", "P3Y-monthly"]], "reseller_id": null
        })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&body).into_iter().map(|(field, _)| field).collect::<Vec<_>>(), ["plan.POWER-BI-PRO"]);
        let (status, body) = app.call_json(&provider, "customers/subscriptions/add", json!({
            "customer_id": customer["id"], "lines": [["POWER-BI-PRO", "6"]], "plans": [["POWER-BI-PRO", "P1Y-annual"]], "reseller_id": null
        })).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        let subscriptions = list["Provider"]["rows"][0]["subscriptions"].as_array().unwrap().clone();
        assert_eq!(subscriptions.len(), 2);
        let added = subscriptions.iter().find(|s| s["subscription_id"] == "POWER-BI-PRO").expect("added");
        assert_eq!(added["price"]["unit_price"], "157.92", "the price list's price for a year billed annually: {added}");
        assert_eq!(added["lifecycle"]["plan"], json!({ "term": "P1Y", "billing_plan": "Annual" }), "{added}");

        // Another provider cannot touch the customer.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (status, _) = app.call_json(&tailspin, "customers/subscriptions/add", json!({
            "customer_id": customer["id"], "lines": [["POWER-BI-PRO", "6"]], "reseller_id": null
        })).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&tailspin, "customers/get", &[("customer_id", &customer["id"].to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let reseller = app.signed_in("admin@adatum.example").await;
        let (status, body) = app.call_json(&reseller, "customers/create", order(None, "resellertries", "k9")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a reseller does not add customers for a provider: {body}");
    }
}

/// Every text value in the customers and audit tables, to search for secrets.
async fn database_text(app: &TestApp) -> String {
    let query = "SELECT COALESCE(admin_password_hash, '') || ' ' || admin_user_name || ' ' || company_name FROM customers \
                 UNION ALL SELECT summary FROM audit_log";
    let rows: Vec<(String,)> = if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(query).fetch_all(&pool).await.unwrap()
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query_as(query).fetch_all(&pool).await.unwrap()
    };
    let text: Vec<String> = rows.into_iter().map(|r| r.0).collect();
    assert!(text.iter().any(|t| t.starts_with("$argon2id$")), "the hash is kept");
    text.join("\n")
}
