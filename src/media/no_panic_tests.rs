//! No input may panic the decoder: random bytes, and real fixtures with bytes overwritten or
//! cut off, must each give `Ok` or a `DecodeError`.

use std::path::PathBuf;

use proptest::prelude::*;

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

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("audio/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Seeds whose decoder is known to panic inside symphonia 0.6 on some damaged data (checked
/// arithmetic overflow); `decode_file`'s last-resort guard turns that into an error.
const KNOWN_PANICKY: [&str; 1] = ["speech-8k-adpcm-ms.wav"];

/// Writes the bytes to a temporary file with the extension and decodes it. A panic fails
/// the property, and so does one caught by the guard, unless the seed is a known case: the
/// guard must not hide new ones.
fn decode_bytes(bytes: &[u8], extension: &str, seed: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("take.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    match decode_file(&path) {
        Ok(audio) => {
            assert!(audio.channels > 0 && audio.sample_rate > 0);
            assert_eq!(audio.samples.len() % usize::from(audio.channels), 0);
        }
        Err(DecodeError::DecoderFailed { detail, .. }) => {
            assert!(
                KNOWN_PANICKY.contains(&seed),
                "{seed}: symphonia panicked: {detail}"
            );
        }
        Err(_) => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("BANTIN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96)
    ))]

    #[test]
    fn random_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..4096),
        ext in proptest::sample::select(&EXTENSIONS[..]),
    ) {
        decode_bytes(&bytes, ext, "random");
    }

    #[test]
    fn mutated_fixtures_never_panic(
        seed in proptest::sample::select(&SEEDS[..]),
        // (position as a fraction of the file, new byte): headers are in the first bytes,
        // so half of the edits land in the first 256 bytes.
        edits in proptest::collection::vec((any::<bool>(), 0.0f64..1.0, any::<u8>()), 1..24),
        keep in 0.05f64..=1.0,
    ) {
        let mut bytes = fixture(seed);
        for (in_header, at, value) in edits {
            let span = if in_header { bytes.len().min(256) } else { bytes.len() };
            let i = ((span as f64 * at) as usize).min(bytes.len() - 1);
            bytes[i] = value;
        }
        bytes.truncate(((bytes.len() as f64 * keep) as usize).max(1));
        let ext = seed.rsplit('.').next().unwrap();
        decode_bytes(&bytes, ext, seed);
    }
}
