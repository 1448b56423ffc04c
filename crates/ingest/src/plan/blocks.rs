//! The file as blocks: one per printed line or paragraph, with page headers dropped and
//! paragraphs cut by a page break (or a stray blank line) joined again.

use std::collections::BTreeMap;

/// A line of text as the plan prints it, after repairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// 1-based line where the block starts.
    pub line: usize,
    /// Leading spaces (a tab counts as four): nested items are indented.
    pub indent: usize,
    /// Trimmed; continuation lines joined with a space.
    pub text: String,
}

/// The blocks of a file and the page header that was dropped from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Doc {
    pub blocks: Vec<Block>,
    /// The repeated header (line of its first occurrence, text), when the file has one.
    pub page_header: Option<(usize, String)>,
}

/// A page break is two or more blank lines (or the start of the file); a page header is a line
/// that comes right after a page break at least twice.
const BREAK_BLANKS: usize = 2;
const HEADER_REPEATS: usize = 2;

pub(crate) fn read(text: &str) -> Doc {
    let lines: Vec<&str> = text.lines().collect();
    let header = page_header(&lines);

    let mut blocks: Vec<Block> = Vec::new();
    let mut blanks = usize::MAX; // the start of the file counts as a page break
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            blanks = blanks.saturating_add(1);
            continue;
        }
        let after_break = blanks >= BREAK_BLANKS;
        blanks = 0;
        if after_break && header.as_ref().is_some_and(|(_, h)| h == t) {
            continue;
        }
        if let Some(last) = blocks.last_mut()
            && continues(&last.text, t)
        {
            last.text.push(' ');
            last.text.push_str(t);
            continue;
        }
        blocks.push(Block {
            line: i + 1,
            indent: indent(raw),
            text: t.to_string(),
        });
    }
    Doc {
        blocks,
        page_header: header,
    }
}

fn page_header(lines: &[&str]) -> Option<(usize, String)> {
    let mut seen: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut blanks = usize::MAX;
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            blanks = blanks.saturating_add(1);
            continue;
        }
        if blanks >= BREAK_BLANKS {
            seen.entry(t).or_insert((i + 1, 0)).1 += 1;
        }
        blanks = 0;
    }
    seen.into_iter()
        .filter(|(_, (_, n))| *n >= HEADER_REPEATS)
        .min_by_key(|(_, (line, _))| *line)
        .map(|(t, (line, _))| (line, t.to_string()))
}

/// Whether `next` carries on the paragraph `prev`: `prev` stops mid-sentence and `next` starts
/// with a lower-case letter (a new item starts with `-`, a new paragraph with a capital).
fn continues(prev: &str, next: &str) -> bool {
    !prev.ends_with(['.', ';', ':', '!', '?'])
        && next.chars().next().is_some_and(char::is_lowercase)
}

fn indent(raw: &str) -> usize {
    raw.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_at_page_breaks_are_dropped_and_cut_paragraphs_joined() {
        let text = "\n\nHarbour Meeting, 1 May 2025\n\nTitle line\n\nA paragraph cut at the\n\n\n\nHarbour Meeting, 1 May 2025\n\nbreak goes on.\n- item\n  - nested\n";
        let doc = read(text);
        assert_eq!(
            doc.page_header,
            Some((3, "Harbour Meeting, 1 May 2025".into()))
        );
        let got: Vec<(usize, usize, &str)> = doc
            .blocks
            .iter()
            .map(|b| (b.line, b.indent, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (5, 0, "Title line"),
                (7, 0, "A paragraph cut at the break goes on."),
                (14, 0, "- item"),
                (15, 2, "- nested"),
            ]
        );
    }

    #[test]
    fn a_line_seen_once_after_a_break_is_kept() {
        let doc = read("One\n\n\n\nTwo\n\n\n\nThree");
        assert_eq!(doc.page_header, None);
        assert_eq!(doc.blocks.len(), 3);
    }
}
