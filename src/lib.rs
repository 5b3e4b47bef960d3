//! bantin — the production tool of a Vietnamese district radio station.
//!
//! The pipeline stages are modules, in the order a bulletin passes through them:
//! - [`ingest`]: an approved article file → decoded text, portal furniture removed, metadata.
//! - [`script`]: Vietnamese read-aloud normalization, segmentation into takes, read time.
//! - [`bulletin`]: the bulletin folder — rundown (TOML), printable script, recording status,
//!   the finished files and their assembly report, air times.
//! - [`media`]: decoding announcer takes and jingles of any common format.
//! - [`dsp`]: measurement (BS.1770 via ebur128) and processing blocks (resample, trim,
//!   filters, true-peak limiter, dither).
//! - [`mix`]: assembling takes and jingles into a programme at the target loudness.
//! - [`export`]: broadcast WAV (BWF) writing, reports and playlists.
//! - [`archive`]: the SQLite catalog of aired bulletins.
//!
//! Shared by the stages: [`config`] (`bantin.toml`), [`atomic`] (writing files), [`digest`]
//! (SHA-256), [`html`], [`progress`], [`interrupt`] (Ctrl-C and SIGTERM),
//! [`paths`] (resolving and comparing paths), `failpoint` (the crash tests' hook),
//! [`platform`] (what differs on Windows), [`regular_file`] (opening only regular files).
//! [`cli`] is the glue that the `bantin` binary runs; [`web`] is the station's web app
//! (`bantin serve`), glue over the same library.
//!
//! Only what the binary, the integration tests and the examples use is public; the rest
//! is `pub(crate)`, so rustc reports code that nothing calls any more.

pub mod archive;
pub mod atomic;
pub mod bulletin;
pub mod cli;
pub mod config;
pub(crate) mod digest;
pub mod dsp;
pub mod export;
pub(crate) mod failpoint;
pub(crate) mod html;
pub mod ingest;
pub mod interrupt;
pub mod media;
pub(crate) mod mix;
pub mod paths;
pub(crate) mod platform;
pub(crate) mod progress;
pub(crate) mod regular_file;
pub mod script;
pub mod web;

#[cfg(test)]
mod stage_order_tests;
