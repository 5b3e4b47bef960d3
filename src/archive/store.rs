//! The archive store: copying a finished bulletin in (`archive add`) and out
//! (`archive export`).
//!
//! Order of `add`, so that a run killed at any point leaves the whole record or none:
//! 1. every file is copied to a temporary name, fsynced and renamed into the bulletin's
//!    archive folder (a file already there with the right SHA-256 — left by a killed
//!    run — is adopted, anything else is replaced);
//! 2. the sidecar `record.json` is written the same way, last;
//! 3. the catalog rows go in with one transaction.
//!
//! A run killed before 3 leaves files without a catalog row; the next `add` of the same
//! bulletin adopts them, and `archive verify` names them until then.

use super::catalog::{Catalog, Inserted};
use super::sidecar::{ArchiveRecord, SIDECAR_FILE, SIDECAR_FORMAT, StoredFile};
use super::{ArchiveError, CATALOG_FILE, failpoint};
use crate::atomic::{Overwrite, write_atomically, write_bytes};
use crate::bulletin::air_time::{local_at, parse_aired_at, rfc3339};
use crate::bulletin::finished::FinishedBulletin;
use crate::bulletin::rundown::{RUNDOWN_FILE, Rundown, RundownError};
use crate::config::{Schedule, parse_hhmm};
use crate::digest::{copy_hashing, sha256_bytes, sha256_file};
use std::path::{Path, PathBuf};

/// An archive folder and its catalog.
#[derive(Debug, Clone)]
pub struct Archive {
    pub root: PathBuf,
}

/// What `add` did.
#[derive(Debug, Clone)]
pub struct Added {
    pub record: ArchiveRecord,
    pub folder: PathBuf,
    pub outcome: Inserted,
    /// Stored files that were missing or altered and were copied again from the bulletin
    /// folder (an identical re-add repairs the archive copy).
    pub restored: Vec<String>,
}

/// A file of the bulletin folder to archive.
struct Source {
    role: &'static str,
    path: PathBuf,
    name: String,
}

impl Archive {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.root.join(CATALOG_FILE)
    }

    /// Opens the catalog, creating it when the archive is new.
    pub fn catalog(&self) -> Result<Catalog, ArchiveError> {
        Catalog::open(&self.catalog_path())
    }

    /// Opens the catalog, which must exist.
    pub fn existing_catalog(&self) -> Result<Catalog, ArchiveError> {
        Catalog::open_existing(&self.catalog_path())
    }

    /// The folder of an archived bulletin (`store_dir` as the catalog holds it).
    pub fn folder(&self, store_dir: &str) -> PathBuf {
        self.root.join(store_dir)
    }

    /// Archives the finished bulletin in `dir`. `aired_at` defaults to the slot's time in
    /// the schedule on the bulletin's date.
    pub fn add(
        &self,
        dir: &Path,
        aired_at: Option<&str>,
        schedule: &Schedule,
    ) -> Result<Added, ArchiveError> {
        if !dir.is_dir() {
            return Err(crate::bulletin::finished::FinishedError::NoFolder {
                dir: dir.to_path_buf(),
            }
            .into());
        }
        let rundown = Rundown::load(dir).map_err(crate::bulletin::finished::FinishedError::from)?;
        let rundown_path = dir.join(RUNDOWN_FILE);
        let date = checked_date(&rundown, &rundown_path)?;
        let stem = rundown.output_stem();
        let finished = FinishedBulletin::open(dir, &stem)?;
        let aired = match aired_at {
            Some(text) => parse_aired_at(text, date)?,
            None => {
                let slot = schedule
                    .slots
                    .iter()
                    .find(|s| s.id == rundown.bulletin.slot)
                    .and_then(|s| parse_hhmm(&s.time))
                    .ok_or_else(|| ArchiveError::UnscheduledSlot {
                        dir: dir.to_path_buf(),
                        slot: rundown.bulletin.slot.clone(),
                    })?;
                local_at(date, slot)
            }
        };
        let sources = sources(&finished, &rundown_path);
        let mut files = Vec::with_capacity(sources.len());
        for s in &sources {
            let (sha256, bytes) =
                sha256_file(&s.path).map_err(|e| ArchiveError::io("read", s.path.clone(), e))?;
            files.push(StoredFile {
                role: s.role.to_string(),
                name: s.name.clone(),
                sha256,
                bytes,
            });
        }
        let report = &finished.report;
        let record = ArchiveRecord {
            format: SIDECAR_FORMAT,
            id: stem.clone(),
            date: rundown.bulletin.date.clone(),
            slot: rundown.bulletin.slot.clone(),
            title: if report.title.trim().is_empty() {
                rundown.bulletin.title.clone()
            } else {
                report.title.clone()
            },
            station: if report.station.trim().is_empty() {
                rundown.bulletin.station.clone()
            } else {
                report.station.clone()
            },
            aired_at: rfc3339(&aired),
            archived_at: rfc3339(&jiff::ZonedDateTime::now()),
            software: format!("bantin {}", env!("CARGO_PKG_VERSION")),
            duration_s: finished.duration_s(),
            integrated_lufs: report.programme.integrated_lufs,
            true_peak_dbtp: report.programme.true_peak_dbtp,
            files,
            rundown,
            report: finished.report.clone(),
        };

        let mut catalog = self.catalog()?;
        let folder = self.folder(&record.store_dir());
        // Asking first spares the copying; the transaction asks again (another run may
        // have added it meanwhile).
        if let Ok(row) = catalog.bulletin(&record.id) {
            let outcome = catalog.insert(&record, "").map_err(|e| with_dir(e, dir))?;
            // Identical: the bulletin folder holds exactly the archived bytes, so any
            // stored copy that went missing or bad can be put back from it.
            let stored = self.folder(&row.store_dir);
            let mut restored = Vec::new();
            for (source, expected) in sources.iter().zip(&record.files) {
                let target = stored.join(&source.name);
                if sha256_file(&target).ok().map(|(sha, _)| sha) != Some(expected.sha256.clone()) {
                    std::fs::create_dir_all(&stored).map_err(|e| {
                        ArchiveError::io("create the archive folder", stored.clone(), e)
                    })?;
                    copy_in(&source.path, &target, expected)?;
                    restored.push(source.name.clone());
                }
            }
            return Ok(Added {
                record,
                folder: stored,
                outcome,
                restored,
            });
        }
        std::fs::create_dir_all(&folder)
            .map_err(|e| ArchiveError::io("create the archive folder", folder.clone(), e))?;
        remove_leftover_temporaries(&folder);
        for (i, (source, expected)) in sources.iter().zip(&record.files).enumerate() {
            copy_in(&source.path, &folder.join(&source.name), expected)?;
            if i == 0 {
                failpoint::hit("mid-copy");
            }
        }
        failpoint::hit("after-copy");
        let sidecar = record.to_json();
        write_bytes(
            &folder.join(SIDECAR_FILE),
            Overwrite::Replace,
            sidecar.as_bytes(),
        )?;
        failpoint::hit("after-sidecar");
        let outcome = catalog
            .insert(&record, &sha256_bytes(sidecar.as_bytes()))
            .map_err(|e| with_dir(e, dir))?;
        Ok(Added {
            record,
            folder,
            outcome,
            restored: Vec::new(),
        })
    }

    /// Reads an archived bulletin's sidecar.
    pub fn record(&self, id: &str) -> Result<(ArchiveRecord, PathBuf), ArchiveError> {
        let row = self.existing_catalog()?.bulletin(id)?;
        let folder = self.folder(&row.store_dir);
        Ok((ArchiveRecord::load(&folder.join(SIDECAR_FILE))?, folder))
    }

    /// Copies an archived bulletin's files (and its sidecar) into `dest`, checking each
    /// copy against the SHA-256 in the catalog. Existing files in `dest` are kept.
    pub fn export(&self, id: &str, dest: &Path) -> Result<Vec<PathBuf>, ArchiveError> {
        let catalog = self.existing_catalog()?;
        let row = catalog.bulletin(id)?;
        let folder = self.folder(&row.store_dir);
        let mut wanted: Vec<StoredFile> = catalog
            .files(id)?
            .into_iter()
            .map(|f| StoredFile {
                role: f.role,
                name: f.name,
                sha256: f.sha256,
                bytes: f.bytes,
            })
            .collect();
        wanted.push(StoredFile {
            role: "sidecar".into(),
            name: SIDECAR_FILE.into(),
            sha256: row.sidecar_sha256.clone(),
            bytes: 0,
        });
        // Refuse before copying anything, so an export is all or nothing.
        for f in &wanted {
            let target = dest.join(&f.name);
            if target.exists() {
                return Err(ArchiveError::ExportExists { path: target });
            }
        }
        let mut written = Vec::new();
        for f in &wanted {
            let target = dest.join(&f.name);
            copy_out(&folder.join(&f.name), &target, &f.sha256)?;
            written.push(target);
        }
        Ok(written)
    }
}

fn with_dir(err: ArchiveError, dir: &Path) -> ArchiveError {
    match err {
        ArchiveError::Different { id, what, .. } => ArchiveError::Different {
            id,
            what,
            dir: dir.to_path_buf(),
        },
        other => other,
    }
}

/// The rundown's date must be a real date: it names the archive folder.
fn checked_date(rundown: &Rundown, path: &Path) -> Result<jiff::civil::Date, ArchiveError> {
    let invalid = |message: String| {
        ArchiveError::Finished(
            RundownError::Invalid {
                path: path.to_path_buf(),
                message,
            }
            .into(),
        )
    };
    let date = rundown
        .bulletin
        .date
        .parse::<jiff::civil::Date>()
        .map_err(|_| {
            invalid(format!(
                "[bulletin] date = \"{}\" is not a date; write it as YYYY-MM-DD",
                rundown.bulletin.date
            ))
        })?;
    let slot = &rundown.bulletin.slot;
    if slot.is_empty()
        || !slot
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(format!(
            "[bulletin] slot = \"{slot}\" must be a slot id of letters, digits and dashes (e.g. \"sang\")"
        )));
    }
    Ok(date)
}

fn sources(finished: &FinishedBulletin, rundown_path: &Path) -> Vec<Source> {
    let stem = &finished.stem;
    let mut list = vec![
        Source {
            role: "audio",
            path: finished.wav.clone(),
            name: format!("{stem}.wav"),
        },
        Source {
            role: "report",
            path: finished.report_path.clone(),
            name: format!("{stem}.json"),
        },
    ];
    if let Some(html) = &finished.report_html {
        list.push(Source {
            role: "report-html",
            path: html.clone(),
            name: format!("{stem}.html"),
        });
    }
    list.push(Source {
        role: "rundown",
        path: rundown_path.to_path_buf(),
        name: RUNDOWN_FILE.into(),
    });
    for (role, name) in [
        ("script-html", "script.html"),
        ("script-text", "script.txt"),
    ] {
        let path = finished.dir.join(name);
        if path.is_file() {
            list.push(Source {
                role,
                path,
                name: name.into(),
            });
        }
    }
    list
}

/// Copies `src` to `dest` atomically unless `dest` already holds the expected bytes.
fn copy_in(src: &Path, dest: &Path, expected: &StoredFile) -> Result<(), ArchiveError> {
    if let Ok((sha, _)) = sha256_file(dest)
        && sha == expected.sha256
    {
        return Ok(()); // left by an earlier, interrupted run: adopt it
    }
    let mut reader = crate::regular_file::open(src)
        .map_err(|e| ArchiveError::io("read", src.to_path_buf(), e))?;
    let mut copied = String::new();
    write_atomically(dest, Overwrite::Replace, |w| {
        copy_hashing(&mut reader, w).map(|(sha, _)| copied = sha)
    })?;
    if copied != expected.sha256 {
        let _ = std::fs::remove_file(dest);
        return Err(ArchiveError::ChangedDuringCopy {
            path: src.to_path_buf(),
            expected: expected.sha256.clone(),
            found: copied,
        });
    }
    Ok(())
}

/// Copies a stored file out, refusing one whose bytes no longer match the catalog.
fn copy_out(src: &Path, dest: &Path, expected_sha: &str) -> Result<(), ArchiveError> {
    let mut reader = crate::regular_file::open(src).map_err(|e| ArchiveError::StoredFile {
        path: src.to_path_buf(),
        problem: format!("missing or unreadable ({e})"),
    })?;
    let mut copied = String::new();
    write_atomically(dest, Overwrite::Keep, |w| {
        copy_hashing(&mut reader, w).map(|(sha, _)| copied = sha)
    })?;
    if copied != expected_sha {
        let _ = std::fs::remove_file(dest);
        return Err(ArchiveError::StoredFile {
            path: src.to_path_buf(),
            problem: format!("altered (SHA-256 {copied}, the catalog has {expected_sha})"),
        });
    }
    Ok(())
}

/// Temporary files of a copy that was killed (`.name.XXXX.part`).
fn remove_leftover_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".part") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
