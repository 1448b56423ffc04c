//! The audit trail: one record per change, written inside the change's own transaction so that
//! a change and its record commit or vanish together.

use crate::error::{Context, StoreError};
use crate::sqlite::{Conn, Pool};

/// One audited change.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    /// When, in UTC.
    pub at: jiff::Timestamp,
    /// Who: the user or tool that asked for the change.
    pub actor: String,
    /// What kind of change: `cycle.create`, `cycle.update`, `chapter.add`, `chapter.replace`,
    /// `scores.import`.
    pub action: String,
    /// What it changed: a cycle name, or `cycle/commitment code` for a chapter.
    pub object: String,
    /// The particulars, as JSON.
    pub detail: serde_json::Value,
}

pub(crate) async fn record(
    conn: &mut Conn,
    actor: &str,
    action: &str,
    object: &str,
    detail: serde_json::Value,
) -> Result<(), StoreError> {
    // Fixed width (milliseconds, `Z`) so that the text sorts as the time does.
    let at = format!("{:.3}", jiff::Timestamp::now());
    sqlx::query(
        "INSERT INTO audit (at, actor, action, object, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(object)
    .bind(detail.to_string())
    .execute(&mut *conn)
    .await
    .ctx("writing the audit record")?;
    Ok(())
}

/// The newest `limit` records, newest first.
pub(crate) async fn latest(pool: &Pool, limit: i64) -> Result<Vec<AuditRecord>, StoreError> {
    query(pool, &AuditFilter::default(), None, limit.max(0)).await
}

/// The most records one page may hold.
pub const AUDIT_PAGE_MAX: i64 = 500;

/// Which object's records to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectFilter {
    /// Exactly this object.
    Exact(String),
    /// This object and everything under it: `cycle/8` also matches `cycle/8/Canada`, never
    /// `cycle/80`.
    Under(String),
}

/// Which records to read; every field given narrows the set, none given means all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub object: Option<ObjectFilter>,
    /// The person (or tool) who made the change, exactly as recorded.
    pub actor: Option<String>,
    /// The kind of change, exactly: `assessment.update`, `chapter.add`, …
    pub action: Option<String>,
    /// From this instant on (inclusive).
    pub since: Option<jiff::Timestamp>,
    /// Up to this instant (exclusive).
    pub until: Option<jiff::Timestamp>,
}

/// One page of records, newest first, and where the next (older) page starts.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    /// The `before_id` of the next page; `None` when this page is the last.
    pub next_before: Option<i64>,
}

type Row = (i64, String, String, String, String, String);

/// The stored text of an instant: the same fixed-width form `record` writes, so that
/// comparing the text compares the times.
fn instant(t: jiff::Timestamp) -> String {
    format!("{t:.3}")
}

fn decode(row: Row) -> Result<AuditRecord, StoreError> {
    let (id, at, actor, action, object, detail) = row;
    Ok(AuditRecord {
        id,
        at: at.parse().map_err(|_| {
            StoreError::Corrupt(format!("audit record {id}: `{at}` is not a timestamp"))
        })?,
        actor,
        action,
        object,
        detail: serde_json::from_str(&detail).map_err(|e| {
            StoreError::Corrupt(format!("audit record {id}: detail is not JSON: {e}"))
        })?,
    })
}

/// Up to `limit` records matching `filter` with an id below `before_id`, newest first.
/// `substr` rather than `LIKE` for "under", so that `%` and `_` in an object's name are
/// matched as themselves.
pub(crate) async fn query(
    pool: &Pool,
    filter: &AuditFilter,
    before_id: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditRecord>, StoreError> {
    let (exact, under) = match &filter.object {
        Some(ObjectFilter::Exact(o)) => (Some(o.as_str()), None),
        Some(ObjectFilter::Under(o)) => (None, Some(o.as_str())),
        None => (None, None),
    };
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor, action, object, detail FROM audit \
         WHERE ($1 IS NULL OR object = $1) \
           AND ($2 IS NULL OR object = $2 OR substr(object, 1, length($2) + 1) = $2 || '/') \
           AND ($3 IS NULL OR actor = $3) \
           AND ($4 IS NULL OR action = $4) \
           AND ($5 IS NULL OR at >= $5) \
           AND ($6 IS NULL OR at < $6) \
           AND ($7 IS NULL OR id < $7) \
         ORDER BY id DESC LIMIT $8",
    )
    .bind(exact)
    .bind(under)
    .bind(filter.actor.as_deref())
    .bind(filter.action.as_deref())
    .bind(filter.since.map(instant))
    .bind(filter.until.map(instant))
    .bind(before_id)
    .bind(limit)
    .fetch_all(pool)
    .await
    .ctx("reading the audit trail")?;
    rows.into_iter().map(decode).collect()
}

/// One page: `limit` (1 to [`AUDIT_PAGE_MAX`]) records older than `before_id`, newest first.
pub(crate) async fn page(
    pool: &Pool,
    filter: &AuditFilter,
    before_id: Option<i64>,
    limit: i64,
) -> Result<AuditPage, StoreError> {
    if !(1..=AUDIT_PAGE_MAX).contains(&limit) {
        return Err(StoreError::InvalidField {
            object: "audit query".to_string(),
            field: "limit",
            message: format!("must be between 1 and {AUDIT_PAGE_MAX}, not {limit}"),
        });
    }
    // One more than asked says whether an older page exists without a second query.
    let mut records = query(pool, filter, before_id, limit + 1).await?;
    let more = records.len() as i64 > limit;
    records.truncate(usize::try_from(limit).unwrap_or(0));
    let next_before = if more {
        records.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditPage {
        records,
        next_before,
    })
}

/// The distinct actors and actions on record, for the filter form's choices.
pub(crate) async fn choices(pool: &Pool) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let actors: Vec<String> = sqlx::query_scalar("SELECT DISTINCT actor FROM audit ORDER BY actor")
        .fetch_all(pool)
        .await
        .ctx("listing the audit trail's people")?;
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT action FROM audit ORDER BY action")
            .fetch_all(pool)
            .await
            .ctx("listing the audit trail's actions")?;
    Ok((actors, actions))
}

/// Every record matching a filter, read in batches, newest first. The trail only grows and
/// each batch starts below the last id read, so no record is read twice or skipped, and
/// records written during the export (newer than its first batch) are left out.
#[derive(Debug)]
pub struct AuditExport {
    pool: Pool,
    filter: AuditFilter,
    before_id: Option<i64>,
    done: bool,
}

impl AuditExport {
    const BATCH: i64 = 1000;

    pub(crate) fn new(pool: Pool, filter: AuditFilter) -> AuditExport {
        AuditExport {
            pool,
            filter,
            before_id: None,
            done: false,
        }
    }

    /// The next batch of records, or `None` when all have been read.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<AuditRecord>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let batch = query(&self.pool, &self.filter, self.before_id, Self::BATCH).await?;
        if (batch.len() as i64) < Self::BATCH {
            self.done = true;
        }
        self.before_id = batch.last().map(|r| r.id);
        if batch.is_empty() {
            return Ok(None);
        }
        Ok(Some(batch))
    }

    /// Every remaining record in one vector.
    pub async fn collect(mut self) -> Result<Vec<AuditRecord>, StoreError> {
        let mut all = Vec::new();
        while let Some(batch) = self.next_batch().await? {
            all.extend(batch);
        }
        Ok(all)
    }
}

/// Writes the audit record of a change and commits the transaction that holds the change, so
/// the two can never be separated. `committing` names the change for the error message.
pub(crate) async fn record_and_commit(
    mut tx: crate::sqlite::Tx,
    actor: &str,
    action: &str,
    object: &str,
    detail: serde_json::Value,
    committing: &'static str,
) -> Result<(), StoreError> {
    record(&mut tx, actor, action, object, detail).await?;
    tx.commit().await.ctx(committing)
}
