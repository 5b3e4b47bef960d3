//! bantin — the production tool of a Vietnamese district radio station.
//!
//! The pipeline stages are modules, in the order a bulletin passes through them:
//! - [`ingest`]: an approved article file → decoded text, portal furniture removed, metadata.
//! - [`script`]: Vietnamese read-aloud normalization, segmentation into takes, read time.
//! - [`queue`]: the bulletin folder — rundown (TOML), printable script, recording status.
//! - [`media`]: decoding announcer takes and jingles of any common format.
//! - [`dsp`]: measurement (BS.1770 via ebur128) and processing blocks (resample, trim,
//!   filters, true-peak limiter, dither).
//! - [`mix`]: assembling takes and jingles into a programme at the target loudness.
//! - [`export`]: broadcast WAV (BWF) writing, reports and playlists.
//! - [`archive`]: the SQLite catalog of aired bulletins.
//!
//! [`cli`] is the glue that the `bantin` binary runs.

pub mod archive;
pub mod atomic;
pub mod cli;
pub mod config;
pub mod dsp;
pub mod export;
pub mod html;
pub mod ingest;
pub mod media;
pub mod mix;
pub mod progress;
pub mod queue;
pub mod regular_file;
pub mod script;
