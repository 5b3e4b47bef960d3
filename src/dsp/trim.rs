//! Where a part is cut at its head and tail.
//!
//! - **Speech** (takes): the speech span found by the speech detector
//!   ([`super::speech`], the same one `bantin status` measures with), plus a breath
//!   before and after.
//! - **Music** (jingles, stings, the bed, the outro): only digital silence at the ends —
//!   samples within [`DIGITAL_SILENCE`] of zero. Fade-ins, fade-outs and reverb tails are
//!   the music, and stay whole.

use super::speech::SpeechAnalysis;

/// Samples no further from zero than this are digital silence: two steps of 16-bit
/// audio (−84 dBFS), so a dithered 16-bit file's silence counts as silence.
pub const DIGITAL_SILENCE: f32 = 2.0 / 32_768.0;

/// The frame range of a take to keep: its speech span, `keep_s` wider at each end (within
/// the take). None when the take holds no speech.
pub fn speech_bounds(
    analysis: &SpeechAnalysis,
    rate: u32,
    frames: usize,
    keep_s: f64,
) -> Option<(usize, usize)> {
    let (start, end) = analysis.speech_frames(rate)?;
    let keep = (keep_s.max(0.0) * f64::from(rate)).round() as usize;
    Some((start.saturating_sub(keep), (end + keep).min(frames)))
}

/// The frame range from the first to the last frame with a sample beyond
/// [`DIGITAL_SILENCE`] in any channel. None when every sample is digital silence.
pub fn digital_silence_bounds(samples: &[f32], channels: usize) -> Option<(usize, usize)> {
    let mut bounds = SoundBounds::new(channels);
    bounds.add(samples);
    bounds.bounds()
}

/// [`digital_silence_bounds`] of a part too long to hold whole, fed block by block.
#[derive(Debug, Clone)]
pub struct SoundBounds {
    channels: usize,
    frames: usize,
    first: Option<usize>,
    last: Option<usize>,
}

impl SoundBounds {
    pub fn new(channels: usize) -> Self {
        Self {
            channels: channels.max(1),
            frames: 0,
            first: None,
            last: None,
        }
    }

    /// Takes in a block of interleaved whole frames.
    pub fn add(&mut self, block: &[f32]) {
        let ch = self.channels;
        let sounding = |frame: &[f32]| frame.iter().any(|s| s.abs() > DIGITAL_SILENCE);
        // Most blocks of music sound from end to end: the last frame settles `last`.
        if let Some(last) = block.chunks_exact(ch).rposition(sounding) {
            if self.first.is_none() {
                self.first = block
                    .chunks_exact(ch)
                    .position(sounding)
                    .map(|f| self.frames + f);
            }
            self.last = Some(self.frames + last);
        }
        self.frames += block.len() / ch;
    }

    /// The frames from the first to the last sounding one.
    pub fn bounds(&self) -> Option<(usize, usize)> {
        Some((self.first?, self.last? + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::speech::detect;

    #[test]
    fn digital_silence_goes_and_a_fade_to_nothing_stays() {
        // 0.25 s of zeros, 2 s of a tone fading out linearly to zero, 0.25 s of zeros,
        // stereo, with one-step dither in the silences.
        let rate = 48_000u32;
        let mut x = Vec::new();
        let dither = |i: usize| {
            if i.is_multiple_of(3) {
                1.0 / 32_768.0
            } else {
                0.0
            }
        };
        for i in 0..rate as usize / 4 {
            x.extend([dither(i), -dither(i)]);
        }
        let n = 2 * rate as usize;
        for i in 0..n {
            let t = i as f64 / f64::from(rate);
            let s = (0.5 * (1.0 - i as f64 / n as f64) * (std::f64::consts::TAU * 440.0 * t).sin())
                as f32;
            x.extend([s, s]);
        }
        for i in 0..rate as usize / 4 {
            x.extend([dither(i), 0.0]);
        }
        let (start, end) = digital_silence_bounds(&x, 2).unwrap();
        assert_eq!(
            start,
            rate as usize / 4 + 1,
            "the first non-zero sample of the tone"
        );
        // The fade is kept until its samples are within two 16-bit steps of zero: its
        // last ~0.1 ms.
        let kept_s = (end - start) as f64 / f64::from(rate);
        assert!((kept_s - 2.0).abs() < 0.001, "{kept_s}");
        assert_eq!(digital_silence_bounds(&vec![0.0; 4_800], 2), None);
    }

    #[test]
    fn bounds_found_block_by_block_are_the_same() {
        let mut x = vec![0.0f32; 4_000];
        x[1_001] = 0.5;
        x[2_999] = -0.01;
        let whole = digital_silence_bounds(&x, 2);
        assert_eq!(whole, Some((500, 1_500)));
        for block in [2usize, 6, 1_000, 4_000] {
            let mut bounds = SoundBounds::new(2);
            for piece in x.chunks(block) {
                bounds.add(piece);
            }
            assert_eq!(bounds.bounds(), whole, "blocks of {block}");
        }
    }

    #[test]
    fn speech_keeps_a_breath_each_side_within_the_take() {
        // A voice-like buzz with a syllable rhythm from 1 s to 3 s in 4.2 s of near-silence.
        let rate = 16_000;
        let x: Vec<f32> = (0..rate as usize * 42 / 10)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                if (1.0..3.0).contains(&t) {
                    let syllable = (std::f64::consts::TAU * 2.5 * t).sin().abs();
                    let buzz: f64 = (1..6)
                        .map(|h| {
                            (std::f64::consts::TAU * 140.0 * f64::from(h) * t).sin() / f64::from(h)
                        })
                        .sum();
                    (0.1 * syllable * buzz) as f32
                } else {
                    0.0
                }
            })
            .collect();
        let a = detect(&x, 1, rate);
        let (s, e) = speech_bounds(&a, rate, x.len(), 0.15).unwrap();
        let (s, e) = (s as f64 / 16_000.0, e as f64 / 16_000.0);
        assert!((s - 0.85).abs() < 0.02, "{s} {a:?}");
        assert!((e - 3.15).abs() < 0.02, "{e} {a:?}");
        // Near the ends of the take the breath is what there is.
        let (s, _) = speech_bounds(&a, rate, x.len(), 5.0).unwrap();
        assert_eq!(s, 0);
    }
}
