//! The as-run log: what aired when, for the station's records and the authorities — CSV
//! (RFC 4180, like the playlists) or JSON. The rows come from the archive's catalog
//! (`archive::catalog::Catalog::as_run`); this module only writes them.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::playlist::csv::{UTF8_BOM, record};
use crate::atomic::{AtomicWriteError, Overwrite, write_atomically};

/// The CSV header; the JSON objects hold the same fields.
pub const HEADER: &str = "aired_at,date,slot,title,duration_s,file,sha256";

/// One line of the as-run log.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AsRunEntry {
    /// When it aired, RFC 3339 with the offset it was recorded with.
    pub aired_at: String,
    pub date: String,
    pub slot: String,
    pub title: String,
    /// Programme length, seconds (3 decimals).
    pub duration_s: f64,
    /// The stored WAV, relative to the archive folder.
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsRunFormat {
    /// `bom`: start with the UTF-8 byte order mark, for Excel on Windows.
    Csv {
        bom: bool,
    },
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum AsRunError {
    /// Writing the file failed; the previous file, if any, is kept (the error says so).
    #[error(transparent)]
    File(#[from] AtomicWriteError),
    #[error("cannot write the as-run log to standard output: {0}")]
    Stdout(io::Error),
}

/// Writes the whole log in `format`.
pub fn write(entries: &[AsRunEntry], format: AsRunFormat, out: &mut dyn Write) -> io::Result<()> {
    if format == AsRunFormat::Json {
        serde_json::to_writer_pretty(&mut *out, entries)?;
        return writeln!(out);
    }
    if format == (AsRunFormat::Csv { bom: true }) {
        out.write_all(UTF8_BOM)?;
    }
    write!(out, "{HEADER}\r\n")?;
    for e in entries {
        record(
            out,
            &[
                e.aired_at.clone(),
                e.date.clone(),
                e.slot.clone(),
                e.title.clone(),
                format!("{:.3}", e.duration_s),
                e.file.clone(),
                e.sha256.clone(),
            ],
        )?;
    }
    Ok(())
}

/// Writes the log to `path` atomically (replacing an older log), or to standard output.
pub fn write_to(
    entries: &[AsRunEntry],
    format: AsRunFormat,
    path: Option<&Path>,
) -> Result<(), AsRunError> {
    match path {
        Some(path) => write_atomically(path, Overwrite::Replace, |w| write(entries, format, w))?,
        None => {
            let mut out = io::stdout().lock();
            write(entries, format, &mut out)
                .and_then(|()| out.flush())
                .map_err(AsRunError::Stdout)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<AsRunEntry> {
        vec![AsRunEntry {
            aired_at: "2026-11-27T05:31:00+07:00".into(),
            date: "2026-11-27".into(),
            slot: "sang".into(),
            title: "Bản tin sáng, \"đặc biệt\"".into(),
            duration_s: 612.4,
            file: "2026/11/2026-11-27-sang/2026-11-27-sang.wav".into(),
            sha256: "ab".repeat(32),
        }]
    }

    #[test]
    fn csv_has_the_header_and_quotes_like_rfc4180() {
        let mut out = Vec::new();
        write(&entries(), AsRunFormat::Csv { bom: false }, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], HEADER);
        assert_eq!(
            lines[1],
            format!(
                "2026-11-27T05:31:00+07:00,2026-11-27,sang,\"Bản tin sáng, \"\"đặc biệt\"\"\",612.400,2026/11/2026-11-27-sang/2026-11-27-sang.wav,{}",
                "ab".repeat(32)
            )
        );
        assert_eq!(lines[2], "");
        // With --bom: the same bytes after the byte order mark Excel looks for.
        let mut with_bom = Vec::new();
        write(&entries(), AsRunFormat::Csv { bom: true }, &mut with_bom).unwrap();
        assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
        assert_eq!(&with_bom[3..], text.as_bytes());
    }

    #[test]
    fn json_holds_the_csv_fields() {
        let mut out = Vec::new();
        write(&entries(), AsRunFormat::Json, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        // serde_json's objects keep their keys sorted.
        let keys: Vec<&str> = v[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut header: Vec<&str> = HEADER.split(',').collect();
        header.sort_unstable();
        assert_eq!(keys, header);
        assert_eq!(v[0]["duration_s"], 612.4);
    }
}
