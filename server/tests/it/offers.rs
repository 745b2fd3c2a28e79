//! The Create purchase offer server functions, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn office_id(app: &TestApp, client: &reqwest::Client) -> String {
    let (_, start) = app.call(client, "offers/start", &[]).await;
    start["offices"][0]["id"].as_i64().expect("an office").to_string()
}

fn offer(office: &str, lines: Value) -> Value {
    json!({ "form": {
        "office_id": office, "usage_location": "NL", "lines": lines, "delegated_admin": false,
        "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "", "idempotency_key": ""
    }})
}

fn fields(body: &Value) -> Vec<(String, Value)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].clone())).collect())
        .unwrap_or_default()
}

on_both_databases! {
    async fn an_advisor_creates_finds_personalises_and_withdraws_an_offer(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        let (status, summary) = app
            .call_json(&advisor, "offers/create", offer(&office, json!([["M365-BUSINESS-BASIC", "25"], ["TEAMS-ENTERPRISE-EEA", "10"]])))
            .await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let summary = summary.as_str().unwrap().to_string();
        assert!(summary.starts_with("PO-") && summary.len() == 12, "{summary}");

        let (_, page) = app.call(&advisor, "offers/list", &[("search", &summary[3..7]), ("page", "1"), ("sort", "views")]).await;
        assert_eq!(page["total"], 1);
        assert_eq!(page["rows"][0]["summary_id"], summary.as_str());
        assert_eq!(page["rows"][0]["lines"][0]["license_count"], 25);

        let (status, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::OK);
        let url = detail["url_path"].as_str().unwrap();
        let token = url.rsplit('/').next().unwrap();
        assert!(url.starts_with("/offer/contoso/"), "{url}");
        assert!(token.len() >= 26, "the token carries at least 128 bits: {token}");

        let (status, _) = app
            .call(&advisor, "offers/message", &[("summary_id", &summary), ("introduction", "Hello!"), ("closing", "Thanks"), ("contact", "+31 20 123")])
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["introduction"], "Hello!");

        let (status, _) = app.call(&advisor, "offers/withdraw", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["status"], "withdrawn");

        // Another advisor organisation sees none of it.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (status, _) = app.call(&other, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, page) = app.call(&other, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(page["total"], 0);
    }

    async fn out_of_range_counts_and_unavailable_subscriptions_are_refused(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        let (status, body) = app
            .call_json(&advisor, "offers/create", offer(&office, json!([["M365-BUSINESS-BASIC", "301"], ["TEAMS-ESSENTIALS", "3"]])))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            fields(&body),
            vec![
                ("license_count.M365-BUSINESS-BASIC".to_string(), json!({"LicenseRange": {"min": 1, "max": 300}})),
                ("license_count.TEAMS-ESSENTIALS".to_string(), json!("SubscriptionNotAvailable")),
            ]
        );
        let (_, page) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(page["total"], 0, "nothing half-written is stored");
    }

    async fn delegated_administration_from_an_uncertified_partner_is_refused(app: TestApp) {
        let advisor = app.signed_in("advisor@fabrikam.example").await;
        let office = office_id(&app, &advisor).await;
        let mut body = offer(&office, json!([["M365-BUSINESS-BASIC", "5"]]));
        body["form"]["delegated_admin"] = json!(true);
        body["form"]["gdap_name"] = json!("Fabrikam support");
        body["form"]["gdap_roles"] = json!(["UserAdministrator"]);
        body["form"]["gdap_duration_days"] = json!("365");
        let (status, body) = app.call_json(&advisor, "offers/create", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("delegated_admin".to_string(), json!("NotCertified"))]);
    }

    async fn relationship_names_are_unique_within_the_partner(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        let mut body = offer(&office, json!([["M365-BUSINESS-BASIC", "5"]]));
        body["form"]["delegated_admin"] = json!(true);
        body["form"]["gdap_name"] = json!("Contoso support");
        body["form"]["gdap_roles"] = json!(["UserAdministrator"]);
        body["form"]["gdap_duration_days"] = json!("730");
        let (status, _) = app.call_json(&advisor, "offers/create", body.clone()).await;
        assert_eq!(status, StatusCode::OK);
        body["form"]["gdap_name"] = json!("contoso SUPPORT");
        let (status, answer) = app.call_json(&advisor, "offers/create", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&answer), vec![("gdap_name".to_string(), json!("GdapNameTaken"))]);
    }

    async fn an_office_of_another_partner_is_refused(app: TestApp) {
        let fabrikam = app.signed_in("advisor@fabrikam.example").await;
        let their_office = office_id(&app, &fabrikam).await;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, body) = app
            .call_json(&advisor, "offers/create", offer(&their_office, json!([["M365-BUSINESS-BASIC", "5"]])))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("office_id".to_string(), json!("Office"))]);
    }

    async fn a_user_without_the_advisor_role_is_refused(app: TestApp) {
        let sales = app.signed_in("sales@northwind.example").await;
        let (status, body) = app.call_json(&sales, "offers/create", offer("1", json!([["M365-BUSINESS-BASIC", "5"]]))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, _) = app.call(&sales, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let signed_out = app.client();
        let (status, _) = app.call_json(&signed_out, "offers/create", offer("1", json!([]))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }

    async fn a_doubled_submission_creates_one_offer(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        let mut body = offer(&office, json!([["M365-BUSINESS-BASIC", "5"]]));
        body["form"]["idempotency_key"] = json!("3f2c-double-click");
        let (a, b) = tokio::join!(
            app.call_json(&advisor, "offers/create", body.clone()),
            app.call_json(&advisor, "offers/create", body.clone())
        );
        assert_eq!(a.0, StatusCode::OK, "{}", a.1);
        assert_eq!(b.0, StatusCode::OK, "{}", b.1);
        assert_eq!(a.1, b.1);
        let (_, page) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(page["total"], 1);
    }
}
