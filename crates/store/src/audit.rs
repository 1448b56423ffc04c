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
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, at, actor, action, object, detail FROM audit ORDER BY id DESC LIMIT $1",
    )
    .bind(limit.max(0))
    .fetch_all(pool)
    .await
    .ctx("reading the audit log")?;
    rows.into_iter()
        .map(|(id, at, actor, action, object, detail)| {
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
        })
        .collect()
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
