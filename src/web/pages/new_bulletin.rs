//! Bản tin mới (new bulletin): paste the approved articles or upload their files, in air
//! order; pick the date and slot; the bulletin folder is made by the same library call as
//! `bantin new` (so every format `bantin new` reads — .txt in any encoding, Word .docx — works
//! here too). The articles are kept in the folder's `articles/`.

use super::{Ctx, blocking};
use crate::bulletin::edit::{self, Edit};
use crate::bulletin::make::{self, BulletinRequest, MakeError};
use crate::bulletin::rundown::RUNDOWN_FILE;
use crate::bulletin::time_format::mmss;
use crate::config::StationConfig;
use crate::ingest::IngestError;
use crate::web::i18n::{Texts, fill};
use crate::web::layout::{self, Tab, notice};
use crate::web::overview::bulletin_id;
use axum::extract::{Multipart, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Article boxes shown at first (more with "+ Add an article").
const FIRST_BOXES: usize = 2;
/// Most articles in one bulletin from this form.
const MAX_ARTICLES: usize = 60;
/// Largest new-bulletin form (the articles of one bulletin), MB; `[web] upload_limit_mb`
/// when that is smaller.
const ARTICLES_LIMIT_MB: u64 = 50;
/// Folder inside the bulletin folder where the articles are kept.
pub const ARTICLES_DIR: &str = "articles";

#[derive(serde::Deserialize, Default)]
pub struct NewQuery {
    date: Option<String>,
    slot: Option<String>,
}

/// What the form held.
#[derive(Default, Clone)]
struct Submitted {
    date: String,
    slot: String,
    title: String,
    /// Per article box (1-based in the form): pasted text, and an uploaded file's name
    /// and bytes.
    texts: Vec<String>,
    files: Vec<Option<(String, Vec<u8>)>>,
}

pub async fn page(ctx: Ctx, Query(q): Query<NewQuery>) -> Html<String> {
    let form = Submitted {
        date: q
            .date
            .unwrap_or_else(|| super::today(&ctx.config).to_string()),
        slot: q.slot.unwrap_or_default(),
        ..Submitted::default()
    };
    Html(render(&ctx, &form, None).into_string())
}

fn render(ctx: &Ctx, form: &Submitted, error: Option<Markup>) -> Markup {
    let t = ctx.t;
    let boxes = form.texts.len().max(FIRST_BOXES);
    let content = html! {
        h1 { (t.new_title) }
        p.lead { (t.new_intro) }
        @if let Some(e) = error { (e) }
        form.new-bulletin method="post" enctype="multipart/form-data"
            action={"/new?_csrf=" (ctx.session.csrf)} {
            div.row {
                label { (t.field_date) input type="date" name="date" value=(form.date) required; }
                label { (t.field_slot)
                    select name="slot" {
                        @for s in &ctx.config.schedule.slots {
                            option value=(s.id) selected[s.id == form.slot] {
                                (s.time) " — " (if s.title.is_empty() { &s.id } else { &s.title })
                            }
                        }
                    }
                }
            }
            label.wide { (t.field_title) input type="text" name="title" value=(form.title); }
            div #articles {
                @for n in 1..=boxes {
                    fieldset.article data-n=(n) {
                        legend { (fill(t.article_n, &[&n])) }
                        textarea name={"text" (n)} rows="8" placeholder=(t.paste_here) {
                            (form.texts.get(n - 1).map_or("", String::as_str))
                        }
                        label.file { (t.or_file) " "
                            input type="file" name={"file" (n)} accept=".txt,.docx,text/plain";
                        }
                    }
                }
            }
            div.actions {
                button.button type="button" #add-article data-label=(t.article_n) { (t.add_article) }
                button.primary.big type="submit" { (t.create_bulletin) }
            }
        }
    };
    let page = ctx.page(t.new_title.into(), Tab::New, None, &["new.js"], &[]);
    layout::page(&page, &content)
}

pub async fn create(ctx: Ctx, multipart: Multipart) -> Response {
    let t = ctx.t;
    // The form is read into memory: articles are text, so their limit is far below a
    // recording's.
    let limit_mb = ctx.config.web.upload_limit_mb.min(ARTICLES_LIMIT_MB);
    let form = match read_form(multipart, limit_mb * 1024 * 1024).await {
        Ok(f) => f,
        Err(FormError::TooLarge) => {
            let message = fill(t.upload_too_large, &[&limit_mb]);
            return refused(
                &ctx,
                &Submitted::default(),
                &message,
                StatusCode::PAYLOAD_TOO_LARGE,
            );
        }
        Err(FormError::Bad(message)) => {
            return refused(
                &ctx,
                &Submitted::default(),
                &message,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let Ok(date) = make::parse_air_date(&form.date, &ctx.config.time_zone()) else {
        let m = fill(t.bad_date, &[&form.date]);
        return refused(&ctx, &form, &m, StatusCode::BAD_REQUEST);
    };
    let Ok(slot) = make::find_slot(&ctx.config, &form.slot) else {
        let m = fill(t.bad_slot, &[&form.slot]);
        return refused(&ctx, &form, &m, StatusCode::BAD_REQUEST);
    };
    let id = bulletin_id(&date, &slot.id);
    let dir = ctx.app.bulletins.join(&id);
    if dir.join(RUNDOWN_FILE).exists() {
        let error = html! {
            div.notice.error role="alert" {
                (fill(t.bulletin_exists, &[&id])) " "
                a href={"/b/" (id) "/script"} { (t.open_it) }
            }
        };
        let page = render(&ctx, &form, Some(error)).into_string();
        return (StatusCode::CONFLICT, Html(page)).into_response();
    }
    let articles = articles_of(&form);
    if articles.is_empty() {
        return refused(&ctx, &form, t.no_article, StatusCode::BAD_REQUEST);
    }
    let config = Arc::clone(&ctx.config);
    let bulletins = ctx.app.bulletins.clone();
    let title = Some(form.title.trim().to_string()).filter(|s| !s.is_empty());
    let made = blocking(move || {
        make_from_articles(&config, &bulletins, &dir, date, slot, title, &articles)
    })
    .await;
    match made {
        Ok(Ok(summary)) => {
            ctx.app.events.poke();
            let q = serde_urlencoded::to_string([("made", summary)]).unwrap_or_default();
            Redirect::to(&format!("/b/{id}/script?{q}")).into_response()
        }
        Ok(Err(e)) => {
            let message = make_error_text(t, &e);
            refused(&ctx, &form, &message, StatusCode::BAD_REQUEST)
        }
        Err(e) => refused(&ctx, &form, &e, StatusCode::INTERNAL_SERVER_ERROR),
    }
}

fn refused(ctx: &Ctx, form: &Submitted, message: &str, status: StatusCode) -> Response {
    let page = render(ctx, form, Some(notice("error", message))).into_string();
    (status, Html(page)).into_response()
}

enum FormError {
    TooLarge,
    Bad(String),
}

/// Reads the multipart form, counting every byte against the upload limit.
async fn read_form(mut multipart: Multipart, limit: u64) -> Result<Submitted, FormError> {
    let mut form = Submitted::default();
    let mut total: u64 = 0;
    let index = |name: &str, prefix: &str| -> Option<usize> {
        let n: usize = name.strip_prefix(prefix)?.parse().ok()?;
        (1..=MAX_ARTICLES).contains(&n).then_some(n - 1)
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(FormError::Bad(e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let mut bytes = Vec::new();
        let mut field = field;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    total += chunk.len() as u64;
                    if total > limit {
                        return Err(FormError::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(FormError::Bad(e.body_text())),
            }
        }
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "date" => form.date = text(),
            "slot" => form.slot = text(),
            "title" => form.title = text(),
            other => {
                if let Some(i) = index(other, "text") {
                    if form.texts.len() <= i {
                        form.texts.resize(i + 1, String::new());
                    }
                    form.texts[i] = text();
                } else if let Some(i) = index(other, "file") {
                    if form.files.len() <= i {
                        form.files.resize(i + 1, None);
                    }
                    if !bytes.is_empty() {
                        form.files[i] = Some((file_name.unwrap_or_default(), bytes));
                    }
                }
            }
        }
    }
    Ok(form)
}

/// One article to read: the name it is kept under and its bytes.
struct ArticleFile {
    name: String,
    bytes: Vec<u8>,
}

/// The articles in box order: a chosen file wins over pasted text in the same box.
fn articles_of(form: &Submitted) -> Vec<ArticleFile> {
    let boxes = form.texts.len().max(form.files.len());
    let mut out = Vec::new();
    for i in 0..boxes {
        let n = out.len() + 1;
        if let Some(Some((file_name, bytes))) = form.files.get(i) {
            out.push(ArticleFile {
                name: format!("{n:02}-{}", clean_file_name(file_name)),
                bytes: bytes.clone(),
            });
        } else if let Some(text) = form.texts.get(i).filter(|t| !t.trim().is_empty()) {
            out.push(ArticleFile {
                name: format!("{n:02}-dan.txt"),
                bytes: text.replace("\r\n", "\n").into_bytes(),
            });
        }
    }
    out
}

/// An uploaded file's name made safe to keep: its last component, letters, digits, `-`,
/// `_` and one extension; anything else becomes `-`.
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let (stem, ext) = match last.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => (last, "txt"),
    };
    let keep = |s: &str, max: usize| -> String {
        s.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .take(max)
            .collect()
    };
    let stem = keep(stem, 60);
    let ext = keep(ext, 8).to_lowercase();
    let stem = if stem.trim_matches('-').is_empty() {
        "bai".into()
    } else {
        stem
    };
    let ext = if ext.trim_matches('-').is_empty() {
        "txt".into()
    } else {
        ext
    };
    format!("{stem}.{ext}")
}

/// Makes the bulletin: the articles are staged in a hidden folder (removed afterwards),
/// read by `bantin new`'s own code, and kept in `articles/` only when it succeeded.
fn make_from_articles(
    config: &StationConfig,
    bulletins: &Path,
    dir: &Path,
    date: String,
    slot: crate::config::Slot,
    title: Option<String>,
    articles: &[ArticleFile],
) -> Result<String, NewError> {
    let staging = tempfile::Builder::new()
        .prefix(".incoming-")
        .tempdir_in(bulletins)
        .map_err(|e| NewError::Io(e.to_string()))?;
    let mut paths = Vec::new();
    for a in articles {
        let path = staging.path().join(&a.name);
        std::fs::write(&path, &a.bytes).map_err(|e| NewError::Io(e.to_string()))?;
        paths.push(path);
    }
    let request = BulletinRequest {
        date,
        slot,
        title,
        articles: paths.clone(),
        reading: config.reading.clone(),
        force: false,
        discard_edits: false,
    };
    let made = make::make_bulletin(dir, config, &request).map_err(|e| NewError::Make(e, paths))?;
    let kept = dir.join(ARTICLES_DIR);
    std::fs::create_dir_all(&kept).map_err(|e| NewError::Io(e.to_string()))?;
    let mut sources = Vec::new();
    for a in articles {
        let to = kept.join(&a.name);
        crate::atomic::write_bytes(&to, crate::atomic::Overwrite::Replace, &a.bytes)
            .map_err(|e| NewError::Io(e.to_string()))?;
        sources.push(format!("{ARTICLES_DIR}/{}", a.name));
    }
    // The rundown names the kept copies, not the staging folder that is about to go.
    let _ = edit::apply(dir, &Edit::Sources(sources), config);
    let r = &made.rundown;
    let total: f64 = r.segments().map(|s| s.estimate_s).sum();
    Ok(format!(
        "{}|{}|{}",
        r.items.len(),
        r.segments().count(),
        mmss(total)
    ))
}

enum NewError {
    Make(MakeError, Vec<PathBuf>),
    Io(String),
}

/// The failure in the station's language, naming the article box it concerns.
fn make_error_text(t: &'static Texts, e: &NewError) -> String {
    let (e, paths) = match e {
        NewError::Io(m) => return fill(t.server_error, &[m]),
        NewError::Make(e, paths) => (e, paths),
    };
    let which = |path: &Path| -> (usize, String) {
        let n = paths.iter().position(|p| p == path).map_or(0, |i| i + 1);
        let name = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        (
            n,
            name.split_once('-')
                .map_or(name.clone(), |(_, rest)| rest.to_string()),
        )
    };
    let article = |path: &Path, why: String| {
        let (n, name) = which(path);
        fill(t.article_unreadable, &[&n, &name, &why])
    };
    match e {
        MakeError::Article(ie) => match ie {
            IngestError::Document { path, kind } => {
                let kind = if kind.contains(".docx") {
                    "Word (.docx)"
                } else if kind.contains(".doc") {
                    "Word (.doc)"
                } else if kind.contains("PDF") {
                    "PDF"
                } else {
                    "RTF"
                };
                article(path, fill(t.article_is_document, &[&kind]))
            }
            IngestError::Empty { path } => article(path, t.article_empty.into()),
            IngestError::Binary { path } => article(path, t.article_binary.into()),
            IngestError::UnknownEncoding { path } => article(path, t.article_encoding.into()),
            IngestError::NoArticle { path } => article(path, t.article_furniture_only.into()),
            IngestError::Docx { path, .. } => article(path, t.article_docx_damaged.into()),
            other => fill(t.server_error, &[&other]),
        },
        MakeError::EmptyArticle { path } => article(path, t.article_empty.into()),
        other => fill(t.server_error, &[&other]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_are_made_safe() {
        assert_eq!(clean_file_name("bài an ninh.txt"), "bài-an-ninh.txt");
        assert_eq!(clean_file_name("C:\\Users\\a\\..\\tin.DOCX"), "tin.docx");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd.txt");
        assert_eq!(clean_file_name(".bashrc"), "-bashrc.txt");
        assert_eq!(clean_file_name(""), "bai.txt");
        assert_eq!(clean_file_name("a\0b.txt"), "a-b.txt");
    }
}
