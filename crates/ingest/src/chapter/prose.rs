//! Paragraphs: rejoining the lines of one paragraph, deciding whether a paragraph goes on across a
//! page break or footnote block, and reading the footnote markers of the finished text.
//!
//! A finished paragraph is kept two ways, because the model cites footnotes two ways
//! (`pledgewatch_domain::citing`): evidence and undated paragraphs list their footnote numbers
//! beside marker-free text, while prose the model keeps as plain text (the commitment, the
//! sections, a member's opening and conclusion) keeps its markers as superscript digits.

use pledgewatch_domain::citing;

use super::lines::{Layout, ends_with_glued_hyphen, superscript_digit};

/// A paragraph as the source has it, markers still in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawPara {
    pub line: usize,
    pub text: String,
}

/// A finished paragraph, whitespace collapsed: `text` without its markers and the footnotes it
/// cites in order (for evidence and undated paragraphs), and `marked`, the same text with every
/// marker left where it was cited as superscript digits (for prose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub line: usize,
    pub text: String,
    pub marked: String,
    pub citations: Vec<u32>,
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
    sep: Sep,
}

impl ParaBuilder {
    pub fn new(layout: Layout) -> ParaBuilder {
        ParaBuilder {
            layout,
            hard_blanks: false,
            current: None,
            sep: Sep::None,
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
        let Some(current) = self.current.as_mut() else {
            self.current = Some(RawPara {
                line,
                text: text.to_string(),
            });
            return None;
        };
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
/// glued to the text) becomes superscript digits.
pub(crate) fn clean(raw: &RawPara, layout: Layout, cursor: &mut MarkerCursor) -> Para {
    let src = raw.text.as_str();
    let mut text = String::with_capacity(src.len());
    let mut marked = String::with_capacity(src.len() + 16);
    let mut citations = Vec::new();
    let mut chars = src.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(v) = superscript_digit(c) {
            marked.push(c);
            let mut n = Some(v);
            while let Some(&(_, d)) = chars.peek() {
                let Some(v) = superscript_digit(d) else { break };
                marked.push(d);
                n = n
                    .and_then(|n| n.checked_mul(10))
                    .and_then(|n| n.checked_add(v));
                chars.next();
            }
            citations.extend(n);
            continue;
        }
        if layout == Layout::PdfText
            && c.is_ascii_digit()
            && prev.is_some_and(|p| !p.is_ascii_digit())
        {
            let end = src[i..]
                .find(|d: char| !d.is_ascii_digit())
                .map_or(src.len(), |e| i + e);
            if let Some(n) = pdf_marker(src, i, end, cursor) {
                citations.push(n);
                marked.push_str(&citing::marker(n));
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
                continue;
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
    Para {
        line: raw.line,
        text,
        marked,
        citations,
    }
}

/// Whether the digits `src[start..end]` are a glued footnote marker.
fn pdf_marker(src: &str, start: usize, end: usize, cursor: &mut MarkerCursor) -> Option<u32> {
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
    cursor.accept(n, strict).then_some(n)
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
        );
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
        );
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
        );
        assert_eq!(p.text, "It cost EUR11 million.3069 See 3031 pages.");
        assert_eq!(p.marked, p.text);
        assert!(p.citations.is_empty());
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
