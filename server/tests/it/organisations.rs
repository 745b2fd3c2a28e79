//! The operator's organisations console: search, programs, the certification for delegated
//! administration (with when and by whom), and suspension (sign-in refused, sessions and API
//! keys stopped, offers and partnership links closed; reactivation brings sign-in back), each
//! change audited in both organisations' logs. Runs on SQLite and PostgreSQL.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn organisation_id(app: &TestApp, email: &str) -> i64 {
    app.store.user_by_email(email).await.unwrap().unwrap().organisation_id
}

fn names(page: &Value) -> Vec<String> {
    page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
}

fn ok(status: StatusCode, body: &Value) {
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
}

on_both_databases! {
    async fn the_operator_finds_organisations_by_name_mpn_id_program_and_status(app: TestApp) {
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let search = |q: &'static str, program: &'static str, status: &'static str| {
            let operator = operator.clone();
            let app = &app;
            async move { app.call(&operator, "operator/organisations", &[("q", q), ("program", program), ("status", status), ("page", "1")]).await }
        };
        let (status, all) = search("", "", "").await;
        assert_eq!(status, StatusCode::OK, "{all}");
        assert!(all["total"].as_i64().unwrap() >= 8, "{all}");
        let listed = names(&all);
        let mut sorted = listed.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(listed, sorted, "by name");

        let (_, found) = search("conTOSO", "", "").await;
        assert_eq!(names(&found), ["Contoso Advisors"]);
        let contoso = &found["rows"][0];
        assert_eq!((contoso["is_advisor"].clone(), contoso["dap_certified"].clone()), (Value::Bool(true), Value::Bool(true)), "{contoso}");
        assert!(contoso["users"].as_i64().unwrap() >= 2, "{contoso}");
        let mpn_id = contoso["mpn_id"].as_str().unwrap().to_string();
        let (_, by_mpn) = app.call(&operator, "operator/organisations", &[("q", &mpn_id), ("program", ""), ("status", ""), ("page", "1")]).await;
        assert_eq!(names(&by_mpn), ["Contoso Advisors"]);
        // `%` and `_` are taken literally.
        let (_, literal) = search("%", "", "").await;
        assert_eq!(literal["total"], 0, "{literal}");

        let (_, resellers) = search("", "indirect_reseller", "").await;
        assert!(names(&resellers).contains(&"Adatum Resellers".to_string()), "{resellers}");
        assert!(!names(&resellers).contains(&"Contoso Advisors".to_string()), "{resellers}");
        let (_, suspended) = search("", "", "suspended").await;
        assert_eq!(suspended["total"], 0);

        // Bounded before anything is read: an unknown program or status, a text too long.
        let long = "x".repeat(app::operator::ORGANISATION_SEARCH_MAX + 1);
        let (status, body) = app.call(&operator, "operator/organisations", &[("q", &long), ("program", "wizard"), ("status", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let fields: Vec<&str> = body["Invalid"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["q", "program"]);

        // The pages show the same.
        let page = app.get(&operator, "/operator/organisations?q=contoso").await.text().await.unwrap();
        assert!(page.contains("Contoso Advisors") && !page.contains("Northwind Distribution"), "{page}");
        assert!(page.contains(r#"class="pager""#) && page.contains("Page 1 of 1"), "the pager: {page}");
        let id = contoso["id"].as_i64().unwrap();
        let page = app.get(&operator, &format!("/operator/organisations/{id}")).await.text().await.unwrap();
        assert!(page.contains(r#"id="organisation-name""#) && page.contains(&mpn_id), "{page}");

        // Nobody else sees the console.
        let admin = app.signed_in("admin@contoso.example").await;
        let (status, _) = app.call(&admin, "operator/organisations", &[("q", ""), ("program", ""), ("status", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }

    async fn programs_and_the_certification_change_what_an_organisation_may_do(app: TestApp) {
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let operator_user = app.store.user_by_email("operator@partnerdesk.example").await.unwrap().unwrap();
        let fabrikam = organisation_id(&app, "advisor@fabrikam.example").await;
        let id = fabrikam.to_string();
        let detail = app.store.organisation_detail(fabrikam).await.unwrap().unwrap();
        assert!(detail.is_advisor && !detail.dap_certified, "{detail:?}");

        // Certify: recorded with when and by whom; its advisor may now ask for delegated
        // administration.
        let (status, body) = app.call(&operator, "operator/organisations/certification", &[("organisation_id", &id), ("certified", "true")]).await;
        ok(status, &body);
        let detail = app.store.organisation_detail(fabrikam).await.unwrap().unwrap();
        assert!(detail.dap_certified && detail.dap_certified_at.is_some(), "{detail:?}");
        assert_eq!(detail.dap_certified_by.as_deref(), Some(operator_user.name.as_str()));
        let advisor = app.signed_in("advisor@fabrikam.example").await;
        let (_, me) = app.call(&advisor, "auth/me", &[]).await;
        assert_eq!(me["dap_certified"], true, "{me}");

        // No program: refused, nothing changed.
        let (status, body) = app.call(&operator, "operator/organisations/programs", &[("organisation_id", &id)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains("ChooseProgram"), "{body}");
        // Out of the advisor program and into the reseller program: the certification ends
        // with it, and the advisor's offers pages close.
        let (status, body) = app.call(&operator, "operator/organisations/programs", &[("organisation_id", &id), ("indirect_reseller", "on")]).await;
        ok(status, &body);
        let detail = app.store.organisation_detail(fabrikam).await.unwrap().unwrap();
        assert!(!detail.is_advisor && detail.is_indirect_reseller && !detail.dap_certified && detail.dap_certified_by.is_none(), "{detail:?}");
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // A non-advisor is not certified.
        let (status, body) = app.call(&operator, "operator/organisations/certification", &[("organisation_id", &id), ("certified", "true")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("NeedsAdvisorProgram")), "{body}");

        // Both logs tell it.
        let theirs: Vec<String> = app.store.audit_log(fabrikam, 10).await.unwrap().into_iter().map(|a| a.action).collect();
        assert!(["organisation.dap_certify", "organisation.programs"].iter().all(|a| theirs.contains(&a.to_string())), "{theirs:?}");
        let ours = app.store.audit_log(operator_user.organisation_id, 10).await.unwrap();
        let programs = ours.iter().find(|a| a.action == "organisation.programs").expect("in the operator's log");
        assert!(programs.summary.contains("Indirect reseller") && programs.summary.contains("ended"), "{}", programs.summary);
        assert_eq!(programs.user_id, Some(operator_user.id));
        let seen = app.store.audit_log(fabrikam, 10).await.unwrap();
        assert!(seen.iter().all(|a| a.user_id.is_none() || a.user_id != Some(operator_user.id)), "the operator's person stays out of their log");

        // The operators' own organisation is not changed from here.
        let own = operator_user.organisation_id.to_string();
        let (status, body) = app.call(&operator, "operator/organisations/programs", &[("organisation_id", &own), ("advisor", "on")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("OwnOrganisation")), "{body}");
        let (status, body) = app.call(&operator, "operator/organisations/suspend", &[("organisation_id", &own), ("reason", "oops")]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::CONFLICT, Value::from("OwnOrganisation")), "{body}");
        let (status, _) = app.call(&operator, "operator/organisations/programs", &[("organisation_id", "999999"), ("advisor", "on")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A provider that becomes an advisor gets an advisor code, so its offer links work.
        let northwind = organisation_id(&app, "admin@northwind.example").await;
        assert_eq!(app.store.organisation(northwind).await.unwrap().unwrap().advisor_code, None);
        let (status, body) = app
            .call(&operator, "operator/organisations/programs", &[("organisation_id", &northwind.to_string()), ("advisor", "on"), ("indirect_provider", "on")])
            .await;
        ok(status, &body);
        assert_eq!(app.store.organisation(northwind).await.unwrap().unwrap().advisor_code.as_deref(), Some("northwind-distribution"));
    }

    async fn a_suspended_organisation_cannot_sign_in_and_its_sessions_keys_offers_and_links_stop(app: TestApp) {
        let operator = app.signed_in("operator@partnerdesk.example").await;
        let contoso = organisation_id(&app, "advisor@contoso.example").await;
        let id = contoso.to_string();
        let advisor = app.signed_in("advisor@contoso.example").await;
        let (summary, code, token) = create_offer(&app, &advisor, None).await;
        let offer_path = format!("/offer/{code}/{token}");
        assert_eq!(app.get(&app.client(), &offer_path).await.status(), StatusCode::OK);
        let admin = app.store.user_by_email("admin@contoso.example").await.unwrap().unwrap();
        let actor = app::store::Actor { user_id: Some(admin.id), organisation_id: contoso, ip: None };
        let valid = app::developer::validate_api_key("suspension test", &admin.roles).unwrap();
        let key = app::developer::ssr::create_api_key(&app.store, &actor, valid, 100).await.unwrap().key;
        let api = |key: String| {
            let base = app.base.clone();
            async move { reqwest::Client::new().get(format!("{base}/api/v1/offers")).bearer_auth(key).send().await.unwrap().status() }
        };
        assert_eq!(api(key.clone()).await, StatusCode::OK);

        // A reason is required (and bounded) before anything happens.
        let (status, body) = app.call(&operator, "operator/organisations/suspend", &[("organisation_id", &id), ("reason", " ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let long = "r".repeat(app::operator::SUSPENSION_REASON_MAX + 1);
        let (status, _) = app.call(&operator, "operator/organisations/suspend", &[("organisation_id", &id), ("reason", &long)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::OK, "not suspended yet");

        let (status, body) = app.call(&operator, "operator/organisations/suspend", &[("organisation_id", &id), ("reason", "Partner agreement ended")]).await;
        ok(status, &body);
        let detail = app.store.organisation_detail(contoso).await.unwrap().unwrap();
        assert_eq!((detail.suspended_at.is_some(), detail.suspension_reason.as_str()), (true, "Partner agreement ended"));

        // The session in hand ends; signing in is refused with the reason to call the operator
        // (only to someone who knows the password); the key stops; the client's offer and an
        // acceptance are gone.
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let client = app.client();
        let (status, body) = app.call(&client, "auth/sign-in", &[("email", "advisor@contoso.example"), ("password", PASSWORD)]).await;
        assert_eq!((status, body["Refused"].clone()), (StatusCode::FORBIDDEN, Value::from("OrganisationSuspended")), "{body}");
        let (status, body) = app.call(&client, "auth/sign-in", &[("email", "advisor@contoso.example"), ("password", "not the password")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(api(key.clone()).await, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&app.client(), &offer_path).await.status(), StatusCode::NOT_FOUND);
        let page = app.get(&operator, "/operator/organisations?status=suspended").await.text().await.unwrap();
        assert!(page.contains("Contoso Advisors"), "{page}");

        // A provider's partnership links stop too.
        let northwind = app.signed_in("admin@northwind.example").await;
        let (status, request) = app.call(&northwind, "resellers/request", &[]).await;
        ok(status, &request);
        let (_, draft) = app.call(&northwind, "resellers/request/get", &[("id", &request.to_string())]).await;
        let token = draft["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let (status, _) = app.call(&app.client(), "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::OK);
        let northwind_id = organisation_id(&app, "admin@northwind.example").await.to_string();
        let (status, body) = app.call(&operator, "operator/organisations/suspend", &[("organisation_id", &northwind_id), ("reason", "Review")]).await;
        ok(status, &body);
        let (status, _) = app.call(&app.client(), "partnerships/invitation", &[("token", &token)]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the suspended provider's link");

        // Reactivated: sign-in works again, the old session does not come back.
        let (status, body) = app.call(&operator, "operator/organisations/reactivate", &[("organisation_id", &id)]).await;
        ok(status, &body);
        let (status, _) = app.call(&advisor, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the session from before the suspension stays ended");
        let again = app.signed_in("advisor@contoso.example").await;
        let (status, _) = app.call(&again, "offers/list", &[("search", ""), ("page", "1")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(api(key).await, StatusCode::OK);
        assert_eq!(app.get(&app.client(), &offer_path).await.status(), StatusCode::OK, "{summary}");
        let actions: Vec<String> = app.store.audit_log(contoso, 10).await.unwrap().into_iter().map(|a| a.action).collect();
        assert!(actions.contains(&"organisation.suspend".to_string()) && actions.contains(&"organisation.reactivate".to_string()), "{actions:?}");
    }
}
