//! Fuzzes the rubric readers: any bytes, read as a TOML rubric file or as the JSON the API and
//! `rubric export --format json` use, give a valid rubric or an error, never a panic; a rubric
//! that reads is then checked (every coding enumerated) and every finding's example really
//! fails the way it says. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run rubric` from the repository
//! root (corpus in fuzz/corpus/rubric).

#![no_main]

use libfuzzer_sys::fuzz_target;
use pledgewatch_domain::rubric::check::MAX_CHECKED_DIMENSIONS;
use pledgewatch_domain::rubric::{Outcome, Rubric, RubricFinding};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(rubric) = Rubric::from_toml_str(text)
    {
        // An exported rubric reads back, and exporting that gives the same file.
        let exported = rubric.to_toml_string();
        let again = Rubric::from_toml_str(&exported).expect("an exported rubric reads back");
        assert_eq!(again.to_toml_string(), exported, "export is stable");
        exercise(&rubric);
    }
    // The JSON read, as the API and the command line do it: parse, then validate.
    if let Ok(rubric) = serde_json::from_slice::<Rubric>(data)
        && rubric.validate().is_ok()
    {
        let json = serde_json::to_string(&rubric).expect("a rubric writes as JSON");
        let back: Rubric = serde_json::from_str(&json).expect("its JSON reads back");
        assert_eq!(back, rubric, "JSON round trip");
        exercise(&rubric);
    }
});

/// The checker on a valid rubric: a report, or a refusal only when it has too many dimensions
/// to enumerate; each example coding gets the outcome its finding names.
fn exercise(rubric: &Rubric) {
    let report = match rubric.check() {
        Ok(report) => report,
        Err(_) => {
            assert!(rubric.dimensions.len() > MAX_CHECKED_DIMENSIONS);
            return;
        }
    };
    for finding in &report.findings {
        let message = finding.message(rubric);
        assert!(!message.is_empty());
        match finding {
            RubricFinding::Gap { example, .. } => {
                assert_eq!(rubric.suggest(example).outcome, Outcome::Gap, "{message}");
            }
            RubricFinding::Overlap {
                example, scores, ..
            } => {
                assert_eq!(
                    rubric.suggest(example).outcome,
                    Outcome::Overlap(scores.clone()),
                    "{message}"
                );
            }
            RubricFinding::NeverFires { .. } => {}
        }
    }
}
