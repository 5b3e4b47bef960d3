//! Synthesized test signals, mono, in [-1, 1], with their levels fixed by construction.

use std::f64::consts::TAU;

/// Linear amplitude of a level in dBFS.
pub fn amplitude(dbfs: f64) -> f64 {
    10f64.powf(dbfs / 20.0)
}

/// `seconds` of a sine at `freq` Hz with peak `amplitude`.
pub fn sine(rate: u32, freq: f64, amplitude: f64, seconds: f64) -> Vec<f32> {
    let n = (seconds * f64::from(rate)).round() as usize;
    (0..n)
        .map(|i| (amplitude * (TAU * freq * i as f64 / f64::from(rate)).sin()) as f32)
        .collect()
}

/// `seconds` of digital silence.
pub fn silence(rate: u32, seconds: f64) -> Vec<f32> {
    vec![0.0; (seconds * f64::from(rate)).round() as usize]
}

/// A voice-like signal: a 130 Hz buzz with harmonics and some noise, shaped into
/// syllables (about 4 a second) and words with short pauses, at `level_db` peak-ish.
/// `seed` varies the noise.
pub fn speech(rate: u32, seconds: f64, level_db: f64, seed: u32) -> Vec<f32> {
    let mut s = seed.wrapping_mul(2_654_435_761).max(1);
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        f64::from(s) / f64::from(u32::MAX)
    };
    let n = (f64::from(rate) * seconds) as usize;
    let amp = amplitude(level_db);
    let mut out = Vec::with_capacity(n);
    let mut phase = 0.0f64;
    for i in 0..n {
        let t = i as f64 / f64::from(rate);
        let f0 = 130.0 * (1.0 + 0.1 * (TAU * 0.7 * t).sin());
        phase += TAU * f0 / f64::from(rate);
        let buzz: f64 = (1..6)
            .map(|h| (phase * f64::from(h)).sin() / f64::from(h * h))
            .sum();
        // Syllables swell and fade without long quiet troughs: a speech-like
        // peak-to-loudness ratio of about 12 dB.
        let syllable = (TAU * 2.0 * t).sin().abs().sqrt();
        let word_pause = if (t * 0.8).fract() > 0.85 { 0.0 } else { 1.0 };
        out.push((amp * 0.5 * (buzz + 0.3 * (rnd() - 0.5)) * syllable * word_pause) as f32);
    }
    out
}

/// Pads `x` with `head` and `tail` seconds of faint room tone.
pub fn with_room_tone(x: Vec<f32>, rate: u32, head: f64, tail: f64) -> Vec<f32> {
    let mut s = 12_345u32;
    let mut tone = |n: usize| -> Vec<f32> {
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                ((s >> 8) as f32 / (1u32 << 24) as f32 - 0.5) * 0.002
            })
            .collect()
    };
    let mut out = tone((head * f64::from(rate)) as usize);
    out.extend(x);
    out.extend(tone((tail * f64::from(rate)) as usize));
    out
}

/// The same mono signal in each of `channels` channels, interleaved.
pub fn in_every_channel(mono: &[f32], channels: u16) -> Vec<f32> {
    mono.iter()
        .flat_map(|s| std::iter::repeat_n(*s, usize::from(channels)))
        .collect()
}

/// `seconds` of a voice-like signal whose speech ends exactly where it stops: a 140 Hz
/// buzz with harmonics, swelling and falling four times a second and never quite silent,
/// peak about −14 dBFS.
pub fn voice(rate: u32, seconds: f64) -> Vec<f32> {
    let n = (seconds * f64::from(rate)).round() as usize;
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let swell = 0.25 + 0.75 * (std::f64::consts::PI * 4.0 * t).sin().abs();
            let buzz: f64 = (1..8)
                .map(|h| (TAU * 140.0 * f64::from(h) * t).sin() / f64::from(h))
                .sum();
            (0.12 * swell * buzz) as f32
        })
        .collect()
}
