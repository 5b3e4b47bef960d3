//! `archive reindex`: rebuilds the catalog from the sidecar files into a new database
//! beside the old one, then swaps it in with a rename, so a lost or damaged catalog loses
//! nothing and a failed rebuild leaves the old one as it was. It holds the archive's lock,
//! so an `archive add` waits for it (and it for an `add`).

use super::ArchiveError;
use super::catalog::Catalog;
use super::sidecar::ArchiveRecord;
use super::store::Archive;
use super::verify::find_sidecars;
use crate::digest::sha256_bytes;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct ReindexReport {
    pub indexed: usize,
    /// Sidecars that could not be read, with why; their bulletins are not in the catalog.
    pub unreadable: Vec<ArchiveError>,
}

/// Records inserted per transaction.
const BATCH: usize = 500;

impl Archive {
    pub fn reindex(
        &self,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<ReindexReport, ArchiveError> {
        let target = self.catalog_path();
        let _lock = super::lock::ArchiveLock::exclusive(&self.root)?;
        let fresh = self
            .root
            .join(format!(".catalog.reindex-{}.sqlite", std::process::id()));
        remove_db(&fresh);
        let result = self.fill(&fresh, &mut progress);
        let report = match result {
            Ok(report) => report,
            Err(e) => {
                remove_db(&fresh);
                return Err(e);
            }
        };
        // Fold the old catalog's WAL back in and close it, so no stale WAL file is left
        // to be applied to the new database after the rename.
        if target.is_file()
            && let Ok(old) = Catalog::open(&target)
        {
            let _ = old.close_checkpointed();
        }
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&target, suffix));
        }
        std::fs::rename(&fresh, &target)
            .map_err(|e| ArchiveError::io("replace the catalog", target.clone(), e))?;
        if let Ok(dir) = std::fs::File::open(&self.root) {
            let _ = dir.sync_all();
        }
        Ok(report)
    }

    fn fill(
        &self,
        fresh: &Path,
        progress: &mut impl FnMut(usize, usize),
    ) -> Result<ReindexReport, ArchiveError> {
        let mut catalog = Catalog::open(fresh)?;
        let sidecars = find_sidecars(&self.root);
        let mut report = ReindexReport::default();
        let mut batch: Vec<(ArchiveRecord, String)> = Vec::new();
        // A bulletin folder copied by hand holds a second sidecar with the same id.
        let mut seen: std::collections::HashMap<String, PathBuf> = Default::default();
        for (n, path) in sidecars.iter().enumerate() {
            progress(n, sidecars.len());
            self.check_interrupt(|| {
                "the catalog was not rebuilt; the one there is as it was".into()
            })?;
            match read(path) {
                Ok((record, _)) if seen.contains_key(&record.id) => {
                    report.unreadable.push(ArchiveError::Sidecar {
                        path: path.clone(),
                        message: format!(
                            "it repeats {}, already indexed from {}; remove the copy",
                            record.id,
                            seen[&record.id].display()
                        ),
                    });
                }
                Ok(entry) => {
                    seen.insert(entry.0.id.clone(), path.clone());
                    batch.push(entry);
                }
                Err(e) => report.unreadable.push(e),
            }
            if batch.len() >= BATCH || n + 1 == sidecars.len() {
                report.indexed += flush(&mut catalog, &mut batch)?;
            }
        }
        catalog.close_checkpointed()?;
        Ok(report)
    }
}

fn read(path: &Path) -> Result<(ArchiveRecord, String), ArchiveError> {
    let bytes = std::fs::read(path).map_err(|e| ArchiveError::io("read", path.to_path_buf(), e))?;
    let record = ArchiveRecord::load(path)?;
    Ok((record, sha256_bytes(&bytes)))
}

fn flush(
    catalog: &mut Catalog,
    batch: &mut Vec<(ArchiveRecord, String)>,
) -> Result<usize, ArchiveError> {
    let records: Vec<ArchiveRecord> = batch.iter().map(|(r, _)| r.clone()).collect();
    let shas: Vec<&str> = batch.iter().map(|(_, s)| s.as_str()).collect();
    let n = catalog.insert_many(&records, &shas)?.len();
    batch.clear();
    Ok(n)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}
