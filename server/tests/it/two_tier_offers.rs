//! Two-tier offers (issue #29 §2), on SQLite and PostgreSQL: an indirect reseller makes a
//! purchase offer of a partnered provider's subscriptions; the client who accepts becomes the
//! provider's customer with the reseller as reseller of record and designated support contact;
//! the provider sees the offers and acceptances under the reseller; removing the partnership
//! withdraws the open ones. And the attacks: an offer for a provider the reseller does not
//! partner with, a discount below the provider's prices, delegated administration, a provider's
//! user making offers, an acceptance racing the partnership's removal.

use crate::api::{key_for, Api};
use crate::client_offers::acceptance;
use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn organisation(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().organisation_id
}

/// The wizard's form of a two-tier offer of Business Basic × 25 in NL for `provider`.
async fn resold_form(app: &TestApp, reseller: &reqwest::Client, provider: &str, extra: Value) -> Value {
    let (status, start) = app.call(reseller, "offers/start", &[]).await;
    assert_eq!(status, StatusCode::OK, "{start}");
    let office = start["offices"][0]["id"].as_i64().expect("the reseller's office").to_string();
    let mut form = json!({
        "provider_id": provider, "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "25"]],
        "delegated_admin": false, "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "", "idempotency_key": ""
    });
    for (name, value) in extra.as_object().into_iter().flatten() {
        form[name] = value.clone();
    }
    form
}

/// Creates the offer; returns (summary ID, advisor code, token).
async fn create_resold_offer(app: &TestApp, reseller: &reqwest::Client, provider: i64) -> (String, String, String) {
    let form = resold_form(app, reseller, &provider.to_string(), json!({})).await;
    let (status, summary) = app.call_json(reseller, "offers/create", json!({ "form": form })).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    let summary = summary.as_str().unwrap().to_string();
    let (_, detail) = app.call(reseller, "offers/get", &[("summary_id", &summary)]).await;
    let path = detail["url_path"].as_str().unwrap().to_string();
    let mut parts = path.trim_start_matches("/offer/").split('/');
    let (code, token) = (parts.next().unwrap().to_string(), parts.next().unwrap().to_string());
    (summary, code, token)
}

async fn events(app: &TestApp, organisation_id: i64) -> Vec<String> {
    app.store.webhook_deliveries(organisation_id, 50).await.unwrap().into_iter().map(|d| d.event_type).collect()
}

on_both_databases! {
    async fn the_client_of_a_resellers_offer_becomes_the_providers_customer_resold_by_it(app: TestApp) {
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = organisation(&app, "admin@adatum.example").await;
        listen_for(&app, northwind, vec![app::developer::WebhookEvent::CustomerCreated]).await;
        listen_for(&app, adatum, vec![app::developer::WebhookEvent::OfferAccepted]).await;
        let reseller = app.signed_in("admin@adatum.example").await;

        // The wizard offers the reseller its partnered provider, and no offer of its own.
        let (_, start) = app.call(&reseller, "offers/start", &[]).await;
        assert_eq!(start["own_offers"], false, "{start}");
        assert_eq!(start["providers"], json!([{ "id": northwind, "name": "Northwind Distribution" }]));
        let page = app.get(&reseller, "/offers/new").await.text().await.unwrap();
        assert!(page.contains(r#"id="provider""#) && page.contains("Northwind Distribution"), "the wizard asks for the provider");

        let (summary, code, token) = create_resold_offer(&app, &reseller, northwind).await;
        let (_, detail) = app.call(&reseller, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["provider"], json!({ "id": northwind, "name": "Northwind Distribution" }));
        assert_eq!(code, "adatum-resellers", "the reseller's own link, made for its first offer");
        let page = app.get(&reseller, &format!("/offers/{summary}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="resold-for""#), "the Send page says whose subscriptions it sells");
        let (_, list) = app.call(&reseller, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(list["rows"][0]["provider"]["name"], "Northwind Distribution", "{list}");

        // The client reads who sells what, and accepts.
        let client = app.client();
        let (status, view) = app.call(&client, "offer/view", &[("code", &code), ("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!((view["offer"]["advisor_company"].as_str(), view["offer"]["provider_company"].as_str()), (Some("Adatum Resellers"), Some("Northwind Distribution")));
        let page = app.get(&client, &format!("/offer/{code}/{token}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="resold-notice""#) && page.contains("you become Northwind Distribution"), "{page}");
        let (status, receipt) = app.call(&client, "offer/accept", &acceptance(&code, &token, "wingtip", "30", "", "k1")).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");

        // The provider's customer, the reseller its reseller of record and support contact.
        let provider = app.signed_in("admin@northwind.example").await;
        let (_, customers) = app.call(&provider, "customers/list", &[("search", "Wingtip"), ("page", "1")]).await;
        let row = &customers["Provider"]["rows"][0];
        let id = row["id"].to_string();
        let (status, customer) = app.call(&provider, "customers/get", &[("customer_id", &id)]).await;
        assert_eq!(status, StatusCode::OK, "{customer}");
        let customer = &customer["customer"];
        assert_eq!(customer["reseller_id"], adatum, "{customer}");
        let subscription = &customer["subscriptions"][0];
        assert_eq!((subscription["license_count"].as_i64(), &subscription["reseller_of_record_id"], &subscription["support_contact_id"]), (Some(30), &json!(adatum), &json!(adatum)));
        // The reseller sees its customer among those its provider gave it.
        let (_, given) = app.call(&reseller, "customers/list", &[("search", "Wingtip"), ("page", "1")]).await;
        assert!(given.to_string().contains("Wingtip Toys"), "{given}");

        // The provider sees the offer and the acceptance under the reseller, on its page and by REST.
        let (status, resold) = app.call(&provider, "resellers/offers", &[("reseller_id", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{resold}");
        assert_eq!((resold["offers"][0]["summary_id"].as_str(), resold["offers"][0]["acceptances"].as_i64()), (Some(summary.as_str()), Some(1)));
        assert_eq!(resold["acceptances"][0]["company_name"], "Wingtip Toys");
        let page = app.get(&provider, &format!("/resellers/{adatum}/offers")).await.text().await.unwrap();
        assert!(page.contains(&summary) && page.contains(r#"href="/customers?q=Wingtip%20Toys""#), "{page}");
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 600).await);
        let (status, body) = api.get(&format!("/partnerships/{adatum}/offers")).await;
        assert_eq!((status, body["acceptances"][0]["customer_id"].to_string()), (StatusCode::OK, id.clone()), "{body}");
        let reseller_api = Api::new(&app, key_for(&app, "admin@adatum.example", 600).await);
        let (status, body) = reseller_api.get(&format!("/offers/{summary}")).await;
        assert_eq!((status, body["provider"]["id"].as_i64()), (StatusCode::OK, Some(northwind)), "{body}");
        // Another provider sees nothing of it.
        let (status, _) = app.call(&app.signed_in("admin@tailspin.example").await, "resellers/offers", &[("reseller_id", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Each organisation's log and webhooks have their half.
        let provider_log = app.store.audit_log(northwind, 50).await.unwrap();
        assert!(provider_log.iter().any(|e| e.action == "customer.create" && e.summary.contains("Wingtip Toys")), "{provider_log:?}");
        assert!(provider_log.iter().any(|e| e.action == "offer.accept" && e.summary.contains(&summary)), "{provider_log:?}");
        let reseller_log = app.store.audit_log(adatum, 50).await.unwrap();
        assert!(reseller_log.iter().any(|e| e.action == "offer.create" && e.summary.contains(&format!("provider {northwind}"))));
        assert!(reseller_log.iter().any(|e| e.action == "offer.accept"), "{reseller_log:?}");
        assert!(!reseller_log.iter().any(|e| e.action == "customer.create"), "the customer is the provider's");
        assert!(events(&app, northwind).await.contains(&"customer.created".to_string()));
        assert!(events(&app, adatum).await.contains(&"offer.accepted".to_string()));
    }

    async fn a_reseller_sells_only_for_its_partners_at_their_prices(app: TestApp) {
        let tailspin = organisation(&app, "admin@tailspin.example").await;
        let reseller = app.signed_in("admin@adatum.example").await;
        let refused = |form: Value| {
            let reseller = reseller.clone();
            let app = &app;
            async move {
                let (status, body) = app.call_json(&reseller, "offers/create", json!({ "form": form })).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                invalid_fields(&body)
            }
        };
        // No provider, one it does not partner with, not a number: refused before anything is stored.
        for provider in [String::new(), tailspin.to_string(), "northwind".to_string(), "9".repeat(30)] {
            let form = resold_form(&app, &reseller, &provider, json!({})).await;
            assert_eq!(refused(form).await, vec![("provider_id".to_string(), json!("ChooseProvider"))], "{provider:?}");
        }
        let northwind = organisation(&app, "admin@northwind.example").await.to_string();
        // The provider's prices are the least it sells at.
        let discount = resold_form(&app, &reseller, &northwind, json!({ "adjustments": [["M365-BUSINESS-BASIC", "10%"]] })).await;
        let problems = refused(discount).await;
        assert_eq!(problems.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), vec!["price.M365-BUSINESS-BASIC"], "{problems:?}");
        // Delegated administration is the provider's to ask for.
        let gdap = resold_form(
            &app,
            &reseller,
            &northwind,
            json!({ "delegated_admin": true, "gdap_name": "Wingtip", "gdap_roles": ["UserAdministrator"], "gdap_duration_days": "30" }),
        )
        .await;
        assert_eq!(refused(gdap).await, vec![("delegated_admin".to_string(), json!("NoDelegatedAdminResold"))]);
        // The REST API says the same, at the member that caused it.
        let api = Api::new(&app, key_for(&app, "admin@adatum.example", 600).await);
        let (_, start) = app.call(&reseller, "offers/start", &[]).await;
        let office = start["offices"][0]["id"].as_i64().unwrap();
        let body = json!({ "provider_id": tailspin, "office_id": office, "usage_location": "NL", "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 5 }] });
        let (status, problem) = api.post("/offers", body.clone()).await;
        assert_eq!((status, problem["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/provider_id")), "{problem}");
        let mut partnered = body;
        partnered["provider_id"] = json!(northwind.parse::<i64>().unwrap());
        let (status, created) = api.post("/offers", partnered).await;
        assert_eq!((status, created["provider"]["name"].as_str()), (StatusCode::CREATED, Some("Northwind Distribution")), "{created}");

        // A provider's users make no offers.
        let provider = app.signed_in("sales@northwind.example").await;
        let (status, _) = app.call(&provider, "offers/start", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn removing_the_partnership_withdraws_the_resellers_open_offers(app: TestApp) {
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = organisation(&app, "admin@adatum.example").await;
        let reseller = app.signed_in("admin@adatum.example").await;
        let (first, code, token) = create_resold_offer(&app, &reseller, northwind).await;
        let (second, code2, token2) = create_resold_offer(&app, &reseller, northwind).await;
        let (_, _) = app.call(&reseller, "offers/withdraw", &[("summary_id", &second)]).await;

        // The confirmation says what the removal withdraws.
        let provider = app.signed_in("admin@northwind.example").await;
        let (_, impact) = app.call(&provider, "resellers/removal", &[("reseller_id", &adatum.to_string())]).await;
        assert_eq!(impact["open_offers"], 1, "{impact}");
        let page = app.get(&provider, &format!("/resellers/{adatum}/remove")).await.text().await.unwrap();
        assert!(page.contains(r#"id="removal-withdraws-offers""#), "{page}");

        // A client reading the offer before the removal, accepting after it.
        let client = app.client();
        let (status, _) = app.call(&client, "offer/view", &[("code", &code), ("token", &token)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum.to_string())]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let (status, body) = app.call(&client, "offer/accept", &acceptance(&code, &token, "wingtip", "30", "", "k1")).await;
        assert_eq!((status, body["Refused"].as_str()), (StatusCode::CONFLICT, Some("OfferPartnershipEnded")), "{body}");
        let response = app.get(&client, &format!("/offer/{code}/{token}")).await;
        assert_eq!(response.status(), StatusCode::GONE);
        let page = response.text().await.unwrap();
        assert!(page.contains("no longer sells this provider"), "the page says why: {page}");
        // The offer withdrawn before keeps its own reason.
        let page = app.get(&client, &format!("/offer/{code2}/{token2}")).await.text().await.unwrap();
        assert!(page.contains("has withdrawn this purchase offer"), "{page}");

        let (_, detail) = app.call(&reseller, "offers/get", &[("summary_id", &first)]).await;
        assert_eq!(detail["row"]["status"], "partnership_ended");
        let log = app.store.audit_log(adatum, 20).await.unwrap();
        assert!(log.iter().any(|e| e.action == "offer.withdraw" && e.summary.starts_with("1 open offers")), "{log:?}");
        // No new offer for it, and nobody made a customer.
        let form = resold_form(&app, &reseller, &northwind.to_string(), json!({})).await;
        let (status, body) = app.call_json(&reseller, "offers/create", json!({ "form": form })).await;
        assert_eq!((status, invalid_fields(&body)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("provider_id".to_string(), json!("ChooseProvider"))]));
        let (_, customers) = app.call(&provider, "customers/list", &[("search", "Wingtip"), ("page", "1")]).await;
        assert_eq!(customers["Provider"]["rows"], json!([]));
    }

    async fn a_provider_makes_an_offer_for_its_reseller_on_its_behalf(app: TestApp) {
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = organisation(&app, "admin@adatum.example").await;
        let provider = app.signed_in("sales@northwind.example").await;
        // The wizard starts from the reseller's offices, the provider itself the only seller.
        let (status, start) = app.call(&provider, "offers/start", &[("reseller", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{start}");
        assert_eq!((start["own_offers"].as_bool(), start["dap_certified"].as_bool()), (Some(false), Some(false)));
        assert_eq!(start["providers"], json!([{ "id": northwind, "name": "Northwind Distribution" }]));
        assert_eq!(start["for_reseller"], json!({ "reseller_id": adatum, "reseller_name": "Adatum Resellers" }));
        assert_eq!(start["offices"][0]["name"], "Rotterdam", "the reseller's office");
        let page = app.get(&provider, &format!("/resellers/{adatum}/offers/new")).await.text().await.unwrap();
        assert!(page.contains(r#"id="on-behalf""#), "{page}");

        let office = start["offices"][0]["id"].to_string();
        let form = json!({ "form": {
            "provider_id": northwind.to_string(), "on_behalf_of": adatum.to_string(), "office_id": office, "usage_location": "NL",
            "lines": [["M365-BUSINESS-BASIC", "8"]], "delegated_admin": false, "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "", "idempotency_key": "b1"
        }});
        let (status, summary) = app.call_json(&provider, "offers/create", form.clone()).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let summary = summary.as_str().unwrap().to_string();
        let (_, again) = app.call_json(&provider, "offers/create", form).await;
        assert_eq!(again.as_str(), Some(summary.as_str()), "a retry is the same offer");

        // The reseller's offer: in its list, its link; the provider sees it with that link.
        let reseller = app.signed_in("admin@adatum.example").await;
        let (_, detail) = app.call(&reseller, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["provider"]["id"], northwind, "{detail}");
        let (_, resold) = app.call(&provider, "resellers/offers", &[("reseller_id", &adatum.to_string())]).await;
        let url = resold["offers"][0]["url"].as_str().unwrap().to_string();
        assert!(url.ends_with(detail["url_path"].as_str().unwrap()), "{url}");
        let page = app.get(&provider, &format!("/resellers/{adatum}/offers?created={summary}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="offer-made""#) && page.contains(r#"id="create-for-reseller""#), "{page}");
        // The provider cannot read the reseller's Send page.
        let (status, _) = app.call(&provider, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Both logs: the reseller's without the provider's person.
        let provider_log = app.store.audit_log(northwind, 20).await.unwrap();
        let made = provider_log.iter().find(|e| e.action == "offer.create").expect("the provider's entry");
        assert!(made.user_id.is_some() && made.summary.contains("made by it for Adatum Resellers"), "{made:?}");
        let reseller_log = app.store.audit_log(adatum, 20).await.unwrap();
        let made = reseller_log.iter().find(|e| e.action == "offer.create").expect("the reseller's entry");
        assert!(made.user_id.is_none(), "{made:?}");

        // A client accepts: the provider's customer, resold by Adatum.
        let path = detail["url_path"].as_str().unwrap().trim_start_matches("/offer/").to_string();
        let (code, token) = path.split_once('/').unwrap();
        let (status, receipt) = app.call(&app.client(), "offer/accept", &acceptance(code, token, "wingtip", "8", "", "k1")).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        let (_, resold) = app.call(&provider, "resellers/offers", &[("reseller_id", &adatum.to_string())]).await;
        assert_eq!(resold["acceptances"][0]["company_name"], "Wingtip Toys", "{resold}");

        // REST: a provider's key makes one too; the answer has the link to send.
        let api = Api::new(&app, key_for(&app, "admin@northwind.example", 600).await);
        let body = json!({ "office_id": start["offices"][0]["id"], "usage_location": "NL", "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 3 }] });
        let (status, created) = api.post(&format!("/partnerships/{adatum}/offers"), body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert!(created["url"].as_str().unwrap().contains("/offer/adatum-resellers/"), "{created}");

        // Not for a reseller it does not partner with, nor by a user who does not sell, nor by
        // another provider, nor with another provider's subscriptions.
        let litware = organisation(&app, "agent@litware.example").await;
        let (status, _) = app.call(&provider, "offers/start", &[("reseller", &litware.to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = api.post(&format!("/partnerships/{litware}/offers"), body.clone()).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&app.signed_in("users@northwind.example").await, "offers/start", &[("reseller", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.call(&app.signed_in("admin@tailspin.example").await, "offers/start", &[("reseller", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let tailspin = organisation(&app, "admin@tailspin.example").await;
        let mut other = body;
        other["provider_id"] = json!(tailspin);
        let (status, problem) = api.post(&format!("/partnerships/{adatum}/offers"), other).await;
        assert_eq!((status, problem["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/provider_id")), "{problem}");
    }

    async fn an_acceptance_racing_the_removal_makes_no_customer(app: TestApp) {
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = organisation(&app, "admin@adatum.example").await;
        let reseller = app.signed_in("admin@adatum.example").await;
        let (_, code, token) = create_resold_offer(&app, &reseller, northwind).await;
        // The partnership ends between the offer's status being read and the acceptance's
        // transaction (here: behind the server's back, the offer still open).
        execute_sql(&app, &format!("UPDATE partnerships SET removed_at = 1 WHERE provider_id = {northwind} AND reseller_id = {adatum}")).await;
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip", "30", "", "k1")).await;
        assert_eq!((status, body["Refused"].as_str()), (StatusCode::CONFLICT, Some("OfferPartnershipEnded")), "{body}");
        let provider = app.signed_in("admin@northwind.example").await;
        let (_, customers) = app.call(&provider, "customers/list", &[("search", "Wingtip"), ("page", "1")]).await;
        assert_eq!(customers["Provider"]["rows"], json!([]), "the transaction made nothing");
    }
}
