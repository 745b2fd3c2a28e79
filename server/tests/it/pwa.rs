//! The installable app and offline work (#9), on SQLite and PostgreSQL: the service worker and
//! the manifest, pages that name their build's files, the offline page, the catalog that
//! travels with the wizards, and replays of queued submissions (exactly one record each).

use crate::common::*;
use app::pwa::worker::BuildInfo;
use leptos::prelude::LeptosOptions;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::net::SocketAddr;

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The server's router over a site folder of our own (with package files), on a free port.
async fn serve_site(app: &TestApp, site_root: &std::path::Path) -> String {
    let options = LeptosOptions::builder().output_name("partnerdesk").site_root(site_root.display().to_string()).build();
    let router = partnerdesk::http_layers::router(options, app.store.clone(), None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    format!("http://{addr}")
}

/// A PNG's width and height, from its header.
fn png_size(path: &str) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(&bytes[1..4], b"PNG", "{path} is a PNG");
    let word = |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (word(16), word(20))
}

#[test]
fn the_icons_of_the_manifest_are_pngs_of_their_sizes() {
    for (src, sizes, _) in app::pwa::worker::ICONS {
        let (w, h) = png_size(&format!("../public{src}"));
        assert_eq!(format!("{w}x{h}"), *sizes, "{src}");
    }
}

#[test]
fn the_build_id_follows_the_package_files() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(pkg.join("snippets")).unwrap();
    std::fs::write(pkg.join("partnerdesk.js"), "js 1").unwrap();
    std::fs::write(pkg.join("partnerdesk.wasm"), "wasm 1").unwrap();
    std::fs::write(pkg.join("partnerdesk.wasm.br"), "compressed").unwrap();
    std::fs::write(pkg.join("snippets").join("a.js"), "snippet").unwrap();
    let root = dir.path().display().to_string();
    let first = BuildInfo::scan(&root, "pkg");
    assert_eq!(first.files, vec!["partnerdesk.js", "partnerdesk.wasm", "snippets/a.js"], "precompressed copies are left out");
    assert_eq!(BuildInfo::scan(&root, "pkg"), first, "the same files give the same id");
    std::fs::write(pkg.join("partnerdesk.wasm"), "wasm 2").unwrap();
    let second = BuildInfo::scan(&root, "pkg");
    assert_ne!(second.id, first.id, "a new build gets a new id");
    assert!(second.precache().contains(&format!("/pkg/{}/partnerdesk.wasm", second.id)));
    assert!(!second.precache().iter().any(|u| u.contains(&first.id)), "nothing of the old build is kept");
}

fn offer(office: &str, key: &str, gdap_name: &str) -> Value {
    json!({ "form": {
        "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "10"]],
        "delegated_admin": true, "gdap_name": gdap_name, "gdap_roles": ["DirectoryReaders"],
        "gdap_duration_days": "90", "idempotency_key": key
    }})
}

fn customer(domain: &str, key: &str) -> Value {
    json!({ "order": {
        "reseller_id": null,
        "details": {
            "company_name": "Relecloud", "domain_prefix": domain, "address_line1": "Damrak 1",
            "city": "Amsterdam", "postal_code": "1012 LG", "country": "NL", "phone": "", "registration_number": "",
            "contact_first_name": "Sam", "contact_last_name": "de Vries", "contact_email": "sam@relecloud.example", "language": "nl"
        },
        "lines": [["M365-BUSINESS-BASIC", "3"]],
        "idempotency_key": key
    }})
}

on_both_databases! {
    async fn the_service_worker_and_the_manifest_are_served_for_this_build(app: TestApp) {
        let client = app.client();
        let worker = app.get(&client, "/sw.js").await;
        assert_eq!(worker.status(), StatusCode::OK);
        assert!(header(&worker, "content-type").starts_with("text/javascript"), "{}", header(&worker, "content-type"));
        assert_eq!(header(&worker, "cache-control"), "no-cache", "a new release is found at once");
        assert_eq!(header(&worker, "service-worker-allowed"), "/");
        let build = header(&worker, "x-partnerdesk-build");
        assert!(!build.is_empty());
        let script = worker.text().await.unwrap();
        assert!(script.contains(&format!("const BUILD = \"{build}\";")), "the worker embeds the build it belongs to");
        for url in ["\"/offline\"", "\"/icons/maskable-512.png\"", "\"/manifest.webmanifest\"", "\"/customers/new\""] {
            assert!(script.contains(url), "{url} in the worker");
        }

        let manifest = app.get(&client, "/manifest.webmanifest").await;
        assert_eq!(manifest.status(), StatusCode::OK);
        assert_eq!(header(&manifest, "content-type"), "application/manifest+json");
        assert_eq!(header(&manifest, "cache-control"), "no-cache");
        let m: Value = manifest.json().await.unwrap();
        assert_eq!(m["name"], "PartnerDesk");
        assert_eq!(m["start_url"], "/");
        assert_eq!(m["display"], "standalone");
        assert_eq!(m["theme_color"], "#0f4c81");
        let icons = m["icons"].as_array().unwrap();
        for (size, purpose) in [("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")] {
            assert!(icons.iter().any(|i| i["sizes"] == size && i["purpose"] == purpose), "{size} {purpose}");
        }
        let dutch = client
            .get(format!("{}/manifest.webmanifest", app.base))
            .header("accept-language", "nl-NL,nl;q=0.9")
            .send()
            .await
            .unwrap();
        let m: Value = dutch.json().await.unwrap();
        assert_eq!(m["lang"], "nl");
        assert_eq!(m["shortcuts"][0]["name"], "Aanbieding maken");
    }

    async fn pages_name_their_build_and_link_the_manifest(app: TestApp) {
        let client = app.signed_in("advisor@contoso.example").await;
        let page = app.get(&client, "/offers/new").await;
        assert_eq!(page.status(), StatusCode::OK);
        let build = header(&page, "x-partnerdesk-build");
        let policy = header(&page, "content-security-policy");
        assert!(policy.contains("worker-src 'self'") && policy.contains("manifest-src 'self'"), "{policy}");
        assert!(policy.contains("script-src 'self' 'nonce-"), "the script policy is unchanged: {policy}");
        let html = page.text().await.unwrap();
        assert!(html.contains(r#"<link rel="manifest" href="/manifest.webmanifest""#), "{html}");
        assert!(html.contains(&format!("/pkg/{build}/offer-wizard.js")), "the page loads its own build's script");
        assert!(html.contains(&format!("/pkg/{build}/texts-en.js")), "and its own build's texts");
        assert!(html.contains(&format!(r#"href="/pkg/{build}/partnerdesk.css""#)), "and its own build's styles");
        // The catalog travels with the wizard, for offline use.
        let (_, start) = app.call(&client, "offers/start", &[]).await;
        let catalog = start["catalog"].as_array().expect("the catalog");
        let basic = catalog.iter().find(|e| e["subscription"]["id"] == "M365-BUSINESS-BASIC").expect("basic");
        assert!(basic["countries"].as_array().unwrap().iter().any(|c| c == "NL"));
        assert!(
            basic["subscription"]["translations"].as_array().unwrap().iter().any(|t| t[0] == "fr" && t[1] == "Applications web et mobiles, messagerie et stockage de fichiers"),
            "every language's description travels too, for a language switch offline: {basic}"
        );
        let teams = catalog.iter().find(|e| e["subscription"]["id"] == "TEAMS-ESSENTIALS").expect("teams");
        assert!(!teams["countries"].as_array().unwrap().iter().any(|c| c == "NL"), "{teams}");
        let provider = app.signed_in("sales@northwind.example").await;
        let (_, start) = app.call(&provider, "customers/start", &[]).await;
        assert!(!start["catalog"].as_array().expect("the catalog").is_empty());
    }

    async fn the_offline_page_answers_everyone(app: TestApp) {
        let page = app.get(&app.client(), "/offline?from=/customers").await;
        assert_eq!(page.status(), StatusCode::OK, "the service worker stores it at install");
        let html = page.text().await.unwrap();
        assert!(html.contains("Not available offline"), "{html}");
        assert!(html.contains("/customers shows live data"), "{html}");
        let hostile = app.get(&app.client(), "/offline?from=https://evil.example/").await.text().await.unwrap();
        assert!(!hostile.contains("evil.example"), "only paths of this site");
    }

    async fn package_files_are_served_under_their_build(app: TestApp) {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("pkg/partnerdesk.js"), "export default 1;").unwrap();
        // What `cargo leptos build --release --precompress` writes next to each file.
        std::fs::write(site.path().join("pkg/partnerdesk.js.br"), "brotli bytes").unwrap();
        std::fs::write(site.path().join("pkg/partnerdesk.js.gz"), "gzip bytes").unwrap();
        let base = serve_site(&app, site.path()).await;
        let build = BuildInfo::scan(&site.path().display().to_string(), "pkg").id;
        let client = app.client();
        let file = client.get(format!("{base}/pkg/{build}/partnerdesk.js")).send().await.unwrap();
        assert_eq!(file.status(), StatusCode::OK);
        assert_eq!(header(&file, "x-partnerdesk-build"), build);
        assert_eq!(header(&file, "cache-control"), "public, max-age=31536000, immutable", "the build id names the content");
        assert_eq!(file.text().await.unwrap(), "export default 1;");
        for (encoding, body) in [("br", "brotli bytes"), ("gzip", "gzip bytes")] {
            let compressed = client
                .get(format!("{base}/pkg/{build}/partnerdesk.js"))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(header(&compressed, "content-encoding"), encoding);
            assert_eq!(header(&compressed, "vary"), "accept-encoding", "caches keep one copy per encoding");
            assert_eq!(compressed.bytes().await.unwrap().as_ref(), body.as_bytes(), "the precompressed copy is sent");
        }
        let file = client.get(format!("{base}/pkg/{build}/partnerdesk.js")).header("accept-encoding", "br;q=0, gzip;q=0").send().await.unwrap();
        assert_eq!(header(&file, "content-type"), "text/javascript");
        assert_eq!(header(&file, "content-encoding"), "", "refused encodings are not sent");
        let etag = header(&file, "etag");
        assert_eq!(file.text().await.unwrap(), "export default 1;");
        let again = client.get(format!("{base}/pkg/partnerdesk.js")).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "a browser revalidating the plain path gets 304");
        let head = client.head(format!("{base}/pkg/{build}/partnerdesk.js")).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!((head.status(), header(&head, "content-length")), (StatusCode::OK, "brotli bytes".len().to_string()));
        for path in ["/pkg/../Cargo.toml", "/pkg/%2e%2e/Cargo.toml", "/pkg/partnerdesk.js.br/x", "/pkg/missing.js"] {
            let missing = client.get(format!("{base}{path}")).send().await.unwrap();
            assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
        }
        let posted = client.post(format!("{base}/pkg/partnerdesk.js")).send().await.unwrap();
        assert_eq!(posted.status(), StatusCode::METHOD_NOT_ALLOWED);
        let plain = client.get(format!("{base}/pkg/partnerdesk.js")).send().await.unwrap();
        assert_eq!(plain.status(), StatusCode::OK, "the unversioned path still works");
        assert_eq!(header(&plain, "cache-control"), "public, max-age=300, must-revalidate", "and changes with a release");
        let other = client.get(format!("{base}/pkg/0123456789abcdef/partnerdesk.js")).send().await.unwrap();
        assert_eq!(other.status(), StatusCode::NOT_FOUND, "another build's files are not this build's");
        assert!(!header(&other, "cache-control").contains("immutable"), "a miss is not kept");
        let script = client.get(format!("{base}/sw.js")).send().await.unwrap().text().await.unwrap();
        assert!(script.contains(&format!("\"/pkg/{build}/partnerdesk.js\"")), "the worker precaches the build's files");
    }

    async fn a_replayed_offer_is_created_once_even_with_delegated_administration(app: TestApp) {
        let advisor = app.signed_in("admin@contoso.example").await;
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        let office = start["offices"][0]["id"].as_i64().unwrap().to_string();
        let (status, first) = app.call_json(&advisor, "offers/create", offer(&office, "outbox-offer-1", "Offline support")).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        // The outbox sends again (the answer was lost): the same offer, not "name taken".
        let (status, again) = app.call_json(&advisor, "offers/create", offer(&office, "outbox-offer-1", "Offline support")).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again, first);
        // Another submission with that relationship name is still refused.
        let (status, other) = app.call_json(&advisor, "offers/create", offer(&office, "outbox-offer-2", "Offline support")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{other}");
        let (_, list) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        let with_name = list["rows"].as_array().unwrap().iter().filter(|r| r["summary_id"] == first).count();
        assert_eq!(with_name, 1);
        let count: i64 = match app.database_url.starts_with("sqlite") {
            true => sqlx_count_sqlite(&app.database_url, "outbox-offer-1").await,
            false => sqlx_count_postgres(&app.database_url, "outbox-offer-1").await,
        };
        assert_eq!(count, 1, "exactly one offer with that key");
    }

    async fn a_refused_customer_fixed_and_sent_again_is_created_once(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        // The prefix was taken while the provider was offline: refused, nothing stored.
        let (status, taken) = app.call_json(&provider, "customers/create", customer("relecloud", "outbox-customer-1")).await;
        assert_eq!(status, StatusCode::OK, "{taken}");
        let (status, refused) = app.call_json(&provider, "customers/create", customer("relecloud", "outbox-customer-2")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert_eq!(refused["Invalid"][0]["field"], "domain_prefix");
        // Fixed in the wizard and sent again with the same key: created once, and a replay of
        // that says it went through before.
        let (status, setup) = app.call_json(&provider, "customers/create", customer("relecloud2", "outbox-customer-2")).await;
        assert_eq!(status, StatusCode::OK, "{setup}");
        assert_eq!(setup["admin_user_name"], "admin@relecloud2.onmicrosoft.com");
        let (status, replay) = app.call_json(&provider, "customers/create", customer("relecloud2", "outbox-customer-2")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{replay}");
        assert_eq!(replay["Refused"], "AlreadySubmitted");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "relecloud"), ("page", "1")]).await;
        assert_eq!(list["Provider"]["total"], 2, "{list}");
    }
}

async fn sqlx_count_sqlite(url: &str, key: &str) -> i64 {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM offers WHERE idempotency_key = $1").bind(key).fetch_one(&mut conn).await.unwrap()
}

async fn sqlx_count_postgres(url: &str, key: &str) -> i64 {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM offers WHERE idempotency_key = $1").bind(key).fetch_one(&mut conn).await.unwrap()
}
