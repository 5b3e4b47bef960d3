//! The assembly report page, `NAME.html` beside each finished WAV: what staff look at
//! instead of reading numbers. One self-contained UTF-8 file (inline CSS and SVG, no
//! scripts, no external assets) that opens from a shared folder or an e-mail: whether the
//! programme hit its loudness target and stayed under the ceiling, which takes stand out,
//! loudness over time, the waveform, and the rundown with start times.
//!
//! Every text from the report (titles, file names, flags) is escaped: titles come from
//! article portals and file names from phones.

mod plots;
mod standout;
mod words;

use std::fmt::Write;

use crate::bulletin::report::{AssemblyReport, ProgrammeReport, ProgrammeTrace, TakeReport};

pub use standout::{OUTLIER_LU, is_speech, speech_median_lufs};

/// The look of the two pictures, shared by the report page and the web app's pages that
/// show them (a macro, so both can build their style sheets from it at compile time).
macro_rules! plot_style {
    () => {
        r#"
svg.plot { width: 100%; height: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; display: block; }
svg .grid { stroke: #eceff3; stroke-width: 1; }
svg .tick, svg .unit { font-size: 11px; fill: var(--muted); }
svg .target { stroke: var(--ok); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .ceiling { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 4 4; }
svg .loudness { fill: none; stroke: #2563eb; stroke-width: 1.6; stroke-linejoin: round; }
svg .wave { fill: #6b8fd6; stroke: #3d63b5; stroke-width: .4; }
svg .marker line { stroke: #9aa3b5; stroke-width: 1; }
svg .marker.music line { stroke: #c07a1a; stroke-dasharray: 3 3; }
svg .marker.flagged line { stroke: #e0a100; stroke-width: 3; }
svg .marker.flagged text { fill: #a06f00; font-weight: 700; }
svg .marker text { font-size: 10px; fill: var(--muted); }
.legend { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.key { display: inline-block; width: 18px; height: 0; vertical-align: middle; margin: 0 4px 0 12px; border-top: 2px solid; }
.key.loudness { border-color: #2563eb; } .key.target { border-top-style: dashed; border-color: var(--ok); }
.key.marker { border-color: #9aa3b5; width: 2px; height: 12px; border-top: 0; border-left: 2px solid #9aa3b5; }
.key.music { border-color: #c07a1a; width: 2px; height: 12px; border-top: 0; border-left: 2px dashed #c07a1a; }
.key.flagged { border-color: #e0a100; width: 3px; height: 12px; border-top: 0; border-left: 3px solid #e0a100; }
.key.wave { border-top: 8px solid #6b8fd6; } .key.ceiling { border-top-style: dashed; border-color: var(--bad); }
"#
    };
}

/// The plots' styles (for pages that show [`plots_in`]'s pictures).
pub const PLOT_STYLE: &str = plot_style!();

/// Where the plots' time axis runs, as fractions of a picture's width: a programme time
/// `t` of `duration` is at `PLOT_X.0 + t / duration * (PLOT_X.1 - PLOT_X.0)`.
pub const PLOT_X: (f64, f64) = plots::X_RANGE;

/// The report page's pictures — loudness over time, then the waveform — as the page
/// holds them (inline SVG), when the page is one bantin wrote (it carries
/// [`PAGE_MARK`]). The web app shows them from the page of any finished or archived
/// bulletin, so what staff see is the report of the file, made when the file was.
pub fn plots_in(page: &str) -> Vec<&str> {
    if !page.contains(PAGE_MARK) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("<svg class=\"plot\"") {
        let Some(len) = rest[at..].find("</svg>") else {
            break;
        };
        let end = at + len + "</svg>".len();
        found.push(&rest[at..end]);
        rest = &rest[end..];
    }
    found
}

/// In every report page's head: tells bantin that the page is its own (an existing page
/// is replaced only then).
pub const PAGE_MARK: &str = "<meta name=\"generator\" content=\"bantin\">";

/// How far from the target the integrated loudness may land and still get a ✓.
pub const TARGET_TOLERANCE_LU: f64 = 0.1;

/// The programme's two verdicts, as every report page shows them: its integrated
/// loudness on target (within [`TARGET_TOLERANCE_LU`]), its true peak under the ceiling.
pub fn verdicts(p: &ProgrammeReport) -> (bool, bool) {
    let on_target = p
        .integrated_lufs
        .is_some_and(|i| (i - p.target_lufs).abs() <= TARGET_TOLERANCE_LU + 1e-9);
    let under_ceiling = p
        .true_peak_dbtp
        .is_some_and(|tp| tp <= p.ceiling_dbtp + 1e-9);
    (on_target, under_ceiling)
}

/// Renders the report page.
pub fn render(report: &AssemblyReport, trace: &ProgrammeTrace) -> String {
    let p = &report.programme;
    let median = standout::speech_median_lufs(&report.takes);
    let reasons: Vec<Vec<String>> = report
        .takes
        .iter()
        .map(|t| standout::reasons(t, median))
        .collect();
    let flagged: Vec<bool> = reasons.iter().map(|r| !r.is_empty()).collect();

    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n{PAGE_MARK}\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – bantin</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.title)
    );
    header(&mut html, report);
    standouts(&mut html, &report.takes, &reasons);

    html.push_str(
        "<section>\n<h2>Độ to theo thời gian <span class=\"en\">(loudness over time)</span></h2>\n",
    );
    if trace.step_s > 0.0 && !trace.short_term_lufs.is_empty() {
        html.push_str(&plots::loudness_svg(
            trace,
            &report.takes,
            &flagged,
            p.duration_s,
            p.target_lufs,
        ));
        let _ = writeln!(
            html,
            "<p class=\"legend\"><span class=\"key loudness\"></span> độ to ngắn hạn (3 giây) \
             <span class=\"key target\"></span> mục tiêu {:.1} LUFS \
             <span class=\"key marker\"></span> một bản thu bắt đầu (số thứ tự như bảng dưới) \
             <span class=\"key music\"></span> một đoạn nhạc bắt đầu \
             <span class=\"key flagged\"></span> một bản thu cần nghe lại</p>",
            p.target_lufs
        );
    } else {
        html.push_str(
            "<p class=\"none\">Không có số liệu độ to theo thời gian của chương trình này.</p>\n",
        );
    }
    html.push_str(
        "</section>\n<section>\n<h2>Dạng sóng <span class=\"en\">(waveform)</span></h2>\n",
    );
    if trace.step_s > 0.0 && !trace.waveform.is_empty() {
        html.push_str(&plots::waveform_svg(
            trace,
            &report.takes,
            &flagged,
            p.duration_s,
            p.ceiling_dbtp,
        ));
        let _ = writeln!(
            html,
            "<p class=\"legend\"><span class=\"key wave\"></span> biên độ mẫu \
             <span class=\"key ceiling\"></span> mức trần {:.1} dBTP</p>",
            p.ceiling_dbtp
        );
    } else {
        html.push_str("<p class=\"none\">Không có dạng sóng của chương trình này.</p>\n");
    }
    html.push_str("</section>\n");

    rundown(&mut html, &report.takes, &reasons);
    let _ = write!(
        html,
        "<footer>Lập bởi {} lúc {}. Thông tin ghi trong tệp WAV (bext, INFO, cart) chỉ giữ \
         các chữ này không dấu; trang này và {} giữ đầy đủ.</footer>\n</body>\n</html>\n",
        escape(&report.software),
        escape(&report.created),
        escape(&json_name(&report.output)),
    );
    html
}

fn header(html: &mut String, report: &AssemblyReport) {
    let p = &report.programme;
    let _ = writeln!(html, "<header>\n<h1>{}</h1>", escape(&report.title));
    let mut sub = vec![escape(&report.station)];
    if let Some(date) = &report.date {
        sub.push(escape(date));
    }
    if let Some(slot) = &report.slot {
        sub.push(format!("buổi {}", escape(slot)));
    }
    let _ = writeln!(html, "<p class=\"sub\">{}</p>", sub.join(" · "));

    let (on_target, under_ceiling) = verdicts(p);
    html.push_str("<div class=\"verdicts\">\n");
    verdict(
        html,
        on_target,
        "Độ to cả chương trình (integrated loudness)",
        &opt(p.integrated_lufs, 2, "LUFS"),
        &format!(
            "mục tiêu {:.1} LUFS ± {TARGET_TOLERANCE_LU} LU",
            p.target_lufs
        ),
    );
    verdict(
        html,
        under_ceiling,
        "Đỉnh thực (true peak)",
        &opt(p.true_peak_dbtp, 2, "dBTP"),
        &format!("mức trần {:.1} dBTP", p.ceiling_dbtp),
    );
    html.push_str("</div>\n");
    if !p.flags.is_empty() {
        // Programme-wide findings (heavy limiting): what to do, before anything else.
        html.push_str("<ul class=\"programme-flags\">\n");
        for flag in &p.flags {
            let _ = writeln!(html, "<li>{}</li>", escape(&words::flag(flag)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("<dl class=\"facts\">\n");
    let channels = match p.channels {
        1 => "mono".to_string(),
        2 => "stereo".to_string(),
        n => format!("{n} kênh"),
    };
    let facts = [
        (
            "Tệp phát (output file)",
            format!("<code>{}</code>", escape(&report.output)),
        ),
        (
            "Thời lượng (duration)",
            format!("{} ({:.1} s)", mmss(p.duration_s), p.duration_s),
        ),
        (
            "Định dạng (format)",
            format!("{} Hz, {channels}, {}-bit PCM", p.sample_rate, p.bits),
        ),
        (
            "Dải độ to (loudness range)",
            opt(p.loudness_range_lu, 1, "LU"),
        ),
        (
            "Độ to tức thời lớn nhất (max momentary)",
            opt(p.max_momentary_lufs, 1, "LUFS"),
        ),
        (
            "Độ to ngắn hạn lớn nhất (max short-term)",
            opt(p.max_short_term_lufs, 1, "LUFS"),
        ),
        ("Đỉnh mẫu (sample peak)", opt(p.sample_peak_dbfs, 2, "dBFS")),
        (
            "Bộ hạn biên (limiter)",
            if p.limiter.active_s > 0.0 {
                format!(
                    "giảm tới −{:.1} dB, làm việc {:.1} s",
                    p.limiter.max_gain_reduction_db.abs(),
                    p.limiter.active_s
                )
            } else {
                "không phải làm việc".to_string()
            },
        ),
        ("Lập lúc (made)", escape(&report.created)),
    ];
    for (term, value) in facts {
        let _ = writeln!(html, "<div><dt>{term}</dt><dd>{value}</dd></div>");
    }
    html.push_str("</dl>\n</header>\n");
}

fn verdict(html: &mut String, ok: bool, what: &str, value: &str, against: &str) {
    let (class, mark, word) = if ok {
        ("ok", "✓", "đạt")
    } else {
        ("bad", "✗", "không đạt")
    };
    let _ = writeln!(
        html,
        "<div class=\"verdict {class}\"><span class=\"mark\" aria-label=\"{word}\">{mark}</span>\
         <span class=\"what\">{what}</span><span class=\"value\">{value}</span>\
         <span class=\"against\">{against}</span></div>"
    );
}

fn standouts(html: &mut String, takes: &[TakeReport], reasons: &[Vec<String>]) {
    html.push_str(
        "<section>\n<h2>Bản thu cần nghe lại <span class=\"en\">(takes that stand out)</span></h2>\n",
    );
    let flagged: Vec<usize> = (0..takes.len())
        .filter(|&i| !reasons[i].is_empty())
        .collect();
    if flagged.is_empty() {
        let _ = writeln!(
            html,
            "<p class=\"none\">Không có: không bản thu nào bị đánh dấu, và mọi bản thu đều to \
             nhỏ trong khoảng {OUTLIER_LU:.0} LU so với các bản khác.</p>"
        );
    } else {
        html.push_str("<ul class=\"standouts\">\n");
        for i in flagged {
            let take = &takes[i];
            let _ = writeln!(
                html,
                "<li><a href=\"#take-{n}\">#{n} {role} lúc {start}</a> <code>{source}</code>: {why}</li>",
                n = i + 1,
                role = escape(words::role(&take.role)),
                start = mmss(take.start_s),
                source = escape(&take.source),
                why = reasons[i]
                    .iter()
                    .map(|r| escape(&words::flag(r)))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
}

fn rundown(html: &mut String, takes: &[TakeReport], reasons: &[Vec<String>]) {
    html.push_str(
        "<section>\n<h2>Các phần của chương trình <span class=\"en\">(rundown)</span></h2>\n<table>\n\
         <thead><tr><th>#</th><th>Bắt đầu</th><th>Phần</th><th>Tin / bản thu</th><th>Tệp</th>\
         <th>Mã hóa</th><th>Gốc</th><th>Dài</th><th>Sau cắt</th><th>Độ to</th>\
         <th>Chỉnh mức</th><th>Ghi chú</th></tr></thead>\n<tbody>\n",
    );
    for (i, take) in takes.iter().enumerate() {
        let mut classes = vec![if standout::is_speech(take) {
            "speech"
        } else {
            "music"
        }];
        if !reasons[i].is_empty() {
            classes.push("flagged");
        }
        let item = match (&take.item_id, &take.segment_id) {
            (Some(item), Some(seg)) => format!("{} / {}", escape(item), escape(seg)),
            (Some(item), None) => escape(item),
            (None, Some(seg)) => escape(seg),
            (None, None) => String::new(),
        };
        let flags = reasons[i]
            .iter()
            .map(|r| format!("<span class=\"flag\">{}</span>", escape(&words::flag(r))))
            .collect::<String>();
        let _ = writeln!(
            html,
            "<tr id=\"take-{n}\" class=\"{classes}\"><td>{n}</td><td>{start}</td><td>{role}</td>\
             <td>{item}</td><td class=\"source\">{source}</td><td>{codec}</td>\
             <td>{rate} Hz, {ch} kênh</td><td>{dur:.1} s</td><td>{trim:.1} s</td>\
             <td>{loud}</td><td>{gain:+.1} dB</td><td>{flags}</td></tr>",
            n = i + 1,
            classes = classes.join(" "),
            start = mmss(take.start_s),
            role = escape(words::role(&take.role)),
            source = escape(&take.source),
            codec = escape(&take.codec),
            rate = take.original_sample_rate,
            ch = take.original_channels,
            dur = take.duration_s,
            trim = take.trimmed_duration_s,
            loud = opt(take.loudness_lufs, 1, "LUFS"),
            gain = take.gain_db,
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

pub use crate::html::escape;

/// Programme time as m:ss (minutes are not padded: a bulletin is minutes long).
pub(crate) fn mmss(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

fn opt(value: Option<f64>, decimals: usize, unit: &str) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:.decimals$} {unit}"),
        _ => "—".to_string(),
    }
}

/// The JSON report beside `output` ("bulletin.wav" → "bulletin.json").
fn json_name(output: &str) -> String {
    let stem = output.rsplit_once('.').map_or(output, |(stem, _)| stem);
    format!("{stem}.json")
}

const STYLE: &str = concat!(
    r#"
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
@media print {
  body { max-width: none; padding: 0; background: #fff; font-size: 12px; }
  section, .verdicts, svg.plot, tr { break-inside: avoid; }
  .verdict { flex-basis: 45%; }
}
.programme-flags { margin: 0 0 16px; padding: 10px 14px 10px 32px; background: #fdf0f0; border: 2px solid var(--bad); border-radius: 8px; }
.programme-flags li { margin: 2px 0; }
:root { --ok:#17803d; --bad:#c0262d; --flag:#fff4d6; --ink:#1d2433; --muted:#5d6577; --line:#d9dde5; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px; background: #fafbfc; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h2 .en { color: var(--muted); font-weight: normal; font-size: 14px; }
.sub { color: var(--muted); margin: 0 0 16px; font-size: 16px; }
.verdicts { display: flex; gap: 14px; flex-wrap: wrap; margin-bottom: 16px; }
.verdict { flex: 1 1 300px; display: grid; grid-template-columns: auto 1fr; column-gap: 12px; align-items: center; padding: 12px 16px; border-radius: 8px; border: 2px solid; background: #fff; }
.verdict .mark { grid-row: span 3; font-size: 40px; font-weight: 700; line-height: 1; }
.verdict .what { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.verdict .value { font-size: 24px; font-weight: 700; }
.verdict .against { color: var(--muted); }
.verdict.ok { border-color: var(--ok); } .verdict.ok .mark { color: var(--ok); }
.verdict.bad { border-color: var(--bad); background: #fdf0f0; } .verdict.bad .mark { color: var(--bad); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 8px 18px; margin: 0; }
.facts dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.standouts li { margin: 4px 0; }
.none { color: var(--muted); }
"#,
    plot_style!(),
    r#"
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 7px; text-align: left; vertical-align: top; }
th { background: #f0f2f6; font-weight: 600; white-space: nowrap; }
td:nth-child(-n+2), td:nth-child(n+6):nth-child(-n+11) { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.source { overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12.5px; }
tr.music td { color: #6b4a12; }
tr.flagged td { background: var(--flag); }
tr.flagged td:first-child { box-shadow: inset 4px 0 0 #e0a100; }
.flag { display: inline-block; background: #ffe3a3; border-radius: 4px; padding: 0 6px; margin: 1px 2px; font-size: 12.5px; }
code { font-family: ui-monospace, monospace; font-size: 13px; }
footer { margin-top: 30px; color: var(--muted); font-size: 12.5px; }
"#
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::report::LimiterReport;

    fn take(role: &str, source: &str, start_s: f64, len_s: f64, lufs: Option<f64>) -> TakeReport {
        TakeReport {
            role: role.into(),
            item_id: (role == "take").then(|| "nuoc-sach".into()),
            segment_id: (role == "take").then(|| format!("s{}", (start_s as u32) % 7)),
            source: source.into(),
            codec: "mp3".into(),
            original_sample_rate: 44_100,
            original_channels: 1,
            duration_s: len_s + 1.2,
            trimmed_duration_s: len_s,
            loudness_lufs: lufs,
            gain_db: lufs.map_or(0.0, |l| -18.0 - l),
            start_s,
            flags: Vec::new(),
        }
    }

    /// A bulletin of 3 minutes 40: jingles, speech takes, one clipped take flagged by
    /// the assembler, one recorded far too quietly, and a title with markup in it.
    pub(crate) fn sample() -> (AssemblyReport, ProgrammeTrace) {
        let mut takes = vec![
            take("intro", "jingles/intro.flac", 0.0, 6.0, Some(-14.0)),
            take("opening", "takes/00-opening.m4a", 6.4, 14.0, Some(-19.5)),
            take("take", "takes/01-nuoc-sach-1.m4a", 21.0, 38.0, Some(-20.1)),
            take("take", "takes/01-nuoc-sach-2.m4a", 59.5, 41.0, Some(-19.0)),
            take("sting", "jingles/sting.flac", 101.0, 2.5, Some(-13.0)),
            take("take", "takes/02-lua-dong.m4a", 104.0, 45.0, Some(-28.4)),
            take(
                "take",
                "takes/03-tiem-chung <b>.wav",
                149.5,
                50.0,
                Some(-17.2),
            ),
            take("closing", "takes/99-closing.m4a", 200.0, 12.0, Some(-18.8)),
            take("outro", "jingles/outro.flac", 212.5, 7.5, Some(-14.2)),
        ];
        takes[6].flags.push("clipped at 0 dBFS (37 places)".into());
        let report = AssemblyReport {
            software: "bantin 0.1.0".into(),
            title: "Bản tin sáng <script>alert('x')</script> Thọ Xuân".into(),
            station: "Đài Truyền thanh huyện Thọ Xuân".into(),
            date: Some("2026-11-27".into()),
            slot: Some("sang".into()),
            output: "2026-11-27-sang.wav".into(),
            created: "2026-11-27T05:58:12+07:00".into(),
            programme: ProgrammeReport {
                integrated_lufs: Some(-16.03),
                loudness_range_lu: Some(4.8),
                true_peak_dbtp: Some(-1.21),
                sample_peak_dbfs: Some(-1.6),
                max_momentary_lufs: Some(-11.2),
                max_short_term_lufs: Some(-13.4),
                duration_s: 220.0,
                target_lufs: -16.0,
                ceiling_dbtp: -1.0,
                sample_rate: 48_000,
                channels: 1,
                bits: 16,
                limiter: LimiterReport {
                    max_gain_reduction_db: 2.3,
                    active_s: 1.7,
                },
                flags: vec![],
            },
            takes,
            wav: None,
        };
        let step_s = 0.1;
        let n = 2200;
        let short_term_lufs = (0..n)
            .map(|i| {
                let t = f64::from(i) * step_s;
                // Silent lead-in and the gaps around the sting have no reading.
                if t < 1.5 || (100.6..101.2).contains(&t) {
                    None
                } else {
                    Some(-16.0 + 2.5 * (t * 0.21).sin() + 1.2 * (t * 1.3).cos())
                }
            })
            .collect();
        let waveform = (0..n)
            .map(|i| {
                let t = f64::from(i) * step_s;
                let a = (0.45 + 0.35 * (t * 0.8).sin().abs()) as f32;
                (-a, a * 0.97)
            })
            .collect();
        (
            report,
            ProgrammeTrace {
                step_s,
                short_term_lufs,
                waveform,
            },
        )
    }

    #[test]
    fn page_holds_the_key_values_and_verdicts() {
        let (report, trace) = sample();
        let html = render(&report, &trace);
        if let Some(path) = std::env::var_os("BANTIN_SAMPLE_REPORT") {
            std::fs::write(path, &html).unwrap();
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        for needle in [
            "Đài Truyền thanh huyện Thọ Xuân",
            "2026-11-27-sang.wav",
            "2026-11-27-sang.json",
            "-16.03 LUFS",
            "mục tiêu -16.0 LUFS",
            "-1.21 dBTP",
            "mức trần -1.0 dBTP",
            "3:40 (220.0 s)",
            "48000 Hz, mono, 16-bit PCM",
            "giảm tới −2.3 dB, làm việc 1.7 s",
            "takes/01-nuoc-sach-2.m4a",
            "nuoc-sach / s3",
            "-19.0 LUFS",
            "+1.0 dB",
            "44100 Hz, 1 kênh",
        ] {
            assert!(html.contains(needle), "missing {needle}");
        }
        assert_eq!(html.matches("class=\"verdict ok\"").count(), 2);
        assert!(!html.contains("verdict bad"));
        // Start times in m:ss, in rundown order.
        let starts: Vec<usize> = ["<td>0:06</td>", "<td>1:41</td>", "<td>3:33</td>"]
            .iter()
            .map(|s| html.find(s).unwrap_or_else(|| panic!("{s}")))
            .collect();
        assert!(starts.is_sorted());
    }

    #[test]
    fn misses_get_a_cross() {
        let (mut report, trace) = sample();
        report.programme.integrated_lufs = Some(-17.4);
        report.programme.true_peak_dbtp = Some(-0.3);
        let html = render(&report, &trace);
        assert_eq!(html.matches("class=\"verdict bad\"").count(), 2);
        assert!(html.contains("✗"));
        report.programme.integrated_lufs = None;
        let html = render(&report, &trace);
        assert!(html.contains("<span class=\"value\">—</span>"));
    }

    #[test]
    fn flagged_and_outlier_takes_stand_out() {
        let (report, trace) = sample();
        let html = render(&report, &trace);
        // The assembler's flag, and the take recorded 9 LU under the others' median
        // (-19.25); the jingles are louder on purpose and are not flagged.
        assert!(html.contains("bị cắt đỉnh ở 0 dBFS (37 chỗ)"));
        assert!(html.contains("thu nhỏ hơn 9.1 LU so với mức giữa của các bản thu (-19.2 LUFS)"));
        assert_eq!(html.matches("class=\"speech flagged\"").count(), 2);
        assert!(html.contains("<tr id=\"take-6\" class=\"speech flagged\">"));
        assert!(html.contains("<tr id=\"take-7\" class=\"speech flagged\">"));
        assert!(html.contains("<a href=\"#take-6\">"));
        assert!(!html.contains("music flagged"));
    }

    #[test]
    fn markup_in_titles_and_file_names_is_escaped() {
        let (report, trace) = sample();
        let html = render(&report, &trace);
        assert!(!html.contains("<script"), "script tag leaked");
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(html.contains("tiem-chung &lt;b&gt;.wav"));
        assert!(!html.contains("<b>"));
        assert_eq!(escape(r#"a&b"<'>"#), "a&amp;b&quot;&lt;&#39;&gt;");
    }

    #[test]
    fn the_web_app_finds_the_plots_in_a_page_bantin_wrote_only() {
        let (report, trace) = sample();
        let html = render(&report, &trace);
        let plots = plots_in(&html);
        assert_eq!(plots.len(), 2);
        assert!(plots[0].contains("aria-label=\"Short-term loudness over time\""));
        assert!(plots[1].contains("aria-label=\"Waveform of the programme\""));
        assert!(plots.iter().all(|p| p.ends_with("</svg>")));
        assert!(plots_in(&html.replace(PAGE_MARK, "")).is_empty());
        assert!(
            html.contains(PLOT_STYLE.trim()),
            "the page is styled by the shared rules"
        );
        assert!(PLOT_X.0 > 0.0 && PLOT_X.1 < 1.0 && PLOT_X.0 < PLOT_X.1);
    }

    #[test]
    fn plots_are_balanced_inline_svg() {
        let (report, trace) = sample();
        let html = render(&report, &trace);
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("</svg>").count(), 2);
        assert_eq!(html.matches("<g ").count(), html.matches("</g>").count());
        assert_eq!(
            html.matches("<text").count(),
            html.matches("</text>").count()
        );
        assert_eq!(
            html.matches("<title>").count(),
            html.matches("</title>").count()
        );
        // Two runs of loudness (the gap at the sting splits the line), the target, the
        // waveform shape, and a marker per take.
        assert_eq!(html.matches("<polyline class=\"loudness\"").count(), 2);
        assert_eq!(html.matches("class=\"target\"").count(), 1);
        assert_eq!(html.matches("<path class=\"wave\"").count(), 1);
        assert_eq!(
            html.matches("<g class=\"marker").count(),
            2 * report.takes.len()
        );
        assert!(!html.contains("NaN") && !html.contains("inf"));
        assert!(
            !html.contains("http://") || !html.contains("src="),
            "no external assets"
        );
    }

    #[test]
    fn an_empty_trace_and_a_silent_programme_still_render() {
        let (mut report, _) = sample();
        report.takes.truncate(1);
        report.programme.integrated_lufs = None;
        let html = render(&report, &ProgrammeTrace::default());
        assert!(html.contains("Không có số liệu độ to theo thời gian"));
        assert!(html.contains("Không có dạng sóng"));
        assert!(!html.contains("<svg"));
        let silent = ProgrammeTrace {
            step_s: 0.1,
            short_term_lufs: vec![None; 50],
            waveform: vec![(0.0, 0.0); 50],
        };
        let html = render(&report, &silent);
        assert!(!html.contains("NaN") && !html.contains("inf"));
        assert_eq!(html.matches("<polyline").count(), 0);
    }

    #[test]
    fn the_page_prints_on_a4_and_says_when_the_limiter_worked_too_hard() {
        let (mut report, trace) = sample();
        let html = render(&report, &trace);
        assert!(html.contains("@page { size: A4;"), "no A4 page size");
        assert!(!html.contains("programme-flags\">"));
        report
            .programme
            .flags
            .push("heavy limiting: the limiter took up to 7.2 dB off the peaks and acted during 55% of the programme <off>".into());
        let html = render(&report, &trace);
        assert!(html.contains(
            "<ul class=\"programme-flags\">\n<li>Hạn biên mạnh: bộ hạn biên đã giảm đỉnh tới 7.2 dB và làm việc trong 55% chương trình"
        ));
        // What the page does not know is shown as written, escaped.
        report.programme.flags = vec!["new finding <off>".into()];
        let html = render(&report, &trace);
        assert!(html.contains("<li>new finding &lt;off&gt;</li>"));
    }

    #[test]
    fn times_read_as_minutes_and_seconds() {
        assert_eq!(mmss(0.0), "0:00");
        assert_eq!(mmss(59.6), "1:00");
        assert_eq!(mmss(754.2), "12:34");
        assert_eq!(json_name("out/a.b.wav"), "out/a.b.json");
    }
}
