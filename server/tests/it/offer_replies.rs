//! Clients who do not accept, on SQLite and PostgreSQL: a question or a decline sent from the
//! offer's page with no account (and without JavaScript), kept once however often it is
//! retried, shown to the advisor, emailed to them (answers go to the client), queued as a
//! webhook, refused for closed offers, and bounded per client.

use crate::common::*;
use app::developer::{ValidEndpoint, WebhookEvent, WebhookPolicy};
use reqwest::StatusCode;
use serde_json::Value;

fn reply<'a>(code: &'a str, token: &'a str, kind: &'a str, name: &'a str, email: &'a str, message: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("code", code), ("token", token), ("kind", kind), ("name", name), ("email", email), ("message", message), ("idempotency_key", key)]
}

fn fields(body: &Value) -> Vec<String> {
    body["Invalid"].as_array().map(|a| a.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()).unwrap_or_default()
}

/// The messages to `to`, with soft line breaks undone.
async fn messages_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail().await.into_iter().filter(|m| m.contains(&format!("To: {to}"))).map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect()
}

on_both_databases! {
    webhooks = WebhookPolicy::ALLOW_PRIVATE;
    async fn a_client_asks_a_question_and_another_declines_and_the_advisor_hears_of_both(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = create_offer(&app, &advisor, None).await;
        let admin = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: admin.organisation_id, ip: None };
        app::developer::ssr::create_endpoint(&app.store, &actor, ValidEndpoint {
            url: "http://127.0.0.1:9/hooks".into(),
            events: vec![WebhookEvent::OfferDeclined, WebhookEvent::OfferQuestion],
        }, WebhookPolicy::ALLOW_PRIVATE).await.unwrap();
        let client = app.client();

        // A question needs a name, an address to answer and the question.
        let (status, body) = app.call(&client, "offer/reply", &reply(&code, &token, "question", "", "not an address", "", "q1")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(fields(&body), ["name", "email", "message"]);

        let question = reply(&code, &token, "question", "Ana Silva", "ana@fabrikam.example", "Can we start with 10 licenses and add more in March?", "q1");
        let (status, body) = app.call(&client, "offer/reply", &question).await;
        assert!(status.is_success(), "{status} {body}");
        // Sent twice (a double click, a retried request): one reply, one email.
        let (status, _) = app.call(&client, "offer/reply", &question).await;
        assert!(status.is_success());

        // A decline needs nothing.
        let (status, body) = app.call(&client, "offer/reply", &reply(&code, &token, "decline", "", "", "", "d1")).await;
        assert!(status.is_success(), "{status} {body}");
        let (status, body) = app.call(&client, "offer/reply", &reply(&code, &token, "decline", "Bo", "", "We chose another partner.", "d2")).await;
        assert!(status.is_success(), "{status} {body}");

        // The advisor sees them on the offer, newest first.
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        let replies = detail["replies"].as_array().unwrap();
        let kinds: Vec<&str> = replies.iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["Decline", "Decline", "Question"], "{replies:?}");
        assert_eq!(replies[0]["message"], "We chose another partner.");
        assert_eq!(replies[2]["email"], "ana@fabrikam.example");
        let page = app.get(&advisor, &format!("/offers/{summary}")).await.text().await.unwrap();
        assert!(page.contains("Questions and declines") && page.contains("Can we start with 10 licenses") && page.contains("No reason given."));

        // ... by email, one per reply; answering the question answers the client.
        let mail = messages_to(&app, "advisor@contoso.example").await;
        let questions: Vec<&String> = mail.iter().filter(|m| m.contains("A question about your purchase offer")).collect();
        assert_eq!(questions.len(), 1, "one email for the doubled question");
        assert!(questions[0].contains("Reply-To: ana@fabrikam.example"), "{}", questions[0]);
        assert!(questions[0].contains("Can we start with 10 licenses") && questions[0].contains(&format!("/offers/{summary}")));
        assert_eq!(mail.iter().filter(|m| m.contains("was declined")).count(), 2);

        // ... and as webhooks, one per reply.
        let deliveries = app.store.webhook_deliveries(admin.organisation_id, 50).await.unwrap();
        let mut types: Vec<&str> = deliveries.iter().map(|d| d.event_type.as_str()).collect();
        types.sort();
        assert_eq!(types, ["offer.declined", "offer.declined", "offer.question"]);

        // The REST API lists them too.
        let key = app::developer::ssr::create_api_key(&app.store, &actor, app::developer::validate_api_key("replies", &[app::roles::Role::Advisor]).unwrap(), 1000).await.unwrap().key;
        let listed: Value = reqwest::Client::new().get(format!("{}/api/v1/offers/{summary}/replies", app.base)).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
        let kinds: Vec<&str> = listed["data"].as_array().unwrap_or_else(|| panic!("{listed}")).iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["decline", "decline", "question"], "{listed}");

        // Another organisation's advisor sees none of it.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (status, _) = app.call(&other, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn without_javascript_a_reply_is_sent_or_comes_back_with_what_was_typed(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (_, code, token) = create_offer(&app, &advisor, None).await;
        let browser = app.client();
        // The offer page links to the reply pages.
        let offer_page = app.get(&browser, &format!("/offer/{code}/{token}")).await.text().await.unwrap();
        assert!(offer_page.contains(&format!("/offer/{code}/{token}/reply?kind=question")), "{offer_page}");
        assert!(offer_page.contains(&format!("/offer/{code}/{token}/reply?kind=decline")));
        let form_page = app.get(&browser, &format!("/offer/{code}/{token}/reply?kind=question")).await;
        assert_eq!(form_page.status(), StatusCode::OK);
        assert!(form_page.text().await.unwrap().contains("Ask a question or request changes"));
        assert_eq!(app.get(&browser, &format!("/offer/{code}/{token}/reply?kind=other")).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.get(&browser, &format!("/offer/{code}/wrong-token/reply?kind=decline")).await.status(), StatusCode::NOT_FOUND);

        let post = |form: Vec<(&str, &str)>| {
            let request = browser.post(format!("{}/api/offer/reply", app.base)).header("accept", "text/html").form(&form);
            async move { request.send().await.unwrap() }
        };
        let refused = post(reply(&code, &token, "question", "Ana", "ana@", "Is support included?", "nojs")).await;
        assert_eq!(refused.status(), StatusCode::FOUND);
        let location = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with(&format!("/offer/{code}/{token}/reply?kind=question&attempt=")), "{location}");
        let page = app.get(&browser, &location).await.text().await.unwrap();
        assert!(page.contains("Enter an email address like name@example.com."), "the reason is on the page: {page}");
        assert!(page.contains("Is support included?"), "what was typed is kept");

        let sent = post(reply(&code, &token, "question", "Ana", "ana@fabrikam.example", "Is support included?", "nojs")).await;
        assert_eq!(sent.status(), StatusCode::FOUND);
        let location = sent.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(location, format!("/offer/{code}/{token}/reply?kind=question&sent=1"));
        let page = app.get(&browser, &location).await.text().await.unwrap();
        assert!(page.contains("Your question was sent to Contoso Advisors."), "{page}");

        // Embedded in the advisor's website, the answer stays in the frame.
        let embedded = post({
            let mut form = reply(&code, &token, "decline", "", "", "", "embedded");
            form.push(("embed", "1"));
            form
        })
        .await;
        assert_eq!(embedded.headers()["location"].to_str().unwrap(), format!("/embed/offer/{code}/{token}/reply?kind=decline&sent=1"));
    }

    async fn a_withdrawn_offer_takes_no_replies_and_nobody_floods_an_advisor(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = create_offer(&app, &advisor, None).await;
        let client = app.client();
        // One client (one address) sends at most a few replies about an offer a day.
        for n in 0..app::offers::replies::REPLIES_PER_CLIENT_PER_DAY {
            let key = format!("flood-{n}");
            let (status, body) = app.call(&client, "offer/reply", &reply(&code, &token, "question", "Spam", "spam@example.com", "Buy now", &key)).await;
            assert!(status.is_success(), "{n}: {status} {body}");
        }
        let (status, body) = app.call(&client, "offer/reply", &reply(&code, &token, "question", "Spam", "spam@example.com", "Buy now", "flood-last")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["Refused"], "TooManyReplies");
        let mail = messages_to(&app, "advisor@contoso.example").await;
        assert_eq!(mail.iter().filter(|m| m.contains("A question about your purchase offer")).count() as i64, app::offers::replies::REPLIES_PER_CLIENT_PER_DAY);

        // Texts past their limits are refused before anything is kept.
        let long = "x".repeat(app::offers::replies::MESSAGE_MAX + 1);
        let (status, body) = app.call(&app.client(), "offer/reply", &reply(&code, &token, "decline", "", "", &long, "long")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

        // A forged kind or token finds nothing.
        let (status, _) = app.call(&client, "offer/reply", &reply(&code, &token, "accept", "A", "a@b.example", "Q", "forged")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app.call(&client, "offer/reply", &reply(&code, "not-the-token", "decline", "", "", "", "forged")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Withdrawn: the page says so, and a reply is refused.
        app.call(&advisor, "offers/withdraw", &[("summary_id", &summary)]).await;
        let (status, body) = app.call(&app.client(), "offer/reply", &reply(&code, &token, "decline", "", "", "", "late")).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["Refused"], "OfferWithdrawn");
        let page = app.get(&app.client(), &format!("/offer/{code}/{token}/reply?kind=decline")).await;
        assert_eq!(page.status(), StatusCode::GONE);
    }
}
