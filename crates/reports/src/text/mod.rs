//! A chapter written back out as text in either layout of the published reports, so that the
//! importer reads it back as the same chapter (issue 5's round trip): [`write_markdown_like`]
//! (seed 000's layout) and [`write_pdf_text`] (seed 001's layout).
//!
//! The model keeps evidence and undated paragraphs as marker-free text with a list of footnote
//! numbers, so where inside such a paragraph a marker stood is not known: the writers put the
//! markers on the paragraph's last words, in order, which the importer reads back as the same
//! text and the same list.

mod markdown;
mod pdf;

pub use markdown::write_markdown_like;
pub use pdf::write_pdf_text;

use pledgewatch_domain::{BodyParagraph, Chapter, MemberSection, SectionKind, Verdict};

/// `+1`, `0`, `−1`, `n/a` as reports print them; empty when not yet assessed.
pub(crate) fn verdict_text(v: Verdict) -> &'static str {
    match v {
        Verdict::Scored(s) => s.published(),
        Verdict::NotApplicable => "n/a",
        Verdict::NotAssessed => "",
    }
}

/// The chapter's heading line: `18. Migration and Refugees: Border Management`.
pub(crate) fn heading(chapter: &Chapter) -> String {
    let c = &chapter.commitment;
    format!("{}. {}: {}", c.code, c.area, c.title)
}

/// A section's paragraphs (the model keeps them separated by a blank line).
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

/// A Scoring Guidelines row: `−1 The member …` → (`−1`, `The member …`).
pub(crate) fn scoring_row(kind: SectionKind, para: &str) -> Option<(&str, &str)> {
    if kind != SectionKind::ScoringGuidelines {
        return None;
    }
    let (first, rest) = para.split_once(' ')?;
    first.parse::<Verdict>().ok()?;
    Some((first, rest))
}

/// One paragraph of a member section, in reading order.
pub(crate) enum MemberPara<'a> {
    /// Prose with its markers in place (opening, conclusion).
    Marked(&'a str),
    /// Marker-free text and the footnotes it cites.
    Cited(&'a str, &'a [u32]),
}

/// A member section's paragraphs: opening, body, conclusion, then the Thus sentence on its own.
pub(crate) fn member_paragraphs(m: &MemberSection) -> (Vec<MemberPara<'_>>, Option<String>) {
    let mut out = Vec::new();
    if !m.opening.is_empty() {
        out.push(MemberPara::Marked(&m.opening));
    }
    for p in &m.body {
        match p {
            BodyParagraph::Evidence(e) => out.push(MemberPara::Cited(&e.text, &e.citations)),
            BodyParagraph::Narrative { text, citations } => {
                out.push(MemberPara::Cited(text, citations))
            }
        }
    }
    if !m.conclusion.is_empty() {
        out.push(MemberPara::Marked(&m.conclusion));
    }
    let thus = m.thus_verdict.map(|v| {
        format!(
            "Thus, {} receives a score of {}.",
            m.member,
            verdict_text(v)
        )
    });
    (out, thus)
}

/// Puts one marker after each of the last words of `text` that `fits` accepts, in order: the
/// last marker on the last fitting word. Markers that find no word go at the end.
pub(crate) fn glue_markers(
    text: &str,
    citations: &[u32],
    fits: impl Fn(&str) -> bool,
    render: impl Fn(u32) -> String,
) -> String {
    if citations.is_empty() {
        return text.to_string();
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut slots: Vec<Option<u32>> = vec![None; words.len()];
    let mut pending: Vec<u32> = citations.to_vec();
    for i in (0..words.len()).rev() {
        if pending.is_empty() {
            break;
        }
        if fits(words[i]) {
            slots[i] = pending.pop();
        }
    }
    let mut out = String::with_capacity(text.len() + citations.len() * 8);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
        if let Some(n) = slots[i] {
            out.push_str(&render(n));
        }
    }
    for n in pending {
        out.push_str(&render(n));
    }
    out
}
