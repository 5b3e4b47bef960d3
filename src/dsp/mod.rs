//! Signal processing, one algorithm per file: loudness measurement (BS.1770 through the
//! ebur128 crate: [`loudness`], the one meter for every figure bantin reports, and the
//! 100 ms energies the mixer plans with, `block_energy`), and the blocks the mixer chains
//! (channel folding, resampling, high-pass filter, trimming, fades, ducking, the true-peak
//! limiter with its detector and fast interpolator, dither).

pub(crate) mod block_energy;
pub(crate) mod channels;
pub(crate) mod clipping;
pub(crate) mod dither;
pub(crate) mod duck;
pub(crate) mod fade;
pub(crate) mod filter;
pub(crate) mod limiter;
pub(crate) mod limiter_interpolator;
pub mod loudness;
pub(crate) mod max_abs;
pub(crate) mod peak_envelope;
pub(crate) mod resample;
pub(crate) mod speech;
pub(crate) mod trim;
