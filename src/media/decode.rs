//! [`decode_file`]: one whole file into [`DecodedAudio`], refusing anything it cannot
//! decode faithfully.

use std::fs::File;
use std::io::{ErrorKind, Read, Seek, SeekFrom};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use symphonia::core::audio::Channels;
use symphonia::core::codecs::audio::well_known::{CODEC_ID_AAC, CODEC_ID_OPUS};
use symphonia::core::codecs::audio::{AudioCodecParameters, AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::units::TimeBase;

use super::codec_name::{codec_id_name, codec_name};
use super::container::{MP4, sniff_container};
use super::he_aac::is_he_aac;
use super::mp4_edit_list::apply_edit_list;
use super::wav_header::{implausible_wav_channels, unsupported_wav_codec, wav_length_unknown};
use super::{DecodeError, DecodedAudio};

/// Damaged packets a file may have and still decode: a bit error or two in a long take is
/// a click at worst, while more means the file is broken and would air with gaps.
const MAX_SKIPPED_PACKETS: usize = 3;

/// Reserve at most this many output samples per byte of file: a header promising more (a
/// lying or corrupt length field) must not make us allocate gigabytes up front. 32 covers
/// the densest codec we read (AAC-LC at ~24 kbit/s gives ~16 samples per byte).
const MAX_SAMPLES_PER_FILE_BYTE: u64 = 32;

/// How much of the file's start is read to look at a WAV header (headers with a long
/// `LIST` or `bext` chunk before `fmt ` are rare; then the check is simply skipped).
const HEAD_LEN: usize = 4096;

/// Decodes a whole file into interleaved `f32` samples.
///
/// Errors (see [`DecodeError`]) name the file and say what to do; no input panics.
pub fn decode_file(path: &Path) -> Result<DecodedAudio, DecodeError> {
    decode_file_into(path, Vec::new())
}

/// Like [`decode_file`], decoding into `buffer` (cleared first): a caller decoding many
/// files one after another hands the same buffer back each time, and its memory — already
/// mapped in — is reused instead of faulting in fresh pages for every file.
pub fn decode_file_into(path: &Path, buffer: Vec<f32>) -> Result<DecodedAudio, DecodeError> {
    let file = open(path)?;
    let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
    // Last-resort guard, not the fix: symphonia 0.6 has arithmetic that overflows on some
    // damaged data (e.g. the Microsoft ADPCM decoder's step size), which panics in builds
    // with overflow checks. Everything bantin can check itself is checked before decoding;
    // what remains inside symphonia becomes an error for this one file rather than
    // stopping a whole batch. Nothing is shared across the boundary but the file.
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        Decoding { path, file_len }.run(file, buffer)
    }))
    .unwrap_or_else(|panic| {
        Err(DecodeError::DecoderFailed {
            path: path.to_path_buf(),
            detail: panic_message(panic.as_ref()),
        })
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "internal error".to_string())
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

/// What the packet loop needs to know about the track it decodes.
struct Track<'a> {
    id: u32,
    time_base: Option<TimeBase>,
    params: &'a AudioCodecParameters,
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

    fn run(&self, mut file: File, mut buffer: Vec<f32>) -> Result<DecodedAudio, DecodeError> {
        let head = self.read_head(&mut file)?;
        if let Some(channels) = implausible_wav_channels(&head) {
            return Err(DecodeError::Malformed {
                path: self.path(),
                detail: format!("its WAV header claims {channels} channels"),
            });
        }
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
            Err(err) => return Err(self.probe_error(&err, &head)),
        };

        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(|| DecodeError::NoAudioTrack { path: self.path() })?;
        let track_id = track.id;
        let expected_frames = track.num_frames;
        let time_base = track.time_base;
        let timescale = time_base.map(|tb| tb.denom.get());
        let params = track
            .codec_params
            .as_ref()
            .and_then(|c| c.audio())
            .cloned()
            .ok_or_else(|| DecodeError::NoAudioTrack { path: self.path() })?;

        self.refuse_what_would_decode_wrong(&params, timescale)?;
        let mut decoder = codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|err| self.codec_error(&params, &err))?;

        let declared_channels = params.channels.as_ref().map_or(1, Channels::count);
        let reserve = expected_frames
            .unwrap_or(0)
            .saturating_mul(declared_channels as u64)
            .min(self.file_len.saturating_mul(MAX_SAMPLES_PER_FILE_BYTE));
        buffer.clear();
        buffer.reserve(usize::try_from(reserve).unwrap_or(0));
        let mut out = Decoded {
            samples: buffer,
            sample_rate: params.sample_rate.unwrap_or(0),
            channels: 0,
            packets: 0,
            skipped_packets: 0,
            first_skipped_frame: None,
            broke_off: false,
        };

        self.read_packets(
            format.as_mut(),
            decoder.as_mut(),
            &Track {
                id: track_id,
                time_base,
                params: &params,
            },
            &mut out,
        )?;

        if wav_length_unknown(&head) {
            // A streamed WAV ends where the file ends; only a partial last block is lost.
            out.broke_off = false;
        }
        self.check_complete(&out, &params, expected_frames)?;
        if sniff_container(&head) == Some(MP4) {
            apply_edit_list(self.path, &mut out.samples, out.channels, out.sample_rate);
        }
        Ok(DecodedAudio {
            samples: out.samples,
            sample_rate: out.sample_rate,
            channels: out.channels,
            codec: codec_name(&params),
        })
    }

    /// Decodes every packet of the track into `out`, skipping (and counting) damaged ones.
    fn read_packets(
        &self,
        format: &mut dyn FormatReader,
        decoder: &mut dyn AudioDecoder,
        track: &Track<'_>,
        out: &mut Decoded,
    ) -> Result<(), DecodeError> {
        let mut next_pts: Option<i64> = None;
        let mut demux_failed = false;
        loop {
            let packet = match format.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) => break,
                Err(SymphoniaError::IoError(e)) if e.kind() == ErrorKind::UnexpectedEof => {
                    out.broke_off = true;
                    break;
                }
                Err(SymphoniaError::DecodeError(_)) => {
                    // The demuxer met a damaged page or frame. Most resynchronise on the next
                    // call; one that fails twice in a row cannot go on (symphonia's MP4 reader
                    // with an mdat cut short does so), and the audio ends here.
                    if demux_failed {
                        out.broke_off = true;
                        break;
                    }
                    demux_failed = true;
                    self.skip_packet(out)?;
                    continue;
                }
                Err(SymphoniaError::ResetRequired) => {
                    return Err(DecodeError::FormatChange { path: self.path() });
                }
                Err(err) => return Err(self.malformed(&err)),
            };
            demux_failed = false;
            if packet.track_id != track.id {
                continue;
            }
            out.packets += 1;
            // A demuxer that resynchronises past a damaged block (FLAC does) drops packets
            // silently; their absence shows as a jump in the timestamps.
            let pts = packet.pts.get();
            if let Some(expected) = next_pts
                && pts > expected
                && out.channels > 0
            {
                let gap = pts.abs_diff(expected);
                let lost_packets = gap.div_ceil(packet.dur.get().max(1));
                for _ in 0..lost_packets.min(MAX_SKIPPED_PACKETS as u64 + 1) {
                    self.skip_packet(out)?;
                }
                fill_gap(out, gap, track.time_base);
            }
            // The block (with any encoder delay or padding) ends where the next one starts;
            // overestimating can only hide a gap, never invent one.
            let block = i64::try_from(packet.block_dur().get()).unwrap_or(i64::MAX);
            next_pts = Some(pts.saturating_add(block));
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
                    self.skip_packet(out)?;
                    // Keep the timing: the damaged block becomes a silent gap of its length.
                    fill_gap(out, packet.dur.get(), track.time_base);
                }
                // Mid-stream, an "unsupported feature" is a damaged block that happens to
                // parse as one (e.g. an AAC program config element).
                Err(SymphoniaError::Unsupported(_)) if out.channels > 0 => {
                    self.skip_packet(out)?;
                    fill_gap(out, packet.dur.get(), track.time_base);
                }
                Err(SymphoniaError::ResetRequired) => {
                    return Err(DecodeError::FormatChange { path: self.path() });
                }
                Err(err @ SymphoniaError::Unsupported(_)) => {
                    return Err(self.codec_error(track.params, &err));
                }
                Err(err) => return Err(self.malformed(&err)),
            }
        }
        Ok(())
    }

    /// Codecs symphonia has no decoder for, or would decode wrongly, refused with a message
    /// that says how to convert the file.
    fn refuse_what_would_decode_wrong(
        &self,
        params: &AudioCodecParameters,
        timescale: Option<u32>,
    ) -> Result<(), DecodeError> {
        if params.codec == CODEC_ID_OPUS && !cfg!(feature = "opus") {
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
        if out.skipped_packets > MAX_SKIPPED_PACKETS {
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

    fn probe_error(&self, err: &SymphoniaError, head: &[u8]) -> DecodeError {
        if let Some(codec) = unsupported_wav_codec(head) {
            return DecodeError::UnsupportedCodec {
                path: self.path(),
                codec,
            };
        }
        if let Some(container) = sniff_container(head) {
            return DecodeError::DamagedContainer {
                path: self.path(),
                container,
                detail: err.to_string(),
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

    /// The first bytes of the file (to check a WAV header before symphonia reads it), then
    /// back to the start.
    fn read_head(&self, file: &mut File) -> Result<Vec<u8>, DecodeError> {
        let mut head = Vec::with_capacity(HEAD_LEN);
        let unreadable = |source| DecodeError::Unreadable {
            path: self.path(),
            source,
        };
        file.take(HEAD_LEN as u64)
            .read_to_end(&mut head)
            .map_err(unreadable)?;
        file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
        Ok(head)
    }

    fn codec_error(&self, params: &AudioCodecParameters, err: &SymphoniaError) -> DecodeError {
        let name = codec_id_name(params.codec);
        let known = codecs().get_audio_decoder(params.codec).is_some();
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

/// Appends silence for `duration` (in the track's time base) in place of lost or damaged
/// packets, at most 5 s per gap so a corrupt timestamp cannot balloon the output.
fn fill_gap(out: &mut Decoded, duration: u64, time_base: Option<TimeBase>) {
    let Some(tb) = time_base else {
        return;
    };
    let rate = u64::from(out.sample_rate);
    let frames = duration
        .saturating_mul(u64::from(tb.numer.get()))
        .saturating_mul(rate)
        / u64::from(tb.denom.get());
    let frames = usize::try_from(frames.min(rate * 5)).unwrap_or(0);
    let len = out.samples.len() + frames * usize::from(out.channels);
    out.samples.resize(len, 0.0);
}

fn seconds(frames: usize, sample_rate: u32) -> f64 {
    frames as f64 / f64::from(sample_rate.max(1))
}

/// The decoders bantin uses: symphonia's, plus libopus when built with `--features opus`
/// (symphonia itself has no Opus decoder).
fn codecs() -> &'static symphonia::core::codecs::registry::CodecRegistry {
    #[cfg(feature = "opus")]
    {
        static REGISTRY: std::sync::OnceLock<symphonia::core::codecs::registry::CodecRegistry> =
            std::sync::OnceLock::new();
        REGISTRY.get_or_init(|| {
            let mut registry = symphonia::core::codecs::registry::CodecRegistry::new();
            symphonia::default::register_enabled_codecs(&mut registry);
            registry.register_audio_decoder::<symphonia_adapter_libopus::OpusDecoder>();
            registry
        })
    }
    #[cfg(not(feature = "opus"))]
    {
        symphonia::default::get_codecs()
    }
}
