//! The progress report of an action plan's period in each format: the same changes, coverage and
//! untouched measures, text that looks like markup printed as written, and (with poppler-utils)
//! the PDF read back.

use jiff::civil::date;
use pledgewatch_domain::plan::{
    EvidenceRef, ImplementationStatus, Measure, Plan, PlanSection, ProgressReport, ReportingPeriod,
    ReportingRhythm, SectionKind, StatusRecord, progress,
};
use pledgewatch_reports::plan::{PlanProgress, write_progress_csv, write_progress_html};

const HOSTILE: &str = "<script>alert(1)</script> #1 *b* $x$ \"q\"";

fn measure(code: &str, text: &str) -> Measure {
    Measure {
        code: code.to_string(),
        text: text.to_string(),
        sub_measures: vec![],
    }
}

fn plan() -> Plan {
    Plan {
        institution: "Harbour Group".to_string(),
        title: "Harbour Plan on Lights".to_string(),
        adopted_on: Some(date(2031, 3, 1)),
        source: "Harbour Plan on Lights".to_string(),
        rhythm: ReportingRhythm::TwiceAYear,
        reviewed_by: None,
        members: vec!["Atlantis".to_string(), "Borduria".to_string()],
        observers: vec!["Europol".to_string()],
        sections: vec![PlanSection {
            kind: SectionKind::Pillar,
            number: "I".to_string(),
            title: "Lamps".to_string(),
            text: "Lamps".to_string(),
            measures: vec![
                measure("I.1", "Pooling spare lamps"),
                measure("I.2", HOSTILE),
                measure("I.3", "Lighting every quay"),
            ],
        }],
    }
}

fn period(label: &str, h1: bool) -> ReportingPeriod {
    let (start, end) = if h1 {
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

fn rec(
    p: &ReportingPeriod,
    member: &str,
    code: &str,
    status: ImplementationStatus,
    evidence: bool,
) -> StatusRecord {
    StatusRecord {
        member: member.to_string(),
        measure_code: code.to_string(),
        period: p.clone(),
        status,
        evidence: if evidence {
            vec![EvidenceRef {
                cycle: "2031 Summit Final".to_string(),
                commitment: "7".to_string(),
                member: member.to_string(),
                evidence: 1,
            }]
        } else {
            vec![]
        },
        note: None,
    }
}

struct Fixture {
    plan: Plan,
    h1: ReportingPeriod,
    h2: ReportingPeriod,
    report: ProgressReport,
}

/// Changes in H2: Atlantis I.1 in progress → complete (with evidence), Borduria I.2 (none) →
/// not started. I.3 is untouched.
fn fixture() -> Fixture {
    use ImplementationStatus::*;
    let plan = plan();
    let h1 = period("2032-H1", true);
    let h2 = period("2032-H2", false);
    let before = vec![rec(&h1, "Atlantis", "I.1", InProgress, false)];
    let now = vec![
        rec(&h2, "Atlantis", "I.1", Complete, true),
        rec(&h2, "Borduria", "I.2", NotStarted, false),
        rec(&h2, "Borduria", "I.1", NotApplicable, false),
    ];
    let report = progress(&plan, &before, &now);
    Fixture {
        plan,
        h1,
        h2,
        report,
    }
}

impl Fixture {
    fn doc(&self) -> PlanProgress<'_> {
        PlanProgress {
            plan: &self.plan,
            period: &self.h2,
            previous: Some(&self.h1),
            report: &self.report,
        }
    }
}

#[test]
fn csv_has_one_row_per_change_then_coverage_then_untouched() {
    let f = fixture();
    let mut out = Vec::new();
    write_progress_csv(&f.doc(), &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(
        csv,
        "kind,member,measure,from,to,with_evidence,in_scope,percent,period\n\
         change,Atlantis,I.1,in-progress,complete,,,,2032-H2\n\
         change,Borduria,I.1,,not-applicable,,,,2032-H2\n\
         change,Borduria,I.2,,not-started,,,,2032-H2\n\
         coverage,Atlantis,,,,1,3,33,2032-H2\n\
         coverage,Borduria,,,,0,2,0,2032-H2\n\
         untouched,,I.2,,,,,,2032-H2\n\
         untouched,,I.3,,,,,,2032-H2\n"
    );
}

#[test]
fn html_is_standalone_and_escapes_plan_text() {
    let f = fixture();
    let mut out = Vec::new();
    write_progress_html(&f.doc(), &mut out).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("src=") && !html.contains("<link"));
    assert!(html.contains("Changes since 2032-H1 (1 January 2032 to 30 June 2032)."));
    assert!(html.contains("<h2>Changes (3)</h2>"));
    let atlantis = html
        .find("<tr><th scope=\"row\">Atlantis</th><td><b>I.1</b>")
        .expect("change row");
    let row = &html[atlantis..atlantis + html[atlantis..].find("</tr>").unwrap()];
    assert!(
        row.contains(">In progress</td>") && row.contains(">Complete</td>"),
        "{row}"
    );
    assert!(html.contains("<td class=\"num\">1 of 3</td><td class=\"num\">33%</td>"));
    assert!(html.contains("<li><b>I.3</b> Lighting every quay</li>"));
}

#[test]
fn the_first_period_says_so() {
    let f = fixture();
    let doc = PlanProgress {
        previous: None,
        ..f.doc()
    };
    let mut out = Vec::new();
    write_progress_html(&doc, &mut out).unwrap();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("first reporting period")
    );
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_lists_the_changes() {
    use std::process::Command;

    let f = fixture();
    let pdf = pledgewatch_reports::plan::render_progress_pdf(&f.doc()).expect("a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    if !crate::tools::ready("the_pdf_lists_the_changes", &["pdftotext"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Progress report: Harbour Plan on Lights",
        "Changes (3)",
        "Atlantis I.1 Pooling spare lamps In progress Complete",
        "Borduria I.2",
        "No record Not started",
        "1 of 3 33%",
        "Measures no one has acted on (2)",
        "<script>alert(1)</script>",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in\n{flat}");
    }
}
