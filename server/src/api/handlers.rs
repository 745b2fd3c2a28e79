//! The `/api/v1` operations. Each is thin: turn the request into the domain's input, call the
//! service function the pages' server functions call too (it decides the permission and
//! applies the rules), and turn the result into the public types.

use super::guard::{Principal, ReplayBody};
use super::problem::{ApiError, Problem};
use super::types::*;
use app::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A JSON body, read now but decoded only when the handler asks ([`ApiJson::parse`]), after it
/// checked the key's permission: a caller without it learns nothing about the body's rules.
pub struct ApiJson<T> {
    bytes: axum::body::Bytes,
    is_json: bool,
    _type: std::marker::PhantomData<T>,
}

impl<S: Send + Sync, T> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime_type::Essence>().ok())
            .is_some_and(|m| m.is_json());
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("The body could not be read: {}", e.body_text())))?;
        Ok(ApiJson { bytes, is_json, _type: std::marker::PhantomData })
    }
}

impl<T: serde::de::DeserializeOwned> ApiJson<T> {
    pub fn parse(self) -> ApiResult<T> {
        if !self.is_json {
            return Err(ApiError::unsupported_media_type());
        }
        Json::<T>::from_bytes(&self.bytes).map(|Json(value)| value).map_err(ApiError::from)
    }
}

mod mime_type {
    /// The essence of a Content-Type (`application/json`, `application/problem+json`…).
    pub struct Essence(String);
    impl std::str::FromStr for Essence {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            Ok(Essence(s.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()))
        }
    }
    impl Essence {
        pub fn is_json(&self) -> bool {
            self.0 == "application/json" || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

/// Query parameters whose rejections are problems.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters whose rejections are problems (404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

type ApiResult<T> = Result<T, ApiError>;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// Where a list page starts and how long it is. The cursor is opaque to clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

impl Window {
    pub fn from_query(query: &PageQuery) -> ApiResult<Window> {
        if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
            return decode_cursor(cursor)
                .ok_or_else(|| ApiError::invalid("cursor", "cursor", "Use the `next_cursor` of a previous page, unchanged."));
        }
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            let mut e = ApiError::invalid("limit", "limit_range", format!("Use a number from 1 to {MAX_LIMIT}."));
            e.problem.errors[0].params = Some(serde_json::json!({ "min": 1, "max": MAX_LIMIT }));
            return Err(e);
        }
        Ok(Window { offset: 0, limit })
    }

    /// The cursor of the page after this one, when `total` items exist.
    pub fn next(&self, total: i64) -> Option<String> {
        let offset = self.offset + self.limit;
        (offset < total).then(|| encode_cursor(Window { offset, limit: self.limit }))
    }

    /// This window of an in-memory list, and the next cursor.
    pub fn slice<T>(&self, items: Vec<T>) -> (Vec<T>, Option<String>) {
        let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let next = self.next(total);
        let page =
            items.into_iter().skip(usize::try_from(self.offset).unwrap_or(usize::MAX)).take(usize::try_from(self.limit).unwrap_or(0)).collect();
        (page, next)
    }

    /// The 1-based page number for stores that page by number (offsets are multiples of limit).
    pub fn page(&self) -> i64 {
        self.offset / self.limit + 1
    }
}

pub fn encode_cursor(window: Window) -> String {
    app::developer::hex(format!("v1:{}:{}", window.offset, window.limit).as_bytes())
}

pub fn decode_cursor(cursor: &str) -> Option<Window> {
    if cursor.len() > 64 || !cursor.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..cursor.len()).step_by(2).map(|i| u8::from_str_radix(cursor.get(i..i + 2)?, 16).ok()).collect();
    let text = String::from_utf8(bytes?).ok()?;
    let mut parts = text.strip_prefix("v1:")?.split(':');
    let offset: i64 = parts.next()?.parse().ok()?;
    let limit: i64 = parts.next()?.parse().ok()?;
    (offset >= 0 && offset % limit.max(1) == 0 && (1..=MAX_LIMIT).contains(&limit) && offset < 1_000_000_000).then_some(Window { offset, limit })
}

/// The address people reach the site at: `PUBLIC_URL`, else the request's `Host`.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.clone();
    }
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).filter(|p| *p == "https").unwrap_or("http");
    format!("{scheme}://{host}")
}

// ---------------------------------------------------------------- catalog

/// The subscriptions sold in a country or region.
#[utoipa::path(get, path = "/catalog", tag = "Catalog", params(CatalogQuery),
    responses((status = 200, description = "The catalog, in catalog order", body = CatalogList)))]
pub async fn catalog(State(state): State<AppState>, principal: Principal, ApiQuery(query): ApiQuery<CatalogQuery>) -> ApiResult<Json<CatalogList>> {
    let items = app::offers::service::catalog(&state.store, &principal, &query.country, "country").await?;
    Ok(Json(CatalogList {
        data: items
            .into_iter()
            .map(|s| CatalogItem {
                descriptions: app::i18n::Locale::ALL.into_iter().map(|l| (l.tag().to_string(), s.description_in(l).to_string())).collect(),
                id: s.id,
                name: s.name,
                description: s.description,
                min_licenses: s.min_licenses,
                max_licenses: s.max_licenses,
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------- offers

fn offer_lines(lines: Vec<app::offers::OfferLine>) -> Vec<OfferLine> {
    lines.into_iter().map(|l| OfferLine { subscription_id: l.subscription_id, name: l.name, license_count: l.license_count }).collect()
}

fn offer_summary(row: app::offers::OfferRow) -> OfferSummary {
    OfferSummary {
        summary_id: row.summary_id,
        status: row.status,
        created_at: row.created_at,
        office_id: row.office_id,
        office_name: row.office_name,
        usage_location: row.usage_location,
        views: row.views,
        acceptances: row.acceptances,
        lines: offer_lines(row.lines),
    }
}

fn offer(detail: app::offers::OfferDetail) -> Offer {
    let row = detail.row;
    Offer {
        summary_id: row.summary_id,
        status: row.status,
        created_at: row.created_at,
        office_id: row.office_id,
        office_name: row.office_name,
        usage_location: row.usage_location,
        views: row.views,
        acceptances: row.acceptances,
        lines: offer_lines(row.lines),
        url: detail.url,
        delegated_admin: detail.gdap.map(|g| DelegatedAdmin {
            name: g.name,
            roles: g.roles.iter().map(|r| r.code().to_string()).collect(),
            duration_days: g.duration_days,
        }),
        expires_at: detail.expires_at,
        introduction: detail.introduction,
        closing: detail.closing,
        contact: detail.contact,
    }
}

/// `lines[i]` of the request for the domain's `license_count.<subscription id>`.
fn line_pointer(lines: &[LineInput], field: &str) -> String {
    match field.strip_prefix("license_count.") {
        Some(id) => match lines.iter().position(|l| l.subscription_id == id) {
            Some(i) => format!("/lines/{i}/license_count"),
            None => "/lines".to_string(),
        },
        None if field == "subscriptions" => "/lines".to_string(),
        None => format!("/{field}"),
    }
}

/// The key an API request's `Idempotency-Key` becomes where the pages' own retries are kept
/// too (offers, new customers: per organisation): named by the API key, so that another key of
/// the same organisation never gets this key's result, and hashed, so that it stays short.
fn idempotency_key(headers: &HeaderMap, principal: &Principal) -> String {
    use sha2::Digest;
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| {
            let digest = sha2::Sha256::digest(k.trim().as_bytes());
            format!("api:{}:{}", principal.key_id, app::developer::hex(&digest[..16]))
        })
        .unwrap_or_default()
}

/// Creates a purchase offer: the same rules as the Create purchase offer wizard.
#[utoipa::path(post, path = "/offers", tag = "Offers", request_body = CreateOffer,
    responses((status = 201, description = "The offer, with its summary ID and custom URL", body = Offer)))]
pub async fn create_offer(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    body: ApiJson<CreateOffer>,
) -> ApiResult<(StatusCode, Json<Offer>)> {
    // The body's rules are told only to a key that may create offers.
    app::offers::service::may_create_offers(&principal)?;
    let body = body.parse()?;
    let mut unknown_roles = Vec::new();
    let form = app::offers::OfferForm {
        office_id: body.office_id.to_string(),
        usage_location: body.usage_location.clone(),
        lines: body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.to_string())).collect(),
        delegated_admin: body.delegated_admin.is_some(),
        gdap_name: body.delegated_admin.as_ref().map(|g| g.name.clone()).unwrap_or_default(),
        gdap_roles: body
            .delegated_admin
            .as_ref()
            .map(|g| {
                g.roles
                    .iter()
                    .filter_map(|code| {
                        let role = app::offers::GdapRole::from_code(code);
                        if role.is_none() {
                            unknown_roles.push(code.clone());
                        }
                        role
                    })
                    .collect()
            })
            .unwrap_or_default(),
        gdap_duration_days: body.delegated_admin.as_ref().map(|g| g.duration_days.to_string()).unwrap_or_default(),
        idempotency_key: idempotency_key(&headers, &principal),
    };
    if !unknown_roles.is_empty() {
        return Err(ApiError::invalid("/delegated_admin/roles", "gdap_roles", format!("Unknown role codes: {}.", unknown_roles.join(", "))));
    }
    let rename = |field: &str| match field {
        "gdap_name" => "/delegated_admin/name".to_string(),
        "gdap_roles" => "/delegated_admin/roles".to_string(),
        "gdap_duration_days" => "/delegated_admin/duration_days".to_string(),
        other => line_pointer(&body.lines, other),
    };
    let summary_id = app::offers::service::create_offer(&state.store, &principal, &form).await.map_err(|e| ApiError::from(e).map_fields(rename))?;
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    Ok((StatusCode::CREATED, Json(offer(detail))))
}

/// Your organisation's offers, newest first (or as `sort` says).
#[utoipa::path(get, path = "/offers", tag = "Offers", params(OfferListQuery, PageQuery),
    responses((status = 200, description = "One page of offers", body = OfferList)))]
pub async fn list_offers(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<OfferListQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<OfferList>> {
    let window = Window::from_query(&paging)?;
    let sort = app::offers::OfferSort::from_code(query.sort.as_deref().unwrap_or_default());
    let search = query.search.as_deref().unwrap_or_default();
    let (rows, total) = app::offers::service::offers_page(&state.store, &principal, search, sort, window.page(), window.limit).await?;
    Ok(Json(OfferList { data: rows.into_iter().map(offer_summary).collect(), next_cursor: window.next(total) }))
}

/// One offer by its summary ID.
#[utoipa::path(get, path = "/offers/{summary_id}", tag = "Offers",
    params(("summary_id" = String, Path, description = "The offer's summary ID, e.g. PO-7KQM-X4TA")),
    responses((status = 200, description = "The offer", body = Offer)))]
pub async fn get_offer(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(summary_id): ApiPath<String>,
) -> ApiResult<Json<Offer>> {
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    Ok(Json(offer(detail)))
}

/// Withdraws an offer: its URL stops accepting; acceptances made before stay.
#[utoipa::path(post, path = "/offers/{summary_id}/withdraw", tag = "Offers",
    params(("summary_id" = String, Path, description = "The offer's summary ID")),
    responses((status = 200, description = "The withdrawn offer", body = Offer)))]
pub async fn withdraw_offer(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(summary_id): ApiPath<String>,
) -> ApiResult<Json<Offer>> {
    app::offers::service::withdraw_offer(&state.store, &principal, &summary_id).await?;
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    Ok(Json(offer(detail)))
}

/// Each client's acceptance of an offer, oldest first.
#[utoipa::path(get, path = "/offers/{summary_id}/acceptances", tag = "Offers",
    params(("summary_id" = String, Path, description = "The offer's summary ID"), PageQuery),
    responses((status = 200, description = "One page of acceptances", body = AcceptanceList)))]
pub async fn offer_acceptances(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(summary_id): ApiPath<String>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<AcceptanceList>> {
    let window = Window::from_query(&paging)?;
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    let items: Vec<Acceptance> = detail
        .acceptances
        .into_iter()
        .map(|a| Acceptance {
            company_name: a.company_name,
            domain_prefix: a.domain_prefix,
            country: a.country,
            contact_name: a.contact_name,
            contact_email: a.contact_email,
            delegated_admin: a.delegated_admin,
            accepted_at: a.accepted_at,
            lines: a.lines.into_iter().map(|(subscription, license_count)| AcceptanceLine { subscription, license_count }).collect(),
        })
        .collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(AcceptanceList { data, next_cursor }))
}

// ---------------------------------------------------------------- partnerships

/// Your active partnerships with indirect resellers.
#[utoipa::path(get, path = "/partnerships", tag = "Partnerships", params(SearchQuery, PageQuery),
    responses((status = 200, description = "One page of partnered resellers", body = PartnershipList)))]
pub async fn list_partnerships(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<SearchQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<PartnershipList>> {
    let window = Window::from_query(&paging)?;
    let rows = app::resellers::service::partnerships(&state.store, &principal, query.search.as_deref().unwrap_or_default()).await?;
    let items = rows
        .into_iter()
        .map(|r| Partnership {
            reseller_id: r.id,
            name: r.name,
            mpn_id: r.mpn_id,
            country: r.country,
            partnered_since: r.partnered_since,
            customers: r.customers,
            subscriptions: r.subscriptions,
        })
        .collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(PartnershipList { data, next_cursor }))
}

/// Removes the partnership with a reseller. Customers, subscriptions and delegated admin
/// privileges stay as they are; no notice is sent.
#[utoipa::path(delete, path = "/partnerships/{reseller_id}", tag = "Partnerships",
    params(("reseller_id" = i64, Path, description = "The reseller's organisation ID")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_partnership(State(state): State<AppState>, principal: Principal, ApiPath(reseller_id): ApiPath<i64>) -> ApiResult<StatusCode> {
    app::resellers::service::remove_partnership(&state.store, &principal, reseller_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn request_state(state: app::resellers::RequestState) -> String {
    match state {
        app::resellers::RequestState::Open => "open",
        app::resellers::RequestState::Accepted => "accepted",
        app::resellers::RequestState::Revoked => "revoked",
    }
    .to_string()
}

async fn partnership_request(state: &AppState, principal: &Principal, headers: &HeaderMap, id: i64) -> ApiResult<PartnershipRequest> {
    let request = app::resellers::service::request(&state.store, principal, id).await?;
    Ok(PartnershipRequest {
        id,
        link: format!("{}{}", origin(state, headers), app::resellers::invitation_path(&request.token)),
        state: request_state(request.state),
        recipient_email: request.recipient_email,
    })
}

/// Requests not accepted yet (and not revoked).
#[utoipa::path(get, path = "/partnerships/requests", tag = "Partnerships", params(PageQuery),
    responses((status = 200, description = "One page of open requests", body = PendingRequestList)))]
pub async fn list_requests(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<PendingRequestList>> {
    let window = Window::from_query(&paging)?;
    let rows = app::resellers::service::pending_requests(&state.store, &principal).await?;
    let items = rows
        .into_iter()
        .map(|r| PendingRequest { id: r.id, recipient_email: r.recipient_email, created_at: r.created_at, sent_at: r.sent_at })
        .collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(PendingRequestList { data, next_cursor }))
}

/// Request a partnership: a new personalised link to send to one reseller.
#[utoipa::path(post, path = "/partnerships/requests", tag = "Partnerships",
    responses((status = 201, description = "The request and its link", body = PartnershipRequest)))]
pub async fn create_request(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<PartnershipRequest>)> {
    let id = app::resellers::service::create_request(&state.store, &principal).await?;
    Ok((StatusCode::CREATED, Json(partnership_request(&state, &principal, &headers, id).await?)))
}

/// One request with its link and state.
#[utoipa::path(get, path = "/partnerships/requests/{id}", tag = "Partnerships",
    params(("id" = i64, Path, description = "The request's ID")),
    responses((status = 200, description = "The request", body = PartnershipRequest)))]
pub async fn get_request(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PartnershipRequest>> {
    Ok(Json(partnership_request(&state, &principal, &headers, id).await?))
}

/// Revokes a request's link: whoever opens it afterwards is told it no longer works.
#[utoipa::path(post, path = "/partnerships/requests/{id}/revoke", tag = "Partnerships",
    params(("id" = i64, Path, description = "The request's ID")),
    responses((status = 200, description = "The revoked request", body = PartnershipRequest)))]
pub async fn revoke_request(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PartnershipRequest>> {
    app::resellers::service::revoke_request(&state.store, &principal, id).await?;
    Ok(Json(partnership_request(&state, &principal, &headers, id).await?))
}

// ---------------------------------------------------------------- customers

fn subscription(s: app::customers::SubscriptionRow) -> Subscription {
    Subscription {
        id: s.id,
        customer_id: s.customer_id,
        subscription_id: s.subscription_id,
        name: s.name,
        license_count: s.license_count,
        min_licenses: s.min_licenses,
        max_licenses: s.max_licenses,
        status: s.status,
        reseller_of_record_id: s.reseller_of_record_id,
        reseller_of_record_name: s.reseller_of_record_name,
        reseller_of_record_mpn_id: s.reseller_of_record_mpn_id,
        support_contact_id: s.support_contact_id,
        support_contact_name: s.support_contact_name,
    }
}

fn customer(c: app::customers::CustomerRow) -> Customer {
    Customer {
        id: c.id,
        company_name: c.company_name,
        domain_prefix: c.domain_prefix,
        country: c.country,
        reseller_id: c.reseller_id,
        reseller_name: c.reseller_name,
        reseller_partnered: c.reseller_partnered,
        created_at: c.created_at,
        subscriptions: c.subscriptions.into_iter().map(subscription).collect(),
    }
}

async fn load_customer(state: &AppState, principal: &Principal, id: i64) -> ApiResult<Customer> {
    Ok(customer(app::customers::service::customer(&state.store, principal, id).await?))
}

/// Creates a customer for a reseller (or none): the same rules as the New customer wizard.
/// The answer carries the admin's temporary password, once.
#[utoipa::path(post, path = "/customers", tag = "Customers", request_body = CreateCustomer,
    responses((status = 201, description = "The customer and its admin's temporary credentials", body = CustomerCreated)))]
pub async fn create_customer(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    body: ApiJson<CreateCustomer>,
) -> ApiResult<Response> {
    // The body's rules are told only to a key that may manage customers.
    app::customers::service::may_manage_customers(&principal)?;
    let body = body.parse()?;
    let order = app::customers::NewCustomerOrder {
        reseller_id: body.reseller_id,
        details: app::customers::CustomerDetailsForm {
            company_name: body.company_name,
            domain_prefix: body.domain_prefix,
            address_line1: body.address_line1,
            city: body.city,
            postal_code: body.postal_code,
            country: body.country,
            phone: body.phone,
            registration_number: body.registration_number,
            contact_first_name: body.contact_first_name,
            contact_last_name: body.contact_last_name,
            contact_email: body.contact_email,
            language: body.language,
        },
        lines: body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.to_string())).collect(),
        idempotency_key: idempotency_key(&headers, &principal),
    };
    let setup = app::customers::service::create_customer(&state.store, &principal, &order)
        .await
        .map_err(|e| ApiError::from(e).map_fields(|f| line_pointer(&body.lines, f)))?;
    let created = CustomerCreated {
        customer: load_customer(&state, &principal, setup.customer_id).await?,
        admin_user_name: setup.admin_user_name,
        temporary_password: Some(setup.temporary_password),
    };
    let replay = serde_json::to_string(&CustomerCreated { temporary_password: None, ..created.clone() }).unwrap_or_default();
    let mut response = (StatusCode::CREATED, Json(created)).into_response();
    response.extensions_mut().insert(ReplayBody(replay));
    Ok(response)
}

/// Your customers, by name; filter by associated reseller.
#[utoipa::path(get, path = "/customers", tag = "Customers", params(CustomerListQuery, PageQuery),
    responses((status = 200, description = "One page of customers with their subscriptions", body = CustomerList)))]
pub async fn list_customers(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<CustomerListQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<CustomerList>> {
    let window = Window::from_query(&paging)?;
    let search = query.search.as_deref().unwrap_or_default();
    let (rows, total) =
        app::customers::service::customers_page(&state.store, &principal, query.reseller_id, search, window.page(), window.limit).await?;
    Ok(Json(CustomerList { data: rows.into_iter().map(customer).collect(), next_cursor: window.next(total) }))
}

/// One customer with its subscriptions.
#[utoipa::path(get, path = "/customers/{id}", tag = "Customers",
    params(("id" = i64, Path, description = "The customer's ID")),
    responses((status = 200, description = "The customer", body = Customer)))]
pub async fn get_customer(State(state): State<AppState>, principal: Principal, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<Customer>> {
    Ok(Json(load_customer(&state, &principal, id).await?))
}

/// Add subscription: new subscriptions for a customer, optionally with a reseller of record.
#[utoipa::path(post, path = "/customers/{id}/subscriptions", tag = "Customers", request_body = AddSubscriptions,
    params(("id" = i64, Path, description = "The customer's ID")),
    responses((status = 201, description = "The customer with its subscriptions", body = Customer)))]
pub async fn add_subscriptions(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<i64>,
    body: ApiJson<AddSubscriptions>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    // The body's rules are told only to a key that may manage customers.
    app::customers::service::may_manage_customers(&principal)?;
    let body = body.parse()?;
    let lines: Vec<(String, String)> = body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.to_string())).collect();
    app::customers::service::add_subscriptions(&state.store, &principal, id, &lines, body.reseller_id)
        .await
        .map_err(|e| ApiError::from(e).map_fields(|f| line_pointer(&body.lines, f)))?;
    Ok((StatusCode::CREATED, Json(load_customer(&state, &principal, id).await?)))
}

/// Changes a subscription's license count, reseller of record (by MPN ID) or designated
/// support contact. Members left out keep their value.
#[utoipa::path(patch, path = "/customers/{id}/subscriptions/{subscription_id}", tag = "Customers", request_body = UpdateSubscription,
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The changed subscription", body = Subscription)))]
pub async fn update_subscription(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
    body: ApiJson<UpdateSubscription>,
) -> ApiResult<Json<Subscription>> {
    // The body's rules are told only to a key that may manage customers.
    app::customers::service::may_manage_customers(&principal)?;
    let body = body.parse()?;
    let current = app::customers::service::customer(&state.store, &principal, id)
        .await?
        .subscriptions
        .into_iter()
        .find(|s| s.id == subscription_id)
        .ok_or_else(ApiError::not_found)?;
    let change = app::customers::SubscriptionChange {
        license_count: body.license_count.unwrap_or(current.license_count).to_string(),
        reseller_mpn_id: match body.reseller_mpn_id {
            None => current.reseller_of_record_mpn_id.clone().unwrap_or_default(),
            Some(value) => value.unwrap_or_default(),
        },
        support_contact_id: match body.support_contact_id {
            None => current.support_contact_id.map(|i| i.to_string()).unwrap_or_default(),
            Some(value) => value.map(|i| i.to_string()).unwrap_or_default(),
        },
    };
    app::customers::service::update_subscription(&state.store, &principal, id, subscription_id, &change)
        .await
        .map_err(|e| ApiError::from(e).map_fields(|f| format!("/{f}")))?;
    let customer = load_customer(&state, &principal, id).await?;
    let changed = customer.subscriptions.into_iter().find(|s| s.id == subscription_id).ok_or_else(ApiError::not_found)?;
    Ok(Json(changed))
}

// ---------------------------------------------------------------- audit log

/// Your organisation's audit log, newest first.
#[utoipa::path(get, path = "/audit-log", tag = "Audit log", params(AuditQuery, PageQuery),
    responses((status = 200, description = "One page of audit entries", body = AuditList)))]
pub async fn audit_log(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<AuditQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<AuditList>> {
    let window = Window::from_query(&paging)?;
    let filter = app::audit::AuditQuery {
        user_id: query.user_id,
        action: query.action.unwrap_or_default(),
        record: query.record.unwrap_or_default(),
        from: query.from.unwrap_or(0),
        to: query.to.unwrap_or(i64::MAX),
    };
    let (lines, total) = app::audit::service::entries(&state.store, &principal, &filter, window.limit, window.offset).await?;
    let data = lines
        .into_iter()
        .map(|l| AuditEntry {
            id: l.id,
            at: l.at,
            user_name: l.user_name,
            action: l.action,
            record_type: l.record_type,
            record_id: l.record_id,
            summary: l.summary,
            ip: l.ip,
        })
        .collect();
    Ok(Json(AuditList { data, next_cursor: window.next(total) }))
}

/// Any path under /api/v1 that is not an operation.
pub async fn not_found() -> ApiError {
    ApiError::not_found()
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed", "See /api/v1/docs for the methods of each path.")
}

#[allow(dead_code)]
fn _problem_schema_is_used(_: Problem) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_tampering() {
        let w = Window { offset: 100, limit: 50 };
        assert_eq!(decode_cursor(&encode_cursor(w)), Some(w));
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor(&app::developer::hex(b"v1:7:50")), None, "offsets are whole pages");
        assert_eq!(decode_cursor(&app::developer::hex(b"v1:0:500")), None);
        assert_eq!(Window { offset: 0, limit: 2 }.slice(vec![1, 2, 3]), (vec![1, 2], Some(encode_cursor(Window { offset: 2, limit: 2 }))));
        assert_eq!(Window { offset: 2, limit: 2 }.slice(vec![1, 2, 3]), (vec![3], None));
    }
}
