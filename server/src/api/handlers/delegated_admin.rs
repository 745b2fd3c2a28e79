//! Delegated administration: your GDAP relationships with your customers (advisors and
//! indirect providers), the same services as the Delegated administration pages.

use super::*;
use app::auth::ssr::Caller as _;

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

/// The role catalogue: every built-in directory role a relationship or an offer can ask for,
/// with its code (used in `roles`), its name and description in each language, whether it is
/// privileged, and the roles with fewer permissions usually enough instead.
#[utoipa::path(get, path = "/delegated-admin/roles", tag = "Delegated administration",
    responses((status = 200, description = "Every role, in catalogue order", body = DelegatedAdminRoleList)))]
pub async fn list_roles(_principal: Principal) -> ApiResult<Json<DelegatedAdminRoleList>> {
    Ok(Json(DelegatedAdminRoleList { data: app::offers::GdapRole::all().map(DelegatedAdminRole::from).collect() }))
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
    let roles = role_codes(&body.roles).map_err(pointer)?;
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

/// One relationship with a customer, with its access assignments.
#[utoipa::path(get, path = "/customers/{id}/delegated-admin/{relationship_id}", tag = "Delegated administration",
    params(("id" = i64, Path, description = "The customer's ID"), ("relationship_id" = i64, Path, description = "The relationship's ID")),
    responses((status = 200, description = "The relationship", body = DelegatedAdminRelationship)))]
pub async fn get_relationship(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    ApiPath((id, relationship_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<DelegatedAdminRelationship>> {
    let found =
        app::delegated_admin::service::relationship_with_assignments(&state.store, &principal, id, relationship_id, state.clock.now()).await?;
    Ok(Json(DelegatedAdminRelationship::with_assignments(found, &origin(&state, &headers))))
}

/// Gives one of your security groups some of a live relationship's roles (never one the
/// customer did not grant; each group once per relationship, at most 20 groups).
#[utoipa::path(post, path = "/customers/{id}/delegated-admin/{relationship_id}/assignments", tag = "Delegated administration",
    request_body = AssignDelegatedAdminRoles,
    params(("id" = i64, Path, description = "The customer's ID"), ("relationship_id" = i64, Path, description = "The relationship's ID")),
    responses((status = 201, description = "The access assignment", body = DelegatedAdminAssignment)))]
pub async fn assign_roles(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, relationship_id)): ApiPath<(i64, i64)>,
    body: ApiJson<AssignDelegatedAdminRoles>,
) -> ApiResult<(StatusCode, Json<DelegatedAdminAssignment>)> {
    let pointer = |e: app::error::AppError| ApiError::from(e).map_fields(|f| format!("/{f}"));
    principal.require(app::roles::Permission::ManageDelegatedAdmin).map_err(pointer)?;
    let body = body.parse()?;
    let roles = role_codes(&body.roles).map_err(pointer)?;
    let form = app::delegated_admin::AccessAssignmentForm { group_name: body.group_name, roles };
    let now = state.clock.now();
    let assignment = app::delegated_admin::service::assign(&state.store, &principal, id, relationship_id, &form, now).await.map_err(pointer)?;
    let found = app::delegated_admin::service::relationship_with_assignments(&state.store, &principal, id, relationship_id, now).await?;
    let made = found.assignments.into_iter().find(|a| a.id == assignment).ok_or(app::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(DelegatedAdminAssignment::from(made))))
}

/// Removes an access assignment of a relationship.
#[utoipa::path(delete, path = "/customers/{id}/delegated-admin/{relationship_id}/assignments/{assignment_id}", tag = "Delegated administration",
    params(("id" = i64, Path, description = "The customer's ID"), ("relationship_id" = i64, Path, description = "The relationship's ID"),
        ("assignment_id" = i64, Path, description = "The access assignment's ID")),
    responses((status = 204, description = "Removed")))]
pub async fn unassign_roles(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, relationship_id, assignment_id)): ApiPath<(i64, i64, i64)>,
) -> ApiResult<StatusCode> {
    principal.require(app::roles::Permission::ManageDelegatedAdmin)?;
    // Only an assignment of this relationship of this customer: any other answers not found.
    let found =
        app::delegated_admin::service::relationship_with_assignments(&state.store, &principal, id, relationship_id, state.clock.now()).await?;
    if !found.assignments.iter().any(|a| a.id == assignment_id) {
        return Err(app::error::AppError::NotFound.into());
    }
    app::delegated_admin::service::unassign(&state.store, &principal, assignment_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your organisation's role templates, by name.
#[utoipa::path(get, path = "/delegated-admin/templates", tag = "Delegated administration",
    responses((status = 200, description = "Every template", body = RoleTemplateList)))]
pub async fn list_templates(State(state): State<AppState>, principal: Principal) -> ApiResult<Json<RoleTemplateList>> {
    let templates = app::delegated_admin::service::templates(&state.store, &principal).await?;
    Ok(Json(RoleTemplateList { data: templates.templates.into_iter().map(RoleTemplate::from).collect() }))
}

/// Saves a role template: a name (unique in your organisation, at most 60 characters) and 1 to
/// 20 roles; at most 50 templates.
#[utoipa::path(post, path = "/delegated-admin/templates", tag = "Delegated administration", request_body = AddRoleTemplate,
    responses((status = 201, description = "The template", body = RoleTemplate)))]
pub async fn add_template(
    State(state): State<AppState>,
    principal: Principal,
    body: ApiJson<AddRoleTemplate>,
) -> ApiResult<(StatusCode, Json<RoleTemplate>)> {
    let pointer =
        |e: app::error::AppError| ApiError::from(e).map_fields(|f| if f == "template_name" { "/name".to_string() } else { format!("/{f}") });
    principal.require(app::roles::Permission::ManageDelegatedAdmin).map_err(pointer)?;
    let body = body.parse()?;
    let roles = role_codes(&body.roles).map_err(pointer)?;
    let form = app::delegated_admin::RoleTemplateForm { name: body.name, roles };
    let id = app::delegated_admin::service::add_template(&state.store, &principal, &form, state.clock.now()).await.map_err(pointer)?;
    let templates = app::delegated_admin::service::templates(&state.store, &principal).await?;
    let made = templates.templates.into_iter().find(|t| t.id == id).ok_or(app::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(RoleTemplate::from(made))))
}

/// Removes one of your role templates.
#[utoipa::path(delete, path = "/delegated-admin/templates/{template_id}", tag = "Delegated administration",
    params(("template_id" = i64, Path, description = "The template's ID")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_template(State(state): State<AppState>, principal: Principal, ApiPath(template_id): ApiPath<i64>) -> ApiResult<StatusCode> {
    app::delegated_admin::service::remove_template(&state.store, &principal, template_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Role codes as roles: at most [`app::delegated_admin::ROLES_MAX`], each one of the catalogue's.
fn role_codes(codes: &[String]) -> Result<Vec<app::offers::GdapRole>, app::error::AppError> {
    if codes.len() > app::delegated_admin::ROLES_MAX {
        return Err(app::error::AppError::invalid("roles", app::error::Problem::GdapRolesMax));
    }
    codes
        .iter()
        .map(|code| app::offers::GdapRole::from_code(code).ok_or(app::error::AppError::invalid("roles", app::error::Problem::GdapRoles)))
        .collect()
}
