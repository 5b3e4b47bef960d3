//! The bulletin folder: the rundown (the queue, a human-editable TOML file), the printable
//! script for the announcer, which takes are recorded, and what `bantin assemble` leaves in
//! `out/` (the WAV and its [`report`]) — read back by [`finished`] for the playlist and the
//! archive. Also the times staff read and type: [`time_format`] (m:ss, clock times) and
//! [`air_time`] (dates and air times in the station's time zone).

pub(crate) mod air_time;
pub(crate) mod edit;
pub(crate) mod finished;
pub(crate) mod hand_edits;
pub(crate) mod lock;
pub(crate) mod make;
pub mod report;
pub mod rundown;
pub mod rundown_fields;
pub mod rundown_text;
#[cfg(test)]
mod sample_rundown;
pub(crate) mod script_files;
pub(crate) mod script_html;
pub(crate) mod script_txt;
pub(crate) mod script_view;
pub(crate) mod status;
pub(crate) mod take_analysis;
pub(crate) mod take_check;
pub(crate) mod take_store;
pub(crate) mod takes;
pub(crate) mod time_format;
pub(crate) mod version;
