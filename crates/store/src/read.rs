//! The read side that is not a whole chapter: cycle summaries, a cycle's members and its score
//! matrix. Each is a few indexed queries in one read transaction.

use std::collections::HashMap;

use pledgewatch_domain::{Cycle, MatrixRow, Member, ScoreMatrix, Verdict};

use crate::codec::{code_order, verdict_from};
use crate::cycle::{CycleRow, cycle_from_row};
use crate::error::{Context, StoreError};
use crate::sqlite::Conn;

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
    i64,
    i64,
    i64,
);

pub(crate) async fn summaries(conn: &mut Conn) -> Result<Vec<CycleSummary>, StoreError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT y.id, y.name, y.kind, y.period_start, y.period_end, y.convention, \
                (SELECT COUNT(*) FROM commitment c WHERE c.cycle_id = y.id), \
                (SELECT COUNT(*) FROM cycle_member m WHERE m.cycle_id = y.id), \
                (SELECT COUNT(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
                 WHERE c.cycle_id = y.id AND a.verdict IN ('-1', '0', '1')) \
             FROM cycle y ORDER BY y.name",
    )
    .fetch_all(&mut *conn)
    .await
    .ctx("listing cycles")?;
    rows.into_iter()
        .map(
            |(id, name, kind, start, end, convention, commitments, members, scored)| {
                let row: CycleRow = (id, name, kind, start, end, convention);
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

/// Table B of cycle `cycle`: three queries (members, commitments, cells).
pub(crate) async fn matrix(
    conn: &mut Conn,
    cycle: i64,
    convention: pledgewatch_domain::PercentConvention,
) -> Result<ScoreMatrix, StoreError> {
    let members = member_rows(conn, cycle).await?;
    let column: HashMap<i64, usize> = members
        .iter()
        .enumerate()
        .map(|(j, (id, _))| (*id, j))
        .collect();

    let mut commitments: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, code, title, area, position FROM commitment WHERE cycle_id = $1",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's commitments")?;
    commitments.sort_by(|a, b| code_order(&a.1, &b.1).then(a.4.cmp(&b.4)));
    let row_of: HashMap<i64, usize> = commitments
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0, i))
        .collect();
    let mut rows: Vec<MatrixRow> = commitments
        .into_iter()
        .map(|(_, code, title, area, _)| MatrixRow {
            code,
            title,
            area,
            cells: vec![Verdict::NotAssessed; members.len()],
        })
        .collect();

    let cells: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT a.commitment_id, a.member_id, a.verdict \
         FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
         WHERE c.cycle_id = $1 AND a.verdict IS NOT NULL",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's scores")?;
    for (commitment, member, verdict) in cells {
        if let (Some(&i), Some(&j)) = (row_of.get(&commitment), column.get(&member)) {
            rows[i].cells[j] = verdict_from(verdict.as_deref())?;
        }
    }

    Ok(ScoreMatrix {
        members: members.into_iter().map(|(_, m)| m).collect(),
        rows,
        convention,
    })
}
