//! What leaves bantin: the broadcast WAV (BWF), the assembly report pages, and playlists
//! for playout systems.

pub mod bwf;
pub mod playlist;
