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

use super::rundown_fields as fields;
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
    /// Recording status of each take, by take name: "missing", "recorded", "unreadable",
    /// "silent" or "suspect". Written by `bantin new`, refreshed by `bantin status` (which works it
    /// out from `recordings/` every time, so a stale entry is never trusted).
    #[serde(default)]
    pub status: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BulletinInfo {
    /// Air date, YYYY-MM-DD (checked to be a real day).
    #[serde(deserialize_with = "fields::date")]
    pub date: String,
    /// Slot id from the station schedule ("sang", "chieu").
    #[serde(deserialize_with = "fields::slot")]
    pub slot: String,
    pub title: String,
    pub station: String,
    /// Planned length in seconds, for back-timing.
    #[serde(deserialize_with = "fields::target_s")]
    pub target_s: f64,
    /// Reading rate the estimates were made with, syllables a minute (printed on the
    /// script). Absent in rundowns made before bantin wrote it: then `[reading] rate_spm`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "fields::rate_spm"
    )]
    pub rate_spm: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// "01", "02", … in the order first made; stays with the item when staff reorder.
    #[serde(deserialize_with = "fields::id")]
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
    /// "01-1" (item 01, take 1), "00-mo-dau" (opening), "99-ket-thuc" (closing).
    #[serde(deserialize_with = "fields::id")]
    pub id: String,
    /// What the announcer reads.
    pub spoken: String,
    /// The article text it came from.
    #[serde(default)]
    pub original: String,
    #[serde(default)]
    pub syllables: u32,
    /// Estimated reading time, seconds.
    #[serde(default, deserialize_with = "fields::estimate_s")]
    pub estimate_s: f64,
    /// File stem the take is saved as under `recordings/` (any supported audio extension).
    #[serde(deserialize_with = "fields::take")]
    pub take: String,
    /// Staff listened to the take and it may go to air even though `bantin status` calls
    /// it suspect (no speech, far too long, clipped, far too quiet).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accept_suspect: bool,
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
    #[error(
        "{path}: line {line}: take \"{take}\" is already used by segment {first_id}; give each segment its own take name"
    )]
    DuplicateTake {
        path: PathBuf,
        line: usize,
        take: String,
        first_id: String,
    },
}

impl Rundown {
    /// Reads `DIR/rundown.toml`.
    pub fn load(bulletin_dir: &Path) -> Result<Self, RundownError> {
        let path = bulletin_dir.join(RUNDOWN_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| RundownError::Read {
            path: path.clone(),
            source,
        })?;
        // Notepad saves UTF-8 with a byte-order mark; TOML readers do not expect one.
        Self::parse(text.strip_prefix('\u{feff}').unwrap_or(&text), &path)
    }

    /// Parses rundown text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RundownError> {
        // A rundown saved on Windows has CRLF line ends; inside multi-line strings they
        // would become part of the text. Line numbers are unchanged by this.
        let unix;
        let text = if text.contains("\r\n") {
            unix = text.replace("\r\n", "\n");
            unix.as_str()
        } else {
            text
        };
        let rundown: Rundown = toml::from_str(text).map_err(|e| {
            // Lines counted from 1: newlines before the error's first byte, plus one.
            let line = e.span().map_or(0, |s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1
            });
            RundownError::Parse {
                path: path.to_path_buf(),
                line,
                message: e.message().to_string(),
            }
        })?;
        rundown.check_unique_takes(text, path)?;
        Ok(rundown)
    }

    fn check_unique_takes(&self, text: &str, path: &Path) -> Result<(), RundownError> {
        let mut seen = std::collections::HashMap::new();
        for seg in self.segments() {
            if let Some(first_id) = seen.insert(seg.take.as_str(), seg.id.as_str()) {
                return Err(RundownError::DuplicateTake {
                    path: path.to_path_buf(),
                    line: second_take_line(text, &seg.take),
                    take: seg.take.clone(),
                    first_id: first_id.to_string(),
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

    /// `text` (a rundown file) with its `[status]` table replaced by `status`, or the
    /// table added at the end. Everything else in the file — staff's edits, comments,
    /// layout — is kept byte for byte. None when the result would not read back as the
    /// same rundown with the new status (then the file is left as it is).
    pub fn text_with_status(
        text: &str,
        status: &std::collections::BTreeMap<String, String>,
    ) -> Option<String> {
        let table = status_table(status);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let start = lines.iter().position(|l| l.trim() == "[status]");
        let new_text = match start {
            Some(start) => {
                let end = lines[start + 1..]
                    .iter()
                    .position(|l| l.trim_start().starts_with('['))
                    .map_or(lines.len(), |k| start + 1 + k);
                let mut out: String = lines[..start].concat();
                out.push_str(&table);
                if end < lines.len() {
                    out.push('\n');
                }
                out.push_str(&lines[end..].concat());
                out
            }
            None => {
                let mut out = text.to_string();
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push('\n');
                out.push_str(STATUS_COMMENT);
                out.push_str(&table);
                out
            }
        };
        let before = Self::parse(text, Path::new(RUNDOWN_FILE)).ok()?;
        let after = Self::parse(&new_text, Path::new(RUNDOWN_FILE)).ok()?;
        let expected = Rundown {
            status: status.clone(),
            ..before
        };
        (after == expected).then_some(new_text)
    }

    /// The air date. A rundown read from a file always has one (its date is checked when
    /// read); one built in code may not.
    pub fn air_date(&self) -> Result<jiff::civil::Date, String> {
        fields::check_date(&self.bulletin.date)
    }

    /// Stem of the finished files in `out/`: "2026-11-27-sang".
    pub fn output_stem(&self) -> String {
        format!("{}-{}", self.bulletin.date, self.bulletin.slot)
    }
}

/// The line of the second `take = "…"` naming `take` (0 when it cannot be found, e.g.
/// when the value is written in an unusual way).
fn second_take_line(text: &str, take: &str) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let Some((key, value)) = line.split_once('=') else {
                return false;
            };
            key.trim() == "take"
                && toml::from_str::<toml::Table>(&format!("v = {value}"))
                    .ok()
                    .and_then(|t| t.get("v").and_then(|v| v.as_str().map(str::to_string)))
                    .is_some_and(|v| v == take)
        })
        .nth(1)
        .map_or(0, |(i, _)| i + 1)
}

/// The comment written above the `[status]` table.
pub const STATUS_COMMENT: &str = "# Recording status of each take (missing, recorded, unreadable, silent, suspect),\n# refreshed by `bantin status` from recordings/. You need not edit it.\n";

/// The `[status]` table: one `"take" = "state"` line per take, keys and values quoted.
pub fn status_table(status: &std::collections::BTreeMap<String, String>) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("[status]\n");
    for (take, state) in status {
        out.push_str(&format!("{} = {}\n", quote(take), quote(state)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"[bulletin]
date = "2026-11-27"
slot = "sang"
title = "Bản tin sáng"
station = "Đài"
target_s = 900.0

[opening]
id = "00-mo-dau"
take = "00-mo-dau"
spoken = "Xin chào."

[[items]]
id = "01"
title = "Tin một"

[[items.segments]]
id = "01-1"
take = "01-1"
spoken = "Một."

[closing]
id = "99-ket-thuc"
take = "99-ket-thuc"
spoken = "Hết."
"#;

    fn error_of(text: &str) -> String {
        Rundown::parse(text, Path::new("b/rundown.toml"))
            .unwrap_err()
            .to_string()
    }

    fn states(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn status_table_is_added_then_replaced_and_nothing_else_moves() {
        let staff = format!("# staff note: read item 01 slowly\n{GOOD}");
        let first = states(&[("00-mo-dau", "missing"), ("01-1", "missing")]);
        let added = Rundown::text_with_status(&staff, &first).unwrap();
        assert!(
            added.starts_with(&staff),
            "the file before the table is untouched"
        );
        assert!(
            added.ends_with("[status]\n\"00-mo-dau\" = \"missing\"\n\"01-1\" = \"missing\"\n"),
            "{added}"
        );

        let second = states(&[("00-mo-dau", "recorded"), ("01-1", "silent")]);
        let replaced = Rundown::text_with_status(&added, &second).unwrap();
        assert!(replaced.starts_with(&staff));
        let r = Rundown::parse(&replaced, Path::new("rundown.toml")).unwrap();
        assert_eq!(r.status, second);
        assert_eq!(replaced.matches("[status]").count(), 1);
    }

    #[test]
    fn a_status_table_staff_moved_up_is_replaced_where_it_stands() {
        let (head, tail) = GOOD.split_at(GOOD.find("[closing]").unwrap());
        let text = format!("{head}[status]\n\"01-1\" = \"missing\"\n\n{tail}");
        let new = states(&[("01-1", "recorded")]);
        let updated = Rundown::text_with_status(&text, &new).unwrap();
        assert!(
            updated.starts_with(head) && updated.ends_with(tail),
            "{updated}"
        );
        let r = Rundown::parse(&updated, Path::new("rundown.toml")).unwrap();
        assert_eq!(r.status, new);
        assert_eq!(r.closing.take, "99-ket-thuc");
    }

    #[test]
    fn take_names_that_need_quoting_round_trip_in_the_status_table() {
        let new = states(&[("tin \"một\" \\ a.b", "missing")]);
        let updated = Rundown::text_with_status(GOOD, &new).unwrap();
        let r = Rundown::parse(&updated, Path::new("rundown.toml")).unwrap();
        assert_eq!(r.status, new);
    }

    #[test]
    fn a_minimal_hand_written_rundown_reads() {
        let r = Rundown::parse(GOOD, Path::new("rundown.toml")).unwrap();
        let takes: Vec<&str> = r.segments().map(|s| s.take.as_str()).collect();
        assert_eq!(takes, ["00-mo-dau", "01-1", "99-ket-thuc"]);
        assert_eq!(r.output_stem(), "2026-11-27-sang");
    }

    #[test]
    fn a_rundown_saved_by_notepad_reads() {
        let dir = tempfile::tempdir().unwrap();
        let notepad = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        std::fs::write(dir.path().join(RUNDOWN_FILE), notepad).unwrap();
        let r = Rundown::load(dir.path()).unwrap();
        assert_eq!(r, Rundown::parse(GOOD, Path::new("rundown.toml")).unwrap());
    }

    #[test]
    fn a_missing_quote_is_reported_with_its_line() {
        let e = error_of(&GOOD.replace("spoken = \"Một.\"", "spoken = \"Một."));
        assert!(e.contains("b/rundown.toml: line 20:"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line() {
        let e = error_of(&GOOD.replace("spoken = \"Một.\"", "spokn = \"Một.\""));
        assert!(e.contains("line 20") && e.contains("spokn"), "{e}");
    }

    /// Every field that reaches a file name or a computation, broken, is refused with the
    /// file, its line and the form expected.
    #[test]
    fn fields_that_name_files_or_count_seconds_are_checked_with_their_line() {
        let cases: [(&str, &str, usize, &str); 12] = [
            (
                "slot = \"sang\"",
                "slot = \"../../../../srv/x\"",
                3,
                "letters a-z, digits, - and _",
            ),
            ("slot = \"sang\"", "slot = \"\"", 3, "slot id"),
            (
                "date = \"2026-11-27\"",
                "date = \"../../x\"",
                2,
                "YYYY-MM-DD",
            ),
            (
                "date = \"2026-11-27\"",
                "date = \"2026-11-31\"",
                2,
                "YYYY-MM-DD",
            ),
            (
                "date = \"2026-11-27\"",
                "date = \"28/11/2026\"",
                2,
                "write date = \"2026-11-28\"",
            ),
            (
                "target_s = 900.0",
                "target_s = nan",
                6,
                "target_s = NaN is not a bulletin length",
            ),
            (
                "target_s = 900.0",
                "target_s = inf",
                6,
                "target_s = inf is not a bulletin length",
            ),
            (
                "take = \"01-1\"",
                "take = \"../../etc/x\"",
                19,
                "take = \"../../etc/x\" holds a folder separator",
            ),
            ("take = \"01-1\"", "take = \"..\"", 19, "holds \"..\""),
            ("take = \"01-1\"", "take = \"\"", 19, "take = \"\" is empty"),
            (
                "id = \"01\"",
                "id = \"/abs\"",
                14,
                "id = \"/abs\" holds a folder separator",
            ),
            (
                "id = \"01-1\"",
                "id = \"a\\u0000b\"",
                18,
                "holds a control character",
            ),
        ];
        for (good, bad, line, expected) in cases {
            assert!(GOOD.contains(good), "{good}");
            let e = error_of(&GOOD.replacen(good, bad, 1));
            assert!(
                e.contains(&format!("b/rundown.toml: line {line}: ")) && e.contains(expected),
                "{bad}: {e}"
            );
        }
        let with_estimate = GOOD.replace("take = \"01-1\"", "take = \"01-1\"\nestimate_s = inf");
        let e = error_of(&with_estimate);
        assert!(
            e.contains("line 20: estimate_s = inf is not a reading time"),
            "{e}"
        );
        let e = error_of(&with_estimate.replace("inf", "-3.0"));
        assert!(e.contains("line 20: estimate_s = -3"), "{e}");
    }

    #[test]
    fn a_duplicate_take_is_reported_with_its_line() {
        let e = error_of(&GOOD.replace("take = \"01-1\"", "take = \"00-mo-dau\""));
        assert!(
            e.contains("line 19: take \"00-mo-dau\" is already used by segment 00-mo-dau"),
            "{e}"
        );
    }
}
