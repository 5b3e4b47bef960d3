//! Integration tests: what `bantin status` and `bantin assemble` make of the takes staff
//! actually leave in `recordings/` — takes with no speech in them (noise, hum), far too
//! long, clipped or far too quiet (suspect: they must not go to air unnoticed), take
//! names typed nearly right, files that are not used, entries that cannot be read — and
//! of jingles with long fades. The takes are the real recordings of
//! `audio/fixtures/takes/` (espeak-ng speech, a noisy phone recording, noise and hum).

use std::path::{Path, PathBuf};

use bantin::bulletin::rundown::Rundown;
use bantin::media::decode_file;
use serde_json::Value;

use crate::kit::bulletin::{item, rundown, segment, write_rundown};
use crate::kit::signal::{self, voice};
use crate::kit::wav::{write_f32, write_i16};
use crate::kit::{TestDir, assert_contains, fixture};

/// A fixture take of `audio/fixtures/takes/`.
fn take_fixture(name: &str) -> PathBuf {
    fixture(&format!("takes/{name}"))
}

/// The bulletin `b`: opening, item 01 (takes 01-1, 01-2), item 02 (take 02-1), closing,
/// each estimated as `bantin new` would.
fn bulletin(t: &TestDir) -> Rundown {
    let take = |id: &str, spoken: &str| segment(id, spoken, spoken);
    let r = rundown(
        "2026-11-27",
        "sang",
        "Bản tin sáng 27/11/2026",
        120.0,
        vec![
            item(
                "01",
                "Phòng chống bão lụt",
                vec![
                    take(
                        "01-1",
                        "Sáng nay, Ủy ban nhân dân huyện Thọ Xuân tổ chức hội nghị triển khai kế hoạch phòng chống bão lụt.",
                    ),
                    take(
                        "01-2",
                        "Bà con chú ý theo dõi thông tin trên loa truyền thanh.",
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
    write_rundown(&t.path().join("b"), &r);
    r
}

/// Copies a fixture take into `b/recordings/` as `name`.
fn record(t: &TestDir, fixture_name: &str, name: &str) {
    std::fs::copy(
        take_fixture(fixture_name),
        t.path().join("b/recordings").join(name),
    )
    .unwrap();
}

/// Writes a fixture take, its samples scaled by `db`, as `b/recordings/<name>` (float WAV).
fn record_scaled(t: &TestDir, fixture_name: &str, db: f64, name: &str) {
    let a = decode_file(&take_fixture(fixture_name)).unwrap();
    let g = 10f64.powf(db / 20.0) as f32;
    let x: Vec<f32> = a.samples.iter().map(|s| s * g).collect();
    write_f32(
        &t.path().join("b/recordings").join(name),
        a.sample_rate,
        a.channels,
        &x,
    );
}

/// Every take recorded well: espeak-ng speech, clean, in a noisy room, through a phone.
fn record_good_takes(t: &TestDir) {
    record(t, "speech.flac", "00-mo-dau.flac");
    record(t, "speech-in-noise.flac", "01-1.flac");
    record(t, "phone-noisy.m4a", "01-2.m4a");
    record(t, "speech.flac", "02-1.flac");
    record(t, "phone-noisy.m4a", "99-ket-thuc.m4a");
}

fn status_json(t: &TestDir) -> (Value, i32) {
    let ran = t.run(["status", "b", "--json"]);
    let v = serde_json::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", ran.stdout, ran.stderr));
    (v, ran.code)
}

fn take_json<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["takes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no take {id} in {v}"))
}

/// Adds `accept_suspect = true` under the segment of take `take` in b/rundown.toml.
fn accept_in_rundown(t: &TestDir, take: &str) {
    let text = t.read("b/rundown.toml");
    let line = format!("take = \"{take}\"\n");
    assert!(text.contains(&line), "{text}");
    t.write(
        "b/rundown.toml",
        text.replacen(&line, &format!("{line}accept_suspect = true\n"), 1),
    );
}

// ───────────────────────── takes that must not go to air ─────────────────────────

#[test]
fn noise_hum_and_a_take_too_quiet_are_suspect_in_status_and_stop_assemble() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    // The take that once went to air at +47 dB: pink noise at −46 dBFS, no speech.
    record(&t, "pink-noise.flac", "01-1.flac");
    // Mains hum and nothing else.
    record(&t, "hum.flac", "01-2.m4a");
    // Speech recorded 40 dB too low: it would need more than 30 dB of gain.
    record_scaled(&t, "speech.flac", -40.0, "02-1.flac");

    let ran = t.expect(1, ["status", "b"]);
    assert_contains(
        &ran.stdout,
        &[
            "01-1         SUSPECT    recordings/01-1.flac: holds no speech, only steady noise (",
            "01-2         SUSPECT    recordings/01-2.m4a: holds no speech, only a steady hum or tone (",
            "02-1         SUSPECT    recordings/02-1.flac: very quiet (",
            "to reach -16 LUFS (more than 30 dB",
            "3 suspect: `bantin assemble` will not use them",
        ],
    );
    assert!(
        ran.stdout.contains("00-mo-dau    recorded"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("99-ket-thuc  recorded"),
        "{}",
        ran.stdout
    );

    let (v, code) = status_json(&t);
    assert_eq!(code, 1);
    assert_eq!(v["complete"], false);
    assert_eq!(v["totals"]["suspect"], 3);
    let noise = take_json(&v, "01-1");
    assert_eq!(noise["state"], "suspect");
    assert_eq!(noise["suspect"][0]["kind"], "no_speech");
    assert!(noise["speech_s"].is_null(), "no speech is counted: {noise}");
    assert_eq!(take_json(&v, "01-2")["suspect"][0]["kind"], "no_speech");
    let quiet = &take_json(&v, "02-1")["suspect"][0];
    assert_eq!(quiet["kind"], "too_quiet");
    let gain = quiet["gain_db"].as_f64().unwrap();
    assert!((30.0..50.0).contains(&gain), "{quiet}");
    let r = Rundown::load(&t.path().join("b")).unwrap();
    assert_eq!(r.status["01-1"], "suspect");

    // assemble refuses, naming every one with its reason, and writes nothing.
    let ran = t.expect(1, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "3 takes should not go to air as they are",
            "recordings/01-1.flac: holds no speech, only steady noise",
            "recordings/01-2.m4a: holds no speech, only a steady hum",
            "recordings/02-1.flac: very quiet",
            "accept_suspect = true",
        ],
    );
    assert!(!t.path().join("b/out").exists());
}

#[test]
fn staff_accept_a_suspect_take_in_the_rundown_or_all_of_them_for_one_run() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    record_scaled(&t, "speech.flac", -40.0, "02-1.flac");
    record(&t, "hum.flac", "01-2.m4a");

    // Accepting one take leaves the other suspect.
    accept_in_rundown(&t, "02-1");
    let (v, code) = status_json(&t);
    assert_eq!(code, 1);
    let quiet = take_json(&v, "02-1");
    assert_eq!(
        (&quiet["state"], &quiet["accepted"]),
        (&"recorded".into(), &true.into())
    );
    assert_eq!(
        quiet["suspect"][0]["kind"], "too_quiet",
        "the reason stays listed"
    );
    assert_contains(&t.run(["status", "b"]).stdout, &["(accepted: too quiet)"]);
    let ran = t.expect(1, ["assemble", "b"]);
    assert_contains(&ran.stderr, &["1 take should not go to air", "01-2.m4a"]);
    assert!(!ran.stderr.contains("02-1"), "{}", ran.stderr);

    // Accepting the other too: it goes to air, flagged in the report.
    accept_in_rundown(&t, "01-2");
    assert_eq!(status_json(&t).1, 0);
    t.ok(["assemble", "b", "-q"]);
    let report: Value = serde_json::from_str(&t.read("b/out/2026-11-27-sang.json")).unwrap();
    assert_contains(
        &report["takes"].to_string(),
        &[
            "accepted as it is: too quiet",
            "accepted as it is: no speech",
        ],
    );

    // --accept-suspect accepts every suspect take for one run.
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    record(&t, "white-noise.flac", "01-1.flac");
    t.expect(1, ["assemble", "b"]);
    t.ok(["assemble", "b", "--accept-suspect", "-q"]);
}

#[test]
fn a_take_far_longer_than_its_estimate_is_suspect_and_says_nothing_of_the_reading_rate() {
    let t = TestDir::new();
    let r = bulletin(&t);
    let rate = 22_050;
    let write = |name: &str, seconds: f64| {
        let mut x = signal::silence(rate, 0.4);
        x.extend(voice(rate, seconds));
        x.extend(signal::silence(rate, 0.4));
        write_i16(&t.path().join("b/recordings").join(name), rate, 1, &x);
    };
    // Every take read at its estimate but 01-1, not yet recorded: the rate of the four.
    for seg in r.segments().filter(|s| s.take != "01-1") {
        write(&format!("{}.wav", seg.take), seg.estimate_s);
    }
    let before = status_json(&t).0["measured_rate"].clone();
    assert_eq!(before["takes"], 4);
    // Then 01-1 comes in: 90 s, where about 8 s were estimated (a recorder left running
    // through the next item).
    let estimate_01_1 = r.items[0].segments[0].estimate_s;
    write("01-1.wav", 90.0);

    let (v, code) = status_json(&t);
    assert_eq!(code, 1);
    let long = take_json(&v, "01-1");
    assert_eq!(long["state"], "suspect");
    assert_eq!(long["suspect"][0]["kind"], "too_long");
    assert_eq!(long["suspect"][0]["estimate_s"], estimate_01_1);
    assert!((long["speech_s"].as_f64().unwrap() - 90.0).abs() < 0.05);
    // The rate comes from the other takes alone, as before the long take came in: not the
    // "use --rate 44"-like figure the 90 s would give.
    let after = &v["measured_rate"];
    assert_eq!(after, &before);
    let spm = after["syllables_per_minute"].as_f64().unwrap();
    assert!(spm > 150.0, "{after}");
    // Accepted (it really is that long), it is still left out of the rate.
    accept_in_rundown(&t, "01-1");
    let (v, code) = status_json(&t);
    assert_eq!(code, 0);
    assert_eq!(
        v["measured_rate"]["syllables_per_minute"].as_f64().unwrap(),
        spm
    );
    let text = t.ok(["status", "b"]);
    assert!(!text.contains("--rate 44"), "{text}");
}

#[test]
fn a_clipped_take_is_suspect() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    // The speech 14 dB too hot: its peaks flat at full scale.
    let a = decode_file(&take_fixture("speech.flac")).unwrap();
    let hot: Vec<f32> = a
        .samples
        .iter()
        .map(|s| (s * 5.0).clamp(-1.0, 1.0))
        .collect();
    write_i16(
        &t.path().join("b/recordings/01-1.flac.wav"),
        a.sample_rate,
        1,
        &hot,
    );
    std::fs::remove_file(t.path().join("b/recordings/01-1.flac")).unwrap();
    let (v, _) = status_json(&t);
    let clipped = take_json(&v, "01-1");
    assert_eq!(clipped["state"], "suspect");
    assert_eq!(clipped["suspect"][0]["kind"], "clipped");
    assert!(
        clipped["suspect"][0]["places"].as_u64().unwrap() > 10,
        "{clipped}"
    );
    let ran = t.expect(1, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "clipped at 0 dBFS in",
            "record it again with the level lower",
        ],
    );
}

#[test]
fn status_and_assemble_find_the_same_speech_in_every_take() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    let (v, code) = status_json(&t);
    assert_eq!(code, 0, "{v}");
    t.ok(["assemble", "b", "-q"]);
    let report: Value = serde_json::from_str(&t.read("b/out/2026-11-27-sang.json")).unwrap();
    let keep_breath = 0.15;
    for placed in report["takes"].as_array().unwrap() {
        let Some(id) = placed["segment_id"].as_str() else {
            continue;
        };
        let speech = take_json(&v, id)["speech_s"].as_f64().unwrap();
        // assemble keeps the speech and a breath before and after it (the fixtures have
        // more than a breath of room around the voice).
        let kept = placed["trimmed_duration_s"].as_f64().unwrap();
        assert!(
            (kept - 2.0 * keep_breath - speech).abs() <= 0.02,
            "{id}: status {speech} s of speech, assemble kept {kept} s"
        );
        // And it is the voice: 9.04 s of it in every fixture.
        assert!((speech - 9.04).abs() < 0.12, "{id}: {speech}");
    }
}

// ───────────────────────────── take names ─────────────────────────────

#[test]
fn takes_saved_under_near_miss_names_are_used_with_the_name_to_rename_to() {
    let t = TestDir::new();
    bulletin(&t);
    record(&t, "speech.flac", "00 mo dau.flac");
    record(&t, "speech-in-noise.flac", "01_1.WAV.flac");
    record(&t, "phone-noisy.m4a", "1-2.m4a");
    record(&t, "speech.flac", "02-01 .flac");
    record(&t, "phone-noisy.m4a", "99-ket-thuc.m4a");
    let ran = t.expect(0, ["status", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "recordings/00 mo dau.flac is taken as take 00-mo-dau; rename it to recordings/00-mo-dau.flac",
            "recordings/01_1.WAV.flac is taken as take 01-1; rename it to recordings/01-1.flac",
            "recordings/1-2.m4a is taken as take 01-2; rename it to recordings/01-2.m4a",
            "recordings/02-01 .flac is taken as take 02-1; rename it to recordings/02-1.flac",
        ],
    );
    let (v, _) = status_json(&t);
    let near = take_json(&v, "01-2");
    assert_eq!(near["state"], "recorded");
    assert_eq!(near["file"], "recordings/1-2.m4a");
    assert_eq!(near["rename_to"], "recordings/01-2.m4a");
    assert!(take_json(&v, "99-ket-thuc")["rename_to"].is_null());

    // assemble uses the same files and says the same.
    let ran = t.expect(0, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &["recordings/1-2.m4a is used as take 01-2; rename it to recordings/01-2.m4a"],
    );
}

#[test]
fn a_file_matching_no_take_names_the_takes_still_without_one() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    std::fs::remove_file(t.path().join("b/recordings/02-1.flac")).unwrap();
    record(&t, "speech.flac", "tin-thoi-tiet.flac");
    let ran = t.expect(1, ["status", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "recordings/tin-thoi-tiet.flac matches no take in the rundown; if it is take 02-1 (the one without a file), rename it to recordings/02-1.flac",
        ],
    );
    // assemble, stopping for the missing take, names the stray file too.
    let ran = t.expect(1, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "1 take is not recorded yet",
            "In recordings/ but matching no take: recordings/tin-thoi-tiet.flac",
        ],
    );
}

#[test]
fn assemble_names_every_file_in_recordings_it_did_not_use() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    record(&t, "speech.flac", "01-1.mp3.flac"); // a second file for take 01-1
    record(&t, "speech.flac", "thu-lai-lan-2.flac");
    t.write("b/recordings/ghi-chu.txt", "đọc chậm");
    t.write("b/recordings/cu/01-1.wav", "old takes in a sub-folder");
    t.write("b/recordings/.01-1.wav.part", "a half-written temporary");
    let ran = t.expect(0, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &[
            "not used: recordings/01-1.mp3.flac (a second file for take 01-1)",
            "not used: recordings/thu-lai-lan-2.flac (its name matches no take)",
            "not used: recordings/ghi-chu.txt (not an audio file)",
            "not used: recordings/cu (a folder: takes inside it are not looked at)",
        ],
    );
    assert!(!ran.stderr.contains(".part"), "{}", ran.stderr);
}

// ───────────────────────── entries that cannot be read ─────────────────────────

#[cfg(unix)]
#[test]
fn recordings_mode_stops_on_a_take_it_cannot_read_naming_it() {
    use std::os::unix::fs::symlink;
    for (what, make, says) in [
        (
            "a link to an unplugged USB stick",
            (|rec: &Path| symlink("/media/usb-khong-cam/02.wav", rec.join("02.wav")))
                as fn(&Path) -> std::io::Result<()>,
            "02.wav is a link to /media/usb-khong-cam/02.wav, which is not there",
        ),
        (
            "a link loop",
            |rec: &Path| {
                symlink(rec.join("02.wav"), rec.join("03.wav"))?;
                symlink(rec.join("03.wav"), rec.join("02.wav"))
            },
            "02.wav is a link that leads back to itself",
        ),
        (
            "a folder named like a take",
            |rec: &Path| std::fs::create_dir(rec.join("02.wav")),
            "02.wav is a folder, not an audio file",
        ),
    ] {
        let t = TestDir::new();
        let rec = t.path().join("rec");
        std::fs::create_dir_all(&rec).unwrap();
        std::fs::copy(take_fixture("speech.flac"), rec.join("01.flac")).unwrap();
        make(&rec).unwrap();
        let ran = t.expect(2, ["assemble", "--recordings", "rec", "-o", "x.wav"]);
        assert_contains(&ran.stderr, &[says, "Nothing was written"]);
        assert!(!t.path().join("x.wav").exists(), "{what}");
    }
}

#[cfg(unix)]
#[test]
fn a_take_linked_from_an_unplugged_stick_is_unreadable_in_status_and_stops_assemble() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    std::fs::remove_file(t.path().join("b/recordings/01-2.m4a")).unwrap();
    std::os::unix::fs::symlink(
        "/media/usb-khong-cam/01-2.m4a",
        t.path().join("b/recordings/01-2.m4a"),
    )
    .unwrap();
    let (v, code) = status_json(&t);
    assert_eq!(code, 1);
    let linked = take_json(&v, "01-2");
    assert_eq!(linked["state"], "unreadable");
    assert_contains(
        linked["problem"].as_str().unwrap(),
        &["link to /media/usb-khong-cam/01-2.m4a, which is not there"],
    );
    let ran = t.expect(2, ["assemble", "b"]);
    assert_contains(
        &ran.stderr,
        &["recordings/01-2.m4a is a link to /media/usb-khong-cam/01-2.m4a"],
    );
    assert!(!t.path().join("b/out").exists());
}

// ───────────────────────────── jingles ─────────────────────────────

/// Loudness between two times of a decoded file, LUFS.
fn loudness_between(path: &Path, from: f64, to: f64) -> f64 {
    let a = decode_file(path).unwrap();
    let ch = usize::from(a.channels);
    let rate = f64::from(a.sample_rate);
    let part = bantin::media::DecodedAudio {
        samples: a.samples[(from * rate) as usize * ch..(to * rate) as usize * ch].to_vec(),
        ..a.clone()
    };
    bantin::dsp::loudness::measure(&part)
        .unwrap()
        .integrated_lufs
        .unwrap()
}

#[test]
fn jingles_keep_their_fades_and_lose_only_digital_silence() {
    let t = TestDir::new();
    bulletin(&t);
    record_good_takes(&t);
    // The jingle: 0.25 s of digital silence, a 6 s chord whose last 3.5 s fade out, 0.25 s
    // of digital silence. As intro and as outro.
    let jingle = take_fixture("jingle-fade.flac");
    std::fs::create_dir_all(t.path().join("jingles")).unwrap();
    std::fs::copy(&jingle, t.path().join("jingles/intro.flac")).unwrap();
    std::fs::copy(&jingle, t.path().join("jingles/outro.flac")).unwrap();
    t.ok(["assemble", "b", "--jingles", "jingles", "-q"]);
    let out = t.path().join("b/out/2026-11-27-sang.wav");
    let report: Value = serde_json::from_str(&t.read("b/out/2026-11-27-sang.json")).unwrap();
    let takes = report["takes"].as_array().unwrap();
    for role in ["intro", "outro"] {
        let j = takes.iter().find(|p| p["role"] == role).unwrap();
        assert_eq!(j["duration_s"], 6.5);
        // All of it but the last few hundredths of a second of the fade, which lie under
        // −84 dBFS (two steps of 16-bit audio: silence).
        let kept = j["trimmed_duration_s"].as_f64().unwrap();
        assert!(
            (5.95..=6.001).contains(&kept),
            "{role}: kept {kept} s of 6.0"
        );
    }
    // The outro's fade is whole in the broadcast: its last 1.5 s stand to its middle
    // second as they do in the jingle itself.
    let outro = takes.iter().find(|p| p["role"] == "outro").unwrap();
    let start = outro["start_s"].as_f64().unwrap();
    let in_jingle = loudness_between(&jingle, 5.0, 6.0) - loudness_between(&jingle, 2.25, 3.25);
    let on_air = loudness_between(&out, start + 4.75, start + 5.75)
        - loudness_between(&out, start + 2.0, start + 3.0);
    assert!(in_jingle < -6.0, "the jingle fades: {in_jingle} dB");
    assert!(
        (on_air - in_jingle).abs() < 0.5,
        "fade on air {on_air:.2} dB, in the jingle {in_jingle:.2} dB"
    );
}
