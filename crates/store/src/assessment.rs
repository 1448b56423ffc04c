//! One member's assessment as the workspace edits it: the score, the narrative, the evidence
//! items with their citations, and the review workflow (draft → submitted → approved, or back
//! to draft with a note).
//!
//! The assessment is the unit of optimistic concurrency: every write names the version it was
//! read at, bumps it, and is refused as `Stale` when someone else wrote first; only drafts are
//! edited. Evidence items are known by their 1-based number among the member section's evidence
//! (as codings and plan status links know them), so inserting or deleting one renumbers those
//! references in the same transaction.

use jiff::civil::Date;
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::names::{member_key, person_key};
use pledgewatch_domain::rubric::EvidenceStrength;
use pledgewatch_domain::{Citation, PartialDate, Verdict};
use serde_json::{Value, json};

use crate::codec::{
    date_from, date_text, footnote_from, given_verdict_code, partial_date_from, partial_date_text,
    verdict_from,
};
use crate::error::{Context, StoreError};
use crate::people::Registry;
use crate::rubric::{commitment_id, member_of, now_text};
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// Where an assessment stands in the review workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStatus {
    Draft,
    Submitted,
    Approved,
    Published,
}

impl ReviewStatus {
    /// The stored spelling: `draft`, `submitted`, `approved`, `published`.
    pub fn key(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Submitted => "submitted",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<ReviewStatus> {
        [
            ReviewStatus::Draft,
            ReviewStatus::Submitted,
            ReviewStatus::Approved,
            ReviewStatus::Published,
        ]
        .into_iter()
        .find(|s| s.key() == text)
    }
}

/// One evidence item of a member section, numbered as codings number it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceEntry {
    /// 1-based, in the section's order.
    pub number: u32,
    pub date: Date,
    /// The source gave no year; it was resolved from the compliance period.
    pub date_inferred: bool,
    pub text: String,
    /// Footnote numbers of the chapter, in citing order.
    pub citations: Vec<u32>,
}

/// A footnote of the chapter with its own version (citations are edited on their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationEntry {
    pub citation: Citation,
    pub version: i64,
}

/// The last time a director sent the assessment back to draft, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnNote {
    pub by: String,
    pub at: String,
    pub note: String,
}

/// One member's assessment of one commitment, everything the editor shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentDraft {
    pub cycle: String,
    /// The commitment's code and title.
    pub commitment: String,
    pub title: String,
    /// The member's name and code.
    pub member: String,
    pub member_code: String,
    pub verdict: Verdict,
    pub opening: String,
    pub conclusion: String,
    pub analyst: Option<String>,
    pub evidence: Vec<EvidenceEntry>,
    /// Every footnote of the chapter, in its order.
    pub citations: Vec<CitationEntry>,
    pub status: ReviewStatus,
    pub approved_by: Option<String>,
    pub returned: Option<ReturnNote>,
    pub version: i64,
}

/// The score and the narrative around the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentText {
    pub verdict: Verdict,
    pub opening: String,
    pub conclusion: String,
}

/// A citation's fields as typed: a new footnote, or a footnote's new text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CitationInput {
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    /// As precise as the source gives it (`2024-07` for July 2024).
    pub published: Option<PartialDate>,
    pub accessed: Option<Date>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// One coder's codes of one evidence item: a strength per rubric dimension coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceCodes {
    pub coder: String,
    pub codes: Vec<(String, EvidenceStrength)>,
}

/// An evidence item as typed. `new_citation` is appended to the chapter's footnotes and cited
/// after `citations`; `codes`, when given, replace the coder's codes of this item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceInput {
    pub date: Date,
    pub date_inferred: bool,
    pub text: String,
    pub citations: Vec<u32>,
    pub new_citation: Option<CitationInput>,
    pub codes: Option<EvidenceCodes>,
}

/// The assessment row a write works on.
struct Target {
    id: i64,
    commitment: i64,
    member: i64,
    member_name: String,
    object: String,
    version: i64,
    status: ReviewStatus,
    verdict: Option<String>,
    opening: Option<String>,
    conclusion: Option<String>,
    has_section: bool,
}

type TargetRow = (
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

async fn target(
    conn: &mut Conn,
    cycle: &str,
    code: &str,
    member: &str,
) -> Result<Target, StoreError> {
    let commitment = commitment_id(conn, cycle, code).await?;
    let (member, member_name) = member_of(conn, commitment, code, member).await?;
    let row: TargetRow = sqlx::query_as(
        "SELECT a.id, a.version, a.verdict, a.opening, a.conclusion, a.section_position, \
                r.status \
         FROM assessment a LEFT JOIN assessment_review r \
           ON r.commitment_id = a.commitment_id AND r.member_id = a.member_id \
         WHERE a.commitment_id = $1 AND a.member_id = $2",
    )
    .bind(commitment)
    .bind(member)
    .fetch_one(&mut *conn)
    .await
    .ctx("reading an assessment")?;
    let (id, version, verdict, opening, conclusion, section, status) = row;
    let status = match status.as_deref() {
        None => ReviewStatus::Draft,
        Some(s) => ReviewStatus::parse(s)
            .ok_or_else(|| StoreError::Corrupt(format!("review status `{s}`")))?,
    };
    Ok(Target {
        id,
        commitment,
        member,
        object: format!("{cycle}/{code}/{member_name}"),
        member_name,
        version,
        status,
        verdict,
        opening,
        conclusion,
        has_section: section.is_some(),
    })
}

/// Refuses a write unless the assessment is a draft still at `version`.
fn writable(t: &Target, version: i64) -> Result<(), StoreError> {
    if t.status != ReviewStatus::Draft {
        let next = match t.status {
            ReviewStatus::Published => "a correction goes into a new edition",
            _ => "the compliance director can return it to draft",
        };
        return Err(StoreError::WorkflowRefused {
            object: t.object.clone(),
            message: format!(
                "the assessment is {}; only a draft can be edited ({next})",
                t.status.key()
            ),
        });
    }
    if t.version != version {
        return Err(stale(t));
    }
    Ok(())
}

fn stale(t: &Target) -> StoreError {
    StoreError::Stale {
        object: t.object.clone(),
        current: t.version,
    }
}

/// Bumps the version the write was checked against; returns the new one.
async fn bump(conn: &mut Conn, t: &Target) -> Result<i64, StoreError> {
    let done =
        sqlx::query("UPDATE assessment SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(t.id)
            .bind(t.version)
            .execute(&mut *conn)
            .await
            .ctx("bumping the assessment's version")?
            .rows_affected();
    if done == 0 {
        return Err(stale(t));
    }
    Ok(t.version + 1)
}

fn invalid(t: &Target, field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidField {
        object: t.object.clone(),
        field,
        message: message.into(),
    }
}

/// A body paragraph as stored, with the footnotes it cites.
#[derive(Debug, Clone)]
struct Paragraph {
    evidence: bool,
    date: Option<String>,
    inferred: bool,
    text: String,
    cites: Vec<i64>,
}

impl Paragraph {
    fn json(&self) -> Value {
        json!({"date": self.date, "date_inferred": self.inferred, "text": self.text,
               "citations": self.cites})
    }
}

async fn body(conn: &mut Conn, assessment: i64) -> Result<Vec<Paragraph>, StoreError> {
    let rows: Vec<(i64, String, Option<String>, bool, String)> = sqlx::query_as(
        "SELECT position, kind, date, date_inferred, text FROM paragraph \
         WHERE assessment_id = $1 ORDER BY position",
    )
    .bind(assessment)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading evidence paragraphs")?;
    let cites: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT paragraph_position, number FROM paragraph_citation WHERE assessment_id = $1 \
         ORDER BY paragraph_position, position",
    )
    .bind(assessment)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the footnotes paragraphs cite")?;
    Ok(rows
        .into_iter()
        .map(|(position, kind, date, inferred, text)| Paragraph {
            evidence: kind == "evidence",
            date,
            inferred,
            text,
            cites: cites
                .iter()
                .filter(|(p, _)| *p == position)
                .map(|(_, n)| *n)
                .collect(),
        })
        .collect())
}

/// Writes the body anew: positions are the list's, so inserting or removing one paragraph never
/// has to shift primary keys that footnote rows point at.
async fn write_body(
    conn: &mut Conn,
    assessment: i64,
    paragraphs: &[Paragraph],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM paragraph WHERE assessment_id = $1")
        .bind(assessment)
        .execute(&mut *conn)
        .await
        .ctx("clearing evidence paragraphs")?;
    for (position, p) in paragraphs.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO paragraph (assessment_id, position, kind, date, date_inferred, text) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(assessment)
        .bind(position)
        .bind(if p.evidence { "evidence" } else { "narrative" })
        .bind(p.date.as_deref())
        .bind(p.inferred)
        .bind(&p.text)
        .execute(&mut *conn)
        .await
        .ctx("writing an evidence paragraph")?;
        for (k, number) in p.cites.iter().enumerate() {
            sqlx::query(
                "INSERT INTO paragraph_citation (assessment_id, paragraph_position, position, \
                 number) VALUES ($1, $2, $3, $4)",
            )
            .bind(assessment)
            .bind(position)
            .bind(i64::try_from(k).unwrap_or(i64::MAX))
            .bind(number)
            .execute(&mut *conn)
            .await
            .ctx("writing the footnotes a paragraph cites")?;
        }
    }
    Ok(())
}

/// Where evidence item `number` (counted from 1) stands among the paragraphs of `object`, or a
/// not-found naming how many items there are.
fn evidence_index(
    paragraphs: &[Paragraph],
    number: u32,
    object: &str,
) -> Result<usize, StoreError> {
    usize::try_from(number)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|n| {
            paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.evidence)
                .nth(n)
        })
        .map(|(i, _)| i)
        .ok_or_else(|| {
            StoreError::NotFound(format!(
                "{object} has no evidence item {number} ({} in all)",
                evidence_count(paragraphs)
            ))
        })
}

fn evidence_count(paragraphs: &[Paragraph]) -> u32 {
    u32::try_from(paragraphs.iter().filter(|p| p.evidence).count()).unwrap_or(u32::MAX)
}

/// Gives a member without a section in the chapter one (after the others), so that narrative
/// and evidence have somewhere to live; the account writing it is named as its analyst.
async fn ensure_section(conn: &mut Conn, t: &mut Target, actor: &str) -> Result<(), StoreError> {
    if t.has_section {
        return Ok(());
    }
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(section_position) + 1, 0) FROM assessment WHERE commitment_id = $1",
    )
    .bind(t.commitment)
    .fetch_one(&mut *conn)
    .await
    .ctx("placing a member section")?;
    let analyst = Registry::default()
        .optional_person(conn, (!person_key(actor).is_empty()).then_some(actor))
        .await?;
    let verdict = verdict_from(t.verdict.as_deref())?;
    sqlx::query(
        "UPDATE assessment SET section_position = $2, section_name = $3, heading_verdict = $4, \
                thus_verdict = $4, opening = COALESCE(opening, ''), \
                conclusion = COALESCE(conclusion, ''), analyst_id = COALESCE(analyst_id, $5) \
         WHERE id = $1",
    )
    .bind(t.id)
    .bind(position)
    .bind(&t.member_name)
    .bind(given_verdict_code(Some(verdict)))
    .bind(analyst)
    .execute(&mut *conn)
    .await
    .ctx("adding a member section")?;
    t.has_section = true;
    Ok(())
}

/// The chapter's footnote numbers.
async fn footnote_numbers(conn: &mut Conn, commitment: i64) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT number FROM citation WHERE commitment_id = $1 ORDER BY position")
        .bind(commitment)
        .fetch_all(&mut *conn)
        .await
        .ctx("reading footnote numbers")
}

fn clean(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Checks a citation's fields: a title, and an access date not before publication.
fn checked_citation(t: &Target, c: &CitationInput) -> Result<CitationInput, StoreError> {
    let title = c.title.trim();
    if title.is_empty() {
        return Err(invalid(t, "title", "a citation needs a title"));
    }
    // At the precision given: accessed on 15 July 2024, published in July 2024 is fine.
    if let (Some(p), Some(a)) = (c.published, c.accessed)
        && p.is_after(a)
    {
        return Err(invalid(
            t,
            "accessed",
            format!("the access date {a} is before the publication date {p}"),
        ));
    }
    Ok(CitationInput {
        title: title.to_string(),
        publisher: clean(&c.publisher),
        place: clean(&c.place),
        published: c.published,
        accessed: c.accessed,
        url: clean(&c.url),
        note: clean(&c.note),
    })
}

/// The footnote's whole text, as a chapter would print it.
fn raw_text(c: &CitationInput) -> String {
    let mut raw = c.title.clone();
    if let Some(publisher) = &c.publisher {
        raw.push_str(", ");
        raw.push_str(publisher);
    }
    if let Some(place) = &c.place {
        raw.push_str(&format!(" ({place})"));
    }
    match c.published {
        Some(d) => raw.push_str(&format!(" {}.", d.published())),
        None => raw.push_str(", n.d."),
    }
    if let Some(d) = c.accessed {
        raw.push_str(&format!(" Access Date: {}.", long_date(d)));
    }
    if let Some(url) = &c.url {
        raw.push(' ');
        raw.push_str(url);
    }
    if let Some(note) = &c.note {
        raw.push(' ');
        raw.push_str(note);
    }
    raw
}

fn citation_json(c: &CitationInput) -> Value {
    json!({"title": c.title, "publisher": c.publisher, "place": c.place,
           "published": c.published.map(partial_date_text), "accessed": c.accessed.map(date_text),
           "url": c.url, "note": c.note})
}

/// Appends a footnote to the chapter with the next free number; returns the number.
async fn append_citation(
    conn: &mut Conn,
    commitment: i64,
    c: &CitationInput,
) -> Result<i64, StoreError> {
    let (number, position): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(MAX(number), 0) + 1, COALESCE(MAX(position), -1) + 1 FROM citation \
         WHERE commitment_id = $1",
    )
    .bind(commitment)
    .fetch_one(&mut *conn)
    .await
    .ctx("numbering a new footnote")?;
    sqlx::query(
        "INSERT INTO citation (commitment_id, position, number, title, publisher, place, \
            published, accessed, url, note, raw) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(commitment)
    .bind(position)
    .bind(number)
    .bind(&c.title)
    .bind(c.publisher.as_deref())
    .bind(c.place.as_deref())
    .bind(c.published.map(partial_date_text))
    .bind(c.accessed.map(date_text))
    .bind(c.url.as_deref())
    .bind(c.note.as_deref())
    .bind(raw_text(c))
    .execute(&mut *conn)
    .await
    .ctx("adding a footnote")?;
    Ok(number)
}

/// The paragraph an evidence input becomes, its cited numbers checked against the chapter (a
/// new citation is appended first and cited last).
async fn evidence_paragraph(
    conn: &mut Conn,
    t: &Target,
    input: &EvidenceInput,
) -> Result<(Paragraph, Option<(i64, Value)>), StoreError> {
    let text = input.text.trim();
    if text.is_empty() {
        return Err(invalid(t, "text", "an evidence item needs its text"));
    }
    let new_citation = input
        .new_citation
        .as_ref()
        .map(|c| checked_citation(t, c))
        .transpose()?;
    let known = footnote_numbers(conn, t.commitment).await?;
    let mut cites: Vec<i64> = Vec::new();
    for &n in &input.citations {
        let n = i64::from(n);
        if !known.contains(&n) {
            return Err(invalid(
                t,
                "citations",
                format!("footnote {n} is not a footnote of this chapter"),
            ));
        }
        if !cites.contains(&n) {
            cites.push(n);
        }
    }
    let added = match &new_citation {
        Some(c) => {
            let number = append_citation(conn, t.commitment, c).await?;
            cites.push(number);
            Some((number, citation_json(c)))
        }
        None => None,
    };
    Ok((
        Paragraph {
            evidence: true,
            date: Some(date_text(input.date)),
            inferred: input.date_inferred,
            text: text.to_string(),
            cites,
        },
        added,
    ))
}

/// Moves coding items and plan status links of this assessment's evidence: items numbered
/// `from` or above shift by `delta` (+1 after an insertion, −1 after a deletion).
async fn shift_references(
    conn: &mut Conn,
    t: &Target,
    (cycle, code): (&str, &str),
    from: u32,
    delta: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE coding_item SET evidence = evidence + $3 WHERE evidence >= $4 AND coding_id IN \
         (SELECT id FROM coding WHERE commitment_id = $1 AND member_id = $2)",
    )
    .bind(t.commitment)
    .bind(t.member)
    .bind(delta)
    .bind(i64::from(from))
    .execute(&mut *conn)
    .await
    .ctx("renumbering coded evidence")?;
    for (record, position, _, _) in plan_links(conn, t, (cycle, code)).await? {
        sqlx::query(
            "UPDATE status_evidence SET evidence = evidence + $3 \
             WHERE status_record_id = $1 AND position = $2 AND evidence >= $4",
        )
        .bind(record)
        .bind(position)
        .bind(delta)
        .bind(i64::from(from))
        .execute(&mut *conn)
        .await
        .ctx("renumbering a plan's evidence link")?;
    }
    Ok(())
}

/// Plan status links to this assessment's evidence: (status record, position, evidence
/// number, "plan, measure, period" for messages). Links name the member as they were typed
/// (any spelling or the code), so they are matched the way the store matches members.
async fn plan_links(
    conn: &mut Conn,
    t: &Target,
    (cycle, code): (&str, &str),
) -> Result<Vec<(i64, i64, i64, String)>, StoreError> {
    let (key, member_code): (String, String) =
        sqlx::query_as("SELECT key, code FROM member WHERE id = $1")
            .bind(t.member)
            .fetch_one(&mut *conn)
            .await
            .ctx("reading a member")?;
    let rows: Vec<(i64, i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT e.status_record_id, e.position, e.evidence, e.member, p.title, r.measure_code, \
                q.label \
         FROM status_evidence e JOIN status_record r ON r.id = e.status_record_id \
         JOIN plan p ON p.id = r.plan_id JOIN reporting_period q ON q.id = r.period_id \
         WHERE e.cycle = $1 AND e.commitment_code = $2",
    )
    .bind(cycle)
    .bind(code)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading plan evidence links")?;
    Ok(rows
        .into_iter()
        .filter(|r| member_key(&r.3) == key || r.3.trim().to_uppercase() == member_code)
        .map(|(record, position, evidence, _, plan, measure, period)| {
            (
                record,
                position,
                evidence,
                format!("plan `{plan}`, measure {measure}, period {period}"),
            )
        })
        .collect())
}

/// Replaces the coder's codes of evidence item `number` in their draft coding (through the
/// coding store, which checks the dimensions against the rubric).
async fn recode(
    conn: &mut Conn,
    (cycle, code, member): (&str, &str, &str),
    t: &Target,
    number: u32,
    codes: &EvidenceCodes,
    actor: &str,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT i.evidence, i.dimension, i.strength FROM coding_item i \
         JOIN coding c ON c.id = i.coding_id \
         WHERE c.commitment_id = $1 AND c.member_id = $2 AND c.coder_key = $3 \
         ORDER BY i.position",
    )
    .bind(t.commitment)
    .bind(t.member)
    .bind(person_key(&codes.coder))
    .fetch_all(&mut *conn)
    .await
    .ctx("reading a coding")?;
    if rows.is_empty() && codes.codes.is_empty() {
        // Nothing coded before and nothing now: no empty coding that would count as begun.
        let begun: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM coding WHERE commitment_id = $1 AND member_id = $2 AND coder_key = $3",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(person_key(&codes.coder))
        .fetch_optional(&mut *conn)
        .await
        .ctx("reading a coding")?;
        if begun.is_none() {
            return Ok(());
        }
    }
    let mut items: Vec<CodedEvidence> = Vec::new();
    for (evidence, dimension, strength) in rows {
        let evidence = footnote_from(evidence)?;
        if evidence == number {
            continue;
        }
        let strength = EvidenceStrength::parse(&strength)
            .ok_or_else(|| StoreError::Corrupt(format!("evidence strength `{strength}`")))?;
        items.push(CodedEvidence {
            evidence,
            dimension,
            strength,
        });
    }
    items.extend(
        codes
            .codes
            .iter()
            .map(|(dimension, strength)| CodedEvidence {
                evidence: number,
                dimension: dimension.clone(),
                strength: *strength,
            }),
    );
    crate::coding::save_in(conn, cycle, (code, member, &codes.coder), &items, actor)
        .await
        .map_err(|e| match e {
            StoreError::InvalidCoding { message, .. } => invalid(t, "codes", message),
            other => other,
        })
}

/// The review columns a workflow step reads: approved by, returned by, returned at, note.
type ReviewRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

async fn review_row(conn: &mut Conn, t: &Target) -> Result<ReviewRow, StoreError> {
    let row: Option<ReviewRow> = sqlx::query_as(
        "SELECT approved_by, returned_by, returned_at, return_note FROM assessment_review \
         WHERE commitment_id = $1 AND member_id = $2",
    )
    .bind(t.commitment)
    .bind(t.member)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading the review state")?;
    Ok(row.unwrap_or((None, None, None, None)))
}

/// What [`write_text`] wrote: the assessment's label, its new version, and the audit detail
/// (before and after) for the caller to record in the same transaction.
pub(crate) struct TextWritten {
    pub object: String,
    pub version: i64,
    pub detail: Value,
}

/// [`Store::set_assessment`]'s write inside the caller's transaction (so that a justification
/// can be saved with it as one change), version checked and bumped, not yet audited.
pub(crate) async fn write_text(
    conn: &mut Conn,
    (cycle, code, member): (&str, &str, &str),
    version: i64,
    change: &AssessmentText,
    actor: &str,
) -> Result<TextWritten, StoreError> {
    let mut t = target(conn, cycle, code, member).await?;
    writable(&t, version)?;
    let opening = change.opening.trim();
    let conclusion = change.conclusion.trim();
    if !opening.is_empty() || !conclusion.is_empty() {
        ensure_section(conn, &mut t, actor).await?;
    }
    let verdict = change.verdict;
    sqlx::query(
        "UPDATE assessment SET verdict = $2, \
            table_verdict = CASE WHEN table_position IS NULL THEN NULL ELSE $2 END, \
            heading_verdict = CASE WHEN section_position IS NULL THEN NULL ELSE $3 END, \
            thus_verdict = CASE WHEN section_position IS NULL THEN NULL ELSE $3 END, \
            opening = CASE WHEN section_position IS NULL THEN NULL ELSE $4 END, \
            conclusion = CASE WHEN section_position IS NULL THEN NULL ELSE $5 END \
         WHERE id = $1",
    )
    .bind(t.id)
    .bind(verdict.code())
    .bind(given_verdict_code(Some(verdict)))
    .bind(opening)
    .bind(conclusion)
    .execute(&mut *conn)
    .await
    .ctx("writing the score and narrative")?;
    let new_version = bump(conn, &t).await?;
    let before = verdict_from(t.verdict.as_deref())?;
    Ok(TextWritten {
        detail: json!({
            "before": {"verdict": before.code(), "opening": t.opening,
                       "conclusion": t.conclusion, "version": t.version},
            "after": {"verdict": verdict.code(), "opening": opening,
                      "conclusion": conclusion, "version": new_version},
        }),
        object: t.object,
        version: new_version,
    })
}

impl Store {
    /// Member `member`'s assessment of commitment `code`, for editing; `NotFound` when the
    /// cycle, commitment or member is unknown.
    pub async fn assessment_draft(
        &self,
        cycle: &str,
        code: &str,
        member: &str,
    ) -> Result<AssessmentDraft, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        let (title, member_code, analyst): (String, String, Option<String>) = sqlx::query_as(
            "SELECT c.title, m.code, v.spelling FROM assessment a \
             JOIN commitment c ON c.id = a.commitment_id JOIN member m ON m.id = a.member_id \
             LEFT JOIN person_variant v ON v.id = a.analyst_id WHERE a.id = $1",
        )
        .bind(t.id)
        .fetch_one(&mut *tx)
        .await
        .ctx("reading an assessment")?;
        let paragraphs = body(&mut tx, t.id).await?;
        #[allow(clippy::type_complexity)]
        let citations: Vec<(
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            i64,
        )> = sqlx::query_as(
            "SELECT number, title, publisher, place, published, accessed, url, note, raw, \
                    version FROM citation WHERE commitment_id = $1 ORDER BY position",
        )
        .bind(t.commitment)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading citations")?;
        let (approved_by, returned_by, returned_at, note) = review_row(&mut tx, &t).await?;
        tx.commit().await.ctx("ending a read")?;

        let mut evidence = Vec::new();
        for p in paragraphs.iter().filter(|p| p.evidence) {
            evidence.push(EvidenceEntry {
                number: u32::try_from(evidence.len() + 1).unwrap_or(u32::MAX),
                date: date_from(p.date.as_deref(), "evidence date")?
                    .ok_or_else(|| StoreError::Corrupt("an evidence item has no date".into()))?,
                date_inferred: p.inferred,
                text: p.text.clone(),
                citations: p
                    .cites
                    .iter()
                    .map(|&n| footnote_from(n))
                    .collect::<Result<_, _>>()?,
            });
        }
        let citations = citations
            .into_iter()
            .map(|row| {
                let (number, title, publisher, place, published, accessed, url, note, raw, v) = row;
                Ok(CitationEntry {
                    citation: Citation {
                        number: footnote_from(number)?,
                        title,
                        publisher,
                        place,
                        published: partial_date_from(
                            published.as_deref(),
                            "citation publication date",
                        )?,
                        accessed: date_from(accessed.as_deref(), "citation access date")?,
                        url,
                        note,
                        raw,
                    },
                    version: v,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(AssessmentDraft {
            cycle: cycle.to_string(),
            commitment: code.to_string(),
            title,
            member: t.member_name.clone(),
            member_code,
            verdict: verdict_from(t.verdict.as_deref())?,
            opening: t.opening.clone().unwrap_or_default(),
            conclusion: t.conclusion.clone().unwrap_or_default(),
            analyst,
            evidence,
            citations,
            status: t.status,
            approved_by,
            returned: match (t.status, returned_by, returned_at, note) {
                (ReviewStatus::Draft, Some(by), Some(at), Some(note)) => {
                    Some(ReturnNote { by, at, note })
                }
                _ => None,
            },
            version: t.version,
        })
    }

    /// Sets the score (or n/a, or not yet assessed) and the opening and concluding paragraphs.
    /// The chapter's own readings of the score (Assessment table, heading, Thus sentence)
    /// follow, so the chapter stays consistent. Returns the new version.
    pub async fn set_assessment(
        &self,
        key: (&str, &str, &str),
        version: i64,
        change: &AssessmentText,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let written = write_text(&mut tx, key, version, change, actor).await?;
        audit::record_and_commit(
            tx,
            actor,
            "assessment.update",
            &written.object,
            written.detail,
            "committing the assessment",
        )
        .await?;
        Ok(written.version)
    }

    /// Adds an evidence item in date order (after items of the same date); codings and plan
    /// links of later items are renumbered with it. Returns (its number, the new version).
    pub async fn add_evidence(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        input: &EvidenceInput,
        actor: &str,
    ) -> Result<(u32, i64), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let mut t = target(&mut tx, cycle, code, member).await?;
        writable(&t, version)?;
        ensure_section(&mut tx, &mut t, actor).await?;
        let (paragraph, added) = evidence_paragraph(&mut tx, &t, input).await?;
        let mut paragraphs = body(&mut tx, t.id).await?;
        // Before the first later-dated item; otherwise after the last paragraph.
        let at = paragraphs
            .iter()
            .position(|p| p.evidence && p.date > paragraph.date)
            .unwrap_or(paragraphs.len());
        let number = evidence_count(&paragraphs[..at]) + 1;
        let after = paragraph.json();
        paragraphs.insert(at, paragraph);
        shift_references(&mut tx, &t, (cycle, code), number, 1).await?;
        write_body(&mut tx, t.id, &paragraphs).await?;
        if let Some(codes) = &input.codes {
            recode(&mut tx, (cycle, code, member), &t, number, codes, actor).await?;
        }
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            "evidence.add",
            &t.object,
            json!({
                "before": Value::Null,
                "after": {"evidence": number, "item": after,
                          "new_citation": added.map(|(n, c)| json!({"number": n, "citation": c})),
                          "version": new_version},
            }),
            "committing the evidence item",
        )
        .await?;
        Ok((number, new_version))
    }

    /// Rewrites evidence item `number` in place (its number, hence its codings, stays).
    /// Returns the new version.
    pub async fn edit_evidence(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        number: u32,
        input: &EvidenceInput,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        writable(&t, version)?;
        let mut paragraphs = body(&mut tx, t.id).await?;
        let at = evidence_index(&paragraphs, number, &t.object)?;
        let (paragraph, added) = evidence_paragraph(&mut tx, &t, input).await?;
        let before = paragraphs[at].json();
        let after = paragraph.json();
        paragraphs[at] = paragraph;
        write_body(&mut tx, t.id, &paragraphs).await?;
        if let Some(codes) = &input.codes {
            recode(&mut tx, (cycle, code, member), &t, number, codes, actor).await?;
        }
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            "evidence.update",
            &t.object,
            json!({
                "before": {"evidence": number, "item": before, "version": t.version},
                "after": {"evidence": number, "item": after,
                          "new_citation": added.map(|(n, c)| json!({"number": n, "citation": c})),
                          "version": new_version},
            }),
            "committing the evidence item",
        )
        .await?;
        Ok(new_version)
    }

    /// Deletes evidence item `number`; later items move up one, and codings and plan links
    /// follow them. Refused when a plan status links to the item or a submitted coding codes it
    /// (those are fixed records). Returns the new version.
    pub async fn delete_evidence(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        number: u32,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        writable(&t, version)?;
        let mut paragraphs = body(&mut tx, t.id).await?;
        let at = evidence_index(&paragraphs, number, &t.object)?;
        let linked: Vec<String> = plan_links(&mut tx, &t, (cycle, code))
            .await?
            .into_iter()
            .filter(|l| l.2 == i64::from(number))
            .map(|l| l.3)
            .collect();
        if !linked.is_empty() {
            return Err(StoreError::WorkflowRefused {
                object: t.object.clone(),
                message: format!(
                    "evidence item {number} is linked from {}; remove those links first",
                    linked.join("; ")
                ),
            });
        }
        let fixed: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT c.coder FROM coding c JOIN coding_item i ON i.coding_id = c.id \
             WHERE c.commitment_id = $1 AND c.member_id = $2 AND c.submitted_at IS NOT NULL \
               AND i.evidence = $3 ORDER BY c.coder",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(i64::from(number))
        .fetch_all(&mut *tx)
        .await
        .ctx("reading submitted codings")?;
        if !fixed.is_empty() {
            return Err(StoreError::WorkflowRefused {
                object: t.object.clone(),
                message: format!(
                    "evidence item {number} is coded in the submitted coding of {}, which can \
                     no longer change",
                    fixed.join(", ")
                ),
            });
        }
        sqlx::query(
            "DELETE FROM coding_item WHERE evidence = $3 AND coding_id IN \
             (SELECT id FROM coding WHERE commitment_id = $1 AND member_id = $2)",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(i64::from(number))
        .execute(&mut *tx)
        .await
        .ctx("removing the codes of an evidence item")?;
        shift_references(&mut tx, &t, (cycle, code), number + 1, -1).await?;
        let removed = paragraphs.remove(at);
        write_body(&mut tx, t.id, &paragraphs).await?;
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            "evidence.delete",
            &t.object,
            json!({
                "before": {"evidence": number, "item": removed.json(), "version": t.version},
                "after": {"version": new_version},
            }),
            "committing the deletion",
        )
        .await?;
        Ok(new_version)
    }

    /// Appends a footnote to the chapter (next free number) for evidence of this draft
    /// assessment to cite. Returns (its number, its version).
    pub async fn add_citation(
        &self,
        (cycle, code, member): (&str, &str, &str),
        input: &CitationInput,
        actor: &str,
    ) -> Result<(u32, i64), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        writable(&t, t.version)?;
        let c = checked_citation(&t, input)?;
        let number = append_citation(&mut tx, t.commitment, &c).await?;
        audit::record_and_commit(
            tx,
            actor,
            "citation.add",
            &format!("{cycle}/{code}/footnote {number}"),
            json!({"before": Value::Null, "after": citation_json(&c)}),
            "committing the footnote",
        )
        .await?;
        Ok((footnote_from(number)?, 1))
    }

    /// Rewrites footnote `number` of the chapter, if `version` is still its own; every item
    /// citing it cites the new text. Refused while an assessment citing it is past draft (its
    /// approved sources must not change under it). Returns the new version.
    pub async fn edit_citation(
        &self,
        (cycle, code, member): (&str, &str, &str),
        number: u32,
        version: i64,
        input: &CitationInput,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        let object = format!("{cycle}/{code}/footnote {number}");
        #[allow(clippy::type_complexity)]
        let row: Option<(
            i64,
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        )> = sqlx::query_as(
            "SELECT position, version, title, publisher, place, published, accessed, url, note \
             FROM citation WHERE commitment_id = $1 AND number = $2 ORDER BY position LIMIT 1",
        )
        .bind(t.commitment)
        .bind(i64::from(number))
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading a footnote")?;
        let (position, current, title, publisher, place, published, accessed, url, note) = row
            .ok_or_else(|| {
                StoreError::NotFound(format!("commitment {code} has no footnote {number}"))
            })?;
        let locked: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT m.name FROM paragraph_citation k \
             JOIN assessment a ON a.id = k.assessment_id JOIN member m ON m.id = a.member_id \
             JOIN assessment_review r ON r.commitment_id = a.commitment_id \
                  AND r.member_id = a.member_id \
             WHERE a.commitment_id = $1 AND k.number = $2 AND r.status <> 'draft' \
             ORDER BY m.name",
        )
        .bind(t.commitment)
        .bind(i64::from(number))
        .fetch_all(&mut *tx)
        .await
        .ctx("reading who cites a footnote")?;
        if !locked.is_empty() {
            return Err(StoreError::WorkflowRefused {
                object,
                message: format!(
                    "footnote {number} is cited by assessments past draft ({}); they must be \
                     returned to draft first",
                    locked.join(", ")
                ),
            });
        }
        if current != version {
            return Err(StoreError::Stale { object, current });
        }
        let c = checked_citation(&t, input)?;
        sqlx::query(
            "UPDATE citation SET title = $3, publisher = $4, place = $5, published = $6, \
                accessed = $7, url = $8, note = $9, raw = $10, version = version + 1 \
             WHERE commitment_id = $1 AND position = $2",
        )
        .bind(t.commitment)
        .bind(position)
        .bind(&c.title)
        .bind(c.publisher.as_deref())
        .bind(c.place.as_deref())
        .bind(c.published.map(partial_date_text))
        .bind(c.accessed.map(date_text))
        .bind(c.url.as_deref())
        .bind(c.note.as_deref())
        .bind(raw_text(&c))
        .execute(&mut *tx)
        .await
        .ctx("rewriting a footnote")?;
        audit::record_and_commit(
            tx,
            actor,
            "citation.update",
            &object,
            json!({
                "before": {"title": title, "publisher": publisher, "place": place,
                           "published": published, "accessed": accessed, "url": url,
                           "note": note, "version": current},
                "after": {"citation": citation_json(&c), "version": current + 1},
            }),
            "committing the footnote",
        )
        .await?;
        Ok(current + 1)
    }

    /// Replaces the coder's whole draft coding of the assessment (through the coding store) as
    /// an edit of the assessment at `version`; with `submit`, submits it too. Returns the new
    /// version.
    pub async fn save_codes(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        coder: &str,
        items: &[CodedEvidence],
        submit: bool,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        writable(&t, version)?;
        crate::coding::save_in(&mut tx, cycle, (code, member, coder), items, actor)
            .await
            .map_err(|e| match e {
                StoreError::InvalidCoding { message, .. } => invalid(&t, "codes", message),
                other => other,
            })?;
        if submit {
            sqlx::query(
                "UPDATE coding SET submitted_at = $4 \
                 WHERE commitment_id = $1 AND member_id = $2 AND coder_key = $3",
            )
            .bind(t.commitment)
            .bind(t.member)
            .bind(person_key(coder))
            .bind(now_text())
            .execute(&mut *tx)
            .await
            .ctx("submitting a coding")?;
        }
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            if submit {
                "coding.submit"
            } else {
                "coding.update"
            },
            &t.object,
            json!({
                "before": {"version": t.version},
                "after": {"coder": coder, "items": items.len(), "submitted": submit,
                          "version": new_version},
            }),
            "committing the coding",
        )
        .await?;
        Ok(new_version)
    }

    /// Submits the assessment at `version` for approval (the rubric and justification rules of
    /// [`Store::submit_assessment`] apply). Returns the new version.
    pub async fn submit_assessment_at(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        actor: &str,
    ) -> Result<i64, StoreError> {
        self.submit_checked(cycle, code, member, Some(version), actor)
            .await?;
        Ok(version + 1)
    }

    /// The compliance director approves a submitted assessment. Returns the new version.
    pub async fn approve_assessment(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        if t.status != ReviewStatus::Submitted {
            return Err(StoreError::WorkflowRefused {
                object: t.object.clone(),
                message: format!(
                    "the assessment is {}; only a submitted assessment can be approved",
                    t.status.key()
                ),
            });
        }
        if t.version != version {
            return Err(stale(&t));
        }
        let at = now_text();
        sqlx::query(
            "UPDATE assessment_review SET status = 'approved', approved_by = $3, approved_at = $4 \
             WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(actor)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .ctx("approving the assessment")?;
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            "assessment.approve",
            &t.object,
            json!({
                "before": {"status": "submitted", "version": t.version},
                "after": {"status": "approved", "approved_by": actor, "approved_at": at,
                          "version": new_version},
            }),
            "committing the approval",
        )
        .await?;
        Ok(new_version)
    }

    /// The compliance director sends a submitted or approved assessment back to draft, saying
    /// why. Returns the new version.
    pub async fn return_assessment(
        &self,
        (cycle, code, member): (&str, &str, &str),
        version: i64,
        note: &str,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, code, member).await?;
        if !matches!(t.status, ReviewStatus::Submitted | ReviewStatus::Approved) {
            return Err(StoreError::WorkflowRefused {
                object: t.object.clone(),
                message: format!(
                    "the assessment is {}; only a submitted or approved assessment can be \
                     returned to draft",
                    t.status.key()
                ),
            });
        }
        if t.version != version {
            return Err(stale(&t));
        }
        let note = note.trim();
        if note.is_empty() {
            return Err(invalid(
                &t,
                "note",
                "say what the analyst should change before submitting again",
            ));
        }
        let (approved_by, ..) = review_row(&mut tx, &t).await?;
        let at = now_text();
        sqlx::query(
            "UPDATE assessment_review SET status = 'draft', approved_by = NULL, \
                approved_at = NULL, returned_by = $3, returned_at = $4, return_note = $5 \
             WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(actor)
        .bind(&at)
        .bind(note)
        .execute(&mut *tx)
        .await
        .ctx("returning the assessment to draft")?;
        let new_version = bump(&mut tx, &t).await?;
        audit::record_and_commit(
            tx,
            actor,
            "assessment.return",
            &t.object,
            json!({
                "before": {"status": t.status.key(), "approved_by": approved_by,
                           "version": t.version},
                "after": {"status": "draft", "note": note, "version": new_version},
            }),
            "committing the return to draft",
        )
        .await?;
        Ok(new_version)
    }
}

/// Checks that the assessment is a draft still at `version` and bumps it, for an edit the
/// coding store makes (a justification). Returns (its label, the new version).
pub(crate) async fn edit_draft(
    conn: &mut Conn,
    (cycle, code, member): (&str, &str, &str),
    version: i64,
) -> Result<(String, i64), StoreError> {
    let t = target(conn, cycle, code, member).await?;
    writable(&t, version)?;
    let new_version = bump(conn, &t).await?;
    Ok((t.object, new_version))
}

/// The status and version a submission checks, for the coding store's submit.
pub(crate) async fn submission_target(
    conn: &mut Conn,
    cycle: &str,
    code: &str,
    member: &str,
    expected: Option<i64>,
) -> Result<(), StoreError> {
    let t = target(conn, cycle, code, member).await?;
    if t.status != ReviewStatus::Draft {
        return Err(StoreError::WorkflowRefused {
            object: t.object.clone(),
            message: format!(
                "the assessment is {}; only a draft can be submitted",
                t.status.key()
            ),
        });
    }
    if let Some(v) = expected
        && v != t.version
    {
        return Err(stale(&t));
    }
    bump(conn, &t).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_reads_like_a_footnote() {
        let c = CitationInput {
            title: "Lights on".into(),
            publisher: Some("Coast Guard".into()),
            place: Some("Port".into()),
            published: Some(jiff::civil::date(2031, 7, 2).into()),
            accessed: None,
            url: Some("https://example.org/x".into()),
            note: None,
        };
        assert_eq!(
            raw_text(&c),
            "Lights on, Coast Guard (Port) 2 July 2031. https://example.org/x"
        );
        assert_eq!(
            ReviewStatus::parse("approved"),
            Some(ReviewStatus::Approved)
        );
        assert_eq!(ReviewStatus::parse("nope"), None);
    }
}
