//! Dựng bản tin (assemble): the same assembly as `bantin assemble`, started from the
//! page, with live progress over server-sent events; refused for the same reasons
//! (missing or suspect takes, each named and linked to its take in the booth, where a
//! suspect take can be accepted as `accept_suspect` in the rundown does).

use super::{Ctx, when};
use crate::bulletin::edit::{self, Edit};
use crate::bulletin::finished::FinishedBulletin;
use crate::bulletin::rundown::Rundown;
use crate::bulletin::take_check::Suspect;
use crate::bulletin::time_format::{mmss, mmss_tenths};
use crate::config::StationConfig;
use crate::export::assemble::{self, AssembleError};
use crate::export::output_guard::OutputError;
use crate::mix::{MixError, plan};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::i18n::{Texts, fill};
use crate::web::jobs::{Job, Outcome};
use crate::web::layout::{Tab, csrf_field, notice};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[derive(serde::Deserialize, Default)]
pub struct AssembleQuery {
    /// A suspect take just accepted.
    accepted: Option<String>,
}

/// What the page knows before anything runs: the plan's missing takes (cheap: no audio
/// is read) and the jingles, and the finished set if there is one.
struct Before {
    takes: usize,
    missing: Option<(Vec<crate::mix::error::MissingTake>, Vec<String>)>,
    jingles: plan::Jingles,
    finished: Option<FinishedBulletin>,
}

fn look(dir: &Path, rundown: &Rundown, config: &StationConfig) -> Before {
    let jingles =
        plan::find_jingles(Some(&config.resolve(&config.paths.jingles))).unwrap_or_default();
    let missing = match plan::from_rundown(dir, rundown, jingles.clone()) {
        Err(MixError::MissingTakes(m, strays)) => Some((m, strays)),
        _ => None,
    };
    Before {
        takes: rundown.segments().count(),
        missing,
        jingles,
        finished: FinishedBulletin::open(dir, &rundown.output_stem()).ok(),
    }
}

pub async fn page(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<AssembleQuery>,
) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (rundown, before) = ctx.rundown_then(&id, look).await?;
    let job = ctx.app.jobs.get(&id);
    let audio = &ctx.config.audio;
    let content = html! {
        div.page-head {
            h1 { (t.assemble_title) }
        }
        p.lead { (fill(t.assemble_intro, &[&format!("{:.0}", audio.target_lufs()), &format!("{:.0}", audio.ceiling_dbtp)])) }
        @if let Some(seg) = &q.accepted { (notice("ok", &fill(t.accepted_take, &[seg]))) }
        div #assemble-state data-live="assemble-state" {
            (state_block(&ctx, &id, &rundown, &before, job.as_deref()))
        }
    };
    Ok(ctx.bulletin_page(
        &id,
        &rundown,
        Tab::Assemble,
        t.assemble_title,
        &["assemble.js"],
        &content,
    ))
}

/// The part of the page that follows the run: its progress, why it was refused, or the
/// button.
fn state_block(
    ctx: &Ctx,
    id: &str,
    rundown: &Rundown,
    before: &Before,
    job: Option<&Job>,
) -> Markup {
    let t = ctx.t;
    if let Some(job) = job.filter(|j| j.running()) {
        let p = job.progress();
        return html! {
            section.run-progress #run-progress
                data-started=(p.started_ms)
                data-events={"/b/" (id) "/assemble/progress"}
                data-done={"/b/" (id) "/result?made=1"}
                data-t-checking=(t.phase_checking)
                data-t-preparing=(t.phase_preparing)
                data-t-mixing=(t.phase_mixing) {
                h2 { (t.assemble_running) }
                p.hint #run-elapsed data-t=(t.assemble_running_other) { (fill(t.assemble_running_other, &[&job.elapsed_s()])) }
                div.bar { div.bar-fill #run-bar data-percent=(percent(p.done, p.total)) {} }
                p #run-phase { (phase_text(t, &p)) }
            }
        };
    }
    let outcome = job.and_then(Job::outcome);
    let refusal = match outcome.as_deref() {
        // Missing takes are shown as they are now (below), not as the run found them.
        Some(Outcome::Refused(AssembleError::Mix(MixError::MissingTakes(..)))) => None,
        Some(Outcome::Refused(e)) => refusal_block(ctx, id, rundown, e),
        Some(Outcome::Stopped) => Some(notice("warn", t.assemble_stopped)),
        _ => None,
    };
    html! {
        @if let Some(block) = refusal { (block) }
        @else if let Some((missing, strays)) = &before.missing {
            (missing_block(t, id, rundown, missing, strays))
        }
        @if let Some(f) = &before.finished {
            div.notice.ok.finished-note {
                (fill(t.assembled_at, &[
                    &when(&f.report.created, &ctx.config),
                    &mmss(f.duration_s()),
                    &lufs(f.report.programme.integrated_lufs),
                ]))
                " " a.button.primary href={"/b/" (id) "/result"} { (t.listen_now) }
            }
        }
        section.assemble-box {
            p.facts-line {
                (fill(t.takes_count, &[&before.takes]))
                " · "
                (jingles_line(t, &before.jingles))
            }
            @if before.missing.is_some() {
                button.primary.big type="button" disabled { (t.assemble_button) }
                p.hint { (t.assemble_needs_takes) }
            } @else {
                form method="post" action={"/b/" (id) "/assemble"} #assemble-form {
                    (csrf_field(&ctx.session.csrf))
                    @if let Some(f) = &before.finished {
                        p.hint { (fill(t.assemble_again_note, &[&when(&f.report.created, &ctx.config)])) }
                        button.big type="submit" #assemble { (t.assemble_again) }
                    } @else {
                        button.primary.big type="submit" #assemble { (t.assemble_button) }
                    }
                }
            }
        }
    }
}

fn jingles_line(t: &Texts, j: &plan::Jingles) -> String {
    let found: Vec<&str> = [
        (&j.intro, t.jingle_intro),
        (&j.sting, t.jingle_sting),
        (&j.outro, t.jingle_outro),
        (&j.bed, t.jingle_bed),
    ]
    .into_iter()
    .filter(|(p, _)| p.is_some())
    .map(|(_, name)| name)
    .collect();
    if found.is_empty() {
        t.jingles_none.to_string()
    } else {
        fill(t.jingles_found, &[&found.join(", ")])
    }
}

fn percent(done: u64, total: u64) -> u64 {
    (done * 100).checked_div(total).unwrap_or(0)
}

fn phase_text(t: &Texts, p: &crate::web::jobs::Progress) -> String {
    match p.phase {
        "checking" => t.phase_checking.to_string(),
        "preparing" => fill(t.phase_preparing, &[&(p.done + 1).min(p.total), &p.total]),
        _ => t.phase_mixing.to_string(),
    }
}

fn lufs(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

/// The take name of segment `segment_id` (the booth's address for it).
fn take_of(rundown: &Rundown, segment_id: &str) -> String {
    rundown
        .segments()
        .find(|s| s.id == segment_id)
        .map_or_else(|| segment_id.to_string(), |s| s.take.clone())
}

fn missing_block(
    t: &Texts,
    id: &str,
    rundown: &Rundown,
    missing: &[crate::mix::error::MissingTake],
    strays: &[String],
) -> Markup {
    html! {
        section.refusal #refusal data-kind="missing" {
            h2 { (fill(t.refused_missing, &[&missing.len()])) }
            p { (t.refused_missing_hint) }
            ul.refused {
                @for m in missing {
                    li data-seg=(m.segment_id) {
                        span { (fill(t.missing_take, &[&m.segment_id, &m.expected])) }
                        " "
                        a.button.small href={"/b/" (id) "/booth?take=" (take_of(rundown, &m.segment_id))} { (t.record_it) }
                    }
                }
            }
            @if !strays.is_empty() {
                p.hint { (fill(t.strays, &[&strays.join(", ")])) }
            }
        }
    }
}

/// Why a suspect take should not air, in the station's language.
pub fn suspect_text(t: &Texts, s: &Suspect) -> String {
    match s {
        Suspect::NoSpeech { .. } => t.suspect_no_speech.to_string(),
        Suspect::TooLong {
            speech_s,
            estimate_s,
        } => fill(t.suspect_too_long, &[&mmss(*speech_s), &mmss(*estimate_s)]),
        Suspect::Clipped { places, first_s } => {
            fill(t.suspect_clipped, &[places, &mmss_tenths(*first_s)])
        }
        Suspect::TooQuiet {
            loudness_lufs,
            gain_db,
            ..
        } => fill(
            t.suspect_too_quiet,
            &[&format!("{loudness_lufs:.0}"), &format!("{gain_db:+.0}")],
        ),
    }
}

/// Why the last run was refused; None when nothing of it stands any more (every suspect
/// take it named has been accepted since).
fn refusal_block(ctx: &Ctx, id: &str, rundown: &Rundown, e: &AssembleError) -> Option<Markup> {
    let t = ctx.t;
    Some(match e {
        AssembleError::Mix(MixError::MissingTakes(missing, strays)) => {
            missing_block(t, id, rundown, missing, strays)
        }
        AssembleError::Mix(MixError::SuspectTakes(list)) => {
            let accepted = |seg: &Option<String>| {
                rundown
                    .segments()
                    .any(|s| Some(&s.id) == seg.as_ref() && s.accept_suspect)
            };
            let list: Vec<_> = list.iter().filter(|s| !accepted(&s.segment_id)).collect();
            if list.is_empty() {
                return None;
            }
            html! {
            section.refusal #refusal data-kind="suspect" {
                h2 { (fill(t.refused_suspect, &[&list.len()])) }
                p { (t.refused_suspect_hint) }
                ul.refused {
                    @for s in list {
                        @let seg = s.segment_id.clone().unwrap_or_default();
                        li data-seg=(seg) {
                            strong { (fill(t.suspect_take, &[&seg, &s.shown])) } ": "
                            (s.reasons.iter().map(|r| suspect_text(t, r)).collect::<Vec<_>>().join("; "))
                            div.refused-actions {
                                a.button.small href={"/b/" (id) "/booth?take=" (take_of(rundown, &seg))} { (t.open_in_booth) }
                                form.inline method="post" action={"/b/" (id) "/accept/" (seg)} {
                                    (csrf_field(&ctx.session.csrf))
                                    button.small type="submit" { (t.accept_take) }
                                }
                            }
                        }
                    }
                }
            }
            }
        }
        other => {
            let (text, detail) = other_refusal(t, other);
            html! {
                section.refusal #refusal data-kind="error" {
                    h2 { (t.refused_other) }
                    @if let Some(text) = text { p { (text) } }
                    details { summary { (t.technical_detail) } pre { (detail) } }
                }
            }
        }
    })
}

/// A refusal other than missing or suspect takes: in words where bantin knows what to
/// say, with the command line's message as the technical detail.
fn other_refusal(t: &Texts, e: &AssembleError) -> (Option<String>, String) {
    let text = match e {
        AssembleError::Mix(MixError::Decode { shown, .. } | MixError::Empty { shown }) => {
            Some(fill(t.refused_decode, &[shown]))
        }
        AssembleError::Mix(MixError::Silent { shown }) => Some(fill(t.refused_silent, &[shown])),
        AssembleError::Mix(MixError::Unreadable(list)) => Some(
            list.iter()
                .map(|(shown, _)| fill(t.refused_decode, &[shown]))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        AssembleError::Output(OutputError::Foreign { path, .. }) => Some(fill(
            t.refused_foreign,
            &[&path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )],
        )),
        _ => None,
    };
    (text, e.to_string())
}

/// POST `/b/{id}/assemble`: starts the run (or finds the one running), then shows it.
pub async fn start(ctx: Ctx, UrlPath(id): UrlPath<String>) -> Result<Redirect, WebError> {
    let dir = ctx.bulletin_dir(&id)?;
    let config = Arc::clone(&ctx.config);
    let events = Arc::clone(&ctx.app.events);
    ctx.app.jobs.start(
        &id,
        move |job| run(job, &dir, &config),
        move || events.poke(),
    );
    Ok(Redirect::to(&format!("/b/{id}/assemble")))
}

/// One run, as `bantin assemble` on the bulletin folder (an existing set bantin made is
/// replaced: the page's button says so).
fn run(job: &Job, dir: &Path, config: &StationConfig) -> Outcome {
    let jingles: PathBuf = config.resolve(&config.paths.jingles);
    let planned = match assemble::plan_bulletin(dir, config, &jingles, |_| {}) {
        Ok(p) => p,
        Err(e) => return Outcome::Refused(e),
    };
    let request = assemble::bulletin_request(dir, &planned, config, &jingles, true);
    if let Err(e) = assemble::check_output(&request) {
        return Outcome::Refused(e);
    }
    job.preparing();
    match assemble::make(&request, &job.bar, &job.interrupt) {
        Ok(_) => Outcome::Made,
        Err(e) if e.interrupted().is_some() => Outcome::Stopped,
        Err(e) => Outcome::Refused(e),
    }
}

/// GET `/b/{id}/assemble/progress`: the run's progress as server-sent events
/// (`progress`, then one `finished`), a few times a second.
pub async fn progress(State(app): State<Arc<AppState>>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(job) = app.jobs.get(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let stopping = app.stopping.clone();
    let stream = futures_util::stream::unfold(
        (job, None::<crate::web::jobs::Progress>, false, stopping),
        |(job, last, ended, stopping)| async move {
            if ended || *stopping.borrow() {
                return None;
            }
            loop {
                let p = job.progress();
                if last.as_ref() != Some(&p) {
                    let finished = p.phase == "finished";
                    let event = Event::default()
                        .event(if finished { "finished" } else { "progress" })
                        .data(serde_json::to_string(&p).unwrap_or_default());
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (job, Some(p), finished, stopping),
                    ));
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                if *stopping.borrow() {
                    return None;
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// POST `/b/{id}/accept/{seg}`: staff listened and let a suspect take air as it is —
/// `accept_suspect = true` under it in rundown.toml, as they would write by hand.
pub async fn accept(
    ctx: Ctx,
    UrlPath((id, seg)): UrlPath<(String, String)>,
) -> Result<Redirect, WebError> {
    let t = ctx.t;
    crate::web::safe_path::plain_name(&seg)
        .map_err(|_| ctx.error(StatusCode::NOT_FOUND, fill(t.not_found_segment, &[&seg])))?;
    let dir = ctx.bulletin_dir(&id)?;
    let accept = Edit::AcceptSuspect {
        segment: seg.clone(),
    };
    let done = ctx.apply_edit(dir, accept).await?;
    match done {
        Ok(_) => {
            ctx.app.events.poke();
            Ok(Redirect::to(&format!(
                "/b/{id}/assemble?accepted={}",
                super::urlencode(&seg)
            )))
        }
        Err(edit::EditError::NoSegment(_)) => {
            Err(ctx.error(StatusCode::NOT_FOUND, fill(t.not_found_segment, &[&seg])))
        }
        Err(e) => Err(ctx.error(StatusCode::CONFLICT, e.to_string())),
    }
}
