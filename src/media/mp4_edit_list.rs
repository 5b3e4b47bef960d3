//! The MP4 edit list, which symphonia 0.6 reads but does not apply: an AAC encoder puts
//! ~1024 frames of priming before the audio and pads the last frame, and the edit list says
//! which part is the recording. Without it an M4A take starts ~21 ms late and ends long.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The part of the decoded track that is the recording, in output frames.
#[derive(Debug, PartialEq)]
struct Presentation {
    /// Priming frames to drop from the start.
    skip: u64,
    /// Frames to keep after that.
    keep: u64,
}

/// Longest priming an edit list may ask to drop, seconds: encoders prime with a few
/// thousand frames; an edit list asking for more is damaged and is not applied (and the
/// frames held back while waiting to know stay few).
const MAX_SKIP_S: u64 = 1;

/// Applies an MP4 edit list to a decoded stream as it passes: the priming frames are held
/// back, the `keep` frames after them go through, the padding after those is dropped. If
/// the stream ends before the priming does, the edit list was wrong, not the audio, and
/// what was held back goes through after all.
#[derive(Debug)]
pub struct EditWindow {
    skip: u64,
    keep: u64,
    channels: usize,
    /// Frames that have entered the window.
    seen: u64,
    held: Vec<f32>,
}

impl EditWindow {
    /// The edit list of the MP4 file at `path` for a stream of `channels` at
    /// `sample_rate`; `None` when there is none to apply.
    pub fn read(path: &Path, sample_rate: u32, channels: u16) -> Option<Self> {
        let edit = read_presentation(path, sample_rate)?;
        if edit.keep == 0 || edit.skip > MAX_SKIP_S * u64::from(sample_rate) {
            return None;
        }
        Some(Self {
            skip: edit.skip,
            keep: edit.keep,
            channels: usize::from(channels.max(1)),
            seen: 0,
            held: Vec::new(),
        })
    }

    /// The part of `block` (whole frames) the edit list presents, handed to `out`.
    pub fn pass<E>(
        &mut self,
        block: &[f32],
        out: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        let ch = self.channels;
        let frames = (block.len() / ch) as u64;
        let first = self.seen;
        self.seen += frames;
        // Frames [first, first + frames) of the stream; shown are [skip, skip + keep).
        let from = self.skip.clamp(first, self.seen);
        let to = self.skip.saturating_add(self.keep).clamp(first, self.seen);
        let held_until = self.skip.min(self.seen);
        if held_until > first {
            let n = usize::try_from(held_until - first).unwrap_or(0);
            self.held.extend_from_slice(&block[..n * ch]);
        }
        if self.seen > self.skip {
            self.held = Vec::new();
        }
        if to > from {
            let a = usize::try_from(from - first).unwrap_or(0);
            let b = usize::try_from(to - first).unwrap_or(0);
            out(&block[a * ch..b * ch])?;
        }
        Ok(())
    }

    /// At the end of the stream: the frames held back, if the stream ended within them.
    pub fn finish<E>(self, out: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        if self.held.is_empty() {
            Ok(())
        } else {
            out(&self.held)
        }
    }
}

/// A moov larger than this is not an audio take's (they are a few kB); it is not read.
const MAX_MOOV_LEN: u64 = 16 << 20;

/// The first sound track's edit, read from the file at `path`, in frames at `sample_rate`.
/// `None` when the file has no usable edit list (then the whole decode is kept).
fn read_presentation(path: &Path, sample_rate: u32) -> Option<Presentation> {
    let moov = read_moov(&mut crate::regular_file::open(path).ok()?)?;
    presentation(&moov, sample_rate)
}

fn read_moov(file: &mut File) -> Option<Vec<u8>> {
    let file_len = file.metadata().ok()?.len();
    let mut pos = 0u64;
    while pos + 8 <= file_len {
        file.seek(SeekFrom::Start(pos)).ok()?;
        let mut header = [0u8; 16];
        file.read_exact(&mut header[..8]).ok()?;
        let mut size = u64::from(u32::from_be_bytes(header[0..4].try_into().ok()?));
        let mut header_len = 8;
        if size == 1 {
            file.read_exact(&mut header[8..16]).ok()?;
            size = u64::from_be_bytes(header[8..16].try_into().ok()?);
            header_len = 16;
        } else if size == 0 {
            size = file_len - pos;
        }
        if size < header_len {
            return None;
        }
        if &header[4..8] == b"moov" {
            let len = (size - header_len).min(file_len - pos - header_len);
            if len > MAX_MOOV_LEN {
                return None;
            }
            let mut moov = vec![0; usize::try_from(len).ok()?];
            file.read_exact(&mut moov).ok()?;
            return Some(moov);
        }
        pos = pos.checked_add(size)?;
    }
    None
}

fn presentation(moov: &[u8], sample_rate: u32) -> Option<Presentation> {
    let movie_timescale = timescale(child(moov, b"mvhd")?)?;
    for trak in children(moov).filter(|(kind, _)| kind == b"trak") {
        let mdia = child(trak.1, b"mdia")?;
        let hdlr = child(mdia, b"hdlr")?;
        if hdlr.get(8..12) != Some(b"soun") {
            continue;
        }
        let media_timescale = timescale(child(mdia, b"mdhd")?)?;
        let elst = child(child(trak.1, b"edts")?, b"elst")?;
        let (segment, media_time) = first_edit(elst)?;
        let rate = u128::from(sample_rate);
        let skip = u128::from(media_time) * rate / u128::from(media_timescale);
        let keep = u128::from(segment) * rate / u128::from(movie_timescale);
        return Some(Presentation {
            skip: u64::try_from(skip).ok()?,
            keep: u64::try_from(keep).ok()?,
        });
    }
    None
}

/// (segment duration in the movie timescale, media time in the track's timescale) of the
/// first edit that shows media; an empty edit (media time -1) only delays the start.
fn first_edit(elst: &[u8]) -> Option<(u64, u64)> {
    let version = *elst.first()?;
    let count = be_u32(elst, 4)?;
    let entry_len = if version == 1 { 20 } else { 12 };
    for i in 0..usize::try_from(count).ok()? {
        let at = 8 + i.checked_mul(entry_len)?;
        let (segment, media_time) = if version == 1 {
            (be_u64(elst, at)?, be_u64(elst, at + 8)? as i64)
        } else {
            (
                u64::from(be_u32(elst, at)?),
                i64::from(be_u32(elst, at + 4)? as i32),
            )
        };
        if media_time >= 0 {
            return Some((segment, media_time.unsigned_abs()));
        }
    }
    None
}

/// The timescale of an mvhd or mdhd box (version 0: 32-bit times; version 1: 64-bit).
fn timescale(full_box: &[u8]) -> Option<u32> {
    let at = if *full_box.first()? == 1 { 20 } else { 12 };
    be_u32(full_box, at).filter(|&t| t > 0)
}

fn child<'a>(parent: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    children(parent)
        .find(|(k, _)| k == kind)
        .map(|(_, body)| body)
}

/// The child boxes of a container's body: (type, body).
fn children(mut data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    std::iter::from_fn(move || {
        let size = usize::try_from(be_u32(data, 0)?).ok()?;
        let kind: [u8; 4] = data.get(4..8)?.try_into().ok()?;
        let body = data.get(8..size)?;
        data = &data[size..];
        Some((kind, body))
    })
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn be_u64(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("audio/fixtures")
            .join(name)
    }

    #[test]
    fn ffmpeg_aac_has_1024_frames_of_priming_before_the_2_s_recording() {
        let p = read_presentation(&fixture("speech.m4a"), 48000);
        assert_eq!(
            p,
            Some(Presentation {
                skip: 1024,
                keep: 96000
            })
        );
    }

    #[test]
    fn files_without_an_mp4_index_have_none() {
        assert_eq!(read_presentation(&fixture("speech.flac"), 48000), None);
        assert_eq!(read_presentation(&fixture("text.wav"), 48000), None);
    }

    fn window(skip: u64, keep: u64) -> EditWindow {
        EditWindow {
            skip,
            keep,
            channels: 2,
            seen: 0,
            held: Vec::new(),
        }
    }

    /// Frames 0, 1, 2 … as stereo samples (frame n is [n, -n]), passed in `pieces`.
    fn through(mut w: EditWindow, frames: usize, pieces: usize) -> Vec<f32> {
        let x: Vec<f32> = (0..frames).flat_map(|n| [n as f32, -(n as f32)]).collect();
        let mut out = Vec::new();
        let mut sink = |b: &[f32]| -> Result<(), ()> {
            out.extend_from_slice(b);
            Ok(())
        };
        for piece in x.chunks(2 * pieces.max(1)) {
            w.pass(piece, &mut sink).unwrap();
        }
        w.finish(&mut sink).unwrap();
        out
    }

    #[test]
    fn the_window_drops_priming_and_padding_in_any_pieces() {
        for pieces in [1, 3, 7, 1000] {
            let out = through(window(5, 10), 30, pieces);
            let want: Vec<f32> = (5..15).flat_map(|n| [n as f32, -(n as f32)]).collect();
            assert_eq!(out, want, "pieces of {pieces}");
        }
    }

    #[test]
    fn a_stream_shorter_than_its_priming_goes_through_whole() {
        for pieces in [1, 2, 100] {
            let out = through(window(5, 10), 4, pieces);
            assert_eq!(out.len(), 8, "pieces of {pieces}");
            assert_eq!(out[6], 3.0);
        }
    }

    #[test]
    fn empty_edits_are_skipped_and_version_1_is_read() {
        // Version 1, two entries: an empty edit (-1), then 96000 from 2112.
        let mut elst = vec![1, 0, 0, 0, 0, 0, 0, 2];
        elst.extend_from_slice(&500u64.to_be_bytes());
        elst.extend_from_slice(&(-1i64).to_be_bytes());
        elst.extend_from_slice(&[0, 1, 0, 0]);
        elst.extend_from_slice(&96000u64.to_be_bytes());
        elst.extend_from_slice(&2112i64.to_be_bytes());
        elst.extend_from_slice(&[0, 1, 0, 0]);
        assert_eq!(first_edit(&elst), Some((96000, 2112)));
    }
}
