//! The archive of aired bulletins: files with their hashes, and a SQLite catalog with
//! full-text search over what was read.
//!
//! Layout of the store (default `archive/` beside `bantin.toml`):
//! ```text
//! archive/
//!   catalog.sqlite               the catalog (rebuildable from the sidecars: `archive reindex`)
//!   .lock                        held by whatever writes here (lock.rs)
//!   2026/11/2026-11-27-sang/     one folder per aired bulletin
//!     2026-11-27-sang.wav        the aired file, its report (.json, .html)
//!     rundown.toml, script.html, script.txt
//!     record.json                the sidecar: every bit of metadata and every file's SHA-256,
//!                                written last, so its presence means the files are complete
//! ```

pub mod catalog;
pub(crate) mod fold;
pub(crate) mod lock;
pub mod orphans;
pub(crate) mod reindex;
pub mod schema;
pub(crate) mod search;
pub mod sidecar;
pub mod store;
pub mod verify;

#[cfg(test)]
mod interrupt_tests;
#[cfg(test)]
mod round_trip_tests;
#[cfg(test)]
mod test_fixture;

use std::path::PathBuf;

/// File name of the catalog inside the archive folder.
pub const CATALOG_FILE: &str = "catalog.sqlite";

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Finished(#[from] crate::bulletin::finished::FinishedError),
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] crate::atomic::AtomicWriteError),
    #[error(
        "the archive catalog {path}: {source}\nIf the catalog is damaged, run `bantin archive reindex` to rebuild it from the sidecar files"
    )]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "the archive catalog {path} has schema version {found}, newer than this bantin knows ({known}); use a newer bantin"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "the archive catalog {path} has schema version {found}, older than this bantin's ({known}), and cannot be upgraded where it cannot be written; run `bantin archive verify --repair` once where the archive can be written"
    )]
    OlderSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "nothing is archived in {root}: its catalog {path} {problem} and no archived bulletin is stored there. Archive one with `bantin archive add BULLETIN_DIR`, or give the archive folder with --archive DIR (or [paths] archive in bantin.toml)"
    )]
    NoCatalog {
        root: PathBuf,
        path: PathBuf,
        problem: &'static str,
    },
    #[error(
        "the archive catalog {path} {problem}, but {stored} archived bulletin(s) are stored in {root}: nothing is lost. Rebuild the catalog from their records with `bantin archive reindex`"
    )]
    CatalogLost {
        root: PathBuf,
        path: PathBuf,
        problem: &'static str,
        stored: usize,
    },
    #[error(
        "the archive catalog {path} has changes in its -wal file that cannot be applied where this account cannot write; run any `bantin archive` command once where the archive can be written, or copy the archive folder somewhere writable"
    )]
    WalNotReadable { path: PathBuf },
    #[error(
        "the archive catalog {path} holds an unfinished change of an interrupted run, which only an account that can write the archive can undo; run `bantin archive verify` once where the archive can be written"
    )]
    Unfinished { path: PathBuf },
    #[error(
        "the archive folder {root} cannot be written ({source}); it can be searched, listed, shown, verified and exported, but nothing can be added or repaired there"
    )]
    ReadOnly {
        root: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another bantin has been writing the archive for {waited_s} s (it holds {path}); try again when it has finished"
    )]
    Busy { path: PathBuf, waited_s: u64 },
    #[error(
        "{id}: the air time {aired} is in the future (the station's clock says {now}). Archive a bulletin after it aired: check --aired-at and the rundown's date; if this PC's clock is wrong, add --force"
    )]
    FutureAirTime {
        id: String,
        aired: String,
        now: String,
    },
    #[error("{stop}: {what}")]
    Interrupted {
        stop: crate::interrupt::Interrupted,
        what: String,
    },
    #[error("{id} cannot be archived: its record would not read back the same ({message})")]
    Unrepresentable { id: String, message: String },
    #[error(
        "{id} is already in the archive with different content ({what}); it was kept as it is. An aired bulletin is archived once: check that {dir} is the bulletin that aired"
    )]
    Different {
        id: String,
        what: String,
        dir: PathBuf,
    },
    #[error(
        "no archived bulletin has the id \"{id}\"; `bantin archive list` shows the ids (they look like 2026-11-27-sang)"
    )]
    UnknownId { id: String },
    #[error(
        "{path}: the sidecar record cannot be read: {message}\nRestore it from a backup (or archive the bulletin again from its folder)"
    )]
    Sidecar { path: PathBuf, message: String },
    #[error(
        "{path} changed while it was being archived (SHA-256 {expected} before, {found} after copying); archive it again when nothing is writing to it"
    )]
    ChangedDuringCopy {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error(
        "{path}: the stored file is {problem}; the archive copy cannot be trusted — run `bantin archive verify`"
    )]
    StoredFile { path: PathBuf, problem: String },
    #[error(transparent)]
    Time(#[from] crate::bulletin::air_time::TimeError),
    #[error(
        "{dir}: slot \"{slot}\" is not in the station schedule, so its air time is unknown; give it with --aired-at (e.g. --aired-at 05:31)"
    )]
    UnscheduledSlot { dir: PathBuf, slot: String },
    #[error(
        "{dir} already holds {names}; nothing was exported. Use --force to replace them, or export into an empty folder"
    )]
    ExportExists { dir: PathBuf, names: String },
    #[error(
        "{path} is a folder, where the export would put the file {name}; nothing was exported. Export into another folder"
    )]
    ExportBlocked { path: PathBuf, name: String },
}

impl ArchiveError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
