//! The progress report as PDF, typeset by typst as the compliance report is (`crate::pdf`):
//! structure is typst code, every piece of plan or user text a typst string literal ([`lit`]),
//! compiled in the compliance report's closed world ([`crate::pdf::compile`]).

use std::fmt::Write as _;

use pledgewatch_domain::plan::ImplementationStatus;

use super::{PlanProgress, status_text};
use crate::pdf::{PdfError, lit};

const PREAMBLE: &str = r#"#set page(paper: "a4", margin: (x: 2.2cm, y: 2.2cm), footer: context {
  set align(center)
  set text(size: 9pt)
  counter(page).display("1")
})
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "en")
#set par(justify: false, leading: 0.6em)
#set table(stroke: 0.5pt + luma(120), inset: (x: 5pt, y: 4pt))
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading: set block(above: 1.4em, below: 0.7em)
"#;

/// Renders the progress report as a PDF document.
pub fn render_progress_pdf(p: &PlanProgress<'_>) -> Result<Vec<u8>, PdfError> {
    // No charts and no date: the report's dates are in its text.
    crate::pdf::compile(generate(p), Vec::new(), None)
}

/// The fill of a status cell; the cell always carries the status in words too.
fn fill(s: Option<ImplementationStatus>) -> &'static str {
    match s {
        Some(ImplementationStatus::NotStarted) => "#f7d1cf",
        Some(ImplementationStatus::InProgress) => "#fbeec2",
        Some(ImplementationStatus::SubstantiallyImplemented) => "#dcefc4",
        Some(ImplementationStatus::Complete) => "#cfe9d4",
        Some(ImplementationStatus::NotApplicable) => "#e6e8ec",
        Some(ImplementationStatus::NoInformation) | None => "#ffffff",
    }
}

fn status_cell(s: Option<ImplementationStatus>) -> String {
    format!(
        "table.cell(fill: rgb({}), {})",
        lit(fill(s)),
        lit(status_text(s))
    )
}

fn generate(p: &PlanProgress<'_>) -> String {
    let r = p.report;
    let mut out = String::from(PREAMBLE);
    let title = format!("Progress report: {}", p.plan.title);
    let _ = writeln!(out, "#set document(title: {})", lit(&title));
    let _ = writeln!(out, "#text(fill: luma(90), {})\n", lit(&p.plan.institution));
    let _ = writeln!(out, "#heading(level: 1, {})", lit(&title));
    let _ = writeln!(
        out,
        "#{}\n",
        lit(&format!(
            "Reporting period {}. {}",
            p.period_line(),
            p.baseline_line()
        ))
    );

    let _ = writeln!(
        out,
        "#heading(level: 2, {})",
        lit(&format!("Changes ({})", r.changes.len()))
    );
    if r.changes.is_empty() {
        let _ = writeln!(out, "#{}\n", lit("No status changed."));
    } else {
        out.push_str(
            "#table(columns: (auto, 1fr, auto, auto), \
             table.header([Member], [Measure], [Before], [Now]),\n",
        );
        for c in &r.changes {
            let measure = format!("{} {}", c.measure, p.measure_text(&c.measure));
            let _ = writeln!(
                out,
                "  {}, {}, {}, {},",
                lit(&c.member),
                lit(measure.trim()),
                status_cell(c.from),
                status_cell(Some(c.to))
            );
        }
        out.push_str(")\n\n");
    }

    let _ = writeln!(out, "#heading(level: 2, {})", lit("Coverage by evidence"));
    let _ = writeln!(
        out,
        "#{}\n",
        lit(
            "The share of each member's measures whose status links at least one evidence item \
             (measures marked not applicable are not counted)."
        )
    );
    out.push_str(
        "#table(columns: (1fr, auto, auto), align: (left, right, right), \
         table.header([Member], [Measures with evidence], [Share]),\n",
    );
    for c in &r.coverage {
        let pct = c.percent().map_or("–".to_string(), |n| format!("{n}%"));
        let _ = writeln!(
            out,
            "  {}, {}, {},",
            lit(&c.member),
            lit(&format!("{} of {}", c.with_evidence, c.in_scope)),
            lit(&pct)
        );
    }
    out.push_str(")\n\n");

    let _ = writeln!(
        out,
        "#heading(level: 2, {})",
        lit(&format!(
            "Measures no one has acted on ({})",
            r.untouched.len()
        ))
    );
    if r.untouched.is_empty() {
        let _ = writeln!(
            out,
            "#{}\n",
            lit("Every measure has been acted on by at least one member.")
        );
    } else {
        for code in &r.untouched {
            let _ = writeln!(
                out,
                "#list({})",
                lit(&format!("{code} {}", p.measure_text(code)))
            );
        }
        out.push('\n');
    }
    if !r.out_of_scope.is_empty() {
        let _ = writeln!(out, "#heading(level: 2, {})", lit("Records left out"));
        for o in &r.out_of_scope {
            let _ = writeln!(
                out,
                "#list({})",
                lit(&format!("{} on {}: {}", o.member, o.measure, o.reason))
            );
        }
    }
    out
}
