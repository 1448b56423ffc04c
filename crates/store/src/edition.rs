//! Published editions: publishing a cycle (every assessment approved → published, the working
//! copy frozen as a snapshot with its change log from the edition before), reading editions
//! back, and reopening a published assessment for a corrected edition.
//!
//! Readers see editions only; the working copy may move on after publication, and its changes
//! reach readers through the next edition.

use std::collections::HashMap;

use pledgewatch_domain::edition::{
    EditionChange, EditionKind, PublishedAssessment, PublishedCoding, PublishedRubric, Snapshot,
    edition_changes,
};
use serde_json::json;

use crate::error::{Context, StoreError};
use crate::rubric::{commitment_id, member_of, now_text, timestamp_from};
use crate::sqlite::{self, Conn};
use crate::{Store, cycle, load, read};
use crate::{audit, coding, rubric};

/// One published edition, without its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionSummary {
    /// The row's id: unique across cycles, so caches can key on it.
    pub id: i64,
    pub cycle: String,
    /// 1, 2, … per cycle.
    pub number: u32,
    pub kind: EditionKind,
    pub published_at: jiff::Timestamp,
    pub published_by: String,
    pub note: String,
    /// How many entries the change log from the edition before has.
    pub changes: usize,
}

/// A published edition whole: the cycle as readers saw it and what changed from the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub summary: EditionSummary,
    pub snapshot: Snapshot,
    pub changes: Vec<EditionChange>,
}

/// An assessment that keeps a cycle from being published: it is not approved yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAssessment {
    pub commitment: String,
    pub member: String,
    /// `draft` or `submitted`.
    pub status: String,
}

impl std::fmt::Display for PendingAssessment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "commitment {}, {}: {}",
            self.commitment, self.member, self.status
        )
    }
}

/// id, number, kind, published_at, published_by, note, changes (JSON), cycle name.
type SummaryRow = (i64, i64, String, String, String, String, String, String);

/// A [`SummaryRow`]'s columns followed by the snapshot (JSON).
type EditionRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

macro_rules! summary_columns {
    () => {
        "e.id, e.number, e.kind, e.published_at, e.published_by, e.note, e.changes, y.name"
    };
}

fn changes_from(id: i64, text: &str) -> Result<Vec<EditionChange>, StoreError> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("edition {id}: change log: {e}")))
}

fn summary_from(row: SummaryRow) -> Result<(EditionSummary, Vec<EditionChange>), StoreError> {
    let (id, number, kind, at, by, note, changes, cycle) = row;
    let changes = changes_from(id, &changes)?;
    let summary = EditionSummary {
        id,
        cycle,
        number: u32::try_from(number)
            .map_err(|_| StoreError::Corrupt(format!("edition {id}: number {number}")))?,
        kind: EditionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("edition {id}: kind `{kind}`")))?,
        published_at: timestamp_from(&at, "edition publication time")?,
        published_by: by,
        note,
        changes: changes.len(),
    };
    Ok((summary, changes))
}

/// The cycle as it stands in the working copy, as a snapshot; `None` for an unknown cycle.
pub(crate) async fn working_snapshot(
    conn: &mut Conn,
    name: &str,
) -> Result<Option<(i64, Snapshot)>, StoreError> {
    let Some((id, cycle)) = cycle::find(conn, name).await? else {
        return Ok(None);
    };
    let chapters = load::chapters(conn, id, None)
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let Some(matrix) = read::matrix(conn, name).await? else {
        return Ok(None);
    };
    let coding = working_coding(conn, id).await?;
    Ok(Some((
        id,
        Snapshot {
            cycle,
            chapters,
            matrix,
            coding,
        },
    )))
}

/// The rubric side of cycle `id` as an edition published now would hold it: each commitment's
/// newest rubric, the submitted codings (never a draft), the adjudications and the
/// justifications. Five queries however large the cycle.
async fn working_coding(conn: &mut Conn, id: i64) -> Result<PublishedCoding, StoreError> {
    let required: i64 = sqlx::query_scalar("SELECT required_coders FROM cycle WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .ctx("reading the required coders")?;
    let required = u8::try_from(required).unwrap_or(u8::MAX);
    let rows: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT c.code, r.version, r.body FROM rubric r \
         JOIN commitment c ON c.id = r.commitment_id \
         WHERE c.cycle_id = $1 AND r.version = \
               (SELECT MAX(n.version) FROM rubric n WHERE n.commitment_id = r.commitment_id) \
         ORDER BY c.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's rubrics")?;
    let rubrics = rows
        .into_iter()
        .map(|(commitment, version, body)| {
            Ok(PublishedRubric {
                commitment,
                rubric: rubric::from_row(version, &body)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let justified: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.code, m.name, r.justification FROM assessment_review r \
         JOIN commitment c ON c.id = r.commitment_id JOIN member m ON m.id = r.member_id \
         WHERE c.cycle_id = $1 AND r.justification IS NOT NULL",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the justifications")?;
    let mut justified: HashMap<(String, String), String> = justified
        .into_iter()
        .map(|(code, member, text)| ((code, member), text))
        .collect();
    let assessments = coding::load_codings(conn, id, required, None)
        .await?
        .into_iter()
        .map(|(code, codings)| {
            let justification = justified.remove(&(code.clone(), codings.member.clone()));
            PublishedAssessment::of(&code, &codings, justification)
        })
        .filter(|a| !a.is_empty())
        .collect();
    Ok(PublishedCoding {
        required_coders: required,
        rubrics,
        assessments,
    })
}

/// The newest edition's snapshot and number, `None` before the first.
async fn previous(conn: &mut Conn, cycle: i64) -> Result<Option<(u32, Snapshot)>, StoreError> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, number, snapshot FROM edition WHERE cycle_id = $1 \
         ORDER BY number DESC LIMIT 1",
    )
    .bind(cycle)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading the latest edition")?;
    row.map(|(id, number, text)| {
        let snapshot = serde_json::from_str(&text)
            .map_err(|e| StoreError::Corrupt(format!("edition {id}: snapshot: {e}")))?;
        let number = u32::try_from(number)
            .map_err(|_| StoreError::Corrupt(format!("edition {id}: number {number}")))?;
        Ok((number, snapshot))
    })
    .transpose()
}

/// The assessments of the cycle that are neither approved nor published, in reading order.
pub(crate) async fn pending(
    conn: &mut Conn,
    cycle: i64,
) -> Result<Vec<PendingAssessment>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.code, m.name, COALESCE(r.status, 'draft') \
         FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
         JOIN member m ON m.id = a.member_id \
         LEFT JOIN assessment_review r \
                ON r.commitment_id = a.commitment_id AND r.member_id = a.member_id \
         WHERE c.cycle_id = $1 AND COALESCE(r.status, 'draft') NOT IN ('approved', 'published') \
         ORDER BY c.position, a.position",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("listing assessments awaiting approval")?;
    Ok(rows
        .into_iter()
        .map(|(commitment, member, status)| PendingAssessment {
            commitment,
            member,
            status,
        })
        .collect())
}

/// Marks every assessment of commitment `commitment` published: an imported chapter or score
/// is a published report's.
pub(crate) async fn mark_published(
    conn: &mut Conn,
    commitment: i64,
    member: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO assessment_review (commitment_id, member_id, status) \
         SELECT commitment_id, member_id, 'published' FROM assessment \
         WHERE commitment_id = $1 AND ($2 IS NULL OR member_id = $2) \
         ON CONFLICT (commitment_id, member_id) DO UPDATE SET status = 'published'",
    )
    .bind(commitment)
    .bind(member)
    .execute(&mut *conn)
    .await
    .ctx("marking assessments published")?;
    Ok(())
}

/// Freezes the working copy of cycle `id` as its next edition inside the caller's transaction,
/// with its audit record; the caller has checked the workflow.
pub(crate) async fn freeze(
    conn: &mut Conn,
    name: &str,
    kind: EditionKind,
    note: &str,
    actor: &str,
    published: &[(String, String)],
) -> Result<EditionSummary, StoreError> {
    let Some((id, snapshot)) = working_snapshot(conn, name).await? else {
        return Err(StoreError::NotFound(format!("there is no cycle `{name}`")));
    };
    let before = previous(conn, id).await?;
    let changes = edition_changes(before.as_ref().map(|(_, s)| s), &snapshot);
    let number = before.as_ref().map_or(1, |(n, _)| n + 1);
    let at = now_text();
    let snapshot_text = serde_json::to_string(&snapshot)
        .map_err(|e| StoreError::Corrupt(format!("cycle `{name}`: snapshot: {e}")))?;
    let changes_text = serde_json::to_string(&changes)
        .map_err(|e| StoreError::Corrupt(format!("cycle `{name}`: change log: {e}")))?;
    let edition: i64 = sqlx::query_scalar(
        "INSERT INTO edition (cycle_id, number, kind, published_at, published_by, note, \
                              snapshot, changes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(i64::from(number))
    .bind(kind.as_str())
    .bind(&at)
    .bind(actor)
    .bind(note)
    .bind(snapshot_text)
    .bind(&changes_text)
    .fetch_one(&mut *conn)
    .await
    .ctx("writing the edition")?;
    let published: Vec<String> = published
        .iter()
        .map(|(c, m)| format!("commitment {c}, {m}"))
        .collect();
    audit::record(
        conn,
        actor,
        "edition.publish",
        name,
        json!({
            "before": { "edition": before.as_ref().map(|(n, _)| n) },
            "after": {
                "edition": number,
                "kind": kind.as_str(),
                "note": note,
                "changes": changes.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "published": published,
            },
        }),
    )
    .await?;
    Ok(EditionSummary {
        id: edition,
        cycle: name.to_string(),
        number,
        kind,
        published_at: timestamp_from(&at, "edition publication time")?,
        published_by: actor.to_string(),
        note: note.to_string(),
        changes: changes.len(),
    })
}

/// The kind an import publishes: the cycle's own, or a corrected reissue once it has an edition.
pub(crate) async fn import_kind(conn: &mut Conn, name: &str) -> Result<EditionKind, StoreError> {
    let row: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT y.kind, (SELECT COUNT(*) FROM edition e WHERE e.cycle_id = y.id) \
         FROM cycle y WHERE y.name = $1",
    )
    .bind(name)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading the cycle's kind")?;
    Ok(match row {
        Some((_, editions)) if editions > 0 => EditionKind::Corrected,
        Some((Some(kind), _)) if kind == "interim" => EditionKind::Interim,
        // A report of unknown kind is taken as the final one.
        _ => EditionKind::Final,
    })
}

/// Publishes what an import wrote as the cycle's next edition, inside the import's transaction
/// with the importer as actor: an imported report is a published one. Not when other
/// assessments of the cycle hold work not yet published (a score, narrative or evidence in
/// review): an edition is the whole cycle, and readers must never see a draft. The import then
/// stays in the working copy until an editor publishes; `None` says so.
pub(crate) async fn publish_import(
    conn: &mut Conn,
    cycle: i64,
    actor: &str,
) -> Result<Option<EditionSummary>, StoreError> {
    let name: String = sqlx::query_scalar("SELECT name FROM cycle WHERE id = $1")
        .bind(cycle)
        .fetch_one(&mut *conn)
        .await
        .ctx("reading the cycle's name")?;
    let in_review: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
         LEFT JOIN assessment_review r \
                ON r.commitment_id = a.commitment_id AND r.member_id = a.member_id \
         WHERE c.cycle_id = $1 AND COALESCE(r.status, 'draft') <> 'published' \
           AND (a.verdict IS NOT NULL OR a.opening IS NOT NULL OR a.conclusion IS NOT NULL \
                OR EXISTS (SELECT 1 FROM paragraph p WHERE p.assessment_id = a.id))",
    )
    .bind(cycle)
    .fetch_one(&mut *conn)
    .await
    .ctx("looking for work in review")?;
    if in_review > 0 {
        tracing::info!(
            cycle = %name,
            in_review,
            "imported into the working copy only: other assessments are in review; \
             publish an edition once they are approved"
        );
        return Ok(None);
    }
    let kind = import_kind(conn, &name).await?;
    freeze(
        conn,
        &name,
        kind,
        "imported from a published report",
        actor,
        &[],
    )
    .await
    .map(Some)
}

impl Store {
    /// Publishes the cycle as its next edition, in one transaction: refused (`WorkflowRefused`,
    /// listing each assessment not yet approved) unless every assessment is approved or already
    /// published; approved ones become published; the working copy is frozen with its change
    /// log from the edition before; an audit record.
    pub async fn publish_edition(
        &self,
        cycle: &str,
        kind: EditionKind,
        note: &str,
        actor: &str,
    ) -> Result<EditionSummary, StoreError> {
        let note = note.trim();
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Err(StoreError::NotFound(format!("there is no cycle `{cycle}`")));
        };
        let waiting = pending(&mut tx, id).await?;
        if !waiting.is_empty() {
            let list: Vec<String> = waiting.iter().map(ToString::to_string).collect();
            return Err(StoreError::WorkflowRefused {
                object: cycle.to_string(),
                message: format!(
                    "cannot publish: {} not approved yet: {}",
                    if waiting.len() == 1 {
                        "1 assessment is".to_string()
                    } else {
                        format!("{} assessments are", waiting.len())
                    },
                    list.join("; ")
                ),
            });
        }
        let approved: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.code, m.name FROM assessment_review r \
             JOIN commitment c ON c.id = r.commitment_id JOIN member m ON m.id = r.member_id \
             WHERE c.cycle_id = $1 AND r.status = 'approved' ORDER BY c.position, m.name",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("listing approved assessments")?;
        sqlx::query(
            "UPDATE assessment_review SET status = 'published' \
             WHERE status = 'approved' \
               AND commitment_id IN (SELECT id FROM commitment WHERE cycle_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await
        .ctx("publishing approved assessments")?;
        let summary = freeze(&mut tx, cycle, kind, note, actor, &approved).await?;
        tx.commit().await.ctx("committing the edition")?;
        Ok(summary)
    }

    /// The assessments that keep the cycle from being published, in reading order.
    pub async fn pending_assessments(
        &self,
        cycle: &str,
    ) -> Result<Vec<PendingAssessment>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Err(StoreError::NotFound(format!("there is no cycle `{cycle}`")));
        };
        let list = pending(&mut tx, id).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(list)
    }

    /// The working copy as a snapshot and the change log an edition published now would have;
    /// `None` for an unknown cycle.
    pub async fn working_copy(
        &self,
        cycle: &str,
    ) -> Result<Option<(Snapshot, Vec<EditionChange>)>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, snapshot)) = working_snapshot(&mut tx, cycle).await? else {
            return Ok(None);
        };
        let before = previous(&mut tx, id).await?;
        tx.commit().await.ctx("ending a read")?;
        let changes = edition_changes(before.as_ref().map(|(_, s)| s), &snapshot);
        Ok(Some((snapshot, changes)))
    }

    /// The cycle's editions, oldest first; empty for an unknown cycle or one never published.
    pub async fn editions(&self, cycle: &str) -> Result<Vec<EditionSummary>, StoreError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
            "SELECT ",
            summary_columns!(),
            " FROM edition e JOIN cycle y ON y.id = e.cycle_id WHERE y.name = $1 \
             ORDER BY e.number"
        ))
        .bind(cycle)
        .fetch_all(&self.pool)
        .await
        .ctx("listing editions")?;
        rows.into_iter()
            .map(|r| summary_from(r).map(|(s, _)| s))
            .collect()
    }

    /// The newest edition of every cycle that has one, by cycle name: what readers can see.
    pub async fn latest_editions(&self) -> Result<Vec<EditionSummary>, StoreError> {
        let rows: Vec<SummaryRow> = sqlx::query_as(concat!(
            "SELECT ",
            summary_columns!(),
            " FROM edition e JOIN cycle y ON y.id = e.cycle_id \
             WHERE e.number = (SELECT MAX(n.number) FROM edition n WHERE n.cycle_id = e.cycle_id) \
             ORDER BY y.name"
        ))
        .fetch_all(&self.pool)
        .await
        .ctx("listing the latest editions")?;
        rows.into_iter()
            .map(|r| summary_from(r).map(|(s, _)| s))
            .collect()
    }

    /// Edition `number` of the cycle, whole; `None` when there is no such edition.
    pub async fn edition(&self, cycle: &str, number: u32) -> Result<Option<Edition>, StoreError> {
        let row: Option<EditionRow> = sqlx::query_as(concat!(
            "SELECT ",
            summary_columns!(),
            ", e.snapshot FROM edition e JOIN cycle y ON y.id = e.cycle_id \
                 WHERE y.name = $1 AND e.number = $2"
        ))
        .bind(cycle)
        .bind(i64::from(number))
        .fetch_optional(&self.pool)
        .await
        .ctx("reading an edition")?;
        let Some((id, number, kind, at, by, note, changes, name, snapshot)) = row else {
            return Ok(None);
        };
        let (summary, changes) = summary_from((id, number, kind, at, by, note, changes, name))?;
        let snapshot = serde_json::from_str(&snapshot)
            .map_err(|e| StoreError::Corrupt(format!("edition {id}: snapshot: {e}")))?;
        Ok(Some(Edition {
            summary,
            snapshot,
            changes,
        }))
    }

    /// The id and number of edition `number` of the cycle, or of its newest edition when
    /// `number` is `None`: one indexed row, so readers can find a parsed edition in a cache.
    pub async fn edition_id(
        &self,
        cycle: &str,
        number: Option<u32>,
    ) -> Result<Option<(i64, u32)>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT e.id, e.number FROM edition e JOIN cycle y ON y.id = e.cycle_id \
             WHERE y.name = $1 AND ($2 IS NULL OR e.number = $2) \
             ORDER BY e.number DESC LIMIT 1",
        )
        .bind(cycle)
        .bind(number.map(i64::from))
        .fetch_optional(&self.pool)
        .await
        .ctx("finding an edition")?;
        row.map(|(id, n)| {
            u32::try_from(n)
                .map(|n| (id, n))
                .map_err(|_| StoreError::Corrupt(format!("edition {id}: number {n}")))
        })
        .transpose()
    }

    /// The cycle's newest edition, whole; `None` before the first.
    pub async fn latest_edition(&self, cycle: &str) -> Result<Option<Edition>, StoreError> {
        let number: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(e.number) FROM edition e JOIN cycle y ON y.id = e.cycle_id \
             WHERE y.name = $1",
        )
        .bind(cycle)
        .fetch_one(&self.pool)
        .await
        .ctx("finding the latest edition")?;
        match number.and_then(|n| u32::try_from(n).ok()) {
            Some(n) => self.edition(cycle, n).await,
            None => Ok(None),
        }
    }

    /// Reopens a published assessment for a corrected edition (published → draft), with the
    /// editor's reason in the audit trail. Readers keep seeing the published edition until the
    /// next one.
    pub async fn reopen_assessment(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        note: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        let note = note.trim();
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let c = commitment_id(&mut tx, cycle, commitment).await?;
        let (m, name) = member_of(&mut tx, c, commitment, member).await?;
        let object = format!("{cycle}/{commitment}/{name}");
        if note.is_empty() {
            return Err(StoreError::InvalidField {
                object,
                field: "note",
                message: "say why the published assessment is reopened".into(),
            });
        }
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM assessment_review WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(c)
        .bind(m)
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading the review state")?;
        let status = status.unwrap_or_else(|| "draft".to_string());
        if status != "published" {
            return Err(StoreError::WorkflowRefused {
                object,
                message: format!(
                    "only a published assessment can be reopened; this one is {status}"
                ),
            });
        }
        sqlx::query(
            "UPDATE assessment_review SET status = 'draft', approved_by = NULL, approved_at = NULL \
             WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(c)
        .bind(m)
        .execute(&mut *tx)
        .await
        .ctx("reopening the assessment")?;
        // A state change like any other: forms opened before it are stale.
        let version: i64 = sqlx::query_scalar(
            "UPDATE assessment SET version = version + 1 \
             WHERE commitment_id = $1 AND member_id = $2 RETURNING version",
        )
        .bind(c)
        .bind(m)
        .fetch_one(&mut *tx)
        .await
        .ctx("reopening the assessment")?;
        audit::record_and_commit(
            tx,
            actor,
            "assessment.reopen",
            &object,
            json!({
                "before": { "status": "published", "version": version - 1 },
                "after": { "status": "draft", "note": note, "version": version },
            }),
            "committing the reopening",
        )
        .await
    }
}
