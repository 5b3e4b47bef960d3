//! Portal furniture: the lines a portal page wraps around an article that are never read
//! on air — portal name, slogan, template debris, font-size widget, photo captions — and
//! the layout of what is left: category, title, publication date, body and byline.

use super::metadata;

/// What a line of the page is, by its shape. Where it stands decides the rest: a line is
/// furniture in the portal's header (above the title) that would be news in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// "Cổng thông tin điện tử huyện Thọ Xuân - Thanh Hóa": the prefix, then only names and
    /// the words of administrative units — not "Cổng thông tin điện tử huyện vừa cập nhật …".
    PortalName,
    /// "date", "100%", "A- A A+", "Bản in", separators.
    Debris,
    /// "Đăng lúc: 05/04/2018 …", or a line holding only a date and time.
    Published,
    /// "Đăng lúc: hôm qua": a publication label without a date (furniture in the header,
    /// text in the body: "Cập nhật: đã có 5 ca mắc").
    PublishedNoDate,
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
    /// Lines dropped as furniture that are longer than a short line and not clearly
    /// furniture by their shape (staff are told).
    pub dropped: Vec<String>,
}

/// A line longer than this many words is not dropped without a word to staff.
const SHORT_LINE_WORDS: usize = 8;

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
    if is_portal_name(line, &lower) {
        return Kind::PortalName;
    }
    match metadata::published_date(line) {
        Some(Some(_)) => return Kind::Published,
        Some(None) => return Kind::PublishedNoDate,
        None if metadata::bare_date_line(line).is_some() => return Kind::Published,
        None => {}
    }
    if is_debris(&lower) {
        return Kind::Debris;
    }
    if is_caption(&lower) {
        return Kind::Caption;
    }
    Kind::Text
}

/// Words a portal's name may hold after its prefix besides names: administrative units.
const PORTAL_NAME_WORDS: [&str; 14] = [
    "huyện",
    "tỉnh",
    "xã",
    "thị",
    "xã,",
    "trấn",
    "thành",
    "phố",
    "quận",
    "phường",
    "của",
    "điện",
    "tử",
    "ubnd",
];

/// "Cổng thông tin điện tử huyện Thọ Xuân - Thanh Hóa": a portal prefix followed only by
/// names, unit words and dashes, short and without a sentence's end.
fn is_portal_name(line: &str, lower: &str) -> bool {
    let Some(prefix) = PORTAL_PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
        return false;
    };
    if line.split_whitespace().count() > 16 || metadata::ends_like_sentence(line) {
        return false;
    }
    // By characters: lower-casing may change a character's byte length.
    let rest: String = line.chars().skip(prefix.chars().count()).collect();
    rest.split_whitespace().all(|w| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        bare.is_empty()
            || bare.chars().next().is_some_and(char::is_uppercase)
            || PORTAL_NAME_WORDS.contains(&bare.to_lowercase().as_str())
    })
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
    // "Quang cảnh hội nghị (Ảnh: Minh Hà)": a short line that credits a photo. A longer one
    // is a paragraph with a credit at its end: it is text (the credit is cut off).
    photo_credit_at(lower).is_some() && lower.split_whitespace().count() <= CAPTION_MAX_WORDS
}

/// A caption is at most this long; a longer line ending with a photo credit is a paragraph.
const CAPTION_MAX_WORDS: usize = 25;

/// Byte offset of a photo credit closing the line ("… (Ảnh: Minh Hà)."), in `lower`.
fn photo_credit_at(lower: &str) -> Option<usize> {
    let trimmed = lower.trim_end_matches(['.', ' ']);
    if !trimmed.ends_with(')') {
        return None;
    }
    trimmed
        .rfind('(')
        .filter(|&open| trimmed[open..].starts_with("(ảnh"))
}

/// A paragraph without the photo credit at its end.
fn without_photo_credit(line: &str) -> String {
    let lower = line.to_lowercase();
    // Lower-casing keeps the byte lengths of Vietnamese letters; check before cutting.
    match photo_credit_at(&lower) {
        Some(at) if lower.len() == line.len() && line.is_char_boundary(at) => {
            line[..at].trim_end().to_string()
        }
        _ => line.to_string(),
    }
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
            let mut category = None;
            if let Some(&cat) = before.last()
                && is_category(&lines[cat])
            {
                out.category = Some(lines[cat].clone());
                category = Some(cat);
            }
            // Other text above the title is taken for the portal's header (a slogan, a menu);
            // anything longer than a short line that is not a slogan is named to staff.
            for &i in before {
                let line = &lines[i];
                // The slogan stands right under the portal's name (in capitals, or in lower
                // case when TCVN3 lost the capitals).
                let slogan = i > 0 && kinds[i - 1] == Kind::PortalName;
                if Some(i) != category
                    && !slogan
                    && !is_all_capitals(line)
                    && line.split_whitespace().count() > SHORT_LINE_WORDS
                {
                    out.dropped.push(line.clone());
                }
            }
            d + 1
        }
        None => {
            let mut i = 0;
            let mut portal = false;
            while i < lines.len() {
                match kinds[i] {
                    Kind::PortalName => portal = true,
                    Kind::Debris | Kind::Caption | Kind::PublishedNoDate => {}
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
    let mut credited: Vec<String> = Vec::new();
    let mut body_lines: Vec<(usize, bool)> = Vec::new(); // (line, credit cut off)
    for (i, kind) in kinds.iter().enumerate().skip(body_start) {
        let line = &lines[i];
        match kind {
            // A dateless "Cập nhật: …" in the body is news, not a publication line.
            Kind::Text | Kind::PublishedNoDate => {
                let cut = photo_credit_at(&line.to_lowercase()).is_some();
                body_lines.push((i, cut));
            }
            Kind::Published if out.published.is_none() => out.published = published(line),
            _ => {}
        }
    }
    for &(i, cut) in &body_lines {
        credited.push(if cut {
            without_photo_credit(&lines[i])
        } else {
            lines[i].clone()
        });
    }
    for line in &credited {
        body.push(line);
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

    /// News that begins with the portal's name is news: only a line shaped like the
    /// portal's name (names and unit words, no sentence) is furniture.
    #[test]
    fn a_paragraph_starting_with_the_portal_name_is_kept() {
        for line in [
            "Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng cho đàn gia súc.",
            "Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng",
            "Trang thông tin điện tử xã Xuân Lam đã đăng danh sách hộ nghèo năm 2024",
        ] {
            assert_eq!(kind(line), Kind::Text, "{line}");
        }
        for line in [
            "Cổng thông tin điện tử huyện Thọ Xuân - Thanh Hóa",
            "CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN THỌ XUÂN",
            "Trang thông tin điện tử xã Xuân Lam, huyện Thọ Xuân",
            "Cổng thông tin điện tử UBND thị xã Nghi Sơn",
        ] {
            assert_eq!(kind(line), Kind::PortalName, "{line}");
        }
        let l = lines(
            "Cổng thông tin điện tử huyện X\nTin tức\nLịch tiêm phòng tháng 4\nĐăng lúc: 05/04/2018\nCổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng cho đàn gia súc.\nBà con đưa trâu bò đến điểm tiêm.\nCổng thông tin điện tử huyện X",
        );
        let out = layout(&l).unwrap();
        assert_eq!(out.title, "Lịch tiêm phòng tháng 4");
        assert_eq!(
            out.paragraphs,
            [
                "Cổng thông tin điện tử huyện vừa cập nhật lịch tiêm phòng cho đàn gia súc.",
                "Bà con đưa trâu bò đến điểm tiêm."
            ]
        );
        assert!(out.dropped.is_empty(), "{:?}", out.dropped);
    }

    /// A dateless "Cập nhật: …" line in the body is news; in the header it is furniture.
    #[test]
    fn a_dateless_update_line_in_the_body_is_kept() {
        let l = lines(
            "Cổng thông tin điện tử huyện X\nĐăng lúc: hôm qua\nTình hình dịch sốt xuất huyết\nĐăng lúc: 05/04/2018\nCập nhật: đã có 5 ca mắc mới\nBà con cần diệt bọ gậy.",
        );
        let out = layout(&l).unwrap();
        assert_eq!(out.title, "Tình hình dịch sốt xuất huyết");
        assert_eq!(
            out.paragraphs,
            ["Cập nhật: đã có 5 ca mắc mới", "Bà con cần diệt bọ gậy."]
        );
    }

    /// A long paragraph ending with a photo credit is text (the credit cut off); a short
    /// line with one is a caption.
    #[test]
    fn a_long_paragraph_with_a_photo_credit_is_kept() {
        let long = "Sáng nay, hơn 300 đoàn viên thanh niên của 17 xã, thị trấn đã ra quân dọn vệ sinh môi trường, khơi thông cống rãnh, trồng cây xanh dọc tuyến đường liên xã và tặng quà cho các hộ nghèo (Ảnh: Minh Hà).";
        let l = lines(&format!(
            "Ra quân vệ sinh môi trường\nĐăng lúc: 05/04/2018\n{long}\nQuang cảnh lễ ra quân (Ảnh: Minh Hà)\nPV"
        ));
        let out = layout(&l).unwrap();
        assert_eq!(out.paragraphs.len(), 1, "{:?}", out.paragraphs);
        assert!(
            out.paragraphs[0].ends_with("tặng quà cho các hộ nghèo"),
            "{:?}",
            out.paragraphs
        );
    }

    /// Text above the title that is not a slogan or a category is dropped as the portal's
    /// header, and named when it is longer than a short line.
    #[test]
    fn long_text_dropped_from_the_header_is_named() {
        let l = lines(
            "Cổng thông tin điện tử huyện X\nXÂY DỰNG HUYỆN NÔNG THÔN MỚI\nUBND huyện vừa ban hành kế hoạch phòng chống dịch cho đàn gia súc trên địa bàn\nTin tức\nKế hoạch phòng chống dịch\nĐăng lúc: 05/04/2018\nNội dung kế hoạch.",
        );
        let out = layout(&l).unwrap();
        assert_eq!(out.title, "Kế hoạch phòng chống dịch");
        assert_eq!(
            out.dropped,
            ["UBND huyện vừa ban hành kế hoạch phòng chống dịch cho đàn gia súc trên địa bàn"]
        );
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
