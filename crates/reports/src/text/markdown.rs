//! Seed 000's layout: one line per paragraph, superscript footnote markers, each footnote a
//! paragraph of its own after the paragraph that first cites it, a tab-separated Assessment
//! table, `*Compliance Director: …` / `Lead Analyst: …*`.

use pledgewatch_domain::citing::{marker, markers_in};
use pledgewatch_domain::{Chapter, Citation, Score, Verdict};

use super::{MemberPara, glue_markers, heading, member_paragraphs, paragraphs, scoring_row};

/// The chapter as Markdown-like text, read back by the importer as the same chapter.
pub fn write_markdown_like(chapter: &Chapter) -> String {
    let mut footnotes: Vec<&Citation> = chapter.citations.iter().collect();
    footnotes.sort_by_key(|c| c.number);
    let mut w = Writer {
        out: String::new(),
        footnotes,
        cited_up_to: None,
        written: 0,
    };
    w.line(&heading(chapter));
    w.blank();
    w.line(&format!("“{}”", chapter.commitment.text));
    w.cite(&markers_in(&chapter.commitment.text));
    if !chapter.commitment.source.is_empty() {
        w.blank();
        w.line(&chapter.commitment.source);
    }
    w.blank();
    w.line("Assessment");
    w.blank();
    w.line("\tNo Compliance\tPartial Compliance\tFull Compliance");
    for row in &chapter.assessment_table {
        w.line(&format!("{}\t{}", row.member, table_cells(row.verdict)));
    }
    if let Some(avg) = &chapter.published_average {
        w.line(&format!("Average\t{avg}\t\t"));
    }
    for section in &chapter.sections {
        w.blank();
        w.line(section.kind.heading());
        for para in paragraphs(&section.text) {
            w.blank();
            match scoring_row(section.kind, para) {
                Some((score, rest)) => w.line(&format!("{score}\t{rest}")),
                None => w.line(para),
            }
            w.cite(&markers_in(para));
            w.footnotes();
        }
    }
    match (&chapter.director, &chapter.lead_analyst) {
        (Some(d), Some(l)) => {
            w.blank();
            w.line(&format!("*Compliance Director: {d}"));
            w.line(&format!("Lead Analyst: {l}*"));
        }
        (Some(d), None) => {
            w.blank();
            w.line(&format!("*Compliance Director: {d}*"));
        }
        (None, Some(l)) => {
            w.blank();
            w.line(&format!("*Lead Analyst: {l}*"));
        }
        (None, None) => {}
    }
    for m in &chapter.members {
        w.blank();
        let score = m.heading_verdict.map_or("", super::verdict_text);
        w.line(format!("{}: {score}", m.member).trim_end());
        let (paras, thus) = member_paragraphs(m);
        for p in paras {
            w.blank();
            match p {
                MemberPara::Marked(text) => {
                    w.line(text);
                    w.cite(&markers_in(text));
                }
                MemberPara::Cited(text, cites) => {
                    w.line(&glue_markers(text, cites, |_| true, marker));
                    w.cite(cites);
                }
            }
            w.footnotes();
        }
        if let Some(thus) = thus {
            w.blank();
            w.line(&thus);
        }
        if let Some(a) = &m.analyst {
            w.blank();
            w.line(&format!("Analyst: {a}"));
        }
    }
    w.cited_up_to = Some(u32::MAX);
    w.footnotes();
    w.out
}

/// The score in its column: No, Partial or Full Compliance (n/a in the first).
fn table_cells(v: Verdict) -> String {
    match v {
        Verdict::Scored(Score::NoCompliance) | Verdict::NotApplicable => {
            format!("{}\t\t", super::verdict_text(v))
        }
        Verdict::Scored(Score::Partial) => "\t0\t".to_string(),
        Verdict::Scored(Score::Full) => "\t\t+1".to_string(),
        Verdict::NotAssessed => "\t\t".to_string(),
    }
}

struct Writer<'c> {
    out: String,
    /// The chapter's footnotes in number order.
    footnotes: Vec<&'c Citation>,
    /// The highest footnote number cited so far.
    cited_up_to: Option<u32>,
    /// How many of the chapter's footnotes (in number order) are written.
    written: usize,
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn cite(&mut self, numbers: &[u32]) {
        if let Some(&max) = numbers.iter().max() {
            self.cited_up_to = Some(self.cited_up_to.map_or(max, |c| c.max(max)));
        }
    }

    /// Writes every footnote numbered up to the highest cited so far, in number order.
    fn footnotes(&mut self) {
        let Some(up_to) = self.cited_up_to else {
            return;
        };
        while let Some(c) = self.footnotes.get(self.written)
            && c.number <= up_to
        {
            self.out.push('\n');
            self.out
                .push_str(format!("{} {}", marker(c.number), c.raw).trim_end());
            self.out.push('\n');
            self.written += 1;
        }
    }
}
