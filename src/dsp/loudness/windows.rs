//! Maximum momentary (400 ms) and short-term (3 s) loudness, evaluated every 10 ms.
//!
//! Asking ebur128 for the momentary and short-term loudness after every 10 ms would
//! re-sum 400 ms and 3 s of K-weighted audio each time (40x and 300x the audio itself).
//! Instead the meter gives the mean energy of each 10 ms step once, and the windows are
//! running means over the last 40 and 300 steps. Audio before the start counts as
//! silence, as in ebur128 and ffmpeg's ebur128 filter.

use std::collections::VecDeque;

/// Mean-square energies (K-weighted, channel-weighted) of the windows ending at a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowEnergies {
    pub momentary: f64,
    pub short_term: f64,
}

/// The largest window energies seen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Maxima {
    pub momentary: f64,
    pub short_term: f64,
}

pub struct SlidingWindows {
    momentary_steps: usize,
    short_term_steps: usize,
    /// The last `short_term_steps` step energies, newest at the back.
    recent: VecDeque<f64>,
    maxima: Maxima,
}

impl SlidingWindows {
    pub fn new(momentary_steps: usize, short_term_steps: usize) -> Self {
        Self {
            momentary_steps,
            short_term_steps,
            recent: VecDeque::with_capacity(short_term_steps + 1),
            maxima: Maxima {
                momentary: 0.0,
                short_term: 0.0,
            },
        }
    }

    /// Adds the energy of the next step and returns the windows ending with it.
    pub fn push(&mut self, step_energy: f64) -> WindowEnergies {
        if self.recent.len() == self.short_term_steps {
            self.recent.pop_front();
        }
        self.recent.push_back(step_energy);
        // Summed afresh each step (at most 300 additions) rather than kept as a running
        // sum, so rounding never accumulates over an hour-long file.
        let momentary_sum: f64 = self.recent.iter().rev().take(self.momentary_steps).sum();
        let short_term_sum: f64 = self.recent.iter().sum();
        let now = WindowEnergies {
            momentary: momentary_sum / self.momentary_steps as f64,
            short_term: short_term_sum / self.short_term_steps as f64,
        };
        self.include_final(now.momentary, now.short_term);
        now
    }

    /// Takes window energies measured some other way (the windows ending at the last
    /// sample, when the file does not end on a step) into the maxima.
    pub fn include_final(&mut self, momentary: f64, short_term: f64) {
        self.maxima.momentary = self.maxima.momentary.max(momentary);
        self.maxima.short_term = self.maxima.short_term.max(short_term);
    }

    pub fn maxima(&self) -> Maxima {
        self.maxima
    }
}

/// BS.1770 loudness of a mean-square energy; `-inf` for zero.
pub fn energy_to_lufs(energy: f64) -> f64 {
    -0.691 + 10.0 * energy.log10()
}

/// The inverse of [`energy_to_lufs`]: `-inf` LUFS (silence) is zero energy.
pub fn lufs_to_energy(lufs: f64) -> f64 {
    10f64.powf((lufs + 0.691) / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_the_time_before_the_start_as_silence() {
        let mut windows = SlidingWindows::new(2, 4);
        let first = windows.push(1.0);
        assert_eq!(first.momentary, 0.5);
        assert_eq!(first.short_term, 0.25);
    }

    #[test]
    fn windows_slide_and_keep_their_maxima() {
        let mut windows = SlidingWindows::new(2, 4);
        for energy in [4.0, 4.0, 0.0, 0.0, 0.0] {
            windows.push(energy);
        }
        let now = windows.push(2.0);
        assert_eq!(now.momentary, 1.0);
        assert_eq!(now.short_term, 0.5);
        let maxima = windows.maxima();
        assert_eq!(maxima.momentary, 4.0);
        assert_eq!(maxima.short_term, 2.0);
    }

    #[test]
    fn energy_and_loudness_convert_both_ways() {
        assert_eq!(energy_to_lufs(0.0), f64::NEG_INFINITY);
        assert_eq!(lufs_to_energy(f64::NEG_INFINITY), 0.0);
        let lufs = -23.0;
        assert!((energy_to_lufs(lufs_to_energy(lufs)) - lufs).abs() < 1e-12);
    }
}
