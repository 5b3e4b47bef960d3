//! The bulletin folder: the rundown (the queue, a human-editable TOML file), the printable
//! script for the announcer, which takes are recorded, and what `bantin assemble` leaves in
//! `out/` (the WAV and its [`report`]) — read back by [`finished`] for the playlist and the
//! archive. Also the times staff read and type: [`time_format`] (m:ss, clock times) and
//! [`air_time`] (dates and air times in the station's time zone).

pub mod air_time;
pub mod finished;
pub mod make;
pub mod report;
pub mod rundown;
pub mod rundown_text;
pub mod script_html;
pub mod script_txt;
pub mod script_view;
pub mod speech;
pub mod status;
pub mod takes;
pub mod time_format;
