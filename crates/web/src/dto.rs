//! JSON shapes shared by the command line (`scores`, `export`, `check`) and the HTTP API.
//!
//! These keys are a contract that tests and outside tools rely on: change them only with a new
//! API version. Averages are strings with an ASCII sign (`+0.38`); dates are ISO 8601.

use std::collections::BTreeMap;

use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Cycle, EvidenceItem, MemberSection, SectionKind, Verdict,
};
use serde::Serialize;
use serde_json::Value;

/// A verdict in JSON: `-1`, `0`, `1`, `"n/a"`, or `null` for not yet assessed.
pub fn verdict_json(v: Verdict) -> Value {
    match v {
        Verdict::Scored(s) => Value::from(s.value()),
        Verdict::NotApplicable => Value::from("n/a"),
        Verdict::NotAssessed => Value::Null,
    }
}

fn opt_verdict_json(v: Option<Verdict>) -> Value {
    v.map(verdict_json).unwrap_or(Value::Null)
}

#[derive(Debug, Serialize)]
pub struct ExportDto {
    pub cycles: Vec<ExportCycle>,
}

#[derive(Debug, Serialize)]
pub struct ExportCycle {
    pub name: String,
    pub kind: Option<&'static str>,
    pub convention: &'static str,
    pub period: Option<PeriodDto>,
    pub commitments: Vec<ExportCommitment>,
}

#[derive(Debug, Serialize)]
pub struct PeriodDto {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Serialize)]
pub struct ExportCommitment {
    pub code: String,
    pub title: String,
    pub area: String,
    pub text: String,
    pub source: String,
    pub director: Option<String>,
    pub lead_analyst: Option<String>,
    pub published_average: Option<String>,
    pub sections: BTreeMap<&'static str, String>,
    pub assessments: Vec<ExportAssessment>,
    pub citations: Vec<ExportCitation>,
}

#[derive(Debug, Serialize)]
pub struct ExportAssessment {
    pub member: String,
    /// The published score: the Assessment table's, else the heading's.
    pub score: Value,
    pub heading_score: Value,
    pub thus_score: Value,
    pub analyst: Option<String>,
    /// The opening and concluding paragraphs, separated by a blank line.
    pub narrative: String,
    pub opening: String,
    pub conclusion: String,
    pub evidence: Vec<ExportEvidence>,
    /// Undated paragraphs between the opening and the conclusion.
    pub notes: Vec<ExportNote>,
}

#[derive(Debug, Serialize)]
pub struct ExportEvidence {
    pub date: String,
    pub date_inferred: bool,
    pub text: String,
    pub citations: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct ExportNote {
    pub text: String,
    pub citations: Vec<u32>,
}

#[derive(Debug, Serialize)]
pub struct ExportCitation {
    pub number: u32,
    pub title: String,
    pub publisher: Option<String>,
    pub place: Option<String>,
    pub published: Option<String>,
    pub accessed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

impl ExportCycle {
    pub fn new(cycle: &Cycle, chapters: &[Chapter]) -> ExportCycle {
        ExportCycle {
            name: cycle.name.clone(),
            kind: cycle.kind.map(|k| k.as_str()),
            convention: cycle.convention.as_str(),
            period: cycle.period.map(|p| PeriodDto { start: p.start.to_string(), end: p.end.to_string() }),
            commitments: chapters.iter().map(ExportCommitment::from).collect(),
        }
    }
}

impl From<&Chapter> for ExportCommitment {
    fn from(ch: &Chapter) -> Self {
        let c = &ch.commitment;
        let mut assessments: Vec<ExportAssessment> =
            ch.members.iter().map(|m| ExportAssessment::new(ch, m)).collect();
        // Members scored in the table but without a written section still appear.
        for row in &ch.assessment_table {
            if !ch.members.iter().any(|m| m.member == row.member) {
                assessments.push(ExportAssessment {
                    member: row.member.clone(),
                    score: verdict_json(row.verdict),
                    heading_score: Value::Null,
                    thus_score: Value::Null,
                    analyst: None,
                    narrative: String::new(),
                    opening: String::new(),
                    conclusion: String::new(),
                    evidence: Vec::new(),
                    notes: Vec::new(),
                });
            }
        }
        ExportCommitment {
            code: c.code.clone(),
            title: c.title.clone(),
            area: c.area.clone(),
            text: c.text.clone(),
            source: c.source.clone(),
            director: ch.director.clone(),
            lead_analyst: ch.lead_analyst.clone(),
            published_average: ch.published_average.clone(),
            sections: SectionKind::ALL
                .into_iter()
                .filter_map(|k| ch.section(k).map(|s| (k.key(), s.text.clone())))
                .collect(),
            assessments,
            citations: ch.citations.iter().map(ExportCitation::from).collect(),
        }
    }
}

impl ExportAssessment {
    fn new(ch: &Chapter, m: &MemberSection) -> Self {
        let narrative = [m.opening.as_str(), m.conclusion.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        ExportAssessment {
            member: m.member.clone(),
            score: verdict_json(ch.verdict_of(&m.member)),
            heading_score: opt_verdict_json(m.heading_verdict),
            thus_score: opt_verdict_json(m.thus_verdict),
            analyst: m.analyst.clone(),
            narrative,
            opening: m.opening.clone(),
            conclusion: m.conclusion.clone(),
            evidence: m.evidence().map(ExportEvidence::from).collect(),
            notes: m
                .body
                .iter()
                .filter_map(|p| match p {
                    BodyParagraph::Narrative { text, citations } => {
                        Some(ExportNote { text: text.clone(), citations: citations.clone() })
                    }
                    BodyParagraph::Evidence(_) => None,
                })
                .collect(),
        }
    }
}

impl From<&EvidenceItem> for ExportEvidence {
    fn from(e: &EvidenceItem) -> Self {
        ExportEvidence {
            date: e.date.date.to_string(),
            date_inferred: e.date.inferred,
            text: e.text.clone(),
            citations: e.citations.clone(),
        }
    }
}

impl From<&Citation> for ExportCitation {
    fn from(c: &Citation) -> Self {
        ExportCitation {
            number: c.number,
            title: c.title.clone(),
            publisher: c.publisher.clone(),
            place: c.place.clone(),
            published: c.published.map(|d| d.to_string()),
            accessed: c.accessed.map(|d| d.to_string()),
            url: c.url.clone(),
            note: c.note.clone(),
        }
    }
}
