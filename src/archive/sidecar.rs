//! The sidecar record, `record.json` in each archived bulletin's folder: everything the
//! catalog holds about the bulletin (metadata, rundown with spoken and original text,
//! assembly report with every take, each file's SHA-256, the aired time). It is written
//! last, after every file is on disk, and the catalog can be rebuilt from the sidecars
//! alone (`bantin archive reindex`). Fields may be added, never renamed or removed.

use super::ArchiveError;
use crate::bulletin::report::AssemblyReport;
use crate::bulletin::rundown::Rundown;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SIDECAR_FILE: &str = "record.json";
/// Version of the sidecar layout.
pub const SIDECAR_FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArchiveRecord {
    pub format: u32,
    /// "2026-11-27-sang": date and slot, unique in the archive.
    pub id: String,
    pub date: String,
    pub slot: String,
    pub title: String,
    pub station: String,
    /// When it aired, RFC 3339 with offset (the as-run log).
    pub aired_at: String,
    /// When it was archived, RFC 3339 with offset.
    pub archived_at: String,
    /// bantin version that archived it.
    pub software: String,
    pub duration_s: f64,
    pub integrated_lufs: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    /// Every stored file except this sidecar.
    pub files: Vec<StoredFile>,
    pub rundown: Rundown,
    pub report: AssemblyReport,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredFile {
    /// "audio", "report", "report-html", "rundown", "script-html", "script-text".
    pub role: String,
    /// File name inside the bulletin's archive folder.
    pub name: String,
    pub sha256: String,
    pub bytes: u64,
}

impl ArchiveRecord {
    /// The record's folder relative to the archive root: `2026/11/2026-11-27-sang`.
    pub fn store_dir(&self) -> String {
        store_dir(&self.date, &self.id)
    }

    /// The stored audio file, if the record has one.
    pub fn audio(&self) -> Option<&StoredFile> {
        self.files.iter().find(|f| f.role == "audio")
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn load(path: &Path) -> Result<Self, ArchiveError> {
        let bad = |message: String| ArchiveError::Sidecar {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        Self::from_json(&text).map_err(bad)
    }

    /// Reads a sidecar's text, as `reindex` does (and `add`, to fill the catalog from
    /// exactly what the sidecar says).
    pub fn from_json(text: &str) -> Result<Self, String> {
        let record: Self = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if record.format > SIDECAR_FORMAT {
            return Err(format!(
                "format {} is newer than this bantin knows ({SIDECAR_FORMAT}); use a newer bantin",
                record.format
            ));
        }
        if record.id.is_empty() || record.date.len() < 7 {
            return Err("it has no id or date".into());
        }
        Ok(record)
    }
}

/// `2026/11/<id>` from a `YYYY-MM-DD` date.
pub fn store_dir(date: &str, id: &str) -> String {
    let year = date.get(0..4).unwrap_or("0000");
    let month = date.get(5..7).unwrap_or("00");
    format!("{year}/{month}/{id}")
}
