//! The Broadcast Wave File: what the loudspeaker system gets. A plain PCM RIFF/WAVE
//! (16-byte `fmt `, never the extensible header) carrying a `bext` v2 chunk (EBU Tech
//! 3285) with the loudness fields, a LIST/INFO chunk, and optionally an AES46 `cart`
//! chunk. Text fields are fixed-width ASCII, folded from Vietnamese by [`crate::export::ascii`].
//!
//! - [`writer`]: [`BwfWriter`] streams samples to a temporary file and renames it into
//!   place on [`BwfWriter::finish`].
//! - [`reader`]: [`read_bwf`] parses the chunks back (tests, archive checks).
//! - [`chunks`]: the byte layout both share.

mod chunks;
mod reader;
mod writer;

use std::io;
use std::path::PathBuf;

use crate::atomic::AtomicWriteError;

pub use chunks::default_coding_history;
pub use reader::{Bext, BwfFile, Cart, CartTimer, ChunkInfo, read_bwf};
pub use writer::BwfWriter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BwfSpec {
    pub sample_rate: u32,
    pub channels: u16,
    /// 16 or 24.
    pub bits: u16,
}

/// Descriptive metadata. Text is full UTF-8 here; the writer folds it to ASCII.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BwfMetadata {
    pub title: String,
    pub station: String,
    pub originator_reference: String,
    /// YYYY-MM-DD and HH:MM:SS of origination (each may be empty). The time also sets
    /// the bext TimeReference (samples since midnight).
    pub origination_date: String,
    pub origination_time: String,
    /// The whole bext CodingHistory. Empty: one line describing this file is written
    /// (see [`default_coding_history`]). Line breaks become CR/LF.
    pub coding_history: String,
    /// "bantin 0.1.0"; empty: this build's name and version.
    pub software: String,
    /// Some(...) writes an AES46 cart chunk.
    pub cart: Option<CartInfo>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CartInfo {
    pub cut_id: String,
    pub category: String,
    /// YYYY-MM-DD / HH:MM:SS. Empty start means "from always" (1900-01-01 00:00:00),
    /// empty end "for ever" (9999-12-31 23:59:59), the AES46 defaults.
    pub start_date: String,
    pub start_time: String,
    pub end_date: String,
    pub end_time: String,
}

/// Loudness of the written programme, for the bext v2 fields.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BextLoudness {
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    pub max_true_peak_dbtp: Option<f64>,
    pub max_momentary_lufs: Option<f64>,
    pub max_short_term_lufs: Option<f64>,
}

/// Largest RIFF file: its sizes are 32-bit. Larger programmes would need RF64.
pub const MAX_RIFF_BYTES: u64 = u32::MAX as u64;

#[derive(Debug, thiserror::Error)]
pub enum BwfError {
    #[error("{path}: cannot write {reason}")]
    InvalidSpec { path: PathBuf, reason: String },
    #[error("{path}: {field} \"{value}\" is not {expected}")]
    InvalidMetadata {
        path: PathBuf,
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(transparent)]
    Atomic(#[from] AtomicWriteError),
    #[error("cannot write {path}: {source}; the previous file, if any, was kept")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{path}: sample {index} is {value}, outside the {bits}-bit range; samples must be quantized to {bits} bits before writing"
    )]
    SampleOutOfRange {
        path: PathBuf,
        index: u64,
        value: i32,
        bits: u16,
    },
    #[error(
        "{path}: the audio would exceed 4 GiB, the limit of a RIFF WAV (RF64 is not supported); split the programme or use fewer channels or bits"
    )]
    TooLarge { path: PathBuf },
    #[error("{path}: {samples} samples do not fill whole frames of {channels} channels")]
    PartialFrame {
        path: PathBuf,
        samples: u64,
        channels: u16,
    },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path} is not a WAV file: {reason}")]
    NotWav { path: PathBuf, reason: String },
    #[error(
        "{path}: the {chunk} chunk at byte {offset} is truncated: it declares {declared} bytes but only {available} remain (the file was cut short)"
    )]
    Truncated {
        path: PathBuf,
        chunk: String,
        offset: u64,
        declared: u64,
        available: u64,
    },
    #[error("{path}: the {chunk} chunk is malformed: {reason}")]
    Malformed {
        path: PathBuf,
        chunk: String,
        reason: String,
    },
    #[error("{path} has no {chunk} chunk, so it is not a playable WAV")]
    MissingChunk { path: PathBuf, chunk: &'static str },
}
