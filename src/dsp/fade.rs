//! Short raised-cosine fades at every cut, so no join clicks.

/// Fades the first `frames` frames of interleaved `samples` in.
#[cfg(test)]
pub fn fade_in(samples: &mut [f32], channels: usize, frames: usize) {
    fade_in_piece(samples, channels, 0, frames);
}

/// Fades the last `frames` frames out, reaching zero on the last frame.
#[cfg(test)]
pub fn fade_out(samples: &mut [f32], channels: usize, frames: usize) {
    let ch = channels.max(1);
    let total = samples.len() / ch;
    let n = frames.min(total);
    fade_out_piece(&mut samples[(total - n) * ch..], ch, 0, n);
}

/// A piece of a fade-in `frames` long: `samples` start at frame `offset` of the fade (a
/// fade applied a piece at a time, to a take too long to hold whole).
pub fn fade_in_piece(samples: &mut [f32], channels: usize, offset: usize, frames: usize) {
    let ch = channels.max(1);
    for (k, frame) in samples.chunks_exact_mut(ch).enumerate() {
        let i = offset + k;
        if i >= frames {
            break;
        }
        let g = curve(i, frames);
        for s in frame {
            *s *= g;
        }
    }
}

/// A piece of a fade-out `frames` long (zero on its last frame): `samples` start at frame
/// `offset` of the fade.
pub fn fade_out_piece(samples: &mut [f32], channels: usize, offset: usize, frames: usize) {
    let ch = channels.max(1);
    for (k, frame) in samples.chunks_exact_mut(ch).enumerate() {
        let i = offset + k;
        if i >= frames {
            break;
        }
        let g = curve(frames - 1 - i, frames);
        for s in frame {
            *s *= g;
        }
    }
}

/// Gain at step `i` of `n` from 0 upward: half a cosine period, no corner at either end.
fn curve(i: usize, n: usize) -> f32 {
    let x = i as f32 / n as f32;
    0.5 - 0.5 * (std::f32::consts::PI * x).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_silent_and_middle_untouched() {
        let mut x = vec![1.0f32; 1000];
        fade_in(&mut x, 1, 100);
        fade_out(&mut x, 1, 100);
        assert_eq!(x[0], 0.0);
        assert_eq!(x[999], 0.0);
        assert_eq!(x[500], 1.0);
        let max_step = x
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0f32, f32::max);
        assert!(max_step < 0.02, "{max_step}");
    }

    #[test]
    fn a_fade_in_pieces_equals_the_fade_in_one_go() {
        let mut whole = vec![1.0f32; 2_000];
        fade_in(&mut whole, 2, 700);
        fade_out(&mut whole, 2, 300);
        let mut pieces = vec![1.0f32; 2_000];
        for (k, piece) in pieces[..1_400].chunks_mut(2 * 123).enumerate() {
            fade_in_piece(piece, 2, k * 123, 700);
        }
        for (k, piece) in pieces[1_400..].chunks_mut(2 * 77).enumerate() {
            fade_out_piece(piece, 2, k * 77, 300);
        }
        assert_eq!(pieces, whole);
    }
}
