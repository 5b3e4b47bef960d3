//! The speech detector: does a take hold speech, and from where to where. `bantin status`
//! (the speech length, the reading rate, a take with no speech in it) and `bantin
//! assemble` (where a take is trimmed, a take that must not go to air) both ask this one
//! detector, so they agree on what a take holds.
//!
//! Three things together tell a voice from what a take holds when nobody spoke into it:
//! - **level**: speech stands out of the take's own noise (10 ms frames in the speech
//!   band, gated at the speech level − 32 dB and at least 8 dB over the noise, measured
//!   where the take is steady), as a careful editor would cut;
//! - **rhythm**: a voice swells and falls with its syllables, 2–8 times a second, while
//!   fan noise, hiss and hum are steady: the envelope's modulation in that band, over a
//!   second around each frame, must be at least [`MIN_MODULATION`] of its mean;
//! - **voicing**: vowels have harmonics and formants, noise has a flat spectrum: near
//!   each speech frame some frame's spectral flatness (in 100 Hz–4 kHz) must be under
//!   [`MAX_VOICED_FLATNESS`].
//!
//! A frame is speech when all three hold; a take holds speech when at least
//! [`MIN_SPEECH_S`] of its frames are speech. The span from the first to the last speech
//! frame is the speech: what `status` counts and what `assemble` keeps (plus a breath).
//!
//! The detector streams (10 ms frames in, a few numbers per frame kept), so a take of
//! any length costs a few bytes a frame.

use std::sync::Arc;

use realfft::{RealFftPlanner, RealToComplex};

use super::filter::HighPass;

/// Analysis frame, seconds.
pub const FRAME_S: f64 = 0.010;
/// Nothing in the take reaches this level (dBFS, speech band): it is silent.
pub const SILENCE_DBFS: f64 = -70.0;
/// Frames under the take's speech level by more than this are not speech…
const BELOW_SPEECH_DB: f64 = 32.0;
/// …nor are frames less than this above the noise measured where the take is steady
/// (at least [`MIN_STEADY_S`] of it; the gate then stays at least
/// [`MIN_GATE_BELOW_SPEECH_DB`] under the speech level)…
const ABOVE_NOISE_DB: f64 = 8.0;
const MIN_STEADY_S: f64 = 0.3;
const MIN_GATE_BELOW_SPEECH_DB: f64 = 10.0;
/// …or, in a take that is speech throughout, less than this above its quietest frames
/// (3rd percentile), but never more than [`MAX_GATE_BELOW_SPEECH_DB`] under the speech
/// level: such a take's "floor" is its quiet syllables, which must not be lost.
const ABOVE_FLOOR_DB: f64 = 10.0;
const MAX_GATE_BELOW_SPEECH_DB: f64 = 20.0;
/// Syllable-rate modulation (2–8 Hz) of the envelope, relative to its mean, over which a
/// stretch sounds like speech. Steady pink or white noise measures under 0.1 and hum about
/// 0; speech, even 10 dB over noise, 0.4 and more (see the tests).
pub const MIN_MODULATION: f64 = 0.25;
/// Spectral flatness (geometric over arithmetic mean of the power spectrum, 100 Hz–4 kHz)
/// under which a frame is voiced. White noise measures about 0.56, pink noise about 0.4;
/// a vowel well under 0.2.
pub const MAX_VOICED_FLATNESS: f64 = 0.25;
/// A take holds speech when at least this much of it is speech.
pub const MIN_SPEECH_S: f64 = 0.3;
/// The modulation is measured over this many seconds around each frame.
const MODULATION_WINDOW_S: f64 = 1.0;
/// A speech frame needs a voiced frame within this many seconds of it.
const VOICING_REACH_S: f64 = 0.3;
/// The flatness is measured every this many frames.
const FLATNESS_EVERY: usize = 3;
/// Sub-blocks of a frame: the speech's start and end are found to a fifth of a frame.
const SUB_BLOCKS: usize = 5;
/// Band of the level and the flatness: below it rumble and hum, above it hiss.
const BAND_LOW_HZ: f64 = 100.0;
const BAND_HIGH_HZ: f64 = 4_000.0;

/// What a take holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Verdict {
    /// Speech from `start_s` for `length_s` seconds.
    Speech { start_s: f64, length_s: f64 },
    /// Nothing above [`SILENCE_DBFS`].
    Silent,
    /// Sound, but no speech: steady noise, hum or a tone.
    NoSpeech { sound: NonSpeech },
}

/// What a take without speech holds instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NonSpeech {
    /// Broadband noise: hiss, fan, room tone.
    Noise,
    /// A steady tone: mains hum, a test tone.
    Hum,
    /// Sound that swells and falls but has no voice in it (knocks, rustling).
    Other,
}

/// The detector's findings on one take.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpeechAnalysis {
    pub verdict: Verdict,
    /// Level of the noise under the take, dBFS in the speech band: the median level where
    /// the take is steady, or (in a take that is speech throughout) its quietest frames.
    pub noise_floor_dbfs: f64,
    /// Level of the loud part (95th percentile), dBFS in the speech band.
    pub speech_level_dbfs: f64,
    /// Seconds of frames that are speech (pauses between words not counted).
    pub speech_frames_s: f64,
    /// Highest syllable-rate modulation found in the take.
    pub max_modulation: f64,
    /// Median spectral flatness over the take's frames above [`SILENCE_DBFS`].
    pub median_flatness: f64,
    /// RMS level of the whole take, full band, dBFS.
    pub rms_dbfs: f64,
    /// Length of the take, seconds.
    pub duration_s: f64,
}

impl SpeechAnalysis {
    /// The speech span in frames of the analysed audio, `[start, end)`.
    pub fn speech_frames(&self, rate: u32) -> Option<(usize, usize)> {
        match self.verdict {
            Verdict::Speech { start_s, length_s } => {
                let at = |s: f64| (s * f64::from(rate)).round() as usize;
                Some((at(start_s), at(start_s + length_s)))
            }
            _ => None,
        }
    }

    /// Seconds of speech (first to last word), when the take holds speech.
    pub fn speech_s(&self) -> Option<f64> {
        match self.verdict {
            Verdict::Speech { length_s, .. } => Some(length_s),
            _ => None,
        }
    }

    /// Why the take holds no speech, in words for staff (None when it holds speech).
    pub fn no_speech_reason(&self) -> Option<String> {
        let level = self.rms_dbfs;
        match self.verdict {
            Verdict::Speech { .. } => None,
            Verdict::Silent => Some(format!(
                "holds only silence (nothing above {SILENCE_DBFS:.0} dBFS)"
            )),
            Verdict::NoSpeech { sound } => Some(match sound {
                NonSpeech::Noise => {
                    format!("holds no speech, only steady noise ({level:.0} dBFS RMS)")
                }
                NonSpeech::Hum => {
                    format!("holds no speech, only a steady hum or tone ({level:.0} dBFS RMS)")
                }
                NonSpeech::Other => format!(
                    "holds no speech: sound up to {:.0} dBFS with no voice in it",
                    self.speech_level_dbfs
                ),
            }),
        }
    }
}

/// Streams mono audio through the detector: [`SpeechDetector::add`] as it comes,
/// [`SpeechDetector::finish`] at the end.
pub struct SpeechDetector {
    rate: u32,
    hop: usize,
    band: HighPass,
    in_frame: usize,
    energy: f64,
    /// Band level of each frame, dB.
    levels: Vec<f32>,
    /// Highest band sample in each sub-block of each frame: where in its first and last
    /// frame the speech starts and stops.
    peaks: Vec<[f32; SUB_BLOCKS]>,
    sub_peaks: [f32; SUB_BLOCKS],
    /// The last `fft_len` samples (a ring) for the flatness.
    ring: Vec<f32>,
    ring_at: usize,
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    scratch_in: Vec<f32>,
    scratch_out: Vec<realfft::num_complex::Complex<f32>>,
    bins: std::ops::Range<usize>,
    /// (frame index, flatness) every [`FLATNESS_EVERY`] frames.
    flatness: Vec<(u32, f32)>,
    samples: u64,
    /// Sum of squares of every sample, full band.
    total_energy: f64,
}

impl SpeechDetector {
    pub fn new(rate: u32) -> Self {
        let rate = rate.max(1);
        let hop = ((f64::from(rate) * FRAME_S).round() as usize).max(1);
        // About 20–40 ms: enough to resolve a voice's harmonics.
        let fft_len = ((f64::from(rate) * 0.02) as usize)
            .next_power_of_two()
            .max(64);
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(fft_len);
        let window = (0..fft_len)
            .map(|i| {
                let x = std::f64::consts::TAU * i as f64 / fft_len as f64;
                (0.5 - 0.5 * x.cos()) as f32
            })
            .collect();
        let bin_hz = f64::from(rate) / fft_len as f64;
        let top = (BAND_HIGH_HZ.min(f64::from(rate) * 0.45) / bin_hz) as usize;
        let bins = ((BAND_LOW_HZ / bin_hz).ceil() as usize).max(1)..top.max(2);
        Self {
            rate,
            hop,
            band: HighPass::new(BAND_LOW_HZ, rate, 1),
            in_frame: 0,
            energy: 0.0,
            levels: Vec::new(),
            peaks: Vec::new(),
            sub_peaks: [0.0; SUB_BLOCKS],
            ring: vec![0.0; fft_len],
            ring_at: 0,
            scratch_in: fft.make_input_vec(),
            scratch_out: fft.make_output_vec(),
            fft,
            window,
            bins,
            flatness: Vec::new(),
            samples: 0,
            total_energy: 0.0,
        }
    }

    /// Adds mono samples.
    pub fn add(&mut self, mono: &[f32]) {
        let mut band = [0f32; 1024];
        for piece in mono.chunks(band.len()) {
            let band = &mut band[..piece.len()];
            band.copy_from_slice(piece);
            self.band.process(band);
            self.total_energy += sum_of_squares(piece);
            let mut at = 0;
            while at < piece.len() {
                // Up to the end of the frame's current sub-block.
                let sub = self.in_frame * SUB_BLOCKS / self.hop;
                let sub_end = ((sub + 1) * self.hop).div_ceil(SUB_BLOCKS);
                let n = (sub_end - self.in_frame).min(piece.len() - at);
                let run = &band[at..at + n];
                self.energy += sum_of_squares(run);
                let peak = crate::dsp::max_abs::max_abs(run);
                self.sub_peaks[sub] = self.sub_peaks[sub].max(peak);
                // The ring keeps the unfiltered signal: the flatness has its own band.
                self.push_ring(&piece[at..at + n]);
                self.in_frame += n;
                self.samples += n as u64;
                at += n;
                if self.in_frame == self.hop {
                    self.end_frame();
                }
            }
        }
    }

    fn push_ring(&mut self, samples: &[f32]) {
        let len = self.ring.len();
        // Only the newest `len` samples matter.
        let samples = &samples[samples.len().saturating_sub(len)..];
        let first = samples.len().min(len - self.ring_at);
        self.ring[self.ring_at..self.ring_at + first].copy_from_slice(&samples[..first]);
        let rest = &samples[first..];
        self.ring[..rest.len()].copy_from_slice(rest);
        self.ring_at = (self.ring_at + samples.len()) % len;
    }

    fn end_frame(&mut self) {
        let ms = self.energy / self.hop as f64;
        self.levels.push((10.0 * ms.max(1e-20).log10()) as f32);
        self.peaks.push(std::mem::take(&mut self.sub_peaks));
        self.energy = 0.0;
        self.in_frame = 0;
        let frame = self.levels.len() - 1;
        if frame.is_multiple_of(FLATNESS_EVERY) && self.samples >= self.ring.len() as u64 {
            let flatness = self.ring_flatness();
            self.flatness.push((frame as u32, flatness));
        }
    }

    fn ring_flatness(&mut self) -> f32 {
        // The ring from its oldest sample: its two pieces, without a division per sample.
        let (newer, older) = self.ring.split_at(self.ring_at);
        for ((out, s), w) in self
            .scratch_in
            .iter_mut()
            .zip(older.iter().chain(newer))
            .zip(&self.window)
        {
            *out = s * w;
        }
        if self
            .fft
            .process(&mut self.scratch_in, &mut self.scratch_out)
            .is_err()
        {
            return 1.0;
        }
        let (mut log_sum, mut sum) = (0f64, 0f64);
        let count = self.bins.len() as f64;
        for c in &self.scratch_out[self.bins.clone()] {
            let p = f64::from(c.norm_sqr()) + 1e-24;
            log_sum += p.ln();
            sum += p;
        }
        let arith = sum / count;
        ((log_sum / count).exp() / arith) as f32
    }

    /// The findings.
    pub fn finish(self) -> SpeechAnalysis {
        let duration_s = self.samples as f64 / f64::from(self.rate);
        let levels: Vec<f64> = self.levels.iter().map(|l| f64::from(*l)).collect();
        let mut sorted: Vec<f64> = levels.clone();
        sorted.sort_by(f64::total_cmp);
        let pct = |p: f64| -> f64 {
            if sorted.is_empty() {
                -200.0
            } else {
                sorted[((sorted.len() - 1) as f64 * p).round() as usize]
            }
        };
        let floor = pct(0.03).max(-120.0);
        let loud = pct(0.95).max(-120.0);
        let mut analysis = SpeechAnalysis {
            verdict: Verdict::Silent,
            noise_floor_dbfs: round1(floor),
            speech_level_dbfs: round1(loud),
            speech_frames_s: 0.0,
            max_modulation: 0.0,
            median_flatness: 1.0,
            rms_dbfs: round1(
                10.0 * (self.total_energy / self.samples.max(1) as f64)
                    .max(1e-20)
                    .log10(),
            ),
            duration_s,
        };
        if loud < SILENCE_DBFS {
            return analysis;
        }
        let modulation = syllable_modulation(&levels);
        // The noise floor: where the take is steady (no syllable rhythm) there is no
        // voice, so the level there is the noise — when there is enough of it to judge.
        let mut steady: Vec<f64> = levels
            .iter()
            .zip(&modulation)
            .filter(|(_, m)| **m < MIN_MODULATION)
            .map(|(l, _)| *l)
            .collect();
        let gate = if steady.len() as f64 * FRAME_S >= MIN_STEADY_S {
            steady.sort_by(f64::total_cmp);
            let noise = steady[steady.len() / 2].max(-120.0);
            analysis.noise_floor_dbfs = round1(noise);
            (loud - BELOW_SPEECH_DB)
                .max(noise + ABOVE_NOISE_DB)
                .min(loud - MIN_GATE_BELOW_SPEECH_DB)
        } else {
            (loud - BELOW_SPEECH_DB)
                .max(floor + ABOVE_FLOOR_DB)
                .min(loud - MAX_GATE_BELOW_SPEECH_DB)
        };
        let frames = levels.len();
        // Voiced frames, spread to their reach.
        let reach = (VOICING_REACH_S / FRAME_S).round() as usize;
        let mut voiced_near = vec![false; frames];
        let mut flat_values = Vec::new();
        for &(f, flat) in &self.flatness {
            let f = f as usize;
            if levels[f] <= SILENCE_DBFS {
                continue;
            }
            flat_values.push(f64::from(flat));
            if f64::from(flat) < MAX_VOICED_FLATNESS && levels[f] > gate {
                let (a, b) = (f.saturating_sub(reach), (f + reach + 1).min(frames));
                voiced_near[a..b].iter_mut().for_each(|v| *v = true);
            }
        }
        flat_values.sort_by(f64::total_cmp);
        let median_flatness = flat_values
            .get(flat_values.len() / 2)
            .copied()
            .unwrap_or(1.0);
        let is_speech =
            |i: usize| levels[i] > gate && modulation[i] >= MIN_MODULATION && voiced_near[i];
        let count = (0..frames).filter(|&i| is_speech(i)).count();
        analysis.max_modulation = round3(modulation.iter().copied().fold(0.0, f64::max));
        analysis.median_flatness = round3(median_flatness);
        analysis.speech_frames_s = round3(count as f64 * FRAME_S);
        let hop_s = self.hop as f64 / f64::from(self.rate);
        analysis.verdict = if (count as f64) * FRAME_S >= MIN_SPEECH_S {
            let first = (0..frames).find(|&i| is_speech(i)).unwrap_or(0);
            let last = (0..frames).rev().find(|&i| is_speech(i)).unwrap_or(first);
            // Within the first and last speech frames, from the first and to the last
            // sub-block with a sample at the gate's level.
            let level = 10f64.powf(gate / 20.0) as f32;
            let sub_s = hop_s / SUB_BLOCKS as f64;
            let loud = |p: &f32| *p >= level;
            let head = self.peaks[first].iter().position(loud).unwrap_or(0);
            let tail = self.peaks[last]
                .iter()
                .rposition(loud)
                .unwrap_or(SUB_BLOCKS - 1);
            let start_s = first as f64 * hop_s + head as f64 * sub_s;
            let end_s = (last as f64 * hop_s + (tail + 1) as f64 * sub_s).min(duration_s);
            Verdict::Speech {
                start_s,
                length_s: end_s - start_s,
            }
        } else {
            let sound = if analysis.max_modulation >= MIN_MODULATION {
                NonSpeech::Other
            } else if median_flatness < 0.1 {
                NonSpeech::Hum
            } else {
                NonSpeech::Noise
            };
            Verdict::NoSpeech { sound }
        };
        analysis
    }
}

/// Sum of squares, in eight lanes (so it vectorizes), added up in f64.
fn sum_of_squares(x: &[f32]) -> f64 {
    let mut lanes = [0f32; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for (l, s) in lanes.iter_mut().zip(c) {
            *l += s * s;
        }
    }
    let tail: f32 = chunks.remainder().iter().map(|s| s * s).sum();
    lanes.iter().map(|l| f64::from(*l)).sum::<f64>() + f64::from(tail)
}

/// Detects speech in interleaved audio of any channel count (channels averaged).
pub fn detect(samples: &[f32], channels: usize, rate: u32) -> SpeechAnalysis {
    let ch = channels.max(1);
    let mut detector = SpeechDetector::new(rate);
    if ch == 1 {
        detector.add(samples);
    } else {
        let mut mono = Vec::with_capacity(4096);
        for block in samples.chunks(4096 * ch) {
            mono.clear();
            mono.extend(
                block
                    .chunks_exact(ch)
                    .map(|f| f.iter().sum::<f32>() / ch as f32),
            );
            detector.add(&mono);
        }
    }
    detector.finish()
}

/// For each 10 ms frame, the envelope's modulation at syllable rate (2–8 Hz) over the
/// second around it, relative to the envelope's mean there.
fn syllable_modulation(levels_db: &[f64]) -> Vec<f64> {
    let n = levels_db.len();
    let env: Vec<f64> = levels_db.iter().map(|l| 10f64.powf(l / 20.0)).collect();
    // Band-pass the envelope (frame rate 100 Hz): 2nd-order high-pass at 1.5 Hz, then
    // 2nd-order low-pass at 10 Hz, forwards and backwards so it is not delayed: 2–8 Hz
    // pass within 3 dB.
    let frame_rate = 1.0 / FRAME_S;
    let mut band = env.clone();
    for (kind, hz) in [(Kind::HighPass, 1.5), (Kind::LowPass, 10.0)] {
        biquad(&mut band, kind, hz, frame_rate);
        band.reverse();
        biquad(&mut band, kind, hz, frame_rate);
        band.reverse();
    }
    // Moving sums over the window (prefix sums).
    let half = ((MODULATION_WINDOW_S / FRAME_S) / 2.0).round() as usize;
    let mut sum_env = vec![0.0; n + 1];
    let mut sum_sq = vec![0.0; n + 1];
    for i in 0..n {
        sum_env[i + 1] = sum_env[i] + env[i];
        sum_sq[i + 1] = sum_sq[i] + band[i] * band[i];
    }
    (0..n)
        .map(|i| {
            let (a, b) = (i.saturating_sub(half), (i + half + 1).min(n));
            let len = (b - a) as f64;
            let mean = (sum_env[b] - sum_env[a]) / len;
            let rms = ((sum_sq[b] - sum_sq[a]) / len).max(0.0).sqrt();
            if mean > 0.0 { rms / mean } else { 0.0 }
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Kind {
    HighPass,
    LowPass,
}

/// A 2nd-order Butterworth section (RBJ cookbook) over `x`, in place.
fn biquad(x: &mut [f64], kind: Kind, corner_hz: f64, rate: f64) {
    let w0 = std::f64::consts::TAU * corner_hz / rate;
    let alpha = w0.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
    let cos = w0.cos();
    let a0 = 1.0 + alpha;
    let (b0, b1) = match kind {
        Kind::HighPass => ((1.0 + cos) / 2.0, -(1.0 + cos)),
        Kind::LowPass => ((1.0 - cos) / 2.0, 1.0 - cos),
    };
    let (b0, b1, b2, a1, a2) = (
        b0 / a0,
        b1 / a0,
        b0 / a0,
        -2.0 * cos / a0,
        (1.0 - alpha) / a0,
    );
    // Start from the first value as if it had always been there (no start-up transient).
    let first = x.first().copied().unwrap_or(0.0);
    let dc_gain = (b0 + b1 + b2) / (1.0 + a1 + a2);
    let (mut x1, mut x2, mut y1, mut y2) = (first, first, first * dc_gain, first * dc_gain);
    for s in x.iter_mut() {
        let x0 = *s;
        let y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        (x2, x1, y2, y1) = (x1, x0, y1, y0);
        *s = y0;
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
