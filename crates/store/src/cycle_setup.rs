//! Setting up a cycle in the workspace: its settings, the members and commitments in its scope,
//! and each commitment's working copy (text, people, sections).
//!
//! Every write checks the object's version (optimistic concurrency: a stale one changes nothing)
//! and commits with its audit record, `{"before": …, "after": …}`. Scope changes keep one
//! assessment row per (commitment, member) in scope, so every assessment exists to be assigned
//! and edited before anyone has scored it.

use pledgewatch_domain::{Commitment, Cycle, Member, Period, Section, SectionKind};
use serde_json::json;

use crate::audit;
use crate::cycle::{self, CycleRow, cycle_columns, cycle_from_row, cycle_joins};
use crate::error::{Context, StoreError};
use crate::institution;
use crate::people::Registry;
use crate::sqlite::{self, Conn};
use crate::{Store, codec};

/// A cycle as its setup page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleSetup {
    pub cycle: Cycle,
    /// Covers the settings (required coders among them) and the members in scope.
    pub version: i64,
    /// How many independent codings each assessment of the cycle requires (1: single coding).
    pub required_coders: u8,
    /// In scope, in the cycle's order.
    pub members: Vec<ScopedMember>,
    /// The member register's members not in scope, by name.
    pub register: Vec<Member>,
    /// In code order.
    pub commitments: Vec<CommitmentListing>,
}

/// A member in a cycle's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopedMember {
    pub member: Member,
    /// Whether any of its assessments has a score, evidence, codings or a review: then it
    /// cannot leave the scope without losing work.
    pub has_work: bool,
}

/// A commitment in a cycle's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentListing {
    pub code: String,
    pub area: String,
    pub title: String,
}

/// A commitment's working copy: what the commitment page edits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommitmentDraft {
    pub code: String,
    pub area: String,
    pub title: String,
    /// The quoted commitment.
    pub text: String,
    /// The source document's title.
    pub source: String,
    /// The compliance director and the lead analyst, as the chapter names them.
    pub director: Option<String>,
    pub lead_analyst: Option<String>,
    /// At most one per kind, in `SectionKind` order; empty ones are not kept.
    pub sections: Vec<Section>,
}

/// The most independent codings a cycle may require: enough for any research team's double
/// (or triple) coding, and few enough that every coder's coding can be shown side by side.
pub const MAX_REQUIRED_CODERS: u8 = 10;

fn valid_coders(cycle: &str, n: u8) -> Result<(), StoreError> {
    if (1..=MAX_REQUIRED_CODERS).contains(&n) {
        return Ok(());
    }
    Err(invalid(
        cycle,
        "required_coders",
        format!("must be a whole number from 1 to {MAX_REQUIRED_CODERS}, not {n}"),
    ))
}

/// Longest accepted name-like field (cycle name, code, title, area, person).
const MAX_NAME_CHARS: usize = 300;

fn invalid(object: &str, field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidField {
        object: object.to_string(),
        field,
        message: message.into(),
    }
}

/// `text` trimmed, refused when empty (if `required`), too long or holding control characters.
fn name_field(
    object: &str,
    field: &'static str,
    text: &str,
    required: bool,
) -> Result<String, StoreError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(invalid(object, field, "is required"));
    }
    if text.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(
            object,
            field,
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(invalid(object, field, "holds a control character"));
    }
    Ok(text.to_string())
}

/// The cycle `cycle` asks for, checked field by field.
fn valid_cycle(cycle: &Cycle) -> Result<Cycle, StoreError> {
    let object = if cycle.name.trim().is_empty() {
        "new cycle"
    } else {
        cycle.name.trim()
    };
    let name = name_field(object, "name", &cycle.name, true)?;
    let institution = name_field(
        object,
        "institution",
        cycle.institution.as_deref().unwrap_or(""),
        false,
    )?;
    let summit = name_field(
        object,
        "summit",
        cycle.summit.as_deref().unwrap_or(""),
        false,
    )?;
    if let Some(p) = cycle.period {
        Period::new(p.start, p.end).map_err(|e| invalid(object, "period_end", e.to_string()))?;
    }
    if !summit.is_empty() && institution.is_empty() {
        return Err(invalid(
            object,
            "institution",
            "a summit needs the institution it belongs to",
        ));
    }
    Ok(cycle::trimmed(&Cycle {
        name,
        institution: Some(institution),
        summit: Some(summit),
        ..cycle.clone()
    }))
}

/// The cycle's id, settings and version, or `NotFound`.
async fn cycle_row(conn: &mut Conn, name: &str) -> Result<(i64, Cycle, i64), StoreError> {
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
    let row = row.ok_or_else(|| StoreError::NotFound(format!("there is no cycle `{name}`")))?;
    let (id, cycle) = cycle_from_row(row)?;
    let version: i64 = sqlx::query_scalar("SELECT version FROM cycle WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .ctx("reading a cycle's version")?;
    Ok((id, cycle, version))
}

fn stale(object: &str, current: i64) -> StoreError {
    StoreError::Stale {
        object: object.to_string(),
        current,
    }
}

/// Bumps the cycle's version if it is still `version`; `Stale` (nothing written) otherwise.
async fn bump_cycle(conn: &mut Conn, id: i64, name: &str, version: i64) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE cycle SET version = version + 1 WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await
        .ctx("updating a cycle's version")?
        .rows_affected();
    if done == 0 {
        let current: i64 = sqlx::query_scalar("SELECT version FROM cycle WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .ctx("reading a cycle's version")?;
        return Err(stale(&format!("cycle `{name}`"), current));
    }
    Ok(())
}

/// A subquery finding an assessment of member `m.id` in cycle `$1` that holds work: a score,
/// an evidence or narrative paragraph, a coding, an adjudication or a review.
macro_rules! worked_assessment {
    () => {
        "SELECT 1 FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
         WHERE c.cycle_id = $1 AND a.member_id = m.id AND (a.verdict IS NOT NULL \
           OR EXISTS (SELECT 1 FROM paragraph p WHERE p.assessment_id = a.id) \
           OR EXISTS (SELECT 1 FROM coding g WHERE g.commitment_id = a.commitment_id \
                      AND g.member_id = a.member_id) \
           OR EXISTS (SELECT 1 FROM adjudication j WHERE j.commitment_id = a.commitment_id \
                      AND j.member_id = a.member_id) \
           OR EXISTS (SELECT 1 FROM assessment_review r WHERE r.commitment_id = a.commitment_id \
                      AND r.member_id = a.member_id AND (r.status <> 'draft' \
                      OR r.justification IS NOT NULL)))"
    };
}
/// Members in the cycle's scope with ids, in order, and whether each has work.
async fn scoped_members(
    conn: &mut Conn,
    cycle: i64,
) -> Result<Vec<(i64, ScopedMember)>, StoreError> {
    let rows: Vec<(i64, String, String, bool)> = sqlx::query_as(concat!(
        "SELECT m.id, m.name, m.code, EXISTS (",
        worked_assessment!(),
        ") FROM cycle_member cm JOIN member m ON m.id = cm.member_id \
         WHERE cm.cycle_id = $1 ORDER BY cm.position, m.name"
    ))
    .bind(cycle)
    .fetch_all(&mut *conn)
    .await
    .ctx("reading the cycle's members")?;
    Ok(rows
        .into_iter()
        .map(|(id, name, code, has_work)| {
            (
                id,
                ScopedMember {
                    member: Member { name, code },
                    has_work,
                },
            )
        })
        .collect())
}

/// Adds the missing (commitment, member) assessments of the cycle as not yet assessed, each at
/// its member's place in the cycle.
async fn fill_assessments(conn: &mut Conn, cycle: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "INSERT INTO assessment (commitment_id, member_id, verdict, position) \
         SELECT c.id, cm.member_id, NULL, cm.position FROM commitment c \
         JOIN cycle_member cm ON cm.cycle_id = c.cycle_id \
         WHERE c.cycle_id = $1 \
         ON CONFLICT (commitment_id, member_id) DO NOTHING",
    )
    .bind(cycle)
    .execute(&mut *conn)
    .await
    .ctx("adding the scope's assessments")?
    .rows_affected())
}

fn describe_members(members: &[Member]) -> serde_json::Value {
    json!(members.iter().map(|m| &m.code).collect::<Vec<_>>())
}

impl Store {
    /// Creates a cycle with its settings (institution and summit created when new) and no
    /// members or commitments yet. A name already taken is an `InvalidField` on `name`.
    pub async fn create_cycle(&self, cycle: &Cycle, actor: &str) -> Result<Cycle, StoreError> {
        let cycle = valid_cycle(cycle)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        if cycle::find(&mut tx, &cycle.name).await?.is_some() {
            return Err(invalid(
                &cycle.name,
                "name",
                format!("a cycle called `{}` exists already", cycle.name),
            ));
        }
        let (institution, summit) = cycle::place(&mut tx, &cycle).await.map_err(as_field)?;
        sqlx::query(
            "INSERT INTO cycle (name, kind, period_start, period_end, convention, \
                                institution_id, summit_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&cycle.name)
        .bind(cycle.kind.map(|k| k.as_str()))
        .bind(cycle.period.map(|p| codec::date_text(p.start)))
        .bind(cycle.period.map(|p| codec::date_text(p.end)))
        .bind(cycle.convention.as_str())
        .bind(institution)
        .bind(summit)
        .execute(&mut *tx)
        .await
        .ctx("adding a cycle")?;
        audit::record_and_commit(
            tx,
            actor,
            "cycle.create",
            &cycle.name,
            json!({"before": null, "after": cycle::describe(&cycle)}),
            "committing the new cycle",
        )
        .await?;
        Ok(cycle)
    }

    /// The cycle's setup: settings with their version, members in scope, the rest of the member
    /// register, commitments. `None` for an unknown cycle.
    pub async fn cycle_setup(&self, name: &str) -> Result<Option<CycleSetup>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let (id, cycle, version) = match cycle_row(&mut tx, name).await {
            Ok(found) => found,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let members = scoped_members(&mut tx, id).await?;
        let (_, required_coders) = crate::rubric::cycle_id(&mut tx, name).await?;
        let register: Vec<(String, String)> = sqlx::query_as(
            "SELECT m.name, m.code FROM member m WHERE NOT EXISTS \
             (SELECT 1 FROM cycle_member cm WHERE cm.cycle_id = $1 AND cm.member_id = m.id) \
             ORDER BY m.name",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading the member register")?;
        let mut commitments: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT code, area, title, position FROM commitment WHERE cycle_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading the cycle's commitments")?;
        tx.commit().await.ctx("ending a read")?;
        commitments.sort_by(|a, b| codec::code_order(&a.0, &b.0).then(a.3.cmp(&b.3)));
        Ok(Some(CycleSetup {
            cycle,
            version,
            required_coders,
            members: members.into_iter().map(|(_, m)| m).collect(),
            register: register
                .into_iter()
                .map(|(name, code)| Member { name, code })
                .collect(),
            commitments: commitments
                .into_iter()
                .map(|(code, area, title, _)| CommitmentListing { code, area, title })
                .collect(),
        }))
    }

    /// Changes the cycle's name, kind, period, convention, institution and summit, if
    /// `version` is still the cycle's; `Stale` otherwise. Returns the new version.
    pub async fn update_cycle_settings(
        &self,
        name: &str,
        version: i64,
        wanted: &Cycle,
        actor: &str,
    ) -> Result<i64, StoreError> {
        self.update_cycle_setup(name, version, wanted, None, actor)
            .await
    }

    /// [`Store::update_cycle_settings`], and the number of independent codings each assessment
    /// requires when `required_coders` is given (1 to [`MAX_REQUIRED_CODERS`]; `InvalidField`
    /// on `required_coders` otherwise), in the same transaction and version.
    pub async fn update_cycle_setup(
        &self,
        name: &str,
        version: i64,
        wanted: &Cycle,
        required_coders: Option<u8>,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let wanted = valid_cycle(wanted)?;
        if let Some(n) = required_coders {
            valid_coders(name, n)?;
        }
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (id, before, current) = cycle_row(&mut tx, name).await?;
        if current != version {
            return Err(stale(&format!("cycle `{name}`"), current));
        }
        let (_, coders_before) = crate::rubric::cycle_id(&mut tx, name).await?;
        let coders_after = required_coders.unwrap_or(coders_before);
        if wanted.name != before.name && cycle::find(&mut tx, &wanted.name).await?.is_some() {
            return Err(invalid(
                name,
                "name",
                format!("a cycle called `{}` exists already", wanted.name),
            ));
        }
        let (institution, summit) = cycle::place(&mut tx, &wanted).await.map_err(as_field)?;
        sqlx::query(
            "UPDATE cycle SET name = $2, kind = $3, period_start = $4, period_end = $5, \
                    convention = $6, institution_id = $7, summit_id = $8, version = version + 1 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&wanted.name)
        .bind(wanted.kind.map(|k| k.as_str()))
        .bind(wanted.period.map(|p| codec::date_text(p.start)))
        .bind(wanted.period.map(|p| codec::date_text(p.end)))
        .bind(wanted.convention.as_str())
        .bind(institution)
        .bind(summit)
        .execute(&mut *tx)
        .await
        .ctx("updating a cycle")?;
        if coders_after != coders_before {
            sqlx::query("UPDATE cycle SET required_coders = $2 WHERE id = $1")
                .bind(id)
                .bind(i64::from(coders_after))
                .execute(&mut *tx)
                .await
                .ctx("setting the required coders")?;
        }
        if wanted.summit != before.summit || wanted.institution != before.institution {
            // Source documents belong to a summit: the commitments follow the cycle's.
            institution::relink_sources(&mut tx, id).await?;
        }
        audit::record_and_commit(
            tx,
            actor,
            "cycle.update",
            &before.name,
            json!({
                "before": {"cycle": cycle::describe(&before), "version": current,
                           "required_coders": coders_before},
                "after": {"cycle": cycle::describe(&wanted), "version": current + 1,
                          "required_coders": coders_after},
            }),
            "committing the cycle's settings",
        )
        .await?;
        Ok(current + 1)
    }

    /// Sets the members in the cycle's scope to `codes`, in that order, if `version` is still
    /// the cycle's. New members get a not-yet-assessed assessment of every commitment; a member
    /// whose assessments hold work is refused removal (`InvalidField` on `members`), so no
    /// work is lost. Returns the new version.
    pub async fn set_cycle_members(
        &self,
        name: &str,
        version: i64,
        codes: &[String],
        actor: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (id, _, current) = cycle_row(&mut tx, name).await?;
        if current != version {
            return Err(stale(&format!("cycle `{name}`"), current));
        }
        let before = scoped_members(&mut tx, id).await?;
        let mut wanted: Vec<(i64, Member)> = Vec::with_capacity(codes.len());
        for code in codes {
            let code = code.trim();
            let row: Option<(i64, String, String)> =
                sqlx::query_as("SELECT id, name, code FROM member WHERE code = $1 OR key = $2")
                    .bind(code.to_uppercase())
                    .bind(pledgewatch_domain::names::member_key(code))
                    .fetch_optional(&mut *tx)
                    .await
                    .ctx("looking up a member")?;
            let Some((member, member_name, member_code)) = row else {
                return Err(invalid(
                    name,
                    "members",
                    format!("`{code}` is not in the member register"),
                ));
            };
            if wanted.iter().any(|(m, _)| *m == member) {
                return Err(invalid(
                    name,
                    "members",
                    format!("{member_name} is listed twice"),
                ));
            }
            wanted.push((
                member,
                Member {
                    name: member_name,
                    code: member_code,
                },
            ));
        }
        for (member, scoped) in &before {
            if wanted.iter().any(|(m, _)| m == member) {
                continue;
            }
            if scoped.has_work {
                return Err(invalid(
                    name,
                    "members",
                    format!(
                        "{} cannot leave the cycle: its assessments hold scores, evidence or \
                         reviews; clear them first",
                        scoped.member.name
                    ),
                ));
            }
            for (sql, what) in [
                (
                    "DELETE FROM assignment WHERE member_id = $2 AND commitment_id IN \
                     (SELECT id FROM commitment WHERE cycle_id = $1)",
                    "removing a member's assignments",
                ),
                (
                    "DELETE FROM assessment_review WHERE member_id = $2 AND commitment_id IN \
                     (SELECT id FROM commitment WHERE cycle_id = $1)",
                    "removing a member's empty reviews",
                ),
                (
                    "DELETE FROM assessment WHERE member_id = $2 AND commitment_id IN \
                     (SELECT id FROM commitment WHERE cycle_id = $1)",
                    "removing a member's assessments",
                ),
                (
                    "DELETE FROM cycle_member WHERE cycle_id = $1 AND member_id = $2",
                    "removing a member from a cycle",
                ),
            ] {
                sqlx::query(sql)
                    .bind(id)
                    .bind(member)
                    .execute(&mut *tx)
                    .await
                    .ctx(what)?;
            }
        }
        for (position, (member, _)) in wanted.iter().enumerate() {
            sqlx::query(
                "INSERT INTO cycle_member (cycle_id, member_id, position) VALUES ($1, $2, $3) \
                 ON CONFLICT (cycle_id, member_id) DO UPDATE SET position = excluded.position",
            )
            .bind(id)
            .bind(member)
            .bind(
                i64::try_from(position)
                    .unwrap_or(i64::MAX)
                    .saturating_add(1),
            )
            .execute(&mut *tx)
            .await
            .ctx("placing a member in a cycle")?;
        }
        fill_assessments(&mut tx, id).await?;
        bump_cycle(&mut tx, id, name, version).await?;
        let before: Vec<Member> = before.into_iter().map(|(_, m)| m.member).collect();
        let after: Vec<Member> = wanted.into_iter().map(|(_, m)| m).collect();
        audit::record_and_commit(
            tx,
            actor,
            "cycle.members",
            name,
            json!({
                "before": {"members": describe_members(&before), "version": version},
                "after": {"members": describe_members(&after), "version": version + 1},
            }),
            "committing the cycle's members",
        )
        .await?;
        Ok(version + 1)
    }

    /// Adds a commitment to the cycle, with a not-yet-assessed assessment for every member in
    /// scope. A code the cycle already has is an `InvalidField` on `code`.
    pub async fn add_cycle_commitment(
        &self,
        cycle: &str,
        draft: &CommitmentDraft,
        actor: &str,
    ) -> Result<CommitmentDraft, StoreError> {
        let draft = valid_draft(cycle, draft)?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (cycle_id, _, _) = cycle_row(&mut tx, cycle).await?;
        if commitment_row(&mut tx, cycle_id, &draft.code)
            .await?
            .is_some()
        {
            return Err(invalid(
                &format!("{cycle}/{}", draft.code),
                "code",
                format!("the cycle has a commitment {} already", draft.code),
            ));
        }
        let mut registry = Registry::default();
        let (director, lead) = people(&mut tx, &mut registry, &draft).await?;
        let document =
            institution::source_document(&mut tx, cycle_id, &as_commitment(&draft)).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO commitment (cycle_id, code, area, title, text, source, director_id, \
                                     lead_analyst_id, published_average, has_chapter, \
                                     source_document_id, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 1, $9, \
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM commitment WHERE cycle_id = $1)) \
             RETURNING id",
        )
        .bind(cycle_id)
        .bind(&draft.code)
        .bind(&draft.area)
        .bind(&draft.title)
        .bind(&draft.text)
        .bind(&draft.source)
        .bind(director)
        .bind(lead)
        .bind(document)
        .fetch_one(&mut *tx)
        .await
        .ctx("adding a commitment")?;
        write_sections(&mut tx, id, &draft.sections).await?;
        fill_assessments(&mut tx, cycle_id).await?;
        audit::record_and_commit(
            tx,
            actor,
            "commitment.create",
            &format!("{cycle}/{}", draft.code),
            json!({"before": null, "after": describe_draft(&draft, 1)}),
            "committing the new commitment",
        )
        .await?;
        Ok(draft)
    }

    /// The working copy of commitment `code` of `cycle` and its version; `None` when unknown.
    pub async fn commitment_draft(
        &self,
        cycle: &str,
        code: &str,
    ) -> Result<Option<(CommitmentDraft, i64)>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let (cycle_id, _, _) = match cycle_row(&mut tx, cycle).await {
            Ok(found) => found,
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let found = match commitment_row(&mut tx, cycle_id, code).await? {
            Some((id, version)) => Some((read_draft(&mut tx, id).await?, version)),
            None => None,
        };
        tx.commit().await.ctx("ending a read")?;
        Ok(found)
    }

    /// Replaces the commitment's working copy (code, texts, people, sections) if `version` is
    /// still the commitment's; `Stale` otherwise. Returns the new version.
    pub async fn update_commitment_draft(
        &self,
        cycle: &str,
        code: &str,
        version: i64,
        draft: &CommitmentDraft,
        actor: &str,
    ) -> Result<i64, StoreError> {
        let draft = valid_draft(cycle, draft)?;
        let object = format!("{cycle}/{code}");
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (cycle_id, _, _) = cycle_row(&mut tx, cycle).await?;
        let (id, current) = commitment_row(&mut tx, cycle_id, code)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("cycle `{cycle}` has no commitment `{code}`"))
            })?;
        if current != version {
            return Err(stale(&format!("commitment {code}"), current));
        }
        if draft.code != code
            && commitment_row(&mut tx, cycle_id, &draft.code)
                .await?
                .is_some()
        {
            return Err(invalid(
                &object,
                "code",
                format!("the cycle has a commitment {} already", draft.code),
            ));
        }
        let before = read_draft(&mut tx, id).await?;
        let mut registry = Registry::default();
        let (director, lead) = people(&mut tx, &mut registry, &draft).await?;
        let document =
            institution::source_document(&mut tx, cycle_id, &as_commitment(&draft)).await?;
        let done = sqlx::query(
            "UPDATE commitment SET code = $3, area = $4, title = $5, text = $6, source = $7, \
                    director_id = $8, lead_analyst_id = $9, source_document_id = $10, \
                    has_chapter = 1, version = version + 1 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(&draft.code)
        .bind(&draft.area)
        .bind(&draft.title)
        .bind(&draft.text)
        .bind(&draft.source)
        .bind(director)
        .bind(lead)
        .bind(document)
        .execute(&mut *tx)
        .await
        .ctx("updating a commitment")?
        .rows_affected();
        if done == 0 {
            return Err(stale(&format!("commitment {code}"), current));
        }
        // The old text may have named another source.
        institution::prune_sources(&mut tx).await?;
        sqlx::query("DELETE FROM section WHERE commitment_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .ctx("removing a commitment's old sections")?;
        write_sections(&mut tx, id, &draft.sections).await?;
        audit::record_and_commit(
            tx,
            actor,
            "commitment.update",
            &object,
            json!({
                "before": describe_draft(&before, version),
                "after": describe_draft(&draft, version + 1),
            }),
            "committing the commitment",
        )
        .await?;
        Ok(version + 1)
    }
}

/// A summit without a year (or without its institution) is the settings form's problem, on the
/// summit field.
fn as_field(e: StoreError) -> StoreError {
    match e {
        StoreError::InvalidCycle(message) => StoreError::InvalidField {
            object: "cycle".to_string(),
            field: "summit",
            message,
        },
        other => other,
    }
}

/// (id, version) of commitment `code` of the cycle.
async fn commitment_row(
    conn: &mut Conn,
    cycle: i64,
    code: &str,
) -> Result<Option<(i64, i64)>, StoreError> {
    sqlx::query_as("SELECT id, version FROM commitment WHERE cycle_id = $1 AND code = $2")
        .bind(cycle)
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
        .ctx("looking up a commitment")
}

async fn read_draft(conn: &mut Conn, id: i64) -> Result<CommitmentDraft, StoreError> {
    let (code, area, title, text, source, director, lead): (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT c.code, c.area, c.title, c.text, c.source, d.spelling, l.spelling \
         FROM commitment c \
         LEFT JOIN person_variant d ON d.id = c.director_id \
         LEFT JOIN person_variant l ON l.id = c.lead_analyst_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await
    .ctx("reading a commitment")?;
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, text FROM section WHERE commitment_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .ctx("reading a commitment's sections")?;
    // An imported chapter may repeat a kind; the working copy keeps one text per kind.
    let mut sections: Vec<Section> = Vec::new();
    for (kind, text) in rows {
        let kind = SectionKind::from_key(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("section kind `{kind}`")))?;
        match sections.iter_mut().find(|s| s.kind == kind) {
            Some(s) => {
                s.text.push_str("\n\n");
                s.text.push_str(&text);
            }
            None => sections.push(Section { kind, text }),
        }
    }
    sections.sort_by_key(|s| s.kind);
    Ok(CommitmentDraft {
        code,
        area,
        title,
        text,
        source,
        director,
        lead_analyst: lead,
        sections,
    })
}

async fn write_sections(
    conn: &mut Conn,
    commitment: i64,
    sections: &[Section],
) -> Result<(), StoreError> {
    for (position, s) in sections.iter().enumerate() {
        sqlx::query(
            "INSERT INTO section (commitment_id, position, kind, text) VALUES ($1, $2, $3, $4)",
        )
        .bind(commitment)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(s.kind.key())
        .bind(&s.text)
        .execute(&mut *conn)
        .await
        .ctx("writing a commitment's sections")?;
    }
    Ok(())
}

async fn people(
    conn: &mut Conn,
    registry: &mut Registry,
    draft: &CommitmentDraft,
) -> Result<(Option<i64>, Option<i64>), StoreError> {
    let director = registry
        .optional_person(conn, draft.director.as_deref())
        .await?;
    let lead = registry
        .optional_person(conn, draft.lead_analyst.as_deref())
        .await?;
    Ok((director, lead))
}

fn as_commitment(draft: &CommitmentDraft) -> Commitment {
    Commitment {
        code: draft.code.clone(),
        area: draft.area.clone(),
        title: draft.title.clone(),
        text: draft.text.clone(),
        source: draft.source.clone(),
    }
}

/// The draft checked field by field: code and title required, names on one line, one section
/// per kind in `SectionKind` order, empty sections and people dropped.
fn valid_draft(cycle: &str, draft: &CommitmentDraft) -> Result<CommitmentDraft, StoreError> {
    let object = format!("{cycle}/{}", draft.code.trim());
    let person = |field: &'static str, name: &Option<String>| -> Result<_, StoreError> {
        let name = name_field(&object, field, name.as_deref().unwrap_or(""), false)?;
        Ok((!name.is_empty()).then_some(name))
    };
    let mut sections: Vec<Section> = Vec::new();
    for s in &draft.sections {
        if sections.iter().any(|k| k.kind == s.kind) {
            return Err(invalid(
                &object,
                "sections",
                format!("{} is given twice", s.kind.heading()),
            ));
        }
        let text = s.text.trim();
        if !text.is_empty() {
            sections.push(Section {
                kind: s.kind,
                text: text.to_string(),
            });
        }
    }
    sections.sort_by_key(|s| s.kind);
    Ok(CommitmentDraft {
        code: name_field(&object, "code", &draft.code, true)?,
        area: name_field(&object, "area", &draft.area, false)?,
        title: name_field(&object, "title", &draft.title, true)?,
        text: draft.text.trim().to_string(),
        source: name_field(&object, "source", &draft.source, false)?,
        director: person("director", &draft.director)?,
        lead_analyst: person("lead_analyst", &draft.lead_analyst)?,
        sections,
    })
}

fn describe_draft(draft: &CommitmentDraft, version: i64) -> serde_json::Value {
    json!({
        "code": draft.code,
        "area": draft.area,
        "title": draft.title,
        "text": draft.text,
        "source": draft.source,
        "director": draft.director,
        "lead_analyst": draft.lead_analyst,
        "sections": draft.sections.iter()
            .map(|s| json!({"kind": s.kind.key(), "text": s.text}))
            .collect::<Vec<_>>(),
        "version": version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use pledgewatch_domain::PercentConvention;

    fn cycle(name: &str) -> Cycle {
        Cycle {
            name: name.to_string(),
            kind: None,
            period: None,
            convention: PercentConvention::Rescaled,
            institution: Some(" G7 ".to_string()),
            summit: None,
        }
    }

    #[test]
    fn cycles_are_checked_field_by_field() {
        assert!(matches!(
            valid_cycle(&cycle("  ")),
            Err(StoreError::InvalidField { field: "name", .. })
        ));
        let ok = valid_cycle(&cycle(" A cycle ")).unwrap();
        assert_eq!(ok.name, "A cycle");
        assert_eq!(ok.institution.as_deref(), Some("G7"));
        assert_eq!(ok.summit, None);
        let reversed = Cycle {
            period: Some(Period {
                start: date(2025, 5, 1),
                end: date(2024, 5, 1),
            }),
            ..cycle("B")
        };
        assert!(matches!(
            valid_cycle(&reversed),
            Err(StoreError::InvalidField {
                field: "period_end",
                ..
            })
        ));
    }

    #[test]
    fn drafts_keep_one_section_per_kind_in_order() {
        let draft = CommitmentDraft {
            code: " 4 ".into(),
            title: "T".into(),
            director: Some("  ".into()),
            sections: vec![
                Section {
                    kind: SectionKind::ScoringGuidelines,
                    text: "s".into(),
                },
                Section {
                    kind: SectionKind::Background,
                    text: " b ".into(),
                },
                Section {
                    kind: SectionKind::DefinitionsAndConcepts,
                    text: " ".into(),
                },
            ],
            ..CommitmentDraft::default()
        };
        let ok = valid_draft("c", &draft).unwrap();
        assert_eq!(ok.code, "4");
        assert_eq!(ok.director, None);
        let kinds: Vec<_> = ok.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [SectionKind::Background, SectionKind::ScoringGuidelines]
        );
        let twice = CommitmentDraft {
            sections: vec![draft.sections[0].clone(), draft.sections[0].clone()],
            ..draft.clone()
        };
        assert!(matches!(
            valid_draft("c", &twice),
            Err(StoreError::InvalidField {
                field: "sections",
                ..
            })
        ));
        let untitled = CommitmentDraft {
            title: String::new(),
            ..draft
        };
        assert!(matches!(
            valid_draft("c", &untitled),
            Err(StoreError::InvalidField { field: "title", .. })
        ));
    }
}
