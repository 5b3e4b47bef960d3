//! [`decode_stream`]: a file's audio handed on block by block as it is decoded, so a take
//! of any length is read in a few hundred kilobytes; [`decode_file`]: the same into one
//! [`DecodedAudio`], for short files. Both refuse anything they cannot decode faithfully.

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

use super::codec_name::{cheap_to_decode, codec_id_name, codec_name};
use super::container::{MP4, sniff_container};
use super::he_aac::is_he_aac;
use super::limits::{FormatProblem, check_format, describe_bad_sample, first_bad_sample};
use super::mp4_edit_list::EditWindow;
use super::wav_header::{unsupported_wav_codec, wav_format, wav_length_unknown};
use super::{DecodeError, DecodedAudio};

/// Damaged packets a file may have and still decode: a bit error or two in a long take is
/// a click at worst, while more means the file is broken and would air with gaps.
const MAX_SKIPPED_PACKETS: usize = 3;

/// Samples gathered before they are handed on (256 KiB): blocks large enough that the
/// caller's per-block work is negligible, small enough to stay in cache. Nothing decoded is
/// ever sized from a header: a block grows by what each packet really holds.
const BLOCK_SAMPLES: usize = 1 << 16;

/// How much of the file's start is read to look at a WAV header (headers with a long
/// `LIST` or `bext` chunk before `fmt ` are rare; then the check is simply skipped).
const HEAD_LEN: usize = 4096;

/// The format of a decoded stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioFormat {
    pub sample_rate: u32,
    pub channels: u16,
    /// Decoding costs about as much as reading the file (PCM and the like): a caller that
    /// needs the audio twice may as well decode it again.
    pub cheap_to_decode: bool,
    /// The frames the container declares, if it does (a hint: it may lie).
    pub declared_frames: Option<u64>,
}

/// What a streamed decode found, besides the samples it handed on.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamInfo {
    pub format: AudioFormat,
    /// Source codec in plain words ("PCM 16-bit", "FLAC").
    pub codec: String,
    /// Frames handed on.
    pub frames: u64,
}

/// Why a streamed decode stopped: the file, or the caller's sink.
#[derive(Debug)]
pub enum StreamError<E> {
    Decode(DecodeError),
    Sink(E),
}

impl<E> From<DecodeError> for StreamError<E> {
    fn from(err: DecodeError) -> Self {
        Self::Decode(err)
    }
}

/// Decodes `path` and hands its audio to `sink` in blocks of whole interleaved frames
/// (`f32`, full scale ±1), all of one [`AudioFormat`], as they are decoded. The format is
/// checked against bantin's rule ([`super::limits`]) before anything is decoded, and every
/// sample before it is handed on; at the end the file is checked for being complete.
/// A sink that fails stops the decode with its error. An error from the file may come
/// after blocks were handed on: the caller drops what it made of them.
///
/// Errors (see [`DecodeError`]) name the file and say what to do; no input panics.
pub fn decode_stream<E>(
    path: &Path,
    mut sink: impl FnMut(AudioFormat, &[f32]) -> Result<(), E>,
) -> Result<StreamInfo, StreamError<E>> {
    let file = open(path)?;
    // Last-resort guard, not the fix: symphonia 0.6 has arithmetic that overflows on some
    // damaged data (e.g. the Microsoft ADPCM decoder's step size), which panics in builds
    // with overflow checks. Everything bantin can check itself is checked before decoding;
    // what remains inside symphonia becomes an error for this one file rather than
    // stopping a whole batch. Nothing is shared across the boundary but the file and the
    // sink, whose results the caller drops with the error.
    std::panic::catch_unwind(AssertUnwindSafe(|| Decoding { path }.run(file, &mut sink)))
        .unwrap_or_else(|panic| {
            Err(StreamError::Decode(DecodeError::DecoderFailed {
                path: path.to_path_buf(),
                detail: panic_message(panic.as_ref()),
            }))
        })
}

/// Decodes a whole file into interleaved `f32` samples: [`decode_stream`] gathered in
/// memory (4 bytes per sample: for takes and jingles, not hour-long sessions).
pub fn decode_file(path: &Path) -> Result<DecodedAudio, DecodeError> {
    let mut samples = Vec::new();
    let info = decode_stream(path, |_, block| {
        samples.extend_from_slice(block);
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(|err| match err {
        StreamError::Decode(err) => err,
        StreamError::Sink(never) => match never {},
    })?;
    Ok(DecodedAudio {
        samples,
        sample_rate: info.format.sample_rate,
        channels: info.format.channels,
        codec: info.codec,
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "internal error".to_string())
}

/// Opens the file, refusing what is not a regular file before opening it (a named pipe
/// would block forever).
fn open(path: &Path) -> Result<File, DecodeError> {
    let p = || path.to_path_buf();
    let file = crate::regular_file::open(path).map_err(|source| {
        if let Some(not) = crate::regular_file::not_regular(&source) {
            return if not.kind == "a folder" {
                DecodeError::IsDirectory { path: p() }
            } else {
                DecodeError::NotAFile {
                    path: p(),
                    kind: not.kind,
                }
            };
        }
        match source.kind() {
            ErrorKind::NotFound => DecodeError::NotFound { path: p() },
            ErrorKind::IsADirectory => DecodeError::IsDirectory { path: p() },
            _ => DecodeError::Unreadable { path: p(), source },
        }
    })?;
    let meta = file
        .metadata()
        .map_err(|source| DecodeError::Unreadable { path: p(), source })?;
    if meta.len() == 0 {
        return Err(DecodeError::Empty { path: p() });
    }
    Ok(file)
}

struct Decoding<'a> {
    path: &'a Path,
}

/// What the packet loop needs to know about the track it decodes.
struct Track<'a> {
    id: u32,
    time_base: Option<TimeBase>,
    params: &'a AudioCodecParameters,
}

/// Where decoded blocks go: the caller's sink.
type Sink<'s, E> = dyn FnMut(AudioFormat, &[f32]) -> Result<(), E> + 's;

/// The decoded stream on its way out: gathered into blocks, checked, passed through the MP4
/// edit list and handed to the sink; and how the packet loop went.
struct Output<'s, E> {
    block: Vec<f32>,
    format: Option<AudioFormat>,
    /// The rate the container declares: times in messages before anything decoded.
    declared_rate: u32,
    declared_frames: Option<u64>,
    /// Frames decoded (before the edit list), silence for damaged packets included.
    frames: u64,
    handed_on: u64,
    packets: usize,
    skipped_packets: usize,
    first_skipped_frame: Option<u64>,
    /// The container ran out of bytes in the middle of a packet.
    broke_off: bool,
    is_mp4: bool,
    edit: Option<EditWindow>,
    sink: &'s mut Sink<'s, E>,
}

impl<E> Output<'_, E> {
    fn channels(&self) -> u16 {
        self.format.map_or(0, |f| f.channels)
    }

    fn sample_rate(&self) -> u32 {
        self.format.map_or(self.declared_rate, |f| f.sample_rate)
    }

    /// Hands the gathered block on, through the edit list.
    fn flush(&mut self) -> Result<(), StreamError<E>> {
        let Some(format) = self.format else {
            return Ok(());
        };
        if self.block.is_empty() {
            return Ok(());
        }
        let width = usize::from(format.channels);
        let sink = &mut *self.sink;
        let handed_on = &mut self.handed_on;
        let mut out = |samples: &[f32]| {
            *handed_on += (samples.len() / width) as u64;
            sink(format, samples)
        };
        match self.edit.as_mut() {
            Some(edit) => edit.pass(&self.block, &mut out),
            None => out(&self.block),
        }
        .map_err(StreamError::Sink)?;
        self.block.clear();
        Ok(())
    }

    /// Appends `frames` of silence in place of lost or damaged packets.
    fn append_silence(&mut self, frames: u64) -> Result<(), StreamError<E>> {
        let width = usize::from(self.channels());
        let mut left = usize::try_from(frames).unwrap_or(usize::MAX);
        while left > 0 && width > 0 {
            let room = (BLOCK_SAMPLES / width).max(1);
            let n = left.min(room);
            self.block.resize(self.block.len() + n * width, 0.0);
            self.frames += n as u64;
            left -= n;
            if self.block.len() >= BLOCK_SAMPLES {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Hands on what is still gathered, and what the edit list held back if the stream
    /// ended within it.
    fn finish(&mut self) -> Result<(), StreamError<E>> {
        self.flush()?;
        if let (Some(edit), Some(format)) = (self.edit.take(), self.format) {
            let width = usize::from(format.channels);
            let sink = &mut *self.sink;
            let handed_on = &mut self.handed_on;
            edit.finish(&mut |samples: &[f32]| {
                *handed_on += (samples.len() / width) as u64;
                sink(format, samples)
            })
            .map_err(StreamError::Sink)?;
        }
        Ok(())
    }
}

impl Decoding<'_> {
    fn path(&self) -> PathBuf {
        self.path.to_path_buf()
    }

    /// The rule's error for a format, naming the file.
    fn format_error(&self, problem: FormatProblem) -> DecodeError {
        match problem {
            FormatProblem::SampleRate(rate) => DecodeError::UnsupportedSampleRate {
                path: self.path(),
                rate,
            },
            FormatProblem::Channels(channels) => DecodeError::UnsupportedChannels {
                path: self.path(),
                channels,
            },
        }
    }

    fn run<E>(&self, mut file: File, sink: &mut Sink<'_, E>) -> Result<StreamInfo, StreamError<E>> {
        let head = self.read_head(&mut file)?;
        // A WAV header is checked before symphonia reads it: its extensible-header reader
        // overflows on some channel counts, and nothing may be sized from a bad rate.
        if let Some((rate, channels)) = wav_format(&head) {
            check_format(rate, channels).map_err(|p| self.format_error(p))?;
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
            Err(err) => return Err(self.probe_error(&err, &head).into()),
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

        // Whatever the container declares is checked before a decoder is made for it.
        if let Some(rate) = params.sample_rate {
            let channels = params.channels.as_ref().map_or(1, Channels::count);
            let channels = u16::try_from(channels).unwrap_or(u16::MAX);
            check_format(rate, channels).map_err(|p| self.format_error(p))?;
        }
        self.refuse_what_would_decode_wrong(&params, timescale)?;
        let mut decoder = codecs()
            .make_audio_decoder(&params, &AudioDecoderOptions::default())
            .map_err(|err| self.codec_error(&params, &err))?;

        let mut out = Output {
            block: Vec::new(),
            format: None,
            declared_rate: params.sample_rate.unwrap_or(0),
            declared_frames: expected_frames,
            frames: 0,
            handed_on: 0,
            packets: 0,
            skipped_packets: 0,
            first_skipped_frame: None,
            broke_off: false,
            is_mp4: sniff_container(&head) == Some(MP4),
            edit: None,
            sink,
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
        out.finish()?;
        self.check_complete(&out, &params, expected_frames)?;
        Ok(StreamInfo {
            format: out
                .format
                .ok_or_else(|| DecodeError::NoAudio { path: self.path() })?,
            codec: codec_name(&params),
            frames: out.handed_on,
        })
    }

    /// Decodes every packet of the track into `out`, skipping (and counting) damaged ones.
    fn read_packets<E>(
        &self,
        format: &mut dyn FormatReader,
        decoder: &mut dyn AudioDecoder,
        track: &Track<'_>,
        out: &mut Output<'_, E>,
    ) -> Result<(), StreamError<E>> {
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
                    return Err(DecodeError::FormatChange { path: self.path() }.into());
                }
                Err(err) => return Err(self.malformed(&err).into()),
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
                && out.format.is_some()
            {
                let gap = pts.abs_diff(expected);
                let lost_packets = gap.div_ceil(packet.dur.get().max(1));
                for _ in 0..lost_packets.min(MAX_SKIPPED_PACKETS as u64 + 1) {
                    self.skip_packet(out)?;
                }
                fill_gap(out, gap, track.time_base)?;
            }
            // The block (with any encoder delay or padding) ends where the next one starts;
            // overestimating can only hide a gap, never invent one.
            let block = i64::try_from(packet.block_dur().get()).unwrap_or(i64::MAX);
            next_pts = Some(pts.saturating_add(block));
            match decoder.decode(&packet) {
                Ok(buf) => {
                    let spec = buf.spec();
                    let channels = u16::try_from(spec.channels().count()).unwrap_or(u16::MAX);
                    let rate = spec.rate();
                    match out.format {
                        None => {
                            check_format(rate, channels).map_err(|p| self.format_error(p))?;
                            out.format = Some(AudioFormat {
                                sample_rate: rate,
                                channels,
                                cheap_to_decode: cheap_to_decode(track.params),
                                declared_frames: out.declared_frames,
                            });
                            if out.is_mp4 {
                                out.edit = EditWindow::read(self.path, rate, channels);
                            }
                        }
                        Some(f) if f.channels != channels || f.sample_rate != rate => {
                            return Err(DecodeError::FormatChange { path: self.path() }.into());
                        }
                        Some(_) => {}
                    }
                    // Bulk interleave-and-convert straight into the block, then check it.
                    let start = out.block.len();
                    out.block.resize(start + buf.samples_interleaved(), 0.0);
                    buf.copy_to_slice_interleaved(&mut out.block[start..]);
                    if let Some(bad) = first_bad_sample(&out.block[start..]) {
                        return Err(self.bad_sample(out, start, start + bad).into());
                    }
                    out.frames += (buf.samples_interleaved() / usize::from(channels).max(1)) as u64;
                    if out.block.len() >= BLOCK_SAMPLES {
                        out.flush()?;
                    }
                }
                Err(SymphoniaError::DecodeError(_) | SymphoniaError::IoError(_)) => {
                    self.skip_packet(out)?;
                    // Keep the timing: the damaged block becomes a silent gap of its length.
                    fill_gap(out, packet.dur.get(), track.time_base)?;
                }
                // Mid-stream, an "unsupported feature" is a damaged block that happens to
                // parse as one (e.g. an AAC program config element).
                Err(SymphoniaError::Unsupported(_)) if out.format.is_some() => {
                    self.skip_packet(out)?;
                    fill_gap(out, packet.dur.get(), track.time_base)?;
                }
                Err(SymphoniaError::ResetRequired) => {
                    return Err(DecodeError::FormatChange { path: self.path() }.into());
                }
                Err(err @ SymphoniaError::Unsupported(_)) => {
                    return Err(self.codec_error(track.params, &err).into());
                }
                Err(err) => return Err(self.malformed(&err).into()),
            }
        }
        Ok(())
    }

    /// The error for the sample at `index` of the block being gathered, whose samples from
    /// `new` on (the packet just decoded) are not yet counted in `out.frames`.
    fn bad_sample<E>(&self, out: &Output<'_, E>, new: usize, index: usize) -> DecodeError {
        let width = usize::from(out.channels().max(1));
        let frame = out.frames - (new / width) as u64 + (index / width) as u64;
        DecodeError::BadSample {
            path: self.path(),
            frame,
            channel: (index % width) as u16 + 1,
            seconds: frame as f64 / f64::from(out.sample_rate().max(1)),
            what: describe_bad_sample(out.block[index]),
        }
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
    fn skip_packet<E>(&self, out: &mut Output<'_, E>) -> Result<(), DecodeError> {
        out.skipped_packets += 1;
        out.first_skipped_frame.get_or_insert(out.frames);
        // A stream that is damaged throughout (or a demuxer that cannot resynchronise) stops
        // here instead of looping over the whole file.
        if out.skipped_packets > MAX_SKIPPED_PACKETS {
            return Err(self.corrupt(out));
        }
        Ok(())
    }

    fn corrupt<E>(&self, out: &Output<'_, E>) -> DecodeError {
        DecodeError::Corrupt {
            path: self.path(),
            bad_packets: out.skipped_packets,
            packets: out.packets.max(out.skipped_packets),
            first_bad_s: seconds(out.first_skipped_frame.unwrap_or(0), out.sample_rate()),
        }
    }

    /// No silent half files: the decoded length must reach what the container declared.
    fn check_complete<E>(
        &self,
        out: &Output<'_, E>,
        params: &AudioCodecParameters,
        expected_frames: Option<u64>,
    ) -> Result<(), DecodeError> {
        let frames = out.frames;
        let decoded_s = seconds(frames, out.sample_rate());
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
        let slack = u64::from(out.sample_rate() / 20);
        if let Some(expected) = expected_frames
            && frames.saturating_add(slack) < expected
        {
            let expected_s = seconds(expected, out.sample_rate());
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
fn fill_gap<E>(
    out: &mut Output<'_, E>,
    duration: u64,
    time_base: Option<TimeBase>,
) -> Result<(), StreamError<E>> {
    let Some(tb) = time_base else {
        return Ok(());
    };
    let rate = u64::from(out.sample_rate());
    let frames = duration
        .saturating_mul(u64::from(tb.numer.get()))
        .saturating_mul(rate)
        / u64::from(tb.denom.get());
    out.append_silence(frames.min(rate * 5))
}

fn seconds(frames: u64, sample_rate: u32) -> f64 {
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
