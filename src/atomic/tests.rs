//! The atomic writers on a real folder: what is left after failures, interruptions and
//! concurrent runs.

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
fn dropped_atomic_file_leaves_nothing_and_commit_patches_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.bin");
    fs::write(&path, b"good").unwrap();
    {
        let mut f = AtomicFile::create(&path, Overwrite::Replace).unwrap();
        f.write_all(b"half").unwrap();
        assert!(f.temp_path().exists());
    }
    assert_eq!(fs::read(&path).unwrap(), b"good");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

    let mut f = AtomicFile::create(&path, Overwrite::Replace).unwrap();
    f.write_all(b"xxxx-body").unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(b"head").unwrap();
    f.commit().unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"head-body");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn keep_refuses_a_destination_that_appeared_while_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.wav");
    let mut f = AtomicFile::create(&path, Overwrite::Keep).unwrap();
    f.write_all(b"mine").unwrap();
    fs::write(&path, b"theirs").unwrap();
    let err = f.commit().unwrap_err();
    assert!(matches!(err, AtomicWriteError::Exists { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"theirs");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
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

#[test]
fn background_syncs_leave_the_committed_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    let mut file = AtomicFile::create(&path, Overwrite::Keep).unwrap();
    let mut want = Vec::new();
    for k in 0..50u8 {
        let piece = vec![k; 10_000];
        file.write_all(&piece).unwrap();
        want.extend_from_slice(&piece);
        file.sync_in_background().unwrap();
    }
    file.seek(SeekFrom::Start(0)).unwrap();
    file.write_all(b"HEAD").unwrap();
    want[..4].copy_from_slice(b"HEAD");
    file.commit().unwrap();
    assert_eq!(fs::read(&path).unwrap(), want);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `name` staged with `body`.
fn staged(dir: &Path, name: &str, overwrite: Overwrite, body: &[u8]) -> StagedFile {
    stage_with(&dir.join(name), overwrite, Access::Shared, |w| {
        w.write_all(body)
    })
    .unwrap()
}

#[cfg(unix)]
#[test]
fn files_are_readable_as_the_umask_allows_and_private_ones_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // The test runs under the umask its shell gave it: read it as the kernel reports it.
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let umask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0o022);
    let shared = dir.path().join("shared.wav");
    write_bytes(&shared, Overwrite::Keep, b"x").unwrap();
    assert_eq!(mode(&shared), 0o666 & !umask, "umask {umask:o}");
    let secret = dir.path().join("accounts.toml");
    write_private(&secret, Overwrite::Keep, b"x").unwrap();
    assert_eq!(mode(&secret), 0o600);
}

#[test]
fn leftovers_of_ended_runs_are_removed_and_files_being_written_are_not() {
    let dir = tempfile::tempdir().unwrap();
    // A run still writing.
    let mut live = AtomicFile::create(&dir.path().join("live.wav"), Overwrite::Keep).unwrap();
    live.write_all(b"in progress").unwrap();
    let live_temp = live.temp_path().to_path_buf();
    // A run that was killed: its temporary file stays, unlocked.
    let dead = dir.path().join(".out.wav.bantin-AbC123.part");
    fs::write(&dead, b"half").unwrap();
    // Not bantin's: kept whatever they are.
    fs::write(dir.path().join(".out.wav.part"), b"someone else's").unwrap();
    fs::write(dir.path().join("notes.bantin-1.part"), b"visible").unwrap();
    let tidied = tidy(dir.path()).unwrap();
    assert_eq!(tidied.removed, vec![dead.clone()]);
    assert!(!dead.exists());
    assert!(live_temp.exists(), "a living run's file was removed");
    live.commit().unwrap();
    assert_eq!(
        names(dir.path()),
        [".out.wav.part", "live.wav", "notes.bantin-1.part"]
    );
}

#[test]
fn a_set_is_put_in_place_whole_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (n, b) in [("a.wav", "old wav"), ("a.json", "old json")] {
        fs::write(d.join(n), b).unwrap();
    }
    let files = vec![
        staged(d, "a.wav", Overwrite::Replace, b"new wav"),
        staged(d, "a.json", Overwrite::Replace, b"new json"),
        staged(d, "a.html", Overwrite::Replace, b"new html"),
    ];
    // Until the set is committed, the old files stand.
    assert_eq!(fs::read(d.join("a.wav")).unwrap(), b"old wav");
    commit_set(files).unwrap();
    assert_eq!(names(d), ["a.html", "a.json", "a.wav"]);
    assert_eq!(fs::read(d.join("a.json")).unwrap(), b"new json");
}

#[test]
fn a_set_that_would_replace_a_kept_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = vec![
        staged(d, "b.json", Overwrite::Replace, b"new json"),
        staged(d, "b.wav", Overwrite::Keep, b"new wav"),
    ];
    fs::write(d.join("b.wav"), b"appeared meanwhile").unwrap();
    let err = commit_set(files).unwrap_err();
    assert!(matches!(err, AtomicWriteError::Exists { .. }), "{err}");
    assert_eq!(names(d), ["b.wav"]);
}

#[test]
fn a_first_file_that_cannot_be_replaced_leaves_the_old_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A folder where the WAV should go: renaming a file over it fails.
    fs::create_dir_all(d.join("c.wav/inside")).unwrap();
    fs::write(d.join("c.json"), b"old json").unwrap();
    let files = vec![
        staged(d, "c.wav", Overwrite::Replace, b"new wav"),
        staged(d, "c.json", Overwrite::Replace, b"new json"),
    ];
    let err = commit_set(files).unwrap_err();
    assert!(matches!(err, AtomicWriteError::Io { .. }), "{err}");
    assert_eq!(fs::read(d.join("c.json")).unwrap(), b"old json");
    assert_eq!(names(d), ["c.json", "c.wav"]);
}

#[test]
fn a_set_interrupted_after_its_journal_is_finished_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("e.json"), b"old json").unwrap();
    // The WAV went in, then the report's rename failed (a folder in its way), as when a
    // run is killed between the two renames.
    fs::create_dir_all(d.join("e.json.blocked")).unwrap();
    fs::rename(d.join("e.json"), d.join("e.json.old")).unwrap();
    fs::rename(d.join("e.json.blocked"), d.join("e.json")).unwrap();
    fs::write(d.join("e.json/x"), b"").unwrap();
    let files = vec![
        staged(d, "e.wav", Overwrite::Replace, b"new wav"),
        staged(d, "e.json", Overwrite::Replace, b"new json"),
    ];
    let err = commit_set(files).unwrap_err();
    assert!(
        matches!(err, AtomicWriteError::PartlyCommitted { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("e.json"), "{err}");
    assert!(d.join(".e.wav.bantin-set").exists(), "journal kept");
    // Whatever blocked it is gone; the next command in the folder finishes the set.
    fs::remove_dir_all(d.join("e.json")).unwrap();
    let tidied = tidy(d).unwrap();
    assert_eq!(tidied.finished, vec![d.join(".e.wav.bantin-set")]);
    assert_eq!(fs::read(d.join("e.json")).unwrap(), b"new json");
    assert_eq!(fs::read(d.join("e.wav")).unwrap(), b"new wav");
    assert_eq!(names(d), ["e.json", "e.json.old", "e.wav"]);
}

#[test]
fn temporary_files_an_unfinished_set_needs_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join(".f.wav.bantin-Zz9999.part"), b"new wav").unwrap();
    // A journal that names a file outside the folder is refused, and what it names stays.
    fs::write(
        d.join(".f.wav.bantin-set"),
        r#"{"renames":[{"from":".f.wav.bantin-Zz9999.part","to":"../f.wav"}]}"#,
    )
    .unwrap();
    let err = tidy(d).unwrap_err();
    assert!(matches!(err, AtomicWriteError::Unsettled { .. }), "{err}");
    assert!(d.join(".f.wav.bantin-Zz9999.part").exists());
}
