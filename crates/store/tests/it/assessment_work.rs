//! Editing one assessment as the workspace does: score and narrative, evidence items with
//! citations and codes, versions that refuse a stale write, and the review workflow.

use jiff::civil::date;
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric};
use pledgewatch_domain::{Score, Verdict};
use pledgewatch_store::{
    AssessmentText, CitationInput, EvidenceCodes, EvidenceInput, ReviewStatus, Store, StoreError,
};

use crate::fixture::{chapter, count, cycle, fresh, snapshot};

const CH18: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/rubrics/g7-2024-18-border-management.toml"
));
const FREEDONIA: &str = "Freedonia";

/// The fixture chapter 18 with its rubric; Freedonia's assessment open as a draft.
async fn setup() -> (tempfile::TempDir, String, Store, String) {
    let (dir, path, store) = fresh().await;
    let c = cycle();
    store
        .import_chapters(&c, &[chapter("18")], "tester")
        .await
        .expect("chapter imports");
    let rubric = Rubric::from_toml_str(CH18).expect("the example rubric reads");
    store
        .save_rubric(&c.name, "18", &rubric, "tester")
        .await
        .expect("rubric saves");
    editable(&store, &c.name, FREEDONIA).await;
    (dir, path, store, c.name)
}

/// An imported assessment counts as published; reopen it so the workspace may edit it.
async fn editable(store: &Store, cy: &str, member: &str) {
    let draft = store.assessment_draft(cy, "18", member).await.unwrap();
    if draft.status == ReviewStatus::Published {
        store
            .reopen_assessment(cy, "18", member, "corrections", "editor")
            .await
            .expect("reopen");
    }
}

fn item(date_: jiff::civil::Date, text: &str, citations: &[u32]) -> EvidenceInput {
    EvidenceInput {
        date: date_,
        date_inferred: false,
        text: text.to_string(),
        citations: citations.to_vec(),
        new_citation: None,
        codes: None,
    }
}

fn coded(evidence: u32, dimension: &str, strength: EvidenceStrength) -> CodedEvidence {
    CodedEvidence {
        evidence,
        dimension: dimension.to_string(),
        strength,
    }
}

async fn changes_of(path: &str) -> i64 {
    count(
        path,
        "SELECT COUNT(*) FROM audit WHERE object = '2030 Freedonia Summit Final/18/Freedonia'",
    )
    .await
}

#[tokio::test]
async fn score_narrative_evidence_and_citations_are_written_with_their_audit() {
    let (_dir, path, store, cy) = setup().await;
    let target = (cy.as_str(), "18", FREEDONIA);
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.status, ReviewStatus::Draft);
    assert_eq!(draft.evidence.len(), 2);
    assert_eq!(draft.evidence[0].citations, vec![901, 902]);
    let v = draft.version;

    let v = store
        .set_assessment(
            target,
            v,
            &AssessmentText {
                verdict: Verdict::Scored(Score::Partial),
                opening: "Freedonia has partly complied.".into(),
                conclusion: "Some lamps stayed dark.".into(),
            },
            "Ann Lee",
        )
        .await
        .unwrap();
    assert_eq!(v, draft.version + 1);

    let mut with_source = item(
        date(2030, 9, 1),
        "On 1 September 2030, a lamp was relit.",
        &[903],
    );
    with_source.new_citation = Some(CitationInput {
        title: "Lamps relit".into(),
        publisher: Some("Coast Office".into()),
        url: Some("https://example.org/relit".into()),
        published: Some(date(2030, 9, 1).into()),
        accessed: Some(date(2030, 9, 3)),
        ..CitationInput::default()
    });
    let (number, v) = store
        .add_evidence(target, v, &with_source, "Ann Lee")
        .await
        .unwrap();
    assert_eq!(
        number, 2,
        "in date order, between July 2030 and January 2031"
    );

    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.version, v);
    assert_eq!(draft.verdict, Verdict::Scored(Score::Partial));
    assert_eq!(draft.opening, "Freedonia has partly complied.");
    let added = &draft.evidence[1];
    assert_eq!(added.text, "On 1 September 2030, a lamp was relit.");
    let new_number = *added.citations.last().unwrap();
    assert_eq!(added.citations, vec![903, new_number]);
    assert_eq!(
        new_number, 904,
        "the next free footnote number of the chapter"
    );
    let footnote = draft
        .citations
        .iter()
        .find(|c| c.citation.number == 904)
        .unwrap();
    assert_eq!(footnote.citation.title, "Lamps relit");
    assert_eq!(footnote.version, 1);

    // The chapter reads back consistently: table, heading and Thus agree with the new score.
    let ch = store.chapter(&cy, "18").await.unwrap().unwrap();
    assert_eq!(ch.verdict_of(FREEDONIA), Verdict::Scored(Score::Partial));
    let section = ch.members.iter().find(|m| m.member == FREEDONIA).unwrap();
    assert_eq!(
        section.heading_verdict,
        Some(Verdict::Scored(Score::Partial))
    );
    assert_eq!(section.evidence().count(), 3);

    // One citation serves many items; editing it changes it for all of them.
    let v = store
        .edit_evidence(
            target,
            v,
            1,
            &item(date(2030, 7, 4), "On 4 July 2030, relit.", &[904]),
            "Ann Lee",
        )
        .await
        .unwrap();
    let stale = store
        .edit_citation(
            target,
            904,
            0,
            &CitationInput {
                title: "x".into(),
                ..Default::default()
            },
            "Ann Lee",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(stale, StoreError::Stale { current: 1, .. }),
        "{stale}"
    );
    store
        .edit_citation(
            target,
            904,
            1,
            &CitationInput {
                title: "Lamps relit (corrected)".into(),
                ..Default::default()
            },
            "Ann Lee",
        )
        .await
        .unwrap();
    let ch = store.chapter(&cy, "18").await.unwrap().unwrap();
    let note = ch.citations.iter().find(|c| c.number == 904).unwrap();
    assert_eq!(note.title, "Lamps relit (corrected)");
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.version, v, "a citation has its own version");
    assert_eq!(draft.evidence[0].citations, vec![904]);
    assert_eq!(draft.evidence[1].citations, vec![903, 904]);

    // Bad input names its field and writes nothing.
    let before = snapshot(&path).await;
    let err = store
        .add_evidence(target, v, &item(date(2030, 8, 1), "  ", &[]), "Ann Lee")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::InvalidField { field: "text", .. }),
        "{err}"
    );
    let err = store
        .add_evidence(
            target,
            v,
            &item(date(2030, 8, 1), "On 1 August.", &[777]),
            "Ann Lee",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "citations",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn inserting_and_deleting_evidence_keeps_codings_on_their_items() {
    let (_dir, _path, store, cy) = setup().await;
    let target = (cy.as_str(), "18", FREEDONIA);
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    // Item 1 (4 July 2030) strong on border, item 2 (2 January 2031) weak on crime.
    let v = store
        .save_codes(
            target,
            v,
            "Ann Lee",
            &[
                coded(1, "border", EvidenceStrength::Strong),
                coded(2, "crime", EvidenceStrength::Weak),
            ],
            false,
            "Ann Lee",
        )
        .await
        .unwrap();

    // A new item dated between them becomes number 2, coded as it is added.
    let mut middle = item(date(2030, 10, 1), "On 1 October 2030, partners met.", &[]);
    middle.codes = Some(EvidenceCodes {
        coder: "Ann Lee".into(),
        codes: vec![("partners".into(), EvidenceStrength::Strong)],
    });
    let (number, v) = store
        .add_evidence(target, v, &middle, "Ann Lee")
        .await
        .unwrap();
    assert_eq!(number, 2);
    let codes = coding_of(&store, &cy).await;
    assert_eq!(
        codes,
        vec![
            (1, "border".to_string()),
            (2, "partners".to_string()),
            (3, "crime".to_string())
        ]
    );

    // Deleting item 1 drops its codes and moves the others up with their items.
    let v = store
        .delete_evidence(target, v, 1, "Ann Lee")
        .await
        .unwrap();
    let codes = coding_of(&store, &cy).await;
    assert_eq!(
        codes,
        vec![(1, "partners".to_string()), (2, "crime".to_string())]
    );
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.version, v);
    assert_eq!(draft.evidence[0].text, "On 1 October 2030, partners met.");
    assert_eq!(
        draft.evidence[1].text,
        "On 2 January, a new lens was fitted."
    );
    // The narrative paragraph between them is kept.
    let ch = store.chapter(&cy, "18").await.unwrap().unwrap();
    let section = ch.members.iter().find(|m| m.member == FREEDONIA).unwrap();
    assert_eq!(section.body.len(), 3);

    let err = store
        .delete_evidence(target, v, 9, "Ann Lee")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
}

async fn coding_of(store: &Store, cy: &str) -> Vec<(u32, String)> {
    let codings = store
        .assessment_codings(cy, "18", FREEDONIA)
        .await
        .unwrap()
        .unwrap();
    let mut items: Vec<(u32, String)> = codings.codings[0]
        .items
        .iter()
        .map(|i| (i.evidence, i.dimension.clone()))
        .collect();
    items.sort();
    items
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let (_dir, path, store, cy) = setup().await;
    let target = (cy.as_str(), "18", FREEDONIA);
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    let text = |opening: &str| AssessmentText {
        verdict: Verdict::Scored(Score::Full),
        opening: opening.into(),
        conclusion: "Done.".into(),
    };
    let changes = changes_of(&path).await;
    store
        .set_assessment(target, v, &text("First."), "Ann Lee")
        .await
        .unwrap();
    let before = snapshot(&path).await;
    let err = store
        .set_assessment(target, v, &text("Second."), "Bo Analyst")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Stale { current, .. } if *current == v + 1),
        "{err}"
    );
    assert!(err.to_string().contains("changed by someone else"), "{err}");
    assert_eq!(
        snapshot(&path).await,
        before,
        "the loser's write left no trace"
    );
    assert_eq!(changes_of(&path).await, changes + 1);
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.opening, "First.");
    for attempt in [
        store
            .add_evidence(target, v, &item(date(2030, 8, 1), "x", &[]), "B")
            .await
            .map(|_| ()),
        store.delete_evidence(target, v, 1, "B").await.map(|_| ()),
        store
            .save_codes(target, v, "B", &[], false, "B")
            .await
            .map(|_| ()),
        store.submit_assessment_at(target, v, "B").await.map(|_| ()),
    ] {
        assert!(
            matches!(attempt, Err(StoreError::Stale { .. })),
            "{attempt:?}"
        );
    }
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn two_concurrent_writes_of_one_version_one_wins() {
    let (_dir, path, store, cy) = setup().await;
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    let changes = changes_of(&path).await;
    let write = |who: &'static str| {
        let store = store.clone();
        let cy = cy.clone();
        tokio::spawn(async move {
            store
                .set_assessment(
                    (cy.as_str(), "18", FREEDONIA),
                    v,
                    &AssessmentText {
                        verdict: Verdict::Scored(Score::Full),
                        opening: format!("Written by {who}."),
                        conclusion: String::new(),
                    },
                    who,
                )
                .await
        })
    };
    let (a, b) = (write("Ann"), write("Bo"));
    let results = [a.await.unwrap(), b.await.unwrap()];
    let won: Vec<_> = results.iter().filter(|r| r.is_ok()).collect();
    let stale = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::Stale { .. })))
        .count();
    assert_eq!((won.len(), stale), (1, 1), "{results:?}");
    assert_eq!(changes_of(&path).await, changes + 1);
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.version, v + 1);
    assert!(draft.opening.starts_with("Written by "));
}

#[tokio::test]
async fn submit_approve_and_return_follow_the_workflow() {
    let (_dir, path, store, cy) = setup().await;
    let target = (cy.as_str(), "18", FREEDONIA);
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    let refused = store
        .approve_assessment(target, v, "Dana Director")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::WorkflowRefused { .. }),
        "{refused}"
    );
    // The fixture's verdict is +1 with no coding: nothing to depart from.
    let v = store
        .submit_assessment_at(target, v, "Ann Lee")
        .await
        .unwrap();
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!((draft.status, draft.version), (ReviewStatus::Submitted, v));

    let before = snapshot(&path).await;
    let refused = store
        .add_evidence(target, v, &item(date(2030, 8, 1), "Late.", &[]), "Ann Lee")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, StoreError::WorkflowRefused { .. }),
        "{refused}"
    );
    let again = store
        .submit_assessment(&cy, "18", FREEDONIA, "Ann Lee")
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::WorkflowRefused { .. }),
        "{again}"
    );
    assert_eq!(snapshot(&path).await, before);

    let v = store
        .approve_assessment(target, v, "Dana Director")
        .await
        .unwrap();
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.status, ReviewStatus::Approved);
    assert_eq!(draft.approved_by.as_deref(), Some("Dana Director"));

    let empty = store
        .return_assessment(target, v, "  ", "Dana Director")
        .await
        .unwrap_err();
    assert!(
        matches!(empty, StoreError::InvalidField { field: "note", .. }),
        "{empty}"
    );
    let v = store
        .return_assessment(target, v, "Cite the lens order.", "Dana Director")
        .await
        .unwrap();
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.status, ReviewStatus::Draft);
    assert_eq!(draft.approved_by, None);
    let returned = draft.returned.expect("the director's note");
    assert_eq!(returned.note, "Cite the lens order.");
    assert_eq!(returned.by, "Dana Director");
    assert_eq!(draft.version, v);
}

#[tokio::test]
async fn a_reimport_carries_each_version_forward() {
    let (_dir, _path, store, cy) = setup().await;
    let target = (cy.as_str(), "18", FREEDONIA);
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    let v = store
        .set_assessment(
            target,
            v,
            &AssessmentText {
                verdict: Verdict::Scored(Score::Full),
                opening: "Edited in the workspace.".into(),
                conclusion: String::new(),
            },
            "Ann Lee",
        )
        .await
        .unwrap();
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    let draft = store.assessment_draft(&cy, "18", FREEDONIA).await.unwrap();
    assert_eq!(draft.version, v + 1);
    assert_eq!(draft.opening, "Freedonia has fully complied.");
}

#[tokio::test]
async fn plan_links_follow_their_evidence_and_keep_it_from_deletion() {
    use pledgewatch_domain::plan::{
        EvidenceRef, ImplementationStatus, ReportingPeriod, StatusRecord,
    };
    let (_dir, _path, store, cy) = setup().await;
    let plan = crate::plans::plan();
    store.import_plan(&plan, "tester").await.unwrap();
    let h1 = ReportingPeriod {
        label: "2031-H1".to_string(),
        start: date(2031, 1, 1),
        end: date(2031, 6, 28),
    };
    store.add_period(&plan.title, &h1, "tester").await.unwrap();
    let link = |n: u32| EvidenceRef {
        cycle: cy.clone(),
        commitment: "18".to_string(),
        member: "Freedonia".to_string(),
        evidence: n,
    };
    // Item 2 is the new lens of 2 January 2031.
    let status = StatusRecord {
        member: "Freedonia".to_string(),
        measure_code: "1".to_string(),
        period: h1.clone(),
        status: ImplementationStatus::InProgress,
        evidence: vec![link(2)],
        note: None,
    };
    store
        .record_status(&plan.title, &status, "tester")
        .await
        .unwrap();
    let linked = || async {
        store.status_records(&plan.title, "2031-H1").await.unwrap()[0].evidence[0].evidence
    };

    let target = (cy.as_str(), "18", FREEDONIA);
    let v = store
        .assessment_draft(&cy, "18", FREEDONIA)
        .await
        .unwrap()
        .version;
    let (n, v) = store
        .add_evidence(
            target,
            v,
            &item(date(2030, 6, 20), "On 20 June 2030, a survey began.", &[]),
            "Ann Lee",
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(linked().await, 3, "the link follows its item");

    let refused = store
        .delete_evidence(target, v, 3, "Ann Lee")
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, StoreError::WorkflowRefused { message, .. }
            if message.contains(&plan.title) && message.contains("measure 1")),
        "{refused}"
    );
    store
        .delete_evidence(target, v, 1, "Ann Lee")
        .await
        .unwrap();
    assert_eq!(linked().await, 2);
    let item = store.evidence_item(&link(2)).await.unwrap().unwrap();
    assert_eq!(item.text, "On 2 January, a new lens was fitted.");
}
