//! Dates (d/m/yyyy, d/m, m/yyyy, day ranges, lunar dates) and clock times (7h30, 14h, 13:00).

use super::context::{Cx, Span};
use super::fractions::{DATE_CONTEXT, not_a_date};
use super::numbers::read_number;

/// Words that already introduce a day, so "ngày" is not added again.
const DAY_WORDS: [&str; 5] = ["ngày", "mồng", "mùng", "hôm", "rằm"];
fn small(cx: &Cx, j: usize, max: u64) -> Option<u64> {
    let t = cx.tok(j).filter(|t| t.is_num() && t.text.len() <= 2)?;
    t.text.parse().ok().filter(|v| (1..=max).contains(v))
}

fn year(cx: &Cx, j: usize) -> Option<u64> {
    let t = cx.tok(j).filter(|t| t.is_num() && t.text.len() == 4)?;
    t.text.parse().ok()
}

/// "âm lịch" or "AL" right after token `end`, possibly in brackets.
fn is_lunar(cx: &Cx, end: usize) -> bool {
    let mut j = end;
    if cx.is_sym(j, '(') {
        j += 1;
    }
    let w = |k: usize| cx.text(k).to_lowercase();
    (w(j) == "âm" && w(j + 1) == "lịch") || cx.text(j) == "AL"
}

fn month_words(cx: &Cx, m: u64, lunar: bool) -> String {
    match m {
        1 if lunar => "giêng".into(),
        12 if lunar => "chạp".into(),
        4 if cx.style.april_tu => "tư".into(),
        _ => read_number(m, cx.style),
    }
}

fn day_prefix(cx: &Cx, i: usize, day: u64) -> &'static str {
    // The second day of a range ("từ ngày 10 - 12/9") is not introduced again.
    if i >= 2 && cx.tok(i - 1).is_some_and(super::tokens::Token::is_dash) && cx.is_num(i - 2) {
        return "";
    }
    let before = cx.word_before(i);
    let has_day_word = before.as_deref().is_some_and(|w| DAY_WORDS.contains(&w));
    match (has_day_word, cx.style.mong_for_early_days && day <= 10) {
        (true, true) if before.as_deref() == Some("ngày") => "mồng ",
        (true, _) => "",
        (false, true) => "mồng ",
        (false, false) => "ngày ",
    }
}

/// A date starting at token `i`.
pub fn date(cx: &Cx, i: usize) -> Option<Span> {
    let sep = |j: usize, c: char| cx.is_sym(j, c) && cx.glued(j) && cx.glued(j + 1);
    let d = small(cx, i, 31);
    // Day range "3-4/10/2023".
    if let Some(d1) = d
        && cx.tok(i + 1).is_some_and(super::tokens::Token::is_dash)
        && cx.glued(i + 1)
        && cx.glued(i + 2)
        && let Some(d2) = small(cx, i + 2, 31)
        && sep(i + 3, '/')
        && let Some(m) = small(cx, i + 4, 12)
    {
        let (y, end) = match sep(i + 5, '/').then(|| year(cx, i + 6)).flatten() {
            Some(y) => (Some(y), i + 7),
            None => (None, i + 5),
        };
        let lunar = is_lunar(cx, end);
        let mut text = format!(
            "{}{} đến {} tháng {}",
            day_prefix(cx, i, d1),
            read_number(d1, cx.style),
            read_number(d2, cx.style),
            month_words(cx, m, lunar)
        );
        if let Some(y) = y {
            text.push_str(&format!(" năm {}", read_number(y, cx.style)));
        }
        return Some(Span::new(end, text));
    }
    for s in ['/', '.'] {
        if let Some(d) = d
            && sep(i + 1, s)
            && let Some(m) = small(cx, i + 2, 12)
        {
            let y = sep(i + 3, s).then(|| year(cx, i + 4)).flatten();
            let end = if y.is_some() { i + 5 } else { i + 3 };
            let lunar = is_lunar(cx, end);
            if y.is_none() && (s == '.' || !bare_day_month_is_date(cx, i, end, lunar)) {
                continue;
            }
            let mut text = format!(
                "{}{} tháng {}",
                day_prefix(cx, i, d),
                read_number(d, cx.style),
                month_words(cx, m, lunar)
            );
            if let Some(y) = y {
                text.push_str(&format!(" năm {}", read_number(y, cx.style)));
            }
            return Some(Span::new(end, text));
        }
    }
    // Month and year "4/2019" (after "tháng" the word is not repeated).
    if let Some(m) = small(cx, i, 12)
        && sep(i + 1, '/')
        && let Some(y) = year(cx, i + 2)
        && (1800..=2200).contains(&y)
    {
        let month_word = if cx.word_before(i).as_deref() == Some("tháng") {
            ""
        } else {
            "tháng "
        };
        let text = format!(
            "{month_word}{} năm {}",
            month_words(cx, m, false),
            read_number(y, cx.style)
        );
        return Some(Span::new(i + 3, text));
    }
    None
}

/// Words that follow a date but never a fraction's noun ("Quốc khánh 2/9 năm nay").
const AFTER_DATE: [&str; 16] = [
    "năm", "vừa", "tới", "này", "tại", "ở", "và", "đến", "là", "của", "sẽ", "đã", "hằng", "hàng",
    "dương", "trên",
];

/// "2/9" is a date after a day word, before "âm lịch", when the day is larger than the month
/// (27/11), or when no noun follows; a rank ("thứ 2/8"), a round-the-clock phrase ("24/7")
/// and a part of a whole ("3/4 số hộ", "giảm 1/3") are not dates; "12/17 xã" is a count.
fn bare_day_month_is_date(cx: &Cx, i: usize, end: usize, lunar: bool) -> bool {
    if lunar
        || cx
            .word_before(i)
            .is_some_and(|w| DATE_CONTEXT.contains(&w.as_str()))
    {
        return true;
    }
    if not_a_date(cx, i, end) {
        return false;
    }
    let day: u64 = cx.text(i).parse().unwrap_or(0);
    let month: u64 = cx.text(i + 2).parse().unwrap_or(0);
    if day > month {
        return true;
    }
    if cx.is_word(end) && AFTER_DATE.contains(&cx.text(end).to_lowercase().as_str()) {
        return true;
    }
    !cx.is_word(end) && !cx.is_num(end) && !cx.is_sym(end, '/')
}

/// A clock time: "7h30", "14h", "13h00", "7:30".
pub fn time(cx: &Cx, i: usize) -> Option<Span> {
    let hour = cx
        .tok(i)
        .filter(|t| t.is_num() && t.text.len() <= 2)?
        .text
        .parse::<u64>()
        .ok()
        .filter(|h| *h <= 24)?;
    let j = i + 1;
    let is_h = matches!(cx.text(j), "h" | "H") && cx.glued(j);
    let is_colon = cx.is_sym(j, ':') && cx.glued(j) && cx.glued(j + 1) && cx.text(j + 1).len() == 2;
    if !is_h && !is_colon {
        return None;
    }
    let mut end = j + 1;
    let mut minutes = None;
    if cx.is_num(end) && cx.glued(end) && cx.text(end).len() == 2 {
        minutes = cx.text(end).parse::<u64>().ok().filter(|m| *m < 60);
        minutes?;
        end += 1;
        // "7h30'" or "7h30p"
        if cx.glued(end) && (matches!(cx.text(end), "'" | "’" | "p" | "ph")) {
            end += 1;
        }
    } else if is_colon {
        return None;
    }
    // "14h" glued to a word is not a time ("14ha").
    if cx.is_word(end) && cx.glued(end) {
        return None;
    }
    let mut text = format!("{} giờ", read_number(hour, cx.style));
    if let Some(m) = minutes.filter(|m| *m > 0) {
        text.push_str(&format!(" {} phút", read_number(m, cx.style)));
    }
    Some(Span::new(end, text))
}
