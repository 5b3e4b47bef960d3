//! True-peak estimation by 4x oversampling (ITU-R BS.1770-4 Annex 2): the three
//! in-between points of each sample interval are interpolated with a windowed-sinc
//! polyphase filter, 12 taps per phase.
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
    #[inline]
    pub fn interval_peak(&self, x: &[f32; TAPS]) -> f32 {
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

/// The true peak (linear) of one channel of `samples` (interleaved, `channels` wide),
/// the signal being taken as silent outside the buffer. Only looks closely where a peak
/// above the peak already found is possible; returns at least the sample peak. (The
/// programme's true peak comes from [`TruePeakMeter`]; this checks the interpolator.)
#[cfg(test)]
pub fn true_peak(samples: &[f32], channels: usize, interp: &Interpolator) -> f32 {
    let ch = channels.max(1);
    let frames = samples.len() / ch;
    let mut peak = 0f32;
    for c in 0..ch {
        let get = |i: isize| -> f32 {
            if i < 0 || i as usize >= frames {
                0.0
            } else {
                samples[i as usize * ch + c]
            }
        };
        const CHUNK: usize = 64;
        let mut start = 0usize;
        while start < frames {
            let end = (start + CHUNK).min(frames);
            let lo = start.saturating_sub(BEFORE);
            let hi = (end + AFTER).min(frames);
            let mut chunk_max = 0f32;
            for i in lo..hi {
                chunk_max = chunk_max.max(samples[i * ch + c].abs());
            }
            if chunk_max * interp.bound > peak {
                for n in start..end {
                    let mut x = [0f32; TAPS];
                    for (j, v) in x.iter_mut().enumerate() {
                        *v = get(n as isize + j as isize - BEFORE as isize);
                    }
                    peak = peak.max(interp.interval_peak(&x));
                }
            }
            start = end;
        }
    }
    peak
}

/// True peak of a stream, block by block: keeps the frames needed as filter context
/// between blocks, so the result equals [`true_peak`] on the whole signal.
pub struct TruePeakMeter {
    channels: usize,
    interp: Interpolator,
    /// Context frames (interleaved) carried over: BEFORE history + AFTER not yet measured.
    carry: Vec<f32>,
    measured_from: usize,
    peak: f32,
    /// Interval peaks of the chunk being looked at closely.
    scratch: Vec<f32>,
}

impl TruePeakMeter {
    pub fn new(channels: usize) -> Self {
        let channels = channels.max(1);
        Self {
            channels,
            interp: Interpolator::new(),
            carry: vec![0.0; BEFORE * channels],
            measured_from: BEFORE,
            peak: 0.0,
            scratch: Vec::new(),
        }
    }

    pub fn add(&mut self, block: &[f32]) {
        self.carry.extend_from_slice(block);
        self.measure_ready();
    }

    fn measure_ready(&mut self) {
        let ch = self.channels;
        let frames = self.carry.len() / ch;
        if frames < self.measured_from + AFTER + 1 {
            return;
        }
        let ready = frames - AFTER;
        for c in 0..ch {
            const CHUNK: usize = 64;
            let mut start = self.measured_from;
            while start < ready {
                let end = (start + CHUNK).min(ready);
                let chunk_max = if ch == 1 {
                    max_abs(&self.carry[start - BEFORE..end + AFTER])
                } else {
                    (start - BEFORE..end + AFTER)
                        .map(|i| self.carry[i * ch + c].abs())
                        .fold(0f32, f32::max)
                };
                if chunk_max * self.interp.bound > self.peak {
                    if ch == 1 {
                        self.interp.interval_peaks_mono(
                            &self.carry[start - BEFORE..end + AFTER],
                            &mut self.scratch,
                        );
                        self.peak = self.scratch.iter().copied().fold(self.peak, f32::max);
                    } else {
                        for n in start..end {
                            let mut x = [0f32; TAPS];
                            for (j, v) in x.iter_mut().enumerate() {
                                *v = self.carry[(n + j - BEFORE) * ch + c];
                            }
                            self.peak = self.peak.max(self.interp.interval_peak(&x));
                        }
                    }
                }
                start = end;
            }
        }
        self.carry.drain(..(ready - BEFORE) * ch);
        self.measured_from = BEFORE;
    }

    /// The true peak, linear, the signal being silent after the last block.
    pub fn finish(mut self) -> f32 {
        let pad = AFTER * self.channels;
        self.carry.extend(std::iter::repeat_n(0.0, pad));
        self.measure_ready();
        self.peak
    }
}

/// Largest magnitude in `x`, eight lanes at a time: a plain `fold` with `f32::max` is a
/// serial chain the compiler may not vectorize (max is exact in any order, so the result is
/// the same). The limiter scans every sample of every pass with this.
pub fn max_abs(x: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l = l.max(v.abs());
        }
    }
    let tail = chunks.remainder().iter().fold(0f32, |m, v| m.max(v.abs()));
    lanes.iter().copied().fold(tail, f32::max)
}

pub fn to_db(linear: f32) -> Option<f64> {
    (linear > 0.0).then(|| 20.0 * f64::from(linear).log10())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let tp = true_peak(&x, 1, &Interpolator::new());
        assert!((tp - 1.0).abs() < 0.02, "{tp}");
        let mut peaks = Vec::new();
        Interpolator::new().interval_peaks_mono(&x, &mut peaks);
        let vec_peak = peaks.iter().copied().fold(0f32, f32::max);
        // (the edges, zero-padded in `true_peak`, are left out here)
        assert!((vec_peak - 1.0).abs() < 0.02, "{vec_peak}");
        let mut meter = TruePeakMeter::new(1);
        for block in x.chunks(1000) {
            meter.add(block);
        }
        assert_eq!(meter.finish(), tp);
    }

    #[test]
    fn max_abs_finds_the_largest_magnitude_anywhere() {
        for len in [0usize, 1, 7, 8, 9, 64, 85] {
            for at in 0..len {
                let mut x: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin() * 0.5).collect();
                x[at] = -0.9;
                assert_eq!(max_abs(&x), 0.9, "len {len}, at {at}");
            }
        }
        assert_eq!(max_abs(&[]), 0.0);
    }

    #[test]
    fn low_frequency_true_peak_equals_sample_peak() {
        let x: Vec<f32> = (0..48_000)
            .map(|i| {
                (0.5 * (2.0 * std::f64::consts::PI * 100.0 * i as f64 / 48_000.0).sin()) as f32
            })
            .collect();
        let tp = true_peak(&x, 1, &Interpolator::new());
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
