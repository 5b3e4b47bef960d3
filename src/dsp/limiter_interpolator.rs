//! The limiter's fast 4x interpolator: the three in-between points of each sample interval,
//! from a Blackman-windowed sinc of 12 taps per phase, worked eight lanes at a time. The
//! limiter's detector ([`super::peak_envelope`]) finds the inter-sample peaks it must hold
//! under the ceiling with it.
//!
//! It is not a meter: every true peak bantin reports is ebur128's (the one meter,
//! [`super::loudness`]). The two interpolators differ by a few hundredths of a dB at
//! transients, which the mastering margin under the ceiling covers.
//!
//! Speed: most of a speech programme is far below any ceiling. The filter's gain is
//! bounded by the sum of its absolute taps, so a run of samples whose largest magnitude
//! times that bound is under the level of interest cannot hold an inter-sample peak above
//! it, and the interpolation is skipped there.

/// Oversampling factor.
pub const FACTOR: usize = 4;
/// Taps per phase; the interpolated point between `n` and `n+1` uses `n-5 ..= n+6`.
pub const TAPS: usize = 12;
/// Frames of context needed before a frame.
pub const BEFORE: usize = TAPS / 2 - 1;
/// Frames of context needed after a frame.
pub const AFTER: usize = TAPS / 2;

/// Interpolation coefficients for the phases 1/4, 2/4, 3/4.
#[derive(Debug, Clone)]
pub struct Interpolator {
    /// The three phases in direct form (the tests' reference for the symmetric form).
    #[cfg(test)]
    phases: [[f32; TAPS]; FACTOR - 1],
    /// The phases are symmetric: 2/4 about the interval's middle, and 3/4 the mirror of
    /// 1/4. With `s_j = x_j + x_{11-j}` and `d_j = x_j - x_{11-j}`, the 1/4 and 3/4 points
    /// are `Σ pair_sum_j s_j ± Σ pair_diff_j d_j` and the 2/4 point `Σ half_j s_j`: half
    /// the multiplies of the direct form.
    pair_sum: [f32; TAPS / 2],
    pair_diff: [f32; TAPS / 2],
    half: [f32; TAPS / 2],
    /// Largest gain any phase can have: the sum of its absolute taps.
    pub bound: f32,
}

impl Default for Interpolator {
    fn default() -> Self {
        Self::new()
    }
}

impl Interpolator {
    pub fn new() -> Self {
        let mut phases = [[0f32; TAPS]; FACTOR - 1];
        let half = TAPS as f64 / 2.0;
        let mut bound = 0f32;
        for (p, phase) in phases.iter_mut().enumerate() {
            let frac = (p + 1) as f64 / FACTOR as f64;
            let mut taps = [0f64; TAPS];
            for (j, t) in taps.iter_mut().enumerate() {
                // tap j multiplies x[n + j - BEFORE]; distance from the point n + frac
                let d = frac - (j as f64 - BEFORE as f64);
                let sinc = if d.abs() < 1e-12 {
                    1.0
                } else {
                    (std::f64::consts::PI * d).sin() / (std::f64::consts::PI * d)
                };
                // Blackman window over ±half samples
                let w = 0.42
                    + 0.5 * (std::f64::consts::PI * d / half).cos()
                    + 0.08 * (2.0 * std::f64::consts::PI * d / half).cos();
                *t = sinc * w;
            }
            let sum: f64 = taps.iter().sum();
            for (dst, t) in phase.iter_mut().zip(taps) {
                *dst = (t / sum) as f32;
            }
            bound = bound.max(phase.iter().map(|t| t.abs()).sum());
        }
        let pair_sum = std::array::from_fn(|j| 0.5 * (phases[0][j] + phases[0][TAPS - 1 - j]));
        let pair_diff = std::array::from_fn(|j| 0.5 * (phases[0][j] - phases[0][TAPS - 1 - j]));
        let half = std::array::from_fn(|j| phases[1][j]);
        Self {
            #[cfg(test)]
            phases,
            pair_sum,
            pair_diff,
            half,
            bound,
        }
    }

    /// Interval peaks of a mono run, vectorizable: `x` holds the frames of interest with
    /// BEFORE frames of context before them and AFTER after; `peaks` receives one value
    /// per frame of interest (`x.len() - TAPS + 1` of them).
    pub fn interval_peaks_mono(&self, x: &[f32], peaks: &mut Vec<f32>) {
        let n = (x.len() + 1).saturating_sub(TAPS);
        peaks.clear();
        peaks.resize(n, 0.0);
        const H: usize = TAPS / 2;
        for (w, p) in x.windows(TAPS).zip(peaks.iter_mut()) {
            let (mut sum, mut diff, mut mid) = (0f32, 0f32, 0f32);
            for j in 0..H {
                let (a, b) = (w[j], w[TAPS - 1 - j]);
                sum += self.pair_sum[j] * (a + b);
                diff += self.pair_diff[j] * (a - b);
                mid += self.half[j] * (a + b);
            }
            *p = w[BEFORE]
                .abs()
                .max((sum + diff).abs())
                .max((sum - diff).abs())
                .max(mid.abs());
        }
    }

    /// Largest magnitude of the interval starting at `x[BEFORE]` (the sample itself and
    /// the three interpolated points after it). `x` holds `TAPS` samples of one channel,
    /// `x[BEFORE]` being the sample of interest.
    #[cfg(test)]
    fn interval_peak(&self, x: &[f32; TAPS]) -> f32 {
        let mut peak = x[BEFORE].abs();
        for phase in &self.phases {
            let mut acc = 0f32;
            for (c, s) in phase.iter().zip(x) {
                acc += c * s;
            }
            peak = peak.max(acc.abs());
        }
        peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The peak of a mono signal with every interval interpolated, silence around it.
    fn peak_of(x: &[f32], interp: &Interpolator) -> f32 {
        let mut padded = vec![0f32; BEFORE];
        padded.extend_from_slice(x);
        padded.extend(std::iter::repeat_n(0.0, AFTER));
        let mut peaks = Vec::new();
        interp.interval_peaks_mono(&padded, &mut peaks);
        peaks.iter().copied().fold(0f32, f32::max)
    }

    #[test]
    fn finds_the_peak_between_samples() {
        // fs/4 sine at 45° phase: every sample is at 0.707, the true peak is 1.0.
        let x: Vec<f32> = (0..4800)
            .map(|i| {
                (std::f64::consts::FRAC_PI_2 * i as f64 + std::f64::consts::FRAC_PI_4).sin() as f32
            })
            .collect();
        let sample_peak = x.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!((sample_peak - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-3);
        let tp = peak_of(&x, &Interpolator::new());
        assert!((tp - 1.0).abs() < 0.02, "{tp}");
    }

    #[test]
    fn low_frequency_true_peak_equals_sample_peak() {
        let x: Vec<f32> = (0..48_000)
            .map(|i| {
                (0.5 * (2.0 * std::f64::consts::PI * 100.0 * i as f64 / 48_000.0).sin()) as f32
            })
            .collect();
        let tp = peak_of(&x, &Interpolator::new());
        assert!((tp - 0.5).abs() < 1e-3, "{tp}");
    }

    #[test]
    fn the_symmetric_form_equals_the_direct_one() {
        let interp = Interpolator::new();
        for (p, phase) in interp.phases.iter().enumerate() {
            let mirror = &interp.phases[FACTOR - 2 - p];
            for j in 0..TAPS {
                assert!(
                    (phase[j] - mirror[TAPS - 1 - j]).abs() < 1e-6,
                    "phase {p} tap {j}"
                );
            }
        }
        let x: Vec<f32> = (0..5_000)
            .map(|i| ((i as f32 * 0.731).sin() + (i as f32 * 2.9).cos()) * 0.4)
            .collect();
        let mut peaks = Vec::new();
        interp.interval_peaks_mono(&x, &mut peaks);
        assert_eq!(peaks.len(), x.len() + 1 - TAPS);
        for (i, p) in peaks.iter().enumerate() {
            let w: [f32; TAPS] = x[i..i + TAPS].try_into().unwrap();
            let direct = interp.interval_peak(&w);
            assert!((p - direct).abs() < 1e-5, "at {i}: {p} vs {direct}");
        }
    }
}
