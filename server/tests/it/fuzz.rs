//! Hostile input: random and malformed requests to every route and every server function
//! (wrong types, huge, truncated, non-UTF-8, wrong or missing content type, missing fields,
//! other methods), anonymously and signed in. The answer is never a 5xx and never a cut
//! connection (a panic), and a 4xx carries a message. Prints how many cases ran. The seed is
//! fixed so a failure can be replayed; `PARTNERDESK_FUZZ_SEED` and `PARTNERDESK_FUZZ_CASES`
//! change it and the number of cases.

use crate::common::*;
use futures::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::{Method, StatusCode};

/// Field names the server functions and forms use, so random bodies hit real arguments.
const FIELDS: &[&str] = &[
    "email",
    "password",
    "next",
    "lang",
    "code",
    "token",
    "prefix",
    "receipt",
    "company_name",
    "domain_prefix",
    "address_line1",
    "city",
    "postal_code",
    "phone",
    "registration_number",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "language",
    "counts[M365-BUSINESS-BASIC]",
    "delegated_admin",
    "idempotency_key",
    "embed",
    "mpn_id",
    "country",
    "user_name",
    "search",
    "page",
    "summary_id",
    "introduction",
    "closing",
    "contact",
    "expires_on",
    "origins",
    "name",
    "id",
    "recipient_email",
    "reseller_id",
    "customer_id",
    "subscription_id",
    "license_count",
    "reseller_mpn_id",
    "support_contact_id",
    "user_id",
    "advisor",
    "active",
    "filter[user]",
    "filter[action]",
    "description",
    "website",
    "countries",
    "provider_since",
    "change_id",
    "decision",
    "note",
    "url",
    "events",
    "form",
    "order",
    "lines",
    "details",
    "sort",
    "limit",
    "cursor",
];

/// Page routes (app/src/app.rs) with their parameters as `{}`.
const PAGES: &[&str] = &[
    "/",
    "/sign-in",
    "/offline",
    "/offers",
    "/offers/new",
    "/offers/{}",
    "/settings/locations",
    "/resellers",
    "/resellers/requests/{}",
    "/resellers/{}/remove",
    "/partnerships/{}",
    "/providers",
    "/customers",
    "/customers/new",
    "/customers/{}/reseller",
    "/customers/{}/subscriptions/new",
    "/customers/{}/subscriptions/{}",
    "/renewals",
    "/renewals/calendar",
    "/offer/{}/{}",
    "/offer/{}/{}/accepted/{}",
    "/embed/offer/{}/{}",
    "/embed/offer/{}/{}/accepted/{}",
    "/settings/audit-log",
    "/settings/users",
    "/settings/api-keys",
    "/settings/webhooks",
    "/settings/embedding",
    "/settings/offer-prices",
    "/settings/provider-profile",
    "/directory",
    "/operator/profile-changes",
    "/operator/mailbox",
    "/operator/price-lists",
    "/operator/price-lists/uploads/{}",
    "/operator/price-lists/{}",
    "/operator/mailbox/{}",
    "/register/confirm/{}",
    // Routes of the HTTP layer (server/src/http_layers.rs).
    "/healthz",
    "/sw.js",
    "/manifest.webmanifest",
    "/offers/{}/logo",
    "/offer-logo/{}",
    "/settings/audit-log.csv",
    "/calendar/{}",
    "/pkg/{}",
    "/{}",
];

/// Every C0 control character, DEL and the C1/Unicode line breaks: each may end up in a
/// header (a redirect's `Location`), a log line or a CSV export.
fn control_characters() -> String {
    (0u8..0x20).map(char::from).chain(['\u{7f}', '\u{85}', '\u{2028}', '\u{2029}']).collect::<String>() + "/\\evil.example"
}

/// Unicode that trips naive code: right-to-left override, zero-width joiners and spaces, a
/// byte-order mark, combining marks stacked on one letter, letters whose case mapping changes
/// their length (İ, ß), full-width and ligature forms, astral emoji with skin tones, and a
/// noncharacter.
fn unicode_edges() -> String {
    "\u{202e}gnp.exe \u{200d}\u{200b}\u{feff}Z\u{0301}\u{0302}\u{0303}\u{0304} İstanbul STRASSE ß ＡＢＣ ﬀ 👩🏽\u{200d}💻 \u{fffe}\u{fdd0} 𝔘"
        .to_string()
}

/// One million characters that do not compress (so a database that keeps them grows by them).
fn megabyte(rng: &mut StdRng) -> String {
    (0..1_000_000).map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.gen_range(0..36)])).collect()
}

fn random_text(rng: &mut StdRng) -> String {
    match rng.gen_range(0..12) {
        10 => control_characters(),
        11 => unicode_edges(),
        0 => String::new(),
        1 => "-1".into(),
        2 => "99999999999999999999999".into(),
        3 => i64::MIN.to_string(),
        4 => "ünïcødé ✓ 𝔘 \u{202e}".into(),
        5 => "' OR 1=1 --".into(),
        6 => "<script>alert(1)</script>".into(),
        7 => "x".repeat(rng.gen_range(1000..20_000)),
        8 => "%00%ff%".into(),
        _ => (0..rng.gen_range(1..40)).map(|_| char::from(rng.gen_range(32u8..127))).collect(),
    }
}

fn random_json(rng: &mut StdRng, depth: u32) -> serde_json::Value {
    use serde_json::Value;
    match rng.gen_range(0..if depth > 2 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.gen()),
        2 => Value::from(rng.gen::<i64>()),
        3 => Value::from(rng.gen::<f64>() * 1e300),
        4 => Value::from(random_text(rng)),
        5 => Value::Array((0..rng.gen_range(0..4)).map(|_| random_json(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.gen_range(0..5)).map(|_| (FIELDS[rng.gen_range(0..FIELDS.len())].to_string(), random_json(rng, depth + 1))).collect(),
        ),
    }
}

fn random_form(rng: &mut StdRng) -> String {
    let pairs: Vec<(String, String)> =
        (0..rng.gen_range(0..8)).map(|_| (FIELDS[rng.gen_range(0..FIELDS.len())].to_string(), random_text(rng))).collect();
    pairs.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&")
}

/// One malformed body with the content type it claims (or none).
fn random_body(rng: &mut StdRng) -> (Option<&'static str>, Vec<u8>) {
    const FORM: &str = "application/x-www-form-urlencoded";
    const JSON: &str = "application/json";
    match rng.gen_range(0..9) {
        0 => (Some(FORM), random_form(rng).into_bytes()),
        1 => (Some(JSON), random_json(rng, 0).to_string().into_bytes()),
        // Truncated.
        2 => {
            let mut body = random_json(rng, 0).to_string().into_bytes();
            body.truncate(body.len() / 2);
            (Some(JSON), body)
        }
        3 => (Some(FORM), b"a=%&=&&%zz=1&counts[=2".to_vec()),
        // Not UTF-8.
        4 => (Some([FORM, JSON][rng.gen_range(0..2)]), (0..rng.gen_range(1..200)).map(|_| rng.gen_range(0x80u8..=0xff)).collect()),
        // The wrong content type for the body.
        5 => (Some(JSON), random_form(rng).into_bytes()),
        6 => (Some(["text/plain", "multipart/form-data", "application/xml", "image/png"][rng.gen_range(0..4)]), random_form(rng).into_bytes()),
        7 => (None, random_form(rng).into_bytes()),
        // Huge: past the body limit.
        _ => (Some([FORM, JSON][rng.gen_range(0..2)]), vec![b'a'; rng.gen_range(1024 * 1024..3 * 1024 * 1024)]),
    }
}

fn random_path(rng: &mut StdRng) -> String {
    let page = PAGES[rng.gen_range(0..PAGES.len())];
    let mut path = String::new();
    for (i, part) in page.split("{}").enumerate() {
        if i > 0 {
            let segment = random_text(rng);
            path.push_str(&urlencode(&segment[..segment.len().min(300)]));
        }
        path.push_str(part);
    }
    if rng.gen_bool(0.3) {
        path.push('?');
        path.push_str(&random_form(rng));
    }
    path
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A 4xx must say something a person can act on: a non-empty body.
fn check(case: &str, status: StatusCode, body: &[u8], failures: &mut Vec<String>) {
    if status.is_server_error() {
        failures.push(format!("{case}: {status} {}", String::from_utf8_lossy(&body[..body.len().min(300)])));
    } else if status.is_client_error() && body.iter().all(u8::is_ascii_whitespace) {
        failures.push(format!("{case}: {status} with an empty body"));
    }
}

/// What the fuzz tests send to: clients (anonymous and signed in as each kind of organisation),
/// an API key for the REST API (so bodies reach the handlers), every server function and every
/// REST operation of the OpenAPI document.
struct Targets {
    clients: Vec<(&'static str, reqwest::Client)>,
    key: String,
    server_fns: Vec<String>,
    operations: Vec<(Method, String)>,
}

async fn targets(app: &TestApp) -> Targets {
    let clients = vec![
        ("anonymous", app.client()),
        ("advisor", app.signed_in("admin@contoso.example").await),
        ("provider", app.signed_in("admin@northwind.example").await),
        ("reseller", app.signed_in("admin@adatum.example").await),
    ];
    let user = app.store.user_by_email("admin@northwind.example").await.unwrap().unwrap();
    let actor = app::store::Actor { user_id: Some(user.id), organisation_id: user.organisation_id, ip: None };
    let valid = app::developer::validate_api_key("fuzz", &user.roles).expect("key");
    let key = app::developer::ssr::create_api_key(&app.store, &actor, valid, 1_000_000).await.expect("api key").key;
    let mut server_fns: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    server_fns.sort();
    let openapi: serde_json::Value = app.client().get(format!("{}/api/v1/openapi.json", app.base)).send().await.unwrap().json().await.unwrap();
    let operations: Vec<(Method, String)> = openapi["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().filter_map(|m| m.to_uppercase().parse::<Method>().ok()).map(move |m| (m, format!("/api/v1{path}")))
        })
        .collect();
    Targets { clients, key, server_fns, operations }
}

on_both_databases! {
    async fn random_and_malformed_requests_never_get_a_server_error(app: TestApp) {
        let seed: u64 = std::env::var("PARTNERDESK_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(11);
        let per_target: usize = std::env::var("PARTNERDESK_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
        let mut rng = StdRng::seed_from_u64(seed);
        let Targets { clients, key, server_fns, operations } = targets(&app).await;
        assert!(server_fns.len() > 40 && operations.len() > 15, "{} server functions, {} API operations", server_fns.len(), operations.len());

        let mut failures = Vec::new();
        let mut cases = 0usize;
        let send = |rng: &mut StdRng, method: Method, path: String, bearer: bool| {
            let (content_type, body) = if method == Method::GET && rng.gen_bool(0.7) { (None, Vec::new()) } else { random_body(rng) };
            let (who, client) = &clients[rng.gen_range(0..clients.len())];
            let mut request = client.request(method.clone(), format!("{}{path}", app.base)).body(body.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            if bearer && rng.gen_bool(0.8) {
                request = request.bearer_auth(&key).header("idempotency-key", random_text(rng).chars().filter(char::is_ascii_graphic).take(60).collect::<String>());
            }
            let case = format!("{method} {} as {who} ({content_type:?}, {} bytes)", &path[..path.len().min(120)], body.len());
            // A connection the server closed after refusing a huge body (413 without reading it)
            // may have had other requests queued on it: those are sent once more on a new
            // connection. A panic cuts the connection again and still fails.
            let retry = request.try_clone();
            async move {
                match (request.send().await, retry) {
                    (Err(e), Some(retry)) if e.is_request() || e.is_connect() => (case, retry.send().await),
                    (answer, _) => (case, answer),
                }
            }
        };
        let methods = [Method::POST, Method::POST, Method::POST, Method::GET, Method::PUT, Method::DELETE, Method::PATCH];
        for round in 0..per_target {
            let mut batch = Vec::new();
            for path in &server_fns {
                if path.ends_with("/sign-out") && round % 4 != 0 {
                    continue;
                }
                let method = methods[rng.gen_range(0..methods.len())].clone();
                batch.push(send(&mut rng, method, path.clone(), false));
            }
            for (method, path) in &operations {
                let path = path
                    .split('/')
                    .map(|s| if s.starts_with('{') { urlencode(&random_text(&mut rng)[..]) } else { s.to_string() })
                    .collect::<Vec<_>>()
                    .join("/");
                let method = if rng.gen_bool(0.8) { method.clone() } else { methods[rng.gen_range(0..methods.len())].clone() };
                batch.push(send(&mut rng, method, path, true));
            }
            for _ in 0..PAGES.len() {
                let method = if rng.gen_bool(0.7) { Method::GET } else { methods[rng.gen_range(0..methods.len())].clone() };
                let path = random_path(&mut rng);
                batch.push(send(&mut rng, method, path, false));
            }
            // A few at a time: like busy clients, without starving the database pool.
            let results: Vec<_> = futures::stream::iter(batch).buffer_unordered(8).collect().await;
            for (case, response) in results {
                cases += 1;
                match response {
                    Ok(response) => {
                        let status = response.status();
                        let body = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                        check(&case, status, &body, &mut failures);
                    }
                    Err(e) => failures.push(format!("{case}: no answer ({e}): a panic or a cut connection")),
                }
            }
        }
        let mut kinds = std::collections::BTreeMap::<String, usize>::new();
        for failure in &failures {
            let (method, rest) = failure.split_once(' ').unwrap_or_default();
            let path: String = rest.split(['?', ' ']).next().unwrap_or_default().split('/').take(4).collect::<Vec<_>>().join("/");
            let outcome = failure.rsplit_once("): ").map(|(_, o)| o).unwrap_or_default().chars().take(80).collect::<String>();
            *kinds.entry(format!("{method} {path}: {outcome}")).or_default() += 1;
        }
        for (kind, n) in &kinds {
            println!("  {n:>4} × {kind}");
        }
        println!("fuzz (seed {seed}): {cases} cases over {} server functions, {} API operations and {} routes; {} failures", server_fns.len(), operations.len(), PAGES.len(), failures.len());
        assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
    }
}

/// The database's size in bytes (SQLite: pages in use; PostgreSQL: every table with its
/// indexes and TOAST), to check that no request makes it grow by more than a bounded amount.
async fn database_bytes(app: &TestApp) -> i64 {
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.expect("sqlite");
        let (bytes,): (i64,) =
            sqlx::query_as("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").fetch_one(&pool).await.expect("size");
        bytes
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.expect("postgres");
        let (bytes,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(pg_total_relation_size(relid)), 0) AS BIGINT) FROM pg_stat_user_tables")
            .fetch_one(&pool)
            .await
            .expect("size");
        bytes
    }
}

/// What one request may add to the database at most (a customer with its subscriptions and
/// audit lines is a few KB; pages of 4–8 KB are the unit of growth).
const GROWTH_PER_REQUEST: i64 = 96 * 1024;

on_both_databases! {
    async fn hostile_values_in_every_field_are_answered_and_leave_bounded_traces(app: TestApp) {
        let mut rng = StdRng::seed_from_u64(25);
        let Targets { clients, key, mut server_fns, operations } = targets(&app).await;
        // Signing out ends the session the next requests need.
        server_fns.retain(|p| !p.ends_with("/sign-out"));

        let big = megabyte(&mut rng);
        let values = [("control characters", control_characters()), ("Unicode edge cases", unicode_edges())];
        let mut failures = Vec::new();
        let mut cases = 0usize;
        // Every field of every server function at once, as a script (JSON answer) and as a
        // browser without JavaScript (redirects: every value that can reach `Location`).
        for path in &server_fns {
            for (what, value) in &values {
                for html in [false, true] {
                    let (who, client) = &clients[rng.gen_range(0..clients.len())];
                    let form: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, value.as_str())).collect();
                    let mut request = client.post(format!("{}{path}", app.base)).form(&form);
                    if html {
                        request = request.header("accept", "text/html");
                    }
                    let case = format!("POST {path} as {who} with {what} in every field{}", if html { " (no JavaScript)" } else { "" });
                    cases += 1;
                    match request.send().await {
                        Ok(response) => {
                            let status = response.status();
                            if let Some(location) = response.headers().get("location").and_then(|l| l.to_str().ok()) {
                                if location.contains("evil.example") || location.starts_with("//") || location.contains('\\') {
                                    failures.push(format!("{case}: redirects off the site: {location}"));
                                }
                            }
                            let body = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                            check(&case, status, &body, &mut failures);
                        }
                        Err(e) => failures.push(format!("{case}: no answer ({e}): a panic or a cut connection")),
                    }
                }
            }
            // One field at a time a megabyte long (the body limit allows one): the database
            // grows by a bounded amount, whatever the endpoint does with it.
            let field = FIELDS[rng.gen_range(0..FIELDS.len())];
            let (who, client) = &clients[rng.gen_range(0..clients.len())];
            let before = database_bytes(&app).await;
            let form: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, if *f == field { big.as_str() } else { "x" })).collect();
            let case = format!("POST {path} as {who} with 1 MB in {field}");
            cases += 1;
            match client.post(format!("{}{path}", app.base)).header("accept", "text/html").form(&form).send().await {
                Ok(response) => {
                    let status = response.status();
                    let body = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                    check(&case, status, &body, &mut failures);
                }
                Err(e) => failures.push(format!("{case}: no answer ({e})")),
            }
            let grown = database_bytes(&app).await - before;
            if grown > GROWTH_PER_REQUEST {
                failures.push(format!("{case}: the database grew by {grown} bytes"));
            }
        }
        // Every property of every REST operation's body, and every path parameter.
        for (method, path) in &operations {
            for (what, value) in values.iter().chain([&("a megabyte", big.clone())]) {
                let body = serde_json::Value::Object(FIELDS.iter().map(|f| (f.to_string(), serde_json::Value::from(value.as_str()))).collect());
                let body = if what == &"a megabyte" { serde_json::json!({ "name": value, "company_name": "x" }) } else { body };
                let path: String = path
                    .split('/')
                    .map(|s| if s.starts_with('{') { urlencode(&value.chars().take(200).collect::<String>()) } else { s.to_string() })
                    .collect::<Vec<_>>()
                    .join("/");
                let case = format!("{method} {} with {what}", &path[..path.len().min(80)]);
                cases += 1;
                let before = database_bytes(&app).await;
                let sent = reqwest::Client::new()
                    .request(method.clone(), format!("{}{path}", app.base))
                    .bearer_auth(&key)
                    .header("idempotency-key", value.chars().filter(char::is_ascii_graphic).take(60).collect::<String>())
                    .json(&body)
                    .send()
                    .await;
                match sent {
                    Ok(response) => {
                        let status = response.status();
                        let body = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                        check(&case, status, &body, &mut failures);
                    }
                    Err(e) => failures.push(format!("{case}: no answer ({e})")),
                }
                let grown = database_bytes(&app).await - before;
                if grown > GROWTH_PER_REQUEST {
                    failures.push(format!("{case}: the database grew by {grown} bytes"));
                }
            }
        }
        // The server still answers.
        let health = app.client().get(format!("{}/healthz", app.base)).send().await.map(|r| r.status());
        assert_eq!(health.ok(), Some(StatusCode::OK));
        println!("hostile values: {cases} cases over {} server functions and {} API operations; {} failures", server_fns.len(), operations.len(), failures.len());
        assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
    }
}

/// The fields whose value can end up in a `Location` header (a redirect after a form post), per
/// server function, with the other fields it needs (issue #25, item 4).
const REDIRECTING_FIELDS: &[(&str, &str, Form)] = &[
    ("auth/sign-in", "next", &[("email", "agent@northwind.example"), ("password", PASSWORD)]),
    (
        "offer/accept",
        "token",
        &[
            ("code", "contoso"),
            ("company_name", ""),
            ("domain_prefix", ""),
            ("address_line1", ""),
            ("city", ""),
            ("postal_code", ""),
            ("contact_first_name", ""),
            ("contact_last_name", ""),
            ("contact_email", ""),
            ("language", "en"),
            ("idempotency_key", "k"),
        ],
    ),
    (
        "offer/accept",
        "code",
        &[
            ("token", "x"),
            ("company_name", ""),
            ("domain_prefix", ""),
            ("address_line1", ""),
            ("city", ""),
            ("postal_code", ""),
            ("contact_first_name", ""),
            ("contact_last_name", ""),
            ("contact_email", ""),
            ("language", "en"),
            ("idempotency_key", "k"),
        ],
    ),
    ("offer/reply", "token", &[("code", "contoso"), ("kind", "decline"), ("idempotency_key", "k")]),
    ("offer/reply", "code", &[("token", "x"), ("kind", "decline"), ("idempotency_key", "k")]),
    ("offer/reply", "kind", &[("code", "contoso"), ("token", "x"), ("idempotency_key", "k")]),
    (
        "partnerships/register",
        "token",
        &[
            ("company_name", "X"),
            ("mpn_id", "7777777"),
            ("country", "NL"),
            ("user_name", "X"),
            ("email", "x@example.com"),
            ("password", "a long enough passphrase"),
        ],
    ),
    ("partnerships/register/confirm", "token", &[]),
];

on_both_databases! {
    async fn control_characters_in_redirecting_fields_get_an_answer(app: TestApp) {
        let mut failures = Vec::new();
        let controls: Vec<char> = (0u8..0x20).chain([0x7f]).map(char::from).chain(['\u{85}', '\u{2028}', '\u{202e}']).collect();
        for (endpoint, field, others) in REDIRECTING_FIELDS {
            for control in &controls {
                let value = format!("/{control}/evil.example");
                let mut form: Vec<(&str, &str)> = others.to_vec();
                form.push((field, &value));
                // Without JavaScript (a redirect), and for sign-in also from the page's own code
                // (the public endpoints' per-minute limit allows no more).
                let accepts: &[&str] = if *endpoint == "auth/sign-in" { &["text/html", "application/json"] } else { &["text/html"] };
                for accept in accepts {
                    let answer = app.client().post(format!("{}/api/{endpoint}", app.base)).header("accept", *accept).form(&form).send().await;
                    match answer {
                        Ok(response) if response.status().is_server_error() => failures.push(format!("{endpoint} {field}={value:?} ({accept}): {}", response.status())),
                        Ok(response) => {
                            let location = response.headers().get("location").map(|l| l.to_str().unwrap_or("(not text)").to_string());
                            if location.as_deref().is_some_and(|l| l.contains("evil.example") && !l.contains("__err")) {
                                failures.push(format!("{endpoint} {field}={value:?}: Location {location:?}"));
                            }
                        }
                        Err(e) => failures.push(format!("{endpoint} {field}={value:?} ({accept}): no answer ({e}): a panic or a cut connection")),
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
