//! `archive verify`: re-hashes every stored file against the catalog and names each one
//! missing or altered; also names sidecars on disk that the catalog lacks (left by an
//! interrupted `archive add`) and damage SQLite itself finds.

use super::ArchiveError;
use super::sidecar::SIDECAR_FILE;
use super::store::Archive;
use crate::digest::sha256_file;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// Archive id, when the problem belongs to one bulletin.
    pub id: Option<String>,
    pub path: PathBuf,
    /// "missing", "altered", "not-in-catalog", "catalog".
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    pub bulletins: usize,
    pub files: usize,
    pub bytes: u64,
    pub problems: Vec<Problem>,
}

impl Archive {
    /// Checks every file of every bulletin; `progress` is called once per bulletin.
    pub fn verify(
        &self,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<VerifyReport, ArchiveError> {
        let catalog = self.existing_catalog()?;
        let mut report = VerifyReport::default();
        for detail in catalog.integrity_problems()? {
            report.problems.push(Problem {
                id: None,
                path: catalog.path.clone(),
                kind: "catalog".into(),
                detail,
            });
        }
        let ids = catalog.all_ids()?;
        let mut known = std::collections::HashSet::new();
        for (n, (id, store_dir, sidecar_sha)) in ids.iter().enumerate() {
            progress(n, ids.len());
            let folder = self.folder(store_dir);
            known.insert(folder.join(SIDECAR_FILE));
            let mut files: Vec<(String, String)> = catalog
                .files(id)?
                .into_iter()
                .map(|f| (f.name, f.sha256))
                .collect();
            files.push((SIDECAR_FILE.to_string(), sidecar_sha.clone()));
            for (name, expected) in files {
                let path = folder.join(&name);
                report.files += 1;
                match sha256_file(&path) {
                    Ok((sha, bytes)) if sha == expected => report.bytes += bytes,
                    Ok((sha, _)) => report.problems.push(Problem {
                        id: Some(id.clone()),
                        path,
                        kind: "altered".into(),
                        detail: format!("SHA-256 is {sha}, the catalog has {expected}"),
                    }),
                    Err(e) => report.problems.push(Problem {
                        id: Some(id.clone()),
                        path,
                        kind: "missing".into(),
                        detail: e.to_string(),
                    }),
                }
            }
        }
        report.bulletins = ids.len();
        for sidecar in find_sidecars(&self.root) {
            if !known.contains(&sidecar) {
                report.problems.push(Problem {
                    id: None,
                    path: sidecar,
                    kind: "not-in-catalog".into(),
                    detail: "a record on disk that the catalog lacks (an interrupted `archive add`?): add the bulletin again, or run `bantin archive reindex`".into(),
                });
            }
        }
        Ok(report)
    }
}

/// Every `YYYY/MM/<id>/record.json` under the archive root, sorted.
pub fn find_sidecars(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for year in sorted_dirs(root) {
        for month in sorted_dirs(&year) {
            for bulletin in sorted_dirs(&month) {
                let sidecar = bulletin.join(SIDECAR_FILE);
                if sidecar.is_file() {
                    found.push(sidecar);
                }
            }
        }
    }
    found
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}
