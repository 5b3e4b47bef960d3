//! Atomic file output: every file bantin hands to a playout system or keeps in the
//! archive is written to a temporary file in the same folder, flushed to disk, then
//! renamed over the destination. A folder watcher never sees half a file, and a run
//! that fails half-way leaves the previous good file untouched.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
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
    let (file, tmp_path) = tmp.into_parts();
    let mut writer = BufWriter::new(file);
    produce(&mut writer).map_err(|e| AtomicWriteError::Producer {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    let file = writer.into_inner().map_err(|e| io_err(e.into_error()))?;
    file.sync_all().map_err(io_err)?;
    drop(file);
    match overwrite {
        Overwrite::Replace => tmp_path.persist(path).map_err(|e| io_err(e.error))?,
        Overwrite::Keep => tmp_path.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                AtomicWriteError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                io_err(e.error)
            }
        })?,
    }
    sync_dir(&dir);
    Ok(())
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
fn sync_dir(dir: &Path) {
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
}
