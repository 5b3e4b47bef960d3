//! Decoding announcer takes and jingles, whatever a phone, recorder or PC produced, into
//! one in-memory form: [`DecodedAudio`].

use std::path::PathBuf;

/// Decoded audio: interleaved `f32` samples in [-1, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedAudio {
    /// Interleaved samples (frame 0 channel 0, frame 0 channel 1, …).
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    pub channels: u16,
    /// Source codec in plain words, as shown to staff ("PCM 16-bit", "FLAC", "MP3", "AAC-LC").
    pub codec: String,
}

impl DecodedAudio {
    /// Number of sample frames (samples per channel).
    pub fn frames(&self) -> usize {
        self.samples.len() / usize::from(self.channels.max(1))
    }

    pub fn duration_s(&self) -> f64 {
        self.frames() as f64 / f64::from(self.sample_rate.max(1))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{path}: not built yet")]
    NotBuilt { path: PathBuf },
}

/// Decodes a whole file.
pub fn decode_file(path: &std::path::Path) -> Result<DecodedAudio, DecodeError> {
    Err(DecodeError::NotBuilt {
        path: path.to_path_buf(),
    })
}
