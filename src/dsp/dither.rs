//! Quantization to the integer range of the output: TPDF dither for 16-bit (the
//! difference of two uniform random values, ±1 LSB), plain rounding for 24-bit, whose
//! noise floor is already below anything audible.

/// Independent noise generators, run side by side so the loop vectorizes.
const LANES: usize = 8;
/// Samples quantized per step: noise is made for a block, then the block rounded.
const BLOCK: usize = 256;

pub struct Quantizer {
    scale: f32,
    min: f32,
    max: f32,
    dither: bool,
    /// xorshift32 states, one per lane (never 0).
    lanes: [u32; LANES],
}

impl Quantizer {
    /// `bits` is 16 or 24; 16-bit is dithered.
    #[cfg(test)]
    pub fn new(bits: u16) -> Self {
        Self::seeded(bits, 0)
    }

    /// A quantizer whose dither noise starts from `seed`: separately quantized stretches of
    /// one programme (worked on in parallel) get independent, repeatable noise.
    pub fn seeded(bits: u16, seed: u64) -> Self {
        let full = full_scale(bits);
        // splitmix64 spreads the seed over the lanes.
        let mut z = seed ^ 0x9E37_79B9_7F4A_7C15;
        let lanes = std::array::from_fn(|_| {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((x ^ (x >> 31)) as u32).max(1)
        });
        Self {
            scale: full,
            min: -full,
            max: full - 1.0,
            dither: bits <= 16,
            lanes,
        }
    }

    /// TPDF noise in LSB for `out`: each lane's 32 random bits give two uniform values in
    /// [0, 1) (16 bits each, plenty for dither), whose difference is triangular over ±1.
    fn noise(&mut self, out: &mut [f32]) {
        const UNIT: f32 = 1.0 / 65_536.0;
        let mut groups = out.chunks_exact_mut(LANES);
        for group in &mut groups {
            for (state, n) in self.lanes.iter_mut().zip(group) {
                let mut x = *state;
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *state = x;
                *n = ((x >> 16) as i32 - (x & 0xFFFF) as i32) as f32 * UNIT;
            }
        }
        let rest = groups.into_remainder();
        let mut full = [0f32; LANES];
        if !rest.is_empty() {
            self.noise(&mut full);
            let n = rest.len();
            rest.copy_from_slice(&full[..n]);
        }
    }

    /// Quantizes `samples` into `out` (cleared first) and replaces each sample with the
    /// value its integer stands for: what the file will hold.
    pub fn quantize_in_place(&mut self, samples: &mut [f32], out: &mut Vec<i32>) {
        out.clear();
        out.resize(samples.len(), 0);
        let back = 1.0 / self.scale;
        let (scale, min, max) = (self.scale, self.min, self.max);
        let mut noise = [0f32; BLOCK];
        for (xs, qs) in samples.chunks_mut(BLOCK).zip(out.chunks_mut(BLOCK)) {
            let noise = &mut noise[..xs.len()];
            if self.dither {
                self.noise(noise);
                for ((x, q), n) in xs.iter_mut().zip(qs.iter_mut()).zip(noise.iter()) {
                    // (full scale is an integer: clamped first, rounded after, is the same)
                    let r = rounded_in_bits((*x * scale + n).clamp(min, max));
                    *q = r;
                    *x = r as f32 * back;
                }
            } else {
                for (x, q) in xs.iter_mut().zip(qs.iter_mut()) {
                    let r = round_ties_even(*x * scale).clamp(min, max);
                    *q = r as i32;
                    *x = r * back;
                }
            }
        }
    }
}

/// The integer that stands for full scale in a `bits`-bit file (16 or 24).
fn full_scale(bits: u16) -> f32 {
    (1u32 << (bits.clamp(8, 24) - 1)) as f32
}

/// The sample an integer of a `bits`-bit file stands for: exactly what
/// [`Quantizer::quantize_in_place`] left in place of the sample it made that integer of.
#[inline]
pub fn sample_of(int: i32, bits: u16) -> f32 {
    int as f32 * (1.0 / full_scale(bits))
}

/// `v` (|v| < 2^22: 16 bits and under) rounded to the nearest integer, ties to even, as
/// f32 adding 1.5·2^23 leaves it in the low bits of the sum. Unlike `as i32` (which must
/// check for NaN and saturate), the loop it is in vectorizes.
#[inline]
fn rounded_in_bits(v: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    (v + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32
}

/// `x.round_ties_even()` without the libm call it becomes on baseline x86-64 (no SSE4.1):
/// adding and taking away 1.5·2^52 in f64 rounds to the nearest integer, ties to even, for
/// any |x| under 2^51 — far past the 2^23 of a 24-bit sample.
#[inline]
fn round_ties_even(x: f32) -> f32 {
    const MAGIC: f64 = 6_755_399_441_055_744.0;
    ((f64::from(x) + MAGIC) - MAGIC) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Quantizer {
        /// Quantizes a copy of `input` into `out`.
        fn quantize(&mut self, input: &[f32], out: &mut Vec<i32>) {
            self.quantize_in_place(&mut input.to_vec(), out);
        }
    }

    #[test]
    fn dither_is_small_unbiased_and_decorrelates() {
        let mut q = Quantizer::new(16);
        // A signal of a quarter LSB would round to all zeros without dither.
        let x = vec![0.25 / 32_768.0; 100_000];
        let mut out = Vec::new();
        q.quantize(&x, &mut out);
        assert!(out.iter().all(|v| v.abs() <= 2));
        let mean = out.iter().map(|v| f64::from(*v)).sum::<f64>() / out.len() as f64;
        assert!((mean - 0.25).abs() < 0.02, "{mean}");
    }

    #[test]
    fn rounding_in_the_bits_is_rounding_to_even() {
        let mut values: Vec<f32> = (-140_000..140_000).map(|i| i as f32 * 0.25).collect();
        values.extend([4_194_303.5, -4_194_303.5, 4_194_302.5, -4_194_302.5]);
        for v in values {
            assert_eq!(rounded_in_bits(v), v.round_ties_even() as i32, "{v}");
        }
    }

    #[test]
    fn samples_past_full_scale_are_clamped_to_it() {
        let mut q = Quantizer::new(16);
        let mut ints = Vec::new();
        let mut x = vec![1.5, -1.5, 400.0, -400.0, 1e30, -1e30, f32::INFINITY];
        q.quantize_in_place(&mut x, &mut ints);
        assert_eq!(
            ints,
            [32_767, -32_768, 32_767, -32_768, 32_767, -32_768, 32_767]
        );
    }

    #[test]
    fn an_integer_reads_back_as_the_sample_the_quantizer_left() {
        for bits in [16, 24] {
            let mut q = Quantizer::seeded(bits, 3);
            let mut x: Vec<f32> = (0..10_000)
                .map(|i| ((i as f32) * 0.37).sin() * 0.9)
                .collect();
            let mut ints = Vec::new();
            q.quantize_in_place(&mut x, &mut ints);
            for (s, i) in x.iter().zip(&ints) {
                assert_eq!(s.to_bits(), sample_of(*i, bits).to_bits(), "{bits}-bit {i}");
            }
        }
    }

    #[test]
    fn twenty_four_bit_is_plain_rounding_and_clamped() {
        let mut q = Quantizer::new(24);
        let mut out = Vec::new();
        q.quantize(&[0.5, -1.0, 1.5], &mut out);
        assert_eq!(out, vec![4_194_304, -8_388_608, 8_388_607]);
    }

    #[test]
    fn seeded_noise_repeats_per_seed_and_differs_between_seeds() {
        let x = vec![0.25 / 32_768.0; 10_000];
        let run = |seed| {
            let mut out = Vec::new();
            Quantizer::seeded(16, seed).quantize(&x, &mut out);
            out
        };
        assert_eq!(run(3), run(3));
        let (a, b) = (run(0), run(1));
        let same = a.iter().zip(&b).filter(|(p, q)| p == q).count();
        // Independent TPDF noise agrees on roughly half the samples, not all.
        assert!(same < 8_000, "{same} of 10000 equal");
        let mean = b.iter().map(|v| f64::from(*v)).sum::<f64>() / b.len() as f64;
        assert!((mean - 0.25).abs() < 0.05, "{mean}");
    }

    #[test]
    fn fast_rounding_matches_the_standard_library() {
        for x in [
            0.5f32,
            1.5,
            2.5,
            -0.5,
            -1.5,
            -2.5,
            0.49,
            -0.51,
            8_388_607.5,
            -8_388_608.4,
            123.456,
        ] {
            assert_eq!(round_ties_even(x), x.round_ties_even(), "{x}");
        }
        let mut seed = 7u32;
        for _ in 0..100_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let x = (seed as f32 / u32::MAX as f32 - 0.5) * 2.0 * 9_000_000.0;
            assert_eq!(round_ties_even(x), x.round_ties_even(), "{x}");
        }
    }
}
