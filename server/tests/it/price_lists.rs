//! Price lists: the operator imports the catalog's prices from a CSV file — a preview first
//! (added, changed, removed, refused rows with their line and reason), then applied in one
//! transaction; earlier price lists stay readable; the catalog's products, descriptions and
//! markets follow the list in force. Through the service and the `partnerdesk catalog import`
//! command alike, on SQLite and PostgreSQL.

use crate::common::*;
use app::price_lists::service::{self, Reading};
use app::store::Actor;

const SAMPLE: &str = include_str!("../../../samples/sample-price-list.csv");

/// The installation's operators, as the command line acts.
async fn operators(app: &TestApp) -> Actor {
    let org = app.store.organisation_by_mpn_id(app::providers::OPERATOR_MPN_ID).await.unwrap().expect("the operators' organisation");
    Actor { user_id: None, organisation_id: org.id, ip: None }
}

fn preview(reading: &Reading) -> &app::price_lists::Preview {
    match reading {
        Reading::Preview(preview) => preview,
        Reading::Refused(problem) => panic!("refused: {problem:?}"),
    }
}

fn catalog_ids(catalog: &[app::catalog::CatalogSubscription]) -> Vec<String> {
    catalog.iter().map(|s| s.id.clone()).collect()
}

on_both_databases! {
    async fn the_sample_price_list_imports_and_keeps_the_catalog_it_describes(app: TestApp) {
        // The demo installation has the sample price list in force already (demo::load).
        let demo_list = app.store.price_lists().await.unwrap();
        assert_eq!(demo_list.iter().map(|l| (l.source.as_str(), l.row_count)).collect::<Vec<_>>(), [("sample-price-list.csv", 678)]);
        let before_nl = app.store.catalog_for_country("NL").await.unwrap();
        let actor = operators(&app).await;
        let (id, reading) = service::apply_as(&app.store, &actor, "sample-price-list.csv", SAMPLE.as_bytes()).await.unwrap();
        let first = id.expect("applied");
        let applied = preview(&reading);
        assert_eq!((applied.rows, applied.added.len(), applied.unchanged, applied.rejected.len()), (678, 0, 678, 0), "{:?}", applied.rejected);
        // The products keep their ids, names, descriptions (with translations) and markets.
        let after_nl = app.store.catalog_for_country("NL").await.unwrap();
        assert_eq!(catalog_ids(&after_nl), catalog_ids(&before_nl));
        let texts = |catalog: &[app::catalog::CatalogSubscription]| -> Vec<(String, i64, i64, Vec<String>)> {
            catalog
                .iter()
                .map(|s| (s.name.clone(), s.min_licenses, s.max_licenses, app::i18n::Locale::ALL.iter().map(|l| s.description_in(*l).to_string()).collect()))
                .collect()
        };
        assert_eq!(texts(&after_nl), texts(&before_nl));
        // Rows tagged Trial are a trial SKU of their product: free, for up to 25 licenses.
        let trial = after_nl.iter().find(|s| s.id == "M365-BUSINESS-BASIC:0T01").expect("Business Basic's trial SKU is offered in NL");
        assert!(trial.trial && trial.product_id == "M365-BUSINESS-BASIC" && trial.max_licenses == 25, "{trial:?}");
        assert!(!after_nl.iter().any(|s| s.id == "M365-BUSINESS-BASIC" && s.trial), "the product's sold SKU is not a trial");
        assert_eq!(app.store.prices_in_force().await.unwrap().len(), 678);

        // The same file again changes nothing.
        let again = service::preview_as(&app.store, SAMPLE.as_bytes()).await.unwrap();
        let again = preview(&again);
        assert_eq!((again.unchanged, again.added.len(), again.changed.len(), again.removed.len()), (678, 0, 0, 0));

        // Next year's list: Business Basic dearer in NL, Teams Essentials no longer sold, a new
        // product, and two rows that cannot be taken.
        let header = SAMPLE.lines().next().unwrap();
        let mut next: Vec<String> = SAMPLE
            .lines()
            .skip(1)
            .filter(|l| !l.contains(",TEAMS-ESSENTIALS,"))
            .map(|l| if l.starts_with("Microsoft 365 Business Basic,") && l.contains(",P1Y,monthly,NL,EUR,") { l.replace(",5.64,", ",5.99,") } else { l.to_string() })
            .collect();
        next.push("Contoso Backup,CONTOSO-BACKUP,0001,Contoso Backup for Microsoft 365,Backups of mail and files,P1Y,monthly,NL,EUR,3.10,3.72,2026-12-01,2027-11-30,1,500,Back-ups van e-mail en bestanden,,,".to_string());
        next.push("Contoso Backup,CONTOSO-BACKUP,0001,Contoso Backup for Microsoft 365,,P1Y,monthly,Atlantis,EUR,3.10,3.72,2026-12-01,2027-11-30,1,500,,,,".to_string());
        next.push("Contoso Backup,CONTOSO-BACKUP,0001,Contoso Backup for Microsoft 365,,P1Y,monthly,NL,EUR,\"3,10\",3.72,2026-12-01,2027-11-30,1,500,,,,".to_string());
        let file = std::iter::once(header.to_string()).chain(next).collect::<Vec<_>>().join("\n");
        let reading = service::preview_as(&app.store, file.as_bytes()).await.unwrap();
        let shown = preview(&reading);
        assert_eq!(shown.added.len(), 1);
        assert_eq!(shown.changed.len(), 1);
        assert_eq!(shown.changed[0].1.unit_price.to_string(), "5.99");
        assert_eq!(shown.removed.len(), 5 * 4, "Teams Essentials in its five markets, four terms each");
        let lines: Vec<usize> = shown.rejected.iter().map(|r| r.line).collect();
        let total = file.lines().count();
        assert_eq!(lines, [total - 1, total], "the refused rows are named by their line");
        assert_eq!(app.store.catalog_for_country("GB").await.unwrap().iter().filter(|s| s.id == "TEAMS-ESSENTIALS").count(), 1, "a preview changes nothing");

        let (id, _) = service::apply_as(&app.store, &actor, "price-list-2027.csv", file.as_bytes()).await.unwrap();
        let second = id.expect("applied");
        assert!(second > first);
        let gb = app.store.catalog_for_country("GB").await.unwrap();
        assert!(!gb.iter().any(|s| s.id == "TEAMS-ESSENTIALS"), "no longer sold");
        let nl = app.store.catalog_for_country("NL").await.unwrap();
        let backup = nl.iter().find(|s| s.id == "CONTOSO-BACKUP:0001").expect("the new product is sold in NL");
        assert_eq!((backup.name.as_str(), backup.max_licenses), ("Contoso Backup for Microsoft 365", 500));
        assert_eq!(backup.description_in(app::i18n::Locale::Nl), "Back-ups van e-mail en bestanden");
        assert_eq!(backup.description_in(app::i18n::Locale::Fr), "Backups of mail and files", "English where a language has none");

        // Earlier price lists stay readable; the change is audited.
        let lists = app.store.price_lists().await.unwrap();
        assert_eq!(
            lists.iter().map(|l| (l.id, l.source.as_str(), l.row_count)).collect::<Vec<_>>(),
            [(second, "price-list-2027.csv", 659), (first, "sample-price-list.csv", 678), (demo_list[0].id, "sample-price-list.csv", 678)]
        );
        let audit = app.store.audit_log(actor.organisation_id, 5).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "price_list.apply" && a.summary.contains("added 1, changed 1, removed 20")), "{audit:?}");

        // The earlier list's prices stay readable, searched and paged, on the operator's page.
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let read = |list: i64, q: &'static str, page: &'static str| {
            let operator = operator.clone();
            let app = &app;
            async move { app.call(&operator, "price-lists/prices", &[("list_id", &list.to_string()), ("q", q), ("page", page)]).await }
        };
        let (status, earlier) = read(first, "", "1").await;
        assert_eq!(status, reqwest::StatusCode::OK, "{earlier}");
        assert_eq!((earlier["total"].as_i64(), earlier["prices"].as_array().map(Vec::len)), (Some(678), Some(50)));
        let (_, teams) = read(first, "teams-essentials", "1").await;
        assert_eq!(teams["total"], 20, "Teams Essentials is still in the earlier list");
        let (_, gb) = read(second, "gb", "1").await;
        assert!(gb["prices"].as_array().unwrap().iter().all(|p| p["key"]["market"] == "GB"), "{gb}");
        let (_, last) = read(first, "", "14").await;
        assert_eq!(last["prices"].as_array().map(Vec::len), Some(678 - 13 * 50));
        let page = app.get(&operator, &format!("/operator/price-lists/{first}?q=NL")).await.text().await.unwrap();
        assert!(page.contains("sample-price-list.csv") && page.contains("M365-BUSINESS-BASIC 0001"), "the page lists them");
        assert!(page.contains("Prices found: 53") && !page.contains("<td>AT</td>"), "a market's code finds that market only");
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(app.call(&admin, "price-lists/prices", &[("list_id", &first.to_string()), ("q", ""), ("page", "1")]).await.0, reqwest::StatusCode::FORBIDDEN);
        assert_eq!(read(999_999, "", "1").await.0, reqwest::StatusCode::NOT_FOUND);

        // Offers made before keep their subscriptions (the product rows stay).
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, reqwest::StatusCode::OK);
    }

    async fn a_file_that_cannot_be_read_changes_nothing(app: TestApp) {
        let actor = operators(&app).await;
        let lists = app.store.price_lists().await.unwrap();
        let (id, reading) = service::apply_as(&app.store, &actor, "wrong.csv", b"ProductId,SkuId\nA,1").await.unwrap();
        assert_eq!(id, None);
        assert!(matches!(reading, Reading::Refused(app::price_lists::FileProblem::MissingColumns(_))), "{reading:?}");
        assert_eq!(app.store.price_lists().await.unwrap(), lists);
        // A file of refused rows only applies nothing either.
        let header = SAMPLE.lines().next().unwrap();
        let bad = format!("{header}\nP,X,0001,X,,P9Y,monthly,NL,EUR,1,1,2026-12-01,2027-11-30,1,5,,,,");
        let (id, reading) = service::apply_as(&app.store, &actor, "bad.csv", bad.as_bytes()).await.unwrap();
        assert_eq!(id, None);
        assert_eq!(preview(&reading).rejected.len(), 1);
        assert_eq!(app.store.price_lists().await.unwrap(), lists);
        assert!(!app.store.catalog_for_country("NL").await.unwrap().is_empty(), "the catalog is as it was");
    }

    async fn fifty_thousand_rows_import_in_one_transaction(app: TestApp) {
        // 2,000 products in 25 markets.
        let header = SAMPLE.lines().next().unwrap();
        let markets = ["NL", "FR", "BE", "DE", "IE", "ES", "IT", "PT", "LU", "AT", "GB", "US", "CA", "BR", "AU", "SE", "DK", "FI", "NO", "PL", "CZ", "CH", "JP", "MX", "NZ"];
        let mut file = String::from(header);
        for product in 0..2000 {
            for market in markets {
                file.push_str(&format!(
                    "\nProduct {product},P-{product:05},0001,Product {product},Sample,P1Y,monthly,{market},EUR,{}.50,{}.90,2026-12-01,2027-11-30,1,1000,,,,",
                    product % 90 + 1,
                    product % 90 + 2
                ));
            }
        }
        let actor = operators(&app).await;
        let (id, reading) = service::apply_as(&app.store, &actor, "large.csv", file.as_bytes()).await.unwrap();
        assert!(id.is_some());
        assert_eq!(preview(&reading).rows, 50_000);
        assert_eq!(app.store.prices_in_force().await.unwrap().len(), 50_000);
        assert_eq!(app.store.catalog_for_country("JP").await.unwrap().len(), 2000);
    }

    async fn the_operator_uploads_previews_and_applies_a_file_on_the_page(app: TestApp) {
        let upload = |client: reqwest::Client, bytes: Vec<u8>| {
            let url = format!("{}{}", app.base, app::price_lists::UPLOAD_PATH);
            async move {
                let form = reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(bytes).file_name("sample-price-list.csv"));
                client.post(url).multipart(form).send().await.expect("upload")
            }
        };
        // Nobody but an operator: signed out goes to sign in, others are refused.
        let anonymous = upload(app.client(), SAMPLE.as_bytes().to_vec()).await;
        assert_eq!(anonymous.status(), reqwest::StatusCode::SEE_OTHER);
        assert!(anonymous.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
        let admin = app.signed_in("admin@northwind.example").await;
        assert_eq!(upload(admin.clone(), SAMPLE.as_bytes().to_vec()).await.status(), reqwest::StatusCode::FORBIDDEN);
        for endpoint in ["price-lists/list", "price-lists/upload/preview", "price-lists/upload/apply"] {
            assert_eq!(app.call(&admin, endpoint, &[("upload_id", "1")]).await.0, reqwest::StatusCode::FORBIDDEN, "{endpoint}");
        }

        let operator = app.signed_in("operator@partnerdesk.example").await;
        let lists_before = app.store.price_lists().await.unwrap().len();
        let sent = upload(operator.clone(), SAMPLE.as_bytes().to_vec()).await;
        assert_eq!(sent.status(), reqwest::StatusCode::SEE_OTHER);
        let location = sent.headers()["location"].to_str().unwrap().to_string();
        let id = location.rsplit('/').next().unwrap().to_string();
        assert_eq!(location, format!("{}/{id}", app::price_lists::UPLOADS_PATH));
        let page = app.get(&operator, &location).await;
        assert_eq!(page.status(), reqwest::StatusCode::OK);
        // The demo's list in force is the same file: every price unchanged.
        assert!(page.text().await.unwrap().contains("678 prices can be taken: 0 added, 0 changed, 0 removed, 678 unchanged"), "the preview page counts them");
        let (status, preview) = app.call(&operator, "price-lists/upload/preview", &[("upload_id", &id)]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{preview}");
        assert_eq!(preview["preview"]["Ok"]["unchanged"], 678);
        assert_eq!(app.store.price_lists().await.unwrap().len(), lists_before, "a preview changes nothing");
        let (status, body) = app.call(&operator, "price-lists/upload/apply", &[("upload_id", &id)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let (_, lists) = app.call(&operator, "price-lists/list", &[]).await;
        assert_eq!(lists.as_array().map(Vec::len), Some(lists_before + 1), "{lists}");
        assert_eq!(lists[0]["source"], "sample-price-list.csv");
        // Applied once: the upload is gone.
        let (status, _) = app.call(&operator, "price-lists/upload/apply", &[("upload_id", &id)]).await;
        assert_eq!(status, reqwest::StatusCode::NOT_FOUND);

        // A file that is not a price list gets its reason on the page; an empty form goes back.
        let sent = upload(operator.clone(), b"name,price\nA,1".to_vec()).await;
        let location = sent.headers()["location"].to_str().unwrap().to_string();
        let text = app.get(&operator, &location).await.text().await.unwrap();
        assert!(text.contains("The first line lacks these columns"), "{text}");
        let sent = upload(operator.clone(), Vec::new()).await;
        assert_eq!(sent.headers()["location"].to_str().unwrap(), format!("{}?upload=missing", app::price_lists::PRICE_LISTS_PATH));
    }

    async fn the_command_line_previews_and_applies_a_file(app: TestApp) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample-price-list.csv");
        std::fs::write(&path, SAMPLE).unwrap();
        let run = |apply: bool| {
            let mut command = std::process::Command::new(std::env::var("PARTNERDESK_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_partnerdesk").to_string()));
            command.env("DATABASE_URL", &app.database_url).env("RUST_LOG", "warn").args(["catalog", "import"]).arg(&path);
            if apply {
                command.arg("--apply");
            }
            command.output().expect("run partnerdesk")
        };
        let shown = run(false);
        let text = String::from_utf8_lossy(&shown.stdout).to_string();
        assert!(shown.status.success(), "{text} {}", String::from_utf8_lossy(&shown.stderr));
        // The demo's list in force is this file: every row unchanged.
        assert!(text.contains("678 rows: 0 added, 0 changed, 0 removed, 678 unchanged, 0 refused") && text.contains("Nothing changed"), "{text}");
        assert_eq!(app.store.price_lists().await.unwrap().len(), 1, "only the demo's");
        let applied = run(true);
        let text = String::from_utf8_lossy(&applied.stdout).to_string();
        assert!(applied.status.success(), "{text} {}", String::from_utf8_lossy(&applied.stderr));
        assert!(text.contains("is in force"), "{text}");
        assert_eq!(app.store.price_lists().await.unwrap().len(), 2);
    }
}
