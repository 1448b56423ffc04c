//! The report of a cycle, prepared once for every renderer: chapters in commitment order with
//! their footnotes numbered continuously through the report from a configurable first number,
//! the score matrix, and the research team.

use std::collections::BTreeMap;

use jiff::civil::Date;
use pledgewatch_domain::citing::{marker, markers_in};
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::people::{Person, people_of};
use pledgewatch_domain::{BodyParagraph, Chapter, Cycle, Section};

/// What the caller decides about a report; everything else comes from the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The number of the report's first footnote (published reports continue a series: the
    /// 2024 Apulia report's chapter 18 starts at 4068).
    pub first_footnote: u32,
    /// Defaults to "<cycle name> Compliance Report".
    pub title: Option<String>,
    /// "Prepared by …" on the title page.
    pub prepared_by: Option<String>,
    /// The publication date on the title page.
    pub published_on: Option<Date>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            first_footnote: 1,
            title: None,
            prepared_by: None,
            published_on: None,
        }
    }
}

/// A cycle's report, ready to render.
#[derive(Debug, Clone)]
pub struct Report {
    pub cycle: Cycle,
    pub title: String,
    pub prepared_by: Option<String>,
    pub published_on: Option<Date>,
    /// Chapters in report order, footnotes renumbered continuously.
    pub chapters: Vec<Chapter>,
    pub matrix: ScoreMatrix,
    /// Analysts, compliance directors and lead analysts, spelling variants grouped.
    pub team: Vec<Person>,
}

impl Report {
    /// Prepares `chapters` (in the order given: the store returns commitment order) for
    /// rendering. The matrix is computed from the chapters, so the tables and the chapters can
    /// never disagree.
    pub fn new(cycle: &Cycle, chapters: &[Chapter], options: &ReportOptions) -> Report {
        let mut next = options.first_footnote;
        let chapters: Vec<Chapter> = chapters
            .iter()
            .map(|c| {
                let (renumbered, after) = renumber(c, next);
                next = after;
                renumbered
            })
            .collect();
        Report {
            cycle: cycle.clone(),
            title: options
                .title
                .clone()
                .unwrap_or_else(|| format!("{} Compliance Report", cycle.name)),
            prepared_by: options.prepared_by.clone(),
            published_on: options.published_on,
            matrix: ScoreMatrix::from_chapters(&chapters, cycle.convention),
            team: people_of(&chapters),
            chapters,
        }
    }

    /// The footnote numbers of the whole report, first to last.
    pub fn footnote_range(&self) -> Option<(u32, u32)> {
        let mut numbers = self
            .chapters
            .iter()
            .flat_map(|c| c.citations.iter().map(|n| n.number));
        let first = numbers.next()?;
        Some((first, numbers.last().unwrap_or(first)))
    }
}

/// Renumbers one chapter's footnotes from `first`, in the order of their old numbers, and rewrites
/// every reference (evidence and narrative citation lists, superscript markers in prose).
/// Returns the chapter and the next free number.
pub fn renumber(chapter: &Chapter, first: u32) -> (Chapter, u32) {
    let mut old: Vec<u32> = chapter.citations.iter().map(|c| c.number).collect();
    old.sort_unstable();
    old.dedup();
    let map: BTreeMap<u32, u32> = old.iter().zip(first..).map(|(&o, n)| (o, n)).collect();
    let next = first + u32::try_from(map.len()).unwrap_or(u32::MAX - first);
    let to = |n: u32| map.get(&n).copied().unwrap_or(n);

    let mut c = chapter.clone();
    c.commitment.text = remark(&c.commitment.text, &map);
    c.sections = c
        .sections
        .iter()
        .map(|s| Section {
            kind: s.kind,
            text: remark(&s.text, &map),
        })
        .collect();
    for m in &mut c.members {
        m.opening = remark(&m.opening, &map);
        m.conclusion = remark(&m.conclusion, &map);
        for p in &mut m.body {
            match p {
                BodyParagraph::Evidence(e) => e.citations.iter_mut().for_each(|n| *n = to(*n)),
                BodyParagraph::Narrative { citations, .. } => {
                    citations.iter_mut().for_each(|n| *n = to(*n))
                }
            }
        }
    }
    for cite in &mut c.citations {
        cite.number = to(cite.number);
    }
    (c, next)
}

/// Rewrites the superscript markers in `text` through `map`, leaving all other text alone.
fn remark(text: &str, map: &BTreeMap<u32, u32>) -> String {
    if markers_in(text).is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.is_empty() {
            return;
        }
        let value = markers_in(digits).first().copied();
        match value.and_then(|v| map.get(&v)) {
            Some(&n) => out.push_str(&marker(n)),
            None => out.push_str(digits),
        }
        digits.clear();
    };
    for ch in text.chars() {
        if is_superscript_digit(ch) {
            digits.push(ch);
        } else {
            flush(&mut digits, &mut out);
            out.push(ch);
        }
    }
    flush(&mut digits, &mut out);
    out
}

fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{2070}' | '\u{00B9}' | '\u{00B2}' | '\u{00B3}' | '\u{2074}'..='\u{2079}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_rewritten_and_other_text_kept() {
        let map: BTreeMap<u32, u32> = [(4068, 1), (4069, 2)].into_iter().collect();
        let text = format!(
            "Leaders met.{} Then again.{} End {}",
            marker(4068),
            marker(4069),
            marker(9)
        );
        assert_eq!(
            remark(&text, &map),
            format!(
                "Leaders met.{} Then again.{} End {}",
                marker(1),
                marker(2),
                marker(9)
            )
        );
    }
}
