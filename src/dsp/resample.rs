//! Sample-rate conversion with rubato's synchronous FFT resampler, streamed: the audio goes
//! in and comes out block by block (fixed ratio, start-up delay trimmed so the output lines
//! up with the input), so a take of any length is resampled in a few hundred kilobytes.
//! The output is sample for sample what rubato's `process_all` gives for the whole clip.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

#[derive(Debug, thiserror::Error)]
pub enum ResampleError {
    #[error("cannot resample from {from} Hz to {to} Hz: {message}")]
    Failed { from: u32, to: u32, message: String },
}

/// About this many input frames go through one FFT of rubato's.
const CHUNK_FRAMES: usize = 2048;

/// The input frames of one FFT block for `from` → `to` Hz: a whole number of the rate
/// pair's smallest block (`from / gcd`: 147 for 44.1 → 48 kHz), near [`CHUNK_FRAMES`].
/// That number is a power of two, so the transforms' sizes have no odd factors but the
/// pair's own: 44.1 → 48 kHz takes 2352 frames (16 × 147; FFTs of 2⁵·3·7² and 2¹⁰·5
/// points) where 1029 (7 × 147: 2·3·7³ and 2⁶·5·7) cost a fifth more per sample.
fn chunk_frames(from: u32, to: u32) -> usize {
    let smallest = (from / gcd(from, to).max(1)) as usize;
    smallest * CHUNK_FRAMES.div_ceil(smallest).next_power_of_two()
}

/// The greatest common divisor of two rates.
pub(crate) fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A resampler fed interleaved blocks of any size.
pub struct StreamResampler {
    from: u32,
    to: u32,
    channels: usize,
    /// `None` when the rates match: the audio passes through.
    fft: Option<Fft<f32>>,
    chunk_in: usize,
    /// Input frames waiting for a whole chunk, interleaved.
    pending: Vec<f32>,
    /// rubato's output of one chunk.
    scratch: Vec<f32>,
    /// Output frames still to drop: the resampler's start-up delay.
    delay_left: usize,
    frames_in: usize,
    frames_out: usize,
}

impl StreamResampler {
    pub fn new(channels: usize, from: u32, to: u32) -> Result<Self, ResampleError> {
        let channels = channels.max(1);
        let fft = if from == to {
            None
        } else {
            Some(
                Fft::<f32>::new(
                    from as usize,
                    to as usize,
                    chunk_frames(from, to),
                    channels,
                    FixedSync::Both,
                )
                .map_err(|e| ResampleError::Failed {
                    from,
                    to,
                    message: e.to_string(),
                })?,
            )
        };
        let chunk_in = fft.as_ref().map_or(0, Resampler::input_frames_next);
        let out_max = fft.as_ref().map_or(0, Resampler::output_frames_max);
        let delay_left = fft.as_ref().map_or(0, Resampler::output_delay);
        Ok(Self {
            from,
            to,
            channels,
            fft,
            chunk_in,
            pending: Vec::with_capacity(chunk_in * channels),
            scratch: vec![0.0; out_max * channels],
            delay_left,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Resamples `samples` (whole frames), appending what is ready to `out`.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<f32>) -> Result<(), ResampleError> {
        let ch = self.channels;
        self.frames_in += samples.len() / ch;
        if self.fft.is_none() {
            out.extend_from_slice(samples);
            return Ok(());
        }
        let chunk = self.chunk_in * ch;
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (chunk - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() == chunk {
                self.process(None, out)?;
                self.pending.clear();
            }
        }
        Ok(())
    }

    /// One chunk of `pending` (all of it, or its first `partial` frames with silence
    /// after) through rubato; the output after the start-up delay goes to `out`.
    fn process(
        &mut self,
        partial: Option<usize>,
        out: &mut Vec<f32>,
    ) -> Result<usize, ResampleError> {
        let ch = self.channels;
        let frames_out_max = self.scratch.len() / ch;
        let (from, to) = (self.from, self.to);
        let fail = |err: &dyn std::fmt::Display| ResampleError::Failed {
            from,
            to,
            message: err.to_string(),
        };
        self.pending.resize(self.chunk_in * ch, 0.0);
        let input =
            InterleavedSlice::new(&self.pending[..], ch, self.chunk_in).map_err(|e| fail(&e))?;
        let mut output = InterleavedSlice::new_mut(&mut self.scratch[..], ch, frames_out_max)
            .map_err(|e| fail(&e))?;
        let indexing = partial.map(|n| Indexing::new().partial_len(n));
        let fft = self.fft.as_mut().expect("only called when resampling");
        let (_, made) = fft
            .process_into_buffer(&input, &mut output, indexing.as_ref())
            .map_err(|e| fail(&e))?;
        let dropped = made.min(self.delay_left);
        self.delay_left -= dropped;
        out.extend_from_slice(&self.scratch[dropped * ch..made * ch]);
        self.frames_out += made - dropped;
        Ok(made - dropped)
    }

    /// The end of the input: the last partial chunk and the resampler's tail, cut to the
    /// length the clip has at the new rate (`ceil(frames × to / from)`).
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), ResampleError> {
        let Some(fft) = self.fft.as_ref() else {
            return Ok(());
        };
        if self.frames_in == 0 {
            return Ok(());
        }
        let expected = (fft.resample_ratio() * self.frames_in as f64).ceil() as usize;
        let ch = self.channels;
        let start = out.len();
        let before = self.frames_out;
        let partial = self.pending.len() / ch;
        if partial > 0 {
            self.process(Some(partial), out)?;
        }
        self.pending.clear();
        while self.frames_out < expected {
            self.pending.clear();
            if self.process(Some(0), out)? == 0 && self.delay_left == 0 {
                break;
            }
        }
        // Cut to the expected length (what is over is the resampler's padding).
        let keep = expected
            .saturating_sub(before)
            .min((out.len() - start) / ch);
        out.truncate(start + keep * ch);
        self.frames_out = before + keep;
        Ok(())
    }
}

/// Resamples interleaved `samples` from `from` Hz to `to` Hz into a new buffer (a copy
/// when the rates match), all at once.
#[cfg(test)]
pub fn resample(
    samples: &[f32],
    channels: usize,
    from: u32,
    to: u32,
) -> Result<Vec<f32>, ResampleError> {
    let mut resampler = StreamResampler::new(channels, from, to)?;
    let mut out = Vec::new();
    resampler.push(samples, &mut out)?;
    resampler.finish(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_keeps_its_pitch_level_and_length() {
        let from = 22_050;
        let x: Vec<f32> = (0..from)
            .map(|i| {
                (0.5 * (2.0 * std::f64::consts::PI * 440.0 * f64::from(i) / f64::from(from)).sin())
                    as f32
            })
            .collect();
        let y = resample(&x, 1, from as u32, 48_000).unwrap();
        assert!((y.len() as i64 - 48_000).abs() <= 2, "{}", y.len());
        // Compare with the ideal tone in the middle (edges have filter transients),
        // allowing the output to sit within a sample of the input (21 µs).
        let worst = (-1i64..=1)
            .map(|off| {
                (10_000..38_000i64)
                    .map(|i| {
                        let t = (i + off) as f64 / 48_000.0;
                        let ideal = 0.5 * (2.0 * std::f64::consts::PI * 440.0 * t).sin();
                        (f64::from(y[i as usize]) - ideal).abs()
                    })
                    .fold(0f64, f64::max)
            })
            .fold(f64::INFINITY, f64::min);
        assert!(worst < 3e-3, "{worst}");
    }

    #[test]
    fn a_block_is_a_power_of_two_of_the_rate_pairs_smallest_block() {
        for (from, to, frames) in [
            (44_100, 48_000, 2352),
            (22_050, 48_000, 2352),
            (11_025, 48_000, 2352),
            (32_000, 48_000, 2048),
            (8_000, 48_000, 2048),
            (96_000, 48_000, 2048),
            // A rate with a large smallest block takes one of it.
            (44_053, 48_000, 44_053),
        ] {
            assert_eq!(chunk_frames(from, to), frames, "{from} -> {to}");
        }
    }

    /// rubato's own whole-clip resampling, the reference.
    fn process_all(x: &[f32], channels: usize, from: u32, to: u32) -> Vec<f32> {
        let frames = x.len() / channels;
        let mut fft = Fft::<f32>::new(
            from as usize,
            to as usize,
            chunk_frames(from, to),
            channels,
            FixedSync::Both,
        )
        .unwrap();
        let input = InterleavedSlice::new(x, channels, frames).unwrap();
        fft.process_all(&input, frames, None).unwrap().take_data()
    }

    #[test]
    fn streamed_in_any_blocks_it_equals_rubatos_whole_clip_resampling() {
        let mut seed = 7u32;
        for (from, to, channels, frames) in [
            (44_100, 48_000, 1, 100_000),
            (22_050, 48_000, 2, 30_001),
            (48_000, 44_100, 1, 2_048),
            (8_000, 48_000, 1, 500),
            (96_000, 48_000, 2, 10),
            (44_100, 48_000, 1, 1_024 * 3),
        ] {
            let x: Vec<f32> = (0..frames * channels)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    seed as f32 / u32::MAX as f32 - 0.5
                })
                .collect();
            let want = process_all(&x, channels, from, to);
            for block in [1usize, 333, 1_024, 4_097, 1 << 20] {
                let mut r = StreamResampler::new(channels, from, to).unwrap();
                let mut got = Vec::new();
                for piece in x.chunks(block * channels) {
                    r.push(piece, &mut got).unwrap();
                }
                r.finish(&mut got).unwrap();
                assert_eq!(
                    got.len(),
                    want.len(),
                    "{from}->{to}, {frames} frames, blocks of {block}"
                );
                assert!(
                    got == want,
                    "{from}->{to}, {frames} frames, blocks of {block}: samples differ"
                );
            }
        }
    }

    #[test]
    fn matching_rates_pass_through() {
        let x = vec![0.25f32; 1000];
        assert_eq!(resample(&x, 2, 48_000, 48_000).unwrap(), x);
    }
}
