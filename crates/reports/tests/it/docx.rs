//! The DOCX writer: a valid OOXML package with headings, tables and real footnotes numbered
//! as the report numbers them, and LibreOffice opens it.

use std::io::Read;
use std::process::Command;

use pledgewatch_domain::{Cycle, PercentConvention};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_reports::docx::render_docx;
use pledgewatch_reports::{Report, ReportOptions};

use crate::tools::{SOFFICE, ready};

const DEMO: &str = include_str!("../../../cli/demo/demo-report.md");

pub fn demo_report(first_footnote: u32) -> Report {
    let parsed = parse_report(DEMO, &ParseOptions { period: None }).expect("the demo parses");
    let header = parsed.header.expect("the demo has a header");
    let cycle = Cycle {
        name: header.cycle_name,
        kind: header.kind,
        period: header.period,
        convention: PercentConvention::Rescaled,
        institution: header.institution,
        summit: header.summit.map(|s| s.name),
    };
    let options = ReportOptions {
        first_footnote,
        ..ReportOptions::default()
    };
    Report::new(&cycle, &parsed.chapters, &options).expect("the footnotes fit")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

#[test]
fn the_package_has_headings_tables_and_numbered_footnotes() {
    let report = demo_report(4068);
    let bytes = render_docx(&report).expect("a docx");
    assert!(bytes.starts_with(b"PK"));
    let doc = part(&bytes, "word/document.xml");
    for c in &report.chapters {
        let heading = format!(
            "{}. {}: {}",
            c.commitment.code, c.commitment.area, c.commitment.title
        );
        // The last mention: the table of contents lists the chapter first.
        let at = doc.rfind(&heading).unwrap_or_else(|| panic!("{heading}"));
        // The chapter heading paragraph uses Heading1 and starts a page.
        let para = &doc[doc[..at].rfind("<w:p>").expect("a paragraph")..at];
        assert!(
            para.contains("Heading1") && para.contains("pageBreakBefore"),
            "{para}"
        );
    }
    for table in ["Table A", "Table B", "Table C", "Table D", "Assessment"] {
        assert!(doc.contains(table), "{table}");
    }
    assert!(doc.contains("<w:tbl>"));
    assert!(doc.contains("Heading2"));
    // Word's footnote count starts at the report's first number, not at 1, and the notes
    // are cited in order, so none needs a written-out mark.
    assert!(doc.contains(r#"<w:numStart w:val="4068"/>"#));
    assert!(doc.contains(r#"<w:footnoteReference w:id="1"/>"#));
    assert!(!doc.contains("customMarkFollows"));
    assert!(part(&bytes, "word/settings.xml").contains(r#"<w:numStart w:val="4068"/>"#));
    let notes = part(&bytes, "word/footnotes.xml");
    let cited: usize = report.chapters.iter().map(|c| c.citations.len()).sum();
    assert_eq!(notes.matches("<w:footnote w:id=").count(), cited);
    assert!(part(&bytes, "word/styles.xml").contains("outlineLvl"));
}

#[test]
fn libreoffice_opens_it() {
    if !ready("libreoffice_opens_it", &[SOFFICE]) {
        return;
    }
    let report = demo_report(1);
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("report.docx");
    std::fs::write(&file, render_docx(&report).expect("a docx")).expect("written");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("soffice runs");
    let txt = dir.path().join("report.txt");
    let text = std::fs::read_to_string(&txt).unwrap_or_else(|_| {
        panic!(
            "LibreOffice did not convert the DOCX: {}",
            String::from_utf8_lossy(&status.stderr)
        )
    });
    assert!(text.contains(&report.title), "title in {text:.300}");
    let c = &report.chapters[0].commitment;
    assert!(text.contains(&format!("{}. {}: {}", c.code, c.area, c.title)));
    assert!(text.contains("Assessment"));
}

#[test]
fn libreoffice_numbers_the_footnotes_from_the_first_number() {
    if !ready(
        "libreoffice_numbers_the_footnotes_from_the_first_number",
        &[SOFFICE, "pdftotext"],
    ) {
        return;
    }
    let report = demo_report(4068);
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("report.docx");
    std::fs::write(&file, render_docx(&report).expect("a docx")).expect("written");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("soffice runs");
    let pdf = dir.path().join("report.pdf");
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("4068"), "the first footnote is 4068");
    // Each mark printed once, not the number twice ("40684068").
    assert!(!text.contains("40684068"), "a doubled footnote mark");
}

#[test]
fn a_note_cited_out_of_order_keeps_its_number() {
    let mut report = demo_report(1);
    // Members in reverse order: the chapter cites its later notes first.
    report.chapters[1].members.reverse();
    let bytes = render_docx(&report).expect("a docx");
    let doc = part(&bytes, "word/document.xml");
    assert!(
        doc.contains("customMarkFollows"),
        "out-of-order notes get written-out marks"
    );
    let notes = part(&bytes, "word/footnotes.xml");
    let cited: usize = report.chapters.iter().map(|c| c.citations.len()).sum();
    assert_eq!(notes.matches("<w:footnote w:id=").count(), cited);
}
