//! Importing chapters: exact round trip, unchanged re-imports, replacement, all-or-nothing.

use pledgewatch_domain::{BodyParagraph, Verdict};
use pledgewatch_store::{ChapterImport, StoreError};

use crate::fixture::{FULL, PARTIAL, chapter, count, cycle, fresh, small_chapter, snapshot};

#[tokio::test]
async fn a_chapter_reloads_exactly_as_imported() {
    let (_dir, _path, store) = fresh().await;
    let original = chapter("18");
    let outcome = store
        .import_chapters(&cycle(), std::slice::from_ref(&original), "tester")
        .await
        .unwrap();
    assert_eq!(outcome, [ChapterImport::Added]);

    let reloaded = store.chapter(&cycle().name, "18").await.unwrap().unwrap();
    assert_eq!(reloaded, original);
    assert_eq!(store.chapters(&cycle().name).await.unwrap(), [original]);
    assert_eq!(store.cycle(&cycle().name).await.unwrap(), Some(cycle()));
    assert_eq!(store.chapter(&cycle().name, "19").await.unwrap(), None);
    assert_eq!(store.chapter("no such cycle", "18").await.unwrap(), None);

    // `UK` in the table and `United Kingdom` in the heading are one member, named as first seen.
    let members = store.members(&cycle().name).await.unwrap();
    let names: Vec<(&str, &str)> = members
        .iter()
        .map(|m| (m.name.as_str(), m.code.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Freedonia", "FRE"),
            ("UK", "GBR"),
            ("Sylvania", "SYL"),
            ("Grand Fenwick", "GRA"),
            ("Ruritania", "RUR"),
        ]
    );
}

#[tokio::test]
async fn spellings_of_one_person_are_one_person() {
    let (_dir, path, store) = fresh().await;
    // The director is spelled `d’Aragon`, one analyst `d'Aragon`.
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    assert_eq!(count(&path, "SELECT COUNT(*) FROM person").await, 3);
    assert_eq!(count(&path, "SELECT COUNT(*) FROM person_variant").await, 4);
}

#[tokio::test]
async fn an_identical_reimport_writes_nothing() {
    let (_dir, path, store) = fresh().await;
    let chapters = [chapter("18"), chapter("19")];
    store
        .import_chapters(&cycle(), &chapters, "tester")
        .await
        .unwrap();
    let audit = store.audit_log(100).await.unwrap();
    assert_eq!(
        audit.len(),
        4,
        "cycle created, two chapters added, edition 1 published"
    );
    let before = snapshot(&path).await;

    let outcome = store
        .import_chapters(&cycle(), &chapters, "tester")
        .await
        .unwrap();
    assert_eq!(
        outcome,
        [ChapterImport::Unchanged, ChapterImport::Unchanged]
    );
    assert_eq!(store.audit_log(100).await.unwrap(), audit);
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn a_changed_chapter_replaces_the_old_one() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();

    let mut changed = chapter("18");
    changed.assessment_table[0].verdict = PARTIAL;
    changed.members[0].heading_verdict = Some(PARTIAL);
    changed.members[0].body.remove(0);
    changed.citations.truncate(1);
    changed.members.remove(2); // Ruritania's section and its paragraphs go.
    let outcome = store
        .import_chapters(&cycle(), std::slice::from_ref(&changed), "editor")
        .await
        .unwrap();
    let [ChapterImport::Replaced { changes }] = outcome.as_slice() else {
        panic!("expected one replaced chapter, got {outcome:?}");
    };
    assert!(
        changes.iter().any(|c| c == "Freedonia: score +1 → 0"),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("Ruritania")),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c.contains("footnote")),
        "{changes:?}"
    );

    assert_eq!(
        store.chapter(&cycle().name, "18").await.unwrap(),
        Some(changed.clone())
    );
    // Nothing of the old version is left behind (paragraphs go by ON DELETE CASCADE, which
    // also proves that foreign keys are enforced).
    assert_eq!(count(&path, "SELECT COUNT(*) FROM citation").await, 1);
    assert_eq!(count(&path, "SELECT COUNT(*) FROM assessment").await, 4);
    let paragraphs: usize = changed.members.iter().map(|m| m.body.len()).sum();
    assert_eq!(
        count(&path, "SELECT COUNT(*) FROM paragraph").await,
        paragraphs as i64
    );
    let cited: usize = changed
        .members
        .iter()
        .flat_map(|m| &m.body)
        .map(|p| match p {
            BodyParagraph::Evidence(e) => e.citations.len(),
            BodyParagraph::Narrative { citations, .. } => citations.len(),
        })
        .sum();
    assert_eq!(
        count(&path, "SELECT COUNT(*) FROM paragraph_citation").await,
        cited as i64
    );

    // The newest record is the corrected edition the import published; the chapter's is next.
    let audit = store.audit_log(2).await.unwrap();
    assert_eq!(audit[0].action, "edition.publish");
    let audit = &audit[1..];
    assert_eq!(audit[0].action, "chapter.replace");
    assert_eq!(audit[0].actor, "editor");
    assert_eq!(audit[0].object, format!("{}/18", cycle().name));
    assert!(
        audit[0].detail["changes"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );

    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    assert_eq!(matrix.rows[0].cells[0], PARTIAL);
}

#[tokio::test]
async fn a_failure_midway_leaves_the_database_as_it_was() {
    let (_dir, path, store) = fresh().await;

    // On an empty database: the first chapter is written before the second one fails.
    let mut bad = small_chapter("19", FULL);
    bad.assessment_table.push(bad.assessment_table[0].clone());
    let err = store
        .import_chapters(&cycle(), &[chapter("18"), bad.clone()], "tester")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::InvalidChapter { code, .. } if code == "19"),
        "{err}"
    );
    assert!(err.to_string().contains("Freedonia twice"), "{err}");
    assert!(store.is_empty().await.unwrap());
    assert!(store.audit_log(10).await.unwrap().is_empty());
    assert_eq!(count(&path, "SELECT COUNT(*) FROM member").await, 0);

    // On a database with data: a replacement followed by a failure is rolled back too.
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    let before = snapshot(&path).await;
    let mut changed = chapter("18");
    changed.commitment.title = "Renamed".to_string();
    let mut nameless = small_chapter("20", FULL);
    nameless.assessment_table[0].member = "  ".to_string();
    for second in [bad, nameless] {
        let err = store
            .import_chapters(&cycle(), &[changed.clone(), second], "tester")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidChapter { .. }), "{err}");
        assert_eq!(snapshot(&path).await, before);
    }
    assert_eq!(
        store.chapter(&cycle().name, "18").await.unwrap(),
        Some(chapter("18"))
    );
}

#[tokio::test]
async fn a_chapter_without_a_number_is_rejected() {
    let (_dir, _path, store) = fresh().await;
    let err = store
        .import_chapters(&cycle(), &[small_chapter(" ", FULL)], "tester")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no number"), "{err}");
    assert!(store.is_empty().await.unwrap());
}

#[tokio::test]
async fn the_matrix_lists_commitments_in_number_order() {
    let (_dir, _path, store) = fresh().await;
    let chapters = [
        small_chapter("10", FULL),
        small_chapter("2", Verdict::NotApplicable),
        small_chapter("1", PARTIAL),
    ];
    store
        .import_chapters(&cycle(), &chapters, "tester")
        .await
        .unwrap();
    store
        .import_chapters(&cycle(), &[chapter("3")], "tester")
        .await
        .unwrap();
    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    let codes: Vec<&str> = matrix.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "3", "10"]);
    let members: Vec<&str> = matrix.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        members,
        ["Freedonia", "UK", "Sylvania", "Grand Fenwick", "Ruritania"]
    );
    assert_eq!(
        matrix.rows[2].cells,
        [
            FULL,
            crate::fixture::NONE,
            Verdict::NotApplicable,
            Verdict::NotAssessed,
            // Ruritania: no table row; its heading is empty, so the Thus sentence is not used.
            Verdict::NotAssessed,
        ]
    );
    assert_eq!(matrix.rows[1].cells[0], Verdict::NotApplicable);
    assert_eq!(matrix.rows[1].cells[1], Verdict::NotAssessed);
    let chapters = store.chapters(&cycle().name).await.unwrap();
    let codes: Vec<&str> = chapters
        .iter()
        .map(|c| c.commitment.code.as_str())
        .collect();
    assert_eq!(codes, ["1", "2", "3", "10"]);
    assert_eq!(store.score_matrix("no such cycle").await.unwrap(), None);
}
