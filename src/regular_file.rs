//! Opening a file only when it is a regular file. A named pipe (FIFO) called `take.wav`
//! would block the first read forever (nothing ever writes to it); a device can be read
//! without end; a socket or a folder cannot be read at all. Every place that opens a
//! recording, a broadcast WAV or an archived file goes through [`open`], which looks at what
//! the path is before opening it, so none of those ever hangs or runs away.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// What a path that is not a regular file is: the reason `open` refused it. Carried inside
/// the `io::Error` [`open`] returns (`InvalidInput`); find it with [`not_regular`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("is {kind}, not a file")]
pub struct NotRegularFile {
    /// In words for a message: "a folder", "a named pipe (FIFO)", …
    pub kind: &'static str,
}

/// Opens `path` for reading if it is a regular file (symbolic links are followed); else
/// an `InvalidInput` error holding a [`NotRegularFile`], without opening it.
pub fn open(path: &Path) -> io::Result<File> {
    refuse_irregular(&std::fs::metadata(path)?)?;
    let file = File::open(path)?;
    // The path may have been replaced between the look and the open.
    refuse_irregular(&file.metadata()?)?;
    Ok(file)
}

/// The [`NotRegularFile`] inside an error from [`open`], if that is why it failed.
pub fn not_regular(err: &io::Error) -> Option<NotRegularFile> {
    err.get_ref()
        .and_then(|inner| inner.downcast_ref::<NotRegularFile>())
        .copied()
}

fn refuse_irregular(meta: &Metadata) -> io::Result<()> {
    match kind_of(meta) {
        None => Ok(()),
        Some(kind) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegularFile { kind },
        )),
    }
}

/// `None` for a regular file, else what the path is, in words ("a folder", "a named pipe
/// (FIFO)", …).
pub(crate) fn kind_of(meta: &Metadata) -> Option<&'static str> {
    let file_type = meta.file_type();
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        std::fs::write(&path, b"RIFF").unwrap();
        assert!(open(&path).is_ok());
    }

    #[test]
    fn a_folder_is_refused_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("take.wav");
        std::fs::create_dir(&path).unwrap();
        let err = open(&path).unwrap_err();
        assert_eq!(not_regular(&err).unwrap().kind, "a folder");
        assert_eq!(err.to_string(), "is a folder, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_without_reading_it() {
        let err = open(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(not_regular(&err).unwrap().kind, "a device");
    }

    #[test]
    fn a_missing_file_keeps_its_own_error() {
        let err = open(Path::new("/no/such/take.wav")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(not_regular(&err).is_none());
    }
}
