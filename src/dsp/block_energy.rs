//! The mixer's block-energy meter: ebur128 K-weights the audio, and the meter keeps the
//! K-weighted energy of every 100 ms sub-block, with BS.1770 gating over the blocks made
//! from them. (Not a K-meter in Katz's sense: "K" is the K-weighting filter.)
//!
//! From those energies the mixer plans: the programme's loudness combined from its parts'
//! blocks, "what would the integrated loudness be at gain G" without touching the audio
//! again (a gain scales every energy by the same factor), max momentary and short-term
//! loudness, and the short-term series plotted in the report. The figures that are
//! reported and checked against the target — a take's integrated loudness, the written
//! programme's integrated loudness and range — are ebur128's own gated values.

use ebur128::history::History;
use ebur128::{EbuR128, Mode};

/// What the meter is asked for besides the 100 ms energies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// Also ebur128's gated integrated loudness (a take, the bed).
    Integrated,
    /// Also ebur128's integrated loudness and loudness range (the written programme).
    IntegratedAndRange,
}

/// Streams interleaved audio through ebur128 and keeps the K-weighted energy of every
/// 100 ms sub-block. ebur128 does the K-weighting (and, when asked, the gating of what is
/// reported); the energies are read back with `loudness_window` at each sub-block end.
pub struct BlockEnergyMeter {
    meter: EbuR128,
    rate: u32,
    channels: usize,
    sub_block_frames: usize,
    frames_in_sub_block: usize,
    total_energy: f64,
    total_frames: u64,
    energies: Vec<f64>,
    /// ebur128's gating over the 400 ms blocks, and (for the range) over the 3 s
    /// short-term blocks, both assembled from the 100 ms energies.
    blocks: History,
    short_term: Option<History>,
}

impl BlockEnergyMeter {
    /// A meter for `channels` (1 or 2 here: takes are folded to the output layout) at
    /// `rate` (8–192 kHz, checked with the config). Channel weights are 1.
    pub fn new(channels: usize, rate: u32, reference: Reference) -> Self {
        let channels = channels.max(1);
        // ebur128 K-weights (Mode::M keeps the weighted signal for `loudness_window`) and
        // gates (its `History`, as its own `loudness_global` and `loudness_range` use). Its
        // Mode::I would also sum every 400 ms block again from the samples — four times
        // the work of the 100 ms energies the meter reads anyway, and the largest single
        // cost of an assembly; the blocks are those energies' means instead (equal to
        // rounding). ebur128 refuses only 0 channels, more than 64, or rates outside
        // 16 Hz–2.8 MHz; the mixer never asks for those (see `AudioConfig` validation).
        let meter = EbuR128::new(channels as u32, rate, Mode::M)
            .expect("ebur128 accepts the mixer's channel counts and rates");
        Self {
            meter,
            rate,
            channels,
            sub_block_frames: (rate as usize / 10).max(1),
            frames_in_sub_block: 0,
            total_energy: 0.0,
            total_frames: 0,
            energies: Vec::new(),
            // Unbounded queues of exact energies, as ebur128 keeps them by default.
            blocks: History::new(false, usize::MAX / 100),
            short_term: (reference == Reference::IntegratedAndRange)
                .then(|| History::new(false, usize::MAX / 3000)),
        }
    }

    /// Adds interleaved frames.
    pub fn add(&mut self, samples: &[f32]) {
        let ch = self.channels;
        let mut rest = &samples[..samples.len() / ch * ch];
        while !rest.is_empty() {
            let room = self.sub_block_frames - self.frames_in_sub_block;
            let n = room.min(rest.len() / ch);
            let (run, tail) = rest.split_at(n * ch);
            self.feed(run);
            self.frames_in_sub_block += n;
            self.total_frames += n as u64;
            if self.frames_in_sub_block == self.sub_block_frames {
                let energy = self.window_energy(100);
                self.total_energy += energy * self.sub_block_frames as f64;
                self.energies.push(energy);
                self.frames_in_sub_block = 0;
                self.add_gating_blocks();
            }
            rest = tail;
        }
    }

    /// After each 100 ms: the 400 ms block that ends here (every 100 ms once 400 ms are
    /// in), and the 3 s short-term block (every second once 3 s are in) — the blocks
    /// ebur128's Mode::I and Mode::LRA would make at the same points.
    fn add_gating_blocks(&mut self) {
        let n = self.energies.len();
        let mean = |len: usize| self.energies[n - len..].iter().sum::<f64>() / len as f64;
        if n >= 4 {
            self.blocks.add(mean(4));
        }
        if n >= 30 && (n - 30).is_multiple_of(10) {
            let energy = mean(30);
            if let Some(st) = self.short_term.as_mut() {
                st.add(energy);
            }
        }
    }

    fn feed(&mut self, run: &[f32]) {
        // Cannot fail: the slice holds whole frames and the meter was made for them.
        let _ = self.meter.add_frames_f32(run);
    }

    /// Mean-square energy of the last `ms` milliseconds, from ebur128's K-weighted buffer.
    fn window_energy(&self, ms: u32) -> f64 {
        self.meter.loudness_window(ms).map_or(0.0, lufs_to_energy)
    }

    pub fn finish(self) -> BlockEnergies {
        let partial_frames = self.frames_in_sub_block;
        let partial_ms = (partial_frames as u64 * 1000 / u64::from(self.rate)) as u32;
        let partial = if partial_ms > 0 {
            self.window_energy(partial_ms) * partial_frames as f64
        } else {
            0.0
        };
        let finite = |v: Result<f64, ebur128::Error>| v.ok().filter(|l| l.is_finite());
        let integrated = Some(finite(Ok(self.blocks.gated_loudness())));
        let range = self
            .short_term
            .as_ref()
            .map(|st| finite(Ok(st.loudness_range())));
        BlockEnergies {
            energies: self.energies,
            mean_energy: if self.total_frames == 0 {
                0.0
            } else {
                (self.total_energy + partial) / self.total_frames as f64
            },
            ebur128_integrated: integrated,
            ebur128_range: range,
        }
    }
}

/// Mean-square energy (channel-summed) → LUFS.
pub fn energy_to_lufs(e: f64) -> f64 {
    -0.691 + 10.0 * e.max(1e-30).log10()
}

fn lufs_to_energy(l: f64) -> f64 {
    if l.is_finite() {
        10f64.powf((l + 0.691) / 10.0)
    } else {
        0.0
    }
}

const ABSOLUTE_GATE_LUFS: f64 = -70.0;

/// The K-weighted energies of a finished measurement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockEnergies {
    /// Mean-square energy of each complete 100 ms sub-block.
    pub energies: Vec<f64>,
    /// Mean-square energy of everything, partial sub-block included (ungated).
    pub mean_energy: f64,
    /// ebur128's own integrated loudness, when the meter was asked for it (`Some(None)`:
    /// asked, but nothing passed the gates).
    pub ebur128_integrated: Option<Option<f64>>,
    /// ebur128's loudness range, when asked for.
    pub ebur128_range: Option<Option<f64>>,
}

impl BlockEnergies {
    /// Energies of windows `len` sub-blocks long, one per sub-block hop.
    fn windows(&self, len: usize) -> impl Iterator<Item = f64> + '_ {
        self.energies
            .windows(len)
            .map(move |w| w.iter().sum::<f64>() / len as f64)
    }

    /// Integrated loudness the programme would have after a gain of `gain_db`: a planning
    /// estimate over ebur128's 100 ms energies, with the BS.1770 gates applied at that
    /// gain (a gain moves every block alike, but not the −70 LUFS gate). What is reported
    /// comes from ebur128 itself ([`BlockEnergies::integrated_lufs`]). None when no 400 ms
    /// block is above the absolute gate (silence, or shorter than 0.4 s).
    pub fn integrated_lufs_at(&self, gain_db: f64) -> Option<f64> {
        let scale = 10f64.powf(gain_db / 10.0);
        let abs = lufs_to_energy(ABSOLUTE_GATE_LUFS);
        let blocks: Vec<f64> = self
            .windows(4)
            .map(|e| e * scale)
            .filter(|e| *e > abs)
            .collect();
        if blocks.is_empty() {
            return None;
        }
        let rel = blocks.iter().sum::<f64>() / blocks.len() as f64 * 0.1;
        let gated: Vec<f64> = blocks.into_iter().filter(|e| *e > rel).collect();
        if gated.is_empty() {
            return None;
        }
        Some(energy_to_lufs(
            gated.iter().sum::<f64>() / gated.len() as f64,
        ))
    }

    /// Integrated loudness: ebur128's, when the meter measured it; else the estimate.
    pub fn integrated_lufs(&self) -> Option<f64> {
        self.ebur128_integrated
            .unwrap_or_else(|| self.integrated_lufs_at(0.0))
    }

    /// Loudness of the whole signal without gating: the fallback for takes under 0.4 s.
    pub fn ungated_lufs(&self) -> Option<f64> {
        (self.mean_energy > 0.0).then(|| energy_to_lufs(self.mean_energy))
    }

    /// Loudness range per EBU Tech 3342: ebur128's when the meter measured it, else
    /// estimated from the 100 ms energies (3 s windows, −70 LUFS and −20 LU gates, 10th
    /// to 95th percentile).
    pub fn loudness_range_lu(&self) -> Option<f64> {
        if let Some(range) = self.ebur128_range {
            return range;
        }
        let abs = lufs_to_energy(ABSOLUTE_GATE_LUFS);
        let st: Vec<f64> = self.windows(30).filter(|e| *e > abs).collect();
        if st.is_empty() {
            return None;
        }
        let rel = st.iter().sum::<f64>() / st.len() as f64 * 0.01;
        let mut gated: Vec<f64> = st
            .into_iter()
            .filter(|e| *e > rel)
            .map(energy_to_lufs)
            .collect();
        if gated.is_empty() {
            return None;
        }
        gated.sort_by(f64::total_cmp);
        let at = |p: f64| gated[((gated.len() - 1) as f64 * p).round() as usize];
        Some(at(0.95) - at(0.10))
    }

    pub fn max_momentary_lufs(&self) -> Option<f64> {
        self.windows(4).reduce(f64::max).map(energy_to_lufs)
    }

    pub fn max_short_term_lufs(&self) -> Option<f64> {
        self.windows(30).reduce(f64::max).map(energy_to_lufs)
    }

    /// Short-term loudness (3 s, or what there is so far at the start) every `step`
    /// sub-blocks; None under the absolute gate.
    pub fn short_term_series(&self, step: usize) -> Vec<Option<f64>> {
        let step = step.max(1);
        (0..self.energies.len())
            .step_by(step)
            .map(|end| {
                let start = (end + 1).saturating_sub(30);
                let w = &self.energies[start..=end];
                let l = energy_to_lufs(w.iter().sum::<f64>() / w.len() as f64);
                (l > ABSOLUTE_GATE_LUFS).then_some(l)
            })
            .collect()
    }
}

/// Measures a whole interleaved buffer.
pub fn measure(samples: &[f32], channels: usize, rate: u32) -> BlockEnergies {
    let mut m = BlockEnergyMeter::new(channels, rate, Reference::Integrated);
    m.add(samples);
    m.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(freq: f64, amp: f64, rate: u32, seconds: f64) -> Vec<f32> {
        let n = (f64::from(rate) * seconds) as usize;
        (0..n)
            .map(|i| {
                (amp * (2.0 * std::f64::consts::PI * freq * i as f64 / f64::from(rate)).sin())
                    as f32
            })
            .collect()
    }

    #[test]
    fn full_scale_1k_sine_reads_minus_3_01_lufs_per_channel() {
        // EBU Tech 3341: a 0 dBFS 1 kHz sine in one channel reads −3.01 LUFS.
        for rate in [44_100, 48_000] {
            let k = measure(&sine(1000.0, 1.0, rate, 5.0), 1, rate);
            let l = k.integrated_lufs().unwrap();
            assert!((l + 3.01).abs() < 0.05, "{rate}: {l}");
        }
    }

    #[test]
    fn tech_3341_minus_23_stereo_reads_minus_23() {
        let amp = 10f64.powf(-23.0 / 20.0);
        let mono = sine(1000.0, amp, 48_000, 20.0);
        let stereo: Vec<f32> = mono.iter().flat_map(|s| [*s, *s]).collect();
        let l = measure(&stereo, 2, 48_000).integrated_lufs().unwrap();
        assert!((l + 23.0).abs() < 0.05, "{l}");
    }

    #[test]
    fn gain_is_exact_and_silence_has_no_loudness() {
        let k = measure(&sine(500.0, 0.1, 48_000, 3.0), 1, 48_000);
        let a = k.integrated_lufs().unwrap();
        let b = k.integrated_lufs_at(6.0).unwrap();
        assert!((b - a - 6.0).abs() < 1e-9);
        assert_eq!(
            measure(&vec![0.0; 48_000], 1, 48_000).integrated_lufs(),
            None
        );
    }

    #[test]
    fn gating_matches_ebur128_s_own_integrated_and_range() {
        // Speech-like: syllables, pauses and a level change, 25 s, mono and stereo.
        for channels in [1usize, 2] {
            let rate = 44_100;
            let mut seed = 9u32;
            let x: Vec<f32> = (0..rate as usize * 25)
                .flat_map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    let t = i as f64 / f64::from(rate);
                    let level = if t < 12.0 { 0.3 } else { 0.05 };
                    let syllable = (std::f64::consts::TAU * 3.0 * t).sin().abs();
                    let pause = if (t * 0.5).fract() > 0.8 { 0.0 } else { 1.0 };
                    let noise = f64::from(seed) / f64::from(u32::MAX) - 0.5;
                    let s = (level * syllable * pause * noise) as f32;
                    std::iter::repeat_n(s, channels)
                })
                .collect();
            let mut reference = EbuR128::new(channels as u32, rate, Mode::I | Mode::LRA).unwrap();
            reference.add_frames_f32(&x).unwrap();
            let mut meter = BlockEnergyMeter::new(channels, rate, Reference::IntegratedAndRange);
            for piece in x.chunks(channels * 3_001) {
                meter.add(piece);
            }
            let k = meter.finish();
            let (i, lra) = (k.integrated_lufs().unwrap(), k.loudness_range_lu().unwrap());
            let (ri, rlra) = (
                reference.loudness_global().unwrap(),
                reference.loudness_range().unwrap(),
            );
            assert!(
                (i - ri).abs() < 1e-6,
                "{channels} ch: integrated {i} vs {ri}"
            );
            assert!(
                (lra - rlra).abs() < 1e-6,
                "{channels} ch: range {lra} vs {rlra}"
            );
            assert!(lra > 3.0, "the level change shows in the range: {lra}");
        }
    }
}
