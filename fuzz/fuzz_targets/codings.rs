//! Fuzzes the coding CSV reader behind `coding import`: any bytes give whole rows or an error
//! naming where, never a panic. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run codings` from the
//! repository root (corpus in fuzz/corpus/codings).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_ingest::codings::{CodingCsvError, parse_coding_csv};

fuzz_target!(|data: &[u8]| {
    match parse_coding_csv(data) {
        Ok(rows) => {
            let mut last = 1;
            for row in &rows {
                assert!(row.line > last, "rows come after the header, in order");
                last = row.line;
                assert!(row.evidence >= 1, "evidence items count from 1");
                for cell in [&row.commitment, &row.member, &row.coder, &row.dimension] {
                    assert!(!cell.is_empty(), "an accepted row has every cell");
                    assert_eq!(cell.trim(), cell.as_str(), "cells are trimmed");
                }
            }
        }
        Err(CodingCsvError::Empty) => {}
        Err(e) => {
            assert!(e.line().is_some_and(|l| l >= 1), "the error names a line: {e}");
            assert!(!e.to_string().chars().any(char::is_control), "no raw control characters");
        }
    }
});
