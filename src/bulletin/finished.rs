//! A finished bulletin folder, as `bantin assemble` leaves it: `out/<stem>.wav` (a
//! readable RIFF/WAVE file) and `out/<stem>.json` (the assembly report), optionally
//! `out/<stem>.html`. Used by `bantin playlist` (what can air) and `bantin archive add`
//! (what aired).

use crate::bulletin::report::AssemblyReport;
use crate::bulletin::rundown::{OUT_DIR, RundownError};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum FinishedError {
    #[error(
        "{dir} is not a bulletin folder (it does not exist or is not a folder); give the folder made by `bantin new`, e.g. bulletins/2026-11-27-sang"
    )]
    NoFolder { dir: PathBuf },
    #[error("{dir} is not finished: {missing} is missing. Run `bantin assemble {dir}` first")]
    NotAssembled { dir: PathBuf, missing: PathBuf },
    #[error(
        "{path} is not a readable WAV file ({message}); assemble the bulletin again with `bantin assemble`"
    )]
    BadWav { path: PathBuf, message: String },
    #[error(
        "{path}: the assembly report cannot be read: {message}\nAssemble the bulletin again with `bantin assemble`"
    )]
    BadReport { path: PathBuf, message: String },
    #[error(transparent)]
    Rundown(#[from] RundownError),
    /// An interrupted `assemble` left a replacement half done and it cannot be finished.
    #[error(transparent)]
    Unsettled(#[from] crate::atomic::AtomicWriteError),
    #[error(
        "{report} does not describe {wav} beside it ({detail}); assemble the bulletin again with `bantin assemble --force`"
    )]
    Mismatch {
        report: PathBuf,
        wav: PathBuf,
        detail: String,
    },
}

/// The finished files of one bulletin.
#[derive(Debug, Clone)]
pub struct FinishedBulletin {
    pub dir: PathBuf,
    /// "2026-11-27-sang".
    pub stem: String,
    pub wav: PathBuf,
    pub report_path: PathBuf,
    pub report_html: Option<PathBuf>,
    pub report: AssemblyReport,
    /// Length of the WAV as read from its header, seconds.
    pub wav_duration_s: f64,
}

impl FinishedBulletin {
    /// Opens `dir/out/<stem>.{wav,json}` and checks that the WAV reads as RIFF/WAVE and
    /// is the one its report describes. A replacement that an interrupted `assemble` had
    /// committed is finished first, so the WAV and its report are always of one run.
    pub fn open(dir: &Path, stem: &str) -> Result<Self, FinishedError> {
        if !dir.is_dir() {
            return Err(FinishedError::NoFolder {
                dir: dir.to_path_buf(),
            });
        }
        let out = dir.join(OUT_DIR);
        crate::atomic::tidy(&out)?;
        let wav = out.join(format!("{stem}.wav"));
        let report_path = out.join(format!("{stem}.json"));
        for needed in [&wav, &report_path] {
            if !needed.is_file() {
                return Err(FinishedError::NotAssembled {
                    dir: dir.to_path_buf(),
                    missing: needed.clone(),
                });
            }
        }
        let wav_duration_s = wav_duration(&wav)?;
        let report = read_report(&report_path)?;
        if let Some(id) = &report.wav {
            let bytes = std::fs::metadata(&wav).map(|m| m.len()).unwrap_or(0);
            if bytes != id.bytes {
                return Err(FinishedError::Mismatch {
                    report: report_path,
                    wav,
                    detail: format!(
                        "the report is of a {} byte WAV, this one has {bytes}",
                        id.bytes
                    ),
                });
            }
        }
        let html = out.join(format!("{stem}.html"));
        Ok(Self {
            dir: dir.to_path_buf(),
            stem: stem.to_string(),
            wav,
            report_path,
            report_html: html.is_file().then_some(html),
            report,
            wav_duration_s,
        })
    }

    /// Checks the WAV's SHA-256 (computed by the caller, who reads the file anyway)
    /// against the one its report holds, when it holds one.
    pub fn check_sha256(&self, sha256: &str) -> Result<(), FinishedError> {
        match &self.report.wav {
            Some(id) if id.sha256 != sha256 => Err(FinishedError::Mismatch {
                report: self.report_path.clone(),
                wav: self.wav.clone(),
                detail: format!("the report's SHA-256 is {}, the WAV's {sha256}", id.sha256),
            }),
            _ => Ok(()),
        }
    }

    /// Programme length: the report's, or the WAV header's when the report has none.
    pub fn duration_s(&self) -> f64 {
        if self.report.programme.duration_s > 0.0 {
            self.report.programme.duration_s
        } else {
            self.wav_duration_s
        }
    }
}

/// Reads the WAV header (hound skips `bext`, `LIST`, `cart` and other chunks).
fn wav_duration(path: &Path) -> Result<f64, FinishedError> {
    let reader = hound::WavReader::open(path).map_err(|e| FinishedError::BadWav {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let spec = reader.spec();
    if spec.sample_rate == 0 {
        return Err(FinishedError::BadWav {
            path: path.to_path_buf(),
            message: "sample rate 0".into(),
        });
    }
    Ok(f64::from(reader.duration()) / f64::from(spec.sample_rate))
}

fn read_report(path: &Path) -> Result<AssemblyReport, FinishedError> {
    let text = std::fs::read_to_string(path).map_err(|e| FinishedError::BadReport {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    serde_json::from_str(&text).map_err(|e| FinishedError::BadReport {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
