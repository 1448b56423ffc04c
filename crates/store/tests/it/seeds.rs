//! The seed chapters, as the importer reads them, survive the store unchanged.

use std::path::PathBuf;

use pledgewatch_domain::{Cycle, PercentConvention, Verdict};
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};
use pledgewatch_store::ChapterImport;

use crate::fixture::{fresh, snapshot};

fn seeds() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    dir.is_dir().then_some(dir)
}

#[tokio::test]
async fn the_seed_chapters_round_trip() {
    let Some(dir) = seeds() else {
        println!("skipped: ../shared/seeds is absent, so the seed round trip was not run");
        return;
    };
    let mut chapters = Vec::new();
    for file in ["000_1b5db1f3beaa7658.txt", "001_be85ca2343117b4d.txt"] {
        let bytes = std::fs::read(dir.join(file)).expect("a readable seed");
        let report = parse_report_bytes(&bytes, &ParseOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        chapters.extend(report.chapters);
    }
    assert_eq!(chapters.len(), 2);
    let cycle = Cycle {
        name: "2024 G7 Apulia Summit Final".to_string(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    let (_dir, path, store) = fresh().await;
    let started = std::time::Instant::now();
    let outcome = store
        .import_chapters(&cycle, &chapters, "seed test")
        .await
        .unwrap();
    println!("imported the two seed chapters in {:?}", started.elapsed());
    assert_eq!(outcome, [ChapterImport::Added, ChapterImport::Added]);

    let mut reloaded = store.chapters(&cycle.name).await.unwrap();
    reloaded.sort_by(|a, b| a.commitment.code.cmp(&b.commitment.code));
    assert_eq!(reloaded.len(), 2);
    for (got, want) in reloaded.iter().zip(&chapters) {
        assert!(
            got == want,
            "chapter {} differs after reload",
            want.commitment.code
        );
    }

    let matrix = store.score_matrix(&cycle.name).await.unwrap().unwrap();
    assert_eq!(matrix.members.len(), 8);
    let scored = matrix
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|v| matches!(v, Verdict::Scored(_)))
        .count();
    assert_eq!(scored, 16);
    let line = |i| {
        matrix
            .row_average(i)
            .map(|a| a.published_line(matrix.convention))
    };
    assert_eq!(line(0).as_deref(), Some("+1.00 (100%)"));
    assert_eq!(line(1).as_deref(), Some("+0.38 (69%)"));

    let before = snapshot(&path).await;
    let again = store
        .import_chapters(&cycle, &chapters, "seed test")
        .await
        .unwrap();
    assert_eq!(again, [ChapterImport::Unchanged, ChapterImport::Unchanged]);
    assert_eq!(snapshot(&path).await, before);
}
