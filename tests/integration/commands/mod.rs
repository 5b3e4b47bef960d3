//! The `bantin` binary on real files, one module per command (`new` and `status` share
//! one: they test the day's first steps together).

mod archive;
mod assemble;
mod interrupted;
mod loudness;
mod new_status;
mod permissions;
mod playlist;
mod read;
mod report_page;
mod script;
mod station_config;
mod takes;
