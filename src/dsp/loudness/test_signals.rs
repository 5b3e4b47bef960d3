//! The signals of EBU Tech 3341 / 3342, synthesized for the meter's tests.
//!
//! Tests run our crate unoptimised, and the EBU signals are up to 100 s of 48 kHz stereo,
//! so the 1 kHz sine is computed for one period only and then copied.

use crate::dsp::resample::gcd;
use crate::media::DecodedAudio;
use std::f64::consts::PI;
use std::f64::consts::TAU;

/// A mono signal built piece by piece on one time origin: a 1 kHz sine whose level
/// changes, so consecutive pieces join without a phase jump (as in the EBU files).
#[derive(Debug, Clone)]
pub struct Signal {
    pub rate: u32,
    pub samples: Vec<f32>,
    /// One period of the unit 1 kHz sine at this rate (`rate / gcd(rate, 1000)` samples).
    period: Vec<f64>,
}

impl Signal {
    pub fn new(rate: u32) -> Self {
        let period_len = (rate / gcd(rate, 1000)) as usize;
        let period = (0..period_len)
            .map(|n| (2.0 * PI * 1000.0 * n as f64 / f64::from(rate)).sin())
            .collect();
        Self {
            rate,
            samples: Vec::new(),
            period,
        }
    }

    fn frames(&self, seconds: f64) -> usize {
        (seconds * f64::from(self.rate)).round() as usize
    }

    /// Appends `seconds` of the 1 kHz sine at a peak level of `dbfs`.
    pub fn tone(mut self, dbfs: f64, seconds: f64) -> Self {
        let amplitude = 10f64.powf(dbfs / 20.0);
        let start = self.samples.len();
        let count = self.frames(seconds);
        let len = self.period.len();
        self.samples
            .extend((start..start + count).map(|n| (amplitude * self.period[n % len]) as f32));
        self
    }

    /// Appends `seconds` of digital silence (the sine's time origin runs on).
    pub fn silence(mut self, seconds: f64) -> Self {
        let count = self.frames(seconds);
        self.samples.resize(self.samples.len() + count, 0.0);
        self
    }

    /// Repeats the whole signal so far `times` times.
    pub fn repeated(mut self, times: usize) -> Self {
        let once = self.samples.clone();
        for _ in 1..times {
            self.samples.extend_from_slice(&once);
        }
        self
    }
}

/// The same signal in both channels of a stereo file.
pub fn stereo(signal: &Signal) -> DecodedAudio {
    interleave(&[signal, signal])
}

/// One signal per channel, in channel order.
pub fn interleave(channels: &[&Signal]) -> DecodedAudio {
    let frames = channels.iter().map(|c| c.samples.len()).max().unwrap_or(0);
    let mut samples = Vec::with_capacity(frames * channels.len());
    for n in 0..frames {
        samples.extend(
            channels
                .iter()
                .map(|c| c.samples.get(n).copied().unwrap_or(0.0)),
        );
    }
    DecodedAudio {
        samples,
        sample_rate: channels[0].rate,
        channels: u16::try_from(channels.len()).expect("a few channels"),
        codec: "synthesized".to_string(),
    }
}

/// Mono audio from raw samples.
pub fn mono(samples: Vec<f32>, rate: u32) -> DecodedAudio {
    DecodedAudio {
        samples,
        sample_rate: rate,
        channels: 1,
        codec: "synthesized".to_string(),
    }
}

/// Tech 3341 cases 15–19: a sine of `rate / divisor` Hz, `seconds` long, at `amplitude`
/// (full scale = 1), starting at `phase_deg`, with linear fades in and out of `fade_s`.
pub fn true_peak_sine(
    rate: u32,
    divisor: f64,
    amplitude: f64,
    phase_deg: f64,
    seconds: f64,
    fade_s: f64,
) -> Vec<f32> {
    let count = (seconds * f64::from(rate)).round() as usize;
    let fade = (fade_s * f64::from(rate)).round().max(1.0);
    let phase = phase_deg.to_radians();
    (0..count)
        .map(|n| {
            let edge = n.min(count - 1 - n) as f64;
            let gain = (edge / fade).min(1.0);
            (gain * amplitude * (2.0 * PI * n as f64 / divisor + phase).sin()) as f32
        })
        .collect()
}

/// Tech 3341 cases 20–23, made as the EBU made them: at 4x the target rate, a sine of a
/// sixth of the target rate at half scale that turns, phase-continuously at a zero
/// crossing, into one period of a quarter of the target rate at full scale and back;
/// low-passed at the target Nyquist frequency (255-tap Kaiser-windowed sinc, beta 8) and
/// decimated by 4, keeping samples `offset`, `offset + 4`, …
pub fn inter_sample_peak(rate: u32, offset: usize) -> Vec<f32> {
    const OVERSAMPLING: usize = 4;
    // At 4x the target rate a sixth of the target rate is 24 samples a period, a quarter
    // is 16: both whole, so the switch lands exactly on zero crossings.
    let sixth_period = 6 * OVERSAMPLING;
    let quarter_period = 4 * OVERSAMPLING;
    // A quarter of a second of the slow sine on either side of the burst.
    let lead_periods = rate as usize / 24;
    let mut fast = Vec::new();
    let sine = |n: usize, period: usize| (2.0 * PI * n as f64 / period as f64).sin();
    for n in 0..lead_periods * sixth_period {
        fast.push(0.5 * sine(n, sixth_period));
    }
    for n in 0..quarter_period {
        fast.push(sine(n, quarter_period));
    }
    for n in 0..lead_periods * sixth_period {
        fast.push(0.5 * sine(n, sixth_period));
    }

    let taps = kaiser_low_pass(255, 0.5 / OVERSAMPLING as f64, 8.0);
    let half = taps.len() / 2;
    (offset..fast.len())
        .step_by(OVERSAMPLING)
        .map(|centre| {
            let mut acc = 0.0;
            for (k, tap) in taps.iter().enumerate() {
                if let Some(x) = (centre + k).checked_sub(half).and_then(|i| fast.get(i)) {
                    acc += tap * x;
                }
            }
            acc as f32
        })
        .collect()
}

/// A linear-phase low-pass FIR: sinc at `cutoff` (fraction of the sample rate) under a
/// Kaiser window of shape `beta`, normalised to unity gain at DC.
fn kaiser_low_pass(len: usize, cutoff: f64, beta: f64) -> Vec<f64> {
    let centre = (len - 1) as f64 / 2.0;
    let mut taps: Vec<f64> = (0..len)
        .map(|n| {
            let x = n as f64 - centre;
            let sinc = if x == 0.0 {
                2.0 * cutoff
            } else {
                (2.0 * PI * cutoff * x).sin() / (PI * x)
            };
            let ratio = x / centre;
            let window = bessel_i0(beta * (1.0 - ratio * ratio).sqrt()) / bessel_i0(beta);
            sinc * window
        })
        .collect();
    let sum: f64 = taps.iter().sum();
    for tap in &mut taps {
        *tap /= sum;
    }
    taps
}

/// The modified Bessel function of the first kind, order 0 (power series).
fn bessel_i0(x: f64) -> f64 {
    let mut sum = 1.0;
    let mut term = 1.0;
    let quarter_square = x * x / 4.0;
    for k in 1..50 {
        term *= quarter_square / (k * k) as f64;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
    }
    sum
}

/// Peak level of samples in dBFS.
pub fn sample_peak_db(samples: &[f32]) -> f64 {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    20.0 * f64::from(peak).log10()
}

/// Speech-like interleaved noise for gating tests: 3 syllables a second, a pause every
/// other second, at amplitude 0.3 until `quiet_from_s` and `quiet_level` after, the same
/// on every channel; `seed` seeds its xorshift noise, so a test gets the same signal
/// every run.
pub fn speech_like(
    rate: u32,
    channels: u16,
    seconds: usize,
    seed: u32,
    quiet_from_s: f64,
    quiet_level: f64,
) -> Vec<f32> {
    let mut seed = seed;
    (0..rate as usize * seconds)
        .flat_map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let t = i as f64 / f64::from(rate);
            let level = if t < quiet_from_s { 0.3 } else { quiet_level };
            let syllable = (TAU * 3.0 * t).sin().abs();
            let pause = if (t * 0.5).fract() > 0.8 { 0.0 } else { 1.0 };
            let noise = f64::from(seed) / f64::from(u32::MAX) - 0.5;
            let s = (level * syllable * pause * noise) as f32;
            std::iter::repeat_n(s, usize::from(channels))
        })
        .collect()
}
