//! What the rules see: the tokens of one line, the lexicon, the number style, and helpers
//! to look at neighbouring words.
//!
//! Every look at the neighbours is bounded: a rule looks a fixed number of tokens back or
//! ahead, never to the line's start or end, so reading is linear in the text's length. The
//! `steps` counter counts the tokens the rules visit; a test holds it to a constant per token.

use super::lexicon::{Lexicon, Sense};
use super::numbers::{NumberStyle, read_decimal, read_digits, read_number};
use super::tokens::Token;
use super::words::fold_lower;
use std::cell::Cell;

/// How far back a rule may look for its context words (tokens, punctuation included).
pub const LOOK_BACK: usize = 12;

pub struct Cx<'a> {
    pub line: &'a str,
    pub t: &'a [Token<'a>],
    pub lexicon: &'a Lexicon,
    pub style: &'a NumberStyle,
    /// Tokens visited by the rules (see the module comment).
    pub steps: Cell<u64>,
    /// The line's capitalised names without tones, for web addresses (built when needed).
    pub names: std::cell::OnceCell<std::collections::HashMap<String, String>>,
}

/// Why a piece was written the way it was: a rule, or a lexicon entry and which of its
/// context rules applied. Shown by `bantin read --explain`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Why {
    Rule(&'static str),
    Entry {
        /// "abbreviations", "foreign", …
        table: &'static str,
        origin: u16,
        sense: Sense,
    },
}

/// A rule's result: tokens `start..end` are replaced by `text`.
#[derive(Debug)]
pub struct Span {
    pub end: usize,
    pub text: String,
    /// Tokens left as written because nobody knows them (for warnings).
    pub unknown: Vec<super::rewrite::UnknownPart>,
    pub why: Why,
}

impl Span {
    pub fn new(end: usize, text: impl Into<String>) -> Self {
        Self {
            end,
            text: text.into(),
            unknown: Vec::new(),
            why: Why::Rule(""),
        }
    }
}

/// A number as written: digits with "." thousand groups and a "," decimal part.
#[derive(Debug, Clone)]
pub struct WrittenNumber {
    pub digits: String,
    pub fraction: Option<String>,
    /// Had "." thousand separators.
    pub grouped: bool,
    /// Index after the last token.
    pub end: usize,
}

impl WrittenNumber {
    pub fn value(&self) -> Option<u64> {
        self.digits.parse().ok()
    }

    pub fn read(&self, style: &NumberStyle) -> String {
        match (self.value(), &self.fraction) {
            (Some(v), Some(f)) => read_decimal(v, f, style),
            (Some(v), None) => read_number(v, style),
            (None, _) => read_digits(&self.digits),
        }
    }
}

impl<'a> Cx<'a> {
    pub fn new(
        line: &'a str,
        t: &'a [Token<'a>],
        lexicon: &'a Lexicon,
        style: &'a NumberStyle,
    ) -> Self {
        Self {
            line,
            t,
            lexicon,
            style,
            steps: Cell::new(0),
            names: std::cell::OnceCell::new(),
        }
    }

    /// Counts one token visited.
    pub fn step(&self) {
        self.steps.set(self.steps.get() + 1);
    }

    pub fn tok(&self, j: usize) -> Option<&Token<'a>> {
        self.t.get(j)
    }

    /// Token `j` exists and touches the one before it.
    pub fn glued(&self, j: usize) -> bool {
        self.t.get(j).is_some_and(|t| !t.space_before)
    }

    pub fn is_sym(&self, j: usize, c: char) -> bool {
        self.t.get(j).is_some_and(|t| t.is_sym(c))
    }

    pub fn is_num(&self, j: usize) -> bool {
        self.t.get(j).is_some_and(Token::is_num)
    }

    pub fn is_word(&self, j: usize) -> bool {
        self.t.get(j).is_some_and(Token::is_word)
    }

    pub fn is_dash(&self, j: usize) -> bool {
        self.t.get(j).is_some_and(Token::is_dash)
    }

    pub fn text(&self, j: usize) -> &'a str {
        self.t.get(j).map_or("", |t| t.text)
    }

    /// The original text of tokens `from..to`.
    pub fn written(&self, from: usize, to: usize) -> &'a str {
        match (
            self.t.get(from),
            to.checked_sub(1).and_then(|l| self.t.get(l)),
        ) {
            (Some(a), Some(b)) if to > from => &self.line[a.start..b.end()],
            _ => "",
        }
    }

    /// Up to `n` words before token `i`, nearest last, lower case and folded. Punctuation
    /// is skipped except a sentence end, which stops the search; numbers stop it too.
    pub fn words_before(&self, i: usize, n: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut j = i;
        let floor = i.saturating_sub(LOOK_BACK + n);
        while j > floor && words.len() < n {
            j -= 1;
            self.step();
            let t = &self.t[j];
            if t.is_word() {
                words.push(fold_lower(t.text));
            } else if t.is_num() || matches!(t.text, "." | "!" | "?" | ";") {
                break;
            }
        }
        words.reverse();
        words
    }

    /// Up to `n` words from token `i` on, lower case and folded; stops at anything but a word.
    pub fn words_from(&self, i: usize, n: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut j = i;
        while words.len() < n && self.is_word(j) {
            self.step();
            words.push(fold_lower(self.text(j)));
            j += 1;
        }
        words
    }

    /// The word right before token `i` (no punctuation between), in lower case.
    pub fn word_before(&self, i: usize) -> Option<String> {
        let t = self.t.get(i.checked_sub(1)?)?;
        t.is_word().then(|| t.text.to_lowercase())
    }

    /// Do the words before `i` end with `phrase` (lower-case folded words), allowing up to
    /// `gap` other words after it?
    pub fn phrase_before(&self, i: usize, phrase: &[String], gap: usize) -> bool {
        let words = self.words_before(i, phrase.len() + gap);
        (0..=gap).any(|g| {
            words.len() >= phrase.len() + g
                && words[words.len() - g - phrase.len()..words.len() - g] == *phrase
        })
    }

    /// Is one of `phrases` before `i`, with up to `gap` words after it?
    pub fn any_phrase_before(&self, i: usize, phrases: &[Vec<String>], gap: usize) -> bool {
        let longest = phrases.iter().map(Vec::len).max().unwrap_or(0);
        let words = self.words_before(i, longest + gap);
        phrases.iter().any(|phrase| {
            (0..=gap).any(|g| {
                words.len() >= phrase.len() + g
                    && words[words.len() - g - phrase.len()..words.len() - g] == **phrase
            })
        })
    }

    /// Parses the number starting at token `i` ("7.320", "8,7", "03").
    pub fn number_at(&self, i: usize) -> Option<WrittenNumber> {
        let first = self.t.get(i).filter(|t| t.is_num())?;
        let mut digits = first.text.to_string();
        let mut j = i + 1;
        let mut grouped = false;
        if first.text.len() <= 3 {
            // Seven groups reach 10^21, beyond any amount; a longer chain is not one number.
            while j < i + 15
                && self.is_sym(j, '.')
                && self.glued(j)
                && self.is_num(j + 1)
                && self.glued(j + 1)
                && self.text(j + 1).len() == 3
            {
                digits.push_str(self.text(j + 1));
                grouped = true;
                j += 2;
            }
        }
        let mut fraction = None;
        // "12.5%": a dot before a group that is not three digits is a decimal point typed
        // the English way; read it "phẩy" like the comma rather than ending a sentence.
        let english_decimal = !grouped
            && self.is_sym(j, '.')
            && self.glued(j)
            && self.is_num(j + 1)
            && self.glued(j + 1)
            && self.text(j + 1).len() != 3
            && !(self.is_sym(j + 2, '.') && self.glued(j + 2));
        if english_decimal
            || self.is_sym(j, ',') && self.glued(j) && self.is_num(j + 1) && self.glued(j + 1)
        {
            fraction = Some(self.text(j + 1).to_string());
            j += 2;
        }
        Some(WrittenNumber {
            digits,
            fraction,
            grouped,
            end: j,
        })
    }

    /// A unit written from token `j` on ("m2", "m²", "tr.đ", "°C", "km"), longest first.
    pub fn unit_at(&self, j: usize) -> Option<(usize, &'a str)> {
        let first = self.t.get(j)?;
        if first.is_num() {
            return None;
        }
        let mut best = None;
        let mut key = String::new();
        for k in j..(j + 4).min(self.t.len()) {
            if k > j && !self.glued(k) {
                break;
            }
            self.step();
            key.push_str(self.t[k].text);
            if let Some(reading) = self.lexicon.unit(&key) {
                best = Some((k + 1, reading));
            }
        }
        // A unit must end where a word ends ("m" in "mét" is not a unit).
        best.filter(|&(end, _)| !(self.is_word(end) && self.glued(end)))
    }

    /// A clause boundary: the search for a range's "từ" or a score's verb stops here.
    pub fn is_clause_end(&self, j: usize) -> bool {
        matches!(self.text(j), "." | ";" | "!" | "?" | ":" | "(" | ")")
    }
}
