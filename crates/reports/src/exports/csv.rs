//! CSV of any [`Sheet`], streamed row by row to a writer.

use std::io::Write;

use super::{ExportError, Sheet, evidence_sheet, table_b, table_c, table_d};
use crate::Report;

/// Writes `sheet` as CSV (a header row, then one record per row) to `out`.
pub fn write_csv<W: Write>(sheet: Sheet<'_>, out: W) -> Result<(), ExportError> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(sheet.columns.iter().map(|c| c.name.as_str()))?;
    for row in sheet.rows {
        w.write_record(row.iter().map(|c| c.as_text()))?;
    }
    w.flush()?;
    Ok(())
}

/// Table B (the matrix) as CSV.
pub fn write_table_b_csv<W: Write>(report: &Report, out: W) -> Result<(), ExportError> {
    write_csv(table_b(report), out)
}

/// Table C (members ranked) as CSV.
pub fn write_table_c_csv<W: Write>(report: &Report, out: W) -> Result<(), ExportError> {
    write_csv(table_c(report), out)
}

/// Table D (commitments ranked) as CSV.
pub fn write_table_d_csv<W: Write>(report: &Report, out: W) -> Result<(), ExportError> {
    write_csv(table_d(report), out)
}

/// The evidence, one row per evidence item, as CSV.
pub fn write_evidence_csv<W: Write>(report: &Report, out: W) -> Result<(), ExportError> {
    write_csv(evidence_sheet(report), out)
}
