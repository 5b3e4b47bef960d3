//! True peak (BS.1770 Annex 2) through ebur128's oversampling scanner, run only on the
//! 10 ms blocks where the file's true peak can be.
//!
//! Oversampling is the costliest part of the meter (more than K-weighting and gating
//! together). ebur128 interpolates each output from the last 12 input samples (24 at 2x)
//! with a polyphase FIR, so no interpolated value can exceed the largest input sample among them
//! times the filter's largest per-phase sum of |coefficients| ([`interpolation_gain_bound`],
//! 1.86 at 4x). Blocks are scanned loudest first; once a block's bound falls below the
//! peak already found, neither it nor any quieter block can raise it, and the scan stops.
//! The result is the same number a full scan gives (see the tests); on speech, with its
//! few loud syllables, only a small share of the blocks is oversampled.

use crate::media::DecodedAudio;
use ebur128::{EbuR128, Mode};

/// Frames of history that fully determine ebur128's interpolator state: its taps per phase,
/// 12 at 4x and 24 at 2x (96 kHz and up).
const HISTORY_FRAMES: usize = 24;

/// The largest absolute sample value in `samples` (interleaved, any channel count).
pub fn block_peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0f32, |peak, s| peak.max(s.abs()))
}

/// The file's true peak as a linear amplitude (at least its sample peak), given the sample
/// peak of each block of `block_frames` frames (the last block may be shorter).
pub fn true_peak(
    audio: &DecodedAudio,
    block_frames: usize,
    block_peaks: &[f32],
) -> Result<f64, ebur128::Error> {
    let width = usize::from(audio.channels);
    let frames = audio.frames();
    let mut peak = block_peaks.iter().copied().fold(0.0f32, f32::max) as f64;
    if frames == 0 {
        return Ok(peak);
    }
    let gain = interpolation_gain_bound(audio.sample_rate);
    // An output computed while a block is fed depends on that block and the 11 (2x: 23)
    // frames before it, all inside the block or the one before (blocks are 10 ms: at
    // least 80 frames at 8 kHz, 960 at 96 kHz).
    let bounds: Vec<f64> = (0..block_peaks.len())
        .map(|i| {
            let before = if i > 0 { block_peaks[i - 1] } else { 0.0 };
            gain * f64::from(block_peaks[i].max(before))
        })
        .collect();
    let mut order: Vec<usize> = (0..block_peaks.len()).collect();
    order.sort_unstable_by(|&a, &b| bounds[b].total_cmp(&bounds[a]));

    let mut scanner = EbuR128::new(
        u32::from(audio.channels),
        audio.sample_rate,
        Mode::TRUE_PEAK,
    )?;
    for block in order {
        if bounds[block] <= peak {
            break;
        }
        let start = block * block_frames;
        let end = (start + block_frames).min(frames);
        scanner.reset();
        let history = start.saturating_sub(HISTORY_FRAMES);
        scanner.seed_frames_f32(&audio.samples[history * width..start * width])?;
        scanner.add_frames_f32(&audio.samples[start * width..end * width])?;
        for channel in 0..u32::from(audio.channels) {
            peak = peak.max(scanner.true_peak(channel)?);
        }
    }
    Ok(peak)
}

/// The most ebur128's interpolator can amplify its input: the largest sum of absolute
/// coefficients over its phases (a Hann-windowed sinc of 48 taps: 12 per phase at 4x below
/// 96 kHz, 24 per phase at 2x below 192 kHz, none above), with a 1 % margin for its f32
/// arithmetic.
fn interpolation_gain_bound(rate: u32) -> f64 {
    let Some(factor) = oversampling(rate) else {
        return 1.0;
    };
    let largest = (0..factor)
        .map(|phase| {
            (0..TAPS / factor)
                .map(|tap| coefficient(factor, tap * factor + phase).abs())
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    largest * 1.01
}

/// ebur128's interpolation filter length (all phases).
const TAPS: usize = 48;

/// ebur128's oversampling factor at `rate`, if it oversamples.
fn oversampling(rate: u32) -> Option<usize> {
    match rate {
        ..96_000 => Some(4),
        96_000..192_000 => Some(2),
        _ => None,
    }
}

/// Coefficient `j` of ebur128's interpolation filter (`j = tap * factor + phase`).
fn coefficient(factor: usize, j: usize) -> f64 {
    let j = j as f64;
    let window = 0.5 * (1.0 - (2.0 * std::f64::consts::PI * j / TAPS as f64).cos());
    let m = j - TAPS as f64 / 2.0;
    if m.abs() > 1e-6 {
        let x = m * std::f64::consts::PI / factor as f64;
        window * x.sin() / x
    } else {
        window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ebur128's true peak of the whole file in one pass: what the shortcut must equal.
    fn full_scan(audio: &DecodedAudio) -> f64 {
        let mut meter = EbuR128::new(
            u32::from(audio.channels),
            audio.sample_rate,
            Mode::TRUE_PEAK,
        )
        .unwrap();
        meter.add_frames_f32(&audio.samples).unwrap();
        (0..u32::from(audio.channels))
            .map(|c| meter.true_peak(c).unwrap())
            .fold(0.0, f64::max)
    }

    fn shortcut(audio: &DecodedAudio) -> f64 {
        let block_frames = (audio.sample_rate / 100) as usize;
        let peaks: Vec<f32> = audio
            .samples
            .chunks(block_frames * usize::from(audio.channels))
            .map(block_peak)
            .collect();
        true_peak(audio, block_frames, &peaks).unwrap()
    }

    fn audio(samples: Vec<f32>, sample_rate: u32, channels: u16) -> DecodedAudio {
        DecodedAudio {
            samples,
            sample_rate,
            channels,
            codec: "synthesized".to_string(),
        }
    }

    /// A cheap deterministic noise source (xorshift), in [-1, 1].
    fn noise(seed: &mut u32) -> f32 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 17;
        *seed ^= *seed << 5;
        (*seed as f32 / u32::MAX as f32) * 2.0 - 1.0
    }

    #[test]
    fn the_gain_bound_is_that_of_a_48_tap_windowed_sinc() {
        assert!((interpolation_gain_bound(48_000) / 1.01 - 1.8642).abs() < 1e-3);
        assert!((interpolation_gain_bound(96_000) / 1.01 - 2.3068).abs() < 1e-3);
        assert_eq!(interpolation_gain_bound(192_000), 1.0);
    }

    #[test]
    fn the_worst_case_pattern_reaches_the_bound_and_is_still_found() {
        // Samples with the signs of the midway phase's coefficients add up to the bound:
        // a quiet block (0.5) whose true peak (0.93) beats a louder plain block (0.9).
        let rate = 48_000;
        let mut samples = vec![0.0f32; rate as usize];
        for (n, s) in samples.iter_mut().enumerate().take(4_800) {
            *s = 0.9 * (2.0 * std::f32::consts::PI * n as f32 * 100.0 / rate as f32).sin();
        }
        let signs = [
            1.0, -1.0, 1.0, -1.0, 1.0, -1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0,
        ];
        for (k, sign) in signs.iter().enumerate() {
            samples[30_000 + k] = 0.5 * sign;
        }
        let audio = audio(samples, rate, 1);
        let full = full_scan(&audio);
        assert!(full > 0.92, "{full}");
        assert_eq!(shortcut(&audio), full);
    }

    #[test]
    fn the_worst_case_pattern_across_a_block_boundary_is_found_at_4x_and_2x() {
        // The pattern that drives the midway phase to its bound, laid so that its peak is
        // computed at the start of a block from samples of the block before: only exact
        // seeding of the interpolator finds it.
        for rate in [48_000u32, 96_000] {
            let factor = oversampling(rate).unwrap();
            let taps = TAPS / factor;
            let phase = factor / 2;
            let block = (rate / 100) as usize;
            let mut samples = vec![0.0f32; block * 50];
            let boundary = block * 20;
            // The newest sample pairs with tap 0: the pattern ends one frame into the block,
            // so all but one of its samples lie in the block before.
            let newest = boundary + 1;
            for tap in 0..taps {
                let sign = coefficient(factor, tap * factor + phase).signum() as f32;
                samples[newest - tap] = 0.5 * sign;
            }
            let audio = audio(samples, rate, 1);
            let full = full_scan(&audio);
            let bound = 0.5 * interpolation_gain_bound(rate) / 1.01;
            assert!((full - bound).abs() < 1e-3, "{rate} Hz: {full} vs {bound}");
            assert_eq!(shortcut(&audio), full, "{rate} Hz");
        }
    }

    #[test]
    fn speech_like_noise_bursts_give_the_full_scan_value() {
        for (rate, channels) in [
            (48_000, 2),
            (44_100, 1),
            (22_050, 1),
            (96_000, 2),
            (8_000, 1),
        ] {
            let mut seed = 0x2545_f491_u32 ^ rate;
            let frames = rate as usize * 6;
            let mut samples = Vec::with_capacity(frames * usize::from(channels));
            for n in 0..frames {
                // Syllable-like bursts of varying level every 170 ms.
                let syllable = n * 1000 / rate as usize / 170;
                let level = [0.05, 0.4, 0.1, 0.7, 0.02, 0.3, 0.9, 0.2][syllable % 8];
                for _ in 0..channels {
                    samples.push(level * noise(&mut seed));
                }
            }
            let audio = audio(samples, rate, channels);
            let full = full_scan(&audio);
            assert_eq!(shortcut(&audio), full, "{rate} Hz, {channels} ch");
        }
    }
}
