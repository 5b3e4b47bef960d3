//! One bad take must never crash, hang or exhaust the station PC: every path that reads a
//! recording (`loudness`, `assemble`, `status`) refuses it with a message that names the
//! file and says what is wrong. Files are made here: a float WAV holding a NaN, WAVs whose
//! header claims 4,294,967,295 Hz or 1 Hz, a named pipe and a folder called `take.wav`.
//!
//! bantin runs under a memory guard (`ulimit -v`, 1.5 GB of address space) and a time
//! limit, so a regression fails the test instead of taking the machine down or hanging.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use crate::kit::{TestDir, article, status_take};

/// Address space bantin may use in these tests, KiB: far below what the bad headers asked
/// for (24 GB, 4.9 GB), far above what a short take needs.
const MEMORY_LIMIT_KIB: u64 = 1_500_000;

/// Runs bantin in `t` with `args` under the memory guard and a one-minute limit.
fn guarded(t: &TestDir, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.current_dir(t.path())
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .timeout(Duration::from_secs(60));
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some(),
        "bantin {args:?} was killed (a hang or memory exhaustion): {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "bantin {args:?} panicked: {stderr}"
    );
    assert!(
        !stderr.contains("memory allocation"),
        "bantin {args:?} ran out of memory: {stderr}"
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A 32-bit float mono WAV: 2 s of a 300 Hz tone at −12 dBFS with one sample, at 0.5 s,
/// replaced by `bad`.
fn write_float_take(path: &Path, rate: u32, bad: f32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..rate * 2 {
        let t = f64::from(i) / f64::from(rate);
        let s = if i == rate / 2 {
            bad
        } else {
            (0.25 * (t * 300.0 * std::f64::consts::TAU).sin()) as f32
        };
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
}

/// A 16-bit mono WAV of `bytes` bytes of audio (a tone) whose header claims `claimed_rate`.
fn write_lying_rate(path: &Path, claimed_rate: u32, bytes: usize) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..bytes / 2 {
        w.write_sample(((i as f64 * 0.05).sin() * 8000.0) as i16)
            .unwrap();
    }
    w.finalize().unwrap();
    let mut wav = std::fs::read(path).unwrap();
    assert_eq!(&wav[12..16], b"fmt ");
    // fmt body: tag, channels, sample rate (bytes 24..28), byte rate (28..32), …
    wav[24..28].copy_from_slice(&claimed_rate.to_le_bytes());
    wav[28..32].copy_from_slice(&claimed_rate.wrapping_mul(2).to_le_bytes());
    std::fs::write(path, wav).unwrap();
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils)");
    assert!(status.success());
}

/// `assemble --recordings takes -o out.wav` in `t`: exit 2, the message, and no output.
fn assemble_refuses(t: &TestDir) -> String {
    let out = guarded(t, &["assemble", "--recordings", "takes", "-o", "out.wav"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!t.path().join("out.wav").exists());
    stderr(&out)
}

/// `loudness take` in `t`: exit 1 and the message.
fn loudness_refuses(t: &TestDir, take: &str) -> String {
    let out = guarded(t, &["loudness", take]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out)
}

/// A bulletin made from the test article, with `place` putting the opening take
/// (`recordings/00-mo-dau.wav`) in; `status --json` then tells what it found.
fn status_of_opening(t: &TestDir, place: impl FnOnce(&Path)) -> (String, String) {
    let b = "2026-11-27-sang";
    let made = t
        .bantin()
        .args(["new", b, "--date", "2026-11-27", "--slot", "sang"])
        .arg(article("tho-xuan.utf8.txt"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    place(&t.path().join(b).join("recordings/00-mo-dau.wav"));
    let out = guarded(t, &["status", b, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let opening = status_take(&json, "00-mo-dau");
    (
        opening["state"].as_str().unwrap().to_string(),
        opening["problem"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn a_nan_in_a_44k_float_take_is_refused_by_name_not_a_panic_in_the_resampler() {
    let t = TestDir::new();
    write_float_take(&t.path().join("takes/bad.wav"), 44_100, f32::NAN);
    let message = assemble_refuses(&t);
    assert!(message.contains("takes/bad.wav"), "{message}");
    assert!(
        message.contains("the sample at 0.500 s (frame 22050, channel 1) is not a number (NaN)"),
        "{message}"
    );
    let message = loudness_refuses(&t, "takes/bad.wav");
    assert!(
        message.contains(
            "takes/bad.wav: the sample at 0.500 s (frame 22050, channel 1) is not a number"
        ),
        "{message}"
    );
}

#[test]
fn a_nan_in_a_48k_float_take_is_not_called_silent() {
    let t = TestDir::new();
    write_float_take(&t.path().join("takes/bad.wav"), 48_000, f32::NAN);
    let message = assemble_refuses(&t);
    assert!(!message.contains("silent"), "{message}");
    assert!(!message.contains("record the take again"), "{message}");
    assert!(message.contains("is not a number (NaN)"), "{message}");
    assert!(message.contains("Export it again"), "{message}");
}

#[test]
fn an_infinite_or_absurd_sample_is_refused_too() {
    for (bad, what) in [
        (f32::INFINITY, "is infinite"),
        (3.0e38, "far beyond full scale"),
    ] {
        let t = TestDir::new();
        write_float_take(&t.path().join("takes/bad.wav"), 44_100, bad);
        let message = assemble_refuses(&t);
        assert!(message.contains(what), "{message}");
    }
}

#[test]
fn status_reports_a_nan_take_as_unreadable_with_the_sample() {
    let t = TestDir::new();
    let (state, problem) = status_of_opening(&t, |p| write_float_take(p, 44_100, f32::NAN));
    assert_eq!(state, "unreadable");
    assert!(problem.contains("is not a number (NaN)"), "{problem}");
}

#[test]
fn a_header_claiming_4294967295_hz_is_refused_before_anything_is_allocated() {
    let t = TestDir::new();
    write_lying_rate(&t.path().join("takes/huge.wav"), u32::MAX, 2_000);
    for message in [assemble_refuses(&t), loudness_refuses(&t, "takes/huge.wav")] {
        assert!(
            message.contains("takes/huge.wav: the audio is at 4294967295 Hz, and bantin takes recordings from 8000 to 384000 Hz"),
            "{message}"
        );
    }
    let (state, problem) = status_of_opening(&t, |p| write_lying_rate(p, u32::MAX, 2_000));
    assert_eq!(state, "unreadable");
    assert!(problem.contains("4294967295 Hz"), "{problem}");
}

#[test]
fn a_header_claiming_1_hz_is_refused_on_every_path() {
    let t = TestDir::new();
    write_lying_rate(&t.path().join("takes/slow.wav"), 1, 48_000);
    for message in [assemble_refuses(&t), loudness_refuses(&t, "takes/slow.wav")] {
        assert!(
            message.contains("takes/slow.wav: the audio is at 1 Hz"),
            "{message}"
        );
        assert!(message.contains("-ar 48000"), "{message}");
    }
    let (state, problem) = status_of_opening(&t, |p| write_lying_rate(p, 1, 48_000));
    assert_eq!(state, "unreadable");
    assert!(problem.contains("1 Hz"), "{problem}");
}

#[test]
fn rates_just_outside_the_rule_are_refused_and_inside_it_taken() {
    let t = TestDir::new();
    write_lying_rate(&t.path().join("low.wav"), 7_999, 48_000);
    write_lying_rate(&t.path().join("ok.wav"), 8_000, 48_000);
    assert!(loudness_refuses(&t, "low.wav").contains("7999 Hz"));
    let out = guarded(&t, &["loudness", "ok.wav"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_named_pipe_called_take_wav_is_refused_without_waiting_for_it() {
    let t = TestDir::new();
    mkfifo(&t.path().join("takes/take.wav"));
    let message = assemble_refuses(&t);
    assert!(
        message.contains("takes/take.wav is a named pipe (FIFO), not an audio file"),
        "{message}"
    );
    let message = loudness_refuses(&t, "takes/take.wav");
    assert!(message.contains("is a named pipe (FIFO)"), "{message}");
    let (state, problem) = status_of_opening(&t, mkfifo);
    assert_eq!(state, "unreadable");
    assert!(problem.contains("named pipe"), "{problem}");
}

#[test]
fn a_folder_called_take_wav_is_refused_as_a_folder() {
    let t = TestDir::new();
    std::fs::create_dir_all(t.path().join("takes/take.wav")).unwrap();
    let message = assemble_refuses(&t);
    assert!(
        message.contains("takes/take.wav is a folder, not an audio file"),
        "{message}"
    );
    let message = loudness_refuses(&t, "takes/take.wav");
    assert!(message.contains("is a folder"), "{message}");
    let (state, problem) = status_of_opening(&t, |p| std::fs::create_dir_all(p).unwrap());
    assert_eq!(state, "unreadable");
    assert!(problem.contains("is a folder"), "{problem}");
}

#[test]
fn a_device_given_as_a_take_is_refused_without_reading_it() {
    let t = TestDir::new();
    let message = loudness_refuses(&t, "/dev/zero");
    assert!(message.contains("/dev/zero: is a device"), "{message}");
}

#[test]
fn the_broadcast_wav_reader_refuses_a_named_pipe_without_waiting_for_it() {
    // `playlist` and `archive` read finished WAVs through it.
    let t = TestDir::new();
    let pipe = t.path().join("out/2026-11-27-sang.wav");
    mkfifo(&pipe);
    let err = bantin::export::bwf::read_bwf(&pipe)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a named pipe (FIFO), not a file"), "{err}");
    assert!(err.contains("2026-11-27-sang.wav"), "{err}");
}
