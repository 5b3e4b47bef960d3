//! Loudness measurement per ITU-R BS.1770-4 / EBU R128, through the ebur128 crate: the
//! one meter for every loudness or peak figure bantin reports.
//!
//! [`Meter`] takes the audio block by block, in any length, in bounded memory: one pass
//! gives everything `bantin loudness` reports. The K-weighting, the gating (integrated,
//! LRA) and the true-peak oversampling are the ebur128 crate's; this module chooses its
//! modes and channel map, feeds it, reads the K-weighted energy of every 10 ms step, and
//! from those forms the 400 ms and 3 s blocks that ebur128's gating (its `History`, the code
//! behind its own `loudness_global` and `loudness_range`) is given, and the maximum
//! momentary and short-term loudness (see [`windows`]).

use crate::media::{DecodedAudio, limits};
use ebur128::history::History;
use ebur128::{Channel, EbuR128, Mode};

mod programme;
mod true_peak;
mod windows;

#[cfg(test)]
mod tech3341_tests;
#[cfg(test)]
mod tech3342_tests;
#[cfg(test)]
pub(crate) mod test_signals;

pub use programme::{ProgrammeMeter, Split, split};
use true_peak::{TruePeakScan, block_peak};
use windows::{SlidingWindows, energy_to_lufs, lufs_to_energy};

/// What `bantin loudness` reports for one file. `None` where the value does not exist
/// (the integrated loudness of digital silence).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoudnessMeasurement {
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub sample_peak_dbfs: Option<f64>,
    pub max_momentary_lufs: Option<f64>,
    pub max_short_term_lufs: Option<f64>,
    pub duration_s: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum LoudnessError {
    #[error(
        "{channels}-channel audio cannot be measured: bantin measures mono, stereo and \
         surround up to 7.1 (L R C LFE Lb Rb Ls Rs); mix it down first, e.g. \
         `ffmpeg -i IN -ac 2 OUT.wav`"
    )]
    UnsupportedChannels { channels: u16 },
    #[error(
        "a sample rate of {rate} Hz cannot be measured (bantin measures {min} Hz to {max} Hz); \
         resample it first, e.g. `ffmpeg -i IN -ar 48000 OUT.wav`",
        min = limits::MIN_SAMPLE_RATE, max = limits::MAX_SAMPLE_RATE
    )]
    UnsupportedSampleRate { rate: u32 },
    #[error(
        "sample {index} (at {seconds:.3} s) is not a number (NaN or infinite): the audio is \
         corrupt; export it again from the recorder or editor"
    )]
    NonFiniteSample { index: usize, seconds: f64 },
    #[error(
        "the loudness meter refused the audio ({0}); this is a bug in bantin, please report it"
    )]
    Meter(#[from] ebur128::Error),
}

/// The loudness of the windows ending at one evaluation step (every 10 ms of audio).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepLoudness {
    /// Time of the end of the windows, from the start of the file.
    pub end_s: f64,
    /// Loudness of the 400 ms ending here (audio before the start counts as silence).
    pub momentary_lufs: f64,
    /// Loudness of the 3 s ending here (audio before the start counts as silence).
    pub short_term_lufs: f64,
}

/// The absolute gate of BS.1770 / Tech 3342: short-term blocks below it do not count for LRA.
const ABSOLUTE_GATE_LUFS: f64 = -70.0;

/// Momentary and short-term loudness are evaluated every `rate / STEPS_PER_SECOND` frames:
/// every 10 ms, as Tech 3341 case 13 needs to catch the maximum of a 400 ms burst.
const STEPS_PER_SECOND: u32 = 100;
const STEP_MS: u32 = 1000 / STEPS_PER_SECOND;
const SUB_BLOCK_MS: u32 = 100;
/// Sub-blocks in a 400 ms gating block (one every sub-block), in a 3 s short-term block,
/// and between two of those: ebur128's Mode::I and Mode::LRA make their blocks so.
const GATING_BLOCK_SUBS: usize = 4;
const SHORT_TERM_SUBS: usize = 30;
const SHORT_TERM_HOP_SUBS: usize = 10;

/// The integrated loudness of interleaved samples (ungated when under 0.4 s, where no
/// gating block exists; None when silent): how a take's level is judged, by this meter.
pub fn level_lufs(samples: &[f32], channels: u16, rate: u32) -> Result<Option<f64>, LoudnessError> {
    let mut meter = Meter::gating_only(channels, rate)?.keeping_energies();
    meter.add(samples)?;
    let (measured, energies) = meter.finish_with_energies()?;
    Ok(measured
        .integrated_lufs
        .or_else(|| (energies.mean_energy > 0.0).then(|| energy_to_lufs(energies.mean_energy))))
}

/// Measures a whole decoded file.
pub fn measure(audio: &DecodedAudio) -> Result<LoudnessMeasurement, LoudnessError> {
    measure_with_steps(audio, |_| {})
}

/// Measures a whole decoded file, and hands the momentary and short-term loudness of
/// every 10 ms step to `on_step` as it goes (for meters and tests that need the curve).
pub fn measure_with_steps(
    audio: &DecodedAudio,
    mut on_step: impl FnMut(StepLoudness),
) -> Result<LoudnessMeasurement, LoudnessError> {
    let frames = audio.samples.len() / usize::from(audio.channels.max(1));
    let mut meter = ProgrammeMeter::new(audio.channels, audio.sample_rate, Some(frames as u64))?;
    meter.add_with_steps(&audio.samples, &mut on_step)?;
    meter.finish()
}

/// The loudness meter, fed interleaved audio block by block (blocks of any size, whole
/// frames), in memory that does not grow with the length beyond a few bytes a second.
///
/// Two grids run over the audio: ebur128's 100 ms sub-blocks (`(rate + 5) / 10` frames,
/// the unit of its gating blocks), whose energies make the 400 ms blocks (four of them,
/// every sub-block) and the 3 s blocks (thirty, every ten) that ebur128's gating is given —
/// exactly the blocks its Mode::I and Mode::LRA would make; and, for everything else
/// `bantin loudness` reports, 10 ms steps (`rate / 100` frames), over which the momentary
/// and short-term windows slide and the true peak is scanned.
pub struct Meter {
    channels: u16,
    rate: u32,
    meter: EbuR128,
    sub_frames: usize,
    /// ebur128 gates its own blocks (see [`Meter::gating_only`]).
    ebur128_gates: bool,
    frames_in_sub: usize,
    subs: u64,
    /// The last thirty sub-block energies (a 3 s block), newest at the back.
    recent: std::collections::VecDeque<f64>,
    /// ebur128's gating over the 400 ms blocks (integrated) and the 3 s blocks (range).
    blocks: History,
    short_term: History,
    short_term_passed_gate: bool,
    /// Every sub-block's energy, when asked for (the mixer plans with them).
    energies: Option<Vec<f64>>,
    /// The sum of all sub-blocks' energies.
    energy_sum: f64,
    frames: u64,
    /// Steps and sub-blocks that end at or before this frame are not counted: the second
    /// part of a split programme ([`Meter::second_part`]) is fed from a few seconds before
    /// its part starts, so its K-weighting has settled and its windows are full.
    counted_from: u64,
    steps: Option<Steps>,
}

/// The 10 ms grid: momentary and short-term windows.
struct Steps {
    step_frames: usize,
    frames_in_step: usize,
    /// The energies of the steps of the sub-block being gathered, summed.
    sub_block_sum: f64,
    windows: SlidingWindows,
}

/// The sample peak and the true peak of a stream, fed in blocks of any size: beside the
/// [`Meter`]s of a [`ProgrammeMeter`], and beside the mixer's meters on another thread
/// (the same code, the same figures).
pub struct PeakMeter {
    step_samples: usize,
    /// The 10 ms step being gathered, interleaved.
    current: Vec<f32>,
    scan: TruePeakScan,
    sample_peak: f32,
}

/// What a [`PeakMeter`] found, linear.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peaks {
    pub true_peak: f64,
    pub sample_peak: f32,
}

impl PeakMeter {
    pub fn new(channels: u16, rate: u32) -> Result<Self, LoudnessError> {
        channel_map(channels)?;
        if !(limits::MIN_SAMPLE_RATE..=limits::MAX_SAMPLE_RATE).contains(&rate) {
            return Err(LoudnessError::UnsupportedSampleRate { rate });
        }
        let step_samples = step_frames(rate) * usize::from(channels);
        Ok(Self {
            step_samples,
            current: Vec::with_capacity(step_samples),
            scan: TruePeakScan::new(channels, rate)?,
            sample_peak: 0.0,
        })
    }

    /// Adds interleaved frames; the true peak is scanned a 10 ms step at a time.
    pub fn add(&mut self, samples: &[f32]) -> Result<(), LoudnessError> {
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (self.step_samples - self.current.len()).min(rest.len());
            if take == self.step_samples {
                // A whole step straight from the input.
                self.step(&rest[..take])?;
            } else {
                self.current.extend_from_slice(&rest[..take]);
                if self.current.len() == self.step_samples {
                    let step = std::mem::take(&mut self.current);
                    self.step(&step)?;
                    self.current = step;
                    self.current.clear();
                }
            }
            rest = &rest[take..];
        }
        Ok(())
    }

    fn step(&mut self, step: &[f32]) -> Result<(), LoudnessError> {
        let peak = block_peak(step);
        self.sample_peak = self.sample_peak.max(peak);
        self.scan.add(step, peak)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Peaks, LoudnessError> {
        if !self.current.is_empty() {
            let tail = std::mem::take(&mut self.current);
            self.step(&tail)?;
        }
        Ok(Peaks {
            true_peak: self.scan.finish()?,
            sample_peak: self.sample_peak,
        })
    }
}

/// ebur128's 100 ms: the frames of each sub-block its gating blocks are made of.
fn sub_block_frames(rate: u32) -> usize {
    (rate as usize + 5) / 10
}

/// The frames of one 10 ms step at `rate`.
pub fn step_frames(rate: u32) -> usize {
    (rate / STEPS_PER_SECOND) as usize
}

/// The frames ebur128's `loudness_window(ms)` reads at `rate`.
fn window_frames(rate: u32, ms: u32) -> usize {
    ms as usize * rate as usize / 1000
}

impl Meter {
    /// Everything `bantin loudness` reports but the peaks, which a [`PeakMeter`] fed the
    /// same audio finds (on another thread) and [`Meter::finish_with_peaks`] takes; for
    /// audio of `channels` at `rate`, both within bantin's rule ([`limits`]).
    pub fn without_peaks(channels: u16, rate: u32) -> Result<Self, LoudnessError> {
        let mut meter = Self::gating_only(channels, rate)?;
        // `rate * 10 / 1000` frames: exactly the interval ebur128's `loudness_window(10)`
        // reads, so each step's energy comes back whole whatever the rate (22050 Hz: 220).
        let step_frames = step_frames(rate);
        let step_s = step_frames as f64 / f64::from(rate);
        meter.steps = Some(Steps {
            step_frames,
            frames_in_step: 0,
            sub_block_sum: 0.0,
            windows: SlidingWindows::new(steps_in(0.4, step_s), steps_in(3.0, step_s)),
        });
        Ok(meter)
    }

    /// A meter of the integrated loudness and range only (no 10 ms windows, no peaks):
    /// what the mixer needs of each take.
    pub fn gating_only(channels: u16, rate: u32) -> Result<Self, LoudnessError> {
        let map = channel_map(channels)?;
        if !(limits::MIN_SAMPLE_RATE..=limits::MAX_SAMPLE_RATE).contains(&rate) {
            return Err(LoudnessError::UnsupportedSampleRate { rate });
        }
        // Mode::S: K-weighting, and 3 s of the weighted audio kept for `loudness_window`
        // (each sub-block's and step's energy, and the windows ending on a last partial
        // step). The gating is given the blocks made from the sub-block energies: ebur128's
        // Mode::I would sum every 400 ms block again from the samples, four times the work.
        // Where `loudness_window(100)` cannot read a sub-block whole (rates whose 100 ms is
        // not a whole number of frames: 11025 Hz reads 1102 of its 1103), ebur128 gates
        // its own blocks instead (Mode::I and Mode::LRA), so the figures stay its own.
        let sub_frames = sub_block_frames(rate);
        let whole_windows = window_frames(rate, SUB_BLOCK_MS) == sub_frames;
        let mode = if whole_windows {
            Mode::S
        } else {
            Mode::S | Mode::I | Mode::LRA
        };
        let mut meter = EbuR128::new(u32::from(channels), rate, mode)?;
        meter.set_channel_map(map)?;
        Ok(Self {
            channels,
            rate,
            meter,
            sub_frames,
            ebur128_gates: !whole_windows,
            frames_in_sub: 0,
            subs: 0,
            recent: std::collections::VecDeque::with_capacity(SHORT_TERM_SUBS + 1),
            // Unbounded queues of exact energies, as ebur128 keeps them by default: ten
            // numbers a second.
            blocks: History::new(false, usize::MAX / 100),
            short_term: History::new(false, usize::MAX / 3000),
            short_term_passed_gate: false,
            energies: None,
            energy_sum: 0.0,
            frames: 0,
            counted_from: 0,
            steps: None,
        })
    }

    /// The meter of the second part of a programme split at `split`: fed the programme
    /// from `split.warm_from` on, it counts what ends after `split.at`. Steps, sub-blocks
    /// and times are numbered from the programme's start.
    pub fn second_part(channels: u16, rate: u32, split: Split) -> Result<Self, LoudnessError> {
        let mut meter = Self::without_peaks(channels, rate)?;
        meter.frames = split.warm_from;
        meter.subs = split.warm_from / meter.sub_frames as u64;
        meter.counted_from = split.at;
        Ok(meter)
    }

    /// Keeps every 100 ms sub-block's energy for [`Meter::finish_with_energies`].
    pub fn keeping_energies(mut self) -> Self {
        self.energies = Some(Vec::new());
        self
    }

    /// Adds interleaved frames.
    pub fn add(&mut self, samples: &[f32]) -> Result<(), LoudnessError> {
        self.add_with_steps(samples, &mut |_| {})
    }

    /// Adds interleaved frames, handing each 10 ms step completed to `on_step`.
    pub fn add_with_steps(
        &mut self,
        samples: &[f32],
        on_step: &mut impl FnMut(StepLoudness),
    ) -> Result<(), LoudnessError> {
        let width = usize::from(self.channels);
        let mut rest = &samples[..samples.len() / width * width];
        self.check_finite(rest)?;
        while !rest.is_empty() {
            // Up to the next boundary of either grid.
            let to_sub = self.sub_frames - self.frames_in_sub;
            let to_step = self
                .steps
                .as_ref()
                .map_or(usize::MAX, |s| s.step_frames - s.frames_in_step);
            let n = to_sub.min(to_step).min(rest.len() / width);
            let (piece, tail) = rest.split_at(n * width);
            rest = tail;
            self.meter.add_frames_f32(piece)?;
            self.frames += n as u64;
            self.frames_in_sub += n;
            if let Some(steps) = &mut self.steps {
                steps.frames_in_step += n;
                if steps.frames_in_step == steps.step_frames {
                    let energy = lufs_to_energy(self.meter.loudness_window(STEP_MS)?);
                    if self.frames > self.counted_from {
                        let end_s = self.frames as f64 / f64::from(self.rate);
                        steps.end_step(energy, end_s, on_step)?;
                    } else {
                        steps.frames_in_step = 0;
                        steps.windows.slide(energy);
                    }
                    steps.sub_block_sum += energy;
                }
            }
            if self.frames_in_sub == self.sub_frames {
                self.frames_in_sub = 0;
                // Where ten steps make the sub-block exactly (rates that are multiples of
                // 100 Hz), its energy is their mean; else it is read again.
                let sub_frames = self.sub_frames;
                let from_steps = self.steps.as_mut().and_then(|s| {
                    let sum = std::mem::take(&mut s.sub_block_sum);
                    (s.step_frames * 10 == sub_frames).then_some(sum / 10.0)
                });
                let energy = match from_steps {
                    Some(energy) => energy,
                    None => lufs_to_energy(self.meter.loudness_window(SUB_BLOCK_MS)?),
                };
                self.end_sub_block(energy);
            }
        }
        Ok(())
    }

    /// After each 100 ms: the 400 ms block that ends here (every sub-block once four are
    /// in), and the 3 s block (every ten once thirty are in).
    fn end_sub_block(&mut self, energy: f64) {
        self.subs += 1;
        if self.recent.len() == SHORT_TERM_SUBS {
            self.recent.pop_front();
        }
        self.recent.push_back(energy);
        if self.frames <= self.counted_from {
            return;
        }
        self.energy_sum += energy;
        if let Some(energies) = &mut self.energies {
            energies.push(energy);
        }
        let n = self.subs as usize;
        let mean = |len: usize| self.recent.iter().rev().take(len).sum::<f64>() / len as f64;
        if n >= GATING_BLOCK_SUBS {
            self.blocks.add(mean(GATING_BLOCK_SUBS));
        }
        if n >= SHORT_TERM_SUBS && (n - SHORT_TERM_SUBS).is_multiple_of(SHORT_TERM_HOP_SUBS) {
            let energy = mean(SHORT_TERM_SUBS);
            self.short_term_passed_gate |= energy >= lufs_to_energy(ABSOLUTE_GATE_LUFS);
            self.short_term.add(energy);
        }
    }

    fn check_finite(&self, samples: &[f32]) -> Result<(), LoudnessError> {
        match samples.iter().position(|s| !s.is_finite()) {
            None => Ok(()),
            Some(i) => {
                let width = usize::from(self.channels);
                let frame = self.frames as usize + i / width;
                Err(LoudnessError::NonFiniteSample {
                    index: frame * width + i % width,
                    seconds: frame as f64 / f64::from(self.rate),
                })
            }
        }
    }

    /// Everything measured, with the peaks a [`PeakMeter`] found in the same audio. A
    /// last partial step counts for the maxima (the windows ending at the very last
    /// sample) but is not handed on as a step.
    pub fn finish_with_peaks(self, peaks: Peaks) -> Result<LoudnessMeasurement, LoudnessError> {
        let mut measured = self.finish_with_energies()?.0;
        (measured.true_peak_dbtp, measured.sample_peak_dbfs) = peak_figures(peaks);
        Ok(measured)
    }

    /// Everything measured of a programme split in two (see [`split`]): `first` fed the
    /// programme up to the split, `second` ([`Meter::second_part`]) the rest, and `peaks`
    /// all of it. ebur128's gating takes the blocks of both parts together, in order.
    pub fn finish_split(
        first: &Self,
        second: &mut Self,
        peaks: Peaks,
    ) -> Result<LoudnessMeasurement, LoudnessError> {
        // The first part ends on both grids: nothing of it is partial.
        let first_maxima = first.steps.as_ref().map(|s| s.windows.maxima());
        let second_maxima = second.final_maxima()?;
        let maxima = match (first_maxima, second_maxima) {
            (Some(a), Some(b)) => Some(windows::Maxima {
                momentary: a.momentary.max(b.momentary),
                short_term: a.short_term.max(b.short_term),
            }),
            (a, b) => a.or(b),
        };
        let integrated = History::gated_loudness_multiple(&[&first.blocks, &second.blocks]);
        let range = History::loudness_range_multiple(&[&first.short_term, &second.short_term])?;
        let passed_gate = first.short_term_passed_gate || second.short_term_passed_gate;
        Ok(figures(
            integrated,
            passed_gate.then_some(range),
            maxima,
            Some(peaks),
            second.frames as f64 / f64::from(second.rate),
        ))
    }

    /// The largest momentary and short-term windows, those ending at the very last sample
    /// included (read from ebur128 once, when the audio does not end on a step).
    fn final_maxima(&mut self) -> Result<Option<windows::Maxima>, LoudnessError> {
        let Some(steps) = &mut self.steps else {
            return Ok(None);
        };
        if steps.frames_in_step > 0 {
            steps.windows.include_final(
                lufs_to_energy(self.meter.loudness_momentary()?),
                lufs_to_energy(self.meter.loudness_shortterm()?),
            );
        }
        Ok(Some(steps.windows.maxima()))
    }

    /// Everything measured, and the energies kept (see [`Meter::keeping_energies`]).
    pub fn finish_with_energies(
        mut self,
    ) -> Result<(LoudnessMeasurement, SubBlockEnergies), LoudnessError> {
        // The energy of a last partial sub-block, for the ungated mean.
        let partial_ms = (self.frames_in_sub as u64 * 1000 / u64::from(self.rate)) as u32;
        let partial = if partial_ms > 0 {
            lufs_to_energy(self.meter.loudness_window(partial_ms)?) * self.frames_in_sub as f64
        } else {
            0.0
        };
        let maxima = self.final_maxima()?;
        let energies = self.energies.take().unwrap_or_default();
        let whole = self.energy_sum * self.sub_frames as f64 + partial;
        let (integrated, range) = if self.ebur128_gates {
            (self.meter.loudness_global()?, self.meter.loudness_range()?)
        } else {
            (
                self.blocks.gated_loudness(),
                self.short_term.loudness_range(),
            )
        };
        Ok((
            figures(
                integrated,
                self.short_term_passed_gate.then_some(range),
                maxima,
                None,
                self.frames as f64 / f64::from(self.rate),
            ),
            SubBlockEnergies {
                frames_per_block: self.sub_frames,
                mean_energy: if self.frames == 0 {
                    0.0
                } else {
                    whole / self.frames as f64
                },
                energies,
            },
        ))
    }
}

/// The K-weighted, channel-weighted mean-square energy of every complete 100 ms sub-block
/// of what a [`Meter`] measured, and of all of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubBlockEnergies {
    /// Frames in each sub-block (ebur128's 100 ms: `(rate + 5) / 10`).
    pub frames_per_block: usize,
    pub energies: Vec<f64>,
    /// Mean-square energy of everything, a last partial sub-block included (ungated).
    pub mean_energy: f64,
}

impl Steps {
    fn end_step(
        &mut self,
        energy: f64,
        end_s: f64,
        on_step: &mut impl FnMut(StepLoudness),
    ) -> Result<(), LoudnessError> {
        self.frames_in_step = 0;
        let now = self.windows.push(energy);
        on_step(StepLoudness {
            end_s,
            momentary_lufs: energy_to_lufs(now.momentary),
            short_term_lufs: energy_to_lufs(now.short_term),
        });
        Ok(())
    }
}

/// The BS.1770 role of each channel, in the order WAV, FLAC and most codecs store them: as
/// many channels as bantin takes ([`limits::MAX_CHANNELS`]).
fn channel_map(channels: u16) -> Result<&'static [Channel], LoudnessError> {
    use Channel::{
        Center, Left, LeftSurround, Mm090, Mm135, Mp090, Mp135, Mp180, Right, RightSurround, Unused,
    };
    Ok(match channels {
        // A mono take counts once, as ffmpeg's ebur128 filter and libebur128 do: it reads
        // 3 dB below the same signal in both channels of a stereo file.
        1 => &[Center],
        2 => &[Left, Right],
        3 => &[Left, Right, Center],
        4 => &[Left, Right, LeftSurround, RightSurround],
        5 => &[Left, Right, Center, LeftSurround, RightSurround],
        // 5.1: the LFE channel does not count; the surrounds weigh 1.41.
        6 => &[Left, Right, Center, Unused, LeftSurround, RightSurround],
        // 6.1 (L R C LFE Cs Ls Rs) and 7.1 (L R C LFE Lb Rb Ls Rs): side channels (±90°)
        // weigh 1.41, back channels (±135°, 180°) 1, as BS.1770-4 weighs by position.
        7 => &[Left, Right, Center, Unused, Mp180, Mp090, Mm090],
        8 => &[Left, Right, Center, Unused, Mp135, Mm135, Mp090, Mm090],
        _ => return Err(LoudnessError::UnsupportedChannels { channels }),
    })
}

/// What `bantin loudness` reports of what a meter gathered: ebur128's gated loudness and
/// range (the range where a 3 s block passed the absolute gate), the largest windows'
/// energies, and the peaks where they were measured.
fn figures(
    integrated: f64,
    range: Option<f64>,
    maxima: Option<windows::Maxima>,
    peaks: Option<Peaks>,
    duration_s: f64,
) -> LoudnessMeasurement {
    let (true_peak_dbtp, sample_peak_dbfs) = peaks.map_or((None, None), peak_figures);
    LoudnessMeasurement {
        integrated_lufs: finite(integrated),
        loudness_range_lu: range.and_then(finite),
        true_peak_dbtp,
        sample_peak_dbfs,
        max_momentary_lufs: maxima.and_then(|m| finite(energy_to_lufs(m.momentary))),
        max_short_term_lufs: maxima.and_then(|m| finite(energy_to_lufs(m.short_term))),
        duration_s,
    }
}

/// The true peak (dBTP) and sample peak (dBFS) of linear peaks.
fn peak_figures(peaks: Peaks) -> (Option<f64>, Option<f64>) {
    (
        amplitude_to_db(peaks.true_peak),
        amplitude_to_db(f64::from(peaks.sample_peak)),
    )
}

/// How many steps of `step_s` seconds make a window of `window_s` seconds.
fn steps_in(window_s: f64, step_s: f64) -> usize {
    ((window_s / step_s).round() as usize).max(1)
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

fn amplitude_to_db(amplitude: f64) -> Option<f64> {
    finite(20.0 * amplitude.log10())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::loudness::test_signals::{Signal, speech_like, stereo};

    fn audio(samples: Vec<f32>, sample_rate: u32, channels: u16) -> DecodedAudio {
        DecodedAudio {
            samples,
            sample_rate,
            channels,
            codec: "PCM 32-bit float".to_string(),
        }
    }

    /// The meter hands ebur128's gating (its `History`, reached through a feature the
    /// crate does not promise; Cargo.toml pins the version) the blocks it makes from its
    /// energies. Whatever the rate (rates that are and are not multiples of 100 Hz, whose
    /// steps and sub-blocks do not line up) and however the audio arrives, the integrated
    /// loudness and the range must be ebur128's own Mode::I and Mode::LRA figures.
    #[test]
    fn the_meter_gives_ebur128s_own_integrated_and_range() {
        for (rate, channels) in [
            (48_000u32, 1u16),
            (44_100, 2),
            (22_050, 1),
            (11_025, 2),
            (96_000, 1),
        ] {
            let x = speech_like(rate, channels, 20, 5, 9.0, 0.04);
            let mut reference =
                EbuR128::new(u32::from(channels), rate, Mode::I | Mode::LRA).unwrap();
            reference
                .set_channel_map(channel_map(channels).unwrap())
                .unwrap();
            reference.add_frames_f32(&x).unwrap();
            let (want_i, want_lra) = (
                reference.loudness_global().unwrap(),
                reference.loudness_range().unwrap(),
            );
            let mut meter = ProgrammeMeter::new(channels, rate, None).unwrap();
            for piece in x.chunks(usize::from(channels) * 3_001) {
                meter.add(piece).unwrap();
            }
            let got = meter.finish().unwrap();
            let (i, lra) = (got.integrated_lufs.unwrap(), got.loudness_range_lu.unwrap());
            assert!(
                (i - want_i).abs() < 1e-6,
                "{rate} Hz: integrated {i} vs {want_i}"
            );
            assert!(
                (lra - want_lra).abs() < 1e-6,
                "{rate} Hz: range {lra} vs {want_lra}"
            );
            assert!(lra > 3.0, "the level change shows in the range: {lra}");
        }
    }

    #[test]
    fn digital_silence_has_no_loudness_and_no_peaks() {
        let m = measure(&audio(vec![0.0; 48_000 * 5 * 2], 48_000, 2)).unwrap();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.loudness_range_lu, None);
        assert_eq!(m.true_peak_dbtp, None);
        assert_eq!(m.sample_peak_dbfs, None);
        assert_eq!(m.max_momentary_lufs, None);
        assert_eq!(m.max_short_term_lufs, None);
        assert!((m.duration_s - 5.0).abs() < 1e-9);
    }

    #[test]
    fn no_audio_at_all_measures_as_nothing() {
        let m = measure(&audio(Vec::new(), 44_100, 1)).unwrap();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.sample_peak_dbfs, None);
        assert_eq!(m.duration_s, 0.0);
    }

    #[test]
    fn a_take_shorter_than_three_seconds_has_no_loudness_range() {
        let m = measure(&stereo(&Signal::new(48_000).tone(-23.0, 2.0))).unwrap();
        assert_eq!(m.loudness_range_lu, None);
        let i = m.integrated_lufs.unwrap();
        assert!((i + 23.0).abs() < 0.1, "{i}");
    }

    #[test]
    fn mono_reads_three_db_below_the_same_signal_in_stereo() {
        let signal = Signal::new(48_000).tone(-20.0, 5.0);
        let mono = measure(&audio(signal.samples.clone(), 48_000, 1)).unwrap();
        let both = measure(&stereo(&signal)).unwrap();
        let difference = both.integrated_lufs.unwrap() - mono.integrated_lufs.unwrap();
        assert!((difference - 3.01).abs() < 0.01, "{difference}");
    }

    #[test]
    fn rates_not_divisible_by_100_measure_like_48k() {
        for rate in [22_050, 11_025, 44_100] {
            let m = measure(&stereo(&Signal::new(rate).tone(-23.0, 5.0))).unwrap();
            for (what, value) in [
                ("integrated", m.integrated_lufs),
                ("max momentary", m.max_momentary_lufs),
                ("max short-term", m.max_short_term_lufs),
            ] {
                let value = value.unwrap();
                assert!((value + 23.0).abs() < 0.1, "{rate} Hz {what}: {value}");
            }
            assert!((m.duration_s - 5.0).abs() < 1e-3);
        }
    }

    #[test]
    fn nine_channels_are_refused_with_a_way_out() {
        let err = measure(&audio(vec![0.0; 900], 48_000, 9)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("9-channel audio"), "{message}");
        assert!(message.contains("ffmpeg -i IN -ac 2"), "{message}");
    }

    #[test]
    fn seven_one_weighs_side_channels_1_41_and_back_channels_1() {
        // The same tone in one channel at a time: L (1), Lb (1), Ls (1.41), LFE (not counted).
        let tone = Signal::new(48_000).tone(-20.0, 5.0).samples;
        let alone = |channel: usize| {
            let samples = tone
                .iter()
                .flat_map(|s| (0..8).map(move |c| if c == channel { *s } else { 0.0 }))
                .collect();
            measure(&audio(samples, 48_000, 8)).unwrap().integrated_lufs
        };
        let left = alone(0).unwrap();
        assert!((alone(4).unwrap() - left).abs() < 0.01);
        let side = alone(6).unwrap() - left;
        assert!((side - 10.0 * 1.41f64.log10()).abs() < 0.01, "{side}");
        assert_eq!(alone(3), None);
    }

    #[test]
    fn an_impossible_sample_rate_is_refused() {
        let err = measure(&audio(vec![0.0; 10], 4_000, 1)).unwrap_err();
        assert!(
            err.to_string().contains("4000 Hz cannot be measured"),
            "{err}"
        );
    }

    #[test]
    fn a_nan_sample_is_refused_with_its_position() {
        let mut samples = vec![0.0; 96_000];
        samples[48_001] = f32::NAN;
        let err = measure(&audio(samples, 48_000, 2)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("sample 48001 (at 0.500 s)"), "{message}");
    }
}
