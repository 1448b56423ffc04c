//! An analyst's whole assignment in the browser and over the API: score and narrative,
//! evidence with new and existing footnotes, codes, submission, the director's approval;
//! refusals (another member, a stale version, a bad date) and inert script in every text field.

use axum::http::StatusCode;
use pledgewatch_domain::access::Role;
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_store::ReviewStatus;

use crate::accounts::{Session, sign_in, urlencode};
use crate::coded::rubric_19;
use crate::fixture::{CYCLE, Site, site};

const EDITOR: &str = "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France";
const API: &str = "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France";
const OBJECT: &str = "2031 Testland Summit Final/8/France";
const XSS: &str = "<script>alert(1)</script>";

/// The fixture with a rubric on commitment 8, France's assessment a draft, an analyst assigned
/// to it and the commitment's director.
async fn setup() -> (Site, Session, Session) {
    let site = site().await;
    site.store
        .save_rubric(CYCLE, "8", &rubric_19(), "test")
        .await
        .expect("rubric");
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .expect("draft");
    // Imported assessments are published; a correction starts by reopening one.
    if draft.status == ReviewStatus::Published {
        site.store
            .reopen_assessment(CYCLE, "8", "France", "corrections", "test")
            .await
            .expect("reopen");
    }
    let analyst = sign_in(&site, "Ana Analyst", Role::Analyst).await;
    site.store
        .assign("Ana Analyst", CYCLE, "8", Some("France"), "test")
        .await
        .expect("assign the analyst");
    let director = sign_in(&site, "Dana Director", Role::Director).await;
    site.store
        .assign("Dana Director", CYCLE, "8", None, "test")
        .await
        .expect("assign the director");
    (site, analyst, director)
}

/// The value of the first hidden `version` field of a page.
fn version_in(body: &str) -> i64 {
    let at = body
        .find("name=\"version\" value=\"")
        .expect("a version field");
    let rest = &body[at + "name=\"version\" value=\"".len()..];
    rest[..rest.find('"').expect("end")]
        .parse()
        .expect("a number")
}

async fn version(site: &Site, session: &Session) -> i64 {
    let page = session.get(site, EDITOR).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    version_in(&page.body)
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn location(page: &crate::fixture::Page) -> String {
    page.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// Audit records of France's assessment with `action`.
async fn changes(site: &Site, action: &str) -> usize {
    site.store
        .audit_log(1000)
        .await
        .expect("audit")
        .iter()
        .filter(|r| r.object == OBJECT && r.action == action)
        .count()
}

#[tokio::test]
async fn an_analyst_does_the_whole_assignment_in_the_browser() {
    let (site, analyst, director) = setup().await;
    let v = version(&site, &analyst).await;
    let saved = analyst
        .post_form(
            &site,
            EDITOR,
            &form(&[
                ("version", &v.to_string()),
                ("verdict", "0"),
                ("opening", "France has partly complied."),
                ("conclusion", "Thus, France receives a score of 0."),
            ]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(location(&saved), EDITOR);

    // An item with a new footnote, coded strong on `prevent`.
    let v = version(&site, &analyst).await;
    let added = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/evidence"),
            &form(&[
                ("version", &v.to_string()),
                ("date", "2031-08-01"),
                ("text", "On 1 August 2031, France lit the Pointe light."),
                ("new_title", "The Pointe light is lit"),
                ("new_publisher", "Phares de France"),
                ("new_published", "2031-08-01"),
                ("new_accessed", "2031-08-03"),
                ("new_url", "https://example.org/pointe"),
                ("code-prevent", "strong"),
                ("code-counter", "none"),
            ]),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(location(&added), format!("{EDITOR}#evidence-1"));

    // A second item citing the footnote the first one added.
    let page = analyst.get(&site, &format!("{EDITOR}/evidence/new")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("name=\"cite\" value=\"1\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("name=\"code-prevent\""));
    let v = version_in(&page.body);
    let second = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/evidence"),
            &form(&[
                ("version", &v.to_string()),
                ("date", "2031-09-10"),
                ("text", "On 10 September 2031, France repaired two lights."),
                ("cite", "1"),
                ("code-counter", "weak"),
            ]),
        )
        .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);

    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert_eq!(draft.opening, "France has partly complied.");
    assert_eq!(draft.evidence.len(), 2);
    assert_eq!(draft.evidence[0].citations, vec![1]);
    assert_eq!(draft.evidence[1].citations, vec![1]);
    assert_eq!(draft.citations[0].citation.title, "The Pointe light is lit");
    let page = analyst.get(&site, EDITOR).await;
    assert!(page.body.contains("href=\"https://example.org/pointe\""));
    assert!(
        page.body.contains("Your codes: Prevent: strong"),
        "{}",
        page.body
    );

    // Codes, then the assessment, are submitted.
    let v = version_in(&page.body);
    let coded = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/codes/submit"),
            &form(&[("version", &v.to_string())]),
        )
        .await;
    assert_eq!(coded.status, StatusCode::SEE_OTHER, "{}", coded.body);
    let v = version(&site, &analyst).await;
    let submitted = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/submit"),
            &form(&[("version", &v.to_string())]),
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let page = analyst.get(&site, EDITOR).await;
    assert!(page.body.contains("submitted for approval"));
    assert!(!page.body.contains(">Approve<"), "analysts do not approve");

    // The analyst may not approve; the director does.
    let v = version_in(&page.body);
    let refused = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/approve"),
            &form(&[("version", &v.to_string())]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let page = director.get(&site, EDITOR).await;
    assert!(page.body.contains(">Approve<"), "{}", page.body);
    let approved = director
        .post_form(
            &site,
            &format!("{EDITOR}/approve"),
            &form(&[("version", &version_in(&page.body).to_string())]),
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert_eq!(draft.status, ReviewStatus::Approved);
    assert_eq!(draft.approved_by.as_deref(), Some("Dana Director"));
    assert_eq!(changes(&site, "assessment.approve").await, 1);

    // Another member's assessment is not the analyst's.
    let other = analyst
        .get(
            &site,
            "/workspace/cycles/2031-testland-summit-final/commitments/8/members/Canada",
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let other = analyst
        .post_form(
            &site,
            "/workspace/cycles/2031-testland-summit-final/commitments/8/members/Canada",
            &form(&[("version", "1"), ("verdict", "1")]),
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let api = analyst
        .send_json(
            &site,
            "GET",
            "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/Canada",
            "",
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_stale_form_gets_409_and_changes_nothing() {
    let (site, analyst, _) = setup().await;
    let v = version(&site, &analyst).await;
    let write = |opening: &'static str| {
        form(&[
            ("version", &v.to_string()),
            ("verdict", "1"),
            ("opening", opening),
            ("conclusion", ""),
        ])
    };
    let first = analyst
        .post_form(&site, EDITOR, &write("Written first."))
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = analyst
        .post_form(&site, EDITOR, &write("Written second, from a stale tab."))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(
        second.body.contains("Someone else changed this"),
        "{}",
        second.body
    );
    // The current text is in the form; what was typed is kept beside it.
    assert!(second.body.contains(">Written first.</textarea>"));
    assert!(second.body.contains("Written second, from a stale tab."));
    assert_eq!(version_in(&second.body), v + 1);
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert_eq!(draft.opening, "Written first.");
    assert_eq!(changes(&site, "assessment.update").await, 1);

    // The API says the same in JSON.
    let stale = analyst
        .send_json(
            &site,
            "PUT",
            API,
            &format!("{{\"version\": {v}, \"score\": \"-1\", \"opening\": \"API.\"}}"),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("\"code\":\"stale\""), "{}", stale.body);
    assert!(stale.body.contains(&format!("version {}", v + 1)));
    assert_eq!(changes(&site, "assessment.update").await, 1);
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert_eq!(draft.opening, "Written first.");
    // An evidence item edited from two tabs: the second sees the item as it now stands and
    // keeps what it typed.
    let v = version(&site, &analyst).await;
    let item = |text: &'static str, v: i64| {
        form(&[
            ("version", &v.to_string()),
            ("date", "2031-08-01"),
            ("text", text),
        ])
    };
    let added = analyst
        .post_form(&site, &format!("{EDITOR}/evidence"), &item("Original.", v))
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let edit = format!("{EDITOR}/evidence/1");
    let first = analyst
        .post_form(&site, &edit, &item("First tab.", v + 1))
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = analyst
        .post_form(&site, &edit, &item("Second tab.", v + 1))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("id=\"conflict\""), "{}", second.body);
    assert!(second.body.contains(">First tab.</textarea>"));
    assert!(second.body.contains("Second tab."));
    assert_eq!(version_in(&second.body), v + 2);
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert_eq!(draft.evidence[0].text, "First tab.");
}

#[tokio::test]
async fn a_bad_date_re_renders_with_what_was_typed() {
    let (site, analyst, _) = setup().await;
    let v = version(&site, &analyst).await;
    let page = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/evidence"),
            &form(&[
                ("version", &v.to_string()),
                ("date", "2031-13-45"),
                ("text", "Typed text that must survive."),
                ("new_title", "A title kept too"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("value=\"2031-13-45\""), "{}", page.body);
    assert!(
        page.body
            .contains(">Typed text that must survive.</textarea>")
    );
    assert!(page.body.contains("value=\"A title kept too\""));
    let error = page.body.find("id=\"date-error\"").expect("a date error");
    assert!(page.body.contains("aria-describedby=\"date-error\""));
    assert!(page.body[error..].contains("YYYY-MM-DD"));
    // The error sits next to the date, before the text field.
    assert!(error < page.body.find("id=\"text\"").expect("text field"));
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .unwrap();
    assert!(draft.evidence.is_empty());
}

#[tokio::test]
async fn deleting_an_evidence_item_keeps_codes_on_their_items() {
    let (site, analyst, _) = setup().await;
    let mut v = version(&site, &analyst).await;
    for (date, text, dimension) in [
        ("2031-07-01", "First.", "prevent"),
        ("2031-08-01", "Second.", "counter"),
        ("2031-09-01", "Third.", "dismantle"),
    ] {
        let body = format!(
            "{{\"version\": {v}, \"date\": \"{date}\", \"text\": \"{text}\", \
             \"codes\": [{{\"dimension\": \"{dimension}\", \"strength\": \"strong\"}}]}}"
        );
        let added = analyst
            .send_json(&site, "POST", &format!("{API}/evidence"), &body)
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
        let written: serde_json::Value = serde_json::from_str(&added.body).unwrap();
        v = written["version"].as_i64().unwrap();
    }
    let deleted = analyst
        .send_json(
            &site,
            "DELETE",
            &format!("{API}/evidence/1"),
            &format!("{{\"version\": {v}}}"),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.body);
    let got = analyst.send_json(&site, "GET", API, "").await;
    let a: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    let texts: Vec<&str> = a["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Second.", "Third."]);
    let mut codes: Vec<(i64, String)> = a["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["evidence"].as_i64().unwrap(),
                c["dimension"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        vec![(1, "counter".to_string()), (2, "dismantle".to_string())]
    );
}

#[tokio::test]
async fn the_api_reads_writes_and_refuses_with_json_errors() {
    let (site, analyst, director) = setup().await;
    let unsigned = site.get(API).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    let unknown = analyst
        .send_json(
            &site,
            "GET",
            "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/Atlantis",
            "",
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let got = analyst.send_json(&site, "GET", API, "").await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    let a: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(a["member"], "France");
    assert_eq!(a["score"], "0");
    assert_eq!(a["status"], "draft");
    let v = a["version"].as_i64().unwrap();

    let bad = analyst
        .send_json(
            &site,
            "PUT",
            API,
            &format!("{{\"version\": {v}, \"score\": \"7\"}}"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("\"field\":\"score\""), "{}", bad.body);
    let missing = analyst
        .send_json(&site, "PUT", API, "{\"score\": \"1\"}")
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("\"field\":\"version\""),
        "{}",
        missing.body
    );
    let garbled = analyst.send_json(&site, "PUT", API, "{not json").await;
    assert_eq!(garbled.status, StatusCode::BAD_REQUEST);

    let put = analyst
        .send_json(
            &site,
            "PUT",
            API,
            &format!("{{\"version\": {v}, \"score\": \"n/a\", \"opening\": \"Not bound.\"}}"),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let v = v + 1;

    let cited = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/citations"),
            "{\"title\": \"A source\", \"url\": \"https://example.org/a\"}",
        )
        .await;
    assert_eq!(cited.status, StatusCode::CREATED, "{}", cited.body);
    let bad_date = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/evidence"),
            &format!("{{\"version\": {v}, \"date\": \"1 May\", \"text\": \"x\"}}"),
        )
        .await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_date.body.contains("\"field\":\"date\""));
    let added = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/evidence"),
            &format!(
                "{{\"version\": {v}, \"date\": \"2031-07-20\", \"text\": \"Cited.\", \
                 \"citations\": [1]}}"
            ),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert!(added.body.contains("\"number\":1"));

    // The footnote has its own version.
    let stale = analyst
        .send_json(
            &site,
            "PUT",
            &format!("{API}/citations/1"),
            "{\"version\": 7, \"title\": \"Renamed\"}",
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let renamed = analyst
        .send_json(
            &site,
            "PUT",
            &format!("{API}/citations/1"),
            "{\"version\": 1, \"title\": \"Renamed\"}",
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);

    let got = analyst.send_json(&site, "GET", API, "").await;
    let a: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    let v = a["version"].as_i64().unwrap();
    assert_eq!(a["citations"][0]["title"], "Renamed");
    assert_eq!(a["citations"][0]["version"], 2);
    let coded = analyst
        .send_json(
            &site,
            "PUT",
            &format!("{API}/codes"),
            &format!(
                "{{\"version\": {v}, \"submit\": true, \"items\": \
                 [{{\"evidence\": 1, \"dimension\": \"prevent\", \"strength\": \"weak\"}}]}}"
            ),
        )
        .await;
    assert_eq!(coded.status, StatusCode::OK, "{}", coded.body);
    let submitted = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/submit"),
            &format!("{{\"version\": {}}}", v + 1),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    let refused = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/approve"),
            &format!("{{\"version\": {}}}", v + 2),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let no_note = director
        .send_json(
            &site,
            "POST",
            &format!("{API}/return"),
            &format!("{{\"version\": {}, \"note\": \" \"}}", v + 2),
        )
        .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.body.contains("\"field\":\"note\""));
    let returned = director
        .send_json(
            &site,
            "POST",
            &format!("{API}/return"),
            &format!(
                "{{\"version\": {}, \"note\": \"Add the lens order.\"}}",
                v + 2
            ),
        )
        .await;
    assert_eq!(returned.status, StatusCode::OK, "{}", returned.body);
    let page = analyst.get(&site, EDITOR).await;
    assert!(page.body.contains("Add the lens order."));
    let late = director
        .send_json(
            &site,
            "POST",
            &format!("{API}/approve"),
            &format!("{{\"version\": {}}}", v + 3),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("\"code\":\"workflow\""));
}

#[tokio::test]
async fn script_in_every_text_field_renders_inert() {
    let (site, analyst, director) = setup().await;
    let v = version(&site, &analyst).await;
    let saved = analyst
        .post_form(
            &site,
            EDITOR,
            &form(&[
                ("version", &v.to_string()),
                ("verdict", "1"),
                ("opening", XSS),
                ("conclusion", XSS),
            ]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    for (url, date) in [(XSS, "2031-08-01"), ("javascript:alert(1)", "2031-08-02")] {
        let v = version(&site, &analyst).await;
        let added = analyst
            .post_form(
                &site,
                &format!("{EDITOR}/evidence"),
                &form(&[
                    ("version", &v.to_string()),
                    ("date", date),
                    ("text", XSS),
                    ("new_title", XSS),
                    ("new_publisher", XSS),
                    ("new_place", XSS),
                    ("new_url", url),
                    ("new_note", XSS),
                ]),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let mut pages = vec![
        analyst.get(&site, EDITOR).await,
        analyst.get(&site, &format!("{EDITOR}/evidence/1")).await,
        analyst.get(&site, &format!("{EDITOR}/citations/2")).await,
    ];
    // Readers see published editions only: submit, approve and publish, then read the chapter.
    let v = version(&site, &analyst).await;
    let submitted = analyst
        .post_form(
            &site,
            &format!("{EDITOR}/submit"),
            &form(&[("version", &v.to_string())]),
        )
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let approved = director
        .post_form(
            &site,
            &format!("{EDITOR}/approve"),
            &form(&[("version", &(v + 1).to_string())]),
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    site.store
        .publish_edition(
            CYCLE,
            EditionKind::Corrected,
            "France corrected",
            "Ed Editor",
        )
        .await
        .expect("publish");
    let public = site
        .get("/cycles/2031-testland-summit-final/commitments/8")
        .await;
    assert!(public.body.contains("France"), "{}", public.body);
    pages.push(public);
    for page in pages {
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        // askama writes `&lt;` and `&gt;` as the numeric `&#60;` and `&#62;`.
        assert!(
            page.body
                .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
                || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("<script>alert"), "{}", page.body);
        assert!(!page.body.contains("href=\"javascript:"), "{}", page.body);
        assert!(!page.body.to_lowercase().contains("href=\"javascript"));
    }
}
