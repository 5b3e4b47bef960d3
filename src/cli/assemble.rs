//! `bantin assemble`: announcer takes and station jingles → a broadcast-ready,
//! loudness-normalized WAV, with its report beside it. The WAV, its JSON report and its
//! report page are one set: they replace the previous set together or not at all, and
//! Ctrl-C or SIGTERM stops the run without changing anything.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Outcome};
use crate::bulletin::rundown::RECORDINGS_DIR;
use crate::config::AudioConfig;
use crate::export::assemble::{self, AssembleError};
use crate::interrupt::Interrupt;
use crate::mix::{MixError, plan};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Bulletin folder made by `bantin new` (its rundown says what goes where).
    #[arg(
        value_name = "BULLETIN_DIR",
        required_unless_present = "recordings",
        conflicts_with = "recordings"
    )]
    pub bulletin: Option<PathBuf>,
    /// No rundown: every audio file in DIR, in file-name order, is one item.
    #[arg(long, value_name = "DIR", requires = "output")]
    pub recordings: Option<PathBuf>,
    /// Folder with intro.*, sting.*, outro.*, bed.* (each optional). Default: [paths] jingles.
    #[arg(long, value_name = "DIR")]
    pub jingles: Option<PathBuf>,
    /// Output WAV (with --recordings). From a bulletin folder: out/<date>-<slot>.wav.
    /// Never inside the recordings or jingles folder.
    #[arg(long, short = 'o', value_name = "OUT.wav")]
    pub output: Option<PathBuf>,
    /// Programme loudness target, LUFS (default −16, the preset's, or [audio] target_lufs).
    #[arg(long, value_name = "LUFS", allow_negative_numbers = true)]
    pub target_lufs: Option<f64>,
    /// True-peak ceiling, dBTP (default −1, or [audio] ceiling_dbtp).
    #[arg(long, value_name = "DBTP", allow_negative_numbers = true)]
    pub ceiling_dbtp: Option<f64>,
    /// Output sample rate, Hz (default 48000, or [audio] sample_rate).
    #[arg(long, value_name = "HZ")]
    pub rate: Option<u32>,
    /// Output channels: 1 (mono, default) or 2 (or [audio] channels).
    #[arg(long, value_name = "N")]
    pub channels: Option<u16>,
    /// Output bits: 16 (TPDF-dithered, default) or 24 (or [audio] bits).
    #[arg(long, value_name = "BITS")]
    pub bits: Option<u16>,
    /// Loudness preset: `ebu-r128` targets −23 LUFS (wins over the file's target_lufs).
    #[arg(long, value_name = "NAME", value_parser = ["ebu-r128"])]
    pub preset: Option<String>,
    /// Write an AES46 cart chunk for automation systems (or [audio] cart).
    #[arg(long)]
    pub cart: bool,
    /// Replace an existing output made by bantin (its WAV, report and page).
    #[arg(long)]
    pub force: bool,
    /// With --force: also replace files bantin did not make (an existing WAV from another
    /// program, a JSON or HTML file of the same name).
    #[arg(long, requires = "force")]
    pub overwrite_foreign: bool,
    /// Put suspect takes on air all the same (no speech in them, far longer than their
    /// estimate, clipped, far too quiet — `bantin status` lists them). To accept one take
    /// only, write `accept_suspect = true` under it in rundown.toml.
    #[arg(long)]
    pub accept_suspect: bool,
    /// Print the report (the NAME.json contents, fields in docs/assemble.md) on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The station's `[audio]` with the command line's values over it, validated once: a
/// bad value is named by the flag or the file and key it came from.
fn settings(args: &Args, ctx: &Context) -> anyhow::Result<AudioConfig> {
    let mut audio = ctx.config.audio.clone();
    if let Some(v) = args.target_lufs {
        audio.target_lufs = Some(v);
        audio.set_by_flag("target_lufs", "--target-lufs");
    }
    if let Some(v) = &args.preset {
        audio.preset.clone_from(v);
        audio.set_by_flag("preset", "--preset");
    }
    if let Some(v) = args.ceiling_dbtp {
        audio.ceiling_dbtp = v;
        audio.set_by_flag("ceiling_dbtp", "--ceiling-dbtp");
    }
    if let Some(v) = args.rate {
        audio.sample_rate = v;
        audio.set_by_flag("sample_rate", "--rate");
    }
    if let Some(v) = args.channels {
        audio.channels = v;
        audio.set_by_flag("channels", "--channels");
    }
    if let Some(v) = args.bits {
        audio.bits = v;
        audio.set_by_flag("bits", "--bits");
    }
    if args.cart {
        audio.cart = true;
    }
    audio.validate(ctx.config.source.as_deref())?;
    Ok(audio)
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    // From the start: a stop while the takes are being read is as clean as any.
    let interrupt = Interrupt::on_signals().context("cannot watch for Ctrl-C")?;
    let settings = settings(args, ctx)?;
    let jingles_dir = args
        .jingles
        .clone()
        .unwrap_or_else(|| ctx.config.resolve(&ctx.config.paths.jingles));
    if args.jingles.is_some() && !jingles_dir.is_dir() {
        anyhow::bail!("{}: no such jingles folder", jingles_dir.display());
    }
    let (plan, output, recordings_dir) = if let Some(dir) = &args.recordings {
        let output = args
            .output
            .clone()
            .context("--recordings needs -o OUT.wav")?;
        let title = output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let jingles = plan::find_jingles(Some(&jingles_dir))?;
        (
            plan::from_recordings(dir, jingles, &title, &ctx.config.station.name)?,
            output,
            dir.clone(),
        )
    } else {
        let dir = args
            .bulletin
            .as_deref()
            .context("give a bulletin folder, or --recordings DIR -o OUT.wav")?;
        let planned = assemble::plan_bulletin(dir, &ctx.config, &jingles_dir, |refreshed| {
            if let (Some(line), false) = (
                crate::bulletin::script_files::refreshed_line(dir, refreshed),
                ctx.quiet,
            ) {
                eprintln!("{line}");
            }
        });
        match planned {
            Ok(planned) => {
                let output = args.output.clone().unwrap_or(planned.output);
                (planned.plan, output, dir.join(RECORDINGS_DIR))
            }
            Err(AssembleError::Mix(e @ MixError::MissingTakes(..))) => {
                eprintln!("{}: {e}", dir.display());
                return Ok(Outcome::CheckFailed);
            }
            Err(e) => return Err(e.into()),
        }
    };
    let mut request = assemble::Request {
        plan,
        output,
        recordings: recordings_dir,
        jingles: jingles_dir,
        settings,
        replace: args.force,
        overwrite_foreign: args.overwrite_foreign,
        time_zone: ctx.config.time_zone(),
    };
    if args.accept_suspect {
        let plan = &mut request.plan;
        for source in plan
            .opening
            .iter_mut()
            .chain(plan.items.iter_mut().flatten())
            .chain(plan.closing.iter_mut())
        {
            source.accept_suspect = true;
        }
    }
    if !ctx.quiet {
        for w in &request.plan.warnings {
            eprintln!("warning: {w}");
        }
    }
    let output = request.output.clone();
    // What an interrupted run left beside the output is finished or removed before
    // deciding whether the output exists.
    let tidied = assemble::check_output(&request)?;
    if !ctx.quiet {
        for journal in &tidied.finished {
            eprintln!(
                "finished the replacement an interrupted run had committed ({})",
                journal.display()
            );
        }
        if !tidied.removed.is_empty() {
            let dir = match output.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            eprintln!(
                "removed {} temporary file(s) an interrupted run left in {}",
                tidied.removed.len(),
                dir.display()
            );
        }
    }
    let bar = crate::progress::bar(request.plan.file_count() as u64, "preparing", ctx.quiet);
    let made = match assemble::make(&request, &bar, &interrupt) {
        Ok(made) => made,
        Err(e) => {
            if let Some(stop) = e.interrupted() {
                return Err(stop.into());
            }
            if let AssembleError::Mix(e @ MixError::SuspectTakes(_)) = e {
                bar.finish_and_clear();
                eprintln!("{e}");
                return Ok(Outcome::CheckFailed);
            }
            return Err(e.into());
        }
    };
    bar.finish_and_clear();
    let report = made.report;
    if args.json {
        println!("{}", made.json);
    }
    for flag in &report.programme.flags {
        eprintln!("warning: {}: {flag}", output.display());
    }
    if !ctx.quiet {
        print_summary(&output, &report);
    }
    Ok(Outcome::Success)
}

fn print_summary(output: &Path, r: &crate::bulletin::report::AssemblyReport) {
    let p = &r.programme;
    let fmt = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"));
    let d = p.duration_s;
    eprintln!(
        "{}: {}:{:04.1}, {} LUFS integrated (target {}), true peak {} dBTP, {} parts",
        output.display(),
        (d / 60.0).floor(),
        d % 60.0,
        fmt(p.integrated_lufs),
        p.target_lufs,
        fmt(p.true_peak_dbtp),
        r.takes.len()
    );
    for t in r.takes.iter().filter(|t| !t.flags.is_empty()) {
        eprintln!("  listen to {}: {}", t.source, t.flags.join("; "));
    }
}
