//! The rubric, agreement and departures pages, the rubric notes on the commitment page and the
//! departures line on the report card, over the coded fixture.

use axum::http::StatusCode;
use pledgewatch_domain::coding::Adjudication;
use pledgewatch_domain::edition::EditionKind;
use pledgewatch_domain::rubric::Strength;

use crate::coded::{CODE, LEAD, RUBRIC_19, coded_site, rubric_19};
use crate::fixture::{CYCLE, SLUG, Site};

fn rubric_uri() -> String {
    format!("/cycles/{SLUG}/commitments/{CODE}/rubric")
}

#[track_caller]
fn assert_contains(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "missing {needle:?} in\n{body}");
    }
}

/// A form body with the `rubric` field percent-encoded.
fn form(text: &str) -> String {
    let mut out = String::from("rubric=");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn history(site: &Site) -> Vec<u32> {
    site.store
        .rubric_history(CYCLE, CODE)
        .await
        .expect("history")
        .into_iter()
        .map(|h| h.version)
        .collect()
}

#[tokio::test]
async fn rubric_page_shows_dimensions_rules_history_and_findings_with_examples() {
    let site = coded_site().await;
    let page = site.get(&rubric_uri()).await;
    assert_eq!(page.status, StatusCode::OK);
    let rubric = rubric_19();
    let prevent = &rubric.dimensions[0];
    assert_contains(
        &page.body,
        &[
            "<h1>Rubric of 19. Keeping Ferries Honest</h1>",
            "Version 1",
            // Dimensions with description and examples.
            &format!(
                "{} <span class=\"note\">(<code>prevent</code>)</span>",
                prevent.name
            ),
            &prevent.description,
            &prevent.strong_examples[0],
            &prevent.weak_examples[0],
            // Rules in plain English with their scores.
            "<th scope=\"row\">strong in 1 to 3</th><td>strong in 1 to 3 dimensions</td><td class=\"cell\">0</td>",
            "<td>contradictory action</td><td class=\"cell\">\u{2212}1</td>",
            // Version history.
            "<strong>Version 1</strong> (shown), saved ",
            " by test</li>",
            // The checker: the gap (weak in exactly two, no strong) and the overlap with +1.
            "Gap: no score.</strong> gap: ",
            "strong in 0, weak in 2, no action in 2 dimensions",
            "Overlap: two scores.</strong> overlap: ",
            "<caption>Example coding</caption>",
            "<tr><th scope=\"row\">Prevent</th><td>",
            "<tr><th scope=\"row\">Contradictory action</th><td>yes</td></tr>",
            // The what-if form, prefilled with the rubric as TOML.
            &format!("<form method=\"post\" action=\"{}#whatif\">", rubric_uri()),
            "<textarea id=\"rubric-text\" name=\"rubric\"",
            "[[rule]]",
        ],
    );
    // The gap's example really is weak in two dimensions, none strong.
    let gap = page.body.find("Gap: no score").expect("gap");
    let example = &page.body[gap..gap + 900];
    assert_eq!(example.matches("<td>weak</td>").count(), 2, "{example}");
    assert_eq!(example.matches("<td>strong</td>").count(), 0, "{example}");
}

#[tokio::test]
async fn commitment_page_links_the_rubric_and_shows_each_members_suggestion() {
    let site = coded_site().await;
    let page = site
        .get(&format!("/cycles/{SLUG}/commitments/{CODE}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_contains(
        body,
        &[
            &format!("<a href=\"{}\">Rubric: dimensions", rubric_uri()),
            // Canada: coded strong in all four, scored 0: departs, with its justification.
            "<strong>Rubric suggests:</strong> +1 <span class=\"note\">(rubric version 1)</span> <strong class=\"flag\">Departs from the rubric</strong>",
            "strong: prevent, counter, dismantle, disrupt; no contradictory action \u{2192} +1 by rule &#39;strong in all 4&#39;",
            "<strong>Justification:</strong> The strongest actions came after the cut-off.",
            // France: the coders disagree on prevent.
            "<strong>Rubric suggests:</strong> awaiting adjudication of: prevent",
            // Germany: one coder has not submitted.
            "<strong>Rubric suggests:</strong> awaiting the second coder",
        ],
    );
    assert_eq!(body.matches("Departs from the rubric").count(), 1);
    // Commitment 7 has no rubric: the link invites one and no member gets a note.
    let seven = site.get(&format!("/cycles/{SLUG}/commitments/7")).await;
    assert_contains(&seven.body, &["Rubric (none yet)"]);
    assert!(!seven.body.contains("Rubric suggests"));
}

#[tokio::test]
async fn report_card_counts_departures_and_links_the_list() {
    let site = coded_site().await;
    let page = site.get(&format!("/cycles/{SLUG}")).await;
    assert_contains(
        &page.body,
        &[&format!(
            "<a href=\"/cycles/{SLUG}/departures\">1 of 1 scored assessments depart from their rubric's suggestion</a>"
        )],
    );
    let list = site.get(&format!("/cycles/{SLUG}/departures")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_contains(
        &list.body,
        &[
            "1 of 1 scored assessments depart",
            &format!(
                "<a href=\"/cycles/{SLUG}/commitments/19#member-CAN\">19. Keeping Ferries Honest: Canada</a>"
            ),
            "<td class=\"cell\">0</td><td class=\"cell\">+1</td>",
            "(rubric version 1)",
        ],
    );
}

#[tokio::test]
async fn agreement_page_shows_figures_and_the_queue_without_incomplete_codings() {
    let site = coded_site().await;
    let page = site.get(&format!("/cycles/{SLUG}/agreement")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert_contains(
        body,
        &[
            // Canada and France are complete; Germany (one coder) is not counted. By hand
            // (values strong S, weak W, none N; Avery's first): prevent (S,S), (S,W): p_o = 1/2,
            // p_e = 2·1/4 = 1/2 → κ = 0; counter, dismantle, disrupt (S,S), (N,N): p_o = 1,
            // p_e = 1/2 → κ = 1; contradictory never used → undefined; overall, 10 pairs with
            // 9 agreeing: p_o = 9/10, p_e = (5·4 + 5·5)/100 = 9/20 → κ = 9/11 = 0.818.
            "19. Keeping Ferries Honest: Cohen&#39;s kappa over 2 assessments (rubric version 1); overall 0.818",
            "<tr><th scope=\"row\">Prevent</th><td>Cohen&#39;s kappa</td><td class=\"num\">0.000</td><td class=\"num\">2</td></tr>",
            "<tr><th scope=\"row\">Counter</th><td>Cohen&#39;s kappa</td><td class=\"num\">1.000</td><td class=\"num\">2</td></tr>",
            "<tr><th scope=\"row\">Dismantle networks</th><td>Cohen&#39;s kappa</td><td class=\"num\">1.000</td><td class=\"num\">2</td></tr>",
            "<tr><th scope=\"row\">Disrupt business models</th><td>Cohen&#39;s kappa</td><td class=\"num\">1.000</td><td class=\"num\">2</td></tr>",
            "<tr><th scope=\"row\">Contradictory action</th><td>Cohen&#39;s kappa</td><td class=\"num\">undefined</td><td class=\"num\">2</td></tr>",
            // The queue: France, prevent, pending.
            "19. Keeping Ferries Honest</a>: France</th>",
            "<li><code>prevent</code>: pending</li>",
        ],
    );
    // Germany's coding is incomplete: it is not in the queue, and no coder is named.
    assert!(!body.contains("Germany"), "{body}");
    assert!(!body.contains("Avery") && !body.contains("Blake"), "{body}");

    // Once the lead analyst adjudicates, France's point is adjudicated and it gets a suggestion.
    let decision = Adjudication {
        dimension: Some("prevent".to_string()),
        strength: Strength::Strong,
        contradictory: false,
        by: LEAD.to_string(),
        note: "The office opened.".to_string(),
        at: jiff::Timestamp::now(),
    };
    site.store
        .adjudicate(CYCLE, CODE, "France", &decision, LEAD)
        .await
        .expect("adjudicate");
    // Readers see it once an edition publishes it.
    site.store
        .publish_edition(CYCLE, EditionKind::Corrected, "adjudicated", "test")
        .await
        .expect("publish");
    let page = site.get(&format!("/cycles/{SLUG}/agreement")).await;
    assert_contains(&page.body, &["<li><code>prevent</code>: adjudicated</li>"]);
    let commitment = site
        .get(&format!("/cycles/{SLUG}/commitments/{CODE}"))
        .await;
    assert_contains(
        &commitment.body,
        &["\u{2192} 0 by rule &#39;strong in 1 to 3&#39;"],
    );
}

#[tokio::test]
async fn what_if_shows_changed_suggestions_and_stores_nothing() {
    let site = coded_site().await;
    let before = history(&site).await;
    let last_change = site.store.last_change().await.expect("last change");
    // "strong in all 4" now gives 0: Canada's suggestion goes from +1 to 0.
    let changed = RUBRIC_19.replace(
        "name = \"strong in all 4\"\nscore = 1",
        "name = \"strong in all 4\"\nscore = 0",
    );
    assert_ne!(changed, RUBRIC_19);
    let page = site
        .post(
            &rubric_uri(),
            "application/x-www-form-urlencoded",
            form(&changed),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_contains(
        &page.body,
        &[
            "<h3 id=\"whatif-result\">Result against version 1</h3>",
            "<h4>The checker on the pasted rubric</h4>",
            "<tr><th scope=\"row\">Canada</th><td class=\"cell\">0</td>",
            "<td><strong>+1</strong><br><span class=\"note\">",
            "<td>\u{2192} <strong>0</strong><br><span class=\"note\">",
            "by rule &#39;strong in all 4&#39;",
            // What was pasted stays in the box.
            "score = 0",
        ],
    );
    assert_eq!(history(&site).await, before, "the what-if saved a version");
    assert_eq!(
        site.store.last_change().await.expect("last change"),
        last_change,
        "the what-if wrote to the store"
    );
}

#[tokio::test]
async fn malformed_what_if_input_keeps_the_text_and_says_why() {
    let site = coded_site().await;
    let before = history(&site).await;
    // Not TOML at all, with markup that must come back inert.
    let typed = "version = = 2\n</textarea><script>alert(1)</script>";
    let page = site
        .post(
            &rubric_uri(),
            "application/x-www-form-urlencoded",
            form(typed),
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_contains(
        &page.body,
        &[
            "<div id=\"rubric-errors\" class=\"error\" role=\"alert\">",
            "not a readable rubric",
            "aria-invalid=\"true\" aria-describedby=\"rubric-errors\"",
            "version = = 2\n&#60;/textarea&#62;&#60;script&#62;alert(1)&#60;/script&#62;</textarea>",
        ],
    );
    assert!(!page.body.contains("<script>"));

    // Readable but invalid: every problem named, the text kept.
    let invalid = RUBRIC_19.replace("name = \"no action\"", "name = \"strong in 1 to 3\"");
    let page = site
        .post(
            &rubric_uri(),
            "application/x-www-form-urlencoded",
            form(&invalid),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_contains(
        &page.body,
        &[
            "rule name &#39;strong in 1 to 3&#39; is used twice (rules 2 and 4)",
            "name = &#34;strong in 1 to 3&#34;",
        ],
    );

    // Too large for the form: 413, with the reason beside the (emptied) box.
    let huge = form(&format!("{RUBRIC_19}\n# {}", "x".repeat(300 * 1024)));
    let page = site
        .post(&rubric_uri(), "application/x-www-form-urlencoded", huge)
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_contains(&page.body, &["larger than the limit of 256 KiB"]);

    // An empty box.
    let page = site
        .post(
            &rubric_uri(),
            "application/x-www-form-urlencoded",
            "rubric=",
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_contains(&page.body, &["paste a rubric first"]);
    assert_eq!(history(&site).await, before);
}

#[tokio::test]
async fn script_in_rubric_text_renders_inert() {
    let site = coded_site().await;
    let mut rubric = rubric_19();
    let script = "<script>alert('x')</script>";
    rubric.dimensions[0].description = format!("Stops {script} & more");
    rubric.dimensions[0].name = format!("Prevent {script}");
    rubric.dimensions[1].strong_examples = vec![script.to_string()];
    rubric.rules[0].name = format!("all four {script}");
    site.store
        .save_rubric(CYCLE, CODE, &rubric, "test")
        .await
        .expect("save");
    // Readers see the new version once an edition publishes it.
    site.store
        .publish_edition(CYCLE, EditionKind::Corrected, "rubric version 2", "test")
        .await
        .expect("publish");
    for uri in [
        rubric_uri(),
        format!("/cycles/{SLUG}/commitments/{CODE}"),
        format!("/cycles/{SLUG}/agreement"),
        format!("/cycles/{SLUG}/departures"),
    ] {
        let page = site.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        assert!(!page.body.contains("<script>"), "{uri} has a live script");
    }
    let page = site.get(&rubric_uri()).await;
    assert_contains(
        &page.body,
        &["Stops &#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; more"],
    );
    // Version 2 is shown, version 1 stays readable from the history.
    assert_contains(&page.body, &["<strong>Version 2</strong> (shown)"]);
    let old = site.get(&format!("{}?version=1", rubric_uri())).await;
    assert_eq!(old.status, StatusCode::OK);
    assert_contains(&old.body, &["an older version"]);
}

#[tokio::test]
async fn unknown_rubric_addresses_are_404_pages() {
    let site = coded_site().await;
    for uri in [
        format!("/cycles/no-such-cycle/commitments/{CODE}/rubric"),
        format!("/cycles/{SLUG}/commitments/99/rubric"),
        format!("{}?version=9", rubric_uri()),
        format!("{}?version=abc", rubric_uri()),
        "/cycles/no-such-cycle/agreement".to_string(),
        "/cycles/no-such-cycle/departures".to_string(),
    ] {
        let page = site.get(&uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
    }
    // A commitment without a rubric has a page inviting one.
    let page = site
        .get(&format!("/cycles/{SLUG}/commitments/7/rubric"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_contains(&page.body, &["This commitment has no rubric yet"]);
}
