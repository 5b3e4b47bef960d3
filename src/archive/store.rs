//! The archive store: copying a finished bulletin in (`archive add`) and out
//! (`archive export`).
//!
//! `add` holds the archive's lock (`lock.rs`) from the catalog lookup to the commit, so
//! runs of the same bulletin at once wait for each other: the first archives it, the
//! others find it archived. Its order, so that a run stopped at any point leaves the
//! whole record or none:
//! 1. the record is built and read back from its JSON before anything is written: the
//!    catalog is filled from what the sidecar says, so `reindex` (which reads only the
//!    sidecars) rebuilds exactly the same rows;
//! 2. leftovers of an earlier run of this bulletin that did not finish are removed, then
//!    every file is copied to a temporary name, fsynced and renamed into the bulletin's
//!    archive folder (a file already there with the right SHA-256 is adopted);
//! 3. the sidecar `record.json` is written the same way, last;
//! 4. the catalog rows go in with one transaction.
//!
//! A run that fails or is interrupted (its interrupt flag set, see
//! [`Archive::with_interrupt`]) removes what it had copied before it returns; temporary
//! files are owned by guards that remove them. A run killed outright (SIGKILL, a power
//! cut) cannot: `verify` lists what it left, and the next `add` of the bulletin or
//! `verify --repair` removes it.

use super::catalog::{Catalog, Inserted};
use super::lock::ArchiveLock;
use super::sidecar::{ArchiveRecord, SIDECAR_FILE, SIDECAR_FORMAT, StoredFile};
use super::verify::find_sidecars;
use super::{ArchiveError, CATALOG_FILE};
use crate::atomic::{AtomicFile, AtomicWriteError, Overwrite, write_atomically, write_bytes};
use crate::bulletin::air_time::{local_at, now, parse_aired_at, rfc3339};
use crate::bulletin::finished::FinishedBulletin;
use crate::bulletin::rundown::{RUNDOWN_FILE, Rundown, RundownError};
use crate::config::Schedule;
use crate::digest::{copy_hashing, sha256_bytes, sha256_file};
use crate::failpoint;
use crate::interrupt::Interrupt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How far in the future an air time may lie before `add` takes it for a mistake: the
/// PC's clock and the playout's may differ by a few minutes.
const CLOCK_SKEW_S: i64 = 5 * 60;

/// An archive folder and its catalog.
#[derive(Debug, Clone)]
pub struct Archive {
    pub root: PathBuf,
    /// Set by Ctrl-C or SIGTERM (`Interrupt::on_signals`): a run stops and removes what
    /// it had written.
    interrupt: Interrupt,
}

/// What `add` is asked.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddRequest<'a> {
    /// When it aired, as typed (`--aired-at`); default the slot's time in the schedule.
    pub aired_at: Option<&'a str>,
    /// Archive even when the air time lies in the future (a PC whose clock is wrong).
    pub force: bool,
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
    /// Files an earlier run of this bulletin left unfinished, removed by this one.
    pub cleaned: Vec<PathBuf>,
}

/// A file of the bulletin folder to archive.
struct Source {
    role: &'static str,
    path: PathBuf,
    name: String,
}

impl Archive {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            interrupt: Interrupt::never(),
        }
    }

    /// Runs that see `interrupt` set stop at the next file or block of a copy, remove
    /// what they had written, and fail with [`ArchiveError::Interrupted`].
    pub fn with_interrupt(mut self, interrupt: Interrupt) -> Self {
        self.interrupt = interrupt;
        self
    }

    pub fn catalog_path(&self) -> PathBuf {
        self.root.join(CATALOG_FILE)
    }

    /// Opens the catalog to write, creating it when the archive is new. A missing or
    /// empty catalog beside stored bulletins (other than those in `own_folder`, which
    /// this run is writing) is refused: a new catalog would hide them.
    pub(crate) fn catalog_for_writing(
        &self,
        own_folder: Option<&Path>,
    ) -> Result<Catalog, ArchiveError> {
        let path = self.catalog_path();
        let problem = missing_or_empty(&path);
        if let Some(problem) = problem {
            self.refuse_if_stored(&path, problem, own_folder)?;
        }
        let catalog = Catalog::open(&path)?;
        if problem.is_none() && catalog.count()? == 0 {
            self.refuse_if_stored(&path, "holds no bulletins", own_folder)?;
        }
        Ok(catalog)
    }

    /// Opens the catalog read-only (it works where nothing can be written). An archive
    /// whose catalog is missing or empty is told apart from one where nothing was
    /// archived: stored bulletins are counted and `reindex` is named.
    pub fn existing_catalog(&self) -> Result<Catalog, ArchiveError> {
        let path = self.catalog_path();
        if let Some(problem) = missing_or_empty(&path) {
            return Err(self.lost_or_nothing(&path, problem, None));
        }
        let catalog = match Catalog::open_read_only(&path) {
            Err(ArchiveError::OlderSchema { found: 0, .. }) => {
                return Err(self.lost_or_nothing(&path, "holds no tables", None));
            }
            other => other?,
        };
        if catalog.count()? == 0 {
            self.refuse_if_stored(&path, "holds no bulletins", None)?;
        }
        Ok(catalog)
    }

    fn refuse_if_stored(
        &self,
        path: &Path,
        problem: &'static str,
        own_folder: Option<&Path>,
    ) -> Result<(), ArchiveError> {
        match self.lost_or_nothing(path, problem, own_folder) {
            e @ ArchiveError::CatalogLost { .. } => Err(e),
            _ => Ok(()),
        }
    }

    fn lost_or_nothing(
        &self,
        path: &Path,
        problem: &'static str,
        own_folder: Option<&Path>,
    ) -> ArchiveError {
        let stored = find_sidecars(&self.root)
            .iter()
            .filter(|s| s.parent() != own_folder)
            .count();
        if stored > 0 {
            ArchiveError::CatalogLost {
                root: self.root.clone(),
                path: path.to_path_buf(),
                problem,
                stored,
            }
        } else {
            ArchiveError::NoCatalog {
                root: self.root.clone(),
                path: path.to_path_buf(),
                problem,
            }
        }
    }

    /// The folder of an archived bulletin (`store_dir` as the catalog holds it).
    pub fn folder(&self, store_dir: &str) -> PathBuf {
        self.root.join(store_dir)
    }

    /// `Err(Interrupted)` once a stop was asked for; `what` says what was not done.
    pub(crate) fn check_interrupt(
        &self,
        what: impl FnOnce() -> String,
    ) -> Result<(), ArchiveError> {
        self.interrupt
            .check()
            .map_err(|stop| ArchiveError::Interrupted { stop, what: what() })
    }

    /// Archives the finished bulletin in `dir`. Air times are in the station's time zone
    /// `tz`; the default is the slot's time in `schedule` on the bulletin's date.
    pub fn add(
        &self,
        dir: &Path,
        request: &AddRequest<'_>,
        schedule: &Schedule,
        tz: &jiff::tz::TimeZone,
    ) -> Result<Added, ArchiveError> {
        if !dir.is_dir() {
            return Err(crate::bulletin::finished::FinishedError::NoFolder {
                dir: dir.to_path_buf(),
            }
            .into());
        }
        let rundown = Rundown::load(dir).map_err(crate::bulletin::finished::FinishedError::from)?;
        let rundown_path = dir.join(RUNDOWN_FILE);
        // Checked when the rundown was read; a rundown always has a real date here.
        let date = rundown.air_date().map_err(|message| {
            crate::bulletin::finished::FinishedError::from(RundownError::Invalid {
                path: rundown_path.clone(),
                message,
            })
        })?;
        let stem = rundown.output_stem();
        let finished = FinishedBulletin::open(dir, &stem)?;
        let aired = match request.aired_at {
            Some(text) => parse_aired_at(text, date, tz)?,
            None => {
                let slot = schedule
                    .air_minutes(&rundown.bulletin.slot)
                    .ok_or_else(|| ArchiveError::UnscheduledSlot {
                        dir: dir.to_path_buf(),
                        slot: rundown.bulletin.slot.clone(),
                    })?;
                local_at(date, slot, tz)
            }
        };
        let now = now(tz);
        if !request.force
            && aired.timestamp().as_second() > now.timestamp().as_second() + CLOCK_SKEW_S
        {
            return Err(ArchiveError::FutureAirTime {
                id: stem,
                aired: rfc3339(&aired),
                now: rfc3339(&now),
            });
        }
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
            archived_at: rfc3339(&now),
            software: format!("bantin {}", env!("CARGO_PKG_VERSION")),
            duration_s: finished.duration_s(),
            integrated_lufs: report.programme.integrated_lufs,
            true_peak_dbtp: report.programme.true_peak_dbtp,
            files,
            rundown,
            report: finished.report.clone(),
        };
        let (record, sidecar) = as_stored(&record)?;

        let _lock = ArchiveLock::exclusive(&self.root)?;
        let folder = self.folder(&record.store_dir());
        let mut catalog = self.catalog_for_writing(Some(&folder))?;
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
                    self.copy_in(&source.path, &target, expected, &record.id)?;
                    restored.push(source.name.clone());
                }
            }
            if restore_sidecar(&stored, &record, &row)? {
                restored.push(SIDECAR_FILE.into());
            }
            return Ok(Added {
                record,
                folder: stored,
                outcome,
                restored,
                cleaned: Vec::new(),
            });
        }

        std::fs::create_dir_all(&folder)
            .map_err(|e| ArchiveError::io("create the archive folder", folder.clone(), e))?;
        let mut unfinished = Unfinished::new(&folder);
        let cleaned = remove_strays(&folder, &record)?;
        for (i, (source, expected)) in sources.iter().zip(&record.files).enumerate() {
            if i == 1 {
                let path = folder.join(&source.name);
                failpoint::disk_full().map_err(|source| AtomicWriteError::Io { path, source })?;
            }
            self.copy_in(
                &source.path,
                &folder.join(&source.name),
                expected,
                &record.id,
            )?;
            if i == 0 {
                failpoint::hit("mid-copy");
            }
        }
        failpoint::hit("after-copy");
        self.check_interrupt(|| not_archived(&record.id))?;
        write_bytes(
            &folder.join(SIDECAR_FILE),
            Overwrite::Replace,
            sidecar.as_bytes(),
        )?;
        failpoint::hit("after-sidecar");
        let outcome = catalog
            .insert(&record, &sha256_bytes(sidecar.as_bytes()))
            .map_err(|e| with_dir(e, dir))?;
        unfinished.done();
        Ok(Added {
            record,
            folder,
            outcome,
            restored: Vec::new(),
            cleaned,
        })
    }

    /// Reads an archived bulletin's sidecar.
    pub fn record(&self, id: &str) -> Result<(ArchiveRecord, PathBuf), ArchiveError> {
        let row = self.existing_catalog()?.bulletin(id)?;
        let folder = self.folder(&row.store_dir);
        Ok((ArchiveRecord::load(&folder.join(SIDECAR_FILE))?, folder))
    }

    /// Copies an archived bulletin's files (and its sidecar) into `dest`, checking each
    /// copy against the SHA-256 in the catalog. All or nothing: the whole target is
    /// checked first (a file, a dangling link or a folder in the way), every copy is
    /// made and checked under a temporary name, and only then are they renamed into
    /// place. Files already in `dest` are kept unless `force`.
    pub fn export(&self, id: &str, dest: &Path, force: bool) -> Result<Vec<PathBuf>, ArchiveError> {
        let catalog = self.existing_catalog()?;
        let row = catalog.bulletin(id)?;
        let folder = self.folder(&row.store_dir);
        let mut wanted: Vec<(String, String)> = catalog
            .files(id)?
            .into_iter()
            .map(|f| (f.name, f.sha256))
            .collect();
        wanted.push((SIDECAR_FILE.into(), row.sidecar_sha256.clone()));

        let mut in_the_way = Vec::new();
        for (name, _) in &wanted {
            let target = dest.join(name);
            // Not `exists()`: a dangling link named like the file is in the way too.
            match std::fs::symlink_metadata(&target) {
                Ok(m) if m.is_dir() => {
                    return Err(ArchiveError::ExportBlocked {
                        path: target,
                        name: name.clone(),
                    });
                }
                Ok(_) => in_the_way.push(name.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(ArchiveError::io("check", target, e)),
            }
        }
        if !in_the_way.is_empty() && !force {
            return Err(ArchiveError::ExportExists {
                dir: dest.to_path_buf(),
                names: in_the_way.join(", "),
            });
        }
        let made_dest = !dest.exists();
        std::fs::create_dir_all(dest)
            .map_err(|e| ArchiveError::io("create the export folder", dest.to_path_buf(), e))?;
        let result = self.export_into(id, &folder, dest, &wanted, force);
        if result.is_err() && made_dest {
            let _ = std::fs::remove_dir(dest);
        }
        result
    }

    fn export_into(
        &self,
        id: &str,
        folder: &Path,
        dest: &Path,
        wanted: &[(String, String)],
        force: bool,
    ) -> Result<Vec<PathBuf>, ArchiveError> {
        let overwrite = if force {
            Overwrite::Replace
        } else {
            Overwrite::Keep
        };
        // Every copy under its temporary name first; dropped, they leave nothing.
        let mut staged = Vec::with_capacity(wanted.len());
        for (name, sha) in wanted {
            let src = folder.join(name);
            let mut reader =
                crate::regular_file::open(&src).map_err(|e| ArchiveError::StoredFile {
                    path: src.clone(),
                    problem: format!("missing or unreadable ({e})"),
                })?;
            let target = dest.join(name);
            let mut file = AtomicFile::create(&target, overwrite)?;
            let (copied, _) = copy_hashing(&mut self.reader(&mut reader), &mut file)
                .map_err(|e| self.stopped_or(e, &target, || format!("{id} was not exported")))?;
            if &copied != sha {
                return Err(ArchiveError::StoredFile {
                    path: src,
                    problem: format!("altered (SHA-256 {copied}, the catalog has {sha})"),
                });
            }
            staged.push((target, file));
        }
        let mut written = Vec::with_capacity(staged.len());
        let mut made = Vec::new();
        for (target, file) in staged {
            let new = std::fs::symlink_metadata(&target).is_err();
            if let Err(e) = file.commit() {
                // Something appeared meanwhile: take back the files this export made.
                for path in &made {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e.into());
            }
            if new {
                made.push(target.clone());
            }
            written.push(target);
        }
        Ok(written)
    }

    /// `reader` wrapped so that a copy stops when the run is interrupted.
    fn reader<'r, R: Read>(&'r self, reader: &'r mut R) -> Interruptible<'r, R> {
        Interruptible {
            inner: reader,
            interrupt: &self.interrupt,
        }
    }

    /// The error of a copy that failed: [`ArchiveError::Interrupted`] when it was asked
    /// to stop.
    fn stopped_or(
        &self,
        e: std::io::Error,
        target: &Path,
        what: impl FnOnce() -> String,
    ) -> ArchiveError {
        match self.check_interrupt(what) {
            Err(stopped) => stopped,
            Ok(()) => AtomicWriteError::Io {
                path: target.to_path_buf(),
                source: e,
            }
            .into(),
        }
    }

    /// Copies `src` to `dest` atomically unless `dest` already holds the expected bytes.
    fn copy_in(
        &self,
        src: &Path,
        dest: &Path,
        expected: &StoredFile,
        id: &str,
    ) -> Result<(), ArchiveError> {
        self.check_interrupt(|| not_archived(id))?;
        if let Ok((sha, _)) = sha256_file(dest)
            && sha == expected.sha256
        {
            return Ok(()); // left by an earlier, interrupted run: adopt it
        }
        let mut reader = crate::regular_file::open(src)
            .map_err(|e| ArchiveError::io("read", src.to_path_buf(), e))?;
        let mut copied = String::new();
        let result = write_atomically(dest, Overwrite::Replace, |w| {
            copy_hashing(&mut self.reader(&mut reader), w).map(|(sha, _)| copied = sha)
        });
        if let Err(e) = result {
            self.check_interrupt(|| not_archived(id))?;
            return Err(e.into());
        }
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
}

/// The record as the sidecar holds it, with the sidecar's text. The catalog is filled
/// from what the sidecar says, so that `reindex` rebuilds the same rows; a record that
/// would not read back the same (a value JSON cannot hold) is refused before anything
/// is written.
pub(crate) fn as_stored(record: &ArchiveRecord) -> Result<(ArchiveRecord, String), ArchiveError> {
    let sidecar = record.to_json();
    let unrepresentable = |message: String| ArchiveError::Unrepresentable {
        id: record.id.clone(),
        message,
    };
    let read_back = ArchiveRecord::from_json(&sidecar).map_err(unrepresentable)?;
    if read_back != *record {
        return Err(unrepresentable(
            "a value changes when written to record.json".into(),
        ));
    }
    Ok((read_back, sidecar))
}

/// Puts back a catalogued bulletin's sidecar that went missing or bad, when it can be
/// written again byte for byte: it is the record this `add` made with the time it was
/// first archived (and the same bantin version). Returns whether it wrote it.
fn restore_sidecar(
    folder: &Path,
    record: &ArchiveRecord,
    row: &super::catalog::BulletinRow,
) -> Result<bool, ArchiveError> {
    let path = folder.join(SIDECAR_FILE);
    if sha256_file(&path).is_ok_and(|(sha, _)| sha == row.sidecar_sha256) {
        return Ok(false);
    }
    let original = ArchiveRecord {
        archived_at: row.archived_at.clone(),
        ..record.clone()
    };
    let text = original.to_json();
    if sha256_bytes(text.as_bytes()) != row.sidecar_sha256 {
        return Ok(false); // made by another bantin: only a backup has it
    }
    write_bytes(&path, Overwrite::Replace, text.as_bytes())?;
    Ok(true)
}

/// "is missing" or "is empty (0 bytes)" when the catalog file is either.
fn missing_or_empty(path: &Path) -> Option<&'static str> {
    match std::fs::metadata(path) {
        Err(_) => Some("is missing"),
        Ok(m) if m.len() == 0 => Some("is empty (0 bytes)"),
        Ok(_) => None,
    }
}

/// Removes what an earlier run of this bulletin that did not finish left in its folder:
/// temporary files, and stored files the record about to be written does not hold.
/// Files it does hold are kept (and adopted when their bytes are right).
fn remove_strays(folder: &Path, record: &ArchiveRecord) -> Result<Vec<PathBuf>, ArchiveError> {
    let keep: Vec<&str> = record
        .files
        .iter()
        .map(|f| f.name.as_str())
        .chain(std::iter::once(SIDECAR_FILE))
        .collect();
    let mut removed = Vec::new();
    let entries =
        std::fs::read_dir(folder).map_err(|e| ArchiveError::io("read", folder.to_path_buf(), e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stray = super::orphans::is_temporary(&name) || !keep.contains(&name.as_str());
        if stray && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())
                .map_err(|e| ArchiveError::io("remove", entry.path(), e))?;
            removed.push(entry.path());
        }
    }
    Ok(removed)
}

/// A bulletin's archive folder while `add` fills it: dropped before [`Unfinished::done`]
/// (an error, an interruption, a full disk), it removes the files in the folder and the
/// folder itself, so no half record stays behind. The folder holds no catalogued record
/// (that was checked under the lock), so nothing in it is anyone else's.
struct Unfinished {
    folder: PathBuf,
    done: bool,
}

impl Unfinished {
    fn new(folder: &Path) -> Self {
        Self {
            folder: folder.to_path_buf(),
            done: false,
        }
    }

    fn done(&mut self) {
        self.done = true;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Ok(entries) = std::fs::read_dir(&self.folder) {
            for entry in entries.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_file()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let _ = std::fs::remove_dir(&self.folder);
    }
}

fn not_archived(id: &str) -> String {
    format!("{id} was not archived, and what this run had copied was removed")
}

/// A reader that fails once a stop was asked for, so a long copy stops between blocks.
struct Interruptible<'r, R> {
    inner: &'r mut R,
    interrupt: &'r Interrupt,
}

impl<R: Read> Read for Interruptible<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Err(stop) = self.interrupt.check() {
            // Not ErrorKind::Interrupted: readers retry that.
            return Err(std::io::Error::other(stop));
        }
        self.inner.read(buf)
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
