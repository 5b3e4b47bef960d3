//! What a hyphen between two things means: a range read "đến" (always after "từ"), a score
//! read as a pause ("thắng 3-0" ba - không), a minus sign read "âm" ("-3°C"), or a pause
//! between names ("Lam Sơn - Sao Vàng"). Each look is bounded to a few tokens.

use super::context::{Cx, LOOK_BACK, Span, Why};
use super::numbers::read_number;
use super::words::fold_lower;

/// Words that make the "a-b" after them a score ("tỷ số" and "chung cuộc" are two words).
const SCORE_WORDS: [&str; 6] = ["thắng", "thua", "hòa", "hoà", "set", "gỡ"];

/// Words that make a score word part of another word: hòa giải (mediation), thắng cảnh (a
/// scenic spot), thua lỗ (a loss)… — no match result follows them.
const NOT_A_MATCH: [&str; 22] = [
    "giải", "bình", "nhập", "hợp", "thuận", "đồng", "mình", "tan", "hoãn", "nhã", "lợi", "cảnh",
    "cử", "thế", "lỗ", "thiệt", "kém", "rối", "vốn", "thầu", "kiện", "án",
];

/// Words after "a-b" that make it a range of amounts ("2-3 tỷ", "12-15 vụ"), not a score.
const COUNTED_AFTER: [&str; 20] = [
    "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "trăm", "vụ", "người", "hộ", "lần", "ngày", "tháng",
    "năm", "giờ", "phút", "con", "cây", "tấn", "lượt", "đồng",
];

/// Is "a-b" at `i` in a sentence about a match result? Looks back to the clause start.
fn after_score_word(cx: &Cx, i: usize) -> bool {
    let floor = i.saturating_sub(LOOK_BACK);
    let mut j = i;
    while j > floor {
        j -= 1;
        cx.step();
        if matches!(cx.text(j), "." | ";" | "!" | "?") {
            return false;
        }
        if !cx.is_word(j) {
            continue;
        }
        // A capitalised "Thắng" inside a sentence is a name (xã Xuân Thắng), not the verb.
        let sentence_start = j == 0 || matches!(cx.text(j - 1), "." | "!" | "?" | ":" | "“");
        if super::words::is_capitalized(cx.text(j)) && !sentence_start {
            continue;
        }
        // Lower case is enough: "hoà"/"hòa" is the only placement variant, listed.
        let w = cx.text(j).to_lowercase();
        if cx.is_word(j + 1) && NOT_A_MATCH.contains(&cx.text(j + 1).to_lowercase().as_str()) {
            continue;
        }
        let hit = match w.as_str() {
            // "tỷ số", "tỉ số"; "chung cuộc"
            "số" => j > 0 && matches!(cx.text(j - 1).to_lowercase().as_str(), "tỷ" | "tỉ"),
            "cuộc" => j > 0 && cx.text(j - 1).to_lowercase() == "chung",
            w => SCORE_WORDS.contains(&w),
        };
        if hit {
            return true;
        }
    }
    false
}

/// A score at token `i`: "3-0", "1 - 1", "25-23" after "thắng", "hòa", "tỷ số" …
pub fn score(cx: &Cx, i: usize) -> Option<Span> {
    let a = cx.tok(i).filter(|t| t.is_num() && t.text.len() <= 2)?;
    let dash = i + 1;
    let b = cx
        .tok(dash + 1)
        .filter(|t| t.is_num() && t.text.len() <= 2)?;
    if !cx.is_dash(dash) || cx.glued(dash) != cx.glued(dash + 1) {
        return None;
    }
    // "3-4/10" is a day range, "8-9h" a time range, "30-50%" a range of amounts.
    let next = dash + 2;
    if (cx.glued(next) && !cx.is_sym(next, ',') && !cx.is_sym(next, ')')) || cx.is_sym(next, '%') {
        return None;
    }
    if cx.is_word(next)
        && (COUNTED_AFTER.contains(&cx.text(next).to_lowercase().as_str())
            || cx.unit_at(next).is_some())
    {
        return None;
    }
    if !after_score_word(cx, i) {
        return None;
    }
    let (x, y) = (a.text.parse().ok()?, b.text.parse().ok()?);
    let mut span = Span::new(
        next,
        format!(
            "{} - {}",
            read_number(x, cx.style),
            read_number(y, cx.style)
        ),
    );
    span.why = Why::Rule("score: the hyphen is a pause, never đến or trừ");
    Some(span)
}

/// Is the dash at `i` a minus sign ("xuống -3°C", "= -2", "(-0,5%)")?
pub fn is_minus(cx: &Cx, i: usize) -> bool {
    let next = i + 1;
    if !(cx.is_num(next) && cx.glued(next)) || cx.text(i) == "–" || cx.text(i) == "—" {
        return false;
    }
    if cx.text(i) == "−" {
        return true; // the minus sign itself
    }
    if i == 0 {
        // At a line's start a dash is a list bullet, unless a measure follows ("-3°C").
        let mut j = next + 1;
        while j < next + 8 && (cx.is_sym(j, ',') || cx.is_sym(j, '.')) && cx.is_num(j + 1) {
            j += 2;
        }
        return matches!(cx.text(j), "°" | "º" | "%");
    }
    let prev = i - 1;
    let prev_is_number = cx.is_num(prev)
        || (matches!(cx.text(prev), "h" | "H" | "'" | "’") && prev > 0 && cx.is_num(prev - 1));
    if prev_is_number {
        return false; // "2016 -2020" is a range
    }
    !cx.glued(i) || matches!(cx.text(prev), "=" | "(" | "[" | ":" | "," | ";" | "/")
}

/// Words after "từ" that make it a noun or "since", not the start of a range.
const NOT_FROM: [&str; 14] = [
    "thiện",
    "chối",
    "bỏ",
    "trần",
    "điển",
    "ngữ",
    "vựng",
    "khóa",
    "tính",
    "trường",
    "giã",
    "biệt",
    "chức",
    "nhiệm",
];

/// Is the dash at `i` the second half of "từ … - …" (read "đến")? "từ" stands a few words
/// before in the same clause, and no "đến"/"tới" comes after the dash in that clause.
pub fn ends_from_range(cx: &Cx, i: usize) -> bool {
    let floor = i.saturating_sub(6);
    let mut j = i;
    let mut from = None;
    while j > floor {
        j -= 1;
        cx.step();
        if cx.is_clause_end(j) || cx.is_sym(j, ',') || cx.is_dash(j) {
            break;
        }
        if cx.is_word(j) {
            let w = cx.text(j).to_lowercase();
            if w == "đến" || w == "tới" {
                return false;
            }
            if w == "từ" {
                from = Some(j);
                break;
            }
        }
    }
    let Some(from) = from else {
        return false;
    };
    if from + 1 == i {
        return false;
    }
    if cx.is_word(from + 1)
        && NOT_FROM
            .iter()
            .any(|w| fold_lower(w) == fold_lower(cx.text(from + 1)))
    {
        return false;
    }
    // The clause goes on with its own "đến": the dash is inside a name.
    let mut k = i + 1;
    while k < cx.t.len() && k < i + 10 && !cx.is_clause_end(k) && !cx.is_sym(k, ',') {
        cx.step();
        if cx.is_word(k) && matches!(cx.text(k).to_lowercase().as_str(), "đến" | "tới") {
            return false;
        }
        k += 1;
    }
    true
}
