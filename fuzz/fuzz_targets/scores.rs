//! Fuzzes the score-sheet importer: any bytes give a sheet or an error naming where, never a
//! panic. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run scores` from the repository root (corpus in
//! fuzz/corpus/scores).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_ingest::scores::{ScoreSheetError, parse_score_sheet};

fuzz_target!(|data: &[u8]| {
    match parse_score_sheet(data) {
        Ok(sheet) => {
            assert!(!sheet.commitments.is_empty(), "an accepted sheet has rows");
            assert!(!sheet.members.is_empty(), "an accepted sheet has members");
            for c in &sheet.commitments {
                assert!(!c.code.is_empty(), "an accepted row has a commitment code");
                for (member, _) in &c.cells {
                    assert!(sheet.members.contains(member), "a cell's member is listed");
                }
            }
        }
        Err(ScoreSheetError::Empty) => {}
        Err(e) => {
            assert!(e.line().is_some_and(|l| l >= 1), "the error names a line: {e}");
            assert!(!e.to_string().chars().any(char::is_control), "no raw control characters");
        }
    }
});
