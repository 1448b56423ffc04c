//! JSON shapes shared by the command line (`scores`, `export`, `check`) and the HTTP API.
//!
//! These keys are a contract that tests and outside tools rely on: change them only with a new
//! API version. Averages are strings with an ASCII sign (`+0.38`); dates are ISO 8601.

use std::collections::BTreeMap;

use pledgewatch_domain::check::Finding;
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::{
    BodyParagraph, Chapter, Citation, Cycle, EvidenceItem, MemberSection, Person, SectionKind,
    Verdict, people_of,
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
    /// "G7", or null when not known.
    pub institution: Option<String>,
    /// The summit's name, "2024 Apulia Summit", or null when not known.
    pub summit: Option<String>,
    /// Everyone who signed the cycle's chapters, each once, with the other spellings of their
    /// name seen.
    pub people: Vec<PersonDto>,
    pub commitments: Vec<ExportCommitment>,
}

#[derive(Debug, Serialize)]
pub struct PersonDto {
    pub name: String,
    pub variants: Vec<String>,
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        PersonDto {
            name: p.name,
            variants: p.variants,
        }
    }
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
            period: cycle.period.map(|p| PeriodDto {
                start: p.start.to_string(),
                end: p.end.to_string(),
            }),
            institution: cycle.institution.clone(),
            summit: cycle.summit.clone(),
            people: people_of(chapters)
                .into_iter()
                .map(PersonDto::from)
                .collect(),
            commitments: chapters.iter().map(ExportCommitment::from).collect(),
        }
    }
}

impl From<&Chapter> for ExportCommitment {
    fn from(ch: &Chapter) -> Self {
        let c = &ch.commitment;
        let mut assessments: Vec<ExportAssessment> = ch
            .members
            .iter()
            .map(|m| ExportAssessment::new(ch, m))
            .collect();
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
                    BodyParagraph::Narrative { text, citations } => Some(ExportNote {
                        text: text.clone(),
                        citations: citations.clone(),
                    }),
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

/// `scores --format json` and `GET /api/v1/cycles/{cycle}/scores`.
#[derive(Debug, Serialize)]
pub struct ScoresDto {
    pub cycle: String,
    pub members: Vec<String>,
    pub commitments: Vec<ScoresCommitment>,
    pub members_summary: Vec<MemberSummary>,
    pub overall: AverageDto,
    pub gap: Option<GapDto>,
}

#[derive(Debug, Serialize)]
pub struct ScoresCommitment {
    pub code: String,
    pub title: String,
    pub area: String,
    /// Member name → `-1`, `0`, `1`, `"n/a"` or `null` (not yet assessed), in member order.
    pub scores: serde_json::Map<String, Value>,
    pub average: Option<String>,
    pub percent: Option<i64>,
    pub rank: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct MemberSummary {
    pub member: String,
    pub code: String,
    pub average: Option<String>,
    pub percent: Option<i64>,
    pub rank: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct AverageDto {
    pub average: Option<String>,
    pub percent: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct GapDto {
    pub average: String,
    pub points: i64,
    pub highest: String,
    pub lowest: String,
}

impl ScoresDto {
    pub fn new(cycle: &str, matrix: &ScoreMatrix) -> ScoresDto {
        let convention = matrix.convention;
        let commitment_ranks = matrix.by_commitment();
        let commitments = matrix
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let ranked = commitment_ranks.iter().find(|r| r.index == i);
                let average = matrix.row_average(i);
                ScoresCommitment {
                    code: row.code.clone(),
                    title: row.title.clone(),
                    area: row.area.clone(),
                    scores: matrix
                        .members
                        .iter()
                        .zip(&row.cells)
                        .map(|(m, v)| (m.name.clone(), verdict_json(*v)))
                        .collect(),
                    average: average.map(|a| a.signed_ascii()),
                    percent: average.map(|a| a.percent(convention)),
                    rank: ranked.and_then(|r| r.rank),
                }
            })
            .collect();
        let overall = matrix.overall();
        ScoresDto {
            cycle: cycle.to_string(),
            members: matrix.members.iter().map(|m| m.name.clone()).collect(),
            commitments,
            members_summary: matrix
                .by_member()
                .into_iter()
                .map(|r| MemberSummary {
                    member: r.subject.name.clone(),
                    code: r.subject.code.clone(),
                    average: r.average.map(|a| a.signed_ascii()),
                    percent: r.percent,
                    rank: r.rank,
                })
                .collect(),
            overall: AverageDto {
                average: overall.map(|a| a.signed_ascii()),
                percent: overall.map(|a| a.percent(convention)),
            },
            gap: matrix.gap().map(|g| GapDto {
                average: g.difference.unsigned(),
                points: g.points,
                highest: g.highest.0.name,
                lowest: g.lowest.0.name,
            }),
        }
    }
}

/// `check --format json`.
#[derive(Debug, Serialize)]
pub struct CheckDto {
    pub findings: Vec<FindingDto>,
}

#[derive(Debug, Serialize)]
pub struct FindingDto {
    pub severity: &'static str,
    pub code: &'static str,
    pub commitment: Option<String>,
    pub member: Option<String>,
    pub footnote: Option<u32>,
    pub message: String,
}

impl CheckDto {
    pub fn new(findings: &[Finding]) -> CheckDto {
        CheckDto {
            findings: findings
                .iter()
                .map(|f| FindingDto {
                    severity: f.severity.as_str(),
                    code: f.code.as_str(),
                    commitment: f.commitment.clone(),
                    member: f.member.clone(),
                    footnote: f.footnote,
                    message: f.message.clone(),
                })
                .collect(),
        }
    }
}
