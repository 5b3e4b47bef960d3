//! Phát sóng (on air): what the playout system gets for a day — each slot's file,
//! length, loudness and hash, or why it has none, in the words `bantin playlist` uses —
//! and the day's playlist written as `bantin playlist` writes it, to the station's
//! playout folder (`[playout]`) in its formats. A bulletin marked aired (at the real air
//! time, by default the slot's) is archived as `bantin archive add` archives it.

use super::{Ctx, blocking, when};
use crate::archive::ArchiveError;
use crate::archive::sidecar::{ArchiveRecord, SIDECAR_FILE, store_dir};
use crate::archive::store::{AddRequest, Archive};
use crate::bulletin::air_time::rfc3339;
use crate::bulletin::make::vietnamese_date;
use crate::bulletin::time_format::mmss;
use crate::config::StationConfig;
use crate::export::playlist::collect::Collected;
use crate::export::playlist::{self, Format, PathStyle, PlaylistEntry, collect};
use crate::web::AppState;
use crate::web::error::WebError;
use crate::web::i18n::{Texts, fill};
use crate::web::layout::{self, Tab, csrf_field, notice};
use axum::extract::{Form, Path as UrlPath, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use jiff::civil::Date;
use maud::{Markup, html};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(serde::Deserialize, Default)]
pub struct AirQuery {
    date: Option<String>,
    /// "written" after the playlist was written, "aired" after a bulletin was archived.
    done: Option<String>,
    /// The bulletin just archived.
    b: Option<String>,
}

/// Where the playlist goes and how, from `[playout]`.
pub struct Target {
    pub folder: PathBuf,
    /// Whether `[playout] folder` is set (else bantin playlist's default folder).
    pub configured: bool,
    pub formats: Vec<Format>,
    pub style: PathStyle,
    pub bom: bool,
}

pub fn target(config: &StationConfig, bulletins: &Path) -> Target {
    let p = &config.playout;
    let configured = !p.folder.as_os_str().is_empty();
    let folder = if configured {
        config.resolve(&p.folder)
    } else {
        bulletins.join(playlist::DEFAULT_FOLDER)
    };
    Target {
        style: if p.absolute_paths {
            PathStyle::Absolute
        } else {
            PathStyle::RelativeTo(folder.clone())
        },
        folder,
        configured,
        formats: p
            .formats
            .iter()
            .filter_map(|f| Format::from_name(f))
            .collect(),
        bom: p.bom,
    }
}

/// One slot of the day as the page shows it.
struct SlotView {
    time: String,
    title: String,
    id: String,
    entry: Option<PlaylistEntry>,
    /// Why there is no entry (the playlist's words), or why the entry could not be made.
    missing: Option<String>,
    /// When it aired, if archived.
    archived: Option<String>,
    /// Its slot's time has come (it can be marked aired; five minutes ahead of the
    /// clock are allowed, as `archive add` allows them).
    due: bool,
    /// Its folder exists (else there is a bulletin to make).
    made: bool,
}

/// The day: each slot, the rows the playlist holds, and the state of the file written.
struct Day {
    slots: Vec<SlotView>,
    rows: Vec<PlaylistEntry>,
    /// (file shown, written at, matches the rows) of the first format's file, if any.
    written: Option<(String, String, bool)>,
}

fn shown(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn look(app: &AppState, config: &StationConfig, date: Date) -> Day {
    let tz = config.time_zone();
    let collected: Collected = collect(&app.bulletins, &[date], &config.schedule, &tz);
    let target = target(config, &app.bulletins);
    let archive = config.resolve(&config.paths.archive);
    let mut slots: Vec<SlotView> = Vec::new();
    let mut rows = Vec::new();
    let now = crate::bulletin::air_time::now(&tz).timestamp().as_second();
    for f in &collected.found {
        let id = f.bulletin.stem.clone();
        let made = playlist::entries_hashed_by(std::slice::from_ref(f), &target.style, |p| {
            app.hashes.sha256(p)
        });
        let (entry, missing) = match made {
            Ok(mut e) => (e.pop(), None),
            Err(e) => (None, Some(e.to_string())),
        };
        rows.extend(entry.clone());
        slots.push(SlotView {
            time: f.air_time.strftime("%H:%M").to_string(),
            title: f.slot_title.clone(),
            archived: aired_at(&archive, &date.to_string(), &id, config),
            due: f.air_time.timestamp().as_second() <= now + 5 * 60,
            made: true,
            id,
            entry,
            missing,
        });
    }
    for m in &collected.missing {
        let slot = config.schedule.slots.iter().find(|s| s.id == m.slot);
        slots.push(SlotView {
            time: slot.map(|s| s.time.clone()).unwrap_or_default(),
            title: slot.map(|s| s.title.clone()).unwrap_or_default(),
            id: format!("{}-{}", m.date, m.slot),
            entry: None,
            missing: Some(m.explain(config.station.language, &config.base_dir)),
            archived: None,
            due: false,
            made: m.dir.is_dir(),
        });
    }
    slots.sort_by(|a, b| a.time.cmp(&b.time));
    let written = target.formats.first().and_then(|&format| {
        let path = target.folder.join(playlist::file_name(date, date, format));
        let meta = std::fs::metadata(&path).ok()?;
        let at = meta
            .modified()
            .ok()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
            .map(|t| rfc3339(&t.to_zoned_datetime(tz.clone())))
            .unwrap_or_default();
        let now = playlist::render(format, &rows, target.bom && format == Format::Csv).ok();
        let matches = now.is_some_and(|bytes| std::fs::read(&path).ok() == Some(bytes));
        Some((shown(&path, &config.base_dir), when(&at, config), matches))
    });
    Day {
        slots,
        rows,
        written,
    }
}

/// When bulletin `id` of `date` aired, if it is archived (its record is in the store).
fn aired_at(archive: &Path, date: &str, id: &str, config: &StationConfig) -> Option<String> {
    let record = archive.join(store_dir(date, id)).join(SIDECAR_FILE);
    let r = ArchiveRecord::load(&record).ok()?;
    Some(when(&r.aired_at, config))
}

fn day_of(ctx: &Ctx, date: Option<&str>) -> Result<Date, WebError> {
    match date.filter(|d| !d.is_empty()) {
        None => Ok(super::today(&ctx.config)),
        Some(d) => d
            .parse::<Date>()
            .map_err(|_| ctx.error(StatusCode::BAD_REQUEST, fill(ctx.t.bad_date, &[&d]))),
    }
}

pub async fn page(ctx: Ctx, Query(q): Query<AirQuery>) -> Result<Html<String>, WebError> {
    let date = day_of(&ctx, q.date.as_deref())?;
    let t = ctx.t;
    let message = match q.done.as_deref() {
        Some("written") => Some(notice("ok", t.air_done_written)),
        Some("aired") => {
            q.b.as_deref()
                .map(|b| notice("ok", &fill(t.aired_done_short, &[&b])))
        }
        _ => None,
    };
    render(&ctx, date, message, StatusCode::OK)
        .await
        .map(|(_, h)| h)
}

async fn render(
    ctx: &Ctx,
    date: Date,
    message: Option<Markup>,
    status: StatusCode,
) -> Result<(StatusCode, Html<String>), WebError> {
    let t = ctx.t;
    let (app, config) = (Arc::clone(&ctx.app), Arc::clone(&ctx.config));
    let day = ctx.blocking(move || look(&app, &config, date)).await?;
    let target = target(&ctx.config, &ctx.app.bulletins);
    let date_s = date.to_string();
    let formats: Vec<&str> = target
        .formats
        .iter()
        .map(|f| f.exporter().extension())
        .collect();
    let folder = shown(&target.folder, &ctx.config.base_dir);
    let errors = ctx.app.auto_archive_errors();
    let live: Vec<String> = day.slots.iter().map(|s| s.id.clone()).collect();
    let content = html! {
        div.day-head {
            h1 { (fill(t.air_heading, &[&vietnamese_date(&date_s)])) }
            nav.day-nav {
                a.button.quiet href={"/air?date=" (date.yesterday().map(|d| d.to_string()).unwrap_or_default())} { (t.previous_day) }
                @if date != super::today(&ctx.config) { a.button.quiet href="/air" { (t.back_to_today) } }
                a.button.quiet href={"/air?date=" (date.tomorrow().map(|d| d.to_string()).unwrap_or_default())} { (t.next_day) }
            }
        }
        @if let Some(m) = message { (m) }
        @if target.configured {
            p.lead { (fill(t.air_folder, &[&folder, &formats.join(", ")])) }
        } @else {
            p.lead { (fill(t.air_folder_default, &[&folder])) }
        }
        @if let Some(minutes) = ctx.config.playout.archive_after_minutes {
            p.hint { (fill(t.air_auto, &[&minutes])) }
        }
        h2 { (t.air_what) }
        div.air-slots #air-slots data-live="air-slots" {
            @for s in &day.slots { (slot_card(ctx, s, &errors)) }
        }
        section.playlist-box #playlist-box {
            @match &day.written {
                None => p { (t.air_file_state_none) },
                Some((file, at, true)) => p.ok-line { "✓ " (fill(t.air_file_state_ok, &[file, at])) },
                Some((file, at, false)) => p.warn-line { "⚠ " (fill(t.air_file_state_stale, &[file, at])) },
            }
            @if day.rows.is_empty() {
                p.hint { (t.air_nothing) }
            } @else {
                form method="post" action={"/air/playlist?date=" (date_s)} {
                    (csrf_field(&ctx.session.csrf))
                    button.primary.big #write-playlist type="submit" {
                        @if day.written.is_some() { (t.air_write_again) } @else { (t.air_write) }
                    }
                }
            }
        }
    };
    let page = ctx.page(t.air_title.into(), Tab::Air, None, &[], &live);
    Ok((status, Html(layout::page(&page, &content).into_string())))
}

fn slot_card(
    ctx: &Ctx,
    s: &SlotView,
    errors: &std::collections::HashMap<String, String>,
) -> Markup {
    let t = ctx.t;
    let title = if s.title.is_empty() { &s.id } else { &s.title };
    html! {
        article class={"slot " (if s.entry.is_some() { "state-done" } else { "state-bad" })} id={"air-" (s.id)} data-live=(s.id) {
            div.slot-time { (s.time) }
            div.slot-body {
                h2 { (title) }
                @if let Some(e) = &s.entry {
                    div.badge.state-done { (t.air_ready) }
                    dl.air-facts {
                        div { dt { (t.air_file) } dd.source { (e.file) } }
                        div { dt { (t.air_length) } dd { (mmss(e.duration_s)) } }
                        div { dt { (t.air_loudness) } dd {
                            (e.integrated_lufs.map_or_else(|| "—".into(), |v| format!("{v:.1}"))) " LUFS, "
                            (e.true_peak_dbtp.map_or_else(|| "—".into(), |v| format!("{v:.1}"))) " dBTP"
                        } }
                        div.hash { dt { (t.air_hash) } dd { code title=(e.sha256) { (e.sha256.get(..16).unwrap_or(&e.sha256)) "…" } } }
                    }
                    @if let Some(aired) = &s.archived {
                        p.aired-line { "✓ " (fill(t.archived_at_line, &[aired])) " "
                            a href={"/archive/b/" (s.id)} { (t.open_in_archive) } }
                    } @else if !s.due {
                        p.hint { (t.air_not_yet) }
                    } @else {
                        form.mark-aired method="post" action={"/air/aired/" (s.id)} {
                            (csrf_field(&ctx.session.csrf))
                            label { (t.aired_at_label) " " input type="time" name="time" value=(s.time) required; }
                            button type="submit" { (t.mark_aired) }
                        }
                    }
                    @if let Some(err) = errors.get(&s.id) {
                        p.missing { (fill(t.auto_archive_failed, &[err])) }
                    }
                } @else {
                    div.badge.state-bad { (t.air_missing) }
                    @if let Some(why) = &s.missing { p.missing { (sentence(why)) } }
                    div.actions {
                        @if s.made {
                            a.button href={"/b/" (s.id) "/assemble"} { (t.nav_assemble) }
                        } @else if let (Some(date), Some(slot)) = (s.id.get(..10), s.id.get(11..)) {
                            a.button href={"/new?date=" (date) "&slot=" (slot)} { (t.make_bulletin) }
                        }
                    }
                }
            }
        }
    }
}

/// POST `/air/playlist?date=`: writes the day's playlist into the playout folder.
pub async fn write(ctx: Ctx, Query(q): Query<AirQuery>) -> Result<Response, WebError> {
    let date = day_of(&ctx, q.date.as_deref())?;
    let (a, config) = (Arc::clone(&ctx.app), Arc::clone(&ctx.config));
    let written = blocking(move || {
        let day = look(&a, &config, date);
        let target = target(&config, &a.bulletins);
        if day.rows.is_empty() {
            return Ok(Vec::new());
        }
        playlist::write_files(
            &target.folder,
            date,
            date,
            &target.formats,
            &day.rows,
            target.bom,
        )
    })
    .await
    .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    match written {
        Ok(_) => Ok(Redirect::to(&format!("/air?date={date}&done=written")).into_response()),
        Err(e) => {
            let message = notice("error", &fill(ctx.t.air_write_failed, &[&e]));
            Ok(
                render(&ctx, date, Some(message), StatusCode::INTERNAL_SERVER_ERROR)
                    .await?
                    .into_response(),
            )
        }
    }
}

#[derive(serde::Deserialize)]
pub struct AiredForm {
    time: String,
}

/// POST `/air/aired/{id}`: the bulletin aired at `time` (HH:MM on its date): archive it
/// as `bantin archive add --aired-at` does.
pub async fn aired(
    ctx: Ctx,
    UrlPath(id): UrlPath<String>,
    Form(form): Form<AiredForm>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let dir = ctx.bulletin_dir(&id)?;
    let (_, rundown) = ctx.rundown(&id).await?;
    let date = rundown
        .air_date()
        .map_err(|e| ctx.error(StatusCode::CONFLICT, e))?;
    let time = form.time.trim().to_string();
    if crate::config::parse_hhmm(&time).is_none() {
        let message = notice("error", &fill(t.bad_time, &[&time]));
        return Ok(
            render(&ctx, date, Some(message), StatusCode::UNPROCESSABLE_ENTITY)
                .await?
                .into_response(),
        );
    }
    let config = Arc::clone(&ctx.config);
    let added = ctx
        .blocking(move || archive_bulletin(&config, &dir, Some(&time)))
        .await?;
    ctx.app.events.poke();
    match added {
        Ok(()) => Ok(Redirect::to(&format!("/air?date={date}&done=aired&b={id}")).into_response()),
        Err(e) => {
            let message = notice("error", &archive_error_text(t, &e));
            Ok(render(&ctx, date, Some(message), StatusCode::CONFLICT)
                .await?
                .into_response())
        }
    }
}

/// Archives the finished bulletin in `dir` as `bantin archive add` does; `aired_at`
/// as typed (default: the slot's time).
pub fn archive_bulletin(
    config: &StationConfig,
    dir: &Path,
    aired_at: Option<&str>,
) -> Result<(), ArchiveError> {
    let archive = Archive::new(config.resolve(&config.paths.archive));
    archive.add(
        dir,
        &AddRequest {
            aired_at,
            force: false,
        },
        &config.schedule,
        &config.time_zone(),
    )?;
    Ok(())
}

/// An archiving error in the station's language where bantin knows what to say.
pub fn archive_error_text(t: &Texts, e: &ArchiveError) -> String {
    match e {
        ArchiveError::FutureAirTime { aired, now, .. } => {
            let hm = |s: &str| s.get(11..16).unwrap_or(s).to_string();
            fill(t.archive_future, &[&hm(aired), &hm(now)])
        }
        other => fill(t.archive_failed, &[other]),
    }
}

/// A reason that reads as a clause after the command line's "missing: DATE SLOT —",
/// as a sentence of its own.
fn sentence(clause: &str) -> String {
    let mut chars = clause.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>() + "."
    })
}
