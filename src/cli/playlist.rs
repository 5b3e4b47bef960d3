//! `bantin playlist`: the playout playlist of the finished bulletins of a date or a date
//! range, for unattended runs (no prompts, atomic output, exit status that says whether
//! every scheduled slot has its bulletin).

use super::{Context, Outcome};
use crate::atomic::{Overwrite, write_atomically};
use crate::bulletin::air_time::{date_range, parse_date};
use crate::export::playlist::{self, Format, PathStyle, collect, entries};
use std::io::Write;
use std::path::PathBuf;

/// Longest date range one playlist covers.
const MAX_DAYS: i32 = 366;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Air date: YYYY-MM-DD or `today` (local time). Default: today.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// First date of a range (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last date of a range (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// Folder of bulletin folders (default: `bulletins` from the station config).
    #[arg(long, value_name = "DIR")]
    pub bulletins: Option<PathBuf>,
    /// Playlist format (default: from the -o extension, else m3u8).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Where to write the playlist; `-` for standard output.
    /// Default: <bulletins>/playlists/<date>.<ext> (<from>_<to>.<ext> for a range).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write absolute paths (default: relative to the playlist's folder).
    #[arg(long)]
    pub absolute: bool,
    /// Start a CSV playlist with a UTF-8 byte order mark, so that Excel on Windows shows
    /// Vietnamese titles right (CSV only).
    #[arg(long)]
    pub bom: bool,
    /// Write the playlist of what exists even when a slot has no bulletin (still exit 1).
    #[arg(long)]
    pub allow_missing: bool,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let tz = ctx.config.time_zone();
    let (from, to) = match (&args.from, &args.to, &args.date) {
        (Some(f), Some(t), _) => (parse_date(f, &tz)?, parse_date(t, &tz)?),
        (_, _, Some(d)) => {
            let d = parse_date(d, &tz)?;
            (d, d)
        }
        _ => {
            let d = parse_date("today", &tz)?;
            (d, d)
        }
    };
    let dates = date_range(from, to, MAX_DAYS)?;
    let bulletins = args
        .bulletins
        .clone()
        .unwrap_or_else(|| ctx.config.resolve(&ctx.config.paths.bulletins));
    if !bulletins.is_dir() {
        anyhow::bail!(
            "the bulletins folder {} does not exist; give it with --bulletins DIR or set [paths] bulletins in bantin.toml",
            bulletins.display()
        );
    }
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::M3u8);
    let to_stdout = args.output.as_deref() == Some(std::path::Path::new("-"));
    let output = match &args.output {
        Some(p) => p.clone(),
        None => bulletins
            .join(playlist::DEFAULT_FOLDER)
            .join(playlist::file_name(from, to, format)),
    };

    let collected = collect(&bulletins, &dates, &ctx.config.schedule, &tz);
    for m in &collected.missing {
        eprintln!(
            "missing: {} {} — {}",
            m.date,
            m.slot,
            m.explain(crate::config::Language::En, std::path::Path::new(""))
        );
    }
    if !collected.missing.is_empty() && !args.allow_missing {
        eprintln!(
            "{} of {} scheduled slots have no finished bulletin; no playlist was written (use --allow-missing to write the playlist of what exists)",
            collected.missing.len(),
            collected.missing.len() + collected.found.len()
        );
        return Ok(Outcome::CheckFailed);
    }

    let style = if args.absolute {
        PathStyle::Absolute
    } else if to_stdout {
        PathStyle::RelativeTo(PathBuf::from("."))
    } else {
        let dir = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        PathStyle::RelativeTo(dir)
    };
    let rows = entries(&collected.found, &style)?;
    if to_stdout {
        let mut out = std::io::stdout().lock();
        playlist::write(format, &rows, args.bom, &mut out)?;
        out.flush()?;
    } else {
        write_atomically(&output, Overwrite::Replace, |w| {
            playlist::write(format, &rows, args.bom, w)
        })?;
        if !ctx.quiet {
            eprintln!(
                "wrote {} ({} bulletin{})",
                output.display(),
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            );
        }
    }
    if collected.missing.is_empty() {
        Ok(Outcome::Success)
    } else {
        eprintln!(
            "{} scheduled slot(s) have no finished bulletin; the playlist holds the {} that exist",
            collected.missing.len(),
            rows.len()
        );
        Ok(Outcome::CheckFailed)
    }
}
