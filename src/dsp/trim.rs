//! Head and tail silence trimming, relative to the take's own level: a quiet take and a
//! hot one are cut at the same place in their speech, and room tone is left out.

/// Analysis frame for the level, seconds.
const FRAME_S: f64 = 0.010;
/// Anything under this is digital silence whatever the take's level.
pub const SILENCE_DBFS: f64 = -75.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrimSettings {
    /// Sound is what is louder than the take's speech level minus this, dB.
    pub below_speech_db: f64,
    /// ...and louder than the take's noise floor plus this, dB.
    pub above_floor_db: f64,
    /// Kept before the first and after the last sound, seconds (a natural breath).
    pub keep_s: f64,
}

impl TrimSettings {
    pub fn speech(keep_s: f64) -> Self {
        Self {
            below_speech_db: 32.0,
            above_floor_db: 10.0,
            keep_s,
        }
    }

    /// Jingles: only true silence goes, reverb tails stay.
    pub fn jingle() -> Self {
        Self {
            below_speech_db: 60.0,
            above_floor_db: 0.0,
            keep_s: 0.02,
        }
    }
}

/// The frame range to keep, or None when there is no sound at all.
pub fn sound_bounds(
    samples: &[f32],
    channels: usize,
    rate: u32,
    settings: TrimSettings,
) -> Option<(usize, usize)> {
    let ch = channels.max(1);
    let frames = samples.len() / ch;
    let hop = ((FRAME_S * f64::from(rate)) as usize).max(1);
    let levels: Vec<f64> = samples
        .chunks(hop * ch)
        .map(|block| {
            let ms = block.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / block.len() as f64;
            10.0 * ms.max(1e-20).log10()
        })
        .collect();
    let mut sorted: Vec<f64> = levels
        .iter()
        .copied()
        .filter(|l| *l > SILENCE_DBFS)
        .collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    let speech = pct(0.95);
    let floor = levels
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(SILENCE_DBFS);
    // Never ask for more than 20 dB under the speech: a take that is mostly speech has a
    // high "floor" and must not lose its quiet syllables.
    let threshold = (speech - settings.below_speech_db)
        .max(floor + settings.above_floor_db)
        .min(speech - 20.0)
        .max(SILENCE_DBFS);
    let first = levels.iter().position(|l| *l > threshold)?;
    let last = levels.iter().rposition(|l| *l > threshold)?;
    let keep = (settings.keep_s * f64::from(rate)) as usize;
    let start = (first * hop).saturating_sub(keep);
    let end = ((last + 1) * hop + keep).min(frames);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_room_tone_and_keeps_a_breath() {
        let rate = 48_000;
        let mut seed = 9u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5
        };
        // 1 s room tone at −60 dBFS, 2 s "speech" at −20 dBFS, 1.5 s room tone.
        let x: Vec<f32> = (0..rate as usize * 9 / 2)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                if (1.0..3.0).contains(&t) {
                    0.1 * (2.0 * std::f64::consts::PI * 200.0 * t).sin() as f32
                } else {
                    0.002 * noise()
                }
            })
            .collect();
        let (s, e) = sound_bounds(&x, 1, rate, TrimSettings::speech(0.15)).unwrap();
        let (s, e) = (s as f64 / 48_000.0, e as f64 / 48_000.0);
        assert!((s - 0.85).abs() < 0.02, "{s}");
        assert!((e - 3.15).abs() < 0.02, "{e}");
    }

    #[test]
    fn digital_silence_has_no_bounds() {
        assert_eq!(
            sound_bounds(&vec![0.0; 48_000], 1, 48_000, TrimSettings::speech(0.15)),
            None
        );
    }
}
