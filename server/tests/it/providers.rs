//! The indirect providers' directory, profile changes and their approval, and resellers on
//! existing customers, on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

const PROPOSAL: &[(&str, &str)] = &[
    ("description", "Distributor for the UK, Ireland, the Benelux and France, with support in four languages."),
    ("website", "https://www.northwind.example/partners"),
    ("contact_email", "resellers@northwind.example"),
    ("contact_phone", "+44 20 7946 0001"),
    ("countries", "UK, IE, NL, BE, LU, France"),
    ("provider_since", "2016-03-01"),
];

fn names(results: &Value) -> Vec<String> {
    results["entries"].as_array().unwrap().iter().map(|e| e["company_name"].as_str().unwrap().to_string()).collect()
}

async fn directory(app: &TestApp, search: &str, country: &str) -> (StatusCode, Value) {
    app.call(&app.client(), "directory/search", &[("search", search), ("country", country), ("page", "1")]).await
}

fn fields(body: &Value) -> Vec<String> {
    body["Invalid"].as_array().map(|a| a.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

on_both_databases! {
    async fn anyone_searches_the_directory_by_name_and_country(app: TestApp) {
        let (status, all) = directory(&app, "", "").await;
        assert_eq!(status, StatusCode::OK, "{all}");
        assert_eq!(names(&all), vec!["Northwind Distribution", "Tailspin Cloud Supply"]);
        assert_eq!(all["total"], 2);
        assert!(all["countries"].as_array().unwrap().contains(&Value::from("BR")));
        // Only indirect providers with a published profile: no reseller, advisor or operator.
        assert!(!all.to_string().contains("Adatum") && !all.to_string().contains("operators"));

        let (_, brazil) = directory(&app, "", "br").await;
        assert_eq!(names(&brazil), vec!["Tailspin Cloud Supply"]);
        let (_, uk) = directory(&app, "", "UK").await;
        assert_eq!(names(&uk), vec!["Northwind Distribution"]);
        let (_, by_mpn) = directory(&app, "2000001", "").await;
        assert_eq!(names(&by_mpn), vec!["Northwind Distribution"]);
        let (_, by_word) = directory(&app, "PORTUGUESE", "").await;
        assert_eq!(names(&by_word), vec!["Tailspin Cloud Supply"]);
        let (_, wildcard) = directory(&app, "%", "").await;
        assert_eq!(wildcard["total"], 0, "a % is searched for literally");
        let (_, none) = directory(&app, "Northwind", "BR").await;
        assert_eq!(none["total"], 0);

        let entry = &all["entries"][0];
        assert_eq!(entry["mpn_id"], "2000001");
        assert_eq!(entry["profile"]["countries"], serde_json::json!(["BE", "GB", "IE", "LU", "NL"]));
        assert_eq!(entry["profile"]["provider_since"], "2016-03-01");

        let (status, body) = directory(&app, "", "Atlantis").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        // The page itself is server-rendered: no JavaScript needed to read it.
        let page = app.get(&app.client(), "/directory?q=&country=BR").await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("Tailspin Cloud Supply") && !html.contains("Northwind Distribution</h2>"), "{html}");
    }

    async fn a_proposed_change_appears_only_after_the_operator_approves_it(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, id) = app.call(&admin, "provider-profile/propose", PROPOSAL).await;
        assert_eq!(status, StatusCode::OK, "{id}");

        // Pending: the provider sees it, the directory does not.
        let (_, mine) = app.call(&admin, "provider-profile/get", &[]).await;
        assert_eq!(mine["pending"]["profile"]["contact_email"], "resellers@northwind.example");
        assert_eq!(mine["entry"]["profile"]["contact_email"], "partners@northwind.example");
        assert_eq!(mine["may_propose"], true);
        let (_, france) = directory(&app, "", "FR").await;
        assert_eq!(france["total"], 0, "not published before approval");

        // The sales agent sees the profile but may not propose; nobody but the operator decides.
        let sales = app.signed_in("sales@northwind.example").await;
        let (_, seen) = app.call(&sales, "provider-profile/get", &[]).await;
        assert_eq!(seen["may_propose"], false);
        let (status, _) = app.call(&sales, "provider-profile/propose", PROPOSAL).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let change = id.to_string();
        for email in ["admin@northwind.example", "admin@tailspin.example", "admin@adatum.example", "admin@contoso.example"] {
            let client = app.signed_in(email).await;
            let (status, _) = app
                .call(&client, "operator/profile-changes/decide", &[("change_id", &change), ("decision", "approve"), ("note", "")])
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} may not approve");
        }

        // The operator sees it in the queue (with Tailspin's from the demo data) and approves.
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (status, queue) = app.call(&operator, "operator/profile-changes", &[]).await;
        assert_eq!(status, StatusCode::OK, "{queue}");
        let queued: Vec<&str> = queue.as_array().unwrap().iter().map(|i| i["change"]["company_name"].as_str().unwrap()).collect();
        assert_eq!(queued, vec!["Tailspin Cloud Supply", "Northwind Distribution"]);
        assert_eq!(queue[1]["current"]["contact_email"], "partners@northwind.example");
        let (status, body) = app
            .call(&operator, "operator/profile-changes/decide", &[("change_id", &change), ("decision", "approve"), ("note", "")])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, france) = directory(&app, "", "FR").await;
        assert_eq!(names(&france), vec!["Northwind Distribution"]);
        assert_eq!(france["entries"][0]["profile"]["website"], "https://www.northwind.example/partners");
        // Whoever proposed it is told (in their language, through the real SMTP server).
        let told = app.mail().await.into_iter().any(|m| m.contains("To: admin@northwind.example") && m.contains("Your provider profile change is published"));
        assert!(told, "the proposer hears of the decision");

        // A second decision on the same change is refused and changes nothing.
        let (status, body) = app
            .call(&operator, "operator/profile-changes/decide", &[("change_id", &change), ("decision", "reject"), ("note", "late")])
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["Refused"], "ChangeAlreadyDecided");
        let (_, mine) = app.call(&admin, "provider-profile/get", &[]).await;
        assert!(mine["pending"].is_null());
        assert_eq!(mine["last_decision"]["status"], "Approved");

        // Both audit logs say what was done: the operator's names the operator, the provider's
        // says "by the operator" without the operator's person or address (server/tests/it/security).
        let northwind = app.store.organisation_by_mpn_id("2000001").await.unwrap().unwrap().id;
        let log = app.store.audit_log(northwind, 10).await.unwrap();
        let actions: Vec<&str> = log.iter().map(|l| l.action.as_str()).collect();
        assert!(actions.contains(&"provider_profile.propose") && actions.contains(&"provider_profile.approve"), "{actions:?}");
        let operator_record = app.store.user_by_email("operator@partnerdesk.example").await.unwrap().unwrap();
        let approval = log.iter().find(|l| l.action == "provider_profile.approve").unwrap();
        assert_eq!((approval.user_id, approval.ip.as_deref()), (None, None));
        assert!(approval.summary.contains("by the operator"), "{}", approval.summary);
        let own = app.store.audit_log(operator_record.organisation_id, 10).await.unwrap();
        assert!(own.iter().any(|l| l.action == "provider_profile.approve" && l.user_id == Some(operator_record.id)));
    }

    async fn rejecting_needs_a_note_and_the_provider_sees_it(app: TestApp) {
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (_, queue) = app.call(&operator, "operator/profile-changes", &[]).await;
        let tailspin = queue[0]["change"]["id"].to_string();
        let (status, body) = app
            .call(&operator, "operator/profile-changes/decide", &[("change_id", &tailspin), ("decision", "reject"), ("note", " ")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec!["note"]);
        let (status, _) = app
            .call(&operator, "operator/profile-changes/decide", &[("change_id", &tailspin), ("decision", "reject"), ("note", "Angola is not in your contract yet.")])
            .await;
        assert_eq!(status, StatusCode::OK);
        let admin = app.signed_in("admin@tailspin.example").await;
        let (_, mine) = app.call(&admin, "provider-profile/get", &[]).await;
        assert_eq!(mine["last_decision"]["status"], "Rejected");
        assert_eq!(mine["last_decision"]["review_note"], "Angola is not in your contract yet.");
        let (_, angola) = directory(&app, "", "AO").await;
        assert_eq!(angola["total"], 0, "a rejected change is never published");
    }

    async fn proposals_are_validated_replaced_and_withdrawn(app: TestApp) {
        let admin = app.signed_in("admin@northwind.example").await;
        let bad: Vec<(&str, &str)> = vec![
            ("description", ""), ("website", "northwind.example"), ("contact_email", "nope"),
            ("contact_phone", "call us"), ("countries", "NL, Narnia"), ("provider_since", "2999-01-01"),
        ];
        let (status, body) = app.call(&admin, "provider-profile/propose", &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec!["description", "countries", "website", "contact_email", "contact_phone", "provider_since"]);
        assert_eq!(body["Invalid"][1]["problem"]["UnknownCountry"]["typed"], "Narnia");
        let (_, mine) = app.call(&admin, "provider-profile/get", &[]).await;
        assert!(mine["pending"].is_null(), "nothing half-written is stored");

        let (_, first) = app.call(&admin, "provider-profile/propose", PROPOSAL).await;
        let mut second = PROPOSAL.to_vec();
        second[2] = ("contact_email", "second@northwind.example");
        let (_, second_id) = app.call(&admin, "provider-profile/propose", &second).await;
        assert_ne!(first, second_id);
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (_, queue) = app.call(&operator, "operator/profile-changes", &[]).await;
        let northwind: Vec<&Value> = queue.as_array().unwrap().iter().filter(|i| i["change"]["company_name"] == "Northwind Distribution").collect();
        assert_eq!(northwind.len(), 1, "the new proposal replaced the first");
        assert_eq!(northwind[0]["change"]["profile"]["contact_email"], "second@northwind.example");
        let (status, body) = app
            .call(&operator, "operator/profile-changes/decide", &[("change_id", &first.to_string()), ("decision", "approve"), ("note", "")])
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "a replaced proposal cannot be approved: {body}");

        let (status, _) = app.call(&admin, "provider-profile/withdraw", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, queue) = app.call(&operator, "operator/profile-changes", &[]).await;
        assert!(!queue.to_string().contains("Northwind"));
        let (status, _) = app.call(&admin, "provider-profile/withdraw", &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "nothing left to withdraw");
    }

    async fn a_provider_associates_changes_and_removes_the_reseller_of_an_existing_customer(app: TestApp) {
        let provider = app.signed_in("agent@northwind.example").await;
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        let customer = list["Provider"]["rows"][0]["id"].to_string();
        assert!(list["Provider"]["rows"][0]["reseller_id"].is_null());
        let adatum = app.store.organisation_by_mpn_id("3000001").await.unwrap().unwrap().id.to_string();
        let litware = app.store.organisation_by_mpn_id("3000002").await.unwrap().unwrap().id.to_string();

        // Adatum's users do not see Fourth Coffee yet.
        let adatum_user = app.signed_in("admin@adatum.example").await;
        let (_, seen) = app.call(&adatum_user, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert!(!seen.to_string().contains("Fourth Coffee"));

        // Only a partnered reseller can be associated.
        let (status, body) = app.call(&provider, "customers/reseller", &[("customer_id", &customer), ("reseller_id", &litware)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&body), vec!["reseller_id"]);

        let (status, body) = app.call(&provider, "customers/reseller", &[("customer_id", &customer), ("reseller_id", &adatum)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        assert_eq!(list["Provider"]["rows"][0]["reseller_name"], "Adatum Resellers");
        let (_, seen) = app.call(&adatum_user, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert!(seen.to_string().contains("Fourth Coffee"), "the reseller now sees the customer: {seen}");

        // After Remove partnership the customer keeps the reseller, marked; removing it then works.
        let admin = app.signed_in("admin@northwind.example").await;
        let (status, _) = app.call(&admin, "resellers/remove", &[("reseller_id", &adatum)]).await;
        assert!(status.is_success() || status.is_redirection(), "{status}");
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        assert_eq!(list["Provider"]["rows"][0]["reseller_name"], "Adatum Resellers");
        assert_eq!(list["Provider"]["rows"][0]["reseller_partnered"], false);
        let (status, _) = app.call(&provider, "customers/reseller", &[("customer_id", &customer), ("reseller_id", "0")]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, list) = app.call(&provider, "customers/list", &[("search", "Fourth Coffee"), ("page", "1")]).await;
        assert!(list["Provider"]["rows"][0]["reseller_id"].is_null());

        let northwind = app.store.organisation_by_mpn_id("2000001").await.unwrap().unwrap().id;
        let log = app.store.audit_log(northwind, 20).await.unwrap();
        let changes: Vec<&str> = log.iter().filter(|l| l.action == "customer.reseller").map(|l| l.summary.as_str()).collect();
        assert_eq!(changes, vec!["Fourth Coffee: reseller Adatum Resellers -> none", "Fourth Coffee: reseller none -> Adatum Resellers"]);

        // Another provider cannot touch Northwind's customer.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        let (status, _) = app.call(&tailspin, "customers/reseller", &[("customer_id", &customer), ("reseller_id", "0")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn the_operator_command_creates_a_sign_in_that_can_only_review(app: TestApp) {
        let password = app::providers::ssr::create_operator(&app.store, "ops@example.com", "Olga Operator").await.unwrap();
        assert!(password.len() >= 16);
        let again = app::providers::ssr::create_operator(&app.store, "ops@example.com", "Olga").await;
        assert!(again.unwrap_err().contains("exists already"));
        let client = app.client();
        let (status, _) = app.call(&client, "auth/sign-in", &[("email", "ops@example.com"), ("password", &password)]).await;
        assert!(status.is_success(), "{status}");
        // The printed password must be changed first.
        let (status, body) = app.call(&client, "operator/profile-changes", &[]).await;
        assert_eq!((status, body), (StatusCode::FORBIDDEN, serde_json::json!("PasswordChangeRequired")));
        let own = "the operator's own passphrase";
        let (status, body) = app
            .call(&client, "auth/change-password", &[("current_password", &password), ("new_password", own), ("confirm_password", own)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = app.call(&client, "operator/profile-changes", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = app.call(&client, "customers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let stored = app.store.user_by_email("ops@example.com").await.unwrap().unwrap();
        assert!(!stored.password_hash.0.contains(&password));
    }
}
