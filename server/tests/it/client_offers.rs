//! The client's side of a purchase offer, on SQLite and PostgreSQL: viewing, accepting (with
//! JavaScript and without), double submits, withdrawn offers, embedding and logos.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn offer(app: &TestApp, advisor: &reqwest::Client, gdap: Option<&str>) -> (String, String, String) {
    create_offer(app, advisor, gdap).await
}

pub(crate) fn acceptance<'a>(
    code: &'a str,
    token: &'a str,
    domain: &'a str,
    count: &'a str,
    delegated: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
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
        ("counts[M365-BUSINESS-BASIC]", count),
        ("delegated_admin", delegated),
        ("idempotency_key", key),
    ]
}

on_both_databases! {
    async fn a_client_accepts_with_changed_counts_and_the_advisor_sees_it(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, Some("Wingtip support")).await;
        let client = app.client();
        let (status, view) = app.call(&client, "offer/view", &[("code", &code), ("token", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(view["offer"]["advisor_company"], "Contoso Advisors");
        assert_eq!(view["offer"]["lines"][0]["license_count"], 25);
        let translations = view["offer"]["lines"][0]["translations"].as_array().expect("the line's descriptions in other languages");
        assert!(translations.iter().any(|t| t[0] == "nl" && t[1] == "Web- en mobiele apps, e-mail en bestandsopslag"), "{translations:?}");
        assert_eq!(view["offer"]["gdap"]["duration_days"], 365);
        app.call(&client, "offer/view", &[("code", &code), ("token", &token)]).await;
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["views"], 1, "one visitor, one view per day");

        // Delegated administration is a choice the client must make.
        let (status, body) = app.call(&client, "offer/accept", &acceptance(&code, &token, "wingtip", "40", "", "k1")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&body), vec![("delegated_admin".to_string(), json!("ChooseDelegated"))]);
        let (status, body) = app.call(&client, "offer/accept", &acceptance(&code, &token, "wingtip", "301", "without", "k1")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&body), vec![("counts.M365-BUSINESS-BASIC".to_string(), json!({"LicenseRange": {"min": 1, "max": 300}}))]);

        let (status, receipt) = app.call(&client, "offer/accept", &acceptance(&code, &token, "wingtip", "40", "without", "k1")).await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        let receipt = receipt.as_str().unwrap().to_string();
        let (status, shown) = app.call(&client, "offer/receipt", &[("code", &code), ("token", &token), ("receipt", &receipt)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(shown["lines"], json!([["Microsoft 365 Business Basic", 40]]));
        assert_eq!(shown["delegated_admin"], false);
        // What was accepted, at the offer's price, in the client's language, kept as it was shown.
        let terms = "Microsoft 365 Business Basic: 1 jaar, maandelijks gefactureerd, 40 × €\u{a0}5,64 = €\u{a0}225,60 per maand\n\
                     Maandelijks gefactureerd: €\u{a0}225,60\nPrijzen zijn exclusief btw en andere belastingen.\n";
        assert_eq!(shown["terms"], terms);
        // The Accept's audit entries, written in one statement at the end of its transaction.
        let admin = app.signed_in("admin@contoso.example").await;
        let audit = [("filter[user]", ""), ("filter[action]", ""), ("filter[record]", ""), ("filter[from]", ""), ("filter[to]", ""), ("page", "1")];
        let (status, log) = app.call(&admin, "audit/list", &audit).await;
        assert_eq!(status, StatusCode::OK, "{log}");
        let actions: Vec<(&str, &str)> = log["lines"].as_array().unwrap().iter()
            .map(|l| (l["action"].as_str().unwrap_or_default(), l["summary"].as_str().unwrap_or_default())).collect();
        for (action, summary) in [
            ("offer.accept", "accepted by Wingtip Toys (wingtip), delegated administration declined"),
            ("customer.create", "Wingtip Toys (wingtip), reseller None"),
            ("subscription.create", "M365-BUSINESS-BASIC × 40 for Wingtip Toys"),
        ] {
            assert!(actions.contains(&(action, summary)), "{action}: {summary} in {actions:?}");
        }

        // The same URL serves another client, with delegated administration this time.
        let (status, _) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip2", "7", "with", "k2")).await;
        assert_eq!(status, StatusCode::OK);

        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["acceptances"], 2);
        let accepted = detail["acceptances"].as_array().unwrap();
        assert_eq!(accepted.len(), 2);
        assert_eq!(accepted[0]["domain_prefix"], "wingtip");
        assert_eq!(accepted[0]["lines"], json!([["Microsoft 365 Business Basic", 40]]));
        assert_eq!(accepted[0]["terms"], terms, "the advisor sees the terms the client accepted");
        assert_eq!(accepted[0]["delegated_admin"], false);
        assert_eq!(accepted[1]["lines"], json!([["Microsoft 365 Business Basic", 7]]));
        assert_eq!(accepted[1]["delegated_admin"], true);

        // A domain prefix is unique, and checked as the client types.
        let (_, taken) = app.call(&client, "offer/domain", &[("prefix", "Wingtip")]).await;
        assert_eq!(taken, json!("DomainTaken"));
        let (_, free) = app.call(&client, "offer/domain", &[("prefix", "wingtip3")]).await;
        assert_eq!(free, Value::Null);
        let (_, bad) = app.call(&client, "offer/domain", &[("prefix", "wing-tip")]).await;
        assert_eq!(bad, json!("DomainPrefix"));
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip", "5", "with", "k3")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&body), vec![("domain_prefix".to_string(), json!("DomainTaken"))]);

        // Another advisor organisation sees nothing of it.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (status, _) = app.call(&other, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn pressing_accept_twice_creates_one_acceptance(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, None).await;
        let form = acceptance(&code, &token, "twiceclicked", "3", "", "same-key");
        let (first, second) = (app.client(), app.client());
        let (a, b) = tokio::join!(app.call(&first, "offer/accept", &form), app.call(&second, "offer/accept", &form));
        assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{} {}", a.1, b.1);
        assert_eq!(a.1, b.1, "both answers carry the same receipt");
        let (_, retry) = app.call(&app.client(), "offer/accept", &form).await;
        assert_eq!(retry, a.1);
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["acceptances"], 1);
        assert_eq!(detail["acceptances"].as_array().unwrap().len(), 1);
    }

    async fn fifty_clients_accept_the_same_offer_at_once(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, None).await;
        let domains: Vec<String> = (0..50).map(|i| format!("fifty{i}")).collect();
        let keys: Vec<String> = (0..50).map(|i| format!("key-{i}")).collect();
        let clients: Vec<reqwest::Client> = (0..50).map(|_| app.client()).collect();
        let answers = futures::future::join_all((0..50).map(|i| {
            let form = acceptance(&code, &token, &domains[i], "3", "", &keys[i]);
            let client = &clients[i];
            let app = &app;
            async move { app.call(client, "offer/accept", &form).await }
        }))
        .await;
        let mut receipts = std::collections::BTreeSet::new();
        for (i, (status, receipt)) in answers.iter().enumerate() {
            assert_eq!(*status, StatusCode::OK, "client {i}: {receipt}");
            let receipt = receipt.as_str().unwrap().to_string();
            // Each receipt shows that client's own organisation.
            let (status, shown) = app.call(&clients[i], "offer/receipt", &[("code", &code), ("token", &token), ("receipt", &receipt)]).await;
            assert_eq!(status, StatusCode::OK, "{shown}");
            assert_eq!(shown["domain_prefix"], domains[i].as_str(), "{shown}");
            receipts.insert(receipt);
        }
        assert_eq!(receipts.len(), 50, "fifty clients, fifty receipts");
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["acceptances"], 50);
        let mut accepted: Vec<String> = detail["acceptances"].as_array().unwrap().iter().map(|a| a["domain_prefix"].as_str().unwrap().to_string()).collect();
        accepted.sort();
        let mut expected = domains.clone();
        expected.sort();
        assert_eq!(accepted, expected, "exactly the fifty clients' own acceptances");

        // Two clients racing for one domain prefix: one wins, the other is told it is taken.
        let (first, second) = (app.client(), app.client());
        let (form_a, form_b) =
            (acceptance(&code, &token, "samedomain", "3", "", "race-a"), acceptance(&code, &token, "samedomain", "3", "", "race-b"));
        let (a, b) = tokio::join!(app.call(&first, "offer/accept", &form_a), app.call(&second, "offer/accept", &form_b));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY], "{} {}", a.1, b.1);
    }

    async fn withdrawn_expired_and_unknown_offers_cannot_be_accepted(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, None).await;
        let (status, _) = app.call(&app.client(), "offer/view", &[("code", &code), ("token", "nosuchtokennosuchtokennosuchtoke")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&app.client(), "offer/view", &[("code", "fabrikam"), ("token", &token)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the token belongs to Contoso's code only");

        let (status, body) = app.call(&advisor, "offers/expiry", &[("summary_id", &summary), ("expires_on", "2020-01-01")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_fields(&body), vec![("expires_on".to_string(), json!("Date"))]);
        let actor = app::store::Actor { user_id: None, organisation_id: 1, ip: None };
        app.store.set_offer_expiry(&actor, &summary, Some(app::store::now() - 10)).await.unwrap();
        let (_, view) = app.call(&app.client(), "offer/view", &[("code", &code), ("token", &token)]).await;
        assert_eq!(view["offer"]["status"], "Expired");
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "tooLate", "3", "", "k")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "OfferExpired");

        let (status, _) = app.call(&advisor, "offers/expiry", &[("summary_id", &summary), ("expires_on", "")]).await;
        assert_eq!(status, StatusCode::OK);
        app.call(&advisor, "offers/withdraw", &[("summary_id", &summary)]).await;
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "tooLate", "3", "", "k")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["Refused"], "OfferWithdrawn");
        let page = app.get(&app.client(), &format!("/offer/{code}/{token}")).await;
        assert_eq!(page.status(), StatusCode::GONE);
        assert!(page.text().await.unwrap().contains("withdrawn this purchase offer"));
        let page = app.get(&app.client(), &format!("/offer/{code}/nosuchtokennosuchtokennosuchtoke")).await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND);
    }

    async fn a_clients_page_loads_the_small_offer_form_module_not_the_staff_app(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, Some("Support")).await;
        for path in [format!("/offer/{code}/{token}"), format!("/embed/offer/{code}/{token}")] {
            let response = app.client().get(format!("{}{path}", app.base)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            let page = response.text().await.unwrap();
            assert!(page.contains("/offer-form.js"), "{path} starts the offer-form module: {page}");
            assert!(!page.contains("/partnerdesk.js"), "{path} does not load the staff's islands");
            // What the module checks the rules against travels with the page.
            let data = page
                .split(r#"<script type="application/json" id="offer-data">"#)
                .nth(1)
                .and_then(|rest| rest.split("</script>").next())
                .expect("the page's offer data");
            let data: Value = serde_json::from_str(data).expect("offer data is JSON");
            assert_eq!(data["offer"]["lines"][0]["subscription_id"], "M365-BUSINESS-BASIC");
            assert_eq!(data["offer"]["lines"][0]["max_licenses"], 300);
            assert!(data["offer"]["gdap"]["roles"].is_array());
            assert!(data["refused"].is_null());
            // Every message has its place in the server's page, for the module to fill.
            assert!(page.contains(r#"data-error-for="counts.M365-BUSINESS-BASIC""#));
            assert!(page.contains(r#"data-error-for="delegated_admin""#));
            assert!(page.contains(r#"id="domain-available""#));
        }
        // Every staff page is served whole: the home page too, with the islands build of the
        // pages that read and post (the site's module) and its language's texts.
        let home = app.get(&advisor, "/").await.text().await.unwrap();
        assert!(home.contains("/partnerdesk.js") && !home.contains("/offer-form.js") && !home.contains("-wizard.js"), "{home}");
        assert!(home.contains("/texts-en.js"), "the islands build has no catalog: {home}");
        // The Send page, opened after the wizard, loads the wizard's build: its message is an
        // island that brings the message's texts in every language.
        let send = app.get(&advisor, &format!("/offers/{summary}")).await.text().await.unwrap();
        assert!(send.contains("/offer-wizard.js") && !send.contains("/partnerdesk.js"), "{send}");
        assert!(send.contains(r#"<leptos-island data-component="OfferMessageIsland"#), "{send}");
        assert!(send.contains("vous propose ces abonnements"), "the message's French texts come with the page");
        // The wizard is one island that starts from the data the page brings, and the page
        // loads its language's texts before it (the islands build has no catalog).
        let wizard = app.get(&advisor, "/offers/new").await.text().await.unwrap();
        assert!(wizard.contains("/offer-wizard.js") && !wizard.contains("/partnerdesk.js"), "{wizard}");
        assert!(!wizard.contains("/customer-wizard.js"), "one islands build: this page's");
        let texts = wizard.find("/texts-en.js").expect("the page's texts");
        assert!(texts < wizard.find("/offer-wizard.js").unwrap(), "the texts load before the islands");
        assert!(wizard.contains(r#"<leptos-island data-component="CreateOfferIsland"#), "{wizard}");
        assert!(wizard.contains("Utrecht"), "the offices come with the page");
        let list = app.get(&advisor, "/offers").await.text().await.unwrap();
        assert!(list.contains("/partnerdesk.js") && !list.contains("-wizard.js"), "{list}");
        // Only the islands carry hydration data: the language switch, the banners, the outbox.
        assert!(list.contains(r#"<leptos-island data-component="LanguageSwitcherIsland"#), "{list}");
        assert!(list.contains(r#"<leptos-island data-component="OutboxIsland"#), "{list}");
    }

    async fn an_anonymous_offer_page_is_kept_with_a_fresh_nonce_and_key_per_visitor(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = offer(&app, &advisor, None).await;
        let path = format!("/offer/{code}/{token}");
        let visit = |agent: &'static str| {
            let (app, path) = (&app, path.clone());
            async move {
                let response = app.client().get(format!("{}{path}", app.base)).header("user-agent", agent).send().await.unwrap();
                let status = response.status();
                let cache = response.headers().get("x-partnerdesk-page-cache").map(|v| v.to_str().unwrap().to_string());
                let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
                (status, cache, policy, response.text().await.unwrap())
            }
        };
        let nonce = |policy: &str| policy.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
        let key = |page: &str| page.split(r#"name="idempotency_key" value=""#).nth(1).map(|rest| rest.split('"').next().unwrap().to_string());
        let (status, cache, first_policy, first) = visit("first browser").await;
        assert_eq!((status, cache.as_deref()), (StatusCode::OK, Some("miss")));
        let (status, cache, second_policy, second) = visit("second browser").await;
        assert_eq!((status, cache.as_deref()), (StatusCode::OK, Some("hit")), "the second visitor gets the kept page");
        assert_ne!(nonce(&first_policy), nonce(&second_policy), "every response has its own nonce");
        assert!(second.contains(&format!("nonce=\"{}\"", nonce(&second_policy))), "and the page's scripts carry it");
        assert!(!second.contains(&nonce(&first_policy)));
        let (first_key, second_key) = (key(&first).expect("the form's key"), key(&second).expect("the form's key"));
        assert_ne!(first_key, second_key, "each visitor's Accept is its own");
        assert_eq!(second.replace(&nonce(&second_policy), "N").replace(&second_key, "K"), first.replace(&nonce(&first_policy), "N").replace(&first_key, "K"));
        visit("second browser").await;
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["row"]["views"], 2, "kept pages still count each visitor once a day: {detail}");

        // A signed-in visit (the advisor's preview) and a refused form coming back are never kept.
        let preview = app.get(&advisor, &path).await;
        assert!(preview.headers().get("x-partnerdesk-page-cache").is_none());
        // A change through this server is seen at once.
        app.call(&advisor, "offers/withdraw", &[("summary_id", &summary)]).await;
        let (status, cache, _, page) = visit("first browser").await;
        assert_eq!((status, cache.as_deref()), (StatusCode::GONE, Some("miss")));
        assert!(page.contains("withdrawn this purchase offer"));
        let (status, cache, _, _) = visit("third browser").await;
        assert_eq!((status, cache.as_deref()), (StatusCode::GONE, Some("hit")));
    }

    async fn without_javascript_a_refused_form_comes_back_with_its_values_and_reasons(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = offer(&app, &advisor, None).await;
        let browser = app.client();
        let response = browser
            .post(format!("{}/api/offer/accept", app.base))
            .header("accept", "text/html")
            .form(&acceptance(&code, &token, "bad prefix!", "3", "", "nojs"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("/offer/{code}/{token}?attempt=")), "{location}");
        let page = app.get(&browser, &location).await.text().await.unwrap();
        assert!(page.contains("Use letters and digits only"), "the reason is on the page: {page}");
        assert!(page.contains("value=\"bad prefix!\""), "what was typed is kept");

        let response = browser
            .post(format!("{}/api/offer/accept", app.base))
            .header("accept", "text/html")
            .form(&acceptance(&code, &token, "nojsclient", "3", "", "nojs"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("/offer/{code}/{token}/accepted/")), "{location}");
        let page = app.get(&browser, &location).await.text().await.unwrap();
        assert!(page.contains("Purchase offer accepted"));
    }

    async fn only_listed_websites_may_frame_an_advisors_offers(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = offer(&app, &advisor, None).await;
        let page = app.get(&app.client(), &format!("/embed/offer/{code}/{token}")).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'self';"));
        assert!(page.headers().get("x-frame-options").is_none());

        let (status, body) = app.call(&advisor, "settings/embedding/set", &[("origins", "https://www.contoso.example\nnot a website")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, _) = app
            .call(&advisor, "settings/embedding/set", &[("origins", "https://www.contoso.example\nhttp://127.0.0.1:3112/")])
            .await;
        assert_eq!(status, StatusCode::OK);
        let page = app.get(&app.client(), &format!("/embed/offer/{code}/{token}")).await;
        let policy = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(policy.contains("frame-ancestors 'self' https://www.contoso.example http://127.0.0.1:3112;"), "{policy}");

        // Every other page refuses to be framed.
        for path in ["/", "/sign-in", &format!("/offer/{code}/{token}")] {
            let page = app.get(&app.client(), path).await;
            assert_eq!(page.headers()["x-frame-options"], "DENY", "{path}");
            assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"), "{path}");
        }
        let (status, _) = app.call(&app.signed_in("admin@northwind.example").await, "settings/embedding/set", &[("origins", "")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn a_logo_is_checked_by_its_content(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, _, token) = offer(&app, &advisor, None).await;
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let form = reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(bytes).file_name(name));
            advisor.post(format!("{}/offers/{summary}/logo", app.base)).multipart(form).send()
        };
        let response = upload(b"GIF89a not allowed".to_vec(), "logo.png").await.unwrap();
        assert!(response.status().is_redirection());
        assert!(response.headers()["location"].to_str().unwrap().contains("logo=format"));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(600 * 1024, 0);
        let response = upload(big, "big.png").await.unwrap();
        assert!(response.headers()["location"].to_str().unwrap().contains("logo=too_large"));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
        let response = upload(png.clone(), "logo.gif").await.unwrap();
        assert!(response.headers()["location"].to_str().unwrap().contains("logo=saved"));
        let image = app.get(&app.client(), &format!("/offer-logo/{token}")).await;
        assert_eq!(image.headers()["content-type"], "image/png");
        assert_eq!(image.bytes().await.unwrap().to_vec(), png);

        let other = app.signed_in("advisor@fabrikam.example").await;
        let form = reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(b"\x89PNG\r\n\x1a\n".to_vec()));
        let response = other.post(format!("{}/offers/{summary}/logo", app.base)).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "another advisor's offer");

        // The summary ID in the upload's address goes into the redirect: anything that is not
        // one (a line break to forge a header, a path elsewhere) is not found, before the file
        // is read.
        for forged in ["PO-AAAA-AAAA%0d%0aSet-Cookie:%20x=1", "..%2f..%2fsign-in", "%2f%2fevil.example"] {
            let form = reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(b"GIF89a".to_vec()));
            let response = advisor.post(format!("{}/offers/{forged}/logo", app.base)).multipart(form).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{forged}");
            assert!(response.headers().get("location").is_none() && response.headers().get("set-cookie").is_none(), "{forged}");
        }
    }
}
