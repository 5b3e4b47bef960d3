//! SHA-256 of finished WAVs, kept while a file is unchanged (its modification time and
//! length): the Phát sóng page shows each bulletin's hash at every visit, and a
//! 15-minute WAV takes a good part of a second to read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

#[derive(Default)]
pub struct HashCache {
    known: Mutex<HashMap<PathBuf, (SystemTime, u64, String)>>,
}

impl HashCache {
    /// The file's SHA-256 (lower-case hex), read again only when it changed.
    pub fn sha256(&self, path: &Path) -> std::io::Result<String> {
        let meta = std::fs::metadata(path)?;
        let stamp = (meta.modified()?, meta.len());
        if let Some((t, len, sha)) = self.lock().get(path)
            && (*t, *len) == stamp
        {
            return Ok(sha.clone());
        }
        let (sha, _) = crate::digest::sha256_file(path)?;
        self.lock()
            .insert(path.to_path_buf(), (stamp.0, stamp.1, sha.clone()));
        Ok(sha)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (SystemTime, u64, String)>> {
        self.known
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_is_hashed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        std::fs::write(&path, b"one").unwrap();
        let cache = HashCache::default();
        let first = cache.sha256(&path).unwrap();
        assert_eq!(first, crate::digest::sha256_bytes(b"one"));
        assert_eq!(cache.sha256(&path).unwrap(), first);
        std::fs::write(&path, b"three").unwrap();
        assert_eq!(
            cache.sha256(&path).unwrap(),
            crate::digest::sha256_bytes(b"three")
        );
    }
}
