//! Reliability with the real `partnerdesk` binary: two servers sharing one PostgreSQL
//! database, `kill -9` in the middle of a write load (SQLite and PostgreSQL), migrations raced
//! by several processes, and `partnerdesk backup` while the server serves.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The binary under test; `PARTNERDESK_BIN` overrides it (the build directory is shared, so
/// another checkout's build may replace the file cargo names while these tests run).
fn binary() -> String {
    std::env::var("PARTNERDESK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_partnerdesk").to_string())
}

/// One `partnerdesk` process on a free loopback port, killed when dropped.
struct Server {
    child: std::sync::Mutex<Child>,
    base: String,
    log: PathBuf,
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    listener.local_addr().expect("local addr").port()
}

fn partnerdesk(database_url: &str) -> Command {
    let mut command = Command::new(binary());
    command
        .env("DATABASE_URL", database_url)
        // The servers of one database share its key (never a file in the source tree).
        .env("SECRET_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        .env("LEPTOS_CONFIG", concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
        // Their messages go to a temporary folder, not into the source tree.
        .env("MAIL_DIR", std::env::temp_dir().join("partnerdesk-reliability-mail"))
        .env("RUST_LOG", "warn")
        .env_remove("PUBLIC_URL")
        .stdin(Stdio::null());
    command
}

impl Server {
    /// Starts `partnerdesk serve [--demo]` and waits until `/healthz` answers (at most a minute).
    async fn start(database_url: &str, demo: bool, dir: &Path) -> Server {
        Server::start_with(database_url, demo, dir, &[]).await
    }

    async fn start_with(database_url: &str, demo: bool, dir: &Path, env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = dir.join(format!("server-{port}.log"));
        let file = std::fs::File::create(&log).expect("log file");
        let mut command = partnerdesk(database_url);
        command.env("PARTNERDESK_LISTEN", format!("127.0.0.1:{port}")).arg("serve").stdout(file.try_clone().expect("log file")).stderr(file);
        if demo {
            command.arg("--demo");
        }
        command.envs(env.iter().copied());
        let child = command.spawn().expect("start partnerdesk");
        let server = Server { child: std::sync::Mutex::new(child), base: format!("http://127.0.0.1:{port}"), log };
        server.wait_ready().await;
        server
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        for _ in 0..600 {
            let exited = self.child.lock().unwrap().try_wait();
            if let Ok(Some(status)) = exited {
                panic!("partnerdesk exited ({status}):\n{}", std::fs::read_to_string(&self.log).unwrap_or_default());
            }
            if let Ok(response) = client.get(format!("{}/healthz", self.base)).send().await {
                if response.status() == StatusCode::OK {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("partnerdesk did not answer /healthz within a minute:\n{}", std::fs::read_to_string(&self.log).unwrap_or_default());
    }

    /// SIGKILL: no graceful shutdown, no flushing, requests in flight are cut.
    fn kill_9(&self) {
        let mut child = self.child.lock().unwrap();
        child.kill().expect("kill -9");
        child.wait().expect("reap");
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client")
    }

    async fn call(&self, client: &reqwest::Client, endpoint: &str, form: &[(&str, &str)]) -> Result<(StatusCode, Value), reqwest::Error> {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).form(form).send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
    }

    async fn call_json(&self, client: &reqwest::Client, endpoint: &str, body: &Value) -> Result<(StatusCode, Value), reqwest::Error> {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).json(body).send().await?;
        let status = response.status();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
    }

    async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = Server::client();
        let (status, body) = self.call(&client, "auth/sign-in", &[("email", email), ("password", PASSWORD)]).await.expect("sign in");
        assert!(status.is_success() || status.is_redirection(), "sign-in as {email}: {status} {body}");
        client
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(child) = self.child.get_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn offer_form(office: &str, key: &str) -> Value {
    json!({ "form": {
        "office_id": office, "usage_location": "NL",
        "lines": [["M365-BUSINESS-BASIC", "25"], ["POWER-BI-PRO", "5"]],
        "delegated_admin": false, "gdap_name": "", "gdap_roles": [],
        "gdap_duration_days": "365", "idempotency_key": key
    }})
}

fn customer_order(company: &str, domain: &str, key: &str) -> Value {
    json!({ "order": {
        "reseller_id": null,
        "details": {
            "company_name": company, "domain_prefix": domain, "address_line1": "Bahnhofstrasse 1",
            "city": "Rotterdam", "postal_code": "3011 AA", "country": "NL", "phone": "", "registration_number": "",
            "contact_first_name": "Anna", "contact_last_name": "Visser", "contact_email": "anna@example.com", "language": "nl"
        },
        "lines": [["M365-BUSINESS-PREMIUM", "15"], ["POWER-BI-PRO", "5"]],
        "idempotency_key": key
    }})
}

fn acceptance<'a>(code: &'a str, token: &'a str, domain: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("token", token),
        ("company_name", "Wingtip Toys"),
        ("domain_prefix", domain),
        ("address_line1", "Keizersgracht 1"),
        ("city", "Amsterdam"),
        ("postal_code", "1015 CJ"),
        ("contact_first_name", "Iris"),
        ("contact_last_name", "Bakker"),
        ("contact_email", "iris@wingtip.example"),
        ("language", "nl"),
        ("counts[M365-BUSINESS-BASIC]", "3"),
        ("counts[POWER-BI-PRO]", "5"),
        ("delegated_admin", "without"),
        ("idempotency_key", key),
    ]
}

async fn first_office(server: &Server, advisor: &reqwest::Client) -> String {
    let (status, start) = server.call(advisor, "offers/start", &[]).await.expect("offers/start");
    assert_eq!(status, StatusCode::OK, "{start}");
    start["offices"][0]["id"].as_i64().expect("an office").to_string()
}

/// (code, token) of an offer, from its URL path.
async fn offer_link(server: &Server, advisor: &reqwest::Client, summary: &str) -> (String, String) {
    let (status, detail) = server.call(advisor, "offers/get", &[("summary_id", summary)]).await.expect("offers/get");
    assert_eq!(status, StatusCode::OK, "{detail}");
    let path = detail["url_path"].as_str().expect("url_path").to_string();
    let mut parts = path.trim_start_matches("/offer/").split('/');
    (parts.next().unwrap().to_string(), parts.next().unwrap().to_string())
}

/// Anything the server answered with 5xx is a failure of this suite.
fn no_server_errors(answers: &[(StatusCode, Value)], what: &str) {
    let errors: Vec<_> = answers.iter().filter(|(s, _)| s.is_server_error()).collect();
    assert!(errors.is_empty(), "{what}: {} server errors, e.g. {:?}", errors.len(), errors.first());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_postgres_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_postgres_database().await;
    let a = Server::start(&url, true, dir.path()).await;
    let b = Server::start(&url, false, dir.path()).await;
    let servers = [&a, &b];

    // A session started on one server is valid on the other (same cookie, other port).
    let advisor = a.signed_in("advisor@contoso.example").await;
    let office = first_office(&b, &advisor).await;
    let (status, summary) = b.call_json(&advisor, "offers/create", &offer_form(&office, "two-servers")).await.unwrap();
    assert_eq!(status, StatusCode::OK, "{summary}");
    let summary = summary.as_str().unwrap().to_string();
    // Its idempotency key is known to the other server too.
    let (status, again) = a.call_json(&advisor, "offers/create", &offer_form(&office, "two-servers")).await.unwrap();
    assert_eq!((status, again.as_str()), (StatusCode::OK, Some(summary.as_str())), "the retry on the other server finds the first offer");

    // Sign-in throttling counts failures on both servers together.
    let guesser = Server::client();
    for i in 0..app::auth::THROTTLE_FAILURES {
        let (status, _) =
            servers[i as usize % 2].call(&guesser, "auth/sign-in", &[("email", "agent@litware.example"), ("password", "wrong guess")]).await.unwrap();
        assert!(status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS, "failure {i} is a plain refusal: {status}");
    }
    let (status, body) = b.call(&Server::client(), "auth/sign-in", &[("email", "agent@litware.example"), ("password", PASSWORD)]).await.unwrap();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "failures on A and B add up: {body}");

    // View counts: the same visitor seen by both servers is one view.
    let (code, token) = offer_link(&a, &advisor, &summary).await;
    let visitor = Server::client();
    for server in servers {
        let (status, _) = server.call(&visitor, "offer/view", &[("code", &code), ("token", &token)]).await.unwrap();
        assert_eq!(status, StatusCode::OK);
    }
    let (_, detail) = b.call(&advisor, "offers/get", &[("summary_id", &summary)]).await.unwrap();
    assert_eq!(detail["row"]["views"], 1, "one visitor, one view, whichever server counted it");

    // 20 clients accept the offer at once; each request goes to both servers (a retry that
    // the balancer sent elsewhere). Every client gets exactly its own receipt.
    let clients: Vec<reqwest::Client> = (0..20).map(|_| Server::client()).collect();
    let keys: Vec<String> = (0..20).map(|i| format!("accept-{i}")).collect();
    let domains: Vec<String> = (0..20).map(|i| format!("twoservers{i}")).collect();
    let accepts = (0..20).flat_map(|i| {
        let form = acceptance(&code, &token, &domains[i], &keys[i]);
        let client = &clients[i];
        servers.map(move |server| {
            let form = form.clone();
            async move { (i, server.call(client, "offer/accept", &form).await.expect("offer/accept")) }
        })
    });
    let answers = futures::future::join_all(accepts).await;
    no_server_errors(&answers.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>(), "acceptances");
    let mut receipts = std::collections::BTreeMap::new();
    for (i, (status, receipt)) in &answers {
        assert_eq!(*status, StatusCode::OK, "client {i}: {receipt}");
        let previous = receipts.insert(*i, receipt.clone());
        assert!(previous.is_none() || previous.as_ref() == Some(receipt), "client {i} got two receipts");
    }
    let distinct: std::collections::BTreeSet<_> = receipts.values().map(|r| r.to_string()).collect();
    assert_eq!(distinct.len(), 20, "twenty clients, twenty receipts");
    let (_, detail) = a.call(&advisor, "offers/get", &[("summary_id", &summary)]).await.unwrap();
    assert_eq!(detail["row"]["acceptances"], 20, "{detail}");
    assert_eq!(detail["acceptances"].as_array().map(Vec::len), Some(20));

    // 20 new-customer orders, each sent to both servers at once: 20 customers, no error.
    let provider = b.signed_in("sales@northwind.example").await;
    let orders: Vec<Value> =
        (0..20).map(|i| customer_order(&format!("Scaleout Customer {i}"), &format!("scaleout{i}"), &format!("order-{i}"))).collect();
    let creates = orders.iter().flat_map(|order| servers.map(|server| server.call_json(&provider, "customers/create", order)));
    let answers: Vec<(StatusCode, Value)> = futures::future::join_all(creates).await.into_iter().map(|a| a.expect("customers/create")).collect();
    no_server_errors(&answers, "customer orders");
    for pair in answers.chunks(2) {
        let ok = pair.iter().filter(|(s, _)| *s == StatusCode::OK).count();
        let replayed = pair.iter().filter(|(s, b)| *s == StatusCode::CONFLICT && b["Refused"] == "AlreadySubmitted").count();
        assert_eq!((ok, replayed), (1, 1), "one order, one customer, one 'already submitted': {pair:?}");
    }
    let (_, list) = a.call(&provider, "customers/list", &[("search", "Scaleout Customer"), ("page", "1")]).await.unwrap();
    assert_eq!(list["Provider"]["total"], 20, "{list}");

    // Partnership acceptances: two providers send three links each; a reseller (partner of
    // neither) accepts all six at once on both servers: one partnership with each provider.
    let mut tokens = Vec::new();
    for email in ["admin@northwind.example", "admin@tailspin.example"] {
        let provider = a.signed_in(email).await;
        for _ in 0..3 {
            let (status, id) = b.call(&provider, "resellers/request", &[]).await.unwrap();
            assert_eq!(status, StatusCode::OK, "{id}");
            let id = id.as_i64().expect("request id").to_string();
            let (_, draft) = a.call(&provider, "resellers/request/get", &[("id", &id)]).await.unwrap();
            tokens.push(draft["link"].as_str().expect("link").rsplit('/').next().unwrap().to_string());
        }
    }
    let reseller = a.signed_in("admin@proseware.example").await;
    let accepts = tokens.iter().enumerate().flat_map(|(i, token)| {
        let reseller = &reseller;
        servers.map(move |server| async move { (i, server.call(reseller, "partnerships/accept", &[("token", token)]).await.expect("accept")) })
    });
    let answers = futures::future::join_all(accepts).await;
    no_server_errors(&answers.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>(), "partnership acceptances");
    let accepted = answers.iter().filter(|(_, (s, _))| s.is_success() || s.is_redirection()).count();
    for (i, (status, body)) in &answers {
        assert!(status.is_success() || status.is_redirection() || *status == StatusCode::CONFLICT, "link {i}: {status} {body}");
    }
    assert_eq!(accepted, 2, "one partnership with each provider, however many links and servers: {answers:?}");
    let (_, providers) = b.call(&reseller, "providers/list", &[]).await.unwrap();
    let names: Vec<String> =
        providers.as_array().map(|a| a.iter().filter_map(|p| p["name"].as_str().map(str::to_string)).collect()).unwrap_or_default();
    assert!(names.contains(&"Northwind Distribution".to_string()) && names.contains(&"Tailspin Cloud Supply".to_string()), "{providers}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_at_once_migrate_one_fresh_database_once() {
    let url = fresh_postgres_database().await;
    let runs: Vec<_> =
        (0..3).map(|_| partnerdesk(&url).arg("migrate").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start")).collect();
    for run in runs {
        let output = run.wait_with_output().expect("migrate");
        assert!(output.status.success(), "migrate failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let store = app::store::open(&url).await.expect("open");
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/migrations/postgres")).expect("migrations").count();
    let applied = match store.backend() {
        app::store::Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.expect("connect");
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").fetch_one(&pool).await.expect("count");
            n
        }
        app::store::Backend::Sqlite => unreachable!(),
    };
    assert_eq!(applied as usize, files, "every migration applied exactly once");
}

/// Creates offers (two lines each) and customers (two subscriptions each) from four workers
/// until `seconds` pass or the server dies; returns the summary IDs and domain prefixes it
/// acknowledged. `acks` counts acknowledgements as they come.
async fn write_load(
    server: &Server,
    (advisor, provider, office): &(reqwest::Client, reqwest::Client, String),
    seconds: u64,
    acks: &std::sync::atomic::AtomicUsize,
) -> (Vec<String>, Vec<String>) {
    use std::sync::atomic::Ordering;
    let stop = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let workers = (0..4).map(|w| async move {
        let (mut offers, mut customers) = (Vec::new(), Vec::new());
        let mut n = 0;
        while tokio::time::Instant::now() < stop {
            n += 1;
            match server.call_json(advisor, "offers/create", &offer_form(office, &format!("load-{w}-{n}"))).await {
                Ok((StatusCode::OK, Value::String(summary))) => {
                    offers.push(summary);
                    acks.fetch_add(1, Ordering::SeqCst);
                }
                Ok((status, body)) => assert!(!status.is_server_error(), "{status} {body}"),
                Err(_) => break,
            }
            let domain = format!("crash{w}x{n}");
            let order = customer_order(&format!("Crash Customer {w} {n}"), &domain, &format!("crash-{w}-{n}"));
            match server.call_json(provider, "customers/create", &order).await {
                Ok((StatusCode::OK, _)) => {
                    customers.push(domain);
                    acks.fetch_add(1, Ordering::SeqCst);
                }
                Ok((status, body)) => assert!(!status.is_server_error(), "{status} {body}"),
                Err(_) => break,
            }
        }
        (offers, customers)
    });
    let results = futures::future::join_all(workers).await;
    results.into_iter().fold((Vec::new(), Vec::new()), |(mut o, mut c), (offers, customers)| {
        o.extend(offers);
        c.extend(customers);
        (o, c)
    })
}

/// The signed-in clients and the office the load uses.
async fn load_clients(server: &Server) -> (reqwest::Client, reqwest::Client, String) {
    let advisor = server.signed_in("advisor@contoso.example").await;
    let provider = server.signed_in("sales@northwind.example").await;
    let office = first_office(server, &advisor).await;
    (advisor, provider, office)
}

async fn killed_mid_write_load(database_url: String, dir: tempfile::TempDir) {
    let server = Server::start(&database_url, true, dir.path()).await;
    let clients = load_clients(&server).await;
    let acks = std::sync::atomic::AtomicUsize::new(0);
    // kill -9 once the load has 20 acknowledged writes (at most a minute), while it keeps writing.
    let load = write_load(&server, &clients, 60, &acks);
    let (offers, customers) = {
        tokio::pin!(load);
        let waited = tokio::time::Instant::now();
        loop {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(50)) => {}
                _ = &mut load => panic!("the load stopped before the kill"),
            }
            if acks.load(std::sync::atomic::Ordering::SeqCst) >= 20 || waited.elapsed() > Duration::from_secs(50) {
                break;
            }
        }
        server.kill_9();
        load.await
    };
    assert!(!offers.is_empty() && !customers.is_empty(), "the load wrote something before the kill");
    eprintln!("acknowledged before kill -9: {} offers, {} customers", offers.len(), customers.len());

    // Nothing half-written: every offer has its lines and every customer its subscriptions.
    check_database(&database_url, &offers, &customers).await;
    // And the server starts again on the same database and serves the acknowledged offers.
    let server = Server::start(&database_url, false, dir.path()).await;
    let advisor = server.signed_in("advisor@contoso.example").await;
    let (status, detail) = server.call(&advisor, "offers/get", &[("summary_id", offers.last().unwrap())]).await.unwrap();
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["row"]["lines"].as_array().map(Vec::len), Some(2), "{detail}");
}

async fn check_database(database_url: &str, offers: &[String], customers: &[String]) {
    macro_rules! check {
        ($pool:expr) => {{
            let pool = $pool;
            for summary in offers {
                let (lines,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM offer_lines l JOIN offers o ON o.id = l.offer_id WHERE o.summary_id = $1")
                        .bind(summary)
                        .fetch_one(&pool)
                        .await
                        .expect("count lines");
                assert_eq!(lines, 2, "acknowledged offer {summary} is there with both lines");
            }
            for domain in customers {
                let (subscriptions,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM customer_subscriptions s JOIN customers c ON c.id = s.customer_id WHERE c.domain_prefix = $1",
                )
                .bind(domain)
                .fetch_one(&pool)
                .await
                .expect("count subscriptions");
                assert_eq!(subscriptions, 2, "acknowledged customer {domain} is there with both subscriptions");
            }
            let (bare_offers,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM offer_lines l WHERE l.offer_id = o.id)")
                    .fetch_one(&pool)
                    .await
                    .expect("bare offers");
            assert_eq!(bare_offers, 0, "no offer without lines");
            let (bare_customers,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM customers c WHERE c.company_name LIKE 'Crash Customer%' \
                 AND NOT EXISTS (SELECT 1 FROM customer_subscriptions s WHERE s.customer_id = c.id)",
            )
            .fetch_one(&pool)
            .await
            .expect("bare customers");
            assert_eq!(bare_customers, 0, "no customer without subscriptions");
            pool
        }};
    }
    if database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(database_url).await.expect("open the SQLite file");
        let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&pool).await.expect("integrity_check");
        assert_eq!(integrity, "ok");
        check!(pool).close().await;
    } else {
        check!(sqlx::PgPool::connect(database_url).await.expect("connect")).close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_mid_write_load_loses_nothing_acknowledged_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}/crash.db", dir.path().display());
    killed_mid_write_load(url, dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_mid_write_load_loses_nothing_acknowledged_postgres() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_postgres_database().await;
    killed_mid_write_load(url, dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_while_serving_is_a_consistent_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}/live.db", dir.path().display());
    let server = Server::start(&url, true, dir.path()).await;
    let advisor = server.signed_in("advisor@contoso.example").await;
    let office = first_office(&server, &advisor).await;
    let (status, before) = server.call_json(&advisor, "offers/create", &offer_form(&office, "before-backup")).await.unwrap();
    assert_eq!(status, StatusCode::OK, "{before}");
    let before = before.as_str().unwrap().to_string();

    // Back up while a write load runs.
    let backup = dir.path().join("backup.db");
    let clients = load_clients(&server).await;
    let acks = std::sync::atomic::AtomicUsize::new(0);
    let load = write_load(&server, &clients, 3, &acks);
    let run_backup = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mut command = partnerdesk(&url);
        command.arg("backup").arg(&backup);
        let output = tokio::task::spawn_blocking(move || command.output()).await.expect("join").expect("run partnerdesk backup");
        assert!(output.status.success(), "backup failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).to_string()
    };
    let ((offers, _), printed) = tokio::join!(load, run_backup);
    assert!(printed.contains("Backed up"), "{printed}");
    assert!(!offers.is_empty());

    // The copy opens as a store, passes the integrity check and holds the data.
    let restored = app::store::open(&format!("sqlite:{}", backup.display())).await.expect("open the backup");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", backup.display())).await.expect("open");
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&pool).await.expect("integrity_check");
    assert_eq!(integrity, "ok");
    let user = restored.user_by_email("advisor@contoso.example").await.expect("read").expect("the demo users are in the backup");
    let detail = restored.offer_detail(user.organisation_id, &before).await.expect("read").expect("the offer made before the backup");
    assert_eq!(detail.row.lines.len(), 2);
    // Offers in the copy are whole: none without its lines.
    let (bare,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM offers o WHERE NOT EXISTS (SELECT 1 FROM offer_lines l WHERE l.offer_id = o.id)")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(bare, 0);

    // A backup never overwrites a file, and PostgreSQL is pointed to its own tools.
    let output = partnerdesk(&url).arg("backup").arg(&backup).output().expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("exists already"), "{}", String::from_utf8_lossy(&output.stderr));
    let pg = fresh_postgres_database().await;
    let output = partnerdesk(&pg).arg("backup").arg(dir.path().join("pg.db")).output().expect("run");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("pg_dump"), "{}", String::from_utf8_lossy(&output.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_endpoints_are_rate_limited_across_servers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_postgres_database().await;
    let limit = [("PARTNERDESK_PUBLIC_RATE_LIMIT", "4")];
    let a = Server::start_with(&url, true, dir.path(), &limit).await;
    let b = Server::start_with(&url, false, dir.path(), &limit).await;
    let servers = [&a, &b];
    let client = Server::client();
    // Four sign-ins a minute from one address, wherever they land; the fifth is refused with
    // a message and Retry-After, and so is the sixth on the other server.
    for (endpoint, form, allowed) in [
        ("auth/sign-in", vec![("email", "nobody@example.com"), ("password", "wrong")], 4),
        ("partnerships/accept", vec![("token", "nosuchtoken")], 4),
        ("offer/accept", vec![("code", "x"), ("token", "y")], 4),
        ("offer/domain", vec![("prefix", "somethingfree")], 20),
    ] {
        // The limits count per calendar minute: a burst that straddles a minute's end would
        // start counting again. Late in a minute, wait for the next.
        let second = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() % 60;
        if second > 40 {
            tokio::time::sleep(std::time::Duration::from_secs(61 - second)).await;
        }
        for i in 0..allowed {
            let (status, body) = servers[i % 2].call(&client, endpoint, &form).await.unwrap();
            assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{endpoint} request {i}: {body}");
            assert!(!status.is_server_error(), "{endpoint}: {status} {body}");
        }
        for server in servers {
            let response = client.post(format!("{}/api/{endpoint}", server.base)).form(&form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{endpoint} past the limit");
            let wait: u32 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&wait));
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["RateLimited"]["seconds"], wait, "the error value the pages translate: {body}");
        }
        // A browser without JavaScript posting the form gets a page in its language, with a
        // way back to the page it came from.
        let response = client
            .post(format!("{}/api/{endpoint}", a.base))
            .header("accept", "text/html,application/xhtml+xml")
            .header("accept-language", "fr")
            .header("referer", format!("{}/offer/x/y", a.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let page = response.text().await.unwrap();
        assert!(page.contains("Trop de requêtes") && page.contains(r#"<html lang="fr">"#), "{page}");
        assert!(page.contains(r#"<a href="/offer/x/y">Retour</a>"#), "{page}");
    }
    // Other endpoints and other addresses' limits are not affected.
    let (status, _) = a.call(&client, "directory/search", &[("search", ""), ("country", ""), ("page", "1")]).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    let message = app::error::AppError::RateLimited { seconds: 30 }.message(app::i18n::Locale::Nl);
    assert!(message.contains("30"), "{message}");
}
