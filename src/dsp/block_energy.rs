//! The 100 ms energies the mixer plans with: the K-weighted, channel-weighted mean-square
//! energy of every 100 ms sub-block of a part, as the one meter ([`super::loudness::Meter`])
//! reads them from ebur128.
//!
//! From those energies the mixer plans without touching the audio again: the programme's
//! loudness combined from its parts' blocks, and "what would the integrated loudness be at
//! gain G" (a gain scales every energy by the same factor, but not the −70 LUFS gate). The
//! gating is ebur128's own — its `History`, the code behind its `loudness_global` — given
//! the 400 ms blocks made of the energies, so there is one gating implementation in bantin.
//! What is reported is measured on the written file by the meter itself.

use ebur128::history::History;

use super::loudness::SubBlockEnergies;

/// The K-weighted energies of a part, or of the programme predicted from its parts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockEnergies {
    /// Frames in each sub-block (ebur128's 100 ms: `(rate + 5) / 10`).
    pub frames_per_block: usize,
    /// Mean-square energy of each complete 100 ms sub-block.
    pub energies: Vec<f64>,
}

impl From<SubBlockEnergies> for BlockEnergies {
    fn from(measured: SubBlockEnergies) -> Self {
        Self {
            frames_per_block: measured.frames_per_block,
            energies: measured.energies,
        }
    }
}

/// Sub-blocks in a 400 ms gating block; one is made every sub-block, as ebur128 does.
const GATING_BLOCK: usize = 4;

impl BlockEnergies {
    /// Integrated loudness the programme would have after a gain of `gain_db`: ebur128's
    /// gating of the 400 ms blocks these energies make, scaled by the gain. None when no
    /// block passes the gates (silence, or shorter than 0.4 s).
    pub fn integrated_lufs_at(&self, gain_db: f64) -> Option<f64> {
        let scale = 10f64.powf(gain_db / 10.0);
        gated_lufs(
            self.energies
                .windows(GATING_BLOCK)
                .map(|w| w.iter().sum::<f64>() / GATING_BLOCK as f64 * scale),
        )
    }

    /// Integrated loudness at the energies' own level.
    pub fn integrated_lufs(&self) -> Option<f64> {
        self.integrated_lufs_at(0.0)
    }
}

/// ebur128's gated loudness (−70 LUFS absolute gate, −10 LU relative gate) of the 400 ms
/// block energies given.
pub fn gated_lufs(blocks: impl Iterator<Item = f64>) -> Option<f64> {
    // An exact queue, as ebur128 keeps it by default (not its approximate histogram).
    let mut history = History::new(false, usize::MAX / 100);
    for block in blocks {
        history.add(block);
    }
    let lufs = history.gated_loudness();
    lufs.is_finite().then_some(lufs)
}

/// Mean-square energy (channel-summed) → LUFS.
pub fn energy_to_lufs(e: f64) -> f64 {
    -0.691 + 10.0 * e.max(1e-30).log10()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::loudness::Meter;
    use crate::dsp::loudness::test_signals::speech_like;
    use ebur128::{EbuR128, Mode};

    fn measure(samples: &[f32], channels: u16, rate: u32) -> BlockEnergies {
        let mut meter = Meter::gating_only(channels, rate)
            .unwrap()
            .keeping_energies();
        meter.add(samples).unwrap();
        BlockEnergies::from(meter.finish_with_energies().unwrap().1)
    }

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
    fn gain_is_exact_and_silence_has_no_loudness() {
        let k = measure(&sine(500.0, 0.1, 48_000, 3.0), 1, 48_000);
        let a = k.integrated_lufs().unwrap();
        let b = k.integrated_lufs_at(6.0).unwrap();
        assert!((b - a - 6.0).abs() < 1e-9);
        assert_eq!(
            measure(&vec![0.0; 48_000], 1, 48_000).integrated_lufs(),
            None
        );
        // The absolute gate stays at −70 LUFS whatever the gain: pushed 40 dB down, a
        // −45 LUFS tone falls under it.
        let quiet = measure(&sine(1000.0, 0.008, 48_000, 3.0), 1, 48_000);
        assert!(quiet.integrated_lufs().is_some());
        assert_eq!(quiet.integrated_lufs_at(-40.0), None);
    }

    /// This crate reaches ebur128's `History` through its `internal-tests` feature, an API
    /// its authors do not promise (Cargo.toml pins the exact version for it). If a new
    /// version changes what `History` does, this fails: the gating given the energies must
    /// be ebur128's own Mode::I to the millionth of a LU.
    #[test]
    fn the_gating_of_the_energies_is_ebur128s_own() {
        // Speech-like: syllables, pauses and a level change, 25 s, mono and stereo.
        for channels in [1u16, 2] {
            for rate in [44_100, 48_000, 22_050] {
                let x = speech_like(rate, channels, 25, 9, 12.0, 0.05);
                let mut reference = EbuR128::new(u32::from(channels), rate, Mode::I).unwrap();
                reference
                    .set_channel_map(if channels == 1 {
                        &[ebur128::Channel::Center]
                    } else {
                        &[ebur128::Channel::Left, ebur128::Channel::Right]
                    })
                    .unwrap();
                reference.add_frames_f32(&x).unwrap();
                let want = reference.loudness_global().unwrap();
                let got = measure(&x, channels, rate).integrated_lufs().unwrap();
                assert!(
                    (got - want).abs() < 1e-6,
                    "{channels} ch at {rate} Hz: {got} vs ebur128's {want}"
                );
            }
        }
    }
}
