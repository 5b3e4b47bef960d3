//! What differs between the station's PCs: most run Windows, the servers Linux.
//!
//! - **Replacing a file another program holds open.** On Linux a rename over an open file
//!   always works (the reader keeps the old one). On Windows it fails with a sharing
//!   violation while a playout program, a virus scanner or Explorer's preview has the
//!   file open without delete sharing; such holds are usually short, so the rename is
//!   tried again for a few seconds before the error is reported (naming the file).
//! - **Drive letters and backslashes** never come from a request: request names are
//!   checked to be one plain name (`web::safe_path`), and paths are joined with `Path`.
//! - **No umask on Windows**: files get the folder's permissions; the accounts file's
//!   owner-only mode is set on Unix only (see docs/windows.md).
//! - **The console's code page**: Rust writes to a Windows console as UTF-16, so
//!   Vietnamese messages show correctly in any code page; the `.bat` that starts the web
//!   app switches its own echo to UTF-8 with `chcp 65001`.

use std::io;
use std::path::Path;
use std::time::Duration;

/// How long a rename over a file held open elsewhere is retried (Windows).
#[cfg(windows)]
const RETRY_FOR: Duration = Duration::from_secs(5);
#[cfg(not(windows))]
const RETRY_FOR: Duration = Duration::ZERO;

/// Whether an error is another program holding the file (worth waiting for).
fn is_busy(e: &io::Error) -> bool {
    cfg!(windows) && e.kind() == io::ErrorKind::PermissionDenied
}

/// Renames the temporary file `temp` over `path`, retrying while `path` is busy. On
/// failure the temporary file comes back with the error (as `TempPath::persist` does).
pub fn persist_replacing(
    temp: tempfile::TempPath,
    path: &Path,
) -> Result<(), tempfile::PathPersistError> {
    let started = std::time::Instant::now();
    let mut temp = temp;
    loop {
        match temp.persist(path) {
            Ok(()) => return Ok(()),
            Err(e) if is_busy(&e.error) && started.elapsed() < RETRY_FOR => {
                temp = e.path;
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) if is_busy(&e.error) => {
                let error = io::Error::new(
                    e.error.kind(),
                    format!(
                        "another program (the playout system?) keeps {} open; close it there and try again ({})",
                        path.display(),
                        e.error
                    ),
                );
                return Err(tempfile::PathPersistError {
                    error,
                    path: e.path,
                });
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replace_lands_whole_and_a_real_error_is_reported_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bulletin.wav");
        std::fs::write(&target, b"old").unwrap();
        let temp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        std::fs::write(temp.path(), b"new").unwrap();
        persist_replacing(temp.into_temp_path(), &target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");

        // A folder in the way is no busy file: no retrying, the error comes back now.
        let blocked = dir.path().join("folder");
        std::fs::create_dir_all(blocked.join("inside")).unwrap();
        let temp = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        let started = std::time::Instant::now();
        assert!(persist_replacing(temp.into_temp_path(), &blocked).is_err());
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
