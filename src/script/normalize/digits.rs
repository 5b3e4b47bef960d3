//! Numbers read other than as amounts: phone numbers and hotlines, unit numbers after
//! names the lexicon lists ("Trung đoàn 923"), road numbers ("QL47", "Km 25+300") and
//! Roman numerals after "khóa", "quý", "lần thứ"….

use super::context::{Cx, Span};
use super::numbers::{parse_roman, read_digits, read_number, read_ordinal};
use super::words::{fold, fold_lower};

/// A phone number at token `i`: after a phone word ("đường dây nóng 113"), or any number
/// that starts with 0 and has eight digits or more ("0237.3851.234").
pub fn phone(cx: &Cx, i: usize) -> Option<Span> {
    let first = cx.tok(i).filter(|t| t.is_num())?;
    // The emergency numbers may stand a little further from the phone word
    // ("gọi ngay cho 113").
    let emergency = matches!(first.text, "111" | "112" | "113" | "114" | "115")
        && !(cx.glued(i + 1) && cx.is_num(i + 2));
    // Other short numbers must follow the phone word directly ("gọi cho 300 hộ" is a count).
    let gap = if emergency {
        3
    } else if first.text.starts_with('0') || first.text.len() >= 5 {
        2
    } else {
        0
    };
    let in_context = cx
        .lexicon
        .phone_words()
        .iter()
        .any(|p| cx.phrase_before(i, p, gap));
    let mut groups = vec![first.text];
    let mut j = i + 1;
    loop {
        let joined = cx.tok(j).is_some_and(|t| t.is_sym('.') || t.is_dash()) && cx.glued(j);
        if joined && cx.is_num(j + 1) && cx.glued(j + 1) {
            groups.push(cx.text(j + 1));
            j += 2;
        } else if in_context && cx.is_num(j) && !cx.glued(j) && (2..=4).contains(&cx.text(j).len())
        {
            groups.push(cx.text(j));
            j += 1;
        } else {
            break;
        }
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    let looks_like_phone = first.text.starts_with('0') && digits >= 8;
    if !(looks_like_phone || (in_context && digits >= 3)) {
        return None;
    }
    let text: Vec<String> = groups.iter().map(|g| read_digits(g)).collect();
    Some(Span::new(j, text.join(", ")))
}

/// A unit or committee number read digit by digit after a listed name.
pub fn after_listed_name(cx: &Cx, i: usize) -> Option<Span> {
    let number = cx.tok(i).filter(|t| t.is_num())?;
    // Only a plain number: "Trung đoàn 923", not "Đoàn 1.200 người".
    if (cx.is_sym(i + 1, '.') || cx.is_sym(i + 1, ',') || cx.is_sym(i + 1, '/'))
        && cx.glued(i + 1)
        && cx.is_num(i + 2)
    {
        return None;
    }
    let listed = cx.lexicon.digit_names().iter().any(|name| {
        let n = name.len();
        if i < n || name.is_empty() {
            return false;
        }
        (0..n).all(|k| {
            let t = &cx.t[i - n + k];
            if !t.is_word() || (k > 0 && !t.space_before) {
                return false;
            }
            let written = fold(t.text);
            let wanted = &name[k];
            let same_first = k > 0 || written.chars().next() == wanted.chars().next();
            same_first && fold_lower(&written) == fold_lower(wanted)
        })
    });
    listed.then(|| Span::new(i + 1, read_digits(number.text)))
}

/// A road or kilometre post: "QL47", "QL 1A", "ĐT 506", "Km 25+300".
pub fn road(cx: &Cx, i: usize) -> Option<Span> {
    let word = cx.tok(i).filter(|t| t.is_word())?;
    let number_follows = cx.is_num(i + 1) || (cx.is_sym(i + 1, '.') && cx.is_num(i + 2));
    if !number_follows {
        return None;
    }
    let reading = cx.lexicon.road(word.text)?;
    if i > 0 && cx.is_num(i - 1) && cx.lexicon.unit(word.text).is_some() {
        return None; // "5 km" is a distance, not a post
    }
    let mut j = i + 1;
    if cx.is_sym(j, '.') && cx.glued(j) {
        j += 1;
    }
    let num = cx.tok(j).filter(|t| t.is_num())?;
    if num.text.len() > 4 || (num.text.starts_with('0') && num.text.len() > 1) {
        return None; // "ĐT 0237…" is a phone number
    }
    let mut text = format!(
        "{reading} {}",
        read_number(num.text.parse().ok()?, cx.style)
    );
    j += 1;
    // "QL1A": a one-letter suffix.
    if cx.is_word(j) && cx.glued(j) && cx.text(j).chars().count() == 1 {
        text.push(' ');
        text.push_str(cx.text(j));
        j += 1;
    }
    if cx.is_sym(j, '+') && cx.glued(j) && cx.is_num(j + 1) && cx.glued(j + 1) {
        let metres: u64 = cx.text(j + 1).parse().ok()?;
        text.push_str(&format!(" cộng {}", read_number(metres, cx.style)));
        j += 2;
    }
    Some(Span::new(j, text))
}

/// A Roman numeral after a word that takes one ("khóa XIX", "quý III", "lần thứ XIX").
pub fn roman(cx: &Cx, i: usize) -> Option<Span> {
    let word = cx.tok(i).filter(|t| t.is_word())?;
    if word.text.len() == 1 && !matches!(word.text, "I" | "V" | "X") {
        return None;
    }
    let value = parse_roman(word.text)?;
    let after_listed = cx
        .lexicon
        .roman_words()
        .iter()
        .any(|p| cx.phrase_before(i, p, 0));
    if !after_listed || (cx.is_word(i + 1) && cx.glued(i + 1)) {
        return None;
    }
    let text = if cx.word_before(i).as_deref() == Some("thứ") {
        read_ordinal(value, cx.style)
    } else {
        read_number(value, cx.style)
    };
    Some(Span::new(i + 1, text))
}
