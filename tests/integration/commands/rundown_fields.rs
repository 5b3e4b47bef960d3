//! Integration tests: a hand-edited rundown whose fields would reach a path (or a
//! computation) with a bad value is refused by every command that reads it — `status`,
//! `assemble` and `archive add` — with the file, the line and the form expected, and
//! nothing is written anywhere.

use crate::kit::bulletin::{ONE_ITEM, finished};
use crate::kit::signal::speech;
use crate::kit::wav::write_f32;
use crate::kit::{TestDir, assert_contains};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A finished bulletin `bulletins/2026-11-27-sang` with every take recorded, so that
/// `assemble --force` and `archive add` would run to the end on a good rundown.
fn recorded_bulletin(t: &TestDir) -> PathBuf {
    let dir = finished(
        &t.path().join("bulletins"),
        "2026-11-27",
        "sang",
        ONE_ITEM,
        440.0,
    );
    for (k, take) in ["00-mo-dau", "01-1", "99-ket-thuc"].iter().enumerate() {
        write_f32(
            &dir.join(format!("recordings/{take}.wav")),
            48_000,
            1,
            &speech(48_000, 1.0, -18.0, k as u32 + 1),
        );
    }
    dir
}

/// Every file under `root` with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}

#[test]
fn a_bad_field_is_refused_by_every_command_with_its_line_and_nothing_is_written() {
    // (the line as `bantin new` writes it, the line staff made of it, what the message says)
    let cases: &[(&str, &str, &str)] = &[
        (
            "slot = \"sang\"",
            "slot = \"../../../escape\"",
            "a slot id is letters a-z, digits, - and _",
        ),
        ("slot = \"sang\"", "slot = \"sáng\"", "slot id"),
        (
            "date = \"2026-11-27\"",
            "date = \"28/11/2026\"",
            "is not a date written YYYY-MM-DD (year-month-day, e.g. \"2026-11-27\"); for 28/11/2026 write date = \"2026-11-28\"",
        ),
        (
            "date = \"2026-11-27\"",
            "date = \"2026-11-31\"",
            "date = \"2026-11-31\" is not a date written YYYY-MM-DD",
        ),
        (
            "date = \"2026-11-27\"",
            "date = \"../../../escape\"",
            "is not a date written YYYY-MM-DD",
        ),
        (
            "target_s = 600.0",
            "target_s = nan",
            "target_s = NaN is not a bulletin length",
        ),
        (
            "target_s = 600.0",
            "target_s = inf",
            "target_s = inf is not a bulletin length",
        ),
        (
            "target_s = 600.0",
            "rate_spm = inf\ntarget_s = 600.0",
            "rate_spm = inf is not a reading rate",
        ),
        (
            "estimate_s = ",
            "estimate_s = inf # ",
            "estimate_s = inf is not a reading time",
        ),
        (
            "estimate_s = ",
            "estimate_s = nan # ",
            "estimate_s = NaN is not a reading time",
        ),
        (
            "id = \"01\"",
            "id = \"../01\"",
            "id = \"../01\" holds a folder separator",
        ),
        (
            "id = \"01-1\"",
            "id = \"/tmp/01-1\"",
            "id = \"/tmp/01-1\" holds a folder separator",
        ),
        (
            "take = \"01-1\"",
            "take = \"../../../escape\"",
            "take = \"../../../escape\" holds a folder separator",
        ),
        ("take = \"01-1\"", "take = \"..\"", "holds \"..\""),
        (
            "take = \"01-1\"",
            "take = \"a\\u0000b\"",
            "take = \"a\\u0000b\" holds a control character",
        ),
        ("take = \"01-1\"", "take = \"C:x\"", "holds \":\""),
    ];
    for (good, bad, expected) in cases {
        let t = TestDir::new();
        let dir = recorded_bulletin(&t);
        let rundown = dir.join("rundown.toml");
        let text = std::fs::read_to_string(&rundown).unwrap();
        assert!(text.contains(good), "{good} not in the rundown");
        let edited = text.replacen(good, bad, 1);
        std::fs::write(&rundown, &edited).unwrap();
        let first = bad.lines().next().unwrap();
        let line = edited.lines().position(|l| l.contains(first)).unwrap() + 1;
        let before = snapshot(t.path());
        for args in [
            &["status", "bulletins/2026-11-27-sang"][..],
            &["assemble", "bulletins/2026-11-27-sang", "--force"][..],
            &["archive", "add", "bulletins/2026-11-27-sang"][..],
        ] {
            let err = t.fails(2, args);
            assert_contains(
                &err,
                &[
                    &format!("bulletins/2026-11-27-sang/rundown.toml: line {line}: "),
                    expected,
                    "Fix that line of the rundown",
                ],
            );
        }
        assert!(
            before == snapshot(t.path()),
            "{bad}: a file was written or changed"
        );
        assert!(!t.path().join("escape.wav").exists());
    }
}

/// The edited rundown read back the same by every command once the line is fixed: the
/// check is on the value, not on the command.
#[test]
fn the_fixed_rundown_is_accepted_again() {
    let t = TestDir::new();
    let dir = recorded_bulletin(&t);
    let rundown = dir.join("rundown.toml");
    let good = std::fs::read_to_string(&rundown).unwrap();
    std::fs::write(&rundown, good.replace("slot = \"sang\"", "slot = \"../x\"")).unwrap();
    t.fails(2, ["status", "bulletins/2026-11-27-sang"]);
    std::fs::write(&rundown, &good).unwrap();
    t.ok(["status", "bulletins/2026-11-27-sang"]);
    t.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
}
