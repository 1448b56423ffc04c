//! Fuzzes the JSON dataset importer (`import dataset`): any bytes give whole cycles or an error
//! naming where, never a panic. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run dataset` from the
//! repository root (corpus in fuzz/corpus/dataset: an export of the importer's fixtures and a
//! few broken ones).

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use pledgewatch_domain::names::member_key;
use pledgewatch_ingest::dataset::{DatasetError, parse_dataset};

fuzz_target!(|data: &[u8]| {
    match parse_dataset(data) {
        Ok(cycles) => {
            let mut names = HashSet::new();
            for c in &cycles {
                assert!(!c.cycle.name.trim().is_empty(), "a cycle has a name");
                assert!(names.insert(c.cycle.name.clone()), "cycle names are unique");
                let mut codes = HashSet::new();
                for s in &c.scores.commitments {
                    assert!(!s.code.trim().is_empty(), "a commitment has a number");
                    assert!(codes.insert(s.code.clone()), "commitment numbers are unique");
                    let mut members = HashSet::new();
                    for (m, _) in &s.cells {
                        assert!(members.insert(member_key(m)), "one score per member");
                        assert!(
                            c.scores.members.iter().any(|n| member_key(n) == member_key(m)),
                            "a cell's member is listed"
                        );
                    }
                }
                for ch in &c.chapters {
                    assert!(
                        c.scores.commitments.iter().any(|s| s.code == ch.commitment.code),
                        "every chapter has its scores"
                    );
                    let mut numbers = HashSet::new();
                    for f in &ch.citations {
                        assert!(numbers.insert(f.number), "footnote numbers are unique");
                    }
                }
            }
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.is_empty());
            assert!(!text.chars().any(char::is_control), "no raw control characters: {text:?}");
            if let DatasetError::Invalid { path, .. } | DatasetError::Duplicate { path, .. } = &e {
                assert!(path.starts_with("cycles"), "the path starts at the root: {path}");
            }
        }
    }
});
