//! Delegated administration: your GDAP relationships with your customers (advisors and
//! indirect providers), the same services as the Delegated administration pages.

use super::*;

/// Your relationships, by customer (newest first within one), or soonest end first when
/// filtered by `ending_within_days`.
#[utoipa::path(get, path = "/delegated-admin", tag = "Delegated administration", params(DelegatedAdminQuery, PageQuery),
    responses((status = 200, description = "One page of relationships", body = DelegatedAdminList)))]
pub async fn list_relationships(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<DelegatedAdminQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<DelegatedAdminList>> {
    let window = Window::from_query(&paging)?;
    let ending = match query.ending_within_days {
        Some(days) if !(1..=730).contains(&days) => {
            return Err(app::error::AppError::invalid("ending_within_days", app::error::Problem::WholeNumber { min: 1, max: 730 }).into());
        }
        other => other,
    };
    let filter =
        app::delegated_admin::RelationshipFilter { status: query.status.map(Into::into), ending_within_days: ending, customer_id: query.customer_id };
    let list = app::delegated_admin::service::list(&state.store, &principal, &filter, window.page(), window.limit, state.clock.now()).await?;
    let origin = origin(&state, &headers);
    Ok(Json(DelegatedAdminList {
        data: list.rows.into_iter().map(|r| DelegatedAdminRelationship::from_relationship(r, &origin)).collect(),
        next_cursor: window.next(list.total),
    }))
}

/// Asks a customer for a new relationship. It waits for approval (90 days at most) through
/// the answer's `approval_url`; your organisation needs the delegated-administration
/// certification.
#[utoipa::path(post, path = "/customers/{id}/delegated-admin", tag = "Delegated administration", request_body = RequestDelegatedAdmin,
    params(("id" = i64, Path, description = "The customer's ID")),
    responses((status = 201, description = "The relationship, waiting for approval", body = DelegatedAdminRelationship)))]
pub async fn request_relationship(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    body: ApiJson<RequestDelegatedAdmin>,
) -> ApiResult<(StatusCode, Json<DelegatedAdminRelationship>)> {
    let pointer = |e: app::error::AppError| ApiError::from(e).map_fields(|f| format!("/{f}"));
    // The body's rules are told only to a key that may ask.
    app::delegated_admin::service::may_request(&principal).map_err(pointer)?;
    let body = body.parse()?;
    let roles: Vec<app::offers::GdapRole> = body.roles.iter().take(20).filter_map(|code| app::offers::GdapRole::from_code(code)).collect();
    if roles.len() != body.roles.len() {
        return Err(pointer(app::error::AppError::invalid("roles", app::error::Problem::GdapRoles)));
    }
    let request =
        app::delegated_admin::RelationshipRequest { name: body.name, roles, duration_days: body.duration_days.into(), auto_extend: body.auto_extend };
    let made = app::delegated_admin::service::request(&state.store, &principal, id, &request, state.clock.now()).await.map_err(pointer)?;
    Ok((StatusCode::CREATED, Json(DelegatedAdminRelationship::from_relationship(made, &origin(&state, &headers)))))
}

/// Terminates a relationship with a customer (waiting, active or expiring): your organisation
/// no longer administers the customer through it.
#[utoipa::path(post, path = "/customers/{id}/delegated-admin/{relationship_id}/terminate", tag = "Delegated administration",
    params(("id" = i64, Path, description = "The customer's ID"), ("relationship_id" = i64, Path, description = "The relationship's ID")),
    responses((status = 200, description = "The terminated relationship", body = DelegatedAdminRelationship)))]
pub async fn terminate_relationship(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath((id, relationship_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<DelegatedAdminRelationship>> {
    let now = state.clock.now();
    // Only the customer's own relationship: another's answers not found, unchanged.
    app::delegated_admin::service::relationship(&state.store, &principal, id, relationship_id, now).await?;
    app::delegated_admin::service::terminate(&state.store, &principal, relationship_id, now).await?;
    let ended = app::delegated_admin::service::relationship(&state.store, &principal, id, relationship_id, now).await?;
    Ok(Json(DelegatedAdminRelationship::from_relationship(ended, &origin(&state, &headers))))
}
