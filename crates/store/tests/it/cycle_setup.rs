//! Setting up a cycle: creating it, members in scope (every assessment exists, not yet
//! assessed), commitments' working copies, versions (stale writes change nothing), refusals
//! that would lose work, and the audit trail's before/after.

use jiff::civil::date;
use pledgewatch_domain::rubric::Rubric;
use pledgewatch_domain::{
    Cycle, CycleKind, PercentConvention, Period, Section, SectionKind, Verdict,
};
use pledgewatch_store::{CommitmentDraft, Store, StoreError};

use crate::fixture::{chapter, count, cycle, fresh, snapshot};

const NEW: &str = "2032 Sylvania Summit Interim";

fn new_cycle() -> Cycle {
    Cycle {
        name: NEW.to_string(),
        kind: Some(CycleKind::Interim),
        period: Some(Period::new(date(2032, 6, 1), date(2033, 1, 31)).unwrap()),
        convention: PercentConvention::Legacy,
        institution: Some("F5".to_string()),
        summit: Some("2032 Sylvania Summit".to_string()),
    }
}

fn draft(code: &str, title: &str) -> CommitmentDraft {
    CommitmentDraft {
        code: code.to_string(),
        area: "Area".to_string(),
        title: title.to_string(),
        text: "We commit to act.".to_string(),
        source: "Sylvania Communiqué".to_string(),
        director: Some("Dana Director".to_string()),
        lead_analyst: None,
        sections: vec![Section {
            kind: SectionKind::Background,
            text: "Earlier summits.".to_string(),
        }],
    }
}

/// The register's codes for the members the fixture chapter brings (three of them).
async fn register_codes(store: &Store) -> Vec<String> {
    store
        .members(&cycle().name)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect()
}

#[tokio::test]
async fn a_set_up_cycle_has_every_assessment_not_yet_assessed() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "test")
        .await
        .unwrap();
    let codes = register_codes(&store).await;
    assert!(codes.len() >= 3, "{codes:?}");

    let created = store.create_cycle(&new_cycle(), "eda").await.unwrap();
    assert_eq!(created.summit.as_deref(), Some("2032 Sylvania Summit"));
    let taken = store.create_cycle(&new_cycle(), "eda").await;
    assert!(matches!(
        taken,
        Err(StoreError::InvalidField { field: "name", .. })
    ));

    let setup = store.cycle_setup(NEW).await.unwrap().unwrap();
    assert_eq!(setup.version, 1);
    assert!(setup.members.is_empty());
    let v = store
        .set_cycle_members(NEW, 1, &codes[..3], "eda")
        .await
        .unwrap();
    assert_eq!(v, 2);
    store
        .add_cycle_commitment(NEW, &draft("1", "One"), "eda")
        .await
        .unwrap();
    store
        .add_cycle_commitment(NEW, &draft("2", "Two"), "eda")
        .await
        .unwrap();
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
             JOIN cycle y ON y.id = c.cycle_id \
             WHERE y.name = '2032 Sylvania Summit Interim' AND a.verdict IS NULL"
        )
        .await,
        6
    );
    let matrix = store.score_matrix(NEW).await.unwrap().unwrap();
    assert!(
        matrix
            .rows
            .iter()
            .all(|r| r.cells == vec![Verdict::NotAssessed; 3])
    );

    // A member added later gets an assessment of every commitment; reordering keeps them.
    let v = store
        .set_cycle_members(NEW, v, &[codes[2].clone(), codes[0].clone()], "eda")
        .await
        .unwrap();
    let order: Vec<String> = store
        .members(NEW)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(order, [codes[2].clone(), codes[0].clone()]);
    store
        .set_cycle_members(NEW, v, &codes[..3], "eda")
        .await
        .unwrap();
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM assessment a JOIN commitment c ON c.id = a.commitment_id \
             JOIN cycle y ON y.id = c.cycle_id WHERE y.name = '2032 Sylvania Summit Interim'"
        )
        .await,
        6
    );

    // The new commitment is a chapter with its text and sections.
    let chapter = store.chapter(NEW, "1").await.unwrap().unwrap();
    assert_eq!(chapter.commitment.title, "One");
    assert_eq!(chapter.director.as_deref(), Some("Dana Director"));
    assert_eq!(chapter.sections.len(), 1);
}

#[tokio::test]
async fn stale_versions_and_lost_work_are_refused_and_change_nothing() {
    let (_dir, path, store) = fresh().await;
    store
        .import_chapters(&cycle(), &[chapter("18")], "test")
        .await
        .unwrap();
    let codes = register_codes(&store).await;
    store.create_cycle(&new_cycle(), "eda").await.unwrap();
    store
        .set_cycle_members(NEW, 1, &codes[..1], "eda")
        .await
        .unwrap();
    store
        .add_cycle_commitment(NEW, &draft("1", "One"), "eda")
        .await
        .unwrap();
    let before = snapshot(&path).await;

    let stale = store.set_cycle_members(NEW, 1, &codes, "eda").await;
    assert!(matches!(stale, Err(StoreError::Stale { current: 2, .. })));
    let renamed = Cycle {
        name: "2032 Renamed".to_string(),
        ..new_cycle()
    };
    let stale = store.update_cycle_settings(NEW, 1, &renamed, "eda").await;
    assert!(matches!(stale, Err(StoreError::Stale { .. })));
    let stale = store
        .update_commitment_draft(NEW, "1", 7, &draft("1", "Other"), "eda")
        .await;
    assert!(matches!(stale, Err(StoreError::Stale { current: 1, .. })));
    let reversed = Cycle {
        period: Some(Period {
            start: date(2033, 1, 1),
            end: date(2032, 1, 1),
        }),
        ..new_cycle()
    };
    assert!(matches!(
        store.update_cycle_settings(NEW, 2, &reversed, "eda").await,
        Err(StoreError::InvalidField {
            field: "period_end",
            ..
        })
    ));
    assert!(matches!(
        store
            .set_cycle_members(NEW, 2, &["NOWHERE".to_string()], "eda")
            .await,
        Err(StoreError::InvalidField {
            field: "members",
            ..
        })
    ));
    assert!(matches!(
        store
            .add_cycle_commitment(NEW, &draft("1", "Again"), "eda")
            .await,
        Err(StoreError::InvalidField { field: "code", .. })
    ));

    // The imported cycle's members have scores: removing one would lose them.
    let fixture = store.cycle_setup(&cycle().name).await.unwrap().unwrap();
    assert!(fixture.members.iter().any(|m| m.has_work));
    let lose = store
        .set_cycle_members(&cycle().name, fixture.version, &[], "eda")
        .await;
    assert!(matches!(
        lose,
        Err(StoreError::InvalidField {
            field: "members",
            ..
        })
    ));

    // A rubric over a version that is no longer the newest.
    let rubric = Rubric::from_toml_str(
        "version = 1\n[[dimension]]\nkey = \"act\"\nname = \"Acting\"\n\
         [[rule]]\nname = \"strong\"\nscore = 1\nstrong = 1\n\
         [[rule]]\nname = \"none\"\nscore = 0\nstrong = 0\n",
    )
    .unwrap();
    assert!(matches!(
        store
            .save_rubric_over(NEW, "1", Some(1), &rubric, "eda")
            .await,
        Err(StoreError::Stale { current: 0, .. })
    ));
    assert_eq!(snapshot(&path).await, before, "nothing changed");

    assert_eq!(
        store
            .save_rubric_over(NEW, "1", None, &rubric, "eda")
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn edits_are_audited_with_before_and_after() {
    let (_dir, _path, store) = fresh().await;
    store.create_cycle(&new_cycle(), "eda").await.unwrap();
    store
        .add_cycle_commitment(NEW, &draft("1", "One"), "eda")
        .await
        .unwrap();
    let mut changed = draft("1a", "One, renamed");
    changed.sections.push(Section {
        kind: SectionKind::ScoringGuidelines,
        text: "−1, 0, +1.".to_string(),
    });
    let v = store
        .update_commitment_draft(NEW, "1", 1, &changed, "lee")
        .await
        .unwrap();
    assert_eq!(v, 2);
    let (read, version) = store.commitment_draft(NEW, "1a").await.unwrap().unwrap();
    assert_eq!(version, 2);
    assert_eq!(read.sections.len(), 2);
    assert!(store.commitment_draft(NEW, "1").await.unwrap().is_none());

    let settings = Cycle {
        kind: Some(CycleKind::Final),
        ..new_cycle()
    };
    store
        .update_cycle_settings(NEW, 1, &settings, "eda")
        .await
        .unwrap();

    let log = store.audit_log(20).await.unwrap();
    let update = log
        .iter()
        .find(|r| r.action == "commitment.update")
        .unwrap();
    assert_eq!(update.actor, "lee");
    assert_eq!(update.detail["before"]["title"], "One");
    assert_eq!(update.detail["after"]["title"], "One, renamed");
    assert_eq!(update.detail["after"]["version"], 2);
    let cycle = log.iter().find(|r| r.action == "cycle.update").unwrap();
    assert_eq!(cycle.detail["before"]["cycle"]["kind"], "interim");
    assert_eq!(cycle.detail["after"]["cycle"]["kind"], "final");
    let created = log.iter().find(|r| r.action == "cycle.create").unwrap();
    assert!(created.detail["before"].is_null());
    assert_eq!(created.detail["after"]["convention"], "legacy");
}
