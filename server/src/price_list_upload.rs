//! `POST /operator/price-lists/upload`: the operator's price list file, kept for its preview.
//! (An axum handler, not a server function: the file comes as `multipart/form-data`.)

use app::auth::ssr::{AuthSession, SessionCaller};
use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// Keeps the file of the form's `file` field and answers with its preview page; without a
/// file, back to the list, which says so. Only an operator's session gets that far: the body
/// is not read before.
pub async fn upload(State(state): State<AppState>, session: AuthSession, mut multipart: Multipart) -> Response {
    let list = app::price_lists::PRICE_LISTS_PATH;
    // Refused before the body is read: the connection closes (a client reusing it would find
    // the unread file in the way).
    let refuse = |response: Response| -> Response {
        let mut response = response;
        response.headers_mut().insert(axum::http::header::CONNECTION, axum::http::HeaderValue::from_static("close"));
        response
    };
    let caller = match SessionCaller::of(&state.store, session).await {
        Ok(Some(caller)) => caller,
        Ok(None) => return refuse(Redirect::to(&format!("/sign-in?next={list}")).into_response()),
        Err(_) => return refuse(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    };
    if app::auth::ssr::Caller::require(&caller, app::roles::Permission::ManagePriceLists).is_err() {
        return refuse(StatusCode::FORBIDDEN.into_response());
    }
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or("price-list.csv").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, bytes)| !bytes.is_empty()) else {
        return Redirect::to(&format!("{list}?upload=missing")).into_response();
    };
    match app::price_lists::service::keep_upload(&state.store, &caller, &name, &bytes).await {
        Ok(id) => Redirect::to(&format!("{}/{id}", app::price_lists::UPLOADS_PATH)).into_response(),
        Err(app::error::AppError::Invalid(_)) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "could not keep a price list upload");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
