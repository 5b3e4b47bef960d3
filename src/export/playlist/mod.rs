//! Playlists for playout systems: one exporter per format behind one trait
//! ([`PlaylistExporter`]), like hyperfine's exporters. [`collect`] finds the finished
//! bulletins of the asked dates in air order and names the scheduled slots that have
//! none; [`entries`] turns them into rows with paths as the playlist should hold them.

pub(crate) mod collect;
pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod m3u8;
pub(crate) mod pls;
pub(crate) mod xspf;

pub use collect::{Found, collect};

use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::bulletin::finished::FinishedError;

/// One bulletin in a playlist. The JSON and CSV exports hold exactly these fields.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaylistEntry {
    /// Scheduled air time, RFC 3339 with the local offset.
    pub air_time: String,
    /// Slot id ("sang").
    pub slot: String,
    pub title: String,
    /// Programme length, seconds (3 decimals).
    pub duration_s: f64,
    /// The WAV, relative to the playlist's folder or absolute (`--absolute`).
    pub file: String,
    /// SHA-256 of the WAV, so playout can check what it got.
    pub sha256: String,
    pub integrated_lufs: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    /// Slot priority from the schedule (higher airs first on a clash).
    pub priority: i32,
}

/// Writes a list of entries in one playlist format.
pub trait PlaylistExporter {
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Writes the whole playlist.
    fn write(&self, entries: &[PlaylistEntry], out: &mut dyn Write) -> io::Result<()>;
}

/// The formats `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    M3u8,
    Pls,
    Xspf,
    Csv,
    Json,
}

impl Format {
    pub fn exporter(self) -> Box<dyn PlaylistExporter> {
        match self {
            Self::M3u8 => Box::new(m3u8::M3u8),
            Self::Pls => Box::new(pls::Pls),
            Self::Xspf => Box::new(xspf::Xspf),
            Self::Csv => Box::new(csv::Csv),
            Self::Json => Box::new(json::Json),
        }
    }

    /// The format a file name's extension asks for (`.m3u` counts as M3U8).
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_name(path.extension()?.to_str()?)
    }

    /// The format named by its extension (`m3u8`, `csv`…), as `[playout] formats` lists it.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "m3u8" | "m3u" => Self::M3u8,
            "pls" => Self::Pls,
            "xspf" => Self::Xspf,
            "csv" => Self::Csv,
            "json" => Self::Json,
            _ => return None,
        })
    }
}

/// How the WAV paths are written.
#[derive(Debug, Clone)]
pub enum PathStyle {
    /// Relative to this folder (the playlist's), as a player resolves an entry against
    /// the folder of the playlist it opened (see [`crate::paths::relative_to`]: `..` in
    /// the folder is taken as the file system takes it, after symlinks).
    RelativeTo(PathBuf),
    /// Absolute, with symlinks resolved.
    Absolute,
}

#[derive(Debug, thiserror::Error)]
pub enum PlaylistError {
    #[error("cannot read {path} to hash it for the playlist: {source}")]
    ReadWav { path: PathBuf, source: io::Error },
    /// The report beside a WAV is not its report.
    #[error(transparent)]
    Finished(#[from] FinishedError),
    #[error(
        "--bom is for CSV only (for Excel on Windows); a {format} playlist with a byte order mark would not play. Leave --bom out, or write .csv"
    )]
    BomNotCsv { format: &'static str },
    #[error("cannot write the playlist: {0}")]
    Write(io::Error),
    /// Writing a playlist file failed; the previous file, if any, is kept.
    #[error(transparent)]
    File(#[from] crate::atomic::AtomicWriteError),
}

/// Turns found bulletins into playlist rows; hashes each WAV and checks the hash against
/// its report.
pub fn entries(found: &[Found], style: &PathStyle) -> Result<Vec<PlaylistEntry>, PlaylistError> {
    entries_hashed_by(found, style, |wav| {
        crate::digest::sha256_file(wav).map(|(sha, _)| sha)
    })
}

/// [`entries`] with the WAVs' SHA-256 from `sha256` (a caller that keeps hashes of
/// files it has seen unchanged, like the web app, need not read each WAV again).
pub fn entries_hashed_by(
    found: &[Found],
    style: &PathStyle,
    sha256: impl Fn(&Path) -> io::Result<String>,
) -> Result<Vec<PlaylistEntry>, PlaylistError> {
    found
        .iter()
        .map(|f| {
            let wav = &f.bulletin.wav;
            let file = match style {
                PathStyle::Absolute => crate::paths::resolve(wav),
                PathStyle::RelativeTo(base) => crate::paths::relative_to(wav, base),
            };
            let sha256 = sha256(wav).map_err(|source| PlaylistError::ReadWav {
                path: wav.clone(),
                source,
            })?;
            f.bulletin.check_sha256(&sha256)?;
            let report = &f.bulletin.report;
            let title = if report.title.trim().is_empty() {
                f.slot_title.clone()
            } else {
                report.title.clone()
            };
            Ok(PlaylistEntry {
                air_time: crate::bulletin::air_time::rfc3339(&f.air_time),
                slot: f.slot.clone(),
                title,
                duration_s: (f.bulletin.duration_s() * 1000.0).round() / 1000.0,
                file: file.to_string_lossy().into_owned(),
                sha256,
                integrated_lufs: report.programme.integrated_lufs,
                true_peak_dbtp: report.programme.true_peak_dbtp,
                priority: f.priority,
            })
        })
        .collect()
}

/// Writes `entries` in `format`; `bom` starts a CSV with the UTF-8 byte order mark that
/// Excel on Windows needs to read it as UTF-8 (refused for the other formats).
pub fn write(
    format: Format,
    entries: &[PlaylistEntry],
    bom: bool,
    out: &mut dyn Write,
) -> Result<(), PlaylistError> {
    if bom {
        if format != Format::Csv {
            return Err(PlaylistError::BomNotCsv {
                format: format.exporter().extension(),
            });
        }
        out.write_all(csv::UTF8_BOM).map_err(PlaylistError::Write)?;
    }
    format
        .exporter()
        .write(entries, out)
        .map_err(PlaylistError::Write)
}

/// The folder beside the bulletins where playlists go when no other is given.
pub const DEFAULT_FOLDER: &str = "playlists";

/// The playlist's file name for the dates `from`..=`to`: `2026-11-27.m3u8`, or
/// `2026-11-01_2026-11-30.m3u8` for a range.
pub fn file_name(from: jiff::civil::Date, to: jiff::civil::Date, format: Format) -> String {
    let ext = format.exporter().extension();
    if from == to {
        format!("{from}.{ext}")
    } else {
        format!("{from}_{to}.{ext}")
    }
}

/// The whole playlist as bytes (what [`write`] writes).
pub fn render(
    format: Format,
    entries: &[PlaylistEntry],
    bom: bool,
) -> Result<Vec<u8>, PlaylistError> {
    let mut out = Vec::new();
    write(format, entries, bom, &mut out)?;
    Ok(out)
}

/// Writes the playlist of `entries` for the dates `from`..=`to` into `folder`, once in
/// each of `formats` ([`file_name`]), each file atomically (a playout system reading the
/// folder never sees half a playlist); `bom` applies to CSV only. Returns the files.
pub fn write_files(
    folder: &Path,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    formats: &[Format],
    entries: &[PlaylistEntry],
    bom: bool,
) -> Result<Vec<PathBuf>, PlaylistError> {
    let mut written = Vec::new();
    for &format in formats {
        let path = folder.join(file_name(from, to, format));
        let bytes = render(format, entries, bom && format == Format::Csv)?;
        crate::atomic::write_bytes(&path, crate::atomic::Overwrite::Replace, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Whole seconds for formats that take integers (M3U `#EXTINF`, PLS `Length`).
pub(crate) fn whole_seconds(s: f64) -> i64 {
    s.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Vec<PlaylistEntry> {
        vec![
            PlaylistEntry {
                air_time: "2026-11-27T05:30:00+07:00".into(),
                slot: "sang".into(),
                title: "Bản tin sáng, \"đặc biệt\" & <mới>".into(),
                duration_s: 612.4,
                file: "../2026-11-27-sang/out/2026-11-27-sang.wav".into(),
                sha256: "ab".repeat(32),
                integrated_lufs: Some(-16.0),
                true_peak_dbtp: Some(-1.2),
                priority: 0,
            },
            PlaylistEntry {
                air_time: "2026-11-27T17:00:00+07:00".into(),
                slot: "chieu".into(),
                title: "Bản tin chiều".into(),
                duration_s: 480.0,
                file: "../2026-11-27-chieu/out/2026-11-27-chieu.wav".into(),
                sha256: "cd".repeat(32),
                integrated_lufs: None,
                true_peak_dbtp: None,
                priority: 5,
            },
        ]
    }

    pub(crate) fn render(format: Format) -> String {
        let mut out = Vec::new();
        format.exporter().write(&sample(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_format_the_config_may_name_is_a_format() {
        for name in crate::config::PLAYLIST_FORMATS {
            let format = Format::from_name(name).unwrap();
            assert_eq!(format.exporter().extension(), name);
        }
        let d = jiff::civil::date(2026, 11, 27);
        assert_eq!(file_name(d, d, Format::Csv), "2026-11-27.csv");
    }

    #[test]
    fn a_wav_that_cannot_be_read_is_named() {
        let report: crate::bulletin::report::AssemblyReport =
            serde_json::from_value(serde_json::json!({
                "software": "bantin", "title": "t", "station": "s", "date": null,
                "slot": null, "output": "x.wav", "created": "",
                "programme": {
                    "integrated_lufs": null, "loudness_range_lu": null,
                    "true_peak_dbtp": null, "sample_peak_dbfs": null,
                    "max_momentary_lufs": null, "max_short_term_lufs": null,
                    "duration_s": 1.0, "target_lufs": -16.0, "ceiling_dbtp": -1.0,
                    "sample_rate": 48000, "channels": 1, "bits": 16,
                    "limiter": { "max_gain_reduction_db": 0.0, "active_s": 0.0 }
                },
                "takes": []
            }))
            .unwrap();
        let wav = PathBuf::from("/nowhere/2026-11-27-sang/out/2026-11-27-sang.wav");
        let found = Found {
            air_time: crate::bulletin::air_time::local_at(
                jiff::civil::date(2026, 11, 27),
                330,
                &crate::config::StationConfig::default().time_zone(),
            ),
            slot: "sang".into(),
            slot_title: String::new(),
            priority: 0,
            bulletin: crate::bulletin::finished::FinishedBulletin {
                dir: PathBuf::from("/nowhere/2026-11-27-sang"),
                stem: "2026-11-27-sang".into(),
                wav: wav.clone(),
                report_path: wav.with_extension("json"),
                report_html: None,
                report,
                wav_duration_s: 1.0,
            },
        };
        let err = entries(&[found], &PathStyle::Absolute).unwrap_err();
        assert!(matches!(err, PlaylistError::ReadWav { .. }), "{err}");
        assert!(
            err.to_string().contains(&wav.display().to_string()),
            "{err}"
        );
    }
}
