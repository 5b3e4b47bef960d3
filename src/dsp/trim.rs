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

/// The frame range to keep, or None when there is no sound at all (a whole take at once).
#[cfg(test)]
pub fn sound_bounds(
    samples: &[f32],
    channels: usize,
    rate: u32,
    settings: TrimSettings,
) -> Option<(usize, usize)> {
    let mut levels = LevelMeter::new(channels, rate);
    levels.add(samples);
    levels.sound_bounds(settings)
}

/// The level of every 10 ms frame of a take, gathered block by block (eight bytes per
/// frame: 2.9 MB for three hours), from which [`LevelMeter::sound_bounds`] finds where the
/// sound starts and ends.
#[derive(Debug, Clone)]
pub struct LevelMeter {
    channels: usize,
    rate: u32,
    hop_samples: usize,
    /// Sum of squares and samples of the frame being gathered.
    sum: f64,
    in_hop: usize,
    levels: Vec<f64>,
    frames: usize,
}

impl LevelMeter {
    pub fn new(channels: usize, rate: u32) -> Self {
        let channels = channels.max(1);
        let hop = ((FRAME_S * f64::from(rate)) as usize).max(1);
        Self {
            channels,
            rate,
            hop_samples: hop * channels,
            sum: 0.0,
            in_hop: 0,
            levels: Vec::new(),
            frames: 0,
        }
    }

    /// Takes in a block of interleaved whole frames.
    pub fn add(&mut self, block: &[f32]) {
        self.frames += block.len() / self.channels;
        let mut rest = block;
        while !rest.is_empty() {
            let n = (self.hop_samples - self.in_hop).min(rest.len());
            let (piece, tail) = rest.split_at(n);
            // Squares summed in f32 lanes (they vectorize), the lanes added up in f64: a
            // 10 ms frame is a few hundred samples.
            let mut lanes = [0f32; 8];
            let mut groups = piece.chunks_exact(8);
            for g in &mut groups {
                for (l, s) in lanes.iter_mut().zip(g) {
                    *l += s * s;
                }
            }
            self.sum += lanes.iter().map(|l| f64::from(*l)).sum::<f64>()
                + groups
                    .remainder()
                    .iter()
                    .map(|s| f64::from(*s).powi(2))
                    .sum::<f64>();
            self.in_hop += n;
            if self.in_hop == self.hop_samples {
                self.close_hop();
            }
            rest = tail;
        }
    }

    fn close_hop(&mut self) {
        let ms = self.sum / self.in_hop as f64;
        self.levels.push(10.0 * ms.max(1e-20).log10());
        self.sum = 0.0;
        self.in_hop = 0;
    }

    /// The frame range to keep, or None when there is no sound at all.
    pub fn sound_bounds(mut self, settings: TrimSettings) -> Option<(usize, usize)> {
        if self.in_hop > 0 {
            self.close_hop();
        }
        let levels = &self.levels;
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
        let hop = self.hop_samples / self.channels;
        let keep = (settings.keep_s * f64::from(self.rate)) as usize;
        let start = (first * hop).saturating_sub(keep);
        let end = ((last + 1) * hop + keep).min(self.frames);
        Some((start, end))
    }
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
    fn block_by_block_finds_the_same_bounds() {
        let rate = 44_100;
        let x: Vec<f32> = (0..rate as usize * 3)
            .flat_map(|i| {
                let t = i as f64 / f64::from(rate);
                let s = if (0.7..2.2).contains(&t) {
                    (0.2 * (t * 300.0 * std::f64::consts::TAU).sin()) as f32
                } else {
                    0.0005 * ((i * 7919 % 1000) as f32 / 500.0 - 1.0)
                };
                [s, -s]
            })
            .collect();
        let whole = sound_bounds(&x, 2, rate, TrimSettings::speech(0.15));
        for block in [2usize, 882, 1_001, 100_000] {
            let mut meter = LevelMeter::new(2, rate);
            for piece in x.chunks(block) {
                meter.add(piece);
            }
            assert_eq!(
                meter.sound_bounds(TrimSettings::speech(0.15)),
                whole,
                "{block}"
            );
        }
        let (s, e) = whole.unwrap();
        assert!((s as f64 / 44_100.0 - 0.55).abs() < 0.02, "{s}");
        assert!((e as f64 / 44_100.0 - 2.35).abs() < 0.02, "{e}");
    }

    #[test]
    fn digital_silence_has_no_bounds() {
        assert_eq!(
            sound_bounds(&vec![0.0; 48_000], 1, 48_000, TrimSettings::speech(0.15)),
            None
        );
    }
}
