//! Importing a score sheet (Table B as a spreadsheet): set the cells it gives, create the
//! commitments it names that the cycle lacks, and leave everything else alone. A cell given as
//! not yet assessed (an empty cell) is a value like any other: it clears a stored score.

use std::collections::{HashMap, HashSet};

use pledgewatch_domain::names::member_key;
use pledgewatch_domain::sheet::ScoreSheet;
use serde_json::json;

use crate::audit;
use crate::codec::verdict_code;
use crate::error::{Context, StoreError};
use crate::people::Registry;
use crate::sqlite::Conn;

/// The name the store's API was first written with; the type is the domain's.
pub type ScoreSheetInput = ScoreSheet;

/// What importing a score sheet did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScoresImport {
    /// Cells whose verdict changed (including cells created).
    pub cells_set: usize,
    /// Cells that already held the sheet's verdict.
    pub cells_unchanged: usize,
    /// Commitments the cycle did not have (they have no chapter).
    pub commitments_created: usize,
    /// Members the cycle did not have.
    pub members_added: usize,
}

pub(crate) async fn import(
    conn: &mut Conn,
    registry: &mut Registry,
    cycle: (i64, &str),
    sheet: &ScoreSheet,
    actor: &str,
) -> Result<ScoresImport, StoreError> {
    validate(sheet)?;
    let mut report = ScoresImport::default();
    // Any write at all gets an audit record: readers use the newest record as a change token.
    let mut renamed = 0usize;
    for name in &sheet.members {
        let member = registry.member(conn, name).await?;
        if registry.join_cycle(conn, cycle.0, member).await? {
            report.members_added += 1;
        }
    }

    // The cycle's commitments and cells as they are, read once.
    let commitments: Vec<(i64, String, bool, String, String)> = sqlx::query_as(
        "SELECT id, code, has_chapter, title, area FROM commitment WHERE cycle_id = $1",
    )
    .bind(cycle.0)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's commitments")?;
    let mut commitments: HashMap<String, (i64, bool, String, String)> = commitments
        .into_iter()
        .map(|(id, code, has_chapter, title, area)| (code, (id, has_chapter, title, area)))
        .collect();
    let cells: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT a.commitment_id, a.member_id, a.verdict \
         FROM assessment a JOIN commitment c ON c.id = a.commitment_id WHERE c.cycle_id = $1",
    )
    .bind(cycle.0)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's scores")?;
    let cells: HashMap<(i64, i64), Option<String>> =
        cells.into_iter().map(|(c, m, v)| ((c, m), v)).collect();

    for row in &sheet.commitments {
        let commitment = match commitments.get(&row.code) {
            Some((id, has_chapter, old_title, old_area)) => {
                // A chapter's title and area are the published ones; a sheet only names a
                // commitment that has no chapter.
                let title = row.title.as_deref().unwrap_or(old_title);
                let area = row.area.as_deref().unwrap_or(old_area);
                if !has_chapter && (title != old_title || area != old_area) {
                    sqlx::query("UPDATE commitment SET title = $2, area = $3 WHERE id = $1")
                        .bind(id)
                        .bind(title)
                        .bind(area)
                        .execute(&mut *conn)
                        .await
                        .ctx("updating a commitment's title")?;
                    renamed += 1;
                }
                *id
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO commitment (cycle_id, code, area, title, text, source, \
                                             has_chapter, position) \
                     VALUES ($1, $2, $3, $4, '', '', $5, \
                         (SELECT COALESCE(MAX(position), 0) + 1 FROM commitment \
                          WHERE cycle_id = $1)) \
                     RETURNING id",
                )
                .bind(cycle.0)
                .bind(&row.code)
                .bind(row.area.as_deref().unwrap_or(""))
                .bind(row.title.as_deref().unwrap_or(""))
                .bind(false)
                .fetch_one(&mut *conn)
                .await
                .ctx("adding a commitment")?;
                commitments.insert(
                    row.code.clone(),
                    (
                        id,
                        false,
                        row.title.clone().unwrap_or_default(),
                        row.area.clone().unwrap_or_default(),
                    ),
                );
                report.commitments_created += 1;
                id
            }
        };
        for (name, verdict) in &row.cells {
            let member = registry.member(conn, name).await?;
            if registry.join_cycle(conn, cycle.0, member).await? {
                report.members_added += 1;
            }
            let wanted = verdict_code(*verdict);
            match cells.get(&(commitment, member)) {
                Some(current) if current.as_deref() == wanted => report.cells_unchanged += 1,
                None if wanted.is_none() => report.cells_unchanged += 1,
                Some(_) => {
                    sqlx::query(
                        "UPDATE assessment SET verdict = $3 \
                         WHERE commitment_id = $1 AND member_id = $2",
                    )
                    .bind(commitment)
                    .bind(member)
                    .bind(wanted)
                    .execute(&mut *conn)
                    .await
                    .ctx("setting a score")?;
                    crate::edition::mark_published(conn, commitment, Some(member)).await?;
                    report.cells_set += 1;
                }
                None => {
                    sqlx::query(
                        "INSERT INTO assessment (commitment_id, member_id, verdict, position) \
                         SELECT $1, $2, $3, COALESCE(MAX(position), -1) + 1 \
                         FROM assessment WHERE commitment_id = $1",
                    )
                    .bind(commitment)
                    .bind(member)
                    .bind(wanted)
                    .execute(&mut *conn)
                    .await
                    .ctx("setting a score")?;
                    crate::edition::mark_published(conn, commitment, Some(member)).await?;
                    report.cells_set += 1;
                }
            }
        }
    }

    if report.cells_set + report.commitments_created + report.members_added + renamed > 0 {
        audit::record(
            conn,
            actor,
            "scores.import",
            cycle.1,
            json!({
                "cycle": cycle.1,
                "cells_set": report.cells_set,
                "cells_unchanged": report.cells_unchanged,
                "commitments_created": report.commitments_created,
                "members_added": report.members_added,
                "commitments_renamed": renamed,
            }),
        )
        .await?;
    }
    Ok(report)
}

/// What the schema cannot store: empty names, and one cell given twice (which would make the
/// result depend on the order of the rows).
fn validate(sheet: &ScoreSheet) -> Result<(), StoreError> {
    let invalid = |code: &str, message: String| StoreError::InvalidSheet {
        code: code.to_string(),
        message,
    };
    if let Some(i) = sheet.members.iter().position(|m| m.trim().is_empty()) {
        return Err(invalid("-", format!("member column {} has no name", i + 1)));
    }
    let mut codes = HashSet::new();
    for row in &sheet.commitments {
        if row.code.trim().is_empty() {
            return Err(invalid(&row.code, "the commitment has no number".into()));
        }
        if !codes.insert(row.code.as_str()) {
            return Err(invalid(
                &row.code,
                "the sheet lists this commitment twice".into(),
            ));
        }
        let mut seen = HashSet::new();
        for (member, _) in &row.cells {
            if member.trim().is_empty() {
                return Err(invalid(&row.code, "a cell has no member name".into()));
            }
            if !seen.insert(member_key(member)) {
                return Err(invalid(&row.code, format!("two cells for {member}")));
            }
        }
    }
    Ok(())
}
