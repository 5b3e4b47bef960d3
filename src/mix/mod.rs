//! Assembling a programme: takes and jingles placed in order, matched in level, brought to
//! the target loudness under the true-peak ceiling.

pub mod report;
