//! The Broadcast Wave writer: plain PCM `fmt `, `bext` v2 (EBU Tech 3285) with the
//! loudness fields, LIST/INFO, optional AES46 `cart`, written atomically.

use std::path::{Path, PathBuf};

use crate::atomic::Overwrite;

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
    /// YYYY-MM-DD and HH:MM:SS of origination.
    pub origination_date: String,
    pub origination_time: String,
    pub coding_history: String,
    pub software: String,
    /// Some(...) writes an AES46 cart chunk.
    pub cart: Option<CartInfo>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CartInfo {
    pub cut_id: String,
    pub category: String,
    /// YYYY-MM-DD / HH:MM:SS.
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

#[derive(Debug, thiserror::Error)]
pub enum BwfError {
    #[error("{path}: not built yet")]
    NotBuilt { path: PathBuf },
}

/// Streams a BWF to a temporary file beside `path`; `finish` fills the loudness fields,
/// fsyncs and renames it into place. Dropped without `finish`, nothing is left behind.
pub struct BwfWriter {}

impl BwfWriter {
    pub fn create(
        path: &Path,
        _spec: BwfSpec,
        _meta: &BwfMetadata,
        _overwrite: Overwrite,
    ) -> Result<Self, BwfError> {
        Err(BwfError::NotBuilt {
            path: path.to_path_buf(),
        })
    }

    /// Interleaved samples already quantized (and dithered) to the integer range of `bits`.
    pub fn write_samples(&mut self, _samples: &[i32]) -> Result<(), BwfError> {
        Ok(())
    }

    pub fn finish(self, _loudness: &BextLoudness) -> Result<(), BwfError> {
        Ok(())
    }
}
