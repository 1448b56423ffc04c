//! WordprocessingML fragments: escaped text runs, paragraphs with a style, and tables. Each
//! helper appends to a `String`; the package writer flushes it chapter by chapter.

use std::fmt::Write as _;

/// Appends `text` escaped for XML content and attributes. Characters XML 1.0 cannot carry
/// (control characters other than tab and line breaks) are dropped rather than corrupting the
/// package.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// How a run looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunStyle {
    pub bold: bool,
    pub italic: bool,
    /// A footnote number written as text (a repeated citation, or a table cell).
    pub superscript: bool,
}

impl RunStyle {
    pub const PLAIN: RunStyle = RunStyle {
        bold: false,
        italic: false,
        superscript: false,
    };
    pub const BOLD: RunStyle = RunStyle {
        bold: true,
        italic: false,
        superscript: false,
    };
    pub const ITALIC: RunStyle = RunStyle {
        bold: false,
        italic: true,
        superscript: false,
    };
}

/// Appends one run. Tabs become `<w:tab/>` and line breaks `<w:br/>`, as Word expects.
pub fn run(out: &mut String, text: &str, style: RunStyle) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    if style != RunStyle::PLAIN {
        out.push_str("<w:rPr>");
        if style.superscript {
            out.push_str(r#"<w:rStyle w:val="FootnoteReference"/>"#);
        }
        if style.bold {
            out.push_str("<w:b/>");
        }
        if style.italic {
            out.push_str("<w:i/>");
        }
        out.push_str("</w:rPr>");
    }
    let mut first = true;
    for line in text.split('\n') {
        if !first {
            out.push_str("<w:br/>");
        }
        first = false;
        let mut first_cell = true;
        for piece in line.split('\t') {
            if !first_cell {
                out.push_str("<w:tab/>");
            }
            first_cell = false;
            if !piece.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                escape_into(out, piece.trim_end_matches('\r'));
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
}

/// A footnote reference numbered by Word, whose count starts at the report's first number
/// (`w:numStart`), so it prints the report's number.
pub fn footnote_reference(out: &mut String, id: usize) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
    );
}

/// A footnote reference whose mark is written out (`4071`): used only when Word's count would
/// not reach the report's number (a note cited out of order, or one never cited in the text).
pub fn footnote_reference_custom(out: &mut String, id: usize, number: u32) {
    let _ = write!(
        out,
        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="{id}"/><w:t>{number}</w:t></w:r>"#
    );
}

/// Paragraph properties: a style and whether a page break comes first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Para<'a> {
    pub style: Option<&'a str>,
    pub page_break_before: bool,
    pub centered: bool,
}

impl<'a> Para<'a> {
    pub fn styled(style: &'a str) -> Para<'a> {
        Para {
            style: Some(style),
            ..Para::default()
        }
    }
}

pub fn open_paragraph(out: &mut String, p: Para<'_>) {
    out.push_str("<w:p>");
    if p.style.is_some() || p.page_break_before || p.centered {
        out.push_str("<w:pPr>");
        if let Some(s) = p.style {
            let _ = write!(out, r#"<w:pStyle w:val="{s}"/>"#);
        }
        if p.page_break_before {
            out.push_str("<w:pageBreakBefore/>");
        }
        if p.centered {
            out.push_str(r#"<w:jc w:val="center"/>"#);
        }
        out.push_str("</w:pPr>");
    }
}

pub fn close_paragraph(out: &mut String) {
    out.push_str("</w:p>");
}

/// A paragraph of one run.
pub fn paragraph(out: &mut String, p: Para<'_>, text: &str, style: RunStyle) {
    open_paragraph(out, p);
    run(out, text, style);
    close_paragraph(out);
}

/// One table cell's content and how many grid columns it spans.
pub struct Cell<'a> {
    pub text: &'a str,
    pub span: usize,
    pub bold: bool,
}

impl<'a> Cell<'a> {
    pub fn new(text: &'a str) -> Cell<'a> {
        Cell {
            text,
            span: 1,
            bold: false,
        }
    }

    pub fn bold(text: &'a str) -> Cell<'a> {
        Cell {
            text,
            span: 1,
            bold: true,
        }
    }
}

/// A whole table with a grid of `widths` (twentieths of a point). The first row is a header
/// row, repeated on each page and printed bold.
pub fn table(out: &mut String, widths: &[u32], rows: &[Vec<Cell<'_>>]) {
    out.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>"#);
    for w in widths {
        let _ = write!(out, r#"<w:gridCol w:w="{w}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    for (i, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        if i == 0 {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        let mut col = 0;
        for cell in row {
            let span = cell.span.max(1);
            let width: u32 = widths.iter().skip(col).take(span).sum();
            col += span;
            let _ = write!(out, r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#);
            if span > 1 {
                let _ = write!(out, r#"<w:gridSpan w:val="{span}"/>"#);
            }
            out.push_str("</w:tcPr>");
            let style = if i == 0 || cell.bold {
                RunStyle::BOLD
            } else {
                RunStyle::PLAIN
            };
            paragraph(out, Para::styled("TableText"), cell.text, style);
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // Word merges two adjacent tables; an empty paragraph keeps them apart.
    out.push_str("<w:p/>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let mut s = String::new();
        escape_into(&mut s, "a<b & \"c\"\u{1}");
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn tabs_and_breaks_become_elements() {
        let mut s = String::new();
        run(&mut s, "a\tb\nc", RunStyle::PLAIN);
        assert!(s.contains("<w:tab/>") && s.contains("<w:br/>"));
    }
}
