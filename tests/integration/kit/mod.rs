//! A small helper to run the `bantin` binary in a temporary folder (like ripgrep's
//! `TestDir`): paths to the committed fixtures, and the command ready to run.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A committed audio fixture under `audio/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("audio/fixtures").join(name)
}

/// A temporary working folder and a command factory that runs bantin inside it.
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

    /// `bantin` with the working folder set to this one and no station config inherited.
    pub fn bantin(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("bantin").expect("bantin binary");
        cmd.current_dir(self.path());
        cmd
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }
}
