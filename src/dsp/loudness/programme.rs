//! A long programme measured in two parts, so that two cores can measure it: the mixer
//! meters its first and second half on two threads while it writes them. K-weighting is a
//! recursive filter and the windows slide over the audio before them, so the second part's
//! meter is fed from a few seconds before its part: by the split its filter has settled
//! and its 3 s windows are full, and it counts only what ends after the split. ebur128's
//! gating then takes the blocks of both parts together.
//!
//! Where a programme is split depends only on its length and rate ([`split`]), and
//! `bantin loudness` ([`ProgrammeMeter`]) splits a file of that length at the same place:
//! the figures it prints for a written programme are the mixer's, to the last bit.

use super::{LoudnessError, LoudnessMeasurement, Meter, PeakMeter, StepLoudness};
use super::{SUB_BLOCK_MS, step_frames, sub_block_frames, window_frames};

/// Programmes shorter than this are measured in one piece, seconds.
const MIN_SPLIT_S: u64 = 60;
/// How long before its part the second meter starts, at least, seconds: the K-weighting's
/// slowest part (the 38 Hz high-pass) has long settled, and the 3 s windows are full.
const WARM_UP_S: u64 = 5;

/// Where a programme is split (frames from its start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The first part ends here and the second starts counting: on both of the meter's
    /// grids (100 ms sub-blocks and 10 ms steps).
    pub at: u64,
    /// Where the second part's meter starts being fed: [`WARM_UP_S`] or more before `at`,
    /// on both grids too.
    pub warm_from: u64,
}

/// Where a programme of `frames` at `rate` is split: about halfway, on both grids. None
/// when it is measured in one piece: under [`MIN_SPLIT_S`], or at a rate whose 100 ms
/// ebur128 cannot read whole (it then gates its own blocks, which cannot be split).
pub fn split(frames: u64, rate: u32) -> Option<Split> {
    let sub = sub_block_frames(rate) as u64;
    let step = step_frames(rate) as u64;
    if window_frames(rate, SUB_BLOCK_MS) as u64 != sub || step == 0 {
        return None;
    }
    if frames < MIN_SPLIT_S * u64::from(rate) {
        return None;
    }
    let grid = lcm(sub, step);
    let at = frames / 2 / grid * grid;
    let warm = (WARM_UP_S * u64::from(rate)).div_ceil(grid) * grid;
    (at >= warm + grid && frames - at >= grid).then(|| Split {
        at,
        warm_from: at - warm,
    })
}

fn lcm(a: u64, b: u64) -> u64 {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    a / x * b
}

/// The meter of a whole file or programme, fed in order: split as [`split`] says when its
/// length is known beforehand, in one piece otherwise. What `bantin loudness` reports.
pub struct ProgrammeMeter {
    channels: usize,
    first: Meter,
    second: Option<(Split, Meter)>,
    peaks: PeakMeter,
    /// Frames fed so far.
    fed: u64,
}

impl ProgrammeMeter {
    /// A meter for audio of `channels` at `rate` (within bantin's rule), `frames` long if
    /// that is known (a file's header says; it may lie, which only moves the split).
    pub fn new(channels: u16, rate: u32, frames: Option<u64>) -> Result<Self, LoudnessError> {
        let first = Meter::without_peaks(channels, rate)?;
        let second = match frames.and_then(|n| split(n, rate)) {
            Some(split) => Some((split, Meter::second_part(channels, rate, split)?)),
            None => None,
        };
        Ok(Self {
            channels: usize::from(channels),
            first,
            second,
            peaks: PeakMeter::new(channels, rate)?,
            fed: 0,
        })
    }

    /// Adds interleaved frames.
    pub fn add(&mut self, samples: &[f32]) -> Result<(), LoudnessError> {
        self.add_with_steps(samples, &mut |_| {})
    }

    /// Adds interleaved frames, handing each 10 ms step completed to `on_step`, in order.
    pub fn add_with_steps(
        &mut self,
        samples: &[f32],
        on_step: &mut impl FnMut(StepLoudness),
    ) -> Result<(), LoudnessError> {
        let width = self.channels;
        let samples = &samples[..samples.len() / width * width];
        let start = self.fed;
        let end = start + (samples.len() / width) as u64;
        let Some((split, second)) = &mut self.second else {
            self.first.add_with_steps(samples, on_step)?;
            self.peaks.add(samples)?;
            self.fed = end;
            return Ok(());
        };
        let offset = |frame: u64| (frame.clamp(start, end) - start) as usize * width;
        if start < split.at {
            self.first
                .add_with_steps(&samples[..offset(split.at)], on_step)?;
        }
        if end > split.warm_from {
            second.add_with_steps(&samples[offset(split.warm_from)..], on_step)?;
        }
        self.peaks.add(samples)?;
        self.fed = end;
        Ok(())
    }

    /// Everything measured. A last partial step counts for the peaks and the maxima (the
    /// windows ending at the very last sample) but is not handed on as a step.
    pub fn finish(self) -> Result<LoudnessMeasurement, LoudnessError> {
        let peaks = self.peaks.finish()?;
        match self.second {
            Some((split, mut second)) if self.fed > split.at => {
                Meter::finish_split(&self.first, &mut second, peaks)
            }
            // Shorter than its header said: the first part saw all of it.
            _ => self.first.finish_with_peaks(peaks),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::loudness::test_signals::speech_like;

    #[test]
    fn a_programme_splits_near_its_middle_on_both_grids() {
        for rate in [48_000u32, 44_100, 22_050, 32_000, 96_000] {
            let frames = u64::from(rate) * 600 + 12_345;
            let s = split(frames, rate).unwrap();
            let (sub, step) = (sub_block_frames(rate) as u64, step_frames(rate) as u64);
            assert_eq!(s.at % sub, 0, "{rate}");
            assert_eq!(s.at % step, 0, "{rate}");
            assert_eq!(s.warm_from % sub, 0, "{rate}");
            assert_eq!(s.warm_from % step, 0, "{rate}");
            assert!((s.at as f64 / frames as f64 - 0.5).abs() < 0.01, "{rate}");
            let warm_s = (s.at - s.warm_from) as f64 / f64::from(rate);
            assert!((5.0..10.0).contains(&warm_s), "{rate}: {warm_s}");
        }
        assert_eq!(split(48_000 * 59, 48_000), None, "under a minute");
        assert_eq!(
            split(11_025 * 600, 11_025),
            None,
            "ebur128 gates at 11025 Hz"
        );
    }

    /// Split or whole, the meter reads the same programme alike: the split only changes
    /// the last bits (the second part's filter starts from silence five seconds early).
    #[test]
    fn a_split_programme_measures_as_the_whole() {
        for (rate, channels) in [(48_000u32, 1u16), (44_100, 2)] {
            // Two minutes, split at one: loud until a second after the split, quiet after.
            let x = speech_like(rate, channels, 120, 7, 61.0, 0.02);
            let frames = (x.len() / usize::from(channels)) as u64;
            assert!(split(frames, rate).is_some());
            let measure = |frames: Option<u64>| {
                let mut meter = ProgrammeMeter::new(channels, rate, frames).unwrap();
                let mut steps = Vec::new();
                for piece in x.chunks(usize::from(channels) * 7_919) {
                    meter.add_with_steps(piece, &mut |s| steps.push(s)).unwrap();
                }
                (meter.finish().unwrap(), steps)
            };
            let (split, split_steps) = measure(Some(frames));
            let (whole, whole_steps) = measure(None);
            let close = |a: Option<f64>, b: Option<f64>, what: &str| {
                let (a, b) = (a.unwrap(), b.unwrap());
                assert!((a - b).abs() < 1e-9, "{rate} Hz {what}: {a} vs {b}");
            };
            close(split.integrated_lufs, whole.integrated_lufs, "integrated");
            close(split.loudness_range_lu, whole.loudness_range_lu, "range");
            close(
                split.max_momentary_lufs,
                whole.max_momentary_lufs,
                "momentary",
            );
            close(
                split.max_short_term_lufs,
                whole.max_short_term_lufs,
                "short-term",
            );
            assert_eq!(split.true_peak_dbtp, whole.true_peak_dbtp);
            assert_eq!(split.duration_s, whole.duration_s);
            assert_eq!(
                split_steps.len(),
                whole_steps.len(),
                "every step once, in order"
            );
            for (a, b) in split_steps.iter().zip(&whole_steps) {
                assert_eq!(a.end_s, b.end_s);
                let (a, b) = (a.short_term_lufs, b.short_term_lufs);
                assert!(a == b || (a - b).abs() < 1e-9, "short-term {a} vs {b}");
            }
        }
    }

    #[test]
    fn a_file_shorter_than_its_header_says_is_measured_whole() {
        let x = speech_like(48_000, 1, 70, 7, 10.0, 0.02);
        let mut lying = ProgrammeMeter::new(1, 48_000, Some(48_000 * 200)).unwrap();
        lying.add(&x).unwrap();
        let mut plain = ProgrammeMeter::new(1, 48_000, None).unwrap();
        plain.add(&x).unwrap();
        assert_eq!(lying.finish().unwrap(), plain.finish().unwrap());
    }
}
