//! Messages partners write and PartnerDesk sends for them: a provider's partnership request
//! emailed to a reseller (Send beside Open in email), an advisor's purchase offer emailed to a
//! client from the Send page. Read from a real SMTP server; replies go to whoever wrote them;
//! bounded per organisation and per recipient. Runs on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// The messages to `to`, with soft line breaks undone.
async fn messages_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail().await.into_iter().filter(|m| m.contains(&format!("To: {to}"))).map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect()
}

fn problems(body: &Value) -> Vec<(String, String)> {
    body["Invalid"]
        .as_array()
        .map(|a| a.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["problem"].to_string())).collect())
        .unwrap_or_default()
}

/// A new partnership request of Northwind's: (its id, its link).
async fn new_request(app: &TestApp, provider: &reqwest::Client) -> (String, String) {
    let (status, id) = app.call(provider, "resellers/request", &[]).await;
    assert!(status.is_success() || status.is_redirection(), "{status} {id}");
    let id = id.to_string();
    let (_, draft) = app.call(provider, "resellers/request/get", &[("id", &id)]).await;
    (id, draft["link"].as_str().unwrap().to_string())
}

on_both_databases! {
    async fn a_provider_sends_a_partnership_request_through_partnerdesk(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (id, link) = new_request(&app, &provider).await;
        let body = format!("Bonjour,\n\nAcceptez notre partenariat : {link}\n\nSales");
        let send = |to: &'static str, subject: &'static str, body: String| {
            let (provider, id) = (provider.clone(), id.clone());
            let app = &app;
            async move {
                app.call(&provider, "resellers/request/send", &[("id", &id), ("recipient_email", to), ("locale", "fr"), ("subject", subject), ("body", &body)]).await
            }
        };

        // A message without its link, an empty subject and a wrong address are refused.
        let (status, refused) = send("not-an-address", "", "Bonjour".to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
        let fields: Vec<String> = problems(&refused).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["recipient_email", "subject"]);
        let (status, refused) = send("owner@fabrikam.example", "Partenariat", "Bonjour, sans lien".to_string()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problems(&refused), [("body".to_string(), "\"LinkMissing\"".to_string())]);

        // Sent: to the address typed, in the provider's words, replies to the provider's user;
        // a subject that tries to add a header adds none.
        let (status, to) = send("Owner@Fabrikam.example", "Partenariat\r\nBcc: victim@elsewhere.example", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{to}");
        assert_eq!(to, "owner@fabrikam.example");
        // Through a real SMTP server.
        let sink = crate::mail::SmtpSink::start().await;
        assert_eq!(partnerdesk::mail::send_due(&app.store, &sink.config()).await, 1);
        let received: Vec<String> = sink.messages().iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect();
        assert_eq!(received.len(), 1);
        let message = &received[0];
        assert!(message.contains("To: owner@fabrikam.example"), "{message}");
        assert!(message.contains("Reply-To: sales@northwind.example"), "replies go to the provider's user: {message}");
        assert!(message.contains(&link), "{message}");
        assert!(message.contains("ce message via PartnerDesk"), "the footer is in the message's language: {message}");
        let normalised = message.replace("\r\n", "\n");
        let headers = normalised.split("\n\n").next().unwrap();
        assert!(!headers.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc")), "no header was added: {headers}");
        assert!(headers.lines().any(|l| l.starts_with("Subject: Partenariat") && l.contains("victim")), "the subject is one line: {headers}");

        // The request remembers whom it was sent to, and its link works for the reseller.
        let (_, overview) = app.call(&provider, "resellers/list", &[("search", "")]).await;
        let pending = overview["pending"].as_array().unwrap();
        assert!(pending.iter().any(|p| p["recipient_email"] == "owner@fabrikam.example"), "{overview}");
        let token = link.rsplit('/').next().unwrap();
        let reseller = app.signed_in("agent@litware.example").await;
        let (status, invitation) = app.call(&reseller, "partnerships/invitation", &[("token", token)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(invitation["state"], "Open");
        let (status, body_accept) = app.call(&reseller, "partnerships/accept", &[("token", token)]).await;
        assert!(status.is_success() || status.is_redirection(), "{body_accept}");

        // An accepted request is not sent again; another provider's request cannot be sent.
        let (status, refused) = send("owner@fabrikam.example", "Partenariat", body.clone()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
        let (other, other_link) = new_request(&app, &provider).await;
        let stranger = app.signed_in("admin@contoso.example").await;
        let (status, _) = app
            .call(&stranger, "resellers/request/send", &[("id", &other), ("recipient_email", "x@y.example"), ("locale", "en"), ("subject", "Hi"), ("body", &other_link)])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "an advisor manages no partnerships");
    }

    async fn an_advisor_emails_an_offer_to_the_client_from_the_send_page(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = create_offer(&app, &advisor, None).await;
        let send = |to: &'static str| {
            let (advisor, summary) = (advisor.clone(), summary.clone());
            let app = &app;
            async move {
                app.call(
                    &advisor,
                    "offers/send",
                    &[("summary_id", &summary), ("recipient_email", to), ("locale", "nl"), ("introduction", "Beste Iris, zoals besproken."), ("closing", ""), ("contact", "Bel 020 123 4567")],
                )
                .await
            }
        };
        let (status, refused) = send("iris").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problems(&refused), [("recipient_email".to_string(), "\"Email\"".to_string())]);

        let (status, to) = send("iris@wingtip.example").await;
        assert_eq!(status, StatusCode::OK, "{to}");
        let mail = messages_to(&app, "iris@wingtip.example").await;
        let message = mail.first().expect("the client gets the offer");
        assert!(message.contains("Reply-To: advisor@contoso.example"), "{message}");
        assert!(message.contains(&format!("/offer/{code}/{token}")), "the offer's link: {message}");
        assert!(message.contains("Beste Iris, zoals besproken.") && message.contains("Bel 020 123 4567"), "the personalisation: {message}");
        assert!(message.contains(&summary), "{message}");
        assert!(message.contains("dit bericht via PartnerDesk"), "in Dutch: {message}");
        // What was typed was saved, so the Send page shows the message that went.
        let (_, detail) = app.call(&advisor, "offers/get", &[("summary_id", &summary)]).await;
        assert_eq!(detail["introduction"], "Beste Iris, zoals besproken.");

        // Another organisation's offer is not found; a withdrawn offer is not sent.
        let other = app.signed_in("advisor@fabrikam.example").await;
        let (status, _) = app
            .call(&other, "offers/send", &[("summary_id", &summary), ("recipient_email", "x@y.example"), ("locale", "en"), ("introduction", ""), ("closing", ""), ("contact", "")])
            .await;
        assert!(status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN, "{status}");
        let (status, body) = app.call(&advisor, "offers/withdraw", &[("summary_id", &summary)]).await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        let (status, refused) = send("iris@wingtip.example").await;
        assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    }

    async fn nobody_floods_an_address_or_the_mail_server_through_partnerdesk(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, _, _) = create_offer(&app, &advisor, None).await;
        let send = |to: String| {
            let (advisor, summary) = (advisor.clone(), summary.clone());
            let app = &app;
            async move {
                app.call(&advisor, "offers/send", &[("summary_id", &summary), ("recipient_email", &to), ("locale", "en"), ("introduction", ""), ("closing", ""), ("contact", "")]).await
            }
        };
        // Three a day to one address, then refused (and nothing more is queued).
        for _ in 0..3 {
            assert_eq!(send("victim@wingtip.example".to_string()).await.0, StatusCode::OK);
        }
        let (status, refused) = send("victim@wingtip.example".to_string()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{refused}");
        assert!(refused["TooManyMessages"].is_object(), "{refused}");
        assert_eq!(messages_to(&app, "victim@wingtip.example").await.len(), 3);
        // A hundred a day for the organisation, whoever they go to.
        for n in 3..100 {
            let (status, body) = send(format!("client{n}@wingtip.example")).await;
            assert_eq!(status, StatusCode::OK, "message {n}: {body}");
        }
        let (status, _) = send("one-more@wingtip.example".to_string()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        // The organisation's users share the bound: a provider of another organisation does not.
        let provider = app.signed_in("sales@northwind.example").await;
        let (id, link) = new_request(&app, &provider).await;
        let (status, body) = app
            .call(&provider, "resellers/request/send", &[("id", &id), ("recipient_email", "one-more@wingtip.example"), ("locale", "en"), ("subject", "Hi"), ("body", &link)])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}
