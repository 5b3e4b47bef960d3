//! `bantin assemble`: announcer takes and station jingles → a broadcast-ready,
//! loudness-normalized WAV, with its report beside it. The WAV, its JSON report and its
//! report page are one set: they replace the previous set together or not at all, and
//! Ctrl-C or SIGTERM stops the run without changing anything.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Outcome};
use crate::atomic::{self, Access, Overwrite};
use crate::bulletin::report::WavIdentity;
use crate::bulletin::rundown::{OUT_DIR, RECORDINGS_DIR, Rundown};
use crate::config::AudioConfig;
use crate::export::bwf::{BwfMetadata, BwfSpec, BwfWriter, CartInfo};
use crate::export::output_guard::{self, InputFolder};
use crate::interrupt::Interrupt;
use crate::mix::{self, MixError, plan};

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
    let jingles = plan::find_jingles(Some(&jingles_dir))?;
    let (mut plan, output, recordings_dir) = if let Some(dir) = &args.recordings {
        let output = args
            .output
            .clone()
            .context("--recordings needs -o OUT.wav")?;
        let title = output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
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
        let rundown = Rundown::load(dir)?;
        // The printed script (archived with the bulletin) follows the rundown.
        let refreshed = crate::bulletin::script_files::refresh(dir, &ctx.config)?;
        if let (Some(line), false) = (
            crate::bulletin::script_files::refreshed_line(dir, &refreshed),
            ctx.quiet,
        ) {
            eprintln!("{line}");
        }
        let output = args.output.clone().unwrap_or_else(|| {
            dir.join(OUT_DIR)
                .join(format!("{}.wav", rundown.output_stem()))
        });
        match plan::from_rundown(dir, &rundown, jingles) {
            Ok(p) => (p, output, dir.join(RECORDINGS_DIR)),
            Err(e @ MixError::MissingTakes(..)) => {
                eprintln!("{}: {e}", dir.display());
                return Ok(Outcome::CheckFailed);
            }
            Err(e) => return Err(e.into()),
        }
    };
    if args.accept_suspect {
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
        for w in &plan.warnings {
            eprintln!("warning: {w}");
        }
    }
    output_guard::check_output(
        &output,
        &[
            InputFolder {
                what: "recordings",
                folder: &recordings_dir,
            },
            InputFolder {
                what: "jingles",
                folder: &jingles_dir,
            },
        ],
        args.overwrite_foreign,
    )?;
    // What an interrupted run left beside the output: finish its set or remove its
    // temporary files, before deciding whether the output exists.
    let out_dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tidied = atomic::tidy(&out_dir)?;
    if !ctx.quiet {
        for journal in &tidied.finished {
            eprintln!(
                "finished the replacement an interrupted run had committed ({})",
                journal.display()
            );
        }
        if !tidied.removed.is_empty() {
            eprintln!(
                "removed {} temporary file(s) an interrupted run left in {}",
                tidied.removed.len(),
                out_dir.display()
            );
        }
    }
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Keep
    };
    if overwrite == Overwrite::Keep && output.exists() {
        anyhow::bail!(
            "{} already exists; it was kept. Use --force to replace it",
            output.display()
        );
    }
    interrupt.check()?;
    // One instant, in the station's time zone, for the WAV's dates and the report's.
    let made = crate::bulletin::air_time::now(&ctx.config.time_zone());
    let meta = metadata(&plan, &output, &settings, &made);
    let bar = crate::progress::bar(plan.file_count() as u64, "preparing", ctx.quiet);
    let spec = BwfSpec {
        sample_rate: settings.sample_rate,
        channels: settings.channels,
        bits: settings.bits,
    };
    let assembled = match mix::assemble(
        &plan,
        &settings,
        &output,
        || BwfWriter::create(&output, spec, &meta, overwrite),
        &bar,
        &interrupt,
    ) {
        Ok(a) => a,
        Err(MixError::Interrupted(stop)) => return Err(stop.into()),
        Err(e @ MixError::SuspectTakes(_)) => {
            bar.finish_and_clear();
            eprintln!("{e}");
            return Ok(Outcome::CheckFailed);
        }
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();
    let mut report = assembled.report;
    report.created = crate::bulletin::air_time::rfc3339(&made);
    let wav = assembled.output;
    let (sha256, bytes) = crate::digest::sha256_file(wav.temp_path())
        .with_context(|| format!("cannot read back {}", wav.temp_path().display()))?;
    report.wav = Some(WavIdentity { bytes, sha256 });
    let json = serde_json::to_string_pretty(&report)?;
    let html = crate::export::report_html::render(&report, &assembled.trace);
    let [_, json_path, html_path] = output_guard::outputs(&output);
    let json_file = atomic::stage_with(&json_path, Overwrite::Replace, Access::Shared, |w| {
        std::io::Write::write_all(w, json.as_bytes())
    })?;
    let html_file = atomic::stage_with(&html_path, Overwrite::Replace, Access::Shared, |w| {
        std::io::Write::write_all(w, html.as_bytes())
    })?;
    // The last moment a stop changes nothing; the set is then put in place whole.
    interrupt.check()?;
    atomic::commit_set(vec![wav, json_file, html_file])?;
    if args.json {
        println!("{json}");
    }
    for flag in &report.programme.flags {
        eprintln!("warning: {}: {flag}", output.display());
    }
    if !ctx.quiet {
        print_summary(&output, &report);
    }
    Ok(Outcome::Success)
}

/// The WAV's descriptive chunks, dated `now` in the station's time zone (EBU Tech 3285
/// asks for local time in `bext`; AES46 cart dates are the station's days). The cart's
/// validity starts on the air date (the assembly day without a rundown) and ends at
/// 23:59:59 on its `cart_valid_days`th day.
fn metadata(
    plan: &plan::Plan,
    output: &Path,
    s: &AudioConfig,
    now: &jiff::ZonedDateTime,
) -> BwfMetadata {
    let stem = output
        .file_stem()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default();
    let start = plan
        .date
        .as_deref()
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .unwrap_or_else(|| now.date());
    let end = start
        .checked_add(jiff::Span::new().days(i64::from(s.cart_valid_days) - 1))
        .unwrap_or(start);
    let software = format!("bantin {}", env!("CARGO_PKG_VERSION"));
    BwfMetadata {
        title: plan.title.clone(),
        station: plan.station.clone(),
        originator_reference: stem.clone(),
        origination_date: now.strftime("%Y-%m-%d").to_string(),
        origination_time: now.strftime("%H:%M:%S").to_string(),
        coding_history: format!(
            "A=PCM,F={},W={},M={},T={software}\r\n",
            s.sample_rate,
            s.bits,
            if s.channels == 1 { "mono" } else { "stereo" }
        ),
        software,
        cart: s.cart.then(|| CartInfo {
            cut_id: stem,
            category: "NEWS".into(),
            start_date: start.to_string(),
            start_time: "00:00:00".into(),
            end_date: end.to_string(),
            end_time: "23:59:59".into(),
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(date: Option<&str>) -> plan::Plan {
        plan::Plan {
            title: "t".into(),
            station: "s".into(),
            date: date.map(str::to_string),
            slot: None,
            opening: None,
            items: vec![],
            closing: None,
            jingles: plan::Jingles::default(),
            warnings: vec![],
        }
    }

    #[test]
    fn the_cart_is_valid_for_the_configured_days_from_the_air_date() {
        let audio = AudioConfig {
            cart: true,
            ..AudioConfig::default()
        };
        let evening: jiff::ZonedDateTime = "2026-11-26T22:40:00+07:00[Asia/Ho_Chi_Minh]"
            .parse()
            .unwrap();
        // Without a rundown, assembled the evening before: valid through the next day.
        let m = metadata(&plan(None), Path::new("b.wav"), &audio, &evening);
        let cart = m.cart.unwrap();
        assert_eq!(
            (cart.start_date.as_str(), cart.end_date.as_str()),
            ("2026-11-26", "2026-11-27")
        );
        assert_eq!(cart.end_time, "23:59:59");
        let week = AudioConfig {
            cart_valid_days: 7,
            ..audio
        };
        let m = metadata(
            &plan(Some("2026-11-27")),
            Path::new("b.wav"),
            &week,
            &evening,
        );
        let cart = m.cart.unwrap();
        assert_eq!(
            (cart.start_date.as_str(), cart.end_date.as_str()),
            ("2026-11-27", "2026-12-03")
        );
    }
}
