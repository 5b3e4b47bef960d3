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

/// Gain (linear) to apply to the bed at each frame of `voice` (mono), all at once.
#[cfg(test)]
pub fn duck_gains(voice: &[f32], rate: u32, settings: DuckSettings) -> Vec<f32> {
    let mut follower = EnvelopeFollower::new(rate);
    let peak = follower.peak_of(voice);
    let mut ducker = Ducker::new(rate, settings, peak);
    let mut gains = Vec::with_capacity(voice.len());
    ducker.gains(voice, &mut gains);
    gains
}

/// A fast peak follower on the voice (5 ms attack, 100 ms release).
#[derive(Debug, Clone)]
pub struct EnvelopeFollower {
    attack: f32,
    release: f32,
    env: f32,
    peak: f32,
}

impl EnvelopeFollower {
    pub fn new(rate: u32) -> Self {
        let rate = f64::from(rate);
        Self {
            attack: (1.0 - (-1.0 / (0.005 * rate)).exp()) as f32,
            release: (1.0 - (-1.0 / (0.1 * rate)).exp()) as f32,
            env: 0.0,
            peak: 0.0,
        }
    }

    #[inline]
    fn next(&mut self, x: f32) -> f32 {
        let a = x.abs();
        self.env += (a - self.env)
            * if a > self.env {
                self.attack
            } else {
                self.release
            };
        self.peak = self.peak.max(self.env);
        self.env
    }

    /// Follows `voice` (the next piece of it) and returns the envelope's peak so far: run
    /// over the whole voice first, it sets the ducking threshold.
    pub fn peak_of(&mut self, voice: &[f32]) -> f32 {
        for x in voice {
            self.next(*x);
        }
        self.peak
    }
}

/// The bed's gain, frame by frame, from the voice's envelope: down while someone speaks,
/// slowly back up after.
#[derive(Debug, Clone)]
pub struct Ducker {
    follower: EnvelopeFollower,
    threshold: f32,
    ducked: f32,
    attack: f32,
    release: f32,
    gain: f32,
}

impl Ducker {
    /// `envelope_peak`: the peak of the voice's envelope over the whole stretch
    /// ([`EnvelopeFollower::peak_of`]).
    pub fn new(rate: u32, settings: DuckSettings, envelope_peak: f32) -> Self {
        let rate = f64::from(rate);
        Self {
            follower: EnvelopeFollower::new(rate as u32),
            threshold: envelope_peak * 10f64.powf(settings.threshold_db / 20.0) as f32,
            ducked: 10f64.powf(-settings.depth_db.abs() / 20.0) as f32,
            attack: (1.0 - (-1.0 / (settings.attack_s * rate)).exp()) as f32,
            release: (1.0 - (-1.0 / (settings.release_s * rate)).exp()) as f32,
            gain: 1.0,
        }
    }

    /// Appends the gain for each frame of the next piece of `voice` to `gains`.
    pub fn gains(&mut self, voice: &[f32], gains: &mut Vec<f32>) {
        gains.extend(voice.iter().map(|x| {
            let e = self.follower.next(*x);
            let want = if e > self.threshold { self.ducked } else { 1.0 };
            self.gain += (want - self.gain)
                * if want < self.gain {
                    self.attack
                } else {
                    self.release
                };
            self.gain
        }));
    }
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
