//! An `add` asked to stop (Ctrl-C or SIGTERM, `Interrupt::on_signals`) removes what it
//! had copied and leaves no temporary file, whenever the stop comes.

use super::ArchiveError;
use super::store::{AddRequest, Archive};
use super::test_fixture::finished_bulletin;
use crate::config::StationConfig;
use crate::interrupt::{Interrupt, Signal};
use std::path::Path;

fn everything_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            }
            found.push(entry.path());
        }
    }
    found
}

fn add(archive: &Archive, dir: &Path) -> Result<super::store::Added, ArchiveError> {
    let config = StationConfig::default();
    archive.add(
        dir,
        &AddRequest::default(),
        &config.schedule,
        &config.time_zone(),
    )
}

#[test]
fn an_add_stopped_before_it_starts_copying_leaves_no_bulletin_folder() {
    let work = tempfile::tempdir().unwrap();
    let dir = finished_bulletin(work.path(), "2026-11-26", "sang", 1.0);
    let stop = Interrupt::never();
    stop.raise(Signal::Term);
    let archive = Archive::new(work.path().join("archive")).with_interrupt(stop);
    let e = add(&archive, &dir).unwrap_err();
    assert!(matches!(e, ArchiveError::Interrupted { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("stopped by SIGTERM: 2026-11-26-sang was not archived"),
        "{e}"
    );
    assert!(!work.path().join("archive/2026/11/2026-11-26-sang").exists());

    add(&Archive::new(work.path().join("archive")), &dir).unwrap();
}

#[test]
fn an_add_stopped_in_the_middle_of_a_copy_removes_what_it_copied() {
    let work = tempfile::tempdir().unwrap();
    // 5 minutes of audio: 29 MB, long enough to be stopped while it is copied.
    let dir = finished_bulletin(work.path(), "2026-11-26", "sang", 300.0);
    let stop = Interrupt::never();
    let root = work.path().join("archive");
    let archive = Archive::new(&root).with_interrupt(stop.clone());
    let folder = root.join("2026/11/2026-11-26-sang");
    // Stops the run as soon as its first temporary file appears.
    let watcher = {
        let stop = stop.clone();
        let folder = folder.clone();
        std::thread::spawn(move || {
            for _ in 0..20_000 {
                let copying = std::fs::read_dir(&folder)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".part"));
                if copying {
                    stop.raise(Signal::Int);
                    return true;
                }
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            false
        })
    };
    let result = add(&archive, &dir);
    assert!(watcher.join().unwrap(), "the copy was never seen");
    let e = result.unwrap_err();
    assert!(matches!(e, ArchiveError::Interrupted { .. }), "{e}");
    assert!(!folder.exists(), "{:?}", everything_under(&root));
    let left: Vec<_> = everything_under(&root)
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().contains("2026-11-26-sang")
                || p.to_string_lossy().ends_with(".part")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let catalog = archive.existing_catalog();
    assert!(catalog.is_err() || catalog.unwrap().count().unwrap() == 0);
}
