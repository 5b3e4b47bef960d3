//! Vietnamese read-aloud normalization: turns article text into what the announcer says.
//!
//! The rules are documented in `docs/vietnamese-reading.md` (standard northern broadcast reading by
//! default; the station config chooses ngàn/lẻ/tỉ, tháng bốn, mồng). Abbreviations come from
//! the shipped lexicon `lexicon/vi.toml` plus the station's additions.

mod codes;
mod context;
mod dates;
mod digits;
mod lexicon;
mod numbers;
mod rewrite;
mod tokens;
mod words;

pub use lexicon::{LexiconError, SHIPPED as SHIPPED_LEXICON};
pub use numbers::{NumberStyle, read_decimal, read_digits, read_number, read_ordinal};

use crate::config::StationConfig;
use unicode_normalization::UnicodeNormalization;

/// Something staff should look at, e.g. an all-capitals token the lexicon does not know.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReadingWarning {
    /// The token concerned ("XYZ").
    pub token: String,
    /// The sentence it stands in (original text).
    pub sentence: String,
    pub message: String,
}

/// Spoken form of a piece of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spoken {
    pub text: String,
    pub warnings: Vec<ReadingWarning>,
}

/// The reader: shipped lexicon + station additions + number style.
#[derive(Debug, Clone)]
pub struct Reader {
    lexicon: lexicon::Lexicon,
    style: NumberStyle,
}

impl Reader {
    /// Builds the reader from the station config (shipped lexicon plus its additions).
    pub fn new(config: &StationConfig) -> Result<Self, LexiconError> {
        let style = number_style(config)?;
        let lexicon = lexicon::Lexicon::for_station(config)?;
        Ok(Self { lexicon, style })
    }

    /// The number style in use.
    pub fn style(&self) -> &NumberStyle {
        &self.style
    }

    /// Spoken form of `text` (a sentence, paragraph or title). Lines stay lines.
    pub fn spoken(&self, text: &str) -> Spoken {
        let text: String = text.nfc().collect();
        let mut lines = Vec::new();
        let mut warnings: Vec<ReadingWarning> = Vec::new();
        for line in text.split('\n') {
            let line = line.trim_end_matches('\r');
            let tokens = tokens::tokenize(line);
            let cx = context::Cx {
                line,
                t: &tokens,
                lexicon: &self.lexicon,
                style: &self.style,
            };
            let (spoken, unknown) = rewrite::read_line(&cx);
            for u in unknown {
                let warning = ReadingWarning {
                    sentence: sentence_around(line, u.at).to_string(),
                    message: format!(
                        "\"{}\" is not in the lexicon: it is left as written and will not be spelled out; add its reading to [lexicon] abbreviations in bantin.toml",
                        u.token
                    ),
                    token: u.token,
                };
                if !warnings.contains(&warning) {
                    warnings.push(warning);
                }
            }
            lines.push(spoken);
        }
        Spoken {
            text: lines.join("\n"),
            warnings,
        }
    }
}

fn number_style(config: &StationConfig) -> Result<NumberStyle, LexiconError> {
    let r = &config.reading;
    let bad = |key: &str, value: &str, choices: &str| LexiconError::Config {
        path: config
            .source
            .clone()
            .unwrap_or_else(|| crate::config::CONFIG_FILE_NAME.into()),
        message: format!("[reading] {key} = \"{value}\" is not a choice; use {choices}"),
    };
    let thousand = match r.thousand.as_str() {
        "nghìn" => "nghìn",
        "ngàn" => "ngàn",
        other => return Err(bad("thousand", other, "\"nghìn\" or \"ngàn\"")),
    };
    let zero_tens = match r.zero_tens.as_str() {
        "linh" => "linh",
        "lẻ" => "lẻ",
        other => return Err(bad("zero_tens", other, "\"linh\" or \"lẻ\"")),
    };
    let billion = match r.billion.as_str() {
        "tỷ" => "tỷ",
        "tỉ" => "tỉ",
        other => return Err(bad("billion", other, "\"tỷ\" or \"tỉ\"")),
    };
    let april_tu = match r.april.as_str() {
        "tư" => true,
        "bốn" => false,
        other => return Err(bad("april", other, "\"tư\" or \"bốn\"")),
    };
    Ok(NumberStyle {
        thousand,
        zero_tens,
        billion,
        april_tu,
        mong_for_early_days: r.mong_for_early_days,
    })
}

/// The sentence of `line` that contains byte offset `at`.
fn sentence_around(line: &str, at: usize) -> &str {
    let is_end = |i: usize, c: char| {
        matches!(c, '.' | '!' | '?')
            && line[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    let start = line[..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = line[at..]
        .char_indices()
        .find(|&(i, c)| is_end(at + i, c))
        .map_or(line.len(), |(i, c)| at + i + c.len_utf8());
    line[start..end].trim()
}

#[cfg(test)]
pub(crate) mod tests;
