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
    /// Running sums of the two windows, summed afresh every `short_term_steps` steps so
    /// rounding never accumulates over an hour-long file.
    momentary_sum: f64,
    short_term_sum: f64,
    since_summed: usize,
    maxima: Maxima,
}

impl SlidingWindows {
    pub fn new(momentary_steps: usize, short_term_steps: usize) -> Self {
        Self {
            momentary_steps,
            short_term_steps,
            recent: VecDeque::with_capacity(short_term_steps + 1),
            momentary_sum: 0.0,
            short_term_sum: 0.0,
            since_summed: 0,
            maxima: Maxima {
                momentary: 0.0,
                short_term: 0.0,
            },
        }
    }

    /// Adds the energy of the next step and returns the windows ending with it.
    pub fn push(&mut self, step_energy: f64) -> WindowEnergies {
        let now = self.slide(step_energy);
        self.include_final(now.momentary, now.short_term);
        now
    }

    /// Adds the energy of the next step without counting its windows in the maxima (a
    /// step before the part of the programme the meter counts).
    pub fn slide(&mut self, step_energy: f64) -> WindowEnergies {
        if self.recent.len() == self.short_term_steps
            && let Some(leaving) = self.recent.pop_front()
        {
            self.short_term_sum -= leaving;
        }
        self.recent.push_back(step_energy);
        self.short_term_sum += step_energy;
        self.momentary_sum += step_energy;
        if let Some(i) = self.recent.len().checked_sub(self.momentary_steps + 1) {
            self.momentary_sum -= self.recent[i];
        }
        self.since_summed += 1;
        if self.since_summed == self.short_term_steps {
            self.since_summed = 0;
            self.short_term_sum = self.recent.iter().sum();
            self.momentary_sum = self.recent.iter().rev().take(self.momentary_steps).sum();
        }
        // (a running sum may come out a hair under zero where the audio falls silent)
        WindowEnergies {
            momentary: self.momentary_sum.max(0.0) / self.momentary_steps as f64,
            short_term: self.short_term_sum.max(0.0) / self.short_term_steps as f64,
        }
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
    fn running_sums_follow_the_exact_ones_over_a_long_stretch() {
        let (m, st) = (40, 300);
        let mut windows = SlidingWindows::new(m, st);
        let mut all = Vec::new();
        for i in 0..10_000u32 {
            let e = if (i / 700) % 2 == 0 {
                f64::from(i % 97) * 1e-3
            } else {
                0.0
            };
            all.push(e);
            let now = windows.push(e);
            let exact = |n: usize| all.iter().rev().take(n).sum::<f64>() / n as f64;
            assert!((now.momentary - exact(m)).abs() < 1e-15, "step {i}");
            assert!((now.short_term - exact(st)).abs() < 1e-15, "step {i}");
        }
    }

    #[test]
    fn energy_and_loudness_convert_both_ways() {
        assert_eq!(energy_to_lufs(0.0), f64::NEG_INFINITY);
        assert_eq!(lufs_to_energy(f64::NEG_INFINITY), 0.0);
        let lufs = -23.0;
        assert!((energy_to_lufs(lufs_to_energy(lufs)) - lufs).abs() < 1e-12);
    }
}
