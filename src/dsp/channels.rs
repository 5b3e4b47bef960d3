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

/// The whole-take sums a fold is decided from, gathered block by block: each channel's
/// sum (for its DC offset), and for stereo the energies of the channels and of their mono
/// sum (for the phase check).
#[derive(Debug, Clone)]
pub struct ChannelSurvey {
    channels: usize,
    frames: u64,
    sums: Vec<f64>,
    /// Stereo only: energy of left, right and their mean.
    energies: [f64; 3],
}

impl ChannelSurvey {
    pub fn new(channels: u16) -> Self {
        let channels = usize::from(channels.max(1));
        Self {
            channels,
            frames: 0,
            sums: vec![0.0; channels],
            energies: [0.0; 3],
        }
    }

    /// Takes in a block of interleaved whole frames.
    pub fn add(&mut self, block: &[f32]) {
        let ch = self.channels;
        self.frames += (block.len() / ch) as u64;
        // Sums in f32 over groups of eight frames or samples (they vectorize), the groups
        // added up in f64: fast, and as exact as a take's length needs.
        if ch == 2 {
            let (mut l8, mut r8, mut m8, mut sl8, mut sr8) =
                ([0f32; 8], [0f32; 8], [0f32; 8], [0f32; 8], [0f32; 8]);
            let mut groups = block.chunks_exact(16);
            for g in &mut groups {
                for k in 0..8 {
                    let (l, r) = (g[2 * k], g[2 * k + 1]);
                    sl8[k] += l;
                    sr8[k] += r;
                    l8[k] += l * l;
                    r8[k] += r * r;
                    let m = 0.5 * (l + r);
                    m8[k] += m * m;
                }
            }
            for f in groups.remainder().chunks_exact(2) {
                let (l, r) = (f[0], f[1]);
                sl8[0] += l;
                sr8[0] += r;
                l8[0] += l * l;
                r8[0] += r * r;
                let m = 0.5 * (l + r);
                m8[0] += m * m;
            }
            let total = |lanes: [f32; 8]| lanes.iter().map(|v| f64::from(*v)).sum::<f64>();
            self.sums[0] += total(sl8);
            self.sums[1] += total(sr8);
            self.energies[0] += total(l8);
            self.energies[1] += total(r8);
            self.energies[2] += total(m8);
        } else if ch == 1 {
            let mut lanes = [0f32; 8];
            let mut groups = block.chunks_exact(8);
            for g in &mut groups {
                for (l, v) in lanes.iter_mut().zip(g) {
                    *l += v;
                }
            }
            self.sums[0] += lanes.iter().map(|v| f64::from(*v)).sum::<f64>()
                + groups
                    .remainder()
                    .iter()
                    .map(|v| f64::from(*v))
                    .sum::<f64>();
        } else {
            for frame in block.chunks_exact(ch) {
                for (sum, s) in self.sums.iter_mut().zip(frame) {
                    *sum += f64::from(*s);
                }
            }
        }
    }

    /// How the take is folded to mono: two channels nearly opposite in phase keep the
    /// louder one alone, since their average would cancel the voice.
    pub fn mono_fold(&self) -> MonoFold {
        match self.channels {
            1 => MonoFold::Mono,
            2 => {
                let [l, r, mid] = self.energies;
                let channels = 0.5 * (l + r);
                if channels > 0.0 && mid < OUT_OF_PHASE_RATIO * channels {
                    MonoFold::OutOfPhase
                } else {
                    MonoFold::Averaged
                }
            }
            n => MonoFold::Downmixed(n as u16),
        }
    }

    /// The fold of this take to `out_channels` (1, or 2 for a jingle in stereo output).
    pub fn fold_to(&self, out_channels: usize) -> Fold {
        let to_mono = match (self.mono_fold(), self.channels) {
            (MonoFold::OutOfPhase, _) => {
                ToMono::Pick(usize::from(self.energies[1] > self.energies[0]))
            }
            (MonoFold::Mono, _) => ToMono::Pick(0),
            (MonoFold::Averaged, _) => ToMono::Average { lfe: None },
            // 5.1 / 7.1 in WAV and AAC order put the LFE fourth; it holds no speech.
            (MonoFold::Downmixed(_), ch) => ToMono::Average {
                lfe: (ch == 6 || ch == 8).then_some(3),
            },
        };
        let kind = match (self.channels, out_channels) {
            (a, b) if a == b => FoldKind::Keep,
            (_, 1) => FoldKind::Mono(to_mono),
            _ => FoldKind::DuplicatedMono(to_mono),
        };
        Fold {
            kind,
            in_channels: self.channels,
            out_channels,
        }
    }

    /// Each channel's mean: its DC offset.
    pub fn means(&self) -> Vec<f32> {
        let frames = self.frames.max(1) as f64;
        self.sums.iter().map(|s| (s / frames) as f32).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ToMono {
    Pick(usize),
    Average { lfe: Option<usize> },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FoldKind {
    Keep,
    Mono(ToMono),
    DuplicatedMono(ToMono),
}

/// A take's channels folded to the output's, block by block (decided by [`ChannelSurvey`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fold {
    kind: FoldKind,
    in_channels: usize,
    out_channels: usize,
}

impl Fold {
    /// Appends `block` (interleaved at the take's channels) folded, to `out`.
    pub fn apply(&self, block: &[f32], out: &mut Vec<f32>) {
        let ch = self.in_channels;
        let mono = |f: &[f32], how: ToMono| match how {
            ToMono::Pick(c) => f[c],
            ToMono::Average { lfe } => {
                let used = (ch - usize::from(lfe.is_some())) as f32;
                f.iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != lfe)
                    .map(|(_, s)| *s)
                    .sum::<f32>()
                    / used
            }
        };
        match self.kind {
            FoldKind::Keep => out.extend_from_slice(block),
            FoldKind::Mono(ToMono::Pick(0)) if ch == 1 => out.extend_from_slice(block),
            FoldKind::Mono(ToMono::Average { lfe: None }) if ch == 2 => {
                out.extend(block.chunks_exact(2).map(|f| 0.5 * (f[0] + f[1])));
            }
            FoldKind::Mono(how) => out.extend(block.chunks_exact(ch).map(|f| mono(f, how))),
            FoldKind::DuplicatedMono(how) => out.extend(
                block
                    .chunks_exact(ch)
                    .flat_map(|f| std::iter::repeat_n(mono(f, how), self.out_channels)),
            ),
        }
    }
}

/// Folds interleaved `samples` of `channels` channels to mono (a whole take at once).
pub fn to_mono(samples: &[f32], channels: u16) -> (Vec<f32>, MonoFold) {
    let mut survey = ChannelSurvey::new(channels);
    survey.add(samples);
    let mut mono = Vec::with_capacity(samples.len() / usize::from(channels.max(1)));
    survey.fold_to(1).apply(samples, &mut mono);
    (mono, survey.mono_fold())
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
    fn the_dc_offset_of_the_fold_is_the_fold_of_the_channel_means() {
        // A recorder's offset: +0.05 on the left, -0.15 on the right, in blocks of any size.
        let t = tone(9_600);
        let st: Vec<f32> = t.iter().flat_map(|s| [s + 0.05, 0.5 * s - 0.15]).collect();
        let mut survey = ChannelSurvey::new(2);
        for block in st.chunks(2 * 777) {
            survey.add(block);
        }
        let means = survey.means();
        assert!(
            (means[0] - 0.05).abs() < 5e-3 && (means[1] + 0.15).abs() < 5e-3,
            "{means:?}"
        );
        let mut dc = Vec::new();
        survey.fold_to(1).apply(&means, &mut dc);
        assert!((dc[0] + 0.05).abs() < 5e-3, "{dc:?}");
        let mut folded = Vec::new();
        survey.fold_to(1).apply(&st, &mut folded);
        let mean = folded.iter().sum::<f32>() / folded.len() as f32;
        assert!((mean - dc[0]).abs() < 1e-4);
    }

    #[test]
    fn jingles_fold_to_stereo_output() {
        // Stereo stays as it is, mono is doubled, 5.1 is downmixed then doubled.
        let stereo = [0.1f32, 0.2, 0.3, 0.4];
        let mut out = Vec::new();
        ChannelSurvey::new(2).fold_to(2).apply(&stereo, &mut out);
        assert_eq!(out, stereo);
        out.clear();
        ChannelSurvey::new(1)
            .fold_to(2)
            .apply(&[0.5, -0.25], &mut out);
        assert_eq!(out, [0.5, 0.5, -0.25, -0.25]);
        out.clear();
        let frame = [0.0, 0.0, 0.6, 1.0, 0.0, 0.0];
        ChannelSurvey::new(6).fold_to(2).apply(&frame, &mut out);
        assert_eq!(out.len(), 2);
        assert!((out[0] - 0.12).abs() < 1e-6 && out[0] == out[1]);
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
