//! Ask to partner (issue #29 §3), on SQLite and PostgreSQL: a reseller finds a provider in the
//! directory and asks; the provider accepts (the partnership is made) or declines; each side is
//! told by email and webhook, and the attacks: asking for another organisation, asking a
//! provider not in the directory or oneself, asking twice, answering another provider's
//! request or one answered already, a message too long, too many requests in a day, and a
//! redirect pointed elsewhere.

use crate::common::*;
use app::developer::WebhookEvent;
use app::error::{AppError, Problem, Refusal};
use app::resellers::asks::{AnswerPartnershipAsk, AskToPartner, ReadAskViewer, ReadAsksReceived, ReadAsksSent};
use app::resellers::AskState;
use reqwest::StatusCode;

async fn organisation(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().organisation_id
}

fn ask(provider_id: i64, message: &str) -> AskToPartner {
    AskToPartner { provider_id, message: message.into(), back: "/directory?q=tail&".into() }
}

on_both_databases! {
    async fn a_reseller_asks_a_provider_from_the_directory_and_the_provider_accepts(app: TestApp) {
        let tailspin = organisation(&app, "admin@tailspin.example").await;
        let proseware = organisation(&app, "admin@proseware.example").await;
        for (organisation, events) in [(tailspin, vec![WebhookEvent::PartnershipAsked, WebhookEvent::PartnershipAskAnswered]), (proseware, vec![WebhookEvent::PartnershipAskAnswered])] {
            listen_for(&app, organisation, events).await;
        }
        let reseller = app.signed_in("admin@proseware.example").await;
        let viewer = app.run(&reseller, ReadAskViewer {}).await.unwrap();
        assert!(viewer.may_ask && viewer.waiting.is_empty() && viewer.partnered.is_empty(), "{viewer:?}");

        // The ask: sent, back to the directory card, waiting; the provider's admins emailed.
        let response = reseller
            .post(format!("{}/api/partnerships/ask", app.base))
            .header("accept", "text/html")
            .form(&[("provider_id", tailspin.to_string().as_str()), ("message", "We sell in São Paulo."), ("back", "/directory?q=tail&page=1")])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], format!("/directory?q=tail&page=1&asked={tailspin}#provider-{tailspin}").as_str());
        let viewer = app.run(&reseller, ReadAskViewer {}).await.unwrap();
        assert_eq!(viewer.waiting.iter().map(|w| w.0).collect::<Vec<_>>(), [tailspin]);
        let page = app.get(&reseller, &format!("/directory?asked={tailspin}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="ask-sent""#) && page.contains("waiting for an answer"), "{page}");
        let mail = app.mail().await;
        let asked = mail.iter().find(|m| m.contains("To: admin@tailspin.example")).expect("the provider's Global admin is told");
        assert!(asked.contains("Proseware Solutions asks to partner with you") && (asked.contains("São Paulo") || asked.contains("S=C3=A3o Paulo")), "{asked}");

        // Asking again while it waits is refused; so is asking a partner already.
        assert_eq!(app.run(&reseller, ask(tailspin, "")).await, Err(AppError::Refused(Refusal::AlreadyAsked)));
        let northwind = organisation(&app, "admin@northwind.example").await;
        let adatum = app.signed_in("admin@adatum.example").await;
        assert_eq!(app.run(&adatum, ask(northwind, "")).await, Err(AppError::Refused(Refusal::AlreadyPartners)));

        // Another provider neither sees nor answers it; the provider accepts it once.
        let northwind_admin = app.signed_in("admin@northwind.example").await;
        assert!(app.run(&northwind_admin, ReadAsksReceived {}).await.unwrap().is_empty());
        let provider = app.signed_in("admin@tailspin.example").await;
        let received = app.run(&provider, ReadAsksReceived {}).await.unwrap();
        assert_eq!(received.len(), 1);
        let id = received[0].id;
        assert_eq!((received[0].reseller_name.as_str(), received[0].message.as_str()), ("Proseware Solutions", "We sell in São Paulo."));
        let page = app.get(&provider, "/resellers").await.text().await.unwrap();
        assert!(page.contains(r#"id="asks-heading""#) && (page.contains("Accept Proseware Solutions&#x27;s request") || page.contains("Accept Proseware Solutions's request")), "{page}");
        assert_eq!(app.run(&northwind_admin, AnswerPartnershipAsk { id, answer: "accept".into() }).await, Err(AppError::NotFound));
        assert_eq!(app.run(&provider, AnswerPartnershipAsk { id, answer: "maybe".into() }).await, Err(AppError::NotFound));
        let made = app.run(&provider, AnswerPartnershipAsk { id, answer: "accept".into() }).await.unwrap();
        assert!(made.is_some());
        assert_eq!(app.run(&provider, AnswerPartnershipAsk { id, answer: "decline".into() }).await, Err(AppError::Refused(Refusal::AskAlreadyAnswered)));
        let resellers = app.run(&provider, app::resellers::ListResellers { search: String::new() }).await.unwrap();
        assert!(resellers.resellers.iter().any(|r| r.name == "Proseware Solutions"), "a partner at once");
        let sent = app.run(&reseller, ReadAsksSent {}).await.unwrap();
        assert_eq!(sent[0].state, AskState::Accepted);
        let providers = app.run(&reseller, app::resellers::ListProviders {}).await.unwrap();
        assert!(providers.iter().any(|p| p.id == tailspin));
        let mail = app.mail().await;
        assert!(mail.iter().any(|m| m.contains("To: admin@proseware.example") && m.contains("Tailspin Cloud Supply accepted your request to partner")));

        // Each side's log and webhooks say so.
        let kinds = |organisation: i64| {
            let store = app.store.clone();
            async move { store.webhook_deliveries(organisation, 50).await.unwrap().into_iter().map(|d| d.event_type).collect::<Vec<_>>() }
        };
        let provider_events = kinds(tailspin).await;
        assert!(provider_events.contains(&"partnership.asked".to_string()) && provider_events.contains(&"partnership.ask_answered".to_string()), "{provider_events:?}");
        assert_eq!(kinds(proseware).await, ["partnership.ask_answered"], "the reseller subscribed to answers only");
        let entries = app.store.audit_log(tailspin, 50).await.unwrap();
        assert!(entries.iter().any(|e| e.action == "partnership.ask") && entries.iter().any(|e| e.action == "partnership.ask_answer"));
    }

    async fn declines_and_the_attacks_change_nothing(app: TestApp) {
        let tailspin = organisation(&app, "admin@tailspin.example").await;
        let litware = organisation(&app, "agent@litware.example").await;
        let reseller = app.signed_in("agent@litware.example").await;

        // Not in the directory (an advisor's organisation), oneself, nobody: not found.
        let contoso = organisation(&app, "admin@contoso.example").await;
        for provider in [contoso, litware, 999_999] {
            assert_eq!(app.run(&reseller, ask(provider, "")).await, Err(AppError::NotFound), "{provider}");
        }
        // A message past 500 characters: said beside the field, nothing sent.
        let long = app.run(&reseller, ask(tailspin, &"x".repeat(501))).await.unwrap_err();
        assert_eq!(long.field_errors()[0].field, "message");
        assert_eq!(long.field_errors()[0].problem, Problem::TooLong { max: 500 });
        // Who may not ask: a provider's admin, an advisor, nobody signed in.
        let provider = app.signed_in("admin@tailspin.example").await;
        assert!(matches!(app.run(&provider, ask(tailspin, "")).await, Err(AppError::MissingRole { .. } | AppError::WrongProgram { .. })));
        assert_eq!(app.run(&app.client(), ask(tailspin, "")).await, Err(AppError::NotSignedIn));
        assert!(app.run(&provider, ReadAsksReceived {}).await.unwrap().is_empty(), "nothing was asked");

        // A redirect to elsewhere comes back to the directory.
        let response = reseller
            .post(format!("{}/api/partnerships/ask", app.base))
            .header("accept", "text/html")
            .form(&[("provider_id", tailspin.to_string().as_str()), ("message", ""), ("back", "https://evil.example/?q=x")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], format!("/directory?asked={tailspin}#provider-{tailspin}").as_str());

        // Declined: no partnership, the reseller told, and it may ask again later.
        let id = app.run(&provider, ReadAsksReceived {}).await.unwrap()[0].id;
        assert_eq!(app.run(&provider, AnswerPartnershipAsk { id, answer: "decline".into() }).await, Ok(None));
        let sent = app.run(&reseller, ReadAsksSent {}).await.unwrap();
        assert_eq!(sent[0].state, AskState::Declined);
        assert!(app.run(&reseller, app::resellers::ListProviders {}).await.unwrap().is_empty());
        assert!(app.mail().await.iter().any(|m| m.contains("To: agent@litware.example") && m.contains("declined your request to partner")));
        app.run(&reseller, ask(tailspin, "Second try")).await.unwrap();

        // At most ten a day: the eleventh is told when to retry.
        let northwind = organisation(&app, "admin@northwind.example").await;
        let reseller_actor = app::store::Actor { user_id: None, organisation_id: litware, ip: None };
        for _ in 0..8 {
            // Asked and declined over and over (through the store: the count is what matters).
            let id = app.store.ask_to_partner(&reseller_actor, northwind, "", app.clock.now(), "http://x").await.unwrap();
            let northwind_actor = app::store::Actor { user_id: None, organisation_id: northwind, ip: None };
            app.store.answer_partnership_ask(&northwind_actor, id, app::resellers::AskAnswer::Decline, app.clock.now(), "http://x").await.unwrap();
        }
        assert!(matches!(app.run(&reseller, ask(northwind, "")).await, Err(AppError::RateLimited { seconds }) if seconds > 0 && seconds <= 86_400));
        app.clock.set(app.clock.now() + 86_401);
        app.run(&reseller, ask(northwind, "")).await.unwrap();
    }

    async fn the_rest_api_asks_lists_and_answers(app: TestApp) {
        use crate::api::{key_for, Api};
        use serde_json::json;
        let tailspin = organisation(&app, "admin@tailspin.example").await;
        let reseller = Api::new(&app, key_for(&app, "admin@proseware.example", 1000).await);
        let provider = Api::new(&app, key_for(&app, "admin@tailspin.example", 1000).await);
        let (status, made) = reseller.post("/partnership-asks", json!({ "provider_id": tailspin, "message": "Hello" })).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!((made["state"].as_str(), made["provider_name"].as_str()), (Some("open"), Some("Tailspin Cloud Supply")));
        let (status, twice) = reseller.post("/partnership-asks", json!({ "provider_id": tailspin })).await;
        assert_eq!(status, StatusCode::CONFLICT, "{twice}");
        let (status, long) = reseller.post("/partnership-asks", json!({ "provider_id": tailspin, "message": "x".repeat(501) })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{long}");
        assert!(long.to_string().contains("/message"), "{long}");
        let (status, received) = provider.get("/partnership-asks?side=received").await;
        assert_eq!(status, StatusCode::OK, "{received}");
        assert_eq!(received["data"].as_array().unwrap().len(), 1);
        assert_eq!(provider.get("/partnership-asks?side=elsewhere").await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reseller.get("/partnership-asks?side=received").await.0, StatusCode::FORBIDDEN, "a reseller receives none");
        let id = made["id"].as_i64().unwrap();
        assert_eq!(reseller.post(&format!("/partnership-asks/{id}/answer"), json!({ "answer": "accept" })).await.0, StatusCode::FORBIDDEN);
        let (status, answered) = provider.post(&format!("/partnership-asks/{id}/answer"), json!({ "answer": "accept" })).await;
        assert_eq!(status, StatusCode::OK, "{answered}");
        assert_eq!(answered["state"], "accepted");
        let (status, again) = provider.post(&format!("/partnership-asks/{id}/answer"), json!({ "answer": "decline" })).await;
        assert_eq!(status, StatusCode::CONFLICT, "answered already: {again}");
        assert_eq!(again["code"], "ask_already_answered");
        let (_, sent) = reseller.get("/partnership-asks?side=sent").await;
        assert_eq!(sent["data"][0]["state"], "accepted");
    }
}
