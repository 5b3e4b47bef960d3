//! What the integration tests share (like ripgrep's `TestDir`): a temporary folder that
//! runs the real `bantin` inside it, paths to the committed fixtures, and the builders in
//! [`wav`], [`signal`] and [`bulletin`].

pub mod bulletin;
pub mod signal;
pub mod wav;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

#[path = "../../shared/mod.rs"]
mod shared;
pub use shared::{fixture, root, sha256_hex, station_today, status_take};

/// A committed article under `tests/articles/`.
pub fn article(name: &str) -> PathBuf {
    root().join("tests/articles").join(name)
}

/// What one run of bantin printed, and its exit status.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary working folder (a station's folder, usually) that runs bantin inside it.
pub struct TestDir {
    pub dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `bantin` with the working folder set to this one, for the runs that need more
    /// than arguments (an environment variable, a child process of their own).
    pub fn bantin(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("bantin").expect("bantin binary");
        cmd.current_dir(self.path());
        cmd
    }

    /// Runs bantin with `args` here, whatever its exit status.
    pub fn run<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Ran {
        let out = self.bantin().args(args).output().expect("bantin runs");
        Ran {
            code: out
                .status
                .code()
                .expect("bantin exited, not killed by a signal"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs bantin and checks it exits with `code` (showing what it printed if not).
    #[track_caller]
    pub fn expect<S: AsRef<OsStr>>(&self, code: i32, args: impl IntoIterator<Item = S>) -> Ran {
        let ran = self.run(args);
        assert_eq!(
            ran.code, code,
            "exit status\nstdout:\n{}\nstderr:\n{}",
            ran.stdout, ran.stderr
        );
        ran
    }

    /// Runs bantin, checks it succeeds (exit 0) and returns its standard output.
    #[track_caller]
    pub fn ok<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> String {
        self.expect(0, args).stdout
    }

    /// Runs bantin, checks it exits with `code` and returns its standard error.
    #[track_caller]
    pub fn fails<S: AsRef<OsStr>>(&self, code: i32, args: impl IntoIterator<Item = S>) -> String {
        self.expect(code, args).stderr
    }

    /// Runs bantin, checks it succeeds and parses its standard output as JSON.
    #[track_caller]
    pub fn json<S: AsRef<OsStr>>(&self, args: impl IntoIterator<Item = S>) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }

    /// Writes `contents` to `name` under the folder, making its parent folders.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// The text of `name` under the folder.
    #[track_caller]
    pub fn read(&self, name: &str) -> String {
        let p = self.path().join(name);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

/// Checks that `text` holds every one of `parts`, showing the whole text if not.
#[track_caller]
pub fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}
