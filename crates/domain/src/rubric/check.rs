//! The rubric checker: enumerate every coding a rubric can meet and report the ones it scores
//! badly.
//!
//! A rubric with `d` dimensions meets 3^d × 2 codings (none/weak/strong per dimension, with or
//! without contradictory action); up to [`MAX_CHECKED_DIMENSIONS`] that is at most 118 098, so
//! the check is exhaustive rather than sampled and every finding carries a real example.
//!
//! Findings are grouped so that a report stays short: a gap per *shape* (how many dimensions are
//! strong, weak, none, and whether anything contradicts), an overlap per set of rules that fire
//! together, and one finding per rule that never fires. Rules are unordered (every rule that
//! holds fires), so no rule can hide behind another: a rule that never fires has a condition that
//! no coding satisfies, and the report says which part of it.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::condition::{Compiled, Tally};
use super::{Coding, Condition, Rubric, RuleRef, Strength};
use crate::score::Score;

/// The checker refuses rubrics with more dimensions than this (3^10 × 2 = 118 098 codings).
pub const MAX_CHECKED_DIMENSIONS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error(
        "the rubric has {dimensions} dimensions; the checker tries every coding and stops at {max} (3^{max} × 2 codings)"
    )]
    TooManyDimensions { dimensions: usize, max: usize },
}

/// How many dimensions are strong, weak (and not strong) and without action, and whether any
/// action contradicts the commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Shape {
    pub strong: u32,
    pub weak: u32,
    pub none: u32,
    pub contradictory: bool,
}

impl Shape {
    pub fn of(coding: &Coding, dimensions: usize) -> Shape {
        let t = Tally::of(coding, dimensions);
        Shape {
            strong: t.strong,
            weak: t.weak_only,
            none: dimensions as u32 - t.at_least_weak,
            contradictory: coding.contradictory,
        }
    }
}

impl fmt::Display for Shape {
    /// "strong in 0, weak in 2, no action in 2 dimensions; no contradictory action".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "strong in {}, weak in {}, no action in {} dimensions; {}",
            self.strong,
            self.weak,
            self.none,
            if self.contradictory {
                "contradictory action"
            } else {
                "no contradictory action"
            }
        )
    }
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum RubricFinding {
    /// `count` codings of this shape fire no rule; `example` is the first of them.
    Gap {
        shape: Shape,
        example: Coding,
        count: u64,
    },
    /// `count` codings fire exactly `rules`, which give the different `scores` (lowest first).
    Overlap {
        example: Coding,
        scores: Vec<Score>,
        rules: Vec<RuleRef>,
        count: u64,
    },
    /// No coding makes `rule` fire; `reason` says which part of its condition is to blame.
    NeverFires { rule: RuleRef, reason: String },
}

fn codings(n: u64) -> String {
    if n == 1 {
        "1 coding gets".to_string()
    } else {
        format!("{n} codings get")
    }
}

impl RubricFinding {
    /// `gap`, `overlap` or `never-fires`.
    pub fn kind(&self) -> &'static str {
        match self {
            RubricFinding::Gap { .. } => "gap",
            RubricFinding::Overlap { .. } => "overlap",
            RubricFinding::NeverFires { .. } => "never-fires",
        }
    }

    pub fn example(&self) -> Option<&Coding> {
        match self {
            RubricFinding::Gap { example, .. } | RubricFinding::Overlap { example, .. } => {
                Some(example)
            }
            RubricFinding::NeverFires { .. } => None,
        }
    }

    /// One line for people, with the example in the rubric's dimension keys.
    pub fn message(&self, rubric: &Rubric) -> String {
        match self {
            RubricFinding::Gap {
                shape,
                example,
                count,
            } => format!(
                "gap: {} no score ({shape}), e.g. {}",
                codings(*count),
                rubric.describe(example)
            ),
            RubricFinding::Overlap {
                example,
                scores,
                rules,
                count,
            } => {
                let scores: Vec<&str> = scores.iter().map(|s| s.published()).collect();
                let rules: Vec<String> = rules.iter().map(RuleRef::to_string).collect();
                format!(
                    "overlap: {} both {} ({} fire together), e.g. {}",
                    codings(*count),
                    scores.join(" and "),
                    rules.join(", "),
                    rubric.describe(example)
                )
            }
            RubricFinding::NeverFires { rule, reason } => format!("never fires: {rule}: {reason}"),
        }
    }
}

/// Everything the checker found in one rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    pub dimensions: usize,
    /// How many codings were tried: 3^dimensions × 2.
    pub codings: u64,
    /// Gaps, then overlaps (each in the order their first example was met), then rules that
    /// never fire (in rubric order).
    pub findings: Vec<RubricFinding>,
}

impl CheckReport {
    /// No gaps and no overlaps: every coding gets exactly one score.
    pub fn is_complete(&self) -> bool {
        !self
            .findings
            .iter()
            .any(|f| matches!(f, RubricFinding::Gap { .. } | RubricFinding::Overlap { .. }))
    }

    pub fn gaps(&self) -> impl Iterator<Item = &RubricFinding> {
        self.findings.iter().filter(|f| f.kind() == "gap")
    }

    pub fn overlaps(&self) -> impl Iterator<Item = &RubricFinding> {
        self.findings.iter().filter(|f| f.kind() == "overlap")
    }

    pub fn never_fires(&self) -> impl Iterator<Item = &RubricFinding> {
        self.findings.iter().filter(|f| f.kind() == "never-fires")
    }

    /// "checked 162 codings of 4 dimensions: 1 gap, 4 overlaps, no rule that never fires".
    pub fn summary(&self) -> String {
        let n = |count: usize, one: &str, many: &str| match count {
            0 => format!("no {one}"),
            1 => format!("1 {one}"),
            k => format!("{k} {many}"),
        };
        format!(
            "checked {} codings of {} dimensions: {}, {}, {}",
            self.codings,
            self.dimensions,
            n(self.gaps().count(), "gap", "gaps"),
            n(self.overlaps().count(), "overlap", "overlaps"),
            n(
                self.never_fires().count(),
                "rule that never fires",
                "rules that never fire"
            ),
        )
    }
}

/// Every coding of `dimensions` dimensions: first without contradictory action, then with;
/// within each, the first dimension changes fastest (none, weak, strong).
pub fn every_coding(dimensions: usize) -> EveryCoding {
    EveryCoding {
        next: Some(Coding::none(dimensions)),
    }
}

/// See [`every_coding`].
#[derive(Debug, Clone)]
pub struct EveryCoding {
    next: Option<Coding>,
}

impl Iterator for EveryCoding {
    type Item = Coding;

    fn next(&mut self) -> Option<Coding> {
        let current = self.next.take()?;
        let mut following = current.clone();
        let mut carried = true;
        for s in &mut following.strengths {
            *s = match *s {
                Strength::None => Strength::Weak,
                Strength::Weak => Strength::Strong,
                Strength::Strong => Strength::None,
            };
            if *s != Strength::None {
                carried = false;
                break;
            }
        }
        if !carried {
            self.next = Some(following);
        } else if !following.contradictory {
            following.contradictory = true;
            self.next = Some(following);
        }
        Some(current)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum GroupKey {
    Gap(Shape),
    Overlap(Vec<usize>),
}

/// Enumerates every coding of `rubric` and reports gaps, overlaps and rules that never fire.
/// Works on any rubric, valid or not (a rule naming an unknown dimension simply never fires).
pub fn check(rubric: &Rubric) -> Result<CheckReport, CheckError> {
    let d = rubric.dimensions.len();
    if d > MAX_CHECKED_DIMENSIONS {
        return Err(CheckError::TooManyDimensions {
            dimensions: d,
            max: MAX_CHECKED_DIMENSIONS,
        });
    }
    let compiled: Vec<Compiled> = rubric
        .rules
        .iter()
        .map(|r| Compiled::new(&r.when, &rubric.dimensions))
        .collect();
    let mut fired = vec![false; rubric.rules.len()];
    let mut groups: Vec<(GroupKey, Coding, u64)> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    let mut total = 0u64;
    let mut firing = Vec::new();
    for coding in every_coding(d) {
        total += 1;
        let tally = Tally::of(&coding, d);
        firing.clear();
        firing.extend((0..compiled.len()).filter(|&i| compiled[i].holds(&coding, &tally)));
        for &i in &firing {
            fired[i] = true;
        }
        let key = match firing.split_first() {
            None => GroupKey::Gap(Shape::of(&coding, d)),
            Some((&first, rest)) => {
                let score = rubric.rules[first].score;
                if rest.iter().all(|&i| rubric.rules[i].score == score) {
                    continue;
                }
                GroupKey::Overlap(firing.clone())
            }
        };
        match index.get(&key) {
            Some(&g) => groups[g].2 += 1,
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, coding, 1));
            }
        }
    }

    let mut findings = Vec::new();
    for (key, example, count) in &groups {
        if let GroupKey::Gap(shape) = key {
            findings.push(RubricFinding::Gap {
                shape: *shape,
                example: example.clone(),
                count: *count,
            });
        }
    }
    for (key, example, count) in groups {
        if let GroupKey::Overlap(rules) = key {
            let mut scores: Vec<Score> = rules.iter().map(|&i| rubric.rules[i].score).collect();
            scores.sort();
            scores.dedup();
            findings.push(RubricFinding::Overlap {
                example,
                scores,
                rules: rules.iter().map(|&i| RuleRef::new(rubric, i)).collect(),
                count,
            });
        }
    }
    for (i, _) in fired.iter().enumerate().filter(|(_, f)| !**f) {
        findings.push(RubricFinding::NeverFires {
            rule: RuleRef::new(rubric, i),
            reason: never_fires_reason(rubric, i),
        });
    }
    Ok(CheckReport {
        dimensions: d,
        codings: total,
        findings,
    })
}

/// Which part of a dead rule's condition is to blame: an unknown dimension, a count that cannot
/// be met, one part no coding satisfies, or two parts no coding satisfies together.
fn never_fires_reason(rubric: &Rubric, rule: usize) -> String {
    let d = rubric.dimensions.len();
    let when = &rubric.rules[rule].when;
    if let Some(key) = when
        .named_dimensions()
        .into_iter()
        .find(|k| rubric.dimension_index(k).is_none())
    {
        return format!("it names `{key}`, which is not a dimension of this rubric");
    }
    let parts = when.conjuncts();
    for p in parts {
        if let Condition::Strong(r) | Condition::AtLeastWeak(r) | Condition::WeakOnly(r) = p {
            if r.max.is_some_and(|max| r.min > max) {
                return format!("'{p}' cannot hold: its min is above its max");
            }
            if r.min as usize > d {
                return format!("'{p}' cannot hold: the rubric has only {d} dimensions");
            }
        }
    }
    // Which parts, and which pairs of parts, ever hold together.
    let compiled: Vec<Compiled> = parts
        .iter()
        .map(|p| Compiled::new(p, &rubric.dimensions))
        .collect();
    let n = compiled.len();
    let mut alone = vec![false; n];
    let mut together = vec![false; n * n];
    let mut holding = Vec::with_capacity(n);
    for coding in every_coding(d) {
        let tally = Tally::of(&coding, d);
        holding.clear();
        holding.extend((0..n).filter(|&i| compiled[i].holds(&coding, &tally)));
        for (a, &i) in holding.iter().enumerate() {
            alone[i] = true;
            for &j in &holding[a + 1..] {
                together[i * n + j] = true;
            }
        }
    }
    if let Some(i) = alone.iter().position(|h| !h) {
        return format!("no coding satisfies '{}'", parts[i]);
    }
    for i in 0..n {
        for j in i + 1..n {
            if !together[i * n + j] {
                return format!("no coding satisfies both '{}' and '{}'", parts[i], parts[j]);
            }
        }
    }
    "no coding satisfies all of its conditions together".to_string()
}
