//! Arrays of samples (or of any `f32` series) that live in memory while a shared
//! [`MemoryBudget`] allows, and in a temporary file on disk past it. A 13-minute bulletin
//! stays entirely in memory, as fast as ever; a three-hour council session spills, so the
//! mixer's memory does not grow with the length.
//!
//! The file is anonymous (`tempfile::tempfile_in`: on Linux it never has a name; elsewhere
//! its name is removed at once), so it disappears when dropped and also when bantin is
//! stopped with Ctrl-C or killed — nothing is ever left behind. It is made beside the
//! output, on the disk that must hold the output anyway (not in /tmp, which may be memory).
//! The crate forbids `unsafe`, so no memory mapping: reads and writes are positioned
//! (`pread`/`pwrite`), and any number of threads read at once.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of arrays the mixer may keep in memory, shared by everything it holds at once.
#[derive(Debug)]
pub struct MemoryBudget {
    left: AtomicUsize,
    /// Where arrays that do not fit are spilled.
    spill_dir: PathBuf,
}

impl MemoryBudget {
    pub fn new(bytes: usize, spill_dir: &Path) -> Self {
        Self {
            left: AtomicUsize::new(bytes),
            spill_dir: spill_dir.to_path_buf(),
        }
    }

    /// Where arrays past the budget go.
    pub fn spill_dir(&self) -> &Path {
        &self.spill_dir
    }

    /// Takes `bytes` from the budget if that many are left.
    fn take(&self, bytes: usize) -> bool {
        self.left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }

    fn give_back(&self, bytes: usize) {
        self.left.fetch_add(bytes, Ordering::AcqRel);
    }

    fn spill_file(&self) -> io::Result<File> {
        tempfile::tempfile_in(&self.spill_dir)
    }
}

/// Samples appended while writing to a spilled array, written out in one go.
const WRITE_BUFFER: usize = 1 << 16;
/// Bytes of budget an array in memory takes at a time as it grows.
const RESERVE_STEP: usize = 4 << 20;

/// An `f32` array in memory or, past the budget, on disk.
#[derive(Debug)]
pub struct SpillVec {
    budget: Arc<MemoryBudget>,
    place: Place,
    /// Where the array starts on disk (after [`SpillVec::keep_only`]), in samples.
    offset: usize,
    len: usize,
}

#[derive(Debug)]
enum Place {
    /// In memory; `reserved` bytes of the budget are held for it.
    Memory { data: Vec<f32>, reserved: usize },
    /// On disk; `pending` samples are appended but not yet written.
    Disk { file: File, pending: Vec<f32> },
}

impl SpillVec {
    /// An empty array, to be appended to.
    pub fn new(budget: &Arc<MemoryBudget>) -> Self {
        Self {
            budget: Arc::clone(budget),
            place: Place::Memory {
                data: Vec::new(),
                reserved: 0,
            },
            offset: 0,
            len: 0,
        }
    }

    /// An array of `len` zeros (on disk, a sparse file: nothing is written).
    pub fn zeros(budget: &Arc<MemoryBudget>, len: usize) -> io::Result<Self> {
        let bytes = len * SAMPLE_BYTES;
        let place = if budget.take(bytes) {
            Place::Memory {
                data: written_zeros(len),
                reserved: bytes,
            }
        } else {
            let file = budget.spill_file()?;
            file.set_len(bytes as u64)?;
            Place::Disk {
                file,
                pending: Vec::new(),
            }
        };
        Ok(Self {
            budget: Arc::clone(budget),
            place,
            offset: 0,
            len,
        })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The budget this array counts against (for arrays made from it).
    pub fn budget(&self) -> Arc<MemoryBudget> {
        Arc::clone(&self.budget)
    }

    /// True once the array went to disk.
    #[cfg(test)]
    pub fn spilled(&self) -> bool {
        matches!(self.place, Place::Disk { .. })
    }

    /// Makes room for `samples` more in memory at once, if the budget has it (an array
    /// whose length is known ahead grows without copies).
    pub fn reserve(&mut self, samples: usize) {
        if let Place::Memory { data, reserved } = &mut self.place {
            let needed = (data.len() + samples) * SAMPLE_BYTES;
            if needed > *reserved && self.budget.take(needed - *reserved) {
                *reserved = needed;
                data.reserve_exact(samples);
            }
        }
    }

    /// Keeps only samples `from .. from + len` (call after [`Self::finish_appending`]):
    /// in memory the rest is freed, on disk it is no longer read.
    pub fn keep_only(&mut self, from: usize, len: usize) {
        assert!(
            from + len <= self.len,
            "keeping past the end of a spilled array"
        );
        match &mut self.place {
            Place::Memory { data, reserved } => {
                // In place, then handed back (glibc shrinks a large block where it lies).
                data.truncate(from + len);
                data.drain(..from);
                data.shrink_to_fit();
                let used = data.len() * SAMPLE_BYTES;
                self.budget.give_back(reserved.saturating_sub(used));
                *reserved = used;
            }
            Place::Disk { .. } => self.offset += from,
        }
        self.len = len;
    }

    /// Appends `samples`, spilling to disk when the budget has no room for them.
    pub fn push(&mut self, samples: &[f32]) -> io::Result<()> {
        if let Place::Memory { data, reserved } = &mut self.place {
            let needed = (data.len() + samples.len()) * SAMPLE_BYTES;
            // The budget is asked a few megabytes at a time, not for every block.
            let ahead = needed.next_multiple_of(RESERVE_STEP);
            let fits = needed <= *reserved || {
                let held = *reserved;
                let got = [ahead, needed]
                    .into_iter()
                    .find(|&want| self.budget.take(want - held));
                if let Some(want) = got {
                    *reserved = want;
                }
                got.is_some()
            };
            if fits {
                data.extend_from_slice(samples);
                self.len += samples.len();
                return Ok(());
            }
            self.spill()?;
        }
        let Place::Disk { file, pending } = &mut self.place else {
            unreachable!("spilled above")
        };
        pending.extend_from_slice(samples);
        self.len += samples.len();
        if pending.len() >= WRITE_BUFFER {
            let at = self.len - pending.len();
            write_at(file, at, pending)?;
            pending.clear();
        }
        Ok(())
    }

    /// Appends what `fill` appends to the vector it is given (which may hold earlier
    /// samples: `fill` works on what it adds): in memory, the array's own storage (no
    /// copy); on disk, `scratch`, then written. Spills when the budget has no room for what
    /// was added.
    pub fn append_with<R>(
        &mut self,
        scratch: &mut Vec<f32>,
        fill: impl FnOnce(&mut Vec<f32>) -> R,
    ) -> io::Result<R> {
        if let Place::Memory { data, reserved } = &mut self.place {
            let before = data.len();
            let result = fill(data);
            let needed = data.len() * SAMPLE_BYTES;
            let held = *reserved;
            if needed <= held
                || self
                    .budget
                    .take(needed.next_multiple_of(RESERVE_STEP) - held)
            {
                *reserved = (*reserved).max(needed.next_multiple_of(RESERVE_STEP));
                self.len = data.len();
                return Ok(result);
            }
            // Over the budget: what was added goes to disk with the rest.
            scratch.clear();
            scratch.extend_from_slice(&data[before..]);
            data.truncate(before);
            self.spill()?;
            self.push(scratch)?;
            return Ok(result);
        }
        scratch.clear();
        let result = fill(scratch);
        self.push(scratch)?;
        Ok(result)
    }

    /// Moves what is in memory to a file and gives its share of the budget back.
    fn spill(&mut self) -> io::Result<()> {
        let file = self.budget.spill_file()?;
        if let Place::Memory { data, reserved } = &mut self.place {
            write_at(&file, 0, data)?;
            self.budget.give_back(*reserved);
        }
        self.place = Place::Disk {
            file,
            pending: Vec::with_capacity(WRITE_BUFFER),
        };
        Ok(())
    }

    /// Writes what is appended but pending, and lets a memory array give back the budget
    /// it reserved beyond its length. Call when done appending.
    pub fn finish_appending(&mut self) -> io::Result<()> {
        match &mut self.place {
            Place::Memory { data, reserved } => {
                let used = data.capacity() * SAMPLE_BYTES;
                if *reserved > used {
                    self.budget.give_back(*reserved - used);
                    *reserved = used;
                }
            }
            Place::Disk { file, pending } => {
                if !pending.is_empty() {
                    write_at(file, self.len - pending.len(), pending)?;
                    pending.clear();
                    pending.shrink_to_fit();
                }
            }
        }
        Ok(())
    }

    /// The samples `at .. at + len` when the array is in memory (no copy).
    pub fn in_memory(&self, at: usize, len: usize) -> Option<&[f32]> {
        match &self.place {
            Place::Memory { data, .. } => data.get(at..at + len),
            Place::Disk { .. } => None,
        }
    }

    /// Reads samples `at .. at + out.len()` into `out`. Call [`Self::finish_appending`]
    /// first.
    pub fn read(&self, at: usize, out: &mut [f32]) -> io::Result<()> {
        assert!(
            at + out.len() <= self.len,
            "read past the end of a spilled array"
        );
        match &self.place {
            Place::Memory { data, .. } => {
                out.copy_from_slice(&data[at..at + out.len()]);
                Ok(())
            }
            Place::Disk { file, .. } => read_at(file, self.offset + at, out),
        }
    }

    /// Overwrites samples `at .. at + data.len()`. Call [`Self::finish_appending`] first.
    pub fn write(&mut self, at: usize, samples: &[f32]) -> io::Result<()> {
        assert!(
            at + samples.len() <= self.len,
            "write past the end of a spilled array"
        );
        match &mut self.place {
            Place::Memory { data, .. } => {
                data[at..at + samples.len()].copy_from_slice(samples);
                Ok(())
            }
            Place::Disk { file, .. } => write_at(file, self.offset + at, samples),
        }
    }

    /// Changes samples `at .. at + len` in place with `change`, a piece at a time.
    pub fn update(
        &mut self,
        at: usize,
        len: usize,
        mut change: impl FnMut(usize, &mut [f32]),
    ) -> io::Result<()> {
        if let Place::Memory { data, .. } = &mut self.place {
            change(at, &mut data[at..at + len]);
            return Ok(());
        }
        let mut buf = vec![0f32; len.min(WRITE_BUFFER)];
        let mut from = at;
        while from < at + len {
            let n = (at + len - from).min(buf.len());
            self.read(from, &mut buf[..n])?;
            change(from, &mut buf[..n]);
            self.write(from, &buf[..n])?;
            from += n;
        }
        Ok(())
    }

    /// Calls `visit` with samples `at .. at + len` a piece at a time (each piece starting
    /// at the index given), reading from disk into `scratch` when spilled.
    pub fn visit(
        &self,
        at: usize,
        len: usize,
        piece: usize,
        scratch: &mut Vec<f32>,
        mut visit: impl FnMut(usize, &[f32]),
    ) -> io::Result<()> {
        let piece = piece.max(1);
        let mut from = at;
        while from < at + len {
            let n = (at + len - from).min(piece);
            match self.in_memory(from, n) {
                Some(samples) => visit(from, samples),
                None => {
                    scratch.resize(n, 0.0);
                    self.read(from, scratch)?;
                    visit(from, scratch);
                }
            }
            from += n;
        }
        Ok(())
    }
}

impl Drop for SpillVec {
    fn drop(&mut self) {
        if let Place::Memory { reserved, .. } = &self.place {
            self.budget.give_back(*reserved);
        }
    }
}

/// Bytes per sample on disk.
const SAMPLE_BYTES: usize = 4;

/// Samples converted to or from bytes at a time: the byte buffer stays small, however much
/// is written or read at once (spilling 192 MiB must not take another 192 MiB).
const IO_SAMPLES: usize = 1 << 16;

fn write_at(file: &File, at: usize, samples: &[f32]) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(IO_SAMPLES.min(samples.len()) * SAMPLE_BYTES);
    for (k, piece) in samples.chunks(IO_SAMPLES).enumerate() {
        bytes.clear();
        bytes.extend(piece.iter().flat_map(|s| s.to_le_bytes()));
        write_all_at(file, &bytes, ((at + k * IO_SAMPLES) * SAMPLE_BYTES) as u64)?;
    }
    Ok(())
}

fn read_at(file: &File, at: usize, out: &mut [f32]) -> io::Result<()> {
    let mut bytes = vec![0u8; IO_SAMPLES.min(out.len()) * SAMPLE_BYTES];
    for (k, piece) in out.chunks_mut(IO_SAMPLES).enumerate() {
        let bytes = &mut bytes[..piece.len() * SAMPLE_BYTES];
        read_exact_at(file, bytes, ((at + k * IO_SAMPLES) * SAMPLE_BYTES) as u64)?;
        for (s, b) in piece.iter_mut().zip(bytes.chunks_exact(SAMPLE_BYTES)) {
            *s = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
    }
    Ok(())
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_read(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

/// `len` zeros written, not only allocated: `vec![0.0; len]` maps the kernel's shared zero
/// page, so a block that is read before it is written (a running maximum, a sum) then takes
/// a copy-on-write fault whose TLB flush interrupts every other core — on the 24-take bench
/// that was ≈ 30 ms of the parallel envelope pass. Writing the zeros first faults each
/// page in once, privately.
pub(super) fn written_zeros(len: usize) -> Vec<f32> {
    let mut data = Vec::with_capacity(len);
    data.resize(len, 0.0);
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize, k: f32) -> Vec<f32> {
        (0..n).map(|i| (i as f32 * k).sin()).collect()
    }

    #[test]
    fn an_array_within_the_budget_stays_in_memory_and_gives_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(1 << 20, dir.path()));
        {
            let mut a = SpillVec::new(&budget);
            a.push(&series(1000, 0.1)).unwrap();
            a.finish_appending().unwrap();
            assert!(!a.spilled());
            assert_eq!(budget.left.load(Ordering::Acquire), (1 << 20) - 4000);
        }
        assert_eq!(budget.left.load(Ordering::Acquire), 1 << 20);
    }

    #[test]
    fn past_the_budget_an_array_spills_and_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(100_000, dir.path()));
        let x = series(300_000, 0.013);
        let mut a = SpillVec::new(&budget);
        for piece in x.chunks(7_777) {
            a.push(piece).unwrap();
        }
        a.finish_appending().unwrap();
        assert!(a.spilled());
        assert_eq!(budget.left.load(Ordering::Acquire), 100_000, "given back");
        assert_eq!(a.len(), x.len());
        let mut back = vec![0f32; x.len()];
        a.read(0, &mut back).unwrap();
        assert_eq!(back, x);
        let mut seen = Vec::new();
        let mut scratch = Vec::new();
        a.visit(123, 50_000, 4_096, &mut scratch, |at, piece| {
            assert_eq!(at, 123 + seen.len());
            seen.extend_from_slice(piece);
        })
        .unwrap();
        assert_eq!(seen, x[123..50_123]);
        // Nothing is left on disk: the file never had a name in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn keeping_a_stretch_reads_it_from_its_start_on_disk_and_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let x = series(50_000, 0.07);
        for budget_bytes in [0, 1 << 20] {
            let budget = Arc::new(MemoryBudget::new(budget_bytes, dir.path()));
            let mut a = SpillVec::new(&budget);
            a.reserve(x.len());
            a.push(&x).unwrap();
            a.finish_appending().unwrap();
            a.keep_only(1_000, 30_000);
            assert_eq!(a.len(), 30_000);
            let mut back = vec![0f32; 30_000];
            a.read(0, &mut back).unwrap();
            assert_eq!(back, x[1_000..31_000]);
            a.write(5, &[9.0]).unwrap();
            a.read(4, &mut back[..3]).unwrap();
            assert_eq!(back[..3], [x[1_004], 9.0, x[1_006]]);
            drop(a);
            assert_eq!(budget.left.load(Ordering::Acquire), budget_bytes);
        }
    }

    #[test]
    fn appending_in_place_spills_when_the_budget_runs_out() {
        let dir = tempfile::tempdir().unwrap();
        let budget = Arc::new(MemoryBudget::new(RESERVE_STEP + 10, dir.path()));
        let x = series(3 * RESERVE_STEP / 4, 0.01);
        let mut a = SpillVec::new(&budget);
        let mut scratch = Vec::new();
        for piece in x.chunks(100_000) {
            let added = a
                .append_with(&mut scratch, |v| {
                    let before = v.len();
                    v.extend_from_slice(piece);
                    v.len() - before
                })
                .unwrap();
            assert_eq!(added, piece.len());
        }
        a.finish_appending().unwrap();
        assert!(a.spilled());
        let mut back = vec![0f32; x.len()];
        a.read(0, &mut back).unwrap();
        assert_eq!(back, x);
    }

    #[test]
    fn updates_in_place_on_disk_and_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        for budget_bytes in [0, 1 << 20] {
            let budget = Arc::new(MemoryBudget::new(budget_bytes, dir.path()));
            let mut a = SpillVec::zeros(&budget, 200_000).unwrap();
            assert_eq!(a.spilled(), budget_bytes == 0);
            a.update(10, 150_000, |at, piece| {
                for (k, s) in piece.iter_mut().enumerate() {
                    *s = (at + k) as f32;
                }
            })
            .unwrap();
            let mut back = vec![0f32; 5];
            a.read(8, &mut back).unwrap();
            assert_eq!(back, [0.0, 0.0, 10.0, 11.0, 12.0]);
            a.read(150_008, &mut back).unwrap();
            assert_eq!(back, [150_008.0, 150_009.0, 0.0, 0.0, 0.0]);
        }
    }
}
