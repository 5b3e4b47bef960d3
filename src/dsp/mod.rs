//! Signal processing, one algorithm per file: loudness measurement (BS.1770 through the
//! ebur128 crate, and the mixer's block-energy meter with its gating, `block_energy`), and the blocks the
//! mixer chains (channel folding, resampling, DC and high-pass filters, trimming, fades,
//! ducking, the true-peak limiter, dither).

pub(crate) mod block_energy;
pub(crate) mod channels;
pub(crate) mod clipping;
pub(crate) mod dither;
pub(crate) mod duck;
pub(crate) mod fade;
pub(crate) mod filter;
pub(crate) mod limiter;
pub mod loudness;
pub(crate) mod peak_envelope;
pub(crate) mod resample;
pub(crate) mod speech;
pub(crate) mod trim;
pub(crate) mod true_peak;
