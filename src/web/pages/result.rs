//! Nghe bản tin (result): the assembled bulletin's report, the finished WAV playing in
//! the page with a cursor on the waveform (a take in the rundown table plays from its
//! start), and downloads of the WAV and the report. The files are served with range
//! requests, so the player seeks without downloading the whole bulletin.

use super::{Ctx, blocking, when};
use crate::bulletin::finished::FinishedBulletin;
use crate::bulletin::rundown::OUT_DIR;
use crate::web::error::WebError;
use crate::web::layout::{Tab, notice};
use crate::web::ranged::{FileQuery, finished_file_type, serve_named};
use crate::web::report_view::{self, View};
use axum::extract::{Path as UrlPath, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, Response};
use maud::html;

#[derive(serde::Deserialize, Default)]
pub struct ResultQuery {
    /// Just assembled here.
    made: Option<String>,
}

pub async fn page(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<ResultQuery>,
) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (dir, rundown) = ctx.rundown(&id).await?;
    let stem = rundown.output_stem();
    let s = stem.clone();
    let finished = blocking(move || {
        let f = FinishedBulletin::open(&dir, &s).ok()?;
        let page = f
            .report_html
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok());
        Some((f, page))
    })
    .await
    .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let date = rundown.bulletin.date.clone();
    let content = match &finished {
        None => html! {
            div.page-head { h1 { (t.result_title) } }
            (notice("warn", t.not_assembled_yet))
            p { a.button.primary href={"/b/" (id) "/assemble"} { (t.go_assemble) } }
        },
        Some((f, page)) => {
            let out = format!("/b/{id}/out/{stem}");
            let view = View {
                report: &f.report,
                page: page.as_deref(),
                audio_url: &format!("{out}.wav"),
                downloads: [
                    (t.download_wav, format!("{out}.wav?download=1")),
                    (t.download_report, format!("{out}.html")),
                    (t.download_json, format!("{out}.json?download=1")),
                ]
                .into_iter()
                .filter(|(_, url)| !url.contains(".html") || f.report_html.is_some())
                .collect(),
                made: when(&f.report.created, &ctx.config),
            };
            html! {
                div.page-head {
                    h1 { (t.result_title) }
                    a.button.primary href={"/air?date=" (date)} { (t.to_air) }
                }
                @if q.made.is_some() { (notice("ok", t.assemble_done)) }
                div data-live="result" data-made=(f.report.created) {
                    (report_view::render(t, &view))
                }
            }
        }
    };
    Ok(ctx.bulletin_page(
        &id,
        &rundown,
        Tab::Result,
        t.result_title,
        &["player.js"],
        &content,
    ))
}

/// GET `/b/{id}/out/{file}`: the finished WAV, its report page or its JSON report (only
/// those three names), with range requests; `?download=1` saves it.
pub async fn file(
    ctx: Ctx,
    UrlPath((id, file)): UrlPath<(String, String)>,
    Query(q): Query<FileQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let not_found = || ctx.error(StatusCode::NOT_FOUND, ctx.t.not_found);
    let (dir, rundown) = ctx.rundown(&id).await?;
    let stem = rundown.output_stem();
    // Only the finished set: the output stem and one of its three extensions.
    let content_type = file
        .strip_prefix(stem.as_str())
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(finished_file_type)
        .ok_or_else(not_found)?;
    serve_named(&dir.join(OUT_DIR), &file, content_type, &q, &headers)
        .await
        .ok_or_else(not_found)
}
