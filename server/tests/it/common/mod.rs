//! A real PartnerDesk server on a random loopback port, over a fresh SQLite file or a fresh
//! PostgreSQL database, with the demo data loaded. Every integration test runs on both.
#![allow(dead_code)]

pub use app::developer::WebhookPolicy;
use app::error::AppError;
use app::store::SharedStore;
use leptos::prelude::LeptosOptions;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde_json::Value;
use std::net::SocketAddr;

pub const PASSWORD: &str = app::demo::DEMO_PASSWORD;

#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs the same async test body against SQLite and PostgreSQL. The servers refuse webhook
/// endpoints on private addresses, as in production; `webhooks = WebhookPolicy::ALLOW_PRIVATE;`
/// first lets them register receivers on loopback (`--webhooks-allow-private`).
#[macro_export]
macro_rules! on_both_databases {
    (webhooks = $policy:expr; $(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            mod $name {
                use super::*;
                async fn body($app: TestApp) $body
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() { body(TestApp::start_with(Db::Sqlite, $policy).await).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() { body(TestApp::start_with(Db::Postgres, $policy).await).await }
            }
        )*
    };
    ($(async fn $name:ident($app:ident: TestApp) $body:block)*) => {
        $(
            mod $name {
                use super::*;
                async fn body($app: TestApp) $body
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() { body(TestApp::start(Db::Sqlite).await).await }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() { body(TestApp::start(Db::Postgres).await).await }
            }
        )*
    };
}

pub struct TestApp {
    pub base: String,
    pub store: SharedStore,
    pub database_url: String,
    /// The mail worker of this server, writing each message to a folder (`mail`, `link_token`).
    pub mail: partnerdesk::mail::MailConfig,
    mail_dir: std::path::PathBuf,
    /// The server's clock for the subscription rules: `clock.set(t)` moves it to `t`.
    pub clock: app::state::Clock,
    _dir: tempfile::TempDir,
}

/// The PostgreSQL server the tests use (`PARTNERDESK_TEST_POSTGRES` overrides it).
/// A server function's form fields: (name, value) pairs.
pub type Form = &'static [(&'static str, &'static str)];

pub fn postgres_admin_url() -> String {
    std::env::var("PARTNERDESK_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// Once per test run: the databases earlier runs left behind are dropped (each test makes its
/// own; hundreds of runs filled a disk once).
static LEFTOVERS_DROPPED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();

pub async fn fresh_postgres_database() -> String {
    use sqlx::Connection;
    let admin = postgres_admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL must run on 127.0.0.1:5432 (scripts/postgres.sh starts it)");
    LEFTOVERS_DROPPED
        .get_or_init(|| async {
            let mut admin_conn = sqlx::PgConnection::connect(&postgres_admin_url()).await.expect("PostgreSQL");
            let old: Vec<(String,)> = sqlx::query_as("SELECT datname FROM pg_database WHERE datname LIKE 'pd\\_test\\_%'")
                .fetch_all(&mut admin_conn)
                .await
                .unwrap_or_default();
            for (name,) in old {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut admin_conn).await;
            }
        })
        .await;
    let name = format!("pd_test_{}", uuid_like());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin);
    format!("{base}/{name}")
}

fn uuid_like() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..16).map(|_| char::from(b'a' + rng.gen_range(0..26))).collect()
}

/// The Leptos options every test server runs with.
pub fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder().output_name("partnerdesk").site_root("target/site").build()
}

impl TestApp {
    /// A server that sends webhooks to public addresses only (the production default).
    pub async fn start(db: Db) -> TestApp {
        TestApp::start_with_settings(db, partnerdesk::http_layers::PublicLimits::default(), WebhookPolicy::PUBLIC_ONLY).await
    }

    /// A server with the webhook policy given (`WebhookPolicy::ALLOW_PRIVATE`: receivers on
    /// loopback may be registered, as with `--webhooks-allow-private`).
    pub async fn start_with(db: Db, webhooks: WebhookPolicy) -> TestApp {
        TestApp::start_with_settings(db, partnerdesk::http_layers::PublicLimits::default(), webhooks).await
    }

    /// A server with these limits on the public endpoints (e.g. one that trusts
    /// `X-Forwarded-For`, so a test can speak from several client addresses).
    pub async fn start_with_limits(db: Db, limits: partnerdesk::http_layers::PublicLimits) -> TestApp {
        TestApp::start_with_settings(db, limits, WebhookPolicy::PUBLIC_ONLY).await
    }

    /// A server on a database that never saw the demo data: no organisation, no user.
    pub async fn start_empty(db: Db) -> TestApp {
        TestApp::start_server(db, partnerdesk::http_layers::PublicLimits::default(), WebhookPolicy::PUBLIC_ONLY, false).await
    }

    /// A server with these public limits and this webhook policy.
    pub async fn start_with_settings(db: Db, limits: partnerdesk::http_layers::PublicLimits, webhooks: WebhookPolicy) -> TestApp {
        TestApp::start_server(db, limits, webhooks, true).await
    }

    async fn start_server(db: Db, limits: partnerdesk::http_layers::PublicLimits, webhooks: WebhookPolicy, demo: bool) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = match db {
            Db::Sqlite => format!("sqlite:{}/test.db", dir.path().display()),
            Db::Postgres => fresh_postgres_database().await,
        };
        let store = app::store::open(&database_url).await.expect("open store");
        store.migrate().await.expect("migrate");
        if demo {
            app::demo::load(&store).await.expect("demo data");
        }
        let mail_dir = dir.path().join("mail");
        let clock = app::state::Clock::system();
        let settings = partnerdesk::http_layers::ServerSettings {
            limits,
            webhooks,
            mailbox: Some(mail_dir.clone()),
            clock: clock.clone(),
            ..Default::default()
        };
        let router = partnerdesk::http_layers::router_with_settings(leptos_options(), store.clone(), settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
        });
        let mail =
            partnerdesk::mail::MailConfig::from_settings(None, "PartnerDesk <desk@partnerdesk.example>", mail_dir.clone()).expect("mail folder");
        TestApp { base: format!("http://{addr}"), store, database_url, mail, mail_dir, clock, _dir: dir }
    }

    /// A browser-like client that keeps cookies and does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
    }

    /// Calls a server function by its endpoint (`/api/<endpoint>`) with form fields.
    pub async fn call(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).form(form).send().await.expect("request");
        decode(response).await
    }

    /// Calls a server function that takes JSON (`input = Json`).
    pub async fn call_json(&self, client: &reqwest::Client, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).json(&body).send().await.expect("request");
        decode(response).await
    }

    /// Calls the server function `F` as its page does (its path, its arguments as a form) and
    /// reads the answer as the page does: its output, or the error it refused with.
    pub async fn run<F>(&self, client: &reqwest::Client, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn + serde::Serialize,
        F::Output: serde::de::DeserializeOwned,
    {
        let form = serde_qs::to_string(&args).expect("the arguments encode as a form");
        let response = client
            .post(format!("{}{}", self.base, F::PATH))
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("request");
        typed(response).await
    }

    /// [`TestApp::run`] for a server function that takes JSON (`input = Json`).
    pub async fn run_json<F>(&self, client: &reqwest::Client, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn + serde::Serialize,
        F::Output: serde::de::DeserializeOwned,
    {
        let response = client.post(format!("{}{}", self.base, F::PATH)).json(&args).send().await.expect("request");
        typed(response).await
    }

    /// A client signed in as `email` (demo password).
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = self.client();
        let (status, body) = self.call(&client, "auth/sign-in", &[("email", email), ("password", PASSWORD)]).await;
        assert!(status.is_success() || status.is_redirection(), "sign-in as {email}: {status} {body}");
        client
    }

    /// Sends what is due and returns every message sent so far, newest first.
    pub async fn mail(&self) -> Vec<String> {
        partnerdesk::mail::send_due(&self.store, &self.mail).await;
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&self.mail_dir)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "eml")).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).and_then(|m| m.modified()).ok()));
        files.iter().map(|p| std::fs::read_to_string(p).expect("message")).collect()
    }

    /// The token of the newest link to `path` (`/invitation`, `/password/reset`) sent to `to`.
    pub async fn link_token(&self, to: &str, path: &str) -> String {
        let messages = self.mail().await;
        let message = messages.iter().find(|m| m.contains(&format!("To: {to}"))).unwrap_or_else(|| panic!("no message to {to}"));
        let text = message.replace("=\r\n", "").replace("=\n", "");
        let start = text.find(&format!("{path}/")).unwrap_or_else(|| panic!("no {path} link in {text}")) + path.len() + 1;
        text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
    }

    /// The person invited as `to` joins with `password` from their newest invitation; returns
    /// their client, signed in.
    pub async fn join(&self, to: &str, password: &str) -> reqwest::Client {
        let token = self.link_token(to, "/invitation").await;
        let client = self.client();
        let (status, body) =
            self.call(&client, "auth/accept-invitation", &[("token", &token), ("new_password", password), ("confirm_password", password)]).await;
        assert!(status.is_success() || status.is_redirection(), "{to} joins: {status} {body}");
        client
    }

    /// The folder the test server writes its messages to (its development mailbox).
    pub fn mail_dir(&self) -> &std::path::Path {
        &self.mail_dir
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(format!("{}{path}", self.base)).send().await.expect("request")
    }
}

/// The status and the JSON body (or the text, when it is not JSON) of a response.
/// A server function's answer: its output, or the error it answered with (any other body is a
/// failed test, with the body shown).
async fn typed<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, AppError> {
    let status = response.status();
    let text = response.text().await.expect("body");
    if status.is_success() {
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} answer {text:?} is not the output: {e}")))
    } else {
        Err(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} answer {text:?} is not an error: {e}")))
    }
}

async fn decode(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

/// Waits, when the current minute ends within 5 seconds, for the next one: the per-minute
/// rate windows start on the minute, and a test that counts requests against one window must
/// not straddle two.
pub async fn away_from_a_minute_boundary() {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    let left = 60 - now % 60;
    if left <= 5 {
        tokio::time::sleep(std::time::Duration::from_secs(left + 1)).await;
    }
}

/// Subscribes `organisation_id` to `events` at an address nothing listens on (the deliveries
/// are recorded, and fail): what a test reads back with `webhook_deliveries`.
/// A refusal's fields and their problems (`AppError::Invalid` as a server function answers it).
pub fn invalid_fields(body: &Value) -> Vec<(String, Value)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].clone())).collect())
        .unwrap_or_default()
}

/// Runs one statement on the test's database, behind the server's back (a change the server
/// did not make: a race, time passing).
pub async fn execute_sql(app: &TestApp, sql: &str) {
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
}

pub async fn listen_for(app: &TestApp, organisation_id: i64, events: Vec<app::developer::WebhookEvent>) {
    let actor = app::store::Actor { user_id: None, organisation_id, ip: None };
    let endpoint = app::developer::ValidEndpoint { url: "http://127.0.0.1:9/hooks".into(), events };
    app::developer::ssr::create_endpoint(&app.store, &actor, endpoint, app::developer::WebhookPolicy::ALLOW_PRIVATE).await.unwrap();
}

/// Creates an offer as Contoso's advisor: Business Basic × 25 in NL, with delegated
/// administration when `gdap` is set. Returns (summary ID, advisor code, token).
pub async fn create_offer(app: &TestApp, advisor: &reqwest::Client, gdap: Option<&str>) -> (String, String, String) {
    let (_, start) = app.call(advisor, "offers/start", &[]).await;
    let office = start["offices"][0]["id"].as_i64().unwrap().to_string();
    let body = serde_json::json!({ "form": {
        "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "25"]],
        "delegated_admin": gdap.is_some(), "gdap_name": gdap.unwrap_or(""), "gdap_roles": ["UserAdministrator"],
        "gdap_duration_days": "365", "idempotency_key": ""
    }});
    let (status, summary) = app.call_json(advisor, "offers/create", body).await;
    assert_eq!(status, StatusCode::OK, "{summary}");
    let summary = summary.as_str().unwrap().to_string();
    let (_, detail) = app.call(advisor, "offers/get", &[("summary_id", &summary)]).await;
    let path = detail["url_path"].as_str().unwrap().to_string();
    let mut parts = path.trim_start_matches("/offer/").split('/');
    let (code, token) = (parts.next().unwrap().to_string(), parts.next().unwrap().to_string());
    (summary, code, token)
}
