//! Integration tests: `bantin loudness` on real files — synthesized WAVs written here with
//! hound, and the committed fixtures.

use crate::kit::{TestDir, assert_contains, fixture, signal, wav};
use serde_json::Value;

const KEYS: [&str; 11] = [
    "file",
    "integrated_lufs",
    "loudness_range_lu",
    "true_peak_dbtp",
    "sample_peak_dbfs",
    "max_momentary_lufs",
    "max_short_term_lufs",
    "duration_s",
    "sample_rate",
    "channels",
    "codec",
];

/// A 1 kHz sine at 48 kHz at a peak of `dbfs` in every channel (`None`: digital silence).
fn tone(dbfs: Option<f64>, seconds: f64, channels: u16) -> Vec<f32> {
    let peak = dbfs.map_or(0.0, signal::amplitude);
    signal::in_every_channel(&signal::sine(48_000, 1000.0, peak, seconds), channels)
}

/// Writes [`tone`] as a 32-bit float WAV.
fn write_tone(dir: &TestDir, name: &str, dbfs: Option<f64>, seconds: f64, channels: u16) {
    let samples = tone(dbfs, seconds, channels);
    wav::write_f32(&dir.path().join(name), 48_000, channels, &samples);
}

/// Writes [`tone`] as a 16-bit integer WAV.
fn write_tone_pcm16(dir: &TestDir, name: &str, dbfs: Option<f64>, seconds: f64, channels: u16) {
    let samples = tone(dbfs, seconds, channels);
    wav::write_i16(&dir.path().join(name), 48_000, channels, &samples);
}

fn json_of(text: &str) -> Vec<Value> {
    match serde_json::from_str(text) {
        Ok(Value::Array(rows)) => rows,
        other => panic!("not a JSON array: {other:?}\n{text}"),
    }
}

fn number(row: &Value, key: &str) -> f64 {
    row[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {row}"))
}

/// The keys of a JSON object, sorted (serde_json's map does not keep their order).
fn keys(row: &Value) -> Vec<&str> {
    row.as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn sorted<'a>(keys: &[&'a str]) -> Vec<&'a str> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys
}

#[test]
fn a_stereo_tone_at_minus_23_dbfs_reads_minus_23_lufs() {
    let dir = TestDir::new();
    write_tone(&dir, "tone.wav", Some(-23.0), 20.0, 2);
    let out = dir.ok(["loudness", "--json", "tone.wav"]);
    let text = &out;
    // Keys come in the documented order.
    let positions: Vec<usize> = KEYS
        .iter()
        .map(|key| text.find(&format!("\"{key}\":")).unwrap())
        .collect();
    assert!(positions.is_sorted(), "{text}");
    let rows = json_of(&out);
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(keys(row), sorted(&KEYS));
    assert_eq!(row["file"], "tone.wav");
    for key in [
        "integrated_lufs",
        "max_momentary_lufs",
        "max_short_term_lufs",
    ] {
        let value = number(row, key);
        assert!((value + 23.0).abs() <= 0.1, "{key}: {value}");
    }
    // A 1 kHz sine's samples reach its peak; true peak agrees with them.
    assert!((number(row, "sample_peak_dbfs") + 23.0).abs() <= 0.01);
    assert!((number(row, "true_peak_dbtp") + 23.0).abs() <= 0.05);
    assert!(number(row, "loudness_range_lu").abs() <= 0.1);
    assert_eq!(number(row, "duration_s"), 20.0);
    assert_eq!(row["sample_rate"], 48_000);
    assert_eq!(row["channels"], 2);
    assert!(!row["codec"].as_str().unwrap().is_empty());
}

#[test]
fn json_keeps_argument_order_and_exactly_the_documented_keys() {
    let dir = TestDir::new();
    write_tone(&dir, "loud.wav", Some(-12.0), 4.0, 1);
    write_tone(&dir, "quiet.wav", Some(-40.0), 4.0, 2);
    let out = dir.ok(["loudness", "--json", "quiet.wav", "loud.wav", "quiet.wav"]);
    let rows = json_of(&out);
    let files: Vec<_> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["quiet.wav", "loud.wav", "quiet.wav"]);
    for row in &rows {
        assert_eq!(keys(row), sorted(&KEYS));
    }
    // Mono counts once: a -12 dBFS mono sine reads 3 dB below its stereo self.
    let loud = number(&rows[1], "integrated_lufs");
    assert!((loud + 15.0).abs() <= 0.1, "{loud}");
    assert_eq!(rows[1]["channels"], 1);
    let quiet = number(&rows[0], "integrated_lufs");
    assert!((quiet + 40.0).abs() <= 0.1, "{quiet}");
}

#[test]
fn digital_silence_has_null_loudness_and_peaks() {
    let dir = TestDir::new();
    write_tone(&dir, "silence.wav", None, 5.0, 2);
    let out = dir.ok(["loudness", "--json", "silence.wav"]);
    let row = &json_of(&out)[0];
    for key in &KEYS[1..7] {
        assert!(row[key].is_null(), "{key} should be null: {row}");
    }
    assert_eq!(number(row, "duration_s"), 5.0);
}

#[test]
fn the_silence_fixture_has_no_integrated_loudness() {
    let dir = TestDir::new();
    let row = &json_of(&dir.ok([
        "loudness",
        "--json",
        fixture("silence.wav").to_str().unwrap(),
    ]))[0];
    assert!(row["integrated_lufs"].is_null(), "{row}");
}

#[test]
fn a_bad_file_among_good_ones_is_reported_and_the_others_still_measured() {
    let dir = TestDir::new();
    write_tone(&dir, "good.wav", Some(-20.0), 3.0, 2);
    dir.write(
        "notes.wav",
        "this is not audio, only text with a .wav name\n",
    );
    let out = dir.expect(
        1,
        [
            "loudness",
            "--json",
            "good.wav",
            "missing.wav",
            "notes.wav",
            "good.wav",
        ],
    );
    let rows = json_of(&out.stdout);
    assert_eq!(rows.len(), 4);
    assert_eq!(keys(&rows[0]), sorted(&KEYS));
    assert_eq!(keys(&rows[3]), sorted(&KEYS));
    for (row, file) in [(&rows[1], "missing.wav"), (&rows[2], "notes.wav")] {
        assert_eq!(keys(row), ["error", "file"]);
        assert_eq!(row["file"], file);
        let error = row["error"].as_str().unwrap();
        assert!(error.starts_with(&format!("{file}: ")), "{error}");
    }
    assert!(rows[1]["error"].as_str().unwrap().contains("no such file"));
}

#[test]
fn the_table_names_failed_files_on_stderr_and_exits_1() {
    let dir = TestDir::new();
    write_tone(&dir, "good.wav", Some(-20.0), 3.0, 2);
    let out = dir.expect(1, ["loudness", "good.wav", "missing.wav"]);
    assert!(out.stdout.starts_with("FILE "), "{}", out.stdout);
    assert_contains(&out.stdout, &["good.wav"]);
    assert!(!out.stdout.contains("missing.wav"), "{}", out.stdout);
    assert_contains(
        &out.stderr,
        &[
            "error: missing.wav: no such file",
            "1 of 2 files could not be measured",
        ],
    );
}

#[test]
fn quiet_keeps_errors_but_drops_the_summary() {
    let dir = TestDir::new();
    let stderr = dir.fails(1, ["--quiet", "loudness", "missing.wav"]);
    assert_contains(&stderr, &["error: missing.wav: no such file"]);
    assert!(!stderr.contains("could not be measured"), "{stderr}");
}

#[test]
fn nine_channel_audio_is_refused_naming_the_file_and_the_way_out() {
    let dir = TestDir::new();
    write_tone(&dir, "nine.wav", Some(-20.0), 1.0, 9);
    let stderr = dir.fails(1, ["loudness", "nine.wav"]);
    assert_contains(
        &stderr,
        &[
            "error: nine.wav: the audio has 9 channels, and bantin takes 1 to 8",
            "-ac 2 out.wav",
        ],
    );
}

#[test]
fn seven_and_eight_channel_audio_is_measured_as_6_1_and_7_1() {
    let dir = TestDir::new();
    write_tone(&dir, "seven.wav", Some(-20.0), 3.0, 7);
    write_tone(&dir, "eight.wav", Some(-20.0), 3.0, 8);
    let rows = json_of(&dir.ok(["loudness", "--json", "seven.wav", "eight.wav"]));
    // The same tone in every channel, each counted once on its own (a sine at −20 dBFS in
    // one channel reads −23.01 LUFS), weighted: L R C 1 each, LFE not at all, then
    // 6.1: Cs 1 + Ls Rs 1.41 each = 6.82; 7.1: Lb Rb 1 each + Ls Rs 1.41 each = 7.82.
    for (row, weight) in rows.iter().zip([6.82f64, 7.82]) {
        let want = -23.01 + 10.0 * weight.log10();
        let got = number(row, "integrated_lufs");
        assert!((got - want).abs() < 0.05, "{row}: {got} vs {want}");
    }
}

#[test]
fn no_file_is_a_usage_error() {
    assert_contains(&TestDir::new().fails(2, ["loudness"]), &["<FILE>"]);
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let stderr = TestDir::new().fails(2, ["loudness", "--lufs", "a.wav"]);
    assert_contains(&stderr, &["--lufs"]);
}

/// Copies fixtures into the test folder so the table shows short, stable names.
fn copy_fixtures(dir: &TestDir, names: &[&str]) {
    for name in names {
        std::fs::copy(fixture(name), dir.path().join(name))
            .unwrap_or_else(|err| panic!("fixture {name}: {err}"));
    }
}

/// The table's layout, on files whose values are fixed by construction.
#[test]
fn table_for_people() {
    let dir = TestDir::new();
    copy_fixtures(&dir, &["sine-1k.wav"]);
    write_tone_pcm16(&dir, "take-16bit.wav", Some(-20.0), 4.0, 1);
    write_tone(&dir, "jingle-float-stereo.wav", Some(-12.0), 65.0, 2);
    write_tone_pcm16(&dir, "room-silence.wav", None, 2.5, 2);
    let out = dir.ok([
        "loudness",
        "sine-1k.wav",
        "take-16bit.wav",
        "jingle-float-stereo.wav",
        "room-silence.wav",
    ]);
    let table = out;
    insta::assert_snapshot!(table);
}

/// `bantin loudness --json NAMES…`, one row a file.
fn measured(dir: &TestDir, names: &[&str]) -> Vec<Value> {
    json_of(&dir.ok(["loudness", "--json"].iter().chain(names)))
}

/// Every speech fixture is the same 2 s master in another format (some cut to 1 s):
/// each must measure like the 16-bit WAV master, lossy codecs a little off.
#[test]
fn every_format_of_the_speech_fixture_measures_like_the_master() {
    let names = [
        "speech-16.wav",
        "speech-8bit.wav",
        "speech-24.wav",
        "speech-32i.wav",
        "speech-32f.wav",
        "speech-ext.wav",
        "speech-stereo-44k.wav",
        "speech-8k.wav",
        "speech-22k.wav",
        "speech.flac",
        "speech.mp3",
        "speech.ogg",
        "speech.m4a",
    ];
    let dir = TestDir::new();
    copy_fixtures(&dir, &names);
    let rows = measured(&dir, &names);
    let master_i = number(&rows[0], "integrated_lufs");
    let master_tp = number(&rows[0], "true_peak_dbtp");
    assert!((-25.0..-20.0).contains(&master_i), "{master_i}");
    // The master is normalised to a -3 dBFS sample peak.
    assert!((number(&rows[0], "sample_peak_dbfs") + 3.0).abs() < 0.1);
    for row in &rows[1..] {
        let file = row["file"].as_str().unwrap();
        // The stereo copy carries the speech in both channels: 3 dB louder.
        let expected_i = if file.contains("stereo") {
            master_i + 3.01
        } else {
            master_i
        };
        let i = number(row, "integrated_lufs");
        assert!(
            (i - expected_i).abs() <= 0.5,
            "{file}: I {i}, master {expected_i}"
        );
        let tp = number(row, "true_peak_dbtp");
        assert!(
            (tp - master_tp).abs() <= 0.5,
            "{file}: TP {tp}, master {master_tp}"
        );
    }
}

#[test]
fn the_5_1_fixture_leaves_out_the_lfe_and_weighs_the_surrounds() {
    // Six -10 dBFS tones (220–770 Hz, 60 Hz in the LFE channel): ffmpeg's ebur128, which
    // also leaves the LFE out and weighs the surrounds 1.41, reads -6.4 LUFS.
    let dir = TestDir::new();
    copy_fixtures(&dir, &["tones-6ch.wav"]);
    let row = &measured(&dir, &["tones-6ch.wav"])[0];
    let i = number(row, "integrated_lufs");
    assert!((i + 6.4).abs() <= 0.15, "{i}");
    assert_eq!(row["channels"], 6);
}

#[test]
fn the_sine_fixture_reads_minus_23_lufs() {
    let dir = TestDir::new();
    copy_fixtures(&dir, &["sine-1k.wav"]);
    let row = &measured(&dir, &["sine-1k.wav"])[0];
    assert!(
        (number(row, "integrated_lufs") + 23.0).abs() <= 0.1,
        "{row}"
    );
    assert_eq!(number(row, "sample_peak_dbfs"), -20.0);
}

#[test]
fn fixtures_measure_the_same_alone_and_together() {
    let names = ["speech-16.wav", "speech.flac", "speech.mp3"];
    let dir = TestDir::new();
    copy_fixtures(&dir, &names);
    let together = measured(&dir, &names);
    for (name, row) in names.iter().zip(&together) {
        assert_eq!(&measured(&dir, &[name])[0], row);
    }
}
