//! The progress report of an action plan's reporting period as a standalone HTML file, as CSV
//! and (feature `pdf`) as PDF. Every renderer reads the one [`PlanProgress`]: the domain's
//! [`progress`](pledgewatch_domain::plan::progress) of the period against the one before it, so
//! all formats list the same changes, coverage and untouched measures in the same order.

mod csv;
mod html;
#[cfg(feature = "pdf")]
mod pdf;

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::plan::{ImplementationStatus, Plan, ProgressReport, ReportingPeriod};

pub use csv::{CSV_COLUMNS, write_progress_csv};
pub use html::write_progress_html;
#[cfg(feature = "pdf")]
pub use pdf::render_progress_pdf;

/// What a progress report renderer needs: the plan, the period reported on, the period before it
/// (`None` for the plan's first) and the domain's report comparing the two.
#[derive(Debug, Clone, Copy)]
pub struct PlanProgress<'a> {
    pub plan: &'a Plan,
    pub period: &'a ReportingPeriod,
    pub previous: Option<&'a ReportingPeriod>,
    pub report: &'a ProgressReport,
}

impl PlanProgress<'_> {
    /// "2030-H2 (1 July 2030 to 31 December 2030)".
    pub fn period_line(&self) -> String {
        period_text(self.period)
    }

    /// What the changes are measured against, in words.
    pub fn baseline_line(&self) -> String {
        match self.previous {
            Some(p) => format!("Changes since {}.", period_text(p)),
            None => "This is the plan's first reporting period: every status recorded is new."
                .to_string(),
        }
    }

    /// The measure's wording, or "" for a code the plan does not hold.
    pub fn measure_text(&self, code: &str) -> &str {
        self.plan.measure(code).map_or("", |m| m.text.as_str())
    }
}

fn period_text(p: &ReportingPeriod) -> String {
    format!(
        "{} ({} to {})",
        p.label,
        long_date(p.start),
        long_date(p.end)
    )
}

/// A status as printed in the reports; a missing previous status is "no record".
pub fn status_text(s: Option<ImplementationStatus>) -> &'static str {
    s.map_or("No record", ImplementationStatus::label)
}
