//! Reading chapters back as domain values: a whole cycle (or one commitment) in six queries, one
//! per table, assembled in memory, so a cycle of any size costs the same number of round trips.

use std::collections::HashMap;

use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Commitment, EvidenceDate, EvidenceItem, MemberSection,
    Section, SectionKind, TableRow,
};

use crate::codec::{
    code_order, date_from, footnote_from, given_verdict_from, partial_date_from, verdict_from,
};
use crate::error::{Context, StoreError};
use crate::sqlite::{Conn, Db};

type CommitmentRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

type AssessmentRow = (
    i64,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type ParagraphRow = (i64, i64, String, Option<String>, bool, String);

type CitationRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The rows of one of [`chapters`]' queries, whose `WHERE` takes `$1` the cycle and `$2` one
/// commitment or NULL.
async fn chapter_rows<T>(
    conn: &mut Conn,
    sql: &'static str,
    cycle: i64,
    only: Option<i64>,
    what: &'static str,
) -> Result<Vec<T>, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    sqlx::query_as(sql)
        .bind(cycle)
        .bind(only)
        .fetch_all(&mut *conn)
        .await
        .ctx(what)
}

/// The chapters of cycle `cycle`, or only that of commitment `only`, each with its commitment's
/// id, in commitment order ("2" before "10").
///
/// Every query filters with the same clause: `$1` the cycle, `$2` one commitment or NULL.
pub(crate) async fn chapters(
    conn: &mut Conn,
    cycle: i64,
    only: Option<i64>,
) -> Result<Vec<(i64, Chapter)>, StoreError> {
    let commitments: Vec<CommitmentRow> = chapter_rows(
        conn,
        "SELECT c.id, c.code, c.area, c.title, c.text, c.source, d.spelling, l.spelling, \
                    c.published_average, c.position \
             FROM commitment c \
             LEFT JOIN person_variant d ON d.id = c.director_id \
             LEFT JOIN person_variant l ON l.id = c.lead_analyst_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter",
        cycle,
        only,
        "reading commitments",
    )
    .await?;
    if commitments.is_empty() {
        return Ok(Vec::new());
    }

    let sections: Vec<(i64, String, String)> = chapter_rows(
        conn,
        "SELECT s.commitment_id, s.kind, s.text \
             FROM section s JOIN commitment c ON c.id = s.commitment_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter \
             ORDER BY s.commitment_id, s.position",
        cycle,
        only,
        "reading chapter sections",
    )
    .await?;

    let assessments: Vec<AssessmentRow> = chapter_rows(
        conn,
        "SELECT a.id, a.commitment_id, a.table_position, a.table_name, a.table_verdict, \
                    a.section_position, a.section_name, a.heading_verdict, a.thus_verdict, \
                    a.opening, a.conclusion, p.spelling \
             FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
             LEFT JOIN person_variant p ON p.id = a.analyst_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter \
               AND (a.table_position IS NOT NULL OR a.section_position IS NOT NULL)",
        cycle,
        only,
        "reading assessments",
    )
    .await?;

    let paragraphs: Vec<ParagraphRow> = chapter_rows(
        conn,
        "SELECT g.assessment_id, g.position, g.kind, g.date, g.date_inferred, g.text \
             FROM paragraph g JOIN assessment a ON a.id = g.assessment_id \
             JOIN commitment c ON c.id = a.commitment_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter \
             ORDER BY g.assessment_id, g.position",
        cycle,
        only,
        "reading evidence paragraphs",
    )
    .await?;

    let cited: Vec<(i64, i64, i64)> = chapter_rows(
        conn,
        "SELECT k.assessment_id, k.paragraph_position, k.number \
             FROM paragraph_citation k JOIN assessment a ON a.id = k.assessment_id \
             JOIN commitment c ON c.id = a.commitment_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter \
             ORDER BY k.assessment_id, k.paragraph_position, k.position",
        cycle,
        only,
        "reading the footnotes paragraphs cite",
    )
    .await?;

    let citations: Vec<CitationRow> = chapter_rows(
        conn,
        "SELECT t.commitment_id, t.number, t.title, t.publisher, t.place, t.published, \
                    t.accessed, t.url, t.note, t.raw \
             FROM citation t JOIN commitment c ON c.id = t.commitment_id \
             WHERE c.cycle_id = $1 AND ($2 IS NULL OR c.id = $2) AND c.has_chapter \
             ORDER BY t.commitment_id, t.position",
        cycle,
        only,
        "reading citations",
    )
    .await?;

    assemble(
        commitments,
        sections,
        assessments,
        paragraphs,
        cited,
        citations,
    )
}

fn assemble(
    commitments: Vec<CommitmentRow>,
    sections: Vec<(i64, String, String)>,
    assessments: Vec<AssessmentRow>,
    paragraphs: Vec<ParagraphRow>,
    cited: Vec<(i64, i64, i64)>,
    citations: Vec<CitationRow>,
) -> Result<Vec<(i64, Chapter)>, StoreError> {
    // Footnote numbers per (assessment, paragraph position), in citing order.
    let mut cites: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
    for (assessment, paragraph, number) in cited {
        cites
            .entry((assessment, paragraph))
            .or_default()
            .push(footnote_from(number)?);
    }

    let mut bodies: HashMap<i64, Vec<BodyParagraph>> = HashMap::new();
    for (assessment, position, kind, date, inferred, text) in paragraphs {
        let citations = cites.remove(&(assessment, position)).unwrap_or_default();
        let paragraph = match kind.as_str() {
            "evidence" => {
                let date = date_from(date.as_deref(), "evidence date")?.ok_or_else(|| {
                    StoreError::Corrupt(format!(
                        "evidence paragraph {position} of assessment {assessment} has no date"
                    ))
                })?;
                BodyParagraph::Evidence(EvidenceItem {
                    date: EvidenceDate { date, inferred },
                    text,
                    citations,
                })
            }
            "narrative" => BodyParagraph::Narrative { text, citations },
            other => {
                return Err(StoreError::Corrupt(format!("paragraph kind `{other}`")));
            }
        };
        bodies.entry(assessment).or_default().push(paragraph);
    }

    // Per commitment: table rows and member sections, each with its stored position.
    let mut tables: HashMap<i64, Vec<(i64, TableRow)>> = HashMap::new();
    let mut members: HashMap<i64, Vec<(i64, MemberSection)>> = HashMap::new();
    for row in assessments {
        let (id, commitment, table_position, table_name, table_verdict) =
            (row.0, row.1, row.2, row.3, row.4);
        if let (Some(position), Some(member)) = (table_position, table_name) {
            let verdict = verdict_from(table_verdict.as_deref())?;
            tables
                .entry(commitment)
                .or_default()
                .push((position, TableRow { member, verdict }));
        }
        if let (Some(position), Some(member)) = (row.5, row.6) {
            let section = MemberSection {
                member,
                heading_verdict: given_verdict_from(row.7.as_deref())?,
                thus_verdict: given_verdict_from(row.8.as_deref())?,
                opening: row.9.unwrap_or_default(),
                body: bodies.remove(&id).unwrap_or_default(),
                conclusion: row.10.unwrap_or_default(),
                analyst: row.11,
            };
            members
                .entry(commitment)
                .or_default()
                .push((position, section));
        }
    }

    let mut texts: HashMap<i64, Vec<Section>> = HashMap::new();
    for (commitment, kind, text) in sections {
        let kind = SectionKind::from_key(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("section kind `{kind}`")))?;
        texts
            .entry(commitment)
            .or_default()
            .push(Section { kind, text });
    }

    let mut footnotes: HashMap<i64, Vec<Citation>> = HashMap::new();
    for row in citations {
        let (commitment, number, title, publisher, place, published, accessed, url, note, raw) =
            row;
        footnotes.entry(commitment).or_default().push(Citation {
            number: footnote_from(number)?,
            title,
            publisher,
            place,
            published: partial_date_from(published.as_deref(), "citation publication date")?,
            accessed: date_from(accessed.as_deref(), "citation access date")?,
            url,
            note,
            raw,
        });
    }

    let mut out: Vec<(i64, i64, Chapter)> = Vec::with_capacity(commitments.len());
    for row in commitments {
        let (id, code, area, title, text, source, director, lead_analyst, average, order) = row;
        let mut table = tables.remove(&id).unwrap_or_default();
        table.sort_by_key(|(p, _)| *p);
        let mut sections = members.remove(&id).unwrap_or_default();
        sections.sort_by_key(|(p, _)| *p);
        let chapter = Chapter {
            commitment: Commitment {
                code,
                area,
                title,
                text,
                source,
            },
            sections: texts.remove(&id).unwrap_or_default(),
            director,
            lead_analyst,
            assessment_table: table.into_iter().map(|(_, r)| r).collect(),
            published_average: average,
            members: sections.into_iter().map(|(_, s)| s).collect(),
            citations: footnotes.remove(&id).unwrap_or_default(),
        };
        out.push((id, order, chapter));
    }
    out.sort_by(|a, b| code_order(&a.2.commitment.code, &b.2.commitment.code).then(a.1.cmp(&b.1)));
    Ok(out.into_iter().map(|(id, _, c)| (id, c)).collect())
}
