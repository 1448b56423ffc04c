//! Action plans from their text, in the two layouts of the seeds: an annex with a bulleted list of
//! priorities and roman-numbered pillars of measures, its pages under a repeated header (the G7
//! Action Plan); and a web page of numbered priorities, some with bulleted sub-measures (the
//! Calais Group Priority Plan).
//!
//! `blocks` drops the page headers and rejoins paragraphs cut by page breaks; `front` reads the
//! title, institution, adoption date and monitoring clause; `pillars` and `numbered` read the
//! sections of each layout. The result is a whole [`Plan`] or a [`PlanError`] naming the line.

mod blocks;
mod front;
mod numbered;
mod pillars;

use pledgewatch_domain::plan::{Plan, SectionKind};

use blocks::Block;

/// What the file may not say: the CLI passes these as flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// Used when the title does not name the institution ("G7 Action Plan …" does).
    pub institution: Option<String>,
    /// Members in scope: each gets a status per measure.
    pub members: Vec<String>,
    /// Take part without a status.
    pub observers: Vec<String>,
}

/// Why a plan could not be imported. Every message says where (1-based line, when there is
/// one) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the file is empty: expected the text of an action plan")]
    Empty,
    #[error(
        "the file is binary, not text (a NUL byte on line {line}): expected a UTF-8 text export of an action plan"
    )]
    Binary { line: usize },
    #[error(
        "line {line}: the file is not UTF-8 text (invalid bytes at byte offset {offset}): save it as UTF-8 and import it again"
    )]
    NotUtf8 { line: usize, offset: usize },
    #[error(
        "no priority or pillar found: expected pillar headings such as `(I) Title by:`, numbered priorities such as `1. Title`, or a `Priorities` heading followed by `- ` items"
    )]
    NoSections,
    #[error(
        "line {line}: no title found before the first {kind}: expected a line naming the plan, such as `… Action Plan …` or `… Priority Plan …`",
        kind = .kind.as_str()
    )]
    NoTitle { line: usize, kind: SectionKind },
    #[error(
        "line {line}: the title {title:?} does not name the institution that adopted the plan: give it (--institution)"
    )]
    NoInstitution { line: usize, title: String },
    #[error(
        "line {line}: {kind} {number} ({title:?}) has no measures: expected lines starting with `- ` after its heading",
        kind = .kind.as_str()
    )]
    NoMeasures {
        line: usize,
        kind: SectionKind,
        number: String,
        title: String,
    },
    #[error(
        "line {line}: {kind} {found} follows {kind} {previous}: expected {kind} {expected}",
        kind = .kind.as_str(),
        previous = .previous.as_deref().unwrap_or("(none)")
    )]
    Numbering {
        line: usize,
        kind: SectionKind,
        found: String,
        previous: Option<String>,
        expected: String,
    },
    #[error(
        "line {line}: {found:?} is not a date: expected a day, a month and a year such as `10 December 2024`"
    )]
    BadDate { line: usize, found: String },
    #[error(
        "{name:?} is given both as a member and as an observer: an observer gets no status, so it cannot be both"
    )]
    MemberAndObserver { name: String },
}

impl PlanError {
    /// The 1-based line the error is about, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            PlanError::Empty | PlanError::NoSections | PlanError::MemberAndObserver { .. } => None,
            PlanError::Binary { line }
            | PlanError::NotUtf8 { line, .. }
            | PlanError::NoTitle { line, .. }
            | PlanError::NoInstitution { line, .. }
            | PlanError::NoMeasures { line, .. }
            | PlanError::Numbering { line, .. }
            | PlanError::BadDate { line, .. } => Some(*line),
        }
    }
}

/// Parses a plan file; rejects binary files and text that is not UTF-8 before anything else.
pub fn parse_plan(bytes: &[u8], opts: &PlanOptions) -> Result<Plan, PlanError> {
    let text = decode(bytes)?;
    if let Some(name) = opts.members.iter().find(|m| opts.observers.contains(m)) {
        return Err(PlanError::MemberAndObserver { name: name.clone() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = blocks::read(text);

    let (sections, first) = if doc.blocks.iter().any(pillars::is_heading) {
        pillars::sections(&doc.blocks)?
    } else if doc.blocks.iter().any(|b| numbered::heading(b).is_some()) {
        numbered::sections(&doc.blocks)?
    } else if doc.blocks.iter().any(pillars::is_priorities_heading) {
        pillars::sections(&doc.blocks)?
    } else {
        return Err(PlanError::NoSections);
    };
    let Some(first) = first else {
        return Err(PlanError::NoSections);
    };

    let front = front::read(&doc, first, opts)?;
    Ok(Plan {
        institution: front.institution,
        title: front.title,
        adopted_on: front.adopted_on,
        source: front.source,
        rhythm: front.rhythm,
        reviewed_by: front.reviewed_by,
        members: opts.members.clone(),
        observers: opts.observers.clone(),
        sections,
    })
}

/// Where the sections begin: the index of the first block that belongs to one, and its kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FirstSection {
    pub block: usize,
    pub kind: SectionKind,
}

fn decode(bytes: &[u8]) -> Result<&str, PlanError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(PlanError::Empty);
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(PlanError::Binary {
            line: line_of(bytes, at),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| PlanError::NotUtf8 {
        line: line_of(bytes, e.valid_up_to()),
        offset: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(PlanError::Empty);
    }
    Ok(text)
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The text as a reader sees it: Markdown emphasis and backslash escapes dropped, runs of
/// whitespace made one space.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {}
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A bulleted item's text: `- text`, `• text` or `* text` (not `**bold**`).
pub(crate) fn bullet(b: &Block) -> Option<&str> {
    ["- ", "-\t", "• ", "* ", "*\t"]
        .iter()
        .find_map(|p| b.text.strip_prefix(p))
        .map(str::trim_start)
}

/// The printed title of a heading or item: its bold opening when it has one, otherwise its text
/// up to the first comma, semicolon or colon, without a trailing " by" / " through".
pub(crate) fn title_of(raw: &str) -> String {
    if let Some(rest) = raw.trim_start().strip_prefix("**")
        && let Some(end) = rest.find("**")
    {
        let t = clean(&rest[..end]);
        if !t.is_empty() {
            return t;
        }
    }
    let text = clean(raw);
    let cut = text.find([',', ';', ':']).unwrap_or(text.len());
    let mut t = text[..cut].trim_end();
    for tail in [" by", " through"] {
        t = t.strip_suffix(tail).unwrap_or(t);
    }
    let t = t.trim_end_matches(['.', ' ']);
    if t.is_empty() { text } else { t.to_string() }
}

/// Whether a section's own wording announces a list (it ends with a colon), so that measures
/// must follow.
pub(crate) fn announces_list(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// `a`, `b`, … `z`, then `27`, `28`: the letter of the n-th (1-based) sub-measure.
pub(crate) fn letter(n: usize) -> String {
    match u8::try_from(n) {
        Ok(k @ 1..=26) => char::from(b'a' + k - 1).to_string(),
        _ => n.to_string(),
    }
}
