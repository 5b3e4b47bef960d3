//! Integration tests: archive. Finished bulletin folders come from the kit.

use crate::kit::bulletin::{
    ANTT_ORIGINAL, ANTT_SPOKEN, ANTT_TITLE, ONE_ITEM, OTHER_ITEM, finished, write_programme,
};
use crate::kit::{TestDir, assert_contains, sha256_hex};
use std::ops::Deref;
use std::path::PathBuf;

/// A station folder whose bulletins (the example item in the morning, another in the
/// afternoon) are archived into `archive/`.
struct Station {
    t: TestDir,
}

impl Deref for Station {
    type Target = TestDir;
    fn deref(&self) -> &TestDir {
        &self.t
    }
}

impl Station {
    fn new() -> Self {
        Self { t: TestDir::new() }
    }
    fn bulletin(&self, date: &str, slot: &str) -> PathBuf {
        let items = if slot == "chieu" {
            OTHER_ITEM
        } else {
            ONE_ITEM
        };
        finished(&self.path().join("bulletins"), date, slot, items, 440.0)
    }
    /// The stored folder of an archived bulletin.
    fn folder(&self, id: &str) -> PathBuf {
        self.path()
            .join("archive")
            .join(&id[0..4])
            .join(&id[5..7])
            .join(id)
    }
    /// How many entries the JSON array printed by `args` has.
    fn count(&self, args: &[&str]) -> usize {
        self.json(args).as_array().unwrap().len()
    }
    /// Adding the archived bulletin again at another time is refused, naming the time it
    /// was archived with.
    fn air_time_is_kept(&self, dir: &str, aired: &str) {
        let err = self.fails(2, ["archive", "add", dir, "--aired-at", "05:45"]);
        assert_contains(&err, &[&format!("aired at {aired}")]);
    }
}

#[test]
fn add_stores_every_file_with_its_hash_and_search_ignores_diacritics() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    let out = s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(&out, &["archived 2026-11-27-sang"]);
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

    let hits = s.json(["archive", "search", "an", "ninh", "trat", "tu", "--json"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "2026-11-27-sang");
    assert_eq!(hits[0]["item_title"], ANTT_TITLE);
    assert_contains(
        hits[0]["snippet"].as_str().unwrap(),
        &["[an] [ninh] [trật] [tự]"],
    );
    // Upper case and đ fold too; words not in the text find nothing.
    assert_eq!(s.count(&["archive", "search", "DAM BAO", "--json"]), 1);
    assert_eq!(s.count(&["archive", "search", "lúa", "--json"]), 0);
    let text = s.ok(["archive", "search", "Thường", "trực"]);
    assert_contains(&text, &["2026-11-27 sang", "[Thường] [trực]"]);

    s.ok(["archive", "verify"]);
    let shown = s.json(["archive", "show", "2026-11-27-sang", "--json"]);
    assert_eq!(shown["bulletin"]["items"], 1);
    let segment = &shown["record"]["rundown"]["items"][0]["segments"][0];
    assert_eq!(segment["original"], ANTT_ORIGINAL);
    assert_eq!(segment["spoken"], ANTT_SPOKEN);
    let human = s.ok(["archive", "show", "2026-11-27-sang"]);
    assert_contains(&human, &["#01 Hội nghị", "-16.020 LUFS"]);
}

#[test]
fn list_as_run_and_search_take_date_ranges() {
    let s = Station::new();
    s.bulletin("2026-11-20", "sang");
    s.bulletin("2026-11-20", "chieu");
    s.bulletin("2026-11-24", "sang");
    s.ok([
        "archive",
        "add",
        "bulletins/2026-11-20-sang",
        "--aired-at",
        "05:31",
    ]);
    s.ok(["archive", "add", "bulletins/2026-11-20-chieu"]);
    s.ok([
        "archive",
        "add",
        "bulletins/2026-11-24-sang",
        "--aired-at",
        "2026-11-24T05:32:10+07:00",
    ]);

    let all = s.json(["archive", "list", "--json"]);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["2026-11-20-sang", "2026-11-20-chieu", "2026-11-24-sang"]
    );
    assert_eq!(
        s.count(&["archive", "list", "--to", "2026-11-23", "--json"]),
        2
    );

    let hits = s.json([
        "archive",
        "search",
        "an ninh",
        "--from",
        "2026-11-24",
        "--json",
    ]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "2026-11-24-sang");

    let csv = s.ok([
        "archive",
        "as-run",
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-20",
    ]);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "aired_at,date,slot,title,duration_s,file,sha256");
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("2026-11-20T05:31:00"), "{}", lines[1]);
    let wav = s
        .path()
        .join("bulletins/2026-11-20-sang/out/2026-11-20-sang.wav");
    assert!(
        lines[1].ends_with(&format!(
            ",1.500,2026/11/2026-11-20-sang/2026-11-20-sang.wav,{}",
            sha256_hex(&wav)
        )),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("2026-11-20T17:00:00"), "{}", lines[2]);
    let json = s.json(["archive", "as-run", "--json"]);
    assert!(
        json[2]["aired_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-24T05:32:10")
    );
    // To a file, the same log.
    s.ok(["archive", "as-run", "-o", "logs/as-run.json", "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&s.read("logs/as-run.json")).unwrap(),
        json
    );
}

#[test]
fn adding_twice_is_a_no_op_when_identical_and_refused_when_different() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    let again = s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(&again, &["already in the archive", "nothing to do"]);

    write_programme(&dir.join("out/2026-11-27-sang.wav"), 1000.0);
    let err = s.fails(2, ["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(
        &err,
        &[
            "2026-11-27-sang is already in the archive with different content",
            "2026-11-27-sang.wav differs",
        ],
    );
    // The archived copy is the first one, untouched.
    s.ok(["archive", "verify"]);
    s.air_time_is_kept("bulletins/2026-11-27-sang", "2026-11-27T05:30:00");
}

#[test]
fn an_identical_re_add_restores_lost_stored_files() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    let stored = s.folder("2026-11-27-sang");
    std::fs::remove_file(stored.join("2026-11-27-sang.wav")).unwrap();
    std::fs::write(stored.join("script.txt"), "sửa bậy\n").unwrap();
    s.expect(1, ["archive", "verify"]);
    let out = s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(&out, &["restored", "2026-11-27-sang.wav, script.txt"]);
    s.ok(["archive", "verify"]);
    s.air_time_is_kept("bulletins/2026-11-27-sang", "2026-11-27T05:30:00");
}

#[test]
fn bad_bulletin_folders_are_named_with_what_to_do() {
    let s = Station::new();
    let err = s.fails(2, ["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(
        &err,
        &["bulletins/2026-11-27-sang is not a bulletin folder"],
    );

    let dir = s.bulletin("2026-11-27", "sang");
    std::fs::remove_file(dir.join("out/2026-11-27-sang.wav")).unwrap();
    let err = s.fails(2, ["archive", "add", "bulletins/2026-11-27-sang"]);
    assert_contains(
        &err,
        &["out/2026-11-27-sang.wav is missing", "bantin assemble"],
    );

    let dir = s.bulletin("2026-11-26", "sang");
    std::fs::write(dir.join("rundown.toml"), "[bulletin]\ndate = 2026\n").unwrap();
    let err = s.fails(2, ["archive", "add", "bulletins/2026-11-26-sang"]);
    assert_contains(&err, &["rundown.toml: line"]);

    let dir = s.bulletin("2026-11-25", "dacbiet");
    let dir = dir.to_str().unwrap();
    let err = s.fails(2, ["archive", "add", dir]);
    assert_contains(
        &err,
        &[
            "slot \"dacbiet\" is not in the station schedule",
            "--aired-at",
        ],
    );
    let err = s.fails(2, ["archive", "add", dir, "--aired-at", "noon"]);
    assert_contains(&err, &["\"noon\" is not a time"]);
    s.ok(["archive", "add", dir, "--aired-at", "12:00"]);
}

#[test]
fn a_run_killed_at_any_point_leaves_the_whole_record_or_none() {
    for point in ["mid-copy", "after-copy", "after-sidecar", "before-commit"] {
        let s = Station::new();
        s.bulletin("2026-11-27", "sang");
        s.bulletin("2026-11-27", "chieu");
        s.ok(["archive", "add", "bulletins/2026-11-27-chieu"]);
        let out = s
            .bantin()
            .env("BANTIN_FAIL_AT", point)
            .args(["archive", "add", "bulletins/2026-11-27-sang"])
            .output()
            .unwrap();
        assert!(
            !out.status.success(),
            "{point}: the injected failure did not happen"
        );
        assert_contains(&String::from_utf8_lossy(&out.stderr), &[point]);
        // No half record: the catalog knows only the earlier bulletin.
        assert_eq!(s.count(&["archive", "list", "--json"]), 1, "{point}");
        assert_eq!(s.count(&["archive", "search", "trat tu", "--json"]), 0);
        if point == "after-sidecar" || point == "before-commit" {
            let found = s.expect(1, ["archive", "verify"]).stdout;
            assert_contains(&found, &["not-in-catalog"]);
        }
        // A retry adopts or replaces what the killed run left, and all is well.
        let again = s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
        assert_contains(&again, &["archived 2026-11-27-sang"]);
        s.ok(["archive", "verify"]);
        assert_eq!(s.count(&["archive", "search", "trat tu", "--json"]), 1);
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
                .current_dir(s.path())
                .args(["archive", "add", &format!("bulletins/{d}-sang")])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(s.count(&["archive", "list", "--json"]), 6);
    assert_eq!(s.count(&["archive", "search", "ninh", "--json"]), 6);
    s.ok(["archive", "verify"]);
}

#[test]
fn verify_names_every_altered_and_missing_file() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.bulletin("2026-11-27", "chieu");
    s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    s.ok(["archive", "add", "bulletins/2026-11-27-chieu"]);
    let wav = s.folder("2026-11-27-sang").join("2026-11-27-sang.wav");
    let mut bytes = std::fs::read(&wav).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&wav, bytes).unwrap();
    std::fs::remove_file(s.folder("2026-11-27-chieu").join("script.txt")).unwrap();
    let found = s.expect(1, ["archive", "verify"]);
    assert_contains(
        &found.stdout,
        &[
            "altered:",
            "2026-11-27-sang.wav",
            "missing:",
            "2026-11-27-chieu/script.txt",
        ],
    );
    assert_contains(&found.stderr, &["2 problem(s)"]);
    let json = s.expect(1, ["archive", "verify", "--json"]).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["problems"].as_array().unwrap().len(), 2);

    // Export refuses the altered file rather than hand it out.
    let err = s.fails(2, ["archive", "export", "2026-11-27-sang", "copy"]);
    assert_contains(&err, &["the stored file is altered"]);
}

#[test]
fn export_copies_out_with_hashes_checked_and_never_replaces() {
    let s = Station::new();
    let dir = s.bulletin("2026-11-27", "sang");
    s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    let out = s.ok(["archive", "export", "2026-11-27-sang", "copy"]);
    assert_eq!(out.lines().count(), 7, "{out}");
    assert_eq!(
        sha256_hex(&s.path().join("copy/2026-11-27-sang.wav")),
        sha256_hex(&dir.join("out/2026-11-27-sang.wav"))
    );
    let err = s.fails(2, ["archive", "export", "2026-11-27-sang", "copy"]);
    assert_contains(
        &err,
        &[
            "copy already holds 2026-11-27-sang.wav, 2026-11-27-sang.json",
            "nothing was exported. Use --force to replace them",
        ],
    );
    std::fs::write(s.path().join("copy/rundown.toml"), "sửa bậy\n").unwrap();
    let out = s.ok(["archive", "export", "2026-11-27-sang", "copy", "--force"]);
    assert_eq!(out.lines().count(), 7, "{out}");
    assert_eq!(
        sha256_hex(&s.path().join("copy/rundown.toml")),
        sha256_hex(&dir.join("rundown.toml"))
    );

    for args in [
        &["archive", "show", "2026-13-01-sang"][..],
        &["archive", "export", "nope", "x"][..],
    ] {
        assert_contains(&s.fails(2, args), &["no archived bulletin has the id"]);
    }
}

#[test]
fn reindex_rebuilds_a_lost_catalog_and_names_corrupt_sidecars() {
    let s = Station::new();
    for (d, slot) in [
        ("2026-11-27", "sang"),
        ("2026-11-27", "chieu"),
        ("2026-11-26", "sang"),
    ] {
        s.bulletin(d, slot);
        s.ok(["archive", "add", &format!("bulletins/{d}-{slot}")]);
    }
    let before = s.json(["archive", "list", "--json"]);
    let catalog = s.path().join("archive/catalog.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", catalog.display()));
    }
    let err = s.fails(2, ["archive", "search", "ninh"]);
    assert_contains(
        &err,
        &[
            "catalog.sqlite is missing, but 3 archived bulletin(s) are stored in",
            "nothing is lost",
            "bantin archive reindex",
        ],
    );

    let out = s.ok(["archive", "reindex"]);
    assert_contains(&out, &["from 3 sidecar records"]);
    assert_eq!(s.json(["archive", "list", "--json"]), before);
    assert_eq!(
        s.count(&["archive", "search", "an ninh trat tu", "--json"]),
        2
    );
    s.ok(["archive", "verify"]);

    // A damaged catalog file is replaced too.
    std::fs::write(&catalog, b"this is not a database").unwrap();
    s.ok(["archive", "reindex"]);
    assert_eq!(s.json(["archive", "list", "--json"]), before);

    // A bulletin folder copied by hand elsewhere in the store is named, not indexed twice.
    let copy = s.path().join("archive/2026/12/2026-11-27-sang");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        s.folder("2026-11-27-sang").join("record.json"),
        copy.join("record.json"),
    )
    .unwrap();
    let err = s.fails(1, ["archive", "reindex"]);
    assert_contains(
        &err,
        &[
            "2026/12/2026-11-27-sang/record.json",
            "it repeats 2026-11-27-sang",
        ],
    );
    assert_eq!(s.json(["archive", "list", "--json"]), before);
    std::fs::remove_dir_all(&copy).unwrap();

    let sidecar = s.folder("2026-11-26-sang").join("record.json");
    std::fs::write(&sidecar, b"{ \"id\": \"2026-11-26-sang\", ").unwrap();
    let err = s.fails(1, ["archive", "reindex"]);
    assert_contains(
        &err,
        &[
            "2026-11-26-sang/record.json: the sidecar record cannot be read",
            "Restore it from a backup",
        ],
    );
    assert_eq!(s.count(&["archive", "list", "--json"]), 2);
}

#[test]
fn the_catalog_schema_is_versioned() {
    let s = Station::new();
    s.bulletin("2026-11-27", "sang");
    s.ok(["archive", "add", "bulletins/2026-11-27-sang"]);
    let conn = rusqlite::Connection::open(s.path().join("archive/catalog.sqlite")).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, bantin::archive::schema::current_version());
    // A rollback journal: the catalog is one file, readable where nothing can be written.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let err = s.fails(2, ["archive", "list"]);
    assert_contains(&err, &["schema version 99, newer than this bantin knows"]);
}
