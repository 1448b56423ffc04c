//! Institutions, summits, source documents and people: stored with the import, read back, and
//! left alone by an identical re-import.

use pledgewatch_domain::{Cycle, Institution, Person, SourceDocument, people_of};
use pledgewatch_store::{ChapterImport, Store, StoreError};
use sqlx::{Connection, SqliteConnection};

use crate::fixture::{FULL, chapter, count, cycle, fresh, small_chapter, snapshot};

fn g7_cycle() -> Cycle {
    Cycle {
        institution: Some("F5".to_string()),
        summit: Some("2030 Freedonia Summit".to_string()),
        ..cycle()
    }
}

fn titles(documents: &[SourceDocument]) -> Vec<&str> {
    documents.iter().map(|d| d.title.as_str()).collect()
}

#[tokio::test]
async fn institution_summit_documents_and_people_round_trip() {
    let (_dir, path, store) = fresh().await;
    let mut other = small_chapter("3", FULL);
    other.commitment.source = "Freedonia Action Plan".to_string();
    let chapters = [chapter("1"), chapter("2"), other];
    let outcome = store
        .import_chapters(&g7_cycle(), &chapters, "test")
        .await
        .unwrap();
    assert_eq!(outcome, [const { ChapterImport::Added }; 3]);

    let stored = store.cycle(&g7_cycle().name).await.unwrap().unwrap();
    assert_eq!(stored, g7_cycle());
    let listed = store.cycles().await.unwrap();
    assert_eq!(listed[0].cycle, g7_cycle());
    assert_eq!(
        store.institutions().await.unwrap(),
        [Institution {
            name: "F5".to_string()
        }]
    );
    // The year from the summit's name; its dates are unknown until an editor gives them.
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM summit s JOIN institution i ON i.id = s.institution_id \
             WHERE i.name = 'F5' AND s.name = '2030 Freedonia Summit' AND s.year = 2030 \
             AND s.ended_on IS NULL"
        )
        .await,
        1
    );

    // Two commitments share the communiqué: one document, tied to the summit.
    let documents = store.source_documents(&g7_cycle().name).await.unwrap();
    assert_eq!(
        titles(&documents),
        [
            "Freedonia Leaders\u{2019} Communiqué",
            "Freedonia Action Plan"
        ]
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM source_document WHERE summit_id IS NOT NULL"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(DISTINCT source_document_id) FROM commitment"
        )
        .await,
        2
    );

    // People: the director `Olivier d’Aragon` and the analyst `Olivier d'Aragon` are one.
    let people = store.people(&g7_cycle().name).await.unwrap();
    let reloaded = store.chapters(&g7_cycle().name).await.unwrap();
    assert_eq!(people, people_of(&reloaded));
    assert_eq!(
        people,
        [
            Person {
                name: "Olivier d\u{2019}Aragon".to_string(),
                variants: vec!["Olivier d'Aragon".to_string()],
            },
            Person {
                name: "Maya Tran".to_string(),
                variants: vec![],
            },
            Person {
                name: "Kevin Li".to_string(),
                variants: vec![],
            },
        ]
    );
    assert_eq!(store.people("No such cycle").await.unwrap(), []);
    assert_eq!(store.source_documents("No such cycle").await.unwrap(), []);

    // An identical re-import writes nothing at all.
    let before = snapshot(&path).await;
    let again = store
        .import_chapters(&g7_cycle(), &chapters, "test")
        .await
        .unwrap();
    assert_eq!(again, [const { ChapterImport::Unchanged }; 3]);
    assert_eq!(snapshot(&path).await, before);
    // Nor does a re-import whose files lack the header: what was recorded stays.
    store
        .import_chapters(&cycle(), &chapters, "test")
        .await
        .unwrap();
    assert_eq!(snapshot(&path).await, before);
}

#[tokio::test]
async fn a_cycle_that_learns_its_summit_moves_its_documents_to_it() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("1"), chapter("2")], "test")
        .await
        .unwrap();
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM source_document WHERE summit_id IS NULL"
        )
        .await,
        1
    );
    store
        .import_chapters(&g7_cycle(), &[chapter("1")], "test")
        .await
        .unwrap();
    assert_eq!(store.cycle(&cycle().name).await.unwrap(), Some(g7_cycle()));
    // One document, now the summit's; none left behind.
    assert_eq!(
        count(&path, "SELECT COUNT(*) FROM source_document").await,
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM commitment c JOIN source_document d \
             ON d.id = c.source_document_id WHERE d.summit_id IS NOT NULL"
        )
        .await,
        2
    );
    let audit = store.audit_log(1).await.unwrap();
    assert_eq!(audit[0].action, "cycle.update");
    assert_eq!(audit[0].detail["to"]["summit"], "2030 Freedonia Summit");

    // A replaced chapter that names another source leaves no unused document.
    let mut changed = chapter("2");
    changed.commitment.source = "Freedonia Ministerial Declaration".to_string();
    store
        .import_chapters(&g7_cycle(), &[changed], "test")
        .await
        .unwrap();
    assert_eq!(
        titles(&store.source_documents(&cycle().name).await.unwrap()),
        [
            "Freedonia Leaders\u{2019} Communiqué",
            "Freedonia Ministerial Declaration"
        ]
    );
    assert_eq!(
        count(&path, "SELECT COUNT(*) FROM source_document").await,
        2
    );
}

#[tokio::test]
async fn a_summit_without_its_institution_or_year_is_refused() {
    let (_dir, path, store) = fresh().await;
    let before = snapshot(&path).await;
    let orphan = Cycle {
        summit: Some("2030 Freedonia Summit".to_string()),
        ..cycle()
    };
    let undated = Cycle {
        institution: Some("F5".to_string()),
        summit: Some("Freedonia Summit".to_string()),
        period: None,
        ..cycle()
    };
    for bad in [orphan, undated] {
        let err = store
            .import_chapters(&bad, &[chapter("1")], "test")
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::InvalidCycle(_)), "{err}");
        assert!(err.to_string().contains("summit"), "{err}");
        assert_eq!(snapshot(&path).await, before);
    }
    // An institution alone is fine; blank names count as not given.
    let institution_only = Cycle {
        institution: Some(" F5 ".to_string()),
        summit: Some("  ".to_string()),
        ..cycle()
    };
    store
        .import_chapters(&institution_only, &[chapter("1")], "test")
        .await
        .unwrap();
    let stored = store.cycle(&cycle().name).await.unwrap().unwrap();
    assert_eq!(
        (stored.institution.as_deref(), stored.summit),
        (Some("F5"), None)
    );
}

#[tokio::test]
async fn a_database_of_the_first_schema_gets_its_source_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let path = path.to_str().unwrap().to_string();
    // The first migration only, as a database made before institutions existed.
    let first = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/sqlite/0001_schema.sql"
        ),
        first.path().join("0001_schema.sql"),
    )
    .unwrap();
    {
        let mut conn = SqliteConnection::connect(&format!("sqlite://{path}?mode=rwc"))
            .await
            .unwrap();
        sqlx::migrate::Migrator::new(first.path())
            .await
            .unwrap()
            .run(&mut conn)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO cycle (id, name, convention) VALUES (1, 'Old', 'rescaled'); \
             INSERT INTO commitment (cycle_id, code, area, title, text, source, has_chapter, \
                                     position) \
             VALUES (1, '1', '', '', '', 'Old Communiqué', 1, 1), \
                    (1, '2', '', '', '', 'Old Communiqué', 1, 2), \
                    (1, '3', '', '', '', '', 0, 3);",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    let store = Store::open(&path).await.unwrap();
    assert_eq!(
        titles(&store.source_documents("Old").await.unwrap()),
        ["Old Communiqué"]
    );
    let old = store.cycle("Old").await.unwrap().unwrap();
    assert_eq!((old.institution, old.summit), (None, None));
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM commitment WHERE source_document_id IS NULL"
        )
        .await,
        1
    );
}
