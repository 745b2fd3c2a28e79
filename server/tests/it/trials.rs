//! Trial invitations and offer versions (issue #28), on SQLite and PostgreSQL: an advisor
//! invites a client to a free trial, the client starts it from the link (no payment), which
//! creates the customer with trial subscriptions that end on their date; the advisor sees the
//! running trials and makes a purchase offer from one. An offer replaced by a new version
//! sends its link to the newest, and stays readable as the earlier version.

use crate::client_offers::acceptance;
use crate::common::*;
use app::developer::{ValidEndpoint, WebhookEvent, WebhookPolicy};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Business Basic's trial SKU in the sample price list (tagged Trial, free, 1 to 25 licenses).
const TRIAL_BASIC: &str = "M365-BUSINESS-BASIC:0T01";

/// Creates an offer through the wizard's server function: `extra` adds or replaces fields of
/// the form. Returns the answer.
async fn create(app: &TestApp, advisor: &reqwest::Client, extra: Value) -> (StatusCode, Value) {
    let (_, start) = app.call(advisor, "offers/start", &[]).await;
    let office = start["offices"][0]["id"].as_i64().unwrap().to_string();
    let mut form = json!({
        "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "10"]],
        "delegated_admin": false, "gdap_name": "", "gdap_roles": [], "gdap_duration_days": "365", "idempotency_key": ""
    });
    for (name, value) in extra.as_object().unwrap() {
        form[name] = value.clone();
    }
    app.call_json(advisor, "offers/create", json!({ "form": form })).await
}

/// The advisor code and token of an offer's link.
async fn link(app: &TestApp, advisor: &reqwest::Client, summary: &str) -> (String, String) {
    let (_, detail) = app.call(advisor, "offers/get", &[("summary_id", summary)]).await;
    let path = detail["url_path"].as_str().unwrap().to_string();
    let mut parts = path.trim_start_matches("/offer/").split('/');
    (parts.next().unwrap().to_string(), parts.next().unwrap().to_string())
}

/// A client's acceptance of a trial invitation of Business Basic's trial SKU.
fn trial_acceptance<'a>(code: &'a str, token: &'a str, domain: &'a str, count: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    acceptance(code, token, domain, count, "", key)
        .into_iter()
        .map(|(name, value)| (if name.starts_with("counts[") { "counts[M365-BUSINESS-BASIC:0T01]" } else { name }, value))
        .collect()
}

fn fields(body: &Value) -> Vec<String> {
    body["Invalid"].as_array().map(|a| a.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

on_both_databases! {
    webhooks = WebhookPolicy::ALLOW_PRIVATE;
    async fn a_client_starts_a_free_trial_and_the_advisor_makes_a_purchase_offer_from_it(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let admin = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        app::developer::ssr::create_endpoint(&app.store, &actor, ValidEndpoint {
            url: "http://127.0.0.1:9/hooks".into(),
            events: vec![WebhookEvent::TrialStarted, WebhookEvent::OfferAccepted],
        }, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();

        // A trial offers the trial SKUs of the price list, has at most 25 licenses a line and
        // lasts 1 to 90 days; a trial SKU is never sold.
        let (status, body) = create(&app, &advisor, json!({ "trial": true, "trial_days": "91", "lines": [[TRIAL_BASIC, "26"]] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&body), [format!("license_count.{TRIAL_BASIC}").as_str(), "trial_days"]);
        let (_, body) = create(&app, &advisor, json!({ "trial": true, "trial_days": "30" })).await;
        assert_eq!(body["Invalid"][0]["problem"], "SubscriptionNotAvailable", "a sold SKU is not a trial: {body}");
        let (_, body) = create(&app, &advisor, json!({ "lines": [[TRIAL_BASIC, "10"]] })).await;
        assert_eq!(body["Invalid"][0]["problem"], "SubscriptionNotAvailable", "a trial SKU is not sold: {body}");
        let (_, catalog) = app.call(&advisor, "customers/catalog", &[("country", "NL")]).await;
        let trial_sku = catalog.as_array().unwrap().iter().find(|s| s["id"] == TRIAL_BASIC).unwrap_or_else(|| panic!("{catalog}"));
        assert_eq!((&trial_sku["trial"], &trial_sku["product_id"], &trial_sku["max_licenses"]), (&json!(true), &json!("M365-BUSINESS-BASIC"), &json!(25)));
        let (status, summary) = create(&app, &advisor, json!({ "trial": true, "trial_days": "30", "lines": [[TRIAL_BASIC, "10"]] })).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let summary = summary.as_str().unwrap().to_string();
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["trial_days"], 30);
        assert!(detail["row"]["lines"][0]["price"].is_null(), "a trial has no price: {detail}");
        let send_page = app.get(&advisor, &format!("/offers/{summary}")).await.text().await.unwrap();
        assert!(send_page.contains("Trial invitation: a free trial of 30 days"), "{send_page}");
        assert!(send_page.contains("Start your free trial here (no payment)"), "the message to paste says what it is");

        // The client's page: a trial invitation, free, with Start the free trial.
        let (code, token) = link(&app, &advisor, &summary).await;
        let client = app.client();
        let page = app.get(&client, &format!("/offer/{code}/{token}")).await.text().await.unwrap();
        assert!(page.contains("Trial invitation from") && page.contains("A free trial for 30 days") && page.contains("Start the free trial"), "{page}");
        assert!(page.contains(r#"max="25""#), "the count is limited to a trial's");
        let (status, body) = app.call(&client, "offer/accept", &trial_acceptance(&code, &token, "trialco", "26", "t1")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let before = app::store::now();
        let (status, receipt) = app.call(&client, "offer/accept", &trial_acceptance(&code, &token, "trialco", "12", "t1")).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        let receipt = receipt.as_str().unwrap();
        let done = app.get(&client, &format!("/offer/{code}/{token}/accepted/{receipt}")).await.text().await.unwrap();
        // The terms kept are in the client's language (Dutch here).
        assert!(done.contains("Your trial has started · PartnerDesk") && done.contains("Gratis proefversie van 30 dagen: geen betaling"), "{done}");

        // The customer has a trial subscription that ends in 30 days and does not renew.
        let customer = app.store.customers_page(admin.organisation_id, None, "trialco", 1, 10).await.unwrap().0.remove(0);
        let customer = app.store.customer(admin.organisation_id, customer.id).await.unwrap().unwrap();
        let trial = &customer.subscriptions[0];
        assert!(trial.trial && !trial.lifecycle.auto_renew && trial.license_count == 12, "{trial:?}");
        let ends = trial.lifecycle.ends_at - before;
        assert!((30 * 86_400..30 * 86_400 + 60).contains(&ends), "ends {ends} s after the start");
        assert!(trial.price.is_none());

        // The advisor hears of it (email and webhook trial.started, not offer.accepted) ...
        let mail = app.mail().await;
        assert!(mail.iter().any(|m| m.contains("Wingtip Toys started a trial from your invitation")), "{mail:?}");
        let deliveries = app.store.webhook_deliveries(admin.organisation_id, 50).await.unwrap();
        let types: Vec<&str> = deliveries.iter().map(|d| d.event_type.as_str()).collect();
        assert_eq!(types, ["trial.started"]);

        // ... sees it among the active trials (page, server function, REST) ...
        let (_, trials) = app.call(&advisor, "offers/trials", &[]).await;
        assert_eq!(trials[0]["company_name"], "Wingtip Toys", "{trials}");
        assert_eq!(trials[0]["invitation"], summary.as_str());
        let offers_page = app.get(&advisor, "/offers").await.text().await.unwrap();
        assert!(offers_page.contains("Active trials") && offers_page.contains(&format!("/offers/new?from={summary}&amp;kind=offer")), "{offers_page}");
        let key = app::developer::ssr::create_api_key(&app.store, &actor, app::developer::validate_api_key("trials", &[app::roles::Role::Advisor]).unwrap(), 1000).await.unwrap().key;
        let listed: Value = reqwest::Client::new().get(format!("{}/api/v1/trials", app.base)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        assert_eq!(listed["data"][0]["license_count"], 12, "{listed}");

        // ... and in Renewals and deadlines, when it ends.
        let (_, renewals) = app.call(&advisor, "renewals/list", &[("horizon", "60")]).await;
        let kinds: Vec<&str> = renewals["deadlines"].as_array().unwrap_or_else(|| panic!("{renewals}")).iter().map(|d| d["kind"].as_str().unwrap()).collect();
        assert!(kinds.contains(&"trial_ends"), "{renewals}");
        let ending = renewals["deadlines"].as_array().unwrap().iter().find(|d| d["kind"] == "trial_ends").unwrap();
        assert_eq!(ending["path"], format!("/offers/{summary}"), "the invitation's page, which an advisor can open");

        // A purchase offer from the trial: the wizard starts from the invitation's choices.
        let (_, start) = app.call(&advisor, "offers/start", &[("from", summary.as_str())]).await;
        assert_eq!(start["prefill"]["lines"], json!([[TRIAL_BASIC, 10]]));
        assert_eq!(start["prefill"]["trial"], true, "the page's kind=offer turns it into a purchase offer");
        let (status, offer) = create(&app, &advisor, json!({ "trial": false })).await;
        assert_eq!(status, StatusCode::OK, "{offer}");
        let (_, offer) = app.call(&advisor, "offers/get", &[("summary_id", offer.as_str().unwrap())]).await;
        assert!(offer["row"]["trial_days"].is_null());
    }

    async fn a_new_version_replaces_an_offer_behind_the_same_link(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, first) = create(&app, &advisor, json!({})).await;
        let first = first.as_str().unwrap().to_string();
        let (code, old_token) = link(&app, &advisor, &first).await;

        // Another organisation cannot replace it; a forged summary ID names nothing.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (status, _) = create(&app, &other, json!({ "replaces": first })).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = create(&app, &advisor, json!({ "replaces": "x' OR '1'='1" })).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, second) = create(&app, &advisor, json!({ "replaces": first, "lines": [["M365-BUSINESS-BASIC", "15"]] })).await;
        assert_eq!(status, StatusCode::OK, "{second}");
        let second = second.as_str().unwrap().to_string();
        let (_, new_token) = link(&app, &advisor, &second).await;
        let (_, earlier) = app.call(&advisor, "offers/get", &[("summary_id", &first)]).await;
        assert_eq!(earlier["row"]["superseded_by"], second.as_str());
        let (_, newer) = app.call(&advisor, "offers/get", &[("summary_id", &second)]).await;
        assert_eq!(newer["row"]["replaces"], first.as_str());
        // One version replaces an offer: a second is made from the newest.
        let (status, body) = create(&app, &advisor, json!({ "replaces": first })).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["Refused"], "OfferReplacedAlready");

        // The first link shows the newest version, which links to the earlier one.
        let client = app.client();
        let page = app.get(&client, &format!("/offer/{code}/{old_token}")).await.text().await.unwrap();
        assert!(page.contains(&second) && !page.contains(&format!(">{first}<")), "the newest version: {page}");
        assert!(page.contains("This offer replaces the offer of") && page.contains(&format!("/offer/{code}/{old_token}/earlier")), "{page}");
        let read = app.get(&client, &format!("/offer/{code}/{old_token}/earlier")).await;
        assert_eq!(read.status(), StatusCode::OK);
        let read = read.text().await.unwrap();
        assert!(read.contains(&first) && read.contains("This is an earlier version of the offer") && !read.contains("accept-submit"), "{read}");
        // The newest has no earlier page of its own.
        assert_eq!(app.get(&client, &format!("/offer/{code}/{new_token}/earlier")).await.status(), StatusCode::NOT_FOUND);

        // Accepting through the first link accepts the newest version.
        let (status, receipt) = app.call(&client, "offer/accept", &acceptance(&code, &old_token, "versionco", "15", "", "v1")).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        let (_, newer) = app.call(&advisor, "offers/get", &[("summary_id", &second)]).await;
        assert_eq!(newer["acceptances"].as_array().unwrap().len(), 1);
        let receipt_page = app.get(&client, &format!("/offer/{code}/{new_token}/accepted/{}", receipt.as_str().unwrap())).await;
        assert_eq!(receipt_page.status(), StatusCode::OK);

        // The REST API makes new versions and trial invitations too.
        let admin = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        let key = app::developer::ssr::create_api_key(&app.store, &actor, app::developer::validate_api_key("versions", &[app::roles::Role::Advisor]).unwrap(), 1000).await.unwrap().key;
        let office = app.store.offices(admin.organisation_id).await.unwrap()[0].id;
        let rest = |body: Value| {
            let request = reqwest::Client::new().post(format!("{}/api/v1/offers", app.base)).bearer_auth(&key).json(&body);
            async move {
                let response = request.send().await.unwrap();
                (response.status(), response.json::<Value>().await.unwrap())
            }
        };
        let line = json!([{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 5 }]);
        let (status, third) = rest(json!({ "office_id": office, "usage_location": "NL", "lines": line, "replaces": second })).await;
        assert_eq!(status, StatusCode::CREATED, "{third}");
        assert_eq!(third["replaces"], second.as_str());
        let statuses: Vec<&str> = third["versions"].as_array().unwrap().iter().map(|v| v["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, ["replaced", "replaced", "active"], "{third}");
        // Each version's page lists them all, oldest first, whichever one is read; another
        // organisation's offer never joins the history.
        let third = third["summary_id"].as_str().unwrap().to_string();
        for summary in [&first, &second, &third] {
            let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", summary)]).await;
            let versions: Vec<(&str, bool, i64)> = detail["versions"]
                .as_array()
                .unwrap_or_else(|| panic!("{detail}"))
                .iter()
                .map(|v| (v["summary_id"].as_str().unwrap(), v["superseded"].as_bool().unwrap(), v["acceptances"].as_i64().unwrap()))
                .collect();
            assert_eq!(versions, [(first.as_str(), true, 0), (second.as_str(), true, 1), (third.as_str(), false, 0)], "from {summary}");
        }
        let page = app.get(&advisor, &format!("/offers/{second}")).await.text().await.unwrap();
        assert!(page.contains("Versions (3)") && page.contains(r#"aria-current="page""#) && page.contains(&format!("/offers/{third}")), "{page}");
        let (_, single) = create(&app, &advisor, json!({})).await;
        let (_, single) = app.call(&advisor, "offers/get", &[("summary_id", single.as_str().unwrap())]).await;
        assert_eq!(single["versions"], json!([]), "an offer with one version has no history to show");
        let trial_line = json!([{ "subscription_id": TRIAL_BASIC, "license_count": 5 }]);
        let (status, trial) = rest(json!({ "office_id": office, "usage_location": "NL", "lines": trial_line, "trial_days": 14 })).await;
        assert_eq!(status, StatusCode::CREATED, "{trial}");
        assert_eq!(trial["trial_days"], 14);
        let (status, refused) = rest(json!({ "office_id": office, "usage_location": "NL", "lines": trial_line, "trial_days": 0 })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(refused.to_string().contains("trial_days"), "{refused}");
    }

    async fn reminders_go_once_before_a_trial_ends_and_before_a_change_window_closes(app: TestApp) {
        use app::subscriptions::{CHANGE_WINDOW_SECONDS, RENEWAL_REMINDER_SECONDS, TRIAL_REMINDER_SECONDS, WINDOW_REMINDER_SECONDS};
        let remind = |at: i64| app::customers::subscriptions::service::send_reminders(&app.store, at, "https://desk.example");
        let hooks = |email: &'static str, events: Vec<WebhookEvent>| {
            let store = app.store.clone();
            async move {
                let user = store.user_by_email(email).await.unwrap().unwrap();
                let actor = app::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None };
                app::developer::ssr::create_endpoint(&store, &actor, ValidEndpoint { url: "http://127.0.0.1:9/hooks".into(), events }, WebhookPolicy::ALLOW_PRIVATE)
                    .await
                    .unwrap();
                user.organisation_id
            }
        };
        let contoso = hooks("admin@contoso.example", vec![WebhookEvent::TrialEnding]).await;
        let northwind = hooks("admin@northwind.example", vec![WebhookEvent::SubscriptionWindowClosing, WebhookEvent::SubscriptionRenewing]).await;
        let sent = |organisation: i64, kind: &'static str| {
            let store = app.store.clone();
            async move { store.webhook_deliveries(organisation, 500).await.unwrap().iter().filter(|d| d.event_type == kind).count() }
        };
        // The messages about one subscription (its page is linked), with soft line breaks undone.
        let mails_about = |link: String| {
            let mail = app.mail();
            async move {
                mail.await.into_iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).filter(|m| m.contains(&link)).collect::<Vec<String>>()
            }
        };

        // A 10-day trial: announced once, three days before it ends.
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, summary) = create(&app, &advisor, json!({ "trial": true, "trial_days": "10", "lines": [[TRIAL_BASIC, "10"]] })).await;
        let summary = summary.as_str().unwrap().to_string();
        let (code, token) = link(&app, &advisor, &summary).await;
        let (status, body) = app.call(&app.client(), "offer/accept", &trial_acceptance(&code, &token, "remindco", "5", "r1")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let trial = app.store.active_trials(contoso).await.unwrap().into_iter().find(|t| t.invitation.as_deref() == Some(summary.as_str())).unwrap();
        remind(trial.ends_at - TRIAL_REMINDER_SECONDS - 60).await.unwrap();
        assert_eq!(sent(contoso, "trial.ending").await, 0, "not yet");
        remind(trial.ends_at - TRIAL_REMINDER_SECONDS + 60).await.unwrap();
        remind(trial.ends_at - 60).await.unwrap();
        assert_eq!(sent(contoso, "trial.ending").await, 1, "once (the demo has no other trial)");
        let mail: Vec<String> = app.mail().await.into_iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect();
        let ending: Vec<&String> = mail.iter().filter(|m| m.contains("The trial of Wingtip Toys ends on")).collect();
        assert_eq!(ending.len(), 1, "{mail:?}");
        assert!(ending[0].contains("To: advisor@contoso.example") && ending[0].contains(&summary), "to the advisor who sent it: {}", ending[0]);

        // A change window: announced once, a day before it closes, however many servers run.
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = crate::subscriptions::priced_customer(&app, &provider, "reminded").await;
        let id = subs[0]["id"].as_i64().unwrap();
        let (started, _) = crate::subscriptions::lifecycle(&subs[0]);
        let closes = started + CHANGE_WINDOW_SECONDS;
        let link = format!("/customers/{customer}/subscriptions/{id}");
        remind(closes - WINDOW_REMINDER_SECONDS - 60).await.unwrap();
        assert!(mails_about(link.clone()).await.is_empty(), "not yet");
        let (a, b) = tokio::join!(remind(closes - WINDOW_REMINDER_SECONDS + 60), remind(closes - WINDOW_REMINDER_SECONDS + 60));
        assert!(a.is_ok() && b.is_ok());
        let announced = mails_about(link.clone()).await;
        assert!(!announced.is_empty() && announced.iter().all(|m| m.contains("Last day to change the subscription of Lifecycle Ltd")), "{announced:?}");
        let events = sent(northwind, "subscription.window_closing").await;
        assert!(events >= 1);
        remind(closes - 60).await.unwrap();
        remind(closes + 60).await.unwrap();
        assert_eq!(mails_about(link.clone()).await.len(), announced.len(), "once per term, however many servers run");
        assert_eq!(sent(northwind, "subscription.window_closing").await, events);

        // A renewal: announced once, 30 days before the subscription renews on its own.
        let (_, renews_at) = crate::subscriptions::lifecycle(&subs[0]);
        let renewing = |link: String| {
            let mails = mails_about(link);
            async move { mails.await.into_iter().filter(|m| m.contains("The subscription of Lifecycle Ltd renews on")).count() }
        };
        remind(renews_at - RENEWAL_REMINDER_SECONDS - 60).await.unwrap();
        assert_eq!(renewing(link.clone()).await, 0, "not yet");
        let (a, b) = tokio::join!(remind(renews_at - RENEWAL_REMINDER_SECONDS + 60), remind(renews_at - RENEWAL_REMINDER_SECONDS + 60));
        assert!(a.is_ok() && b.is_ok());
        let told = renewing(link.clone()).await;
        assert!(told >= 1, "the provider's Global admins are told");
        let events = sent(northwind, "subscription.renewing").await;
        assert!(events >= 1, "the webhook subscription.renewing");
        remind(renews_at - 60).await.unwrap();
        assert_eq!(renewing(link).await, told, "once per term");
        assert_eq!(sent(northwind, "subscription.renewing").await, events);
    }

    async fn an_offer_about_to_expire_is_announced_to_its_advisor_once_per_expiry_date(app: TestApp) {
        use app::subscriptions::OFFER_EXPIRY_REMINDER_SECONDS;
        let remind = |at: i64| app::customers::subscriptions::service::send_reminders(&app.store, at, "https://desk.example");
        let admin = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        let endpoint = ValidEndpoint { url: "http://127.0.0.1:9/hooks".into(), events: vec![WebhookEvent::OfferExpiring] };
        app::developer::ssr::create_endpoint(&app.store, &actor, endpoint, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, summary) = create(&app, &advisor, json!({})).await;
        let summary = summary.as_str().unwrap().to_string();
        let expires_at = |summary: String| {
            let store = app.store.clone();
            async move { store.offer_detail(admin.organisation_id, &summary).await.unwrap().unwrap().expires_at.unwrap() }
        };
        // The messages about this offer (soft line breaks undone), and the events sent.
        let subject = format!("Your offer {summary} expires on");
        let mails = |subject: String| {
            let mail = app.mail();
            async move { mail.await.into_iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).filter(|m| m.contains(&subject)).collect::<Vec<String>>() }
        };
        let events = || {
            let store = app.store.clone();
            async move { store.webhook_deliveries(admin.organisation_id, 500).await.unwrap().iter().filter(|d| d.event_type == "offer.expiring").count() }
        };

        // Offers have no expiry date unless the advisor sets one.
        let in_five_days = app::format::iso_date(app::store::now() + 5 * 86_400);
        app.run(&advisor, app::offers::SetOfferExpiry { summary_id: summary.clone(), expires_on: in_five_days.clone() }).await.unwrap();
        let first = expires_at(summary.clone()).await;
        remind(first - OFFER_EXPIRY_REMINDER_SECONDS - 60).await.unwrap();
        assert!(mails(subject.clone()).await.is_empty(), "not yet");
        // Due: announced once, however many servers run the round.
        let (a, b) = tokio::join!(remind(first - OFFER_EXPIRY_REMINDER_SECONDS + 60), remind(first - OFFER_EXPIRY_REMINDER_SECONDS + 60));
        assert!(a.is_ok() && b.is_ok());
        remind(first - 60).await.unwrap();
        let sent = mails(subject.clone()).await;
        assert_eq!(sent.len(), 1, "{sent:?}");
        assert!(sent[0].contains("To: advisor@contoso.example"), "to the advisor who made it: {}", sent[0]);
        assert!(sent[0].contains(&format!("https://desk.example/offers/{summary}")) && sent[0].contains("Netherlands"), "{}", sent[0]);
        let announced = events().await;
        assert!(announced >= 1, "the webhook offer.expiring");

        // Extended after its reminder: announced again before its new date.
        let later = app::format::iso_date(first + 10 * 86_400);
        app.run(&advisor, app::offers::SetOfferExpiry { summary_id: summary.clone(), expires_on: later }).await.unwrap();
        let second = expires_at(summary.clone()).await;
        assert!(second > first);
        remind(first - 60).await.unwrap();
        assert_eq!(mails(subject.clone()).await.len(), 1, "not before its new date is near");
        remind(second - OFFER_EXPIRY_REMINDER_SECONDS + 60).await.unwrap();
        assert_eq!(mails(subject.clone()).await.len(), 2);
        assert!(events().await > announced);

        // A withdrawn offer is not announced.
        let (_, withdrawn) = create(&app, &advisor, json!({})).await;
        let withdrawn = withdrawn.as_str().unwrap().to_string();
        app.run(&advisor, app::offers::SetOfferExpiry { summary_id: withdrawn.clone(), expires_on: in_five_days }).await.unwrap();
        app.run(&advisor, app::offers::WithdrawOffer { summary_id: withdrawn.clone() }).await.unwrap();
        // Withdrawn once: a second time is refused, as the page is told.
        let again = app.run(&advisor, app::offers::WithdrawOffer { summary_id: withdrawn.clone() }).await;
        assert_eq!(again, Err(app::error::AppError::NotFound));
        let at = expires_at(withdrawn.clone()).await;
        remind(at - 60).await.unwrap();
        assert!(mails(format!("Your offer {withdrawn} expires on")).await.is_empty(), "a withdrawn offer is not announced");
    }
}
