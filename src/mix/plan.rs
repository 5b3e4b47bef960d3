//! What goes into a programme, in air order: from a bulletin's rundown, or from a folder
//! of recordings (one item per file, in file-name order). Jingles come from a folder
//! holding `intro.*`, `sting.*`, `outro.*` and `bed.*`, each optional.

use std::path::{Path, PathBuf};

use super::error::{MissingTake, MixError};
use crate::bulletin::rundown::{RECORDINGS_DIR, Rundown};
use crate::bulletin::takes::{self, audio_rank};

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
    /// The rundown's estimate of the take, seconds (a take far longer is suspect).
    pub estimate_s: Option<f64>,
    /// Staff listened and let the take go to air even if suspect.
    pub accept_suspect: bool,
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
    /// What staff should know about the recordings: a take found under a near-miss name
    /// (and the name to give it), every file in the folder that is not used.
    pub warnings: Vec<String>,
}

impl Plan {
    /// How many files the programme is made of (each prepared once, however often used).
    pub fn file_count(&self) -> usize {
        let j = &self.jingles;
        [&j.intro, &j.sting, &j.outro, &j.bed]
            .into_iter()
            .filter(|p| p.is_some())
            .count()
            + usize::from(self.opening.is_some())
            + self.items.iter().map(Vec::len).sum::<usize>()
            + usize::from(self.closing.is_some())
    }
}

/// The audio files in `dir` (by extension), in name order. An entry named like an audio
/// file that cannot be read — a link to an unplugged USB stick, a link loop, a folder
/// called `x.wav` — stops the run with its name: it is never passed over.
fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, MixError> {
    let rd = std::fs::read_dir(dir).map_err(|source| MixError::ReadDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = rd
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|source| MixError::ReadDir {
            path: dir.to_path_buf(),
            source,
        })?;
    files.retain(|p| {
        audio_rank(p).is_some()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| !n.starts_with('.'))
    });
    files.sort();
    let unreadable: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| takes::entry_problem(p).map(|why| (p.display().to_string(), why)))
        .collect();
    if !unreadable.is_empty() {
        return Err(MixError::Unreadable(unreadable));
    }
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

/// The plan for a bulletin folder, its takes found as `bantin status` finds them. Every
/// take must be recorded: otherwise one error lists all the missing ones; a take file that
/// cannot be read stops it too, named.
pub fn from_rundown(
    bulletin_dir: &Path,
    rundown: &Rundown,
    jingles: Jingles,
) -> Result<Plan, MixError> {
    let rec_dir = bulletin_dir.join(RECORDINGS_DIR);
    let found = takes::find_recordings(rundown, &rec_dir).map_err(|source| MixError::ReadDir {
        path: rec_dir.clone(),
        source,
    })?;
    let shown = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!("{RECORDINGS_DIR}/{name}")
    };
    let mut missing = Vec::new();
    let mut unreadable = Vec::new();
    let mut warnings = Vec::new();
    let mut source = |seg: &crate::bulletin::rundown::Segment, role: Role, item: Option<&str>| {
        let chosen = found.by_take.get(&seg.take).and_then(|f| f.chosen.as_ref());
        let Some(file) = chosen else {
            missing.push(MissingTake {
                segment_id: seg.id.clone(),
                expected: format!("{RECORDINGS_DIR}/{}.wav", seg.take),
            });
            return None;
        };
        if let Some(problem) = &file.problem {
            unreadable.push((shown(&file.path), problem.clone()));
            return None;
        }
        if let Some(name) = &file.rename_to {
            warnings.push(format!(
                "{} is used as take {}; rename it to {RECORDINGS_DIR}/{name}",
                shown(&file.path),
                seg.take
            ));
        }
        Some(Source {
            role,
            shown: shown(&file.path),
            path: file.path.clone(),
            item_id: item.map(str::to_string),
            segment_id: Some(seg.id.clone()),
            estimate_s: Some(seg.estimate_s),
            accept_suspect: seg.accept_suspect,
        })
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
    if !unreadable.is_empty() {
        return Err(MixError::Unreadable(unreadable));
    }
    if !missing.is_empty() {
        let strays = found.unmatched.iter().map(|p| shown(p)).collect();
        return Err(MixError::MissingTakes(missing, strays));
    }
    for (path, why) in found.not_used() {
        warnings.push(format!("not used: {} ({why})", shown(&path)));
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
        warnings,
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
                estimate_s: None,
                accept_suspect: false,
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
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_count_counts_a_sting_used_twice_once() {
        let source = |name: &str| Source {
            role: Role::Take,
            path: PathBuf::from(name),
            shown: name.into(),
            item_id: None,
            segment_id: None,
            estimate_s: None,
            accept_suspect: false,
        };
        let plan = Plan {
            title: String::new(),
            station: String::new(),
            date: None,
            slot: None,
            opening: Some(source("00.wav")),
            items: vec![
                vec![source("01-1.wav"), source("01-2.wav")],
                vec![source("02-1.wav")],
            ],
            closing: Some(source("99.wav")),
            jingles: Jingles {
                intro: Some("intro.wav".into()),
                sting: Some("sting.wav".into()),
                outro: None,
                bed: Some("bed.wav".into()),
            },
            warnings: vec![],
        };
        assert_eq!(plan.file_count(), 8);
    }
}
