//! The company logo on an offer: `POST /offers/{summary}/logo` from the Send page (a plain
//! multipart form, so it works without JavaScript) and `GET /offer-logo/{token}`, the image
//! on the client's page. The rules are `app::offers::logo`.

use app::auth::ssr::{AuthSession, SessionCaller};
use app::error::{AppError, Problem};
use app::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

/// Keeps the form's `logo` file, then back to the Send page, which says how it went.
pub async fn upload(State(state): State<AppState>, session: AuthSession, Path(summary): Path<String>, mut multipart: Multipart) -> Response {
    // The summary ID goes into the address answered next: only one of its shape does.
    if !app::offers::codes::is_summary_id(&summary) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let caller = match SessionCaller::of(&state.store, session).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return Redirect::to(&format!("/sign-in?next=/offers/{summary}")).into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if app::offers::service::may_create_offers(&caller).is_err() {
        return StatusCode::FORBIDDEN.into_response();
    }
    let back = |outcome: &str| Redirect::to(&format!("/offers/{summary}?logo={outcome}#logo")).into_response();
    let mut bytes = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("logo") => match field.bytes().await {
                Ok(b) => bytes = b.to_vec(),
                Err(_) => return back("too_large"),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return back("too_large"),
        }
    }
    match app::offers::logo::service::set_logo(&state.store, &caller, &summary, &bytes).await {
        Ok(()) => back("saved"),
        Err(AppError::Invalid(problems)) => back(match problems.first().map(|p| &p.problem) {
            Some(Problem::LogoTooLarge { .. }) => "too_large",
            Some(Problem::Required) => "missing",
            _ => "format",
        }),
        Err(AppError::Internal) => {
            tracing::error!("could not store a logo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
    }
}

/// The logo of the offer with this link token, for the client's page.
pub async fn image(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match app::offers::logo::service::logo(&state.store, &token).await {
        Ok(Some((format, bytes))) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(format.content_type())),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
                (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'")),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "could not read a logo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
