//! Portal furniture: the lines a portal page wraps around an article that are never read
//! on air — portal name, slogan, template debris, font-size widget, photo captions — and
//! the layout of what is left: category, title, publication date, body and byline.

use super::metadata;

/// What a line of the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// "Cổng thông tin điện tử huyện …"
    PortalName,
    /// "date", "100%", "A- A A+", "Bản in", separators.
    Debris,
    /// "Đăng lúc: …", or a line holding only a date and time.
    Published,
    /// "Ảnh sưu tầm", "Ảnh: …", "(Ảnh: …)".
    Caption,
    Text,
}

/// The article's parts, before repairs.
#[derive(Debug, Default, PartialEq)]
pub struct Layout {
    pub title: String,
    pub category: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub paragraphs: Vec<String>,
}

const PORTAL_PREFIXES: [&str; 4] = [
    "cổng thông tin",
    "trang thông tin điện tử",
    "cổng tin tức",
    "trang tin điện tử",
];

const DEBRIS: [&str; 14] = [
    "date",
    "print",
    "email",
    "share",
    "tweet",
    "like",
    "bản in",
    "in bài viết",
    "in bài",
    "chia sẻ",
    "gửi email",
    "trang chủ",
    "quay lại",
    "lượt xem",
];

const CAPTION_STARTS: [&str; 10] = [
    "ảnh:",
    "ảnh :",
    "(ảnh",
    "ảnh sưu tầm",
    "ảnh minh họa",
    "ảnh minh hoạ",
    "ảnh tư liệu",
    "ảnh internet",
    "ảnh st",
    "nguồn ảnh",
];

fn kind(line: &str) -> Kind {
    let lower = line.to_lowercase();
    if PORTAL_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return Kind::PortalName;
    }
    if metadata::published_date(line).is_some() || metadata::bare_date_line(line).is_some() {
        return Kind::Published;
    }
    if is_debris(&lower) {
        return Kind::Debris;
    }
    if is_caption(&lower) {
        return Kind::Caption;
    }
    Kind::Text
}

fn is_debris(lower: &str) -> bool {
    let bare = lower.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    DEBRIS.contains(&bare)
        || is_font_size_widget(lower)
        || !lower.chars().any(char::is_alphanumeric)
}

/// "100%", "A- A A+", "Cỡ chữ: A A A".
fn is_font_size_widget(lower: &str) -> bool {
    let pct = lower
        .strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let letters = lower
        .trim_start_matches("cỡ chữ:")
        .split_whitespace()
        .all(|t| matches!(t, "a" | "a-" | "a+" | "-" | "+"));
    pct || (letters && !lower.trim().is_empty())
}

fn is_caption(lower: &str) -> bool {
    if CAPTION_STARTS.iter().any(|s| {
        lower.starts_with(s)
            && lower[s.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic())
    }) {
        return true;
    }
    // "Quang cảnh hội nghị (Ảnh: Minh Hà)": a short line that credits a photo.
    let trimmed = lower.trim_end_matches(['.', ' ']);
    trimmed.ends_with(')')
        && trimmed
            .rfind('(')
            .is_some_and(|open| trimmed[open..].starts_with("(ảnh"))
        && lower.split_whitespace().count() <= 40
}

/// A slogan: four or more words, every letter a capital.
fn is_all_capitals(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic());
    line.split_whitespace().count() >= 4
        && letters.clone().count() > 0
        && letters.into_iter().all(char::is_uppercase)
}

/// A category line ("Chiến lược - Định Hướng - Quy hoạch"): short, no sentence
/// punctuation or digits, each part capitalised.
fn is_category(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=8).contains(&words)
        && !line
            .chars()
            .any(|c| c.is_ascii_digit() || ".,:;!?\"“”()".contains(c))
        && line
            .split(['-', '–', '/', '|', '>', '»'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().next().is_some_and(char::is_uppercase))
}

/// Lays out the non-empty, trimmed lines of an article. `None` when no title is left.
pub fn layout(lines: &[String]) -> Option<Layout> {
    let kinds: Vec<Kind> = lines.iter().map(|l| kind(l)).collect();
    let mut out = Layout::default();
    // The publication line closes the portal header; look for it near the top only.
    let date_line = kinds.iter().take(12).position(|k| *k == Kind::Published);
    let body_start = match date_line {
        Some(d) => {
            out.published = published(&lines[d]);
            let headings: Vec<usize> = (0..d).filter(|&i| kinds[i] == Kind::Text).collect();
            let (&title, before) = headings.split_last()?;
            out.title.clone_from(&lines[title]);
            if let Some(&cat) = before.last()
                && is_category(&lines[cat])
            {
                out.category = Some(lines[cat].clone());
            }
            d + 1
        }
        None => {
            let mut i = 0;
            let mut portal = false;
            while i < lines.len() {
                match kinds[i] {
                    Kind::PortalName => portal = true,
                    Kind::Debris | Kind::Caption => {}
                    Kind::Published => out.published = published(&lines[i]),
                    Kind::Text if portal && is_all_capitals(&lines[i]) => {}
                    _ => break,
                }
                i += 1;
            }
            let next_is_heading = lines
                .get(i + 1)
                .is_some_and(|l| kinds[i + 1] == Kind::Text && !metadata::ends_like_sentence(l));
            if portal && is_category(lines.get(i)?) && next_is_heading {
                out.category = Some(lines[i].clone());
                i += 1;
            }
            out.title.clone_from(lines.get(i)?);
            i + 1
        }
    };
    let mut body: Vec<&String> = Vec::new();
    for (line, kind) in lines.iter().zip(&kinds).skip(body_start) {
        match kind {
            Kind::Text => body.push(line),
            Kind::Published if out.published.is_none() => out.published = published(line),
            _ => {}
        }
    }
    if let Some(last) = body.last()
        && let Some(byline) = metadata::byline(last)
    {
        out.byline = Some(byline);
        body.pop();
    }
    out.paragraphs = join_wrapped(&body);
    Some(out)
}

fn published(line: &str) -> Option<String> {
    metadata::published_date(line)
        .flatten()
        .or_else(|| metadata::bare_date_line(line))
}

/// Joins hard-wrapped lines: a line that does not end a sentence, followed by one that
/// starts in lower case, continues the same paragraph.
fn join_wrapped(lines: &[&String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let continues = out
            .last()
            .is_some_and(|prev| !metadata::ends_like_sentence(prev))
            && line.chars().next().is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(prev) if continues => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => out.push((*line).clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn kinds_of_lines() {
        assert_eq!(
            kind("Cổng thông tin điện tử huyện Thọ Xuân - Thanh Hóa"),
            Kind::PortalName
        );
        assert_eq!(kind("date"), Kind::Debris);
        assert_eq!(kind("100%"), Kind::Debris);
        assert_eq!(kind("A- A A+"), Kind::Debris);
        assert_eq!(kind("Ảnh sưu tầm"), Kind::Caption);
        assert_eq!(kind("ảnh sưu tầm"), Kind::Caption);
        assert_eq!(kind("Ảnh: Minh Hà"), Kind::Caption);
        assert_eq!(kind("Ảnh minh họa"), Kind::Caption);
        assert_eq!(kind("(Ảnh: PV)"), Kind::Caption);
        assert_eq!(kind("Quang cảnh hội nghị (Ảnh: Minh Hà)"), Kind::Caption);
        assert_eq!(kind("Ảnh hưởng của bão số 3 rất lớn."), Kind::Text);
        assert_eq!(kind("Đăng lúc: 05/04/2018 (GMT+7)"), Kind::Published);
        assert!(is_category("Chiến lược - Định Hướng - Quy hoạch"));
        assert!(!is_category("Hội nghị triển khai kế hoạch sơ kết 1 năm"));
    }

    #[test]
    fn portal_page_without_date_line() {
        let l = lines(
            "Cổng thông tin điện tử huyện X\nXÂY DỰNG HUYỆN NÔNG THÔN MỚI\nTin tức - Sự kiện\nHội nghị tổng kết năm\nSáng nay, hội nghị đã diễn ra.\nPV",
        );
        let out = layout(&l).unwrap();
        assert_eq!(out.category.as_deref(), Some("Tin tức - Sự kiện"));
        assert_eq!(out.title, "Hội nghị tổng kết năm");
        assert_eq!(out.paragraphs, ["Sáng nay, hội nghị đã diễn ra."]);
        assert_eq!(out.byline.as_deref(), Some("PV"));
    }

    #[test]
    fn plain_text_first_line_is_title_and_wrapped_lines_join() {
        let l = lines(
            "Tiêm phòng cho đàn gia súc\nXã Xuân Lam tổ chức tiêm phòng\ncho 2.000 con trâu bò.\nKết quả đạt 95%.",
        );
        let out = layout(&l).unwrap();
        assert_eq!(out.title, "Tiêm phòng cho đàn gia súc");
        assert_eq!(out.category, None);
        assert_eq!(
            out.paragraphs,
            [
                "Xã Xuân Lam tổ chức tiêm phòng cho 2.000 con trâu bò.",
                "Kết quả đạt 95%."
            ]
        );
    }
}
