//! The exported tables as [`Sheet`]s, with the codebook's words for every column.

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

/// Table B: one row per commitment, a score column per member, the row's average; a last row
/// `overall` has the average of every scored cell of the cycle.
pub fn table_b(report: &Report) -> Sheet<'_> {
    let m = &report.matrix;
    let mut columns = vec![
        Column::new(
            "commitment",
            "The commitment's number in the report; `overall` on the last row (every scored cell of the cycle)",
            "text",
            "e.g. 18",
        ),
        Column::new("area", "The commitment's policy area", "text", "free text"),
        Column::new("title", "The commitment's short title", "text", "free text"),
    ];
    for member in &m.members {
        columns.push(Column::new(
            member.name.clone(),
            format!("{}'s score on the commitment", member.name),
            "integer or text",
            SCORE_VALUES,
        ));
    }
    columns.push(scored_column("row"));
    columns.extend(average_columns("row"));
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
    let overall = std::iter::once_with(move || {
        let mut cells = vec![Cell::text("overall"), Cell::Empty, Cell::Empty];
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
        rows: Box::new(rows.chain(overall)),
    }
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
