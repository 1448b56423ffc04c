//! Where a chapter cites its footnotes.
//!
//! Evidence items and undated paragraphs carry their footnote numbers in the model
//! (`EvidenceItem::citations`, `BodyParagraph::Narrative::citations`). Prose that the model keeps
//! as plain text (the commitment text, the Background … Scoring Guidelines sections, a member's
//! opening and concluding paragraphs) has no such list, yet reports cite footnotes there too:
//! Background cites every earlier summit it recalls. So the model's convention for prose is the
//! report's own: a footnote marker is a run of superscript digits (`⁴⁰⁷⁰`) left in the text where
//! it was cited. [`marker`] writes one, [`markers_in`] reads them back, [`strip_markers`] removes
//! them for plain display.
//!
//! This keeps citations in prose without a new field, and they survive any store that keeps the
//! text. An importer that drops the markers from prose loses those citations: the checks then
//! see the footnotes as unused.

use std::collections::BTreeSet;
use std::fmt;

use crate::model::{BodyParagraph, Chapter, SectionKind};

const SUPERSCRIPT: [char; 10] = [
    '\u{2070}', '\u{00B9}', '\u{00B2}', '\u{00B3}', '\u{2074}', '\u{2075}', '\u{2076}', '\u{2077}',
    '\u{2078}', '\u{2079}',
];

/// The value of a superscript digit (`⁴` → 4); `None` for any other character.
pub fn superscript_value(c: char) -> Option<u32> {
    SUPERSCRIPT
        .iter()
        .position(|&s| s == c)
        .and_then(|d| u32::try_from(d).ok())
}

/// The footnote marker for `number` as a report prints it: `⁴⁰⁷⁰`.
pub fn marker(number: u32) -> String {
    number
        .to_string()
        .chars()
        .filter_map(|d| d.to_digit(10).map(|d| SUPERSCRIPT[d as usize]))
        .collect()
}

/// Every footnote marker in `text`, in order: each run of superscript digits is one number.
/// A run too long for a `u32` is not a footnote number and is skipped.
pub fn markers_in(text: &str) -> Vec<u32> {
    let mut found = Vec::new();
    let mut current: Option<u32> = None;
    let mut overflow = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        match superscript_value(c) {
            Some(d) => {
                let next = current
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(d));
                overflow |= next.is_none();
                current = Some(next.unwrap_or(0));
            }
            None => {
                if let Some(n) = current.take()
                    && !overflow
                {
                    found.push(n);
                }
                overflow = false;
            }
        }
    }
    found
}

/// `text` without its footnote markers.
pub fn strip_markers(text: &str) -> String {
    text.chars()
        .filter(|&c| superscript_value(c).is_none())
        .collect()
}

/// The part of a chapter a footnote is cited in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place<'a> {
    CommitmentText,
    Section(SectionKind),
    Opening {
        member: &'a str,
    },
    /// The `index`-th paragraph of the member's body (evidence or undated).
    Body {
        member: &'a str,
        index: usize,
    },
    Conclusion {
        member: &'a str,
    },
}

impl<'a> Place<'a> {
    /// The member whose section it is, if any.
    pub fn member(&self) -> Option<&'a str> {
        match *self {
            Place::CommitmentText | Place::Section(_) => None,
            Place::Opening { member }
            | Place::Body { member, .. }
            | Place::Conclusion { member } => Some(member),
        }
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::CommitmentText => f.write_str("the commitment text"),
            Place::Section(kind) => write!(f, "section {}", kind.heading()),
            Place::Opening { member } => write!(f, "{member}'s opening paragraph"),
            Place::Body { member, index } => write!(f, "{member}'s paragraph {}", index + 1),
            Place::Conclusion { member } => write!(f, "{member}'s concluding paragraph"),
        }
    }
}

/// Every citation of a footnote in the chapter, in reading order, with where it occurs.
/// A number both listed on a paragraph and marked in its text counts once for that paragraph.
pub fn citations_by_place(chapter: &Chapter) -> Vec<(u32, Place<'_>)> {
    fn push<'a>(
        out: &mut Vec<(u32, Place<'a>)>,
        place: Place<'a>,
        numbers: impl Iterator<Item = u32>,
    ) {
        let mut seen = BTreeSet::new();
        for n in numbers {
            if seen.insert(n) {
                out.push((n, place));
            }
        }
    }
    let mut out = Vec::new();
    push(
        &mut out,
        Place::CommitmentText,
        markers_in(&chapter.commitment.text).into_iter(),
    );
    for s in &chapter.sections {
        push(
            &mut out,
            Place::Section(s.kind),
            markers_in(&s.text).into_iter(),
        );
    }
    for m in &chapter.members {
        let member = m.member.as_str();
        push(
            &mut out,
            Place::Opening { member },
            markers_in(&m.opening).into_iter(),
        );
        for (index, p) in m.body.iter().enumerate() {
            let (text, listed) = match p {
                BodyParagraph::Evidence(e) => (&e.text, &e.citations),
                BodyParagraph::Narrative { text, citations } => (text, citations),
            };
            push(
                &mut out,
                Place::Body { member, index },
                listed.iter().copied().chain(markers_in(text)),
            );
        }
        push(
            &mut out,
            Place::Conclusion { member },
            markers_in(&m.conclusion).into_iter(),
        );
    }
    out
}

/// Every footnote number the chapter cites anywhere.
pub fn cited_numbers(chapter: &Chapter) -> BTreeSet<u32> {
    citations_by_place(chapter)
        .into_iter()
        .map(|(n, _)| n)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        for n in [0, 7, 10, 4068, 4413, 1_234_567_890] {
            assert_eq!(markers_in(&marker(n)), [n]);
        }
        assert_eq!(marker(4070), "\u{2074}\u{2070}\u{2077}\u{2070}");
    }

    #[test]
    fn reads_every_marker_in_prose() {
        let text = format!(
            "Leaders met in 1993.{} They met again.{} And{}",
            marker(4070),
            marker(4071),
            marker(12)
        );
        assert_eq!(markers_in(&text), [4070, 4071, 12]);
        assert_eq!(
            strip_markers(&text),
            "Leaders met in 1993. They met again. And"
        );
        // Ordinary digits are not markers; an absurdly long run is skipped, not wrapped.
        assert_eq!(markers_in("In 2024, 3 times."), Vec::<u32>::new());
        assert_eq!(
            markers_in(&format!("{} {}", marker(99), "\u{00B9}".repeat(30))),
            [99]
        );
    }
}
