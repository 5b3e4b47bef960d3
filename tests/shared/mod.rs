//! What both test binaries use (the integration tests' `kit` and the web tests'
//! `harness` include this file with `#[path]`: one test binary cannot import another).
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

/// Today in the default station time zone (`[station] timezone`, Asia/Ho_Chi_Minh): the
/// day `--date today` means and the server's day, whatever zone the machine running the
/// tests is in (a CI machine in UTC is a day behind between 17:00 and 24:00 UTC).
pub fn station_today() -> String {
    let vietnam = jiff::tz::TimeZoneDatabase::bundled()
        .get("Asia/Ho_Chi_Minh")
        .expect("the bundled time zone database");
    jiff::Timestamp::now()
        .to_zoned_datetime(vietnam)
        .date()
        .to_string()
}

/// Lower-case hex SHA-256 of bytes, computed here (not by bantin) to check its hashes.
pub fn sha256_hex_of(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lower-case hex SHA-256 of a file.
pub fn sha256_hex(path: &Path) -> String {
    sha256_hex_of(&std::fs::read(path).unwrap())
}

/// Take `take`'s entry in the document `bantin status --json` prints.
pub fn status_take<'a>(status: &'a serde_json::Value, take: &str) -> &'a serde_json::Value {
    status["takes"]
        .as_array()
        .expect("status --json lists its takes")
        .iter()
        .find(|t| t["take"] == take)
        .unwrap_or_else(|| panic!("no take {take} in {status}"))
}
