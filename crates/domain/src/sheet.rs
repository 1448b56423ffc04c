//! A score sheet as plain data: a cycle's cells as a spreadsheet gives them (Table B, or one
//! row per cell). The importer reads CSV into it and the store writes it; neither defines its own
//! copy.

use crate::score::Verdict;

/// What a score sheet says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScoreSheet {
    /// Members in order of first appearance, each written as it first appeared.
    pub members: Vec<String>,
    /// Commitments in order of first appearance.
    pub commitments: Vec<SheetCommitment>,
}

/// One commitment of a score sheet with the cells the sheet gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCommitment {
    pub code: String,
    pub title: Option<String>,
    pub area: Option<String>,
    /// `(member, verdict)`, the member named as in [`ScoreSheet::members`]. A wide sheet gives
    /// every member (an empty cell is [`Verdict::NotAssessed`]); a long sheet gives the rows it
    /// has.
    pub cells: Vec<(String, Verdict)>,
}

/// The columns a wide score sheet (Table B) may carry after its member columns: figures computed
/// from the scores, as the Table B exports and `scores --format csv` write them. The CSV and XLSX
/// exports write them and the score-sheet importer skips them, so an exported Table B imports as
/// it is; both read this one list.
pub const TABLE_B_FIGURE_COLUMNS: [&str; 7] = [
    "scored",
    "average",
    "percent",
    "published",
    "numerator",
    "denominator",
    "rank",
];

/// The rows a Table B export adds below the commitments, named in its first column: each
/// member's figures along the bottom (as DOMAIN puts member averages), then the overall. The
/// importer skips them like [`TABLE_B_FIGURE_COLUMNS`].
pub const TABLE_B_FIGURE_ROWS: [&str; 6] = [
    MEMBER_SCORED_ROW,
    MEMBER_AVERAGE_ROW,
    MEMBER_PERCENT_ROW,
    MEMBER_NUMERATOR_ROW,
    MEMBER_DENOMINATOR_ROW,
    OVERALL_ROW,
];

/// How many cells of each member's column are scored.
pub const MEMBER_SCORED_ROW: &str = "member scored";
/// Each member's average as published (`+0.50`).
pub const MEMBER_AVERAGE_ROW: &str = "member average";
/// Each member's percentage under the cycle's convention.
pub const MEMBER_PERCENT_ROW: &str = "member percent";
/// The exact member average is numerator/denominator (reduced).
pub const MEMBER_NUMERATOR_ROW: &str = "member numerator";
pub const MEMBER_DENOMINATOR_ROW: &str = "member denominator";
/// Every scored cell of the cycle, in the figure columns.
pub const OVERALL_ROW: &str = "overall";

/// True when `name` is one of [`TABLE_B_FIGURE_COLUMNS`] (any case).
pub fn is_figure_column(name: &str) -> bool {
    let name = name.trim();
    TABLE_B_FIGURE_COLUMNS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(name))
}

/// True when `first_cell` names one of [`TABLE_B_FIGURE_ROWS`] (any case).
pub fn is_figure_row(first_cell: &str) -> bool {
    let cell = first_cell.trim();
    TABLE_B_FIGURE_ROWS
        .iter()
        .any(|r| r.eq_ignore_ascii_case(cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_columns_and_rows_are_recognised_in_any_case() {
        assert!(is_figure_column(" Average "));
        assert!(is_figure_column("DENOMINATOR"));
        assert!(!is_figure_column("Canada"));
        assert!(is_figure_row("Member Average"));
        assert!(is_figure_row("overall"));
        assert!(!is_figure_row("18"));
    }
}
