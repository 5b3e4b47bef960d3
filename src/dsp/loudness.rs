//! Loudness measurement per ITU-R BS.1770-4 / EBU R128, through the ebur128 crate.

use crate::media::DecodedAudio;

/// What `bantin loudness` reports for one file. `None` where the value does not exist
/// (the integrated loudness of digital silence).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoudnessMeasurement {
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub sample_peak_dbfs: Option<f64>,
    pub max_momentary_lufs: Option<f64>,
    pub max_short_term_lufs: Option<f64>,
    pub duration_s: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum LoudnessError {
    #[error("not built yet")]
    NotBuilt,
}

/// Measures a whole decoded file.
pub fn measure(_audio: &DecodedAudio) -> Result<LoudnessMeasurement, LoudnessError> {
    Err(LoudnessError::NotBuilt)
}
