//! Pledgewatch's importers of outside formats.
//!
//! - [`chapter`]: published compliance-report chapters, in the Markdown-like layout and in text
//!   extracted from the PDF, into [`pledgewatch_domain::Chapter`] values.
//! - [`scores`]: score matrices from CSV.
//!
//! Invariant: an importer never panics on what a user sends and never guesses silently. Input it
//! cannot read is an [`IngestError`] naming the line and what was expected; oddities it can work
//! round are reported as [`ParseWarning`]s. Text is kept as printed (URLs with their defects,
//! published averages as printed); checking it is the domain's job.

pub mod chapter;
mod header;
pub mod plan;
pub mod scores;

pub use chapter::{
    ParseOptions, ParseWarning, ParsedReport, parse_report, parse_report_bytes, read_header,
};
pub use header::{ReportHeader, summit_of_title};

/// Why a report could not be imported. Every message says where (1-based line) and what was
/// expected, so that the person importing can fix the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    #[error("the file is empty: expected the text of a compliance-report chapter")]
    Empty,
    #[error(
        "the file is binary, not text (a NUL byte on line {line}): expected a UTF-8 text export of a compliance report"
    )]
    Binary { line: usize },
    #[error(
        "line {line}: the file is not UTF-8 text (invalid bytes at byte offset {offset}): save it as UTF-8 and import it again"
    )]
    NotUtf8 { line: usize, offset: usize },
    #[error(
        "no chapter found: expected a heading like `18. Policy Area: Title` followed by an Assessment table"
    )]
    NoChapter,
    #[error(
        "line {line}: the Assessment table of chapter {code} has no rows: expected one line per member such as `Canada  +1` (is the file cut short?)"
    )]
    EmptyTable { line: usize, code: String },
    #[error(
        "line {line}: `{found}` in the Assessment table row `{row}` is not a score: expected a member name followed by +1, 0, −1 or n/a"
    )]
    TableScore {
        line: usize,
        row: String,
        found: String,
    },
    #[error(
        "line {line}: the heading of {member}'s section gives `{found}`, which is not a score: expected `{member}: +1`, `0`, `−1` or `n/a`"
    )]
    HeadingScore {
        line: usize,
        member: String,
        found: String,
    },
    #[error(
        "line {line}: `{found}` in the sentence \"Thus, … receives a score of …\" is not a score: expected +1, 0, −1 or n/a"
    )]
    ThusScore { line: usize, found: String },
    #[error(
        "line {line}: `{found}` is not a date: expected a day, a month and a year such as `4 July 2024`"
    )]
    BadDate { line: usize, found: String },
    #[error(
        "line {line}: the date `{found}` has no year and no compliance period is known to supply one: give the period (YYYY-MM-DD..YYYY-MM-DD) or import the file with its report header"
    )]
    YearlessDate { line: usize, found: String },
}

impl IngestError {
    /// The 1-based line the error is about, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            IngestError::Empty | IngestError::NoChapter => None,
            IngestError::Binary { line }
            | IngestError::NotUtf8 { line, .. }
            | IngestError::EmptyTable { line, .. }
            | IngestError::TableScore { line, .. }
            | IngestError::HeadingScore { line, .. }
            | IngestError::ThusScore { line, .. }
            | IngestError::BadDate { line, .. }
            | IngestError::YearlessDate { line, .. } => Some(*line),
        }
    }
}
