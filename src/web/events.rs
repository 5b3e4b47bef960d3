//! Live updates: two PCs on one bulletin see each other's changes within a second or two.
//!
//! The files are the truth, so changes are found where they land: a watcher looks at the
//! bulletins someone has open (their `rundown.toml` and `recordings/`) a few times a
//! second and tells every page following that bulletin what changed, over server-sent
//! events. An edit in the browser, a take recorded in the booth, `bantin status`, or a
//! rundown edited in Notepad all reach the pages the same way. The server's own writes
//! wake the watcher at once.

use crate::bulletin::rundown::{RECORDINGS_DIR, RUNDOWN_FILE, Rundown};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::sync::{Notify, broadcast};

/// How often open bulletins are looked at.
const POLL: Duration = Duration::from_millis(400);

/// One change, as sent to the pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// Bulletin id (its folder name).
    pub bulletin: String,
    /// "rundown", "takes", "output", "created" or "removed".
    pub kind: &'static str,
    /// What changed: segment and item ids for the rundown, take names for recordings.
    pub ids: Vec<String>,
}

/// What the watcher last saw of one bulletin.
#[derive(Default, Clone, PartialEq)]
struct Seen {
    exists: bool,
    rundown_stamp: Option<(SystemTime, u64)>,
    recordings: BTreeMap<String, (SystemTime, u64)>,
    /// The finished set in `out/` (assembled, here or by the command line).
    output: BTreeMap<String, (SystemTime, u64)>,
}

struct Watched {
    followers: usize,
    seen: Seen,
    rundown: Option<Rundown>,
}

pub struct Events {
    tx: broadcast::Sender<Change>,
    watched: Mutex<HashMap<String, Watched>>,
    wake: Notify,
    bulletins: PathBuf,
}

impl Events {
    pub fn new(bulletins: PathBuf) -> Arc<Self> {
        let (tx, _) = broadcast::channel(256);
        Arc::new(Self {
            tx,
            watched: Mutex::new(HashMap::new()),
            wake: Notify::new(),
            bulletins,
        })
    }

    /// Looks again now (after the server changed a file).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// Starts following `ids`; the returned guard stops when dropped.
    pub fn follow(self: &Arc<Self>, ids: Vec<String>) -> (broadcast::Receiver<Change>, Following) {
        let rx = self.tx.subscribe();
        let mut watched = self
            .watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for id in &ids {
            let entry = watched.entry(id.clone()).or_insert_with(|| {
                let dir = self.bulletins.join(id);
                Watched {
                    followers: 0,
                    seen: look(&dir),
                    rundown: Rundown::load(&dir).ok(),
                }
            });
            entry.followers += 1;
        }
        (
            rx,
            Following {
                events: Arc::clone(self),
                ids,
            },
        )
    }

    /// The watcher: runs until the server stops.
    pub async fn watch(self: Arc<Self>) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(POLL) => {}
                () = self.wake.notified() => {}
            }
            let me = Arc::clone(&self);
            let changes = tokio::task::spawn_blocking(move || me.scan())
                .await
                .unwrap_or_default();
            for change in changes {
                let _ = self.tx.send(change);
            }
        }
    }

    fn scan(&self) -> Vec<Change> {
        let ids: Vec<String> = {
            let watched = self
                .watched
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            watched.keys().cloned().collect()
        };
        let mut changes = Vec::new();
        for id in ids {
            let dir = self.bulletins.join(&id);
            let now = look(&dir);
            let (before, old_rundown) = {
                let watched = self
                    .watched
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match watched.get(&id) {
                    Some(w) => (w.seen.clone(), w.rundown.clone()),
                    None => continue,
                }
            };
            if now == before {
                continue;
            }
            let mut new_rundown = old_rundown.clone();
            if now.exists != before.exists {
                changes.push(Change {
                    bulletin: id.clone(),
                    kind: if now.exists { "created" } else { "removed" },
                    ids: Vec::new(),
                });
            }
            if now.rundown_stamp != before.rundown_stamp {
                new_rundown = Rundown::load(&dir).ok();
                let ids = changed_ids(old_rundown.as_ref(), new_rundown.as_ref());
                changes.push(Change {
                    bulletin: id.clone(),
                    kind: "rundown",
                    ids,
                });
            }
            if now.recordings != before.recordings {
                let mut takes: Vec<String> = now
                    .recordings
                    .iter()
                    .filter(|(name, stamp)| before.recordings.get(*name) != Some(stamp))
                    .map(|(name, _)| name.clone())
                    .chain(
                        before
                            .recordings
                            .keys()
                            .filter(|name| !now.recordings.contains_key(*name))
                            .cloned(),
                    )
                    .map(|name| stem(&name))
                    .collect();
                takes.sort();
                takes.dedup();
                changes.push(Change {
                    bulletin: id.clone(),
                    kind: "takes",
                    ids: takes,
                });
            }
            if now.output != before.output {
                changes.push(Change {
                    bulletin: id.clone(),
                    kind: "output",
                    ids: now.output.keys().cloned().collect(),
                });
            }
            let mut watched = self
                .watched
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(w) = watched.get_mut(&id) {
                w.seen = now;
                w.rundown = new_rundown;
            }
        }
        changes
    }
}

/// Stops following when dropped (the page closed its event stream).
pub struct Following {
    events: Arc<Events>,
    ids: Vec<String>,
}

impl Drop for Following {
    fn drop(&mut self) {
        let mut watched = self
            .events
            .watched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for id in &self.ids {
            if let Some(w) = watched.get_mut(id) {
                w.followers = w.followers.saturating_sub(1);
                if w.followers == 0 {
                    watched.remove(id);
                }
            }
        }
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn stem(name: &str) -> String {
    Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The visible files of a folder with their times and sizes.
fn files_in(dir: &Path) -> BTreeMap<String, (SystemTime, u64)> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        return None;
                    }
                    stamp(&e.path()).map(|s| (name, s))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The bulletin folder's state as file times and sizes (cheap: no file is read).
fn look(dir: &Path) -> Seen {
    let recordings = files_in(&dir.join(RECORDINGS_DIR));
    Seen {
        exists: dir.is_dir(),
        rundown_stamp: stamp(&dir.join(RUNDOWN_FILE)),
        recordings,
        output: files_in(&dir.join(crate::bulletin::rundown::OUT_DIR)),
    }
}

/// Segment and item ids whose text, place or presence differ between two readings.
fn changed_ids(old: Option<&Rundown>, new: Option<&Rundown>) -> Vec<String> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    let segments = |r: &Rundown| -> BTreeMap<String, String> {
        r.segments()
            .map(|s| (s.id.clone(), s.spoken.clone()))
            .collect()
    };
    let (a, b) = (segments(old), segments(new));
    let mut ids: Vec<String> = a
        .iter()
        .filter(|(id, text)| b.get(*id) != Some(text))
        .map(|(id, _)| id.clone())
        .chain(b.keys().filter(|id| !a.contains_key(*id)).cloned())
        .collect();
    let order = |r: &Rundown| -> Vec<String> { r.items.iter().map(|i| i.id.clone()).collect() };
    let (oa, ob) = (order(old), order(new));
    if oa != ob {
        for (k, id) in ob.iter().enumerate() {
            if oa.get(k) != Some(id) {
                ids.push(id.clone());
            }
        }
        ids.extend(oa.iter().filter(|id| !ob.contains(id)).cloned());
    }
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown::{BulletinInfo, Item, Segment};

    fn seg(id: &str, spoken: &str) -> Segment {
        Segment {
            id: id.into(),
            spoken: spoken.into(),
            original: String::new(),
            syllables: 1,
            estimate_s: 1.0,
            take: id.into(),
            accept_suspect: false,
        }
    }

    fn rundown(items: &[(&str, &str)]) -> Rundown {
        Rundown {
            bulletin: BulletinInfo {
                date: "2026-11-27".into(),
                slot: "sang".into(),
                title: "t".into(),
                station: "s".into(),
                target_s: 60.0,
                rate_spm: None,
            },
            opening: seg("00-mo-dau", "chào"),
            items: items
                .iter()
                .map(|(id, text)| Item {
                    id: (*id).into(),
                    title: String::new(),
                    category: String::new(),
                    published: String::new(),
                    byline: String::new(),
                    source: String::new(),
                    segments: vec![seg(&format!("{id}-1"), text)],
                })
                .collect(),
            closing: seg("99-ket-thuc", "hết"),
            status: Default::default(),
        }
    }

    #[test]
    fn changed_texts_moves_and_drops_are_named() {
        let before = rundown(&[("01", "một"), ("02", "hai"), ("03", "ba")]);
        let edited = rundown(&[("01", "một"), ("02", "hai đã sửa"), ("03", "ba")]);
        assert_eq!(changed_ids(Some(&before), Some(&edited)), ["02-1"]);
        let moved = rundown(&[("02", "hai"), ("01", "một"), ("03", "ba")]);
        assert_eq!(changed_ids(Some(&before), Some(&moved)), ["01", "02"]);
        let dropped = rundown(&[("01", "một"), ("03", "ba")]);
        assert_eq!(
            changed_ids(Some(&before), Some(&dropped)),
            ["02", "02-1", "03"]
        );
        assert!(changed_ids(Some(&before), Some(&before)).is_empty());
        assert!(changed_ids(None, Some(&before)).is_empty());
    }

    #[test]
    fn the_watcher_tells_once_of_a_take_that_lands() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("b");
        std::fs::create_dir_all(dir.join(RECORDINGS_DIR)).unwrap();
        let events = Events::new(root.path().to_path_buf());
        let (_rx, following) = events.follow(vec!["b".into()]);
        assert!(events.scan().is_empty());
        std::fs::write(dir.join(RECORDINGS_DIR).join("01-1.wav"), b"x").unwrap();
        std::fs::write(dir.join(RECORDINGS_DIR).join(".incoming-x.part.wav"), b"x").unwrap();
        let changes = events.scan();
        assert_eq!(
            changes,
            [Change {
                bulletin: "b".into(),
                kind: "takes",
                ids: vec!["01-1".into()]
            }]
        );
        assert!(events.scan().is_empty(), "a change is told once");
        drop(following);
        assert!(
            events.watched.lock().unwrap().is_empty(),
            "nobody follows it any more"
        );
    }
}
