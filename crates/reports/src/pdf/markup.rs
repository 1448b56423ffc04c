//! The report as a typst document. Structure is typst code calling the helpers in
//! `template.typ`; every piece of report text is a typst string literal ([`lit`]), so a `#`, `*`,
//! `<script>` or `$` in a title or an analyst's paragraph prints as written.

use std::fmt::Write as _;

use pledgewatch_domain::citing::markers_in;
use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, MemberSection, SectionKind, Verdict, person_key,
};

use crate::report::Report;
use crate::summary::{
    self, Summary, assessment_column, cell_text, line_or_dash, period_text, verdict_text,
};

const TEMPLATE: &str = include_str!("template.typ");
/// The charts, as virtual files the document reads with `image`.
const HEATMAP: &str = "/charts/heatmap.svg";
const BARS: &str = "/charts/ranking-bars.svg";
const CYCLES: &str = "/charts/across-cycles.svg";

/// The main file and the virtual files it reads (path, bytes).
pub(super) struct Generated {
    pub text: String,
    pub files: Vec<(String, Vec<u8>)>,
}

pub(super) fn generate(report: &Report) -> Generated {
    let summary = summary::summary(report);
    // A rough size: the notes and the paragraphs dominate.
    let mut out = String::with_capacity(TEMPLATE.len() + 4096 + report.chapters.len() * 64 * 1024);
    out.push_str(TEMPLATE);
    out.push('\n');
    let _ = writeln!(
        out,
        "#set document(title: {}{})",
        lit(&report.title),
        report
            .prepared_by
            .as_deref()
            .map(|p| format!(", author: {}", lit(p)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "#show: report-page-setup.with({})\n",
        lit(&report.title)
    );
    title_page(&mut out, report);
    out.push_str("#pagebreak()\n#outline(title: \"Contents\", depth: 1)\n\n");
    research_team(&mut out, report);
    summary_part(&mut out, report, &summary);
    tables(&mut out, report, &summary);
    for (i, chapter) in report.chapters.iter().enumerate() {
        chapter_part(&mut out, report, i, chapter);
    }
    let mut files = vec![
        (
            HEATMAP.to_string(),
            crate::charts::heatmap(&report.matrix).into_bytes(),
        ),
        (
            BARS.to_string(),
            crate::charts::ranking_bars(&report.matrix).into_bytes(),
        ),
    ];
    if let Some(svg) = crate::charts::report_across_cycles(report) {
        files.push((CYCLES.to_string(), svg.into_bytes()));
    }
    Generated { text: out, files }
}

/// `text` as a typst string literal: only `\` and `"` are special inside one, plus line ends.
pub(crate) fn lit(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{{{:x}}}", u32::from(c));
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn opt_lit(text: Option<&str>) -> String {
    match text {
        Some(t) if !t.trim().is_empty() => lit(t),
        _ => "none".to_string(),
    }
}

fn title_page(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "#title-page({}, {}, {}, {})\n",
        lit(&report.title),
        opt_lit(period_text(report).as_deref()),
        opt_lit(report.prepared_by.as_deref()),
        opt_lit(report.published_on.map(long_date).as_deref()),
    );
}

fn research_team(out: &mut String, report: &Report) {
    out.push_str("#part(\"Research Team\")\n");
    // Each role lists a person once, under the spelling the report uses most.
    let canonical = |name: &str| -> String {
        let key = person_key(name);
        report
            .team
            .iter()
            .find(|p| p.key() == key)
            .map_or_else(|| name.trim().to_string(), |p| p.name.clone())
    };
    let collect = |names: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        let mut list: Vec<String> = Vec::new();
        for n in names {
            if n.trim().is_empty() {
                continue;
            }
            let c = canonical(n);
            if !list.contains(&c) {
                list.push(c);
            }
        }
        list
    };
    let chapters = &report.chapters;
    let roles = [
        (
            "Compliance Directors",
            collect(&mut chapters.iter().filter_map(|c| c.director.as_deref())),
        ),
        (
            "Lead Analysts",
            collect(&mut chapters.iter().filter_map(|c| c.lead_analyst.as_deref())),
        ),
        (
            "Compliance Analysts",
            collect(
                &mut chapters
                    .iter()
                    .flat_map(|c| c.members.iter().filter_map(|m| m.analyst.as_deref())),
            ),
        ),
    ];
    for (role, names) in roles {
        let _ = writeln!(out, "#people-list({}, {})", lit(role), array(&names));
    }
    out.push('\n');
}

/// A typst array of string literals; a one-element array needs its trailing comma.
fn array(items: &[String]) -> String {
    let mut s = String::from("(");
    for i in items {
        s.push_str(&lit(i));
        s.push(',');
    }
    s.push(')');
    s
}

fn summary_part(out: &mut String, report: &Report, summary: &Summary) {
    out.push_str("#part(\"Summary\")\n");
    let members = report.matrix.members.len();
    let commitments = report.chapters.len();
    heading(out, 2, "The Final Compliance Score");
    let text = match &summary.overall {
        Some(f) => format!(
            "This report assesses {commitments} {} for {members} {}, over {} scored {}. \
             The final compliance score, the average of every scored assessment, is {}.",
            plural(commitments, "commitment", "commitments"),
            plural(members, "member", "members"),
            summary.scored_cells,
            plural(summary.scored_cells, "assessment", "assessments"),
            f.line
        ),
        None => format!(
            "This report covers {commitments} {}; no assessment has been scored yet.",
            plural(commitments, "commitment", "commitments")
        ),
    };
    para(out, &text);
    heading(out, 2, "Compliance by Member");
    if let (Some(best), Some(worst)) = (
        summary.by_member.iter().find(|l| l.figure.is_some()),
        summary.by_member.iter().rev().find(|l| l.figure.is_some()),
    ) {
        // Members sharing a rank are named together.
        let sharing = |rank: Option<usize>| -> Vec<String> {
            summary
                .by_member
                .iter()
                .filter(|l| l.rank == rank)
                .map(|l| l.label.clone())
                .collect()
        };
        let (top, bottom) = (sharing(best.rank), sharing(worst.rank));
        if best.rank == worst.rank {
            para(
                out,
                &format!(
                    "Every scored member averages {}. Table C lists every member.",
                    line_or_dash(&best.figure)
                ),
            );
        } else {
            para(
                out,
                &format!(
                    "{} {} first with {}; {} {} last with {}. Table C lists every member.",
                    names(&top),
                    plural(top.len(), "ranks", "rank"),
                    line_or_dash(&best.figure),
                    names(&bottom),
                    plural(bottom.len(), "ranks", "rank"),
                    line_or_dash(&worst.figure)
                ),
            );
        }
    } else {
        para(out, "No member has a scored assessment yet.");
    }
    heading(out, 2, "Compliance by Commitment");
    if let (Some(best), Some(worst)) = (
        summary.by_commitment.iter().find(|l| l.figure.is_some()),
        summary
            .by_commitment
            .iter()
            .rev()
            .find(|l| l.figure.is_some()),
    ) {
        para(
            out,
            &format!(
                "The highest compliance is on commitment {} at {}; the lowest on commitment {} \
                 at {}. Table D lists every commitment.",
                commitment_name(best),
                line_or_dash(&best.figure),
                commitment_name(worst),
                line_or_dash(&worst.figure)
            ),
        );
    } else {
        para(out, "No commitment has a scored assessment yet.");
    }
    heading(out, 2, "The Compliance Gap between Members");
    match &summary.gap {
        Some(g) => para(
            out,
            &format!(
                "The highest-scoring {} ({}) {} {}; the lowest-scoring ({}) {} {}. The gap \
                 between them is {}.",
                plural(g.highest_members.len(), "member", "members"),
                names(&g.highest_members),
                plural(g.highest_members.len(), "averages", "average"),
                g.highest.line,
                names(&g.lowest_members),
                plural(g.lowest_members.len(), "averages", "average"),
                g.lowest.line,
                g.line
            ),
        ),
        None => para(out, "There is no gap to report until members are scored."),
    }
}

/// `A`, `A and B`, `A, B and C`.
fn names(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `18 (Border Management)` from Table D's `18. Border Management`.
fn commitment_name(line: &summary::RankedLine) -> String {
    let prefix = format!("{}. ", line.code);
    match line.label.strip_prefix(&prefix) {
        Some(title) => format!("{} ({title})", line.code),
        None => line.label.clone(),
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn heading(out: &mut String, level: u8, text: &str) {
    let _ = writeln!(out, "#heading(level: {level}, {})", lit(text));
}

fn para(out: &mut String, text: &str) {
    let _ = writeln!(out, "#{}\n", lit(text));
}

fn tables(out: &mut String, report: &Report, summary: &Summary) {
    let cycle = &report.cycle.name;
    // Table A
    let _ = writeln!(
        out,
        "#part({})",
        lit("Table A: Commitments Selected for Assessment")
    );
    out.push_str(
        "#table(columns: (auto, 1fr, 1.4fr), table.header([No.], [Policy Area], [Commitment]),\n",
    );
    for row in &summary.table_a {
        let _ = writeln!(
            out,
            "  {}, {}, {},",
            lit(&row.number),
            lit(&row.area),
            lit(&row.title)
        );
    }
    out.push_str(")\n\n");

    // Table B: landscape and small type when the members do not fit across a page.
    let members = &report.matrix.members;
    let wide = members.len() > 9;
    if wide {
        out.push_str("#pagebreak(weak: true)\n#page(flipped: true)[\n");
    }
    let _ = writeln!(
        out,
        "#part({})",
        lit(&format!("Table B: {cycle} Compliance Scores"))
    );
    let size = if wide { "7pt" } else { "8pt" };
    let _ = writeln!(
        out,
        "#[#set text(size: {size})\n#table(columns: (1fr, {}auto), align: (left, {}center), \
         inset: (x: 3pt, y: 3pt),",
        "auto, ".repeat(members.len()),
        "center, ".repeat(members.len())
    );
    out.push_str("  table.header([Commitment], ");
    for m in members {
        let _ = write!(out, "{}, ", lit(&m.code));
    }
    out.push_str("[Average]),\n");
    for row in &summary.table_b {
        let _ = write!(
            out,
            "  {}, ",
            lit(&format!("{}. {}", row.number, row.title))
        );
        for v in &row.cells {
            let _ = write!(out, "{}, ", lit(cell_text(*v)));
        }
        let _ = writeln!(out, "{},", lit(line_or_dash(&row.figure)));
    }
    out.push_str("  strong[Average], ");
    for f in &summary.member_averages {
        match f {
            Some(f) => {
                let _ = write!(
                    out,
                    "strong[#{}#linebreak()#{}], ",
                    lit(&f.average.signed_published()),
                    lit(&format!("({}%)", f.percent))
                );
            }
            None => {
                let _ = write!(out, "{}, ", lit(summary::NO_FIGURE));
            }
        }
    }
    let _ = writeln!(out, "strong({}),\n)]", lit(line_or_dash(&summary.overall)));
    out.push_str("#v(0.6em)\n#text(size: 9pt, style: \"italic\", \"Member averages are over the commitments each member was scored on; n/a and not yet assessed (–) are left out of every average.\")\n");
    if wide {
        out.push_str("]\n");
    }
    // A tall heatmap (many commitments) is scaled to fit one page.
    let height = if summary.table_b.len() > 16 {
        "8in"
    } else {
        "auto"
    };
    let _ = writeln!(
        out,
        "#figure(image({}, width: 100%, height: {height}, fit: \"contain\", alt: {}), \
         caption: {})\n",
        lit(HEATMAP),
        lit("Heatmap of every member's score on every commitment"),
        lit("Compliance by member and commitment")
    );

    ranked_table(
        out,
        &format!("Table C: {cycle} Compliance Scores by Member"),
        "Member",
        &summary.by_member,
    );
    let _ = writeln!(
        out,
        "#figure(image({}, width: 90%, alt: {}), caption: {})\n",
        lit(BARS),
        lit("Members ranked by average score, with the overall average marked"),
        lit("Members ranked by average compliance score")
    );
    if crate::charts::report_across_cycles(report).is_some() {
        let _ = writeln!(
            out,
            "#figure(image({}, width: 90%, alt: {}), caption: {})\n",
            lit(CYCLES),
            lit("Each member's average in each cycle, oldest first, one labelled line per member"),
            lit("Member averages across cycles")
        );
    }
    ranked_table(
        out,
        &format!("Table D: {cycle} Compliance Scores by Commitment"),
        "Commitment",
        &summary.by_commitment,
    );
}

fn ranked_table(out: &mut String, title: &str, what: &str, lines: &[summary::RankedLine]) {
    let _ = writeln!(out, "#part({})", lit(title));
    let _ = writeln!(
        out,
        "#table(columns: (auto, 1fr, auto), align: (center, left, center), \
         table.header([Rank], [{what}], [Average]),"
    );
    for l in lines {
        let _ = writeln!(
            out,
            "  {}, {}, {},",
            lit(&l.rank_text),
            lit(&l.label),
            lit(line_or_dash(&l.figure))
        );
    }
    out.push_str(")\n\n");
}

fn chapter_heading(chapter: &Chapter) -> String {
    let c = &chapter.commitment;
    if c.area.trim().is_empty() {
        format!("{}. {}", c.code, c.title)
    } else {
        format!("{}. {}: {}", c.code, c.area, c.title)
    }
}

fn chapter_part(out: &mut String, report: &Report, index: usize, chapter: &Chapter) {
    let _ = writeln!(out, "#part({})", lit(&chapter_heading(chapter)));
    let mut quote = String::new();
    prose_inline(&mut quote, &chapter.commitment.text);
    let _ = writeln!(
        out,
        "#commitment-quote([#\"“\"{quote}#\"”\"], {})\n",
        opt_lit(Some(&chapter.commitment.source))
    );

    heading(out, 2, "Assessment");
    out.push_str("#assessment-table((\n");
    for name in chapter.member_names() {
        let verdict = chapter.verdict_of(&name);
        let (column, mark) = match assessment_column(verdict) {
            Some(c) => (c.to_string(), cell_text(verdict)),
            None => ("none".to_string(), verdict_text(verdict)),
        };
        let _ = writeln!(out, "  ({}, {column}, {}),", lit(&name), lit(mark));
    }
    let average = summary::chapter_average(report, index);
    let _ = writeln!(out, "), {})\n", lit(line_or_dash(&average)));

    for kind in SectionKind::ALL {
        let Some(section) = chapter.section(kind) else {
            continue;
        };
        heading(out, 2, kind.heading());
        if kind == SectionKind::ScoringGuidelines
            && let Some(rows) = scoring_rows(&section.text)
        {
            out.push_str("#scoring-guidelines((");
            for (score, text) in rows {
                let _ = write!(out, "({}, {}), ", lit(score), lit(text));
            }
            out.push_str("))\n\n");
        } else {
            prose(out, &section.text);
        }
    }
    out.push_str("#v(0.4em)\n");
    let _ = writeln!(
        out,
        "#people-line(\"Compliance Director\", {})",
        opt_lit(chapter.director.as_deref())
    );
    let _ = writeln!(
        out,
        "#people-line(\"Lead Analyst\", {})\n",
        opt_lit(chapter.lead_analyst.as_deref())
    );

    for m in &chapter.members {
        member_section(out, chapter, m);
    }
    notes(out, &chapter.citations);
}

fn member_section(out: &mut String, chapter: &Chapter, m: &MemberSection) {
    let verdict = m
        .heading_verdict
        .or(m.thus_verdict)
        .unwrap_or_else(|| chapter.verdict_of(&m.member));
    heading(out, 3, &format!("{}: {}", m.member, verdict_text(verdict)));
    prose(out, &m.opening);
    for p in &m.body {
        let (text, citations) = match p {
            BodyParagraph::Evidence(e) => (&e.text, &e.citations),
            BodyParagraph::Narrative { text, citations } => (text, citations),
        };
        let mut line = String::new();
        prose_inline(&mut line, text);
        cite(&mut line, citations);
        out.push_str(&line);
        out.push_str("\n\n");
    }
    prose(out, &m.conclusion);
    let thus = m.thus_verdict.or(m.heading_verdict);
    if let Some(Verdict::Scored(score)) = thus {
        para(
            out,
            &format!(
                "Thus, {} receives a score of {}.",
                m.member,
                score.published()
            ),
        );
    }
    if let Some(a) = m.analyst.as_deref().filter(|a| !a.trim().is_empty()) {
        let _ = writeln!(out, "#emph({})\n", lit(&format!("Analyst: {a}")));
    }
}

/// The footnote markers a paragraph's citation list names, after its text.
fn cite(out: &mut String, numbers: &[u32]) {
    if numbers.is_empty() {
        return;
    }
    let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
    let _ = write!(out, "#fnm({})", lit(&list.join(",")));
}

/// Paragraphs separated by blank lines; lines inside a paragraph kept as line breaks.
fn prose(out: &mut String, text: &str) {
    for paragraph in text.split("\n\n") {
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        for (i, line) in paragraph.lines().enumerate() {
            if i > 0 {
                out.push_str("#linebreak()");
            }
            prose_inline(out, line.trim());
        }
        out.push_str("\n\n");
    }
}

/// One run of text with its superscript footnote markers typeset as markers.
fn prose_inline(out: &mut String, text: &str) {
    if markers_in(text).is_empty() {
        if !text.is_empty() {
            out.push('#');
            out.push_str(&lit(text));
        }
        return;
    }
    let mut plain = String::new();
    let mut digits = String::new();
    let flush_plain = |plain: &mut String, out: &mut String| {
        if !plain.is_empty() {
            out.push('#');
            out.push_str(&lit(plain));
            plain.clear();
        }
    };
    for c in text.chars() {
        match superscript_digit(c) {
            Some(d) => {
                flush_plain(&mut plain, out);
                digits.push(d);
            }
            None => {
                if !digits.is_empty() {
                    let _ = write!(out, "#fnm({})", lit(&digits));
                    digits.clear();
                }
                plain.push(c);
            }
        }
    }
    flush_plain(&mut plain, out);
    if !digits.is_empty() {
        let _ = write!(out, "#fnm({})", lit(&digits));
    }
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '\u{2070}' => '0',
        '\u{00B9}' => '1',
        '\u{00B2}' => '2',
        '\u{00B3}' => '3',
        '\u{2074}' => '4',
        '\u{2075}' => '5',
        '\u{2076}' => '6',
        '\u{2077}' => '7',
        '\u{2078}' => '8',
        '\u{2079}' => '9',
        _ => return None,
    })
}

/// The Scoring Guidelines as rows (`−1`, text) when every line reads like one; `None` for prose.
fn scoring_rows(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut rows = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (score, rest) = line.split_once(['\t', ' '])?;
        if !matches!(score, "-1" | "\u{2212}1" | "0" | "+1" | "1") {
            return None;
        }
        rows.push((score, rest.trim()));
    }
    (rows.len() >= 2).then_some(rows)
}

fn notes(out: &mut String, citations: &[Citation]) {
    if citations.is_empty() {
        return;
    }
    out.push_str("#notes((\n");
    for c in citations {
        let _ = write!(out, "  ({}, [", lit(&c.number.to_string()));
        let raw = if c.raw.trim().is_empty() {
            c.title.as_str()
        } else {
            c.raw.as_str()
        };
        match c
            .url
            .as_deref()
            .filter(|u| u.starts_with("http") && !u.contains(char::is_whitespace))
            .and_then(|u| raw.find(u).map(|at| (u, at)))
        {
            Some((u, at)) => {
                let (before, after) = (&raw[..at], &raw[at + u.len()..]);
                if !before.is_empty() {
                    let _ = write!(out, "#{}", lit(before));
                }
                let _ = write!(out, "#url({})", lit(u));
                if !after.is_empty() {
                    let _ = write!(out, "#{}", lit(after));
                }
            }
            None => {
                let _ = write!(out, "#{}", lit(raw));
            }
        }
        out.push_str("]),\n");
    }
    out.push_str("))\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_typst_strings_treat_specially() {
        assert_eq!(lit(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(lit("x\ny"), r#""x\ny""#);
        assert_eq!(lit("#*_$<>@=[]"), "\"#*_$<>@=[]\"");
    }

    #[test]
    fn markers_in_prose_become_marker_calls() {
        let mut out = String::new();
        prose_inline(
            &mut out,
            "Leaders met.\u{2074}\u{2070}\u{2076}\u{2078} Again.",
        );
        assert_eq!(out, "#\"Leaders met.\"#fnm(\"4068\")#\" Again.\"");
    }

    #[test]
    fn scoring_guidelines_read_as_rows_only_when_every_line_is_one() {
        let rows = scoring_rows("-1\tNo action.\n0\tSome.\n+1\tAll.").unwrap();
        assert_eq!(rows[2], ("+1", "All."));
        assert!(scoring_rows("The member must act.\n+1\tAll.").is_none());
    }
}
