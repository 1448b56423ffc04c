//! The things a compliance report is made of: cycles, members, commitments with their chapter
//! sections, member assessments with evidence paragraphs, and citations (footnotes).
//!
//! These are plain values. The importers produce them, the store persists and reloads them, and
//! the renderers and web pages read them; none of those layers defines its own copy.

use jiff::civil::Date;

use crate::average::PercentConvention;
use crate::partial_date::PartialDate;
use crate::score::Verdict;

/// A compliance period, both ends inclusive: actions count from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("`{0}` is not a period: expected YYYY-MM-DD..YYYY-MM-DD")]
    Shape(String),
    #[error("`{0}` is not a date: expected YYYY-MM-DD")]
    Date(String),
    #[error("the period ends ({end}) before it starts ({start})")]
    Reversed { start: Date, end: Date },
}

impl Period {
    pub fn new(start: Date, end: Date) -> Result<Period, PeriodError> {
        if end < start {
            return Err(PeriodError::Reversed { start, end });
        }
        Ok(Period { start, end })
    }

    /// Parses `YYYY-MM-DD..YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let (a, b) = s
            .trim()
            .split_once("..")
            .ok_or_else(|| PeriodError::Shape(s.to_string()))?;
        let date = |t: &str| -> Result<Date, PeriodError> {
            let t = t.trim();
            if t.len() != 10 {
                return Err(PeriodError::Date(t.to_string()));
            }
            t.parse::<Date>()
                .map_err(|_| PeriodError::Date(t.to_string()))
        };
        Period::new(date(a)?, date(b)?)
    }

    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// Resolves a day and month written without a year to the date inside the period, or, when
    /// none falls inside it, to the one nearest to it. `None` if the day does not exist.
    pub fn resolve_year(&self, month: i8, day: i8) -> Option<Date> {
        let mut best: Option<(i64, Date)> = None;
        for year in self.start.year() - 1..=self.end.year() + 1 {
            let Ok(d) = Date::new(year, month, day) else {
                continue;
            };
            let distance = if self.contains(d) {
                0
            } else if d < self.start {
                i64::from((self.start - d).get_days())
            } else {
                i64::from((d - self.end).get_days())
            };
            if best.is_none_or(|(bd, _)| distance < bd) {
                best = Some((distance, d));
            }
        }
        best.map(|(_, d)| d)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Interim or final report of a summit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CycleKind {
    Interim,
    Final,
}

impl CycleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CycleKind::Interim => "interim",
            CycleKind::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<CycleKind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "interim" => Some(CycleKind::Interim),
            "final" => Some(CycleKind::Final),
            _ => None,
        }
    }
}

/// One assessment run over a set of commitments.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cycle {
    /// Unique, human-chosen: "2024 G7 Apulia Summit Final".
    pub name: String,
    pub kind: Option<CycleKind>,
    pub period: Option<Period>,
    pub convention: PercentConvention,
    /// The institution whose commitments the cycle assesses: "G7".
    pub institution: Option<String>,
    /// The name of the summit the commitments were made at: "2024 Apulia Summit".
    pub summit: Option<String>,
}

/// A party that is scored. Its name and code are data, never hard-coded lists in logic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Member {
    pub name: String,
    pub code: String,
}

/// The parts of a chapter between the Assessment table and the member sections.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum SectionKind {
    Background,
    CommitmentFeatures,
    DefinitionsAndConcepts,
    GeneralInterpretiveGuidelines,
    ScoringGuidelines,
}

impl SectionKind {
    pub const ALL: [SectionKind; 5] = [
        SectionKind::Background,
        SectionKind::CommitmentFeatures,
        SectionKind::DefinitionsAndConcepts,
        SectionKind::GeneralInterpretiveGuidelines,
        SectionKind::ScoringGuidelines,
    ];

    /// The heading as printed in a report.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Background => "Background",
            SectionKind::CommitmentFeatures => "Commitment Features",
            SectionKind::DefinitionsAndConcepts => "Definitions and Concepts",
            SectionKind::GeneralInterpretiveGuidelines => "General Interpretive Guidelines",
            SectionKind::ScoringGuidelines => "Scoring Guidelines",
        }
    }

    /// The key used in data files and JSON: `background`, `commitment_features`, …
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Background => "background",
            SectionKind::CommitmentFeatures => "commitment_features",
            SectionKind::DefinitionsAndConcepts => "definitions_and_concepts",
            SectionKind::GeneralInterpretiveGuidelines => "general_interpretive_guidelines",
            SectionKind::ScoringGuidelines => "scoring_guidelines",
        }
    }

    pub fn from_key(key: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        let h = heading.trim();
        SectionKind::ALL
            .into_iter()
            .find(|k| k.heading().eq_ignore_ascii_case(h))
    }
}

/// One section of a chapter; `text` keeps paragraphs separated by a blank line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    pub text: String,
}

/// A commitment as a chapter presents it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commitment {
    /// The commitment's number in its report, as text: "18".
    pub code: String,
    /// Policy area: "Migration and Refugees".
    pub area: String,
    /// Short title: "Border Management".
    pub title: String,
    /// The quoted commitment text, without the quotation marks.
    pub text: String,
    /// Where it comes from: "Apulia G7 Leaders' Communiqué".
    pub source: String,
}

/// A footnote: one cited source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    /// As precise as the source gives it (`July 2024` is a month); `None` when the source is
    /// undated ("n.d.") or the date could not be read.
    pub published: Option<PartialDate>,
    pub accessed: Option<Date>,
    /// Exactly as the source gives it, defects included.
    pub url: Option<String>,
    /// "Translation provided by Analyst."
    pub note: Option<String>,
    /// The footnote's whole text, rejoined onto one line.
    pub raw: String,
}

/// The date of an evidence item; `inferred` when the source gave no year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EvidenceDate {
    pub date: Date,
    pub inferred: bool,
}

/// One dated action by one member: "On 4 July 2024, …", with its footnote numbers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EvidenceItem {
    pub date: EvidenceDate,
    pub text: String,
    pub citations: Vec<u32>,
}

/// A paragraph of a member section between the opening and the conclusion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BodyParagraph {
    Evidence(EvidenceItem),
    /// An undated paragraph (context, a follow-up note) with the footnotes it cites.
    Narrative {
        text: String,
        citations: Vec<u32>,
    },
}

/// One member's section of a chapter, as written by its analyst.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberSection {
    pub member: String,
    /// The score in the heading `Canada: +1`.
    pub heading_verdict: Option<Verdict>,
    /// The score in `Thus, Canada receives a score of +1.`; `None` when the sentence is absent.
    pub thus_verdict: Option<Verdict>,
    pub opening: String,
    pub body: Vec<BodyParagraph>,
    pub conclusion: String,
    pub analyst: Option<String>,
}

impl MemberSection {
    pub fn evidence(&self) -> impl Iterator<Item = &EvidenceItem> {
        self.body.iter().filter_map(|p| match p {
            BodyParagraph::Evidence(e) => Some(e),
            BodyParagraph::Narrative { .. } => None,
        })
    }
}

/// One row of a chapter's Assessment table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableRow {
    pub member: String,
    pub verdict: Verdict,
}

/// A whole chapter of a compliance report: one commitment and every member's assessment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Chapter {
    pub commitment: Commitment,
    pub sections: Vec<Section>,
    pub director: Option<String>,
    pub lead_analyst: Option<String>,
    pub assessment_table: Vec<TableRow>,
    /// The published average line as printed: `+0.38 (69%)`.
    pub published_average: Option<String>,
    pub members: Vec<MemberSection>,
    pub citations: Vec<Citation>,
}

impl Chapter {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The member's verdict as published: the Assessment table's when present, else the heading's.
    pub fn verdict_of(&self, member: &str) -> Verdict {
        self.assessment_table
            .iter()
            .find(|r| r.member == member)
            .map(|r| r.verdict)
            .or_else(|| {
                self.members
                    .iter()
                    .find(|m| m.member == member)
                    .and_then(|m| m.heading_verdict.or(m.thus_verdict))
            })
            .unwrap_or(Verdict::NotAssessed)
    }

    /// Members in the order the chapter lists them (Assessment table first, then any section
    /// whose member the table lacks).
    pub fn member_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .assessment_table
            .iter()
            .map(|r| r.member.clone())
            .collect();
        for m in &self.members {
            if !names.contains(&m.member) {
                names.push(m.member.clone());
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn period_parses_and_resolves_years() {
        let p = Period::parse("2024-06-15..2025-05-15").unwrap();
        assert_eq!(p.resolve_year(7, 12), Some(date(2024, 7, 12)));
        assert_eq!(p.resolve_year(3, 2), Some(date(2025, 3, 2)));
        assert_eq!(p.resolve_year(2, 30), None);
        assert!(Period::parse("2025-01-01..2024-01-01").is_err());
        assert!(Period::parse("2024-06-15").is_err());
        assert!(Period::parse("2024-6-15..2025-05-15").is_err());
    }
}
