//! The assembly report, `NAME.json` beside each finished WAV. It is the contract between
//! `bantin assemble` and the commands that come after it (`playlist`, `archive`): fields
//! may be added, never renamed or removed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AssemblyReport {
    /// bantin version that made the file.
    pub software: String,
    /// Bulletin title (full UTF-8; the WAV holds an ASCII fold of it).
    pub title: String,
    pub station: String,
    /// Air date YYYY-MM-DD and slot id, when assembled from a rundown.
    pub date: Option<String>,
    pub slot: Option<String>,
    /// File name of the WAV, relative to the report.
    pub output: String,
    /// When the file was made, RFC 3339 with offset.
    pub created: String,
    pub programme: ProgrammeReport,
    /// Every piece placed in the programme, in order (jingles included).
    pub takes: Vec<TakeReport>,
    /// The WAV this report was written with: a reader checks it against the WAV beside
    /// the report (reports of older bantin versions have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wav: Option<WavIdentity>,
}

/// Length and SHA-256 of a WAV file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WavIdentity {
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProgrammeReport {
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub sample_peak_dbfs: Option<f64>,
    pub max_momentary_lufs: Option<f64>,
    pub max_short_term_lufs: Option<f64>,
    pub duration_s: f64,
    pub target_lufs: f64,
    pub ceiling_dbtp: f64,
    pub sample_rate: u32,
    pub channels: u16,
    pub bits: u16,
    pub limiter: LimiterReport,
    /// What staff should know about the programme as a whole, each with what to do
    /// (heavy limiting, for one).
    #[serde(default)]
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LimiterReport {
    /// Deepest gain reduction, dB (0 when the limiter never acted).
    pub max_gain_reduction_db: f64,
    /// Time during which the limiter reduced gain by more than 0.1 dB, seconds.
    pub active_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TakeReport {
    /// "intro", "opening", "take", "sting", "closing", "outro", "bed".
    pub role: String,
    /// Rundown ids, when assembled from a rundown.
    pub item_id: Option<String>,
    pub segment_id: Option<String>,
    /// Source file as given (relative to the bulletin folder when from a rundown).
    pub source: String,
    pub codec: String,
    pub original_sample_rate: u32,
    pub original_channels: u16,
    pub duration_s: f64,
    pub trimmed_duration_s: f64,
    /// Integrated loudness of the take before gain, LUFS.
    pub loudness_lufs: Option<f64>,
    pub gain_db: f64,
    /// Start in the programme, seconds.
    pub start_s: f64,
    /// Why staff should listen to this take (too quiet, clipped, phone bandwidth…), if any.
    pub flags: Vec<String>,
}

/// Time series for the report page (not stored in the JSON): short-term loudness and a
/// waveform envelope of the finished programme.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProgrammeTrace {
    /// Seconds between points of both series.
    pub step_s: f64,
    /// Short-term (3 s) loudness at each step, LUFS; None below the meter's floor.
    pub short_term_lufs: Vec<Option<f64>>,
    /// Minimum and maximum sample in each step.
    pub waveform: Vec<(f32, f32)>,
}
