//! Data exports of a small invented cycle (the importer's fixtures): CSV of Tables B–D and the
//! evidence, the XLSX workbook (opened by LibreOffice when it is installed), CSL-JSON and BibTeX.

use std::path::PathBuf;
use std::process::Command;

use pledgewatch_domain::{Chapter, Cycle, CycleKind, PercentConvention, Period};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_reports::exports::{
    write_bibtex, write_csl_json, write_evidence_csv, write_table_b_csv, write_table_c_csv,
    write_table_d_csv, xlsx_bytes,
};
use pledgewatch_reports::{Report, ReportOptions};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ingest/tests/fixtures");

fn chapters() -> Vec<Chapter> {
    let mut all = Vec::new();
    for (file, period) in [
        ("g7_pdftext.txt", "2031-01-01..2031-07-31"),
        ("g20_markdown.txt", "2030-12-01..2031-06-30"),
    ] {
        let text = std::fs::read_to_string(format!("{FIXTURES}/{file}")).expect("fixture");
        let opts = ParseOptions {
            period: Some(Period::parse(period).expect("period")),
        };
        all.extend(parse_report(&text, &opts).expect("fixture parses").chapters);
    }
    all
}

fn report() -> Report {
    let cycle = Cycle {
        name: "2030 Example Summit Final".into(),
        kind: Some(CycleKind::Final),
        period: Period::parse("2030-12-01..2031-07-31").ok(),
        convention: PercentConvention::Rescaled,
        institution: Some("G7".into()),
        summit: Some("2030 Example Summit".into()),
    };
    Report::new(&cycle, &chapters(), &ReportOptions::default()).expect("the footnotes fit")
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_tables_have_exact_averages_and_three_cell_states() {
    let report = report();
    let mut out = Vec::new();
    write_table_b_csv(&report, &mut out).unwrap();
    let (header, rows) = csv_rows(&out);
    assert_eq!(&header[..3], ["commitment", "area", "title"]);
    assert!(header.ends_with(&[
        "scored".into(),
        "average".into(),
        "percent".into(),
        "published".into(),
        "numerator".into(),
        "denominator".into()
    ]));
    // The commitments, the five member rows along the bottom, the overall.
    assert_eq!(rows.len(), report.matrix.rows.len() + 6);
    assert_eq!(rows.last().unwrap()[0], "overall");
    // Every score cell is one of the three states' spellings.
    let members = report.matrix.members.len();
    for row in &rows[..report.matrix.rows.len()] {
        for cell in &row[3..3 + members] {
            assert!(
                ["-1", "0", "1", "n/a", ""].contains(&cell.as_str()),
                "{cell}"
            );
        }
        // The published string agrees with the exact fraction.
        let (num, den): (i64, i64) = (
            row[row.len() - 2].parse().unwrap(),
            row[row.len() - 1].parse().unwrap(),
        );
        assert!(den > 0);
        let avg = pledgewatch_domain::Average::ratio(num, den);
        assert_eq!(row[row.len() - 5], avg.signed_ascii());
    }
    let g7 = rows.iter().find(|r| r[0] == "12").expect("chapter 12");
    // Computed from the scores (3/8), not the fixture's stated +0.50.
    assert_eq!(g7[g7.len() - 5], "+0.38");
    assert_eq!(g7[g7.len() - 4], "69");
    assert_eq!(g7[g7.len() - 3], "+0.38 (69%)");
    assert_eq!(
        (g7[g7.len() - 2].as_str(), g7[g7.len() - 1].as_str()),
        ("3", "8")
    );

    for table in ['C', 'D'] {
        let mut out = Vec::new();
        match table {
            'C' => write_table_c_csv(&report, &mut out).unwrap(),
            _ => write_table_d_csv(&report, &mut out).unwrap(),
        }
        let (header, rows) = csv_rows(&out);
        assert_eq!(header[0], "rank");
        assert!(!rows.is_empty());
        assert_eq!(rows[0][0], "1");
    }
}

#[test]
fn evidence_csv_has_one_row_per_item() {
    let report = report();
    let mut out = Vec::new();
    write_evidence_csv(&report, &mut out).unwrap();
    let (header, rows) = csv_rows(&out);
    assert_eq!(
        header,
        [
            "cycle",
            "commitment",
            "member",
            "date",
            "date_inferred",
            "text",
            "citations"
        ]
    );
    let items: usize = report
        .chapters
        .iter()
        .flat_map(|c| &c.members)
        .map(|m| m.evidence().count())
        .sum();
    assert_eq!(rows.len(), items);
    assert!(
        rows.iter().any(|r| r[4] == "true"),
        "a year-less date is flagged"
    );
    for r in &rows {
        assert!(r[5].starts_with("On "), "{}", r[5]);
        assert!(
            r[6].split(' ')
                .filter(|s| !s.is_empty())
                .all(|n| n.parse::<u32>().is_ok())
        );
    }
}

#[test]
fn citations_as_csl_json_and_bibtex() {
    let report = report();
    let total: usize = report.chapters.iter().map(|c| c.citations.len()).sum();
    let mut out = Vec::new();
    write_csl_json(&report, &mut out).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(items.len(), total);
    for item in &items {
        assert!(item["id"].as_str().unwrap().starts_with("fn-"));
        assert!(["webpage", "article"].contains(&item["type"].as_str().unwrap()));
        assert!(item["title"].is_string());
        if let Some(issued) = item.get("issued") {
            assert_eq!(issued["date-parts"][0].as_array().unwrap().len(), 3);
        }
    }
    assert!(
        items
            .iter()
            .any(|i| i.get("URL").is_some() && i.get("accessed").is_some())
    );

    let mut out = Vec::new();
    write_bibtex(&report, &mut out).unwrap();
    let bib = String::from_utf8(out).unwrap();
    let entries: Vec<&str> = bib.split("\n@").collect();
    assert_eq!(entries.len(), total);
    for e in &entries {
        let e = e.trim_start_matches('@');
        let (kind, rest) = e.split_once('{').expect("an entry opens");
        assert!(["online", "misc"].contains(&kind), "{kind}");
        let key = rest.split(',').next().unwrap();
        assert!(
            key.starts_with("fn") && key[2..].parse::<u32>().is_ok(),
            "{key}"
        );
        // Unescaped braces balance, and never go below zero.
        let mut depth = 1i32;
        let mut prev = ' ';
        for c in rest.chars() {
            if prev != '\\' {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            assert!(depth >= 0, "{e}");
            prev = c;
        }
        assert_eq!(depth, 0, "{e}");
    }
}

#[test]
fn bibtex_escapes_special_characters() {
    let c = pledgewatch_domain::Citation {
        number: 7,
        title: "Costs {rose} 50% & more_than $1 #2 ~ ^ \\".into(),
        publisher: Some("A & B".into()),
        place: None,
        published: None,
        accessed: None,
        url: Some("https://example.org/a_b%20{c}".into()),
        note: None,
        raw: String::new(),
    };
    let e = pledgewatch_reports::exports::bibtex_entry(&c);
    assert!(e.starts_with("@online{fn7,\n"), "{e}");
    assert!(
        e.contains(r"Costs \{rose\} 50\% \& more\_than \$1 \#2 \~{} \^{} \textbackslash{}"),
        "{e}"
    );
    assert!(
        e.contains("url = {https://example.org/a_b%20%7Bc%7D}"),
        "{e}"
    );
}

/// LibreOffice opens the workbook: a headless conversion of it to CSV (its first sheet, Table
/// B) succeeds and has the table's values. Skips, saying so, without `soffice`.
#[test]
fn xlsx_opens_in_libreoffice() {
    let report = report();
    let bytes = xlsx_bytes(&report).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    if !crate::tools::ready("xlsx_opens_in_libreoffice", &[crate::tools::SOFFICE]) {
        return;
    }
    let dir: PathBuf = std::env::temp_dir().join(format!("pw-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("tables.xlsx");
    std::fs::write(&xlsx, &bytes).unwrap();
    // UTF-8 (76) CSV. A profile of its own, so that a LibreOffice already running elsewhere does not interfere.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{:?}", status);
    let csv = std::fs::read_to_string(dir.join("tables.csv")).expect("LibreOffice wrote the CSV");
    assert!(csv.starts_with("commitment,area,title"), "{csv}");
    assert!(csv.contains("Clinic Readiness"), "{csv}");
    assert!(csv.contains("+0.38 (69%)"), "{csv}");
    assert!(csv.contains("n/a"), "{csv}");
    let _ = std::fs::remove_dir_all(&dir);
}
