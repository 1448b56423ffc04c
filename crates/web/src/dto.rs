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

/// The JSON dataset (`export --format json`, the site's `dataset.json`): every commitment of a
/// cycle's score matrix, with its chapter where it has one, and each assessment's stored score.
/// `import dataset` reads it back; an export imported into an empty database exports identically.
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
    /// The cycle's members in its order (Table B's columns), with their codes.
    pub members: Vec<MemberDto>,
    /// Every commitment of Table B, in its order.
    pub commitments: Vec<ExportCommitment>,
}

#[derive(Debug, Serialize)]
pub struct MemberDto {
    pub name: String,
    pub code: String,
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

/// One commitment. A commitment known only from a score sheet has no chapter: its `text` and
/// `source` are null, and it has only its code, title, area and assessments with their scores.
#[derive(Debug, Serialize)]
pub struct ExportCommitment {
    pub code: String,
    pub title: String,
    pub area: String,
    /// The quoted commitment; null when the commitment has no chapter.
    pub text: Option<String>,
    pub source: Option<String>,
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
    /// The stored score (as `scores` shows it): the chapter's, or a later correction.
    pub score: Value,
    /// The score printed in the chapter's Assessment table, null when the table lacks the
    /// member (or there is no chapter).
    pub table_score: Value,
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
    /// The dataset of a cycle whose scores are `matrix` (the store's) and whose chapters are
    /// `chapters`: one commitment per matrix row, with its chapter's fields where it has one.
    pub fn new(cycle: &Cycle, chapters: &[Chapter], matrix: &ScoreMatrix) -> ExportCycle {
        ExportCycle {
            commitments: export_commitments(chapters, matrix).collect(),
            ..ExportCycle::head(cycle, chapters, matrix)
        }
    }

    /// The cycle's dataset without its commitments, for a writer that streams them
    /// ([`export_commitments`]) after these fields.
    pub fn head(cycle: &Cycle, chapters: &[Chapter], matrix: &ScoreMatrix) -> ExportCycle {
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
            members: matrix
                .members
                .iter()
                .map(|m| MemberDto {
                    name: m.name.clone(),
                    code: m.code.clone(),
                })
                .collect(),
            commitments: Vec::new(),
        }
    }
}

/// The commitments of [`ExportCycle::new`] in order, each built only when asked for: one per
/// matrix row (with its chapter's fields where it has one), then any chapter the matrix lacks
/// (never from the store), as printed.
pub fn export_commitments<'a>(
    chapters: &'a [Chapter],
    matrix: &'a ScoreMatrix,
) -> impl Iterator<Item = ExportCommitment> + 'a {
    let rows = matrix.rows.iter().enumerate().map(move |(i, row)| {
        match chapters.iter().find(|c| c.commitment.code == row.code) {
            Some(ch) => ExportCommitment::of_chapter(ch, matrix, i),
            None => ExportCommitment::scores_only(matrix, i),
        }
    });
    let unmatched = chapters
        .iter()
        .filter(move |ch| matrix.row_index(&ch.commitment.code).is_none())
        .map(move |ch| ExportCommitment::of_chapter(ch, matrix, usize::MAX));
    rows.chain(unmatched)
}

/// The stored score of `member` on row `i`, `None` when the matrix has no such cell.
fn stored(matrix: &ScoreMatrix, i: usize, member: &str) -> Option<Verdict> {
    let j = matrix.member_index(member)?;
    matrix.rows.get(i)?.cells.get(j).copied()
}

impl ExportCommitment {
    /// Chapter `ch`, whose scores are row `i` of `matrix`: each member it lists, then any other
    /// member the matrix scores on it.
    fn of_chapter(ch: &Chapter, matrix: &ScoreMatrix, i: usize) -> Self {
        let c = &ch.commitment;
        let score =
            |member: &str| stored(matrix, i, member).unwrap_or_else(|| ch.verdict_of(member));
        let mut assessments: Vec<ExportAssessment> = ch
            .members
            .iter()
            .map(|m| ExportAssessment::new(ch, m, score(&m.member)))
            .collect();
        // Members scored in the table but without a written section still appear.
        for row in &ch.assessment_table {
            if !ch.members.iter().any(|m| m.member == row.member) {
                assessments.push(ExportAssessment::score_only(
                    &row.member,
                    score(&row.member),
                    verdict_json(row.verdict),
                ));
            }
        }
        // So do members scored only in the store (a score sheet after the chapter).
        if let Some(r) = matrix.rows.get(i) {
            let listed: Vec<Option<usize>> = ch
                .member_names()
                .iter()
                .map(|n| matrix.member_index(n))
                .collect();
            for (j, (m, v)) in matrix.members.iter().zip(&r.cells).enumerate() {
                if *v != Verdict::NotAssessed && !listed.contains(&Some(j)) {
                    assessments.push(ExportAssessment::score_only(&m.name, *v, Value::Null));
                }
            }
        }
        ExportCommitment {
            code: c.code.clone(),
            title: c.title.clone(),
            area: c.area.clone(),
            text: Some(c.text.clone()),
            source: Some(c.source.clone()),
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

    /// Row `i` of `matrix`, a commitment without a chapter: every member with its score.
    fn scores_only(matrix: &ScoreMatrix, i: usize) -> Self {
        let row = &matrix.rows[i];
        ExportCommitment {
            code: row.code.clone(),
            title: row.title.clone(),
            area: row.area.clone(),
            text: None,
            source: None,
            director: None,
            lead_analyst: None,
            published_average: None,
            sections: BTreeMap::new(),
            assessments: matrix
                .members
                .iter()
                .zip(&row.cells)
                .map(|(m, v)| ExportAssessment::score_only(&m.name, *v, Value::Null))
                .collect(),
            citations: Vec::new(),
        }
    }
}

impl ExportAssessment {
    fn new(ch: &Chapter, m: &MemberSection, score: Verdict) -> Self {
        let narrative = [m.opening.as_str(), m.conclusion.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let table_score = ch
            .assessment_table
            .iter()
            .find(|r| r.member == m.member)
            .map_or(Value::Null, |r| verdict_json(r.verdict));
        ExportAssessment {
            member: m.member.clone(),
            score: verdict_json(score),
            table_score,
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

    /// A member with a score and nothing written.
    fn score_only(member: &str, score: Verdict, table_score: Value) -> Self {
        ExportAssessment {
            member: member.to_string(),
            score: verdict_json(score),
            table_score,
            heading_score: Value::Null,
            thus_score: Value::Null,
            analyst: None,
            narrative: String::new(),
            opening: String::new(),
            conclusion: String::new(),
            evidence: Vec::new(),
            notes: Vec::new(),
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
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScoresDto {
    pub cycle: String,
    pub members: Vec<String>,
    pub commitments: Vec<ScoresCommitment>,
    pub members_summary: Vec<MemberSummary>,
    pub overall: AverageDto,
    pub gap: Option<GapDto>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScoresCommitment {
    pub code: String,
    pub title: String,
    pub area: String,
    /// Member name → `-1`, `0`, `1`, `"n/a"` or `null` (not yet assessed), in member order.
    #[schema(value_type = Object)]
    pub scores: serde_json::Map<String, Value>,
    pub average: Option<String>,
    pub percent: Option<i64>,
    pub rank: Option<usize>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MemberSummary {
    pub member: String,
    pub code: String,
    pub average: Option<String>,
    pub percent: Option<i64>,
    pub rank: Option<usize>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AverageDto {
    pub average: Option<String>,
    pub percent: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
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

// ---------------------------------------------------------------------------------------------
// Rubrics, suggestions, coding and agreement (`rubric …`, `suggest`, `agreement`,
// `disagreements`, `coding show` with `--format json`, and the HTTP API). Keys are snake_case.
// ---------------------------------------------------------------------------------------------

use pledgewatch_domain::agreement::{Coefficient, Level};
use pledgewatch_domain::coding::{Adjudication, AgreementReport, AssessmentCodings};
use pledgewatch_domain::rubric::{CheckReport, Coding, Outcome, Rubric, RubricFinding, Suggestion};

/// A coding in JSON: per dimension (rubric order) its strength, the contradictory flag, and the
/// same in words.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CodingDto {
    /// `{"dimension": "prevent", "strength": "strong" | "weak" | "none"}` per dimension.
    pub dimensions: Vec<DimensionStrengthDto>,
    pub contradictory: bool,
    /// "strong: prevent; weak: counter; none: …; no contradictory action".
    pub text: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DimensionStrengthDto {
    pub dimension: String,
    pub strength: &'static str,
}

impl CodingDto {
    pub fn new(rubric: &Rubric, coding: &Coding) -> CodingDto {
        CodingDto {
            dimensions: rubric
                .dimensions
                .iter()
                .enumerate()
                .map(|(i, d)| DimensionStrengthDto {
                    dimension: d.key.clone(),
                    strength: coding.strength(i).as_str(),
                })
                .collect(),
            contradictory: coding.contradictory,
            text: rubric.describe(coding),
        }
    }
}

/// A rubric's suggestion: `outcome` is `score` (then `score` is -1, 0 or 1), `gap` (no rule
/// fires) or `overlap` (`scores` lists the conflicting scores).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestionDto {
    pub rubric_version: u32,
    pub outcome: &'static str,
    pub score: Option<i8>,
    pub scores: Vec<i8>,
    /// Names of the rules that fired.
    pub rules: Vec<String>,
    pub reason: String,
}

impl From<&Suggestion> for SuggestionDto {
    fn from(s: &Suggestion) -> SuggestionDto {
        let (outcome, scores) = match &s.outcome {
            Outcome::Score(x) => ("score", vec![x.value()]),
            Outcome::Gap => ("gap", Vec::new()),
            Outcome::Overlap(xs) => ("overlap", xs.iter().map(|x| x.value()).collect()),
        };
        SuggestionDto {
            rubric_version: s.rubric_version,
            outcome,
            score: s.score().map(|x| x.value()),
            scores,
            rules: s.rules.clone(),
            reason: s.reason.clone(),
        }
    }
}

/// `rubric check --format json`: everything the checker found.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RubricCheckDto {
    /// The commitment code, when the rubric was read from the database.
    pub commitment: Option<String>,
    pub rubric_version: u32,
    pub dimensions: usize,
    /// How many codings were tried (3^dimensions × 2).
    pub codings: u64,
    /// No gap and no overlap.
    pub complete: bool,
    pub gaps: usize,
    pub overlaps: usize,
    pub never_fires: usize,
    pub findings: Vec<RubricFindingDto>,
}

/// One finding: `kind` is `gap`, `overlap` or `never_fires`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RubricFindingDto {
    pub kind: &'static str,
    /// For people, with the example coding in words.
    pub message: String,
    /// A concrete coding that fails this way (none for `never_fires`).
    pub example: Option<CodingDto>,
    /// How many codings fail this way (none for `never_fires`).
    pub count: Option<u64>,
    /// The conflicting scores of an overlap.
    pub scores: Vec<i8>,
    /// The rules involved: an overlap's firing rules, or the rule that never fires.
    pub rules: Vec<String>,
}

impl RubricCheckDto {
    pub fn new(commitment: Option<&str>, rubric: &Rubric, report: &CheckReport) -> RubricCheckDto {
        let findings: Vec<RubricFindingDto> = report
            .findings
            .iter()
            .map(|f| {
                let (kind, count, scores, rules) = match f {
                    RubricFinding::Gap { count, .. } => ("gap", Some(*count), vec![], vec![]),
                    RubricFinding::Overlap {
                        count,
                        scores,
                        rules,
                        ..
                    } => (
                        "overlap",
                        Some(*count),
                        scores.iter().map(|s| s.value()).collect(),
                        rules.iter().map(|r| r.name.clone()).collect(),
                    ),
                    RubricFinding::NeverFires { rule, .. } => {
                        ("never_fires", None, vec![], vec![rule.name.clone()])
                    }
                };
                RubricFindingDto {
                    kind,
                    message: f.message(rubric),
                    example: f.example().map(|c| CodingDto::new(rubric, c)),
                    count,
                    scores,
                    rules,
                }
            })
            .collect();
        RubricCheckDto {
            commitment: commitment.map(str::to_string),
            rubric_version: rubric.version,
            dimensions: report.dimensions,
            codings: report.codings,
            complete: report.is_complete(),
            gaps: report.gaps().count(),
            overlaps: report.overlaps().count(),
            never_fires: report.never_fires().count(),
            findings,
        }
    }
}

/// `rubric whatif` / `rubric import --format json`: which assessments' suggestions a changed
/// rubric would change.
#[derive(Debug, Serialize)]
pub struct WhatIfDto {
    pub commitment: String,
    /// The version compared against (`null` when the commitment had no rubric).
    pub from_version: Option<u32>,
    pub changed: Vec<WhatIfChangeDto>,
    pub unchanged: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Serialize)]
pub struct WhatIfChangeDto {
    pub member: String,
    /// The analyst's score: -1, 0, 1, "n/a" or null.
    pub score: Value,
    pub before: SuggestionDto,
    pub after: SuggestionDto,
    /// Whether the score would depart from the new suggestion (and need a justification).
    pub departs_after: bool,
}

/// `suggest --format json`: each assessment's score against its rubric's suggestion.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestDto {
    pub cycle: String,
    pub assessments: Vec<SuggestRowDto>,
    /// Assessments with a single suggested score.
    pub suggested: usize,
    /// Of those, how many scores depart from the suggestion.
    pub departures: usize,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuggestRowDto {
    pub commitment: String,
    pub member: String,
    /// -1, 0, 1, "n/a" or null (not yet assessed).
    #[schema(value_type = Object)]
    pub score: Value,
    /// `suggested`, `no_rubric`, `not_coded`, `awaiting_coders` or `awaiting_adjudication`.
    pub state: &'static str,
    pub suggestion: Option<SuggestionDto>,
    pub departs: bool,
    /// Disagreements waiting for the lead analyst (`awaiting_adjudication`).
    pub pending: Vec<String>,
}

/// An exact agreement coefficient: `value` to three decimals, `exact` as a fraction.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CoefficientDto {
    pub value: String,
    pub exact: String,
}

impl From<Coefficient> for CoefficientDto {
    fn from(c: Coefficient) -> CoefficientDto {
        CoefficientDto {
            value: c.three_decimals(),
            exact: format!("{}/{}", c.numerator(), c.denominator()),
        }
    }
}

/// `agreement --format json`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AgreementDto {
    pub cycle: String,
    pub commitments: Vec<CommitmentAgreementDto>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommitmentAgreementDto {
    pub commitment: String,
    pub rubric_version: u32,
    /// `cohen_kappa` or `krippendorff_alpha`.
    pub method: &'static str,
    /// `nominal` or `ordinal`.
    pub level: &'static str,
    /// Assessments every required coder submitted (with at least two codings).
    pub units: usize,
    pub coders: Vec<String>,
    /// `null` when undefined (no units, or one category throughout).
    pub overall: Option<CoefficientDto>,
    /// Per dimension in rubric order, then `contradictory`.
    pub dimensions: Vec<DimensionAgreementDto>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DimensionAgreementDto {
    pub dimension: String,
    pub method: &'static str,
    pub coefficient: Option<CoefficientDto>,
    pub units: usize,
}

impl CommitmentAgreementDto {
    pub fn new(commitment: &str, rubric: &Rubric, report: &AgreementReport) -> Self {
        CommitmentAgreementDto {
            commitment: commitment.to_string(),
            rubric_version: rubric.version,
            method: report.method.as_str(),
            level: match report.level {
                Level::Nominal => "nominal",
                Level::Ordinal => "ordinal",
            },
            units: report.units,
            coders: report.coders.clone(),
            overall: report.overall.map(CoefficientDto::from),
            dimensions: report
                .per_dimension
                .iter()
                .map(|(d, c, m, n)| DimensionAgreementDto {
                    dimension: d.clone(),
                    method: m.as_str(),
                    coefficient: c.map(CoefficientDto::from),
                    units: *n,
                })
                .collect(),
        }
    }
}

/// `disagreements --format json`: the adjudication queue.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DisagreementsDto {
    pub cycle: String,
    pub disagreements: Vec<DisagreementDto>,
    /// How many are not adjudicated yet.
    pub pending: usize,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DisagreementDto {
    pub commitment: String,
    pub member: String,
    /// A dimension key, or `contradictory`.
    pub point: String,
    /// Each coder's value on the point: a strength, or `yes`/`no` for contradictory.
    pub coders: Vec<CoderValueDto>,
    /// The lead analyst's decision, when recorded.
    pub adjudication: Option<AdjudicationDto>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CoderValueDto {
    pub coder: String,
    pub value: &'static str,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AdjudicationDto {
    /// A dimension key, or `contradictory`.
    pub point: String,
    /// A strength, or `yes`/`no` for contradictory.
    pub value: &'static str,
    pub by: String,
    pub note: String,
    pub at: String,
}

impl From<&Adjudication> for AdjudicationDto {
    fn from(a: &Adjudication) -> AdjudicationDto {
        AdjudicationDto {
            point: a.point().to_string(),
            value: match (&a.dimension, a.contradictory) {
                (Some(_), _) => a.strength.as_str(),
                (None, true) => "yes",
                (None, false) => "no",
            },
            by: a.by.clone(),
            note: a.note.clone(),
            at: a.at.to_string(),
        }
    }
}

/// `coding show --format json`: what one viewer may see of an assessment's codings.
#[derive(Debug, Serialize)]
pub struct CodingsViewDto {
    pub commitment: String,
    pub member: String,
    pub viewer: String,
    pub required: u8,
    pub submitted: usize,
    /// Every required coder has submitted: codings are no longer blind.
    pub complete: bool,
    pub codings: Vec<CoderCodingDto>,
    pub disagreements: Vec<String>,
    pub adjudications: Vec<AdjudicationDto>,
}

#[derive(Debug, Serialize)]
pub struct CoderCodingDto {
    pub coder: String,
    pub submitted_at: Option<String>,
    pub items: Vec<CodedEvidenceDto>,
}

#[derive(Debug, Serialize)]
pub struct CodedEvidenceDto {
    /// 1-based number of the evidence item in the member's section.
    pub evidence: u32,
    pub dimension: String,
    /// `strong`, `weak` or `contradictory`.
    pub strength: &'static str,
}

impl CodingsViewDto {
    /// What `viewer` may see of `all` (blind until every required coder submitted: see
    /// [`AssessmentCodings::visible_to`]); the counts are of all codings.
    pub fn new(
        commitment: &str,
        viewer: &str,
        all: &AssessmentCodings,
        rubric: Option<&Rubric>,
    ) -> CodingsViewDto {
        let visible = &all.visible_to(viewer);
        CodingsViewDto {
            commitment: commitment.to_string(),
            member: visible.member.clone(),
            viewer: viewer.to_string(),
            required: visible.required,
            submitted: all.submitted_count(),
            complete: all.complete(),
            codings: visible
                .codings
                .iter()
                .map(|c| CoderCodingDto {
                    coder: c.coder.clone(),
                    submitted_at: c.submitted_at.map(|t| t.to_string()),
                    items: c
                        .items
                        .iter()
                        .map(|i| CodedEvidenceDto {
                            evidence: i.evidence,
                            dimension: i.dimension.clone(),
                            strength: i.strength.as_str(),
                        })
                        .collect(),
                })
                .collect(),
            disagreements: rubric.map_or_else(Vec::new, |r| visible.disagreements(r)),
            adjudications: visible.adjudications.iter().map(Into::into).collect(),
        }
    }
}

/// `rubric history --format json`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RubricVersionDto {
    pub version: u32,
    pub saved_at: String,
    pub saved_by: String,
}

impl DisagreementDto {
    /// One point (a dimension key or `contradictory`) the submitted codings of `a` disagree
    /// on, with each submitted coder's value and the adjudication when there is one. Only call
    /// it with points from [`AssessmentCodings::disagreements`], which is empty until every
    /// required coder has submitted, so no coding is shown while it is still blind.
    pub fn new(
        commitment: &str,
        a: &AssessmentCodings,
        rubric: &Rubric,
        point: &str,
    ) -> DisagreementDto {
        let coders = a
            .codings
            .iter()
            .filter(|c| c.is_submitted())
            .map(|c| {
                let coding = c.coding_lenient(rubric);
                let value = match rubric.dimension_index(point) {
                    Some(i) => coding.strength(i).as_str(),
                    None if coding.contradictory => "yes",
                    None => "no",
                };
                CoderValueDto {
                    coder: c.coder.clone(),
                    value,
                }
            })
            .collect();
        DisagreementDto {
            commitment: commitment.to_string(),
            member: a.member.clone(),
            point: point.to_string(),
            coders,
            adjudication: a.adjudication(point).map(Into::into),
        }
    }
}
