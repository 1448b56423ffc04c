//! The read side that is not a whole chapter: cycle summaries, a cycle's members and its score
//! matrix. Each is one or two indexed queries.

use std::collections::HashMap;

use pledgewatch_domain::{Cycle, MatrixRow, Member, ScoreMatrix, Verdict};

use crate::codec::{code_order, convention_from, verdict_from};
use crate::cycle::{CycleRow, cycle_columns, cycle_from_row, cycle_joins};
use crate::error::{Context, StoreError};
use crate::sqlite::{Conn, MATRIX};

/// A cycle with the sizes a list of cycles shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleSummary {
    pub cycle: Cycle,
    pub commitments: i64,
    pub members: i64,
    /// Cells with a score of −1, 0 or +1 (n/a and not yet assessed are not counted).
    pub scored_cells: i64,
}

/// A cycle row followed by its commitment, member and scored-cell counts.
type SummaryRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    i64,
    i64,
    i64,
);

pub(crate) async fn summaries(conn: &mut Conn) -> Result<Vec<CycleSummary>, StoreError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
        "SELECT ",
        cycle_columns!(),
        ", (SELECT COUNT(*) FROM commitment c WHERE c.cycle_id = y.id), \
           (SELECT COUNT(*) FROM cycle_member m WHERE m.cycle_id = y.id), \
           (SELECT COUNT(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
            WHERE c.cycle_id = y.id AND a.verdict IN ('-1', '0', '1')) \
         FROM cycle y ",
        cycle_joins!(),
        " ORDER BY y.name"
    ))
    .fetch_all(&mut *conn)
    .await
    .ctx("listing cycles")?;
    rows.into_iter()
        .map(
            |(
                id,
                name,
                kind,
                start,
                end,
                convention,
                institution,
                summit,
                commitments,
                members,
                scored,
            )| {
                let row: CycleRow = (id, name, kind, start, end, convention, institution, summit);
                let (_, cycle) = cycle_from_row(row)?;
                Ok(CycleSummary {
                    cycle,
                    commitments,
                    members,
                    scored_cells: scored,
                })
            },
        )
        .collect()
}

/// The cycle's members with their ids, in the cycle's order.
async fn member_rows(conn: &mut Conn, cycle: i64) -> Result<Vec<(i64, Member)>, StoreError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT m.id, m.name, m.code FROM cycle_member cm JOIN member m ON m.id = cm.member_id \
         WHERE cm.cycle_id = $1 ORDER BY cm.position",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's members")?;
    Ok(rows
        .into_iter()
        .map(|(id, name, code)| (id, Member { name, code }))
        .collect())
}

pub(crate) async fn members(conn: &mut Conn, cycle: i64) -> Result<Vec<Member>, StoreError> {
    Ok(member_rows(conn, cycle)
        .await?
        .into_iter()
        .map(|(_, m)| m)
        .collect())
}

/// One row of the `MATRIX` statement: part, id, three texts, position, folded cells.
type MatrixPart = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Option<String>,
);

/// Table B of the cycle called `name`, from one statement; `None` when there is no such cycle.
pub(crate) async fn matrix(conn: &mut Conn, name: &str) -> Result<Option<ScoreMatrix>, StoreError> {
    let parts: Vec<MatrixPart> = sqlx::query_as(MATRIX)
        .bind(name)
        .fetch_all(&mut *conn)
        .await
        .ctx("reading the score matrix")?;
    let mut convention = None;
    let mut members: Vec<(i64, i64, Member)> = Vec::new();
    let mut commitments: Vec<(String, i64, MatrixRow, String)> = Vec::new();
    for (part, id, a, b, c, position, cells) in parts {
        let text = |t: Option<String>| t.unwrap_or_default();
        match part {
            0 => convention = Some(convention_from(&text(a))?),
            1 => members.push((
                position,
                id,
                Member {
                    name: text(a),
                    code: text(b),
                },
            )),
            _ => {
                let code = text(a);
                commitments.push((
                    code.clone(),
                    position,
                    MatrixRow {
                        code,
                        title: text(b),
                        area: text(c),
                        cells: Vec::new(),
                    },
                    text(cells),
                ));
            }
        }
    }
    let Some(convention) = convention else {
        return Ok(None);
    };
    members.sort_by_key(|(position, _, _)| *position);
    let column: HashMap<i64, usize> = members
        .iter()
        .enumerate()
        .map(|(j, (_, id, _))| (*id, j))
        .collect();
    commitments.sort_by(|a, b| code_order(&a.0, &b.0).then(a.1.cmp(&b.1)));
    let mut rows = Vec::with_capacity(commitments.len());
    for (code, _, mut row, folded) in commitments {
        row.cells = vec![Verdict::NotAssessed; members.len()];
        for cell in folded.split(',').filter(|c| !c.is_empty()) {
            let parsed = cell
                .split_once('=')
                .and_then(|(m, v)| Some((m.parse::<i64>().ok()?, v)));
            let Some((member, verdict)) = parsed else {
                return Err(StoreError::Corrupt(format!(
                    "commitment {code}: score cell `{cell}`"
                )));
            };
            // Imports add every member they score to the cycle, so each cell has a column.
            if let Some(&j) = column.get(&member) {
                row.cells[j] = verdict_from(Some(verdict))?;
            }
        }
        rows.push(row);
    }
    Ok(Some(ScoreMatrix {
        members: members.into_iter().map(|(_, _, m)| m).collect(),
        rows,
        convention,
    }))
}
