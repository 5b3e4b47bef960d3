//! Integration tests: `bantin assemble` on synthesized speech-like takes (tone bursts
//! with a syllable rhythm, written as real WAV files). Every check is a measurement of
//! the written file: loudness and true peak through bantin's own meter, take levels,
//! sample steps at the joins.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use bantin::dsp::loudness::measure;
use bantin::media::{DecodedAudio, decode_file};
use serde_json::Value;

use crate::kit::bulletin::{item, record_every_take, rundown, segment, write_rundown};
use crate::kit::signal::{in_every_channel, speech, with_room_tone};
use crate::kit::wav::write_f32;
use crate::kit::{TestDir, assert_contains};

fn decoded(path: &Path) -> DecodedAudio {
    decode_file(path).unwrap_or_else(|e| panic!("{e}"))
}

fn report(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap()).unwrap()
}

/// Takes of every awkward kind, in one recordings folder.
fn awkward_takes(t: &TestDir) -> PathBuf {
    let rec = t.path().join("rec");
    // quiet (−40 dBFS speech), 44.1 kHz
    write_f32(
        &rec.join("01-quiet.wav"),
        44_100,
        1,
        &with_room_tone(speech(44_100, 5.0, -40.0, 1), 44_100, 0.5, 0.8),
    );
    // hot and clipped at 0 dBFS
    let hot: Vec<f32> = speech(48_000, 5.0, 6.0, 2)
        .iter()
        .map(|s| s.clamp(-1.0, 1.0))
        .collect();
    write_f32(&rec.join("02-clipped.wav"), 48_000, 1, &hot);
    // stereo with the right channel inverted (a miswired microphone)
    let v = speech(48_000, 5.0, -12.0, 3);
    let st: Vec<f32> = v.iter().flat_map(|s| [*s, -*s]).collect();
    write_f32(&rec.join("03-phase.wav"), 48_000, 2, &st);
    // phone recording at 8 kHz
    write_f32(
        &rec.join("04-phone.wav"),
        8_000,
        1,
        &speech(8_000, 5.0, -20.0, 4),
    );
    rec
}

fn check_on_target(out: &Path, target: f64, ceiling: f64) {
    let m = measure(&decoded(out)).unwrap();
    let i = m.integrated_lufs.unwrap();
    let tp = m.true_peak_dbtp.unwrap();
    assert!(
        (i - target).abs() <= 0.1,
        "integrated {i:.2} LUFS, target {target}"
    );
    assert!(
        tp <= ceiling,
        "true peak {tp:.2} dBTP over the ceiling {ceiling}"
    );
    let r = report(out);
    let reported = r["programme"]["integrated_lufs"].as_f64().unwrap();
    assert!(
        (reported - i).abs() <= 0.1,
        "report says {reported}, meter {i}"
    );
}

#[test]
fn awkward_takes_land_on_target_and_under_the_ceiling() {
    let t = TestDir::new();
    awkward_takes(&t);
    for (target, extra) in [(-16.0, vec![]), (-23.0, vec!["--bits", "24"])] {
        let out = t.path().join(format!("out{}.wav", -target as i32));
        let target_arg = target.to_string();
        let mut args = vec!["assemble", "--recordings", "rec", "--accept-suspect", "-o"];
        args.extend([out.to_str().unwrap(), "--target-lufs", &target_arg]);
        args.extend(&extra);
        t.ok(args);
        check_on_target(&out, target, -1.0);
    }
    let r = report(&t.path().join("out16.wav"));
    let flags: Vec<String> = r["takes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| format!("{}: {}", t["source"], t["flags"]))
        .collect();
    let all = flags.join("\n");
    for (file, flag) in [
        ("01-quiet", "very quiet"),
        ("01-quiet", "accepted as it is: too quiet"),
        ("02-clipped", "clipped at 0 dBFS"),
        ("02-clipped", "accepted as it is: clipped"),
        ("03-phase", "out-of-phase stereo"),
        ("04-phone", "phone bandwidth (8 kHz)"),
    ] {
        assert!(
            flags.iter().any(|f| f.contains(file) && f.contains(flag)),
            "{file} not flagged {flag}:\n{all}"
        );
    }
}

/// The report page is for staff: every flag the assembler raised (on the awkward takes:
/// too quiet, clipped, out of phase, phone bandwidth, accepted as it is) is said there in
/// Vietnamese, never in the JSON report's English; the page's headings too.
#[test]
fn the_page_says_every_flag_in_vietnamese() {
    let t = TestDir::new();
    awkward_takes(&t);
    t.ok([
        "assemble",
        "--recordings",
        "rec",
        "-o",
        "out.wav",
        "--accept-suspect",
    ]);
    let r = report(&t.path().join("out.wav"));
    let page = t.read("out.html");
    let mut flags: Vec<String> = r["programme"]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            r["takes"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|take| take["flags"].as_array().unwrap()),
        )
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    flags.sort();
    flags.dedup();
    assert!(flags.len() >= 5, "{flags:?}");
    for flag in &flags {
        let shown = flag.replace('&', "&amp;").replace('<', "&lt;");
        assert!(!page.contains(&shown), "in English on the page: {flag}");
    }
    assert_contains(
        &page,
        &[
            "<html lang=\"vi\">",
            "Độ to cả chương trình",
            "Bản thu cần nghe lại",
            "bị cắt đỉnh ở 0 dBFS",
            "tiếng qua điện thoại (dải tần 8 kHz)",
            "hai kênh ngược pha",
            "đã nghe và cho phát như vậy",
        ],
    );
}

#[test]
fn ebu_preset_and_stereo_output() {
    let t = TestDir::new();
    awkward_takes(&t);
    t.ok([
        "assemble",
        "--recordings",
        "rec",
        "-o",
        "r128.wav",
        "--preset",
        "ebu-r128",
        "--accept-suspect",
        "--channels",
        "2",
        "--rate",
        "44100",
    ]);
    let out = t.path().join("r128.wav");
    let a = decoded(&out);
    assert_eq!((a.sample_rate, a.channels), (44_100, 2));
    check_on_target(&out, -23.0, -1.0);
}

/// Loudness of the output between two times.
fn loudness_between(a: &DecodedAudio, from: f64, to: f64) -> f64 {
    let ch = usize::from(a.channels);
    let rate = f64::from(a.sample_rate);
    let part = DecodedAudio {
        samples: a.samples[(from * rate) as usize * ch..(to * rate) as usize * ch].to_vec(),
        ..a.clone()
    };
    measure(&part).unwrap().integrated_lufs.unwrap()
}

#[test]
fn takes_15_db_apart_come_out_matched_and_joins_do_not_click() {
    let t = TestDir::new();
    let rec = t.path().join("rec");
    write_f32(
        &rec.join("a.wav"),
        48_000,
        1,
        &with_room_tone(speech(48_000, 6.0, -10.0, 5), 48_000, 0.6, 0.6),
    );
    write_f32(
        &rec.join("b.wav"),
        48_000,
        1,
        &with_room_tone(speech(48_000, 6.0, -25.0, 6), 48_000, 0.6, 0.6),
    );
    t.ok(["assemble", "--recordings", "rec", "-o", "m.wav", "--quiet"]);
    let out = t.path().join("m.wav");
    let a = decoded(&out);
    let r = report(&out);
    let takes = r["takes"].as_array().unwrap();
    let span = |k: usize| {
        let s = takes[k]["start_s"].as_f64().unwrap();
        (s, s + takes[k]["trimmed_duration_s"].as_f64().unwrap())
    };
    let (a0, a1) = span(0);
    let (b0, b1) = span(1);
    let la = loudness_between(&a, a0, a1);
    let lb = loudness_between(&a, b0, b1);
    assert!(
        (la - lb).abs() < 1.0,
        "take A {la:.2} LUFS, take B {lb:.2} LUFS"
    );
    // Trimming kept about a breath of the room tone (0.6 s → ~0.15 s each side).
    assert!(
        (a1 - a0 - 6.3).abs() < 0.25,
        "take A lasts {:.2} s",
        a1 - a0
    );
    // Around each join, no sample steps further than the speech itself does.
    let rate = 48_000.0;
    let step_near = |t: f64| {
        let i = (t * rate) as usize;
        a.samples[i.saturating_sub(240)..(i + 240).min(a.samples.len())]
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max)
    };
    let speech_step = a.samples[(a0 * rate) as usize..(a1 * rate) as usize]
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(0f32, f32::max);
    for join in [a0, a1, b0, b1] {
        let s = step_near(join);
        assert!(
            s < 0.1 * speech_step + 0.002,
            "step {s} at {join:.3} s (speech steps up to {speech_step})"
        );
    }
}

/// A bulletin folder `b` (opening, item 01 with two takes, item 02 with one, closing),
/// every take recorded (3 s of speech-like signal), and a `jingles` folder with an intro
/// (44.1 kHz stereo), a sting and a bed far longer than the bulletin.
fn bulletin(t: &TestDir) -> PathBuf {
    let b = t.path().join("b");
    let take = |id: &str| segment(id, "Xin chào bà con.", "");
    let r = rundown(
        "2026-11-27",
        "sang",
        "Bản tin sáng",
        600.0,
        vec![
            item("01", "Tin một", vec![take("01-1"), take("01-2")]),
            item("02", "Tin hai", vec![take("02-1")]),
        ],
    );
    write_rundown(&b, &r);
    record_every_take(&b, &r, 48_000, 3.0, |_| -18.0, 10);
    let j = t.path().join("jingles");
    write_f32(
        &j.join("intro.wav"),
        44_100,
        2,
        &in_every_channel(&speech(44_100, 2.0, -6.0, 30), 2),
    );
    write_f32(
        &j.join("sting.wav"),
        48_000,
        1,
        &speech(48_000, 1.0, -6.0, 31),
    );
    // A bed far longer than the whole bulletin: only the stretch under the opening plays.
    let bed: Vec<f32> = (0..48_000 * 120)
        .map(|i| 0.1 * (i as f32 * 0.0367).sin())
        .collect();
    write_f32(&j.join("bed.wav"), 48_000, 1, &bed);
    b
}

#[test]
fn bulletin_folder_follows_the_rundown() {
    let t = TestDir::new();
    let b = bulletin(&t);
    let printed = t.json(["assemble", "b", "--jingles", "jingles", "--quiet", "--json"]);
    let out = b.join("out/2026-11-27-sang.wav");
    assert!(out.with_extension("html").is_file());
    check_on_target(&out, -16.0, -1.0);
    let r = report(&out);
    assert_eq!(printed, r, "--json prints the report file's contents");
    let roles: Vec<&str> = r["takes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "intro", "bed", "opening", "take", "take", "sting", "take", "closing"
        ]
    );
    let a = decoded(&out);
    // The 120 s bed did not make the bulletin longer than its speech and jingles.
    assert!(a.duration_s() < 25.0, "{} s", a.duration_s());
    assert_eq!(r["takes"][3]["segment_id"], "01-1");
    assert_eq!(r["date"], "2026-11-27");
}

#[test]
fn missing_takes_are_listed_together_and_nothing_is_written() {
    let t = TestDir::new();
    let b = bulletin(&t);
    std::fs::remove_file(b.join("recordings/01-2.wav")).unwrap();
    std::fs::remove_file(b.join("recordings/99-ket-thuc.wav")).unwrap();
    let err = t.fails(1, ["assemble", "b", "--jingles", "jingles"]);
    assert_contains(
        &err,
        &[
            "2 takes are not recorded",
            "recordings/01-2.wav",
            "recordings/99-ket-thuc.wav",
        ],
    );
    assert!(!b.join("out").exists());
}

#[test]
fn existing_output_is_kept_unless_forced_and_a_foreign_one_unless_told() {
    let t = TestDir::new();
    awkward_takes(&t);
    fn assemble<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        // The awkward takes are suspect (clipped, very quiet): accepted as they are.
        let mut args = vec![
            "assemble",
            "--recordings",
            "rec",
            "-o",
            "out.wav",
            "-q",
            "--accept-suspect",
        ];
        args.extend(extra);
        args
    }
    t.ok(assemble(&[]));
    let first = std::fs::read(t.path().join("out.wav")).unwrap();
    let err = t.fails(2, assemble(&[]));
    assert_contains(&err, &["out.wav already exists", "--force"]);
    // bantin's own output is replaced with --force.
    t.ok(assemble(&["--force", "--target-lufs", "-20"]));
    assert_ne!(std::fs::read(t.path().join("out.wav")).unwrap(), first);
    // A file another program made is kept even with --force…
    t.write("out.wav", b"good");
    let err = t.fails(2, assemble(&["--force"]));
    assert_contains(
        &err,
        &[
            "out.wav exists and was not made by bantin",
            "--overwrite-foreign",
        ],
    );
    assert_eq!(std::fs::read(t.path().join("out.wav")).unwrap(), b"good");
    // …and replaced only when told.
    t.ok(assemble(&["--force", "--overwrite-foreign"]));
    assert!(decoded(&t.path().join("out.wav")).duration_s() > 10.0);
}

#[test]
fn the_output_is_never_one_of_the_inputs() {
    let t = TestDir::new();
    let rec = awkward_takes(&t);
    let takes_before = std::fs::read_dir(&rec).unwrap().count();
    let take = std::fs::read(rec.join("02-clipped.wav")).unwrap();
    // Into the recordings folder: refused, even with --force, even by another spelling.
    for out in ["rec/bulletin.wav", "./rec/../rec/bulletin.wav"] {
        let err = t.fails(2, ["assemble", "--recordings", "rec", "-o", out, "--force"]);
        assert_contains(&err, &["inside the recordings folder", "as a take"]);
    }
    // Over a take of another name and format: refused before anything is read.
    let err = t.fails(
        2,
        [
            "assemble",
            "--recordings",
            "rec",
            "-o",
            "rec/02-clipped.wav",
            "--force",
            "--overwrite-foreign",
        ],
    );
    assert_contains(&err, &["inside the recordings folder"]);
    let err = t.fails(2, ["assemble", "--recordings", "rec", "-o", "take.mp3"]);
    assert_contains(&err, &["give it a .wav name", "take.wav"]);
    // Into the jingles folder.
    std::fs::create_dir_all(t.path().join("jingles")).unwrap();
    let err = t.fails(
        2,
        [
            "assemble",
            "--recordings",
            "rec",
            "--jingles",
            "jingles",
            "-o",
            "jingles/b.wav",
        ],
    );
    assert_contains(&err, &["inside the jingles folder", "as a jingle"]);
    assert_eq!(std::fs::read_dir(&rec).unwrap().count(), takes_before);
    assert_eq!(std::fs::read(rec.join("02-clipped.wav")).unwrap(), take);
}

/// Assembling `rec/` fails (exit 2) and writes nothing: what it said.
fn assemble_error(t: &TestDir) -> String {
    let err = t.fails(2, ["assemble", "--recordings", "rec", "-o", "x.wav"]);
    assert!(!t.path().join("x.wav").exists());
    err
}

#[test]
fn a_silent_take_is_an_error_naming_it() {
    let t = TestDir::new();
    let rec = awkward_takes(&t);
    write_f32(
        &rec.join("05-silent.wav"),
        48_000,
        1,
        &crate::kit::signal::silence(48_000, 2.0),
    );
    assert_contains(&assemble_error(&t), &["05-silent.wav is silent"]);
}

#[test]
fn a_corrupt_take_is_an_error_naming_it() {
    let t = TestDir::new();
    awkward_takes(&t);
    t.write(
        "rec/06-broken.mp3",
        b"ID3 this is not an mp3 at all, just text",
    );
    let err = assemble_error(&t);
    assert_contains(&err, &["06-broken.mp3", "cannot be read"]);
    // The cause is said once, not once in the message and again as its cause.
    assert_eq!(err.matches("cannot be read").count(), 1, "{err}");
}

#[test]
fn short_and_six_channel_takes_are_used() {
    let t = TestDir::new();
    let rec = t.path().join("rec");
    write_f32(
        &rec.join("01.wav"),
        48_000,
        1,
        &speech(48_000, 4.0, -15.0, 40),
    );
    // 0.6 s: a word; used and flagged.
    write_f32(
        &rec.join("02-short.wav"),
        48_000,
        1,
        &speech(48_000, 0.6, -15.0, 41)[..],
    );
    // 5.1 with the voice in the centre channel only.
    let v = speech(48_000, 4.0, -15.0, 42);
    let six: Vec<f32> = v
        .iter()
        .flat_map(|s| [0.0, 0.0, *s, 0.0, 0.0, 0.0])
        .collect();
    write_f32(&rec.join("03-six.wav"), 48_000, 6, &six);
    t.ok(["assemble", "--recordings", "rec", "-o", "o.wav", "-q"]);
    let out = t.path().join("o.wav");
    check_on_target(&out, -16.0, -1.0);
    let r = report(&out);
    assert_contains(
        &r["takes"].to_string(),
        &["very short", "6 channels downmixed"],
    );
}

/// A take whose peaks stand far above its loudness (speech with a sharp click every
/// 0.1 s, as a voice too close to the microphone pops) is brought to the target only by
/// heavy limiting: the report (its JSON and its page) and the terminal say so, with what
/// to do. Plain speech is not flagged.
#[test]
fn heavy_limiting_is_flagged_in_the_report_and_on_the_terminal() {
    let t = TestDir::new();
    let rate = 48_000;
    let mut popping = speech(rate, 8.0, -30.0, 7);
    for (i, s) in popping.iter_mut().enumerate() {
        if i % (rate as usize / 10) < 24 {
            *s = if i % 2 == 0 { 0.98 } else { -0.98 };
        }
    }
    write_f32(&t.path().join("pops/01.wav"), rate, 1, &popping);
    write_f32(
        &t.path().join("plain/01.wav"),
        rate,
        1,
        &speech(rate, 8.0, -20.0, 7),
    );

    let ran = t.expect(
        0,
        [
            "assemble",
            "--recordings",
            "pops",
            "-o",
            "pops.wav",
            "--accept-suspect",
        ],
    );
    let r = report(&t.path().join("pops.wav"));
    let flags = r["programme"]["flags"].to_string();
    assert_contains(&flags, &["heavy limiting", "--target-lufs"]);
    let reduction = r["programme"]["limiter"]["max_gain_reduction_db"]
        .as_f64()
        .unwrap()
        .abs();
    assert!(reduction > 6.0, "{reduction} dB of gain reduction: {flags}");
    assert_contains(&ran.stderr, &["heavy limiting"]);
    let page = t.read("pops.html");
    assert_contains(
        &page,
        &["<ul class=\"programme-flags\">\n<li>Hạn biên mạnh"],
    );

    let ran = t.expect(0, ["assemble", "--recordings", "plain", "-o", "plain.wav"]);
    let r = report(&t.path().join("plain.wav"));
    assert_eq!(r["programme"]["flags"], serde_json::json!([]), "{r}");
    assert!(!ran.stderr.contains("heavy limiting"), "{}", ran.stderr);
}

/// `bantin loudness --json FILE`'s row.
fn loudness_json(t: &TestDir, file: &Path) -> Value {
    let rows = t.json([
        OsStr::new("loudness"),
        OsStr::new("--json"),
        file.as_os_str(),
    ]);
    rows[0].clone()
}

/// Every loudness and peak figure the report and the bext chunk give for a programme is
/// the one `bantin loudness` prints for the written file: one meter.
#[test]
fn the_report_and_bext_give_the_figures_bantin_loudness_reads_from_the_file() {
    let t = TestDir::new();
    let b = bulletin(&t);
    let rec = t.path().join("rec");
    for (k, level) in [-14.0, -26.0, -19.0].iter().enumerate() {
        write_f32(
            &rec.join(format!("0{k}.wav")),
            48_000,
            1,
            &with_room_tone(speech(48_000, 8.0, *level, 60 + k as u32), 48_000, 0.4, 0.4),
        );
    }
    // Over a minute: measured in two parts on two cores, as `bantin loudness` splits it.
    let long = t.path().join("long");
    for k in 0..3u32 {
        write_f32(
            &long.join(format!("0{k}.wav")),
            48_000,
            1,
            &with_room_tone(
                speech(48_000, 24.0, -18.0 - 3.0 * f64::from(k), 70 + k),
                48_000,
                0.4,
                0.4,
            ),
        );
    }
    let programmes: [(&str, Vec<&str>); 6] = [
        (
            "speech only",
            vec!["--recordings", "rec", "-o", "speech.wav"],
        ),
        (
            "jingles and bed",
            vec!["b", "--jingles", "jingles", "-o", "jingles.wav"],
        ),
        (
            "stereo output",
            vec![
                "b",
                "--jingles",
                "jingles",
                "--channels",
                "2",
                "-o",
                "stereo.wav",
            ],
        ),
        (
            "44.1 kHz",
            vec!["--recordings", "rec", "--rate", "44100", "-o", "44k.wav"],
        ),
        (
            "over a minute, split",
            vec!["--recordings", "long", "-o", "long.wav"],
        ),
        (
            "24-bit, EBU R128",
            vec![
                "b",
                "--jingles",
                "jingles",
                "--bits",
                "24",
                "--preset",
                "ebu-r128",
                "-o",
                "24.wav",
            ],
        ),
    ];
    assert!(b.is_dir());
    for (what, args) in programmes {
        let mut run = t.bantin();
        run.arg("assemble").arg("--quiet").args(&args);
        let done = run.output().unwrap();
        assert!(
            done.status.success(),
            "{what}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        let wav = t.path().join(args.last().unwrap());
        let meter = loudness_json(&t, &wav);
        let written = bantin::media::decode_file(&wav).unwrap();
        let frames = written.frames() as u64;
        assert_eq!(
            bantin::dsp::loudness::split(frames, written.sample_rate).is_some(),
            what.ends_with("split"),
            "{what}: {frames} frames"
        );
        let programme = report(&wav)["programme"].clone();
        for key in [
            "integrated_lufs",
            "loudness_range_lu",
            "true_peak_dbtp",
            "sample_peak_dbfs",
            "max_momentary_lufs",
            "max_short_term_lufs",
        ] {
            assert!(meter[key].is_number(), "{what}: {key} missing: {meter}");
            assert_eq!(programme[key], meter[key], "{what}: report's {key}");
        }
        let bext = bantin::export::bwf::read_bwf(&wav)
            .unwrap()
            .bext
            .unwrap()
            .loudness;
        for (key, value) in [
            ("integrated_lufs", bext.integrated_lufs),
            ("loudness_range_lu", bext.loudness_range_lu),
            ("true_peak_dbtp", bext.max_true_peak_dbtp),
            ("max_momentary_lufs", bext.max_momentary_lufs),
            ("max_short_term_lufs", bext.max_short_term_lufs),
        ] {
            let want = meter[key].as_f64().unwrap();
            let got = value.unwrap_or_else(|| panic!("{what}: bext has no {key}"));
            assert!(
                (got - want).abs() < 0.005,
                "{what}: bext's {key} {got} vs {want}"
            );
        }
    }
}
