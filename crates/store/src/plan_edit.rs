//! Action plans created and edited in the workspace: the plan itself (institution, title,
//! adoption date, rhythm, reviewing body, members in scope, observers), its sections and
//! measures, and each member's status per measure and period.
//!
//! A plan has one version for its whole structure: edits renumber sections and measures, so a
//! finer version would not say what an editor saw. Each recorded status has its own version, so
//! analysts recording different cells never collide. Statuses name measures by code: renaming
//! a code carries its statuses and commitment links along, and a measure or section that has
//! statuses cannot be removed.

use jiff::civil::Date;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Measure, Plan, PlanSection, ReportingRhythm, SectionKind,
    StatusRecord,
};
use serde_json::{Value, json};

use crate::admin::line;
use crate::error::{Context, StoreError};
use crate::plan::{
    check_evidence, load_plan, period_id, plan_id_of, rewrite_structure, rhythm_key, validate_plan,
};
use crate::rubric::now_text;
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// What a plan form or API call gives about the plan itself.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub institution: String,
    pub title: String,
    pub adopted_on: Option<Date>,
    /// The document the plan was published in; empty: the plan itself.
    pub source: String,
    pub rhythm: ReportingRhythm,
    pub reviewed_by: Option<String>,
    pub members: Vec<String>,
    pub observers: Vec<String>,
}

/// A section as a form gives it.
#[derive(Debug, Clone)]
pub struct SectionInput {
    pub kind: SectionKind,
    pub number: String,
    pub title: String,
    pub text: String,
}

/// A new measure: at the end of section `section` (from 1), or under measure `parent` there.
#[derive(Debug, Clone)]
pub struct MeasureInput {
    pub section: usize,
    pub parent: Option<String>,
    pub code: String,
    pub text: String,
}

/// A recorded status with the version to send back when changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub record: StatusRecord,
    pub version: i64,
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidField {
        object: "plan".to_string(),
        field,
        message: message.into(),
    }
}

fn names(field: &'static str, given: &[String]) -> Result<Vec<String>, StoreError> {
    let mut out: Vec<String> = Vec::new();
    for n in given {
        if n.trim().is_empty() {
            continue;
        }
        let n = line("plan", field, n, 100)?;
        if out.contains(&n) {
            return Err(invalid(field, format!("`{n}` is named twice")));
        }
        out.push(n);
    }
    Ok(out)
}

fn clean_plan(input: &PlanInput) -> Result<PlanInput, StoreError> {
    let members = names("members", &input.members)?;
    if members.is_empty() {
        return Err(invalid(
            "members",
            "a plan needs at least one member in scope",
        ));
    }
    let observers = names("observers", &input.observers)?;
    if let Some(both) = observers.iter().find(|o| members.contains(o)) {
        return Err(invalid(
            "observers",
            format!("`{both}` is a member in scope and cannot also be an observer"),
        ));
    }
    let reviewed_by = match input.reviewed_by.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => Some(line("plan", "reviewed_by", r, 200)?),
        _ => None,
    };
    let rhythm = match &input.rhythm {
        ReportingRhythm::Other(text) => ReportingRhythm::Other(line("plan", "rhythm", text, 100)?),
        other => other.clone(),
    };
    let title = line("plan", "title", &input.title, 300)?;
    let source = if input.source.trim().is_empty() {
        title.clone()
    } else {
        line("plan", "source", &input.source, 300)?
    };
    Ok(PlanInput {
        institution: line("plan", "institution", &input.institution, 100)?,
        title,
        adopted_on: input.adopted_on,
        source,
        rhythm,
        reviewed_by,
        members,
        observers,
    })
}

fn head_json(p: &Plan) -> Value {
    json!({"institution": p.institution, "title": p.title,
           "adopted_on": p.adopted_on.map(|d| d.to_string()), "source": p.source,
           "rhythm": p.rhythm.label(), "reviewed_by": p.reviewed_by,
           "members": p.members, "observers": p.observers})
}

fn section_json(s: &PlanSection) -> Value {
    json!({"kind": s.kind.as_str(), "number": s.number, "title": s.title, "text": s.text})
}

fn measure_json(m: &Measure) -> Value {
    json!({"code": m.code, "text": m.text})
}

fn status_json(r: &StatusRecord, version: i64) -> Value {
    json!({"status": r.status.as_str(), "note": r.note, "version": version,
           "evidence": r.evidence.iter()
               .map(|e| format!("{}:{}:{}:{}", e.cycle, e.commitment, e.member, e.evidence))
               .collect::<Vec<_>>()})
}

async fn plan_version(conn: &mut Conn, id: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT version FROM plan WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .ctx("reading a plan's version")
}

async fn title_taken(conn: &mut Conn, title: &str, me: Option<i64>) -> Result<bool, StoreError> {
    let other: Option<i64> = sqlx::query_scalar("SELECT id FROM plan WHERE title = $1")
        .bind(title)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up a plan title")?;
    Ok(other.is_some_and(|o| Some(o) != me))
}

/// Whether any status is recorded against one of `codes`.
async fn has_statuses(conn: &mut Conn, plan: i64, codes: &[String]) -> Result<bool, StoreError> {
    for code in codes {
        let any: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM status_record WHERE plan_id = $1 AND measure_code = $2 LIMIT 1",
        )
        .bind(plan)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking for statuses")?;
        if any.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

fn measure_mut<'a>(measures: &'a mut [Measure], code: &str) -> Option<&'a mut Measure> {
    for m in measures {
        if m.code == code {
            return Some(m);
        }
        if let Some(found) = measure_mut(&mut m.sub_measures, code) {
            return Some(found);
        }
    }
    None
}

fn remove_from(measures: &mut Vec<Measure>, code: &str) -> Option<Measure> {
    if let Some(i) = measures.iter().position(|m| m.code == code) {
        return Some(measures.remove(i));
    }
    measures
        .iter_mut()
        .find_map(|m| remove_from(&mut m.sub_measures, code))
}

fn measure_code(code: &str) -> Result<String, StoreError> {
    let code = line("measure", "code", code, 20)?;
    if code.contains(char::is_whitespace) {
        return Err(invalid(
            "code",
            "a measure code has no spaces (`I.1`, `P2.1`, `2(a)`)",
        ));
    }
    Ok(code)
}

fn section_of(plan: &Plan, index: usize) -> Result<&PlanSection, StoreError> {
    plan.sections.get(index.wrapping_sub(1)).ok_or_else(|| {
        StoreError::NotFound(format!("plan `{}` has no section {index}", plan.title))
    })
}

impl Store {
    /// Creates an empty plan (sections and measures are added next); its title must be new.
    pub async fn create_plan(&self, input: &PlanInput, actor: &str) -> Result<Plan, StoreError> {
        let input = clean_plan(input)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        if title_taken(&mut tx, &input.title, None).await? {
            return Err(invalid(
                "title",
                format!("there is already a plan `{}`", input.title),
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plan (institution, title, adopted_on, source, rhythm, reviewed_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&input.institution)
        .bind(&input.title)
        .bind(input.adopted_on.map(|d| d.to_string()))
        .bind(&input.source)
        .bind(rhythm_key(&input.rhythm))
        .bind(&input.reviewed_by)
        .fetch_one(&mut *tx)
        .await
        .ctx("writing a plan")?;
        let plan = Plan {
            institution: input.institution,
            title: input.title,
            adopted_on: input.adopted_on,
            source: input.source,
            rhythm: input.rhythm,
            reviewed_by: input.reviewed_by,
            members: input.members,
            observers: input.observers,
            sections: Vec::new(),
        };
        rewrite_structure(&mut tx, id, &plan).await?;
        audit::record_and_commit(
            tx,
            actor,
            "plan.create",
            &plan.title,
            json!({"before": null, "after": head_json(&plan)}),
            "committing the plan",
        )
        .await?;
        Ok(plan)
    }

    /// The plan's version, `None` for an unknown plan.
    pub async fn plan_version(&self, title: &str) -> Result<Option<i64>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        match plan_id_of(&mut conn, title).await {
            Ok(id) => Ok(Some(plan_version(&mut conn, id).await?)),
            Err(StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One change to a plan's structure, if `version` is still the plan's: `change` edits the
    /// plan as a value and says what it changed (before, after); the result is validated and
    /// written whole, with the version bumped and the audit record, in one transaction.
    async fn change_plan<F>(
        &self,
        title: &str,
        version: i64,
        action: &str,
        actor: &str,
        change: F,
    ) -> Result<(Plan, i64), StoreError>
    where
        F: FnOnce(&mut Plan) -> Result<(Value, Value), StoreError>,
    {
        self.change_plan_recoding(title, version, action, actor, None, change)
            .await
    }

    /// [`Store::change_plan`], with statuses and commitment links following a measure's new
    /// code (`recode`: from, to) in the same transaction.
    async fn change_plan_recoding<F>(
        &self,
        title: &str,
        version: i64,
        action: &str,
        actor: &str,
        recode: Option<(&str, &str)>,
        change: F,
    ) -> Result<(Plan, i64), StoreError>
    where
        F: FnOnce(&mut Plan) -> Result<(Value, Value), StoreError>,
    {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = plan_id_of(&mut tx, title).await?;
        let current = plan_version(&mut tx, id).await?;
        if current != version {
            return Err(StoreError::Stale {
                object: format!("plan `{title}`"),
                current,
            });
        }
        let mut plan = load_plan(&mut tx, id).await?;
        let (before, after) = change(&mut plan)?;
        // Checked inside the write transaction, so two renames to one title cannot both pass.
        if plan.title != title && title_taken(&mut tx, &plan.title, Some(id)).await? {
            return Err(invalid(
                "title",
                format!("there is already a plan `{}`", plan.title),
            ));
        }
        validate_plan(&plan).map_err(|e| match e {
            StoreError::InvalidPlan { message, .. } => invalid("code", message),
            other => other,
        })?;
        rewrite_structure(&mut tx, id, &plan).await?;
        if let Some((from, to)) = recode {
            for update in [
                "UPDATE status_record SET measure_code = $3 WHERE plan_id = $1 AND measure_code = $2",
                "UPDATE measure_commitment SET measure_code = $3 \
                 WHERE plan_id = $1 AND measure_code = $2",
            ] {
                sqlx::query(update)
                    .bind(id)
                    .bind(from)
                    .bind(to)
                    .execute(&mut *tx)
                    .await
                    .ctx("carrying statuses to a measure's new code")?;
            }
        }
        sqlx::query(
            "UPDATE plan SET institution = $1, title = $2, adopted_on = $3, source = $4, \
             rhythm = $5, reviewed_by = $6, version = version + 1 WHERE id = $7",
        )
        .bind(&plan.institution)
        .bind(&plan.title)
        .bind(plan.adopted_on.map(|d| d.to_string()))
        .bind(&plan.source)
        .bind(rhythm_key(&plan.rhythm))
        .bind(&plan.reviewed_by)
        .bind(id)
        .execute(&mut *tx)
        .await
        .ctx("updating a plan")?;
        audit::record_and_commit(
            tx,
            actor,
            action,
            &plan.title,
            json!({"before": before, "after": after}),
            "committing the plan change",
        )
        .await?;
        Ok((plan, version + 1))
    }

    /// Changes the plan itself (institution, title, dates, rhythm, reviewer, members,
    /// observers). A member with statuses cannot leave the scope.
    pub async fn update_plan(
        &self,
        title: &str,
        version: i64,
        input: &PlanInput,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let input = clean_plan(input)?;
        self.change_plan(title, version, "plan.update", actor, |plan| {
            let before = head_json(plan);
            plan.institution = input.institution;
            plan.title = input.title;
            plan.adopted_on = input.adopted_on;
            plan.source = input.source;
            plan.rhythm = input.rhythm;
            plan.reviewed_by = input.reviewed_by;
            plan.members = input.members;
            plan.observers = input.observers;
            Ok((before, head_json(plan)))
        })
        .await
    }

    /// Adds a section at the end of the plan.
    pub async fn add_plan_section(
        &self,
        title: &str,
        version: i64,
        input: &SectionInput,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let section = PlanSection {
            kind: input.kind,
            number: line("section", "number", &input.number, 20)?,
            title: line("section", "title", &input.title, 300)?,
            text: input.text.trim().to_string(),
            measures: Vec::new(),
        };
        self.change_plan(title, version, "plan.section.add", actor, |plan| {
            let after = section_json(&section);
            plan.sections.push(section);
            Ok((Value::Null, after))
        })
        .await
    }

    /// Changes section `index` (from 1) of the plan, keeping its measures.
    pub async fn update_plan_section(
        &self,
        title: &str,
        version: i64,
        index: usize,
        input: &SectionInput,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let number = line("section", "number", &input.number, 20)?;
        let heading = line("section", "title", &input.title, 300)?;
        self.change_plan(title, version, "plan.section.update", actor, |plan| {
            section_of(plan, index)?;
            let s = &mut plan.sections[index - 1];
            let before = section_json(s);
            s.kind = input.kind;
            s.number = number;
            s.title = heading;
            s.text = input.text.trim().to_string();
            Ok((before, section_json(s)))
        })
        .await
    }

    /// Removes section `index` (from 1) and its measures; refused while any of them has a
    /// status.
    pub async fn remove_plan_section(
        &self,
        title: &str,
        version: i64,
        index: usize,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let codes: Vec<String> = match self.plan(title).await? {
            Some(plan) => section_of(&plan, index)?
                .measures
                .iter()
                .flat_map(Measure::walk)
                .map(|m| m.code.clone())
                .collect(),
            None => return Err(StoreError::NotFound(format!("there is no plan `{title}`"))),
        };
        self.refuse_with_statuses(title, &codes).await?;
        self.change_plan(title, version, "plan.section.remove", actor, |plan| {
            section_of(plan, index)?;
            let removed = plan.sections.remove(index - 1);
            Ok((section_json(&removed), Value::Null))
        })
        .await
    }

    async fn refuse_with_statuses(&self, title: &str, codes: &[String]) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let id = plan_id_of(&mut conn, title).await?;
        if has_statuses(&mut conn, id, codes).await? {
            return Err(StoreError::WorkflowRefused {
                object: format!("plan `{title}`"),
                message: "statuses are recorded against it; it cannot be removed".to_string(),
            });
        }
        Ok(())
    }

    /// Adds a measure at the end of section `index` (from 1), or under measure `parent` as a
    /// sub-measure. Its code must be new in the plan.
    pub async fn add_plan_measure(
        &self,
        title: &str,
        version: i64,
        input: &MeasureInput,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let measure = Measure {
            code: measure_code(&input.code)?,
            text: line("measure", "text", &input.text, 2000)?,
            sub_measures: Vec::new(),
        };
        let index = input.section;
        let parent = input.parent.as_deref();
        self.change_plan(title, version, "plan.measure.add", actor, |plan| {
            if plan.measure(&measure.code).is_some() {
                return Err(invalid(
                    "code",
                    format!("there is already a measure `{}`", measure.code),
                ));
            }
            section_of(plan, index)?;
            let after = measure_json(&measure);
            let section = &mut plan.sections[index - 1];
            match parent.map(str::trim).filter(|p| !p.is_empty()) {
                Some(p) => measure_mut(&mut section.measures, p)
                    .ok_or_else(|| invalid("parent", format!("the section has no measure `{p}`")))?
                    .sub_measures
                    .push(measure),
                None => section.measures.push(measure),
            }
            Ok((Value::Null, after))
        })
        .await
    }

    /// Changes a measure's code and text. A new code carries the measure's statuses and
    /// commitment links along in the same transaction.
    pub async fn update_plan_measure(
        &self,
        title: &str,
        version: i64,
        code: &str,
        new_code: &str,
        text: &str,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let new_code = measure_code(new_code)?;
        let text = line("measure", "text", text, 2000)?;
        let recode = (new_code != code).then_some((code, new_code.as_str()));
        let new = new_code.clone();
        self.change_plan_recoding(
            title,
            version,
            "plan.measure.update",
            actor,
            recode,
            |plan| {
                if new != code && plan.measure(&new).is_some() {
                    return Err(invalid(
                        "code",
                        format!("there is already a measure `{new}`"),
                    ));
                }
                let m = plan
                    .sections
                    .iter_mut()
                    .find_map(|s| measure_mut(&mut s.measures, code))
                    .ok_or_else(|| StoreError::NotFound(format!("there is no measure `{code}`")))?;
                let before = measure_json(m);
                m.code = new;
                m.text = text;
                Ok((before, measure_json(m)))
            },
        )
        .await
    }

    /// Removes a measure (and its sub-measures); refused while any has a status.
    pub async fn remove_plan_measure(
        &self,
        title: &str,
        version: i64,
        code: &str,
        actor: &str,
    ) -> Result<(Plan, i64), StoreError> {
        let codes: Vec<String> = match self.plan(title).await? {
            Some(plan) => plan
                .measure(code)
                .ok_or_else(|| StoreError::NotFound(format!("there is no measure `{code}`")))?
                .walk()
                .iter()
                .map(|m| m.code.clone())
                .collect(),
            None => return Err(StoreError::NotFound(format!("there is no plan `{title}`"))),
        };
        self.refuse_with_statuses(title, &codes).await?;
        self.change_plan(title, version, "plan.measure.remove", actor, |plan| {
            let removed = plan
                .sections
                .iter_mut()
                .find_map(|s| remove_from(&mut s.measures, code))
                .ok_or_else(|| StoreError::NotFound(format!("there is no measure `{code}`")))?;
            Ok((measure_json(&removed), Value::Null))
        })
        .await
    }

    /// The statuses recorded for the period with their versions, in the plan's order.
    pub async fn status_entries(
        &self,
        title: &str,
        label: &str,
    ) -> Result<Vec<StatusEntry>, StoreError> {
        let records = self.status_records(title, label).await?;
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        let id = plan_id_of(&mut conn, title).await?;
        let period = period_id(&mut conn, id, title, label).await?;
        let mut out = Vec::with_capacity(records.len());
        for record in records {
            let version: i64 = sqlx::query_scalar(
                "SELECT version FROM status_record WHERE plan_id = $1 AND member = $2 \
                 AND measure_code = $3 AND period_id = $4",
            )
            .bind(id)
            .bind(&record.member)
            .bind(&record.measure_code)
            .bind(period)
            .fetch_one(&mut *conn)
            .await
            .ctx("reading a status's version")?;
            out.push(StatusEntry { record, version });
        }
        Ok(out)
    }

    /// Records a member's status on a measure in a period, with a note and linked evidence
    /// (never copied). `version` is the status's version as read, 0 when none was recorded;
    /// another value than the stored one is refused as stale. Returns the new version.
    pub async fn record_plan_status(
        &self,
        title: &str,
        record: &StatusRecord,
        version: i64,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let note = match record.note.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => {
                if n.chars().count() > 4000 {
                    return Err(invalid("note", "a note has at most 4000 characters"));
                }
                Some(n.to_string())
            }
            _ => None,
        };
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = plan_id_of(&mut tx, title).await?;
        let plan = load_plan(&mut tx, id).await?;
        if !plan.is_member(&record.member) {
            let why = if plan.observers.contains(&record.member) {
                "is an observer: observers get no status"
            } else {
                "is not a member of the plan"
            };
            return Err(invalid("member", format!("`{}` {why}", record.member)));
        }
        match plan.measure(&record.measure_code) {
            None => {
                return Err(invalid(
                    "measure",
                    format!("there is no measure `{}`", record.measure_code),
                ));
            }
            Some(m) if !m.sub_measures.is_empty() => {
                return Err(invalid(
                    "measure",
                    format!(
                        "measure `{}` has sub-measures: record statuses against them",
                        record.measure_code
                    ),
                ));
            }
            Some(_) => {}
        }
        let period = match period_id(&mut tx, id, title, &record.period.label).await {
            Ok(p) => p,
            Err(StoreError::NotFound(m)) => return Err(invalid("period", m)),
            Err(e) => return Err(e),
        };
        for e in &record.evidence {
            match check_evidence(&mut tx, e).await {
                Ok(()) => {}
                Err(StoreError::NotFound(m)) => return Err(invalid("evidence", m)),
                Err(e) => return Err(e),
            }
        }
        let existing: Option<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT id, status, note, version FROM status_record WHERE plan_id = $1 \
             AND member = $2 AND measure_code = $3 AND period_id = $4",
        )
        .bind(id)
        .bind(&record.member)
        .bind(&record.measure_code)
        .bind(period)
        .fetch_optional(&mut *tx)
        .await
        .ctx("reading a status")?;
        let object = format!(
            "{title}/{}/{}/{}",
            record.period.label, record.measure_code, record.member
        );
        let current = existing.as_ref().map_or(0, |e| e.3);
        if current != version {
            return Err(StoreError::Stale { object, current });
        }
        let before = match &existing {
            Some((sid, status, note, v)) => {
                let links: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT cycle, commitment_code, member, evidence FROM status_evidence \
                     WHERE status_record_id = $1 ORDER BY position",
                )
                .bind(sid)
                .fetch_all(&mut *tx)
                .await
                .ctx("reading evidence links")?;
                json!({"status": status, "note": note, "version": v,
                       "evidence": links.iter().map(|(c, k, m, n)| format!("{c}:{k}:{m}:{n}"))
                           .collect::<Vec<_>>()})
            }
            None => Value::Null,
        };
        let sid: i64 = match &existing {
            Some((sid, ..)) => {
                sqlx::query(
                    "UPDATE status_record SET status = $1, note = $2, recorded_at = $3, \
                     recorded_by = $4, version = version + 1 WHERE id = $5",
                )
                .bind(record.status.as_str())
                .bind(&note)
                .bind(now_text())
                .bind(actor)
                .bind(sid)
                .execute(&mut *tx)
                .await
                .ctx("updating a status")?;
                sqlx::query("DELETE FROM status_evidence WHERE status_record_id = $1")
                    .bind(sid)
                    .execute(&mut *tx)
                    .await
                    .ctx("replacing evidence links")?;
                *sid
            }
            None => sqlx::query_scalar(
                "INSERT INTO status_record (plan_id, member, measure_code, period_id, status, \
                 note, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING id",
            )
            .bind(id)
            .bind(&record.member)
            .bind(&record.measure_code)
            .bind(period)
            .bind(record.status.as_str())
            .bind(&note)
            .bind(now_text())
            .bind(actor)
            .fetch_one(&mut *tx)
            .await
            .ctx("writing a status")?,
        };
        for (i, e) in record.evidence.iter().enumerate() {
            sqlx::query(
                "INSERT INTO status_evidence (status_record_id, position, cycle, commitment_code, \
                 member, evidence) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(sid)
            .bind(i64::try_from(i).unwrap_or(i64::MAX))
            .bind(&e.cycle)
            .bind(&e.commitment)
            .bind(&e.member)
            .bind(i64::from(e.evidence))
            .execute(&mut *tx)
            .await
            .ctx("writing an evidence link")?;
        }
        let stored = StatusRecord {
            note,
            ..record.clone()
        };
        audit::record_and_commit(
            tx,
            actor,
            "plan.status",
            &object,
            json!({"before": before, "after": status_json(&stored, current + 1)}),
            "committing the status",
        )
        .await?;
        Ok(current + 1)
    }
}

/// An evidence reference as typed: `CYCLE:COMMITMENT:MEMBER:N` (the cycle's name may hold
/// colons, so the last three parts are taken from the right).
pub fn parse_evidence_ref(text: &str) -> Result<EvidenceRef, StoreError> {
    let bad = || {
        invalid(
            "evidence",
            format!(
                "`{text}` is not CYCLE:COMMITMENT:MEMBER:N (N counts the member's evidence from 1)"
            ),
        )
    };
    let mut parts = text.trim().rsplitn(4, ':');
    let n = parts.next().ok_or_else(bad)?;
    let member = parts.next().ok_or_else(bad)?;
    let commitment = parts.next().ok_or_else(bad)?;
    let cycle = parts.next().ok_or_else(bad)?;
    let evidence: u32 = n.trim().parse().map_err(|_| bad())?;
    if evidence == 0
        || [cycle, commitment, member]
            .iter()
            .any(|p| p.trim().is_empty())
    {
        return Err(bad());
    }
    Ok(EvidenceRef {
        cycle: cycle.trim().to_string(),
        commitment: commitment.trim().to_string(),
        member: member.trim().to_string(),
        evidence,
    })
}

/// A status key as typed, or the field error.
pub fn parse_status(text: &str) -> Result<ImplementationStatus, StoreError> {
    ImplementationStatus::parse(text).map_err(|e| invalid("status", e.to_string()))
}
