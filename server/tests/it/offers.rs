//! The Create purchase offer server functions, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../../../samples/sample-price-list.csv");

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

on_both_databases! {
    async fn each_line_keeps_the_term_billing_plan_and_price_it_was_offered_with(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        // The wizard's catalog carries every market's prices (the demo has the sample price list).
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        let basic = start["catalog"].as_array().unwrap().iter().find(|e| e["subscription"]["id"] == "M365-BUSINESS-BASIC").expect("Business Basic");
        let in_nl = basic["prices"].as_array().unwrap().iter().filter(|p| p[0] == "NL").count();
        assert_eq!(in_nl, 4, "a month billed monthly, a year billed monthly or annually, three years billed annually");

        let mut body = offer(&office, json!([["M365-BUSINESS-BASIC", "25"], ["M365-BUSINESS-STANDARD", "10"]]));
        body["form"]["plans"] = json!([["M365-BUSINESS-BASIC", "P1Y-annual"]]);
        let (status, summary) = app.call_json(&advisor, "offers/create", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let summary = summary.as_str().unwrap().to_string();
        let prices = |detail: &Value| -> Vec<(String, Value, String, String)> {
            detail["row"]["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let p = &l["price"];
                    (l["subscription_id"].as_str().unwrap().to_string(), p["plan"].clone(), p["currency"].as_str().unwrap_or("").to_string(), p["unit_price"].as_str().unwrap_or("").to_string())
                })
                .collect()
        };
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        let offered = vec![
            ("M365-BUSINESS-BASIC".to_string(), json!({"term": "P1Y", "billing_plan": "Annual"}), "EUR".to_string(), "67.68".to_string()),
            ("M365-BUSINESS-STANDARD".to_string(), json!({"term": "P1Y", "billing_plan": "Monthly"}), "EUR".to_string(), "11.75".to_string()),
        ];
        assert_eq!(prices(&detail), offered, "the plan chosen, and the usual one where none was");

        // The client's page and the advisor's Send page show the prices and the totals per
        // billing frequency, in the page's language and the market's currency.
        let client_page = app.get(&app.client(), detail["url_path"].as_str().unwrap()).await.text().await.unwrap();
        for shown in ["25 × €67.68 = €1,692.00 a year", "10 × €11.75 = €117.50 a month", "Billed monthly: €117.50", "Billed annually: €1,692.00"] {
            assert!(client_page.contains(shown), "{shown} on the client's page");
        }
        let send_page = app.get(&advisor, &format!("/offers/{summary}")).await.text().await.unwrap();
        assert!(send_page.contains("1 year, billed annually") && send_page.contains("Billed annually: €1,692.00"), "the Send page");

        // A term and billing plan the market does not sell is refused on its line.
        body["form"]["plans"] = json!([["M365-BUSINESS-BASIC", "P3Y-triennial"]]);
        body["form"]["idempotency_key"] = json!("another");
        let (status, refused) = app.call_json(&advisor, "offers/create", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&refused), vec![("plan.M365-BUSINESS-BASIC".to_string(), json!("PlanNotOffered"))]);

        // A new price list changes new offers, never what an offer said.
        let operators = app.store.organisation_by_mpn_id(app::providers::OPERATOR_MPN_ID).await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: None, organisation_id: operators.id, ip: None };
        let dearer = SAMPLE.replace(",P1Y,annual,NL,EUR,67.68,", ",P1Y,annual,NL,EUR,70.00,");
        assert_ne!(dearer, SAMPLE);
        app::price_lists::service::apply_as(&app.store, &actor, "dearer.csv", dearer.as_bytes()).await.unwrap().0.expect("applied");
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(prices(&detail), offered);
        body["form"]["plans"] = json!([["M365-BUSINESS-BASIC", "P1Y-annual"]]);
        body["form"]["idempotency_key"] = json!("a third");
        let (_, newer) = app.call_json(&advisor, "offers/create", body).await;
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", newer.as_str().unwrap())]).await;
        assert_eq!(prices(&detail)[0].3.parse::<f64>().ok(), Some(70.0), "the price in force now");
    }

    async fn advisors_discount_within_the_limit_their_global_admin_sets(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let admin = app.signed_in("admin@contoso.example").await;
        let office = office_id(&app, &advisor).await;
        let mut body = offer(&office, json!([["M365-BUSINESS-BASIC", "25"], ["M365-BUSINESS-STANDARD", "10"]]));
        body["form"]["adjustments"] = json!([["M365-BUSINESS-BASIC", "10%"]]);
        body["form"]["idempotency_key"] = json!("first");
        // No limit set: the price list's prices only.
        let (status, refused) = app.call_json(&advisor, "offers/create", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&refused), vec![("price.M365-BUSINESS-BASIC".to_string(), json!({"DiscountAboveLimit": {"max": 0}}))]);

        // The Global admin sets the limit; an advisor may not.
        let (status, _) = app.call(&advisor, "settings/offer-prices/set", &[("percent", "100")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, wrong) = app.call(&admin, "settings/offer-prices/set", &[("percent", "101")]).await;
        assert_eq!((status, invalid_fields(&wrong)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("percent".to_string(), json!({"WholeNumber": {"min": 0, "max": 100}}))]));
        let (status, set) = app.call(&admin, "settings/offer-prices/set", &[("percent", "15")]).await;
        assert_eq!((status, set), (StatusCode::OK, json!(15)));
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        assert_eq!(start["discount_limit"], 15, "the wizard knows the limit");

        // 10% off one line, a price set on the other (within 15%).
        body["form"]["adjustments"] = json!([["M365-BUSINESS-BASIC", "10%"], ["M365-BUSINESS-STANDARD", "10,00"]]);
        let (status, summary) = app.call_json(&advisor, "offers/create", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", summary.as_str().unwrap())]).await;
        let prices: Vec<(Value, Value)> = detail["row"]["lines"].as_array().unwrap().iter().map(|l| (l["price"]["unit_price"].clone(), l["price"]["list_price"].clone())).collect();
        assert_eq!(prices, vec![(json!("5.08"), json!("5.64")), (json!("10.00"), json!("11.75"))]);
        // The client sees the price offered, never the price list's.
        let client_page = app.get(&app.client(), detail["url_path"].as_str().unwrap()).await.text().await.unwrap();
        assert!(client_page.contains("25 × €5.08 = €127.00 a month") && client_page.contains("Billed monthly: €227.00"), "the client's page");
        assert!(!client_page.contains("5.64") && !client_page.contains("11.75"), "no price list price on the client's page");

        // Beyond the limit, as a discount or as a price set, is refused on its line.
        for (typed, field) in [("20%", "price.M365-BUSINESS-BASIC"), ("9.98", "price.M365-BUSINESS-STANDARD")] {
            let id = field.trim_start_matches("price.");
            body["form"]["adjustments"] = json!([[id, typed]]);
            body["form"]["idempotency_key"] = json!(typed);
            let (status, refused) = app.call_json(&advisor, "offers/create", body.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
            assert_eq!(invalid_fields(&refused), vec![(field.to_string(), json!({"DiscountAboveLimit": {"max": 15}}))], "{typed}");
        }
        body["form"]["adjustments"] = json!([["M365-BUSINESS-BASIC", "ten percent"]]);
        let (_, refused) = app.call_json(&advisor, "offers/create", body).await;
        assert_eq!(invalid_fields(&refused), vec![("price.M365-BUSINESS-BASIC".to_string(), json!("PriceAdjustment"))]);

        let audit = [("filter[user]", ""), ("filter[action]", "organisation.discount_limit"), ("filter[record]", ""), ("filter[from]", ""), ("filter[to]", ""), ("page", "1")];
        let (_, log) = app.call(&admin, "audit/list", &audit).await;
        assert_eq!(log["lines"][0]["summary"], "largest discount on offers: 0% -> 15%", "{log}");
    }

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
            invalid_fields(&body),
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
        assert_eq!(invalid_fields(&body), vec![("delegated_admin".to_string(), json!("NotCertified"))]);
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
        assert_eq!(invalid_fields(&answer), vec![("gdap_name".to_string(), json!("GdapNameTaken"))]);
    }

    async fn an_office_of_another_partner_is_refused(app: TestApp) {
        let fabrikam = app.signed_in("advisor@fabrikam.example").await;
        let their_office = office_id(&app, &fabrikam).await;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, body) = app
            .call_json(&advisor, "offers/create", offer(&their_office, json!([["M365-BUSINESS-BASIC", "5"]])))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&body), vec![("office_id".to_string(), json!("Office"))]);
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
