//! Issue 5's round trip: a chapter imported, written back out in its layout and imported again
//! gives the same chapter, on both seeds and on the importer's own fixtures.

use pledgewatch_domain::{Chapter, Period};
use pledgewatch_ingest::{ParseOptions, parse_report};
use pledgewatch_reports::text::{write_markdown_like, write_pdf_text};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ingest/tests/fixtures");

fn seed(name: &str) -> Option<String> {
    let path = format!("{SEEDS}/{name}");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("seeds not found at {SEEDS}: skipping the round trip of {name}");
            None
        }
    }
}

fn options(period: &str) -> ParseOptions {
    ParseOptions {
        period: Some(Period::parse(period).expect("a period")),
    }
}

/// Field by field, so that a failure names the part that changed.
fn assert_same(before: &Chapter, after: &Chapter, what: &str) {
    assert_eq!(before.commitment, after.commitment, "{what}: commitment");
    assert_eq!(
        before.assessment_table, after.assessment_table,
        "{what}: table"
    );
    assert_eq!(
        before.published_average, after.published_average,
        "{what}: average"
    );
    assert_eq!(before.director, after.director, "{what}: director");
    assert_eq!(
        before.lead_analyst, after.lead_analyst,
        "{what}: lead analyst"
    );
    assert_eq!(
        before.sections.len(),
        after.sections.len(),
        "{what}: sections"
    );
    for (a, b) in before.sections.iter().zip(&after.sections) {
        assert_eq!(a, b, "{what}: section {:?}", a.kind);
    }
    assert_eq!(before.members.len(), after.members.len(), "{what}: members");
    for (a, b) in before.members.iter().zip(&after.members) {
        assert_eq!(a.opening, b.opening, "{what}: {} opening", a.member);
        assert_eq!(
            a.conclusion, b.conclusion,
            "{what}: {} conclusion",
            a.member
        );
        assert_eq!(a.body.len(), b.body.len(), "{what}: {} body", a.member);
        for (k, (p, q)) in a.body.iter().zip(&b.body).enumerate() {
            assert_eq!(p, q, "{what}: {} paragraph {k}", a.member);
        }
        assert_eq!(a, b, "{what}: {}", a.member);
    }
    assert_eq!(
        before.citations.len(),
        after.citations.len(),
        "{what}: footnotes"
    );
    for (a, b) in before.citations.iter().zip(&after.citations) {
        assert_eq!(a, b, "{what}: footnote {}", a.number);
    }
    assert_eq!(before, after, "{what}");
}

fn round_trip(text: &str, opts: &ParseOptions, write: fn(&Chapter) -> String, what: &str) {
    let first = parse_report(text, opts).expect("the source parses");
    assert!(!first.chapters.is_empty(), "{what}: no chapter");
    for chapter in &first.chapters {
        let written = write(chapter);
        let again = parse_report(&written, opts)
            .unwrap_or_else(|e| panic!("{what}: the written chapter does not parse: {e}"));
        assert_eq!(again.chapters.len(), 1, "{what}: one chapter written");
        assert!(again.warnings.is_empty(), "{what}: {:?}", again.warnings);
        assert_same(chapter, &again.chapters[0], what);
        // Writing is stable: the second import writes the same text.
        assert_eq!(write(&again.chapters[0]), written, "{what}: written twice");
    }
}

const APULIA: &str = "2024-06-15..2025-05-15";

#[test]
fn seed_000_round_trips_in_the_markdown_like_layout() {
    let Some(text) = seed("000_1b5db1f3beaa7658.txt") else {
        return;
    };
    round_trip(&text, &options(APULIA), write_markdown_like, "seed 000");
}

#[test]
fn seed_001_round_trips_in_the_pdf_text_layout() {
    let Some(text) = seed("001_be85ca2343117b4d.txt") else {
        return;
    };
    round_trip(&text, &options(APULIA), write_pdf_text, "seed 001");
}

#[test]
fn fixtures_round_trip_in_their_layouts() {
    let md = std::fs::read_to_string(format!("{FIXTURES}/g20_markdown.txt")).expect("fixture");
    round_trip(
        &md,
        &options("2030-12-01..2031-06-30"),
        write_markdown_like,
        "g20 fixture",
    );
    let pdf = std::fs::read_to_string(format!("{FIXTURES}/g7_pdftext.txt")).expect("fixture");
    round_trip(
        &pdf,
        &options("2031-01-01..2031-07-31"),
        write_pdf_text,
        "g7 fixture",
    );
}
