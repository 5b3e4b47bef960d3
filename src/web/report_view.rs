//! A finished bulletin's report as a page part, in the station's language: the loudness
//! verdicts, a heavy-limiting warning, the finished WAV in a player with a cursor on the
//! waveform, the takes that stand out, loudness over time, and the rundown table whose
//! rows play from their start. Shown for a bulletin just assembled (`result`) and for
//! an archived one (`archive`). The figures are the JSON report's; the two pictures are
//! the report page's own (see [`crate::export::report_html::plots_in`]).

use crate::bulletin::report::{AssemblyReport, TakeReport};
use crate::bulletin::time_format::mmss;
use crate::export::report_html::{
    OUTLIER_LU, PLOT_X, TARGET_TOLERANCE_LU, is_speech, plots_in, speech_median_lufs, verdicts,
};
use crate::web::i18n::{Texts, fill};
use maud::{Markup, PreEscaped, html};

/// What the view shows and links to.
pub struct View<'a> {
    pub report: &'a AssemblyReport,
    /// The report page beside the WAV (for its pictures), if it could be read.
    pub page: Option<&'a str>,
    /// Where the WAV is played from (served with range requests).
    pub audio_url: &'a str,
    /// Download links: label and address.
    pub downloads: Vec<(&'static str, String)>,
    /// "Made" as staff read it.
    pub made: String,
}

fn number(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "—".into(),
    }
}

pub fn render(t: &Texts, v: &View<'_>) -> Markup {
    let r = v.report;
    let p = &r.programme;
    let (on_target, under_ceiling) = verdicts(p);
    let median = speech_median_lufs(&r.takes);
    let reasons: Vec<Vec<String>> = r.takes.iter().map(|k| reasons(t, k, median)).collect();
    let plots = v.page.map(plots_in).unwrap_or_default();
    let channels = if p.channels == 1 { t.mono } else { t.stereo };
    html! {
        div.verdicts {
            (verdict(t, on_target, t.verdict_loudness, &format!("{} LUFS", number(p.integrated_lufs, 1)),
                &fill(t.verdict_target, &[&format!("{:.1}", p.target_lufs), &TARGET_TOLERANCE_LU])))
            (verdict(t, under_ceiling, t.verdict_peak, &format!("{} dBTP", number(p.true_peak_dbtp, 1)),
                &fill(t.verdict_ceiling, &[&format!("{:.1}", p.ceiling_dbtp)])))
        }
        @if !p.flags.is_empty() {
            div.notice.error.heavy-limiting #heavy-limiting {
                (fill(t.heavy_limiting, &[
                    &format!("{:.1}", p.limiter.max_gain_reduction_db),
                    &format!("{:.0}", if p.duration_s > 0.0 { p.limiter.active_s / p.duration_s * 100.0 } else { 0.0 }),
                ]))
            }
        }
        dl.facts {
            div { dt { (t.fact_length) } dd { (mmss(p.duration_s)) } }
            div { dt { (t.fact_format) } dd { (fill(t.format_of, &[&p.sample_rate, &channels, &p.bits])) } }
            div { dt { (t.fact_range) } dd { (number(p.loudness_range_lu, 1)) " LU" } }
            div { dt { (t.fact_limiter) } dd {
                @if p.limiter.active_s > 0.0 {
                    (fill(t.limiter_acted, &[&format!("−{:.1}", p.limiter.max_gain_reduction_db.abs()), &format!("{:.1}", p.limiter.active_s)]))
                } @else { (t.limiter_never) }
            } }
            div { dt { (t.fact_made) } dd { (v.made) } }
        }
        section.player #player
            data-duration=(p.duration_s)
            data-x0=(PLOT_X.0)
            data-x1=(PLOT_X.1) {
            audio #bulletin-audio controls preload="metadata" src=(v.audio_url) {}
            p.hint { (t.player_hint) }
            h2 { (t.waveform) }
            div.wave-box #wave-box {
                @if let Some(svg) = plots.get(1) { (PreEscaped(*svg)) }
                div.cursor #cursor {}
            }
        }
        section.standouts {
            h2 { (t.standouts_title) }
            @let flagged: Vec<usize> = (0..r.takes.len()).filter(|&i| !reasons[i].is_empty()).collect();
            @if flagged.is_empty() {
                p.none { (fill(t.standouts_none, &[&format!("{OUTLIER_LU:.0}")])) }
            } @else {
                ul #standouts {
                    @for i in flagged {
                        @let take = &r.takes[i];
                        li {
                            button.small.play-from type="button" data-start=(take.start_s) { (t.play_from) }
                            " " strong { "#" (i + 1) " " (part_name(t, take)) } " (" (mmss(take.start_s)) "): "
                            (reasons[i].join("; "))
                        }
                    }
                }
            }
        }
        @if let Some(svg) = plots.first() {
            section {
                h2 { (t.loudness_plot) }
                (PreEscaped(*svg))
                p.legend { (fill(t.loudness_legend, &[&format!("{:.1}", p.target_lufs)])) }
            }
        }
        section {
            h2 { (t.rundown_title) }
            table.rundown-table #rundown-table {
                thead { tr {
                    th { "#" } th { (t.col_start) } th { (t.col_part) } th { (t.col_file) }
                    th { (t.col_length) } th { (t.col_loudness) } th { (t.col_gain) } th { (t.col_notes) }
                } }
                tbody {
                    @for (i, take) in r.takes.iter().enumerate() {
                        tr.take-row
                            class=(row_class(take, !reasons[i].is_empty()))
                            data-start=(take.start_s)
                            data-role=(take.role)
                            tabindex="0"
                            title=(t.play_from) {
                            td { (i + 1) }
                            td.num { (mmss(take.start_s)) }
                            td { (part_name(t, take)) }
                            td.source { (take.source) }
                            td.num { (mmss(take.trimmed_duration_s)) }
                            td.num { (number(take.loudness_lufs, 1)) " LUFS" }
                            td.num { (format!("{:+.1}", take.gain_db)) " dB" }
                            td { @for reason in &reasons[i] { span.flag { (reason) } } }
                        }
                    }
                }
            }
        }
        @if !v.downloads.is_empty() {
            section.downloads {
                h2 { (t.downloads) }
                div.actions {
                    @for (label, url) in &v.downloads {
                        a.button href=(url) { "⬇ " (label) }
                    }
                }
            }
        }
    }
}

fn row_class(take: &TakeReport, flagged: bool) -> String {
    let mut c = String::from(if is_speech(take) { "speech" } else { "music" });
    if flagged {
        c.push_str(" flagged");
    }
    c
}

fn verdict(t: &Texts, ok: bool, what: &str, value: &str, against: &str) -> Markup {
    html! {
        div class={"verdict " (if ok { "ok" } else { "bad" })} {
            span.mark aria-label=(if ok { t.verdict_pass } else { t.verdict_fail }) { (if ok { "✓" } else { "✗" }) }
            span.what { (what) }
            span.value { (value) }
            span.against { (against) }
        }
    }
}

/// "Nhạc mở đầu", "Tin 01, đoạn 01-2"…
pub fn part_name(t: &Texts, take: &TakeReport) -> String {
    match take.role.as_str() {
        "intro" => t.role_intro.into(),
        "opening" => t.role_opening.into(),
        "sting" => t.role_sting.into(),
        "closing" => t.role_closing.into(),
        "outro" => t.role_outro.into(),
        "bed" => t.role_bed.into(),
        _ => fill(
            t.role_take,
            &[
                &take.item_id.clone().unwrap_or_default(),
                &take.segment_id.clone().unwrap_or_default(),
            ],
        ),
    }
}

/// Why to listen to a take, in the station's language: the assembler's flags, then a
/// take recorded far louder or quieter than the others (as the report page says it).
fn reasons(t: &Texts, take: &TakeReport, median: Option<f64>) -> Vec<String> {
    let mut out: Vec<String> = take.flags.iter().map(|f| flag_text(t, f)).collect();
    if let (true, Some(level), Some(median)) = (is_speech(take), take.loudness_lufs, median) {
        let off = level - median;
        if off.abs() > OUTLIER_LU {
            let text = if off < 0.0 {
                t.outlier_quieter
            } else {
                t.outlier_louder
            };
            out.push(fill(
                text,
                &[&format!("{:.1}", off.abs()), &format!("{median:.1}")],
            ));
        }
    }
    out
}

/// The text between the first `(` and the next `)`.
fn in_brackets(s: &str) -> Option<&str> {
    let from = s.find('(')? + 1;
    let to = from + s[from..].find(')')?;
    Some(&s[from..to])
}

/// An assembler flag (English in the report, see `mix::prepare`) in the station's
/// language; one bantin does not know is shown as it is.
pub fn flag_text(t: &Texts, flag: &str) -> String {
    let first_number = |s: &str| -> String {
        s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .find(|w| !w.is_empty() && w != &"-")
            .unwrap_or("")
            .to_string()
    };
    let inner = in_brackets(flag).unwrap_or("");
    if flag.starts_with("phone bandwidth") {
        fill(t.flag_phone, &[&first_number(inner)])
    } else if flag.starts_with("narrow bandwidth") {
        fill(t.flag_narrow, &[&first_number(inner)])
    } else if flag.starts_with("clipped") {
        fill(t.flag_clipped, &[&first_number(inner)])
    } else if flag.starts_with("very short") {
        fill(t.flag_short, &[&inner])
    } else if flag.starts_with("very quiet") {
        fill(t.flag_quiet, &[&inner])
    } else if flag.starts_with("accepted as it is") {
        t.flag_accepted.to_string()
    } else if flag.contains("cut to") {
        fill(t.flag_cut, &[&first_number(flag)])
    } else {
        flag.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::VI;

    #[test]
    fn the_assemblers_flags_read_in_vietnamese() {
        assert_eq!(
            flag_text(&VI, "phone bandwidth (8 kHz)"),
            "âm thanh điện thoại (8 kHz): tiếng sẽ mỏng"
        );
        assert_eq!(
            flag_text(&VI, "clipped at 0 dBFS (3 places)"),
            "bị vỡ tiếng ở 3 chỗ"
        );
        assert_eq!(flag_text(&VI, "very short (1.2 s)"), "rất ngắn (1.2 s)");
        assert_eq!(
            flag_text(&VI, "very quiet (-47 LUFS): noise is raised with it"),
            "thu rất nhỏ (-47 LUFS): tiếng ồn bị tăng theo"
        );
        assert_eq!(
            flag_text(&VI, "accepted as it is: no speech"),
            "đã nghe và chấp nhận dùng như hiện có"
        );
        assert_eq!(
            flag_text(&VI, "38.0 s long: cut to 30 s with a fade"),
            "nhạc dài 38.0 giây, đã cắt ngắn lại"
        );
        assert_eq!(
            flag_text(&VI, "2 channels downmixed"),
            "2 channels downmixed"
        );
    }
}
