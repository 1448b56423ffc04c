//! The report as Markdown (CommonMark with GFM tables and footnotes): the same structure as the
//! HTML, footnotes as `[^4068]` references with their definitions at the end of each chapter.
//! Text is backslash-escaped so nothing in the data becomes markup or raw HTML.

use std::fmt::Write as _;
use std::io::{self, Write};

use pledgewatch_domain::check::url_problem;
use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::{BodyParagraph, Chapter, Citation, SectionKind};

use crate::charts::MarkdownCharts;
use crate::html::{Piece, body_in_date_order, pieces};
use crate::report::Report;
use crate::summary::{
    ASSESSMENT_COLUMNS, LEGEND, RankedLine, Summary, assessment_column, cell_text,
    chapter_average_text, period_text, person_line, summary, team_by_role, verdict_text,
};
use crate::titles::{RESEARCH_TEAM, TableTitles};

/// Writes the report to `w`, chapter by chapter, its charts embedded (one self-contained file).
pub fn write_markdown<W: Write>(report: &Report, w: W) -> io::Result<()> {
    write_markdown_with(report, w, &MarkdownCharts::Embedded)
}

/// As [`write_markdown`], the charts shown as `charts` says (embedded, or files beside).
pub fn write_markdown_with<W: Write>(
    report: &Report,
    mut w: W,
    charts: &MarkdownCharts,
) -> io::Result<()> {
    let sum = summary(report);
    let mut buf = String::with_capacity(32 * 1024);
    front(&mut buf, report, &sum);
    crate::charts::markdown_figures(&mut buf, report, charts);
    w.write_all(buf.as_bytes())?;
    for (i, c) in report.chapters.iter().enumerate() {
        buf.clear();
        chapter(&mut buf, report, i, c);
        w.write_all(buf.as_bytes())?;
    }
    w.flush()
}

/// The whole report as one Markdown document.
pub fn render_markdown(report: &Report) -> String {
    let mut out = Vec::with_capacity(512 * 1024);
    // Writing to a Vec cannot fail.
    let _ = write_markdown(report, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `s` with every character that Markdown could read as markup backslash-escaped; line breaks
/// become spaces so a value cannot start a new block.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Prose with its markers as `[^n]` references, then references for `cited` numbers the text
/// does not carry. References that touch get a comma between them: viewers print each as a
/// bare superscript number, and `[^3055][^3056]` would read as `30553056`.
fn prose(out: &mut String, text: &str, cited: &[u32]) {
    let mut seen = Vec::new();
    let mut after_marker = false;
    let put = |out: &mut String, n: u32, after_marker: &mut bool| {
        if *after_marker {
            out.push(',');
        }
        let _ = write!(out, "[^{n}]");
        *after_marker = true;
    };
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => {
                out.push_str(&escape(t));
                after_marker &= t.is_empty();
            }
            Piece::Marker(n) => {
                seen.push(n);
                put(out, n, &mut after_marker);
            }
        }
    }
    for &n in cited {
        if !seen.contains(&n) {
            seen.push(n);
            put(out, n, &mut after_marker);
        }
    }
}

fn front(out: &mut String, report: &Report, sum: &Summary) {
    let _ = writeln!(out, "# {}\n", escape(&report.title));
    if let Some(by) = &report.prepared_by {
        let _ = writeln!(out, "Prepared by {}\n", escape(by));
    }
    if let Some(d) = report.published_on {
        let _ = writeln!(out, "{}\n", long_date(d));
    }
    let _ = writeln!(out, "Cycle: {}  ", escape(&report.cycle.name));
    if let Some(i) = &report.cycle.institution {
        let _ = writeln!(out, "Institution: {}  ", escape(i));
    }
    if let Some(s) = &report.cycle.summit {
        let _ = writeln!(out, "Summit: {}  ", escape(s));
    }
    if let Some(p) = period_text(report) {
        let _ = writeln!(out, "Compliance period: {}  ", escape(&p));
    }
    out.push('\n');

    let roles = team_by_role(report);
    if !roles.is_empty() {
        let _ = writeln!(out, "## {RESEARCH_TEAM}\n");
        for role in roles {
            let _ = writeln!(out, "### {}\n", role.heading);
            for p in &role.people {
                let _ = writeln!(out, "- {}", escape(&person_line(p)));
            }
            out.push('\n');
        }
    }

    out.push_str("## Summary\n\n");
    match &sum.overall {
        Some(f) => {
            let _ = writeln!(
                out,
                "The final compliance score is **{}**, the average of all {} scored assessments.\n",
                f.line, sum.scored_cells
            );
        }
        None => out.push_str("No assessment has been scored yet.\n\n"),
    }
    out.push_str("### Compliance by member\n\n");
    list(out, &sum.by_member);
    out.push_str("### Compliance by commitment\n\n");
    list(out, &sum.by_commitment);
    out.push_str("### The gap between members\n\n");
    match &sum.gap {
        Some(g) => {
            let _ = writeln!(
                out,
                "The gap between the highest average ({}: {}) and the lowest ({}: {}) is **{}** in average units, or **{} percentage points**.\n",
                escape(&g.highest_members.join(", ")),
                g.highest.line,
                escape(&g.lowest_members.join(", ")),
                g.lowest.line,
                g.difference_text,
                g.points
            );
        }
        None => out.push_str("No member has a scored assessment, so there is no gap.\n\n"),
    }

    let titles = TableTitles::of(&report.cycle.name);
    let _ = writeln!(
        out,
        "## {}\n\n| No. | Policy area | Commitment |\n|---:|---|---|",
        escape(&titles.a)
    );
    for r in &sum.table_a {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape(&r.number),
            escape(&r.area),
            escape(&r.title)
        );
    }

    let m = &report.matrix;
    let _ = write!(out, "\n## {}\n\n| No. | Commitment |", escape(&titles.b));
    for mem in &m.members {
        let _ = write!(out, " {} |", escape(&mem.code));
    }
    out.push_str(" Average |\n|---:|---|");
    for _ in &m.members {
        out.push_str(":---:|");
    }
    out.push_str("---:|\n");
    for r in &sum.table_b {
        let _ = write!(out, "| {} | {} |", escape(&r.number), escape(&r.title));
        for v in &r.cells {
            let _ = write!(out, " {} |", escape(cell_text(*v)));
        }
        let _ = writeln!(out, " {} |", escape(&r.average_text));
    }
    out.push_str("| | **Member average** |");
    for text in &sum.member_average_texts {
        let _ = write!(out, " {} |", escape(text));
    }
    let _ = writeln!(out, " **{}** |", escape(&sum.overall_text));
    let _ = writeln!(
        out,
        "\n{} The corner is the average of all scored cells.\n",
        escape(LEGEND)
    );

    ranked_table(out, &escape(&titles.c), "Member", &sum.by_member);
    ranked_table(out, &escape(&titles.d), "Commitment", &sum.by_commitment);
}

fn list(out: &mut String, lines: &[RankedLine]) {
    for r in lines {
        let _ = writeln!(out, "- {}: {}", escape(&r.label), escape(&r.average_text));
    }
    out.push('\n');
}

fn ranked_table(out: &mut String, heading: &str, subject: &str, lines: &[RankedLine]) {
    let _ = writeln!(
        out,
        "## {heading}\n\n| Rank | {subject} | Average | Scored |\n|---:|---|---:|---:|"
    );
    for r in lines {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&r.rank_text),
            escape(&r.label),
            escape(&r.average_text),
            r.scored
        );
    }
    out.push('\n');
}

fn chapter(out: &mut String, report: &Report, index: usize, c: &Chapter) {
    let _ = writeln!(
        out,
        "## {}. {}: {}\n",
        escape(&c.commitment.code),
        escape(&c.commitment.area),
        escape(&c.commitment.title)
    );
    if crate::report::is_scores_only(c) {
        let _ = writeln!(out, "*{}*", escape(crate::report::SCORES_ONLY_NOTE));
    } else {
        out.push_str("> \u{201c}");
        prose(out, &c.commitment.text, &[]);
        out.push_str("\u{201d}\n");
        if !c.commitment.source.trim().is_empty() {
            let _ = writeln!(out, ">\n> {}", escape(&c.commitment.source));
        }
    }
    out.push_str("\n### Assessment\n\n| Member |");
    for h in ASSESSMENT_COLUMNS {
        let _ = write!(out, " {h} |");
    }
    out.push_str("\n|---|:---:|:---:|:---:|\n");
    for name in c.member_names() {
        let v = c.verdict_of(&name);
        let _ = write!(out, "| {} |", escape(&name));
        for k in 0..3 {
            match assessment_column(v) {
                Some(col) if col == k => {
                    let _ = write!(out, " {} |", verdict_text(v));
                }
                // n/a and not yet assessed are said in the first column: GFM has no colspan.
                None if k == 0 => {
                    let _ = write!(out, " {} |", verdict_text(v));
                }
                _ => out.push_str(" |"),
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "\nAverage {}\n",
        escape(&chapter_average_text(report, index))
    );

    for kind in SectionKind::ALL {
        if let Some(s) = c.section(kind) {
            let _ = writeln!(out, "### {}\n", kind.heading());
            for para in s
                .text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let lines: Vec<&str> = para
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                for (k, line) in lines.iter().enumerate() {
                    prose(out, line, &[]);
                    // Two spaces: a hard line break, so tables written as lines keep their rows.
                    out.push_str(if k + 1 < lines.len() { "  \n" } else { "\n" });
                }
                out.push('\n');
            }
        }
    }
    if let Some(d) = &c.director {
        let _ = writeln!(out, "Compliance Director: {}  ", escape(d));
    }
    if let Some(l) = &c.lead_analyst {
        let _ = writeln!(out, "Lead Analyst: {}", escape(l));
    }
    out.push('\n');

    for m in &c.members {
        let verdict = c.verdict_of(&m.member);
        let _ = writeln!(
            out,
            "### {}: {}\n",
            escape(&m.member),
            verdict_text(verdict)
        );
        let para = |out: &mut String, text: &str, cited: &[u32]| {
            if !text.trim().is_empty() || !cited.is_empty() {
                prose(out, text.trim(), cited);
                out.push_str("\n\n");
            }
        };
        para(out, &m.opening, &[]);
        for p in body_in_date_order(&m.body) {
            match p {
                BodyParagraph::Evidence(e) => para(out, &e.text, &e.citations),
                BodyParagraph::Narrative { text, citations } => para(out, text, citations),
            }
        }
        para(out, &m.conclusion, &[]);
        if let Some(s) = verdict.score() {
            let _ = writeln!(
                out,
                "Thus, {} receives a score of {}.\n",
                escape(&m.member),
                s.published()
            );
        }
        if let Some(a) = &m.analyst {
            let _ = writeln!(out, "Analyst: {}\n", escape(a));
        }
    }

    let mut cites: Vec<&Citation> = c.citations.iter().collect();
    cites.sort_by_key(|c| c.number);
    for cite in cites {
        footnote(out, cite);
    }
    out.push('\n');
}

/// `[^n]: text`, a sound address as an autolink (never escaped, it has no markup characters
/// that matter inside `<…>`), anything else as escaped text.
fn footnote(out: &mut String, c: &Citation) {
    let text = if c.raw.trim().is_empty() {
        c.title.as_str()
    } else {
        c.raw.as_str()
    };
    let _ = write!(out, "[^{}]: ", c.number);
    match c.url.as_deref().filter(|u| url_problem(u).is_none()) {
        Some(url) if text.contains(url) => {
            let (before, after) = text.split_once(url).unwrap_or((text, ""));
            let before = before.strip_suffix('<').unwrap_or(before);
            let after = after.strip_prefix('>').unwrap_or(after);
            let _ = write!(out, "{}<{url}>{}", escape(before), escape(after));
        }
        Some(url) => {
            let _ = write!(out, "{} <{url}>", escape(text));
        }
        None => out.push_str(&escape(text)),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(
            escape("<script>a*b</script>"),
            "\\<script\\>a\\*b\\</script\\>"
        );
        assert_eq!(escape("a\nb|c"), "a b\\|c");
        let mut out = String::new();
        prose(
            &mut out,
            "Met.\u{2074}\u{2070}\u{2076}\u{2078}",
            &[4068, 4069],
        );
        assert_eq!(out, "Met.[^4068],[^4069]");
        let mut apart = String::new();
        prose(&mut apart, "Met.\u{2074} Then.", &[5]);
        assert_eq!(apart, "Met.[^4] Then.[^5]");
    }
}
