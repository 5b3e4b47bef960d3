//! Signal processing, one algorithm per file: loudness measurement (BS.1770 through the
//! ebur128 crate, and the mixer's block-energy meter with its gating, `block_energy`), and the blocks the
//! mixer chains (channel folding, resampling, DC and high-pass filters, trimming, fades,
//! ducking, the true-peak limiter, dither).

pub mod block_energy;
pub mod channels;
pub mod dither;
pub mod duck;
pub mod fade;
pub mod filter;
pub mod limiter;
pub mod loudness;
pub mod peak_envelope;
pub mod resample;
pub mod trim;
pub mod true_peak;
