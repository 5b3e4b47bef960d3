//! `[audio]`: everything that shapes the broadcast WAV. One type holds the station's
//! values and the command line's overrides ([`AudioConfig::set_by_flag`]); one validator
//! ([`AudioConfig::validate`]) checks them all and names where a bad value came from —
//! the file and key, or the flag.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use super::ConfigError;

/// The loudness presets `preset` (and `--preset`) take.
pub const PRESETS: &[&str] = &["ebu-r128"];
/// Target without a preset, LUFS: loud enough for loudspeakers in the open.
pub const DEFAULT_TARGET_LUFS: f64 = -16.0;
/// Target of the `ebu-r128` preset, LUFS.
pub const EBU_R128_TARGET_LUFS: f64 = -23.0;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AudioConfig {
    /// Programme loudness target, LUFS. Unset: the preset's (−23 for `ebu-r128`), else −16.
    /// Written in the file, it wins over the file's preset.
    pub target_lufs: Option<f64>,
    /// True-peak ceiling, dBTP.
    pub ceiling_dbtp: f64,
    /// `"ebu-r128"` targets −23 LUFS; empty for none.
    pub preset: String,
    /// Output sample rate, Hz.
    pub sample_rate: u32,
    /// 1 (mono) or 2 (stereo).
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
    /// Days the cart's validity lasts, counted from its start date (the air date, or the
    /// assembly day without a rundown): it ends at 23:59:59 on the last of them. The
    /// default, 2, keeps a bulletin assembled the evening before valid through its air
    /// day, and a morning bulletin for a repeat the next day; 1 ends news on its air day.
    pub cart_valid_days: u32,
    /// Keys given on the command line, with the flag that gave them (for messages).
    #[serde(skip)]
    pub(crate) flags: BTreeMap<&'static str, &'static str>,
}

impl Default for AudioConfig {
    fn default() -> Self {
        Self {
            target_lufs: None,
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
            cart_valid_days: 2,
            flags: BTreeMap::new(),
        }
    }
}

impl AudioConfig {
    /// The loudness target in force: an explicit `target_lufs` (file or `--target-lufs`),
    /// else the preset's, else −16. `--preset` on the command line sets the preset and
    /// clears the file's target (see [`AudioConfig::set_by_flag`]), so a flag always beats
    /// the file.
    pub fn target_lufs(&self) -> f64 {
        self.target_lufs.unwrap_or(if self.preset == "ebu-r128" {
            EBU_R128_TARGET_LUFS
        } else {
            DEFAULT_TARGET_LUFS
        })
    }

    /// Records that `key` was set by the command-line `flag` (after setting it), so that a
    /// bad value is reported as the flag's. Setting `preset` by flag drops a target that
    /// came from the file: the preset asked for now wins over the file.
    pub fn set_by_flag(&mut self, key: &'static str, flag: &'static str) {
        if key == "preset" && !self.flags.contains_key("target_lufs") {
            self.target_lufs = None;
        }
        self.flags.insert(key, flag);
    }

    /// Where the value of `key` came from, as a user would write it: `--rate 4000` or
    /// `[audio] sample_rate = 4000 in /st/bantin.toml`.
    fn origin(&self, key: &str, value: &str, file: Option<&Path>) -> String {
        match (self.flags.get(key), file) {
            (Some(flag), _) => format!("{flag} {value}"),
            (None, Some(file)) => format!("[audio] {key} = {value} in {}", file.display()),
            (None, None) => format!("[audio] {key} = {value}"),
        }
    }

    /// Checks every value; the error names the first bad one by where it came from
    /// (`file` is the station config the others were read from).
    pub fn validate(&self, file: Option<&Path>) -> Result<(), ConfigError> {
        let bad = |key: &str, value: String, problem: &str| {
            Err(ConfigError::Value {
                origin: self.origin(key, &value, file),
                problem: problem.to_string(),
            })
        };
        let number = |key: &str, v: f64, range: std::ops::RangeInclusive<f64>, problem: &str| {
            if range.contains(&v) {
                Ok(())
            } else {
                bad(key, v.to_string(), problem)
            }
        };
        if !self.preset.is_empty() && !PRESETS.contains(&self.preset.as_str()) {
            return bad(
                "preset",
                format!("\"{}\"", self.preset),
                "is not a preset bantin knows; use \"ebu-r128\" (−23 LUFS) or leave it out",
            );
        }
        if let Some(t) = self.target_lufs {
            number(
                "target_lufs",
                t,
                -40.0..=-5.0,
                "is not a broadcast level; use about −16 (loudspeakers) or −23 (EBU R128)",
            )?;
        }
        number(
            "ceiling_dbtp",
            self.ceiling_dbtp,
            -10.0..=0.0,
            "is out of range; use −1 (or −2 for lossy encoders downstream)",
        )?;
        if !(8_000..=192_000).contains(&self.sample_rate) {
            return bad(
                "sample_rate",
                self.sample_rate.to_string(),
                "is out of range; use 44100 or 48000",
            );
        }
        if ![1, 2].contains(&self.channels) {
            return bad(
                "channels",
                self.channels.to_string(),
                "is not supported; use 1 (mono) or 2 (stereo)",
            );
        }
        if ![16, 24].contains(&self.bits) {
            return bad(
                "bits",
                self.bits.to_string(),
                "is not supported; use 16 or 24",
            );
        }
        number(
            "highpass_hz",
            self.highpass_hz,
            0.0..=300.0,
            "is not a speech high-pass corner; use 80, or 0 to turn it off",
        )?;
        number(
            "jingle_level_lu",
            self.jingle_level_lu,
            -30.0..=10.0,
            "is out of range; use LU relative to speech, e.g. −3",
        )?;
        number(
            "bed_level_lu",
            self.bed_level_lu,
            -40.0..=0.0,
            "is out of range; use LU relative to speech, e.g. −14",
        )?;
        number(
            "bed_duck_db",
            self.bed_duck_db,
            0.0..=40.0,
            "is out of range; use dB of ducking, e.g. 12",
        )?;
        for (key, v) in [
            ("gap_between_takes_s", self.gap_between_takes_s),
            ("gap_around_sting_s", self.gap_around_sting_s),
        ] {
            number(
                key,
                v,
                0.0..=10.0,
                "is not a gap; use seconds between 0 and 10",
            )?;
        }
        number(
            "keep_breath_s",
            self.keep_breath_s,
            0.0..=2.0,
            "is out of range; use seconds between 0 and 2, e.g. 0.15",
        )?;
        if !(1..=3650).contains(&self.cart_valid_days) {
            return bad(
                "cart_valid_days",
                self.cart_valid_days.to_string(),
                "is out of range; use days between 1 and 3650, e.g. 2",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_target_is_told_from_the_default_whatever_its_value() {
        let r128 = AudioConfig {
            preset: "ebu-r128".into(),
            ..AudioConfig::default()
        };
        assert_eq!(r128.target_lufs(), -23.0);
        let explicit = AudioConfig {
            target_lufs: Some(-16.0),
            ..r128.clone()
        };
        assert_eq!(explicit.target_lufs(), -16.0);
        // --preset on the command line beats the file's target; --target-lufs beats both.
        let mut flagged = explicit.clone();
        flagged.set_by_flag("preset", "--preset");
        assert_eq!(flagged.target_lufs(), -23.0);
        let mut both = explicit;
        both.target_lufs = Some(-18.0);
        both.set_by_flag("target_lufs", "--target-lufs");
        both.set_by_flag("preset", "--preset");
        assert_eq!(both.target_lufs(), -18.0);
    }

    #[test]
    fn a_bad_value_is_named_by_where_it_came_from() {
        let file = Path::new("/st/bantin.toml");
        let mut audio = AudioConfig {
            target_lufs: Some(-3.0),
            ..AudioConfig::default()
        };
        let e = audio.validate(Some(file)).unwrap_err().to_string();
        assert!(
            e.starts_with("[audio] target_lufs = -3 in /st/bantin.toml is not a broadcast level"),
            "{e}"
        );
        audio.set_by_flag("target_lufs", "--target-lufs");
        let e = audio.validate(Some(file)).unwrap_err().to_string();
        assert!(e.starts_with("--target-lufs -3 is not"), "{e}");
        let nan = AudioConfig {
            keep_breath_s: f64::NAN,
            ..AudioConfig::default()
        };
        let e = nan.validate(None).unwrap_err().to_string();
        assert!(e.contains("keep_breath_s = NaN"), "{e}");
    }
}
