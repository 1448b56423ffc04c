//! Prose with footnote markers, as HTML: text escaped, each marker a link to its footnote.

use std::collections::HashSet;
use std::fmt::Write as _;

use pledgewatch_domain::check::url_problem;
use pledgewatch_domain::{BodyParagraph, Chapter, Citation};

use super::escape::escape_into;

/// The footnote numbers a chapter defines, so that a marker to a missing one is not a link.
pub(crate) fn defined(chapter: &Chapter) -> HashSet<u32> {
    chapter.citations.iter().map(|c| c.number).collect()
}

fn superscript_value(c: char) -> Option<u32> {
    match c {
        '\u{2070}' => Some(0),
        '\u{00B9}' => Some(1),
        '\u{00B2}' => Some(2),
        '\u{00B3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(u32::from(c) - 0x2070),
        _ => None,
    }
}

/// A run of prose, or a footnote number (a run of superscript digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Marker(u32),
}

/// Splits `text` at its footnote markers. A run of digits too long for a number stays text.
pub(crate) fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut run: Option<(usize, Option<u32>)> = None;
    for (i, c) in text.char_indices() {
        match (superscript_value(c), run) {
            (Some(d), None) => {
                if start < i {
                    out.push(Piece::Text(&text[start..i]));
                }
                run = Some((i, Some(d)));
            }
            (Some(d), Some((s, v))) => {
                run = Some((s, v.and_then(|v| v.checked_mul(10)?.checked_add(d))));
            }
            (None, Some((s, v))) => {
                out.push(v.map_or(Piece::Text(&text[s..i]), Piece::Marker));
                run = None;
                start = i;
            }
            (None, None) => {}
        }
    }
    match run {
        Some((s, v)) => out.push(v.map_or(Piece::Text(&text[s..]), Piece::Marker)),
        None if start < text.len() => out.push(Piece::Text(&text[start..])),
        None => {}
    }
    out
}

/// A footnote marker: a link when the chapter defines the footnote.
pub(crate) fn marker(out: &mut String, n: u32, defined: &HashSet<u32>) {
    if defined.contains(&n) {
        let _ = write!(
            out,
            "<sup class=\"fn\"><a href=\"#fn-{n}\" aria-label=\"Footnote {n}\">{n}</a></sup>"
        );
    } else {
        let _ = write!(
            out,
            "<sup class=\"fn missing\" title=\"no such footnote\">{n}</sup>"
        );
    }
}

/// Between two markers with nothing between them: without it `3055` and `3056` read as
/// `30553056`.
pub(crate) const MARKER_SEPARATOR: &str = "<sup class=\"fn-sep\">,</sup>";

/// `text` with its markers as links, then a marker for each number of `cited` the text does not
/// carry itself. Markers that touch are separated by a superscript comma.
pub(crate) fn prose(out: &mut String, text: &str, cited: &[u32], defined: &HashSet<u32>) {
    let mut seen: Vec<u32> = Vec::new();
    let mut after_marker = false;
    let put = |out: &mut String, n: u32, after_marker: &mut bool| {
        if *after_marker {
            out.push_str(MARKER_SEPARATOR);
        }
        marker(out, n, defined);
        *after_marker = true;
    };
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => {
                escape_into(out, t);
                after_marker &= t.is_empty();
            }
            Piece::Marker(n) => {
                seen.push(n);
                put(out, n, &mut after_marker);
            }
        }
    }
    for &n in cited {
        if !seen.contains(&n) {
            seen.push(n);
            put(out, n, &mut after_marker);
        }
    }
}

/// Section text as paragraphs (blank-line separated); lines inside a paragraph keep their breaks,
/// so a table written as lines still reads as one.
pub(crate) fn section_text(out: &mut String, text: &str, defined: &HashSet<u32>) {
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        for (k, line) in para
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            if k > 0 {
                out.push_str("<br>\n");
            }
            prose(out, line, &[], defined);
        }
        out.push_str("</p>\n");
    }
}

/// The body of a member section with its evidence in date order: evidence items are sorted
/// (stably) among the places evidence occupies; undated paragraphs keep theirs.
pub(crate) fn body_in_date_order(body: &[BodyParagraph]) -> Vec<&BodyParagraph> {
    let mut evidence: Vec<&BodyParagraph> = body
        .iter()
        .filter(|p| matches!(p, BodyParagraph::Evidence(_)))
        .collect();
    evidence.sort_by_key(|p| match p {
        BodyParagraph::Evidence(e) => Some(e.date.date),
        BodyParagraph::Narrative { .. } => None,
    });
    let mut next = evidence.into_iter();
    body.iter()
        .map(|p| match p {
            BodyParagraph::Evidence(_) => next.next().unwrap_or(p),
            BodyParagraph::Narrative { .. } => p,
        })
        .collect()
}

/// A footnote as a list item: its text as published, its address a link only when sound.
pub(crate) fn footnote(out: &mut String, c: &Citation) {
    let _ = write!(out, "<li id=\"fn-{0}\" value=\"{0}\">", c.number);
    let text = if c.raw.trim().is_empty() {
        c.title.as_str()
    } else {
        c.raw.as_str()
    };
    match c.url.as_deref().filter(|u| url_problem(u).is_none()) {
        Some(url) if text.contains(url) => {
            let (before, after) = text.split_once(url).unwrap_or((text, ""));
            escape_into(out, before);
            out.push_str("<a href=\"");
            escape_into(out, url);
            out.push_str("\">");
            escape_into(out, url);
            out.push_str("</a>");
            escape_into(out, after);
        }
        Some(url) => {
            escape_into(out, text);
            out.push_str(" <a href=\"");
            escape_into(out, url);
            out.push_str("\">");
            escape_into(out, url);
            out.push_str("</a>");
        }
        None => escape_into(out, text),
    }
    out.push_str("</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_links_and_text_is_escaped() {
        let defined: HashSet<u32> = [4068].into_iter().collect();
        let mut out = String::new();
        prose(
            &mut out,
            "A <b>.\u{2074}\u{2070}\u{2076}\u{2078} B.\u{2079}",
            &[4068, 12],
            &defined,
        );
        assert_eq!(
            out,
            "A &lt;b&gt;.<sup class=\"fn\"><a href=\"#fn-4068\" aria-label=\"Footnote 4068\">4068</a></sup> B.\
             <sup class=\"fn missing\" title=\"no such footnote\">9</sup>\
             <sup class=\"fn-sep\">,</sup>\
             <sup class=\"fn missing\" title=\"no such footnote\">12</sup>"
        );
    }

    #[test]
    fn markers_that_touch_are_separated_and_text_between_keeps_them_apart() {
        let defined: HashSet<u32> = [3055, 3056, 3057].into_iter().collect();
        let mut out = String::new();
        prose(
            &mut out,
            "weapons.\u{00B3}\u{2070}\u{2075}\u{2075}",
            &[3055, 3056],
            &defined,
        );
        assert_eq!(out.matches(MARKER_SEPARATOR).count(), 1, "{out}");
        assert!(out.contains(
            "3055</a></sup><sup class=\"fn-sep\">,</sup><sup class=\"fn\"><a href=\"#fn-3056\""
        ));
        let mut apart = String::new();
        prose(
            &mut apart,
            "a.\u{00B3}\u{2070}\u{2075}\u{2075} b.",
            &[3057],
            &defined,
        );
        assert!(!apart.contains(MARKER_SEPARATOR), "{apart}");
    }
}
