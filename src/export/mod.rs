//! What leaves bantin: the broadcast WAV (BWF), the assembly report pages, and playlists
//! for playout systems.

pub mod ascii;
pub mod bwf;
pub mod playlist;
pub mod report_html;
