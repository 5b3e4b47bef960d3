//! Short raised-cosine fades at every cut, so no join clicks.

/// Fades the first `frames` frames of interleaved `samples` in.
pub fn fade_in(samples: &mut [f32], channels: usize, frames: usize) {
    let ch = channels.max(1);
    let n = frames.min(samples.len() / ch);
    for i in 0..n {
        let g = curve(i, n);
        for s in &mut samples[i * ch..(i + 1) * ch] {
            *s *= g;
        }
    }
}

/// Fades the last `frames` frames out, reaching zero on the last frame.
pub fn fade_out(samples: &mut [f32], channels: usize, frames: usize) {
    let ch = channels.max(1);
    let total = samples.len() / ch;
    let n = frames.min(total);
    for i in 0..n {
        let g = curve(i, n);
        let f = total - 1 - i;
        for s in &mut samples[f * ch..(f + 1) * ch] {
            *s *= g;
        }
    }
}

/// Gain at step `i` of `n` from 0 upward: half a cosine period, no corner at either end.
fn curve(i: usize, n: usize) -> f32 {
    let x = i as f32 / n as f32;
    0.5 - 0.5 * (std::f32::consts::PI * x).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_silent_and_middle_untouched() {
        let mut x = vec![1.0f32; 1000];
        fade_in(&mut x, 1, 100);
        fade_out(&mut x, 1, 100);
        assert_eq!(x[0], 0.0);
        assert_eq!(x[999], 0.0);
        assert_eq!(x[500], 1.0);
        let max_step = x
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max);
        assert!(max_step < 0.02, "{max_step}");
    }
}
