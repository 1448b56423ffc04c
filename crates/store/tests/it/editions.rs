//! Editions: imports publish, the workflow gates publishing, editions are frozen, and a
//! correction reaches readers only as a new edition whose change log lists exactly it.

use pledgewatch_domain::Verdict;
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::edition::{EditionChange, EditionKind};
use pledgewatch_store::{AssessmentText, StoreError};
use sqlx::{Connection, SqliteConnection};

use crate::fixture::{FULL, PARTIAL, chapter, cycle, fresh};

const CODE: &str = "18";
const MEMBER: &str = "Freedonia";

fn verdict_in(edition: &pledgewatch_store::Edition) -> Verdict {
    let m = &edition.snapshot.matrix;
    m.cell(
        m.row_index(CODE).expect("row"),
        m.member_index(MEMBER).expect("column"),
    )
}

#[tokio::test]
async fn an_import_publishes_an_edition_and_an_identical_one_publishes_nothing() {
    let (_dir, _path, store) = fresh().await;
    let name = cycle().name;
    store
        .import_chapters(&cycle(), &[chapter(CODE)], "importer")
        .await
        .unwrap();
    let list = store.editions(&name).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, EditionKind::Final);
    assert_eq!(list[0].published_by, "importer");
    assert_eq!(list[0].changes, 0);
    let state = store
        .assessment_state(&name, CODE, MEMBER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, "published");

    store
        .import_chapters(&cycle(), &[chapter(CODE)], "importer")
        .await
        .unwrap();
    assert_eq!(store.editions(&name).await.unwrap().len(), 1);

    let mut changed = chapter(CODE);
    changed.assessment_table[0].verdict = PARTIAL;
    store
        .import_chapters(&cycle(), &[changed], "importer")
        .await
        .unwrap();
    let list = store.editions(&name).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].kind, EditionKind::Corrected);
    let second = store.edition(&name, 2).await.unwrap().unwrap();
    assert_eq!(
        second.changes,
        [EditionChange::Score {
            commitment: CODE.into(),
            member: MEMBER.into(),
            old: FULL,
            new: PARTIAL,
        }]
    );
    assert_eq!(
        verdict_in(&store.edition(&name, 1).await.unwrap().unwrap()),
        FULL
    );
}

#[tokio::test]
async fn a_correction_goes_through_the_workflow_into_a_new_edition() {
    let (_dir, _path, store) = fresh().await;
    let name = cycle().name;
    store
        .import_chapters(&cycle(), &[chapter(CODE)], "importer")
        .await
        .unwrap();
    let at = (name.as_str(), CODE, MEMBER);

    // Only a published assessment can be reopened, and only with a reason.
    let refused = store
        .reopen_assessment(&name, CODE, MEMBER, "  ", "eve")
        .await;
    assert!(
        matches!(refused, Err(StoreError::InvalidField { field: "note", .. })),
        "{refused:?}"
    );
    store
        .reopen_assessment(&name, CODE, MEMBER, "a source was misread", "eve")
        .await
        .unwrap();
    let again = store
        .reopen_assessment(&name, CODE, MEMBER, "again", "eve")
        .await;
    assert!(
        matches!(again, Err(StoreError::WorkflowRefused { .. })),
        "{again:?}"
    );

    // The working copy moves on; readers' edition does not.
    let draft = store.assessment_draft(&name, CODE, MEMBER).await.unwrap();
    let text = AssessmentText {
        verdict: PARTIAL,
        opening: draft.opening.clone(),
        conclusion: draft.conclusion.clone(),
    };
    let v = store
        .set_assessment(at, draft.version, &text, "ann")
        .await
        .unwrap();
    assert_eq!(
        verdict_in(&store.latest_edition(&name).await.unwrap().unwrap()),
        FULL
    );

    let refused = store
        .publish_edition(&name, EditionKind::Corrected, "fix", "eve")
        .await;
    match refused {
        Err(StoreError::WorkflowRefused { message, .. }) => {
            assert!(
                message.contains("commitment 18, Freedonia: draft"),
                "{message}"
            )
        }
        other => panic!("publishing a draft: {other:?}"),
    }
    let v = store.submit_assessment_at(at, v, "ann").await.unwrap();
    let refused = store
        .publish_edition(&name, EditionKind::Corrected, "fix", "eve")
        .await;
    match refused {
        Err(StoreError::WorkflowRefused { message, .. }) => {
            assert!(
                message.contains("commitment 18, Freedonia: submitted"),
                "{message}"
            )
        }
        other => panic!("publishing a submitted assessment: {other:?}"),
    }
    assert_eq!(store.editions(&name).await.unwrap().len(), 1);
    assert_eq!(
        store.pending_assessments(&name).await.unwrap().len(),
        1,
        "only the reopened assessment waits"
    );

    store.approve_assessment(at, v, "dora").await.unwrap();
    let (_, preview) = store.working_copy(&name).await.unwrap().unwrap();
    let published = store
        .publish_edition(&name, EditionKind::Corrected, "Freedonia rescored", "eve")
        .await
        .unwrap();
    assert_eq!(published.number, 2);
    assert_eq!(published.changes, 1);
    let second = store.edition(&name, 2).await.unwrap().unwrap();
    let expected = [EditionChange::Score {
        commitment: CODE.into(),
        member: MEMBER.into(),
        old: FULL,
        new: PARTIAL,
    }];
    assert_eq!(second.changes, expected);
    assert_eq!(preview, expected, "the preview announced exactly this");
    assert_eq!(
        second.changes[0].to_string(),
        "commitment 18, Freedonia: score +1 → 0"
    );
    assert_eq!(second.summary.note, "Freedonia rescored");
    assert_eq!(verdict_in(&second), PARTIAL);
    assert_eq!(
        verdict_in(&store.edition(&name, 1).await.unwrap().unwrap()),
        FULL
    );
    let state = store
        .assessment_state(&name, CODE, MEMBER)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, "published");
    let log = store.audit_log(1).await.unwrap();
    assert_eq!(log[0].action, "edition.publish");
    assert_eq!(log[0].detail["after"]["edition"], 2);
}

#[tokio::test]
async fn a_published_edition_is_frozen_in_the_database() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter(CODE)], "importer")
        .await
        .unwrap();
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let update = sqlx::query("UPDATE edition SET note = 'rewritten'")
        .execute(&mut conn)
        .await;
    assert!(update.is_err(), "an UPDATE of an edition must fail");
    let delete = sqlx::query("DELETE FROM edition").execute(&mut conn).await;
    assert!(delete.is_err(), "a DELETE of an edition must fail");
    let note: String = sqlx::query_scalar("SELECT note FROM edition")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(note, "imported from a published report");
}

#[tokio::test]
async fn an_unknown_cycle_has_no_editions() {
    let (_dir, _path, store) = fresh().await;
    assert!(store.editions("nothing").await.unwrap().is_empty());
    assert!(store.latest_edition("nothing").await.unwrap().is_none());
    let refused = store
        .publish_edition("nothing", EditionKind::Final, "", "eve")
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound(_))),
        "{refused:?}"
    );
}

/// An edition is the whole cycle: an import while another commitment's assessment is being
/// reworked must not publish that draft. The import stays in the working copy until an editor
/// publishes.
#[tokio::test]
async fn an_import_does_not_publish_drafts_of_other_commitments() {
    let (_dir, _path, store) = fresh().await;
    let name = cycle().name;
    store
        .import_chapters(&cycle(), &[chapter(CODE), chapter("19")], "importer")
        .await
        .unwrap();
    assert_eq!(store.editions(&name).await.unwrap().len(), 1);
    store
        .reopen_assessment(&name, CODE, MEMBER, "a source was misread", "eve")
        .await
        .unwrap();
    let draft = store.assessment_draft(&name, CODE, MEMBER).await.unwrap();
    let text = AssessmentText {
        verdict: PARTIAL,
        opening: draft.opening.clone(),
        conclusion: draft.conclusion.clone(),
    };
    store
        .set_assessment((name.as_str(), CODE, MEMBER), draft.version, &text, "ann")
        .await
        .unwrap();

    let mut changed = chapter("19");
    changed.assessment_table[0].verdict = PARTIAL;
    store
        .import_chapters(&cycle(), &[changed], "importer")
        .await
        .unwrap();
    assert_eq!(
        store.editions(&name).await.unwrap().len(),
        1,
        "no edition while commitment 18 holds a draft"
    );
    assert_eq!(
        verdict_in(&store.latest_edition(&name).await.unwrap().unwrap()),
        FULL,
        "readers still see the published score"
    );
}

const RUBRIC_18: &str = include_str!("../../../domain/rubrics/g7-2024-18-border-management.toml");

fn rubric_18(name: &str) -> pledgewatch_domain::rubric::Rubric {
    let mut rubric = pledgewatch_domain::rubric::Rubric::from_toml_str(RUBRIC_18).unwrap();
    rubric.dimensions[0].name = name.to_string();
    rubric
}

fn border(strength: pledgewatch_domain::rubric::EvidenceStrength) -> Vec<CodedEvidence> {
    vec![CodedEvidence {
        evidence: 1,
        dimension: "border".to_string(),
        strength,
    }]
}

#[tokio::test]
async fn an_edition_freezes_its_rubric_and_submitted_codings_and_an_older_one_still_reads() {
    use pledgewatch_domain::rubric::EvidenceStrength::{Strong, Weak};
    let (_dir, path, store) = fresh().await;
    let name = cycle().name;
    store
        .import_chapters(&cycle(), &[chapter(CODE)], "importer")
        .await
        .unwrap();
    store
        .save_rubric(&name, CODE, &rubric_18("Borders"), "lead")
        .await
        .unwrap();
    store
        .save_coding(&name, CODE, MEMBER, "Ava Coder", &border(Strong), "ava")
        .await
        .unwrap();
    store
        .submit_coding(&name, CODE, MEMBER, "Ava Coder", "ava")
        .await
        .unwrap();
    // A draft coding is work in progress: no edition holds it.
    store
        .save_coding(&name, CODE, MEMBER, "Ben Coder", &border(Weak), "ben")
        .await
        .unwrap();
    let second = store
        .publish_edition(&name, EditionKind::Corrected, "rubric", "editor")
        .await
        .unwrap();
    assert_eq!(second.number, 2);
    let frozen = store.edition(&name, 2).await.unwrap().unwrap();
    assert_eq!(
        frozen.changes,
        [EditionChange::Rubric {
            commitment: CODE.into(),
            old: None,
            new: Some(1),
        }]
    );
    let coding = &frozen.snapshot.coding;
    assert_eq!(coding.rubric(CODE).map(|r| r.version), Some(1));
    let published = coding.assessment(CODE, MEMBER).expect("Freedonia's coding");
    let coders: Vec<&str> = published.codings.iter().map(|c| c.coder.as_str()).collect();
    assert_eq!(coders, ["Ava Coder"]);

    // A rubric saved after publication is the working copy's; the edition keeps version 1.
    store
        .save_rubric(&name, CODE, &rubric_18("Borders, renamed"), "lead")
        .await
        .unwrap();
    let frozen = store.edition(&name, 2).await.unwrap().unwrap();
    assert_eq!(frozen.snapshot.coding.rubric(CODE).unwrap().version, 1);
    let (_, pending) = store.working_copy(&name).await.unwrap().unwrap();
    assert!(pending.contains(&EditionChange::Rubric {
        commitment: CODE.into(),
        old: Some(1),
        new: Some(2),
    }));

    // An edition frozen before editions recorded their rubric side: its JSON has no `coding`.
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let (cycle_id, text): (i64, String) =
        sqlx::query_as("SELECT cycle_id, snapshot FROM edition WHERE number = 2")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    old.as_object_mut()
        .unwrap()
        .remove("coding")
        .expect("a coding field");
    sqlx::query(
        "INSERT INTO edition (cycle_id, number, kind, published_at, published_by, note, \
                              snapshot, changes) \
         VALUES ($1, 3, 'corrected', '2031-01-01T00:00:00.000Z', 'old', 'before rubrics', $2, '[]')",
    )
    .bind(cycle_id)
    .bind(old.to_string())
    .execute(&mut conn)
    .await
    .unwrap();
    let legacy = store.latest_edition(&name).await.unwrap().unwrap();
    assert_eq!(legacy.summary.number, 3);
    assert_eq!(legacy.snapshot.coding, Default::default());
    assert_eq!(legacy.snapshot.matrix, frozen.snapshot.matrix);
    // Readers saw no rubric in it, so the next edition adopts one.
    store
        .publish_edition(&name, EditionKind::Corrected, "", "editor")
        .await
        .unwrap();
    let fourth = store.edition(&name, 4).await.unwrap().unwrap();
    assert_eq!(
        fourth.changes,
        [EditionChange::Rubric {
            commitment: CODE.into(),
            old: None,
            new: Some(2),
        }]
    );
}
