//! Seed 001's layout, the text of a PDF: hard line breaks at about [`WIDTH`] characters,
//! footnote numbers glued to the word or punctuation before them (`trafficking.3057`), a
//! footnote block at the end of each page (a whitespace-only line, then the footnotes cited on the
//! page, wrapped, long URLs broken), and each page's first line starting with a space. A page may
//! end inside a paragraph, which goes on after the footnote block.
//!
//! Every line break is placed where the importer rejoins it to the same text: prose lines never
//! look like a heading or a label, footnote lines never start with what could be a footnote
//! number, and a URL is broken only inside itself.

use pledgewatch_domain::citing::markers_in;
use pledgewatch_domain::{Chapter, SectionKind};

use super::{MemberPara, glue_markers, heading, member_paragraphs, paragraphs};

/// The usual length of a line.
const WIDTH: usize = 110;
/// Lines of prose on a page before the writer looks for a place to end it.
const PAGE_LINES: usize = 44;

/// The chapter as PDF text, read back by the importer as the same chapter.
pub fn write_pdf_text(chapter: &Chapter) -> String {
    let mut footnotes: Vec<_> = chapter.citations.iter().collect();
    footnotes.sort_by_key(|c| c.number);
    let mut w = Writer {
        out: String::new(),
        members: chapter.member_names(),
        footnotes,
        written: 0,
        cited_up_to: None,
        page_lines: 0,
        new_page: false,
        body: false,
        last_para: None,
    };
    w.line(&format!(" {}", heading(chapter)));
    w.blank();
    w.prose(&format!("“{}”", to_glued(&chapter.commitment.text)));
    w.cite(&markers_in(&chapter.commitment.text));
    if !chapter.commitment.source.is_empty() {
        w.blank();
        w.prose(&chapter.commitment.source);
    }
    w.blank();
    w.line("Assessment");
    w.line(" No Compliance Partial Compliance Full Compliance");
    for row in &chapter.assessment_table {
        w.line(&format!(
            "{} {}",
            row.member,
            super::verdict_text(row.verdict)
        ));
    }
    if let Some(avg) = &chapter.published_average {
        w.line(format!("Average {avg}").trim_end());
    }
    w.body = true;
    for section in &chapter.sections {
        w.blank();
        w.structural(section.kind.heading());
        w.last_para = None;
        for para in paragraphs(&section.text) {
            w.blank();
            // A Scoring Guidelines row (`−1 The member …`) is one paragraph in this layout.
            w.prose(&to_glued(para));
            w.cite(&markers_in(para));
            w.last_para = Some(to_glued(para));
        }
    }
    let staff = [
        chapter
            .director
            .as_ref()
            .map(|d| format!("Compliance Director: {d}")),
        chapter
            .lead_analyst
            .as_ref()
            .map(|l| format!("Lead Analyst: {l}")),
    ];
    let mut first = true;
    for line in staff.into_iter().flatten() {
        if first {
            w.blank();
            first = false;
        }
        w.structural(&line);
    }
    for m in &chapter.members {
        w.blank();
        let score = m.heading_verdict.map_or("", super::verdict_text);
        w.structural(format!("{}: {score}", m.member).trim_end());
        w.last_para = None;
        let (paras, thus) = member_paragraphs(m);
        for p in paras {
            w.blank();
            let text = match p {
                MemberPara::Marked(text) => {
                    w.cite(&markers_in(text));
                    to_glued(text)
                }
                MemberPara::Cited(text, cites) => {
                    w.cite(cites);
                    glue_markers(text, cites, takes_glued_marker, |n| n.to_string())
                }
            };
            w.prose(&text);
            w.last_para = Some(text);
        }
        if let Some(thus) = thus {
            w.blank();
            w.prose(&thus);
            w.last_para = Some(thus);
        }
        if let Some(a) = &m.analyst {
            w.blank();
            w.structural(&format!("Analyst: {a}"));
            w.last_para = None;
        }
    }
    w.cited_up_to = Some(u32::MAX);
    w.footnote_block();
    w.out
}

/// Superscript markers as the plain digits a PDF's text has.
fn to_glued(text: &str) -> String {
    text.chars()
        .map(|c| match superscript_value(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c,
        })
        .collect()
}

fn superscript_value(c: char) -> Option<u32> {
    match c {
        '\u{2070}' => Some(0),
        '\u{00B9}' => Some(1),
        '\u{00B2}' => Some(2),
        '\u{00B3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(c as u32 - 0x2070),
        _ => None,
    }
}

/// Whether digits glued to the end of `word` read as a footnote marker: after a letter (not in
/// a short acronym such as `G7` or `GBP150`) or after closing punctuation (not a number's own
/// point or comma, as in `2024.`).
fn takes_glued_marker(word: &str) -> bool {
    let mut rev = word.chars().rev();
    let Some(last) = rev.next() else {
        return false;
    };
    if last.is_alphabetic() {
        let run: Vec<char> = word
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        return !(run.len() <= 4 && run.iter().all(|c| c.is_uppercase()));
    }
    if ".,".contains(last) {
        return rev
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace());
    }
    ";:!?”\"’')]".contains(last)
}

/// Whether a paragraph ends like a finished sentence, as the importer judges it when a page
/// break falls after it (glued markers and closing quotes looked through).
fn is_terminated(text: &str) -> bool {
    let t = text.trim_end();
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

struct Writer<'c> {
    out: String,
    members: Vec<String>,
    footnotes: Vec<&'c pledgewatch_domain::Citation>,
    written: usize,
    cited_up_to: Option<u32>,
    page_lines: usize,
    /// The next line opens a page (starts with a space).
    new_page: bool,
    /// Past the Assessment table: pages may end.
    body: bool,
    /// The paragraph just finished, while the next line could still continue it.
    last_para: Option<String>,
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        if self.new_page {
            self.out.push(' ');
            self.new_page = false;
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.page_lines += 1;
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn cite(&mut self, numbers: &[u32]) {
        if let Some(&max) = numbers.iter().max() {
            self.cited_up_to = Some(self.cited_up_to.map_or(max, |c| c.max(max)));
        }
    }

    /// A heading or label line; a page may end before it.
    fn structural(&mut self, text: &str) {
        self.maybe_end_page(true);
        self.line(text);
    }

    /// A paragraph, wrapped. The page may end before it (when the importer will not join it to
    /// the paragraph before) or inside it, after a line ending in a letter.
    fn prose(&mut self, text: &str) {
        let safe_before = match &self.last_para {
            None => true,
            Some(before) => is_terminated(before) && !text.starts_with(char::is_lowercase),
        };
        self.maybe_end_page(safe_before);
        let lines = wrap_prose(text, &self.members);
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            self.line(&l);
            if i + 1 < n && l.ends_with(char::is_alphabetic) {
                self.maybe_end_page(true);
            }
        }
    }

    fn maybe_end_page(&mut self, safe: bool) {
        if self.body && safe && self.page_lines >= PAGE_LINES {
            self.footnote_block();
            self.page_lines = 0;
            self.new_page = true;
        }
    }

    /// The footnotes numbered up to the highest cited so far, after a whitespace-only line.
    fn footnote_block(&mut self) {
        let Some(up_to) = self.cited_up_to else {
            return;
        };
        let start = self.written;
        while self
            .footnotes
            .get(self.written)
            .is_some_and(|c| c.number <= up_to)
        {
            self.written += 1;
        }
        if start == self.written {
            return;
        }
        self.out.push_str("\n \n\n");
        for c in &self.footnotes[start..self.written] {
            for l in wrap_footnote(&format!("{} {}", c.number, c.raw)) {
                self.out.push_str(&l);
                self.out.push('\n');
            }
        }
    }
}

/// Breaks prose at spaces into lines of about [`WIDTH`] characters, never leaving a line that
/// the importer would take for a structural line, and never after a word ending in a hyphen
/// (the importer joins such a break without a space).
fn wrap_prose(text: &str, members: &[String]) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut line = String::from(words[i]);
        let mut len = line.chars().count();
        i += 1;
        while i < words.len() {
            let next = words[i].chars().count();
            let must_join = line.ends_with('-')
                || looks_structural(&line, members)
                || (looks_like_chapter_heading(&line) && words[i].starts_with(['“', '"']));
            if !must_join && len + 1 + next > WIDTH {
                break;
            }
            line.push(' ');
            line.push_str(words[i]);
            len += 1 + next;
            i += 1;
        }
        lines.push(line);
    }
    lines
}

/// A line the chapter reader would take for a section heading, a label or a member's heading.
fn looks_structural(line: &str, members: &[String]) -> bool {
    let p = line.trim_matches(['*', '_']).trim();
    if SectionKind::from_heading(p).is_some() || p.eq_ignore_ascii_case("assessment") {
        return true;
    }
    if [
        "Compliance Director:",
        "Compliance Directors:",
        "Lead Analyst:",
        "Lead Analysts:",
        "Analyst:",
        "Analysts:",
    ]
    .iter()
    .any(|l| p.starts_with(l))
    {
        return true;
    }
    if let Some((name, rest)) = p.split_once(':')
        && members.iter().any(|m| m == name.trim())
    {
        let rest = rest.trim();
        if rest.split_whitespace().count() <= 3 && rest.chars().count() <= 30 {
            return true;
        }
    }
    false
}

/// `18. Area: Title`: a chapter starts there if a quotation opens the next line.
fn looks_like_chapter_heading(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && line[digits..].starts_with(". ") && line.contains(':')
}

/// Breaks a footnote (`3057 Title, …`) into lines the importer rejoins to the same text: at
/// single spaces, but never before a word starting with a digit (it could read as the next
/// footnote's number), after a URL (the importer glues what follows a URL to it) or after a
/// hyphen; a URL longer than the rest of the line is broken inside itself after a `/`.
fn wrap_footnote(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    while chars.len() - start > WIDTH {
        let limit = start + WIDTH;
        let mut cut = None;
        for i in (start + 1..=limit.min(chars.len() - 1)).rev() {
            if can_break_footnote(&chars, start, i) {
                cut = Some(i);
                break;
            }
        }
        let Some(at) =
            cut.or_else(|| (limit..chars.len()).find(|&i| can_break_footnote(&chars, start, i)))
        else {
            break;
        };
        let line: String = chars[start..at].iter().collect();
        lines.push(line.trim_end().to_string());
        start = if chars[at] == ' ' { at + 1 } else { at };
    }
    lines.push(chars[start..].iter().collect());
    lines
}

/// Whether a footnote line starting at `start` may end before `chars[at]`.
fn can_break_footnote(chars: &[char], start: usize, at: usize) -> bool {
    let next = chars.get(at + usize::from(chars[at] == ' '));
    if next.is_none_or(|c| c.is_whitespace() || c.is_ascii_digit()) {
        return false;
    }
    // The word the line would end with, as the importer sees the text so far.
    let word_start = chars[..at]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let word: String = chars[word_start..at].iter().collect();
    let in_url = word.contains("://");
    if chars[at] == ' ' {
        // A single space between two words, not after a URL or a glued hyphen.
        let single = at > start && chars[at - 1] != ' ';
        let hyphen =
            word.ends_with('-') && word.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
        single && !in_url && !hyphen
    } else {
        // Inside a URL, after a slash, with the scheme on this line.
        in_url && chars[at - 1] == '/' && !word.ends_with("://")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The importer's rule for rejoining footnote lines (`lines.rs`), for checking the breaks.
    fn rejoin(lines: &[String]) -> String {
        let mut text = String::new();
        for l in lines {
            let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
            let hyphen =
                text.ends_with('-') && text.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
            if text.is_empty() || last_word.contains("://") || hyphen {
                text.push_str(l);
            } else {
                text.push(' ');
                text.push_str(l);
            }
        }
        text
    }

    #[test]
    fn long_urls_break_inside_themselves_and_rejoin() {
        let url = format!("https://example.org/{}/page.html", "segment/".repeat(20));
        let note = format!(
            "801 A title, An Example Publisher (Lakeside) 2 March 2029. Access Date: 4 January 2031. {url}"
        );
        let lines = wrap_footnote(&note);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{lines:?}"
        );
        assert!(
            lines[1..]
                .iter()
                .all(|l| !l.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace()))
        );
        assert_eq!(rejoin(&lines), note);
    }

    #[test]
    fn no_break_after_a_url_or_before_a_number() {
        let note = format!(
            "9 T, P (Q) n.d. https://example.org/a Translation provided by Analyst. {}",
            "word ".repeat(30).trim_end()
        );
        let lines = wrap_footnote(&note);
        assert_eq!(rejoin(&lines), note);
        assert!(!lines[0].ends_with("/a"), "{lines:?}");
    }

    #[test]
    fn glued_markers_only_where_they_read_as_markers() {
        assert!(takes_glued_marker("trafficking."));
        assert!(takes_glued_marker("state"));
        assert!(takes_glued_marker("persons.”"));
        assert!(!takes_glued_marker("G"));
        assert!(!takes_glued_marker("GBP"));
        assert!(!takes_glued_marker("2024."));
        assert!(!takes_glued_marker("2020-2022"));
        let text = glue_markers(
            "It cost GBP 5 in 2024.",
            &[40, 41],
            takes_glued_marker,
            |n| n.to_string(),
        );
        // `2024.` would take the digits as part of the number: the marker goes on `in`.
        assert_eq!(text, "It cost40 GBP 5 in41 2024.");
    }

    #[test]
    fn prose_lines_never_look_structural() {
        let members = vec!["Canada".to_string()];
        let text = format!(
            "{} Canada: yes it did so then and more words follow here.",
            "x ".repeat(52)
        );
        for l in wrap_prose(&text, &members) {
            assert!(!looks_structural(&l, &members), "{l}");
        }
    }
}
