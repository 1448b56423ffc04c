//! A report built from a store's score matrix (`Report::build`): the tables and the chapters
//! show the stored scores, a commitment known only from a score sheet has its rows and a chapter,
//! and the Table B exports carry the members' figures along the bottom, explained in the XLSX
//! codebook.

use std::io::Read;

use pledgewatch_domain::matrix::{MatrixRow, ScoreMatrix};
use pledgewatch_domain::sheet::TABLE_B_FIGURE_ROWS;
use pledgewatch_domain::{
    Chapter, Commitment, Cycle, Member, PercentConvention, Score, TableRow, Verdict,
};
use pledgewatch_reports::exports::{write_table_b_csv, xlsx_bytes};
use pledgewatch_reports::report::SCORES_ONLY_NOTE;
use pledgewatch_reports::{Report, ReportOptions, docx, html, markdown};

const PLUS: Verdict = Verdict::Scored(Score::Full);
const ZERO: Verdict = Verdict::Scored(Score::Partial);

fn cycle() -> Cycle {
    Cycle {
        name: "2031 Invented Summit Final".into(),
        kind: None,
        period: None,
        convention: PercentConvention::Rescaled,
        institution: None,
        summit: None,
    }
}

/// Chapter 4 as published: both members +1.
fn chapter() -> Chapter {
    Chapter {
        commitment: Commitment {
            code: "4".into(),
            area: "Energy".into(),
            title: "Grid Links".into(),
            text: "Members will link their grids.".into(),
            source: "Invented Communiqué".into(),
        },
        sections: Vec::new(),
        director: None,
        lead_analyst: None,
        assessment_table: ["Freedonia", "Sylvania"]
            .into_iter()
            .map(|m| TableRow {
                member: m.into(),
                verdict: PLUS,
            })
            .collect(),
        published_average: Some("+1.00 (100%)".into()),
        members: Vec::new(),
        citations: Vec::new(),
    }
}

/// The store's matrix: Freedonia corrected to 0 on 4, and a commitment 9 from a score sheet.
fn matrix() -> ScoreMatrix {
    ScoreMatrix {
        members: vec![
            Member {
                name: "Freedonia".into(),
                code: "FRE".into(),
            },
            Member {
                name: "Sylvania".into(),
                code: "SYL".into(),
            },
        ],
        rows: vec![
            MatrixRow {
                code: "4".into(),
                title: "Grid Links".into(),
                area: "Energy".into(),
                cells: vec![ZERO, PLUS],
            },
            MatrixRow {
                code: "9".into(),
                title: "Sheet Only Pledge".into(),
                area: "Health".into(),
                cells: vec![PLUS, Verdict::NotApplicable],
            },
        ],
        convention: PercentConvention::Rescaled,
    }
}

fn report() -> Report {
    Report::build(&cycle(), &[chapter()], matrix(), &ReportOptions::default()).expect("report")
}

#[test]
fn every_renderer_shows_the_stored_scores_and_the_sheet_only_commitment() {
    let r = report();
    // (0 + 1 + 1) / 3 scored cells.
    assert_eq!(
        r.matrix
            .overall()
            .map(|a| a.published_line(r.matrix.convention)),
        Some("+0.67 (83%)".into())
    );
    let mut out = Vec::new();
    markdown::write_markdown(&r, &mut out).expect("markdown");
    let md = String::from_utf8(out).expect("UTF-8");
    assert!(md.contains("+0.67 (83%)"), "the overall");
    assert!(
        md.contains("Sheet Only Pledge"),
        "commitment 9 in the tables"
    );
    assert!(
        md.contains("## 9. Health: Sheet Only Pledge"),
        "and its chapter"
    );
    assert!(md.contains("+0.50 (75%)"), "chapter 4's corrected average");
    assert!(
        md.contains("| Freedonia | | 0 | |"),
        "chapter 4's Assessment table has the corrected score"
    );
    assert!(!md.contains("+1.00 (100%)\n\n## 9"), "not the printed one");
    assert!(
        md.contains("FRE") && md.contains("SYL"),
        "the stored member codes"
    );

    // Chapter 9 says what it is instead of quoting an empty commitment.
    assert!(md.contains(SCORES_ONLY_NOTE));
    assert!(!md.contains("\u{201c}\u{201d}"), "no empty quotation");

    let mut out = Vec::new();
    html::write_html(&r, &mut out).expect("HTML");
    let page = String::from_utf8(out).expect("UTF-8");
    assert!(page.contains("Sheet Only Pledge"));
    assert!(page.contains("+0.67 (83%)"));
    assert!(page.contains(SCORES_ONLY_NOTE));
    assert!(!page.contains("\u{201c}\u{201d}"), "no empty quotation");

    let mut out = std::io::Cursor::new(Vec::new());
    docx::write_docx(&r, &mut out).expect("DOCX");
    let document = part(out.get_ref(), "word/document.xml");
    assert!(document.contains("Sheet Only Pledge"));
    assert!(document.contains(SCORES_ONLY_NOTE));
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_of_a_report_with_a_sheet_only_commitment_compiles() {
    let bytes = pledgewatch_reports::pdf::render_pdf(&report()).expect("PDF");
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn table_b_csv_has_the_members_figures_along_the_bottom() {
    let mut out = Vec::new();
    write_table_b_csv(&report(), &mut out).expect("CSV");
    let text = String::from_utf8(out).expect("UTF-8");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    let first: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    let mut expected = vec!["commitment", "4", "9"];
    expected.extend(TABLE_B_FIGURE_ROWS);
    assert_eq!(first, expected);
    // Freedonia: 0 and +1 → +0.50, 75%, 1/2; Sylvania: +1 (and an n/a) → +1.00.
    let row = |name: &str| rows.iter().find(|r| r[0] == name).expect(name).clone();
    assert_eq!(row("member scored")[3..5], ["2", "1"]);
    assert_eq!(row("member average")[3..5], ["+0.50", "+1.00"]);
    assert_eq!(row("member percent")[3..5], ["75", "100"]);
    assert_eq!(row("member numerator")[3..5], ["1", "1"]);
    assert_eq!(row("member denominator")[3..5], ["2", "1"]);
    assert!(row("member average")[5..].iter().all(|c| c.is_empty()));
    assert_eq!(row("overall")[6], "+0.67");
}

/// The text of one part of the workbook (the sheets are written with inline strings).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut file = zip.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8");
    text
}

#[test]
fn the_workbook_has_the_member_rows_and_its_codebook_explains_them() {
    let bytes = xlsx_bytes(&report()).expect("XLSX");
    let table_b = part(&bytes, "xl/worksheets/sheet1.xml");
    let codebook = part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(codebook.contains("column or row"));
    for row in TABLE_B_FIGURE_ROWS {
        assert!(table_b.contains(&format!(">{row}<")), "Table B has `{row}`");
        assert!(
            codebook.contains(&format!(">{row}<")),
            "the codebook explains `{row}`"
        );
    }
}
