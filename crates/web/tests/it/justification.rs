//! The assessment workflow's refusals and the justification of a departing score, by API and by
//! page: a submission the rubric refuses is a 409 `workflow` with the reason (never a 500), the
//! suggestion and the justification are shown and written where the score is, and once the
//! justification is written the submission goes through.
//!
//! Over the coded fixture (see `coded.rs`), with France's disagreement on `prevent` adjudicated
//! as weak: weak in one dimension and strong in none is −1 by rule 'weak in just 1, strong in
//! none', so France's 0 departs. Germany's second coder has not submitted.

use axum::http::StatusCode;
use pledgewatch_domain::access::Role;
use pledgewatch_domain::coding::Adjudication;
use pledgewatch_domain::rubric::Strength;
use pledgewatch_store::ReviewStatus;
use serde_json::{Value, json};

use crate::accounts::{Session, sign_in, urlencode};
use crate::coded::{CODE, LEAD, coded_site};
use crate::fixture::{CYCLE, Page, SLUG, Site};

fn api(member: &str) -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/members/{member}")
}

fn editor(member: &str) -> String {
    format!("/workspace/cycles/{SLUG}/commitments/{CODE}/members/{member}")
}

const WHY: &str = "The patrol counts as strong prevention: it stopped three ferries.";

/// The coded fixture with every member of commitment 19 a draft assigned to the analyst, and
/// France's disagreement adjudicated so that its 0 departs from the suggested −1.
async fn setup() -> (Site, Session) {
    let site = coded_site().await;
    for member in ["Canada", "France", "Germany"] {
        let draft = site
            .store
            .assessment_draft(CYCLE, CODE, member)
            .await
            .expect("draft");
        if draft.status == ReviewStatus::Published {
            site.store
                .reopen_assessment(CYCLE, CODE, member, "coded against the rubric", "test")
                .await
                .expect("reopen");
        }
    }
    let decision = Adjudication {
        dimension: Some("prevent".to_string()),
        strength: Strength::Weak,
        contradictory: false,
        by: LEAD.to_string(),
        note: "The office only hands out leaflets.".to_string(),
        at: jiff::Timestamp::now(),
    };
    site.store
        .adjudicate(CYCLE, CODE, "France", &decision, LEAD)
        .await
        .expect("adjudicate");
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    for member in ["Canada", "France", "Germany"] {
        site.store
            .assign("Ana Analyst", CYCLE, CODE, Some(member), "test")
            .await
            .expect("assign");
    }
    (site, analyst)
}

fn json_of(page: &Page) -> Value {
    serde_json::from_str(&page.body).unwrap_or_else(|e| panic!("{e}: {}", page.body))
}

/// The error's code, field and message, after checking the status.
#[track_caller]
fn api_error(page: &Page, status: StatusCode) -> (String, Value, String) {
    assert_eq!(page.status, status, "{}", page.body);
    let e = &json_of(page)["error"];
    (
        e["code"].as_str().expect("code").to_string(),
        e["field"].clone(),
        e["message"].as_str().expect("message").to_string(),
    )
}

async fn read(site: &Site, s: &Session, member: &str) -> Value {
    let page = s.get(site, &api(member)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    json_of(&page)
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first hidden `version` field of a page.
fn version_in(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let at = body.find(marker).expect("a version field");
    let rest = &body[at + marker.len()..];
    rest[..rest.find('"').expect("end")].to_string()
}

#[track_caller]
fn assert_contains(body: &str, needles: &[&str]) {
    for n in needles {
        assert!(body.contains(n), "missing {n:?} in:\n{body}");
    }
}

#[tokio::test]
async fn api_refused_submissions_are_409_workflow_then_a_justification_lets_it_through() {
    let (site, s) = setup().await;

    // Germany: one of two coders has submitted.
    let germany = read(&site, &s, "Germany").await;
    let v = germany["version"].as_i64().expect("version");
    assert_eq!(germany["suggestion_state"], "awaiting_coders");
    assert_eq!(germany["suggestion"], Value::Null);
    let page = s
        .send_json(
            &site,
            "POST",
            &format!("{}/submit", api("Germany")),
            &json!({"version": v}).to_string(),
        )
        .await;
    let (code, _, message) = api_error(&page, StatusCode::CONFLICT);
    assert_eq!(code, "workflow");
    assert!(
        message.contains("1 of 2 required codings submitted"),
        "{message}"
    );
    let germany = read(&site, &s, "Germany").await;
    assert_eq!(
        (germany["status"].clone(), germany["version"].as_i64()),
        (json!("draft"), Some(v))
    );

    // France: the suggestion, its reason and rubric version, and that a justification is due.
    let france = read(&site, &s, "France").await;
    let v = france["version"].as_i64().expect("version");
    assert_eq!(france["score"], "0");
    assert_eq!(france["suggestion_state"], "suggested");
    assert_eq!(france["suggestion"]["score"], -1);
    assert_eq!(france["suggestion"]["rubric_version"], 1);
    let reason = france["suggestion"]["reason"].as_str().expect("reason");
    assert!(
        reason.contains("by rule 'weak in just 1, strong in none'"),
        "{reason}"
    );
    assert_eq!(france["departs"], true);
    assert_eq!(france["justification"], Value::Null);
    assert_eq!(france["justification_required"], true);

    let submit = |version: i64| {
        let s = &s;
        let site = &site;
        async move {
            s.send_json(
                site,
                "POST",
                &format!("{}/submit", api("France")),
                &json!({"version": version}).to_string(),
            )
            .await
        }
    };
    let (code, _, message) = api_error(&submit(v).await, StatusCode::CONFLICT);
    assert_eq!(code, "workflow");
    assert!(
        message.contains("departs from the rubric's suggestion")
            && message.contains("write a justification first"),
        "{message}"
    );
    assert_eq!(read(&site, &s, "France").await["version"].as_i64(), Some(v));

    // A blank justification is refused naming the field, and changes nothing (score included).
    let update = |score: &str, justification: &str, version: i64| {
        json!({
            "version": version,
            "score": score,
            "opening": france["opening"],
            "conclusion": france["conclusion"],
            "justification": justification,
        })
        .to_string()
    };
    let page = s
        .send_json(&site, "PUT", &api("France"), &update("1", "  ", v))
        .await;
    let (code, field, _) = api_error(&page, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((code.as_str(), field), ("invalid", json!("justification")));
    let unchanged = read(&site, &s, "France").await;
    assert_eq!(
        (unchanged["score"].clone(), unchanged["version"].as_i64()),
        (json!("0"), Some(v))
    );

    let page = s
        .send_json(&site, "PUT", &api("France"), &update("0", WHY, v))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let justified = json_of(&page)["version"].as_i64().expect("version");
    assert_eq!(
        justified,
        v + 1,
        "score, narrative and justification: one change"
    );
    let france = read(&site, &s, "France").await;
    assert_eq!(france["justification"], WHY);
    assert_eq!(france["departs"], true);
    assert_eq!(france["justification_required"], false);
    let record = site
        .store
        .audit_log(5)
        .await
        .expect("audit")
        .into_iter()
        .find(|r| r.action == "assessment.justify")
        .expect("a justification record");
    assert_eq!(
        record.detail,
        json!({
            "before": {"justification": null, "version": v},
            "after": {"justification": WHY, "version": v + 1},
        })
    );

    let page = submit(justified).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(read(&site, &s, "France").await["status"], "submitted");
    // Submitted: the justification readers will see is fixed.
    let page = s
        .send_json(
            &site,
            "PUT",
            &api("France"),
            &update("0", "Second thoughts.", justified + 1),
        )
        .await;
    assert_eq!(api_error(&page, StatusCode::CONFLICT).0, "workflow");
}

#[tokio::test]
async fn page_shows_the_suggestion_refuses_with_the_reason_and_takes_a_justification() {
    let (site, s) = setup().await;

    let page = s.get(&site, &editor("France")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_contains(
        &page.body,
        &[
            "<strong>Rubric suggests:</strong> \u{2212}1 <span class=\"note\">(rubric version 1)</span>",
            "by rule &#39;weak in just 1, strong in none&#39;",
            "<p class=\"flag\" id=\"justification-required\">The score departs from the rubric's suggestion: a justification is required",
            "<textarea id=\"justification\" name=\"justification\" rows=\"3\" aria-describedby=\"justification-required\"></textarea>",
        ],
    );
    let v = version_in(&page.body);

    // Submitting without a justification: the editor again, 409, with the reason.
    let refused = s
        .post_form(
            &site,
            &format!("{}/submit", editor("France")),
            &form(&[("version", &v)]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_contains(
        &refused.body,
        &[
            "<p class=\"form-error\" role=\"alert\" id=\"workflow-error\">",
            "departs from the rubric&#39;s suggestion",
            "write a justification first",
        ],
    );
    // Germany waits for its second coder: refused the same way, never a 500.
    let germany = s.get(&site, &editor("Germany")).await;
    let refused = s
        .post_form(
            &site,
            &format!("{}/submit", editor("Germany")),
            &form(&[("version", &version_in(&germany.body))]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_contains(&refused.body, &["1 of 2 required codings submitted"]);

    // The justification is written with the score and narrative, carrying the version.
    let draft = site
        .store
        .assessment_draft(CYCLE, CODE, "France")
        .await
        .expect("draft");
    let saved = s
        .post_form(
            &site,
            &editor("France"),
            &form(&[
                ("version", &v),
                ("verdict", "0"),
                ("opening", &draft.opening),
                ("conclusion", &draft.conclusion),
                ("justification", WHY),
            ]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = s.get(&site, &editor("France")).await;
    assert_contains(
        &page.body,
        &[
            "id=\"departure\">The score departs from the rubric's suggestion; the justification below says why.",
            "rows=\"3\">The patrol counts as strong prevention: it stopped three ferries.</textarea>",
        ],
    );
    assert!(
        !page.body.contains("justification-required"),
        "{}",
        page.body
    );
    let submitted = s
        .post_form(
            &site,
            &format!("{}/submit", editor("France")),
            &form(&[("version", &version_in(&page.body))]),
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let state = site
        .store
        .assessment_state(CYCLE, CODE, "France")
        .await
        .expect("state")
        .expect("known");
    assert_eq!(state.status, "submitted");
    assert_eq!(state.justification.as_deref(), Some(WHY));
}

/// Canada's score is justified in the fixture: emptying the field is refused next to it (422,
/// what was typed kept), and nothing changes.
#[tokio::test]
async fn page_refuses_to_blank_a_stored_justification() {
    let (site, s) = setup().await;
    let page = s.get(&site, &editor("Canada")).await;
    assert_contains(
        &page.body,
        &[
            "id=\"departure\">",
            "The strongest actions came after the cut-off.</textarea>",
        ],
    );
    let v = version_in(&page.body);
    let refused = s
        .post_form(
            &site,
            &editor("Canada"),
            &form(&[
                ("version", &v),
                ("verdict", "-1"),
                ("opening", "Typed opening."),
                ("conclusion", ""),
                ("justification", " "),
            ]),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_contains(
        &refused.body,
        &[
            "aria-describedby=\"justification-error\"",
            "<p class=\"field-error\" id=\"justification-error\">",
            "the justification is blank",
            "Typed opening.</textarea>",
        ],
    );
    let draft = site
        .store
        .assessment_draft(CYCLE, CODE, "Canada")
        .await
        .expect("draft");
    assert_eq!(draft.version.to_string(), v);
    assert_eq!(draft.verdict.code(), Some("0"));
    let state = site
        .store
        .assessment_state(CYCLE, CODE, "Canada")
        .await
        .expect("state")
        .expect("known");
    assert_eq!(
        state.justification.as_deref(),
        Some("The strongest actions came after the cut-off.")
    );
}
