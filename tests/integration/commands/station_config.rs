//! bantin finds its station's `bantin.toml` from wherever it is run, the way git finds
//! its repository: `--config`, else `BANTIN_CONFIG`, else the nearest one above the
//! bulletin folder given, else above the current folder. Run from the wrong folder it
//! used to leave the jingles out, time the bulletin from the default slot and write the
//! default station name — all with exit 0.

use std::path::Path;

use crate::kit::bulletin::record_every_take;
use crate::kit::signal::speech;
use crate::kit::wav::write_f32;
use crate::kit::{Ran, TestDir, article, assert_contains};

const NAME: &str = "Đài Truyền thanh huyện Thọ Xuân";

/// A station: its config (slot `sang` at 06:15, its own name), a jingles folder with an
/// intro, and an empty bulletins folder.
fn station() -> TestDir {
    let t = TestDir::new();
    t.write(
        "station/bantin.toml",
        format!(
            "[station]\nname = \"{NAME}\"\n[[schedule.slots]]\nid = \"sang\"\ntime = \"06:15\"\ntitle = \"Bản tin sáng\"\n"
        ),
    );
    write_f32(
        &t.path().join("station/jingles/intro.wav"),
        48_000,
        1,
        &speech(48_000, 2.0, -10.0, 7),
    );
    std::fs::create_dir_all(t.path().join("station/bulletins")).unwrap();
    std::fs::create_dir_all(t.path().join("elsewhere")).unwrap();
    t
}

/// Runs bantin in `dir` (under the test folder), with `env` set.
/// `bantin assemble --recordings rec -o o.wav ARGS` in the station folder.
fn assemble_in_station(t: &TestDir, args: &[&str]) -> Ran {
    let mut all = vec!["assemble", "--recordings", "rec", "-o", "o.wav"];
    all.extend_from_slice(args);
    run_in(t, "station", &[], &all)
}

fn run_in(t: &TestDir, dir: &str, env: &[(&str, &Path)], args: &[&str]) -> Ran {
    let mut cmd = t.bantin();
    cmd.current_dir(t.path().join(dir))
        .env_remove("BANTIN_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().unwrap();
    Ran {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Makes the bulletin with `bantin new` run from `dir` and records every take.
fn make_bulletin(t: &TestDir, dir: &str, bulletin: &str) {
    let art = article("tho-xuan.utf8.txt");
    let ran = run_in(
        t,
        dir,
        &[],
        &[
            "new",
            bulletin,
            "--date",
            "2026-11-27",
            "--slot",
            "sang",
            art.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!ran.stderr.contains("no station config"), "{}", ran.stderr);
    let b = t.path().join("station/bulletins/2026-11-27-sang");
    let rundown = bantin::bulletin::rundown::Rundown::load(&b).unwrap();
    record_every_take(&b, &rundown, 48_000, 1.5, |_| -18.0, 0);
}

#[test]
fn from_a_subfolder_the_station_config_is_found() {
    let t = station();
    make_bulletin(&t, "station/bulletins", "2026-11-27-sang");
    let rundown = t.read("station/bulletins/2026-11-27-sang/rundown.toml");
    assert!(rundown.contains(NAME), "new wrote the default station name");
}

#[test]
fn from_an_unrelated_folder_the_bulletin_folders_station_is_used() {
    let t = station();
    make_bulletin(&t, "station", "bulletins/2026-11-27-sang");
    let abs = t.path().join("station/bulletins/2026-11-27-sang");
    let abs = abs.to_str().unwrap();
    // status times the bulletin from the station's slot (06:15), not the default 05:30.
    let ran = run_in(&t, "elsewhere", &[], &["status", abs, "--json"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let status: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(status["air_time"], "06:15");
    assert!(
        status["blocks"][0]["clock"]
            .as_str()
            .unwrap()
            .starts_with("06:15")
    );
    assert!(!ran.stderr.contains("no station config"), "{}", ran.stderr);
    // assemble takes the station's jingles (relative to its config), not none.
    let ran = run_in(&t, "elsewhere", &[], &["assemble", abs, "--json", "-q"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        report["takes"][0]["role"], "intro",
        "the intro jingle was left out"
    );
    assert_eq!(report["station"], NAME);
}

#[test]
fn bantin_config_names_the_station_from_anywhere_and_without_one_bantin_says_so() {
    let t = station();
    make_bulletin(&t, "station", "bulletins/2026-11-27-sang");
    let config = t.path().join("station/bantin.toml");
    // The playlist of the station's day, from a folder that has nothing to do with it.
    let ran = run_in(
        &t,
        "elsewhere",
        &[("BANTIN_CONFIG", &config)],
        &[
            "playlist",
            "--date",
            "2026-11-27",
            "-o",
            "-",
            "--format",
            "csv",
        ],
    );
    // Not assembled yet: the one slot is missing, named in the station's folder.
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert_contains(
        &ran.stderr,
        &["missing: 2026-11-27 sang", "bantin assemble"],
    );
    assert!(
        !ran.stderr.contains("2026-11-27 chieu"),
        "the default slots were used"
    );
    // With nothing to find: one note on stderr says so, and which defaults are used.
    let art = article("tho-xuan.utf8.txt");
    let ran = run_in(&t, "elsewhere", &[], &["read", art.to_str().unwrap()]);
    assert_eq!(ran.code, 0);
    assert_eq!(
        ran.stderr.matches("no station config").count(),
        1,
        "{}",
        ran.stderr
    );
    assert_contains(
        &ran.stderr,
        &[
            "no bantin.toml in",
            "elsewhere",
            "built-in defaults",
            "sang 05:30 and chieu 17:00",
        ],
    );
    // A BANTIN_CONFIG that names no file is an error, not the defaults.
    let ran = run_in(
        &t,
        "elsewhere",
        &[("BANTIN_CONFIG", &t.path().join("nope.toml"))],
        &["read", art.to_str().unwrap()],
    );
    assert_eq!(ran.code, 2);
    assert_contains(&ran.stderr, &["BANTIN_CONFIG", "nope.toml"]);
}

#[test]
fn archive_commands_outside_a_station_say_where_they_looked() {
    let t = station();
    let ran = run_in(&t, "elsewhere", &[], &["archive", "list"]);
    assert_eq!(ran.code, 2);
    assert_contains(
        &ran.stderr,
        &[
            "elsewhere is not a station folder",
            "elsewhere/archive",
            "--config",
        ],
    );
}

#[test]
fn a_number_written_as_text_names_the_key_and_the_kind_of_value() {
    let t = station();
    t.write("station/bantin.toml", "[audio]\ntarget_lufs = \"-16\"\n");
    let ran = run_in(&t, "station", &[], &["status", "x"]);
    assert_eq!(ran.code, 2);
    assert_contains(
        &ran.stderr,
        &[
            "bantin.toml",
            "line 2, [audio] target_lufs: expected a number",
            "write it without quotes: target_lufs = -16",
        ],
    );
    assert!(!ran.stderr.contains("f64"), "{}", ran.stderr);
}

#[test]
fn a_bad_value_is_named_by_the_flag_or_the_file_and_key_it_came_from() {
    let t = station();
    std::fs::create_dir_all(t.path().join("station/rec")).unwrap();
    write_f32(
        &t.path().join("station/rec/01.wav"),
        48_000,
        1,
        &speech(48_000, 2.0, -18.0, 1),
    );
    // From the file: named as the file's key, not as a flag the user never gave.
    t.write("station/bantin.toml", "[audio]\nceiling_dbtp = 3\n");
    let ran = assemble_in_station(&t, &[]);
    assert_eq!(ran.code, 2);
    assert_contains(
        &ran.stderr,
        &["[audio] ceiling_dbtp = 3 in", "bantin.toml is out of range"],
    );
    assert!(!ran.stderr.contains("--ceiling-dbtp"), "{}", ran.stderr);
    // From the command line: named as the flag.
    t.write("station/bantin.toml", "");
    let ran = assemble_in_station(&t, &["--target-lufs", "-3"]);
    assert_eq!(ran.code, 2);
    assert_contains(&ran.stderr, &["--target-lufs -3 is not a broadcast level"]);
    // An explicit −16 with the EBU preset is −16, not the preset's −23.
    t.write(
        "station/bantin.toml",
        "[audio]\npreset = \"ebu-r128\"\ntarget_lufs = -16\n",
    );
    let ran = assemble_in_station(&t, &["--json", "-q"]);
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["programme"]["target_lufs"], -16.0);
}
