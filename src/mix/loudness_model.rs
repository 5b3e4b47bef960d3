//! The programme's loudness after the limiter, predicted for any programme gain from what
//! was measured of each part when it was prepared: its ebur128 100 ms energies and its
//! peak envelope. The limiter only ever lowers the gain around peaks, so the prediction
//! lowers each 100 ms energy by the limiter gain the model finds there, weighted by where
//! the energy sits inside it, and gives the result to ebur128's gating. That finds the
//! programme gain without rendering anything; the programme is then rendered once, for
//! the file, and the meter measures what was written.
//!
//! Everything that grows with the programme's length at the limiter's resolution (the run
//! peaks and energies, the final gain curve) is kept in [`SpillVec`]s and streamed through
//! a piece at a time, so a programme of hours is modelled in bounded memory.

use std::sync::{Arc, Mutex};

use super::prepare::Prepared;
use super::spill::{MemoryBudget, SpillVec};
use super::timeline::Timeline;
use crate::dsp::block_energy::gated_lufs;
use crate::dsp::limiter::{GainCurve, Limiter, LimiterSettings, edges_mean_square};
use crate::dsp::peak_envelope::{AFTER, BEFORE, EnvelopeWork, RUN, WINDOW_FRAMES};
use rayon::prelude::*;

pub struct LoudnessModel<'a> {
    tl: &'a Timeline,
    /// The programme at the limiter's own resolution.
    fine: Runs,
    /// Four runs in one: a quarter of the work, for the first steps of the gain search.
    coarse: Runs,
    /// Every part's 100 ms sub-blocks as placed, in programme order.
    blocks: Vec<PlacedBlock>,
    /// The programme's 100 ms sub-blocks.
    slots: usize,
}

/// One part's 100 ms sub-block in the programme: where it starts, the programme
/// sub-block it counts in, and its energy at its part's gain.
#[derive(Debug, Clone, Copy)]
struct PlacedBlock {
    from: usize,
    slot: usize,
    energy: f64,
}

/// The programme's run peaks and energies at its parts' gains (before the programme
/// gain), and the limiter stepping over them. Where parts overlap (the bed) peaks add:
/// an upper bound.
struct Runs {
    frames_per_run: usize,
    peaks: SpillVec,
    energies: SpillVec,
    limiter: Limiter,
}

/// Runs read from the model's arrays at a time.
const PIECE_RUNS: usize = 1 << 15;

impl Runs {
    fn len(&self) -> usize {
        self.peaks.len()
    }

    fn coarser(
        &self,
        factor: usize,
        rate: u32,
        settings: LimiterSettings,
    ) -> std::io::Result<Self> {
        let budget = self.peaks.budget();
        let mut peaks = SpillVec::new(&budget);
        let mut energies = SpillVec::new(&budget);
        peaks.reserve(self.len().div_ceil(factor));
        energies.reserve(self.len().div_ceil(factor));
        let (mut p, mut e) = (Vec::new(), Vec::new());
        let (mut s1, mut s2) = (Vec::new(), Vec::new());
        let piece = PIECE_RUNS / factor * factor;
        for from in (0..self.len()).step_by(piece) {
            let n = piece.min(self.len() - from);
            let fine_p = read(&self.peaks, from, n, &mut s1)?;
            let fine_e = read(&self.energies, from, n, &mut s2)?;
            p.clear();
            p.extend(
                fine_p
                    .chunks(factor)
                    .map(|x| x.iter().copied().fold(0f32, f32::max)),
            );
            e.clear();
            e.extend(fine_e.chunks(factor).map(|x| x.iter().sum::<f32>()));
            peaks.push(&p)?;
            energies.push(&e)?;
        }
        peaks.finish_appending()?;
        energies.finish_appending()?;
        Ok(Self {
            frames_per_run: self.frames_per_run * factor,
            peaks,
            energies,
            limiter: Limiter::with_run(rate, settings, self.frames_per_run * factor),
        })
    }

    /// Walks the limiter over the runs at `gain_db`, handing each run's gain to `each`
    /// in order, until it says to stop (false).
    fn gains(&self, gain_db: f64, each: impl FnMut(&[f32]) -> bool) -> std::io::Result<()> {
        self.gains_from(gain_db, 0, each)
    }

    /// [`Runs::gains`] of the runs from `first` on, the limiter starting there at rest.
    fn gains_from(
        &self,
        gain_db: f64,
        first: usize,
        mut each: impl FnMut(&[f32]) -> bool,
    ) -> std::io::Result<()> {
        let mut stream = self.limiter.stream(10f64.powf(gain_db / 20.0) as f32);
        let mut gains = Vec::new();
        let mut scratch = Vec::new();
        for from in (first.min(self.len())..self.len()).step_by(PIECE_RUNS) {
            let n = PIECE_RUNS.min(self.len() - from);
            gains.clear();
            stream.feed(read(&self.peaks, from, n, &mut scratch)?, &mut gains);
            if !each(&gains) {
                return Ok(());
            }
        }
        gains.clear();
        stream.finish(&mut gains);
        each(&gains);
        Ok(())
    }
}

/// Samples `from .. from + n` of `v`: in place when in memory, else read into `scratch`.
fn read<'s>(
    v: &'s SpillVec,
    from: usize,
    n: usize,
    scratch: &'s mut Vec<f32>,
) -> std::io::Result<&'s [f32]> {
    if let Some(slice) = v.in_memory(from, n) {
        return Ok(slice);
    }
    scratch.resize(n, 0.0);
    v.read(from, scratch)?;
    Ok(scratch)
}

/// Runs of the fine model in one of the coarse model's.
const COARSE: usize = 4;

/// How long before its half of the programme the second half's walk of the limiter
/// starts, seconds (the limiter's release is 50 ms).
const WARM_UP_S: f64 = 2.0;

/// Predictions closer than this to the asked loudness end the search, LU: a fifth of
/// the tolerance on the written file, and about what the prediction itself is good for.
const SOLVED_LU: f64 = 0.01;
const MAX_STEPS: usize = 16;

/// Sub-blocks in a 400 ms gating block (one made every sub-block, as ebur128 does).
const GATING_BLOCK: usize = 4;

impl<'a> LoudnessModel<'a> {
    /// The model of `tl` under `limiter`, for programme gains up to `most_db`. Each part's
    /// peak envelope is taken here, in parallel, once the gains are known: only peaks that
    /// could reach the ceiling at the most gain are worked out exactly.
    pub fn new(
        tl: &'a Timeline,
        limiter: LimiterSettings,
        most_db: f64,
        budget: &Arc<MemoryBudget>,
    ) -> std::io::Result<Self> {
        let runs = tl.frames.div_ceil(RUN);
        let programme = Mutex::new((
            SpillVec::zeros(budget, runs)?,
            SpillVec::zeros(budget, runs)?,
        ));
        (0..tl.parts.len())
            .into_par_iter()
            .try_for_each(|i| place_envelope(tl, i, limiter, most_db, &programme))?;
        let (peaks, energies) = programme
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let fine = Runs {
            frames_per_run: RUN,
            peaks,
            energies,
            limiter: Limiter::new(tl.rate, limiter),
        };
        let coarse = fine.coarser(COARSE, tl.rate, limiter)?;
        let sub = tl.frames_per_block();
        let slots = tl.frames / sub;
        let mut blocks: Vec<PlacedBlock> = tl
            .placements
            .iter()
            .flat_map(|pl| {
                let g2 = tl.energy_gain(pl);
                tl.parts[pl.part]
                    .blocks
                    .energies
                    .iter()
                    .enumerate()
                    .map(move |(k, e)| (pl.start + k * sub, e * g2))
            })
            .map(|(from, energy)| PlacedBlock {
                from,
                slot: tl.slot_of(from),
                energy,
            })
            .filter(|b| b.slot < slots)
            .collect();
        blocks.sort_by_key(|b| b.from);
        Ok(Self {
            tl,
            fine,
            coarse,
            blocks,
            slots,
        })
    }

    /// The programme's 100 ms energies after the limiter (as `runs` predicts it), at a
    /// programme gain of `gain_db` (the energies themselves are before that gain).
    ///
    /// Each part's sub-block is lowered by the limiter's mean-square gain over the runs it
    /// covers, weighted by the energy of each run: the curve is walked once, and the sums
    /// of energy and of gained energy up to each run kept for the last few hundred runs —
    /// enough to answer each sub-block as the walk passes its end.
    fn limited_slots(&self, runs: &Runs, gain_db: f64) -> std::io::Result<Vec<f64>> {
        self.limited_slots_of(runs, gain_db, &self.blocks, 0)
    }

    /// [`Self::limited_slots`] on both cores: the blocks of the programme's second half are
    /// answered by a walk of the limiter that starts [`WARM_UP_S`] before them, at rest —
    /// forty times its release, so by then its look-ahead and release are where a walk
    /// from the start has them, and the two halves give what one walk gives (to the
    /// rounding of the order in which a 100 ms energy's parts are added).
    fn limited_slots_in_halves(&self, runs: &Runs, gain_db: f64) -> std::io::Result<Vec<f64>> {
        let first_of_second = runs.len() / 2 * runs.frames_per_run;
        let half = self.blocks.partition_point(|b| b.from < first_of_second);
        let (first, second) = self.blocks.split_at(half);
        let warm_runs = (WARM_UP_S * f64::from(self.tl.rate)) as usize / runs.frames_per_run;
        let start = second.first().map_or(0, |b| {
            (b.from / runs.frames_per_run).saturating_sub(warm_runs)
        });
        let (a, b) = rayon::join(
            || self.limited_slots_of(runs, gain_db, first, 0),
            || self.limited_slots_of(runs, gain_db, second, start),
        );
        let mut slots = a?;
        for (s, t) in slots.iter_mut().zip(b?) {
            *s += t;
        }
        Ok(slots)
    }

    /// [`Self::limited_slots`] of `blocks` alone (in programme order, none starting before
    /// run `first_run`), walking the limiter from `first_run` only as far as the last of
    /// them needs.
    fn limited_slots_of(
        &self,
        runs: &Runs,
        gain_db: f64,
        blocks: &[PlacedBlock],
        first_run: usize,
    ) -> std::io::Result<Vec<f64>> {
        let mut slots = vec![0f64; self.slots];
        let per_run = runs.frames_per_run;
        let n = runs.len();
        let sub = self.tl.frames_per_block();
        let mut walk = Walk::new((sub / per_run + 3).next_power_of_two());
        let mut next = 0;
        // A block's runs, counted from where the walk starts.
        let span = |b: &PlacedBlock| {
            let a = (b.from / per_run).min(n);
            let z = ((b.from + sub) / per_run).clamp(a, n);
            (a - first_run, z - first_run)
        };
        // The run count at which the next block can be answered (checked at every run).
        let mut due = blocks.first().map_or(usize::MAX, |b| span(b).1);
        let mut answer = |walk: &Walk, slots: &mut [f64]| {
            while let Some(b) = blocks.get(next) {
                let (a, z) = span(b);
                if z > walk.done {
                    return z;
                }
                slots[b.slot] += b.energy * walk.kept(a, z);
                next += 1;
            }
            usize::MAX
        };
        if due == 0 {
            due = answer(&walk, &mut slots);
        }
        let mut scratch = Vec::new();
        let mut seen = first_run;
        let mut failed = None;
        runs.gains_from(gain_db, first_run, |gains| {
            let energies = match read(&runs.energies, seen, gains.len(), &mut scratch) {
                Ok(energies) => energies,
                Err(err) => {
                    failed = Some(err);
                    return false;
                }
            };
            for (g, e) in gains.iter().zip(energies) {
                walk.push(*g, *e);
                if walk.done >= due {
                    due = answer(&walk, &mut slots);
                }
            }
            seen += gains.len();
            // Every block answered: the rest of the walk is another's.
            due != usize::MAX
        })?;
        if let Some(err) = failed {
            return Err(err);
        }
        walk.finish();
        answer(&walk, &mut slots);
        Ok(slots)
    }

    /// Predicted integrated loudness of the programme limited by `runs` at `gain_db`:
    /// ebur128's gating of the 400 ms blocks the predicted energies make.
    fn predict(&self, runs: &Runs, gain_db: f64) -> std::io::Result<Option<f64>> {
        Ok(Self::gated(&self.limited_slots(runs, gain_db)?, gain_db))
    }

    /// [`Self::predict`], worked out on both cores.
    fn predict_in_halves(&self, runs: &Runs, gain_db: f64) -> std::io::Result<Option<f64>> {
        Ok(Self::gated(
            &self.limited_slots_in_halves(runs, gain_db)?,
            gain_db,
        ))
    }

    /// ebur128's gating of the 400 ms blocks that the limited 100 ms energies `slots`
    /// make at a programme gain of `gain_db`.
    fn gated(slots: &[f64], gain_db: f64) -> Option<f64> {
        let scale = 10f64.powf(gain_db / 10.0);
        gated_lufs(
            slots
                .windows(GATING_BLOCK)
                .map(|w| w.iter().sum::<f64>() / GATING_BLOCK as f64 * scale),
        )
    }

    /// The limiter's gain curve for the programme at a programme gain of `gain_db`, made
    /// in order and handed out in pieces: for each stretch of frames in `stretches` (in
    /// order), the piece it needs goes to `each` with the stretch's number as soon as its
    /// runs are made — the written pass starts on the first stretch while the rest of the
    /// curve is made, and the curve is never kept whole. Stops when `each` says false.
    pub fn curve_pieces(
        &self,
        gain_db: f64,
        stretches: impl IntoIterator<Item = (usize, usize)>,
        mut each: impl FnMut(usize, GainCurve) -> bool,
    ) -> std::io::Result<()> {
        let n = self.fine.len();
        // The runs frames `from .. to` need: those each of their frames' gain comes from.
        let needs = |(from, to): (usize, usize)| {
            let first = (from / RUN).saturating_sub(1).min(n);
            (first, ((to.saturating_sub(1)) / RUN + 2).min(n).max(first))
        };
        let mut stretches = stretches.into_iter().map(needs).enumerate().peekable();
        // The runs made and not yet handed out in full: runs `kept_from ..`.
        let mut kept: Vec<f32> = Vec::new();
        let mut kept_from = 0;
        // Hands out every piece whose runs are made (all of them once `all_made`); false
        // once `each` has said to stop.
        let mut hand_out = |kept: &mut Vec<f32>, kept_from: &mut usize, all_made: bool| {
            while let Some(&(k, (first, last))) = stretches.peek() {
                if !all_made && last > *kept_from + kept.len() {
                    return true;
                }
                let runs = kept[first - *kept_from..last - *kept_from].to_vec();
                stretches.next();
                if !each(k, GainCurve::piece(first, runs)) {
                    return false;
                }
                if let Some(&(_, (next_first, _))) = stretches.peek() {
                    kept.drain(..next_first - *kept_from);
                    *kept_from = next_first;
                }
            }
            true
        };
        let mut stopped = false;
        self.fine.gains(gain_db, |gains| {
            kept.extend_from_slice(gains);
            stopped = !hand_out(&mut kept, &mut kept_from, false);
            !stopped
        })?;
        if !stopped {
            hand_out(&mut kept, &mut kept_from, true);
        }
        Ok(())
    }

    /// Predicted integrated loudness of the limited programme at `gain_db`.
    pub fn integrated_lufs(&self, gain_db: f64) -> std::io::Result<Option<f64>> {
        self.predict(&self.fine, gain_db)
    }

    /// The programme gain, at most `most_db`, at which the prediction reads `lufs`, and
    /// the prediction there (None: nothing above the gates). Where the limiter works, a dB
    /// of gain buys less than a dB of loudness, so this is Newton's method. On the coarse
    /// model (usually three steps) each step predicts at the guess and, on the other core,
    /// a tenth of a dB beside it for the slope. The fine model then predicts at the coarse
    /// model's answer on both cores (its two halves) and steps with the coarse model's
    /// slope — the two models differ in level by a few hundredths of an LU, hardly in
    /// slope — which lands within [`SOLVED_LU`]; a further step, if one is needed, takes
    /// the slope between the fine model's own predictions.
    pub fn gain_for(
        &self,
        lufs: f64,
        start_db: f64,
        most_db: f64,
    ) -> std::io::Result<(f64, Option<f64>)> {
        let mut gain = start_db.min(most_db);
        let mut slope = 1.0;
        for _ in 0..MAX_STEPS {
            match self.newton_step(&self.coarse, lufs, gain, most_db)? {
                Step::Solved { gain: g, slope: s } => {
                    (gain, slope) = (g, s);
                    break;
                }
                Step::Next { next, slope: s, .. } => (gain, slope) = (next, s),
                Step::Silent => return Ok((gain, None)),
            }
        }
        let mut before: Option<(f64, f64)> = None;
        for _ in 0..MAX_STEPS {
            let Some(at) = self.predict_in_halves(&self.fine, gain)? else {
                return Ok((gain, None));
            };
            if (lufs - at).abs() < SOLVED_LU {
                return Ok((gain, Some(at)));
            }
            if let Some((g0, at0)) = before
                && (gain - g0).abs() > 1e-9
            {
                slope = ((at - at0) / (gain - g0)).clamp(0.05, 1.0);
            }
            let next = (gain + (lufs - at) / slope).min(most_db);
            if (next - gain).abs() < 1e-6 {
                return Ok((gain, Some(at)));
            }
            // A short step from close by: its own linear prediction is good enough, no
            // need to predict there again.
            if (lufs - at).abs() < 10.0 * SOLVED_LU {
                return Ok((next, Some(at + slope * (next - gain))));
            }
            before = Some((gain, at));
            gain = next;
        }
        Ok((gain, self.integrated_lufs(gain)?))
    }

    fn newton_step(
        &self,
        runs: &Runs,
        lufs: f64,
        gain: f64,
        most_db: f64,
    ) -> std::io::Result<Step> {
        const PROBE_DB: f64 = 0.1;
        let probe = if gain + PROBE_DB <= most_db {
            gain + PROBE_DB
        } else {
            gain - PROBE_DB
        };
        let (at, beside) = rayon::join(|| self.predict(runs, gain), || self.predict(runs, probe));
        let (Some(at), Some(beside)) = (at?, beside?) else {
            return Ok(Step::Silent);
        };
        let slope = ((beside - at) / (probe - gain)).clamp(0.05, 1.0);
        if (lufs - at).abs() < SOLVED_LU {
            return Ok(Step::Solved { gain, slope });
        }
        if (lufs - beside).abs() < SOLVED_LU {
            return Ok(Step::Solved { gain: probe, slope });
        }
        let next = (gain + (lufs - at) / slope).min(most_db);
        if (next - gain).abs() < 1e-6 {
            return Ok(Step::Solved { gain, slope });
        }
        Ok(Step::Next { next, slope })
    }
}

/// What one step of the gain search found, and the slope there (LU per dB of gain).
enum Step {
    /// This gain gives the loudness asked for, close enough.
    Solved { gain: f64, slope: f64 },
    /// Try `next`.
    Next { next: f64, slope: f64 },
    /// Nothing above the gates at this gain.
    Silent,
}

/// The walk along the limiter's curve: each run's mean-square gain (its frames move in a
/// straight line between its edges, each edge the lower of the two runs that meet there),
/// and the running sums of energy and gained energy, kept for the last `ring` runs (a
/// power of two).
struct Walk {
    ring: usize,
    sum_energy: Vec<f64>,
    sum_gained: Vec<f64>,
    /// Runs summed.
    done: usize,
    previous: Option<f32>,
    /// The run whose gain is known, waiting for the next gain: (gain, energy).
    waiting: Option<(f32, f32)>,
}

impl Walk {
    fn new(ring: usize) -> Self {
        debug_assert!(ring.is_power_of_two());
        Self {
            ring,
            sum_energy: vec![0.0; ring],
            sum_gained: vec![0.0; ring],
            done: 0,
            previous: None,
            waiting: None,
        }
    }

    /// The next run's gain and energy.
    #[inline]
    fn push(&mut self, gain: f32, energy: f32) {
        self.close(Some(gain));
        self.waiting = Some((gain, energy));
    }

    /// After the last run.
    fn finish(&mut self) {
        self.close(None);
    }

    #[inline]
    fn close(&mut self, next: Option<f32>) {
        let Some((g, e)) = self.waiting.take() else {
            return;
        };
        let from = self.previous.map_or(g, |p| p.min(g));
        let to = next.map_or(g, |n| n.min(g));
        let ms = f64::from(edges_mean_square(from, to));
        let e = f64::from(e);
        let mask = self.ring - 1;
        let (i, j) = (self.done & mask, (self.done + 1) & mask);
        self.sum_energy[j] = self.sum_energy[i] + e;
        self.sum_gained[j] = self.sum_gained[i] + ms * e;
        self.done += 1;
        self.previous = Some(g);
    }

    /// The share of runs `a .. z`'s energy the limiter keeps (1 where there is none).
    fn kept(&self, a: usize, z: usize) -> f64 {
        debug_assert!(self.done - a < self.ring, "the ring is too short");
        let (a, z) = (a & (self.ring - 1), z & (self.ring - 1));
        let before = self.sum_energy[z] - self.sum_energy[a];
        let after = self.sum_gained[z] - self.sum_gained[a];
        if before > 0.0 { after / before } else { 1.0 }
    }
}

/// Works out part `i`'s peak envelope a window at a time and adds it, at each of its
/// placements, into the programme's run peaks and energies.
fn place_envelope(
    tl: &Timeline,
    i: usize,
    limiter: LimiterSettings,
    most_db: f64,
    programme: &Mutex<(SpillVec, SpillVec)>,
) -> std::io::Result<()> {
    let part: &Prepared = &tl.parts[i];
    let placements: Vec<_> = tl.placements.iter().filter(|pl| pl.part == i).collect();
    let Some(loudest) = placements.iter().map(|pl| pl.gain_db).reduce(f64::max) else {
        return Ok(());
    };
    // (a hair lower, so rounding cannot tip a bound over the ceiling)
    let floor =
        (0.999 * f64::from(limiter.ceiling) / 10f64.powf((loudest + most_db) / 20.0)) as f32;
    let ch = part.channels;
    let frames = part.frames();
    let runs_total = tl.frames.div_ceil(RUN);
    let mut work = EnvelopeWork::default();
    let mut window = Vec::new();
    let mut scratch = Vec::new();
    let (mut peaks, mut energies) = (Vec::new(), Vec::new());
    // The part's last run peak of the window before (for placements off the run grid).
    let mut carried = 0f32;
    for start in (0..frames).step_by(WINDOW_FRAMES) {
        let end = (start + WINDOW_FRAMES).min(frames);
        // Frames start - BEFORE .. end + AFTER, silence outside the part.
        window.clear();
        let (lo, hi) = (start.saturating_sub(BEFORE), (end + AFTER).min(frames));
        window.resize((BEFORE - (start - lo)) * ch, 0.0);
        part.visit_frames(lo, hi, &mut scratch, |_, piece| {
            window.extend_from_slice(piece);
        })?;
        window.resize((end - start + BEFORE + AFTER) * ch, 0.0);
        let n_runs = (end - start).div_ceil(RUN);
        peaks.clear();
        peaks.resize(n_runs, 0.0);
        energies.clear();
        energies.resize(n_runs, 0.0);
        work.runs_of_window(&window, ch, start, floor, &mut peaks, &mut energies);
        let last_window = end == frames;
        let mut lock = programme
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (all_peaks, all_energies) = &mut *lock;
        for pl in &placements {
            let g = 10f64.powf(pl.gain_db / 20.0) as f32;
            // Unless the part starts on a run boundary, each of the programme's runs holds
            // the ends of two of the part's runs.
            let straddles = pl.start % RUN != 0;
            let first = pl.start / RUN + start / RUN;
            let count = n_runs + usize::from(straddles && last_window);
            let count = count.min(runs_total.saturating_sub(first));
            if count == 0 {
                continue;
            }
            all_peaks.update(first, count, |at, slots| {
                for (k, slot) in slots.iter_mut().enumerate() {
                    let j = at - first + k;
                    let own = peaks.get(j).copied().unwrap_or(0.0);
                    let before = match (straddles, j) {
                        (false, _) => 0.0,
                        (true, 0) => carried,
                        (true, j) => peaks[j - 1],
                    };
                    *slot += own.max(before) * g;
                }
            })?;
            all_energies.update(first, count.min(n_runs), |at, slots| {
                for (k, slot) in slots.iter_mut().enumerate() {
                    *slot += energies[at - first + k] * g * g;
                }
            })?;
        }
        drop(lock);
        carried = peaks.last().copied().unwrap_or(0.0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::plan::Role;
    use super::super::prepare::Prepared;
    use super::super::timeline::{Gaps, Layout, Levels, Timeline};
    use super::*;
    use crate::dsp::limiter::limit;
    use crate::dsp::loudness::ProgrammeMeter;

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

    fn part(role: Role, samples: &[f32], rate: u32, budget: &Arc<MemoryBudget>) -> Prepared {
        Prepared::from_samples(role, samples, rate, budget)
    }

    fn integrated(samples: &[f32], rate: u32) -> f64 {
        let mut meter = ProgrammeMeter::new(1, rate, Some(samples.len() as u64)).unwrap();
        meter.add(samples).unwrap();
        meter.finish().unwrap().integrated_lufs.unwrap()
    }

    #[test]
    fn predicted_loudness_matches_the_rendered_and_limited_programme() {
        let rate = 48_000;
        let dir = tempfile::tempdir().unwrap();
        // In memory, and with everything spilled to disk: the same predictions.
        let mut seen = Vec::new();
        for budget_bytes in [1 << 30, 0] {
            let budget = Arc::new(MemoryBudget::new(budget_bytes, dir.path()));
            let parts = vec![
                part(Role::Take, &speech(rate, 6.0, 0.05, 1), rate, &budget),
                part(Role::Take, &speech(rate, 4.5, 0.3, 2), rate, &budget),
                part(Role::Take, &speech(rate, 5.0, 0.01, 3), rate, &budget),
                part(Role::Sting, &speech(rate, 1.0, 0.2, 4), rate, &budget),
            ];
            assert_eq!(parts[0].audio.spilled(), budget_bytes == 0);
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
            let tl = Timeline::build(parts, &layout, levels, gaps, 1, rate).unwrap();
            assert!(tl.placements.iter().any(|p| p.start % RUN != 0));
            let settings = LimiterSettings::from_dbtp(-1.2);
            let model = LoudnessModel::new(&tl, settings, 20.0, &budget).unwrap();
            let mut programme = vec![0f32; tl.frames];
            let mut scratch = Vec::new();
            for gain_db in [-4.0, 4.0, 8.0] {
                tl.render(0, &mut programme, gain_db, &mut scratch).unwrap();
                let limited = limit(&programme, 1, rate, settings);
                let real = integrated(&limited, rate);
                let predicted = model.integrated_lufs(gain_db).unwrap().unwrap();
                // Worked out in halves on two cores, the prediction is the same.
                let halves = model
                    .predict_in_halves(&model.fine, gain_db)
                    .unwrap()
                    .unwrap();
                assert!(
                    (halves - predicted).abs() < 1e-9,
                    "at {gain_db} dB: {halves} in halves, {predicted} whole"
                );
                assert!(
                    (predicted - real).abs() < 0.03,
                    "at {gain_db} dB: predicted {predicted:.3}, real {real:.3}"
                );
                seen.push(predicted);
            }
            // The limiter works hard at +6 dB, and the search finds the gain for −16.
            let at_six = model.integrated_lufs(6.0).unwrap().unwrap();
            assert!(at_six < tl.estimated_blocks().integrated_lufs().unwrap() + 6.0 - 1.0);
            let (gain, predicted) = model.gain_for(-16.0, 0.0, 20.0).unwrap();
            assert!((predicted.unwrap() + 16.0).abs() < SOLVED_LU);
            // (the last step may be taken on its own linear prediction)
            let there = model.integrated_lufs(gain).unwrap().unwrap();
            assert!((there + 16.0).abs() < 2.0 * SOLVED_LU, "{there}");
            // The curve handed to the written pass in pieces is the limiter's on the
            // rendered programme.
            tl.render(0, &mut programme, gain, &mut scratch).unwrap();
            let mut pieces = programme.clone();
            let stretches: Vec<(usize, usize)> = (0..pieces.len())
                .step_by(10_007)
                .map(|from| (from, (from + 10_007).min(pieces.len())))
                .collect();
            let mut handed = 0;
            model
                .curve_pieces(gain, stretches.iter().copied(), |k, curve| {
                    assert_eq!(k, handed, "in order");
                    handed += 1;
                    let (from, to) = stretches[k];
                    curve.apply(from, &mut pieces[from..to], 1);
                    true
                })
                .unwrap();
            assert_eq!(handed, stretches.len(), "every stretch gets its piece");
            let whole = limit(&programme, 1, rate, settings);
            let worst = pieces
                .iter()
                .zip(&whole)
                .map(|(a, b)| (a - b).abs())
                .fold(0f32, f32::max);
            assert!(
                worst < 0.02,
                "the kept curve departs from the limiter by {worst}"
            );
        }
        assert_eq!(seen[..3], seen[3..], "spilled or not, the same predictions");
    }
}
