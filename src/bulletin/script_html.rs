//! `script.html`: the printable A4 script the announcer reads from. Large type, one box
//! per take with its id, the file name to save it as, its estimated time and the running
//! total, a checkbox to tick when recorded, and the warnings staff should check.

use super::make::vietnamese_date;
use super::script_view::{Block, FORMATS_NOTE, ScriptView, TakeRow};
use super::time_format::mmss;
use crate::html::escape;
use std::fmt::Write as _;

const STYLE: &str = r#"
  @page { size: A4; margin: 16mm 15mm 18mm 15mm; }
  * { box-sizing: border-box; }
  body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; font-size: 17pt;
         line-height: 1.5; color: #000; background: #fff; margin: 0 auto; max-width: 180mm;
         overflow-wrap: break-word; }
  header { border-bottom: 2px solid #000; margin-bottom: 10pt; }
  h1 { font-size: 22pt; margin: 0 0 4pt 0; }
  .station { font-size: 14pt; margin: 0; }
  .facts { font-size: 13pt; margin: 4pt 0; display: flex; flex-wrap: wrap; gap: 0 14pt; }
  .facts span { white-space: nowrap; }
  .formats { font-size: 12pt; margin: 4pt 0 8pt 0; }
  h2 { font-size: 18pt; margin: 16pt 0 4pt 0; page-break-after: avoid; break-after: avoid; }
  .details { font-size: 12pt; margin: 0 0 6pt 0; color: #333; }
  .take { border: 1.5pt solid #000; border-radius: 4pt; padding: 6pt 10pt 8pt 10pt;
          margin: 0 0 10pt 0; page-break-inside: avoid; break-inside: avoid; }
  .take-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4pt 14pt;
               font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12pt;
               border-bottom: 1px dashed #000; padding-bottom: 3pt; margin-bottom: 5pt; }
  .take-head .id { font-size: 15pt; font-weight: bold; }
  .take-head .file { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-weight: bold; }
  .take-head .time { margin-left: auto; white-space: nowrap; }
  .tick { display: inline-block; width: 14pt; height: 14pt; border: 1.5pt solid #000;
          vertical-align: middle; margin-right: 6pt; }
  input.tick { margin: 0 6pt 0 0; }
  .spoken { margin: 0; white-space: pre-wrap; }
  .warn { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12pt; border: 1.5pt dashed #000;
          background: #fff3c4; padding: 3pt 6pt; margin: 4pt 0; }
  .warn::before { content: "⚠ Cần kiểm tra: "; font-weight: bold; }
  .warn code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-weight: bold;
               overflow-wrap: anywhere; }
  footer { font-size: 11pt; border-top: 1px solid #000; margin-top: 14pt; padding-top: 4pt; }
  @media print { body { max-width: none; } .warn { background: none; } }
"#;

/// The complete HTML5 document.
pub fn render(view: &ScriptView<'_>) -> String {
    let b = &view.rundown.bulletin;
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>{} — {}</title>",
        escape(&b.title),
        escape(&view.rundown.output_stem())
    );
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n");
    let _ = writeln!(out, "<p class=\"station\">{}</p>", escape(&b.station));
    let _ = writeln!(out, "<h1>{}</h1>", escape(&b.title));
    out.push_str("<p class=\"facts\">");
    let _ = write!(
        out,
        "<span>Ngày phát (air date): <b>{}</b></span>",
        escape(&vietnamese_date(&b.date))
    );
    let _ = write!(out, "<span>Buổi (slot): <b>{}</b>", escape(&b.slot));
    if let Some(t) = view.air_time {
        let _ = write!(out, " {}", escape(t));
    }
    out.push_str("</span>");
    let _ = write!(
        out,
        "<span>Dự kiến (estimated): <b>{}</b> / mục tiêu (target) {}</span>",
        mmss(view.total_estimate_s()),
        mmss(b.target_s)
    );
    let _ = write!(
        out,
        "<span>{} bản thu (takes)</span><span>tốc độ đọc (rate) {:.0} âm tiết/phút</span>",
        view.take_count(),
        view.rate_spm
    );
    out.push_str("</p>\n");
    let _ = writeln!(out, "<p class=\"formats\">{}</p>", escape(FORMATS_NOTE));
    out.push_str("</header>\n<main>\n");
    for block in view.blocks() {
        write_block(&mut out, &block);
    }
    out.push_str("</main>\n<footer>");
    let _ = write!(
        out,
        "{} — {} — tổng dự kiến (total estimated) {}. Khi thu xong, chạy <code>bantin status</code> để kiểm tra.",
        escape(&view.rundown.output_stem()),
        escape(&b.station),
        mmss(view.total_estimate_s())
    );
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

/// A warning for the box: escaped, and the bantin.toml line it quotes between backticks
/// set in `<code>` so staff can copy it exactly.
fn remark_html(remark: &str) -> String {
    let mut html = String::new();
    for (k, part) in remark.split('`').enumerate() {
        let odd = k % 2 == 1;
        if odd && remark.matches('`').count() >= 2 * (k / 2 + 1) {
            let _ = write!(html, "<code>{}</code>", escape(part));
        } else {
            if odd {
                html.push('`');
            }
            html.push_str(&escape(part));
        }
    }
    html
}

fn write_block(out: &mut String, block: &Block<'_>) {
    let id_attr = block
        .item_id
        .map(|id| format!(" id=\"item-{}\"", escape(id)))
        .unwrap_or_default();
    let _ = writeln!(out, "<section{id_attr}>");
    let _ = writeln!(out, "<h2>{}</h2>", escape(&block.heading));
    if !block.details.is_empty() {
        let details: Vec<String> = block.details.iter().map(|d| escape(d)).collect();
        let _ = writeln!(out, "<p class=\"details\">{}</p>", details.join(" · "));
    }
    for remark in block.remarks {
        let _ = writeln!(out, "<p class=\"warn\">{}</p>", remark_html(remark));
    }
    for take in &block.takes {
        write_take(out, take);
    }
    out.push_str("</section>\n");
}

fn write_take(out: &mut String, take: &TakeRow<'_>) {
    let seg = take.segment;
    let _ = writeln!(
        out,
        "<div class=\"take\" id=\"take-{}\">\n<div class=\"take-head\">",
        escape(&seg.take)
    );
    let _ = writeln!(
        out,
        "<label><input type=\"checkbox\" class=\"tick\"><span class=\"id\">{}</span></label>",
        escape(&seg.id)
    );
    let _ = writeln!(
        out,
        "<span>Lưu thành (save as): <span class=\"file\">{}</span></span>",
        escape(&take.save_as)
    );
    let _ = writeln!(
        out,
        "<span class=\"time\">~{} · cộng dồn (total) {}</span>",
        mmss(seg.estimate_s),
        mmss(take.running_s)
    );
    out.push_str("</div>\n");
    for remark in take.remarks {
        let _ = writeln!(out, "<p class=\"warn\">{}</p>", remark_html(remark));
    }
    let _ = writeln!(
        out,
        "<p class=\"spoken\">{}</p>\n</div>",
        escape(&seg.spoken)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::rundown::{Item, Rundown};
    use crate::bulletin::rundown_text::Remarks;
    use crate::bulletin::sample_rundown::{item, rundown as sample, take};

    fn rundown() -> Rundown {
        let takes = vec![
            take("01-1", "Một hai.", 40.0),
            take("01-2", "Ba bốn.", 30.0),
        ];
        sample(
            "Bản tin sáng <27/11>",
            take("00-mo-dau", "Đây là Đài.", 5.0),
            vec![Item {
                category: "Thời sự".into(),
                byline: String::new(),
                source: "a.txt".into(),
                ..item("01", "Hội nghị \"ANTT\" & tin khác", takes)
            }],
            take("99-ket-thuc", "Hết.", 6.0),
        )
    }

    #[test]
    fn html_has_takes_files_times_and_warnings() {
        let r = rundown();
        let mut remarks = Remarks::new();
        remarks.insert("01-2".into(), vec!["unknown abbreviation <XYZ>".into()]);
        let html = render(&ScriptView {
            rundown: &r,
            remarks: &remarks,
            air_time: Some("05:30"),
            rate_spm: 233.0,
        });
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@page { size: A4;") && html.contains("page-break-inside: avoid"));
        for take in ["00-mo-dau", "01-1", "01-2", "99-ket-thuc"] {
            assert!(html.contains(&format!("recordings/{take}.wav")), "{take}");
            assert!(html.contains(&format!("id=\"take-{take}\"")), "{take}");
        }
        assert_eq!(html.matches("type=\"checkbox\"").count(), 4);
        // Running totals: 5, 45, 75, 81 seconds.
        assert!(html.contains("~0:40 · cộng dồn (total) 0:45"), "{html}");
        assert!(html.contains("cộng dồn (total) 1:21"));
        assert!(html.contains("<b>1:21</b> / mục tiêu (target) 15:00"));
        assert!(html.contains("<p class=\"warn\">unknown abbreviation &lt;XYZ&gt;</p>"));
        assert_eq!(
            remark_html("add `\"X&Y\" = \"cách đọc\"` to it"),
            "add <code>&quot;X&amp;Y&quot; = &quot;cách đọc&quot;</code> to it"
        );
        assert_eq!(remark_html("a lone ` stays"), "a lone ` stays");
        assert!(html.contains("Hội nghị &quot;ANTT&quot; &amp; tin khác"));
        assert!(!html.contains("<XYZ>") && !html.contains("<27/11>"));
        assert_eq!(html.matches("<div class=\"take\"").count(), 4);
        assert_eq!(
            html.matches("<section").count(),
            html.matches("</section>").count()
        );
    }
}
