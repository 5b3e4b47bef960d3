//! True peak (BS.1770 Annex 2) through ebur128's oversampling scanner, run only on the
//! 10 ms blocks where the file's true peak can be, as the audio streams past.
//!
//! Oversampling is the costliest part of the meter (more than K-weighting and gating
//! together). ebur128 interpolates each output from the last 12 input samples (24 at 2x)
//! with a polyphase FIR, so no interpolated value can exceed the largest input sample among
//! them times the filter's largest per-phase sum of |coefficients| ([`interpolation_gain_bound`],
//! 1.86 at 4x). A block whose bound is under the peak already known cannot raise it and is
//! passed over; in the others, the same test picks the stretches of [`RUN`] frames that
//! could. Those wait in a pool (each with the frames before it that seed the interpolator);
//! the pool is worked through loudest first — at the end, or when it holds
//! [`POOL_SAMPLES`] — and once a block's bound falls below the peak found, neither it nor
//! any quieter block is oversampled. So the memory stays bounded whatever the length, and
//! the result is the number a full scan gives (see the tests); on speech, with its few loud
//! syllables, only a small share of the blocks is oversampled.

use ebur128::{EbuR128, Mode};

/// Frames of history that fully determine ebur128's interpolator state: its taps per phase,
/// 12 at 4x and 24 at 2x (96 kHz and up).
const HISTORY_FRAMES: usize = 24;

/// Samples the pool of stretches waiting to be oversampled may hold (8 MiB): at 48 kHz
/// mono, about 40 s of candidates; short files never fill it.
const POOL_SAMPLES: usize = 1 << 21;

/// Frames in a stretch judged at once inside a block: the outputs computed while it is fed
/// depend on it and the 24 frames before it, which the two stretches before cover.
const RUN: usize = 16;
const _: () = assert!(2 * RUN >= HISTORY_FRAMES);

/// The largest absolute sample value in `samples` (interleaved, any channel count).
pub fn block_peak(samples: &[f32]) -> f32 {
    crate::dsp::max_abs::max_abs(samples)
}

/// ebur128's interpolator worked over a whole stretch at once, outputs side by side in
/// lanes (ebur128 works sample by sample): the same f32 coefficients, each output summed in
/// the same order, so it finds the same values at a fraction of the cost. It only decides
/// which stretches ebur128 itself oversamples (those that can still raise the peak); the
/// peak reported is always ebur128's.
#[derive(Debug, Clone)]
struct Replica {
    /// Outputs per input sample (4, or 2 at 96 kHz and up).
    factor: usize,
    /// coefficients[phase][tap]; tap 0 multiplies the newest sample.
    coefficients: Vec<Vec<f32>>,
    x: Vec<f32>,
    y: Vec<f32>,
}

impl Replica {
    fn new(rate: u32) -> Option<Self> {
        let factor = oversampling(rate)?;
        let taps = TAPS / factor;
        let coefficients = (0..factor)
            .map(|phase| {
                (0..taps)
                    .map(|tap| coefficient(factor, tap * factor + phase) as f32)
                    .collect()
            })
            .collect();
        Some(Self {
            factor,
            coefficients,
            x: Vec::new(),
            y: Vec::new(),
        })
    }

    /// The largest interpolated magnitude ebur128 computes while it is fed frames
    /// `seed ..` of `samples` (interleaved), seeded with the `seed` frames before them.
    fn peak(&mut self, samples: &[f32], channels: usize, seed: usize) -> f32 {
        let taps = TAPS / self.factor;
        let frames = samples.len() / channels;
        let own = frames - seed;
        let mut peak = 0f32;
        for c in 0..channels {
            // The interpolator's state starts as zeros (a reset), then the seed.
            self.x.clear();
            self.x.resize(taps - 1, 0.0);
            self.x
                .extend(samples.iter().skip(c).step_by(channels).copied());
            // x[taps - 1 + seed + n] is own frame n.
            let first = taps - 1 + seed;
            for phase in &self.coefficients {
                self.y.clear();
                self.y.resize(own, 0.0);
                for (tap, c) in phase.iter().enumerate() {
                    let x = &self.x[first - tap..first - tap + own];
                    for (y, x) in self.y.iter_mut().zip(x) {
                        *y += *x * *c;
                    }
                }
                peak = self.y.iter().fold(peak, |m, y| m.max(y.abs()));
            }
        }
        peak
    }
}

/// How far the replica's peak may be under ebur128's (none, when the arithmetic is the
/// same; a margin all the same).
const REPLICA_MARGIN: f64 = 1e-5;

/// A block that may hold the true peak: its frames with the history before them.
struct Candidate {
    bound: f64,
    history_frames: usize,
    samples: Vec<f32>,
}

/// The true peak of a stream fed block by block (10 ms blocks, the last may be shorter).
pub struct TruePeakScan {
    channels: usize,
    gain: f64,
    scanner: EbuR128,
    /// The highest peak known so far (oversampled, or a sample): a lower bound of the result.
    peak: f64,
    /// The last frames of the previous block, interleaved.
    tail: Vec<f32>,
    previous_block_peak: f32,
    /// The sample peaks of the previous block's last two stretches (or its peak twice).
    previous_runs: [f32; 2],
    /// The peak of each stretch of the block being judged.
    run_peaks: Vec<f32>,
    pool: Vec<Candidate>,
    pool_samples: usize,
    replica: Option<Replica>,
}

impl TruePeakScan {
    pub fn new(channels: u16, rate: u32) -> Result<Self, ebur128::Error> {
        Ok(Self {
            channels: usize::from(channels),
            gain: interpolation_gain_bound(rate),
            scanner: EbuR128::new(u32::from(channels), rate, Mode::TRUE_PEAK)?,
            peak: 0.0,
            tail: Vec::with_capacity(HISTORY_FRAMES * usize::from(channels)),
            previous_block_peak: 0.0,
            previous_runs: [0.0; 2],
            run_peaks: Vec::new(),
            pool: Vec::new(),
            pool_samples: 0,
            replica: Replica::new(rate),
        })
    }

    /// Takes the next block (interleaved whole frames) and its sample peak.
    pub fn add(&mut self, block: &[f32], block_peak: f32) -> Result<(), ebur128::Error> {
        self.peak = self.peak.max(f64::from(block_peak));
        // An output computed while a block is fed depends on that block and the 11 (2x: 23)
        // frames before it, all inside the block or the one before (blocks are 10 ms: at
        // least 80 frames at 8 kHz).
        let bound = self.gain * f64::from(block_peak.max(self.previous_block_peak));
        let mut runs_judged = false;
        if bound > self.peak {
            self.pool_stretches(block)?;
            runs_judged = true;
        }
        let w = self.channels;
        let keep = (HISTORY_FRAMES * w).min(block.len());
        self.tail.clear();
        self.tail.extend_from_slice(&block[block.len() - keep..]);
        self.previous_block_peak = block_peak;
        self.previous_runs = match (runs_judged, self.run_peaks.as_slice()) {
            (true, [.., a, b]) => [*a, *b],
            (true, [b]) => [self.previous_runs[1], *b],
            _ => [block_peak; 2],
        };
        Ok(())
    }

    /// Puts the stretches of `block` whose bound is over the peak known into the pool,
    /// runs of neighbouring ones together, each with the frames before it.
    fn pool_stretches(&mut self, block: &[f32]) -> Result<(), ebur128::Error> {
        let w = self.channels;
        let frames = block.len() / w;
        self.run_peaks.clear();
        self.run_peaks
            .extend(block.chunks(RUN * w).map(crate::dsp::max_abs::max_abs));
        let history = self.tail.len() / w;
        let mut open: Option<(usize, f64)> = None;
        for r in 0..=self.run_peaks.len() {
            let bound = (r < self.run_peaks.len()).then(|| {
                let before = |k: usize| match r.checked_sub(k) {
                    Some(i) => self.run_peaks[i],
                    None => self.previous_runs[2 - k + r],
                };
                self.gain * f64::from(self.run_peaks[r].max(before(1)).max(before(2)))
            });
            match (open, bound) {
                (None, Some(b)) if b > self.peak => open = Some((r, b)),
                (Some((first, most)), Some(b)) if b > self.peak => {
                    open = Some((first, most.max(b)));
                }
                (Some((first, most)), _) => {
                    open = None;
                    // Frames first * RUN .. r * RUN of the block, with the frames before.
                    let (from, to) = (first * RUN, (r * RUN).min(frames));
                    let seed = HISTORY_FRAMES.min(history + from);
                    let mut samples = Vec::with_capacity((seed + to - from) * w);
                    let from_tail = seed.saturating_sub(from);
                    samples.extend_from_slice(&self.tail[(history - from_tail) * w..]);
                    samples.extend_from_slice(&block[(from - (seed - from_tail)) * w..to * w]);
                    // What ebur128 will find there, worked out quickly: a bound far closer
                    // than the coefficients' sum, so few stretches wait for ebur128.
                    let bound = match &mut self.replica {
                        Some(replica) => {
                            let found = f64::from(replica.peak(&samples, w, seed));
                            (found * (1.0 + REPLICA_MARGIN)).min(most)
                        }
                        None => most,
                    };
                    if bound > self.peak {
                        self.pool_samples += samples.len();
                        self.pool.push(Candidate {
                            bound,
                            history_frames: seed,
                            samples,
                        });
                    }
                }
                _ => {}
            }
        }
        if self.pool_samples > POOL_SAMPLES {
            self.work_through(POOL_SAMPLES / 2)?;
        }
        Ok(())
    }

    /// Oversamples pooled blocks, loudest bound first, until the pool holds at most `left`
    /// samples; blocks that can no longer raise the peak are dropped on the way.
    fn work_through(&mut self, left: usize) -> Result<(), ebur128::Error> {
        // Loudest last, so they come off the end.
        self.pool
            .sort_unstable_by(|a, b| a.bound.total_cmp(&b.bound));
        while let Some(candidate) = self.pool.pop() {
            self.pool_samples -= candidate.samples.len();
            if candidate.bound <= self.peak {
                // Neither this nor any block left (quieter still) can raise the peak.
                self.pool.clear();
                self.pool_samples = 0;
                break;
            }
            self.oversample(&candidate)?;
            if self.pool_samples <= left {
                break;
            }
        }
        let peak = self.peak;
        self.pool.retain(|c| c.bound > peak);
        self.pool_samples = self.pool.iter().map(|c| c.samples.len()).sum();
        Ok(())
    }

    fn oversample(&mut self, candidate: &Candidate) -> Result<(), ebur128::Error> {
        let split = candidate.history_frames * self.channels;
        self.scanner.reset();
        self.scanner.seed_frames_f32(&candidate.samples[..split])?;
        self.scanner.add_frames_f32(&candidate.samples[split..])?;
        for channel in 0..self.channels as u32 {
            self.peak = self.peak.max(self.scanner.true_peak(channel)?);
        }
        Ok(())
    }

    /// The stream's true peak as a linear amplitude (at least its sample peak).
    pub fn finish(mut self) -> Result<f64, ebur128::Error> {
        self.work_through(0)?;
        Ok(self.peak)
    }
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

    /// ebur128's true peak of the whole signal in one pass: what the scan must equal.
    fn full_scan(samples: &[f32], rate: u32, channels: u16) -> f64 {
        let mut meter = EbuR128::new(u32::from(channels), rate, Mode::TRUE_PEAK).unwrap();
        meter.add_frames_f32(samples).unwrap();
        (0..u32::from(channels))
            .map(|c| meter.true_peak(c).unwrap())
            .fold(0.0, f64::max)
    }

    /// The scan fed in 10 ms blocks, with a pool of at most `pool` samples.
    fn scan_with_pool(samples: &[f32], rate: u32, channels: u16, pool: usize) -> f64 {
        let block = (rate / 100) as usize * usize::from(channels);
        let mut scan = TruePeakScan::new(channels, rate).unwrap();
        for b in samples.chunks(block) {
            scan.add(b, block_peak(b)).unwrap();
            if scan.pool_samples > pool {
                scan.work_through(pool / 2).unwrap();
            }
        }
        scan.finish().unwrap()
    }

    fn scan(samples: &[f32], rate: u32, channels: u16) -> f64 {
        scan_with_pool(samples, rate, channels, POOL_SAMPLES)
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
        let full = full_scan(&samples, rate, 1);
        assert!(full > 0.92, "{full}");
        assert_eq!(scan(&samples, rate, 1), full);
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
            let full = full_scan(&samples, rate, 1);
            let bound = 0.5 * interpolation_gain_bound(rate) / 1.01;
            assert!((full - bound).abs() < 1e-3, "{rate} Hz: {full} vs {bound}");
            assert_eq!(scan(&samples, rate, 1), full, "{rate} Hz");
        }
    }

    fn speech_like(rate: u32, channels: u16, seconds: usize) -> Vec<f32> {
        let mut seed = 0x2545_f491_u32 ^ rate;
        let frames = rate as usize * seconds;
        let mut samples = Vec::with_capacity(frames * usize::from(channels));
        for n in 0..frames {
            // Syllable-like bursts of varying level every 170 ms.
            let syllable = n * 1000 / rate as usize / 170;
            let level = [0.05, 0.4, 0.1, 0.7, 0.02, 0.3, 0.9, 0.2][syllable % 8];
            for _ in 0..channels {
                samples.push(level * noise(&mut seed));
            }
        }
        samples
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
            let samples = speech_like(rate, channels, 6);
            let full = full_scan(&samples, rate, channels);
            assert_eq!(
                scan(&samples, rate, channels),
                full,
                "{rate} Hz, {channels} ch"
            );
        }
    }

    #[test]
    fn the_replica_finds_what_ebur128_finds_in_a_stretch() {
        for (rate, channels) in [(48_000u32, 1u16), (44_100, 2), (96_000, 2)] {
            let samples = speech_like(rate, channels, 1);
            let w = usize::from(channels);
            let mut replica = Replica::new(rate).unwrap();
            let mut scanner = EbuR128::new(u32::from(channels), rate, Mode::TRUE_PEAK).unwrap();
            for (from, len, seed) in [
                (0, 480, 0),
                (1_000, 16, 24),
                (5_000, 333, 24),
                (7_000, 5, 3),
            ] {
                let stretch = &samples[(from - seed) * w..(from + len) * w];
                scanner.reset();
                scanner.seed_frames_f32(&stretch[..seed * w]).unwrap();
                scanner.add_frames_f32(&stretch[seed * w..]).unwrap();
                let ebur = (0..u32::from(channels))
                    .map(|c| scanner.true_peak(c).unwrap())
                    .fold(0.0, f64::max);
                let mine = f64::from(replica.peak(stretch, w, seed));
                // ebur128 reports at least each stretch's sample peak.
                let samples_peak = f64::from(block_peak(&stretch[seed * w..]));
                assert_eq!(
                    mine.max(samples_peak),
                    ebur,
                    "{rate} Hz {channels} ch at {from}"
                );
            }
        }
        assert!(Replica::new(192_000).is_none());
    }

    #[test]
    fn a_small_pool_worked_through_early_gives_the_same_value() {
        // The pool fills many times over: what a long file does to the default pool.
        for (rate, channels) in [(48_000, 1), (44_100, 2)] {
            let samples = speech_like(rate, channels, 6);
            let full = full_scan(&samples, rate, channels);
            for pool in [2_000, 20_000] {
                assert_eq!(
                    scan_with_pool(&samples, rate, channels, pool),
                    full,
                    "{rate} Hz, {channels} ch, pool of {pool}"
                );
            }
        }
    }
}
