//! The station configuration, `bantin.toml`: found in the current folder or given with
//! `--config`. Every field has a default that works for a district station, so bantin
//! runs without any file at all. Each section belongs to one pipeline stage.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// File name looked for in the current folder when `--config` is not given.
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
    /// Folder the config was loaded from; relative paths in it are resolved against it.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The file it came from, when there was one.
    #[serde(skip)]
    pub source: Option<PathBuf>,
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
}

impl Default for Station {
    fn default() -> Self {
        Self {
            name: "Đài Truyền thanh huyện".into(),
            greeting: "Đây là Đài Truyền thanh huyện. Mời bà con nghe bản tin hôm nay.".into(),
            sign_off: "Bản tin đến đây là kết thúc. Cảm ơn bà con đã chú ý lắng nghe.".into(),
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
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AudioConfig {
    /// Programme loudness target, LUFS.
    pub target_lufs: f64,
    /// True-peak ceiling, dBTP.
    pub ceiling_dbtp: f64,
    /// `"ebu-r128"` sets −23 LUFS; empty for none. A `target_lufs` other than the default
    /// wins over the preset (see [`StationConfig::effective_target_lufs`]).
    pub preset: String,
    pub sample_rate: u32,
    pub channels: u16,
    /// 16 (TPDF-dithered) or 24.
    pub bits: u16,
    /// Speech high-pass corner, Hz; 0 turns it off.
    pub highpass_hz: f64,
    /// Jingle loudness relative to speech, LU (negative = under the speech).
    pub jingle_level_lu: f64,
    /// Music bed loudness relative to speech before ducking, LU.
    pub bed_level_lu: f64,
    /// How far the bed is ducked under speech, dB.
    pub bed_duck_db: f64,
    /// Silence between takes of one item, seconds.
    pub gap_between_takes_s: f64,
    /// Silence before and after a sting, seconds.
    pub gap_around_sting_s: f64,
    /// Breath kept at head and tail of a trimmed take, seconds.
    pub keep_breath_s: f64,
    /// Write an AES46 `cart` chunk into the broadcast WAV.
    pub cart: bool,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self {
            target_lufs: -16.0,
            ceiling_dbtp: -1.0,
            preset: String::new(),
            sample_rate: 48_000,
            channels: 1,
            bits: 16,
            highpass_hz: 80.0,
            jingle_level_lu: -3.0,
            bed_level_lu: -14.0,
            bed_duck_db: 12.0,
            gap_between_takes_s: 0.6,
            gap_around_sting_s: 0.4,
            keep_breath_s: 0.15,
            cart: false,
        }
    }
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
    /// Loads `explicit` if given, else `bantin.toml` in the current folder if present, else
    /// the defaults (resolved against the current folder).
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        match explicit {
            Some(path) => Self::from_file(path),
            None => {
                let here = Path::new(CONFIG_FILE_NAME);
                if here.is_file() {
                    Self::from_file(here)
                } else {
                    Ok(Self {
                        base_dir: PathBuf::from("."),
                        ..Self::default()
                    })
                }
            }
        }
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: StationConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
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
        if ![16, 24].contains(&self.audio.bits) {
            return Err(invalid(format!(
                "[audio] bits = {} is not supported; use 16 or 24",
                self.audio.bits
            )));
        }
        if ![1, 2].contains(&self.audio.channels) {
            return Err(invalid(format!(
                "[audio] channels = {} is not supported; use 1 (mono) or 2 (stereo)",
                self.audio.channels
            )));
        }
        if !(8_000..=192_000).contains(&self.audio.sample_rate) {
            return Err(invalid(format!(
                "[audio] sample_rate = {} is out of range; use 44100 or 48000",
                self.audio.sample_rate
            )));
        }
        self.validate_bulletin_settings()?;
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

    /// Resolves a path from the config against the config's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir.join(p)
        }
    }

    /// The target loudness after applying the preset. A `target_lufs` other than the
    /// default −16 wins over the preset; an explicit −16 cannot be told from the default,
    /// so with the preset it becomes −23.
    pub fn effective_target_lufs(&self) -> f64 {
        if self.audio.preset == "ebu-r128"
            && self.audio.target_lufs == AudioConfig::default().target_lufs
        {
            -23.0
        } else {
            self.audio.target_lufs
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
}
