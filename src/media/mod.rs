//! Decoding announcer takes and jingles, whatever a phone, recorder or PC produced.
//!
//! [`decode_stream`] reads WAV (8/16/24/32-bit integer, 32-bit float, extensible headers,
//! A-law, mu-law, ADPCM), FLAC, MP3, Ogg Vorbis and AAC-LC in M4A/MP4 with symphonia and
//! hands the audio on block by block, so any length is read in bounded memory;
//! [`decode_file`] gathers it into one [`DecodedAudio`]. Both refuse with a [`DecodeError`]
//! whatever they cannot decode faithfully (Opus, HE-AAC, truncated or damaged files, a
//! format outside [`limits`], a sample that is not a number) rather than returning wrong or
//! partial audio, and open nothing that is not a regular file.

mod codec_name;
mod container;
mod decode;
mod error;
mod he_aac;
pub mod limits;
mod mp4_edit_list;
#[cfg(test)]
mod no_panic_tests;
mod wav_header;

pub use codec_name::SUPPORTED_FORMATS;
pub use decode::{AudioFormat, StreamError, StreamInfo, decode_file, decode_stream};
pub use error::DecodeError;

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
