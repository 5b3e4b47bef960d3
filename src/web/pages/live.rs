//! `/events?b=ID&b=ID…`: the server-sent event stream a page opens to hear about changes
//! to the bulletins it shows (see [`crate::web::events`]).

use crate::web::AppState;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Most bulletins one page may follow.
const MAX_FOLLOWED: usize = 16;

pub async fn events(State(app): State<Arc<AppState>>, RawQuery(query): RawQuery) -> Response {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "b")
        .map(|(_, v)| v)
        .collect();
    // Only names a bulletin folder can have; they need not exist yet (a slot's
    // bulletin that someone is about to make).
    let valid = |id: &String| {
        !id.is_empty()
            && id.len() <= 100
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    if ids.is_empty() || ids.len() > MAX_FOLLOWED || !ids.iter().all(valid) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let (rx, following) = app.events.follow(ids.clone());
    let stopping = app.stopping.clone();
    let stream = stream::unfold(
        (rx, following, ids, stopping),
        |(mut rx, following, ids, mut stopping)| async move {
            loop {
                let received = tokio::select! {
                    r = rx.recv() => r,
                    _ = stopping.wait_for(|stop| *stop) => return None,
                };
                match received {
                    Ok(change) if ids.contains(&change.bulletin) => {
                        let data = serde_json::to_string(&change).unwrap_or_default();
                        let event = Event::default().event("change").data(data);
                        return Some((Ok::<_, Infallible>(event), (rx, following, ids, stopping)));
                    }
                    Ok(_) => {}
                    // Missed some: tell the page to look at everything again.
                    Err(RecvError::Lagged(_)) => {
                        let event = Event::default().event("resync").data("{}");
                        return Some((Ok(event), (rx, following, ids, stopping)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}
