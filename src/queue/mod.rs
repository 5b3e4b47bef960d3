//! The bulletin folder: the rundown (the queue, a human-editable TOML file), the printable
//! script for the announcer, and which takes are recorded.

pub mod edit;
pub mod lock;
pub mod make;
pub mod rundown;
pub mod rundown_text;
pub mod script_files;
pub mod script_html;
pub mod script_txt;
pub mod script_view;
pub mod speech;
pub mod status;
pub mod take_analysis;
pub mod take_store;
pub mod takes;
pub mod timing;
pub mod version;
