//! JSON shapes of the rubric, suggestion and agreement endpoints. Scores are integers (−1, 0,
//! 1); coefficients are strings with three decimals (`"0.743"`), computed exactly and never
//! passed through a float.

use pledgewatch_domain::rubric::{CheckReport, Coding, Outcome, Rubric, RubricFinding, Suggestion};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A rubric as stored: `rubric` is the same JSON the what-if endpoint accepts.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricDto {
    pub cycle: String,
    pub commitment: String,
    pub version: u32,
    /// The newest saved version (equal to `version` unless an older one was asked for).
    pub newest_version: Option<u32>,
    /// `{"version", "dimension": [{"key", "name", "description", "strong_examples",
    /// "weak_examples"}], "rule": [{"name", "score", …condition keys}]}`.
    #[schema(value_type = Object)]
    pub rubric: Value,
    /// Each rule's condition in plain English, in rubric order.
    pub rules_in_words: Vec<RuleWordsDto>,
    pub history: Vec<RubricVersionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleWordsDto {
    pub name: String,
    pub score: i8,
    pub when: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RubricVersionDto {
    pub version: u32,
    /// RFC 3339.
    pub saved_at: String,
    pub saved_by: String,
}

/// What the checker found by trying every coding.
#[derive(Debug, Serialize, ToSchema)]
pub struct RubricCheckDto {
    pub version: u32,
    pub dimensions: usize,
    pub codings: u64,
    /// No gaps and no overlaps.
    pub complete: bool,
    pub summary: String,
    pub findings: Vec<RubricFindingDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RubricFindingDto {
    /// `gap`, `overlap` or `never-fires`.
    pub kind: &'static str,
    pub message: String,
    /// The rules involved (an overlap's, or the rule that never fires), numbered from 1.
    pub rules: Vec<RuleRefDto>,
    /// The scores an overlap gives.
    pub scores: Vec<i8>,
    /// How many codings share this finding (gaps and overlaps).
    pub count: Option<u64>,
    pub example: Option<CodingDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleRefDto {
    pub number: usize,
    pub name: String,
}

/// A coding, dimension by dimension.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodingDto {
    pub strengths: Vec<DimensionStrengthDto>,
    pub contradictory: bool,
    /// "strong: prevent; weak: counter; none: dismantle, disrupt; no contradictory action".
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionStrengthDto {
    pub dimension: String,
    /// `strong`, `weak` or `none`.
    pub strength: &'static str,
}

/// A rubric's suggestion for one coding.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionDto {
    /// `score`, `gap` (no rule fires) or `overlap` (rules disagree).
    pub outcome: &'static str,
    /// The single suggested score; null for a gap or an overlap.
    pub score: Option<i8>,
    /// An overlap's scores, lowest first.
    pub scores: Vec<i8>,
    pub reason: String,
    pub rubric_version: u32,
    /// The rules that fired.
    pub rules: Vec<String>,
}

/// The what-if of a pasted rubric against the stored one. Nothing is stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfDto {
    pub cycle: String,
    pub commitment: String,
    /// The stored version compared against; null when the commitment has no rubric yet.
    pub current_version: Option<u32>,
    /// The checker on the pasted rubric; null when it has too many dimensions to check.
    pub check: Option<RubricCheckDto>,
    pub changed: Vec<WhatIfChangeDto>,
    pub unchanged: usize,
    pub not_applicable: usize,
    /// Assessments with no suggestion under either rubric (not coded, awaiting coders).
    pub not_ready: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WhatIfChangeDto {
    pub member: String,
    /// `-1`, `0`, `1`, `"n/a"` or null (not yet assessed).
    #[schema(value_type = Object)]
    pub score: Value,
    pub before: Option<SuggestionDto>,
    pub after: Option<SuggestionDto>,
    /// Whether the score would depart from the new suggestion (and need a justification).
    pub departs_after: bool,
}

/// Every assessment of a cycle with the rubric's suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionsDto {
    pub cycle: String,
    pub assessments: Vec<AssessmentSuggestionDto>,
    /// Scored assessments whose score differs from a single suggested score.
    pub departing: usize,
    /// Scored assessments with a single suggested score.
    pub comparable: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentSuggestionDto {
    pub commitment: String,
    pub member: String,
    pub member_code: String,
    /// `-1`, `0`, `1`, `"n/a"` or null (not yet assessed).
    #[schema(value_type = Object)]
    pub score: Value,
    /// `suggested`, `no_rubric`, `not_coded`, `awaiting_coders`, `awaiting_adjudication`.
    pub status: &'static str,
    /// The points awaiting adjudication, when `status` is `awaiting_adjudication`.
    pub pending: Vec<String>,
    pub suggestion: Option<SuggestionDto>,
    pub departs: bool,
}

/// Agreement between coders, per commitment and dimension, over assessments every required
/// coder has submitted.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDto {
    pub cycle: String,
    pub commitments: Vec<CommitmentAgreementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentAgreementDto {
    pub commitment: String,
    pub title: String,
    pub rubric_version: u32,
    /// `cohen_kappa` or `krippendorff_alpha`.
    pub method: &'static str,
    pub units: usize,
    /// Three decimals; null when undefined.
    pub overall: Option<String>,
    pub dimensions: Vec<DimensionAgreementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionAgreementDto {
    /// A dimension key, or `contradictory`.
    pub dimension: String,
    pub name: String,
    pub method: &'static str,
    /// Three decimals; null when undefined (e.g. every coder always used one category).
    pub coefficient: Option<String>,
    pub units: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisagreementsDto {
    pub cycle: String,
    pub disagreements: Vec<DisagreementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisagreementDto {
    pub commitment: String,
    pub member: String,
    /// Some point is not adjudicated yet.
    pub pending: bool,
    pub points: Vec<DisagreementPointDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisagreementPointDto {
    /// A dimension key, or `contradictory`.
    pub dimension: String,
    /// `adjudicated` or `pending`.
    pub status: &'static str,
}

impl RubricCheckDto {
    pub fn new(rubric: &Rubric, report: &CheckReport) -> RubricCheckDto {
        RubricCheckDto {
            version: rubric.version,
            dimensions: report.dimensions,
            codings: report.codings,
            complete: report.is_complete(),
            summary: report.summary(),
            findings: report
                .findings
                .iter()
                .map(|f| {
                    let (rules, scores, count) = match f {
                        RubricFinding::Gap { count, .. } => (Vec::new(), Vec::new(), Some(*count)),
                        RubricFinding::Overlap {
                            scores,
                            rules,
                            count,
                            ..
                        } => (
                            rules.iter().map(RuleRefDto::from).collect(),
                            scores.iter().map(|s| s.value()).collect(),
                            Some(*count),
                        ),
                        RubricFinding::NeverFires { rule, .. } => {
                            (vec![RuleRefDto::from(rule)], Vec::new(), None)
                        }
                    };
                    RubricFindingDto {
                        kind: f.kind(),
                        message: f.message(rubric),
                        rules,
                        scores,
                        count,
                        example: f.example().map(|c| CodingDto::new(rubric, c)),
                    }
                })
                .collect(),
        }
    }
}

impl From<&pledgewatch_domain::rubric::RuleRef> for RuleRefDto {
    fn from(r: &pledgewatch_domain::rubric::RuleRef) -> RuleRefDto {
        RuleRefDto {
            number: r.index + 1,
            name: r.name.clone(),
        }
    }
}

impl CodingDto {
    pub fn new(rubric: &Rubric, coding: &Coding) -> CodingDto {
        CodingDto {
            strengths: rubric
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

impl From<&Suggestion> for SuggestionDto {
    fn from(s: &Suggestion) -> SuggestionDto {
        let (outcome, score, scores) = match &s.outcome {
            Outcome::Score(score) => ("score", Some(score.value()), Vec::new()),
            Outcome::Gap => ("gap", None, Vec::new()),
            Outcome::Overlap(scores) => {
                ("overlap", None, scores.iter().map(|s| s.value()).collect())
            }
        };
        SuggestionDto {
            outcome,
            score,
            scores,
            reason: s.reason.clone(),
            rubric_version: s.rubric_version,
            rules: s.rules.clone(),
        }
    }
}
