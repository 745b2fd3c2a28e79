//! `GET /settings/audit-log.csv?…`: Settings > Audit log's Export, the filtered log as a CSV
//! download (`app::audit::service::export`).

use app::audit::AuditFilter;
use app::auth::ssr::{AuthSession, SessionCaller};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn export(State(state): State<AppState>, session: AuthSession, Query(filter): Query<AuditFilter>) -> Response {
    let caller = match SessionCaller::of(&state.store, session).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match app::audit::service::export(&state.store, &caller, &filter).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"audit-log.csv\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(AppError::Internal) => {
            tracing::error!("audit export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}
