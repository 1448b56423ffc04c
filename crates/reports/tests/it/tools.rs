//! The outside tools the document tests read files back with: poppler-utils (`pdfinfo`,
//! `pdftotext`, `pdffonts`, `pdftoppm`) and LibreOffice (`soffice`). Without them a test says
//! plainly that it skipped; under CI (`CI` set) it fails instead, since `.ci/run` installs both,
//! so a broken CI image cannot pass by skipping.

use std::process::Command;

pub const POPPLER: [&str; 4] = ["pdfinfo", "pdftotext", "pdffonts", "pdftoppm"];
pub const SOFFICE: &str = "soffice";

fn present(tool: &str) -> bool {
    let flag = if tool == SOFFICE { "--version" } else { "-v" };
    Command::new(tool).arg(flag).output().is_ok()
}

/// True when every tool is on PATH; otherwise says which are missing and skips, or fails
/// under CI.
pub fn ready(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !present(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test} cannot run in CI: {} not on PATH; .ci/run installs poppler-utils and LibreOffice",
        missing.join(", ")
    );
    println!(
        "skipped {test}: {} not on PATH (install poppler-utils / LibreOffice; CI fails instead)",
        missing.join(", ")
    );
    false
}
