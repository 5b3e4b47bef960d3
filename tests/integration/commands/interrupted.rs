//! `bantin assemble` stopped at any moment — Ctrl-C, SIGTERM, SIGKILL, a crash between
//! two renames — leaves the bulletin's WAV, report and page as one set: the whole old
//! one or the whole new one, never a new WAV beside an old report. What a stopped run
//! leaves behind is gone after the next bantin command in the folder.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::kit::bulletin::{item, rundown, segment, write_rundown};
use crate::kit::signal::speech;
use crate::kit::wav::write_f32;
use crate::kit::{TestDir, sha256_hex};

/// The bulletin folder, where `bantin playlist` looks for it.
const B: &str = "bulletins/2026-11-27-sang";
const OUT: &str = "bulletins/2026-11-27-sang/out/2026-11-27-sang.wav";

/// A station with one slot and a bulletin whose takes add up to a programme of about
/// 40 seconds, so assembling it takes a moment.
fn station() -> TestDir {
    let t = TestDir::new();
    t.write(
        "bantin.toml",
        "[[schedule.slots]]\nid = \"sang\"\ntime = \"05:30\"\ntitle = \"Bản tin sáng\"\n",
    );
    let take = |id: &str| segment(id, "Xin chào bà con.", "");
    let r = rundown(
        "2026-11-27",
        "sang",
        "Bản tin sáng",
        600.0,
        vec![
            item(
                "01",
                "Tin một",
                vec![take("01-1"), take("01-2"), take("01-3")],
            ),
            item("02", "Tin hai", vec![take("02-1"), take("02-2")]),
        ],
    );
    let b = t.path().join(B);
    write_rundown(&b, &r);
    for (k, seg) in r.segments().enumerate() {
        // 44.1 kHz takes: resampled, as a phone's would be.
        write_f32(
            &b.join(format!("recordings/{}.wav", seg.take)),
            44_100,
            1,
            &speech(44_100, 8.0, -18.0 - k as f64, k as u32 + 1),
        );
    }
    t
}

/// Names in the output folder that are not the set's three files.
fn leftovers(t: &TestDir) -> Vec<String> {
    let out = t.path().join(B).join("out");
    let mut v: Vec<String> = std::fs::read_dir(&out)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with("2026-11-27-sang."))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Whether a replacement was committed but not wholly renamed when the run stopped.
fn journal(t: &TestDir) -> bool {
    t.path()
        .join(B)
        .join("out/.2026-11-27-sang.wav.bantin-set")
        .exists()
}

/// Checks that the report beside the WAV describes it (length and SHA-256, computed
/// here) and that the page is there; returns the WAV's SHA-256.
#[track_caller]
fn whole_set(t: &TestDir) -> String {
    let wav = t.path().join(OUT);
    let report: serde_json::Value =
        serde_json::from_str(&t.read(&format!("{B}/out/2026-11-27-sang.json")))
            .expect("the report reads as JSON");
    let sha = sha256_hex(&wav);
    assert_eq!(
        report["wav"]["sha256"], sha,
        "the report is not of this WAV"
    );
    assert_eq!(
        report["wav"]["bytes"],
        std::fs::metadata(&wav).unwrap().len(),
        "the report is not of this WAV"
    );
    // The page is of the same run: made at the same second, for the same target.
    let page = t.read(&format!("{B}/out/2026-11-27-sang.html"));
    let target = report["programme"]["target_lufs"].as_f64().unwrap();
    assert!(
        page.contains(&format!("target {target:.1} LUFS")),
        "page of another run"
    );
    assert!(
        page.contains(report["created"].as_str().unwrap()),
        "page of another run"
    );
    sha
}

/// A bantin command that reads the set (the playlist): it finishes a replacement an
/// interrupted run had committed and removes what stopped runs left; the playlist's hash
/// of the WAV is the report's.
#[track_caller]
fn next_command(t: &TestDir) -> String {
    let out = t.json([
        "playlist",
        "--date",
        "2026-11-27",
        "-o",
        "-",
        "--format",
        "json",
        "-q",
    ]);
    let sha = whole_set(t);
    assert_eq!(out[0]["sha256"], sha);
    assert_eq!(leftovers(t), Vec::<String>::new(), "left behind");
    sha
}

fn bantin_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("bantin")
}

fn send(pid: u32, signal: &str) {
    // The process may have ended already: then there is nothing to stop.
    let _ = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status();
}

#[cfg(unix)]
#[test]
fn a_run_stopped_at_any_moment_leaves_one_whole_set() {
    use std::os::unix::process::ExitStatusExt;
    let t = station();
    t.ok(["assemble", B, "-q"]);
    let mut sha = next_command(&t);
    // How long a whole run takes here, to spread the stops over it.
    let started = Instant::now();
    t.ok(["assemble", B, "-q", "--force", "--target-lufs", "-18"]);
    let whole = started.elapsed();
    sha = {
        let new = next_command(&t);
        assert_ne!(new, sha);
        new
    };
    let (mut stopped, mut finished) = (0, 0);
    for k in 0..12u32 {
        // From the start to past the end of a whole run (which varies with the load).
        let delay = whole.mul_f64(f64::from(k) / 8.0);
        let signal = if k % 2 == 0 { "KILL" } else { "INT" };
        // Each run makes a set that differs from the one before (another target).
        let target = if k % 2 == 0 { "-16" } else { "-18" };
        let child = std::process::Command::new(bantin_path())
            .args(["assemble", B, "-q", "--force", "--target-lufs", target])
            .current_dir(t.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        send(child.id(), signal);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let completed = out.status.code() == Some(0);
        match (signal, out.status.code(), out.status.signal()) {
            (_, Some(0), _) => finished += 1,
            ("KILL", None, Some(9)) => stopped += 1,
            // Stopped before it could start listening for Ctrl-C (while starting up).
            ("INT", None, Some(2)) => {
                stopped += 1;
                assert_eq!(whole_set(&t), sha, "Ctrl-C changed the set");
            }
            ("INT", Some(130), _) => {
                stopped += 1;
                assert!(stderr.contains("nothing was changed"), "{stderr}");
                assert_eq!(
                    stderr.lines().count(),
                    1,
                    "one line says what happened: {stderr}"
                );
                // Nothing changed indeed: the old set, untouched.
                assert!(!journal(&t));
                assert_eq!(whole_set(&t), sha, "Ctrl-C changed the set");
            }
            other => panic!("run {k} ({signal} after {delay:?}): {other:?}\n{stderr}"),
        }
        // Right after the stop: the set on disk is whole, or its replacement was committed
        // and the journal says so (the next command finishes it).
        if !journal(&t) {
            let now = whole_set(&t);
            if completed {
                assert_ne!(now, sha, "run {k} finished but the set is the old one");
            }
        }
        sha = next_command(&t);
    }
    // Runs were stopped indeed (how many finished first depends on the machine's load).
    assert!(stopped >= 3, "{stopped} stopped, {finished} finished");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_a_run_with_its_own_status() {
    let t = station();
    let child = std::process::Command::new(bantin_path())
        .args(["assemble", B, "-q"])
        .current_dir(t.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once it has started writing the programme, stop it.
    let temp_seen = wait_for(Duration::from_secs(30), || !leftovers(&t).is_empty());
    assert!(temp_seen, "the run never started writing");
    send(child.id(), "TERM");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(
        stderr.starts_with("stopped by SIGTERM: nothing was changed"),
        "{stderr}"
    );
    // It removed what it had started, and made nothing.
    assert_eq!(leftovers(&t), Vec::<String>::new());
    assert!(!t.path().join(OUT).exists());
}

/// Polls `done` until it holds or `limit` passes.
fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// A run that dies between the renames of its set (the WAV in place, the report not):
/// the next command that reads the folder finishes the replacement, so no reader ever
/// takes the new WAV with the old report.
#[test]
fn a_crash_between_the_renames_is_finished_by_the_next_command() {
    let t = station();
    t.ok(["assemble", B, "-q"]);
    let old = next_command(&t);
    for point in ["set-journal", "set-first-renamed"] {
        let out = t
            .bantin()
            .env("BANTIN_FAIL_AT", point)
            .args(["assemble", B, "-q", "--force", "--target-lufs", "-20"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{point}: the run did not stop");
        assert!(journal(&t), "{point}: no journal");
        let new = next_command(&t);
        assert_ne!(new, old, "{point}: the committed set was not finished");
        t.ok(["assemble", B, "-q", "--force"]);
    }
}

/// The temporary files of a run that was killed are removed by the next run that writes
/// in the folder, and only bantin's own.
#[test]
fn the_next_run_removes_what_a_killed_run_left() {
    let t = station();
    t.write(
        &format!("{B}/out/.2026-11-27-sang.wav.bantin-q1W2e3.part"),
        b"half a WAV",
    );
    t.write(
        &format!("{B}/out/.2026-11-27-sang.json.bantin-r4T5y6.part"),
        b"{",
    );
    t.write(&format!("{B}/out/.notes.part"), b"not bantin's");
    t.ok(["assemble", B, "-q"]);
    whole_set(&t);
    assert_eq!(leftovers(&t), [".notes.part"]);
}
