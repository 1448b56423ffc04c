//! The progress report as one self-contained HTML file (its style inline, no script, nothing
//! fetched), escaped by hand with the renderers' one escaper.

use std::io::{self, Write};

use pledgewatch_domain::plan::ImplementationStatus;

use super::{PlanProgress, status_text};
use crate::html::escape::escape;

const STYLE: &str = "body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;\
padding:0 1rem;color:#1b1d21}table{border-collapse:collapse;width:100%;margin:1rem 0}\
th,td{border:1px solid #d5d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}\
thead th{background:#f4f6f9}td.num{text-align:right}.st{font-weight:600;white-space:nowrap}\
.st-not-started{background:#f7d1cf}.st-in-progress{background:#fbeec2}\
.st-substantially-implemented{background:#dcefc4}.st-complete{background:#cfe9d4}\
.st-not-applicable{background:#e6e8ec;font-style:italic}.st-no-information{background:#fff}\
.st-none{color:#555b66}.meta{color:#555b66}";

fn class(s: Option<ImplementationStatus>) -> &'static str {
    s.map_or("none", ImplementationStatus::as_str)
}

/// Writes the progress report as a standalone HTML page to `out`.
pub fn write_progress_html<W: Write>(p: &PlanProgress<'_>, mut out: W) -> io::Result<()> {
    let title = format!("Progress report: {} — {}", p.plan.title, p.period.label);
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    )?;
    writeln!(out, "<p class=\"meta\">{}</p>", escape(&p.plan.institution))?;
    writeln!(out, "<h1>{}</h1>", escape(&p.plan.title))?;
    writeln!(
        out,
        "<p>Progress report for {}. {}</p>",
        escape(&p.period_line()),
        escape(&p.baseline_line())
    )?;

    let r = p.report;
    writeln!(out, "<h2>Changes ({})</h2>", r.changes.len())?;
    if r.changes.is_empty() {
        writeln!(out, "<p>No status changed.</p>")?;
    } else {
        writeln!(
            out,
            "<table>\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Measure</th>\
             <th scope=\"col\">Before</th><th scope=\"col\">Now</th></tr></thead>\n<tbody>"
        )?;
        for c in &r.changes {
            writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td><b>{}</b> {}</td>\
                 <td class=\"st st-{}\">{}</td><td class=\"st st-{}\">{}</td></tr>",
                escape(&c.member),
                escape(&c.measure),
                escape(p.measure_text(&c.measure)),
                class(c.from),
                status_text(c.from),
                class(Some(c.to)),
                status_text(Some(c.to)),
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }

    writeln!(out, "<h2>Coverage by evidence</h2>")?;
    writeln!(
        out,
        "<p>The share of each member's measures whose status links at least one evidence item \
         (measures marked not applicable are not counted).</p>"
    )?;
    writeln!(
        out,
        "<table>\n<thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Measures with \
         evidence</th><th scope=\"col\">Share</th></tr></thead>\n<tbody>"
    )?;
    for c in &r.coverage {
        let pct = c.percent().map_or("–".to_string(), |n| format!("{n}%"));
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{} of {}</td><td class=\"num\">{}</td></tr>",
            escape(&c.member),
            c.with_evidence,
            c.in_scope,
            pct
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;

    writeln!(
        out,
        "<h2>Measures no one has acted on ({})</h2>",
        r.untouched.len()
    )?;
    if r.untouched.is_empty() {
        writeln!(
            out,
            "<p>Every measure has been acted on by at least one member.</p>"
        )?;
    } else {
        writeln!(out, "<ul>")?;
        for code in &r.untouched {
            writeln!(
                out,
                "<li><b>{}</b> {}</li>",
                escape(code),
                escape(p.measure_text(code))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    if !r.out_of_scope.is_empty() {
        writeln!(out, "<h2>Records left out</h2>\n<ul>")?;
        for o in &r.out_of_scope {
            writeln!(
                out,
                "<li>{} on {}: {}</li>",
                escape(&o.member),
                escape(&o.measure),
                escape(o.reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body>\n</html>")?;
    out.flush()
}
