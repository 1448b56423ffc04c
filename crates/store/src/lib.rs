//! Pledgewatch's persistence: institutions, summits, cycles, members, people, source documents,
//! chapters, score cells and the audit trail.
//!
//! Invariant: this is the only crate that knows SQL. It takes and returns domain values
//! (`Chapter`, `Cycle`, `ScoreMatrix`, …) and reloads a chapter exactly as it was imported.
//! Every write and its audit record go in one transaction, so a failed import changes nothing,
//! and nothing changes without an audit record: the newest record's id ([`Store::last_change`])
//! is a change token that caches can key on.
//!
//! The dialect-specific parts (connecting, pragmas, migrations, how a write transaction starts)
//! live in `sqlite`; the queries use the SQL that SQLite and PostgreSQL share.

mod account;
mod admin;
mod assessment;
mod audit;
mod codec;
mod coding;
mod cycle;
mod cycle_setup;
mod dataset;
mod edition;
mod error;
mod health;
mod import;
mod institution;
mod load;
mod people;
mod plan;
mod plan_edit;
mod read;
mod rubric;
mod sheet;
mod sqlite;

use pledgewatch_domain::{
    Chapter, Cycle, Institution, Member, Person, ScoreMatrix, SourceDocument,
};

pub use account::{
    Account, AccountChange, ApiTokenRow, AssignmentRow, MIN_PASSWORD_CHARS, NewSession,
    SESSION_HOURS, SessionActor, decoy_hash, hash_password, random_token, verify_password,
};
pub use admin::{
    DocumentInput, DocumentRow, InstitutionRow, MemberInput, MemberRow, MembershipInput,
    MembershipRow, SummitInput, SummitRow,
};
pub use assessment::{
    AssessmentDraft, AssessmentText, CitationEntry, CitationInput, EvidenceCodes, EvidenceEntry,
    EvidenceInput, ReturnNote, ReviewStatus,
};
pub use audit::{AUDIT_PAGE_MAX, AuditExport, AuditFilter, AuditPage, AuditRecord, ObjectFilter};
pub use coding::{AssessmentState, CodingInput};
pub use cycle_setup::{
    CommitmentDraft, CommitmentListing, CycleSetup, MAX_REQUIRED_CODERS, ScopedMember,
};
pub use dataset::DatasetImport;
pub use edition::{Edition, EditionSummary, PendingAssessment};
pub use error::StoreError;
pub use import::ChapterImport;
pub use plan::{MeasureLink, PlanImport, PlanSummary};
pub use plan_edit::{
    MeasureInput, PlanInput, SectionInput, StatusEntry, parse_evidence_ref, parse_status,
};
pub use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};
pub use read::CycleSummary;
pub use rubric::RubricVersionInfo;
pub use sheet::{ScoreSheetInput, ScoresImport};

use crate::cycle::Merge;
use crate::error::Context;
use crate::people::Registry;

/// A handle on the database; cheap to clone, safe to share between tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pool: sqlite::Pool,
}

impl Store {
    /// Opens the database at `path` (a file, created if missing, or `sqlite::memory:`), brings
    /// its schema up to date and puts a file database in WAL mode.
    pub async fn open(path: &str) -> Result<Store, StoreError> {
        Ok(Store {
            pool: sqlite::open(path).await?,
        })
    }

    /// Closes every connection, checkpointing the write-ahead log.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The journal mode in force: `wal` for a file database, `memory` for an in-memory one.
    pub async fn journal_mode(&self) -> Result<String, StoreError> {
        sqlite::journal_mode(&self.pool).await
    }

    /// True when the database holds no cycle.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM cycle LIMIT 1")
            .fetch_optional(&self.pool)
            .await
            .ctx("checking for cycles")?;
        Ok(any.is_none())
    }

    /// Creates the cycle, or sets its kind, period and convention exactly as given.
    pub async fn upsert_cycle(&self, cycle: &Cycle, actor: &str) -> Result<(), StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        cycle::ensure(&mut tx, cycle, Merge::Replace, actor).await?;
        tx.commit().await.ctx("committing the cycle")
    }

    /// Imports the chapters of one command in one transaction: all of them or none.
    ///
    /// The cycle is created if missing; if present, its kind and period are filled in where
    /// `cycle` gives them (its convention is `upsert_cycle`'s business). For each chapter, in
    /// order, one [`ChapterImport`]: `Unchanged` (nothing written, no audit record) when the
    /// cycle holds exactly this chapter, else the chapter is written whole, replacing any
    /// earlier version, with an audit record.
    pub async fn import_chapters(
        &self,
        cycle: &Cycle,
        chapters: &[Chapter],
        actor: &str,
    ) -> Result<Vec<ChapterImport>, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = cycle::ensure(&mut tx, cycle, Merge::Fill, actor).await?;
        let mut registry = Registry::default();
        let mut outcomes = Vec::with_capacity(chapters.len());
        for chapter in chapters {
            outcomes.push(
                import::chapter(&mut tx, &mut registry, (id, &cycle.name), chapter, actor).await?,
            );
        }
        // An imported chapter is a published report's: readers see it as a new edition.
        if outcomes.iter().any(|o| *o != ChapterImport::Unchanged) {
            edition::publish_import(&mut tx, id, actor).await?;
        }
        tx.commit().await.ctx("committing the import")?;
        Ok(outcomes)
    }

    /// Imports a score sheet in one transaction: sets the cells it gives (and only those; a
    /// cell given as not yet assessed clears the stored score),
    /// creates the commitments the cycle lacks (without a chapter), and records it in the audit
    /// trail when anything changed. The cycle is created or filled in as by `import_chapters`.
    pub async fn import_scores(
        &self,
        cycle: &Cycle,
        sheet: &ScoreSheet,
        actor: &str,
    ) -> Result<ScoresImport, StoreError> {
        let mut tx = sqlite::begin_write(&self.pool).await?;
        let id = cycle::ensure(&mut tx, cycle, Merge::Fill, actor).await?;
        let mut registry = Registry::default();
        let report = sheet::import(&mut tx, &mut registry, (id, &cycle.name), sheet, actor).await?;
        // Imported scores are a published report's: readers see them as a new edition.
        if report.cells_set + report.commitments_created > 0 {
            edition::publish_import(&mut tx, id, actor).await?;
        }
        tx.commit().await.ctx("committing the score sheet")?;
        Ok(report)
    }

    /// Every cycle with its counts, by name.
    pub async fn cycles(&self) -> Result<Vec<CycleSummary>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        read::summaries(&mut conn).await
    }

    /// The cycle called `name`, with its institution and summit.
    pub async fn cycle(&self, name: &str) -> Result<Option<Cycle>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        Ok(cycle::find(&mut conn, name).await?.map(|(_, c)| c))
    }

    /// Table B of the cycle: members in the cycle's order, commitments in code order ("2"
    /// before "10"), each cell the current verdict (not yet assessed where none is stored).
    pub async fn score_matrix(&self, cycle: &str) -> Result<Option<ScoreMatrix>, StoreError> {
        // One statement, hence one consistent snapshot without a transaction around it.
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        read::matrix(&mut conn, cycle).await
    }

    /// Every chapter of the cycle, in code order, exactly as imported. Commitments known only
    /// from a score sheet have no chapter and are not listed. Empty for an unknown cycle.
    pub async fn chapters(&self, cycle: &str) -> Result<Vec<Chapter>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Ok(Vec::new());
        };
        let chapters = load::chapters(&mut tx, id, None).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(chapters.into_iter().map(|(_, c)| c).collect())
    }

    /// The chapter of commitment `code` in the cycle, exactly as imported.
    pub async fn chapter(&self, cycle: &str, code: &str) -> Result<Option<Chapter>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Ok(None);
        };
        let commitment: Option<i64> =
            sqlx::query_scalar("SELECT id FROM commitment WHERE cycle_id = $1 AND code = $2")
                .bind(id)
                .bind(code)
                .fetch_optional(&mut *tx)
                .await
                .ctx("looking up a commitment")?;
        let Some(commitment) = commitment else {
            return Ok(None);
        };
        let mut chapters = load::chapters(&mut tx, id, Some(commitment)).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(chapters.pop().map(|(_, c)| c))
    }

    /// The cycle's members in its order; empty for an unknown cycle.
    pub async fn members(&self, cycle: &str) -> Result<Vec<Member>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Ok(Vec::new());
        };
        let members = read::members(&mut tx, id).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(members)
    }

    /// Every institution, by name.
    pub async fn institutions(&self) -> Result<Vec<Institution>, StoreError> {
        let mut conn = self.pool.acquire().await.ctx("getting a connection")?;
        institution::institutions(&mut conn).await
    }

    /// The people who signed the cycle's chapters (compliance directors, lead analysts,
    /// analysts), each once with the other spellings of their name, in the order the chapters
    /// name them; empty for an unknown cycle.
    pub async fn people(&self, cycle: &str) -> Result<Vec<Person>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Ok(Vec::new());
        };
        let people = people::of_cycle(&mut tx, id).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(people)
    }

    /// The documents the cycle's commitments are quoted from, each once, in commitment order;
    /// empty for an unknown cycle.
    pub async fn source_documents(&self, cycle: &str) -> Result<Vec<SourceDocument>, StoreError> {
        let mut tx = sqlite::begin_read(&self.pool).await?;
        let Some((id, _)) = cycle::find(&mut tx, cycle).await? else {
            return Ok(Vec::new());
        };
        let documents = institution::source_documents(&mut tx, id).await?;
        tx.commit().await.ctx("ending a read")?;
        Ok(documents)
    }

    /// The id of the newest audit record, 0 when there is none. Every change writes one, so this
    /// number changes exactly when the data may have: a cheap key for caches.
    pub async fn last_change(&self) -> Result<i64, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM audit")
            .fetch_one(&self.pool)
            .await
            .ctx("reading the newest audit record")?;
        Ok(id.unwrap_or(0))
    }

    /// The newest `limit` audit records, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditRecord>, StoreError> {
        audit::latest(&self.pool, limit).await
    }

    /// One page of the audit records matching `filter`, newest first: `limit` (1 to
    /// [`AUDIT_PAGE_MAX`]) records with an id below `before_id`, and where the next page starts.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<AuditPage, StoreError> {
        audit::page(&self.pool, filter, before_id, limit).await
    }

    /// Every audit record matching `filter`, newest first, read in batches.
    pub fn audit_export(&self, filter: AuditFilter) -> AuditExport {
        AuditExport::new(self.pool.clone(), filter)
    }

    /// The people and the kinds of change the audit trail holds, each once, sorted.
    pub async fn audit_choices(&self) -> Result<(Vec<String>, Vec<String>), StoreError> {
        audit::choices(&self.pool).await
    }
}
