//! `pledgewatch import dataset FILE.json`: reads back the JSON dataset that
//! `pledgewatch export --format json` writes (and the static site offers as `dataset.json`), so
//! that importing an export into an empty database and exporting again gives the same file.
//!
//! The file is read and checked whole by `pledgewatch_ingest::dataset` before anything is
//! written; each cycle then goes to the store in one transaction (its members, chapters and
//! every stored score, commitments without a chapter included). The export itself is built here
//! from the store's working copy, so `export` and `publish` write the same dataset.

use std::path::Path;

use anyhow::{Context, Result};
use pledgewatch_domain::edition::Snapshot;
use pledgewatch_ingest::dataset::parse_dataset;
use pledgewatch_store::Store;
use pledgewatch_web::dto;

use crate::commands::{ACTOR, json, open};

/// Reads, checks and imports a dataset file.
pub async fn import(db: &Path, file: &Path) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let cycles = parse_dataset(&bytes)
        .with_context(|| format!("{} is not a dataset export", file.display()))?;
    let store = open(db).await?;
    for c in &cycles {
        store
            .import_dataset_cycle(&c.cycle, &c.members, &c.chapters, &c.scores, ACTOR)
            .await
            .with_context(|| format!("importing cycle `{}`", c.cycle.name))?;
        println!(
            "{}: {} commitments imported ({} with a chapter)",
            c.cycle.name,
            c.scores.commitments.len(),
            c.chapters.len()
        );
    }
    Ok(())
}

/// The JSON dataset of one cycle as stored: every commitment of its score matrix, with the
/// chapter's text where there is one, and each assessment's stored score.
pub fn export_json(snapshot: &Snapshot) -> Result<String> {
    json(&dto::ExportDto {
        cycles: vec![dto::ExportCycle::new(
            &snapshot.cycle,
            &snapshot.chapters,
            &snapshot.matrix,
        )],
    })
}

/// The working copy of `name`, or an error naming the cycle.
pub async fn working_copy(store: &Store, name: &str) -> Result<Snapshot> {
    store
        .working_snapshot(name)
        .await?
        .with_context(|| format!("no cycle named `{name}` (see `pledgewatch cycles`)"))
}
