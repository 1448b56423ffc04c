//! Coding evidence against a rubric by one or more independent coders, adjudication of their
//! disagreements, agreement figures, and the rule that a score departing from the rubric's
//! suggestion needs a written justification.
//!
//! The flow for one assessment (cycle, commitment, member): each coder codes the member's
//! evidence items ([`CodedEvidence`]) in a draft and submits it; a coder sees only their own
//! coding until every required coder has submitted ([`AssessmentCodings::visible_to`]); where the
//! submitted codings disagree on a dimension (or on contradictory action) the lead analyst records
//! an [`Adjudication`]; the resulting [`Effective`] coding feeds [`Rubric::suggest`].

use std::collections::BTreeSet;
use std::fmt;

use crate::agreement::{Coefficient, Level, cohen_kappa, krippendorff_alpha};
use crate::names::person_key;
use crate::rubric::{Coding, EvidenceStrength, Rubric, Strength, Suggestion, UnknownDimension};
use crate::score::{Score, Verdict};

/// The key used for the contradictory flag wherever dimension keys are listed (disagreements,
/// adjudications, agreement rows). Rubric validation keeps it from being a dimension key in
/// practice; if a rubric does use it, the flag and that dimension share the name in listings.
pub const CONTRADICTORY: &str = "contradictory";

/// One evidence item coded against one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CodedEvidence {
    /// 1-based number of the evidence item within the member's section, in source order.
    pub evidence: u32,
    /// A dimension key of the rubric.
    pub dimension: String,
    pub strength: EvidenceStrength,
}

/// One coder's coding of one assessment: a draft until `submitted_at` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderCoding {
    pub coder: String,
    pub submitted_at: Option<jiff::Timestamp>,
    pub items: Vec<CodedEvidence>,
}

impl CoderCoding {
    pub fn is_submitted(&self) -> bool {
        self.submitted_at.is_some()
    }

    /// Folds the items into a [`Coding`] in the rubric's dimension order.
    pub fn coding(&self, rubric: &Rubric) -> Result<Coding, UnknownDimension> {
        Coding::from_evidence(
            &rubric.dimensions,
            self.items
                .iter()
                .map(|i| (i.dimension.as_str(), i.strength)),
        )
    }

    /// Like [`CoderCoding::coding`], but items coded against a dimension the rubric no longer
    /// has are left out: a rubric edited after coding must not make old codings unreadable.
    pub fn coding_lenient(&self, rubric: &Rubric) -> Coding {
        Coding::from_evidence(
            &rubric.dimensions,
            self.items
                .iter()
                .filter(|i| rubric.dimension_index(&i.dimension).is_some())
                .map(|i| (i.dimension.as_str(), i.strength)),
        )
        .unwrap_or_else(|_| Coding::none(rubric.dimensions.len()))
    }
}

/// The lead analyst's decision on one point the coders disagree on.
///
/// `dimension: Some(key)` settles that dimension's strength (`strength`; `contradictory` is
/// ignored). `dimension: None` settles the contradictory flag (`contradictory`; `strength` is
/// ignored). The latest adjudication of a point wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjudication {
    pub dimension: Option<String>,
    pub strength: Strength,
    pub contradictory: bool,
    /// Who decided: must be the commitment's lead analyst (the store checks it).
    pub by: String,
    pub note: String,
    pub at: jiff::Timestamp,
}

impl Adjudication {
    /// The point decided, as listed in disagreements: a dimension key or `contradictory`.
    pub fn point(&self) -> &str {
        self.dimension.as_deref().unwrap_or(CONTRADICTORY)
    }
}

/// Everything coded for one assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentCodings {
    /// The member's display name.
    pub member: String,
    /// How many independent codings the cycle requires (1 = single coding).
    pub required: u8,
    pub codings: Vec<CoderCoding>,
    /// In the order they were recorded.
    pub adjudications: Vec<Adjudication>,
}

/// What an assessment's coding amounts to right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effective {
    /// The coding the rubric is applied to.
    Ready(Coding),
    /// Fewer coders than required have submitted.
    AwaitingCoders { submitted: usize, required: usize },
    /// All required coders submitted, but they disagree on these points (dimension keys, and
    /// `contradictory`) and nobody has adjudicated them yet.
    AwaitingAdjudication { dimensions: Vec<String> },
    /// Nobody has coded anything.
    Uncoded,
}

impl AssessmentCodings {
    fn submitted(&self) -> impl Iterator<Item = &CoderCoding> {
        self.codings.iter().filter(|c| c.is_submitted())
    }

    pub fn submitted_count(&self) -> usize {
        self.submitted().count()
    }

    /// At least one coder is required even if the cycle says 0.
    pub fn required_count(&self) -> usize {
        usize::from(self.required.max(1))
    }

    /// Whether every required coder has submitted, so codings are no longer blind.
    pub fn complete(&self) -> bool {
        self.submitted_count() >= self.required_count()
    }

    /// What `viewer` may see: until every required coder has submitted, only their own coding
    /// (names compared as person keys, so spelling variants are one coder).
    pub fn visible_to(&self, viewer: &str) -> AssessmentCodings {
        if self.complete() {
            return self.clone();
        }
        let me = person_key(viewer);
        AssessmentCodings {
            member: self.member.clone(),
            required: self.required,
            codings: self
                .codings
                .iter()
                .filter(|c| person_key(&c.coder) == me)
                .cloned()
                .collect(),
            adjudications: Vec::new(),
        }
    }

    /// The submitted codings in the rubric's dimension order (unknown dimensions left out).
    fn submitted_codings(&self, rubric: &Rubric) -> Vec<Coding> {
        self.submitted().map(|c| c.coding_lenient(rubric)).collect()
    }

    /// Every point the submitted codings disagree on (dimension keys in rubric order, then
    /// `contradictory`), adjudicated or not. Empty until every required coder has submitted.
    pub fn disagreements(&self, rubric: &Rubric) -> Vec<String> {
        if !self.complete() {
            return Vec::new();
        }
        let codings = self.submitted_codings(rubric);
        let Some(first) = codings.first() else {
            return Vec::new();
        };
        let mut out: Vec<String> = rubric
            .dimensions
            .iter()
            .enumerate()
            .filter(|(i, _)| codings.iter().any(|c| c.strength(*i) != first.strength(*i)))
            .map(|(_, d)| d.key.clone())
            .collect();
        if codings
            .iter()
            .any(|c| c.contradictory != first.contradictory)
        {
            out.push(CONTRADICTORY.to_string());
        }
        out
    }

    /// The latest adjudication of `point` (a dimension key or `contradictory`).
    pub fn adjudication(&self, point: &str) -> Option<&Adjudication> {
        self.adjudications.iter().rev().find(|a| a.point() == point)
    }

    /// Disagreements nobody has adjudicated yet: the adjudication queue of this assessment.
    pub fn pending(&self, rubric: &Rubric) -> Vec<String> {
        self.disagreements(rubric)
            .into_iter()
            .filter(|p| self.adjudication(p).is_none())
            .collect()
    }

    /// The coding the rubric applies to: with one required coder their submitted coding; with
    /// more, per dimension the strength all submitted coders agree on, else the adjudicated one
    /// (the contradictory flag likewise).
    pub fn effective(&self, rubric: &Rubric) -> Effective {
        if self.codings.is_empty() {
            return Effective::Uncoded;
        }
        if !self.complete() {
            return Effective::AwaitingCoders {
                submitted: self.submitted_count(),
                required: self.required_count(),
            };
        }
        let pending = self.pending(rubric);
        if !pending.is_empty() {
            return Effective::AwaitingAdjudication {
                dimensions: pending,
            };
        }
        let codings = self.submitted_codings(rubric);
        let Some(first) = codings.first() else {
            return Effective::Uncoded;
        };
        let mut out = first.clone();
        out.strengths
            .resize(rubric.dimensions.len(), Strength::None);
        for (i, d) in rubric.dimensions.iter().enumerate() {
            if let Some(a) = self.adjudication(&d.key)
                && codings.iter().any(|c| c.strength(i) != first.strength(i))
            {
                out.strengths[i] = a.strength;
            }
        }
        if let Some(a) = self.adjudication(CONTRADICTORY)
            && codings
                .iter()
                .any(|c| c.contradictory != first.contradictory)
        {
            out.contradictory = a.contradictory;
        }
        Effective::Ready(out)
    }

    /// The rubric's suggestion for the effective coding, when there is one.
    pub fn suggestion(&self, rubric: &Rubric) -> Option<Suggestion> {
        match self.effective(rubric) {
            Effective::Ready(c) => Some(rubric.suggest(&c)),
            _ => None,
        }
    }
}

/// Which coefficient an agreement figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Exactly two coders coded every unit.
    CohenKappa,
    /// Any other arrangement (more coders, or missing codings).
    KrippendorffAlpha,
}

impl Method {
    /// `cohen_kappa` or `krippendorff_alpha`: the spelling in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::CohenKappa => "cohen_kappa",
            Method::KrippendorffAlpha => "krippendorff_alpha",
        }
    }

    /// For people: "Cohen's kappa", "Krippendorff's alpha".
    pub fn label(self) -> &'static str {
        match self {
            Method::CohenKappa => "Cohen's kappa",
            Method::KrippendorffAlpha => "Krippendorff's alpha",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Agreement between coders over one commitment's assessments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementReport {
    /// One row per rubric dimension (in rubric order), then one for `contradictory`:
    /// (point, coefficient, method, units). The coefficient is `None` when undefined (no
    /// units, or every coder always used one category).
    pub per_dimension: Vec<(String, Option<Coefficient>, Method, usize)>,
    /// Every (unit, point) pooled into one coefficient with the same method.
    pub overall: Option<Coefficient>,
    pub method: Method,
    /// The level used for alpha: nominal (kappa is always nominal).
    pub level: Level,
    /// Assessments with at least two submitted codings once every required coder submitted.
    pub units: usize,
    /// The coders who took part, as first written, in the order of their person keys.
    pub coders: Vec<String>,
}

/// A unit's value on one point: a dimension's strength, or the contradictory flag (as
/// none/strong so it shares the value type).
fn point_value(c: &Coding, point: Option<usize>) -> Strength {
    match point {
        Some(i) => c.strength(i),
        None if c.contradictory => Strength::Strong,
        None => Strength::None,
    }
}

/// Agreement per dimension and overall for one commitment's assessments, nominal categories.
/// Units are the assessments every required coder has submitted, with at least two codings.
pub fn agreement(rubric: &Rubric, assessments: &[AssessmentCodings]) -> AgreementReport {
    agreement_at(rubric, assessments, Level::Nominal)
}

/// [`agreement`] with the level for alpha chosen: [`Level::Ordinal`] treats
/// none < weak < strong as ordered. Kappa stays nominal.
pub fn agreement_at(
    rubric: &Rubric,
    assessments: &[AssessmentCodings],
    level: Level,
) -> AgreementReport {
    // Each unit: (coder key, coding) for every submitted coding.
    let units: Vec<Vec<(String, Coding)>> = assessments
        .iter()
        .filter(|a| a.complete() && a.submitted_count() >= 2)
        .map(|a| {
            a.submitted()
                .map(|c| (person_key(&c.coder), c.coding_lenient(rubric)))
                .collect()
        })
        .collect();
    let coders: BTreeSet<String> = units.iter().flatten().map(|(k, _)| k.clone()).collect();
    let coders: Vec<String> = coders.into_iter().collect();
    // Coders are matched by person key; the report names them as first written.
    let names: Vec<String> = coders
        .iter()
        .map(|k| {
            assessments
                .iter()
                .flat_map(|a| &a.codings)
                .find(|c| &person_key(&c.coder) == k)
                .map_or_else(|| k.clone(), |c| c.coder.clone())
        })
        .collect();
    let every_unit_both = coders.len() == 2
        && units
            .iter()
            .all(|u| u.len() == 2 && coders.iter().all(|k| u.iter().any(|(c, _)| c == k)));
    let method = if every_unit_both {
        Method::CohenKappa
    } else {
        Method::KrippendorffAlpha
    };
    let points: Vec<(String, Option<usize>)> = rubric
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.key.clone(), Some(i)))
        .chain([(CONTRADICTORY.to_string(), None)])
        .collect();

    let (coder_keys, unit_list) = (&coders, &units);
    let coefficient = |which: &[Option<usize>]| -> Option<Coefficient> {
        let (coders, units) = (coder_keys, unit_list);
        match method {
            Method::CohenKappa => cohen_kappa(units.iter().flat_map(|u| {
                let value = |k: &str| {
                    u.iter()
                        .find(|(c, _)| c == k)
                        .map(|(_, coding)| coding.clone())
                        .unwrap_or_default()
                };
                let (a, b) = (value(&coders[0]), value(&coders[1]));
                which
                    .iter()
                    .map(move |p| (point_value(&a, *p), point_value(&b, *p)))
                    .collect::<Vec<_>>()
            })),
            Method::KrippendorffAlpha => krippendorff_alpha(
                units.iter().flat_map(|u| {
                    which.iter().map(move |p| {
                        coders
                            .iter()
                            .map(|k| {
                                u.iter()
                                    .find(|(c, _)| c == k)
                                    .map(|(_, coding)| point_value(coding, *p))
                            })
                            .collect::<Vec<Option<Strength>>>()
                    })
                }),
                level,
            ),
        }
    };

    let per_dimension = points
        .iter()
        .map(|(key, p)| (key.clone(), coefficient(&[*p]), method, units.len()))
        .collect();
    let all: Vec<Option<usize>> = points.iter().map(|(_, p)| *p).collect();
    AgreementReport {
        per_dimension,
        overall: coefficient(&all),
        method,
        level: if method == Method::CohenKappa {
            Level::Nominal
        } else {
            level
        },
        units: units.len(),
        coders: names,
    }
}

/// Whether an analyst's score departs from the rubric's suggestion: only a single suggested
/// score can be departed from (a gap or an overlap suggests nothing to agree with), and only a
/// scored assessment can depart.
pub fn departs(score: Verdict, suggestion: &Suggestion) -> bool {
    match (score, suggestion.score()) {
        (Verdict::Scored(s), Some(t)) => s != t,
        _ => false,
    }
}

/// Why an assessment may not be submitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmissionRefused {
    #[error(
        "the score {} departs from the rubric's suggestion {} (rubric version {}: {}); write a justification first",
        score.published(), suggested.published(), rubric_version, reason
    )]
    NeedsJustification {
        score: Score,
        suggested: Score,
        rubric_version: u32,
        reason: String,
    },
    #[error("the assessment has no score yet; score it (or mark it n/a) before submitting")]
    NotScored,
}

/// Whether an assessment may be submitted: it must be scored (or n/a), and a score that departs
/// from the rubric's single suggested score needs a non-empty written justification. A gap or
/// overlap, or no suggestion at all, never blocks.
pub fn submission_check(
    score: Verdict,
    suggestion: Option<&Suggestion>,
    justification: Option<&str>,
) -> Result<(), SubmissionRefused> {
    if score == Verdict::NotAssessed {
        return Err(SubmissionRefused::NotScored);
    }
    let Some(s) = suggestion else {
        return Ok(());
    };
    let justified = justification.is_some_and(|j| !j.trim().is_empty());
    match (score, s.score()) {
        (Verdict::Scored(score), Some(suggested)) if score != suggested && !justified => {
            Err(SubmissionRefused::NeedsJustification {
                score,
                suggested,
                rubric_version: s.rubric_version,
                reason: s.reason.clone(),
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
