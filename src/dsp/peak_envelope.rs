//! A part's outline as the limiter sees it, [`RUN`] frames at a time: the highest true
//! (4x interpolated) peak and the energy of each run. Gathered once per part, when its
//! gain is known, it tells the limiter ([`super::limiter`]) what it needs, and lets the
//! mixer predict the limiter's effect at any gain, without rendering the programme.

use super::limiter_interpolator::Interpolator;
pub use super::limiter_interpolator::{AFTER, BEFORE};
use super::max_abs::max_abs;

/// Frames per run: a fifteenth of the limiter's 5 ms look-ahead at 48 kHz, fine enough
/// that the predicted gain follows the real one closely.
pub const RUN: usize = 16;

/// The envelope of a whole signal at once: the tests' reference for the envelope that
/// the loudness model works out a window at a time ([`EnvelopeWork::runs_of_window`]).
#[cfg(test)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeakEnvelope {
    /// Highest interval peak (a sample and the interpolated points after it) in each run,
    /// over all channels, linear.
    pub peaks: Vec<f32>,
    /// Sum of squares of each run's samples, all channels.
    pub energies: Vec<f32>,
}

/// Frames interpolated at a time: small enough to stay in cache.
const CHUNK: usize = 256 * RUN;
const _: () = assert!(CHUNK.is_multiple_of(SPAN), "chunks hold whole spans");

/// Frames judged at a time for whether they need interpolating.
const SPAN: usize = 16 * RUN;

#[cfg(test)]
impl PeakEnvelope {
    /// The envelope of interleaved `samples`, the signal taken as silent around them.
    pub fn measure(samples: &[f32], channels: usize) -> Self {
        Self::measure_above(samples, channels, 0.0)
    }

    /// Like [`Self::measure`], but where no true peak can exceed `floor` — the sample
    /// peak times the interpolator's largest gain says so — a run keeps that bound
    /// instead of its exact true peak: callers that only care about peaks over `floor`
    /// (the limiter, up to the most gain the mixer may apply) skip most of the work.
    pub fn measure_above(samples: &[f32], channels: usize, floor: f32) -> Self {
        let ch = channels.max(1);
        let frames = samples.len() / ch;
        let runs = frames.div_ceil(RUN);
        let mut env = Self {
            peaks: vec![0f32; runs],
            energies: vec![0f32; runs],
        };
        let mut work = EnvelopeWork::default();
        let mut window = Vec::new();
        for start in (0..frames).step_by(CHUNK) {
            let end = (start + CHUNK).min(frames);
            // Frames start - BEFORE .. end + AFTER, silence outside the signal.
            window.clear();
            let (lo, hi) = (start.saturating_sub(BEFORE), (end + AFTER).min(frames));
            window.resize((BEFORE - (start - lo)) * ch, 0.0);
            window.extend_from_slice(&samples[lo * ch..hi * ch]);
            window.resize((end - start + BEFORE + AFTER) * ch, 0.0);
            let (r0, r1) = (start / RUN, end.div_ceil(RUN));
            work.runs_of_window(
                &window,
                ch,
                start,
                floor,
                &mut env.peaks[r0..r1],
                &mut env.energies[r0..r1],
            );
        }
        env
    }
}

/// Frames an envelope is worked out for at a time (by [`EnvelopeWork::runs_of_window`]).
pub const WINDOW_FRAMES: usize = CHUNK;

/// Buffers reused from window to window.
#[derive(Debug, Default)]
pub struct EnvelopeWork {
    interp: Interpolator,
    x: Vec<f32>,
    q: Vec<f32>,
}

impl EnvelopeWork {
    /// The runs of frames `start .. start + n` of a signal, where `window` (interleaved,
    /// `channels` wide) holds those frames with [`BEFORE`] frames of context before and
    /// [`AFTER`] after (silence where the signal has none). `start` is a multiple of
    /// [`WINDOW_FRAMES`] and `n` at most that; `peaks` and `energies` (one per run,
    /// `n.div_ceil(RUN)` of them) are raised to what the window holds.
    pub fn runs_of_window(
        &mut self,
        window: &[f32],
        channels: usize,
        start: usize,
        floor: f32,
        peaks: &mut [f32],
        energies: &mut [f32],
    ) {
        let ch = channels.max(1);
        let n = window.len() / ch - BEFORE - AFTER;
        let end = start + n;
        let interp = &self.interp;
        for c in 0..ch {
            let x = &mut self.x;
            x.clear();
            if ch == 1 {
                x.extend_from_slice(window);
            } else {
                x.extend(window.iter().skip(c).step_by(ch));
            }
            // x[BEFORE + f - start] is frame f.
            for span in (start..end).step_by(SPAN) {
                let span_end = (span + SPAN).min(end);
                let (lo, hi) = (span - start, span_end - start + BEFORE + AFTER);
                let context = &x[lo..hi];
                let bound = max_abs(context) * interp.bound;
                let r0 = (span - start) / RUN;
                if bound <= floor {
                    for p in &mut peaks[r0..(span_end - start).div_ceil(RUN)] {
                        *p = p.max(bound);
                    }
                } else {
                    interp.interval_peaks_mono(context, &mut self.q);
                    for (k, qs) in self.q.chunks(RUN).enumerate() {
                        peaks[r0 + k] = qs.iter().copied().fold(peaks[r0 + k], f32::max);
                    }
                }
            }
            let own = &x[BEFORE..BEFORE + n];
            for (k, xs) in own.chunks(RUN).enumerate() {
                energies[k] += xs.iter().map(|s| s * s).sum::<f32>();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every interval of a mono signal interpolated, silence around it: its highest peak.
    fn true_peak(x: &[f32]) -> f32 {
        let mut padded = vec![0f32; BEFORE];
        padded.extend_from_slice(x);
        padded.extend(std::iter::repeat_n(0.0, AFTER));
        let mut peaks = Vec::new();
        Interpolator::new().interval_peaks_mono(&padded, &mut peaks);
        peaks.iter().copied().fold(0f32, f32::max)
    }

    #[test]
    fn runs_hold_the_true_peak_and_the_energy() {
        // An fs/4 sine at 45°: samples reach 0.707, the waveform 1.0 between them.
        let x: Vec<f32> = (0..1000)
            .map(|i| {
                (std::f64::consts::FRAC_PI_2 * i as f64 + std::f64::consts::FRAC_PI_4).sin() as f32
            })
            .collect();
        let env = PeakEnvelope::measure(&x, 1);
        assert_eq!(env.peaks.len(), 1000usize.div_ceil(RUN));
        let whole = true_peak(&x);
        let highest = env.peaks.iter().copied().fold(0f32, f32::max);
        assert!((highest - whole).abs() < 1e-6, "{highest} vs {whole}");
        assert!(highest > 0.95);
        let energy: f32 = env.energies.iter().sum();
        let direct: f32 = x.iter().map(|s| s * s).sum();
        assert!((energy - direct).abs() < 1e-3 * direct);
    }

    #[test]
    fn stereo_takes_the_louder_channel() {
        let x: Vec<f32> = (0..64).flat_map(|_| [0.1f32, -0.5]).collect();
        let env = PeakEnvelope::measure(&x, 2);
        assert_eq!(env.peaks.len(), 4);
        assert!((env.peaks[1] - 0.5).abs() < 1e-3, "{:?}", env.peaks);
        assert!((env.energies[1] - 16.0 * (0.01 + 0.25)).abs() < 1e-4);
    }

    #[test]
    fn runs_under_the_floor_keep_a_bound_and_the_rest_stay_exact() {
        // Quiet, then loud: only the loud part is interpolated.
        let x: Vec<f32> = (0..4_000)
            .map(|i| {
                let a = if i < 2_000 { 0.01 } else { 0.9 };
                a * (std::f64::consts::FRAC_PI_2 * i as f64 + std::f64::consts::FRAC_PI_4).sin()
                    as f32
            })
            .collect();
        let exact = PeakEnvelope::measure(&x, 1);
        let quick = PeakEnvelope::measure_above(&x, 1, 0.5);
        assert_eq!(exact.energies, quick.energies);
        for (r, (e, q)) in exact.peaks.iter().zip(&quick.peaks).enumerate() {
            assert!(q >= e, "run {r}: {q} under the true peak {e}");
            if *q > 0.5 {
                assert_eq!(q, e, "run {r} is over the floor: exact");
            } else {
                assert!(*q <= 0.5);
            }
        }
        assert!(quick.peaks[10] < exact.peaks[10] * Interpolator::new().bound + 1e-6);
    }
}
