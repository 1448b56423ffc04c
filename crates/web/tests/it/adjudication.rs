//! The disagreement queue of a commitment and the lead analyst's adjudications, on the
//! workspace page and over the API, over the coded fixture (commitment 19: France's coders
//! disagree on `prevent`; Germany's second coder has not submitted).

use axum::http::StatusCode;
use pledgewatch_domain::access::Role;
use pledgewatch_domain::coding::Effective;
use serde_json::Value;

use crate::accounts::{Session, sign_in};
use crate::coded::{CODE, LEAD, coded_site};
use crate::fixture::{CYCLE, SLUG, Site};

fn queue_page() -> String {
    format!("/workspace/cycles/{SLUG}/commitments/{CODE}/disagreements")
}

fn page_action(member: &str) -> String {
    format!("/workspace/cycles/{SLUG}/commitments/{CODE}/members/{member}/adjudications")
}

fn queue_api() -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/disagreements")
}

fn api_action(member: &str) -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/members/{member}/adjudications")
}

#[track_caller]
fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "missing {needle:?} in\n{body}");
    }
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// The commitment's lead analyst (the name chapter 19 gives), assigned to it and signed in.
async fn lead(site: &Site) -> Session {
    let session = sign_in(site, LEAD, Role::Lead).await;
    site.store
        .assign(LEAD, CYCLE, CODE, None, "test")
        .await
        .expect("assign the lead analyst");
    session
}

async fn adjudications(site: &Site, member: &str) -> usize {
    site.store
        .assessment_codings(CYCLE, CODE, member)
        .await
        .expect("codings")
        .expect("assessment")
        .adjudications
        .len()
}

async fn france_is_ready(site: &Site) -> bool {
    let rubric = site.store.rubric(CYCLE, CODE, None).await.unwrap().unwrap();
    let codings = site
        .store
        .assessment_codings(CYCLE, CODE, "France")
        .await
        .unwrap()
        .unwrap();
    matches!(codings.effective(&rubric), Effective::Ready(_))
}

#[tokio::test]
async fn the_lead_analyst_adjudicates_on_the_page_and_the_queue_empties() {
    let site = coded_site().await;
    let lead = lead(&site).await;
    let page = lead.get(&site, &queue_page()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_contains(
        &page.body,
        &[
            "<h1>Disagreements on commitment 19: Keeping Ferries Honest</h1>",
            "1 point is pending.",
            "1 assessment still waits for a coder",
            "<h3 id=\"member-1\">France",
            "(<code>prevent</code>): pending</span></h4>",
            // Each coder's code and the evidence item it comes from.
            "<tr><th scope=\"row\">Avery Coder</th><td>strong</td>",
            "<li>Item 1 (strong): 2031-07-04: On 4 July 2031, France opened an information office for travellers.</li>",
            "<tr><th scope=\"row\">Blake Coder</th><td>weak</td>",
            "<li>Item 1 (weak): 2031-07-04: ",
            &format!("<form method=\"post\" action=\"{}\"", page_action("FRA")),
            "<input type=\"hidden\" name=\"point\" value=\"prevent\">",
            "<input type=\"radio\" name=\"value\" value=\"strong\">",
        ],
    );
    // Germany's coding is still blind: neither it nor its coders' codes are shown.
    assert!(!page.body.contains("Germany"), "{}", page.body);
    assert!(!france_is_ready(&site).await);

    let done = lead
        .post_form(
            &site,
            &page_action("FRA"),
            "point=prevent&value=strong&note=The+office+opened+before+the+cut-off.",
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(
        done.headers.get("location").unwrap(),
        &format!("{}#queue", queue_page())
    );
    let page = lead.get(&site, &queue_page()).await;
    assert_contains(
        &page.body,
        &[
            "0 points are pending.",
            "<h4>Adjudicated</h4>",
            "Prevent (<code>prevent</code>): strong (by Lee Lead, ",
            "The office opened before the cut-off.",
        ],
    );
    assert!(!page.body.contains("): pending</span>"), "{}", page.body);
    assert!(france_is_ready(&site).await, "the decision counts");

    // The audit trail records who decided what, on which assessment.
    let log = site.store.audit_log(20).await.expect("audit");
    let record = log
        .iter()
        .find(|r| r.action == "coding.adjudicate")
        .expect("an adjudication record");
    assert_eq!(record.actor, LEAD);
    assert_eq!(record.object, format!("{CYCLE}/{CODE}/France"));
    // Whatever the shape of its before/after, the record names the point decided.
    assert!(
        record.detail.to_string().contains("prevent"),
        "{}",
        record.detail
    );
}

#[tokio::test]
async fn refused_page_forms_keep_what_was_typed_and_change_nothing() {
    let site = coded_site().await;
    let lead = lead(&site).await;

    // No value chosen: 422, the reason beside the choices, the note kept.
    let page = lead
        .post_form(
            &site,
            &page_action("FRA"),
            "point=prevent&value=&note=Kept+note",
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_contains(
        &page.body,
        &[
            "<p class=\"field-error\" id=\"value-prevent-fra-error\">Choose strong, weak or none for Prevent.</p>",
            "<fieldset aria-describedby=\"value-prevent-fra-error\">",
            ">Kept note</textarea>",
        ],
    );
    // A point the coders agree on.
    let page = lead
        .post_form(&site, &page_action("FRA"), "point=counter&value=weak")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(
        &page.body,
        &["The adjudication of France was not recorded."],
    );
    // Canada's coders agree everywhere: nothing to adjudicate.
    let page = lead
        .post_form(&site, &page_action("CAN"), "point=prevent&value=weak")
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(adjudications(&site, "France").await, 0);
    assert_eq!(adjudications(&site, "Canada").await, 0);

    // Decided once, the same form sent again (another tab) is stale: 409, nothing added.
    let first = lead
        .post_form(&site, &page_action("FRA"), "point=prevent&value=weak")
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let again = lead
        .post_form(&site, &page_action("FRA"), "point=prevent&value=strong")
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_contains(
        &again.body,
        &["was adjudicated meanwhile by Lee Lead (weak)"],
    );
    assert_eq!(adjudications(&site, "France").await, 1);
}

#[tokio::test]
async fn only_the_lead_analyst_adjudicates() {
    let site = coded_site().await;
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    site.store
        .assign("Ana Analyst", CYCLE, CODE, Some("France"), "test")
        .await
        .expect("assign");
    for uri in [queue_page(), queue_api()] {
        assert_eq!(
            analyst.get(&site, &uri).await.status,
            StatusCode::FORBIDDEN,
            "{uri}"
        );
    }
    let page = analyst
        .post_form(&site, &page_action("FRA"), "point=prevent&value=strong")
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let api = analyst
        .send_json(
            &site,
            "POST",
            &api_action("FRA"),
            r#"{"point": "prevent", "value": "strong"}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(json(&api.body)["error"]["code"], "forbidden");

    // An editor sees the queue, read-only, and may not decide.
    let editor = sign_in(&site, "Eda Editor", Role::Editor).await;
    let page = editor.get(&site, &queue_page()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(
        &page.body,
        &["Only the commitment's lead analyst records adjudications"],
    );
    assert!(!page.body.contains("name=\"value\""), "{}", page.body);
    let api = editor
        .send_json(
            &site,
            "POST",
            &api_action("FRA"),
            r#"{"point": "prevent", "value": "strong"}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);

    // A lead analyst account the chapter does not name as the commitment's lead: the store
    // refuses, naming the lead analyst it expected.
    let other = sign_in(&site, "Olga Otherlead", Role::Lead).await;
    site.store
        .assign("Olga Otherlead", CYCLE, CODE, None, "test")
        .await
        .expect("assign");
    let api = other
        .send_json(
            &site,
            "POST",
            &api_action("FRA"),
            r#"{"point": "prevent", "value": "strong"}"#,
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN, "{}", api.body);
    assert!(api.body.contains("Lee Lead"), "{}", api.body);
    assert_eq!(adjudications(&site, "France").await, 0);
}

#[tokio::test]
async fn the_api_lists_the_queue_and_records_adjudications() {
    let site = coded_site().await;
    let lead = lead(&site).await;
    let queue = lead.get(&site, &queue_api()).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let queue = json(&queue.body);
    assert_eq!(queue["pending"], 1, "{queue}");
    assert_eq!(queue["awaiting_coders"], 1);
    assert_eq!(queue["required_coders"], 2);
    let point = &queue["points"][0];
    assert_eq!(point["member"], "France");
    assert_eq!(point["point"], "prevent");
    assert_eq!(point["coders"][0]["coder"], "Avery Coder");
    assert_eq!(point["coders"][0]["value"], "strong");
    assert_eq!(point["coders"][0]["evidence"][0]["evidence"], 1);
    assert_eq!(point["coders"][1]["value"], "weak");
    assert!(point["adjudication"].is_null());

    let post = |body: &'static str| {
        let lead = &lead;
        let site = &site;
        async move {
            lead.send_json(site, "POST", &api_action("France"), body)
                .await
        }
    };
    // Invalid input: 422 naming the field, nothing recorded.
    for (body, field) in [
        (r#"{"point": "prevent", "value": "yes"}"#, "value"),
        (r#"{"point": "counter", "value": "weak"}"#, "point"),
        (r#"{"point": "contradictory", "value": "no"}"#, "point"),
        (r#"{"point": "prevent"}"#, "value"),
    ] {
        let refused = post(body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(json(&refused.body)["error"]["field"], field, "{body}");
    }
    let malformed = post("{not json").await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(adjudications(&site, "France").await, 0);

    let done = post(r#"{"point": "prevent", "value": "weak", "note": "Only a plan."}"#).await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
    let done = json(&done.body);
    assert_eq!(done["adjudication"]["value"], "weak");
    assert_eq!(done["adjudication"]["by"], LEAD);
    assert_eq!(done["pending"], serde_json::json!([]));
    assert_eq!(done["queue"]["pending"], 0);
    assert!(france_is_ready(&site).await);

    // The same point again: stale unless it says it revises the decision.
    let stale = post(r#"{"point": "prevent", "value": "strong"}"#).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(json(&stale.body)["error"]["code"], "stale");
    assert_eq!(adjudications(&site, "France").await, 1);
    let revised = post(r#"{"point": "prevent", "value": "strong", "revise": true}"#).await;
    assert_eq!(revised.status, StatusCode::CREATED, "{}", revised.body);
    assert_eq!(adjudications(&site, "France").await, 2);
    let queue = json(&lead.get(&site, &queue_api()).await.body);
    assert_eq!(queue["points"][0]["adjudication"]["value"], "strong");

    // Unknown member: 404.
    let missing = lead
        .send_json(
            &site,
            "POST",
            &api_action("Atlantis"),
            r#"{"point": "prevent", "value": "strong"}"#,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_queue_is_linked_from_the_commitment_and_for_staff_from_the_agreement_page() {
    let site = coded_site().await;
    let lead = lead(&site).await;
    let commitment = lead
        .get(
            &site,
            &format!("/workspace/cycles/{SLUG}/commitments/{CODE}"),
        )
        .await;
    assert_eq!(commitment.status, StatusCode::OK);
    assert_contains(
        &commitment.body,
        &[&format!(
            "<a href=\"{}\">the disagreement queue</a>",
            queue_page()
        )],
    );
    let link = format!(
        "<a href=\"{}\">the queue of commitment {CODE}</a>",
        queue_page()
    );
    let agreement = format!("/cycles/{SLUG}/agreement");
    let staff = lead.get(&site, &agreement).await;
    assert_eq!(staff.status, StatusCode::OK);
    assert_contains(&staff.body, &[&link]);
    let reader = site.get(&agreement).await;
    assert_eq!(reader.status, StatusCode::OK);
    assert!(!reader.body.contains(&link), "{}", reader.body);
}
