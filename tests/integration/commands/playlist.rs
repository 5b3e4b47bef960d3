//! Integration tests: playlist. Bulletin folders are built by the kit as `bantin
//! assemble` leaves them (rundown, report JSON, a real WAV), so these tests do not
//! depend on it.

use crate::kit::bulletin::{ONE_ITEM, finished};
use crate::kit::{TestDir, assert_contains, sha256_hex};
use std::path::PathBuf;

/// A station folder with bulletins for both default slots of each date.
fn station(dates: &[&str]) -> TestDir {
    let t = TestDir::new();
    let b = t.path().join("bulletins");
    for (i, d) in dates.iter().enumerate() {
        finished(&b, d, "sang", ONE_ITEM, 440.0 + i as f64);
        finished(&b, d, "chieu", ONE_ITEM, 660.0 + i as f64);
    }
    t
}

#[test]
fn m3u8_by_default_in_air_order_with_paths_relative_to_the_playlist() {
    let t = station(&["2026-11-27"]);
    t.ok(["playlist", "--date", "2026-11-27"]);
    let playlist = t.path().join("bulletins/playlists/2026-11-27.m3u8");
    let text = std::fs::read_to_string(&playlist).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "#EXTM3U");
    assert_eq!(lines[1], "#EXTINF:2,Bản tin sang ngày 2026-11-27");
    assert_eq!(lines[2], "../2026-11-27-sang/out/2026-11-27-sang.wav");
    assert_eq!(lines[4], "../2026-11-27-chieu/out/2026-11-27-chieu.wav");
    for path in [lines[2], lines[4]] {
        assert!(playlist.parent().unwrap().join(path).is_file(), "{path}");
    }
}

#[test]
fn csv_holds_hash_loudness_and_priority_of_each_bulletin() {
    let t = station(&["2026-11-27", "2026-11-28"]);
    t.ok([
        "playlist",
        "--from",
        "2026-11-27",
        "--to",
        "2026-11-28",
        "-o",
        "pl/week.csv",
    ]);
    let text = t.read("pl/week.csv");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "air_time,slot,title,duration_s,file,sha256,integrated_lufs,true_peak_dbtp,priority"
    );
    assert_eq!(lines.len(), 5);
    let slots: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(slots, ["sang", "chieu", "sang", "chieu"]);
    let fields: Vec<&str> = lines[3].split(',').collect();
    assert!(
        fields[0].starts_with("2026-11-28T05:30:00"),
        "{}",
        fields[0]
    );
    assert_eq!(fields[3], "1.500");
    assert_eq!(
        fields[4],
        "../bulletins/2026-11-28-sang/out/2026-11-28-sang.wav"
    );
    let wav = t
        .path()
        .join("bulletins/2026-11-28-sang/out/2026-11-28-sang.wav");
    assert_eq!(fields[5], sha256_hex(&wav));
    assert_eq!(&fields[6..], ["-16.020", "-1.400", "0"]);
}

#[test]
fn json_xspf_pls_and_absolute_paths() {
    let t = station(&["2026-11-27"]);
    let v = t.json([
        "playlist",
        "--date",
        "2026-11-27",
        "--format",
        "json",
        "-o",
        "-",
        "--absolute",
    ]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let file = PathBuf::from(arr[1]["file"].as_str().unwrap());
    assert!(file.is_absolute() && file.is_file(), "{}", file.display());
    assert_eq!(arr[1]["slot"], "chieu");
    assert_eq!(arr[1]["sha256"].as_str().unwrap(), sha256_hex(&file));
    assert_eq!(arr[0]["integrated_lufs"], -16.02);

    t.ok(["playlist", "--date", "2026-11-27", "-o", "out.xspf"]);
    let xml = t.read("out.xspf");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_contains(
        &xml,
        &[
            "<location>bulletins/2026-11-27-sang/out/2026-11-27-sang.wav</location>",
            "<duration>1500</duration>",
        ],
    );
    assert_eq!(xml.matches("<track>").count(), 2);

    t.ok(["playlist", "--date", "2026-11-27", "--format", "pls"]);
    let pls = t.read("bulletins/playlists/2026-11-27.pls");
    assert_contains(
        &pls,
        &["File2=../2026-11-27-chieu/out/2026-11-27-chieu.wav\n"],
    );
    assert!(pls.ends_with("NumberOfEntries=2\nVersion=2\n"));
}

#[test]
fn schedule_from_the_station_config_orders_and_prioritises() {
    let t = TestDir::new();
    t.write(
        "bantin.toml",
        "[[schedule.slots]]\nid = \"toi\"\ntime = \"19:00\"\ntitle = \"Bản tin tối\"\npriority = 1\n\
         [[schedule.slots]]\nid = \"trua\"\ntime = \"11:00\"\npriority = 3\n",
    );
    let b = t.path().join("bulletins");
    finished(&b, "2026-11-27", "toi", ONE_ITEM, 500.0);
    finished(&b, "2026-11-27", "trua", ONE_ITEM, 600.0);
    let text = t.ok([
        "playlist",
        "--date",
        "2026-11-27",
        "--format",
        "csv",
        "-o",
        "-",
    ]);
    let rows: Vec<&str> = text
        .split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .collect();
    assert!(
        rows[0].contains("T11:00:00") && rows[0].ends_with(",3"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("T19:00:00") && rows[1].ends_with(",1"),
        "{}",
        rows[1]
    );
}

#[test]
fn a_missing_slot_fails_naming_it_and_writes_nothing() {
    let t = station(&["2026-11-27"]);
    std::fs::remove_dir_all(t.path().join("bulletins/2026-11-27-chieu")).unwrap();
    let err = t.fails(1, ["playlist", "--date", "2026-11-27"]);
    assert_contains(
        &err,
        &[
            "missing: 2026-11-27 chieu",
            "2026-11-27-chieu",
            "--allow-missing",
        ],
    );
    assert!(!t.path().join("bulletins/playlists").exists());

    // Still a failed check, but the playlist holds what there is.
    t.fails(1, ["playlist", "--date", "2026-11-27", "--allow-missing"]);
    let text = t.read("bulletins/playlists/2026-11-27.m3u8");
    assert_eq!(text.matches("#EXTINF").count(), 1);
    assert!(text.contains("2026-11-27-sang.wav"));
}

#[test]
fn unfinished_or_corrupt_bulletins_count_as_missing_with_the_reason() {
    let t = station(&["2026-11-27"]);
    std::fs::remove_file(
        t.path()
            .join("bulletins/2026-11-27-sang/out/2026-11-27-sang.wav"),
    )
    .unwrap();
    t.write(
        "bulletins/2026-11-27-chieu/out/2026-11-27-chieu.wav",
        b"not a wave file at all",
    );
    let err = t.fails(1, ["playlist", "--date", "2026-11-27"]);
    assert_contains(
        &err,
        &[
            "out/2026-11-27-sang.wav is missing",
            "bantin assemble",
            "2026-11-27-chieu.wav is not a readable WAV file",
        ],
    );
}

#[test]
fn an_existing_playlist_survives_a_failed_run() {
    let t = station(&["2026-11-27"]);
    t.ok(["playlist", "--date", "2026-11-27"]);
    let path = t.path().join("bulletins/playlists/2026-11-27.m3u8");
    let before = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(t.path().join("bulletins/2026-11-27-sang")).unwrap();
    t.fails(1, ["playlist", "--date", "2026-11-27"]);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let t = station(&["2026-11-27"]);
    for (args, message) in [
        (
            &["playlist", "--date", "27/11/2026"][..],
            "\"27/11/2026\" is not a date",
        ),
        (&["playlist", "--from", "2026-11-27"][..], "--to"),
        (
            &["playlist", "--from", "2026-11-28", "--to", "2026-11-27"][..],
            "runs backwards",
        ),
        (
            &["playlist", "--date", "2026-11-27", "--bulletins", "nowhere"][..],
            "the bulletins folder nowhere does not exist",
        ),
    ] {
        assert_contains(&t.fails(2, args), &[message]);
    }
}

#[test]
fn today_is_the_default_date_in_the_station_s_time_zone() {
    let today = crate::kit::station_today();
    let t = station(&[&today]);
    for args in [&["playlist"][..], &["playlist", "--date", "today"][..]] {
        t.ok(args);
    }
    let text = t.read(&format!("bulletins/playlists/{today}.m3u8"));
    assert_eq!(text.matches("#EXTINF").count(), 2);
}

/// The WAV paths a playlist holds, read as a player reads each format.
fn entries_of(format: &str, text: &str) -> Vec<String> {
    match format {
        "m3u8" => text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(str::to_string)
            .collect(),
        "pls" => text
            .lines()
            .filter_map(|l| l.strip_prefix("File"))
            .filter_map(|l| l.split_once('=').map(|(_, p)| p.to_string()))
            .collect(),
        "xspf" => text
            .split("<location>")
            .skip(1)
            .map(|s| percent_decode(s.split("</location>").next().unwrap()))
            .collect(),
        "csv" => text
            .split("\r\n")
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(|l| l.split(',').nth(4).unwrap().to_string())
            .collect(),
        "json" => serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["file"].as_str().unwrap().to_string())
            .collect(),
        other => panic!("{other}"),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every entry, joined to the playlist's folder as mpv does (the system then follows
/// `..` and symlinks), is one of the day's WAVs.
#[track_caller]
fn entries_resolve(playlist: &std::path::Path, format: &str, wavs: &[PathBuf]) {
    let text = std::fs::read_to_string(playlist).unwrap();
    let entries = entries_of(format, &text);
    assert_eq!(entries.len(), wavs.len(), "{text}");
    let folder = playlist.parent().unwrap();
    for (entry, wav) in entries.iter().zip(wavs) {
        let opened = folder.join(entry);
        assert!(
            opened.is_file(),
            "{format}: {entry} does not open from {}",
            folder.display()
        );
        assert_eq!(sha256_hex(&opened), sha256_hex(wav), "{format}: {entry}");
    }
}

#[test]
fn relative_entries_open_from_the_playlists_folder_whatever_the_output_path() {
    // The station is run/, its bulletins run/bulletins/, the playout folder ../playout.
    let t = TestDir::new();
    let run = t.path().join("run");
    let b = run.join("bulletins");
    finished(&b, "2026-11-27", "sang", ONE_ITEM, 440.0);
    finished(&b, "2026-11-27", "chieu", ONE_ITEM, 660.0);
    let wavs: Vec<PathBuf> = ["sang", "chieu"]
        .iter()
        .map(|s| b.join(format!("2026-11-27-{s}/out/2026-11-27-{s}.wav")))
        .collect();
    #[cfg(unix)]
    {
        std::fs::create_dir_all(t.path().join("elsewhere/playout")).unwrap();
        std::os::unix::fs::symlink(t.path().join("elsewhere/playout"), run.join("linked")).unwrap();
    }
    for format in ["m3u8", "pls", "xspf", "csv", "json"] {
        let mut outputs = vec![
            format!("../playout/today.{format}"),
            format!("sub/../x.{format}"),
            format!("./bulletins/../../playout/deeper/../today2.{format}"),
        ];
        if cfg!(unix) {
            outputs.push(format!("linked/today.{format}"));
        }
        for output in outputs {
            let out = t
                .bantin()
                .current_dir(&run)
                .args(["playlist", "--date", "2026-11-27", "-q", "-o", &output])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{output}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            entries_resolve(&run.join(&output), format, &wavs);
        }
    }
    // The case, word for word: from run/, the entry climbs to run/ and down.
    let m3u8 = t.read("playout/today.m3u8");
    assert!(
        m3u8.contains("\n../run/bulletins/2026-11-27-sang/out/2026-11-27-sang.wav\n"),
        "{m3u8}"
    );
}

#[test]
fn a_csv_for_excel_starts_with_a_byte_order_mark_and_other_formats_refuse_it() {
    let t = station(&["2026-11-27"]);
    t.ok(["playlist", "--date", "2026-11-27", "-o", "day.csv", "--bom"]);
    let bytes = std::fs::read(t.path().join("day.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert!(bytes[3..].starts_with(b"air_time,slot,"));
    let err = t.fails(
        2,
        [
            "playlist",
            "--date",
            "2026-11-27",
            "-o",
            "day.m3u8",
            "--bom",
        ],
    );
    assert_contains(&err, &["--bom is for CSV only"]);
    assert!(!t.path().join("day.m3u8").exists());
}

#[test]
fn a_missing_bulletin_comes_with_the_command_that_makes_it() {
    let t = station(&["2026-11-27"]);
    let err = t.fails(1, ["playlist", "--date", "2026-11-28"]);
    assert_contains(
        &err,
        &[
            "missing: 2026-11-28 sang",
            "bantin new bulletins/2026-11-28-sang --date 2026-11-28 --slot sang",
            "bantin new bulletins/2026-11-28-chieu --date 2026-11-28 --slot chieu",
        ],
    );
}

#[test]
fn a_report_that_is_not_of_the_wav_beside_it_is_refused() {
    let t = station(&["2026-11-27"]);
    let out = t.path().join("bulletins/2026-11-27-sang/out");
    let report_path = out.join("2026-11-27-sang.json");
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    let bytes = std::fs::metadata(out.join("2026-11-27-sang.wav"))
        .unwrap()
        .len();
    report["wav"] = serde_json::json!({ "bytes": bytes, "sha256": "0".repeat(64) });
    std::fs::write(&report_path, report.to_string()).unwrap();
    let err = t.fails(2, ["playlist", "--date", "2026-11-27"]);
    assert_contains(
        &err,
        &[
            "2026-11-27-sang.json does not describe",
            "bantin assemble --force",
        ],
    );
}

#[test]
fn a_killed_runs_temporary_playlist_is_removed_by_the_next_run() {
    let t = station(&["2026-11-27"]);
    let stale = t.write(
        "bulletins/playlists/.2026-11-27.m3u8.bantin-k1L2m3.part",
        b"#EXTM3U\n",
    );
    let theirs = t.write("bulletins/playlists/.2026-11-27.m3u8.part", b"not bantin's");
    t.ok(["playlist", "--date", "2026-11-27"]);
    assert!(
        !stale.exists(),
        "the killed run's temporary file is still there"
    );
    assert!(theirs.exists(), "a file bantin did not make was removed");
}
