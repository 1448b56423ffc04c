//! Published compliance-report chapters, in either layout of the seeds, into domain chapters.
//!
//! One pass over the file's lines finds where chapters start; the text before the first one is
//! front matter, read only for the report header. Each chapter is then normalised on its own
//! (`lines`: footnotes out, page breaks marked; the layout is detected per chapter, so files made
//! by concatenating exports still read), cut into paragraphs (`prose`), and read section by
//! section (`structure`, `table`, `member`).

pub(crate) mod dates;
mod footnotes;
pub(crate) mod lines;
mod member;
mod prose;
mod structure;
mod table;

use pledgewatch_domain::check::{Finding, FindingCode};
use pledgewatch_domain::{Chapter, Period};

use crate::IngestError;
use crate::header::{self, ReportHeader};

/// How to read a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The compliance period used to resolve dates written without a year. When `None`, the
    /// period in the file's header is used; when neither is known, such a date is an error.
    pub period: Option<Period>,
}

/// Something odd that the parser worked round; the import goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseWarning {
    /// 1-based line in the file.
    pub line: usize,
    pub message: String,
    /// The check's code for it, when it is a slip in the source an editor should correct
    /// (the chapter's data no longer shows it once the parser has worked round it).
    pub code: Option<FindingCode>,
    /// Where it is: the chapter's commitment code, the member's section, the first footnote
    /// cited there.
    pub commitment: Option<String>,
    pub member: Option<String>,
    pub footnote: Option<u32>,
}

impl ParseWarning {
    pub(crate) fn new(line: usize, message: String) -> ParseWarning {
        ParseWarning {
            line,
            message,
            code: None,
            commitment: None,
            member: None,
            footnote: None,
        }
    }

    /// The warning as a check finding (message prefixed with its line), when it has a code.
    pub fn finding(&self) -> Option<Finding> {
        let code = self.code?;
        Some(Finding {
            severity: code.severity(),
            code,
            commitment: self.commitment.clone(),
            member: self.member.clone(),
            footnote: self.footnote,
            message: self.to_string(),
        })
    }
}

impl std::fmt::Display for ParseWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A report file: its header, when the front matter has one, and its chapters in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedReport {
    pub header: Option<ReportHeader>,
    pub chapters: Vec<Chapter>,
    pub warnings: Vec<ParseWarning>,
}

impl ParsedReport {
    /// The warnings that are check findings (slips in the source that the chapters, as parsed,
    /// no longer show), for the importer to report beside the check's own.
    pub fn findings(&self) -> Vec<Finding> {
        self.warnings
            .iter()
            .filter_map(ParseWarning::finding)
            .collect()
    }
}

/// Parses a report given as bytes: rejects binary files and text that is not UTF-8 before
/// anything else.
pub fn parse_report_bytes(bytes: &[u8], opts: &ParseOptions) -> Result<ParsedReport, IngestError> {
    parse_report(decode(bytes)?, opts)
}

/// Parses a report's text.
pub fn parse_report(text: &str, opts: &ParseOptions) -> Result<ParsedReport, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(at) = text.find('\0') {
        return Err(IngestError::Binary {
            line: line_of(text.as_bytes(), at),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let starts = chapter_starts(&lines);
    if let Some(cut) = chapter_cut_before_its_table(&lines, starts.last().map_or(0, |s| s + 1)) {
        return Err(cut);
    }
    let Some(&first) = starts.first() else {
        return Err(IngestError::NoChapter);
    };
    let (header, front_period) = header::read(&lines[..first]);
    let period = opts
        .period
        .or(header.as_ref().and_then(|h| h.period))
        .or(front_period);

    let mut warnings = Vec::new();
    let mut chapters = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        chapters.push(structure::parse_chapter(
            &lines[start..end],
            start + 1,
            period,
            &mut warnings,
        )?);
    }
    Ok(ParsedReport {
        header,
        chapters,
        warnings,
    })
}

/// The report header of a file, if its front matter has one; `None` for anything unreadable.
pub fn read_header(bytes: &[u8]) -> Option<ReportHeader> {
    let text = decode(bytes).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let end = chapter_starts(&lines)
        .first()
        .copied()
        .unwrap_or(lines.len());
    header::read(&lines[..end]).0
}

fn decode(bytes: &[u8]) -> Result<&str, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            line: line_of(bytes, at),
        });
    }
    std::str::from_utf8(bytes).map_err(|e| IngestError::NotUtf8 {
        line: line_of(bytes, e.valid_up_to()),
        offset: e.valid_up_to(),
    })
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Text from the file as an error message shows it: control characters escaped (`\u{1}`), so a
/// message never carries one raw to a terminal or a log.
pub(crate) fn shown(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// A chapter heading: `18. Migration and Refugees: Border Management`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub code: String,
    pub area: String,
    pub title: String,
}

pub(crate) fn parse_heading(line: &str) -> Option<Heading> {
    let t = line
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches('*')
        .trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = t[digits..].strip_prefix('.')?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (area, title) = rest.split_once(':')?;
    // A footnote marker may follow the title.
    let title = title
        .trim()
        .trim_end_matches(|c| lines::superscript_digit(c).is_some());
    let (area, title) = (area.trim(), title.trim_end());
    if area.is_empty()
        || title.is_empty()
        || !area.starts_with(char::is_uppercase)
        || area.split_whitespace().count() > 8
        || title.contains("....")
    {
        return None;
    }
    Some(Heading {
        code: t[..digits].to_string(),
        area: area.to_string(),
        title: title.to_string(),
    })
}

/// How far after its heading a chapter's Assessment table may start.
const ASSESSMENT_WITHIN: usize = 400;

/// Indices of the lines that start a chapter: a heading, then a quoted commitment, then an
/// `Assessment` line before any other chapter starts. Contents lines (`18. … Management 688`)
/// and numbered lists (`1. Prevent: …`) have the heading's shape but not what follows it.
fn chapter_starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::new();
    for i in 0..lines.len() {
        if starts_chapter(lines, i) {
            starts.push(i);
        }
    }
    starts
}

fn starts_chapter(lines: &[&str], i: usize) -> bool {
    if parse_heading(lines[i]).is_none() || !followed_by_quote(lines, i) {
        return false;
    }
    let end = lines.len().min(i + ASSESSMENT_WITHIN);
    for (k, l) in lines.iter().enumerate().take(end).skip(i + 1) {
        if l.trim().eq_ignore_ascii_case("assessment") {
            return true;
        }
        if parse_heading(l).is_some() && followed_by_quote(lines, k) {
            return false;
        }
    }
    false
}

/// A chapter that starts (heading, quoted commitment) at or after line index `from` but whose
/// file ends before its Assessment table could: the file was cut there.
fn chapter_cut_before_its_table(lines: &[&str], from: usize) -> Option<IngestError> {
    let start = (from..lines.len()).find(|&i| {
        parse_heading(lines[i]).is_some()
            && followed_by_quote(lines, i)
            && lines.len() - i < ASSESSMENT_WITHIN
            // A numbered item quoting something, inside a finished chapter's sections, has
            // member sections after it.
            && !lines[i..]
                .iter()
                .any(|l| l.trim_start().trim_start_matches(['*', '_']).starts_with("Analyst:"))
    })?;
    let heading = parse_heading(lines[start])?;
    let stop = lines.iter().rposition(|l| !l.trim().is_empty())?;
    Some(IngestError::Truncated {
        line: stop + 1,
        code: shown(&heading.code),
        detail: "before its Assessment table: the table, the sections and every member's section are missing".into(),
    })
}

/// The next non-blank line (within a few) opens a quotation.
fn followed_by_quote(lines: &[&str], i: usize) -> bool {
    lines
        .iter()
        .skip(i + 1)
        .take(4)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with(['“', '"']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        let h =
            parse_heading(" 19. Migration and Refugees: Preventing Migrant Smuggling ").unwrap();
        assert_eq!(
            (h.code.as_str(), h.area.as_str()),
            ("19", "Migration and Refugees")
        );
        assert_eq!(h.title, "Preventing Migrant Smuggling");
        assert!(parse_heading("4. Non-Proliferation: Export Controls.....\t128").is_none());
        assert!(parse_heading("2024 G7 Apulia Summit").is_none());
        assert!(parse_heading("1.5 million: people").is_none());
    }

    #[test]
    fn contents_lines_do_not_start_chapters() {
        let lines = [
            "Contents",
            "18. Area: Title\t688",
            "19. Area: Other\t743",
            "",
            "18. Area: Title",
            "",
            "“We will act.”",
            "",
            "Source",
            "",
            "Assessment",
        ];
        assert_eq!(chapter_starts(&lines), vec![4]);
    }
}
