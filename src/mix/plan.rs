//! What goes into a programme, in air order: from a bulletin's rundown, or from a folder
//! of recordings (one item per file, in file-name order). Jingles come from a folder
//! holding `intro.*`, `sting.*`, `outro.*` and `bed.*`, each optional.

use std::path::{Path, PathBuf};

use super::error::{MissingTake, MixError};
use crate::bulletin::rundown::{RECORDINGS_DIR, Rundown};

/// Extensions bantin decodes.
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "m4a", "mp4", "aac", "aif", "aiff", "caf",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Intro,
    Opening,
    Take,
    Sting,
    Closing,
    Outro,
    Bed,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Intro => "intro",
            Role::Opening => "opening",
            Role::Take => "take",
            Role::Sting => "sting",
            Role::Closing => "closing",
            Role::Outro => "outro",
            Role::Bed => "bed",
        }
    }

    pub fn is_speech(self) -> bool {
        matches!(self, Role::Opening | Role::Take | Role::Closing)
    }
}

/// One file to place.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub role: Role,
    pub path: PathBuf,
    /// As shown to staff and in the report (relative to the bulletin folder if any).
    pub shown: String,
    pub item_id: Option<String>,
    pub segment_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Jingles {
    pub intro: Option<PathBuf>,
    pub sting: Option<PathBuf>,
    pub outro: Option<PathBuf>,
    pub bed: Option<PathBuf>,
}

/// The programme's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub title: String,
    pub station: String,
    pub date: Option<String>,
    pub slot: Option<String>,
    pub opening: Option<Source>,
    /// Each item's takes, in order.
    pub items: Vec<Vec<Source>>,
    pub closing: Option<Source>,
    pub jingles: Jingles,
}

fn is_audio(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, MixError> {
    let rd = std::fs::read_dir(dir).map_err(|source| MixError::ReadDir {
        path: dir.to_path_buf(),
        source,
    })?;
    // Named like audio, whatever it is: a folder or a named pipe called `take.wav` is
    // refused by name when it is decoded, not passed over as if the take were missing.
    let mut files: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_audio(p))
        .collect();
    files.sort();
    Ok(files)
}

/// The audio file in `dir` whose name before the extension is `stem`.
fn find_by_stem(files: &[PathBuf], stem: &str) -> Option<PathBuf> {
    files
        .iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(stem))
        .cloned()
}

/// Finds `intro.*`, `sting.*`, `outro.*`, `bed.*` in `dir`; a missing folder means no jingles.
pub fn find_jingles(dir: Option<&Path>) -> Result<Jingles, MixError> {
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        return Ok(Jingles::default());
    };
    let files = list_dir(dir)?;
    Ok(Jingles {
        intro: find_by_stem(&files, "intro"),
        sting: find_by_stem(&files, "sting"),
        outro: find_by_stem(&files, "outro"),
        bed: find_by_stem(&files, "bed"),
    })
}

/// The plan for a bulletin folder. Every take must be recorded: otherwise one error
/// lists all the missing ones.
pub fn from_rundown(
    bulletin_dir: &Path,
    rundown: &Rundown,
    jingles: Jingles,
) -> Result<Plan, MixError> {
    let rec_dir = bulletin_dir.join(RECORDINGS_DIR);
    let files = if rec_dir.is_dir() {
        list_dir(&rec_dir)?
    } else {
        Vec::new()
    };
    let mut missing = Vec::new();
    let mut source = |seg: &crate::bulletin::rundown::Segment, role: Role, item: Option<&str>| {
        match find_by_stem(&files, &seg.take) {
            Some(path) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Some(Source {
                    role,
                    shown: format!("{RECORDINGS_DIR}/{name}"),
                    path,
                    item_id: item.map(str::to_string),
                    segment_id: Some(seg.id.clone()),
                })
            }
            None => {
                missing.push(MissingTake {
                    segment_id: seg.id.clone(),
                    expected: format!("{RECORDINGS_DIR}/{}.wav", seg.take),
                });
                None
            }
        }
    };
    let opening = source(&rundown.opening, Role::Opening, None);
    let items: Vec<Vec<Source>> = rundown
        .items
        .iter()
        .map(|item| {
            item.segments
                .iter()
                .filter_map(|seg| source(seg, Role::Take, Some(&item.id)))
                .collect()
        })
        .collect();
    let closing = source(&rundown.closing, Role::Closing, None);
    if !missing.is_empty() {
        return Err(MixError::MissingTakes(missing));
    }
    Ok(Plan {
        title: rundown.bulletin.title.clone(),
        station: rundown.bulletin.station.clone(),
        date: Some(rundown.bulletin.date.clone()),
        slot: Some(rundown.bulletin.slot.clone()),
        opening,
        items: items.into_iter().filter(|i| !i.is_empty()).collect(),
        closing,
        jingles,
    })
}

/// The plan for a folder of recordings: each audio file, in file-name order, is an item.
pub fn from_recordings(
    dir: &Path,
    jingles: Jingles,
    title: &str,
    station: &str,
) -> Result<Plan, MixError> {
    let files = list_dir(dir)?;
    if files.is_empty() {
        return Err(MixError::NoRecordings {
            path: dir.to_path_buf(),
        });
    }
    let items = files
        .into_iter()
        .map(|path| {
            vec![Source {
                role: Role::Take,
                shown: path.display().to_string(),
                path,
                item_id: None,
                segment_id: None,
            }]
        })
        .collect();
    Ok(Plan {
        title: title.to_string(),
        station: station.to_string(),
        date: None,
        slot: None,
        opening: None,
        items,
        closing: None,
        jingles,
    })
}
