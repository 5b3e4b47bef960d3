//! SHA-256 of files, streamed (a bulletin WAV is tens of megabytes).

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

/// Lower-case hex SHA-256 of a file's bytes, and its length.
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = crate::regular_file::open(path)?;
    copy_hashing(&mut file, &mut io::sink())
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
    // 1 MiB reads: a bulletin WAV in 8 KiB pieces is ten thousand system calls.
    let mut buf = vec![0u8; 1 << 20];
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
}
