//! What the booth shows beside a take the moment it is recorded: its length against the
//! estimate, its level, the announcer's reading rate in it, and whether it may go to air.
//! The verdict is `bantin status`'s own ([`super::status::measure`], the rules of
//! [`super::take_check`]): a take the booth calls suspect is one `assemble` refuses.
//! Beyond that, the booth also points out a take far shorter than its estimate (something
//! left out), which is not a reason to refuse it.

use super::rundown::Segment;
use super::status::{inner_pauses_s, measure};
use super::take_check::Suspect;
use crate::config::{Reading, StationConfig};
use crate::media::DecodedAudio;
use crate::script::segment::count_syllables;
use serde::Serialize;

/// Something the announcer should act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// Digital silence: nothing was recorded.
    Silent,
    /// No speech: only noise, hum or a tone (`what` says which, in English).
    NoSpeech { what: String },
    /// Far longer than the estimate (a late stop, the recorder left running).
    TooLong,
    /// Flat at full scale in `places` places.
    Clipped { places: usize },
    /// So quiet that reaching the target needs more than 30 dB.
    TooQuiet { lufs: f64 },
    /// Far shorter than the estimate: advice only, `assemble` takes it.
    MuchShorter,
}

impl Finding {
    /// Whether `assemble` refuses the take for it (without `--accept-suspect`).
    pub fn stops_assembly(&self) -> bool {
        !matches!(self, Self::MuchShorter)
    }
}

/// The analysis of one take.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeAnalysis {
    pub duration_s: f64,
    /// From the first to the last speech.
    pub speech_s: Option<f64>,
    pub estimate_s: f64,
    pub sample_rate: u32,
    pub channels: u16,
    pub codec: String,
    /// Loudness of the kept part (speech and a breath each side), as `assemble` measures it.
    pub loudness_lufs: Option<f64>,
    pub peak_dbfs: Option<f64>,
    /// Syllables per minute of speech in this take (pauses excluded), when long enough.
    pub rate_spm: Option<f64>,
    pub findings: Vec<Finding>,
}

impl TakeAnalysis {
    /// No finding: the take can go on air as it is.
    pub fn is_good(&self) -> bool {
        self.findings.is_empty()
    }

    /// A finding `assemble` would refuse the take for.
    pub fn is_suspect(&self) -> bool {
        self.findings.iter().any(Finding::stops_assembly)
    }
}

/// Analyses a decoded take of `segment`.
pub fn analyse(audio: &DecodedAudio, segment: &Segment, config: &StationConfig) -> TakeAnalysis {
    let measured = measure(
        audio,
        config,
        Some(segment.estimate_s),
        config.audio.target_lufs(),
    );
    let mut findings: Vec<Finding> = measured
        .suspect
        .iter()
        .map(|s| match s {
            Suspect::NoSpeech { what } => Finding::NoSpeech { what: what.clone() },
            Suspect::TooLong { .. } => Finding::TooLong,
            Suspect::Clipped { places, .. } => Finding::Clipped { places: *places },
            Suspect::TooQuiet { loudness_lufs, .. } => Finding::TooQuiet {
                lufs: *loudness_lufs,
            },
        })
        .collect();
    if measured.silent {
        findings.insert(0, Finding::Silent);
    }
    if let Some(speech) = measured.speech_s
        && segment.estimate_s > 5.0
        && speech < segment.estimate_s * 0.5
    {
        findings.push(Finding::MuchShorter);
    }
    let peak = audio.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
    TakeAnalysis {
        duration_s: measured.duration_s,
        speech_s: measured.speech_s,
        estimate_s: segment.estimate_s,
        sample_rate: audio.sample_rate,
        channels: audio.channels,
        codec: measured.codec,
        loudness_lufs: measured.loudness_lufs,
        peak_dbfs: (peak > 0.0).then(|| (20.0 * f64::from(peak).log10() * 10.0).round() / 10.0),
        rate_spm: measured
            .speech_s
            .and_then(|s| rate(&segment.spoken, s, &config.reading)),
        findings,
    }
}

/// The reading rate over one take, as `bantin status` measures it over a bulletin.
fn rate(spoken: &str, speech_s: f64, reading: &Reading) -> Option<f64> {
    let syllables = count_syllables(spoken);
    let speaking = speech_s - inner_pauses_s(spoken, reading);
    if syllables < 10 || speaking < 3.0 {
        return None;
    }
    let spm = f64::from(syllables) * 60.0 / speaking;
    (spm > 30.0 && spm < 600.0).then_some(spm.round())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn take(name: &str) -> DecodedAudio {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("audio/fixtures/takes")
            .join(name);
        crate::media::decode_file(&path).unwrap()
    }

    fn segment(spoken: &str, estimate_s: f64) -> Segment {
        Segment {
            id: "01-1".into(),
            spoken: spoken.into(),
            original: String::new(),
            syllables: count_syllables(spoken),
            estimate_s,
            take: "01-1".into(),
            accept_suspect: false,
        }
    }

    #[test]
    fn a_speech_take_is_good_with_its_length_level_and_rate() {
        let audio = take("speech.flac");
        let words = "Đài Truyền thanh huyện Thọ Xuân xin kính chào quý vị và các bạn.";
        let a = analyse(&audio, &segment(words, 4.0), &StationConfig::default());
        assert!(a.is_good(), "{a:?}");
        let speech = a.speech_s.unwrap();
        assert!(speech > 1.0 && speech <= a.duration_s, "{a:?}");
        assert!(
            a.loudness_lufs.unwrap() < -10.0 && a.peak_dbfs.unwrap() <= 0.0,
            "{a:?}"
        );
    }

    #[test]
    fn noise_hum_and_silence_are_findings_the_assembly_stops_for() {
        let config = StationConfig::default();
        let seg = segment("một hai ba", 10.0);
        for noise in [
            "hum.flac",
            "pink-noise.flac",
            "white-noise.flac",
            "room-tone.flac",
        ] {
            let a = analyse(&take(noise), &seg, &config);
            assert!(
                matches!(
                    a.findings.first(),
                    Some(Finding::NoSpeech { .. } | Finding::Silent)
                ),
                "{noise}: {a:?}"
            );
            assert!(a.is_suspect(), "{noise}");
        }
    }

    #[test]
    fn a_take_far_shorter_than_its_estimate_is_pointed_out_but_not_refused() {
        let audio = take("speech.flac");
        let a = analyse(
            &audio,
            &segment("một hai ba", 40.0),
            &StationConfig::default(),
        );
        assert_eq!(a.findings, [Finding::MuchShorter]);
        assert!(!a.is_suspect());
    }

    #[test]
    fn a_clipped_take_is_flagged() {
        let mut audio = take("speech.flac");
        let peak = audio.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        for s in &mut audio.samples {
            *s = (*s * 4.0 / peak).clamp(-1.0, 1.0);
        }
        let a = analyse(&audio, &segment("một", 2.0), &StationConfig::default());
        assert!(
            a.findings
                .iter()
                .any(|f| matches!(f, Finding::Clipped { places } if *places > 0)),
            "{a:?}"
        );
    }
}
