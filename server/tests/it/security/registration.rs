//! Item 15 of the review: anyone holding a partnership link could register a real reseller's
//! MPN ID first. An MPN ID in use is refused with what to do, and the operator decides.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn link_token(app: &TestApp, provider: &reqwest::Client) -> String {
    let (status, id) = app.call(provider, "resellers/request", &[]).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    let (_, draft) = app.call(provider, "resellers/request/get", &[("id", &id.to_string())]).await;
    draft["link"].as_str().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string()
}

async fn register(app: &TestApp, token: &str, company: &str, mpn: &str, email: &str) -> (StatusCode, Value) {
    let form = [
        ("token", token),
        ("company_name", company),
        ("mpn_id", mpn),
        ("country", "NL"),
        ("user_name", "Sam Squatter"),
        ("email", email),
        ("password", "a long enough passphrase"),
    ];
    app.call(&app.client(), "partnerships/register", &form).await
}

on_both_databases! {
    async fn a_claimed_mpn_id_waits_for_the_operator_who_can_release_it(app: TestApp) {
        let provider = app.signed_in("admin@northwind.example").await;
        let token = link_token(&app, &provider).await;
        // Someone registered Litware's real MPN ID as "Litware IT" (the demo's Litware plays the
        // squatter); the real Litware arrives with the same MPN ID.
        let litware = app.store.user_by_email("agent@litware.example").await.unwrap().unwrap();
        let held = app.store.organisation(litware.organisation_id).await.unwrap().unwrap();
        let (status, body) = register(&app, &token, "Litware Inc. (the real one)", &held.mpn_id, "it@litware-real.example").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains("MpnIdTaken"), "{body}");
        assert!(app.store.user_by_email("it@litware-real.example").await.unwrap().is_none(), "nothing registered");
        // The message says what to do (the operator corrects it).
        assert!(app::i18n::Locale::En.t(app::i18n::Key::ErrMpnIdTaken).contains("operator"));

        // The same claim twice is one; one link leaves a bounded number of claims.
        register(&app, &token, "Litware Inc. (the real one)", &held.mpn_id, "it@litware-real.example").await;
        for n in 0..10 {
            register(&app, &token, "Spam", &held.mpn_id, &format!("spam{n}@example.com")).await;
        }
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let (status, open) = app.call(&operator, "operator/mpn-id-conflicts", &[]).await;
        assert_eq!(status, StatusCode::OK, "{open}");
        let open = open.as_array().cloned().unwrap_or_default();
        assert_eq!(open.len() as i64, app::store::conflicts::CLAIMS_PER_REQUEST, "{open:?}");
        let claim = open.iter().find(|c| c["contact_email"] == "it@litware-real.example").cloned().expect("the real claim is listed");
        assert_eq!(claim["holder_name"], held.name);
        // Nobody else sees or decides disputes.
        for email in ["admin@northwind.example", "admin@adatum.example"] {
            let client = app.signed_in(email).await;
            let (status, _) = app.call(&client, "operator/mpn-id-conflicts", &[]).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        }
        let page = app.get(&operator, "/operator/mpn-id-conflicts").await.text().await.unwrap_or_default();
        assert!(page.contains("it@litware-real.example"), "the operator's page lists the claim");

        // The operator releases the MPN ID: the holder keeps its account, the claimant registers.
        let id = claim["id"].to_string();
        let (status, body) = app.call(&operator, "operator/mpn-id-conflicts/resolve", &[("conflict_id", &id), ("decision", "release")]).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let (_, open) = app.call(&operator, "operator/mpn-id-conflicts", &[]).await;
        assert_eq!(open.as_array().map(Vec::len), Some(0), "every claim on that MPN ID is closed: {open}");
        let (status, body) = register(&app, &token, "Litware Inc. (the real one)", &held.mpn_id, "it@litware-real.example").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let holder = app.store.organisation(litware.organisation_id).await.unwrap().unwrap();
        assert_ne!(holder.mpn_id, held.mpn_id);
        assert!(app.store.user_by_id(litware.id).await.unwrap().is_some_and(|u| u.active), "the old holder's account stays");
        let log = app.store.audit_log(holder.id, 20).await.unwrap();
        assert!(log.iter().any(|l| l.action == "mpn_id.release" && l.user_id.is_none()), "the holder's log says so, without the operator's person");
    }
}
