//! The rundown: `rundown.toml` in a bulletin folder. It is the queue of the bulletin —
//! what is read, in which order, and which take file holds each piece. Staff may edit it
//! by hand (reorder items, drop one, fix a reading), so every command re-reads it and
//! reports malformed input with the line.
//!
//! Layout of a bulletin folder:
//! ```text
//! bulletins/2026-11-27-sang/
//!   rundown.toml      this file
//!   script.html       printable script for the announcer
//!   script.txt
//!   recordings/       takes, saved as <take>.<any audio extension>
//!   out/              what `bantin assemble` makes: <date>-<slot>.wav, .json, .html
//! ```

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const RUNDOWN_FILE: &str = "rundown.toml";
pub const RECORDINGS_DIR: &str = "recordings";
pub const OUT_DIR: &str = "out";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rundown {
    pub bulletin: BulletinInfo,
    /// The opening announcement (greeting), read over the music bed when there is one.
    pub opening: Segment,
    #[serde(default)]
    pub items: Vec<Item>,
    /// The closing announcement (sign-off).
    pub closing: Segment,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BulletinInfo {
    /// Air date, YYYY-MM-DD.
    pub date: String,
    /// Slot id from the station schedule ("sang", "chieu").
    pub slot: String,
    pub title: String,
    pub station: String,
    /// Planned length in seconds, for back-timing.
    pub target_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// "01", "02", … in the order first made; stays with the item when staff reorder.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub byline: String,
    /// The article file the item came from.
    #[serde(default)]
    pub source: String,
    pub segments: Vec<Segment>,
}

/// One take: a piece the announcer records in one go.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// "01-1" (item 01, take 1), "mo-dau", "ket-thuc".
    pub id: String,
    /// What the announcer reads.
    pub spoken: String,
    /// The article text it came from.
    #[serde(default)]
    pub original: String,
    #[serde(default)]
    pub syllables: u32,
    /// Estimated reading time, seconds.
    #[serde(default)]
    pub estimate_s: f64,
    /// File stem the take is saved as under `recordings/` (any supported audio extension).
    pub take: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RundownError {
    #[error(
        "{path}: cannot read the rundown: {source}\nIs this a bulletin folder made by `bantin new`?"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: line {line}: {message}\nFix that line of the rundown (or make the bulletin again with `bantin new`)"
    )]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Rundown {
    /// Reads `DIR/rundown.toml`.
    pub fn load(bulletin_dir: &Path) -> Result<Self, RundownError> {
        let path = bulletin_dir.join(RUNDOWN_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| RundownError::Read {
            path: path.clone(),
            source,
        })?;
        Self::parse(&text, &path)
    }

    /// Parses rundown text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RundownError> {
        let rundown: Rundown = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].lines().count().max(1)
            });
            RundownError::Parse {
                path: path.to_path_buf(),
                line,
                message: e.message().to_string(),
            }
        })?;
        rundown.check_unique_takes(path)?;
        Ok(rundown)
    }

    fn check_unique_takes(&self, path: &Path) -> Result<(), RundownError> {
        let mut seen = std::collections::HashSet::new();
        for seg in self.segments() {
            if seg.take.trim().is_empty() {
                return Err(RundownError::Invalid {
                    path: path.to_path_buf(),
                    message: format!("segment {} has an empty take name", seg.id),
                });
            }
            if !seen.insert(seg.take.as_str()) {
                return Err(RundownError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "take \"{}\" is used by two segments; give each segment its own take name",
                        seg.take
                    ),
                });
            }
        }
        Ok(())
    }

    /// Every segment in air order: opening, each item's segments, closing.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        std::iter::once(&self.opening)
            .chain(self.items.iter().flat_map(|i| i.segments.iter()))
            .chain(std::iter::once(&self.closing))
    }

    /// Stem of the finished files in `out/`: "2026-11-27-sang".
    pub fn output_stem(&self) -> String {
        format!("{}-{}", self.bulletin.date, self.bulletin.slot)
    }
}
