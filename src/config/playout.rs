//! `[playout]` in bantin.toml: where the web app's **Phát sóng** writes the day's playlist
//! for the playout system (as `bantin playlist` writes it), in which formats, and whether
//! aired bulletins are archived by themselves after their slot.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The playlist formats, by their file extension (`bantin playlist --format`).
pub const PLAYLIST_FORMATS: [&str; 5] = ["m3u8", "pls", "xspf", "csv", "json"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PlayoutConfig {
    /// Folder the playout system reads its playlists from, relative to the config's
    /// folder. Empty: `<bulletins>/playlists`, where `bantin playlist` writes by default.
    pub folder: PathBuf,
    /// Formats written, one file each: `<folder>/<date>.<format>`.
    pub formats: Vec<String>,
    /// Absolute paths to the WAVs in the playlists (default: relative to the folder).
    pub absolute_paths: bool,
    /// Start CSV playlists with a UTF-8 byte order mark (for Excel on Windows).
    pub bom: bool,
    /// Archive each finished bulletin this many minutes after its slot's time, with the
    /// slot's time as its air time, while `bantin serve` runs. Unset: only when staff
    /// mark it aired.
    pub archive_after_minutes: Option<u32>,
}

impl Default for PlayoutConfig {
    fn default() -> Self {
        Self {
            folder: PathBuf::new(),
            formats: vec!["m3u8".into()],
            absolute_paths: false,
            bom: false,
            archive_after_minutes: None,
        }
    }
}

impl PlayoutConfig {
    pub(super) fn validate(&self) -> Result<(), String> {
        if self.formats.is_empty() {
            return Err(format!(
                "[playout] formats is empty; list at least one of {}, e.g. formats = [\"m3u8\"]",
                PLAYLIST_FORMATS.join(", ")
            ));
        }
        for f in &self.formats {
            if !PLAYLIST_FORMATS.contains(&f.as_str()) {
                return Err(format!(
                    "[playout] formats: \"{f}\" is not a playlist format; use {}",
                    PLAYLIST_FORMATS.join(", ")
                ));
            }
        }
        if let Some(m) = self.archive_after_minutes
            && m > 24 * 60
        {
            return Err(format!(
                "[playout] archive_after_minutes = {m} is more than a day; use 0 to 1440 minutes, or leave it out to archive only when staff mark a bulletin aired"
            ));
        }
        Ok(())
    }
}
