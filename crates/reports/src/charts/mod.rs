//! Charts as standalone SVG strings: no script, no external assets, deterministic output.
//!
//! Every chart has `role="img"`, a `<title>` and a `<desc>` that states the figures in words, text
//! labels on every mark (colour is never the only signal) and a legend. Coordinates are integers
//! computed from the exact averages, so the same data always yields the same bytes.

mod bars;
mod cycles;
mod files;
mod heatmap;

pub use bars::ranking_bars;
pub use cycles::{
    CycleScores, across_cycles, cycle_order, member_across_cycles, report_across_cycles,
    report_member_across_cycles, sort_cycles,
};
pub use files::{MarkdownCharts, ReportChart, markdown_figures, report_charts, write_beside};
pub use heatmap::heatmap;

use std::fmt::Write as _;

use pledgewatch_domain::Average;

use crate::html::escape::escape;

/// Opens an `<svg>` with its accessible name and description; `id` keeps several charts on one
/// page apart.
fn open(out: &mut String, id: &str, width: i64, height: i64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" \
         height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\" font-size=\"12\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

/// A text element; `anchor` is `start`, `middle` or `end`.
fn text(out: &mut String, x: i64, y: i64, anchor: &str, extra: &str, body: &str) {
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
        escape(body)
    );
}

/// `value` (an average in −1..=+1) on an axis whose −1 is at `left` and +1 at `left + span`,
/// rounded to the nearest pixel.
fn position(value: Average, left: i64, span: i64) -> i64 {
    let (n, d) = (
        i128::from(value.numerator()),
        i128::from(value.denominator()),
    );
    // left + (v + 1) / 2 × span, rounded half up.
    let twice = (n + d) * i128::from(span);
    let offset = (twice + d).div_euclid(2 * d);
    left + i64::try_from(offset).unwrap_or(0)
}

/// Shortens a label to `max` characters with an ellipsis, whole characters only.
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
    s.push('\u{2026}');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_span_the_axis() {
        assert_eq!(position(Average::ratio(-1, 1), 100, 400), 100);
        assert_eq!(position(Average::ratio(0, 1), 100, 400), 300);
        assert_eq!(position(Average::ratio(1, 1), 100, 400), 500);
        assert_eq!(position(Average::ratio(3, 8), 0, 400), 275);
    }

    #[test]
    fn long_labels_are_shortened() {
        assert_eq!(shorten("Border Management", 40), "Border Management");
        assert_eq!(shorten("abcdef", 4), "abc\u{2026}");
    }
}
