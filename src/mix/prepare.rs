//! One take or jingle made ready to place: decoded, folded to the output channels,
//! resampled, cleaned, trimmed, faded and measured — once.

use std::cell::RefCell;

use super::error::MixError;
use super::plan::{Role, Source};
use crate::bulletin::take_check::{self, Suspect, TakeFacts};
use crate::dsp::block_energy::{self, BlockEnergies};
use crate::dsp::channels::{self, MonoFold};
use crate::dsp::{clipping, fade, filter, resample, trim};

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
    pub blocks: BlockEnergies,
    pub flags: Vec<String>,
    /// Why this take should not go to air as it is (speech parts only; empty when fine).
    pub suspects: Vec<Suspect>,
}

impl Prepared {
    pub fn frames(&self) -> usize {
        self.samples.len() / self.channels
    }
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
    let buffer = DECODE_BUFFER.take();
    let audio =
        crate::media::decode_file_into(&source.path, buffer).map_err(|e| MixError::Decode {
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
    let clipping = clipping::find(
        &audio.samples,
        usize::from(original_channels),
        original_rate,
    );
    if clipping.places > 0 {
        flags.push(format!(
            "clipped at 0 dBFS ({} place{})",
            clipping.places,
            if clipping.places == 1 { "" } else { "s" }
        ));
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
    // Speech is cut where the speech detector finds it (the detector `bantin status` uses
    // too); music only where it is digitally silent, so its fades stay whole.
    let (bounds, speech_take) = if speech {
        let take = take_check::speech_take(
            &mut samples,
            settings.rate,
            settings.highpass_hz,
            settings.keep_breath_s,
        );
        if take.analysis.verdict == crate::dsp::speech::Verdict::Silent {
            return Err(MixError::Silent {
                shown: source.shown,
            });
        }
        (take.keep, Some(take))
    } else {
        // Where the music is silent before anything shifts its zero (a DC offset removed
        // from a whole jingle would lift its silence off zero).
        let bounds = trim::digital_silence_bounds(&samples, channels);
        filter::remove_dc(&mut samples, channels);
        (bounds, None)
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
    samples.truncate(end * channels);
    samples.drain(..start * channels);
    samples.shrink_to_fit();
    let frames = samples.len() / channels;
    // A cut in speech is faded so it does not click; music cut at digital silence needs
    // none (a fade would soften an intro's first attack), only where it was cut short.
    if speech {
        fade::fade_in(&mut samples, channels, (CUT_FADE_S * rate) as usize);
    }
    if speech || fade_out_s > CUT_FADE_S {
        fade::fade_out(&mut samples, channels, (fade_out_s * rate) as usize);
    }
    let trimmed_duration_s = frames as f64 / rate;
    if speech && trimmed_duration_s < VERY_SHORT_S {
        flags.push(format!("very short ({trimmed_duration_s:.1} s)"));
    }
    let blocks = block_energy::measure(&samples, channels, settings.rate);
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
    let suspects = speech_take.as_ref().map_or_else(Vec::new, |take| {
        take_check::suspects(&TakeFacts {
            analysis: &take.analysis,
            clipping,
            loudness_lufs: Some(loudness_lufs),
            estimate_s: source.estimate_s,
            target_lufs: settings.target_lufs,
        })
    });
    if source.accept_suspect {
        for s in &suspects {
            flags.push(format!("accepted as it is: {}", s.label()));
        }
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
        suspects,
    })
}
