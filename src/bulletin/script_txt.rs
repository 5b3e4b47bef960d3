//! `script.txt`: the same script as `script.html` in plain text, for a phone, a text
//! editor or a printer without a browser. Texts are wrapped at 72 columns.

use super::make::vietnamese_date;
use super::script_view::{FORMATS_NOTE, ScriptView};
use super::time_format::mmss;
use std::fmt::Write as _;

const WIDTH: usize = 72;

pub fn render(view: &ScriptView<'_>) -> String {
    let b = &view.rundown.bulletin;
    let mut out = String::with_capacity(8 * 1024);
    let _ = writeln!(out, "{}", b.station);
    let _ = writeln!(out, "{}", b.title.to_uppercase());
    let mut facts = format!(
        "Ngày phát (air date) {} · buổi (slot) {}",
        vietnamese_date(&b.date),
        b.slot
    );
    if let Some(t) = view.air_time {
        let _ = write!(facts, " {t}");
    }
    let _ = writeln!(out, "{facts}");
    let summary = format!(
        "Dự kiến (estimated) {} / mục tiêu (target) {} · {} bản thu (takes) · {:.0} âm tiết/phút",
        mmss(view.total_estimate_s()),
        mmss(b.target_s),
        view.take_count(),
        view.rate_spm
    );
    push_wrapped(&mut out, &summary, "");
    push_wrapped(&mut out, FORMATS_NOTE, "");
    out.push_str(&"=".repeat(WIDTH));
    out.push('\n');
    for block in view.blocks() {
        out.push('\n');
        let _ = writeln!(out, "{}", block.heading);
        if !block.details.is_empty() {
            push_wrapped(&mut out, &block.details.join(" · "), "  ");
        }
        for remark in block.remarks {
            push_wrapped(&mut out, &format!("!! CẦN KIỂM TRA: {remark}"), "   ");
        }
        for take in &block.takes {
            let seg = take.segment;
            out.push_str(&"-".repeat(WIDTH));
            out.push('\n');
            let _ = writeln!(
                out,
                "[ ] {}   ~{}   cộng dồn (total) {}",
                seg.id,
                mmss(seg.estimate_s),
                mmss(take.running_s)
            );
            let _ = writeln!(out, "    lưu thành (save as): {}", take.save_as);
            for remark in take.remarks {
                push_wrapped(&mut out, &format!("!! CẦN KIỂM TRA: {remark}"), "   ");
            }
            out.push('\n');
            for paragraph in seg.spoken.split('\n') {
                push_wrapped(&mut out, paragraph, "    ");
            }
        }
    }
    out.push('\n');
    out.push_str(&"=".repeat(WIDTH));
    out.push('\n');
    let footer = format!(
        "Tổng dự kiến (total estimated) {}. Khi thu xong, chạy `bantin status` để kiểm tra.",
        mmss(view.total_estimate_s())
    );
    push_wrapped(&mut out, &footer, "");
    out
}

/// Appends `text` wrapped at [`WIDTH`] columns (counted in characters), each line
/// starting with `indent`. Words longer than a line stay whole.
fn push_wrapped(out: &mut String, text: &str, indent: &str) {
    let mut line = String::from(indent);
    let mut empty = true;
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!empty) + word.chars().count();
        if !empty && needed > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push_str(&line);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown::Item;
    use crate::bulletin::rundown_text::Remarks;
    use crate::bulletin::sample_rundown::{item, rundown, take};

    #[test]
    fn script_text_layout() {
        let takes = vec![
            take(
                "01-1",
                "Chiều ngày ba mươi tháng ba năm hai nghìn không trăm mười tám, Thường \
                 trực Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết \
                 một năm thực hiện Đề án.",
                12.3,
            ),
            take("01-2", "Đoạn một.\nĐoạn hai.", 3.0),
        ];
        let r = rundown(
            "Bản tin sáng 27/11/2026",
            take(
                "00-mo-dau",
                "Đây là Đài Truyền thanh huyện Thọ Xuân. Mời bà con nghe bản tin.",
                4.9,
            ),
            vec![Item {
                source: "tho-xuan.txt".into(),
                ..item("01", "Hội nghị sơ kết một năm thực hiện Đề án", takes)
            }],
            take("99-ket-thuc", "Bản tin đến đây là kết thúc.", 2.6),
        );
        let mut remarks = Remarks::new();
        remarks.insert("01-2".into(), vec!["unknown abbreviation XYZ".into()]);
        let text = render(&ScriptView {
            rundown: &r,
            remarks: &remarks,
            air_time: Some("05:30"),
            rate_spm: 233.0,
        });
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn wrapping_keeps_every_word_and_the_width() {
        let text = "Chiều ngày ba mươi tháng ba năm hai nghìn không trăm mười tám, Thường trực \
                    Ủy ban nhân dân huyện tổ chức hội nghị triển khai kế hoạch sơ kết một năm.";
        let mut out = String::new();
        push_wrapped(&mut out, text, "    ");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.lines().count() >= 2);
        let words: Vec<&str> = out.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
    }
}
