//! What makes a rubric well formed, before anyone asks whether it is complete (that is the
//! checker's job): dimensions with unique keys, named unique rules, conditions that name only
//! the rubric's own dimensions and counts that fit inside it.

use std::fmt;

use super::{Condition, CountRange, Rubric};

/// A rule by position (shown from 1, as in the file) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RuleRef {
    /// 0-based position in [`Rubric::rules`].
    pub index: usize,
    pub name: String,
}

impl RuleRef {
    pub fn new(rubric: &Rubric, index: usize) -> RuleRef {
        RuleRef {
            index,
            name: rubric
                .rules
                .get(index)
                .map_or_else(String::new, |r| r.name.clone()),
        }
    }
}

impl fmt::Display for RuleRef {
    /// `rule 2 'strong in 1 to 3'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule {} '{}'", self.index + 1, self.name)
    }
}

/// One thing wrong with a rubric. Positions in messages count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RubricProblem {
    #[error("the rubric has no dimensions: add at least one [[dimension]]")]
    NoDimensions,
    #[error("the rubric has no rules: add at least one [[rule]]")]
    NoRules,
    #[error("dimension {} has an empty key", .index + 1)]
    EmptyDimensionKey { index: usize },
    #[error("dimension key `{key}` is used twice (dimensions {} and {})", .first + 1, .second + 1)]
    DuplicateDimension {
        key: String,
        first: usize,
        second: usize,
    },
    #[error("rule {} has an empty name", .index + 1)]
    EmptyRuleName { index: usize },
    #[error("rule name '{name}' is used twice (rules {} and {})", .first + 1, .second + 1)]
    DuplicateRuleName {
        name: String,
        first: usize,
        second: usize,
    },
    #[error("{rule}: `{key}` is not a dimension of this rubric (its dimensions are: {})", known.join(", "))]
    UnknownDimension {
        rule: RuleRef,
        key: String,
        known: Vec<String>,
    },
    #[error("{rule}: {what}")]
    EmptyCondition { rule: RuleRef, what: &'static str },
    #[error("{rule}: `{count}` has min {min} above max {max}, so it can never hold")]
    MinAboveMax {
        rule: RuleRef,
        count: &'static str,
        min: u32,
        max: u32,
    },
    #[error(
        "{rule}: `{count}` asks for {value} dimensions but the rubric has {dimensions} (leave `max` out for no upper limit)"
    )]
    BeyondDimensions {
        rule: RuleRef,
        count: &'static str,
        value: u32,
        dimensions: usize,
    },
}

/// Every problem found in a rubric, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRubric {
    pub problems: Vec<RubricProblem>,
}

impl fmt::Display for InvalidRubric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the rubric is not valid:")?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRubric {}

impl Rubric {
    /// Checks the rubric's form; every problem is reported, not just the first.
    pub fn validate(&self) -> Result<(), InvalidRubric> {
        let mut problems = Vec::new();
        if self.dimensions.is_empty() {
            problems.push(RubricProblem::NoDimensions);
        }
        if self.rules.is_empty() {
            problems.push(RubricProblem::NoRules);
        }
        for (i, d) in self.dimensions.iter().enumerate() {
            if d.key.trim().is_empty() {
                problems.push(RubricProblem::EmptyDimensionKey { index: i });
            } else if let Some(first) = self.dimensions[..i].iter().position(|e| e.key == d.key) {
                problems.push(RubricProblem::DuplicateDimension {
                    key: d.key.clone(),
                    first,
                    second: i,
                });
            }
        }
        for (i, r) in self.rules.iter().enumerate() {
            if r.name.trim().is_empty() {
                problems.push(RubricProblem::EmptyRuleName { index: i });
            } else if let Some(first) = self.rules[..i].iter().position(|e| e.name == r.name) {
                problems.push(RubricProblem::DuplicateRuleName {
                    name: r.name.clone(),
                    first,
                    second: i,
                });
            }
            self.validate_condition(&r.when, &RuleRef::new(self, i), true, &mut problems);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(InvalidRubric { problems })
        }
    }

    fn validate_condition(
        &self,
        c: &Condition,
        rule: &RuleRef,
        top: bool,
        problems: &mut Vec<RubricProblem>,
    ) {
        let d = self.dimensions.len();
        let mut range = |count: &'static str, r: &CountRange| {
            if let Some(max) = r.max
                && r.min > max
            {
                problems.push(RubricProblem::MinAboveMax {
                    rule: rule.clone(),
                    count,
                    min: r.min,
                    max,
                });
            }
            for value in [Some(r.min), r.max].into_iter().flatten() {
                if value as usize > d {
                    problems.push(RubricProblem::BeyondDimensions {
                        rule: rule.clone(),
                        count,
                        value,
                        dimensions: d,
                    });
                    break;
                }
            }
        };
        match c {
            Condition::Strong(r) => range("strong", r),
            Condition::AtLeastWeak(r) => range("at_least_weak", r),
            Condition::WeakOnly(r) => range("weak_only", r),
            Condition::StrongIn(keys) | Condition::AtLeastWeakIn(keys) => {
                if keys.is_empty() {
                    problems.push(RubricProblem::EmptyCondition {
                        rule: rule.clone(),
                        what: "a list of dimensions is empty: name at least one",
                    });
                }
                for k in keys {
                    if self.dimension_index(k).is_none() {
                        problems.push(RubricProblem::UnknownDimension {
                            rule: rule.clone(),
                            key: k.clone(),
                            known: self.dimensions.iter().map(|d| d.key.clone()).collect(),
                        });
                    }
                }
            }
            Condition::Contradictory(_) => {}
            Condition::All(parts) | Condition::Any(parts) => {
                if parts.is_empty() {
                    problems.push(RubricProblem::EmptyCondition {
                        rule: rule.clone(),
                        what: if top {
                            "the rule has no condition: add one such as `strong = { min = 1 }`"
                        } else {
                            "an `all` or `any` list is empty, or holds an empty table"
                        },
                    });
                }
                for p in parts {
                    self.validate_condition(p, rule, false, problems);
                }
            }
        }
    }
}
