//! "a/b" between two numbers: a fraction of a whole ("2/5 diện tích" hai phần năm), the count
//! of a group or a rank ("12/17 xã" mười hai trên mười bảy, "đứng thứ 3/21" thứ ba trên hai
//! mươi mốt), round-the-clock phrases ("trực 24/7" hai mươi bốn trên bảy), two years
//! ("2024/2025" đến). Dates ("2/9") are the date rule's; it asks [`not_a_date`] first.

use super::context::{Cx, Span, Why};
use super::numbers::{read_number, read_ordinal};

/// Words before "a/b" that make it a part of a whole ("chiếm 1/3", "giảm 1/3 so với").
const PART_BEFORE: [&str; 17] = [
    "chiếm", "khoảng", "gần", "hơn", "còn", "bằng", "giảm", "tăng", "mất", "được", "tới", "dưới",
    "thêm", "quá", "vượt", "chừng", "ước",
];

/// Words after "a/b" that name a whole ("2/5 diện tích", "3/4 số hộ", "1/2 của"): one word,
/// or the first two words.
const WHOLE_AFTER: [&str; 30] = [
    "diện tích",
    "dân số",
    "số",
    "tổng",
    "lượng",
    "khối lượng",
    "sản lượng",
    "kinh phí",
    "ngân sách",
    "thời gian",
    "quãng đường",
    "chiều dài",
    "giá trị",
    "dung tích",
    "trữ lượng",
    "công suất",
    "phần",
    "của",
    "lưu vực",
    "đàn",
    "quỹ",
    "vốn",
    "trọng lượng",
    "thể tích",
    "đoạn",
    "mặt",
    "nguồn",
    "toàn",
    "tài sản",
    "năng suất",
];

/// Words before a bare "d/m" that make it a date ("ngày 2/9", "sáng 23/1").
pub const DATE_CONTEXT: [&str; 16] = [
    "ngày", "mồng", "mùng", "hôm", "sáng", "trưa", "chiều", "tối", "đêm", "trước", "sau", "từ",
    "đến", "tới", "dịp", "lễ",
];

fn plain_int<'a>(cx: &Cx<'a>, j: usize) -> Option<&'a str> {
    let t = cx.tok(j).filter(|t| t.is_num())?;
    // Not part of a grouped or decimal number.
    let joined =
        |k: usize| (cx.is_sym(k, '.') || cx.is_sym(k, ',')) && cx.glued(k) && cx.is_num(k + 1);
    (!joined(j + 1)).then_some(t.text)
}

/// "a/b" at token `i`: the two numbers and the index after them.
fn pair<'a>(cx: &Cx<'a>, i: usize) -> Option<(&'a str, &'a str, usize)> {
    let a = plain_int(cx, i)?;
    if !(cx.is_sym(i + 1, '/') && cx.glued(i + 1) && cx.glued(i + 2)) {
        return None;
    }
    let b = plain_int(cx, i + 2)?;
    // "3/4/2024" is a date, "211/QĐ" a code.
    if cx.is_sym(i + 3, '/') && cx.glued(i + 3) {
        return None;
    }
    Some((a, b, i + 3))
}

fn round_the_clock(a: &str, b: &str) -> bool {
    matches!((a, b), ("24", "7") | ("24", "24"))
}

fn is_part_of_whole(cx: &Cx, i: usize, end: usize, a: u64, b: u64) -> bool {
    if a == 0 || a >= b || b > 1000 {
        return false;
    }
    // Plain lower case: these lists hold no old-style tone placements to worry about.
    let before = cx.word_before(i);
    let after: Vec<String> = (end..end + 2)
        .take_while(|&j| cx.is_word(j))
        .map(|j| cx.text(j).to_lowercase())
        .collect();
    let one = after.first().cloned().unwrap_or_default();
    let two = after.join(" ");
    before.is_some_and(|w| PART_BEFORE.contains(&w.as_str()))
        || WHOLE_AFTER.iter().any(|p| *p == one || *p == two)
}

/// Is "a/b" at `i` (ending at `end`) a rank, a round-the-clock phrase or a part of a whole
/// rather than a date? Only asked when no day word stands before it.
pub fn not_a_date(cx: &Cx, i: usize, end: usize) -> bool {
    let (a, b) = (cx.text(i), cx.text(i + 2));
    let (Ok(x), Ok(y)) = (a.parse::<u64>(), b.parse::<u64>()) else {
        return false;
    };
    cx.word_before(i).as_deref() == Some("thứ")
        || round_the_clock(a, b)
        || is_part_of_whole(cx, i, end, x, y)
}

/// "a/b" read as a fraction, a count, a rank or a span of years.
pub fn slash_pair(cx: &Cx, i: usize) -> Option<Span> {
    let (a, b, end) = pair(cx, i)?;
    let (x, y) = (a.parse::<u64>().ok()?, b.parse::<u64>().ok()?);
    let year = |s: &str, v: u64| s.len() == 4 && (1900..=2200).contains(&v);
    let (text, why) = if year(a, x) && year(b, y) && y == x + 1 {
        (
            format!(
                "{} đến {}",
                read_number(x, cx.style),
                read_number(y, cx.style)
            ),
            "two years (a school year, a season): đến",
        )
    } else if cx.word_before(i).as_deref() == Some("thứ") {
        (
            format!(
                "{} trên {}",
                read_ordinal(x, cx.style),
                read_number(y, cx.style)
            ),
            "rank of a group: thứ a trên b",
        )
    } else if round_the_clock(a, b) {
        // A fixed phrase, said like a name: "hai mươi bốn trên bảy".
        (
            format!(
                "{} trên {}",
                super::spell::code_number(cx, a),
                super::spell::code_number(cx, b)
            ),
            "round-the-clock phrase: trên",
        )
    } else if is_part_of_whole(cx, i, end, x, y) {
        (
            format!("{} phần {}", read_number(x, cx.style), denominator(y, cx)),
            "fraction of a whole: a phần b",
        )
    } else {
        (
            format!(
                "{} trên {}",
                read_number(x, cx.style),
                read_number(y, cx.style)
            ),
            "count of a group: a trên b",
        )
    };
    let mut span = Span::new(end, text);
    span.why = Why::Rule(why);
    Some(span)
}

/// The denominator after "phần": four is "tư" (một phần tư).
pub fn denominator(b: u64, cx: &Cx) -> String {
    if b == 4 {
        "tư".into()
    } else {
        read_number(b, cx.style)
    }
}

/// A vulgar fraction character: "¼" một phần tư.
pub fn vulgar(c: &str) -> Option<&'static str> {
    Some(match c {
        "½" => "một phần hai",
        "⅓" => "một phần ba",
        "⅔" => "hai phần ba",
        "¼" => "một phần tư",
        "¾" => "ba phần tư",
        "⅕" => "một phần năm",
        "⅖" => "hai phần năm",
        "⅗" => "ba phần năm",
        "⅘" => "bốn phần năm",
        "⅙" => "một phần sáu",
        "⅛" => "một phần tám",
        "⅜" => "ba phần tám",
        "⅝" => "năm phần tám",
        "⅞" => "bảy phần tám",
        "⅒" => "một phần mười",
        _ => return None,
    })
}
