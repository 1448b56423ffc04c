//! The report as HTML: continuous footnotes, the published structure, evidence in date order,
//! escaping, and the page-per-chapter layout.

use std::collections::BTreeSet;

use pledgewatch_domain::BodyParagraph;
use pledgewatch_reports::html::{chapter_pages, render_html, write_html};

use crate::render_fixture::{invented_chapters, invented_cycle, invented_report, seed_report};

/// Every `href="#fn-N"` in `html`, and every footnote `id="fn-N"` in document order.
fn links_and_notes(html: &str) -> (BTreeSet<u32>, Vec<u32>) {
    let numbers = |pat: &str| -> Vec<u32> {
        html.match_indices(pat)
            .filter_map(|(i, _)| {
                html[i + pat.len()..]
                    .split('"')
                    .next()
                    .and_then(|n| n.parse().ok())
            })
            .collect()
    };
    (
        numbers("href=\"#fn-").into_iter().collect(),
        numbers("<li id=\"fn-"),
    )
}

#[test]
fn seed_footnotes_run_on_from_the_first_number() {
    let Some(report) = seed_report("seed_footnotes_run_on_from_the_first_number", 1) else {
        return;
    };
    let html = render_html(&report);
    let (links, notes) = links_and_notes(&html);
    // Chapter 18 (346 footnotes) then chapter 19 (165), numbered 1 … 511 without a gap.
    assert_eq!(notes, (1..=511).collect::<Vec<u32>>());
    let defined: BTreeSet<u32> = notes.iter().copied().collect();
    assert!(
        links.is_subset(&defined),
        "a marker links to a missing footnote"
    );
    assert!(
        !html.contains("fn missing"),
        "every marker has its footnote"
    );
    let ch18 = html.find("id=\"ch-18\"").expect("chapter 18");
    let ch19 = html.find("id=\"ch-19\"").expect("chapter 19");
    assert!(ch18 < ch19);
    assert!(html[ch18..ch19].contains("<li id=\"fn-346\""));
    assert!(html[ch19..].contains("<li id=\"fn-347\""));
    assert!(!html.contains("<script"));
}

#[test]
fn seed_chapters_keep_the_published_structure() {
    let Some(report) = seed_report("seed_chapters_keep_the_published_structure", 4068) else {
        return;
    };
    let html = render_html(&report);
    let front = [
        "<h1>2024 G7 Apulia Summit Final Compliance Report</h1>",
        "Prepared by Invented Research Group",
        "9 June 2025",
        "15 June 2024 \u{2013} 15 May 2025",
        ">Research Team</h2>",
        ">Summary</h2>",
        "<strong>+0.69 (84%)</strong>",
        "<strong>0.50</strong> in average units, or <strong>25 percentage points</strong>",
        "<svg ",
        ">Table A: Commitments Selected for Compliance Monitoring</h2>",
        ">Table B: 2024 G7 Apulia Summit Final Compliance Scores</h2>",
        ">Table C: 2024 G7 Apulia Summit Final Compliance Scores by Member</h2>",
        ">Table D: 2024 G7 Apulia Summit Final Compliance Scores by Commitment</h2>",
        "id=\"ch-18\"",
    ];
    in_order(&html, &front);
    for code in ["18", "19"] {
        let start = html
            .find(&format!("id=\"ch-{code}\""))
            .expect("the chapter");
        let end = html[start..].find("</article>").expect("its end") + start;
        let chapter = &html[start..end];
        in_order(
            chapter,
            &[
                &format!("{code}. Migration and Refugees: "),
                "<blockquote class=\"commitment\">",
                "<h3 id=\"ch-",
                "<th scope=\"col\">No Compliance</th><th scope=\"col\">Partial Compliance</th><th scope=\"col\">Full Compliance</th>",
                "<th scope=\"row\">Average</th>",
                "<h3>Background</h3>",
                "<h3>Commitment Features</h3>",
                "<h3>Definitions and Concepts</h3>",
                "<h3>General Interpretive Guidelines</h3>",
                "<h3>Scoring Guidelines</h3>",
                "Compliance Director: ",
                "Lead Analyst: ",
                "<h3>Canada: ",
                "Thus, Canada receives a score of ",
                "<p class=\"analyst\">Analyst: ",
                "<h3>European Union: ",
                ">Notes</h3>",
            ],
        );
    }
    assert!(html.contains("<h3>Canada: +1</h3>"));
    assert!(html.contains("<h3>Canada: 0</h3>"));
    assert!(html.contains("Thus, Canada receives a score of +1."));
    assert!(html.contains("+0.38 (69%)"));

    // Evidence in date order within every member section.
    for section in html.split("<section class=\"member\">").skip(1) {
        let section = section.split("</section>").next().unwrap_or("");
        let dates: Vec<&str> = section
            .match_indices("data-date=\"")
            .filter_map(|(i, p)| section[i + p.len()..].split('"').next())
            .collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "dates out of order: {dates:?}"
        );
    }
    // 317 evidence paragraphs in chapter 18 alone.
    assert!(html.matches("class=\"evidence\"").count() > 317);
}

fn in_order(text: &str, parts: &[&str]) {
    let mut at = 0;
    for p in parts {
        match text[at..].find(p) {
            Some(i) => at += i + p.len(),
            None => panic!("`{p}` missing or out of order"),
        }
    }
}

#[test]
fn invented_evidence_is_sorted_and_markup_escaped() {
    let mut chapters = invented_chapters();
    chapters[0].commitment.title = "Borders <script>alert(1)</script>".into();
    if let Some(BodyParagraph::Evidence(e)) = chapters[0].members[0].body.get_mut(0) {
        e.text.push_str(" <script>alert(\"x\")</script>");
    }
    chapters[1].members[1].analyst = Some("<img src=x onerror=alert(1)>".into());
    let report = pledgewatch_reports::Report::new(
        &invented_cycle("<script>cycle</script>"),
        &chapters,
        &Default::default(),
    )
    .expect("the footnotes fit");
    let html = render_html(&report);
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    // The item of 4 July comes before the one of 20 September though written after it.
    let july = html
        .find("On 4 July 2024, the government of Canada")
        .expect("July");
    let september = html
        .find("On 20 September 2024, the government of Canada")
        .expect("September");
    assert!(july < september);
    // n/a and not assessed are said, and do not get a "Thus" sentence.
    let italy = html
        .find("<h3>Italy: n/a</h3>")
        .expect("Italy's n/a section");
    let italy = &html[italy..];
    let italy = &italy[..italy.find("</section>").expect("its end")];
    assert!(!italy.contains("Thus,"));
    assert!(html.contains("<td colspan=\"3\" class=\"cell\">not yet assessed</td>"));
    assert!(html.contains("<td colspan=\"3\" class=\"cell\">+0.33 (67%)</td>"));
}

#[test]
fn streaming_and_rendering_agree_and_pages_link() {
    let report = invented_report();
    let mut streamed = Vec::new();
    write_html(&report, &mut streamed).expect("writes to a Vec");
    assert_eq!(
        String::from_utf8(streamed).expect("utf-8"),
        render_html(&report)
    );

    let pages = chapter_pages(&report);
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["index.html", "chapter-1.html", "chapter-2.html"]);
    let index = &pages[0].1;
    assert!(index.contains("href=\"chapter-1.html\"") && index.contains("href=\"chapter-2.html\""));
    let table_b = pledgewatch_reports::titles::TableTitles::of(&report.cycle.name).b;
    assert!(index.contains(&format!(">{table_b}</h2>")), "{table_b}");
    for (_, page) in &pages[1..] {
        assert!(page.contains("<a href=\"index.html\">"));
        let (links, notes) = links_and_notes(page);
        let defined: BTreeSet<u32> = notes.into_iter().collect();
        assert!(!links.is_empty() && links.is_subset(&defined));
        assert!(
            !page.contains("<link") && !page.contains("<script") && !page.contains("src=\"http")
        );
    }
}
