//! Everything that can stop a take from decoding, each worded for station staff: which
//! file, what is wrong with it, and what to do.

use std::path::PathBuf;

use super::codec_name::SUPPORTED_FORMATS;

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{}: no such file. Check the file name and folder.", path.display())]
    NotFound { path: PathBuf },

    #[error("{}: is a folder, not an audio file. Give the path of a recording inside it.", path.display())]
    IsDirectory { path: PathBuf },

    #[error(
        "{}: is {kind}, not an audio file. Give the path of a recording saved as a file \
         (a named pipe, socket or device would never end).",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: &'static str },

    #[error("{}: cannot be read ({source}). Check that the file is not locked and that you may read it.", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: the file is empty (0 bytes). Record or copy the take again.", path.display())]
    Empty { path: PathBuf },

    #[error(
        "{}: is not an audio file bantin can read (no WAV, FLAC, MP3, Ogg or MP4 header found). \
         Export it again as {SUPPORTED_FORMATS}.",
        path.display()
    )]
    NotAudio { path: PathBuf },

    #[error(
        "{}: the audio is {codec}, which bantin cannot decode. Supported: {SUPPORTED_FORMATS}. \
         Convert it, e.g. `ffmpeg -i \"{}\" -c:a flac out.flac`.",
        path.display(), path.display()
    )]
    UnsupportedCodec { path: PathBuf, codec: String },

    #[error(
        "{}: the audio is Opus, which is not supported in this build of bantin. \
         Convert it to FLAC first: `ffmpeg -i \"{}\" out.flac`, or build bantin with Opus \
         (needs cmake): `cargo install --path . --features opus`.",
        path.display(), path.display()
    )]
    Opus { path: PathBuf },

    #[error(
        "{}: the audio is HE-AAC (AAC with SBR), which bantin would decode at half the sample \
         rate and so air at the wrong speed. Convert it first: `ffmpeg -i \"{}\" -c:a flac out.flac`, \
         or record the take as WAV or AAC-LC.",
        path.display(), path.display()
    )]
    HeAac { path: PathBuf },

    #[error(
        "{}: the audio is at {rate} Hz, and bantin takes recordings from {min} to {max} Hz. \
         The header is probably damaged: export the file again, or convert it: \
         `ffmpeg -i \"{}\" -ar 48000 out.wav`.",
        path.display(), path.display(),
        min = super::limits::MIN_SAMPLE_RATE, max = super::limits::MAX_SAMPLE_RATE
    )]
    UnsupportedSampleRate { path: PathBuf, rate: u32 },

    #[error(
        "{}: the audio has {channels} channels, and bantin takes 1 to {max}. {advice}",
        path.display(),
        max = super::limits::MAX_CHANNELS,
        advice = channel_advice(*channels, path)
    )]
    UnsupportedChannels { path: PathBuf, channels: u16 },

    #[error(
        "{}: the sample at {seconds:.3} s (frame {frame}, channel {channel}) is {what}: the \
         audio is damaged. Export it again from the recorder or editor.",
        path.display()
    )]
    BadSample {
        path: PathBuf,
        frame: u64,
        /// Counted from 1, as editors show them.
        channel: u16,
        seconds: f64,
        what: String,
    },

    #[error("{}: holds no audio track. Export the recording again as {SUPPORTED_FORMATS}.", path.display())]
    NoAudioTrack { path: PathBuf },

    #[error("{}: contains no audio (the header is valid but there are no samples). Record the take again.", path.display())]
    NoAudio { path: PathBuf },

    #[error(
        "{}: the file is cut short: it ends after {decoded_s:.2} s of {expected_s:.2} s. \
         It was probably copied or uploaded incompletely; copy or record it again.",
        path.display()
    )]
    Truncated {
        path: PathBuf,
        decoded_s: f64,
        expected_s: f64,
    },

    #[error(
        "{}: the file breaks off after {decoded_s:.2} s, without the end its format requires. \
         It was probably copied or uploaded incompletely, or the recording was not stopped \
         properly; copy or record it again.",
        path.display()
    )]
    BrokenOff { path: PathBuf, decoded_s: f64 },

    #[error(
        "{}: the WAV header says {header_s:.2} s of audio but the file holds only {present_s:.2} s. \
         The file is damaged or was still being written; copy or export it again.",
        path.display()
    )]
    HeaderLies {
        path: PathBuf,
        header_s: f64,
        present_s: f64,
    },

    #[error(
        "{}: {bad_packets} of {packets} audio blocks are damaged (first at {first_bad_s:.2} s). \
         Copy or export the file again.",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        bad_packets: usize,
        packets: usize,
        first_bad_s: f64,
    },

    #[error("{}: the audio changes format part-way through, which bantin does not handle. Convert it to one WAV or FLAC file first.", path.display())]
    FormatChange { path: PathBuf },

    #[error(
        "{}: looks like {container} but cannot be read ({detail}): it is damaged or incomplete \
         (a recording that was not stopped properly, or a partial copy). Copy or export it again.",
        path.display()
    )]
    DamagedContainer {
        path: PathBuf,
        container: &'static str,
        detail: String,
    },

    #[error(
        "{}: the decoder failed on damaged data in this file ({detail}). Copy or export it \
         again; if it plays elsewhere, convert it first: `ffmpeg -i \"{}\" -c:a flac out.flac`.",
        path.display(), path.display()
    )]
    DecoderFailed { path: PathBuf, detail: String },

    #[error("{}: the file is damaged ({detail}). Copy or export it again.", path.display())]
    Malformed { path: PathBuf, detail: String },
}

fn channel_advice(channels: u16, path: &std::path::Path) -> String {
    if channels == 0 {
        "A header with no channels is damaged: export the file again.".to_string()
    } else {
        format!(
            "Export a mono or stereo mix of it: `ffmpeg -i \"{}\" -ac 2 out.wav`.",
            path.display()
        )
    }
}
