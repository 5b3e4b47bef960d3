//! The archive of aired bulletins: files with their hashes, and a SQLite catalog with
//! full-text search over what was read.
//!
//! Layout of the store (default `archive/` beside `bantin.toml`):
//! ```text
//! archive/
//!   catalog.sqlite               the catalog (rebuildable from the sidecars: `archive reindex`)
//!   2026/11/2026-11-27-sang/     one folder per aired bulletin
//!     2026-11-27-sang.wav        the aired file, its report (.json, .html)
//!     rundown.toml, script.html, script.txt
//!     record.json                the sidecar: every bit of metadata and every file's SHA-256,
//!                                written last, so its presence means the files are complete
//! ```

pub mod catalog;
pub(crate) mod failpoint;
pub(crate) mod fold;
pub(crate) mod reindex;
pub mod schema;
pub(crate) mod search;
pub mod sidecar;
pub(crate) mod store;
pub(crate) mod verify;

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
        "there is no archive catalog at {path}; archive a bulletin with `bantin archive add`, or rebuild it with `bantin archive reindex`"
    )]
    NoCatalog { path: PathBuf },
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
    #[error("{path} already exists; it was kept. Export into an empty folder")]
    ExportExists { path: PathBuf },
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
