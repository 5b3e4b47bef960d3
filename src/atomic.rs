//! Atomic file output: every file bantin hands to a playout system or keeps in the
//! archive is written to a temporary file in the same folder, flushed to disk, then
//! renamed over the destination. A folder watcher never sees half a file, and a run
//! that fails half-way leaves the previous good file untouched.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// What to do when the destination already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace an existing file (the `--force` flag, or files bantin owns such as reports).
    Replace,
    /// Refuse: an existing file is kept and the write fails with [`AtomicWriteError::Exists`].
    Keep,
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
    /// Opens a temporary file in the destination's folder (created if missing). With
    /// [`Overwrite::Keep`] an existing destination is refused now, before any work is done.
    pub fn create(path: &Path, overwrite: Overwrite) -> Result<Self, AtomicWriteError> {
        let io_err = |source| AtomicWriteError::Io {
            path: path.to_path_buf(),
            source,
        };
        if overwrite == Overwrite::Keep && path.exists() {
            return Err(AtomicWriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(io_err)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A leading dot and a `.part` suffix keep watchers that filter by extension away.
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(&dir)
            .map_err(io_err)?;
        let (file, temp) = tmp.into_parts();
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

    /// Flushes, fsyncs and renames the temporary file over the destination (or beside
    /// nothing, with [`Overwrite::Keep`], refusing a destination that appeared meanwhile).
    pub fn commit(self) -> Result<(), AtomicWriteError> {
        let Self {
            path,
            dir,
            overwrite,
            writer,
            temp,
            syncer,
        } = self;
        // The background flusher finishes on its own; commit's fsync covers everything.
        drop(syncer);
        let io_err = |source| AtomicWriteError::Io {
            path: path.clone(),
            source,
        };
        let file = writer.into_inner().map_err(|e| io_err(e.into_error()))?;
        file.sync_all().map_err(io_err)?;
        drop(file);
        match overwrite {
            Overwrite::Replace => {
                crate::platform::persist_replacing(temp, &path).map_err(io_err)?;
            }
            Overwrite::Keep => temp.persist_noclobber(&path).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    AtomicWriteError::Exists { path: path.clone() }
                } else {
                    io_err(e.error)
                }
            })?,
        }
        sync_dir(&dir);
        Ok(())
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

/// Writes `path` atomically. `produce` receives a buffered writer on a temporary file in
/// the same folder; only when it returns `Ok` is the data fsynced and renamed into place.
pub fn write_atomically<F, E>(
    path: &Path,
    overwrite: Overwrite,
    produce: F,
) -> Result<(), AtomicWriteError>
where
    F: FnOnce(&mut BufWriter<File>) -> Result<(), E>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut file = AtomicFile::create(path, overwrite)?;
    produce(&mut file.writer).map_err(|e| AtomicWriteError::Producer {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    file.commit()
}

/// Writes a whole byte buffer atomically.
pub fn write_bytes(
    path: &Path,
    overwrite: Overwrite,
    bytes: &[u8],
) -> Result<(), AtomicWriteError> {
    write_atomically(path, overwrite, |w| w.write_all(bytes))
}

/// Makes the rename itself durable. Best effort: not every platform can open a folder.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_producer_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.wav");
        fs::write(&path, b"good").unwrap();
        let err = write_atomically(&path, Overwrite::Replace, |w| {
            w.write_all(b"half")?;
            Err::<(), _>(io::Error::other("injected failure"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("injected failure"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"good");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file left behind"
        );
    }

    #[test]
    fn dropped_atomic_file_leaves_nothing_and_commit_patches_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        fs::write(&path, b"good").unwrap();
        {
            let mut f = AtomicFile::create(&path, Overwrite::Replace).unwrap();
            f.write_all(b"half").unwrap();
            assert!(f.temp_path().exists());
        }
        assert_eq!(fs::read(&path).unwrap(), b"good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let mut f = AtomicFile::create(&path, Overwrite::Replace).unwrap();
        f.write_all(b"xxxx-body").unwrap();
        f.seek(SeekFrom::Start(0)).unwrap();
        f.write_all(b"head").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"head-body");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn keep_refuses_a_destination_that_appeared_while_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("race.wav");
        let mut f = AtomicFile::create(&path, Overwrite::Keep).unwrap();
        f.write_all(b"mine").unwrap();
        fs::write(&path, b"theirs").unwrap();
        let err = f.commit().unwrap_err();
        assert!(matches!(err, AtomicWriteError::Exists { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"theirs");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn keep_refuses_to_replace() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_bytes(&path, Overwrite::Keep, b"one").unwrap();
        let err = write_bytes(&path, Overwrite::Keep, b"two").unwrap_err();
        assert!(matches!(err, AtomicWriteError::Exists { .. }));
        assert!(err.to_string().contains("--force"));
        write_bytes(&path, Overwrite::Replace, b"three").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"three");
    }

    #[test]
    fn background_syncs_leave_the_committed_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        let mut file = AtomicFile::create(&path, Overwrite::Keep).unwrap();
        let mut want = Vec::new();
        for k in 0..50u8 {
            let piece = vec![k; 10_000];
            file.write_all(&piece).unwrap();
            want.extend_from_slice(&piece);
            file.sync_in_background().unwrap();
        }
        file.seek(SeekFrom::Start(0)).unwrap();
        file.write_all(b"HEAD").unwrap();
        want[..4].copy_from_slice(b"HEAD");
        file.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), want);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
