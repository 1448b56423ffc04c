//! Pledgewatch's importers of outside formats.
//!
//! - [`chapter`]: published compliance-report chapters, in the Markdown-like layout and in text
//!   extracted from the PDF, into [`pledgewatch_domain::Chapter`] values.
//! - [`scores`]: score matrices from CSV.
//! - [`codings`]: coded evidence from CSV (`coding import`).
//! - [`dataset`]: the JSON dataset export read back.
//!
//! Invariant: an importer never panics on what a user sends and never guesses silently. Input it
//! cannot read is an [`IngestError`] naming the line and what was expected; oddities it can work
//! round are reported as [`ParseWarning`]s. Text is kept as printed (URLs with their defects,
//! published averages as printed); checking it is the domain's job.

pub mod chapter;
pub mod codings;
mod csv_text;
pub mod dataset;
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
    #[error(
        "line {line}: the date `{found}` has a year outside 1900–2200: expected a day, a month and a four-digit year such as `4 July 2024`"
    )]
    YearOutOfRange { line: usize, found: String },
    #[error(
        "line {line}: the footnote marker `{found}` ({digits} digits) is too large to be a footnote number (at most {max})",
        max = u32::MAX
    )]
    FootnoteNumberTooLarge {
        line: usize,
        /// The marker as written, shortened when it is very long.
        found: String,
        digits: usize,
    },
    /// The file stops before the chapter does: a member's section, the sections after it, or
    /// the Assessment table are missing. `detail` says where it stops and what is missing.
    #[error(
        "line {line}: chapter {code} is cut short: the file stops here {detail}; import the whole chapter"
    )]
    Truncated {
        line: usize,
        code: String,
        detail: String,
    },
    /// Every member's section is there, but footnotes the last one cites are not: the file stops
    /// before the footnotes that follow the last section.
    #[error(
        "line {line}: chapter {code} is cut short: the file stops after the section for {member}, but {footnotes} that it cites {are} not in the file (the footnotes that follow the section are missing); import the whole chapter, or correct the markers if they are mistyped",
        footnotes = footnote_list(numbers),
        are = if numbers.len() == 1 { "is" } else { "are" }
    )]
    TruncatedFootnotes {
        line: usize,
        code: String,
        member: String,
        numbers: Vec<u32>,
    },
}

/// `footnote 4405`, `footnotes 4405–4413` (a run), `footnotes 3191, 3193 and 3194`.
fn footnote_list(numbers: &[u32]) -> String {
    match numbers {
        [] => "no footnotes".to_string(),
        [one] => format!("footnote {one}"),
        [first, .., last]
            if numbers
                .windows(2)
                .all(|w| w[0].checked_add(1) == Some(w[1])) =>
        {
            format!("footnotes {first}\u{2013}{last}")
        }
        [init @ .., last] => format!(
            "footnotes {} and {last}",
            init.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
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
            | IngestError::YearlessDate { line, .. }
            | IngestError::YearOutOfRange { line, .. }
            | IngestError::FootnoteNumberTooLarge { line, .. }
            | IngestError::Truncated { line, .. }
            | IngestError::TruncatedFootnotes { line, .. } => Some(*line),
        }
    }
}
