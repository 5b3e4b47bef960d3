//! What the rules see: the tokens of one line, the lexicon, the number style, and helpers
//! to look at neighbouring words.

use super::lexicon::Lexicon;
use super::numbers::{NumberStyle, read_decimal, read_digits, read_number};
use super::tokens::Token;
use super::words::fold_lower;

pub struct Cx<'a> {
    pub line: &'a str,
    pub t: &'a [Token<'a>],
    pub lexicon: &'a Lexicon,
    pub style: &'a NumberStyle,
}

/// A rule's result: tokens `start..end` are replaced by `text`.
#[derive(Debug, Default)]
pub struct Span {
    pub end: usize,
    pub text: String,
    /// All-capital code parts nobody knows, kept as written (for warnings).
    pub unknown: Vec<String>,
}

impl Span {
    pub fn new(end: usize, text: impl Into<String>) -> Self {
        Self {
            end,
            text: text.into(),
            unknown: Vec::new(),
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

    pub fn text(&self, j: usize) -> &'a str {
        self.t.get(j).map_or("", |t| t.text)
    }

    /// Up to `n` words before token `i`, nearest last, lower case and folded. Punctuation
    /// is skipped except a sentence end, which stops the search.
    pub fn words_before(&self, i: usize, n: usize) -> Vec<String> {
        let mut words = Vec::new();
        let mut j = i;
        while j > 0 && words.len() < n {
            j -= 1;
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

    /// Parses the number starting at token `i` ("7.320", "8,7", "03").
    pub fn number_at(&self, i: usize) -> Option<WrittenNumber> {
        let first = self.t.get(i).filter(|t| t.is_num())?;
        let mut digits = first.text.to_string();
        let mut j = i + 1;
        let mut grouped = false;
        if first.text.len() <= 3 {
            while self.is_sym(j, '.')
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
            key.push_str(self.t[k].text);
            if let Some(reading) = self.lexicon.unit(&key) {
                best = Some((k + 1, reading));
            }
        }
        // A unit must end where a word ends ("m" in "mét" is not a unit).
        best.filter(|&(end, _)| !(self.is_word(end) && self.glued(end)))
    }
}
