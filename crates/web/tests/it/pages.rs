//! What each page shows.

use axum::http::StatusCode;

use crate::fixture::{CYCLE, INSTITUTION, SLUG, SUMMIT, site};

const MINUS: char = '\u{2212}';

fn position(body: &str, needle: &str) -> usize {
    body.find(needle)
        .unwrap_or_else(|| panic!("missing {needle:?} in\n{body}"))
}

fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        position(body, needle);
    }
}

#[tokio::test]
async fn index_lists_the_cycle_with_its_overall() {
    let site = site().await;
    let page = site.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    assert_contains(
        &page.body,
        &[
            "<html lang=\"en\">",
            "<caption",
            &format!("<a href=\"/cycles/{SLUG}\">{CYCLE}</a>"),
            "Final",
            "15 June 2031 \u{2013} 15 May 2032",
            "<td class=\"num\">3</td>",
            "0.00 (50%)",
            &format!("<td>{INSTITUTION}</td>\n<td>{SUMMIT}</td>"),
        ],
    );
}

#[tokio::test]
async fn index_of_an_empty_store_says_so() {
    let site = crate::fixture::Site::empty().await;
    let page = site.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page.body, &["No cycle has been imported yet"]);
}

#[tokio::test]
async fn report_card_shows_tables_b_c_d_and_the_gap() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_contains(
        body,
        &[
            // Table B, C and D, each with a caption and scoped headers.
            "<caption id=\"caption-b\">Table B",
            "<caption id=\"caption-c\">Table C",
            "<caption id=\"caption-d\">Table D",
            "<th scope=\"col\" class=\"cell\"><a href=\"/cycles/2031-testland-summit-final/members/CAN\"><abbr title=\"Canada\">CAN</abbr></a></th>",
            "<th scope=\"row\"><a href=\"/cycles/2031-testland-summit-final/commitments/7\">Lighthouse Keeping</a>",
            // Row averages as published, with a typographic minus for negatives.
            "+0.67 (83%)",
            &format!("{MINUS}0.33 (33%)"),
            &format!("{MINUS}1.00 (0%)"),
            // The three states, each distinct, in colour and in text.
            &format!("<td class=\"cell s-none\">{MINUS}1</td>"),
            "<td class=\"cell s-na\"><abbr title=\"not applicable\">n/a</abbr></td>",
            "<td class=\"cell s-pending\"><abbr title=\"not yet assessed\">\u{2013}</abbr></td>",
            "<td class=\"cell s-partial\">0</td>",
            "<td class=\"cell s-full\">+1</td>",
            // The overall says which overall it is.
            "0.00 (50%) <span class=\"note\">(average of all 7 scored cells)</span>",
            // The gap, in average units and in points, with who is highest and lowest.
            "<strong>0.83</strong>, or <strong>42 points</strong>",
            "<dt>Highest</dt><dd>Germany: +0.50 (75%)</dd>",
            &format!("<dt>Lowest</dt><dd>Canada: {MINUS}0.33 (33%)</dd>"),
            // Who assesses what, and who wrote it (one person however their name is typed).
            &format!("<dt>Institution</dt><dd>{INSTITUTION}</dd>"),
            &format!("<dt>Summit</dt><dd>{SUMMIT}</dd>"),
            "<h2 id=\"people\">Research team</h2>",
            "<li>Dana Director</li>",
            "<li>Lee Lead</li>",
            "<li>Ana Analyst</li>",
            "<li>Olu O\u{2019}Neill <span class=\"note\">(also written Olu O&#39;Neill)</span></li>",
        ],
    );
    assert!(
        !body.contains("-0.33"),
        "an ASCII minus in a published line"
    );
    // Table C ranks Germany, France, Canada; Table D ranks 8, 9, 7.
    let c = position(body, "caption-c\">");
    let d = position(body, "caption-d\">");
    let table_c = &body[c..d];
    assert!(position(table_c, ">Germany<") < position(table_c, ">France<"));
    assert!(position(table_c, ">France<") < position(table_c, ">Canada<"));
    let table_d = &body[d..];
    assert!(position(table_d, "8. Foghorn") < position(table_d, "9. Buoy"));
    assert!(position(table_d, "9. Buoy") < position(table_d, "7. Lighthouse"));

    let redacted = redact_stylesheet_hash(body);
    insta::assert_snapshot!("report_card", redacted);
}

/// The stylesheet's address carries a hash of its content; keep it out of the snapshot.
fn redact_stylesheet_hash(body: &str) -> String {
    let marker = "/assets/style.css?v=";
    match body.find(marker) {
        Some(i) => {
            let start = i + marker.len();
            let end = body[start..].find('"').map_or(body.len(), |e| start + e);
            format!("{}HASH{}", &body[..start], &body[end..])
        }
        None => body.to_string(),
    }
}

#[tokio::test]
async fn commitment_page_shows_the_chapter() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}/commitments/7")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_contains(
        body,
        &[
            "<h1>7. Lighthouse Keeping</h1>",
            "Oceans and Lighthouses",
            "We will keep every lighthouse lit (Lighthouse Keeping).",
            "<figcaption>Testland Leaders&#39; Communiqu\u{e9}</figcaption>",
            "<caption id=\"caption-assessment\">",
            "<th scope=\"col\" class=\"cell\">No Compliance</th>",
            &format!(
                "<td class=\"cell s-none\">{MINUS}1</td><td class=\"cell\"></td><td class=\"cell\"></td>"
            ),
            "colspan=\"3\"><abbr title=\"not applicable\">n/a</abbr>",
            "colspan=\"3\"><abbr title=\"not yet assessed\">\u{2013}</abbr>",
            &format!(
                "<tr><th scope=\"row\">Average</th><td colspan=\"3\">{MINUS}1.00 (0%)</td></tr>"
            ),
            "<h2 id=\"background\">Background</h2>",
            "<h2 id=\"scoring-guidelines\">Scoring Guidelines</h2>",
            "0: some lighthouses lit<br>+1: every lighthouse lit",
            "<dt>Compliance director</dt><dd>Dana Director</dd>",
            "<dt>Lead analyst</dt><dd>Lee Lead</dd>",
            "<section id=\"member-CAN\"",
            &format!("<h2 id=\"member-CAN-h\">Canada: {MINUS}1</h2>"),
            &format!("Thus, Canada receives a score of {MINUS}1."),
            "Analyst: Ana Analyst",
            // Footnote markers are links; a marker in prose links too.
            "<sup><a href=\"#fn-4001\" aria-label=\"footnote 4001\">4001</a></sup>",
            "summit.<sup><a href=\"#fn-4000\"",
            // Footnotes with their fields; a sound URL is a link, a malformed one is text.
            "<li id=\"fn-4001\" value=\"4001\">Review of lights, Testland Coast Guard (Port Invented), <time datetime=\"2031-07-02\">2 July 2031</time>.",
            "Access date: <time datetime=\"2031-09-01\">1 September 2031</time>.",
            "<a href=\"https://example.org/review\" rel=\"noopener noreferrer\">https://example.org/review</a>",
            "<span class=\"malformed-url\">https://example- org/lenses</span>",
            // The year-less date is marked.
            "<time datetime=\"2032-03-02\">2 March 2032 <span class=\"inferred\">(year inferred)</span></time>",
        ],
    );
    assert!(!body.contains("href=\"https://example- org/lenses\""));
    // The published line agrees with the scores, so no "published" line is added.
    assert!(!body.contains("differs from the scores"));
    // Evidence in date order, whatever order it was written in.
    let july = position(body, "On 4 July 2031");
    let november = position(body, "On 20 November 2031");
    let march = position(body, "On 2 March, Canada");
    assert!(
        july < november && november < march,
        "evidence out of date order"
    );
}

#[tokio::test]
async fn narrative_text_is_escaped() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}/commitments/7")).await;
    assert!(!page.body.contains("<script>"));
    assert_contains(
        &page.body,
        &["A note with &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; in it &#38; more."],
    );
}

#[tokio::test]
async fn commitment_without_sections_still_has_its_assessment() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}/commitments/8")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(
        &page.body,
        &["<h1>8. Foghorn Maintenance</h1>", "+0.67 (83%)"],
    );
}

#[tokio::test]
async fn member_page_shows_scores_average_rank_and_sections() {
    let site = site().await;
    let page = site.get(&format!("/cycles/{SLUG}/members/CAN")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(
        &page.body,
        &[
            "<h1>Canada <span class=\"meta\">(CAN)</span></h1>",
            &format!("{MINUS}0.33 (33%) <span class=\"note\">(over the 3 commitments"),
            "<dt>Rank</dt><dd>3 of 3</dd>",
            "<caption id=\"caption-scores\">",
            "href=\"/cycles/2031-testland-summit-final/commitments/7#member-CAN\"",
            &format!("<td class=\"cell s-none\">{MINUS}1</td>"),
            "<td class=\"cell s-full\">+1</td>",
        ],
    );
    // France is n/a on commitment 7: shown as such, not as a failure.
    let france = site.get(&format!("/cycles/{SLUG}/members/fra")).await;
    assert_eq!(france.status, StatusCode::OK);
    assert_contains(
        &france.body,
        &[
            "<td class=\"cell s-na\"><abbr title=\"not applicable\">n/a</abbr></td>",
            "over the 2 commitments",
        ],
    );
}

#[tokio::test]
async fn stylesheet_is_served_with_a_long_cache_header() {
    let site = site().await;
    let home = site.get("/").await;
    let start = position(&home.body, "/assets/style.css?v=");
    let end = start + home.body[start..].find('"').expect("closing quote");
    let css = site.get(&home.body[start..end]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type.starts_with("text/css"));
    assert!(css.cache_control.contains("max-age=31536000"));
    assert!(css.body.contains(".scroll"));
}

#[tokio::test]
async fn report_card_follows_a_change_to_the_store() {
    use pledgewatch_domain::Verdict;
    use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};

    let site = site().await;
    let uri = format!("/cycles/{SLUG}");
    let before = site.get(&uri).await;
    assert!(before.body.contains("+0.67 (83%)"));
    // Served again from the cache: the same page.
    assert_eq!(site.get(&uri).await.body, before.body);

    // France moves from 0 to +1 on commitment 8: the row becomes +1.00 (100%).
    let sheet = ScoreSheet {
        members: vec!["France".to_string()],
        commitments: vec![SheetCommitment {
            code: "8".to_string(),
            title: None,
            area: None,
            cells: vec![(
                "France".to_string(),
                "+1".parse::<Verdict>().expect("verdict"),
            )],
        }],
    };
    site.store
        .import_scores(&crate::fixture::cycle(), &sheet, "test")
        .await
        .expect("import the change");
    let after = site.get(&uri).await;
    assert!(after.body.contains("+1.00 (100%)"), "{}", after.body);
    assert!(!after.body.contains("+0.67 (83%)"));
}
