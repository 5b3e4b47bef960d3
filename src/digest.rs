//! SHA-256 of files, streamed (a bulletin WAV is tens of megabytes).

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// Lower-case hex SHA-256 of a file's bytes, and its length. The file is read on a thread
/// of its own, a piece ahead of the hashing: copying a piece out of the page cache then
/// overlaps hashing the one before (about a fifth of the time on a just-written WAV).
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    use std::sync::mpsc::sync_channel;
    let mut file = crate::regular_file::open(path)?;
    // Three buffers go round: one being read into, one waiting, one being hashed.
    let (to_hasher, pieces) = sync_channel::<(Vec<u8>, usize)>(1);
    let (to_reader, empties) = sync_channel::<Vec<u8>>(3);
    for _ in 0..3 {
        let _ = to_reader.send(vec![0u8; PIECE]);
    }
    std::thread::scope(|scope| {
        // It stops at the end of the file or at a read error, which the join hands on.
        let reader = scope.spawn(move || -> io::Result<()> {
            while let Ok(mut buf) = empties.recv() {
                let n = read_full(&mut file, &mut buf)?;
                if n == 0 || to_hasher.send((buf, n)).is_err() {
                    break;
                }
            }
            Ok(())
        });
        let mut hasher = Sha256::new();
        let mut total = 0u64;
        for (buf, n) in pieces {
            hasher.update(&buf[..n]);
            total += n as u64;
            let _ = to_reader.send(buf);
        }
        drop(to_reader);
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok((hex(&hasher.finalize()), total))
    })
}

/// 1 MiB reads: a bulletin WAV in 8 KiB pieces is ten thousand system calls.
const PIECE: usize = 1 << 20;

/// Reads until `buf` is full or the file ends; the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies `reader` into `out`, returning the SHA-256 of what passed and its length.
pub fn copy_hashing(reader: &mut impl Read, out: &mut impl Write) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; PIECE];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(sha256_file(&p).unwrap(), (sha256_bytes(b"abc"), 3));
    }

    #[test]
    fn a_file_of_many_pieces_hashes_as_its_bytes() {
        // More pieces than buffers go round, and a file ending exactly on a piece.
        let dir = tempfile::tempdir().unwrap();
        for len in [4 * PIECE + 12_345, 3 * PIECE] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let p = dir.path().join("big");
            std::fs::write(&p, &bytes).unwrap();
            assert_eq!(sha256_file(&p).unwrap(), (sha256_bytes(&bytes), len as u64));
        }
    }
}
