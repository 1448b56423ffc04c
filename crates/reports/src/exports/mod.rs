//! Data exports of a report: Tables B, C and D, the evidence and the citations as CSV and as an
//! XLSX workbook with a codebook sheet, and the citations as CSL-JSON and BibTeX.
//!
//! Every table is a [`Sheet`]: its columns (with what the codebook says of them) and its rows,
//! produced one at a time so that the CSV writers stream. Scores, counts and the exact fraction
//! of an average are integers; averages are also given as the published strings, never as
//! floats.

mod citations;
mod csv;
mod sheets;
mod xlsx;

pub use citations::{bibtex_entry, bibtex_escape, csl_item, write_bibtex, write_csl_json};
pub use csv::{
    write_csv, write_evidence_csv, write_table_b_csv, write_table_c_csv, write_table_d_csv,
};
pub use sheets::{citations_sheet, evidence_sheet, table_b, table_c, table_d};
pub use xlsx::{XlsxProgress, write_xlsx, write_xlsx_with_progress, xlsx_bytes};

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Nothing: a score not yet assessed, a field the source does not give.
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    /// The cell as CSV text.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A column and what the codebook says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub meaning: String,
    /// `text`, `integer`, `date`, `boolean`.
    pub kind: &'static str,
    pub allowed: String,
}

impl Column {
    pub(crate) fn new(
        name: impl Into<String>,
        meaning: impl Into<String>,
        kind: &'static str,
        allowed: impl Into<String>,
    ) -> Column {
        Column {
            name: name.into(),
            meaning: meaning.into(),
            kind,
            allowed: allowed.into(),
        }
    }
}

/// A table to export: its name, columns and rows (produced lazily).
pub struct Sheet<'r> {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Box<dyn Iterator<Item = Vec<Cell>> + 'r>,
}

/// Why an export could not be written. The message carries the underlying reason and does not
/// also offer it as a source, so a printed error chain says it once.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the export: {0}")]
    Io(std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(::csv::Error),
    #[error("writing XLSX: {0}")]
    Xlsx(rust_xlsxwriter::XlsxError),
    #[error("writing JSON: {0}")]
    Json(serde_json::Error),
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        ExportError::Io(e)
    }
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        ExportError::Csv(e)
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e)
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(e: serde_json::Error) -> Self {
        ExportError::Json(e)
    }
}
