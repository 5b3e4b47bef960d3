//! DC removal and the speech high-pass (horn loudspeakers reproduce nothing below ~100 Hz;
//! rumble there only eats headroom).

/// A second-order Butterworth high-pass (RBJ cookbook), run per channel.
#[derive(Debug, Clone)]
pub struct HighPass {
    b: [f32; 3],
    a: [f32; 2],
    state: Vec<[f32; 4]>,
}

impl HighPass {
    pub fn new(corner_hz: f64, rate: u32, channels: usize) -> Self {
        let w0 = 2.0 * std::f64::consts::PI * corner_hz / f64::from(rate);
        let alpha = w0.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let cos = w0.cos();
        let a0 = 1.0 + alpha;
        let b0 = (1.0 + cos) / 2.0 / a0;
        Self {
            b: [b0 as f32, (-(1.0 + cos) / a0) as f32, b0 as f32],
            a: [(-2.0 * cos / a0) as f32, ((1.0 - alpha) / a0) as f32],
            state: vec![[0.0; 4]; channels.max(1)],
        }
    }

    pub fn process(&mut self, samples: &mut [f32]) {
        let ch = self.state.len();
        for frame in samples.chunks_exact_mut(ch) {
            for (x, s) in frame.iter_mut().zip(self.state.iter_mut()) {
                let [x1, x2, y1, y2] = *s;
                let y = self.b[0] * *x + self.b[1] * x1 + self.b[2] * x2
                    - self.a[0] * y1
                    - self.a[1] * y2;
                *s = [*x, x1, y, y1];
                *x = y;
            }
        }
    }
}

/// Removes a constant offset (cheap recorders and phone line inputs add one). The mean is
/// subtracted rather than filtered so the start of the take does not ring.
pub fn remove_dc(samples: &mut [f32], channels: usize) {
    let ch = channels.max(1);
    let frames = samples.len() / ch;
    if frames == 0 {
        return;
    }
    for c in 0..ch {
        let mean = samples
            .iter()
            .skip(c)
            .step_by(ch)
            .map(|s| f64::from(*s))
            .sum::<f64>()
            / frames as f64;
        let mean = mean as f32;
        for s in samples.iter_mut().skip(c).step_by(ch) {
            *s -= mean;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rms(x: &[f32]) -> f64 {
        (x.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
    }

    fn sine(freq: f64) -> Vec<f32> {
        (0..48_000)
            .map(|i| (2.0 * std::f64::consts::PI * freq * f64::from(i) / 48_000.0).sin() as f32)
            .collect()
    }

    #[test]
    fn high_pass_cuts_rumble_and_keeps_voice() {
        let mut low = sine(30.0);
        HighPass::new(80.0, 48_000, 1).process(&mut low);
        let mut voice = sine(1000.0);
        HighPass::new(80.0, 48_000, 1).process(&mut voice);
        let low_db = 20.0 * (rms(&low[24_000..]) / std::f64::consts::FRAC_1_SQRT_2).log10();
        let voice_db = 20.0 * (rms(&voice[24_000..]) / std::f64::consts::FRAC_1_SQRT_2).log10();
        assert!(low_db < -16.0, "{low_db}");
        assert!(voice_db.abs() < 0.1, "{voice_db}");
    }

    #[test]
    fn dc_is_removed() {
        let mut x: Vec<f32> = sine(200.0).iter().map(|s| 0.3 * s + 0.2).collect();
        remove_dc(&mut x, 1);
        let mean: f32 = x.iter().sum::<f32>() / x.len() as f32;
        assert!(mean.abs() < 1e-4);
    }
}
