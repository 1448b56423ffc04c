//! The rubric side of an edition: the rubric in force for each commitment, the submitted
//! codings, the lead analyst's adjudications and the justifications, as they stood when the
//! edition was published. Suggestions, departures and agreement figures shown to readers are
//! derived from these alone, so a rubric saved or a draft coded after publication reaches
//! readers only through the next edition.
//!
//! The coding types here are the edition's own serde shapes rather than the workspace's
//! (`crate::coding`): a frozen edition must keep reading whatever those become.

use crate::coding::{Adjudication, AssessmentCodings, CodedEvidence, CoderCoding};
use crate::names::member_key;
use crate::rubric::{EvidenceStrength, Rubric, Strength};

/// The rubrics and codings of a cycle as one edition published them. Editions frozen before
/// editions recorded them read back as the default: no rubrics, nothing coded.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PublishedCoding {
    /// How many independent codings each assessment required at publication.
    pub required_coders: u8,
    /// The rubric in force for each commitment that had one, in commitment order.
    pub rubrics: Vec<PublishedRubric>,
    /// Each assessment with a submitted coding, an adjudication or a justification, in
    /// commitment and listing order.
    pub assessments: Vec<PublishedAssessment>,
}

/// A commitment's rubric as published (its `version` the stored one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublishedRubric {
    pub commitment: String,
    pub rubric: Rubric,
}

/// One assessment's coding as published: never a draft coding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublishedAssessment {
    pub commitment: String,
    /// The member's display name.
    pub member: String,
    /// Each coder's submitted coding, in the order they were begun.
    #[serde(default)]
    pub codings: Vec<SubmittedCoding>,
    /// In the order they were recorded (the latest on a point wins).
    #[serde(default)]
    pub adjudications: Vec<PublishedAdjudication>,
    /// Why the score departs from the rubric's suggestion, when the analyst wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
}

/// One coder's submitted coding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SubmittedCoding {
    pub coder: String,
    pub submitted_at: jiff::Timestamp,
    pub items: Vec<CodedItem>,
}

/// One evidence item coded against one dimension.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodedItem {
    pub evidence: u32,
    pub dimension: String,
    pub strength: EvidenceStrength,
}

/// The lead analyst's decision on one point the coders disagreed on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublishedAdjudication {
    /// The dimension settled; `None` for the contradictory flag.
    pub dimension: Option<String>,
    pub strength: Strength,
    pub contradictory: bool,
    pub by: String,
    pub note: String,
    pub at: jiff::Timestamp,
}

impl PublishedCoding {
    /// The rubric in force for commitment `code` at publication.
    pub fn rubric(&self, code: &str) -> Option<&Rubric> {
        self.rubrics
            .iter()
            .find(|r| r.commitment == code)
            .map(|r| &r.rubric)
    }

    /// The published assessment of (`code`, `member`); members compared by key, so spelling
    /// variants are one member.
    pub fn assessment(&self, code: &str, member: &str) -> Option<&PublishedAssessment> {
        let key = member_key(member);
        self.assessments
            .iter()
            .find(|a| a.commitment == code && member_key(&a.member) == key)
    }

    /// Every published assessment as (commitment code, codings), the shape the coding views
    /// derive suggestions, agreement and disagreements from.
    pub fn codings(&self) -> Vec<(String, AssessmentCodings)> {
        self.assessments
            .iter()
            .map(|a| (a.commitment.clone(), a.codings_with(self.required_coders)))
            .collect()
    }
}

impl PublishedAssessment {
    /// What of `codings` an edition keeps: the submitted codings and the adjudications (a
    /// draft coding is work in progress, never published), with the justification.
    pub fn of(
        commitment: &str,
        codings: &AssessmentCodings,
        justification: Option<String>,
    ) -> PublishedAssessment {
        PublishedAssessment {
            commitment: commitment.to_string(),
            member: codings.member.clone(),
            codings: codings
                .codings
                .iter()
                .filter_map(|c| {
                    Some(SubmittedCoding {
                        coder: c.coder.clone(),
                        submitted_at: c.submitted_at?,
                        items: c
                            .items
                            .iter()
                            .map(|i| CodedItem {
                                evidence: i.evidence,
                                dimension: i.dimension.clone(),
                                strength: i.strength,
                            })
                            .collect(),
                    })
                })
                .collect(),
            adjudications: codings
                .adjudications
                .iter()
                .map(|a| PublishedAdjudication {
                    dimension: a.dimension.clone(),
                    strength: a.strength,
                    contradictory: a.contradictory,
                    by: a.by.clone(),
                    note: a.note.clone(),
                    at: a.at,
                })
                .collect(),
            justification: justification.filter(|j| !j.trim().is_empty()),
        }
    }

    /// Whether there is anything to publish: codings, adjudications or a justification.
    pub fn is_empty(&self) -> bool {
        self.codings.is_empty() && self.adjudications.is_empty() && self.justification.is_none()
    }

    /// The assessment's codings as the coding rules read them, `required` coders required.
    pub fn codings_with(&self, required: u8) -> AssessmentCodings {
        AssessmentCodings {
            member: self.member.clone(),
            required,
            codings: self
                .codings
                .iter()
                .map(|c| CoderCoding {
                    coder: c.coder.clone(),
                    submitted_at: Some(c.submitted_at),
                    items: c
                        .items
                        .iter()
                        .map(|i| CodedEvidence {
                            evidence: i.evidence,
                            dimension: i.dimension.clone(),
                            strength: i.strength,
                        })
                        .collect(),
                })
                .collect(),
            adjudications: self
                .adjudications
                .iter()
                .map(|a| Adjudication {
                    dimension: a.dimension.clone(),
                    strength: a.strength,
                    contradictory: a.contradictory,
                    by: a.by.clone(),
                    note: a.note.clone(),
                    at: a.at,
                })
                .collect(),
        }
    }
}
