//! No input may panic the decoder: random bytes, and real fixtures with bytes overwritten or
//! cut off, must each give `Ok` or a `DecodeError`.

use std::path::PathBuf;

use proptest::prelude::*;

use super::decode_file;

/// Valid files of every container, small enough to mutate quickly.
const SEEDS: [&str; 9] = [
    "speech-16.wav",
    "speech-ext.wav",
    "speech-8bit.wav",
    "speech.flac",
    "speech.mp3",
    "speech.ogg",
    "speech.m4a",
    "speech.opus",
    "he-aac.m4a",
];

const EXTENSIONS: [&str; 7] = ["wav", "flac", "mp3", "ogg", "m4a", "opus", "bin"];

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("audio/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Writes the bytes to a temporary file with the extension and decodes it. A panic inside
/// fails the property.
fn decode_bytes(bytes: &[u8], extension: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("take.{extension}"));
    std::fs::write(&path, bytes).unwrap();
    if let Ok(audio) = decode_file(&path) {
        assert!(audio.channels > 0 && audio.sample_rate > 0);
        assert_eq!(audio.samples.len() % usize::from(audio.channels), 0);
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
        decode_bytes(&bytes, ext);
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
        decode_bytes(&bytes, ext);
    }
}
