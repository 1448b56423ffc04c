//! Editions on the site: readers see the newest published edition only, never the working copy;
//! staff preview it; editors publish and reopen; every edition stays readable as it was.

use axum::http::StatusCode;
use pledgewatch_domain::access::Role;
use pledgewatch_domain::{CycleKind, PercentConvention, Score, Verdict};
use pledgewatch_store::AssessmentText;

use crate::accounts::sign_in;
use crate::fixture::{CYCLE, SLUG, Site, site};

const CODE: &str = "8";
const MEMBER: &str = "France";

/// The overall line (`+0.14 (57%)`) of the newest edition and of the working copy.
async fn overall_lines(site: &Site) -> (String, String) {
    let line = |m: &pledgewatch_domain::ScoreMatrix| {
        m.overall()
            .map(|a| a.published_line(m.convention))
            .unwrap_or_default()
    };
    let published = site
        .store
        .latest_edition(CYCLE)
        .await
        .unwrap()
        .expect("an edition");
    let (working, _) = site.store.working_copy(CYCLE).await.unwrap().unwrap();
    (line(&published.snapshot.matrix), line(&working.matrix))
}

/// Reopens France's assessment of commitment 8 and scores it +1 in the working copy; returns
/// its version.
async fn rescore(site: &Site) -> i64 {
    site.store
        .reopen_assessment(CYCLE, CODE, MEMBER, "a source was misread", "Eda Editor")
        .await
        .unwrap();
    let draft = site
        .store
        .assessment_draft(CYCLE, CODE, MEMBER)
        .await
        .unwrap();
    let text = AssessmentText {
        verdict: Verdict::Scored(Score::Full),
        opening: draft.opening.clone(),
        conclusion: draft.conclusion.clone(),
    };
    site.store
        .set_assessment((CYCLE, CODE, MEMBER), draft.version, &text, "Ana Analyst")
        .await
        .unwrap()
}

#[tokio::test]
async fn readers_never_see_the_working_copy_and_staff_preview_it() {
    let site = site().await;
    let card = site.get(&format!("/cycles/{SLUG}")).await;
    assert_eq!(card.status, StatusCode::OK);
    let scores = site.get(&format!("/api/v1/cycles/{SLUG}/scores")).await;
    let list = site.get("/api/v1/cycles").await;

    rescore(&site).await;
    let (published, working) = overall_lines(&site).await;
    assert_ne!(published, working, "the draft changes the overall");

    // Readers (and signed-in staff on the public pages) still see edition 1, byte for byte.
    let after = site.get(&format!("/cycles/{SLUG}")).await;
    assert_eq!(after.body, card.body);
    assert!(after.body.contains(&published));
    assert!(!after.body.contains(&working));
    let staff = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let as_staff = staff.get(&site, &format!("/cycles/{SLUG}")).await;
    assert!(as_staff.body.contains(&published) && !as_staff.body.contains(&working));
    assert_eq!(
        site.get(&format!("/api/v1/cycles/{SLUG}/scores"))
            .await
            .body,
        scores.body
    );
    assert_eq!(site.get("/api/v1/cycles").await.body, list.body);
    let member = site.get(&format!("/cycles/{SLUG}/members/FRA")).await;
    assert_eq!(member.status, StatusCode::OK);

    // The preview shows the working copy to staff, and to nobody else.
    let preview = staff
        .get(&site, &format!("/workspace/cycles/{SLUG}/preview"))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains(&working), "{}", preview.body);
    assert!(preview.body.contains("not published"));
    let reader = site.get(&format!("/workspace/cycles/{SLUG}/preview")).await;
    assert_eq!(reader.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_correction_is_published_as_edition_2_and_edition_1_stays_as_it_was() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let publish = format!("/workspace/cycles/{SLUG}/publish");
    let reopen = format!("/workspace/cycles/{SLUG}/commitments/{CODE}/members/{MEMBER}/reopen");

    // Who may publish and reopen.
    assert_eq!(
        analyst.get(&site, &publish).await.status,
        StatusCode::FORBIDDEN
    );
    let refused = analyst
        .post_form(&site, &publish, "kind=corrected&note=x")
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(site.get(&publish).await.status, StatusCode::SEE_OTHER);
    let api = site
        .post(
            &format!("/api/v1/cycles/{SLUG}/publish"),
            "application/json",
            r#"{"kind":"final","note":""}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        analyst.post_form(&site, &reopen, "note=x").await.status,
        StatusCode::FORBIDDEN
    );

    // The editor reopens France's assessment; without a reason the form says so.
    let blank = editor.post_form(&site, &reopen, "note=").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("reopen-note-error"));
    let done = editor
        .post_form(&site, &reopen, "note=a+source+was+misread")
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let draft = site
        .store
        .assessment_draft(CYCLE, CODE, MEMBER)
        .await
        .unwrap();
    let text = AssessmentText {
        verdict: Verdict::Scored(Score::Full),
        opening: draft.opening.clone(),
        conclusion: draft.conclusion.clone(),
    };
    let v = site
        .store
        .set_assessment((CYCLE, CODE, MEMBER), draft.version, &text, "Ana Analyst")
        .await
        .unwrap();
    let v = site
        .store
        .submit_assessment_at((CYCLE, CODE, MEMBER), v, "Ana Analyst")
        .await
        .unwrap();

    // Submitted is not approved: the page lists it and publishing is refused.
    let page = editor.get(&site, &publish).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Commitment 8, France"), "{}", page.body);
    assert!(page.body.contains("France: score 0 → +1"), "{}", page.body);
    let refused = editor
        .post_form(&site, &publish, "kind=corrected&note=France+rescored")
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("commitment 8, France: submitted"));
    assert!(
        refused.body.contains("France rescored"),
        "what was typed is kept"
    );
    let api = editor
        .send_json(
            &site,
            "POST",
            &format!("/api/v1/cycles/{SLUG}/publish"),
            r#"{"kind":"corrected","note":"France rescored"}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::CONFLICT);
    assert!(api.body.contains(r#""code":"workflow""#), "{}", api.body);
    let bad_kind = editor.post_form(&site, &publish, "kind=draft&note=").await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_kind.body.contains("publish-kind-error"));

    site.store
        .approve_assessment((CYCLE, CODE, MEMBER), v, "Dana Director")
        .await
        .unwrap();
    let (old, new) = overall_lines(&site).await;
    let done = editor
        .post_form(&site, &publish, "kind=corrected&note=France+rescored")
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let changes_href = format!("/cycles/{SLUG}/editions/2/changes");
    assert_eq!(
        done.headers.get("location").and_then(|l| l.to_str().ok()),
        Some(changes_href.as_str())
    );

    let changes = site.get(&changes_href).await;
    assert_eq!(changes.status, StatusCode::OK);
    assert!(
        changes.body.contains("France: score 0 → +1"),
        "{}",
        changes.body
    );
    let log = changes
        .body
        .split("<h1>")
        .nth(1)
        .and_then(|main| main.split("Every edition").next())
        .unwrap_or_default();
    assert_eq!(log.matches("<li>").count(), 1, "exactly one change: {log}");
    let first = site.get(&format!("/cycles/{SLUG}/editions/1")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains(&old) && !first.body.contains(&new));
    let current = site.get(&format!("/cycles/{SLUG}")).await;
    assert!(current.body.contains(&new) && !current.body.contains(&old));
    let list = site.get(&format!("/cycles/{SLUG}/editions")).await;
    assert!(list.body.contains("Corrected edition") && list.body.contains("France rescored"));
    assert!(list.body.contains("Final report"));

    let api = site.get(&format!("/api/v1/cycles/{SLUG}/editions/2")).await;
    assert_eq!(api.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["edition"]["kind"], "corrected");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["changes"][0]["kind"], "score");
    assert_eq!(json["changes"][0]["old"], "0");
    assert_eq!(json["changes"][0]["new"], "1");
    let api = site.get(&format!("/api/v1/cycles/{SLUG}/editions")).await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["editions"].as_array().map(Vec::len), Some(2));
    for missing in ["3", "0", "x"] {
        let page = site
            .get(&format!("/cycles/{SLUG}/editions/{missing}"))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let api = site
            .get(&format!("/api/v1/cycles/{SLUG}/editions/{missing}"))
            .await;
        assert_eq!(api.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn reopening_over_the_api() {
    let site = site().await;
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let uri = format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/members/FRA/reopen");
    let refused = analyst
        .send_json(&site, "POST", &uri, r#"{"note":"x"}"#)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let blank = editor
        .send_json(&site, "POST", &uri, r#"{"note":" "}"#)
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains(r#""field":"note""#), "{}", blank.body);
    let malformed = editor.send_json(&site, "POST", &uri, "{").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let done = editor
        .send_json(&site, "POST", &uri, r#"{"note":"misread"}"#)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains(r#""status":"draft""#));
    let again = editor
        .send_json(&site, "POST", &uri, r#"{"note":"misread"}"#)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains(r#""code":"workflow""#));
}

#[tokio::test]
async fn a_cycle_never_published_is_not_public() {
    let site = Site::empty().await;
    let cycle = pledgewatch_domain::Cycle {
        name: "2033 Nowhere Summit Interim".to_string(),
        kind: Some(CycleKind::Interim),
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    site.store.upsert_cycle(&cycle, "test").await.unwrap();
    let slug = "2033-nowhere-summit-interim";
    assert_eq!(
        site.get(&format!("/cycles/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        site.get(&format!("/cycles/{slug}/editions")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!site.get("/").await.body.contains("Nowhere"));
    assert!(!site.get("/api/v1/cycles").await.body.contains("Nowhere"));
    assert_eq!(
        site.get(&format!("/api/v1/cycles/{slug}/scores"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let staff = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    let preview = staff
        .get(&site, &format!("/workspace/cycles/{slug}/preview"))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    // Nothing to approve, so an editor may publish the empty cycle as its first edition.
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let done = editor
        .post_form(
            &site,
            &format!("/workspace/cycles/{slug}/publish"),
            "kind=interim&note=",
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        site.get(&format!("/cycles/{slug}")).await.status,
        StatusCode::OK
    );
}
