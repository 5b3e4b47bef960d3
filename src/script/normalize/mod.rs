//! Vietnamese read-aloud normalization: turns article text into what the announcer says.
//!
//! The rules are documented in `docs/vietnamese-reading.md` (standard northern broadcast reading by
//! default; the station config chooses ngàn/lẻ/tỉ, tháng bốn, mồng). Abbreviations come from
//! the shipped lexicon (`lexicon/*.toml`, one file per domain) plus the station's additions.

mod codes;
mod context;
mod dates;
mod digits;
mod fractions;
mod lexicon;
mod numbers;
mod ranges;
mod rewrite;
mod spell;
mod tokens;
mod web;
mod words;

pub use lexicon::{LexiconError, SHIPPED as SHIPPED_LEXICON};
pub use numbers::{NumberStyle, read_decimal, read_digits, read_number, read_ordinal};

use context::Why;
use lexicon::Sense;
use rewrite::UnknownKind;
use std::collections::HashSet;

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
    /// For a token without a reading: where its reading goes in bantin.toml.
    pub fix: Option<LexiconFix>,
}

/// The bantin.toml line that gives an unknown token its reading.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LexiconFix {
    /// `[lexicon.abbreviations]` or `[lexicon.foreign]`.
    pub section: &'static str,
    /// `"VILG" = "cách đọc"`: the token, and a placeholder for its reading.
    pub line: String,
    /// A foreign name or word (not an abbreviation).
    pub foreign: bool,
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
        self.read(text, None).0
    }

    /// Each rewritten stretch of `text`: what was written, what is said, and the rule or
    /// lexicon entry that produced it (for `bantin read --explain`).
    pub fn explain(&self, text: &str) -> Vec<Explanation> {
        let mut out = Vec::new();
        self.read(text, Some(&mut out));
        out
    }

    /// The lexicon's abbreviations by the file they come from, and its foreign names.
    pub fn lexicon_counts(&self) -> (std::collections::BTreeMap<String, usize>, usize) {
        (
            self.lexicon.abbreviations_by_origin(),
            self.lexicon.foreign_count(),
        )
    }

    /// Reads `text`; returns the spoken form and the tokens the rules visited.
    fn read(&self, text: &str, mut explain: Option<&mut Vec<Explanation>>) -> (Spoken, u64) {
        let text: String = text.nfc().collect();
        let mut lines = Vec::new();
        let mut warnings: Vec<ReadingWarning> = Vec::new();
        let mut warned: HashSet<String> = HashSet::new();
        let mut unwarned = 0usize;
        let mut steps = 0;
        let mut rewritten = Vec::new();
        for line in text.split('\n') {
            let line = line.trim_end_matches('\r');
            let tokens = tokens::tokenize(line);
            let cx = context::Cx::new(line, &tokens, &self.lexicon, &self.style);
            rewritten.clear();
            let want = explain.is_some().then_some(&mut rewritten);
            let (spoken, unknown) = rewrite::read_line(&cx, want);
            steps += cx.steps.get();
            if let Some(out) = explain.as_deref_mut() {
                out.extend(rewritten.drain(..).map(|r| Explanation {
                    written: line[r.from..r.to].to_string(),
                    spoken: r.spoken,
                    why: self.describe(r.why),
                }));
            }
            let mut sentences: Option<Vec<usize>> = None;
            for u in unknown {
                if warned.contains(&u.token) {
                    continue;
                }
                if warned.len() >= MAX_TOKEN_WARNINGS {
                    unwarned += 1;
                    continue;
                }
                let bounds = sentences.get_or_insert_with(|| sentence_bounds(line, &mut steps));
                warnings.push(ReadingWarning {
                    sentence: excerpt(line, bounds, u.at),
                    message: unknown_message(&u.token, u.kind),
                    fix: Some(lexicon_fix(&u.token, u.kind)),
                    token: u.token.clone(),
                });
                warned.insert(u.token);
            }
            lines.push(spoken);
        }
        if unwarned > 0 {
            warnings.push(ReadingWarning {
                token: String::new(),
                sentence: String::new(),
                fix: None,
                message: format!(
                    "còn {unwarned} từ viết tắt hoặc từ nước ngoài khác chưa có cách đọc, để nguyên như viết (and {unwarned} more unknown tokens, left as written; only the first {MAX_TOKEN_WARNINGS} are listed)"
                ),
            });
        }
        (
            Spoken {
                text: lines.join("\n"),
                warnings,
            },
            steps,
        )
    }

    /// The rule or lexicon entry behind a rewrite, for people.
    fn describe(&self, why: Why) -> String {
        match why {
            Why::Rule(rule) => rule.to_string(),
            Why::Entry {
                table,
                origin,
                sense,
            } => {
                let rule = match sense {
                    Sense::Plain => "",
                    Sense::Default => ", context rule: default",
                    Sense::BeforeNumber => ", context rule: a number follows",
                    Sense::Before => ", context rule: by the next word",
                    Sense::After => ", context rule: by the word before",
                    Sense::AfterNumber => ", context rule: after a number",
                    Sense::BeforeName => ", context rule: a name follows",
                };
                format!(
                    "lexicon [{table}] in {}{rule}",
                    self.lexicon.origin_name(origin)
                )
            }
        }
    }

    /// Spoken form and the number of tokens the rules visited (for the linearity test).
    #[cfg(test)]
    pub(crate) fn spoken_counting(&self, text: &str) -> (Spoken, u64) {
        self.read(text, None)
    }
}

/// One rewritten stretch of text and why it was rewritten.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explanation {
    pub written: String,
    pub spoken: String,
    /// The rule, or the lexicon entry with its file and context rule.
    pub why: String,
}

/// Distinct unknown tokens named one by one in the warnings of one text; more are counted.
const MAX_TOKEN_WARNINGS: usize = 100;

/// Where a token nobody knows gets its reading: the bantin.toml section and line.
fn lexicon_fix(token: &str, kind: UnknownKind) -> LexiconFix {
    let quoted = token.replace('\\', "\\\\").replace('"', "\\\"");
    let foreign = kind == UnknownKind::Foreign;
    LexiconFix {
        section: if foreign {
            "[lexicon.foreign]"
        } else {
            "[lexicon.abbreviations]"
        },
        line: format!("\"{quoted}\" = \"cách đọc\""),
        foreign,
    }
}

/// The warning for a token nobody knows: what was done, and the exact bantin.toml line that
/// fixes it (between backticks, so the printed script can set it apart).
fn unknown_message(token: &str, kind: UnknownKind) -> String {
    let fix = lexicon_fix(token, kind);
    let (section, line) = (fix.section, fix.line);
    match kind {
        UnknownKind::Abbreviation => format!(
            "\"{token}\" chưa có trong từ điển đọc: để nguyên như viết, không đánh vần (not in the lexicon: left as written, never spelled out). Thêm dòng này vào mục {section} của bantin.toml, thay «cách đọc» bằng cách đọc đúng (add this line under {section} in bantin.toml, with its reading): `{line}`"
        ),
        UnknownKind::Foreign => format!(
            "\"{token}\" là tên hoặc từ nước ngoài chưa có cách đọc phát thanh: để nguyên như viết (a foreign name or word with no broadcast form in the lexicon: left as written). Nếu có cách đọc quen dùng, thêm dòng này vào mục {section} của bantin.toml (add this line under {section} in bantin.toml, with its reading): `{line}`"
        ),
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

/// Byte offsets where the sentences of `line` start (the first is 0), found in one pass
/// (counted in `steps`, a character a step).
fn sentence_bounds(line: &str, steps: &mut u64) -> Vec<usize> {
    *steps += line.len() as u64;
    let mut starts = vec![0];
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            starts.push(i + c.len_utf8());
        }
    }
    starts
}

/// Longest sentence quoted whole in a warning; a longer one is cut around the token.
const MAX_QUOTED: usize = 300;

/// The sentence of `line` that holds byte offset `at` (cut to ±120 characters around the
/// token when it is very long).
fn excerpt(line: &str, starts: &[usize], at: usize) -> String {
    let k = starts.partition_point(|&s| s <= at).saturating_sub(1);
    let start = starts[k];
    let end = starts.get(k + 1).copied().unwrap_or(line.len());
    let sentence = line[start..end].trim();
    if sentence.len() <= MAX_QUOTED {
        return sentence.to_string();
    }
    let floor = |mut b: usize| {
        while !line.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let from = floor(at.saturating_sub(120).max(start));
    let to = floor((at + 120).min(end));
    let open = if from > start { "…" } else { "" };
    let close = if to < end { "…" } else { "" };
    format!("{open}{}{close}", line[from..to].trim())
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod second_round_tests;

#[cfg(test)]
mod roundtrip_tests;

#[cfg(test)]
mod linear_tests;
