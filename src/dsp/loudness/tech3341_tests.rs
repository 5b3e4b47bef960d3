//! EBU Tech 3341 (loudness metering, "EBU mode") minimum requirements: the cases that can
//! be synthesized, with the tolerances the standard gives. Stereo signals carry the same
//! 1 kHz sine in both channels; levels are per-channel peak dBFS.

use super::test_signals::{
    Signal, inter_sample_peak, interleave, mono, sample_peak_db, stereo, true_peak_sine,
};
use super::{StepLoudness, measure, measure_with_steps};

const RATE: u32 = 48_000;

/// Asserts `value` lies in `[expected - below, expected + above]`.
fn assert_within(what: &str, value: Option<f64>, expected: f64, below: f64, above: f64) {
    let value = value.unwrap_or_else(|| panic!("{what}: no value"));
    assert!(
        value >= expected - below && value <= expected + above,
        "{what}: {value:.3}, expected {expected} -{below}/+{above}"
    );
}

fn assert_lufs(what: &str, value: Option<f64>, expected: f64) {
    assert_within(what, value, expected, 0.1, 0.1);
}

/// Every momentary and short-term reading of `audio`, step by step.
fn curve(audio: &crate::media::DecodedAudio) -> Vec<StepLoudness> {
    let mut steps = Vec::new();
    measure_with_steps(audio, |step| steps.push(step)).unwrap();
    steps
}

#[test]
fn case_1_and_2_steady_tones_read_their_level() {
    for level in [-23.0, -33.0] {
        let m = measure(&stereo(&Signal::new(RATE).tone(level, 20.0))).unwrap();
        assert_lufs(&format!("{level} I"), m.integrated_lufs, level);
        assert_lufs(&format!("{level} max M"), m.max_momentary_lufs, level);
        assert_lufs(&format!("{level} max S"), m.max_short_term_lufs, level);
    }
}

#[test]
fn case_1_momentary_and_short_term_hold_still_once_their_windows_are_full() {
    let steps = curve(&stereo(&Signal::new(RATE).tone(-23.0, 20.0)));
    for step in steps.iter().filter(|s| s.end_s >= 0.4) {
        assert_lufs("M", Some(step.momentary_lufs), -23.0);
    }
    for step in steps.iter().filter(|s| s.end_s >= 3.0) {
        assert_lufs("S", Some(step.short_term_lufs), -23.0);
    }
}

#[test]
fn case_3_quiet_edges_fall_under_the_relative_gate() {
    let signal = Signal::new(RATE)
        .tone(-36.0, 10.0)
        .tone(-23.0, 60.0)
        .tone(-36.0, 10.0);
    assert_lufs(
        "I",
        measure(&stereo(&signal)).unwrap().integrated_lufs,
        -23.0,
    );
}

#[test]
fn case_4_near_silence_falls_under_the_absolute_gate() {
    let signal = Signal::new(RATE)
        .tone(-72.0, 10.0)
        .tone(-36.0, 10.0)
        .tone(-23.0, 60.0)
        .tone(-36.0, 10.0)
        .tone(-72.0, 10.0);
    assert_lufs(
        "I",
        measure(&stereo(&signal)).unwrap().integrated_lufs,
        -23.0,
    );
}

#[test]
fn case_5_loud_middle_section_is_gated_in() {
    let signal = Signal::new(RATE)
        .tone(-26.0, 20.0)
        .tone(-20.0, 20.1)
        .tone(-26.0, 20.0);
    assert_lufs(
        "I",
        measure(&stereo(&signal)).unwrap().integrated_lufs,
        -23.0,
    );
}

#[test]
fn case_6_surround_channels_weigh_more_and_lfe_not_at_all() {
    let front = Signal::new(RATE).tone(-28.0, 20.0);
    let centre = Signal::new(RATE).tone(-24.0, 20.0);
    let surround = Signal::new(RATE).tone(-30.0, 20.0);
    let five_0 = interleave(&[&front, &front, &centre, &surround, &surround]);
    assert_lufs("5.0 I", measure(&five_0).unwrap().integrated_lufs, -23.0);

    // The EBU set's six-channel copy has a silent LFE; a loud one must not count either.
    let lfe = Signal::new(RATE).tone(-10.0, 20.0);
    let five_1 = interleave(&[&front, &front, &centre, &lfe, &surround, &surround]);
    assert_lufs("5.1 I", measure(&five_1).unwrap().integrated_lufs, -23.0);
}

#[test]
fn case_9_short_term_is_steady_over_alternating_levels() {
    let signal = Signal::new(RATE)
        .tone(-20.0, 1.34)
        .tone(-30.0, 1.66)
        .repeated(5);
    let steps = curve(&stereo(&signal));
    let after_3s: Vec<_> = steps.iter().filter(|s| s.end_s >= 3.0).collect();
    assert!(after_3s.len() > 1000);
    for step in after_3s {
        assert_lufs(
            &format!("S at {:.2} s", step.end_s),
            Some(step.short_term_lufs),
            -23.0,
        );
    }
}

#[test]
fn case_10_max_short_term_catches_every_burst_position() {
    for i in 0..20 {
        let signal = Signal::new(RATE)
            .silence(i as f64 * 0.15)
            .tone(-23.0, 3.0)
            .silence(1.0);
        let m = measure(&stereo(&signal)).unwrap();
        assert_lufs(&format!("file {i} max S"), m.max_short_term_lufs, -23.0);
    }
}

#[test]
fn case_12_momentary_is_steady_over_alternating_levels() {
    let signal = Signal::new(RATE)
        .tone(-20.0, 0.18)
        .tone(-30.0, 0.22)
        .repeated(25);
    let steps = curve(&stereo(&signal));
    let after_1s: Vec<_> = steps.iter().filter(|s| s.end_s >= 1.0).collect();
    assert!(after_1s.len() > 800);
    for step in after_1s {
        assert_lufs(
            &format!("M at {:.2} s", step.end_s),
            Some(step.momentary_lufs),
            -23.0,
        );
    }
}

#[test]
fn case_13_max_momentary_catches_every_burst_position() {
    for i in 0..20 {
        let signal = Signal::new(RATE)
            .silence(i as f64 * 0.02)
            .tone(-23.0, 0.4)
            .silence(1.0);
        let m = measure(&stereo(&signal)).unwrap();
        assert_lufs(&format!("file {i} max M"), m.max_momentary_lufs, -23.0);
    }
}

/// Tech 3341 tolerance for true peak: +0.2 / -0.4 dB.
fn assert_true_peak(what: &str, value: Option<f64>, expected: f64) {
    assert_within(what, value, expected, 0.4, 0.2);
}

#[test]
fn cases_15_to_18_true_peak_between_samples_at_half_scale() {
    let half_scale = 10f64.powf(-6.0 / 20.0);
    // (case, frequency as a fraction of the rate, phase)
    for (case, divisor, phase) in [
        (15, 4.0, 0.0),
        (16, 4.0, 45.0),
        (17, 6.0, 60.0),
        (18, 8.0, 67.5),
    ] {
        let samples = true_peak_sine(RATE, divisor, half_scale, phase, 1.0, 0.01);
        let m = measure(&mono(samples, RATE)).unwrap();
        assert_true_peak(&format!("case {case}"), m.true_peak_dbtp, -6.0);
    }
}

#[test]
fn case_16_sample_peak_misses_what_true_peak_finds() {
    let half_scale = 10f64.powf(-6.0 / 20.0);
    let m = measure(&mono(
        true_peak_sine(RATE, 4.0, half_scale, 45.0, 1.0, 0.01),
        RATE,
    ))
    .unwrap();
    // Samples of an fs/4 sine at 45° sit at 0.707 of its peak: 3 dB below.
    assert_within("sample peak", m.sample_peak_dbfs, -9.0, 0.05, 0.05);
}

#[test]
fn case_19_true_peak_above_full_scale() {
    let samples = true_peak_sine(RATE, 4.0, 10f64.powf(3.0 / 20.0), 45.0, 1.0, 0.01);
    let m = measure(&mono(samples, RATE)).unwrap();
    assert_true_peak("case 19", m.true_peak_dbtp, 3.0);
}

#[test]
fn cases_20_to_23_inter_sample_peak_at_every_decimation_offset() {
    // Sample peaks of the official files, which shows the synthesis matches them.
    let official_sample_peaks = [-0.13, -0.46, -2.51, -0.46];
    for (offset, official) in official_sample_peaks.into_iter().enumerate() {
        let samples = inter_sample_peak(RATE, offset);
        let sample_peak = sample_peak_db(&samples);
        assert!(
            (sample_peak - official).abs() < 0.05,
            "offset {offset}: synthesized sample peak {sample_peak:.3}, official {official}"
        );
        let m = measure(&mono(samples, RATE)).unwrap();
        assert_true_peak(&format!("case {}", 20 + offset), m.true_peak_dbtp, 0.0);
    }
}
