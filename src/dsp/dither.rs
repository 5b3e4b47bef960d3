//! Quantization to the integer range of the output: TPDF dither for 16-bit (the
//! difference of two uniform random values, ±1 LSB), plain rounding for 24-bit, whose
//! noise floor is already below anything audible.

pub struct Quantizer {
    scale: f32,
    min: f32,
    max: f32,
    dither: bool,
    state: u64,
}

impl Quantizer {
    /// `bits` is 16 or 24; 16-bit is dithered.
    pub fn new(bits: u16) -> Self {
        let full = (1u32 << (bits.clamp(8, 24) - 1)) as f32;
        Self {
            scale: full,
            min: -full,
            max: full - 1.0,
            dither: bits <= 16,
            state: 0x9E37_79B9_7F4A_7C15,
        }
    }

    /// Uniform in [0, 1): xorshift64*, fast and plenty for dither.
    /// A quantizer whose dither noise starts from `seed`: separately quantized stretches of
    /// one programme (worked on in parallel) get independent, repeatable noise.
    pub fn seeded(bits: u16, seed: u64) -> Self {
        let mut q = Self::new(bits);
        // xorshift must not start at 0.
        q.state = (q.state ^ seed.wrapping_mul(0xD1B5_4A32_D192_ED03)).max(1);
        q
    }

    #[inline]
    fn uniform(&mut self) -> f32 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let r = self.state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Quantizes `input` into `out` (cleared first).
    pub fn quantize(&mut self, input: &[f32], out: &mut Vec<i32>) {
        out.clear();
        out.reserve(input.len());
        for x in input {
            let mut v = x * self.scale;
            if self.dither {
                v += self.uniform() - self.uniform();
            }
            out.push(round_ties_even(v).clamp(self.min, self.max) as i32);
        }
    }

    /// The value a quantized sample stands for, in [-1, 1).
    pub fn to_float(&self, q: i32) -> f32 {
        q as f32 / self.scale
    }
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
