//! Streaming BWF writer: the header goes out first with placeholder sizes and unknown
//! loudness, samples follow as they are produced, and `finish` seeks back to fill the
//! sizes and the measured loudness before the file is renamed into place.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::chunks::{self, BEXT_LOUDNESS_OFFSET};
use super::{BextLoudness, BwfError, BwfMetadata, BwfSpec, MAX_RIFF_BYTES};
use crate::atomic::{AtomicFile, Overwrite, StagedFile};
use crate::bulletin::report::ProgrammeReport;
use crate::mix::ProgrammeSink;

/// Streams a BWF to a temporary file beside `path`; `finish` fills the loudness fields,
/// fsyncs and renames it into place. Dropped without `finish`, nothing is left behind.
pub struct BwfWriter {
    file: AtomicFile,
    spec: BwfSpec,
    /// Absolute file offsets of the fields `finish` patches.
    bext_loudness_at: u64,
    data_size_at: u64,
    /// Bytes before the audio (RIFF header and every chunk up to the data header).
    header_len: u64,
    data_bytes: u64,
    samples: u64,
    /// Most audio bytes the RIFF size fields can describe after this header.
    max_data_bytes: u64,
    /// Reused encoding buffer, so writing does not allocate per call.
    buf: Vec<u8>,
}

impl BwfWriter {
    pub fn create(
        path: &Path,
        spec: BwfSpec,
        meta: &BwfMetadata,
        overwrite: Overwrite,
    ) -> Result<Self, BwfError> {
        check_spec(path, spec)?;
        check_metadata(path, meta)?;
        let mut file = AtomicFile::create(path, overwrite)?;

        let bext = chunks::bext_body(meta, spec);
        let fmt = chunks::fmt_body(spec);
        let info = chunks::info_body(meta);
        let cart = meta.cart.as_ref().map(|c| chunks::cart_body(meta, c));

        let mut header = Vec::with_capacity(4096);
        header.extend_from_slice(b"RIFF");
        header.extend_from_slice(&0u32.to_le_bytes()); // patched by finish
        header.extend_from_slice(b"WAVE");
        let bext_at = push_chunk(&mut header, b"bext", &bext);
        push_chunk(&mut header, b"fmt ", &fmt);
        push_chunk(&mut header, b"LIST", &info);
        if let Some(cart) = &cart {
            push_chunk(&mut header, b"cart", cart);
        }
        header.extend_from_slice(b"data");
        let data_size_at = header.len() as u64;
        header.extend_from_slice(&0u32.to_le_bytes()); // patched by finish
        let header_len = header.len() as u64;

        file.write_all(&header).map_err(|source| BwfError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        // RIFF size = everything after its own 8 bytes, the data pad byte included.
        let max_data_bytes = (MAX_RIFF_BYTES - (header_len - 8) - 1) & !1;
        Ok(Self {
            file,
            spec,
            bext_loudness_at: bext_at + BEXT_LOUDNESS_OFFSET as u64,
            data_size_at,
            header_len,
            data_bytes: 0,
            samples: 0,
            max_data_bytes,
            buf: Vec::new(),
        })
    }

    /// Interleaved samples already quantized (and dithered) to the integer range of `bits`.
    /// The whole slice is checked before any of it is written.
    pub fn write_samples(&mut self, samples: &[i32]) -> Result<(), BwfError> {
        let bytes_per_sample = usize::from(self.spec.bits / 8);
        let new_bytes = (samples.len() * bytes_per_sample) as u64;
        if self.data_bytes + new_bytes > self.max_data_bytes {
            return Err(BwfError::TooLarge {
                path: self.path().to_path_buf(),
            });
        }
        let limit = 1i32 << (self.spec.bits - 1);
        if let Some(i) = samples.iter().position(|s| !(-limit..limit).contains(s)) {
            return Err(BwfError::SampleOutOfRange {
                path: self.path().to_path_buf(),
                index: self.samples + i as u64,
                value: samples[i],
                bits: self.spec.bits,
            });
        }
        self.buf.clear();
        self.buf.resize(samples.len() * bytes_per_sample, 0);
        // Little-endian two's complement, low `bits` bits of the i32.
        if bytes_per_sample == 2 {
            for (b, s) in self.buf.chunks_exact_mut(2).zip(samples) {
                b.copy_from_slice(&(*s as i16).to_le_bytes());
            }
        } else {
            for (b, s) in self.buf.chunks_exact_mut(bytes_per_sample).zip(samples) {
                b.copy_from_slice(&s.to_le_bytes()[..bytes_per_sample]);
            }
        }
        let path = self.path().to_path_buf();
        self.file
            .write_all(&self.buf)
            .map_err(|source| BwfError::Write { path, source })?;
        self.data_bytes += new_bytes;
        self.samples += samples.len() as u64;
        Ok(())
    }

    /// Starts putting the samples written so far on disk in the background, so the
    /// final fsync is short (see [`AtomicFile::sync_in_background`]).
    pub fn sync_in_background(&mut self) -> Result<(), BwfError> {
        let path = self.path().to_path_buf();
        self.file
            .sync_in_background()
            .map_err(|source| BwfError::Write { path, source })
    }

    /// Fills in the sizes and the loudness, fsyncs and renames the file into place.
    pub fn finish(self, loudness: &BextLoudness) -> Result<(), BwfError> {
        self.stage(loudness)?.commit()?;
        Ok(())
    }

    /// Fills in the sizes and the loudness and fsyncs the file, which stays under its
    /// temporary name until it is put in place with the files that belong with it
    /// ([`crate::atomic::commit_set`]).
    pub fn stage(mut self, loudness: &BextLoudness) -> Result<StagedFile, BwfError> {
        let path = self.path().to_path_buf();
        if !self.samples.is_multiple_of(u64::from(self.spec.channels)) {
            return Err(BwfError::PartialFrame {
                path,
                samples: self.samples,
                channels: self.spec.channels,
            });
        }
        self.patch(loudness)
            .map_err(|source| BwfError::Write { path, source })?;
        Ok(self.file.stage()?)
    }

    /// Where the finished file will be.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// The temporary file being written (hidden, beside the destination).
    pub fn temp_path(&self) -> PathBuf {
        self.file.temp_path().to_path_buf()
    }

    fn patch(&mut self, loudness: &BextLoudness) -> std::io::Result<()> {
        if self.data_bytes % 2 == 1 {
            self.file.write_all(&[0])?; // RIFF pad byte, not counted in the data size
        }
        let riff_size = self.header_len - 8 + self.data_bytes + self.data_bytes % 2;
        // Both fit: write_samples keeps data_bytes under max_data_bytes.
        let riff_size = u32::try_from(riff_size).map_err(std::io::Error::other)?;
        let data_size = u32::try_from(self.data_bytes).map_err(std::io::Error::other)?;
        self.file.seek(SeekFrom::Start(4))?;
        self.file.write_all(&riff_size.to_le_bytes())?;
        self.file.seek(SeekFrom::Start(self.data_size_at))?;
        self.file.write_all(&data_size.to_le_bytes())?;
        self.file.seek(SeekFrom::Start(self.bext_loudness_at))?;
        self.file.write_all(&chunks::loudness_bytes(loudness))?;
        self.file.seek(SeekFrom::End(0))?;
        Ok(())
    }
}

/// Appends a chunk (its body must have even length) and returns the offset of the body.
/// The mixer's programme goes straight into the file; its measured figures fill the bext
/// loudness fields.
impl ProgrammeSink for BwfWriter {
    type Error = BwfError;
    type Finished = StagedFile;

    fn write_samples(&mut self, samples: &[i32]) -> Result<(), BwfError> {
        BwfWriter::write_samples(self, samples)
    }

    fn sync_in_background(&mut self) -> Result<(), BwfError> {
        BwfWriter::sync_in_background(self)
    }

    fn finish(self, programme: &ProgrammeReport) -> Result<StagedFile, BwfError> {
        BwfWriter::stage(
            self,
            &BextLoudness {
                integrated_lufs: programme.integrated_lufs,
                loudness_range_lu: programme.loudness_range_lu,
                max_true_peak_dbtp: programme.true_peak_dbtp,
                max_momentary_lufs: programme.max_momentary_lufs,
                max_short_term_lufs: programme.max_short_term_lufs,
            },
        )
    }
}

fn push_chunk(out: &mut Vec<u8>, id: &[u8; 4], body: &[u8]) -> u64 {
    debug_assert!(
        body.len().is_multiple_of(2),
        "chunk bodies are padded to even length"
    );
    out.extend_from_slice(id);
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    let at = out.len() as u64;
    out.extend_from_slice(body);
    at
}

fn check_spec(path: &Path, spec: BwfSpec) -> Result<(), BwfError> {
    let reason = if spec.bits != 16 && spec.bits != 24 {
        format!(
            "{}-bit samples: only 16 and 24 bits are supported",
            spec.bits
        )
    } else if spec.channels == 0 || spec.channels > 64 {
        format!("{} channels: 1 to 64 are supported", spec.channels)
    } else if !(1_000..=768_000).contains(&spec.sample_rate) {
        format!(
            "a sample rate of {} Hz: 1000 to 768000 Hz are supported",
            spec.sample_rate
        )
    } else {
        return Ok(());
    };
    Err(BwfError::InvalidSpec {
        path: path.to_path_buf(),
        reason,
    })
}

/// Dates and times go into fixed 10- and 8-character fields that automation systems
/// parse: refuse anything that is not exactly the documented form.
fn check_metadata(path: &Path, meta: &BwfMetadata) -> Result<(), BwfError> {
    let mut dates = vec![("origination date", &meta.origination_date)];
    let mut times = vec![("origination time", &meta.origination_time)];
    if let Some(cart) = &meta.cart {
        dates.extend([
            ("cart start date", &cart.start_date),
            ("cart end date", &cart.end_date),
        ]);
        times.extend([
            ("cart start time", &cart.start_time),
            ("cart end time", &cart.end_time),
        ]);
    }
    let bad = |field: &'static str, value: &str, expected: &'static str| {
        Err(BwfError::InvalidMetadata {
            path: path.to_path_buf(),
            field,
            value: value.to_string(),
            expected,
        })
    };
    for (field, value) in dates {
        if !value.is_empty() && !chunks::is_date(value) {
            return bad(field, value, "a date like 2026-11-27 (YYYY-MM-DD)");
        }
    }
    for (field, value) in times {
        if !value.is_empty() && chunks::seconds_since_midnight(value).is_none() {
            return bad(field, value, "a time like 06:30:00 (HH:MM:SS)");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> BwfSpec {
        BwfSpec {
            sample_rate: 48_000,
            channels: 2,
            bits: 16,
        }
    }

    #[test]
    fn more_audio_than_riff_can_hold_is_refused_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        let mut w =
            BwfWriter::create(&path, spec(), &BwfMetadata::default(), Overwrite::Keep).unwrap();
        // Pretend 4 GiB were written already, rather than writing them.
        w.data_bytes = w.max_data_bytes - 2;
        w.samples = w.data_bytes / 2;
        w.write_samples(&[1]).unwrap();
        let err = w.write_samples(&[1, 2]).unwrap_err();
        assert!(matches!(err, BwfError::TooLarge { .. }), "{err}");
        let msg = err.to_string();
        assert!(msg.contains("4 GiB") && msg.contains("RF64"), "{msg}");
        assert!(msg.contains("long.wav"), "{msg}");
        // The header plus the largest allowed data still fits the 32-bit RIFF size.
        assert!(w.header_len - 8 + w.max_data_bytes < MAX_RIFF_BYTES);
    }

    #[test]
    fn bad_specs_and_dates_are_refused_with_the_field_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.wav");
        let meta = BwfMetadata::default();
        for (bad, words) in [
            (BwfSpec { bits: 20, ..spec() }, "20-bit"),
            (
                BwfSpec {
                    channels: 0,
                    ..spec()
                },
                "0 channels",
            ),
            (
                BwfSpec {
                    sample_rate: 0,
                    ..spec()
                },
                "0 Hz",
            ),
        ] {
            let Err(err) = BwfWriter::create(&path, bad, &meta, Overwrite::Keep) else {
                panic!("{bad:?} accepted");
            };
            let msg = err.to_string();
            assert!(msg.contains(words) && msg.contains("x.wav"), "{msg}");
        }
        let meta = BwfMetadata {
            origination_date: "27/11/2026".into(),
            ..BwfMetadata::default()
        };
        let Err(err) = BwfWriter::create(&path, spec(), &meta, Overwrite::Keep) else {
            panic!("bad date accepted");
        };
        let msg = err.to_string();
        assert!(
            msg.contains("origination date") && msg.contains("YYYY-MM-DD"),
            "{msg}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
