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
    /// Takes without a recording, and the audio files in `recordings/` that match no take
    /// (often one of them under another name).
    #[error("{}", missing_message(.0, .1))]
    MissingTakes(Vec<MissingTake>, Vec<String>),
    /// Entries named like audio files that cannot be read, with what is wrong.
    #[error("{}", unreadable_message(.0))]
    Unreadable(Vec<(String, String)>),
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
        silence = crate::dsp::speech::SILENCE_DBFS
    )]
    Silent { shown: String },
    /// Takes that must not go to air as they are (no speech, far too long, clipped, far
    /// too quiet), none of them accepted: nothing was written.
    #[error("{}", suspect_message(.0))]
    SuspectTakes(Vec<SuspectTake>),
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
    /// Ctrl-C or SIGTERM: the run stopped; what it had started is dropped.
    #[error(transparent)]
    Interrupted(#[from] crate::interrupt::Interrupted),
}

/// A take that should not go to air as it is, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SuspectTake {
    pub shown: String,
    pub segment_id: Option<String>,
    pub reasons: Vec<crate::bulletin::take_check::Suspect>,
}

fn suspect_message(list: &[SuspectTake]) -> String {
    let mut s = format!(
        "{} take{} should not go to air as {}:\n",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        if list.len() == 1 { "it is" } else { "they are" }
    );
    for take in list {
        for reason in &take.reasons {
            s.push_str(&format!("  {}: {}\n", take.shown, reason.message()));
        }
    }
    s.push_str(
        "Nothing was written. Listen to each: record it again, or if it is fine as it is, \
         write `accept_suspect = true` under its take in rundown.toml (or run bantin assemble \
         with --accept-suspect to accept every one).",
    );
    s
}

fn unreadable_message(list: &[(String, String)]) -> String {
    let mut s = String::new();
    for (shown, why) in list {
        s.push_str(&format!("{shown} {why}\n"));
    }
    s.push_str("Nothing was written: every take must be readable before the bulletin is made.");
    s
}

fn missing_message(list: &[MissingTake], strays: &[String]) -> String {
    let mut s = format!(
        "{} take{} not recorded yet:\n",
        list.len(),
        if list.len() == 1 { " is" } else { "s are" }
    );
    for m in list {
        s.push_str(&format!("  {:<12} → {}\n", m.segment_id, m.expected));
    }
    if !strays.is_empty() {
        s.push_str(&format!(
            "In recordings/ but matching no take: {} — if one of them is a take above, rename it to the take's name.\n",
            strays.join(", ")
        ));
    }
    s.push_str("Record them (any audio format; the name before the dot must match) and run bantin assemble again. Nothing was written.");
    s
}
