//! The built-in demo cycle, loaded into an empty database by `serve` so the first page is not
//! empty. It goes through the real importer: the demo doubles as a smoke test of the pipeline.

use anyhow::{Context, Result};
use pledgewatch_domain::{Cycle, PercentConvention};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_store::Store;

/// Two short chapters written by us: the published scores of 2024 chapters 18 and 19, with
/// one-sentence summaries of actions in our own words.
pub const DEMO_REPORT: &str = include_str!("../demo/demo-report.md");

pub async fn load(store: &Store) -> Result<()> {
    let report = parse_report(DEMO_REPORT, &ParseOptions { period: None })
        .context("the demo report does not parse")?;
    let header = report.header.context("the demo report has no header")?;
    let cycle = Cycle {
        name: header.cycle_name,
        kind: header.kind,
        period: header.period,
        convention: PercentConvention::Rescaled,
        institution: header.institution,
        summit: header.summit.map(|s| s.name),
    };
    store
        .import_chapters(&cycle, &report.chapters, "demo")
        .await?;
    Ok(())
}
