//! What a failed request shows: a short page (or, for the pages' scripts, JSON) with the
//! message in the station's language. Messages never hold server paths beyond the station
//! folder's own names.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;

/// A failed page request: the status and the message staff read.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
    /// Where the page's link goes back to.
    pub back: (&'static str, String),
}

impl WebError {
    pub fn new(status: StatusCode, message: impl Into<String>, back_label: &'static str) -> Self {
        Self {
            status,
            message: message.into(),
            back: (back_label, "/".into()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = html! {
            (maud::DOCTYPE)
            html {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.status.as_u16()) }
                    link rel="stylesheet" href=(super::assets::url("style.css"));
                }
                body {
                    main.error-page {
                        div.notice.error role="alert" { (self.message) }
                        p { a.button href=(self.back.1) { (self.back.0) } }
                    }
                }
            }
        };
        (self.status, Html(body.into_string())).into_response()
    }
}

/// A failed request from a page's script: `{"error": "…"}` plus whatever the script needs
/// to show (for a refused edit: the current text and version).
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: serde_json::Value,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: serde_json::json!({ "error": message.into() }),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
