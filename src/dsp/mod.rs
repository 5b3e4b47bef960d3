//! Signal processing, one algorithm per file: loudness measurement (BS.1770 through the
//! ebur128 crate), and the blocks the mixer chains (resampling, trimming, filters, the
//! true-peak limiter, dither).

pub mod loudness;
