//! Codings of evidence by coders, the lead analyst's adjudications, and an assessment's review
//! state (draft/submitted, justification, the suggestion recorded at submission).
//!
//! Rows hang off (commitment, member) rather than the assessment row, which a chapter re-import
//! replaces. Every write checks everything first and writes with its audit record in one
//! transaction, so a refusal leaves no trace.

use std::collections::HashMap;

use pledgewatch_domain::coding::{
    Adjudication, AssessmentCodings, CodedEvidence, CoderCoding, Effective, submission_check,
};
use pledgewatch_domain::names::person_key;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric, Strength, Suggestion};
use pledgewatch_domain::{Score, Verdict};
use serde_json::json;

use crate::assessment::AssessmentText;
use crate::codec::verdict_from;
use crate::error::{Context, StoreError};
use crate::rubric::{commitment_id, cycle_id, load, member_of, now_text, timestamp_from};
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// Where an assessment stands in review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentState {
    /// `draft` or `submitted`.
    pub status: String,
    pub justification: Option<String>,
    /// Recorded at submission: (rubric version, suggested score — `None` for a gap or an
    /// overlap —, reason).
    pub recorded_suggestion: Option<(u32, Option<Score>, String)>,
}

/// (commitment id, member id) of one assessment, with the labels used in messages.
struct Target {
    commitment: i64,
    member: i64,
    member_name: String,
    object: String,
}

async fn target(
    conn: &mut Conn,
    cycle: &str,
    commitment: &str,
    member: &str,
) -> Result<Target, StoreError> {
    let c = commitment_id(conn, cycle, commitment).await?;
    let (m, name) = member_of(conn, c, commitment, member).await?;
    Ok(Target {
        commitment: c,
        member: m,
        object: format!("{cycle}/{commitment}/{name}"),
        member_name: name,
    })
}

/// `Ok(None)` for what is not there, so readers can answer "unknown" rather than fail.
fn found<T>(result: Result<T, StoreError>) -> Result<Option<T>, StoreError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Refuses a coding whose coder has no name.
fn named_coder(t: &Target, coder: &str) -> Result<(), StoreError> {
    if person_key(coder).is_empty() {
        return Err(StoreError::InvalidCoding {
            object: t.object.clone(),
            message: "the coder has no name".to_string(),
        });
    }
    Ok(())
}

fn strength_from(text: &str) -> Result<Strength, StoreError> {
    Strength::parse(text).ok_or_else(|| StoreError::Corrupt(format!("strength `{text}`")))
}

fn evidence_strength_from(text: &str) -> Result<EvidenceStrength, StoreError> {
    EvidenceStrength::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("evidence strength `{text}`")))
}

/// An assessment with no codings and no adjudications yet.
fn uncoded(member: String, required: u8) -> AssessmentCodings {
    AssessmentCodings {
        member,
        required,
        codings: Vec::new(),
        adjudications: Vec::new(),
    }
}

/// The rows of `sql`, whose `WHERE` filters on `$1` the cycle and, when `only` names one, `$2`
/// the commitment and `$3` the member.
async fn fetch_filtered<T>(
    conn: &mut Conn,
    sql: String,
    cycle: i64,
    only: Option<(i64, i64)>,
    what: &'static str,
) -> Result<Vec<T>, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, <sqlite::Db as sqlx::Database>::Row> + Send + Unpin,
{
    let (oc, om) = only.map_or((None, None), |(c, m)| (Some(c), Some(m)));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(cycle)
        .bind(oc)
        .bind(om)
        .fetch_all(&mut *conn)
        .await
        .ctx(what)
}

/// Every assessment of the cycle (or just one) with its codings and adjudications, in
/// commitment and listing order: four queries however large the cycle.
pub(crate) async fn load_codings(
    conn: &mut Conn,
    cycle: i64,
    required: u8,
    only: Option<(i64, i64)>,
) -> Result<Vec<(String, AssessmentCodings)>, StoreError> {
    const FILTER: &str = "c.cycle_id = $1 AND ($2 IS NULL OR (c.id = $2 AND x.member_id = $3))";
    let assessments: Vec<(i64, i64, String, String)> = fetch_filtered(
        conn,
        format!(
            "SELECT c.id, x.member_id, c.code, m.name FROM assessment x \
             JOIN commitment c ON c.id = x.commitment_id JOIN member m ON m.id = x.member_id \
             WHERE {FILTER} ORDER BY c.position, x.position"
        ),
        cycle,
        only,
        "reading assessments",
    )
    .await?;
    let codings: Vec<(i64, i64, i64, String, Option<String>)> = fetch_filtered(
        conn,
        format!(
            "SELECT x.id, x.commitment_id, x.member_id, x.coder, x.submitted_at FROM coding x \
             JOIN commitment c ON c.id = x.commitment_id WHERE {FILTER} ORDER BY x.id"
        ),
        cycle,
        only,
        "reading codings",
    )
    .await?;
    let items: Vec<(i64, i64, String, String)> = fetch_filtered(
        conn,
        format!(
            "SELECT i.coding_id, i.evidence, i.dimension, i.strength FROM coding_item i \
             JOIN coding x ON x.id = i.coding_id JOIN commitment c ON c.id = x.commitment_id \
             WHERE {FILTER} ORDER BY i.coding_id, i.position"
        ),
        cycle,
        only,
        "reading coded evidence",
    )
    .await?;
    #[allow(clippy::type_complexity)]
    let adjudications: Vec<(
        i64,
        i64,
        Option<String>,
        String,
        bool,
        String,
        String,
        String,
    )> = fetch_filtered(
        conn,
        format!(
            "SELECT x.commitment_id, x.member_id, x.dimension, x.strength, x.contradictory, \
                    x.decided_by, x.note, x.at FROM adjudication x \
             JOIN commitment c ON c.id = x.commitment_id WHERE {FILTER} ORDER BY x.id"
        ),
        cycle,
        only,
        "reading adjudications",
    )
    .await?;

    let mut out: Vec<(String, AssessmentCodings)> = Vec::with_capacity(assessments.len());
    let mut index: HashMap<(i64, i64), usize> = HashMap::new();
    for (c, m, code, name) in assessments {
        index.insert((c, m), out.len());
        out.push((code, uncoded(name, required)));
    }
    let mut coding_at: HashMap<i64, (usize, usize)> = HashMap::new();
    for (id, c, m, coder, submitted) in codings {
        let Some(&i) = index.get(&(c, m)) else {
            continue;
        };
        let submitted_at = submitted
            .map(|t| timestamp_from(&t, "coding submitted_at"))
            .transpose()?;
        coding_at.insert(id, (i, out[i].1.codings.len()));
        out[i].1.codings.push(CoderCoding {
            coder,
            submitted_at,
            items: Vec::new(),
        });
    }
    for (coding, evidence, dimension, strength) in items {
        let Some(&(i, j)) = coding_at.get(&coding) else {
            continue;
        };
        out[i].1.codings[j].items.push(CodedEvidence {
            evidence: u32::try_from(evidence)
                .map_err(|_| StoreError::Corrupt(format!("evidence number {evidence}")))?,
            dimension,
            strength: evidence_strength_from(&strength)?,
        });
    }
    for (c, m, dimension, strength, contradictory, by, note, at) in adjudications {
        let Some(&i) = index.get(&(c, m)) else {
            continue;
        };
        out[i].1.adjudications.push(Adjudication {
            dimension,
            strength: strength_from(&strength)?,
            contradictory,
            by,
            note,
            at: timestamp_from(&at, "adjudication at")?,
        });
    }
    Ok(out)
}

async fn one(conn: &mut Conn, cycle: &str, t: &Target) -> Result<AssessmentCodings, StoreError> {
    let (cycle_id, required) = cycle_id(conn, cycle).await?;
    let mut all = load_codings(conn, cycle_id, required, Some((t.commitment, t.member))).await?;
    Ok(all
        .pop()
        .map_or_else(|| uncoded(t.member_name.clone(), required), |(_, a)| a))
}

/// The coder's coding row: (id, submitted).
async fn coding_row(
    conn: &mut Conn,
    t: &Target,
    coder: &str,
) -> Result<Option<(i64, bool)>, StoreError> {
    sqlx::query_as(
        "SELECT id, submitted_at IS NOT NULL FROM coding \
         WHERE commitment_id = $1 AND member_id = $2 AND coder_key = $3",
    )
    .bind(t.commitment)
    .bind(t.member)
    .bind(person_key(coder))
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading a coding")
}

fn need_rubric(rubric: Option<Rubric>, t: &Target) -> Result<Rubric, StoreError> {
    rubric.ok_or_else(|| StoreError::InvalidCoding {
        object: t.object.clone(),
        message: "the commitment has no rubric yet; import one first".to_string(),
    })
}

/// One coder's coding of one assessment, for [`Store::save_codings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingInput {
    pub commitment: String,
    pub member: String,
    pub coder: String,
    pub items: Vec<CodedEvidence>,
}

pub(crate) async fn save_in(
    conn: &mut Conn,
    cycle: &str,
    (commitment, member, coder): (&str, &str, &str),
    items: &[CodedEvidence],
    actor: &str,
) -> Result<(), StoreError> {
    let t = target(conn, cycle, commitment, member).await?;
    let refuse = |message: String| StoreError::InvalidCoding {
        object: t.object.clone(),
        message,
    };
    named_coder(&t, coder)?;
    let rubric = need_rubric(load(conn, t.commitment, None).await?, &t)?;
    let evidence: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM paragraph p JOIN assessment a ON a.id = p.assessment_id \
         WHERE a.commitment_id = $1 AND a.member_id = $2 AND p.kind = 'evidence'",
    )
    .bind(t.commitment)
    .bind(t.member)
    .fetch_one(&mut *conn)
    .await
    .ctx("counting evidence items")?;
    for item in items {
        if item.evidence == 0 || i64::from(item.evidence) > evidence {
            return Err(refuse(format!(
                "there is no evidence item {} ({} has {evidence})",
                item.evidence, t.member_name
            )));
        }
        if rubric.dimension_index(&item.dimension).is_none() {
            let known: Vec<&str> = rubric.dimensions.iter().map(|d| d.key.as_str()).collect();
            return Err(refuse(format!(
                "`{}` is not a dimension of rubric version {} (its dimensions are: {})",
                item.dimension,
                rubric.version,
                known.join(", ")
            )));
        }
    }
    let existing = coding_row(conn, &t, coder).await?;
    let before = match existing {
        Some((_, true)) => {
            return Err(refuse(format!(
                "{coder} has already submitted this coding; it can no longer change"
            )));
        }
        Some((id, false)) => Some(draft_items(conn, id).await?),
        None => None,
    };
    let id = match existing {
        Some((id, _)) => {
            sqlx::query("DELETE FROM coding_item WHERE coding_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await
                .ctx("clearing a draft coding")?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO coding (commitment_id, member_id, coder, coder_key) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(coder.trim())
        .bind(person_key(coder))
        .fetch_one(&mut *conn)
        .await
        .ctx("creating a coding")?,
    };
    for (position, item) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO coding_item (coding_id, position, evidence, dimension, strength) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(i64::from(item.evidence))
        .bind(&item.dimension)
        .bind(item.strength.as_str())
        .execute(&mut *conn)
        .await
        .ctx("writing coded evidence")?;
    }
    // A coder's first save has no draft before it: `before.items` is null, not empty.
    audit::record(
        conn,
        actor,
        "coding.save",
        &t.object,
        json!({
            "before": {"coder": coder, "items": before},
            "after": {"coder": coder, "items": items_json(items)},
        }),
    )
    .await?;
    Ok(())
}

/// Coded evidence as the audit trail records it.
fn items_json(items: &[CodedEvidence]) -> serde_json::Value {
    items
        .iter()
        .map(|i| {
            json!({"evidence": i.evidence, "dimension": i.dimension,
                   "strength": i.strength.as_str()})
        })
        .collect()
}

/// A draft coding's items as the audit trail records them, in their order.
async fn draft_items(conn: &mut Conn, coding: i64) -> Result<serde_json::Value, StoreError> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT evidence, dimension, strength FROM coding_item WHERE coding_id = $1 \
         ORDER BY position",
    )
    .bind(coding)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading a draft coding")?;
    Ok(rows
        .into_iter()
        .map(|(evidence, dimension, strength)| {
            json!({"evidence": evidence, "dimension": dimension, "strength": strength})
        })
        .collect())
}

/// A justification as given, trimmed; a blank one is refused rather than saved as "none", so
/// nobody clears a justification believing they wrote one.
fn justification_text(object: &str, text: &str) -> Result<String, StoreError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::InvalidField {
            object: object.to_string(),
            field: "justification",
            message: "the justification is blank; write why the score departs from the \
                      rubric's suggestion"
                .to_string(),
        });
    }
    Ok(text.to_string())
}

/// The stored justification of the assessment, if any.
async fn justification_of(conn: &mut Conn, t: &Target) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT justification FROM assessment_review \
         WHERE commitment_id = $1 AND member_id = $2",
    )
    .bind(t.commitment)
    .bind(t.member)
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading the justification")?
    .flatten())
}

/// Writes the justification and its audit record (the caller checked and bumped the version
/// from `version` to `new_version`, and commits).
async fn justify_in(
    conn: &mut Conn,
    t: &Target,
    text: &str,
    (version, new_version): (i64, i64),
    actor: &str,
) -> Result<(), StoreError> {
    let before = justification_of(conn, t).await?;
    sqlx::query(
        "INSERT INTO assessment_review (commitment_id, member_id, justification) \
         VALUES ($1, $2, $3) \
         ON CONFLICT (commitment_id, member_id) DO UPDATE SET justification = $3",
    )
    .bind(t.commitment)
    .bind(t.member)
    .bind(text)
    .execute(&mut *conn)
    .await
    .ctx("writing a justification")?;
    audit::record(
        conn,
        actor,
        "assessment.justify",
        &t.object,
        json!({
            "before": {"justification": before, "version": version},
            "after": {"justification": text, "version": new_version},
        }),
    )
    .await
}

impl Store {
    /// Replaces the coder's draft coding of the assessment. Refused once that coder has
    /// submitted, for evidence numbers the member's section does not have, and for dimension
    /// keys the commitment's latest rubric does not have.
    pub async fn save_coding(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        coder: &str,
        items: &[CodedEvidence],
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        save_in(&mut tx, cycle, (commitment, member, coder), items, actor).await?;
        tx.commit().await.ctx("committing a coding")
    }

    /// [`Store::save_coding`] for many (commitment, member, coder) codings at once, in one
    /// transaction: all of them or none (a bulk import).
    pub async fn save_codings(
        &self,
        cycle: &str,
        codings: &[CodingInput],
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        for c in codings {
            save_in(
                &mut tx,
                cycle,
                (&c.commitment, &c.member, &c.coder),
                &c.items,
                actor,
            )
            .await?;
        }
        tx.commit().await.ctx("committing codings")
    }

    /// Submits the coder's coding (an empty one when they coded nothing): from then on it is
    /// fixed, and once every required coder has submitted, everyone sees every coding.
    pub async fn submit_coding(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        coder: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, commitment, member).await?;
        named_coder(&t, coder)?;
        match coding_row(&mut tx, &t, coder).await? {
            Some((_, true)) => {
                return Err(StoreError::InvalidCoding {
                    object: t.object,
                    message: format!("{coder} has already submitted this coding"),
                });
            }
            Some((id, false)) => {
                sqlx::query("UPDATE coding SET submitted_at = $2 WHERE id = $1")
                    .bind(id)
                    .bind(now_text())
                    .execute(&mut *tx)
                    .await
                    .ctx("submitting a coding")?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO coding (commitment_id, member_id, coder, coder_key, \
                                         submitted_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(t.commitment)
                .bind(t.member)
                .bind(coder.trim())
                .bind(person_key(coder))
                .bind(now_text())
                .execute(&mut *tx)
                .await
                .ctx("submitting an empty coding")?;
            }
        }
        audit::record_and_commit(
            tx,
            actor,
            "coding.submit",
            &t.object,
            json!({
                "before": {"coder": coder, "submitted": false},
                "after": {"coder": coder, "submitted": true},
            }),
            "committing a coding submission",
        )
        .await
    }

    /// Every coding and adjudication of one assessment (unfiltered: use
    /// [`AssessmentCodings::visible_to`] before showing it to a coder). `Ok(None)` when the
    /// cycle, commitment or member is unknown.
    pub async fn assessment_codings(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
    ) -> Result<Option<AssessmentCodings>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some(t) = found(target(&mut tx, cycle, commitment, member).await)? else {
            return Ok(None);
        };
        let a = one(&mut tx, cycle, &t).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(Some(a))
    }

    /// Every assessment of the cycle with its codings and adjudications, as (commitment code,
    /// codings), in commitment and listing order. Empty for an unknown cycle.
    pub async fn cycle_codings(
        &self,
        cycle: &str,
    ) -> Result<Vec<(String, AssessmentCodings)>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, required)) = found(cycle_id(&mut tx, cycle).await)? else {
            return Ok(Vec::new());
        };
        let all = load_codings(&mut tx, id, required, None).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(all)
    }

    /// Records the lead analyst's decision on a disagreement. Refused unless `decision.by` is
    /// the commitment's lead analyst (spelling variants allowed) and every required coder has
    /// submitted and they disagree on that point.
    pub async fn adjudicate(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        decision: &Adjudication,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let t = target(&mut tx, cycle, commitment, member).await?;
        let refuse = |message: String| StoreError::AdjudicationRefused {
            object: t.object.clone(),
            message,
        };
        let lead: Option<(String, String)> = sqlx::query_as(
            "SELECT p.key, v.spelling FROM commitment c \
             JOIN person_variant v ON v.id = c.lead_analyst_id \
             JOIN person p ON p.id = v.person_id WHERE c.id = $1",
        )
        .bind(t.commitment)
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading the lead analyst")?;
        match lead {
            None => {
                return Err(refuse(format!(
                    "commitment {commitment} has no lead analyst to adjudicate"
                )));
            }
            Some((key, name)) if key != person_key(&decision.by) => {
                return Err(refuse(format!(
                    "only the lead analyst of commitment {commitment} ({name}) adjudicates, \
                     not {}",
                    decision.by
                )));
            }
            Some(_) => {}
        }
        let rubric = need_rubric(load(&mut tx, t.commitment, None).await?, &t)?;
        let codings = one(&mut tx, cycle, &t).await?;
        let point = decision.point();
        let disagreements = codings.disagreements(&rubric);
        if !disagreements.iter().any(|d| d == point) {
            return Err(refuse(if codings.complete() {
                format!(
                    "the coders do not disagree on `{point}` (disagreements: {})",
                    if disagreements.is_empty() {
                        "none".to_string()
                    } else {
                        disagreements.join(", ")
                    }
                )
            } else {
                "not every required coder has submitted yet".to_string()
            }));
        }
        sqlx::query(
            "INSERT INTO adjudication (commitment_id, member_id, dimension, strength, \
                                       contradictory, decided_by, note, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(decision.dimension.as_deref())
        .bind(decision.strength.as_str())
        .bind(decision.contradictory)
        .bind(&decision.by)
        .bind(&decision.note)
        .bind(format!("{:.3}", decision.at))
        .execute(&mut *tx)
        .await
        .ctx("writing an adjudication")?;
        // An earlier decision on the same point is overruled, not erased: it stays in the
        // table and is the record's `before`.
        let before = codings.adjudication(point).map(|a| {
            json!({"point": point, "strength": a.strength.as_str(),
                   "contradictory": a.contradictory, "by": a.by, "note": a.note})
        });
        let detail = json!({
            "before": before,
            "after": {"point": point, "strength": decision.strength.as_str(),
                      "contradictory": decision.contradictory, "by": decision.by,
                      "note": decision.note},
        });
        let object = t.object.clone();
        audit::record_and_commit(
            tx,
            actor,
            "coding.adjudicate",
            &object,
            detail,
            "committing an adjudication",
        )
        .await
    }

    /// Sets the analyst's written justification (needed when the score departs from the
    /// rubric's suggestion), as an edit of the draft assessment at `version`: refused unless it
    /// is a draft (`WorkflowRefused`) still at that version (`Stale`), and for a blank text
    /// (`InvalidField`). Returns the new version.
    pub async fn set_justification(
        &self,
        key: (&str, &str, &str),
        version: i64,
        text: &str,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let (cycle, commitment, member) = key;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (_, new_version) = crate::assessment::edit_draft(&mut tx, key, version).await?;
        let t = target(&mut tx, cycle, commitment, member).await?;
        let text = justification_text(&t.object, text)?;
        justify_in(&mut tx, &t, &text, (version, new_version), actor).await?;
        tx.commit().await.ctx("committing a justification")?;
        Ok(new_version)
    }

    /// [`Store::set_assessment`] and, when `justification` is given and differs from the stored
    /// one, [`Store::set_justification`], as one change of the draft at `version` (one version
    /// bump, both audit records, all or nothing). Returns the new version.
    pub async fn set_assessment_justified(
        &self,
        key: (&str, &str, &str),
        version: i64,
        change: &AssessmentText,
        justification: Option<&str>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let (cycle, commitment, member) = key;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let written = crate::assessment::write_text(&mut tx, key, version, change, actor).await?;
        if let Some(text) = justification {
            let t = target(&mut tx, cycle, commitment, member).await?;
            let text = justification_text(&t.object, text)?;
            if justification_of(&mut tx, &t).await?.as_deref() != Some(text.as_str()) {
                justify_in(&mut tx, &t, &text, (version, written.version), actor).await?;
            }
        }
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

    /// Submits the assessment: computes the suggestion from the latest rubric and the effective
    /// coding, applies the justification rule, and records the status with the suggestion and
    /// its rubric version, all in one transaction. Refused (nothing written) when the score
    /// departs from a single suggested score without a justification, when the assessment has
    /// no score, or when its coding waits for coders or adjudication.
    pub async fn submit_assessment(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        actor: &str,
    ) -> Result<Option<Suggestion>, StoreError> {
        self.submit_checked(cycle, commitment, member, None, actor)
            .await
    }

    /// [`Store::submit_assessment`], refused unless the assessment is a draft and, when
    /// `expected` names a version, still at that version (the submission bumps it).
    pub(crate) async fn submit_checked(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
        expected: Option<i64>,
        actor: &str,
    ) -> Result<Option<Suggestion>, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        crate::assessment::submission_target(&mut tx, cycle, commitment, member, expected).await?;
        let t = target(&mut tx, cycle, commitment, member).await?;
        let refuse = |message: String| StoreError::SubmissionRefused {
            object: t.object.clone(),
            message,
        };
        let verdict: Option<String> = sqlx::query_scalar(
            "SELECT verdict FROM assessment WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(t.commitment)
        .bind(t.member)
        .fetch_one(&mut *tx)
        .await
        .ctx("reading the assessment's score")?;
        let verdict: Verdict = verdict_from(verdict.as_deref())?;
        let justification: Option<String> = sqlx::query_scalar(
            "SELECT justification FROM assessment_review \
             WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(t.commitment)
        .bind(t.member)
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading the justification")?
        .flatten();
        let suggestion = match load(&mut tx, t.commitment, None).await? {
            None => None,
            Some(rubric) => match one(&mut tx, cycle, &t).await?.effective(&rubric) {
                Effective::Ready(coding) => Some(rubric.suggest(&coding)),
                Effective::Uncoded => None,
                Effective::AwaitingCoders {
                    submitted,
                    required,
                } => {
                    return Err(refuse(format!(
                        "{submitted} of {required} required codings submitted"
                    )));
                }
                Effective::AwaitingAdjudication { dimensions } => {
                    return Err(refuse(format!(
                        "the coders disagree on {} and the lead analyst has not adjudicated",
                        dimensions.join(", ")
                    )));
                }
            },
        };
        if verdict != Verdict::NotApplicable {
            submission_check(verdict, suggestion.as_ref(), justification.as_deref())
                .map_err(|e| refuse(e.to_string()))?;
        }
        let (score, version, reason) = match &suggestion {
            Some(s) => (
                s.score().map(|s| s.value().to_string()),
                Some(i64::from(s.rubric_version)),
                Some(s.reason.clone()),
            ),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO assessment_review (commitment_id, member_id, status, suggested_score, \
                 suggested_rubric_version, suggested_reason, submitted_at) \
             VALUES ($1, $2, 'submitted', $3, $4, $5, $6) \
             ON CONFLICT (commitment_id, member_id) DO UPDATE SET status = 'submitted', \
                 suggested_score = $3, suggested_rubric_version = $4, suggested_reason = $5, \
                 submitted_at = $6",
        )
        .bind(t.commitment)
        .bind(t.member)
        .bind(&score)
        .bind(version)
        .bind(&reason)
        .bind(now_text())
        .execute(&mut *tx)
        .await
        .ctx("submitting the assessment")?;
        let detail = json!({
            "before": {"status": "draft"},
            "after": {"status": "submitted"},
            "verdict": verdict.code(),
            "suggested_score": score,
            "rubric_version": version,
            "reason": reason,
        });
        let object = t.object.clone();
        audit::record_and_commit(
            tx,
            actor,
            "assessment.submit",
            &object,
            detail,
            "committing the submission",
        )
        .await?;
        Ok(suggestion)
    }

    /// The assessment's review state; `Ok(None)` when the cycle, commitment or member is
    /// unknown. An assessment never touched is a draft without justification.
    pub async fn assessment_state(
        &self,
        cycle: &str,
        commitment: &str,
        member: &str,
    ) -> Result<Option<AssessmentState>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some(t) = found(target(&mut tx, cycle, commitment, member).await)? else {
            return Ok(None);
        };
        #[allow(clippy::type_complexity)]
        let row: Option<(
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<String>,
        )> = sqlx::query_as(
            "SELECT status, justification, suggested_score, suggested_rubric_version, \
                        suggested_reason FROM assessment_review \
                 WHERE commitment_id = $1 AND member_id = $2",
        )
        .bind(t.commitment)
        .bind(t.member)
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading the review state")?;
        tx.commit().await.ctx("ending a read")?;
        let Some((status, justification, score, version, reason)) = row else {
            return Ok(Some(AssessmentState {
                status: "draft".to_string(),
                justification: None,
                recorded_suggestion: None,
            }));
        };
        let recorded_suggestion = match version {
            None => None,
            Some(v) => {
                let score = match score.as_deref() {
                    None => None,
                    Some(code) => verdict_from(Some(code))?.score(),
                };
                let v = u32::try_from(v)
                    .map_err(|_| StoreError::Corrupt(format!("rubric version {v}")))?;
                Some((v, score, reason.unwrap_or_default()))
            }
        };
        Ok(Some(AssessmentState {
            status,
            justification,
            recorded_suggestion,
        }))
    }
}
