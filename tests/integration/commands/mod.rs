//! The `bantin` binary on real files, one module per command (`new` and `status` share
//! one: they test the day's first steps together).

mod archive;
mod assemble;
mod bad_takes;
mod loudness;
mod new_status;
mod playlist;
mod read;
