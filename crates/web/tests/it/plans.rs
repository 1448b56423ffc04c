//! The action plan pages over a real store: an invented plan (a pillar and a priority with
//! sub-measures, two members, an observer), statuses in two periods, evidence linked from the
//! fixture cycle's chapter 7, a measure linked to commitment 8.

use axum::http::StatusCode;
use jiff::civil::date;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Measure, Plan, PlanSection, ReportingPeriod,
    ReportingRhythm, SectionKind, StatusRecord,
};

use crate::fixture::{CYCLE, SLUG, Site, site};

const TITLE: &str = "Harbour Test Plan on Lights";
const PLAN: &str = "/plans/harbour-test-plan-on-lights";
const XSS: &str = "<script>alert(1)</script>";
/// Canada's second evidence item on commitment 7 (in source order).
const EVIDENCE_TEXT: &str = "On 4 July 2031, Canada announced a review of its lights.";

fn measure(code: &str, text: &str, subs: Vec<Measure>) -> Measure {
    Measure {
        code: code.to_string(),
        text: text.to_string(),
        sub_measures: subs,
    }
}

fn plan() -> Plan {
    Plan {
        institution: "Harbour Group".to_string(),
        title: TITLE.to_string(),
        adopted_on: Some(date(2031, 3, 1)),
        source: TITLE.to_string(),
        rhythm: ReportingRhythm::TwiceAYear,
        reviewed_by: Some("Harbour Council".to_string()),
        members: vec!["Canada".to_string(), "France".to_string()],
        observers: vec!["Europol".to_string()],
        sections: vec![
            PlanSection {
                kind: SectionKind::Pillar,
                number: "I".to_string(),
                title: "Lamps".to_string(),
                text: "Lamps by:".to_string(),
                measures: vec![
                    measure("I.1", "Pooling spare lamps", vec![]),
                    measure("I.2", "Training keepers", vec![]),
                ],
            },
            PlanSection {
                kind: SectionKind::Priority,
                number: "2".to_string(),
                title: "Tides".to_string(),
                text: "Share tide tables".to_string(),
                measures: vec![measure(
                    "2",
                    "Share tide tables",
                    vec![
                        measure("2(a)", "Printing one almanac", vec![]),
                        measure("2(b)", "Posting tides at quays", vec![]),
                    ],
                )],
            },
        ],
    }
}

fn period(label: &str) -> ReportingPeriod {
    let (start, end) = if label.ends_with("H1") {
        (date(2032, 1, 1), date(2032, 6, 30))
    } else {
        (date(2032, 7, 1), date(2032, 12, 31))
    };
    ReportingPeriod {
        label: label.to_string(),
        start,
        end,
    }
}

async fn record(
    site: &Site,
    label: &str,
    member: &str,
    code: &str,
    status: ImplementationStatus,
    evidence: Vec<EvidenceRef>,
    note: Option<&str>,
) {
    let r = StatusRecord {
        member: member.to_string(),
        measure_code: code.to_string(),
        period: period(label),
        status,
        evidence,
        note: note.map(str::to_string),
    };
    site.store
        .record_status(TITLE, &r, "test")
        .await
        .expect("record a status");
}

/// The fixture cycle with the plan tracked over 2032-H1 and 2032-H2.
async fn tracked() -> Site {
    use ImplementationStatus::*;
    let site = site().await;
    site.store
        .import_plan(&plan(), "test")
        .await
        .expect("import plan");
    for label in ["2032-H1", "2032-H2"] {
        site.store
            .add_period(TITLE, &period(label), "test")
            .await
            .expect("add period");
    }
    let item = EvidenceRef {
        cycle: CYCLE.to_string(),
        commitment: "7".to_string(),
        member: "Canada".to_string(),
        evidence: 2,
    };
    record(&site, "2032-H1", "Canada", "I.1", InProgress, vec![], None).await;
    record(&site, "2032-H1", "France", "I.1", NotStarted, vec![], None).await;
    record(&site, "2032-H1", "Canada", "2(a)", NotStarted, vec![], None).await;
    record(
        &site,
        "2032-H2",
        "Canada",
        "I.1",
        Complete,
        vec![item],
        Some("Lamps pooled."),
    )
    .await;
    record(
        &site,
        "2032-H2",
        "France",
        "I.1",
        InProgress,
        vec![],
        Some(XSS),
    )
    .await;
    record(&site, "2032-H2", "Canada", "2(a)", NotStarted, vec![], None).await;
    record(
        &site,
        "2032-H2",
        "France",
        "2(b)",
        NotApplicable,
        vec![],
        None,
    )
    .await;
    site.store
        .link_measure(TITLE, "I.1", CYCLE, "8", Some("keeping"), "test")
        .await
        .expect("link measure");
    site
}

fn cell_href(code: &str, member: &str) -> String {
    let code = code.replace('(', "%28").replace(')', "%29");
    format!("{PLAN}/measures/{code}/members/{member}")
}

/// The text of the `<td>` holding the link `href`.
fn cell<'a>(body: &'a str, href: &str) -> &'a str {
    let at = body
        .find(&format!("href=\"{href}\""))
        .unwrap_or_else(|| panic!("no cell links {href}"));
    let start = body[..at].rfind("<td").expect("cell start");
    let end = at + body[at..].find("</td>").expect("cell end");
    &body[start..end]
}

fn section<'a>(body: &'a str, from: &str, to: &str) -> &'a str {
    let start = body
        .find(from)
        .unwrap_or_else(|| panic!("missing {from:?} in\n{body}"));
    let end = start + body[start..].find(to).expect("section end");
    &body[start..end]
}

#[tokio::test]
async fn the_list_links_each_plan() {
    let site = tracked().await;
    let page = site.get("/plans").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("<a href=\"{PLAN}\">{TITLE}</a>"))
    );
    assert!(page.body.contains(&format!("{PLAN}/progress")));
    let empty = Site::empty().await.get("/plans").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("No action plan"));
}

#[tokio::test]
async fn the_matrix_shows_each_status_in_its_cell_with_a_label() {
    let site = tracked().await;
    let page = site.get(PLAN).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    // The latest period by default.
    assert!(
        body.contains("2032-H2 (1 July 2032 \u{2013} 31 December 2032)"),
        "{body}"
    );
    let expect = [
        ("I.1", "Canada", "st-complete", "Complete"),
        ("I.1", "France", "st-in-progress", "In progress"),
        ("I.2", "Canada", "st-none", "No status recorded"),
        ("2(a)", "Canada", "st-not-started", "Not started"),
        ("2(b)", "France", "st-na", "Not applicable"),
    ];
    for (code, member, class, label) in expect {
        let td = cell(body, &cell_href(code, member));
        assert!(td.contains(class), "{code} {member}: {td}");
        assert!(td.contains(label), "{code} {member}: {td}");
    }
    // Headings group the measures; a parent measure with sub-measures gets no cells.
    assert!(body.contains("Pillar I: Lamps") && body.contains("Priority 2: Tides"));
    assert!(!body.contains(&format!("{PLAN}/measures/2/")));
    // Observers are listed, without cells; the legend names every status.
    assert!(body.contains("<li>Europol</li>"));
    assert!(!body.contains("members/Europol"));
    for label in [
        "Substantially implemented",
        "No information",
        "No status recorded",
    ] {
        assert!(body.contains(label), "legend lacks {label}");
    }
    // No note on the matrix, so nothing to escape there; the filter form is a plain GET form.
    assert!(body.contains("<form method=\"get\""));

    // An earlier period.
    let h1 = site.get(&format!("{PLAN}?period=2032-H1")).await;
    assert_eq!(h1.status, StatusCode::OK);
    let td = cell(&h1.body, &cell_href("I.1", "Canada"));
    assert!(td.contains("In progress"), "{td}");
    let td = cell(&h1.body, &cell_href("I.1", "France"));
    assert!(td.contains("Not started"), "{td}");
}

#[tokio::test]
async fn filters_narrow_rows_and_columns() {
    let site = tracked().await;
    let page = site.get(&format!("{PLAN}?member=France")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&cell_href("I.1", "France")));
    assert!(!page.body.contains(&cell_href("I.1", "Canada")));

    let page = site
        .get(&format!("{PLAN}?pillar=I&period=2032-H2&member="))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&cell_href("I.2", "Canada")));
    assert!(!page.body.contains(&cell_href("2(a)", "Canada")));
    assert!(!page.body.contains("Priority 2: Tides</th>"));
    assert!(page.body.contains("<option value=\"I\" selected>"));
}

#[tokio::test]
async fn unknown_plans_measures_members_and_periods_are_404() {
    let site = tracked().await;
    for uri in [
        "/plans/no-such-plan".to_string(),
        "/plans/no-such-plan/progress".to_string(),
        format!("{PLAN}?period=1999"),
        format!("{PLAN}?pillar=IX"),
        format!("{PLAN}?member=Atlantis"),
        format!("{PLAN}/progress?period=1999"),
        format!("{PLAN}/measures/9/members/Canada"),
        format!("{PLAN}/measures/2/members/Canada"),
        format!("{PLAN}/measures/I.1/members/Europol"),
        format!("{PLAN}/measures/I.1/members/Atlantis"),
        format!("{PLAN}/measures/%3Cscript%3E/members/Canada"),
    ] {
        let page = site.get(&uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(page.body.contains("Page not found"), "{uri}");
    }
}

#[tokio::test]
async fn the_cell_page_shows_history_notes_evidence_and_commitments() {
    let site = tracked().await;
    let page = site.get(&cell_href("I.1", "Canada")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    let history = section(body, "id=\"history\"", "</section>");
    let h1 = history.find("2032-H1").expect("H1 row");
    let h2 = history.find("2032-H2").expect("H2 row");
    assert!(h1 < h2);
    assert!(history[h1..h2].contains("In progress"), "{history}");
    assert!(history[h2..].contains("Complete") && history[h2..].contains("Lamps pooled."));

    let evidence = section(body, "id=\"evidence\"", "</section>");
    assert!(evidence.contains(EVIDENCE_TEXT), "{evidence}");
    assert!(evidence.contains("4 July 2031"));
    assert!(evidence.contains("Review of lights"));
    assert!(evidence.contains("<a href=\"https://example.org/review\""));
    assert!(
        evidence.contains(&format!(
            "<a href=\"/cycles/{SLUG}/commitments/7\">commitment 7: Lighthouse Keeping</a>"
        )),
        "{evidence}"
    );

    let links = section(body, "id=\"commitments\"", "</section>");
    assert!(
        links.contains(&format!("/cycles/{SLUG}/commitments/8")),
        "{links}"
    );
    assert!(links.contains("Foghorn Maintenance") && links.contains("keeping"));

    // A cell with no evidence says so.
    let none = site.get(&cell_href("2(a)", "Canada")).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(none.body.contains("No evidence item is linked"));
}

#[tokio::test]
async fn a_script_in_a_note_is_escaped() {
    let site = tracked().await;
    let page = site.get(&cell_href("I.1", "France")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(XSS), "{}", page.body);
    // askama writes `<` and `>` as numeric character references.
    let escaped = "&#60;script&#62;alert(1)&#60;/script&#62;";
    assert!(page.body.contains(escaped), "{}", page.body);
    assert!(!page.body.contains("<script"));
}

#[tokio::test]
async fn the_progress_page_lists_exactly_the_changes() {
    let site = tracked().await;
    let page = site.get(&format!("{PLAN}/progress?period=2032-H2")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(body.contains("Changes since 2032-H1"));
    let table = section(body, "<tbody>", "</tbody>");
    let rows: Vec<&str> = table.split("<tr>").skip(1).collect();
    let expect = [
        ("Canada", "I.1", "In progress", "Complete"),
        ("France", "I.1", "Not started", "In progress"),
        ("France", "2(b)", "No status recorded", "Not applicable"),
    ];
    assert_eq!(rows.len(), expect.len(), "{table}");
    for (row, (member, code, from, to)) in rows.iter().zip(expect) {
        let cells: Vec<&str> = row.split("</t").collect();
        assert!(cells[0].contains(member), "{row}");
        assert!(
            cells[1].contains(&format!("<span class=\"code\">{code}</span>")),
            "{row}"
        );
        assert!(cells[2].ends_with(from), "{row}");
        assert!(cells[3].ends_with(to), "{row}");
    }
    let coverage = section(body, "id=\"coverage\"", "</section>");
    let canada = section(coverage, "<th scope=\"row\">Canada", "</tr>");
    assert!(
        canada.contains("1 of 4") && canada.contains("1/4") && canada.contains("25%"),
        "{canada}"
    );
    let france = section(coverage, "<th scope=\"row\">France", "</tr>");
    assert!(france.contains("0/3") && france.contains("0%"), "{france}");
    let untouched = section(body, "id=\"untouched\"", "</section>");
    assert!(untouched.contains("Measures no one has acted on (2)"));
    assert!(untouched.contains("I.2</span> Training keepers"));
    assert!(untouched.contains("2(a)</span> Printing one almanac"));

    // The default is the latest period; the first period has no previous one.
    let latest = site.get(&format!("{PLAN}/progress")).await;
    assert_eq!(latest.body, page.body);
    let first = site.get(&format!("{PLAN}/progress?period=2032-H1")).await;
    assert!(first.body.contains("first reporting period"));
    assert!(first.body.contains("Changes (3)"));
}
