//! The JSON dataset's two ends in the store: the working copy read whole (cycle, chapters and
//! score matrix from one read transaction, so a report or an export never mixes two states), and
//! one cycle of a dataset written back in one transaction (its members in order, its chapters,
//! then every stored score, chapters or not).

use pledgewatch_domain::edition::Snapshot;
use pledgewatch_domain::names::member_key;
use pledgewatch_domain::sheet::ScoreSheet;
use pledgewatch_domain::{Chapter, Cycle, Member};
use serde_json::json;

use crate::cycle::{self, Merge};
use crate::error::{Context, StoreError};
use crate::import::{self, ChapterImport};
use crate::people::{Registry, member_by_key};
use crate::sheet::{self, ScoresImport};
use crate::sqlite::{self, Conn};
use crate::{Store, audit, edition};

/// What importing one cycle of a dataset did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetImport {
    /// One outcome per chapter, in the order given.
    pub chapters: Vec<ChapterImport>,
    /// The stored scores set from the dataset (after the chapters' own).
    pub scores: ScoresImport,
    /// Members the cycle did not have before, from the dataset's member list.
    pub members_added: usize,
}

impl DatasetImport {
    /// True when the import wrote anything.
    pub fn changed(&self) -> bool {
        self.members_added > 0
            || self.chapters.iter().any(|c| *c != ChapterImport::Unchanged)
            || self.scores.cells_set + self.scores.commitments_created + self.scores.members_added
                > 0
    }
}

impl Store {
    /// The working copy of the cycle as one consistent snapshot (cycle, chapters, Table B with
    /// the members' codes); `None` for an unknown cycle.
    pub async fn working_snapshot(&self, cycle: &str) -> Result<Option<Snapshot>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let snapshot = edition::working_snapshot(&mut tx, cycle).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(snapshot.map(|(_, s)| s))
    }

    /// Imports one cycle of a JSON dataset in one transaction: the cycle (created, or filled in
    /// as by `import_chapters`), its `members` in the order given (a member new to the database
    /// keeps the dataset's code when no other member has it), the `chapters` as
    /// `import_chapters` writes them, then `scores` as `import_scores` sets them (the stored
    /// score of every listed cell, a score corrected after the chapter included, and the
    /// commitments known only from a score sheet). Publishes an edition when anything changed.
    pub async fn import_dataset_cycle(
        &self,
        cycle: &Cycle,
        members: &[Member],
        chapters: &[Chapter],
        scores: &ScoreSheet,
        actor: &str,
    ) -> Result<DatasetImport, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = cycle::ensure(&mut tx, cycle, Merge::Fill, actor).await?;
        let mut registry = Registry::default();
        let mut joined = Vec::new();
        for m in members {
            if member_by_key(&mut tx, &member_key(&m.name))
                .await?
                .is_none()
            {
                create_member(&mut tx, m).await?;
            }
            let member = registry.member(&mut tx, &m.name).await?;
            if registry.join_cycle(&mut tx, id, member).await? {
                joined.push(m.name.clone());
            }
        }
        let mut outcome = DatasetImport {
            chapters: Vec::with_capacity(chapters.len()),
            scores: ScoresImport::default(),
            members_added: joined.len(),
        };
        for chapter in chapters {
            outcome.chapters.push(
                import::chapter(&mut tx, &mut registry, (id, &cycle.name), chapter, actor).await?,
            );
        }
        outcome.scores =
            sheet::import(&mut tx, &mut registry, (id, &cycle.name), scores, actor).await?;
        if !joined.is_empty() {
            audit::record(
                &mut tx,
                actor,
                "dataset.import",
                &cycle.name,
                json!({ "before": null, "after": { "members_joined": joined } }),
            )
            .await?;
        }
        // A dataset holds published reports: readers see it as a new edition, as after an import.
        if outcome.changed() {
            edition::publish_import(&mut tx, id, actor).await?;
        }
        tx.commit().await.ctx("committing the dataset")?;
        Ok(outcome)
    }
}

/// Adds `member` under its own code when that code is free; otherwise the registry gives it a
/// free default code when it is first looked up.
async fn create_member(conn: &mut Conn, member: &Member) -> Result<(), StoreError> {
    let code = member.code.trim();
    if code.is_empty() || member.name.trim().is_empty() {
        return Ok(());
    }
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM member WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
        .ctx("checking a member code")?;
    if taken.is_some() {
        return Ok(());
    }
    sqlx::query("INSERT INTO member (name, code, key) VALUES ($1, $2, $3)")
        .bind(&member.name)
        .bind(code)
        .bind(member_key(&member.name))
        .execute(&mut *conn)
        .await
        .ctx("adding a member")?;
    Ok(())
}
