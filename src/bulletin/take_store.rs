//! Storing a recorded take: `recordings/<take>.wav`, replaced atomically, with every
//! earlier recording of that take kept under `recordings/previous/` — nothing an
//! announcer recorded is ever lost. (Files in `previous/` are not takes: `status` and
//! `assemble` look at `recordings/` itself only.)

use super::lock::BulletinLock;
use super::rundown::RECORDINGS_DIR;
use super::takes::audio_rank;
use std::path::{Path, PathBuf};

/// Folder inside `recordings/` that keeps earlier recordings.
pub const PREVIOUS_DIR: &str = "previous";

#[derive(Debug, thiserror::Error)]
pub enum TakeStoreError {
    #[error("\"{0}\" cannot be a take's file name (it must be one plain name, no folders)")]
    BadName(String),
    #[error("cannot store the take in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What was stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTake {
    /// `recordings/<take>.wav`.
    pub path: PathBuf,
    /// Where the earlier recordings of the take went (empty for a first recording).
    pub kept: Vec<PathBuf>,
}

/// Name of the temporary files of incoming takes: `.incoming-XXXXXX.part.wav`.
const INCOMING_PREFIX: &str = ".incoming-";
const INCOMING_SUFFIX: &str = ".part.wav";

/// A temporary file for an incoming take, hidden in `recordings/` (so the final rename
/// stays on one file system); it is removed if dropped before [`store_take`]. It holds
/// an OS lock on itself while it is open, so [`remove_stale_incoming`] can tell an upload
/// in progress from one whose process was killed.
pub fn incoming_file(bulletin_dir: &Path) -> Result<tempfile::NamedTempFile, TakeStoreError> {
    let recordings = bulletin_dir.join(RECORDINGS_DIR);
    let io = |source| TakeStoreError::Io {
        path: recordings.clone(),
        source,
    };
    std::fs::create_dir_all(&recordings).map_err(io)?;
    let file = tempfile::Builder::new()
        .prefix(INCOMING_PREFIX)
        .suffix(INCOMING_SUFFIX)
        .tempfile_in(&recordings)
        .map_err(io)?;
    // A fresh file nobody else has open: the lock is granted at once.
    file.as_file().try_lock().map_err(|e| match e {
        std::fs::TryLockError::Error(e) => io(e),
        std::fs::TryLockError::WouldBlock => {
            io(std::io::Error::from(std::io::ErrorKind::WouldBlock))
        }
    })?;
    Ok(file)
}

/// Removes the temporary files of uploads that will never finish (the server was killed
/// while a take was arriving): every `.incoming-*.part.wav` in `recordings/` that no
/// process holds open. Runs under the bulletin's lock, which [`store_take`] holds from
/// closing an incoming file to renaming it, so a take being stored is never taken for
/// a stale one. Returns what was removed.
pub fn remove_stale_incoming(bulletin_dir: &Path) -> Vec<PathBuf> {
    let recordings = bulletin_dir.join(RECORDINGS_DIR);
    let Ok(entries) = std::fs::read_dir(&recordings) else {
        return Vec::new();
    };
    let stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(INCOMING_PREFIX) && name.ends_with(INCOMING_SUFFIX)
        })
        .map(|e| e.path())
        .collect();
    if stale.is_empty() {
        return Vec::new();
    }
    let Ok(_lock) = BulletinLock::acquire(bulletin_dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for path in stale {
        // Opened for writing: Windows grants its lock only to a handle that may write.
        let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            drop(file);
            if std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed
}

/// Makes the WAV in `incoming` (already complete and checked) take `take`'s recording.
/// Earlier recordings of the take, in any format, move to `recordings/previous/` as
/// `<take>-<time>.<ext>` first.
/// `<time>` is the station's clock (`tz`), whatever zone the PC is set to.
pub fn store_take(
    bulletin_dir: &Path,
    take: &str,
    incoming: tempfile::NamedTempFile,
    tz: &jiff::tz::TimeZone,
) -> Result<StoredTake, TakeStoreError> {
    check_take_name(take)?;
    let recordings = bulletin_dir.join(RECORDINGS_DIR);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TakeStoreError::Io { path, source }
    };
    let _lock = BulletinLock::acquire(bulletin_dir).map_err(io(bulletin_dir))?;
    incoming.as_file().sync_all().map_err(io(incoming.path()))?;
    let target = recordings.join(format!("{take}.wav"));
    let earlier = earlier_recordings(&recordings, take).map_err(io(&recordings))?;
    let mut kept = Vec::new();
    if !earlier.is_empty() {
        let previous = recordings.join(PREVIOUS_DIR);
        std::fs::create_dir_all(&previous).map_err(io(&previous))?;
        let stamp = crate::bulletin::air_time::now(tz)
            .strftime("%Y%m%d-%H%M%S-%3f")
            .to_string();
        for old in earlier {
            let ext = old
                .extension()
                .map_or_else(|| "wav".into(), |e| e.to_string_lossy().to_lowercase());
            let keep = previous.join(format!("{take}-{stamp}.{ext}"));
            // A link keeps the old take under its new name while the rename below
            // replaces it in one step; where links are not possible, a copy.
            if std::fs::hard_link(&old, &keep).is_err() {
                std::fs::copy(&old, &keep).map_err(io(&keep))?;
            }
            if old != target {
                std::fs::remove_file(&old).map_err(io(&old))?;
            }
            kept.push(keep);
        }
        crate::atomic::sync_dir(&previous);
    }
    crate::platform::persist_replacing(incoming.into_temp_path(), &target)
        .map_err(|e| e.error)
        .map_err(io(&target))?;
    crate::atomic::sync_dir(&recordings);
    Ok(StoredTake { path: target, kept })
}

/// A take name must be one plain file name: it becomes `recordings/<take>.wav`.
fn check_take_name(take: &str) -> Result<(), TakeStoreError> {
    let plain = !take.is_empty()
        && !take.starts_with('.')
        && !take.contains(['/', '\\', ':', '\0'])
        && !take.chars().any(char::is_control)
        && take != "."
        && take != ".."
        && !take.eq_ignore_ascii_case(PREVIOUS_DIR);
    if plain {
        Ok(())
    } else {
        Err(TakeStoreError::BadName(take.to_string()))
    }
}

/// The audio files in `recordings/` that hold `take` (any case, any audio extension).
fn earlier_recordings(recordings: &Path, take: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(recordings)? {
        let entry = entry?;
        let path = entry.path();
        let is_take = entry.file_type().is_ok_and(|t| t.is_file())
            && path
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(|s| s.eq_ignore_ascii_case(take))
            && audio_rank(&path).is_some();
        if is_take {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn tz() -> jiff::tz::TimeZone {
        crate::config::StationConfig::default().time_zone()
    }

    fn incoming(dir: &Path, bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = incoming_file(dir).unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    #[test]
    fn recording_again_keeps_every_earlier_version() {
        let dir = tempfile::tempdir().unwrap();
        let first = store_take(dir.path(), "01-1", incoming(dir.path(), b"first"), &tz()).unwrap();
        assert!(first.kept.is_empty());
        assert_eq!(std::fs::read(&first.path).unwrap(), b"first");
        // A take saved by hand as MP3 earlier is kept too, and no longer competes.
        std::fs::write(dir.path().join("recordings/01-1.MP3"), b"phone").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let second =
            store_take(dir.path(), "01-1", incoming(dir.path(), b"second"), &tz()).unwrap();
        assert_eq!(std::fs::read(&second.path).unwrap(), b"second");
        let mut kept: Vec<Vec<u8>> = second
            .kept
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        kept.sort();
        assert_eq!(kept, [b"first".to_vec(), b"phone".to_vec()]);
        let left: Vec<String> = std::fs::read_dir(dir.path().join("recordings"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let mut left = left;
        left.sort();
        assert_eq!(
            left,
            ["01-1.wav", "previous"],
            "no temporary or stray file left"
        );
    }

    #[test]
    fn take_names_that_are_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "../x", "a/b", "a\\b", "C:x", "..", ".hidden", "", "previous", "a\0b",
        ] {
            let err = store_take(dir.path(), bad, incoming(dir.path(), b"x"), &tz()).unwrap_err();
            assert!(matches!(err, TakeStoreError::BadName(_)), "{bad:?}: {err}");
        }
        let names: Vec<_> = std::fs::read_dir(dir.path().join("recordings"))
            .unwrap()
            .collect();
        assert!(names.is_empty(), "a refused take left a file");
    }

    #[test]
    fn a_kept_recording_is_stamped_with_the_station_clock() {
        // A zone far from any test machine's: the PC's own clock would be hours off.
        let far = crate::config::time_zone_named("Pacific/Kiritimati").unwrap();
        let dir = tempfile::tempdir().unwrap();
        store_take(dir.path(), "01-1", incoming(dir.path(), b"first"), &far).unwrap();
        let second = store_take(dir.path(), "01-1", incoming(dir.path(), b"second"), &far).unwrap();
        let name = second.kept[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // 01-1-YYYYMMDD-HHMMSS-mmm.wav
        let stamp = &name["01-1-".len().."01-1-".len() + 15];
        let at = jiff::civil::DateTime::strptime("%Y%m%d-%H%M%S", stamp)
            .unwrap()
            .to_zoned_datetime(far)
            .unwrap();
        let off = (jiff::Timestamp::now().as_second() - at.timestamp().as_second()).abs();
        assert!(
            off < 60,
            "{name} is {off} s from now on the station's clock"
        );
    }

    #[test]
    fn a_killed_upload_is_cleaned_and_one_in_progress_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let recordings = dir.path().join(RECORDINGS_DIR);
        // What a killed server left: a file nobody holds open.
        let killed = incoming(dir.path(), b"half a take");
        let (_, killed_path) = killed.keep().unwrap();
        // An upload still arriving, its file open (and locked) by this process.
        let arriving = incoming(dir.path(), b"arriving");
        let removed = remove_stale_incoming(dir.path());
        assert_eq!(removed, std::slice::from_ref(&killed_path));
        assert!(!killed_path.exists());
        assert!(
            arriving.path().exists(),
            "an upload in progress was removed"
        );
        store_take(dir.path(), "01-1", arriving, &tz()).unwrap();
        let left: Vec<String> = std::fs::read_dir(&recordings)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["01-1.wav"]);
        assert!(remove_stale_incoming(dir.path()).is_empty());
    }
}
