//! The files a site offers for download, each written by its renderer straight to disk.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::SiteError;
use crate::report::Report;

/// One file on the downloads page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// The file's name in the site's folder.
    pub file: String,
    /// What it is, for the downloads page: "The full report (Word, DOCX)".
    pub label: String,
    pub bytes: u64,
}

/// The formats this build writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Markdown,
    #[cfg(feature = "pdf")]
    Pdf,
    Docx,
    TableB,
    TableC,
    TableD,
    Evidence,
    Xlsx,
    CslJson,
    Bibtex,
}

pub fn plan() -> Vec<Kind> {
    vec![
        Kind::Html,
        Kind::Markdown,
        #[cfg(feature = "pdf")]
        Kind::Pdf,
        Kind::Docx,
        Kind::TableB,
        Kind::TableC,
        Kind::TableD,
        Kind::Evidence,
        Kind::Xlsx,
        Kind::CslJson,
        Kind::Bibtex,
    ]
}

/// Formats the site does not offer in this build, with the reason (shown by `publish`).
pub fn left_out() -> Vec<(String, String)> {
    let mut out = Vec::new();
    if cfg!(not(feature = "pdf")) {
        out.push((
            "PDF".to_string(),
            "built without the `pdf` feature".to_string(),
        ));
    }
    out
}

fn name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Html => ("report.html", "The full report on one page (HTML)"),
        Kind::Markdown => ("report.md", "The full report (Markdown)"),
        #[cfg(feature = "pdf")]
        Kind::Pdf => ("report.pdf", "The full report (PDF)"),
        Kind::Docx => ("report.docx", "The full report (Word, DOCX)"),
        Kind::TableB => ("table-b.csv", "Table B, compliance scores (CSV)"),
        Kind::TableC => ("table-c.csv", "Table C, compliance by member (CSV)"),
        Kind::TableD => ("table-d.csv", "Table D, compliance by commitment (CSV)"),
        Kind::Evidence => ("evidence.csv", "Every evidence item (CSV)"),
        Kind::Xlsx => (
            "report.xlsx",
            "Tables B–D, evidence and citations with a codebook (Excel, XLSX)",
        ),
        Kind::CslJson => ("citations.json", "Citations (CSL-JSON)"),
        Kind::Bibtex => ("citations.bib", "Citations (BibTeX)"),
    }
}

pub fn write(kind: Kind, report: &Report, out: &Path) -> Result<Download, SiteError> {
    let (file, label) = name(kind);
    let path = out.join(file);
    let created = File::create(&path).map_err(|e| SiteError::io(&path, e))?;
    let mut w = BufWriter::new(created);
    let render = |message: String| SiteError::Render {
        file: file.to_string(),
        message,
    };
    use crate::exports;
    let result: Result<(), String> = match kind {
        Kind::Html => crate::html::write_html(report, &mut w).map_err(|e| e.to_string()),
        Kind::Markdown => {
            crate::markdown::write_markdown(report, &mut w).map_err(|e| e.to_string())
        }
        #[cfg(feature = "pdf")]
        Kind::Pdf => crate::pdf::render_pdf(report)
            .map_err(|e| e.to_string())
            .and_then(|bytes| w.write_all(&bytes).map_err(|e| e.to_string())),
        Kind::Docx => crate::docx::write_docx(report, &mut w).map_err(|e| e.to_string()),
        Kind::TableB => exports::write_table_b_csv(report, &mut w).map_err(|e| e.to_string()),
        Kind::TableC => exports::write_table_c_csv(report, &mut w).map_err(|e| e.to_string()),
        Kind::TableD => exports::write_table_d_csv(report, &mut w).map_err(|e| e.to_string()),
        Kind::Evidence => exports::write_evidence_csv(report, &mut w).map_err(|e| e.to_string()),
        Kind::Xlsx => exports::write_xlsx(report, &mut w).map_err(|e| e.to_string()),
        Kind::CslJson => exports::write_csl_json(report, &mut w).map_err(|e| e.to_string()),
        Kind::Bibtex => exports::write_bibtex(report, &mut w).map_err(|e| e.to_string()),
    };
    result.map_err(render)?;
    w.flush().map_err(|e| SiteError::io(&path, e))?;
    drop(w);
    let bytes = std::fs::metadata(&path)
        .map_err(|e| SiteError::io(&path, e))?
        .len();
    Ok(Download {
        file: file.to_string(),
        label: label.to_string(),
        bytes,
    })
}
