//! The report's summary figures, computed once from a [`Report`] for every renderer: the final
//! (overall) score, Tables A–D, and the gap between members, each with the string a report
//! prints (`+0.38 (69%)`, typographic minus). The arithmetic is the domain's; this module only
//! arranges it and never formats a number itself.

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::matrix::Ranked;
use pledgewatch_domain::{Average, PercentConvention, Score, Verdict};

use crate::report::Report;

/// An exact average with its published line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub average: Average,
    /// Under the cycle's percentage convention.
    pub percent: i64,
    /// `+0.38 (69%)`
    pub line: String,
}

impl Figure {
    pub fn new(average: Average, convention: PercentConvention) -> Figure {
        Figure {
            average,
            percent: average.percent(convention),
            line: average.published_line(convention),
        }
    }

    fn of(average: Option<Average>, convention: PercentConvention) -> Option<Figure> {
        average.map(|a| Figure::new(a, convention))
    }
}

/// What a report prints where there is no figure (nothing scored).
pub const NO_FIGURE: &str = "\u{2013}";

/// The line of an optional figure, `–` when nothing was scored.
pub fn line_or_dash(figure: &Option<Figure>) -> &str {
    figure.as_ref().map_or(NO_FIGURE, |f| f.line.as_str())
}

/// One line of Table C (a member) or Table D (a commitment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedLine {
    /// 1 is best; equal averages share a rank. `None` when nothing was scored.
    pub rank: Option<usize>,
    /// `1`, or `–` without a rank.
    pub rank_text: String,
    /// A member's name, or a commitment's `18. Border Management`.
    pub label: String,
    /// A member's code (`CAN`) or a commitment's number (`18`).
    pub code: String,
    /// Column (member) or row (commitment) in the matrix.
    pub index: usize,
    /// How many scored cells the average is over.
    pub scored: usize,
    pub figure: Option<Figure>,
}

/// One line of Table A: a commitment selected for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableARow {
    /// `18`
    pub number: String,
    /// `Migration and Refugees`
    pub area: String,
    /// `Border Management`
    pub title: String,
}

/// One row of Table B with its cells as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableBRow {
    pub number: String,
    pub title: String,
    pub area: String,
    pub cells: Vec<Verdict>,
    pub figure: Option<Figure>,
}

/// The compliance gap with the members at each end named (all of them when several share it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapFigure {
    pub highest_members: Vec<String>,
    pub highest: Figure,
    pub lowest_members: Vec<String>,
    pub lowest: Figure,
    pub difference: Average,
    /// `0.50`
    pub difference_text: String,
    /// `25`
    pub points: i64,
    /// `0.50 (25 percentage points)`
    pub line: String,
}

/// Every summary figure of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The final score: the average of every scored cell of the cycle.
    pub overall: Option<Figure>,
    /// How many cells `overall` is taken over.
    pub scored_cells: usize,
    pub table_a: Vec<TableARow>,
    pub table_b: Vec<TableBRow>,
    /// Member averages in matrix (column) order: the bottom row of Table B.
    pub member_averages: Vec<Option<Figure>>,
    /// Table C, best first.
    pub by_member: Vec<RankedLine>,
    /// Table D, best first.
    pub by_commitment: Vec<RankedLine>,
    pub gap: Option<GapFigure>,
}

/// Computes the summary of `report`.
pub fn summary(report: &Report) -> Summary {
    let m = &report.matrix;
    let conv = m.convention;
    let scored_cells = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .filter(|v| v.score().is_some())
        .count();
    let table_b = m
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| TableBRow {
            number: r.code.clone(),
            title: r.title.clone(),
            area: r.area.clone(),
            cells: r.cells.clone(),
            figure: Figure::of(m.row_average(i), conv),
        })
        .collect();
    let member_averages = (0..m.members.len())
        .map(|j| Figure::of(m.member_average(j), conv))
        .collect();
    let table_c = m.by_member();
    let by_member = table_c
        .iter()
        .map(|r| ranked(r, r.subject.name.clone(), r.subject.code.clone(), conv))
        .collect();
    let by_commitment = m
        .by_commitment()
        .iter()
        .map(|r| {
            let label = format!("{}. {}", r.subject.code, r.subject.title);
            ranked(r, label, r.subject.code.clone(), conv)
        })
        .collect();
    let gap = m.gap().map(|g| {
        // Several members may share an end of the gap: name them all, in Table C order.
        let sharing = |a: Average| -> Vec<String> {
            table_c
                .iter()
                .filter(|r| r.average == Some(a))
                .map(|r| r.subject.name.clone())
                .collect()
        };
        let difference_text = g.difference.unsigned();
        GapFigure {
            highest_members: sharing(g.highest.1),
            highest: Figure::new(g.highest.1, conv),
            lowest_members: sharing(g.lowest.1),
            lowest: Figure::new(g.lowest.1, conv),
            difference: g.difference,
            line: format!("{difference_text} ({} percentage points)", g.points),
            difference_text,
            points: g.points,
        }
    });
    Summary {
        overall: Figure::of(m.overall(), conv),
        scored_cells,
        table_a: table_a(report),
        table_b,
        member_averages,
        by_member,
        by_commitment,
        gap,
    }
}

/// Table A: the commitments in report order.
pub fn table_a(report: &Report) -> Vec<TableARow> {
    report
        .chapters
        .iter()
        .map(|c| TableARow {
            number: c.commitment.code.clone(),
            area: c.commitment.area.clone(),
            title: c.commitment.title.clone(),
        })
        .collect()
}

fn ranked<T>(r: &Ranked<T>, label: String, code: String, conv: PercentConvention) -> RankedLine {
    RankedLine {
        rank: r.rank,
        rank_text: r
            .rank
            .map_or_else(|| NO_FIGURE.to_string(), |n| n.to_string()),
        label,
        code,
        index: r.index,
        scored: r.scored,
        figure: Figure::of(r.average, conv),
    }
}

/// A verdict as a table cell prints it: `+1`, `0`, `−1`, `n/a`, and `–` for not yet assessed.
pub fn cell_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Scored(s) => s.published(),
        Verdict::NotApplicable => "n/a",
        Verdict::NotAssessed => NO_FIGURE,
    }
}

/// A verdict in running text: `+1`, `0`, `−1`, `n/a`, `not yet assessed`.
pub fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Scored(s) => s.published(),
        Verdict::NotApplicable => "n/a",
        Verdict::NotAssessed => "not yet assessed",
    }
}

/// The Assessment table's column for a verdict: 0 No Compliance, 1 Partial, 2 Full; `None` for
/// n/a and not yet assessed (printed across the row instead).
pub fn assessment_column(verdict: Verdict) -> Option<usize> {
    match verdict {
        Verdict::Scored(Score::NoCompliance) => Some(0),
        Verdict::Scored(Score::Partial) => Some(1),
        Verdict::Scored(Score::Full) => Some(2),
        _ => None,
    }
}

/// The Assessment table's column headings.
pub const ASSESSMENT_COLUMNS: [&str; 3] =
    ["No Compliance", "Partial Compliance", "Full Compliance"];

/// `15 June 2024 – 15 May 2025`, the cycle's compliance period, if known.
pub fn period_text(report: &Report) -> Option<String> {
    report
        .cycle
        .period
        .map(|p| format!("{} \u{2013} {}", long_date(p.start), long_date(p.end)))
}

/// A chapter's average line: `Average +0.38 (69%)` as the Assessment table ends.
pub fn chapter_average(report: &Report, chapter: usize) -> Option<Figure> {
    Figure::of(report.matrix.row_average(chapter), report.matrix.convention)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_three_states_apart() {
        assert_eq!(cell_text(Verdict::Scored(Score::NoCompliance)), "\u{2212}1");
        assert_eq!(cell_text(Verdict::NotApplicable), "n/a");
        assert_eq!(cell_text(Verdict::NotAssessed), "\u{2013}");
        assert_eq!(verdict_text(Verdict::NotAssessed), "not yet assessed");
        assert_eq!(assessment_column(Verdict::Scored(Score::Full)), Some(2));
        assert_eq!(assessment_column(Verdict::NotApplicable), None);
    }

    #[test]
    fn figure_prints_the_published_line() {
        let f = Figure::new(Average::ratio(11, 16), PercentConvention::Rescaled);
        assert_eq!(f.line, "+0.69 (84%)");
        assert_eq!(f.percent, 84);
    }
}
