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
use std::path::{Component, Path, PathBuf};

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
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
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
    /// Relative to this folder (the playlist's).
    RelativeTo(PathBuf),
    Absolute,
}

/// Turns found bulletins into playlist rows; hashes each WAV.
pub fn entries(found: &[Found], style: &PathStyle) -> io::Result<Vec<PlaylistEntry>> {
    found
        .iter()
        .map(|f| {
            let wav = std::path::absolute(&f.bulletin.wav)?;
            let file = match style {
                PathStyle::Absolute => wav.clone(),
                PathStyle::RelativeTo(base) => relative_to(&wav, &std::path::absolute(base)?),
            };
            let (sha256, _) = crate::digest::sha256_file(&wav)?;
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

/// `path` relative to the folder `base` (both absolute): `../bulletins/x/out/x.wav`.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let p: Vec<Component<'_>> = path.components().collect();
    let b: Vec<Component<'_>> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// Whole seconds for formats that take integers (M3U `#EXTINF`, PLS `Length`).
pub(crate) fn whole_seconds(s: f64) -> i64 {
    s.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_of_the_playlist_folder() {
        assert_eq!(
            relative_to(
                Path::new("/st/bulletins/2026-11-27-sang/out/a.wav"),
                Path::new("/st/bulletins/playlists")
            ),
            PathBuf::from("../2026-11-27-sang/out/a.wav")
        );
        assert_eq!(
            relative_to(Path::new("/st/a.wav"), Path::new("/st")),
            PathBuf::from("a.wav")
        );
    }

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
}
