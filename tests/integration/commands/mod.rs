//! The `bantin` binary on real files, one module per command (`new` and `status` share
//! one: they test the day's first steps together).

mod archive;
mod archive_read_only;
mod archive_recovery;
mod assemble;
mod bad_takes;
mod help;
mod interrupted;
mod loudness;
mod new_status;
mod permissions;
mod playlist;
mod read;
mod read_second_round;
mod report_page;
mod rundown_fields;
mod script;
mod station_config;
mod takes;
mod time_zone;
