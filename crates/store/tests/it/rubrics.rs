//! Rubric versions, blind double coding, adjudication by the lead analyst, and submission with
//! the justification rule.

use pledgewatch_domain::Score;
use pledgewatch_domain::coding::{Adjudication, CodedEvidence, Effective};
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric, Strength};
use pledgewatch_store::{Store, StoreError};

use crate::fixture::{chapter, count, cycle, fresh, snapshot};

const CH18: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../domain/rubrics/g7-2024-18-border-management.toml"
));

fn rubric() -> Rubric {
    Rubric::from_toml_str(CH18).expect("the example rubric reads")
}

fn item(evidence: u32, dimension: &str, strength: EvidenceStrength) -> CodedEvidence {
    CodedEvidence {
        evidence,
        dimension: dimension.to_string(),
        strength,
    }
}

async fn setup() -> (tempfile::TempDir, String, Store, String) {
    let (dir, path, store) = fresh().await;
    let c = cycle();
    store
        .import_chapters(&c, &[chapter("18")], "tester")
        .await
        .expect("chapter imports");
    store
        .save_rubric(&c.name, "18", &rubric(), "tester")
        .await
        .expect("rubric saves");
    (dir, path, store, c.name)
}

#[tokio::test]
async fn rubric_versions_count_up_and_identical_saves_write_nothing() {
    let (_dir, path, store, cy) = setup().await;
    let audits = count(&path, "SELECT COUNT(*) FROM audit").await;
    assert_eq!(
        store
            .save_rubric(&cy, "18", &rubric(), "tester")
            .await
            .unwrap(),
        1
    );
    assert_eq!(count(&path, "SELECT COUNT(*) FROM audit").await, audits);

    let mut changed = rubric();
    changed.rules.pop();
    assert_eq!(
        store
            .save_rubric(&cy, "18", &changed, "editor")
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM audit WHERE action = 'rubric.save'"
        )
        .await,
        2
    );
    let latest = store.rubric(&cy, "18", None).await.unwrap().unwrap();
    assert_eq!(latest.version, 2);
    assert_eq!(latest.rules.len(), rubric().rules.len() - 1);
    let first = store.rubric(&cy, "18", Some(1)).await.unwrap().unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.rules, rubric().rules);
    let history = store.rubric_history(&cy, "18").await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.version, h.saved_by.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "tester"), (2, "editor")]
    );

    let mut broken = rubric();
    broken.rules.clear();
    let before = snapshot(&path).await;
    let err = store
        .save_rubric(&cy, "18", &broken, "x")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidRubric { .. }), "{err}");
    assert_eq!(snapshot(&path).await, before);
    assert!(matches!(
        store.rubric(&cy, "99", None).await,
        Err(StoreError::NotFound(_))
    ));
}

#[tokio::test]
async fn double_coding_is_blind_until_both_submit_then_the_lead_adjudicates() {
    let (_dir, path, store, cy) = setup().await;
    store.set_required_coders(&cy, 2, "tester").await.unwrap();
    store
        .save_coding(
            &cy,
            "18",
            "Freedonia",
            "Ann Lee",
            &[
                item(1, "border", EvidenceStrength::Strong),
                item(2, "crime", EvidenceStrength::Strong),
            ],
            "Ann Lee",
        )
        .await
        .unwrap();
    store
        .save_coding(
            &cy,
            "18",
            "Freedonia",
            "Bo Chan",
            &[
                item(1, "border", EvidenceStrength::Strong),
                item(2, "crime", EvidenceStrength::Weak),
            ],
            "Bo Chan",
        )
        .await
        .unwrap();
    // Unknown evidence number and unknown dimension: refused, nothing written.
    let before = snapshot(&path).await;
    let err = store
        .save_coding(
            &cy,
            "18",
            "Freedonia",
            "Ann Lee",
            &[item(3, "border", EvidenceStrength::Weak)],
            "a",
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no evidence item 3"), "{err}");
    let err = store
        .save_coding(
            &cy,
            "18",
            "Freedonia",
            "Ann Lee",
            &[item(1, "sea", EvidenceStrength::Weak)],
            "a",
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("`sea` is not a dimension"),
        "{err}"
    );
    assert_eq!(snapshot(&path).await, before);

    store
        .submit_coding(&cy, "18", "Freedonia", "Ann Lee", "Ann Lee")
        .await
        .unwrap();
    let all = store
        .assessment_codings(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    let ann = all.visible_to("Ann Lee");
    assert_eq!(ann.codings.len(), 1, "Ann sees only her own coding");
    assert_eq!(ann.codings[0].coder, "Ann Lee");
    assert_eq!(
        all.effective(&rubric()),
        Effective::AwaitingCoders {
            submitted: 1,
            required: 2
        }
    );
    let err = store
        .save_coding(&cy, "18", "Freedonia", "ann lee", &[], "a")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already submitted"), "{err}");

    store
        .submit_coding(&cy, "18", "Freedonia", "Bo Chan", "Bo Chan")
        .await
        .unwrap();
    let all = store
        .assessment_codings(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(all.visible_to("Ann Lee").codings.len(), 2);
    assert_eq!(all.disagreements(&rubric()), vec!["crime"]);

    let decision = |by: &str, dimension: &str| Adjudication {
        dimension: Some(dimension.to_string()),
        strength: Strength::Strong,
        contradictory: false,
        by: by.to_string(),
        note: "The second item is a conviction.".to_string(),
        at: jiff::Timestamp::now(),
    };
    let before = snapshot(&path).await;
    let err = store
        .adjudicate(
            &cy,
            "18",
            "Freedonia",
            &decision("Kevin Li", "crime"),
            "Kevin Li",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::AdjudicationRefused { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("Maya Tran"), "{err}");
    let err = store
        .adjudicate(
            &cy,
            "18",
            "Freedonia",
            &decision("Maya Tran", "border"),
            "Maya Tran",
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("do not disagree"), "{err}");
    assert_eq!(snapshot(&path).await, before);

    store
        .adjudicate(
            &cy,
            "18",
            "Freedonia",
            &decision("maya tran", "crime"),
            "Maya Tran",
        )
        .await
        .unwrap();
    let all = store
        .assessment_codings(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    let Effective::Ready(coding) = all.effective(&rubric()) else {
        panic!("adjudicated coding is ready");
    };
    assert_eq!(
        coding.strengths,
        vec![Strength::Strong, Strength::Strong, Strength::None]
    );
    let cycle_wide = store.cycle_codings(&cy).await.unwrap();
    assert!(
        cycle_wide
            .iter()
            .any(|(code, a)| code == "18" && a.member == "Freedonia" && a.adjudications.len() == 1)
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM audit WHERE action LIKE 'coding.%'"
        )
        .await,
        5
    );
}

#[tokio::test]
async fn a_departing_score_needs_a_justification() {
    let (_dir, path, store, cy) = setup().await;
    // Freedonia is scored +1; strong in one criterion suggests 0.
    store
        .save_coding(
            &cy,
            "18",
            "Freedonia",
            "Ann Lee",
            &[item(1, "border", EvidenceStrength::Strong)],
            "a",
        )
        .await
        .unwrap();
    store
        .submit_coding(&cy, "18", "Freedonia", "Ann Lee", "a")
        .await
        .unwrap();

    // The imported chapter is published: a new score needs it reopened first.
    store
        .reopen_assessment(&cy, "18", "Freedonia", "rescoring with the rubric", "eve")
        .await
        .unwrap();
    let before = snapshot(&path).await;
    let err = store
        .submit_assessment(&cy, "18", "Freedonia", "Kevin Li")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::SubmissionRefused { .. }), "{err}");
    assert!(err.to_string().contains("justification"), "{err}");
    assert_eq!(snapshot(&path).await, before, "nothing written on refusal");
    let state = store
        .assessment_state(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, "draft");

    let key = (cy.as_str(), "18", "Freedonia");
    let version = store
        .assessment_draft(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .version;
    // A blank justification and a stale version are refused, and nothing is written.
    let err = store
        .set_justification(key, version, "  \n ", "Kevin Li")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "justification",
                ..
            }
        ),
        "{err}"
    );
    let err = store
        .set_justification(key, version - 1, "Too late.", "Kevin Li")
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Stale { current, .. } if current == version),
        "{err}"
    );
    assert_eq!(snapshot(&path).await, before, "nothing written on refusal");

    let justified = store
        .set_justification(
            key,
            version,
            "  The lens counts for all three. ",
            "Kevin Li",
        )
        .await
        .unwrap();
    assert_eq!(
        justified,
        version + 1,
        "a justification is an edit: it bumps the version"
    );
    let record = &store.audit_log(1).await.unwrap()[0];
    assert_eq!(record.action, "assessment.justify");
    assert_eq!(
        record.detail,
        serde_json::json!({
            "before": {"justification": null, "version": version},
            "after": {"justification": "The lens counts for all three.", "version": version + 1},
        })
    );
    let audits = count(&path, "SELECT COUNT(*) FROM audit").await;
    let suggestion = store
        .submit_assessment(&cy, "18", "Freedonia", "Kevin Li")
        .await
        .unwrap()
        .expect("a suggestion");
    assert_eq!(suggestion.score(), Some(Score::Partial));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM audit").await, audits + 1);
    let state = store
        .assessment_state(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, "submitted");
    assert_eq!(
        state.justification.as_deref(),
        Some("The lens counts for all three.")
    );
    let (rubric_version, score, reason) = state.recorded_suggestion.expect("recorded");
    assert_eq!((rubric_version, score), (1, Some(Score::Partial)));
    assert!(reason.contains("strong in 1 or 2"), "{reason}");

    // Submitted: the justification readers will see with the score is fixed.
    let submitted = store
        .assessment_draft(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .version;
    let before = snapshot(&path).await;
    let err = store
        .set_justification(key, submitted, "Rewritten after review.", "Kevin Li")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::WorkflowRefused { .. }), "{err}");
    assert_eq!(snapshot(&path).await, before, "nothing written on refusal");
}

/// The score and its justification saved as one change: one version bump, an
/// `assessment.update` and an `assessment.justify` record; a blank justification refuses the
/// whole change, score included.
#[tokio::test]
async fn a_score_and_its_justification_are_one_change() {
    let (_dir, path, store, cy) = setup().await;
    store
        .reopen_assessment(&cy, "18", "Freedonia", "rescoring with the rubric", "eve")
        .await
        .unwrap();
    let key = (cy.as_str(), "18", "Freedonia");
    let draft = store
        .assessment_draft(&cy, "18", "Freedonia")
        .await
        .unwrap();
    let change = pledgewatch_store::AssessmentText {
        verdict: pledgewatch_domain::Verdict::Scored(Score::Full),
        opening: "Freedonia acted.".to_string(),
        conclusion: "It complied.".to_string(),
    };
    let before = snapshot(&path).await;
    let err = store
        .set_assessment_justified(key, draft.version, &change, Some(" "), "Kevin Li")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidField {
                field: "justification",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        snapshot(&path).await,
        before,
        "the score was not saved either"
    );

    let v = store
        .set_assessment_justified(
            key,
            draft.version,
            &change,
            Some("Counted twice."),
            "Kevin Li",
        )
        .await
        .unwrap();
    assert_eq!(v, draft.version + 1);
    let records = store.audit_log(2).await.unwrap();
    assert_eq!(records[0].action, "assessment.update");
    assert_eq!(records[1].action, "assessment.justify");
    assert_eq!(
        records[1].detail["after"]["justification"],
        "Counted twice."
    );
    assert_eq!(records[1].detail["after"]["version"], v);
    let state = store
        .assessment_state(&cy, "18", "Freedonia")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.justification.as_deref(), Some("Counted twice."));

    // The same justification again is no change to it: only the update is recorded.
    let audits = count(&path, "SELECT COUNT(*) FROM audit").await;
    store
        .set_assessment_justified(key, v, &change, Some("Counted twice."), "Kevin Li")
        .await
        .unwrap();
    assert_eq!(count(&path, "SELECT COUNT(*) FROM audit").await, audits + 1);
}

/// Every coding write records what it changed as `{"before", "after"}`.
#[tokio::test]
async fn coding_writes_record_before_and_after() {
    let (_dir, _path, store, cy) = setup().await;
    let last = |store: Store| async move { store.audit_log(1).await.unwrap().remove(0) };
    store.set_required_coders(&cy, 2, "tester").await.unwrap();
    let r = last(store.clone()).await;
    assert_eq!(
        (r.action.as_str(), r.object.as_str()),
        ("cycle.coders", cy.as_str())
    );
    assert_eq!(
        r.detail,
        serde_json::json!({"before": {"required_coders": 1}, "after": {"required_coders": 2}})
    );

    let first = [item(1, "border", EvidenceStrength::Strong)];
    store
        .save_coding(&cy, "18", "Freedonia", "Ann Lee", &first, "Ann Lee")
        .await
        .unwrap();
    let r = last(store.clone()).await;
    assert_eq!(r.action, "coding.save");
    assert_eq!(
        r.detail,
        serde_json::json!({
            "before": {"coder": "Ann Lee", "items": null},
            "after": {"coder": "Ann Lee",
                      "items": [{"evidence": 1, "dimension": "border", "strength": "strong"}]},
        })
    );
    let second = [
        item(1, "border", EvidenceStrength::Strong),
        item(2, "crime", EvidenceStrength::Strong),
    ];
    store
        .save_coding(&cy, "18", "Freedonia", "Ann Lee", &second, "Ann Lee")
        .await
        .unwrap();
    let r = last(store.clone()).await;
    assert_eq!(
        r.detail["before"]["items"],
        serde_json::json!([{"evidence": 1, "dimension": "border", "strength": "strong"}])
    );
    assert_eq!(r.detail["after"]["items"][1]["dimension"], "crime");

    store
        .save_coding(&cy, "18", "Freedonia", "Bo Chan", &first, "Bo Chan")
        .await
        .unwrap();
    for coder in ["Ann Lee", "Bo Chan"] {
        store
            .submit_coding(&cy, "18", "Freedonia", coder, coder)
            .await
            .unwrap();
    }
    let r = last(store.clone()).await;
    assert_eq!(r.action, "coding.submit");
    assert_eq!(
        r.detail,
        serde_json::json!({
            "before": {"coder": "Bo Chan", "submitted": false},
            "after": {"coder": "Bo Chan", "submitted": true},
        })
    );

    // They disagree on `crime`; the lead decides, then changes her mind.
    let decide = |strength: Strength, note: &str| Adjudication {
        dimension: Some("crime".to_string()),
        strength,
        contradictory: false,
        by: "Maya Tran".to_string(),
        note: note.to_string(),
        at: jiff::Timestamp::now(),
    };
    store
        .adjudicate(
            &cy,
            "18",
            "Freedonia",
            &decide(Strength::Weak, "A plan."),
            "Maya Tran",
        )
        .await
        .unwrap();
    let r = last(store.clone()).await;
    assert_eq!(r.action, "coding.adjudicate");
    assert_eq!(
        r.detail,
        serde_json::json!({
            "before": null,
            "after": {"point": "crime", "strength": "weak", "contradictory": false,
                      "by": "Maya Tran", "note": "A plan."},
        })
    );
    store
        .adjudicate(
            &cy,
            "18",
            "Freedonia",
            &decide(Strength::Strong, "A conviction."),
            "Maya Tran",
        )
        .await
        .unwrap();
    let r = last(store.clone()).await;
    assert_eq!(
        r.detail["before"],
        serde_json::json!({"point": "crime", "strength": "weak", "contradictory": false,
                           "by": "Maya Tran", "note": "A plan."})
    );
    assert_eq!(r.detail["after"]["strength"], "strong");
}
