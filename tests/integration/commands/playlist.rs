//! Integration tests: playlist. Bulletin folders are built here as `bantin assemble`
//! leaves them (rundown, report JSON, a real WAV), so these tests do not depend on it.

use crate::kit::TestDir;
use bantin::bulletin::report::{AssemblyReport, LimiterReport, ProgrammeReport, TakeReport};
use bantin::bulletin::rundown::{BulletinInfo, Item, Rundown, Segment};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Text of the example article, for items.
pub const ANTT_TITLE: &str = "Hội nghị triển khai kế hoạch sơ kết Đề án đảm bảo an ninh trật tự";
pub const ANTT_ORIGINAL: &str = "Chiều ngày 30/3/2018, Thường trực UBND huyện tổ chức hội nghị triển khai kế hoạch sơ kết 1 năm thực hiện Đề án “Đảm bảo an ninh trật tự Khu đô thị Lam Sơn – Sao Vàng”.";
pub const ANTT_SPOKEN: &str = "Chiều ngày ba mươi tháng ba năm hai nghìn không trăm mười tám, Thường trực Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết một năm thực hiện Đề án Đảm bảo an ninh trật tự Khu đô thị Lam Sơn, Sao Vàng.";

fn segment(id: &str, spoken: &str, original: &str) -> Segment {
    Segment {
        id: id.into(),
        spoken: spoken.into(),
        original: original.into(),
        syllables: spoken.split_whitespace().count() as u32,
        estimate_s: 3.0,
        take: id.into(),
    }
}

/// A finished bulletin folder `<root>/<date>-<slot>` with `items` as (title, original,
/// spoken), a `seconds`-long sine WAV at `freq` Hz, its report and script files.
pub fn make_bulletin(
    root: &Path,
    date: &str,
    slot: &str,
    items: &[(&str, &str, &str)],
    freq: f32,
) -> PathBuf {
    let stem = format!("{date}-{slot}");
    let dir = root.join(&stem);
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::create_dir_all(dir.join("recordings")).unwrap();
    let rundown = Rundown {
        bulletin: BulletinInfo {
            date: date.into(),
            slot: slot.into(),
            title: format!("Bản tin {slot} ngày {date}"),
            station: "Đài Truyền thanh huyện Thọ Xuân".into(),
            target_s: 600.0,
        },
        opening: segment("mo-dau", "Đây là Đài Truyền thanh huyện Thọ Xuân.", ""),
        items: items
            .iter()
            .enumerate()
            .map(|(i, (title, original, spoken))| Item {
                id: format!("{:02}", i + 1),
                title: (*title).into(),
                category: "Chiến lược - Định Hướng - Quy hoạch".into(),
                published: "05/04/2018".into(),
                byline: "Đài Truyền thanh huyện Thọ Xuân".into(),
                source: format!("articles/{:02}.txt", i + 1),
                segments: vec![segment(&format!("{:02}-1", i + 1), spoken, original)],
            })
            .collect(),
        closing: segment("ket-thuc", "Bản tin đến đây là kết thúc.", ""),
        status: Default::default(),
    };
    std::fs::write(dir.join("rundown.toml"), toml::to_string(&rundown).unwrap()).unwrap();
    std::fs::write(dir.join("script.txt"), format!("{ANTT_SPOKEN}\n")).unwrap();
    std::fs::write(
        dir.join("script.html"),
        "<html><body>kịch bản</body></html>\n",
    )
    .unwrap();

    let seconds = 1.5;
    let wav = dir.join("out").join(format!("{stem}.wav"));
    write_sine(&wav, freq, seconds);
    let report = AssemblyReport {
        software: "bantin test".into(),
        title: rundown.bulletin.title.clone(),
        station: rundown.bulletin.station.clone(),
        date: Some(date.into()),
        slot: Some(slot.into()),
        output: format!("{stem}.wav"),
        created: format!("{date}T04:00:00+07:00"),
        programme: ProgrammeReport {
            integrated_lufs: Some(-16.02),
            loudness_range_lu: Some(3.1),
            true_peak_dbtp: Some(-1.4),
            sample_peak_dbfs: Some(-1.6),
            max_momentary_lufs: Some(-12.0),
            max_short_term_lufs: Some(-14.0),
            duration_s: seconds,
            target_lufs: -16.0,
            ceiling_dbtp: -1.0,
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
            limiter: LimiterReport::default(),
        },
        takes: vec![TakeReport {
            role: "take".into(),
            item_id: Some("01".into()),
            segment_id: Some("01-1".into()),
            source: "recordings/01-1.wav".into(),
            codec: "pcm_s16le".into(),
            original_sample_rate: 44_100,
            original_channels: 1,
            duration_s: seconds,
            trimmed_duration_s: seconds,
            loudness_lufs: Some(-20.0),
            gain_db: 4.0,
            start_s: 0.0,
            flags: vec![],
        }],
    };
    std::fs::write(
        dir.join("out").join(format!("{stem}.json")),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("out").join(format!("{stem}.html")),
        "<html></html>\n",
    )
    .unwrap();
    dir
}

/// A real 48 kHz mono 16-bit WAV holding a sine.
pub fn write_sine(path: &Path, freq: f32, seconds: f64) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let n = (48_000.0 * seconds) as usize;
    for i in 0..n {
        let v = (2.0 * std::f32::consts::PI * freq * i as f32 / 48_000.0).sin() * 0.3;
        w.write_sample((v * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

pub fn sha256_hex(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn one_item() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![(ANTT_TITLE, ANTT_ORIGINAL, ANTT_SPOKEN)]
}

/// A station folder with bulletins for both default slots of each date.
fn station(dates: &[&str]) -> TestDir {
    let t = TestDir::new();
    let b = t.path().join("bulletins");
    for (i, d) in dates.iter().enumerate() {
        make_bulletin(&b, d, "sang", &one_item(), 440.0 + i as f32);
        make_bulletin(&b, d, "chieu", &one_item(), 660.0 + i as f32);
    }
    t
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn m3u8_by_default_in_air_order_with_paths_relative_to_the_playlist() {
    let t = station(&["2026-11-27"]);
    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
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
    let out = t
        .bantin()
        .args([
            "playlist",
            "--from",
            "2026-11-27",
            "--to",
            "2026-11-28",
            "-o",
            "pl/week.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(t.path().join("pl/week.csv")).unwrap();
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
    let run = |args: &[&str]| {
        let out = t.bantin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run(&[
        "playlist",
        "--date",
        "2026-11-27",
        "--format",
        "json",
        "-o",
        "-",
        "--absolute",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let file = PathBuf::from(arr[1]["file"].as_str().unwrap());
    assert!(file.is_absolute() && file.is_file(), "{}", file.display());
    assert_eq!(arr[1]["slot"], "chieu");
    assert_eq!(arr[1]["sha256"].as_str().unwrap(), sha256_hex(&file));
    assert_eq!(arr[0]["integrated_lufs"], -16.02);

    run(&["playlist", "--date", "2026-11-27", "-o", "out.xspf"]);
    let xml = std::fs::read_to_string(t.path().join("out.xspf")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<location>bulletins/2026-11-27-sang/out/2026-11-27-sang.wav</location>"));
    assert!(xml.contains("<duration>1500</duration>"));
    assert_eq!(xml.matches("<track>").count(), 2);

    run(&["playlist", "--date", "2026-11-27", "--format", "pls"]);
    let pls = std::fs::read_to_string(t.path().join("bulletins/playlists/2026-11-27.pls")).unwrap();
    assert!(
        pls.contains("File2=../2026-11-27-chieu/out/2026-11-27-chieu.wav\n"),
        "{pls}"
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
    make_bulletin(&b, "2026-11-27", "toi", &one_item(), 500.0);
    make_bulletin(&b, "2026-11-27", "trua", &one_item(), 600.0);
    let out = t
        .bantin()
        .args([
            "playlist",
            "--date",
            "2026-11-27",
            "--format",
            "csv",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
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
    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("missing: 2026-11-27 chieu") && err.contains("2026-11-27-chieu"),
        "{err}"
    );
    assert!(err.contains("--allow-missing"), "{err}");
    assert!(!t.path().join("bulletins/playlists").exists());

    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27", "--allow-missing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "still a failed check");
    let text =
        std::fs::read_to_string(t.path().join("bulletins/playlists/2026-11-27.m3u8")).unwrap();
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
    std::fs::write(
        t.path()
            .join("bulletins/2026-11-27-chieu/out/2026-11-27-chieu.wav"),
        b"not a wave file at all",
    )
    .unwrap();
    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("out/2026-11-27-sang.wav is missing") && err.contains("bantin assemble"),
        "{err}"
    );
    assert!(
        err.contains("2026-11-27-chieu.wav is not a readable WAV file"),
        "{err}"
    );
}

#[test]
fn an_existing_playlist_survives_a_failed_run() {
    let t = station(&["2026-11-27"]);
    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let path = t.path().join("bulletins/playlists/2026-11-27.m3u8");
    let before = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(t.path().join("bulletins/2026-11-27-sang")).unwrap();
    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let t = station(&["2026-11-27"]);
    let out = t
        .bantin()
        .args(["playlist", "--date", "27/11/2026"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\"27/11/2026\" is not a date"),
        "{}",
        stderr(&out)
    );

    let out = t
        .bantin()
        .args(["playlist", "--from", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--to"), "{}", stderr(&out));

    let out = t
        .bantin()
        .args(["playlist", "--from", "2026-11-28", "--to", "2026-11-27"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("runs backwards"), "{}", stderr(&out));

    let out = t
        .bantin()
        .args(["playlist", "--date", "2026-11-27", "--bulletins", "nowhere"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the bulletins folder nowhere does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn today_is_the_default_date_in_local_time() {
    let today = jiff::ZonedDateTime::now().date().to_string();
    let t = station(&[&today]);
    for args in [&["playlist"][..], &["playlist", "--date", "today"][..]] {
        let out = t.bantin().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let text = std::fs::read_to_string(t.path().join(format!("bulletins/playlists/{today}.m3u8")))
        .unwrap();
    assert_eq!(text.matches("#EXTINF").count(), 2);
}
