//! The report as PDF, typeset by typst used as a library.
//!
//! [`render_pdf`] writes the report as a typst document ([`markup`]: every piece of report text
//! becomes a typst string literal, never markup), compiles it in a closed world ([`world`]: the
//! fonts bundled with typst-assets, no system fonts, no files, no packages, no network) and
//! exports it. typst memoizes across compiles in a process-wide cache; it is evicted after every
//! report so a long-running server does not keep every report it ever printed.

mod markup;
mod world;

pub(crate) use markup::lit;

use std::collections::HashMap;

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::ecow::EcoVec;
use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::report::Report;
use world::ReportWorld;

/// Why a report could not be turned into a PDF. The message names typst's complaint and, when
/// it points into the generated document, the line there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("typst could not typeset the report: {0}")]
    Typeset(String),
    #[error("typst could not write the PDF: {0}")]
    Export(String),
    #[error("the report could not be prepared for typst: {0}")]
    Prepare(String),
}

/// Renders `report` as a PDF document.
pub fn render_pdf(report: &Report) -> Result<Vec<u8>, PdfError> {
    let generated = markup::generate(report);
    let today = report.published_on.and_then(|d| {
        Datetime::from_ymd(
            i32::from(d.year()),
            u8::try_from(d.month()).ok()?,
            u8::try_from(d.day()).ok()?,
        )
    });
    compile(generated.text, generated.files, today)
}

/// Compiles a typst document whose only other files are `files`, and exports it (the plan
/// progress report compiles in the same closed world).
pub(crate) fn compile(
    text: String,
    files: Vec<(String, Vec<u8>)>,
    today: Option<Datetime>,
) -> Result<Vec<u8>, PdfError> {
    let main = world::file_id("/main.typ")
        .ok_or_else(|| PdfError::Prepare("`/main.typ` is not a typst path".to_string()))?;
    let mut virtual_files = HashMap::new();
    for (path, bytes) in files {
        let id = world::file_id(&path)
            .ok_or_else(|| PdfError::Prepare(format!("`{path}` is not a typst path")))?;
        virtual_files.insert(id, typst::foundations::Bytes::new(bytes));
    }
    let world = ReportWorld::new(main, text, virtual_files, today);

    // Evicts typst's cache however the compile ends.
    struct Evict;
    impl Drop for Evict {
        fn drop(&mut self) {
            comemo::evict(0);
        }
    }
    let _evict = Evict;

    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors: EcoVec<SourceDiagnostic>| PdfError::Typeset(describe(&world, &errors)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|errors: EcoVec<SourceDiagnostic>| PdfError::Export(describe(&world, &errors)))
}

/// typst's errors as one readable message: each error, where it is in the generated document,
/// and typst's hints.
fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut parts = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let mut part = d.message.to_string();
        if d.span.id() == Some(world.main())
            && let Some(range) = world.range(d.span)
        {
            let source = world.main_source();
            if let Some(line) = source.lines().byte_to_line(range.start) {
                let text = source.text().lines().nth(line).unwrap_or("");
                let snippet: String = text.chars().take(120).collect();
                part.push_str(&format!(
                    " (generated document, line {}: `{snippet}`)",
                    line + 1
                ));
            }
        }
        for hint in &d.hints {
            part.push_str(&format!("; hint: {}", hint.v));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        "typst reported a failure without an error message".to_string()
    } else {
        parts.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        match compile(text.to_string(), Vec::new(), None) {
            Ok(_) => panic!("`{text}` compiled"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_world_has_no_packages_files_or_clock() {
        let package = error_of("#import \"@preview/example:0.1.0\": *");
        assert!(package.contains("line 1"), "{package}");
        let file = error_of("#read(\"/etc/hostname\")");
        assert!(file.contains("not found"), "{file}");
        let clock = error_of("#datetime.today().display()");
        println!("{package}\n{file}\n{clock}");
        assert!(
            clock.starts_with("typst could not typeset the report"),
            "{clock}"
        );
    }

    #[test]
    fn a_plain_document_compiles_with_the_bundled_fonts() {
        let pdf = compile("Hello.".to_string(), Vec::new(), None).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
