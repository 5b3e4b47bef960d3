//! Finding the recorded takes in `recordings/`: a take named `01-1` is any file
//! `01-1.<audio extension>` (extension and name compared without regard to case, since
//! phones and Windows write `01-1.WAV`). Files that match no take are reported, because
//! a misnamed take ("1-1.wav", "01-1 .wav") is the usual reason one seems missing.

use super::rundown::Rundown;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File extensions taken as recordings, in order of preference when one take has
/// several files (lossless first).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "flac", "aiff", "aif", "caf", "m4a", "mp4", "aac", "mp3", "ogg", "oga", "opus", "webm",
    "mka", "mkv",
];

/// The files found for one take.
#[derive(Debug, Clone, PartialEq)]
pub struct TakeFiles {
    /// The file used, if any.
    pub chosen: Option<PathBuf>,
    /// Other audio files with the same take name, ignored.
    pub ignored: Vec<PathBuf>,
}

/// What `recordings/` holds, matched against the rundown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recordings {
    /// Take name → its files. Every take of the rundown has an entry.
    pub by_take: BTreeMap<String, TakeFiles>,
    /// Audio files whose name matches no take.
    pub unmatched: Vec<PathBuf>,
    /// Files named like a take but with an extension that is not audio ("01-1.txt").
    pub not_audio: Vec<PathBuf>,
}

/// The rank of an audio extension in [`AUDIO_EXTENSIONS`], or `None` if it is not audio.
pub fn audio_rank(path: &Path) -> Option<usize> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    AUDIO_EXTENSIONS.iter().position(|e| *e == ext)
}

/// Looks through `recordings_dir` (a missing folder holds nothing). Hidden files
/// (a leading dot, e.g. half-written temporaries) are skipped.
pub fn find_recordings(rundown: &Rundown, recordings_dir: &Path) -> std::io::Result<Recordings> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(recordings_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            // Anything but a folder, and a folder only when named like a recording: a
            // named pipe or a folder called `01-1.wav` is the take, refused by name when it
            // is decoded, not passed over as if it were missing.
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()) || audio_rank(&e.path()).is_some())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.'))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    files.sort();

    let mut found = Recordings::default();
    let takes: BTreeMap<String, &str> = rundown
        .segments()
        .map(|s| (s.take.to_lowercase(), s.take.as_str()))
        .collect();
    let mut candidates: BTreeMap<&str, Vec<(usize, PathBuf)>> = BTreeMap::new();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        match (takes.get(&stem), audio_rank(&file)) {
            (Some(take), Some(rank)) => candidates.entry(take).or_default().push((rank, file)),
            (Some(_), None) => found.not_audio.push(file),
            (None, Some(_)) => found.unmatched.push(file),
            (None, None) => {}
        }
    }
    for seg in rundown.segments() {
        let mut list = candidates.remove(seg.take.as_str()).unwrap_or_default();
        list.sort();
        let mut list = list.into_iter().map(|(_, p)| p);
        let chosen = list.next();
        found.by_take.insert(
            seg.take.clone(),
            TakeFiles {
                chosen,
                ignored: list.collect(),
            },
        );
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::sample_rundown::{rundown, take};

    #[test]
    fn matches_takes_prefers_lossless_and_reports_strays() {
        let r = rundown(
            "t",
            take("00-mo-dau", "a", 1.0),
            Vec::new(),
            take("99-ket-thuc", "a", 1.0),
        );
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "00-MO-DAU.mp3",
            "00-mo-dau.WAV",
            "1-1.wav",
            "99-ket-thuc.txt",
            ".x.wav.part",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found = find_recordings(&r, dir.path()).unwrap();
        let open = &found.by_take["00-mo-dau"];
        assert_eq!(open.chosen, Some(dir.path().join("00-mo-dau.WAV")));
        assert_eq!(open.ignored, vec![dir.path().join("00-MO-DAU.mp3")]);
        assert_eq!(found.by_take["99-ket-thuc"].chosen, None);
        assert_eq!(found.unmatched, vec![dir.path().join("1-1.wav")]);
        assert_eq!(found.not_audio, vec![dir.path().join("99-ket-thuc.txt")]);
        let none = find_recordings(&r, &dir.path().join("absent")).unwrap();
        assert!(none.by_take.values().all(|t| t.chosen.is_none()));
    }
}
