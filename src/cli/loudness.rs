//! `bantin loudness`: the station's meter. Decodes and measures every file given, in
//! parallel, and prints one row (or JSON object) per file in the order they were given.
//!
//! Rounding: JSON carries loudness, range and peaks to 0.01 dB/LU and the duration to
//! 1 ms; the table shows 0.1 dB/LU, as meters do.

use super::{Context, Outcome};
use crate::dsp::loudness::{self, LoudnessMeasurement};
use crate::media;
use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array, one object per file in argument order, instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Audio files to measure (WAV, FLAC, MP3, Ogg Vorbis, AAC in M4A/MP4).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// One file measured: its loudness and what it is.
struct Measured {
    loudness: LoudnessMeasurement,
    sample_rate: u32,
    channels: u16,
    codec: String,
}

/// A file's result: measured, or the message saying why not (it names the file).
type FileResult = Result<Measured, String>;

pub fn run(args: &Args, ctx: &Context) -> anyhow::Result<Outcome> {
    let bar = crate::progress::bar(args.files.len() as u64, "measuring", ctx.quiet);
    let results = measure_all(&args.files, || bar.inc(1));
    bar.finish_and_clear();

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &json_rows(&args.files, &results))?;
        writeln!(out)?;
    } else {
        write_table(&mut out, &args.files, &results)?;
    }
    out.flush().context("writing the measurements")?;

    let failed = results.iter().filter(|r| r.is_err()).count();
    if failed == 0 {
        return Ok(Outcome::Success);
    }
    if !args.json {
        for message in results.iter().filter_map(|r| r.as_ref().err()) {
            eprintln!("error: {message}");
        }
    }
    if !ctx.quiet {
        eprintln!(
            "{failed} of {} files could not be measured",
            args.files.len()
        );
    }
    Ok(Outcome::CheckFailed)
}

/// Decodes and measures every file on all of rayon's threads, largest file first: each
/// worker takes the next file from one queue, so the big takes do not end up together
/// at the end on one core while the other waits. Results come back in argument order.
/// Each file streams through its meter, so memory does not grow with the files' length.
fn measure_all(files: &[PathBuf], done_one: impl Fn() + Sync) -> Vec<FileResult> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    let size = |i: usize| std::fs::metadata(&files[i]).map_or(0, |m| m.len());
    order.sort_by_cached_key(|&i| std::cmp::Reverse(size(i)));
    let next = AtomicUsize::new(0);
    let per_worker: Vec<Vec<(usize, FileResult)>> = rayon::broadcast(|_| {
        let mut mine = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            mine.push((i, measure_file(&files[i])));
            done_one();
        }
        mine
    });
    let mut results: Vec<(usize, FileResult)> = per_worker.into_iter().flatten().collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Decodes and measures one file as it streams: a file of any length in a few megabytes.
fn measure_file(path: &Path) -> FileResult {
    let mut meter: Option<loudness::ProgrammeMeter> = None;
    let info = media::decode_stream(path, |format, block| {
        let meter = match &mut meter {
            Some(meter) => meter,
            // Split where the mixer splits a programme of the length the header gives:
            // a written bulletin reads exactly as its report says.
            None => meter.insert(loudness::ProgrammeMeter::new(
                format.channels,
                format.sample_rate,
                format.declared_frames,
            )?),
        };
        meter.add(block)
    })
    .map_err(|err| match err {
        media::StreamError::Decode(err) => naming(path, &err.to_string()),
        media::StreamError::Sink(err) => naming(path, &err.to_string()),
    })?;
    let meter = match meter {
        Some(meter) => meter,
        // Nothing decoded (the decoder refuses that, but the meter need not assume it).
        None => loudness::ProgrammeMeter::new(info.format.channels, info.format.sample_rate, None)
            .map_err(|err| naming(path, &err.to_string()))?,
    };
    let loudness = meter
        .finish()
        .map_err(|err| naming(path, &err.to_string()))?;
    Ok(Measured {
        loudness,
        sample_rate: info.format.sample_rate,
        channels: info.format.channels,
        codec: info.codec,
    })
}

/// The message, starting with the file's name unless it already does.
fn naming(path: &Path, message: &str) -> String {
    let name = path.display().to_string();
    if message.starts_with(&name) {
        message.to_string()
    } else {
        format!("{name}: {message}")
    }
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonRow<'a> {
    Measured {
        file: String,
        integrated_lufs: Option<f64>,
        loudness_range_lu: Option<f64>,
        true_peak_dbtp: Option<f64>,
        sample_peak_dbfs: Option<f64>,
        max_momentary_lufs: Option<f64>,
        max_short_term_lufs: Option<f64>,
        duration_s: f64,
        sample_rate: u32,
        channels: u16,
        codec: &'a str,
    },
    Failed {
        file: String,
        error: &'a str,
    },
}

fn json_rows<'a>(files: &[PathBuf], results: &'a [FileResult]) -> Vec<JsonRow<'a>> {
    let hundredths = |value: Option<f64>| value.map(|v| rounded(v, 100.0));
    files
        .iter()
        .zip(results)
        .map(|(path, result)| {
            let file = path.display().to_string();
            match result {
                Ok(m) => JsonRow::Measured {
                    file,
                    integrated_lufs: hundredths(m.loudness.integrated_lufs),
                    loudness_range_lu: hundredths(m.loudness.loudness_range_lu),
                    true_peak_dbtp: hundredths(m.loudness.true_peak_dbtp),
                    sample_peak_dbfs: hundredths(m.loudness.sample_peak_dbfs),
                    max_momentary_lufs: hundredths(m.loudness.max_momentary_lufs),
                    max_short_term_lufs: hundredths(m.loudness.max_short_term_lufs),
                    duration_s: rounded(m.loudness.duration_s, 1000.0),
                    sample_rate: m.sample_rate,
                    channels: m.channels,
                    codec: &m.codec,
                },
                Err(error) => JsonRow::Failed { file, error },
            }
        })
        .collect()
}

/// `value` rounded to `1 / per_unit` (never "-0.0").
fn rounded(value: f64, per_unit: f64) -> f64 {
    let r = (value * per_unit).round() / per_unit;
    if r == 0.0 { 0.0 } else { r }
}

const HEADER: [&str; 11] = [
    "FILE",
    "I (LUFS)",
    "LRA (LU)",
    "TP (dBTP)",
    "PEAK (dBFS)",
    "MAX M (LUFS)",
    "MAX S (LUFS)",
    "DURATION",
    "RATE",
    "CH",
    "CODEC",
];
/// Columns holding text are aligned left, numbers right.
const LEFT_ALIGNED: [bool; 11] = [
    true, false, false, false, false, false, false, false, false, false, true,
];

/// The table for people: measured files only (failures go to stderr).
fn write_table(
    out: &mut impl Write,
    files: &[PathBuf],
    results: &[FileResult],
) -> anyhow::Result<()> {
    let rows: Vec<[String; 11]> = files
        .iter()
        .zip(results)
        .filter_map(|(path, result)| result.as_ref().ok().map(|m| table_row(path, m)))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let header = HEADER.map(str::to_string);
    let mut widths = [0usize; 11];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[column] - cell.chars().count());
            if column > 0 {
                line.push_str("  ");
            }
            if LEFT_ALIGNED[column] {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn table_row(path: &Path, m: &Measured) -> [String; 11] {
    let l = &m.loudness;
    // Loudness that does not exist (silence, too short) is a dash; a peak that does not
    // exist is digital silence, which meters show as -inf.
    let loudness =
        |value: Option<f64>| value.map_or_else(|| "—".to_string(), |v| format!("{v:.1}"));
    let peak = |value: Option<f64>| value.map_or_else(|| "-inf".to_string(), |v| format!("{v:.1}"));
    [
        path.display().to_string(),
        loudness(l.integrated_lufs),
        loudness(l.loudness_range_lu),
        peak(l.true_peak_dbtp),
        peak(l.sample_peak_dbfs),
        loudness(l.max_momentary_lufs),
        loudness(l.max_short_term_lufs),
        duration(l.duration_s),
        format!("{} Hz", m.sample_rate),
        m.channels.to_string(),
        m.codec.clone(),
    ]
}

/// Minutes, seconds and tenths: "0:02.5", "12:40.0".
fn duration(seconds: f64) -> String {
    let tenths = (seconds * 10.0).round() as u64;
    format!("{}:{:02}.{}", tenths / 600, (tenths / 10) % 60, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(duration(2.46), "0:02.5");
        assert_eq!(duration(760.0), "12:40.0");
        assert_eq!(duration(59.96), "1:00.0");
    }

    #[test]
    fn rounding_never_gives_negative_zero() {
        assert_eq!(rounded(-0.001, 100.0).to_string(), "0");
        assert_eq!(rounded(-23.456, 100.0), -23.46);
    }

    #[test]
    fn messages_name_the_file_once() {
        let path = Path::new("takes/a.wav");
        assert_eq!(naming(path, "takes/a.wav: empty"), "takes/a.wav: empty");
        assert_eq!(naming(path, "empty"), "takes/a.wav: empty");
    }
}
