//! See ../security.rs. Webhooks (issue #25, items 2 and 9): server-side request forgery through
//! endpoint URLs, Send test event as a flood, and one slow receiver stalling everyone.
#[allow(unused_imports)]
use crate::common::*;
use app::developer::{DeliveryError, WebhookEvent};
use app::store::api::ClaimLimits;
use app::store::Actor;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// URLs that reach this machine or its networks, in the spellings an attacker would try.
const INTERNAL_URLS: &[&str] = &[
    "http://127.0.0.1:5432/",
    "http://127.0.0.1/hook",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://127.1:3000/",
    "http://0177.0.0.1/",
    "http://0/",
    "http://0.0.0.0:8080/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/admin",
    "http://100.100.100.200/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://localhost:5432/",
    "http://LOCALHOST./",
    "http://db.localhost/",
];

async fn actor_of(app: &TestApp, email: &str) -> Actor {
    let user = app.store.user_by_email(email).await.unwrap().unwrap();
    Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None }
}

/// A listener that counts the connections it accepts and never answers: a receiver that hangs
/// (a tarpit), or just a witness that nothing connected at all.
async fn tarpit() -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (addr, accepted)
}

/// A receiver that answers 200 and notes when each event arrived.
async fn receiver() -> (String, Arc<Mutex<Vec<(String, Instant)>>>) {
    let arrived: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let seen = arrived.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: String| {
            let seen = seen.clone();
            async move {
                let id = serde_json::from_str::<Value>(&body).unwrap_or_default()["id"].as_str().unwrap_or_default().to_string();
                seen.lock().unwrap().push((id, Instant::now()));
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/hook"), arrived)
}

fn worker_config(policy: WebhookPolicy) -> partnerdesk::webhooks::WorkerConfig {
    partnerdesk::webhooks::WorkerConfig { poll: Duration::from_millis(100), base_backoff_secs: 60, policy, ..Default::default() }
}

/// The fields of a field error answer (`{"Invalid": [{"field": …, "problem": …}]}`).
fn field_problems(body: &Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|errors| errors.iter().map(|e| (e["field"].as_str().unwrap_or_default().to_string(), e["problem"].to_string())).collect())
        .unwrap_or_default()
}

on_both_databases! {
    async fn internal_webhook_urls_are_refused_when_saved(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let organisation = actor_of(&app, "admin@northwind.example").await.organisation_id;
        for url in INTERNAL_URLS {
            let (status, body) = app.call(&admin, "settings/webhooks/create", &[("url", url), ("customer_created", "on")]).await;
            assert_eq!(status, 422, "{url} was accepted: {body}");
            assert_eq!(field_problems(&body), vec![("url".to_string(), "\"WebhookAddress\"".to_string())], "{url}: {body}");
        }
        // A name that does not resolve gets the same answer (it does not tell which names exist).
        let (status, body) = app.call(&admin, "settings/webhooks/create", &[("url", "https://hooks.nowhere.invalid/x"), ("customer_created", "on")]).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(field_problems(&body), vec![("url".to_string(), "\"WebhookAddress\"".to_string())]);
        assert!(app.store.webhook_endpoints(organisation).await.unwrap().is_empty(), "nothing was saved");

        // The same check whatever calls the domain function (the API would, tests do).
        let actor = actor_of(&app, "admin@northwind.example").await;
        for url in INTERNAL_URLS {
            let valid = app::developer::validate_endpoint(url, &[WebhookEvent::OfferAccepted]).unwrap();
            let refused = app::developer::ssr::create_endpoint(&app.store, &actor, valid, WebhookPolicy::PUBLIC_ONLY).await;
            assert_eq!(refused.unwrap_err(), app::error::AppError::invalid("url", app::error::Problem::WebhookAddress), "{url}");
        }
        // The message next to the field, in every language.
        for locale in app::i18n::Locale::ALL {
            let message = app::error::Problem::WebhookAddress.message(locale);
            assert!(message.len() > 40 && !message.contains('{'), "{locale:?}: {message}");
        }
    }

    async fn host_names_are_resolved_and_every_address_checked(app: TestApp) {
        // `localhost` resolves to 127.0.0.1 (from /etc/hosts, no network needed).
        let refused = app::developer::ssr::resolve_allowed("localhost", 80, WebhookPolicy::PUBLIC_ONLY).await;
        assert_eq!(refused, Err(app::developer::AddressRefusal::NotAllowed));
        let allowed = app::developer::ssr::resolve_allowed("localhost", 8080, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();
        assert!(allowed.iter().all(|a| a.ip().is_loopback() && a.port() == 8080), "{allowed:?}");
        assert_eq!(
            app::developer::ssr::resolve_allowed("hooks.nowhere.invalid", 443, WebhookPolicy::PUBLIC_ONLY).await,
            Err(app::developer::AddressRefusal::NotFound)
        );
        drop(app);
    }

    async fn the_rest_api_has_no_way_to_register_an_endpoint(app: TestApp) {
        // Endpoints are added on Settings > Webhooks only; if the API ever gets an operation for
        // it, it must go through developer::ssr::create_endpoint (the checked path) and this
        // test must say so.
        let actor = actor_of(&app, "admin@northwind.example").await;
        let valid = app::developer::validate_api_key("hooks", &[app::roles::Role::GlobalAdmin]).unwrap();
        let key = app::developer::ssr::create_api_key(&app.store, &actor, valid, 1000).await.unwrap().key;
        let http = reqwest::Client::new();
        for path in ["/webhooks", "/webhook-endpoints", "/settings/webhooks"] {
            let response = http
                .post(format!("{}/api/v1{path}", app.base))
                .bearer_auth(&key)
                .json(&serde_json::json!({ "url": "http://127.0.0.1:5432/", "events": ["offer.accepted"] }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 404, "POST /api/v1{path}");
        }
        let openapi = http.get(format!("{}/api/v1/openapi.json", app.base)).send().await.unwrap().text().await.unwrap();
        let document: Value = serde_json::from_str(&openapi).unwrap();
        let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
        assert!(paths.iter().all(|p| !p.contains("webhook")), "{paths:?}");
        assert!(app.store.webhook_endpoints(actor.organisation_id).await.unwrap().is_empty());
    }

    async fn deliveries_to_internal_addresses_are_never_connected(app: TestApp) {
        // Rows saved before the check existed, or a name whose DNS answer changed since it was
        // saved (rebinding): written straight into the store, past every check.
        let actor = actor_of(&app, "admin@northwind.example").await;
        let (listening, accepted) = tarpit().await;
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
        let port = listening.port();
        let urls = [
            format!("http://127.0.0.1:{port}/hook"),
            format!("http://localhost:{port}/hook"),
            format!("http://2130706433:{port}/hook"),
            format!("http://0x7f.1:{port}/hook"),
            format!("http://[::ffff:127.0.0.1]:{port}/hook"),
            // A closed port answers exactly like an open one: nothing to scan.
            format!("http://127.0.0.1:{}/hook", closed.port()),
            format!("http://localhost:{}/hook", closed.port()),
        ];
        for url in &urls {
            let id = app.store.create_webhook_endpoint(&actor, url, "whsec_test", &[WebhookEvent::CustomerCreated]).await.unwrap();
            app.store.send_test_event(&actor, id).await.unwrap();
        }
        partnerdesk::webhooks::spawn(app.store.clone(), worker_config(WebhookPolicy::PUBLIC_ONLY)).unwrap();

        let deadline = Instant::now() + Duration::from_secs(20);
        let log = loop {
            let log = app.store.webhook_deliveries(actor.organisation_id, 50).await.unwrap();
            if log.len() == urls.len() && log.iter().all(|d| d.attempts >= 1) {
                break log;
            }
            assert!(Instant::now() < deadline, "not attempted: {log:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        for delivery in &log {
            assert_eq!(delivery.last_status, None, "{delivery:?}");
            assert_eq!(delivery.last_error.as_deref(), Some(DeliveryError::AddressNotAllowed.code()), "{}", delivery.url);
            assert!(delivery.delivered_at.is_none());
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 0, "the receiver on loopback was never connected to");
    }

    async fn send_test_event_is_limited_per_organisation(app: TestApp) {
        let northwind = actor_of(&app, "admin@northwind.example").await;
        let contoso = actor_of(&app, "admin@contoso.example").await;
        // No worker runs: the pings only queue.
        let endpoint = app.store.create_webhook_endpoint(&northwind, "https://hooks.example.com/pd", "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        let other = app.store.create_webhook_endpoint(&contoso, "https://hooks.example.com/contoso", "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        // The count is per minute: do not start just before the minute turns.
        let into_minute = app::store::now().rem_euclid(60);
        if into_minute > 45 {
            tokio::time::sleep(Duration::from_secs(u64::try_from(61 - into_minute).unwrap())).await;
        }
        let admin = app.signed_in("admin@northwind.example").await;
        let id = endpoint.to_string();
        for n in 1..=app::developer::TEST_EVENTS_PER_MINUTE {
            let (status, body) = app.call(&admin, "settings/webhooks/test", &[("id", &id)]).await;
            assert_eq!(status, 200, "test event {n}: {body}");
        }
        let (status, body) = app.call(&admin, "settings/webhooks/test", &[("id", &id)]).await;
        assert_eq!(status, 429, "{body}");
        assert_eq!(body["TooManyTestEvents"]["max"], 10, "{body}");
        let error: app::error::AppError = serde_json::from_value(body).unwrap();
        assert!(error.message(app::i18n::Locale::En).starts_with("Your organisation can send 10 test events a minute."));
        // A second browser of the same organisation shares the count (it is in the database).
        let again = app.signed_in("admin@northwind.example").await;
        let (status, _) = app.call(&again, "settings/webhooks/test", &[("id", &id)]).await;
        assert_eq!(status, 429);
        let queued = app.store.webhook_deliveries(northwind.organisation_id, 50).await.unwrap();
        assert_eq!(queued.len(), 10, "only the allowed pings were queued");
        // Another organisation is not held up.
        let contoso_admin = app.signed_in("admin@contoso.example").await;
        let (status, body) = app.call(&contoso_admin, "settings/webhooks/test", &[("id", &other.to_string())]).await;
        assert_eq!(status, 200, "{body}");
    }

    async fn claims_take_turns_across_endpoints_and_organisations(app: TestApp) {
        let northwind = actor_of(&app, "admin@northwind.example").await;
        let contoso = actor_of(&app, "admin@contoso.example").await;
        let slow = app.store.create_webhook_endpoint(&northwind, "https://slow.example.com/", "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        let second = app.store.create_webhook_endpoint(&northwind, "https://second.example.com/", "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        let other = app.store.create_webhook_endpoint(&contoso, "https://other.example.com/", "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        for _ in 0..30 {
            app.store.send_test_event(&northwind, slow).await.unwrap();
        }
        app.store.send_test_event(&northwind, second).await.unwrap();
        app.store.send_test_event(&contoso, other).await.unwrap();
        let now = app::store::now();
        let limits = ClaimLimits { total: 20, per_endpoint: 2, per_organisation: 3 };
        let first = app.store.claim_deliveries(now, now + 60, limits).await.unwrap();
        let count = |list: &[app::store::api::ClaimedDelivery], endpoint: i64| list.iter().filter(|d| d.endpoint_id == endpoint).count();
        assert_eq!((count(&first, slow), count(&first, second), count(&first, other)), (2, 1, 1), "{first:?}");
        // What is in flight counts: nothing more until a delivery is finished.
        assert!(app.store.claim_deliveries(now, now + 60, limits).await.unwrap().is_empty());
        let done = first.iter().find(|d| d.endpoint_id == slow).unwrap();
        app.store.record_delivery_attempt(done.id, Some(200), None, 5, app::store::api::AttemptOutcome::Delivered).await.unwrap();
        let next = app.store.claim_deliveries(now, now + 60, limits).await.unwrap();
        assert_eq!(next.iter().map(|d| d.endpoint_id).collect::<Vec<_>>(), vec![slow]);
        // A claim that ran out (a server died) is taken over; a renewed one is not.
        let later = now + 61;
        let in_flight: Vec<i64> = first.iter().filter(|d| d.endpoint_id != slow).map(|d| d.id).collect();
        app.store.renew_delivery_claims(&in_flight, later + 60).await.unwrap();
        let taken_over = app.store.claim_deliveries(later, later + 60, limits).await.unwrap();
        assert!(taken_over.iter().all(|d| !in_flight.contains(&d.id)), "renewed claims stay: {taken_over:?}");
        assert_eq!(count(&taken_over, slow), 2, "the expired claims of the slow endpoint are taken over");
    }

    async fn a_receiver_that_never_answers_does_not_hold_up_others(app: TestApp) {
        let northwind = actor_of(&app, "admin@northwind.example").await;
        let contoso = actor_of(&app, "admin@contoso.example").await;
        // Northwind's receiver accepts connections and never answers; 30 deliveries wait for it.
        let (tarpit, connections) = tarpit().await;
        let hanging = app.store.create_webhook_endpoint(&northwind, &format!("http://{tarpit}/hook"), "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        for _ in 0..30 {
            app.store.send_test_event(&northwind, hanging).await.unwrap();
        }
        // Contoso's receiver answers at once; its one delivery is queued last.
        let (url, arrived) = receiver().await;
        let answering = app.store.create_webhook_endpoint(&contoso, &url, "whsec_test", &[WebhookEvent::OfferAccepted]).await.unwrap();
        let ping = app.store.send_test_event(&contoso, answering).await.unwrap();

        // Two servers' workers, with the production timeout (10 s) and the shortest claim asked
        // for: the claim is stretched to outlast the timeout, so neither takes over the other's
        // deliveries while they hang. Loopback receivers: private addresses allowed.
        let config = partnerdesk::webhooks::WorkerConfig { claim_secs: 1, ..worker_config(WebhookPolicy::ALLOW_PRIVATE) };
        assert_eq!(config.timeout, Duration::from_secs(10));
        let started = Instant::now();
        partnerdesk::webhooks::spawn(app.store.clone(), config.clone()).unwrap();
        partnerdesk::webhooks::spawn(app.store.clone(), config).unwrap();
        let arrival = loop {
            if let Some((_, at)) = arrived.lock().unwrap().iter().find(|(id, _)| *id == ping).cloned() {
                break at;
            }
            assert!(started.elapsed() < Duration::from_secs(8), "Contoso's delivery waited behind Northwind's hanging receiver");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(arrival - started < Duration::from_secs(3), "arrived after {:?}", arrival - started);
        // Until the first attempts time out (10 s), the hanging receiver holds two deliveries
        // of the two servers together, never more, and none is sent twice.
        tokio::time::sleep(Duration::from_secs(5).saturating_sub(started.elapsed())).await;
        assert_eq!(connections.load(Ordering::SeqCst), 2, "in flight to the hanging endpoint");
        let log = app.store.webhook_deliveries(northwind.organisation_id, 50).await.unwrap();
        assert!(log.iter().all(|d| d.attempts == 0), "nothing recorded before the timeout: {log:?}");
    }
}

// The unsafe setting for tests and local development (`--webhooks-allow-private`) reaches the
// page's check through the server's state.
on_both_databases! {
    webhooks = WebhookPolicy::ALLOW_PRIVATE;
    async fn loopback_receivers_are_accepted_only_with_the_unsafe_setting(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, body) = app.call(&admin, "settings/webhooks/create", &[("url", "http://127.0.0.1:9/hook"), ("customer_created", "on")]).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["secret"].as_str().unwrap().starts_with("whsec_"));
    }

    async fn each_events_checkbox_subscribes_to_that_event(app: TestApp) {
        use app::developer::WebhookEvent;
        for email in ["admin@northwind.example", "admin@contoso.example"] {
            let admin = app.signed_in(email).await;
            let record = app.store.user_by_email(email).await.unwrap().unwrap();
            let programs = app.store.organisation(record.organisation_id).await.unwrap().unwrap().programs();
            let (_, overview) = app.call(&admin, "settings/webhooks/list", &[]).await;
            assert_eq!(overview["events"], serde_json::json!(WebhookEvent::subscribable_by(&programs)), "{email}: the page offers its programs' events");
            for event in WebhookEvent::SUBSCRIBABLE {
                let field = app::developer::event_field(event);
                let (status, created) = app.call(&admin, "settings/webhooks/create", &[("url", "http://127.0.0.1:9/hook"), (field.as_str(), "on")]).await;
                if !event.reaches(&programs) {
                    // An event the organisation is never told of is not subscribed to, even when sent.
                    assert_eq!(status, 422, "{email} {field}: {created}");
                    continue;
                }
                assert_eq!(status, 200, "{email} {field}: {created}");
                let (_, overview) = app.call(&admin, "settings/webhooks/list", &[]).await;
                let endpoint = overview["endpoints"].as_array().unwrap().iter().find(|e| e["id"] == created["id"]).unwrap().clone();
                assert_eq!(endpoint["events"], serde_json::json!([event]), "{email}: the checkbox {field}");
            }
        }
    }
}
