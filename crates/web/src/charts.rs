//! The report renderers' SVG charts placed inline in the pages.
//!
//! Askama escapes everything on these pages. A chart is the one exception, through this type
//! only: `pledgewatch_reports::charts` writes the SVG by hand and escapes every text and
//! attribute value it puts in (tested there with script-bearing names), and the markup has no
//! script, no event attribute and no outside reference, so the page's Content-Security-Policy
//! (`default-src 'none'`) holds for it unchanged.

use std::fmt;

use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_reports::charts;

/// An SVG chart from `pledgewatch_reports::charts`, written into a page as markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(String);

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Svg {}

/// The member × commitment heatmap.
pub fn heatmap(matrix: &ScoreMatrix) -> Svg {
    Svg(charts::heatmap(matrix))
}

/// Members ranked by average with the overall average marked.
pub fn ranking_bars(matrix: &ScoreMatrix) -> Svg {
    Svg(charts::ranking_bars(matrix))
}

/// `member`'s average in each of `series` (cycle name, matrix, in the order to show), or `None`
/// when the member has an average in fewer than two of them.
pub fn member_across_cycles(series: &[(String, ScoreMatrix)], member: &str) -> Option<Svg> {
    charts::member_across_cycles(series, member).map(Svg)
}
