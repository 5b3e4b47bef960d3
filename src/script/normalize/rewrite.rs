//! The rule engine: walks the tokens of one line, lets each rule try at each position
//! (codes before dates before times before phone numbers before amounts), and renders the
//! spoken line with tidy spacing. Each rule looks at a bounded window of tokens, so a line
//! is read in time linear in its length.

use super::context::{Cx, LOOK_BACK, Span, Why};
use super::lexicon::{Entry, Sense};
use super::numbers::read_ordinal;
use super::words::{capitalize_first, is_all_caps, is_capitalized, is_syllable, repair_case};
use super::{codes, dates, digits, fractions, ranges, spell, web};

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

/// What kind of unknown token staff are told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownKind {
    /// An all-capitals abbreviation the lexicon does not know.
    Abbreviation,
    /// A foreign-looking name or word with no broadcast form in the lexicon.
    Foreign,
}

/// A token left as written because nobody knows how to read it, at a byte offset of the line.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownPart {
    pub token: String,
    pub at: usize,
    pub kind: UnknownKind,
}

/// A rewritten stretch of the line, for `bantin read --explain`.
#[derive(Debug, Clone)]
pub struct Rewritten {
    /// Byte range of the written text in the line.
    pub from: usize,
    pub to: usize,
    pub spoken: String,
    pub why: Why,
}

pub fn read_line(cx: &Cx, mut explain: Option<&mut Vec<Rewritten>>) -> (String, Vec<UnknownPart>) {
    let mut pieces: Vec<Piece> = Vec::with_capacity(cx.t.len());
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < cx.t.len() {
        cx.step();
        let t = cx.t[i];
        let rewrite = if t.is_num() {
            number_rules(cx, i).map(Rewrite::Span)
        } else if t.is_word() {
            word_rules(cx, i)
        } else {
            symbol_rules(cx, i)
        };
        let end = match &rewrite {
            Some(Rewrite::Span(span)) => span.end.max(i + 1),
            Some(Rewrite::Pause) => i + 1,
            Some(Rewrite::Keep(end, _)) => *end,
            None => i + 1,
        };
        if let Some(list) = explain.as_deref_mut() {
            let (spoken, why) = match &rewrite {
                Some(Rewrite::Span(span)) => (span.text.clone(), Some(span.why)),
                Some(Rewrite::Pause) => ("-".to_string(), Some(Why::Rule(PAUSE))),
                Some(Rewrite::Keep(_, _)) => {
                    (cx.written(i, end).to_string(), Some(Why::Rule(KEPT)))
                }
                None => (String::new(), None),
            };
            if let Some(why) = why {
                list.push(Rewritten {
                    from: t.start,
                    to: cx.t[end - 1].end(),
                    spoken,
                    why,
                });
            }
        }
        match rewrite {
            Some(Rewrite::Span(span)) => {
                unknown.extend(span.unknown);
                if !span.text.is_empty() {
                    pieces.push(Piece {
                        text: span.text,
                        space_before: t.space_before,
                        generated: true,
                        pause: false,
                    });
                }
            }
            Some(Rewrite::Pause) => pieces.push(Piece {
                text: "-".into(),
                space_before: true,
                generated: false,
                pause: true,
            }),
            Some(Rewrite::Keep(end, kind)) => {
                let text = cx.written(i, end);
                unknown.push(UnknownPart {
                    token: text.to_string(),
                    at: t.start,
                    kind,
                });
                pieces.push(Piece {
                    text: text.to_string(),
                    space_before: t.space_before,
                    generated: false,
                    pause: false,
                });
            }
            None => pieces.push(Piece {
                text: t.text.to_string(),
                space_before: t.space_before,
                generated: false,
                pause: false,
            }),
        }
        i = end;
    }
    (render(&pieces), unknown)
}

const PAUSE: &str = "dash between names or words: a short pause, not read";
const KEPT: &str = "unknown: left as written and flagged for staff (never guessed)";

enum Rewrite {
    Span(Span),
    /// A dash read as a short pause.
    Pause,
    /// Tokens up to this index kept as written and flagged.
    Keep(usize, UnknownKind),
}

type Rule = fn(&Cx, usize) -> Option<Span>;

/// The rules for a number, in the order they are tried, with the name `--explain` shows.
const NUMBER_RULES: [(&str, Rule); 10] = [
    (
        "document code: number read, type and issuer as words",
        codes::document_code,
    ),
    ("date", dates::date),
    ("clock time", dates::time),
    ("score", ranges::score),
    ("fraction, count or rank", fractions::slash_pair),
    ("phone number or identifier", digits::phone),
    (
        "number after a name read digit by digit",
        digits::after_listed_name,
    ),
    ("trade grade", spell::grade),
    ("code", spell::number_code),
    ("number", amount),
];

fn number_rules(cx: &Cx, i: usize) -> Option<Span> {
    NUMBER_RULES.iter().find_map(|(name, rule)| {
        rule(cx, i).map(|mut span| {
            if span.why == Why::Rule("") {
                span.why = Why::Rule(name);
            }
            span
        })
    })
}

/// Scale words a unit may follow ("25,4 triệu USD").
const SCALES: [&str; 6] = ["nghìn", "ngàn", "triệu", "tỷ", "tỉ", "trăm"];

/// A number with what belongs to it: ordinal after "thứ", percent, a unit.
fn amount(cx: &Cx, i: usize) -> Option<Span> {
    let number = cx.number_at(i)?;
    let plain = !number.grouped && number.fraction.is_none();
    // "công nghiệp 4.0", "phiên bản 2.0": a version, read with "chấm" (a decimal is written
    // with a comma, and "4,0" would be "bốn phẩy không").
    let version = number.digits.len() == 1
        && number.fraction.as_deref() == Some("0")
        && cx.is_sym(i + 1, '.')
        && !cx.is_sym(number.end, '%')
        && cx.unit_at(number.end).is_none();
    let mut text = match (plain, number.value()) {
        (true, Some(v)) if cx.word_before(i).as_deref() == Some("thứ") => {
            read_ordinal(v, cx.style)
        }
        _ if version => format!(
            "{} chấm không",
            super::numbers::digit_word(number.digits.as_bytes()[0] - b'0')
        ),
        _ => number.read(cx.style),
    };
    let mut end = number.end;
    let mut why = if version {
        "version number: chấm"
    } else {
        "number"
    };
    if cx.is_sym(end, '%') {
        text.push_str(" phần trăm");
        end += 1;
    } else if let Some(vulgar) = cx
        .tok(end)
        .filter(|_| cx.glued(end))
        .and_then(|t| fractions::vulgar(t.text))
    {
        // "2½": two and a half.
        text.push_str(" và ");
        text.push_str(vulgar);
        end += 1;
    } else if !starts_abbreviation(cx, end) {
        if let Some((unit_end, unit)) = cx.unit_at(end) {
            text.push(' ');
            text.push_str(unit);
            end = unit_end;
            why = "number with its unit";
        } else if SCALES.contains(&cx.text(end))
            && let Some((unit_end, unit)) = cx.unit_at(end + 1)
        {
            // A unit after a scale word: "25,4 triệu USD", "5 tỷ đ".
            text.push_str(&format!(" {} {unit}", cx.text(end)));
            end = unit_end;
            why = "number with its unit";
        }
    }
    let mut span = Span::new(end, text);
    span.why = Why::Rule(why);
    Some(span)
}

/// An abbreviation from the lexicon starts at `j` ("3 đ/c" is three comrades, not đồng).
fn starts_abbreviation(cx: &Cx, j: usize) -> bool {
    lexicon_match(cx, j).is_some_and(|(end, _, _)| end > j + 1)
}

/// Longest run of glued tokens from `i` that the lexicon knows.
fn lexicon_match<'a>(cx: &Cx<'a>, i: usize) -> Option<(usize, Entry<'a>, u16)> {
    if !cx.is_word(i) || !cx.lexicon.may_start_abbreviation(cx.text(i)) {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for k in i..(i + 9).min(cx.t.len()) {
        if k > i && !cx.glued(k) {
            break;
        }
        cx.step();
        let t = cx.t[k];
        if t.kind == super::tokens::Kind::Sym && !matches!(t.text, "-" | "&" | "/" | "." | "'") {
            break;
        }
        key.push_str(t.text);
        let Some((entry, origin)) = cx.lexicon.abbreviation_with_origin(&key) else {
            continue;
        };
        // A key ends at a word boundary: "TP" inside "TPHCM" is not "TP".
        if cx.is_word(k + 1) && cx.glued(k + 1) {
            continue;
        }
        // "TP." with its full stop only before a name ("TP. Hà Lâm"); at a sentence end the
        // stop is the sentence's.
        if key.ends_with('.')
            && !(cx.is_word(k + 1) && !cx.glued(k + 1) && is_capitalized(cx.text(k + 1)))
        {
            continue;
        }
        // Letters glued to a number are a code ("BC15"), unless the abbreviation keeps its
        // reading before a number ("BĐ3" báo động ba, "COVID-19").
        let number_glued = (cx.is_num(k + 1) && cx.glued(k + 1))
            || (cx.is_dash(k + 1) && cx.glued(k + 1) && cx.is_num(k + 2) && cx.glued(k + 2));
        if number_glued && !cx.lexicon.reads_as_words_before_number(&key) {
            continue;
        }
        best = Some((k + 1, entry, origin));
    }
    best
}

/// The reading of a context-dependent entry, and which of its rules chose it.
fn contextual_reading<'a>(cx: &Cx, i: usize, end: usize, entry: Entry<'a>) -> (&'a str, Sense) {
    let c = match entry {
        Entry::Plain(s) => return (s, Sense::Plain),
        Entry::Contextual(c) => c,
    };
    if let Some(reading) = &c.before_number
        && cx.is_num(end)
    {
        return (reading, Sense::BeforeNumber);
    }
    let after = cx.words_from(end, 3);
    for n in (1..=after.len()).rev() {
        if let Some(reading) = c.before.get(&after[..n].join(" ")) {
            return (reading, Sense::Before);
        }
    }
    let before = cx.words_before(i, 3);
    for n in (1..=before.len()).rev() {
        if let Some(reading) = c.after.get(&before[before.len() - n..].join(" ")) {
            return (reading, Sense::After);
        }
    }
    if let Some(reading) = &c.after_number
        && i > 0
        && cx.is_num(i - 1)
    {
        return (reading, Sense::AfterNumber);
    }
    if let Some(reading) = &c.before_name
        && cx
            .tok(end)
            .is_some_and(|t| t.is_word() && is_capitalized(t.text))
    {
        return (reading, Sense::BeforeName);
    }
    (&c.default, Sense::Default)
}

/// Is the word at `i` a capitalised ordinary word ("XUÂN") in a run of such words? An
/// abbreviation inside the run ("… CÔNG TÁC PCTT NĂM 2024") does not break it.
fn in_capital_words(cx: &Cx, i: usize) -> bool {
    let shouting = |j: Option<usize>| {
        j.and_then(|j| cx.tok(j))
            .is_some_and(|t| t.is_word() && is_all_caps_word(t.text) && is_syllable(t.text))
    };
    let neighbour = |forward: bool| {
        let mut j = i;
        for _ in 0..LOOK_BACK {
            j = if forward { j + 1 } else { j.checked_sub(1)? };
            cx.step();
            let t = cx.tok(j)?;
            if t.is_word() && is_all_caps_word(t.text) && !is_syllable(t.text) {
                continue; // an abbreviation in the heading
            }
            if t.is_word() {
                return Some(j);
            }
            if t.is_num() || matches!(t.text, "." | "!" | "?") {
                return None;
            }
        }
        None
    };
    shouting(Some(i)) && (shouting(neighbour(false)) || shouting(neighbour(true)))
}

fn is_all_caps_word(s: &str) -> bool {
    !s.chars().any(char::is_lowercase) && s.chars().any(char::is_uppercase)
}

/// A foreign name or loan from the lexicon, one or more words ("World Cup", "Zalo").
fn foreign(cx: &Cx, i: usize) -> Option<Span> {
    if !cx.lexicon.may_start_foreign(cx.text(i)) {
        return None;
    }
    let mut key = String::new();
    let mut words = 0;
    let mut best = None;
    for k in i..(i + 4 * cx.lexicon.foreign_max_words().max(1)).min(cx.t.len()) {
        cx.step();
        let t = cx.t[k];
        if k > i && t.space_before {
            if !t.is_word() || words >= cx.lexicon.foreign_max_words() {
                break;
            }
            key.push(' ');
        }
        if t.is_word() && (k == i || t.space_before) {
            words += 1;
        }
        key.push_str(t.text);
        if cx.is_word(k + 1) && cx.glued(k + 1) {
            continue;
        }
        if let Some((reading, origin)) = cx.lexicon.foreign(&key) {
            best = Some((k + 1, reading, origin));
        }
    }
    let (end, reading, origin) = best?;
    let mut span = Span::new(end, reading);
    span.why = Why::Entry {
        table: "foreign",
        origin,
        sense: Sense::Plain,
    };
    Some(span)
}

/// A word that looks foreign: letters that cannot be one Vietnamese syllable ("Park",
/// "Messi"), not all capitals (those are abbreviations), not glued to digits (codes).
fn looks_foreign(cx: &Cx, i: usize) -> bool {
    let w = cx.text(i);
    w.chars().count() >= 2
        && w.chars().any(char::is_lowercase)
        && w.chars().all(|c| c.is_ascii_alphabetic())
        && !is_syllable(w)
        && !(cx.is_num(i + 1) && cx.glued(i + 1))
        && !(i > 0 && cx.is_num(i - 1) && cx.glued(i))
}

fn word_rules(cx: &Cx, i: usize) -> Option<Rewrite> {
    let t = cx.t[i];
    let first: [(&str, Rule); 3] = [
        ("road or kilometre post", digits::road),
        ("Roman numeral", digits::roman),
        ("web or e-mail address", web::address),
    ];
    for (name, rule) in first {
        if let Some(mut span) = rule(cx, i) {
            if span.why == Why::Rule("") {
                span.why = Why::Rule(name);
            }
            return Some(Rewrite::Span(span));
        }
    }
    if in_capital_words(cx, i) {
        return None; // a slogan or heading in capitals: words, not abbreviations
    }
    if let Some(span) = spell::word_code(cx, i) {
        return Some(Rewrite::Span(span));
    }
    if let Some((end, entry, origin)) = lexicon_match(cx, i) {
        let (reading, sense) = contextual_reading(cx, i, end, entry);
        let mut span = Span::new(end, reading);
        span.why = Why::Entry {
            table: "abbreviations",
            origin,
            sense,
        };
        return Some(Rewrite::Span(span));
    }
    if let Some(span) = foreign(cx, i) {
        return Some(Rewrite::Span(span));
    }
    // An unknown all-capitals token, with digits or "&" inside ("ABC&D").
    let mut end = i + 1;
    while end < i + 16
        && cx.glued(end)
        && (cx.is_num(end)
            || (cx.is_word(end) && is_all_caps_word(cx.text(end)))
            || (cx.is_sym(end, '&') && cx.is_word(end + 1) && cx.glued(end + 1)))
    {
        cx.step();
        end += 1;
    }
    let written = cx.written(i, end);
    if is_all_caps(written) && !(cx.is_word(end) && cx.glued(end)) {
        return Some(Rewrite::Keep(end, UnknownKind::Abbreviation));
    }
    // A unit standing alone ("mỗi kg"): not a syllable, so not a Vietnamese word.
    if t.text.len() >= 2
        && t.text.is_ascii()
        && cx.lexicon.unit(t.text).is_some()
        && !is_syllable(t.text)
        && let Some((end, unit)) = cx.unit_at(i)
        && end == i + 1
    {
        let mut span = Span::new(end, unit);
        span.why = Why::Rule("unit written alone");
        return Some(Rewrite::Span(span));
    }
    if looks_foreign(cx, i) {
        // A hyphenated name keeps its parts together ("Sung-min" is read as written).
        return Some(Rewrite::Keep(i + 1, UnknownKind::Foreign));
    }
    if let Some(repaired) = repair_case(t.text) {
        let mut span = Span::new(i + 1, repaired);
        span.why = Why::Rule("capital typed one letter too long, repaired");
        return Some(Rewrite::Span(span));
    }
    None
}

fn symbol_rules(cx: &Cx, i: usize) -> Option<Rewrite> {
    let t = cx.t[i];
    let prev_num = i > 0
        && (cx.is_num(i - 1)
            || (matches!(cx.text(i - 1), "h" | "H" | "'" | "’") && i > 1 && cx.is_num(i - 2)));
    let next = i + 1;
    let span = |end: usize, text: &str, why: &'static str| {
        let mut span = Span::new(end, text);
        span.why = Why::Rule(why);
        Some(Rewrite::Span(span))
    };
    if t.is_dash() {
        if ranges::is_minus(cx, i) {
            return span(next, "âm", "minus sign before a number: âm");
        }
        if i == 0 {
            return span(next, "", "list bullet, not read");
        }
        // Between two phone numbers a dash is a pause, not a range.
        let phone_next = cx.text(next).starts_with('0') && cx.text(next).len() > 1;
        if prev_num && cx.is_num(next) && !phone_next {
            return span(next, "đến", "range between numbers: đến");
        }
        if ranges::ends_from_range(cx, i) {
            return span(next, "đến", "after từ, a dash is always đến");
        }
        if cx.is_word(i - 1) && cx.is_num(next) && cx.glued(i) && cx.glued(next) {
            return span(next, "", "hyphen inside a name with a number, not read"); // "COVID-19"
        }
        let hyphenated = cx.glued(i)
            && cx.glued(next)
            && cx.is_word(i - 1)
            && cx.is_word(next)
            && !is_capitalized(cx.text(next));
        if hyphenated {
            return None; // "ô-tô", "ki-lô-gam", "Sung-min"
        }
        return Some(Rewrite::Pause);
    }
    if let Some(mut s) = digits::international(cx, i) {
        if s.why == Why::Rule("") {
            s.why = Why::Rule("international phone number");
        }
        return Some(Rewrite::Span(s));
    }
    if let Some(words) = fractions::vulgar(t.text) {
        return span(next, words, "fraction sign: a phần b");
    }
    let (text, why) = match t.text {
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
                ("năm", "quarter or term and its year") // "Quý I/2024"
            } else if prev_num && cx.is_num(next) {
                ("trên", "count of a group: trên")
            } else if cx.is_num(next) {
                (",", "slash between two counts: a pause") // "12 vụ/20 đối tượng"
            } else if cx.is_word(next) {
                // "A/H5N1", "HIV/AIDS": a slash after a capital letter or an abbreviation is
                // a pause; after a count it is "per" ("tấn/ha", "đồng/kg", "m3/ngày đêm").
                if i > 0 && cx.is_word(i - 1) && is_all_caps_word(cx.text(i - 1)) {
                    ("", "slash between letters or abbreviations: not read")
                } else if let Some((end, unit)) = cx.unit_at(next) {
                    let mut s = Span::new(end, format!("trên {unit}"));
                    s.why = Why::Rule("per unit: trên");
                    return Some(Rewrite::Span(s));
                } else {
                    ("trên", "per unit: trên")
                }
            } else {
                ("", "slash, not read")
            }
        }
        "%" => ("phần trăm", "percent"),
        "&" => ("và", "& read và"),
        "=" => ("bằng", "= read bằng"),
        "+" if prev_num || cx.is_num(next) => ("cộng", "plus: cộng"),
        "°" | "º" if cx.text(next) == "C" && cx.glued(next) => {
            return span(next + 1, "độ C", "degrees Celsius");
        }
        _ => return None,
    };
    span(next, text, why)
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
