//! What a take holds and whether it may go to air. `bantin status` and `bantin assemble`
//! both measure a take with [`speech_take`] and judge it with [`suspects`], so what status
//! calls suspect is exactly what assemble refuses.
//!
//! A take is **suspect** when it
//! - holds no speech (only noise, hum or a tone — the speech detector's verdict),
//! - is far longer than its estimate: more than [`TOO_LONG_FACTOR`] times it *and* more
//!   than [`TOO_LONG_OVER_S`] seconds over it (a recorder left running, the wrong file),
//! - is clipped (flat at full scale: the recorder's level was too high), or
//! - is so quiet that reaching the target needs more than [`MAX_GAIN_DB`] of gain (the
//!   noise would come up with it).
//!
//! Staff who listened and find it fine say so per take (`accept_suspect = true` on the
//! segment in `rundown.toml`) or for a whole run (`bantin assemble --accept-suspect`).

use crate::dsp::clipping::Clipping;
use crate::dsp::filter::{self, HighPass};
use crate::dsp::speech::{self, SpeechAnalysis};
use crate::dsp::trim;

/// Most gain a take may need to reach the target loudness, dB.
pub const MAX_GAIN_DB: f64 = 30.0;
/// A take is too long when it is more than this many times its estimate…
pub const TOO_LONG_FACTOR: f64 = 2.0;
/// …and more than this many seconds longer.
pub const TOO_LONG_OVER_S: f64 = 30.0;

/// Why a take should not go to air as it is. In JSON: `kind` (`no_speech`, `too_long`,
/// `clipped`, `too_quiet`), the figures of that kind, and `message` (the reason in words).
#[derive(Debug, Clone, PartialEq)]
pub enum Suspect {
    /// No speech in the take: `what` says what it holds instead.
    NoSpeech { what: String },
    /// Speech far longer than the estimate.
    TooLong { speech_s: f64, estimate_s: f64 },
    /// Clipped peaks.
    Clipped { places: usize, first_s: f64 },
    /// The gain needed to reach the target loudness.
    TooQuiet {
        loudness_lufs: f64,
        target_lufs: f64,
        gain_db: f64,
    },
}

impl Suspect {
    /// The reason in words, with what to do.
    pub fn message(&self) -> String {
        match self {
            Self::NoSpeech { what } => format!("{what}; record the take again"),
            Self::TooLong {
                speech_s,
                estimate_s,
            } => format!(
                "{} of speech where {} was estimated: is it the right file, or was the recorder left running?",
                super::time_format::mmss(*speech_s),
                super::time_format::mmss(*estimate_s)
            ),
            Self::Clipped { places, first_s } => format!(
                "clipped at 0 dBFS in {places} place{} (first at {}): record it again with the level lower",
                if *places == 1 { "" } else { "s" },
                super::time_format::mmss_tenths(*first_s)
            ),
            Self::TooQuiet {
                loudness_lufs,
                target_lufs,
                gain_db,
            } => format!(
                "very quiet ({loudness_lufs:.0} LUFS): it needs {gain_db:+.1} dB to reach {target_lufs:.0} LUFS (more than {MAX_GAIN_DB:.0} dB brings the noise up with it); record it again closer to the microphone"
            ),
        }
    }

    /// The kind, as in JSON: "no_speech", "too_long", "clipped", "too_quiet".
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NoSpeech { .. } => "no_speech",
            Self::TooLong { .. } => "too_long",
            Self::Clipped { .. } => "clipped",
            Self::TooQuiet { .. } => "too_quiet",
        }
    }

    /// A short name for tables: "no speech", "too long", "clipped", "too quiet".
    pub fn label(&self) -> &'static str {
        match self {
            Self::NoSpeech { .. } => "no speech",
            Self::TooLong { .. } => "too long",
            Self::Clipped { .. } => "clipped",
            Self::TooQuiet { .. } => "too quiet",
        }
    }
}

impl serde::Serialize for Suspect {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", self.kind())?;
        match self {
            Self::NoSpeech { what } => map.serialize_entry("what", what)?,
            Self::TooLong {
                speech_s,
                estimate_s,
            } => {
                map.serialize_entry("speech_s", speech_s)?;
                map.serialize_entry("estimate_s", estimate_s)?;
            }
            Self::Clipped { places, first_s } => {
                map.serialize_entry("places", places)?;
                map.serialize_entry("first_s", first_s)?;
            }
            Self::TooQuiet {
                loudness_lufs,
                target_lufs,
                gain_db,
            } => {
                map.serialize_entry("loudness_lufs", loudness_lufs)?;
                map.serialize_entry("target_lufs", target_lufs)?;
                map.serialize_entry("gain_db", gain_db)?;
            }
        }
        map.serialize_entry("message", &self.message())?;
        map.end()
    }
}

/// A speech take measured: what the detector found and what to keep.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechTake {
    pub analysis: SpeechAnalysis,
    /// The frames kept: the speech and a breath each side, or — for a take without
    /// speech — all but digital silence at its ends. None when it is all digital silence.
    pub keep: Option<(usize, usize)>,
}

/// Cleans a mono speech take in place (DC removed, high-pass at `highpass_hz`, 0 = off)
/// and finds its speech and the part to keep. `assemble` calls it on the take at the
/// output rate, `status` at the take's own rate: they agree to the 10 ms frame.
pub fn speech_take(mono: &mut [f32], rate: u32, highpass_hz: f64, keep_s: f64) -> SpeechTake {
    filter::remove_dc(mono, 1);
    if highpass_hz > 0.0 {
        HighPass::new(highpass_hz, rate, 1).process(mono);
    }
    let analysis = speech::detect(mono, 1, rate);
    let keep = trim::speech_bounds(&analysis, rate, mono.len(), keep_s)
        .or_else(|| trim::digital_silence_bounds(mono, 1));
    SpeechTake { analysis, keep }
}

/// Integrated loudness of a kept take (ungated under 0.4 s), LUFS, as `assemble` measures
/// it before levelling.
pub fn loudness_lufs(mono: &[f32], rate: u32) -> Option<f64> {
    // The one meter (the mixer measures a prepared take with it too); the decoder has
    // held the rate and the samples to what it takes.
    crate::dsp::loudness::level_lufs(mono, 1, rate)
        .ok()
        .flatten()
}

/// What a take is judged on.
#[derive(Debug, Clone, Copy)]
pub struct TakeFacts<'a> {
    pub analysis: &'a SpeechAnalysis,
    pub clipping: Clipping,
    pub loudness_lufs: Option<f64>,
    /// The rundown's estimate, when there is a rundown.
    pub estimate_s: Option<f64>,
    /// The programme's target loudness, LUFS.
    pub target_lufs: f64,
}

/// Every reason the take is suspect (empty when it may go to air). A silent take (digital
/// silence) is not judged here: it is an error of its own.
pub fn suspects(facts: &TakeFacts<'_>) -> Vec<Suspect> {
    let mut found = Vec::new();
    if let Some(what) = facts.analysis.no_speech_reason()
        && facts.analysis.verdict != speech::Verdict::Silent
    {
        found.push(Suspect::NoSpeech { what });
    }
    if let (Some(speech_s), Some(estimate_s)) = (facts.analysis.speech_s(), facts.estimate_s)
        && estimate_s > 0.0
        && speech_s > TOO_LONG_FACTOR * estimate_s
        && speech_s - estimate_s > TOO_LONG_OVER_S
    {
        found.push(Suspect::TooLong {
            speech_s: round1(speech_s),
            estimate_s,
        });
    }
    if facts.clipping.places > 0 {
        found.push(Suspect::Clipped {
            places: facts.clipping.places,
            first_s: round1(facts.clipping.first_s.unwrap_or(0.0)),
        });
    }
    // A take without speech is already suspect; its "loudness" is the noise's.
    if facts.analysis.speech_s().is_some()
        && let Some(loudness) = facts.loudness_lufs
    {
        let gain = facts.target_lufs - loudness;
        if gain > MAX_GAIN_DB {
            found.push(Suspect::TooQuiet {
                loudness_lufs: round1(loudness),
                target_lufs: facts.target_lufs,
                gain_db: round1(gain),
            });
        }
    }
    found
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::speech::{NonSpeech, Verdict};

    fn analysis(verdict: Verdict) -> SpeechAnalysis {
        SpeechAnalysis {
            verdict,
            noise_floor_dbfs: -60.0,
            speech_level_dbfs: -20.0,
            speech_frames_s: 3.0,
            max_modulation: 0.8,
            median_flatness: 0.05,
            rms_dbfs: -46.0,
            duration_s: 10.0,
        }
    }

    fn facts(a: &SpeechAnalysis, estimate_s: f64, loudness: f64) -> TakeFacts<'_> {
        TakeFacts {
            analysis: a,
            clipping: Clipping::default(),
            loudness_lufs: Some(loudness),
            estimate_s: Some(estimate_s),
            target_lufs: -16.0,
        }
    }

    fn speech(length_s: f64) -> SpeechAnalysis {
        analysis(Verdict::Speech {
            start_s: 0.5,
            length_s,
        })
    }

    #[test]
    fn a_good_take_is_not_suspect() {
        let a = speech(30.0);
        assert_eq!(suspects(&facts(&a, 28.0, -24.0)), []);
    }

    #[test]
    fn too_long_needs_both_twice_the_estimate_and_thirty_seconds_over() {
        // 10 minutes for a 30 s estimate (the take that once went to air).
        let a = speech(600.0);
        let found = suspects(&facts(&a, 30.0, -24.0));
        assert_eq!(
            found,
            [Suspect::TooLong {
                speech_s: 600.0,
                estimate_s: 30.0
            }]
        );
        assert!(
            found[0]
                .message()
                .contains("10:00 of speech where 0:30 was estimated")
        );
        // Twice a short estimate but only 9 s over: a slow reading, not a wrong file.
        assert_eq!(suspects(&facts(&speech(15.0), 6.0, -24.0)), []);
        // 35 s over but only 1.8 times the estimate.
        assert_eq!(suspects(&facts(&speech(79.0), 44.0, -24.0)), []);
        // Just over both.
        assert_eq!(suspects(&facts(&speech(60.2), 30.0, -24.0)).len(), 1);
    }

    #[test]
    fn quiet_beyond_thirty_db_of_gain_is_suspect() {
        let a = speech(5.0);
        assert_eq!(suspects(&facts(&a, 5.0, -45.9)), []);
        let found = suspects(&facts(&a, 5.0, -46.1));
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message()
                .contains("needs +30.1 dB to reach -16 LUFS"),
            "{}",
            found[0].message()
        );
    }

    #[test]
    fn noise_is_suspect_for_having_no_speech_not_for_its_level() {
        let a = analysis(Verdict::NoSpeech {
            sound: NonSpeech::Noise,
        });
        let found = suspects(&facts(&a, 5.0, -63.0));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].label(), "no speech");
        assert!(
            found[0]
                .message()
                .contains("only steady noise (-46 dBFS RMS)")
        );
        // Digital silence is no suspect: it is an error of its own.
        assert_eq!(suspects(&facts(&analysis(Verdict::Silent), 5.0, -90.0)), []);
    }

    #[test]
    fn clipping_is_suspect_and_says_where() {
        let a = speech(5.0);
        let mut f = facts(&a, 5.0, -20.0);
        f.clipping = Clipping {
            places: 3,
            first_s: Some(3.24),
        };
        let found = suspects(&f);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message()
                .contains("clipped at 0 dBFS in 3 places (first at 0:03.2)"),
            "{}",
            found[0].message()
        );
    }
}
