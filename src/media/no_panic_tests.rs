//! The decoder's fuzz target: random bytes, and real fixtures of every container mutated
//! the way damaged uploads and hostile files are (bytes overwritten, bits flipped, header
//! fields set to 0, 1 or all ones, bytes inserted, ranges cut out or repeated, the end cut
//! off), must each give a clear error or audio bantin can use — never a panic, never
//! unbounded memory or time.
//!
//! - No panic: a panic fails the case (one caught by the decoder's last-resort guard too,
//!   unless the seed is a known symphonia case).
//! - Usable audio: a format inside [`super::limits`], every sample finite and within it,
//!   and not far longer than the file's bytes can hold.
//! - Bounded memory and time: the cases run in a child process (this test binary again)
//!   under `ulimit -v` and a time limit; each case is written to disk before it is decoded,
//!   so one that kills the child is kept and named.
//!
//! `cargo test` runs 96 cases of each property (a few seconds); `BANTIN_FUZZ_CASES=20000`
//! runs a long session. Inputs that once failed are kept in `audio/fixtures/fuzz/` and
//! replayed by every run ([`the_crashers_found_so_far_stay_fixed`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::limits::{MAX_SAMPLE_MAGNITUDE, check_format};
use super::{DecodeError, decode_file};

/// Valid files of every container, small enough to mutate quickly.
const SEEDS: [&str; 14] = [
    "speech-16.wav",
    "speech-ext.wav",
    "speech-8bit.wav",
    "speech.flac",
    "speech.mp3",
    "speech.ogg",
    "speech.m4a",
    "speech.opus",
    "he-aac.m4a",
    "tones-6ch.wav",
    "speech-8k-adpcm-ima.wav",
    "speech-8k-adpcm-ms.wav",
    "speech-8k.aiff",
    "speech-8k-alac.m4a",
];

const EXTENSIONS: [&str; 9] = [
    "wav", "flac", "mp3", "ogg", "m4a", "opus", "aiff", "aac", "bin",
];

/// Address space the fuzzing child may use, KiB: a mutated 200 KB file has no business
/// needing more; a length or rate field that sized an allocation would.
const CHILD_MEMORY_KIB: u64 = 1_000_000;
/// One case may take this long (a hang detector, not a speed test: decoding a fixture
/// takes milliseconds).
const CASE_TIME: Duration = Duration::from_secs(10);
/// Seconds of silence the decoder may put in for damaged packets, on top of what the
/// bytes hold (5 s per gap, a few gaps).
const GAP_ALLOWANCE_S: f64 = 30.0;
/// Most samples any codec bantin reads makes of one byte (AAC-LC at ~24 kbit/s: ~16).
const SAMPLES_PER_BYTE: f64 = 32.0;

/// Seeds whose decoder is known to panic inside symphonia 0.6 on some damaged data (checked
/// arithmetic overflow); the decoder's last-resort guard turns that into an error.
const KNOWN_PANICKY: [&str; 1] = ["speech-8k-adpcm-ms.wav"];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("audio/fixtures")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decodes `path` and checks the outcome: a clear error, or audio bantin can use.
fn check_decode(path: &Path, seed: &str) {
    let started = Instant::now();
    let file_len = std::fs::metadata(path).map_or(0, |m| m.len());
    match decode_file(path) {
        Ok(audio) => {
            assert_eq!(
                check_format(audio.sample_rate, audio.channels),
                Ok(()),
                "{seed}: a format outside the rule came through"
            );
            assert_eq!(audio.samples.len() % usize::from(audio.channels), 0);
            assert!(
                audio
                    .samples
                    .iter()
                    .all(|s| s.is_finite() && s.abs() <= MAX_SAMPLE_MAGNITUDE),
                "{seed}: a sample outside the rule came through"
            );
            let most = file_len as f64 * SAMPLES_PER_BYTE
                / f64::from(audio.channels)
                / f64::from(audio.sample_rate)
                + GAP_ALLOWANCE_S;
            assert!(
                audio.duration_s() <= most,
                "{seed}: {file_len} bytes decoded to {:.1} s",
                audio.duration_s()
            );
        }
        Err(DecodeError::DecoderFailed { detail, .. }) => {
            assert!(
                KNOWN_PANICKY.contains(&seed),
                "{seed}: symphonia panicked: {detail}"
            );
        }
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.contains(&path.display().to_string()),
                "{seed}: the message does not name the file: {message}"
            );
        }
    }
    assert!(
        started.elapsed() < CASE_TIME,
        "{seed}: decoding took {:?}",
        started.elapsed()
    );
}

/// Writes the bytes where the parent finds them if this case kills the child, then to a
/// temporary file with the extension, and decodes that.
fn decode_bytes(bytes: &[u8], extension: &str, seed: &str) {
    if let Some(last) = std::env::var_os(LAST_CASE_ENV) {
        let _ = std::fs::write(&last, bytes);
        let _ = std::fs::write(
            PathBuf::from(&last).with_extension("txt"),
            format!("{seed} .{extension}"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("take.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    check_decode(&path, seed);
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    /// (position as a fraction of the span, new byte); `in_header`: the span is the first
    /// 512 bytes, where every container keeps its header.
    SetByte(bool, f64, u8),
    FlipBit(bool, f64, u8),
    /// A header field (16 or 32 bits, either byte order) set to a value that breaks
    /// arithmetic: 0, 1, all ones, the sign bit, or any.
    Field(f64, u8, bool, u32),
    Insert(f64, Vec<u8>),
    Cut(f64, u16),
    /// A range copied over another (a repeated packet or header).
    Repeat(f64, f64, u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0.0f64..1.0;
    let value = prop_oneof![
        Just(0u32),
        Just(1),
        Just(u32::MAX),
        Just(0x8000_0000),
        Just(0x7FFF_FFFF),
        Just(0xFFFF),
        any::<u32>(),
    ];
    prop_oneof![
        (any::<bool>(), at.clone(), any::<u8>()).prop_map(|(h, a, b)| Mutation::SetByte(h, a, b)),
        (any::<bool>(), at.clone(), 0u8..8).prop_map(|(h, a, b)| Mutation::FlipBit(h, a, b)),
        (
            at.clone(),
            prop_oneof![Just(2u8), Just(4)],
            any::<bool>(),
            value
        )
            .prop_map(|(a, w, be, v)| Mutation::Field(a, w, be, v)),
        (at.clone(), proptest::collection::vec(any::<u8>(), 1..64))
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (at.clone(), 1u16..512).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (at.clone(), at, 1u16..2048).prop_map(|(a, b, n)| Mutation::Repeat(a, b, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let header = bytes.len().min(512);
    let pos = |in_header: bool, at: f64, len: usize| {
        let span = if in_header { header } else { len };
        ((span as f64 * at) as usize).min(len - 1)
    };
    let len = bytes.len();
    match m {
        Mutation::SetByte(h, at, b) => bytes[pos(*h, *at, len)] = *b,
        Mutation::FlipBit(h, at, bit) => bytes[pos(*h, *at, len)] ^= 1 << bit,
        Mutation::Field(at, width, big_endian, value) => {
            let i = pos(true, *at, len);
            let field: Vec<u8> = match (width, big_endian) {
                (2, false) => (*value as u16).to_le_bytes().to_vec(),
                (2, true) => (*value as u16).to_be_bytes().to_vec(),
                (_, false) => value.to_le_bytes().to_vec(),
                (_, true) => value.to_be_bytes().to_vec(),
            };
            for (k, b) in field.into_iter().enumerate() {
                if let Some(slot) = bytes.get_mut(i + k) {
                    *slot = b;
                }
            }
        }
        Mutation::Insert(at, new) => {
            let i = pos(false, *at, len);
            bytes.splice(i..i, new.iter().copied());
        }
        Mutation::Cut(at, n) => {
            let i = pos(false, *at, len);
            let end = (i + usize::from(*n)).min(len);
            bytes.drain(i..end);
        }
        Mutation::Repeat(from, to, n) => {
            let (a, b) = (pos(false, *from, len), pos(false, *to, len));
            let n = usize::from(*n).min(len - a).min(len - b);
            let copy = bytes[a..a + n].to_vec();
            bytes[b..b + n].copy_from_slice(&copy);
        }
    }
}

fn cases() -> u32 {
    std::env::var("BANTIN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96)
}

/// Where the child writes each case before decoding it.
const LAST_CASE_ENV: &str = "BANTIN_FUZZ_LAST_CASE";

/// The fuzzing itself; run by [`the_decoder_fuzzes_clean_in_bounded_memory_and_time`] in a
/// child process under the memory guard.
#[test]
#[ignore = "run by the_decoder_fuzzes_clean_in_bounded_memory_and_time, under a memory guard"]
fn fuzz_the_decoder() {
    let config = ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config.clone(), |(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        ext in proptest::sample::select(&EXTENSIONS[..]),
    )| {
        decode_bytes(&bytes, ext, "random");
    });
    proptest!(config, |(
        seed in proptest::sample::select(&SEEDS[..]),
        mutations in proptest::collection::vec(mutation(), 1..12),
        keep in 0.05f64..=1.0,
    )| {
        let mut bytes = fixture(seed);
        for m in &mutations {
            apply(&mut bytes, m);
        }
        bytes.truncate(((bytes.len() as f64 * keep) as usize).max(1));
        let ext = seed.rsplit('.').next().unwrap();
        decode_bytes(&bytes, ext, seed);
    });
}

#[test]
fn the_decoder_fuzzes_clean_in_bounded_memory_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let last = dir.path().join("last-case.bin");
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {CHILD_MEMORY_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(std::env::current_exe().unwrap())
        .args([
            "media::no_panic_tests::fuzz_the_decoder",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env(LAST_CASE_ENV, &last)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Every case gets its time; the whole run a generous multiple of that.
    let deadline = Instant::now() + CASE_TIME * 6 + Duration::from_millis(200) * cases();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    if status.is_some_and(|s| s.success()) {
        return;
    }
    // Keep the input that failed where a developer finds it, to add to audio/fixtures/fuzz/.
    let kept = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failure.bin");
    let what = std::fs::read_to_string(last.with_extension("txt")).unwrap_or_default();
    let _ = std::fs::copy(&last, &kept);
    panic!(
        "the decoder {} on a fuzzed input ({what}), kept in {}\n{}\n{}",
        match status {
            None => "hung",
            Some(s) if s.code().is_none() => "was killed (memory?)",
            Some(_) => "failed",
        },
        kept.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

/// Inputs the fuzzer (or the reliability probe of issue 10) once broke the decoder with,
/// named `<seed>--<what>.<ext>`: each must still give a clear error or usable audio.
#[test]
fn the_crashers_found_so_far_stay_fixed() {
    let dir = fixtures().join("fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            continue;
        }
        let seed = name.split("--").next().unwrap_or_default();
        check_decode(&path, seed);
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs in {}", dir.display());
}
