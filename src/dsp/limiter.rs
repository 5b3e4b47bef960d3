//! Look-ahead true-peak limiter.
//!
//! Detection: the peak of every sample interval, oversampled 4x ([`super::true_peak`]),
//! linked across channels. Each frame asks for the gain `ceiling / peak` (or 1). That
//! request is held for the look-ahead time and then smoothed by a moving average of the
//! same length, so the gain has already ramped down — smoothly, over the look-ahead —
//! when the peak leaves the limiter: the output is the input delayed by the look-ahead.
//! Recovery is a one-pole release, so the gain never jumps back up.

use std::collections::VecDeque;

use super::true_peak::{AFTER, BEFORE, Interpolator, TAPS, max_abs};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimiterSettings {
    /// Highest true peak let through, linear.
    pub ceiling: f32,
    pub lookahead_s: f64,
    pub release_s: f64,
}

impl LimiterSettings {
    /// Ceiling in dBTP, with look-ahead 5 ms and release 50 ms (smooth on speech).
    pub fn from_dbtp(ceiling_dbtp: f64) -> Self {
        Self {
            ceiling: 10f64.powf(ceiling_dbtp / 20.0) as f32,
            lookahead_s: 0.005,
            release_s: 0.05,
        }
    }
}

/// What the limiter did, for the report.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LimiterActivity {
    /// Smallest gain applied (linear; 1 when the limiter never acted).
    pub min_gain: f32,
    /// Frames with more than 0.1 dB of gain reduction.
    pub active_frames: u64,
}

impl LimiterActivity {
    pub fn max_reduction_db(&self) -> f64 {
        -20.0 * f64::from(self.min_gain.clamp(1e-9, 1.0)).log10()
    }
}

pub struct Limiter {
    channels: usize,
    interp: Interpolator,
    ceiling: f32,
    lookahead: usize,
    release: f32,
    /// Interleaved input not yet through detection, preceded by BEFORE frames of history.
    pending: Vec<f32>,
    /// Frames at the start of `pending` that are history only.
    history: usize,
    /// Interval peak of the previous frame (the interval that ends at this frame).
    prev_interval_peak: f32,
    /// Sliding minimum of requested gains over the look-ahead: (frame number, gain).
    min_window: VecDeque<(u64, f32)>,
    /// Held gains of the last `lookahead` frames (a ring), their sum, and how many are
    /// under 1 (none: the limiter is at rest).
    held: Vec<f32>,
    held_pos: usize,
    held_sum: f64,
    held_below: usize,
    gain: f32,
    /// Input frames waiting for their gain (look-ahead − 1 of them), a ring.
    delay: Vec<f32>,
    delay_pos: usize,
    frames_in: u64,
    frames_out: u64,
    activity: LimiterActivity,
    /// Scratch for the interval peaks of a chunk.
    peaks: Vec<f32>,
}

impl Limiter {
    pub fn new(channels: usize, rate: u32, settings: LimiterSettings) -> Self {
        let channels = channels.max(1);
        let lookahead = ((settings.lookahead_s * f64::from(rate)).round() as usize).max(1);
        let release = (1.0 - (-1.0 / (settings.release_s * f64::from(rate))).exp()) as f32;
        Self {
            channels,
            interp: Interpolator::new(),
            ceiling: settings.ceiling,
            lookahead,
            release,
            pending: vec![0.0; BEFORE * channels],
            history: BEFORE,
            prev_interval_peak: 0.0,
            min_window: VecDeque::with_capacity(lookahead + 1),
            held: vec![1.0; lookahead],
            held_pos: 0,
            held_sum: lookahead as f64,
            held_below: 0,
            gain: 1.0,
            delay: vec![0.0; (lookahead - 1) * channels],
            delay_pos: 0,
            frames_in: 0,
            frames_out: 0,
            activity: LimiterActivity {
                min_gain: 1.0,
                active_frames: 0,
            },
            peaks: Vec::new(),
        }
    }

    /// Delay between input and output, frames.
    pub fn latency(&self) -> usize {
        self.lookahead - 1
    }

    pub fn activity(&self) -> LimiterActivity {
        self.activity
    }

    /// Forgets what the limiter did so far (a warm-up stretch that is not kept).
    pub fn reset_activity(&mut self) {
        self.activity = LimiterActivity {
            min_gain: 1.0,
            active_frames: 0,
        };
    }

    /// Limits interleaved `input`, appending whatever is ready to `out` (output lags the
    /// input by [`Self::latency`] frames until [`Self::flush`]).
    pub fn process(&mut self, input: &[f32], out: &mut Vec<f32>) {
        self.frames_in += (input.len() / self.channels) as u64;
        self.pending.extend_from_slice(input);
        self.detect_and_apply(out);
    }

    /// Pushes the tail through: afterwards `out` has received [`Self::latency`] frames
    /// more than went in (the first `latency` output frames are the delay).
    pub fn flush(&mut self, out: &mut Vec<f32>) {
        let ch = self.channels;
        let padding = AFTER + self.lookahead;
        self.pending.extend(std::iter::repeat_n(0.0, padding * ch));
        self.detect_and_apply(out);
        let desired = self.frames_in + (self.lookahead as u64 - 1);
        let excess = self.frames_out.saturating_sub(desired) as usize;
        out.truncate(out.len().saturating_sub(excess * ch));
        self.frames_out = desired;
    }

    fn detect_and_apply(&mut self, out: &mut Vec<f32>) {
        let ch = self.channels;
        let total = self.pending.len() / ch;
        if total < self.history + AFTER + 1 {
            return;
        }
        let ready_end = total - AFTER;
        const CHUNK: usize = 64;
        let mut n = self.history;
        let mut requests = Vec::with_capacity(CHUNK);
        while n < ready_end {
            let end = (n + CHUNK).min(ready_end);
            // Can anything in this chunk (with its filter context) reach the ceiling?
            let lo = (n - BEFORE) * ch;
            let hi = (end + AFTER) * ch;
            let chunk_max = max_abs(&self.pending[lo..hi]);
            requests.clear();
            if chunk_max * self.interp.bound <= self.ceiling {
                requests.resize(end - n, 1.0);
                self.prev_interval_peak = chunk_max * self.interp.bound;
            } else if ch == 1 {
                self.interp
                    .interval_peaks_mono(&self.pending[n - BEFORE..end + AFTER], &mut self.peaks);
                for &q in &self.peaks {
                    let p = q.max(self.prev_interval_peak);
                    self.prev_interval_peak = q;
                    requests.push(if p > self.ceiling {
                        self.ceiling / p
                    } else {
                        1.0
                    });
                }
            } else {
                for f in n..end {
                    let mut q = 0f32;
                    for c in 0..ch {
                        let mut x = [0f32; TAPS];
                        for (j, v) in x.iter_mut().enumerate() {
                            *v = self.pending[(f + j - BEFORE) * ch + c];
                        }
                        q = q.max(self.interp.interval_peak(&x));
                    }
                    let p = q.max(self.prev_interval_peak);
                    self.prev_interval_peak = q;
                    requests.push(if p > self.ceiling {
                        self.ceiling / p
                    } else {
                        1.0
                    });
                }
            }
            let at_rest = self.gain == 1.0
                && self.held_below == 0
                && self.min_window.back().is_none_or(|&(_, g)| g == 1.0);
            if at_rest && requests.iter().all(|r| *r == 1.0) {
                self.pass_through(n, end, out);
            } else {
                for (k, r) in requests.iter().enumerate() {
                    self.apply_frame(*r, n + k, out);
                }
            }
            n = end;
        }
        // Keep BEFORE frames of history plus the frames still waiting for context.
        let keep_from = (ready_end - BEFORE) * ch;
        self.pending.drain(..keep_from);
        self.history = BEFORE;
    }

    /// Puts frame `f` of `pending` into the delay line and emits the frame leaving it,
    /// times `g`.
    #[inline]
    fn push_frame(&mut self, f: usize, g: f32, out: &mut Vec<f32>) {
        let ch = self.channels;
        let input = &self.pending[f * ch..(f + 1) * ch];
        if self.delay.is_empty() {
            out.extend(input.iter().map(|x| x * g));
            return;
        }
        let slot = &mut self.delay[self.delay_pos * ch..(self.delay_pos + 1) * ch];
        for (d, x) in slot.iter_mut().zip(input) {
            out.push(*d * g);
            *d = *x;
        }
        // (a compare, not `%`: this runs for every frame of every pass)
        self.delay_pos += 1;
        if self.delay_pos == self.lookahead - 1 {
            self.delay_pos = 0;
        }
    }

    /// Frames `from..to` of `pending` when nothing needs limiting and the gain is 1.
    fn pass_through(&mut self, from: usize, to: usize, out: &mut Vec<f32>) {
        for f in from..to {
            self.push_frame(f, 1.0, out);
        }
        self.frames_out += (to - from) as u64;
        self.min_window.clear();
        self.min_window.push_back((self.frames_out - 1, 1.0));
    }

    #[inline]
    fn apply_frame(&mut self, request: f32, frame_in_pending: usize, out: &mut Vec<f32>) {
        let t = self.frames_out;
        // Sliding minimum over the last `lookahead` requests.
        while self.min_window.back().is_some_and(|&(_, g)| g >= request) {
            self.min_window.pop_back();
        }
        self.min_window.push_back((t, request));
        while self
            .min_window
            .front()
            .is_some_and(|&(i, _)| i + (self.lookahead as u64) <= t)
        {
            self.min_window.pop_front();
        }
        let hold = self.min_window.front().map_or(1.0, |&(_, g)| g);
        // Moving average of the held gain: a smooth ramp over the look-ahead.
        let leaving = std::mem::replace(&mut self.held[self.held_pos], hold);
        self.held_pos += 1;
        if self.held_pos == self.lookahead {
            self.held_pos = 0;
        }
        self.held_below = self.held_below + usize::from(hold < 1.0) - usize::from(leaving < 1.0);
        self.held_sum += f64::from(hold) - f64::from(leaving);
        if self.held_below == 0 {
            // Exactly at rest again: drop the rounding the running sum collected.
            self.held_sum = self.lookahead as f64;
        }
        let smoothed = ((self.held_sum / self.lookahead as f64) as f32).min(1.0);
        self.gain = if smoothed < self.gain {
            smoothed
        } else if smoothed == 1.0 && self.gain > 0.999_9 {
            1.0
        } else {
            self.gain + (smoothed - self.gain) * self.release
        };
        let g = self.gain;
        // Output the frame that entered lookahead − 1 frames ago.
        self.push_frame(frame_in_pending, g, out);
        if g < self.activity.min_gain {
            self.activity.min_gain = g;
        }
        if g < 0.988_553_1 {
            // more than 0.1 dB of reduction
            self.activity.active_frames += 1;
        }
        self.frames_out += 1;
    }
}

/// Limits a whole buffer (tests and short signals).
pub fn limit(samples: &[f32], channels: usize, rate: u32, settings: LimiterSettings) -> Vec<f32> {
    let mut lim = Limiter::new(channels, rate, settings);
    let mut out = Vec::with_capacity(samples.len() + lim.latency() * channels);
    lim.process(samples, &mut out);
    lim.flush(&mut out);
    let skip = lim.latency() * channels;
    out.drain(..skip.min(out.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::super::true_peak::{Interpolator, true_peak};
    use super::*;

    #[test]
    fn inter_sample_peaks_end_under_the_ceiling() {
        // Bursts of fs/4 sines at 45° phase (sample peak 0.707·a, true peak a) over
        // speech-like noise: the sample peak alone would let them through at +3 dB.
        let rate = 48_000;
        let mut seed = 1u32;
        let mut noise = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed as f32 / u32::MAX as f32) * 2.0 - 1.0
        };
        let x: Vec<f32> = (0..rate as usize * 3)
            .map(|i| {
                let burst = (i / 4800) % 3 == 1;
                let tone = (std::f64::consts::FRAC_PI_2 * i as f64 + std::f64::consts::FRAC_PI_4)
                    .sin() as f32;
                if burst { 1.2 * tone } else { 0.3 * noise() }
            })
            .collect();
        let ceiling_db = -1.0;
        let y = limit(&x, 1, rate, LimiterSettings::from_dbtp(ceiling_db));
        assert_eq!(y.len(), x.len());
        let tp = true_peak(&y, 1, &Interpolator::new());
        let tp_db = 20.0 * f64::from(tp).log10();
        assert!(tp_db <= ceiling_db + 0.05, "true peak {tp_db:.2} dBTP");
        // Quiet parts away from bursts are untouched (gain 1 there).
        let i = 2000;
        assert!((y[i] - x[i]).abs() < 1e-6);
    }

    #[test]
    fn gain_changes_smoothly() {
        // A constant level that steps up 12 dB for a quarter second: y / x is the gain.
        let rate = 48_000;
        let x: Vec<f32> = (0..rate as usize)
            .map(|i| {
                if (12_000..24_000).contains(&i) {
                    2.0
                } else {
                    0.5
                }
            })
            .collect();
        let mut lim = Limiter::new(1, rate, LimiterSettings::from_dbtp(-1.0));
        let mut out = Vec::new();
        lim.process(&x, &mut out);
        lim.flush(&mut out);
        let y = &out[lim.latency()..];
        assert_eq!(y.len(), x.len());
        let gains: Vec<f32> = y.iter().zip(&x).map(|(y, x)| y / x).collect();
        let max_step = gains
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max);
        assert!(max_step < 0.005, "gain jumps by {max_step}");
        assert!(lim.activity().max_reduction_db() > 6.0);
        // Recovers after the loud part, slowly.
        assert!(gains[24_000 + 480] < 0.9);
        assert!(gains[47_000] > 0.99);
    }
}
