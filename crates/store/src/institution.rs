//! Institution, summit and source-document rows: found by name, created on first sight, always
//! inside the caller's write transaction (whose audit record covers them).

use pledgewatch_domain::{Commitment, Institution, SourceDocument, Summit};

use crate::codec::{code_order, date_text};
use crate::error::{Context, StoreError};
use crate::sqlite::Conn;

/// The institution called `name`, created if new.
pub(crate) async fn ensure_institution(conn: &mut Conn, name: &str) -> Result<i64, StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM institution WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up an institution")?;
    match found {
        Some(id) => Ok(id),
        None => sqlx::query_scalar("INSERT INTO institution (name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .ctx("adding an institution"),
    }
}

/// The summit (and its institution), created if new; a stored summit without an end date gets
/// `summit`'s. Returns (institution id, summit id).
pub(crate) async fn ensure_summit(
    conn: &mut Conn,
    summit: &Summit,
) -> Result<(i64, i64), StoreError> {
    let institution = ensure_institution(conn, &summit.institution).await?;
    let found: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, ended_on FROM summit WHERE institution_id = $1 AND name = $2")
            .bind(institution)
            .bind(&summit.name)
            .fetch_optional(&mut *conn)
            .await
            .ctx("looking up a summit")?;
    let id = match found {
        Some((id, ended_on)) => {
            if ended_on.is_none() && summit.ended_on.is_some() {
                sqlx::query("UPDATE summit SET ended_on = $2 WHERE id = $1")
                    .bind(id)
                    .bind(summit.ended_on.map(date_text))
                    .execute(&mut *conn)
                    .await
                    .ctx("dating a summit")?;
            }
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO summit (institution_id, name, year, ended_on) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(institution)
        .bind(&summit.name)
        .bind(i64::from(summit.year))
        .bind(summit.ended_on.map(date_text))
        .fetch_one(&mut *conn)
        .await
        .ctx("adding a summit")?,
    };
    Ok((institution, id))
}

/// The source document of `commitment` within its cycle's summit (or among documents of no
/// known summit), created if new; `None` when the commitment names no source.
pub(crate) async fn source_document(
    conn: &mut Conn,
    cycle: i64,
    commitment: &Commitment,
) -> Result<Option<i64>, StoreError> {
    let Some(document) = commitment.source_document() else {
        return Ok(None);
    };
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT d.id FROM source_document d JOIN cycle y ON y.id = $1 \
         WHERE COALESCE(d.summit_id, 0) = COALESCE(y.summit_id, 0) AND d.title = $2",
    )
    .bind(cycle)
    .bind(&document.title)
    .fetch_optional(&mut *conn)
    .await
    .ctx("looking up a source document")?;
    if found.is_some() {
        return Ok(found);
    }
    sqlx::query_scalar(
        "INSERT INTO source_document (summit_id, title) \
         SELECT summit_id, $2 FROM cycle WHERE id = $1 RETURNING id",
    )
    .bind(cycle)
    .bind(&document.title)
    .fetch_one(&mut *conn)
    .await
    .ctx("adding a source document")
    .map(Some)
}

/// Points every commitment of the cycle at the source document of its cycle's current summit
/// (after the cycle's summit changed), then drops documents no commitment cites any more.
pub(crate) async fn relink_sources(conn: &mut Conn, cycle: i64) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, source FROM commitment WHERE cycle_id = $1")
            .bind(cycle)
            .fetch_all(&mut *conn)
            .await
            .ctx("reading the cycle's commitment sources")?;
    for (id, source) in rows {
        let commitment = Commitment {
            code: String::new(),
            area: String::new(),
            title: String::new(),
            text: String::new(),
            source,
        };
        let document = source_document(conn, cycle, &commitment).await?;
        sqlx::query("UPDATE commitment SET source_document_id = $2 WHERE id = $1")
            .bind(id)
            .bind(document)
            .execute(&mut *conn)
            .await
            .ctx("linking a commitment to its source document")?;
    }
    prune_sources(conn).await
}

/// Removes source documents that no commitment cites (a replaced chapter may name another).
pub(crate) async fn prune_sources(conn: &mut Conn) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM source_document WHERE NOT EXISTS \
         (SELECT 1 FROM commitment c WHERE c.source_document_id = source_document.id)",
    )
    .execute(&mut *conn)
    .await
    .ctx("removing source documents no commitment cites")?;
    Ok(())
}

/// Every institution, by name.
pub(crate) async fn institutions(conn: &mut Conn) -> Result<Vec<Institution>, StoreError> {
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM institution ORDER BY name")
        .fetch_all(&mut *conn)
        .await
        .ctx("listing institutions")?;
    Ok(names.into_iter().map(|name| Institution { name }).collect())
}

/// The source documents of the cycle's commitments, each once, in commitment order (by the
/// first commitment citing it).
pub(crate) async fn source_documents(
    conn: &mut Conn,
    cycle: i64,
) -> Result<Vec<SourceDocument>, StoreError> {
    let mut rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
        "SELECT c.code, c.position, d.id, d.title FROM commitment c \
         JOIN source_document d ON d.id = c.source_document_id WHERE c.cycle_id = $1",
    )
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's source documents")?;
    rows.sort_by(|a, b| code_order(&a.0, &b.0).then(a.1.cmp(&b.1)));
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (_, _, id, title) in rows {
        if !seen.contains(&id) {
            seen.push(id);
            out.push(SourceDocument { title });
        }
    }
    Ok(out)
}
