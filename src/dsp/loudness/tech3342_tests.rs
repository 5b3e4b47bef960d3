//! EBU Tech 3342 (loudness range) minimum requirements: the synthesizable cases 1–4,
//! tolerance ±1 LU.

use super::measure;
use super::test_signals::{Signal, stereo};

const RATE: u32 = 48_000;

fn loudness_range(signal: &Signal) -> f64 {
    measure(&stereo(signal))
        .unwrap()
        .loudness_range_lu
        .expect("a loudness range")
}

fn assert_lra(case: u32, value: f64, expected: f64) {
    assert!(
        (value - expected).abs() <= 1.0,
        "case {case}: LRA {value:.2}, expected {expected} ±1"
    );
}

#[test]
fn cases_1_to_3_two_levels_twenty_seconds_each() {
    for (case, first, second, expected) in [
        (1, -20.0, -30.0, 10.0),
        (2, -20.0, -15.0, 5.0),
        (3, -40.0, -20.0, 20.0),
    ] {
        let signal = Signal::new(RATE).tone(first, 20.0).tone(second, 20.0);
        assert_lra(case, loudness_range(&signal), expected);
    }
}

#[test]
fn case_4_five_levels_up_and_down() {
    let signal = Signal::new(RATE)
        .tone(-50.0, 20.0)
        .tone(-35.0, 20.0)
        .tone(-20.0, 20.0)
        .tone(-35.0, 20.0)
        .tone(-50.0, 20.0);
    assert_lra(4, loudness_range(&signal), 15.0);
}

#[test]
fn a_steady_tone_has_no_range() {
    let value = loudness_range(&Signal::new(RATE).tone(-23.0, 10.0));
    assert!(value.abs() < 0.1, "{value}");
}
