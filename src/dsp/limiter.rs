//! Look-ahead true-peak limiter, worked out a run of [`RUN`] frames at a time.
//!
//! Detection: the signal's [`PeakEnvelope`] — the highest 4x-oversampled (true) peak of
//! every run. Each run asks for the gain `ceiling / peak` (or 1). That request is held
//! for the look-ahead time and then smoothed by a moving average of the same length, so
//! the gain has already ramped down — smoothly, over the look-ahead — when the peak
//! arrives; recovery is a one-pole release, so the gain never jumps back up. Within a run
//! the gain moves in a straight line between the run's edges, each edge taking the lower
//! of the two runs that meet there: no frame gets more gain than its own run allows.
//!
//! Because the gains come from the envelope alone, a programme's limiting is decided
//! before any of it is rendered: the mixer predicts its loudness from the same gains,
//! and the written pass only multiplies (in parallel, in any order).

use std::collections::VecDeque;

use super::peak_envelope::RUN;

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
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LimiterActivity {
    /// Smallest gain applied (linear; 1 when the limiter never acted).
    pub min_gain: f32,
    /// Frames with more than 0.1 dB of gain reduction.
    pub active_frames: u64,
}

impl Default for LimiterActivity {
    fn default() -> Self {
        Self {
            min_gain: 1.0,
            active_frames: 0,
        }
    }
}

impl LimiterActivity {
    pub fn max_reduction_db(&self) -> f64 {
        -20.0 * f64::from(self.min_gain.clamp(1e-9, 1.0)).log10()
    }

    pub fn merge(&mut self, other: Self) {
        self.min_gain = self.min_gain.min(other.min_gain);
        self.active_frames += other.active_frames;
    }
}

/// Where each frame of a run sits between its edges.
const RAMP: [f32; RUN] = {
    let mut r = [0f32; RUN];
    let mut k = 0;
    while k < RUN {
        r[k] = k as f32 / RUN as f32;
        k += 1;
    }
    r
};

/// A gain under this is more than 0.1 dB of reduction.
const ACTIVE_BELOW: f32 = 0.988_553_1;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limiter {
    ceiling: f32,
    /// Look-ahead in runs.
    lookahead: usize,
    /// Release coefficient per run.
    release: f32,
}

impl Limiter {
    pub fn new(rate: u32, settings: LimiterSettings) -> Self {
        Self::with_run(rate, settings, RUN)
    }

    /// The same limiter stepped `run` frames at a time (a coarser envelope's runs).
    pub fn with_run(rate: u32, settings: LimiterSettings, run: usize) -> Self {
        let lookahead_frames = (settings.lookahead_s * f64::from(rate)).round().max(1.0);
        let per_frame = (-1.0 / (settings.release_s * f64::from(rate))).exp();
        Self {
            ceiling: settings.ceiling,
            lookahead: ((lookahead_frames / run as f64).round() as usize).max(1),
            release: (1.0 - per_frame.powi(run as i32)) as f32,
        }
    }

    /// The gain for each run of a signal whose run peaks (its [`PeakEnvelope`]'s) are
    /// `peaks` times `scale`, into `gains`: 1 where nothing nears the ceiling.
    #[cfg(test)]
    pub fn run_gains(&self, peaks: &[f32], scale: f32, gains: &mut Vec<f32>) {
        gains.clear();
        gains.reserve(peaks.len());
        let mut stream = self.stream(scale);
        stream.feed(peaks, gains);
        stream.finish(gains);
    }

    /// The limiter stepping over run peaks that arrive a piece at a time (a programme too
    /// long to hold its envelope whole): [`Self::run_gains`] in pieces, the same gains.
    pub fn stream(&self, scale: f32) -> RunGains {
        let la = self.lookahead;
        RunGains {
            ceiling: self.ceiling,
            release: self.release,
            lookahead: la,
            scale,
            // Peaks up to this need nothing (compared before scaling: one multiply less).
            free: self.ceiling / scale,
            min_window: VecDeque::with_capacity(la + 1),
            held: vec![1f32; la],
            held_pos: 0,
            held_sum: la as f64,
            held_below: 0,
            gain: 1.0,
            t: 0,
        }
    }
}

/// The limiter's state between pieces of run peaks (see [`Limiter::stream`]).
#[derive(Debug, Clone)]
pub struct RunGains {
    ceiling: f32,
    release: f32,
    lookahead: usize,
    scale: f32,
    free: f32,
    min_window: VecDeque<(usize, f32)>,
    held: Vec<f32>,
    held_pos: usize,
    held_sum: f64,
    held_below: usize,
    gain: f32,
    /// Runs whose request has been taken in.
    t: usize,
}

impl RunGains {
    /// Takes the next runs' peaks; appends the gains now decided (each run's gain is
    /// decided once the look-ahead past it is in).
    pub fn feed(&mut self, peaks: &[f32], gains: &mut Vec<f32>) {
        let la = self.lookahead;
        let mut i = 0;
        while i < peaks.len() {
            if self.gain == 1.0 && self.held_below == 0 {
                // At rest: runs that ask for nothing keep it there, and the ring of held
                // gains holds only ones; skip them in one go.
                let quiet = peaks[i..].iter().take_while(|p| **p <= self.free).count();
                if quiet > 0 {
                    let t = self.t;
                    let emitted = (t + quiet + 1).saturating_sub(la) - (t + 1).saturating_sub(la);
                    gains.resize(gains.len() + emitted, 1.0);
                    self.held_pos = (self.held_pos + quiet) % la;
                    self.t += quiet;
                    i += quiet;
                    self.min_window.clear();
                    continue;
                }
            }
            let p = peaks[i];
            let request = if p > self.free {
                self.ceiling / (p * self.scale)
            } else {
                1.0
            };
            self.step(request, gains);
            i += 1;
        }
    }

    /// After the last run: the gains of the runs still waiting for their look-ahead.
    pub fn finish(&mut self, gains: &mut Vec<f32>) {
        for _ in 1..self.lookahead {
            self.step(1.0, gains);
        }
    }

    fn step(&mut self, request: f32, gains: &mut Vec<f32>) {
        let la = self.lookahead;
        let t = self.t;
        let r = request;
        while self.min_window.back().is_some_and(|&(_, g)| g >= r) {
            self.min_window.pop_back();
        }
        self.min_window.push_back((t, r));
        while self.min_window.front().is_some_and(|&(i, _)| i + la <= t) {
            self.min_window.pop_front();
        }
        let hold = self.min_window.front().map_or(1.0, |&(_, g)| g);
        let leaving = std::mem::replace(&mut self.held[self.held_pos], hold);
        self.held_pos += 1;
        if self.held_pos == la {
            self.held_pos = 0;
        }
        self.held_below = self.held_below + usize::from(hold < 1.0) - usize::from(leaving < 1.0);
        self.held_sum += f64::from(hold) - f64::from(leaving);
        if self.held_below == 0 {
            self.held_sum = la as f64;
        }
        let smoothed = ((self.held_sum / la as f64) as f32).min(1.0);
        self.gain = if smoothed < self.gain {
            smoothed
        } else if smoothed == 1.0 && self.gain > 0.999_9 {
            1.0
        } else {
            self.gain + (smoothed - self.gain) * self.release
        };
        // Run t's request decides the gain of run t − (la − 1): the look-ahead.
        if t + 1 >= la {
            gains.push(self.gain);
        }
        self.t += 1;
    }
}

/// The limiter's gain for each run of a signal, spread over the frames: all of it, or a
/// stretch of runs (a piece of a long programme's curve).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GainCurve {
    /// The run `runs[0]` is.
    offset: usize,
    runs: Vec<f32>,
}

impl GainCurve {
    #[cfg(test)]
    pub fn new(runs: Vec<f32>) -> Self {
        Self { offset: 0, runs }
    }

    /// The runs `offset .. offset + runs.len()` of a signal's curve. Applied to frames
    /// `from .. to`, it must hold the runs from `from / RUN - 1` (if any) to
    /// `(to - 1) / RUN + 1` (if any): each frame's gain comes from the runs around it.
    pub fn piece(offset: usize, runs: Vec<f32>) -> Self {
        Self { offset, runs }
    }

    #[inline]
    fn run(&self, u: usize) -> Option<f32> {
        u.checked_sub(self.offset)
            .and_then(|i| self.runs.get(i))
            .copied()
    }

    /// Gain at the start of run `u`: the lower of the two runs that meet there.
    #[inline]
    fn edge(&self, u: usize) -> f32 {
        let before = u.checked_sub(1).and_then(|b| self.run(b));
        match (before, self.run(u)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(g), None) | (None, Some(g)) => g,
            (None, None) => 1.0,
        }
    }

    /// Multiplies interleaved `samples`, which start at frame `first_frame` of the signal,
    /// by the curve; returns what that did.
    pub fn apply(
        &self,
        first_frame: usize,
        samples: &mut [f32],
        channels: usize,
    ) -> LimiterActivity {
        let ch = channels.max(1);
        let mut activity = LimiterActivity::default();
        let frames = samples.len() / ch;
        let mut f = 0;
        while f < frames {
            let at = first_frame + f;
            let u = at / RUN;
            let in_run = at % RUN;
            let n = (RUN - in_run).min(frames - f);
            let (e0, e1) = (self.edge(u), self.edge(u + 1));
            if e0 < 1.0 || e1 < 1.0 {
                let step = e1 - e0;
                let ramp = &RAMP[in_run..in_run + n];
                let frame_run = &mut samples[f * ch..(f + n) * ch];
                if ch == 1 {
                    for (s, r) in frame_run.iter_mut().zip(ramp) {
                        *s *= e0 + step * r;
                    }
                } else {
                    for (frame, r) in frame_run.chunks_exact_mut(ch).zip(ramp) {
                        let g = e0 + step * r;
                        for s in frame {
                            *s *= g;
                        }
                    }
                }
                activity.active_frames += if e0.max(e1) < ACTIVE_BELOW {
                    n as u64
                } else if e0.min(e1) >= ACTIVE_BELOW {
                    0
                } else {
                    ramp.iter()
                        .filter(|r| e0 + step * *r < ACTIVE_BELOW)
                        .count() as u64
                };
                activity.min_gain = activity.min_gain.min(e0.min(e1));
            }
            f += n;
        }
        activity
    }
}

/// Mean square of a gain moving in a straight line from `a` to `b`.
#[inline]
pub fn edges_mean_square(a: f32, b: f32) -> f32 {
    (a * a + a * b + b * b) / 3.0
}

/// Limits a whole buffer at once (the tests' reference for the streamed limiter).
#[cfg(test)]
pub fn limit(samples: &[f32], channels: usize, rate: u32, settings: LimiterSettings) -> Vec<f32> {
    let envelope = super::peak_envelope::PeakEnvelope::measure(samples, channels);
    let mut gains = Vec::new();
    Limiter::new(rate, settings).run_gains(&envelope.peaks, 1.0, &mut gains);
    let mut out = samples.to_vec();
    GainCurve::new(gains).apply(0, &mut out, channels);
    out
}

#[cfg(test)]
mod tests {
    use super::super::peak_envelope::PeakEnvelope;
    use super::*;
    use ebur128::{EbuR128, Mode};

    /// How far over its ceiling ebur128 may read the limiter's output: the limiter's fast
    /// interpolator and ebur128's differ by a few hundredths of a dB at transients (0.06
    /// measured on these signals). Mastering sets the limiter `CEILING_MARGIN_DB` (0.2 dB)
    /// under the programme's ceiling for this.
    const OTHER_METER_DB: f64 = 0.1;

    /// The true peak as `bantin loudness` and other meters read it: ebur128's own
    /// oversampling, not the limiter's interpolator, dBTP.
    fn ebur128_true_peak_dbtp(samples: &[f32], channels: usize, rate: u32) -> f64 {
        let mut meter = EbuR128::new(channels as u32, rate, Mode::TRUE_PEAK).unwrap();
        meter.add_frames_f32(samples).unwrap();
        let peak = (0..channels as u32)
            .map(|c| meter.true_peak(c).unwrap())
            .fold(0.0, f64::max);
        20.0 * peak.log10()
    }

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
        let tp_db = ebur128_true_peak_dbtp(&y, 1, rate);
        assert!(
            tp_db <= ceiling_db + OTHER_METER_DB,
            "true peak {tp_db:.2} dBTP"
        );
        assert!(
            ebur128_true_peak_dbtp(&x, 1, rate) > 1.0,
            "the bursts go over the ceiling before limiting"
        );
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
        let settings = LimiterSettings::from_dbtp(-1.0);
        let env = PeakEnvelope::measure(&x, 1);
        let mut gains = Vec::new();
        Limiter::new(rate, settings).run_gains(&env.peaks, 1.0, &mut gains);
        let mut y = x.clone();
        let activity = GainCurve::new(gains).apply(0, &mut y, 1);
        let gains: Vec<f32> = y.iter().zip(&x).map(|(y, x)| y / x).collect();
        let max_step = gains
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max);
        assert!(max_step < 0.005, "gain jumps by {max_step}");
        assert!(activity.max_reduction_db() > 6.0);
        assert!(activity.active_frames > 12_000);
        // Recovers after the loud part, slowly.
        assert!(gains[24_000 + 480] < 0.9);
        assert!(gains[47_000] > 0.99);
    }

    #[test]
    fn gains_worked_out_a_piece_at_a_time_are_the_same() {
        // Quiet stretches (skipped at rest), bursts and releases, cut at every place.
        let peaks: Vec<f32> = (0..5_000)
            .map(|i| match (i / 300) % 4 {
                0 => 0.2,
                1 => 1.5 + 0.5 * ((i as f32) * 0.3).sin(),
                2 => 0.95,
                _ => 0.0,
            })
            .collect();
        let limiter = Limiter::new(48_000, LimiterSettings::from_dbtp(-1.0));
        let mut whole = Vec::new();
        limiter.run_gains(&peaks, 1.3, &mut whole);
        assert_eq!(whole.len(), peaks.len());
        assert!(whole.iter().any(|g| *g < 0.5));
        for piece in [1usize, 2, 7, 15, 16, 299, 1_000] {
            let mut stream = limiter.stream(1.3);
            let mut gains = Vec::new();
            for p in peaks.chunks(piece) {
                stream.feed(p, &mut gains);
            }
            stream.finish(&mut gains);
            assert_eq!(gains, whole, "pieces of {piece}");
        }
        // A piece of the curve applies as the whole curve does.
        let curve = GainCurve::new(whole.clone());
        let x: Vec<f32> = (0..peaks.len() * RUN)
            .map(|i| (i as f32 * 0.01).sin())
            .collect();
        let mut all = x.clone();
        curve.apply(0, &mut all, 1);
        let (from, to) = (1_000 * RUN + 5, 3_000 * RUN + 9);
        let piece = GainCurve::piece(
            from / RUN - 1,
            whole[from / RUN - 1..(to - 1) / RUN + 2].to_vec(),
        );
        let mut part = x[from..to].to_vec();
        piece.apply(from, &mut part, 1);
        assert_eq!(part, all[from..to]);
    }

    #[test]
    fn pieces_limited_apart_join_up_exactly() {
        // The written pass applies the curve to chunks on several threads.
        let rate = 48_000;
        let x: Vec<f32> = (0..30_000)
            .flat_map(|i| {
                let a = 1.5 * (i as f32 * 0.05).sin() * ((i / 3000) % 2) as f32;
                [a, -0.5 * a]
            })
            .collect();
        let settings = LimiterSettings::from_dbtp(-1.0);
        let whole = limit(&x, 2, rate, settings);
        let env = PeakEnvelope::measure(&x, 2);
        let mut gains = Vec::new();
        Limiter::new(rate, settings).run_gains(&env.peaks, 1.0, &mut gains);
        let curve = GainCurve::new(gains);
        let mut pieces = x.clone();
        let mut activity = LimiterActivity::default();
        for (k, piece) in pieces.chunks_mut(2 * 4_321).enumerate() {
            activity.merge(curve.apply(k * 4_321, piece, 2));
        }
        assert_eq!(pieces, whole);
        assert!(activity.max_reduction_db() > 3.0);
        let tp_db = ebur128_true_peak_dbtp(&whole, 2, rate);
        assert!(tp_db <= -1.0 + OTHER_METER_DB, "true peak {tp_db:.2} dBTP");
    }
}
