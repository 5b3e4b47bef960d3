//! Integration tests: the archive keeps its promise when things go wrong — a lost or
//! empty catalog, runs killed at any moment, six runs of one bulletin at once, a full
//! disk, an air time in the future, an export into a folder that is in the way.

use crate::kit::bulletin::station_bulletin;
use crate::kit::{TestDir, assert_contains};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The stored folder of an archived bulletin under `archive`.
fn stored(archive: &Path, id: &str) -> PathBuf {
    archive.join(&id[0..4]).join(&id[5..7]).join(id)
}

/// Every file under `dir` whose name ends in `.part`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".part") {
                found.push(path);
            }
        }
    }
    found
}

fn bulletin(t: &TestDir, date: &str, slot: &str) -> String {
    station_bulletin(t.path(), date, slot)
}

#[test]
fn an_empty_or_missing_catalog_beside_stored_bulletins_points_to_reindex() {
    let t = TestDir::new();
    let morning = bulletin(&t, "2026-11-26", "sang");
    let evening = bulletin(&t, "2026-11-26", "chieu");
    t.ok(["archive", "add", &morning]);
    t.ok(["archive", "add", &evening]);
    let before = t.json(["archive", "list", "--json"]);
    let catalog = t.path().join("archive/catalog.sqlite");

    let every_reader: [&[&str]; 6] = [
        &["archive", "list"],
        &["archive", "search", "an", "ninh"],
        &["archive", "show", "2026-11-26-sang"],
        &["archive", "verify"],
        &["archive", "as-run"],
        &["archive", "export", "2026-11-26-sang", "copy"],
    ];
    for (damage, said) in [
        ("empty", "catalog.sqlite is empty (0 bytes)"),
        ("missing", "catalog.sqlite is missing"),
        ("no rows", "catalog.sqlite holds no bulletins"),
    ] {
        match damage {
            "empty" => std::fs::write(&catalog, b"").unwrap(),
            "missing" => std::fs::remove_file(&catalog).unwrap(),
            _ => {
                let conn = rusqlite::Connection::open(&catalog).unwrap();
                conn.execute_batch(
                    "DELETE FROM files; DELETE FROM takes; DELETE FROM segments; \
                     DELETE FROM items; DELETE FROM bulletins;",
                )
                .unwrap();
            }
        }
        for args in every_reader {
            let err = t.fails(2, args);
            assert_contains(
                &err,
                &[
                    said,
                    "but 2 archived bulletin(s) are stored in",
                    "nothing is lost",
                    "`bantin archive reindex`",
                ],
            );
        }
        // A new bulletin is not added to a catalog that would hide the others.
        let third = bulletin(&t, "2026-11-25", "sang");
        let err = t.fails(2, ["archive", "add", &third]);
        assert_contains(&err, &[said, "`bantin archive reindex`"]);
        assert!(!stored(&t.path().join("archive"), "2026-11-25-sang").exists());
        assert!(!t.path().join("copy").exists());

        t.ok(["archive", "reindex"]);
        assert_eq!(t.json(["archive", "list", "--json"]), before, "{damage}");
    }

    // Where nothing was ever archived, that is what is said.
    let err = t.fails(2, ["archive", "--archive", "elsewhere", "list"]);
    assert_contains(
        &err,
        &[
            "nothing is archived in elsewhere",
            "catalog.sqlite is missing",
            "--archive DIR",
        ],
    );
}

#[test]
fn six_adds_of_one_bulletin_at_once_all_succeed_and_say_so() {
    let t = TestDir::new();
    let dir = bulletin(&t, "2026-11-26", "sang");
    let children: Vec<_> = (0..6)
        .map(|_| {
            Command::new(assert_cmd::cargo::cargo_bin("bantin"))
                .current_dir(t.path())
                .args(["archive", "add", &dir])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut archived = 0;
    let mut already = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if stdout.contains("archived 2026-11-26-sang") {
            archived += 1;
        } else {
            assert_contains(&stdout, &["already in the archive", "nothing to do"]);
            already += 1;
        }
    }
    assert_eq!((archived, already), (1, 5));
    t.ok(["archive", "verify"]);
    assert!(temporaries(t.path()).is_empty());
}

#[test]
fn what_a_killed_add_left_is_listed_by_verify_and_cleaned_by_repair_or_the_next_add() {
    for point in ["mid-copy", "after-copy", "after-sidecar"] {
        let t = TestDir::new();
        let dir = bulletin(&t, "2026-11-26", "sang");
        let other = bulletin(&t, "2026-11-26", "chieu");
        t.ok(["archive", "add", &other]);
        let out = t
            .bantin()
            .env("BANTIN_FAIL_AT", point)
            .args(["archive", "add", &dir])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{point}: no failure injected");
        let found = t.expect(1, ["archive", "verify"]);
        assert!(!found.stderr.contains("all intact"), "{}", found.stderr);
        if point == "after-sidecar" {
            assert_contains(&found.stdout, &["not-in-catalog:", "--repair"]);
        } else {
            assert_contains(
                &found.stdout,
                &[
                    "orphan:",
                    "2026-11-26-sang/2026-11-26-sang.wav",
                    "no record.json beside it",
                    "`bantin archive verify --repair` removes it",
                ],
            );
        }
        let json: serde_json::Value =
            serde_json::from_str(&t.expect(1, ["archive", "verify", "--json"]).stdout).unwrap();
        assert!(!json["problems"].as_array().unwrap().is_empty());

        let repaired = t.ok(["archive", "verify", "--repair"]);
        if point == "after-sidecar" {
            // A whole record the catalog lacked is put in, not thrown away.
            assert_contains(
                &repaired,
                &["indexed:", "2026-11-26-sang put into the catalog"],
            );
            assert_eq!(
                t.json(["archive", "list", "--json"])
                    .as_array()
                    .unwrap()
                    .len(),
                2
            );
        } else {
            assert_contains(&repaired, &["removed:", "2026-11-26-sang.wav"]);
            assert!(!stored(&t.path().join("archive"), "2026-11-26-sang").exists());
        }
        t.ok(["archive", "verify"]);
        t.ok(["archive", "add", &dir]);
        t.ok(["archive", "verify"]);
    }

    // The next add of the bulletin cleans what an unfinished one left, unasked.
    let t = TestDir::new();
    let dir = bulletin(&t, "2026-11-26", "sang");
    let folder = stored(&t.path().join("archive"), "2026-11-26-sang");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join(".2026-11-26-sang.wav.k1Xz.part"),
        vec![0u8; 4096],
    )
    .unwrap();
    std::fs::write(folder.join("old-name.html"), "cũ").unwrap();
    let added = t.expect(0, ["archive", "add", &dir]);
    assert_contains(
        &added.stderr,
        &["removed 2 file(s) an earlier, interrupted `archive add` of 2026-11-26-sang left"],
    );
    assert!(!folder.join("old-name.html").exists());
    assert!(temporaries(t.path()).is_empty());
    t.ok(["archive", "verify"]);

    // An interrupted reindex's database is a leftover too.
    std::fs::write(
        t.path().join("archive/.catalog.reindex-99999.sqlite"),
        b"half",
    )
    .unwrap();
    assert_contains(
        &t.expect(1, ["archive", "verify"]).stdout,
        &["orphan:", "an interrupted `archive reindex`"],
    );
    t.ok(["archive", "verify", "--repair"]);
    t.ok(["archive", "verify"]);
}

/// A bulletin whose WAV is long enough (120 s, 48 kHz mono float: 23 MB) for a kill to
/// land inside a copy.
fn long_bulletin(t: &TestDir) -> String {
    let dir = bulletin(t, "2026-11-26", "sang");
    let wav = t.path().join(&dir).join("out/2026-11-26-sang.wav");
    let samples = crate::kit::signal::sine(48_000, 440.0, 0.3, 120.0);
    crate::kit::wav::write_f32(&wav, 48_000, 1, &samples);
    dir
}

/// The invariant after any stop: if anything is left over on disk (a temporary file, a
/// stored folder without its record, a record the catalog lacks), `verify` says so
/// (exit 1, never "all intact"); either way the next `add` completes and cleans up.
fn check_after_a_stop(t: &TestDir, dir: &str, what: &str) {
    let archive = t.path().join("archive");
    let folder = stored(&archive, "2026-11-26-sang");
    let listed = t.run(["archive", "list", "--json"]);
    let in_catalog = listed.code == 0 && listed.stdout.contains("2026-11-26-sang");
    let left_over = !temporaries(&archive).is_empty()
        // A folder made but still empty (killed between its mkdir and the first copy)
        // holds nothing and is not a leftover; one with files but no record is.
        || (!folder.join("record.json").exists()
            && std::fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_some()))
        || (folder.join("record.json").exists() && !in_catalog);
    let verify = t.run(["archive", "verify"]);
    if left_over {
        // 1 naming each leftover, or 2 when the first add ever was stopped after its
        // record was written (the catalog then holds no bulletin: reindex is named).
        assert_ne!(verify.code, 0, "{what}: {}{}", verify.stdout, verify.stderr);
        assert!(!verify.stderr.contains("all intact"), "{what}");
    } else if archive.join("catalog.sqlite").exists() && verify.code != 2 {
        assert_eq!(verify.code, 0, "{what}: {}{}", verify.stdout, verify.stderr);
    }
    let again = t.run(["archive", "add", dir]);
    assert_eq!(again.code, 0, "{what}: {}{}", again.stdout, again.stderr);
    t.ok(["archive", "verify"]);
    assert!(temporaries(&archive).is_empty(), "{what}");
}

#[test]
fn an_add_killed_at_many_points_leaves_a_state_verify_tells_and_the_next_add_cleans() {
    // How long a whole add takes here, to spread the kills over it.
    let probe = TestDir::new();
    let dir = long_bulletin(&probe);
    let started = Instant::now();
    probe.ok(["archive", "add", &dir]);
    let whole = started.elapsed().max(Duration::from_millis(50));

    let mut stopped_early = 0;
    for k in 0..16u32 {
        let t = TestDir::new();
        let dir = long_bulletin(&t);
        let signal = if k % 2 == 0 { "-KILL" } else { "-INT" };
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
            .current_dir(t.path())
            .args(["archive", "add", &dir])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * k / 24);
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if !status.success() {
            stopped_early += 1;
        }
        check_after_a_stop(&t, &dir, &format!("{signal} after {:?}", whole * k / 24));
    }
    assert!(
        stopped_early >= 4,
        "only {stopped_early} of 16 runs were stopped"
    );
}

/// A disk that fills up during an add: the run fails naming the disk, and leaves
/// neither a temporary file nor a half-stored bulletin. Simulated everywhere (debug
/// builds: `BANTIN_FAIL_AT=disk-full` fails the second file's copy with ENOSPC); on a
/// real 5 MB tmpfs when the tests run as root and may mount one.
#[test]
fn a_full_disk_leaves_nothing_half_written() {
    let t = TestDir::new();
    let dir = bulletin(&t, "2026-11-26", "sang");
    let other = bulletin(&t, "2026-11-26", "chieu");
    t.ok(["archive", "add", &other]);
    let out = t
        .bantin()
        .env("BANTIN_FAIL_AT", "disk-full")
        .args(["archive", "add", &dir])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_contains(
        &String::from_utf8_lossy(&out.stderr),
        &["2026-11-26-sang.json", "No space left on device"],
    );
    assert!(!stored(&t.path().join("archive"), "2026-11-26-sang").exists());
    assert!(temporaries(t.path()).is_empty());
    t.ok(["archive", "verify"]);
    t.ok(["archive", "add", &dir]);

    let Some(disk) = SmallDisk::mount(&t.path().join("disk")) else {
        eprintln!("not root or no tmpfs: the real full-disk case was not run here");
        return;
    };
    let t2 = TestDir::new();
    let dir = bulletin(&t2, "2026-11-26", "sang");
    // 3 MB of audio fits, the 3 MB report page after it does not.
    crate::kit::wav::write_i16(
        &t2.path().join(&dir).join("out/2026-11-26-sang.wav"),
        48_000,
        1,
        &crate::kit::signal::sine(48_000, 440.0, 0.3, 32.0),
    );
    std::fs::write(
        t2.path().join(&dir).join("out/2026-11-26-sang.html"),
        "<p>báo cáo</p>\n".repeat(200_000),
    )
    .unwrap();
    let archive = disk.path.join("archive");
    let archive_arg = archive.to_str().unwrap();
    let err = t2.fails(2, ["archive", "--archive", archive_arg, "add", &dir]);
    assert_contains(&err, &["No space left on device"]);
    assert!(!stored(&archive, "2026-11-26-sang").exists(), "{err}");
    assert!(temporaries(&disk.path).is_empty());
    t2.ok(["archive", "--archive", archive_arg, "verify"]);
}

/// A 5 MB tmpfs, unmounted when dropped.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn mount(path: &Path) -> Option<Self> {
        std::fs::create_dir_all(path).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=5m", "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        mounted.then(|| Self {
            path: path.to_path_buf(),
        })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn an_air_time_in_the_future_is_refused_unless_forced() {
    let t = TestDir::new();
    let vietnam = jiff::tz::TimeZoneDatabase::bundled()
        .get("Asia/Ho_Chi_Minh")
        .unwrap();
    let now = jiff::Timestamp::now().to_zoned_datetime(vietnam);
    let next_year = now.date().checked_add(jiff::Span::new().years(1)).unwrap();
    let dir = bulletin(&t, &next_year.to_string(), "sang");
    let err = t.fails(2, ["archive", "add", &dir]);
    assert_contains(
        &err,
        &[
            &format!("the air time {next_year}T05:30:00+07:00 is in the future"),
            "the station's clock says",
            "add --force",
        ],
    );
    assert!(!t.path().join("archive").exists(), "nothing written");

    let today = bulletin(&t, &now.date().to_string(), "chieu");
    let rfc = |minutes: i64| {
        let z = now.checked_add(jiff::Span::new().minutes(minutes)).unwrap();
        z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    };
    let err = t.fails(2, ["archive", "add", &today, "--aired-at", &rfc(60)]);
    assert_contains(&err, &["is in the future"]);
    // A few minutes of difference between clocks is not a mistake.
    t.ok(["archive", "add", &today, "--aired-at", &rfc(2)]);
    t.ok(["archive", "add", &dir, "--force"]);
    assert_eq!(
        t.json(["archive", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn export_checks_the_whole_target_first_and_writes_all_or_nothing() {
    let t = TestDir::new();
    let dir = bulletin(&t, "2026-11-26", "sang");
    t.ok(["archive", "add", &dir]);
    let copy = t.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    // A link to a file that is not there (a USB stick that was unplugged).
    std::os::unix::fs::symlink("/nonexistent/x.html", copy.join("2026-11-26-sang.html")).unwrap();
    let err = t.fails(2, ["archive", "export", "2026-11-26-sang", "copy"]);
    assert_contains(
        &err,
        &[
            "copy already holds 2026-11-26-sang.html",
            "nothing was exported",
            "--force",
        ],
    );
    assert_eq!(
        std::fs::read_dir(&copy).unwrap().count(),
        1,
        "nothing written"
    );

    // --force (which export has) replaces the link itself, never what it points to.
    let out = t.ok(["archive", "export", "2026-11-26-sang", "copy", "--force"]);
    assert_eq!(out.lines().count(), 7, "{out}");
    let html = copy.join("2026-11-26-sang.html");
    assert!(!html.symlink_metadata().unwrap().is_symlink());
    assert!(!Path::new("/nonexistent/x.html").exists());

    // A folder where a file would go is refused, even with --force.
    let blocked = t.path().join("blocked");
    std::fs::create_dir_all(blocked.join("rundown.toml")).unwrap();
    let err = t.fails(
        2,
        ["archive", "export", "2026-11-26-sang", "blocked", "--force"],
    );
    assert_contains(&err, &["rundown.toml is a folder", "nothing was exported"]);
    assert_eq!(std::fs::read_dir(&blocked).unwrap().count(), 1);

    // A stored file altered after the others were copied: no half-filled folder.
    let script = stored(&t.path().join("archive"), "2026-11-26-sang").join("script.txt");
    std::fs::write(&script, "sửa bậy\n").unwrap();
    let err = t.fails(2, ["archive", "export", "2026-11-26-sang", "fresh"]);
    assert_contains(&err, &["script.txt", "the stored file is altered"]);
    assert!(
        !t.path().join("fresh").exists(),
        "the folder it made is gone"
    );
    let err = t.fails(
        2,
        ["archive", "export", "2026-11-26-sang", "copy", "--force"],
    );
    assert_contains(&err, &["the stored file is altered"]);
    assert!(temporaries(t.path()).is_empty());
}

/// A catalogued bulletin whose sidecar went missing is a missing file, not leftovers:
/// `--repair` must never remove an archived bulletin's files.
#[test]
fn repair_never_removes_the_files_of_a_catalogued_bulletin() {
    let t = TestDir::new();
    let dir = bulletin(&t, "2026-11-26", "sang");
    t.ok(["archive", "add", &dir]);
    let folder = stored(&t.path().join("archive"), "2026-11-26-sang");
    std::fs::remove_file(folder.join("record.json")).unwrap();
    let found = t.expect(1, ["archive", "verify"]).stdout;
    assert_contains(&found, &["missing:", "record.json"]);
    assert!(!found.contains("orphan"), "{found}");
    t.expect(1, ["archive", "verify", "--repair"]);
    assert!(folder.join("2026-11-26-sang.wav").is_file());
    // The bulletin folder puts the record back.
    let out = t.ok(["archive", "add", &dir]);
    assert_contains(&out, &["restored", "record.json"]);
    t.ok(["archive", "verify"]);
}

/// Ctrl-C or SIGTERM in the middle of an add's copy: the run removes what it had
/// copied, says nothing was changed, and ends with the signal's status (130, 143).
#[test]
fn ctrl_c_or_sigterm_during_an_add_removes_what_it_copied() {
    for (signal, status) in [("-INT", 130), ("-TERM", 143)] {
        let t = TestDir::new();
        let dir = long_bulletin(&t);
        let archive = t.path().join("archive");
        let folder = stored(&archive, "2026-11-26-sang");
        let child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
            .current_dir(t.path())
            .args(["archive", "add", &dir])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The signal comes while the first file is being copied.
        let started = Instant::now();
        while temporaries(&folder).is_empty() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_micros(300));
        }
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            eprintln!("{signal}: the add finished before the signal came; not checked");
            continue;
        }
        assert_eq!(out.status.code(), Some(status), "{signal}: {stderr}");
        assert_contains(&stderr, &["stopped by", "nothing was changed"]);
        assert!(!folder.exists(), "{signal}: the bulletin's folder is left");
        assert!(temporaries(&archive).is_empty(), "{signal}");
        t.ok(["archive", "verify"]);
        t.ok(["archive", "add", &dir]);
    }
}
