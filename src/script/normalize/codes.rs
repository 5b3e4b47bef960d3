//! Document codes: "211/QĐ-UBND", "100/2019/NĐ-CP", "03-NQ/TU". The number is read, a year
//! inside the code is read "năm …", the type letters are dropped when the words before say
//! it already (or read as words), and the issuer is read as words after "của". Never spelled.

use super::context::{Cx, Span};
use super::numbers::read_number;
use super::rewrite::{UnknownKind, UnknownPart};
use super::words::{fold_lower, is_all_caps, is_capitalized};

enum Part<'a> {
    Num(&'a str),
    /// A code and the term number glued to it ("QH15").
    Code(&'a str, Option<&'a str>),
}

fn is_code_word(cx: &Cx, text: &str) -> bool {
    is_capitalized(text)
        && (is_all_caps(text)
            || cx.lexicon.document_type(text).is_some()
            || cx.lexicon.issuer(text).is_some())
}

/// Most parts a document code has after its number ("100/2019/NĐ-CP" has three).
const MAX_PARTS: usize = 6;

/// A document code starting at the number at token `i`.
pub fn document_code(cx: &Cx, i: usize) -> Option<Span> {
    let first = cx.tok(i).filter(|t| t.is_num())?;
    let is_sep = |j: usize| cx.tok(j).is_some_and(|t| t.is_sym('/') || t.is_dash());
    // Parts after the leading number.
    let mut parts = Vec::new();
    let mut j = i + 1;
    // The first separator may have a stray space after it ("211/ QĐ-UBND").
    if !(is_sep(j) && cx.glued(j)) {
        return None;
    }
    let code_follows = cx.is_word(j + 1) && is_code_word(cx, cx.text(j + 1));
    if !(cx.glued(j + 1) || code_follows) {
        return None;
    }
    // A code has a handful of parts; a long chain of numbers ("1-1-1-…") is no code, and
    // stopping early keeps each number's look ahead short.
    for _ in 0..MAX_PARTS {
        cx.step();
        let part = cx.tok(j + 1)?;
        if part.is_num() {
            parts.push(Part::Num(part.text));
        } else if part.is_word() && is_code_word(cx, part.text) {
            // A term number glued to a code ("QH14") belongs to it.
            let term = (cx.is_num(j + 2) && cx.glued(j + 2)).then(|| cx.text(j + 2));
            parts.push(Part::Code(part.text, term));
            if term.is_some() {
                j += 1;
            }
        } else {
            break;
        }
        j += 2;
        if !(is_sep(j) && cx.glued(j) && cx.glued(j + 1)) {
            break;
        }
    }
    let end = j;
    if !parts.iter().any(|p| matches!(p, Part::Code(..))) {
        return None;
    }
    let codes: Vec<(&str, Option<&str>)> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Code(c, term) => Some((*c, *term)),
            Part::Num(_) => None,
        })
        .collect();
    // "95-III" is a grade with its Roman level, not a document code.
    if codes.len() == 1 && super::numbers::parse_roman(codes[0].0).is_some() {
        return None;
    }
    let number = first.text.parse::<u64>().map_or_else(
        |_| super::numbers::read_digits(first.text),
        |v| read_number(v, cx.style),
    );
    let mut years = Vec::new();
    for p in &parts {
        if let Part::Num(n) = p
            && let Ok(v) = n.parse::<u64>()
        {
            if n.len() == 4 && (1900..=2200).contains(&v) {
                years.push(format!("năm {}", read_number(v, cx.style)));
            } else {
                years.push(read_number(v, cx.style));
            }
        }
    }
    let mut span = Span::new(end, String::new());
    let mut issuers_from = 0;
    let mut type_words = None;
    if let Some(kind) = cx.lexicon.document_type(codes[0].0) {
        issuers_from = 1;
        let phrase: Vec<String> = kind.split_whitespace().map(fold_lower).collect();
        // Said already in words ("Quyết định số") or as its abbreviation ("KH số 87/KH-UBND").
        let said = cx.phrase_before(i, &phrase, 1)
            || cx.words_before(i, 2).contains(&fold_lower(codes[0].0));
        if !said {
            type_words = Some(kind);
        }
    }
    let mut words = Vec::new();
    match type_words {
        // "theo 211/QĐ-UBND" → "theo quyết định số hai trăm mười một …"
        Some(kind) if cx.word_before(i).as_deref() != Some("số") => {
            words.push(format!("{kind} số {number}"));
        }
        Some(kind) => words.push(format!("{number} {kind}")),
        None => words.push(number),
    }
    words.extend(years);
    let mut issuers = Vec::new();
    for &(code, term) in &codes[issuers_from..] {
        let mut reading = match cx.lexicon.issuer(code) {
            Some(reading) => reading.to_string(),
            None => {
                span.unknown.push(UnknownPart {
                    token: code.to_string(),
                    at: cx.t[i].start,
                    kind: UnknownKind::Abbreviation,
                });
                code.to_string()
            }
        };
        // "31/2024/QH15": the law of the 15th National Assembly.
        if let Some(term) = term.and_then(|t| t.parse::<u64>().ok()) {
            reading.push_str(&format!(" khóa {}", read_number(term, cx.style)));
        }
        issuers.push(reading);
    }
    let codes_only: Vec<&str> = codes[issuers_from..].iter().map(|c| c.0).collect();
    if !issuers.is_empty() && !issuer_named_after(cx, end, &codes_only, &issuers) {
        words.push(format!("của {}", issuers.join(", ")));
    }
    span.text = words.join(" ");
    Some(span)
}

/// Does the text go on to name the issuer itself ("1838/QĐ-UBND ngày 21/8/2017 của UBND
/// huyện", "… của Chính phủ")? Then "của Ủy ban nhân dân" is not said twice.
fn issuer_named_after(cx: &Cx, end: usize, issuers: &[&str], readings: &[String]) -> bool {
    let Some(last) = issuers.last() else {
        return false;
    };
    let reading: Vec<String> = readings
        .last()
        .map(|r| r.split_whitespace().map(fold_lower).collect())
        .unwrap_or_default();
    // "05-CT/TW của Bộ Chính trị": the text names its issuer right away.
    if cx.text(end).to_lowercase() == "của" {
        return true;
    }
    let mut after_cua = false;
    for j in end..(end + 14).min(cx.t.len()) {
        let t = cx.t[j];
        if matches!(t.text, "." | ";" | ")" | "!" | "?") {
            return false;
        }
        cx.step();
        if after_cua && (t.text == *last || cx.words_from(j, reading.len()) == reading) {
            return true;
        }
        after_cua |= t.text.to_lowercase() == "của";
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::script::normalize::tests::say;

    #[test]
    fn document_code_table() {
        let table = [
            (
                "Quyết định số 211/QĐ-UBND",
                "Quyết định số hai trăm mười một của Ủy ban nhân dân",
            ),
            (
                "Quyết định số 211/ QĐ-UBND về việc",
                "Quyết định số hai trăm mười một của Ủy ban nhân dân về việc",
            ),
            (
                "theo Quyết định 1838/QĐ-UBND ngày 21/8/2017",
                "theo Quyết định một nghìn tám trăm ba mươi tám của Ủy ban nhân dân ngày hai mươi mốt tháng tám năm hai nghìn không trăm mười bảy",
            ),
            (
                "theo Quyết định 1838/QĐ-UBND ngày 21/8/2017 của UBND huyện",
                "theo Quyết định một nghìn tám trăm ba mươi tám ngày hai mươi mốt tháng tám năm hai nghìn không trăm mười bảy của Ủy ban nhân dân huyện",
            ),
            (
                "Nghị định 100/2019/NĐ-CP",
                "Nghị định một trăm năm hai nghìn không trăm mười chín của Chính phủ",
            ),
            ("Nghị quyết 03-NQ/TU", "Nghị quyết ba của Tỉnh ủy"),
            (
                "Chỉ thị số 05-CT/TW của Bộ Chính trị",
                "Chỉ thị số năm của Bộ Chính trị",
            ),
            (
                "Kế hoạch 87/KH-UBND",
                "Kế hoạch tám mươi bảy của Ủy ban nhân dân",
            ),
            (
                "thực hiện 87/KH-UBND",
                "thực hiện kế hoạch số tám mươi bảy của Ủy ban nhân dân",
            ),
            (
                "văn bản số 87/KH-UBND",
                "văn bản số tám mươi bảy kế hoạch của Ủy ban nhân dân",
            ),
            (
                "Quyết định số 15/2020/QĐ-TTg",
                "Quyết định số mười lăm năm hai nghìn không trăm hai mươi của Thủ tướng Chính phủ",
            ),
            (
                "Thông tư 58/2020/TT-BCA",
                "Thông tư năm mươi tám năm hai nghìn không trăm hai mươi của Bộ Công an",
            ),
        ];
        for (text, want) in table {
            assert_eq!(say(text), want, "{text}");
        }
    }

    #[test]
    fn unknown_issuer_is_kept_and_warned() {
        let reader = crate::script::normalize::tests::reader();
        let s = reader.spoken("Công văn số 12/XYZW-UBND.");
        assert!(s.text.contains("XYZW"), "{}", s.text);
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert_eq!(s.warnings[0].token, "XYZW");
    }
}
