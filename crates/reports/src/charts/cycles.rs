//! Each member's average across cycles: one labelled line per member over the cycles, oldest
//! compliance period first.
//!
//! Legibility, each rule tested: the plot is at least [`PLOT_MIN`] pixels wide however few the
//! cycles; each cycle owns an equal slot of the width and its label is wrapped between words to
//! that slot, so labels never overlap each other or run off the edge; member codes at the ends of
//! lines that meet (equal averages) are stacked apart with a leader to the point, so every line
//! stays named.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{Average, Cycle, member_key};

use super::{open, position, shorten, text};
use crate::html::escape::escape;
use crate::report::Report;

const LEFT: i64 = 60;
const TOP: i64 = 20;
/// The plot's height at least; taller when many codes must stack inside it.
const PLOT_H_MIN: i64 = 300;
/// The plot's width at least, so two cycles are not squeezed together.
pub const PLOT_MIN: i64 = 540;
/// Each cycle's share of the width at least.
const SLOT_MIN: i64 = 120;
/// Twice the width assumed for one 12 px glyph (7.5 px: wider than the average glyph of the
/// common sans-serif defaults, DejaVu Sans included), so estimated extents are never short.
pub const GLYPH_W2: i64 = 15;
/// Line height of a wrapped cycle label.
const LINE_H: i64 = 15;
/// Vertical distance between stacked member codes (12 px text plus air).
pub const CODE_GAP: i64 = 14;
/// A wrapped label longer than this many lines ends with an ellipsis.
const MAX_LABEL_LINES: usize = 4;
const LEGEND_COL: i64 = 180;

/// Line colours, cycled through by member; each line also carries its member code.
const INK: [&str; 8] = [
    "#1f5fa8", "#b3261e", "#1a7f37", "#7b3294", "#e66101", "#4d4d4d", "#008b8b", "#8c510a",
];

/// One cycle's scores for the across-cycles charts: its name, when its compliance period
/// starts (which orders the cycles) and its matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleScores {
    pub name: String,
    /// The first day of the compliance period; `None` when the cycle has no period.
    pub starts: Option<Date>,
    pub matrix: ScoreMatrix,
}

impl CycleScores {
    pub fn new(cycle: &Cycle, matrix: ScoreMatrix) -> CycleScores {
        CycleScores {
            name: cycle.name.clone(),
            starts: cycle.period.map(|p| p.start),
            matrix,
        }
    }
}

/// The one order of cycles on every chart, page, report and site: oldest compliance period
/// first, cycles without a period after all that have one, equal starts by name.
pub fn cycle_order(a: (Option<Date>, &str), b: (Option<Date>, &str)) -> Ordering {
    (a.0.is_none(), a.0, a.1).cmp(&(b.0.is_none(), b.0, b.1))
}

/// Sorts `cycles` by [`cycle_order`].
pub fn sort_cycles(cycles: &mut [CycleScores]) {
    cycles.sort_by(|a, b| cycle_order((a.starts, &a.name), (b.starts, &b.name)));
}

/// The chart of every member's average in each of `series` (cycle name, its matrix) in the
/// order given, or `None` when there are fewer than two cycles.
pub fn across_cycles(series: &[(String, ScoreMatrix)]) -> Option<String> {
    let refs: Vec<(&str, &ScoreMatrix)> = series.iter().map(|(n, m)| (n.as_str(), m)).collect();
    chart(&refs, None)
}

/// The same chart for one member (spelling variants match), or `None` when the member has an
/// average in fewer than two of the cycles.
pub fn member_across_cycles(series: &[(String, ScoreMatrix)], member: &str) -> Option<String> {
    let refs: Vec<(&str, &ScoreMatrix)> = series.iter().map(|(n, m)| (n.as_str(), m)).collect();
    chart(&refs, Some(member))
}

/// The report's across-cycles chart: its own cycle with the other cycles it was given
/// ([`Report::other_cycles`]), in [`cycle_order`]; `None` with only one cycle.
pub fn report_across_cycles(report: &Report) -> Option<String> {
    chart(&report_series(report), None)
}

/// As [`report_across_cycles`] for one member of the report.
pub fn report_member_across_cycles(report: &Report, member: &str) -> Option<String> {
    chart(&report_series(report), Some(member))
}

/// The report's cycle and its other cycles (a namesake of the report's own left out: the report
/// is the newer word on it), in [`cycle_order`].
fn report_series(report: &Report) -> Vec<(&str, &ScoreMatrix)> {
    let own = report.cycle.period.map(|p| p.start);
    let mut all: Vec<(Option<Date>, &str, &ScoreMatrix)> =
        vec![(own, &report.cycle.name, &report.matrix)];
    all.extend(
        report
            .other_cycles
            .iter()
            .filter(|c| c.name != report.cycle.name)
            .map(|c| (c.starts, c.name.as_str(), &c.matrix)),
    );
    all.sort_by(|a, b| cycle_order((a.0, a.1), (b.0, b.1)));
    all.into_iter().map(|(_, n, m)| (n, m)).collect()
}

/// The width a text is assumed to take, in pixels (rounded up).
pub fn text_width(s: &str) -> i64 {
    (i64::try_from(s.chars().count()).unwrap_or(i64::MAX / GLYPH_W2) * GLYPH_W2 + 1) / 2
}

/// `label` in lines of at most `max` characters, broken between words; a word longer than a
/// line is shortened, and a label needing more than [`MAX_LABEL_LINES`] lines ends with an
/// ellipsis.
fn wrap(label: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let word = shorten(word, max);
        let used = line.chars().count();
        if used == 0 {
            line = word;
        } else if used + 1 + word.chars().count() <= max {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > MAX_LABEL_LINES {
        lines.truncate(MAX_LABEL_LINES);
        if let Some(last) = lines.last_mut() {
            let mut cut: String = last.chars().take(max - 1).collect();
            cut.push('\u{2026}');
            *last = cut;
        }
    }
    lines
}

/// Positions for labels wanted at `wanted` (ascending), at least `gap` apart and each as near
/// its wanted place as the others allow: labels that would collide form a run centred on their
/// wanted places, kept within `lo..=hi` where the run fits.
fn dodge(wanted: &[i64], gap: i64, lo: i64, hi: i64) -> Vec<i64> {
    // A run: its first label, how many, and the sum of the tops its labels would each give it.
    struct Run {
        first: usize,
        count: i64,
        sum: i64,
    }
    let top = |r: &Run| {
        let highest = (hi - (r.count - 1) * gap).max(lo);
        r.sum.div_euclid(r.count).clamp(lo, highest)
    };
    let mut runs: Vec<Run> = Vec::new();
    for (i, &w) in wanted.iter().enumerate() {
        runs.push(Run {
            first: i,
            count: 1,
            sum: w,
        });
        while runs.len() > 1 {
            let (prev, last) = (&runs[runs.len() - 2], &runs[runs.len() - 1]);
            if top(prev) + prev.count * gap <= top(last) {
                break;
            }
            let shift = i64::try_from(last.first - prev.first).unwrap_or(0) * gap;
            let merged = Run {
                first: prev.first,
                count: prev.count + last.count,
                sum: prev.sum + last.sum - last.count * shift,
            };
            runs.pop();
            runs.pop();
            runs.push(merged);
        }
    }
    let mut out = Vec::with_capacity(wanted.len());
    for r in &runs {
        let t = top(r);
        out.extend((0..r.count).map(|k| t + k * gap));
    }
    out
}

fn chart(series: &[(&str, &ScoreMatrix)], only: Option<&str>) -> Option<String> {
    if series.len() < 2 {
        return None;
    }
    // Members in order of first appearance across the cycles, keyed spelling-insensitively.
    let mut members: Vec<(String, String, String)> = Vec::new(); // key, name, code
    for (_, m) in series {
        for mem in &m.members {
            let key = member_key(&mem.name);
            if only.is_some_and(|o| member_key(o) != key) {
                continue;
            }
            if !members.iter().any(|(k, _, _)| *k == key) {
                members.push((key, mem.name.clone(), mem.code.clone()));
            }
        }
    }
    let averages: Vec<Vec<Option<Average>>> = members
        .iter()
        .map(|(_, name, _)| {
            series
                .iter()
                .map(|(_, m)| m.member_index(name).and_then(|j| m.member_average(j)))
                .collect()
        })
        .collect();
    let points = averages.iter().flatten().filter(|a| a.is_some()).count();
    if members.is_empty() || (only.is_some() && points < 2) {
        return None;
    }

    let cycles = i64::try_from(series.len()).unwrap_or(i64::MAX / SLOT_MIN);
    // Equal slots, each at least SLOT_MIN, together at least PLOT_MIN; a cycle's point and
    // label sit at its slot's centre, so a label as wide as its slot reaches neither the next
    // label nor the edge.
    let slot = SLOT_MIN.max((PLOT_MIN + cycles - 1) / cycles);
    let plot_w = slot * cycles;
    let x_of = |i: i64| LEFT + i * slot + slot / 2;
    let label_chars = usize::try_from((slot - 12) * 2 / GLYPH_W2).unwrap_or(1);
    let labels: Vec<Vec<String>> = series
        .iter()
        .map(|(name, _)| wrap(name, label_chars))
        .collect();
    let label_lines =
        i64::try_from(labels.iter().map(Vec::len).max().unwrap_or(1).max(1)).unwrap_or(1);
    let count = i64::try_from(members.len()).unwrap_or(i64::MAX / CODE_GAP);
    let plot_h = PLOT_H_MIN.max(count * CODE_GAP);
    // y for an average: +1 at TOP, −1 at TOP + plot_h (position() runs left to right, so flip).
    let y_of = |a: Average| TOP + plot_h - position(a, 0, plot_h);

    // Where each member's line ends, and where its code goes: codes of lines ending at the same
    // cycle are spread apart so that equal averages do not print on top of each other.
    let ends: Vec<Option<(i64, i64)>> = averages
        .iter()
        .map(|avgs| {
            (0i64..)
                .zip(avgs)
                .filter_map(|(i, a)| a.map(|a| (x_of(i), y_of(a))))
                .last()
        })
        .collect();
    let mut by_x: BTreeMap<i64, Vec<(i64, usize)>> = BTreeMap::new();
    for (k, end) in ends.iter().enumerate() {
        if let Some((x, y)) = end {
            by_x.entry(*x).or_default().push((*y, k));
        }
    }
    let mut code_y: Vec<Option<i64>> = vec![None; members.len()];
    for group in by_x.values_mut() {
        group.sort_unstable();
        let wanted: Vec<i64> = group.iter().map(|(y, _)| *y).collect();
        for ((_, k), y) in group
            .iter()
            .zip(dodge(&wanted, CODE_GAP, TOP, TOP + plot_h))
        {
            code_y[*k] = Some(y);
        }
    }

    let widest_code = members
        .iter()
        .map(|(_, _, code)| text_width(code))
        .max()
        .unwrap_or(0);
    let label_top = TOP + plot_h + 20;
    let legend_top = label_top + (label_lines - 1) * LINE_H + 34;
    let legend_cols = (plot_w / LEGEND_COL).max(1);
    let legend_rows = (count + legend_cols - 1) / legend_cols;
    let width = (LEFT + plot_w + 10).max(LEFT + plot_w - slot / 2 + 14 + widest_code + 10);
    let height = legend_top + legend_rows * 20 + 10;

    let mut desc = String::from("Member averages by cycle.");
    for ((_, name, _), avgs) in members.iter().zip(&averages) {
        let _ = write!(desc, " {name}:");
        for ((cycle, m), a) in series.iter().zip(avgs) {
            match a {
                Some(a) => {
                    let _ = write!(desc, " {cycle} {};", a.published_line(m.convention));
                }
                None => {
                    let _ = write!(desc, " {cycle} no score;");
                }
            }
        }
    }
    let title = match (only, members.first()) {
        // Named as the data writes it, whatever spelling the caller asked with.
        (Some(_), Some((_, name, _))) => format!("{name}: average across cycles"),
        _ => "Member averages across cycles".to_string(),
    };
    let mut out = String::with_capacity(4096);
    open(&mut out, "cycles", width, height, &title, &desc);

    for (num, label) in [
        (-2, "\u{2212}1"),
        (-1, "\u{2212}0.5"),
        (0, "0"),
        (1, "+0.5"),
        (2, "+1"),
    ] {
        let y = y_of(Average::ratio(num, 2));
        let (stroke, w) = if num == 0 {
            ("#000000", 2)
        } else {
            ("#cccccc", 1)
        };
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{stroke}\" stroke-width=\"{w}\"/>",
            LEFT + plot_w
        );
        text(&mut out, LEFT - 8, y + 4, "end", "", label);
    }
    for (i, lines) in (0i64..).zip(&labels) {
        let x = x_of(i);
        let _ = write!(
            out,
            "<text class=\"cycle\" x=\"{x}\" y=\"{label_top}\" text-anchor=\"middle\">"
        );
        for (l, line) in (0i64..).zip(lines) {
            let _ = write!(
                out,
                "<tspan x=\"{x}\" y=\"{}\">{}</tspan>",
                label_top + l * LINE_H,
                escape(line)
            );
        }
        out.push_str("</text>");
    }

    for (k, ((_, name, code), avgs)) in members.iter().zip(&averages).enumerate() {
        let ink = INK[k % INK.len()];
        let _ = write!(out, "<g><title>{}</title>", escape(name));
        // Lines break where a cycle has no average for the member.
        let mut run: Vec<(i64, i64)> = Vec::new();
        let flush = |run: &mut Vec<(i64, i64)>, out: &mut String| {
            if run.len() > 1 {
                let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x},{y}")).collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{ink}\" stroke-width=\"2\"/>",
                    pts.join(" ")
                );
            }
            run.clear();
        };
        for (i, a) in (0i64..).zip(avgs) {
            match a {
                Some(a) => run.push((x_of(i), y_of(*a))),
                None => flush(&mut run, &mut out),
            }
        }
        flush(&mut run, &mut out);
        for (i, a) in (0i64..).zip(avgs) {
            if let Some(a) = a {
                let _ = write!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{ink}\"/>",
                    x_of(i),
                    y_of(*a)
                );
            }
        }
        // The member's code at the end of its line, so lines are told apart without colour; a
        // code moved off its point (to make room for an equal one) gets a leader to it.
        if let (Some((x, y)), Some(cy)) = (ends[k], code_y[k]) {
            if cy != y {
                let _ = write!(
                    out,
                    "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{cy}\" stroke=\"{ink}\" stroke-width=\"1\"/>",
                    x + 4,
                    x + 12
                );
            }
            text(
                &mut out,
                x + 14,
                cy + 4,
                "start",
                &format!(" class=\"code\" fill=\"{ink}\""),
                code,
            );
        }
        out.push_str("</g>");
        let kk = i64::try_from(k).unwrap_or(0);
        let (lx, ly) = (
            LEFT + (kk % legend_cols) * LEGEND_COL,
            legend_top + (kk / legend_cols) * 20,
        );
        let _ = write!(
            out,
            "<line x1=\"{lx}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{ink}\" stroke-width=\"2\"/>",
            ly - 4,
            lx + 18,
            ly - 4
        );
        // The legend column holds 24 px of key and (LEGEND_COL − 30) px of text.
        let fits = usize::try_from((LEGEND_COL - 30) * 2 / GLYPH_W2).unwrap_or(1);
        text(
            &mut out,
            lx + 24,
            ly,
            "start",
            "",
            &shorten(&format!("{code} {name}"), fits),
        );
    }
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_between_words_and_end_with_an_ellipsis() {
        assert_eq!(
            wrap("2023 G7 Hiroshima Summit Final", 14),
            ["2023 G7", "Hiroshima", "Summit Final"]
        );
        assert_eq!(wrap("Short", 14), ["Short"]);
        assert_eq!(wrap("Extraordinarily", 6), ["Extra\u{2026}"]);
        let many = wrap("a b c d e f g h i j", 3);
        assert_eq!(many.len(), MAX_LABEL_LINES);
        assert_eq!(many[3], "g \u{2026}");
        assert!(wrap("", 10).is_empty());
    }

    #[test]
    fn equal_places_are_spread_apart_around_them() {
        assert_eq!(dodge(&[100, 100, 100], 14, 0, 400), [86, 100, 114]);
        assert_eq!(dodge(&[100, 200], 14, 0, 400), [100, 200]);
        // At the top edge the run moves down rather than out of the plot.
        assert_eq!(dodge(&[20, 20, 20], 14, 20, 320), [20, 34, 48]);
        // Near each other: the run takes the room it needs.
        assert_eq!(dodge(&[100, 105, 200], 14, 0, 400), [95, 109, 200]);
        // A run that reaches the next label joins it.
        assert_eq!(dodge(&[100, 100, 120], 14, 0, 400), [92, 106, 120]);
    }

    #[test]
    fn cycles_order_by_period_start_then_name() {
        use jiff::civil::date;
        let mut v = [
            (None, "A"),
            (Some(date(2024, 6, 15)), "2024 B"),
            (Some(date(2023, 5, 21)), "2023 Z"),
            (Some(date(2024, 6, 15)), "2024 A"),
        ];
        v.sort_by(|a, b| cycle_order(*a, *b));
        let names: Vec<&str> = v.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, ["2023 Z", "2024 A", "2024 B", "A"]);
    }
}
