//! Partnerships with indirect resellers and the requests that start them.

use super::*;

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
    let items = rows.into_iter().map(Partnership::from).collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(PartnershipList { data, next_cursor }))
}

/// Removes the partnership with a reseller, with a transition plan for the live subscriptions
/// that name it (`transfer_to`). Customers and delegated admin privileges stay as they are.
/// The reseller's Global admins are emailed; the customers are not: `GET
/// /partnerships/{reseller_id}/notices` gives a notice drafted for each, to send yourself.
#[utoipa::path(delete, path = "/partnerships/{reseller_id}", tag = "Partnerships",
    params(("reseller_id" = i64, Path, description = "The reseller's organisation ID"), RemovalQuery),
    responses((status = 204, description = "Removed")))]
pub async fn remove_partnership(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(reseller_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<RemovalQuery>,
) -> ApiResult<StatusCode> {
    let transfer_to = query.transfer_to.unwrap_or_default();
    app::resellers::service::remove_partnership(&state.store, &principal, reseller_id, &transfer_to).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What the last removal of the partnership with a reseller did, and the notices drafted for
/// the customers whose subscriptions named it (in each customer's language).
#[utoipa::path(get, path = "/partnerships/{reseller_id}/notices", tag = "Partnerships",
    params(("reseller_id" = i64, Path, description = "The reseller's organisation ID")),
    responses((status = 200, description = "The removal's notices", body = RemovalNotices)))]
pub async fn removal_notices(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(reseller_id): ApiPath<i64>,
) -> ApiResult<Json<RemovalNotices>> {
    Ok(Json(app::resellers::service::removal_notices(&state.store, &principal, reseller_id).await?.into()))
}

/// The two-tier offers a reseller made of your subscriptions (newest first, at most 200) and
/// the clients who accepted them: your customers, the reseller as reseller of record and
/// designated support contact.
#[utoipa::path(get, path = "/partnerships/{reseller_id}/offers", tag = "Partnerships",
    params(("reseller_id" = i64, Path, description = "The reseller's organisation ID")),
    responses((status = 200, description = "The reseller's offers and acceptances", body = ResellerOffers)))]
pub async fn reseller_offers(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(reseller_id): ApiPath<i64>,
) -> ApiResult<Json<ResellerOffers>> {
    Ok(Json(app::resellers::service::resold_offers(&state.store, &principal, reseller_id, &origin(&state, &headers)).await?.into()))
}

/// Makes a two-tier offer of your subscriptions for a partnered reseller, on its behalf (the
/// same body and rules as `POST /offers`, `provider_id` being your own organisation's ID or
/// omitted): the offer is the reseller's, the client sees the reseller, and becomes your
/// customer with the reseller as reseller of record and designated support contact.
#[utoipa::path(post, path = "/partnerships/{reseller_id}/offers", tag = "Partnerships", request_body = CreateOffer,
    params(("reseller_id" = i64, Path, description = "The reseller's organisation ID")),
    responses((status = 201, description = "The offer, with its link to send", body = ResoldOffer)))]
pub async fn create_reseller_offer(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(reseller_id): ApiPath<i64>,
    body: ApiJson<CreateOffer>,
) -> ApiResult<(StatusCode, Json<ResoldOffer>)> {
    // The body's rules are told only to a key that may make offers for resellers.
    let provider_id = app::customers::service::may_manage_customers(&principal)?.organisation_id;
    let body = body.parse()?;
    let mut form = super::offers::offer_form(&body, idempotency_key(&headers, &principal), Some(reseller_id))?;
    if body.provider_id.is_none() {
        form.provider_id = provider_id.into();
    }
    let summary_id = app::offers::service::create_offer(&state.store, &principal, &form).await.map_err(|e| super::offers::offer_problem(e, &body))?;
    let resold = app::resellers::service::resold_offers(&state.store, &principal, reseller_id, &origin(&state, &headers)).await?;
    let offer = ResellerOffers::from(resold).offers.into_iter().find(|o| o.summary_id == summary_id).ok_or(app::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(offer)))
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
    let items = rows.into_iter().map(PendingRequest::from).collect();
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

/// For an indirect reseller: your indirect providers, each with the customers you serve for it
/// and, per subscription, whether you are its reseller of record and its support contact (the
/// Indirect providers page, and a reseller's Customers page).
#[utoipa::path(get, path = "/providers", tag = "Partnerships", params(PageQuery),
    responses((status = 200, description = "One page of your providers", body = ProviderList)))]
pub async fn list_providers(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<ProviderList>> {
    let window = Window::from_query(&paging)?;
    let providers = app::resellers::service::providers(&state.store, &principal).await?;
    let (data, next_cursor) = window.slice(providers.into_iter().map(Provider::from).collect());
    Ok(Json(ProviderList { data, next_cursor }))
}

/// Asks an indirect provider found in the directory to partner (a reseller's key). The
/// provider's Global admins are emailed; at most 10 requests a day.
#[utoipa::path(post, path = "/partnership-asks", tag = "Partnerships", request_body = AskToPartner,
    responses((status = 201, description = "The request, waiting for the provider's answer", body = PartnershipAsk)))]
pub async fn ask_to_partner(
    State(state): State<AppState>,
    principal: Principal,
    body: ApiJson<AskToPartner>,
) -> ApiResult<(StatusCode, Json<PartnershipAsk>)> {
    let pointer = |e: app::error::AppError| ApiError::from(e).map_fields(|f| format!("/{f}"));
    let body = body.parse()?;
    let now = state.clock.now();
    let origin = state.email_origin();
    let id = app::resellers::asks::service::ask(&state.store, &principal, body.provider_id, &body.message, now, &origin).await.map_err(pointer)?;
    let sent = app::resellers::asks::service::sent(&state.store, &principal).await?;
    let made = sent.into_iter().find(|a| a.id == id).ok_or(app::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(PartnershipAsk::from(made))))
}

/// Requests to partner: those waiting for your answer (`side=received`, a provider's key) or
/// those you sent (`side=sent`, a reseller's key, newest first, the last 50).
#[utoipa::path(get, path = "/partnership-asks", tag = "Partnerships", params(AskSideQuery),
    responses((status = 200, description = "The requests", body = PartnershipAskList)))]
pub async fn list_partnership_asks(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(query): ApiQuery<AskSideQuery>,
) -> ApiResult<Json<PartnershipAskList>> {
    let asks = match query.side {
        AskSide::Received => app::resellers::asks::service::received(&state.store, &principal).await?,
        AskSide::Sent => app::resellers::asks::service::sent(&state.store, &principal).await?,
    };
    Ok(Json(PartnershipAskList { data: asks.into_iter().map(PartnershipAsk::from).collect() }))
}

/// Accepts (the reseller becomes your partner at once) or declines a request to partner that
/// waits for your answer. The reseller's Global admins are emailed.
#[utoipa::path(post, path = "/partnership-asks/{id}/answer", tag = "Partnerships", request_body = AnswerPartnershipAsk,
    params(("id" = i64, Path, description = "The request's ID")),
    responses((status = 200, description = "The answered request", body = PartnershipAsk)))]
pub async fn answer_partnership_ask(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<i64>,
    body: ApiJson<AnswerPartnershipAsk>,
) -> ApiResult<Json<PartnershipAsk>> {
    let body = body.parse()?;
    let answer = match body.answer {
        AskAnswerInput::Accept => app::resellers::AskAnswer::Accept,
        AskAnswerInput::Decline => app::resellers::AskAnswer::Decline,
    };
    let now = state.clock.now();
    let waiting = app::resellers::asks::service::received(&state.store, &principal).await?.into_iter().find(|a| a.id == id);
    app::resellers::asks::service::answer(&state.store, &principal, id, answer, now, &state.email_origin()).await?;
    // Read back as the provider saw it, with its new state.
    let mut answered = waiting.ok_or(app::error::AppError::NotFound)?;
    answered.state = match answer {
        app::resellers::AskAnswer::Accept => app::resellers::AskState::Accepted,
        app::resellers::AskAnswer::Decline => app::resellers::AskState::Declined,
    };
    answered.answered_at = Some(now);
    Ok(Json(PartnershipAsk::from(answered)))
}
