//! One chapter (one commitment) as HTML, in the published order: heading, quoted commitment,
//! Assessment table, the five sections, director and lead analyst, member sections, footnotes.

use std::fmt::Write as _;

use pledgewatch_domain::{BodyParagraph, Chapter, SectionKind, slug};

use super::escape::escape_into;
use super::prose::{body_in_date_order, defined, footnote, prose, section_text};
use crate::report::{Report, SCORES_ONLY_NOTE, is_scores_only};
use crate::summary::{ASSESSMENT_COLUMNS, assessment_column, chapter_average_text, verdict_text};

/// Writes chapter `index` of `report`.
pub(crate) fn chapter(out: &mut String, report: &Report, index: usize, c: &Chapter) {
    let id = format!("ch-{}", slug(&c.commitment.code));
    let defined = defined(c);
    let _ = write!(
        out,
        "<article class=\"chapter\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">"
    );
    escape_into(
        out,
        &format!(
            "{}. {}: {}",
            c.commitment.code, c.commitment.area, c.commitment.title
        ),
    );
    out.push_str("</h2>\n");
    if is_scores_only(c) {
        let _ = writeln!(out, "<p class=\"note\">{SCORES_ONLY_NOTE}</p>");
    } else {
        out.push_str("<blockquote class=\"commitment\">\n<p>\u{201c}");
        prose(out, &c.commitment.text, &[], &defined);
        out.push_str("\u{201d}</p>\n");
        if !c.commitment.source.trim().is_empty() {
            out.push_str("<footer>");
            escape_into(out, &c.commitment.source);
            out.push_str("</footer>\n");
        }
        out.push_str("</blockquote>\n");
    }

    assessment(out, report, index, c, &id);

    for kind in SectionKind::ALL {
        if let Some(s) = c.section(kind) {
            let _ = writeln!(out, "<h3>{}</h3>", kind.heading());
            section_text(out, &s.text, &defined);
        }
    }
    if c.director.is_some() || c.lead_analyst.is_some() {
        out.push_str("<p class=\"signed\">");
        if let Some(d) = &c.director {
            out.push_str("Compliance Director: ");
            escape_into(out, d);
            if c.lead_analyst.is_some() {
                out.push_str("<br>\n");
            }
        }
        if let Some(l) = &c.lead_analyst {
            out.push_str("Lead Analyst: ");
            escape_into(out, l);
        }
        out.push_str("</p>\n");
    }

    for m in &c.members {
        let verdict = c.verdict_of(&m.member);
        out.push_str("<section class=\"member\">\n<h3>");
        escape_into(out, &format!("{}: {}", m.member, verdict_text(verdict)));
        out.push_str("</h3>\n");
        if !m.opening.trim().is_empty() {
            out.push_str("<p>");
            prose(out, &m.opening, &[], &defined);
            out.push_str("</p>\n");
        }
        for p in body_in_date_order(&m.body) {
            match p {
                BodyParagraph::Evidence(e) => {
                    let _ = write!(out, "<p class=\"evidence\" data-date=\"{}\"", e.date.date);
                    if e.date.inferred {
                        out.push_str(" title=\"year inferred from the compliance period\"");
                    }
                    out.push('>');
                    prose(out, &e.text, &e.citations, &defined);
                    out.push_str("</p>\n");
                }
                BodyParagraph::Narrative { text, citations } => {
                    out.push_str("<p>");
                    prose(out, text, citations, &defined);
                    out.push_str("</p>\n");
                }
            }
        }
        if !m.conclusion.trim().is_empty() {
            out.push_str("<p>");
            prose(out, &m.conclusion, &[], &defined);
            out.push_str("</p>\n");
        }
        if let Some(s) = verdict.score() {
            out.push_str("<p class=\"thus\">");
            escape_into(
                out,
                &format!("Thus, {} receives a score of {}.", m.member, s.published()),
            );
            out.push_str("</p>\n");
        }
        if let Some(a) = &m.analyst {
            out.push_str("<p class=\"analyst\">Analyst: ");
            escape_into(out, a);
            out.push_str("</p>\n");
        }
        out.push_str("</section>\n");
    }

    if !c.citations.is_empty() {
        let _ = write!(
            out,
            "<section class=\"footnotes\" aria-labelledby=\"{id}-fn\">\n<h3 id=\"{id}-fn\">Notes</h3>\n<ol class=\"footnotes\">\n"
        );
        let mut cites: Vec<_> = c.citations.iter().collect();
        cites.sort_by_key(|c| c.number);
        for cite in cites {
            footnote(out, cite);
        }
        out.push_str("</ol>\n</section>\n");
    }
    out.push_str("</article>\n");
}

/// The Assessment table: one row per member, its score in the No / Partial / Full Compliance
/// column, then the chapter's average.
fn assessment(out: &mut String, report: &Report, index: usize, c: &Chapter, id: &str) {
    let _ = write!(
        out,
        "<h3 id=\"{id}-assessment\">Assessment</h3>\n<table class=\"assessment\">\n<caption>"
    );
    escape_into(
        out,
        &format!("Assessment of commitment {}", c.commitment.code),
    );
    out.push_str("</caption>\n<thead><tr><th scope=\"col\">Member</th>");
    for h in ASSESSMENT_COLUMNS {
        let _ = write!(out, "<th scope=\"col\">{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for name in c.member_names() {
        let v = c.verdict_of(&name);
        out.push_str("<tr><th scope=\"row\">");
        escape_into(out, &name);
        out.push_str("</th>");
        match assessment_column(v) {
            Some(col) => {
                for k in 0..3 {
                    if k == col {
                        let _ = write!(out, "<td class=\"cell\">{}</td>", verdict_text(v));
                    } else {
                        out.push_str("<td></td>");
                    }
                }
            }
            None => {
                let _ = write!(
                    out,
                    "<td colspan=\"3\" class=\"cell\">{}</td>",
                    verdict_text(v)
                );
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str(
        "</tbody>\n<tfoot><tr><th scope=\"row\">Average</th><td colspan=\"3\" class=\"cell\">",
    );
    escape_into(out, &chapter_average_text(report, index));
    out.push_str("</td></tr></tfoot>\n</table>\n");
}
