//! One file per page. Each handler reads the files it shows on a blocking thread (the
//! bulletin folder is the truth; nothing is cached but the config) and renders with maud.

pub mod air;
pub mod archive;
pub mod assemble;
pub mod booth;
pub mod live;
pub mod login;
pub mod new_bulletin;
pub mod prompter;
pub mod result;
pub mod script;
pub mod today;

use super::AppState;
use super::auth::SessionInfo;
use super::error::WebError;
use super::i18n::{Texts, fill};
use super::layout::{Page, Tab};
use crate::bulletin::edit::{self, Edit, EditError, Edited};
use crate::bulletin::rundown::Rundown;
use crate::config::StationConfig;
use axum::Extension;
use axum::extract::rejection::ExtensionRejection;
use axum::extract::{FromRequestParts, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{Html, Response};
use maud::Markup;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What most handlers need: the config snapshot, the texts, the session.
pub struct Ctx {
    pub app: Arc<AppState>,
    pub config: Arc<StationConfig>,
    pub t: &'static Texts,
    pub session: SessionInfo,
}

/// A handler that takes a `Ctx` gets it from the app and the request's session.
impl FromRequestParts<Arc<AppState>> for Ctx {
    type Rejection = ExtensionRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let Extension(session) = Extension::<SessionInfo>::from_request_parts(parts, app).await?;
        Ok(Self::new(app, session))
    }
}

impl Ctx {
    pub fn new(app: &Arc<AppState>, session: SessionInfo) -> Self {
        let config = app.config();
        Self {
            t: Texts::of(config.station.language),
            app: Arc::clone(app),
            config,
            session,
        }
    }

    /// The frame of a page.
    pub fn page<'a>(
        &'a self,
        title: String,
        tab: Tab,
        bulletin: Option<(&'a str, &'a str)>,
        scripts: &'a [&'a str],
        live: &'a [String],
    ) -> Page<'a> {
        Page {
            t: self.t,
            title,
            tab,
            station: &self.config.station.name,
            bulletin,
            user: self.session.user.as_deref(),
            csrf: &self.session.csrf,
            scripts,
            live,
            body_class: tab.body_class(),
        }
    }

    /// A page of bulletin `id` in its `tab` (following the bulletin's live updates),
    /// titled "`heading` — the bulletin's title", rendered in the frame.
    pub fn bulletin_page(
        &self,
        id: &str,
        rundown: &Rundown,
        tab: Tab,
        heading: &str,
        scripts: &[&str],
        content: &Markup,
    ) -> Html<String> {
        let title = &rundown.bulletin.title;
        let live = [id.to_string()];
        let page = self.page(
            format!("{heading} — {title}"),
            tab,
            Some((id, title)),
            scripts,
            &live,
        );
        Html(super::layout::page(&page, content).into_string())
    }

    pub fn error(&self, status: StatusCode, message: impl Into<String>) -> WebError {
        WebError::new(status, message, self.t.go_today)
    }

    /// The folder of bulletin `id`, checked (see [`super::safe_path`]).
    pub fn bulletin_dir(&self, id: &str) -> Result<PathBuf, WebError> {
        super::safe_path::bulletin_dir(&self.app.bulletins, id)
            .map_err(|_| self.error(StatusCode::NOT_FOUND, fill(self.t.no_bulletin, &[&id])))
    }

    /// Runs file work on a blocking thread; if the thread itself fails, a 500 page.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, WebError> {
        blocking(work)
            .await
            .map_err(|e| self.error(StatusCode::INTERNAL_SERVER_ERROR, e))
    }

    /// Reads bulletin `id`'s rundown.
    pub async fn rundown(&self, id: &str) -> Result<(PathBuf, Rundown), WebError> {
        let dir = self.bulletin_dir(id)?;
        let d = dir.clone();
        let loaded = blocking(move || Rundown::load(&d)).await;
        match loaded {
            Ok(Ok(r)) => Ok((dir, r)),
            Ok(Err(e)) => Err(self.error(StatusCode::CONFLICT, fill(self.t.rundown_broken, &[&e]))),
            Err(e) => Err(self.error(StatusCode::INTERNAL_SERVER_ERROR, e)),
        }
    }

    /// Applies `edit` to the bulletin in `dir` (see [`edit::apply`]) on a blocking thread.
    pub async fn apply_edit(
        &self,
        dir: PathBuf,
        edit: Edit,
    ) -> Result<Result<Edited, EditError>, WebError> {
        let config = Arc::clone(&self.config);
        self.blocking(move || edit::apply(&dir, &edit, &config))
            .await
    }

    /// Reads bulletin `id`'s rundown, then runs `work` on its folder and rundown (with the
    /// config) on a blocking thread: the rundown, and what the work found.
    pub async fn rundown_then<T: Send + 'static>(
        &self,
        id: &str,
        work: impl FnOnce(&Path, &Rundown, &StationConfig) -> T + Send + 'static,
    ) -> Result<(Rundown, T), WebError> {
        let (dir, rundown) = self.rundown(id).await?;
        let (config, r) = (Arc::clone(&self.config), rundown.clone());
        let found = self.blocking(move || work(&dir, &r, &config)).await?;
        Ok((rundown, found))
    }
}

/// Runs file work on a blocking thread.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| e.to_string())
}

/// `/static/{file}`: only names in the embedded table exist.
pub async fn static_file(UrlPath(file): UrlPath<String>) -> Response {
    super::assets::serve(&file)
}

/// Anything else.
pub async fn not_found(State(app): State<Arc<AppState>>) -> WebError {
    WebError::new(
        StatusCode::NOT_FOUND,
        app.texts().not_found,
        app.texts().go_today,
    )
}

/// Today's date at the station (`[station] timezone`, whatever zone the PC is set to).
pub fn today(config: &crate::config::StationConfig) -> jiff::civil::Date {
    crate::bulletin::air_time::today(&config.time_zone())
}

/// A time from a report or the archive (RFC 3339) as staff read it: "05:31 27/11/2026",
/// on the station's clock.
pub fn when(rfc3339: &str, config: &crate::config::StationConfig) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned_datetime(config.time_zone())
            .strftime("%H:%M %d/%m/%Y")
            .to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// `s` as one URL query value.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string()
}
