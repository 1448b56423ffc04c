//! A chapter read in order: heading, quoted commitment and its source, the Assessment table,
//! the five sections, the compliance director and lead analyst, then one section per member.
//!
//! Structural lines (headings, `Compliance Director:`, `Canada: +1`, `Analyst:`) are recognised
//! line by line and always stand alone; everything else is prose, grouped into paragraphs by
//! [`ParaBuilder`] and sent to whatever part of the chapter is open.

use pledgewatch_domain::check::FindingCode;
use pledgewatch_domain::citing;
use pledgewatch_domain::{
    Chapter, Commitment, MemberSection, Period, Section, SectionKind, TableRow, Verdict,
};

use super::footnotes::citation;
use super::lines::{Item, Layout, detect_layout, normalise};
use super::member::{MemberDraft, finish};
use super::prose::{BrokenSentence, MarkerCursor, Para, ParaBuilder, RawPara, clean};
use super::table::{TableLine, table_line};
use super::{ParseWarning, parse_heading, shown};
use crate::IngestError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Quoted commitment and its source, up to `Assessment`.
    Intro,
    Table,
    Body,
}

/// Where the next finished paragraph goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// After the table, before any section heading.
    Preamble,
    Section(usize),
    /// After the director and lead analyst lines.
    Staff,
    Member,
}

struct Reader<'w> {
    code: String,
    heading_line: usize,
    layout: Layout,
    paras: ParaBuilder,
    cursor: MarkerCursor,
    phase: Phase,
    target: Target,
    intro: Vec<Para>,
    assessment_line: usize,
    table: Vec<TableRow>,
    average: Option<String>,
    sections: Vec<(SectionKind, Vec<String>)>,
    director: Option<String>,
    lead_analyst: Option<String>,
    members: Vec<MemberSection>,
    member: Option<MemberDraft>,
    period: Option<Period>,
    warnings: &'w mut Vec<ParseWarning>,
    /// The highest footnote number the chapter defines.
    last_footnote: Option<u32>,
    /// Footnotes the open member's section cites past `last_footnote`: a file that stops here
    /// lost them.
    beyond_last: Vec<u32>,
    /// Sentences split where a stray break cut them, until their paragraph is delivered.
    broken: Vec<BrokenSentence>,
}

/// Parses one chapter; `lines[0]` is its heading, at 1-based line `first_line` of the file.
pub(crate) fn parse_chapter(
    lines: &[&str],
    first_line: usize,
    period: Option<Period>,
    warnings: &mut Vec<ParseWarning>,
) -> Result<Chapter, IngestError> {
    let (Some(heading_text), Some(rest)) = (lines.first(), lines.get(1..)) else {
        return Err(IngestError::NoChapter);
    };
    let heading = parse_heading(heading_text).ok_or(IngestError::NoChapter)?;
    let layout = detect_layout(rest);
    let normalised = normalise(layout, rest, first_line + 1);
    // Where the chapter's text stops: its last line that is not blank.
    let stop_line = first_line
        + lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(0);
    let mut paras = ParaBuilder::new(layout);
    paras.hard_blanks = true;
    let mut reader = Reader {
        code: heading.code.clone(),
        heading_line: first_line,
        layout,
        paras,
        cursor: MarkerCursor::new(normalised.footnotes.iter().map(|f| f.number).collect()),
        phase: Phase::Intro,
        target: Target::Preamble,
        intro: Vec::new(),
        assessment_line: first_line,
        table: Vec::new(),
        average: None,
        sections: Vec::new(),
        director: None,
        lead_analyst: None,
        members: Vec::new(),
        member: None,
        period,
        warnings,
        last_footnote: normalised.footnotes.iter().map(|f| f.number).max(),
        beyond_last: Vec::new(),
        broken: Vec::new(),
    };
    for item in &normalised.items {
        if let Err(e) = reader.item(*item) {
            // A line the file stops in the middle of (`Canada   +`) is cut, not wrong.
            return Err(match e.line() {
                Some(line) if line == stop_line => reader.cut_short(stop_line, true).unwrap_or(e),
                _ => e,
            });
        }
    }
    reader.flush()?;
    reader.close_member(true)?;
    if let Some(cut) = reader.cut_short(stop_line, false) {
        return Err(cut);
    }
    if reader.phase == Phase::Intro || reader.table.is_empty() {
        return Err(IngestError::EmptyTable {
            line: reader.assessment_line,
            code: reader.code,
        });
    }

    let (text, source) = split_intro(&reader.intro);
    Ok(Chapter {
        commitment: Commitment {
            code: heading.code,
            area: heading.area,
            title: heading.title,
            text,
            source,
        },
        sections: reader
            .sections
            .into_iter()
            .map(|(kind, paras)| Section {
                kind,
                text: paras.join("\n\n"),
            })
            .collect(),
        director: reader.director,
        lead_analyst: reader.lead_analyst,
        assessment_table: reader.table,
        published_average: reader.average,
        members: reader.members,
        citations: normalised.footnotes.iter().map(citation).collect(),
    })
}

/// The quoted commitment, outer quotation marks removed, and its source: whatever follows the
/// last closing quotation mark (the commitment may quote words of its own, and its source may
/// sit on the next line without a blank one). The commitment keeps its footnote markers; a marker
/// after the closing quotation mark or on the source line cites the commitment's source, so it
/// joins the end of the commitment's text, and the source stays plain.
fn split_intro(intro: &[Para]) -> (String, String) {
    let all = intro
        .iter()
        .map(|p| p.marked.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let close = all.rfind('”').map(|i| (i, '”'.len_utf8())).or_else(|| {
        if all.matches('"').count() >= 2 {
            all.rfind('"').map(|i| (i, 1))
        } else {
            None
        }
    });
    let (quote, source) = match close {
        Some((i, len)) => (&all[..i], &all[i + len..]),
        None => (all.as_str(), ""),
    };
    let mut text = quote
        .trim()
        .trim_start_matches(['“', '"'])
        .trim()
        .to_string();
    for n in citing::markers_in(source) {
        text.push_str(&citing::marker(n));
    }
    let source = citing::strip_markers(source)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (text, source)
}

/// A structural line without its Markdown emphasis: `*Compliance Director: …` → `Compliance …`.
fn plain(text: &str) -> &str {
    text.trim_matches(['*', '_']).trim()
}

fn strip_label<'t>(text: &'t str, labels: &[&str]) -> Option<&'t str> {
    labels
        .iter()
        .find_map(|l| text.strip_prefix(l))
        .map(|rest| rest.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_'))
}

const DIRECTOR: [&str; 2] = ["Compliance Director:", "Compliance Directors:"];
const LEAD: [&str; 2] = ["Lead Analyst:", "Lead Analysts:"];
const ANALYST: [&str; 2] = ["Analyst:", "Analysts:"];

impl Reader<'_> {
    fn item(&mut self, item: Item<'_>) -> Result<(), IngestError> {
        match (item, self.phase) {
            (Item::Blank | Item::Break, Phase::Table) => Ok(()),
            (Item::Blank, _) => {
                self.paras.blank();
                Ok(())
            }
            (Item::Break, _) => {
                self.paras.page_break();
                Ok(())
            }
            (Item::Text { line, text }, Phase::Intro) => {
                if text.eq_ignore_ascii_case("assessment") {
                    self.flush()?;
                    self.phase = Phase::Table;
                    self.assessment_line = line;
                    Ok(())
                } else {
                    self.prose(line, text)
                }
            }
            (Item::Text { line, text }, Phase::Table) => self.table_line(line, text),
            (Item::Text { line, text }, Phase::Body) => self.body_line(line, text),
        }
    }

    fn table_line(&mut self, line: usize, text: &str) -> Result<(), IngestError> {
        let p = plain(text);
        if SectionKind::from_heading(p).is_some()
            || strip_label(p, &DIRECTOR).is_some()
            || strip_label(p, &LEAD).is_some()
        {
            self.start_body();
            return self.body_line(line, text);
        }
        match table_line(text, line)? {
            TableLine::Header => {}
            TableLine::Row(row) => self.table.push(row),
            TableLine::Average(average) => {
                self.average = Some(average);
                self.start_body();
            }
        }
        Ok(())
    }

    fn start_body(&mut self) {
        self.phase = Phase::Body;
        self.paras.hard_blanks = false;
    }

    fn body_line(&mut self, line: usize, text: &str) -> Result<(), IngestError> {
        let p = plain(text);
        if let Some(kind) = SectionKind::from_heading(p) {
            self.flush()?;
            let index = match self.sections.iter().position(|(k, _)| *k == kind) {
                Some(i) => i,
                None => {
                    self.sections.push((kind, Vec::new()));
                    self.sections.len() - 1
                }
            };
            self.target = Target::Section(index);
        } else if let Some(name) = strip_label(p, &DIRECTOR) {
            self.flush()?;
            self.director = Some(name.to_string());
            self.target = Target::Staff;
        } else if let Some(name) = strip_label(p, &LEAD) {
            self.flush()?;
            self.lead_analyst = Some(name.to_string());
            self.target = Target::Staff;
        } else if let Some((member, score)) = self.member_heading(p) {
            self.flush()?;
            self.close_member(false)?;
            self.beyond_last.clear();
            let heading = score_word(score)
                .map(|w| {
                    w.parse::<Verdict>().map_err(|_| IngestError::HeadingScore {
                        line,
                        member: shown(&member),
                        found: shown(score),
                    })
                })
                .transpose()?;
            self.member = Some(MemberDraft {
                member,
                heading,
                paras: Vec::new(),
                analyst: None,
            });
            self.target = Target::Member;
        } else if let Some(name) = strip_label(p, &ANALYST) {
            self.flush()?;
            match self.member.as_mut() {
                Some(m) if m.analyst.is_none() => m.analyst = Some(name.to_string()),
                Some(m) => self.warnings.push(ParseWarning::new(
                    line,
                    format!(
                        "a second Analyst line in {}'s section was left out",
                        m.member
                    ),
                )),
                None => self.warnings.push(ParseWarning::new(
                    line,
                    "an Analyst line outside any member's section was left out".into(),
                )),
            }
        } else if text.contains('\t') {
            // A table row (the Scoring Guidelines): a paragraph of its own.
            self.flush()?;
            self.deliver(RawPara {
                line,
                text: text.to_string(),
            })?;
        } else {
            self.prose(line, text)?;
        }
        Ok(())
    }

    /// `Canada: +1`, where Canada is a row of the Assessment table. The part after the colon is
    /// short (a score, or something meant to be one); a sentence is prose.
    fn member_heading<'t>(&self, text: &'t str) -> Option<(String, &'t str)> {
        let (name, rest) = text.split_once(':')?;
        let name = name.trim();
        let row = self.table.iter().find(|r| r.member == name)?;
        let rest = rest.trim();
        if rest.split_whitespace().count() > 3 || rest.chars().count() > 30 || rest.ends_with('.') {
            return None;
        }
        Some((row.member.clone(), rest))
    }

    fn prose(&mut self, line: usize, text: &str) -> Result<(), IngestError> {
        let done = self.paras.push(line, text);
        self.broken.append(&mut self.paras.broken);
        match done {
            Some(done) => self.deliver(done),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> Result<(), IngestError> {
        match self.paras.flush() {
            Some(done) => self.deliver(done),
            None => Ok(()),
        }
    }

    fn deliver(&mut self, raw: RawPara) -> Result<(), IngestError> {
        let para = clean(&raw, self.layout, &mut self.cursor)?;
        if para.text.is_empty() {
            return Ok(());
        }
        if let Some(i) = self.broken.iter().position(|b| b.date_line == para.line) {
            let broken = self.broken.remove(i);
            self.report_broken(&broken, &para);
        }
        if self.target == Target::Member
            && self.member.as_ref().is_some_and(|m| m.analyst.is_none())
        {
            let last = self.last_footnote;
            self.beyond_last.extend(
                para.citations
                    .iter()
                    .copied()
                    .filter(|&n| last.is_none_or(|last| n > last))
                    .chain(para.beyond_last.iter().copied()),
            );
        }
        if self.phase == Phase::Intro {
            self.intro.push(para);
            return Ok(());
        }
        let left_out = match self.target {
            Target::Section(i) => {
                if let Some((kind, paras)) = self.sections.get_mut(i) {
                    push_section_paragraph(*kind, paras, para.marked);
                }
                return Ok(());
            }
            Target::Member => match self.member.as_mut() {
                Some(m) if m.analyst.is_none() => {
                    m.paras.push(para);
                    return Ok(());
                }
                Some(m) => format!("text after the Analyst line of {}'s section", m.member),
                None => "text outside any member's section".to_string(),
            },
            Target::Preamble => {
                "text between the Assessment table and the first section heading".into()
            }
            Target::Staff => {
                "text after the Lead Analyst line, before the first member's section".into()
            }
        };
        self.warnings.push(ParseWarning::new(
            para.line,
            format!(
                "{left_out} was left out (chapter {}, line {})",
                self.code, self.heading_line
            ),
        ));
        Ok(())
    }

    /// A sentence split off where a stray break cut it: a warning with the check's code, so
    /// that editors can mend the source.
    fn report_broken(&mut self, broken: &BrokenSentence, para: &Para) {
        let date: Vec<&str> = para.text.split_whitespace().skip(1).take(3).collect();
        let date = date.join(" ");
        let date = date.trim_end_matches(',');
        self.warnings.push(ParseWarning {
            line: broken.word_line,
            message: format!(
                "the paragraph ends with \"{word}\" and the sentence it opens goes on after a break, at line {date_line} (\"{date}, …\"): read as one sentence \"{word} {date}, …\", a paragraph of its own; remove the stray blank line from the source",
                word = broken.word,
                date_line = broken.date_line,
            ),
            code: Some(FindingCode::ParagraphBreakInSentence),
            commitment: Some(self.code.clone()),
            member: self
                .member
                .as_ref()
                .filter(|_| self.target == Target::Member)
                .map(|m| m.member.clone()),
            footnote: para.citations.first().copied(),
        });
    }

    /// `at_end`: the chapter's text is over, so the file stops in this section if it has no
    /// Analyst line yet.
    fn close_member(&mut self, at_end: bool) -> Result<(), IngestError> {
        if let Some(draft) = self.member.take() {
            let stops_here = at_end && draft.analyst.is_none();
            let section = finish(draft, self.period, self.warnings, stops_here)?;
            self.members.push(section);
        }
        Ok(())
    }

    /// Whether the chapter stops short: where it stops is `stop_line`; what is missing is
    /// the Assessment table's end, the member sections after the last one read, or the end of
    /// that section ("Thus" sentence and Analyst line), or the footnotes that section cites.
    /// A member missing between others, or an n/a member without a section, is an editorial
    /// slip for the check (`member-missing`), not a cut.
    fn cut_short(&self, stop_line: usize, mid_line: bool) -> Option<IngestError> {
        let open = self.member.as_ref().map(|m| m.member.as_str());
        let last = open.or(self.members.last().map(|m| m.member.as_str()));
        let last_row = last.and_then(|name| self.table.iter().position(|r| r.member == name));
        let missing: Vec<&str> = self
            .table
            .iter()
            .enumerate()
            .filter(|&(i, r)| {
                last_row.is_none_or(|l| i > l)
                    && r.verdict.score().is_some()
                    && !self.members.iter().any(|m| m.member == r.member)
            })
            .map(|(_, r)| r.member.as_str())
            .collect();
        // What the last section lacks, when the file stops inside it: its "Thus" sentence and
        // Analyst line (if the chapter's other sections have either), or only its Analyst line
        // (if every other section has one). A "Thus" sentence missing before an Analyst line
        // is a slip, not a cut.
        let unfinished = match (open, self.members.split_last()) {
            (Some(_), _) if mid_line => Some(NO_THUS_NO_ANALYST),
            (None, Some((last, earlier))) if last.analyst.is_none() => {
                let has_either =
                    |m: &MemberSection| m.thus_verdict.is_some() || m.analyst.is_some();
                if last.thus_verdict.is_none()
                    && (earlier.is_empty() || earlier.iter().any(has_either))
                {
                    Some(NO_THUS_NO_ANALYST)
                } else if !earlier.is_empty() && earlier.iter().all(|m| m.analyst.is_some()) {
                    Some("no Analyst line")
                } else {
                    None
                }
            }
            _ => None,
        };
        let unfinished_text = unfinished.unwrap_or_default();
        let unfinished = unfinished.is_some();
        let in_table = self.phase != Phase::Body;
        if !in_table && !unfinished && missing.is_empty() && !mid_line {
            return self.footnotes_cut_off(stop_line, last);
        }
        // Inside the table, the rows still to come are unknown: no member can be named.
        let mut detail = if in_table {
            return Some(IngestError::Truncated {
                line: stop_line,
                code: shown(&self.code),
                detail: match self.table.last() {
                    None => "before the first row of its Assessment table: the table, its Average line and every member's section are missing".to_string(),
                    Some(row) => format!(
                        "inside the Assessment table, after the row for {}: the rest of the table, its Average line and every member's section are missing",
                        shown(&row.member)
                    ),
                },
            });
        } else {
            match (self.target, last) {
                (Target::Member, Some(name)) if unfinished => {
                    format!("inside the section for {}: {unfinished_text}", shown(name))
                }
                (Target::Member, Some(name)) => format!("after the section for {}", shown(name)),
                (Target::Section(i), _) => match self.sections.get(i) {
                    Some((kind, _)) => format!("in the {} section", kind.heading()),
                    None => "in a section".to_string(),
                },
                (Target::Staff, _) => "after the compliance director and lead analyst".to_string(),
                _ => "after the Assessment table".to_string(),
            }
        };
        match missing.as_slice() {
            [] => {}
            [one] => detail.push_str(&format!("; the section for {} is missing", shown(one))),
            [init @ .., last] => detail.push_str(&format!(
                "; the sections for {} and {} are missing",
                init.iter().map(|m| shown(m)).collect::<Vec<_>>().join(", "),
                shown(last)
            )),
        }
        Some(IngestError::Truncated {
            line: stop_line,
            code: shown(&self.code),
            detail,
        })
    }

    /// Every section is there, but the last one cites footnotes past the last one the file
    /// has: the footnotes after it were cut off.
    fn footnotes_cut_off(&self, stop_line: usize, last: Option<&str>) -> Option<IngestError> {
        let member = last?;
        let mut numbers = self.beyond_last.clone();
        numbers.sort_unstable();
        numbers.dedup();
        (!numbers.is_empty()).then(|| IngestError::TruncatedFootnotes {
            line: stop_line,
            code: shown(&self.code),
            member: shown(member),
            numbers,
        })
    }
}

const NO_THUS_NO_ANALYST: &str = "no \"Thus … receives a score of\" sentence and no Analyst line";

/// The score word of a member heading: `+1`, `−1`, `n/a`; `None` for a heading without one.
fn score_word(rest: &str) -> Option<&str> {
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// Adds a paragraph to a section. In the Scoring Guidelines a row's score can stand on a line of
/// its own (`0`, then the row's text): it is joined to the text it labels.
fn push_section_paragraph(kind: SectionKind, paras: &mut Vec<String>, text: String) {
    if kind == SectionKind::ScoringGuidelines
        && let Some(last) = paras.last_mut()
        && last.parse::<Verdict>().is_ok()
    {
        last.push(' ');
        last.push_str(&text);
        return;
    }
    paras.push(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Para {
        Para {
            line: 1,
            text: citing::strip_markers(text),
            marked: text.to_string(),
            citations: citing::markers_in(text),
            beyond_last: Vec::new(),
        }
    }

    #[test]
    fn quote_and_source() {
        let split =
            |paras: &[&str]| split_intro(&paras.iter().map(|p| para(p)).collect::<Vec<_>>());
        assert_eq!(
            split(&["“We will “enhance” ports.”", "Leaders’ Declaration"]),
            (
                "We will “enhance” ports.".to_string(),
                "Leaders’ Declaration".to_string()
            )
        );
        assert_eq!(
            split(&["“We will act.” Leaders’ Declaration"]),
            (
                "We will act.".to_string(),
                "Leaders’ Declaration".to_string()
            )
        );
        assert_eq!(
            split(&["“First part,", "second part.”", "Source"]),
            (
                "First part,\n\nsecond part.".to_string(),
                "Source".to_string()
            )
        );
        assert_eq!(split(&["\"Plain quotes.\"", "Source"]).1, "Source");
        // Markers stay in the commitment; one after the quotation or on the source line joins it.
        assert_eq!(
            split(&["“We will act¹² now.”³⁴", "Declaration⁵⁶"]),
            (
                "We will act¹² now.³⁴⁵⁶".to_string(),
                "Declaration".to_string()
            )
        );
        assert_eq!(
            split(&["No quotation"]),
            ("No quotation".to_string(), String::new())
        );
    }
}
