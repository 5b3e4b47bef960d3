//! The bulletin folder: the rundown (the queue, a human-editable TOML file), the printable
//! script for the announcer, and which takes are recorded.

pub mod rundown;
