//! Administration: institutions, members with variants and memberships, summits, source
//! documents and API tokens; versions refuse stale writes, fields are named, and every write
//! has its before/after audit record.

use pledgewatch_store::{
    DocumentInput, MemberInput, MembershipInput, Store, StoreError, SummitInput, hash_password,
};

use pledgewatch_domain::{Score, Verdict};

use crate::fixture::{chapter, cycle, fresh, small_chapter};

fn field_of(e: StoreError) -> &'static str {
    match e {
        StoreError::InvalidField { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn member(name: &str, code: &str, variants: &[&str]) -> MemberInput {
    MemberInput {
        name: name.into(),
        code: code.into(),
        variants: variants.iter().map(|v| v.to_string()).collect(),
    }
}

async fn last_audit(store: &Store) -> pledgewatch_store::AuditRecord {
    store.audit_log(1).await.unwrap().remove(0)
}

#[tokio::test]
async fn institutions_are_created_renamed_and_refuse_stale_versions() {
    let (_dir, _path, store) = fresh().await;
    let g8 = store.create_institution(" G8 ", "admin").await.unwrap();
    assert_eq!((g8.name.as_str(), g8.version), ("G8", 1));
    let record = last_audit(&store).await;
    assert_eq!(record.action, "institution.create");
    assert_eq!(record.detail["after"]["name"], "G8");

    assert_eq!(
        field_of(store.create_institution("G8", "admin").await.unwrap_err()),
        "name"
    );
    assert_eq!(
        field_of(store.create_institution("  ", "admin").await.unwrap_err()),
        "name"
    );

    let renamed = store
        .update_institution(g8.id, 1, "G7", "admin")
        .await
        .unwrap();
    assert_eq!(renamed.version, 2);
    let record = last_audit(&store).await;
    assert_eq!(record.detail["before"]["name"], "G8");
    assert_eq!(record.detail["after"]["name"], "G7");

    // A second editor still holding version 1 is refused and changes nothing.
    let stale = store.update_institution(g8.id, 1, "G9", "other").await;
    assert!(
        matches!(stale, Err(StoreError::Stale { current: 2, .. })),
        "{stale:?}"
    );
    assert_eq!(
        store.institution_row(g8.id).await.unwrap().unwrap().name,
        "G7"
    );
    assert_eq!(last_audit(&store).await.actor, "admin");
}

#[tokio::test]
async fn members_have_variants_memberships_and_unique_names() {
    let (_dir, _path, store) = fresh().await;
    let g8 = store.create_institution("G8", "admin").await.unwrap();
    let uk = store
        .create_member(
            &member(
                "United Kingdom",
                "GBR",
                &["UK", "The United Kingdom", "UK", ""],
            ),
            "admin",
        )
        .await
        .unwrap();
    assert_eq!(uk.variants, ["UK", "The United Kingdom"]);
    // Any of its names finds it.
    for name in ["GBR", "UK", "the united kingdom", "U.K."] {
        assert_eq!(
            store.member_row(name).await.unwrap().map(|m| m.id),
            Some(uk.id),
            "{name}"
        );
    }

    let duplicate_code = store
        .create_member(&member("Freedonia", "GBR", &[]), "admin")
        .await;
    assert_eq!(field_of(duplicate_code.unwrap_err()), "code");
    let duplicate_name = store
        .create_member(&member("Britain", "BRI", &[]), "admin")
        .await;
    assert_eq!(field_of(duplicate_name.unwrap_err()), "name");
    let russia = store
        .create_member(&member("Russia", "RUS", &[]), "admin")
        .await
        .unwrap();
    let taken_variant = store
        .update_member(russia.id, 1, &member("Russia", "RUS", &["UK"]), "admin")
        .await;
    assert_eq!(field_of(taken_variant.unwrap_err()), "variants");

    // Russia in the G8, 1997 to 2013; a last year before the first is refused.
    let bad = MembershipInput {
        institution_id: g8.id,
        from_year: 2013,
        to_year: Some(1997),
    };
    assert_eq!(
        field_of(
            store
                .add_membership(russia.id, &bad, "admin")
                .await
                .unwrap_err()
        ),
        "to_year"
    );
    let years = MembershipInput {
        institution_id: g8.id,
        from_year: 1997,
        to_year: Some(2013),
    };
    let membership = store
        .add_membership(russia.id, &years, "admin")
        .await
        .unwrap();
    let record = last_audit(&store).await;
    assert_eq!(record.action, "membership.create");
    assert_eq!(record.detail["after"]["to_year"], 2013);
    let listed = store.memberships_of_institution(g8.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].from_year, listed[0].to_year), (1997, Some(2013)));

    let stale = store.remove_membership(membership.id, 7, "admin").await;
    assert!(matches!(stale, Err(StoreError::Stale { current: 1, .. })));
    store
        .remove_membership(membership.id, 1, "admin")
        .await
        .unwrap();
    assert!(store.membership_row(membership.id).await.unwrap().is_none());
    assert_eq!(
        last_audit(&store).await.detail["after"],
        serde_json::Value::Null
    );

    // Renaming keeps the old name as a variant when its key changes.
    let renamed = store
        .update_member(
            russia.id,
            1,
            &member("Russian Federation (test)", "RUS", &[]),
            "admin",
        )
        .await
        .unwrap();
    assert_eq!(renamed.variants, ["Russia"]);
    assert_eq!(renamed.version, 2);
    let record = last_audit(&store).await;
    assert_eq!(record.detail["before"]["name"], "Russia");
    assert_eq!(record.detail["after"]["variants"][0], "Russia");
}

#[tokio::test]
async fn summits_and_documents_are_validated_and_hand_entered_documents_are_kept() {
    let (_dir, path, store) = fresh().await;
    let g7 = store.create_institution("G7", "admin").await.unwrap();
    let input = SummitInput {
        institution_id: g7.id,
        name: "2031 Testland Summit".into(),
        year: 2031,
        ended_on: "2031-06-14".parse().ok(),
    };
    let summit = store.create_summit(&input, "admin").await.unwrap();
    assert_eq!(
        field_of(store.create_summit(&input, "admin").await.unwrap_err()),
        "name"
    );
    let far = SummitInput {
        year: 20310,
        ..input.clone()
    };
    assert_eq!(
        field_of(store.create_summit(&far, "admin").await.unwrap_err()),
        "year"
    );
    let stale = store.update_summit(summit.id, 3, &input, "admin").await;
    assert!(matches!(stale, Err(StoreError::Stale { current: 1, .. })));

    let document = store
        .create_document(
            &DocumentInput {
                summit_id: Some(summit.id),
                title: "Testland Leaders' Communiqué".into(),
            },
            "admin",
        )
        .await
        .unwrap();
    let again = store
        .create_document(
            &DocumentInput {
                summit_id: Some(summit.id),
                title: "Testland Leaders' Communiqué".into(),
            },
            "admin",
        )
        .await;
    assert_eq!(field_of(again.unwrap_err()), "title");
    let unknown_summit = store
        .create_document(
            &DocumentInput {
                summit_id: Some(9999),
                title: "Other".into(),
            },
            "admin",
        )
        .await;
    assert_eq!(field_of(unknown_summit.unwrap_err()), "summit");

    // An import drops the documents no commitment cites, but not one entered by hand.
    store
        .import_chapters(&cycle(), &[chapter("1")], "test")
        .await
        .unwrap();
    assert!(store.document_row(document.id).await.unwrap().is_some());
    let kept =
        crate::fixture::count(&path, "SELECT COUNT(*) FROM source_document WHERE kept = 1").await;
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn api_tokens_are_listed_and_revoked_by_their_owner_or_anyone_for_admins() {
    let (_dir, _path, store) = fresh().await;
    let hash = hash_password("a long enough passphrase").unwrap();
    store
        .add_account(
            "Ana",
            pledgewatch_domain::access::Role::Analyst,
            &hash,
            "test",
        )
        .await
        .unwrap();
    store
        .add_account(
            "Bo",
            pledgewatch_domain::access::Role::Analyst,
            &hash,
            "test",
        )
        .await
        .unwrap();
    assert_eq!(
        field_of(store.issue_api_token("Ana", " ", "Ana").await.unwrap_err()),
        "label"
    );
    let (row, token) = store
        .issue_api_token("Ana", "scripts", "Ana")
        .await
        .unwrap();
    assert!(store.token_actor(&token).await.unwrap().is_some());
    assert_eq!(store.api_tokens(Some("Ana")).await.unwrap().len(), 1);
    assert!(store.api_tokens(Some("Bo")).await.unwrap().is_empty());

    // Bo cannot revoke Ana's token as if it were his own.
    let refused = store.revoke_api_token(row.id, Some("Bo"), "Bo").await;
    assert!(matches!(refused, Err(StoreError::NotFound(_))));
    let revoked = store
        .revoke_api_token(row.id, Some("Ana"), "Ana")
        .await
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(store.token_actor(&token).await.unwrap().is_none());
    let record = last_audit(&store).await;
    assert_eq!(record.action, "token.revoke");
    assert_eq!(record.detail["before"]["revoked"], false);
    assert_eq!(record.detail["after"]["revoked"], true);
}

#[tokio::test]
async fn plans_are_edited_with_one_version_and_statuses_with_their_own() {
    use pledgewatch_domain::plan::{
        ImplementationStatus, ReportingPeriod, ReportingRhythm, SectionKind, StatusRecord,
    };
    use pledgewatch_store::{MeasureInput, PlanInput, SectionInput};

    let (_dir, _path, store) = fresh().await;
    let input = PlanInput {
        institution: "T7".into(),
        title: "Testland Plan".into(),
        adopted_on: None,
        source: String::new(),
        rhythm: ReportingRhythm::TwiceAYear,
        reviewed_by: Some("Testland Group".into()),
        members: vec!["Canada".into(), "France".into()],
        observers: vec!["Canada".into()],
    };
    assert_eq!(
        field_of(store.create_plan(&input, "ed").await.unwrap_err()),
        "observers"
    );
    let input = PlanInput {
        observers: vec!["Testpol".into()],
        ..input
    };
    store.create_plan(&input, "ed").await.unwrap();
    let title = "Testland Plan";
    let section = SectionInput {
        kind: SectionKind::Pillar,
        number: "I".into(),
        title: "Capacity".into(),
        text: String::new(),
    };
    let (_, v) = store
        .add_plan_section(title, 1, &section, "ed")
        .await
        .unwrap();
    assert_eq!(v, 2);
    let stale = store.add_plan_section(title, 1, &section, "ed").await;
    assert!(matches!(stale, Err(StoreError::Stale { current: 2, .. })));
    let measure = MeasureInput {
        section: 1,
        parent: None,
        code: "I.1".into(),
        text: "Train officers".into(),
    };
    let (plan, v) = store
        .add_plan_measure(title, 2, &measure, "ed")
        .await
        .unwrap();
    assert_eq!((plan.measures().len(), v), (1, 3));
    let record = last_audit(&store).await;
    assert_eq!(record.action, "plan.measure.add");
    assert_eq!(record.detail["after"]["code"], "I.1");

    let period = ReportingPeriod {
        label: "2031-H2".into(),
        start: "2031-07-01".parse().unwrap(),
        end: "2031-12-31".parse().unwrap(),
    };
    store.add_period(title, &period, "ed").await.unwrap();
    let status = StatusRecord {
        member: "Canada".into(),
        measure_code: "I.1".into(),
        period: period.clone(),
        status: ImplementationStatus::InProgress,
        evidence: Vec::new(),
        note: Some("begun".into()),
    };
    assert_eq!(
        store
            .record_plan_status(title, &status, 0, "ana")
            .await
            .unwrap(),
        1
    );
    let again = store.record_plan_status(title, &status, 0, "bo").await;
    assert!(matches!(again, Err(StoreError::Stale { current: 1, .. })));
    let observer = StatusRecord {
        member: "Testpol".into(),
        ..status.clone()
    };
    assert_eq!(
        field_of(
            store
                .record_plan_status(title, &observer, 0, "ana")
                .await
                .unwrap_err()
        ),
        "member"
    );
    // A measure with a status cannot go; renamed, its status follows.
    let removal = store.remove_plan_measure(title, 3, "I.1", "ed").await;
    assert!(matches!(removal, Err(StoreError::WorkflowRefused { .. })));
    store
        .update_plan_measure(title, 3, "I.1", "I.1a", "Train officers", "ed")
        .await
        .unwrap();
    let entries = store.status_entries(title, "2031-H2").await.unwrap();
    assert_eq!(entries[0].record.measure_code, "I.1a");
    assert_eq!(entries[0].version, 1);

    // Renaming onto another plan's title is refused on the title field and changes nothing.
    let other = PlanInput {
        title: "Other Plan".into(),
        ..input.clone()
    };
    store.create_plan(&other, "ed").await.unwrap();
    let rename = PlanInput {
        title: "Other Plan".into(),
        ..input
    };
    assert_eq!(
        field_of(
            store
                .update_plan(title, 4, &rename, "ed")
                .await
                .unwrap_err()
        ),
        "title"
    );
    assert_eq!(store.plan_version(title).await.unwrap(), Some(4));
}

#[tokio::test]
async fn an_imported_chapter_finds_a_member_by_a_variant_an_administrator_recorded() {
    let (_dir, _path, store) = fresh().await;
    let member_id = store
        .create_member(&member("Freedonia", "FRD", &["Duchy of Fenwick"]), "admin")
        .await
        .unwrap()
        .id;
    let mut chapter = small_chapter("1", Verdict::Scored(Score::Full));
    chapter.assessment_table[0].member = "Duchy of Fenwick".into();
    store
        .import_chapters(&cycle(), &[chapter], "import")
        .await
        .unwrap();
    // No second member: the chapter's spelling is the recorded variant of Freedonia.
    let members = store.members(&cycle().name).await.unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| (m.name.as_str(), m.code.as_str()))
            .collect::<Vec<_>>(),
        [("Freedonia", "FRD")]
    );
    assert_eq!(store.member_rows().await.unwrap().len(), 1);
    assert_eq!(
        store
            .member_row("Duchy of Fenwick")
            .await
            .unwrap()
            .map(|m| m.id),
        Some(member_id)
    );
}
