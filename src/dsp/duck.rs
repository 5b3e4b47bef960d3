//! Ducking a music bed under speech: an envelope follower on the voice drives the bed's
//! gain down (attack ~50 ms) while someone speaks and lets it back up slowly (~400 ms),
//! so the bed neither pumps nor masks a syllable.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuckSettings {
    /// Reduction while speech is present, dB (positive).
    pub depth_db: f64,
    pub attack_s: f64,
    pub release_s: f64,
    /// Speech counts as present above this level relative to the voice's peak envelope, dB.
    pub threshold_db: f64,
}

impl DuckSettings {
    pub fn new(depth_db: f64) -> Self {
        Self {
            depth_db,
            attack_s: 0.05,
            release_s: 0.4,
            threshold_db: -30.0,
        }
    }
}

/// Gain (linear) to apply to the bed at each frame of `voice` (mono).
pub fn duck_gains(voice: &[f32], rate: u32, settings: DuckSettings) -> Vec<f32> {
    let rate = f64::from(rate);
    // Envelope: fast peak follower (5 ms attack, 100 ms release) on the voice.
    let env_attack = (1.0 - (-1.0 / (0.005 * rate)).exp()) as f32;
    let env_release = (1.0 - (-1.0 / (0.1 * rate)).exp()) as f32;
    let mut env = 0f32;
    let envelope: Vec<f32> = voice
        .iter()
        .map(|x| {
            let a = x.abs();
            env += (a - env) * if a > env { env_attack } else { env_release };
            env
        })
        .collect();
    let peak = envelope.iter().copied().fold(0f32, f32::max);
    let threshold = peak * 10f64.powf(settings.threshold_db / 20.0) as f32;
    let ducked = 10f64.powf(-settings.depth_db.abs() / 20.0) as f32;
    let attack = (1.0 - (-1.0 / (settings.attack_s * rate)).exp()) as f32;
    let release = (1.0 - (-1.0 / (settings.release_s * rate)).exp()) as f32;
    let mut gain = 1f32;
    envelope
        .iter()
        .map(|e| {
            let want = if *e > threshold { ducked } else { 1.0 };
            gain += (want - gain) * if want < gain { attack } else { release };
            gain
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ducks_during_speech_and_recovers_slowly() {
        let rate = 48_000;
        // 1 s silence, 1 s voice, 2 s silence
        let voice: Vec<f32> = (0..rate as usize * 4)
            .map(|i| {
                if (48_000..96_000).contains(&i) {
                    0.3 * ((i as f32) * 0.07).sin()
                } else {
                    0.0
                }
            })
            .collect();
        let g = duck_gains(&voice, rate, DuckSettings::new(12.0));
        let db = |x: f32| 20.0 * x.log10();
        assert!(db(g[40_000]) > -0.01);
        assert!((db(g[90_000]) + 12.0).abs() < 0.2, "{}", db(g[90_000]));
        // 200 ms after the voice stops, still partly ducked (no jump back up)...
        assert!(db(g[96_000 + 4_800 * 2 + 9_600]) < -3.0);
        // ...and back up after two seconds.
        assert!(db(g[191_000]) > -0.5);
        let max_step = g
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max);
        assert!(max_step < 0.001);
    }
}
