//! Phòng thu (recording booth): one take at a time in large type with the next take's
//! first line below; Record / Stop / Listen / Record again; a live input meter with a
//! clipping warning; keyboard control. The browser captures PCM (an AudioWorklet) and
//! sends a WAV; it is stored as `recordings/<take>.wav` (the earlier recording kept under
//! `recordings/previous/`) and analysed at once.

use super::{Ctx, blocking};
use crate::bulletin::rundown::{RECORDINGS_DIR, Rundown, Segment};
use crate::bulletin::status::inner_pauses_s;
use crate::bulletin::take_analysis::{Finding, TakeAnalysis, analyse};
use crate::bulletin::take_store::{incoming_file, remove_stale_incoming, store_take};
use crate::bulletin::takes::find_recordings;
use crate::bulletin::time_format::mmss;
use crate::media::DecodeError;
use crate::script::segment::count_syllables;
use crate::web::error::{ApiError, WebError};
use crate::web::i18n::{Texts, fill};
use crate::web::layout::{self, Tab};
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Json, Response};
use futures_util::StreamExt as _;
use maud::{Markup, html};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

#[derive(serde::Deserialize, Default)]
pub struct BoothQuery {
    take: Option<String>,
}

/// Analyses of stored takes by file, kept while the file is unchanged (time and size), so
/// the booth page decodes a take once, not at every visit.
type AnalysisCache = Mutex<HashMap<PathBuf, (SystemTime, u64, Arc<TakeAnalysis>)>>;

fn cache() -> &'static AnalysisCache {
    static CACHE: OnceLock<AnalysisCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The analysis of the file `path` holding `segment`'s take (cached by file stamp).
fn analysis_of(
    path: &Path,
    segment: &Segment,
    config: &crate::config::StationConfig,
) -> Result<Arc<TakeAnalysis>, DecodeError> {
    let st = stamp(path);
    if let Some((t, len)) = st {
        let cached = cache()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(path)
            .cloned();
        if let Some((ct, clen, a)) = cached
            && ct == t
            && clen == len
            && a.estimate_s == segment.estimate_s
        {
            return Ok(a);
        }
    }
    let audio = crate::media::decode_file(path)?;
    let a = Arc::new(analyse(&audio, segment, config));
    if let Some((t, len)) = st {
        cache()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_path_buf(), (t, len, Arc::clone(&a)));
    }
    Ok(a)
}

/// One take's state in the booth's list.
#[derive(Clone)]
struct TakeRow {
    segment: Segment,
    /// Item title, or the opening/closing label.
    label: String,
    file: Option<PathBuf>,
    analysis: Option<Result<Arc<TakeAnalysis>, String>>,
}

fn rows(
    dir: &Path,
    rundown: &Rundown,
    t: &Texts,
    config: &crate::config::StationConfig,
) -> Vec<TakeRow> {
    let found = find_recordings(rundown, &dir.join(RECORDINGS_DIR)).ok();
    let mut out = Vec::new();
    let mut push = |seg: &Segment, label: String| {
        let file = found
            .as_ref()
            .and_then(|f| f.by_take.get(&seg.take))
            .and_then(|f| f.chosen.as_ref().map(|c| c.path.clone()));
        let analysis = file
            .as_ref()
            .map(|p| analysis_of(p, seg, config).map_err(|e| e.to_string()));
        out.push(TakeRow {
            segment: seg.clone(),
            label,
            file,
            analysis,
        });
    };
    push(&rundown.opening, t.opening.to_string());
    for item in &rundown.items {
        for seg in &item.segments {
            push(
                seg,
                format!("{} — {}", fill(t.item_n, &[&item.id]), item.title),
            );
        }
    }
    push(&rundown.closing, t.closing.to_string());
    out
}

fn state_class(row: &TakeRow) -> &'static str {
    match &row.analysis {
        None => "missing",
        Some(Ok(a)) if a.is_good() => "recorded",
        Some(Ok(a)) if !a.is_suspect() => "warn",
        _ => "problem",
    }
}

/// The announcer's rate over the recorded takes with speech.
fn bulletin_rate(rows: &[TakeRow], config: &crate::config::StationConfig) -> Option<f64> {
    let (mut syllables, mut speaking) = (0u32, 0.0);
    for row in rows {
        // Only takes without findings: a take far too short or long, or without speech,
        // would give a rate that says nothing about the announcer.
        if let Some(Ok(a)) = &row.analysis
            && a.is_good()
            && let Some(speech) = a.speech_s
        {
            syllables += count_syllables(&row.segment.spoken);
            speaking += (speech - inner_pauses_s(&row.segment.spoken, &config.reading)).max(0.0);
        }
    }
    if syllables < 20 || speaking < 1.0 {
        return None;
    }
    let spm = f64::from(syllables) * 60.0 / speaking;
    (spm > 30.0 && spm < 600.0).then_some(spm.round())
}

pub async fn page(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<BoothQuery>,
) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (rundown, rows) = ctx
        .rundown_then(&id, move |dir, r, config| rows(dir, r, t, config))
        .await?;
    let index = match q.take.as_deref() {
        Some(take) => rows
            .iter()
            .position(|r| r.segment.take == take)
            .ok_or_else(|| ctx.error(StatusCode::NOT_FOUND, fill(t.not_a_take, &[&take])))?,
        // The first take still to record, else the first.
        None => rows.iter().position(|r| r.file.is_none()).unwrap_or(0),
    };
    let current = &rows[index];
    let next = rows.get(index + 1);
    let prev = index.checked_sub(1).and_then(|i| rows.get(i));
    let recorded = rows.iter().filter(|r| r.file.is_some()).count();
    let take_url = |row: &TakeRow| format!("/b/{id}/booth?take={}", row.segment.take);
    let content = html! {
        div.booth-grid
            data-bulletin=(id)
            data-take=(current.segment.take)
            data-upload=(format!("/b/{id}/takes/{}", current.segment.take))
            data-next=[next.map(take_url)]
            data-prev=[prev.map(take_url)]
            data-t-record=(t.record) data-t-record-again=(t.record_again)
            data-t-stop=(t.stop) data-t-uploading=(t.uploading)
            data-t-mic-denied=(t.mic_denied)
            data-t-edited-at=(t.edited_at)
            data-worklet=(crate::web::assets::url("recorder-worklet.js")) {
            aside.take-list data-live="takes" {
                (progress(t, recorded, rows.len()))
                ol {
                    @for (k, row) in rows.iter().enumerate() {
                        li class={"take " (state_class(row)) @if k == index { " current" }} data-take=(row.segment.take) {
                            a href=(take_url(row)) {
                                span.dot {}
                                span.tid { (row.segment.id) }
                                span.tlabel { (row.label) }
                            }
                        }
                    }
                }
                @if let Some(rate) = bulletin_rate(&rows, &ctx.config) {
                    p.rate #bulletin-rate { (fill(t.bulletin_rate, &[&rate, &ctx.config.reading.rate_spm])) }
                }
            }
            section.current #current data-live={"seg-" (current.segment.id)} data-seg=(current.segment.id) {
                div.current-head {
                    span.tid { (fill(t.take_n, &[&current.segment.id])) }
                    span.tlabel { (current.label) }
                    span.est { (fill(t.estimate, &[&mmss(current.segment.estimate_s)])) }
                }
                div.read-text #read-text lang="vi" { (layout::multiline(&current.segment.spoken)) }
                @if let Some(n) = next {
                    div.next-take {
                        span.label { (t.next_take) ": " }
                        (first_line(&n.segment.spoken))
                    }
                }
            }
            section.controls {
                div.buttons {
                    button.record.big #rec type="button" {
                        @if current.file.is_some() { (t.record_again) } @else { (t.record) }
                    }
                    button.stop.big #stop type="button" disabled { (t.stop) }
                    button.big #listen type="button" disabled[current.file.is_none()] { (t.listen) }
                    audio #player preload="none" src=(format!("/b/{id}/audio/{}.wav", current.segment.take)) {}
                }
                div.meter-box {
                    div.meter-label { (t.level) }
                    div.meter #meter { div.meter-bar #meter-bar {} }
                    div.clip #clip hidden { (t.clipping) }
                    div.rec-time #rec-time {}
                }
                div.nav-buttons {
                    @if let Some(p) = prev { a.button #prev-take href=(take_url(p)) { (t.prev_take) } }
                    @if let Some(n) = next { a.button.primary #next-take href=(take_url(n)) { (t.next_take_btn) } }
                }
                p.keys { (t.keys_help) }
                div #status-line aria-live="polite" {}
                div #analysis {
                    @if let Some(a) = &current.analysis { (analysis_html(t, a.as_ref().map(AsRef::as_ref), &[])) }
                }
            }
        }
    };
    Ok(ctx.bulletin_page(
        &id,
        &rundown,
        Tab::Booth,
        t.booth_title,
        &["booth.js"],
        &content,
    ))
}

fn progress(t: &Texts, recorded: usize, total: usize) -> Markup {
    html! {
        p #takes-progress class=(if recorded == total { "progress done" } else { "progress" }) {
            @if recorded == total { (fill(t.all_takes_in, &[&recorded, &total])) }
            @else { (fill(t.takes_in, &[&recorded, &total])) }
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() > 14 {
        format!("{} …", words[..14].join(" "))
    } else {
        line.to_string()
    }
}

/// The analysis shown beside a take.
fn analysis_html(t: &Texts, analysis: Result<&TakeAnalysis, &String>, kept: &[String]) -> Markup {
    html! {
        div.analysis {
            h3 { (t.analysis) }
            @match analysis {
                Err(message) => { div.finding.bad { (message) } }
                Ok(a) => {
                    @let verdict = if a.is_good() { "good" } else if a.is_suspect() { "bad" } else { "warn" };
                    ul class={"findings " (verdict)} {
                        @if a.is_good() { li.finding.good { "✓ " (t.take_ok) } }
                        @for f in &a.findings {
                            li class={"finding " (if f.stops_assembly() { "bad" } else { "warn" })} {
                                "⚠ " (finding_text(t, f))
                            }
                        }
                    }
                    p.facts {
                        (fill(t.length_vs_estimate, &[&mmss(a.speech_s.unwrap_or(a.duration_s)), &mmss(a.estimate_s)]))
                        @if let (Some(l), Some(p)) = (a.loudness_lufs, a.peak_dbfs) {
                            " · " (fill(t.level_of_take, &[&format!("{l:.1}"), &format!("{p:.1}")]))
                        }
                        " · " (a.sample_rate) " Hz"
                    }
                    @if let Some(rate) = a.rate_spm { p.rate { (fill(t.reading_rate, &[&rate])) } }
                }
            }
            @for k in kept { p.kept { (fill(t.previous_kept, &[k])) } }
        }
    }
}

fn finding_text(t: &Texts, f: &Finding) -> String {
    match f {
        Finding::Silent => t.silent_take.into(),
        Finding::NoSpeech { .. } => t.no_speech.into(),
        Finding::TooQuiet { lufs } => fill(t.too_quiet, &[&format!("{lufs:.0}")]),
        Finding::Clipped { places } => fill(t.clipped, &[places]),
        Finding::TooLong => t.much_longer.into(),
        Finding::MuchShorter => t.much_shorter.into(),
    }
}

/// Why an upload was refused, in the station's language (nothing was changed).
fn decode_error_text(t: &Texts, e: &DecodeError) -> String {
    match e {
        DecodeError::Empty { .. } => t.upload_empty.into(),
        DecodeError::NotAudio { .. } | DecodeError::NoAudioTrack { .. } => {
            t.upload_not_audio.into()
        }
        DecodeError::Truncated { .. }
        | DecodeError::BrokenOff { .. }
        | DecodeError::HeaderLies { .. } => t.upload_truncated.into(),
        DecodeError::NoAudio { .. } => t.upload_no_samples.into(),
        other => {
            // The library's message names the temporary file; keep only why.
            let text = other.to_string();
            let why = text.split_once(": ").map_or(text.as_str(), |(_, w)| w);
            fill(t.upload_unreadable, &[&why])
        }
    }
}

/// POST `/b/{id}/takes/{take}`: the body is the take as a WAV (any audio bantin decodes
/// is accepted; it is stored as sent). Streamed to a hidden file, bounded by the upload
/// limit, decoded and analysed, then stored; a refused upload changes nothing.
pub async fn upload(
    ctx: Ctx,
    UrlPath((id, take)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    let t = ctx.t;
    let limit = ctx.config.web.upload_limit_bytes();
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            fill(t.upload_too_large, &[&ctx.config.web.upload_limit_mb]),
        )
    };
    let (dir, rundown) = ctx
        .rundown(&id)
        .await
        .map_err(|e| ApiError::new(e.status, e.message))?;
    let Some(segment) = rundown.segments().find(|s| s.take == take).cloned() else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            fill(t.not_a_take, &[&take]),
        ));
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let failed = |e: String| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            fill(t.upload_failed, &[&e]),
        )
    };
    // What an upload cut off by a killed server left (never one still arriving).
    let d = dir.clone();
    let _ = blocking(move || remove_stale_incoming(&d)).await;
    let mut file = incoming_file(&dir).map_err(|e| failed(e.to_string()))?;
    let mut received: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, t.upload_truncated))?;
        received += chunk.len() as u64;
        if received > limit {
            return Err(too_large());
        }
        file.write_all(&chunk).map_err(|e| failed(e.to_string()))?;
    }
    if received == 0 {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, t.upload_empty));
    }
    file.flush().map_err(|e| failed(e.to_string()))?;
    let config = Arc::clone(&ctx.config);
    let seg = segment.clone();
    let d = dir.clone();
    let tz = ctx.config.time_zone();
    let outcome = blocking(
        move || -> Result<(TakeAnalysis, Vec<String>), UploadError> {
            let audio = crate::media::decode_file(file.path()).map_err(UploadError::Decode)?;
            if audio.frames() == 0 {
                return Err(UploadError::NoSamples);
            }
            let analysis = analyse(&audio, &seg, &config);
            drop(audio);
            let stored = store_take(&d, &seg.take, file, &tz)
                .map_err(|e| UploadError::Store(e.to_string()))?;
            let kept = stored
                .kept
                .iter()
                .filter_map(|p| p.strip_prefix(&d).ok())
                .map(|p| p.display().to_string())
                .collect();
            Ok((analysis, kept))
        },
    )
    .await
    .map_err(failed)?;
    let (analysis, kept) = match outcome {
        Ok(ok) => ok,
        Err(UploadError::Decode(e)) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                decode_error_text(t, &e),
            ));
        }
        Err(UploadError::NoSamples) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                t.upload_no_samples,
            ));
        }
        Err(UploadError::Store(e)) => return Err(failed(e)),
    };
    ctx.app.events.poke();
    let state = if analysis.is_good() {
        "recorded"
    } else if analysis.is_suspect() {
        "problem"
    } else {
        "warn"
    };
    // Progress over the bulletin: which takes have a file now.
    let r = rundown.clone();
    let d = dir.clone();
    let (recorded, total) = blocking(move || {
        let found = find_recordings(&r, &d.join(RECORDINGS_DIR)).ok();
        let recorded = r
            .segments()
            .filter(|s| {
                found
                    .as_ref()
                    .and_then(|f| f.by_take.get(&s.take))
                    .is_some_and(|f| f.chosen.is_some())
            })
            .count();
        (recorded, r.segments().count())
    })
    .await
    .unwrap_or((0, 0));
    Ok(Json(serde_json::json!({
        "ok": true,
        "take": take,
        "state": state,
        "analysis": analysis,
        "html": analysis_html(t, Ok(&analysis), &kept).into_string(),
        "progress": progress(t, recorded, total).into_string(),
        "complete": recorded == total,
    })))
}

enum UploadError {
    Decode(DecodeError),
    NoSamples,
    Store(String),
}

/// GET `/b/{id}/audio/{take}.wav`: the take's stored recording, for Listen.
pub async fn audio(
    ctx: Ctx,
    UrlPath((id, file)): UrlPath<(String, String)>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let not_found = || ctx.error(StatusCode::NOT_FOUND, t.not_found);
    let take = file.strip_suffix(".wav").ok_or_else(not_found)?;
    crate::web::safe_path::plain_name(take).map_err(|_| not_found())?;
    let (dir, rundown) = ctx.rundown(&id).await?;
    if !rundown.segments().any(|s| s.take == take) {
        return Err(not_found());
    }
    let path = dir.join(RECORDINGS_DIR).join(format!("{take}.wav"));
    let bytes = tokio::fs::read(&path).await.map_err(|_| not_found())?;
    Ok((
        [
            (header::CONTENT_TYPE, "audio/wav"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response())
}
