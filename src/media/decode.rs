//! [`decode_file`]: one whole file into [`DecodedAudio`], refusing anything it cannot
//! decode faithfully.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use symphonia::core::audio::Channels;
use symphonia::core::codecs::audio::well_known::{CODEC_ID_AAC, CODEC_ID_OPUS};
use symphonia::core::codecs::audio::{AudioCodecParameters, AudioDecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

use super::codec_name::{codec_id_name, codec_name};
use super::he_aac::is_he_aac;
use super::wav_format_tag::unsupported_wav_codec;
use super::{DecodeError, DecodedAudio};

/// Damaged packets a file may have and still decode: a bit error or two in a long take is
/// a click at worst, while more means the file is broken and would air with gaps.
const MAX_SKIPPED_PACKETS: usize = 3;

/// Reserve at most this many output samples per byte of file: a header promising more (a
/// lying or corrupt length field) must not make us allocate gigabytes up front. 32 covers
/// the densest codec we read (AAC-LC at ~24 kbit/s gives ~16 samples per byte).
const MAX_SAMPLES_PER_FILE_BYTE: u64 = 32;

/// Decodes a whole file into interleaved `f32` samples.
///
/// Errors (see [`DecodeError`]) name the file and say what to do; no input panics.
pub fn decode_file(path: &Path) -> Result<DecodedAudio, DecodeError> {
    let file = open(path)?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Decoding { path, file_len }.run(file)
}

fn open(path: &Path) -> Result<File, DecodeError> {
    let p = || path.to_path_buf();
    let file = File::open(path).map_err(|source| match source.kind() {
        ErrorKind::NotFound => DecodeError::NotFound { path: p() },
        ErrorKind::IsADirectory => DecodeError::IsDirectory { path: p() },
        _ => DecodeError::Unreadable { path: p(), source },
    })?;
    let meta = file
        .metadata()
        .map_err(|source| DecodeError::Unreadable { path: p(), source })?;
    if meta.is_dir() {
        return Err(DecodeError::IsDirectory { path: p() });
    }
    if meta.len() == 0 {
        return Err(DecodeError::Empty { path: p() });
    }
    Ok(file)
}

struct Decoding<'a> {
    path: &'a Path,
    file_len: u64,
}

/// How the packet loop ended.
struct Decoded {
    samples: Vec<f32>,
    sample_rate: u32,
    channels: u16,
    packets: usize,
    skipped_packets: usize,
    first_skipped_frame: Option<usize>,
    /// The container ran out of bytes in the middle of a packet.
    broke_off: bool,
}

impl Decoding<'_> {
    fn path(&self) -> PathBuf {
        self.path.to_path_buf()
    }

    fn run(&self, file: File) -> Result<DecodedAudio, DecodeError> {
        let mss = MediaSourceStream::new(Box::new(file), Default::default());
        let mut hint = Hint::new();
        if let Some(ext) = self.path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        let probed = symphonia::default::get_probe().probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        );
        let mut format = match probed {
            Ok(format) => format,
            Err(err) => return Err(self.probe_error(&err)),
        };

        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| DecodeError::NoAudioTrack { path: self.path() })?;
        let track_id = track.id;
        let expected_frames = track.num_frames;
        let timescale = track.time_base.map(|tb| tb.denom.get());
        let params = track
            .codec_params
            .as_ref()
            .and_then(|c| c.audio())
            .cloned()
            .ok_or_else(|| DecodeError::NoAudioTrack { path: self.path() })?;

        self.refuse_what_would_decode_wrong(&params, timescale)?;
        let mut decoder = symphonia::default::get_codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|err| self.codec_error(&params, &err))?;

        let declared_channels = params.channels.as_ref().map_or(1, Channels::count);
        let reserve = expected_frames
            .unwrap_or(0)
            .saturating_mul(declared_channels as u64)
            .min(self.file_len.saturating_mul(MAX_SAMPLES_PER_FILE_BYTE));
        let mut out = Decoded {
            samples: Vec::with_capacity(usize::try_from(reserve).unwrap_or(0)),
            sample_rate: params.sample_rate.unwrap_or(0),
            channels: 0,
            packets: 0,
            skipped_packets: 0,
            first_skipped_frame: None,
            broke_off: false,
        };

        loop {
            let packet = match format.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) => break,
                Err(SymphoniaError::IoError(e)) if e.kind() == ErrorKind::UnexpectedEof => {
                    out.broke_off = true;
                    break;
                }
                Err(SymphoniaError::DecodeError(_)) => {
                    // The demuxer met a damaged page/frame; it resynchronises on the next call.
                    self.skip_packet(&mut out)?;
                    continue;
                }
                Err(SymphoniaError::ResetRequired) => {
                    return Err(DecodeError::FormatChange { path: self.path() });
                }
                Err(err) => return Err(self.malformed(&err)),
            };
            if packet.track_id != track_id {
                continue;
            }
            out.packets += 1;
            match decoder.decode(&packet) {
                Ok(buf) => {
                    let spec = buf.spec();
                    let channels = u16::try_from(spec.channels().count()).unwrap_or(0);
                    if out.channels == 0 {
                        out.channels = channels;
                        out.sample_rate = spec.rate();
                    } else if channels != out.channels || spec.rate() != out.sample_rate {
                        return Err(DecodeError::FormatChange { path: self.path() });
                    }
                    // Bulk interleave-and-convert straight into the output.
                    let start = out.samples.len();
                    out.samples.resize(start + buf.samples_interleaved(), 0.0);
                    buf.copy_to_slice_interleaved(&mut out.samples[start..]);
                }
                Err(SymphoniaError::DecodeError(_) | SymphoniaError::IoError(_)) => {
                    self.skip_packet(&mut out)?;
                }
                Err(SymphoniaError::ResetRequired) => {
                    return Err(DecodeError::FormatChange { path: self.path() });
                }
                Err(err @ SymphoniaError::Unsupported(_)) => {
                    return Err(self.codec_error(&params, &err));
                }
                Err(err) => return Err(self.malformed(&err)),
            }
        }

        self.check_complete(&out, &params, expected_frames)?;
        Ok(DecodedAudio {
            samples: out.samples,
            sample_rate: out.sample_rate,
            channels: out.channels,
            codec: codec_name(&params),
        })
    }

    /// Codecs symphonia has no decoder for, or would decode wrongly, refused with a message
    /// that says how to convert the file.
    fn refuse_what_would_decode_wrong(
        &self,
        params: &AudioCodecParameters,
        timescale: Option<u32>,
    ) -> Result<(), DecodeError> {
        if params.codec == CODEC_ID_OPUS {
            return Err(DecodeError::Opus { path: self.path() });
        }
        if params.codec == CODEC_ID_AAC
            && let Some(config) = &params.extra_data
        {
            let rates: Vec<u32> = params.sample_rate.into_iter().chain(timescale).collect();
            if is_he_aac(config, &rates) {
                return Err(DecodeError::HeAac { path: self.path() });
            }
        }
        Ok(())
    }

    /// Counts a damaged packet and gives up once there are too many to be isolated glitches.
    fn skip_packet(&self, out: &mut Decoded) -> Result<(), DecodeError> {
        out.skipped_packets += 1;
        let channels = usize::from(out.channels.max(1));
        out.first_skipped_frame
            .get_or_insert(out.samples.len() / channels);
        // A stream that is damaged throughout (or a demuxer that cannot resynchronise) stops
        // here instead of looping over the whole file.
        if out.skipped_packets > MAX_SKIPPED_PACKETS.max(out.packets / 20) {
            return Err(self.corrupt(out));
        }
        Ok(())
    }

    fn corrupt(&self, out: &Decoded) -> DecodeError {
        DecodeError::Corrupt {
            path: self.path(),
            bad_packets: out.skipped_packets,
            packets: out.packets.max(out.skipped_packets),
            first_bad_s: seconds(out.first_skipped_frame.unwrap_or(0), out.sample_rate),
        }
    }

    /// No silent half files: the decoded length must reach what the container declared.
    fn check_complete(
        &self,
        out: &Decoded,
        params: &AudioCodecParameters,
        expected_frames: Option<u64>,
    ) -> Result<(), DecodeError> {
        let channels = usize::from(out.channels.max(1));
        let frames = out.samples.len() / channels;
        let decoded_s = seconds(frames, out.sample_rate);
        let declared_longer = expected_frames.filter(|&expected| expected > 0);
        if frames == 0 && declared_longer.is_none() {
            return Err(if out.broke_off {
                DecodeError::BrokenOff {
                    path: self.path(),
                    decoded_s,
                }
            } else if out.skipped_packets > 0 {
                self.corrupt(out)
            } else {
                DecodeError::NoAudio { path: self.path() }
            });
        }
        if out.skipped_packets > MAX_SKIPPED_PACKETS {
            return Err(self.corrupt(out));
        }
        // Codecs with a priming delay or a last partial frame may end a little short of the
        // declared count; 50 ms is far below any real truncation and above any codec's slack.
        let slack = u64::from(out.sample_rate / 20);
        if let Some(expected) = expected_frames
            && (frames as u64).saturating_add(slack) < expected
        {
            let expected_s = seconds(
                usize::try_from(expected).unwrap_or(usize::MAX),
                out.sample_rate,
            );
            return Err(if codec_name(params).starts_with("PCM") {
                DecodeError::HeaderLies {
                    path: self.path(),
                    header_s: expected_s,
                    present_s: decoded_s,
                }
            } else {
                DecodeError::Truncated {
                    path: self.path(),
                    decoded_s,
                    expected_s,
                }
            });
        }
        if out.broke_off {
            return Err(DecodeError::BrokenOff {
                path: self.path(),
                decoded_s,
            });
        }
        if frames == 0 {
            return Err(DecodeError::NoAudio { path: self.path() });
        }
        Ok(())
    }

    fn probe_error(&self, err: &SymphoniaError) -> DecodeError {
        if let Some(codec) = self.read_head().as_deref().and_then(unsupported_wav_codec) {
            return DecodeError::UnsupportedCodec {
                path: self.path(),
                codec,
            };
        }
        match err {
            SymphoniaError::Unsupported(_) => DecodeError::NotAudio { path: self.path() },
            SymphoniaError::IoError(e) if e.kind() == ErrorKind::UnexpectedEof => {
                DecodeError::BrokenOff {
                    path: self.path(),
                    decoded_s: 0.0,
                }
            }
            _ => self.malformed(err),
        }
    }

    /// The first bytes of the file, to name what symphonia's probe refused.
    fn read_head(&self) -> Option<Vec<u8>> {
        let mut head = Vec::with_capacity(4096);
        File::open(self.path)
            .ok()?
            .take(4096)
            .read_to_end(&mut head)
            .ok()?;
        Some(head)
    }

    fn codec_error(&self, params: &AudioCodecParameters, err: &SymphoniaError) -> DecodeError {
        let name = codec_id_name(params.codec);
        let known = symphonia::default::get_codecs()
            .get_audio_decoder(params.codec)
            .is_some();
        let codec = if known {
            // A codec symphonia reads, in a variant it does not (e.g. AAC with more than two
            // channels): say which part.
            format!("{name} in a form bantin cannot decode ({err})")
        } else {
            name.to_string()
        };
        DecodeError::UnsupportedCodec {
            path: self.path(),
            codec,
        }
    }

    fn malformed(&self, err: &SymphoniaError) -> DecodeError {
        DecodeError::Malformed {
            path: self.path(),
            detail: err.to_string(),
        }
    }
}

fn seconds(frames: usize, sample_rate: u32) -> f64 {
    frames as f64 / f64::from(sample_rate.max(1))
}
