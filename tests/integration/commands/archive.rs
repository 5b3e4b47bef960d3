//! Integration tests: archive. Bulletin folders come from the playlist tests' builder.

use super::playlist::{
    ANTT_ORIGINAL, ANTT_SPOKEN, ANTT_TITLE, make_bulletin, one_item, sha256_hex,
};
use crate::kit::TestDir;
use std::path::{Path, PathBuf};
use std::process::Output;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn other_items() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![(
        "Xã Xuân Lam ra quân làm đường giao thông nông thôn",
        "Ngày 12/11/2026, xã Xuân Lam ra quân làm 2 km đường bê tông.",
        "Ngày mười hai tháng mười một, xã Xuân Lam ra quân làm hai ki lô mét đường bê tông.",
    )]
}

struct Station {
    t: TestDir,
}

impl Station {
    fn new() -> Self {
        Self { t: TestDir::new() }
    }
    fn bulletin(&self, date: &str, slot: &str) -> PathBuf {
        let items = if slot == "chieu" {
            other_items()
        } else {
            one_item()
        };
        make_bulletin(&self.t.path().join("bulletins"), date, slot, &items, 440.0)
    }
    fn run(&self, args: &[&str]) -> Output {
        self.t.bantin().args(args).output().unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    }
    fn folder(&self, id: &str) -> PathBuf {
        self.t
            .path()
            .join("archive")
            .join(&id[0..4])
            .join(&id[5..7])
            .join(id)
    }
    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

#[test]
fn add_stores_every_file_with_its_hash_and_search_ignores_diacritics() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    let out = s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert!(out.contains("archived 2026-11-27-sang"), "{out}");
    let folder = s.folder("2026-11-27-sang");
    for name in [
        "2026-11-27-sang.wav",
        "2026-11-27-sang.json",
        "2026-11-27-sang.html",
        "rundown.toml",
        "script.html",
        "script.txt",
        "record.json",
    ] {
        assert!(folder.join(name).is_file(), "{name} not archived");
    }
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("record.json")).unwrap())
            .unwrap();
    let wav = &record["files"][0];
    assert_eq!(wav["role"], "audio");
    assert_eq!(
        wav["sha256"].as_str().unwrap(),
        sha256_hex(&dir.join("out/2026-11-27-sang.wav"))
    );
    assert!(
        record["aired_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-27T05:30:00")
    );
    assert_eq!(record["rundown"]["items"][0]["title"], ANTT_TITLE);

    let hits = s.json(&["archive", "search", "an", "ninh", "trat", "tu", "--json"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "2026-11-27-sang");
    assert_eq!(hits[0]["item_title"], ANTT_TITLE);
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("[an] [ninh] [trật] [tự]"), "{snippet}");
    // Upper case and đ fold too; words not in the text find nothing.
    assert_eq!(
        s.json(&["archive", "search", "DAM BAO", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.json(&["archive", "search", "lúa", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let text = s.ok(&["archive", "search", "Thường", "trực"]);
    assert!(
        text.contains("2026-11-27 sang") && text.contains("[Thường] [trực]"),
        "{text}"
    );

    s.ok(&["archive", "verify"]);
    let shown = s.json(&["archive", "show", "2026-11-27-sang", "--json"]);
    assert_eq!(shown["bulletin"]["items"], 1);
    assert_eq!(
        shown["record"]["rundown"]["items"][0]["segments"][0]["original"],
        ANTT_ORIGINAL
    );
    assert_eq!(
        shown["record"]["rundown"]["items"][0]["segments"][0]["spoken"],
        ANTT_SPOKEN
    );
    let human = s.ok(&["archive", "show", "2026-11-27-sang"]);
    assert!(
        human.contains("#01 Hội nghị") && human.contains("-16.020 LUFS"),
        "{human}"
    );
}

#[test]
fn list_as_run_and_search_take_date_ranges() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.bulletin("2026-11-27", "chieu");
    s.bulletin("2026-12-01", "sang");
    s.ok(&[
        "archive",
        "add",
        "bulletins/2026-11-27-sang",
        "--aired-at",
        "05:31",
    ]);
    s.ok(&["archive", "add", "bulletins/2026-11-27-chieu"]);
    s.ok(&[
        "archive",
        "add",
        "bulletins/2026-12-01-sang",
        "--aired-at",
        "2026-12-01T05:32:10+07:00",
    ]);

    let all = s.json(&["archive", "list", "--json"]);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["2026-11-27-sang", "2026-11-27-chieu", "2026-12-01-sang"]
    );
    let november = s.json(&["archive", "list", "--to", "2026-11-30", "--json"]);
    assert_eq!(november.as_array().unwrap().len(), 2);

    let hits = s.json(&[
        "archive",
        "search",
        "an ninh",
        "--from",
        "2026-12-01",
        "--json",
    ]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "2026-12-01-sang");

    let csv = s.ok(&[
        "archive",
        "as-run",
        "--from",
        "2026-11-27",
        "--to",
        "2026-11-27",
    ]);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "aired_at,date,slot,title,duration_s,file,sha256");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("2026-11-27T05:31:00"), "{}", lines[1]);
    let wav =
        s.t.path()
            .join("bulletins/2026-11-27-sang/out/2026-11-27-sang.wav");
    assert!(
        lines[1].ends_with(&format!(
            ",1.500,2026/11/2026-11-27-sang/2026-11-27-sang.wav,{}",
            sha256_hex(&wav)
        )),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("2026-11-27T17:00:00"), "{}", lines[2]);
    let json = s.json(&["archive", "as-run", "--json"]);
    assert!(
        json[2]["aired_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-12-01T05:32:10")
    );
}

#[test]
fn adding_twice_is_a_no_op_when_identical_and_refused_when_different() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    let again = s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert!(
        again.contains("already in the archive") && again.contains("nothing to do"),
        "{again}"
    );

    super::playlist::write_sine(&dir.join("out/2026-11-27-sang.wav"), 1000.0, 1.5);
    let out = s.run(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2026-11-27-sang is already in the archive with different content")
            && err.contains("2026-11-27-sang.wav differs"),
        "{err}"
    );
    // The archived copy is the first one, untouched.
    s.ok(&["archive", "verify"]);
    let out = s.run(&[
        "archive",
        "add",
        "bulletins/2026-11-27-sang",
        "--aired-at",
        "05:45",
    ]);
    assert!(
        stderr(&out).contains("aired at 2026-11-27T05:30:00"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_identical_re_add_restores_lost_stored_files() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    let stored = s.folder("2026-11-27-sang");
    std::fs::remove_file(stored.join("2026-11-27-sang.wav")).unwrap();
    std::fs::write(stored.join("script.txt"), "sửa bậy\n").unwrap();
    assert_eq!(s.run(&["archive", "verify"]).status.code(), Some(1));
    let out = s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert!(
        out.contains("restored") && out.contains("2026-11-27-sang.wav, script.txt"),
        "{out}"
    );
    s.ok(&["archive", "verify"]);
    let out = s.run(&[
        "archive",
        "add",
        "bulletins/2026-11-27-sang",
        "--aired-at",
        "05:45",
    ]);
    assert!(
        stderr(&out).contains("aired at 2026-11-27T05:30:00"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_bulletin_folders_are_named_with_what_to_do() {
    let s = Station::new();
    let out = s.run(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bulletins/2026-11-27-sang is not a bulletin folder"),
        "{}",
        stderr(&out)
    );

    let dir = s.bulletin("2026-11-27", "sang");
    std::fs::remove_file(dir.join("out/2026-11-27-sang.wav")).unwrap();
    let out = s.run(&["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("out/2026-11-27-sang.wav is missing") && err.contains("bantin assemble"),
        "{err}"
    );

    let dir = s.bulletin("2026-11-28", "sang");
    std::fs::write(dir.join("rundown.toml"), "[bulletin]\ndate = 2026\n").unwrap();
    let out = s.run(&["archive", "add", "bulletins/2026-11-28-sang"]);
    assert!(
        stderr(&out).contains("rundown.toml: line"),
        "{}",
        stderr(&out)
    );

    let dir = s.bulletin("2026-11-29", "dacbiet");
    let out = s.run(&["archive", "add", dir.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("slot \"dacbiet\" is not in the station schedule")
            && stderr(&out).contains("--aired-at"),
        "{}",
        stderr(&out)
    );
    let out = s.run(&[
        "archive",
        "add",
        dir.to_str().unwrap(),
        "--aired-at",
        "noon",
    ]);
    assert!(
        stderr(&out).contains("\"noon\" is not a time"),
        "{}",
        stderr(&out)
    );
    s.ok(&[
        "archive",
        "add",
        dir.to_str().unwrap(),
        "--aired-at",
        "12:00",
    ]);
}

#[test]
fn a_run_killed_at_any_point_leaves_the_whole_record_or_none() {
    for point in ["mid-copy", "after-copy", "after-sidecar", "before-commit"] {
        let s = Station::new();
        s.bulletin("2026-11-27", "sang");
        s.bulletin("2026-11-27", "chieu");
        s.ok(&["archive", "add", "bulletins/2026-11-27-chieu"]);
        let out =
            s.t.bantin()
                .env("BANTIN_FAIL_AT", point)
                .args(["archive", "add", "bulletins/2026-11-27-sang"])
                .output()
                .unwrap();
        assert!(
            !out.status.success(),
            "{point}: the injected failure did not happen"
        );
        assert!(stderr(&out).contains(point), "{point}: {}", stderr(&out));
        // No half record: the catalog knows only the earlier bulletin.
        let ids = s.json(&["archive", "list", "--json"]);
        assert_eq!(ids.as_array().unwrap().len(), 1, "{point}");
        assert_eq!(
            s.json(&["archive", "search", "trat tu", "--json"]),
            serde_json::json!([])
        );
        if point == "after-sidecar" || point == "before-commit" {
            let out = s.run(&["archive", "verify"]);
            assert_eq!(out.status.code(), Some(1), "{point}");
            assert!(
                stdout(&out).contains("not-in-catalog"),
                "{point}: {}",
                stdout(&out)
            );
        }
        // A retry adopts or replaces what the killed run left, and all is well.
        let again = s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
        assert!(
            again.contains("archived 2026-11-27-sang"),
            "{point}: {again}"
        );
        s.ok(&["archive", "verify"]);
        assert_eq!(
            s.json(&["archive", "search", "trat tu", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let leftovers: Vec<_> = std::fs::read_dir(s.folder("2026-11-27-sang"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty(), "{point}: temporaries left");
    }
}

#[test]
fn two_adds_at_once_both_succeed() {
    let s = Station::new();
    let days: Vec<String> = (1..=6).map(|d| format!("2026-11-{d:02}")).collect();
    for d in &days {
        s.bulletin(d, "sang");
    }
    let children: Vec<_> = days
        .iter()
        .map(|d| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("bantin"))
                .current_dir(s.t.path())
                .args(["archive", "add", &format!("bulletins/{d}-sang")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(
        s.json(&["archive", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        s.json(&["archive", "search", "ninh", "--json"])
            .as_array()
            .unwrap()
            .len(),
        6
    );
    s.ok(&["archive", "verify"]);
}

#[test]
fn verify_names_every_altered_and_missing_file() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.bulletin("2026-11-27", "chieu");
    s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    s.ok(&["archive", "add", "bulletins/2026-11-27-chieu"]);
    let wav = s.folder("2026-11-27-sang").join("2026-11-27-sang.wav");
    let mut bytes = std::fs::read(&wav).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&wav, bytes).unwrap();
    std::fs::remove_file(s.folder("2026-11-27-chieu").join("script.txt")).unwrap();
    let out = s.run(&["archive", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("altered:") && text.contains("2026-11-27-sang.wav"),
        "{text}"
    );
    assert!(
        text.contains("missing:") && text.contains("2026-11-27-chieu/script.txt"),
        "{text}"
    );
    assert!(stderr(&out).contains("2 problem(s)"), "{}", stderr(&out));
    let json = s.run(&["archive", "verify", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["problems"].as_array().unwrap().len(), 2);

    // Export refuses the altered file rather than hand it out.
    let out = s.run(&["archive", "export", "2026-11-27-sang", "copy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the stored file is altered"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_copies_out_with_hashes_checked_and_never_replaces() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    let out = s.ok(&["archive", "export", "2026-11-27-sang", "copy"]);
    assert_eq!(out.lines().count(), 7, "{out}");
    assert_eq!(
        sha256_hex(&s.t.path().join("copy/2026-11-27-sang.wav")),
        sha256_hex(&dir.join("out/2026-11-27-sang.wav"))
    );
    let out = s.run(&["archive", "export", "2026-11-27-sang", "copy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already exists; it was kept"),
        "{}",
        stderr(&out)
    );

    for args in [
        &["archive", "show", "2026-13-01-sang"][..],
        &["archive", "export", "nope", "x"][..],
    ] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("no archived bulletin has the id"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn reindex_rebuilds_a_lost_catalog_and_names_corrupt_sidecars() {
    let s = Station::new();
    for (d, slot) in [
        ("2026-11-27", "sang"),
        ("2026-11-27", "chieu"),
        ("2026-11-28", "sang"),
    ] {
        s.bulletin(d, slot);
        s.ok(&["archive", "add", &format!("bulletins/{d}-{slot}")]);
    }
    let before = s.json(&["archive", "list", "--json"]);
    let catalog = s.t.path().join("archive/catalog.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", catalog.display()));
    }
    let out = s.run(&["archive", "search", "ninh"]);
    assert!(
        stderr(&out).contains("there is no archive catalog"),
        "{}",
        stderr(&out)
    );

    let out = s.ok(&["archive", "reindex"]);
    assert!(out.contains("from 3 sidecar records"), "{out}");
    assert_eq!(s.json(&["archive", "list", "--json"]), before);
    assert_eq!(
        s.json(&["archive", "search", "an ninh trat tu", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    s.ok(&["archive", "verify"]);

    // A damaged catalog file is replaced too.
    std::fs::write(&catalog, b"this is not a database").unwrap();
    s.ok(&["archive", "reindex"]);
    assert_eq!(s.json(&["archive", "list", "--json"]), before);

    // A bulletin folder copied by hand elsewhere in the store is named, not indexed twice.
    let copy = s.t.path().join("archive/2026/12/2026-11-27-sang");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        s.folder("2026-11-27-sang").join("record.json"),
        copy.join("record.json"),
    )
    .unwrap();
    let out = s.run(&["archive", "reindex"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("2026/12/2026-11-27-sang/record.json")
            && stderr(&out).contains("it repeats 2026-11-27-sang"),
        "{}",
        stderr(&out)
    );
    assert_eq!(s.json(&["archive", "list", "--json"]), before);
    std::fs::remove_dir_all(&copy).unwrap();

    let sidecar = s.folder("2026-11-28-sang").join("record.json");
    std::fs::write(&sidecar, b"{ \"id\": \"2026-11-28-sang\", ").unwrap();
    let out = s.run(&["archive", "reindex"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("2026-11-28-sang/record.json: the sidecar record cannot be read")
            && err.contains("Restore it from a backup"),
        "{err}"
    );
    assert_eq!(
        s.json(&["archive", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_catalog_schema_is_versioned() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.ok(&["archive", "add", "bulletins/2026-11-27-sang"]);
    let path: &Path = &s.t.path().join("archive/catalog.sqlite");
    let conn = rusqlite::Connection::open(path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, bantin::archive::schema::current_version());
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let out = s.run(&["archive", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("schema version 99, newer than this bantin knows"),
        "{}",
        stderr(&out)
    );
}
