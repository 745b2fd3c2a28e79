//! Errors of the REST API as `application/problem+json` (RFC 9457), with a list of field
//! problems whose `code` is machine-readable and whose `pointer` names the request member.

use app::error::{AppError, FieldError};
use app::i18n::Locale;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that was refused.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    /// A JSON Pointer (RFC 6901) to the member of the request that was refused, or the name
    /// of the query parameter.
    pub pointer: String,
    /// What is wrong, machine-readable: `required`, `too_long`, `license_range`, `email`, …
    pub code: String,
    /// What is wrong, for a person (English).
    pub detail: String,
    /// The limits involved, when there are some (`{"min": 1, "max": 300}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub params: Option<serde_json::Value>,
}

/// A problem detail (RFC 9457). `type` is a link to the problem's description in the API
/// reference.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// A machine-readable name for the problem (`validation`, `not_found`, `rate_limited`, …;
    /// for refused actions the rule: `not_partnered`, `offer_withdrawn`, …).
    pub code: String,
    /// Every refused field, when the request was invalid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// An API failure, answered as a problem.
#[derive(Debug)]
pub struct ApiError {
    /// Boxed: every handler returns `Result<_, ApiError>`, and the success path should not
    /// carry the problem's size.
    pub problem: Box<Problem>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, title: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            problem: Box::new(Problem {
                type_: format!("/api/v1/docs#problem-{code}"),
                title: title.to_string(),
                status: status.as_u16(),
                detail: detail.into(),
                code: code.to_string(),
                errors: Vec::new(),
            }),
            retry_after: None,
        }
    }

    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Missing or invalid API key",
            "Send an API key of your organisation as `Authorization: Bearer pdk_…`. A Global admin creates keys under Settings > API keys; a revoked key stops working at once.",
        )
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found", "No such record in your organisation, or no such path under /api/v1.")
    }

    pub fn unsupported_media_type() -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send JSON",
            "Send the body as JSON with `Content-Type: application/json`.",
        )
    }

    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", "The request could not be read", detail)
    }

    /// A validation failure on one request member.
    pub fn invalid(pointer: &str, code: &str, detail: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "The request has invalid fields",
            "Correct the fields listed in `errors` and send the request again.",
        );
        error.problem.errors.push(FieldProblem { pointer: pointer.to_string(), code: code.to_string(), detail: detail.into(), params: None });
        error
    }

    /// Renames the domain's field names to pointers into this operation's request.
    pub fn map_fields(mut self, rename: impl Fn(&str) -> String) -> ApiError {
        for e in &mut self.problem.errors {
            e.pointer = rename(&e.pointer);
        }
        self
    }
}

/// The limits a problem mentions, as JSON.
fn params(problem: &app::error::Problem) -> Option<serde_json::Value> {
    use app::error::Problem as P;
    match problem {
        P::TooLong { max } | P::TooMany { max } => Some(serde_json::json!({ "max": max })),
        P::LicenseRange { min, max } => Some(serde_json::json!({ "min": min, "max": max })),
        P::PasswordTooShort { min } => Some(serde_json::json!({ "min": min })),
        P::LogoTooLarge { max_kb } => Some(serde_json::json!({ "max_kb": max_kb })),
        P::UnknownCountry { typed } => Some(serde_json::json!({ "typed": typed })),
        _ => None,
    }
}

fn field_problem(error: &FieldError) -> FieldProblem {
    FieldProblem {
        pointer: error.field.clone(),
        code: error.problem.code().to_string(),
        detail: error.problem.message(Locale::En),
        params: params(&error.problem),
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let detail = error.message(Locale::En);
        match &error {
            AppError::NotSignedIn => ApiError::unauthenticated(),
            AppError::MissingRole { .. } => ApiError::new(status, "forbidden", "The API key lacks a role", format!("{detail} Create a key that carries one of these roles.")),
            AppError::WrongProgram { .. } => ApiError::new(status, "wrong_program", "Not available to your organisation", detail),
            AppError::NotFound => ApiError::not_found(),
            AppError::Invalid(errors) => {
                let mut e = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    "The request has invalid fields",
                    "Correct the fields listed in `errors` and send the request again.",
                );
                e.problem.errors = errors.iter().map(field_problem).collect();
                e
            }
            AppError::Conflict => ApiError::new(status, "conflict", "Conflicting change", detail),
            AppError::Refused(refusal) => ApiError::new(status, refusal.code(), "Refused by a business rule", detail),
            AppError::TooManyAttempts { .. }
            | AppError::RateLimited { .. }
            | AppError::TooManyTestEvents { .. }
            | AppError::TooManyMessages { .. } => {
                ApiError::new(status, "rate_limited", "Too many requests", detail)
            }
            AppError::WrongCredentials => ApiError::unauthenticated(),
            AppError::PasswordChangeRequired => ApiError::new(status, "password_change_required", "Password change required", detail),
            AppError::TwoStepSetupRequired => ApiError::new(status, "two_step_setup_required", "Two-step verification setup required", detail),
            AppError::Request(text) => ApiError::bad_request(text.clone()),
            AppError::Internal => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Server error",
                "PartnerDesk could not complete the request; nothing was half-written. Try again; if it keeps failing, tell your PartnerDesk operator the time of the request.",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&*self.problem).unwrap_or_else(|_| "{}".to_string());
        let mut response = (status, body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::unsupported_media_type(),
            JsonRejection::JsonDataError(e) => {
                // serde names the member and what it expected: "lines[0].license_count: invalid type…"
                let text = e.body_text();
                let rest = text.strip_prefix("Failed to deserialize the JSON body into the target type: ").unwrap_or(&text);
                let (path, what) = match rest.split_once(": ") {
                    Some((path, what)) if !path.contains(' ') => (path, what),
                    _ => ("", rest),
                };
                let mut pointer = json_pointer(path);
                let code = if let Some(field) = what.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                    pointer = format!("{}/{field}", pointer.trim_end_matches('/'));
                    "required"
                } else {
                    "type"
                };
                let mut error = ApiError::invalid(&pointer, code, what);
                error.problem.detail = "A member of the body is missing or has the wrong type; see `errors`.".to_string();
                error
            }
            other => ApiError::bad_request(format!("The body is not valid JSON: {}", other.body_text())),
        }
    }
}

/// `lines[0].license_count` → `/lines/0/license_count`.
fn json_pointer(serde_path: &str) -> String {
    if serde_path.is_empty() || serde_path == "." {
        return "/".to_string();
    }
    let mut out = String::new();
    for part in serde_path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            out.push('/');
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            for index in rest.split('[').filter(|s| !s.is_empty()) {
                out.push('/');
                out.push_str(index.trim_end_matches(']'));
            }
        } else {
            out.push('/');
            out.push_str(rest);
        }
    }
    out
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        let mut error = ApiError::invalid("query", "type", rejection.body_text());
        error.problem.detail = "A query parameter has the wrong type; see `errors`.".to_string();
        error
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        let _ = rejection;
        ApiError::not_found()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_paths_become_json_pointers() {
        assert_eq!(json_pointer("lines[0].license_count"), "/lines/0/license_count");
        assert_eq!(json_pointer("office_id"), "/office_id");
        assert_eq!(json_pointer(""), "/");
    }

    #[test]
    fn validation_errors_list_every_field_with_a_code() {
        let error: ApiError = AppError::Invalid(vec![
            FieldError::new("company_name", app::error::Problem::Required),
            FieldError::new("license_count.X", app::error::Problem::LicenseRange { min: 1, max: 300 }),
        ])
        .into();
        assert_eq!(error.problem.status, 422);
        assert_eq!(error.problem.errors[0].code, "required");
        assert_eq!(error.problem.errors[1].params, Some(serde_json::json!({ "min": 1, "max": 300 })));
        assert!(error.problem.errors[1].detail.contains("300"), "{}", error.problem.errors[1].detail);
    }
}
