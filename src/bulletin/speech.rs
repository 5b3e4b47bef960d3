//! How long the announcer actually spoke in a take: the file's length without the
//! silence before the first word and after the last (the pause while pressing record and
//! stop). Used to measure the reading rate; a simple energy gate is enough for that.

use std::path::Path;

#[cfg(test)]
use crate::media::DecodedAudio;
use crate::media::{DecodeError, StreamError, StreamInfo, decode_stream};

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
#[cfg(test)]
pub fn speech_span(audio: &DecodedAudio) -> Option<SpeechSpan> {
    let mut meter = SpeechMeter::new(audio.sample_rate, audio.channels);
    meter.add(&audio.samples);
    meter
        .refine(|frames| {
            frames(&audio.samples);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {})
}

/// A take's file decoded as it streams (a take of any length in bounded memory): what it
/// is, and where its speech is.
pub fn speech_in_file(path: &Path) -> Result<(StreamInfo, Option<SpeechSpan>), DecodeError> {
    let mut meter: Option<SpeechMeter> = None;
    let info = decode_stream(path, |format, block| {
        meter
            .get_or_insert_with(|| SpeechMeter::new(format.sample_rate, format.channels))
            .add(block);
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(decode_error)?;
    let Some(meter) = meter else {
        return Ok((info, None));
    };
    // A long take is not kept: its edges are found in a second decode.
    let span = meter.refine(|frames| {
        decode_stream(path, |_, block| {
            frames(block);
            Ok::<(), std::convert::Infallible>(())
        })
        .map(|_| ())
        .map_err(decode_error)
    })?;
    Ok((info, span))
}

fn decode_error(err: StreamError<std::convert::Infallible>) -> DecodeError {
    match err {
        StreamError::Decode(err) => err,
        StreamError::Sink(never) => match never {},
    }
}

/// Samples of a take kept to refine its edges without decoding it again (16 MiB: over
/// a minute of 48 kHz stereo, every take of a bulletin).
const KEPT_SAMPLES: usize = 4 << 20;

/// The level of every 10 ms frame of a take, gathered block by block.
struct SpeechMeter {
    channels: usize,
    rate: u32,
    frame_len: usize,
    sum: f64,
    in_frame: usize,
    energies: Vec<f64>,
    /// The take's samples, while they fit in `keep_up_to` ([`KEPT_SAMPLES`]).
    kept: Option<Vec<f32>>,
    keep_up_to: usize,
}

impl SpeechMeter {
    fn new(rate: u32, channels: u16) -> Self {
        Self {
            channels: usize::from(channels.max(1)),
            rate,
            frame_len: ((f64::from(rate) * FRAME_S).round() as usize).max(1),
            sum: 0.0,
            in_frame: 0,
            energies: Vec::new(),
            kept: Some(Vec::new()),
            keep_up_to: KEPT_SAMPLES,
        }
    }

    fn add(&mut self, block: &[f32]) {
        let frame_samples = self.frame_len * self.channels;
        let mut rest = block;
        while !rest.is_empty() {
            let n = (frame_samples - self.in_frame).min(rest.len());
            for &s in &rest[..n] {
                self.sum += f64::from(s) * f64::from(s);
            }
            self.in_frame += n;
            if self.in_frame == frame_samples {
                self.close_frame();
            }
            rest = &rest[n..];
        }
        if let Some(kept) = &mut self.kept {
            if kept.len() + block.len() <= self.keep_up_to {
                kept.extend_from_slice(block);
            } else {
                self.kept = None;
            }
        }
    }

    fn close_frame(&mut self) {
        let len = self.in_frame.max(1) as f64;
        self.energies.push(10.0 * (self.sum / len + 1e-20).log10());
        self.sum = 0.0;
        self.in_frame = 0;
    }

    /// Where the speech is, refined to the sample: the first and last sample above the
    /// gate's level within the edge frames, so the length is not off by up to a frame at
    /// each end. `replay` hands the take's samples again, in order, to the function it is
    /// given, when they were not kept.
    fn refine<E>(
        mut self,
        replay: impl FnOnce(&mut dyn FnMut(&[f32])) -> Result<(), E>,
    ) -> Result<Option<SpeechSpan>, E> {
        if self.in_frame > 0 {
            self.close_frame();
        }
        let energies = &self.energies;
        let loudest = energies.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let gate = (loudest - RELATIVE_GATE_DB).max(ABSOLUTE_GATE_DBFS);
        let (Some(first), Some(last)) = (
            energies.iter().position(|&e| e >= gate),
            energies.iter().rposition(|&e| e >= gate),
        ) else {
            return Ok(None);
        };
        let level = 10f64.powf(gate / 20.0) as f32;
        let ch = self.channels;
        let frame_len = self.frame_len;
        // The first loud sample frame at or after `first`'s start, the last before `last`'s end.
        let mut start = None;
        let mut end = None;
        let mut at = 0usize; // sample frames seen
        let mut look = |block: &[f32]| {
            for frame in block.chunks_exact(ch) {
                let f = at / frame_len;
                if (f == first && start.is_none() || f == last)
                    && frame.iter().any(|s| s.abs() >= level)
                {
                    if f == first && start.is_none() {
                        start = Some(at);
                    }
                    if f == last {
                        end = Some(at + 1);
                    }
                }
                at += 1;
            }
        };
        match self.kept.take() {
            Some(kept) => look(&kept),
            None => replay(&mut look)?,
        }
        let start = start.unwrap_or(first * frame_len);
        let end = end.unwrap_or(((last + 1) * frame_len).min(at));
        let rate = f64::from(self.rate.max(1));
        Ok(Some(SpeechSpan {
            start_s: start as f64 / rate,
            length_s: end.saturating_sub(start) as f64 / rate,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_take_too_long_to_keep_is_refined_from_a_second_pass_alike() {
        let audio = take(0.73, 2.0, 1.31, 2);
        let whole = speech_span(&audio).unwrap();
        let mut meter = SpeechMeter::new(audio.sample_rate, audio.channels);
        meter.keep_up_to = 1_000;
        for block in audio.samples.chunks(2 * 999) {
            meter.add(block);
        }
        assert!(meter.kept.is_none());
        let mut replays = 0;
        let streamed = meter
            .refine(|frames| {
                replays += 1;
                for block in audio.samples.chunks(2 * 4_321) {
                    frames(block);
                }
                Ok::<(), ()>(())
            })
            .unwrap()
            .unwrap();
        assert_eq!(replays, 1);
        assert_eq!(streamed, whole);
        assert!((whole.start_s - 0.73).abs() < 0.01, "{whole:?}");
    }

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
