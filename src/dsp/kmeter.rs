//! A fast BS.1770-4 meter that keeps the K-weighted energy of every 100 ms sub-block.
//!
//! Every loudness figure the mixer needs follows from those energies: the integrated
//! loudness (400 ms blocks, 75 % overlap, absolute and relative gates), loudness range
//! (3 s windows, EBU Tech 3342), maximum momentary and short-term loudness, and the
//! short-term series plotted in the report. Keeping the energies also lets the mixer
//! answer "what would the integrated loudness be at gain G" without touching the audio
//! again: a gain scales every energy by the same factor.

/// One biquad section, direct form I in f64 (the K-weighting poles sit close to the unit
/// circle at low frequencies; f32 would drift).
#[derive(Debug, Clone, Copy, Default)]
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    x1: f64,
    x2: f64,
    y1: f64,
    y2: f64,
}

/// The two K-weighting stages (high shelf, then RLB high-pass) for any sample rate,
/// derived from the analogue prototypes as libebur128 does.
fn k_weighting(rate: u32) -> [Biquad; 2] {
    let rate = f64::from(rate);
    let f0 = 1_681.974_450_955_533;
    let g = 3.999_843_853_973_347;
    let q = 0.707_175_236_955_419_6;
    let k = (std::f64::consts::PI * f0 / rate).tan();
    let vh = 10f64.powf(g / 20.0);
    let vb = vh.powf(0.499_666_774_154_541_6);
    let a0 = 1.0 + k / q + k * k;
    let shelf = Biquad {
        b: [
            (vh + vb * k / q + k * k) / a0,
            2.0 * (k * k - vh) / a0,
            (vh - vb * k / q + k * k) / a0,
        ],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        ..Biquad::default()
    };
    let f0 = 38.135_470_876_024_44;
    let q = 0.500_327_037_323_877_3;
    let k = (std::f64::consts::PI * f0 / rate).tan();
    let a0 = 1.0 + k / q + k * k;
    let highpass = Biquad {
        b: [1.0, -2.0, 1.0],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        ..Biquad::default()
    };
    [shelf, highpass]
}

/// Runs channel `c` of `run` through both K-weighting stages; returns the sum of squares.
#[inline]
fn filter_energy(f: &mut [Biquad; 2], run: &[f32], ch: usize, c: usize) -> f64 {
    let [s, h] = f;
    let (sb0, sb1, sb2, sa1, sa2) = (s.b[0], s.b[1], s.b[2], s.a[0], s.a[1]);
    let (hb0, hb1, hb2, ha1, ha2) = (h.b[0], h.b[1], h.b[2], h.a[0], h.a[1]);
    let (mut sx1, mut sx2, mut sy1, mut sy2) = (s.x1, s.x2, s.y1, s.y2);
    let (mut hx1, mut hx2, mut hy1, mut hy2) = (h.x1, h.x2, h.y1, h.y2);
    let mut energy = 0.0;
    for x in run.iter().skip(c).step_by(ch) {
        let x = f64::from(*x);
        let y = sb0 * x + sb1 * sx1 + sb2 * sx2 - sa1 * sy1 - sa2 * sy2;
        sx2 = sx1;
        sx1 = x;
        sy2 = sy1;
        sy1 = y;
        let z = hb0 * y + hb1 * hx1 + hb2 * hx2 - ha1 * hy1 - ha2 * hy2;
        hx2 = hx1;
        hx1 = y;
        hy2 = hy1;
        hy1 = z;
        energy += z * z;
    }
    (s.x1, s.x2, s.y1, s.y2) = (sx1, sx2, sy1, sy2);
    (h.x1, h.x2, h.y1, h.y2) = (hx1, hx2, hy1, hy2);
    energy
}

/// Streams interleaved audio through K-weighting and sums energy per 100 ms.
#[derive(Debug, Clone)]
pub struct KMeter {
    channels: usize,
    filters: Vec<[Biquad; 2]>,
    sub_block_frames: usize,
    frames_in_sub_block: usize,
    sub_block_energy: f64,
    total_energy: f64,
    total_frames: u64,
    energies: Vec<f64>,
}

impl KMeter {
    pub fn new(channels: usize, rate: u32) -> Self {
        let channels = channels.max(1);
        Self {
            channels,
            filters: vec![k_weighting(rate); channels],
            sub_block_frames: (rate as usize / 10).max(1),
            frames_in_sub_block: 0,
            sub_block_energy: 0.0,
            total_energy: 0.0,
            total_frames: 0,
            energies: Vec::new(),
        }
    }

    /// Adds interleaved frames. Channel weights are 1 (left, right, centre, mono).
    pub fn add(&mut self, samples: &[f32]) {
        let ch = self.channels;
        let mut rest = samples;
        while rest.len() >= ch {
            // Run to the end of the current sub-block in one tight loop per channel, the
            // filter state in locals (the recursion is the cost; nothing else may be).
            let room = self.sub_block_frames - self.frames_in_sub_block;
            let n = room.min(rest.len() / ch);
            let (run, tail) = rest.split_at(n * ch);
            for (c, f) in self.filters.iter_mut().enumerate() {
                self.sub_block_energy += filter_energy(f, run, ch, c);
            }
            self.frames_in_sub_block += n;
            self.total_frames += n as u64;
            if self.frames_in_sub_block == self.sub_block_frames {
                self.total_energy += self.sub_block_energy;
                self.energies
                    .push(self.sub_block_energy / self.sub_block_frames as f64);
                self.sub_block_energy = 0.0;
                self.frames_in_sub_block = 0;
            }
            rest = tail;
        }
    }

    pub fn finish(self) -> KBlocks {
        let total = self.total_energy + self.sub_block_energy;
        KBlocks {
            energies: self.energies,
            mean_energy: if self.total_frames == 0 {
                0.0
            } else {
                total / self.total_frames as f64
            },
        }
    }
}

/// Mean-square energy (channel-summed) → LUFS.
pub fn energy_to_lufs(e: f64) -> f64 {
    -0.691 + 10.0 * e.max(1e-30).log10()
}

fn lufs_to_energy(l: f64) -> f64 {
    10f64.powf((l + 0.691) / 10.0)
}

const ABSOLUTE_GATE_LUFS: f64 = -70.0;

/// The K-weighted energies of a finished measurement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KBlocks {
    /// Mean-square energy of each complete 100 ms sub-block.
    pub energies: Vec<f64>,
    /// Mean-square energy of everything, partial sub-block included (ungated).
    pub mean_energy: f64,
}

impl KBlocks {
    /// Energies of windows `len` sub-blocks long, one per sub-block hop.
    fn windows(&self, len: usize) -> impl Iterator<Item = f64> + '_ {
        self.energies
            .windows(len)
            .map(move |w| w.iter().sum::<f64>() / len as f64)
    }

    /// Integrated loudness (BS.1770-4 gating) after a gain of `gain_db`; None when no
    /// 400 ms block is above the absolute gate (silence, or shorter than 0.4 s).
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

    pub fn integrated_lufs(&self) -> Option<f64> {
        self.integrated_lufs_at(0.0)
    }

    /// Loudness of the whole signal without gating: the fallback for takes under 0.4 s.
    pub fn ungated_lufs(&self) -> Option<f64> {
        (self.mean_energy > 0.0).then(|| energy_to_lufs(self.mean_energy))
    }

    /// Loudness range per EBU Tech 3342 (3 s windows, −70 LUFS and −20 LU gates,
    /// 10th to 95th percentile).
    pub fn loudness_range_lu(&self) -> Option<f64> {
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
pub fn measure(samples: &[f32], channels: usize, rate: u32) -> KBlocks {
    let mut m = KMeter::new(channels, rate);
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
}
