//! The REST API (`/api/v1`): API keys, the permission matrix and isolation, problem+json errors,
//! cursor pagination, Idempotency-Key, rate limits, and the OpenAPI document. Runs on SQLite
//! and PostgreSQL.

use crate::common::*;
use app::roles::{Permission, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A key for `email`'s organisation carrying `email`'s roles, made as the domain makes it.
pub(crate) async fn key_for(app: &TestApp, email: &str, rate_limit: i64) -> String {
    let user = app.store.user_by_email(email).await.unwrap().unwrap();
    let actor = app::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None };
    let valid = app::developer::validate_api_key(&format!("test key for {email}"), &user.roles).unwrap();
    app::developer::ssr::create_api_key(&app.store, &actor, valid, rate_limit).await.unwrap().key
}

pub(crate) struct Api<'a> {
    app: &'a TestApp,
    key: String,
    http: reqwest::Client,
}

impl<'a> Api<'a> {
    pub(crate) fn new(app: &'a TestApp, key: String) -> Api<'a> {
        Api { app, key, http: reqwest::Client::new() }
    }

    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.http.request(method, format!("{}/api/v1{path}", self.app.base)).bearer_auth(&self.key);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub(crate) async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (s, _, v) = self.send(reqwest::Method::GET, path, None, &[]).await;
        (s, v)
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (s, _, v) = self.send(reqwest::Method::POST, path, Some(body), &[]).await;
        (s, v)
    }
}

fn is_problem(headers: &reqwest::header::HeaderMap) -> bool {
    headers.get("content-type").and_then(|v| v.to_str().ok()) == Some("application/problem+json")
}

async fn contoso_office(api: &Api<'_>, app: &TestApp) -> i64 {
    let _ = api;
    let user = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
    app.store.offices(user.organisation_id).await.unwrap()[0].id
}

on_both_databases! {
    async fn keys_are_made_by_global_admins_shown_once_and_revocable(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, body) = app.call(&admin, "settings/api-keys/create", &[("name", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, created) = app.call(&admin, "settings/api-keys/create", &[("name", "Billing sync"), ("sales_agent", "on")]).await;
        assert_eq!(status, StatusCode::OK, "{created}");
        let key = created["key"].as_str().unwrap().to_string();
        assert!(key.starts_with("pdk_"), "{key}");
        let (_, list) = app.call(&admin, "settings/api-keys/list", &[]).await;
        assert_eq!(list[0]["name"], "Billing sync");
        assert!(!list.to_string().contains(&key), "the list never shows the key again");
        assert_eq!(list[0]["roles"], json!(["SalesAgent"]));

        let api = Api::new(&app, key.clone());
        let (status, headers, body) = api.send(reqwest::Method::GET, "/partnerships", None, &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(headers["ratelimit-limit"], "120");
        assert_eq!(headers["ratelimit-remaining"], "119");
        assert!(body["data"].as_array().unwrap().iter().any(|p| p["name"] == "Adatum Resellers"));
        // A Sales agent key cannot read the audit log (Global admin only).
        let (status, headers, body) = api.send(reqwest::Method::GET, "/audit-log", None, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(is_problem(&headers));
        assert_eq!(body["code"], "forbidden");

        let (_, list) = app.call(&admin, "settings/api-keys/list", &[]).await;
        assert!(list[0]["last_used_at"].is_i64(), "last use recorded: {list}");
        let id = list[0]["id"].to_string();
        let (status, _) = app.call(&admin, "settings/api-keys/revoke", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, headers, body) = api.send(reqwest::Method::GET, "/partnerships", None, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert!(is_problem(&headers));
        assert_eq!(body["code"], "unauthenticated");

        // Wrong, missing and malformed keys say the same thing.
        for bad in [format!("{}x", key), "pdk_nothing_here".to_string(), "garbage".to_string()] {
            let (status, body) = Api::new(&app, bad).get("/partnerships").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        }
        assert_eq!(app.get(&reqwest::Client::new(), "/api/v1/offers").await.status(), StatusCode::UNAUTHORIZED);
        // The audit log names the admin who made and revoked the key.
        let (_, audit) = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await).get("/audit-log?action=api_key.").await;
        assert!(audit["data"].as_array().unwrap().len() >= 2, "{audit}");
    }
}

on_both_databases! {
    async fn offers_carry_the_term_billing_plan_and_price_of_each_line(app: TestApp) {
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);
        let office = contoso_office(&api, &app).await;
        let (status, catalog) = api.get("/catalog?country=NL").await;
        assert_eq!(status, StatusCode::OK, "{catalog}");
        let basic = catalog["data"].as_array().unwrap().iter().find(|s| s["id"] == "M365-BUSINESS-BASIC").unwrap().clone();
        let annual = basic["offerings"].as_array().unwrap().iter().find(|o| o["plan"] == "P1Y-annual").cloned();
        assert_eq!(
            annual,
            Some(json!({ "plan": "P1Y-annual", "term": "P1Y", "billing_plan": "annual", "currency": "EUR", "unit_price": "67.68", "erp_price": "81.22" })),
            "{basic}"
        );

        let lines = json!([
            { "subscription_id": "M365-BUSINESS-BASIC", "license_count": 25, "plan": "P1Y-annual" },
            { "subscription_id": "M365-BUSINESS-STANDARD", "license_count": 10 }
        ]);
        let (status, body) = api.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": lines })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(
            body["lines"][0]["price"],
            json!({ "plan": "P1Y-annual", "term": "P1Y", "billing_plan": "annual", "currency": "EUR", "unit_price": "67.68", "total": "1692.00", "list_price": null })
        );
        assert_eq!(body["lines"][1]["price"]["plan"], "P1Y-monthly", "none named: the usual plan");
        assert_eq!(
            body["totals"],
            json!([
                { "billing_plan": "monthly", "currency": "EUR", "amount": "117.50" },
                { "billing_plan": "annual", "currency": "EUR", "amount": "1692.00" }
            ])
        );

        // A plan the market does not sell is named by its pointer.
        let lines = json!([{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 25, "plan": "P3Y-triennial" }]);
        let (status, body) = api.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": lines })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!((body["errors"][0]["pointer"].clone(), body["errors"][0]["code"].clone()), (json!("/lines/0/plan"), json!("plan_not_offered")), "{body}");

        // A discount beyond what the organisation allows (none yet), named by its pointer; within
        // it, the line shows the price list's price beside the price offered.
        let lines = json!([{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 25, "adjustment": "10%" }]);
        let (status, body) = api.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": lines.clone() })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!((body["errors"][0]["pointer"].clone(), body["errors"][0]["code"].clone()), (json!("/lines/0/adjustment"), json!("discount_above_limit")), "{body}");
        let organisation = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap().organisation_id;
        let actor = app::store::Actor { user_id: None, organisation_id: organisation, ip: None };
        app.store.set_discount_limit(&actor, 10).await.unwrap();
        let (status, body) = api.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": lines })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!((body["lines"][0]["price"]["unit_price"].clone(), body["lines"][0]["price"]["list_price"].clone()), (json!("5.08"), json!("5.64")));
    }

    async fn offers_follow_the_wizards_rules_with_field_problems_and_pages(app: TestApp) {
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);
        let office = contoso_office(&api, &app).await;
        let (status, catalog) = api.get("/catalog?country=UK").await;
        assert_eq!(status, StatusCode::OK, "{catalog}");
        let basic = catalog["data"].as_array().unwrap().iter().find(|s| s["id"] == "M365-BUSINESS-BASIC").unwrap().clone();
        assert_eq!(basic["description"], "Web and mobile apps, email and file storage");
        assert_eq!(basic["descriptions"]["en"], "Web and mobile apps, email and file storage");
        assert_eq!(basic["descriptions"]["nl"], "Web- en mobiele apps, e-mail en bestandsopslag", "{basic}");
        assert_eq!(basic["descriptions"]["pt-BR"], "Aplicativos web e móveis, e-mail e armazenamento de arquivos");
        let (status, body) = api.get("/catalog?country=XX").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["pointer"], "country", "{body}");

        // Every refused field at once, named by JSON Pointer, with a machine-readable code.
        let (status, headers, body) = api
            .send(reqwest::Method::POST, "/offers", Some(json!({ "office_id": 999999, "usage_location": "NL",
                "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 0 }] })), &[])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(is_problem(&headers));
        let problems: Vec<(String, String)> = body["errors"].as_array().unwrap().iter()
            .map(|e| (e["pointer"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string())).collect();
        assert_eq!(problems, vec![("/office_id".to_string(), "office".to_string()), ("/lines/0/license_count".to_string(), "license_range".to_string())]);
        assert_eq!(body["errors"][1]["params"]["min"], basic["min_licenses"]);
        // A wrong JSON type is a field problem too, not a 500.
        let (status, body) = api.post("/offers", json!({ "office_id": "seven", "lines": [] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["pointer"], "/office_id", "{body}");
        let (status, body) = api.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": [],
            "delegated_admin": { "name": "x", "roles": ["root"], "duration_days": 10 } })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["pointer"], "/delegated_admin/roles");

        let offer = json!({ "office_id": office, "usage_location": "NL", "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 3 }] });
        let mut created = Vec::new();
        for _ in 0..3 {
            let (status, body) = api.post("/offers", offer.clone()).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            assert!(body["url"].as_str().unwrap().starts_with("http://127.0.0.1:"), "{body}");
            created.push(body["summary_id"].as_str().unwrap().to_string());
        }
        // Cursor pagination walks every offer once.
        let mut seen = Vec::new();
        let mut path = "/offers?limit=2".to_string();
        loop {
            let (status, page) = api.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(page["data"].as_array().unwrap().len() <= 2);
            seen.extend(page["data"].as_array().unwrap().iter().map(|o| o["summary_id"].as_str().unwrap().to_string()));
            match page["next_cursor"].as_str() {
                Some(cursor) => path = format!("/offers?cursor={cursor}"),
                None => break,
            }
        }
        for id in &created {
            assert_eq!(seen.iter().filter(|s| *s == id).count(), 1, "{id} once in {seen:?}");
        }
        let (status, body) = api.get("/offers?cursor=nonsense").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = api.get("/offers?limit=0").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        let id = &created[0];
        let (status, body) = api.get(&format!("/offers/{id}")).await;
        assert_eq!((status, body["lines"][0]["license_count"].clone()), (StatusCode::OK, json!(3)), "{body}");
        let (status, body) = api.get(&format!("/offers/{id}/acceptances")).await;
        assert_eq!((status, body["data"].clone()), (StatusCode::OK, json!([])), "{body}");
        let (status, body) = api.post(&format!("/offers/{id}/withdraw"), json!({})).await;
        assert_eq!((status, body["status"].clone()), (StatusCode::OK, json!("withdrawn")), "{body}");
        let (status, body) = api.get("/offers/PO-NONE-NONE").await;
        assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("not_found")));
        let (status, body) = api.get("/no-such-thing").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

        // The server functions at /api/<endpoint> still answer next to /api/v1.
        let browser = app.signed_in("admin@contoso.example").await;
        let (status, list) = app.call(&browser, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert!(list["total"].as_i64().unwrap() >= 3);
    }
}

on_both_databases! {
    async fn idempotency_keys_replay_the_first_response_and_refuse_another_body(app: TestApp) {
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);
        let office = contoso_office(&api, &app).await;
        let body = json!({ "office_id": office, "usage_location": "NL", "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 5 }] });
        let key = [("Idempotency-Key", "6f1c1f3e-retry-me")];
        let (s1, h1, first) = api.send(reqwest::Method::POST, "/offers", Some(body.clone()), &key).await;
        let (s2, h2, second) = api.send(reqwest::Method::POST, "/offers", Some(body.clone()), &key).await;
        assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED), "{first} {second}");
        assert_eq!(first["summary_id"], second["summary_id"], "one offer, not two");
        assert!(h1.get("idempotent-replayed").is_none());
        assert_eq!(h2["idempotent-replayed"], "true");
        let mut other = body.clone();
        other["lines"][0]["license_count"] = json!(6);
        let (status, headers, problem) = api.send(reqwest::Method::POST, "/offers", Some(other), &key).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(is_problem(&headers));
        assert_eq!(problem["code"], "idempotency_key_reused");
        // Another organisation's identical key is its own: it runs, and is not a reuse.
        let fabrikam = Api::new(&app, key_for(&app, "advisor@fabrikam.example", 1000).await);
        let (status, _, body) = fabrikam.send(reqwest::Method::POST, "/offers", Some(json!({ "office_id": 1, "lines": [] })), &key).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["code"], "validation");
        // A tool that sends an Origin header (not a browser session) is not refused as cross-site.
        let (status, _, body) = api.send(reqwest::Method::POST, "/partnerships/requests", None, &[("Origin", "https://tools.example"), ("Sec-Fetch-Site", "cross-site")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "Contoso is no provider: the permission answers, not the origin check: {body}");
        assert_eq!(body["code"], "wrong_program");
    }
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

on_both_databases! {
    async fn customers_subscriptions_and_partnerships(app: TestApp) {
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 1000).await);
        let adatum = app.store.organisation_by_mpn_id(&app.store.organisation(app.store.user_by_email("admin@adatum.example").await.unwrap().unwrap().organisation_id).await.unwrap().unwrap().mpn_id).await.unwrap().unwrap();
        let order = json!({
            "reseller_id": adatum.id, "company_name": "Wingtip Toys", "domain_prefix": "wingtipapi", "address_line1": "Keizersgracht 1",
            "city": "Amsterdam", "postal_code": "1015 CJ", "country": "NL", "contact_first_name": "Iris", "contact_last_name": "Bakker",
            "contact_email": "iris@wingtip.example", "language": "nl",
            "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 10, "plan": "P1M-monthly" }]
        });
        let (status, body) = api.post("/customers", json!({ "country": "BR", "lines": [] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let pointers: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        for field in ["company_name", "domain_prefix", "phone", "registration_number", "contact_email", "/lines"] {
            assert!(pointers.iter().any(|p| p.trim_start_matches('/') == field.trim_start_matches('/')), "{field} in {pointers:?}");
        }
        let key = [("Idempotency-Key", "customer-wingtip-1")];
        let (status, _, created) = api.send(reqwest::Method::POST, "/customers", Some(order.clone()), &key).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["admin_user_name"], "admin@wingtipapi.onmicrosoft.com");
        assert_eq!(created["customer"]["subscriptions"][0]["price"]["plan"], "P1M-monthly", "{created}");
        assert_eq!(created["customer"]["subscriptions"][0]["price"]["total"], "67.70", "10 × 6.77 a month");
        assert_eq!(created["temporary_password"].as_str().unwrap().len(), 18);
        let (status, headers, replay) = api.send(reqwest::Method::POST, "/customers", Some(order.clone()), &key).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(headers["idempotent-replayed"], "true");
        assert_eq!(replay["customer"]["id"], created["customer"]["id"]);
        assert_eq!(replay["temporary_password"], Value::Null, "the password is shown once");
        let (status, body) = api.post("/customers", order.clone()).await;
        assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("domain_taken")), "{body}");

        let id = created["customer"]["id"].as_i64().unwrap();
        let (status, list) = api.get(&format!("/customers?reseller_id={}&limit=200", adatum.id)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(list["data"].as_array().unwrap().iter().all(|c| c["reseller_id"] == adatum.id));
        assert!(list["data"].as_array().unwrap().iter().any(|c| c["id"] == id));
        let (status, body) = api.post(&format!("/customers/{id}/subscriptions"), json!({ "lines": [{ "subscription_id": "M365-BUSINESS-STANDARD", "license_count": 2, "plan": "P9Y-monthly" }] })).await;
        assert_eq!((status, body["errors"][0]["pointer"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("/lines/0/plan")), "{body}");
        let (status, body) = api.post(&format!("/customers/{id}/subscriptions"), json!({ "lines": [{ "subscription_id": "M365-BUSINESS-STANDARD", "license_count": 2, "plan": "P1M-monthly" }] })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["subscriptions"].as_array().unwrap().len(), 2);
        let added = body["subscriptions"].as_array().unwrap().iter().find(|s| s["subscription_id"] == "M365-BUSINESS-STANDARD").cloned().expect("added");
        assert_eq!(added["plan"], "P1M-monthly", "{added}");
        let sub = body["subscriptions"][0]["id"].as_i64().unwrap();
        let (status, body) = api.send(reqwest::Method::PATCH, &format!("/customers/{id}/subscriptions/{sub}"), Some(json!({ "license_count": 12 })), &[]).await.pipe(|(s, _, b)| (s, b));
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["license_count"], 12);
        assert_eq!(body["reseller_of_record_id"], adatum.id, "left out: unchanged");
        let (status, body) = api.send(reqwest::Method::PATCH, &format!("/customers/{id}/subscriptions/{sub}"), Some(json!({ "reseller_mpn_id": null, "support_contact_id": adatum.id })), &[]).await.pipe(|(s, _, b)| (s, b));
        assert_eq!((status, body["reseller_of_record_id"].clone(), body["support_contact_id"].clone()), (StatusCode::OK, Value::Null, json!(adatum.id)), "{body}");
        let (status, body) = api.send(reqwest::Method::PATCH, &format!("/customers/{id}/subscriptions/{sub}"), Some(json!({ "reseller_mpn_id": "abc" })), &[]).await.pipe(|(s, _, b)| (s, b));
        assert_eq!((status, body["errors"][0]["pointer"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("/reseller_mpn_id")), "{body}");

        // Partnerships: a request link, revoked; then the partnership with Adatum removed.
        let (status, request) = api.post("/partnerships/requests", json!({})).await;
        assert_eq!((status, request["state"].clone()), (StatusCode::CREATED, json!("open")), "{request}");
        assert!(request["link"].as_str().unwrap().contains("/partnerships/"));
        let rid = request["id"].as_i64().unwrap();
        let (_, pending) = api.get("/partnerships/requests").await;
        assert!(pending["data"].as_array().unwrap().iter().any(|r| r["id"] == rid));
        let (status, revoked) = api.post(&format!("/partnerships/requests/{rid}/revoke"), json!({})).await;
        assert_eq!((status, revoked["state"].clone()), (StatusCode::OK, json!("revoked")));
        let (status, _, _) = api.send(reqwest::Method::DELETE, &format!("/partnerships/{}", adatum.id), None, &[]).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, body) = api.send(reqwest::Method::DELETE, &format!("/partnerships/{}", adatum.id), None, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

        let (status, audit) = api.get("/audit-log?limit=5").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(audit["data"][0]["action"], "partnership.remove");
        assert!(audit["next_cursor"].is_string());
        let (_, next) = api.get(&format!("/audit-log?cursor={}", audit["next_cursor"].as_str().unwrap())).await;
        assert!(next["data"][0]["id"].as_i64().unwrap() < audit["data"][4]["id"].as_i64().unwrap());
    }
}

on_both_databases! {
    async fn a_key_past_its_limit_is_told_when_to_retry(app: TestApp) {
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 3).await);
        // The four requests below count against one minute's window (a run across a minute's
        // end once saw the fourth let through).
        away_from_a_minute_boundary().await;
        for _ in 0..3 {
            assert_eq!(api.get("/partnerships").await.0, StatusCode::OK);
        }
        let (status, headers, body) = api.send(reqwest::Method::GET, "/partnerships", None, &[]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert!(is_problem(&headers));
        let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry));
        assert_eq!(headers["ratelimit-remaining"], "0");
        assert_eq!(body["code"], "rate_limited");
        // Another key of the same organisation has its own budget.
        let other = Api::new(&app, key_for(&app, "admin@northwind.example", 3).await);
        assert_eq!(other.get("/partnerships").await.0, StatusCode::OK);
    }
}

/// Every operation with the permission it needs; ids name nothing, so a permitted call fails on
/// the record or the input (404/422), never on the permission.
const OPERATIONS: &[(&str, &str, Option<Permission>)] = &[
    ("GET", "/catalog?country=NL", None),
    ("POST", "/offers", Some(Permission::ManageOffers)),
    ("GET", "/offers", Some(Permission::ManageOffers)),
    ("GET", "/offers/PO-NONE-NONE", Some(Permission::ManageOffers)),
    ("POST", "/offers/PO-NONE-NONE/withdraw", Some(Permission::ManageOffers)),
    ("GET", "/offers/PO-NONE-NONE/acceptances", Some(Permission::ManageOffers)),
    ("GET", "/partnerships", Some(Permission::ManagePartnerships)),
    ("DELETE", "/partnerships/999999", Some(Permission::ManagePartnerships)),
    ("GET", "/partnerships/999999/notices", Some(Permission::ManagePartnerships)),
    ("GET", "/partnerships/999999/offers", Some(Permission::ManagePartnerships)),
    ("POST", "/partnerships/999999/offers", Some(Permission::ManageCustomers)),
    ("GET", "/partnerships/requests", Some(Permission::ManagePartnerships)),
    ("GET", "/partnerships/requests/999999", Some(Permission::ManagePartnerships)),
    ("POST", "/partnerships/requests/999999/revoke", Some(Permission::ManagePartnerships)),
    ("POST", "/customers", Some(Permission::ManageCustomers)),
    ("GET", "/customers", Some(Permission::ViewCustomers)),
    ("GET", "/customers/999999", Some(Permission::ViewCustomers)),
    ("POST", "/customers/999999/subscriptions", Some(Permission::ManageCustomers)),
    ("PATCH", "/customers/999999/subscriptions/1", Some(Permission::ManageResoldSubscriptions)),
    ("GET", "/audit-log", Some(Permission::ViewAuditLog)),
];

fn allowed(permission: Option<Permission>, roles: &[Role], programs: &app::roles::Programs, path: &str) -> bool {
    match permission {
        // The catalog serves both offer and customer work.
        None => Permission::ManageOffers.check(roles, programs).is_ok() || Permission::ManageCustomers.check(roles, programs).is_ok(),
        Some(Permission::ViewCustomers) => Permission::ViewCustomers.check(roles, programs).is_ok() && programs.indirect_provider,
        // A subscription is changed by its provider and by its reseller of record.
        Some(Permission::ManageResoldSubscriptions) => {
            Permission::ManageCustomers.check(roles, programs).is_ok() || Permission::ManageResoldSubscriptions.check(roles, programs).is_ok()
        }
        Some(p) => p.check(roles, programs).is_ok() && !path.is_empty(),
    }
}

on_both_databases! {
    async fn every_operation_follows_the_permission_matrix_and_no_key_crosses_organisations(app: TestApp) {
        let anonymous = Api::new(&app, String::new());
        for (method, path, _) in OPERATIONS {
            let (status, headers, body) = anonymous.send(method.parse().unwrap(), path, Some(json!({})), &[]).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path} without a key: {body}");
            assert!(is_problem(&headers));
        }
        for (email, _, roles) in app::demo::DEMO_USERS.iter().filter(|u| !u.2.contains(&Role::Operator)) {
            let user = app.store.user_by_email(email).await.unwrap().unwrap();
            let programs = app.store.organisation(user.organisation_id).await.unwrap().unwrap().programs();
            let api = Api::new(&app, key_for(&app, email, 1000).await);
            for (method, path, permission) in OPERATIONS {
                let (status, _, body) = api.send(method.parse().unwrap(), path, Some(json!({})), &[]).await;
                if allowed(*permission, roles, &programs, path) {
                    assert!(status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN && !status.is_server_error(), "{method} {path} as {email}: {status} {body}");
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path} as {email}: {body}");
                }
            }
        }

        // Real records of Contoso (an offer) and Northwind (a customer, a request, a partnership).
        let contoso = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);
        let office = contoso_office(&contoso, &app).await;
        let (_, offer) = contoso.post("/offers", json!({ "office_id": office, "usage_location": "NL", "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 3 }] })).await;
        let summary = offer["summary_id"].as_str().unwrap().to_string();
        let northwind = Api::new(&app, key_for(&app, "admin@northwind.example", 1000).await);
        let (_, customers) = northwind.get("/customers?search=Woodgrove").await;
        let customer = customers["data"][0]["id"].as_i64().unwrap();
        let sub = customers["data"][0]["subscriptions"][0]["id"].as_i64().unwrap();
        let (_, request) = northwind.post("/partnerships/requests", json!({})).await;
        let rid = request["id"].as_i64().unwrap();
        let (_, partners) = northwind.get("/partnerships").await;
        let reseller = partners["data"][0]["reseller_id"].as_i64().unwrap();
        let before = json!([contoso.get(&format!("/offers/{summary}")).await.1, northwind.get(&format!("/customers/{customer}")).await.1,
            northwind.get(&format!("/partnerships/requests/{rid}")).await.1, northwind.get("/partnerships").await.1]);

        let probes: Vec<(&str, String, Value)> = vec![
            ("GET", format!("/offers/{summary}"), json!({})),
            ("POST", format!("/offers/{summary}/withdraw"), json!({})),
            ("GET", format!("/offers/{summary}/acceptances"), json!({})),
            ("GET", format!("/customers/{customer}"), json!({})),
            ("POST", format!("/customers/{customer}/subscriptions"), json!({ "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 1 }] })),
            ("PATCH", format!("/customers/{customer}/subscriptions/{sub}"), json!({ "license_count": 2 })),
            ("GET", format!("/partnerships/requests/{rid}"), json!({})),
            ("POST", format!("/partnerships/requests/{rid}/revoke"), json!({})),
            ("DELETE", format!("/partnerships/{reseller}"), json!({})),
        ];
        for email in ["admin@tailspin.example", "advisor@fabrikam.example", "admin@adatum.example", "agent@litware.example"] {
            let api = Api::new(&app, key_for(&app, email, 1000).await);
            for (method, path, body) in &probes {
                if email == "admin@adatum.example" && *method == "PATCH" {
                    // Adatum is the subscription's reseller of record: resold_subscriptions.rs.
                    continue;
                }
                let (status, _, answer) = api.send(method.parse().unwrap(), path, Some(body.clone()), &[]).await;
                assert!(status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN, "{method} {path} as {email}: {status} {answer}");
            }
        }
        let after = json!([contoso.get(&format!("/offers/{summary}")).await.1, northwind.get(&format!("/customers/{customer}")).await.1,
            northwind.get(&format!("/partnerships/requests/{rid}")).await.1, northwind.get("/partnerships").await.1]);
        assert_eq!(after, before, "nothing of theirs changed");
    }
}

on_both_databases! {
    async fn the_openapi_document_and_reference_page_need_no_key(app: TestApp) {
        let http = reqwest::Client::new();
        let response = http.get(format!("{}/api/v1/openapi.json", app.base)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let doc: Value = response.json().await.unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in ["/offers", "/offers/{summary_id}", "/customers", "/customers/{id}/subscriptions/{subscription_id}", "/partnerships/requests", "/audit-log", "/catalog"] {
            assert!(doc["paths"][path].is_object(), "{path} documented");
        }
        assert!(doc["paths"]["/offers"]["post"]["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "Idempotency-Key"));
        assert!(doc["paths"]["/offers"]["get"]["responses"]["429"]["headers"]["Retry-After"].is_object());
        // Every operation, whatever its method, documents the problems every operation can answer.
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                for status in ["401", "403", "404", "429"] {
                    assert!(operation["responses"][status].is_object(), "{method} {path} documents {status}");
                }
            }
        }
        // Every reference resolves (a query parameter's enum once named a schema that was not there).
        fn refs(value: &Value, found: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(r)) = map.get("$ref") {
                        found.push(r.clone());
                    }
                    map.values().for_each(|v| refs(v, found));
                }
                Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r} points into the components"));
            assert!(doc["components"]["schemas"][name].is_object(), "{r} resolves");
        }
        let page = http.get(format!("{}/api/v1/docs", app.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("PartnerDesk API") && html.contains("/api/v1/offers") && html.contains("PartnerDesk-Signature"));
        assert!(!html.contains("<script"), "no script, nothing from a CDN");
        assert!(!html.contains("https://cdn"));
        // Every event an endpoint can subscribe to is named, with the data it delivers.
        for event in app::developer::WebhookEvent::SUBSCRIBABLE {
            assert!(html.contains(&format!("<code>{}</code>", event.code())), "{event:?} named");
            assert!(html.contains(&format!("id=\"event-{}\"", event.code())), "{event:?} has its data");
        }
        assert!(html.contains("&quot;previous&quot;"), "the data is shown, escaped");
    }
}
