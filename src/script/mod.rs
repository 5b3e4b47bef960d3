//! The read-aloud script: Vietnamese normalization (numbers, dates, codes, units,
//! abbreviations from the lexicon), segmentation into takes and read-time estimates.

pub mod normalize;
pub mod segment;

#[cfg(test)]
mod fuzz_tests;
