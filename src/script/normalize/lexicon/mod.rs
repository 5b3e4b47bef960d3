//! The lexicon: abbreviations, context rules, foreign names and the reading vocabularies,
//! shipped as one TOML file per domain under `lexicon/` and extended by the station
//! (`[lexicon]` in bantin.toml: inline abbreviations, foreign names and web parts, extra
//! files in the same format, names after which numbers are read digit by digit).
//!
//! Every entry remembers the file it came from, so `bantin read --explain` can say which
//! entry produced a reading and where staff can change it.

use super::words::{fold, fold_lower};
use crate::config::StationConfig;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The shipped lexicon, one file per domain, embedded at build time (merged in this order).
pub const SHIPPED: [(&str, &str); 11] = [
    ("reading", include_str!("../../../../lexicon/reading.toml")),
    (
        "government",
        include_str!("../../../../lexicon/government.toml"),
    ),
    (
        "ministries",
        include_str!("../../../../lexicon/ministries.toml"),
    ),
    (
        "police-military",
        include_str!("../../../../lexicon/police-military.toml"),
    ),
    (
        "disaster",
        include_str!("../../../../lexicon/disaster.toml"),
    ),
    ("economy", include_str!("../../../../lexicon/economy.toml")),
    ("health", include_str!("../../../../lexicon/health.toml")),
    ("schools", include_str!("../../../../lexicon/schools.toml")),
    (
        "sport-culture",
        include_str!("../../../../lexicon/sport-culture.toml"),
    ),
    (
        "documents",
        include_str!("../../../../lexicon/documents.toml"),
    ),
    ("foreign", include_str!("../../../../lexicon/foreign.toml")),
];

/// How a shipped domain file is named in messages.
fn shipped_name(domain: &str) -> String {
    format!("lexicon/{domain}.toml (shipped with bantin)")
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error(
        "cannot read the lexicon file {path}: {source}\nCheck the path in [lexicon] files of the station config (relative paths start at the config's folder)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the lexicon file {path} is not valid: {message}\nFix the line shown; the format is described in docs/vietnamese-reading.md (The lexicon)"
    )]
    Parse { path: PathBuf, message: String },
    #[error("the lexicon file {path}, line {line}: {message}")]
    Entry {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("the station config {path}: {message}")]
    Config { path: PathBuf, message: String },
}

/// A reading that depends on the neighbouring words. The first rule that matches wins, in
/// the order of the fields below; `default` when none does.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contextual {
    /// Reading when no rule below applies.
    pub default: String,
    /// Reading when a number follows ("CT 15" → "chỉ thị").
    #[serde(default)]
    pub before_number: Option<String>,
    /// Reading by the next word or two ("BCH Quân sự" → "Ban Chỉ huy").
    #[serde(default)]
    pub before: BTreeMap<String, String>,
    /// Reading by the one, two or three words before ("Phó" CT → "Chủ tịch").
    #[serde(default)]
    pub after: BTreeMap<String, String>,
    /// Reading when a number stands just before ("5 TH" → "trường hợp").
    #[serde(default)]
    pub after_number: Option<String>,
    /// Reading when a name or an abbreviation (a capitalised word) follows.
    #[serde(default)]
    pub before_name: Option<String>,
}

/// One lexicon file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LexiconFile {
    abbreviations: BTreeMap<String, String>,
    contextual: BTreeMap<String, Contextual>,
    document_types: BTreeMap<String, String>,
    document_issuers: BTreeMap<String, String>,
    roads: BTreeMap<String, String>,
    units: BTreeMap<String, String>,
    foreign: BTreeMap<String, String>,
    web: BTreeMap<String, String>,
    letters: BTreeMap<String, String>,
    grades: Grades,
    codes: Codes,
    digit_by_digit: NameList,
    phone: NameList,
    identifiers: NameList,
    roman: NameList,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct NameList {
    after: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Grades {
    after: Vec<String>,
    readings: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Codes {
    read_as_words: Vec<String>,
}

/// Which rule of a context-dependent entry gave the reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Plain,
    Default,
    BeforeNumber,
    Before,
    After,
    AfterNumber,
    BeforeName,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry<'a> {
    Plain(&'a str),
    Contextual(&'a Contextual),
}

/// A reading and the file it came from (an index into [`Lexicon::origins`]).
#[derive(Debug, Clone, PartialEq)]
struct Sourced<T> {
    value: T,
    origin: u16,
}

/// The merged lexicon. Keys are stored folded (tone placement ignored).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    abbreviations: HashMap<String, Sourced<String>>,
    contextual: HashMap<String, Sourced<Contextual>>,
    document_types: HashMap<String, String>,
    document_issuers: HashMap<String, String>,
    roads: HashMap<String, String>,
    units: HashMap<String, String>,
    /// Foreign names and loans; keys may be several words.
    foreign: HashMap<String, Sourced<String>>,
    /// First word of every foreign key, and the most words a key has.
    foreign_first: HashSet<String>,
    foreign_max_words: usize,
    /// Some foreign key has non-ASCII letters (so toned words must be folded to look up).
    foreign_toned: bool,
    /// Loans written in lower case ("website"), found also capitalised at a sentence's start.
    foreign_lower: HashMap<String, Sourced<String>>,
    /// Parts of web addresses, lower case.
    web: HashMap<String, String>,
    /// Letter names by lower-case letter.
    letters: HashMap<char, String>,
    grade_readings: HashMap<String, String>,
    grade_words: Vec<Vec<String>>,
    read_as_words: HashSet<String>,
    /// Names before a digit-by-digit number, as words (first letter's case kept).
    digit_names: Vec<Vec<String>>,
    /// Words (lower case, folded) after which a number is a phone number.
    phone_words: Vec<Vec<String>>,
    /// Words (lower case, folded) after which a number is an identifier.
    identifier_words: Vec<Vec<String>>,
    /// Words (lower case, folded) after which capitals I, V, X… are Roman numerals.
    roman_words: Vec<Vec<String>>,
    /// First word of every abbreviation key (folded), so most words are ruled out at once.
    first_words: HashSet<String>,
    /// Where entries come from: "lexicon/health.toml (shipped with bantin)", a station file,
    /// or the station config.
    origins: Vec<String>,
}

fn words_of(name: &str, lower: bool) -> Vec<String> {
    name.split_whitespace()
        .map(|w| if lower { fold_lower(w) } else { fold(w) })
        .collect()
}

impl Lexicon {
    /// Shipped lexicon, then the station's files, then its inline additions.
    pub fn for_station(config: &StationConfig) -> Result<Self, LexiconError> {
        let mut lexicon = Self::shipped()?;
        for file in &config.lexicon.files {
            let path = config.resolve(file);
            let text = std::fs::read_to_string(&path).map_err(|source| LexiconError::Read {
                path: path.clone(),
                source,
            })?;
            lexicon.merge_text(&text, &path)?;
        }
        let config_path = config
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::config::CONFIG_FILE_NAME));
        let origin = lexicon.origin(&format!("{} [lexicon]", config_path.display()));
        let bad = |table: &str, message: String| LexiconError::Config {
            path: config_path.clone(),
            message: format!("[lexicon] {table}: {message}"),
        };
        for (key, reading) in &config.lexicon.abbreviations {
            if let Some(message) = entry_problem(key, reading) {
                return Err(bad("abbreviations", message));
            }
            lexicon.insert_abbreviation(key, reading, origin);
        }
        for (key, reading) in &config.lexicon.foreign {
            if let Some(message) = foreign_problem(key, reading) {
                return Err(bad("foreign", message));
            }
            lexicon.insert_foreign(key, reading, origin);
        }
        for (key, reading) in &config.lexicon.web {
            if let Some(message) = entry_problem(key, reading) {
                return Err(bad("web", message));
            }
            lexicon
                .web
                .insert(key.to_lowercase(), reading.trim().to_string());
        }
        for name in &config.lexicon.digit_by_digit_after {
            if name.trim().is_empty() {
                return Err(bad(
                    "digit_by_digit_after",
                    "an empty name; remove it or write the name (\"Trung đoàn\")".into(),
                ));
            }
            lexicon.digit_names.push(words_of(name, false));
        }
        lexicon.index_first_words();
        Ok(lexicon)
    }

    /// The shipped domain files merged.
    fn shipped() -> Result<Self, LexiconError> {
        let mut lexicon = Self::default();
        for (domain, text) in SHIPPED {
            lexicon.merge_text(text, Path::new(&shipped_name(domain)))?;
        }
        Ok(lexicon)
    }

    fn origin(&mut self, name: &str) -> u16 {
        if let Some(i) = self.origins.iter().position(|o| o == name) {
            return i as u16;
        }
        self.origins.push(name.to_string());
        (self.origins.len() - 1) as u16
    }

    /// The file (or config section) entries with this origin index come from.
    pub fn origin_name(&self, origin: u16) -> &str {
        self.origins
            .get(usize::from(origin))
            .map_or("?", String::as_str)
    }

    fn insert_abbreviation(&mut self, key: &str, reading: &str, origin: u16) {
        self.abbreviations.insert(
            fold(key),
            Sourced {
                value: reading.trim().to_string(),
                origin,
            },
        );
        // A plain reading from a later file (or the config) replaces a context-dependent one.
        self.contextual.remove(&fold(key));
    }

    fn insert_foreign(&mut self, key: &str, reading: &str, origin: u16) {
        let words = key.split_whitespace().count();
        self.foreign_max_words = self.foreign_max_words.max(words);
        if let Some(first) = key.split_whitespace().next() {
            self.foreign_first.insert(fold(first));
        }
        self.foreign_toned |= !key.is_ascii();
        let key: Vec<&str> = key.split_whitespace().collect();
        let joined = key.join(" ");
        if !joined.chars().any(char::is_uppercase) {
            self.foreign_lower.insert(
                fold(&joined),
                Sourced {
                    value: reading.trim().to_string(),
                    origin,
                },
            );
        }
        self.foreign.insert(
            fold(&key.join(" ")),
            Sourced {
                value: reading.trim().to_string(),
                origin,
            },
        );
    }

    /// Parses one lexicon file and adds its entries (later files win). The caller indexes
    /// the first words once all files are in ([`Self::for_station`] does).
    fn merge_text(&mut self, text: &str, path: &Path) -> Result<(), LexiconError> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| LexiconError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let origin = self.origin(&path.display().to_string());
        let problem = |key: &str, message: Option<String>| -> Result<(), LexiconError> {
            match message {
                Some(message) => Err(LexiconError::Entry {
                    path: path.to_path_buf(),
                    line: line_of(text, key),
                    message,
                }),
                None => Ok(()),
            }
        };
        for (key, reading) in &file.abbreviations {
            problem(key, entry_problem(key, reading))?;
            self.insert_abbreviation(key, reading, origin);
        }
        let tables = [
            (&file.document_types, &mut self.document_types),
            (&file.document_issuers, &mut self.document_issuers),
            (&file.roads, &mut self.roads),
            (&file.units, &mut self.units),
            (&file.grades.readings, &mut self.grade_readings),
        ];
        for (from, into) in tables {
            for (key, reading) in from {
                problem(key, table_entry_problem(key, reading))?;
                into.insert(fold(key), reading.trim().to_string());
            }
        }
        for (key, reading) in &file.web {
            problem(key, entry_problem(key, reading))?;
            self.web
                .insert(key.to_lowercase(), reading.trim().to_string());
        }
        for (key, reading) in &file.foreign {
            problem(key, foreign_problem(key, reading))?;
            self.insert_foreign(key, reading, origin);
        }
        for (key, name) in &file.letters {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_alphabetic() => {
                    problem(key, entry_problem(key, name))?;
                    for lower in c.to_lowercase() {
                        self.letters.insert(lower, name.trim().to_string());
                    }
                }
                _ => problem(key, Some(format!("[letters] \"{key}\" must be one letter")))?,
            }
        }
        for (key, contextual) in file.contextual {
            problem(&key, entry_problem(&key, &contextual.default))?;
            let readings = contextual
                .after
                .values()
                .chain(contextual.before.values())
                .chain(contextual.before_number.iter())
                .chain(contextual.after_number.iter())
                .chain(contextual.before_name.iter());
            for reading in readings {
                problem(&key, entry_problem(&key, reading))?;
            }
            let folded = |m: BTreeMap<String, String>| {
                m.into_iter()
                    .map(|(k, v)| (words_of(&k, true).join(" "), v))
                    .collect()
            };
            let contextual = Contextual {
                after: folded(contextual.after),
                before: folded(contextual.before),
                ..contextual
            };
            self.abbreviations.remove(&fold(&key));
            self.contextual.insert(
                fold(&key),
                Sourced {
                    value: contextual,
                    origin,
                },
            );
        }
        self.digit_names
            .extend(file.digit_by_digit.after.iter().map(|n| words_of(n, false)));
        self.phone_words
            .extend(file.phone.after.iter().map(|n| words_of(n, true)));
        self.identifier_words
            .extend(file.identifiers.after.iter().map(|n| words_of(n, true)));
        self.roman_words
            .extend(file.roman.after.iter().map(|n| words_of(n, true)));
        self.grade_words
            .extend(file.grades.after.iter().map(|n| words_of(n, true)));
        self.read_as_words
            .extend(file.codes.read_as_words.iter().map(|k| fold(k)));
        Ok(())
    }

    /// Could an abbreviation start with this word? (A quick test before building keys.)
    pub fn may_start_abbreviation(&self, word: &str) -> bool {
        // Tone placement only matters for keys with toned capitals, so ordinary lower-case
        // words are settled without building a folded copy.
        self.first_words.contains(word)
            || (!word.is_ascii()
                && word.chars().any(char::is_uppercase)
                && self.first_words.contains(&fold(word)))
    }

    fn index_first_words(&mut self) {
        self.first_words = self
            .abbreviations
            .keys()
            .chain(self.contextual.keys())
            .filter_map(|k| {
                super::tokens::tokenize(k)
                    .first()
                    .map(|t| t.text.to_string())
            })
            .collect();
    }

    /// The abbreviation entry for `key` as written ("UBND", "KT-XH", "Đ/c"), with its origin.
    pub fn abbreviation_with_origin(&self, key: &str) -> Option<(Entry<'_>, u16)> {
        let key = fold(key);
        if let Some(c) = self.contextual.get(&key) {
            return Some((Entry::Contextual(&c.value), c.origin));
        }
        self.abbreviations
            .get(&key)
            .map(|s| (Entry::Plain(&s.value), s.origin))
    }

    /// The abbreviation entry for `key` as written ("UBND", "KT-XH", "Đ/c").
    pub fn abbreviation(&self, key: &str) -> Option<Entry<'_>> {
        self.abbreviation_with_origin(key).map(|(e, _)| e)
    }

    /// Reading of a code part inside a document code: issuer table first, then the
    /// abbreviations (contextual ones by their default).
    pub fn issuer(&self, key: &str) -> Option<&str> {
        let folded = fold(key);
        self.document_issuers
            .get(&folded)
            .map(String::as_str)
            .or_else(|| match self.abbreviation(key)? {
                Entry::Plain(s) => Some(s),
                Entry::Contextual(c) => Some(c.default.as_str()),
            })
    }

    /// The document type a code part names ("QĐ" → "quyết định").
    pub fn document_type(&self, key: &str) -> Option<&str> {
        self.document_types.get(&fold(key)).map(String::as_str)
    }

    pub fn road(&self, key: &str) -> Option<&str> {
        self.roads.get(&fold(key)).map(String::as_str)
    }

    pub fn unit(&self, key: &str) -> Option<&str> {
        match self.units.get(key) {
            Some(unit) => Some(unit),
            None if key.is_ascii() => None,
            None => self.units.get(&fold(key)).map(String::as_str),
        }
    }

    /// The broadcast form of a foreign name or loan (`key`: words joined by one space).
    pub fn foreign(&self, key: &str) -> Option<(&str, u16)> {
        self.foreign
            .get(&fold(key))
            .or_else(|| self.foreign_lower.get(&fold_lower(key)))
            .map(|s| (s.value.as_str(), s.origin))
    }

    /// Could a foreign key start with this word? (Keys are names and loans written in Latin
    /// letters: a word with Vietnamese tones is folded only if some key has tones too.)
    pub fn may_start_foreign(&self, word: &str) -> bool {
        self.foreign_first.contains(word)
            || (!word.is_ascii() && self.foreign_toned && self.foreign_first.contains(&fold(word)))
            || (word.starts_with(char::is_uppercase)
                && word.is_ascii()
                && self.foreign_first.contains(&word.to_lowercase()))
    }

    pub fn foreign_max_words(&self) -> usize {
        self.foreign_max_words
    }

    /// Reading of a part of a web or e-mail address ("gov" → "gốp").
    pub fn web(&self, part: &str) -> Option<&str> {
        self.web.get(&part.to_lowercase()).map(String::as_str)
    }

    /// The Vietnamese name of a letter ("b" → "bê", "đ" → "đê").
    pub fn letter(&self, c: char) -> Option<&str> {
        let lower = c.to_lowercase().next()?;
        self.letters.get(&lower).map(String::as_str)
    }

    /// A trade grade ("9999") and the words it must follow.
    pub fn grade(&self, written: &str) -> Option<&str> {
        self.grade_readings.get(&fold(written)).map(String::as_str)
    }

    pub fn grade_words(&self) -> &[Vec<String>] {
        &self.grade_words
    }

    /// Does this abbreviation keep its reading when a number is glued to it ("BĐ3")?
    pub fn reads_as_words_before_number(&self, key: &str) -> bool {
        self.read_as_words.contains(&fold(key))
    }

    pub fn digit_names(&self) -> &[Vec<String>] {
        &self.digit_names
    }

    pub fn phone_words(&self) -> &[Vec<String>] {
        &self.phone_words
    }

    pub fn identifier_words(&self) -> &[Vec<String>] {
        &self.identifier_words
    }

    pub fn roman_words(&self) -> &[Vec<String>] {
        &self.roman_words
    }

    /// Abbreviations (plain and contextual) by the file they come from.
    pub fn abbreviations_by_origin(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        let origins = self
            .abbreviations
            .values()
            .map(|s| s.origin)
            .chain(self.contextual.values().map(|s| s.origin));
        for origin in origins {
            *counts
                .entry(self.origin_name(origin).to_string())
                .or_insert(0) += 1;
        }
        counts
    }

    /// Number of abbreviations (plain and contextual).
    #[cfg(test)]
    pub fn abbreviation_count(&self) -> usize {
        self.abbreviations.len() + self.contextual.len()
    }

    /// Number of foreign names and loans.
    pub fn foreign_count(&self) -> usize {
        self.foreign.len()
    }
}

/// Symbols an abbreviation key may hold: they glue the words of one written form.
const KEY_SYMBOLS: [char; 5] = ['-', '&', '/', '.', '\''];

fn entry_problem(key: &str, reading: &str) -> Option<String> {
    if key.trim().is_empty() || key.chars().any(char::is_whitespace) {
        return Some(format!(
            "the key \"{key}\" must be one written form without spaces (\"UBND\", \"KT-XH\")"
        ));
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_alphanumeric() || KEY_SYMBOLS.contains(c) || is_mark(*c)))
    {
        return Some(format!(
            "the key \"{key}\" holds \"{c}\"; a key is letters and digits, joined only by - & / . '"
        ));
    }
    reading_problem(key, reading)
}

/// Units, roads and code tables: one written form without spaces ("m²", "°C").
fn table_entry_problem(key: &str, reading: &str) -> Option<String> {
    if key.trim().is_empty() || key.chars().any(char::is_whitespace) {
        return Some(format!(
            "the key \"{key}\" must be one written form without spaces (\"km\", \"m²\")"
        ));
    }
    reading_problem(key, reading)
}

fn foreign_problem(key: &str, reading: &str) -> Option<String> {
    if key.trim().is_empty() {
        return Some("an empty key; write the name as it stands in articles".into());
    }
    reading_problem(key, reading)
}

fn reading_problem(key: &str, reading: &str) -> Option<String> {
    if reading.trim().is_empty() {
        return Some(format!(
            "\"{key}\" has an empty reading; write how it is read aloud"
        ));
    }
    if reading.chars().any(|c| c.is_ascii_digit()) {
        return Some(format!(
            "\"{key}\" = \"{reading}\" contains digits; write numbers in words"
        ));
    }
    None
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// 1-based line where `key` is defined (best effort: the first line starting with it).
fn line_of(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            (l.starts_with(key)
                || l.starts_with(&quoted)
                || l.starts_with(&format!("[contextual.\"{key}\"]")))
                && !l.starts_with('#')
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests;
