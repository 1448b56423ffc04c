//! Action plans: the plan's structure as imported, its reporting periods, each member's status
//! per measure and period with links to evidence items (never copies), and links from measures
//! to summit commitments. Every write and its audit record go in one transaction.

use jiff::civil::Date;
use pledgewatch_domain::EvidenceItem;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Measure, Plan, PlanSection, ReportingPeriod,
    ReportingRhythm, SectionKind, StatusRecord,
};
use serde_json::json;

use crate::codec::date_from;
use crate::error::{Context, StoreError};
use crate::rubric::now_text;
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// institution, title, adopted on, sections, measures, members, periods.
type SummaryRow = (String, String, Option<String>, i64, i64, i64, i64);
/// id, section, parent, code, text.
type MeasureRow = (i64, i64, Option<i64>, String, String);

/// What importing a plan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanImport {
    Added,
    /// The store held exactly this plan: nothing written.
    Unchanged,
    /// The plan's structure was rewritten; its periods, statuses and links stay.
    Replaced,
}

/// A plan with its counts, for listings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub institution: String,
    pub title: String,
    pub adopted_on: Option<Date>,
    pub sections: u32,
    pub measures: u32,
    pub members: u32,
    pub periods: u32,
}

/// A measure's link to a summit commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureLink {
    pub measure: String,
    pub cycle: String,
    pub commitment: String,
    pub dimension: Option<String>,
}

fn rhythm_text(r: &ReportingRhythm) -> String {
    match r {
        ReportingRhythm::TwiceAYear => "twice-a-year".to_string(),
        ReportingRhythm::Yearly => "yearly".to_string(),
        ReportingRhythm::Unspecified => "unspecified".to_string(),
        ReportingRhythm::Other(s) => format!("other:{s}"),
    }
}

fn rhythm_from(t: &str) -> Result<ReportingRhythm, StoreError> {
    Ok(match t {
        "twice-a-year" => ReportingRhythm::TwiceAYear,
        "yearly" => ReportingRhythm::Yearly,
        "unspecified" => ReportingRhythm::Unspecified,
        other => ReportingRhythm::Other(
            other
                .strip_prefix("other:")
                .ok_or_else(|| StoreError::Corrupt(format!("`{other}` is not a reporting rhythm")))?
                .to_string(),
        ),
    })
}

fn pos(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn invalid(plan: &str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidPlan {
        plan: plan.to_string(),
        message: message.into(),
    }
}

/// The plan's id by title, or `NotFound`.
async fn plan_id(conn: &mut Conn, title: &str) -> Result<i64, StoreError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM plan WHERE title = $1 ORDER BY id")
        .bind(title)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up a plan")?;
    id.ok_or_else(|| StoreError::NotFound(format!("there is no plan `{title}`")))
}

async fn period_of(
    conn: &mut Conn,
    plan: i64,
    title: &str,
    label: &str,
) -> Result<(i64, ReportingPeriod), StoreError> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, start, \"end\" FROM reporting_period WHERE plan_id = $1 AND label = $2",
    )
    .bind(plan)
    .bind(label)
    .fetch_optional(&mut *conn)
    .await
    .ctx("looking up a reporting period")?;
    let (id, start, end) = row.ok_or_else(|| {
        StoreError::NotFound(format!("plan `{title}` has no reporting period `{label}`"))
    })?;
    Ok((id, period(label, &start, &end)?))
}

fn period(label: &str, start: &str, end: &str) -> Result<ReportingPeriod, StoreError> {
    let what = "reporting period";
    Ok(ReportingPeriod {
        label: label.to_string(),
        start: date_from(Some(start), what)?.unwrap_or_default(),
        end: date_from(Some(end), what)?.unwrap_or_default(),
    })
}

async fn load(conn: &mut Conn, id: i64) -> Result<Plan, StoreError> {
    let (institution, title, adopted_on, source, rhythm, reviewed_by): (
        String,
        String,
        Option<String>,
        String,
        String,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT institution, title, adopted_on, source, rhythm, reviewed_by FROM plan WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await
    .ctx("reading a plan")?;
    let people: Vec<(String, String)> =
        sqlx::query_as("SELECT member, role FROM plan_member WHERE plan_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .ctx("reading a plan's members")?;
    let sections: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, kind, number, title, text FROM plan_section WHERE plan_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading a plan's sections")?;
    let measures: Vec<MeasureRow> = sqlx::query_as(
        "SELECT id, section_id, parent_id, code, text FROM measure WHERE plan_id = $1 \
         ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading a plan's measures")?;
    fn children(rows: &[MeasureRow], parent: i64) -> Vec<Measure> {
        rows.iter()
            .filter(|r| r.2 == Some(parent))
            .map(|r| Measure {
                code: r.3.clone(),
                text: r.4.clone(),
                sub_measures: children(rows, r.0),
            })
            .collect()
    }
    let mut out = Vec::with_capacity(sections.len());
    for (sid, kind, number, stitle, text) in sections {
        let kind = SectionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("`{kind}` is not a section kind")))?;
        let measures = measures
            .iter()
            .filter(|r| r.1 == sid && r.2.is_none())
            .map(|r| Measure {
                code: r.3.clone(),
                text: r.4.clone(),
                sub_measures: children(&measures, r.0),
            })
            .collect();
        out.push(PlanSection {
            kind,
            number,
            title: stitle,
            text,
            measures,
        });
    }
    Ok(Plan {
        institution,
        title,
        adopted_on: date_from(adopted_on.as_deref(), "plan adopted_on")?,
        source,
        rhythm: rhythm_from(&rhythm)?,
        reviewed_by,
        members: people
            .iter()
            .filter(|p| p.1 == "member")
            .map(|p| p.0.clone())
            .collect(),
        observers: people
            .iter()
            .filter(|p| p.1 == "observer")
            .map(|p| p.0.clone())
            .collect(),
        sections: out,
    })
}

async fn insert_measure(
    conn: &mut Conn,
    ids: (i64, i64, Option<i64>),
    m: &Measure,
    position: &mut i64,
) -> Result<(), StoreError> {
    let (plan, section, parent) = ids;
    *position += 1;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO measure (plan_id, section_id, parent_id, code, text, position) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan)
    .bind(section)
    .bind(parent)
    .bind(&m.code)
    .bind(&m.text)
    .bind(*position)
    .fetch_one(&mut *conn)
    .await
    .ctx("writing a measure")?;
    for sub in &m.sub_measures {
        Box::pin(insert_measure(
            conn,
            (plan, section, Some(id)),
            sub,
            position,
        ))
        .await?;
    }
    Ok(())
}

async fn write_structure(conn: &mut Conn, id: i64, plan: &Plan) -> Result<(), StoreError> {
    for (i, name) in plan.members.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_member (plan_id, member, role, position) VALUES ($1, $2, 'member', $3)",
        )
        .bind(id)
        .bind(name)
        .bind(pos(i))
        .execute(&mut *conn)
        .await
        .ctx("writing a plan member")?;
    }
    for (i, name) in plan.observers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_member (plan_id, member, role, position) VALUES ($1, $2, 'observer', $3)",
        )
        .bind(id)
        .bind(name)
        .bind(pos(plan.members.len() + i))
        .execute(&mut *conn)
        .await
        .ctx("writing a plan observer")?;
    }
    let mut position = 0;
    for (i, s) in plan.sections.iter().enumerate() {
        let sid: i64 = sqlx::query_scalar(
            "INSERT INTO plan_section (plan_id, kind, number, title, text, position) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id)
        .bind(s.kind.as_str())
        .bind(&s.number)
        .bind(&s.title)
        .bind(&s.text)
        .bind(pos(i))
        .fetch_one(&mut *conn)
        .await
        .ctx("writing a plan section")?;
        for m in &s.measures {
            insert_measure(conn, (id, sid, None), m, &mut position).await?;
        }
    }
    Ok(())
}

fn validate(plan: &Plan) -> Result<(), StoreError> {
    if plan.title.trim().is_empty() {
        return Err(invalid("(untitled)", "a plan needs a title"));
    }
    let mut codes = std::collections::BTreeSet::new();
    for m in plan.measures() {
        if !codes.insert(m.code.as_str()) {
            return Err(invalid(
                &plan.title,
                format!("measure code `{}` appears twice", m.code),
            ));
        }
    }
    let mut names = std::collections::BTreeSet::new();
    for n in plan.members.iter().chain(&plan.observers) {
        if !names.insert(n.as_str()) {
            return Err(invalid(&plan.title, format!("`{n}` is named twice")));
        }
    }
    Ok(())
}

/// The evidence item a reference points at, or `NotFound` naming the reference.
async fn evidence_item(conn: &mut Conn, r: &EvidenceRef) -> Result<EvidenceItem, StoreError> {
    let missing = || {
        StoreError::NotFound(format!(
            "there is no evidence item {}:{}:{}:{}",
            r.cycle, r.commitment, r.member, r.evidence
        ))
    };
    let commitment = match crate::rubric::commitment_id(conn, &r.cycle, &r.commitment).await {
        Ok(id) => id,
        Err(StoreError::NotFound(_)) => return Err(missing()),
        Err(e) => return Err(e),
    };
    let member = match crate::rubric::member_of(conn, commitment, &r.commitment, &r.member).await {
        Ok((id, _)) => id,
        Err(StoreError::NotFound(_)) => return Err(missing()),
        Err(e) => return Err(e),
    };
    let offset = i64::from(r.evidence.max(1)) - 1;
    let row: Option<(i64, i64, Option<String>, i64, String)> = sqlx::query_as(
        "SELECT p.assessment_id, p.position, p.date, p.date_inferred, p.text FROM paragraph p \
         JOIN assessment a ON a.id = p.assessment_id \
         WHERE a.commitment_id = $1 AND a.member_id = $2 AND p.kind = 'evidence' \
         ORDER BY p.position LIMIT 1 OFFSET $3",
    )
    .bind(commitment)
    .bind(member)
    .bind(offset)
    .fetch_optional(&mut *conn)
    .await
    .ctx("looking up an evidence item")?;
    let (assessment, position, date, inferred, text) = row.ok_or_else(missing)?;
    if r.evidence == 0 {
        return Err(missing());
    }
    let citations: Vec<i64> = sqlx::query_scalar(
        "SELECT number FROM paragraph_citation WHERE assessment_id = $1 \
         AND paragraph_position = $2 ORDER BY position",
    )
    .bind(assessment)
    .bind(position)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading an evidence item's citations")?;
    Ok(EvidenceItem {
        date: pledgewatch_domain::EvidenceDate {
            date: date_from(date.as_deref(), "evidence date")?.ok_or_else(missing)?,
            inferred: inferred != 0,
        },
        text,
        citations: citations.into_iter().map(count).collect(),
    })
}

impl Store {
    /// Imports a plan in one transaction: `Added` when new, `Unchanged` (nothing written) when
    /// the store holds exactly this plan, `Replaced` when its structure differs (periods,
    /// statuses and links are kept: they name measures by code).
    pub async fn import_plan(&self, plan: &Plan, actor: &str) -> Result<PlanImport, StoreError> {
        validate(plan)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM plan WHERE institution = $1 AND title = $2")
                .bind(&plan.institution)
                .bind(&plan.title)
                .fetch_optional(&mut *tx)
                .await
                .ctx("looking up a plan")?;
        let outcome = match existing {
            Some(id) => {
                if &load(&mut tx, id).await? == plan {
                    return Ok(PlanImport::Unchanged);
                }
                for delete in [
                    "DELETE FROM measure WHERE plan_id = $1",
                    "DELETE FROM plan_section WHERE plan_id = $1",
                    "DELETE FROM plan_member WHERE plan_id = $1",
                ] {
                    sqlx::query(delete)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .ctx("clearing a plan's structure")?;
                }
                sqlx::query(
                    "UPDATE plan SET adopted_on = $2, source = $3, rhythm = $4, reviewed_by = $5 \
                     WHERE id = $1",
                )
                .bind(id)
                .bind(plan.adopted_on.map(|d| d.to_string()))
                .bind(&plan.source)
                .bind(rhythm_text(&plan.rhythm))
                .bind(&plan.reviewed_by)
                .execute(&mut *tx)
                .await
                .ctx("updating a plan")?;
                write_structure(&mut tx, id, plan).await?;
                PlanImport::Replaced
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO plan (institution, title, adopted_on, source, rhythm, reviewed_by) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(&plan.institution)
                .bind(&plan.title)
                .bind(plan.adopted_on.map(|d| d.to_string()))
                .bind(&plan.source)
                .bind(rhythm_text(&plan.rhythm))
                .bind(&plan.reviewed_by)
                .fetch_one(&mut *tx)
                .await
                .ctx("writing a plan")?;
                write_structure(&mut tx, id, plan).await?;
                PlanImport::Added
            }
        };
        let action = match outcome {
            PlanImport::Added => "plan.add",
            _ => "plan.replace",
        };
        audit::record_and_commit(
            tx,
            actor,
            action,
            &plan.title,
            json!({ "institution": plan.institution, "measures": plan.measures().len() }),
            "committing the plan",
        )
        .await?;
        Ok(outcome)
    }

    /// Every plan with its counts, by institution and title.
    pub async fn plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let rows: Vec<SummaryRow> = sqlx::query_as(
            "SELECT p.institution, p.title, p.adopted_on, \
             (SELECT COUNT(*) FROM plan_section s WHERE s.plan_id = p.id), \
             (SELECT COUNT(*) FROM measure m WHERE m.plan_id = p.id), \
             (SELECT COUNT(*) FROM plan_member pm WHERE pm.plan_id = p.id AND pm.role = 'member'), \
             (SELECT COUNT(*) FROM reporting_period r WHERE r.plan_id = p.id) \
             FROM plan p ORDER BY p.institution, p.title",
        )
        .fetch_all(&mut *conn)
        .await
        .ctx("listing plans")?;
        rows.into_iter()
            .map(|(institution, title, adopted, s, m, mem, per)| {
                Ok(PlanSummary {
                    institution,
                    title,
                    adopted_on: date_from(adopted.as_deref(), "plan adopted_on")?,
                    sections: count(s),
                    measures: count(m),
                    members: count(mem),
                    periods: count(per),
                })
            })
            .collect()
    }

    /// The plan with this title, exactly as imported.
    pub async fn plan(&self, title: &str) -> Result<Option<Plan>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let plan = match plan_id(&mut tx, title).await {
            Ok(id) => Some(load(&mut tx, id).await?),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        tx.commit().await.ctx("ending a read")?;
        Ok(plan)
    }

    /// The plan's reporting periods, by start date.
    pub async fn periods(&self, title: &str) -> Result<Vec<ReportingPeriod>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT label, start, \"end\" FROM reporting_period WHERE plan_id = $1 \
             ORDER BY start, label",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading reporting periods")?;
        tx.commit().await.ctx("ending a read")?;
        rows.iter().map(|(l, s, e)| period(l, s, e)).collect()
    }

    /// Adds a reporting period to the plan; its label must be new and its start not after its end.
    pub async fn add_period(
        &self,
        title: &str,
        p: &ReportingPeriod,
        actor: &str,
    ) -> Result<(), StoreError> {
        if p.label.trim().is_empty() {
            return Err(invalid(title, "a reporting period needs a label"));
        }
        if p.start > p.end {
            return Err(invalid(
                title,
                format!(
                    "period `{}` starts ({}) after it ends ({})",
                    p.label, p.start, p.end
                ),
            ));
        }
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM reporting_period WHERE plan_id = $1 AND label = $2")
                .bind(id)
                .bind(&p.label)
                .fetch_optional(&mut *tx)
                .await
                .ctx("looking up a reporting period")?;
        if exists.is_some() {
            return Err(invalid(
                title,
                format!("there is already a reporting period `{}`", p.label),
            ));
        }
        sqlx::query(
            "INSERT INTO reporting_period (plan_id, label, start, \"end\") VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(&p.label)
        .bind(p.start.to_string())
        .bind(p.end.to_string())
        .execute(&mut *tx)
        .await
        .ctx("writing a reporting period")?;
        audit::record_and_commit(
            tx,
            actor,
            "plan.period",
            title,
            json!({ "label": p.label, "start": p.start.to_string(), "end": p.end.to_string() }),
            "committing the reporting period",
        )
        .await
    }

    /// Records (or replaces) a member's status on a measure in a period, with its evidence
    /// links. The member must be in scope (not an observer), the measure a tracked leaf, the
    /// period known and each evidence item existing; otherwise nothing is written.
    pub async fn record_status(
        &self,
        title: &str,
        r: &StatusRecord,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let plan = load(&mut tx, id).await?;
        if !plan.is_member(&r.member) {
            let why = if plan.observers.contains(&r.member) {
                "is an observer: observers get no status"
            } else {
                "is not a member of the plan"
            };
            return Err(invalid(title, format!("`{}` {why}", r.member)));
        }
        match plan.measure(&r.measure_code) {
            None => {
                return Err(invalid(
                    title,
                    format!("there is no measure `{}`", r.measure_code),
                ));
            }
            Some(m) if !m.sub_measures.is_empty() => {
                return Err(invalid(
                    title,
                    format!(
                        "measure `{}` has sub-measures: record statuses against them",
                        r.measure_code
                    ),
                ));
            }
            Some(_) => {}
        }
        let (period, _) = period_of(&mut tx, id, title, &r.period.label).await?;
        for e in &r.evidence {
            evidence_item(&mut tx, e).await?;
        }
        sqlx::query(
            "DELETE FROM status_record WHERE plan_id = $1 AND member = $2 AND measure_code = $3 \
             AND period_id = $4",
        )
        .bind(id)
        .bind(&r.member)
        .bind(&r.measure_code)
        .bind(period)
        .execute(&mut *tx)
        .await
        .ctx("replacing a status")?;
        let sid: i64 = sqlx::query_scalar(
            "INSERT INTO status_record (plan_id, member, measure_code, period_id, status, note, \
             recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id)
        .bind(&r.member)
        .bind(&r.measure_code)
        .bind(period)
        .bind(r.status.as_str())
        .bind(&r.note)
        .bind(now_text())
        .bind(actor)
        .fetch_one(&mut *tx)
        .await
        .ctx("writing a status")?;
        for (i, e) in r.evidence.iter().enumerate() {
            sqlx::query(
                "INSERT INTO status_evidence (status_record_id, position, cycle, commitment_code, \
                 member, evidence) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(sid)
            .bind(pos(i))
            .bind(&e.cycle)
            .bind(&e.commitment)
            .bind(&e.member)
            .bind(i64::from(e.evidence))
            .execute(&mut *tx)
            .await
            .ctx("writing an evidence link")?;
        }
        audit::record_and_commit(tx, actor,
            "plan.status",
            &format!("{title}/{}/{}", r.period.label, r.measure_code),
            json!({ "member": r.member, "status": r.status.as_str(), "evidence": r.evidence.len() }), "committing the status").await
    }

    /// The statuses recorded for the period, in the plan's member order, then measure order.
    pub async fn status_records(
        &self,
        title: &str,
        label: &str,
    ) -> Result<Vec<StatusRecord>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let (period_id, period) = period_of(&mut tx, id, title, label).await?;
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT r.id, r.member, r.measure_code, r.status, r.note FROM status_record r \
             LEFT JOIN plan_member pm ON pm.plan_id = r.plan_id AND pm.member = r.member \
             LEFT JOIN measure m ON m.plan_id = r.plan_id AND m.code = r.measure_code \
             WHERE r.period_id = $1 ORDER BY pm.position, m.position, r.id",
        )
        .bind(period_id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading statuses")?;
        let mut out = Vec::with_capacity(rows.len());
        for (rid, member, measure_code, status, note) in rows {
            let links: Vec<(String, String, String, i64)> = sqlx::query_as(
                "SELECT cycle, commitment_code, member, evidence FROM status_evidence \
                 WHERE status_record_id = $1 ORDER BY position",
            )
            .bind(rid)
            .fetch_all(&mut *tx)
            .await
            .ctx("reading evidence links")?;
            out.push(StatusRecord {
                member,
                measure_code,
                period: period.clone(),
                status: ImplementationStatus::parse(&status)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                evidence: links
                    .into_iter()
                    .map(|(cycle, commitment, member, n)| EvidenceRef {
                        cycle,
                        commitment,
                        member,
                        evidence: count(n),
                    })
                    .collect(),
                note,
            });
        }
        tx.commit().await.ctx("ending a read")?;
        Ok(out)
    }

    /// Links a measure to a summit commitment (optionally one dimension); linking twice is a
    /// no-op.
    pub async fn link_measure(
        &self,
        title: &str,
        measure: &str,
        cycle: &str,
        commitment: &str,
        dimension: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let plan = load(&mut tx, id).await?;
        if plan.measure(measure).is_none() {
            return Err(invalid(title, format!("there is no measure `{measure}`")));
        }
        crate::rubric::commitment_id(&mut tx, cycle, commitment).await?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM measure_commitment WHERE plan_id = $1 AND measure_code = $2 \
             AND cycle = $3 AND commitment_code = $4 AND dimension IS $5",
        )
        .bind(id)
        .bind(measure)
        .bind(cycle)
        .bind(commitment)
        .bind(dimension)
        .fetch_optional(&mut *tx)
        .await
        .ctx("looking up a measure link")?;
        if exists.is_some() {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO measure_commitment (plan_id, measure_code, cycle, commitment_code, \
             dimension) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(measure)
        .bind(cycle)
        .bind(commitment)
        .bind(dimension)
        .execute(&mut *tx)
        .await
        .ctx("writing a measure link")?;
        audit::record_and_commit(
            tx,
            actor,
            "plan.link",
            &format!("{title}/{measure}"),
            json!({ "cycle": cycle, "commitment": commitment, "dimension": dimension }),
            "committing the measure link",
        )
        .await
    }

    /// The plan's links from measures to summit commitments, in measure order.
    pub async fn measure_links(&self, title: &str) -> Result<Vec<MeasureLink>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT l.measure_code, l.cycle, l.commitment_code, l.dimension \
             FROM measure_commitment l \
             LEFT JOIN measure m ON m.plan_id = l.plan_id AND m.code = l.measure_code \
             WHERE l.plan_id = $1 ORDER BY m.position, l.cycle, l.commitment_code, l.dimension",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading measure links")?;
        tx.commit().await.ctx("ending a read")?;
        Ok(rows
            .into_iter()
            .map(|(measure, cycle, commitment, dimension)| MeasureLink {
                measure,
                cycle,
                commitment,
                dimension,
            })
            .collect())
    }

    /// The evidence item a reference points at, read from its chapter (`None` when the chapter
    /// no longer holds it).
    pub async fn evidence_item(&self, r: &EvidenceRef) -> Result<Option<EvidenceItem>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let item = match evidence_item(&mut tx, r).await {
            Ok(item) => Some(item),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        tx.commit().await.ctx("ending a read")?;
        Ok(item)
    }

    /// The evidence items linked to a measure through any status of any period, each once, in
    /// reference order: the items themselves, read from their chapters (never copies).
    pub async fn evidence_for_measure(
        &self,
        title: &str,
        measure: &str,
    ) -> Result<Vec<(EvidenceRef, EvidenceItem)>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = plan_id(&mut tx, title).await?;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT DISTINCT e.cycle, e.commitment_code, e.member, e.evidence \
             FROM status_evidence e JOIN status_record r ON r.id = e.status_record_id \
             WHERE r.plan_id = $1 AND r.measure_code = $2",
        )
        .bind(id)
        .bind(measure)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading evidence links")?;
        let mut refs: Vec<EvidenceRef> = rows
            .into_iter()
            .map(|(cycle, commitment, member, n)| EvidenceRef {
                cycle,
                commitment,
                member,
                evidence: count(n),
            })
            .collect();
        refs.sort();
        let mut out = Vec::with_capacity(refs.len());
        for r in refs {
            // An item whose chapter was re-imported without it is skipped, not an error.
            match evidence_item(&mut tx, &r).await {
                Ok(item) => out.push((r, item)),
                Err(StoreError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
        tx.commit().await.ctx("ending a read")?;
        Ok(out)
    }
}

// The workspace's editing of plans (`plan_edit`) works on the same rows through these.

pub(crate) async fn load_plan(conn: &mut Conn, id: i64) -> Result<Plan, StoreError> {
    load(conn, id).await
}

pub(crate) async fn plan_id_of(conn: &mut Conn, title: &str) -> Result<i64, StoreError> {
    plan_id(conn, title).await
}

pub(crate) async fn period_id(
    conn: &mut Conn,
    plan: i64,
    title: &str,
    label: &str,
) -> Result<i64, StoreError> {
    period_of(conn, plan, title, label).await.map(|(id, _)| id)
}

pub(crate) async fn check_evidence(conn: &mut Conn, r: &EvidenceRef) -> Result<(), StoreError> {
    evidence_item(conn, r).await.map(|_| ())
}

pub(crate) fn rhythm_key(r: &ReportingRhythm) -> String {
    rhythm_text(r)
}

pub(crate) fn validate_plan(plan: &Plan) -> Result<(), StoreError> {
    validate(plan)
}

/// Replaces the plan's members, sections and measures with `plan`'s (its other columns are the
/// caller's business).
pub(crate) async fn rewrite_structure(
    conn: &mut Conn,
    id: i64,
    plan: &Plan,
) -> Result<(), StoreError> {
    for delete in [
        "DELETE FROM measure WHERE plan_id = $1",
        "DELETE FROM plan_section WHERE plan_id = $1",
        "DELETE FROM plan_member WHERE plan_id = $1",
    ] {
        sqlx::query(delete)
            .bind(id)
            .execute(&mut *conn)
            .await
            .ctx("clearing a plan's structure")?;
    }
    write_structure(conn, id, plan).await
}
