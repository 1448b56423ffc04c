//! Data-quality checks a compliance team runs before publishing a cycle: the scores agree, the
//! published average matches them, footnotes are contiguous, defined once and cited, evidence
//! dates fall in the compliance period, citations are plausible, and one person is written one way.
//!
//! Footnotes cited in prose. The model lists footnote numbers on evidence and undated paragraphs
//! only; the commitment text, the sections (Background, Definitions and Concepts, …) and a
//! member's opening and concluding paragraphs are plain text. Rather than add fields, prose keeps
//! the report's own superscript markers (`⁴⁰⁷⁰`) where a footnote is cited, and
//! [`crate::citing`] reads them. So `footnote-unused` means "cited in no paragraph and no marked
//! prose": an importer that strips the markers from prose makes those footnotes look unused.

mod footnotes;
mod people;
mod url;

use std::cmp::Ordering;
use std::fmt;

use crate::average::Average;
use crate::model::{Chapter, Cycle};
use crate::names::member_key;
use crate::score::Verdict;

pub use url::url_problem;

/// How serious a finding is: an error blocks publication (`check` exits 1), a warning asks for a
/// look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about; `as_str` is the stable code in `check --format json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingCode {
    /// Heading, "Thus" sentence and Assessment table disagree on a member's score.
    ScoreMismatch,
    /// A member in the Assessment table has no section, or the reverse.
    MemberMissing,
    /// The published average line differs from the one the scores give.
    AverageMismatch,
    /// A footnote is cited but not defined, or the numbering has a gap.
    FootnoteMissing,
    /// A footnote is defined but never cited.
    FootnoteUnused,
    /// A footnote number is defined more than once.
    FootnoteDuplicate,
    /// An evidence date was written without a year; the year was inferred from the period.
    DateWithoutYear,
    /// An evidence date falls outside the cycle's compliance period.
    DateOutsidePeriod,
    /// A source was accessed before it was published.
    AccessBeforePublication,
    /// A cited URL is not a well-formed http(s) URL.
    UrlMalformed,
    /// One person's name is written in different ways across the cycle.
    AnalystVariant,
    /// A sentence opening with a date was broken by a stray blank line after its first word
    /// ("… English Channel. On" / "16 November 2024, …"). Found by the importer, which knows the
    /// source's lines; it splits the sentence off as its own paragraph.
    ParagraphBreakInSentence,
}

impl FindingCode {
    pub const ALL: [FindingCode; 12] = [
        FindingCode::ScoreMismatch,
        FindingCode::MemberMissing,
        FindingCode::AverageMismatch,
        FindingCode::FootnoteMissing,
        FindingCode::FootnoteUnused,
        FindingCode::FootnoteDuplicate,
        FindingCode::DateWithoutYear,
        FindingCode::DateOutsidePeriod,
        FindingCode::AccessBeforePublication,
        FindingCode::UrlMalformed,
        FindingCode::AnalystVariant,
        FindingCode::ParagraphBreakInSentence,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::ScoreMismatch => "score-mismatch",
            FindingCode::MemberMissing => "member-missing",
            FindingCode::AverageMismatch => "average-mismatch",
            FindingCode::FootnoteMissing => "footnote-missing",
            FindingCode::FootnoteUnused => "footnote-unused",
            FindingCode::FootnoteDuplicate => "footnote-duplicate",
            FindingCode::DateWithoutYear => "date-without-year",
            FindingCode::DateOutsidePeriod => "date-outside-period",
            FindingCode::AccessBeforePublication => "access-before-publication",
            FindingCode::UrlMalformed => "url-malformed",
            FindingCode::AnalystVariant => "analyst-variant",
            FindingCode::ParagraphBreakInSentence => "paragraph-break-in-sentence",
        }
    }

    pub fn parse(s: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Errors make a published table or reference wrong; warnings ask a person to look.
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::ScoreMismatch
            | FindingCode::AverageMismatch
            | FindingCode::FootnoteMissing
            | FindingCode::FootnoteDuplicate
            | FindingCode::UrlMalformed => Severity::Error,
            FindingCode::MemberMissing
            | FindingCode::FootnoteUnused
            | FindingCode::DateWithoutYear
            | FindingCode::DateOutsidePeriod
            | FindingCode::AccessBeforePublication
            | FindingCode::AnalystVariant
            | FindingCode::ParagraphBreakInSentence => Severity::Warning,
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a check found, located as precisely as the data allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub code: FindingCode,
    /// The commitment's code ("18").
    pub commitment: Option<String>,
    pub member: Option<String>,
    pub footnote: Option<u32>,
    pub message: String,
}

impl Finding {
    /// A finding of `code` at its usual severity, in `chapter`.
    fn in_chapter(code: FindingCode, chapter: &Chapter, message: String) -> Finding {
        Finding {
            severity: code.severity(),
            code,
            commitment: Some(chapter.commitment.code.clone()),
            member: None,
            footnote: None,
            message,
        }
    }

    fn member(mut self, member: &str) -> Finding {
        self.member = Some(member.to_string());
        self
    }

    fn footnote(mut self, footnote: Option<u32>) -> Finding {
        self.footnote = footnote;
        self
    }
}

impl fmt::Display for Finding {
    /// `error score-mismatch [18 · Canada] heading +1 but Assessment table 0`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.severity, self.code)?;
        let mut place: Vec<String> = Vec::new();
        if let Some(c) = &self.commitment {
            place.push(format!("commitment {c}"));
        }
        if let Some(m) = &self.member {
            place.push(m.clone());
        }
        if let Some(n) = self.footnote {
            place.push(format!("footnote {n}"));
        }
        if !place.is_empty() {
            write!(f, " [{}]", place.join(" \u{b7} "))?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Every check on every chapter of a cycle, plus the checks across chapters (one person's
/// name written several ways). Ordered by commitment, member, footnote, code.
pub fn check_cycle(cycle: &Cycle, chapters: &[Chapter]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = chapters
        .iter()
        .flat_map(|c| chapter_findings(cycle, c))
        .collect();
    findings.extend(people::name_variants(chapters));
    sort(&mut findings);
    findings
}

/// The checks that need only one chapter, ordered like [`check_cycle`]'s.
pub fn check_chapter(cycle: &Cycle, chapter: &Chapter) -> Vec<Finding> {
    let mut findings = chapter_findings(cycle, chapter);
    sort(&mut findings);
    findings
}

fn chapter_findings(cycle: &Cycle, chapter: &Chapter) -> Vec<Finding> {
    let mut out = Vec::new();
    scores(chapter, &mut out);
    average(cycle, chapter, &mut out);
    footnotes::check(chapter, &mut out);
    dates(cycle, chapter, &mut out);
    out
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        natural(a.commitment.as_deref(), b.commitment.as_deref())
            .then_with(|| a.member.cmp(&b.member))
            .then_with(|| a.footnote.cmp(&b.footnote))
            .then_with(|| a.code.as_str().cmp(b.code.as_str()))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Commitment codes in numeric order where they are numbers ("9" before "18").
fn natural(a: Option<&str>, b: Option<&str>) -> Ordering {
    let key = |s: &str| {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.parse::<u64>().ok(), s.to_string())
    };
    match (a, b) {
        (Some(a), Some(b)) => key(a).cmp(&key(b)),
        (a, b) => a.cmp(&b),
    }
}

fn verdict_text(v: Verdict) -> String {
    match v {
        Verdict::Scored(s) => s.published().to_string(),
        other => other.to_string(),
    }
}

/// `score-mismatch` and `member-missing`.
fn scores(chapter: &Chapter, out: &mut Vec<Finding>) {
    let row_of = |name: &str| {
        let key = member_key(name);
        chapter
            .assessment_table
            .iter()
            .find(|r| member_key(&r.member) == key)
    };
    for section in &chapter.members {
        let name = section.member.as_str();
        let row = row_of(name);
        if row.is_none() {
            out.push(
                Finding::in_chapter(
                    FindingCode::MemberMissing,
                    chapter,
                    format!("{name} has a section but no row in the Assessment table"),
                )
                .member(name),
            );
        }
        let stated: Vec<(&str, Verdict)> = [
            ("Assessment table", row.map(|r| r.verdict)),
            ("heading", section.heading_verdict),
            ("\"Thus\" sentence", section.thus_verdict),
        ]
        .into_iter()
        .filter_map(|(what, v)| v.map(|v| (what, v)))
        .collect();
        if stated.windows(2).any(|w| w[0].1 != w[1].1) {
            let parts: Vec<String> = stated
                .iter()
                .map(|(what, v)| format!("{what} {}", verdict_text(*v)))
                .collect();
            out.push(
                Finding::in_chapter(
                    FindingCode::ScoreMismatch,
                    chapter,
                    format!("the scores disagree: {}", parts.join(", ")),
                )
                .member(name),
            );
        }
    }
    for row in &chapter.assessment_table {
        let key = member_key(&row.member);
        let has_section = chapter.members.iter().any(|m| member_key(&m.member) == key);
        // An n/a or unassessed member has nothing to justify, so no section is expected.
        if !has_section && row.verdict.score().is_some() {
            out.push(
                Finding::in_chapter(
                    FindingCode::MemberMissing,
                    chapter,
                    format!(
                        "{} is scored {} in the Assessment table but has no section",
                        row.member,
                        verdict_text(row.verdict)
                    ),
                )
                .member(&row.member),
            );
        }
    }
}

/// `average-mismatch`: the printed line against the line the published scores give.
fn average(cycle: &Cycle, chapter: &Chapter, out: &mut Vec<Finding>) {
    let Some(printed) = chapter.published_average.as_deref() else {
        return;
    };
    let verdicts: Vec<Verdict> = if chapter.assessment_table.is_empty() {
        chapter
            .member_names()
            .iter()
            .map(|m| chapter.verdict_of(m))
            .collect()
    } else {
        chapter.assessment_table.iter().map(|r| r.verdict).collect()
    };
    let message = match Average::of_scores(verdicts.iter().filter_map(|v| v.score())) {
        None => Some(format!(
            "the published average is `{printed}` but no member is scored"
        )),
        Some(a) => {
            let expected = a.published_line(cycle.convention);
            let printed_norm = normalise_average_line(printed);
            // A line printed without its percentage is compared on the average alone.
            let matches = if printed_norm.contains('(') {
                printed_norm == normalise_average_line(&expected)
            } else {
                printed_norm == normalise_average_line(&a.signed_published())
            };
            (!matches).then(|| {
                format!("the published average is `{printed}` but the scores give `{expected}`")
            })
        }
    };
    if let Some(message) = message {
        out.push(Finding::in_chapter(
            FindingCode::AverageMismatch,
            chapter,
            message,
        ));
    }
}

/// One spelling for comparing average lines: no label, no spaces, one kind of minus, no sign on
/// zero.
fn normalise_average_line(line: &str) -> String {
    let mut s = line.trim();
    if s.len() >= 7 && s.is_char_boundary(7) && s[..7].eq_ignore_ascii_case("average") {
        s = s[7..].trim_start_matches([':', ' ', '\t']);
    }
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '-' | '\u{2013}' | '\u{2010}' | '\u{2011}' | '\u{2012}' => '\u{2212}',
            c => c,
        })
        .collect();
    for signed_zero in ["+0.00", "\u{2212}0.00"] {
        if let Some(rest) = s.strip_prefix(signed_zero) {
            return format!("0.00{rest}");
        }
    }
    s
}

/// `date-without-year` and `date-outside-period`.
fn dates(cycle: &Cycle, chapter: &Chapter, out: &mut Vec<Finding>) {
    for section in &chapter.members {
        for item in section.evidence() {
            let first = item.citations.first().copied();
            let d = item.date;
            if d.inferred {
                out.push(
                    Finding::in_chapter(
                        FindingCode::DateWithoutYear,
                        chapter,
                        format!(
                            "an evidence date was written without a year; {} was inferred from the compliance period",
                            d.date
                        ),
                    )
                    .member(&section.member)
                    .footnote(first),
                );
            }
            if let Some(period) = cycle.period
                && !period.contains(d.date)
            {
                out.push(
                    Finding::in_chapter(
                        FindingCode::DateOutsidePeriod,
                        chapter,
                        format!(
                            "evidence dated {} falls outside the compliance period {} to {}",
                            d.date, period.start, period.end
                        ),
                    )
                    .member(&section.member)
                    .footnote(first),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
