//! The incentive report (issue #29), on SQLite and PostgreSQL: a provider's live subscriptions
//! for which no reseller earns incentives, or whose support contact is no longer a partner;
//! the bulk fix (one transaction, audited, only the provider's own subscriptions, only a
//! partnered reseller); the same warnings on the subscription's page and in the REST API.

use crate::common::*;
use app::roles::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The report's rows as (customer, subscription, gaps).
async fn report(app: &TestApp, client: &reqwest::Client) -> (i64, Vec<(String, String, Vec<String>)>) {
    let (status, body) = app.call(client, "customers/incentives", &[("page", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rows = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let gaps = r["gaps"].as_array().unwrap().iter().map(|g| g.as_str().unwrap().to_string()).collect();
            (r["customer_name"].as_str().unwrap().to_string(), r["subscription_name"].as_str().unwrap().to_string(), gaps)
        })
        .collect();
    (body["total"].as_i64().unwrap(), rows)
}

/// The ids of the report's rows.
async fn row_ids(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let (_, body) = app.call(client, "customers/incentives", &[("page", "1")]).await;
    body["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap().to_string()).collect()
}

async fn organisation_of(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().organisation_id
}

/// Makes `reseller` a partner of `provider`, as accepting a request does.
async fn partner(app: &TestApp, provider: i64, reseller: i64) {
    let provider_actor = app::store::Actor { user_id: None, organisation_id: provider, ip: None };
    let reseller_actor = app::store::Actor { user_id: None, organisation_id: reseller, ip: None };
    let token = app::tokens::new_secret_token();
    app.store.create_partnership_request(&provider_actor, &token).await.unwrap();
    app.store.accept_partnership(&reseller_actor, &token, None).await.unwrap();
}

on_both_databases! {
    async fn a_provider_finds_and_fixes_the_subscriptions_that_earn_no_incentives(app: TestApp) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let adatum = organisation_of(&app, "admin@adatum.example").await;
        let gap = |g: &str| vec![g.to_string()];

        // The demo: two subscriptions were sold without a reseller of record.
        let (total, rows) = report(&app, &northwind).await;
        assert_eq!(total, 2);
        assert_eq!(
            rows,
            [
                ("Coho Winery".to_string(), "Microsoft 365 Business Basic".to_string(), gap("NoResellerOfRecord")),
                ("Fourth Coffee".to_string(), "Microsoft 365 Business Standard".to_string(), gap("NoResellerOfRecord")),
            ]
        );
        let ids = row_ids(&app, &northwind).await;

        // Another provider cannot change them, even with a reseller it is partnered with: its
        // fix skips what is not its own.
        let tailspin_id = organisation_of(&app, "admin@tailspin.example").await;
        partner(&app, tailspin_id, adatum).await;
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let adatum_id = adatum.to_string();
        let forged: Vec<(String, &str)> = ids.iter().map(|id| (format!("fix[{id}]"), "on")).collect();
        let mut form: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        form.push(("reseller_id", &adatum_id));
        let (status, body) = app.call(&tailspin, "customers/incentives/fix", &form).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        assert_eq!(report(&app, &northwind).await.0, 2, "nothing changed");

        // A reseller that is not a partner is refused (here: another provider).
        let tailspin_str = tailspin_id.to_string();
        let mut refused = form.clone();
        refused.retain(|(k, _)| *k != "reseller_id");
        refused.push(("reseller_id", &tailspin_str));
        let (status, body) = app.call(&northwind, "customers/incentives/fix", &refused).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "reseller_id");

        // More subscriptions than one fix holds are refused before anything is read.
        let many: Vec<(String, &str)> = (1..=101).map(|i| (format!("fix[{i}]"), "on")).collect();
        let mut too_many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        too_many.push(("reseller_id", &adatum_id));
        let (status, body) = app.call(&northwind, "customers/incentives/fix", &too_many).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "subscriptions");

        // The fix: Adatum becomes their reseller of record and support contact, audited.
        let mut fix = form.clone();
        fix.push(("support_contact_too", "on"));
        let (status, body) = app.call(&northwind, "customers/incentives/fix", &fix).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        assert_eq!(report(&app, &northwind).await, (0, vec![]));
        let provider = organisation_of(&app, "admin@northwind.example").await;
        let coho = app.store.customers_page(provider, None, "Coho", 1, 10).await.unwrap().0.remove(0);
        let coho = app.store.customer(provider, coho.id).await.unwrap().unwrap();
        assert_eq!((coho.subscriptions[0].reseller_of_record_id, coho.subscriptions[0].support_contact_id), (Some(adatum), Some(adatum)));
        let audit = app.store.audit_log(provider, 10).await.unwrap();
        assert_eq!(audit.iter().filter(|a| a.summary.starts_with("incentive fix")).count(), 2, "{audit:?}");

        // When the partnership ends, every subscription Adatum had shows why.
        let (status, body) = app.call(&northwind, "resellers/remove", &[("reseller_id", &adatum_id)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let (total, rows) = report(&app, &northwind).await;
        assert_eq!(total, 4);
        let both = vec!["ResellerNotPartnered".to_string(), "SupportContactNotPartnered".to_string()];
        assert_eq!(rows.iter().filter(|r| r.2 == both).count(), 3, "{rows:?}");
        assert_eq!(rows.iter().filter(|r| r.2 == gap("ResellerNotPartnered")).count(), 1, "the provider itself supports one: {rows:?}");

        // The subscription's page says it too ...
        let page = app.get(&northwind, &format!("/customers/{}/subscriptions/{}", coho.id, coho.subscriptions[0].id)).await.text().await.unwrap();
        assert!(page.contains(r#"id="incentive-warnings""#) && page.contains("The reseller of record is no longer a partner"), "{page}");
        let report_page = app.get(&northwind, "/customers/incentives").await.text().await.unwrap();
        assert!(report_page.contains("Subscriptions to fix: 4") && report_page.contains(r#"name="fix["#), "{report_page}");

        // ... and the REST API, with the same rows and fix.
        let admin = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: provider, ip: None };
        let key = app::developer::ssr::create_api_key(&app.store, &actor, app::developer::validate_api_key("incentives", &[Role::GlobalAdmin]).unwrap(), 1000)
            .await
            .unwrap()
            .key;
        let http = reqwest::Client::new();
        let listed: Value = http.get(format!("{}/api/v1/incentives?limit=3", app.base)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["data"].as_array().map(Vec::len), Some(3), "{listed}");
        assert!(listed["next_cursor"].is_string(), "a fourth row on the next page");
        assert_eq!(listed["data"][0]["gaps"], json!(["reseller_not_partnered", "support_contact_not_partnered"]));
        let customer: Value = http.get(format!("{}/api/v1/customers/{}", app.base, coho.id)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        assert_eq!(customer["subscriptions"][0]["incentive_gaps"], json!(["reseller_not_partnered", "support_contact_not_partnered"]));
        let answer = http
            .post(format!("{}/api/v1/incentives/fix", app.base))
            .bearer_auth(&key)
            .json(&json!({ "subscription_ids": [coho.subscriptions[0].id], "reseller_id": adatum }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "no longer a partner");
        let problem: Value = answer.json().await.unwrap();
        assert_eq!(problem["errors"][0]["pointer"], "/reseller_id", "{problem}");
        partner(&app, provider, adatum).await;
        let fixed: Value = http
            .post(format!("{}/api/v1/incentives/fix", app.base))
            .bearer_auth(&key)
            .json(&json!({ "subscription_ids": [coho.subscriptions[0].id], "reseller_id": adatum, "support_contact_too": true }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(fixed["changed"], 0, "already Adatum's: nothing to change ({fixed})");
        assert_eq!(report(&app, &northwind).await.0, 0, "partners again: nothing is missing");
    }
}
