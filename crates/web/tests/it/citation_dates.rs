//! A citation's publication date is as precise as its source: a month without a day (`July 2031`)
//! is shown as written on the public chapter page and in the evidence editor, read and written
//! as `2031-07` over the API, and compared with the access date as a month.

use axum::http::StatusCode;
use pledgewatch_domain::PartialDate;
use pledgewatch_domain::access::Role;
use pledgewatch_store::ReviewStatus;

use crate::accounts::{Session, sign_in, urlencode};
use crate::fixture::{CYCLE, SLUG, Site, site};

const EDITOR: &str = "/workspace/cycles/2031-testland-summit-final/commitments/8/members/France";
const API: &str = "/api/v1/cycles/2031-testland-summit-final/commitments/8/members/France";

/// The fixture with France's assessment of commitment 8 a draft and an analyst assigned to it.
async fn analyst_at_work() -> (Site, Session) {
    let site = site().await;
    let draft = site
        .store
        .assessment_draft(CYCLE, "8", "France")
        .await
        .expect("draft");
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
    (site, analyst)
}

async fn version(site: &Site, analyst: &Session) -> i64 {
    let got = analyst.send_json(site, "GET", API, "").await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.body);
    let a: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    a["version"].as_i64().unwrap()
}

/// An evidence item with a new footnote published on `published`, accessed on `accessed`.
fn evidence_json(version: i64, published: &str, accessed: &str) -> String {
    format!(
        "{{\"version\": {version}, \"date\": \"2031-07-20\", \"text\": \"On 20 July 2031, France acted.\", \
         \"new_citation\": {{\"title\": \"Plan for the lights\", \"publisher\": \"Phares de France\", \
         \"published\": \"{published}\", \"accessed\": \"{accessed}\", \"url\": \"https://example.org/plan\"}}}}"
    )
}

#[tokio::test]
async fn the_chapter_page_shows_a_month_as_written() {
    let site = site().await;
    let cycle = site.store.cycle(CYCLE).await.unwrap().unwrap();
    let mut chapters = site.store.chapters(CYCLE).await.unwrap();
    let seven = chapters
        .iter_mut()
        .find(|c| c.commitment.code == "7")
        .unwrap();
    seven.citations[0].published = PartialDate::of_month(2031, 7);
    site.store
        .import_chapters(&cycle, std::slice::from_ref(seven), "test")
        .await
        .unwrap();
    let page = site.get(&format!("/cycles/{SLUG}/commitments/7")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("(Port Invented), <time datetime=\"2031-07\">July 2031</time>."),
        "{}",
        page.body
    );
    // The store keeps the month: read back, it is still one.
    let again = site.store.chapters(CYCLE).await.unwrap();
    let seven = again.iter().find(|c| c.commitment.code == "7").unwrap();
    assert_eq!(seven.citations[0].published, PartialDate::of_month(2031, 7));
}

#[tokio::test]
async fn a_month_is_written_read_and_checked_as_a_month() {
    let (site, analyst) = analyst_at_work().await;
    let v = version(&site, &analyst).await;
    let body = evidence_json(v, "2031-07", "2031-07-15");
    let added = analyst
        .send_json(&site, "POST", &format!("{API}/evidence"), &body)
        .await;
    // Accessed on 15 July, published in July: not before its publication.
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    let got = analyst.send_json(&site, "GET", API, "").await;
    let a: serde_json::Value = serde_json::from_str(&got.body).unwrap();
    let citation = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "Plan for the lights")
        .unwrap();
    assert_eq!(citation["published"], "2031-07");
    let page = analyst.get(&site, EDITOR).await;
    assert!(page.body.contains("July 2031"), "{}", page.body);
    assert!(!page.body.contains("1 July 2031"), "no day is made up");

    // The footnote's own form offers the month back, and saving it unchanged keeps it.
    let number = citation["number"].as_u64().unwrap();
    let form_page = analyst
        .get(&site, &format!("{EDITOR}/citations/{number}"))
        .await;
    assert_eq!(form_page.status, StatusCode::OK, "{}", form_page.body);
    assert!(
        form_page.body.contains(
            "name=\"published\" type=\"text\" placeholder=\"YYYY-MM-DD\" value=\"2031-07\""
        ),
        "{}",
        form_page.body
    );

    // Accessed in June, published in July: refused, naming the field.
    let v = version(&site, &analyst).await;
    let refused = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/evidence"),
            &evidence_json(v, "2031-07", "2031-06-30"),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("before the publication date 2031-07"),
        "{}",
        refused.body
    );

    // Not a date at any precision: refused, naming the field.
    let refused = analyst
        .send_json(
            &site,
            "POST",
            &format!("{API}/evidence"),
            &evidence_json(v, "2031-13", "2031-07-15"),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let e: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(e["error"]["field"], "new_citation.published");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("`2031-13` is not a date"),
        "{}",
        refused.body
    );
    assert_eq!(version(&site, &analyst).await, v, "nothing was written");

    // The browser form takes a month too.
    let form = [
        ("version", v.to_string()),
        ("date", "2031-07-21".into()),
        ("text", "On 21 July 2031, France acted again.".into()),
        ("new_title", "Second plan".into()),
        ("new_published", "2031-07".into()),
        ("new_accessed", "2031-08-01".into()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&");
    let posted = analyst
        .post_form(&site, &format!("{EDITOR}/evidence"), &form)
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
}
