//! Cycle rows: reading one, creating or updating one (with its audit record), and its
//! institution and summit.

use pledgewatch_domain::{Cycle, Period, Summit};
use serde_json::json;

use crate::audit;
use crate::codec::{convention_from, date_from, date_text, kind_from};
use crate::error::{Context, StoreError};
use crate::institution;
use crate::sqlite::Conn;

/// id, name, kind, period start and end, convention, institution name, summit name.
pub(crate) type CycleRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

/// The columns of a [`CycleRow`] from `cycle y`, with the joins they need.
macro_rules! cycle_columns {
    () => {
        "y.id, y.name, y.kind, y.period_start, y.period_end, y.convention, i.name, s.name"
    };
}
macro_rules! cycle_joins {
    () => {
        "LEFT JOIN institution i ON i.id = y.institution_id \
         LEFT JOIN summit s ON s.id = y.summit_id"
    };
}
pub(crate) use {cycle_columns, cycle_joins};

pub(crate) fn cycle_from_row(row: CycleRow) -> Result<(i64, Cycle), StoreError> {
    let (id, name, kind, start, end, convention, institution, summit) = row;
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
        institution,
        summit,
    };
    Ok((id, cycle))
}

pub(crate) async fn find(conn: &mut Conn, name: &str) -> Result<Option<(i64, Cycle)>, StoreError> {
    let row: Option<CycleRow> = sqlx::query_as(concat!(
        "SELECT ",
        cycle_columns!(),
        " FROM cycle y ",
        cycle_joins!(),
        " WHERE y.name = $1"
    ))
    .bind(name)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading a cycle")?;
    row.map(cycle_from_row).transpose()
}

/// How a write treats a cycle that already exists.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// Set kind, period, convention, institution and summit exactly as given (`upsert_cycle`).
    Replace,
    /// Fill in kind, period, institution and summit where given, keep everything else
    /// (imports: a file without the report's header must not erase what a previous import
    /// recorded).
    Fill,
}

/// The id of the cycle, created or brought up to date as `merge` says; an audit record for
/// every change, none when nothing changed. The cycle's institution and summit are created
/// with it when new, inside the same audited change.
pub(crate) async fn ensure(
    conn: &mut Conn,
    cycle: &Cycle,
    merge: Merge,
    actor: &str,
) -> Result<i64, StoreError> {
    if cycle.name.trim().is_empty() {
        return Err(StoreError::InvalidCycle("the cycle's name is empty".into()));
    }
    let cycle = &trimmed(cycle);
    let Some((id, stored)) = find(conn, &cycle.name).await? else {
        let (institution, summit) = place(conn, cycle).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cycle (name, kind, period_start, period_end, convention, \
                                institution_id, summit_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&cycle.name)
        .bind(cycle.kind.map(|k| k.as_str()))
        .bind(cycle.period.map(|p| date_text(p.start)))
        .bind(cycle.period.map(|p| date_text(p.end)))
        .bind(cycle.convention.as_str())
        .bind(institution)
        .bind(summit)
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
        Merge::Fill => {
            let (institution, summit) = if cycle.summit.is_some() {
                (cycle.institution.clone(), cycle.summit.clone())
            } else if cycle.institution.is_some() && cycle.institution != stored.institution {
                // Another institution: the stored summit was not its summit.
                (cycle.institution.clone(), None)
            } else {
                (stored.institution.clone(), stored.summit.clone())
            };
            Cycle {
                name: stored.name.clone(),
                kind: cycle.kind.or(stored.kind),
                period: cycle.period.or(stored.period),
                convention: stored.convention,
                institution,
                summit,
            }
        }
    };
    if wanted != stored {
        let (institution, summit) = place(conn, &wanted).await?;
        sqlx::query(
            "UPDATE cycle SET kind = $2, period_start = $3, period_end = $4, convention = $5, \
                    institution_id = $6, summit_id = $7 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(wanted.kind.map(|k| k.as_str()))
        .bind(wanted.period.map(|p| date_text(p.start)))
        .bind(wanted.period.map(|p| date_text(p.end)))
        .bind(wanted.convention.as_str())
        .bind(institution)
        .bind(summit)
        .execute(&mut *conn)
        .await
        .ctx("updating a cycle")?;
        if wanted.summit != stored.summit || wanted.institution != stored.institution {
            // Source documents belong to a summit: the commitments follow the cycle's.
            institution::relink_sources(conn, id).await?;
        }
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

/// The ids of the cycle's institution and summit, created when new. A summit must come with its
/// institution and a year (from its name, "2024 Apulia Summit", or from the period).
pub(crate) async fn place(
    conn: &mut Conn,
    cycle: &Cycle,
) -> Result<(Option<i64>, Option<i64>), StoreError> {
    let institution = cycle.institution.as_deref();
    let Some(summit_name) = cycle.summit.as_deref() else {
        return match institution {
            Some(name) => Ok((
                Some(institution::ensure_institution(conn, name).await?),
                None,
            )),
            None => Ok((None, None)),
        };
    };
    let summit = Summit::of_cycle(cycle).ok_or_else(|| {
        StoreError::InvalidCycle(format!(
            "cycle `{}`: the summit `{summit_name}` needs {}",
            cycle.name,
            if institution.is_none() {
                "the institution it belongs to"
            } else {
                "a year: start its name with one (`2024 Apulia Summit`) or give the cycle a period"
            }
        ))
    })?;
    let (institution, summit) = institution::ensure_summit(conn, &summit).await?;
    Ok((Some(institution), Some(summit)))
}

/// The cycle with its institution and summit names trimmed, a blank one taken as not given, so
/// that what is stored reads back equal.
pub(crate) fn trimmed(cycle: &Cycle) -> Cycle {
    let name = |n: &Option<String>| {
        n.as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
    };
    Cycle {
        institution: name(&cycle.institution),
        summit: name(&cycle.summit),
        ..cycle.clone()
    }
}

pub(crate) fn describe(cycle: &Cycle) -> serde_json::Value {
    json!({
        "name": cycle.name,
        "kind": cycle.kind.map(|k| k.as_str()),
        "period": cycle.period.map(|p| p.to_string()),
        "convention": cycle.convention.as_str(),
        "institution": cycle.institution,
        "summit": cycle.summit,
    })
}
