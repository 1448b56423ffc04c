//! Action plans: import (added, unchanged, replaced), periods, statuses with evidence links that
//! are validated and never copied, measure ↔ commitment links, and refusals that write nothing.

use jiff::civil::date;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Measure, Plan, PlanSection, ReportingPeriod,
    ReportingRhythm, SectionKind, StatusRecord,
};
use pledgewatch_store::{PlanImport, Store, StoreError};

use crate::fixture::{chapter, cycle, fresh, snapshot};

fn measure(code: &str, subs: &[&str]) -> Measure {
    Measure {
        code: code.to_string(),
        text: format!("Measure {code}: keep the lamps lit."),
        sub_measures: subs.iter().map(|s| measure(s, &[])).collect(),
    }
}

/// An invented plan: two priorities, the second with two sub-measures.
pub fn plan() -> Plan {
    Plan {
        institution: "Harbour Group".to_string(),
        title: "Harbour Group Priority Plan on Lighthouses for 2031".to_string(),
        adopted_on: Some(date(2031, 2, 3)),
        source: "Harbour Group Priority Plan on Lighthouses for 2031".to_string(),
        rhythm: ReportingRhythm::TwiceAYear,
        reviewed_by: Some("Keepers' Council".to_string()),
        members: vec!["Freedonia".to_string(), "Sylvania".to_string()],
        observers: vec!["Coast Agency".to_string()],
        sections: vec![
            PlanSection {
                kind: SectionKind::Priority,
                number: "1".to_string(),
                title: "Lamps".to_string(),
                text: "1. Lamps".to_string(),
                measures: vec![measure("1", &[])],
            },
            PlanSection {
                kind: SectionKind::Priority,
                number: "2".to_string(),
                title: "Keepers".to_string(),
                text: "2. Keepers".to_string(),
                measures: vec![measure("2", &["2(a)", "2(b)"])],
            },
        ],
    }
}

const TITLE: &str = "Harbour Group Priority Plan on Lighthouses for 2031";

fn period(label: &str, m: i8) -> ReportingPeriod {
    ReportingPeriod {
        label: label.to_string(),
        start: date(2031, m, 1),
        end: date(2031, m + 5, 28),
    }
}

fn record(
    member: &str,
    code: &str,
    p: &ReportingPeriod,
    evidence: Vec<EvidenceRef>,
) -> StatusRecord {
    StatusRecord {
        member: member.to_string(),
        measure_code: code.to_string(),
        period: p.clone(),
        status: ImplementationStatus::InProgress,
        evidence,
        note: Some("Work began.".to_string()),
    }
}

fn item(n: u32) -> EvidenceRef {
    EvidenceRef {
        cycle: cycle().name,
        commitment: "18".to_string(),
        member: "Freedonia".to_string(),
        evidence: n,
    }
}

async fn setup() -> (tempfile::TempDir, String, Store) {
    let (dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .expect("chapter imports");
    assert_eq!(
        store.import_plan(&plan(), "tester").await.unwrap(),
        PlanImport::Added
    );
    (dir, path, store)
}

#[tokio::test]
async fn a_plan_reloads_exactly_and_reimporting_it_changes_nothing() {
    let (_dir, path, store) = setup().await;
    assert_eq!(store.plan(TITLE).await.unwrap(), Some(plan()));
    let before = snapshot(&path).await;
    let change = store.last_change().await.unwrap();
    assert_eq!(
        store.import_plan(&plan(), "tester").await.unwrap(),
        PlanImport::Unchanged
    );
    assert_eq!(snapshot(&path).await, before);
    assert_eq!(store.last_change().await.unwrap(), change);

    let summaries = store.plans().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        (
            summaries[0].sections,
            summaries[0].measures,
            summaries[0].members
        ),
        (2, 4, 2)
    );

    let mut changed = plan();
    changed.sections[0].measures[0].text = "Measure 1, reworded.".to_string();
    assert_eq!(
        store.import_plan(&changed, "tester").await.unwrap(),
        PlanImport::Replaced
    );
    assert_eq!(store.plan(TITLE).await.unwrap(), Some(changed));
    assert_eq!(store.plan("No such plan").await.unwrap(), None);
}

#[tokio::test]
async fn statuses_link_evidence_and_read_back() {
    let (_dir, _path, store) = setup().await;
    let h1 = period("2031-H1", 1);
    store.add_period(TITLE, &h1, "tester").await.unwrap();
    let r = record("Freedonia", "2(a)", &h1, vec![item(1)]);
    store.record_status(TITLE, &r, "tester").await.unwrap();
    store
        .record_status(TITLE, &record("Sylvania", "1", &h1, vec![]), "tester")
        .await
        .unwrap();
    let got = store.status_records(TITLE, "2031-H1").await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], r);
    assert_eq!(got[1].member, "Sylvania");

    store
        .link_measure(
            TITLE,
            "2(a)",
            &cycle().name,
            "18",
            Some("partnering"),
            "tester",
        )
        .await
        .unwrap();
    let links = store.measure_links(TITLE).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].dimension.as_deref(), Some("partnering"));

    let evidence = store.evidence_for_measure(TITLE, "2(a)").await.unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].0, item(1));
    assert_eq!(
        evidence[0].1.text,
        "On 4 July 2030, the keepers relit the lamp."
    );
    assert_eq!(evidence[0].1.citations, vec![901, 902]);
}

#[tokio::test]
async fn refused_statuses_write_nothing() {
    let (_dir, path, store) = setup().await;
    let h1 = period("2031-H1", 1);
    store.add_period(TITLE, &h1, "tester").await.unwrap();
    let before = snapshot(&path).await;
    let cases = [
        (record("Coast Agency", "1", &h1, vec![]), "observer"),
        (record("Nowhere", "1", &h1, vec![]), "not a member"),
        (record("Freedonia", "2", &h1, vec![]), "sub-measures"),
        (record("Freedonia", "9", &h1, vec![]), "no measure"),
        (
            record("Freedonia", "1", &period("2031-H2", 7), vec![]),
            "no reporting period",
        ),
        (
            record("Freedonia", "1", &h1, vec![item(99)]),
            "no evidence item",
        ),
        (
            record("Freedonia", "1", &h1, vec![item(0)]),
            "no evidence item",
        ),
    ];
    for (r, why) in cases {
        let err = store.record_status(TITLE, &r, "tester").await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::InvalidPlan { .. } | StoreError::NotFound(_)
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains(why), "{err} should say {why}");
    }
    assert!(store.add_period(TITLE, &h1, "tester").await.is_err());
    assert!(
        store
            .link_measure(TITLE, "9", &cycle().name, "18", None, "tester")
            .await
            .is_err()
    );
    assert_eq!(snapshot(&path).await, before);
}
