//! Where the seed documents are (`../shared/seeds`, beside the repository) and what a test does
//! without them: under CI (`CI` set) it fails, since CI must have them; elsewhere the test skips
//! and the binary says so once, straight to the terminal, because libtest keeps the output of a
//! passing test to itself (`eprintln!` would not show in `cargo test --workspace`).

use std::io::Write;
use std::sync::Once;

pub const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
/// Chapter 18, the Markdown-like layout.
pub const MD: &str = "000_1b5db1f3beaa7658.txt";
/// Chapter 19, text extracted from the PDF.
pub const PDF: &str = "001_be85ca2343117b4d.txt";

/// The seed's text, or `None` when it cannot be read (said once per test binary; a failure
/// under CI).
pub fn seed(name: &str) -> Option<String> {
    let path = format!("{SEEDS}/{name}");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            skipped(&format!("{path}: {e}"));
            None
        }
    }
}

fn skipped(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have the seed documents: {why}"
    );
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        // Not `eprintln!`: that is captured for a passing test and never shown.
        let _ = writeln!(
            std::io::stderr(),
            "\nNOTE pledgewatch-ingest: the seed documents are missing ({why}); the seed tests \
             of this crate pass without checking anything. Put them in ../shared/seeds (CI has them)."
        );
    });
}

/// Runs in every `cargo test`: says on the terminal when the seeds are missing (and fails
/// under CI); passes quietly when they are there.
#[test]
fn seeds_are_present_or_skipped_loudly() {
    for name in [MD, PDF] {
        if let Some(text) = seed(name) {
            assert!(!text.is_empty(), "{name} is empty");
        }
    }
}
