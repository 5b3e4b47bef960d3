//! What leaves bantin: the broadcast WAV (BWF), the assembly report pages, playlists
//! for playout systems, and the as-run log of what aired.

pub mod as_run;
pub mod ascii;
pub mod bwf;
pub mod playlist;
pub mod report_html;
