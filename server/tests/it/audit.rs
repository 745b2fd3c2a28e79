//! The audit log on SQLite and PostgreSQL: changes are recorded with who, what, which record
//! and from where; the Global admin filters them and exports CSV; nobody else reads them.
//! And the security headers, checked on every group of routes.

use crate::common::*;
use reqwest::StatusCode;

fn filter<'a>(user: &'a str, action: &'a str, record: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("filter[user]", user), ("filter[action]", action), ("filter[record]", record), ("filter[from]", ""), ("filter[to]", ""), ("page", "1")]
}

on_both_databases! {
    async fn the_global_admin_filters_and_exports_the_audit_log(app: TestApp) {
        let provider = app.signed_in("agent@northwind.example").await;
        let (status, _) = app.call(&provider, "resellers/request", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.call(&provider, "audit/list", &filter("", "", "")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an Admin agent does not read the audit log");

        let admin = app.signed_in("admin@northwind.example").await;
        let (status, page) = app.call(&admin, "audit/list", &filter("", "partnership_request.", "")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let lines = page["lines"].as_array().unwrap();
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| l["action"].as_str().unwrap().starts_with("partnership_request.")));
        assert!(lines.iter().any(|l| l["user_name"] == "Agent (Northwind Distribution)" && l["ip"] == "127.0.0.1"), "{page}");
        let agent_id = page["users"].as_array().unwrap().iter().find(|u| u[1] == "Agent (Northwind Distribution)").unwrap()[0].to_string();
        let (_, by_agent) = app.call(&admin, "audit/list", &filter(&agent_id, "", "partnership_request")).await;
        assert_eq!(by_agent["total"], 1, "{by_agent}");
        assert!(page["actions"].as_array().unwrap().iter().any(|a| a == "customer.create"));

        let csv = app.get(&admin, &format!("/settings/audit-log.csv?user={agent_id}&action=partnership_request.")).await;
        assert_eq!(csv.status(), StatusCode::OK);
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("time_utc,user,action,record_type,record_id,summary,ip\r\n"), "{text}");
        assert_eq!(text.lines().count(), 2, "{text}");
        let denied = app.get(&provider, "/settings/audit-log.csv").await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);

        // Another organisation's Global admin sees none of it.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (_, theirs) = app.call(&tailspin, "audit/list", &filter("", "partnership_request.", "")).await;
        assert_eq!(theirs["total"], 0, "{theirs}");
    }

    async fn every_route_group_sends_the_security_headers(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        let office = start["offices"][0]["id"].as_i64().unwrap().to_string();
        let (_, summary) = app.call_json(&advisor, "offers/create", serde_json::json!({ "form": {
            "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "2"]], "delegated_admin": false,
            "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "", "idempotency_key": "" }})).await;
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", summary.as_str().unwrap())]).await;
        let offer_path = detail["url_path"].as_str().unwrap().to_string();
        let embed_path = offer_path.replacen("/offer/", "/embed/offer/", 1);
        let anonymous = app.client();
        let paths = ["/", "/sign-in", "/offers", "/resellers", "/healthz", "/favicon.svg", "/no/such/page", &offer_path, &embed_path];
        for path in paths {
            let response = app.get(&anonymous, path).await;
            let h = response.headers().clone();
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
            assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain HTTP: {path}");
            let csp = h["content-security-policy"].to_str().unwrap().to_string();
            if path == embed_path {
                assert!(csp.contains("frame-ancestors 'self';"), "{path}: {csp}");
                assert!(h.get("x-frame-options").is_none(), "{path}");
            } else {
                assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
                assert_eq!(h["x-frame-options"], "DENY", "{path}");
            }
            assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'self'"), "{path}: {csp}");
            if [embed_path.as_str(), offer_path.as_str(), "/", "/sign-in", "/no/such/page"].contains(&path) {
                assert!(csp.contains("script-src 'self' 'nonce-"), "pages allow only their own scripts: {path}: {csp}");
                let nonce = csp.split("'nonce-").nth(1).and_then(|n| n.split('\'').next()).unwrap().to_string();
                let html = response.text().await.unwrap();
                assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{path}: the scripts carry the nonce");
            }
        }
        let api = anonymous.post(format!("{}/api/offers/list", app.base)).form(&[("search", ""), ("page", "1")]).send().await.unwrap();
        assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(api.headers()["x-frame-options"], "DENY");
        let undecodable = anonymous.post(format!("{}/api/offers/get", app.base)).form(&[("nothing", "")]).send().await.unwrap();
        assert_eq!(undecodable.status(), StatusCode::BAD_REQUEST, "a request that cannot be read is the client's error");
    }
}

on_both_databases! {
    async fn who_may_not_read_the_log_is_refused_before_the_filter_is_checked(app: TestApp) {
        // A Sales agent sends a filter the log would refuse: the answer is the permission's,
        // so the filter's rules are told only to who may read the log.
        let sales = app.signed_in("sales@northwind.example").await;
        let (status, body) = app.call(&sales, "audit/list", &filter("not a number", "", "")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, body) = app.call(&admin, "audit/list", &filter("not a number", "", "")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}
