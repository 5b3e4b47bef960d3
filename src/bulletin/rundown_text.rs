//! Writing the rundown as TOML that people can read and edit in Notepad: a header that
//! explains how to edit it, one block per item in air order, long texts wrapped at about
//! 76 columns. `toml::to_string` would give one very long line per text and no comments,
//! so the text is laid out here; [`render`] is checked to parse back to the same rundown.

use super::rundown::{BulletinInfo, Item, Rundown, Segment};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Column after which long texts are wrapped (at a space, with a TOML line-ending backslash).
const WRAP_COLUMN: usize = 76;

/// Remarks written as `#` comments above an item (or the opening/closing, by segment id):
/// reading warnings staff should check. TOML ignores comments; the printed script is made
/// with them (see `script_files::remarks_from_text`).
pub type Remarks = BTreeMap<String, Vec<String>>;

/// How a remark's comment starts ("to check"); wrapped lines go on with "#  ".
pub const REMARK_MARKER: &str = "# CẦN KIỂM TRA:";

const HEADER: &str = "\
# Rundown of this bulletin: what is read, in which order, and the file each
# take is saved as. Made by `bantin new`; every bantin command re-reads it,
# so you may edit it by hand:
#   - Reorder items: move a whole [[items]] block (with the [[items.segments]] under it)
#     above or below another one. Items air in the order they stand here.
#   - Drop an item: delete its [[items]] block and the [[items.segments]] under it.
#   - Fix a reading: change the text of `spoken` (what the announcer reads). `original`
#     is the article text, kept for reference. `estimate_s` is not recomputed.
#   - Long texts are wrapped: a backslash (\\) at the end of a line joins it to the next
#     line. Inside \"...\" or \"\"\"...\"\"\" write a quote as \\\" and a backslash as \\\\.
#   - `take` is the file name of the recording: recordings/<take>.wav (or .flac, .mp3,
#     .m4a, .ogg …). Each take name must be used once.
# The [status] table at the end says which takes are recorded; `bantin status`
# refreshes it from recordings/. Lines \"# CẦN KIỂM TRA:\" are readings to check;
# they are printed on the script (delete one once it is checked). The script is
# made from this file: `bantin script DIR` (status and assemble do it too).
# Lines starting with # are comments and are ignored.
";

/// The rundown as hand-editable TOML text.
pub fn render(rundown: &Rundown, remarks: &Remarks) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    write_bulletin(&mut out, &rundown.bulletin);
    out.push('\n');
    // Remarks right above their table, so they move with it.
    out.push_str("# The opening announcement.\n");
    write_remarks(&mut out, remarks.get(&rundown.opening.id));
    out.push_str("[opening]\n");
    write_segment_fields(&mut out, &rundown.opening);
    for item in &rundown.items {
        out.push('\n');
        write_item(&mut out, item, remarks);
    }
    out.push('\n');
    out.push_str("# The closing announcement.\n");
    write_remarks(&mut out, remarks.get(&rundown.closing.id));
    out.push_str("[closing]\n");
    write_segment_fields(&mut out, &rundown.closing);
    out.push('\n');
    out.push_str(super::rundown::STATUS_COMMENT);
    out.push_str(&super::rundown::status_table(&rundown.status));
    out
}

fn write_bulletin(out: &mut String, b: &BulletinInfo) {
    out.push_str("[bulletin]\n");
    write_key(out, "date", &b.date);
    write_key(out, "slot", &b.slot);
    write_key(out, "title", &b.title);
    write_key(out, "station", &b.station);
    let _ = writeln!(
        out,
        "target_s = {}  # planned length, seconds",
        float(b.target_s)
    );
    if let Some(rate) = b.rate_spm {
        let _ = writeln!(
            out,
            "rate_spm = {}  # reading rate of the estimates, syllables a minute",
            float(rate)
        );
    }
}

fn write_item(out: &mut String, item: &Item, remarks: &Remarks) {
    let _ = writeln!(out, "# ───── item {} ─────", comment_safe(&item.id));
    write_remarks(out, remarks.get(&item.id));
    out.push_str("[[items]]\n");
    write_key(out, "id", &item.id);
    write_key(out, "title", &item.title);
    write_key(out, "category", &item.category);
    write_key(out, "published", &item.published);
    write_key(out, "byline", &item.byline);
    write_key(out, "source", &item.source);
    for seg in &item.segments {
        out.push('\n');
        write_remarks(out, remarks.get(&seg.id));
        out.push_str("[[items.segments]]\n");
        write_segment_fields(out, seg);
    }
}

fn write_segment_fields(out: &mut String, seg: &Segment) {
    write_key(out, "id", &seg.id);
    write_key(out, "take", &seg.take);
    let _ = writeln!(out, "syllables = {}", seg.syllables);
    let _ = writeln!(out, "estimate_s = {}", float(seg.estimate_s));
    if seg.accept_suspect {
        out.push_str("accept_suspect = true  # listened to: it may go to air as it is\n");
    }
    write_key(out, "spoken", &seg.spoken);
    write_key(out, "original", &seg.original);
}

fn write_remarks(out: &mut String, remarks: Option<&Vec<String>>) {
    for remark in remarks.into_iter().flatten() {
        let mut line = String::from(REMARK_MARKER);
        for word in comment_safe(remark).split_whitespace() {
            if line.chars().count() + 1 + word.chars().count() > WRAP_COLUMN
                && line.chars().count() > REMARK_MARKER.chars().count()
            {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#  ");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// Comments end at the line end and cannot hold control characters.
fn comment_safe(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn write_key(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", toml_string(value, key.len() + 3));
}

/// A TOML float that reads back as exactly the same `f64` ("12.0", not "12").
fn float(x: f64) -> String {
    if x.is_finite() {
        format!("{x:?}")
    } else if x.is_nan() {
        "nan".into()
    } else if x > 0.0 {
        "inf".into()
    } else {
        "-inf".into()
    }
}

/// Encodes `s` as a TOML string that reads back identically. Short one-line texts become
/// a basic string `"…"`; long or multi-line texts a multi-line basic string whose lines
/// are wrapped at spaces with a line-ending backslash (which TOML removes together with
/// the newline and the indentation that follows). `indent` is the column the value starts at.
pub fn toml_string(s: &str, indent: usize) -> String {
    let multi_line = s.contains('\n') || indent + s.chars().count() + 2 > WRAP_COLUMN;
    if !multi_line {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            push_escaped(&mut out, c);
        }
        out.push('"');
        return out;
    }
    // The newline right after the opening delimiter is dropped by TOML readers.
    let mut out = String::from("\"\"\"\n");
    let mut column = 0usize;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        // Break only between a space and a non-space: the line-ending backslash trims all
        // whitespace up to the next non-whitespace character, which is then `c` itself.
        if column >= WRAP_COLUMN && prev == Some(' ') && !c.is_whitespace() {
            out.push_str("\\\n");
            column = 0;
        }
        if c == '\n' {
            out.push('\n');
            column = 0;
        } else {
            let before = out.len();
            push_escaped(&mut out, c);
            column += out[before..].chars().count();
        }
        prev = Some(c);
    }
    out.push_str("\"\"\"");
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push('\t'),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown::Rundown;
    use crate::bulletin::sample_rundown::{item, rundown, take};
    use proptest::prelude::*;
    use std::path::Path;

    /// A rundown with `text` wherever free text goes (titles, spoken, original, byline).
    fn sample(text: &str) -> Rundown {
        let seg = |id: &str, spoken: &str, original: &str| Segment {
            original: original.into(),
            ..take(id, spoken, 3.4)
        };
        let segments = vec![seg("01-1", text, text), seg("01-2", "hai", text)];
        rundown(
            text,
            seg("00-mo-dau", "Đây là Đài Truyền thanh huyện.", text),
            vec![Item {
                byline: text.into(),
                ..item("01", text, segments)
            }],
            seg("99-ket-thuc", text, ""),
        )
    }

    fn round_trip(r: &Rundown) -> Rundown {
        let mut remarks = Remarks::new();
        remarks.insert("01".into(), vec!["unknown \"XYZ\"\nin a sentence".into()]);
        let text = render(r, &remarks);
        Rundown::parse(&text, Path::new("rundown.toml"))
            .unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
    }

    #[test]
    fn long_vietnamese_text_is_wrapped_and_reads_back() {
        let text = "Chiều ngày ba mươi tháng ba năm hai nghìn không trăm mười tám, Thường trực \
                    Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết một năm \
                    thực hiện Đề án “Đảm bảo an ninh trật tự” \"trích\" C:\\thu-muc.";
        let r = sample(text);
        let rendered = render(&r, &Remarks::new());
        assert!(
            rendered.lines().all(|l| l.chars().count() <= 100),
            "{rendered}"
        );
        assert!(rendered.contains("spoken = \"\"\"\n"), "{rendered}");
        assert_eq!(round_trip(&r), r);
    }

    #[test]
    fn windows_line_ends_read_back_the_same() {
        let r = sample(
            "Tiêu đề\nĐoạn một dài dài dài dài dài dài dài dài dài dài dài dài dài dài dài.",
        );
        let crlf = render(&r, &Remarks::new()).replace('\n', "\r\n");
        assert_eq!(Rundown::parse(&crlf, Path::new("r.toml")).unwrap(), r);
    }

    #[test]
    fn whole_numbers_stay_floats() {
        assert_eq!(float(900.0), "900.0");
        assert_eq!(float(0.1), "0.1");
    }

    #[test]
    fn remarks_become_comments() {
        let mut remarks = Remarks::new();
        remarks.insert("01".into(), vec!["unknown abbreviation XYZ".into()]);
        let text = render(&sample("a"), &remarks);
        assert!(
            text.contains("# CẦN KIỂM TRA: unknown abbreviation XYZ\n[[items]]"),
            "{text}"
        );
        remarks.insert("01-1".into(), vec!["word ".repeat(40)]);
        let text = render(&sample("a"), &remarks);
        let warning: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.contains("word"))
            .take_while(|l| l.starts_with('#'))
            .collect();
        assert!(warning.len() >= 3, "{text}");
        assert!(
            warning.iter().all(|l| l.chars().count() <= WRAP_COLUMN),
            "{text}"
        );
        assert_eq!(warning.concat().matches("word").count(), 40);
        Rundown::parse(&text, Path::new("r.toml")).unwrap();
    }

    proptest! {
        #[test]
        fn any_text_reads_back_identically(
            text in any::<String>(),
            viet in "[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ \"\\\\\n\r\t.,“”–]{0,300}",
            estimate in 0.0f64..10_000.0,
        ) {
            let mut r = sample(&text);
            r.items[0].segments[1].spoken = viet.clone();
            r.closing.original = format!("{viet}{text}");
            r.opening.estimate_s = estimate;
            prop_assert_eq!(round_trip(&r), r);
        }
    }
}
