//! `bantin archive`: keep what aired and find it again years later.

use super::{Context, Outcome};
use crate::archive::catalog::Inserted;
use crate::archive::search::Query;
use crate::archive::store::Archive;
use crate::bulletin::air_time::parse_date;
use crate::export::as_run::{self, AsRunFormat};
use crate::export::playlist::csv::number;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Archive folder (default: `archive` from the station config).
    #[arg(long, global = true, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Archive an aired bulletin folder: files, hashes, sidecar record, catalog rows.
    Add {
        /// The bulletin folder, e.g. bulletins/2026-11-27-sang.
        bulletin_dir: PathBuf,
        /// When it aired: HH:MM (on the bulletin's date), "YYYY-MM-DD HH:MM" or RFC 3339.
        /// Default: the slot's time in the schedule.
        #[arg(long, value_name = "TIME")]
        aired_at: Option<String>,
    },
    /// Find items by words of their text, without diacritics or case mattering.
    Search {
        /// Words to find (all must occur), e.g. `an ninh trat tu`.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[command(flatten)]
        range: Range,
        /// Most hits shown.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List archived bulletins.
    List {
        #[command(flatten)]
        range: Range,
        #[arg(long)]
        json: bool,
    },
    /// Show one archived bulletin: metadata, items, files.
    Show {
        /// Archive id, e.g. 2026-11-27-sang.
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Copy an archived bulletin's files out into a folder, checking their hashes.
    Export {
        id: String,
        /// Destination folder (created if needed; existing files are never replaced).
        dir: PathBuf,
    },
    /// The as-run log: what aired when, as CSV (or JSON).
    AsRun {
        #[command(flatten)]
        range: Range,
        #[arg(long)]
        json: bool,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Re-hash every stored file; name every missing or altered one (exit 1 when any).
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the catalog from the sidecar records.
    Reindex,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Range {
    /// First air date, YYYY-MM-DD or `today`.
    #[arg(long)]
    pub from: Option<String>,
    /// Last air date, YYYY-MM-DD or `today`.
    #[arg(long)]
    pub to: Option<String>,
}

impl Range {
    fn bounds(&self) -> anyhow::Result<(String, String)> {
        let from = match &self.from {
            Some(d) => parse_date(d)?.to_string(),
            None => "0000-01-01".into(),
        };
        let to = match &self.to {
            Some(d) => parse_date(d)?.to_string(),
            None => "9999-12-31".into(),
        };
        if from > to {
            anyhow::bail!("--from {from} is after --to {to}");
        }
        Ok((from, to))
    }
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let root = args
        .archive
        .clone()
        .unwrap_or_else(|| ctx.config.resolve(&ctx.config.paths.archive));
    let archive = Archive::new(root);
    match &args.command {
        Command::Add {
            bulletin_dir,
            aired_at,
        } => add(&archive, bulletin_dir, aired_at.as_deref(), ctx),
        Command::Search {
            query,
            range,
            limit,
            json,
        } => search(&archive, &query.join(" "), range, *limit, *json),
        Command::List { range, json } => list(&archive, range, *json),
        Command::Show { id, json } => show(&archive, id, *json),
        Command::Export { id, dir } => {
            for path in archive.export(id, dir)? {
                println!("{}", path.display());
            }
            Ok(Outcome::Success)
        }
        Command::AsRun {
            range,
            json,
            output,
        } => as_run(&archive, range, *json, output.as_deref()),
        Command::Verify { json } => verify(&archive, *json, ctx),
        Command::Reindex => reindex(&archive, ctx),
    }
}

fn add(
    archive: &Archive,
    dir: &Path,
    aired_at: Option<&str>,
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let added = archive.add(dir, aired_at, &ctx.config.schedule)?;
    let r = &added.record;
    match added.outcome {
        Inserted::New => println!(
            "archived {} (aired {}) in {}",
            r.id,
            r.aired_at,
            added.folder.display()
        ),
        Inserted::AlreadyThere if added.restored.is_empty() => println!(
            "{} is already in the archive with the same files and air time; nothing to do",
            r.id
        ),
        Inserted::AlreadyThere => println!(
            "{} is already in the archive; restored its missing or altered stored file(s) from {}: {}",
            r.id,
            dir.display(),
            added.restored.join(", ")
        ),
    }
    Ok(Outcome::Success)
}

fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn search(
    archive: &Archive,
    text: &str,
    range: &Range,
    limit: usize,
    json: bool,
) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds()?;
    let catalog = archive.existing_catalog()?;
    let hits = catalog.search(&Query {
        text,
        from: &from,
        to: &to,
        limit,
    })?;
    if json {
        print_json(&hits)?;
    } else if hits.is_empty() {
        eprintln!("no archived item matches \"{text}\"");
    } else {
        let mut out = std::io::stdout().lock();
        for h in &hits {
            writeln!(
                out,
                "{} {:<6} {}  #{} {}\n    {}",
                h.date, h.slot, h.id, h.item_id, h.item_title, h.snippet
            )?;
        }
    }
    Ok(Outcome::Success)
}

fn list(archive: &Archive, range: &Range, json: bool) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds()?;
    let rows = archive.existing_catalog()?.list(&from, &to)?;
    if json {
        print_json(&rows)?;
    } else {
        let mut out = std::io::stdout().lock();
        for r in &rows {
            writeln!(
                out,
                "{:<20} {}  {:>7.1} s  {:>6} LUFS  {} items  {}",
                r.id,
                r.aired_at,
                r.duration_s,
                r.integrated_lufs
                    .map_or_else(|| "-".to_string(), |v| format!("{v:.1}")),
                r.items,
                r.title
            )?;
        }
    }
    Ok(Outcome::Success)
}

fn show(archive: &Archive, id: &str, json: bool) -> anyhow::Result<Outcome> {
    let catalog = archive.existing_catalog()?;
    let row = catalog.bulletin(id)?;
    let files = catalog.files(id)?;
    let (record, folder) = archive.record(id)?;
    if json {
        print_json(&serde_json::json!({
            "bulletin": row,
            "folder": folder,
            "files": files,
            "record": record,
        }))?;
        return Ok(Outcome::Success);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}  {}", row.id, row.title)?;
    writeln!(out, "station:   {}", row.station)?;
    writeln!(out, "aired at:  {}", row.aired_at)?;
    writeln!(out, "archived:  {}", row.archived_at)?;
    writeln!(
        out,
        "programme: {:.1} s, {} LUFS, {} dBTP",
        row.duration_s,
        number(row.integrated_lufs),
        number(row.true_peak_dbtp)
    )?;
    writeln!(out, "folder:    {}", folder.display())?;
    writeln!(out, "items:")?;
    for item in &record.rundown.items {
        writeln!(out, "  #{} {}", item.id, item.title)?;
    }
    writeln!(out, "files:")?;
    for f in &files {
        writeln!(
            out,
            "  {:<24} {:>10} bytes  sha256 {}",
            f.name, f.bytes, f.sha256
        )?;
    }
    Ok(Outcome::Success)
}

fn as_run(
    archive: &Archive,
    range: &Range,
    json: bool,
    output: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds()?;
    let entries = archive.existing_catalog()?.as_run(&from, &to)?;
    let format = if json {
        AsRunFormat::Json
    } else {
        AsRunFormat::Csv
    };
    as_run::write_to(&entries, format, output)?;
    Ok(Outcome::Success)
}

fn verify(archive: &Archive, json: bool, ctx: &Context) -> anyhow::Result<Outcome> {
    let bar = crate::progress::bar(0, "verifying", ctx.quiet);
    let report = archive.verify(|n, total| {
        bar.set_length(total as u64);
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    if json {
        print_json(&report)?;
    } else {
        for p in &report.problems {
            println!("{}: {} ({})", p.kind, p.path.display(), p.detail);
        }
        if !ctx.quiet || !report.problems.is_empty() {
            eprintln!(
                "checked {} files of {} bulletins ({:.1} MB): {}",
                report.files,
                report.bulletins,
                report.bytes as f64 / 1e6,
                if report.problems.is_empty() {
                    "all intact".to_string()
                } else {
                    format!("{} problem(s)", report.problems.len())
                }
            );
        }
    }
    Ok(if report.problems.is_empty() {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}

fn reindex(archive: &Archive, ctx: &Context) -> anyhow::Result<Outcome> {
    let bar = crate::progress::bar(0, "reindexing", ctx.quiet);
    let report = archive.reindex(|n, total| {
        bar.set_length(total as u64);
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    for e in &report.unreadable {
        eprintln!("skipped: {e}");
    }
    println!(
        "rebuilt {} from {} sidecar records",
        archive.catalog_path().display(),
        report.indexed
    );
    if report.unreadable.is_empty() {
        Ok(Outcome::Success)
    } else {
        eprintln!(
            "{} record(s) could not be read and are not in the catalog; restore them and run `bantin archive reindex` again",
            report.unreadable.len()
        );
        Ok(Outcome::CheckFailed)
    }
}
