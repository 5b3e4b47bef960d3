//! `bantin assemble`: announcer takes and station jingles → a broadcast-ready,
//! loudness-normalized WAV, with its report beside it.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Context, Outcome};
use crate::atomic::{self, Overwrite};
use crate::bulletin::rundown::{OUT_DIR, Rundown};
use crate::export::bwf::{BwfMetadata, BwfSpec, BwfWriter, CartInfo};
use crate::mix::{self, MixError, MixSettings, plan};

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
    #[arg(long, short = 'o', value_name = "OUT.wav")]
    pub output: Option<PathBuf>,
    /// Programme loudness target, LUFS (default −16, or [audio] target_lufs).
    #[arg(long, value_name = "LUFS", allow_negative_numbers = true)]
    pub target_lufs: Option<f64>,
    /// True-peak ceiling, dBTP (default −1).
    #[arg(long, value_name = "DBTP", allow_negative_numbers = true)]
    pub ceiling_dbtp: Option<f64>,
    /// Output sample rate, Hz (default 48000).
    #[arg(long, value_name = "HZ")]
    pub rate: Option<u32>,
    /// Output channels: 1 (mono, default) or 2.
    #[arg(long, value_name = "N")]
    pub channels: Option<u16>,
    /// Output bits: 16 (TPDF-dithered, default) or 24.
    #[arg(long, value_name = "BITS")]
    pub bits: Option<u16>,
    /// Loudness preset: `ebu-r128` targets −23 LUFS.
    #[arg(long, value_name = "NAME", value_parser = ["ebu-r128"])]
    pub preset: Option<String>,
    /// Write an AES46 cart chunk for automation systems.
    #[arg(long)]
    pub cart: bool,
    /// Replace an existing output.
    #[arg(long)]
    pub force: bool,
    /// Print the report (the NAME.json contents) on stdout.
    #[arg(long)]
    pub json: bool,
}

fn settings(args: &Args, ctx: &Context) -> anyhow::Result<MixSettings> {
    let mut audio = ctx.config.audio.clone();
    if let Some(p) = &args.preset {
        audio.preset.clone_from(p);
    }
    let mut config = ctx.config.clone();
    config.audio = audio.clone();
    let target = args
        .target_lufs
        .unwrap_or_else(|| config.effective_target_lufs());
    let mut s = MixSettings::from_config(&audio, target);
    if let Some(c) = args.ceiling_dbtp {
        s.ceiling_dbtp = c;
    }
    if let Some(r) = args.rate {
        s.rate = r;
    }
    if let Some(c) = args.channels {
        s.channels = c;
    }
    if let Some(b) = args.bits {
        s.bits = b;
    }
    anyhow::ensure!(
        [16, 24].contains(&s.bits),
        "--bits {} is not supported; use 16 or 24",
        s.bits
    );
    anyhow::ensure!(
        [1, 2].contains(&s.channels),
        "--channels {} is not supported; use 1 (mono) or 2 (stereo)",
        s.channels
    );
    anyhow::ensure!(
        (8_000..=192_000).contains(&s.rate),
        "--rate {} is out of range; use 44100 or 48000",
        s.rate
    );
    anyhow::ensure!(
        (-40.0..=-5.0).contains(&s.target_lufs),
        "--target-lufs {} is not a broadcast level; use about −16 (loudspeakers) or −23 (EBU R128)",
        s.target_lufs
    );
    anyhow::ensure!(
        (-10.0..=0.0).contains(&s.ceiling_dbtp),
        "--ceiling-dbtp {} is out of range; use −1 (or −2 for lossy encoders downstream)",
        s.ceiling_dbtp
    );
    Ok(s)
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let settings = settings(args, ctx)?;
    let jingles_dir = args
        .jingles
        .clone()
        .unwrap_or_else(|| ctx.config.resolve(&ctx.config.paths.jingles));
    if args.jingles.is_some() && !jingles_dir.is_dir() {
        anyhow::bail!("{}: no such jingles folder", jingles_dir.display());
    }
    let jingles = plan::find_jingles(Some(&jingles_dir))?;
    let (plan, output) = if let Some(dir) = &args.recordings {
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
        )
    } else {
        let dir = args
            .bulletin
            .as_deref()
            .context("give a bulletin folder, or --recordings DIR -o OUT.wav")?;
        let rundown = Rundown::load(dir)?;
        let output = args.output.clone().unwrap_or_else(|| {
            dir.join(OUT_DIR)
                .join(format!("{}.wav", rundown.output_stem()))
        });
        match plan::from_rundown(dir, &rundown, jingles) {
            Ok(p) => (p, output),
            Err(e @ MixError::MissingTakes(_)) => {
                eprintln!("{}: {e}", dir.display());
                return Ok(Outcome::CheckFailed);
            }
            Err(e) => return Err(e.into()),
        }
    };
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
    let meta = metadata(
        &plan,
        &output,
        &settings,
        args.cart || ctx.config.audio.cart,
    );
    let bar = crate::progress::bar(0, "preparing", ctx.quiet);
    let spec = BwfSpec {
        sample_rate: settings.rate,
        channels: settings.channels,
        bits: settings.bits,
    };
    let assembled = mix::assemble(
        &plan,
        &settings,
        &output,
        || BwfWriter::create(&output, spec, &meta, overwrite),
        &bar,
    )?;
    bar.finish_and_clear();
    let json = serde_json::to_string_pretty(&assembled.report)?;
    atomic::write_bytes(
        &output.with_extension("json"),
        Overwrite::Replace,
        json.as_bytes(),
    )?;
    let html = crate::export::report_html::render(&assembled.report, &assembled.trace);
    atomic::write_bytes(
        &output.with_extension("html"),
        Overwrite::Replace,
        html.as_bytes(),
    )?;
    if args.json {
        println!("{json}");
    }
    if !ctx.quiet {
        print_summary(&output, &assembled.report);
    }
    Ok(Outcome::Success)
}

fn metadata(plan: &plan::Plan, output: &Path, s: &MixSettings, cart: bool) -> BwfMetadata {
    let now = jiff::Timestamp::now();
    let stem = output
        .file_stem()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default();
    let date = plan
        .date
        .clone()
        .unwrap_or_else(|| now.strftime("%Y-%m-%d").to_string());
    let software = format!("bantin {}", env!("CARGO_PKG_VERSION"));
    BwfMetadata {
        title: plan.title.clone(),
        station: plan.station.clone(),
        originator_reference: stem.clone(),
        origination_date: now.strftime("%Y-%m-%d").to_string(),
        origination_time: now.strftime("%H:%M:%S").to_string(),
        coding_history: format!(
            "A=PCM,F={},W={},M={},T={software}\r\n",
            s.rate,
            s.bits,
            if s.channels == 1 { "mono" } else { "stereo" }
        ),
        software,
        cart: cart.then(|| CartInfo {
            cut_id: stem,
            category: "NEWS".into(),
            start_date: date.clone(),
            start_time: "00:00:00".into(),
            end_date: date,
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
