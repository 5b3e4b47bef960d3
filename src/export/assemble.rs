//! Making a bulletin's broadcast set — the WAV, its JSON report and its report page —
//! from a plan: what `bantin assemble` does and what the web app's **Dựng bản tin** does,
//! through this one path. The three files are one set: they replace the previous set
//! together or not at all, and a stop (Ctrl-C, SIGTERM, the web app's own) changes
//! nothing.
//!
//! In two steps, so the caller can tell staff what the first found before the work
//! starts: [`check_output`] (the output is not an input, what an interrupted run left is
//! tidied, an existing set is kept unless replacing was asked), then [`make`].

use std::path::{Path, PathBuf};

use crate::atomic::{self, Access, AtomicWriteError, Overwrite, Tidied};
use crate::bulletin::report::{AssemblyReport, WavIdentity};
use crate::bulletin::rundown::{OUT_DIR, RECORDINGS_DIR, Rundown, RundownError};
use crate::bulletin::script_files::{self, Refreshed, ScriptError};
use crate::config::{AudioConfig, StationConfig};
use crate::export::bwf::{BwfMetadata, BwfSpec, BwfWriter, CartInfo};
use crate::export::output_guard::{self, InputFolder, OutputError};
use crate::interrupt::{Interrupt, Interrupted};
use crate::mix::{self, MixError, plan};

#[derive(Debug, thiserror::Error)]
pub enum AssembleError {
    /// Missing, unreadable or suspect takes, a file that cannot be decoded, a stop.
    #[error(transparent)]
    Mix(#[from] MixError),
    #[error(transparent)]
    Rundown(#[from] RundownError),
    #[error(transparent)]
    Script(#[from] ScriptError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Write(#[from] AtomicWriteError),
    #[error("{} already exists; it was kept. Use --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("cannot read back {}: {source}", path.display())]
    ReadBack {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Stopped after the programme was made, before the set was put in place.
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
}

impl AssembleError {
    /// The stop, when the run was stopped (by a signal or the web app).
    pub fn interrupted(&self) -> Option<Interrupted> {
        match self {
            Self::Mix(MixError::Interrupted(stop)) | Self::Interrupted(stop) => Some(*stop),
            _ => None,
        }
    }
}

/// What to make, and where.
#[derive(Debug, Clone)]
pub struct Request {
    pub plan: plan::Plan,
    /// The WAV; the report and its page go beside it (`.json`, `.html`).
    pub output: PathBuf,
    /// The folders the programme is read from: the output may not be inside them.
    pub recordings: PathBuf,
    pub jingles: PathBuf,
    /// The station's `[audio]`, with any command-line values over it, validated.
    pub settings: AudioConfig,
    /// Replace an existing set bantin made (`--force`).
    pub replace: bool,
    /// Also replace files bantin did not make (`--overwrite-foreign`).
    pub overwrite_foreign: bool,
    /// The station's clock: the WAV's dates and the report's time are in it.
    pub time_zone: jiff::tz::TimeZone,
}

/// A bulletin folder's plan.
pub struct BulletinPlan {
    pub rundown: Rundown,
    pub plan: plan::Plan,
    /// `out/<date>-<slot>.wav`.
    pub output: PathBuf,
}

/// Reads the bulletin folder `dir` (the rundown, its takes as `bantin status` finds
/// them, the station's jingles in `jingles`): every take must be recorded and readable.
/// The printed script, archived with the bulletin, is made again first if the rundown
/// changed since: `refreshed` hears whether it was (even when a take is missing).
pub fn plan_bulletin(
    dir: &Path,
    config: &StationConfig,
    jingles: &Path,
    refreshed: impl FnOnce(&Refreshed),
) -> Result<BulletinPlan, AssembleError> {
    let jingles = plan::find_jingles(Some(jingles))?;
    let rundown = Rundown::load(dir)?;
    refreshed(&script_files::refresh(dir, config)?);
    let output = dir
        .join(OUT_DIR)
        .join(format!("{}.wav", rundown.output_stem()));
    let plan = plan::from_rundown(dir, &rundown, jingles)?;
    Ok(BulletinPlan {
        rundown,
        plan,
        output,
    })
}

/// A [`Request`] for a bulletin folder's plan, with the station's settings.
pub fn bulletin_request(
    dir: &Path,
    planned: &BulletinPlan,
    config: &StationConfig,
    jingles: &Path,
    replace: bool,
) -> Request {
    Request {
        plan: planned.plan.clone(),
        output: planned.output.clone(),
        recordings: dir.join(RECORDINGS_DIR),
        jingles: jingles.to_path_buf(),
        settings: config.audio.clone(),
        replace,
        overwrite_foreign: false,
        time_zone: config.time_zone(),
    }
}

/// Before any work: the output is no input and, if it exists, may be replaced; what an
/// interrupted run left beside it is finished or removed first (returned, to be told).
pub fn check_output(request: &Request) -> Result<Tidied, AssembleError> {
    output_guard::check_output(
        &request.output,
        &[
            InputFolder {
                what: "recordings",
                folder: &request.recordings,
            },
            InputFolder {
                what: "jingles",
                folder: &request.jingles,
            },
        ],
        request.overwrite_foreign,
    )?;
    let tidied = atomic::tidy(&out_dir(&request.output))?;
    if !request.replace && request.output.exists() {
        return Err(AssembleError::Exists(request.output.clone()));
    }
    Ok(tidied)
}

/// What [`make`] put in place.
pub struct Made {
    pub report: AssemblyReport,
    /// The report as written (`NAME.json`).
    pub json: String,
}

/// Assembles the programme and puts the set in place. `progress` gets its length (the
/// files to prepare) and is ticked once per file; `interrupt` stops the work, changing
/// nothing, up to the moment the set is renamed into place.
pub fn make(
    request: &Request,
    progress: &indicatif::ProgressBar,
    interrupt: &Interrupt,
) -> Result<Made, AssembleError> {
    interrupt.check()?;
    let output = &request.output;
    let settings = &request.settings;
    let overwrite = if request.replace {
        Overwrite::Replace
    } else {
        Overwrite::Keep
    };
    // One instant, in the station's time zone, for the WAV's dates and the report's.
    let made = crate::bulletin::air_time::now(&request.time_zone);
    let meta = metadata(&request.plan, output, settings, &made);
    let spec = BwfSpec {
        sample_rate: settings.sample_rate,
        channels: settings.channels,
        bits: settings.bits,
    };
    progress.set_length(request.plan.file_count() as u64);
    let assembled = mix::assemble(
        &request.plan,
        settings,
        output,
        || BwfWriter::create(output, spec, &meta, overwrite),
        progress,
        interrupt,
    )?;
    let mut report = assembled.report;
    report.created = crate::bulletin::air_time::rfc3339(&made);
    let wav = assembled.output;
    let [_, json_path, html_path] = output_guard::outputs(output);
    // The WAV is read back for its hash (the report names the bytes it goes with) while
    // the page, which does not show the hash, is made and staged: the two overlap.
    let (identity, html_file) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| crate::digest::sha256_file(wav.temp_path()));
        let html = crate::export::report_html::render(&report, &assembled.trace);
        let html_file = atomic::stage_with(&html_path, Overwrite::Replace, Access::Shared, |w| {
            std::io::Write::write_all(w, html.as_bytes())
        });
        let identity = hashing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (identity, html_file)
    });
    let (sha256, bytes) = identity.map_err(|source| AssembleError::ReadBack {
        path: wav.temp_path().to_path_buf(),
        source,
    })?;
    let html_file = html_file?;
    report.wav = Some(WavIdentity { bytes, sha256 });
    let json = serde_json::to_string_pretty(&report).map_err(|e| AssembleError::ReadBack {
        path: output.with_extension("json"),
        source: std::io::Error::other(e),
    })?;
    let json_file = atomic::stage_with(&json_path, Overwrite::Replace, Access::Shared, |w| {
        std::io::Write::write_all(w, json.as_bytes())
    })?;
    // The last moment a stop changes nothing; the set is then put in place whole.
    interrupt.check()?;
    crate::failpoint::pause("assemble-commit");
    atomic::commit_set(vec![wav, json_file, html_file])?;
    Ok(Made { report, json })
}

/// The folder the output goes in.
fn out_dir(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
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
