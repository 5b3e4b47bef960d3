//! `bantin read`: an article's read-aloud script on stdout — plain text for people, or
//! `--json` for scripts (documented in docs/reading-articles.md).

use super::{Context, Outcome};
use crate::ingest::{Article, read_article};
use crate::script::normalize::{Reader, ReadingWarning};
use crate::script::segment::{Script, build_script};
use anyhow::Context as _;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the script as JSON: metadata, segments with spoken and original text, warnings.
    #[arg(long)]
    pub json: bool,
    /// Show, for each rewritten token, what is said and the rule or lexicon entry (with its
    /// file) that produced it, instead of the script. With --json, as JSON.
    #[arg(long)]
    pub explain: bool,
    /// The article file (.txt in UTF-8, UTF-16, TCVN3, VNI or Windows-1258, or .docx).
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let article = read_article(&args.article)?;
    let reader = Reader::new(&ctx.config).context("cannot load the reading lexicon")?;
    if args.explain {
        return explain(&article, &reader, args.json);
    }
    let script = build_script(&article, &reader, &ctx.config.reading);
    let warnings = warning_lines(&article, &script.warnings);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &json_report(&article, &script, &warnings))?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}\n", script.title_spoken)?;
        for paragraph in &script.paragraphs_spoken {
            writeln!(out, "{paragraph}")?;
        }
        if !ctx.quiet {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// One rewritten token of `--explain`, with the part of the article it stands in.
#[derive(serde::Serialize)]
struct JsonRewrite<'a> {
    part: String,
    written: &'a str,
    spoken: &'a str,
    why: &'a str,
}

/// `--explain`: each part of the article (title, paragraphs, byline) with its rewrites.
fn explain(article: &Article, reader: &Reader, json: bool) -> anyhow::Result<Outcome> {
    let parts: Vec<(String, &str)> =
        std::iter::once(("tiêu đề (title)".to_string(), article.title.as_str()))
            .chain(
                article
                    .paragraphs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (format!("đoạn (paragraph) {}", i + 1), p.as_str())),
            )
            .chain(
                article
                    .byline
                    .iter()
                    .map(|b| ("nguồn tin (byline)".to_string(), b.as_str())),
            )
            .collect();
    let explained: Vec<_> = parts
        .iter()
        .map(|(name, text)| (name, reader.explain(text)))
        .collect();
    let mut out = std::io::stdout().lock();
    if json {
        let rewrites: Vec<JsonRewrite> = explained
            .iter()
            .flat_map(|(part, list)| {
                list.iter().map(|e| JsonRewrite {
                    part: (*part).clone(),
                    written: &e.written,
                    spoken: &e.spoken,
                    why: &e.why,
                })
            })
            .collect();
        let report = serde_json::json!({
            "file": article.path.display().to_string(),
            "rewrites": rewrites,
        });
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for (part, list) in &explained {
            writeln!(out, "{part}:")?;
            for e in list {
                let spoken = if e.spoken.is_empty() {
                    "(không đọc / not read)"
                } else {
                    &e.spoken
                };
                writeln!(out, "  {} → {}    [{}]", e.written, spoken, e.why)?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Every warning as one line: encoding notes from ingest, then reading warnings (which
/// name the token and its sentence).
fn warning_lines(article: &Article, reading: &[ReadingWarning]) -> Vec<String> {
    let mut lines = article.warnings.clone();
    let file = article.path.display().to_string();
    for w in reading {
        let message = if w.message.starts_with(&file) {
            w.message.clone()
        } else {
            format!("{file}: {}", w.message)
        };
        if w.sentence.is_empty() || w.message.contains(&w.sentence) {
            lines.push(message);
        } else {
            lines.push(format!("{message} — in: “{}”", w.sentence));
        }
    }
    lines
}

#[derive(serde::Serialize)]
struct JsonSegment<'a> {
    id: usize,
    spoken: &'a str,
    original: &'a str,
    syllables: u32,
    estimated_seconds: f64,
}

#[derive(serde::Serialize)]
struct JsonScript<'a> {
    file: String,
    title: &'a str,
    title_spoken: &'a str,
    category: Option<&'a str>,
    published: Option<&'a str>,
    byline: Option<&'a str>,
    encoding: &'a str,
    segments: Vec<JsonSegment<'a>>,
    warnings: &'a [String],
    total_syllables: u32,
    estimated_seconds: f64,
}

/// Seconds to one decimal: the estimate is no finer, and the output stays stable.
fn tenths(s: f64) -> f64 {
    (s * 10.0).round() / 10.0
}

fn json_report<'a>(
    article: &'a Article,
    script: &'a Script,
    warnings: &'a [String],
) -> JsonScript<'a> {
    JsonScript {
        file: article.path.display().to_string(),
        title: &article.title,
        title_spoken: &script.title_spoken,
        category: article.category.as_deref(),
        published: article.published.as_deref(),
        byline: article.byline.as_deref(),
        encoding: &article.encoding,
        segments: script
            .segments
            .iter()
            .map(|s| JsonSegment {
                id: s.index,
                spoken: &s.spoken,
                original: &s.original,
                syllables: s.syllables,
                estimated_seconds: tenths(s.estimate_s),
            })
            .collect(),
        warnings,
        total_syllables: script.total_syllables(),
        estimated_seconds: tenths(script.total_seconds()),
    }
}
