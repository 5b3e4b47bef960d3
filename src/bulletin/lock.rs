//! One writer at a time per bulletin folder: the web app's edits and uploads and
//! `bantin status` refreshing the `[status]` table each read the rundown, change it and
//! write it back; without a lock, two such writers at once could lose one's change. The
//! lock is an OS file lock on a hidden file in the folder (flock on Unix, LockFileEx on
//! Windows), so it also holds between processes and is released if a process dies.

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Name of the lock file inside the bulletin folder (hidden; never archived).
pub const LOCK_FILE: &str = ".bantin.lock";

/// Holds the bulletin's lock until dropped.
pub struct BulletinLock {
    _file: File,
}

impl BulletinLock {
    /// Waits for and takes the lock of the bulletin folder `dir`.
    pub fn acquire(dir: &Path) -> std::io::Result<Self> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        file.lock()?;
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = BulletinLock::acquire(dir.path()).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let _second = BulletinLock::acquire(&path).unwrap();
            tx.send(()).unwrap();
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "the second lock was granted while the first was held"
        );
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap();
        waiter.join().unwrap();
    }
}
