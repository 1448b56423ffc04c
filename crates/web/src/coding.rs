//! A cycle's rubrics and codings read once, and what the pages and the API derive from them:
//! each assessment's suggested score (or why there is none), departures from it, agreement
//! between coders and the disagreement queue.
//!
//! Readers see an edition's own rubrics and codings ([`CycleCoding::published`]), frozen with
//! its scores; the workspace sees the working copy ([`CycleCoding::load_with`]).
//!
//! Blind coding is respected here, in one place: agreement figures and disagreements only ever
//! use assessments whose required coders have all submitted (the domain's `agreement` and
//! `disagreements` see to that), and no coder's individual coding leaves this module.

use pledgewatch_domain::agreement::Coefficient;
use pledgewatch_domain::coding::{self, AgreementReport, AssessmentCodings, Effective, Method};
use pledgewatch_domain::edition::Snapshot;
use pledgewatch_domain::matrix::ScoreMatrix;
use pledgewatch_domain::rubric::{Rubric, Suggestion};
use pledgewatch_domain::{Member, Verdict, member_key};
use pledgewatch_store::{Store, StoreError};

/// Everything a cycle's coding pages need, read in a handful of queries.
pub struct CycleCoding {
    pub matrix: ScoreMatrix,
    /// Each commitment's rubric (in matrix row order), when it has one: the newest in the
    /// working copy, the one in force at publication in an edition.
    pub rubrics: Vec<Option<Rubric>>,
    pub codings: Vec<(String, AssessmentCodings)>,
}

/// Where an assessment stands with respect to its rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuggestionState {
    /// The commitment has no rubric.
    NoRubric,
    /// Nobody has coded the evidence.
    NotCoded,
    /// Fewer coders than required have submitted.
    AwaitingCoders {
        submitted: usize,
        required: usize,
    },
    /// The coders disagree on these points and nobody has adjudicated them.
    AwaitingAdjudication(Vec<String>),
    Suggested(Suggestion),
}

/// One (commitment, member) with its score and the rubric's suggestion.
#[derive(Debug, Clone)]
pub struct AssessmentSuggestion {
    pub commitment: String,
    pub title: String,
    pub member: Member,
    pub verdict: Verdict,
    pub state: SuggestionState,
}

impl AssessmentSuggestion {
    pub fn suggestion(&self) -> Option<&Suggestion> {
        match &self.state {
            SuggestionState::Suggested(s) => Some(s),
            _ => None,
        }
    }

    /// The analyst's score differs from the rubric's single suggested score.
    pub fn departs(&self) -> bool {
        self.suggestion()
            .is_some_and(|s| coding::departs(self.verdict, s))
    }

    /// Scored, with a single suggested score: the assessments a departure count is out of.
    pub fn comparable(&self) -> bool {
        self.verdict.score().is_some() && self.suggestion().and_then(Suggestion::score).is_some()
    }

    /// In words, for pages and JSON: what the rubric says or why it says nothing yet.
    pub fn status(&self) -> &'static str {
        match self.state {
            SuggestionState::NoRubric => "no_rubric",
            SuggestionState::NotCoded => "not_coded",
            SuggestionState::AwaitingCoders { .. } => "awaiting_coders",
            SuggestionState::AwaitingAdjudication(_) => "awaiting_adjudication",
            SuggestionState::Suggested(_) => "suggested",
        }
    }
}

/// One commitment's agreement figures.
pub struct CommitmentAgreement {
    pub code: String,
    pub title: String,
    pub rubric_version: u32,
    pub method: Method,
    pub units: usize,
    pub overall: Option<Coefficient>,
    /// (dimension key or `contradictory`, its name, coefficient, units).
    pub dimensions: Vec<(String, String, Option<Coefficient>, usize)>,
}

/// One assessment in the disagreement queue.
pub struct Disagreement {
    pub code: String,
    pub title: String,
    pub member: String,
    /// (point, adjudicated?) in rubric order.
    pub points: Vec<(String, bool)>,
}

impl Disagreement {
    pub fn pending(&self) -> bool {
        self.points.iter().any(|(_, done)| !done)
    }
}

impl CycleCoding {
    /// An edition's rubrics and codings around its score matrix, as published: what readers
    /// see, however far the working copy has moved on since.
    pub fn published(snapshot: &Snapshot) -> CycleCoding {
        let matrix = snapshot.matrix.clone();
        let rubrics = matrix
            .rows
            .iter()
            .map(|row| snapshot.coding.rubric(&row.code).cloned())
            .collect();
        CycleCoding {
            matrix,
            rubrics,
            codings: snapshot.coding.codings(),
        }
    }

    /// The working copy's rubrics and codings around a score matrix the caller has already
    /// read (staff views).
    pub async fn load_with(
        store: &Store,
        cycle: &str,
        matrix: ScoreMatrix,
    ) -> Result<CycleCoding, StoreError> {
        let mut rubrics = Vec::with_capacity(matrix.rows.len());
        for row in &matrix.rows {
            rubrics.push(store.rubric(cycle, &row.code, None).await?);
        }
        let codings = store.cycle_codings(cycle).await?;
        Ok(CycleCoding {
            matrix,
            rubrics,
            codings,
        })
    }

    fn codings_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a AssessmentCodings> {
        self.codings
            .iter()
            .filter(move |(c, _)| c == code)
            .map(|(_, a)| a)
    }

    /// Every (commitment, member) cell of the matrix, in row then member order.
    pub fn suggestions(&self) -> Vec<AssessmentSuggestion> {
        let mut out = Vec::new();
        for (row, rubric) in self.matrix.rows.iter().zip(&self.rubrics) {
            for (member, verdict) in self.matrix.members.iter().zip(&row.cells) {
                let key = member_key(&member.name);
                let codings = self
                    .codings_of(&row.code)
                    .find(|a| member_key(&a.member) == key);
                out.push(AssessmentSuggestion {
                    commitment: row.code.clone(),
                    title: row.title.clone(),
                    member: member.clone(),
                    verdict: *verdict,
                    state: state_of(rubric.as_ref(), codings),
                });
            }
        }
        out
    }

    /// The agreement report of each commitment that has a rubric and at least one assessment
    /// every required coder has submitted with two or more codings: (code, rubric, report).
    pub fn agreement_reports(&self) -> Vec<(&str, &Rubric, AgreementReport)> {
        let mut out = Vec::new();
        for (row, rubric) in self.matrix.rows.iter().zip(&self.rubrics) {
            let Some(rubric) = rubric else { continue };
            let list: Vec<AssessmentCodings> = self.codings_of(&row.code).cloned().collect();
            let report = coding::agreement(rubric, &list);
            if report.units > 0 {
                out.push((row.code.as_str(), rubric, report));
            }
        }
        out
    }

    /// Every (commitment code, rubric, assessment, points in disagreement) with at least one
    /// point, in commitment order.
    pub fn disagreement_points(&self) -> Vec<(&str, &Rubric, &AssessmentCodings, Vec<String>)> {
        let mut out = Vec::new();
        for (row, rubric) in self.matrix.rows.iter().zip(&self.rubrics) {
            let Some(rubric) = rubric else { continue };
            for a in self.codings_of(&row.code) {
                let points = a.disagreements(rubric);
                if !points.is_empty() {
                    out.push((row.code.as_str(), rubric, a, points));
                }
            }
        }
        out
    }

    /// Agreement per commitment, for the page: see [`CycleCoding::agreement_reports`].
    pub fn agreement(&self) -> Vec<CommitmentAgreement> {
        let mut out = Vec::new();
        for (code, rubric, report) in self.agreement_reports() {
            let Some(row) = self.matrix.rows.iter().find(|r| r.code == code) else {
                continue;
            };
            out.push(CommitmentAgreement {
                code: row.code.clone(),
                title: row.title.clone(),
                rubric_version: rubric.version,
                method: report.method,
                units: report.units,
                overall: report.overall,
                dimensions: report
                    .per_dimension
                    .into_iter()
                    .map(|(key, c, _, units)| {
                        let name = rubric
                            .dimension(&key)
                            .map_or_else(|| "Contradictory action".to_string(), |d| d.name.clone());
                        (key, name, c, units)
                    })
                    .collect(),
            });
        }
        out
    }

    /// Assessments whose coders disagree somewhere, adjudicated or not, pending ones first.
    pub fn disagreements(&self) -> Vec<Disagreement> {
        let mut out: Vec<Disagreement> = self
            .disagreement_points()
            .into_iter()
            .map(|(code, _, a, points)| Disagreement {
                code: code.to_string(),
                title: self
                    .matrix
                    .rows
                    .iter()
                    .find(|r| r.code == code)
                    .map_or_else(String::new, |r| r.title.clone()),
                member: a.member.clone(),
                points: points
                    .into_iter()
                    .map(|p| {
                        let done = a.adjudication(&p).is_some();
                        (p, done)
                    })
                    .collect(),
            })
            .collect();
        out.sort_by_key(|d| !d.pending());
        out
    }
}

/// What the rubric makes of one assessment's codings.
pub fn state_of(rubric: Option<&Rubric>, codings: Option<&AssessmentCodings>) -> SuggestionState {
    let Some(rubric) = rubric else {
        return SuggestionState::NoRubric;
    };
    let Some(codings) = codings else {
        return SuggestionState::NotCoded;
    };
    match codings.effective(rubric) {
        Effective::Uncoded => SuggestionState::NotCoded,
        Effective::AwaitingCoders {
            submitted,
            required,
        } => SuggestionState::AwaitingCoders {
            submitted,
            required,
        },
        Effective::AwaitingAdjudication { dimensions } => {
            SuggestionState::AwaitingAdjudication(dimensions)
        }
        Effective::Ready(c) => SuggestionState::Suggested(rubric.suggest(&c)),
    }
}

/// One assessment whose suggestion a changed rubric would change.
#[derive(Debug, Clone)]
pub struct WhatIfRow {
    pub member: Member,
    pub verdict: Verdict,
    /// `None` when the commitment has no rubric yet, or the assessment was not ready under it.
    pub before: Option<Suggestion>,
    /// `None` when the assessment is not ready under the new rubric.
    pub after: Option<Suggestion>,
}

impl WhatIfRow {
    pub fn departs_after(&self) -> bool {
        self.after
            .as_ref()
            .is_some_and(|s| coding::departs(self.verdict, s))
    }
}

/// What a changed rubric would do to one commitment's existing assessments.
#[derive(Debug, Clone, Default)]
pub struct WhatIfOutcome {
    pub changed: Vec<WhatIfRow>,
    pub unchanged: usize,
    pub not_applicable: usize,
    /// Assessments with no suggestion under either rubric (not coded, or waiting for coders).
    pub not_ready: usize,
}

impl CycleCoding {
    /// Which of commitment `code`'s assessments would get another suggested outcome under
    /// `new`. Each side folds the stored evidence codings under its own rubric (rather than
    /// remapping one folded coding), so a dimension the new rubric adds is read from the items
    /// coded against it. Nothing is stored.
    pub fn what_if(&self, code: &str, new: &Rubric) -> WhatIfOutcome {
        let mut out = WhatIfOutcome::default();
        let Some(i) = self.matrix.rows.iter().position(|r| r.code == code) else {
            return out;
        };
        let (row, old) = (&self.matrix.rows[i], self.rubrics[i].as_ref());
        for (member, verdict) in self.matrix.members.iter().zip(&row.cells) {
            if *verdict == Verdict::NotApplicable {
                out.not_applicable += 1;
                continue;
            }
            let key = member_key(&member.name);
            let codings = self.codings_of(code).find(|a| member_key(&a.member) == key);
            let suggest = |r: Option<&Rubric>| match state_of(r, codings) {
                SuggestionState::Suggested(s) => Some(s),
                _ => None,
            };
            let (before, after) = (suggest(old), suggest(Some(new)));
            let outcome = |s: &Option<Suggestion>| s.as_ref().map(|s| s.outcome.clone());
            if before.is_none() && after.is_none() {
                out.not_ready += 1;
            } else if outcome(&before) == outcome(&after) {
                out.unchanged += 1;
            } else {
                out.changed.push(WhatIfRow {
                    member: member.clone(),
                    verdict: *verdict,
                    before,
                    after,
                });
            }
        }
        out
    }
}
