//! The subscription lifecycle, on SQLite and PostgreSQL: the 7-day change window at its edges
//! (the server's clock set to the second, never a sleep), license changes charged or refunded
//! for the rest of the billing period, cancellation, what changes at renewal, the renewal
//! worker (scheduled changes, the price list's price, one renewal per term however many
//! workers run), expiry without auto-renew, and the same through the REST API.

use crate::api::{key_for, Api};
use crate::common::*;
use app::pricing::{Decimal, Plan};
use app::subscriptions::{add_months, Lifecycle, CHANGE_WINDOW_SECONDS};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Northwind's new customer in NL with Microsoft 365 Business Premium × 15 (1 year, billed
/// monthly: €20.68) and Power BI Pro × 5 (1 year, billed annually: €157.92). Returns the
/// customer's ID and its subscriptions as `customers/get` shows them.
pub(crate) async fn priced_customer(app: &TestApp, provider: &reqwest::Client, domain: &str) -> (String, Vec<Value>) {
    let body = json!({ "order": {
        "reseller_id": null,
        "details": {
            "company_name": "Lifecycle Ltd", "domain_prefix": domain, "address_line1": "Coolsingel 1",
            "city": "Rotterdam", "postal_code": "3011 AD", "country": "NL", "phone": "", "registration_number": "",
            "contact_first_name": "Lies", "contact_last_name": "Jansen", "contact_email": "lies@lifecycle.example", "language": "nl"
        },
        "lines": [["M365-BUSINESS-PREMIUM", "15"], ["POWER-BI-PRO", "5"]],
        "plans": [["M365-BUSINESS-PREMIUM", "P1Y-monthly"], ["POWER-BI-PRO", "P1Y-annual"]],
        "idempotency_key": domain
    }});
    let (status, setup) = app.call_json(provider, "customers/create", body).await;
    assert_eq!(status, StatusCode::OK, "{setup}");
    let id = setup["customer_id"].to_string();
    (id.clone(), subscriptions(app, provider, &id).await)
}

pub(crate) async fn subscriptions(app: &TestApp, provider: &reqwest::Client, customer_id: &str) -> Vec<Value> {
    let (status, customer) = app.call(provider, "customers/get", &[("customer_id", customer_id)]).await;
    assert_eq!(status, StatusCode::OK, "{customer}");
    customer["customer"]["subscriptions"].as_array().unwrap().clone()
}

pub(crate) fn lifecycle(subscription: &Value) -> (i64, i64) {
    (subscription["lifecycle"]["term_started_at"].as_i64().unwrap(), subscription["lifecycle"]["ends_at"].as_i64().unwrap())
}

fn fields(body: &Value) -> Vec<(String, Value)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].clone())).collect())
        .unwrap_or_default()
}

/// A server function that leads to a page when it succeeds answers with a redirect to it.
fn done(status: StatusCode, body: &Value) {
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
}

async fn set_count(app: &TestApp, provider: &reqwest::Client, customer: &str, subscription: &Value, count: &str) -> (StatusCode, Value) {
    let id = subscription["id"].to_string();
    app.call(
        provider,
        "customers/subscriptions/update",
        &[("customer_id", customer), ("subscription_id", &id), ("license_count", count), ("reseller_mpn_id", ""), ("support_contact_id", "")],
    )
    .await
}

pub(crate) async fn set_renewal(
    app: &TestApp,
    provider: &reqwest::Client,
    customer: &str,
    subscription: &Value,
    count: &str,
    plan: &str,
    auto: bool,
) -> (StatusCode, Value) {
    let id = subscription["id"].to_string();
    let mut form = vec![("customer_id", customer), ("subscription_id", id.as_str()), ("renewal_license_count", count), ("renewal_plan", plan)];
    if auto {
        form.push(("auto_renew", "on"));
    }
    app.call(provider, "customers/subscriptions/renewal", &form).await
}

/// `amount` prorated the way the domain does: for the days left at `now` of the billing period.
fn prorated(plan: Plan, started: i64, now: i64, amount: &str) -> Decimal {
    Lifecycle::starting(plan, started).proration(now).of(amount.parse().unwrap(), "EUR")
}

on_both_databases! {
    async fn licenses_are_removed_only_until_168_hours_after_purchase(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "windowedges").await;
        let premium = &subs[0];
        let (started, ends) = lifecycle(premium);
        assert_eq!(ends, add_months(started, 12), "a year's term");
        assert_eq!(premium["lifecycle"]["status"], "active");
        assert_eq!(premium["lifecycle"]["auto_renew"], true);

        // The last second of the window: removing 5 licenses refunds the days left of the month.
        let last = started + CHANGE_WINDOW_SECONDS - 1;
        app.clock.set(last);
        let (status, body) = set_count(&app, &provider, &customer, premium, "10").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let refund = prorated(Plan::USUAL, started, last, "103.40");
        assert!(refund > Decimal::ZERO);

        // One second later the window is closed: fewer licenses are refused, with when it
        // closed and when the next opens; more licenses are still taken at once.
        app.clock.set(last + 1);
        let (status, body) = set_count(&app, &provider, &customer, premium, "9").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            fields(&body),
            vec![("license_count".to_string(), json!({ "ChangeWindowClosed": { "closed_at": last + 1, "next_opens_at": ends } }))]
        );
        let (status, body) = app.call(&provider, "customers/subscriptions/cancel", &[("customer_id", &customer), ("subscription_id", &premium["id"].to_string())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&body)[0].0, "cancel");
        let (status, body) = set_count(&app, &provider, &customer, premium, "12").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(subscriptions(&app, &provider, &customer).await[0]["license_count"], 12);

        // The page says so, and offers no Cancel.
        let page = app.get(&provider, &format!("/customers/{customer}/subscriptions/{}", premium["id"])).await.text().await.unwrap();
        assert!(page.contains("The window to remove licenses or cancel closed on"), "{page}");
        assert!(page.contains(&format!("Renews on {}", app::format::date(ends, app::i18n::Locale::En))));
        assert!(!page.contains("Cancel now"));

        // The audit log has the refund and the charge, to the cent.
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await);
        let (_, audit) = api.get("/audit-log?action=subscription.update").await;
        let summaries: Vec<String> = audit["data"].as_array().unwrap().iter().map(|e| e["summary"].as_str().unwrap().to_string()).collect();
        assert!(summaries.iter().any(|s| s.contains(&format!("licenses 15 -> 10 (refund {refund} EUR)"))), "{summaries:?}");
        let charge = prorated(Plan::USUAL, started, last + 1, "41.36");
        assert!(summaries.iter().any(|s| s.contains(&format!("licenses 10 -> 12 (charge {charge} EUR)"))), "{summaries:?}");
    }

    async fn a_subscription_cancelled_in_its_window_refunds_the_rest_and_changes_no_more(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "cancelling").await;
        let power_bi = &subs[1];
        let (started, _) = lifecycle(power_bi);
        let page = app.get(&provider, &format!("/customers/{customer}/subscriptions/{}", power_bi["id"])).await.text().await.unwrap();
        assert!(page.contains("Cancel now") && page.contains("Licenses can be removed, or the subscription cancelled, until"));

        // A day after purchase, through the REST API: 5 × €157.92 for the 364 (or 365) days left.
        let now = started + 86_400;
        app.clock.set(now);
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await);
        let (status, cancelled) = api.post(&format!("/customers/{customer}/subscriptions/{}/cancel", power_bi["id"]), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{cancelled}");
        let annual = Plan { term: app::pricing::Term::P1Y, billing_plan: app::pricing::BillingPlan::Annual };
        assert_eq!(cancelled["refund"], json!({ "currency": "EUR", "amount": prorated(annual, started, now, "789.60").to_string() }));
        assert_eq!(cancelled["subscription"]["status"], "cancelled");
        assert_eq!(cancelled["subscription"]["auto_renew"], false);

        // Cancelled: no more licenses, no second cancellation, no renewal settings.
        let (status, body) = set_count(&app, &provider, &customer, power_bi, "6").await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("license_count".to_string(), json!("SubscriptionNotActive"))]));
        let (status, body) = app.call(&provider, "customers/subscriptions/cancel", &[("customer_id", &customer), ("subscription_id", &power_bi["id"].to_string())]).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("cancel".to_string(), json!("SubscriptionNotActive"))]));
        let (status, _) = set_renewal(&app, &provider, &customer, power_bi, "", "", true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = app.get(&provider, &format!("/customers/{customer}/subscriptions/{}", power_bi["id"])).await.text().await.unwrap();
        assert!(page.contains(r#"data-status="cancelled""#) && !page.contains("Cancel now"));

        // The other subscription, on the page: cancelled at the same instant by the page's form.
        let premium = &subs[0];
        let (status, body) = app.call(&provider, "customers/subscriptions/cancel", &[("customer_id", &customer), ("subscription_id", &premium["id"].to_string())]).await;
        done(status, &body);
        assert_eq!(subscriptions(&app, &provider, &customer).await[0]["lifecycle"]["status"], "cancelled");

        // Another provider cannot cancel Northwind's subscriptions.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (status, _) = app.call(&tailspin, "customers/subscriptions/cancel", &[("customer_id", &customer), ("subscription_id", &premium["id"].to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn a_renewal_applies_its_scheduled_changes_at_the_price_then_once(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "renewing").await;
        let premium = &subs[0];
        let (started, ends) = lifecycle(premium);

        // The renewal settings are checked: a count in the license range, a plan the market sells.
        let (status, body) = set_renewal(&app, &provider, &customer, premium, "0", "P3Y-triennial", true).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![
            ("renewal_license_count".to_string(), json!({ "LicenseRange": { "min": 1, "max": 300 } })),
            ("renewal_plan".to_string(), json!("PlanNotOffered")),
        ]);
        let (status, body) = set_renewal(&app, &provider, &customer, premium, "", &"P1Y-annual".repeat(10), true).await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("renewal_plan".to_string(), json!({ "TooLong": { "max": 40 } }))]));
        // Set after the window closed: renewal settings can change all term long.
        app.clock.set(started + CHANGE_WINDOW_SECONDS + 3600);
        let (status, body) = set_renewal(&app, &provider, &customer, premium, "20", "P1Y-annual", true).await;
        done(status, &body);
        let scheduled = &subscriptions(&app, &provider, &customer).await[0];
        assert_eq!((scheduled["renewal_license_count"].clone(), scheduled["renewal_plan"].clone()), (json!(20), json!({ "term": "P1Y", "billing_plan": "Annual" })));

        // Nothing renews before the end date; at it, the scheduled changes apply at the price
        // list's price for the new plan, and the change window opens again.
        // (The demo's subscriptions, bought a moment earlier, may renew at `ends - 1`.)
        app::customers::subscriptions::service::renew_due(&app.store, ends - 1).await.unwrap();
        assert_eq!(lifecycle(&subscriptions(&app, &provider, &customer).await[0]), (started, ends), "not renewed a second early");
        assert!(app::customers::subscriptions::service::renew_due(&app.store, ends).await.unwrap() >= 1);
        let renewed = &subscriptions(&app, &provider, &customer).await[0];
        assert_eq!(lifecycle(renewed), (ends, add_months(ends, 12)));
        assert_eq!(renewed["license_count"], 20);
        assert_eq!((renewed["price"]["plan"]["billing_plan"].clone(), renewed["price"]["unit_price"].clone()), (json!("Annual"), json!("248.16")));
        assert_eq!((renewed["renewal_license_count"].clone(), renewed["renewal_plan"].clone()), (Value::Null, Value::Null), "the changes were used");
        app.clock.set(ends + 3600);
        let (status, body) = set_count(&app, &provider, &customer, renewed, "18").await;
        assert_eq!(status, StatusCode::OK, "a new window: {body}");

        // Two workers (two servers) at the next end date renew it once, not twice.
        let next = add_months(ends, 12);
        let (a, b) = tokio::join!(
            app::customers::subscriptions::service::renew_due(&app.store, next),
            app::customers::subscriptions::service::renew_due(&app.store, next)
        );
        assert!(a.is_ok() && b.is_ok());
        assert_eq!(lifecycle(&subscriptions(&app, &provider, &customer).await[0]), (next, add_months(next, 12)));
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await);
        let (_, audit) = api.get("/audit-log?action=subscription.renew&limit=100").await;
        let record = premium["id"].to_string();
        let renewals = audit["data"].as_array().unwrap().iter().filter(|e| e["record_id"].as_str() == Some(record.as_str()) && e["action"] == "subscription.renew").count();
        assert_eq!(renewals, 2, "one renewal per term: {audit}");
    }

    async fn without_auto_renew_a_subscription_expires_on_its_end_date(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "expiring").await;
        let premium = &subs[0];
        let (started, ends) = lifecycle(premium);
        let (status, body) = set_renewal(&app, &provider, &customer, premium, "", "", false).await;
        done(status, &body);
        app.clock.set(started + CHANGE_WINDOW_SECONDS);
        let page = app.get(&provider, &format!("/customers/{customer}/subscriptions/{}", premium["id"])).await.text().await.unwrap();
        assert!(page.contains(&format!("Ends on {} without renewing", app::format::date(ends, app::i18n::Locale::En))), "{page}");
        assert!(page.contains("and the subscription does not renew"));
        let (status, body) = set_count(&app, &provider, &customer, premium, "14").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec![("license_count".to_string(), json!({ "ChangeWindowClosed": { "closed_at": started + CHANGE_WINDOW_SECONDS, "next_opens_at": null } }))]);

        assert!(app::customers::subscriptions::service::renew_due(&app.store, ends).await.unwrap() >= 1);
        let expired = &subscriptions(&app, &provider, &customer).await[0];
        assert_eq!(expired["lifecycle"]["status"], "expired");
        assert_eq!(lifecycle(expired), (started, ends), "its dates stay");
        app.clock.set(ends + 60);
        let (status, body) = set_count(&app, &provider, &customer, expired, "16").await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("license_count".to_string(), json!("SubscriptionNotActive"))]));
        let list = app.get(&provider, "/customers?q=Lifecycle").await.text().await.unwrap();
        assert!(list.contains(&format!("Ended on {}", app::format::date(ends, app::i18n::Locale::En))), "the Customers page shows it");
    }

    async fn the_rest_api_shows_the_lifecycle_and_sets_the_renewal(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "restlife").await;
        let (started, ends) = lifecycle(&subs[0]);
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await);
        let (status, body) = api.get(&format!("/customers/{customer}")).await;
        assert_eq!(status, StatusCode::OK);
        let s = &body["subscriptions"][0];
        assert_eq!(
            (s["status"].clone(), s["plan"].clone(), s["term_started_at"].clone(), s["ends_at"].clone(), s["auto_renew"].clone(), s["change_window_closes_at"].clone()),
            (json!("active"), json!("P1Y-monthly"), json!(started), json!(ends), json!(true), json!(started + CHANGE_WINDOW_SECONDS))
        );
        let path = format!("/customers/{customer}/subscriptions/{}/renewal", subs[0]["id"]);
        let (status, _, refused) = api.send(reqwest::Method::PUT, &path, Some(json!({ "license_count": 500, "plan": "P3Y-triennial", "auto_renew": true })), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let pointers: Vec<&str> = refused["errors"].as_array().unwrap().iter().map(|e| e["pointer"].as_str().unwrap()).collect();
        assert_eq!(pointers, vec!["/license_count", "/plan"]);
        let (status, _, renewal) = api.send(reqwest::Method::PUT, &path, Some(json!({ "license_count": 25, "plan": "P1M-monthly", "auto_renew": false })), &[]).await;
        assert_eq!(status, StatusCode::OK, "{renewal}");
        assert_eq!((renewal["renewal"].clone(), renewal["auto_renew"].clone()), (json!({ "license_count": 25, "plan": "P1M-monthly" }), json!(false)));
        app.clock.set(started + CHANGE_WINDOW_SECONDS);
        let (status, refused) = api.post(&format!("/customers/{customer}/subscriptions/{}/cancel", subs[0]["id"]), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["errors"][0]["code"], "change_window_closed");
    }
}

on_both_databases! {
    async fn a_suspended_subscription_does_not_renew_until_reactivated(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "suspending").await;
        let (premium, power_bi) = (&subs[0], &subs[1]);
        let (_, ends) = lifecycle(premium);
        let suspend = |subscription: &Value, suspend: &'static str| {
            let id = subscription["id"].to_string();
            let (app, provider, customer) = (&app, provider.clone(), customer.clone());
            async move {
                app.call(&provider, "customers/subscriptions/suspend", &[("customer_id", customer.as_str()), ("subscription_id", id.as_str()), ("suspend", suspend)]).await
            }
        };
        let (status, body) = suspend(premium, "true").await;
        done(status, &body);
        let (status, body) = suspend(premium, "true").await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("status".to_string(), json!("SubscriptionNotActive"))]), "suspended already");
        let (status, body) = set_count(&app, &provider, &customer, premium, "20").await;
        assert_eq!((status, fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("license_count".to_string(), json!("SubscriptionNotActive"))]));
        let page = app.get(&provider, &format!("/customers/{customer}/subscriptions/{}", premium["id"])).await.text().await.unwrap();
        assert!(page.contains(r#"data-status="suspended""#) && page.contains("Reactivate"));

        // The other one is suspended and reactivated through the REST API.
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 120).await);
        let (status, body) = api.post(&format!("/customers/{customer}/subscriptions/{}/suspend", power_bi["id"]), json!({})).await;
        assert_eq!((status, body["status"].clone()), (StatusCode::OK, json!("suspended")), "{body}");
        let (status, body) = api.post(&format!("/customers/{customer}/subscriptions/{}/reactivate", power_bi["id"]), json!({})).await;
        assert_eq!((status, body["status"].clone()), (StatusCode::OK, json!("active")), "{body}");

        // At the end date, the suspended one expires and the active one renews.
        assert!(app::customers::subscriptions::service::renew_due(&app.store, ends).await.unwrap() >= 2);
        let after = subscriptions(&app, &provider, &customer).await;
        assert_eq!((after[0]["lifecycle"]["status"].clone(), after[1]["lifecycle"]["status"].clone()), (json!("expired"), json!("active")));
        assert_eq!(lifecycle(&after[1]).0, ends, "renewed");
    }
}
