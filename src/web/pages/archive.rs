//! Lưu trữ (archive): search what aired as `bantin archive search` does (diacritics
//! optional, a date range) with the matches highlighted; an archived bulletin played in
//! the page and its files downloaded; the as-run log of a date range as CSV (with a byte
//! order mark for Excel on Windows, if asked) or as a printable A4 page; and a check of
//! the whole archive (`bantin archive verify`) in plain words.

use super::{Ctx, blocking, when};
use crate::archive::ArchiveError;
use crate::archive::catalog::BulletinRow;
use crate::archive::search::{Hit, Query as SearchQuery};
use crate::archive::sidecar::{ArchiveRecord, SIDECAR_FILE};
use crate::archive::store::Archive;
use crate::archive::verify::VerifyReport;
use crate::bulletin::make::vietnamese_date;
use crate::bulletin::time_format::mmss;
use crate::export::as_run::{self, AsRunEntry, AsRunFormat};
use crate::web::AppState;
use crate::web::auth::SessionInfo;
use crate::web::error::WebError;
use crate::web::i18n::{Texts, fill};
use crate::web::layout::{self, Tab, csrf_field, notice};
use crate::web::ranged::{FileQuery, finished_file_type, serve_named};
use crate::web::report_view::{self, View};
use axum::Extension;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::civil::Date;
use maud::{DOCTYPE, Markup, html};
use std::sync::Arc;

/// Most hits shown for one search.
const MAX_HITS: usize = 50;
/// Days back the archive page lists when no dates are given.
const RECENT_DAYS: i64 = 31;

#[derive(serde::Deserialize, Default)]
pub struct ArchiveQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// As-run CSV with a byte order mark.
    bom: Option<String>,
}

fn archive_of(ctx: &Ctx) -> Archive {
    Archive::new(ctx.config.resolve(&ctx.config.paths.archive))
}

/// The asked date range as YYYY-MM-DD bounds (`bantin archive`'s `--from`/`--to`).
fn bounds(ctx: &Ctx, q: &ArchiveQuery) -> Result<(Option<Date>, Option<Date>), WebError> {
    let parse = |d: &str| -> Result<Option<Date>, WebError> {
        if d.trim().is_empty() {
            return Ok(None);
        }
        d.trim()
            .parse::<Date>()
            .map(Some)
            .map_err(|_| ctx.error(StatusCode::BAD_REQUEST, fill(ctx.t.bad_date, &[&d])))
    };
    Ok((parse(&q.from)?, parse(&q.to)?))
}

/// A search hit's snippet with the matches marked.
fn snippet(hit: &Hit) -> Markup {
    html! {
        @for (text, matched) in &hit.snippet_parts {
            @if *matched { mark { (text) } } @else { (text) }
        }
    }
}

/// Whether the archive simply holds nothing yet (no catalog, nothing stored).
fn is_empty_archive(e: &ArchiveError) -> bool {
    matches!(e, ArchiveError::NoCatalog { .. })
}

pub async fn page(ctx: Ctx, Query(q): Query<ArchiveQuery>) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (from, to) = bounds(&ctx, &q)?;
    let today = super::today(&ctx.config);
    let archive = archive_of(&ctx);
    let text = q.q.trim().to_string();
    let searching = !text.is_empty();
    let list_from = from.unwrap_or_else(|| {
        today
            .checked_sub(jiff::Span::new().days(RECENT_DAYS))
            .unwrap_or(today)
    });
    let (f, tt) = (
        from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string()),
        to.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string()),
    );
    let lf = list_from.to_string();
    let search_text = text.clone();
    let found = blocking(
        move || -> Result<(Vec<Hit>, Vec<BulletinRow>), ArchiveError> {
            let catalog = archive.existing_catalog()?;
            if searching {
                let hits = catalog.search(&SearchQuery {
                    text: &search_text,
                    from: &f,
                    to: &tt,
                    limit: MAX_HITS,
                })?;
                Ok((hits, Vec::new()))
            } else {
                let mut rows = catalog.list(&lf, &tt)?;
                rows.reverse();
                Ok((Vec::new(), rows))
            }
        },
    )
    .await
    .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let as_run_from = from.unwrap_or_else(|| today.first_of_month());
    let as_run_to = to.unwrap_or(today);
    let content = html! {
        h1 { (t.archive_title) }
        div.archive-grid {
            section.archive-main {
                form.search #search method="get" action="/archive" {
                    label.wide { (t.search_words)
                        input type="search" name="q" value=(q.q) placeholder=(t.search_hint) autofocus; }
                    div.row {
                        label { (t.date_from) input type="date" name="from" value=(q.from); }
                        label { (t.date_to) input type="date" name="to" value=(q.to); }
                        button.primary type="submit" { (t.search_button) }
                    }
                }
                @match &found {
                    Err(e) if is_empty_archive(e) => { (notice("warn", t.archive_empty)) }
                    Err(e) => { (notice("error", &fill(t.archive_unavailable, &[e]))) }
                    Ok((hits, _)) if searching => {
                        @if hits.is_empty() {
                            p.none #no-hits { (fill(t.search_none, &[&text])) }
                        } @else {
                            h2 { (fill(t.search_results, &[&hits.len(), &text])) }
                            ol.hits #hits {
                                @for h in hits {
                                    li.hit {
                                        a href={"/archive/b/" (h.id) "#item-" (h.item_id)} {
                                            strong { (vietnamese_date(&h.date)) " · " (h.slot) } " — " (h.item_title)
                                        }
                                        p.snippet { (snippet(h)) }
                                    }
                                }
                            }
                        }
                    }
                    Ok((_, rows)) => {
                        h2 { (t.recent_archived) }
                        @if rows.is_empty() { p.none { (t.archive_empty) } }
                        ul.archived #archived {
                            @for r in rows {
                                li {
                                    a href={"/archive/b/" (r.id)} { strong { (vietnamese_date(&r.date)) } " — " (r.title) }
                                    span.hint { " · " (fill(t.aired_on, &[&when(&r.aired_at, &ctx.config)])) " · " (mmss(r.duration_s)) }
                                }
                            }
                        }
                    }
                }
            }
            aside.archive-side {
                section.side-box #as-run-box {
                    h2 { (t.as_run_title) }
                    p.hint { (t.as_run_intro) }
                    form method="get" action="/archive/as-run" #as-run-form {
                        div.row {
                            label { (t.date_from) input type="date" name="from" value=(as_run_from.to_string()) required; }
                            label { (t.date_to) input type="date" name="to" value=(as_run_to.to_string()) required; }
                        }
                        label.check { input type="checkbox" name="bom" value="1" checked; " " (t.as_run_bom) }
                        div.actions {
                            button type="submit" { (t.as_run_view) }
                            button.primary type="submit" formaction="/archive/as-run.csv" #as-run-csv { (t.as_run_csv) }
                        }
                    }
                }
                section.side-box {
                    h2 { (t.verify_title) }
                    p.hint { (t.verify_intro) }
                    a.button href="/archive/verify" { (t.verify_button) }
                }
            }
        }
    };
    let page = ctx.page(t.archive_title.into(), Tab::Archive, None, &[], &[]);
    Ok(Html(layout::page(&page, &content).into_string()))
}

/// GET `/archive/b/{id}`: an archived bulletin: its report, played in the page, its
/// items and its stored files.
pub async fn bulletin(ctx: Ctx, UrlPath(id): UrlPath<String>) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let archive = archive_of(&ctx);
    let i = id.clone();
    let loaded = blocking(move || {
        let catalog = archive.existing_catalog()?;
        let row = catalog.bulletin(&i)?;
        let files = catalog.files(&i)?;
        let folder = archive.folder(&row.store_dir);
        let record = ArchiveRecord::load(&folder.join(SIDECAR_FILE))?;
        let page = files
            .iter()
            .find(|f| f.role == "report-html")
            .and_then(|f| std::fs::read_to_string(folder.join(&f.name)).ok());
        Ok::<_, ArchiveError>((row, files, record, page))
    })
    .await
    .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let (row, files, record, report_page) = loaded.map_err(|e| match e {
        ArchiveError::UnknownId { .. } | ArchiveError::NoCatalog { .. } => {
            ctx.error(StatusCode::NOT_FOUND, fill(t.no_such_archived, &[&id]))
        }
        other => ctx.error(
            StatusCode::INTERNAL_SERVER_ERROR,
            fill(t.archive_unavailable, &[&other]),
        ),
    })?;
    let file_url = |name: &str| format!("/archive/b/{id}/files/{name}");
    let audio = files
        .iter()
        .find(|f| f.role == "audio")
        .map(|f| file_url(&f.name))
        .unwrap_or_default();
    let view = View {
        report: &record.report,
        page: report_page.as_deref(),
        audio_url: &audio,
        downloads: Vec::new(),
        made: when(&record.report.created, &ctx.config),
    };
    let content = html! {
        div.page-head {
            h1 { (row.title) }
            a.button.quiet href="/archive" { "← " (t.archive_title) }
        }
        p.lead #archived-facts {
            (fill(t.archived_facts, &[
                &when(&row.aired_at, &ctx.config),
                &when(&row.archived_at, &ctx.config),
                &mmss(row.duration_s),
                &row.integrated_lufs.map_or_else(|| "—".into(), |v| format!("{v:.1}")),
            ]))
        }
        (report_view::render(t, &view))
        section.items {
            h2 { (t.items_read) }
            @for item in &record.rundown.items {
                article.archived-item id={"item-" (item.id)} {
                    h3 { (fill(t.item_n, &[&item.id])) " — " (item.title) }
                    @for seg in &item.segments { p { (seg.spoken) } }
                }
            }
        }
        section.stored-files {
            h2 { (t.stored_files) }
            ul #stored-files {
                @for f in &files {
                    li {
                        a href={(file_url(&f.name)) "?download=1"} { "⬇ " (f.name) }
                        span.hint { " · " (format!("{:.1}", f.bytes as f64 / 1e6)) " MB · SHA-256 " code { (f.sha256.get(..16).unwrap_or(&f.sha256)) "…" } }
                    }
                }
            }
        }
    };
    let page = ctx.page(
        format!("{} — {}", t.archived_bulletin, row.title),
        Tab::Archive,
        None,
        &["player.js"],
        &[],
    );
    Ok(Html(layout::page(&page, &content).into_string()))
}

/// GET `/archive/b/{id}/files/{name}`: one stored file (only names the catalog lists),
/// with range requests.
pub async fn file(
    ctx: Ctx,
    UrlPath((id, name)): UrlPath<(String, String)>,
    Query(q): Query<FileQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let not_found = || ctx.error(StatusCode::NOT_FOUND, ctx.t.not_found);
    crate::web::safe_path::plain_name(&name).map_err(|_| not_found())?;
    let archive = archive_of(&ctx);
    let (i, n) = (id.clone(), name.clone());
    let folder = blocking(move || {
        let catalog = archive.existing_catalog().ok()?;
        let row = catalog.bulletin(&i).ok()?;
        let listed = n == SIDECAR_FILE || catalog.files(&i).ok()?.iter().any(|f| f.name == n);
        listed.then(|| archive.folder(&row.store_dir))
    })
    .await
    .ok()
    .flatten()
    .ok_or_else(not_found)?;
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    let content_type = finished_file_type(extension).unwrap_or("text/plain; charset=utf-8");
    serve_named(&folder, &name, content_type, &q, &headers)
        .await
        .ok_or_else(not_found)
}

/// The as-run entries of a range (both ends required).
async fn as_run_entries(
    ctx: &Ctx,
    q: &ArchiveQuery,
) -> Result<(Date, Date, Vec<AsRunEntry>), WebError> {
    let (from, to) = bounds(ctx, q)?;
    let today = super::today(&ctx.config);
    let (from, to) = (
        from.unwrap_or_else(|| today.first_of_month()),
        to.unwrap_or(today),
    );
    if from > to {
        return Err(ctx.error(
            StatusCode::BAD_REQUEST,
            fill(ctx.t.bad_date, &[&format!("{from} > {to}")]),
        ));
    }
    let archive = archive_of(ctx);
    let (f, t) = (from.to_string(), to.to_string());
    let entries = ctx
        .blocking(move || archive.existing_catalog()?.as_run(&f, &t))
        .await?;
    match entries {
        Ok(e) => Ok((from, to, e)),
        Err(e) if is_empty_archive(&e) => Ok((from, to, Vec::new())),
        Err(e) => Err(ctx.error(
            StatusCode::INTERNAL_SERVER_ERROR,
            fill(ctx.t.archive_unavailable, &[&e]),
        )),
    }
}

/// GET `/archive/as-run.csv?from&to[&bom=1]`: the as-run log as `bantin archive as-run`
/// writes it, as a download.
pub async fn as_run_csv(ctx: Ctx, Query(q): Query<ArchiveQuery>) -> Result<Response, WebError> {
    let (from, to, entries) = as_run_entries(&ctx, &q).await?;
    let mut bytes = Vec::new();
    let format = AsRunFormat::Csv {
        bom: q.bom.is_some(),
    };
    as_run::write(&entries, format, &mut bytes)
        .map_err(|e| ctx.error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let name = format!("as-run-{from}_{to}.csv");
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok((headers, bytes).into_response())
}

/// GET `/archive/as-run?from&to`: the as-run log as a printable A4 page.
pub async fn as_run_page(
    ctx: Ctx,
    Query(q): Query<ArchiveQuery>,
) -> Result<Html<String>, WebError> {
    let t = ctx.t;
    let (from, to, entries) = as_run_entries(&ctx, &q).await?;
    let total: f64 = entries.iter().map(|e| e.duration_s).sum();
    let printed = crate::bulletin::air_time::now(&ctx.config.time_zone())
        .strftime("%H:%M %d/%m/%Y")
        .to_string();
    let heading = fill(
        t.as_run_heading,
        &[
            &vietnamese_date(&from.to_string()),
            &vietnamese_date(&to.to_string()),
        ],
    );
    let csv = format!("/archive/as-run.csv?from={from}&to={to}&bom=1");
    let body = html! {
        (DOCTYPE)
        html lang=(t.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (heading) " — " (ctx.config.station.name) }
                link rel="stylesheet" href=(crate::web::assets::url("style.css"));
                link rel="icon" href="data:,";
                script type="module" src=(crate::web::assets::url("print.js")) {}
            }
            body.as-run-print { main.sheet {
                nav.print-tools {
                    a.button.quiet href="/archive" { "← " (t.archive_title) }
                    button.primary #print type="button" { "🖨 " (t.print_button) }
                    a.button href=(csv) { "⬇ " (t.as_run_csv) }
                }
                header.print-head {
                    div.station-name { (ctx.config.station.name) }
                    h1 { (heading) }
                }
                @if entries.is_empty() {
                    p #as-run-empty { (t.as_run_none) }
                } @else {
                    table.as-run #as-run-table {
                        thead { tr {
                            th { "#" } th { (t.col_aired) } th { (t.col_slot) } th { (t.col_title) }
                            th { (t.col_length) } th { (t.col_file) } th { "SHA-256" }
                        } }
                        tbody {
                            @for (k, e) in entries.iter().enumerate() {
                                tr {
                                    td { (k + 1) }
                                    td.num { (when(&e.aired_at, &ctx.config)) }
                                    td { (e.slot) }
                                    td { (e.title) }
                                    td.num { (mmss(e.duration_s)) }
                                    td.file { (e.file) }
                                    td.hash { code { (e.sha256.get(..16).unwrap_or(&e.sha256)) "…" } }
                                }
                            }
                        }
                    }
                    p.total { (fill(t.as_run_total, &[&entries.len(), &mmss(total)])) }
                }
                footer.print-foot { (fill(t.as_run_printed, &[&printed])) " · bantin" }
            } }
        }
    };
    Ok(Html(body.into_string()))
}

/// GET `/archive/verify`: what the check does, and its button.
pub async fn verify_page(ctx: Ctx) -> Html<String> {
    Html(verify_render(&ctx, None, None).into_string())
}

/// POST `/archive/verify`: runs `archive verify` and shows its findings in plain words.
pub async fn verify_check(
    State(app): State<Arc<AppState>>,
    Extension(session): Extension<SessionInfo>,
) -> Html<String> {
    verify(app, session, false).await
}

/// POST `/archive/verify/repair`: `archive verify --repair` (removes what interrupted
/// runs left, indexes records the catalog lacks), then the findings.
pub async fn verify_repair(
    State(app): State<Arc<AppState>>,
    Extension(session): Extension<SessionInfo>,
) -> Html<String> {
    verify(app, session, true).await
}

async fn verify(app: Arc<AppState>, session: SessionInfo, repair: bool) -> Html<String> {
    let ctx = Ctx::new(&app, session);
    let archive = archive_of(&ctx);
    let report = blocking(move || archive.verify(repair, |_, _| {}))
        .await
        .unwrap_or_else(|e| {
            Err(ArchiveError::io(
                "check",
                std::path::PathBuf::new(),
                std::io::Error::other(e),
            ))
        });
    Html(verify_render(&ctx, Some(&report), Some(repair)).into_string())
}

fn verify_render(
    ctx: &Ctx,
    report: Option<&Result<VerifyReport, ArchiveError>>,
    repaired: Option<bool>,
) -> Markup {
    let t = ctx.t;
    let base = ctx.config.resolve(&ctx.config.paths.archive);
    let content = html! {
        h1 { (t.verify_title) }
        p.lead { (t.verify_intro) }
        @match report {
            None => {}
            Some(Err(e)) if is_empty_archive(e) => { (notice("warn", t.archive_empty)) }
            Some(Err(e)) => { (notice("error", &fill(t.archive_unavailable, &[e]))) }
            Some(Ok(r)) => {
                @let mb = format!("{:.1}", r.bytes as f64 / 1e6);
                @if repaired == Some(true) {
                    @for rep in &r.repaired {
                        (notice("ok", &fill(t.verify_repaired, &[&rep.path.strip_prefix(&base).unwrap_or(&rep.path).display()])))
                    }
                }
                @if r.problems.is_empty() {
                    div.notice.ok #verify-result data-problems="0" {
                        "✓ " (fill(t.verify_ok, &[&r.files, &r.bulletins, &mb]))
                    }
                } @else {
                    div.notice.error #verify-result data-problems=(r.problems.len()) {
                        (fill(t.verify_problems, &[&r.files, &r.bulletins, &mb, &r.problems.len()]))
                    }
                    ul.problems #problems {
                        @for p in &r.problems {
                            li data-kind=(p.kind) { (problem_text(t, p, &base)) }
                        }
                    }
                    @if r.problems.iter().any(|p| p.kind == "orphan" || p.kind == "not-in-catalog") {
                        form method="post" action="/archive/verify/repair" {
                            (csrf_field(&ctx.session.csrf))
                            button.primary type="submit" #repair { (t.verify_repair) }
                        }
                    }
                }
            }
        }
        @if report.is_some() {
            p.hint { (fill(t.verify_checked_at, &[&crate::bulletin::air_time::now(&ctx.config.time_zone()).strftime("%H:%M:%S %d/%m/%Y")])) }
        }
        form method="post" action="/archive/verify" {
            (csrf_field(&ctx.session.csrf))
            button.primary.big type="submit" #verify {
                @if report.is_some() { (t.verify_again) } @else { (t.verify_button) }
            }
        }
    };
    let page = ctx.page(t.verify_title.into(), Tab::Archive, None, &[], &[]);
    layout::page(&page, &content)
}

/// One finding of `archive verify` in plain words.
fn problem_text(t: &Texts, p: &crate::archive::verify::Problem, base: &std::path::Path) -> String {
    let name = p
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let shown = p
        .path
        .strip_prefix(base)
        .unwrap_or(&p.path)
        .display()
        .to_string();
    let id = p.id.clone().unwrap_or_default();
    match p.kind.as_str() {
        "missing" => fill(t.verify_missing, &[&name, &id]),
        "unreadable" => fill(t.verify_unreadable, &[&name, &id]),
        "altered" => fill(t.verify_altered, &[&name, &id]),
        "not-in-catalog" => fill(t.verify_not_in_catalog, &[&shown]),
        "orphan" => fill(t.verify_orphan, &[&shown]),
        "catalog" => fill(t.verify_catalog, &[&p.detail]),
        _ => format!("{shown}: {}", p.detail),
    }
}
