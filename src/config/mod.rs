//! The station configuration, `bantin.toml`: given with `--config` or `BANTIN_CONFIG`, or
//! found the way git finds its repository (see [`discover`]). Every field has a default
//! that works for a district station, so bantin runs without any file at all (and says
//! so). Each section belongs to one pipeline stage.

mod audio;
mod discover;
pub(crate) mod toml_error;

mod time_zone;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
pub use time_zone::{DEFAULT_TIME_ZONE, time_zone_named};

pub mod edit;
mod playout;
mod web;
pub use playout::{PLAYLIST_FORMATS, PlayoutConfig};
pub use web::{Language, WebConfig};

pub use audio::{AudioConfig, DEFAULT_TARGET_LUFS, EBU_R128_TARGET_LUFS, PRESETS};
pub use discover::{CONFIG_ENV, ConfigSource};

/// File name looked for in the folders above a bulletin folder or the current folder.
pub const CONFIG_FILE_NAME: &str = "bantin.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the station config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the station config {path} is not valid: {message}\nFix the line shown, or see the configuration reference in the README"
    )]
    Parse { path: PathBuf, message: String },
    #[error("the station config {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// A bad setting, named by where it came from (`--rate 4000`, or the file and key).
    #[error("{origin} {problem}")]
    Value { origin: String, problem: String },
    #[error(
        "{variable} is set to {path}, which is not a file; set it to the station's bantin.toml or unset it"
    )]
    EnvNotAFile {
        variable: &'static str,
        path: PathBuf,
    },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct StationConfig {
    pub station: Station,
    pub reading: Reading,
    pub lexicon: LexiconConfig,
    pub audio: AudioConfig,
    pub schedule: Schedule,
    pub paths: Paths,
    pub web: WebConfig,
    pub playout: PlayoutConfig,
    /// Folder the config was loaded from; relative paths in it are resolved against it.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The file it came from, when there was one.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// How it was found (or that it was not).
    #[serde(skip)]
    pub found: ConfigSource,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Station {
    /// Full name, as announced and written into the broadcast WAV (folded to ASCII there).
    pub name: String,
    /// Opening announcement, read by the announcer before the first item.
    pub greeting: String,
    /// Closing announcement.
    pub sign_off: String,
    /// IANA time zone of the station's clock: air times, `--date today`, the archive.
    pub timezone: String,
    /// Language of the web app's pages: Vietnamese (the default) or English.
    pub language: Language,
}

impl Default for Station {
    fn default() -> Self {
        Self {
            name: "Đài Truyền thanh huyện".into(),
            greeting: "Đây là Đài Truyền thanh huyện. Mời bà con nghe bản tin hôm nay.".into(),
            sign_off: "Bản tin đến đây là kết thúc. Cảm ơn bà con đã chú ý lắng nghe.".into(),
            timezone: DEFAULT_TIME_ZONE.into(),
            language: Language::default(),
        }
    }
}

/// Regional and house choices for reading numbers aloud.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Reading {
    /// Syllables per minute, pauses excluded (233 is the measured rate of national radio news).
    pub rate_spm: f64,
    /// Pause added at each sentence end, seconds.
    pub sentence_pause_s: f64,
    /// Pause added at each paragraph end, seconds.
    pub paragraph_pause_s: f64,
    /// Longest take, in seconds of estimated reading; items are split at sentence ends.
    pub max_take_s: f64,
    /// "nghìn" (north, default) or "ngàn" (south).
    pub thousand: String,
    /// "linh" (default) or "lẻ" for an empty tens place (105).
    pub zero_tens: String,
    /// "tỷ" (default) or "tỉ".
    pub billion: String,
    /// "tư" (default) or "bốn" for month 4 ("tháng tư").
    pub april: String,
    /// Read days 1–10 with "mồng" ("mồng 5 tháng 6"); off by default.
    pub mong_for_early_days: bool,
    /// Target length of a bulletin in minutes, for back-timing in `bantin status`.
    pub target_minutes: f64,
}

impl Default for Reading {
    fn default() -> Self {
        Self {
            rate_spm: 233.0,
            sentence_pause_s: 0.4,
            paragraph_pause_s: 0.8,
            max_take_s: 45.0,
            thousand: "nghìn".into(),
            zero_tens: "linh".into(),
            billion: "tỷ".into(),
            april: "tư".into(),
            mong_for_early_days: false,
            target_minutes: 15.0,
        }
    }
}

/// Station additions to the shipped lexicon.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LexiconConfig {
    /// Extra lexicon files (same format as the shipped one), relative to the config.
    pub files: Vec<PathBuf>,
    /// Inline abbreviations: `"HTX" = "hợp tác xã"`. These win over the shipped lexicon.
    pub abbreviations: std::collections::BTreeMap<String, String>,
    /// Names after which a number is read digit by digit ("Trung đoàn" → "chín hai ba").
    pub digit_by_digit_after: Vec<String>,
    /// Broadcast forms of foreign names and loans: `"Messi" = "Mét-xi"`.
    pub foreign: std::collections::BTreeMap<String, String>,
    /// Readings of web address parts: `"vinhkhe" = "Vĩnh Khê"`.
    pub web: std::collections::BTreeMap<String, String>,
}

/// One broadcast slot of the day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Identifier used by `bantin new --slot` and in folder names ("sang").
    pub id: String,
    /// Air time, "HH:MM" local time.
    pub time: String,
    /// Human title ("Bản tin sáng").
    #[serde(default)]
    pub title: String,
    /// Playout priority written into playlists (higher airs first on a clash).
    #[serde(default)]
    pub priority: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Schedule {
    pub slots: Vec<Slot>,
}

impl Schedule {
    /// When slot `id` airs, in minutes after midnight (None for a slot not scheduled).
    pub fn air_minutes(&self, id: &str) -> Option<u32> {
        self.slots
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| parse_hhmm(&s.time))
    }
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            slots: vec![
                Slot {
                    id: "sang".into(),
                    time: "05:30".into(),
                    title: "Bản tin sáng".into(),
                    priority: 0,
                },
                Slot {
                    id: "chieu".into(),
                    time: "17:00".into(),
                    title: "Bản tin chiều".into(),
                    priority: 0,
                },
            ],
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Paths {
    /// Where bulletin folders live (`bulletins/2026-11-27-sang`).
    pub bulletins: PathBuf,
    /// The archive store and its catalog.
    pub archive: PathBuf,
    /// Station jingles: `intro.*`, `sting.*`, `outro.*`, `bed.*`, each optional.
    pub jingles: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Self {
            bulletins: "bulletins".into(),
            archive: "archive".into(),
            jingles: "jingles".into(),
        }
    }
}

impl StationConfig {
    /// Reads the station config at `path`; relative paths in it start at its folder.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: StationConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: toml_error::explain(&text, &e),
        })?;
        config.base_dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        config.source = Some(path.to_path_buf());
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: self.source.clone().unwrap_or_default(),
            message,
        };
        if !(self.reading.rate_spm > 30.0 && self.reading.rate_spm < 600.0) {
            return Err(invalid(format!(
                "[reading] rate_spm = {} is not a speaking rate; use about 150–350 syllables a minute",
                self.reading.rate_spm
            )));
        }
        self.audio.validate(self.source.as_deref())?;
        self.validate_bulletin_settings()?;
        time_zone_named(&self.station.timezone).map_err(invalid)?;
        self.web.validate().map_err(invalid)?;
        self.playout.validate().map_err(invalid)?;
        for slot in &self.schedule.slots {
            if parse_hhmm(&slot.time).is_none() {
                return Err(invalid(format!(
                    "[schedule] slot \"{}\" has time \"{}\"; write it as HH:MM, e.g. \"05:30\"",
                    slot.id, slot.time
                )));
            }
        }
        Ok(())
    }

    /// Checks the settings `bantin new` and `bantin status` rely on: slot ids name
    /// bulletin folders, so they must be unique and usable in a file name.
    fn validate_bulletin_settings(&self) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: self.source.clone().unwrap_or_default(),
            message,
        };
        let r = &self.reading;
        if !(r.target_minutes > 0.0 && r.target_minutes <= 24.0 * 60.0) {
            return Err(invalid(format!(
                "[reading] target_minutes = {} is not a bulletin length; use minutes, e.g. 15",
                r.target_minutes
            )));
        }
        if !(r.max_take_s >= 5.0 && r.max_take_s <= 600.0) {
            return Err(invalid(format!(
                "[reading] max_take_s = {} is not a take length; use seconds, e.g. 45",
                r.max_take_s
            )));
        }
        for (name, value) in [
            ("sentence_pause_s", r.sentence_pause_s),
            ("paragraph_pause_s", r.paragraph_pause_s),
        ] {
            if !(0.0..=10.0).contains(&value) {
                return Err(invalid(format!(
                    "[reading] {name} = {value} is not a pause; use seconds between 0 and 10"
                )));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for slot in &self.schedule.slots {
            let usable = !slot.id.is_empty()
                && slot
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !usable {
                return Err(invalid(format!(
                    "[schedule] slot id \"{}\" cannot name a bulletin folder; use plain letters, digits and -, e.g. \"sang\"",
                    slot.id
                )));
            }
            if !seen.insert(slot.id.as_str()) {
                return Err(invalid(format!(
                    "[schedule] slot id \"{}\" is used twice; give each slot its own id",
                    slot.id
                )));
            }
        }
        Ok(())
    }

    /// The station's time zone (`[station] timezone`, checked when the config is read).
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        // Only a config built in code can hold an unknown name; Vietnam's offset is the
        // default zone's (no daylight saving time since 1975).
        time_zone_named(&self.station.timezone)
            .unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(7)))
    }

    /// Resolves a path from the config against the config's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() || self.base_dir == Path::new(".") {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }
}

/// Parses "HH:MM" into minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bantin.toml");
        std::fs::write(
            &p,
            "[station]\nname = \"A\"\n[audio]\ntarget_lufs = \"loud\"\n",
        )
        .unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("bantin.toml") && e.contains("line 4"), "{e}");
    }

    #[test]
    fn slot_ids_must_be_unique_and_name_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bantin.toml");
        let slot = |id: &str| format!("[[schedule.slots]]\nid = \"{id}\"\ntime = \"05:30\"\n");
        std::fs::write(&p, slot("sang") + &slot("sang")).unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("slot id \"sang\" is used twice"), "{e}");
        std::fs::write(&p, slot("sáng/1")).unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("cannot name a bulletin folder"), "{e}");
        std::fs::write(&p, "[reading]\ntarget_minutes = 0\n").unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("target_minutes = 0"), "{e}");
    }

    #[test]
    fn unknown_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bantin.toml");
        std::fs::write(&p, "[audio]\ntarget = -16\n").unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("target"), "{e}");
    }

    #[test]
    fn playout_formats_and_the_archive_delay_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bantin.toml");
        std::fs::write(
            &p,
            "[playout]\nfolder = \"D:/Playout\"\nformats = [\"m3u8\", \"csv\"]\narchive_after_minutes = 20\n",
        )
        .unwrap();
        let c = StationConfig::from_file(&p).unwrap();
        assert_eq!(c.playout.formats, ["m3u8", "csv"]);
        assert_eq!(c.playout.archive_after_minutes, Some(20));
        assert_eq!(StationConfig::default().playout.archive_after_minutes, None);
        std::fs::write(&p, "[playout]\nformats = [\"mp3\"]\n").unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("\"mp3\" is not a playlist format"), "{e}");
        std::fs::write(&p, "[playout]\nformats = []\n").unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("formats is empty"), "{e}");
        std::fs::write(&p, "[playout]\narchive_after_minutes = 5000\n").unwrap();
        let e = StationConfig::from_file(&p).unwrap_err().to_string();
        assert!(e.contains("more than a day"), "{e}");
    }
}
