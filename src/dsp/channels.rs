//! Channel conversion for speech: any layout → mono, without phase-cancellation surprises.

/// How a take's channels were turned into mono.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonoFold {
    /// Already mono.
    Mono,
    /// Channels averaged.
    Averaged,
    /// The two channels were (nearly) opposite in phase, so their average would cancel
    /// the voice: the louder channel alone was kept.
    OutOfPhase,
    /// A surround file (more than two channels) averaged, low-frequency channel left out.
    Downmixed(u16),
}

/// The mono sum of two channels is this much weaker than the channels themselves
/// (energy ratio) before we call it out of phase: −9 dB, well beyond what a real stereo
/// recording of one voice loses (0 to −3 dB).
const OUT_OF_PHASE_RATIO: f64 = 0.125;

/// Folds interleaved `samples` of `channels` channels to mono.
pub fn to_mono(samples: &[f32], channels: u16) -> (Vec<f32>, MonoFold) {
    let mut mono = Vec::new();
    let fold = to_mono_into(samples, channels, &mut mono);
    (mono, fold)
}

/// [`to_mono`] into `mono` (cleared first), whose memory may be reused.
pub fn to_mono_into(samples: &[f32], channels: u16, mono: &mut Vec<f32>) -> MonoFold {
    let ch = usize::from(channels.max(1));
    mono.clear();
    mono.reserve(samples.len() / ch);
    match ch {
        1 => {
            mono.extend_from_slice(samples);
            MonoFold::Mono
        }
        2 => {
            // Sums in f32 over blocks of 4096 frames (eight lanes: they vectorize), the
            // blocks added up in f64: fast, and as exact as a take's length needs.
            let (mut e_l, mut e_r, mut e_sum) = (0f64, 0f64, 0f64);
            for block in samples.chunks(2 * 4096) {
                let (mut l8, mut r8, mut m8) = ([0f32; 8], [0f32; 8], [0f32; 8]);
                let mut groups = block.chunks_exact(16);
                for g in &mut groups {
                    for k in 0..8 {
                        let (l, r) = (g[2 * k], g[2 * k + 1]);
                        l8[k] += l * l;
                        r8[k] += r * r;
                        let m = 0.5 * (l + r);
                        m8[k] += m * m;
                    }
                }
                for f in groups.remainder().chunks_exact(2) {
                    let (l, r) = (f[0], f[1]);
                    l8[0] += l * l;
                    r8[0] += r * r;
                    let m = 0.5 * (l + r);
                    m8[0] += m * m;
                }
                e_l += l8.iter().map(|v| f64::from(*v)).sum::<f64>();
                e_r += r8.iter().map(|v| f64::from(*v)).sum::<f64>();
                e_sum += m8.iter().map(|v| f64::from(*v)).sum::<f64>();
            }
            let e_channels = 0.5 * (e_l + e_r);
            if e_channels > 0.0 && e_sum < OUT_OF_PHASE_RATIO * e_channels {
                let pick = usize::from(e_r > e_l);
                mono.extend(samples.chunks_exact(2).map(|f| f[pick]));
                MonoFold::OutOfPhase
            } else {
                mono.extend(samples.chunks_exact(2).map(|f| 0.5 * (f[0] + f[1])));
                MonoFold::Averaged
            }
        }
        _ => {
            // 5.1 / 7.1 in WAV and AAC order put the LFE fourth; it holds no speech.
            let lfe = (ch == 6 || ch == 8).then_some(3);
            let used = (ch - usize::from(lfe.is_some())) as f32;
            mono.extend(samples.chunks_exact(ch).map(|f| {
                f.iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != lfe)
                    .map(|(_, s)| *s)
                    .sum::<f32>()
                    / used
            }));
            MonoFold::Downmixed(channels)
        }
    }
}

/// Converts interleaved audio to 1 or 2 channels for a jingle: stereo stays stereo when
/// `out_channels` is 2, mono is duplicated, anything else goes through [`to_mono`].
pub fn to_layout(samples: &[f32], channels: u16, out_channels: u16) -> Vec<f32> {
    match (channels, out_channels) {
        (2, 2) => samples.to_vec(),
        (_, 2) => to_mono(samples, channels)
            .0
            .iter()
            .flat_map(|s| [*s, *s])
            .collect(),
        _ => to_mono(samples, channels).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * 0.05).sin() * 0.5).collect()
    }

    #[test]
    fn out_of_phase_stereo_keeps_one_channel() {
        let t = tone(4800);
        let st: Vec<f32> = t.iter().flat_map(|s| [*s, -*s * 0.98]).collect();
        let (mono, fold) = to_mono(&st, 2);
        assert_eq!(fold, MonoFold::OutOfPhase);
        assert_eq!(mono, t);
        assert_eq!(to_mono(&t, 1), (t, MonoFold::Mono));
    }

    #[test]
    fn ordinary_stereo_is_averaged() {
        let t = tone(4800);
        let st: Vec<f32> = t.iter().flat_map(|s| [*s, *s * 0.5]).collect();
        let (mono, fold) = to_mono(&st, 2);
        assert_eq!(fold, MonoFold::Averaged);
        assert!((mono[10] - t[10] * 0.75).abs() < 1e-6);
    }

    #[test]
    fn six_channels_leave_out_the_lfe() {
        let frame = [0.0, 0.0, 0.6, 1.0, 0.0, 0.0];
        let x: Vec<f32> = frame.iter().copied().cycle().take(60).collect();
        let (mono, fold) = to_mono(&x, 6);
        assert_eq!(fold, MonoFold::Downmixed(6));
        assert!((mono[0] - 0.12).abs() < 1e-6);
    }
}
