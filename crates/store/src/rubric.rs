//! Rubrics as versioned rows (one per saved change, the body as JSON) and the number of
//! independent coders a cycle requires.

use pledgewatch_domain::names::member_key;
use pledgewatch_domain::rubric::Rubric;
use serde_json::json;

use crate::error::{Context, StoreError};
use crate::sqlite::{self, Conn};
use crate::{Store, audit};

/// One saved version of a commitment's rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricVersionInfo {
    pub version: u32,
    pub saved_at: jiff::Timestamp,
    pub saved_by: String,
}

/// Fixed width (milliseconds, `Z`) so that the text sorts as the time does, as in the audit.
pub(crate) fn now_text() -> String {
    format!("{:.3}", jiff::Timestamp::now())
}

pub(crate) fn timestamp_from(text: &str, what: &str) -> Result<jiff::Timestamp, StoreError> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("{what}: `{text}` is not a timestamp")))
}

/// The cycle's id and required coders, or `NotFound`.
pub(crate) async fn cycle_id(conn: &mut Conn, cycle: &str) -> Result<(i64, u8), StoreError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, required_coders FROM cycle WHERE name = $1")
            .bind(cycle)
            .fetch_optional(&mut *conn)
            .await
            .ctx("looking up a cycle")?;
    let (id, required) =
        row.ok_or_else(|| StoreError::NotFound(format!("there is no cycle `{cycle}`")))?;
    Ok((id, u8::try_from(required).unwrap_or(u8::MAX)))
}

/// The commitment's id in the cycle, or `NotFound`.
pub(crate) async fn commitment_id(
    conn: &mut Conn,
    cycle: &str,
    code: &str,
) -> Result<i64, StoreError> {
    let (cycle_id, _) = cycle_id(conn, cycle).await?;
    let id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM commitment WHERE cycle_id = $1 AND code = $2")
            .bind(cycle_id)
            .bind(code)
            .fetch_optional(&mut *conn)
            .await
            .ctx("looking up a commitment")?;
    id.ok_or_else(|| StoreError::NotFound(format!("cycle `{cycle}` has no commitment `{code}`")))
}

/// The member's id and display name, when the commitment has an assessment of them.
pub(crate) async fn member_of(
    conn: &mut Conn,
    commitment: i64,
    code: &str,
    member: &str,
) -> Result<(i64, String), StoreError> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT m.id, m.name FROM assessment a JOIN member m ON m.id = a.member_id \
         WHERE a.commitment_id = $1 AND (m.key = $2 OR m.code = $3)",
    )
    .bind(commitment)
    .bind(member_key(member))
    .bind(member.trim().to_uppercase())
    .fetch_optional(&mut *conn)
    .await
    .ctx("looking up a member")?;
    row.ok_or_else(|| {
        StoreError::NotFound(format!(
            "commitment `{code}` has no assessment of member `{member}`"
        ))
    })
}

/// The newest rubric of a commitment (its `version` the stored one), or a given version.
pub(crate) async fn load(
    conn: &mut Conn,
    commitment: i64,
    version: Option<u32>,
) -> Result<Option<Rubric>, StoreError> {
    let row: Option<(i64, String)> = match version {
        None => sqlx::query_as(
            "SELECT version, body FROM rubric WHERE commitment_id = $1 \
             ORDER BY version DESC LIMIT 1",
        )
        .bind(commitment),
        Some(v) => sqlx::query_as(
            "SELECT version, body FROM rubric WHERE commitment_id = $1 AND version = $2",
        )
        .bind(commitment)
        .bind(i64::from(v)),
    }
    .fetch_optional(&mut *conn)
    .await
    .ctx("reading a rubric")?;
    row.map(|(version, body)| from_row(version, &body))
        .transpose()
}

pub(crate) fn from_row(version: i64, body: &str) -> Result<Rubric, StoreError> {
    let mut rubric: Rubric = serde_json::from_str(body).map_err(|e| {
        StoreError::Corrupt(format!("rubric version {version} is not a rubric: {e}"))
    })?;
    rubric.version = u32::try_from(version)
        .map_err(|_| StoreError::Corrupt(format!("rubric version {version} is out of range")))?;
    Ok(rubric)
}

impl Store {
    /// Saves `rubric` as the commitment's next version (latest + 1, or 1) after validating it,
    /// with an audit record; `rubric.version` is ignored. A rubric identical to the latest
    /// version writes nothing and returns that version.
    pub async fn save_rubric(
        &self,
        cycle: &str,
        commitment: &str,
        rubric: &Rubric,
        actor: &str,
    ) -> Result<u32, StoreError> {
        self.save_rubric_checked(cycle, commitment, None, rubric, actor)
            .await
    }

    /// Saves `rubric` as [`Store::save_rubric`] does, if the commitment's newest version is
    /// still `base` (`None`: it has no rubric yet): an editor who opened version 3 must not
    /// overwrite a version 4 saved meanwhile. `Stale` (nothing written) otherwise.
    pub async fn save_rubric_over(
        &self,
        cycle: &str,
        commitment: &str,
        base: Option<u32>,
        rubric: &Rubric,
        actor: &str,
    ) -> Result<u32, StoreError> {
        self.save_rubric_checked(cycle, commitment, Some(base), rubric, actor)
            .await
    }

    /// `expected`: the newest version the caller saw, when it asks for the check.
    async fn save_rubric_checked(
        &self,
        cycle: &str,
        commitment: &str,
        expected: Option<Option<u32>>,
        rubric: &Rubric,
        actor: &str,
    ) -> Result<u32, StoreError> {
        rubric.validate().map_err(|e| StoreError::InvalidRubric {
            commitment: commitment.to_string(),
            message: e.to_string(),
        })?;
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = commitment_id(&mut tx, cycle, commitment).await?;
        let latest = load(&mut tx, id, None).await?;
        let newest = latest.as_ref().map(|l| l.version);
        if let Some(expected) = expected
            && expected != newest
        {
            return Err(StoreError::Stale {
                object: format!("the rubric of commitment {commitment}"),
                current: newest.map_or(0, i64::from),
            });
        }
        if let Some(latest) = &latest {
            let mut same = rubric.clone();
            same.version = latest.version;
            if &same == latest {
                return Ok(latest.version);
            }
        }
        let version = latest.map_or(1, |l| l.version.saturating_add(1));
        let mut stored = rubric.clone();
        stored.version = version;
        let body = serde_json::to_string(&stored)
            .map_err(|e| StoreError::Corrupt(format!("cannot write the rubric as JSON: {e}")))?;
        sqlx::query(
            "INSERT INTO rubric (commitment_id, version, body, saved_at, saved_by) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i64::from(version))
        .bind(body)
        .bind(now_text())
        .bind(actor)
        .execute(&mut *tx)
        .await
        .ctx("writing a rubric")?;
        audit::record(
            &mut tx,
            actor,
            "rubric.save",
            &format!("{cycle}/{commitment}"),
            json!({
                "version": version,
                "before": {"version": newest},
                "after": {"version": version, "dimensions": stored.dimensions.iter()
                    .map(|d| d.key.as_str()).collect::<Vec<_>>()},
            }),
        )
        .await?;
        tx.commit().await.ctx("committing the rubric")?;
        Ok(version)
    }

    /// The commitment's rubric: the latest version when `version` is `None`. `Ok(None)` when
    /// the commitment has no rubric (or not that version); `NotFound` for an unknown commitment.
    pub async fn rubric(
        &self,
        cycle: &str,
        commitment: &str,
        version: Option<u32>,
    ) -> Result<Option<Rubric>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = commitment_id(&mut tx, cycle, commitment).await?;
        let rubric = load(&mut tx, id, version).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(rubric)
    }

    /// Every saved version of the commitment's rubric, oldest first.
    pub async fn rubric_history(
        &self,
        cycle: &str,
        commitment: &str,
    ) -> Result<Vec<RubricVersionInfo>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let id = commitment_id(&mut tx, cycle, commitment).await?;
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT version, saved_at, saved_by FROM rubric WHERE commitment_id = $1 \
             ORDER BY version",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .ctx("reading a rubric's history")?;
        tx.commit().await.ctx("ending a read")?;
        rows.into_iter()
            .map(|(version, at, by)| {
                Ok(RubricVersionInfo {
                    version: u32::try_from(version).map_err(|_| {
                        StoreError::Corrupt(format!("rubric version {version} is out of range"))
                    })?,
                    saved_at: timestamp_from(&at, "rubric saved_at")?,
                    saved_by: by,
                })
            })
            .collect()
    }

    /// Sets how many independent codings each assessment of the cycle requires (at least 1).
    pub async fn set_required_coders(
        &self,
        cycle: &str,
        n: u8,
        actor: &str,
    ) -> Result<(), StoreError> {
        if n == 0 {
            return Err(StoreError::InvalidCycle(
                "a cycle requires at least one coder".to_string(),
            ));
        }
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let (id, before) = cycle_id(&mut tx, cycle).await?;
        if before == n {
            return Ok(());
        }
        sqlx::query("UPDATE cycle SET required_coders = $2 WHERE id = $1")
            .bind(id)
            .bind(i64::from(n))
            .execute(&mut *tx)
            .await
            .ctx("setting the required coders")?;
        audit::record_and_commit(
            tx,
            actor,
            "cycle.coders",
            cycle,
            json!({
                "before": {"required_coders": before},
                "after": {"required_coders": n},
            }),
            "committing the required coders",
        )
        .await
    }

    /// How many independent codings each assessment of the cycle requires.
    pub async fn required_coders(&self, cycle: &str) -> Result<u8, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        Ok(cycle_id(&mut conn, cycle).await?.1)
    }
}
