//! Atomic file output: every file bantin hands to a playout system or keeps in the
//! archive is written to a temporary file in the same folder, flushed to disk, then
//! renamed over the destination. A folder watcher never sees half a file, and a run
//! that fails half-way leaves the previous good file untouched.
//!
//! - Files that belong together (a broadcast WAV, its report and its page) are replaced
//!   together by [`commit_set`]: either the whole old set or the whole new set.
//! - Temporary files are named `.NAME.bantin-XXXXXX.part` (hidden, and an extension no
//!   playout watcher takes) and locked while their writer lives, so a later run can tell
//!   the ones a killed run left behind and remove them ([`tidy`]); every writer tidies
//!   the folder it writes before it starts.
//! - Files get the permissions the umask allows, like any program's (0644 under umask
//!   022), so the playout account and colleagues can read them; [`Access::Private`] keeps
//!   a secret to its owner.

mod set;
mod tidy;

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub use set::commit_set;
pub use tidy::{Tidied, tidy};

/// Marks bantin's own temporary files, so tidying never touches anyone else's.
const TEMP_MARK: &str = ".bantin-";
const TEMP_SUFFIX: &str = ".part";

/// What to do when the destination already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace an existing file (the `--force` flag, or files bantin owns such as reports).
    Replace,
    /// Refuse: an existing file is kept and the write fails with [`AtomicWriteError::Exists`].
    Keep,
}

/// Who may read a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// What the umask allows (0644 under umask 022, 0640 under 027): bulletins, playlists,
    /// reports and the archive are read by other accounts (playout, colleagues).
    Shared,
    /// The owner only (0600): secrets such as the web app's accounts.
    Private,
}

#[derive(Debug, thiserror::Error)]
pub enum AtomicWriteError {
    #[error("{path} already exists; it was kept. Use --force to replace it")]
    Exists { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    /// The caller's writer failed; the destination was not touched.
    #[error("{path} was not written: {source}")]
    Producer {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A set was only partly put in place (a rename failed after others succeeded). The
    /// rest stays staged and the next bantin command that reads or writes the folder
    /// finishes it.
    #[error(
        "{done} is in place but {path} could not be: {source}. The new file waits beside it and the next bantin command in {dir} puts it in place; if this repeats, fix what stops it (is {path} open in another program?)"
    )]
    PartlyCommitted {
        done: PathBuf,
        path: PathBuf,
        dir: PathBuf,
        source: io::Error,
    },
    /// An interrupted set in this folder could not be completed.
    #[error(
        "{journal} records a replacement that was interrupted and cannot be completed: {reason}. Assemble the bulletin again"
    )]
    Unsettled { journal: PathBuf, reason: String },
}

/// A file being written atomically: a temporary file beside the destination that holds
/// every byte written and can be seeked (to patch headers) until [`AtomicFile::commit`]
/// fsyncs it and renames it into place. Dropped without `commit`, the temporary file is
/// removed and the destination is untouched.
pub struct AtomicFile {
    path: PathBuf,
    dir: PathBuf,
    overwrite: Overwrite,
    writer: BufWriter<File>,
    /// Removes the temporary file when dropped, unless it was persisted.
    temp: tempfile::TempPath,
    /// A thread that flushes what was written so far to disk while the caller goes on
    /// (see [`AtomicFile::sync_in_background`]).
    syncer: Option<std::sync::mpsc::SyncSender<()>>,
}

impl AtomicFile {
    /// Opens a temporary file in the destination's folder (created if missing), readable
    /// as the umask allows. With [`Overwrite::Keep`] an existing destination is refused
    /// now, before any work is done. What earlier runs left in the folder is tidied first.
    pub fn create(path: &Path, overwrite: Overwrite) -> Result<Self, AtomicWriteError> {
        Self::create_with(path, overwrite, Access::Shared)
    }

    /// [`AtomicFile::create`] with the given [`Access`].
    pub fn create_with(
        path: &Path,
        overwrite: Overwrite,
        access: Access,
    ) -> Result<Self, AtomicWriteError> {
        let io_err = |source| AtomicWriteError::Io {
            path: path.to_path_buf(),
            source,
        };
        let dir = folder_of(path);
        fs::create_dir_all(&dir).map_err(io_err)?;
        // Finish or drop what an interrupted run left here before deciding anything.
        tidy(&dir)?;
        if overwrite == Overwrite::Keep && path.exists() {
            return Err(AtomicWriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (file, temp) = locked_temp(&dir, &name, access).map_err(io_err)?;
        Ok(Self {
            path: path.to_path_buf(),
            dir,
            overwrite,
            writer: BufWriter::new(file),
            temp,
            syncer: None,
        })
    }

    /// Starts putting what was written so far on disk, on a thread of its own, so the
    /// fsync in [`AtomicFile::commit`] finds little left to do: a long file written in
    /// pieces has its flushing overlap the work that makes the next pieces. A request
    /// made while one is still running is dropped (the next one covers it). Errors are
    /// left for `commit`'s own fsync to report.
    pub fn sync_in_background(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        if self.syncer.is_none() {
            let file = self.writer.get_ref().try_clone()?;
            let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
            std::thread::spawn(move || {
                for () in rx {
                    let _ = file.sync_data();
                }
            });
            self.syncer = Some(tx);
        }
        if let Some(tx) = &self.syncer {
            let _ = tx.try_send(());
        }
        Ok(())
    }

    /// The destination the file will have after `commit`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the bytes are until `commit` (hidden, in the destination's folder).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Flushes and fsyncs the temporary file, which stays hidden (and locked, so no other
    /// run takes it for a leftover) until [`StagedFile::commit`] or [`commit_set`] puts it
    /// in place.
    pub fn stage(self) -> Result<StagedFile, AtomicWriteError> {
        let Self {
            path,
            dir,
            overwrite,
            writer,
            temp,
            syncer,
        } = self;
        // The background flusher finishes on its own; this fsync covers everything.
        drop(syncer);
        let io_err = |source| AtomicWriteError::Io {
            path: path.clone(),
            source,
        };
        let file = writer.into_inner().map_err(|e| io_err(e.into_error()))?;
        file.sync_all().map_err(io_err)?;
        Ok(StagedFile {
            path,
            dir,
            overwrite,
            file,
            temp,
        })
    }

    /// Flushes, fsyncs and renames the temporary file over the destination (or beside
    /// nothing, with [`Overwrite::Keep`], refusing a destination that appeared meanwhile).
    pub fn commit(self) -> Result<(), AtomicWriteError> {
        self.stage()?.commit()
    }
}

/// A complete file on disk under its temporary name, waiting to be put in place.
/// Dropped, it is removed and the destination is untouched.
pub struct StagedFile {
    path: PathBuf,
    dir: PathBuf,
    overwrite: Overwrite,
    /// Kept open: its lock tells other runs that this file is not a leftover.
    file: File,
    temp: tempfile::TempPath,
}

impl StagedFile {
    /// The destination.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the complete file is until it is put in place.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Renames the file into place.
    pub fn commit(self) -> Result<(), AtomicWriteError> {
        let dir = self.dir.clone();
        self.rename_into_place().map_err(|(e, _)| e)?;
        sync_dir(&dir);
        Ok(())
    }

    /// Renames the file into place; on failure the temporary file is handed back (it is
    /// removed when dropped).
    fn rename_into_place(self) -> Result<(), (AtomicWriteError, tempfile::TempPath)> {
        let Self {
            path,
            overwrite,
            file,
            temp,
            ..
        } = self;
        let result = match overwrite {
            // On Windows a file the playout program holds open is retried a few seconds.
            Overwrite::Replace => crate::platform::persist_replacing(temp, &path),
            Overwrite::Keep => temp.persist_noclobber(&path),
        };
        // Unlocks only now that the file has its final name.
        drop(file);
        result.map_err(|e| {
            let err =
                if overwrite == Overwrite::Keep && e.error.kind() == io::ErrorKind::AlreadyExists {
                    AtomicWriteError::Exists { path: path.clone() }
                } else {
                    AtomicWriteError::Io {
                        path: path.clone(),
                        source: e.error,
                    }
                };
            (err, e.path)
        })
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.writer.seek(pos)
    }
}

/// Writes `path` atomically. `produce` receives a writer on a temporary file in the same
/// folder; only when it returns `Ok` is the data fsynced and renamed into place.
pub fn write_atomically<F, E>(
    path: &Path,
    overwrite: Overwrite,
    produce: F,
) -> Result<(), AtomicWriteError>
where
    F: FnOnce(&mut AtomicFile) -> Result<(), E>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    stage_with(path, overwrite, Access::Shared, produce)?.commit()
}

/// Writes the file of `produce` under a temporary name, complete and fsynced, for
/// [`commit_set`].
pub fn stage_with<F, E>(
    path: &Path,
    overwrite: Overwrite,
    access: Access,
    produce: F,
) -> Result<StagedFile, AtomicWriteError>
where
    F: FnOnce(&mut AtomicFile) -> Result<(), E>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut file = AtomicFile::create_with(path, overwrite, access)?;
    produce(&mut file).map_err(|e| AtomicWriteError::Producer {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    file.stage()
}

/// Writes a whole byte buffer atomically, readable as the umask allows.
pub fn write_bytes(
    path: &Path,
    overwrite: Overwrite,
    bytes: &[u8],
) -> Result<(), AtomicWriteError> {
    write_atomically(path, overwrite, |w| w.write_all(bytes))
}

/// Writes a whole byte buffer atomically, readable by its owner only (0600): for secrets
/// such as the web app's accounts.
pub fn write_private(
    path: &Path,
    overwrite: Overwrite,
    bytes: &[u8],
) -> Result<(), AtomicWriteError> {
    stage_with(path, overwrite, Access::Private, |w| w.write_all(bytes))?.commit()
}

/// The folder a path is in ("." for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new temporary file for `name` in `dir`, locked, with the permissions of `access`.
fn locked_temp(dir: &Path, name: &str, access: Access) -> io::Result<(File, tempfile::TempPath)> {
    let prefix = format!(".{name}{TEMP_MARK}");
    loop {
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The kernel applies the umask to the mode given at creation, as for any
            // program's files; tempfile's own default (0600) would hide the bulletin
            // from the playout account.
            let mode = match access {
                Access::Shared => 0o666,
                Access::Private => 0o600,
            };
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = access;
        let (file, temp) = builder.tempfile_in(dir)?.into_parts();
        file.lock()?;
        // Another run tidying the folder may have taken the file for a leftover in the
        // instant between its creation and the lock: then it is gone, make another.
        if still_named(&file, &temp)? {
            return Ok((file, temp));
        }
    }
}

/// Whether `path` still names the open `file`.
fn still_named(file: &File, path: &Path) -> io::Result<bool> {
    let on_disk = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let open = file.metadata()?;
        Ok(open.dev() == on_disk.dev() && open.ino() == on_disk.ino())
    }
    #[cfg(not(unix))]
    {
        // Windows does not let a file that another process holds open be removed.
        let _ = (file, on_disk);
        Ok(true)
    }
}

/// Makes renames in `dir` durable. Best effort: not every platform can open a folder.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests;
