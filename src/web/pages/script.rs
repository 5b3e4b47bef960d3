//! Kịch bản (script review): each take's spoken text beside the original, the reading
//! warnings marked where they stand, the spoken text editable in place (refused with the
//! current text when someone else changed it meanwhile), a reading added to the lexicon
//! from a warning, items moved and dropped, the timing against the target; the printable
//! script one click away.

use super::{Ctx, blocking};
use crate::bulletin::edit::{self, Edit, EditError};
use crate::bulletin::rundown::{Rundown, Segment};
use crate::bulletin::script_files::render_from_rundown;
use crate::bulletin::time_format::{clock, mmss};
use crate::bulletin::version::{order_version, version_of};
use crate::script::normalize::{Reader, ReadingWarning};
use crate::web::error::WebError;
use crate::web::i18n::{Texts, fill};
use crate::web::layout::{self, Tab, csrf_field, multiline, notice};
use axum::extract::{Form, Path as UrlPath, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Redirect, Response};
use maud::{Markup, html};
use std::sync::Arc;

#[derive(serde::Deserialize, Default)]
pub struct ScriptQuery {
    /// "items|takes|estimate" after a bulletin was made here.
    made: Option<String>,
    /// A take just saved.
    saved: Option<String>,
    /// A message after a lexicon entry or a drop.
    note: Option<String>,
    stale_order: Option<String>,
}

/// A refused edit, shown at its take: the text the editor typed.
struct Conflict {
    segment: String,
    theirs: String,
}

pub async fn redirect(UrlPath(id): UrlPath<String>) -> Redirect {
    Redirect::to(&format!("/b/{}/script", urlencode(&id)))
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_string()
}

pub async fn page(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<ScriptQuery>,
) -> Result<Html<String>, WebError> {
    let (_, rundown) = ctx.rundown(&id).await?;
    Ok(Html(render(&ctx, &id, &rundown, &q, None).into_string()))
}

/// Warnings of a take that still stand in its spoken text.
fn warnings_of(reader: Option<&Reader>, seg: &Segment) -> Vec<ReadingWarning> {
    let Some(reader) = reader else {
        return Vec::new();
    };
    let mut seen = Vec::new();
    reader
        .spoken(&seg.original)
        .warnings
        .into_iter()
        .filter(|w| w.token.is_empty() || contains_word(&seg.spoken, &w.token))
        .filter(|w| {
            let new = !seen.contains(&w.token);
            seen.push(w.token.clone());
            new
        })
        .collect()
}

fn render(
    ctx: &Ctx,
    id: &str,
    rundown: &Rundown,
    q: &ScriptQuery,
    conflict: Option<&Conflict>,
) -> Markup {
    let t = ctx.t;
    let reader = Reader::new(&ctx.config).ok();
    let total: f64 = rundown.segments().map(|s| s.estimate_s).sum();
    let target = rundown.bulletin.target_s;
    let over = total - target;
    let verdict = if over >= 0.5 {
        fill(t.over_by, &[&mmss(over)])
    } else if over <= -0.5 {
        fill(t.under_by, &[&mmss(-over)])
    } else {
        t.on_target.to_string()
    };
    let air = ctx.config.schedule.air_minutes(&rundown.bulletin.slot);
    let order = order_version(rundown);
    let mut start = 0.0;
    let content = html! {
        div.page-head {
            h1 { (t.script_title) }
            div.timing-summary class=(if over >= 0.5 { "over" } else { "ok" }) {
                (fill(t.timing_total, &[&mmss(total), &mmss(target)])) " — " strong { (verdict) }
            }
            a.button href={"/b/" (id) "/print"} target="_blank" { (t.print_script) }
        }
        @if let Some(made) = &q.made {
            @let parts: Vec<&str> = made.split('|').collect();
            @if parts.len() == 3 { (notice("ok", &fill(t.made_bulletin, &[&parts[0], &parts[1], &parts[2]]))) }
        }
        @if let Some(seg) = &q.saved { (notice("ok", &format!("{} — {}", t.saved, seg))) }
        @if let Some(note) = &q.note { (notice("ok", note)) }
        @if q.stale_order.is_some() { (notice("error", t.conflict_order)) }
        @let warned: Vec<&Segment> = rundown.segments().filter(|s| !warnings_of(reader.as_ref(), s).is_empty()).collect();
        @if !warned.is_empty() {
            div.notice.warn #warnings-summary {
                strong { "⚠ " (fill(t.warnings_summary, &[&warned.len()])) " " }
                @for (k, s) in warned.iter().enumerate() {
                    @if k > 0 { ", " }
                    a href={"#seg-" (s.id)} { (s.id) }
                }
            }
        }
        p.hint { (t.edit_hint) }
        div #rundown data-order=(order) {
            (segment_block(ctx, id, &rundown.opening, t.opening, reader.as_ref(), conflict, &mut start, air))
            @for (k, item) in rundown.items.iter().enumerate() {
                section.item id={"item-" (item.id)} {
                    header.item-head data-live={"item-" (item.id)} {
                        h2 { (fill(t.item_n, &[&item.id])) " — " (item.title) }
                        div.item-tools {
                            @if let Some(m) = air { span.clock { (fill(t.starts_at, &[&clock(m, start)])) } }
                            (order_form(ctx, id, &item.id, "move", &order, Some(-1), t.move_up, k == 0))
                            (order_form(ctx, id, &item.id, "move", &order, Some(1), t.move_down, k + 1 == rundown.items.len()))
                            (order_form(ctx, id, &item.id, "drop", &order, None, t.drop_item, false))
                        }
                    }
                    @for seg in &item.segments {
                        (segment_block(ctx, id, seg, &fill(t.take_n, &[&seg.id]), reader.as_ref(), conflict, &mut start, air))
                    }
                }
            }
            (segment_block(ctx, id, &rundown.closing, t.closing, reader.as_ref(), conflict, &mut start, air))
        }
    };
    let title = rundown.bulletin.title.clone();
    let live = [id.to_string()];
    let page = ctx.page(
        format!("{} — {}", t.script_title, title),
        Tab::Script,
        Some((id, &rundown.bulletin.title)),
        &["script.js"],
        &live,
    );
    layout::page(&page, &content)
}

#[allow(clippy::too_many_arguments)]
fn order_form(
    ctx: &Ctx,
    id: &str,
    item: &str,
    action: &str,
    order: &str,
    by: Option<i32>,
    label: &str,
    disabled: bool,
) -> Markup {
    let t = ctx.t;
    html! {
        form.inline method="post" action={"/b/" (id) "/item/" (item) "/" (action)}
            data-confirm=[(action == "drop").then_some(t.drop_confirm)] {
            (csrf_field(&ctx.session.csrf))
            input type="hidden" name="base" value=(order);
            @if let Some(by) = by { input type="hidden" name="by" value=(by); }
            button class=(if action == "drop" { "small danger" } else { "small" }) type="submit" disabled[disabled] { (label) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn segment_block(
    ctx: &Ctx,
    id: &str,
    seg: &Segment,
    heading: &str,
    reader: Option<&Reader>,
    conflict: Option<&Conflict>,
    start: &mut f64,
    air: Option<u32>,
) -> Markup {
    let t = ctx.t;
    let warnings = warnings_of(reader, seg);
    let tokens: Vec<&str> = warnings
        .iter()
        .map(|w| w.token.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let my_conflict = conflict.filter(|c| c.segment == seg.id);
    let at = *start;
    *start += seg.estimate_s;
    html! {
        div.seg id={"seg-" (seg.id)} data-live={"seg-" (seg.id)} data-seg=(seg.id) {
            div.seg-head {
                span.seg-id { (heading) }
                span.est { (fill(t.estimate, &[&mmss(seg.estimate_s)])) }
                @if let Some(m) = air { span.clock { (clock(m, at)) } }
                @if !warnings.is_empty() { span.badge.state-work { "⚠ " (t.warnings_here) } }
            }
            @if my_conflict.is_some() { (notice("error", t.conflict)) }
            div.cols {
                form.spoken method="post" action={"/b/" (id) "/segment/" (seg.id)} {
                    (csrf_field(&ctx.session.csrf))
                    input type="hidden" name="base" value=(version_of(&seg.spoken));
                    label.col-label { (t.spoken) }
                    textarea name="text" rows=(rows(&seg.spoken)) lang="vi" { (seg.spoken) }
                    div.save-row {
                        button.primary.small type="submit" { (t.save) }
                        span.save-state data-local aria-live="polite" {}
                    }
                    @if let Some(c) = my_conflict {
                        div.theirs data-local {
                            div.col-label { (t.your_text) }
                            pre { (c.theirs) }
                        }
                    }
                }
                div.original {
                    div.col-label { (t.original) }
                    div.text { (marked(&seg.original, &tokens)) }
                }
            }
            @for w in &warnings {
                div.warning {
                    @if w.token.is_empty() {
                        span { "⚠ " (w.message) }
                    } @else {
                        form.inline.lexicon method="post" action={"/b/" (id) "/lexicon"} {
                            (csrf_field(&ctx.session.csrf))
                            input type="hidden" name="token" value=(w.token);
                            span { "⚠ " (fill(t.reading_of, &[&w.token])) }
                            input type="text" name="reading" required lang="vi" aria-label=(fill(t.reading_of, &[&w.token]));
                            button.small type="submit" { (t.add_to_lexicon) }
                        }
                    }
                }
            }
        }
    }
}

/// The block of take `seg_id` as the page shows it (for a save's answer).
fn render_segment(ctx: &Ctx, id: &str, rundown: &Rundown, seg_id: &str) -> Option<String> {
    let t = ctx.t;
    let reader = Reader::new(&ctx.config).ok();
    let air = ctx.config.schedule.air_minutes(&rundown.bulletin.slot);
    let mut start = 0.0;
    for seg in rundown.segments() {
        if seg.id == seg_id {
            let heading = if seg.id == rundown.opening.id {
                t.opening.to_string()
            } else if seg.id == rundown.closing.id {
                t.closing.to_string()
            } else {
                fill(t.take_n, &[&seg.id])
            };
            return Some(
                segment_block(
                    ctx,
                    id,
                    seg,
                    &heading,
                    reader.as_ref(),
                    None,
                    &mut start,
                    air,
                )
                .into_string(),
            );
        }
        start += seg.estimate_s;
    }
    None
}

/// True when `word` stands in `text` as a whole word (not inside a longer one).
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn rows(text: &str) -> usize {
    (text.chars().count() / 70 + text.matches('\n').count() + 2).clamp(3, 16)
}

/// The original text with each warned token marked.
fn marked(text: &str, tokens: &[&str]) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut rest = text;
    'outer: while !rest.is_empty() {
        let mut best: Option<(usize, &str)> = None;
        for token in tokens {
            if let Some(at) = rest.find(token)
                && best.is_none_or(|(b, _)| at < b)
            {
                best = Some((at, token));
            }
        }
        match best {
            Some((at, token)) => {
                pieces.push((false, &rest[..at]));
                pieces.push((true, &rest[at..at + token.len()]));
                rest = &rest[at + token.len()..];
            }
            None => {
                pieces.push((false, rest));
                break 'outer;
            }
        }
    }
    html! {
        @for (mark, piece) in pieces {
            @if mark { mark { (piece) } } @else { (multiline(piece)) }
        }
    }
}

/// The printable script, rendered from the rundown as it is now.
pub async fn print(ctx: Ctx, UrlPath(id): UrlPath<String>) -> Result<Response, WebError> {
    let dir = ctx.bulletin_dir(&id)?;
    let config = Arc::clone(&ctx.config);
    let page = ctx
        .blocking(move || render_from_rundown(&dir, &config).map(|s| s.html))
        .await?
        .map_err(|e| ctx.error(StatusCode::CONFLICT, fill(ctx.t.rundown_broken, &[&e])))?;
    // The script page has its own inline style (it is also a file on disk).
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        )],
        Html(page),
    )
        .into_response())
}

#[derive(serde::Deserialize)]
pub struct SegmentForm {
    #[serde(default)]
    base: String,
    #[serde(default)]
    text: String,
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

pub async fn save_segment(
    ctx: Ctx,
    UrlPath((id, seg)): UrlPath<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<SegmentForm>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let dir = ctx.bulletin_dir(&id)?;
    let edit = Edit::Spoken {
        segment: seg.clone(),
        base: form.base.clone(),
        text: form.text.clone(),
    };
    let result = ctx.apply_edit(dir, edit).await?;
    ctx.app.events.poke();
    let json = wants_json(&headers);
    match result {
        Ok(done) => {
            let saved = done.rundown.segments().find(|s| s.id == seg).cloned();
            if json {
                let s = saved.unwrap_or_else(|| done.rundown.opening.clone());
                return Ok(Json(serde_json::json!({
                    "ok": true,
                    "message": t.saved,
                    "version": version_of(&s.spoken),
                    "text": s.spoken,
                    "html": render_segment(&ctx, &id, &done.rundown, &seg),
                    "layout_kept": done.layout_kept,
                }))
                .into_response());
            }
            Ok(Redirect::to(&format!(
                "/b/{id}/script?saved={}#seg-{seg}",
                urlencode(&seg)
            ))
            .into_response())
        }
        Err(EditError::StaleText {
            current, version, ..
        }) => {
            if json {
                return Ok((
                    StatusCode::CONFLICT,
                    Json(serde_json::json!({
                        "error": t.conflict,
                        "current": current,
                        "version": version,
                        "yours": form.text,
                        "your_label": t.your_text,
                    })),
                )
                    .into_response());
            }
            let (_, rundown) = ctx.rundown(&id).await?;
            let conflict = Conflict {
                segment: seg,
                theirs: form.text,
            };
            let page = render(
                &ctx,
                &id,
                &rundown,
                &ScriptQuery::default(),
                Some(&conflict),
            );
            Ok((StatusCode::CONFLICT, Html(page.into_string())).into_response())
        }
        Err(e) => {
            let (status, message) = edit_error_text(t, &e);
            if json {
                return Ok((status, Json(serde_json::json!({ "error": message }))).into_response());
            }
            Err(ctx.error(status, message))
        }
    }
}

fn edit_error_text(t: &'static Texts, e: &EditError) -> (StatusCode, String) {
    match e {
        EditError::NoSegment(s) => (StatusCode::NOT_FOUND, fill(t.not_found_segment, &[s])),
        EditError::NoItem(s) => (StatusCode::NOT_FOUND, fill(t.not_found_item, &[s])),
        EditError::EmptyText => (StatusCode::BAD_REQUEST, t.empty_spoken.into()),
        EditError::StaleText { .. } => (StatusCode::CONFLICT, t.conflict.into()),
        EditError::StaleOrder { .. } => (StatusCode::CONFLICT, t.conflict_order.into()),
        EditError::Rundown(e) => (StatusCode::CONFLICT, fill(t.rundown_broken, &[e])),
        other => (
            StatusCode::INTERNAL_SERVER_ERROR,
            fill(t.server_error, &[other]),
        ),
    }
}

#[derive(serde::Deserialize)]
pub struct OrderForm {
    #[serde(default)]
    base: String,
    #[serde(default)]
    by: i32,
}

pub async fn move_item(
    ctx: Ctx,
    UrlPath((id, item)): UrlPath<(String, String)>,
    Form(form): Form<OrderForm>,
) -> Result<Response, WebError> {
    let edit = Edit::Move {
        item: item.clone(),
        by: form.by.clamp(-1000, 1000),
        base: form.base,
    };
    order_edit(ctx, id, item, edit).await
}

pub async fn drop_item(
    ctx: Ctx,
    UrlPath((id, item)): UrlPath<(String, String)>,
    Form(form): Form<OrderForm>,
) -> Result<Response, WebError> {
    let edit = Edit::Drop {
        item: item.clone(),
        base: form.base,
    };
    order_edit(ctx, id, item, edit).await
}

async fn order_edit(ctx: Ctx, id: String, item: String, edit: Edit) -> Result<Response, WebError> {
    let t = ctx.t;
    let dir = ctx.bulletin_dir(&id)?;
    let dropping = matches!(edit, Edit::Drop { .. });
    let result = ctx.apply_edit(dir, edit).await?;
    ctx.app.events.poke();
    match result {
        Ok(_) if dropping => {
            let note = urlencode(&fill(t.item_dropped, &[&item]));
            Ok(Redirect::to(&format!("/b/{id}/script?note={note}")).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/b/{id}/script#item-{item}")).into_response()),
        Err(EditError::StaleOrder { .. }) => {
            Ok(Redirect::to(&format!("/b/{id}/script?stale_order=1")).into_response())
        }
        Err(e) => {
            let (status, message) = edit_error_text(t, &e);
            Err(ctx.error(status, message))
        }
    }
}

#[derive(serde::Deserialize)]
pub struct LexiconForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    reading: String,
}

pub async fn add_lexicon(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<LexiconForm>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let dir = ctx.bulletin_dir(&id)?;
    let (token, reading) = (
        form.token.trim().to_string(),
        form.reading.trim().to_string(),
    );
    if token.is_empty() || reading.is_empty() {
        return Err(ctx.error(StatusCode::BAD_REQUEST, t.lexicon_bad));
    }
    let old_config = Arc::clone(&ctx.config);
    let config_path = ctx.app.config_path();
    let (tk, rd) = (token.clone(), reading.clone());
    let result = blocking(move || -> Result<usize, String> {
        crate::config::edit::add_abbreviation(&config_path, &tk, &rd).map_err(|e| e.to_string())?;
        let new_config =
            crate::config::StationConfig::from_file(&config_path).map_err(|e| e.to_string())?;
        let old = Reader::new(&old_config).map_err(|e| e.to_string())?;
        let new = Reader::new(&new_config).map_err(|e| e.to_string())?;
        let before = Rundown::load(&dir).map_err(|e| e.to_string())?;
        let edit = Edit::Reread {
            token: tk,
            reading: rd,
            old: Box::new(old),
            new: Box::new(new),
        };
        let done = edit::apply(&dir, &edit, &new_config).map_err(|e| e.to_string())?;
        Ok(before
            .segments()
            .zip(done.rundown.segments())
            .filter(|(a, b)| a.spoken != b.spoken)
            .count())
    })
    .await
    .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    ctx.app.events.poke();
    match result {
        Ok(changed) => {
            let note = urlencode(&fill(t.lexicon_added, &[&token, &reading, &changed]));
            Ok(Redirect::to(&format!("/b/{id}/script?note={note}")).into_response())
        }
        Err(e) => Err(ctx.error(StatusCode::BAD_REQUEST, fill(t.server_error, &[&e]))),
    }
}
