//! Layout normalisation. A chapter comes in one of two layouts:
//!
//! - **Markdown-like**: one line per paragraph, superscript footnote markers (`⁴⁰⁶⁸`), footnotes as
//!   their own paragraphs after the prose that cites them (the URL sometimes on the next line or
//!   in the next paragraph).
//! - **PDF text**: hard line breaks inside paragraphs, a whitespace-only line (` `) opening each
//!   page-end footnote block, footnote numbers at line starts (sometimes glued to the first word),
//!   URLs broken across lines, and the next page starting with a space.
//!
//! Both become one stream of prose lines, paragraph separators and page breaks, with the footnotes
//! taken out. Deciding which paragraphs continue across a break is the paragraph builder's job
//! (`prose.rs`); this module only says where the breaks are.

use super::dates::month_number;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Markdown,
    PdfText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item<'a> {
    /// A non-empty line, trimmed; `line` is 1-based in the file.
    Text { line: usize, text: &'a str },
    /// An empty line.
    Blank,
    /// A footnote block or a page boundary was here: the paragraph before may go on after it.
    Break,
}

/// One footnote, its lines rejoined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawFootnote {
    pub number: u32,
    pub line: usize,
    /// The footnote without its number, on one line.
    pub text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Normalised<'a> {
    pub items: Vec<Item<'a>>,
    pub footnotes: Vec<RawFootnote>,
}

/// The value of a superscript digit: the domain's, which writes the markers kept in prose.
pub(crate) use pledgewatch_domain::citing::superscript_value as superscript_digit;

/// Which layout a chapter's lines are in. Superscript markers only exist in the Markdown-like
/// layout; without any, a whitespace-only line (a footnote block) or short hard-wrapped lines
/// mean PDF text.
pub(crate) fn detect_layout(lines: &[&str]) -> Layout {
    let mut long_lines = 0usize;
    let mut page_blocks = 0usize;
    for l in lines {
        if l.chars().any(|c| superscript_digit(c).is_some()) {
            return Layout::Markdown;
        }
        if !l.is_empty() && l.trim().is_empty() {
            page_blocks += 1;
        }
        if l.len() > 200 {
            long_lines += 1;
        }
    }
    if page_blocks == 0 && long_lines > 0 {
        Layout::Markdown
    } else {
        Layout::PdfText
    }
}

pub(crate) fn normalise<'a>(
    layout: Layout,
    lines: &[&'a str],
    first_line: usize,
) -> Normalised<'a> {
    match layout {
        Layout::Markdown => markdown(lines, first_line),
        Layout::PdfText => pdf_text(lines, first_line),
    }
}

fn push_break(items: &mut Vec<Item<'_>>) {
    if items.last() != Some(&Item::Break) {
        items.push(Item::Break);
    }
}

/// A line that opens a Markdown footnote: `⁴⁰⁶⁸ Title, …` → (4068, "Title, …").
fn superscript_footnote(line: &str) -> Option<(u32, &str)> {
    let mut n: u32 = 0;
    let mut end = 0;
    for (i, c) in line.char_indices() {
        match superscript_digit(c) {
            Some(d) => {
                n = n.checked_mul(10)?.checked_add(d)?;
                end = i + c.len_utf8();
            }
            None => break,
        }
    }
    (end > 0).then(|| (n, line[end..].trim()))
}

fn has_url(text: &str) -> bool {
    text.contains("://") || text.contains("www.")
}

/// A paragraph that is nothing but a URL: it belongs to the footnote before it.
fn is_lone_url(line: &str) -> bool {
    let l = line.trim_start_matches('<');
    (l.starts_with("http") || l.starts_with("www.")) && !line.contains(char::is_whitespace)
}

fn markdown<'a>(lines: &[&'a str], first_line: usize) -> Normalised<'a> {
    let mut out = Normalised::default();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if t.is_empty() {
            out.items.push(Item::Blank);
            i += 1;
            continue;
        }
        let Some((number, rest)) = superscript_footnote(t) else {
            out.items.push(Item::Text {
                line: first_line + i,
                text: t,
            });
            i += 1;
            continue;
        };
        let line = first_line + i;
        let mut text = rest.to_string();
        i += 1;
        while i < lines.len() {
            let next = lines[i].trim();
            if next.is_empty() || superscript_footnote(next).is_some() {
                break;
            }
            join_spaced(&mut text, next);
            i += 1;
        }
        if !has_url(&text) {
            let mut j = i;
            while j < lines.len() && lines[j].trim().is_empty() {
                j += 1;
            }
            if j < lines.len() && is_lone_url(lines[j].trim()) {
                join_spaced(&mut text, lines[j].trim());
                i = j + 1;
            }
        }
        out.footnotes.push(RawFootnote { number, line, text });
        push_break(&mut out.items);
    }
    out
}

fn join_spaced(text: &mut String, next: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// A line that opens a PDF-text footnote: `3057 The 2024 …` or `3115‘Home …` → (number, rest).
/// Footnotes are numbered one after another, so once one is known only the next number (or one a
/// little further on, when a footnote is missing) opens a new one; that keeps a continuation line
/// such as `2024-10-04/` or `12 September 2024.` inside the footnote it continues.
fn pdf_footnote_start(line: &str, expected: Option<u32>) -> Option<(u32, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 7 {
        return None;
    }
    let n: u32 = line[..digits].parse().ok()?;
    let rest = &line[digits..];
    if rest.starts_with(['-', '/', '.', ',', ':', '%', ')', '–', '_']) {
        return None;
    }
    let body = rest.trim_start();
    if let Some(first) = body.split_whitespace().next()
        && month_number(first).is_some()
    {
        // `12 September 2024. Access Date: …`: the day of a date that wrapped.
        return None;
    }
    match expected {
        Some(e) if n == e => Some((n, body)),
        Some(e) if n > e && n - e <= 10 && body.starts_with(|c: char| !c.is_lowercase()) => {
            Some((n, body))
        }
        Some(_) => None,
        None => body
            .starts_with(|c: char| !c.is_lowercase() && !c.is_ascii_digit())
            .then_some((n, body)),
    }
}

/// Joins a wrapped footnote line. A URL broken across lines is rejoined without a space (whatever
/// character the break fell after); so is a word broken after a hyphen (`Directorate-` /
/// `General`). Everything else is joined with one space.
fn join_footnote_line(text: &mut String, next: &str) {
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    if last_word.contains("://") || ends_with_glued_hyphen(text) {
        text.push_str(next);
    } else {
        join_spaced(text, next);
    }
}

/// `cross-` at the end of a line: the hyphen belongs to a compound broken across lines.
pub(crate) fn ends_with_glued_hyphen(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(|c| c.is_alphanumeric())
}

fn pdf_text<'a>(lines: &[&'a str], first_line: usize) -> Normalised<'a> {
    let mut out = Normalised::default();
    let mut in_block = false;
    let mut expected: Option<u32> = None;
    let mut current: Option<RawFootnote> = None;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        let line = first_line + i;
        if in_block {
            if t.is_empty() {
                continue;
            }
            if raw.starts_with(char::is_whitespace) {
                // The next page's prose: the block is over.
                in_block = false;
                out.footnotes.extend(current.take());
                out.items.push(Item::Text { line, text: t });
                continue;
            }
            if let Some((number, body)) = pdf_footnote_start(t, expected) {
                out.footnotes.extend(current.take());
                expected = number.checked_add(1);
                current = Some(RawFootnote {
                    number,
                    line,
                    text: body.to_string(),
                });
            } else if let Some(f) = current.as_mut() {
                join_footnote_line(&mut f.text, t);
            }
            continue;
        }
        if t.is_empty() {
            if raw.is_empty() || !opens_block(&lines[i + 1..], expected) {
                out.items.push(Item::Blank);
            } else {
                in_block = true;
                push_break(&mut out.items);
            }
            continue;
        }
        if raw.starts_with(char::is_whitespace)
            && matches!(out.items.last(), Some(Item::Text { .. }))
        {
            // A page that ended without footnotes: the paragraph may go on.
            push_break(&mut out.items);
        }
        out.items.push(Item::Text { line, text: t });
    }
    out.footnotes.extend(current);
    out
}

/// A whitespace-only line opens a footnote block only if a footnote follows it.
fn opens_block(rest: &[&str], expected: Option<u32>) -> bool {
    rest.iter().find(|l| !l.trim().is_empty()).is_some_and(|l| {
        !l.starts_with(char::is_whitespace) && pdf_footnote_start(l.trim(), expected).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_footnotes_take_their_url_paragraph() {
        let lines = [
            "Prose that cites.¹²",
            "",
            "¹² Title, Publisher (Place) 1 May 2024. Access Date: 2 May 2024.",
            "",
            "https://example.org/a",
            "",
            "and goes on.",
        ];
        let n = normalise(Layout::Markdown, &lines, 1);
        assert_eq!(n.footnotes.len(), 1);
        assert_eq!(n.footnotes[0].number, 12);
        assert!(
            n.footnotes[0]
                .text
                .ends_with("2 May 2024. https://example.org/a")
        );
        assert_eq!(
            n.items,
            vec![
                Item::Text {
                    line: 1,
                    text: "Prose that cites.¹²"
                },
                Item::Blank,
                Item::Break,
                Item::Blank,
                Item::Text {
                    line: 7,
                    text: "and goes on."
                },
            ]
        );
    }

    #[test]
    fn pdf_blocks_are_taken_out_and_urls_rejoined() {
        let lines = [
            "The paragraph goes to the end of the",
            "",
            " ",
            "",
            "40 First, Publisher (Place) 3 July 2024. Access Date: 4 July 2024. https://example.org/news/a-",
            "long-slug/",
            "page",
            "41Glued, Publisher (Place) 12",
            "September 2024. Access Date: 1 October 2024.",
            "https://example.org/b",
            " page and resumes.",
        ];
        let n = normalise(Layout::PdfText, &lines, 10);
        assert_eq!(n.footnotes.len(), 2);
        assert!(
            n.footnotes[0]
                .text
                .ends_with("https://example.org/news/a-long-slug/page")
        );
        assert_eq!(n.footnotes[1].number, 41);
        assert_eq!(
            n.footnotes[1].text,
            "Glued, Publisher (Place) 12 September 2024. Access Date: 1 October 2024. https://example.org/b"
        );
        assert_eq!(
            n.items,
            vec![
                Item::Text {
                    line: 10,
                    text: "The paragraph goes to the end of the"
                },
                Item::Blank,
                Item::Break,
                Item::Text {
                    line: 20,
                    text: "page and resumes."
                },
            ]
        );
    }

    #[test]
    fn layout_is_detected() {
        assert_eq!(detect_layout(&["A line.¹"]), Layout::Markdown);
        assert_eq!(detect_layout(&["A line", " ", "1 Note"]), Layout::PdfText);
    }
}
