//! Metadata lines of a portal article: the publication date and the byline.

/// Lines that announce the publication date ("Đăng lúc: 05/04/2018 (GMT+7)").
const PUBLISHED_PREFIXES: [&str; 7] = [
    "đăng lúc",
    "ngày đăng",
    "đăng ngày",
    "cập nhật",
    "ngày cập nhật",
    "thời gian đăng",
    "ngày xuất bản",
];

/// The publication date of a "Đăng lúc: …" line, as YYYY-MM-DD; `None` if the line is not one.
pub fn published_date(line: &str) -> Option<Option<String>> {
    let lower = line.to_lowercase();
    // Short, so that a paragraph opening "Cập nhật thông tin …" stays body text.
    if !PUBLISHED_PREFIXES.iter().any(|p| lower.starts_with(p))
        || line.split_whitespace().count() > 10
    {
        return None;
    }
    Some(first_date(line))
}

/// A line that is only a date and time ("Thứ năm, 05/04/2018 - 10:20", "05/04/2018 10:20").
pub fn bare_date_line(line: &str) -> Option<String> {
    let date = first_date(line)?;
    let words = line.split_whitespace().count();
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    (words <= 6 && letters <= 12).then_some(date)
}

/// The first d/m/yyyy (or d-m-yyyy, d.m.yyyy) in `text`, as YYYY-MM-DD.
pub fn first_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && let Some(date) = date_at(&chars[i..])
        {
            return Some(date);
        }
        i += 1;
    }
    None
}

fn date_at(chars: &[char]) -> Option<String> {
    let (day, rest) = number(chars, 2)?;
    let sep = *rest.first()?;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let (month, rest) = number(&rest[1..], 2)?;
    if rest.first() != Some(&sep) {
        return None;
    }
    let (year, rest) = number(&rest[1..], 4)?;
    if rest.first().is_some_and(char::is_ascii_digit) {
        return None;
    }
    let valid =
        (1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2199).contains(&year);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Up to `max` leading ASCII digits as a number, and the rest.
fn number(chars: &[char], max: usize) -> Option<(u32, &[char])> {
    let len = chars
        .iter()
        .take(max)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if len == 0 {
        return None;
    }
    let n = chars[..len].iter().collect::<String>().parse().ok()?;
    Some((n, &chars[len..]))
}

/// Prefixes that mark a byline; the ones ending in ':' are labels and are dropped from the value.
const BYLINE_LABELS: [&str; 9] = [
    "tác giả:",
    "nguồn:",
    "theo:",
    "bài và ảnh:",
    "bài, ảnh:",
    "tin và ảnh:",
    "tin, ảnh:",
    "bài:",
    "tin:",
];
const BYLINE_STARTS: [&str; 10] = [
    "tác giả",
    "nguồn",
    "đài truyền thanh",
    "đài tt",
    "đài phát thanh",
    "trung tâm văn hóa",
    "trung tâm truyền thông",
    "phóng viên",
    "ban biên tập",
    "pv",
];

/// The byline value of the last line of an article, or `None` if it is not a byline.
pub fn byline(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    if let Some(label) = BYLINE_LABELS.iter().find(|l| lower.starts_with(*l)) {
        // By characters: lower-casing may change a character's byte length.
        let value: String = line.chars().skip(label.chars().count()).collect();
        let value = value.trim();
        return (!value.is_empty()).then(|| value.to_string());
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || ends_like_sentence(line) {
        return None;
    }
    if name_and_source(line) {
        return Some(line.to_string());
    }
    if words.len() > 10 {
        return None;
    }
    let first_word = words[0].to_lowercase();
    let known_start = BYLINE_STARTS.iter().any(|s| {
        lower.starts_with(s)
            && (s.contains(' ') || first_word.trim_matches(|c: char| !c.is_alphabetic()) == *s)
    });
    // A name or a source: short, and nearly every word capitalised ("Nguyễn Văn A - Đài TT").
    let named: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let capitalised = named
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    let name_like = !named.is_empty()
        && words.len() <= 6
        && capitalised * 10 >= named.len() * 8
        && !line.chars().any(|c| c.is_ascii_digit());
    (known_start || name_like).then(|| line.to_string())
}

/// Words a source starts with after a reporter's name ("Nguyễn Văn Nam - Đài TT Yên Định").
const SOURCE_STARTS: [&str; 12] = [
    "đài",
    "trung tâm",
    "phòng",
    "báo",
    "ban",
    "hội",
    "cổng",
    "ủy ban",
    "ubnd",
    "huyện ủy",
    "ttvh",
    "tt",
];

/// "Nguyễn Văn Nam - Đài TT Yên Định": a name of two to five capitalised words, a dash, and
/// a source (a station, an office, a paper) of at most eight words.
fn name_and_source(line: &str) -> bool {
    let Some((name, source)) = line.split_once(" - ").or_else(|| line.split_once(" – ")) else {
        return false;
    };
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let source_words = source.split_whitespace().count();
    let capitalised = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    let lower = source.to_lowercase();
    (2..=5).contains(&name_words.len())
        && name_words.iter().all(capitalised)
        && (1..=8).contains(&source_words)
        && SOURCE_STARTS.iter().any(|s| {
            lower.starts_with(s)
                && lower[s.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        })
        && !line.chars().any(|c| c.is_ascii_digit())
}

/// Ends with a full stop, question or exclamation mark, colon or comma (after any closing quote).
pub fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '”', '’', ')', '»', ' '])
        .ends_with(['.', '!', '?', '…', ':', ';', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_line() {
        assert_eq!(
            published_date("Đăng lúc: 05/04/2018 (GMT+7)"),
            Some(Some("2018-04-05".into()))
        );
        assert_eq!(
            published_date("Ngày đăng: 5-4-2018 10:20"),
            Some(Some("2018-04-05".into()))
        );
        assert_eq!(published_date("Đăng lúc: hôm qua"), Some(None));
        assert_eq!(published_date("Hội nghị ngày 05/04/2018"), None);
        assert_eq!(
            published_date(
                "Cập nhật thông tin dân cư đến ngày 05/04/2018 cho toàn bộ các hộ gia đình trong xã."
            ),
            None
        );
        assert_eq!(
            bare_date_line("Thứ năm, 05/04/2018 - 10:20"),
            Some("2018-04-05".into())
        );
        assert_eq!(first_date("ngày 32/4/2018 và 1/13/2018"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(
            byline("Đài Truyền thanh huyện Thọ Xuân").as_deref(),
            Some("Đài Truyền thanh huyện Thọ Xuân")
        );
        assert_eq!(byline("Tác giả: Minh Hà").as_deref(), Some("Minh Hà"));
        assert_eq!(
            byline("Nguồn: Báo Thanh Hóa").as_deref(),
            Some("Báo Thanh Hóa")
        );
        assert_eq!(byline("PV").as_deref(), Some("PV"));
        assert_eq!(
            byline("Nguyễn Văn A - Đài TT").as_deref(),
            Some("Nguyễn Văn A - Đài TT")
        );
        // A reporter and the station (longer than a bare name).
        for line in [
            "Nguyễn Văn Nam - Đài TT Yên Định",
            "Lê Thị Mai - Đài TT Vĩnh Khê",
            "Trần Hữu Đức - Trung tâm VHTT&TT huyện Vĩnh Khê",
            "Phạm Quốc Việt – Phòng Văn hóa và Thông tin huyện",
        ] {
            assert_eq!(byline(line).as_deref(), Some(line), "{line}");
        }
        // A sentence with a dash is no byline.
        assert_eq!(
            byline("Xã Tân Phong - Đài truyền thanh xã hoạt động từ năm 2010"),
            None
        );
        assert_eq!(
            byline("Các hộ dân ở thôn Đông - Đài phát loa cảnh báo nhiều lần trong ngày."),
            None
        );
        assert_eq!(byline("Hội nghị kết thúc lúc 17 giờ cùng ngày."), None);
        assert_eq!(byline("Phương án phòng chống bão được thông qua"), None);
        assert_eq!(byline("Pvđ nói"), None);
    }
}
