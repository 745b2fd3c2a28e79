//! Purchase offers: create, list, read, withdraw, and their acceptances.

use super::*;

/// Creates a purchase offer (or, with `trial_days`, a trial invitation; with `replaces`, a new
/// version of an offer): the same rules as the Create purchase offer wizard.
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
    let form = offer_form(&body, idempotency_key(&headers, &principal), None)?;
    let summary_id = app::offers::service::create_offer(&state.store, &principal, &form).await.map_err(|e| offer_problem(e, &body))?;
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    Ok((StatusCode::CREATED, Json(Offer::from(detail))))
}

/// The wizard's form of a REST offer (`on_behalf_of`: the reseller a provider makes it for).
pub(super) fn offer_form(body: &CreateOffer, idempotency_key: String, on_behalf_of: Option<i64>) -> Result<app::offers::OfferForm, ApiError> {
    if body.delegated_admin.as_ref().is_some_and(|g| g.roles.len() > app::delegated_admin::ROLES_MAX) {
        return Err(ApiError::from(app::error::AppError::invalid("gdap_roles", app::error::Problem::GdapRolesMax))
            .map_fields(|_| "/delegated_admin/roles".to_string()));
    }
    let mut unknown_roles = Vec::new();
    let form = app::offers::OfferForm {
        provider_id: body.provider_id.map(Into::into).unwrap_or_default(),
        on_behalf_of: on_behalf_of.map(Into::into).unwrap_or_default(),
        office_id: body.office_id.into(),
        usage_location: body.usage_location.clone(),
        lines: body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.into())).collect(),
        plans: body.lines.iter().filter_map(|l| Some((l.subscription_id.clone(), l.plan.clone()?))).collect(),
        adjustments: body.lines.iter().filter_map(|l| Some((l.subscription_id.clone(), l.adjustment.clone()?))).collect(),
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
        gdap_duration_days: body.delegated_admin.as_ref().map(|g| g.duration_days.into()).unwrap_or_default(),
        idempotency_key,
        trial: body.trial_days.is_some(),
        trial_days: body.trial_days.map(Into::into).unwrap_or_default(),
        replaces: body.replaces.clone(),
    };
    if !unknown_roles.is_empty() {
        return Err(ApiError::invalid("/delegated_admin/roles", "gdap_roles", format!("Unknown role codes: {}.", unknown_roles.join(", "))));
    }
    Ok(form)
}

/// A refused offer, its fields named by the request's members.
pub(super) fn offer_problem(error: app::error::AppError, body: &CreateOffer) -> ApiError {
    ApiError::from(error).map_fields(|field| match field {
        "gdap_name" => "/delegated_admin/name".to_string(),
        "gdap_roles" => "/delegated_admin/roles".to_string(),
        "gdap_duration_days" => "/delegated_admin/duration_days".to_string(),
        other => line_pointer(body.lines.iter().map(|l| l.subscription_id.as_str()), other),
    })
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
    Ok(Json(OfferList { data: rows.into_iter().map(OfferSummary::from).collect(), next_cursor: window.next(total) }))
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
    Ok(Json(Offer::from(detail)))
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
    Ok(Json(Offer::from(detail)))
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
    let items: Vec<Acceptance> = detail.acceptances.into_iter().map(Acceptance::from).collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(AcceptanceList { data, next_cursor }))
}

/// What clients who did not accept told the advisor (a question, or a decline with its reason
/// when given), newest first.
#[utoipa::path(get, path = "/offers/{summary_id}/replies", tag = "Offers",
    params(("summary_id" = String, Path, description = "The offer's summary ID"), PageQuery),
    responses((status = 200, description = "One page of replies", body = OfferReplyList)))]
pub async fn offer_replies(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(summary_id): ApiPath<String>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<OfferReplyList>> {
    let window = Window::from_query(&paging)?;
    let detail = app::offers::service::offer(&state.store, &principal, &summary_id, &origin(&state, &headers), app::i18n::Locale::En).await?;
    let items: Vec<OfferReply> = detail.replies.into_iter().map(OfferReply::from).collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(OfferReplyList { data, next_cursor }))
}

/// The trials clients started from your trial invitations and that still run, soonest end
/// first (at most 200).
#[utoipa::path(get, path = "/trials", tag = "Offers", params(PageQuery),
    responses((status = 200, description = "One page of active trials", body = ActiveTrialList)))]
pub async fn active_trials(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<ActiveTrialList>> {
    let window = Window::from_query(&paging)?;
    let items: Vec<ActiveTrial> = app::offers::service::active_trials(&state.store, &principal).await?.into_iter().map(ActiveTrial::from).collect();
    let (data, next_cursor) = window.slice(items);
    Ok(Json(ActiveTrialList { data, next_cursor }))
}
