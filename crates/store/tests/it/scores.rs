//! Importing score sheets.

use pledgewatch_domain::Verdict;
use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};
use pledgewatch_store::{ScoresImport, StoreError};

use crate::fixture::{FULL, NONE, PARTIAL, chapter, cycle, fresh, snapshot};

fn row(code: &str, title: Option<&str>, cells: &[(&str, Verdict)]) -> SheetCommitment {
    SheetCommitment {
        code: code.to_string(),
        title: title.map(str::to_string),
        area: None,
        cells: cells.iter().map(|(m, v)| (m.to_string(), *v)).collect(),
    }
}

fn sheet() -> ScoreSheet {
    ScoreSheet {
        members: vec!["Freedonia".into(), "Sylvania".into(), "Ruritania".into()],
        commitments: vec![
            row(
                "7",
                Some("Harbour Dredging"),
                &[
                    ("Freedonia", FULL),
                    ("Sylvania", Verdict::NotApplicable),
                    ("Ruritania", Verdict::NotAssessed),
                ],
            ),
            row("18", None, &[("Sylvania", NONE), ("Ruritania", PARTIAL)]),
        ],
    }
}

#[tokio::test]
async fn a_sheet_sets_cells_and_creates_commitments() {
    let (_dir, _path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    let report = store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    assert_eq!(
        report,
        ScoresImport {
            // 7: Freedonia, Sylvania; 18: Sylvania (was n/a), Ruritania (was not assessed).
            cells_set: 4,
            // 7: Ruritania, empty and not stored.
            cells_unchanged: 1,
            commitments_created: 1,
            members_added: 0,
        }
    );

    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    let codes: Vec<&str> = matrix.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["7", "18"]);
    assert_eq!(matrix.rows[0].title, "Harbour Dredging");
    let col = |name: &str| matrix.member_index(name).unwrap();
    // n/a and not yet assessed stay apart.
    assert_eq!(matrix.rows[0].cells[col("Freedonia")], FULL);
    assert_eq!(
        matrix.rows[0].cells[col("Sylvania")],
        Verdict::NotApplicable
    );
    assert_eq!(matrix.rows[0].cells[col("Ruritania")], Verdict::NotAssessed);
    assert_eq!(matrix.rows[0].cells[col("UK")], Verdict::NotAssessed);
    assert_eq!(matrix.rows[1].cells[col("Sylvania")], NONE);
    assert_eq!(matrix.rows[1].cells[col("Ruritania")], PARTIAL);
    assert_eq!(matrix.rows[1].cells[col("Freedonia")], FULL, "untouched");

    // The chapter still reads as published; a sheet-only commitment has no chapter.
    assert_eq!(
        store.chapter(&cycle().name, "18").await.unwrap(),
        Some(chapter("18"))
    );
    assert_eq!(store.chapter(&cycle().name, "7").await.unwrap(), None);
    assert_eq!(store.chapters(&cycle().name).await.unwrap().len(), 1);

    let summary = &store.cycles().await.unwrap()[0];
    assert_eq!(summary.commitments, 2);
    assert_eq!(summary.members, 5);
    // 18: Freedonia +1, UK −1, Sylvania −1, Ruritania 0; 7: Freedonia +1.
    assert_eq!(summary.scored_cells, 5);
}

#[tokio::test]
async fn the_same_sheet_twice_changes_nothing() {
    let (_dir, path, store) = fresh().await;
    store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    let before = snapshot(&path).await;
    let report = store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    assert_eq!(report.cells_set, 0);
    assert_eq!(report.cells_unchanged, 5);
    assert_eq!(report.commitments_created, 0);
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn an_empty_cell_clears_a_score() {
    let (_dir, _path, store) = fresh().await;
    store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    let clearing = ScoreSheet {
        members: vec![],
        commitments: vec![row("7", None, &[("Freedonia", Verdict::NotAssessed)])],
    };
    let report = store
        .import_scores(&cycle(), &clearing, "tester")
        .await
        .unwrap();
    assert_eq!(report.cells_set, 1);
    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    assert_eq!(matrix.rows[0].cells[0], Verdict::NotAssessed);
    assert_eq!(
        matrix.rows[0].title, "Harbour Dredging",
        "kept when not given"
    );
}

#[tokio::test]
async fn a_bad_sheet_stores_nothing() {
    let (_dir, path, store) = fresh().await;
    let before = snapshot(&path).await;
    let mut bad = sheet();
    bad.commitments[1].cells.push(("Sylvania".into(), FULL));
    let err = store
        .import_scores(&cycle(), &bad, "tester")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::InvalidSheet { code, .. } if code == "18"),
        "{err}"
    );
    assert!(err.to_string().contains("two cells for Sylvania"), "{err}");
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn a_new_member_without_scores_is_still_a_change() {
    let (_dir, _path, store) = fresh().await;
    store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    let token = store.last_change().await.unwrap();
    let mut wider = sheet();
    wider.members.push("Osterlich".into());
    for row in &mut wider.commitments {
        row.cells.push(("Osterlich".into(), Verdict::NotAssessed));
    }
    let report = store
        .import_scores(&cycle(), &wider, "tester")
        .await
        .unwrap();
    assert_eq!(report.members_added, 1);
    assert_eq!(report.cells_set, 0);
    assert!(store.last_change().await.unwrap() > token);
    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    assert_eq!(matrix.members.last().unwrap().name, "Osterlich");
    assert_eq!(matrix.rows[0].cells.last(), Some(&Verdict::NotAssessed));

    // The same again writes nothing and leaves the token alone.
    let token = store.last_change().await.unwrap();
    store
        .import_scores(&cycle(), &wider, "tester")
        .await
        .unwrap();
    assert_eq!(store.last_change().await.unwrap(), token);
}

#[tokio::test]
async fn a_chapter_takes_over_a_commitment_known_from_a_sheet() {
    let (_dir, _path, store) = fresh().await;
    store
        .import_scores(&cycle(), &sheet(), "tester")
        .await
        .unwrap();
    assert_eq!(store.chapter(&cycle().name, "18").await.unwrap(), None);
    let outcome = store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    assert_eq!(outcome, [pledgewatch_store::ChapterImport::Added]);
    assert_eq!(
        store.chapter(&cycle().name, "18").await.unwrap(),
        Some(chapter("18"))
    );
    // The chapter's scores replace the sheet's: Sylvania is n/a in the chapter, −1 in the sheet.
    let matrix = store.score_matrix(&cycle().name).await.unwrap().unwrap();
    let row = matrix.row_index("18").unwrap();
    assert_eq!(matrix.rows[row].title, "Lighthouse Maintenance");
    let sylvania = matrix.member_index("Sylvania").unwrap();
    assert_eq!(matrix.rows[row].cells[sylvania], Verdict::NotApplicable);
}
