//! The bulk loader of the scale benchmarks, on SQLite and PostgreSQL (small numbers here;
//! `make bench` loads a million offers).

use crate::common::*;

on_both_databases! {
    async fn the_bulk_loader_adds_findable_offers_customers_and_subscriptions(app: TestApp) {
        let spec = app::store::scale::ScaleSpec { offers: 3000, customers: 400, subscriptions_per_customer: 5, resellers: 7 };
        app::store::open_scale(&app.database_url).await.unwrap().seed_scale(&spec).await.unwrap();
        let advisor = app.signed_in("advisor@contoso.example").await;
        let wanted = app::store::scale::summary_id_of(2500);
        let (_, found) = app.call(&advisor, "offers/list", &[("search", &wanted), ("page", "1")]).await;
        assert_eq!(found["total"], 1, "{found}");
        assert_eq!(found["rows"][0]["summary_id"], wanted.as_str());
        let (_, all) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(all["total"], 3000);

        let provider = app.signed_in("admin@northwind.example").await;
        let northwind = app.store.organisation_by_mpn_id("2000001").await.unwrap().unwrap().id;
        let reseller = app.store.organisation_by_mpn_id("4000003").await.unwrap().unwrap().id;
        assert!(app.store.partnership_active(northwind, reseller).await.unwrap());
        let (_, page) = app.call(&provider, "customers/list", &[("reseller", &reseller.to_string()), ("search", ""), ("page", "1")]).await;
        let total = page["Provider"]["total"].as_i64().unwrap();
        assert!((57..=58).contains(&total), "400 customers over 7 resellers: {total}");
        assert_eq!(page["Provider"]["rows"][0]["subscriptions"].as_array().unwrap().len(), 5);

        // Indirect resellers counts each reseller's customers and subscriptions (the latter
        // through the provider kept on each subscription, migration 0009).
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let row = overview["resellers"].as_array().unwrap().iter().find(|r| r["id"] == reseller).expect("the reseller").clone();
        assert_eq!(row["customers"], total, "{row}");
        assert_eq!(row["subscriptions"], total * 5, "five subscriptions per customer: {row}");
        // A subscription added later counts too, and another provider's never does.
        let customer = page["Provider"]["rows"][0]["id"].as_i64().unwrap();
        let (status, body) = app
            .call_json(&provider, "customers/subscriptions/add", serde_json::json!({
                "customer_id": customer, "lines": [["POWER-BI-PRO", "5"]], "reseller_id": reseller
            }))
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let row = overview["resellers"].as_array().unwrap().iter().find(|r| r["id"] == reseller).unwrap().clone();
        assert_eq!(row["subscriptions"], total * 5 + 1, "{row}");
        let (_, tailspin) = app.call(&app.signed_in("admin@tailspin.example").await, "resellers/list", &[("search", "")]).await;
        assert!(tailspin["resellers"].as_array().unwrap().iter().all(|r| r["subscriptions"] == 0), "{tailspin}");
    }
}
