//! What an interrupted run leaves in a folder, dealt with by the next one: a set that was
//! committed but not wholly renamed is finished, and temporary files no living run
//! holds are removed. Only bantin's own names are touched (`.NAME.bantin-XXXXXX.part`
//! and `.NAME.bantin-set`), only in the folder given.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::set::{self, JOURNAL_SUFFIX};
use super::{AtomicWriteError, TEMP_MARK, TEMP_SUFFIX};

/// What [`tidy`] did.
#[derive(Debug, Default, PartialEq)]
pub struct Tidied {
    /// Sets an interrupted run had committed, now in place (their journals).
    pub finished: Vec<PathBuf>,
    /// Temporary files of runs that stopped, removed.
    pub removed: Vec<PathBuf>,
}

/// Finishes interrupted sets in `dir` and removes the temporary files that no living
/// bantin run holds. A folder that does not exist is already tidy. A set that cannot be
/// finished is an error (readers must not trust the folder); a leftover that cannot be
/// removed is left for next time.
pub fn tidy(dir: &Path) -> Result<Tidied, AtomicWriteError> {
    let mut tidied = Tidied::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(tidied);
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    let mut needed: Vec<String> = Vec::new();
    let mut unsettled = None;
    for journal in names.iter().filter(|n| n.ends_with(JOURNAL_SUFFIX)) {
        let path = dir.join(journal);
        match set::finish_interrupted(&path) {
            Ok(true) => tidied.finished.push(path),
            Ok(false) => {}
            Err(e) => {
                // Its files stay, for whoever can finish the set.
                needed.extend(set::needed_by(&path));
                unsettled.get_or_insert(e);
            }
        }
    }
    for name in names.iter().filter(|n| is_temp_name(n)) {
        if needed.contains(name) {
            continue;
        }
        let path = dir.join(name);
        if remove_if_abandoned(&path).unwrap_or(false) {
            tidied.removed.push(path);
        }
    }
    match unsettled {
        Some(e) => Err(e),
        None => Ok(tidied),
    }
}

/// Whether `name` is one of bantin's temporary file names.
pub(super) fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX) && name.contains(TEMP_MARK)
}

/// Removes `path` if no process holds its lock (its run has ended).
fn remove_if_abandoned(path: &Path) -> io::Result<bool> {
    let file = File::open(path)?;
    match file.try_lock() {
        Ok(()) => {
            fs::remove_file(path)?;
            Ok(true)
        }
        Err(fs::TryLockError::WouldBlock) => Ok(false),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}
