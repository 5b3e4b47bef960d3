//! Failure injection for the crash tests: with `BANTIN_FAIL_AT=<point>` a debug build
//! aborts the process at that point, as if it had been killed there (no destructors, no
//! rollback but SQLite's own). Release builds ignore the variable.
//!
//! Points in `archive add`: `mid-copy` (one file copied), `after-copy` (all files, no
//! sidecar), `after-sidecar` (sidecar written, no catalog row), `before-commit` (catalog
//! transaction written but not committed). `disk-full` does not abort: the copy of the
//! second file fails as on a full disk (ENOSPC), so the run's own cleanup is exercised
//! where no small file system can be mounted (the tests mount a real one when they can).
//! In a set of files put in place together (`atomic::commit_set`): `set-journal`
//! (the journal written, nothing renamed), `set-first-renamed` (the first file in place,
//! the others not).

pub const ENV: &str = "BANTIN_FAIL_AT";

/// `BANTIN_PAUSE_AT=<point>:<flag file>`: a debug build stops at that point — it writes
/// the flag file and waits there for good — so a test can kill it (SIGKILL) exactly
/// there, from outside, as a power cut or a task manager would. Points: `edit-write`
/// (a rundown edit: the old rundown kept in `history/`, the new one written under a
/// hidden temporary name, not yet put in place),
/// `assemble-commit` (the WAV, report and page written under hidden temporary names,
/// not yet put in place). Release builds ignore the variable.
pub const PAUSE_ENV: &str = "BANTIN_PAUSE_AT";

/// Aborts the process when the test hook asks for a failure at `point`.
pub fn hit(point: &str) {
    if cfg!(debug_assertions) && std::env::var(ENV).is_ok_and(|v| v == point) {
        eprintln!("bantin: {ENV}={point}: aborting here to simulate a killed run");
        std::process::abort();
    }
}

/// Waits here for good when the test hook asks to pause at `point` (see [`PAUSE_ENV`]).
pub fn pause(point: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Ok(value) = std::env::var(PAUSE_ENV) else {
        return;
    };
    let Some((at, flag)) = value.split_once(':') else {
        return;
    };
    if at != point {
        return;
    }
    let _ = std::fs::write(flag, point);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}

/// With `BANTIN_FAIL_AT=disk-full`, fails as writing a file on a full disk would (the
/// caller names the file: this leaf uses no other module).
pub fn disk_full() -> std::io::Result<()> {
    if cfg!(debug_assertions) && std::env::var(ENV).is_ok_and(|v| v == "disk-full") {
        return Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device (BANTIN_FAIL_AT=disk-full)",
        ));
    }
    Ok(())
}
