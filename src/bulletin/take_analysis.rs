//! What the booth shows beside a take the moment it is recorded: its length against the
//! estimate, its level, and whether it is too quiet, clipped or holds no speech at all,
//! with the announcer's reading rate in that take.

use super::rundown::Segment;
use super::speech::speech_span;
use super::status::inner_pauses_s;
use crate::config::{Reading, StationConfig};
use crate::media::DecodedAudio;
use crate::script::segment::count_syllables;
use serde::Serialize;

/// More make-up gain than this to reach the programme target means the take is too quiet
/// (its noise would be raised as much).
const MAX_GAIN_DB: f64 = 30.0;
/// A sample at or above this magnitude is at full scale.
const FULL_SCALE: f32 = 0.999;
/// This many full-scale samples in a row are a clip (one may be a legitimate peak).
const CLIP_RUN: usize = 3;
/// Speech rises and falls with syllables and pauses; steady noise or hum does not. Over
/// the span between the first and last loud frame, speech's 90th-percentile frame is
/// well over 12 dB above its 10th; a fan, hiss or hum is within a few dB.
const MIN_SPEECH_SPREAD_DB: f64 = 12.0;
/// Frame for the spread, seconds.
const FRAME_S: f64 = 0.02;

/// Something the announcer should act on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// No speech: silence, or only steady noise or hum.
    NoSpeech,
    /// The integrated loudness is so low that reaching the target needs over 30 dB.
    TooQuiet { lufs: f64 },
    /// Runs of full-scale samples.
    Clipped { places: usize },
    /// Far longer than the estimate (a late stop, extra reading).
    MuchLonger,
    /// Far shorter than the estimate (something left out).
    MuchShorter,
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
    pub integrated_lufs: Option<f64>,
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
}

/// Analyses a decoded take of `segment`.
pub fn analyse(audio: &DecodedAudio, segment: &Segment, config: &StationConfig) -> TakeAnalysis {
    let duration_s = audio.duration_s();
    let span = speech_span(audio);
    let loudness = crate::dsp::loudness::measure(audio).ok();
    let integrated = loudness.as_ref().and_then(|l| l.integrated_lufs);
    let peak = loudness.as_ref().and_then(|l| l.sample_peak_dbfs);
    let mut findings = Vec::new();
    let speech = span.filter(|s| speaks(audio, s.start_s, s.length_s));
    if speech.is_none() {
        findings.push(Finding::NoSpeech);
    }
    if let Some(lufs) = integrated
        && config.effective_target_lufs() - lufs > MAX_GAIN_DB
        && speech.is_some()
    {
        findings.push(Finding::TooQuiet { lufs });
    }
    let places = clipped_places(&audio.samples);
    if places > 0 {
        findings.push(Finding::Clipped { places });
    }
    let speech_s = speech.map(|s| s.length_s);
    if let Some(len) = speech_s {
        let est = segment.estimate_s;
        if len > est * 1.5 && len > est + 10.0 {
            findings.push(Finding::MuchLonger);
        } else if est > 5.0 && len < est * 0.5 {
            findings.push(Finding::MuchShorter);
        }
    }
    TakeAnalysis {
        duration_s,
        speech_s,
        estimate_s: segment.estimate_s,
        sample_rate: audio.sample_rate,
        channels: audio.channels,
        codec: audio.codec.clone(),
        integrated_lufs: integrated,
        peak_dbfs: peak,
        rate_spm: speech_s.and_then(|s| rate(&segment.spoken, s, &config.reading)),
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

/// Whether the loud span rises and falls as speech does (see [`MIN_SPEECH_SPREAD_DB`]).
fn speaks(audio: &DecodedAudio, start_s: f64, length_s: f64) -> bool {
    let channels = usize::from(audio.channels.max(1));
    let rate = f64::from(audio.sample_rate.max(1));
    let frame = ((rate * FRAME_S) as usize).max(1);
    let first = (start_s * rate) as usize;
    let last = ((start_s + length_s) * rate) as usize;
    let span = audio
        .samples
        .get(first * channels..(last * channels).min(audio.samples.len()))
        .unwrap_or(&[]);
    let mut levels: Vec<f64> = span
        .chunks(frame * channels)
        .filter(|c| c.len() == frame * channels)
        .map(|c| {
            let energy: f64 = c.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
            10.0 * (energy / c.len() as f64 + 1e-20).log10()
        })
        .collect();
    if levels.len() < 10 {
        return false;
    }
    levels.sort_by(f64::total_cmp);
    let at = |q: f64| levels[((levels.len() - 1) as f64 * q) as usize];
    at(0.9) - at(0.1) >= MIN_SPEECH_SPREAD_DB
}

/// Places where the signal sits at full scale for [`CLIP_RUN`] samples or more.
fn clipped_places(samples: &[f32]) -> usize {
    let mut places = 0;
    let mut run = 0;
    for &s in samples {
        if s.abs() >= FULL_SCALE {
            run += 1;
            if run == CLIP_RUN {
                places += 1;
            }
        } else {
            run = 0;
        }
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(spoken: &str, estimate_s: f64) -> Segment {
        Segment {
            id: "01-1".into(),
            spoken: spoken.into(),
            original: String::new(),
            syllables: count_syllables(spoken),
            estimate_s,
            take: "01-1".into(),
        }
    }

    /// Syllable-like bursts: 180 ms of a 200 Hz tone with harmonics at `level`, 70 ms
    /// pauses, `seconds` long, with a 0.5 s lead-in of room noise.
    fn speechlike(seconds: f64, level: f32) -> DecodedAudio {
        let rate = 16_000u32;
        let mut samples = vec![0.0005f32; rate as usize / 2];
        let n = (seconds * f64::from(rate)) as usize;
        samples.extend((0..n).map(|i| {
            let t = i as f64 / f64::from(rate);
            let in_syllable = (t % 0.25) < 0.18;
            let s = (t * 200.0 * std::f64::consts::TAU).sin()
                + 0.5 * (t * 400.0 * std::f64::consts::TAU).sin();
            if in_syllable {
                level * (s / 1.5) as f32
            } else {
                0.0005
            }
        }));
        DecodedAudio {
            samples,
            sample_rate: rate,
            channels: 1,
            codec: "PCM 16-bit".into(),
        }
    }

    #[test]
    fn a_good_take_has_no_findings_and_a_rate() {
        let words = "một hai ba bốn năm sáu bảy tám chín mười ".repeat(4);
        let take = speechlike(12.0, 0.3);
        let a = analyse(&take, &segment(&words, 11.0), &StationConfig::default());
        assert!(a.is_good(), "{a:?}");
        let speech = a.speech_s.unwrap();
        assert!((speech - 11.93).abs() < 0.1, "{speech}");
        assert_eq!(a.rate_spm, Some((40.0 * 60.0 / speech).round()));
    }

    #[test]
    fn noise_quiet_clipped_and_long_takes_are_flagged() {
        let config = StationConfig::default();
        let seg = segment("một hai ba", 10.0);
        let hum = DecodedAudio {
            samples: (0..48_000)
                .map(|i| 0.2 * (i as f32 * 50.0 * std::f32::consts::TAU / 16_000.0).sin())
                .collect(),
            sample_rate: 16_000,
            channels: 1,
            codec: "PCM 16-bit".into(),
        };
        assert_eq!(analyse(&hum, &seg, &config).findings, [Finding::NoSpeech]);

        let quiet = analyse(&speechlike(10.0, 0.006), &seg, &config);
        assert!(
            matches!(quiet.findings[..], [Finding::TooQuiet { lufs }] if lufs < -46.0),
            "{quiet:?}"
        );

        let mut loud = speechlike(10.0, 0.3);
        for s in &mut loud.samples[20_000..20_010] {
            *s = 1.0;
        }
        for s in &mut loud.samples[40_000..40_002] {
            *s = -1.0;
        }
        let clipped = analyse(&loud, &seg, &config);
        assert_eq!(clipped.findings, [Finding::Clipped { places: 1 }]);

        let long = analyse(&speechlike(30.0, 0.3), &seg, &config);
        assert_eq!(long.findings, [Finding::MuchLonger]);
        let short = analyse(&speechlike(3.0, 0.3), &segment("một", 20.0), &config);
        assert_eq!(short.findings, [Finding::MuchShorter]);
    }
}
