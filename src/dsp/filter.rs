//! DC removal and the speech high-pass (horn loudspeakers reproduce nothing below ~100 Hz;
//! rumble there only eats headroom).

/// A second-order Butterworth high-pass (RBJ cookbook), run per channel.
///
/// Worked two samples at a time: `y[n+1]` is written in terms of `y[n-1]` and `y[n-2]`
/// too, so the two outputs do not wait on each other and the recursion — a chain of
/// multiply-adds the processor cannot overlap — runs about twice as fast. In f64, so
/// the longer form loses nothing.
#[derive(Debug, Clone)]
pub struct HighPass {
    b: [f64; 3],
    a: [f64; 2],
    /// Per channel: x[n-1], x[n-2], y[n-1], y[n-2].
    state: Vec<[f64; 4]>,
}

impl HighPass {
    pub fn new(corner_hz: f64, rate: u32, channels: usize) -> Self {
        let w0 = 2.0 * std::f64::consts::PI * corner_hz / f64::from(rate);
        let alpha = w0.sin() / (2.0 * std::f64::consts::FRAC_1_SQRT_2);
        let cos = w0.cos();
        let a0 = 1.0 + alpha;
        let b0 = (1.0 + cos) / 2.0 / a0;
        Self {
            b: [b0, -(1.0 + cos) / a0, b0],
            a: [-2.0 * cos / a0, (1.0 - alpha) / a0],
            state: vec![[0.0; 4]; channels.max(1)],
        }
    }

    pub fn process(&mut self, samples: &mut [f32]) {
        let ch = self.state.len();
        let [b0, b1, b2] = self.b;
        let [a1, a2] = self.a;
        // y[n+1] = v[n+1] - a1·v[n] + (a1² - a2)·y[n-1] + a1·a2·y[n-2]
        let (c1, c2) = (a1 * a1 - a2, a1 * a2);
        for (c, state) in self.state.iter_mut().enumerate() {
            let [mut x1, mut x2, mut y1, mut y2] = *state;
            let mut pairs = samples.chunks_exact_mut(2 * ch);
            for pair in &mut pairs {
                let (x0, xn) = (f64::from(pair[c]), f64::from(pair[ch + c]));
                let v0 = b0 * x0 + b1 * x1 + b2 * x2;
                let vn = b0 * xn + b1 * x0 + b2 * x1;
                let y0 = v0 - a1 * y1 - a2 * y2;
                let yn = vn - a1 * v0 + c1 * y1 + c2 * y2;
                pair[c] = y0 as f32;
                pair[ch + c] = yn as f32;
                (x1, x2, y1, y2) = (xn, x0, yn, y0);
            }
            if let Some(last) = pairs.into_remainder().get_mut(c) {
                let x0 = f64::from(*last);
                let y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                *last = y0 as f32;
                (x1, x2, y1, y2) = (x0, x1, y0, y1);
            }
            *state = [x1, x2, y1, y2];
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
    // Sums in f64, in lanes of whole frames: long takes keep their precision and the
    // loop vectorizes.
    const LANES: usize = 8;
    let mut sums = vec![0f64; ch];
    if LANES.is_multiple_of(ch) {
        let mut lanes = [0f64; LANES];
        let mut chunks = samples.chunks_exact(LANES);
        for c in &mut chunks {
            for (l, s) in lanes.iter_mut().zip(c) {
                *l += f64::from(*s);
            }
        }
        for (i, l) in lanes.iter().enumerate() {
            sums[i % ch] += l;
        }
        for (i, s) in chunks.remainder().iter().enumerate() {
            sums[i % ch] += f64::from(*s);
        }
    } else {
        for frame in samples.chunks_exact(ch) {
            for (sum, s) in sums.iter_mut().zip(frame) {
                *sum += f64::from(*s);
            }
        }
    }
    let means: Vec<f32> = sums.iter().map(|s| (s / frames as f64) as f32).collect();
    if let [mean] = means[..] {
        for s in samples.iter_mut() {
            *s -= mean;
        }
        return;
    }
    for frame in samples.chunks_exact_mut(ch) {
        for (s, m) in frame.iter_mut().zip(&means) {
            *s -= m;
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
    fn dc_is_removed_per_channel() {
        // Odd length, so the lane sums end in a remainder; each channel its own offset.
        for ch in [1usize, 2, 3] {
            let mut x: Vec<f32> = (0..4_801 * ch)
                .map(|i| 0.3 * (i as f32 * 0.01).sin() + 0.1 * (i % ch) as f32 + 0.05)
                .collect();
            remove_dc(&mut x, ch);
            for c in 0..ch {
                let n = x.len() / ch;
                let mean: f32 = x.iter().skip(c).step_by(ch).sum::<f32>() / n as f32;
                assert!(mean.abs() < 1e-3, "{ch} channels, channel {c}: {mean}");
            }
        }
    }

    #[test]
    fn two_at_a_time_equals_one_at_a_time() {
        // The plain direct form, sample by sample, as the reference.
        let reference = |x: &[f32], ch: usize| -> Vec<f32> {
            let hp = HighPass::new(80.0, 48_000, ch);
            let ([b0, b1, b2], [a1, a2]) = (hp.b, hp.a);
            let mut st = vec![[0f64; 4]; ch];
            let mut y = x.to_vec();
            for frame in y.chunks_exact_mut(ch) {
                for (s, [x1, x2, y1, y2]) in frame.iter_mut().zip(st.iter_mut()) {
                    let x0 = f64::from(*s);
                    let y0 = b0 * x0 + b1 * *x1 + b2 * *x2 - a1 * *y1 - a2 * *y2;
                    (*x1, *x2, *y1, *y2) = (x0, *x1, y0, *y1);
                    *s = y0 as f32;
                }
            }
            y
        };
        for ch in [1usize, 2] {
            // Odd frame counts, fed in odd pieces: the pairing carries across calls.
            let x: Vec<f32> = (0..9_999 * ch)
                .map(|i| ((i as f32 * 0.37).sin() + 0.3) * 0.5)
                .collect();
            let mut y = x.clone();
            let mut hp = HighPass::new(80.0, 48_000, ch);
            for piece in y.chunks_mut(777 * ch) {
                hp.process(piece);
            }
            let want = reference(&x, ch);
            let worst = y
                .iter()
                .zip(&want)
                .map(|(a, b)| (a - b).abs())
                .fold(0f32, f32::max);
            assert!(worst < 1e-6, "{ch} channels: off by {worst}");
        }
    }
}
