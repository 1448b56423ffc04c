//! Fuzzes the report-chapter importer: any bytes give a report or an error, never a panic. An
//! accepted report has chapters; every error names its line, or is about the file as a whole
//! (empty, no chapter in it), and carries no raw control character from the input.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run chapter` from the repository root (corpus in
//! fuzz/corpus/chapter).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_domain::Period;
use pledgewatch_ingest::{IngestError, ParseOptions, parse_report_bytes};

fn check(result: Result<pledgewatch_ingest::ParsedReport, IngestError>) {
    match result {
        Ok(report) => assert!(
            !report.chapters.is_empty(),
            "a report without chapters is an error"
        ),
        Err(e) => {
            let message = e.to_string();
            match e.line() {
                Some(line) => assert!(
                    message.contains(&format!("line {line}")),
                    "the error does not name its line {line}: {message}"
                ),
                None => assert!(
                    matches!(e, IngestError::Empty | IngestError::NoChapter),
                    "an error without a line is about the whole file: {message}"
                ),
            }
            assert!(
                !message.chars().any(char::is_control),
                "a raw control character in {message:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(parse_report_bytes(data, &ParseOptions::default()));
    // With a period, year-less dates resolve and the parser goes further into member sections.
    let period = Period::parse("2024-01-01..2031-12-31").ok();
    check(parse_report_bytes(data, &ParseOptions { period }));
});
