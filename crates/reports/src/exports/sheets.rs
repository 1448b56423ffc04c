//! The exported tables as [`Sheet`]s, with the codebook's words for every column.

use pledgewatch_domain::sheet::{
    MEMBER_AVERAGE_ROW, MEMBER_DENOMINATOR_ROW, MEMBER_NUMERATOR_ROW, MEMBER_PERCENT_ROW,
    MEMBER_SCORED_ROW, OVERALL_ROW, is_figure_column,
};
use pledgewatch_domain::{Average, PercentConvention, Verdict};

use super::{Cell, Column, Sheet};
use crate::Report;

const SCORE_VALUES: &str = "-1 (no compliance), 0 (partial), 1 (full compliance), n/a (not applicable: member not bound or excluded), empty (not yet assessed)";

/// A score cell: the number when scored, `n/a`, or empty when not yet assessed.
pub(crate) fn score_cell(v: Verdict) -> Cell {
    match v {
        Verdict::Scored(s) => Cell::Int(i64::from(s.value())),
        Verdict::NotApplicable => Cell::text("n/a"),
        Verdict::NotAssessed => Cell::Empty,
    }
}

/// How many columns [`average_columns`] gives.
const AVERAGE_COLUMNS: usize = 5;

/// The five columns of an average: published string, percentage, published line, and the
/// exact fraction.
fn average_columns(of: &str) -> Vec<Column> {
    vec![
        Column::new(
            "average",
            format!(
                "Average score of the {of} over its scored cells (n/a and not yet assessed left out), two decimals rounded half away from zero, signed"
            ),
            "text",
            "-1.00 to +1.00; empty when nothing is scored",
        ),
        Column::new(
            "percent",
            format!(
                "The {of}'s average as a percentage under the cycle's convention, rounded half up"
            ),
            "integer",
            "0 to 100 (rescaled: (average+1)/2x100) or -100 to 100 (legacy: averagex100); empty when nothing is scored",
        ),
        Column::new(
            "published",
            "The average as a report prints it",
            "text",
            "e.g. +0.38 (69%), typographic minus for negatives; empty when nothing is scored",
        ),
        Column::new(
            "numerator",
            "The exact average is numerator/denominator (reduced): use these, not the rounded string, for arithmetic",
            "integer",
            "any integer; empty when nothing is scored",
        ),
        Column::new(
            "denominator",
            "See numerator",
            "integer",
            "positive integer; empty when nothing is scored",
        ),
    ]
}

fn average_cells(a: Option<Average>, convention: PercentConvention) -> Vec<Cell> {
    match a {
        Some(a) => vec![
            Cell::Text(a.signed_ascii()),
            Cell::Int(a.percent(convention)),
            Cell::Text(a.published_line(convention)),
            Cell::Int(a.numerator()),
            Cell::Int(a.denominator()),
        ],
        None => vec![Cell::Empty; 5],
    }
}

fn scored_column(of: &str) -> Column {
    Column::new(
        "scored",
        format!("How many cells of the {of} are scored (-1, 0 or +1)"),
        "integer",
        "0 or more",
    )
}

/// Table B: one row per commitment, a score column per member, the row's average; below them
/// the members' figures along the bottom (scored cells, average, percentage, exact fraction:
/// one row each, named in the first column), and a last row `overall` with the average of every
/// scored cell of the cycle. The names of these rows and of the figure columns are the domain's
/// ([`pledgewatch_domain::sheet::TABLE_B_FIGURE_ROWS`] and `TABLE_B_FIGURE_COLUMNS`), which the score-sheet importer skips,
/// so this export imports as it is.
pub fn table_b(report: &Report) -> Sheet<'_> {
    let m = &report.matrix;
    let mut columns = vec![
        Column::new(
            "commitment",
            format!(
                "The commitment's number in the report; below the commitments, rows named `{MEMBER_SCORED_ROW}`, `{MEMBER_AVERAGE_ROW}`, `{MEMBER_PERCENT_ROW}`, `{MEMBER_NUMERATOR_ROW}` and `{MEMBER_DENOMINATOR_ROW}` give each member's figures in its column, and the last row `{OVERALL_ROW}` every scored cell of the cycle in the row-figure columns"
            ),
            "text",
            "e.g. 18",
        ),
        Column::new("area", "The commitment's policy area", "text", "free text"),
        Column::new("title", "The commitment's short title", "text", "free text"),
    ];
    for member in &m.members {
        columns.push(Column::new(
            member.name.clone(),
            format!(
                "{}'s score on the commitment; in the member rows at the bottom, {}'s figures over the commitments it was scored on",
                member.name, member.name
            ),
            "integer or text",
            format!(
                "{SCORE_VALUES}; member rows: scored cells, average (-1.00 to +1.00, signed), percent, numerator and denominator of the exact average (empty when nothing is scored)"
            ),
        ));
    }
    columns.push(scored_column("row"));
    columns.extend(average_columns("row"));
    debug_assert!(
        columns
            .iter()
            .rev()
            .take(6)
            .all(|c| is_figure_column(&c.name)),
        "the importer skips every figure column"
    );
    let figures = 1 + AVERAGE_COLUMNS;
    let rows = m.rows.iter().enumerate().map(move |(i, r)| {
        let mut cells = vec![
            Cell::text(&r.code),
            Cell::text(&r.area),
            Cell::text(&r.title),
        ];
        cells.extend(r.cells.iter().map(|v| score_cell(*v)));
        cells.push(Cell::Int(count(
            r.cells.iter().filter(|v| v.score().is_some()).count(),
        )));
        cells.extend(average_cells(m.row_average(i), m.convention));
        cells
    });
    // Each member's figures along the bottom, one kind per row, the row figures left empty.
    let member_rows = MEMBER_ROWS.into_iter().map(move |(name, figure)| {
        let mut cells = vec![Cell::text(name), Cell::Empty, Cell::Empty];
        cells.extend((0..m.members.len()).map(|j| {
            let average = m.member_average(j);
            match figure {
                MemberFigure::Scored => Cell::Int(count(
                    m.rows
                        .iter()
                        .filter(|r| r.cells.get(j).is_some_and(|v| v.score().is_some()))
                        .count(),
                )),
                MemberFigure::Average => {
                    average.map_or(Cell::Empty, |a| Cell::Text(a.signed_ascii()))
                }
                MemberFigure::Percent => {
                    average.map_or(Cell::Empty, |a| Cell::Int(a.percent(m.convention)))
                }
                MemberFigure::Numerator => {
                    average.map_or(Cell::Empty, |a| Cell::Int(a.numerator()))
                }
                MemberFigure::Denominator => {
                    average.map_or(Cell::Empty, |a| Cell::Int(a.denominator()))
                }
            }
        }));
        cells.extend(std::iter::repeat_n(Cell::Empty, figures));
        cells
    });
    let overall = std::iter::once_with(move || {
        let mut cells = vec![Cell::text(OVERALL_ROW), Cell::Empty, Cell::Empty];
        cells.extend(m.members.iter().map(|_| Cell::Empty));
        let scored = m
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|v| v.score().is_some())
            .count();
        cells.push(Cell::Int(count(scored)));
        cells.extend(average_cells(m.overall(), m.convention));
        cells
    });
    Sheet {
        name: "Table B",
        columns,
        rows: Box::new(rows.chain(member_rows).chain(overall)),
    }
}

/// Which of a member's figures a bottom row of Table B holds.
#[derive(Clone, Copy)]
enum MemberFigure {
    Scored,
    Average,
    Percent,
    Numerator,
    Denominator,
}

/// Table B's member rows, in order (the same order as the row figures' columns).
const MEMBER_ROWS: [(&str, MemberFigure); 5] = [
    (MEMBER_SCORED_ROW, MemberFigure::Scored),
    (MEMBER_AVERAGE_ROW, MemberFigure::Average),
    (MEMBER_PERCENT_ROW, MemberFigure::Percent),
    (MEMBER_NUMERATOR_ROW, MemberFigure::Numerator),
    (MEMBER_DENOMINATOR_ROW, MemberFigure::Denominator),
];

/// What the codebook says of Table B's rows below the commitments, one entry per row.
pub fn table_b_rows() -> Vec<Column> {
    vec![
        Column::new(
            MEMBER_SCORED_ROW,
            "Row: how many commitments each member was scored on (its column's -1, 0 and +1 cells)",
            "integer",
            "0 or more",
        ),
        Column::new(
            MEMBER_AVERAGE_ROW,
            "Row: each member's average over the commitments it was scored on (n/a and not yet assessed left out), two decimals rounded half away from zero, signed",
            "text",
            "-1.00 to +1.00; empty when nothing is scored",
        ),
        Column::new(
            MEMBER_PERCENT_ROW,
            "Row: each member's average as a percentage under the cycle's convention, rounded half up",
            "integer",
            "0 to 100 (rescaled) or -100 to 100 (legacy); empty when nothing is scored",
        ),
        Column::new(
            MEMBER_NUMERATOR_ROW,
            "Row: each member's exact average is numerator/denominator (reduced): use these, not the rounded string, for arithmetic",
            "integer",
            "any integer; empty when nothing is scored",
        ),
        Column::new(
            MEMBER_DENOMINATOR_ROW,
            "Row: see member numerator",
            "integer",
            "positive integer; empty when nothing is scored",
        ),
        Column::new(
            OVERALL_ROW,
            "Row: the overall average of every scored cell of the cycle, in the row-figure columns (scored, average, percent, published, numerator, denominator); its member columns are empty",
            "integer or text",
            "as the row-figure columns",
        ),
    ]
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn rank_column(of: &str) -> Column {
    Column::new(
        "rank",
        format!(
            "The {of}'s rank by average, best first; equal averages share a rank and the next skips (1, 2, 2, 4)"
        ),
        "integer",
        "1 or more; empty when nothing is scored",
    )
}

/// Table C: members ranked by average.
pub fn table_c(report: &Report) -> Sheet<'_> {
    let m = &report.matrix;
    let mut columns = vec![
        rank_column("member"),
        Column::new(
            "member",
            "The member's name as the report writes it",
            "text",
            "free text",
        ),
        Column::new("code", "The member's short code", "text", "e.g. CAN"),
        scored_column("member's column"),
    ];
    columns.extend(average_columns("member"));
    let rows = m.by_member().into_iter().map(move |r| {
        let mut cells = vec![
            r.rank.map_or(Cell::Empty, |k| Cell::Int(count(k))),
            Cell::text(&r.subject.name),
            Cell::text(&r.subject.code),
            Cell::Int(count(r.scored)),
        ];
        cells.extend(average_cells(r.average, m.convention));
        cells
    });
    Sheet {
        name: "Table C",
        columns,
        rows: Box::new(rows),
    }
}

/// Table D: commitments ranked by average.
pub fn table_d(report: &Report) -> Sheet<'_> {
    let m = &report.matrix;
    let mut columns = vec![
        rank_column("commitment"),
        Column::new(
            "commitment",
            "The commitment's number in the report",
            "text",
            "e.g. 18",
        ),
        Column::new("area", "The commitment's policy area", "text", "free text"),
        Column::new("title", "The commitment's short title", "text", "free text"),
        scored_column("commitment's row"),
    ];
    columns.extend(average_columns("commitment"));
    let rows = m.by_commitment().into_iter().map(move |r| {
        let mut cells = vec![
            r.rank.map_or(Cell::Empty, |k| Cell::Int(count(k))),
            Cell::text(&r.subject.code),
            Cell::text(&r.subject.area),
            Cell::text(&r.subject.title),
            Cell::Int(count(r.scored)),
        ];
        cells.extend(average_cells(r.average, m.convention));
        cells
    });
    Sheet {
        name: "Table D",
        columns,
        rows: Box::new(rows),
    }
}

/// The evidence: one row per evidence item, in chapter and member order.
pub fn evidence_sheet(report: &Report) -> Sheet<'_> {
    let columns = vec![
        Column::new(
            "cycle",
            "The cycle the evidence was assessed in",
            "text",
            "free text",
        ),
        Column::new(
            "commitment",
            "The commitment's number in the report",
            "text",
            "e.g. 18",
        ),
        Column::new(
            "member",
            "The member whose action it is",
            "text",
            "free text",
        ),
        Column::new("date", "The day of the action", "date", "YYYY-MM-DD"),
        Column::new(
            "date_inferred",
            "Whether the source gave no year and it was resolved from the compliance period",
            "boolean",
            "true, false",
        ),
        Column::new(
            "text",
            "The evidence paragraph, footnote markers removed",
            "text",
            "free text",
        ),
        Column::new(
            "citations",
            "The footnote numbers the paragraph cites, in order (see the Citations sheet)",
            "text",
            "numbers separated by spaces; empty when none",
        ),
    ];
    let cycle = report.cycle.name.as_str();
    let rows = report.chapters.iter().flat_map(move |c| {
        c.members.iter().flat_map(move |m| {
            m.evidence().map(move |e| {
                vec![
                    Cell::text(cycle),
                    Cell::text(&c.commitment.code),
                    Cell::text(&m.member),
                    Cell::Text(e.date.date.to_string()),
                    Cell::text(if e.date.inferred { "true" } else { "false" }),
                    Cell::text(&e.text),
                    Cell::Text(
                        e.citations
                            .iter()
                            .map(u32::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ]
            })
        })
    });
    Sheet {
        name: "Evidence",
        columns,
        rows: Box::new(rows),
    }
}

/// The citations (footnotes), one row each, numbered through the report.
pub fn citations_sheet(report: &Report) -> Sheet<'_> {
    let columns = vec![
        Column::new(
            "number",
            "The footnote's number, continuous through the report",
            "integer",
            "1 or more",
        ),
        Column::new(
            "commitment",
            "The commitment whose chapter has the footnote",
            "text",
            "e.g. 18",
        ),
        Column::new("title", "The cited source's title", "text", "free text"),
        Column::new(
            "publisher",
            "Who published it",
            "text",
            "free text; empty when not given",
        ),
        Column::new(
            "place",
            "Where it was published",
            "text",
            "free text; empty when not given",
        ),
        Column::new(
            "published",
            "Publication date",
            "date",
            "YYYY-MM-DD; empty when undated (n.d.) or unreadable",
        ),
        Column::new(
            "accessed",
            "When the analyst accessed it",
            "date",
            "YYYY-MM-DD; empty when not given",
        ),
        Column::new(
            "url",
            "The URL exactly as printed, defects included",
            "text",
            "free text; empty when none",
        ),
        Column::new(
            "note",
            "A note such as 'Translation provided by Analyst.'",
            "text",
            "free text; empty when none",
        ),
        Column::new(
            "raw",
            "The whole footnote as printed, on one line",
            "text",
            "free text",
        ),
    ];
    let rows = report.chapters.iter().flat_map(|c| {
        c.citations.iter().map(move |f| {
            vec![
                Cell::Int(i64::from(f.number)),
                Cell::text(&c.commitment.code),
                Cell::text(&f.title),
                Cell::opt(f.publisher.as_deref()),
                Cell::opt(f.place.as_deref()),
                Cell::opt(f.published.map(|d| d.to_string())),
                Cell::opt(f.accessed.map(|d| d.to_string())),
                Cell::opt(f.url.as_deref()),
                Cell::opt(f.note.as_deref()),
                Cell::text(&f.raw),
            ]
        })
    });
    Sheet {
        name: "Citations",
        columns,
        rows: Box::new(rows),
    }
}

#[cfg(test)]
mod tests {
    use pledgewatch_domain::sheet::{TABLE_B_FIGURE_ROWS, is_figure_row};

    use super::*;

    #[test]
    fn the_bottom_rows_are_the_domains_figure_rows_in_order() {
        let written: Vec<&str> = MEMBER_ROWS
            .iter()
            .map(|(name, _)| *name)
            .chain([OVERALL_ROW])
            .collect();
        assert_eq!(written, TABLE_B_FIGURE_ROWS);
        assert!(written.iter().all(|r| is_figure_row(r)));
        let described: Vec<String> = table_b_rows().into_iter().map(|c| c.name).collect();
        assert_eq!(described, TABLE_B_FIGURE_ROWS);
    }
}
