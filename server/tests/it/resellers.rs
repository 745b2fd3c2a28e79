//! Indirect resellers: request, accept, list and remove partnerships, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// Makes a partnership request as `provider` and returns (request id, token).
async fn request(app: &TestApp, provider: &reqwest::Client) -> (String, String) {
    let (status, id) = app.call(provider, "resellers/request", &[]).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let id = id.as_i64().expect("request id").to_string();
    let (status, draft) = app.call(provider, "resellers/request/get", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK, "{draft}");
    let link = draft["link"].as_str().unwrap().to_string();
    assert!(link.starts_with(&app.base), "links use the site's address: {link}");
    let token = link.rsplit('/').next().unwrap().to_string();
    assert_eq!(token.len(), 32, "the token carries 160 random bits");
    (id, token)
}

fn reseller_names(overview: &Value) -> Vec<String> {
    overview["resellers"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
}

fn field_problems(body: &Value) -> Vec<(String, Value)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].clone())).collect())
        .unwrap_or_default()
}

on_both_databases! {
    async fn a_provider_requests_and_an_existing_reseller_accepts_once(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (id, token) = request(&app, &provider).await;
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        assert_eq!(reseller_names(&overview), vec!["Adatum Resellers"], "the demo partnership");
        assert!(overview["pending"].as_array().unwrap().iter().any(|p| p["id"] == id.parse::<i64>().unwrap()), "{overview}");

        let (status, _) = app.call(&provider, "resellers/request/done", &[("id", &id), ("recipient_email", "agent@litware.example")]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.call(&provider, "resellers/request/done", &[("id", &id), ("recipient_email", "not an email")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_problems(&body), vec![("recipient_email".to_string(), Value::from("Email"))]);

        let reseller = app.signed_in("agent@litware.example").await;
        let (status, invitation) = app.call(&reseller, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{invitation}");
        assert_eq!(invitation["provider"]["name"], "Northwind Distribution");
        assert_eq!(invitation["viewer"]["MayAccept"]["organisation_name"], "Litware IT");

        let (status, body) = app.call(&reseller, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        assert_eq!(reseller_names(&overview), vec!["Adatum Resellers", "Litware IT"]);
        assert!(overview["pending"].as_array().unwrap().iter().all(|p| p["id"] != id.parse::<i64>().unwrap()), "accepted requests leave the pending list");
        let (_, found) = app.call(&provider, "resellers/list", &[("search", "litw")]).await;
        assert_eq!(reseller_names(&found), vec!["Litware IT"]);
        let (_, found) = app.call(&provider, "resellers/list", &[("search", "3000001")]).await;
        assert_eq!(reseller_names(&found), vec!["Adatum Resellers"], "search by MPN ID");

        // The reseller sees the provider in its own list.
        let (status, providers) = app.call(&reseller, "providers/list", &[]).await;
        assert_eq!(status, StatusCode::OK, "{providers}");
        assert_eq!(providers[0]["name"], "Northwind Distribution");

        // Accepting twice gets a clear refusal, from anyone.
        let (status, body) = app.call(&reseller, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "RequestAlreadyAccepted");
        let adatum = app.signed_in("admin@adatum.example").await;
        let (status, body) = app.call(&adatum, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "RequestAlreadyAccepted");
        let (_, invitation) = app.call(&adatum, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(invitation["state"], "Accepted");
        assert_eq!(invitation["accepted_by"], "Litware IT");
    }

    async fn a_revoked_link_is_refused_and_an_existing_partner_is_told_so(app: TestApp) {
        let provider = app.signed_in("admin@northwind.example").await;
        let (id, token) = request(&app, &provider).await;
        let adatum = app.signed_in("admin@adatum.example").await;
        let (_, invitation) = app.call(&adatum, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(invitation["viewer"]["AlreadyPartners"]["organisation_name"], "Adatum Resellers");
        let (status, body) = app.call(&adatum, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "AlreadyPartners");

        let (status, _) = app.call(&provider, "resellers/request/revoke", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::OK);
        let proseware = app.signed_in("admin@proseware.example").await;
        let (status, body) = app.call(&proseware, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "RequestRevoked");
        let (status, _) = app.call(&proseware, "partnerships/accept", &[("token", "doesnotexistdoesnotexistdoesnot2")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn only_permitted_roles_may_request_accept_or_remove(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, body) = app.call(&advisor, "resellers/request", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, _) = app.call(&advisor, "resellers/list", &[("search", "")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let reseller = app.signed_in("agent@litware.example").await;
        let (status, body) = app.call(&reseller, "resellers/request", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["WrongProgram"]["program"], "IndirectProvider");
        let anonymous = app.client();
        let (status, _) = app.call(&anonymous, "resellers/request", &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let provider = app.signed_in("users@northwind.example").await;
        let (_, token) = request(&app, &provider).await;
        // A provider's user cannot accept (not a reseller), not even its own request.
        let (status, body) = app.call(&provider, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, _) = app.call(&anonymous, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = app.call(&advisor, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = app.call(&reseller, "resellers/remove", &[("reseller_id", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn one_organisation_never_acts_for_another(app: TestApp) {
        let northwind = app.signed_in("admin@northwind.example").await;
        let (id, token) = request(&app, &northwind).await;
        let (_, overview) = app.call(&northwind, "resellers/list", &[("search", "")]).await;
        let adatum_id = overview["resellers"][0]["id"].as_i64().unwrap().to_string();

        // Another provider can neither read, revoke nor remove Northwind's things.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (status, _) = app.call(&tailspin, "resellers/request/get", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&tailspin, "resellers/request/revoke", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&tailspin, "resellers/remove", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&tailspin, "resellers/removal", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Accepting names no organisation: it is always the signed-in user's own.
        let litware = app.signed_in("agent@litware.example").await;
        let (status, body) = app
            .call(&litware, "partnerships/accept", &[("token", &token), ("organisation_id", &adatum_id)])
            .await;
        assert!(status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY, "{status} {body}");
        if status == StatusCode::OK {
            let (_, overview) = app.call(&northwind, "resellers/list", &[("search", "")]).await;
            assert_eq!(reseller_names(&overview), vec!["Adatum Resellers", "Litware IT"]);
        }
        let (_, tailspin_overview) = app.call(&tailspin, "resellers/list", &[("search", "")]).await;
        assert!(reseller_names(&tailspin_overview).is_empty(), "{tailspin_overview}");
    }

    async fn removing_a_partnership_keeps_customers_and_can_be_requested_again(app: TestApp) {
        let provider = app.signed_in("agent@northwind.example").await;
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let adatum = &overview["resellers"][0];
        assert_eq!(adatum["customers"], 1, "{overview}");
        assert_eq!(adatum["subscriptions"], 2);
        let adatum_id = adatum["id"].as_i64().unwrap().to_string();

        let (status, impact) = app.call(&provider, "resellers/removal", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(status, StatusCode::OK, "{impact}");
        assert_eq!(impact["customers"], serde_json::json!(["Woodgrove Bank"]));
        let places: Vec<(String, bool, bool)> = impact["subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["customer_name"].as_str().unwrap().to_string(), s["reseller_of_record"].as_bool().unwrap(), s["support_contact"].as_bool().unwrap()))
            .collect();
        assert!(places.contains(&("Coho Winery".to_string(), false, true)), "{places:?}");
        assert!(places.contains(&("Woodgrove Bank".to_string(), true, true)), "{places:?}");

        let (status, _) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        assert!(reseller_names(&overview).is_empty(), "{overview}");
        // Everything about the reseller's customers and subscriptions stays as it was.
        let (_, after) = app.call(&provider, "resellers/removal", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(after["customers"], impact["customers"]);
        assert_eq!(after["subscriptions"], impact["subscriptions"]);
        let (status, _) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum_id)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "removing twice");
        let reseller = app.signed_in("admin@adatum.example").await;
        let (_, providers) = app.call(&reseller, "providers/list", &[]).await;
        assert_eq!(providers, serde_json::json!([]));

        // A removed partnership can be requested again.
        let (_, token) = request(&app, &provider).await;
        let (status, body) = app.call(&reseller, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        assert_eq!(reseller_names(&overview), vec!["Adatum Resellers"]);
        assert_eq!(overview["resellers"][0]["customers"], 1);

        let audit = app.store.audit_log(overview["resellers"][0]["id"].as_i64().unwrap(), 50).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "partnership.accept"), "the reseller's audit log records the acceptance");
    }

    async fn the_transition_plan_moves_the_subscriptions_and_drafts_the_customers_notices(app: TestApp) {
        let northwind = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap().organisation_id;
        listen_for(&app, northwind, vec![app::developer::WebhookEvent::SubscriptionChanged]).await;
        // Litware becomes Northwind's second partner.
        let provider = app.signed_in("admin@northwind.example").await;
        let (_, token) = request(&app, &provider).await;
        let litware = app.signed_in("agent@litware.example").await;
        assert_eq!(app.call(&litware, "partnerships/accept", &[("token", &token)]).await.0, StatusCode::OK);
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let id_of = |name: &str| overview["resellers"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["id"].as_i64().unwrap();
        let (adatum, litware_id) = (id_of("Adatum Resellers"), id_of("Litware IT"));
        let tailspin = app.store.user_by_email("admin@tailspin.example").await.unwrap().unwrap().organisation_id;

        // The confirmation offers the other partners (never the one removed) and the provider.
        let (_, impact) = app.call(&provider, "resellers/removal", &[("reseller_id", &adatum.to_string())]).await;
        let others: Vec<i64> = impact["others"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert_eq!(others, [litware_id]);
        assert_eq!(impact["provider_name"], "Northwind Distribution");

        // A plan naming a reseller that is not a partner, the removed one, or nonsense: refused, and nothing removed.
        for refused in [tailspin.to_string(), adatum.to_string(), "abc".to_string(), "99999999999999999999".to_string()] {
            let (status, body) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum.to_string()), ("transfer_to", &refused)]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}: {body}");
            assert_eq!(field_problems(&body), vec![("transfer_to".to_string(), Value::from("NotPartneredReseller"))], "{refused}");
        }
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        assert_eq!(reseller_names(&overview), vec!["Adatum Resellers", "Litware IT"], "still partners");

        // To Litware: where Adatum was reseller of record or support contact, Litware is now.
        let (status, body) = app.call(&provider, "resellers/remove", &[("reseller_id", &adatum.to_string()), ("transfer_to", &litware_id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let subscriptions = |name: &'static str| {
            let provider = provider.clone();
            let app = &app;
            async move {
                let (_, list) = app.call(&provider, "customers/list", &[("search", name), ("page", "1")]).await;
                list["Provider"]["rows"][0]["subscriptions"].as_array().unwrap().iter().map(|s| (s["reseller_of_record_id"].as_i64(), s["support_contact_id"].as_i64())).collect::<Vec<_>>()
            }
        };
        assert_eq!(subscriptions("Woodgrove").await, [(Some(litware_id), Some(litware_id)), (Some(litware_id), Some(northwind))]);
        assert_eq!(subscriptions("Coho").await, [(None, Some(litware_id))]);
        let (status, notices) = app.call(&provider, "resellers/notices", &[("reseller_id", &adatum.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{notices}");
        assert_eq!(notices["moved"], 3);
        let drafted: Vec<&str> = notices["notices"].as_array().unwrap().iter().map(|n| n["to_email"].as_str().unwrap()).collect();
        assert_eq!(drafted, ["camille@cohowinery.example", "alex@woodgrovebank.example"]);
        let woodgrove = notices["notices"][1]["body"].as_str().unwrap();
        assert!(woodgrove.contains("Northwind Distribution and Adatum Resellers ended their partnership on"), "{woodgrove}");
        assert!(woodgrove.contains("Reseller of record is now Litware IT; Designated support contact is now Litware IT"), "{woodgrove}");
        let page = app.get(&provider, &format!("/resellers?removed={adatum}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="notices-title""#) && page.contains(r#"id="reassigned""#) && page.contains("mailto:camille@cohowinery.example"), "{page}");
        let events: Vec<_> = app.store.webhook_deliveries(northwind, 50).await.unwrap().into_iter().map(|d| d.event_type).collect();
        assert_eq!(events.iter().filter(|e| *e == "subscription.changed").count(), 3, "{events:?}");
        let log = app.store.audit_log(northwind, 20).await.unwrap();
        assert!(log.iter().any(|e| e.action == "partnership.remove" && e.summary.contains("3 of 3 subscriptions naming the reseller reassigned (Litware IT)")), "{log:?}");

        // Through the REST API, Litware's go to the provider: no reseller of record, Northwind as support contact.
        let api = crate::api::Api::new(&app, crate::api::key_for(&app, "admin@northwind.example", 600).await);
        let (status, _, body) = api.send(reqwest::Method::DELETE, &format!("/partnerships/{litware_id}?transfer_to=provider"), None, &[]).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert_eq!(subscriptions("Woodgrove").await, [(None, Some(northwind)), (None, Some(northwind))]);
        assert_eq!(subscriptions("Coho").await, [(None, Some(northwind))]);
        let (status, notices) = api.get(&format!("/partnerships/{litware_id}/notices")).await;
        assert_eq!((status, notices["moved"].clone()), (StatusCode::OK, Value::from(3)), "{notices}");
        assert!(notices["notices"][1]["body"].as_str().unwrap().contains("Reseller of record is now Northwind Distribution, directly"), "{notices}");
        // Nobody else reads them; a partnership never removed has none.
        let other = crate::api::Api::new(&app, crate::api::key_for(&app, "admin@tailspin.example", 600).await);
        assert_eq!(other.get(&format!("/partnerships/{litware_id}/notices")).await.0, StatusCode::NOT_FOUND);
        let tailspin_client = app.signed_in("admin@tailspin.example").await;
        assert_eq!(app.call(&tailspin_client, "resellers/notices", &[("reseller_id", &adatum.to_string())]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(api.get(&format!("/partnerships/{tailspin}/notices")).await.0, StatusCode::NOT_FOUND);
    }

    async fn a_resellers_key_reads_its_providers_and_the_customers_it_serves(app: TestApp) {
        let admin = app.store.user_by_email("admin@adatum.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        let valid = app::developer::validate_api_key("providers", &[app::roles::Role::GlobalAdmin]).unwrap();
        let key = app::developer::ssr::create_api_key(&app.store, &actor, valid, 1000).await.unwrap().key;
        let http = reqwest::Client::new();
        let listed: Value = http.get(format!("{}/api/v1/providers", app.base)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        let northwind = &listed["data"][0];
        assert_eq!(northwind["name"], "Northwind Distribution", "{listed}");
        let customers: Vec<&str> = northwind["customers"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert!(customers.contains(&"Woodgrove Bank") && customers.contains(&"Coho Winery"), "{customers:?}");
        let coho = northwind["customers"].as_array().unwrap().iter().find(|c| c["name"] == "Coho Winery").unwrap();
        assert_eq!((&coho["subscriptions"][0]["reseller_of_record"], &coho["subscriptions"][0]["support_contact"]), (&Value::Bool(false), &Value::Bool(true)));
        // The same as the page's server function answers.
        let (_, page) = app.call(&app.signed_in("admin@adatum.example").await, "providers/list", &[]).await;
        assert_eq!(page[0]["customers"].as_array().map(Vec::len), northwind["customers"].as_array().map(Vec::len));
        // A provider's key has no providers to read.
        let provider = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap();
        let provider_actor = app::store::Actor { user_id: Some(provider.id), organisation_id: provider.organisation_id, ip: None };
        let valid = app::developer::validate_api_key("providers", &[app::roles::Role::GlobalAdmin]).unwrap();
        let provider_key = app::developer::ssr::create_api_key(&app.store, &provider_actor, valid, 1000).await.unwrap().key;
        let refused = http.get(format!("{}/api/v1/providers", app.base)).bearer_auth(&provider_key).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }

    async fn a_new_reseller_registers_then_accepts(app: TestApp) {
        let provider = app.signed_in("admin@northwind.example").await;
        let (_, token) = request(&app, &provider).await;
        let visitor = app.client();
        let (status, invitation) = app.call(&visitor, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(invitation["viewer"], "SignedOut");

        let form = |mpn: &'static str, email: &'static str| {
            vec![
                ("token", token.clone()),
                ("company_name", "Relecloud Partners".to_string()),
                ("mpn_id", mpn.to_string()),
                ("country", "UK".to_string()),
                ("user_name", "Riley Chen".to_string()),
                ("email", email.to_string()),
                ("password", "a long enough passphrase".to_string()),
            ]
        };
        let call = |fields: Vec<(&'static str, String)>| {
            let visitor = visitor.clone();
            let app = &app;
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call(&visitor, "partnerships/register", &fields).await
            }
        };
        let (status, body) = call(form("12-34567", "riley@relecloud.example")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_problems(&body), vec![("mpn_id".to_string(), Value::from("Numeric"))]);
        let (status, body) = call(form("3000001", "admin@adatum.example")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field_problems(&body),
            vec![("mpn_id".to_string(), Value::from("MpnIdTaken")), ("email".to_string(), Value::from("EmailTaken"))]
        );
        let (status, body) = call(form("3000042", "riley@relecloud.example")).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // Nothing exists until the email is confirmed with the emailed link.
        assert!(app.store.user_by_email("riley@relecloud.example").await.unwrap().is_none());
        assert!(app.store.organisation_by_mpn_id("3000042").await.unwrap().is_none(), "no MPN ID is held for an unconfirmed address");
        let (_, invitation) = app.call(&visitor, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(invitation["viewer"], "SignedOut");
        let confirm = app.link_token("riley@relecloud.example", "/register/confirm").await;
        let (status, waiting) = app.call(&app.client(), "partnerships/register/status", &[("token", &confirm)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((waiting["state"].as_str(), waiting["company_name"].as_str()), (Some("Waiting"), Some("Relecloud Partners")));
        assert_eq!(waiting["request_path"], format!("/partnerships/{token}"));
        for wrong in ["", "../x", "nope"] {
            let (status, _) = app.call(&visitor, "partnerships/register/confirm", &[("token", wrong)]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{wrong}");
        }
        let (status, body) = app.call(&visitor, "partnerships/register/confirm", &[("token", &confirm)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        // Once: the link now says it was confirmed, and a second use creates nothing more.
        let (_, confirmed) = app.call(&app.client(), "partnerships/register/status", &[("token", &confirm)]).await;
        assert_eq!(confirmed["state"], "Confirmed");
        let (status, _) = app.call(&app.client(), "partnerships/register/confirm", &[("token", &confirm)]).await;
        assert!(status.is_success() || status.is_redirection());
        let user = app.store.user_by_email("riley@relecloud.example").await.unwrap().expect("the Global admin exists");
        let organisation = app.store.organisation_by_mpn_id("3000042").await.unwrap().expect("the organisation exists");
        assert_eq!((user.organisation_id, organisation.name.as_str()), (organisation.id, "Relecloud Partners"));

        // Registered and signed in: the same link now offers Accept.
        let (_, invitation) = app.call(&visitor, "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(invitation["viewer"]["MayAccept"]["organisation_name"], "Relecloud Partners");
        let (status, _) = app.call(&visitor, "partnerships/accept", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let relecloud = overview["resellers"].as_array().unwrap().iter().find(|r| r["name"] == "Relecloud Partners").cloned();
        let relecloud = relecloud.expect("the new reseller is listed at once");
        assert_eq!(relecloud["mpn_id"], "3000042");
        assert_eq!(relecloud["country"], "GB");
    }
}
