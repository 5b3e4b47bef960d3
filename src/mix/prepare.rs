//! One take or jingle made ready to place: decoded, folded to the output channels,
//! resampled, cleaned, trimmed, faded and measured — once.

use std::cell::RefCell;

use super::error::MixError;
use super::plan::{Role, Source};
use crate::dsp::channels::{self, MonoFold};
use crate::dsp::kmeter::{self, KBlocks};
use crate::dsp::trim::{self, TrimSettings};
use crate::dsp::{fade, filter, resample};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrepareSettings {
    pub rate: u32,
    pub channels: u16,
    /// Speech high-pass corner, Hz; 0 = off.
    pub highpass_hz: f64,
    pub keep_breath_s: f64,
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

/// A part ready to place, and what the report says about it.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub source: Source,
    /// Interleaved at the output rate, `channels` wide (1, or 2 for stereo jingles).
    pub samples: Vec<f32>,
    pub channels: usize,
    pub codec: String,
    pub original_rate: u32,
    pub original_channels: u16,
    pub duration_s: f64,
    pub trimmed_duration_s: f64,
    /// Integrated loudness after cleaning (ungated for takes under 0.4 s), LUFS.
    pub loudness_lufs: f64,
    pub blocks: KBlocks,
    pub flags: Vec<String>,
}

impl Prepared {
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels
    }
}

/// Runs of this many samples at full scale mean the recorder clipped.
const CLIP_RUN: usize = 4;
const CLIP_LEVEL: f32 = 0.999;

fn clipped(samples: &[f32], channels: usize) -> bool {
    // Nearly every take stays clear of full scale: one vectorized scan says so.
    if crate::dsp::true_peak::max_abs(samples) < CLIP_LEVEL {
        return false;
    }
    let ch = channels.max(1);
    (0..ch).any(|c| {
        let mut run = 0;
        samples.iter().skip(c).step_by(ch).any(|s| {
            run = if s.abs() >= CLIP_LEVEL { run + 1 } else { 0 };
            run >= CLIP_RUN
        })
    })
}

thread_local! {
    /// Each worker's decode buffer, handed back after every file: its pages are already
    /// mapped, so decoding the next file does not fault in fresh memory (on a virtual
    /// machine that costs as much as decoding). Emptied by [`release_buffers`].
    static DECODE_BUFFER: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
    /// Likewise the mono fold of a file that is resampled afterwards.
    static FOLD_BUFFER: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Frees this thread's buffers (call on every worker once the files are prepared).
pub fn release_buffers() {
    DECODE_BUFFER.take();
    FOLD_BUFFER.take();
}

/// Keeps `buffer` in this thread's `slot` for the next file, if it is the larger.
fn keep_in(slot: &'static std::thread::LocalKey<RefCell<Vec<f32>>>, buffer: Vec<f32>) {
    slot.with_borrow_mut(|slot| {
        if buffer.capacity() > slot.capacity() {
            *slot = buffer;
        }
    });
}

pub fn prepare(source: Source, settings: PrepareSettings) -> Result<Prepared, MixError> {
    let audio = crate::media::decode_file(&source.path).map_err(|e| MixError::Decode {
        shown: source.shown.clone(),
        source: e,
    })?;
    if audio.samples.is_empty() {
        return Err(MixError::Empty {
            shown: source.shown,
        });
    }
    let mut flags = Vec::new();
    let (original_rate, original_channels) = (audio.sample_rate, audio.channels);
    let duration_s = audio.duration_s();
    if original_rate <= 8_000 {
        flags.push(format!("phone bandwidth ({} kHz)", original_rate / 1000));
    } else if original_rate < 22_050 {
        flags.push(format!(
            "narrow bandwidth ({:.0} kHz)",
            f64::from(original_rate) / 1000.0
        ));
    }
    if clipped(&audio.samples, usize::from(original_channels)) {
        flags.push("clipped at 0 dBFS".into());
    }
    let speech = source.role.is_speech();
    let codec = audio.codec;
    let decoded = audio.samples;
    let (source_channels, channels) = (
        usize::from(original_channels),
        if speech || settings.channels == 1 {
            1
        } else {
            2
        },
    );
    // Fold channels first: resampling one channel instead of two or six halves the work.
    let folded = if source_channels == channels {
        None
    } else if channels == 1 {
        // Resampled afterwards, the fold is scratch; else it is the part itself.
        let mut mono = if original_rate == settings.rate {
            Vec::new()
        } else {
            FOLD_BUFFER.take()
        };
        let fold = channels::to_mono_into(&decoded, original_channels, &mut mono);
        match fold {
            MonoFold::OutOfPhase => flags.push("out-of-phase stereo (one channel used)".into()),
            MonoFold::Downmixed(n) => flags.push(format!("{n} channels downmixed")),
            MonoFold::Mono | MonoFold::Averaged => {}
        }
        Some(mono)
    } else {
        Some(channels::to_layout(&decoded, original_channels, 2))
    };
    let mut samples = match (folded, original_rate == settings.rate) {
        // Already as wanted: the decoded samples are the part (and leave the buffer).
        (None, true) => decoded,
        (Some(folded), true) => {
            keep_in(&DECODE_BUFFER, decoded);
            folded
        }
        (folded, false) => {
            let input = folded.as_deref().unwrap_or(&decoded);
            let resampled = resample::resample(input, channels, original_rate, settings.rate)
                .map_err(|e| MixError::Resample {
                    shown: source.shown.clone(),
                    source: e,
                })?;
            keep_in(&DECODE_BUFFER, decoded);
            if let Some(folded) = folded {
                keep_in(&FOLD_BUFFER, folded);
            }
            resampled
        }
    };
    filter::remove_dc(&mut samples, channels);
    if speech && settings.highpass_hz > 0.0 {
        filter::HighPass::new(settings.highpass_hz, settings.rate, channels).process(&mut samples);
    }
    let trim_settings = if speech {
        TrimSettings::speech(settings.keep_breath_s)
    } else {
        TrimSettings::jingle()
    };
    let Some((start, mut end)) =
        trim::sound_bounds(&samples, channels, settings.rate, trim_settings)
    else {
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
    samples.truncate(end * channels);
    samples.drain(..start * channels);
    samples.shrink_to_fit();
    let frames = samples.len() / channels;
    fade::fade_in(&mut samples, channels, (CUT_FADE_S * rate) as usize);
    fade::fade_out(&mut samples, channels, (fade_out_s * rate) as usize);
    let trimmed_duration_s = frames as f64 / rate;
    if speech && trimmed_duration_s < VERY_SHORT_S {
        flags.push(format!("very short ({trimmed_duration_s:.1} s)"));
    }
    let blocks = kmeter::measure(&samples, channels, settings.rate);
    let Some(loudness_lufs) = blocks.integrated_lufs().or_else(|| blocks.ungated_lufs()) else {
        return Err(MixError::Silent {
            shown: source.shown,
        });
    };
    if speech && loudness_lufs < VERY_QUIET_LUFS {
        flags.push(format!(
            "very quiet ({loudness_lufs:.0} LUFS): noise is raised with it"
        ));
    }
    Ok(Prepared {
        source,
        samples,
        channels,
        codec,
        original_rate,
        original_channels,
        duration_s,
        trimmed_duration_s,
        loudness_lufs,
        blocks,
        flags,
    })
}
