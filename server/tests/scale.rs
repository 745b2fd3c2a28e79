//! The bulk loader of the scale benchmarks, on SQLite and PostgreSQL (small numbers here;
//! `make bench` loads a million offers).

mod common;
use common::*;

on_both_databases! {
    async fn the_bulk_loader_adds_findable_offers_customers_and_subscriptions(app: TestApp) {
        let spec = app::store::scale::ScaleSpec { offers: 3000, customers: 400, subscriptions_per_customer: 5, resellers: 7 };
        app.store.seed_scale(&spec).await.unwrap();
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
    }
}
