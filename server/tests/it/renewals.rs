//! Renewals and deadlines, on SQLite and PostgreSQL: what each organisation sees in the next
//! 30/60/90 days (change windows closing, renewals, subscriptions ending, offers expiring),
//! the reseller filter, and the calendar feed: its secret address, shown once, replaced by a
//! new one, unreadable for anything else.

use crate::common::*;
use crate::subscriptions::{lifecycle, priced_customer, set_renewal, subscriptions};
use app::subscriptions::CHANGE_WINDOW_SECONDS;
use reqwest::StatusCode;

/// The deadlines `client` sees: (kind, at, customer) of each.
async fn deadlines(app: &TestApp, client: &reqwest::Client, days: &str, reseller: &str) -> Vec<(String, i64, String)> {
    let mut form = vec![("horizon", days)];
    if !reseller.is_empty() {
        form.push(("reseller", reseller));
    }
    let (status, body) = app.call(client, "renewals/list", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap().to_string(), d["at"].as_i64().unwrap(), d["customer"].as_str().unwrap().to_string()))
        .collect()
}

fn of(found: &[(String, i64, String)], customer: &str) -> Vec<(String, i64)> {
    found.iter().filter(|d| d.2 == customer).map(|d| (d.0.clone(), d.1)).collect()
}

on_both_databases! {
    async fn a_provider_sees_windows_closing_renewals_and_endings(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (customer, subs) = priced_customer(&app, &provider, "deadlines").await;
        let (started, ends) = lifecycle(&subs[0]);
        let closes = started + CHANGE_WINDOW_SECONDS;

        // Now: both subscriptions' change windows close within 30 days; the renewals are a year away.
        app.clock.set(started + 60);
        let found = deadlines(&app, &provider, "30", "").await;
        assert_eq!(of(&found, "Lifecycle Ltd"), vec![("change_window_closes".to_string(), closes); 2]);
        assert!(found.windows(2).all(|w| w[0].1 <= w[1].1), "soonest first");

        // Ten days before the end: one renews, the other (auto-renew off) ends.
        let (status, body) = set_renewal(&app, &provider, &customer, &subs[1], "", "", false).await;
        assert!(status.is_success() || status.is_redirection(), "{body}");
        app.clock.set(ends - 10 * 86_400);
        let found = deadlines(&app, &provider, "30", "").await;
        assert_eq!(of(&found, "Lifecycle Ltd"), vec![("ends".to_string(), ends), ("renews".to_string(), ends)], "same time: in the order of their ids");
        // 45 days before, only the 60- and 90-day views reach it.
        app.clock.set(ends - 45 * 86_400);
        assert!(of(&deadlines(&app, &provider, "30", "").await, "Lifecycle Ltd").is_empty());
        assert_eq!(of(&deadlines(&app, &provider, "60", "").await, "Lifecycle Ltd").len(), 2);
        assert_eq!(of(&deadlines(&app, &provider, "9999", "").await, "Lifecycle Ltd").len(), 0, "an unknown horizon is 30 days");

        // The reseller filter: the customer has no reseller, so Adatum's view leaves it out.
        let (_, resellers) = app.call(&provider, "resellers/list", &[("search", "Adatum")]).await;
        let adatum = resellers["resellers"][0]["id"].to_string();
        assert!(of(&deadlines(&app, &provider, "60", &adatum).await, "Lifecycle Ltd").is_empty());

        // The page, phone and desktop alike, lists them with links to the subscriptions.
        let page = app.get(&provider, "/renewals?days=60").await.text().await.unwrap();
        assert!(page.contains("Renewals and deadlines") && page.contains("Ends without renewing"), "{page}");
        assert!(page.contains(&format!("/customers/{customer}/subscriptions/{}", subs[0]["id"])));

        // Another provider sees none of it; an advisor sees its offers, not subscriptions.
        let tailspin = app.signed_in("admin@tailspin.example").await;
        assert!(of(&deadlines(&app, &tailspin, "60", "").await, "Lifecycle Ltd").is_empty());
        let advisor = app.signed_in("advisor@contoso.example").await;
        assert!(of(&deadlines(&app, &advisor, "60", "").await, "Lifecycle Ltd").is_empty());
        assert_eq!(subscriptions(&app, &provider, &customer).await.len(), 2);
    }

    async fn an_advisor_sees_offers_expiring(app: TestApp) {
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, _, _) = create_offer(&app, &advisor, None).await;
        let expires_on = app::format::iso_date(app::store::now() + 10 * 86_400);
        let (status, body) = app.call(&advisor, "offers/expiry", &[("summary_id", &summary), ("expires_on", &expires_on)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let found = deadlines(&app, &advisor, "30", "").await;
        let offer: Vec<&(String, i64, String)> = found.iter().filter(|d| d.2 == summary).collect();
        assert_eq!(offer.len(), 1, "{found:?}");
        assert_eq!(offer[0].0, "offer_expires");
        // A reseller has no Renewals and deadlines.
        let reseller = app.signed_in("admin@adatum.example").await;
        let (status, _) = app.call(&reseller, "renewals/list", &[("horizon", "30")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn the_calendar_feed_is_a_secret_address_that_a_new_one_replaces(app: TestApp) {
        let provider = app.signed_in("sales@northwind.example").await;
        let (_, subs) = priced_customer(&app, &provider, "calendar").await;
        let (started, _) = lifecycle(&subs[0]);
        app.clock.set(started + 60);
        let (status, url) = app.call(&provider, "renewals/calendar/new", &[("lang", "fr")]).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        let url = url.as_str().unwrap().to_string();
        let path = url.split_once("/calendar/").map(|(_, p)| format!("/calendar/{p}")).unwrap();
        assert!(path.ends_with(".ics?lang=fr"), "{path}");

        // Calendar apps send no cookie: the address alone opens it.
        let anonymous = reqwest::Client::new();
        let response = anonymous.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
        let ics = response.text().await.unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Dernier moment pour retirer des licences ou résilier : Lifecycle Ltd — Microsoft 365 Business Premium × 15"), "{unfolded}");
        assert!(unfolded.contains("/customers/"), "each event links to its page");

        // A new address: the old one answers 404, as every made-up one does.
        let (_, newer) = app.call(&provider, "renewals/calendar/new", &[("lang", "en")]).await;
        let newer = newer.as_str().unwrap().split_once("/calendar/").map(|(_, p)| format!("/calendar/{p}")).unwrap();
        assert_eq!(anonymous.get(format!("{}{path}", app.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
        assert_eq!(anonymous.get(format!("{}{newer}", app.base)).send().await.unwrap().status(), StatusCode::OK);
        for forged in ["/calendar/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics", "/calendar/x.ics", "/calendar/..%2F..%2Fetc%2Fpasswd.ics", "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            assert_eq!(anonymous.get(format!("{}{forged}", app.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND, "{forged}");
        }
    }
}
