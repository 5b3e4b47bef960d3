//! `archive verify`: re-hashes every stored file against the catalog and names each one
//! missing or altered; also names sidecars on disk that the catalog lacks and the
//! leftovers of runs that did not finish (`orphans.rs`), and damage SQLite itself
//! finds. With `repair` it removes the leftovers and puts the sidecars the catalog lacks
//! into it; missing or altered files can only come back from their bulletin folder
//! (`archive add` of it again) or a backup, so they stay problems.

use super::ArchiveError;
use super::catalog::Catalog;
use super::lock::ArchiveLock;
use super::orphans;
use super::sidecar::{ArchiveRecord, SIDECAR_FILE};
use super::store::Archive;
use crate::digest::{sha256_bytes, sha256_file};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// Archive id, when the problem belongs to one bulletin.
    pub id: Option<String>,
    pub path: PathBuf,
    /// "missing", "unreadable", "altered", "not-in-catalog", "orphan", "catalog".
    pub kind: String,
    pub detail: String,
}

/// Something `verify --repair` did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Repair {
    pub path: PathBuf,
    /// "removed" (a leftover) or "indexed" (a sidecar put into the catalog).
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    pub bulletins: usize,
    pub files: usize,
    pub bytes: u64,
    pub problems: Vec<Problem>,
    /// What `--repair` did (empty without it).
    pub repaired: Vec<Repair>,
}

impl Archive {
    /// Checks every file of every bulletin; `progress` is called once per bulletin. With
    /// `repair`, removes leftovers and indexes sidecars the catalog lacks.
    pub fn verify(
        &self,
        repair: bool,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<VerifyReport, ArchiveError> {
        // Shared, a check never sees a run in progress; exclusive, a repair never races one.
        let _lock = if repair {
            Some(ArchiveLock::exclusive(&self.root)?)
        } else {
            ArchiveLock::shared(&self.root)?
        };
        let mut report = VerifyReport::default();
        let mut catalog = if repair {
            self.catalog_for_writing(None)?
        } else {
            self.existing_catalog()?
        };
        let ids = catalog.all_ids()?;
        let catalogued: HashSet<PathBuf> = ids.iter().map(|(_, dir, _)| self.folder(dir)).collect();
        if repair {
            report.repaired = self.remove_leftovers(&catalogued);
        }
        for detail in catalog.integrity_problems()? {
            report.problems.push(Problem {
                id: None,
                path: catalog.path.clone(),
                kind: "catalog".into(),
                detail,
            });
        }
        let mut known = HashSet::new();
        for (n, (id, store_dir, sidecar_sha)) in ids.iter().enumerate() {
            progress(n, ids.len());
            self.check_interrupt(|| "the check was not finished".into())?;
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
                        // A file this account may not read is there, and may be intact.
                        kind: if e.kind() == std::io::ErrorKind::NotFound {
                            "missing"
                        } else {
                            "unreadable"
                        }
                        .into(),
                        detail: e.to_string(),
                    }),
                }
            }
        }
        report.bulletins = ids.len();
        for sidecar in find_sidecars(&self.root) {
            if known.contains(&sidecar) {
                continue;
            }
            if repair {
                match index(&mut catalog, &sidecar) {
                    Ok(id) => {
                        report.repaired.push(Repair {
                            path: sidecar,
                            action: "indexed".into(),
                            detail: format!("{id} put into the catalog from its record"),
                        });
                        continue;
                    }
                    Err(e) => report.problems.push(Problem {
                        id: None,
                        path: sidecar,
                        kind: "not-in-catalog".into(),
                        detail: format!("it cannot be indexed: {e}"),
                    }),
                }
                continue;
            }
            report.problems.push(Problem {
                id: None,
                path: sidecar,
                kind: "not-in-catalog".into(),
                detail: "a record on disk that the catalog lacks (an interrupted `archive add`?): `bantin archive verify --repair` puts it in, or add the bulletin again".into(),
            });
        }
        if !repair {
            for leftover in orphans::find(&self.root, &catalogued) {
                report.problems.push(Problem {
                    id: None,
                    path: leftover.path,
                    kind: "orphan".into(),
                    detail: format!(
                        "{}; `bantin archive verify --repair` removes it, as does adding that bulletin again",
                        leftover.what.describe()
                    ),
                });
            }
        }
        Ok(report)
    }

    /// Removes every leftover (under the exclusive lock).
    fn remove_leftovers(&self, catalogued: &HashSet<PathBuf>) -> Vec<Repair> {
        let leftovers = orphans::find(&self.root, catalogued);
        let failed = orphans::remove(&leftovers);
        leftovers
            .into_iter()
            .filter(|l| !failed.iter().any(|(p, _)| *p == l.path))
            .map(|l| Repair {
                path: l.path,
                action: "removed".into(),
                detail: l.what.describe().into(),
            })
            .collect()
    }
}

/// Puts a sidecar's record into the catalog; returns its id.
fn index(catalog: &mut Catalog, sidecar: &Path) -> Result<String, ArchiveError> {
    let bytes =
        std::fs::read(sidecar).map_err(|e| ArchiveError::io("read", sidecar.to_path_buf(), e))?;
    let record = ArchiveRecord::load(sidecar)?;
    catalog.insert(&record, &sha256_bytes(&bytes))?;
    Ok(record.id)
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
    orphans::dirs(dir)
}
