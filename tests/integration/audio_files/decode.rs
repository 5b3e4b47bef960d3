//! Integration tests: decoding every committed fixture through the library
//! (`bantin::media::decode_file`; there is no `bantin decode` command), asserting measured
//! values, and every bad input's message.

use std::path::Path;

use bantin::media::{DecodeError, DecodedAudio, decode_file};

use crate::kit::{TestDir, assert_contains, fixture};

fn decode(name: &str) -> DecodedAudio {
    decode_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn decode_err(path: &Path) -> String {
    match decode_file(path) {
        Ok(a) => panic!(
            "{}: decoded {:.3} s, expected an error",
            path.display(),
            a.duration_s()
        ),
        Err(e) => e.to_string(),
    }
}

fn peak_dbfs(samples: &[f32]) -> f64 {
    let peak = samples.iter().fold(0f32, |m, s| m.max(s.abs()));
    20.0 * f64::from(peak).log10()
}

/// One channel out of interleaved samples.
fn channel(a: &DecodedAudio, c: usize) -> Vec<f32> {
    a.samples
        .iter()
        .skip(c)
        .step_by(usize::from(a.channels))
        .copied()
        .collect()
}

/// Upward zero crossings per second: the frequency of a pure tone.
fn tone_hz(samples: &[f32], sample_rate: u32) -> f64 {
    let ups = samples
        .windows(2)
        .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
        .count();
    ups as f64 * f64::from(sample_rate) / samples.len() as f64
}

#[test]
fn every_format_decodes_with_its_rate_channels_codec_and_length() {
    // (file, rate, channels, codec, seconds, tolerance in seconds)
    let cases: [(&str, u32, u16, &str, f64, f64); 23] = [
        ("speech-16.wav", 48000, 1, "PCM 16-bit", 2.0, 0.0),
        ("speech-8bit.wav", 48000, 1, "PCM 8-bit", 1.0, 0.0),
        ("speech-24.wav", 16000, 1, "PCM 24-bit", 1.0, 0.0),
        ("speech-32i.wav", 16000, 1, "PCM 32-bit", 1.0, 0.0),
        ("speech-32f.wav", 16000, 1, "PCM 32-bit float", 1.0, 0.0),
        ("speech-ext.wav", 16000, 1, "PCM 24-bit", 1.0, 0.0),
        ("speech-stereo-44k.wav", 44100, 2, "PCM 16-bit", 1.0, 0.0),
        ("speech-8k.wav", 8000, 1, "PCM 16-bit", 2.0, 0.0),
        // Sizes 0xFFFFFFFF: the audio runs to the end of the file, not "header lies".
        ("speech-8k-streamed.wav", 8000, 1, "PCM 16-bit", 2.0, 0.0),
        ("speech-22k.wav", 22050, 1, "PCM 16-bit", 2.0, 0.0),
        ("speech-8k-mulaw.wav", 8000, 1, "mu-law (G.711)", 2.0, 0.0),
        ("speech-8k-alaw.wav", 8000, 1, "A-law (G.711)", 2.0, 0.0),
        // ADPCM codes whole blocks: the last one is padded (up to 505 frames at 8 kHz).
        (
            "speech-8k-adpcm-ima.wav",
            8000,
            1,
            "ADPCM (IMA)",
            2.0,
            0.065,
        ),
        (
            "speech-8k-adpcm-ms.wav",
            8000,
            1,
            "ADPCM (Microsoft)",
            2.0,
            0.065,
        ),
        ("speech-8k.aiff", 8000, 1, "PCM 16-bit", 2.0, 0.0),
        ("speech-8k-alac.m4a", 8000, 1, "ALAC", 2.0, 0.0),
        ("tones-6ch.wav", 8000, 6, "PCM 16-bit", 1.0, 0.0),
        ("speech.flac", 48000, 1, "FLAC", 2.0, 0.0),
        // LAME's gapless header lets the delay and padding be trimmed exactly.
        ("speech.mp3", 48000, 1, "MP3", 2.0, 0.002),
        ("speech.ogg", 48000, 1, "Vorbis", 2.0, 0.002),
        // The M4A edit list drops the encoder's 1024 frames of priming and the padding.
        ("speech.m4a", 48000, 1, "AAC-LC", 2.0, 0.0),
        // Plain AAC-LC at 24 kHz is not mistaken for HE-AAC (the container agrees on 24 kHz).
        ("speech-24k-aac.m4a", 24000, 1, "AAC-LC", 2.0, 0.0),
        ("sine-1k.wav", 48000, 1, "PCM 16-bit", 1.0, 0.0),
    ];
    for (name, rate, channels, codec, seconds, tolerance) in cases {
        let a = decode(name);
        assert_eq!(a.sample_rate, rate, "{name}");
        assert_eq!(a.channels, channels, "{name}");
        assert_eq!(a.codec, codec, "{name}");
        let error = (a.duration_s() - seconds).abs();
        assert!(
            error <= tolerance + 1e-9,
            "{name}: {:.4} s, expected {seconds} s ± {tolerance}",
            a.duration_s()
        );
        // Speech made at -3 dBFS peak: every format keeps the level (lossy codecs within
        // 1 dB: their noise adds to peaks).
        if name.starts_with("speech") {
            let peak = peak_dbfs(&a.samples);
            let lossy = ["MP3", "Vorbis", "AAC-LC"].contains(&codec);
            let tolerance = if lossy { 1.0 } else { 0.15 };
            assert!(
                (peak - -3.0).abs() < tolerance,
                "{name}: peak {peak:.2} dBFS"
            );
        }
    }
}

#[test]
fn the_extensible_fixture_really_has_an_extensible_header() {
    let bytes = std::fs::read(fixture("speech-ext.wav")).unwrap();
    assert_eq!(&bytes[20..22], &0xFFFEu16.to_le_bytes());
    let plain = std::fs::read(fixture("speech-24.wav")).unwrap();
    assert_eq!(&plain[20..22], &1u16.to_le_bytes());
}

#[test]
fn sine_fixture_is_1_khz_at_minus_20_dbfs() {
    let a = decode("sine-1k.wav");
    let peak = peak_dbfs(&a.samples);
    assert!((peak - -20.0).abs() < 0.1, "peak {peak:.3} dBFS");
    let hz = tone_hz(&a.samples, a.sample_rate);
    assert!((hz - 1000.0).abs() < 2.0, "{hz} Hz");
}

#[test]
fn silence_fixture_is_digital_silence() {
    let a = decode("silence.wav");
    assert_eq!(a.frames(), 48000);
    assert!(a.samples.iter().all(|&s| s == 0.0));
}

#[test]
fn lossless_formats_give_identical_samples() {
    let wav = decode("speech-16.wav");
    let flac = decode("speech.flac");
    assert_eq!(wav.samples, flac.samples);
    let phone = decode("speech-8k.wav");
    for name in [
        "speech-8k.aiff",
        "speech-8k-alac.m4a",
        "speech-8k-streamed.wav",
    ] {
        assert_eq!(decode(name).samples, phone.samples, "{name}");
    }

    // Same first second at 16 kHz in 24-bit, 32-bit integer, float and the extensible header.
    let reference = decode("speech-32f.wav").samples;
    for name in ["speech-24.wav", "speech-32i.wav", "speech-ext.wav"] {
        let a = decode(name);
        let worst = a
            .samples
            .iter()
            .zip(&reference)
            .map(|(x, y)| (x - y).abs())
            .fold(0f32, f32::max);
        assert!(worst < 1e-6, "{name}: differs from float by {worst}");
    }
}

#[test]
fn eight_bit_is_the_same_speech_within_its_resolution() {
    let eight = decode("speech-8bit.wav");
    let sixteen = decode("speech-16.wav");
    let worst = eight
        .samples
        .iter()
        .zip(&sixteen.samples)
        .map(|(x, y)| (x - y).abs())
        .fold(0f32, f32::max);
    assert!(worst <= 1.0 / 128.0 + 1e-6, "worst {worst}");
}

#[test]
fn stereo_fixture_has_the_speech_in_both_channels() {
    let a = decode("speech-stereo-44k.wav");
    let (left, right) = (channel(&a, 0), channel(&a, 1));
    assert_eq!(left, right);
    assert!(peak_dbfs(&left) > -4.0);
}

#[test]
fn six_channels_keep_their_own_tones() {
    let a = decode("tones-6ch.wav");
    assert_eq!(a.channels, 6);
    for (c, expected) in [220.0, 330.0, 440.0, 550.0, 60.0, 770.0]
        .into_iter()
        .enumerate()
    {
        let hz = tone_hz(&channel(&a, c), a.sample_rate);
        assert!(
            (hz - expected).abs() < 3.0,
            "channel {c}: {hz} Hz, made {expected}"
        );
    }
}

#[test]
fn lossy_formats_stay_close_to_the_original() {
    let original = decode("speech-16.wav").samples;
    // MP3, Vorbis and AAC are trimmed to the original's alignment (gapless headers, the MP4
    // edit list): the error is the codec's noise, far below the speech. Misaligned by even
    // one AAC frame, the SNR would be below 0 dB.
    for name in ["speech.mp3", "speech.ogg", "speech.m4a"] {
        let a = decode(name);
        let err: f64 = a
            .samples
            .iter()
            .zip(&original)
            .map(|(x, y)| f64::from(x - y).powi(2))
            .sum();
        let signal: f64 = original.iter().map(|x| f64::from(*x).powi(2)).sum();
        let snr_db = 10.0 * (signal / err).log10();
        assert!(snr_db > 10.0, "{name}: SNR {snr_db:.1} dB");
    }
}

// --- Bad input: each message names the file and says what is wrong and what to do.

#[test]
fn missing_file() {
    let dir = TestDir::new();
    let path = dir.path().join("tin-1-doan-2.wav");
    let msg = decode_err(&path);
    assert_contains(
        &msg,
        &["tin-1-doan-2.wav", "no such file", "Check the file name"],
    );
}

#[test]
fn a_directory() {
    let dir = TestDir::new();
    let msg = decode_err(dir.path());
    assert_contains(&msg, &[&dir.path().display().to_string(), "is a folder"]);
}

#[test]
fn empty_file() {
    let msg = decode_err(&fixture("empty.wav"));
    assert_contains(
        &msg,
        &[
            "empty.wav: the file is empty (0 bytes)",
            "copy the take again",
        ],
    );
}

#[test]
fn text_renamed_wav() {
    let msg = decode_err(&fixture("text.wav"));
    assert_contains(
        &msg,
        &["text.wav: is not an audio file", "Export it again as WAV"],
    );
}

#[test]
fn unsupported_codec_in_m4a_names_it_and_lists_what_is_supported() {
    let msg = decode_err(&fixture("unsupported-ac3.m4a"));
    assert_contains(
        &msg,
        &[
            "unsupported-ac3.m4a: the audio is AC-3 (Dolby Digital)",
            "Supported: WAV",
            "FLAC, MP3, Ogg Vorbis, AAC-LC",
            "ffmpeg -i",
        ],
    );
}

#[test]
fn unsupported_codec_in_wav_names_it() {
    let msg = decode_err(&fixture("unsupported-g726.wav"));
    assert_contains(
        &msg,
        &[
            "unsupported-g726.wav: the audio is G.726 ADPCM",
            "Supported:",
        ],
    );
}

#[test]
fn truncated_flac_says_where_it_ends() {
    let msg = decode_err(&fixture("truncated.flac"));
    assert_contains(
        &msg,
        &[
            "truncated.flac: the file is cut short",
            "ends after 0.77 s of 2.00 s",
        ],
    );
}

#[test]
fn truncated_mp3_says_where_it_ends() {
    let msg = decode_err(&fixture("truncated.mp3"));
    assert_contains(
        &msg,
        &[
            "truncated.mp3: the file is cut short",
            "of 2.00 s",
            "ends after 0.9",
        ],
    );
}

#[test]
fn ogg_without_its_last_page_says_where_it_breaks_off() {
    let msg = decode_err(&fixture("truncated.ogg"));
    assert_contains(
        &msg,
        &[
            "truncated.ogg: the file breaks off after 1.01 s",
            "copy or record it again",
        ],
    );
}

#[test]
fn truncated_faststart_m4a_says_where_it_ends() {
    // Index first, audio cut: symphonia's MP4 reader cannot read any packet of a cut mdat.
    let msg = decode_err(&fixture("truncated.m4a"));
    assert_contains(
        &msg,
        &[
            "truncated.m4a: the file is cut short",
            "ends after 0.00 s of 2.02 s",
        ],
    );
}

#[test]
fn truncated_m4a_is_refused() {
    // ffmpeg and most recorders write the MP4 index (moov) last: a half copy has none.
    let dir = TestDir::new();
    let bytes = std::fs::read(fixture("speech.m4a")).unwrap();
    let path = dir.write("cut.m4a", &bytes[..bytes.len() / 2]);
    let msg = decode_err(&path);
    assert_contains(
        &msg,
        &[
            "cut.m4a: looks like an MP4/M4A file but cannot be read",
            "moov",
            "damaged or incomplete",
        ],
    );
}

#[test]
fn wav_header_that_lies_about_its_length() {
    let msg = decode_err(&fixture("lying-header.wav"));
    assert_contains(
        &msg,
        &["lying-header.wav: the WAV header says 2.00 s of audio but the file holds only 0.50 s"],
    );
}

#[test]
fn zero_length_audio() {
    let msg = decode_err(&fixture("zero-length.wav"));
    assert_contains(&msg, &["zero-length.wav: contains no audio"]);
}

#[test]
#[cfg(not(feature = "opus"))]
fn opus_is_refused_with_how_to_convert() {
    let msg = decode_err(&fixture("speech.opus"));
    assert_contains(
        &msg,
        &[
            "speech.opus: the audio is Opus",
            "not supported in this build",
            "out.flac",
            "--features opus",
        ],
    );
}

/// Built with `--features opus` (libopus): the Opus take decodes like its WAV source.
#[test]
#[cfg(feature = "opus")]
fn opus_decodes_with_the_opus_feature() {
    let audio = bantin::media::decode_file(&fixture("speech.opus")).unwrap();
    assert_eq!(audio.channels, 1);
    assert_eq!(audio.sample_rate, 48_000);
    assert_eq!(audio.codec, "Opus");
    assert!(
        (audio.duration_s() - 2.0).abs() < 0.03,
        "{}",
        audio.duration_s()
    );
    let reference = bantin::media::decode_file(&fixture("speech-16.wav")).unwrap();
    let energy = |s: &[f32]| s.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>();
    let ratio = energy(&audio.samples) / energy(&reference.samples);
    assert!((0.7..1.4).contains(&ratio), "energy ratio {ratio}");
}

#[test]
fn he_aac_is_refused_with_how_to_convert() {
    for name in ["he-aac.m4a", "he-aac-implicit.m4a"] {
        let msg = decode_err(&fixture(name));
        assert_contains(
            &msg,
            &[
                &format!("{name}: the audio is HE-AAC"),
                "half the sample rate",
                "-c:a flac out.flac",
            ],
        );
    }
}

/// Overwrites 4 bytes at each of `spots` places spread over the middle half of the file.
fn damage(bytes: &mut [u8], spots: usize) {
    let len = bytes.len();
    for k in 0..spots {
        let at = len / 4 + k * (len / 2) / spots;
        for b in &mut bytes[at..at + 4] {
            *b ^= 0xFF;
        }
    }
}

#[test]
fn one_damaged_flac_frame_becomes_a_silent_gap_of_its_length() {
    let dir = TestDir::new();
    let mut bytes = std::fs::read(fixture("speech.flac")).unwrap();
    damage(&mut bytes, 1);
    let a = decode_file(&dir.write("click.flac", &bytes)).unwrap();
    assert_eq!(a.frames(), 96000, "timing kept");
    let original = decode("speech.flac").samples;
    let differing = a
        .samples
        .iter()
        .zip(&original)
        .filter(|(x, y)| x != y)
        .count();
    // One 4096-frame FLAC block, no more.
    assert!(
        differing > 0 && differing <= 4096,
        "{differing} samples differ"
    );
}

#[test]
fn many_damaged_blocks_are_an_error() {
    let dir = TestDir::new();
    for name in ["speech.flac", "speech.m4a"] {
        let mut bytes = std::fs::read(fixture(name)).unwrap();
        damage(&mut bytes, 12);
        let path = dir.write(&format!("damaged-{name}"), &bytes);
        let err = decode_file(&path).unwrap_err();
        assert!(matches!(err, DecodeError::Corrupt { .. }), "{name}: {err}");
        let msg = err.to_string();
        assert_contains(
            &msg,
            &[
                &format!("damaged-{name}:"),
                "audio blocks are damaged",
                "export the file again",
            ],
        );
    }
}

#[test]
fn a_decoder_failing_inside_symphonia_is_an_error_for_that_file() {
    // Found by the no-panic property test: these four bytes in the first Microsoft ADPCM
    // block make symphonia 0.6's step size overflow (a panic in checked builds).
    let dir = TestDir::new();
    let mut bytes = std::fs::read(fixture("speech-8k-adpcm-ms.wav")).unwrap();
    for (at, value) in [(186, 134), (203, 23), (246, 132), (234, 103)] {
        bytes[at] = value;
    }
    let len = bytes.len() * 93 / 100;
    let path = dir.write("overflow.wav", &bytes[..len]);
    let result = decode_file(&path);
    // Builds with overflow checks (tests) panic inside symphonia; release builds wrap and
    // decode on, so only the checked case has a message to look at.
    if cfg!(debug_assertions) {
        let msg = result.unwrap_err().to_string();
        assert_contains(
            &msg,
            &[
                "overflow.wav: the decoder failed on damaged data",
                "attempt to multiply with overflow",
                "-c:a flac out.flac",
            ],
        );
    }
}
