//! The programme's loudness after the limiter, predicted for any programme gain from what
//! was measured of each part when it was prepared: its ebur128 100 ms energies and its
//! peak envelope. The limiter only ever lowers the gain around peaks, so the prediction
//! lowers each 100 ms energy by the limiter gain the model finds there, weighted by where
//! the energy sits inside it. That finds the programme gain without rendering anything;
//! the programme is then rendered once, for the file, and ebur128 measures what was
//! written.

use super::timeline::Timeline;
use crate::dsp::block_energy::BlockEnergies;
use crate::dsp::limiter::{GainCurve, Limiter, LimiterSettings};
use crate::dsp::peak_envelope::{PeakEnvelope, RUN};
use rayon::prelude::*;

pub struct LoudnessModel<'a> {
    tl: &'a Timeline,
    /// The programme at the limiter's own resolution.
    fine: Runs,
    /// Four runs in one: a quarter of the work, for the first steps of the gain search.
    coarse: Runs,
}

/// The programme's run peaks and energies at its parts' gains (before the programme
/// gain), and the limiter stepping over them. Where parts overlap (the bed) peaks add:
/// an upper bound.
struct Runs {
    frames_per_run: usize,
    peaks: Vec<f32>,
    energies: Vec<f32>,
    limiter: Limiter,
}

impl Runs {
    fn coarser(&self, factor: usize, rate: u32, settings: LimiterSettings) -> Self {
        let frames_per_run = self.frames_per_run * factor;
        Self {
            frames_per_run,
            peaks: self
                .peaks
                .chunks(factor)
                .map(|p| p.iter().copied().fold(0f32, f32::max))
                .collect(),
            energies: self
                .energies
                .chunks(factor)
                .map(|e| e.iter().sum())
                .collect(),
            limiter: Limiter::with_run(rate, settings, frames_per_run),
        }
    }

    fn curve(&self, gain_db: f64) -> GainCurve {
        let mut gains = Vec::new();
        self.limiter
            .run_gains(&self.peaks, 10f64.powf(gain_db / 20.0) as f32, &mut gains);
        GainCurve::new(gains)
    }
}

/// Runs of the fine model in one of the coarse model's.
const COARSE: usize = 4;

/// Predictions closer than this to the asked loudness end the search, LU: a fifth of
/// the tolerance on the written file, and about what the prediction itself is good for.
const SOLVED_LU: f64 = 0.01;
const MAX_STEPS: usize = 16;

impl<'a> LoudnessModel<'a> {
    /// The model of `tl` under `limiter`, for programme gains up to `most_db`. Each part's
    /// peak envelope is taken here, in parallel, once the gains are known: only peaks that
    /// could reach the ceiling at the most gain are worked out exactly.
    pub fn new(tl: &'a Timeline, limiter: LimiterSettings, most_db: f64) -> Self {
        let runs = tl.frames.div_ceil(RUN);
        let envelopes: Vec<PeakEnvelope> = (0..tl.parts.len())
            .into_par_iter()
            .map(|i| {
                let part = &tl.parts[i];
                let loudest = tl
                    .placements
                    .iter()
                    .filter(|pl| pl.part == i)
                    .map(|pl| pl.gain_db)
                    .reduce(f64::max);
                loudest.map_or_else(PeakEnvelope::default, |gain_db| {
                    // (a hair lower, so rounding cannot tip a bound over the ceiling)
                    let floor =
                        0.999 * f64::from(limiter.ceiling) / 10f64.powf((gain_db + most_db) / 20.0);
                    PeakEnvelope::measure_above(&part.samples, part.channels, floor as f32)
                })
            })
            .collect();
        let mut peaks = vec![0f32; runs];
        let mut energies = vec![0f32; runs];
        for pl in &tl.placements {
            let g = 10f64.powf(pl.gain_db / 20.0) as f32;
            let env = &envelopes[pl.part];
            let first = pl.start / RUN;
            // Unless the part starts on a run boundary, each of the programme's runs
            // holds the ends of two of the part's runs.
            let straddles = pl.start % RUN != 0;
            for j in 0..env.peaks.len() + usize::from(straddles) {
                let own = env.peaks.get(j).copied().unwrap_or(0.0);
                let before = if straddles && j > 0 {
                    env.peaks[j - 1]
                } else {
                    0.0
                };
                if let Some(slot) = peaks.get_mut(first + j) {
                    *slot += own.max(before) * g;
                }
                if let (Some(slot), Some(e)) = (energies.get_mut(first + j), env.energies.get(j)) {
                    *slot += e * g * g;
                }
            }
        }
        let fine = Runs {
            frames_per_run: RUN,
            peaks,
            energies,
            limiter: Limiter::new(tl.rate, limiter),
        };
        let coarse = fine.coarser(COARSE, tl.rate, limiter);
        Self { tl, fine, coarse }
    }

    /// The programme's 100 ms energies after the limiter (as `runs` predicts it), at a
    /// programme gain of `gain_db` (the energies themselves are before that gain, as
    /// [`BlockEnergies`] keeps them).
    fn limited_blocks(&self, runs: &Runs, gain_db: f64) -> BlockEnergies {
        let curve = runs.curve(gain_db);
        let n = curve.runs().len();
        let per_run = runs.frames_per_run;
        self.tl.placed_blocks(|from, to| {
            let a = (from / per_run).min(n);
            let b = (to / per_run).clamp(a, n);
            // Where in the 100 ms the energy sits decides how much of it the limiter's
            // gain takes.
            let (mut before, mut after) = (0f32, 0f32);
            for (u, e) in runs.energies[a..b].iter().enumerate() {
                before += e;
                after += curve.mean_square(a + u) * e;
            }
            if before > 0.0 {
                f64::from(after / before)
            } else {
                1.0
            }
        })
    }

    /// The limiter's gain curve for the programme at a programme gain of `gain_db`.
    pub fn curve(&self, gain_db: f64) -> GainCurve {
        self.fine.curve(gain_db)
    }

    /// Predicted integrated loudness of the limited programme at `gain_db`.
    pub fn integrated_lufs(&self, gain_db: f64) -> Option<f64> {
        self.limited_blocks(&self.fine, gain_db)
            .integrated_lufs_at(gain_db)
    }

    /// The programme gain, at most `most_db`, at which the prediction reads `lufs`, and
    /// the prediction there (None: nothing above the gates). Where the limiter works, a dB
    /// of gain buys less than a dB of loudness, so this is Newton's method: each step
    /// predicts at the guess and, on the other core, a tenth of a dB beside it for the
    /// slope. The coarse model takes the first steps (usually three); one step of the
    /// fine model from there lands within [`SOLVED_LU`].
    pub fn gain_for(&self, lufs: f64, start_db: f64, most_db: f64) -> (f64, Option<f64>) {
        let mut gain = start_db.min(most_db);
        for _ in 0..MAX_STEPS {
            match self.newton_step(&self.coarse, lufs, gain, most_db) {
                Step::Solved(g, _) => {
                    gain = g;
                    break;
                }
                Step::Next { next, .. } => gain = next,
                Step::Silent => return (gain, None),
            }
        }
        for _ in 0..MAX_STEPS {
            match self.newton_step(&self.fine, lufs, gain, most_db) {
                Step::Solved(g, predicted) => return (g, Some(predicted)),
                Step::Next { next, at, expected } => {
                    // A short step from close by: its own linear prediction is good
                    // enough, no need to predict there again.
                    if (lufs - at).abs() < 10.0 * SOLVED_LU {
                        return (next, Some(expected));
                    }
                    gain = next;
                }
                Step::Silent => return (gain, None),
            }
        }
        (gain, self.integrated_lufs(gain))
    }

    fn newton_step(&self, runs: &Runs, lufs: f64, gain: f64, most_db: f64) -> Step {
        const PROBE_DB: f64 = 0.1;
        let probe = if gain + PROBE_DB <= most_db {
            gain + PROBE_DB
        } else {
            gain - PROBE_DB
        };
        let predict = |g: f64| self.limited_blocks(runs, g).integrated_lufs_at(g);
        let (at, beside) = rayon::join(|| predict(gain), || predict(probe));
        let (Some(at), Some(beside)) = (at, beside) else {
            return Step::Silent;
        };
        if (lufs - at).abs() < SOLVED_LU {
            return Step::Solved(gain, at);
        }
        if (lufs - beside).abs() < SOLVED_LU {
            return Step::Solved(probe, beside);
        }
        let slope = ((beside - at) / (probe - gain)).clamp(0.05, 1.0);
        let next = (gain + (lufs - at) / slope).min(most_db);
        if (next - gain).abs() < 1e-6 {
            return Step::Solved(gain, at);
        }
        Step::Next {
            next,
            at,
            expected: at + slope * (next - gain),
        }
    }
}

/// What one step of the gain search found.
enum Step {
    /// This gain gives this loudness, close enough.
    Solved(f64, f64),
    /// Try `next`; the guess gave `at`, and the step expects `expected` at `next`.
    Next { next: f64, at: f64, expected: f64 },
    /// Nothing above the gates at this gain.
    Silent,
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Role, Source};
    use super::super::prepare::Prepared;
    use super::super::timeline::{Gaps, Layout, Levels, Timeline};
    use super::*;
    use crate::dsp::block_energy;
    use crate::dsp::limiter::limit;

    /// Voiced syllables over a 130 Hz buzz with pauses: speech's peak-to-loudness ratio.
    fn speech(rate: u32, seconds: f64, amp: f64, mut seed: u32) -> Vec<f32> {
        let n = (f64::from(rate) * seconds) as usize;
        let mut phase = 0.0f64;
        (0..n)
            .map(|i| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let t = i as f64 / f64::from(rate);
                phase += 2.0 * std::f64::consts::PI * 130.0 / f64::from(rate);
                let buzz: f64 = (1..6)
                    .map(|h| (phase * f64::from(h)).sin() / f64::from(h))
                    .sum();
                let syllable = (2.0 * std::f64::consts::PI * 3.3 * t).sin().abs();
                let pause = if (t * 0.7).fract() > 0.8 { 0.0 } else { 1.0 };
                let noise = f64::from(seed) / f64::from(u32::MAX) - 0.5;
                (amp * (buzz + 0.5 * noise) * syllable * pause) as f32
            })
            .collect()
    }

    fn part(role: Role, samples: Vec<f32>, rate: u32) -> Prepared {
        let blocks = block_energy::measure(&samples, 1, rate);
        Prepared {
            source: Source {
                role,
                path: "x.wav".into(),
                shown: "x.wav".into(),
                item_id: None,
                segment_id: None,
                estimate_s: None,
                accept_suspect: false,
            },
            loudness_lufs: blocks.integrated_lufs().unwrap(),
            blocks,
            channels: 1,
            codec: "pcm".into(),
            original_rate: rate,
            original_channels: 1,
            duration_s: 0.0,
            trimmed_duration_s: 0.0,
            flags: Vec::new(),
            suspects: Vec::new(),
            samples,
        }
    }

    #[test]
    fn predicted_loudness_matches_the_rendered_and_limited_programme() {
        let rate = 48_000;
        let parts = vec![
            part(Role::Take, speech(rate, 6.0, 0.05, 1), rate),
            part(Role::Take, speech(rate, 4.5, 0.3, 2), rate),
            part(Role::Take, speech(rate, 5.0, 0.01, 3), rate),
            part(Role::Sting, speech(rate, 1.0, 0.2, 4), rate),
        ];
        let layout = Layout {
            intro: None,
            opening: None,
            items: vec![vec![0, 1], vec![2]],
            closing: None,
            outro: None,
            sting: Some(3),
            bed: None,
        };
        let levels = Levels {
            speech_lufs: -16.0,
            jingle_level_lu: -3.0,
            bed_level_lu: -12.0,
            bed_duck_db: -10.0,
        };
        // Gaps that put every part off the model's 16-frame grid.
        let gaps = Gaps {
            between_takes_s: 0.300_1,
            around_sting_s: 0.400_3,
        };
        let tl = Timeline::build(parts, &layout, levels, gaps, 1, rate);
        assert!(tl.placements.iter().any(|p| p.start % RUN != 0));
        let settings = LimiterSettings::from_dbtp(-1.2);
        let model = LoudnessModel::new(&tl, settings, 20.0);
        let mut programme = vec![0f32; tl.frames];
        for gain_db in [-4.0, 4.0, 8.0] {
            tl.render(0, &mut programme, gain_db);
            let limited = limit(&programme, 1, rate, settings);
            let real = block_energy::measure(&limited, 1, rate)
                .integrated_lufs()
                .unwrap();
            let predicted = model.integrated_lufs(gain_db).unwrap();
            assert!(
                (predicted - real).abs() < 0.03,
                "at {gain_db} dB: predicted {predicted:.3}, real {real:.3}"
            );
        }
        // The limiter works hard at +6 dB, and the search finds the gain for −16.
        let at_six = model.integrated_lufs(6.0).unwrap();
        assert!(at_six < tl.estimated_blocks().integrated_lufs().unwrap() + 6.0 - 1.0);
        let (gain, predicted) = model.gain_for(-16.0, 0.0, 20.0);
        assert!((predicted.unwrap() + 16.0).abs() < SOLVED_LU);
        // (the last step may be taken on its own linear prediction)
        let there = model.integrated_lufs(gain).unwrap();
        assert!((there + 16.0).abs() < 2.0 * SOLVED_LU, "{there}");
    }
}
