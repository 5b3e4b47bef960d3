//! Loudness measurement per ITU-R BS.1770-4 / EBU R128, through the ebur128 crate.
//!
//! One pass over the decoded samples gives everything `bantin loudness` reports. The
//! K-weighting, the gating (integrated, LRA) and the true-peak oversampling are the
//! ebur128 crate's; this module only chooses its modes and channel map, feeds it, and
//! tracks the maximum momentary and short-term loudness (see [`windows`]).

use crate::media::{DecodedAudio, limits};
use ebur128::{Channel, EbuR128, Mode};

mod true_peak;
mod windows;

#[cfg(test)]
mod tech3341_tests;
#[cfg(test)]
mod tech3342_tests;
#[cfg(test)]
mod test_signals;

use windows::{SlidingWindows, energy_to_lufs, lufs_to_energy};

/// What `bantin loudness` reports for one file. `None` where the value does not exist
/// (the integrated loudness of digital silence).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoudnessMeasurement {
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub sample_peak_dbfs: Option<f64>,
    pub max_momentary_lufs: Option<f64>,
    pub max_short_term_lufs: Option<f64>,
    pub duration_s: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum LoudnessError {
    #[error(
        "{channels}-channel audio cannot be measured: bantin measures mono, stereo and \
         surround up to 7.1 (L R C LFE Lb Rb Ls Rs); mix it down first, e.g. \
         `ffmpeg -i IN -ac 2 OUT.wav`"
    )]
    UnsupportedChannels { channels: u16 },
    #[error(
        "a sample rate of {rate} Hz cannot be measured (bantin measures {min} Hz to {max} Hz); \
         resample it first, e.g. `ffmpeg -i IN -ar 48000 OUT.wav`",
        min = limits::MIN_SAMPLE_RATE, max = limits::MAX_SAMPLE_RATE
    )]
    UnsupportedSampleRate { rate: u32 },
    #[error(
        "sample {index} (at {seconds:.3} s) is not a number (NaN or infinite): the audio is \
         corrupt; export it again from the recorder or editor"
    )]
    NonFiniteSample { index: usize, seconds: f64 },
    #[error(
        "the loudness meter refused the audio ({0}); this is a bug in bantin, please report it"
    )]
    Meter(#[from] ebur128::Error),
}

/// The loudness of the windows ending at one evaluation step (every 10 ms of audio).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepLoudness {
    /// Time of the end of the windows, from the start of the file.
    pub end_s: f64,
    /// Loudness of the 400 ms ending here (audio before the start counts as silence).
    pub momentary_lufs: f64,
    /// Loudness of the 3 s ending here (audio before the start counts as silence).
    pub short_term_lufs: f64,
}

/// The absolute gate of BS.1770 / Tech 3342: short-term blocks below it do not count for LRA.
const ABSOLUTE_GATE_LUFS: f64 = -70.0;

/// Momentary and short-term loudness are evaluated every `rate / STEPS_PER_SECOND` frames:
/// every 10 ms, as Tech 3341 case 13 needs to catch the maximum of a 400 ms burst.
const STEPS_PER_SECOND: u32 = 100;
const STEP_MS: u32 = 1000 / STEPS_PER_SECOND;

/// Measures a whole decoded file.
pub fn measure(audio: &DecodedAudio) -> Result<LoudnessMeasurement, LoudnessError> {
    measure_with_steps(audio, |_| {})
}

/// Measures a whole decoded file, and hands the momentary and short-term loudness of
/// every 10 ms step to `on_step` as it goes (for meters and tests that need the curve).
pub fn measure_with_steps(
    audio: &DecodedAudio,
    mut on_step: impl FnMut(StepLoudness),
) -> Result<LoudnessMeasurement, LoudnessError> {
    let channels = audio.channels;
    let rate = audio.sample_rate;
    let map = channel_map(channels)?;
    if !(limits::MIN_SAMPLE_RATE..=limits::MAX_SAMPLE_RATE).contains(&rate) {
        return Err(LoudnessError::UnsupportedSampleRate { rate });
    }
    check_finite(audio)?;

    // Only what is reported: I (gated integrated) and LRA (implies S and M, which store
    // the K-weighted audio that momentary/short-term windows are read from). True peak is
    // a second pass over the loud blocks only (see [`true_peak`]). No histogram: the exact
    // block queue is cheap at take lengths.
    let mut meter = EbuR128::new(u32::from(channels), rate, Mode::I | Mode::LRA)?;
    meter.set_channel_map(map)?;

    // `rate * 10 / 1000` frames: exactly the interval ebur128's `loudness_window(10)` reads,
    // so each step's energy comes back whole whatever the rate (22050 Hz: 220 frames).
    let step_frames = (rate / STEPS_PER_SECOND) as usize;
    let step_s = step_frames as f64 / f64::from(rate);
    let mut windows = SlidingWindows::new(
        steps_in(0.4, step_s),
        steps_in(3.0, step_s),
        lufs_to_energy(ABSOLUTE_GATE_LUFS),
    );
    // ebur128 records a short-term block for LRA every second from 3 s on
    // (multiples of its 100 ms block); LRA exists only if one of them passes the gate.
    let lra_block_frames = ((rate as usize + 5) / 10) * 10;
    let mut next_lra_block_end = 3 * lra_block_frames;

    let width = usize::from(channels);
    let chunk_samples = step_frames * width;
    let mut chunks = audio.samples.chunks_exact(chunk_samples);
    let mut frames_done = 0usize;
    let mut block_peaks = Vec::with_capacity(audio.samples.len() / chunk_samples.max(1) + 1);
    for chunk in &mut chunks {
        meter.add_frames_f32(chunk)?;
        block_peaks.push(true_peak::block_peak(chunk));
        frames_done += step_frames;
        // The energy of the last step, read back from the meter's own K-weighted audio.
        let step_energy = lufs_to_energy(meter.loudness_window(STEP_MS)?);
        let counts_for_lra = frames_done >= next_lra_block_end;
        if counts_for_lra {
            next_lra_block_end += lra_block_frames;
        }
        let now = windows.push(step_energy, counts_for_lra);
        on_step(StepLoudness {
            end_s: frames_done as f64 / f64::from(rate),
            momentary_lufs: energy_to_lufs(now.momentary),
            short_term_lufs: energy_to_lufs(now.short_term),
        });
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        meter.add_frames_f32(tail)?;
        block_peaks.push(true_peak::block_peak(tail));
        // The windows ending at the very last sample, read directly once.
        windows.include_final(
            lufs_to_energy(meter.loudness_momentary()?),
            lufs_to_energy(meter.loudness_shortterm()?),
        );
    }

    let sample_peak = f64::from(block_peaks.iter().copied().fold(0.0f32, f32::max));
    let true_peak = true_peak::true_peak(audio, step_frames, &block_peaks)?;
    let maxima = windows.maxima();
    Ok(LoudnessMeasurement {
        integrated_lufs: finite(meter.loudness_global()?),
        loudness_range_lu: if maxima.lra_block_passed_gate {
            finite(meter.loudness_range()?)
        } else {
            None
        },
        true_peak_dbtp: amplitude_to_db(true_peak),
        sample_peak_dbfs: amplitude_to_db(sample_peak),
        max_momentary_lufs: finite(energy_to_lufs(maxima.momentary)),
        max_short_term_lufs: finite(energy_to_lufs(maxima.short_term)),
        duration_s: audio.duration_s(),
    })
}

/// The BS.1770 role of each channel, in the order WAV, FLAC and most codecs store them: as
/// many channels as bantin takes ([`limits::MAX_CHANNELS`]).
fn channel_map(channels: u16) -> Result<&'static [Channel], LoudnessError> {
    use Channel::{
        Center, Left, LeftSurround, Mm090, Mm135, Mp090, Mp135, Mp180, Right, RightSurround, Unused,
    };
    Ok(match channels {
        // A mono take counts once, as ffmpeg's ebur128 filter and libebur128 do: it reads
        // 3 dB below the same signal in both channels of a stereo file.
        1 => &[Center],
        2 => &[Left, Right],
        3 => &[Left, Right, Center],
        4 => &[Left, Right, LeftSurround, RightSurround],
        5 => &[Left, Right, Center, LeftSurround, RightSurround],
        // 5.1: the LFE channel does not count; the surrounds weigh 1.41.
        6 => &[Left, Right, Center, Unused, LeftSurround, RightSurround],
        // 6.1 (L R C LFE Cs Ls Rs) and 7.1 (L R C LFE Lb Rb Ls Rs): side channels (±90°)
        // weigh 1.41, back channels (±135°, 180°) 1, as BS.1770-4 weighs by position.
        7 => &[Left, Right, Center, Unused, Mp180, Mp090, Mm090],
        8 => &[Left, Right, Center, Unused, Mp135, Mm135, Mp090, Mm090],
        _ => return Err(LoudnessError::UnsupportedChannels { channels }),
    })
}

fn check_finite(audio: &DecodedAudio) -> Result<(), LoudnessError> {
    match audio.samples.iter().position(|s| !s.is_finite()) {
        None => Ok(()),
        Some(index) => Err(LoudnessError::NonFiniteSample {
            index,
            seconds: (index / usize::from(audio.channels.max(1))) as f64
                / f64::from(audio.sample_rate.max(1)),
        }),
    }
}

/// How many steps of `step_s` seconds make a window of `window_s` seconds.
fn steps_in(window_s: f64, step_s: f64) -> usize {
    ((window_s / step_s).round() as usize).max(1)
}

fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

fn amplitude_to_db(amplitude: f64) -> Option<f64> {
    finite(20.0 * amplitude.log10())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dsp::loudness::test_signals::{Signal, stereo};

    fn audio(samples: Vec<f32>, sample_rate: u32, channels: u16) -> DecodedAudio {
        DecodedAudio {
            samples,
            sample_rate,
            channels,
            codec: "PCM 32-bit float".to_string(),
        }
    }

    #[test]
    fn digital_silence_has_no_loudness_and_no_peaks() {
        let m = measure(&audio(vec![0.0; 48_000 * 5 * 2], 48_000, 2)).unwrap();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.loudness_range_lu, None);
        assert_eq!(m.true_peak_dbtp, None);
        assert_eq!(m.sample_peak_dbfs, None);
        assert_eq!(m.max_momentary_lufs, None);
        assert_eq!(m.max_short_term_lufs, None);
        assert!((m.duration_s - 5.0).abs() < 1e-9);
    }

    #[test]
    fn no_audio_at_all_measures_as_nothing() {
        let m = measure(&audio(Vec::new(), 44_100, 1)).unwrap();
        assert_eq!(m.integrated_lufs, None);
        assert_eq!(m.sample_peak_dbfs, None);
        assert_eq!(m.duration_s, 0.0);
    }

    #[test]
    fn a_take_shorter_than_three_seconds_has_no_loudness_range() {
        let m = measure(&stereo(&Signal::new(48_000).tone(-23.0, 2.0))).unwrap();
        assert_eq!(m.loudness_range_lu, None);
        let i = m.integrated_lufs.unwrap();
        assert!((i + 23.0).abs() < 0.1, "{i}");
    }

    #[test]
    fn mono_reads_three_db_below_the_same_signal_in_stereo() {
        let signal = Signal::new(48_000).tone(-20.0, 5.0);
        let mono = measure(&audio(signal.samples.clone(), 48_000, 1)).unwrap();
        let both = measure(&stereo(&signal)).unwrap();
        let difference = both.integrated_lufs.unwrap() - mono.integrated_lufs.unwrap();
        assert!((difference - 3.01).abs() < 0.01, "{difference}");
    }

    #[test]
    fn rates_not_divisible_by_100_measure_like_48k() {
        for rate in [22_050, 11_025, 44_100] {
            let m = measure(&stereo(&Signal::new(rate).tone(-23.0, 5.0))).unwrap();
            for (what, value) in [
                ("integrated", m.integrated_lufs),
                ("max momentary", m.max_momentary_lufs),
                ("max short-term", m.max_short_term_lufs),
            ] {
                let value = value.unwrap();
                assert!((value + 23.0).abs() < 0.1, "{rate} Hz {what}: {value}");
            }
            assert!((m.duration_s - 5.0).abs() < 1e-3);
        }
    }

    #[test]
    fn nine_channels_are_refused_with_a_way_out() {
        let err = measure(&audio(vec![0.0; 900], 48_000, 9)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("9-channel audio"), "{message}");
        assert!(message.contains("ffmpeg -i IN -ac 2"), "{message}");
    }

    #[test]
    fn seven_one_weighs_side_channels_1_41_and_back_channels_1() {
        // The same tone in one channel at a time: L (1), Lb (1), Ls (1.41), LFE (not counted).
        let tone = Signal::new(48_000).tone(-20.0, 5.0).samples;
        let alone = |channel: usize| {
            let samples = tone
                .iter()
                .flat_map(|s| (0..8).map(move |c| if c == channel { *s } else { 0.0 }))
                .collect();
            measure(&audio(samples, 48_000, 8)).unwrap().integrated_lufs
        };
        let left = alone(0).unwrap();
        assert!((alone(4).unwrap() - left).abs() < 0.01);
        let side = alone(6).unwrap() - left;
        assert!((side - 10.0 * 1.41f64.log10()).abs() < 0.01, "{side}");
        assert_eq!(alone(3), None);
    }

    #[test]
    fn an_impossible_sample_rate_is_refused() {
        let err = measure(&audio(vec![0.0; 10], 4_000, 1)).unwrap_err();
        assert!(
            err.to_string().contains("4000 Hz cannot be measured"),
            "{err}"
        );
    }

    #[test]
    fn a_nan_sample_is_refused_with_its_position() {
        let mut samples = vec![0.0; 96_000];
        samples[48_001] = f32::NAN;
        let err = measure(&audio(samples, 48_000, 2)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("sample 48001 (at 0.500 s)"), "{message}");
    }
}
