//! Numbers read other than as amounts: phone numbers and hotlines, unit numbers after
//! names the lexicon lists ("Trung đoàn 923"), road numbers ("QL47", "Km 25+300") and
//! Roman numerals after "khóa", "quý", "lần thứ"….

use super::context::{Cx, Span, Why};
use super::numbers::{parse_roman, read_digits, read_number, read_ordinal};
use super::words::{fold, fold_lower};

/// A phone number or an identifier at token `i`, read digit by digit in the groups it is
/// written in: after a phone word ("đường dây nóng 113"), after an identifier word ("mã số
/// thuế", "tài khoản … số"), any number that starts with 0 and has eight digits or more in
/// any grouping ("0237.3851.234", "0913 456 789", "0237 3 852 111"), and any unbroken run of
/// nine digits or more ("2801234567"), which is no amount (amounts are grouped with dots).
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
    let phone_context = cx.any_phrase_before(i, cx.lexicon.phone_words(), gap);
    // "số hồ sơ năm 2024": a year, a month or a day word makes it a date, whatever stands
    // before.
    let date_word = cx
        .word_before(i)
        .is_some_and(|w| matches!(w.as_str(), "năm" | "tháng" | "ngày" | "lúc" | "khoảng"));
    let id_context = !date_word && cx.any_phrase_before(i, cx.lexicon.identifier_words(), 4);
    let leading_zero = first.text.starts_with('0') && (2..=4).contains(&first.text.len());
    // A phone number has at most 10 digits (11 for a landline with a 02x area code); an
    // identifier up to 20.
    let most = if id_context {
        20
    } else if first.text.starts_with("02") {
        11
    } else {
        10
    };
    let mut groups = vec![first.text];
    let mut digits = first.text.len();
    let mut j = i + 1;
    loop {
        cx.step();
        let joined = cx.tok(j).is_some_and(|t| t.is_sym('.') || t.is_dash()) && cx.glued(j);
        let spaced = cx.is_num(j) && !cx.glued(j) && digits < most;
        if groups.len() >= MAX_GROUPS {
            break;
        }
        if joined && cx.is_num(j + 1) && cx.glued(j + 1) && digits + cx.text(j + 1).len() <= most {
            groups.push(cx.text(j + 1));
            digits += cx.text(j + 1).len();
            j += 2;
        } else if spaced
            && (phone_context || id_context || leading_zero)
            && (1..=8).contains(&cx.text(j).len())
            && digits + cx.text(j).len() <= most
            && !((cx.is_sym(j + 1, '.') || cx.is_sym(j + 1, ','))
                && cx.glued(j + 1)
                && cx.is_num(j + 2))
        {
            groups.push(cx.text(j));
            digits += cx.text(j).len();
            j += 1;
        } else {
            break;
        }
    }
    // A glued unit or word makes it something else ("0,5m", "2024ha").
    if cx.is_word(j) && cx.glued(j) {
        return None;
    }
    let looks_like_phone = first.text.starts_with('0') && digits >= 8;
    // Money is grouped with dots; an unbroken run followed by "đồng" is still an amount.
    let money_after = cx.unit_at(j).is_some()
        || matches!(
            cx.text(j),
            "đồng" | "nghìn" | "triệu" | "tỷ" | "tỉ" | "ngàn"
        );
    let decimal_after = cx.is_sym(j, ',') && cx.glued(j) && cx.is_num(j + 1) && cx.glued(j + 1);
    let long_run = groups.len() == 1 && digits >= 9 && !decimal_after && !money_after;
    let why = if (id_context && digits >= 6) || (long_run && !first.text.starts_with('0')) {
        "identifier: digit by digit, in groups"
    } else if looks_like_phone || phone_context {
        "phone number: digit by digit, grouped as written"
    } else {
        return None;
    };
    // Identifiers are long; a short number after "số hồ sơ" is a count or a number.
    if !(looks_like_phone
        || long_run
        || (phone_context && digits >= 3)
        || (id_context && digits >= 6))
    {
        return None;
    }
    // An identifier written in one run is read in groups of three or four for breath.
    let pieces: Vec<String> = if groups.len() == 1 && digits >= 9 && why.starts_with("identifier") {
        breath_groups(first.text)
            .iter()
            .map(|g| read_digits(g))
            .collect()
    } else {
        groups.iter().map(|g| read_digits(g)).collect()
    };
    let mut span = Span::new(j, pieces.join(", "));
    span.why = Why::Rule(why);
    Some(span)
}

/// Most groups a phone number or an identifier is written in.
const MAX_GROUPS: usize = 8;

/// Groups of three digits from the left, the last one of three or four ("0101234567" →
/// 010 123 4567).
fn breath_groups(digits: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = digits;
    while rest.len() > 4 {
        let (head, tail) = rest.split_at(3);
        out.push(head);
        rest = tail;
    }
    out.push(rest);
    out
}

/// An international number at the "+" of "+84" or "(+84)": "cộng tám bốn", then its groups.
pub fn international(cx: &Cx, i: usize) -> Option<Span> {
    if !(cx.is_sym(i, '+') && cx.is_num(i + 1) && cx.glued(i + 1)) {
        return None;
    }
    if i > 0 && cx.glued(i) && !cx.is_sym(i - 1, '(') {
        return None;
    }
    let country = cx.text(i + 1);
    if !(1..=3).contains(&country.len()) {
        return None;
    }
    let mut j = i + 2;
    let mut text = format!("cộng {}", read_digits(country));
    if cx.is_sym(j, ')') && cx.glued(j) {
        text.push(')');
        j += 1;
    }
    let mut groups = Vec::new();
    let mut digits = 0;
    while cx.is_num(j) && digits < 11 {
        cx.step();
        groups.push(read_digits(cx.text(j)));
        digits += cx.text(j).len();
        j += 1;
        if (cx.is_sym(j, '.') || cx.is_dash(j))
            && cx.glued(j)
            && cx.is_num(j + 1)
            && cx.glued(j + 1)
        {
            j += 1;
        }
    }
    if digits < 6 {
        return None;
    }
    text.push(' ');
    text.push_str(&groups.join(", "));
    let mut span = Span::new(j, text);
    span.why = Why::Rule("international phone number: cộng, then digit by digit");
    Some(span)
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
    // "QL1A", "ĐT.506B": a one-letter suffix, a consonant read by its name ("bê"); a vowel
    // is its own name and stays as written.
    if cx.is_word(j) && cx.glued(j) && cx.text(j).chars().count() == 1 {
        let letter = cx.text(j);
        let name = letter
            .chars()
            .next()
            .and_then(|c| cx.lexicon.letter(c))
            .filter(|n| *n != letter.to_lowercase())
            .unwrap_or(letter);
        text.push(' ');
        text.push_str(name);
        j += 1;
    }
    if cx.is_sym(j, '+') && cx.glued(j) && cx.is_num(j + 1) && cx.glued(j + 1) {
        let metres: u64 = cx.text(j + 1).parse().ok()?;
        text.push_str(&format!(" cộng {}", read_number(metres, cx.style)));
        j += 2;
    }
    Some(Span::new(j, text))
}

/// A Roman numeral after a word that takes one ("khóa XIX", "quý III", "lần thứ XIX", "loại
/// IV"), or glued by a hyphen to a number ("RON 95-III"). A single letter other than I, V, X
/// is a letter ("hạng A", "vitamin C", "nhóm B").
pub fn roman(cx: &Cx, i: usize) -> Option<Span> {
    let word = cx.tok(i).filter(|t| t.is_word())?;
    if word.text.len() == 1 && !matches!(word.text, "I" | "V" | "X") {
        return None;
    }
    // Numerals of news are small (khóa XV, thế kỷ XXI): only I, V, X and L, so that "khu DL"
    // or "Phòng CD" stay letters.
    if !word
        .text
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
    {
        return None;
    }
    let value = parse_roman(word.text)?;
    let after_listed = cx
        .lexicon
        .roman_words()
        .iter()
        .any(|p| cx.phrase_before(i, p, 0));
    let after_number =
        i >= 2 && cx.is_dash(i - 1) && cx.glued(i - 1) && cx.glued(i) && cx.is_num(i - 2);
    if !(after_listed || after_number) || (cx.is_word(i + 1) && cx.glued(i + 1)) {
        return None;
    }
    let text = if cx.word_before(i).as_deref() == Some("thứ") {
        read_ordinal(value, cx.style)
    } else {
        read_number(value, cx.style)
    };
    let mut span = Span::new(i + 1, text);
    span.why = Why::Rule("Roman numeral after a counting word: a number");
    Some(span)
}
