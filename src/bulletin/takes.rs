//! Finding the recorded takes in `recordings/`, for `bantin status` and `bantin assemble`
//! alike: a take named `01-1` is any file `01-1.<audio extension>` (name and extension
//! compared without regard to case, since phones and Windows write `01-1.WAV`).
//!
//! People type names by hand, so a file whose name is *nearly* a take's — `01_2.wav`,
//! `01-2 .wav`, `01-2.wav.wav`, `1-2.wav`, `01-02.wav` — is matched to that take too (the
//! same separators and numbers, ignoring spaces, leading zeros and doubled extensions),
//! with the exact name to rename it to. Everything else in the folder is reported, since a
//! misnamed take is the usual reason one seems missing, and an entry that cannot be read
//! (a link to an unplugged USB stick, a link loop, a folder named like a take) is named
//! with what is wrong instead of being passed over.

use super::rundown::Rundown;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File extensions taken as recordings, in order of preference when one take has
/// several files (lossless first).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "wave", "flac", "aiff", "aif", "caf", "m4a", "mp4", "aac", "mp3", "ogg", "oga", "opus",
    "webm", "mka", "mkv",
];

/// A file chosen for a take.
#[derive(Debug, Clone, PartialEq)]
pub struct TakeFile {
    pub path: PathBuf,
    /// Set when the file's name is only nearly the take's: the name it should have
    /// ("01-2.wav").
    pub rename_to: Option<String>,
    /// Set when the entry cannot be read as a file: what is wrong with it.
    pub problem: Option<String>,
}

/// The files found for one take.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TakeFiles {
    /// The file used, if any.
    pub chosen: Option<TakeFile>,
    /// Other audio files for the same take, ignored.
    pub ignored: Vec<PathBuf>,
}

/// What `recordings/` holds, matched against the rundown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recordings {
    /// Take name → its files. Every take of the rundown has an entry.
    pub by_take: BTreeMap<String, TakeFiles>,
    /// Audio files whose name matches no take, even nearly.
    pub unmatched: Vec<PathBuf>,
    /// Entries with an audio extension that cannot be read and match no take, with what
    /// is wrong.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Files named like a take but with an extension that is not audio ("01-1.txt").
    pub not_audio: Vec<PathBuf>,
    /// Everything else in the folder (other files, sub-folders), hidden files left out.
    pub other: Vec<PathBuf>,
}

impl Recordings {
    /// Every entry of the folder that is not used for a take, with why: what `assemble`
    /// lists so that no take is left behind unnoticed.
    pub fn not_used(&self) -> Vec<(PathBuf, String)> {
        let mut list: Vec<(PathBuf, String)> = Vec::new();
        for (take, files) in &self.by_take {
            for p in &files.ignored {
                list.push((p.clone(), format!("a second file for take {take}")));
            }
        }
        for p in &self.unmatched {
            list.push((p.clone(), "its name matches no take".into()));
        }
        for (p, why) in &self.unreadable {
            list.push((p.clone(), why.clone()));
        }
        for p in &self.not_audio {
            list.push((p.clone(), "named like a take but not an audio file".into()));
        }
        for p in &self.other {
            let why = if p.is_dir() {
                "a folder: takes inside it are not looked at"
            } else {
                "not an audio file"
            };
            list.push((p.clone(), why.into()));
        }
        list.sort();
        list
    }
}

/// The rank of an audio extension in [`AUDIO_EXTENSIONS`], or `None` if it is not audio.
pub fn audio_rank(path: &Path) -> Option<usize> {
    let ext = path.extension()?.to_str()?.trim().to_ascii_lowercase();
    AUDIO_EXTENSIONS.iter().position(|e| *e == ext)
}

/// What is wrong with a folder entry that should be an audio file, or None when it is a
/// readable regular file (a link to one is fine).
pub fn entry_problem(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(m) => {
            crate::regular_file::kind_of(&m).map(|kind| format!("is {kind}, not an audio file"))
        }
        Err(e) => Some(match std::fs::read_link(path) {
            Ok(_) if leads_back(path) => {
                "is a link that leads back to itself (a link loop); put the recording itself here"
                    .into()
            }
            Ok(target) if e.kind() == std::io::ErrorKind::NotFound => format!(
                "is a link to {}, which is not there: is the USB stick or network drive connected? Copy the recording into the folder instead",
                target.display()
            ),
            _ => format!("cannot be read: {e}"),
        }),
    }
}

/// Whether following the links from `path` comes back to a link already passed.
fn leads_back(path: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut at = path.to_path_buf();
    // Systems give up after 40 links; so does this.
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&at) else {
            return false;
        };
        let next = match at.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
        if !seen.insert(next.clone()) {
            return true;
        }
        at = next;
    }
    true
}

/// The loose form of a name: lower case, trailing audio extensions dropped (however many),
/// split at anything that is not a letter or digit, numbers without leading zeros.
/// "01_2.WAV.wav" → ["1", "2"]; "00 Mo Dau" → ["0", "mo", "dau"].
fn loose(name: &str) -> Vec<String> {
    let mut name = name.trim().to_lowercase();
    while let Some((stem, ext)) = name.rsplit_once('.') {
        if AUDIO_EXTENSIONS.contains(&ext.trim()) {
            name = stem.trim_end().to_string();
        } else {
            break;
        }
    }
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            if part.chars().all(|c| c.is_ascii_digit()) {
                let digits = part.trim_start_matches('0');
                if digits.is_empty() { "0" } else { digits }.to_string()
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// Looks through `recordings_dir` (a missing folder holds nothing). Hidden files
/// (a leading dot, e.g. half-written temporaries) are skipped.
pub fn find_recordings(rundown: &Rundown, recordings_dir: &Path) -> std::io::Result<Recordings> {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(recordings_dir) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    entries.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| !n.starts_with('.'))
    });
    entries.sort();

    let mut found = Recordings::default();
    let exact: BTreeMap<String, &str> = rundown
        .segments()
        .map(|s| (s.take.to_lowercase(), s.take.as_str()))
        .collect();
    // Loose forms that name exactly one take.
    let mut by_loose: BTreeMap<Vec<String>, Option<&str>> = BTreeMap::new();
    for seg in rundown.segments() {
        by_loose
            .entry(loose(&seg.take))
            .and_modify(|t| *t = None)
            .or_insert(Some(seg.take.as_str()));
    }
    // (near miss, extension rank, path, problem) per take: exact names first.
    type Candidate = (bool, usize, PathBuf, Option<String>);
    let mut candidates: BTreeMap<&str, Vec<Candidate>> = BTreeMap::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let rank = audio_rank(&path);
        let take_exact = exact.get(&stem).copied();
        let take_loose = by_loose.get(&loose(&name)).copied().flatten();
        match (rank, take_exact, take_loose) {
            (Some(rank), Some(take), _) => {
                let problem = entry_problem(&path);
                candidates
                    .entry(take)
                    .or_default()
                    .push((false, rank, path, problem));
            }
            (Some(rank), None, Some(take)) => {
                let problem = entry_problem(&path);
                candidates
                    .entry(take)
                    .or_default()
                    .push((true, rank, path, problem));
            }
            (Some(_), None, None) => match entry_problem(&path) {
                Some(problem) => found.unreadable.push((path, problem)),
                None => found.unmatched.push(path),
            },
            (None, Some(_), _) if path.is_file() => found.not_audio.push(path),
            (None, _, _) => found.other.push(path),
        }
    }
    for seg in rundown.segments() {
        let mut list = candidates.remove(seg.take.as_str()).unwrap_or_default();
        // Exact names before near misses, readable before not, lossless before lossy.
        list.sort_by(|a, b| (a.0, a.3.is_some(), a.1, &a.2).cmp(&(b.0, b.3.is_some(), b.1, &b.2)));
        let mut list = list.into_iter();
        let chosen = list.next().map(|(near, _, path, problem)| TakeFile {
            rename_to: near.then(|| {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().trim().to_lowercase())
                    .unwrap_or_else(|| "wav".into());
                format!("{}.{ext}", seg.take)
            }),
            path,
            problem,
        });
        found.by_take.insert(
            seg.take.clone(),
            TakeFiles {
                chosen,
                ignored: list.map(|(_, _, p, _)| p).collect(),
            },
        );
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::sample_rundown::{item, rundown, take};

    fn bulletin() -> Rundown {
        rundown(
            "t",
            take("00-mo-dau", "a", 1.0),
            vec![item(
                "01",
                "Tin",
                vec![
                    take("01-1", "a", 1.0),
                    take("01-2", "b", 1.0),
                    take("01-12", "c", 1.0),
                ],
            )],
            take("99-ket-thuc", "a", 1.0),
        )
    }

    fn files(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        dir
    }

    #[test]
    fn matches_takes_prefers_lossless_and_reports_strays() {
        let dir = files(&[
            "00-MO-DAU.mp3",
            "00-mo-dau.WAV",
            "ghi-chu.wav",
            "99-ket-thuc.txt",
            "notes.txt",
            ".x.wav.part",
        ]);
        let r = bulletin();
        let found = find_recordings(&r, dir.path()).unwrap();
        let open = &found.by_take["00-mo-dau"];
        let chosen = open.chosen.as_ref().unwrap();
        assert_eq!(chosen.path, dir.path().join("00-mo-dau.WAV"));
        assert_eq!(
            (chosen.rename_to.as_deref(), chosen.problem.as_deref()),
            (None, None)
        );
        assert_eq!(open.ignored, vec![dir.path().join("00-MO-DAU.mp3")]);
        assert_eq!(found.by_take["99-ket-thuc"].chosen, None);
        assert_eq!(found.unmatched, vec![dir.path().join("ghi-chu.wav")]);
        assert_eq!(found.not_audio, vec![dir.path().join("99-ket-thuc.txt")]);
        assert_eq!(found.other, vec![dir.path().join("notes.txt")]);
        let not_used: Vec<String> = found
            .not_used()
            .iter()
            .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            not_used,
            [
                "00-MO-DAU.mp3",
                "99-ket-thuc.txt",
                "ghi-chu.wav",
                "notes.txt"
            ]
        );
        let none = find_recordings(&r, &dir.path().join("absent")).unwrap();
        assert!(none.by_take.values().all(|t| t.chosen.is_none()));
    }

    #[test]
    fn near_miss_names_are_matched_with_the_name_to_rename_to() {
        for (name, take, rename) in [
            ("01_2.wav", "01-2", "01-2.wav"),
            ("01-2 .wav", "01-2", "01-2.wav"),
            ("01-2.wav.wav", "01-2", "01-2.wav"),
            ("1-2.wav", "01-2", "01-2.wav"),
            ("01-02.M4A", "01-2", "01-2.m4a"),
            ("1 - 12.mp3", "01-12", "01-12.mp3"),
            ("00 Mo Dau.ogg", "00-mo-dau", "00-mo-dau.ogg"),
        ] {
            let dir = files(&[name]);
            let found = find_recordings(&bulletin(), dir.path()).unwrap();
            let chosen = found.by_take[take].chosen.as_ref();
            assert_eq!(
                chosen.map(|c| (c.path.clone(), c.rename_to.as_deref())),
                Some((dir.path().join(name), Some(rename))),
                "{name}"
            );
            assert!(found.unmatched.is_empty(), "{name}");
        }
        // An exact name wins over a near miss, which is then a second file.
        let dir = files(&["01-2.wav", "1-2.wav"]);
        let found = find_recordings(&bulletin(), dir.path()).unwrap();
        let t = &found.by_take["01-2"];
        assert_eq!(t.chosen.as_ref().unwrap().rename_to, None);
        assert_eq!(t.ignored, vec![dir.path().join("1-2.wav")]);
        // Not a near miss: another number.
        let dir = files(&["01-3.wav", "1-21.wav"]);
        let found = find_recordings(&bulletin(), dir.path()).unwrap();
        assert_eq!(found.unmatched.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn links_to_nothing_loops_and_folders_are_named_with_what_is_wrong() {
        let dir = files(&["01-1.wav"]);
        let p = dir.path();
        std::os::unix::fs::symlink("/media/usb-khong-cam/01-2.wav", p.join("01-2.wav")).unwrap();
        std::os::unix::fs::symlink(p.join("loop-b.wav"), p.join("loop-a.wav")).unwrap();
        std::os::unix::fs::symlink(p.join("loop-a.wav"), p.join("loop-b.wav")).unwrap();
        std::fs::create_dir(p.join("99-ket-thuc.wav")).unwrap();
        std::os::unix::fs::symlink(p.join("01-1.wav"), p.join("00-mo-dau.wav")).unwrap();
        let found = find_recordings(&bulletin(), p).unwrap();
        let problem = |take: &str| found.by_take[take].chosen.as_ref().unwrap().problem.clone();
        assert_eq!(problem("00-mo-dau"), None, "a link to a file is a file");
        assert!(
            problem("01-2")
                .unwrap()
                .contains("/media/usb-khong-cam/01-2.wav, which is not there")
        );
        assert!(problem("99-ket-thuc").unwrap().contains("is a folder"));
        let loops: Vec<&str> = found
            .unreadable
            .iter()
            .map(|(_, why)| why.as_str())
            .collect();
        assert_eq!(loops.len(), 2);
        assert!(loops.iter().all(|w| w.contains("link loop")), "{loops:?}");
    }
}
