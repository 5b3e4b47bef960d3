//! `bantin status DIR [--json]`: which takes are recorded, real against estimated
//! lengths, the total against the target with back-timing, and the measured reading rate.
//! Exit 0 when every take is recorded and readable, 1 otherwise.

use super::{Context, Outcome};
use crate::bulletin::script_files;
use crate::bulletin::status::{StatusReport, TakeState, bulletin_status, refresh_rundown_status};
use crate::bulletin::take_check::Suspect;
use crate::bulletin::time_format::mmss;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The bulletin folder (made by `bantin new`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print the status as JSON (fields: docs/bulletin-folder.md, "--json").
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let mut report = bulletin_status(&args.dir, &ctx.config, ctx.quiet || args.json)?;
    // The printed script follows the rundown: made again if staff edited the rundown.
    let refreshed = script_files::refresh(&args.dir, &ctx.config)?;
    if let (Some(line), false) = (
        script_files::refreshed_line(&args.dir, &refreshed),
        ctx.quiet,
    ) {
        eprintln!("{line}");
    }
    if let Some(warning) = refresh_rundown_status(&args.dir, &report) {
        report.warnings.push(warning);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_text(&report));
    }
    if !ctx.quiet {
        for w in &report.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok(if report.complete {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}

/// The status as people read it.
pub fn render_text(r: &StatusReport) -> String {
    let mut out = String::new();
    let b = &r.bulletin;
    let _ = writeln!(out, "{} — {} {}", b.title, b.date, b.slot);
    let _ = writeln!(out, "\nTakes:");
    for t in &r.takes {
        let state = match t.state {
            TakeState::Recorded => "recorded",
            TakeState::Missing => "MISSING",
            TakeState::Unreadable => "UNREADABLE",
            TakeState::Silent => "SILENT",
            TakeState::Suspect => "SUSPECT",
        };
        let _ = write!(out, "  {:<12} {:<10}", t.id, state);
        match (t.state, t.speech_s, t.difference_s) {
            (TakeState::Recorded, Some(speech), Some(diff)) => {
                let _ = write!(
                    out,
                    " {speech:5.1} s spoken (estimate {:.1} s, {diff:+.1} s) in {}",
                    t.estimate_s,
                    t.file.as_deref().unwrap_or("")
                );
                if !t.suspect.is_empty() {
                    let labels: Vec<&str> = t.suspect.iter().map(Suspect::label).collect();
                    let _ = write!(out, " (accepted: {})", labels.join(", "));
                }
            }
            (TakeState::Missing, _, _) => {
                let _ = write!(
                    out,
                    " estimate {:.1} s; save it as recordings/{}.wav",
                    t.estimate_s, t.take
                );
            }
            _ => {
                let _ = write!(
                    out,
                    " {}: {}",
                    t.file.as_deref().unwrap_or(""),
                    t.problem.as_deref().unwrap_or("")
                );
            }
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "\nBack-timing (programme time, clock time, time left):"
    );
    for block in &r.blocks {
        let _ = writeln!(
            out,
            "  {:>8}  {:>8}  {:>8} left  {:<12} {}  ({})",
            mmss(block.start_s),
            block.clock.as_deref().unwrap_or("-"),
            mmss(block.remaining_s),
            block.id,
            block.title,
            mmss(block.length_s)
        );
    }

    let t = &r.totals;
    let _ = writeln!(
        out,
        "\n{} of {} takes recorded, {} missing{}{}.",
        t.recorded,
        t.takes,
        t.missing,
        if t.unreadable > 0 {
            format!(", {} unreadable", t.unreadable)
        } else {
            String::new()
        },
        if t.silent > 0 {
            format!(", {} silent", t.silent)
        } else {
            String::new()
        }
    );
    if t.suspect > 0 {
        let _ = writeln!(
            out,
            "{} suspect: `bantin assemble` will not use {} until recorded again, or accepted with `accept_suspect = true` on the take in rundown.toml.",
            t.suspect,
            if t.suspect == 1 { "it" } else { "them" }
        );
    }
    let verdict = if t.over_s >= 0.5 {
        format!("over by {}", mmss(t.over_s))
    } else if t.over_s <= -0.5 {
        format!("under by {}", mmss(-t.over_s))
    } else {
        "on target".to_string()
    };
    let _ = writeln!(
        out,
        "Total {} (recorded takes at their real length, the rest estimated) against the target {}: {verdict}.",
        mmss(t.estimated_s),
        mmss(t.target_s)
    );
    match &r.measured_rate {
        Some(rate) => {
            let spm = rate.syllables_per_minute;
            let _ = writeln!(
                out,
                "Measured reading rate: {spm:.0} syllables/min — use `bantin new --rate {spm:.0}` next time"
            );
        }
        None if t.recorded > 0 => {
            let _ = writeln!(
                out,
                "Measured reading rate: not yet (too little recorded speech to measure)"
            );
        }
        None => {}
    }
    out
}
