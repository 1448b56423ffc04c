//! Fuzzes the action-plan importer: any bytes give a whole plan or an error naming where, never a
//! panic. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run plan` from the repository root (corpus in
//! fuzz/corpus/plan).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_ingest::plan::{PlanError, PlanOptions, parse_plan};

fuzz_target!(|data: &[u8]| {
    match parse_plan(data, &PlanOptions::default()) {
        Ok(plan) => {
            assert!(!plan.sections.is_empty(), "an accepted plan has sections");
            assert!(!plan.title.is_empty(), "an accepted plan has a title");
            let codes: Vec<&str> = plan.measures().iter().map(|m| m.code.as_str()).collect();
            for (i, c) in codes.iter().enumerate() {
                assert!(!codes[..i].contains(c), "measure codes are unique: {c}");
            }
        }
        Err(PlanError::Empty | PlanError::NoSections | PlanError::MemberAndObserver { .. }) => {}
        Err(e) => {
            assert!(
                e.line().is_some_and(|l| l >= 1),
                "the error names a line: {e}"
            );
            assert!(
                !e.to_string().chars().any(char::is_control),
                "no raw control characters"
            );
        }
    }
});
