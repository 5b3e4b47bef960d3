//! Integration tests: the station's time zone (`[station] timezone`, Vietnam's by
//! default) is used for air times, `--date today`, the broadcast WAV's dates, the archive
//! and the as-run log, whatever zone the PC is set to. Every run here has `TZ=UTC` in its
//! environment, as a server would, and a `TZDIR` without any zone in it, as a PC without
//! a time zone database (Windows, a slim container): the zones come from the copy built
//! into bantin.

use crate::kit::bulletin::{ONE_ITEM, finished};
use crate::kit::signal::speech;
use crate::kit::wav::write_f32;
use crate::kit::{Ran, TestDir, assert_contains};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Runs bantin in `t` as on a UTC server without a time zone database.
fn run_utc(t: &TestDir, args: &[&str]) -> Ran {
    let no_zones = t.path().join("no-zoneinfo");
    std::fs::create_dir_all(&no_zones).unwrap();
    let out = t
        .bantin()
        .env("TZ", "UTC")
        .env("TZDIR", &no_zones)
        .args(args)
        .output()
        .unwrap();
    Ran {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[track_caller]
fn ok_utc(t: &TestDir, args: &[&str]) -> String {
    let ran = run_utc(t, args);
    assert_eq!(ran.code, 0, "{args:?}\n{}\n{}", ran.stdout, ran.stderr);
    ran.stdout
}

fn zone(name: &str) -> TimeZone {
    jiff::tz::TimeZoneDatabase::bundled().get(name).unwrap()
}

fn station_config(t: &TestDir, timezone: Option<&str>) {
    let line = timezone.map_or(String::new(), |z| format!("timezone = \"{z}\"\n"));
    t.write(
        "bantin.toml",
        format!("[station]\nname = \"Đài Truyền thanh huyện Thọ Xuân\"\n{line}"),
    );
}

#[test]
fn archive_times_are_vietnamese_on_a_utc_machine() {
    let t = TestDir::new();
    finished(
        &t.path().join("bulletins"),
        "2026-11-27",
        "sang",
        ONE_ITEM,
        440.0,
    );
    finished(
        &t.path().join("bulletins"),
        "2026-11-26",
        "chieu",
        ONE_ITEM,
        440.0,
    );
    ok_utc(&t, &["archive", "add", "bulletins/2026-11-27-sang"]);
    ok_utc(
        &t,
        &[
            "archive",
            "add",
            "bulletins/2026-11-26-chieu",
            "--aired-at",
            "2026-11-26 17:02",
        ],
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok_utc(&t, &["archive", "list", "--json"])).unwrap();
    assert_eq!(list[0]["aired_at"], "2026-11-26T17:02:00+07:00");
    assert_eq!(list[1]["aired_at"], "2026-11-27T05:30:00+07:00");
    let archived_at = list[1]["archived_at"].as_str().unwrap();
    assert!(archived_at.ends_with("+07:00"), "{archived_at}");
    let archived: Timestamp = archived_at.parse().unwrap();
    assert!((Timestamp::now().as_second() - archived.as_second()).abs() < 120);

    let csv = ok_utc(&t, &["archive", "as-run"]);
    assert_contains(
        &csv,
        &[
            "\r\n2026-11-26T17:02:00+07:00,2026-11-26,chieu,",
            "\r\n2026-11-27T05:30:00+07:00,2026-11-27,sang,",
        ],
    );
}

/// `today` is the station's day. A zone 14 hours ahead of UTC and one 11 hours behind are
/// on another day than UTC for most of the day, and at any moment at least one of them is.
#[test]
fn today_is_the_station_s_day() {
    for name in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let t = TestDir::new();
        station_config(&t, Some(name));
        std::fs::create_dir_all(t.path().join("bulletins")).unwrap();
        let today = ZonedDateTime::now().with_time_zone(zone(name)).date();
        let ran = run_utc(&t, &["playlist", "--date", "today", "--allow-missing"]);
        assert_eq!(ran.code, 1, "{}", ran.stderr);
        assert!(
            t.path()
                .join(format!("bulletins/playlists/{today}.m3u8"))
                .is_file(),
            "{name}: no playlist for {today}: {}",
            ran.stderr
        );
        let article = crate::kit::article("tho-xuan.utf8.txt");
        let folder = format!("bulletins/{today}-sang");
        let made = run_utc(
            &t,
            &[
                "new",
                &folder,
                "--date",
                "today",
                "--slot",
                "sang",
                article.to_str().unwrap(),
            ],
        );
        assert_eq!(made.code, 0, "{}", made.stderr);
        assert_contains(
            &t.read(&format!("{folder}/rundown.toml")),
            &[&format!("date = \"{today}\"")],
        );
    }
}

/// The WAV's `bext` origination date and time, its `cart` dates and the report's
/// `created` are the station's clock.
#[test]
fn the_broadcast_wav_carries_the_station_s_clock() {
    let t = TestDir::new();
    station_config(&t, None);
    write_f32(
        &t.path().join("rec/01.wav"),
        48_000,
        1,
        &speech(48_000, 2.0, -18.0, 3),
    );
    ok_utc(
        &t,
        &[
            "assemble",
            "--recordings",
            "rec",
            "-o",
            "out/tin.wav",
            "--cart",
            "--quiet",
        ],
    );
    let vietnam = zone("Asia/Ho_Chi_Minh");
    let bwf = bantin::export::bwf::read_bwf(&t.path().join("out/tin.wav")).unwrap();
    let bext = bwf.bext.unwrap();
    let stamped: jiff::civil::DateTime =
        format!("{}T{}", bext.origination_date, bext.origination_time)
            .parse()
            .unwrap();
    let stamped = stamped.to_zoned_datetime(vietnam.clone()).unwrap();
    let off = (Timestamp::now().as_second() - stamped.timestamp().as_second()).abs();
    assert!(
        off < 300,
        "bext says {stamped}, {off} s from now in Vietnam"
    );
    let cart = bwf.cart.unwrap();
    assert_eq!(cart.start_date, bext.origination_date);
    let report: serde_json::Value = serde_json::from_str(&t.read("out/tin.json")).unwrap();
    let created = report["created"].as_str().unwrap();
    assert!(created.ends_with("+07:00"), "{created}");
    assert!(created.starts_with(&format!(
        "{}T{}",
        bext.origination_date, bext.origination_time
    )));
}

#[test]
fn an_unknown_zone_is_refused_naming_the_key() {
    let t = TestDir::new();
    station_config(&t, Some("Hanoi"));
    let ran = run_utc(&t, &["archive", "list"]);
    assert_eq!(ran.code, 2);
    assert_contains(
        &ran.stderr,
        &[
            "bantin.toml",
            "[station] timezone = \"Hanoi\" is not a time zone name",
            "Asia/Ho_Chi_Minh",
        ],
    );
}
