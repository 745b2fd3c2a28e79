//! Notifications: the advisor hears that a client accepted their offer, the provider that a
//! reseller accepted its partnership request, the reseller's Global admins that a provider
//! removed the partnership; each in the recipient's language, through a real SMTP server, and
//! not once the organisation's Global admin turned it off. Runs on SQLite and PostgreSQL.

use crate::client_offers::acceptance;
use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

fn ok(status: StatusCode, body: &Value) {
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
}

/// The messages to `to`, with soft line breaks undone.
async fn messages_to(app: &TestApp, to: &str) -> Vec<String> {
    app.mail().await.into_iter().filter(|m| m.contains(&format!("To: {to}"))).map(|m| m.replace("=\r\n", "").replace("=\n", "")).collect()
}

on_both_databases! {
    async fn the_advisor_hears_of_an_accepted_offer_until_their_admin_turns_it_off(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = create_offer(&app, &advisor, None).await;
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip", "40", "", "k1")).await;
        ok(status, &body);
        let mail = messages_to(&app, "advisor@contoso.example").await;
        let message = mail.iter().find(|m| m.contains("accepted your purchase offer")).expect("the advisor is told");
        assert!(message.contains("Wingtip Toys") && message.contains(&summary) && message.contains("Microsoft 365 Business Basic"), "{message}");
        assert!(message.contains(&format!("/offers/{summary}")), "links to the offer: {message}");

        // The advisor chose Dutch: the next message is in Dutch.
        let (status, _) = app.call(&advisor, "language", &[("lang", "nl")]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip2", "5", "", "k2")).await;
        ok(status, &body);
        let mail = messages_to(&app, "advisor@contoso.example").await;
        assert!(mail.iter().any(|m| m.contains("heeft uw aankoopaanbieding")), "in Dutch");

        // The Global admin turns it off: no message for the next acceptance.
        let admin = app.signed_in("admin@contoso.example").await;
        let (_, settings) = app.call(&admin, "settings/notifications", &[]).await;
        let codes: Vec<&str> = settings.as_array().unwrap().iter().map(|s| s["notification"].as_str().unwrap()).collect();
        assert_eq!(codes, ["OfferAccepted", "OfferReplied", "OfferExpiring", "TrialEnding", "DelegatedAdminExpiring"], "an advisor's organisation has the advisor's notifications only (and delegated administration's)");
        let (status, body) = app.call(&admin, "settings/notifications/save", &[("offer_replied", "on")]).await;
        ok(status, &body);
        let settings = app.call(&admin, "settings/notifications", &[]).await.1;
        assert_eq!((settings[0]["on"].clone(), settings[1]["on"].clone()), (Value::Bool(false), Value::Bool(true)));
        assert_eq!(settings[2]["on"], Value::Bool(false), "each checkbox is read: {settings}");
        let (status, body) = app.call(&admin, "settings/notifications/save", &[("offer_replied", "on"), ("trial_ending", "on")]).await;
        ok(status, &body);
        let settings = app.call(&admin, "settings/notifications", &[]).await.1;
        assert_eq!((settings[2]["on"].clone(), settings[3]["on"].clone()), (Value::Bool(false), Value::Bool(true)), "{settings}");
        let (status, body) = app.call(&admin, "settings/notifications/save", &[("offer_replied", "on"), ("offer_expiring", "on")]).await;
        ok(status, &body);
        let settings = app.call(&admin, "settings/notifications", &[]).await.1;
        assert_eq!((settings[2]["on"].clone(), settings[3]["on"].clone()), (Value::Bool(true), Value::Bool(false)), "{settings}");
        let before = messages_to(&app, "advisor@contoso.example").await.len();
        let (status, body) = app.call(&app.client(), "offer/accept", &acceptance(&code, &token, "wingtip3", "5", "", "k3")).await;
        ok(status, &body);
        assert_eq!(messages_to(&app, "advisor@contoso.example").await.len(), before);
        let (status, _) = app.call(&advisor, "settings/notifications/save", &[("offer_accepted", "on")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a Global admin's choice");
    }

    async fn providers_and_resellers_hear_of_partnerships_accepted_and_removed(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (status, id) = app.call(&provider, "resellers/request", &[]).await;
        ok(status, &id);
        let (_, draft) = app.call(&provider, "resellers/request/get", &[("id", &id.to_string())]).await;
        let token = draft["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let reseller = app.signed_in("agent@litware.example").await;
        let (status, body) = app.call(&reseller, "partnerships/accept", &[("token", &token)]).await;
        ok(status, &body);
        // Whoever sent the request hears of it.
        let mail = messages_to(&app, "sales@northwind.example").await;
        let message = mail.iter().find(|m| m.contains("accepted your partnership request")).expect("the provider is told");
        assert!(message.contains("Litware IT") && message.contains("/resellers"), "{message}");

        // Removing the partnership tells the reseller's Global admins (Adatum's).
        let agent = app.signed_in("agent@northwind.example").await;
        let adatum = app.store.user_by_email("admin@adatum.example").await.unwrap().unwrap().organisation_id.to_string();
        let (status, body) = app.call(&agent, "resellers/remove", &[("reseller_id", &adatum)]).await;
        ok(status, &body);
        let mail = messages_to(&app, "admin@adatum.example").await;
        let message = mail.iter().find(|m| m.contains("removed its partnership")).expect("the reseller is told");
        assert!(message.contains("Northwind Distribution"), "{message}");

        // A provider's settings list the provider's notification.
        let admin = app.signed_in("admin@northwind.example").await;
        let (_, settings) = app.call(&admin, "settings/notifications", &[]).await;
        assert_eq!(
            settings,
            serde_json::json!([
                { "notification": "PartnershipAccepted", "on": true },
                { "notification": "PartnershipAsked", "on": true },
                { "notification": "ProfileDecided", "on": true },
                { "notification": "WindowClosing", "on": true },
                { "notification": "Renewing", "on": true },
                { "notification": "DelegatedAdminExpiring", "on": true }
            ])
        );
        // Saving keeps each one as checked (the profile decision was once turned off by any save).
        let (status, body) = app.call(&admin, "settings/notifications/save", &[("profile_decided", "on"), ("window_closing", "on")]).await;
        ok(status, &body);
        let (_, settings) = app.call(&admin, "settings/notifications", &[]).await;
        assert_eq!(
            settings,
            serde_json::json!([
                { "notification": "PartnershipAccepted", "on": false },
                { "notification": "PartnershipAsked", "on": false },
                { "notification": "ProfileDecided", "on": true },
                { "notification": "WindowClosing", "on": true },
                { "notification": "Renewing", "on": false },
                { "notification": "DelegatedAdminExpiring", "on": false }
            ])
        );
    }
}
