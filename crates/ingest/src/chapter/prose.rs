//! Paragraphs: rejoining the lines of one paragraph, deciding whether a paragraph goes on across a
//! page break or footnote block, and reading the footnote markers of the finished text.
//!
//! A finished paragraph is kept two ways, because the model cites footnotes two ways
//! (`pledgewatch_domain::citing`): evidence and undated paragraphs list their footnote numbers
//! beside marker-free text, while prose the model keeps as plain text (the commitment, the
//! sections, a member's opening and conclusion) keeps its markers as superscript digits.

use pledgewatch_domain::citing;

use super::dates::opens_with_date;
use super::lines::{Layout, ends_with_glued_hyphen, superscript_digit};
use crate::IngestError;

/// A paragraph as the source has it, markers still in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawPara {
    /// Its first line.
    pub line: usize,
    pub text: String,
}

/// A sentence opening with a preposition and a date that a stray blank line (or page break)
/// cut after its first word: `… English Channel. On` / `16 November 2024, the …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenSentence {
    /// The line ending in the preposition, and the line the date opens.
    pub word_line: usize,
    pub date_line: usize,
    pub word: &'static str,
}

/// Words that open a sentence about when something happened. Left alone at the end of a
/// paragraph they cannot end it: the sentence goes on in the next paragraph.
const DATE_PREPOSITIONS: [&str; 7] = ["On", "In", "By", "From", "Since", "Until", "As of"];

/// A finished paragraph, whitespace collapsed: `text` without its markers and the footnotes it
/// cites in order (for evidence and undated paragraphs), and `marked`, the same text with every
/// marker left where it was cited as superscript digits (for prose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub line: usize,
    pub text: String,
    pub marked: String,
    pub citations: Vec<u32>,
    /// PDF text only: glued numbers that go on counting past the chapter's last footnote
    /// (`…network.3191` when the file defines footnotes up to 3190). Left in the text, they say
    /// the footnotes were cut off.
    pub beyond_last: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    None,
    Blank,
    Break,
}

/// Collects prose lines into paragraphs. A paragraph is finished only when the next one starts
/// (or on [`ParaBuilder::flush`]), because whether text after a blank line or a page break
/// continues it depends on that text.
#[derive(Debug)]
pub(crate) struct ParaBuilder {
    layout: Layout,
    /// Blank lines always end a paragraph (the chapter's opening: quote, then source).
    pub hard_blanks: bool,
    current: Option<RawPara>,
    /// The line the current paragraph's text last came from.
    last_line: usize,
    sep: Sep,
    /// Sentences split off where a stray break cut them; the reader reports each.
    pub broken: Vec<BrokenSentence>,
}

impl ParaBuilder {
    pub fn new(layout: Layout) -> ParaBuilder {
        ParaBuilder {
            layout,
            hard_blanks: false,
            current: None,
            last_line: 0,
            sep: Sep::None,
            broken: Vec::new(),
        }
    }

    pub fn blank(&mut self) {
        if self.sep == Sep::None {
            self.sep = Sep::Blank;
        }
    }

    pub fn page_break(&mut self) {
        self.sep = Sep::Break;
    }

    /// Adds a prose line; returns the previous paragraph when this line starts a new one.
    pub fn push(&mut self, line: usize, text: &str) -> Option<RawPara> {
        let sep = std::mem::replace(&mut self.sep, Sep::None);
        let word_line = std::mem::replace(&mut self.last_line, line);
        let Some(current) = self.current.as_mut() else {
            self.current = Some(RawPara {
                line,
                text: text.to_string(),
            });
            return None;
        };
        if sep != Sep::None
            && !self.hard_blanks
            && opens_with_date(text)
            && let Some((at, word)) = dangling_preposition(&current.text)
        {
            // One sentence cut by a stray break after its first word: the word goes back to
            // its sentence, which becomes a paragraph of its own.
            current.text.truncate(at);
            current.text.truncate(current.text.trim_end().len());
            self.broken.push(BrokenSentence {
                word_line,
                date_line: line,
                word,
            });
            let next = RawPara {
                line,
                text: format!("{word} {text}"),
            };
            return if current.text.is_empty() {
                self.current = Some(next);
                None
            } else {
                self.current.replace(next)
            };
        }
        let continues = match sep {
            Sep::None => true,
            Sep::Blank if self.hard_blanks || self.layout == Layout::PdfText => false,
            // In the Markdown-like layout a page break shows only as a blank line, so a blank
            // line is judged like a footnote block.
            Sep::Blank | Sep::Break => continues_across_break(&current.text, text),
        };
        if continues {
            join_prose(&mut current.text, text);
            None
        } else {
            self.current.replace(RawPara {
                line,
                text: text.to_string(),
            })
        }
    }

    /// Ends the current paragraph (a heading or another structural line follows).
    pub fn flush(&mut self) -> Option<RawPara> {
        self.sep = Sep::None;
        self.current.take()
    }
}

/// A paragraph whose last sentence is only a date preposition (`… Channel. On`): where that
/// word starts, and the word.
fn dangling_preposition(text: &str) -> Option<(usize, &'static str)> {
    let t = text.trim_end();
    DATE_PREPOSITIONS.iter().find_map(|&word| {
        let before = t.strip_suffix(word)?;
        let starts_sentence = before.is_empty()
            || (before.ends_with(char::is_whitespace) && is_terminated(before.trim_end()));
        starts_sentence.then_some((before.len(), word))
    })
}

fn join_prose(text: &mut String, next: &str) {
    if !ends_with_glued_hyphen(text) {
        text.push(' ');
    }
    text.push_str(next);
}

/// Text after a break continues the paragraph before it when it starts in lower case
/// (`and uplift public safety.`) or when the paragraph before stopped mid-sentence.
fn continues_across_break(before: &str, after: &str) -> bool {
    after.starts_with(char::is_lowercase) || !is_terminated(before)
}

/// Whether a paragraph ends like a finished sentence: `.`, `?`, `!`, `:` or `;`, possibly followed
/// by closing quotes or brackets and by footnote markers (`false.3093`, `persons.”⁴⁰⁸¹`).
pub(crate) fn is_terminated(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.trim_end_matches(|c| superscript_digit(c).is_some());
    // Digits glued to the word before them are a PDF-text marker; `in 2024` is not.
    let without_digits = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let t = if without_digits.len() < t.len()
        && without_digits.ends_with(|c: char| !c.is_whitespace())
    {
        without_digits
    } else {
        t
    };
    let t = t.trim_end_matches(['”', '"', '’', '\'', ')', ']', '*']);
    t.ends_with(['.', '?', '!', ':', ';', '…'])
}

/// Tells footnote markers from other numbers in PDF text, where they are plain digits glued to
/// the text (`trafficking.3057`, `a state3028`). Markers appear in the order of the footnotes, so
/// a number counts only if it is a footnote of this chapter and the next one expected (or a few
/// further on, after a marker the text lost); `G7`, `GBP150`, `2020-2022` and `1.5` stay text.
#[derive(Debug)]
pub(crate) struct MarkerCursor {
    defined: Vec<u32>,
    next: Option<u32>,
}

impl MarkerCursor {
    pub fn new(mut defined: Vec<u32>) -> MarkerCursor {
        defined.sort_unstable();
        defined.dedup();
        MarkerCursor {
            defined,
            next: None,
        }
    }

    /// Whether `n`, not a footnote of the chapter, is the number the markers would reach next
    /// after the last footnote defined: a marker whose footnote the file no longer has.
    fn beyond_last(&mut self, n: u32) -> bool {
        let past_end = self.defined.last().is_some_and(|&last| n > last);
        if past_end && self.next == Some(n) {
            self.next = n.checked_add(1);
            return true;
        }
        false
    }

    fn accept(&mut self, n: u32, strict: bool) -> bool {
        if self.defined.binary_search(&n).is_err() {
            return false;
        }
        let ok = match self.next {
            Some(e) if n == e => true,
            _ if strict => false,
            None => true,
            Some(e) => n > e && n - e <= 10,
        };
        if ok {
            self.next = n.checked_add(1);
        }
        ok
    }
}

/// Reads a paragraph's footnote markers, collapses its whitespace, and gives it both with and
/// without the markers. Superscript markers are kept as written; a PDF-text marker (plain digits
/// glued to the text) becomes superscript digits. A superscript marker too large to be a
/// footnote number is an error, not a marker to drop.
pub(crate) fn clean(
    raw: &RawPara,
    layout: Layout,
    cursor: &mut MarkerCursor,
) -> Result<Para, IngestError> {
    let src = raw.text.as_str();
    let mut text = String::with_capacity(src.len());
    let mut marked = String::with_capacity(src.len() + 16);
    let mut citations = Vec::new();
    let mut beyond_last = Vec::new();
    let mut chars = src.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if superscript_digit(c).is_some() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if superscript_digit(d).is_none() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let written = &src[i..end];
            citations.push(superscript_number(written, raw.line)?);
            marked.push_str(written);
            continue;
        }
        if layout == Layout::PdfText
            && c.is_ascii_digit()
            && prev.is_some_and(|p| !p.is_ascii_digit())
        {
            let end = src[i..]
                .find(|d: char| !d.is_ascii_digit())
                .map_or(src.len(), |e| i + e);
            match pdf_marker(src, i, end, cursor) {
                Some(Glued::Marker(n)) => {
                    citations.push(n);
                    marked.push_str(&citing::marker(n));
                    while chars.peek().is_some_and(|&(j, _)| j < end) {
                        chars.next();
                    }
                    continue;
                }
                Some(Glued::BeyondLast(n)) => beyond_last.push(n),
                None => {}
            }
        }
        if c.is_whitespace() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            if !marked.is_empty() && !marked.ends_with(' ') {
                marked.push(' ');
            }
        } else {
            text.push(c);
            marked.push(c);
        }
        prev = Some(c);
    }
    text.truncate(text.trim_end().len());
    marked.truncate(marked.trim_end().len());
    Ok(Para {
        line: raw.line,
        text,
        marked,
        citations,
        beyond_last,
    })
}

/// The number a run of superscript digits writes; an error naming the line when it does not fit.
pub(crate) fn superscript_number(written: &str, line: usize) -> Result<u32, IngestError> {
    written
        .chars()
        .try_fold(0u32, |n, c| {
            n.checked_mul(10)?.checked_add(superscript_digit(c)?)
        })
        .ok_or_else(|| {
            let digits = written.chars().count();
            let mut found: String = written.chars().take(16).collect();
            if digits > 16 {
                found.push('…');
            }
            IngestError::FootnoteNumberTooLarge {
                line,
                found,
                digits,
            }
        })
}

/// What a run of digits glued to PDF text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glued {
    /// A marker of one of the chapter's footnotes.
    Marker(u32),
    /// The marker that would come next after the chapter's last footnote (see
    /// [`Para::beyond_last`]); it stays text.
    BeyondLast(u32),
}

/// Whether the digits `src[start..end]` are a glued footnote marker.
fn pdf_marker(src: &str, start: usize, end: usize, cursor: &mut MarkerCursor) -> Option<Glued> {
    let before = &src[..start];
    let prev = before.chars().next_back()?;
    // After the digits: a space, the end, or punctuation that is not part of a number
    // (`3057,` is a marker; `300,000`, `1:30` and `1.5` are not).
    let ends_well = match src[end..].chars().next() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) => {
            ",;:).”\"’".contains(c)
                && !src[end + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        }
    };
    if !ends_well {
        return None;
    }
    let strict = if prev.is_alphabetic() {
        if is_short_acronym(before) {
            return None;
        }
        false
    } else if ".,".contains(prev) {
        // After a number's own point or comma (`2022.3069` or `1.5`) only the expected marker.
        before[..before.len() - 1].ends_with(|d: char| d.is_ascii_digit())
    } else if ";:!?”\"’')]".contains(prev) {
        false
    } else {
        return None;
    };
    let digits = &src[start..end];
    if digits.len() > 9 {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    if cursor.accept(n, strict) {
        Some(Glued::Marker(n))
    } else if cursor.beyond_last(n) {
        Some(Glued::BeyondLast(n))
    } else {
        None
    }
}

/// `G7`, `G20`, `GBP`, `USD`: a short all-capitals word directly before the digits names a thing
/// (`G20`, `GBP150`), it is not a footnote marker.
fn is_short_acronym(before: &str) -> bool {
    let word: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    word.len() <= 4 && word.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> RawPara {
        RawPara {
            line: 1,
            text: text.to_string(),
        }
    }

    #[test]
    fn markdown_markers_come_out() {
        let mut c = MarkerCursor::new(vec![]);
        let p = clean(
            &para("Safety.⁴⁰⁹⁵ The changes  apply.⁴⁰⁹⁶"),
            Layout::Markdown,
            &mut c,
        )
        .unwrap();
        assert_eq!(p.text, "Safety. The changes apply.");
        assert_eq!(p.citations, vec![4095, 4096]);
        // Prose keeps them where they were cited.
        assert_eq!(p.marked, "Safety.⁴⁰⁹⁵ The changes apply.⁴⁰⁹⁶");
    }

    #[test]
    fn pdf_markers_are_told_from_numbers() {
        let mut c = MarkerCursor::new((3028..=3070).collect());
        let p = clean(
            &para(
                "entry into a state3028 and the G7 gave GBP150 million in 2020-2022.3029 Done.”3030",
            ),
            Layout::PdfText,
            &mut c,
        )
        .unwrap();
        assert_eq!(
            p.text,
            "entry into a state and the G7 gave GBP150 million in 2020-2022. Done.”"
        );
        assert_eq!(p.citations, vec![3028, 3029, 3030]);
        assert_eq!(
            p.marked,
            "entry into a state³⁰²⁸ and the G7 gave GBP150 million in 2020-2022.³⁰²⁹ Done.”³⁰³⁰"
        );
        // Out of sequence and not a footnote of the chapter: text.
        let p = clean(
            &para("It cost EUR11 million.3069 See 3031 pages."),
            Layout::PdfText,
            &mut c,
        )
        .unwrap();
        assert_eq!(p.text, "It cost EUR11 million.3069 See 3031 pages.");
        assert_eq!(p.marked, p.text);
        assert!(p.citations.is_empty());
    }

    #[test]
    fn markers_too_large_are_errors() {
        let mut c = MarkerCursor::new(vec![]);
        let e = clean(
            &RawPara {
                line: 12,
                text: "Acted.⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹".into(),
            },
            Layout::Markdown,
            &mut c,
        )
        .unwrap_err();
        assert_eq!(
            e,
            IngestError::FootnoteNumberTooLarge {
                line: 12,
                found: "⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹⁹…".into(),
                digits: 20
            }
        );
        assert!(
            e.to_string().starts_with("line 12: the footnote marker"),
            "{e}"
        );
        assert_eq!(superscript_number("⁴²⁹⁴⁹⁶⁷²⁹⁵", 1), Ok(u32::MAX));
        assert!(superscript_number("⁴²⁹⁴⁹⁶⁷²⁹⁶", 1).is_err());
    }

    #[test]
    fn glued_numbers_past_the_last_footnote_are_noted() {
        let mut c = MarkerCursor::new(vec![40, 41]);
        let p = clean(
            &para("It acted.40 Then more.41 Then again.42 In 2031.43 And 44 more."),
            Layout::PdfText,
            &mut c,
        )
        .unwrap();
        assert_eq!(p.citations, [40, 41]);
        // 42 and 43 go on counting; "44" after a space is no marker.
        assert_eq!(p.beyond_last, [42, 43]);
        assert!(p.text.contains("again.42"), "{}", p.text);
    }

    #[test]
    fn a_sentence_broken_after_its_first_word_is_split_off() {
        for layout in [Layout::Markdown, Layout::PdfText] {
            let mut b = ParaBuilder::new(layout);
            b.push(1, "On 14 November 2030, the agency acted. It helped. On");
            b.blank();
            assert_eq!(
                b.push(3, "16 November 2030, the parliament agreed."),
                Some(RawPara {
                    line: 1,
                    text: "On 14 November 2030, the agency acted. It helped.".into()
                })
            );
            assert_eq!(
                b.broken,
                [BrokenSentence {
                    word_line: 1,
                    date_line: 3,
                    word: "On"
                }]
            );
            b.blank();
            let done = b.push(5, "On 20 November 2030, more.").unwrap();
            assert_eq!(done.text, "On 16 November 2030, the parliament agreed.");
            assert_eq!(done.line, 3);
        }
        // Mid-sentence, or followed by something other than a date: not a broken sentence.
        let mut b = ParaBuilder::new(Layout::Markdown);
        b.push(1, "The programme runs from");
        b.blank();
        assert_eq!(b.push(3, "1 January 2031 to the end of the year."), None);
        let mut b = ParaBuilder::new(Layout::Markdown);
        b.push(1, "It acted. In");
        b.blank();
        assert_eq!(b.push(3, "addition, it paid."), None);
        assert!(b.broken.is_empty());
    }

    #[test]
    fn terminated_paragraphs() {
        assert!(is_terminated("It ended.⁴⁰⁹⁵"));
        assert!(is_terminated("It ended.3093 "));
        assert!(is_terminated("in persons.”⁴⁰⁸¹"));
        assert!(!is_terminated("bolster border security"));
        assert!(!is_terminated("illegal entry into a state3028"));
        assert!(!is_terminated("starting from 6 January 2025"));
        assert!(!is_terminated("the English Channel. On"));
    }

    #[test]
    fn paragraphs_rejoin_across_breaks() {
        let mut b = ParaBuilder::new(Layout::Markdown);
        assert_eq!(b.push(1, "It aims to bolster border security"), None);
        b.blank();
        assert_eq!(b.push(3, "and uplift public safety."), None);
        b.blank();
        let done = b.push(5, "On 1 July 2024, more.").unwrap();
        assert_eq!(
            done.text,
            "It aims to bolster border security and uplift public safety."
        );

        let mut b = ParaBuilder::new(Layout::PdfText);
        b.push(1, "a joint cross-");
        b.page_break();
        b.push(9, "border operation with small");
        b.blank();
        let done = b.push(11, "On 2 July 2024, next.").unwrap();
        assert_eq!(done.text, "a joint cross-border operation with small");
    }
}
