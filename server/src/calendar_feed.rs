//! `GET /calendar/<token>.ics`: a user's Renewals and deadlines as an iCalendar feed their
//! calendar app subscribes to. The secret address is the only credential (calendar apps send
//! no cookie); what it lists follows the user's permissions at each request, and a deactivated
//! user, a suspended organisation or a replaced address answer 404, as an unknown one does.

use app::deadlines::Deadline;
use app::i18n::{Locale, Texts};
use app::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use icalendar::{Calendar, Component, EventLike};

/// The query of a feed address: the language its events are written in.
#[derive(serde::Deserialize)]
pub struct FeedQuery {
    lang: Option<String>,
}

pub async fn feed(State(state): State<AppState>, Path(file): Path<String>, Query(query): Query<FeedQuery>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else { return StatusCode::NOT_FOUND.into_response() };
    let locale = query.lang.as_deref().filter(|l| l.len() <= 10).and_then(Locale::from_tag).unwrap_or_default();
    match app::renewals::service::calendar_feed(&state.store, token, state.clock.now()).await {
        Ok(deadlines) => {
            let origin = app_origin(&state);
            (
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (header::CACHE_CONTROL, "private, no-cache"),
                    (header::HeaderName::from_static("x-robots-tag"), "noindex"),
                ],
                calendar(&deadlines, &origin, &locale),
            )
                .into_response()
        }
        Err(app::error::AppError::Internal) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        // Unknown, replaced, or its user may no longer see it: the same answer for each.
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The site's address for the events' links: `PUBLIC_URL`, else the listen address.
fn app_origin(state: &AppState) -> String {
    state.public_url.clone().unwrap_or_else(|| format!("http://{}", state.leptos_options.site_addr))
}

/// The deadlines as an iCalendar document: one 30-minute event ending at each deadline, named
/// in `texts`'s language, with a link to the page that acts on it.
pub fn calendar(deadlines: &[Deadline], origin: &str, texts: &dyn Texts) -> String {
    let mut calendar = Calendar::new();
    calendar.name(texts.text(app::i18n::Key::CalendarName));
    for deadline in deadlines {
        let (Some(at), Some(start)) = (chrono::DateTime::from_timestamp(deadline.at, 0), chrono::DateTime::from_timestamp(deadline.at - 1800, 0))
        else {
            continue;
        };
        let link = format!("{origin}{}", deadline.path);
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}@partnerdesk", deadline.uid))
            .summary(&deadline.title(texts))
            .description(&format!("{}\n{link}", app::format::date_time(deadline.at, texts.locale())))
            .starts(start)
            .ends(at)
            .add_property("URL", &link);
        calendar.push(event.done());
    }
    calendar.done().to_string()
}
