//! Clipping: where a recorder ran out of headroom, the waveform sits flat at full scale
//! for several samples in a row.

/// A run of this many samples at [`CLIP_LEVEL`] or beyond is a clipped peak.
pub const CLIP_RUN: usize = 4;
pub const CLIP_LEVEL: f32 = 0.999;

/// Clipped peaks found in a take.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Clipping {
    /// Number of clipped peaks (runs of [`CLIP_RUN`] or more samples at full scale, in
    /// any channel).
    pub places: usize,
    /// Where the first one is, seconds from the start.
    pub first_s: Option<f64>,
}

/// Counts the clipped peaks in interleaved `samples`.
pub fn find(samples: &[f32], channels: usize, rate: u32) -> Clipping {
    let mut finder = ClipFinder::new(channels, rate);
    finder.add(samples);
    finder.finish()
}

/// [`find`] over a take fed block by block (runs carry across blocks).
#[derive(Debug, Clone)]
pub struct ClipFinder {
    rate: u32,
    /// Per channel: samples at full scale in a row so far.
    runs: Vec<usize>,
    frames: usize,
    found: Clipping,
    first_frame: Option<usize>,
}

impl ClipFinder {
    pub fn new(channels: usize, rate: u32) -> Self {
        Self {
            rate,
            runs: vec![0; channels.max(1)],
            frames: 0,
            found: Clipping::default(),
            first_frame: None,
        }
    }

    /// Takes in a block of interleaved whole frames.
    pub fn add(&mut self, block: &[f32]) {
        let ch = self.runs.len();
        let start = self.frames;
        self.frames += block.len() / ch;
        // Nearly every take stays clear of full scale: one vectorized scan says so.
        if super::max_abs::max_abs(block) < CLIP_LEVEL {
            self.runs.fill(0);
            return;
        }
        for (frame, values) in block.chunks_exact(ch).enumerate() {
            let mut counted = false;
            for (run, s) in self.runs.iter_mut().zip(values) {
                if s.abs() >= CLIP_LEVEL {
                    *run += 1;
                    // Counted once, when the run becomes long enough (one peak clipped in
                    // both channels is one place).
                    if *run == CLIP_RUN && !counted {
                        counted = true;
                        self.found.places += 1;
                        self.first_frame.get_or_insert(start + frame + 1 - CLIP_RUN);
                    }
                } else {
                    *run = 0;
                }
            }
        }
    }

    pub fn finish(mut self) -> Clipping {
        self.found.first_s = self
            .first_frame
            .map(|f| f as f64 / f64::from(self.rate.max(1)));
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_at_full_scale_are_counted_once_each() {
        let rate = 1_000;
        let mut x = vec![0.5f32; 2_000];
        // Three samples at full scale: a peak, not clipping.
        x[100..103].fill(1.0);
        // A clipped peak of 6 samples at 0.3 s, another (negative) of 4 at 1.2 s.
        x[300..306].fill(1.0);
        x[1_200..1_204].fill(-1.0);
        let found = find(&x, 1, rate);
        assert_eq!(found.places, 2);
        assert_eq!(found.first_s, Some(0.3));
        // In stereo, clipped in both channels at once: still one place each.
        let stereo: Vec<f32> = x.iter().flat_map(|s| [*s, *s]).collect();
        assert_eq!(find(&stereo, 2, rate), found);
        assert_eq!(find(&vec![0.99; 100], 1, rate), Clipping::default());
        // Block by block, a run cut between blocks is still one clipped peak.
        for block in [1usize, 2, 301, 1_000] {
            let mut finder = ClipFinder::new(1, rate);
            for piece in x.chunks(block) {
                finder.add(piece);
            }
            assert_eq!(finder.finish(), found, "blocks of {block}");
        }
    }
}
