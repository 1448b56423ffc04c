//! What readers see is what was published: the public rubric, departures and agreement pages
//! and the read API show the rubric, codings and adjudications of the newest edition, while the
//! workspace works on newer ones; the next edition brings those to readers.
//!
//! Over the coded fixture, published as edition 3: rubric version 1; Canada departs from its
//! suggestion (justified); France waits for adjudication; Germany for its second coder.

use axum::http::StatusCode;
use pledgewatch_domain::Score;
use pledgewatch_domain::access::Role;
use pledgewatch_domain::coding::CodedEvidence;
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_domain::rubric::{EvidenceStrength, Rubric};
use serde_json::Value;

use crate::accounts::{Session, sign_in};
use crate::coded::{CODE, LEAD, coded_site, rubric_19};
use crate::fixture::{CYCLE, SLUG, Site};

/// The name version 2 gives the first dimension: on no public page until edition 4.
const RENAMED: &str = "Prevent, as version 2 words it";

#[track_caller]
fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "missing {needle:?} in\n{body}");
    }
}

#[track_caller]
fn assert_lacks(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(!body.contains(needle), "unexpected {needle:?} in\n{body}");
    }
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn public(site: &Site, uri: &str) -> String {
    let page = site.get(uri).await;
    assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
    page.body
}

async fn public_json(site: &Site, uri: &str) -> Value {
    json(&public(site, uri).await)
}

/// Version 2: the first dimension renamed, and strong action in all four earns 0, not +1, so
/// Canada's 0 no longer departs.
fn rubric_v2() -> Rubric {
    let mut rubric = rubric_19();
    rubric.dimensions[0].name = RENAMED.to_string();
    rubric.rules[0].score = Score::Partial;
    rubric
}

async fn lead(site: &Site) -> Session {
    let session = sign_in(site, LEAD, Role::Lead).await;
    site.store
        .assign(LEAD, CYCLE, CODE, None, "test")
        .await
        .expect("assign the lead analyst");
    session
}

async fn adjudicate(site: &Site, lead: &Session, member: &str) {
    let done = lead
        .send_json(
            site,
            "POST",
            &format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/members/{member}/adjudications"),
            r#"{"point": "prevent", "value": "strong", "note": "the patrol was a strong action"}"#,
        )
        .await;
    assert_eq!(done.status, StatusCode::CREATED, "{}", done.body);
}

/// After edition 3: the lead analyst saves rubric version 2 and adjudicates France; Germany is
/// reopened, its second coder submits, the lead analyst adjudicates it and starts a coding of
/// their own (a draft).
async fn work_after_publication(site: &Site) {
    let lead = lead(site).await;
    let saved = lead
        .send_json(
            site,
            "PUT",
            &format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/rubric"),
            &serde_json::to_string(&rubric_v2()).expect("rubric as JSON"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(json(&saved.body)["version"], 2);
    adjudicate(site, &lead, "France").await;
    site.store
        .reopen_assessment(CYCLE, CODE, "Germany", "second coder", "test")
        .await
        .expect("reopen Germany");
    site.store
        .submit_coding(CYCLE, CODE, "Germany", "Blake Coder", "Blake Coder")
        .await
        .expect("Blake submits");
    adjudicate(site, &lead, "Germany").await;
    let draft = [CodedEvidence {
        evidence: 2,
        dimension: "counter".to_string(),
        strength: EvidenceStrength::Strong,
    }];
    site.store
        .save_coding(CYCLE, CODE, "Germany", LEAD, &draft, LEAD)
        .await
        .expect("the lead analyst's draft coding");
}

/// Germany through review, and edition 4.
async fn publish_again(site: &Site) {
    let germany = site
        .store
        .assessment_draft(CYCLE, CODE, "Germany")
        .await
        .expect("Germany's assessment");
    let submitted = site
        .store
        .submit_assessment_at((CYCLE, CODE, "Germany"), germany.version, "test")
        .await
        .expect("submit Germany");
    site.store
        .approve_assessment((CYCLE, CODE, "Germany"), submitted, "Dana Director")
        .await
        .expect("approve Germany");
    let edition = site
        .store
        .publish_edition(CYCLE, EditionKind::Corrected, "rubric version 2", "test")
        .await
        .expect("publish edition 4");
    assert_eq!(edition.number, 4);
}

fn rubric_page() -> String {
    format!("/cycles/{SLUG}/commitments/{CODE}/rubric")
}

fn rubric_api() -> String {
    format!("/api/v1/cycles/{SLUG}/commitments/{CODE}/rubric")
}

/// The public side shows edition 3 exactly.
async fn readers_see_edition_3(site: &Site) {
    let page = public(site, &rubric_page()).await;
    assert_contains(
        &page,
        &[
            "<p>Version 1. The rubric in force in edition 3, published ",
            "<strong>Version 1</strong> (shown)",
            "<h3 id=\"dim-1\">Prevent <span",
            "<th scope=\"row\">strong in all 4</th><td>strong in exactly 4 dimensions</td><td class=\"cell\">+1</td>",
        ],
    );
    assert_lacks(&page, &["Version 2", RENAMED, "version=2"]);
    let later = site.get(&format!("{}?version=2", rubric_page())).await;
    assert_eq!(
        later.status,
        StatusCode::NOT_FOUND,
        "version 2 is not published"
    );

    let card = public(site, &format!("/cycles/{SLUG}")).await;
    assert_contains(
        &card,
        &["1 of 1 scored assessments depart from their rubric's suggestion"],
    );
    let departures = public(site, &format!("/cycles/{SLUG}/departures")).await;
    assert_contains(
        &departures,
        &[
            "<p>1 of 1 scored assessments depart",
            "19. Keeping Ferries Honest: Canada</a>",
            "(rubric version 1)",
        ],
    );
    let agreement = public(site, &format!("/cycles/{SLUG}/agreement")).await;
    assert_contains(
        &agreement,
        &[
            "19. Keeping Ferries Honest: Cohen&#39;s kappa over 2 assessments (rubric version 1)",
            "<li><code>prevent</code>: pending</li>",
        ],
    );
    let chapter = public(site, &format!("/cycles/{SLUG}/commitments/{CODE}")).await;
    assert_contains(
        &chapter,
        &[
            "Departs from the rubric",
            "The strongest actions came after the cut-off.",
            "awaiting the second coder",
        ],
    );

    let rubric = public_json(site, &rubric_api()).await;
    assert_eq!(rubric["version"], 1);
    assert_eq!(rubric["newest_version"], 1);
    assert_eq!(rubric["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(rubric["rubric"]["dimension"][0]["name"], "Prevent");
    let later = site.get(&format!("{}?version=2", rubric_api())).await;
    assert_eq!(later.status, StatusCode::NOT_FOUND, "{}", later.body);
    assert_eq!(json(&later.body)["error"]["field"], "version");
    let check = public_json(site, &format!("{}/check", rubric_api())).await;
    assert_eq!(check["rubric_version"], 1, "{check}");

    let suggestions = public_json(site, &format!("/api/v1/cycles/{SLUG}/suggestions")).await;
    assert_eq!(suggestions["suggested"], 1);
    assert_eq!(suggestions["departures"], 1);
    let state = |member: &str| {
        suggestions["assessments"]
            .as_array()
            .expect("assessments")
            .iter()
            .find(|a| a["commitment"] == CODE && a["member"] == member)
            .map(|a| a["state"].clone())
    };
    assert_eq!(state("Canada"), Some("suggested".into()));
    assert_eq!(state("France"), Some("awaiting_adjudication".into()));
    assert_eq!(state("Germany"), Some("awaiting_coders".into()));
    let agreement = public_json(site, &format!("/api/v1/cycles/{SLUG}/agreement")).await;
    assert_eq!(agreement["commitments"][0]["units"], 2);
    assert_eq!(agreement["commitments"][0]["rubric_version"], 1);
    let queue = public_json(site, &format!("/api/v1/cycles/{SLUG}/disagreements")).await;
    assert_eq!(queue["pending"], 1, "{queue}");
}

#[tokio::test]
async fn readers_see_the_published_rubric_and_codings_until_the_next_edition() {
    let site = coded_site().await;
    readers_see_edition_3(&site).await;

    work_after_publication(&site).await;
    readers_see_edition_3(&site).await;

    // Staff see the working copy: the preview counts under version 2, the publishing page
    // lists the rubric change the next edition will carry.
    let editor = sign_in(&site, "Eddie Editor", Role::Editor).await;
    let preview = editor
        .get(&site, &format!("/workspace/cycles/{SLUG}/preview"))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_contains(
        &preview.body,
        &["0 of 3 scored assessments depart from their rubric's suggestion"],
    );
    let publish = editor
        .get(&site, &format!("/workspace/cycles/{SLUG}/publish"))
        .await;
    assert_contains(&publish.body, &["rubric version 1 → 2"]);

    publish_again(&site).await;
    let page = public(&site, &rubric_page()).await;
    assert_contains(
        &page,
        &[
            "<p>Version 2. The rubric in force in edition 4, published ",
            RENAMED,
            "<th scope=\"row\">strong in all 4</th><td>strong in exactly 4 dimensions</td><td class=\"cell\">0</td>",
            "?version=1\">Version 1</a>",
        ],
    );
    let older = public(&site, &format!("{}?version=1", rubric_page())).await;
    assert_contains(&older, &["Version 1 <strong>(an older version"]);
    let card = public(&site, &format!("/cycles/{SLUG}")).await;
    assert_contains(
        &card,
        &["0 of 3 scored assessments depart from their rubric's suggestion"],
    );
    let agreement = public(&site, &format!("/cycles/{SLUG}/agreement")).await;
    assert_contains(
        &agreement,
        &["Cohen&#39;s kappa over 3 assessments (rubric version 2)"],
    );
    assert_lacks(&agreement, &["pending</li>"]);
    let rubric = public_json(&site, &rubric_api()).await;
    assert_eq!(rubric["version"], 2);
    assert_eq!(rubric["history"].as_array().map(Vec::len), Some(2));
    let suggestions = public_json(&site, &format!("/api/v1/cycles/{SLUG}/suggestions")).await;
    assert_eq!(suggestions["suggested"], 3);
    assert_eq!(suggestions["departures"], 0);
    let agreement = public_json(&site, &format!("/api/v1/cycles/{SLUG}/agreement")).await;
    assert_eq!(agreement["commitments"][0]["units"], 3);
    // The lead analyst's draft coding was never published: two coders, as before.
    assert_eq!(
        agreement["commitments"][0]["coders"],
        serde_json::json!(["Avery Coder", "Blake Coder"])
    );
    let queue = public_json(&site, &format!("/api/v1/cycles/{SLUG}/disagreements")).await;
    assert_eq!(queue["pending"], 0, "{queue}");

    // The change log of edition 4 names the new rubric version, on the page and in the API.
    let changes = public(&site, &format!("/cycles/{SLUG}/editions/4/changes")).await;
    assert_contains(&changes, &["rubric version 1 → 2"]);
    let edition = public_json(&site, &format!("/api/v1/cycles/{SLUG}/editions/4")).await;
    let rubric_change = edition["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["kind"] == "rubric")
        .cloned()
        .unwrap_or_else(|| panic!("no rubric change in {edition}"));
    assert_eq!(rubric_change["commitment"], CODE);
    assert_eq!(rubric_change["old"], "1");
    assert_eq!(rubric_change["new"], "2");
}
