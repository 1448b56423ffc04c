//! The report as a typst document. Structure is typst code calling the helpers in
//! `template.typ`; every piece of report text is a typst string literal ([`lit`]), so a `#`, `*`,
//! `<script>` or `$` in a title or an analyst's paragraph prints as written.
//!
//! Citations are page footnotes (`#footnote[…]`) at the place that cites them, numbered
//! through the report from its first number; a note cited again refers to the first
//! (`#footnote(<fn-4068>)`), so it shows the same number and its text is printed once.

use std::collections::HashSet;
use std::fmt::Write as _;

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::{BodyParagraph, Chapter, Citation, MemberSection, SectionKind, Verdict};

use crate::report::Report;
use crate::summary::{
    self, LEGEND, Summary, assessment_column, cell_text, chapter_average_text, period_text,
    person_line, team_by_role, verdict_text,
};
use crate::titles::{RESEARCH_TEAM, TableTitles};

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
    // typst counts footnotes from 1; the report's count starts at its first number.
    let first = report.footnote_range().map_or(1, |(first, _)| first);
    let mut notes = Notes {
        written: HashSet::new(),
        counter: first.saturating_sub(1),
    };
    let _ = writeln!(out, "#counter(footnote).update({})", notes.counter);
    title_page(&mut out, report);
    out.push_str("#pagebreak()\n#outline(title: \"Contents\", depth: 1)\n\n");
    research_team(&mut out, report);
    summary_part(&mut out, report, &summary);
    tables(&mut out, report, &summary);
    for (i, chapter) in report.chapters.iter().enumerate() {
        chapter_part(&mut out, report, i, chapter, &mut notes);
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
    let cycle = &report.cycle;
    let place = match (cycle.institution.as_deref(), cycle.summit.as_deref()) {
        (Some(i), Some(s)) => Some(format!("{i} \u{2013} {s}")),
        (i, s) => i.or(s).map(str::to_string),
    };
    let _ = writeln!(
        out,
        "#title-page({}, {}, {}, {}, {})\n",
        lit(&report.title),
        opt_lit(place.as_deref()),
        opt_lit(period_text(report).as_deref()),
        opt_lit(report.prepared_by.as_deref()),
        opt_lit(report.published_on.map(long_date).as_deref()),
    );
}

fn research_team(out: &mut String, report: &Report) {
    let roles = team_by_role(report);
    if roles.is_empty() {
        return;
    }
    let _ = writeln!(out, "#part({})", lit(RESEARCH_TEAM));
    for role in roles {
        let names: Vec<String> = role.people.iter().map(person_line).collect();
        let _ = writeln!(
            out,
            "#people-list({}, {})",
            lit(role.heading),
            array(&names)
        );
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
                    best.average_text
                ),
            );
        } else {
            para(
                out,
                &format!(
                    "{} {} first with {}; {} {} last with {}. Table C lists every member.",
                    names(&top),
                    plural(top.len(), "ranks", "rank"),
                    best.average_text,
                    names(&bottom),
                    plural(bottom.len(), "ranks", "rank"),
                    worst.average_text
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
                best.average_text,
                commitment_name(worst),
                worst.average_text
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
    let titles = TableTitles::of(&report.cycle.name);
    // Table A
    let _ = writeln!(out, "#part({})", lit(&titles.a));
    out.push_str("#table(columns: (auto, 1fr, 1.4fr), th([No.], [Policy Area], [Commitment]),\n");
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

    // Table B: landscape and small type when the members do not fit across a page. The
    // landscape page is a page of its own (`page` breaks before and after it), so its heading
    // is a plain heading: a `part` there would break again and leave a blank page.
    let members = &report.matrix.members;
    let wide = members.len() > 9;
    if wide {
        let _ = writeln!(
            out,
            "#page(flipped: true)[\n#heading(level: 1, {})",
            lit(&titles.b)
        );
    } else {
        let _ = writeln!(out, "#part({})", lit(&titles.b));
    }
    let size = if wide { "7pt" } else { "8pt" };
    let _ = writeln!(
        out,
        "#[#set text(size: {size})\n#table(columns: (1fr, {}auto), align: (left, {}center), \
         inset: (x: 3pt, y: 3pt),",
        "auto, ".repeat(members.len()),
        "center, ".repeat(members.len())
    );
    out.push_str("  th([Commitment], ");
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
        let _ = writeln!(out, "{},", lit(&row.average_text));
    }
    out.push_str("  strong[Average], ");
    for (f, text) in summary
        .member_averages
        .iter()
        .zip(&summary.member_average_texts)
    {
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
                let _ = write!(out, "strong({}), ", lit(text));
            }
        }
    }
    let _ = writeln!(out, "strong({}),\n)]", lit(&summary.overall_text));
    let _ = writeln!(
        out,
        "#v(0.6em)\n#text(size: 9pt, style: \"italic\", {})",
        lit(LEGEND)
    );
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

    ranked_table(out, &titles.c, "Member", &summary.by_member);
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
    ranked_table(out, &titles.d, "Commitment", &summary.by_commitment);
}

fn ranked_table(out: &mut String, title: &str, what: &str, lines: &[summary::RankedLine]) {
    let _ = writeln!(out, "#part({})", lit(title));
    let _ = writeln!(
        out,
        "#table(columns: (auto, 1fr, auto), align: (center, left, center), \
         th([Rank], [{what}], [Average]),"
    );
    for l in lines {
        let _ = writeln!(
            out,
            "  {}, {}, {},",
            lit(&l.rank_text),
            lit(&l.label),
            lit(&l.average_text)
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

/// The footnotes written so far, across chapters.
struct Notes {
    /// Numbers already printed as a footnote: a later citation refers to it by label.
    written: HashSet<u32>,
    /// typst's footnote counter after the last footnote (each new footnote steps it by one).
    counter: u32,
}

fn chapter_part(
    out: &mut String,
    report: &Report,
    index: usize,
    chapter: &Chapter,
    notes: &mut Notes,
) {
    let mut cx = Citing {
        chapter,
        notes,
        after_marker: false,
    };
    let _ = writeln!(out, "#part({})", lit(&chapter_heading(chapter)));
    if crate::report::is_scores_only(chapter) {
        let _ = writeln!(out, "#emph({})\n", lit(crate::report::SCORES_ONLY_NOTE));
    } else {
        let mut quote = String::new();
        cx.after_marker = false;
        cx.prose_inline(&mut quote, &chapter.commitment.text);
        let _ = writeln!(
            out,
            "#commitment-quote([#\"“\"{quote}#\"”\"], {})\n",
            opt_lit(Some(&chapter.commitment.source))
        );
    }

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
    let _ = writeln!(out, "), {})\n", lit(&chapter_average_text(report, index)));

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
            cx.prose(out, &section.text);
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
        cx.member_section(out, m);
    }
    // A note no paragraph cites still belongs to the chapter: listed at its end.
    let uncited: Vec<&Citation> = chapter
        .citations
        .iter()
        .filter(|c| !cx.notes.written.contains(&c.number))
        .collect();
    further_notes(out, &uncited);
}

/// Writing one chapter's prose, its citations as footnotes.
struct Citing<'a, 'r> {
    chapter: &'r Chapter,
    notes: &'a mut Notes,
    /// Whether the last thing written was a footnote mark: the next one needs a comma first,
    /// or `3055` and `3056` print as `30553056`.
    after_marker: bool,
}

impl Citing<'_, '_> {
    fn member_section(&mut self, out: &mut String, m: &MemberSection) {
        let chapter = self.chapter;
        let verdict = m
            .heading_verdict
            .or(m.thus_verdict)
            .unwrap_or_else(|| chapter.verdict_of(&m.member));
        heading(out, 3, &format!("{}: {}", m.member, verdict_text(verdict)));
        self.prose(out, &m.opening);
        for p in &m.body {
            let (text, citations) = match p {
                BodyParagraph::Evidence(e) => (&e.text, &e.citations),
                BodyParagraph::Narrative { text, citations } => (text, citations),
            };
            let mut line = String::new();
            self.after_marker = false;
            let marked = self.prose_inline(&mut line, text);
            // The citation list's notes the text does not mark itself, after it.
            for &n in citations {
                if !marked.contains(&n) {
                    self.marker(&mut line, n);
                }
            }
            out.push_str(&line);
            out.push_str("\n\n");
        }
        self.prose(out, &m.conclusion);
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

    /// Paragraphs separated by blank lines; lines inside a paragraph kept as line breaks.
    fn prose(&mut self, out: &mut String, text: &str) {
        for paragraph in text.split("\n\n") {
            let paragraph = paragraph.trim();
            if paragraph.is_empty() {
                continue;
            }
            self.after_marker = false;
            for (i, line) in paragraph.lines().enumerate() {
                if i > 0 {
                    out.push_str("#linebreak()");
                    self.after_marker = false;
                }
                self.prose_inline(out, line.trim());
            }
            out.push_str("\n\n");
        }
    }

    /// One run of text with its superscript footnote markers as footnotes. Returns the
    /// numbers marked.
    fn prose_inline(&mut self, out: &mut String, text: &str) -> Vec<u32> {
        let mut marked = Vec::new();
        let mut plain = String::new();
        let mut digits = String::new();
        let mut flush_digits = |this: &mut Self, digits: &mut String, out: &mut String| {
            if digits.is_empty() {
                return;
            }
            match number(digits) {
                Some(n) => {
                    this.marker(out, n);
                    marked.push(n);
                }
                // Too long for a footnote number: printed as it is.
                None => {
                    let _ = write!(out, "#fnm({})", lit(digits));
                    this.after_marker = false;
                }
            }
            digits.clear();
        };
        for c in text.chars() {
            match superscript_digit(c) {
                Some(d) => {
                    if !plain.is_empty() {
                        out.push('#');
                        out.push_str(&lit(&plain));
                        plain.clear();
                        self.after_marker = false;
                    }
                    digits.push(d);
                }
                None => {
                    flush_digits(self, &mut digits, out);
                    plain.push(c);
                }
            }
        }
        flush_digits(self, &mut digits, out);
        if !plain.is_empty() {
            out.push('#');
            out.push_str(&lit(&plain));
            self.after_marker = false;
        }
        marked
    }

    /// Footnote `n` where it is cited: the note itself the first time, a reference to it after
    /// that, and the bare number when the chapter has no such note.
    fn marker(&mut self, out: &mut String, n: u32) {
        if self.after_marker {
            out.push_str("#fnsep");
        }
        self.after_marker = true;
        let Some(citation) = self.chapter.citations.iter().find(|c| c.number == n) else {
            let _ = write!(out, "#fnm({})", lit(&n.to_string()));
            return;
        };
        if !self.notes.written.insert(n) {
            let _ = write!(out, "#footnote(<fn-{n}>)");
            return;
        }
        // typst numbers a new footnote one past the last; a note cited out of order sets the
        // counter first (0 cannot be reached that way, so it is numbered by hand).
        let numbering = if self.notes.counter.checked_add(1) == Some(n) {
            ""
        } else if let Some(before) = n.checked_sub(1) {
            let _ = write!(out, "#counter(footnote).update({before})");
            self.notes.counter = before;
            ""
        } else {
            "(numbering: _ => \"0\")"
        };
        self.notes.counter = self.notes.counter.saturating_add(1);
        let _ = write!(out, "#footnote{numbering}[");
        note_body(out, citation);
        let _ = write!(out, "]<fn-{n}>");
    }
}

/// A run of superscript digits (already read as ASCII digits) as a number.
fn number(digits: &str) -> Option<u32> {
    digits.parse().ok()
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

/// A note's text as published, its address a link.
fn note_body(out: &mut String, c: &Citation) {
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
}

/// Notes of a chapter that nothing in it cites, listed at its end with their numbers.
fn further_notes(out: &mut String, citations: &[&Citation]) {
    if citations.is_empty() {
        return;
    }
    out.push_str("#further-notes((\n");
    for c in citations {
        let _ = write!(out, "  ({}, [", lit(&c.number.to_string()));
        note_body(out, c);
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

    fn chapter_citing(numbers: &[u32]) -> Chapter {
        Chapter {
            commitment: pledgewatch_domain::Commitment {
                code: "1".into(),
                area: "Trade".into(),
                title: "Ports".into(),
                text: String::new(),
                source: String::new(),
            },
            sections: Vec::new(),
            director: None,
            lead_analyst: None,
            assessment_table: Vec::new(),
            published_average: None,
            members: Vec::new(),
            citations: numbers
                .iter()
                .map(|&number| Citation {
                    number,
                    title: format!("Source {number}"),
                    publisher: None,
                    place: None,
                    published: None,
                    accessed: None,
                    url: None,
                    note: None,
                    raw: format!("Source {number}."),
                })
                .collect(),
        }
    }

    #[test]
    fn markers_become_footnotes_once_then_references() {
        let chapter = chapter_citing(&[4068, 4069]);
        let mut notes = Notes {
            written: HashSet::new(),
            counter: 4067,
        };
        let mut cx = Citing {
            chapter: &chapter,
            notes: &mut notes,
            after_marker: false,
        };
        let mut out = String::new();
        cx.prose_inline(&mut out, "Met.\u{2074}\u{2070}\u{2076}\u{2078} Again.");
        assert_eq!(
            out,
            "#\"Met.\"#footnote[#\"Source 4068.\"]<fn-4068>#\" Again.\""
        );
        // Cited again, next to a new note and an undefined one: a reference, commas between.
        let mut again = String::new();
        cx.after_marker = false;
        cx.prose_inline(&mut again, "See.\u{2074}\u{2070}\u{2076}\u{2078}");
        cx.marker(&mut again, 4069);
        cx.marker(&mut again, 12);
        assert_eq!(
            again,
            "#\"See.\"#footnote(<fn-4068>)#fnsep#footnote[#\"Source 4069.\"]<fn-4069>#fnsep#fnm(\"12\")"
        );
        assert_eq!(notes.counter, 4069);
    }

    #[test]
    fn a_note_out_of_order_sets_the_counter() {
        let chapter = chapter_citing(&[1, 2, 3]);
        let mut notes = Notes {
            written: HashSet::new(),
            counter: 0,
        };
        let mut cx = Citing {
            chapter: &chapter,
            notes: &mut notes,
            after_marker: false,
        };
        let mut out = String::new();
        cx.marker(&mut out, 3);
        assert!(
            out.starts_with("#counter(footnote).update(2)#footnote["),
            "{out}"
        );
        let mut next = String::new();
        cx.after_marker = false;
        cx.marker(&mut next, 1);
        assert!(
            next.starts_with("#counter(footnote).update(0)#footnote["),
            "{next}"
        );
        let mut then = String::new();
        cx.after_marker = false;
        cx.marker(&mut then, 2);
        assert!(then.starts_with("#footnote["), "{then}");
    }

    #[test]
    fn scoring_guidelines_read_as_rows_only_when_every_line_is_one() {
        let rows = scoring_rows("-1\tNo action.\n0\tSome.\n+1\tAll.").unwrap();
        assert_eq!(rows[2], ("+1", "All."));
        assert!(scoring_rows("The member must act.\n+1\tAll.").is_none());
    }
}
