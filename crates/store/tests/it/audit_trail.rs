//! The audit trail's read side: filters by object (exact or everything under it), person,
//! action and time, paging newest first, the export; and the database refusing to change it.

use pledgewatch_domain::access::Role;
use pledgewatch_store::{
    AUDIT_PAGE_MAX, AuditFilter, AuditRecord, ObjectFilter, Store, StoreError, hash_password,
};
use sqlx::{Connection, SqliteConnection};

use crate::fixture::{FULL, PARTIAL, count, cycle, fresh, small_chapter, snapshot};

/// A trail by three actors: the importer adds chapters 8, 80 and 9 (80 shares 8's prefix as
/// text, not as a path), the admin adds an analyst, the lead assigns them to 8 for Freedonia.
async fn trail(store: &Store) -> String {
    let name = cycle().name;
    store
        .import_chapters(
            &cycle(),
            &[
                small_chapter("8", FULL),
                small_chapter("80", PARTIAL),
                small_chapter("9", FULL),
            ],
            "importer",
        )
        .await
        .expect("import");
    let hash = hash_password("a long enough passphrase").expect("hash");
    store
        .add_account("Ana Analyst", Role::Analyst, &hash, "admin")
        .await
        .expect("account");
    store
        .assign("Ana Analyst", &name, "8", Some("Freedonia"), "lead")
        .await
        .expect("assignment");
    name
}

fn objects(records: &[AuditRecord]) -> Vec<String> {
    records.iter().map(|r| r.object.clone()).collect()
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_audit_records() {
    let (_dir, path, store) = fresh().await;
    trail(&store).await;
    store.close().await;
    let before = snapshot(&path).await;
    let mut conn = SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .expect("a direct connection");
    let update = sqlx::query("UPDATE audit SET actor = 'someone else'")
        .execute(&mut conn)
        .await
        .expect_err("UPDATE on audit must be refused");
    assert!(
        update.to_string().contains("append-only"),
        "the refusal says why: {update}"
    );
    let delete = sqlx::query("DELETE FROM audit WHERE id = 1")
        .execute(&mut conn)
        .await
        .expect_err("DELETE on audit must be refused");
    assert!(
        delete.to_string().contains("append-only"),
        "the refusal says why: {delete}"
    );
    conn.close().await.expect("close");
    assert_eq!(snapshot(&path).await, before, "nothing changed");
    assert!(count(&path, "SELECT COUNT(*) FROM audit").await >= 5);
}

/// The whole trail, newest first, to filter by hand against the store's filters.
async fn everything(store: &Store) -> Vec<AuditRecord> {
    store.audit_log(1000).await.expect("the whole trail")
}

#[tokio::test]
async fn a_commitment_prefix_finds_it_and_its_assessments_and_nothing_else() {
    let (_dir, _path, store) = fresh().await;
    let name = trail(&store).await;
    let prefix = format!("{name}/8");

    let under = AuditFilter {
        object: Some(ObjectFilter::Under(prefix.clone())),
        ..AuditFilter::default()
    };
    let page = store.audit_page(&under, None, 50).await.unwrap();
    let expected: Vec<AuditRecord> = everything(&store)
        .await
        .into_iter()
        .filter(|r| r.object == prefix || r.object.starts_with(&format!("{prefix}/")))
        .collect();
    assert_eq!(page.records, expected);
    assert_eq!(
        objects(&page.records)[..2],
        [format!("{name}/8/Freedonia"), format!("{name}/8")],
        "newest first: the assignment, then the chapter"
    );
    assert!(
        !objects(&page.records).contains(&format!("{name}/80")),
        "chapter 80 is not under chapter 8"
    );
    assert_eq!(page.next_before, None);

    let exact = AuditFilter {
        object: Some(ObjectFilter::Exact(prefix.clone())),
        ..AuditFilter::default()
    };
    let page = store.audit_page(&exact, None, 50).await.unwrap();
    assert!(page.records.iter().all(|r| r.object == prefix));
    assert_eq!(
        page.records.last().map(|r| r.action.as_str()),
        Some("chapter.add")
    );
    assert_eq!(
        page.records.last().map(|r| r.actor.as_str()),
        Some("importer")
    );
}

#[tokio::test]
async fn filters_by_person_action_and_time_return_exactly_their_records() {
    let (_dir, _path, store) = fresh().await;
    let name = trail(&store).await;
    let all = everything(&store).await;

    let by = |actor: &str| AuditFilter {
        actor: Some(actor.to_string()),
        ..AuditFilter::default()
    };
    let importer = store.audit_page(&by("importer"), None, 50).await.unwrap();
    let expected: Vec<AuditRecord> = all
        .iter()
        .filter(|r| r.actor == "importer")
        .cloned()
        .collect();
    assert_eq!(importer.records, expected);
    for code in ["8", "80", "9"] {
        assert!(objects(&importer.records).contains(&format!("{name}/{code}")));
    }
    let admin = store.audit_page(&by("admin"), None, 50).await.unwrap();
    assert_eq!(objects(&admin.records), ["account/Ana Analyst"]);
    let lead = store.audit_page(&by("lead"), None, 50).await.unwrap();
    assert_eq!(objects(&lead.records), [format!("{name}/8/Freedonia")]);
    assert!(
        store
            .audit_page(&by("nobody"), None, 50)
            .await
            .unwrap()
            .records
            .is_empty()
    );

    let chapters = AuditFilter {
        action: Some("chapter.add".to_string()),
        actor: Some("importer".to_string()),
        ..AuditFilter::default()
    };
    assert_eq!(
        objects(&store.audit_page(&chapters, None, 50).await.unwrap().records),
        [
            format!("{name}/9"),
            format!("{name}/80"),
            format!("{name}/8")
        ]
    );

    let now = jiff::Timestamp::now();
    let hour = jiff::SignedDuration::from_hours(1);
    let past = AuditFilter {
        until: Some(now - hour),
        ..AuditFilter::default()
    };
    assert!(
        store
            .audit_page(&past, None, 50)
            .await
            .unwrap()
            .records
            .is_empty()
    );
    let today = AuditFilter {
        since: Some(now - hour),
        until: Some(now + hour),
        ..AuditFilter::default()
    };
    assert_eq!(
        store.audit_page(&today, None, 50).await.unwrap().records,
        all
    );
}

#[tokio::test]
async fn pages_run_newest_first_without_gaps_and_the_export_holds_every_record() {
    let (_dir, _path, store) = fresh().await;
    trail(&store).await;
    let every = everything(&store).await;
    let all = AuditFilter::default();
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.audit_page(&all, before, 4).await.unwrap();
        assert!(page.records.len() <= 4);
        seen.extend(page.records.iter().map(|r| r.id));
        match page.next_before {
            Some(id) => before = Some(id),
            None => break,
        }
    }
    assert_eq!(seen, every.iter().map(|r| r.id).collect::<Vec<_>>());
    assert!(
        seen.len() >= 6,
        "cycle, three chapters, account, assignment"
    );
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seen:?}"
    );

    let exported = store.audit_export(all).collect().await.unwrap();
    assert_eq!(exported, every);

    for limit in [0, AUDIT_PAGE_MAX + 1] {
        let bad = store.audit_page(&AuditFilter::default(), None, limit).await;
        assert!(
            matches!(bad, Err(StoreError::InvalidField { field: "limit", .. })),
            "{bad:?}"
        );
    }
}
