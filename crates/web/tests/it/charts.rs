//! The report renderers' SVG charts on the pages: inline, accessible, under the unchanged
//! Content-Security-Policy.

use axum::body::Body;
use axum::http::Request;
use jiff::civil::date;
use pledgewatch_domain::{
    Chapter, Commitment, Cycle, PercentConvention, Period, Score, TableRow, Verdict,
};
use tower::ServiceExt;

use crate::fixture::{SLUG, site};

#[tokio::test]
async fn report_card_shows_the_heatmap_and_the_ranking_bars() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}")).await;
    let body = &page.body;
    assert_eq!(body.matches("<svg ").count(), 2);
    assert!(body.contains("<title id=\"heatmap-title\">Scores by commitment and member</title>"));
    assert!(body.contains("<title id=\"bars-title\">Compliance by member</title>"));
    assert!(body.contains("Overall 0.00 (50%)"));
    // Inline SVG needs no script: the policy still forbids scripts.
    assert!(!body.contains("<script"));
    let request = Request::builder()
        .uri(format!("/cycles/{SLUG}"))
        .body(Body::empty())
        .expect("a request");
    let response = site
        .router
        .clone()
        .oneshot(request)
        .await
        .expect("a response");
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"));
}

#[tokio::test]
async fn member_page_shows_across_cycles_only_with_two_cycles() {
    let site = site().await;
    let uri = format!("/cycles/{SLUG}/members/CAN");
    assert!(!site.get(&uri).await.body.contains("Across cycles"));

    // An earlier invented cycle in which Canada was scored too.
    let earlier = Cycle {
        name: "2030 Testland Summit Final".into(),
        kind: None,
        period: Some(Period::new(date(2030, 6, 15), date(2031, 5, 15)).expect("a period")),
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    };
    let chapter = Chapter {
        commitment: Commitment {
            code: "1".into(),
            area: "Oceans and Lighthouses".into(),
            title: "Buoy Painting".into(),
            text: "We will paint the buoys.".into(),
            source: "Testland Communiqué".into(),
        },
        sections: Vec::new(),
        director: None,
        lead_analyst: None,
        assessment_table: vec![TableRow {
            member: "Canada".into(),
            verdict: Verdict::Scored(Score::Full),
        }],
        published_average: None,
        members: Vec::new(),
        citations: Vec::new(),
    };
    site.store
        .import_chapters(&earlier, &[chapter], "test")
        .await
        .expect("import the earlier cycle");
    let body = site.get(&uri).await.body;
    assert!(
        body.contains("<h2 id=\"across-cycles\">Across cycles</h2>"),
        "{body}"
    );
    assert!(body.contains("Canada: average across cycles"));
    // Oldest first.
    let a = body
        .find("2030 Testland Summit Final +1.00 (100%)")
        .expect("the earlier cycle");
    let b = body
        .find("2031 Testland Summit Final \u{2212}0.33 (33%)")
        .expect("the later cycle");
    assert!(a < b);
    // France is not in the earlier cycle: no chart for it.
    let france = site.get(&format!("/cycles/{SLUG}/members/FRA")).await.body;
    assert!(!france.contains("Across cycles"));
}
