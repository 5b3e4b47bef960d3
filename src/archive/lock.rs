//! The archive's lock (`archive/.lock`): whatever writes into the archive folder — `add`,
//! `reindex`, `verify --repair` — holds it exclusively, so two writers never touch the
//! same bulletin's files, a cleanup never removes another run's temporary file, and a
//! reindex never swaps the catalog under an `add`. `verify` holds it shared, so it never
//! takes a run in progress for leftovers. Searching and listing take no lock: SQLite
//! serializes the catalog itself, and they must work where nothing can be written (a
//! backup disk, another account with read access).
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows): it is
//! released when the process ends, however it ends, so a killed run never leaves the
//! archive locked.

use super::ArchiveError;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File name of the lock inside the archive folder.
pub const LOCK_FILE: &str = ".lock";

/// How long a run waits for another one to finish with the archive.
const WAIT: Duration = Duration::from_secs(120);

/// Held for as long as the value lives.
#[derive(Debug)]
pub struct ArchiveLock {
    _file: File,
}

impl ArchiveLock {
    /// The exclusive lock of a writer; the archive folder must be writable.
    pub fn exclusive(root: &Path) -> Result<Self, ArchiveError> {
        std::fs::create_dir_all(root).map_err(|e| cannot_write(root, e))?;
        let path = root.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| cannot_write(root, e))?;
        wait_for(&path, || file.try_lock())?;
        Ok(Self { _file: file })
    }

    /// A reader's shared lock, when the archive has a lock file this account can open;
    /// `None` when it has none (nothing has ever written it, or it is read-only and no
    /// one can write it now).
    pub fn shared(root: &Path) -> Result<Option<Self>, ArchiveError> {
        let path = root.join(LOCK_FILE);
        let Ok(file) = File::open(&path) else {
            return Ok(None);
        };
        wait_for(&path, || file.try_lock_shared())?;
        Ok(Some(Self { _file: file }))
    }
}

fn wait_for(
    path: &Path,
    mut try_lock: impl FnMut() -> Result<(), TryLockError>,
) -> Result<(), ArchiveError> {
    let started = Instant::now();
    loop {
        match try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if started.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(ArchiveError::Busy {
                    path: path.to_path_buf(),
                    waited_s: WAIT.as_secs(),
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(ArchiveError::io("lock", path.to_path_buf(), e));
            }
        }
    }
}

fn cannot_write(root: &Path, source: std::io::Error) -> ArchiveError {
    ArchiveError::ReadOnly {
        root: PathBuf::from(root),
        source,
    }
}
