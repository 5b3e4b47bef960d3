//! The two pictures of the report page, as inline SVG: short-term loudness over time
//! (with the target and where each take starts) and the waveform envelope (with the
//! true-peak ceiling). Long programmes are reduced to a fixed number of columns so the
//! page stays small.

use std::fmt::Write;

use super::escape;
use crate::bulletin::report::{ProgrammeTrace, TakeReport};

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 18.0;
/// Height of one row of take numbers above the loudness plot.
const LABEL_ROW: f64 = 12.0;
/// Width of one digit of a take number (10 px text), and the space kept between two.
const DIGIT_WIDTH: f64 = 6.2;
const LABEL_GAP: f64 = 3.0;
const BOTTOM: f64 = 26.0;
/// The plot area's left and right edges as fractions of the width.
pub const X_RANGE: (f64, f64) = (LEFT / WIDTH, (WIDTH - RIGHT) / WIDTH);
/// Most points drawn per series: more than the plot has pixels is waste.
const MAX_COLUMNS: usize = 1000;

/// Maps programme time to x; the plot area starts at `top`.
struct TimeAxis {
    duration_s: f64,
    top: f64,
}

impl TimeAxis {
    fn x(&self, t: f64) -> f64 {
        let t = if t.is_finite() { t } else { 0.0 };
        LEFT + (t / self.duration_s).clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    }

    /// Tick marks and mm:ss labels along the bottom of a plot of height `height`.
    fn ticks(&self, svg: &mut String, height: f64) {
        let step = [5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0]
            .into_iter()
            .find(|s| self.duration_s / s <= 10.0)
            .unwrap_or(1800.0);
        let base = height - BOTTOM;
        let top = self.top;
        let mut t = 0.0;
        while t <= self.duration_s + 1e-9 {
            let x = self.x(t);
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{base:.1}"/><text class="tick" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                base + 16.0,
                super::mmss(t)
            );
            t += step;
        }
    }

    /// A thin vertical line where each take starts, numbered like the rundown rows (in
    /// the rows `label_rows` gives, above the plot). Takes staff should listen to
    /// (`flagged[i]`) are drawn in the flag colour.
    fn take_markers(
        &self,
        svg: &mut String,
        takes: &[TakeReport],
        flagged: &[bool],
        height: f64,
        label_rows: Option<&[usize]>,
    ) {
        let top = self.top;
        for (i, take) in takes.iter().enumerate() {
            let x = self.x(take.start_s);
            let class = match (super::standout::is_speech(take), flagged.get(i)) {
                (_, Some(true)) => "marker flagged",
                (true, _) => "marker",
                (false, _) => "marker music",
            };
            let _ = write!(
                svg,
                r#"<g class="{class}"><title>{} {} lúc {}: {}</title><line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{:.1}"/>"#,
                i + 1,
                escape(super::words::role(&take.role)),
                super::mmss(take.start_s),
                escape(&take.source),
                height - BOTTOM
            );
            if let Some(rows) = label_rows {
                // Row 0 is the one next to the plot.
                let row = rows.get(i).copied().unwrap_or(0) as f64;
                let _ = write!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                    x + 2.0,
                    top - 5.0 - row * LABEL_ROW,
                    i + 1
                );
            }
            svg.push_str("</g>");
        }
    }
}

/// Width of the label of take number `n`.
fn label_width(n: usize) -> f64 {
    n.to_string().len() as f64 * DIGIT_WIDTH
}

/// Rows for labels spanning `(from, to)` in x, in order of time, so that no two in a row
/// overlap (with a gap between): each goes to the lowest row whose last label ends
/// before it starts. Takes that start together (a jingle and the bed under it, a short
/// take) stack up instead of printing over each other.
fn label_rows(labels: &[(f64, f64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by(|&a, &b| labels[a].0.total_cmp(&labels[b].0));
    let mut row_ends: Vec<f64> = Vec::new();
    let mut rows = vec![0; labels.len()];
    for i in order {
        let (from, to) = labels[i];
        let row = match row_ends.iter().position(|&end| end + LABEL_GAP <= from) {
            Some(r) => r,
            None => {
                row_ends.push(f64::NEG_INFINITY);
                row_ends.len() - 1
            }
        };
        row_ends[row] = to;
        rows[i] = row;
    }
    rows
}

/// Averages of the present values in each of at most `MAX_COLUMNS` buckets.
fn reduce_loudness(series: &[Option<f64>]) -> (usize, Vec<Option<f64>>) {
    let per = series.len().div_ceil(MAX_COLUMNS).max(1);
    let reduced = series
        .chunks(per)
        .map(|bucket| {
            let present: Vec<f64> = bucket
                .iter()
                .flatten()
                .copied()
                .filter(|v| v.is_finite())
                .collect();
            (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
        })
        .collect();
    (per, reduced)
}

/// Short-term loudness against time, the target as a dashed line.
pub fn loudness_svg(
    trace: &ProgrammeTrace,
    takes: &[TakeReport],
    flagged: &[bool],
    duration_s: f64,
    target_lufs: f64,
) -> String {
    let duration_s = duration_s
        .max(trace.step_s * trace.short_term_lufs.len() as f64)
        .max(1.0);
    let lanes = TimeAxis {
        duration_s,
        top: TOP,
    };
    let labels: Vec<(f64, f64)> = takes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let x = lanes.x(t.start_s) + 2.0;
            (x, x + label_width(i + 1))
        })
        .collect();
    let rows = label_rows(&labels);
    let extra = rows.iter().max().map_or(0.0, |&r| r as f64 * LABEL_ROW);
    let axis = TimeAxis {
        duration_s,
        top: TOP + extra,
    };
    let height = 280.0 + extra;
    let top = axis.top;
    let (per, points) = reduce_loudness(&trace.short_term_lufs);
    let loudest = points.iter().flatten().copied().fold(f64::MIN, f64::max);
    // The scale follows the target: 24 LU below it, at least 6 above, more if needed.
    let hi = ((loudest.max(target_lufs + 6.0)) / 3.0).ceil() * 3.0;
    let lo = target_lufs - 24.0;
    let y = |v: f64| top + (hi - v.clamp(lo, hi)) / (hi - lo) * (height - top - BOTTOM);

    let mut svg = format!(
        r#"<svg class="plot" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Short-term loudness over time" xmlns="http://www.w3.org/2000/svg">"#
    );
    let mut level = hi;
    while level >= lo - 1e-9 {
        let yy = y(level);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{level:.0}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
        level -= 6.0;
    }
    axis.ticks(&mut svg, height);
    axis.take_markers(&mut svg, takes, flagged, height, Some(&rows));
    let ty = y(target_lufs);
    let _ = write!(
        svg,
        r#"<line class="target" x1="{LEFT}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}"><title>mục tiêu {target_lufs:.1} LUFS</title></line>"#,
        WIDTH - RIGHT
    );
    // One polyline per run of measured points; gaps (silence) stay gaps.
    let bucket_s = trace.step_s * per as f64;
    let mut run = String::new();
    let flush = |run: &mut String, svg: &mut String| {
        if !run.is_empty() {
            let _ = write!(
                svg,
                r#"<polyline class="loudness" points="{}"/>"#,
                run.trim_end()
            );
            run.clear();
        }
    };
    for (i, p) in points.iter().enumerate() {
        match p {
            Some(v) => {
                let _ = write!(run, "{:.1},{:.1} ", axis.x(i as f64 * bucket_s), y(*v));
            }
            None => flush(&mut run, &mut svg),
        }
    }
    flush(&mut run, &mut svg);
    let _ = write!(
        svg,
        r#"<text class="unit" x="4" y="{:.1}">LUFS</text></svg>"#,
        height - BOTTOM + 16.0
    );
    svg
}

/// The min/max envelope of the samples as a filled shape, with the ceiling marked.
pub fn waveform_svg(
    trace: &ProgrammeTrace,
    takes: &[TakeReport],
    flagged: &[bool],
    duration_s: f64,
    ceiling_dbtp: f64,
) -> String {
    const HEIGHT: f64 = 200.0;
    let axis = TimeAxis {
        duration_s: duration_s
            .max(trace.step_s * trace.waveform.len() as f64)
            .max(1.0),
        top: TOP,
    };
    let per = trace.waveform.len().div_ceil(MAX_COLUMNS).max(1);
    let columns: Vec<(f32, f32)> = trace
        .waveform
        .chunks(per)
        .map(|b| {
            b.iter().fold((0.0f32, 0.0f32), |(lo, hi), &(mn, mx)| {
                (lo.min(mn.max(-1.0)), hi.max(mx.min(1.0)))
            })
        })
        .collect();
    let mid = TOP + (HEIGHT - TOP - BOTTOM) / 2.0;
    let half = (HEIGHT - TOP - BOTTOM) / 2.0;
    let y = |v: f64| mid - v * half;

    let mut svg = format!(
        r#"<svg class="plot" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Waveform of the programme" xmlns="http://www.w3.org/2000/svg">"#
    );
    axis.ticks(&mut svg, HEIGHT);
    axis.take_markers(&mut svg, takes, flagged, HEIGHT, None);
    let _ = write!(
        svg,
        r#"<line class="grid" x1="{LEFT}" y1="{mid:.1}" x2="{:.1}" y2="{mid:.1}"/>"#,
        WIDTH - RIGHT
    );
    let ceiling = 10f64.powf(ceiling_dbtp / 20.0);
    for level in [ceiling, -ceiling] {
        let yy = y(level);
        let _ = write!(
            svg,
            r#"<line class="ceiling" x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}"><title>mức trần {ceiling_dbtp:.1} dBTP</title></line>"#,
            WIDTH - RIGHT
        );
    }
    if !columns.is_empty() {
        let bucket_s = trace.step_s * per as f64;
        let mut d = String::new();
        for (i, (_, hi)) in columns.iter().enumerate() {
            let cmd = if i == 0 { 'M' } else { 'L' };
            let _ = write!(
                d,
                "{cmd}{:.1},{:.1} ",
                axis.x(i as f64 * bucket_s),
                y(f64::from(*hi))
            );
        }
        for (i, (lo, _)) in columns.iter().enumerate().rev() {
            let _ = write!(
                d,
                "L{:.1},{:.1} ",
                axis.x(i as f64 * bucket_s),
                y(f64::from(*lo))
            );
        }
        let _ = write!(svg, r#"<path class="wave" d="{d}Z"/>"#);
    }
    let _ = write!(
        svg,
        r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">+1</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">-1</text></svg>"#,
        LEFT - 6.0,
        y(1.0) + 4.0,
        LEFT - 6.0,
        y(-1.0) + 4.0
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The take-number labels of a loudness plot: (x from, x to, y), read from the SVG.
    fn labels_in(svg: &str) -> Vec<(f64, f64, f64)> {
        svg.split("<g class=\"marker")
            .skip(1)
            .filter_map(|g| {
                let text = g.split("<text ").nth(1)?;
                let attr = |name: &str| -> f64 {
                    let from = text.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    text[from..].split('"').next().unwrap().parse().unwrap()
                };
                let number = text.split('>').nth(1)?.split('<').next()?;
                let x = attr("x");
                Some((x, x + number.len() as f64 * DIGIT_WIDTH, attr("y")))
            })
            .collect()
    }

    /// No two labels on one line overlap (with the gap kept between them).
    fn assert_apart(labels: &[(f64, f64, f64)]) {
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                let same_line = (a.2 - b.2).abs() < 1e-6;
                let overlap = a.0 < b.1 + LABEL_GAP && b.0 < a.1 + LABEL_GAP;
                assert!(!(same_line && overlap), "labels collide: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn labels_of_takes_that_start_together_do_not_collide() {
        // Seen on air: the bed and the greeting start at the same moment (takes 2 and 3),
        // and a short take right after.
        let (mut report, trace) = super::super::tests::sample();
        report.takes[1].start_s = 6.0;
        report.takes[1].role = "bed".into();
        report.takes[2].start_s = 6.0;
        report.takes[3].start_s = 6.3;
        let svg = loudness_svg(&trace, &report.takes, &[false; 9], 220.0, -16.0);
        let labels = labels_in(&svg);
        assert_eq!(labels.len(), report.takes.len());
        assert_apart(&labels);
        // Every label is above the plot, inside the picture.
        assert!(labels.iter().all(|l| l.2 > 0.0));
    }

    proptest! {
        #[test]
        fn no_two_labels_in_a_row_overlap(
            starts in proptest::collection::vec(0.0f64..900.0, 1..60)
        ) {
            let labels: Vec<(f64, f64)> = starts
                .iter()
                .enumerate()
                .map(|(i, &x)| (x, x + label_width(i + 1)))
                .collect();
            let rows = label_rows(&labels);
            let placed: Vec<(f64, f64, f64)> = labels
                .iter()
                .zip(&rows)
                .map(|(&(a, b), &r)| (a, b, r as f64))
                .collect();
            assert_apart(&placed);
            // A row is added only when every lower row is taken at that point.
            prop_assert!(rows.iter().max().copied().unwrap_or(0) < labels.len());
        }
    }
}
