//! What can go wrong while assembling, each naming the file and what to do.

use std::path::PathBuf;

/// A take the rundown lists that has no recording.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingTake {
    pub segment_id: String,
    /// Where it should be saved, relative to the bulletin folder: recordings/<take>.wav.
    pub expected: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MixError {
    #[error("{}", missing_message(.0))]
    MissingTakes(Vec<MissingTake>),
    #[error("{path}: no audio files to assemble in this folder")]
    NoRecordings { path: PathBuf },
    #[error("cannot list {path}: {source}")]
    ReadDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{shown}: cannot be used: {source}\nRe-export or record the file again (WAV, FLAC, MP3, Ogg, M4A)"
    )]
    Decode {
        shown: String,
        source: crate::media::DecodeError,
    },
    #[error("{shown}: {source}")]
    Resample {
        shown: String,
        source: crate::dsp::resample::ResampleError,
    },
    #[error(
        "{shown} is silent (nothing above {silence} dBFS): record the take again, or take it out of the rundown",
        silence = crate::dsp::trim::SILENCE_DBFS
    )]
    Silent { shown: String },
    #[error("{shown} holds no audio (0 samples): record the take again")]
    Empty { shown: String },
    #[error(
        "cannot keep the prepared audio on disk beside the output ({source}): a long take is \
         kept there while the programme is made (about 0.7 GB per hour of mono at 48 kHz). \
         Free some space on that disk, or write the output to another one"
    )]
    Spill { source: std::io::Error },
    /// The programme's destination failed (the BWF writer names its file).
    #[error(transparent)]
    Write(Box<dyn std::error::Error + Send + Sync>),
    #[error("the written programme could not be measured: {0}")]
    Measure(#[from] crate::dsp::loudness::LoudnessError),
}

fn missing_message(list: &[MissingTake]) -> String {
    let mut s = format!(
        "{} take{} not recorded yet:\n",
        list.len(),
        if list.len() == 1 { " is" } else { "s are" }
    );
    for m in list {
        s.push_str(&format!("  {:<12} → {}\n", m.segment_id, m.expected));
    }
    s.push_str("Record them (any audio format; the name before the dot must match) and run bantin assemble again. Nothing was written.");
    s
}
