//! The bulletin folder: the rundown (the queue, a human-editable TOML file), the printable
//! script for the announcer, and which takes are recorded.

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
