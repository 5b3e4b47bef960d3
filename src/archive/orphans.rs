//! Leftovers of archive runs that did not finish: a run killed (SIGKILL, a power cut) or
//! stopped by a full disk cannot clean up after itself, and leaves temporary files
//! (`.NAME.XXXX.part`), stored files in a bulletin folder that never got its sidecar
//! (the sidecar is written last, so such files are not a record), or the new database of
//! an interrupted `reindex`. `verify` lists them; the next `add` of that bulletin, or
//! `verify --repair`, removes them. Only ever looked at or removed under the archive's
//! lock, so a run in progress is never mistaken for one that died.

use super::sidecar::SIDECAR_FILE;
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One leftover file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leftover {
    pub path: PathBuf,
    pub what: LeftoverKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftoverKind {
    /// A temporary file of a copy that never finished.
    Temporary,
    /// A stored file in a bulletin folder without a sidecar: an `add` that never finished.
    Unrecorded,
    /// The new catalog of a `reindex` that never finished.
    Reindex,
}

impl LeftoverKind {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Temporary => "a temporary file left by an interrupted run",
            Self::Unrecorded => {
                "copied by an `archive add` that did not finish (there is no record.json beside it)"
            }
            Self::Reindex => "the unfinished catalog of an interrupted `archive reindex`",
        }
    }
}

/// A temporary file of bantin's atomic writes (`.NAME.XXXX.part`).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".part")
}

fn is_reindex_database(name: &str) -> bool {
    name.starts_with(".catalog.reindex-")
}

/// Every leftover under the archive `root`: the root itself, `YYYY/`, `YYYY/MM/` and the
/// bulletin folders `YYYY/MM/<id>/`. The files of a folder in `catalogued` (the catalog
/// knows its bulletin) are never leftovers, even if its sidecar went missing: `verify`
/// names that as a missing file instead.
pub fn find(root: &Path, catalogued: &HashSet<PathBuf>) -> Vec<Leftover> {
    let mut found = Vec::new();
    for (path, name) in files(root) {
        if is_reindex_database(&name) {
            found.push(Leftover {
                path,
                what: LeftoverKind::Reindex,
            });
        } else if is_temporary(&name) {
            found.push(Leftover {
                path,
                what: LeftoverKind::Temporary,
            });
        }
    }
    for year in dirs(root) {
        for month in dirs(&year) {
            for (path, name) in files(&month) {
                if is_temporary(&name) {
                    found.push(Leftover {
                        path,
                        what: LeftoverKind::Temporary,
                    });
                }
            }
            for bulletin in dirs(&month) {
                let mut here = in_bulletin_folder(&bulletin);
                if catalogued.contains(&bulletin) {
                    here.retain(|l| l.what == LeftoverKind::Temporary);
                }
                found.extend(here);
            }
        }
    }
    found
}

/// The leftovers in one bulletin folder (`YYYY/MM/<id>/`).
pub fn in_bulletin_folder(folder: &Path) -> Vec<Leftover> {
    let recorded = folder.join(SIDECAR_FILE).is_file();
    files(folder)
        .into_iter()
        .filter_map(|(path, name)| {
            let what = if is_temporary(&name) {
                LeftoverKind::Temporary
            } else if !recorded {
                LeftoverKind::Unrecorded
            } else {
                return None;
            };
            Some(Leftover { path, what })
        })
        .collect()
}

/// Removes `leftovers`, then bulletin folders left empty. Returns what could not be
/// removed, with why.
pub fn remove(leftovers: &[Leftover]) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    for leftover in leftovers {
        match std::fs::remove_file(&leftover.path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => failed.push((leftover.path.clone(), e)),
        }
        if leftover.what == LeftoverKind::Unrecorded
            && let Some(folder) = leftover.path.parent()
        {
            // Only succeeds once the folder is empty.
            let _ = std::fs::remove_dir(folder);
        }
    }
    failed
}

/// Regular files (not folders) directly in `dir`, with their names, sorted.
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
                .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Folders directly in `dir`, sorted.
pub fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_found_by_where_they_are() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        let recorded = r.join("2026/11/2026-11-27-sang");
        let unrecorded = r.join("2026/11/2026-11-28-sang");
        std::fs::create_dir_all(&recorded).unwrap();
        std::fs::create_dir_all(&unrecorded).unwrap();
        for (path, text) in [
            (r.join("catalog.sqlite"), "db"),
            (r.join(".lock"), ""),
            (r.join(".catalog.reindex-77.sqlite"), "half"),
            (recorded.join("record.json"), "{}"),
            (recorded.join("a.wav"), "a"),
            (recorded.join(".a.wav.x1.part"), "half"),
            (unrecorded.join("b.wav"), "b"),
            (unrecorded.join(".b.json.x2.part"), "half"),
        ] {
            std::fs::write(path, text).unwrap();
        }
        let found = find(r, &HashSet::new());
        let kinds: Vec<(String, LeftoverKind)> = found
            .iter()
            .map(|l| {
                let rel = l.path.strip_prefix(r).unwrap();
                (rel.to_string_lossy().into_owned(), l.what)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    ".catalog.reindex-77.sqlite".to_string(),
                    LeftoverKind::Reindex
                ),
                (
                    "2026/11/2026-11-27-sang/.a.wav.x1.part".to_string(),
                    LeftoverKind::Temporary
                ),
                (
                    "2026/11/2026-11-28-sang/.b.json.x2.part".to_string(),
                    LeftoverKind::Temporary
                ),
                (
                    "2026/11/2026-11-28-sang/b.wav".to_string(),
                    LeftoverKind::Unrecorded
                ),
            ]
        );
        // A catalogued folder whose sidecar went missing holds no leftovers but temporaries.
        let mut catalogued = HashSet::new();
        catalogued.insert(unrecorded.clone());
        assert_eq!(find(r, &catalogued).len(), 3);
        assert!(remove(&found).is_empty());
        assert!(find(r, &HashSet::new()).is_empty());
        assert!(!unrecorded.exists(), "the emptied folder is gone");
        assert!(recorded.join("a.wav").is_file() && r.join("catalog.sqlite").is_file());
    }
}
