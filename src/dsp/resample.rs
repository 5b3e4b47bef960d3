//! Sample-rate conversion with rubato's synchronous FFT resampler: fixed ratio, whole
//! clip at once, start-up delay trimmed so the output lines up with the input.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

#[derive(Debug, thiserror::Error)]
pub enum ResampleError {
    #[error("cannot resample from {from} Hz to {to} Hz: {message}")]
    Failed { from: u32, to: u32, message: String },
}

/// Resamples interleaved `samples` from `from` Hz to `to` Hz into a new buffer (a copy
/// when the rates match).
pub fn resample(
    samples: &[f32],
    channels: usize,
    from: u32,
    to: u32,
) -> Result<Vec<f32>, ResampleError> {
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let fail = |message: String| ResampleError::Failed { from, to, message };
    let channels = channels.max(1);
    let frames = samples.len() / channels;
    let mut resampler =
        Fft::<f32>::new(from as usize, to as usize, 1024, channels, FixedSync::Both)
            .map_err(|e| fail(e.to_string()))?;
    let input =
        InterleavedSlice::new(samples, channels, frames).map_err(|e| fail(e.to_string()))?;
    let out = resampler
        .process_all(&input, frames, None)
        .map_err(|e| fail(e.to_string()))?;
    Ok(out.take_data())
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
}
