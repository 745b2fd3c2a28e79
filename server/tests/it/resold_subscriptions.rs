//! Resellers manage what they sell (issue #29 §3), on SQLite and PostgreSQL: an indirect
//! reseller's admins change the license count and the renewal of the subscriptions they are
//! reseller of record for, by the provider's rules, on the page and through the REST API; the
//! provider's audit log and webhooks say so. And the attacks: the reseller changing the
//! reseller of record or the support contact, cancelling or suspending, a subscription it only
//! supports, another reseller's, after the provider moved it away, after the partnership
//! ended, a count out of range, removing licenses after the change window.

use crate::api::{key_for, Api};
use crate::common::*;
use app::customers::subscriptions::ChangeLicenseCount;
use app::error::{AppError, Problem};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn organisation(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().organisation_id
}

/// Northwind's demo customer `name` as its provider reads it.
async fn customer(app: &TestApp, provider: &reqwest::Client, name: &str) -> Value {
    let (_, list) = app.call(provider, "customers/list", &[("search", name), ("page", "1")]).await;
    let id = list["Provider"]["rows"][0]["id"].to_string();
    let (status, customer) = app.call(provider, "customers/get", &[("customer_id", &id)]).await;
    assert_eq!(status, StatusCode::OK, "{customer}");
    customer["customer"].clone()
}

fn licenses(customer: &Value, subscription: i64) -> ChangeLicenseCount {
    ChangeLicenseCount { customer_id: customer["id"].as_i64().unwrap(), subscription_id: subscription, license_count: String::new() }
}

fn count(change: ChangeLicenseCount, count: &str) -> ChangeLicenseCount {
    ChangeLicenseCount { license_count: count.to_string(), ..change }
}

on_both_databases! {
    async fn the_reseller_of_record_changes_license_count_and_renewal_and_the_provider_sees_it(app: TestApp) {
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = organisation(&app, "admin@adatum.example").await;
        listen_for(&app, northwind, vec![app::developer::WebhookEvent::SubscriptionChanged]).await;
        let provider = app.signed_in("admin@northwind.example").await;
        let reseller = app.signed_in("admin@adatum.example").await;
        let woodgrove = customer(&app, &provider, "Woodgrove").await;
        let sub = &woodgrove["subscriptions"][0];
        assert_eq!(sub["reseller_of_record_id"], adatum, "the demo's Woodgrove is resold by Adatum");
        let (cid, sid) = (woodgrove["id"].as_i64().unwrap(), sub["id"].as_i64().unwrap());
        let before = sub["license_count"].as_i64().unwrap();

        // Its Customers page links the subscription; the page offers the count and the renewal only.
        let page = app.get(&reseller, "/customers").await.text().await.unwrap();
        assert!(page.contains(&format!(r#"href="/customers/{cid}/subscriptions/{sid}""#)), "{page}");
        let response = app.get(&reseller, &format!("/customers/{cid}/subscriptions/{sid}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = response.text().await.unwrap();
        assert!(page.contains(r#"id="resold-note""#) && page.contains("Northwind Distribution sees every change"), "{page}");
        assert!(page.contains(r#"id="licenses-form""#) && page.contains(r#"id="renewal-form""#), "{page}");
        for provider_only in [r#"id="s-reseller""#, r#"id="cancel-title""#, r#"id="suspend-title""#, r#"id="incentive-warnings""#] {
            assert!(!page.contains(provider_only), "{provider_only} is the provider's");
        }

        // More licenses, then one fewer (in the change window); auto-renew off.
        let more = (before + 1).to_string();
        app.run(&reseller, count(licenses(&woodgrove, sid), &more)).await.unwrap();
        app.run(&reseller, count(licenses(&woodgrove, sid), &before.to_string())).await.unwrap();
        app.run(&reseller, count(licenses(&woodgrove, sid), &more)).await.unwrap();
        let (status, body) = app
            .call(&reseller, "customers/subscriptions/renewal", &[("customer_id", &cid.to_string()), ("subscription_id", &sid.to_string()), ("renewal_license_count", ""), ("renewal_plan", "")])
            .await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let after = customer(&app, &provider, "Woodgrove").await;
        let changed = after["subscriptions"].as_array().unwrap().iter().find(|s| s["id"] == sid).unwrap().clone();
        assert_eq!((changed["license_count"].as_i64(), changed["lifecycle"]["auto_renew"].as_bool()), (Some(before + 1), Some(false)), "{changed}");
        assert_eq!(changed["reseller_of_record_id"], sub["reseller_of_record_id"]);
        assert_eq!(changed["support_contact_id"], sub["support_contact_id"], "the support contact stays");

        // The provider's log names the reseller; the reseller's own log has the same changes;
        // the provider's webhooks carry them.
        let provider_log = app.store.audit_log(northwind, 50).await.unwrap();
        let named: Vec<_> = provider_log.iter().filter(|e| e.summary.contains("by the reseller of record Adatum Resellers")).collect();
        assert_eq!(named.iter().filter(|e| e.action == "subscription.update").count(), 3, "{provider_log:?}");
        assert!(named.iter().any(|e| e.action == "subscription.renewal" && e.summary.contains("auto-renew off")));
        assert!(named.iter().all(|e| e.user_id.is_none()), "the reseller's user is the reseller's business");
        let own_log = app.store.audit_log(adatum, 50).await.unwrap();
        assert_eq!(own_log.iter().filter(|e| e.action.starts_with("subscription.")).count(), 4);
        let events: Vec<_> = app.store.webhook_deliveries(northwind, 50).await.unwrap().into_iter().map(|d| d.event_type).collect();
        assert_eq!(events.iter().filter(|e| *e == "subscription.changed").count(), 4, "{events:?}");

        // The REST API: a reseller's key changes the count and the renewal, never the attribution.
        let api = Api::new(&app, key_for(&app, "admin@adatum.example", 600).await);
        let path = format!("/customers/{cid}/subscriptions/{sid}");
        let (status, _, body) = api.send(reqwest::Method::PATCH, &path, Some(json!({ "license_count": before + 2 })), &[]).await;
        assert_eq!((status, body["license_count"].as_i64()), (StatusCode::OK, Some(before + 2)), "{body}");
        for attribution in [json!({ "reseller_mpn_id": null }), json!({ "support_contact_id": adatum }), json!({ "license_count": 1, "reseller_mpn_id": "1234567" })] {
            let (status, _, body) = api.send(reqwest::Method::PATCH, &path, Some(attribution.clone()), &[]).await;
            assert_eq!((status, body["errors"][0]["code"].clone()), (StatusCode::UNPROCESSABLE_ENTITY, json!("provider_only")), "{attribution}: {body}");
        }
        let (status, _, body) = api.send(reqwest::Method::PUT, &format!("{path}/renewal"), Some(json!({ "auto_renew": true, "license_count": 45 })), &[]).await;
        assert_eq!((status, body["auto_renew"].clone(), body["renewal"]["license_count"].clone()), (StatusCode::OK, json!(true), json!(45)), "{body}");
        let (status, _, body) = api.send(reqwest::Method::POST, &format!("{path}/cancel"), None, &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "cancel is the provider's: {body}");
        let after = customer(&app, &provider, "Woodgrove").await;
        let changed = after["subscriptions"].as_array().unwrap().iter().find(|s| s["id"] == sid).unwrap().clone();
        assert_eq!(changed["license_count"].as_i64(), Some(before + 2));
        assert_eq!(changed["reseller_of_record_id"], adatum, "{changed}");
    }

    async fn a_reseller_changes_nothing_else(app: TestApp) {
        let adatum = organisation(&app, "admin@adatum.example").await;
        let provider = app.signed_in("admin@northwind.example").await;
        let reseller = app.signed_in("admin@adatum.example").await;
        let woodgrove = customer(&app, &provider, "Woodgrove").await;
        let coho = customer(&app, &provider, "Coho").await;
        let sid = woodgrove["subscriptions"][0]["id"].as_i64().unwrap();
        let start = woodgrove["subscriptions"][0]["license_count"].as_i64().unwrap();
        let coho_sid = coho["subscriptions"][0]["id"].as_i64().unwrap();
        assert_eq!(coho["subscriptions"][0]["support_contact_id"], adatum, "Adatum only supports Coho's");

        // The provider's own forms: refused for the program, whatever the record.
        let form = |customer: &Value, sid: i64| (customer["id"].to_string(), sid.to_string());
        let (c, s) = form(&woodgrove, sid);
        let (status, _) = app.call(&reseller, "customers/subscriptions/update", &[("customer_id", &c), ("subscription_id", &s), ("license_count", "41"), ("reseller_mpn_id", ""), ("support_contact_id", "")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        for (endpoint, extra) in [("customers/subscriptions/cancel", None), ("customers/subscriptions/suspend", Some(("suspend", "true")))] {
            let mut args = vec![("customer_id", c.as_str()), ("subscription_id", s.as_str())];
            args.extend(extra);
            assert_eq!(app.call(&reseller, endpoint, &args).await.0, StatusCode::FORBIDDEN, "{endpoint}");
        }
        // A subscription it only supports; the customer's other IDs; out of range.
        assert_eq!(app.run(&reseller, count(licenses(&coho, coho_sid), "13")).await, Err(AppError::NotFound));
        assert_eq!(app.run(&reseller, count(licenses(&coho, sid), "41")).await, Err(AppError::NotFound), "another customer's ID with it");
        assert_eq!(app.get(&reseller, &format!("/customers/{}/subscriptions/{coho_sid}", coho["id"])).await.status(), StatusCode::NOT_FOUND);
        for out_of_range in ["0", "100000", "x", "1e3"] {
            let refused = app.run(&reseller, count(licenses(&woodgrove, sid), out_of_range)).await.unwrap_err();
            assert!(matches!(&refused, AppError::Invalid(errors) if errors[0].field == "license_count"), "{out_of_range}: {refused:?}");
        }
        // Another reseller (Litware: not Northwind's partner) reads and changes nothing.
        let litware = app.signed_in("agent@litware.example").await;
        assert_eq!(app.run(&litware, count(licenses(&woodgrove, sid), "41")).await, Err(AppError::NotFound));

        // Licenses removed only in the change window.
        let later = app.clock.now() + app::subscriptions::CHANGE_WINDOW_SECONDS + 3600;
        app.clock.set(later);
        let refused = app.run(&reseller, count(licenses(&woodgrove, sid), &(start - 1).to_string())).await.unwrap_err();
        assert!(matches!(&refused, AppError::Invalid(errors) if matches!(errors[0].problem, Problem::ChangeWindowClosed { .. })), "{refused:?}");
        app.clock.set(later - app::subscriptions::CHANGE_WINDOW_SECONDS - 3600);

        // The provider moves the reseller of record away: the reseller's access goes with it.
        let (status, body) = app
            .call(&provider, "customers/subscriptions/update", &[("customer_id", &c), ("subscription_id", &s), ("license_count", &start.to_string()), ("reseller_mpn_id", ""), ("support_contact_id", "")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(app.run(&reseller, count(licenses(&woodgrove, sid), "41")).await, Err(AppError::NotFound));

        // The partnership ends: its other resold subscription closes to it too.
        let other = woodgrove["subscriptions"][1]["id"].as_i64().unwrap();
        app.run(&reseller, count(licenses(&woodgrove, other), "41")).await.unwrap();
        let (status, body) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum.to_string())]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        assert_eq!(app.run(&reseller, count(licenses(&woodgrove, other), "42")).await, Err(AppError::NotFound));
        assert_eq!(app.get(&reseller, &format!("/customers/{c}/subscriptions/{other}")).await.status(), StatusCode::NOT_FOUND);
        let woodgrove = customer(&app, &provider, "Woodgrove").await;
        assert_eq!(woodgrove["subscriptions"][1]["license_count"], 41, "nothing changed after the partnership ended");
    }
}
