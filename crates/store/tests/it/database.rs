//! Opening the database, cycles and the audit trail.

use pledgewatch_domain::{CycleKind, PercentConvention};
use pledgewatch_store::Store;
use sqlx::{Connection, SqliteConnection};

use crate::fixture::{chapter, cycle, fresh};

#[tokio::test]
async fn a_file_database_runs_in_wal_mode() {
    let (_dir, path, store) = fresh().await;
    assert_eq!(store.journal_mode().await.unwrap(), "wal");
    // WAL is a property of the file: a connection of its own sees it too.
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert!(store.is_empty().await.unwrap());
}

#[tokio::test]
async fn reopening_keeps_the_data() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    store.close().await;
    let again = Store::open(&path).await.unwrap();
    assert!(!again.is_empty().await.unwrap());
    assert_eq!(
        again.chapter(&cycle().name, "18").await.unwrap(),
        Some(chapter("18"))
    );
}

#[tokio::test]
async fn an_in_memory_database_works() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    assert!(store.is_empty().await.unwrap());
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    assert_eq!(
        store.chapters(&cycle().name).await.unwrap(),
        [chapter("18")]
    );
}

#[tokio::test]
async fn a_cycle_is_upserted_and_audited() {
    let (_dir, _path, store) = fresh().await;
    let mut c = cycle();
    c.kind = None;
    c.period = None;
    store.upsert_cycle(&c, "chair").await.unwrap();
    store.upsert_cycle(&c, "chair").await.unwrap();
    assert_eq!(
        store.audit_log(10).await.unwrap().len(),
        1,
        "no-op not audited"
    );

    // An import fills in what it knows without resetting the convention.
    c.convention = PercentConvention::Legacy;
    store.upsert_cycle(&c, "chair").await.unwrap();
    store
        .import_chapters(&cycle(), &[chapter("18")], "tester")
        .await
        .unwrap();
    let stored = store.cycle(&c.name).await.unwrap().unwrap();
    assert_eq!(stored.kind, Some(CycleKind::Final));
    assert_eq!(stored.period, cycle().period);
    assert_eq!(stored.convention, PercentConvention::Legacy);

    let log = store.audit_log(10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "edition.publish",
            "chapter.add",
            "cycle.update",
            "cycle.update",
            "cycle.create"
        ]
    );
    assert_eq!(log[2].detail["to"]["kind"], "final");
    assert!(log.windows(2).all(|w| w[0].at >= w[1].at));
    assert_eq!(store.audit_log(2).await.unwrap().len(), 2);

    let summaries = store.cycles().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].cycle, stored);
    assert_eq!(summaries[0].commitments, 1);
    assert_eq!(summaries[0].members, 5);
    assert_eq!(summaries[0].scored_cells, 2);
}

#[tokio::test]
async fn an_unreadable_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such folder").join("x.db");
    let err = Store::open(path.to_str().unwrap()).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("cannot open the database"), "{text}");
    assert!(text.contains("no such folder"), "{text}");
}
