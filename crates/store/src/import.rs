//! Importing chapters: each one compared with what the cycle already holds, then either left
//! alone or written whole (its sections, assessments, paragraphs and footnotes replaced).

use std::collections::HashMap;

use pledgewatch_domain::names::member_key;
use pledgewatch_domain::{BodyParagraph, Chapter, MemberSection, TableRow, chapter_changes};
use serde_json::json;
use sqlx::QueryBuilder;
use sqlx::query_builder::Separated;

use crate::audit;
use crate::codec::{date_text, given_verdict_code, partial_date_text, verdict_code};
use crate::error::{Context, StoreError};
use crate::institution;
use crate::load;
use crate::people::Registry;
use crate::sqlite::{Conn, Db, MAX_BINDS};

/// What importing one chapter did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChapterImport {
    /// The cycle had no chapter for this commitment (perhaps a score-sheet row): it has now.
    Added,
    /// The cycle had exactly this chapter: nothing was written.
    Unchanged,
    /// The cycle had another version of this chapter: it was replaced whole. `changes` says what
    /// differs, one line each (`Canada: score +1 → 0`).
    Replaced { changes: Vec<String> },
}

/// Imports one chapter into cycle `cycle` inside the caller's transaction.
pub(crate) async fn chapter(
    conn: &mut Conn,
    registry: &mut Registry,
    cycle: (i64, &str),
    chapter: &Chapter,
    actor: &str,
) -> Result<ChapterImport, StoreError> {
    let listing = validate(chapter)?;
    let code = &chapter.commitment.code;
    let existing: Option<(i64, bool)> =
        sqlx::query_as("SELECT id, has_chapter FROM commitment WHERE cycle_id = $1 AND code = $2")
            .bind(cycle.0)
            .bind(code)
            .fetch_optional(&mut *conn)
            .await
            .ctx("looking up a commitment")?;

    // Each member's assessment version before a replacement, carried forward (+1) so that a
    // browser tab opened before the re-import cannot overwrite the imported text.
    let mut carried: Vec<(i64, i64)> = Vec::new();
    let (id, outcome) = match existing {
        None => (
            insert_commitment(conn, registry, cycle.0, chapter).await?,
            ChapterImport::Added,
        ),
        Some((id, has_chapter)) => {
            let old = if has_chapter {
                load::chapters(conn, cycle.0, Some(id))
                    .await?
                    .pop()
                    .map(|(_, c)| c)
            } else {
                None
            };
            let outcome = match old {
                Some(old) if old == *chapter => return Ok(ChapterImport::Unchanged),
                Some(old) => ChapterImport::Replaced {
                    changes: chapter_changes(&old, chapter)
                        .iter()
                        .map(ToString::to_string)
                        .collect(),
                },
                None => ChapterImport::Added,
            };
            update_commitment(conn, registry, (cycle.0, id), chapter).await?;
            carried = versions(conn, id).await?;
            clear(conn, id).await?;
            (id, outcome)
        }
    };
    write_parts(conn, registry, cycle.0, id, chapter, &listing).await?;
    carry_versions(conn, id, &carried).await?;
    crate::edition::mark_published(conn, id, None).await?;

    let (action, changes) = match &outcome {
        ChapterImport::Replaced { changes } => ("chapter.replace", changes.clone()),
        _ => ("chapter.add", Vec::new()),
    };
    tracing::debug!(cycle = cycle.1, commitment = %code, action, "chapter written");
    audit::record(
        conn,
        actor,
        action,
        &format!("{}/{}", cycle.1, code),
        json!({
            "cycle": cycle.1,
            "commitment": code,
            "title": chapter.commitment.title,
            "members": listing.len(),
            "citations": chapter.citations.len(),
            "changes": changes,
        }),
    )
    .await?;
    Ok(outcome)
}

/// One member of a chapter: its Assessment table row and its section, either of which may be
/// missing, matched across spellings (`UK` in the table, `United Kingdom` in the heading).
struct Listed<'a> {
    /// The name the chapter lists first; its published verdict is the matrix cell.
    name: &'a str,
    table: Option<(usize, &'a TableRow)>,
    section: Option<(usize, &'a MemberSection)>,
}

/// Checks what the schema cannot store and pairs table rows with sections, in listing order.
fn validate(chapter: &Chapter) -> Result<Vec<Listed<'_>>, StoreError> {
    let code = chapter.commitment.code.as_str();
    let invalid = |message: String| StoreError::InvalidChapter {
        code: if code.trim().is_empty() {
            format!("`{code}`")
        } else {
            code.to_string()
        },
        message,
    };
    if code.trim().is_empty() {
        return Err(invalid("the commitment has no number".into()));
    }
    let mut listed: Vec<Listed<'_>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (position, row) in chapter.assessment_table.iter().enumerate() {
        if row.member.trim().is_empty() {
            return Err(invalid(format!(
                "row {} of the Assessment table has no member name",
                position + 1
            )));
        }
        let key = member_key(&row.member);
        if let Some(&i) = index.get(&key) {
            return Err(invalid(format!(
                "the Assessment table lists {} twice (`{}` and `{}`)",
                row.member, listed[i].name, row.member
            )));
        }
        index.insert(key, listed.len());
        listed.push(Listed {
            name: &row.member,
            table: Some((position, row)),
            section: None,
        });
    }
    for (position, section) in chapter.members.iter().enumerate() {
        if section.member.trim().is_empty() {
            return Err(invalid(format!(
                "member section {} has no member name",
                position + 1
            )));
        }
        let key = member_key(&section.member);
        match index.get(&key) {
            Some(&i) if listed[i].section.is_some() => {
                return Err(invalid(format!(
                    "two sections for {} (`{}` and `{}`)",
                    section.member,
                    listed[i].section.map_or("", |(_, s)| s.member.as_str()),
                    section.member
                )));
            }
            Some(&i) => listed[i].section = Some((position, section)),
            None => {
                index.insert(key, listed.len());
                listed.push(Listed {
                    name: &section.member,
                    table: None,
                    section: Some((position, section)),
                });
            }
        }
    }
    Ok(listed)
}

/// The rows a chapter's commitment points at: its director's and lead analyst's spellings and
/// its source document, each added when new.
async fn commitment_links(
    conn: &mut Conn,
    registry: &mut Registry,
    cycle: i64,
    chapter: &Chapter,
) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
    let director = registry
        .optional_person(conn, chapter.director.as_deref())
        .await?;
    let lead = registry
        .optional_person(conn, chapter.lead_analyst.as_deref())
        .await?;
    let document = institution::source_document(conn, cycle, &chapter.commitment).await?;
    Ok((director, lead, document))
}

async fn insert_commitment(
    conn: &mut Conn,
    registry: &mut Registry,
    cycle: i64,
    chapter: &Chapter,
) -> Result<i64, StoreError> {
    let (director, lead, document) = commitment_links(conn, registry, cycle, chapter).await?;
    let c = &chapter.commitment;
    sqlx::query_scalar(
        "INSERT INTO commitment (cycle_id, code, area, title, text, source, director_id, \
                                 lead_analyst_id, published_average, has_chapter, \
                                 source_document_id, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM commitment WHERE cycle_id = $1)) \
         RETURNING id",
    )
    .bind(cycle)
    .bind(&c.code)
    .bind(&c.area)
    .bind(&c.title)
    .bind(&c.text)
    .bind(&c.source)
    .bind(director)
    .bind(lead)
    .bind(chapter.published_average.as_deref())
    .bind(true)
    .bind(document)
    .fetch_one(&mut *conn)
    .await
    .ctx("adding a commitment")
}

async fn update_commitment(
    conn: &mut Conn,
    registry: &mut Registry,
    (cycle, id): (i64, i64),
    chapter: &Chapter,
) -> Result<(), StoreError> {
    let (director, lead, document) = commitment_links(conn, registry, cycle, chapter).await?;
    let c = &chapter.commitment;
    sqlx::query(
        "UPDATE commitment SET area = $2, title = $3, text = $4, source = $5, director_id = $6, \
                lead_analyst_id = $7, published_average = $8, has_chapter = $9, \
                source_document_id = $10 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(&c.area)
    .bind(&c.title)
    .bind(&c.text)
    .bind(&c.source)
    .bind(director)
    .bind(lead)
    .bind(chapter.published_average.as_deref())
    .bind(true)
    .bind(document)
    .execute(&mut *conn)
    .await
    .ctx("updating a commitment")?;
    // The old version may have named another source.
    institution::prune_sources(conn).await
}

/// Removes everything a chapter hangs on its commitment (paragraphs go with their assessments).
async fn clear(conn: &mut Conn, commitment: i64) -> Result<(), StoreError> {
    for (sql, what) in [
        (
            "DELETE FROM section WHERE commitment_id = $1",
            "removing the old chapter's sections",
        ),
        (
            "DELETE FROM assessment WHERE commitment_id = $1",
            "removing the old chapter's assessments",
        ),
        (
            "DELETE FROM citation WHERE commitment_id = $1",
            "removing the old chapter's footnotes",
        ),
    ] {
        sqlx::query(sql)
            .bind(commitment)
            .execute(&mut *conn)
            .await
            .ctx(what)?;
    }
    Ok(())
}

/// (member, version) of the commitment's assessments.
async fn versions(conn: &mut Conn, commitment: i64) -> Result<Vec<(i64, i64)>, StoreError> {
    sqlx::query_as("SELECT member_id, version FROM assessment WHERE commitment_id = $1")
        .bind(commitment)
        .fetch_all(&mut *conn)
        .await
        .ctx("reading assessment versions")
}

/// Sets each re-imported assessment's version one above the version it replaced.
async fn carry_versions(
    conn: &mut Conn,
    commitment: i64,
    carried: &[(i64, i64)],
) -> Result<(), StoreError> {
    for (member, version) in carried {
        sqlx::query(
            "UPDATE assessment SET version = $3 + 1 WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(commitment)
        .bind(member)
        .bind(version)
        .execute(&mut *conn)
        .await
        .ctx("carrying an assessment's version forward")?;
    }
    Ok(())
}

/// A row for the assessment table, with its person and member resolved.
struct AssessmentInsert<'a> {
    member: i64,
    listed: &'a Listed<'a>,
    position: usize,
    verdict: Option<&'static str>,
    analyst: Option<i64>,
}

async fn write_parts(
    conn: &mut Conn,
    registry: &mut Registry,
    cycle: i64,
    commitment: i64,
    chapter: &Chapter,
    listing: &[Listed<'_>],
) -> Result<(), StoreError> {
    insert_batched(
        conn,
        "INSERT INTO section (commitment_id, position, kind, text) ",
        4,
        &chapter.sections.iter().enumerate().collect::<Vec<_>>(),
        |b, (position, s)| {
            b.push_bind(commitment)
                .push_bind(to_i64(*position))
                .push_bind(s.kind.key())
                .push_bind(s.text.as_str());
        },
        "writing chapter sections",
    )
    .await?;

    let mut rows = Vec::with_capacity(listing.len());
    for (position, listed) in listing.iter().enumerate() {
        let member = registry.member(conn, listed.name).await?;
        registry.join_cycle(conn, cycle, member).await?;
        let analyst = match listed.section {
            Some((_, s)) => registry.optional_person(conn, s.analyst.as_deref()).await?,
            None => None,
        };
        rows.push(AssessmentInsert {
            member,
            listed,
            position,
            verdict: verdict_code(chapter.verdict_of(listed.name)),
            analyst,
        });
    }
    let mut ids: HashMap<i64, i64> = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(MAX_BINDS / 14) {
        let mut qb = QueryBuilder::<Db>::new(
            "INSERT INTO assessment (commitment_id, member_id, verdict, position, \
                table_position, table_name, table_verdict, section_position, section_name, \
                heading_verdict, thus_verdict, opening, conclusion, analyst_id) ",
        );
        qb.push_values(chunk, |mut b, r| {
            let table = r.listed.table;
            let section = r.listed.section;
            b.push_bind(commitment)
                .push_bind(r.member)
                .push_bind(r.verdict)
                .push_bind(to_i64(r.position))
                .push_bind(table.map(|(p, _)| to_i64(p)))
                .push_bind(table.map(|(_, t)| t.member.as_str()))
                .push_bind(table.and_then(|(_, t)| verdict_code(t.verdict)))
                .push_bind(section.map(|(p, _)| to_i64(p)))
                .push_bind(section.map(|(_, s)| s.member.as_str()))
                .push_bind(section.and_then(|(_, s)| given_verdict_code(s.heading_verdict)))
                .push_bind(section.and_then(|(_, s)| given_verdict_code(s.thus_verdict)))
                .push_bind(section.map(|(_, s)| s.opening.as_str()))
                .push_bind(section.map(|(_, s)| s.conclusion.as_str()))
                .push_bind(r.analyst);
        });
        qb.push(" RETURNING member_id, id");
        let returned: Vec<(i64, i64)> = qb
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .ctx("writing assessments")?;
        ids.extend(returned);
    }

    // Paragraphs and the footnotes they cite, keyed by (assessment, paragraph position).
    let mut paragraphs: Vec<(i64, usize, &BodyParagraph)> = Vec::new();
    let mut cites: Vec<(i64, usize, usize, u32)> = Vec::new();
    for r in &rows {
        let Some((_, section)) = r.listed.section else {
            continue;
        };
        let Some(&assessment) = ids.get(&r.member) else {
            continue;
        };
        for (p, paragraph) in section.body.iter().enumerate() {
            paragraphs.push((assessment, p, paragraph));
            let numbers = match paragraph {
                BodyParagraph::Evidence(e) => &e.citations,
                BodyParagraph::Narrative { citations, .. } => citations,
            };
            cites.extend(
                numbers
                    .iter()
                    .enumerate()
                    .map(|(k, &n)| (assessment, p, k, n)),
            );
        }
    }
    insert_batched(
        conn,
        "INSERT INTO paragraph (assessment_id, position, kind, date, date_inferred, text) ",
        6,
        &paragraphs,
        |b, (assessment, position, paragraph)| {
            b.push_bind(*assessment).push_bind(to_i64(*position));
            match paragraph {
                BodyParagraph::Evidence(e) => b
                    .push_bind("evidence")
                    .push_bind(date_text(e.date.date))
                    .push_bind(e.date.inferred)
                    .push_bind(e.text.as_str()),
                BodyParagraph::Narrative { text, .. } => b
                    .push_bind("narrative")
                    .push_bind(None::<String>)
                    .push_bind(false)
                    .push_bind(text.as_str()),
            };
        },
        "writing evidence paragraphs",
    )
    .await?;
    insert_batched(
        conn,
        "INSERT INTO paragraph_citation (assessment_id, paragraph_position, position, number) ",
        4,
        &cites,
        |b, (assessment, paragraph, position, number)| {
            b.push_bind(*assessment)
                .push_bind(to_i64(*paragraph))
                .push_bind(to_i64(*position))
                .push_bind(i64::from(*number));
        },
        "writing the footnotes paragraphs cite",
    )
    .await?;

    insert_batched(
        conn,
        "INSERT INTO citation (commitment_id, position, number, title, publisher, place, \
            published, accessed, url, note, raw) ",
        11,
        &chapter.citations.iter().enumerate().collect::<Vec<_>>(),
        |b, (position, c)| {
            b.push_bind(commitment)
                .push_bind(to_i64(*position))
                .push_bind(i64::from(c.number))
                .push_bind(c.title.as_str())
                .push_bind(c.publisher.as_deref())
                .push_bind(c.place.as_deref())
                .push_bind(c.published.map(partial_date_text))
                .push_bind(c.accessed.map(date_text))
                .push_bind(c.url.as_deref())
                .push_bind(c.note.as_deref())
                .push_bind(c.raw.as_str());
        },
        "writing footnotes",
    )
    .await?;
    Ok(())
}

/// Inserts `rows` with multi-row INSERTs of at most `MAX_BINDS` parameters each: one statement
/// per few thousand rows instead of one per row.
async fn insert_batched<T>(
    conn: &mut Conn,
    head: &'static str,
    columns: usize,
    rows: &[T],
    mut push: impl FnMut(&mut Separated<'_, Db, &'static str>, &T),
    what: &'static str,
) -> Result<(), StoreError> {
    for chunk in rows.chunks(MAX_BINDS / columns) {
        let mut qb = QueryBuilder::<Db>::new(head);
        qb.push_values(chunk, |mut b, row| push(&mut b, row));
        qb.build().execute(&mut *conn).await.ctx(what)?;
    }
    Ok(())
}

/// Positions are list indices; a list longer than i64::MAX cannot exist in memory.
fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
