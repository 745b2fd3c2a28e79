//! The organisation's audit log.

use super::*;

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
    let data = lines.into_iter().map(AuditEntry::from).collect();
    Ok(Json(AuditList { data, next_cursor: window.next(total) }))
}
