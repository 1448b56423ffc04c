//! The progress report as one CSV file. Shape (documented in the README): one header row, then
//! one row per change (`kind` = `change`: member, measure, from, to; `from` empty when the
//! previous period had no record), one row per member in scope (`coverage`: with_evidence,
//! in_scope, percent; percent empty when nothing is in scope) and one row per measure nobody
//! has acted on (`untouched`: measure). Statuses are the stable keys (`in-progress`).

use std::io::Write;

use pledgewatch_domain::plan::ImplementationStatus;

use super::PlanProgress;

pub const CSV_COLUMNS: [&str; 9] = [
    "kind",
    "member",
    "measure",
    "from",
    "to",
    "with_evidence",
    "in_scope",
    "percent",
    "period",
];

/// Writes the progress report as CSV to `out`.
pub fn write_progress_csv<W: Write>(p: &PlanProgress<'_>, out: W) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    let period = p.period.label.as_str();
    w.write_record(CSV_COLUMNS)?;
    for c in &p.report.changes {
        let from = c.from.map_or("", ImplementationStatus::as_str);
        w.write_record([
            "change",
            &c.member,
            &c.measure,
            from,
            c.to.as_str(),
            "",
            "",
            "",
            period,
        ])?;
    }
    for c in &p.report.coverage {
        let percent = c.percent().map(|n| n.to_string()).unwrap_or_default();
        w.write_record([
            "coverage",
            &c.member,
            "",
            "",
            "",
            &c.with_evidence.to_string(),
            &c.in_scope.to_string(),
            &percent,
            period,
        ])?;
    }
    for m in &p.report.untouched {
        w.write_record(["untouched", "", m, "", "", "", "", "", period])?;
    }
    w.flush()?;
    Ok(())
}
