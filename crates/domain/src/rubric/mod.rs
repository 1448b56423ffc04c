//! A commitment's scoring guidelines as rules: which coding of the evidence earns −1, 0 or +1.
//!
//! A [`Coding`] says, for each of the rubric's [`Dimension`]s, whether the member's action was
//! strong, weak or absent, plus whether any action contradicted the commitment. A [`Rubric`] maps
//! codings to scores with [`Rule`]s whose conditions are data ([`Condition`]), so a rubric can be
//! stored, versioned, edited, exported as TOML or JSON, and checked by enumerating every coding
//! ([`check`]). Rules are unordered: every rule that holds fires, and [`Rubric::suggest`] gives a
//! score only when all firing rules agree, so a rubric's gaps and overlaps are visible rather
//! than hidden behind "first match wins".
//!
//! The file shape (see `crates/domain/rubrics/` for whole examples):
//!
//! ```toml
//! version = 1
//!
//! [[dimension]]
//! key = "prevent"
//! name = "Preventing smuggling"
//! description = "…"
//! strong_examples = ["…"]
//! weak_examples = ["…"]
//!
//! [[rule]]
//! name = "strong in 1 to 3"
//! score = 0
//! strong = { min = 1, max = 3 }
//! ```

mod condition;
mod file;
mod validate;

pub mod check;
pub mod whatif;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::score::Score;

pub use check::{CheckError, CheckReport, RubricFinding, Shape, check, every_coding};
pub use condition::{Condition, CountRange};
pub use file::RubricFileError;
pub use validate::{InvalidRubric, RubricProblem, RuleRef};
pub use whatif::{WhatIf, WhatIfChange, what_if};

use condition::{Compiled, Tally};
use file::RuleTable;

/// How strongly a member acted on one dimension. Ordered: `None < Weak < Strong`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    #[default]
    None,
    Weak,
    Strong,
}

impl Strength {
    pub const ALL: [Strength; 3] = [Strength::None, Strength::Weak, Strength::Strong];

    /// `none`, `weak`, `strong`: the spelling in files and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::None => "none",
            Strength::Weak => "weak",
            Strength::Strong => "strong",
        }
    }

    pub fn parse(s: &str) -> Option<Strength> {
        Strength::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one evidence item is coded against one dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceStrength {
    Strong,
    Weak,
    /// The action works against the commitment.
    Contradictory,
}

impl EvidenceStrength {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceStrength::Strong => "strong",
            EvidenceStrength::Weak => "weak",
            EvidenceStrength::Contradictory => "contradictory",
        }
    }

    pub fn parse(s: &str) -> Option<EvidenceStrength> {
        [
            EvidenceStrength::Strong,
            EvidenceStrength::Weak,
            EvidenceStrength::Contradictory,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// One part of a commitment that the rubric counts: "prevent", "counter", …
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Short, stable, used in rules and codings: `prevent`.
    pub key: String,
    /// As a report would title it: "Preventing migrant smuggling".
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strong_examples: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weak_examples: Vec<String>,
}

/// The coding of one assessment's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Coding {
    /// One per dimension, in the rubric's order. Positions past the end count as `None`.
    pub strengths: Vec<Strength>,
    /// Whether any action contradicts the commitment.
    pub contradictory: bool,
}

/// An evidence item coded against a dimension the rubric does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` is not a dimension of this rubric (its dimensions are: {})", known.join(", "))]
pub struct UnknownDimension {
    pub key: String,
    pub known: Vec<String>,
}

impl Coding {
    /// No action in any of `dimensions` dimensions, nothing contradictory.
    pub fn none(dimensions: usize) -> Coding {
        Coding {
            strengths: vec![Strength::None; dimensions],
            contradictory: false,
        }
    }

    /// Folds coded evidence items into a coding: per dimension the strongest action counts;
    /// an item coded contradictory marks the whole coding contradictory (and adds no strength).
    pub fn from_evidence<K: AsRef<str>>(
        dimensions: &[Dimension],
        evidence: impl IntoIterator<Item = (K, EvidenceStrength)>,
    ) -> Result<Coding, UnknownDimension> {
        let mut coding = Coding::none(dimensions.len());
        for (key, strength) in evidence {
            let key = key.as_ref();
            let Some(i) = dimensions.iter().position(|d| d.key == key) else {
                return Err(UnknownDimension {
                    key: key.to_string(),
                    known: dimensions.iter().map(|d| d.key.clone()).collect(),
                });
            };
            let s = match strength {
                EvidenceStrength::Strong => Strength::Strong,
                EvidenceStrength::Weak => Strength::Weak,
                EvidenceStrength::Contradictory => {
                    coding.contradictory = true;
                    continue;
                }
            };
            coding.strengths[i] = coding.strengths[i].max(s);
        }
        Ok(coding)
    }

    /// The strength at position `i`; `None` past the end.
    pub fn strength(&self, i: usize) -> Strength {
        self.strengths.get(i).copied().unwrap_or(Strength::None)
    }

    pub fn strong_count(&self) -> usize {
        self.count(|s| s == Strength::Strong)
    }

    pub fn at_least_weak_count(&self) -> usize {
        self.count(|s| s >= Strength::Weak)
    }

    pub fn weak_only_count(&self) -> usize {
        self.count(|s| s == Strength::Weak)
    }

    fn count(&self, f: impl Fn(Strength) -> bool) -> usize {
        self.strengths.iter().filter(|s| f(**s)).count()
    }

    /// The same coding under another rubric's dimensions, matched by key: a dimension `to` has
    /// and `from` lacks is `None`. For what-if runs across a change of dimensions.
    pub fn remap(&self, from: &[Dimension], to: &[Dimension]) -> Coding {
        Coding {
            strengths: to
                .iter()
                .map(|d| {
                    from.iter()
                        .position(|f| f.key == d.key)
                        .map_or(Strength::None, |i| self.strength(i))
                })
                .collect(),
            contradictory: self.contradictory,
        }
    }

    /// Readable with dimension keys: "strong: prevent, counter; weak: dismantle; none: disrupt;
    /// no contradictory action".
    pub fn display<'a>(&'a self, dimensions: &'a [Dimension]) -> CodingDisplay<'a> {
        CodingDisplay {
            coding: self,
            dimensions: Some(dimensions),
        }
    }
}

impl fmt::Display for Coding {
    /// Without a rubric, dimensions are numbered from 1: "strong: 1, 2; none: 3; …". Use
    /// [`Coding::display`] or [`Rubric::describe`] to name them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        CodingDisplay {
            coding: self,
            dimensions: None,
        }
        .fmt(f)
    }
}

/// See [`Coding::display`].
pub struct CodingDisplay<'a> {
    coding: &'a Coding,
    dimensions: Option<&'a [Dimension]>,
}

impl fmt::Display for CodingDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = self
            .dimensions
            .map_or(self.coding.strengths.len(), <[Dimension]>::len);
        let label = |i: usize| match self.dimensions.and_then(|d| d.get(i)) {
            Some(d) => d.key.clone(),
            None => (i + 1).to_string(),
        };
        for s in [Strength::Strong, Strength::Weak, Strength::None] {
            let names: Vec<String> = (0..len)
                .filter(|&i| self.coding.strength(i) == s)
                .map(label)
                .collect();
            if !names.is_empty() {
                write!(f, "{s}: {}; ", names.join(", "))?;
            }
        }
        f.write_str(if self.coding.contradictory {
            "contradictory action"
        } else {
            "no contradictory action"
        })
    }
}

/// One line of a scoring table: when `when` holds, the coding earns `score`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "RuleTable", from = "RuleTable")]
pub struct Rule {
    /// Unique within the rubric; quoted in reasons: "strong in 1 to 3".
    pub name: String,
    pub score: Score,
    pub when: Condition,
}

/// A commitment's scoring guidelines. `version` identifies this set of rules: the store bumps
/// it on every saved change, and every [`Suggestion`] records the version it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    #[serde(default = "first_version")]
    pub version: u32,
    #[serde(rename = "dimension", default)]
    pub dimensions: Vec<Dimension>,
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
}

fn first_version() -> u32 {
    1
}

/// What a rubric makes of one coding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every firing rule gives this score.
    Score(Score),
    /// No rule fires.
    Gap,
    /// Firing rules disagree; the distinct scores, lowest first.
    Overlap(Vec<Score>),
}

/// A suggested score with its reason and the rubric version it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suggestion {
    pub rubric_version: u32,
    pub outcome: Outcome,
    /// Names of the rules that fired, in rubric order.
    pub rules: Vec<String>,
    /// "strong: prevent, counter; none: dismantle, disrupt; no contradictory action → 0 by
    /// rule 'strong in 1 to 3'".
    pub reason: String,
}

impl Suggestion {
    /// The suggested score, when the rubric gives exactly one.
    pub fn score(&self) -> Option<Score> {
        match self.outcome {
            Outcome::Score(s) => Some(s),
            Outcome::Gap | Outcome::Overlap(_) => None,
        }
    }
}

fn quoted_names<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> String {
    let names: Vec<String> = rules.into_iter().map(|r| format!("'{}'", r.name)).collect();
    match names.as_slice() {
        [one] => format!("rule {one}"),
        [init @ .., last] => format!("rules {} and {last}", init.join(", ")),
        [] => "no rule".to_string(),
    }
}

impl Rubric {
    pub fn dimension_index(&self, key: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.key == key)
    }

    pub fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.key == key)
    }

    /// The coding in words, with this rubric's dimension keys.
    pub fn describe(&self, coding: &Coding) -> String {
        coding.display(&self.dimensions).to_string()
    }

    /// Every rule that fires on `coding`, in rubric order, with its score.
    pub fn scores_for(&self, coding: &Coding) -> Vec<(&Rule, Score)> {
        let tally = Tally::of(coding, self.dimensions.len());
        self.rules
            .iter()
            .filter(|r| Compiled::new(&r.when, &self.dimensions).holds(coding, &tally))
            .map(|r| (r, r.score))
            .collect()
    }

    /// The score the rubric gives `coding`, or why it gives none.
    pub fn suggest(&self, coding: &Coding) -> Suggestion {
        let fired = self.scores_for(coding);
        let mut scores: Vec<Score> = fired.iter().map(|(_, s)| *s).collect();
        scores.sort();
        scores.dedup();
        let described = self.describe(coding);
        let (outcome, reason) = match scores.as_slice() {
            [] => (
                Outcome::Gap,
                format!("{described} → no score: no rule covers this coding"),
            ),
            [one] => (
                Outcome::Score(*one),
                format!(
                    "{described} → {} by {}",
                    one.published(),
                    quoted_names(fired.iter().map(|(r, _)| *r))
                ),
            ),
            many => {
                let each: Vec<String> = many
                    .iter()
                    .map(|s| {
                        let by = fired.iter().filter(|(_, t)| t == s).map(|(r, _)| *r);
                        format!("{} by {}", s.published(), quoted_names(by))
                    })
                    .collect();
                (
                    Outcome::Overlap(many.to_vec()),
                    format!("{described} → no single score: {}", each.join(" but ")),
                )
            }
        };
        Suggestion {
            rubric_version: self.version,
            outcome,
            rules: fired.iter().map(|(r, _)| r.name.clone()).collect(),
            reason,
        }
    }

    /// Every gap, overlap and dead rule, by enumerating every coding. See [`check::check`].
    pub fn check(&self) -> Result<CheckReport, CheckError> {
        check::check(self)
    }
}
