//! What leaves bantin: the broadcast WAV (BWF), the assembly report pages, playlists
//! for playout systems, and the as-run log of what aired.

pub(crate) mod as_run;
pub(crate) mod ascii;
pub mod assemble;
pub mod bwf;
pub(crate) mod output_guard;
pub(crate) mod playlist;
pub(crate) mod report_html;
