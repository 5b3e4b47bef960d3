//! Files that belong together replaced together: a broadcast WAV, its JSON report and
//! its report page must never be seen as a new WAV beside an old report.
//!
//! Each file of the set is first written completely under its temporary name and
//! fsynced ([`StagedFile`]). Then a journal, `.NAME.bantin-set` (NAME being the set's
//! first file), records which temporary file becomes which file; once the journal is on
//! disk the set is committed: the files are renamed into place in order and the journal
//! removed. A run killed before the journal leaves the old set (its temporary files are
//! tidied later); a run killed after it leaves a journal that the next bantin command in
//! the folder reads to finish the renames ([`super::tidy`]). The committing run holds a
//! lock on the journal, so a reader that meets it waits the few milliseconds the renames
//! take instead of finishing them twice.
//!
//! The first file is renamed first: in a bulletin set it is the WAV, the one file a
//! playout system may hold open — and on Windows a file open elsewhere cannot be
//! replaced. When that rename fails nothing has changed yet, and the run says so.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AtomicFile, AtomicWriteError, Overwrite, StagedFile, sync_dir};

/// Suffix of a set's journal.
pub(super) const JOURNAL_SUFFIX: &str = ".bantin-set";

/// What a journal holds: file names in the set's folder, in commit order.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    pub renames: Vec<Rename>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Rename {
    /// The temporary file's name.
    pub from: String,
    /// The destination's name.
    pub to: String,
}

/// The journal's path for a set whose first file is `first`.
pub(super) fn journal_path(first: &Path) -> PathBuf {
    let name = first
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    super::folder_of(first).join(format!(".{name}{JOURNAL_SUFFIX}"))
}

/// Puts every file of `files` in place, or none of them (see the module doc). All must
/// be in one folder. A destination with [`Overwrite::Keep`] that exists is refused
/// before anything is renamed.
pub fn commit_set(files: Vec<StagedFile>) -> Result<(), AtomicWriteError> {
    let Some(first) = files.first() else {
        return Ok(());
    };
    let dir = first.dir.clone();
    let journal_at = journal_path(&first.path);
    for f in &files {
        assert_eq!(f.dir, dir, "a set's files share one folder");
        if f.overwrite == Overwrite::Keep && f.path.exists() {
            return Err(AtomicWriteError::Exists {
                path: f.path.clone(),
            });
        }
    }
    let journal = Journal {
        renames: files
            .iter()
            .map(|f| Rename {
                from: file_name(&f.temp),
                to: file_name(&f.path),
            })
            .collect(),
    };
    let text = serde_json::to_vec_pretty(&journal).map_err(|e| AtomicWriteError::Io {
        path: journal_at.clone(),
        source: e.into(),
    })?;
    // The journal is itself written atomically; its lock stays held (the file stays open)
    // until the set is in place. `create` finishes any older set of the same name first.
    let mut file = AtomicFile::create(&journal_at, Overwrite::Keep)?;
    file.write_all(&text)
        .map_err(|source| AtomicWriteError::Io {
            path: journal_at.clone(),
            source,
        })?;
    let staged = file.stage()?;
    let lock = staged
        .file
        .try_clone()
        .map_err(|source| AtomicWriteError::Io {
            path: journal_at.clone(),
            source,
        })?;
    staged.commit()?;
    crate::failpoint::hit("set-journal");
    // From here on the new set is committed.
    let mut done: Option<PathBuf> = None;
    let mut files = files.into_iter();
    while let Some(f) = files.next() {
        let path = f.path.clone();
        if let Err((e, temp)) = f.rename_into_place() {
            let Some(done) = done else {
                // Nothing was renamed: drop the journal, the old set stands.
                let _ = fs::remove_file(&journal_at);
                sync_dir(&dir);
                drop(lock);
                return Err(e);
            };
            // Leave this one and the rest staged for the next command to finish.
            let _ = temp.keep();
            for rest in files {
                let _ = rest.temp.keep();
            }
            drop(lock);
            let source = match e {
                AtomicWriteError::Io { source, .. } => source,
                other => io::Error::other(other.to_string()),
            };
            return Err(AtomicWriteError::PartlyCommitted {
                done,
                path,
                dir,
                source,
            });
        }
        done = Some(path);
        crate::failpoint::hit("set-first-renamed");
    }
    sync_dir(&dir);
    fs::remove_file(&journal_at).map_err(|source| AtomicWriteError::Io {
        path: journal_at.clone(),
        source,
    })?;
    sync_dir(&dir);
    drop(lock);
    Ok(())
}

/// Finishes the set of the journal at `path`, left by a run that stopped after
/// committing it; waits for a run that is committing it now. Returns whether a
/// set was finished here.
pub(super) fn finish_interrupted(path: &Path) -> Result<bool, AtomicWriteError> {
    let unsettled = |reason: String| AtomicWriteError::Unsettled {
        journal: path.to_path_buf(),
        reason,
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(unsettled(e.to_string())),
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            // Its run is renaming right now: wait for it to finish.
            file.lock().map_err(|e| unsettled(e.to_string()))?;
            if !super::still_named(&file, path).map_err(|e| unsettled(e.to_string()))? {
                return Ok(false);
            }
        }
        Err(fs::TryLockError::Error(e)) => return Err(unsettled(e.to_string())),
    }
    if !super::still_named(&file, path).map_err(|e| unsettled(e.to_string()))? {
        return Ok(false);
    }
    let journal: Journal = serde_json::from_reader(io::BufReader::new(&file))
        .map_err(|e| unsettled(format!("it is not a journal bantin wrote ({e})")))?;
    let dir = super::folder_of(path);
    for r in &journal.renames {
        let plain = |n: &str| Path::new(n).file_name().is_some_and(|f| f == n);
        if !plain(&r.from) || !plain(&r.to) {
            return Err(unsettled(format!(
                "it names {} → {}, not files of this folder",
                r.from, r.to
            )));
        }
        let from = dir.join(&r.from);
        match fs::rename(&from, dir.join(&r.to)) {
            Ok(()) => {}
            // Renamed before the run stopped.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(unsettled(format!("cannot rename {}: {e}", r.from))),
        }
    }
    sync_dir(&dir);
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(unsettled(e.to_string())),
    }
    sync_dir(&dir);
    Ok(true)
}

/// Names of the temporary files a journal at `path` still needs (empty when it cannot
/// be read): tidying keeps them.
pub(super) fn needed_by(path: &Path) -> Vec<String> {
    fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Journal>(&b).ok())
        .map(|j| j.renames.into_iter().map(|r| r.from).collect())
        .unwrap_or_default()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
