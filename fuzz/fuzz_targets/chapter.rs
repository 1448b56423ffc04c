//! Fuzzes the report-chapter importer: any bytes give a report or an error, never a panic.
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run chapter` from the repository root (corpus in
//! fuzz/corpus/chapter).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_domain::Period;
use pledgewatch_ingest::{ParseOptions, parse_report_bytes};

fuzz_target!(|data: &[u8]| {
    let _ = parse_report_bytes(data, &ParseOptions::default());
    // With a period, year-less dates resolve and the parser goes further into member sections.
    let period = Period::parse("2024-01-01..2031-12-31").ok();
    if let Ok(report) = parse_report_bytes(data, &ParseOptions { period }) {
        assert!(!report.chapters.is_empty(), "a report without chapters is an error");
    }
});
