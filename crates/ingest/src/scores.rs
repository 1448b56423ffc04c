//! Score sheets: a cycle's scores as CSV, in one of two shapes told apart by the header.
//!
//! - **wide**, the shape of Table B: `commitment[,title][,area],Canada,France,…`, one row per
//!   commitment, one column per member. The figures computed from the scores that `scores
//!   --format csv` and the Table B export write are skipped: trailing columns named in
//!   [`TABLE_B_FIGURE_COLUMNS`] (`scored`, `average`, `percent`, …) and the rows below the
//!   commitments named in `TABLE_B_FIGURE_ROWS` (`member average`, …, `overall`), so an
//!   exported Table B imports as it is. Any other column after the figure columns is refused;
//! - **long**: `commitment,member,score` (the three names in any order, any case), one row per cell.
//!
//! Cells are `+1 1 0 -1 −1 n/a`, or empty for *not yet assessed*. A sheet is all or nothing: the
//! first problem rejects the whole file with its line (as a spreadsheet numbers them, the header
//! being line 1) and its column or member, so nothing half-read is ever stored.

use std::collections::HashMap;

use crate::csv_text::{LineCounter, position_of};
use pledgewatch_domain::Verdict;
use pledgewatch_domain::names::member_key;
use pledgewatch_domain::sheet::{TABLE_B_FIGURE_COLUMNS, is_figure_column, is_figure_row};
// The sheet's shape lives in the domain so the importer and the store share one definition.
pub use pledgewatch_domain::sheet::{ScoreSheet, SheetCommitment};

/// Why a score sheet was rejected. Every variant names where: its line and, for a cell, its
/// column (1-based, as a spreadsheet counts) and member.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreSheetError {
    #[error(
        "the file is empty: expected a header line such as `commitment,Canada,France` or `commitment,member,score`"
    )]
    Empty,
    #[error("line {line}, column {column}: the file is not UTF-8 text")]
    NotUtf8 { line: usize, column: usize },
    #[error(
        "line {line}: expected a header starting with `commitment` (a wide sheet) or naming `commitment`, `member` and `score` (a long sheet), found `{found}`"
    )]
    MissingHeader { line: usize, found: String },
    #[error(
        "line {line}, column {column}: the header cell is empty, so the column names no member"
    )]
    EmptyColumnName { line: usize, column: usize },
    #[error("line {line}, column {column}: `{name}` is the same column as column {first_column}")]
    DuplicateColumn {
        line: usize,
        column: usize,
        first_column: usize,
        name: String,
    },
    #[error(
        "line {line}, column {column}: `{name}` follows the computed columns but is not one of them ({known}): member columns come before the computed ones"
    )]
    UnknownColumn {
        line: usize,
        column: usize,
        name: String,
        known: String,
    },
    #[error("line {line}: the header names no member column")]
    NoMembers { line: usize },
    #[error("line {line}: {found} cells where the header has {expected}")]
    Ragged {
        line: usize,
        expected: usize,
        found: usize,
    },
    #[error("line {line}, column {column}: the commitment code is empty")]
    EmptyCommitment { line: usize, column: usize },
    #[error("line {line}, column {column}: the member name is empty")]
    EmptyMember { line: usize, column: usize },
    #[error(
        "line {line}, column {column} ({member}): `{value}` is not a score: expected +1, 1, 0, -1, \u{2212}1, n/a, or an empty cell"
    )]
    UnknownValue {
        line: usize,
        column: usize,
        member: String,
        value: String,
    },
    #[error(
        "line {line}: commitment {commitment} already has a score for {member} on line {first_line}"
    )]
    DuplicateCell {
        line: usize,
        first_line: usize,
        commitment: String,
        member: String,
    },
    #[error("line {line}: commitment {commitment} already has a row on line {first_line}")]
    DuplicateCommitment {
        line: usize,
        first_line: usize,
        commitment: String,
    },
    #[error("line {line}: the sheet has a header but no rows below it")]
    NoRows { line: usize },
    #[error("line {line}: {message}")]
    Csv { line: usize, message: String },
}

impl ScoreSheetError {
    /// The line the problem is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        use ScoreSheetError as E;
        match self {
            E::Empty => None,
            E::NotUtf8 { line, .. }
            | E::MissingHeader { line, .. }
            | E::EmptyColumnName { line, .. }
            | E::DuplicateColumn { line, .. }
            | E::UnknownColumn { line, .. }
            | E::NoMembers { line }
            | E::Ragged { line, .. }
            | E::EmptyCommitment { line, .. }
            | E::EmptyMember { line, .. }
            | E::UnknownValue { line, .. }
            | E::DuplicateCell { line, .. }
            | E::DuplicateCommitment { line, .. }
            | E::NoRows { line }
            | E::Csv { line, .. } => Some(*line),
        }
    }
}

/// One CSV record with its line, cells trimmed.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Reads a score sheet, wide or long, from the bytes of a CSV file. A UTF-8 byte-order mark,
/// blank lines and rows whose cells are all empty are ignored.
pub fn parse_score_sheet(bytes: &[u8]) -> Result<ScoreSheet, ScoreSheetError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of(bytes, e.valid_up_to());
        ScoreSheetError::NotUtf8 { line, column }
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rows = records(text)?.into_iter();
    let Some(header) = rows.next() else {
        return Err(ScoreSheetError::Empty);
    };
    let body: Vec<Row> = rows.collect();
    let lowered: Vec<String> = header.cells.iter().map(|c| c.to_lowercase()).collect();
    let sheet = if is_long(&lowered) {
        long(&header, &lowered, &body)?
    } else if lowered.first().is_some_and(|c| c == "commitment") {
        wide(&header, &body)?
    } else {
        return Err(ScoreSheetError::MissingHeader {
            line: header.line,
            found: shown(&header.cells.join(",")),
        });
    };
    if sheet.commitments.is_empty() {
        return Err(ScoreSheetError::NoRows { line: header.line });
    }
    Ok(sheet)
}

fn records(text: &str) -> Result<Vec<Row>, ScoreSheetError> {
    // Ragged rows are reported by this module, with the header's count, not by the csv crate.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ScoreSheetError::Csv {
            line: e.position().map_or(0, |p| lines.line_at(p.byte())),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push(Row { line, cells });
    }
    Ok(rows)
}

fn is_long(lowered: &[String]) -> bool {
    lowered.len() == 3
        && ["commitment", "member", "score"]
            .iter()
            .all(|name| lowered.iter().any(|c| c == name))
}

fn long(header: &Row, lowered: &[String], body: &[Row]) -> Result<ScoreSheet, ScoreSheetError> {
    let column = |name: &str| lowered.iter().position(|c| c == name).unwrap_or_default();
    let (code_col, member_col, score_col) =
        (column("commitment"), column("member"), column("score"));
    let mut sheet = ScoreSheet::default();
    // member key → the member's name as first written
    let mut members: HashMap<String, usize> = HashMap::new();
    let mut commitments: HashMap<String, usize> = HashMap::new();
    let mut cells: HashMap<(String, String), usize> = HashMap::new();
    for row in body {
        check_width(row, header.cells.len())?;
        let code = &row.cells[code_col];
        if code.is_empty() {
            return Err(ScoreSheetError::EmptyCommitment {
                line: row.line,
                column: code_col + 1,
            });
        }
        let name = &row.cells[member_col];
        if name.is_empty() {
            return Err(ScoreSheetError::EmptyMember {
                line: row.line,
                column: member_col + 1,
            });
        }
        let key = member_key(name);
        let m = *members.entry(key.clone()).or_insert_with(|| {
            sheet.members.push(name.clone());
            sheet.members.len() - 1
        });
        let member = sheet.members[m].clone();
        let verdict = verdict(row, score_col, &member)?;
        if let Some(&first_line) = cells.get(&(code.clone(), key.clone())) {
            return Err(ScoreSheetError::DuplicateCell {
                line: row.line,
                first_line,
                commitment: shown(code),
                member: shown(&member),
            });
        }
        cells.insert((code.clone(), key), row.line);
        let c = *commitments.entry(code.clone()).or_insert_with(|| {
            sheet.commitments.push(SheetCommitment {
                code: code.clone(),
                title: None,
                area: None,
                cells: Vec::new(),
            });
            sheet.commitments.len() - 1
        });
        sheet.commitments[c].cells.push((member, verdict));
    }
    Ok(sheet)
}

fn wide(header: &Row, body: &[Row]) -> Result<ScoreSheet, ScoreSheetError> {
    let mut title_col: Option<usize> = None;
    let mut area_col: Option<usize> = None;
    // (column, member name, member key)
    let mut member_cols: Vec<(usize, String, String)> = Vec::new();
    // The first computed column: only computed columns may follow it.
    let mut figures_from: Option<usize> = None;
    for (col, name) in header.cells.iter().enumerate().skip(1) {
        let duplicate = |first: usize| ScoreSheetError::DuplicateColumn {
            line: header.line,
            column: col + 1,
            first_column: first + 1,
            name: shown(name),
        };
        if name.is_empty() {
            return Err(ScoreSheetError::EmptyColumnName {
                line: header.line,
                column: col + 1,
            });
        }
        let slot = if name.eq_ignore_ascii_case("title") {
            Some(&mut title_col)
        } else if name.eq_ignore_ascii_case("area") {
            Some(&mut area_col)
        } else {
            None
        };
        if let Some(slot) = slot {
            if let Some(first) = *slot {
                return Err(duplicate(first));
            }
            *slot = Some(col);
            continue;
        }
        if name.eq_ignore_ascii_case("commitment") {
            return Err(duplicate(0));
        }
        // Table B's computed columns (as `scores --format csv` and the exports write them) are
        // derived from the cells, so reading them back would only invite disagreement: they are
        // skipped.
        if is_figure_column(name) {
            figures_from.get_or_insert(col);
            continue;
        }
        if figures_from.is_some() {
            return Err(ScoreSheetError::UnknownColumn {
                line: header.line,
                column: col + 1,
                name: shown(name),
                known: TABLE_B_FIGURE_COLUMNS.join(", "),
            });
        }
        let key = member_key(name);
        if let Some((first, _, _)) = member_cols.iter().find(|(_, _, k)| *k == key) {
            return Err(duplicate(*first));
        }
        member_cols.push((col, name.clone(), key));
    }
    if member_cols.is_empty() {
        return Err(ScoreSheetError::NoMembers { line: header.line });
    }
    let mut sheet = ScoreSheet {
        members: member_cols.iter().map(|(_, n, _)| n.clone()).collect(),
        commitments: Vec::new(),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in body {
        check_width(row, header.cells.len())?;
        let code = &row.cells[0];
        if code.is_empty() {
            return Err(ScoreSheetError::EmptyCommitment {
                line: row.line,
                column: 1,
            });
        }
        // The member averages and the overall along the bottom are computed, like the columns.
        if is_figure_row(code) {
            continue;
        }
        if let Some(&first_line) = seen.get(code) {
            return Err(ScoreSheetError::DuplicateCommitment {
                line: row.line,
                first_line,
                commitment: shown(code),
            });
        }
        seen.insert(code.clone(), row.line);
        let text = |col: Option<usize>| col.map(|c| row.cells[c].clone()).filter(|t| !t.is_empty());
        let mut cells = Vec::with_capacity(member_cols.len());
        for (col, name, _) in &member_cols {
            cells.push((name.clone(), verdict(row, *col, name)?));
        }
        sheet.commitments.push(SheetCommitment {
            code: code.clone(),
            title: text(title_col),
            area: text(area_col),
            cells,
        });
    }
    Ok(sheet)
}

fn check_width(row: &Row, expected: usize) -> Result<(), ScoreSheetError> {
    if row.cells.len() == expected {
        Ok(())
    } else {
        Err(ScoreSheetError::Ragged {
            line: row.line,
            expected,
            found: row.cells.len(),
        })
    }
}

fn verdict(row: &Row, col: usize, member: &str) -> Result<Verdict, ScoreSheetError> {
    let value = &row.cells[col];
    value
        .parse::<Verdict>()
        .map_err(|_| ScoreSheetError::UnknownValue {
            line: row.line,
            column: col + 1,
            member: shown(member),
            value: shown(value),
        })
}

/// User text fit for an error message: control characters escaped, at most 60 characters.
pub(crate) fn shown(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if escaped.chars().count() > 60 {
        let cut: String = escaped.chars().take(57).collect();
        format!("{cut}\u{2026}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_and_truncates() {
        assert_eq!(shown("a\u{0}b"), "a\\u{0}b");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 58);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position_of(b"ab\ncd\xff", 5), (2, 3));
        assert_eq!(position_of("é\n\u{FEFF}x".as_bytes(), 6), (2, 2));
    }
}
