//! A member across a cycle: its score on each commitment, its average and rank, and a link to its
//! section of each chapter.

use askama::Template;
use pledgewatch_domain::matrix::ScoreMatrix;

use super::report_card::AverageCell;
use super::{Chrome, Crumb, href};
use crate::charts::Svg;
use crate::format::{self, Cell};

#[derive(Template)]
#[template(path = "member.html")]
pub struct MemberPage {
    pub chrome: Chrome,
    pub cycle_name: String,
    pub name: String,
    pub code: String,
    /// The line, or `n/a` when the member is n/a on every commitment, `–` when unassessed.
    pub average: AverageCell,
    pub scored: usize,
    pub rank: Option<usize>,
    /// How many members have a rank at all.
    pub ranked: usize,
    pub shared: bool,
    pub rows: Vec<Row>,
    /// The member's average in each cycle it appears in, when there are at least two.
    pub across_cycles: Option<Svg>,
}

pub struct Row {
    pub code: String,
    pub title: String,
    pub area: String,
    pub href: String,
    pub section_href: String,
    pub cell: Cell,
}

impl MemberPage {
    /// The page of member `j` of `matrix`; `None` when there is no such column.
    pub fn new(cycle_name: &str, slug: &str, matrix: &ScoreMatrix, j: usize) -> Option<MemberPage> {
        let member = matrix.members.get(j)?;
        let table_c = matrix.by_member();
        let me = table_c.iter().find(|r| r.index == j)?;
        let rank = me.rank;
        let shared = rank.is_some() && table_c.iter().filter(|r| r.rank == rank).count() > 1;
        let anchor = href::member_anchor(&member.code);
        let rows = matrix
            .rows
            .iter()
            .map(|r| {
                let commitment = href::commitment(slug, &r.code);
                Row {
                    code: r.code.clone(),
                    title: r.title.clone(),
                    area: r.area.clone(),
                    section_href: format!("{commitment}#{anchor}"),
                    href: commitment,
                    cell: Cell::of(
                        r.cells
                            .get(j)
                            .copied()
                            .unwrap_or(pledgewatch_domain::Verdict::NotAssessed),
                    ),
                }
            })
            .collect();
        Some(MemberPage {
            chrome: Chrome::new(
                format!("{}: {}", member.name, cycle_name),
                vec![
                    Crumb::link("Cycles", "/"),
                    Crumb::link(cycle_name, href::cycle(slug)),
                    Crumb::here(member.name.clone()),
                ],
            ),
            cycle_name: cycle_name.to_string(),
            name: member.name.clone(),
            code: member.code.clone(),
            average: AverageCell::new(
                format::average_line(me.average, matrix.convention),
                (0..matrix.rows.len()).map(|i| matrix.cell(i, j)),
            ),
            scored: me.scored,
            rank,
            ranked: table_c.iter().filter(|r| r.rank.is_some()).count(),
            shared,
            rows,
            across_cycles: None,
        })
    }

    /// Adds the chart of the member's average across cycles.
    pub fn with_across_cycles(mut self, chart: Option<Svg>) -> MemberPage {
        self.across_cycles = chart;
        self
    }
}

/// The column of the member whose code is `code`: exact match first, then ignoring ASCII case
/// (`/members/can` finds `CAN`).
pub fn find_member(matrix: &ScoreMatrix, code: &str) -> Option<usize> {
    matrix
        .members
        .iter()
        .position(|m| m.code == code)
        .or_else(|| {
            matrix
                .members
                .iter()
                .position(|m| m.code.eq_ignore_ascii_case(code))
        })
}
