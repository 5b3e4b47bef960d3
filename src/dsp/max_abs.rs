//! The largest magnitude in a block of samples, eight lanes at a time: a plain `fold` with
//! `f32::max` is a serial chain the compiler may not vectorize (max is exact in any order,
//! so the result is the same). The limiter's detector, the clipping check and the true-peak
//! scan look at every sample with it.

/// Largest magnitude in `x` (0 for an empty block; a NaN counts as nothing).
pub fn max_abs(x: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let mut chunks = x.chunks_exact(8);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l = l.max(v.abs());
        }
    }
    let tail = chunks.remainder().iter().fold(0f32, |m, v| m.max(v.abs()));
    lanes.iter().copied().fold(tail, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_abs_finds_the_largest_magnitude_anywhere() {
        for len in [0usize, 1, 7, 8, 9, 64, 85] {
            for at in 0..len {
                let mut x: Vec<f32> = (0..len).map(|i| (i as f32 * 0.37).sin() * 0.5).collect();
                x[at] = -0.9;
                assert_eq!(max_abs(&x), 0.9, "len {len}, at {at}");
            }
        }
        assert_eq!(max_abs(&[]), 0.0);
    }
}
