//! How long the announcer actually spoke in a take: the file's length without the
//! silence before the first word and after the last (the pause while pressing record and
//! stop). Used to measure the reading rate; a simple energy gate is enough for that.

use crate::media::DecodedAudio;

/// Analysis frame, seconds.
const FRAME_S: f64 = 0.010;
/// A frame is speech when it is within this many dB of the loudest frame…
const RELATIVE_GATE_DB: f64 = 35.0;
/// …and above this absolute level (dBFS), so a take of pure hiss counts as silent.
const ABSOLUTE_GATE_DBFS: f64 = -55.0;

/// Where speech is in a take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeechSpan {
    /// First speech, seconds from the start of the file.
    pub start_s: f64,
    /// Seconds from the first speech to the end of the last speech frame.
    pub length_s: f64,
}

/// The span from the first to the last frame loud enough to be speech, or `None` when
/// the take is silent.
pub fn speech_span(audio: &DecodedAudio) -> Option<SpeechSpan> {
    let channels = usize::from(audio.channels.max(1));
    let frame_len = ((f64::from(audio.sample_rate) * FRAME_S).round() as usize).max(1);
    let energies: Vec<f64> = audio
        .samples
        .chunks(frame_len * channels)
        .map(|frame| {
            let sum: f64 = frame.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
            10.0 * (sum / frame.len().max(1) as f64 + 1e-20).log10()
        })
        .collect();
    let loudest = energies.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let gate = (loudest - RELATIVE_GATE_DB).max(ABSOLUTE_GATE_DBFS);
    let first = energies.iter().position(|&e| e >= gate)?;
    let last = energies.iter().rposition(|&e| e >= gate)?;
    // Refine both edges to the sample: the first and last sample above the gate's level
    // within the edge frames, so the length is not off by up to a frame at each end.
    let level = 10f64.powf(gate / 20.0) as f32;
    let loud = |frame: &[f32]| frame.iter().any(|s| s.abs() >= level);
    let frames = audio.frames();
    let frame_range = |f: usize| (f * frame_len).min(frames)..((f + 1) * frame_len).min(frames);
    let sample_frame = |i: usize| &audio.samples[i * channels..(i + 1) * channels];
    let start = frame_range(first)
        .find(|&i| loud(sample_frame(i)))
        .unwrap_or(first * frame_len);
    let end = frame_range(last)
        .rev()
        .find(|&i| loud(sample_frame(i)))
        .map_or(frame_range(last).end, |i| i + 1);
    let rate = f64::from(audio.sample_rate.max(1));
    Some(SpeechSpan {
        start_s: start as f64 / rate,
        length_s: end.saturating_sub(start) as f64 / rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lead` s of silence, `tone` s of a 220 Hz tone at -20 dBFS with a quiet gap in the
    /// middle (a pause between sentences is speech time), `tail` s of silence.
    fn take(lead: f64, tone: f64, tail: f64, channels: u16) -> DecodedAudio {
        let rate = 16_000;
        let n = |s: f64| (s * f64::from(rate)) as usize;
        let mut mono = vec![0.0f32; n(lead)];
        mono.extend((0..n(tone)).map(|i| {
            let t = i as f64 / f64::from(rate);
            let pause = (t - tone / 2.0).abs() < 0.2;
            if pause {
                0.0
            } else {
                (0.1 * (t * 220.0 * std::f64::consts::TAU).sin()) as f32
            }
        }));
        mono.extend(vec![0.0f32; n(tail)]);
        DecodedAudio {
            samples: mono
                .iter()
                .flat_map(|&s| std::iter::repeat_n(s, usize::from(channels)))
                .collect(),
            sample_rate: rate,
            channels,
            codec: "PCM 16-bit".into(),
        }
    }

    #[test]
    fn head_and_tail_silence_are_left_out() {
        for channels in [1, 2] {
            let span = speech_span(&take(0.8, 5.0, 1.3, channels)).unwrap();
            assert!((span.start_s - 0.8).abs() < 0.001, "{span:?}");
            assert!((span.length_s - 5.0).abs() < 0.002, "{span:?}");
        }
    }

    #[test]
    fn silence_and_hiss_have_no_speech() {
        assert_eq!(speech_span(&take(2.0, 0.0, 0.0, 1)), None);
        let mut hiss = take(2.0, 0.0, 0.0, 1);
        for (i, s) in hiss.samples.iter_mut().enumerate() {
            *s = if i % 2 == 0 { 0.0005 } else { -0.0005 };
        }
        assert_eq!(speech_span(&hiss), None);
    }
}
