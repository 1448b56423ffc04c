//! The report as HTML: one self-contained page (inline CSS, no script, no external asset) or a
//! page per chapter with an index page, in the published structure.
//!
//! Markup is written by hand with every text and attribute value going through
//! [`escape::escape_into`]; the page is produced part by part so a long report streams to its
//! writer (front matter and summary first, then one chapter at a time).

mod chapter;
pub mod escape;
mod front;
mod prose;

use std::io::{self, Write};

use pledgewatch_domain::slug;

use crate::report::Report;
use crate::summary::summary;

pub(crate) use prose::{Piece, body_in_date_order, defined, pieces, prose};

/// Where a chapter lives: in the one page (`#ch-18`) or on its own page (`chapter-18.html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    OnePage,
    Paged,
}

/// The file name of commitment `code`'s page: `chapter-18.html`.
pub fn chapter_file_name(code: &str) -> String {
    let s = slug(code);
    if s.is_empty() {
        "chapter.html".to_string()
    } else {
        format!("chapter-{s}.html")
    }
}

impl Layout {
    pub(crate) fn chapter_href(self, code: &str) -> String {
        match self {
            Layout::OnePage => format!("#ch-{}", slug(code)),
            Layout::Paged => chapter_file_name(code),
        }
    }
}

/// Writes the whole report as one page to `w`, chapter by chapter.
pub fn write_html<W: Write>(report: &Report, mut w: W) -> io::Result<()> {
    let sum = summary(report);
    let mut buf = String::with_capacity(64 * 1024);
    front::head(&mut buf, &report.title);
    front::front_matter(&mut buf, report);
    front::summary_section(&mut buf, report, &sum, Layout::OnePage);
    w.write_all(buf.as_bytes())?;
    for (i, c) in report.chapters.iter().enumerate() {
        buf.clear();
        chapter::chapter(&mut buf, report, i, c);
        w.write_all(buf.as_bytes())?;
    }
    buf.clear();
    front::tail(&mut buf);
    w.write_all(buf.as_bytes())?;
    w.flush()
}

/// The whole report as one page.
pub fn render_html(report: &Report) -> String {
    let mut out = Vec::with_capacity(1024 * 1024);
    // Writing to a Vec cannot fail.
    let _ = write_html(report, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The report as pages: `index.html` (front matter, team, summary, Tables A–D, links to every
/// chapter) first, then one page per chapter (`chapter-18.html`), each self-contained.
pub fn chapter_pages(report: &Report) -> Vec<(String, String)> {
    let sum = summary(report);
    let mut pages = Vec::with_capacity(report.chapters.len() + 1);
    let mut index = String::with_capacity(64 * 1024);
    front::head(&mut index, &report.title);
    front::front_matter(&mut index, report);
    front::summary_section(&mut index, report, &sum, Layout::Paged);
    front::tail(&mut index);
    pages.push(("index.html".to_string(), index));
    for (i, c) in report.chapters.iter().enumerate() {
        let mut page = String::with_capacity(256 * 1024);
        let title = format!(
            "{}. {}: {} \u{2014} {}",
            c.commitment.code, c.commitment.area, c.commitment.title, report.title
        );
        front::head(&mut page, &title);
        page.push_str("<nav><a href=\"index.html\">");
        escape::escape_into(&mut page, &report.title);
        page.push_str("</a></nav>\n");
        chapter::chapter(&mut page, report, i, c);
        front::tail(&mut page);
        pages.push((chapter_file_name(&c.commitment.code), page));
    }
    pages
}
