//! The built-in demo cycle, loaded into an empty database by `serve` so the first page is not
//! empty. It goes through the real importer: the demo doubles as a smoke test of the pipeline.

use anyhow::{Context, Result};
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric};
use pledgewatch_domain::{Cycle, PercentConvention};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_store::{CodingInput, Store};

/// Two short chapters written by us: the published scores of 2024 chapters 18 and 19, with
/// one-sentence summaries of actions in our own words.
pub const DEMO_REPORT: &str = include_str!("../demo/demo-report.md");

/// The example rubrics of chapters 18 and 19 (chapter 19's as its table reads, gap and
/// overlaps included, so the checker has something to show).
pub const DEMO_RUBRICS: [(&str, &str); 2] = [
    (
        "18",
        include_str!("../../domain/rubrics/g7-2024-18-border-management.toml"),
    ),
    (
        "19",
        include_str!("../../domain/rubrics/g7-2024-19-smuggling.toml"),
    ),
];

/// Two coders on chapter 19: they agree on Canada (suggests its 0) and on the United States
/// (suggests 0 where the report gives +1: a departure), and disagree on the United Kingdom's
/// `disrupt`, which waits in the adjudication queue for the lead analyst, Demo Lead Two.
const DEMO_CODINGS: [(&str, &str, &str, EvidenceStrength); 6] = [
    (
        "Canada",
        "Demo Coder One",
        "prevent",
        EvidenceStrength::Strong,
    ),
    (
        "Canada",
        "Demo Coder Two",
        "prevent",
        EvidenceStrength::Strong,
    ),
    (
        "United States",
        "Demo Coder One",
        "dismantle",
        EvidenceStrength::Strong,
    ),
    (
        "United States",
        "Demo Coder Two",
        "dismantle",
        EvidenceStrength::Strong,
    ),
    (
        "United Kingdom",
        "Demo Coder One",
        "disrupt",
        EvidenceStrength::Strong,
    ),
    (
        "United Kingdom",
        "Demo Coder Two",
        "disrupt",
        EvidenceStrength::Weak,
    ),
];

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
    load_codings(store, &cycle.name).await
}

/// The rubrics, a cycle requiring two coders, and [`DEMO_CODINGS`], submitted; then a
/// corrected edition, since readers see the rubrics and codings an edition publishes.
async fn load_codings(store: &Store, cycle: &str) -> Result<()> {
    for (code, text) in DEMO_RUBRICS {
        let rubric = Rubric::from_toml_str(text)
            .with_context(|| format!("the demo rubric of commitment {code} does not read"))?;
        store.save_rubric(cycle, code, &rubric, "demo").await?;
    }
    store.set_required_coders(cycle, 2, "demo").await?;
    let codings: Vec<CodingInput> = DEMO_CODINGS
        .iter()
        .map(|&(member, coder, dimension, strength)| CodingInput {
            commitment: "19".to_string(),
            member: member.to_string(),
            coder: coder.to_string(),
            items: vec![CodedEvidence {
                evidence: 1,
                dimension: dimension.to_string(),
                strength,
            }],
        })
        .collect();
    store.save_codings(cycle, &codings, "demo").await?;
    for c in &codings {
        store
            .submit_coding(cycle, &c.commitment, &c.member, &c.coder, "demo")
            .await?;
    }
    store
        .publish_edition(
            cycle,
            EditionKind::Corrected,
            "the example rubrics and two coders' codings of commitment 19",
            "demo",
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use pledgewatch_domain::coding::Effective;

    use super::*;

    #[tokio::test]
    async fn the_demo_has_rubrics_suggestions_and_a_disagreement() {
        let store = Store::open("sqlite::memory:").await.expect("store opens");
        load(&store).await.expect("the demo loads");
        let cycle = "2024 G7 Apulia Summit Demo Final";
        let rubric = store
            .rubric(cycle, "19", None)
            .await
            .unwrap()
            .expect("rubric 19");
        assert!(store.rubric(cycle, "18", None).await.unwrap().is_some());
        let codings = store.cycle_codings(cycle).await.unwrap();
        let of = |member: &str| {
            codings
                .iter()
                .find(|(code, a)| code == "19" && a.member == member)
                .map(|(_, a)| a.effective(&rubric))
                .expect("assessment")
        };
        assert!(matches!(of("Canada"), Effective::Ready(_)));
        assert!(matches!(of("United States"), Effective::Ready(_)));
        assert_eq!(
            of("United Kingdom"),
            Effective::AwaitingAdjudication {
                dimensions: vec!["disrupt".to_string()]
            }
        );
        assert!(matches!(of("France"), Effective::Uncoded));
        // Published, so readers see them.
        let edition = store.latest_edition(cycle).await.unwrap().expect("edition");
        let published = &edition.snapshot.coding;
        assert!(published.rubric("18").is_some() && published.rubric("19").is_some());
        assert_eq!(
            published
                .assessment("19", "United Kingdom")
                .map(|a| a.codings.len()),
            Some(2)
        );
    }
}
