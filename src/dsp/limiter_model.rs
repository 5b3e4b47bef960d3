//! What the true-peak limiter ([`super::limiter`]) will do to a signal, predicted from its
//! peak envelope ([`super::peak_envelope`]) instead of the samples: the same request, hold,
//! smoothing and release, stepped one run of [`RUN`] frames at a time. Costs a few
//! milliseconds for a bulletin, against a whole pass over the audio for the limiter.

use std::collections::VecDeque;

use super::limiter::LimiterSettings;
use super::peak_envelope::RUN;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimiterModel {
    ceiling: f32,
    /// Look-ahead in runs.
    lookahead: usize,
    /// Release coefficient per run.
    release: f32,
}

impl LimiterModel {
    pub fn new(rate: u32, settings: LimiterSettings) -> Self {
        let lookahead_frames = (settings.lookahead_s * f64::from(rate)).round().max(1.0);
        let per_frame = (-1.0 / (settings.release_s * f64::from(rate))).exp();
        Self {
            ceiling: settings.ceiling,
            lookahead: ((lookahead_frames / RUN as f64).round() as usize).max(1),
            release: (1.0 - per_frame.powi(RUN as i32)) as f32,
        }
    }

    /// The gain the limiter applies to each run of a signal whose run peaks are `peaks`
    /// times `scale`, into `gains` (one per run; 1 where it does not act).
    pub fn gains(&self, peaks: &[f32], scale: f32, gains: &mut Vec<f32>) {
        let la = self.lookahead;
        let n = peaks.len();
        gains.clear();
        gains.reserve(n);
        // Peaks up to this need nothing (compared before scaling: one multiply less).
        let free = self.ceiling / scale;
        let request = |t: usize| {
            let p = peaks.get(t).copied().unwrap_or(0.0);
            if p > free {
                self.ceiling / (p * scale)
            } else {
                1.0
            }
        };
        let mut min_window: VecDeque<(usize, f32)> = VecDeque::with_capacity(la + 1);
        let mut held = vec![1f32; la];
        let mut held_pos = 0;
        let mut held_sum = la as f64;
        let mut held_below = 0usize;
        let mut gain = 1f32;
        // Run t's request decides the gain of run t − (la − 1): the look-ahead.
        let mut t = 0;
        while t < n + la - 1 {
            if gain == 1.0 && held_below == 0 {
                // At rest: runs that ask for nothing keep it there, and the ring of held
                // gains holds only ones; skip them in one go.
                let quiet = peaks
                    .get(t..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|p| **p <= free)
                    .count();
                let quiet = if t + quiet >= n {
                    n + la - 1 - t
                } else {
                    quiet
                };
                if quiet > 0 {
                    let emitted = (t + quiet + 1).saturating_sub(la) - (t + 1).saturating_sub(la);
                    gains.resize(gains.len() + emitted, 1.0);
                    held_pos = (held_pos + quiet) % la;
                    t += quiet;
                    min_window.clear();
                    continue;
                }
            }
            let r = request(t);
            while min_window.back().is_some_and(|&(_, g)| g >= r) {
                min_window.pop_back();
            }
            min_window.push_back((t, r));
            while min_window.front().is_some_and(|&(i, _)| i + la <= t) {
                min_window.pop_front();
            }
            let hold = min_window.front().map_or(1.0, |&(_, g)| g);
            let leaving = std::mem::replace(&mut held[held_pos], hold);
            held_pos += 1;
            if held_pos == la {
                held_pos = 0;
            }
            held_below = held_below + usize::from(hold < 1.0) - usize::from(leaving < 1.0);
            held_sum += f64::from(hold) - f64::from(leaving);
            if held_below == 0 {
                held_sum = la as f64;
            }
            let smoothed = ((held_sum / la as f64) as f32).min(1.0);
            gain = if smoothed < gain {
                smoothed
            } else if smoothed == 1.0 && gain > 0.999_9 {
                1.0
            } else {
                gain + (smoothed - gain) * self.release
            };
            if t + 1 >= la {
                gains.push(gain);
            }
            t += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::limiter::{LimiterSettings, limit};
    use super::super::peak_envelope::PeakEnvelope;
    use super::*;

    /// Energy after limiting, predicted and real, for a signal with bursts over the ceiling.
    #[test]
    fn predicted_energy_matches_the_limiter() {
        let rate = 48_000;
        let mut seed = 7u32;
        let mut noise = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed as f32 / u32::MAX as f32) * 2.0 - 1.0
        };
        // Speech-like: 0.2 s syllables with peaks of varied height, and pauses.
        let x: Vec<f32> = (0..rate as usize * 4)
            .map(|i| {
                let syllable = i / 9600;
                let env = ((i % 9600) as f32 / 9600.0 * std::f32::consts::PI).sin();
                let height = [0.3, 1.4, 0.8, 2.0, 0.1][syllable % 5];
                height * env * noise()
            })
            .collect();
        let settings = LimiterSettings::from_dbtp(-1.0);
        let real = limit(&x, 1, rate, settings);
        let real_energy: f64 = real.iter().map(|s| f64::from(s * s)).sum();
        let env = PeakEnvelope::measure(&x, 1);
        let mut gains = Vec::new();
        LimiterModel::new(rate, settings).gains(&env.peaks, 1.0, &mut gains);
        assert_eq!(gains.len(), env.peaks.len());
        let predicted: f64 = gains
            .iter()
            .zip(&env.energies)
            .map(|(g, e)| f64::from(g * g * e))
            .sum();
        let before: f64 = x.iter().map(|s| f64::from(s * s)).sum();
        let loss_db = 10.0 * (before / real_energy).log10();
        let err_db = 10.0 * (predicted / real_energy).log10();
        assert!(
            loss_db > 1.0,
            "the limiter works hard here: {loss_db:.2} dB"
        );
        assert!(err_db.abs() < 0.02, "predicted within {err_db:.3} dB");
    }
}
