//! The XLSX workbook: Table B, Table C, Table D, Evidence, Citations, and a Codebook sheet that
//! explains every column of every other sheet and Table B's member and overall rows. Scores and
//! counts are numbers; `n/a` is text; a cell not yet assessed is left empty.
//!
//! Every sheet is a constant-memory worksheet: its rows go to a temporary file as they are
//! written (strings inline, no shared-string table) and the package is written straight to the
//! output, so a long evidence sheet is never held whole in memory.

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{
    Cell, Column, ExportError, Sheet, citations_sheet, evidence_sheet, table_b, table_c, table_d,
};
use crate::Report;

/// One step of writing a workbook, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxProgress {
    /// Steps done, this one included: one per sheet, then the package.
    pub done: usize,
    pub total: usize,
    /// The sheet just written, or `None` once the package is written.
    pub sheet: Option<&'static str>,
}

/// The sheets before the codebook.
const DATA_SHEETS: usize = 5;

/// The workbook as bytes.
pub fn xlsx_bytes(report: &Report) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    write_xlsx(report, &mut out)?;
    Ok(out)
}

/// Writes the workbook to `out`.
pub fn write_xlsx<W: Write + Send>(report: &Report, out: W) -> Result<(), ExportError> {
    write_xlsx_with_progress(report, out, |_| {})
}

/// As [`write_xlsx`], calling `progress` after each sheet and after the package.
pub fn write_xlsx_with_progress<W: Write + Send>(
    report: &Report,
    mut out: W,
    mut progress: impl FnMut(XlsxProgress),
) -> Result<(), ExportError> {
    let total = DATA_SHEETS + 2;
    let mut done = 0;
    let mut step = |sheet: Option<&'static str>| {
        done += 1;
        progress(XlsxProgress { done, total, sheet });
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let mut codebook: Vec<(&'static str, Column)> = Vec::new();
    for sheet in [
        table_b(report),
        table_c(report),
        table_d(report),
        evidence_sheet(report),
        citations_sheet(report),
    ] {
        let name = sheet.name;
        let columns = sheet.columns.clone();
        write_sheet(book.add_worksheet_with_constant_memory()?, sheet, &bold)?;
        codebook.extend(columns.into_iter().map(|c| (name, c)));
        if name == "Table B" {
            // Table B's rows below the commitments mean something of their own.
            codebook.extend(super::sheets::table_b_rows().into_iter().map(|c| (name, c)));
        }
        step(Some(name));
    }
    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name("Codebook")?;
    for (col, title) in [
        "sheet",
        "column or row",
        "meaning",
        "type",
        "allowed values",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, col_num(col), *title, &bold)?;
    }
    for (i, (sheet, c)) in codebook.iter().enumerate() {
        let row = row_num(i + 1);
        ws.write_string(row, 0, *sheet)?;
        ws.write_string(row, 1, &c.name)?;
        ws.write_string(row, 2, &c.meaning)?;
        ws.write_string(row, 3, c.kind)?;
        ws.write_string(row, 4, &c.allowed)?;
    }
    step(Some("Codebook"));
    book.save_to_writer(&mut out)?;
    out.flush()?;
    step(None);
    Ok(())
}

fn write_sheet(ws: &mut Worksheet, sheet: Sheet<'_>, bold: &Format) -> Result<(), ExportError> {
    ws.set_name(sheet.name)?;
    for (col, c) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, col_num(col), &c.name, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, row) in sheet.rows.enumerate() {
        let r = row_num(i + 1);
        for (col, cell) in row.iter().enumerate() {
            let c = col_num(col);
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                // Scores, counts and fractions are small integers: exact as f64.
                Cell::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(())
}

/// Rows past the sheet's limit are caught by the writer, which reports an error.
fn row_num(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn col_num(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
