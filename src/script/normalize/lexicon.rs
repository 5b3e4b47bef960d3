//! The lexicon: abbreviations and special readings, shipped as `lexicon/vi.toml` and
//! extended by the station (`[lexicon]` in bantin.toml: inline abbreviations, extra files in
//! the same format, names after which numbers are read digit by digit).

use super::words::{fold, fold_lower};
use crate::config::StationConfig;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The shipped lexicon, embedded at build time.
pub const SHIPPED: &str = include_str!("../../../lexicon/vi.toml");
/// Name used for the shipped lexicon in error messages.
pub const SHIPPED_NAME: &str = "lexicon/vi.toml (shipped with bantin)";

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
        "the lexicon file {path} is not valid: {message}\nFix the line shown; the format is described in the README (Lexicon)"
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

/// A reading that depends on the neighbouring words.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contextual {
    /// Reading when no rule below applies.
    pub default: String,
    /// Reading by the word just before ("Phó" CT → "Chủ tịch").
    #[serde(default)]
    pub after: BTreeMap<String, String>,
    /// Reading by the word just after ("BCH Quân sự" → "Ban Chỉ huy").
    #[serde(default)]
    pub before: BTreeMap<String, String>,
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
    digit_by_digit: NameList,
    phone: NameList,
    roman: NameList,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct NameList {
    after: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Entry<'a> {
    Plain(&'a str),
    Contextual(&'a Contextual),
}

/// The merged lexicon. Keys are stored folded (tone placement ignored).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    abbreviations: HashMap<String, String>,
    contextual: HashMap<String, Contextual>,
    document_types: HashMap<String, String>,
    document_issuers: HashMap<String, String>,
    roads: HashMap<String, String>,
    units: HashMap<String, String>,
    /// Names before a digit-by-digit number, as words (first letter's case kept).
    digit_names: Vec<Vec<String>>,
    /// Words (lower case, folded) after which a number is a phone number.
    phone_words: Vec<Vec<String>>,
    /// Words (lower case, folded) after which capitals I, V, X… are Roman numerals.
    roman_words: Vec<Vec<String>>,
    /// First word of every abbreviation key (folded), so most words are ruled out at once.
    first_words: HashSet<String>,
}

fn words_of(name: &str, lower: bool) -> Vec<String> {
    name.split_whitespace()
        .map(|w| if lower { fold_lower(w) } else { fold(w) })
        .collect()
}

impl Lexicon {
    /// Shipped lexicon, then the station's files, then its inline abbreviations and names.
    pub fn for_station(config: &StationConfig) -> Result<Self, LexiconError> {
        let mut lexicon = Self::default();
        lexicon.merge_text(SHIPPED, Path::new(SHIPPED_NAME))?;
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
        for (key, reading) in &config.lexicon.abbreviations {
            if let Some(message) = entry_problem(key, reading) {
                return Err(LexiconError::Config {
                    path: config_path,
                    message: format!("[lexicon] abbreviations: {message}"),
                });
            }
            lexicon
                .abbreviations
                .insert(fold(key), reading.trim().to_string());
            lexicon.contextual.remove(&fold(key));
        }
        for name in &config.lexicon.digit_by_digit_after {
            if name.trim().is_empty() {
                return Err(LexiconError::Config {
                    path: config_path,
                    message: "[lexicon] digit_by_digit_after has an empty name; remove it or write the name (\"Trung đoàn\")".into(),
                });
            }
            lexicon.digit_names.push(words_of(name, false));
        }
        lexicon.index_first_words();
        Ok(lexicon)
    }

    /// Parses one lexicon file and adds its entries (later files win).
    pub fn merge_text(&mut self, text: &str, path: &Path) -> Result<(), LexiconError> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| LexiconError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let check = |key: &str, reading: &str| -> Result<(), LexiconError> {
            match entry_problem(key, reading) {
                Some(message) => Err(LexiconError::Entry {
                    path: path.to_path_buf(),
                    line: line_of(text, key),
                    message,
                }),
                None => Ok(()),
            }
        };
        let tables = [
            (&file.abbreviations, &mut self.abbreviations),
            (&file.document_types, &mut self.document_types),
            (&file.document_issuers, &mut self.document_issuers),
            (&file.roads, &mut self.roads),
            (&file.units, &mut self.units),
        ];
        for (from, into) in tables {
            for (key, reading) in from {
                check(key, reading)?;
                into.insert(fold(key), reading.trim().to_string());
            }
        }
        // A plain reading in a later file replaces a context-dependent one.
        for key in file.abbreviations.keys() {
            self.contextual.remove(&fold(key));
        }
        for (key, contextual) in file.contextual {
            check(&key, &contextual.default)?;
            for reading in contextual.after.values().chain(contextual.before.values()) {
                check(&key, reading)?;
            }
            let folded = |m: BTreeMap<String, String>| {
                m.into_iter().map(|(k, v)| (fold_lower(&k), v)).collect()
            };
            let contextual = Contextual {
                after: folded(contextual.after),
                before: folded(contextual.before),
                ..contextual
            };
            self.abbreviations.remove(&fold(&key));
            self.contextual.insert(fold(&key), contextual);
        }
        self.digit_names
            .extend(file.digit_by_digit.after.iter().map(|n| words_of(n, false)));
        self.phone_words
            .extend(file.phone.after.iter().map(|n| words_of(n, true)));
        self.roman_words
            .extend(file.roman.after.iter().map(|n| words_of(n, true)));
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

    /// The abbreviation entry for `key` as written ("UBND", "KT-XH", "Đ/c").
    pub fn abbreviation(&self, key: &str) -> Option<Entry<'_>> {
        let key = fold(key);
        if let Some(c) = self.contextual.get(&key) {
            return Some(Entry::Contextual(c));
        }
        self.abbreviations.get(&key).map(|s| Entry::Plain(s))
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
        self.units.get(&fold(key)).map(String::as_str)
    }

    pub fn digit_names(&self) -> &[Vec<String>] {
        &self.digit_names
    }

    pub fn phone_words(&self) -> &[Vec<String>] {
        &self.phone_words
    }

    pub fn roman_words(&self) -> &[Vec<String>] {
        &self.roman_words
    }

    /// Number of abbreviations (plain and contextual).
    #[cfg(test)]
    pub fn abbreviation_count(&self) -> usize {
        self.abbreviations.len() + self.contextual.len()
    }
}

fn entry_problem(key: &str, reading: &str) -> Option<String> {
    if key.trim().is_empty() || key.chars().any(char::is_whitespace) {
        return Some(format!(
            "the key \"{key}\" must be one written form without spaces (\"UBND\", \"KT-XH\")"
        ));
    }
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
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicon_loads_with_enough_entries() {
        let lexicon = Lexicon::for_station(&StationConfig::default()).unwrap();
        assert!(
            lexicon.abbreviation_count() >= 80,
            "{}",
            lexicon.abbreviation_count()
        );
        assert_eq!(
            lexicon.abbreviation("UBND"),
            Some(Entry::Plain("Ủy ban nhân dân"))
        );
        assert!(matches!(
            lexicon.abbreviation("CT"),
            Some(Entry::Contextual(_))
        ));
        assert_eq!(lexicon.issuer("CP"), Some("Chính phủ"));
        assert_eq!(lexicon.document_type("QĐ"), Some("quyết định"));
    }

    #[test]
    fn bad_file_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("extra.toml");
        std::fs::write(&path, "[abbreviations]\nHTX = \"hợp tác xã\"\nXYZ = \n").unwrap();
        let mut config = StationConfig {
            base_dir: dir.path().to_path_buf(),
            ..StationConfig::default()
        };
        config.lexicon.files.push("extra.toml".into());
        let e = Lexicon::for_station(&config).unwrap_err().to_string();
        assert!(e.contains("extra.toml") && e.contains("line 3"), "{e}");

        std::fs::write(&path, "[abbreviations]\nHTX = \"hợp tác xã\"\nKCN = \"\"\n").unwrap();
        let e = Lexicon::for_station(&config).unwrap_err().to_string();
        assert!(
            e.contains("extra.toml") && e.contains("line 3") && e.contains("KCN"),
            "{e}"
        );

        std::fs::write(&path, "[abreviations]\nHTX = \"hợp tác xã\"\n").unwrap();
        let e = Lexicon::for_station(&config).unwrap_err().to_string();
        assert!(
            e.contains("extra.toml") && e.contains("abreviations"),
            "{e}"
        );
    }

    #[test]
    fn station_file_extends_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("tho-xuan.toml"),
            "[abbreviations]\n\"CT\" = \"công ty\"\n\"KCN\" = \"khu công nghiệp Lam Sơn\"\n[units]\n\"sào\" = \"sào\"\n",
        )
        .unwrap();
        let mut config = StationConfig {
            base_dir: dir.path().to_path_buf(),
            ..StationConfig::default()
        };
        config.lexicon.files.push("tho-xuan.toml".into());
        let lexicon = Lexicon::for_station(&config).unwrap();
        assert_eq!(lexicon.abbreviation("CT"), Some(Entry::Plain("công ty")));
        assert_eq!(
            lexicon.abbreviation("KCN"),
            Some(Entry::Plain("khu công nghiệp Lam Sơn"))
        );
        assert_eq!(
            lexicon.abbreviation("UBND"),
            Some(Entry::Plain("Ủy ban nhân dân"))
        );
    }

    #[test]
    fn missing_file_is_named() {
        let mut config = StationConfig::default();
        config.lexicon.files.push("/nonexistent/lex.toml".into());
        let e = Lexicon::for_station(&config).unwrap_err().to_string();
        assert!(e.contains("/nonexistent/lex.toml"), "{e}");
    }

    #[test]
    fn station_additions_win_and_tone_placement_is_ignored() {
        let mut config = StationConfig::default();
        config
            .lexicon
            .abbreviations
            .insert("CT".into(), "công ty".into());
        config
            .lexicon
            .abbreviations
            .insert("HTXhoà".into(), "hợp tác xã Hòa".into());
        let lexicon = Lexicon::for_station(&config).unwrap();
        assert_eq!(lexicon.abbreviation("CT"), Some(Entry::Plain("công ty")));
        assert_eq!(
            lexicon.abbreviation("HTXhòa"),
            Some(Entry::Plain("hợp tác xã Hòa"))
        );
    }

    #[test]
    fn bad_inline_abbreviation_names_the_config() {
        let mut config = StationConfig {
            source: Some("/srv/dai/bantin.toml".into()),
            ..StationConfig::default()
        };
        config
            .lexicon
            .abbreviations
            .insert("HT X".into(), "x".into());
        let e = Lexicon::for_station(&config).unwrap_err().to_string();
        assert!(
            e.contains("/srv/dai/bantin.toml") && e.contains("HT X"),
            "{e}"
        );
    }
}
