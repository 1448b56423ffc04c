//! The report's summary figures, computed once from a [`Report`] for every renderer: the final
//! (overall) score, Tables A–D, and the gap between members, each with the string a report
//! prints (`+0.38 (69%)`, typographic minus). The arithmetic is the domain's; this module only
//! arranges it and never formats a number itself.

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::matrix::Ranked;
use pledgewatch_domain::{Average, PercentConvention, Person, Score, Verdict, person_key};

use crate::report::Report;
use crate::titles;

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

/// The line of an optional figure, `–` when nothing was scored. Prefer [`average_text`], which
/// tells an average over n/a cells only from one not yet assessed.
pub fn line_or_dash(figure: &Option<Figure>) -> &str {
    figure.as_ref().map_or(NO_FIGURE, |f| f.line.as_str())
}

/// Why a member, a commitment or the cycle has no average: every cell is n/a, or nothing is
/// scored yet. The two must read differently: a member excluded from every commitment has not
/// failed to report, and is not waiting for an analyst either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAverage {
    /// Every cell is n/a (and there is at least one).
    NotApplicable,
    /// Nothing scored, and at least one cell is not yet assessed (or there are no cells).
    NotYetAssessed,
}

impl NoAverage {
    /// Why `cells`, none of them scored, have no average.
    pub fn of(cells: impl IntoIterator<Item = Verdict>) -> NoAverage {
        let mut any = false;
        for v in cells {
            if v != Verdict::NotApplicable {
                return NoAverage::NotYetAssessed;
            }
            any = true;
        }
        if any {
            NoAverage::NotApplicable
        } else {
            NoAverage::NotYetAssessed
        }
    }

    /// As a table prints it: `n/a` or `–`.
    pub fn text(self) -> &'static str {
        match self {
            NoAverage::NotApplicable => "n/a",
            NoAverage::NotYetAssessed => NO_FIGURE,
        }
    }

    /// Spelled out, for a legend or a tooltip.
    pub fn meaning(self) -> &'static str {
        match self {
            NoAverage::NotApplicable => "not applicable: every cell is n/a",
            NoAverage::NotYetAssessed => "not yet assessed: no cell is scored yet",
        }
    }
}

/// How every renderer prints the average of `cells`: the published line (`+0.38 (69%)`), or,
/// when none of them is scored, `n/a` (all n/a) or `–` (not yet assessed).
pub fn average_text(figure: &Option<Figure>, cells: impl IntoIterator<Item = Verdict>) -> String {
    match figure {
        Some(f) => f.line.clone(),
        None => NoAverage::of(cells).text().to_string(),
    }
}

/// What a table's legend says about its abbreviations, the same in every format.
pub const LEGEND: &str = "n/a: not applicable (an average over n/a cells only is n/a); \u{2013}: not yet assessed. \
     Averages are over scored cells only: n/a and not yet assessed cells are left out of every average.";

/// One line of Table C (a member) or Table D (a commitment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedLine {
    /// 1 is best; equal averages share a rank. `None` when nothing was scored.
    pub rank: Option<usize>,
    /// `1`; without a rank, `n/a` when every cell is n/a and `–` otherwise.
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
    /// The figure's line, or `n/a` / `–` ([`average_text`]).
    pub average_text: String,
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
    /// The figure's line, or `n/a` / `–` ([`average_text`]).
    pub average_text: String,
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
    /// The same as printed: each line, or `n/a` / `–` ([`average_text`]).
    pub member_average_texts: Vec<String>,
    /// `overall` as printed.
    pub overall_text: String,
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
        .map(|(i, r)| {
            let figure = Figure::of(m.row_average(i), conv);
            TableBRow {
                number: r.code.clone(),
                title: r.title.clone(),
                area: r.area.clone(),
                cells: r.cells.clone(),
                average_text: average_text(&figure, r.cells.iter().copied()),
                figure,
            }
        })
        .collect();
    let column = |j: usize| (0..m.rows.len()).map(move |i| m.cell(i, j));
    let member_averages: Vec<Option<Figure>> = (0..m.members.len())
        .map(|j| Figure::of(m.member_average(j), conv))
        .collect();
    let member_average_texts = member_averages
        .iter()
        .enumerate()
        .map(|(j, f)| average_text(f, column(j)))
        .collect();
    let table_c = m.by_member();
    let by_member = table_c
        .iter()
        .map(|r| {
            let label = r.subject.name.clone();
            ranked(r, label, r.subject.code.clone(), conv, column(r.index))
        })
        .collect();
    let by_commitment = m
        .by_commitment()
        .iter()
        .map(|r| {
            let label = format!("{}. {}", r.subject.code, r.subject.title);
            let cells = m.rows.get(r.index).map_or(&[][..], |row| &row.cells[..]);
            ranked(
                r,
                label,
                r.subject.code.clone(),
                conv,
                cells.iter().copied(),
            )
        })
        .collect();
    let overall = Figure::of(m.overall(), conv);
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
        overall_text: average_text(
            &overall,
            m.rows.iter().flat_map(|r| r.cells.iter().copied()),
        ),
        overall,
        scored_cells,
        table_a: table_a(report),
        table_b,
        member_averages,
        member_average_texts,
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

fn ranked<T>(
    r: &Ranked<T>,
    label: String,
    code: String,
    conv: PercentConvention,
    cells: impl IntoIterator<Item = Verdict>,
) -> RankedLine {
    let figure = Figure::of(r.average, conv);
    let average_text = average_text(&figure, cells);
    RankedLine {
        rank: r.rank,
        // Without a rank the subject has no average: say why, as the average does.
        rank_text: r
            .rank
            .map_or_else(|| average_text.clone(), |n| n.to_string()),
        label,
        code,
        index: r.index,
        scored: r.scored,
        figure,
        average_text,
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

/// One role of the research team and the people who held it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRole {
    /// `Compliance Directors`, `Lead Analysts`, `Analysts`.
    pub heading: &'static str,
    /// Each person once, under the spelling the report uses most, with the other spellings.
    pub people: Vec<Person>,
}

/// The research team grouped by role (directors, lead analysts, analysts), people in the order
/// the chapters first name them; roles nobody held are left out. A person may hold several.
pub fn team_by_role(report: &Report) -> Vec<TeamRole> {
    let person = |name: &str| -> Option<Person> {
        let key = person_key(name);
        if key.is_empty() {
            return None;
        }
        Some(
            report
                .team
                .iter()
                .find(|p| p.key() == key)
                .cloned()
                .unwrap_or_else(|| Person {
                    name: name.trim().to_string(),
                    variants: Vec::new(),
                }),
        )
    };
    let collect = |names: &mut dyn Iterator<Item = &str>| -> Vec<Person> {
        let mut people: Vec<Person> = Vec::new();
        for p in names.filter_map(person) {
            if !people.iter().any(|q| q.key() == p.key()) {
                people.push(p);
            }
        }
        people
    };
    let chapters = &report.chapters;
    [
        (
            titles::COMPLIANCE_DIRECTORS,
            collect(&mut chapters.iter().filter_map(|c| c.director.as_deref())),
        ),
        (
            titles::LEAD_ANALYSTS,
            collect(&mut chapters.iter().filter_map(|c| c.lead_analyst.as_deref())),
        ),
        (
            titles::ANALYSTS,
            collect(
                &mut chapters
                    .iter()
                    .flat_map(|c| c.members.iter().filter_map(|m| m.analyst.as_deref())),
            ),
        ),
    ]
    .into_iter()
    .filter(|(_, people)| !people.is_empty())
    .map(|(heading, people)| TeamRole { heading, people })
    .collect()
}

/// A person as a team list prints them: `Olivier d’Aragon (also written Olivier d'Aragon)`.
pub fn person_line(p: &Person) -> String {
    if p.variants.is_empty() {
        p.name.clone()
    } else {
        format!("{} (also written {})", p.name, p.variants.join(", "))
    }
}

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

/// A chapter's average as printed: the line, `n/a` or `–` ([`average_text`]).
pub fn chapter_average_text(report: &Report, chapter: usize) -> String {
    let cells = report
        .matrix
        .rows
        .get(chapter)
        .map_or(&[][..], |r| &r.cells[..]);
    average_text(&chapter_average(report, chapter), cells.iter().copied())
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
    fn no_average_tells_n_a_from_not_yet_assessed() {
        let na = Verdict::NotApplicable;
        let pending = Verdict::NotAssessed;
        assert_eq!(average_text(&None, [na, na]), "n/a");
        assert_eq!(average_text(&None, [na, pending]), "\u{2013}");
        assert_eq!(average_text(&None, []), "\u{2013}");
        let f = Some(Figure::new(
            Average::ratio(1, 1),
            PercentConvention::Rescaled,
        ));
        assert_eq!(
            average_text(&f, [na, Verdict::Scored(Score::Full)]),
            "+1.00 (100%)"
        );
    }

    #[test]
    fn figure_prints_the_published_line() {
        let f = Figure::new(Average::ratio(11, 16), PercentConvention::Rescaled);
        assert_eq!(f.line, "+0.69 (84%)");
        assert_eq!(f.percent, 84);
    }
}
