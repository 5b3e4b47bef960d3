//! `bantin archive`: keep what aired and find it again years later.

use super::{Context, Outcome};
use crate::archive::ArchiveError;
use crate::archive::catalog::Inserted;
use crate::archive::search::Query;
use crate::archive::store::{AddRequest, Archive};
use crate::bulletin::air_time::parse_date;
use crate::config::ConfigSource;
use crate::export::as_run::{self, AsRunFormat};
use crate::export::playlist::csv::number;
use anyhow::Context as _;
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
        /// When it aired: HH:MM (on the bulletin's date), "YYYY-MM-DD HH:MM" or RFC 3339,
        /// in the station's time zone. Default: the slot's time in the schedule.
        #[arg(long, value_name = "TIME")]
        aired_at: Option<String>,
        /// Archive it even though its air time lies in the future (this PC's clock is wrong).
        #[arg(long)]
        force: bool,
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
        /// Print the hits as a JSON array (fields in docs/playlist-and-archive.md).
        #[arg(long)]
        json: bool,
    },
    /// List archived bulletins.
    List {
        #[command(flatten)]
        range: Range,
        /// Print the bulletins as a JSON array (fields in docs/playlist-and-archive.md).
        #[arg(long)]
        json: bool,
    },
    /// Show one archived bulletin: metadata, items, files.
    Show {
        /// Archive id, e.g. 2026-11-27-sang.
        id: String,
        /// Print {bulletin, folder, files, record} as JSON (docs/playlist-and-archive.md).
        #[arg(long)]
        json: bool,
    },
    /// Copy an archived bulletin's files out into a folder, checking their hashes: all of
    /// them or none.
    Export {
        id: String,
        /// Destination folder (created if needed).
        dir: PathBuf,
        /// Replace files of the same names already in DIR (kept otherwise: nothing is
        /// exported).
        #[arg(long)]
        force: bool,
    },
    /// The as-run log: what aired when, as CSV (or JSON).
    AsRun {
        #[command(flatten)]
        range: Range,
        /// Write the log as a JSON array of objects with the CSV's columns.
        #[arg(long)]
        json: bool,
        /// Start the CSV with a UTF-8 byte order mark, so that Excel on Windows shows
        /// Vietnamese titles right.
        #[arg(long, conflicts_with = "json")]
        bom: bool,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Re-hash every stored file; name every missing or altered one, records the catalog
    /// lacks and what interrupted runs left (exit 1 when any).
    Verify {
        /// Print the check as one JSON object (docs/playlist-and-archive.md).
        #[arg(long)]
        json: bool,
        /// Remove what interrupted runs left and put records the catalog lacks into it.
        #[arg(long)]
        repair: bool,
    },
    /// Rebuild the catalog from the sidecar records.
    Reindex,
}

impl Command {
    /// Whether the command copies files into or out of the archive, or rebuilds or
    /// repairs it: long enough for a stop to come in the middle.
    fn writes(&self) -> bool {
        match self {
            Self::Add { .. } | Self::Export { .. } | Self::Reindex => true,
            Self::Verify { repair, .. } => *repair,
            Self::Search { .. } | Self::List { .. } | Self::Show { .. } | Self::AsRun { .. } => {
                false
            }
        }
    }
}

impl Args {
    /// The bulletin folder of `archive add`.
    pub(crate) fn bulletin_folder(&self) -> Option<&Path> {
        match &self.command {
            Command::Add { bulletin_dir, .. } => Some(bulletin_dir),
            _ => None,
        }
    }
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
    /// The range as YYYY-MM-DD bounds; `today` is the station's day.
    fn bounds(&self, tz: &jiff::tz::TimeZone) -> anyhow::Result<(String, String)> {
        let from = match &self.from {
            Some(d) => parse_date(d, tz)?.to_string(),
            None => "0000-01-01".into(),
        };
        let to = match &self.to {
            Some(d) => parse_date(d, tz)?.to_string(),
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
    let mut archive = Archive::new(root.clone());
    if args.command.writes() {
        // Ctrl-C or SIGTERM stops a writing run, which removes what it had written; a
        // reading one is simply ended by them.
        let interrupt =
            crate::interrupt::Interrupt::on_signals().context("cannot watch for Ctrl-C")?;
        archive = archive.with_interrupt(interrupt);
    }
    command(args, ctx, &archive).map_err(|err| {
        // A stop ends with the status of its signal (130, 143), as for every command.
        if let Some(ArchiveError::Interrupted { stop, .. }) = err.downcast_ref::<ArchiveError>() {
            return anyhow::Error::new(*stop);
        }
        let no_catalog = matches!(
            err.downcast_ref::<ArchiveError>(),
            Some(ArchiveError::NoCatalog { .. })
        );
        if no_catalog
            && args.archive.is_none()
            && ctx.config.found == ConfigSource::Defaults
            && !root.exists()
        {
            // No station and no archive folder: not a lost catalog, the wrong folder.
            anyhow::anyhow!(
                "{} is not a station folder: there is no bantin.toml in it or in a folder above it, so bantin looked for the archive in {} and found none. Run bantin from the station's folder (the one with bantin.toml), or give --config FILE or --archive DIR",
                crate::paths::resolve(Path::new(".")).display(),
                crate::paths::resolve(&root).display()
            )
        } else {
            err
        }
    })
}

fn command(args: &Args, ctx: &Context, archive: &Archive) -> anyhow::Result<Outcome> {
    match &args.command {
        Command::Add {
            bulletin_dir,
            aired_at,
            force,
        } => add(
            archive,
            bulletin_dir,
            &AddRequest {
                aired_at: aired_at.as_deref(),
                force: *force,
            },
            ctx,
        ),
        Command::Search {
            query,
            range,
            limit,
            json,
        } => search(archive, &query.join(" "), range, *limit, *json, ctx),
        Command::List { range, json } => list(archive, range, *json, ctx),
        Command::Show { id, json } => show(archive, id, *json),
        Command::Export { id, dir, force } => {
            for path in archive.export(id, dir, *force)? {
                println!("{}", path.display());
            }
            Ok(Outcome::Success)
        }
        Command::AsRun {
            range,
            json,
            bom,
            output,
        } => {
            let format = if *json {
                AsRunFormat::Json
            } else {
                AsRunFormat::Csv { bom: *bom }
            };
            as_run(archive, range, format, output.as_deref(), ctx)
        }
        Command::Verify { json, repair } => verify(archive, *json, *repair, ctx),
        Command::Reindex => reindex(archive, ctx),
    }
}

fn add(
    archive: &Archive,
    dir: &Path,
    request: &AddRequest<'_>,
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let added = archive.add(dir, request, &ctx.config.schedule, &ctx.config.time_zone())?;
    let r = &added.record;
    if !added.cleaned.is_empty() && !ctx.quiet {
        eprintln!(
            "removed {} file(s) an earlier, interrupted `archive add` of {} left in {}",
            added.cleaned.len(),
            r.id,
            added.folder.display()
        );
    }
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
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds(&ctx.config.time_zone())?;
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

fn list(archive: &Archive, range: &Range, json: bool, ctx: &Context) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds(&ctx.config.time_zone())?;
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
    format: AsRunFormat,
    output: Option<&Path>,
    ctx: &Context,
) -> anyhow::Result<Outcome> {
    let (from, to) = range.bounds(&ctx.config.time_zone())?;
    let entries = archive.existing_catalog()?.as_run(&from, &to)?;
    as_run::write_to(&entries, format, output)?;
    Ok(Outcome::Success)
}

fn verify(archive: &Archive, json: bool, repair: bool, ctx: &Context) -> anyhow::Result<Outcome> {
    let bar = crate::progress::bar_to_count("verifying", ctx.quiet);
    let report = archive.verify(repair, |n, total| {
        crate::progress::set_total(&bar, total as u64);
        bar.set_position(n as u64);
    })?;
    bar.finish_and_clear();
    if json {
        print_json(&report)?;
    } else {
        for r in &report.repaired {
            println!("{}: {} ({})", r.action, r.path.display(), r.detail);
        }
        for p in &report.problems {
            println!("{}: {} ({})", p.kind, p.path.display(), p.detail);
        }
        if !ctx.quiet || !report.problems.is_empty() {
            let repaired = if report.repaired.is_empty() {
                String::new()
            } else {
                format!("; repaired {}", report.repaired.len())
            };
            eprintln!(
                "checked {} files of {} bulletins ({:.1} MB): {}{repaired}",
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
    let bar = crate::progress::bar_to_count("reindexing", ctx.quiet);
    let report = archive.reindex(|n, total| {
        crate::progress::set_total(&bar, total as u64);
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
