//! Join PartnerDesk: an organisation asks on the public page, confirms its email with the link
//! a real SMTP server delivered, waits in the operator's queue, and is approved (the
//! organisation exists, its first user a Global admin who joins from the emailed invitation)
//! or declined with the reason emailed. Links work once; abuse is bounded. Runs on SQLite and
//! PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn ok(status: StatusCode, body: &Value) {
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
}

/// Sends a request to join from a client of its own; returns the confirmation link's token.
async fn ask(app: &TestApp, company: &str, mpn_id: &str, email: &str, programs: &[&str]) -> String {
    let mut form = vec![("company_name", company), ("mpn_id", mpn_id), ("country", "NL"), ("contact_name", "Morgan Reyes"), ("contact_email", email)];
    form.extend(programs.iter().map(|p| (*p, "on")));
    let (status, body) = app.call(&app.client(), "join/request", &form).await;
    ok(status, &body);
    app.link_token(email, "/join/confirm").await
}

/// The newest message to `to` that says `words`, with its soft line breaks undone (messages
/// sent in one batch can share a modification time).
async fn message_to(app: &TestApp, to: &str, words: &str) -> String {
    let messages = app.mail().await;
    messages
        .iter()
        .map(|m| m.replace("=\r\n", "").replace("=\n", ""))
        .find(|m| m.contains(&format!("To: {to}")) && m.contains(words))
        .unwrap_or_else(|| panic!("no message to {to} saying {words}"))
}

async fn state(app: &TestApp, token: &str) -> (StatusCode, Value) {
    app.call(&app.client(), "join/status", &[("token", token)]).await
}

async fn queue(app: &TestApp, operator: &reqwest::Client) -> Vec<Value> {
    let (status, body) = app.call(operator, "operator/join-requests", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

on_both_databases! {
    async fn an_organisation_asks_confirms_is_approved_and_its_admin_joins(app: TestApp) {
        let email = "morgan@fourthcoffee.example";
        let token = ask(&app, "Fourth Coffee", "7100001", email, &["advisor", "indirect_provider"]).await;
        let confirmation = message_to(&app, email, "Confirm your email").await;
        assert!(confirmation.contains("Fourth Coffee") && confirmation.contains("Subject: Confirm your email"), "{confirmation}");
        assert_eq!(state(&app, &token).await.1["state"], "AwaitingConfirmation");

        // Not in the queue until the email is confirmed; the link's page asks before confirming
        // (a mail scanner opening it confirms nothing).
        let operator = app.signed_in("operator@partnerdesk.example").await;
        assert!(queue(&app, &operator).await.is_empty());
        let page = app.get(&app.client(), &format!("/join/confirm/{token}")).await.text().await.unwrap();
        assert!(page.contains("Confirm my email") && page.contains("Fourth Coffee"), "{page}");
        assert_eq!(state(&app, &token).await.1["state"], "AwaitingConfirmation");
        let (status, body) = app.call(&app.client(), "join/confirm", &[("token", &token)]).await;
        ok(status, &body);
        assert_eq!(state(&app, &token).await.1["state"], "AwaitingDecision");
        message_to(&app, email, "waits for the operator's decision").await;

        let waiting = queue(&app, &operator).await;
        assert_eq!(waiting.len(), 1, "{waiting:?}");
        let request = &waiting[0];
        assert_eq!((request["company_name"].clone(), request["mpn_id_holder"].clone(), request["email_has_account"].clone()), (Value::from("Fourth Coffee"), Value::Null, Value::Bool(false)));
        let id = request["id"].to_string();

        // Approved in the programs the operator chose (not all that were asked for).
        let (status, body) = app.call(&operator, "operator/join-requests/approve", &[("join_request_id", &id), ("advisor", "on")]).await;
        ok(status, &body);
        let created = app.store.organisation_by_mpn_id("7100001").await.unwrap().expect("the organisation exists");
        assert_eq!((created.name.as_str(), created.country.as_str()), ("Fourth Coffee", "NL"));
        assert!(created.is_advisor && !created.is_indirect_provider && !created.dap_certified);
        assert_eq!(created.advisor_code.as_deref(), Some("fourth-coffee"), "its offer links work");
        assert!(queue(&app, &operator).await.is_empty());
        assert_eq!(state(&app, &token).await.1["state"], "Approved");
        let approval = message_to(&app, email, "has joined PartnerDesk").await;
        assert!(approval.contains("Subject: Fourth Coffee has joined PartnerDesk") && approval.contains("Global admin"), "{approval}");

        // Their link got lost: the operator sends a new one from the organisation's page; the
        // first one stops working.
        let first = app.link_token(email, "/invitation").await;
        let org = created.id.to_string();
        let (status, invited) = app.call(&operator, "operator/organisation/invited", &[("organisation_id", &org)]).await;
        assert_eq!(status, StatusCode::OK, "{invited}");
        let invited = invited.as_array().cloned().unwrap_or_default();
        assert_eq!(invited.len(), 1, "{invited:?}");
        let user_id = invited[0]["id"].to_string();
        let (status, body) = app.call(&operator, "operator/organisations/resend-invitation", &[("organisation_id", &org), ("user_id", &user_id)]).await;
        ok(status, &body);
        // Let the two links' messages differ in time (the newest is found by the file's time).
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let second = app.link_token(email, "/invitation").await;
        assert_ne!(first, second);
        let (status, body) = app.call(&app.client(), "auth/invitation", &[("token", &first)]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("InvitationInvalid")), "the earlier link no longer works");
        assert!(app.store.audit_log(created.id, 10).await.unwrap().iter().any(|a| a.action == "user.invitation_resent" && a.user_id.is_none()),
            "the organisation's log says so, without the operator's person");
        // Nobody but an operator resends another organisation's invitations.
        let stranger = app.signed_in("admin@contoso.example").await;
        let (status, _) = app.call(&stranger, "operator/organisations/resend-invitation", &[("organisation_id", &org), ("user_id", &user_id)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The applicant chooses a password from the invitation and is the Global admin.
        let admin = app.join(email, "fourth coffee passphrase").await;
        let (_, me) = app.call(&admin, "auth/me", &[]).await;
        assert_eq!((me["roles"].clone(), me["organisation_name"].clone()), (serde_json::json!(["GlobalAdmin"]), Value::from("Fourth Coffee")), "{me}");
        let (status, _) = app.call(&admin, "users/list", &[]).await;
        assert_eq!(status, StatusCode::OK);
        // Joined: nothing left to resend.
        let (_, invited) = app.call(&operator, "operator/organisation/invited", &[("organisation_id", &org)]).await;
        assert_eq!(invited.as_array().map(Vec::len), Some(0));
        let (status, body) = app.call(&operator, "operator/organisations/resend-invitation", &[("organisation_id", &org), ("user_id", &user_id)]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("AlreadyJoined")), "{body}");

        // Decided once; both audit logs tell it.
        let (status, body) = app.call(&operator, "operator/join-requests/approve", &[("join_request_id", &id), ("advisor", "on")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("ChangeAlreadyDecided")), "{body}");
        let theirs = app.store.audit_log(created.id, 10).await.unwrap();
        assert!(theirs.iter().any(|a| a.action == "join.approve"), "{theirs:?}");
        let operator_org = app.store.user_by_email("operator@partnerdesk.example").await.unwrap().unwrap().organisation_id;
        assert!(app.store.audit_log(operator_org, 10).await.unwrap().iter().any(|a| a.action == "join.approve" && a.summary.contains("Fourth Coffee")));
    }

    async fn a_declined_request_is_told_why_and_nothing_is_created(app: TestApp) {
        let email = "sam@relecloud.example";
        let token = ask(&app, "Relecloud", "7100002", email, &["indirect_reseller"]).await;
        let (status, body) = app.call(&app.client(), "join/confirm", &[("token", &token)]).await;
        ok(status, &body);
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let id = queue(&app, &operator).await[0]["id"].to_string();
        let (status, body) = app.call(&operator, "operator/join-requests/decline", &[("join_request_id", &id), ("reason", "  ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) =
            app.call(&operator, "operator/join-requests/decline", &[("join_request_id", &id), ("reason", "We could not find MPN ID 7100002 in the program")]).await;
        ok(status, &body);
        let message = message_to(&app, email, "declined the request").await;
        assert!(message.contains("declined the request for Relecloud") && message.contains("We could not find MPN ID 7100002 in the program"), "{message}");
        assert!(app.store.organisation_by_mpn_id("7100002").await.unwrap().is_none());
        assert_eq!(state(&app, &token).await.1["state"], "Declined");
        assert!(queue(&app, &operator).await.is_empty());
        let (status, _) = app.call(&operator, "operator/join-requests/approve", &[("join_request_id", &id), ("indirect_reseller", "on")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "a declined request is not approved later");
    }

    async fn a_request_for_a_held_mpn_id_or_an_existing_account_is_not_approved(app: TestApp) {
        let contoso_mpn = app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap().organisation_id;
        let contoso_mpn = app.store.organisation(contoso_mpn).await.unwrap().unwrap().mpn_id;
        let operator = app.signed_in("operator@partnerdesk.example").await;
        for (company, mpn_id, email, refusal) in [
            ("Not Contoso", contoso_mpn.as_str(), "claimant@notcontoso.example", "MpnIdHeld"),
            ("Contoso Again", "7100003", "advisor@contoso.example", "EmailHasAccount"),
        ] {
            let token = ask(&app, company, mpn_id, email, &["advisor"]).await;
            let (status, body) = app.call(&app.client(), "join/confirm", &[("token", &token)]).await;
            ok(status, &body);
            let waiting = queue(&app, &operator).await;
            let request = waiting.iter().find(|r| r["company_name"] == company).expect("waiting");
            let id = request["id"].to_string();
            let (status, body) = app.call(&operator, "operator/join-requests/approve", &[("join_request_id", &id), ("advisor", "on")]).await;
            assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from(refusal)), "{company}: {body}");
            let page = app.get(&operator, "/operator/join-requests").await.text().await.unwrap();
            assert!(page.contains(company), "{page}");
        }
        assert_eq!(app.store.user_by_email("advisor@contoso.example").await.unwrap().unwrap().organisation_id, app.store.organisation_by_mpn_id(&contoso_mpn).await.unwrap().unwrap().id);
        assert!(app.store.organisation_by_mpn_id("7100003").await.unwrap().is_none());
    }

    async fn the_join_form_is_bounded_and_answers_alike(app: TestApp) {
        // Every field is checked before anything is stored or sent.
        let long = "c".repeat(101);
        let (status, body) = app
            .call(&app.client(), "join/request", &[("company_name", &long), ("mpn_id", "12ab"), ("country", "Atlantis"), ("contact_name", ""), ("contact_email", "nope")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let fields: Vec<&str> = body["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["company_name", "mpn_id", "country", "programs", "contact_name", "contact_email"]);
        assert!(app.mail().await.is_empty());

        // One address gets a few confirmation messages a day, however often the form is sent;
        // the form answers the same every time.
        let email = "flood@victim.example";
        for _ in 0..5 {
            let (status, body) = app
                .call(&app.client(), "join/request", &[("company_name", "Flood"), ("mpn_id", "7100009"), ("country", "NL"), ("advisor", "on"), ("contact_name", "F"), ("contact_email", email)])
                .await;
            ok(status, &body);
        }
        let sent = app.mail().await.iter().filter(|m| m.contains(&format!("To: {email}"))).count();
        assert_eq!(sent as i64, app::join::REQUESTS_PER_EMAIL_PER_DAY);

        // A link that is not one, or of the wrong shape, finds nothing and confirms nothing.
        for token in ["nosuchtokennosuchtokennosuchtoke", "../../etc/passwd", &"x".repeat(500)] {
            assert_eq!(state(&app, token).await.0, StatusCode::NOT_FOUND, "{token}");
            assert_eq!(app.call(&app.client(), "join/confirm", &[("token", token)]).await.0, StatusCode::NOT_FOUND, "{token}");
        }
        let page = app.get(&app.client(), "/join/confirm/nosuchtokennosuchtokennosuchtoke").await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND);

        // One client address sends a bounded number of requests an hour.
        let client = app.client();
        let mut limited = None;
        for n in 0..(app::join::REQUESTS_PER_ADDRESS_PER_HOUR + 2) {
            let email = format!("person{n}@many.example");
            let (status, body) = app
                .call(&client, "join/request", &[("company_name", "Many"), ("mpn_id", "7100010"), ("country", "NL"), ("advisor", "on"), ("contact_name", "M"), ("contact_email", &email)])
                .await;
            if status == StatusCode::TOO_MANY_REQUESTS {
                limited = Some((n, body));
                break;
            }
        }
        let (n, body) = limited.expect("the hourly cap applies");
        assert!(n <= app::join::REQUESTS_PER_ADDRESS_PER_HOUR, "{n}");
        assert!(body["RateLimited"]["seconds"].as_u64().unwrap() <= 3600, "{body}");

        // The public page and its link from sign-in.
        let page = app.get(&app.client(), "/join").await.text().await.unwrap();
        assert!(page.contains(r#"name="contact_email""#) && page.contains(r#"name="indirect_reseller""#), "{page}");
        let sign_in = app.get(&app.client(), "/sign-in").await.text().await.unwrap();
        assert!(sign_in.contains(r#"href="/join""#), "{sign_in}");
    }
}
