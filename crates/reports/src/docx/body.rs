//! The report's body as WordprocessingML: title page, research team, summary, Tables A–D, then
//! each chapter on a new page. Footnote markers in prose become Word footnotes at their first
//! citation; a later citation of the same note prints its number as a superscript.

use std::collections::HashMap;

use pledgewatch_domain::dates::long_date;
use pledgewatch_domain::{BodyParagraph, Chapter, Citation, SectionKind, Verdict};

use super::xml::{
    Cell, Para, RunStyle, close_paragraph, footnote_reference, footnote_reference_custom,
    open_paragraph, paragraph, run, table,
};
use crate::report::Report;
use crate::summary::{
    ASSESSMENT_COLUMNS, LEGEND, Summary, chapter_average_text, period_text, person_line,
    team_by_role, verdict_text,
};
use crate::titles::{RESEARCH_TEAM, TableTitles};

/// The Word footnotes written so far: the report's number → footnote id, and the citations in
/// id order for footnotes.xml.
pub struct Notes<'r> {
    ids: HashMap<u32, usize>,
    /// Each footnote's citation, and whether Word numbers it (else its mark is written out).
    pub written: Vec<(&'r Citation, bool)>,
    /// The number Word gives the next automatically numbered footnote.
    next_auto: u32,
}

impl Notes<'_> {
    pub fn starting_at(first: u32) -> Self {
        Notes {
            ids: HashMap::new(),
            written: Vec::new(),
            next_auto: first,
        }
    }
}

pub fn front_matter(out: &mut String, report: &Report, summary: &Summary) {
    paragraph(out, Para::styled("Title"), &report.title, RunStyle::PLAIN);
    let cycle = &report.cycle;
    let place = match (cycle.institution.as_deref(), cycle.summit.as_deref()) {
        (Some(i), Some(s)) => Some(format!("{i} \u{2013} {s}")),
        (i, s) => i.or(s).map(str::to_string),
    };
    if let Some(place) = place {
        paragraph(out, Para::styled("Subtitle"), &place, RunStyle::PLAIN);
    }
    if let Some(period) = period_text(report) {
        paragraph(
            out,
            Para::styled("Subtitle"),
            &format!("Compliance period: {period}"),
            RunStyle::PLAIN,
        );
    }
    if let Some(by) = &report.prepared_by {
        paragraph(
            out,
            Para::styled("Subtitle"),
            &format!("Prepared by {by}"),
            RunStyle::PLAIN,
        );
    }
    if let Some(d) = report.published_on {
        paragraph(
            out,
            Para::styled("Subtitle"),
            &long_date(d),
            RunStyle::PLAIN,
        );
    }

    contents(out, report);

    let roles = team_by_role(report);
    if !roles.is_empty() {
        heading1(out, RESEARCH_TEAM, true);
        for role in roles {
            heading2(out, role.heading);
            for person in &role.people {
                paragraph(out, Para::default(), &person_line(person), RunStyle::PLAIN);
            }
        }
    }

    heading1(out, "Summary", true);
    let overall = &summary.overall_text;
    paragraph(
        out,
        Para::default(),
        &format!(
            "The final compliance score is {overall}, the average of {} scored assessments.",
            summary.scored_cells
        ),
        RunStyle::PLAIN,
    );
    heading2(out, "Compliance by Member");
    for l in &summary.by_member {
        let line = format!("{}: {}", l.label, l.average_text);
        paragraph(out, Para::default(), &line, RunStyle::PLAIN);
    }
    heading2(out, "Compliance by Commitment");
    for l in &summary.by_commitment {
        let line = format!("{}: {}", l.label, l.average_text);
        paragraph(out, Para::default(), &line, RunStyle::PLAIN);
    }
    heading2(out, "The Gap between Members");
    let gap = match &summary.gap {
        Some(g) => format!(
            "The gap between the highest ({}, {}) and the lowest ({}, {}) member average is {}.",
            g.highest_members.join(", "),
            g.highest.line,
            g.lowest_members.join(", "),
            g.lowest.line,
            g.line
        ),
        None => "No member has a scored assessment yet.".to_string(),
    };
    paragraph(out, Para::default(), &gap, RunStyle::PLAIN);
    // The charts close the summary, as in the HTML report.
    super::media::figures(out, report);

    tables(out, report, summary);
}

/// The table of contents: a Word TOC field over Heading 1–3, which Word fills in when the
/// document opens (`w:updateFields` in settings.xml). Until then it shows the parts and
/// chapters without page numbers, so a reader that never updates fields still gets a list.
fn contents(out: &mut String, report: &Report) {
    let p = Para {
        style: Some("TOCHeading"),
        page_break_before: true,
        centered: false,
    };
    paragraph(out, p, "Contents", RunStyle::PLAIN);
    let titles = TableTitles::of(&report.cycle.name);
    let mut entries: Vec<String> = Vec::new();
    if !team_by_role(report).is_empty() {
        entries.push(RESEARCH_TEAM.to_string());
    }
    entries.push("Summary".to_string());
    entries.extend([titles.a, titles.b, titles.c, titles.d]);
    entries.extend(report.chapters.iter().map(chapter_title));
    let last = entries.len() - 1;
    for (i, entry) in entries.iter().enumerate() {
        open_paragraph(out, Para::styled("TOC1"));
        if i == 0 {
            out.push_str(r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#);
        }
        run(out, entry, RunStyle::PLAIN);
        if i == last {
            out.push_str(r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#);
        }
        close_paragraph(out);
    }
}

fn chapter_title(ch: &Chapter) -> String {
    let c = &ch.commitment;
    format!("{}. {}: {}", c.code, c.area, c.title)
}

fn tables(out: &mut String, report: &Report, summary: &Summary) {
    let titles = TableTitles::of(&report.cycle.name);
    heading1(out, &titles.a, true);
    let mut rows = vec![vec![
        Cell::new("No."),
        Cell::new("Policy area"),
        Cell::new("Commitment"),
    ]];
    for r in &summary.table_a {
        rows.push(vec![
            Cell::new(&r.number),
            Cell::new(&r.area),
            Cell::new(&r.title),
        ]);
    }
    table(out, &[700, 3000, 5300], &rows);

    heading1(out, &titles.b, false);
    let members = &report.matrix.members;
    let member_width = (5800 / u32::try_from(members.len().max(1)).unwrap_or(1)).max(400);
    let mut widths = vec![2200];
    widths.extend(std::iter::repeat_n(member_width, members.len()));
    widths.push(1300);
    let mut head = vec![Cell::new("Commitment")];
    head.extend(members.iter().map(|m| Cell::new(&m.code)));
    head.push(Cell::new("Average"));
    let mut rows = vec![head];
    let labels: Vec<String> = summary
        .table_b
        .iter()
        .map(|r| format!("{}. {}", r.number, r.title))
        .collect();
    for (r, label) in summary.table_b.iter().zip(&labels) {
        let mut row = vec![Cell::new(label)];
        row.extend(
            r.cells
                .iter()
                .map(|v| Cell::new(crate::summary::cell_text(*v))),
        );
        row.push(Cell::new(&r.average_text));
        rows.push(row);
    }
    let mut foot = vec![Cell::bold("Member average")];
    foot.extend(summary.member_average_texts.iter().map(|t| Cell::bold(t)));
    foot.push(Cell::bold(&summary.overall_text));
    rows.push(foot);
    table(out, &widths, &rows);
    paragraph(out, Para::default(), LEGEND, RunStyle::ITALIC);

    for (title, lines, what) in [
        (&titles.c, &summary.by_member, "Member"),
        (&titles.d, &summary.by_commitment, "Commitment"),
    ] {
        heading1(out, title, false);
        let mut rows = vec![vec![
            Cell::new("Rank"),
            Cell::new(what),
            Cell::new("Average"),
        ]];
        for l in lines {
            rows.push(vec![
                Cell::new(&l.rank_text),
                Cell::new(&l.label),
                Cell::new(&l.average_text),
            ]);
        }
        table(out, &[900, 5600, 2500], &rows);
    }
}

fn heading1(out: &mut String, text: &str, new_page: bool) {
    let p = Para {
        style: Some("Heading1"),
        page_break_before: new_page,
        centered: false,
    };
    paragraph(out, p, text, RunStyle::PLAIN);
}

fn heading2(out: &mut String, text: &str) {
    paragraph(out, Para::styled("Heading2"), text, RunStyle::PLAIN);
}

/// One chapter, starting on a new page.
pub fn chapter<'r>(out: &mut String, report: &'r Report, index: usize, notes: &mut Notes<'r>) {
    let Some(ch) = report.chapters.get(index) else {
        return;
    };
    let c = &ch.commitment;
    heading1(out, &chapter_title(ch), true);
    let mut cx = ChapterNotes {
        chapter: ch,
        notes,
        after_marker: false,
    };
    if crate::report::is_scores_only(ch) {
        paragraph(
            out,
            Para::default(),
            crate::report::SCORES_ONLY_NOTE,
            RunStyle::ITALIC,
        );
    } else {
        cx.prose(
            out,
            Para::styled("Quote"),
            &format!("\u{201C}{}\u{201D}", c.text),
        );
        paragraph(out, Para::default(), &c.source, RunStyle::ITALIC);
    }

    heading2(out, "Assessment");
    assessment(out, report, index);

    for kind in SectionKind::ALL {
        let Some(section) = ch.section(kind) else {
            continue;
        };
        heading2(out, kind.heading());
        for block in section.text.split("\n\n").filter(|b| !b.trim().is_empty()) {
            let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.iter().all(|l| l.contains('\t')) {
                tab_table(out, &lines);
            } else {
                cx.prose(out, Para::default(), block.trim());
            }
        }
    }
    if let Some(d) = &ch.director {
        paragraph(
            out,
            Para::default(),
            &format!("Compliance Director: {d}"),
            RunStyle::ITALIC,
        );
    }
    if let Some(l) = &ch.lead_analyst {
        paragraph(
            out,
            Para::default(),
            &format!("Lead Analyst: {l}"),
            RunStyle::ITALIC,
        );
    }

    for m in &ch.members {
        let verdict = m
            .heading_verdict
            .or(m.thus_verdict)
            .unwrap_or_else(|| ch.verdict_of(&m.member));
        heading2(out, &format!("{}: {}", m.member, verdict_text(verdict)));
        cx.prose(out, Para::default(), &m.opening);
        for p in &m.body {
            let (text, cited) = match p {
                BodyParagraph::Evidence(e) => (&e.text, &e.citations),
                BodyParagraph::Narrative { text, citations } => (text, citations),
            };
            cx.paragraph_with(out, text, cited);
        }
        cx.prose(out, Para::default(), &m.conclusion);
        let thus = match m.thus_verdict.unwrap_or(verdict) {
            Verdict::Scored(s) => {
                format!("Thus, {} receives a score of {}.", m.member, s.published())
            }
            Verdict::NotApplicable => {
                format!("Thus, {} is not scored on this commitment.", m.member)
            }
            Verdict::NotAssessed => format!("{} has not yet been assessed.", m.member),
        };
        paragraph(out, Para::default(), &thus, RunStyle::PLAIN);
        if let Some(a) = &m.analyst {
            paragraph(
                out,
                Para::default(),
                &format!("Analyst: {a}"),
                RunStyle::ITALIC,
            );
        }
    }

    // A footnote no paragraph cites still belongs to the chapter: listed at its end.
    let uncited: Vec<&Citation> = ch
        .citations
        .iter()
        .filter(|n| !cx.notes.ids.contains_key(&n.number))
        .collect();
    if !uncited.is_empty() {
        heading2(out, "Further Notes");
        for n in uncited {
            open_paragraph(out, Para::styled("FootnoteText"));
            run(out, &format!("{}. ", n.number), RunStyle::PLAIN);
            run(out, &n.raw, RunStyle::PLAIN);
            close_paragraph(out);
        }
    }
}

fn assessment(out: &mut String, report: &Report, index: usize) {
    let Some(ch) = report.chapters.get(index) else {
        return;
    };
    let mut rows = vec![vec![
        Cell::new("Member"),
        Cell::new(ASSESSMENT_COLUMNS[0]),
        Cell::new(ASSESSMENT_COLUMNS[1]),
        Cell::new(ASSESSMENT_COLUMNS[2]),
    ]];
    let names = ch.member_names();
    let verdicts: Vec<Verdict> = names.iter().map(|n| ch.verdict_of(n)).collect();
    for (name, v) in names.iter().zip(&verdicts) {
        let mut row = vec![Cell::new(name)];
        match crate::summary::assessment_column(*v) {
            Some(col) => {
                for k in 0..3 {
                    row.push(Cell::new(if k == col { verdict_text(*v) } else { "" }));
                }
            }
            None => row.push(Cell {
                text: verdict_text(*v),
                span: 3,
                bold: false,
            }),
        }
        rows.push(row);
    }
    let average = chapter_average_text(report, index);
    rows.push(vec![
        Cell::bold("Average"),
        Cell {
            text: &average,
            span: 3,
            bold: true,
        },
    ]);
    table(out, &[3000, 2000, 2000, 2000], &rows);
}

/// A block of tab-separated lines (the Scoring Guidelines) as a table.
fn tab_table(out: &mut String, lines: &[&str]) {
    let cells: Vec<Vec<&str>> = lines.iter().map(|l| l.split('\t').collect()).collect();
    let cols = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let first = 1200;
    let rest = (7800 / u32::try_from(cols.saturating_sub(1).max(1)).unwrap_or(1)).max(400);
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(rest, cols - 1));
    // Tab-separated rows have no header: a blank header row would print as an empty line, so
    // the first data row doubles as the header.
    let rows: Vec<Vec<Cell<'_>>> = cells
        .iter()
        .map(|r| {
            let mut row: Vec<Cell<'_>> = r.iter().map(|t| Cell::new(t.trim())).collect();
            if row.len() < cols
                && let Some(last) = row.last_mut()
            {
                last.span += cols - r.len();
            }
            row
        })
        .collect();
    table(out, &widths, &rows);
}

/// Prose of one chapter with its footnotes.
struct ChapterNotes<'a, 'r> {
    chapter: &'r Chapter,
    notes: &'a mut Notes<'r>,
    /// Whether the paragraph's last run was a footnote mark: the next mark needs a comma first,
    /// or `3055` and `3056` print as `30553056`.
    after_marker: bool,
}

impl<'r> ChapterNotes<'_, 'r> {
    fn prose(&mut self, out: &mut String, p: Para<'_>, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        open_paragraph(out, p);
        self.after_marker = false;
        self.runs(out, text);
        close_paragraph(out);
    }

    /// An evidence or narrative paragraph: markers in the text, then any cited footnote the
    /// text does not mark (so no citation is lost).
    fn paragraph_with(&mut self, out: &mut String, text: &str, cited: &[u32]) {
        open_paragraph(out, Para::default());
        self.after_marker = false;
        let marked = self.runs(out, text);
        for &n in cited {
            if !marked.contains(&n) {
                self.marker(out, n);
            }
        }
        close_paragraph(out);
    }

    /// Writes `text`, turning each run of superscript digits into a footnote mark. Returns the
    /// numbers marked.
    fn runs(&mut self, out: &mut String, text: &str) -> Vec<u32> {
        let mut marked = Vec::new();
        let mut plain = String::new();
        let mut digits = String::new();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            if superscript_digit(ch).is_some() {
                digits.push(ch);
                if chars
                    .peek()
                    .is_some_and(|c| superscript_digit(*c).is_some())
                {
                    continue;
                }
                self.plain(out, &plain);
                plain.clear();
                let n = digits
                    .chars()
                    .filter_map(superscript_digit)
                    .try_fold(0u32, |acc, d| acc.checked_mul(10)?.checked_add(d));
                match n {
                    Some(n) => {
                        self.marker(out, n);
                        marked.push(n);
                    }
                    None => {
                        run(out, &digits, SUPERSCRIPT);
                        self.after_marker = false;
                    }
                }
                digits.clear();
            } else {
                plain.push(ch);
            }
        }
        self.plain(out, &plain);
        marked
    }

    fn plain(&mut self, out: &mut String, text: &str) {
        if !text.is_empty() {
            run(out, text, RunStyle::PLAIN);
            self.after_marker = false;
        }
    }

    fn marker(&mut self, out: &mut String, number: u32) {
        if self.after_marker {
            run(out, ",", SUPERSCRIPT);
        }
        self.after_marker = true;
        let citation = self.chapter.citations.iter().find(|c| c.number == number);
        match (citation, self.notes.ids.get(&number)) {
            (Some(c), None) => {
                let auto = number == self.notes.next_auto;
                self.notes.written.push((c, auto));
                let id = self.notes.written.len();
                self.notes.ids.insert(number, id);
                if auto {
                    self.notes.next_auto += 1;
                    footnote_reference(out, id);
                } else {
                    footnote_reference_custom(out, id, number);
                }
            }
            _ => run(out, &number.to_string(), SUPERSCRIPT),
        }
    }
}

/// A superscript run: a mark written as text, or the comma between two marks.
const SUPERSCRIPT: RunStyle = RunStyle {
    superscript: true,
    ..RunStyle::PLAIN
};

fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '\u{2070}' => Some(0),
        '\u{00B9}' => Some(1),
        '\u{00B2}' => Some(2),
        '\u{00B3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(c as u32 - 0x2070),
        _ => None,
    }
}

/// One footnote of footnotes.xml, its mark the report's number.
pub fn footnote(out: &mut String, id: usize, c: &Citation, auto: bool) {
    use std::fmt::Write as _;
    let _ = write!(out, r#"<w:footnote w:id="{id}">"#);
    open_paragraph(out, Para::styled("FootnoteText"));
    if auto {
        out.push_str(
            r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>"#,
        );
    } else {
        run(
            out,
            &c.number.to_string(),
            RunStyle {
                superscript: true,
                ..RunStyle::PLAIN
            },
        );
    }
    run(out, &format!(" {}", c.raw.trim()), RunStyle::PLAIN);
    close_paragraph(out);
    out.push_str("</w:footnote>");
}
