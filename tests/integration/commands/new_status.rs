//! Integration tests: `bantin new` (bulletin folder from articles) and `bantin status`
//! (recorded takes, timing, measured reading rate), run as the real binary.
//!
//! `tests/articles/tho-xuan.utf8.txt` is a byte-for-byte copy of
//! `shared/articles/` (an article of the Thọ Xuân district portal, 5 April 2018).

use crate::kit::bulletin::{item, rundown, segment, write_rundown};
use crate::kit::{Ran, TestDir, article, assert_contains, signal, wav};
use bantin::bulletin::rundown::{Rundown, Segment};
use bantin::config::StationConfig;
use bantin::script::segment::{count_syllables, estimate_seconds};
use std::path::Path;

/// `bantin new 2026-11-27-sang --date 2026-11-27 --slot sang <article> <extra…>` in `t`.
/// The bulletin folder the tests make, named as `bantin playlist` looks for it.
const B: &str = "2026-11-27-sang";

fn new_bulletin(t: &TestDir, extra: &[&str]) -> Ran {
    let article = article("tho-xuan.utf8.txt");
    let mut args = vec!["new", B, "--date", "2026-11-27", "--slot", "sang"];
    args.extend(extra);
    args.push(article.to_str().unwrap());
    t.run(args)
}

/// Writes a take as a mono 16-bit WAV: `lead` s of silence, `speech` s of
/// [`signal::voice`], `tail` s of silence.
fn write_take(path: &Path, lead: f64, speech: f64, tail: f64) {
    let rate = 22_050;
    let mut take = signal::silence(rate, lead);
    take.extend(signal::voice(rate, speech));
    take.extend(signal::silence(rate, tail));
    wav::write_i16(path, rate, 1, &take);
}

/// A bulletin written the way `bantin new` writes it, without depending on the article
/// reader: opening, items 01 (two takes) and 02 (one take), closing; 60 s planned.
fn hand_bulletin(t: &TestDir) -> Rundown {
    let take = |id: &str, spoken: &str| segment(id, spoken, spoken);
    let r = rundown(
        "2026-11-27",
        "sang",
        "Bản tin sáng 27/11/2026",
        60.0,
        vec![
            item(
                "01",
                "Hội nghị sơ kết đề án an ninh trật tự",
                vec![
                    take(
                        "01-1",
                        "Chiều ngày ba mươi tháng ba, Thường trực Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết một năm thực hiện đề án.",
                    ),
                    take(
                        "01-2",
                        "Đồng chí Phó Chủ tịch Ủy ban nhân dân huyện khai mạc và chủ trì hội nghị. Các xã, thị trấn báo cáo kết quả trước ngày mười tháng tư.",
                    ),
                ],
            ),
            item(
                "02",
                "Tin thời tiết",
                vec![take(
                    "02-1",
                    "Hôm nay trời nắng, nhiệt độ cao nhất từ ba mươi đến ba mươi hai độ.",
                )],
            ),
        ],
    );
    write_rundown(&t.path().join(B), &r);
    r
}

/// Records every take of `r` into `2026-11-27-sang/recordings/`: each `speech(take)` seconds long,
/// between `lead` and `tail` seconds of silence.
fn record_takes<'a>(
    t: &TestDir,
    takes: impl IntoIterator<Item = &'a Segment>,
    (lead, tail): (f64, f64),
    speech: impl Fn(&Segment) -> f64,
) {
    for seg in takes {
        let path = t
            .path()
            .join(format!("2026-11-27-sang/recordings/{}.wav", seg.take));
        write_take(&path, lead, speech(seg), tail);
    }
}

/// Seconds from the first to the last word of `seg` read at `spm`, with the station's
/// pauses between its sentences and paragraphs.
fn spoken_length(seg: &Segment, spm: f64) -> f64 {
    let reading = StationConfig::default().reading;
    let syl = f64::from(count_syllables(&seg.spoken));
    let paragraphs = seg.spoken.lines().filter(|l| !l.trim().is_empty()).count();
    let all_pauses = estimate_seconds(&seg.spoken, &reading) - syl * 60.0 / reading.rate_spm;
    let sentences = ((all_pauses - paragraphs as f64 * reading.paragraph_pause_s)
        / reading.sentence_pause_s)
        .round();
    assert!(sentences >= 1.0, "{}: {sentences} sentences", seg.id);
    syl * 60.0 / spm
        + (sentences - 1.0) * reading.sentence_pause_s
        + (paragraphs - 1) as f64 * reading.paragraph_pause_s
}

/// `bantin status b --json`: the status and the exit status.
fn json_status(t: &TestDir) -> (serde_json::Value, i32) {
    let ran = t.run(["status", B, "--json"]);
    let v = serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", ran.stdout, ran.stderr));
    (v, ran.code)
}

// ───────────────────────────── bantin new ─────────────────────────────

#[test]
fn new_makes_the_bulletin_folder_from_the_article() {
    let t = TestDir::new();
    let out = new_bulletin(&t, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let dir = t.path().join(B);
    assert_eq!(
        std::fs::read_dir(dir.join("recordings")).unwrap().count(),
        0
    );

    let r = Rundown::load(&dir).unwrap();
    assert_eq!(r.bulletin.date, "2026-11-27");
    assert_eq!(r.bulletin.slot, "sang");
    assert_eq!(r.bulletin.target_s, 900.0);
    assert_eq!(r.opening.take, "00-mo-dau");
    assert_eq!(r.closing.take, "99-ket-thuc");
    assert_eq!(r.items.len(), 1);
    let item = &r.items[0];
    assert!(
        item.title.starts_with("Hội nghị triển khai kế hoạch"),
        "{}",
        item.title
    );
    assert!(
        item.source.ends_with("tho-xuan.utf8.txt"),
        "{}",
        item.source
    );
    assert!(item.segments.len() >= 4, "{} takes", item.segments.len());
    for (k, seg) in item.segments.iter().enumerate() {
        assert_eq!(seg.take, format!("01-{}", k + 1));
        assert!(seg.syllables > 0 && seg.estimate_s > 0.0, "{seg:?}");
        // Takes are at most ~45 s, unless one sentence alone is longer.
        let sentences = seg.original.matches(['.', '!', '?']).count();
        assert!(
            seg.estimate_s <= 46.0 || sentences <= 1,
            "take {} is {} s",
            seg.id,
            seg.estimate_s
        );
        // The announcer never meets digits or the abbreviations of the article.
        assert!(!seg.spoken.contains("UBND"), "{}", seg.spoken);
        assert!(
            !seg.spoken.chars().any(|c| c.is_ascii_digit()),
            "{}",
            seg.spoken
        );
    }
    let all_spoken: String = r.segments().map(|s| s.spoken.as_str()).collect();
    assert!(all_spoken.contains("Ủy ban nhân dân huyện"));

    let html = t.read("2026-11-27-sang/script.html");
    for seg in r.segments() {
        assert_contains(
            &html,
            &[
                &format!("recordings/{}.wav", seg.take),
                &format!(">{}</span>", seg.id),
            ],
        );
    }
    let txt = t.read("2026-11-27-sang/script.txt");
    assert_contains(
        &txt,
        &["[ ] 01-1   ~", "lưu thành (save as): recordings/01-1.wav"],
    );
    assert_contains(&out.stderr, &["Made 2026-11-27-sang: 1 item,"]);
}

#[test]
fn new_rate_changes_the_estimates() {
    let t = TestDir::new();
    let estimated = |extra: &[&str]| -> f64 {
        assert_eq!(new_bulletin(&t, extra).code, 0);
        Rundown::load(&t.path().join(B))
            .unwrap()
            .segments()
            .map(|s| s.estimate_s)
            .sum()
    };
    let slow = estimated(&["--rate", "200"]);
    let fast = estimated(&["--rate", "300", "--force"]);
    assert!(fast < slow * 0.8, "fast {fast} slow {slow}");
    let out = new_bulletin(&t, &["--rate", "5", "--force"]);
    assert_eq!(out.code, 2);
    assert_contains(&out.stderr, &["not a speaking rate"]);
}

#[test]
fn new_keeps_an_existing_bulletin_unless_forced() {
    let t = TestDir::new();
    assert_eq!(new_bulletin(&t, &[]).code, 0);
    let rundown = t.path().join("2026-11-27-sang/rundown.toml");
    t.write(
        "2026-11-27-sang/rundown.toml",
        t.read("2026-11-27-sang/rundown.toml") + "# staff note\n",
    );
    t.write("2026-11-27-sang/recordings/01-1.wav", b"take");
    let before = std::fs::read(&rundown).unwrap();

    let out = new_bulletin(&t, &["--title", "Khác"]);
    assert_eq!(out.code, 2);
    assert_contains(
        &out.stderr,
        &["already holds a bulletin; it was kept. Use --force"],
    );
    assert_eq!(std::fs::read(&rundown).unwrap(), before);

    let out = new_bulletin(&t, &["--title", "Bản tin đặc biệt", "--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r = Rundown::load(&t.path().join(B)).unwrap();
    assert_eq!(r.bulletin.title, "Bản tin đặc biệt");
    assert_eq!(
        std::fs::read(t.path().join("2026-11-27-sang/recordings/01-1.wav")).unwrap(),
        b"take"
    );
}

#[test]
fn new_refuses_an_unknown_slot_and_a_bad_date() {
    let t = TestDir::new();
    let article = article("tho-xuan.utf8.txt");
    let article = article.to_str().unwrap();
    let e = t.fails(
        2,
        ["new", B, "--date", "2026-11-27", "--slot", "trua", article],
    );
    assert_contains(&e, &["no slot \"trua\"", "sang (05:30), chieu (17:00)"]);

    for bad in ["2026-13-01", "27/11/2026", "2026-02-29"] {
        let e = t.fails(2, ["new", B, "--date", bad, "--slot", "sang", article]);
        assert_contains(&e, &[&format!("\"{bad}\" is not a date")]);
    }
    assert!(
        !t.path().join(B).exists(),
        "nothing is made on a refused command"
    );
}

#[test]
fn new_accepts_today_and_a_station_slot() {
    let t = TestDir::new();
    t.write(
        "bantin.toml",
        "[station]\nname = \"Đài Truyền thanh huyện Thọ Xuân\"\n\
         [[schedule.slots]]\nid = \"trua\"\ntime = \"11:00\"\ntitle = \"Bản tin trưa\"\n",
    );
    let article = article("tho-xuan.utf8.txt");
    // Given the folder that holds the bulletins, bantin names the bulletin's folder.
    let out = t.expect(
        0,
        [
            "new",
            ".",
            "--date",
            "today",
            "--slot",
            "trua",
            "--quiet",
            article.to_str().unwrap(),
        ],
    );
    assert!(out.stderr.is_empty(), "--quiet: {}", out.stderr);
    let today = crate::kit::station_today();
    let r = Rundown::load(&t.path().join(format!("{today}-trua"))).unwrap();
    assert_eq!(r.bulletin.date, today);
    assert_eq!(r.bulletin.slot, "trua");
    assert!(
        r.bulletin.title.starts_with("Bản tin trưa "),
        "{}",
        r.bulletin.title
    );
    assert_eq!(r.bulletin.station, "Đài Truyền thanh huyện Thọ Xuân");
}

#[test]
fn new_names_an_article_it_cannot_read() {
    let t = TestDir::new();
    let out = new_bulletin(&t, &["khong-co.txt"]);
    assert_eq!(out.code, 2);
    assert_contains(&out.stderr, &["khong-co.txt"]);
    assert!(!t.path().join("2026-11-27-sang/rundown.toml").exists());
}

// ──────────────────────────── bantin status ────────────────────────────

#[test]
fn status_without_recordings_lists_every_take_as_missing() {
    let t = TestDir::new();
    let r = hand_bulletin(&t);
    let text = t.expect(1, ["status", B]).stdout;
    for seg in r.segments() {
        assert_contains(
            &text,
            &[
                &format!("{:<12} MISSING", seg.id),
                &format!("save it as recordings/{}.wav", seg.take),
            ],
        );
    }
    assert_contains(&text, &["0 of 5 takes recorded, 5 missing."]);

    let (v, code) = json_status(&t);
    assert_eq!(code, 1);
    assert_eq!(v["complete"], false);
    assert_eq!(v["totals"]["missing"], 5);
    let estimated: f64 = r.segments().map(|s| s.estimate_s).sum();
    assert!((v["totals"]["estimated_s"].as_f64().unwrap() - estimated).abs() < 1e-9);
    assert!(v["measured_rate"].is_null());
}

#[test]
fn status_with_recordings_reports_lengths_back_timing_and_the_reading_rate() {
    let t = TestDir::new();
    let r = hand_bulletin(&t);
    // The announcer reads at 250 syllables a minute, with the pauses the estimate expects,
    // and leaves 0.6 s before and 0.9 s after each take.
    record_takes(&t, r.segments(), (0.6, 0.9), |seg| {
        spoken_length(seg, 250.0)
    });
    let speech: Vec<f64> = r.segments().map(|seg| spoken_length(seg, 250.0)).collect();
    let text = t.ok(["status", B]);
    assert_contains(
        &text,
        &[
            "Measured reading rate: 250 syllables/min — use `bantin new --rate 250` next time",
            "5 of 5 takes recorded, 0 missing.",
        ],
    );

    let (v, code) = json_status(&t);
    assert_eq!(code, 0);
    assert_eq!(v["complete"], true);
    let takes = v["takes"].as_array().unwrap();
    for ((take, seg), s) in takes.iter().zip(r.segments()).zip(&speech) {
        assert_eq!(take["state"], "recorded");
        assert_eq!(take["file"], format!("recordings/{}.wav", seg.take));
        let got = take["speech_s"].as_f64().unwrap();
        assert!((got - s).abs() < 0.03, "{}: speech {got} want {s}", seg.id);
        let dur = take["duration_s"].as_f64().unwrap();
        assert!(
            (dur - (s + 1.5)).abs() < 0.001,
            "{}: duration {dur}",
            seg.id
        );
    }
    let total: f64 = speech.iter().sum();
    assert!((v["totals"]["estimated_s"].as_f64().unwrap() - total).abs() < 0.1);
    assert!((v["totals"]["over_s"].as_f64().unwrap() - (total - 60.0)).abs() < 0.1);
    assert_eq!(v["measured_rate"]["syllables_per_minute"], 250.0);
    // Back-timing: item 02 starts after the opening and both takes of item 01, at 05:30.
    let blocks = v["blocks"].as_array().unwrap();
    let ids: Vec<&str> = blocks.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["00-mo-dau", "01", "02", "99-ket-thuc"]);
    let start_02 = blocks[2]["start_s"].as_f64().unwrap();
    assert!((start_02 - (speech[0] + speech[1] + speech[2])).abs() < 0.1);
    let clock = blocks[2]["clock"].as_str().unwrap();
    let secs = start_02.round() as u32;
    assert_eq!(clock, format!("05:{:02}:{:02}", 30 + secs / 60, secs % 60));
    assert!((blocks[2]["remaining_s"].as_f64().unwrap() - (60.0 - start_02)).abs() < 1e-9);
}

#[test]
fn status_keeps_the_rundowns_status_table_up_to_date_and_the_rest_as_staff_left_it() {
    let t = TestDir::new();
    let out = new_bulletin(&t, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let made = Rundown::load(&t.path().join(B)).unwrap();
    let takes: Vec<String> = made.segments().map(|s| s.take.clone()).collect();
    assert!(made.status.len() == takes.len() && made.status.values().all(|s| s == "missing"));

    // Staff add a note; the announcer records the first take.
    let edited = format!(
        "# ghi chú: đọc chậm tin 01\n{}",
        t.read("2026-11-27-sang/rundown.toml")
    );
    t.write("2026-11-27-sang/rundown.toml", &edited);
    record_takes(&t, made.segments().take(1), (0.3, 0.3), |_| 2.0);
    t.expect(1, ["status", B]);

    let after = t.read("2026-11-27-sang/rundown.toml");
    let cut = edited.find("[status]").unwrap();
    assert_eq!(
        after[..cut],
        edited[..cut],
        "everything above the table is kept"
    );
    let r = Rundown::load(&t.path().join(B)).unwrap();
    assert_eq!(r.status[&takes[0]], "recorded");
    assert!(takes[1..].iter().all(|k| r.status[k] == "missing"));
}

#[test]
fn status_follows_a_hand_edited_rundown() {
    let t = TestDir::new();
    let r = hand_bulletin(&t);
    let text = t.read("2026-11-27-sang/rundown.toml");
    // Staff move item 02 before item 01, then delete item 01.
    let start_01 = text.find("# ───── item 01").unwrap();
    let start_02 = text.find("# ───── item 02").unwrap();
    let end_02 = text.find("# The closing announcement.").unwrap();
    let edited = format!(
        "{}{}{}{}",
        &text[..start_01],
        &text[start_02..end_02],
        &text[start_01..start_02],
        &text[end_02..]
    );
    t.write("2026-11-27-sang/rundown.toml", &edited);
    let (v, _) = json_status(&t);
    let ids: Vec<&str> = v["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["00-mo-dau", "02", "01", "99-ket-thuc"]);

    let start_01 = edited.find("# ───── item 01").unwrap();
    let end_01 = edited.find("# The closing announcement.").unwrap();
    t.write(
        "2026-11-27-sang/rundown.toml",
        format!("{}{}", &edited[..start_01], &edited[end_01..]),
    );
    let kept = r.segments().filter(|s| !s.id.starts_with("01-"));
    record_takes(&t, kept, (0.2, 0.2), |_| 4.0);
    assert_contains(&t.ok(["status", B]), &["3 of 3 takes recorded"]);
}

#[test]
fn status_reports_a_malformed_rundown_with_its_line() {
    let t = TestDir::new();
    hand_bulletin(&t);
    let good = t.read("2026-11-27-sang/rundown.toml");
    let line_of = |needle: &str| good.lines().position(|l| l.starts_with(needle)).unwrap() + 1;

    // A missing closing quote on the slot line.
    t.write(
        "2026-11-27-sang/rundown.toml",
        good.replace("slot = \"sang\"", "slot = \"sang"),
    );
    let e = t.fails(2, ["status", B]);
    assert_contains(
        &e,
        &[
            &format!("rundown.toml: line {}:", line_of("slot = ")),
            "Fix that line of the rundown",
        ],
    );

    // An unknown key (a typo of `spoken`).
    t.write(
        "2026-11-27-sang/rundown.toml",
        good.replacen("spoken = ", "spokne = ", 1),
    );
    let e = t.fails(2, ["status", B]);
    assert_contains(
        &e,
        &[&format!(
            "line {}: unknown field `spokne`",
            line_of("spoken = ")
        )],
    );

    // Two segments with one take name.
    t.write(
        "2026-11-27-sang/rundown.toml",
        good.replace("take = \"01-2\"", "take = \"01-1\""),
    );
    let e = t.fails(2, ["status", B]);
    let line = good.lines().position(|l| l == "take = \"01-2\"").unwrap() + 1;
    assert_contains(
        &e,
        &[&format!(
            "line {line}: take \"01-1\" is already used by segment 01-1"
        )],
    );

    // Not a bulletin folder at all.
    let e = t.fails(2, ["status", "elsewhere"]);
    assert_contains(&e, &["Is this a bulletin folder"]);
}

#[test]
fn status_names_unreadable_doubled_and_misnamed_takes() {
    let t = TestDir::new();
    let r = hand_bulletin(&t);
    record_takes(&t, r.segments(), (0.1, 0.1), |_| 3.0);
    t.write(
        "2026-11-27-sang/recordings/01-2.wav",
        b"RIFF\x04\x00\x00\x00WAVE",
    );
    t.write("2026-11-27-sang/recordings/00-mo-dau.mp3", b"not used");
    t.write("2026-11-27-sang/recordings/ban-thu-moi.wav", b"misnamed");
    let out = t.expect(1, ["status", B]);
    assert_contains(
        &out.stdout,
        &[
            "01-2         UNREADABLE recordings/01-2.wav:",
            "1 unreadable",
        ],
    );
    assert_contains(
        &out.stderr,
        &[
            "take 00-mo-dau has more than one file: using recordings/00-mo-dau.wav, ignoring recordings/00-mo-dau.mp3",
            "recordings/ban-thu-moi.wav matches no take in the rundown; no take is without a file",
        ],
    );
}

// ───────────────────────── from article to status ─────────────────────────

#[test]
fn takes_recorded_for_a_new_bulletin_give_the_announcers_rate() {
    let t = TestDir::new();
    assert_eq!(new_bulletin(&t, &[]).code, 0);
    let r = Rundown::load(&t.path().join(B)).unwrap();
    // Everything but the closing is recorded, at 210 syllables a minute.
    let segments: Vec<&Segment> = r.segments().collect();
    let (recorded, missing) = segments.split_at(segments.len() - 1);
    record_takes(&t, recorded.iter().copied(), (0.4, 0.4), |seg| {
        spoken_length(seg, 210.0)
    });
    let text = t.expect(1, ["status", B]).stdout;
    assert_contains(
        &text,
        &[
            "Measured reading rate: 210 syllables/min — use `bantin new --rate 210`",
            &format!("{:<12} MISSING", missing[0].id),
        ],
    );
    // Slower than the default 233: the recorded bulletin runs longer than estimated.
    let (v, _) = json_status(&t);
    let estimated: f64 = r.segments().map(|s| s.estimate_s).sum();
    assert!(v["totals"]["estimated_s"].as_f64().unwrap() > estimated);

    // Made again at the measured rate, the estimates match the recordings but for the
    // pause after the last sentence (0.4 s, 1.2 s at a paragraph end), which the estimate
    // counts and the trimmed take does not.
    assert_eq!(new_bulletin(&t, &["--rate", "210", "--force"]).code, 0);
    let (v, _) = json_status(&t);
    for take in v["takes"].as_array().unwrap() {
        if take["state"] == "recorded" {
            let diff = take["difference_s"].as_f64().unwrap();
            assert!((-1.3..=0.05).contains(&diff), "{}: {diff}", take["id"]);
        }
    }
}

#[test]
fn an_unknown_abbreviation_is_shown_to_staff() {
    let t = TestDir::new();
    t.write(
        "tin.txt",
        "Tin về tổ QRZT\n\nSáng nay tổ QRZT của xã ra quân dọn vệ sinh đường làng. \
         Bà con nhiệt tình tham gia.\n",
    );
    let out = t.expect(
        0,
        [
            "new",
            "2026-11-27-chieu",
            "--date",
            "2026-11-27",
            "--slot",
            "chieu",
            "tin.txt",
        ],
    );
    assert_contains(&out.stderr, &["warning: ", "tin.txt", "QRZT"]);
    let rundown = t.read("2026-11-27-chieu/rundown.toml");
    assert!(
        rundown
            .lines()
            .any(|l| l.starts_with("# CẦN KIỂM TRA:") && l.contains("QRZT")),
        "{rundown}"
    );
    let html = t.read("2026-11-27-chieu/script.html");
    assert!(
        html.lines()
            .any(|l| l.starts_with("<p class=\"warn\">")
                && l.contains("“QRZT” chưa có trong từ điển")),
        "{html}"
    );
    // The token is left as written for the announcer, not spelled out.
    let r = Rundown::load(&t.path().join("2026-11-27-chieu")).unwrap();
    assert!(r.items[0].segments[0].spoken.contains("QRZT"));
    // In a station (a bantin.toml above), --quiet says nothing at all.
    let station = TestDir::new();
    station.write("bantin.toml", "");
    let out = new_bulletin(&station, &["--quiet"]);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}
