//! The coding CSV that `coding import` reads: one row per coded evidence item,
//! `commitment,member,coder,evidence,dimension,strength` (columns found by name, in any order
//! and case; other columns are ignored).
//!
//! This reads the file's shape only: every cell there, evidence a number from 1, a strength
//! `strong`, `weak` or `contradictory`. Whether the commitment, member, evidence item and
//! dimension exist is the caller's to check against the store, with each row's line.

use pledgewatch_domain::rubric::EvidenceStrength;

use crate::csv_text::{LineCounter, position_of};
use crate::scores::shown;

/// The columns a coding CSV must name, in the order messages list them.
pub const COLUMNS: [&str; 6] = [
    "commitment",
    "member",
    "coder",
    "evidence",
    "dimension",
    "strength",
];

/// One coded evidence item, as the file gives it (cells trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodingRow {
    /// 1-based line of the row in the file.
    pub line: usize,
    pub commitment: String,
    pub member: String,
    pub coder: String,
    /// 1-based number of the evidence item within the member's section.
    pub evidence: u32,
    pub dimension: String,
    pub strength: EvidenceStrength,
}

/// Why a coding CSV cannot be read; each names the line (and the column or value) at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodingCsvError {
    #[error(
        "the file is empty: expected a header line `commitment,member,coder,evidence,dimension,strength`"
    )]
    Empty,
    #[error("line {line}, column {column}: the file is not UTF-8 text")]
    NotUtf8 { line: usize, column: usize },
    #[error("line {line}: not valid CSV: {message}")]
    Csv { line: usize, message: String },
    #[error(
        "line {line}: no `{column}` column (expected commitment,member,coder,evidence,dimension,strength)"
    )]
    MissingColumn { line: usize, column: &'static str },
    #[error("line {line}: the header names `{column}` twice")]
    DuplicateColumn { line: usize, column: &'static str },
    #[error("line {line}: the {column} is empty")]
    EmptyCell { line: usize, column: &'static str },
    #[error(
        "line {line}: evidence `{found}` is not an evidence item's number: expected 1, 2, … in the member's section"
    )]
    Evidence { line: usize, found: String },
    #[error("line {line}: `{found}` is not a strength: expected strong, weak or contradictory")]
    Strength { line: usize, found: String },
}

impl CodingCsvError {
    /// The line the problem is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        use CodingCsvError as E;
        match self {
            E::Empty => None,
            E::NotUtf8 { line, .. }
            | E::Csv { line, .. }
            | E::MissingColumn { line, .. }
            | E::DuplicateColumn { line, .. }
            | E::EmptyCell { line, .. }
            | E::Evidence { line, .. }
            | E::Strength { line, .. } => Some(*line),
        }
    }
}

/// Reads every row of a coding CSV, or the first problem. A UTF-8 byte-order mark, blank lines
/// and rows whose six cells are all empty are skipped. A header with no rows gives no rows.
pub fn parse_coding_csv(bytes: &[u8]) -> Result<Vec<CodingRow>, CodingCsvError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of(bytes, e.valid_up_to());
        CodingCsvError::NotUtf8 { line, column }
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut header: Option<(usize, [usize; 6])> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CodingCsvError::Csv {
            line: e.position().map_or(1, |p| lines.line_at(p.byte())),
            message: shown(&e.to_string()),
        })?;
        let line = record.position().map_or(1, |p| lines.line_at(p.byte()));
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let Some((_, columns)) = header else {
            header = Some((line, columns_of(&cells, line)?));
            continue;
        };
        let [commitment, member, coder, evidence, dimension, strength] =
            columns.map(|i| cells.get(i).copied().unwrap_or(""));
        if [commitment, member, coder].iter().all(|c| c.is_empty()) {
            continue;
        }
        for (column, value) in [
            ("commitment", commitment),
            ("member", member),
            ("coder", coder),
            ("dimension", dimension),
        ] {
            if value.is_empty() {
                return Err(CodingCsvError::EmptyCell { line, column });
            }
        }
        let evidence = evidence
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| CodingCsvError::Evidence {
                line,
                found: shown(evidence),
            })?;
        let strength =
            EvidenceStrength::parse(strength).ok_or_else(|| CodingCsvError::Strength {
                line,
                found: shown(strength),
            })?;
        rows.push(CodingRow {
            line,
            commitment: commitment.to_string(),
            member: member.to_string(),
            coder: coder.to_string(),
            evidence,
            dimension: dimension.to_string(),
            strength,
        });
    }
    if header.is_none() {
        return Err(CodingCsvError::Empty);
    }
    Ok(rows)
}

/// Where each of [`COLUMNS`] is in the header.
fn columns_of(cells: &[&str], line: usize) -> Result<[usize; 6], CodingCsvError> {
    let mut found = [0; 6];
    for (slot, column) in found.iter_mut().zip(COLUMNS) {
        let mut at = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.eq_ignore_ascii_case(column))
            .map(|(i, _)| i);
        *slot = at
            .next()
            .ok_or(CodingCsvError::MissingColumn { line, column })?;
        if at.next().is_some() {
            return Err(CodingCsvError::DuplicateColumn { line, column });
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "commitment,member,coder,evidence,dimension,strength\n";

    fn parse(text: &str) -> Result<Vec<CodingRow>, CodingCsvError> {
        parse_coding_csv(text.as_bytes())
    }

    #[test]
    fn rows_are_read_with_their_lines_whatever_the_column_order() {
        let rows = parse(
            "\u{FEFF}Strength,Coder,Evidence,Member,Dimension,Commitment,note\n\n\
             weak , Ann Lee,1,Canada,prevent,19,first\n\
             ,,,,,\n\
             \"strong\",\"Bo, Chan\",2,France,counter,19,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 3);
        assert_eq!(rows[0].coder, "Ann Lee");
        assert_eq!(rows[0].strength, EvidenceStrength::Weak);
        assert_eq!(rows[1].line, 5);
        assert_eq!(rows[1].coder, "Bo, Chan");
        assert_eq!(rows[1].evidence, 2);
        assert_eq!(parse(HEADER).unwrap(), Vec::new());
    }

    #[test]
    fn every_problem_names_its_line() {
        let err = |text: &str| parse(text).unwrap_err();
        assert_eq!(err(""), CodingCsvError::Empty);
        assert_eq!(err("\n \n"), CodingCsvError::Empty);
        assert_eq!(
            err("commitment,member,coder,evidence,strength\n"),
            CodingCsvError::MissingColumn {
                line: 1,
                column: "dimension"
            }
        );
        assert_eq!(
            err(&format!("{}coder\n", HEADER.trim_end().to_string() + ",")),
            CodingCsvError::DuplicateColumn {
                line: 1,
                column: "coder"
            }
        );
        assert_eq!(
            err(&format!("{HEADER}19,Canada,Ann,0,prevent,weak\n")).line(),
            Some(2)
        );
        assert!(matches!(
            err(&format!("{HEADER}19,Canada,Ann,x,prevent,weak\n")),
            CodingCsvError::Evidence { line: 2, .. }
        ));
        assert!(matches!(
            err(&format!("{HEADER}\n19,Canada,Ann,1,prevent,mild\n")),
            CodingCsvError::Strength { line: 3, .. }
        ));
        assert_eq!(
            err(&format!("{HEADER}19,Canada,,1,prevent,weak\n")),
            CodingCsvError::EmptyCell {
                line: 2,
                column: "coder"
            }
        );
        assert_eq!(
            err(&format!("{HEADER}19,Canada,Ann,1,,weak\n")),
            CodingCsvError::EmptyCell {
                line: 2,
                column: "dimension"
            }
        );
        assert!(matches!(
            parse_coding_csv(b"commitment\xff\n").unwrap_err(),
            CodingCsvError::NotUtf8 { line: 1, .. }
        ));
    }

    #[test]
    fn values_in_messages_have_no_raw_control_characters() {
        let e = parse(&format!("{HEADER}19,Canada,Ann,1,prevent,we\u{7}ak\n")).unwrap_err();
        assert!(!e.to_string().chars().any(char::is_control), "{e}");
    }
}
