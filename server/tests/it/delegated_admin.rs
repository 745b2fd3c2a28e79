//! Delegated administration after the offer (issue #29 §1), on SQLite and PostgreSQL: one
//! relationship per accepting customer with a name unique within the partner (also under 50
//! concurrent acceptances), a request for an existing customer approved through its link, the
//! status following a test clock (expiring, expired, auto-extended), Renewals and deadlines,
//! reminders and webhooks, and the attacks: other organisations, missing roles, uncertified
//! partners, forged tokens, doubled answers.

use crate::client_offers::acceptance;
use crate::common::*;
use app::delegated_admin::{
    AddRoleTemplate, AnswerApproval, AssignRoles, ReadApprovalRequest, ReadCustomerRelationships, ReadRelationships, ReadRoleTemplates, Relationship,
    RelationshipStatus, RemoveAssignment, RemoveRoleTemplate, RequestRelationship, TerminateRelationship,
};
use app::developer::{ValidEndpoint, WebhookEvent, WebhookPolicy};
use app::error::{AppError, Problem};
use reqwest::StatusCode;
use std::collections::BTreeMap;

const DAY: i64 = 86_400;

/// Every relationship of the signed-in organisation with `status` (any: "").
async fn relationships(app: &TestApp, client: &reqwest::Client, status: &str) -> Vec<Relationship> {
    let list = app.run(client, ReadRelationships { status: status.into(), ending: String::new(), page: 1 }).await.unwrap();
    assert!(list.total <= list.per_page, "one page holds them in these tests");
    list.rows
}

fn request(customer_id: i64, name: &str, roles: &[&str], days: &str, auto_extend: bool) -> RequestRelationship {
    RequestRelationship {
        customer_id,
        name: name.into(),
        role: Some(roles.iter().map(|r| (r.to_string(), "on".to_string())).collect::<BTreeMap<_, _>>()),
        duration_days: days.into(),
        auto_extend: auto_extend.then(|| "on".to_string()),
    }
}

/// The token of a waiting relationship's approval link.
fn token_of(r: &Relationship) -> String {
    r.approval_path.as_deref().expect("a waiting relationship has its link").rsplit('/').next().unwrap().to_string()
}

fn problems(e: AppError) -> Vec<(String, Problem)> {
    e.field_errors().iter().map(|f| (f.field.clone(), f.problem.clone())).collect()
}

/// Accepts Contoso's offer `(code, token)` as a new client `domain`, with or without delegated
/// administration; returns the new customer's id.
async fn accept(app: &TestApp, code: &str, token: &str, domain: &str, delegated: &str) -> i64 {
    let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(code, token, domain, "3", delegated, domain)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let contoso = app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap().organisation_id;
    let found: Vec<app::customers::CustomerRow> = app.store.customers_page(contoso, None, domain, 1, 10).await.unwrap().0;
    found.iter().find(|c| c.domain_prefix == domain).unwrap_or_else(|| panic!("customer {domain}")).id
}

on_both_databases! {
    async fn each_accepting_customer_gets_a_relationship_of_its_own(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Wingtip support for the whole of next year")).await;
        let before = relationships(&app, &advisor, "").await.len();

        // Fifty clients accept the same offer at once, each with delegated administration.
        let domains: Vec<String> = (0..50).map(|i| format!("gdapclient{i}")).collect();
        let answers = futures::future::join_all(domains.iter().map(|d| {
            let form = acceptance(&code, &token, d, "3", "with", d);
            let app = &app;
            async move { app.call(&app.client(), "offer/accept", &form).await }
        }))
        .await;
        assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK), "{answers:?}");
        // One declines it: no relationship.
        accept(&app, &code, &token, "nodelegation", "without").await;

        let all = relationships(&app, &advisor, "").await;
        assert_eq!(all.len(), before + 50);
        let names: std::collections::BTreeSet<&str> = all.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names.len(), all.len(), "names are unique within the partner");
        for d in &domains {
            let r = all.iter().find(|r| r.name.ends_with(d.as_str())).unwrap_or_else(|| panic!("{d}'s relationship"));
            assert!(r.name.chars().count() <= 50 && r.name.starts_with("Wingtip support"), "{}", r.name);
            assert_eq!(r.status, RelationshipStatus::Active, "approved by the acceptance");
            assert_eq!(r.roles, [app::offers::GdapRole::UserAdministrator]);
            assert_eq!(r.ends_at - r.approved_at.unwrap(), 365 * DAY);
            assert!(r.approval_path.is_none() && r.offer.is_some());
        }
        assert!(!all.iter().any(|r| r.customer_name == "Wingtip Toys" && r.name.ends_with("nodelegation")));
    }

    async fn a_relationship_is_requested_approved_and_expires_with_the_clock(app: TestApp) {
        let contoso = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap().organisation_id;
        let admin = app.signed_in("admin@contoso.example").await;
        let actor = app::store::Actor { user_id: None, organisation_id: contoso, ip: None };
        let events = vec![
            WebhookEvent::RelationshipRequested,
            WebhookEvent::RelationshipApproved,
            WebhookEvent::RelationshipTerminated,
            WebhookEvent::RelationshipExpiring,
            WebhookEvent::RelationshipExpired,
        ];
        app::developer::ssr::create_endpoint(&app.store, &actor, ValidEndpoint { url: "http://127.0.0.1:9/hooks".into(), events }, WebhookPolicy::ALLOW_PRIVATE)
            .await
            .unwrap();
        let sent = |kind: &'static str| {
            let store = app.store.clone();
            async move { store.webhook_deliveries(contoso, 500).await.unwrap().iter().filter(|d| d.event_type == kind).count() }
        };
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, None).await;
        let customer = accept(&app, &code, &token, "renewme", "").await;
        let page = app.run(&admin, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.unwrap();
        assert_eq!((page.customer_name.as_str(), page.list.total, page.may_request), ("Wingtip Toys", 0, true));

        // The advisor asks for a relationship of 60 days; the client approves it by its link.
        let now = app.clock.now();
        let id = app.run(&advisor, request(customer, "Licensing", &["license_administrator", "directory_readers"], "60", false)).await.unwrap();
        assert_eq!(sent("delegated_admin.requested").await, 1);
        let waiting = relationships(&app, &advisor, "approval_pending").await;
        let r = waiting.iter().find(|r| r.id == id).expect("waiting for approval");
        let link = token_of(r);
        let shown = app.run(&app.client(), ReadApprovalRequest { token: link.clone() }).await.unwrap();
        assert_eq!((shown.partner_name.as_str(), shown.customer_name.as_str(), shown.status), ("Contoso Advisors", "Wingtip Toys", RelationshipStatus::ApprovalPending));
        let answered = app.run(&app.client(), AnswerApproval { token: link.clone(), answer: "approve".into() }).await.unwrap();
        assert_eq!(answered, RelationshipStatus::Active);
        // A doubled answer changes nothing and sends nothing again.
        let again = app.run(&app.client(), AnswerApproval { token: link.clone(), answer: "decline".into() }).await.unwrap();
        assert_eq!(again, RelationshipStatus::Active);
        assert_eq!(sent("delegated_admin.approved").await, 1);
        assert_eq!(sent("delegated_admin.terminated").await, 0);
        let log = app.store.audit_log(contoso, 50).await.unwrap();
        assert!(log.iter().any(|l| l.action == "delegated_admin.approve" && l.summary.contains("Licensing")), "audited in the partner's log");

        // 31 days before its end: active; 29 days before: expiring, in Renewals and deadlines,
        // announced once (webhook and email to the Global admins).
        let ends = relationships(&app, &advisor, "active").await.into_iter().find(|r| r.id == id).unwrap().ends_at;
        assert!((ends - (now + 60 * DAY)).abs() < 120, "runs 60 days from the approval");
        app.clock.set(ends - 31 * DAY);
        assert!(relationships(&app, &advisor, "expiring").await.iter().all(|r| r.id != id));
        app.clock.set(ends - 29 * DAY);
        let expiring = relationships(&app, &advisor, "expiring").await;
        assert!(expiring.iter().any(|r| r.id == id), "the status filter agrees with the domain's status");
        assert!(expiring.iter().all(|r| r.status == RelationshipStatus::Expiring));
        let overview = app.run(&admin, app::renewals::ListRenewals { reseller: None, horizon: "30".into() }).await.unwrap();
        let deadline = overview.deadlines.iter().find(|d| d.kind == app::deadlines::DeadlineKind::DelegatedAdminEnds).expect("in Renewals and deadlines");
        assert_eq!((deadline.item.as_str(), deadline.at), ("Licensing", ends));
        assert_eq!(deadline.path, format!("/customers/{customer}/delegated-admin"));
        let remind = |at: i64| app::customers::subscriptions::service::send_reminders(&app.store, at, "https://desk.example");
        let (a, b) = tokio::join!(remind(ends - 29 * DAY), remind(ends - 29 * DAY));
        assert!(a.is_ok() && b.is_ok());
        remind(ends - 10 * DAY).await.unwrap();
        assert_eq!(sent("delegated_admin.expiring").await, 1, "once, however many servers run");
        let mail: Vec<String> = app.mail().await.into_iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect();
        let told: Vec<&String> = mail.iter().filter(|m| m.contains("Delegated administration of Wingtip Toys ends on")).collect();
        assert_eq!(told.len(), 1, "{mail:?}");
        assert!(told[0].contains("To: admin@contoso.example") && told[0].contains(&format!("/customers/{customer}/delegated-admin")));

        // After its end: expired, announced once.
        app.clock.set(ends + 60);
        assert!(relationships(&app, &advisor, "expired").await.iter().any(|r| r.id == id));
        remind(ends + 60).await.unwrap();
        remind(ends + 120).await.unwrap();
        assert_eq!(sent("delegated_admin.expired").await, 1);
        // An ended relationship cannot be terminated.
        let refused = app.run(&admin, TerminateRelationship { customer_id: customer, id }).await;
        assert_eq!(refused, Err(AppError::NotFound));
    }

    async fn an_auto_extended_relationship_runs_on_and_either_side_can_end_one(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, None).await;
        let customer = accept(&app, &code, &token, "extendme", "").await;
        let id = app.run(&advisor, request(customer, "Helpdesk", &["helpdesk_administrator"], "30", true)).await.unwrap();
        let link = token_of(relationships(&app, &advisor, "").await.iter().find(|r| r.id == id).unwrap());
        app.run(&app.client(), AnswerApproval { token: link, answer: "approve".into() }).await.unwrap();
        let first_end = relationships(&app, &advisor, "").await.into_iter().find(|r| r.id == id).unwrap().ends_at;
        app.clock.set(first_end - DAY);
        assert!(relationships(&app, &advisor, "active").await.iter().any(|r| r.id == id), "never expiring");
        app.clock.set(first_end + DAY);
        let r = relationships(&app, &advisor, "active").await.into_iter().find(|r| r.id == id).expect("still active");
        assert_eq!(r.ends_at, first_end + 180 * DAY, "extended by 180 days");
        app.run(&advisor, TerminateRelationship { customer_id: customer, id }).await.unwrap();
        let ended = relationships(&app, &advisor, "terminated").await.into_iter().find(|r| r.id == id).unwrap();
        assert_eq!(ended.terminated_by, Some(app::delegated_admin::TerminatedBy::Partner));

        // The client declines another request: terminated by the customer; its link is closed.
        let declined = app.run(&advisor, request(customer, "Readers", &["directory_readers"], "30", false)).await.unwrap();
        let link = token_of(relationships(&app, &advisor, "").await.iter().find(|r| r.id == declined).unwrap());
        let answer = app.run(&app.client(), AnswerApproval { token: link.clone(), answer: "decline".into() }).await.unwrap();
        assert_eq!(answer, RelationshipStatus::Terminated);
        let later = app.run(&app.client(), AnswerApproval { token: link, answer: "approve".into() }).await.unwrap();
        assert_eq!(later, RelationshipStatus::Terminated, "a declined request stays declined");
        let r = relationships(&app, &advisor, "terminated").await.into_iter().find(|r| r.id == declined).unwrap();
        assert_eq!(r.terminated_by, Some(app::delegated_admin::TerminatedBy::Customer));

        // A request nobody approves lapses after 90 days.
        let lapsing = app.run(&advisor, request(customer, "Lapsing", &["global_reader"], "30", false)).await.unwrap();
        let link = token_of(relationships(&app, &advisor, "").await.iter().find(|r| r.id == lapsing).unwrap());
        app.clock.set(app.clock.now() + 91 * DAY);
        let late = app.run(&app.client(), AnswerApproval { token: link, answer: "approve".into() }).await.unwrap();
        assert_eq!(late, RelationshipStatus::Expired);
    }

    async fn nobody_sees_or_changes_another_partners_relationships(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Guarded")).await;
        let customer = accept(&app, &code, &token, "guarded", "with").await;
        let id = relationships(&app, &advisor, "").await.into_iter().find(|r| r.name.ends_with("guarded")).unwrap().id;

        // Another advisor organisation: not its customer, not its relationship.
        let fabrikam = app.signed_in("advisor@fabrikam.example").await;
        assert_eq!(app.run(&fabrikam, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.err(), Some(AppError::NotFound));
        assert_eq!(app.run(&fabrikam, TerminateRelationship { customer_id: customer, id }).await, Err(AppError::NotFound));
        assert!(relationships(&app, &fabrikam, "").await.iter().all(|r| r.id != id));
        // Fabrikam is not certified for delegated administration: it cannot ask anyone.
        let uncertified = app.run(&fabrikam, request(customer, "Sneaky", &["global_administrator"], "730", false)).await.unwrap_err();
        assert_eq!(problems(uncertified), [("name".to_string(), Problem::NotCertified)]);
        // A certified provider cannot ask another partner's customer.
        let northwind = app.signed_in("admin@northwind.example").await;
        assert_eq!(app.run(&northwind, request(customer, "Sneaky", &["global_reader"], "30", false)).await, Err(AppError::NotFound));
        // A sales agent sees the list but may not terminate; a reseller may not see it.
        let sales = app.signed_in("sales@northwind.example").await;
        assert!(app.run(&sales, ReadRelationships { status: String::new(), ending: String::new(), page: 1 }).await.is_ok());
        assert!(matches!(app.run(&sales, TerminateRelationship { customer_id: customer, id }).await, Err(AppError::MissingRole { .. })));
        let reseller = app.signed_in("admin@adatum.example").await;
        assert!(matches!(
            app.run(&reseller, ReadRelationships { status: String::new(), ending: String::new(), page: 1 }).await,
            Err(AppError::WrongProgram { .. })
        ));
        assert_eq!(relationships(&app, &advisor, "").await.into_iter().find(|r| r.id == id).unwrap().status, RelationshipStatus::Active);

        // The rules, before any lookup: a long name, no role, three years, auto-extend with Global
        // administrator; and a name already used.
        let long = "x".repeat(51);
        let wrong = app.run(&advisor, request(customer, &long, &[], "1095", false)).await.unwrap_err();
        assert_eq!(
            problems(wrong),
            [("name".to_string(), Problem::TooLong { max: 50 }), ("roles".to_string(), Problem::GdapRoles), ("duration_days".to_string(), Problem::GdapDuration)]
        );
        let forbidden = app.run(&advisor, request(customer, "All of it", &["global_administrator"], "30", true)).await.unwrap_err();
        assert_eq!(problems(forbidden), [("auto_extend".to_string(), Problem::GdapNoAutoExtend)]);
        app.run(&advisor, request(customer, "Twice", &["global_reader"], "30", false)).await.unwrap();
        let taken = app.run(&advisor, request(customer, "Twice", &["global_reader"], "30", false)).await.unwrap_err();
        assert_eq!(problems(taken), [("name".to_string(), Problem::GdapNameTaken)]);

        // Forged and malformed approval tokens find nothing.
        for forged in ["", "abc", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "../../../../etc/passwd", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            assert_eq!(app.run(&app.client(), ReadApprovalRequest { token: forged.into() }).await, Err(AppError::NotFound), "{forged}");
            assert_eq!(app.run(&app.client(), AnswerApproval { token: forged.into(), answer: "approve".into() }).await, Err(AppError::NotFound));
        }
        let response = app.get(&app.client(), "/delegated-admin/approve/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    async fn the_pages_show_the_relationships_and_their_forms(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Shown")).await;
        let customer = accept(&app, &code, &token, "shownco", "with").await;
        let page = app.get(&advisor, "/delegated-admin").await.text().await.unwrap();
        assert!(page.contains("Shown - shownco") && page.contains(&format!("/customers/{customer}/delegated-admin")), "{page}");
        let id = app.run(&advisor, request(customer, "Asked", &["user_administrator"], "90", false)).await.unwrap();
        let page = app.get(&advisor, &format!("/customers/{customer}/delegated-admin?requested={id}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="approval-link""#) && page.contains("/delegated-admin/approve/"), "the link to send: {page}");
        assert!(page.contains(r#"id="request-relationship""#) && page.contains("role[global_administrator]"), "{page}");
        let link = token_of(relationships(&app, &advisor, "").await.iter().find(|r| r.id == id).unwrap());
        let client_page = app.get(&app.client(), &format!("/delegated-admin/approve/{link}")).await.text().await.unwrap();
        assert!(client_page.contains("Contoso Advisors asks permission") && client_page.contains("User administrator"), "{client_page}");
        // Without JavaScript: the answer posts as a form and comes back to the page.
        let response = app
            .client()
            .post(format!("{}/api/delegated-admin/answer", app.base))
            .header("accept", "text/html")
            .form(&[("token", link.as_str()), ("answer", "approve")])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(location, format!("/delegated-admin/approve/{link}?answered=approve"));
        let after = app.get(&app.client(), &location).await.text().await.unwrap();
        assert!(after.contains(r#"id="relationship-answer""#) && after.contains("Approved."), "{after}");
        // The client ends it from the same link later: terminated by the customer, once.
        assert!(after.contains("End this relationship"), "{after}");
        let ended = app.run(&app.client(), AnswerApproval { token: link.clone(), answer: "end".into() }).await.unwrap();
        assert_eq!(ended, RelationshipStatus::Terminated);
        let r = relationships(&app, &advisor, "terminated").await.into_iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.terminated_by, Some(app::delegated_admin::TerminatedBy::Customer));
        let page = app.get(&app.client(), &format!("/delegated-admin/approve/{link}?answered=end")).await.text().await.unwrap();
        assert!(page.contains("Ended. The partner no longer administers your account"), "{page}");
    }

    async fn the_rest_api_lists_requests_and_terminates_relationships(app: TestApp) {
        use crate::api::{key_for, Api};
        use serde_json::json;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Api support")).await;
        let customer = accept(&app, &code, &token, "apiclient", "with").await;
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);

        let (status, list) = api.get(&format!("/delegated-admin?customer_id={customer}")).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["data"].as_array().unwrap().len(), 1);
        assert_eq!(list["data"][0]["name"], "Api support - apiclient");
        assert_eq!(list["data"][0]["status"], "active");
        assert_eq!(list["data"][0]["roles"], json!(["user_administrator"]));

        let body = json!({ "name": "Api licensing", "roles": ["license_administrator"], "duration_days": 120, "auto_extend": true });
        let (status, made) = api.post(&format!("/customers/{customer}/delegated-admin"), body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["status"], "approval_pending");
        let url = made["approval_url"].as_str().unwrap();
        assert!(url.starts_with(&app.base) && url.contains("/delegated-admin/approve/"), "{url}");
        let (status, waiting) = api.get("/delegated-admin?status=approval_pending").await;
        assert_eq!(status, StatusCode::OK);
        assert!(waiting["data"].as_array().unwrap().iter().any(|r| r["id"] == made["id"]));

        // The rules as problems: an unknown role, a taken name, an unknown status, a range.
        let (status, refused) = api.post(&format!("/customers/{customer}/delegated-admin"), json!({ "name": "X", "roles": ["owner"], "duration_days": 30 })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(refused.to_string().contains("/roles"), "{refused}");
        let (status, taken) = api.post(&format!("/customers/{customer}/delegated-admin"), body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{taken}");
        assert!(taken.to_string().contains("gdap_name_taken"), "{taken}");
        assert_eq!(api.get("/delegated-admin?status=bogus").await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.get("/delegated-admin?ending_within_days=0").await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, ending) = api.get("/delegated-admin?ending_within_days=400").await;
        assert_eq!(status, StatusCode::OK);
        assert!(ending["data"].as_array().unwrap().iter().all(|r| r["status"] == "active" || r["status"] == "expiring"));

        // Terminate: only under its own customer; another organisation's key finds nothing.
        let id = made["id"].as_i64().unwrap();
        let fabrikam = Api::new(&app, key_for(&app, "advisor@fabrikam.example", 1000).await);
        assert_eq!(fabrikam.post(&format!("/customers/{customer}/delegated-admin/{id}/terminate"), json!({})).await.0, StatusCode::NOT_FOUND);
        let northwind = Api::new(&app, key_for(&app, "admin@northwind.example", 1000).await);
        assert_eq!(northwind.post(&format!("/customers/{customer}/delegated-admin"), json!({ "name": "X", "roles": ["global_reader"], "duration_days": 30 })).await.0, StatusCode::NOT_FOUND);
        let (status, ended) = api.post(&format!("/customers/{customer}/delegated-admin/{id}/terminate"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{ended}");
        assert_eq!((ended["status"].as_str(), ended["terminated_by"].as_str()), (Some("terminated"), Some("partner")));
        assert_eq!(api.post(&format!("/customers/{customer}/delegated-admin/{id}/terminate"), json!({})).await.0, StatusCode::NOT_FOUND, "once");
    }

    async fn security_groups_get_only_the_roles_a_relationship_holds(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Grouped")).await;
        let customer = accept(&app, &code, &token, "groupedco", "with").await;
        let id = relationships(&app, &advisor, "").await.into_iter().find(|r| r.name.ends_with("groupedco")).unwrap().id;
        let assign = |group: &str, roles: &[&str], relationship: i64| AssignRoles {
            customer_id: customer,
            relationship_id: relationship,
            group_name: group.into(),
            role: Some(roles.iter().map(|r| (r.to_string(), "on".to_string())).collect()),
        };

        // The offer granted User administrator only.
        let first = app.run(&advisor, assign("Helpdesk agents", &["user_administrator"], id)).await.unwrap();
        let refused = app.run(&advisor, assign("Admins", &["global_administrator"], id)).await.unwrap_err();
        assert_eq!(problems(refused), [("roles".to_string(), Problem::GdapRoles)], "nobody passes on a role the customer did not grant");
        let twice = app.run(&advisor, assign("Helpdesk agents", &["user_administrator"], id)).await.unwrap_err();
        assert_eq!(problems(twice), [("group_name".to_string(), Problem::GdapGroupTaken)]);
        let long = app.run(&advisor, assign(&"g".repeat(121), &["user_administrator"], id)).await.unwrap_err();
        assert_eq!(problems(long), [("group_name".to_string(), Problem::TooLong { max: 120 })]);
        let page = app.run(&advisor, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.unwrap();
        let shown = &page.list.rows.iter().find(|r| r.id == id).unwrap().assignments;
        assert_eq!(shown.len(), 1);
        assert_eq!((shown[0].group_name.as_str(), shown[0].roles.as_slice()), ("Helpdesk agents", [app::offers::GdapRole::UserAdministrator].as_slice()));

        // Another organisation can neither add to nor remove from it; a sales agent may not.
        let northwind = app.signed_in("admin@northwind.example").await;
        assert_eq!(app.run(&northwind, assign("Intruders", &["user_administrator"], id)).await, Err(AppError::NotFound));
        assert_eq!(app.run(&northwind, RemoveAssignment { customer_id: customer, id: first }).await, Err(AppError::NotFound));
        let sales = app.signed_in("sales@northwind.example").await;
        assert!(matches!(app.run(&sales, RemoveAssignment { customer_id: customer, id: first }).await, Err(AppError::MissingRole { .. })));

        // Twenty at most; removing one makes room; an ended relationship takes none.
        for i in 1..20 {
            app.run(&advisor, assign(&format!("Group {i}"), &["user_administrator"], id)).await.unwrap();
        }
        let full = app.run(&advisor, assign("One more", &["user_administrator"], id)).await.unwrap_err();
        assert_eq!(problems(full), [("group_name".to_string(), Problem::TooMany { max: 20 })]);
        app.run(&advisor, RemoveAssignment { customer_id: customer, id: first }).await.unwrap();
        app.run(&advisor, assign("One more", &["user_administrator"], id)).await.unwrap();
        app.run(&advisor, TerminateRelationship { customer_id: customer, id }).await.unwrap();
        app.run(&advisor, RemoveAssignment { customer_id: customer, id: first }).await.unwrap_err();
        assert_eq!(app.run(&advisor, assign("Late", &["user_administrator"], id)).await, Err(AppError::NotFound));
        let contoso = app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap().organisation_id;
        let log = app.store.audit_log(contoso, 100).await.unwrap();
        assert!(log.iter().any(|l| l.action == "delegated_admin.assign" && l.summary.contains("Helpdesk agents")));
        assert!(log.iter().any(|l| l.action == "delegated_admin.unassign"));
    }

    async fn role_templates_are_the_organisations_own_and_start_a_request(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let template = |name: &str, roles: &[&str]| AddRoleTemplate {
            template_name: name.into(),
            role: Some(roles.iter().map(|r| (r.to_string(), "on".to_string())).collect()),
        };
        let id = app.run(&advisor, template("Helpdesk", &["helpdesk_administrator", "directory_readers"])).await.unwrap();
        let taken = app.run(&advisor, template("Helpdesk", &["global_reader"])).await.unwrap_err();
        assert_eq!(problems(taken), [("template_name".to_string(), Problem::TemplateTaken)]);
        let empty = app.run(&advisor, template(&"t".repeat(61), &[])).await.unwrap_err();
        assert_eq!(problems(empty), [("template_name".to_string(), Problem::TooLong { max: 60 }), ("roles".to_string(), Problem::GdapRoles)]);
        let mine = app.run(&advisor, ReadRoleTemplates {}).await.unwrap();
        assert_eq!(mine.templates.len(), 1);
        assert_eq!(mine.templates[0].roles, [app::offers::GdapRole::DirectoryReaders, app::offers::GdapRole::HelpdeskAdministrator]);
        // The offer wizard offers it too (to a certified organisation only).
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        assert_eq!(start["role_templates"][0]["id"], id, "{start}");
        assert_eq!(start["role_templates"][0]["roles"], serde_json::json!(["DirectoryReaders", "HelpdeskAdministrator"]));

        // Another organisation neither sees nor removes it; a sales agent may not add one.
        let northwind = app.signed_in("admin@northwind.example").await;
        assert!(app.run(&northwind, ReadRoleTemplates {}).await.unwrap().templates.is_empty());
        assert_eq!(app.run(&northwind, RemoveRoleTemplate { id }).await, Err(AppError::NotFound));
        let sales = app.signed_in("sales@northwind.example").await;
        assert!(matches!(app.run(&sales, template("Sales", &["global_reader"])).await, Err(AppError::MissingRole { .. })));

        // A customer's page offers it, and its link checks the template's roles.
        let (_, code, token) = create_offer(&app, &advisor, None).await;
        let customer = accept(&app, &code, &token, "templated", "").await;
        let page = app.run(&advisor, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.unwrap();
        assert_eq!(page.templates.len(), 1);
        let html = app.get(&advisor, &format!("/customers/{customer}/delegated-admin?template={id}")).await.text().await.unwrap();
        let checked = |code: &str| {
            let at = html.find(&format!(r#"id="role-{code}""#)).unwrap_or_else(|| panic!("{code}'s box"));
            let tag_end = at + html[at..].find('>').unwrap();
            html[at..tag_end].contains("checked")
        };
        assert!(checked("helpdesk_administrator") && checked("directory_readers") && !checked("global_administrator"), "{html}");
        app.run(&advisor, RemoveRoleTemplate { id }).await.unwrap();
        assert!(app.run(&advisor, ReadRoleTemplates {}).await.unwrap().templates.is_empty());
    }

    async fn a_new_request_recommends_the_roles_the_customers_subscriptions_need(app: TestApp) {
        use app::offers::GdapRole;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, None).await;
        let customer = accept(&app, &code, &token, "recommended", "").await;
        // Business Basic: licenses, support, and mailboxes.
        let page = app.run(&advisor, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.unwrap();
        let roles: Vec<GdapRole> = page.recommended.iter().map(|(role, _)| *role).collect();
        assert_eq!(roles, [GdapRole::LicenseAdministrator, GdapRole::ServiceSupportAdministrator, GdapRole::ExchangeRecipientAdministrator]);
        let html = app.get(&advisor, &format!("/customers/{customer}/delegated-admin")).await.text().await.unwrap();
        assert!(html.contains(r#"id="gdap-customer-recommended""#) && html.contains("Recommended for the subscriptions Wingtip Toys has"), "{html}");
        assert!(html.contains("create and manage mailboxes, contacts and distribution lists"), "what each does");
        let checked = |html: &str, code: &str| {
            let at = html.find(&format!(r#"id="role-{code}""#)).unwrap_or_else(|| panic!("{code}'s box"));
            let tag_end = at + html[at..].find('>').unwrap();
            html[at..tag_end].contains("checked")
        };
        assert!(!checked(&html, "license_administrator"), "nothing is checked until asked");
        let html = app.get(&advisor, &format!("/customers/{customer}/delegated-admin?roles=recommended")).await.text().await.unwrap();
        for code in ["license_administrator", "service_support_administrator", "exchange_recipient_administrator"] {
            assert!(checked(&html, code), "{code}");
        }
        assert!(!checked(&html, "global_administrator"));
        // Another partner reads no recommendation for a customer not its own.
        let fabrikam = app.signed_in("advisor@fabrikam.example").await;
        assert_eq!(app.run(&fabrikam, ReadCustomerRelationships { customer_id: customer, page: 1 }).await.unwrap_err(), AppError::NotFound);
    }

    async fn the_role_catalogue_is_served_limited_and_explained_to_the_client(app: TestApp) {
        use crate::api::{key_for, Api};
        use serde_json::json;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);

        // The catalogue over REST: every role with its code, names, description and alternatives.
        let (status, roles) = api.get("/delegated-admin/roles").await;
        assert_eq!(status, StatusCode::OK, "{roles}");
        let roles = roles["data"].as_array().unwrap();
        assert_eq!(roles.len(), app::delegated_admin::roles::CATALOGUE.len());
        let license = roles.iter().find(|r| r["code"] == "license_administrator").unwrap();
        assert_eq!((license["names"]["nl"].as_str(), license["privileged"].as_bool()), (Some("Licentiebeheerder"), Some(false)));
        let global = roles.iter().find(|r| r["code"] == "global_administrator").unwrap();
        assert!(global["alternatives"].as_array().unwrap().contains(&json!("global_reader")), "{global}");

        // A role beyond the first seven is asked for like any other; more than 20 are refused,
        // by the page's server function, by REST and by the offer wizard's.
        let (_, code, token) = create_offer(&app, &advisor, Some("Catalogue")).await;
        let customer = accept(&app, &code, &token, "catalogueco", "with").await;
        let id = app.run(&advisor, request(customer, "Mailboxes", &["exchange_recipient_administrator"], "90", false)).await.unwrap();
        let made = relationships(&app, &advisor, "").await.into_iter().find(|r| r.id == id).unwrap();
        assert_eq!(made.roles, [app::offers::GdapRole::ExchangeRecipientAdministrator]);
        let codes: Vec<&str> = app::delegated_admin::roles::CATALOGUE.iter().map(|e| e.code).take(21).collect();
        let refused = app.run(&advisor, request(customer, "Everything", &codes, "90", false)).await.unwrap_err();
        assert_eq!(problems(refused), [("roles".to_string(), Problem::GdapRolesMax)]);
        let (status, refused) = api.post(&format!("/customers/{customer}/delegated-admin"), json!({ "name": "Everything", "roles": codes, "duration_days": 30 })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        assert!(refused.to_string().contains("gdap_roles_max"), "{refused}");
        let (_, start) = app.call(&advisor, "offers/start", &[]).await;
        let office = start["offices"][0]["id"].as_i64().unwrap().to_string();
        let offer = |roles: Vec<&str>| json!({ "form": {
            "office_id": office, "usage_location": "NL", "lines": [["M365-BUSINESS-BASIC", "25"]],
            "delegated_admin": true, "gdap_name": "Explained", "gdap_roles": roles, "gdap_duration_days": "365", "idempotency_key": ""
        }});
        let variants: Vec<String> = app::offers::GdapRole::all().take(21).map(|r| format!("{r:?}")).collect();
        let (status, refused) = app.call_json(&advisor, "offers/create", offer(variants.iter().map(String::as_str).collect())).await;
        assert_ne!(status, StatusCode::OK, "{refused}");
        assert!(refused.to_string().contains("gdap_roles"), "{refused}");

        // The client reads why each role is asked for: what the offer sells (mailboxes in
        // Business Basic, its licenses), or that a role goes beyond it.
        let (status, summary) =
            app.call_json(&advisor, "offers/create", offer(vec!["LicenseAdministrator", "ExchangeRecipientAdministrator", "UserAdministrator"])).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", summary.as_str().unwrap())]).await;
        let page = app.get(&app.client(), detail["url_path"].as_str().unwrap()).await.text().await.unwrap();
        let item = |code: &str| {
            let at = page.find(&format!(r#"data-role="{code}""#)).unwrap_or_else(|| panic!("{code} on the page: {page}"));
            page[at..at + page[at..].find("</li>").unwrap()].to_string()
        };
        assert!(item("license_administrator").contains("Why: to assign the licenses you buy to your users"), "{}", item("license_administrator"));
        assert!(item("exchange_recipient_administrator").contains("Why: to set up the mailboxes this offer includes"));
        assert!(item("user_administrator").contains("beyond what this offer sells"), "{}", item("user_administrator"));
    }

    async fn the_rest_api_keeps_access_assignments_and_role_templates(app: TestApp) {
        use crate::api::{key_for, Api};
        use serde_json::json;
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, Some("Api groups")).await;
        let customer = accept(&app, &code, &token, "apigroups", "with").await;
        let api = Api::new(&app, key_for(&app, "admin@contoso.example", 1000).await);
        let (_, list) = api.get(&format!("/delegated-admin?customer_id={customer}")).await;
        let id = list["data"][0]["id"].as_i64().unwrap();
        assert!(list["data"][0].get("assignments").is_none(), "lists leave assignments out: {list}");
        let base = format!("/customers/{customer}/delegated-admin/{id}");

        // An access assignment: only the relationship's roles, each group once.
        let (status, made) = api.post(&format!("{base}/assignments"), json!({ "group_name": "Helpdesk agents", "roles": ["user_administrator"] })).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["group_name"].as_str(), made["roles"].clone()), (Some("Helpdesk agents"), json!(["user_administrator"])));
        let (status, more) = api.post(&format!("{base}/assignments"), json!({ "group_name": "Admins", "roles": ["global_administrator"] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a role the customer did not grant: {more}");
        assert!(more.to_string().contains("/roles"), "{more}");
        let (status, twice) = api.post(&format!("{base}/assignments"), json!({ "group_name": "Helpdesk agents", "roles": ["user_administrator"] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{twice}");
        let (status, one) = api.get(&base).await;
        assert_eq!(status, StatusCode::OK, "{one}");
        assert_eq!(one["assignments"].as_array().unwrap().len(), 1, "{one}");
        // Another organisation's key, or another customer's path, finds nothing to remove.
        let assignment = made["id"].as_i64().unwrap();
        let fabrikam = Api::new(&app, key_for(&app, "advisor@fabrikam.example", 1000).await);
        let (status, _, _) = fabrikam.send(reqwest::Method::DELETE, &format!("{base}/assignments/{assignment}"), None, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (other, _, _) = api.send(reqwest::Method::DELETE, &format!("/customers/{}/delegated-admin/{id}/assignments/{assignment}", customer + 1), None, &[]).await;
        assert_eq!(other, StatusCode::NOT_FOUND);
        let (status, _, _) = api.send(reqwest::Method::DELETE, &format!("{base}/assignments/{assignment}"), None, &[]).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(api.get(&base).await.1["assignments"].as_array().unwrap().is_empty());

        // Role templates: saved, listed, refused when the rules say so, removed.
        let (status, template) = api.post("/delegated-admin/templates", json!({ "name": "Licensing", "roles": ["license_administrator", "directory_readers"] })).await;
        assert_eq!(status, StatusCode::CREATED, "{template}");
        assert_eq!(template["roles"], json!(["directory_readers", "license_administrator"]), "in catalogue order");
        let (status, taken) = api.post("/delegated-admin/templates", json!({ "name": "Licensing", "roles": ["global_reader"] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{taken}");
        assert!(taken.to_string().contains("/name") && taken.to_string().contains("template_taken"), "{taken}");
        let (status, unknown) = api.post("/delegated-admin/templates", json!({ "name": "Owner", "roles": ["owner"] })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{unknown}");
        let (status, templates) = api.get("/delegated-admin/templates").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(templates["data"].as_array().unwrap().len(), 1, "{templates}");
        let template_id = template["id"].as_i64().unwrap();
        assert!(fabrikam.get("/delegated-admin/templates").await.1["data"].as_array().unwrap().is_empty(), "each organisation its own");
        let (status, _, _) = fabrikam.send(reqwest::Method::DELETE, &format!("/delegated-admin/templates/{template_id}"), None, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = api.send(reqwest::Method::DELETE, &format!("/delegated-admin/templates/{template_id}"), None, &[]).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(api.get("/delegated-admin/templates").await.1["data"].as_array().unwrap().is_empty());
    }
}
