//! The public REST API under `/api/v1`: thin handlers over the app's domain functions, API keys,
//! rate limits, Idempotency-Key, problem+json errors, and an OpenAPI 3.1 document generated
//! from the handlers (`/api/v1/openapi.json`) with a reference page (`/api/v1/docs`).

pub mod docs;
pub mod guard;
pub mod handlers;
pub mod problem;
pub mod types;

use app::state::AppState;
use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, ObjectBuilder, Ref, RefOr, Required, Type};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const DESCRIPTION: &str = "Everything the PartnerDesk pages do, for your own tools. \
Authenticate with an API key of your organisation (`Authorization: Bearer pdk_…`, created by a Global admin \
under Settings > API keys); a key can do what its roles allow, in its own organisation only. \
Errors are `application/problem+json` (RFC 9457) with a `code` and, for invalid requests, an `errors` list \
naming each field by JSON Pointer. Every POST accepts an `Idempotency-Key` header: a retry with the same key \
and body returns the first response. Lists are paged with `limit` and an opaque `cursor` (`next_cursor`). \
Each key may make a number of requests a minute (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` \
headers); past it the answer is 429 with `Retry-After`.";

#[derive(OpenApi)]
#[openapi(
    info(title = "PartnerDesk API", version = "1.0.0", description = DESCRIPTION),
    servers((url = "/api/v1", description = "This PartnerDesk installation")),
    components(schemas(problem::Problem, problem::FieldProblem)),
    security(("bearer" = [])),
    modifiers(&Conventions),
    tags(
        (name = "Catalog", description = "Subscriptions sold per country or region"),
        (name = "Offers", description = "Purchase offers (Advisor role, Subscription advisor program)"),
        (name = "Partnerships", description = "Partnerships with indirect resellers (indirect providers)"),
        (name = "Customers", description = "Customers and subscriptions (indirect providers)"),
        (name = "Delegated administration", description = "GDAP relationships with your customers (advisors and indirect providers)"),
        (name = "Audit log", description = "Every change, who made it and when (Global admin)"),
    )
)]
struct ApiDoc;

/// Adds what every operation shares: the bearer scheme, the problem responses, and the
/// Idempotency-Key header on POST.
struct Conventions;

fn problem_response(description: &str, retry_after: bool) -> RefOr<utoipa::openapi::Response> {
    let mut builder = ResponseBuilder::new()
        .description(description)
        .content(problem::PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build());
    if retry_after {
        builder = builder.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(ObjectBuilder::new().schema_type(Type::Integer))
                .description(Some("Seconds to wait before sending the request again"))
                .build(),
        );
    }
    RefOr::T(builder.build())
}

fn add_conventions(operation: &mut Operation, is_post: bool, has_body: bool) {
    let responses = &mut operation.responses.responses;
    let common: [(&str, &str, bool); 6] = [
        ("400", "The request could not be read", false),
        ("401", "Missing, invalid or revoked API key", false),
        ("403", "The key's roles or the organisation's programs do not allow this", false),
        ("404", "No such record in your organisation", false),
        ("422", "Invalid fields: see `errors`", false),
        ("429", "Rate limit reached: wait `Retry-After` seconds", true),
    ];
    for (code, description, retry) in common {
        responses.entry(code.to_string()).or_insert_with(|| problem_response(description, retry));
    }
    if is_post || has_body {
        responses
            .entry("409".to_string())
            .or_insert_with(|| problem_response("Refused by a business rule, or the same Idempotency-Key is still running", true));
    }
    if has_body {
        responses.entry("415".to_string()).or_insert_with(|| problem_response("The body is not `application/json`", false));
    }
    if is_post {
        let parameter: Parameter = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some("Makes a retry safe: the same key with the same request returns the first response (kept 24 hours); with another request it is refused (422)."))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(255)).pattern(Some("^[A-Za-z0-9._:-]+$"))))
            .build();
        operation.parameters.get_or_insert_with(Vec::new).push(parameter);
    }
}

impl Modify for Conventions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("pdk_<id>_<secret>").build()),
        );
    }
}

fn with_conventions(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        if let Some(op) = item.get.as_mut() {
            add_conventions(op, false, false);
        }
        if let Some(op) = item.delete.as_mut() {
            add_conventions(op, false, false);
        }
        if let Some(op) = item.post.as_mut() {
            let has_body = op.request_body.is_some();
            add_conventions(op, true, has_body);
        }
        if let Some(op) = item.patch.as_mut() {
            add_conventions(op, false, true);
        }
        if let Some(op) = item.put.as_mut() {
            add_conventions(op, false, true);
        }
    }
}

/// The operations and their OpenAPI document, generated from the handlers' annotations.
pub fn operations() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use handlers::*;
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(catalog))
        .routes(routes!(create_offer, list_offers))
        .routes(routes!(get_offer))
        .routes(routes!(withdraw_offer))
        .routes(routes!(offer_acceptances))
        .routes(routes!(offer_replies))
        .routes(routes!(active_trials))
        .routes(routes!(list_partnerships))
        .routes(routes!(remove_partnership))
        .routes(routes!(removal_notices))
        .routes(routes!(reseller_offers, create_reseller_offer))
        .routes(routes!(ask_to_partner, list_partnership_asks))
        .routes(routes!(answer_partnership_ask))
        .routes(routes!(list_requests, create_request))
        .routes(routes!(get_request))
        .routes(routes!(revoke_request))
        .routes(routes!(list_providers))
        .routes(routes!(create_customer, list_customers))
        .routes(routes!(get_customer))
        .routes(routes!(add_subscriptions))
        .routes(routes!(update_subscription))
        .routes(routes!(cancel_subscription))
        .routes(routes!(set_renewal))
        .routes(routes!(suspend_subscription))
        .routes(routes!(reactivate_subscription))
        .routes(routes!(incentive_report))
        .routes(routes!(fix_incentives))
        .routes(routes!(list_relationships))
        .routes(routes!(list_roles))
        .routes(routes!(list_templates, add_template))
        .routes(routes!(remove_template))
        .routes(routes!(get_relationship))
        .routes(routes!(assign_roles))
        .routes(routes!(unassign_roles))
        .routes(routes!(request_relationship))
        .routes(routes!(terminate_relationship))
        .routes(routes!(audit_log))
        .split_for_parts();
    with_conventions(&mut openapi);
    (router, openapi)
}

/// The OpenAPI document as served.
pub fn openapi_json() -> String {
    operations().1.to_pretty_json().unwrap_or_else(|_| "{}".to_string())
}

/// The `/api/v1` router, to nest under `/api/v1`.
pub fn router(state: AppState) -> Router<AppState> {
    let (operations, openapi) = operations();
    let json = Arc::new(openapi.to_pretty_json().unwrap_or_else(|_| "{}".to_string()));
    let page = Arc::new(docs::reference_page(&openapi));
    operations
        .route(
            "/openapi.json",
            get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], (*json).clone()).into_response() }
            }),
        )
        .route(
            "/docs",
            get(move || {
                let page = page.clone();
                async move { Html((*page).clone()) }
            }),
        )
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), guard::idempotency))
        .layer(middleware::from_fn_with_state(state, guard::authenticate))
}
