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
