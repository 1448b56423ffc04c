//! Cycle rows: reading one, creating or updating one (with its audit record).

use pledgewatch_domain::{Cycle, Period};
use serde_json::json;

use crate::audit;
use crate::codec::{convention_from, date_from, date_text, kind_from};
use crate::error::{Context, StoreError};
use crate::sqlite::Conn;

pub(crate) type CycleRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

pub(crate) fn cycle_from_row(row: CycleRow) -> Result<(i64, Cycle), StoreError> {
    let (id, name, kind, start, end, convention) = row;
    let start = date_from(start.as_deref(), "cycle period start")?;
    let end = date_from(end.as_deref(), "cycle period end")?;
    let period = match (start, end) {
        (Some(s), Some(e)) => Some(
            Period::new(s, e).map_err(|e| StoreError::Corrupt(format!("cycle `{name}`: {e}")))?,
        ),
        _ => None,
    };
    let cycle = Cycle {
        kind: kind_from(kind.as_deref())?,
        period,
        convention: convention_from(&convention)?,
        name,
    };
    Ok((id, cycle))
}

pub(crate) async fn find(conn: &mut Conn, name: &str) -> Result<Option<(i64, Cycle)>, StoreError> {
    let row: Option<CycleRow> = sqlx::query_as(
        "SELECT id, name, kind, period_start, period_end, convention FROM cycle WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading a cycle")?;
    row.map(cycle_from_row).transpose()
}

/// How a write treats a cycle that already exists.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Set kind, period and convention exactly as given (`upsert_cycle`).
    Replace,
    /// Fill in kind and period where given, keep everything else (imports: a file without the
    /// report's header must not erase a period a previous import recorded).
    Fill,
}

/// The id of the cycle, created or brought up to date as `merge` says; an audit record for
/// every change, none when nothing changed.
pub(crate) async fn ensure(
    conn: &mut Conn,
    cycle: &Cycle,
    merge: Merge,
    actor: &str,
) -> Result<i64, StoreError> {
    if cycle.name.trim().is_empty() {
        return Err(StoreError::InvalidCycle("the cycle's name is empty".into()));
    }
    let Some((id, stored)) = find(conn, &cycle.name).await? else {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cycle (name, kind, period_start, period_end, convention) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&cycle.name)
        .bind(cycle.kind.map(|k| k.as_str()))
        .bind(cycle.period.map(|p| date_text(p.start)))
        .bind(cycle.period.map(|p| date_text(p.end)))
        .bind(cycle.convention.as_str())
        .fetch_one(&mut *conn)
        .await
        .ctx("adding a cycle")?;
        audit::record(
            conn,
            actor,
            "cycle.create",
            &cycle.name,
            json!({ "cycle": describe(cycle) }),
        )
        .await?;
        return Ok(id);
    };
    let wanted = match merge {
        Merge::Replace => cycle.clone(),
        Merge::Fill => Cycle {
            name: stored.name.clone(),
            kind: cycle.kind.or(stored.kind),
            period: cycle.period.or(stored.period),
            convention: stored.convention,
        },
    };
    if wanted != stored {
        sqlx::query(
            "UPDATE cycle SET kind = $2, period_start = $3, period_end = $4, convention = $5 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(wanted.kind.map(|k| k.as_str()))
        .bind(wanted.period.map(|p| date_text(p.start)))
        .bind(wanted.period.map(|p| date_text(p.end)))
        .bind(wanted.convention.as_str())
        .execute(&mut *conn)
        .await
        .ctx("updating a cycle")?;
        audit::record(
            conn,
            actor,
            "cycle.update",
            &cycle.name,
            json!({ "from": describe(&stored), "to": describe(&wanted) }),
        )
        .await?;
    }
    Ok(id)
}

fn describe(cycle: &Cycle) -> serde_json::Value {
    json!({
        "name": cycle.name,
        "kind": cycle.kind.map(|k| k.as_str()),
        "period": cycle.period.map(|p| p.to_string()),
        "convention": cycle.convention.as_str(),
    })
}
