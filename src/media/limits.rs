//! The one rule for which recordings bantin takes: sample rate, channel count and sample
//! values. The decoder applies it to the header before anything is allocated for the audio
//! and again to every decoded block, so no path (`loudness`, `assemble`, `status`) can
//! meet a format the others would refuse, and a damaged header cannot size anything.
//!
//! Why these bounds:
//! - **8 kHz to 384 kHz.** 8 kHz is telephone and the lowest rate any recorder or phone
//!   writes; below it there is no speech band left to measure (the K-weighting's shelf
//!   sits at 1.7 kHz) and resampling to the output would multiply the file. 384 kHz is the
//!   highest rate studio converters and field recorders offer (DXD is 352.8 kHz). A header
//!   outside that is damage: 4,294,967,295 Hz made the resampler ask for gigabytes, 1 Hz
//!   made a 48 KB file into 4.9 GB at 48 kHz.
//! - **1 to 8 channels.** Mono, stereo, 5.1 and 7.1 (and field recorders' up to 8 tracks)
//!   are measured and folded; more is not a take but a multitrack session to mix first.
//! - **Finite samples within ±1000 (+60 dBFS).** Float recordings may go over full scale a
//!   little; a NaN, an infinity or a value a thousand times full scale is damage (integer
//!   audio read as float, a corrupt block) and poisons every sum that follows it.

/// Lowest sample rate taken, Hz.
pub const MIN_SAMPLE_RATE: u32 = 8_000;
/// Highest sample rate taken, Hz.
pub const MAX_SAMPLE_RATE: u32 = 384_000;
/// Most channels taken.
pub const MAX_CHANNELS: u16 = 8;
/// Largest sample magnitude taken (full scale is 1).
pub const MAX_SAMPLE_MAGNITUDE: f32 = 1000.0;

/// What is wrong with a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatProblem {
    SampleRate(u32),
    Channels(u16),
}

/// Checks a recording's sample rate and channel count against the rule.
pub fn check_format(sample_rate: u32, channels: u16) -> Result<(), FormatProblem> {
    if !(MIN_SAMPLE_RATE..=MAX_SAMPLE_RATE).contains(&sample_rate) {
        return Err(FormatProblem::SampleRate(sample_rate));
    }
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(FormatProblem::Channels(channels));
    }
    Ok(())
}

/// The index of the first sample in `samples` that breaks the rule (not finite, or beyond
/// [`MAX_SAMPLE_MAGNITUDE`]), if any. Scans in lanes without branching, so the check costs
/// little next to decoding.
pub fn first_bad_sample(samples: &[f32]) -> Option<usize> {
    const LANES: usize = 16;
    let ok = |s: &f32| s.abs() <= MAX_SAMPLE_MAGNITUDE; // false for NaN
    let mut chunks = samples.chunks_exact(LANES);
    let mut at = 0;
    for chunk in &mut chunks {
        if !chunk.iter().fold(true, |all, s| all & ok(s)) {
            return chunk.iter().position(|s| !ok(s)).map(|i| at + i);
        }
        at += LANES;
    }
    chunks
        .remainder()
        .iter()
        .position(|s| !ok(s))
        .map(|i| at + i)
}

/// A bad sample in words: "not a number (NaN)", "infinite", "1.5e30, far beyond full scale".
pub fn describe_bad_sample(value: f32) -> String {
    if value.is_nan() {
        "not a number (NaN)".to_string()
    } else if value.is_infinite() {
        "infinite".to_string()
    } else {
        format!("{value:.3e}, far beyond full scale")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_channels_inside_the_rule_pass_and_outside_fail() {
        assert_eq!(check_format(8_000, 1), Ok(()));
        assert_eq!(check_format(384_000, 8), Ok(()));
        assert_eq!(check_format(44_100, 2), Ok(()));
        assert_eq!(
            check_format(7_999, 1),
            Err(FormatProblem::SampleRate(7_999))
        );
        assert_eq!(check_format(1, 1), Err(FormatProblem::SampleRate(1)));
        assert_eq!(
            check_format(u32::MAX, 1),
            Err(FormatProblem::SampleRate(u32::MAX))
        );
        assert_eq!(check_format(48_000, 0), Err(FormatProblem::Channels(0)));
        assert_eq!(check_format(48_000, 9), Err(FormatProblem::Channels(9)));
    }

    #[test]
    fn finds_the_first_bad_sample_anywhere() {
        for len in [1usize, 15, 16, 17, 100] {
            for at in 0..len {
                for bad in [f32::NAN, f32::INFINITY, -f32::INFINITY, 1.0e30, -1001.0] {
                    let mut x = vec![0.5f32; len];
                    x[at] = bad;
                    if at + 1 < len {
                        x[len - 1] = f32::NAN;
                    }
                    assert_eq!(first_bad_sample(&x), Some(at), "len {len} at {at} {bad}");
                }
            }
            assert_eq!(first_bad_sample(&vec![-999.0f32; len]), None);
        }
        assert_eq!(first_bad_sample(&[]), None);
    }

    #[test]
    fn bad_samples_are_described_for_people() {
        assert_eq!(describe_bad_sample(f32::NAN), "not a number (NaN)");
        assert_eq!(describe_bad_sample(f32::NEG_INFINITY), "infinite");
        assert_eq!(
            describe_bad_sample(1.5e30),
            "1.500e30, far beyond full scale"
        );
    }
}
