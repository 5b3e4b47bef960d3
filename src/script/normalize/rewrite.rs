//! The rule engine: walks the tokens of one line, lets each rule try at each position
//! (codes before dates before times before phone numbers before amounts), and renders the
//! spoken line with tidy spacing.

use super::context::{Cx, Span};
use super::lexicon::Entry;
use super::numbers::read_ordinal;
use super::words::{
    capitalize_first, fold_lower, is_all_caps, is_capitalized, is_syllable, repair_case,
};
use super::{codes, dates, digits};

/// A piece of the spoken line.
#[derive(Debug)]
struct Piece {
    text: String,
    space_before: bool,
    /// Written by a rule (so spaced from its neighbours, capitalised at a sentence start).
    generated: bool,
    /// A pause dash: spaces on both sides.
    pause: bool,
}

/// An all-capitals token the lexicon does not know, at a byte offset of the line.
pub struct Unknown {
    pub token: String,
    pub at: usize,
}

pub fn read_line(cx: &Cx) -> (String, Vec<Unknown>) {
    let mut pieces: Vec<Piece> = Vec::with_capacity(cx.t.len());
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < cx.t.len() {
        let t = cx.t[i];
        let span = if t.is_num() {
            number_rules(cx, i)
        } else if t.is_word() {
            word_rules(cx, i, &mut unknown)
        } else {
            symbol_rules(cx, i)
        };
        match span {
            Some(Rewrite::Span(span)) => {
                for token in span.unknown {
                    unknown.push(Unknown { token, at: t.start });
                }
                if !span.text.is_empty() {
                    pieces.push(Piece {
                        text: span.text,
                        space_before: t.space_before,
                        generated: true,
                        pause: false,
                    });
                }
                i = span.end.max(i + 1);
            }
            Some(Rewrite::Pause) => {
                pieces.push(Piece {
                    text: "-".into(),
                    space_before: true,
                    generated: false,
                    pause: true,
                });
                i += 1;
            }
            Some(Rewrite::Keep(end)) => {
                let text = &cx.line[t.start..cx.t[end - 1].end()];
                pieces.push(Piece {
                    text: text.to_string(),
                    space_before: t.space_before,
                    generated: false,
                    pause: false,
                });
                i = end;
            }
            None => {
                pieces.push(Piece {
                    text: t.text.to_string(),
                    space_before: t.space_before,
                    generated: false,
                    pause: false,
                });
                i += 1;
            }
        }
    }
    (render(&pieces), unknown)
}

enum Rewrite {
    Span(Span),
    /// A dash read as a short pause.
    Pause,
    /// Tokens up to this index kept as written.
    Keep(usize),
}

fn number_rules(cx: &Cx, i: usize) -> Option<Rewrite> {
    let span = codes::document_code(cx, i)
        .or_else(|| dates::date(cx, i))
        .or_else(|| dates::time(cx, i))
        .or_else(|| digits::phone(cx, i))
        .or_else(|| digits::after_listed_name(cx, i))
        .or_else(|| amount(cx, i))?;
    Some(Rewrite::Span(span))
}

/// A number with what belongs to it: ordinal after "thứ", percent, a unit.
fn amount(cx: &Cx, i: usize) -> Option<Span> {
    let number = cx.number_at(i)?;
    let plain = !number.grouped && number.fraction.is_none();
    let mut text = match (plain, number.value()) {
        (true, Some(v)) if cx.word_before(i).as_deref() == Some("thứ") => {
            read_ordinal(v, cx.style)
        }
        _ => number.read(cx.style),
    };
    let mut end = number.end;
    if cx.is_sym(end, '%') {
        text.push_str(" phần trăm");
        end += 1;
    } else if !starts_abbreviation(cx, end)
        && let Some((unit_end, unit)) = cx.unit_at(end)
    {
        text.push(' ');
        text.push_str(unit);
        end = unit_end;
    }
    Some(Span::new(end, text))
}

/// An abbreviation from the lexicon starts at `j` ("3 đ/c" is three comrades, not đồng).
fn starts_abbreviation(cx: &Cx, j: usize) -> bool {
    lexicon_match(cx, j).is_some_and(|(end, _)| end > j + 1)
}

/// Longest run of glued tokens from `i` that the lexicon knows.
fn lexicon_match<'a>(cx: &Cx<'a>, i: usize) -> Option<(usize, Entry<'a>)> {
    if !cx.is_word(i) || !cx.lexicon.may_start_abbreviation(cx.text(i)) {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for k in i..(i + 9).min(cx.t.len()) {
        if k > i && !cx.glued(k) {
            break;
        }
        let t = cx.t[k];
        if t.kind == super::tokens::Kind::Sym && !matches!(t.text, "-" | "&" | "/" | "." | "'") {
            break;
        }
        key.push_str(t.text);
        if let Some(entry) = cx.lexicon.abbreviation(&key) {
            // A key ends at a word boundary: "TP" inside "TPHCM" is not "TP".
            if !(cx.is_word(k + 1) && cx.glued(k + 1)) {
                best = Some((k + 1, entry));
            }
        }
    }
    best
}

fn contextual_reading<'a>(cx: &Cx, i: usize, end: usize, entry: Entry<'a>) -> &'a str {
    let c = match entry {
        Entry::Plain(s) => return s,
        Entry::Contextual(c) => c,
    };
    let before = cx.words_before(i, 2);
    let before_one = before.last().cloned();
    let before_two = before.join(" ");
    for (word, reading) in &c.after {
        if before_one.as_deref() == Some(word.as_str()) || before_two == *word {
            return reading;
        }
    }
    if let Some(next) = cx.tok(end).filter(|t| t.is_word()) {
        if let Some(reading) = c.before.get(&fold_lower(next.text)) {
            return reading;
        }
        if let Some(reading) = &c.before_name
            && is_capitalized(next.text)
        {
            return reading;
        }
    }
    &c.default
}

/// Is the word at `j` a capitalised ordinary word ("XUÂN") in a run of such words?
fn in_capital_words(cx: &Cx, i: usize) -> bool {
    let shouting = |j: Option<usize>| {
        j.and_then(|j| cx.tok(j))
            .is_some_and(|t| t.is_word() && is_all_caps_word(t.text) && is_syllable(t.text))
    };
    let neighbour = |forward: bool| {
        let mut j = i;
        loop {
            j = if forward { j + 1 } else { j.checked_sub(1)? };
            let t = cx.tok(j)?;
            if t.is_word() {
                return Some(j);
            }
            if t.is_num() || matches!(t.text, "." | "!" | "?") {
                return None;
            }
        }
    };
    shouting(Some(i)) && (shouting(neighbour(false)) || shouting(neighbour(true)))
}

fn is_all_caps_word(s: &str) -> bool {
    !s.chars().any(char::is_lowercase) && s.chars().any(char::is_uppercase)
}

fn word_rules(cx: &Cx, i: usize, unknown: &mut Vec<Unknown>) -> Option<Rewrite> {
    let t = cx.t[i];
    if let Some(span) = digits::road(cx, i).or_else(|| digits::roman(cx, i)) {
        return Some(Rewrite::Span(span));
    }
    if in_capital_words(cx, i) {
        return None; // a slogan or heading in capitals: words, not abbreviations
    }
    if let Some((end, entry)) = lexicon_match(cx, i) {
        let reading = contextual_reading(cx, i, end, entry);
        return Some(Rewrite::Span(Span::new(end, reading)));
    }
    // An unknown all-capitals token, with digits or "&" inside ("H5N1", "ABC&D").
    let mut end = i + 1;
    while cx.glued(end)
        && (cx.is_num(end)
            || (cx.is_word(end) && is_all_caps_word(cx.text(end)))
            || (cx.is_sym(end, '&') && cx.is_word(end + 1) && cx.glued(end + 1)))
    {
        end += 1;
    }
    let written = &cx.line[t.start..cx.t[end - 1].end()];
    if is_all_caps(written) && !(cx.is_word(end) && cx.glued(end)) {
        unknown.push(Unknown {
            token: written.to_string(),
            at: t.start,
        });
        return Some(Rewrite::Keep(end));
    }
    if let Some(repaired) = repair_case(t.text) {
        return Some(Rewrite::Span(Span::new(i + 1, repaired)));
    }
    None
}

fn symbol_rules(cx: &Cx, i: usize) -> Option<Rewrite> {
    let t = cx.t[i];
    let prev_num = i > 0
        && (cx.is_num(i - 1) || (matches!(cx.text(i - 1), "h" | "H") && i > 1 && cx.is_num(i - 2)));
    let next = i + 1;
    if t.is_dash() {
        if i == 0 {
            return Some(Rewrite::Span(Span::new(i + 1, ""))); // a list bullet
        }
        // Between two phone numbers a dash is a pause, not a range.
        let phone_next = cx.text(next).starts_with('0') && cx.text(next).len() > 1;
        if prev_num && cx.is_num(next) && !phone_next {
            return Some(Rewrite::Span(Span::new(next, "đến")));
        }
        if cx.is_word(i - 1) && cx.is_num(next) && cx.glued(i) && cx.glued(next) {
            return Some(Rewrite::Span(Span::new(next, ""))); // "COVID-19"
        }
        let loanword = cx.glued(i)
            && cx.glued(next)
            && cx.is_word(i - 1)
            && cx.is_word(next)
            && !is_capitalized(cx.text(i - 1))
            && !is_capitalized(cx.text(next));
        if loanword {
            return None; // "ô-tô", "ki-lô-gam"
        }
        return Some(Rewrite::Pause);
    }
    let text = match t.text {
        "/" => {
            let year_next = cx.is_num(next)
                && cx.text(next).len() == 4
                && cx
                    .text(next)
                    .parse::<u64>()
                    .is_ok_and(|y| (1900..=2200).contains(&y));
            let roman_before =
                i > 0 && cx.is_word(i - 1) && super::numbers::parse_roman(cx.text(i - 1)).is_some();
            if year_next && roman_before {
                "năm" // "Quý I/2024"
            } else if prev_num && cx.is_num(next) {
                "trên"
            } else if cx.is_num(next) {
                "," // two counts: "12 vụ/20 đối tượng"
            } else if cx.is_word(next) {
                // per unit: "tấn/ha", "đồng/kg", "m3/ngày đêm"
                if let Some((end, unit)) = cx.unit_at(next) {
                    return Some(Rewrite::Span(Span::new(end, format!("trên {unit}"))));
                }
                "trên"
            } else {
                ""
            }
        }
        "%" => "phần trăm",
        "&" => "và",
        "+" if prev_num || cx.is_num(next) => "cộng",
        "°" | "º" if cx.text(next) == "C" && cx.glued(next) => {
            return Some(Rewrite::Span(Span::new(next + 1, "độ C")));
        }
        _ => return None,
    };
    Some(Rewrite::Span(Span::new(next, text)))
}

fn is_closing(text: &str) -> bool {
    text.starts_with([',', '.', ';', ':', '!', '?', ')', ']', '”', '…', '’'])
}

fn is_opening(text: &str) -> bool {
    text.ends_with(['(', '[', '“', '‘'])
}

/// Joins the pieces: one space between words, none inside brackets and quotes or before
/// punctuation, spaces around a pause dash; a rule's words open a sentence with a capital.
fn render(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut sentence_start = true;
    let mut previous: Option<&Piece> = None;
    for p in pieces {
        let text = if p.generated && sentence_start {
            capitalize_first(&p.text)
        } else {
            p.text.clone()
        };
        if let Some(prev) = previous {
            let wants_space =
                p.space_before || p.generated || prev.generated || prev.pause || p.pause;
            let space = wants_space && (p.pause || !is_closing(&text)) && !is_opening(&prev.text);
            if space && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        out.push_str(&text);
        if text.ends_with(['.', '!', '?']) {
            sentence_start = true;
        } else if text.chars().any(char::is_alphanumeric) {
            sentence_start = false;
        }
        previous = Some(p);
    }
    out
}
