//! One take or jingle made ready to place, streamed block by block so a take of any length
//! is prepared in bounded memory: decoded, folded to the output channels, its DC offset
//! removed, resampled, high-passed, trimmed, faded and measured — the result kept in a
//! [`SpillVec`], in memory or, past the mixer's budget, on disk.
//!
//! Two passes over the decoded audio: the first surveys the whole take (each channel's
//! mean for the DC offset, the stereo phase check, clipping), because the fold and the
//! offset apply to all of it; the second processes it. A take that decodes to at most
//! [`KEPT_DECODED_SAMPLES`] is kept in memory from the first pass (every bulletin take);
//! a longer one is decoded again if it is PCM (as cheap as reading it back), else kept in
//! a temporary file beside the output.

use std::cell::RefCell;
use std::convert::Infallible;
use std::sync::Arc;

use super::error::MixError;
use super::plan::{Role, Source};
use super::spill::{MemoryBudget, SpillVec};
use super::timeline;
use crate::bulletin::take_check::{self, Suspect, TakeFacts};
use crate::dsp::block_energy::BlockEnergies;
use crate::dsp::channels::{ChannelSurvey, Fold, MonoFold};
use crate::dsp::clipping::ClipFinder;
use crate::dsp::fade;
use crate::dsp::filter::HighPass;
use crate::dsp::loudness::Meter;
use crate::dsp::resample::{ResampleError, StreamResampler};
use crate::dsp::speech::{SpeechAnalysis, SpeechDetector, Verdict};
use crate::dsp::trim::{self, SoundBounds};
use crate::media::{AudioFormat, StreamError, decode_stream};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrepareSettings {
    pub rate: u32,
    pub channels: u16,
    /// Speech high-pass corner, Hz; 0 = off.
    pub highpass_hz: f64,
    pub keep_breath_s: f64,
    /// The programme's target loudness: a take that needs more than
    /// [`take_check::MAX_GAIN_DB`] to reach it is suspect.
    pub target_lufs: f64,
    /// Decoded samples kept in memory between the passes ([`KEPT_DECODED_SAMPLES`]).
    pub kept_decoded_samples: usize,
}

/// Fade length at every cut of a take, seconds.
const CUT_FADE_S: f64 = 0.008;
/// Longest intro or outro placed; a longer file is faded out there.
pub const MAX_INTRO_OUTRO_S: f64 = 30.0;
pub const MAX_STING_S: f64 = 10.0;
/// Fade at the end of a jingle cut short.
const CUT_JINGLE_FADE_S: f64 = 1.0;
/// Under this a take's loudness is worth a listen (noise comes up with the gain).
const VERY_QUIET_LUFS: f64 = -40.0;
const VERY_SHORT_S: f64 = 1.0;

/// Decoded samples kept in memory between the two passes (32 MiB: almost three minutes of
/// 48 kHz mono, over a minute of stereo; a bulletin's takes are under a minute); a longer
/// take is decoded again instead.
pub const KEPT_DECODED_SAMPLES: usize = 8 << 20;
/// Samples processed at a time in the second pass when the take is in memory.
const BLOCK_SAMPLES: usize = 1 << 16;

/// A part ready to place, and what the report says about it.
#[derive(Debug)]
pub struct Prepared {
    pub source: Source,
    /// The processed take at the output rate, `channels` wide, interleaved, as placed.
    pub audio: SpillVec,
    frames: usize,
    pub channels: usize,
    pub codec: String,
    pub original_rate: u32,
    pub original_channels: u16,
    pub duration_s: f64,
    pub trimmed_duration_s: f64,
    /// Integrated loudness after cleaning (ungated for takes under 0.4 s), LUFS.
    pub loudness_lufs: f64,
    pub blocks: BlockEnergies,
    pub flags: Vec<String>,
    /// Why this take should not go to air as it is (speech parts only; empty when fine).
    pub suspects: Vec<Suspect>,
    /// For the voice the bed goes under: the bed's gain under it, worked out while it is
    /// prepared ([`super::timeline::bed_gains_under`]).
    pub bed_gains: Option<SpillVec>,
}

impl Prepared {
    /// Frames placed.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Calls `visit` with the part's frames `from .. to` (counted from its placed start), a
    /// piece at a time, each with the frame it starts at.
    pub fn visit_frames(
        &self,
        from: usize,
        to: usize,
        scratch: &mut Vec<f32>,
        mut visit: impl FnMut(usize, &[f32]),
    ) -> std::io::Result<()> {
        let ch = self.channels;
        self.audio.visit(
            from * ch,
            (to - from) * ch,
            BLOCK_SAMPLES / ch * ch,
            scratch,
            |at, piece| visit(at / ch, piece),
        )
    }

    /// Changes the part's frames `from .. to` in place, a piece at a time.
    pub fn update_frames(
        &mut self,
        from: usize,
        to: usize,
        mut change: impl FnMut(usize, &mut [f32]),
    ) -> std::io::Result<()> {
        let ch = self.channels;
        self.audio.update(from * ch, (to - from) * ch, |at, piece| {
            change(at / ch, piece);
        })
    }

    /// Keeps only the first `frames` frames.
    pub fn shorten_to(&mut self, frames: usize) {
        self.frames = self.frames.min(frames);
        self.audio.keep_only(0, self.frames * self.channels);
    }

    /// A mono part in `role` made straight from samples at the output rate (as prepared),
    /// measured: for tests of what comes after preparing.
    #[cfg(test)]
    pub(crate) fn from_samples(
        role: Role,
        samples: &[f32],
        rate: u32,
        budget: &Arc<MemoryBudget>,
    ) -> Self {
        let source = Source {
            role,
            path: "x.wav".into(),
            shown: "x.wav".into(),
            item_id: None,
            segment_id: None,
            estimate_s: None,
            accept_suspect: false,
        };
        let channels = 1;
        let mut audio = SpillVec::new(budget);
        audio.push(samples).unwrap();
        audio.finish_appending().unwrap();
        let frames = samples.len() / channels;
        let mut part = Self {
            source,
            audio,
            frames,
            channels,
            codec: "pcm".into(),
            original_rate: rate,
            original_channels: channels as u16,
            duration_s: frames as f64 / f64::from(rate),
            trimmed_duration_s: frames as f64 / f64::from(rate),
            loudness_lufs: 0.0,
            blocks: BlockEnergies::default(),
            flags: Vec::new(),
            suspects: Vec::new(),
            bed_gains: None,
        };
        let (loudness, blocks) = measure(&part, rate).unwrap();
        part.loudness_lufs = loudness.unwrap_or(f64::NEG_INFINITY);
        part.blocks = blocks;
        part
    }

    /// Measures the 100 ms energies of the part as it is now placed (the bed, once cut
    /// and ducked; its loudness, and so its gain, stays that of the bed in full).
    pub fn remeasure_blocks(&mut self, rate: u32) -> std::io::Result<()> {
        self.blocks = measure(self, rate)?.1;
        Ok(())
    }
}

/// What the first pass learns of the whole take.
struct Survey {
    channels: ChannelSurvey,
    clipping: ClipFinder,
    /// The decoded samples, for the second pass (see [`Kept`]).
    kept: Kept,
    keep_up_to: usize,
    cheap_to_decode: bool,
    spill_budget: Arc<MemoryBudget>,
}

/// Where the second pass finds the decoded take.
enum Kept {
    /// In memory: every bulletin take (up to [`KEPT_DECODED_SAMPLES`]).
    Memory(Vec<f32>),
    /// On disk: a long take in a compressed format, which costs more to decode again than
    /// to read back.
    Disk(SpillVec),
    /// Nowhere: a long take in PCM, decoded again.
    DecodeAgain,
    /// Writing it to disk failed.
    Failed(std::io::Error),
}

impl Survey {
    fn new(
        format: AudioFormat,
        buffer: Vec<f32>,
        keep_up_to: usize,
        budget: &Arc<MemoryBudget>,
    ) -> Self {
        let declared = format
            .declared_frames
            .map(|f| f.saturating_mul(u64::from(format.channels)));
        // Nothing of this budget: past the memory limit, straight to disk.
        let spill_budget = Arc::new(MemoryBudget::new(0, budget.spill_dir()));
        // A take the container says is long goes where a long take goes from the start,
        // without filling the memory first.
        let kept = match declared.is_some_and(|n| n > keep_up_to as u64) {
            false => Kept::Memory(buffer),
            true => {
                keep_in(&DECODE_BUFFER, buffer);
                if format.cheap_to_decode {
                    Kept::DecodeAgain
                } else {
                    Kept::Disk(SpillVec::new(&spill_budget))
                }
            }
        };
        Self {
            keep_up_to,
            channels: ChannelSurvey::new(format.channels),
            clipping: ClipFinder::new(usize::from(format.channels), format.sample_rate),
            kept,
            cheap_to_decode: format.cheap_to_decode,
            spill_budget,
        }
    }

    fn add(&mut self, block: &[f32]) {
        self.channels.add(block);
        self.clipping.add(block);
        match &mut self.kept {
            Kept::Memory(kept) if kept.len() + block.len() <= self.keep_up_to => {
                kept.extend_from_slice(block);
            }
            Kept::Memory(kept) => {
                // A long take: its buffer (as large as the limit) goes back to the system,
                // not to this worker.
                let kept = std::mem::take(kept);
                self.kept = if self.cheap_to_decode {
                    Kept::DecodeAgain
                } else {
                    let mut disk = SpillVec::new(&self.spill_budget);
                    match disk.push(&kept).and_then(|()| disk.push(block)) {
                        Ok(()) => Kept::Disk(disk),
                        Err(err) => Kept::Failed(err),
                    }
                };
            }
            Kept::Disk(disk) => {
                if let Err(err) = disk.push(block) {
                    self.kept = Kept::Failed(err);
                }
            }
            Kept::DecodeAgain | Kept::Failed(_) => {}
        }
    }
}

thread_local! {
    /// Each worker's buffer for the decoded take, handed back after every file: its pages
    /// are already mapped, so decoding the next file does not fault in fresh memory (on a
    /// virtual machine that costs as much as decoding). Emptied by [`release_buffers`].
    static DECODE_BUFFER: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Frees this thread's buffers (call on every worker once the files are prepared).
pub fn release_buffers() {
    DECODE_BUFFER.take();
}

/// Keeps `buffer` in this thread's `slot` for the next file, if it is the larger.
fn keep_in(slot: &'static std::thread::LocalKey<RefCell<Vec<f32>>>, mut buffer: Vec<f32>) {
    buffer.clear();
    slot.with_borrow_mut(|slot| {
        if buffer.capacity() > slot.capacity() {
            *slot = buffer;
        }
    });
}

/// The second pass, block by block: fold → DC offset (speech) → resample → high-pass
/// (speech) → kept; and on the way what decides the cut — the speech detector for a take,
/// where the sound starts and ends for all, each channel's sum for a jingle's DC offset.
struct Chain {
    fold: Fold,
    dc: Vec<f32>,
    resampler: StreamResampler,
    highpass: Option<HighPass>,
    detector: Option<SpeechDetector>,
    sound: SoundBounds,
    /// Per output channel, the sum of what is kept (a jingle's offset is removed after its
    /// silence is found: taken away first, it would lift the silence off zero).
    sums: Vec<f64>,
    audio: SpillVec,
    folded: Vec<f32>,
    /// What goes to disk, when the take is kept there.
    scratch: Vec<f32>,
}

impl Chain {
    fn push(&mut self, block: &[f32]) -> Result<(), ChainError> {
        self.folded.clear();
        self.fold.apply(block, &mut self.folded);
        let ch = self.dc.len();
        // A jingle's offset comes off after its silence is found (all zeros here).
        let offset = self.dc.iter().any(|d| *d != 0.0);
        if offset && ch == 1 {
            let dc = self.dc[0];
            for s in &mut self.folded {
                *s -= dc;
            }
        } else if offset {
            for frame in self.folded.chunks_exact_mut(ch) {
                for (s, dc) in frame.iter_mut().zip(&self.dc) {
                    *s -= dc;
                }
            }
        }
        self.resample_into_kept(StreamResampler::push)
    }

    fn finish(&mut self) -> Result<(), ChainError> {
        self.resample_into_kept(|resampler, _, out| resampler.finish(out))?;
        self.audio.finish_appending().map_err(ChainError::Spill)
    }

    /// Runs the resampler (`step`: a folded block pushed, or the end) straight into where
    /// the audio is kept, then filters and looks at what it wrote there.
    fn resample_into_kept(
        &mut self,
        step: impl FnOnce(&mut StreamResampler, &[f32], &mut Vec<f32>) -> Result<(), ResampleError>,
    ) -> Result<(), ChainError> {
        let Self {
            resampler,
            highpass,
            detector,
            sound,
            sums,
            audio,
            folded,
            scratch,
            ..
        } = self;
        audio
            .append_with(scratch, |out| {
                let before = out.len();
                step(resampler, folded, out)?;
                finish_block(highpass, detector, sound, sums, &mut out[before..]);
                Ok(())
            })
            .map_err(ChainError::Spill)?
            .map_err(ChainError::Resample)
    }
}

/// A block just resampled: high-passed (speech), and looked at.
fn finish_block(
    highpass: &mut Option<HighPass>,
    detector: &mut Option<SpeechDetector>,
    sound: &mut SoundBounds,
    sums: &mut [f64],
    block: &mut [f32],
) {
    if let Some(hp) = highpass {
        hp.process(block);
    }
    match detector {
        // Speech parts are mono.
        Some(detector) => detector.add(block),
        // In locals for mono and stereo: a sum kept in memory waits on its own store.
        None => match sums {
            [sum] => *sum = block.iter().fold(*sum, |a, s| a + f64::from(*s)),
            [left, right] => {
                let (mut l, mut r) = (*left, *right);
                for frame in block.chunks_exact(2) {
                    l += f64::from(frame[0]);
                    r += f64::from(frame[1]);
                }
                (*left, *right) = (l, r);
            }
            _ => {
                let ch = sums.len();
                for frame in block.chunks_exact(ch) {
                    for (sum, s) in sums.iter_mut().zip(frame) {
                        *sum += f64::from(*s);
                    }
                }
            }
        },
    }
    sound.add(block);
}

enum ChainError {
    Resample(ResampleError),
    Spill(std::io::Error),
}

/// Prepares one file. `bed_duck_db` is given for the voice the bed goes under: the bed's
/// gain under it is worked out here, on this worker, beside the other files.
pub fn prepare(
    source: Source,
    settings: PrepareSettings,
    bed_duck_db: Option<f64>,
    budget: &Arc<MemoryBudget>,
) -> Result<Prepared, MixError> {
    let decode_error = |source: &Source, err| MixError::Decode {
        shown: source.shown.clone(),
        source: err,
    };
    // Pass 1: the survey.
    let mut survey: Option<Survey> = None;
    let info = decode_stream(&source.path, |format, block| {
        survey
            .get_or_insert_with(|| {
                let buffer = DECODE_BUFFER.take();
                Survey::new(format, buffer, settings.kept_decoded_samples, budget)
            })
            .add(block);
        Ok::<(), Infallible>(())
    })
    .map_err(|err| match err {
        StreamError::Decode(err) => decode_error(&source, err),
        StreamError::Sink(never) => match never {},
    })?;
    let Some(mut survey) = survey.filter(|_| info.frames > 0) else {
        return Err(MixError::Empty {
            shown: source.shown,
        });
    };
    let mut flags = Vec::new();
    let (original_rate, original_channels) = (info.format.sample_rate, info.format.channels);
    let duration_s = info.frames as f64 / f64::from(original_rate);
    if original_rate <= 8_000 {
        flags.push(format!("phone bandwidth ({} kHz)", original_rate / 1000));
    } else if original_rate < 22_050 {
        flags.push(format!(
            "narrow bandwidth ({:.0} kHz)",
            f64::from(original_rate) / 1000.0
        ));
    }
    let clipping = std::mem::replace(&mut survey.clipping, ClipFinder::new(1, 1)).finish();
    if clipping.places > 0 {
        flags.push(format!(
            "clipped at 0 dBFS ({} place{})",
            clipping.places,
            if clipping.places == 1 { "" } else { "s" }
        ));
    }
    let speech = source.role.is_speech();
    let channels = if speech || settings.channels == 1 {
        1
    } else {
        2
    };
    let fold = survey.channels.fold_to(channels);
    if channels == 1 {
        match survey.channels.mono_fold() {
            MonoFold::OutOfPhase => flags.push("out-of-phase stereo (one channel used)".into()),
            MonoFold::Downmixed(n) => flags.push(format!("{n} channels downmixed")),
            MonoFold::Mono | MonoFold::Averaged => {}
        }
    }
    // A take's DC offset goes before its high-pass (the fold of each channel's mean);
    // a jingle's after its silence is found.
    let mut dc = Vec::with_capacity(channels);
    if speech {
        fold.apply(&survey.channels.means(), &mut dc);
    } else {
        dc.resize(channels, 0.0);
    }

    // Pass 2: the processing.
    let resampler = StreamResampler::new(channels, original_rate, settings.rate).map_err(|e| {
        MixError::Resample {
            shown: source.shown.clone(),
            source: e,
        }
    })?;
    // The processed take's length is known ahead: it grows in memory without copies.
    let expected =
        (info.frames as f64 * f64::from(settings.rate) / f64::from(original_rate)).ceil() as usize;
    let mut audio = SpillVec::new(budget);
    audio.reserve(expected * channels);
    let mut chain = Chain {
        fold,
        dc,
        resampler,
        highpass: (speech && settings.highpass_hz > 0.0)
            .then(|| HighPass::new(settings.highpass_hz, settings.rate, channels)),
        detector: speech.then(|| SpeechDetector::new(settings.rate)),
        sound: SoundBounds::new(channels),
        sums: vec![0.0; channels],
        audio,
        folded: Vec::new(),
        scratch: Vec::new(),
    };
    let chain_error = |source: &Source, err| match err {
        ChainError::Resample(e) => MixError::Resample {
            shown: source.shown.clone(),
            source: e,
        },
        ChainError::Spill(e) => MixError::Spill { source: e },
    };
    let width = usize::from(original_channels);
    let block = BLOCK_SAMPLES / width * width;
    match std::mem::replace(&mut survey.kept, Kept::DecodeAgain) {
        Kept::Memory(decoded) => {
            let result = decoded
                .chunks(block)
                .try_for_each(|block| chain.push(block));
            keep_in(&DECODE_BUFFER, decoded);
            result.map_err(|e| chain_error(&source, e))?;
        }
        Kept::Disk(mut decoded) => {
            decoded
                .finish_appending()
                .map_err(|source| MixError::Spill { source })?;
            let mut scratch = Vec::new();
            let mut result = Ok(());
            decoded
                .visit(0, decoded.len(), block, &mut scratch, |_, piece| {
                    if result.is_ok() {
                        result = chain.push(piece);
                    }
                })
                .map_err(|source| MixError::Spill { source })?;
            result.map_err(|e| chain_error(&source, e))?;
        }
        Kept::Failed(err) => return Err(MixError::Spill { source: err }),
        Kept::DecodeAgain => {
            decode_stream(&source.path, |_, block| chain.push(block)).map_err(|err| match err {
                StreamError::Decode(err) => decode_error(&source, err),
                StreamError::Sink(err) => chain_error(&source, err),
            })?;
        }
    }
    chain.finish().map_err(|e| chain_error(&source, e))?;

    // Speech is cut where the speech detector finds it (the detector `bantin status` uses
    // too), with a breath each side; music only where it is digitally silent, so its
    // fades stay whole.
    let total_frames = chain.audio.len() / channels;
    let analysis: Option<SpeechAnalysis> = chain.detector.take().map(SpeechDetector::finish);
    let bounds = match &analysis {
        Some(analysis) if analysis.verdict == Verdict::Silent => None,
        Some(analysis) => trim::speech_bounds(
            analysis,
            settings.rate,
            total_frames,
            settings.keep_breath_s,
        )
        .or_else(|| chain.sound.bounds()),
        None => chain.sound.bounds(),
    };
    let Some((start, mut end)) = bounds else {
        return Err(MixError::Silent {
            shown: source.shown,
        });
    };
    let rate = f64::from(settings.rate);
    let cap = match source.role {
        Role::Intro | Role::Outro => Some(MAX_INTRO_OUTRO_S),
        Role::Sting => Some(MAX_STING_S),
        _ => None,
    };
    let mut fade_out_s = CUT_FADE_S;
    if let Some(cap) = cap {
        let max_frames = (cap * rate) as usize;
        if end - start > max_frames {
            flags.push(format!(
                "{:.1} s long: cut to {cap:.0} s with a fade",
                (end - start) as f64 / rate
            ));
            end = start + max_frames;
            fade_out_s = CUT_JINGLE_FADE_S;
        }
    }
    let frames = end - start;
    let mut audio = chain.audio;
    audio.keep_only(start * channels, frames * channels);
    // A jingle's DC offset: the mean of all of it, resampled.
    let jingle_dc: Option<Vec<f32>> = (!speech).then(|| {
        chain
            .sums
            .iter()
            .map(|s| (s / total_frames.max(1) as f64) as f32)
            .collect()
    });
    let mut part = Prepared {
        source,
        audio,
        frames,
        channels,
        codec: info.codec,
        original_rate,
        original_channels,
        duration_s,
        trimmed_duration_s: frames as f64 / rate,
        loudness_lufs: f64::NEG_INFINITY,
        blocks: BlockEnergies::default(),
        flags,
        suspects: Vec::new(),
        bed_gains: None,
    };
    if let Some(dc) = jingle_dc.filter(|dc| dc.iter().any(|d| *d != 0.0)) {
        part.update_frames(0, frames, |_, piece| {
            for frame in piece.chunks_exact_mut(dc.len()) {
                for (s, d) in frame.iter_mut().zip(&dc) {
                    *s -= d;
                }
            }
        })
        .map_err(|source| MixError::Spill { source })?;
    }
    // A cut in speech is faded so it does not click; music cut at digital silence needs
    // none (a fade would soften an intro's first attack), only where it was cut short.
    let fade_in = if speech {
        (CUT_FADE_S * rate) as usize
    } else {
        0
    };
    let fade_out = if speech || fade_out_s > CUT_FADE_S {
        (fade_out_s * rate) as usize
    } else {
        0
    };
    fade_ends(&mut part, fade_in, fade_out).map_err(|source| MixError::Spill { source })?;
    if speech && part.trimmed_duration_s < VERY_SHORT_S {
        let short = format!("very short ({:.1} s)", part.trimmed_duration_s);
        part.flags.push(short);
    }
    let (loudness, blocks) =
        measure(&part, settings.rate).map_err(|source| MixError::Spill { source })?;
    let Some(loudness_lufs) = loudness else {
        return Err(MixError::Silent {
            shown: part.source.shown,
        });
    };
    if speech && loudness_lufs < VERY_QUIET_LUFS {
        part.flags.push(format!(
            "very quiet ({loudness_lufs:.0} LUFS): noise is raised with it"
        ));
    }
    part.loudness_lufs = loudness_lufs;
    part.blocks = blocks;
    if let Some(analysis) = &analysis {
        part.suspects = take_check::suspects(&TakeFacts {
            analysis,
            clipping,
            loudness_lufs: Some(loudness_lufs),
            estimate_s: part.source.estimate_s,
            target_lufs: settings.target_lufs,
        });
    }
    if part.source.accept_suspect {
        let accepted: Vec<String> = part
            .suspects
            .iter()
            .map(|s| format!("accepted as it is: {}", s.label()))
            .collect();
        part.flags.extend(accepted);
    }
    if let Some(duck_db) = bed_duck_db.filter(|_| part.frames <= timeline::EARLY_BED_GAINS_FRAMES) {
        part.bed_gains = Some(
            timeline::bed_gains_under(&part, settings.rate, duck_db)
                .map_err(|source| MixError::Spill { source })?,
        );
    }
    Ok(part)
}

/// Fades the part in over its first `fade_in` frames and out over its last `fade_out`.
pub fn fade_ends(part: &mut Prepared, fade_in: usize, fade_out: usize) -> std::io::Result<()> {
    let ch = part.channels;
    let frames = part.frames;
    let n_in = fade_in.min(frames);
    part.update_frames(0, n_in, |at, piece| {
        fade::fade_in_piece(piece, ch, at, n_in);
    })?;
    let n_out = fade_out.min(frames);
    part.update_frames(frames - n_out, frames, |at, piece| {
        fade::fade_out_piece(piece, ch, at - (frames - n_out), n_out);
    })
}

/// The part's integrated loudness as placed (ungated under 0.4 s; None when silent), and
/// its 100 ms energies: ebur128 through the one meter, [`Meter`].
fn measure(part: &Prepared, rate: u32) -> std::io::Result<(Option<f64>, BlockEnergies)> {
    let channels = u16::try_from(part.channels).unwrap_or(2);
    // The output's rate and channels are within what the meter takes (config checks them).
    let mut meter = Meter::gating_only(channels, rate)
        .expect("the mixer's rates and channels are the meter's")
        .keeping_energies();
    let mut scratch = Vec::new();
    part.visit_frames(0, part.frames, &mut scratch, |_, piece| {
        // The mixer's samples are finite (the decoder refuses any that are not).
        let _ = meter.add(piece);
    })?;
    let (measured, energies) = meter
        .finish_with_energies()
        .expect("the meter takes what the mixer gives it");
    let ungated = (energies.mean_energy > 0.0)
        .then(|| crate::dsp::block_energy::energy_to_lufs(energies.mean_energy));
    let loudness = measured.integrated_lufs.or(ungated);
    Ok((loudness, BlockEnergies::from(energies)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str) -> Source {
        Source {
            role: Role::Take,
            path: std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("audio/fixtures")
                .join(name),
            shown: name.to_string(),
            item_id: None,
            segment_id: None,
            estimate_s: None,
            accept_suspect: false,
        }
    }

    /// The prepared samples of a fixture, with the decoded take kept in memory up to
    /// `kept` samples and the prepared one up to `budget` bytes.
    fn prepared(name: &str, kept: usize, budget: usize) -> (Vec<f32>, f64, bool) {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(budget, dir.path()));
        let settings = PrepareSettings {
            rate: 44_100,
            channels: 1,
            highpass_hz: 80.0,
            keep_breath_s: 0.15,
            target_lufs: -16.0,
            kept_decoded_samples: kept,
        };
        let part = prepare(source(name), settings, None, &budget).unwrap();
        let mut samples = Vec::new();
        let mut scratch = Vec::new();
        part.visit_frames(0, part.frames(), &mut scratch, |_, piece| {
            samples.extend_from_slice(piece);
        })
        .unwrap();
        // Nothing is left beside the output: the temporary files never had a name there.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        (samples, part.loudness_lufs, part.audio.spilled())
    }

    #[test]
    fn a_compressed_take_of_unknown_length_moves_to_disk_when_it_outgrows_memory() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(1 << 30, dir.path()));
        let x: Vec<f32> = (0..30_000).map(|i| (i as f32 * 0.01).sin()).collect();
        for cheap_to_decode in [false, true] {
            let format = AudioFormat {
                sample_rate: 48_000,
                channels: 2,
                cheap_to_decode,
                declared_frames: None,
            };
            let mut survey = Survey::new(format, Vec::new(), 10_000, &budget);
            for block in x.chunks(2 * 1_001) {
                survey.add(block);
            }
            match survey.kept {
                Kept::Disk(mut disk) => {
                    assert!(!cheap_to_decode);
                    disk.finish_appending().unwrap();
                    let mut back = vec![0f32; x.len()];
                    disk.read(0, &mut back).unwrap();
                    assert_eq!(back, x);
                }
                Kept::DecodeAgain => assert!(cheap_to_decode),
                _ => panic!("a take over the limit stayed in memory"),
            }
        }
    }

    #[test]
    fn a_long_take_kept_on_disk_or_decoded_again_is_prepared_alike() {
        // FLAC (compressed: kept on disk past the limit) and PCM (decoded again), each
        // resampled 48 -> 44.1 kHz; the prepared take in memory or spilled too.
        for name in [
            "speech.flac",
            "speech-16.wav",
            "speech.ogg",
            "speech.mp3",
            "speech.m4a",
        ] {
            let (whole, lufs, spilled) = prepared(name, 1 << 24, 1 << 30);
            assert!(!spilled);
            assert!(whole.len() > 44_100, "{name}: {}", whole.len());
            for (kept, budget) in [(10_000, 1 << 30), (10_000, 0), (1 << 24, 0)] {
                let (samples, l, spilled) = prepared(name, kept, budget);
                assert_eq!(spilled, budget == 0);
                assert!(
                    samples == whole,
                    "{name}, kept {kept}, budget {budget}: samples differ"
                );
                assert_eq!(l, lufs);
            }
        }
    }
}
