//! The detector on real takes (`audio/fixtures/takes/`, made by
//! `scripts/make-take-fixtures.sh`): espeak-ng speech clean, under noise and through a
//! noisy phone; pink and white noise, mains hum and room tone without speech — each at
//! several levels.

use super::*;
use crate::media::decode_file;

/// A fixture take folded to mono, and its rate.
fn take(name: &str) -> (Vec<f32>, u32) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("audio/fixtures/takes")
        .join(name);
    let a = decode_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let (mono, _) = crate::dsp::channels::to_mono(&a.samples, a.channels);
    (mono, a.sample_rate)
}

fn scaled(x: &[f32], db: f64) -> Vec<f32> {
    let g = 10f64.powf(db / 20.0) as f32;
    x.iter().map(|s| s * g).collect()
}

fn rms_db(x: &[f32]) -> f64 {
    let ms = x.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / x.len() as f64;
    10.0 * ms.log10()
}

/// `x` at an RMS of `dbfs`.
fn at_level(x: &[f32], dbfs: f64) -> Vec<f32> {
    scaled(x, dbfs - rms_db(x))
}

/// Where the espeak-ng voice is in the speech fixtures: 0.6 s of padding before it, and
/// its last sound 9.654 s from the start (sox `silence` at −45 dB reads 0.616 and 9.654).
const VOICE_START_S: f64 = 0.61;
const VOICE_END_S: f64 = 9.654;

/// The voice is found from its start to its end, within 30 ms — or, under noise, up to
/// `masked_s` later and earlier (its first and last quiet sounds under the noise).
#[track_caller]
fn assert_voice_span(a: &SpeechAnalysis, masked_s: f64, what: &str) {
    let Verdict::Speech { start_s, length_s } = a.verdict else {
        panic!("{what}: no speech found: {a:?}");
    };
    assert!(
        (VOICE_START_S - 0.03..=VOICE_START_S + 0.03 + masked_s).contains(&start_s),
        "{what}: speech starts at {start_s}: {a:?}"
    );
    let end = start_s + length_s;
    assert!(
        (VOICE_END_S - 0.03 - masked_s..=VOICE_END_S + 0.03).contains(&end),
        "{what}: speech ends at {end}: {a:?}"
    );
}

#[track_caller]
fn assert_no_speech(a: &SpeechAnalysis, sound: NonSpeech, what: &str) {
    assert_eq!(a.verdict, Verdict::NoSpeech { sound }, "{what}: {a:?}");
    assert!(
        a.no_speech_reason().unwrap().contains("no speech"),
        "{what}"
    );
}

#[test]
fn speech_is_found_clean_under_noise_and_through_a_noisy_phone() {
    for (name, masked_s) in [
        ("speech.flac", 0.0),
        ("speech-in-noise.flac", 0.1),
        ("phone-noisy.m4a", 0.1),
    ] {
        let (x, rate) = take(name);
        let a = detect(&x, 1, rate);
        assert_voice_span(&a, masked_s, name);
        // Most of the 9 s of voice is speech frames; the pauses between words are not.
        assert!(
            (5.5..9.1).contains(&a.speech_frames_s),
            "{name}: {} s of speech frames",
            a.speech_frames_s
        );
        assert!(a.max_modulation > 2.0 * MIN_MODULATION, "{name}: {a:?}");
    }
}

#[test]
fn quiet_and_loud_speech_is_found_at_the_same_place() {
    let (x, rate) = take("speech.flac");
    for db in [-40.0, -25.0, -10.0, 5.0] {
        let a = detect(&scaled(&x, db), 1, rate);
        assert_voice_span(&a, 0.0, &format!("speech {db:+} dB"));
    }
}

#[test]
fn noise_hum_and_room_tone_hold_no_speech_at_any_level() {
    for (name, sound) in [
        ("pink-noise.flac", NonSpeech::Noise),
        ("white-noise.flac", NonSpeech::Noise),
        ("room-tone.flac", NonSpeech::Noise),
        ("hum.flac", NonSpeech::Hum),
    ] {
        let (x, rate) = take(name);
        for dbfs in [-65.0, -46.0, -30.0, -18.0] {
            let a = detect(&at_level(&x, dbfs), 1, rate);
            assert_no_speech(&a, sound, &format!("{name} at {dbfs} dBFS"));
            assert!(a.max_modulation < MIN_MODULATION / 2.0, "{name}: {a:?}");
        }
    }
}

#[test]
fn the_take_that_went_to_air_is_pink_noise_at_minus_46() {
    let (x, rate) = take("pink-noise.flac");
    assert!((rms_db(&x) + 46.0).abs() < 0.1);
    let a = detect(&x, 1, rate);
    assert_no_speech(&a, NonSpeech::Noise, "pink noise");
    let reason = a.no_speech_reason().unwrap();
    assert!(
        reason.contains("only steady noise (-46 dBFS RMS)"),
        "{reason}"
    );
}

#[test]
fn speech_with_noise_or_hum_under_it_is_speech() {
    let (voice, rate) = take("speech.flac");
    for (name, snr) in [
        ("pink-noise.flac", 20.0),
        ("pink-noise.flac", 10.0),
        ("white-noise.flac", 10.0),
        ("hum.flac", 10.0),
    ] {
        let (noise, noise_rate) = take(name);
        assert_eq!(noise_rate, rate);
        let noise = at_level(&noise, rms_db(&voice) - snr);
        let mixed: Vec<f32> = voice
            .iter()
            .zip(noise.iter().cycle())
            .map(|(v, n)| v + n)
            .collect();
        let a = detect(&mixed, 1, rate);
        let what = format!("speech over {name} at {snr} dB SNR");
        let Verdict::Speech { start_s, length_s } = a.verdict else {
            panic!("{what}: {a:?}");
        };
        // Under noise the first and last quiet sounds may go under the noise: a little
        // later start and earlier end, never earlier or later.
        assert!(
            (VOICE_START_S - 0.03..VOICE_START_S + 0.25).contains(&start_s),
            "{what}: {a:?}"
        );
        let end = start_s + length_s;
        assert!(
            (VOICE_END_S - 0.4..VOICE_END_S + 0.03).contains(&end),
            "{what}: ends at {end}: {a:?}"
        );
    }
}

#[test]
fn the_rate_does_not_move_the_speech() {
    let (x, rate) = take("speech.flac");
    let here = detect(&x, 1, rate);
    for to in [8_000, 44_100, 48_000] {
        let y = crate::dsp::resample::resample(&x, 1, rate, to).unwrap();
        let there = detect(&y, 1, to);
        let (Some(a), Some(b)) = (here.speech_s(), there.speech_s()) else {
            panic!("{to}: {there:?}");
        };
        assert!((a - b).abs() <= 0.02, "{rate} Hz: {a} s, {to} Hz: {b} s");
        assert_voice_span(&there, 0.0, &format!("at {to} Hz"));
    }
}

#[test]
fn stereo_and_pieces_give_what_mono_in_one_go_gives() {
    let (x, rate) = take("speech-in-noise.flac");
    let whole = detect(&x, 1, rate);
    let stereo: Vec<f32> = x.iter().flat_map(|s| [*s, *s]).collect();
    assert_eq!(detect(&stereo, 2, rate), whole);
    let mut d = SpeechDetector::new(rate);
    for piece in x.chunks(777) {
        d.add(piece);
    }
    assert_eq!(d.finish(), whole);
}

#[test]
fn silence_is_silent_and_nothing_is_nothing() {
    let a = detect(&vec![0.0; 16_000], 1, 16_000);
    assert_eq!(a.verdict, Verdict::Silent);
    assert!(a.no_speech_reason().unwrap().contains("only silence"));
    assert_eq!(detect(&[], 1, 16_000).verdict, Verdict::Silent);
    // Dither-level noise is silence too.
    let (x, rate) = take("white-noise.flac");
    assert_eq!(
        detect(&at_level(&x, -90.0), 1, rate).verdict,
        Verdict::Silent
    );
}
