//! Codes with letters and digits — seed varieties ("OM5451"), vehicle plates ("29C-456.78"),
//! product codes and grades ("PCB40", "24K"), vaccine lots ("AB2304"), classes ("12A3"),
//! boat registrations ("HL-2019-TS") — are spelled: letters by their Vietnamese names, digits
//! one by one, or a group of one or two digits as a number, the way announcers say them.
//! Never one big number, never left raw.

use super::context::{Cx, Span, Why};
use super::numbers::{digit_word, read_decimal, read_digits, read_number};

/// Letters spelled by name ("PCB" → "pê xê bê"); a letter without a name stays as written.
pub fn spell_letters(cx: &Cx, letters: &str) -> String {
    let mut out = Vec::new();
    for c in letters.chars() {
        if c.is_ascii_digit() {
            out.push(digit_word(c as u8 - b'0').to_string());
        } else if let Some(name) = cx.lexicon.letter(c) {
            out.push(name.to_string());
        } else {
            out.push(c.to_string());
        }
    }
    out.join(" ")
}

/// A number inside a code: one or two digits without a leading zero as a number (the unit 4
/// read "bốn", as in names: "24K" hai mươi bốn ca), anything longer digit by digit.
pub fn code_number(cx: &Cx, digits: &str) -> String {
    match digits.parse::<u64>() {
        Ok(v) if digits.len() <= 2 && !(digits.len() == 2 && digits.starts_with('0')) => {
            let words = read_number(v, cx.style);
            match words.strip_suffix(" tư") {
                Some(head) if v > 20 => format!("{head} bốn"),
                _ => words,
            }
        }
        _ => read_digits(digits),
    }
}

/// An upper-case letter group a code may hold ("OM", "C", "TBR"): one to three capitals, or
/// a longer group the lexicon knows.
fn is_code_letters(cx: &Cx, s: &str) -> bool {
    let n = s.chars().count();
    s.chars().all(char::is_uppercase) && (n <= 3 || cx.lexicon.abbreviation(s).is_some())
}

/// A code starting with letters at token `i`: "OM5451", "H5N1", "ST25", "HL-2019-TS".
pub fn word_code(cx: &Cx, i: usize) -> Option<Span> {
    let first = cx.tok(i).filter(|t| t.is_word())?;
    if !is_code_letters(cx, first.text) {
        return None;
    }
    // Parts: glued words and numbers, joined directly or by "-" or "." between them.
    let mut parts: Vec<(usize, bool)> = vec![(i, false)]; // (token, after a joiner)
    let mut j = i + 1;
    while j < cx.t.len() && j < i + 16 {
        cx.step();
        if !cx.glued(j) {
            break;
        }
        let t = cx.t[j];
        if t.is_word() || t.is_num() {
            parts.push((j, false));
            j += 1;
        } else if (t.is_sym('.') || t.is_dash())
            && (cx.is_word(j + 1) || cx.is_num(j + 1))
            && cx.glued(j + 1)
        {
            parts.push((j + 1, true));
            j += 2;
        } else {
            break;
        }
    }
    let end = j;
    if cx.is_word(end) && cx.glued(end) {
        return None;
    }
    let has_digits = parts.iter().any(|&(k, _)| cx.is_num(k));
    let all_codeish = parts
        .iter()
        .all(|&(k, _)| cx.is_num(k) || is_code_letters(cx, cx.text(k)));
    if !has_digits || !all_codeish {
        return None;
    }
    // "BĐ3", "QK4", "COVID-19": an abbreviation that keeps its reading before a number.
    if parts.len() == 2
        && cx.is_num(parts[1].0)
        && cx.lexicon.reads_as_words_before_number(first.text)
    {
        return None;
    }
    // A joined code with a long number ("HL-2019-TS") or a plate is spelled group by group.
    let mut text = String::new();
    for (n, &(k, joined)) in parts.iter().enumerate() {
        if n > 0 {
            text.push_str(if joined { ", " } else { " " });
        }
        let part = cx.text(k);
        if cx.is_num(k) {
            text.push_str(&code_number(cx, part));
        } else {
            text.push_str(&spell_letters(cx, part));
        }
    }
    let mut span = Span::new(end, text);
    span.why = Why::Rule("code: letters by their Vietnamese names, digits one by one");
    Some(span)
}

/// Words after which a number glued to capitals is a vehicle plate.
const PLATE_WORDS: [&str; 4] = ["biển", "số", "bks", "kiểm"];

/// A code starting with a number at token `i`: a plate ("36C-456.78"), a class ("12A3",
/// "9A"), a grade ("24K", "0,05S").
pub fn number_code(cx: &Cx, i: usize) -> Option<Span> {
    let number = cx.number_at(i)?;
    let j = number.end;
    let letters = cx.tok(j).filter(|t| t.is_word())?;
    if !cx.glued(j)
        || !letters.text.chars().all(char::is_uppercase)
        || letters.text.chars().count() > 3
        || cx.unit_at(j).is_some()
        || number.grouped
    {
        return None;
    }
    let mut k = j + 1;
    let trailing = (cx.is_num(k) && cx.glued(k)).then(|| {
        k += 1;
        cx.text(k - 1)
    });
    if cx.is_word(k) && cx.glued(k) {
        return None;
    }
    // A plate: two digits, series letters (and a digit), "-", then 456.78 or 4567(8).
    let plate_groups = plate_tail(cx, k);
    let near_plate_word = cx
        .words_before(i, 2)
        .iter()
        .any(|w| PLATE_WORDS.contains(&w.as_str()));
    if let Some((groups, end)) = plate_groups
        && number.digits.len() == 2
        && number.fraction.is_none()
    {
        let mut text = format!(
            "{} {}",
            read_digits(&number.digits),
            spell_letters(cx, letters.text)
        );
        if let Some(t) = trailing {
            text.push(' ');
            text.push_str(&read_digits(t));
        }
        for g in groups {
            text.push_str(", ");
            text.push_str(&read_digits(g));
        }
        let mut span = Span::new(end, text);
        span.why = Why::Rule(if near_plate_word {
            "vehicle plate: digits one by one, letters by name"
        } else {
            "plate-shaped code: digits one by one, letters by name"
        });
        return Some(span);
    }
    let head = match (&number.fraction, number.value()) {
        (Some(f), Some(v)) => read_decimal(v, f, cx.style),
        _ => code_number(cx, &number.digits),
    };
    let mut text = format!("{head} {}", spell_letters(cx, letters.text));
    if let Some(t) = trailing {
        text.push(' ');
        text.push_str(&code_number(cx, t));
    }
    let mut span = Span::new(k, text);
    span.why = Why::Rule("code: number, then letters by their Vietnamese names");
    Some(span)
}

/// "-456.78", "-4567", "-45678" after a plate's series: the digit groups and the end.
fn plate_tail<'a>(cx: &Cx<'a>, k: usize) -> Option<(Vec<&'a str>, usize)> {
    if !(cx.is_dash(k) && cx.glued(k) && cx.is_num(k + 1) && cx.glued(k + 1)) {
        return None;
    }
    let first = cx.text(k + 1);
    if cx.is_sym(k + 2, '.') && cx.glued(k + 2) && cx.is_num(k + 3) && cx.glued(k + 3) {
        let second = cx.text(k + 3);
        return (first.len() == 3 && second.len() == 2).then(|| (vec![first, second], k + 4));
    }
    (4..=5).contains(&first.len()).then(|| (vec![first], k + 2))
}

/// A trade grade after the word that takes it: "vàng 9999" bốn số chín.
pub fn grade(cx: &Cx, i: usize) -> Option<Span> {
    cx.tok(i).filter(|t| t.is_num())?;
    // The grade as written: digits and glued dots ("999.9").
    let mut j = i + 1;
    while cx.is_sym(j, '.') && cx.glued(j) && cx.is_num(j + 1) && cx.glued(j + 1) {
        j += 2;
    }
    if (cx.is_word(j) || cx.is_num(j)) && cx.glued(j) {
        return None;
    }
    let reading = cx.lexicon.grade(cx.written(i, j))?;
    if !cx.any_phrase_before(i, cx.lexicon.grade_words(), 0) {
        return None;
    }
    let mut span = Span::new(j, reading);
    span.why = Why::Rule("trade grade after its product word (lexicon [grades])");
    Some(span)
}
