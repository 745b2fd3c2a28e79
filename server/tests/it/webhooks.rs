//! Webhooks end to end: changes made through the API queue events in the same transaction; two
//! workers (as two servers would) share the queue; a receiver on loopback checks each delivery's
//! signature, fails the first attempt of every event, and sees each event succeed exactly once
//! after a retry; an unreachable endpoint is given up after the last attempt. SQLite and PostgreSQL.

use crate::common::*;
use app::developer::{ValidEndpoint, WebhookEvent, WebhookPolicy};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
struct Received {
    event_id: String,
    header_id: String,
    signature: String,
    body: String,
    answered: u16,
}

#[derive(Clone, Default)]
struct Receiver {
    received: Arc<Mutex<Vec<Received>>>,
}

async fn hook(axum::extract::State(r): axum::extract::State<Receiver>, headers: axum::http::HeaderMap, body: String) -> axum::http::StatusCode {
    let value: Value = serde_json::from_str(&body).unwrap_or_default();
    let event_id = value["id"].as_str().unwrap_or_default().to_string();
    let mut received = r.received.lock().unwrap();
    let first = !received.iter().any(|x| x.event_id == event_id);
    let answered = if first { 500 } else { 200 };
    received.push(Received {
        event_id,
        header_id: headers.get("partnerdesk-event-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string(),
        signature: headers.get("partnerdesk-signature").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string(),
        body,
        answered,
    });
    axum::http::StatusCode::from_u16(answered).unwrap()
}

async fn start_receiver() -> (String, Receiver) {
    let receiver = Receiver::default();
    let router = axum::Router::new().route("/hook", axum::routing::post(hook)).with_state(receiver.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/hook"), receiver)
}

/// Checks `t=…,v1=…` against an HMAC-SHA256 computed here, independently of the server's code.
fn signature_ok(secret: &str, header: &str, body: &str) -> bool {
    use hmac::{Hmac, Mac};
    let parts: HashMap<&str, &str> = header.split(',').filter_map(|p| p.split_once('=')).collect();
    let (Some(t), Some(v1)) = (parts.get("t"), parts.get("v1")) else {
        return false;
    };
    let Ok(t) = t.parse::<i64>() else {
        return false;
    };
    if (app::store::now() - t).abs() > 300 {
        return false;
    }
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    expected == *v1
}

// The receivers are on loopback: the servers run as with `--webhooks-allow-private`.
on_both_databases! {
    webhooks = WebhookPolicy::ALLOW_PRIVATE;
    async fn deliveries_are_signed_retried_and_succeed_once_per_event(app: TestApp) {
        let (url, receiver) = start_receiver().await;
        let admin = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        let endpoint = app::developer::ssr::create_endpoint(&app.store, &actor, ValidEndpoint {
            url: url.clone(),
            events: vec![WebhookEvent::CustomerCreated, WebhookEvent::SubscriptionCreated, WebhookEvent::SubscriptionChanged],
        }, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();
        // An endpoint nobody answers: given up after the last attempt.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
        app::developer::ssr::create_endpoint(&app.store, &actor, ValidEndpoint {
            url: format!("http://{closed}/gone"),
            events: vec![WebhookEvent::CustomerCreated],
        }, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();

        // Changes through the API: a customer with one subscription, then a license change.
        let key = app::developer::ssr::create_api_key(&app.store, &actor, app::developer::validate_api_key("hooks", &[app::roles::Role::GlobalAdmin]).unwrap(), 1000).await.unwrap().key;
        let http = reqwest::Client::new();
        let created: Value = http.post(format!("{}/api/v1/customers", app.base)).bearer_auth(&key).json(&json!({
            "company_name": "Hook Test", "domain_prefix": "hooktest", "address_line1": "Main 1", "city": "Utrecht", "postal_code": "3511 AA",
            "country": "NL", "contact_first_name": "Ann", "contact_last_name": "Smit", "contact_email": "ann@hook.example", "language": "nl",
            "lines": [{ "subscription_id": "M365-BUSINESS-BASIC", "license_count": 4 }] })).send().await.unwrap().json().await.unwrap();
        let customer = created["customer"]["id"].as_i64().expect("customer created");
        let sub = created["customer"]["subscriptions"][0]["id"].as_i64().unwrap();
        let patched = http.patch(format!("{}/api/v1/customers/{customer}/subscriptions/{sub}", app.base)).bearer_auth(&key)
            .json(&json!({ "license_count": 5 })).send().await.unwrap();
        assert_eq!(patched.status(), 200);

        // Two servers' workers on one queue, with short delays.
        let config = partnerdesk::webhooks::WorkerConfig {
            poll: Duration::from_millis(100),
            base_backoff_secs: 1,
            max_attempts: 3,
            timeout: Duration::from_secs(2),
            claim_secs: 30,
            batch: 5,
            // The receivers are on loopback (as with `--webhooks-allow-private`).
            policy: WebhookPolicy::ALLOW_PRIVATE,
            ..Default::default()
        };
        partnerdesk::webhooks::spawn(app.store.clone(), config.clone()).unwrap();
        partnerdesk::webhooks::spawn(app.store.clone(), config).unwrap();

        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let done = {
                let r = receiver.received.lock().unwrap();
                let ok: std::collections::HashSet<_> = r.iter().filter(|x| x.answered == 200).map(|x| x.event_id.clone()).collect();
                ok.len() >= 3
            };
            let gave_up = app.store.webhook_deliveries(admin.organisation_id, 50).await.unwrap().iter().any(|d| d.gave_up_at.is_some());
            if done && gave_up {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "deliveries did not finish: {:?}", receiver.received.lock().unwrap());
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await; // nothing more may arrive

        let received = receiver.received.lock().unwrap().clone();
        let mut by_event: HashMap<String, Vec<Received>> = HashMap::new();
        for r in &received {
            by_event.entry(r.event_id.clone()).or_default().push(r.clone());
        }
        let types: Vec<String> = by_event.values().map(|v| serde_json::from_str::<Value>(&v[0].body).unwrap()["type"].as_str().unwrap().to_string()).collect();
        for expected in ["customer.created", "subscription.created", "subscription.changed"] {
            assert!(types.iter().any(|t| t == expected), "{expected} delivered: {types:?}");
        }
        assert_eq!(by_event.len(), 3, "only the subscribed events of this organisation: {types:?}");
        for (event, attempts) in &by_event {
            assert_eq!(attempts.len(), 2, "{event}: one failed attempt, one retry, no duplicate");
            assert_eq!(attempts.iter().filter(|a| a.answered == 200).count(), 1, "{event} succeeded exactly once");
            for a in attempts {
                assert_eq!(a.header_id, *event);
                assert!(signature_ok(&endpoint.secret, &a.signature, &a.body), "signature of {event}: {}", a.signature);
                assert!(!signature_ok("whsec_wrong", &a.signature, &a.body));
            }
        }
        let changed = by_event.values().map(|v| serde_json::from_str::<Value>(&v[0].body).unwrap())
            .find(|v| v["type"] == "subscription.changed").unwrap();
        assert_eq!(changed["data"]["license_count"], 5);
        assert_eq!(changed["data"]["previous"]["license_count"], 4);

        // The delivery log shows each response code and the endpoint that was given up.
        let log = app.store.webhook_deliveries(admin.organisation_id, 50).await.unwrap();
        let ours: Vec<_> = log.iter().filter(|d| d.url == url).collect();
        assert_eq!(ours.len(), 3);
        assert!(ours.iter().all(|d| d.last_status == Some(200) && d.attempts == 2 && d.delivered_at.is_some()), "{ours:?}");
        let gone: Vec<_> = log.iter().filter(|d| d.url != url).collect();
        assert_eq!(gone.len(), 1);
        assert_eq!((gone[0].attempts, gone[0].last_status, gone[0].last_error.as_deref()), (3, None, Some("could not connect")));
        assert!(gone[0].gave_up_at.is_some());

        // Send test event (Settings > Webhooks): a ping for this endpoint only.
        let browser = app.signed_in("admin@northwind.example").await;
        let (status, ping) = app.call(&browser, "settings/webhooks/test", &[("id", &endpoint.id.to_string())]).await;
        assert_eq!(status, 200, "{ping}");
        let ping_id = ping.as_str().unwrap().to_string();
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while !receiver.received.lock().unwrap().iter().any(|r| r.event_id == ping_id && r.answered == 200) {
            assert!(std::time::Instant::now() < deadline, "ping not delivered");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let (status, overview) = app.call(&browser, "settings/webhooks/list", &[]).await;
        assert_eq!(status, 200);
        assert!(overview["deliveries"].as_array().unwrap().iter().any(|d| d["event_type"] == "ping"));
        assert!(!overview.to_string().contains(&endpoint.secret), "the secret is shown once only");
    }
}
