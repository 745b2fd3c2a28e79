//! An indirect provider's customers and their subscriptions.

use super::*;

async fn load_customer(state: &AppState, principal: &Principal, id: i64) -> ApiResult<Customer> {
    Ok(Customer::from(app::customers::service::customer(&state.store, principal, id).await?))
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
        lines: body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.into())).collect(),
        idempotency_key: idempotency_key(&headers, &principal),
        plans: body.lines.iter().filter_map(|l| Some((l.subscription_id.clone(), l.plan.clone()?))).collect(),
    };
    let setup = app::customers::service::create_customer(&state.store, &principal, &order)
        .await
        .map_err(|e| ApiError::from(e).map_fields(|f| line_pointer(body.lines.iter().map(|l| l.subscription_id.as_str()), f)))?;
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
    Ok(Json(CustomerList { data: rows.into_iter().map(Customer::from).collect(), next_cursor: window.next(total) }))
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
    let lines: Vec<(String, app::validate::WholeNumber)> = body.lines.iter().map(|l| (l.subscription_id.clone(), l.license_count.into())).collect();
    let plans: Vec<(String, String)> = body.lines.iter().filter_map(|l| Some((l.subscription_id.clone(), l.plan.clone()?))).collect();
    app::customers::service::add_subscriptions(&state.store, &principal, id, &lines, &plans, body.reseller_id)
        .await
        .map_err(|e| ApiError::from(e).map_fields(|f| line_pointer(body.lines.iter().map(|l| l.subscription_id.as_str()), f)))?;
    Ok((StatusCode::CREATED, Json(load_customer(&state, &principal, id).await?)))
}

/// Changes a subscription's license count, reseller of record (by MPN ID) or designated
/// support contact. Members left out keep their value. A reseller's key changes the license
/// count of the subscriptions it is reseller of record for (while partnered with their
/// provider); naming the reseller of record or the support contact is the provider's
/// (422 `provider_only`).
#[utoipa::path(patch, path = "/customers/{id}/subscriptions/{subscription_id}", tag = "Customers", request_body = UpdateSubscription,
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The changed subscription", body = Subscription)))]
pub async fn update_subscription(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
    body: ApiJson<UpdateSubscription>,
) -> ApiResult<Json<Subscription>> {
    use app::customers::{service, SubscriptionEditor};
    // The body's rules are told only to a key that may change subscriptions.
    service::may_change_subscriptions(&principal)?;
    let body = body.parse()?;
    let current = service::editable(&state.store, &principal, id, subscription_id).await?;
    let pointer = |e: app::error::AppError| ApiError::from(e).map_fields(|f| format!("/{f}"));
    let now = state.clock.now();
    match current.editor {
        SubscriptionEditor::Provider => {
            let subscription = &current.subscription;
            let change = app::customers::SubscriptionChange {
                license_count: body.license_count.unwrap_or(subscription.license_count).into(),
                reseller_mpn_id: match body.reseller_mpn_id {
                    None => subscription.reseller_of_record_mpn_id.clone().unwrap_or_default(),
                    Some(value) => value.unwrap_or_default(),
                },
                support_contact_id: match body.support_contact_id {
                    None => subscription.support_contact_id.map(Into::into).unwrap_or_default(),
                    Some(value) => value.map(Into::into).unwrap_or_default(),
                },
            };
            service::update_subscription(&state.store, &principal, id, subscription_id, &change, now).await.map_err(pointer)?;
        }
        SubscriptionEditor::ResellerOfRecord => {
            let provider_only = [("reseller_mpn_id", body.reseller_mpn_id.is_some()), ("support_contact_id", body.support_contact_id.is_some())];
            if let Some((field, _)) = provider_only.into_iter().find(|(_, named)| *named) {
                return Err(pointer(app::error::AppError::invalid(field, app::error::Problem::ProviderOnly)));
            }
            let typed = body.license_count.unwrap_or(current.subscription.license_count).into();
            service::change_license_count(&state.store, &principal, id, subscription_id, &typed, now).await.map_err(pointer)?;
        }
    }
    Ok(Json(service::editable(&state.store, &principal, id, subscription_id).await?.subscription.into()))
}

/// Cancels a subscription within its change window (168 hours after purchase or renewal),
/// refunding the days left of its billing period. Outside the window: 422 with
/// `change_window_closed` (and when the next window opens).
#[utoipa::path(post, path = "/customers/{id}/subscriptions/{subscription_id}/cancel", tag = "Customers",
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The cancelled subscription and its refund", body = SubscriptionCancelled)))]
pub async fn cancel_subscription(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<SubscriptionCancelled>> {
    // The refusal is about the subscription, not a member of a body: its pointer is the root.
    let cancelled = app::customers::subscriptions::service::cancel(&state.store, &principal, id, subscription_id, state.clock.now())
        .await
        .map_err(|e| ApiError::from(e).map_fields(|_| String::new()))?;
    let customer = load_customer(&state, &principal, id).await?;
    let subscription = customer.subscriptions.into_iter().find(|s| s.id == subscription_id).ok_or_else(ApiError::not_found)?;
    let refund = cancelled.refund.map(|(amount, currency)| Amount { currency, amount: amount.to_string() });
    Ok(Json(SubscriptionCancelled { subscription, refund }))
}

/// Sets what happens at a subscription's next renewal: the license count and plan it renews
/// with, and whether it renews at all (auto-renew). A reseller's key sets it for the
/// subscriptions it is reseller of record for (while partnered with their provider).
#[utoipa::path(put, path = "/customers/{id}/subscriptions/{subscription_id}/renewal", tag = "Customers", request_body = SetRenewal,
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The subscription with its renewal", body = Subscription)))]
pub async fn set_renewal(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
    body: ApiJson<SetRenewal>,
) -> ApiResult<Json<Subscription>> {
    // The body's rules are told only to a key that may change subscriptions.
    app::customers::service::may_change_subscriptions(&principal)?;
    let body = body.parse()?;
    let form = app::subscriptions::RenewalForm {
        license_count: body.license_count.map(Into::into).unwrap_or_default(),
        plan: body.plan.unwrap_or_default(),
        auto_renew: body.auto_renew,
    };
    let pointer = |field: &str| match field {
        "renewal_license_count" => "/license_count".to_string(),
        "renewal_plan" => "/plan".to_string(),
        other => format!("/{other}"),
    };
    app::customers::subscriptions::service::set_renewal(&state.store, &principal, id, subscription_id, &form, state.clock.now())
        .await
        .map_err(|e| ApiError::from(e).map_fields(pointer))?;
    Ok(Json(app::customers::service::editable(&state.store, &principal, id, subscription_id).await?.subscription.into()))
}

/// Suspends an active subscription: it keeps its licenses and does not renew while suspended.
#[utoipa::path(post, path = "/customers/{id}/subscriptions/{subscription_id}/suspend", tag = "Customers",
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The suspended subscription", body = Subscription)))]
pub async fn suspend_subscription(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Subscription>> {
    set_suspended(&state, &principal, id, subscription_id, true).await
}

/// Reactivates a suspended subscription before its end date.
#[utoipa::path(post, path = "/customers/{id}/subscriptions/{subscription_id}/reactivate", tag = "Customers",
    params(("id" = i64, Path, description = "The customer's ID"), ("subscription_id" = i64, Path, description = "The subscription's ID (`subscriptions[].id`)")),
    responses((status = 200, description = "The active subscription", body = Subscription)))]
pub async fn reactivate_subscription(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath((id, subscription_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Subscription>> {
    set_suspended(&state, &principal, id, subscription_id, false).await
}

async fn set_suspended(state: &AppState, principal: &Principal, id: i64, subscription_id: i64, suspend: bool) -> ApiResult<Json<Subscription>> {
    app::customers::subscriptions::service::set_suspended(&state.store, principal, id, subscription_id, suspend, state.clock.now())
        .await
        .map_err(|e| ApiError::from(e).map_fields(|_| String::new()))?;
    let customer = load_customer(state, principal, id).await?;
    Ok(Json(customer.subscriptions.into_iter().find(|s| s.id == subscription_id).ok_or_else(ApiError::not_found)?))
}

/// The incentive report: your customers' live subscriptions for which no reseller earns
/// incentives (no reseller of record, or one no longer partnered), or whose designated support
/// contact is no longer a partner. By customer and subscription.
#[utoipa::path(get, path = "/incentives", tag = "Customers", params(PageQuery),
    responses((status = 200, description = "One page of subscriptions to fix", body = IncentiveList)))]
pub async fn incentive_report(
    State(state): State<AppState>,
    principal: Principal,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> ApiResult<Json<IncentiveList>> {
    let window = Window::from_query(&paging)?;
    let report = app::customers::incentives::service::report(&state.store, &principal, window.page(), window.limit).await?;
    Ok(Json(IncentiveList { data: report.rows.into_iter().map(Incentive::from).collect(), next_cursor: window.next(report.total) }))
}

/// Makes a partnered reseller the reseller of record (and, with `support_contact_too`, the
/// designated support contact) of some subscriptions, in one transaction; each change is
/// audited and sent as `subscription.changed`.
#[utoipa::path(post, path = "/incentives/fix", tag = "Customers", request_body = FixIncentives,
    responses((status = 200, description = "How many subscriptions changed", body = IncentivesFixed)))]
pub async fn fix_incentives(State(state): State<AppState>, principal: Principal, body: ApiJson<FixIncentives>) -> ApiResult<Json<IncentivesFixed>> {
    // The body's rules are told only to a key that may manage customers.
    app::customers::service::may_manage_customers(&principal)?;
    let body = body.parse()?;
    let fix = app::incentives::IncentiveFix {
        subscriptions: body.subscription_ids,
        reseller_id: body.reseller_id.into(),
        support_contact_too: body.support_contact_too,
    };
    let pointer = |field: &str| if field == "subscriptions" { "/subscription_ids".to_string() } else { format!("/{field}") };
    let changed =
        app::customers::incentives::service::fix(&state.store, &principal, &fix).await.map_err(|e| ApiError::from(e).map_fields(pointer))?;
    Ok(Json(IncentivesFixed { changed }))
}
